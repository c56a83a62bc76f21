/*
 * dialect_tools.h - helpers shared by the dialects of tool output
 * (dialect_keytool.c, dialect_openssl.c, dialect_curl.c); implemented in
 * dialect_openssl.c.
 *
 * The tools print the same things as JSSE in other words.  These helpers
 * translate them into the words the JSSE dialects use, so that facts and
 * rules compare like with like:
 *
 *   distinguished names  "C = US, O = x, CN = y" (OpenSSL), "/C=US/O=x/CN=y"
 *                        (OpenSSL 1.0), "C=US; O=x; CN=y" (curl)
 *                        -> "CN=y, O=x, C=US" (Java's order and spacing)
 *   algorithms           "RSA-SHA256", "sha256WithRSAEncryption" -> "SHA256withRSA";
 *                        "rsaEncryption" -> "RSA", "id-ecPublicKey" -> "EC"
 *   verify results       "unable to get local issuer certificate" -> 20
 *                        (OpenSSL's X509_V_ERR_* numbers, which curl and
 *                        s_client print the texts of)
 *   alerts               48 -> "unknown_ca", "unknown CA" -> "unknown_ca"
 */
#ifndef TX_DIALECT_TOOLS_H
#define TX_DIALECT_TOOLS_H

#include <stddef.h>

#include "parser.h"

/* Rewrite a DN as Java prints it into out (capacity cap, NUL-terminated);
 * returns the length.  Values holding a comma are quoted; RFC 2253
 * backslash escapes are undone. */
size_t txi_tool_dn(const char *in, size_t n, char *out, size_t cap);

/* Java's name of a signature / key algorithm (out NUL-terminated). */
size_t txi_tool_sigalg(const char *in, size_t n, char *out, size_t cap);
size_t txi_tool_keyalg(const char *in, size_t n, char *out, size_t cap);

/* OpenSSL's verify error number for its message text, or -1. */
int txi_tool_verify_code(const char *msg, size_t n);
/* The same for the longest verify text msg starts with, matched exactly and
 * ending at a byte that is not part of a word ("certificate has expired
 * (_ssl.c:1006)" -> 10); its length in *len (0 and -1 if none). */
int txi_tool_verify_prefix(const char *msg, size_t n, size_t *len);

/* TLS alert description name ("handshake_failure") for its number, or
 * NULL; for a text ("handshake failure", "unknown CA") into out, 0 if the
 * text names no alert. */
const char *txi_tool_alert_name(int code);
size_t txi_tool_alert_text(const char *in, size_t n, char *out, size_t cap);

/* Emit a "notice" of level "verify": value = code (if >= 0), text = the
 * message, position = depth (if >= 0), subject (if not NULL or empty),
 * filed under thread (NULL: the current connection). */
void txi_tool_verify_notice(txi_parser *p, const txi_linectx *l, int code, const char *msg, size_t n,
                            int depth, const char *subject, const char *thread);

#endif
