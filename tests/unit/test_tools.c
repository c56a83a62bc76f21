/*
 * test_tools.c - tool evidence (issue 8): the keytool, openssl and curl
 * dialects (events, through the public API as JSON Lines), their helpers
 * (DN order, algorithm names, verify and alert codes), the keytool-listing
 * facts, evidence lent from one input to another, the fixture sweep (every
 * rule of rules/tls/tools.yaml fires on a real fixture, every line a
 * finding cites is that file's line), and the embedded capture probe.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../include/tlsexplain.h"
#include "../../parser/dialect.h"
#include "../../parser/dialect_tools.h"
#include "../../analysis/analysis.h"
#include "../../analysis/context.h"
#include "../json_events.h"
#include "../tx_test.h"

/* ---- helpers ------------------------------------------------------------------- */

/* Feed text in chunks of `chunk` bytes (0 = at once) with options; the JSON dump.
 * sniff >= 0 sets TX_OPT_TOOL_SNIFF; st and tool (when not NULL) get the parser's
 * stats and whether the input was read as tool evidence. */
typedef struct {
    int sniff;
    txi_stats *st;
    int *tool;
} dump_probe;

static void dump_hook(tx_analysis *a, int stage, void *ud)
{
    dump_probe *d = ud;
    if (stage == 0) {
        if (d->sniff >= 0)
            CHECK(tx_analysis_set_int(a, TX_OPT_TOOL_SNIFF, d->sniff) == TX_OK);
        return;
    }
    tx_analysis_finish(a); /* idempotent */
    if (d->st)
        *d->st = *txi_parser_stats(a->p);
    if (d->tool)
        *d->tool = tx_analysis_is_tool_evidence(a);
}

static char *dump_with(const char *text, size_t chunk, const tx_options *opt, int sniff, txi_stats *st, int *tool)
{
    dump_probe d = {sniff, st, tool};
    return tx_test_dump(text, chunk, opt, dump_hook, &d, NULL);
}

static char *dump_opt(const char *text, size_t chunk, const tx_options *opt)
{
    return dump_with(text, chunk, opt, -1, NULL, NULL);
}

static char *dump(const char *text) { return dump_opt(text, 0, NULL); }


/* A finished analysis of text (rules rs, may be NULL). */
static tx_analysis *analyse_text(const tx_ruleset *rs, const char *text, const tx_options *opt)
{
    tx_analysis *a = NULL;
    if (tx_analysis_new(rs, opt, "t", &a) != TX_OK)
        return NULL;
    tx_analysis_feed(a, text, strlen(text));
    tx_analysis_finish(a);
    return a;
}

/* Does a kept connection of a hold a fact of that name? */
static int has_fact(const tx_analysis *a, const char *name)
{
    for (unsigned i = 0; i < a->nkept; i++)
        for (const txi_event *e = a->kept[i]->first; e; e = e->next)
            if (e->type == TXE_FACT && txi_ev_is(e, TXF_NAME, name))
                return 1;
    return 0;
}

static int fired(const tx_analysis *a, const char *id)
{
    for (unsigned i = 0; i < a->nfind; i++)
        if (!strcmp(a->findings[i].rule->id, id))
            return 1;
    return 0;
}

static const char *keytool_listing =
    "Keystore type: PKCS12\n"
    "Keystore provider: SUN\n"
    "\n"
    "Your keystore contains 3 entries\n"
    "\n"
    "Alias name: corp-root\n"
    "Creation date: Mar 1, 2026\n"
    "Entry type: trustedCertEntry\n"
    "\n"
    "Owner: CN=Corp Root CA, O=Corp, C=US\n"
    "Issuer: CN=Corp Root CA, O=Corp, C=US\n"
    "Serial number: 1a2b\n"
    "Valid from: Mon Jan 01 00:00:00 UTC 2024 until: Mon Jan 01 00:00:00 UTC 2034\n"
    "Certificate fingerprints:\n"
    "\t SHA256: 24:FE:7C\n"
    "Signature algorithm name: SHA384withECDSA\n"
    "Subject Public Key Algorithm: 384-bit EC (secp384r1) key\n"
    "Version: 3\n"
    "\n"
    "Extensions: \n"
    "\n"
    "#1: ObjectId: 2.5.29.19 Criticality=true\n"
    "BasicConstraints:[\n"
    "  CA:true\n"
    "  PathLen: 1\n"
    "]\n"
    "\n"
    "#2: ObjectId: 2.5.29.14 Criticality=false\n"
    "SubjectKeyIdentifier [\n"
    "KeyIdentifier [\n"
    "0000: E2 51 06 C2 83 91 01 4D   A3 3B 66 94 D4 93 CF 27  .Q.....M.;f....[\n"
    "]\n"
    "]\n"
    "\n"
    "*******************************************\n"
    "*******************************************\n"
    "\n"
    "Alias name: old-partner\n"
    "Creation date: Mar 1, 2026\n"
    "Entry type: trustedCertEntry\n"
    "\n"
    "Owner: CN=partner.example, O=Partner\n"
    "Issuer: CN=Partner CA, O=Partner\n"
    "Valid from: Mon Jan 01 00:00:00 UTC 2024 until: Wed Jan 01 00:00:00 UTC 2025\n"
    "\n"
    "Extensions: \n"
    "\n"
    "#1: ObjectId: 2.5.29.17 Criticality=false\n"
    "SubjectAlternativeName [\n"
    "  DNSName: partner.example\n"
    "  IPAddress: 10.0.0.5\n"
    "]\n"
    "\n"
    "#2: ObjectId: 2.5.29.37 Criticality=false\n"
    "ExtendedKeyUsages [\n"
    "  serverAuth\n"
    "]\n"
    "\n"
    "*******************************************\n"
    "\n"
    "Alias name: corp-root-2\n"
    "Creation date: Feb 1, 2026\n"
    "Entry type: trustedCertEntry\n"
    "\n"
    "Owner: CN=Corp Root CA, O=Corp, C=US\n"
    "Issuer: CN=Corp Root CA, O=Corp, C=US\n"
    "Valid from: Mon Jan 01 00:00:00 UTC 2024 until: Mon Jan 01 00:00:00 UTC 2034\n";

/* ---- helpers of dialect_tools.h --------------------------------------------------- */

static void test_dn(void)
{
    char o[256];
    txi_tool_dn("C = US, O = Initech LLC, OU = TPS Reports, CN = tps.initech.example", 67, o, sizeof o);
    CHECK_STR(o, "CN=tps.initech.example, OU=TPS Reports, O=Initech LLC, C=US");
    const char *q = "C = US, L = San Ramon, O = \"xMatters, Inc.\", CN = company.xmatters.example";
    txi_tool_dn(q, strlen(q), o, sizeof o);
    CHECK_STR(o, "CN=company.xmatters.example, O=\"xMatters, Inc.\", L=San Ramon, C=US");
    q = "C=CA; ST=Ontario; O=Vendor Software Foundation, Inc.; CN=updates.vendor.example";
    txi_tool_dn(q, strlen(q), o, sizeof o);
    CHECK_STR(o, "CN=updates.vendor.example, O=\"Vendor Software Foundation, Inc.\", ST=Ontario, C=CA");
    q = "/C=US/O=Foo/CN=a.example";
    txi_tool_dn(q, strlen(q), o, sizeof o);
    CHECK_STR(o, "CN=a.example, O=Foo, C=US");
    q = "CN = FG100, emailAddress = support@fortinet.com";
    txi_tool_dn(q, strlen(q), o, sizeof o);
    CHECK_STR(o, "EMAILADDRESS=support@fortinet.com, CN=FG100");
    q = "O=Acme\\, Inc., CN=x";
    txi_tool_dn(q, strlen(q), o, sizeof o);
    CHECK_STR(o, "CN=x, O=\"Acme, Inc.\"");
    char small[8];
    CHECK(txi_tool_dn("C = US, CN = long.example.com", 29, small, sizeof small) < sizeof small);
}

static void test_names(void)
{
    char o[64];
    txi_tool_sigalg("RSA-SHA256", 10, o, sizeof o);
    CHECK_STR(o, "SHA256withRSA");
    txi_tool_sigalg("sha1WithRSAEncryption", 21, o, sizeof o);
    CHECK_STR(o, "SHA1withRSA");
    txi_tool_sigalg("ecdsa-with-SHA384", 17, o, sizeof o);
    CHECK_STR(o, "SHA384withECDSA");
    txi_tool_sigalg("weird-alg", 9, o, sizeof o);
    CHECK_STR(o, "weird-alg");
    txi_tool_keyalg("id-ecPublicKey", 14, o, sizeof o);
    CHECK_STR(o, "EC");
    txi_tool_keyalg("rsaEncryption", 13, o, sizeof o);
    CHECK_STR(o, "RSA");
    CHECK_INT(txi_tool_verify_code("unable to get local issuer certificate", 38), 20);
    CHECK_INT(txi_tool_verify_code("self signed certificate", 23), 18);
    CHECK_INT(txi_tool_verify_code("self-signed certificate in certificate chain", 44), 19);
    CHECK_INT(txi_tool_verify_code("unsuitable certificate purpose", 30), 26);
    CHECK_INT(txi_tool_verify_code("no such thing", 13), -1);
    CHECK_STR(txi_tool_alert_name(48), "unknown_ca");
    CHECK_STR(txi_tool_alert_name(116), "certificate_required");
    CHECK(txi_tool_alert_name(255) == NULL);
    CHECK(txi_tool_alert_text("unknown CA", 10, o, sizeof o) > 0);
    CHECK_STR(o, "unknown_ca");
    CHECK_INT((long long)txi_tool_alert_text("not an alert", 12, o, sizeof o), 0);
}

/* ---- keytool ------------------------------------------------------------------------ */

static void test_keytool(void)
{
    char *j = dump(keytool_listing);
    char e[16384];
    CHECK_INT(count(j, "certificate"), 3);
    CHECK_INT(count(j, "truststore"), 1);
    event(j, "truststore", 0, e, sizeof e);
    HAS(e, "\"dialect\":\"keytool\"");
    HAS(e, "\"store_type\":\"PKCS12\"");
    HAS(e, "\"count\":3");
    HAS(e, "\"subjects\":[\"CN=Corp Root CA, O=Corp, C=US\",\"CN=partner.example, O=Partner\",\"CN=Corp Root CA, O=Corp, C=US\"]");
    HAS(e, "\"time\":\"2026-03-01 00:00:00 UTC\"");
    event(j, "certificate", 0, e, sizeof e);
    HAS(e, "\"source\":\"truststore\"");
    HAS(e, "\"alias\":\"corp-root\"");
    HAS(e, "\"key_alg\":\"EC\"");
    HAS(e, "\"key_size\":384");
    HAS(e, "\"ca\":true");
    HAS(e, "\"pathlen\":1");
    HAS(e, "\"self_signed\":true");
    HAS(e, "\"not_after\":\"Mon Jan 01 00:00:00 UTC 2034\"");
    event(j, "certificate", 1, e, sizeof e);
    HAS(e, "\"san\":[\"DNS:partner.example\",\"IP:10.0.0.5\"]");
    HAS(e, "\"ext_key_usage\":[\"serverAuth\"]");
    HAS(e, "\"self_signed\":false");
    HASNT(e, "\"ca\"");
    /* byte by byte: the same events */
    char *k = dump_opt(keytool_listing, 1, NULL);
    CHECK(k && strcmp(j, k) == 0);
    free(k);
    free(j);

    /* a key store: PrivateKeyEntry only -> a keystore event, chain positions */
    j = dump("Keystore type: JKS\n\nYour keystore contains 1 entry\n\nAlias name: client\n"
             "Creation date: Nov 27, 2026\nEntry type: PrivateKeyEntry\nCertificate chain length: 2\n"
             "Certificate[1]:\nOwner: CN=svc, O=Corp\nIssuer: CN=Corp Client CA, O=Corp\n"
             "Certificate[2]:\nOwner: CN=Corp Client CA, O=Corp\nIssuer: CN=Corp Root, O=Corp\n");
    CHECK_INT(count(j, "truststore"), 0);
    CHECK_INT(count(j, "keystore"), 1);
    event(j, "certificate", 1, e, sizeof e);
    HAS(e, "\"source\":\"keystore\"");
    HAS(e, "\"position\":1");
    HAS(e, "\"alias\":\"client\"");
    event(j, "keystore", 0, e, sizeof e);
    HAS(e, "\"subjects\":[\"CN=svc, O=Corp\"]");
    free(j);

    /* one alias (-alias): no count, so no anchor list that would claim too much */
    j = dump("Alias name: xmatters\nCreation date: Feb 27, 2017\nEntry type: trustedCertEntry\n\n"
             "Owner: CN=*.xmatters.com\nIssuer: CN=DigiCert SHA2 Secure Server CA, O=DigiCert Inc, C=US\n");
    event(j, "truststore", 0, e, sizeof e);
    HASNT(e, "\"subjects\"");
    free(j);

    /* the path from a pasted prompt, errors */
    j = dump("C:\\xmatters\\jre\\bin>keytool -list -v -storepass changeit -keystore /temp/cacerts -alias xmatters\n"
             "keytool error: java.lang.Exception: Alias <xmatters> does not exist\n");
    event(j, "truststore", 0, e, sizeof e);
    HAS(e, "\"path\":\"/temp/cacerts\"");
    HAS(e, "\"error\":\"java.lang.Exception: Alias <xmatters> does not exist\"");
    CHECK_INT(count(j, "exception"), 0);
    free(j);

    /* keytool's error line in its other languages (zh_CN, de, ja): the same event, the
       message after the localised prefix */
    static const struct { const char *line, *error; } localised[] = {
        {"keytool \xe9\x94\x99\xe8\xaf\xaf: java.io.IOException: Keystore was tampered with, or password was incorrect\n",
         "\"error\":\"java.io.IOException: Keystore was tampered with, or password was incorrect\""},
        {"Keytool-Fehler: java.io.IOException: keystore password was incorrect\n",
         "\"error\":\"java.io.IOException: keystore password was incorrect\""},
        {"keytool\xe3\x82\xa8\xe3\x83\xa9\xe3\x83\xbc: java.lang.Exception: Input not an X.509 certificate\n",
         "\"error\":\"java.lang.Exception: Input not an X.509 certificate\""},
    };
    for (size_t i = 0; i < sizeof localised / sizeof localised[0]; i++) {
        j = dump(localised[i].line);
        event(j, "truststore", 0, e, sizeof e);
        HAS(e, localised[i].error);
        free(j);
    }
    /* a word that only starts like a prefix is not keytool's */
    j = dump("keytool errors were seen\n");
    CHECK_INT(count(j, "truststore"), 0);
    free(j);

    /* the listing ends at the first line that is not keytool's: a JSSE line is not stolen */
    j = dump("Keystore type: JKS\n\nYour keystore contains 0 entries\n\n"
             "javax.net.ssl|DEBUG|10|main|2026-01-10 10:00:00.000 UTC|TrustStoreManager.java:113|trustStore is: "
             "/opt/app/trust.p12\n");
    CHECK_INT(count(j, "truststore"), 2);
    event(j, "truststore", 1, e, sizeof e);
    HAS(e, "\"path\":\"/opt/app/trust.p12\"");
    free(j);
}

/* ---- openssl --------------------------------------------------------------------------- */

static const char *s_client =
    "depth=1 C = US, O = Foo, CN = Foo Issuing CA\n"
    "verify error:num=20:unable to get local issuer certificate\n"
    "verify return:1\n"
    "CONNECTED(00000003)\n"
    "---\n"
    "Certificate chain\n"
    " 0 s:C = US, O = Foo, CN = app.foo.example\n"
    "   i:C = US, O = Foo, CN = Foo Issuing CA\n"
    "   a:PKEY: rsaEncryption, 2048 (bit); sigalg: RSA-SHA256\n"
    "   v:NotBefore: Oct 28 03:48:46 2026 GMT; NotAfter: Oct 28 03:48:46 2027 GMT\n"
    "-----BEGIN CERTIFICATE-----\n"
    "MIIDwzCCAqugAwIBAgIUV/TUhF2ArnixepdXfyAj40W7YvYwDQYJKoZIhvcNAQEL\n"
    "-----END CERTIFICATE-----\n"
    " 1 s:C = US, O = Foo, CN = Foo Issuing CA\n"
    "   i:C = US, O = Foo, CN = Foo Root CA\n"
    "---\n"
    "Acceptable client certificate CA names\n"
    "C = US, O = Foo, CN = Foo Client CA\n"
    "---\n"
    "New, TLSv1.2, Cipher is ECDHE-RSA-AES256-GCM-SHA384\n"
    "SSL-Session:\n"
    "    Protocol  : TLSv1.2\n"
    "    Start Time: 1795751422\n"
    "    Verify return code: 20 (unable to get local issuer certificate)\n"
    "---\n"
    "DONE\n";

static void test_openssl(void)
{
    char *j = dump(s_client);
    char e[16384];
    CHECK_INT(count(j, "connection"), 1);
    CHECK_INT(count(j, "certificate"), 2);
    event(j, "certificate", 0, e, sizeof e);
    HAS(e, "\"subject\":\"CN=app.foo.example, O=Foo, C=US\"");
    HAS(e, "\"issuer\":\"CN=Foo Issuing CA, O=Foo, C=US\"");
    HAS(e, "\"key_alg\":\"RSA\"");
    HAS(e, "\"key_size\":2048");
    HAS(e, "\"sig_alg\":\"SHA256withRSA\"");
    HAS(e, "\"not_after\":\"Oct 28 03:48:46 2027 GMT\"");
    HAS(e, "\"dialect\":\"openssl\"");
    event(j, "notice", 0, e, sizeof e);
    HAS(e, "\"level\":\"verify\"");
    HAS(e, "\"value\":\"20\"");
    HAS(e, "\"position\":1");
    HAS(e, "\"subject\":\"CN=Foo Issuing CA, O=Foo, C=US\"");
    CHECK_INT(count(j, "notice"), 2);
    event(j, "negotiated", 0, e, sizeof e);
    HAS(e, "\"version\":\"TLSv1.2\"");
    HAS(e, "\"cipher\":\"ECDHE-RSA-AES256-GCM-SHA384\"");
    HASNT(e, "connected"); /* OpenSSL could not verify the chain */
    HAS(j, "\"message\":\"CertificateRequest\"");
    char *k = dump_opt(s_client, 3, NULL);
    CHECK(k && strcmp(j, k) == 0);
    free(k);
    free(j);

    /* verified: the handshake counts as completed */
    tx_analysis *a = analyse_text(NULL, "CONNECTED(00000003)\nNew, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384\n"
                                        "Verify return code: 0 (ok)\nDONE\n", NULL);
    CHECK(a && a->completed == 1);
    tx_analysis_free(a);

    /* an algorithm name longer than any buffer (found by fuzz_tokenizer) */
    char longalg[512];
    snprintf(longalg, sizeof longalg, "CONNECTED(00000003)\nCertificate chain\n 0 s:CN = x\n   a:PKEY: %064d, 2048 (bit); "
             "sigalg: %0100d\n", 7, 9);
    j = dump(longalg);
    event(j, "certificate", 0, e, sizeof e);
    HAS(e, "\"subject\":\"CN=x\"");
    free(j);

    /* alerts and errors */
    j = dump("40574:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:../ssl/record/"
             "rec_layer_s3.c:1601:SSL alert number 40\n"
             "40F7:error:0A00010B:SSL routines::wrong version number:../ssl/record/ssl3_record.c:354:\n");
    event(j, "alert", 0, e, sizeof e);
    HAS(e, "\"description\":\"handshake_failure\"");
    HAS(e, "\"origin\":\"peer\"");
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"class\":\"openssl\"");
    HAS(e, "\"message\":\"wrong version number\"");
    free(j);

    /* x509 -text */
    j = dump("Certificate:\n    Data:\n        Version: 3 (0x2)\n        Serial Number:\n"
             "            57:f4:d4:84\n        Signature Algorithm: sha256WithRSAEncryption\n"
             "        Issuer: C = US, O = Initech LLC, CN = Initech Legacy Issuing CA\n        Validity\n"
             "            Not Before: Oct 28 03:48:46 2026 GMT\n            Not After : Oct 28 03:48:46 2027 GMT\n"
             "        Subject: C = US, CN = tps.initech.example\n        Subject Public Key Info:\n"
             "            Public Key Algorithm: rsaEncryption\n                Public-Key: (1024 bit)\n"
             "                Modulus:\n                    00:ef:0a:44\n        X509v3 extensions:\n"
             "            X509v3 Basic Constraints: critical\n                CA:FALSE\n"
             "            X509v3 Key Usage: critical\n                Digital Signature, Key Encipherment\n"
             "            X509v3 Extended Key Usage: \n                TLS Web Server Authentication\n"
             "            X509v3 Subject Alternative Name: \n                DNS:tps.initech.example, IP Address:10.1.2.3\n"
             "    Signature Algorithm: sha1WithRSAEncryption\n    Signature Value:\n        6f:bb:cf\n");
    CHECK_INT(count(j, "certificate"), 1);
    event(j, "certificate", 0, e, sizeof e);
    HAS(e, "\"serial\":\"57:f4:d4:84\"");
    HAS(e, "\"sig_alg\":\"SHA256withRSA\"");
    HAS(e, "\"not_before\":\"Oct 28 03:48:46 2026 GMT\"");
    HAS(e, "\"not_after\":\"Oct 28 03:48:46 2027 GMT\"");
    HAS(e, "\"subject\":\"CN=tps.initech.example, C=US\"");
    HAS(e, "\"key_size\":1024");
    HAS(e, "\"ca\":false");
    HAS(e, "\"key_usage\":[\"DigitalSignature\",\"Key_Encipherment\"]");
    HAS(e, "\"ext_key_usage\":[\"serverAuth\"]");
    HAS(e, "\"san\":[\"DNS:tps.initech.example\",\"IP:10.1.2.3\"]");
    free(j);
}

/* ---- curl ------------------------------------------------------------------------------- */

static void test_curl(void)
{
    const char *t = "* Connected to api.example (127.0.0.1) port 8443 (#0)\n"
                    "* ALPN: offers h2,http/1.1\n"
                    "} [5 bytes data]\n"
                    "* TLSv1.3 (OUT), TLS handshake, Client hello (1):\n"
                    "*  CAfile: /etc/ssl/certs/ca-certificates.crt\n"
                    "* TLSv1.3 (IN), TLS handshake, Server hello (2):\n"
                    "* TLSv1.2 (IN), TLS handshake, Certificate (11):\n"
                    "* TLSv1.2 (OUT), TLS alert, unknown CA (560):\n"
                    "* SSL certificate problem: unable to get local issuer certificate\n"
                    "* Closing connection 0\n"
                    "curl: (60) SSL certificate problem: unable to get local issuer certificate\n"
                    "More details here: https://curl.se/docs/sslcerts.html\n";
    char *j = dump(t);
    char e[16384];
    event(j, "target", 0, e, sizeof e);
    HAS(e, "\"host\":\"api.example\"");
    HAS(e, "\"port\":8443");
    HAS(e, "\"dialect\":\"curl\"");
    event(j, "sni", 0, e, sizeof e);
    HAS(e, "\"name\":\"api.example\"");
    CHECK_INT(count(j, "handshake"), 3);
    event(j, "alert", 0, e, sizeof e);
    HAS(e, "\"level\":\"fatal\"");
    HAS(e, "\"description\":\"unknown_ca\"");
    HAS(e, "\"origin\":\"local\"");
    event(j, "notice", 1, e, sizeof e);
    HAS(e, "\"value\":\"20\"");
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"class\":\"curl\"");
    HAS(e, "\"error\":\"60\"");
    /* one run, one connection: every event of it under the target's connection */
    CHECK(strstr(j, "\"conn\":2") == NULL);
    /* the -v line gave the verify notice: the exit line adds none */
    CHECK_INT(count(j, "notice"), 2);
    free(j);

    /* without -v the exit line is all there is: it gives the verify notice itself */
    j = dump("curl: (60) SSL certificate problem: self-signed certificate in certificate chain\n");
    event(j, "notice", 0, e, sizeof e);
    HAS(e, "\"level\":\"verify\"");
    HAS(e, "\"value\":\"19\"");
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"error\":\"60\"");
    free(j);
    j = dump("curl: (60) SSL: no alternative certificate subject name matches target host name 'api.example'\n");
    event(j, "notice", 0, e, sizeof e);
    HAS(e, "\"value\":\"62\"");
    free(j);

    /* success, server certificate block */
    tx_analysis *a = analyse_text(NULL,
                                  "* Connected to api.example (127.0.0.1) port 443 (#0)\n"
                                  "* TLSv1.3 (OUT), TLS handshake, Client hello (1):\n"
                                  "* TLSv1.3 (IN), TLS handshake, Server hello (2):\n"
                                  "* TLSv1.3 (IN), TLS handshake, Finished (20):\n"
                                  "* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384 / X25519 / RSASSA-PSS\n"
                                  "* Server certificate:\n"
                                  "*  subject: C=GB; O=Northwind; CN=api.example\n"
                                  "*  start date: Oct 28 03:48:46 2026 GMT\n"
                                  "*  expire date: Oct 28 03:48:46 2027 GMT\n"
                                  "*  subjectAltName: host \"api.example\" matched cert's \"api.example\"\n"
                                  "*  issuer: C=GB; O=Northwind; CN=Northwind CA\n"
                                  "*  SSL certificate verify ok.\n"
                                  "< HTTP/1.1 200 OK\n",
                                  NULL);
    CHECK(a && a->completed == 1 && a->failed == 0 && a->conns == 1);
    CHECK(a && !has_fact(a, "host_not_in_san"));
    tx_analysis_free(a);

    /* Schannel */
    j = dump("* schannel: next InitializeSecurityContext failed: SEC_E_UNTRUSTED_ROOT (0x80090325) - The "
             "certificate chain was issued by an authority that is not trusted.\n");
    event(j, "notice", 0, e, sizeof e);
    HAS(e, "\"value\":\"20\"");
    HAS(e, "\"error\":\"SEC_E_UNTRUSTED_ROOT\"");
    HAS(e, "\"text\":\"The certificate chain was issued by an authority that is not trusted.\"");
    free(j);

    /* not curl: a markdown bullet, legacy JSSE "***" lines */
    j = dump("* remember to restart the agent\n*** ClientHello, TLSv1.2\n");
    CHECK_INT(count(j, "target"), 0);
    CHECK_INT(count(j, "notice"), 0);
    free(j);
}

/* ---- facts of keytool listings ----------------------------------------------------------- */

static void test_listing_facts(void)
{
    tx_analysis *a = analyse_text(NULL, keytool_listing, NULL);
    CHECK(a != NULL);
    if (!a)
        return;
    CHECK(has_fact(a, "truststore_entry_expired"));    /* old-partner, before Mar 1, 2026 */
    CHECK(has_fact(a, "truststore_entry_not_ca"));     /* old-partner is an end-entity */
    CHECK(has_fact(a, "truststore_duplicate"));        /* corp-root, corp-root-2 */
    CHECK(!has_fact(a, "truststore_entry_not_yet_valid"));
    CHECK(!has_fact(a, "truststore_listed_empty"));
    CHECK(!has_fact(a, "truststore_entry_host_mismatch")); /* no host asked for */
    tx_analysis_free(a);

    tx_options o;
    memset(&o, 0, sizeof o);
    o.host = "10.0.0.6";
    a = analyse_text(NULL, keytool_listing, &o);
    CHECK(a && has_fact(a, "truststore_entry_host_mismatch"));
    tx_analysis_free(a);
    o.host = "10.0.0.5";
    a = analyse_text(NULL, keytool_listing, &o);
    CHECK(a && !has_fact(a, "truststore_entry_host_mismatch"));
    tx_analysis_free(a);

    /* the creation date proves expiry, never "not yet valid"; --now does */
    const char *future = "Your keystore contains 1 entry\n\nAlias name: f\nCreation date: Mar 1, 2026\n"
                         "Entry type: trustedCertEntry\n\nOwner: CN=f.example\nIssuer: CN=Some CA\n"
                         "Valid from: Wed Mar 01 10:00:00 UTC 2026 until: Fri Mar 01 10:00:00 UTC 2030\n";
    a = analyse_text(NULL, future, NULL);
    CHECK(a && !has_fact(a, "truststore_entry_not_yet_valid"));
    tx_analysis_free(a);
    memset(&o, 0, sizeof o);
    o.now = 1700000000; /* 2023 */
    a = analyse_text(NULL, future, &o);
    CHECK(a && has_fact(a, "truststore_entry_not_yet_valid"));
    tx_analysis_free(a);

}

/* ---- evidence lent from one input to another ----------------------------------------------- */

static void test_context(const tx_ruleset *rs)
{
    tx_analysis *k = analyse_text(NULL, keytool_listing, NULL);
    CHECK(k && txa_is_tool_evidence(k));
    CHECK(k && txa_context_listings(k) == 1);
    /* a debug log whose JVM loads its truststore after the first connection began */
    const char *log = "[INFO] Connecting to https://app.foo.example:443/\n"
                      "javax.net.ssl|DEBUG|10|main|2026-01-10 10:00:00.000 UTC|TrustStoreManager.java:113|"
                      "trustStore is: /opt/app/trust.p12\n"
                      "javax.net.ssl|DEBUG|10|main|2026-01-10 10:00:00.000 UTC|ClientHello.java:639|Produced "
                      "ClientHello handshake message (\n)\n"
                      "javax.net.ssl|DEBUG|10|main|2026-01-10 10:00:00.000 UTC|CertificateMessage.java:1166|"
                      "Consuming server Certificate handshake message (\n"
                      "\"Certificate\": {\n  \"certificate_list\": [\n  {\n    \"certificate\" : {\n"
                      "      \"issuer\"             : \"CN=Foo Root CA, O=Foo, C=US\",\n"
                      "      \"subject\"            : \"CN=app.foo.example, O=Foo, C=US\",\n    }\n  },\n]\n}\n)\n"
                      "javax.net.ssl|ERROR|10|main|2026-01-10 10:00:00.100 UTC|TransportContext.java:375|Fatal "
                      "(CERTIFICATE_UNKNOWN): PKIX path building failed: unable to find valid certification path "
                      "to requested target\n";
    tx_analysis *a = NULL;
    CHECK(tx_analysis_new(rs, NULL, "debug.log", &a) == TX_OK);
    if (!a || !k) {
        tx_analysis_free(a);
        tx_analysis_free(k);
        return;
    }
    CHECK(txa_lend_context(a, k) == 1);
    CHECK(!txa_is_tool_evidence(a));
    tx_analysis_feed(a, log, strlen(log));
    CHECK(txa_lend_context(a, k) == 0);       /* only before the first byte */
    CHECK(txa_lend_context_again(a, k) == 1); /* the log's new epoch dropped it */
    CHECK(txa_lend_context_again(a, k) == 0); /* and only once */
    tx_analysis_finish(a);
    CHECK(has_fact(a, "listed_truststore_lacks_issuer"));
    /* the server sent one certificate, not self-signed: its issuer is missing */
    CHECK(fired(a, "intermediate-not-sent-nor-listed"));
    tx_analysis_free(a);

    /* a listing alone, no connection: evaluated on the log-wide events */
    a = analyse_text(rs, "Keystore type: PKCS12\n\nYour keystore contains 0 entries\n", NULL);
    CHECK(a && fired(a, "keytool-truststore-empty"));
    tx_analysis_free(a);
    a = NULL;
    CHECK(tx_analysis_new(rs, NULL, "debug.log", &a) == TX_OK);
    txa_lend_context(a, k);
    tx_analysis_feed(a, log, strlen(log));
    txa_lend_context_again(a, k);
    tx_analysis_finish(a);
    /* the lent listing is never cited: its lines belong to another file */
    for (unsigned i = 0; i < a->nfind; i++)
        for (unsigned j = 0; j < a->findings[i].nev; j++)
            CHECK(a->findings[i].ev[j].line <= 20);
    const char *f = NULL;
    for (unsigned i = 0; i < a->nfind && !f; i++)
        if (!strcmp(a->findings[i].rule->id, "intermediate-not-sent-nor-listed"))
            f = txa_var_get(&a->findings[i], "file");
    CHECK_STR(f, "t");
    tx_analysis_free(a);
    tx_analysis_free(k);

    /* a listing's error text is read as English once, by its lender when it
       is finished (txa_lent_prepare), for every borrower: the text each
       borrower's parser reads itself */
    k = analyse_text(NULL, "Keystore type: PKCS12\n\nYour keystore contains 1 entry\n\n"
                           "keytool\xe3\x82\xa8\xe3\x83\xa9\xe3\x83\xbc: java.lang.Exception: "
                           "\xe5\x88\xa5\xe5\x90\x8d<foo>\xe3\x81\xaf\xe5\xad\x98\xe5\x9c\xa8"
                           "\xe3\x81\x97\xe3\x81\xbe\xe3\x81\x9b\xe3\x82\x93\n",
                     NULL);
    CHECK(k && txa_is_tool_evidence(k) && k->nlent == 1);
    for (int pass = 0; k && pass < 2; pass++) {
        if (pass)
            txa_lent_free(k); /* each borrower reads it */
        a = NULL;
        CHECK(tx_analysis_new(NULL, NULL, "b.log", &a) == TX_OK);
        CHECK(a && txa_lend_context(a, k) == 1);
        const txi_event *g = a ? txi_parser_globals(a->p) : NULL;
        CHECK_STR(g ? txi_ev_str(g, TXF_ERROR) : NULL, "java.lang.Exception: Alias <foo> does not exist");
        tx_analysis_free(a);
    }
    tx_analysis_free(k);
}

/* The events JSON of text fed at once, with or without TX_OPT_TOOL_SNIFF; its stats in *st. */
static char *dump_sniff(const char *text, int sniff, txi_stats *st, int *tool)
{
    return dump_with(text, 0, NULL, sniff, st, tool);
}

/* The sniff of several inputs (cli/evidence.c) stops at the first line of a
 * log: it is not tool output, whatever follows.  Tool output is read whole
 * and the same as without the option. */
static void test_tool_sniff(void)
{
    txi_stats s0, s1;
    int t0 = -1, t1 = -1;
    char *d0 = dump_sniff(keytool_listing, 0, &s0, &t0), *d1 = dump_sniff(keytool_listing, 1, &s1, &t1);
    CHECK(t0 == 1 && t1 == 1);
    CHECK(d0 && d1 && !strcmp(d0, d1));
    CHECK(s1.dialect_lines[TXI_DIALECT_KEYTOOL] == s0.dialect_lines[TXI_DIALECT_KEYTOOL] && s0.lines == s1.lines);
    free(d0);
    free(d1);
    /* a debug log line, then a listing: the listing is not read */
    const char *jdk = "javax.net.ssl|DEBUG|10|main|2026-01-10 10:00:00.000 UTC|TrustStoreManager.java:113|"
                      "trustStore is: /opt/app/trust.p12\n";
    size_t nj = strlen(jdk), nk = strlen(keytool_listing);
    char *mixed = malloc(nj + nk + 1);
    if (!mixed)
        return;
    memcpy(mixed, jdk, nj);
    memcpy(mixed + nj, keytool_listing, nk + 1);
    d0 = dump_sniff(mixed, 0, &s0, &t0);
    d1 = dump_sniff(mixed, 1, &s1, &t1);
    CHECK(t0 == 0 && t1 == 0);
    /* (the first piece read holds a few of its lines) */
    CHECK(s1.dialect_lines[TXI_DIALECT_KEYTOOL] < s0.dialect_lines[TXI_DIALECT_KEYTOOL] && s1.lines < s0.lines / 2);
    CHECK(s1.dialect_lines[TXI_DIALECT_JDK11] == 1);
    free(d0);
    free(d1);
    /* the listing first: read until the log line after it, and not tool output */
    memcpy(mixed, keytool_listing, nk);
    memcpy(mixed + nk, jdk, nj + 1);
    d0 = dump_sniff(mixed, 0, &s0, &t0);
    d1 = dump_sniff(mixed, 1, &s1, &t1);
    CHECK(t0 == 0 && t1 == 0);
    CHECK(s1.dialect_lines[TXI_DIALECT_KEYTOOL] == s0.dialect_lines[TXI_DIALECT_KEYTOOL]);
    free(d0);
    free(d1);
    free(mixed);
    /* finished, a sniff evaluates nothing and builds no report, yet lends
     * the listings a whole parse lends */
    tx_analysis *full = NULL, *sniff = NULL;
    if (tx_analysis_new(NULL, NULL, "keytool.txt", &full) == TX_OK &&
        tx_analysis_new(NULL, NULL, "keytool.txt", &sniff) == TX_OK &&
        tx_analysis_set_int(sniff, TX_OPT_TOOL_SNIFF, 1) == TX_OK) {
        tx_analysis_feed(full, keytool_listing, nk);
        tx_analysis_feed(sniff, keytool_listing, nk);
        CHECK(tx_analysis_finish(full) == TX_OK && tx_analysis_finish(sniff) == TX_OK);
        FILE *null = fopen("/dev/null", "w");
        CHECK(null && tx_analysis_write(full, TX_FORMAT_JSON, null) == TX_OK);
        CHECK(null && tx_analysis_write(sniff, TX_FORMAT_JSON, null) == TX_EINVAL);
        if (null)
            fclose(null);
        CHECK(tx_analysis_is_tool_evidence(sniff));
        CHECK(tx_analysis_context_listings(sniff) > 0);
        CHECK_INT(tx_analysis_context_listings(sniff), tx_analysis_context_listings(full));
        tx_analysis *to1 = NULL, *to2 = NULL;
        unsigned l1 = 0, l2 = 0;
        if (tx_analysis_new(NULL, NULL, "debug.log", &to1) == TX_OK && tx_analysis_new(NULL, NULL, "debug.log", &to2) == TX_OK) {
            CHECK(tx_analysis_lend_context(to1, full, &l1) == TX_OK && tx_analysis_lend_context(to2, sniff, &l2) == TX_OK);
            CHECK(l1 > 0 && l1 == l2);
        }
        tx_analysis_free(to1);
        tx_analysis_free(to2);
    }
    tx_analysis_free(full);
    tx_analysis_free(sniff);
}

/* The layout of the first bytes (a paste broken at a fixed width) found by
 * one analysis and handed to another of the same input (TX_STAT_LAYOUT,
 * TX_OPT_LAYOUT: cli/evidence.c's sniff to the input's own analysis). */
typedef struct {
    long long give, got;
} layout_probe;

static void layout_hook(tx_analysis *a, int stage, void *ud)
{
    layout_probe *l = ud;
    if (stage == 0) {
        if (l->give)
            CHECK(tx_analysis_set_int(a, TX_OPT_LAYOUT, l->give) == TX_OK);
        return;
    }
    l->got = (long long)tx_analysis_stat(a, TX_STAT_LAYOUT);
}

static void test_layout(void)
{
    /* an exception's message broken every 50 columns, inside words */
    const char *wrapped = "javax.net.ssl.SSLHandshakeException: PKIX path bui\n"
                          "lding failed: sun.security.provider.certpath.SunCe\n"
                          "rtPathBuilderException: unable to find valid certi\n"
                          "fication path to requested target for the server a\n"
                          "t orders.example.com port 443 while calling the pa\n"
                          "yment gateway\n";
    size_t n = strlen(wrapped);
    layout_probe sniff = {0, 0}, plain = {0, 0};
    tx_analysis *s = NULL;
    if (tx_analysis_new(NULL, NULL, "t", &s) == TX_OK && tx_analysis_set_int(s, TX_OPT_TOOL_SNIFF, 1) == TX_OK) {
        CHECK_INT(tx_analysis_stat(s, TX_STAT_LAYOUT), 0); /* (nothing fed) */
        tx_analysis_feed(s, wrapped, n);
        tx_analysis_finish(s);
        sniff.got = (long long)tx_analysis_stat(s, TX_STAT_LAYOUT);
        /* read, the option can no longer be set */
        CHECK(tx_analysis_set_int(s, TX_OPT_LAYOUT, sniff.got) == TX_EINVAL);
    }
    tx_analysis_free(s);
    CHECK(sniff.got > 0);
    CHECK_INT(sniff.got >> 2 & 1023, 50); /* (the width: txi_parser_layout) */
    char *d0 = tx_test_dump(wrapped, 0, NULL, layout_hook, &plain, NULL);
    CHECK_INT(plain.got, sniff.got);
    /* given, it is taken: the same events */
    layout_probe given = {sniff.got, 0};
    char *d1 = tx_test_dump(wrapped, 0, NULL, layout_hook, &given, NULL);
    CHECK(d0 && d1 && !strcmp(d0, d1));
    CHECK_INT(given.got, sniff.got);
    free(d1);
    /* taken without looking: another width given for a first piece as long
     * is what the analysis has (the caller vouched for the bytes) */
    layout_probe fake = {(sniff.got & ~(1023ll << 2)) | 77ll << 2, 0};
    free(tx_test_dump(wrapped, 0, NULL, layout_hook, &fake, NULL));
    CHECK_INT(fake.got, fake.give);
    /* a first piece of another length: looked for again (the same as
     * without the option, fed in the same pieces) */
    layout_probe halves = {0, 0}, halves_given = {sniff.got, 0};
    d0 = (free(d0), tx_test_dump(wrapped, n / 2, NULL, layout_hook, &halves, NULL));
    d1 = tx_test_dump(wrapped, n / 2, NULL, layout_hook, &halves_given, NULL);
    CHECK(d0 && d1 && !strcmp(d0, d1));
    CHECK_INT(halves_given.got, halves.got);
    CHECK(halves.got != sniff.got);
    free(d0);
    free(d1);
    /* a negative value is refused */
    tx_analysis *a = NULL;
    CHECK(tx_analysis_new(NULL, NULL, "t", &a) == TX_OK && tx_analysis_set_int(a, TX_OPT_LAYOUT, -1) == TX_EINVAL);
    tx_analysis_free(a);
}

/* ---- the fixtures ------------------------------------------------------------------------------ */

typedef struct {
    char *data;
    char **lines;
    size_t nlines;
} file_t;

static int load(const char *path, file_t *f)
{
    memset(f, 0, sizeof *f);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return -1;
    size_t cap = 1 << 16, len = 0, n;
    f->data = malloc(cap + 1);
    while (f->data && (n = fread(f->data + len, 1, cap - len, fp)) > 0) {
        len += n;
        if (len == cap) {
            cap *= 2;
            f->data = realloc(f->data, cap + 1);
        }
    }
    fclose(fp);
    if (!f->data)
        return -1;
    f->data[len] = '\0';
    size_t lcap = 1024;
    f->lines = malloc(lcap * sizeof *f->lines);
    for (char *s = f->data; s < f->data + len;) {
        if (f->nlines == lcap) {
            lcap *= 2;
            f->lines = realloc(f->lines, lcap * sizeof *f->lines);
        }
        f->lines[f->nlines++] = s;
        char *nl = memchr(s, '\n', (size_t)(f->data + len - s));
        if (!nl)
            break;
        *nl = '\0';
        if (nl > s && nl[-1] == '\r')
            nl[-1] = '\0';
        s = nl + 1;
    }
    return 0;
}

static void unload(file_t *f)
{
    free(f->data);
    free(f->lines);
}

/* Every cited line is, verbatim (up to a cut), the file's line. */
static int citations_ok(const tx_analysis *a, const file_t *f, const char *path)
{
    int good = 1;
    for (unsigned i = 0; i < a->nfind; i++) {
        const txa_finding *fd = &a->findings[i];
        for (unsigned k = 0; k < fd->nev; k++) {
            uint64_t no = fd->ev[k].line;
            if (no < 1 || no > f->nlines ||
                strncmp(f->lines[no - 1], fd->ev[k].text, strlen(fd->ev[k].text)) != 0) {
                fprintf(stderr, "%s: %s cites line %llu wrongly\n", path, fd->rule->id, (unsigned long long)no);
                good = 0;
            }
        }
    }
    return good;
}

static unsigned char *rules_fired;

static void feed_path(tx_analysis *a, const char *path)
{
    FILE *fp = fopen(path, "rb");
    char buf[65536];
    size_t got;
    while (fp && (got = fread(buf, 1, sizeof buf, fp)) > 0)
        tx_analysis_feed(a, buf, got);
    if (fp)
        fclose(fp);
}

static tx_analysis *run_files(const tx_ruleset *rs, const char *const *paths, int n)
{
    tx_analysis *ctx[4] = {NULL, NULL, NULL, NULL}, *main = NULL;
    for (int i = 1; i < n && i < 4; i++) {
        if (tx_analysis_new(NULL, NULL, paths[i], &ctx[i]) == TX_OK) {
            feed_path(ctx[i], paths[i]);
            tx_analysis_finish(ctx[i]);
        }
    }
    file_t f;
    if (load(paths[0], &f) != 0 || tx_analysis_new(rs, NULL, paths[0], &main) != TX_OK) {
        CHECK(!"fixture missing");
        for (int i = 0; i < 4; i++)
            tx_analysis_free(ctx[i]);
        return NULL;
    }
    for (int i = 1; i < 4; i++)
        if (ctx[i])
            txa_lend_context(main, ctx[i]);
    feed_path(main, paths[0]); /* the file's own bytes, not the NUL-split copy */
    for (int i = 1; i < 4; i++)
        if (ctx[i])
            txa_lend_context_again(main, ctx[i]);
    tx_analysis_finish(main);
    CHECK(citations_ok(main, &f, paths[0]));
    unload(&f);
    for (unsigned i = 0; i < main->nfind; i++)
        rules_fired[main->findings[i].rule_index] = 1;
    for (int i = 0; i < 4; i++)
        tx_analysis_free(ctx[i]);
    return main;
}

static void sweep_dir(const tx_ruleset *rs, const char *dir)
{
    char lp[512];
    snprintf(lp, sizeof lp, "%s/labels.tsv", dir);
    FILE *fp = fopen(lp, "r");
    CHECK(fp != NULL);
    if (!fp)
        return;
    char *line = NULL;
    size_t cap = 0;
    int n = 0;
    while (getline(&line, &cap, fp) > 0) {
        if (line[0] == '#')
            continue;
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = '\0';
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, line);
        const char *paths[1] = {path};
        tx_analysis_free(run_files(rs, paths, 1));
        n++;
    }
    free(line);
    fclose(fp);
    CHECK(n >= 20);
}

static void test_fixtures(const tx_ruleset *rs)
{
    rules_fired = calloc(rs->n, 1);
    if (!rules_fired)
        return;
    sweep_dir(rs, "fixtures/lab/evidence");
    sweep_dir(rs, "fixtures/tools");
    /* combined: the log's chain against the listing */
    static const char *const pairs[][2] = {
        {"fixtures/lab/missing-intermediate-ec-tls13.log", "fixtures/lab/evidence/missing-intermediate-ec-tls13.keytool.txt"},
        {"fixtures/lab/untrusted-self-signed-jks.log", "fixtures/lab/evidence/untrusted-self-signed-jks.keytool.txt"},
        {"fixtures/lab/evidence/untrusted-self-signed-jks.s_client.txt", "fixtures/lab/evidence/untrusted-self-signed-jks.keytool.txt"},
    };
    static const char *const expect[] = {"intermediate-not-sent-nor-listed", "issuer-not-in-listed-truststore",
                                         "issuer-not-in-listed-truststore"};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        tx_analysis *a = run_files(rs, pairs[i], 2);
        CHECK(a && fired(a, expect[i]));
        if (a && !fired(a, expect[i]))
            fprintf(stderr, "%s + %s: %s did not fire\n", pairs[i][0], pairs[i][1], expect[i]);
        tx_analysis_free(a);
    }
    /* every rule of tools.yaml fires on a real fixture */
    for (unsigned i = 0; i < rs->n; i++) {
        const char *file = rs->rules[i]->file;
        if (!file || !strstr(file, "tools.yaml"))
            continue;
        CHECK(rules_fired[i]);
        if (!rules_fired[i])
            fprintf(stderr, "rule %s (%s:%u) fires on no fixture\n", rs->rules[i]->id, file, rs->rules[i]->line);
    }
    free(rules_fired);
}

/* ---- the embedded probe ------------------------------------------------------------------------ */

#include "../../cli/probe/probe.inc"

static void test_probe(void)
{
    file_t f;
    CHECK(load("cli/probe/TlsProbe.java", &f) == 0);
    FILE *fp = fopen("cli/probe/TlsProbe.java", "rb");
    unsigned char buf[1 << 16];
    size_t n = fp ? fread(buf, 1, sizeof buf, fp) : 0;
    if (fp)
        fclose(fp);
    /* probe.inc is current: regenerate with sh cli/probe/gen.sh */
    CHECK(n == sizeof probe_source && memcmp(buf, probe_source, n) == 0);
    unload(&f);
    /* class files for Java 8 (major version 52), as every JRE 8+ runs them */
    CHECK(probe_TlsProbe_class[0] == 0xca && probe_TlsProbe_class[1] == 0xfe && probe_TlsProbe_class[7] == 52);
    CHECK(probe_TlsProbe_RecordingFactory_class[7] == 52);
}

int main(void)
{
    test_dn();
    test_names();
    test_keytool();
    test_openssl();
    test_curl();
    test_listing_facts();
    test_tool_sniff();
    test_layout();
    tx_ruleset *rs = tx_test_rulebook();
    CHECK(rs != NULL);
    if (rs) {
        test_context(rs);
        test_fixtures(rs);
    }
    tx_ruleset_free(rs);
    test_probe();
    TX_TEST_END();
}
