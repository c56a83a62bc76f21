/*
 * test_redact.c - the redactor on single strings, and the shape test for
 * hex-dump rows behind a prefix (issue 16).
 *
 * Redactor: a name learned in one form is masked in the others a report
 * prints (openssl and RFC 2253 DNs, JSON- and markdown-escaped, "*." and
 * "<host>" contexts, values with blanks, file names), and ordinary words,
 * Java class names and properties are left alone.
 */
#include <stdlib.h>
#include <string.h>

#include "../../parser/dialect.h"
#include "../../analysis/redact.h"
#include "../../analysis/analysis.h"
#include "../tx_test.h"

/* mask(r, s): s after the replacements, in a static buffer. */
static const char *mask(txa_redactor *r, const char *s)
{
    static char out[2048];
    char *m = txa_redact_str(r, s);
    snprintf(out, sizeof out, "%s", m ? m : "(null)");
    free(m);
    return out;
}

#define LEARN(r, kind, s) txa_redact_learn((r), (kind), (s), strlen(s))
#define TEXT(r, s) txa_redact_learn_text((r), (s), strlen(s))
/* none of the needles is left in the masked s */
static int clean(txa_redactor *r, const char *s, const char *const *needles)
{
    const char *m = mask(r, s);
    for (int i = 0; needles[i]; i++)
        if (strstr(m, needles[i])) {
            fprintf(stderr, "left '%s' in: %s\n", needles[i], m);
            return 0;
        }
    return 1;
}

static void test_dn_forms(void)
{
    txa_redactor *r = txa_redactor_new();
    LEARN(r, TXA_RD_SUBJECT, "CN=Payroll Root CA, OU=pki.payroll.corp, O=Payroll Holdings, C=US");
    /* the whole DN keeps one token */
    CHECK_STR(mask(r, "issuer CN=Payroll Root CA, OU=pki.payroll.corp, O=Payroll Holdings, C=US."),
              "issuer subject-3.");
    static const char *const payroll[] = {"Payroll", "pki.payroll", NULL};
    CHECK(clean(r, "i:C = US, O = Payroll Holdings, OU = pki.payroll.corp, CN = Payroll Root CA", payroll));
    CHECK(clean(r, "CN=Payroll Root CA,OU=pki.payroll.corp,O=Payroll Holdings,C=US", payroll));
    CHECK(clean(r, "issued by Payroll Root CA; see pki.payroll.corp.", payroll));
    CHECK(clean(r, "| `Payroll Holdings` |", payroll));
    /* the country stays, and a longer different name is not cut */
    CHECK(strstr(mask(r, "O = Payroll Holdings, C = US"), "C = US") != NULL);
    CHECK_STR(mask(r, "Payroll Root CAs"), "Payroll Root CAs");
    txa_redactor_free(r);

    r = txa_redactor_new();
    LEARN(r, TXA_RD_SUBJECT, "CN=Wayne Enterprises Root CA, O=\"Wayne Enterprises, Inc.\", OU=IT, C=US");
    static const char *const wayne[] = {"Wayne", NULL};
    CHECK(clean(r, "O=\\\"Wayne Enterprises, Inc.\\\"", wayne));
    CHECK(clean(r, "Wayne Enterprises, Inc. runs it", wayne));
    /* as the JSON and text writers print a byte of invalid UTF-8 */
    LEARN(r, TXA_RD_SUBJECT, "CN=E-Tu\xf0ra Root, O=Soylent");
    static const char *const tugra[] = {"Tu", NULL};
    CHECK(clean(r, "{\"issuer\":\"E-Tu\\ufffdra Root\"}", tugra));
    CHECK(clean(r, "issued by E-Tu?ra Root", tugra));
    /* a short value only where a DN value stands */
    CHECK(strstr(mask(r, "OU=IT, C=US"), "IT") == NULL);
    CHECK_STR(mask(r, "IT department"), "IT department");
    txa_redactor_free(r);
}

static void test_cn_with_blanks(void)
{
    txa_redactor *r = txa_redactor_new();
    LEARN(r, TXA_RD_SUBJECT, "CN=Globex Ops Issuing CA (ops.globex.internal), O=Globex Corporation, C=US");
    static const char *const globex[] = {"Globex", "globex", NULL};
    CHECK(clean(r, "{\"cn\":\"Globex Ops Issuing CA (ops.globex.internal)\"}", globex));
    CHECK(clean(r, "see https://ops.globex.internal/crl", globex));
    /* a bare CN, as the compare writer teaches it */
    LEARN(r, TXA_RD_SUBJECT, "Initech Legacy Issuing CA");
    CHECK_STR(mask(r, "by Initech Legacy Issuing CA."), "by subject-4.");
    txa_redactor_free(r);
}

static void test_exception_texts(void)
{
    txa_redactor *r = txa_redactor_new();
    TEXT(r, "Certificate for <api.payroll.corp> doesn't match any of the subject alternative names: "
            "[web.payroll.corp, *.hr.payroll.corp]");
    TEXT(r, "No subject alternative DNS name matching billingsrv found.");
    TEXT(r, "java.net.UnknownHostException: ledgerdb");
    TEXT(r, "Connect to vault01:8200 [vault01/10.1.2.3] failed");
    TEXT(r, "No subject alternative names matching IP address fe80::1 found");
    TEXT(r, "Connecting to ledgerdb2 ...");
    TEXT(r, "Connecting to server, Hostname verification failed");
    CHECK_STR(mask(r, "the server: Hostname verification"), "the server: Hostname verification");
    CHECK_STR(mask(r, "ledgerdb2"), "host-7");
    static const char *const names[] = {"payroll", "billingsrv", "ledgerdb", "vault01", "10.1.2.3", "fe80::1", NULL};
    CHECK(clean(r,
                "api.payroll.corp web.payroll.corp *.hr.payroll.corp billingsrv ledgerdb vault01:8200 10.1.2.3 "
                "[fe80::1]",
                names));
    /* not names: classes, packages, properties, files, prose */
    const char *keep = "javax.net.ssl.SSLHandshakeException at sun.security.ssl.Alert.createSSLException"
                       "(Alert.java:131) jdk.tls.client.protocols truststore.jks the server";
    TEXT(r, keep);
    CHECK_STR(mask(r, keep), keep);
    txa_redactor_free(r);
}

static void test_single_label_and_files(void)
{
    txa_redactor *r = txa_redactor_new();
    LEARN(r, TXA_RD_URL, "https://billingsrv:8443/");
    CHECK_STR(mask(r, "Connecting to https://billingsrv:8443/ (alias billingsrv-ca)"),
              "Connecting to https://host-1:8443/ (alias host-1-ca)");
    txa_redact_learn_file(r, "logs/client-billingsrv-1.log");
    CHECK_STR(mask(r, "logs/client-billingsrv-1.log:12"), "logs/client-host-1-1.log:12");
    LEARN(r, TXA_RD_SAN, "DNS:*.northwind-payments.example");
    CHECK_STR(mask(r, "DNS:*.northwind-payments.example"), "DNS:*.host-2");
    CHECK_STR(mask(r, "api\\_gateway"), "api\\_gateway");
    LEARN(r, TXA_RD_HOST, "api_gateway.svc.example");
    CHECK_STR(mask(r, "`api\\_gateway.svc.example`"), "`host-3`");
    txa_redactor_free(r);
}

static void test_hexdump_shape(void)
{
    static const char *const rows[] = {
        "app_1  |   0000: 49 41 48 4F 4D 45 3D 2F  6F 70 74 2F 78 6D 3B 20  IAHOME=/opt/xm; ",
        "[pod/app-1/app] 0010: 44 75 70 6C 65 78 20 63   6C 6F 73 65 20 66 61 69  Duplex close fai",
        "Nov 27 03:49:19 node1 java[4242]:   0020: 0A 0D                                            ..",
        "11-27 03:49:19.745  4242  4250 I System.out: 0000: 16 03 03 00 7A 02 00 00   76 03 03 6E",
        "  0000: 48 54 54 50 2F 31 2E 31   20 32 30 30 20 4F 4B 0D  HTTP/1.1 200 OK.",
        NULL};
    for (int i = 0; rows[i]; i++) {
        if (!txi_has_hexdump_row(rows[i], strlen(rows[i])))
            fprintf(stderr, "not a row: %s\n", rows[i]);
        CHECK(txi_has_hexdump_row(rows[i], strlen(rows[i])));
    }
    static const char *const plain[] = {
        "2026-11-27 03:19:33,100 ERROR [main] c.e.Client - call failed: 1234: 56",
        "Nov 27 03:49:19 node1 java[4242]: SHA256: 9F:86:D0:81:88:4C:7D:65",
        "javax.net.ssl|DEBUG|10|main|2026-11-27 03:49:19.745 UTC|SSLContextImpl.java:420|System property",
        "app_1  | Serial number: 4a04c9bd e0bacee9 1b21b32b",
        "app_1  | cafe: 12 34 56 78 9A BC DE F0 is a word",
        "deadbeefcafe: 12 34 56 78 9A BC DE F0 11 22",
        NULL};
    for (int i = 0; plain[i]; i++) {
        if (txi_has_hexdump_row(plain[i], strlen(plain[i])))
            fprintf(stderr, "taken for a row: %s\n", plain[i]);
        CHECK(!txi_has_hexdump_row(plain[i], strlen(plain[i])));
    }
}

/* hex-dump rows skipped in a log, each line behind prefix(line number) */
static unsigned long long rows_skipped(const char *log, size_t len, const char *(*prefix)(unsigned long))
{
    tx_analysis *a = NULL;
    if (tx_analysis_new(NULL, NULL, "t", &a) != TX_OK)
        return 0;
    unsigned long no = 0;
    for (const char *s = log, *end = log + len; s < end;) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl ? (size_t)(nl - s) + 1 : (size_t)(end - s);
        const char *pre = prefix(++no);
        tx_analysis_feed(a, pre, strlen(pre));
        tx_analysis_feed(a, s, n);
        s += n;
    }
    tx_analysis_finish(a);
    unsigned long long k = txi_parser_stats(a->p)->hexdump_lines;
    tx_analysis_free(a);
    return k;
}

static const char *no_prefix(unsigned long no) { (void)no; return ""; }
static const char *compose(unsigned long no) { return no % 3 ? "app_1  | " : "worker_12  | "; }
static const char *logback(unsigned long no)
{
    return no % 2 ? "03:49:19.745 [main] INFO  c.e.pay.Client - "
                  : "03:49:19.745 [http-nio-8443-exec-10] INFO  c.e.pay.Client - ";
}

static void test_rows_behind_prefixes(void)
{
    static const char *const logs[] = {"fixtures/lab/ok-tls13-ec-jks.log", "fixtures/lab/expired-leaf-tls13.log",
                                       "fixtures/public/001-eurex-qpid-amqp-mtls-legacy-success.log",
                                       "fixtures/public/006-ibm-tdi-java7-ldaps-tlsv1-clienthello-handshake-failure.log",
                                       NULL};
    static char log[4 << 20];
    for (int i = 0; logs[i]; i++) {
        FILE *f = fopen(logs[i], "rb");
        CHECK(f != NULL);
        if (!f)
            continue;
        size_t len = fread(log, 1, sizeof log, f);
        fclose(f);
        unsigned long long base = rows_skipped(log, len, no_prefix);
        CHECK(base >= 20);
        /* every row is still skipped when the prefix changes from line to line */
        unsigned long long c = rows_skipped(log, len, compose), l = rows_skipped(log, len, logback);
        if (c != base || l != base)
            fprintf(stderr, "%s: %llu rows skipped, %llu behind compose, %llu behind logback\n", logs[i], base, c, l);
        CHECK(c == base && l == base);
    }
}

int main(void)
{
    test_dn_forms();
    test_cn_with_blanks();
    test_exception_texts();
    test_single_label_and_files();
    test_hexdump_shape();
    test_rows_behind_prefixes();
    TX_TEST_END();
}
