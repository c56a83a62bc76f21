/*
 * decompress.c - compressed inputs as streams of text (see decompress.h).
 *
 * The stream is a glibc cookie stream (fopencookie), so every reader of
 * inputs - the analysis loop, the tool-output sniff, its spool - reads text
 * through fread without knowing.  Each format keeps one decoder and a
 * TX_Z_INBUF buffer of compressed bytes; read() asks the decoder for as many
 * text bytes as the caller's buffer takes, refilling from raw when the
 * decoder has consumed everything.  The decoders are the Debian system
 * libraries: zlib (gzip), libzstd, liblzma (xz), libbz2.
 */
#include "decompress.h"

#include <bzlib.h>
#include <errno.h>
#include <stdarg.h>
#include <lzma.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "../parser/limits.h"

enum { Z_PLAIN, Z_GZIP, Z_ZSTD, Z_XZ, Z_BZIP2 };

/* Longest magic we look at: bzip2's "BZh" + level + the block or end magic. */
#define MAGIC_LEN 10

typedef struct zcookie {
    FILE *raw;
    int own;
    int kind;
    off_t start;     /* raw's offset at open (rewind goes back there), -1 if not seekable */
    txc_zinfo *info;
    int failed;      /* a decode error: every later read fails too */
    int ended;       /* the last member ended exactly at the end of raw */
    int raw_eof;     /* raw has no more bytes */
    /* compressed bytes: in[pos .. len) not yet given to the decoder */
    unsigned char *in;
    size_t pos, len;
    z_stream gz;
    ZSTD_DCtx *zd;
    size_t zret;     /* libzstd's last hint: 0 when a frame was complete */
    lzma_stream xz;
    bz_stream bz;
    int dec_ready;   /* the decoder is initialised */
} zcookie;

static const char *const names[] = {NULL, "gzip", "zstd", "xz", "bzip2"};

static int kind_of(const unsigned char *m, size_t n)
{
    if (n >= 2 && m[0] == 0x1f && m[1] == 0x8b)
        return Z_GZIP;
    if (n >= 4 && m[0] == 0x28 && m[1] == 0xb5 && m[2] == 0x2f && m[3] == 0xfd)
        return Z_ZSTD;
    if (n >= 6 && !memcmp(m, "\xfd" "7zXZ\0", 6))
        return Z_XZ;
    /* "BZh1".."BZh9" then a block ("1AY&SY") or the end of the stream: a text
     * line starting "BZh9" is still text */
    if (n >= 10 && m[0] == 'B' && m[1] == 'Z' && m[2] == 'h' && m[3] >= '1' && m[3] <= '9' &&
        (!memcmp(m + 4, "\x31\x41\x59\x26\x53\x59", 6) || !memcmp(m + 4, "\x17\x72\x45\x38\x50\x90", 6)))
        return Z_BZIP2;
    return Z_PLAIN;
}

__attribute__((format(printf, 2, 3))) static ssize_t fail(zcookie *z, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(z->info->err, sizeof z->info->err, fmt, ap);
    va_end(ap);
    z->failed = 1;
    errno = EIO;
    return -1;
}

static void dec_end(zcookie *z)
{
    if (!z->dec_ready)
        return;
    switch (z->kind) {
    case Z_GZIP: inflateEnd(&z->gz); break;
    case Z_ZSTD: ZSTD_freeDCtx(z->zd); z->zd = NULL; break;
    case Z_XZ: lzma_end(&z->xz); break;
    case Z_BZIP2: BZ2_bzDecompressEnd(&z->bz); break;
    default: break;
    }
    z->dec_ready = 0;
}

/* (Re)start the decoder for a new member.  0, or -1 with info->err set. */
static int dec_start(zcookie *z)
{
    dec_end(z);
    int ok = 1;
    switch (z->kind) {
    case Z_GZIP:
        memset(&z->gz, 0, sizeof z->gz);
        ok = inflateInit2(&z->gz, 15 + 16) == Z_OK; /* gzip wrapper only */
        break;
    case Z_ZSTD:
        z->zd = ZSTD_createDCtx();
        ok = z->zd && !ZSTD_isError(ZSTD_DCtx_setParameter(z->zd, ZSTD_d_windowLogMax, TX_ZSTD_WINDOW_LOG_MAX));
        if (!ok)
            ZSTD_freeDCtx(z->zd);
        z->zret = 1;
        break;
    case Z_XZ: {
        lzma_stream init = LZMA_STREAM_INIT;
        z->xz = init;
        ok = lzma_stream_decoder(&z->xz, TX_XZ_MEMLIMIT, LZMA_CONCATENATED) == LZMA_OK;
        break;
    }
    case Z_BZIP2:
        memset(&z->bz, 0, sizeof z->bz);
        ok = BZ2_bzDecompressInit(&z->bz, 0, 0) == BZ_OK;
        break;
    default: break;
    }
    if (!ok) {
        snprintf(z->info->err, sizeof z->info->err, "cannot start the %s decoder (out of memory)", names[z->kind]);
        return -1;
    }
    z->dec_ready = 1;
    return 0;
}

/* More compressed bytes from raw, when the decoder took all it had. */
static int refill(zcookie *z)
{
    if (z->pos < z->len || z->raw_eof)
        return 0;
    z->pos = 0;
    z->len = fread(z->in, 1, TX_Z_INBUF, z->raw);
    if (z->len == 0) {
        if (ferror(z->raw))
            return -1;
        z->raw_eof = 1;
    }
    return 0;
}

/* The current member ended: another one follows when raw has more bytes. */
static int member_end(zcookie *z)
{
    if (refill(z) != 0)
        return -1;
    if (z->pos == z->len) {
        z->ended = 1;
        return 0;
    }
    return dec_start(z);
}

static ssize_t z_read(void *cookie, char *buf, size_t size)
{
    zcookie *z = cookie;
    if (z->failed) {
        errno = EIO;
        return -1;
    }
    size_t got = 0;
    while (got == 0 && size > 0) {
        if (z->ended)
            return 0;
        if (refill(z) != 0)
            return fail(z, "cannot read the %s data: %s", names[z->kind], strerror(errno ? errno : EIO));
        if (z->kind == Z_PLAIN) {
            size_t n = z->len - z->pos < size ? z->len - z->pos : size;
            memcpy(buf, z->in + z->pos, n);
            z->pos += n;
            if (n == 0 && z->raw_eof)
                return 0;
            got = n;
            continue;
        }
        /* at the end of raw the decoder is still called: it may hold output */
        int eof = z->raw_eof && z->pos == z->len;
        int member_done = 0;
        switch (z->kind) {
        case Z_GZIP: {
            z->gz.next_in = z->in + z->pos;
            z->gz.avail_in = (uInt)(z->len - z->pos);
            z->gz.next_out = (Bytef *)buf;
            z->gz.avail_out = (uInt)(size > (1u << 30) ? (1u << 30) : size);
            uInt room = z->gz.avail_out;
            int r = inflate(&z->gz, Z_NO_FLUSH);
            z->pos = z->len - z->gz.avail_in;
            got = room - z->gz.avail_out;
            if (r == Z_STREAM_END)
                member_done = 1;
            else if (r == Z_BUF_ERROR && eof && !got)
                return fail(z, "the gzip data ends early (a truncated file?)");
            else if (r != Z_OK && r != Z_BUF_ERROR)
                return fail(z, "corrupt gzip data%s%s", z->gz.msg ? ": " : "", z->gz.msg ? z->gz.msg : "");
            break;
        }
        case Z_ZSTD: {
            size_t prev = z->zret; /* at the end, a call that does nothing asks for a new frame */
            ZSTD_inBuffer in = {z->in, z->len, z->pos};
            ZSTD_outBuffer out = {buf, size, 0};
            size_t r = ZSTD_decompressStream(z->zd, &out, &in);
            z->pos = in.pos;
            got = out.pos;
            if (ZSTD_isError(r)) {
                if (ZSTD_getErrorCode(r) == ZSTD_error_frameParameter_windowTooLarge)
                    return fail(z, "the zstd data needs a window over %u MiB (zstd --long or --ultra): decompress "
                                   "it first", (1u << TX_ZSTD_WINDOW_LOG_MAX) >> 20);
                return fail(z, "corrupt zstd data: %s", ZSTD_getErrorName(r));
            }
            z->zret = r; /* 0: every frame so far is complete; frames follow in one context */
            if (eof && !got) {
                if (prev != 0)
                    return fail(z, "the zstd data ends early (a truncated file?)");
                z->ended = 1;
                return 0;
            }
            break;
        }
        case Z_XZ: {
            z->xz.next_in = z->in + z->pos;
            z->xz.avail_in = z->len - z->pos;
            z->xz.next_out = (uint8_t *)buf;
            z->xz.avail_out = size;
            lzma_ret r = lzma_code(&z->xz, eof ? LZMA_FINISH : LZMA_RUN);
            z->pos = z->len - z->xz.avail_in;
            got = size - z->xz.avail_out;
            if (r == LZMA_STREAM_END) {
                z->ended = 1; /* LZMA_CONCATENATED: the end of the last stream */
                return (ssize_t)got;
            }
            if (r == LZMA_BUF_ERROR && eof && !got)
                return fail(z, "the xz data ends early (a truncated file?)");
            if (r == LZMA_MEMLIMIT_ERROR)
                return fail(z, "the xz data needs over %u MiB to decompress: decompress it first",
                            (unsigned)(TX_XZ_MEMLIMIT >> 20));
            if (r != LZMA_OK && r != LZMA_BUF_ERROR)
                return fail(z, "corrupt xz data (liblzma error %d)", (int)r);
            break;
        }
        case Z_BZIP2: {
            z->bz.next_in = (char *)(z->in + z->pos);
            z->bz.avail_in = (unsigned)(z->len - z->pos);
            z->bz.next_out = buf;
            z->bz.avail_out = (unsigned)(size > (1u << 30) ? (1u << 30) : size);
            unsigned room = z->bz.avail_out;
            int r = BZ2_bzDecompress(&z->bz);
            z->pos = z->len - z->bz.avail_in;
            got = room - z->bz.avail_out;
            if (r == BZ_STREAM_END)
                member_done = 1;
            else if (r != BZ_OK)
                return fail(z, "corrupt bzip2 data (libbz2 error %d)", r);
            else if (eof && !got)
                return fail(z, "the bzip2 data ends early (a truncated file?)");
            break;
        }
        default: break;
        }
        if (member_done) {
            if (member_end(z) != 0)
                return fail(z, "cannot start the next %s member", names[z->kind]);
            if (got)
                return (ssize_t)got;
        }
    }
    return (ssize_t)got;
}

/* Only rewind (SEEK_SET 0, and the position queries that come with it) is
 * supported: back to where raw was at open, with a fresh decoder. */
static int z_seek(void *cookie, off64_t *off, int whence)
{
    zcookie *z = cookie;
    if (whence != SEEK_SET || *off != 0 || z->start < 0 || fseeko(z->raw, z->start, SEEK_SET) != 0) {
        errno = ESPIPE;
        return -1;
    }
    z->pos = z->len = 0;
    z->raw_eof = z->ended = z->failed = 0;
    z->info->err[0] = '\0';
    clearerr(z->raw);
    if (z->kind != Z_PLAIN && dec_start(z) != 0)
        return -1;
    return 0;
}

static int z_close(void *cookie)
{
    zcookie *z = cookie;
    dec_end(z);
    int r = 0;
    if (z->own)
        r = fclose(z->raw);
    free(z->in);
    free(z);
    return r;
}

FILE *txc_zopen(FILE *raw, int own, txc_zinfo *info)
{
    info->format = NULL;
    info->err[0] = '\0';
    off_t start = ftello(raw);
    unsigned char magic[MAGIC_LEN];
    /* a file read from where it is: its first bytes peeked with pread, so a
     * plain one is read on without a seek back (and its first bytes read
     * twice); many small inputs pay two system calls fewer each */
    ssize_t pk = start >= 0 && fileno(raw) >= 0 ? pread(fileno(raw), magic, sizeof magic, start) : -1;
    if (pk >= 0 && kind_of(magic, (size_t)pk) == Z_PLAIN)
        return raw;
    size_t n = fread(magic, 1, sizeof magic, raw);
    int kind = kind_of(magic, n);
    /* plain and seekable: read it directly, from where it was */
    if (kind == Z_PLAIN && start >= 0 && fseeko(raw, start, SEEK_SET) == 0)
        return raw;
    clearerr(raw); /* a read error comes back at the next read */
    zcookie *z = calloc(1, sizeof *z);
    unsigned char *in = malloc(TX_Z_INBUF);
    if (!z || !in) {
        free(z);
        free(in);
        snprintf(info->err, sizeof info->err, "out of memory");
        if (own)
            fclose(raw);
        return NULL;
    }
    z->raw = raw;
    z->own = own;
    z->kind = kind;
    z->info = info;
    z->in = in;
    z->start = start;
    /* the sniffed bytes are the first of the input */
    memcpy(z->in, magic, n);
    z->len = n;
    if (n == 0 && feof(raw))
        z->raw_eof = 1;
    info->format = names[kind];
    cookie_io_functions_t io = {z_read, NULL, z_seek, z_close};
    FILE *f = NULL;
    if (kind == Z_PLAIN || dec_start(z) == 0)
        f = fopencookie(z, "rb", io);
    if (!f) {
        if (!info->err[0])
            snprintf(info->err, sizeof info->err, "out of memory");
        dec_end(z);
        if (own)
            fclose(raw);
        free(z->in);
        free(z);
        return NULL;
    }
    return f;
}

void txc_z_versions(char *buf, size_t n)
{
    /* libbz2 says "1.0.8, 13-Jul-2019": the version only */
    const char *bz = BZ2_bzlibVersion();
    int bzlen = (int)strcspn(bz, ",");
    snprintf(buf, n, "zlib %s, zstd %s, liblzma %s, libbz2 %.*s", zlibVersion(), ZSTD_versionString(),
             lzma_version_string(), bzlen, bz);
}
