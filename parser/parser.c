/*
 * parser.c - the streaming reader and the per-line dispatcher.
 *
 * Reading.  feed() takes any chunk of bytes.  Complete lines inside the
 * chunk are handled in place; only a line that spans two chunks is copied,
 * into one buffer capped at TX_MAX_LINE.  The part of a line beyond the
 * cap is skipped and the line is counted as cut.  "\r\n" and "\r" before
 * "\n" are line ends; NUL and other control bytes are ordinary bytes (the
 * line is counted as binary).
 *
 * Prefixes.  Logs often wrap the JSSE output in a framework prefix
 * (WebSphere "[3/3/10 11:30:11:828 JST] 00000021 SystemOut     O ",
 * Gradle " [ERROR] [system.err] ", JBoss "14:29:27,678 ERROR [stderr]
 * (default I/O-2) ").  When an SSLLogger header ("javax.net.ssl|", or a
 * JSSE fork's name: txi_ssllogger_prefix) appears after column 0, the bytes before it are learned as the prefix; later
 * lines starting with the same prefix (digits may differ) lose it, so the
 * multi-line bodies that follow are read as if unwrapped.  The WebSphere
 * prefix is recognized directly.
 *
 * Frames.  Before that, container and device prefixes (docker-compose,
 * kubectl --prefix, Android logcat, syslog/journald) are removed and the
 * level they state is kept (frame.c), and a line that is a JSON log record
 * is decoded: each string value's lines are dispatched in turn, under the
 * record's line number (evidence cites the record as it stands in the log).
 *
 * Dispatch.  A dialect holding an open block sees the line first; then
 * the dialects in dialects.def order until one consumes it.
 */
#include "parser_impl.h"
#include "verify_text.h"

#include "frame.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

_Static_assert(TXI_DIALECT__COUNT <= sizeof ((txi_stats *)0)->dialect_lines / sizeof(uint64_t),
               "txi_stats.dialect_lines needs a slot per dialect of dialects.def");

_Static_assert(TXI_DIALECT__COUNT <= 8 * sizeof(unsigned), "txi_parser.dused needs a bit per dialect");

/* each dialect's state starts on a cache line of the states' block */
#define DSTATE_ALIGN 64

const txi_dialect *const txi_dialects[TXI_DIALECT__COUNT] = {
#define DIALECT(id, var) &var,
#include "dialects.def"
#undef DIALECT
};

txi_parser *txi_parser_new(const char *name, const txi_sink *sink)
{
    txi_parser *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->name = strdup(name ? name : "-");
    p->linebuf = malloc(TX_MAX_LINE);
    if (!p->name || !p->linebuf) {
        free(p->name);
        free(p->linebuf);
        free(p);
        return NULL;
    }
    if (sink)
        p->sink = *sink;
    p->open_block = -1;
    p->log_time = TXI_NO_TIME;
    p->next_conn_id = 1;
    p->fast = getenv("TLSEXPLAIN_NO_FASTPATH") == NULL;
    txi_arena_init(&p->scratch, TX_MAX_SCRATCH_BYTES);
    txi_arena_init(&p->global_arena, TX_MAX_GLOBAL_BYTES);
    /* The dialects' states (35 KB) in one block, each zeroed when first
     * asked for (txi_parser_state): a small input uses a few of them. */
    size_t at[TXI_DIALECT__COUNT], total = 0;
    for (int i = 0; i < TXI_DIALECT__COUNT; i++) {
        at[i] = total;
        total += (txi_dialects[i]->state_size + DSTATE_ALIGN - 1) / DSTATE_ALIGN * DSTATE_ALIGN;
    }
    p->dblock = malloc(total ? total : 1);
    if (!p->dblock) {
        txi_parser_free(p);
        return NULL;
    }
    for (int i = 0; i < TXI_DIALECT__COUNT; i++)
        p->dstate[i] = (char *)p->dblock + at[i];
    return p;
}

void txi_parser_free(txi_parser *p)
{
    if (!p)
        return;
    txi_conn_cleanup(p);
    for (int i = 0; i < TXI_DIALECT__COUNT; i++)
        if ((p->dused & (1u << i)) && txi_dialects[i]->fini)
            txi_dialects[i]->fini(p);
    free(p->dblock);
    txi_arena_free(&p->scratch);
    txi_arena_free(&p->global_arena);
    free(p->linebuf);
    free(p->jsonbuf);
    free(p->pastebuf);
    free(p->bodybuf);
    free(p->joinbuf);
    free(p->name);
    free(p);
}

const txi_stats *txi_parser_stats(const txi_parser *p) { return &p->stats; }
const txi_event *txi_parser_globals(const txi_parser *p) { return p->gfirst; }
unsigned txi_parser_epoch(const txi_parser *p) { return p->epoch; }
int64_t txi_parser_log_time(const txi_parser *p) { return p->log_time; }
unsigned txi_parser_joined(const txi_parser *p) { return p->joined_now; }
const char *txi_parser_name(const txi_parser *p) { return p->name; }
/* (apart: the call on every line stays a test and a load) */
__attribute__((noinline)) static void *first_use(txi_parser *p, int d)
{
    const txi_dialect *dl = txi_dialects[d];
    memset(p->dstate[d], 0, dl->state_zero ? dl->state_zero : dl->state_size);
    p->dused |= 1u << d;
    return p->dstate[d];
}

void *txi_parser_state(txi_parser *p, int d)
{
    if ((p->dused >> d) & 1u)
        return p->dstate[d];
    return first_use(p, d);
}
void txi_parser_count_hexdump(txi_parser *p) { p->stats.hexdump_lines++; }
void txi_parser_count_plaintext(txi_parser *p) { p->stats.plaintext_dumps++; }
int txi_parser_fast(txi_parser *p)
{
    if (p->fast)
        p->stats.fast_records++; /* (asked only where a fast path is about to be taken) */
    return p->fast;
}

void txi_parser_saw_time(txi_parser *p, int64_t t)
{
    if (t != TXI_NO_TIME && (p->log_time == TXI_NO_TIME || t > p->log_time))
        p->log_time = t;
}

void txi_parser_open_block(txi_parser *p, int d)
{
    p->open_block = d;
    p->open_optional = 0;
}
void txi_parser_open_block_optional(txi_parser *p, int d)
{
    p->open_block = d;
    p->open_optional = 1;
}
void txi_parser_close_block(txi_parser *p) { p->open_block = -1; }
void txi_parser_input_cut(txi_parser *p) { p->stats.truncated_block = 1; }

void txi_parser_dialects_seen(const txi_parser *p, char *buf, size_t n)
{
    size_t off = 0;
    buf[0] = '\0';
    for (int i = 0; i < TXI_DIALECT__COUNT && off < n; i++) {
        if (!p->stats.dialect_lines[i])
            continue;
        int k = snprintf(buf + off, n - off, "%s%s", off ? ", " : "", txi_dialects[i]->name);
        if (k < 0)
            break;
        off += (size_t)k;
    }
}

/* ---- prefixes -------------------------------------------------------- */

/* Same shape: equal bytes, except that a digit matches any digit. */
static int prefix_matches(const char *pre, size_t pn, const char *s, size_t n)
{
    if (n < pn)
        return 0;
    for (size_t i = 0; i < pn; i++) {
        unsigned char c = (unsigned char)pre[i], d = (unsigned char)s[i];
        if (isdigit(c) ? !isdigit(d) : c != d)
            return 0;
    }
    return 1;
}

/* "[3/3/10 11:30:11:828 JST] 00000021 SystemOut     O   text" -> "text" */
static size_t websphere_prefix(const char *s, size_t n)
{
    if (n < 30 || s[0] != '[' || !isdigit((unsigned char)s[1]))
        return 0;
    const char *rb = memchr(s, ']', n < 48 ? n : 48);
    if (!rb || (size_t)(rb - s) + 12 > n || rb[1] != ' ')
        return 0;
    const char *q = rb + 2, *end = s + n;
    int hex = 0;
    while (q < end && isxdigit((unsigned char)*q)) {
        q++;
        hex++;
    }
    if (hex != 8 || q >= end || *q != ' ')
        return 0;
    q++;
    while (q < end && (isalnum((unsigned char)*q) || *q == '_' || *q == '.' || *q == '$'))
        q++;
    while (q < end && *q == ' ')
        q++;
    if (q + 1 >= end || !isupper((unsigned char)*q) || q[1] != ' ')
        return q + 1 == end && isupper((unsigned char)*q) ? (size_t)(end - s) : 0;
    q += 2;
    while (q < end && *q == ' ')
        q++;
    return (size_t)(q - s);
}

/* A legacy SunJSSE line that JSSE prints at column 0: "*** ClientHello, TLSv1.2",
 * "%% Invalidated:  [Session-1, ...]".  Where one stands
 * after column 0, what is before it is a frame every line of the log has (a
 * logging framework that captured System.out).  Returns where it starts, or NULL. */
static const char *legacy_anchor(const char *s, size_t n)
{
    static const char *const star[] = {"ClientHello", "ServerHello", "Certificate", "ECDH", "Diffie",
                                       "ServerKeyExchange", "ClientKeyExchange", "Finished", "HelloRequest",
                                       "CertificateStatus", "NewSessionTicket", "RSA", NULL};
    static const char *const pct[] = {"Invalidated", "No cached", "Initialized", "Cached", "Negotiating",
                                      "Try resuming", "Server resumed", "Client cached", "Didn't cache", NULL};
    const char *end = s + n;
    for (const char *q = s + 1; q + 4 < end; q++) {
        const char *const *list = NULL;
        size_t k = 0;
        if (q[0] == '*' && q[1] == '*' && q[2] == '*' && q[3] == ' ' && q[-1] == ' ')
            list = star, k = 4;
        else if (q[0] == '%' && q[1] == '%' && q[2] == ' ' && q[-1] == ' ')
            list = pct, k = 3;
        if (!list)
            continue;
        for (int i = 0; list[i]; i++) {
            size_t m = strlen(list[i]);
            if ((size_t)(end - q) < k + m || memcmp(q + k, list[i], m) != 0)
                continue;
            /* "*** Finished" ends its line (an application's "*** Finished processing ***" is no anchor) */
            const char *r = q + k + m;
            while (list == star && !strcmp(list[i], "Finished") && r < end && (*r == ' ' || *r == '\r'))
                r++;
            if (list == star && !strcmp(list[i], "Finished") && r < end && *r != '\n')
                continue;
            return q;
        }
    }
    return NULL;
}

static void strip_prefix(txi_parser *p, txi_linectx *l)
{
    if (txi_ssllogger_prefix(l->p, l->n))
        return;
    size_t k = websphere_prefix(l->p, l->n);
    if (k) {
        l->p += k;
        l->n -= k;
        return;
    }
    if (p->prefixlen) {
        if (prefix_matches(p->prefix, p->prefixlen, l->p, l->n)) {
            l->p += p->prefixlen;
            l->n -= p->prefixlen;
            return;
        }
    }
    /* An SSLLogger header after column 0: learn what stands before it.  (Most
     * lines have no '|' at all: one memchr rules them out.  The header's
     * logger name ends at the line's first '|'.) */
    size_t scan = l->n < 512 ? l->n : 512;
    const char *bar = memchr(l->p, '|', scan);
    size_t hl;
    const char *h = bar ? txi_ssllogger_name_before(l->p, bar, &hl) : NULL;
    if (h && h > l->p) {
        size_t pn = (size_t)(h - l->p);
        if (pn <= sizeof p->prefix) {
            memcpy(p->prefix, l->p, pn);
            p->prefixlen = pn;
        }
        l->n -= pn;
        l->p = h;
        return;
    }
    /* A legacy anchor after column 0 (looked for only until a prefix is known, on
     * a line that does not start blank or as JSON does - a record's body -, and
     * where a '*' or '%' occurs in the first 256 bytes) */
    if (!p->prefixlen && l->n > 4 && l->p[0] != ' ' && l->p[0] != '\t' && l->p[0] != '"' && l->p[0] != '{') {
        size_t lim = l->n < 256 ? l->n : 256;
        if (memchr(l->p + 1, '*', lim - 1) || memchr(l->p + 1, '%', lim - 1)) {
            const char *a = legacy_anchor(l->p, lim);
            if (a && (size_t)(a - l->p) <= sizeof p->prefix) {
                size_t pn = (size_t)(a - l->p);
                memcpy(p->prefix, l->p, pn);
                p->prefixlen = pn;
                l->n -= pn;
                l->p = a;
                return;
            }
        }
    }
    /* The learned prefix, found later in the line (a timestamp before it). */
    if (p->prefixlen >= 8) {
        const char *q = txi_memmem(l->p, scan, p->prefix, p->prefixlen);
        if (q) {
            size_t skip = (size_t)(q - l->p) + p->prefixlen;
            l->p += skip;
            l->n -= skip;
        }
    }
}

/* ---- dispatch -------------------------------------------------------- */

/* Hand one line (its frames and prefix removed) to the dialects. */
static void dispatch(txi_parser *p, txi_linectx *l)
{
    if (p->open_block >= 0) {
        int d = p->open_block;
        int r = txi_dialects[d]->cont(p, l);
        if (r != TXI_DL_NOTMINE) {
            if (r == TXI_DL_DONE)
                p->open_block = -1;
            p->stats.dialect_lines[d]++;
            if (d == TXI_DIALECT_APP)
                txi_verify_text_read(p, l);
            return;
        }
        p->open_block = -1;
    }
    /* (handle_line() has looked for a row in the whole line: again only in a
     * part of it, or in a JSON-decoded line) */
    if (txi_line_is_hexdump(l) ||
        ((l->p != l->raw || l->n != l->rawn) && txi_has_hexdump_row(l->p, l->n))) { /* JSON-decoded lines too */
        p->stats.hexdump_lines++;
        return; /* hex dumps may hold decrypted data: never offered to rules */
    }
    int i = 0;
    for (; i < TXI_DIALECT__COUNT; i++) {
        if (txi_dialects[i]->line(p, l)) {
            p->stats.dialect_lines[i]++;
            break;
        }
    }
    /* OpenSSL's verify results in other programs' messages (the tool dialects
       file their own lines' results) */
    if (i == TXI_DIALECT_APP || i == TXI_DIALECT__COUNT)
        txi_verify_text_read(p, l);
}

static size_t cr_len(const char *s, size_t n)
{
    while (n && s[n - 1] == '\r')
        n--;
    return n;
}

/* Hex dumps (about half the bytes of a debug=all log): a row at the start,
 * or behind a prefix the parser does not strip (docker-compose "app_1  | ",
 * kubectl, syslog, journald, logback, log4j, JUL, logcat) - the row's shape
 * decides, wherever it starts. */
static int hex_row(const char *s, size_t n)
{
    return (n && txi_hexdump_first(s[0]) && txi_is_hexdump(s, n)) || txi_has_hexdump_row(s, n);
}

int txi_hex_row(const char *s, size_t n) { return hex_row(s, cr_len(s, n)); }

/* A decoded line of a JSON record, kept for the line patterns (a record's
 * lines are matched one by one, as if printed); what does not fit in
 * TX_MAX_LINE is left to the raw record. */
static void body_add(txi_parser *p, const char *s, size_t n)
{
    if (!p->bodybuf && !(p->bodybuf = malloc(TX_MAX_LINE)))
        return;
    size_t sep = p->bodyn ? 1 : 0;
    if (p->bodyn + sep + n > TX_MAX_LINE)
        return;
    if (sep)
        p->bodybuf[p->bodyn++] = '\n';
    memcpy(p->bodybuf + p->bodyn, s, n);
    p->bodyn += n;
}

/* The buffer a line's text is rewritten into (marks of a web page undone,
 * widened blanks narrowed), allocated at the first such line. */
static char *paste_buf(txi_parser *p)
{
    if (!p->pastebuf)
        p->pastebuf = malloc(TX_MAX_LINE);
    return p->pastebuf;
}

/* A line of u bytes was written into it: the TX_LINE_PAD bytes behind it are
 * kept initialised (the literal scanner loads whole vectors past a line's
 * end, inside the buffer; what it finds there is not used, but valgrind
 * would report a jump on uninitialised bytes).  Each byte is zeroed once,
 * the first time a line ends near it, not the whole buffer at its first use. */
static void paste_end(txi_parser *p, size_t u)
{
    size_t end = u + TX_LINE_PAD < TX_MAX_LINE ? u + TX_LINE_PAD : TX_MAX_LINE;
    if (p->paste_init < u)
        p->paste_init = u; /* (written) */
    if (p->paste_init < end) {
        memset(p->pastebuf + p->paste_init, 0, end - p->paste_init);
        p->paste_init = end;
    }
}

/* A JSON log record: the text-carrying string values are decoded and their
 * lines are read as if printed, under the record's line number (the record
 * is the evidence line). */
static void json_record(txi_parser *p, const txi_linectx *rec)
{
    p->stats.json_records++;
    p->bodyn = 0;
    if (!p->jsonbuf && !(p->jsonbuf = malloc(TX_MAX_LINE)))
        return;
    const char *cur = rec->p, *end = rec->p + rec->n;
    size_t vn;
    while (txi_json_next(&cur, end, p->jsonbuf, &vn)) {
        const char *v = p->jsonbuf, *vend = v + vn;
        while (v < vend) {
            const char *nl = memchr(v, '\n', (size_t)(vend - v));
            const char *le = nl ? nl : vend;
            size_t k = cr_len(v, (size_t)(le - v));
            if (k && hex_row(v, k)) {
                /* (a dump row: left out, as in a log; the record counts as one line) */
            } else if (k || nl) {
                /* the record itself stays the evidence: cited lines are verbatim */
                txi_linectx l = {v, k, rec->raw, rec->rawn, rec->no, TXI_NO_TIME, rec->level};
                /* a web page's marks inside a value (the record was read before
                   they were undone: an unescaped &quot; would end its string) */
                if (k && (txi_line_marks(v, k) & TXI_MARK_PASTE) &&
                    paste_buf(p)) {
                    size_t u = txi_frame_unescape(v, k, p->pastebuf);
                    paste_end(p, u);
                    if (u) {
                        l.p = p->pastebuf;
                        l.n = u;
                    }
                }
                strip_prefix(p, &l);
                body_add(p, l.p, l.n);
                dispatch(p, &l);
            }
            v = nl ? nl + 1 : vend;
        }
    }
}

/* nul: whether the line may hold a NUL byte (feed() looks once per chunk);
 * notrow: feed() found no row at the start of this line (the row fast path), so only
 * a row behind a prefix is looked for. */
static void read_one(txi_parser *p, const char *s, size_t n, int nul, int notrow)
{
    p->lineno++;
    p->stats.lines++;
    n = cr_len(s, n);
    if (nul && memchr(s, '\0', n))
        p->stats.binary_lines++;

    txi_linectx l = {s, n, s, n, p->lineno, TXI_NO_TIME, NULL};
    /* a JSON log record as written (docker json-file, logstash): read before
       a web page's marks are looked for, which its values may hold, and
       before the hex dump test (a value may hold a whole debug record, its
       dump lines are left out one by one) */
    const char *body = NULL;
    size_t bodyn = 0;
    if (n && s[0] == '{' && txi_json_record(s, n)) {
        json_record(p, &l);
        body = p->bodybuf;
        bodyn = p->bodyn;
        goto done;
    }
    /* hex dumps leave at once: they may hold decrypted data and are never
     * offered to rules (hex_row(): a row at the start, else one behind a
     * prefix, looked for only where the line holds a row's "0: ") */
    if (!notrow && n && txi_hexdump_first(s[0]) && txi_is_hexdump(s, n)) {
        p->stats.hexdump_lines++;
        return;
    }
    unsigned marks = txi_line_marks(s, n);
    if ((marks & TXI_MARK_ROW) && txi_has_hexdump_row(s, n)) {
        p->stats.hexdump_lines++;
        return;
    }
    /* text copied from a web page: "&lt;", "&quot;", no-break spaces, an
       editor's curly quotes (the line as read stays the evidence) */
    /* (a line without a mark's first byte has none to undo) */
    if (n && (marks & TXI_MARK_PASTE) && paste_buf(p)) {
        size_t u = txi_frame_unescape(s, n, p->pastebuf);
        paste_end(p, u);
        if (u) {
            l.p = p->pastebuf;
            l.n = u;
            p->stats.unescaped_lines++;
        }
    }
    size_t k = txi_frame_prefix(&p->frames, l.p, l.n, &l.level);
    l.p += k;
    l.n -= k;
    /* a renderer's widened blanks ("Caused   by:   java.io..."), behind any frame: two
       wide gaps and no narrow one show it, then one is enough ("\tat   x.y(Y.java:1)") */
    if (l.n > 4 && txi_frame_narrow(l.p, l.n, p->narrowed ? 1 : 2, NULL) &&
        paste_buf(p)) {
        size_t u = txi_frame_narrow(l.p, l.n, 1, p->pastebuf);
        paste_end(p, u);
        if (u) {
            l.p = p->pastebuf;
            l.n = u;
            p->narrowed = 1;
            p->stats.unescaped_lines++;
        }
    }
    /* what the line patterns also see when it differs from the line as read:
       the text without a frame's prefix and a paste's marks, or a JSON
       record's decoded lines */
    if (l.n && l.p[0] == '{' && txi_json_record(l.p, l.n)) {
        json_record(p, &l);
        body = p->bodybuf;
        bodyn = p->bodyn;
    } else {
        strip_prefix(p, &l);
        if (l.p != s || l.n != n) {
            body = l.p;
            bodyn = l.n;
        }
        dispatch(p, &l);
    }
done:
    if (p->sink.line)
        p->sink.line(p->sink.ud, p->lineno, s, n, body, bodyn, txi_conn_for_line(p, NULL, 0), p->line_start,
                     p->line_end);
}

/* nlines: the lines of the log a line is made of (more than one when a
 * wrapped paste's lines were joined); it is read under the number of the
 * first, and the count goes on after the last, whatever became of it. */
static void read_line(txi_parser *p, const char *s, size_t n, int nul, int notrow, unsigned nlines)
{
    read_one(p, s, n, nul, notrow);
    if (nlines > 1) {
        p->lineno += nlines - 1;
        p->stats.lines += nlines - 1;
        p->stats.joined_lines += nlines - 1;
    }
}

/* ---- pastes broken at a fixed width ------------------------------------
 *
 * A log copied out of a console window, a mail or a job listing may have
 * every line longer than W broken into pieces of exactly W bytes ("fold
 * -w"), or after the last space within W ("fold -s", mail).  The first lines
 * of the first bytes fed (TX_WRAP_SNIFF_*) are looked at to learn W:
 *
 *   hard: W is the widest line (in columns: tabs to multiples of 8), at
 *         least 3 lines (and 1 in 10) are exactly W wide, and most of them
 *         break in the middle of text (the piece ends in a non-blank, the
 *         next starts with one and does not look like the start of a
 *         record or an exception, nor as the line before does - or starts
 *         with the one blank the break fell on, or goes on with a broken
 *         number: goes_on_after_break()), mostly inside a word or a token
 *         or at such a blank, and they are not one line repeated; two lines
 *         broken inside a word suffice at a usual width (72-80, 100, 132),
 *         and in a short paste (TX_WRAP_ONE_BREAK_LINES) one or two broken
 *         in running text (one_break_in_text());
 *   soft: W is the widest line that ends in a blank (one or two: a run of
 *         more is padding, soft_end()); most lines at most
 *         TX_WRAP_SOFT_SLACK columns narrower end in one too and the next
 *         line does not surely start a record (a header, a frame, a cause,
 *         an exception); two suffice if they are all;
 *   fit:  (tried first when at most one in four lines at W is text broken
 *         between blanks rather than a word too long for W, else after
 *         hard's many-lines form; one break only in the first case) W is the
 *         widest line, and the lines that
 *         end in a blank are broken where the next line's first word would
 *         not have fitted in W ("fold -s" moves a word that crosses W to the
 *         next line): most of them, three or more, or in a short paste all
 *         of them, one or more, when no line is wider than a mail's or a
 *         console's usual width (a log's own trailing blanks come before a
 *         word that would have fitted).  Such a line joins the next only
 *         when the next one's first word would not have fitted (a header
 *         or an exception may go on: piece_goes_on()), and a piece exactly W
 *         wide without a blank (a word longer than W, broken) joins too.
 *
 * Then a line of width W (hard) or a long line ending in a space (soft) is
 * joined with the next, without a separator (the break kept every byte;
 * see lost_space() for the exception).  The joined line is read, and cited,
 * under the number of its first line.  Hex rows never join; a line that
 * surely starts a record (strong_start()) ends a join instead of joining.
 */
typedef struct {
    const char *p;
    size_t n;
} txi_wline;

/* columns a line takes on a screen: tabs to the next multiple of 8, a UTF-8
 * character one column (as fold and terminals count) */
static size_t columns(const char *s, size_t n)
{
    /* most lines: no tab and no byte over 0x7f, a column each (looked at
     * eight bytes at a time) */
    if (!memchr(s, '\t', n)) {
        uint64_t any = 0;
        size_t i = 0;
        for (; i + 8 <= n; i += 8) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            any |= w;
        }
        for (; i < n; i++)
            any |= (unsigned char)s[i];
        if (!(any & 0x8080808080808080ull))
            return n;
    }
    size_t col = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\t')
            col = (col / 8 + 1) * 8;
        else if ((c & 0xc0) != 0x80)
            col++;
    }
    return col;
}

/* widths consoles, mail programs and printers break at: two such lines
 * broken in mid-text are enough to believe a short paste was wrapped */
static int usual_width(size_t w)
{
    return (w >= 72 && w <= 80) || w == 60 || w == 64 || w == 100 || w == 120 || w == 132 || w == 133;
}

/* "javax.net.ssl.SSLException: ..." - a Java exception's head */
static int exception_head(const char *t, size_t n)
{
    size_t k = 0;
    int dots = 0;
    while (k < n && (isalnum((unsigned char)t[k]) || t[k] == '.' || t[k] == '_' || t[k] == '$'))
        dots += t[k++] == '.';
    return dots >= 2 &&
           ((k >= 9 && memcmp(t + k - 9, "Exception", 9) == 0) || (k >= 5 && memcmp(t + k - 5, "Error", 5) == 0));
}

/* a line that begins something of its own (a record, a frame, a cause) */
static int starts_record(const char *t, size_t n)
{
    return !n || t[0] == ' ' || t[0] == '\t' || isdigit((unsigned char)t[0]) || strchr("[]{}()<>*#\"'|", t[0]) ||
           SV_STARTS(t, n, "Caused by") || txi_ssllogger_prefix(t, n) || SV_STARTS(t, n, "at ") ||
           exception_head(t, n);
}

/* a line that surely begins a record: an SSLLogger header, a stack frame, a
 * cause, an exception */
static int strong_start(const char *t, size_t n)
{
    size_t i = 0;
    while (i < n && (t[i] == ' ' || t[i] == '\t'))
        i++;
    return txi_ssllogger_prefix(t, n) || (i && SV_STARTS(t + i, n - i, "at ")) ||
           SV_STARTS(t + i, n - i, "Caused by: ") || exception_head(t, n);
}

/* A class name a break cut in two: "... failed: java.securi" + "ty.cert.Cert
 * PathValidatorException: ..." (or "jav" + "a.security..."), whose second
 * piece looks like an exception's head.  The name across the break starts
 * with a usual package root and the piece after it does not (a real head
 * after a line that ended in a word does: "... failed" + "javax.net..."). */
static int name_goes_on(const char *t, size_t n, const char *u, size_t un)
{
    static const char *const roots[] = {"java", "javax", "jakarta", "sun", "com", "org", "io", "net", "jdk"};
    size_t k = n;
    while (k && (isalnum((unsigned char)t[k - 1]) || t[k - 1] == '.' || t[k - 1] == '_' || t[k - 1] == '$'))
        k--;
    if (k == n || !islower((unsigned char)u[0]) || !exception_head(u, un))
        return 0;
    size_t us = 0; /* u's first segment */
    while (us < un && u[us] != '.')
        us++;
    /* the name's first segment: in t, or t's piece and u's first segment */
    const char *d = memchr(t + k, '.', n - k);
    size_t ts = d ? (size_t)(d - (t + k)) : n - k, js = d ? ts : ts + us;
    int uroot = 0, jroot = 0;
    for (size_t i = 0; i < sizeof roots / sizeof *roots; i++) {
        size_t rl = strlen(roots[i]);
        uroot |= us == rl && memcmp(u, roots[i], rl) == 0;
        jroot |= js == rl && (d ? memcmp(t + k, roots[i], rl) == 0
                                : memcmp(t + k, roots[i], ts) == 0 && memcmp(u, roots[i] + ts, us) == 0);
    }
    return jroot && !uroot;
}

/* One line of a short paste broken at the paste's width in running text:
 * "... must be multiple of" + " 64, and", "... out-" + "of-date", "(s" + ")",
 * "... Re" + "mote host": the next line goes on (a lower-case letter, a digit
 * that is not a time, punctuation that closes or joins, a blank moved to it)
 * and does not start a record. */
static int one_break_in_text(const char *t, size_t n, const char *u, size_t un)
{
    size_t hl;
    if (un < 1 || strong_start(u, un) || txi_ssllogger_find(t, n, &hl))
        return 0; /* (an SSLLogger header's "... message (" ends where its body starts) */
    unsigned char a = (unsigned char)t[n - 1], b = (unsigned char)u[0];
    if (!a || strchr("([{<", a))
        return 0;
    if (a == ' ') { /* the blank stayed on the broken line */
        if (n < 2 || !isalnum((unsigned char)t[n - 2]))
            return 0;
        if (islower(b) || isdigit(b))
            return 1;
        /* the sentence's last word, capitalised ("... not supported with " + "Jetty"):
           one word alone, perhaps with its full stop, and nothing after it */
        size_t k = 0;
        while (k < un && isalnum((unsigned char)u[k]))
            k++;
        if (k < un && (u[k] == '.' || u[k] == ','))
            k++;
        return isupper(b) && k >= 2 && k == un;
    }
    if (!isgraph(a))
        return 0;
    if (b == ' ') /* the blank went to the next line: a word, or a quoted or bracketed one, follows */
        return un >= 2 && (isalnum((unsigned char)u[1]) ||
                           (un >= 3 && u[1] && strchr("'\"([", u[1]) && isalnum((unsigned char)u[2])));
    if (islower(b) || (b && strchr(")]}>/.,;:'\"_", b))) /* (not "-": "-----BEGIN", "--- ") */
        return 1;
    if (isupper(b)) { /* "...AES_128_GC" + "M_SHA256", "...No" + "tAfter"; not "WARN: ..." */
        size_t k = 0;
        while (k < un && (isalnum((unsigned char)u[k]) || u[k] == '_'))
            k++;
        return isalnum(a) && !(k < un && (u[k] == ':' || u[k] == ']' || u[k] == '|'));
    }
    if (isdigit(b) && isdigit(a)) { /* a number broken ("ERR_041" + "20_TLS"), not a record's time or id */
        size_t k = 0;
        while (k < un && k < 5 && isalnum((unsigned char)u[k]))
            k++;
        return !(k < un && (u[k] == ':' || u[k] == '-' || u[k] == '/'));
    }
    return 0;
}

/* A line a soft break ended keeps the one blank it was broken after (two
 * after a sentence); a run of more is padding to a column (a console or a
 * fixed-width listing fills every line up to its width), no break. */
static int soft_end(const char *t, size_t n)
{
    return n >= 2 && t[n - 1] == ' ' && (t[n - 2] != ' ' || (n >= 3 && t[n - 3] != ' '));
}

/* a line of blanks only (a job listing pads its empty lines): no text, no width */
static int blank_only(const char *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (t[i] != ' ' && t[i] != '\t')
            return 0;
    return 1;
}

/* The next line of one broken at the widest width goes on where it stopped
 * although it looks like a start of its own: the blank the break fell on
 * moved to it (one blank, then a word in lower case: " server."), or a number broken
 * ("...java:1" + "365)", "178.63.1" + "99.211"; not a time, date or path:
 * "10:42", "2024-", "9/"). */
static int goes_on_after_break(const char *t, size_t n, const char *u, size_t un)
{
    unsigned char a = (unsigned char)t[n - 1];
    if (isspace(a))
        return 0;
    if (un >= 2 && u[0] == ' ' && islower((unsigned char)u[1]) && !strong_start(u, un))
        return 1;
    if (name_goes_on(t, n, u, un))
        return 1;
    if (!isdigit((unsigned char)u[0]) || !(isalnum(a) || a == '.'))
        return 0;
    size_t k = 0;
    while (k < un && isdigit((unsigned char)u[k]))
        k++;
    return !(k < un && strchr(":-/ \t", u[k]));
}

/* the columns of the first word of a line (up to its first blank) */
static size_t first_word(const char *u, size_t un)
{
    size_t k = 0;
    while (k < un && u[k] != ' ' && u[k] != '\t')
        k++;
    return columns(u, k);
}

/* A line that ends in a blank, then u: was it broken there because u's first
 * word would not have fitted in w columns?  (Not before a line that surely
 * starts a record.) */
static int word_did_not_fit(size_t c, size_t w, const char *u, size_t un)
{
    return un && u[0] != ' ' && u[0] != '\t' && c + first_word(u, un) > w && !strong_start(u, un);
}

/* A mail-style paste ("fit") that broke a line where a record seems to
 * start but goes on: between a log's own prefix and the SSLLogger header
 * after it ("[2024-02-13 11:41:40.436] ALL 0 GLOBAL_SCOPE " +
 * "javax.net.ssl|ALL|5C|...": the piece before holds no header of its own),
 * or before an exception a message names ("...DecoderException: " +
 * "javax.net.ssl.SSLHandshakeException: ...", "...  Rethrowing " + "javax...");
 * the first word did not fit. */
static int piece_goes_on(const char *t, size_t tn, size_t tcol, size_t w, const char *s, size_t k)
{
    size_t hl;
    if (!tcol || tcol + first_word(s, k) <= w)
        return 0;
    if (txi_ssllogger_prefix(s, k))
        return !txi_ssllogger_find(t, tn, &hl);
    return exception_head(s, k);
}

static void learn_wrap(txi_parser *p, const txi_wline *ln, unsigned nl)
{
    p->wrap_known = 1;
    size_t w = 0, ws = 0; /* the widest line; the widest that ends in a blank */
    unsigned atw = 0, nonempty = 0;
    /* each line's length without CR, whether it has text (not empty, not a
     * hex row, not blanks only) and its columns: found once for both passes */
    size_t len[TX_WRAP_SNIFF_LINES], col[TX_WRAP_SNIFF_LINES];
    unsigned char text[TX_WRAP_SNIFF_LINES];
    for (unsigned i = 0; i < nl; i++) {
        const char *t = ln[i].p;
        size_t n = len[i] = cr_len(t, ln[i].n);
        text[i] = 0;
        if (!n || hex_row(t, n) || blank_only(t, n))
            continue;
        text[i] = 1;
        nonempty++;
        size_t c = col[i] = columns(t, n);
        if (c > w) {
            w = c;
            atw = 0;
        }
        atw += c == w;
        if (soft_end(t, n) && c > ws)
            ws = c;
    }
    unsigned mid = 0, midword = 0, longn = 0, spaced = 0, textbreak = 0, fits = 0, misfits = 0, fullblank = 0;
    const char *lastw = NULL;
    size_t lastwn = 0;
    for (unsigned i = 0; i + 1 < nl; i++) {
        const char *t = ln[i].p, *u = ln[i + 1].p;
        if (!text[i])
            continue;
        size_t n = len[i], un = len[i + 1], c = col[i];
        /* (a next line that starts as this one does is a record of the same
           shape - "T10, SEND ..." after "T1, SEND ..." -, not its rest) */
        /* (a line repeated - the same warning three times - is no evidence;
           whether the next line goes on is asked of the widest lines only) */
        /* (a break after a blank at W counts too when the next line goes on
           in lower case: "fold -w" keeps the blank on the broken line) */
        if (c == w && un &&
            (!isspace((unsigned char)t[n - 1]) || (t[n - 1] == ' ' && n >= 2 && isalnum((unsigned char)t[n - 2]) &&
                                                   islower((unsigned char)u[0]))) &&
            !(un >= 2 && n >= 2 && u[0] == t[0] && u[1] == t[1]) &&
            (!starts_record(u, un) || goes_on_after_break(t, n, u, un)) &&
            !(lastw && lastwn == n && memcmp(lastw, t, n) == 0)) {
            mid++;
            /* (inside a word or a token - a path, a class name -, or at a blank
               the break moved to the next line) */
            unsigned char a = (unsigned char)t[n - 1], b = (unsigned char)u[0];
            midword += (isalnum(a) && isalnum(b)) || (isalnum(a) && strchr("._/$", b)) ||
                       (a && strchr("._/$", a) && isalnum(b)) || (b == ' ' && goes_on_after_break(t, n, u, un));
            lastw = t;
            lastwn = n;
        }
        if (c == w && one_break_in_text(t, n, u, un))
            textbreak++;
        if (c <= ws && c + TX_WRAP_SOFT_SLACK >= ws) {
            longn++;
            spaced += soft_end(t, n) && un && !strong_start(u, un);
        }
        /* (fold -w breaks text between blanks, fold -s only a word too long for the width) */
        fullblank += c == w && !isspace((unsigned char)t[n - 1]) && (memchr(t, ' ', n) || memchr(t, '\t', n)) &&
                     one_break_in_text(t, n, u, un);
        if (soft_end(t, n) && text[i + 1]) {
            if (word_did_not_fit(c, w, u, un) || piece_goes_on(t, n, c, w, u, un))
                fits++; /* (a header after a prefix of the log's own ...: piece_goes_on()) */
            else
                misfits++;
        }
    }
    int inw = w >= TX_WRAP_MIN_WIDTH && w <= TX_WRAP_MAX_WIDTH;
    /* (the last line looked at, when it is W wide, has no next line to show whether it
       was broken: in a short paste it is no evidence either way) */
    unsigned lastatw = 0;
    for (unsigned i = nl; i-- > 0;)
        if (text[i]) {
            lastatw = col[i] == w;
            break;
        }
    unsigned atw1 = atw - (atw > 1 ? lastatw : 0);
    /* (the breaks after a blank that kept every word that fitted say more
       than lines at the widest width when those are words too long for the
       width - fold -s breaks no text with blanks elsewhere -: tried first) */
    int fit = fits >= 3 && misfits * 2 <= fits, words = fullblank * 4 <= atw;
    if (inw && !(fit && words) && atw >= 3 && atw * 10 >= nonempty && mid >= 3 && mid * 2 >= atw &&
        midword * 2 >= mid) {
        p->wrap_width = w;
    } else if (inw && (fit || (words && fits && !misfits && nonempty <= TX_WRAP_ONE_BREAK_LINES &&
                                w <= TX_WRAP_MAIL_WIDTH))) {
        p->wrap_width = w;
        p->wrap_spaces = 2;
    } else if (inw && ((atw == 2 && midword == 2 && usual_width(w)) ||
                       ((atw1 == 1 || atw1 == 2) && textbreak == atw1 && usual_width(w) &&
                        nonempty <= TX_WRAP_ONE_BREAK_LINES))) {
        p->wrap_width = w;
    } else if (ws >= TX_WRAP_MIN_WIDTH && ws <= TX_WRAP_MAX_WIDTH &&
               ((spaced >= 3 && spaced * 2 >= longn) || (spaced == 2 && longn == 2))) {
        p->wrap_width = ws;
        p->wrap_spaces = 1;
    }
}

/* Is this line (of a wrapped paste) broken, to be joined with the next? */
static int broken(const txi_parser *p, const char *s, size_t n)
{
    n = cr_len(s, n);
    size_t c = columns(s, n);
    /* (whether the next word would have fitted is asked of the next line; a
       piece of the full width without a blank is a word longer than it, which
       fold -s breaks where the width ends) */
    if (p->wrap_spaces == 2)
        return (c <= p->wrap_width && soft_end(s, n)) ||
               (c == p->wrap_width && !memchr(s, ' ', n) && !memchr(s, '\t', n) && !hex_row(s, n));
    if (p->wrap_spaces ? !(c <= p->wrap_width && c + TX_WRAP_SOFT_SLACK >= p->wrap_width && soft_end(s, n))
                       : c != p->wrap_width)
        return 0;
    return !hex_row(s, n);
}

/* A break between two letters is mostly inside a word ("certi|ficate"), but
 * where a publisher's tool trimmed the blank at the break it was between two
 * words ("alternative|names"): a run of lower-case letters across the break
 * longer than words are (15 or more) says the latter. */
static int lost_space(const char *a, size_t an, const char *b, size_t bn)
{
    size_t l = 0, r = 0;
    while (l < an && islower((unsigned char)a[an - 1 - l]))
        l++;
    while (r < bn && islower((unsigned char)b[r]))
        r++;
    return l && r && l + r >= 15;
}

static void flush_join(txi_parser *p)
{
    if (!p->joinlines)
        return;
    unsigned k = p->joinlines;
    p->joinlines = 0;
    p->line_start = p->join_start;
    p->joined_now = k;
    read_line(p, p->joinbuf, p->joinn, p->join_nul, 0, k);
    p->joined_now = 0;
    p->joinn = 0;
}

static int fit_goes_on(const txi_parser *p, const char *s, size_t k)
{
    return p->wrap_spaces == 2 && piece_goes_on(p->joinbuf, p->joinn, p->join_lastcol, p->wrap_width, s, k);
}

static void unwrap_line(txi_parser *p, const char *s, size_t n, int nul, int notrow, uint64_t start, uint64_t end)
{
    p->line_start = start;
    p->line_end = end;
    if (p->joinlines && (strong_start(s, cr_len(s, n)) || hex_row(s, n)) &&
        !name_goes_on(p->joinbuf, p->joinn, s, cr_len(s, n)) && !fit_goes_on(p, s, cr_len(s, n)))
        flush_join(p); /* the width was a coincidence: this line is a record (or a hex row) of its own */
    if (p->joinlines && p->wrap_spaces == 2 && p->join_lastcol &&
        !word_did_not_fit(p->join_lastcol, p->wrap_width, s, cr_len(s, n)) && !fit_goes_on(p, s, cr_len(s, n)))
        flush_join(p); /* its first word would have fitted: the blank was the log's own */
    if (p->joinlines) {
        size_t k = cr_len(s, n);
        if (k && p->joinn < TX_WRAP_MAX_JOIN && lost_space(p->joinbuf, p->joinn, s, k))
            p->joinbuf[p->joinn++] = ' ';
        if (k > TX_WRAP_MAX_JOIN - p->joinn)
            k = TX_WRAP_MAX_JOIN - p->joinn;
        memcpy(p->joinbuf + p->joinn, s, k);
        p->joinn += k;
        p->joinlines++;
        p->join_nul |= nul;
        p->join_lastcol = soft_end(s, cr_len(s, n)) ? columns(s, cr_len(s, n)) : 0;
        if (!broken(p, s, n) || p->joinn >= TX_WRAP_MAX_JOIN)
            flush_join(p);
        return;
    }
    if (p->wrap_width && broken(p, s, n) && (p->joinbuf || (p->joinbuf = malloc(TX_WRAP_MAX_JOIN)) != NULL)) {
        size_t k = cr_len(s, n);
        if (k > TX_WRAP_MAX_JOIN)
            k = TX_WRAP_MAX_JOIN; /* (continuation bytes take no column) */
        memcpy(p->joinbuf, s, k);
        p->joinn = k;
        p->joinlines = 1;
        p->join_start = start;
        p->join_nul = nul;
        p->join_lastcol = soft_end(s, k) ? columns(s, k) : 0;
        return;
    }
    read_line(p, s, n, nul, notrow, 1);
}

/* What sniff_wrap's result depends on besides the bytes: the first piece's
 * length when it reads all of it (its last line counts), else that it did
 * not (the first TX_WRAP_SNIFF_BYTES). */
static size_t wrap_key(size_t len) { return len <= TX_WRAP_SNIFF_BYTES ? len : TX_WRAP_SNIFF_BYTES + 1; }

/* The first lines of the first bytes fed (at most TX_WRAP_SNIFF_*): is the
 * log a paste broken at a fixed width?  (Decided once; a caller that feeds
 * a line at a time gets no joining.) */
static void sniff_wrap(txi_parser *p, const char *buf, size_t len)
{
    p->wrap_key = wrap_key(len);
    txi_wline ln[TX_WRAP_SNIFF_LINES];
    unsigned nl = 0;
    size_t lim = len < TX_WRAP_SNIFF_BYTES ? len : TX_WRAP_SNIFF_BYTES;
    for (const char *q = buf, *end = buf + lim; q < end && nl < TX_WRAP_SNIFF_LINES;) {
        const char *e = memchr(q, '\n', (size_t)(end - q));
        if (!e)
            break;
        ln[nl].p = q;
        ln[nl++].n = (size_t)(e - q);
        q = e + 1;
    }
    /* a log that ends without a newline within the sniff: its last line too */
    if (len <= TX_WRAP_SNIFF_BYTES && nl < TX_WRAP_SNIFF_LINES) {
        const char *last = nl ? ln[nl - 1].p + ln[nl - 1].n + 1 : buf;
        if (last < buf + len) {
            ln[nl].p = last;
            ln[nl++].n = (size_t)(buf + len - last);
        }
    }
    learn_wrap(p, ln, nl);
}

/* The layout as a number: 1, the spaces bit, the width (at most
 * TX_WRAP_MAX_WIDTH), the fit bit (wrap_spaces 2), the key from bit 13. */
_Static_assert(TX_WRAP_MAX_WIDTH < 1024u, "the width takes bits 2 - 11");
long long txi_parser_layout(const txi_parser *p)
{
    if (!p->wrap_known)
        return 0;
    return 1 | (long long)(p->wrap_spaces != 0) << 1 | (long long)p->wrap_width << 2 |
           (long long)(p->wrap_spaces == 2) << 12 | (long long)p->wrap_key << 13;
}

void txi_parser_take_layout(txi_parser *p, long long layout) { p->wrap_given = layout > 0 ? layout : 0; }

/* The first piece fed: the layout given by another parser of the same
 * input if it saw as much (txi_parser_take_layout), else sniffed. */
static void first_piece(txi_parser *p, const char *buf, size_t len)
{
    long long g = p->wrap_given;
    if (g > 0 && (size_t)(g >> 13) == wrap_key(len) && (size_t)(g >> 2 & 1023) <= TX_WRAP_MAX_WIDTH) {
        p->wrap_known = 1;
        p->wrap_spaces = (g >> 12 & 1) ? 2 : (int)(g >> 1 & 1);
        p->wrap_width = (size_t)(g >> 2 & 1023);
        p->wrap_key = wrap_key(len);
        return;
    }
    sniff_wrap(p, buf, len);
}

static void handle_line(txi_parser *p, const char *s, size_t n, int nul, int notrow)
{
    unwrap_line(p, s, n, nul, notrow, p->line_start, p->line_end);
}

/* The fast path for hex-dump rows (a third of the lines of a debug=all log).
 * A whole line of the chunk that starts with a row (read_one()'s first test:
 * "  0000: 16 03 03 ...", the legacy and IBM rows), while no wrapped line is
 * being joined, and the rows that follow it are counted here as read_one()
 * counts them - a line, a hex row, binary if it holds a NUL - without the
 * steps a row passes through for nothing: it never joins a wrapped line, never
 * reaches a dialect nor the line sink.  feed() tests the first line; the run
 * goes on while the next whole line of the chunk [s, end) is a row too. */
typedef struct {
    const char *s;    /* where the rows end: the next line */
    const char *nl;   /* its end (NULL: none in the chunk) */
    const char *nul;  /* the first NUL at or after s */
    const char *last; /* the end of the last row */
    int notrow;       /* the line at s was tested and starts with no row */
} txi_rowrun;

/* The first newline in [q, end), 32 then 16 bytes at a time: a row is
 * about 75 bytes, for which a memchr() call costs more than the search. */
static inline const char *row_end(const char *q, const char *end)
{
#ifdef __SSE2__
    const __m128i nl = _mm_set1_epi8('\n');
    for (; end - q >= 32; q += 32) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)q);
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(q + 16));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(a, nl)) |
                     (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, nl)) << 16;
        if (m)
            return q + __builtin_ctz(m);
    }
    for (; end - q >= 16; q += 16) {
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)q), nl));
        if (m)
            return q + __builtin_ctz(m);
    }
#endif
    return q < end ? memchr(q, '\n', (size_t)(end - q)) : NULL;
}

/* A row as SSLLogger prints it, "  0000: 16 03 ...", indented by 1 to 15
 * blanks, in a line of take bytes (CRs included) that has 16 bytes of the
 * chunk from s on.  Its first bytes up to the blank after the first byte
 * group are what makes read_one()'s first test say yes (a blank first, so
 * txi_hexdump_first(); then txi_is_hexdump(): blanks, four hex digits,
 * ": ", a hex byte, a blank; no CR is among them), so this is that test,
 * cheaper, for most rows; a line it says no to (a row at column 0 - the
 * legacy format, or "a0f1: ..." that is none -, tabs, an IBM row, the
 * chunk's end near) gets the full test. */
static inline int jdk_row(const char *s, size_t take, const char *end)
{
#ifdef __SSE2__
    if (end - s < 16)
        return 0;
    unsigned blanks = (unsigned)_mm_movemask_epi8(
        _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)s), _mm_set1_epi8(' ')));
    size_t i = (size_t)__builtin_ctz(~blanks); /* (16 when all are; i - 1 wraps when none is) */
#else
    size_t i = 0;
    (void)end;
    while (i < 16 && i < take && s[i] == ' ')
        i++;
#endif
    const unsigned char *u = (const unsigned char *)s + i;
    return i - 1 < 15 && take >= i + 9 && u[4] == ':' && u[5] == ' ' && u[8] == ' ' &&
           txi_is_hex(u[0]) && txi_is_hex(u[1]) && txi_is_hex(u[2]) && txi_is_hex(u[3]) && txi_is_hex(u[6]) &&
           txi_is_hex(u[7]);
}

/* s..nl is a row; nul the first NUL at or after s.  (Bulk: a dump's rows,
 * the body of a "Raw read" or a decrypted record, are found by the vector
 * newline search and the row shape test, one after the other, without
 * a call; what the shape test refuses gets the general row test.) */
static txi_rowrun skip_rows(txi_parser *p, const char *s, const char *nl, const char *end, const char *nul)
{
    txi_rowrun r = {s, nl, nul, nl, 0};
    uint64_t k = 0, bin = 0, shaped = 0;
    for (;;) {
        k++;
        if (r.nul && r.nul < r.nl) /* (the bytes before nl that are not the row's are CRs) */
            bin++;
        r.last = r.nl;
        r.s = r.nl + 1;
        if (r.nul && r.nul < r.s)
            r.nul = r.s < end ? memchr(r.s, '\0', (size_t)(end - r.s)) : NULL;
        if (!(r.nl = row_end(r.s, end)))
            break;
        size_t take = (size_t)(r.nl - r.s);
        if (take <= TX_MAX_LINE && jdk_row(r.s, take, end)) {
            shaped++;
            continue;
        }
        if (!take || take > TX_MAX_LINE || !txi_hexdump_first(r.s[0]))
            break;
        size_t n = cr_len(r.s, take);
        if (!n || !txi_is_hexdump(r.s, n)) {
            r.notrow = n != 0;
            break;
        }
    }
    p->lineno += k;
    p->stats.lines += k;
    p->stats.hexdump_lines += k;
    p->stats.fast_rows += k;
    p->stats.shaped_rows += shaped;
    p->stats.binary_lines += bin;
    return r;
}

void txi_parser_feed(txi_parser *p, const char *buf, size_t len)
{
    uint64_t base = p->stats.bytes;
    if (!p->wrap_known && !p->linelen && len)
        first_piece(p, buf, len);
    p->stats.bytes += len;
    const char *s = buf, *end = buf + len;
    /* the first NUL byte at or after s (logs rarely have any): one search per
     * chunk instead of one per line */
    const char *nul = memchr(buf, '\0', len);
    const char *nl = NULL;
    int known = 0, notrow = 0; /* (skip_rows() found nl, and whether the line at s starts with a row) */
    while (s < end) {
        if (!known) {
            nl = memchr(s, '\n', (size_t)(end - s));
            notrow = 0;
        }
        known = 0;
        size_t take = (size_t)((nl ? nl : end) - s);
        if (nl)
            p->line_end = base + (uint64_t)(nl - buf);
        if (p->linelen || p->skipping || !nl) {
            /* Continue (or start) a line that spans chunks. */
            if (!p->skipping) {
                size_t room = TX_MAX_LINE - p->linelen;
                size_t k = take < room ? take : room;
                memcpy(p->linebuf + p->linelen, s, k);
                p->linelen += k;
                if (k < take) {
                    p->skipping = 1;
                    p->stats.long_lines++;
                }
            }
            if (nl) {
                handle_line(p, p->linebuf, p->linelen, 1, 0);
                p->linelen = 0;
                p->skipping = 0;
            }
        } else if (take > TX_MAX_LINE) {
            p->stats.long_lines++;
            handle_line(p, s, TX_MAX_LINE, nul && nul < s + TX_MAX_LINE, 0);
        } else {
            if (p->fast && !p->joinlines && !notrow && take && txi_hexdump_first(s[0])) {
                size_t n = cr_len(s, take);
                if (n && txi_is_hexdump(s, n)) {
                    txi_rowrun r = skip_rows(p, s, nl, end, nul);
                    p->line_end = base + (uint64_t)(r.last - buf);
                    p->line_start = p->line_end + 1;
                    s = r.s;
                    nl = r.nl;
                    nul = r.nul;
                    notrow = r.notrow;
                    known = 1;
                    continue;
                }
                notrow = n != 0;
            }
            handle_line(p, s, take, nul && nul < s + take, notrow);
        }
        if (nl)
            p->line_start = p->line_end + 1;
        s += take + (nl ? 1 : 0);
        if (nul && nul < s)
            nul = s < end ? memchr(s, '\0', (size_t)(end - s)) : NULL;
    }
}

uint64_t txi_parser_log_lines(const txi_parser *p)
{
    const uint64_t *d = p->stats.dialect_lines;
    return d[TXI_DIALECT_JDK11] + d[TXI_DIALECT_IBM] + d[TXI_DIALECT_LEGACY] + d[TXI_DIALECT_APP];
}

int txi_parser_feed_until_log(txi_parser *p, const char *buf, size_t len)
{
    if (txi_parser_log_lines(p))
        return 1;
    if (!p->wrap_known && !p->linelen && len)
        first_piece(p, buf, len); /* as txi_parser_feed would on all of buf */
    /* whole lines, in pieces that double: a log's first lines decide */
    size_t off = 0, step = 256;
    while (off < len) {
        size_t k = len - off > step ? step : len - off;
        const char *nl = off + k < len ? memchr(buf + off + k, '\n', len - off - k) : NULL;
        if (off + k < len)
            k = nl ? (size_t)(nl - (buf + off)) + 1 : len - off;
        txi_parser_feed(p, buf + off, k);
        off += k;
        if (txi_parser_log_lines(p))
            return 1;
        if (step < (64u << 10))
            step *= 2;
    }
    return 0;
}

void txi_parser_finish(txi_parser *p)
{
    if (p->finished)
        return;
    p->finished = 1;
    if (p->linelen || p->skipping) {
        p->line_end = p->stats.bytes;
        handle_line(p, p->linebuf, p->linelen, 1, 0);
        p->linelen = 0;
        p->skipping = 0;
    }
    flush_join(p);
    if (p->open_block >= 0) {
        int d = p->open_block;
        if (!txi_dialects[d]->eof_ends_block && !p->open_optional)
            p->stats.truncated_block = 1;
        p->open_block = -1;
        if (txi_dialects[d]->flush && (p->dused & (1u << d)))
            txi_dialects[d]->flush(p);
    }
    /* Dialects may hold half-built events outside a block; flush is idempotent.
     * (A state never asked for is zero, on which every flush does nothing.) */
    for (int i = 0; i < TXI_DIALECT__COUNT; i++)
        if (txi_dialects[i]->flush && (p->dused & (1u << i)))
            txi_dialects[i]->flush(p);
    txi_conn_retire_all(p);
}
