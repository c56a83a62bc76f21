/* wrapper.h - fields from the texts application servers and HTTP clients wrap
 * around a TLS failure (wrapper.c). */
#ifndef TX_WRAPPER_H
#define TX_WRAPPER_H

#include "parser.h"

/* Add to the open event e what the text [t, t+n) names: subject (the
 * untrusted signer's DN), host and port of the peer, path (the trust store
 * a server's SSL configuration uses), san (DNS:/IP: names a host-name
 * verifier listed).  Fields e already has are kept. */
void txi_wrapper_fields(txi_parser *p, txi_event *e, const char *t, size_t n, const txi_linectx *l);

#endif
