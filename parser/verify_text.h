/*
 * verify_text.h - OpenSSL's certificate-verify results as other programs
 * print them inside their own messages (verify_text.c).
 *
 * Python, Node.js, Ruby, PHP, git and libcurl without -v pass OpenSSL's
 * verify-error text (or Node's constant for it) on in an error message; the
 * reader files it as the same "notice" of level "verify" (value = OpenSSL's
 * verify number) that the openssl and curl dialects file for a transcript,
 * so one set of code-based rules answers for both.
 */
#ifndef TX_VERIFY_TEXT_H
#define TX_VERIFY_TEXT_H

#include <stddef.h>

#include "parser.h"

/* A verify result found in a line. */
typedef struct {
    int code;          /* OpenSSL's X509_V_ERR_* number (62: host name, 64: IP address) */
    const char *text;  /* what the notice's text holds: a span of the line */
    size_t n;
    const char *name;  /* Node's error code when the result was read from it, else NULL */
    size_t at;         /* offset in the line where the program's words begin */
} txi_verify_hit;

/* Look for one verify result in the line s[0..n): 1 (and *h filled) if found.
 * Pure: no state, no allocation; the line is byte soup (no NUL needed). */
int txi_verify_text_find(const char *s, size_t n, txi_verify_hit *h);

/* Called for every line the application dialect read, or no dialect did:
 * files a "verify" notice (source "message") for a result found, unless the
 * line is a javax.net.ssl exception's (Android's and netty-tcnative's TLS are
 * OpenSSL too: the Java rules read their texts) or the connection it joins
 * already has a verify notice of a curl -v / s_client transcript. */
void txi_verify_text_read(txi_parser *p, const txi_linectx *l);

#endif
