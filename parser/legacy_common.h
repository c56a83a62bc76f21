/*
 * legacy_common.h - what the IBM JSSE2 dialect borrows from the legacy
 * SunJSSE dialect.
 *
 * IBM JSSE2 prints the legacy SunJSSE debug text (`*** ClientHello`,
 * `chain [0] = [`, `main, WRITE: ...`) plus a few lines of its own.  The
 * shared text is read by dialect_legacy.c alone, which also keeps the
 * handshake state (which thread the current handshake belongs to, events
 * still waiting for that thread).  dialect_ibm.c reads only the IBM lines
 * and files its connection events through txi_legacy_file(), so they land
 * in the same connection as the handshake around them.
 */
#ifndef TX_LEGACY_COMMON_H
#define TX_LEGACY_COMMON_H

#include <stddef.h>

#include "parser.h"

/* File a finished connection event (notice, negotiated ...) under the
 * legacy dialect's current handshake, in order with its other events. */
void txi_legacy_file(txi_parser *p, txi_event *e);

/* "Negotiating: [Session-10387, SSL_ECDHE_RSA_WITH_AES_128_GCM_SHA256]":
 * a negotiated event, unless the ServerHello already named that suite. */
void txi_legacy_negotiating(txi_parser *p, const txi_linectx *l, const char *suite, size_t n);

/* The standard name of a cipher suite: IBM JSSE2 prints SSL_ for every
 * suite, also for TLS-only ones (SSL_ECDHE_RSA_WITH_AES_256_GCM_SHA384);
 * those become TLS_...  Suites that really are SSL_ in Java's standard
 * names (SSL_RSA_WITH_RC4_128_MD5, SSL_RSA_WITH_3DES_EDE_CBC_SHA ...)
 * keep their name.  Writes at most cap-1 bytes and a NUL; returns the
 * length written. */
size_t txi_legacy_suite(const char *s, size_t n, char *out, size_t cap);

#endif
