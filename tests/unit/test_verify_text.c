/*
 * test_verify_text.c - OpenSSL's verify results inside other programs'
 * messages (parser/verify_text.c): each form the reader knows (Python,
 * Ruby, libcurl/git, Node.js's texts and codes, the host-name checks), the
 * longest verify text and word boundaries, lines it must leave alone, and
 * through the public API the notices it files - with source "message", once
 * per line, not for a javax.net.ssl exception's line, not again after a curl
 * -v transcript's verify notice in the same connection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../include/tlsexplain.h"
#include "../../parser/dialect_tools.h"
#include "../../parser/verify_text.h"
#include "../json_events.h"
#include "../tx_test.h"

/* The code found in s (-1 if none); the notice's text into text (when not NULL). */
static int find(const char *s, char *text, size_t cap)
{
    txi_verify_hit h;
    if (!txi_verify_text_find(s, strlen(s), &h))
        return -1;
    if (text) {
        size_t n = h.n < cap - 1 ? h.n : cap - 1;
        memcpy(text, h.text, n);
        text[n] = '\0';
    }
    return h.code;
}

static void test_prefix(void)
{
    size_t k = 99;
    CHECK_INT(txi_tool_verify_prefix("certificate has expired (_ssl.c:1006)", 37, &k), 10);
    CHECK_INT(k, 23);
    /* the longest text wins */
    CHECK_INT(txi_tool_verify_prefix("self signed certificate in certificate chain", 44, &k), 19);
    CHECK_INT(k, 44);
    CHECK_INT(txi_tool_verify_prefix("self-signed certificate)", 24, &k), 18);
    CHECK_INT(k, 23);
    /* a text must end at a word's end; "ok" is never a prefix; case counts */
    CHECK_INT(txi_tool_verify_prefix("certificate revokedness", 23, &k), -1);
    CHECK_INT(k, 0);
    CHECK_INT(txi_tool_verify_prefix("ok", 2, &k), -1);
    CHECK_INT(txi_tool_verify_prefix("Certificate has expired", 23, &k), -1);
    /* the whole-text lookup is unchanged */
    CHECK_INT(txi_tool_verify_code("  unable to get local issuer certificate ", 41), 20);
    CHECK_INT(txi_tool_verify_code("OK", 2), 0);
}

static void test_forms(void)
{
    char t[256];
    /* Python 3.7+ */
    CHECK_INT(find("ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)", t, sizeof t), 20);
    CHECK_STR(t, "unable to get local issuer certificate");
    CHECK_INT(find("certificate verify failed: certificate is not yet valid (_ssl.c:1006)", t, sizeof t), 9);
    CHECK_INT(find("certificate verify failed: unsuitable certificate purpose (_ssl.c:1006)", NULL, 0), 26);
    CHECK_INT(find("certificate verify failed: CA signature digest algorithm too weak (_ssl.c:1006)", NULL, 0), 68);
    /* Ruby */
    CHECK_INT(find("SSL_connect returned=1 errno=0 state=error: certificate verify failed (self signed certificate)", t, sizeof t), 18);
    CHECK_STR(t, "self signed certificate");
    /* libcurl, git, PHP */
    CHECK_INT(find("fatal: unable to access 'https://git.example/r.git/': SSL certificate problem: self signed certificate in certificate chain", t, sizeof t), 19);
    CHECK_STR(t, "self signed certificate in certificate chain");
    CHECK_INT(find("SSL certificate problem: invalid CA certificate", NULL, 0), 24);
    CHECK_INT(find("SSL certificate problem: certificate revoked", NULL, 0), 23);
    CHECK_INT(find("SSL certificate problem: EE certificate key too weak", NULL, 0), 66);
    /* Node.js: the text after "Error: ", and the code on a line of its own */
    CHECK_INT(find("Error: unable to verify the first certificate", t, sizeof t), 21);
    CHECK_INT(find("FetchError: request to https://x/ failed, reason: certificate has expired", NULL, 0), -1);
    CHECK_INT(find("  code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'", t, sizeof t), 21);
    CHECK_STR(t, "UNABLE_TO_VERIFY_LEAF_SIGNATURE");
    CHECK_INT(find("code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'", NULL, 0), 20);
    CHECK_INT(find("code: 'UNABLE_TO_GET_ISSUER_CERT'", NULL, 0), 2);
    CHECK_INT(find("{ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }", NULL, 0), 18);
    CHECK_INT(find("code: 'CERT_HAS_EXPIRED'", NULL, 0), 10);
    CHECK_INT(find("code: 'INVALID_CA'", NULL, 0), 24);
    /* a constant inside a longer word is not Node's */
    CHECK_INT(find("X509_V_ERR_CERT_HAS_EXPIRED", NULL, 0), -1);
    CHECK_INT(find("INVALID_CA_NAME", NULL, 0), -1);
    /* the host-name checks */
    CHECK_INT(find("certificate verify failed: Hostname mismatch, certificate is not valid for 'es.internal'. (_ssl.c:1006)", t, sizeof t), 62);
    CHECK_STR(t, "Hostname mismatch, certificate is not valid for 'es.internal'");
    CHECK_INT(find("certificate verify failed: IP address mismatch, certificate is not valid for '10.0.0.7'. (_ssl.c:1006)", t, sizeof t), 64);
    CHECK_STR(t, "IP address mismatch, certificate is not valid for '10.0.0.7'");
    CHECK_INT(find("Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames: Host: elastic. is not in the cert's altnames: DNS:es01", t, sizeof t), 62);
    CHECK_STR(t, "Hostname/IP does not match certificate's altnames: Host: elastic. is not in the cert's altnames: DNS:es01");
    CHECK_INT(find("Hostname/IP doesn't match certificate's altnames: \"IP: 10.0.0.7 is not in the cert's list: \"", NULL, 0), 64);
    CHECK_INT(find("  code: 'ERR_TLS_CERT_ALTNAME_INVALID',", NULL, 0), 62);
    CHECK_INT(find("ssl.CertificateError: hostname 'es.internal' doesn't match 'es01'", t, sizeof t), 62);
    CHECK_STR(t, "hostname 'es.internal' doesn't match 'es01'");
    CHECK_INT(find("curl: (60) SSL: no alternative certificate subject name matches target host name 'es.internal'", t, sizeof t), 62);
    CHECK_STR(t, "no alternative certificate subject name matches target host name 'es.internal'");
    CHECK_INT(find("SSL: certificate subject name 'a.example' does not match target host name 'b.example'", NULL, 0), 62);
}

static void test_not_results(void)
{
    CHECK_INT(find("", NULL, 0), -1);
    /* OpenSSL's error queue: the reason has no verify text after it */
    CHECK_INT(find("error:0A000086:SSL routines:tls_post_process_server_certificate:certificate verify failed:ssl/statem/statem_clnt.c:1889:", NULL, 0), -1);
    CHECK_INT(find("certificate verify failed: something new", NULL, 0), -1);
    CHECK_INT(find("SSL certificate verify ok.", NULL, 0), -1);
    CHECK_INT(find("javax.net.ssl.SSLHandshakeException: PKIX path building failed", NULL, 0), -1);
    CHECK_INT(find("Hostname/IP does not match", NULL, 0), -1);
    CHECK_INT(find("CertificateError: hostname 'x'", NULL, 0), -1);
    CHECK_INT(find("Error: certificate has expiredness", NULL, 0), -1);
    /* a line cut in the middle of a name: the text to the line's end */
    char t[128];
    CHECK_INT(find("Hostname mismatch, certificate is not valid for 'es.int", t, sizeof t), 62);
    CHECK_STR(t, "Hostname mismatch, certificate is not valid for 'es.int");
}

static void test_events(void)
{
    char ev[4096];
    /* one notice per line, joined to the application's connection */
    char *d = tx_test_dump("Error: unable to verify the first certificate\n"
                           "    at TLSSocket.onConnectSecure (node:_tls_wrap:1659:34) {\n"
                           "  code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'\n}\n",
                           0, NULL, NULL, NULL, NULL);
    CHECK(d != NULL);
    if (d) {
        event(d, "notice", 1, ev, sizeof ev);
        HAS(ev, "\"level\":\"verify\"");
        HAS(ev, "\"value\":\"21\"");
        HAS(ev, "\"source\":\"message\"");
        HAS(ev, "\"line\":1,");
        event(d, "notice", 2, ev, sizeof ev);
        HAS(ev, "\"error\":\"UNABLE_TO_VERIFY_LEAF_SIGNATURE\"");
        HAS(ev, "\"line\":3,");
        CHECK_INT(count(d, "notice"), 3); /* the application's ERROR line, then the two */
    }
    free(d);
    /* in a Caused by, behind a logback prefix */
    d = tx_test_dump("2024-01-02 10:11:12,345 ERROR [main] c.e.App - call failed\n"
                     "java.lang.RuntimeException: request failed\n\tat com.example.App.run(App.java:10)\n"
                     "Caused by: ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006)\n"
                     "\tat com.example.client.Api.call(Api.java:42)\n",
                     0, NULL, NULL, NULL, NULL);
    CHECK(d != NULL);
    if (d) {
        HAS(d, "\"level\":\"verify\",\"value\":\"10\",\"text\":\"certificate has expired\",\"source\":\"message\"");
    }
    free(d);
    /* a javax.net.ssl exception's line is the Java rules' */
    d = tx_test_dump("javax.net.ssl.SSLHandshakeException: certificate verify failed: certificate has expired\n"
                     "\tat com.example.App.run(App.java:10)\n",
                     0, NULL, NULL, NULL, NULL);
    CHECK(d != NULL);
    if (d)
        HASNT(d, "\"level\":\"verify\"");
    free(d);
    /* a curl -v transcript's result is counted once: git's message after it adds none */
    d = tx_test_dump("* Connected to git.example (10.0.0.5) port 443 (#0)\n"
                     "* TLSv1.3 (OUT), TLS handshake, Client hello (1):\n"
                     "* TLSv1.3 (IN), TLS handshake, Server hello (2):\n"
                     "* SSL certificate problem: unable to get local issuer certificate\n"
                     "* Closing connection 0\n"
                     "fatal: unable to access 'https://git.example/r.git/': SSL certificate problem: unable to get local issuer certificate\n",
                     0, NULL, NULL, NULL, NULL);
    CHECK(d != NULL);
    if (d) {
        event(d, "notice", 0, ev, sizeof ev);
        HAS(ev, "\"value\":\"20\"");
        HASNT(d, "\"source\":\"message\"");
    }
    free(d);
    /* the same text fed in small chunks */
    d = tx_test_dump("SSL certificate problem: certificate revoked\n", 3, NULL, NULL, NULL, NULL);
    CHECK(d != NULL);
    if (d)
        HAS(d, "\"value\":\"23\"");
    free(d);
}

int main(void)
{
    test_prefix();
    test_forms();
    test_not_results();
    test_events();
    TX_TEST_END();
}
