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

/* Which store a failure text speaks of: TXI_STORE_KEY (this side's own key:
 * key managers, a server socket, a key-store or client-certificate setting),
 * TXI_STORE_TRUST (trust managers, a trust store, cacerts), both or neither.
 * txi_store_frame: the same for a stack frame "at pkg.Class.method(...)"
 * (key-manager or server-socket code, trust-manager or trust-store code). */
enum { TXI_STORE_KEY = 1, TXI_STORE_TRUST = 2 };
unsigned txi_store_text(const char *t, size_t n);
unsigned txi_store_frame(const char *t, size_t n);
/* The same from the conventional names of the store files t names
 * (".../kafka.client.keystore.jks", "trust.p12", "DemoIdentity.jks"): a weaker
 * reading, for when the texts and frames name no store. */
unsigned txi_store_name(const char *t, size_t n);
/* A frame that makes one store the likelier without proving it (a server
 * connector's TLS set-up: the key store): TXI_STORE_KEY or 0. */
unsigned txi_store_frame_hint(const char *t, size_t n);
/* The field "store" (key | trust) for bits naming exactly one store. */
void txi_store_field(txi_parser *p, txi_event *e, unsigned bits);
/* The field "store_hint" (key | trust) from txi_store_name's bits, when e has
 * no "store". */
void txi_store_hint_field(txi_parser *p, txi_event *e, unsigned bits);
/* Both for a logged text: "store" from its words, else "store_hint" from the
 * names of the store files it names. */
void txi_store_of_text(txi_parser *p, txi_event *e, const char *t, size_t n);

#endif
