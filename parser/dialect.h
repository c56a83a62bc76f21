/*
 * dialect.h - the interface every log dialect implements.
 *
 * A dialect recognizes its own lines and turns them into events.  The
 * list and detection order live in dialects.def.  Hooks:
 *   line()  a line no open block claimed.  Return 1 if consumed.
 *   cont()  a line while this dialect holds the open block.  Return
 *           TXI_DL_MORE (consumed, block stays open), TXI_DL_DONE (consumed,
 *           block closed) or TXI_DL_NOTMINE (block closed by the dialect,
 *           line not consumed: the parser dispatches it anew).
 *   flush() end of input while this dialect holds the open block: file
 *           what is complete enough, cancel the rest.  Not called for a
 *           dialect whose state was never asked for: on a zero state it
 *           must do nothing.
 * State: the parser allocates state_size bytes per dialect, zeroed at the
 * first txi_parser_state() (most inputs use a few of the seven), or only
 * its first state_zero bytes.
 */
#ifndef TX_DIALECT_H
#define TX_DIALECT_H

#include <stddef.h>

#include "parser.h"

enum { TXI_DL_NOTMINE = 0, TXI_DL_MORE = 1, TXI_DL_DONE = 2 };

typedef struct txi_dialect {
    const char *name;
    const char *desc;
    size_t state_size;
    size_t state_zero;           /* the bytes of the state zeroed at its first use (0: all);
                                    the rest are buffers read only up to a length or a count
                                    kept in the zeroed part */
    int (*line)(txi_parser *p, const txi_linectx *l);
    int (*cont)(txi_parser *p, const txi_linectx *l);
    void (*flush)(txi_parser *p);
    void (*fini)(txi_parser *p); /* optional: free what state points to */
    int eof_ends_block;          /* 1: end of input completes an open block (a stack
                                    trace), 0: it means the log was cut off */
} txi_dialect;

enum {
#define DIALECT(id, var) TXI_DIALECT_##id,
#include "dialects.def"
#undef DIALECT
    TXI_DIALECT__COUNT
};

#define DIALECT(id, var) extern const txi_dialect var;
#include "dialects.def"
#undef DIALECT

extern const txi_dialect *const txi_dialects[TXI_DIALECT__COUNT];

/* Shared helpers for dialects (dialect_common.c). */

/* Is this line a hex dump row ("0000: 16 03 01 ..." possibly indented)? */
int txi_is_hexdump(const char *p, size_t n);
/* The parser tries txi_is_hexdump() on every whole line that starts with
 * one of these bytes, before any dialect sees it. */
static inline int txi_hexdump_first(char c) { return c == ' ' || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'); }
/* txi_is_hexdump() of the line a dialect is handed, without trying again
 * what the parser already found no row in (the whole line, so tried). */
static inline int txi_line_is_hexdump(const txi_linectx *l)
{
    if (l->p == l->raw && l->n == l->rawn && l->n && txi_hexdump_first(l->p[0]))
        return 0;
    return txi_is_hexdump(l->p, l->n);
}
/* Does this line hold a hex dump row anywhere in its first 512 bytes, after
 * a prefix the parser may not know ("app_1  |   0000: 48 54 54 50 ...")?
 * A stricter shape test than txi_is_hexdump: offset, byte groups, ASCII. */
int txi_has_hexdump_row(const char *p, size_t n);
/* Map an SSLLogger/legacy handshake message name to the canonical one
 * ("ClientHello", "ServerHello", "Certificate", "CertificateRequest",
 * "ServerKeyExchange", "ServerHelloDone", "ClientKeyExchange",
 * "CertificateVerify", "Finished", "EncryptedExtensions",
 * "NewSessionTicket", "HelloRetryRequest", "CertificateStatus",
 * "ChangeCipherSpec").  Returns NULL if unknown. */
const char *txi_canon_handshake(const char *name, size_t n);

#endif
