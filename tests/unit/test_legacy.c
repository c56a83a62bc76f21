/*
 * test_legacy.c - the legacy SunJSSE and IBM JSSE2 dialects.
 *
 * Each case feeds a small log through txi_parser_new() with a sink that
 * records every event and every retired connection, then checks fields,
 * connections, roles and flags.
 *
 * With file arguments the program prints, per file, the connections it
 * found (thread, role, flags, events by type): a debugging aid,
 *   build/legacy/tests/test_legacy fixtures/public/015-*.log
 */
#include <stdlib.h>
#include <string.h>

#include "parser/dialect.h"
#include "parser/parser.h"
#include "tests/tx_test.h"

#define MAXEV 256
#define MAXCONN 32

typedef struct {
    int type;
    uint32_t conn;
    uint64_t line;
    char text[12288]; /* "field=value|field=value|" */
} rec_ev;

typedef struct {
    uint32_t id;
    char thread[64];
    int role;
    uint32_t flags;
    unsigned nevents;
} rec_conn;

typedef struct {
    rec_ev ev[MAXEV];
    unsigned nev;
    rec_conn conn[MAXCONN];
    unsigned nconn;
    txi_stats stats;
} capture;

/* Connections are recorded from their events (the state after each one),
 * not from retire(): that also sees connections the parser never retires. */
static void note_conn(capture *cap, const txi_conn *c)
{
    rec_conn *r = NULL;
    for (unsigned i = 0; i < cap->nconn && !r; i++)
        if (cap->conn[i].id == c->id)
            r = &cap->conn[i];
    if (!r && cap->nconn < MAXCONN)
        r = &cap->conn[cap->nconn++];
    if (!r)
        return;
    r->id = c->id;
    snprintf(r->thread, sizeof r->thread, "%s", c->thread ? c->thread : "");
    r->role = c->role;
    r->flags = c->flags;
    r->nevents = c->nevents;
}

static void on_event(void *ud, const txi_event *e, const txi_conn *c)
{
    capture *cap = ud;
    if (c)
        note_conn(cap, c);
    if (cap->nev >= MAXEV)
        return;
    rec_ev *r = &cap->ev[cap->nev++];
    r->type = e->type;
    r->conn = e->conn;
    r->line = e->src ? e->src->no : 0;
    size_t off = 0;
    r->text[0] = '\0';
    for (unsigned i = 0; i < e->nfields && off < sizeof r->text; i++) {
        int k = snprintf(r->text + off, sizeof r->text - off, "%s=%s|", txi_field_name(e->fields[i].id),
                         e->fields[i].val);
        if (k < 0)
            break;
        off += (size_t)k;
    }
}

static void on_retire(void *ud, txi_conn *c)
{
    note_conn(ud, c);
    txi_conn_free(c);
}

/* Feed text in chunks of step bytes (0: all at once). */
static capture *run(const char *text, size_t step)
{
    capture *cap = calloc(1, sizeof *cap);
    txi_sink sink = {cap, on_event, on_retire, NULL};
    txi_parser *p = txi_parser_new("t", &sink);
    size_t n = strlen(text);
    if (!step)
        step = n ? n : 1;
    for (size_t off = 0; off < n; off += step)
        txi_parser_feed(p, text + off, n - off < step ? n - off : step);
    txi_parser_finish(p);
    cap->stats = *txi_parser_stats(p);
    txi_parser_free(p);
    return cap;
}

/* The k-th event (0-based) of a type, or NULL. */
static const rec_ev *nth(const capture *cap, int type, int k)
{
    for (unsigned i = 0; i < cap->nev; i++)
        if (cap->ev[i].type == type && k-- == 0)
            return &cap->ev[i];
    return NULL;
}

static int count(const capture *cap, int type)
{
    int n = 0;
    for (unsigned i = 0; i < cap->nev; i++)
        n += cap->ev[i].type == type;
    return n;
}

/* Does the event have "field=value"? */
static int has(const rec_ev *e, const char *fv)
{
    if (!e)
        return 0;
    char buf[256];
    snprintf(buf, sizeof buf, "%s|", fv);
    const char *t = e->text;
    size_t n = strlen(buf);
    for (;;) {
        if (strncmp(t, buf, n) == 0)
            return 1;
        t = strchr(t, '|');
        if (!t || !*++t)
            return 0;
    }
}

static const rec_conn *conn_of(const capture *cap, uint32_t id)
{
    for (unsigned i = 0; i < cap->nconn; i++)
        if (cap->conn[i].id == id)
            return &cap->conn[i];
    return NULL;
}

/* ---- samples ------------------------------------------------------------------ */

static const char client_log[] =
    "trustStore is: /etc/pki/java/cacerts\n"
    "trustStore type is : jks\n"
    "trustStore provider is : \n"
    "init truststore\n"
    "adding as trusted cert:\n"
    "  Subject: CN=Test Root, O=Test\n"
    "  Issuer:  CN=Test Root, O=Test\n"
    "  Algorithm: RSA; Serial number: 0x1\n"
    "  Valid from Mon Nov 25 17:27:06 CST 2019 until Sun Feb 23 17:27:06 CST 2030\n"
    "\n"
    "keyStore is : \n"
    "keyStore type is : jks\n"
    "init keystore\n"
    "Allow unsafe renegotiation: false\n"
    "%% No cached client session\n"
    "*** ClientHello, TLSv1.2\n"
    "RandomCookie:  GMT: 1557831352 bytes = { 218, 232, 197 }\n"
    "Session ID:  {}\n"
    "Cipher Suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_RSA_WITH_AES_128_CBC_SHA]\n"
    "Extension server_name, server_name: [type=host_name (0), value=www.example.com]\n"
    "***\n"
    "main, WRITE: TLSv1.2 Handshake, length = 207\n"
    "main, READ: TLSv1.2 Handshake, length = 1277\n"
    "*** ServerHello, TLSv1.2\n"
    "RandomCookie:  GMT: -446688863 bytes = { 1, 2, 3 }\n"
    "Cipher Suite: TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n"
    "***\n"
    "%% Initialized:  [Session-1, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]\n"
    "** TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n"
    "*** Certificate chain\n"
    "chain [0] = [\n"
    "[\n"
    "  Version: V3\n"
    "  Subject: CN=www.example.com, O=Example\n"
    "  Signature Algorithm: SHA256withRSA, OID = 1.2.840.113549.1.1.11\n"
    "\n"
    "  Key:  Sun RSA public key, 2048 bits\n"
    "  modulus: 2353238730228971529016\n"
    "  public exponent: 65537\n"
    "  Validity: [From: Mon Nov 25 17:27:06 CST 2019,\n"
    "               To: Sun Feb 23 17:27:06 CST 2020]\n"
    "  Issuer: CN=Test CA, O=Test\n"
    "  SerialNumber: [    363fa17d 5c46082c]\n"
    "\n"
    "Certificate Extensions: 3\n"
    "[1]: ObjectId: 2.5.29.19 Criticality=true\n"
    "BasicConstraints:[\n"
    "  CA:false\n"
    "  PathLen: undefined\n"
    "]\n"
    "\n"
    "[2]: ObjectId: 2.5.29.15 Criticality=true\n"
    "KeyUsage [\n"
    "  DigitalSignature\n"
    "  Key_Encipherment\n"
    "]\n"
    "\n"
    "[3]: ObjectId: 2.5.29.17 Criticality=false\n"
    "SubjectAlternativeName [\n"
    "  DNSName: www.example.com\n"
    "  IPAddress: 10.0.0.1\n"
    "]\n"
    "\n"
    "]\n"
    "  Algorithm: [SHA256withRSA]\n"
    "  Signature:\n"
    "0000: 3E 6C 59 80 D3 56 4D 69   C0 73 97 73 81 24 F7 09  >lY..VMi.s.s.$..\n"
    "\n"
    "]\n"
    "chain [1] = [\n"
    "[\n"
    "  Version: V3\n"
    "  Subject: CN=Test CA, O=Test\n"
    "  Key:  Sun EC public key, 256 bits\n"
    "  Validity: [From: Mon Nov 25 17:27:06 CST 2019,\n"
    "               To: Sun Feb 23 17:27:06 CST 2029]\n"
    "  Issuer: CN=Test Root, O=Test\n"
    "  SerialNumber: [    02]\n"
    "\n"
    "Certificate Extensions: 1\n"
    "[1]: ObjectId: 2.5.29.19 Criticality=true\n"
    "BasicConstraints:[\n"
    "  CA:true\n"
    "  PathLen:0\n"
    "]\n"
    "]\n"
    "  Algorithm: [SHA256withRSA]\n"
    "  Signature:\n"
    "]\n"
    "***\n"
    "Found trusted certificate:\n"
    "[\n"
    "[\n"
    "  Version: V3\n"
    "  Subject: CN=Test Root, O=Test\n"
    "  Issuer: CN=Test Root, O=Test\n"
    "]\n"
    "]\n"
    "*** ECDH ServerKeyExchange\n"
    "Signature Algorithm SHA512withRSA\n"
    "Server key: Sun EC public key, 256 bits\n"
    "*** ServerHelloDone\n"
    "*** ECDHClientKeyExchange\n"
    "ECDH Public value:  { 4, 189, 25 }\n"
    "main, WRITE: TLSv1.2 Handshake, length = 70\n"
    "SESSION KEYGEN:\n"
    "main, WRITE: TLSv1.2 Change Cipher Spec, length = 1\n"
    "*** Finished\n"
    "verify_data:  { 119, 179, 137 }\n"
    "***\n"
    "main, WRITE: TLSv1.2 Handshake, length = 96\n"
    "main, READ: TLSv1.2 Change Cipher Spec, length = 1\n"
    "main, READ: TLSv1.2 Handshake, length = 96\n"
    "*** Finished\n"
    "verify_data:  { 70, 144, 11 }\n"
    "***\n"
    "%% Cached client session: [Session-1, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]\n"
    "main, called close()\n"
    "main, SEND TLSv1.2 ALERT:  warning, description = close_notify\n"
    "main, WRITE: TLSv1.2 Alert, length = 80\n";

static void test_client_handshake(size_t step)
{
    capture *c = run(client_log, step);
    const rec_ev *e;

    e = nth(c, TXE_TRUSTSTORE, 0);
    CHECK(has(e, "path=/etc/pki/java/cacerts"));
    CHECK(has(e, "store_type=jks"));
    CHECK(has(e, "subjects=CN=Test Root, O=Test"));
    CHECK(has(e, "count=1"));
    e = nth(c, TXE_KEYSTORE, 0);
    CHECK(has(e, "store_type=jks"));

    e = nth(c, TXE_HANDSHAKE, 0);
    CHECK(has(e, "message=ClientHello"));
    CHECK(has(e, "direction=sent"));
    CHECK(has(e, "version=TLSv1.2"));
    CHECK(has(e, "ciphers=TLS_RSA_WITH_AES_128_CBC_SHA"));
    CHECK(has(nth(c, TXE_SNI, 0), "name=www.example.com"));
    CHECK(has(nth(c, TXE_SNI, 0), "direction=sent"));
    CHECK(has(nth(c, TXE_HANDSHAKE, 1), "message=ServerHello"));
    CHECK(has(nth(c, TXE_HANDSHAKE, 1), "direction=received"));
    e = nth(c, TXE_NEGOTIATED, 0);
    CHECK(has(e, "version=TLSv1.2"));
    CHECK(has(e, "cipher=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));

    /* the chain */
    CHECK_INT(count(c, TXE_CERTIFICATE), 2);
    e = nth(c, TXE_CERTIFICATE, 0);
    CHECK(has(e, "position=0"));
    CHECK(has(e, "source=server"));
    CHECK(has(e, "subject=CN=www.example.com, O=Example"));
    CHECK(has(e, "issuer=CN=Test CA, O=Test"));
    CHECK(has(e, "serial=363fa17d 5c46082c"));
    CHECK(has(e, "not_before=Mon Nov 25 17:27:06 CST 2019"));
    CHECK(has(e, "not_after=Sun Feb 23 17:27:06 CST 2020"));
    CHECK(has(e, "key_alg=RSA"));
    CHECK(has(e, "key_size=2048"));
    CHECK(has(e, "sig_alg=SHA256withRSA"));
    CHECK(has(e, "san=DNS:www.example.com"));
    CHECK(has(e, "san=IP:10.0.0.1"));
    CHECK(has(e, "ca=false"));
    CHECK(!strstr(e->text, "pathlen="));
    CHECK(has(e, "key_usage=DigitalSignature"));
    CHECK(has(e, "key_usage=Key_Encipherment"));
    CHECK(has(e, "self_signed=false"));
    e = nth(c, TXE_CERTIFICATE, 1);
    CHECK(has(e, "position=1"));
    CHECK(has(e, "key_alg=EC"));
    CHECK(has(e, "key_size=256"));
    CHECK(has(e, "ca=true"));
    CHECK(has(e, "pathlen=0"));
    CHECK(has(e, "not_after=Sun Feb 23 17:27:06 CST 2029"));
    e = nth(c, TXE_HANDSHAKE, 2);
    CHECK(has(e, "message=Certificate"));
    CHECK(has(e, "direction=received"));
    CHECK(has(e, "count=2"));
    CHECK(has(nth(c, TXE_TRUSTED, 0), "subject=CN=Test Root, O=Test"));
    CHECK(has(nth(c, TXE_TRUSTED, 0), "self_signed=true"));

    CHECK(has(nth(c, TXE_HANDSHAKE, 3), "message=ServerKeyExchange"));
    CHECK(has(nth(c, TXE_HANDSHAKE, 3), "direction=received"));
    CHECK(has(nth(c, TXE_HANDSHAKE, 4), "message=ServerHelloDone"));
    CHECK(has(nth(c, TXE_HANDSHAKE, 5), "message=ClientKeyExchange"));
    CHECK(has(nth(c, TXE_HANDSHAKE, 5), "direction=sent"));
    CHECK(has(nth(c, TXE_HANDSHAKE, 6), "message=Finished"));
    CHECK(has(nth(c, TXE_HANDSHAKE, 6), "direction=sent"));
    CHECK(has(nth(c, TXE_HANDSHAKE, 7), "message=Finished"));
    CHECK(has(nth(c, TXE_HANDSHAKE, 7), "direction=received"));
    CHECK(has(nth(c, TXE_ALERT, 0), "origin=local"));
    CHECK(has(nth(c, TXE_ALERT, 0), "level=warning"));
    CHECK(has(nth(c, TXE_ALERT, 0), "description=close_notify"));

    /* one connection, thread main, client, complete */
    CHECK_INT(c->nconn, 1);
    CHECK_STR(c->conn[0].thread, "main");
    CHECK_INT(c->conn[0].role, TXI_ROLE_CLIENT);
    CHECK(c->conn[0].flags & TXI_CONN_FINISHED);
    CHECK(!(c->conn[0].flags & TXI_CONN_FAILED));
    for (unsigned i = 0; i < c->nev; i++)
        CHECK(c->ev[i].conn == 0 || c->ev[i].conn == c->conn[0].id);
    free(c);
}

/* The printed GMT has signed-byte arithmetic: 1557831352 is 2019-11-25 09:32:40 UTC. */
static void test_cookie_time(void)
{
    capture *c = run(client_log, 0);
    txi_sink sink = {NULL, NULL, NULL, NULL};
    txi_parser *p = txi_parser_new("t", &sink);
    txi_parser_feed(p, client_log, strlen(client_log));
    txi_parser_finish(p);
    CHECK_INT(txi_parser_log_time(p), 1574674360);
    txi_parser_free(p);
    free(c);
}

/* "fatal: engine already closed.  Rethrowing X: text" repeats an exception the
 * log already showed: an event of its own only in an excerpt without it. */
static void test_rethrow(void)
{
    const char *alone = "HttpClient@1-16, fatal: engine already closed.  Rethrowing javax.net.ssl.SSLException: "
                        "Received fatal alert: handshake_failure\n"
                        "HttpClient@1-16, fatal: engine already closed.  Rethrowing javax.net.ssl.SSLException: "
                        "Received fatal alert: handshake_failure\n";
    capture *c = run(alone, 0);
    CHECK_INT(count(c, TXE_EXCEPTION), 1);
    const rec_ev *e = nth(c, TXE_EXCEPTION, 0);
    CHECK(has(e, "class=javax.net.ssl.SSLException"));
    free(c);
    const char *full = "main, handling exception: javax.net.ssl.SSLHandshakeException: null cert chain\n"
                       "main, SEND TLSv1.2 ALERT:  fatal, description = bad_certificate\n"
                       "main, fatal: engine already closed.  Rethrowing javax.net.ssl.SSLHandshakeException: "
                       "null cert chain\n";
    c = run(full, 0);
    CHECK_INT(count(c, TXE_EXCEPTION), 1);
    free(c);
    /* without "Rethrowing" the line says nothing */
    c = run("main, fatal: engine already closed\n", 0);
    CHECK_INT(count(c, TXE_EXCEPTION), 0);
    free(c);
}

/* Validity on one line, and a certificate cut off by the end of input. */
static void test_truncated_chain(void)
{
    static const char log[] = "*** Certificate chain\n"
                              "chain [0] = [\n"
                              "[\n"
                              "  Version: V3\n"
                              "  Subject: CN=cut.example.com\n"
                              "  Validity: [From: Thu Feb 18 16:00:00 PST 2016, To: Sat Feb 18 16:00:00 PST 2017]\n"
                              "  Issuer: CN=Issuer\n"
                              "  SerialNumber: [    01";
    capture *c = run(log, 0);
    const rec_ev *e = nth(c, TXE_CERTIFICATE, 0);
    CHECK(e != NULL);
    CHECK(has(e, "subject=CN=cut.example.com"));
    CHECK(has(e, "issuer=CN=Issuer"));
    CHECK(has(e, "not_before=Thu Feb 18 16:00:00 PST 2016"));
    CHECK(has(e, "not_after=Sat Feb 18 16:00:00 PST 2017"));
    CHECK(has(e, "serial=01"));
    CHECK(has(nth(c, TXE_HANDSHAKE, 0), "count=1"));
    CHECK(c->stats.truncated_block);
    free(c);

    /* cut right after the chain line: nothing half-read is filed */
    c = run("*** Certificate chain\nchain [0] = [\n", 0);
    CHECK_INT(count(c, TXE_CERTIFICATE), 0);
    CHECK_INT(count(c, TXE_HANDSHAKE), 1);
    free(c);
}

static void test_alert_origin(void)
{
    static const char log[] = "%% Invalidated:  [Session-3, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]\n"
                              "main, SEND TLSv1.2 ALERT:  fatal, description = certificate_unknown\n"
                              "main, WRITE: TLSv1.2 Alert, length = 2\n"
                              "main, called closeSocket()\n"
                              "main, handling exception: javax.net.ssl.SSLHandshakeException: "
                              "sun.security.validator.ValidatorException: PKIX path building failed: "
                              "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid "
                              "certification path to requested target\n"
                              "Thread-9, RECV TLSv1 ALERT:  fatal, handshake_failure\n";
    capture *c = run(log, 0);
    const rec_ev *e = nth(c, TXE_CLOSE, 0);
    CHECK(has(e, "reason=invalidated"));
    CHECK(has(e, "cipher=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
    e = nth(c, TXE_ALERT, 0);
    CHECK(has(e, "level=fatal"));
    CHECK(has(e, "description=certificate_unknown"));
    CHECK(has(e, "origin=local"));
    CHECK(has(e, "message=PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: "
                 "unable to find valid certification path to requested target"));
    e = nth(c, TXE_EXCEPTION, 0);
    CHECK(has(e, "class=javax.net.ssl.SSLHandshakeException"));
    CHECK(has(e, "origin=local"));
    CHECK(has(e, "causes=sun.security.validator.ValidatorException: PKIX path building failed: "
                 "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification "
                 "path to requested target"));
    CHECK(has(e, "root=sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid "
                 "certification path to requested target"));
    e = nth(c, TXE_ALERT, 1);
    CHECK(has(e, "origin=peer"));
    CHECK(has(e, "description=handshake_failure"));
    /* close, alert and exception of main in one connection; Thread-9 its own */
    CHECK_INT(c->nconn, 2);
    CHECK(nth(c, TXE_CLOSE, 0)->conn == nth(c, TXE_ALERT, 0)->conn);
    CHECK(nth(c, TXE_EXCEPTION, 0)->conn == nth(c, TXE_ALERT, 0)->conn);
    CHECK(nth(c, TXE_ALERT, 1)->conn != nth(c, TXE_ALERT, 0)->conn);
    CHECK_STR(conn_of(c, nth(c, TXE_ALERT, 0)->conn)->thread, "main");
    CHECK_STR(conn_of(c, nth(c, TXE_ALERT, 1)->conn)->thread, "Thread-9");
    free(c);

    /* exception first, then the alert (Tomcat 6 order); a wrapped line (a pasted page) */
    c = run("\thttp-8443-1, handling exception: javax.net.ssl.SSLHandshakeException: Remote host closed connection "
            "during handshake\n"
            "\thttp-8443-1, SEND TLSv1 ALERT:  fatal, description = handshake_failure\n"
            ".RECV TLSv1 ALERT: fatal, handshake_failure\n"
            "\n"
            "  handling exception: javax.net.ssl.SSLHandshakeException: Received fatal alert:\n"
            "  handshake_failure\n",
            0);
    CHECK(has(nth(c, TXE_ALERT, 0), "message=Remote host closed connection during handshake"));
    CHECK(has(nth(c, TXE_ALERT, 1), "origin=peer"));
    CHECK(has(nth(c, TXE_ALERT, 1), "level=fatal"));
    CHECK(has(nth(c, TXE_EXCEPTION, 1), "message=Received fatal alert: handshake_failure"));
    free(c);
}

/* The server side: a READ before the ClientHello. */
static void test_server_role(void)
{
    static const char log[] = "http-nio-8443-exec-1, READ: TLSv1.2 Handshake, length = 200\n"
                              "*** ClientHello, TLSv1.2\n"
                              "RandomCookie:  GMT: 1 bytes = { 1 }\n"
                              "Cipher Suites: [TLS_RSA_WITH_AES_128_CBC_SHA]\n"
                              "***\n"
                              "*** ServerHello, TLSv1.2\n"
                              "Cipher Suite: TLS_RSA_WITH_AES_128_CBC_SHA\n"
                              "***\n"
                              "*** Certificate chain\n"
                              "chain [0] = [\n"
                              "[\n"
                              "  Subject: CN=server\n"
                              "  Issuer: CN=ca\n"
                              "]\n"
                              "]\n"
                              "***\n"
                              "*** ServerHelloDone\n"
                              "http-nio-8443-exec-1, WRITE: TLSv1.2 Handshake, length = 1000\n"
                              "http-nio-8443-exec-1, READ: TLSv1.2 Handshake, length = 70\n"
                              "*** ClientKeyExchange, RSA PreMasterSecret, TLSv1.2\n"
                              "http-nio-8443-exec-1, READ: TLSv1.2 Change Cipher Spec, length = 1\n"
                              "*** Finished\n"
                              "***\n"
                              "http-nio-8443-exec-1, WRITE: TLSv1.2 Change Cipher Spec, length = 1\n"
                              "*** Finished\n"
                              "***\n";
    capture *c = run(log, 7);
    CHECK(has(nth(c, TXE_HANDSHAKE, 0), "direction=received"));
    CHECK(has(nth(c, TXE_HANDSHAKE, 1), "direction=sent"));
    CHECK(has(nth(c, TXE_CERTIFICATE, 0), "source=server"));
    CHECK(has(nth(c, TXE_HANDSHAKE, 2), "message=Certificate"));
    CHECK(has(nth(c, TXE_HANDSHAKE, 2), "direction=sent"));
    CHECK(has(nth(c, TXE_HANDSHAKE, 4), "message=ClientKeyExchange"));
    CHECK(has(nth(c, TXE_HANDSHAKE, 4), "direction=received"));
    CHECK(has(nth(c, TXE_HANDSHAKE, 5), "direction=received"));
    CHECK(has(nth(c, TXE_HANDSHAKE, 6), "direction=sent"));
    CHECK_INT(c->nconn, 1);
    CHECK_INT(c->conn[0].role, TXI_ROLE_SERVER);
    CHECK_STR(c->conn[0].thread, "http-nio-8443-exec-1");
    CHECK(c->conn[0].flags & TXI_CONN_FINISHED);
    free(c);
}

/* SSLEngine: records of one handshake on two threads; "fatal error" + throwable. */
static void test_thread_attribution(void)
{
    static const char log[] = "*** ClientHello, TLSv1\n"
                              "Cipher Suites: [SSL_RSA_WITH_RC4_128_MD5]\n"
                              "***\n"
                              "main, WRITE: TLSv1 Handshake, length = 75\n"
                              "main, WRITE: SSLv2 client hello message, length = 101\n"
                              "IoReceiver - host/10.0.0.1:10128, READ: TLSv1 Handshake, length = 804\n"
                              "*** ServerHello, TLSv1\n"
                              "Cipher Suite: SSL_RSA_WITH_RC4_128_MD5\n"
                              "***\n"
                              "*** ServerHelloDone\n"
                              "Thread-2, READ: TLSv1 Handshake, length = 10\n"
                              "IoReceiver - host/10.0.0.1:10128, fatal error: 46: General SSLEngine problem\n"
                              "sun.security.validator.ValidatorException: PKIX path building failed\n"
                              "IoReceiver - host/10.0.0.1:10128, SEND TLSv1 ALERT:  fatal, description = "
                              "certificate_unknown\n"
                              "other-thread, SEND TLSv1 ALERT:  warning, description = close_notify\n";
    capture *c = run(log, 0);
    const rec_ev *hello = nth(c, TXE_HANDSHAKE, 0);
    CHECK(has(hello, "versions=SSLv2Hello"));
    CHECK(has(hello, "direction=sent"));
    const rec_conn *main = conn_of(c, hello->conn);
    CHECK(main != NULL);
    if (main)
        CHECK_STR(main->thread, "main");
    /* the reader thread's events join main's connection */
    CHECK(nth(c, TXE_HANDSHAKE, 1)->conn == hello->conn);
    const rec_ev *x = nth(c, TXE_EXCEPTION, 0);
    CHECK(has(x, "class=sun.security.validator.ValidatorException"));
    CHECK(has(x, "message=PKIX path building failed"));
    CHECK(x->conn == hello->conn);
    CHECK(nth(c, TXE_ALERT, 0)->conn == hello->conn);
    CHECK(has(nth(c, TXE_ALERT, 0), "message=PKIX path building failed"));
    CHECK(nth(c, TXE_ALERT, 1)->conn != hello->conn);
    free(c);
}

/* CRLF line ends, an SSLv2 hello without a "***" line, no threads at all. */
static void test_crlf_v2hello(void)
{
    static const char log[] = "WRITE: TLSv1 Handshake, length = 75\r\n"
                              "WRITE: SSLv2 client hello message, length = 101\r\n"
                              "received EOFException: error\r\n"
                              "handling exception: javax.net.ssl.SSLHandshakeException: Remote host closed "
                              "connection during handshake\r\n"
                              "SEND TLSv1 ALERT:  fatal, description = handshake_failure\r\n"
                              "*** Certificate chain\r\n"
                              "chain [0] = [\r\n"
                              "[\r\n"
                              "  Subject: CN=crlf\r\n"
                              "  Validity: [From: Thu Feb 18 16:00:00 PST 2016,\r\n"
                              "               To: Sat Feb 18 16:00:00 PST 2017]\r\n"
                              "  Issuer: CN=crlf\r\n"
                              "]\r\n"
                              "]\r\n"
                              "***\r\n";
    capture *c = run(log, 3);
    const rec_ev *e = nth(c, TXE_HANDSHAKE, 0);
    CHECK(has(e, "message=ClientHello"));
    CHECK(has(e, "version=TLSv1"));
    CHECK(has(e, "versions=SSLv2Hello"));
    CHECK(has(nth(c, TXE_ALERT, 0), "message=Remote host closed connection during handshake"));
    e = nth(c, TXE_CERTIFICATE, 0);
    CHECK(has(e, "subject=CN=crlf"));
    CHECK(has(e, "not_after=Sat Feb 18 16:00:00 PST 2017"));
    CHECK(has(e, "self_signed=true"));
    CHECK(e && !strchr(e->text, '\r'));
    CHECK_INT(c->nconn, 1);
    free(c);
}

/* IBM JSSE2: SSL_ suites, provider lines, WebSphere prefixes and trace. */
static void test_ibm(void)
{
    static const char log[] =
        "IBMJSSEProvider2 Build-Level: -20130318\n"
        "IBMJSSEProvider2 Build-Level: -20130318\n"
        "Installed Providers = \n"
        "        IBMJSSE2\n"
        "        IBMJCE\n"
        "JsseJCE:  Using SecureRandom IBMSecureRandom from provider IBMJCE version 1.7\n"
        "IBMJSSE2 will allow RFC 5746 renegotiation per com.ibm.jsse2.renegotiate set to none or default\n"
        "[3/3/10 11:30:11:828 JST] 00000021 SystemOut     O   *** ClientHello, TLSv1\n"
        "[3/3/10 11:30:11:828 JST] 00000021 SystemOut     O   Cipher Suites: [SSL_RSA_WITH_RC4_128_MD5, "
        "SSL_ECDHE_RSA_WITH_AES_256_GCM_SHA384,SSL_RSA_WITH_AES_128_CBC_SHA,, SSL_RSA_WITH_3DES_EDE_CBC_SHA]\n"
        "[3/3/10 11:30:11:937 JST] 00000021 SystemOut     O   *** ServerHello, TLSv1\n"
        "[3/3/10 11:30:11:937 JST] 00000021 SystemOut     O   Cipher Suite: SSL_ECDHE_RSA_WITH_AES_256_GCM_SHA384\n"
        "[3/3/10 11:30:11:968 JST] 00000021 SystemOut     O   *** Certificate chain\n"
        "[3/3/10 11:30:11:984 JST] 00000021 SystemOut     O   chain [0] = [\n"
        "[ Version: V3\n"
        "  Subject: CN=mods.example.com, O=IBM\n"
        " Validity: [From: Sun Feb 28 09:00:00 JST 2010,\n"
        "               To: Mon Mar 15 08:59:59 JST 2010]\n"
        "  Issuer: CN=Test CA\n"
        "  SerialNumber: [75567502602804770198902073950259089487]\n"
        "[3/3/10 11:30:11:984 JST] 00000021 WSX509TrustMa >  checkServerTrusted Entry\n"
        "[3/3/10 11:30:12:062 JST] 00000021 WSX509TrustMa 3   Server is trusted by all X509TrustManagers.\n"
        "[3/3/10 11:30:12:093 JST] 00000021 SystemOut     O   *** ServerHelloDone\n"
        "[3/3/10 11:30:12:093 JST] 00000021 SystemOut     O   RSA matching alias: default\n"
        "Negotiating: [Session-10387, SSL_ECDHE_RSA_WITH_AES_256_GCM_SHA384]\n"
        "[3/3/10 11:30:12:328 JST] 00000021 SystemOut     O   WebContainer : 0, WRITE: TLSv1 Change Cipher Spec, "
        "length = 1\n"
        "[3/3/10 11:30:12:359 JST] 00000021 SystemOut     O   *** Finished\n"
        "[3/3/10 11:30:12:375 JST] 00000021 SystemOut     O   WebContainer : 0, READ: TLSv1 Change Cipher Spec, "
        "length = 1\n"
        "[3/3/10 11:30:12:375 JST] 00000021 SystemOut     O   *** Finished\n";
    capture *c = run(log, 0);
    CHECK_INT(count(c, TXE_CONFIG), 3);
    CHECK(has(nth(c, TXE_CONFIG, 0), "key=provider"));
    CHECK(has(nth(c, TXE_CONFIG, 0), "value=IBMJSSEProvider2 -20130318"));
    CHECK(has(nth(c, TXE_CONFIG, 1), "value=IBMJSSE2, IBMJCE"));
    CHECK(has(nth(c, TXE_CONFIG, 2), "key=com.ibm.jsse2.renegotiate"));
    const rec_ev *e = nth(c, TXE_HANDSHAKE, 0);
    CHECK(has(e, "ciphers=SSL_RSA_WITH_RC4_128_MD5"));
    CHECK(has(e, "ciphers=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"));
    CHECK(has(e, "ciphers=TLS_RSA_WITH_AES_128_CBC_SHA"));
    CHECK(has(e, "ciphers=SSL_RSA_WITH_3DES_EDE_CBC_SHA"));
    CHECK(has(nth(c, TXE_NEGOTIATED, 0), "cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"));
    CHECK_INT(count(c, TXE_NEGOTIATED), 1); /* "Negotiating:" repeats the ServerHello */
    e = nth(c, TXE_CERTIFICATE, 0);
    CHECK(has(e, "subject=CN=mods.example.com, O=IBM"));
    CHECK(has(e, "issuer=CN=Test CA"));
    CHECK(has(e, "not_after=Mon Mar 15 08:59:59 JST 2010"));
    CHECK(has(e, "serial=75567502602804770198902073950259089487"));
    CHECK(has(nth(c, TXE_NOTICE, 0), "text=Server is trusted by all X509TrustManagers."));
    CHECK(has(nth(c, TXE_NOTICE, 1), "text=RSA matching alias: default"));
    CHECK(has(nth(c, TXE_HANDSHAKE, 4), "message=Finished"));
    CHECK(has(nth(c, TXE_HANDSHAKE, 4), "direction=sent"));
    CHECK(has(nth(c, TXE_HANDSHAKE, 5), "direction=received"));
    CHECK_INT(c->nconn, 1);
    CHECK_STR(c->conn[0].thread, "WebContainer : 0");
    CHECK(c->conn[0].flags & TXI_CONN_FINISHED);
    free(c);
}

/* Lines of other formats stay theirs. */
static void test_foreign_lines(void)
{
    static const char log[] =
        "javax.net.ssl.SSLHandshakeException: PKIX path building failed: x\n"
        "\tat sun.security.ssl.Alert.createSSLException(Alert.java:131)\n"
        "Caused by: sun.security.validator.ValidatorException: PKIX path building failed\n"
        "Warning: the JKS keystore uses a proprietary format\n"
        "  Subject: CN=not a listing\n"
        "chain of events, nothing more\n"
        "2024-05-01 10:00:00 INFO main, WRITE: something\n";
    capture *c = run(log, 0);
    CHECK_INT(c->stats.dialect_lines[TXI_DIALECT_LEGACY], 0);
    CHECK_INT(c->stats.dialect_lines[TXI_DIALECT_IBM], 0);
    free(c);
}

/* Garbage: NULs, a huge line, unbalanced brackets. */
static void test_garbage(void)
{
    size_t n = 3u << 20;
    char *big = malloc(n + 64);
    memcpy(big, "*** Certificate chain\nchain [0] = [\n", 36);
    memset(big + 36, '[', n);
    memcpy(big + 36 + n, "\n\0\n]]]\n***\n", 11);
    static const char nul[] = "chain [0] = [\n[[[[[\n\0\0\0\n  Subject: CN=x\0y\n";
    txi_sink sink0 = {NULL, NULL, NULL, NULL};
    txi_parser *p0 = txi_parser_new("t", &sink0);
    txi_parser_feed(p0, nul, sizeof nul - 1);
    txi_parser_finish(p0);
    CHECK(txi_parser_stats(p0)->binary_lines >= 1);
    txi_parser_free(p0);
    txi_sink sink = {NULL, NULL, NULL, NULL};
    txi_parser *p = txi_parser_new("t", &sink);
    txi_parser_feed(p, big, 36 + n + 11);
    txi_parser_finish(p);
    txi_parser_finish(p); /* idempotent */
    CHECK(txi_parser_stats(p)->long_lines >= 1);
    txi_parser_free(p);
    free(big);
}

/* Certificate message counts; "Negotiating:" before and without a ServerHello. */
static void test_counts_negotiating(void)
{
    /* no "verbose": the chain is not printed, so its length is unknown */
    capture *c = run("main, READ: TLSv1.2 Handshake, length = 10\n"
                     "*** ClientHello, TLSv1.2\n"
                     "***\n"
                     "%% Negotiating:  [Session-1, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]\n"
                     "*** ServerHello, TLSv1.2\n"
                     "***\n"
                     "*** Certificate chain\n"
                     "*** CertificateRequest\n"
                     "Cert Types: RSA, DSS\n"
                     "Cert Authorities:\n"
                     "<Empty>\n"
                     "*** ServerHelloDone\n"
                     "main, WRITE: TLSv1.2 Handshake, length = 10\n"
                     "main, READ: TLSv1.2 Handshake, length = 10\n"
                     "*** Certificate chain\n"
                     "<Empty>\n"
                     "Warning: no suitable certificate found - continuing without client authentication\n",
                     0);
    const rec_ev *e = nth(c, TXE_HANDSHAKE, 2);
    CHECK(has(e, "message=Certificate"));
    CHECK(has(e, "direction=sent"));
    CHECK(e && !strstr(e->text, "count="));
    e = nth(c, TXE_HANDSHAKE, 5);
    CHECK(has(e, "message=Certificate"));
    CHECK(has(e, "direction=received"));
    CHECK(has(e, "count=0"));
    CHECK_INT(count(c, TXE_NEGOTIATED), 1);
    CHECK(has(nth(c, TXE_NEGOTIATED, 0), "version=TLSv1.2"));
    CHECK(has(nth(c, TXE_NEGOTIATED, 0), "cipher=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
    CHECK(has(nth(c, TXE_NOTICE, 0), "level=warning"));
    CHECK_INT(c->nconn, 1);
    CHECK_INT(c->conn[0].role, TXI_ROLE_SERVER);
    free(c);

    /* an excerpt: the suite line of a ServerHello, then ServerHelloDone written */
    c = run("\t…\n"
            "\tCipher suite:  TLS_DHE_DSS_WITH_AES_128_CBC_SHA\n"
            "\t*** ServerHelloDone\n"
            "\thttp-8443-1, WRITE: TLSv1 Handshake, length = 1224\n",
            0);
    CHECK(has(nth(c, TXE_NEGOTIATED, 0), "cipher=TLS_DHE_DSS_WITH_AES_128_CBC_SHA"));
    CHECK(nth(c, TXE_NEGOTIATED, 0) && nth(c, TXE_NEGOTIATED, 0)->line == 2);
    CHECK(has(nth(c, TXE_HANDSHAKE, 0), "direction=sent"));
    CHECK_INT(c->nconn, 1);
    CHECK_STR(c->conn[0].thread, "http-8443-1");
    free(c);
}

/* Two server threads interleaved: each thread's alerts stay with its own
 * connection; a thread with a handshake of its own is never an alias. */
static void test_interleaved_servers(void)
{
    capture *c = run("http-1, READ: TLSv1.2 Handshake, length = 200\n"
                     "*** ClientHello, TLSv1.2\n"
                     "***\n"
                     "*** ServerHello, TLSv1.2\n"
                     "***\n"
                     "*** ServerHelloDone\n"
                     "http-1, WRITE: TLSv1.2 Handshake, length = 1000\n"
                     "http-2, READ: TLSv1.2 Handshake, length = 200\n"
                     "*** ClientHello, TLSv1.2\n"
                     "***\n"
                     "http-1, READ: TLSv1.2 Alert, length = 2\n"
                     "http-1, RECV TLSv1.2 ALERT:  fatal, certificate_unknown\n"
                     "http-2, SEND TLSv1.2 ALERT:  fatal, description = handshake_failure\n"
                     "http-2, handling exception: javax.net.ssl.SSLHandshakeException: no cipher suites in common\n"
                     "default context init failed: java.io.IOException: Keystore was tampered with, or password "
                     "was incorrect\n",
                     0);
    CHECK_INT(c->nconn, 2);
    const rec_ev *a1 = nth(c, TXE_ALERT, 0), *a2 = nth(c, TXE_ALERT, 1);
    const rec_ev *h1 = nth(c, TXE_HANDSHAKE, 0), *h2 = nth(c, TXE_HANDSHAKE, 3);
    CHECK(has(h2, "message=ClientHello"));
    CHECK(a1 && h1 && a1->conn == h1->conn);
    CHECK(a2 && h2 && a2->conn == h2->conn);
    CHECK(has(a2, "message=no cipher suites in common"));
    CHECK_STR(conn_of(c, h1->conn)->thread, "http-1");
    CHECK_STR(conn_of(c, h2->conn)->thread, "http-2");
    CHECK(has(nth(c, TXE_EXCEPTION, 1), "class=java.io.IOException"));
    CHECK(has(nth(c, TXE_EXCEPTION, 1), "message=Keystore was tampered with, or password was incorrect"));
    free(c);
}

/* A hello whose thread is known is filed before the next line of any
 * dialect, so an application's stack trace that follows joins it. */
static void test_hello_then_app_line(void)
{
    capture *c = run("*** ClientHello, TLSv1.2\n"
                     "***\n"
                     "main, WRITE: TLSv1.2 Handshake, length = 207\n"
                     "javax.net.ssl.SSLHandshakeException: Remote host closed connection during handshake\n"
                     "\tat sun.security.ssl.SSLSocketImpl.readRecord(SSLSocketImpl.java:992)\n",
                     0);
    const rec_ev *h = nth(c, TXE_HANDSHAKE, 0);
    CHECK(h != NULL);
    CHECK(c->nev > 0 && c->ev[0].type == TXE_HANDSHAKE);
    for (int k = 0; nth(c, TXE_EXCEPTION, k); k++)
        CHECK(nth(c, TXE_EXCEPTION, k)->conn == h->conn);
    free(c);
}

/* Lists longer than an event holds keep the fields that follow them. */
static void test_long_lists(void)
{
    static char log[64 * 1024];
    size_t off = 0;
    off += (size_t)snprintf(log + off, sizeof log - off, "trustStore is: /jre/lib/security/cacerts\ninit truststore\n");
    for (int i = 0; i < 150; i++)
        off += (size_t)snprintf(log + off, sizeof log - off, "adding as trusted cert:\n  Subject: CN=Root %d\n  Issuer:  CN=Root %d\n", i, i);
    off += (size_t)snprintf(log + off, sizeof log - off, "*** ClientHello, TLSv1\nCipher Suites: [");
    for (int i = 0; i < 200; i++)
        off += (size_t)snprintf(log + off, sizeof log - off, "%sTLS_SUITE_%d", i ? ", " : "", i);
    off += (size_t)snprintf(log + off, sizeof log - off, "]\n***\nmain, WRITE: TLSv1 Handshake, length = 75\n"
                                                         "main, WRITE: SSLv2 client hello message, length = 101\n"
                                                         "*** Certificate chain\nchain [0] = [\n[\n  Subject: CN=many\n"
                                                         "SubjectAlternativeName [\n");
    for (int i = 0; i < 200; i++)
        off += (size_t)snprintf(log + off, sizeof log - off, "  DNSName: h%d.example.com\n", i);
    snprintf(log + off, sizeof log - off, "]\n  Issuer: CN=many\n]\n]\n***\n");
    capture *c = run(log, 0);
    const rec_ev *e = nth(c, TXE_TRUSTSTORE, 0);
    CHECK(has(e, "count=150"));
    CHECK(has(e, "path=/jre/lib/security/cacerts"));
    CHECK(e && strstr(e->text, "subjects=")); /* 150 anchors fit in one event since TX_MAX_FIELDS = 1024 */
    CHECK(has(nth(c, TXE_HANDSHAKE, 0), "versions=SSLv2Hello"));
    CHECK(has(nth(c, TXE_CERTIFICATE, 0), "issuer=CN=many"));
    CHECK(has(nth(c, TXE_CERTIFICATE, 0), "self_signed=true"));
    free(c);
}

/* ---- debugging aid ---------------------------------------------------------------- */

static void summarize(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return;
    }
    static char buf[1 << 16];
    capture *cap = calloc(1, sizeof *cap);
    txi_sink sink = {cap, on_event, on_retire, NULL};
    txi_parser *p = txi_parser_new(path, &sink);
    size_t k;
    while ((k = fread(buf, 1, sizeof buf, f)) > 0)
        txi_parser_feed(p, buf, k);
    fclose(f);
    txi_parser_finish(p);
    printf("%s\n", path);
    int global[TXE__COUNT] = {0};
    for (unsigned i = 0; i < cap->nev; i++)
        if (!cap->ev[i].conn)
            global[cap->ev[i].type]++;
    printf("  log-wide:");
    for (int t = 0; t < TXE__COUNT; t++)
        if (global[t])
            printf(" %s=%d", txi_evtype_name(t), global[t]);
    printf("\n");
    for (unsigned i = 0; i < cap->nconn; i++) {
        const rec_conn *r = &cap->conn[i];
        int per[TXE__COUNT] = {0};
        for (unsigned j = 0; j < cap->nev; j++)
            if (cap->ev[j].conn == r->id)
                per[cap->ev[j].type]++;
        printf("  conn %u thread=\"%s\" role=%s%s%s%s:", r->id, r->thread,
               r->role == TXI_ROLE_CLIENT ? "client" : r->role == TXI_ROLE_SERVER ? "server" : "?",
               r->flags & TXI_CONN_FINISHED ? " FINISHED" : "", r->flags & TXI_CONN_FAILED ? " FAILED" : "",
               r->flags & TXI_CONN_CLOSED ? " CLOSED" : "");
        for (int t = 0; t < TXE__COUNT; t++)
            if (per[t])
                printf(" %s=%d", txi_evtype_name(t), per[t]);
        printf("\n");
    }
    char seen[128];
    txi_parser_dialects_seen(p, seen, sizeof seen);
    printf("  dialects: %s; log time %lld\n", seen, (long long)txi_parser_log_time(p));
    txi_parser_free(p);
    free(cap);
}

/* log makes one connection with flag set, whose first event of type holds text */
static void one_conn(const char *log, uint32_t flag, int type, const char *text)
{
    capture *c = run(log, 0);
    CHECK_INT(c->nconn, 1);
    CHECK(c->conn[0].flags & flag);
    CHECK(has(nth(c, type, 0), text));
    free(c);
}

/* An excerpt that starts after the handshake: application data either way,
 * or the session JSSE caches once the handshake is over, completes it; a
 * handshake with neither does not. */
static void test_session_up_in_excerpts(void)
{
    static const char *const up[] = {
        "main, WRITE: TLSv1.2 Application Data, length = 208\n"
        "main, READ: TLSv1.2 Application Data, length = 1456\n"
        "main, called close()\n"
        "main, SEND TLSv1.2 ALERT:  warning, description = close_notify\n",
        "%% Cached client session: [Session-1, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]\n",
        "%% Cached server session: [Session-7, TLS_RSA_WITH_AES_256_CBC_SHA]\n",
    };
    for (size_t i = 0; i < sizeof up / sizeof *up; i++) {
        capture *c = run(up[i], 0);
        CHECK_INT(c->nconn, 1);
        CHECK(c->conn[0].flags & TXI_CONN_FINISHED);
        CHECK(!(c->conn[0].flags & TXI_CONN_FAILED));
        free(c);
    }
    capture *c = run(up[0], 0);
    CHECK_INT(c->nev >= 1, 1);
    CHECK(has(nth(c, TXE_HANDSHAKE, 0), "message=ApplicationData"));
    CHECK(has(nth(c, TXE_HANDSHAKE, 0), "direction=sent"));
    CHECK(nth(c, TXE_HANDSHAKE, 1) == NULL); /* filed once */
    free(c);
    c = run(up[1], 0);
    CHECK(has(nth(c, TXE_NEGOTIATED, 0), "cipher=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
    CHECK(has(nth(c, TXE_NEGOTIATED, 0), "text=connected"));
    free(c);
    /* legacy debug output captured by a logging framework: the frame before
       "*** ClientHello" is learned and taken off every line */
    one_conn("[12:00:01] trustStore is: /etc/pki/java/cacerts\n"
             "[12:00:01] *** ClientHello, TLSv1.2\n"
             "[12:00:01] main, WRITE: TLSv1.2 Handshake, length = 200\n"
             "[12:00:02] main, READ: TLSv1.2 Application Data, length = 100\n",
             TXI_CONN_FINISHED, TXE_HANDSHAKE, "message=ClientHello");
    one_conn("2024-05-01 12:00:01 INFO  stdout - *** ClientHello, TLSv1.2\n"
             "2024-05-01 12:00:01 INFO  stdout - main, WRITE: TLSv1.2 Handshake, length = 200\n"
             "2024-05-01 12:00:01 INFO  stdout - main, READ: TLSv1.2 Alert, length = 2\n"
             "2024-05-01 12:00:01 INFO  stdout - main, RECV TLSv1.2 ALERT:  fatal, handshake_failure\n",
             TXI_CONN_FAILED, TXE_ALERT, "description=handshake_failure");
    /* a failed handshake is not completed by anything */
    c = run("*** ClientHello, TLSv1.2\nmain, WRITE: TLSv1.2 Handshake, length = 200\n"
            "main, READ: TLSv1.2 Alert, length = 2\nmain, RECV TLSv1.2 ALERT:  fatal, handshake_failure\n", 0);
    CHECK_INT(c->nconn, 1);
    CHECK(!(c->conn[0].flags & TXI_CONN_FINISHED));
    free(c);
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        for (int i = 1; i < argc; i++)
            summarize(argv[i]);
        return 0;
    }
    test_client_handshake(0);
    test_client_handshake(1);
    test_client_handshake(13);
    test_cookie_time();
    test_rethrow();
    test_truncated_chain();
    test_alert_origin();
    test_server_role();
    test_thread_attribution();
    test_crlf_v2hello();
    test_ibm();
    test_counts_negotiating();
    test_interleaved_servers();
    test_hello_then_app_line();
    test_long_lists();
    test_foreign_lines();
    test_garbage();
    test_session_up_in_excerpts();
    TX_TEST_END();
}
