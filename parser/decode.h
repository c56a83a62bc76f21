/*
 * decode.h - the input's text encoding, told from its first bytes.
 *
 * A log saved as UTF-16 with a byte-order mark (PowerShell 5's '>' and
 * Out-File, Notepad's "Unicode") is turned into UTF-8 before anything reads
 * it: the literal scan, the parser and the evidence all see the same text.
 * Any other input passes through unchanged (a UTF-8 mark stays: the parser
 * reads past it).  Streaming: a code unit or surrogate pair split between
 * feeds is held; an unpaired surrogate becomes U+FFFD.
 */
#ifndef TX_DECODE_H
#define TX_DECODE_H

#include <stddef.h>

typedef void (*txi_dec_sink)(void *ud, const char *buf, size_t len);

typedef struct {
    int enc;                /* 0: not known yet, 1: bytes as they are, 2: UTF-16LE, 3: UTF-16BE */
    unsigned char head[2];  /* the first bytes, held until the mark can be told */
    size_t headn;
    int odd;                /* a code unit's first byte is held in byte */
    unsigned char byte;
    unsigned high;          /* a high surrogate waiting for its low half, 0 none */
} txi_dec;

/* Hand buf on to sink as UTF-8 text (zeroed d: the start of the input). */
void txi_dec_feed(txi_dec *d, const char *buf, size_t len, txi_dec_sink sink, void *ud);
/* UTF-8 of code point cp (at most 0x10FFFF) at o; returns its length, 1-4. */
size_t txi_put_utf8(char *o, unsigned cp);
/* The end of the input: what was held (a first byte alone, half a code unit
 * or of a surrogate pair). */
void txi_dec_end(txi_dec *d, txi_dec_sink sink, void *ud);

#endif
