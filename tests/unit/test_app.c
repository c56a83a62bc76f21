/*
 * test_app.c - the application-log dialect (parser/dialect_app.c): stack
 * traces, app-log timestamps and the probe's lines, through the public API
 * (events dumped as JSON Lines) and, for log times and flush, the parser.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../include/tlsexplain.h"
#include "../../parser/dialect.h"
#include "../../parser/frame.h"
#include "../../parser/parser.h"
#include "../json_events.h"
#include "../tx_test.h"

/* Feed text in chunks of `chunk` bytes (0 = all at once); return the JSON dump. */
static char *dump_chunked(const char *text, size_t chunk) { return tx_test_dump(text, chunk, NULL, NULL, NULL, NULL); }

static char *dump(const char *text) { return dump_chunked(text, 0); }


static void test_bare_trace_two_causes(void)
{
    char *j = dump("javax.net.ssl.SSLHandshakeException: PKIX path building failed: "
                   "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid "
                   "certification path to requested target\n"
                   "\tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:131)\n"
                   "\tat java.base/sun.security.ssl.TransportContext.fatal(TransportContext.java:383)\n"
                   "Caused by: sun.security.validator.ValidatorException: PKIX path building failed: x\n"
                   "\tat java.base/sun.security.validator.PKIXValidator.doBuild(PKIXValidator.java:439)\n"
                   "\t... 15 more\n"
                   "Caused by: sun.security.provider.certpath.SunCertPathBuilderException: unable to find\n"
                   "    at java.base/sun.security.provider.certpath.SunCertPathBuilder.build(SunCertPathBuilder.java:148)\n"
                   "\t... 20 more\n"
                   "done.\n");
    char e[8192];
    CHECK_INT(count(j, "exception"), 1);
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"line\":1,");
    HAS(e, "\"class\":\"javax.net.ssl.SSLHandshakeException\"");
    HAS(e, "\"message\":\"PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: "
           "unable to find valid certification path to requested target\"");
    HAS(e, "\"causes\":[\"sun.security.validator.ValidatorException: PKIX path building failed: x\","
           "\"sun.security.provider.certpath.SunCertPathBuilderException: unable to find\"]");
    HAS(e, "\"root\":\"sun.security.provider.certpath.SunCertPathBuilderException: unable to find\"");
    HAS(e, "\"origin\":\"local\"");
    CHECK_INT(count(j, "alert"), 0);
    free(j);
}

static void test_generations(void)
{
    char e[8192];
    /* JDK 8: the ValidatorException inside the message */
    char *j = dump("javax.net.ssl.SSLHandshakeException: sun.security.validator.ValidatorException: PKIX path "
                   "building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find "
                   "valid certification path to requested target\n"
                   "\tat sun.security.ssl.Alerts.getSSLException(Alerts.java:192)\n");
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"message\":\"sun.security.validator.ValidatorException: PKIX path building failed:");
    HASNT(e, "\"description\"");
    free(j);

    /* JDK 11-22 */
    j = dump("javax.net.ssl.SSLHandshakeException: PKIX path building failed: "
             "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification "
             "path to requested target\n\tat sun.security.ssl.Alert.createSSLException(Alert.java:131)\n");
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"message\":\"PKIX path building failed:");
    HASNT(e, "\"description\"");
    free(j);

    /* JDK 23+ (JDK-8311644): the alert description in front; here as an Eclipse "Caused by" */
    j = dump("!ENTRY org.eclipse.epp.mpc.ui 4 0 2026-03-19 11:15:34.052\n"
             "!MESSAGE Cannot open Eclipse Marketplace\n\n"
             "Caused by: javax.net.ssl.SSLHandshakeException: (certificate_unknown) PKIX path building failed: "
             "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification "
             "path to requested target\n"
             "\tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:130)\n");
    CHECK_INT(count(j, "exception"), 1);
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"line\":4,");
    HAS(e, "\"message\":\"(certificate_unknown) PKIX path building failed:");
    HAS(e, "\"description\":\"certificate_unknown\"");
    HAS(e, "\"origin\":\"local\"");
    CHECK_INT(count(j, "alert"), 0);
    free(j);

    /* 23+ prefix on a received alert */
    j = dump("javax.net.ssl.SSLHandshakeException: (handshake_failure) Received fatal alert: handshake_failure\n"
             "\tat sun.security.ssl.Alert.createSSLException(Alert.java:131)\n");
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"description\":\"handshake_failure\"");
    HAS(e, "\"origin\":\"peer\"");
    CHECK_INT(count(j, "alert"), 1);
    free(j);

    /* IAIK iSaSiLk (SAP AS Java / PI): the alert the peer sent, in words */
    j = dump("SOAP: Call failed: iaik.security.ssl.SSLException: Peer sent alert: Alert Fatal: handshake failure\n");
    CHECK_INT(count(j, "alert"), 1);
    event(j, "alert", 0, e, sizeof e);
    HAS(e, "\"origin\":\"peer\"");
    HAS(e, "\"level\":\"fatal\"");
    HAS(e, "\"description\":\"handshake_failure\"");
    free(j);
    j = dump("iaik.security.ssl.SSLException: Peer sent alert: Alert Fatal: unknown ca\n"
             "\tat iaik.security.ssl.SSLTransport.startHandshake(Unknown Source)\n");
    event(j, "alert", 0, e, sizeof e);
    HAS(e, "\"description\":\"unknown_ca\"");
    free(j);
    j = dump("iaik.security.ssl.SSLException: Peer sent alert: Alert Warning: unrecognized name\n");
    event(j, "alert", 0, e, sizeof e);
    HAS(e, "\"level\":\"warning\"");
    HAS(e, "\"description\":\"unrecognized_name\"");
    free(j);
    /* words that are no alert name: no alert */
    j = dump("iaik.security.ssl.SSLException: Peer sent alert: Alert Fatal: something odd\n");
    CHECK_INT(count(j, "alert"), 0);
    free(j);

    /* a parenthesis that is not an alert */
    j = dump("javax.net.ssl.SSLHandshakeException: No appropriate protocol (protocol is disabled or cipher "
             "suites are inappropriate)\n");
    event(j, "exception", 0, e, sizeof e);
    HASNT(e, "\"description\"");
    free(j);
}

static void test_gradle_prefixed(void)
{
    const char *log =
        "2022-12-14T17:13:14.916+0800 [ERROR] [org.gradle.internal.buildevents.BuildExceptionReporter] Caused by: "
        "javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure\n"
        "2022-12-14T17:13:14.916+0800 [ERROR] [org.gradle.internal.buildevents.BuildExceptionReporter] \tat "
        "org.apache.http.conn.ssl.SSLConnectionSocketFactory.createLayeredSocket(SSLConnectionSocketFactory.java:436)\n"
        "2022-12-14T17:13:14.917+0800 [ERROR] [org.gradle.internal.buildevents.BuildExceptionReporter] \tat "
        "org.apache.http.impl.execchain.MainClientExec.execute(MainClientExec.java:236)\n"
        "2022-12-14T17:13:14.919+0800 [ERROR] [org.gradle.internal.buildevents.BuildExceptionReporter] \t... 50 more\n"
        "\n"
        "Daemon worker: released lock on root.1\n";
    char *j = dump(log);
    char e[8192], al[1024];
    CHECK_INT(count(j, "exception"), 1);
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"line\":1,");
    HAS(e, "\"class\":\"javax.net.ssl.SSLHandshakeException\"");
    HAS(e, "\"message\":\"Received fatal alert: handshake_failure\"");
    HAS(e, "\"origin\":\"peer\"");
    HASNT(e, "\"causes\"");
    event(j, "alert", 0, al, sizeof al);
    HAS(al, "\"origin\":\"peer\"");
    HAS(al, "\"level\":\"fatal\"");
    HAS(al, "\"description\":\"handshake_failure\"");
    free(j);

    /* a Gradle [system.err] line, prefixed but not learned by the parser */
    j = dump(" [ERROR] [system.err] javax.net.ssl.SSLException: Unsupported or unrecognized SSL message\n"
             " [ERROR] [system.err] \tat sun.security.ssl.SSLSocketInputRecord.handleUnknownRecord(x.java:1)\n"
             " [ERROR] [system.err] Caused by: java.io.EOFException: x\n"
             " [ERROR] [system.err] Build failed\n");
    CHECK_INT(count(j, "exception"), 1);
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"message\":\"Unsupported or unrecognized SSL message\"");
    HAS(e, "\"causes\":[\"java.io.EOFException: x\"]");
    free(j);

    /* log time of the ISO form with an offset: 17:13:14 +0800 = 09:13:14 UTC */
    txi_parser *p = txi_parser_new("t", NULL);
    txi_parser_feed(p, log, strlen(log));
    txi_parser_finish(p);
    CHECK_INT(txi_parser_log_time(p), 1671009194LL);
    txi_parser_free(p);
}

static void test_cut_off(void)
{
    /* input ends inside a frame, without a newline */
    char *j = dump("java.net.ConnectException: Connection refused\n"
                   "\tat java.base/sun.nio.ch.Net.pollConnect(Native Method)\n"
                   "Caused by: java.io.IOException: boom\n"
                   "\tat java.base/sun.nio.ch.Net.pollCon");
    char e[4096];
    CHECK_INT(count(j, "exception"), 1);
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"class\":\"java.net.ConnectException\"");
    HAS(e, "\"root\":\"java.io.IOException: boom\"");
    free(j);

    /* cut right after the head */
    j = dump("javax.net.ssl.SSLHandshakeException: Remote host terminated the handshake");
    CHECK_INT(count(j, "exception"), 1);
    free(j);

    /* flush is idempotent: one event, however often it runs */
    txi_parser *p = txi_parser_new("t", NULL);
    const char *t = "javax.net.ssl.SSLException: x\n\tat a.b.C.d(C.java:1)\n";
    txi_parser_feed(p, t, strlen(t));
    txi_dialects[TXI_DIALECT_APP]->flush(p);
    uint64_t n1 = txi_parser_stats(p)->events;
    txi_dialects[TXI_DIALECT_APP]->flush(p);
    txi_parser_finish(p);
    CHECK_INT(n1, 1);
    CHECK_INT(txi_parser_stats(p)->events, 1);
    txi_parser_free(p);
}

static void test_alerts(void)
{
    char a[1024], e[4096];
    char *j = dump("Exception in thread \"main\" javax.net.ssl.SSLHandshakeException: Received fatal alert: "
                   "unknown_ca\n\tat sun.security.ssl.Alert.createSSLException(Alert.java:131)\n");
    CHECK_INT(count(j, "alert"), 1);
    event(j, "alert", 0, a, sizeof a);
    HAS(a, "\"origin\":\"peer\"");
    HAS(a, "\"level\":\"fatal\"");
    HAS(a, "\"description\":\"unknown_ca\"");
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"origin\":\"peer\"");
    free(j);

    /* JDK 7/8: the warning alert turned into an exception */
    j = dump("javax.net.ssl.SSLProtocolException: handshake alert:  unrecognized_name\n"
             "\tat sun.security.ssl.ClientHandshaker.handshakeAlert(ClientHandshaker.java:1446)\n");
    event(j, "alert", 0, a, sizeof a);
    HAS(a, "\"level\":\"warning\"");
    HAS(a, "\"description\":\"unrecognized_name\"");
    free(j);

    /* wrapped: the alert is found in a cause */
    j = dump("[2021-01-23 22:02:01,885] WARN Exception caught (org.apache.zookeeper.ClientCnxnSocketNetty)\n"
             "io.netty.handler.codec.DecoderException: javax.net.ssl.SSLHandshakeException: Received fatal "
             "alert: bad_certificate\n"
             "\tat io.netty.handler.codec.ByteToMessageDecoder.callDecode(ByteToMessageDecoder.java:468)\n"
             "Caused by: javax.net.ssl.SSLHandshakeException: Received fatal alert: bad_certificate\n"
             "\t... 17 more\n");
    CHECK_INT(count(j, "alert"), 1);
    event(j, "alert", 0, a, sizeof a);
    HAS(a, "\"description\":\"bad_certificate\"");
    free(j);

    /* no alert when the SSLLogger output already told it */
    j = dump("javax.net.ssl|DEBUG|10|main|2026-11-27 03:39:31.200 UTC|Alert.java:238|Received alert message (\n"
             "\"Alert\": {\n  \"level\"      : \"fatal\",\n  \"description\": \"unrecognized_name\"\n}\n)\n"
             "javax.net.ssl.SSLHandshakeException: Received fatal alert: unrecognized_name\n"
             "\tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:131)\n");
    CHECK_INT(count(j, "alert"), 1);
    CHECK_INT(count(j, "exception"), 1);
    free(j);
}

static void test_probe(void)
{
    char t[1024], e[8192], n[1024];
    char *j = dump("[INFO] Connecting to https://company.xmatters.example:57701/\n"
                   "[ERROR] Could not connect to https://company.xmatters.example:57701/: "
                   "javax.net.ssl.SSLHandshakeException: PKIX path building failed: x\n"
                   "javax.net.ssl.SSLHandshakeException: PKIX path building failed: x\n"
                   "\tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:131)\n"
                   "Caused by: sun.security.validator.ValidatorException: PKIX path building failed: x\n"
                   "\t... 15 more\n");
    CHECK_INT(count(j, "target"), 1);
    event(j, "target", 0, t, sizeof t);
    HAS(t, "\"line\":1,");
    HAS(t, "\"url\":\"https://company.xmatters.example:57701/\"");
    HAS(t, "\"host\":\"company.xmatters.example\"");
    HAS(t, "\"port\":57701");
    /* the [ERROR] line and the trace are one exception */
    CHECK_INT(count(j, "exception"), 1);
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"line\":2,");
    HAS(e, "\"host\":\"company.xmatters.example\"");
    HAS(e, "\"causes\":[\"sun.security.validator.ValidatorException: PKIX path building failed: x\"]");
    /* ... in the target's connection */
    HAS(t, "\"conn\":1,");
    HAS(e, "\"conn\":1,");
    free(j);

    j = dump("[INFO] Connecting to https://api.northwind-payments.example:39983/\n"
             "[INFO] Connected: TLSv1.3 TLS_AES_256_GCM_SHA384\n"
             "[INFO] HTTP response: 200 ok\n");
    CHECK_INT(count(j, "negotiated"), 1);
    event(j, "negotiated", 0, n, sizeof n);
    HAS(n, "\"version\":\"TLSv1.3\"");
    HAS(n, "\"cipher\":\"TLS_AES_256_GCM_SHA384\"");
    HAS(n, "\"conn\":1,");
    CHECK_INT(count(j, "exception"), 0);
    free(j);
}

static void test_targets(void)
{
    char e[4096];
    char *j = dump("2013-06-04 09:45:50 +0200 [main] INFO org.apache.qpid.client.AMQConnection - Unable to connect "
                   "to broker at tcp://cbgc03:10128?ssl_cert_alias='x'&ssl='true'\n"
                   "org.apache.qpid.transport.SenderException: SSL, Error occurred while encrypting data\n"
                   "\tat org.apache.qpid.transport.network.security.ssl.SSLSender.send(SSLSender.java:165)\n");
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"url\":\"tcp://cbgc03:10128\"");
    HAS(e, "\"host\":\"cbgc03\"");
    HAS(e, "\"port\":10128");
    free(j);

    j = dump("java.net.UnknownHostException: metrics.soylent.example: Name or service not known\n"
             "\tat java.base/java.net.InetAddress.getAllByName0(InetAddress.java:1)\n");
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"host\":\"metrics.soylent.example\"");
    HASNT(e, "\"port\"");
    free(j);

    j = dump("ERROR [main] c.x.Y - Could not connect: org.apache.http.conn.HttpHostConnectException: Connect to "
             "localhost:8443 [localhost/127.0.0.1] failed: Connection refused\n");
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"class\":\"org.apache.http.conn.HttpHostConnectException\"");
    HAS(e, "\"host\":\"localhost\"");
    HAS(e, "\"port\":8443");
    free(j);

    j = dump("org.springframework.web.client.ResourceAccessException: I/O error on GET request for "
             "\"https://pay.example.com/v1/x\": Connection refused\n");
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"url\":\"https://pay.example.com/v1/x\"");
    HAS(e, "\"host\":\"pay.example.com\"");
    free(j);

    j = dump("io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: "
             "kafka1/10.0.0.5:9093\n");
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"host\":\"kafka1\"");
    HAS(e, "\"port\":9093");
    free(j);

    j = dump("Caused by: java.security.cert.CertificateException: No subject alternative DNS name matching "
             "checkout.example found.\n");
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"host\":\"checkout.example\"");
    free(j);

    /* the validator's own CRL fetch failed: the host in the message is the
       CA's endpoint, not the server, so it is no target */
    j = dump("java.net.UnknownHostException: crl.corp-pki.example\n"
             "\tat java.base/java.net.InetAddress.getAllByName0(InetAddress.java:1505)\n"
             "\tat java.base/sun.security.provider.certpath.URICertStore.engineGetCRLs(URICertStore.java:414)\n");
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"class\":\"java.net.UnknownHostException\"");
    HASNT(e, "\"host\"");
    event(j, "notice", 0, e, sizeof e);
    HAS(e, "certpath-fetch");
    free(j);
}

static void test_times(void)
{
    static const struct {
        const char *log;
        long long want;
    } cases[] = {
        {"2013-06-04 09:45:50,123 INFO [main] x - y\n", 1370339150LL},
        {"2013-06-04 09:45:50 +0200 [main] INFO x - y\n", 1370331950LL},
        {"[2021-01-23 22:02:01,885] WARN Exception caught (x)\n", 1611439321LL},
        {"May 01, 2024 10:00:00 PM com.example.Client connect\nSEVERE: boom\n", 1714600800LL},
        {"!ENTRY org.eclipse.epp.mpc.ui 4 0 2026-03-19 11:15:34.052\n", 1773918934LL},
        {"[3/3/10 11:30:11:828 JST] 00000021 SystemErr     R   javax.net.ssl.SSLException: x\n", 1267583411LL},
        /* Tomcat's OneLineFormatter (catalina.out) */
        {"10-Apr-2017 13:45:12.240 SEVERE [main] org.apache.catalina.startup.Catalina.start x\n", 1491831912LL},
        {"10-Apx-2017 13:45:12.240 SEVERE [main] x\n", TXI_NO_TIME},
        {"no time here\n", TXI_NO_TIME},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        txi_parser *p = txi_parser_new("t", NULL);
        txi_parser_feed(p, cases[i].log, strlen(cases[i].log));
        txi_parser_finish(p);
        if (txi_parser_log_time(p) != cases[i].want)
            fprintf(stderr, "case %zu: %s", i, cases[i].log);
        CHECK_INT(txi_parser_log_time(p), cases[i].want);
        txi_parser_free(p);
    }
}

/* A record of Tomcat's OneLineFormatter that speaks of a store is a notice
   with its level, whatever its message's wording */
static void test_tomcat_one_line(void)
{
    char e[4096];
    char *j = dump("10-Apr-2017 13:45:12.240 SEVERE [main] org.apache.tomcat.util.net.SSLUtilBase.getStore Failed to "
                   "load keystore type [JKS] with path [conf/localhost-rsa.jks] due to [C:\\Tomcat 8.5\\conf\\"
                   "localhost-rsa.jks (The system cannot find the file specified)]\n"
                   "10-Apr-2017 13:45:12.241 INFO [main] org.apache.catalina.startup.Catalina.start Server started\n");
    CHECK_INT(count(j, "notice"), 1);
    event(j, "notice", 0, e, sizeof e);
    HAS(e, "\"level\":\"SEVERE\"");
    HAS(e, "localhost-rsa.jks (The system cannot find the file specified)");
    free(j);
}

/* A line with no level, no class and no known failure text that says a store
   or key file could not be had is a notice; a command line that names stores
   (and "...Error" in an option) is not */
static void test_bare_store_line(void)
{
    char e[4096];
    char *j = dump("Private key file not found: /etc/iot/device-private.pem.key\n"
                   "ORA-17957: Unable to initialize the key store. (CONNECTION_ID=abc)\n"
                   "exec java -Djavax.net.ssl.keyStore=/deployments/ks.jks -XX:+ExitOnOutOfMemoryError -jar app.jar\n"
                   "keyStore is : /etc/app/ks.jks\n");
    CHECK_INT(count(j, "notice"), 2);
    event(j, "notice", 0, e, sizeof e);
    HAS(e, "\"level\":\"ERROR\"");
    HAS(e, "Private key file not found");
    HAS(e, "\"store_hint\":\"key\"");
    event(j, "notice", 1, e, sizeof e);
    HAS(e, "ORA-17957");
    free(j);
}

static void test_multiline_and_shapes(void)
{
    char e[8192];
    /* a message over three lines (RESTEasy test output) */
    char *j = dump("  test(SslClient): RESTEASY004655: Unable to invoke request: \n"
                   "javax.net.ssl.SSLHandshakeException: PKIX path validation failed: "
                   "java.security.cert.CertPathValidatorException: \n"
                   "Certificate has been revoked, reason: UNSPECIFIED, revocation date: Wed Dec 09 14:26:04 EST "
                   "2020, \n"
                   "authority: CN=Root Certificate Authority, OU=jboss, extension OIDs: []\n");
    CHECK_INT(count(j, "exception"), 1);
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"message\":\"PKIX path validation failed: java.security.cert.CertPathValidatorException: "
           "Certificate has been revoked, reason: UNSPECIFIED, revocation date: Wed Dec 09 14:26:04 EST 2020, "
           "authority: CN=Root Certificate Authority, OU=jboss, extension OIDs: []\"");
    free(j);

    /* Suppressed exceptions and their causes are not causes of the top */
    j = dump("java.io.IOException: top\n"
             "\tat a.b.C.d(C.java:1)\n"
             "\tSuppressed: java.lang.IllegalStateException: other\n"
             "\t\tat a.b.C.e(C.java:2)\n"
             "\tCaused by: java.lang.RuntimeException: inner of suppressed\n"
             "\t\t... 1 more\n"
             "Caused by: javax.net.ssl.SSLException: real cause\n"
             "\t... 3 more\n");
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"causes\":[\"javax.net.ssl.SSLException: real cause\"]");
    HAS(e, "\"root\":\"javax.net.ssl.SSLException: real cause\"");
    free(j);

    /* log4j2 %rEx: root cause first, "Wrapped by:" outward */
    j = dump("java.security.cert.CertificateExpiredException: NotAfter: Mon Sep 01 12:00:00 UTC 2025\n"
             "\tat a.b.C.d(C.java:1)\n"
             "Wrapped by: java.security.cert.CertPathValidatorException: validity check failed\n"
             "\tat a.b.C.e(C.java:2)\n"
             "Wrapped by: javax.net.ssl.SSLHandshakeException: PKIX path validation failed\n"
             "\tat a.b.C.f(C.java:3)\n");
    CHECK_INT(count(j, "exception"), 1);
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"class\":\"javax.net.ssl.SSLHandshakeException\"");
    HAS(e, "\"message\":\"PKIX path validation failed\"");
    HAS(e, "\"causes\":[\"java.security.cert.CertPathValidatorException: validity check failed\","
           "\"java.security.cert.CertificateExpiredException: NotAfter: Mon Sep 01 12:00:00 UTC 2025\"]");
    HAS(e, "\"root\":\"java.security.cert.CertificateExpiredException: NotAfter: Mon Sep 01 12:00:00 UTC 2025\"");
    free(j);

    /* two traces without debug output: two attempts, two connections */
    j = dump("javax.net.ssl.SSLException: one\n\tat a.b.C.d(C.java:1)\n"
             "javax.net.ssl.SSLException: two\n\tat a.b.C.d(C.java:1)\n");
    CHECK_INT(count(j, "exception"), 2);
    event(j, "exception", 1, e, sizeof e);
    HAS(e, "\"conn\":2,");
    free(j);

    /* lines that are not exception heads */
    j = dump("2013-06-04 09:32:28 +0200 [IoReceiver - cbgc03/172.16.153.12:10128] WARN org.apache.qpid.SSLUtil - "
             "Exception received while trying to verify hostname\n"
             "Errors in file /opt/oracle/diag/rdbms/xe/XE/trace/XE_ora_4002.trc:\n"
             "ORA-28860: Fatal SSL error\n"
             "see https://host.example.com:443/path: it failed\n"
             "\tat stray.Frame.x(Frame.java:1)\n"
             "\t... 3 more\n");
    CHECK_INT(count(j, "exception"), 0);
    free(j);
}

static void test_log_formats(void)
{
    char e[4096], n[2048];
    /* WebSphere SystemErr: the parser strips the prefix, frames keep their tab */
    char *j = dump("[3/3/10 11:30:11:828 JST] 00000021 SystemErr     R   javax.net.ssl.SSLHandshakeException: "
                   "Received fatal alert: certificate_unknown\n"
                   "[3/3/10 11:30:11:829 JST] 00000021 SystemErr     R \tat com.ibm.jsse2.j.a(j.java:13)\n"
                   "[3/3/10 11:30:11:829 JST] 00000021 SystemErr     R Caused by: java.io.IOException: inner\n"
                   "[3/3/10 11:30:11:829 JST] 00000021 SystemErr     R \t... 4 more\n"
                   "[3/3/10 11:30:12:000 JST] 00000021 SystemOut     O   done\n");
    CHECK_INT(count(j, "exception"), 1);
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"causes\":[\"java.io.IOException: inner\"]");
    CHECK_INT(count(j, "alert"), 1);
    free(j);

    /* JUL: the exception on the level line; a TLS error without one is a notice */
    j = dump("May 01, 2024 10:00:00 AM com.example.Client connect\n"
             "SEVERE: Could not connect: javax.net.ssl.SSLHandshakeException: PKIX path building failed: x\n"
             "\tat com.example.Client.connect(Client.java:10)\n"
             "May 01, 2024 10:00:01 AM com.example.Client check\n"
             "WARNING: the truststore /etc/app/trust.p12 holds no certificate\n"
             "May 01, 2024 10:00:02 AM com.example.Client check\n"
             "INFO: all fine with TLS\n");
    CHECK_INT(count(j, "exception"), 1);
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"line\":2,");
    HAS(e, "\"message\":\"PKIX path building failed: x\"");
    CHECK_INT(count(j, "notice"), 1);
    event(j, "notice", 0, n, sizeof n);
    HAS(n, "\"line\":5,");
    HAS(n, "\"level\":\"WARNING\"");
    HAS(n, "\"text\":\"the truststore /etc/app/trust.p12 holds no certificate\"");
    free(j);

    /* log4j with a thread: the exception logged on the record line, the trace below */
    j = dump("2024-05-01 10:00:00,123 ERROR [main] c.x.Y - Could not connect: javax.net.ssl.SSLHandshakeException: "
             "No subject alternative names present\n"
             "javax.net.ssl.SSLHandshakeException: No subject alternative names present\n"
             "\tat sun.security.ssl.Alert.createSSLException(Alert.java:131)\n"
             "Caused by: java.security.cert.CertificateException: No subject alternative names present\n"
             "\t... 3 common frames omitted\n"
             "2024-05-01 10:00:01,000 INFO  [main] c.x.Y - retrying\n");
    CHECK_INT(count(j, "exception"), 1);
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"root\":\"java.security.cert.CertificateException: No subject alternative names present\"");
    free(j);
}

static void test_other_dialects_keep_their_lines(void)
{
    /* An SSLLogger record right after a trace ends the trace and stays SSLLogger's. */
    char *j = dump("javax.net.ssl.SSLException: x\n"
                   "\tat a.b.C.d(C.java:1)\n"
                   "javax.net.ssl|DEBUG|10|main|2026-11-27 03:39:31.200 UTC|ClientHello.java:641|Produced "
                   "ClientHello handshake message (\n"
                   "\"ClientHello\": {\n  \"client version\"      : \"TLSv1.2\",\n}\n)\n");
    CHECK_INT(count(j, "exception"), 1);
    CHECK_INT(count(j, "handshake"), 1);
    free(j);

    /* a message ending in ':' does not swallow the legacy line after it */
    j = dump("javax.net.ssl.SSLHandshakeException: Received fatal alert:\n"
             "main, WRITE: TLSv1.2 Alert, length = 2\n");
    char e[2048];
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"message\":\"Received fatal alert:\"");
    free(j);
}

static void test_chunked_feed(void)
{
    const char *log = "[INFO] Connecting to https://h.example:8443/\n"
                      "[ERROR] Could not connect to https://h.example:8443/: java.net.ConnectException: "
                      "Connection refused\n"
                      "java.net.ConnectException: Connection refused\n"
                      "\tat java.base/sun.nio.ch.Net.pollConnect(Native Method)\r\n"
                      "\tat TlsProbe.main(TlsProbe.java:91)\n";
    char *whole = dump(log), *bytes = dump_chunked(log, 1), *sevens = dump_chunked(log, 7);
    CHECK(whole && bytes && sevens);
    CHECK_STR(bytes, whole);
    CHECK_STR(sevens, whole);
    CHECK_INT(count(whole, "exception"), 1);
    free(whole);
    free(bytes);
    free(sevens);
}

#define PKIX_MSG                                                                                                      \
    "PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid "   \
    "certification path to requested target"

/* The same trace in every framing: one exception event, same class, message and causes. */
static void same_trace(const char *log, const char *what)
{
    char *j = dump(log);
    char e[8192];
    CHECK(j != NULL);
    if (!j)
        return;
    CHECK_INT(count(j, "exception"), 1);
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"class\":\"javax.net.ssl.SSLHandshakeException\"");
    HAS(e, "\"message\":\"" PKIX_MSG "\"");
    HAS(e, "\"causes\":[\"sun.security.validator.ValidatorException: " PKIX_MSG "\"]");
    if (!strstr(e, "\"causes\":[\"sun.security.validator.ValidatorException"))
        fprintf(stderr, "framing %s: %s\n", what, e);
    free(j);
}

static void test_framings(void)
{
    const char *plain = "javax.net.ssl.SSLHandshakeException: " PKIX_MSG "\n"
                        "\tat sun.security.ssl.Alert.createSSLException(Alert.java:131)\n"
                        "Caused by: sun.security.validator.ValidatorException: " PKIX_MSG "\n"
                        "\t... 12 more\n";
    same_trace(plain, "plain");
    /* Android logcat, threadtime and brief */
    same_trace("04-12 10:11:12.345  1234  1250 W System.err: javax.net.ssl.SSLHandshakeException: " PKIX_MSG "\n"
               "04-12 10:11:12.345  1234  1250 W System.err: \tat sun.security.ssl.Alert.createSSLException(Alert.java:131)\n"
               "04-12 10:11:12.346  1234  1250 W System.err: Caused by: sun.security.validator.ValidatorException: " PKIX_MSG "\n"
               "04-12 10:11:12.346  1234  1250 W System.err: \t... 12 more\n",
               "logcat threadtime");
    same_trace("W/System.err( 1234): javax.net.ssl.SSLHandshakeException: " PKIX_MSG "\n"
               "W/System.err( 1234): \tat sun.security.ssl.Alert.createSSLException(Alert.java:131)\n"
               "W/System.err( 1234): Caused by: sun.security.validator.ValidatorException: " PKIX_MSG "\n",
               "logcat brief");
    /* docker-compose (v1 and v2 names), kubectl --prefix, syslog with #011 */
    same_trace("app_1  | javax.net.ssl.SSLHandshakeException: " PKIX_MSG "\n"
               "app_1  | \tat sun.security.ssl.Alert.createSSLException(Alert.java:131)\n"
               "app_1  | Caused by: sun.security.validator.ValidatorException: " PKIX_MSG "\n",
               "compose v1");
    same_trace("shop-api-1  | javax.net.ssl.SSLHandshakeException: " PKIX_MSG "\n"
               "shop-api-1  | Caused by: sun.security.validator.ValidatorException: " PKIX_MSG "\n",
               "compose v2");
    same_trace("[pod/api-1/api] javax.net.ssl.SSLHandshakeException: " PKIX_MSG "\n"
               "[pod/api-1/api] \tat sun.security.ssl.Alert.createSSLException(Alert.java:131)\n"
               "[pod/api-1/api] Caused by: sun.security.validator.ValidatorException: " PKIX_MSG "\n",
               "kubectl");
    /* stern / kubetail: a Deployment's pod and its container, a DaemonSet's pod */
    same_trace("api-7d9f8b6c5-x2x7q api javax.net.ssl.SSLHandshakeException: " PKIX_MSG "\n"
               "api-7d9f8b6c5-x2x7q api \tat sun.security.ssl.Alert.createSSLException(Alert.java:131)\n"
               "api-7d9f8b6c5-x2x7q api Caused by: sun.security.validator.ValidatorException: " PKIX_MSG "\n",
               "stern");
    same_trace("fluent-bit-zq8kx fluent-bit javax.net.ssl.SSLHandshakeException: " PKIX_MSG "\n"
               "fluent-bit-zq8kx fluent-bit \tat sun.security.ssl.Alert.createSSLException(Alert.java:131)\n"
               "fluent-bit-zq8kx fluent-bit Caused by: sun.security.validator.ValidatorException: " PKIX_MSG "\n",
               "stern, a DaemonSet's pod");
    same_trace("May  1 10:00:00 app01 java[2345]: javax.net.ssl.SSLHandshakeException: " PKIX_MSG "\n"
               "May  1 10:00:00 app01 java[2345]: #011at sun.security.ssl.Alert.createSSLException(Alert.java:131)\n"
               "May  1 10:00:00 app01 java[2345]: Caused by: sun.security.validator.ValidatorException: " PKIX_MSG "\n",
               "syslog");
    same_trace("2024-05-01T10:00:00+0000 app01 java[2345]: javax.net.ssl.SSLHandshakeException: " PKIX_MSG "\n"
               "2024-05-01T10:00:00+0000 app01 java[2345]: Caused by: sun.security.validator.ValidatorException: " PKIX_MSG "\n",
               "journald short-iso");
    /* "Class message" without the colon */
    same_trace("javax.net.ssl.SSLHandshakeException " PKIX_MSG "\n"
               "\tat sun.security.ssl.Alert.createSSLException(Alert.java:131)\n"
               "Caused by: sun.security.validator.ValidatorException: " PKIX_MSG "\n",
               "class space message");
    /* JSON-escaped: logstash stack_trace, docker json-file records */
    same_trace("{\"@timestamp\":\"2024-05-01T10:00:00.123Z\",\"level\":\"ERROR\",\"logger_name\":\"c.e.C\",\"message\":\"call failed\","
               "\"stack_trace\":\"javax.net.ssl.SSLHandshakeException: " PKIX_MSG "\\n\\tat sun.security.ssl.Alert.create"
               "SSLException(Alert.java:131)\\nCaused by: sun.security.validator.ValidatorException: " PKIX_MSG
               "\\n\\t... 12 common frames omitted\\n\"}\n",
               "logstash json");
    same_trace("{\"log\":\"javax.net.ssl.SSLHandshakeException: " PKIX_MSG "\\n\",\"stream\":\"stderr\",\"time\":\"2024-05-01T10:00:00.1Z\"}\n"
               "{\"log\":\"\\u0009at sun.security.ssl.Alert.createSSLException(Alert.java:131)\\n\",\"stream\":\"stderr\",\"time\":\"2024-05-01T10:00:00.2Z\"}\n"
               "{\"log\":\"Caused by: sun.security.validator.ValidatorException: " PKIX_MSG "\\n\",\"stream\":\"stderr\",\"time\":\"2024-05-01T10:00:00.3Z\"}\n",
               "docker json-file");
    /* journalctl -o json: the text is in MESSAGE */
    same_trace("{\"__REALTIME_TIMESTAMP\":\"1714557600123000\",\"PRIORITY\":\"3\",\"SYSLOG_IDENTIFIER\":\"java\",\"MESSAGE\":"
               "\"javax.net.ssl.SSLHandshakeException: " PKIX_MSG "\\n\\tat sun.security.ssl.Alert.createSSLException("
               "Alert.java:131)\\nCaused by: sun.security.validator.ValidatorException: " PKIX_MSG "\"}\n",
               "journald json");
    /* Clojure: the #error map, one-line and multi-line */
    same_trace("#error {:cause \"unable to find valid certification path to requested target\" :via [{:type "
               "javax.net.ssl.SSLHandshakeException :message \"" PKIX_MSG "\" :at [a b \"A.java\" 1]} {:type "
               "sun.security.validator.ValidatorException :message \"" PKIX_MSG "\" :at [c d \"C.java\" 2]}] :trace []}\n",
               "clojure one line");
    same_trace("#error {\n :cause \"x\"\n :via\n [{:type javax.net.ssl.SSLHandshakeException\n   :message \"" PKIX_MSG
               "\"\n   :at [a b \"A.java\" 1]}\n  {:type sun.security.validator.ValidatorException\n   :message \"" PKIX_MSG
               "\"\n   :at [c d \"C.java\" 2]}]\n :trace\n [[a b \"A.java\" 1]]}\nuser=> \n",
               "clojure multi-line");
    /* a CI job's stamp before every line: GitHub Actions, Jenkins, a console clock */
    same_trace("2024-05-01T10:00:00.1234567Z javax.net.ssl.SSLHandshakeException: " PKIX_MSG "\n"
               "2024-05-01T10:00:00.1234568Z \tat sun.security.ssl.Alert.createSSLException(Alert.java:131)\n"
               "2024-05-01T10:00:00.1234569Z Caused by: sun.security.validator.ValidatorException: " PKIX_MSG "\n",
               "github actions");
    same_trace("[2024-05-01T10:00:00.123Z] javax.net.ssl.SSLHandshakeException: " PKIX_MSG "\n"
               "[2024-05-01T10:00:00.124Z] Caused by: sun.security.validator.ValidatorException: " PKIX_MSG "\n",
               "jenkins");
    /* a renderer that widened every blank to three (indentation kept) */
    {
        char wide[2048];
        size_t o = 0;
        for (const char *q = plain; *q && o + 3 < sizeof wide; q++) {
            int indent = q == plain || q[-1] == '\n' || q[-1] == '\t';
            if (*q == ' ' && !indent) {
                memcpy(wide + o, "   ", 3);
                o += 3;
            } else {
                wide[o++] = *q;
            }
        }
        wide[o] = '\0';
        same_trace(wide, "widened blanks");
        /* the same behind a compose prefix on every line */
        char framed[4096];
        size_t f = 0;
        for (const char *q = wide; *q && f + 10 < sizeof framed; q++) {
            if (q == wide || q[-1] == '\n') {
                memcpy(framed + f, "app_1  | ", 9);
                f += 9;
            }
            framed[f++] = *q;
        }
        framed[f] = '\0';
        same_trace(framed, "widened blanks behind a frame");
    }
    /* column-aligned text keeps its single blanks: nothing narrowed */
    CHECK_INT(txi_frame_narrow("INFO  [main] c.e.App  - call failed", 35, 1, NULL), 0);
    CHECK_INT(txi_frame_narrow("Caused   by:   x", 16, 2, NULL), 12);
    CHECK_INT(txi_frame_narrow("   Version:   V3", 16, 2, NULL), 0); /* one gap only, none seen before */
    CHECK_INT(txi_frame_narrow("\tat   a.B.c(B.java:1)", 22, 1, NULL), 20);
    same_trace("[10:00:00] javax.net.ssl.SSLHandshakeException: " PKIX_MSG "\n"
               "[10:00:00] Caused by: sun.security.validator.ValidatorException: " PKIX_MSG "\n",
               "console clock");
    /* a terminal's colour codes kept in a file (a console saved raw, a CI log,
       docker json-file's "\u001b[31m"), and as a Windows console's copy draws ESC */
    same_trace("\x1b[31mjavax.net.ssl.SSLHandshakeException: " PKIX_MSG "\x1b[0m\n"
               "\x1b[2m\tat sun.security.ssl.Alert.createSSLException(Alert.java:131)\x1b[0;39m\n"
               "\x1b[31mCaused by: sun.security.validator.ValidatorException: " PKIX_MSG "\x1b[m\n",
               "ansi colour codes");
    same_trace("\xe2\x86\x90[31mjavax.net.ssl.SSLHandshakeException: " PKIX_MSG "\xe2\x86\x90[0m\n"
               "\xe2\x86\x90[31mCaused by: sun.security.validator.ValidatorException: " PKIX_MSG "\xe2\x86\x90[0m\n",
               "colour codes drawn as a Windows console copies them");
    {
        char out[256];
        size_t u = txi_frame_unescape("\x1b]0;build #12\x07\x1b[1;31mERROR\x1b[m done", 34, out);
        CHECK_INT((long)u, 10);
        CHECK(u == 10 && memcmp(out, "ERROR done", 10) == 0); /* an OSC title and SGR codes dropped */
        /* an ESC that starts no sequence it knows, or an arrow with no colour code, stays */
        CHECK_INT((long)txi_frame_unescape("a\x1b\x01" "b", 4, out), 0);
        CHECK_INT((long)txi_frame_unescape("x \xe2\x86\x90[see] y", 12, out), 0);
        /* a lone ESC at the end of the line goes */
        CHECK_INT((long)txi_frame_unescape("abc\x1b", 4, out), 3);
    }

    char e[8192];
    /* JSON escapes: \" \u003c \/ and the record's line number as evidence */
    char *j = dump("{\"msg\":\"start\"}\n"
                   "{\"message\":\"javax.net.ssl.SSLPeerUnverifiedException: Certificate for \\u003cdb.internal\\u003e doesn't "
                   "match any of the subject alternative names: [a.example, 10.0.0.1] at https:\\/\\/db.internal\\/x\"}\n");
    CHECK_INT(count(j, "exception"), 1);
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"line\":2,");
    HAS(e, "Certificate for <db.internal> doesn't match");
    HAS(e, "\"san\":[\"DNS:a.example\",\"IP:10.0.0.1\"]");
    HAS(e, "\"host\":\"db.internal\"");
    free(j);

    /* a bare message in a frame that states a level: a notice */
    j = dump("04-12 10:11:12.345  1234  1250 E OkHttp  : Trust anchor for certification path not found.\n"
             "W/App     ( 1234): Received fatal alert: handshake_failure\n"
             "May  1 10:00:00 app01 java[2345]: Secure renegotiation is not supported\n");
    CHECK_INT(count(j, "notice"), 2);
    event(j, "notice", 0, e, sizeof e);
    HAS(e, "\"level\":\"ERROR\"");
    HAS(e, "\"text\":\"Trust anchor for certification path not found.\"");
    event(j, "notice", 1, e, sizeof e);
    HAS(e, "\"level\":\"WARN\"");
    free(j);

    /* the JDK's and Apache HttpClient's connect failures quoted without their class
       (an IDE's sync log, Maven's [ERROR] line) are read; an errno text alone is not */
    j = dump("2024-05-06 10:11:12,345 [d thread 2]   INFO - e.project.sync.GradleSyncState - Gradle sync failed: "
             "Connection refused: connect\n"
             "[ERROR] Could not transfer artifact a:b:pom:1 from/to central (https://repo.example.org/maven2): Connect to "
             "repo.example.org:443 [repo.example.org/203.0.113.9] failed: Connection timed out -> [Help 1]\n"
             "2024-05-06 10:11:13 WARN  [main] c.e.Poller - poll failed, retrying: Connection refused\n");
    CHECK_INT(count(j, "exception") + count(j, "notice"), 2);
    HAS(j, "Connection refused: connect");
    HAS(j, "failed: Connection timed out");
    CHECK(strstr(j, "retrying") == NULL);
    free(j);

    /* "INFO  | main | text" layouts are not docker-compose frames */
    j = dump("INFO  | main | javax.net.ssl.SSLHandshakeException: " PKIX_MSG "\n");
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"class\":\"javax.net.ssl.SSLHandshakeException\"");
    free(j);

    /* Clojure CLI: "Execution error (X) at ..." and the message on the next line */
    j = dump("Execution error (SSLHandshakeException) at sun.security.ssl.Alert/createSSLException (Alert.java:131).\n"
             "Received fatal alert: handshake_failure\n");
    CHECK_INT(count(j, "exception"), 1);
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"class\":\"SSLHandshakeException\"");
    HAS(e, "\"message\":\"Received fatal alert: handshake_failure\"");
    free(j);

    /* a Conscrypt message going on with an OpenSSL error string */
    j = dump("javax.net.ssl.SSLProtocolException: SSL handshake aborted: ssl=0x7f: Failure in SSL library, usually a protocol error\n"
             "error:1409442E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version (external/openssl/ssl/s3_pkt.c:1256)\n"
             "\tat com.android.org.conscrypt.NativeCrypto.SSL_do_handshake(Native Method)\n");
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "usually a protocol error error:1409442E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version");
    free(j);
}

/* Application servers' codes: a notice whose fields hold what the text names. */
/* A throwable printed by its simple name (toString() without the package, a
 * hand-copied excerpt, Kotlin): a head when it is a known TLS/security/socket
 * throwable, at the line start, behind a log prefix or indented; other
 * capitalised words before a colon stay text. */
static void test_simple_names(void)
{
    static const struct {
        const char *log, *cls, *msg;
    } cases[] = {
        {"SSLHandshakeException: Cannot produce CertificateVerify signature\n", "SSLHandshakeException",
         "Cannot produce CertificateVerify signature"},
        {"  CertificateExpiredException: NotAfter: Tue Jan 02 10:00:00 UTC 2024\n", "CertificateExpiredException",
         "NotAfter: Tue Jan 02 10:00:00 UTC 2024"},
        {"2024-05-01 10:00:00 ERROR [main] c.e.Sync - UnrecoverableKeyException: Password verification failed\n",
         "UnrecoverableKeyException", "Password verification failed"},
        {"Caused by: SocketTimeoutException: connect timed out\n", "SocketTimeoutException", "connect timed out"},
    };
    char e[4096];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *j = dump(cases[i].log);
        CHECK(j != NULL);
        if (!j)
            continue;
        CHECK_INT(count(j, "exception"), 1);
        event(j, "exception", 0, e, sizeof e);
        char want[256];
        snprintf(want, sizeof want, "\"class\":\"%s\"", cases[i].cls);
        HAS(e, want);
        snprintf(want, sizeof want, "\"message\":\"%s\"", cases[i].msg);
        HAS(e, want);
        free(j);
    }
    /* not throwables: a status word, an unknown simple name */
    const char *plain[] = {"Status: SSLHandshake done\n", "ConfigException: missing key ssl.enabled\n"};
    for (size_t i = 0; i < 2; i++) {
        char *j = dump(plain[i]);
        CHECK(j != NULL);
        if (j)
            CHECK_INT(count(j, "exception"), 0);
        free(j);
    }
}

/* An OpenSSL error string broken at a width inside its reason: the rest joins the
 * message (and the alert it names is read); a complete string does not take the
 * next line. */
static void test_openssl_wrapped(void)
{
    char *j = dump("Caused by: javax.net.ssl.SSLProtocolException: SSL handshake aborted: ssl=0x7f27:\n"
                   "    Failure in SSL library, usually a protocol error\n"
                   "        error:14077410:SSL routines:SSL23_GET_SERVER_HELLO:sslv3 alert handshake\n"
                   "        failure (external/openssl/ssl/s23_clnt.c:770 0x7f28:0x00000000)\n"
                   "    at com.android.org.conscrypt.NativeCrypto.SSL_do_handshake(Native Method)\n");
    char e[4096];
    CHECK(j != NULL);
    if (j) {
        event(j, "exception", 0, e, sizeof e);
        HAS(e, "sslv3 alert handshake failure (external/openssl/ssl/s23_clnt.c:770");
        CHECK_INT(count(j, "alert"), 1);
        free(j);
    }
    j = dump("Caused by: javax.net.ssl.SSLHandshakeException: Handshake failed\n"
             "    error:10000410:SSL routines:OPENSSL_internal:SSLV3_ALERT_HANDSHAKE_FAILURE (external/boringssl/src/ssl/tls_record.cc:592 0x7b:0x00000001)\n"
             "    failure of something else\n");
    CHECK(j != NULL);
    if (j) {
        event(j, "exception", 0, e, sizeof e);
        CHECK(strstr(e, "failure of something else") == NULL);
        free(j);
    }
}

static void test_server_codes(void)
{
    char e[8192];
    char *j = dump("[5/1/24 10:00:00:123 UTC] 00000042 WSX509TrustMa E   CWPKI0022E: SSL HANDSHAKE FAILURE:  A signer with "
                   "SubjectDN \"CN=Corp Root, O=Corp\" was sent from target host:port \"api.example.com:443\".  The signer "
                   "may need to be added to local trust store \"/opt/was/trust.p12\" located in SSL configuration alias "
                   "\"NodeDefaultSSLSettings\".  The extended error message from the SSL handshake exception is: \"" PKIX_MSG
                   "\".\n");
    event(j, "notice", 0, e, sizeof e);
    HAS(e, "\"subject\":\"CN=Corp Root, O=Corp\"");
    HAS(e, "\"host\":\"api.example.com\"");
    HAS(e, "\"port\":443");
    HAS(e, "\"path\":\"/opt/was/trust.p12\"");
    free(j);

    j = dump("[5/1/24 10:00:00:123 UTC] 0000003e com.ibm.ws.ssl.core.WSX509TrustManager E CWPKI0823E: SSL HANDSHAKE "
             "FAILURE:  A signer with SubjectDN CN=Corp Root, O=Corp was sent from the host api.example.com:8443. The "
             "signer might need to be added to local trust store /srv/wlp/trust.p12, located in SSL configuration alias "
             "defaultSSLConfig. The extended error message from the SSL handshake exception is: " PKIX_MSG "\n");
    event(j, "notice", 0, e, sizeof e);
    HAS(e, "\"subject\":\"CN=Corp Root, O=Corp\"");
    HAS(e, "\"port\":8443");
    HAS(e, "\"path\":\"/srv/wlp/trust.p12\"");
    free(j);

    j = dump("####<May 1, 2024 10:00:01 AM UTC> <Warning> <Security> <h> <AdminServer> <[ACTIVE] ExecuteThread> <<WLS "
             "Kernel>> <> <> <1714557601456> <BEA-090477> <Certificate chain received from api.example.com - 10.0.0.5 "
             "was not trusted causing SSL handshake failure.>\n"
             "####<May 1, 2024 10:00:01 AM UTC> <Info> <Server> <h> <AdminServer> <main> <<WLS Kernel>> <> <> <1> "
             "<BEA-002622> <The protocol \"https\" is now configured.>\n");
    CHECK_INT(count(j, "notice"), 1);
    event(j, "notice", 0, e, sizeof e);
    HAS(e, "\"level\":\"WARN\"");
    HAS(e, "\"text\":\"BEA-090477");
    HAS(e, "\"host\":\"api.example.com\"");
    free(j);

    j = dump("2024-05-01 10:00:00,123 ERROR [org.jboss.as.controller] (Thread 1) WFLYCTL0013: Operation failed - \"ELY00000: "
             "TLS connection to ldaps://ldap.example.com:636 failed: javax.net.ssl.SSLHandshakeException: " PKIX_MSG "\"\n");
    CHECK_INT(count(j, "notice"), 1);
    event(j, "notice", 0, e, sizeof e);
    HAS(e, "\"text\":\"WFLYCTL0013: Operation failed");
    free(j);

    /* a code without a level letter takes the record's level word (WildFly's
       server.log stamps the time of day only) */
    j = dump("10:51:27,480 WARN  [org.wildfly.extension.elytron] (MSC service thread 1-7) WFLYELY00023: KeyStore file "
             "'/opt/wildfly/standalone/configuration/application.keystore' does not exist. Used blank.\n"
             "2024-05-01 10:51:28,000 ERROR [org.jboss.as.controller] (Thread 1) WFLYELY00022: KeyStore file "
             "'/opt/app.keystore' does not exist and required.\n");
    CHECK_INT(count(j, "notice"), 2);
    event(j, "notice", 0, e, sizeof e);
    HAS(e, "\"level\":\"WARN\"");
    HAS(e, "\"text\":\"WFLYELY00023: KeyStore file");
    event(j, "notice", 1, e, sizeof e);
    HAS(e, "\"level\":\"ERROR\"");
    free(j);
}

/* A record stamped with the time of day only ("HH:MM:SS,mmm LEVEL ...") keeps
   its level: a warning is no error */
static void test_time_of_day_records(void)
{
    char e[4096];
    char *j = dump("10:00:00,000 WARN  [org.example.Tls] (main) Keystore /a/keystore.jks not found, loading failed\n"
                   "10:00:01.250 [main] ERROR org.example.Tls - Truststore /a/trust.jks not found, loading failed\n");
    CHECK_INT(count(j, "notice"), 2);
    event(j, "notice", 0, e, sizeof e);
    HAS(e, "\"level\":\"WARN\"");
    event(j, "notice", 1, e, sizeof e);
    HAS(e, "\"level\":\"ERROR\"");
    free(j);
}

/* Suppressed exceptions and their causes: kept apart, alerts read from them. */
static void test_suppressed(void)
{
    char e[8192];
    char *j = dump("java.net.SocketException: Connection reset\n"
                   "\tat java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:323)\n"
                   "\tSuppressed: java.net.SocketException: Broken pipe\n"
                   "\t\tat java.base/sun.nio.ch.NioSocketImpl.implWrite(NioSocketImpl.java:420)\n"
                   "\tCaused by: javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_unknown\n"
                   "\t\t... 3 more\n"
                   "Caused by: java.io.IOException: x\n");
    CHECK_INT(count(j, "exception"), 1);
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"suppressed\":[\"java.net.SocketException: Broken pipe\",\"javax.net.ssl.SSLHandshakeException: Received "
           "fatal alert: certificate_unknown\"]");
    HAS(e, "\"causes\":[\"java.io.IOException: x\"]");
    HAS(e, "\"root\":\"java.io.IOException: x\"");
    CHECK_INT(count(j, "alert"), 1);
    free(j);
}

/* Other diagnostic output: certpath debug, JFR, HTTP clients' DEBUG lines. */
static void test_other_output(void)
{
    char e[8192];
    char *j = dump("certpath: ---checking timestamp...\ncertpath: timestamp check failed\n"
                   "ocsp: Could not determine revocation status\n");
    CHECK_INT(count(j, "notice"), 2);
    event(j, "notice", 0, e, sizeof e);
    HAS(e, "\"level\":\"certpath\"");
    HAS(e, "\"text\":\"timestamp check failed\"");
    free(j);

    j = dump("jdk.TLSHandshake {\n  startTime = 10:00:00.123 (2024-05-01)\n  peerHost = \"api.example.com\"\n"
             "  peerPort = 443\n  protocolVersion = \"TLSv1.3\"\n  cipherSuite = \"TLS_AES_128_GCM_SHA256\"\n"
             "  stackTrace = [\n    a.B.c(D) line: 1\n    ...\n  ]\n}\n");
    event(j, "target", 0, e, sizeof e);
    HAS(e, "\"host\":\"api.example.com\"");
    HAS(e, "\"port\":443");
    event(j, "negotiated", 0, e, sizeof e);
    HAS(e, "\"version\":\"TLSv1.3\"");
    HAS(e, "\"cipher\":\"TLS_AES_128_GCM_SHA256\"");
    HAS(e, "\"text\":\"connected\"");
    free(j);

    j = dump("2024-05-01 10:00:00,250 DEBUG [main] o.a.h.c.s.SSLConnectionSocketFactory - Secure session established\n"
             "2024-05-01 10:00:00,250 DEBUG [main] o.a.h.c.s.SSLConnectionSocketFactory -  negotiated protocol: TLSv1.2\n"
             "D/OkHttp: Handshake{tlsVersion=TLS_1_3 cipherSuite=TLS_AES_256_GCM_SHA384 peerCertificates=[CN=a] "
             "localCertificates=[]}\n"
             "[id: 0x1, L:/10.0.0.2:5 - R:h/10.0.0.5:443] HANDSHAKEN: protocol:TLSv1.2 cipher suite:TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n");
    CHECK_INT(count(j, "negotiated"), 4);
    event(j, "negotiated", 2, e, sizeof e);
    HAS(e, "\"version\":\"TLSv1.3\"");
    HAS(e, "\"cipher\":\"TLS_AES_256_GCM_SHA384\"");
    event(j, "negotiated", 3, e, sizeof e);
    HAS(e, "\"cipher\":\"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\"");
    HAS(e, "\"text\":\"connected\"");
    free(j);

    /* Windows' own words for a reset or aborted connection, in the system's language
       (Java's NIO passes them on), read as the English text */
    j = dump("java.io.IOException: \xe8\xbf\x9c\xe7\xa8\x8b\xe4\xb8\xbb\xe6\x9c\xba\xe5\xbc\xba\xe8\xbf\xab"
             "\xe5\x85\xb3\xe9\x97\xad\xe4\xba\x86\xe4\xb8\x80\xe4\xb8\xaa\xe7\x8e\xb0\xe6\x9c\x89\xe7\x9a\x84"
             "\xe8\xbf\x9e\xe6\x8e\xa5\xe3\x80\x82\n"
             "Caused by: java.io.IOException: Eine bestehende Verbindung wurde softwaregesteuert durch den Hostcomputer "
             "abgebrochen\n");
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"message\":\"An existing connection was forcibly closed by the remote host.\"");
    HAS(e, "An established connection was aborted by the software in your host machine");
    free(j);

    /* ... in traditional Chinese, Spanish, Portuguese and Russian; German breaks its
       10053 text in two lines, the first of which is enough */
    j = dump("java.io.IOException: \xe9\x81\xa0\xe7\xab\xaf\xe4\xb8\xbb\xe6\xa9\x9f\xe5\xb7\xb2\xe5\xbc\xb7"
             "\xe5\x88\xb6\xe9\x97\x9c\xe9\x96\x89\xe4\xb8\x80\xe5\x80\x8b\xe7\x8f\xbe\xe5\xad\x98\xe7\x9a\x84"
             "\xe9\x80\xa3\xe7\xb7\x9a\xe3\x80\x82\n");
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"message\":\"An existing connection was forcibly closed by the remote host.\"");
    free(j);
    static const char *const aborted[] = {
        "java.io.IOException: Se ha anulado una conexi\xc3\xb3n establecida por el software en su equipo host\n",
        "java.io.IOException: Uma conex\xc3\xa3o estabelecida foi anulada pelo software no computador host\n",
        "javax.net.ssl.SSLException: \xd0\x9f\xd1\x80\xd0\xbe\xd0\xb3\xd1\x80\xd0\xb0\xd0\xbc\xd0\xbc\xd0\xb0 "
        "\xd0\xbd\xd0\xb0 \xd0\xb2\xd0\xb0\xd1\x88\xd0\xb5\xd0\xbc \xd1\x85\xd0\xbe\xd1\x81\xd1\x82-\xd0\xba"
        "\xd0\xbe\xd0\xbc\xd0\xbf\xd1\x8c\xd1\x8e\xd1\x82\xd0\xb5\xd1\x80\xd0\xb5 \xd1\x80\xd0\xb0\xd0\xb7"
        "\xd0\xbe\xd1\x80\xd0\xb2\xd0\xb0\xd0\xbb\xd0\xb0 \xd1\x83\xd1\x81\xd1\x82\xd0\xb0\xd0\xbd\xd0\xbe"
        "\xd0\xb2\xd0\xbb\xd0\xb5\xd0\xbd\xd0\xbd\xd0\xbe\xd0\xb5 \xd0\xbf\xd0\xbe\xd0\xb4\xd0\xba\xd0\xbb"
        "\xd1\x8e\xd1\x87\xd0\xb5\xd0\xbd\xd0\xb8\xd0\xb5\n",
        "java.io.IOException: Eine bestehende Verbindung wurde softwaregesteuert\r\ndurch den Hostcomputer abgebrochen\r\n",
    };
    for (size_t i = 0; i < sizeof aborted / sizeof *aborted; i++) {
        j = dump(aborted[i]);
        event(j, "exception", 0, e, sizeof e);
        HAS(e, "\"message\":\"An established connection was aborted by the software in your host machine\"");
        free(j);
    }

    /* OkHttp's interceptor behind a logger's layout; a plain-http answer proves no TLS */
    j = dump("2024-05-01 10:00:00.123 INFO  [main] okhttp3.OkHttpClient - <-- 200 OK https://api.example.com/v1 (12ms)\n"
             "2024-05-01 10:00:00.124 INFO  [main] okhttp3.OkHttpClient - <-- 200 OK http://api.example.com/v1 (12ms)\n");
    CHECK_INT(count(j, "negotiated"), 1);
    free(j);

    /* an application's "*** Finished ..." is not a legacy debug line: no prefix is learned
       from it, the next record keeps its level */
    j = dump("2024-05-01 10:00:00 ERROR [main] *** Finished processing ***\n"
             "2024-05-01 10:00:01 ERROR [main] TLS handshake failed with the gateway\n");
    event(j, "notice", 0, e, sizeof e);
    HAS(e, "\"level\":\"ERROR\"");
    free(j);

    /* behind a CI stamp: the line-start statements are read */
    j = dump("2024-05-01T10:00:00.1234567Z Download https://repo.maven.apache.org/maven2/a/b/1/b-1.pom\n");
    CHECK_INT(count(j, "negotiated"), 1);
    event(j, "target", 0, e, sizeof e);
    HAS(e, "\"host\":\"repo.maven.apache.org\"");
    free(j);

    /* HttpClient 5, Bouncy Castle JSSE, Jetty's ALPN processor, OkHttp's event
       listener and logging interceptor (JUL's two-line format) */
    j = dump("2024-05-02 10:15:30,412 DEBUG [main] o.a.h.c.h.i.a.AsyncConnectExec - ex-0000000001 upgraded to TLS\n"
             "FINE: [client #1 @6a5fc7f7] established connection with www.example.com:443\n"
             "2024-05-02 10:15:30.413:DEBUG:oejaj.JDK9ServerALPNProcessor:qtp1-27: TLS handshake succeeded, "
             "protocol=h2 for ALPNServerConnection@4a5b6c7d\n"
             "INFO: [241 ms] connectionAcquired: Connection{h:443, proxy=DIRECT hostAddress=h/1.2.3.4:443 "
             "cipherSuite=TLS_AES_128_GCM_SHA256 protocol=h2}\n"
             "INFO: [9 ms] connectionAcquired: Connection{h:80, proxy=DIRECT hostAddress=h/1.2.3.4:80 "
             "cipherSuite=none protocol=http/1.1}\n"
             "INFO: <-- 200 https://www.example.com/api (312ms, 1234-byte body)\n");
    CHECK_INT(count(j, "negotiated"), 5);
    event(j, "negotiated", 3, e, sizeof e);
    HAS(e, "\"cipher\":\"TLS_AES_128_GCM_SHA256\"");
    event(j, "target", 0, e, sizeof e);
    HAS(e, "\"host\":\"www.example.com\"");
    free(j);

    /* OpenSSL's state string of a finished handshake (Android NativeCrypto debug output
       prints it twice: one handshake) */
    j = dump("D/NativeCrypto( 8900): ssl=0x5fca2910 handshake done in SSLOK SSL negotiation finished successfully\n"
             "D/NativeCrypto( 8900): ssl=0x5fca2910 info_callback calling handshakeCompleted\n"
             "D/NativeCrypto( 8900): ssl=0x5fca2910 SSL_connect:ok exit in SSLOK SSL negotiation finished successfully\n");
    CHECK_INT(count(j, "negotiated"), 1);
    free(j);

    /* InstallCert: its handshake with the trust store it loaded completed */
    j = dump("Opening connection to www.example.com:443...\n"
             "Starting SSL handshake...\n"
             "\n"
             "No errors, certificate is already trusted\n");
    CHECK_INT(count(j, "negotiated"), 1);
    free(j);
    j = dump("Starting SSL handshake...\n"
             "javax.net.ssl.SSLHandshakeException: PKIX path building failed\n"
             "Could not obtain server certificate chain: no errors, certificate is already trusted\n");
    CHECK_INT(count(j, "negotiated"), 0);
    free(j);
}

/* What the line patterns see besides the line as read (parser.h sink.line):
 * the text behind a container's prefix, each decoded line of a JSON record
 * (a dump row left out), nothing for a plain line. */
typedef struct {
    char got[8][256];
    int n;
} bodies;

static void on_body_line(void *ud, uint64_t no, const char *text, size_t len, const char *body, size_t bodyn,
                         txi_conn *c, uint64_t start, uint64_t end)
{
    (void)no, (void)text, (void)len, (void)c, (void)start, (void)end;
    bodies *b = ud;
    if (b->n < 8)
        snprintf(b->got[b->n++], sizeof b->got[0], "%.*s", body ? (int)bodyn : 4, body ? body : "NULL");
}

static void test_line_bodies(void)
{
    static const char text[] =
        "06-02 09:14:51.207  4120  4188 I System.out:   \"versions\": [TLSv1.3]\n"
        "plain line\n"
        "{\"log\":\"a \\\"quoted\\\" line\\n    0000: 9A F5 7C 5E EE 1F 09 68   82 9D A8 82 1B 37 78 78  ...^...h.....7xx\\nlast\\n\",\"stream\":\"stdout\"}\n";
    bodies b = {{{0}}, 0};
    txi_sink sink = {&b, NULL, NULL, on_body_line};
    txi_parser *p = txi_parser_new("t", &sink);
    txi_parser_feed(p, text, sizeof text - 1);
    txi_parser_finish(p);
    txi_parser_free(p);
    CHECK_INT(b.n, 3);
    CHECK_STR(b.got[0], "  \"versions\": [TLSv1.3]");
    CHECK_STR(b.got[1], "NULL");
    CHECK_STR(b.got[2], "a \"quoted\" line\nlast");
}

/* A paste that starts among the frames of a trace (its head cut off): one
 * exception event with the frames, filed at the end - and only when the log
 * has no exception head at all and the first frame is in the TLS code. */
static void test_headless_trace(void)
{
    char e[8192];
    const char *frames = "\tat java.base/sun.security.provider.certpath.AlgorithmChecker.check(AlgorithmChecker.java:237)\n"
                         "\tat java.base/sun.security.ssl.AbstractTrustManagerWrapper.checkAlgorithmConstraints("
                         "SSLContextImpl.java:1569)\n";
    char *j = dump(frames);
    CHECK_INT(count(j, "exception"), 1);
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"line\":1,");
    HAS(e, "\"thrown\":\"sun.security.provider.certpath.AlgorithmChecker.check\"");
    HAS(e, "\"frames\":\"sun.security.provider.certpath.AlgorithmChecker.check "
           "sun.security.ssl.AbstractTrustManagerWrapper.checkAlgorithmConstraints\"");
    HASNT(e, "\"class\"");
    HASNT(e, "\"message\"");
    free(j);

    /* fed a byte at a time, behind a log prefix: the same */
    j = dump_chunked("pod-1 | \tat sun.security.validator.PKIXValidator.doBuild(PKIXValidator.java:397)\n"
                     "pod-1 | \tat sun.security.validator.PKIXValidator.engineValidate(PKIXValidator.java:302)\n"
                     "pod-1 | done\n",
                     1);
    CHECK_INT(count(j, "exception"), 1);
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"thrown\":\"sun.security.validator.PKIXValidator.doBuild\"");
    free(j);

    /* a head later in the log: its own trace, no headless event */
    char buf[4096];
    snprintf(buf, sizeof buf, "%sjavax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure\n"
             "\tat sun.security.ssl.Alert.createSSLException(Alert.java:131)\n", frames);
    j = dump(buf);
    CHECK_INT(count(j, "exception"), 1);
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"class\":\"javax.net.ssl.SSLHandshakeException\"");
    free(j);

    /* jruby-openssl's OpenSSL text alone on a line is a failure; s_client's verify
       lines (printed on success too) are not */
    j = dump("OpenSSL::SSL::SSLError: certificate verify failed\n");
    CHECK_INT(count(j, "exception"), 1);
    free(j);
    j = dump("verify error:num=20:unable to get local issuer certificate\n");
    CHECK_INT(count(j, "exception"), 0);
    free(j);

    /* a line of another dialect between frames ends the run: only the first run's frames */
    j = dump("\tat sun.security.validator.PKIXValidator.doBuild(PKIXValidator.java:397)\n"
             "javax.net.ssl|DEBUG|10|main|2026-01-10 10:00:00.000 UTC|X.java:1|close the SSL connection (passive)\n"
             "\tat sun.security.ssl.SSLSocketImpl.startHandshake(SSLSocketImpl.java:440)\n");
    CHECK_INT(count(j, "exception"), 1);
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"frames\":\"sun.security.validator.PKIXValidator.doBuild\"");
    free(j);

    /* a first frame outside the TLS code, or a thread of a thread dump: nothing */
    j = dump("\tat com.example.App.main(App.java:12)\n"
             "\tat sun.security.ssl.SSLSocketImpl.startHandshake(SSLSocketImpl.java:440)\n");
    CHECK_INT(count(j, "exception"), 0);
    free(j);
    j = dump("\"main\" #1 prio=5 os_prio=0 tid=0x1 nid=0x2 runnable\n"
             "   java.lang.Thread.State: RUNNABLE\n"
             "\tat sun.security.ssl.SSLSocketInputRecord.read(SSLSocketInputRecord.java:484)\n");
    CHECK_INT(count(j, "exception"), 0);
    free(j);
}

/* UTF-16 input with its byte-order mark (PowerShell 5's '>', Notepad's
 * "Unicode"): read as the same text in UTF-8, whatever the chunks. */
static char *to_utf16(const char *u8, int big, size_t *n)
{
    size_t k = strlen(u8);
    char *o = malloc(2 * k + 2);
    if (!o)
        return NULL;
    o[0] = big ? (char)0xfe : (char)0xff;
    o[1] = big ? (char)0xff : (char)0xfe;
    for (size_t i = 0; i < k; i++) { /* (ASCII input: one code unit a byte) */
        o[2 + 2 * i + (big ? 1 : 0)] = u8[i];
        o[2 + 2 * i + (big ? 0 : 1)] = 0;
    }
    *n = 2 * k + 2;
    return o;
}

static void test_utf16_input(void)
{
    const char *log = "javax.net.ssl.SSLHandshakeException: PKIX path building failed\n"
                      "\tat sun.security.ssl.Alert.createSSLException(Alert.java:131)\n";
    char *want = dump(log);
    for (int big = 0; big <= 1; big++)
        for (size_t chunk = 0; chunk <= 3; chunk += 1) {
            size_t n;
            char *u = to_utf16(log, big, &n);
            char *got = tx_test_dump_n(u, n, chunk, NULL, NULL, NULL, NULL);
            CHECK(want && got && strcmp(want, got) == 0);
            free(got);
            free(u);
        }
    free(want);
    /* a surrogate pair is one code point (U+1F600: F0 9F 98 80); an unpaired
       half is U+FFFD (EF BF BD) */
    char *u = NULL;
    size_t n;
    char *head = to_utf16("javax.net.ssl.SSLHandshakeException: X", 0, &n);
    u = head ? malloc(n + 8) : NULL;
    if (u) {
        memcpy(u, head, n);
        const char tail[] = {0x3d, (char)0xd8, 0x00, (char)0xde, 0x00, (char)0xdc, '\n', 0};
        memcpy(u + n, tail, sizeof tail);
        char *j = tx_test_dump_n(u, n + sizeof tail, 1, NULL, NULL, NULL, NULL);
        HAS(j, "\"message\":\"X\xf0\x9f\x98\x80\xef\xbf\xbd\"");
        free(j);
    }
    free(u);
    free(head);
}

/* A head that ends in ':' with its message on the next lines, wrapped once more by the
   publisher's width: the message is both lines */
static void test_head_colon_wrapped(void)
{
    char e[8192];
    char *j = dump("failed: java.security.cert.CertificateException:\n"
                   "No subject alternative DNS name matching\n"
                   "es.example.com found.\n"
                   "Please check the settings.\n");
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"message\":\"No subject alternative DNS name matching es.example.com found.\"");
    free(j);
}

/* Which store a failure was loading, from its frames (the parser's field `store`) */
static void test_store_frames(void)
{
    char e[8192];
    /* Jetty's SslContextFactory loads its trust store by name: trust */
    char *j = dump("java.lang.IllegalStateException: no valid keystore\n"
                   "\tat org.eclipse.jetty.util.security.CertificateUtils.getKeyStore(CertificateUtils.java:50)\n"
                   "\tat org.eclipse.jetty.util.ssl.SslContextFactory.loadTrustStore(SslContextFactory.java:1210)\n"
                   "\tat org.eclipse.jetty.util.ssl.SslContextFactory.load(SslContextFactory.java:325)\n");
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"store\":\"trust\"");
    free(j);
    /* the key managers: key */
    j = dump("java.io.IOException: Keystore was tampered with, or password was incorrect\n"
             "\tat sun.security.provider.JavaKeyStore.engineLoad(JavaKeyStore.java:780)\n"
             "\tat javax.net.ssl.KeyManagerFactory.init(KeyManagerFactory.java:256)\n");
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"store\":\"key\"");
    free(j);
    /* a product's own method that makes the trust managers, spelled its own way: trust;
       the trust manager's own frames (every PKIX trace has them) say nothing */
    j = dump("java.io.IOException: Keystore was tampered with, or password was incorrect\n"
             "\tat sun.security.provider.JavaKeyStore.engineLoad(JavaKeyStore.java:780)\n"
             "\tat java.security.KeyStore.load(KeyStore.java:1445)\n"
             "\tat com.example.transport.SSLUtil.createTrustmanager(SSLUtil.java:116)\n");
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"store\":\"trust\"");
    free(j);
    j = dump("javax.net.ssl.SSLHandshakeException: " PKIX_MSG "\n"
             "\tat sun.security.ssl.X509TrustManagerImpl.checkTrusted(X509TrustManagerImpl.java:221)\n"
             "\tat sun.security.ssl.X509TrustManagerImpl.checkServerTrusted(X509TrustManagerImpl.java:129)\n");
    event(j, "exception", 0, e, sizeof e);
    CHECK(strstr(e, "\"store\"") == NULL);
    free(j);
    /* the JDK's own trust store manager loads cacerts through a loadKeyStore frame:
       that name alone says nothing */
    j = dump("java.io.IOException: Invalid keystore format\n"
             "\tat sun.security.provider.JavaKeyStore.engineLoad(JavaKeyStore.java:659)\n"
             "\tat sun.security.util.KeyStoreUtil.loadKeyStore(KeyStoreUtil.java:90)\n");
    event(j, "exception", 0, e, sizeof e);
    CHECK(strstr(e, "\"store\"") == NULL);
    free(j);
}

/* What the conventional names of the store files suggest (the field `store_hint`),
   only when nothing names the store */
static void test_store_names(void)
{
    /* each trace: the field its first exception must carry (NULL: none), one it must not */
    static const struct {
        const char *text, *has, *not;
    } cases[] = {
        /* Kafka's words are the same for both stores; the file's name is a key store's */
        {"org.apache.kafka.common.KafkaException: Failed to load SSL keystore "
         "/etc/kafka/secrets/kafka.client.keystore.jks of type JKS\n",
         "\"store_hint\":\"key\"", "\"store\""},
        /* Liberty's default trust store (no word names the store: its name suggests it) */
        {"java.io.FileNotFoundException: /opt/wlp/usr/servers/s1/resources/security/trust.p12 "
         "(No such file or directory)\n",
         "\"store_hint\":\"trust\"", "\"store\""},
        /* WebLogic's DemoIdentity under a Windows path with blanks */
        {"java.io.FileNotFoundException: C:\\Oracle\\Middle ware\\DemoIdentity.jks "
         "(The system cannot find the file specified)\n",
         "\"store_hint\":\"key\"", NULL},
        /* a file without an extension, named by a path; the word alone is no file */
        {"java.io.FileNotFoundException: /etc/cas/thekeystore (No such file or directory)\n", "\"store_hint\":\"key\"",
         NULL},
        {"java.io.IOException: Failed to load keystore\n", NULL, "\"store_hint\""},
        /* a name that says neither, a text with both, a store word and no file */
        {"java.io.FileNotFoundException: /etc/app/server.jks (No such file or directory)\n", NULL, "\"store_hint\""},
        {"java.io.IOException: Invalid keystore format: /etc/app/keystore.jks, /etc/app/truststore.jks\n", NULL,
         "\"store_hint\""},
        {"java.io.IOException: keystore password was incorrect\n", NULL, "\"store_hint\""},
        /* Jetty's SslContextFactory.loadKeyStore proves the key store */
        {"java.io.FileNotFoundException: /opt/app/etc/server.jks\n"
         "\tat org.eclipse.jetty.util.security.CertificateUtils.getKeyStore(CertificateUtils.java:43)\n"
         "\tat org.eclipse.jetty.util.ssl.SslContextFactory.loadKeyStore(SslContextFactory.java:871)\n",
         "\"store\":\"key\"", NULL},
        /* Tomcat's JSSE endpoint (a server connector: its key store always, a trust store
           only for client certificates) only suggests it */
        {"java.lang.IllegalArgumentException: Invalid keystore format\n"
         "\tat org.apache.tomcat.util.net.AbstractJsseEndpoint.createSSLContext(AbstractJsseEndpoint.java:99)\n"
         "\tat org.apache.tomcat.util.net.NioEndpoint.bind(NioEndpoint.java:218)\n",
         "\"store_hint\":\"key\"", "\"store\""},
        /* PEM names: a CA bundle's words win over any other ("ca-cert.pem", "client-ca.crt"),
           a private key file is this side's own, an own certificate's usual names say key,
           other names nothing */
        {"java.lang.IllegalArgumentException: File does not contain valid certificates: /etc/ssl/ca-cert.pem\n",
         "\"store_hint\":\"trust\"", "\"store\""},
        {"java.nio.file.NoSuchFileException: /etc/pki/client-ca.crt\n", "\"store_hint\":\"trust\"", NULL},
        {"java.io.FileNotFoundException: /etc/ssl/rootCA.pem (No such file or directory)\n", "\"store_hint\":\"trust\"",
         NULL},
        {"java.io.FileNotFoundException: /etc/ssl/ca.key (No such file or directory)\n", "\"store_hint\":\"key\"", NULL},
        {"java.io.FileNotFoundException: /etc/iot/1a2b-certificate.pem.crt (No such file or directory)\n",
         "\"store_hint\":\"key\"", NULL},
        {"java.lang.IllegalArgumentException: File does not contain valid certificates: /etc/ssl/tls.crt\n",
         "\"store_hint\":\"key\"", NULL},
        {"java.io.FileNotFoundException: /etc/ssl/mydomain.pem (No such file or directory)\n", NULL, "\"store_hint\""},
        /* a package name is no file */
        {"java.security.cert.CertificateException: Could not parse certificate in java.security.cert\n", NULL,
         "\"store_hint\""},
        /* frames that name the store win over the name */
        {"java.io.IOException: Invalid keystore format: /etc/app/keystore.jks\n"
         "\tat sun.security.provider.JavaKeyStore.engineLoad(JavaKeyStore.java:659)\n"
         "\tat javax.net.ssl.TrustManagerFactory.init(TrustManagerFactory.java:250)\n",
         "\"store\":\"trust\"", "\"store_hint\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char e[8192];
        char *j = dump(cases[i].text);
        event(j, "exception", 0, e, sizeof e);
        if (cases[i].has)
            HAS(e, cases[i].has);
        if (cases[i].not)
            CHECK(strstr(e, cases[i].not) == NULL);
        free(j);
    }
}

/* A message a log wrapped before the date it quotes: the "at <date>" line is no frame,
   and the cause printed after "internal cause is:" belongs to the same failure */
static void test_wrapped_date_not_frame(void)
{
    char e[8192];
    char *j = dump("javax.net.ssl.SSLHandshakeException: PKIX path validation failed: "
                   "java.security.cert.CertPathValidatorException: The certificate expired\n"
                   "\tat Thu Jan 16 10:00:00 UTC 2025; internal cause is:\n"
                   "\tjava.security.cert.CertificateExpiredException: NotAfter: Thu Jan 16 10:00:00 UTC 2025\n"
                   "\tat com.ibm.security.cert.BasicChecker.a(BasicChecker.java:91)\n");
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "The certificate expired at Thu Jan 16 10:00:00 UTC 2025; internal cause is:");
    HAS(e, "\"frames\":\"com.ibm.security.cert.BasicChecker.a\"");
    CHECK(count(j, "exception") == 1);
    free(j);
    /* frames keep their forms: module and slash names, the default package */
    j = dump("java.lang.IllegalStateException: boom\n"
             "\tat Main.main(Main.java:5)\n"
             "\tat java/lang/Thread.run(Thread.java:825)\n");
    event(j, "exception", 0, e, sizeof e);
    HAS(e, "\"frames\":\"Main.main Thread.run\"");
    free(j);
}

int main(void)
{
    test_wrapped_date_not_frame();
    test_store_names();
    test_bare_store_line();
    test_store_frames();
    test_head_colon_wrapped();
    test_line_bodies();
    test_headless_trace();
    test_utf16_input();
    test_bare_trace_two_causes();
    test_generations();
    test_gradle_prefixed();
    test_cut_off();
    test_alerts();
    test_probe();
    test_targets();
    test_times();
    test_tomcat_one_line();
    test_multiline_and_shapes();
    test_log_formats();
    test_other_dialects_keep_their_lines();
    test_chunked_feed();
    test_framings();
    test_simple_names();
    test_openssl_wrapped();
    test_server_codes();
    test_time_of_day_records();
    test_suppressed();
    test_other_output();
    TX_TEST_END();
}
