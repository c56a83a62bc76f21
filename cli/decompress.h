/*
 * decompress.h - compressed inputs read as a stream of their text.
 *
 * An input whose first bytes are the magic of gzip (zlib), zstd, xz
 * (liblzma) or bzip2 (libbz2) is decompressed on the fly, whatever its name
 * and also on standard input: the analysis sees only the decompressed text,
 * so evidence line numbers are those of the text.  Memory is flat: a fixed
 * input buffer and the decoder's own state, bounded by the window and
 * memory limits of parser/limits.h, never a copy of the input.
 *
 * Concatenated members (gzip, bzip2, xz streams; zstd frames) are read one
 * after the other, as the command-line tools do.  Corrupt or truncated data
 * ends the stream with a read error (ferror) and a message in the caller's
 * txc_zinfo; the text decompressed before it was delivered.
 */
#ifndef TX_CLI_DECOMPRESS_H
#define TX_CLI_DECOMPRESS_H

#include <stdio.h>

/* What txc_zopen found, owned by the caller; it must outlive the stream. */
typedef struct txc_zinfo {
    const char *format; /* "gzip", "zstd", "xz", "bzip2", or NULL for plain input */
    char err[200];      /* why the data could not be decompressed, or "" */
} txc_zinfo;

/* Read the first bytes of raw and return the stream to read the input's
 * text from: raw itself when it is plain and seekable (rewound), else a
 * stream that decompresses it (or replays the sniffed bytes of a plain
 * pipe).  The returned stream owns raw when own is set (closing it closes
 * raw); with own clear raw is left open (standard input).  A returned
 * decompressing stream supports rewind() when raw is seekable.  NULL when
 * out of memory or the decoder cannot start (info->err says why; raw is
 * then closed if owned). */
FILE *txc_zopen(FILE *raw, int own, txc_zinfo *info);

/* "zlib 1.2.13, zstd 1.5.4, liblzma 5.4.1, libbz2 1.0.8": the decoders linked (--version). */
void txc_z_versions(char *buf, size_t n);

#endif
