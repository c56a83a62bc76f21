/*
 * test_jdk11.c - the SSLLogger dialect and the parser core: thread names
 * holding '|', multi-line bodies, the expand form, Fatal throwables and
 * their cause chains, interleaved threads, prefixes, truncated input, CRLF,
 * lines over the cap, and feeding in arbitrary chunk sizes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../analysis/analysis.h"
#include "../../parser/strparse.h"
#include "../tx_test.h"

/* Run a log through the events dump (JSON Lines), fed in chunks of `chunk`
 * bytes (0: all at once); returns the dump (caller frees). */
static char *dump(const char *log, size_t chunk, tx_analysis **keep)
{
    return tx_test_dump(log, chunk, NULL, NULL, NULL, keep);
}

static int count(const char *hay, const char *needle)
{
    int k = 0;
    for (const char *p = hay; p && (p = strstr(p, needle)); p++)
        k++;
    return k;
}

#define HDR(thread, lvl, msg) "javax.net.ssl|" lvl "|1A|" thread "|2026-01-10 10:00:00.000 UTC|X.java:1|" msg "\n"

static void test_thread_with_pipe(void)
{
    const char *log = HDR("kafka-admin-client-thread | adminclient-1", "DEBUG", "Produced ClientHello handshake message (")
        "\"ClientHello\": {\n"
        "  \"client version\"      : \"TLSv1.2\",\n"
        "  \"cipher suites\"       : \"[TLS_AES_256_GCM_SHA384(0x1302), TLS_AES_128_GCM_SHA256(0x1301)]\",\n"
        "}\n"
        ")\n" HDR("kafka-admin-client-thread | adminclient-1", "ERROR", "Fatal (HANDSHAKE_FAILURE): Received fatal alert: handshake_failure");
    char *d = dump(log, 0, NULL);
    CHECK(d && strstr(d, "\"message\":\"ClientHello\""));
    CHECK(d && strstr(d, "\"ciphers\":[\"TLS_AES_256_GCM_SHA384\",\"TLS_AES_128_GCM_SHA256\"]"));
    /* both events in the same connection: the thread name was read whole */
    CHECK_INT(count(d, "\"conn\":1"), 2);
    CHECK(d && strstr(d, "\"origin\":\"peer\"")); /* a local echo of a received alert */
    free(d);
}

static void test_certificate_body(void)
{
    const char *log = HDR("main", "DEBUG", "Consuming server Certificate handshake message (")
        "\"Certificate\": {\n"
        "  \"certificate_list\": [  \n"
        "  {\n"
        "    \"certificate\" : {\n"
        "      \"serial number\"      : \"01:02\",\n"
        "      \"signature algorithm\": \"SHA256withRSA\",\n"
        "      \"issuer\"             : \"CN=Issuing CA, O=Acme\",\n"
        "      \"not before\"         : \"2025-01-01 00:00:00.000 UTC\",\n"
        "      \"not  after\"         : \"2027-01-01 24:00:00.000 CEST\",\n"
        "      \"subject\"            : \"CN=app.acme.test, O=Acme\",\n"
        "      \"subject public key\" : \"EC\",\n"
        "      \"extensions\"         : [\n"
        "        {\n"
        "          ObjectId: 2.5.29.17 Criticality=false\n"
        "          SubjectAlternativeName [\n"
        "            DNSName: app.acme.test\n"
        "            IPAddress: 10.0.0.5\n"
        "          ]\n"
        "        },\n"
        "        {\n"
        "          ObjectId: 2.5.29.19 Criticality=true\n"
        "          BasicConstraints:[\n"
        "            CA:false\n"
        "            PathLen: undefined\n"
        "          ]\n"
        "        },\n"
        "        {\n"
        "          ObjectId: 2.5.29.37 Criticality=false\n"
        "          ExtendedKeyUsages [\n"
        "            serverAuth\n"
        "          ]\n"
        "        }\n"
        "      ]}\n"
        "  },\n"
        "]\n"
        "}\n"
        ")\n";
    char *d = dump(log, 7, NULL); /* odd chunks: lines span feeds */
    CHECK(d && strstr(d, "\"type\":\"certificate\""));
    CHECK(d && strstr(d, "\"subject\":\"CN=app.acme.test, O=Acme\""));
    CHECK(d && strstr(d, "\"san\":[\"DNS:app.acme.test\",\"IP:10.0.0.5\"]"));
    CHECK(d && strstr(d, "\"ca\":false"));
    CHECK(d && strstr(d, "\"ext_key_usage\":[\"serverAuth\"]"));
    CHECK(d && strstr(d, "\"self_signed\":false"));
    CHECK(d && strstr(d, "\"count\":1"));
    /* the certificate event cites its own first line, after the message line */
    CHECK(d && strstr(d, "\"line\":5,\"type\":\"certificate\""));
    free(d);
}

static void test_fatal_throwable_causes(void)
{
    const char *log = HDR("main", "ERROR", "Fatal (CERTIFICATE_UNKNOWN): PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed (")
        "\"throwable\" : {\n"
        "  sun.security.validator.ValidatorException: PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed\n"
        "  \tat java.base/sun.security.validator.PKIXValidator.doValidate(PKIXValidator.java:369)\n"
        "  Caused by: java.security.cert.CertPathValidatorException: validity check failed\n"
        "  \t... 30 more\n"
        "  Caused by: java.security.cert.CertificateExpiredException: NotAfter: Mon Sep 01 12:00:00 UTC 2025\n"
        "  \t... 35 more}\n"
        "\n"
        ")\n";
    char *d = dump(log, 0, NULL);
    CHECK(d && strstr(d, "\"description\":\"certificate_unknown\",\"origin\":\"local\""));
    CHECK(d && strstr(d, "\"class\":\"sun.security.validator.ValidatorException\""));
    CHECK(d && strstr(d, "\"causes\":[\"java.security.cert.CertPathValidatorException: validity check failed\","
                         "\"java.security.cert.CertificateExpiredException: NotAfter: Mon Sep 01 12:00:00 UTC 2025\"]"));
    CHECK(d && strstr(d, "\"root\":\"java.security.cert.CertificateExpiredException: NotAfter: Mon Sep 01 12:00:00 UTC 2025\""));
    free(d);
}

static void test_interleaved_threads(void)
{
    const char *log = HDR("pool-1-thread-1", "DEBUG", "Produced ClientHello handshake message (") ")\n"
        HDR("pool-1-thread-2", "DEBUG", "Produced ClientHello handshake message (") ")\n"
        HDR("pool-1-thread-1", "DEBUG", "Consuming ServerHello handshake message (") ")\n"
        HDR("pool-1-thread-2", "DEBUG", "Received alert message (")
        "\"Alert\": {\n  \"level\"      : \"fatal\",\n  \"description\": \"handshake_failure\"\n}\n)\n"
        HDR("pool-1-thread-1", "DEBUG", "Consuming server Finished handshake message (") ")\n";
    tx_analysis *a = NULL;
    char *d = dump(log, 0, &a);
    CHECK(a && a->conns == 2);
    CHECK(a && a->completed == 1 && a->failed == 1);
    CHECK(d && strstr(d, "\"line\":5,\"type\":\"handshake\",\"conn\":1"));  /* ServerHello of thread 1 */
    CHECK(d && strstr(d, "\"line\":7,\"type\":\"alert\",\"conn\":2"));      /* the alert of thread 2 */
    free(d);
    tx_analysis_free(a);
}

static void test_expand_form(void)
{
    const char *log = "{\n"
                      "  \"logger\"      : \"javax.net.ssl\",\n"
                      "  \"level\"       : \"DEBUG\",\n"
                      "  \"thread id\"   : \"10\",\n"
                      "  \"thread name\" : \"main\",\n"
                      "  \"time\"        : \"2026-11-27 03:31:51.678 UTC\",\n"
                      "  \"caller\"      : \"TrustStoreManager.java:113\",\n"
                      "  \"message\"     : \"trustStore is: /opt/app/trust.p12\n"
                      "trustStore type is: pkcs12\n"
                      "trustStore provider is: \n"
                      "the last modified time is: Fri Nov 27 03:27:37 UTC 2026\"\n"
                      "}\n"
                      "{\n"
                      "  \"logger\"      : \"javax.net.ssl\",\n"
                      "  \"level\"       : \"DEBUG\",\n"
                      "  \"thread id\"   : \"10\",\n"
                      "  \"thread name\" : \"main\",\n"
                      "  \"time\"        : \"2026-11-27 03:31:51.700 UTC\",\n"
                      "  \"caller\"      : \"ClientHello.java:639\",\n"
                      "  \"message\"     : \"Produced ClientHello handshake message\",\n"
                      "  \"specifics\"   : [\n"
                      "  \"ClientHello\": {\n"
                      "    \"client version\"      : \"TLSv1.2\",\n"
                      "  }\n"
                      "  ]\n"
                      "}\n";
    char *d = dump(log, 0, NULL);
    CHECK(d && strstr(d, "\"type\":\"truststore\",\"conn\":0,\"path\":\"/opt/app/trust.p12\",\"store_type\":\"pkcs12\""));
    CHECK(d && strstr(d, "\"message\":\"ClientHello\",\"direction\":\"sent\",\"version\":\"TLSv1.2\""));
    free(d);
}

static void test_prefix_learned(void)
{
    /* Gradle-style prefix before every line of an SSLLogger record */
    const char *log = " [ERROR] [system.err] " HDR("Build operations Thread 2", "DEBUG", "Received alert message (")
                      " [ERROR] [system.err] \"Alert\": {\n"
                      " [ERROR] [system.err]   \"level\"      : \"fatal\",\n"
                      " [ERROR] [system.err]   \"description\": \"protocol_version\"\n"
                      " [ERROR] [system.err] }\n"
                      " [ERROR] [system.err] )\n";
    char *d = dump(log, 0, NULL);
    CHECK(d && strstr(d, "\"level\":\"fatal\",\"description\":\"protocol_version\""));
    free(d);
}

static void test_truncated_and_crlf(void)
{
    /* cut inside a certificate body; CRLF line ends */
    const char *log = "javax.net.ssl|DEBUG|10|main|2026-01-10 10:00:00.000 UTC|X.java:1|Consuming server Certificate handshake message (\r\n"
                      "\"Certificate\": {\r\n"
                      "  \"certificate_list\": [\r\n"
                      "  {\r\n"
                      "    \"certificate\" : {\r\n"
                      "      \"issuer\"             : \"CN=Cut CA\",\r\n"
                      "      \"subject\"            : \"CN=cut.example\",\r\n";
    tx_analysis *a = NULL;
    char *d = dump(log, 3, &a);
    CHECK(d && strstr(d, "\"subject\":\"CN=cut.example\"")); /* what was read is kept */
    CHECK(d && !strstr(d, "\\r"));                            /* CR is part of the line end */
    CHECK(a && txi_parser_stats(a->p)->truncated_block == 1);  /* and the cut is noticed */
    free(d);
    tx_analysis_free(a);
}

static void test_long_line_and_nul(void)
{
    size_t big = TX_MAX_LINE + 1000;
    char *log = malloc(big + 200);
    memset(log, 'x', big);
    memcpy(log + big, "\nab\0cd\nlast", 11);
    tx_analysis *a = NULL;
    if (tx_analysis_new(NULL, NULL, "t", &a) == TX_OK) {
        for (size_t off = 0; off < big + 11; off += 4096)
            tx_analysis_feed(a, log + off, big + 11 - off < 4096 ? big + 11 - off : 4096);
        tx_analysis_finish(a);
        const txi_stats *s = txi_parser_stats(a->p);
        CHECK_INT(s->long_lines, 1);
        CHECK_INT(s->binary_lines, 1);
        CHECK_INT(s->lines, 3);
        CHECK_INT(s->bytes, big + 11);
        tx_analysis_free(a);
    }
    free(log);
}

/* NUL bytes are looked for once per chunk: every chunking counts the same lines. */
static void test_nul_any_chunking(void)
{
    static const char log[] = "a\0b\nclean\n\0\nx\r\0\r\nok\r\nmore clean text\n\0\0\0\nlast\0";
    size_t n = sizeof log - 1;
    for (size_t chunk = 1; chunk <= n; chunk++) {
        tx_analysis *a = NULL;
        if (tx_analysis_new(NULL, NULL, "t", &a) != TX_OK)
            continue;
        for (size_t off = 0; off < n; off += chunk)
            tx_analysis_feed(a, log + off, n - off < chunk ? n - off : chunk);
        tx_analysis_finish(a);
        const txi_stats *s = txi_parser_stats(a->p);
        CHECK_INT(s->lines, 8);
        CHECK_INT(s->binary_lines, 5);
        tx_analysis_free(a);
    }
}

static void test_hexdump_never_evidence(void)
{
    const char *log = HDR("main", "DEBUG", "Plaintext after DECRYPTION (")
        "  0000: 41 75 74 68 6F 72 69 7A   61 74 69 6F 6E 3A 20 42  Authorization: B\n"
        ")\n";
    tx_analysis *a = NULL;
    char *d = dump(log, 0, &a);
    CHECK(d && !strstr(d, "Authorization"));
    CHECK(a && txi_parser_stats(a->p)->plaintext_dumps == 1);
    free(d);
    tx_analysis_free(a);
}

static void test_times(void)
{
    CHECK_INT(txi_parse_time("2026-01-10 10:00:00.000 UTC", 27), 1768039200);
    CHECK_INT(txi_parse_time("2026-01-10 12:00:00.000 CEST", 28), 1768039200);
    CHECK_INT(txi_parse_time("2025-09-01 24:00:00.000 UTC", 27), txi_parse_time("2025-09-02 00:00:00 UTC", 23));
    CHECK_INT(txi_parse_time("Thu Feb 18 16:00:00 PST 2016", 28), 1455840000);
    CHECK_INT(txi_parse_time("Jan 27 10:00:00 2025 GMT", 24), 1737972000);
    CHECK(txi_parse_time("not a time", 10) == TXI_NO_TIME);
    /* the cache keyed by the text: always the uncached result, whatever came before */
    static const char *const seq[] = {
        "2026-01-10 10:00:00.000 UTC", "2026-01-10 10:00:07.123 UTC", "2026-01-10 10:00:59.999 UTC",
        "2026-01-10 10:00:60.000 UTC", "2026-01-10 10:00:61.000 UTC", "2026-01-10 10:00:7x.000 UTC",
        "2026-01-10 10:00:08 UTC",     "2026-01-10 10:00:08,5 UTC",   "2026-01-10 10:00:09.000 CEST",
        "2026-01-10 10:00:09.000",     "2026-01-10 10:00:09.000 UTC", "2026-01-10 10:01:09.000 UTC",
        "2026-01-10T10:01:10Z",        "2026-01-10 10:01:10.000 GMT+01:00", "2026-01-10 10:01:10.000 GMT+01:30",
        "2026-01-10 10:01:1",          "2026-13-10 10:01:10.000 UTC", "Thu Feb 18 16:00:00 PST 2016",
        "2026-01-10 10:01:10.000 UTC and a tail longer than the cache keeps", "2026-01-10 10:01:11.000 UTC and a tail longer than the cache keeps",
        "2026-01-10 24:00:00.000 UTC", "2026-01-10 24:00:05.000 UTC", "2026-01-10 10:01:12.000 UTC",
    };
    txi_time_cache tc;
    memset(&tc, 0, sizeof tc);
    for (int round = 0; round < 2; round++)
        for (size_t i = 0; i < sizeof seq / sizeof seq[0]; i++)
            CHECK_INT(txi_parse_time_cached(&tc, seq[i], strlen(seq[i])), txi_parse_time(seq[i], strlen(seq[i])));
    CHECK_INT(txi_parse_time_cached(&tc, "2026-01-10 10:00:00.000 UTC", 27), 1768039200);
    CHECK_INT(txi_parse_time_cached(&tc, "2026-01-10 10:00:05.000 UTC", 27), 1768039205);
}

/* The fast path for records that carry nothing (TLSEXPLAIN_NO_FASTPATH turns
 * it off) leaves the events as the general path makes them: a truststore
 * record open on one thread when another thread's "Ignore" record comes (the
 * general path ends it, under that thread), skipped bodies with a hex row, a
 * line that is none and a decrypted dump, the record after them on the
 * threads, and a header that fails after its thread. */
static void test_fast_path_same_events(void)
{
    const char *log =
        HDR("t1", "DEBUG", "trustStore is: /opt/jdk/lib/security/cacerts")
        "trustStore type is: pkcs12\n"
        HDR("t2", "ALL", "Ignore unsupported cipher suite: TLS_AES_256_GCM_SHA384")
        HDR("t2", "ALL", "Ignore disabled cipher suite: SSL_RSA_WITH_NULL_MD5")
        HDR("t3", "DEBUG", "Consumed extension: server_name")
        HDR("t3", "DEBUG", "Raw read (")
        "  0000: 16 03 03 00 7A 02 00 00   76 03 03 5B 4B 8C 54 19  ....z...v..[K.T.\n"
        "  not a row: PKIX path building failed\n"
        ")\n"
        HDR("t3", "DEBUG", "Plaintext after DECRYPTION (")
        "  0000: 48 54 54 50 2F 31 2E 31   20 32 30 30 20 4F 4B 0D  HTTP/1.1 200 OK.\n"
        ")\n"
        "javax.net.ssl|DEBUG|1A|t9|2026-01-10 10:00:00.000 UTC|no caller bar\n"
        HDR("t3", "WARNING", "No available authentication scheme")
        HDR("t2", "DEBUG", "Produced ClientHello handshake message (")
        "\"ClientHello\": {\n"
        "  \"client version\"      : \"TLSv1.2\",\n"
        "}\n"
        ")\n"
        HDR("t2", "ERROR", "Fatal (HANDSHAKE_FAILURE): Received fatal alert: handshake_failure");
    size_t chunks[] = {0, 1, 7, 64};
    for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
        tx_analysis *a = NULL, *b = NULL;
        unsetenv("TLSEXPLAIN_NO_FASTPATH");
        char *fast = dump(log, chunks[i], &a);
        setenv("TLSEXPLAIN_NO_FASTPATH", "1", 1);
        char *slow = dump(log, chunks[i], &b);
        unsetenv("TLSEXPLAIN_NO_FASTPATH");
        CHECK(fast && slow && strcmp(fast, slow) == 0);
        CHECK(fast && count(fast, "\"type\":\"truststore\"") == 1 && count(fast, "\"type\":\"notice\"") == 1);
        if (a && b) {
            const txi_stats *fs = txi_parser_stats(a->p), *ss = txi_parser_stats(b->p);
            /* the second Ignore, Consumed, Raw read, Plaintext (the first Ignore
               ends the truststore record: the general path) */
            CHECK_INT(fs->fast_records, 4);
            CHECK_INT(ss->fast_records, 0);
            CHECK_INT(fs->plaintext_dumps, ss->plaintext_dumps);
            CHECK_INT(fs->hexdump_lines, ss->hexdump_lines);
            CHECK_INT(fs->lines, ss->lines);
            CHECK(memcmp(fs->dialect_lines, ss->dialect_lines, sizeof fs->dialect_lines) == 0);
        }
        tx_analysis_free(a);
        tx_analysis_free(b);
        free(fast);
        free(slow);
    }
}

/* The events dump of log[0..n) fed in chunks of `chunk` bytes, with the fast
 * paths on or off (TLSEXPLAIN_NO_FASTPATH); the analysis in *keep. */
static char *dump_n(const char *log, size_t n, size_t chunk, int fast, tx_analysis **keep)
{
    if (fast)
        unsetenv("TLSEXPLAIN_NO_FASTPATH");
    else
        setenv("TLSEXPLAIN_NO_FASTPATH", "1", 1);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    tx_analysis *a = NULL;
    if (f && tx_analysis_new(NULL, NULL, "t", &a) == TX_OK) {
        tx_analysis_dump_events(a, TX_FORMAT_JSON, f);
        for (size_t off = 0; off < n; off += chunk)
            tx_analysis_feed(a, log + off, n - off < chunk ? n - off : chunk);
        tx_analysis_finish(a);
    }
    if (f)
        fclose(f);
    unsetenv("TLSEXPLAIN_NO_FASTPATH");
    *keep = a;
    return buf;
}

/* The reader's fast path for hex-dump rows counts what the general path
 * counts (lines, rows, binary lines, the line numbers of the events after
 * them) at every chunking: indented SSLLogger rows, full and short, with a
 * CR, with a NUL; legacy rows at column 0 and IBM's one-byte rows; a line
 * numbered by grep -n and a row behind a prefix (not rows at the start:
 * the general path); runs broken by a blank line and ended by the chunk. */
static void test_fast_rows_same(void)
{
    static const char log[] =
        HDR("main", "DEBUG", "Raw read (")
        "  0000: 16 03 03 00 7A 02 00 00   76 03 03 5B 4B 8C 54 19  ....z...v..[K.T.\n"
        "  0010: 9B 1F 3D 2C 0A 7E 11 42   D2 5C 6E 8A 01 02 03 04  ..=,.~.B.\\n.....\r\n"
        "  0020: 0E 00 00 00                                        ....\n"
        ")\n"
        HDR("main", "DEBUG", "Plaintext after DECRYPTION (")
        "  0000: 48 54 54 50 2F 31 2E 31   20 32 30 30 20 4F 4B 0D  HTTP/1.\0 200 OK.\n"
        "\n"
        "  0010: 0A 0A                                              ..\n"
        ")\n"
        "[Raw write]: length = 5\n"
        "0000: 16 03 01 00 C5                                     .....\n"
        "0000: 16\n"
        "0010: 03  \n"
        "1126:  \"text\" of a grep -n listing\n"
        "app_1  | 0000: 48 54 54 50 2F 31 2E 31   20 32 30 30 20 4F 4B 0D  HTTP/1.1 200 OK.\n"
        "        0000: A3 9A 5A 00 56 F3 0D 12   6D E0 22 FD B0 F2 D1 D3  ..Z.V...m.\".....\n"
        "javax.net.ssl.SSLHandshakeException: PKIX path building failed\n"
        "\tat sun.security.ssl.Alert.createSSLException(Alert.java:131)\n"
        "  0000: 16 03 03\n"
        "  0010: 02 00";
    size_t n = sizeof log - 1;
    size_t chunks[] = {n, 1, 5, 37, 64, 200};
    for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
        tx_analysis *a = NULL, *b = NULL;
        char *fast = dump_n(log, n, chunks[i], 1, &a);
        char *slow = dump_n(log, n, chunks[i], 0, &b);
        CHECK(fast && slow && strcmp(fast, slow) == 0);
        CHECK(fast && strstr(fast, "\"line\":18")); /* the exception, after the rows */
        if (a && b) {
            const txi_stats *fs = txi_parser_stats(a->p), *ss = txi_parser_stats(b->p);
            CHECK_INT(fs->lines, ss->lines);
            CHECK_INT(fs->lines, 21);
            CHECK_INT(fs->hexdump_lines, ss->hexdump_lines);
            CHECK_INT(fs->hexdump_lines, 12);
            CHECK_INT(fs->binary_lines, ss->binary_lines);
            CHECK_INT(fs->binary_lines, 1);
            CHECK(memcmp(fs->dialect_lines, ss->dialect_lines, sizeof fs->dialect_lines) == 0);
            CHECK_INT(ss->fast_rows, 0);
            if (chunks[i] == n) /* all but the one behind a prefix and the last (no newline) */
                CHECK_INT(fs->fast_rows, 10);
        }
        tx_analysis_free(a);
        tx_analysis_free(b);
        free(fast);
        free(slow);
    }
}

/* The bulk row scan (skip_rows(): a vector newline search and the JDK row
 * shape, the full row test for what the shape refuses) counts what the
 * general path counts, at chunkings that split the bodies anywhere: a
 * "Raw read" body of full rows (CRLF, a NUL in a row), rows indented by
 * 6, 15 and 16 blanks and by a tab, a line after a row that starts like
 * a legacy row but with a lower-case offset (no row at its start for the
 * general path),
 * a ClientHello whose body the rules read between two dumps, and a
 * decrypted body cut by the end of the input in the middle of a row. */
static void test_bulk_rows_same(void)
{
#define ROW(off) "  " off ": 16 03 03 00 7A 02 00 00   76 03 03 5B 4B 8C 54 19  ....z...v..[K.T.\n"
    static const char log[] =
        HDR("main", "DEBUG", "Raw read (")
        ROW("0000") ROW("0010") ROW("0020") ROW("0030") ROW("0040") ROW("0050") ROW("0060") ROW("0070")
        "  0080: 16 03 03 00 7A 02 00 00   76 03 03 5B 4B 8C 54 19  ....z...v..[K.T.\r\n"
        "  0090: 16 03 03 00 7A 02 00 00   76 03 03 5B 4B 8C 54 19  ....z.\0.v..[K.T.\n"
        "  00A0: 0e 00 00 00                                        ....\n"
        "a0f1: 16 03 03 00 05 PKIX path building failed\n"
        "      00B0: 16 03 03 00 7A 02 00 00   76 03 03 5B 4B 8C 54 19  ....z...v..[K.T.\n"
        "               00C0: 16 03 03 00 7A 02 00 00   76 03 03 5B 4B 8C 54 19\n"
        "                00D0: 16 03 03 00 7A 02 00 00   76 03 03 5B 4B 8C 54 19\n"
        "\t00E0: 16 03 03 00 7A 02 00 00   76 03 03 5B 4B 8C 54 19  ....z...v..[K.T.\n"
        ROW("00F0")
        ")\n"
        HDR("main", "DEBUG", "Produced ClientHello handshake message (")
        "\"ClientHello\": {\n"
        "  \"client version\"      : \"TLSv1.2\",\n"
        "  \"cipher suites\"       : \"[TLS_AES_256_GCM_SHA384(0x1302)]\",\n"
        "}\n"
        ")\n"
        HDR("main", "DEBUG", "Raw write (")
        ROW("0000") ROW("0010")
        ")\n"
        "javax.net.ssl.SSLHandshakeException: PKIX path building failed\n"
        HDR("main", "DEBUG", "Plaintext after DECRYPTION (")
        ROW("0000") ROW("0010") ROW("0020")
        "  0030: 48 54 54 50 2F 31";
#undef ROW
    size_t n = sizeof log - 1;
    size_t chunks[] = {n, 1, 3, 16, 17, 37, 64, 75, 200, 1000};
    for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
        tx_analysis *a = NULL, *b = NULL;
        char *fast = dump_n(log, n, chunks[i], 1, &a);
        char *slow = dump_n(log, n, chunks[i], 0, &b);
        CHECK(fast && slow && strcmp(fast, slow) == 0);
        CHECK(fast && strstr(fast, "TLS_AES_256_GCM_SHA384") && strstr(fast, "\"line\":30")); /* after the rows */
        if (a && b) {
            const txi_stats *fs = txi_parser_stats(a->p), *ss = txi_parser_stats(b->p);
            CHECK_INT(fs->lines, ss->lines);
            CHECK_INT(fs->lines, 35);
            CHECK_INT(fs->hexdump_lines, ss->hexdump_lines);
            CHECK_INT(fs->hexdump_lines, 23); /* ("a0f1: ..." too, as a body line of "Raw read") */
            CHECK_INT(fs->binary_lines, ss->binary_lines);
            CHECK_INT(fs->binary_lines, 1);
            CHECK_INT(fs->truncated_block, ss->truncated_block);
            CHECK_INT(fs->truncated_block, 1);
            CHECK(memcmp(fs->dialect_lines, ss->dialect_lines, sizeof fs->dialect_lines) == 0);
            CHECK_INT(ss->fast_rows, 0);
            CHECK_INT(ss->shaped_rows, 0);
            if (chunks[i] == n) { /* not the tab, nor the last (no newline); nor by shape the first of
                                     each run (the reading loop's test), 16 blanks and the tab */
                CHECK_INT(fs->fast_rows, 20);
                CHECK_INT(fs->shaped_rows, 14);
            }
        }
        tx_analysis_free(a);
        tx_analysis_free(b);
        free(fast);
        free(slow);
    }
}

/* up: the log shows one completed connection and a success; else none completed
 * and no application data filed */
static void check_session_up(const char *log, int up)
{
    tx_analysis *a = NULL;
    char *d = dump(log, 0, &a);
    if (up) {
        CHECK(a && a->completed == 1 && a->failed == 0);
        CHECK(a && tx_analysis_verdict(a) == TX_VERDICT_SUCCESS);
    } else {
        CHECK(a && a->completed == 0);
        CHECK(d && !strstr(d, "ApplicationData"));
    }
    free(d);
    tx_analysis_free(a);
}

/* Evidence that a handshake is over in an excerpt that starts after it:
 * application data this side writes; application data read, then the
 * peer's close_notify.  A TLS 1.3 handshake's own encrypted records are read
 * as application_data too: a message consumed after them, or a fatal alert,
 * is no such evidence. */
static void test_session_up_in_excerpts(void)
{
    static const char *const up[] = {
        HDR("main", "DEBUG", "WRITE: TLSv1.3 application_data, length = 77"),
        HDR("main", "DEBUG", "READ: TLSv1.2 application_data, length = 19")
        HDR("main", "DEBUG", "Received alert message (")
        "\"Alert\": {\n  \"level\"      : \"warning\",\n  \"description\": \"close_notify\"\n}\n)\n",
        HDR("main", "DEBUG", "Consuming NewSessionTicket message (") ")\n",
    };
    for (size_t i = 0; i < sizeof up / sizeof *up; i++)
        check_session_up(up[i], 1);
    static const char *const not_up[] = {
        /* the encrypted handshake of TLS 1.3, then the server's fatal alert */
        HDR("main", "DEBUG", "READ: TLSv1.2 application_data, length = 19")
        HDR("main", "DEBUG", "Consuming EncryptedExtensions handshake message (") ")\n"
        HDR("main", "DEBUG", "Received alert message (")
        "\"Alert\": {\n  \"level\"      : \"warning\",\n  \"description\": \"close_notify\"\n}\n)\n",
        HDR("main", "DEBUG", "READ: TLSv1.2 application_data, length = 19")
        HDR("main", "DEBUG", "Received alert message (")
        "\"Alert\": {\n  \"level\"      : \"fatal\",\n  \"description\": \"certificate_required\"\n}\n)\n",
        /* the TLS 1.2 ticket (before the server's Finished) is logged without " message" */
        HDR("main", "DEBUG", "Consuming NewSessionTicket") "NewSessionTicket: {\n}\n",
    };
    for (size_t i = 0; i < sizeof not_up / sizeof *not_up; i++)
        check_session_up(not_up[i], 0);
    /* a full handshake files its application data once */
    const char *full = HDR("main", "DEBUG", "Produced ClientHello handshake message (") ")\n"
        HDR("main", "DEBUG", "Consuming ServerHello handshake message (") ")\n"
        HDR("main", "DEBUG", "Produced client Finished handshake message (") ")\n"
        HDR("main", "DEBUG", "READ: TLSv1.2 application_data, length = 19")
        HDR("main", "DEBUG", "WRITE: TLSv1.3 application_data, length = 77")
        HDR("main", "DEBUG", "READ: TLSv1.2 application_data, length = 19")
        HDR("main", "DEBUG", "Received alert message (")
        "\"Alert\": {\n  \"level\"      : \"warning\",\n  \"description\": \"close_notify\"\n}\n)\n";
    tx_analysis *a = NULL;
    char *d = dump(full, 0, &a);
    CHECK(a && a->completed == 1);
    CHECK(d && count(d, "ApplicationData") == 1);
    free(d);
    tx_analysis_free(a);
}

/* SSLLogger records without their header: handed to a logging framework
 * (javax.net.debug set to "") or printed by a helper as message and body. */
static void test_headerless_records(void)
{
    /* message, then the body's object on the next lines; a record with no body last */
    const char *log = "Produced ClientHello handshake message\n"
                      "\"ClientHello\": {\n"
                      "  \"client version\"      : \"TLSv1.2\",\n"
                      "  \"extensions\"          : [\n"
                      "    \"server_name (0)\": {\n"
                      "      type=host_name (0), value=bare.example\n"
                      "    }\n"
                      "  ]\n"
                      "}\n"
                      "Consuming server Finished handshake message\n"
                      "Produced client Finished handshake message\n";
    for (size_t chunk = 0; chunk <= 7; chunk += 7) {
        tx_analysis *a = NULL;
        char *d = dump(log, chunk, &a);
        CHECK_INT(count(d, "\"type\":\"handshake\""), 3);
        CHECK(d && strstr(d, "\"name\":\"bare.example\""));
        CHECK(a && txi_parser_stats(a->p)->truncated_block == 0); /* no body promised: not cut */
        free(d);
        tx_analysis_free(a);
    }
    /* behind a logging framework's layout, the logger's name before the message */
    char *d = dump("2024-05-01 12:00:00.123 DEBUG [main] javax.net.ssl - Consuming ServerHello handshake message\n"
                   "2024-05-01 12:00:00.201 ERROR [main] javax.net.ssl - Fatal (HANDSHAKE_FAILURE): No available "
                   "authentication scheme\n",
                   0, NULL);
    CHECK_INT(count(d, "\"message\":\"ServerHello\""), 1);
    CHECK(d && strstr(d, "\"description\":\"handshake_failure\""));
    free(d);
    /* JUL's SimpleFormatter: the source line, then the level on the message's line */
    d = dump("May 01, 2024 12:00:00 PM sun.security.ssl.SSLLogger$SSLConsoleLogger log\n"
             "FINE: Produced ClientHello handshake message\n",
             0, NULL);
    CHECK_INT(count(d, "\"message\":\"ClientHello\""), 1);
    free(d);
    /* the same words in other text: not a record */
    d = dump("INFO Produced 3 reports\nConsuming messages from queue handshake\n", 0, NULL);
    CHECK_INT(count(d, "\"type\":\"handshake\""), 0);
    free(d);
}

/* ---- SSLLogger header names: the JDK's and the JSSE forks' ---------------- */

#define PFX(lit) txi_ssllogger_prefix(lit, sizeof lit - 1)

static void test_ssllogger_prefix(void)
{
    CHECK_INT(PFX("javax.net.ssl|DEBUG|10|main|"), 14);
    CHECK_INT(PFX("javax.net.ssl|"), 14);
    CHECK_INT(PFX("com.tencent.kona.ssl|FINE|B1|qtp1-27|"), 21);
    CHECK_INT(PFX("com.tencent.kona.ssl|"), 21);
    /* a name cut short, without its '|', or with another byte after it */
    CHECK_INT(PFX("javax.net.ssl"), 0);
    CHECK_INT(PFX("javax.net.ss"), 0);
    CHECK_INT(PFX("javax.net.ssl |DEBUG|"), 0);
    CHECK_INT(PFX("com.tencent.kona.ssl"), 0);
    CHECK_INT(PFX("com.tencent.kona.ssl.debug=all"), 0);
    CHECK_INT(PFX("com.tencent.kona.sun.security.ssl.SSLHandshakeException: x"), 0);
    /* not at the start, not the case, not in the table */
    CHECK_INT(PFX(" javax.net.ssl|DEBUG|"), 0);
    CHECK_INT(PFX("Javax.net.ssl|DEBUG|"), 0);
    CHECK_INT(PFX("COM.tencent.kona.ssl|FINE|"), 0);
    CHECK_INT(PFX("com.example.ssl|INFO|main|2026-01-10 10:00:00.000 UTC|X.java:1|x"), 0);
    CHECK_INT(PFX("org.openjsse.ssl|DEBUG|"), 0); /* OpenJSSE prints "javax.net.ssl" */
    CHECK_INT(PFX("jdk.internal.ssl|DEBUG|"), 0);
    CHECK_INT(txi_ssllogger_prefix("", 0), 0);
    CHECK_INT(txi_ssllogger_prefix("c", 1), 0);
    /* the length bounds the comparison: a longer buffer behind n is not read */
    CHECK_INT(txi_ssllogger_prefix("javax.net.ssl|", 13), 0);
    CHECK_INT(txi_ssllogger_prefix("com.tencent.kona.ssl|", 20), 0);

    /* the name that ends at a line's first '|' (a prefix learned before it) */
    size_t len = 0;
    const char *line = "14:29:27,678 INFO  [stdout] (task-1) com.tencent.kona.ssl|FINE|1|t|";
    const char *bar = strchr(line, '|');
    const char *h = txi_ssllogger_name_before(line, bar, &len);
    CHECK(h == strstr(line, "com.tencent"));
    CHECK_INT(len, 21);
    line = "[stderr] javax.net.ssl|DEBUG|1|t|";
    bar = strchr(line, '|');
    CHECK(txi_ssllogger_name_before(line, bar, &len) == line + 9);
    CHECK_INT(len, 14);
    CHECK(txi_ssllogger_name_before(line, line + 9 + 13, &len) == line + 9); /* (the '|' itself) */
    line = "INFO | main | connected";
    CHECK(txi_ssllogger_name_before(line, strchr(line, '|'), &len) == NULL);
    line = "net.ssl|DEBUG";
    CHECK(txi_ssllogger_name_before(line, strchr(line, '|'), &len) == NULL); /* (not before the line) */

    /* the first header name anywhere */
    line = "a|b|com.tencent.kona.ssl|ALL|D0|x|2023-11-21 11:44:47.507 CST|A.java:1|m";
    CHECK(txi_ssllogger_find(line, strlen(line), &len) == line + 4);
    CHECK_INT(len, 21);
    line = "> javax.net.ssl|DEBUG|01|main|";
    CHECK(txi_ssllogger_find(line, strlen(line), &len) == line + 2);
    CHECK_INT(len, 14);
    line = "javax.net.ssl.SSLHandshakeException: PKIX path building failed | retrying";
    CHECK(txi_ssllogger_find(line, strlen(line), &len) == NULL);
    CHECK(txi_ssllogger_find("", 0, &len) == NULL);

    /* the expand form's "logger" value */
    CHECK(txi_ssllogger_name("javax.net.ssl", 13));
    CHECK(txi_ssllogger_name("com.tencent.kona.ssl", 20));
    CHECK(!txi_ssllogger_name("com.tencent.kona.ssl|", 21));
    CHECK(!txi_ssllogger_name("javax.net", 9));
    CHECK(!txi_ssllogger_name("com.example.ssl", 15));

    /* The fork table: dotted lower-case package names ending in ".ssl|", at
       least 14 bytes, no two alike, each starting with a byte that
       TXI_SSLLOGGER_FORK_START accepts (the inline test looks a fork up only
       on those), and no byte accepted that starts none of them. */
    char firsts[256] = {0};
    size_t i = 0;
    for (const char *f; (f = txi_ssllogger_fork_name(i)) != NULL; i++) {
        size_t n = strlen(f);
        int shape = n > 5 && f[0] >= 'a' && f[0] <= 'z' && strcmp(f + n - 5, ".ssl|") == 0;
        for (size_t k = 0; shape && k + 1 < n; k++)
            shape = (f[k] >= 'a' && f[k] <= 'z') || (f[k] >= '0' && f[k] <= '9') || f[k] == '_' ||
                    (f[k] == '.' && k && f[k - 1] != '.');
        CHECK(shape);
        CHECK(n >= 14); /* (the inline test's first bound) */
        CHECK(TXI_SSLLOGGER_FORK_START(f[0]));
        CHECK_INT(txi_ssllogger_prefix(f, n), n);
        for (size_t j = 0; j < i; j++)
            CHECK(strcmp(f, txi_ssllogger_fork_name(j)) != 0);
        firsts[(unsigned char)f[0]] = 1;
    }
    for (int c = 0; c < 256; c++)
        if (TXI_SSLLOGGER_FORK_START(c) && !firsts[c])
            CHECK_INT(c, 0); /* a first byte no fork's name starts with */
    CHECK(i >= 1);
}

/* Tencent Kona SSL's records (constructed, in the shape of the JDK's; its
   SSLLogger logs with java.util.logging's level names) read as the JDK's. */
#define REC(name, thread, lvl, msg) name "|" lvl "|1C|" thread "|2026-01-10 10:00:00.000 CST|X.java:1|" msg "\n"
#define KONA(thread, lvl, msg) REC("com.tencent.kona.ssl", thread, lvl, msg)
#define FORK_LOG(name)                                                                                    \
    REC(name, "pool-1-thread-1", "FINE", "Produced ClientHello handshake message (")                     \
    "\"ClientHello\": {\n"                                                                                \
    "  \"client version\"      : \"TLSv1.2\",\n"                                                          \
    "  \"cipher suites\"       : \"[TLS_SM4_GCM_SM3(0x00C6), TLCP_ECC_SM4_GCM_SM3(0xE053)]\",\n"          \
    "}\n"                                                                                                 \
    ")\n" REC(name, "pool-2-thread-1", "FINE", "Produced ClientHello handshake message (")               \
    "\"ClientHello\": {\n"                                                                                \
    "  \"client version\"      : \"TLSv1.2\",\n"                                                          \
    "}\n"                                                                                                 \
    ")\n" REC(name, "pool-1-thread-1", "ALL", "Ignore unavailable extension: server_name")               \
    REC(name, "pool-1-thread-1", "SEVERE", "Fatal (HANDSHAKE_FAILURE): Received fatal alert: handshake_failure")

static void test_fork_header(void)
{
    const char *log = FORK_LOG("com.tencent.kona.ssl");
    char *d = dump(log, 0, NULL);
    CHECK(d && strstr(d, "\"message\":\"ClientHello\",\"direction\":\"sent\""));
    CHECK(d && strstr(d, "\"ciphers\":[\"TLS_SM4_GCM_SM3\",\"TLCP_ECC_SM4_GCM_SM3\"]"));
    CHECK(d && strstr(d, "\"type\":\"alert\""));
    CHECK_INT(count(d, "\"conn\":2"), 1); /* the threads keep the connections apart */
    /* the events of the JDK's header, fed whole or a byte at a time */
    char *dj = dump(FORK_LOG("javax.net.ssl"), 0, NULL), *d1 = dump(log, 1, NULL);
    CHECK(d && dj && strcmp(d, dj) == 0);
    CHECK(d && d1 && strcmp(d, d1) == 0);
    free(dj);
    free(d1);
    free(d);

    /* behind a framework's prefix, which is learned from the header */
    log = "12:00:00,001 INFO  [stdout] (task-1) " KONA("task-1", "FINE", "Received alert message (")
        "12:00:00,001 INFO  [stdout] (task-1) \"Alert\": {\n"
        "12:00:00,001 INFO  [stdout] (task-1)   \"level\"      : \"fatal\",\n"
        "12:00:00,001 INFO  [stdout] (task-1)   \"description\": \"bad_certificate\"\n"
        "12:00:00,001 INFO  [stdout] (task-1) }\n"
        "12:00:00,001 INFO  [stdout] (task-1) )\n";
    d = dump(log, 0, NULL);
    CHECK(d && strstr(d, "\"level\":\"fatal\",\"description\":\"bad_certificate\""));
    free(d);

    /* the expand form names the logger in its "logger" member */
    log = "{\n"
          "  \"logger\"      : \"com.tencent.kona.ssl\",\n"
          "  \"level\"       : \"FINE\",\n"
          "  \"thread id\"   : \"10\",\n"
          "  \"thread name\" : \"main\",\n"
          "  \"time\"        : \"2026-01-10 10:00:00.000 CST\",\n"
          "  \"caller\"      : \"ClientHello.java:1\",\n"
          "  \"message\"     : \"Produced ClientHello handshake message\",\n"
          "  \"specifics\"   : [\n"
          "  \"ClientHello\": {\n"
          "    \"client version\"      : \"TLSv1.2\",\n"
          "  }\n"
          "  ]\n"
          "}\n";
    d = dump(log, 0, NULL);
    CHECK(d && strstr(d, "\"message\":\"ClientHello\",\"direction\":\"sent\",\"version\":\"TLSv1.2\""));
    free(d);

    /* a logger that is not in the table, in the same layout, is no SSLLogger record */
    log = "com.example.ssl|INFO|1C|main|2026-01-10 10:00:00.000 UTC|X.java:1|Produced ClientHello handshake message (\n"
          "\"ClientHello\": {\n"
          "  \"client version\"      : \"TLSv1.2\",\n"
          "}\n"
          ")\n";
    d = dump(log, 0, NULL);
    CHECK(d && !strstr(d, "\"message\":\"ClientHello\""));
    free(d);
}

int main(void)
{
    test_thread_with_pipe();
    test_certificate_body();
    test_fatal_throwable_causes();
    test_interleaved_threads();
    test_expand_form();
    test_prefix_learned();
    test_truncated_and_crlf();
    test_long_line_and_nul();
    test_nul_any_chunking();
    test_hexdump_never_evidence();
    test_times();
    test_fast_path_same_events();
    test_fast_rows_same();
    test_bulk_rows_same();
    test_session_up_in_excerpts();
    test_headerless_records();
    test_ssllogger_prefix();
    test_fork_header();
    TX_TEST_END();
}
