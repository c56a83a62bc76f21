/*
 * test_holes.c - no hole reaches the output (issue 12, point 2).
 *
 * Every shipped rule's explanation and steps (rules/tls, rules/contrib, and
 * the steps of its profiles) are rendered by the engine's own txa_render
 * with full facts, with each fact they use taken away in turn, with only
 * the connection's context (host, port, stores, Java) and with no facts at
 * all, on a Java 11 and on a Java 8 log.  Every rendering must be free of:
 *
 *   - unfilled tokens ({...}) and placeholders (<name>) that no note explains
 *     (the engine's notes say what <host>, <port>, <truststore> ... stand for
 *     and how to find them out; see txa_render);
 *   - empty parentheses, doubled punctuation (.. ., :. ,. ;. ,,), a blank
 *     before a full stop or comma;
 *   - "see above", "see the subject above", "(see the log)": a pointer with
 *     no referent;
 *   - "the server:443": a fallback phrase where a host name belongs;
 *   - a default truststore path the log did not name, or the claim that an
 *     unknown store is the one "actually loaded".
 *
 * And the templates themselves: a fallback phrase inside a `code span`
 * (it would be pasted as a command), and a fallback that is a bare
 * variable name (it prints literally when the variable is unknown).
 * Each failure prints the rule, the text, the facts and the rendering.
 *
 * Then the facts drawn from small logs (issue 12, point 1): the port of the
 * URL the log names, no host or port when the log names two servers, the
 * truststore of a -Djavax.net.ssl.trustStore command line, the Java
 * generation (cacerts under jre/ on 8, no TLS 1.3 for 8u202).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../analysis/analysis.h"
#include "../../common/out.h"
#include "../../parser/frame.h"
#include "../../rules/jdkfacts.h"
#include "../../rules/yamldoc.h"
#include "../tx_test.h"

typedef struct {
    const char *name, *val;
} fact;

/* Realistic values of every variable a shipped template uses.  Messages end
 * with a full stop, as Java's often do, to catch "{message}." doubling. */
static const fact java11[] = {
    /* the connection (context.c, analysis.c) */
    {"host", "api.example.com"},
    {"fetch_host", "ocsp.ca.example"},
    {"rds_host", "mydb.abc123.eu-west-1.rds.amazonaws.com"},
    {"proxy_status", "HTTP/1.1 407 Proxy Authentication Required"},
    {"proxy_code", "407"},
    {"px_status", "HTTP/1.1 407 Proxy Authentication Required"},
    {"px_proto", "http"},
    {"px_auth", "none"},
    {"px_addr", "proxy.corp.example/10.0.0.8:3128"},
    {"px_dest", "api.example.com:443"},
    {"px_why", "status: 407 Proxy Authentication Required"},
    {"socks_msg", "Can't connect to SOCKS proxy:Connection refused: connect"},
    {"eos", "unexpected end of stream on api.example.com:443"},
    {"mq_reason", "MQRC_UNSUPPORTED_CIPHER_SUITE"},
    {"mq_channel", "'APP.SVRCONN'"},
    {"ibm_name", "IbmX509 KeyManagerFactory not available"},
    {"socket_protocols", "[TLSv1.2]"},
    {"plain_evidence", "signature 21,3,1"},
    {"no_tls", "SSL Connection required, but not supported by server"},
    {"tls_demand", "Must issue a STARTTLS command first"},
    {"px_status2", "HTTP/1.1 403 Forbidden"},
    {"anchor", "CN=Self Signed, O=Example"},
    {"ts_file", "/opt/app/conf/kafka.client.truststore.jks"},
    {"port", "8443"},
    {"url", "https://api.example.com:8443/v1/orders"},
    {"sni", "api.example.com"},
    {"truststore", "/opt/app/conf/truststore.p12"},
    {"truststore_seen", "/opt/app/conf/truststore.p12"},
    {"truststore_type", "pkcs12"},
    {"truststore_count", "3"},
    {"truststore_requested", "/opt/app/conf/missing.jks"},
    {"keystore", "/opt/app/conf/client.p12"},
    {"java_home", "/usr/lib/jvm/java-11-openjdk-amd64"},
    {"keytool", "/usr/lib/jvm/java-11-openjdk-amd64/bin/keytool"},
    {"cacerts", "/usr/lib/jvm/java-11-openjdk-amd64/lib/security/cacerts"},
    {"jdk", "11"},
    {"jdk_version", "11.0.11"},
    {"jdk_line", "3"},
    {"tls_protocols", "TLSv1.3,TLSv1.2"},
    {"tls13_note", " (TLSv1.3 needs Java 11, or 8u261 and later: on an older Java set TLSv1.2 only)"},
    {"jdk_tls10_note", " This Java (11.0.11) disables them by default, as every release since 11.0.11 does."},
    {"alias", "api.example.com-ca"},
    {"signer", "CN=*.gateway.example.com, O=Example Corp, C=US"},
    {"leaf_subject", "CN=api.example.com, O=Example Corp"},
    {"leaf_issuer", "CN=Example Issuing CA 1, O=Example Corp"},
    {"leaf_not_after", "2026-01-01 00:00:00 UTC"},
    {"leaf_cn", "api.example.com"},
    {"top_subject", "CN=Example Issuing CA 1, O=Example Corp"},
    {"top_issuer", "CN=Example Root CA, O=Example Corp"},
    {"chain_len", "2"},
    {"alert", "certificate_unknown"},
    {"alert_origin", "local"},
    {"exception", "PKIX path building failed: unable to find valid certification path to requested target."},
    {"exception_class", "javax.net.ssl.SSLHandshakeException"},
    {"root_cause", "java.security.cert.CertPathValidatorException: Trust anchor for certification path not found."},
    {"version", "TLSv1.2"},
    {"versions", "TLSv1.3, TLSv1.2"},
    {"cipher", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"},
    {"log_time", "2026-01-10 10:00:00 UTC"},
    /* fields of matched events */
    {"subject", "CN=api.example.com, O=Example Corp"},
    {"issuer", "CN=Example Issuing CA 1, O=Example Corp"},
    {"serial", "0a:1b:2c:3d"},
    {"not_after", "2026-01-01 00:00:00 UTC"},
    {"now", "2026-01-02T10:00:00Z"},
    {"verify_text", "unable to get local issuer certificate"},
    {"verify_code", "20"},
    {"accept_error", "sslv3 alert certificate unknown"},
    {"pu_text", "peer not authenticated"},
    {"rec_version", "(D)TLS-0.0"},
    {"proto_name3", "SSL_TLSv2"},
    {"proto_name4", "SSL_TLS"},
    {"proto_name5", "SSLv3"},
    {"mq_reason2", "'MQRC_SSL_PEER_NAME_ERROR'"},
    {"bundle_prop", "keystore.location"},
    {"bundle_loc", "/etc/app/server.p12"},
    {"mq_attr", "'SERIALNUMBER (x2)'"},
    {"validation_error", "self signed certificate in certificate chain"},
    {"not_before", "2027-01-01 00:00:00 UTC"},
    {"sig_alg", "SHA1withRSA"},
    {"key_alg", "RSA"},
    {"key_size", "1024"},
    {"message", "Trust anchor for certification path not found."},
    {"description", "handshake_failure"},
    {"text", "No appropriate protocol (protocol is disabled or cipher suites are inappropriate)."},
    {"value", "TLSv1.3"},
    {"key", "jdk.tls.client.protocols"},
    {"path", "/opt/app/conf/truststore.jks"},
    {"file", "keytool-list.txt"},
    {"count", "2"},
    {"error", "inaccessible"},
    {"reason", "java.io.IOException: Keystore was tampered with, or password was incorrect."},
    {"root", "java.security.UnrecoverableKeyException: Password verification failed."},
    {"time", "2026-01-10 10:00:00 UTC"},
    /* named captures of the shipped rules */
    {"badhost", "api.example.com"},
    {"badssl_host", "expired.badssl.com"},
    {"client_protocols", "TLSv1"},
    {"client_version", "TLSv1"},
    {"keystore_file", "/opt/wlp/usr/servers/s1/resources/security/key.jks"},
    {"keystore_id", "defaultKeyStore"},
    {"factory_class", "com.ibm.websphere.ssl.protocol.SSLSocketFactory"},
    {"load_error", "JKS not found"},
    {"badname", "api_example.com"},
    {"ack_kind", "Unexpected"}, {"ack_msg", "ServerHello"},
    {"cdn_status", "525"},
    {"cert_curve", "secp384r1"}, {"cert_alias", "tomcat"},
    {"group_name", "secp256k1"}, {"group_id", "26"},
    {"hello_len", "17513"}, {"hello_limit", "16384"},
    {"kx_text", "Unsupported ECCurveType: 1"}, {"kx_group", "x25519"},
    {"nocipher_text", "No negotiable cipher suite"},
    {"cast_from", "sun.net.www.protocol.http.HttpURLConnection"},
    {"misuse_text", "SSLContext is not initialized"},
    {"runtime_text", "Can not initialize cryptographic mechanism"},
    {"key_setting_text", "Key material not provided to setup HTTPS"},
    {"req_host", "admin.example.com"}, {"sni_host", "api.example.com"},
    {"route_text", "no matching filter chain found"},
    {"router_text", "Endpoint ID is not specified"},
    {"algo", "null"},
    {"ckr", "CN=Example Client CA, O=Example Corp"},
    {"ct_host", "api.example.com"},
    {"ct_host2", "api.example.com"},
    {"curve_id", "29"},
    {"dh_max", "2048"},
    {"expired_at", "Wed Jan 01 00:00:00 UTC 2026"},
    {"ext_id", "5"},
    {"words", "certificate not valid until 2031-01-01"},
    {"proto_name", "SSL_TLSv2"},
    {"sni_setting", "jsse.enableSNIExtension=false"},
    {"provider_class", "org.bouncycastle.jcajce.provider.asymmetric.edec.BCXDHPublicKey"},
    {"defect_class", "java.lang.NoSuchFieldError"},
    {"java_update", "1.8.0_191"},
    {"setting", "plugins.security.ssl.transport.pemcert_filepath"},
    {"dotted_host", "kafka-0.kafka.svc.cluster.local."},
    {"android_release", "Android 7.0"},
    {"alpn", "h2"},
    {"plain_url", "http://api.example.com:443"},
    {"tls_port", "443"},
    {"internal_pkg", "sun.security.ssl"},
    {"oid", "2.5.4.9"},
    {"kafka_node", "broker1.example.com/10.0.0.5:9093"},
    {"kafka_peer", "/10.0.0.9"},
    {"pem_kdf_error", "PBKDF-OpenSSL SecretKeyFactory not available"},
    {"fips_part", "TrustManagers"},
    {"fips_setting", "jdk.tls.client.protocols"},
    {"fips_protocol", "SSLv3"},
    {"thrown", "sun.security.ssl.ClientHandshaker.getKickstartMessage"},
    {"default_name", "a.sni.fastly.net"},
    {"product", "Charles Root Certificate"},
    {"loop_error", "Unexpected exception in the selector loop"},
    {"alg", "SunTlsRsaPremasterSecret"},
    {"provider", "BC"},
    {"jce_error", "RSA premaster secret error"},
    {"native_error", "failed to load the required native library"},
    {"sp_error", "Only TLS1.2 protocol can be enabled in SP800_131 strict mode"},
    {"keytool_error", "Failed to establish chain from reply"},
    {"fips_refusal", "Attempt to create key pair with unapproved RNG: DH"},
    {"retired_api", "NoClassDefFoundError: com/sun/net/ssl/internal/ssl/Provider"},
    {"store_refusal", "KeyStoreException: Certificate chain is not valid"},
    {"api_level", "19"},
    {"library_class", "io.netty.internal.tcnative.SSL.readFromSSL(JJI)I"},
    {"token_error", "Token has been removed"},
    {"pin_error", "CKR_PIN_INCORRECT"},
    {"app_refusal", "No client certificate chain in this request"},
    {"pha_error", "AH10158: cannot perform post-handshake authentication"},
    {"trust_error", "failed to parse any certificates from [/etc/app/ca.crt]"},
    {"property_error", "Error in security property. Constraint unknown: keysize<2048"},
    {"validity_error", "NotAfter: Tue Jan 07 15:29:37 UTC 2025"},
    {"tomcat_list", "[[TLSv1.1]]"},
    {"tomcat_attr", "protocols"},
    {"jetty_item", "TLSv1.1"},
    {"kafka_inner", "javax.net.ssl.SSLHandshakeException: PKIX path building failed"},
    {"jdk_iface", "java.security.interfaces.XECPublicKey"},
    {"ext_msg", "certificate_request"},
    {"ext_name", "status_request"},
    {"host_asked", "api.example.com"},
    {"plain_url", "127.0.0.1:9200"},
    {"hidden_method", "getAlpnSelectedProtocol"},
    {"crt_call", "aws_tls_ctx_options_init_client_mtls_from_path"},
    {"crt_error", "AWS_ERROR_FILE_INVALID_PATH"},
    {"pem_what", "private key"},
    {"issuer_dn", "CN=Example Issuing CA, O=Example, C=US"},
    {"api_text", "no longer supports API requests made with TLS 1.0"},
    {"camel_params", "KeyStoreParameters"},
    {"artemis_side", "Acceptor"},
    {"artemis_endpoint", "0.0.0.0:5671"},
    {"hs_msg", "ServerHello"},
    {"hs_type", "2"},
    {"ip", "10.1.2.3"},
    {"ocsp_status", "REVOKED"},
    {"ocsp_url", "http://ocsp.example.com"},
    {"proto", "TLSv1"},
    {"store_file", "truststore.jks"},
    {"bc_alg", "KeyFactory.RSA"},
    {"b64_char", "2d"},
    {"bad_char", ":"},
    {"http_host", "www.example.org"},
    {"valid_from", "Sat Jan 01 00:00:00 UTC 2028"},
    {"wrapper", "CWPKI0022E: SSL HANDSHAKE FAILURE"},
    {"why", "the file does not exist"},
    {"es_password", "a keystore password was provided"},
    {"inner", "java.security.cert.CertificateParsingException: java.io.IOException: Unknown named curve: 1.3.132.0.10"},
    {"san_list", "DNS:www.example.com, DNS:example.com"},
    {"bc_reason", "keyCompromise"},
    {"chain_n", "11"},
    {"chain_max", "10"},
    {"crit_oids", "2.5.29.30"},
    {"crit_oids2", "1.3.6.1.4.1.311.21.10"},
    {"crit_std", "2.5.29.17"},
    {"proto_name2", "TLSv1.4"},
    {"cert_side", "server"},
    {"sig_got", "255"},
    {"dh_size", "2047"},
    {"dh_limit", "8192"},
    {"sig_want", "256"},
    {"blocked_subject", "CN=Example Test CA, O=Example"},
    {"kx_group", "secp224r1"},
    {"kx_group2", "ffdhe2048"},
    {"sig_msg", "ECDH ServerKeyExchange"},
    {"sig_msg2", "CertificateVerify"},
    {"peer_scheme", "rsa_pkcs1_sha1"},
    {"ocsp_problem", "Nonces don't match"},
    {"distrusted_ca", "Symantec"},
    {"distrust_date", "2019-04-16"},
    {"hs_size", "48638"},
    {"hs_max", "32768"},
    {"px_status3", "HTTP/1.1 407 Proxy Authentication Required"},
    {"px_status4", "HTTP/1.1 407 Proxy Authentication Required"},
    {"px_code", "403"},
    {"rec_len", "20480"},
    {"rec_max", "16709"},
    {"sni_asked", "api.example.com"},
    {"suite_name", "ECDHE-RSA-AES128-GCM-SHA256"},
    {"ks_alias", "tomcat"},
    {"sni_host", "api.example.com"},
    {"null_map", "the SNI mapping returned null"},
    {"h3_issue", "Configured HTTP/3 protocol without TLS"},
    {"scheme", "HTTPS"},
    {"vx_issue", "Missing hostname verification algorithm"},
    {"local_level", "Required"},
    {"remote_level", "Off"},
    {"hadoop_prop", "ssl.server.keystore.location"},
    {"es_peer_type", "server"},
    {"es_peer", "es-node2"},
    {"es_context", "xpack.security.transport.ssl"},
    {"weak_why", "Signature uses an insecure hash function: 1.2.840.113549.1.1.5"},
    {"iahome", "/opt/xmatters/integrationagent"},
    {"key_alias", "svc-sync"},
    {"aia_url", "http://pki.example.com/issuing-ca-1.crt"},
    {"server_version", "TLS10"},
    {"client_prefs", "[TLS13, TLS12]"},
    {"client_version", "TLSv1.1"},
    {"app_frame", "sun.security.ssl.SSLSocketImpl.readApplicationRecord"},
    {"pool_frame", "org.apache.http.impl.conn.CPoolProxy.receiveResponseHeader"},
    {"kafka_thread", "Uncaught exception in thread 'kafka-producer-network-thread | producer-1'"},
    {"android_frame", "com.android.org.conscrypt.SSLUtils"},
    {"ibm_frame", "com.ibm.jsse2.k"},
    {"runtime_hint", "/jbr/"},
    {"was_code", "CWPKI0823E"},
    {"was_code2", "CWPKI0814E"},
    {"was_code3", "CWPKI0804E"},
    {"ssl_alias", "defaultSSLConfig"},
    {"props_file", "/opt/IBM/WebSphere/AppServer/profiles/AppSrv01/properties/ssl.client.props"},
    {"mgr_kind", "trust"},
    {"mgr_class", "com.example.security.CustomTrustManager"},
    {"keystore_file2", "/opt/wlp/usr/servers/s1/resources/security/key.p12"},
    {"principal", "CN=client1, O=Example"},
    {"tmf_alg", "SunX509"},
    {"token_kind", "encryption"},
    {"token", "AES512"},
    {"wls_code", "BEA-090477"},
    {"tomcat_frame", "org.apache.tomcat.util.net.SecureNioChannel"},
    /* rules/tls/clients.yaml (client-library texts) */
    {"cert_names", "*.other.example, other.example"},
    {"cert_name", "db.internal"},
    {"ip_asked", "10.1.2.3"},
    {"offered", "TLSv1, TLSv1.1"},
    {"sni_subject", "CN=api.example.com SNI, O=Example Corp"},
    {"store_type", "JKS"},
    {"auth_plugin", "sha256_password"},
    {"auth_msg", "Public Key Retrieval is not allowed"},
    {"tls_setting", "TLS protocols TLSv1 and TLSv1.1 are not supported"},
    {"own_key_alg", "RSA"},
    {"bundle", "client"},
    {"tls_bytes", "Invalid character found in method name [0x160x030x01"},
    {"pg_file", "/home/app/.postgresql/postgresql.pk8"},
    {"jcc_exc", "java.security.KeyStoreException"},
    {"ora_msg", "ORA-17957: Unable to initialize the key store"},
    {"ora_store", "key"},
    {"cb_msg", "The specified authenticator requires TLS, but TLS is not enabled."},
    {"sasl_offered", "AMQPLAIN PLAIN"},
    {"ossl_err", "error:0909006C:PEM routines:get_name:no start line"},
    {"conf_name", "defaultSSLHostConfigName"},
    {"conf_msg", "No SSLHostConfig element was found with the hostName [_default_] to match the defaultSSLHostConfigName"},
    {"conf_value", "JKSS"},
    {"kafka_node_addr", "kafka.example.com/10.0.0.5:9093"},
    /* rules/tls/libraries.yaml (libraries' own texts) */
    {"configured_protocols", "[TLSv1.3]"},
    {"supported_protocols", "[TLSv1.2, TLSv1.1, TLSv1]"},
    {"ftp_reply", "522 SSL connection failed: session reuse required"},
    {"pg_msg", "Could not read SSL key file /home/app/.postgresql/postgresql.pk8."},
    {"factory", "com.example.TlsSocketFactory"},
    {"pem_part", "private key"},
    {"h2_cipher", "TLS_RSA_WITH_AES_128_CBC_SHA"},
    {"h2_mode", "H2 protocol without TLS"},
    {"tls_config", "https"},
    {"max_packet", "16384"},
    {"mdb_msg", "Failed to read keyStore file. Option keyStore=/etc/app/client.p12"},
    {"mdb_file", "/etc/app/client.p12"},
    {"neo_scheme", "neo4j+s"},
    {"pinned_file", "/etc/app/sql01.cer"},
    {"rs_msg", "SSL should be enable in IAM authentication"},
    {"sf_reason", "1"},
    {"this_update", "2024-01-05 09:00:00 UTC"},
    {"next_update", "2024-01-12 09:00:00 UTC"},
    {NULL, NULL},
};

/* What a Java 8 log changes. */
static const fact java8[] = {
    {"java_home", "/usr/lib/jvm/java-8-openjdk-amd64/jre"},
    {"keytool", "/usr/lib/jvm/java-8-openjdk-amd64/jre/bin/keytool"},
    {"cacerts", "/usr/lib/jvm/java-8-openjdk-amd64/jre/lib/security/cacerts"},
    {"jdk", "8"},
    {"jdk_version", "1.8.0_202"},
    {"jdk_no_tls13", "Java 8u202"},
    {"tls_protocols", "TLSv1.2"},
    {"tls13_note", " (not TLSv1.3: Java 8u202 has none; it came with 8u261 and Java 11)"},
    {"jdk_tls10_note", " This Java (1.8.0_202) still enables them by default (they are off from 8u291, OpenJDK 8u292)."},
    {NULL, NULL},
};

/* The facts of the connection and the JVM (not of the matched events). */
static const char *const context_names[] = {"host", "port", "url", "sni", "truststore", "truststore_seen",
                                            "truststore_type", "truststore_count", "keystore", "java_home",
                                            "keytool", "cacerts", "jdk", "jdk_version", "jdk_line",
                                            "jdk_no_tls13", "tls_protocols", "tls13_note", "jdk_tls10_note", "alias", "log_time", NULL};

static const char *lookup(const fact *t, const char *name)
{
    for (; t->name; t++)
        if (strcmp(t->name, name) == 0)
            return t->val;
    return NULL;
}

static int in_list(const char *const *l, const char *name)
{
    for (; *l; l++)
        if (strcmp(*l, name) == 0)
            return 1;
    return 0;
}

/* ---- the variables a template names ----------------------------------------------- */

#define MAXN 32
typedef struct {
    char v[MAXN][64];
    unsigned n;
} names;

static int ident(const char *s, size_t n)
{
    if (!n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
              s[i] == '_'))
            return 0;
    return 1;
}

static void add_name(names *ns, const char *s, size_t n)
{
    if (n >= 64)
        return;
    for (unsigned i = 0; i < ns->n; i++)
        if (strlen(ns->v[i]) == n && memcmp(ns->v[i], s, n) == 0)
            return;
    if (ns->n < MAXN) {
        memcpy(ns->v[ns->n], s, n);
        ns->v[ns->n][n] = '\0';
        ns->n++;
    }
}

static int nfail_report, reported_this_text;

/* One report per text (its first failure); every failure counts. */
static void fail(const txr_rule *r, const char *tmpl, const char *facts, const char *out, const char *why)
{
    tx_failed++;
    if (reported_this_text++)
        return;
    if (nfail_report++ < 400)
        fprintf(stderr, "%s: rule %s (%s:%u): %s\n    template: %s\n    facts: %s\n    output: %s\n", __FILE__,
                r->id, r->file ? r->file : "?", r->line, why, tmpl, facts, out ? out : "(null)");
}

/* Collect the variable names; check the template itself. */
static void scan_template(const txr_rule *r, const char *t, names *ns)
{
    unsigned ticks = 0;
    for (const char *p = t; *p; p++) {
        if (*p == '`') {
            ticks++;
            continue;
        }
        if (*p != '{')
            continue;
        const char *close = strchr(p, '}');
        if (!close)
            continue;
        const char *bar = memchr(p + 1, '|', (size_t)(close - p - 1));
        if (!ident(p + 1, (size_t)((bar ? bar : close) - p - 1)))
            continue;
        const char *alt = p + 1;
        int nalts = 0;
        while (alt <= close) {
            const char *b = memchr(alt, '|', (size_t)(close - alt));
            const char *e = b ? b : close;
            int last = b == NULL;
            nalts++;
            if (!last || nalts == 1) {
                if (ident(alt, (size_t)(e - alt)))
                    add_name(ns, alt, (size_t)(e - alt));
            } else {
                /* the literal fallback */
                char lit[128];
                size_t ln = (size_t)(e - alt) < sizeof lit - 1 ? (size_t)(e - alt) : sizeof lit - 1;
                memcpy(lit, alt, ln);
                lit[ln] = '\0';
                if (ident(lit, ln) && lookup(java11, lit) && !txa_noted_var(lit)) {
                    char why[256];
                    snprintf(why, sizeof why, "fallback '%s' is a variable name: it prints literally when unknown",
                             lit);
                    fail(r, t, "-", "-", why);
                } else if ((ticks & 1) && memchr(lit, ' ', ln)) {
                    char why[256];
                    snprintf(why, sizeof why, "fallback phrase '%s' inside a `code span` (it would be pasted)", lit);
                    fail(r, t, "-", "-", why);
                } else {
                    tx_passed++;
                }
            }
            alt = e + 1;
        }
        p = close;
    }
}

/* ---- the checks on one rendering ------------------------------------------------- */

static const char *find_ci(const char *h, const char *n)
{
    size_t nl = strlen(n);
    for (; *h; h++)
        if (strncasecmp(h, n, nl) == 0)
            return h;
    return NULL;
}

/* The text without the engine's notes (they start " (`<"). */
static void strip_notes(const char *s, char *buf, size_t n)
{
    snprintf(buf, n, "%s", s);
    char *k = strstr(buf, " (`<");
    if (k && (strstr(k, "not in this log") || strstr(k, "not named in this log") || strstr(k, "never in a log") ||
              strstr(k, "default truststore") || strstr(k, "listing you gave")))
        *k = '\0';
}

/* The text outside `code spans`. */
static void prose_of(const char *s, char *buf, size_t n)
{
    size_t k = 0;
    int code = 0;
    for (; *s && k + 1 < n; s++) {
        if (*s == '`') {
            code = !code;
            buf[k++] = 'x';
            continue;
        }
        buf[k++] = code ? 'x' : *s;
    }
    buf[k] = '\0';
}

static const char *hole(const char *out, const char *tmpl, int truststore_known)
{
    static char why[256];
    char prose[TX_MAX_TEMPLATE_OUT + 8], bare[TX_MAX_TEMPLATE_OUT + 8];
    if (strchr(out, '{') || strchr(out, '}'))
        return "an unfilled {token}";
    /* placeholders: only the noted ones, with their note */
    for (const char *p = out; (p = strchr(p, '<')) != NULL; p++) {
        const char *e = p + 1;
        while ((*e >= 'a' && *e <= 'z') || (*e >= 'A' && *e <= 'Z') || (*e >= '0' && *e <= '9') || *e == '_' ||
               (*e == ' ' && e[1] != '<') || *e == '-')
            e++;
        if (*e != '>' || e == p + 1)
            continue;
        char name[64];
        size_t nl = (size_t)(e - p - 1) < sizeof name - 1 ? (size_t)(e - p - 1) : sizeof name - 1;
        memcpy(name, p + 1, nl);
        name[nl] = '\0';
        if (!strcmp(name, "IAHOME"))
            continue; /* the integration agent's directory, named by its profile */
        /* explained in the same text: "`<x>` is ...", "`<x>` and `<y>` are ..." */
        char noted[80], noted2[80], noted3[80];
        snprintf(noted, sizeof noted, "`<%s>` is ", name);
        snprintf(noted2, sizeof noted2, "`<%s>`: ", name);
        snprintf(noted3, sizeof noted3, "`<%s>`, `<", name);
        if (strstr(out, noted) || strstr(out, noted2) || strstr(out, noted3) ||
            (strstr(out, "`<host>`, `<port>`: ") && !strcmp(name, "port")))
            continue;
        snprintf(why, sizeof why, "placeholder <%s> that no note explains", name);
        return why;
    }
    prose_of(out, prose, sizeof prose);
    /* empty parentheses (not a method call: "getLength()") */
    static const char *const empties[] = {"()", "( )", "(.)", "(,)", "[]", NULL};
    for (int i = 0; empties[i]; i++)
        for (const char *e = prose; (e = strstr(e, empties[i])) != NULL; e++)
            if (e == prose || e[-1] == ' ' || e[-1] == '(') {
                snprintf(why, sizeof why, "empty parentheses %s", empties[i]);
                return why;
            }
    for (const char *p = prose; *p; p++) {
        if (p[0] == '.' && p[1] == '.' && p[2] == '.') {
            p += 2; /* an ellipsis: "lengthTag=..., too big" */
            continue;
        }
        if (p[0] == '.' && p[1] == '.')
            return "doubled full stop";
        if ((p[0] == '.' && p[1] == ',') || (p[0] == ',' && p[1] == '.') || (p[0] == ':' && p[1] == '.') ||
            (p[0] == ';' && p[1] == '.') || (p[0] == ',' && p[1] == ',') || (p[0] == ':' && p[1] == ',') ||
            (p[0] == ',' && p[1] == ':') || (p[0] == '.' && p[1] == ':' && p != prose && p[-1] != '.'))
            return "doubled punctuation";
        if (p[0] == ' ' && (p[1] == '.' || p[1] == ',') && (p[2] == ' ' || p[2] == '\0') && p != prose &&
            p[-1] != ' ')
            return "a blank before a full stop or comma";
    }
    static const char *const dangling[] = {"see above", "see the subject above", "see the issuer above",
                                           "(see the log)", "as shown above", "shown above", NULL};
    for (int i = 0; dangling[i]; i++)
        if (find_ci(out, dangling[i])) {
            snprintf(why, sizeof why, "'%s' without a referent", dangling[i]);
            return why;
        }
    /* "the server:443", "its host:<port>" */
    static const char *const arts[] = {"the ", "a ", "an ", "its ", "this ", "that ", NULL};
    for (int i = 0; arts[i]; i++)
        for (const char *p = out; (p = find_ci(p, arts[i])) != NULL; p++) {
            if (p != out && p[-1] != ' ' && p[-1] != '(' && p[-1] != '`')
                continue;
            const char *w = p + strlen(arts[i]);
            while ((*w >= 'a' && *w <= 'z') || *w == '-')
                w++;
            if (w > p + strlen(arts[i]) && *w == ':' && ((w[1] >= '0' && w[1] <= '9') || w[1] == '<')) {
                snprintf(why, sizeof why, "a phrase where a host belongs: '%.*s'", (int)(w - p + 5), p);
                return why;
            }
        }
    /* an unproven truststore path */
    if (!truststore_known) {
        strip_notes(out, bare, sizeof bare);
        if (strstr(bare, "security/cacerts") && !strstr(tmpl, "cacerts"))
            return "a default cacerts path stands for a truststore the log did not name";
        static const char *const claims[] = {"actually loaded", "really loaded", "really uses", "really used",
                                             "Java loaded", "the one really", NULL};
        for (int i = 0; claims[i]; i++) {
            const char *c = find_ci(bare, claims[i]);
            if (!c)
                continue;
            char win[100];
            size_t wl = strlen(c) < sizeof win - 1 ? strlen(c) : sizeof win - 1;
            memcpy(win, c, wl);
            win[wl] = '\0';
            if (strstr(win, "cacerts")) {
                snprintf(why, sizeof why, "'%s' asserted of the default cacerts, which the log did not name",
                         claims[i]);
                return why;
            }
        }
    }
    return NULL;
}

/* ---- rendering ------------------------------------------------------------------- */

static void set_facts(txa_finding *f, const fact *base, const fact *over, const char *skip, int context_only,
                      int none)
{
    for (unsigned i = 0; i < f->nvars; i++) {
        free(f->vars[i].name);
        free(f->vars[i].val);
    }
    free(f->vars);
    size_t cap = 8; /* room for every fact of both tables (they grow with the rulebook) */
    for (const fact *t = base; t->name; t++)
        cap++;
    for (const fact *t = over; t->name; t++)
        cap++;
    f->vars = calloc(cap, sizeof *f->vars);
    f->nvars = 0;
    if (none) {
        /* no fact, but the Java generation may still be known (e.g. from the format) */
        const char *k[] = {"jdk", "jdk_no_tls13", "tls_protocols", "tls13_note", NULL};
        for (int i = 0; k[i]; i++) {
            const char *v = lookup(over, k[i]);
            if (v && none == 2) {
                f->vars[f->nvars].name = strdup(k[i]);
                f->vars[f->nvars].val = strdup(v);
                f->nvars++;
            }
        }
        return;
    }
    for (const fact *t = base; t->name; t++) {
        if (skip && strcmp(t->name, skip) == 0)
            continue;
        if (context_only && !in_list(context_names, t->name))
            continue;
        const char *v = lookup(over, t->name);
        f->vars[f->nvars].name = strdup(t->name);
        f->vars[f->nvars].val = strdup(v ? v : t->val);
        f->nvars++;
    }
    for (const fact *t = over; t->name; t++)
        if (!lookup(base, t->name) && !(skip && strcmp(t->name, skip) == 0)) {
            f->vars[f->nvars].name = strdup(t->name);
            f->vars[f->nvars].val = strdup(t->val);
            f->nvars++;
        }
}

static const fact no_over[] = {{NULL, NULL}};
static unsigned renders, texts;

static void render_check(tx_analysis *a, txa_finding *f, const txr_rule *r, const char *t, const char *facts)
{
    char *out = txa_render(a, f, t);
    renders++;
    if (!out) {
        fail(r, t, facts, NULL, "render failed");
        return;
    }
    int ts = txa_var_get(f, "truststore") != NULL;
    const char *why = hole(out, t, ts || (a->profile && !strcmp(a->profile, "ia")));
    if (why)
        fail(r, t, facts, out, why);
    else
        tx_passed++;
    free(out);
}

static void check_text(tx_analysis *a, txa_finding *f, const txr_rule *r, const char *t)
{
    names ns;
    memset(&ns, 0, sizeof ns);
    texts++;
    reported_this_text = 0;
    scan_template(r, t, &ns);
    for (unsigned i = 0; i < ns.n; i++)
        if (!lookup(java11, ns.v[i]) && !lookup(java8, ns.v[i]) && strcmp(ns.v[i], "storepass") != 0) {
            char why[160];
            snprintf(why, sizeof why, "no sample value for {%s}: add one to the facts table of %s", ns.v[i],
                     __FILE__);
            fail(r, t, "-", "-", why);
        }
    const fact *overs[2] = {no_over, java8};
    const char *jn[2] = {"Java 11", "Java 8"};
    for (int j = 0; j < 2; j++) {
        char d[160];
        set_facts(f, java11, overs[j], NULL, 0, 0);
        snprintf(d, sizeof d, "%s, all facts", jn[j]);
        render_check(a, f, r, t, d);
        for (unsigned i = 0; i < ns.n; i++) {
            set_facts(f, java11, overs[j], ns.v[i], 0, 0);
            snprintf(d, sizeof d, "%s, all facts but %s", jn[j], ns.v[i]);
            render_check(a, f, r, t, d);
        }
        set_facts(f, java11, overs[j], NULL, 1, 0);
        snprintf(d, sizeof d, "%s, the connection's context only", jn[j]);
        render_check(a, f, r, t, d);
        set_facts(f, java11, overs[j], NULL, 0, 2);
        snprintf(d, sizeof d, "%s known, no other fact", jn[j]);
        render_check(a, f, r, t, d);
    }
    set_facts(f, java11, no_over, NULL, 0, 1);
    render_check(a, f, r, t, "no facts");
}

/* ---- the engine's own behaviour ------------------------------------------------------- */

static char *render_with(tx_analysis *a, const char *t, const char *const *kv)
{
    txa_finding f;
    memset(&f, 0, sizeof f);
    f.vars = calloc(16, sizeof *f.vars);
    for (; kv && kv[0]; kv += 2) {
        f.vars[f.nvars].name = strdup(kv[0]);
        f.vars[f.nvars].val = strdup(kv[1]);
        f.nvars++;
    }
    char *out = txa_render(a, &f, t);
    for (unsigned i = 0; i < f.nvars; i++) {
        free(f.vars[i].name);
        free(f.vars[i].val);
    }
    free(f.vars);
    return out;
}

static void engine(tx_analysis *a)
{
    const char *msg[] = {"message", "not found.", NULL};
    char *o = render_with(a, "Java says: {message}.", msg);
    CHECK_STR(o, "Java says: not found.");
    free(o);
    const char *colon[] = {"message", "internal cause is:", NULL};
    o = render_with(a, "It says {message}. Then", colon);
    CHECK_STR(o, "It says internal cause is. Then");
    free(o);
    o = render_with(a, "Connect to `{sni|host}:{port}`.", NULL);
    CHECK(o && strncmp(o, "Connect to `<host>:<port>` (`<host>`, `<port>`: the server, not in this log", 72) == 0);
    CHECK(o && o[strlen(o) - 1] == '.');
    free(o);
    o = render_with(a, "Back up `{truststore}`.", NULL);
    CHECK(o && strstr(o, "`<truststore>`: the truststore this JVM loads, not named in this log"));
    CHECK(o && strstr(o, "on Java 8 `$JAVA_HOME/jre/lib/security/cacerts`"));
    CHECK(o && !strchr(strstr(o, " (`<") + 2, '(')); /* no parenthesis inside the note */
    CHECK(o && strstr(o, "-Djavax.net.debug=ssl:trustmanager"));
    free(o);
    const char *j8[] = {"jdk", "8", "jdk_or_older", "yes", "jdk_line", "12", NULL};
    o = render_with(a, "Back up `{truststore}`.", j8);
    CHECK(o && strstr(o, "`$JAVA_HOME/jre/lib/security/cacerts` on the Java 8 or older this log shows, line 12"));
    free(o);
    o = render_with(a, "`{keytool} -alias {alias}`", NULL);
    CHECK_STR(o, "`keytool -alias server-ca`");
    free(o);
}

/* ---- JSON strings and text, a run of plain bytes at a time -------------------------- */

/* what txo_json_str writes for one byte that starts no UTF-8 sequence */
static size_t json_byte(unsigned char c, char *o)
{
    if (c == '"' || c == '\\')
        return (size_t)sprintf(o, "\\%c", c);
    if (c == '\n')
        return (size_t)sprintf(o, "\\n");
    if (c == '\t')
        return (size_t)sprintf(o, "\\t");
    if (c == '\r')
        return (size_t)sprintf(o, "\\r");
    if (c < 0x20 || c == 0x7f)
        return (size_t)sprintf(o, "\\u%04x", c);
    if (c > 0x7f)
        return (size_t)sprintf(o, "\\ufffd");
    o[0] = (char)c;
    return 1;
}

static void out_runs(void)
{
    /* one byte that ends a run, at every place of strings of 0 - 40 bytes
     * (the run is searched 16 bytes at a time): escaped as byte by byte */
    static const unsigned char odd[] = {0x00, 0x0a, 0x1f, 0x20, 0x22, 0x5c, 0x7e, 0x7f, 0x80, 0xc3, 0xff};
    for (size_t len = 0; len <= 40; len++)
        for (size_t at = 0; at <= len; at++)
            for (size_t k = 0; k < sizeof odd; k++) {
                unsigned char in[48];
                char want[48 * 7 + 3], got[48 * 7 + 3], wtext[48], gtext[48];
                for (size_t i = 0; i < len; i++)
                    in[i] = (unsigned char)('a' + i % 26);
                if (at < len)
                    in[at] = odd[k];
                size_t w = 0, wt = 0;
                want[w++] = '"';
                for (size_t i = 0; i < len; i++) {
                    w += json_byte(in[i], want + w);
                    if (in[i] >= 0x20 && in[i] < 0x7f)
                        wtext[wt++] = (char)in[i];
                }
                want[w++] = '"';
                FILE *f = fmemopen(got, sizeof got, "w");
                txo_json_str(f, (const char *)in, len);
                long gn = ftell(f);
                fclose(f);
                CHECK(gn == (long)w && memcmp(got, want, w) == 0);
                /* txo_text: a control byte or one over 0x7e is not written as it is */
                f = fmemopen(gtext, sizeof gtext, "w");
                txo_text(f, (const char *)in, at < len ? at : len);
                gn = ftell(f);
                fclose(f);
                CHECK(gn == (long)(at < len ? at : len) && memcmp(gtext, wtext, (size_t)gn) == 0);
            }
}

static void jdk_sniff(const txr_jdk_facts *jf)
{
    static const struct {
        const char *line;
        int feature, update, le8;
    } cases[] = {
        {"java.version = 1.8.0_292", 8, 292, 1},
        {"openjdk version \"11.0.11\" 2021-04-20", 11, 11, 0},
        {"Java(TM) SE Runtime Environment (build 1.7.0_80-b15)", 7, 80, 1},
        {"trustStore is: /usr/lib/jvm/java-11-openjdk-amd64/lib/security/cacerts", 11, 0, 0},
        {"trustStore is: C:\\Program Files\\Java\\jre1.8.0_301\\lib\\security\\cacerts", 8, 301, 1},
        {"trustStore is: /opt/jdk-17.0.2/lib/security/cacerts", 17, 2, 0},
        {"trustStore is: /usr/lib/jvm/java-1.8.0-openjdk-1.8.0.292.b10-1.el7_9.x86_64/jre/lib/security/cacerts", 8,
         -1, 1},
        {"trustStore is: /etc/pki/java/cacerts", 0, -1, 0},
        {"java.runtime.version=17.0.2+8-86", 17, 2, 0},
        /* shorter than one block of the sniffer's pre-test, and one block */
        {"java.version=11", 11, 0, 0},
        {"java 9 2017-09-21", 9, 0, 0},
        {"java 9 2017-09-2", 0, -1, 0},
        /* the first directory in the line wins, whichever its separator */
        {"copied C:\\jdk-11.0.2\\bin to /opt/jdk-17.0.1/lib", 11, 2, 0},
        {"copied /opt/jdk-17.0.1/lib to C:\\jdk-11.0.2\\bin", 17, 1, 0},
        {"/x/y\\z/jdk-21.0.3", 21, 3, 0},
        {"at /jdk", 0, -1, 0},
        {"javax.net.ssl|DEBUG|01|main|2021-04-20 10:00:00.000 UTC|SSLContextImpl.java:425|System property "
         "jdk.tls.client.cipherSuites is set to 'null'",
         0, -1, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        txr_jdk j;
        memset(&j, 0, sizeof j);
        j.update = -1;
        txr_jdk_line(&j, 7, cases[i].line, strlen(cases[i].line));
        if (j.feature != cases[i].feature || (cases[i].feature && j.update != cases[i].update) || j.le8 != cases[i].le8)
            fprintf(stderr, "%s: jdk of '%s': got %d u%d le8=%d\n", __FILE__, cases[i].line, j.feature, j.update,
                    j.le8);
        CHECK_INT(j.feature, cases[i].feature);
        if (cases[i].feature)
            CHECK_INT(j.update, cases[i].update);
        CHECK_INT(j.le8, cases[i].le8);
    }
    /* each literal the sniffer's one-pass pre-test looks for, at every offset
     * across its 16-byte blocks and its byte-wise tail, blanks around it: the
     * same Java as the bare line */
    static const struct {
        const char *line;
        int feature, update, le8;
    } moved[] = {
        {"java.version = 1.8.0_292", 8, 292, 1},
        {"Java(TM) SE Runtime Environment (build 1.7.0_80-b15)", 7, 80, 1},
        {"openjdk 11.0.1 2018-10-16", 11, 1, 0},
        {"java 17.0.2 2022-01-18 LTS", 17, 2, 0},
        {"/opt/jdk-17.0.2/lib", 17, 2, 0},
        {"C:\\jre1.8.0_301\\lib", 8, 301, 1},
        {"/opt/x/jre/lib/security/cacerts", 0, -1, 1},
        {"C:\\x\\jre\\lib\\security", 0, -1, 1},
    };
    for (size_t i = 0; i < sizeof moved / sizeof moved[0]; i++)
        for (size_t lead = 0; lead < 40; lead++)
            for (size_t t = 0; t < 6; t++) { /* (under 80 bytes: the `java --version` lines) */
                static const size_t trails[] = {0, 1, 2, 3, 11, 13};
                size_t trail = trails[t];
                char buf[128];
                size_t ln = strlen(moved[i].line);
                memset(buf, ' ', lead);
                memcpy(buf + lead, moved[i].line, ln);
                memset(buf + lead + ln, ' ', trail);
                txr_jdk j;
                memset(&j, 0, sizeof j);
                j.update = -1;
                txr_jdk_line(&j, 7, buf, lead + ln + trail);
                if (j.feature != moved[i].feature || j.update != moved[i].update || j.le8 != moved[i].le8)
                    fprintf(stderr, "%s: jdk of '%s' at %zu (+%zu): got %d u%d le8=%d\n", __FILE__, moved[i].line, lead,
                            trail, j.feature, j.update, j.le8);
                CHECK_INT(j.feature, moved[i].feature);
                CHECK_INT(j.update, moved[i].update);
                CHECK_INT(j.le8, moved[i].le8);
            }
    txr_jdk j;
    char why[96];
    memset(&j, 0, sizeof j);
    txr_jdk_line(&j, 1, "java.version: 1.8.0_202", 23);
    CHECK(txr_jdk_lacks_tls13(&j, jf, why, sizeof why) && !strcmp(why, "Java 8u202"));
    memset(&j, 0, sizeof j);
    txr_jdk_line(&j, 1, "java.version: 1.8.0_292", 23);
    CHECK(!txr_jdk_lacks_tls13(&j, jf, why, sizeof why));
    memset(&j, 0, sizeof j);
    txr_jdk_old_stack(&j);
    CHECK(txr_jdk_lacks_tls13(&j, jf, why, sizeof why));
    CHECK_INT(txr_jdk_generation(&j), 8);
}

/* ---- the JDK release facts table (rules/jdk/releases.yaml) -------------------------- */

static void jdk_table(const txr_jdk_facts *jf)
{
    CHECK(jf != NULL && jf->n >= 10);
    /* every entry has an id and says what it is */
    for (unsigned i = 0; jf && i < jf->n; i++) {
        const char *id = NULL, *what = NULL;
        for (unsigned k = 0; k < jf->v[i].n; k++) {
            if (!strcmp(jf->v[i].kv[k].key, "id"))
                id = jf->v[i].kv[k].val;
            if (!strcmp(jf->v[i].kv[k].key, "what"))
                what = jf->v[i].kv[k].val;
        }
        CHECK(id && what);
    }
    /* start-up reads the tree the build parsed (yamldoc.h); the text parsed
     * now (TLSEXPLAIN_NO_CACHE) gives the same table, entry by entry */
    if (txr_builtin_docs[0].name) /* (STARTUP_CACHE=no builds have no parsed documents) */
        CHECK(txr_ydoc_find("rules/jdk/releases.yaml", txr_jdk_releases_yaml_len) != NULL);
    txr_jdk_facts *parsed = NULL;
    setenv("TLSEXPLAIN_NO_CACHE", "1", 1);
    CHECK(txr_load_jdk_facts(txr_jdk_releases_yaml, txr_jdk_releases_yaml_len, &parsed) == TX_OK);
    unsetenv("TLSEXPLAIN_NO_CACHE");
    CHECK(parsed && jf && parsed->n == jf->n);
    for (unsigned i = 0; parsed && jf && i < parsed->n && i < jf->n; i++) {
        CHECK_INT(parsed->v[i].n, jf->v[i].n);
        for (unsigned k = 0; k < parsed->v[i].n && k < jf->v[i].n; k++) {
            CHECK_STR(parsed->v[i].kv[k].key, jf->v[i].kv[k].key);
            CHECK_STR(parsed->v[i].kv[k].val, jf->v[i].kv[k].val);
        }
    }
    txr_jdk_facts_free(parsed);
    CHECK_STR(txr_jdk_fact_get(jf, "tls13", "jdk8"), "261");
    CHECK_STR(txr_jdk_fact_get(jf, "cacerts-password", "value"), "changeit");
    CHECK_STR(txr_jdk_fact_get(jf, "cacerts-jre-layout", "value"), "jre/lib/security/cacerts");
    /* the engine follows the table */
    static const struct {
        int feature, update, tls13, tls10_off;
    } v[] = {{7, 80, 0, 0},     {8, 202, 0, 0},   {8, 260, 0, 0},   {8, 261, 1, 0},  {8, 291, 1, -1},
             {8, 292, 1, 1},    {11, 10, 1, 0},   {11, 11, 1, 1},   {17, 2, 1, 1},   {15, 0, 1, -1}};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        txr_jdk j;
        char why[96], since[48];
        memset(&j, 0, sizeof j);
        j.feature = v[i].feature;
        j.update = v[i].update;
        int lacks = txr_jdk_lacks_tls13(&j, jf, why, sizeof why);
        int off = txr_jdk_disables_tls10(&j, jf, since, sizeof since);
        if (lacks == v[i].tls13 || off != v[i].tls10_off)
            fprintf(stderr, "%s: Java %d update %d: lacks TLS 1.3 %d, TLS 1.0 off %d\n", __FILE__, v[i].feature,
                    v[i].update, lacks, off);
        CHECK_INT(lacks, !v[i].tls13);
        CHECK_INT(off, v[i].tls10_off);
    }
}

/* ---- facts drawn from a log (issue 12, point 1) ------------------------------------ */

static tx_analysis *analyse(const tx_ruleset *rs, const char *log)
{
    tx_analysis *a = NULL;
    if (tx_analysis_new(rs, NULL, "facts.log", &a) != TX_OK)
        return NULL;
    tx_analysis_feed(a, log, strlen(log));
    tx_analysis_finish(a);
    return a;
}

/* The variable of the first finding of rule id (NULL: no such finding or variable). */
static const char *var_of(const tx_analysis *a, const char *id, const char *name)
{
    for (unsigned i = 0; a && i < a->nfind; i++)
        if (strcmp(a->findings[i].rule->id, id) == 0)
            return txa_var_get(&a->findings[i], name);
    return NULL;
}

static char *step_of(const tx_analysis *a, const char *id, const char *needle)
{
    for (unsigned i = 0; a && i < a->nfind; i++) {
        const txa_finding *f = &a->findings[i];
        if (strcmp(f->rule->id, id) != 0)
            continue;
        for (unsigned k = 0; k < f->rule->nsteps; k++) {
            char *x = txa_render(a, f, f->rule->steps[k]);
            if (x && strstr(x, needle))
                return x;
            free(x);
        }
    }
    return NULL;
}

#define PKIX "javax.net.ssl.SSLHandshakeException: PKIX path building failed: " \
             "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path " \
             "to requested target\n"

static void facts_from_logs(const tx_ruleset *rs)
{
    /* the port of the URL the application names, not 443 */
    tx_analysis *a = analyse(rs, "2024-05-01 10:00:00,123 INFO  Calling https://api.example.com:8443/v1/orders\n" PKIX);
    CHECK_STR(var_of(a, "pkix-path-building-failed", "host"), "api.example.com");
    CHECK_STR(var_of(a, "pkix-path-building-failed", "port"), "8443");
    char *x = step_of(a, "pkix-path-building-failed", "s_client");
    CHECK(x && strstr(x, "-connect api.example.com:8443 "));
    free(x);
    tx_analysis_free(a);
    /* ... also from a line the exception does not follow, and the fact keeps its line */
    a = analyse(rs, "starting\nGET https://api.example.com:9443/x\nretrying\n" PKIX);
    CHECK_STR(var_of(a, "pkix-path-building-failed", "port"), "9443");
    CHECK_STR(var_of(a, "pkix-path-building-failed", "target_line"), "2");
    tx_analysis_free(a);
    /* an https URL without a port: 443 is what it says */
    a = analyse(rs, "[INFO] Connecting to https://h.example/\n" PKIX);
    CHECK_STR(var_of(a, "pkix-path-building-failed", "port"), "443");
    tx_analysis_free(a);
    /* two servers: neither is asserted */
    a = analyse(rs, "GET https://a.example:8443/x\nGET https://b.example:9443/y\nretrying\n" PKIX);
    CHECK(var_of(a, "pkix-path-building-failed", "host") == NULL);
    CHECK(var_of(a, "pkix-path-building-failed", "port") == NULL);
    tx_analysis_free(a);
    /* the truststore of the command line is the store the steps name */
    a = analyse(rs, "exec java -Djavax.net.ssl.trustStore=/opt/app/trust.jks -jar app.jar\n" PKIX);
    CHECK_STR(var_of(a, "pkix-path-building-failed", "truststore"), "/opt/app/trust.jks");
    CHECK_STR(var_of(a, "pkix-path-building-failed", "truststore_line"), "1");
    x = step_of(a, "pkix-path-building-failed", "-importcert");
    CHECK(x && strstr(x, "-keystore /opt/app/trust.jks -storepass <storepass>") && !strstr(x, "lib/security/cacerts"));
    free(x);
    tx_analysis_free(a);
    /* no truststore in the log: no path is asserted, the note says how to find it */
    a = analyse(rs, PKIX);
    CHECK(var_of(a, "pkix-path-building-failed", "truststore") == NULL);
    x = step_of(a, "pkix-path-building-failed", "-importcert");
    CHECK(x && strstr(x, "-keystore <truststore>") && strstr(x, "-Djavax.net.debug=ssl:trustmanager"));
    free(x);
    tx_analysis_free(a);
    /* Java 8 (a version line): cacerts under jre/, no TLS 1.3 before 8u261 */
    a = analyse(rs, "java.version = 1.8.0_202\njavax.net.ssl.SSLHandshakeException: Received fatal alert: protocol_version\n");
    CHECK_STR(var_of(a, "protocol-version-alert", "jdk"), "8");
    CHECK_STR(var_of(a, "protocol-version-alert", "jdk_line"), "1");
    CHECK_STR(var_of(a, "protocol-version-alert", "tls_protocols"), "TLSv1.2");
    x = NULL;
    for (unsigned i = 0; a && i < a->nfind && !x; i++)
        if (!strcmp(a->findings[i].rule->id, "protocol-version-alert"))
            x = txa_render(a, &a->findings[i], a->findings[i].rule->explain);
    CHECK(x && strstr(x, "This Java (1.8.0_202) still enables them by default (they are off from 8u291, OpenJDK 8u292)."));
    free(x);
    x = step_of(a, "protocol-version-alert", "jdk.tls.client.protocols=");
    CHECK(x && strstr(x, "-Djdk.tls.client.protocols=TLSv1.2`") && !strstr(x, "TLSv1.3,"));
    free(x);
    tx_analysis_free(a);
    /* Java 11 from the JRE's path: lib/security, TLS 1.3 may be suggested */
    a = analyse(rs, "trustStore is: /usr/lib/jvm/java-11-openjdk-amd64/lib/security/cacerts\n"
                    "javax.net.ssl.SSLHandshakeException: Received fatal alert: protocol_version\n");
    CHECK_STR(var_of(a, "protocol-version-alert", "jdk"), "11");
    CHECK_STR(var_of(a, "protocol-version-alert", "tls_protocols"), "TLSv1.3,TLSv1.2");
    tx_analysis_free(a);
    /* the legacy debug format: at most Java 8, the JRE's cacerts under jre/ */
    a = analyse(rs, "*** ClientHello, TLSv1.2\nmain, WRITE: TLSv1.2 Handshake, length = 200\n" PKIX);
    CHECK_STR(var_of(a, "pkix-path-building-failed", "jdk"), "8");
    x = step_of(a, "pkix-path-building-failed", "-importcert");
    CHECK(x && strstr(x, "`$JAVA_HOME/jre/lib/security/cacerts` on the Java 8 or older this log shows"));
    free(x);
    tx_analysis_free(a);
}

/* txi_line_marks' paste mark (16 bytes at a time, the last block overlapping) is set
 * exactly when a byte-wise look finds '&', 0xc2 or 0xe2: each of them at
 * every place of lines of 0 to 48 bytes, and lines without one. */
static void paste_marks(void)
{
    static const unsigned char marks[] = {'&', 0xc2, 0xe2};
    char buf[48];
    for (size_t n = 0; n <= sizeof buf; n++) {
        memset(buf, 'x', sizeof buf);
        for (size_t i = 0; i < n; i++)
            buf[i] = (char)('a' + i % 26); /* (and 0xc3, 0x26 + 0x80: near misses) */
        if (n > 3)
            buf[n / 2] = (char)0xc3;
        CHECK_INT(txi_line_marks(buf, n) & TXI_MARK_PASTE, 0);
        for (size_t m = 0; m < sizeof marks; m++)
            for (size_t at = 0; at < n; at++) {
                char keep = buf[at];
                buf[at] = (char)marks[m];
                if ((txi_line_marks(buf, n) & TXI_MARK_PASTE) == 0)
                    fprintf(stderr, "%s: mark 0x%02x at %zu of %zu bytes not seen\n", __FILE__, marks[m], at, n);
                CHECK_INT(txi_line_marks(buf, n) & TXI_MARK_PASTE, TXI_MARK_PASTE);
                CHECK_INT(txi_line_marks(buf, at) & TXI_MARK_PASTE, 0); /* (the bytes before it) */
                buf[at] = keep;
            }
    }
}

/* txi_line_marks against a byte-wise look: a paste mark's byte and a row's
 * "0: " (whole, cut by the line's end, near misses) at every place of lines
 * of 0 to 56 bytes, alone and together. */
static unsigned marks_ref(const char *s, size_t n)
{
    unsigned m = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '&' || c == 0xc2 || c == 0xe2)
            m |= TXI_MARK_PASTE;
        if (c == '0' && i + 2 < n && s[i + 1] == ':' && s[i + 2] == ' ')
            m |= TXI_MARK_ROW;
    }
    return m;
}

static void line_marks(void)
{
    static const char *const rows[] = {"0: ", "0:", "0", "1: ", "0:x", "0 :", "00: ", "10:00:00"};
    char buf[56];
    unsigned bad = 0;
    for (size_t n = 0; n <= sizeof buf; n++) {
        for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++)
            for (size_t at = 0; at <= n; at++)
                for (int paste = -1; paste < (int)n; paste += 7) {
                    for (size_t i = 0; i < n; i++)
                        buf[i] = (char)('a' + i % 26);
                    size_t k = strlen(rows[r]);
                    memcpy(buf + at, rows[r], at + k <= n ? k : n - at);
                    if (paste >= 0)
                        buf[paste] = (char)(paste % 2 ? 0xe2 : '&');
                    if (txi_line_marks(buf, n) != marks_ref(buf, n) && bad++ < 5)
                        fprintf(stderr, "%s: marks of '%s' at %zu (paste at %d) of %zu bytes: %u, want %u\n", __FILE__,
                                rows[r], at, paste, n, txi_line_marks(buf, n), marks_ref(buf, n));
                    CHECK_INT(txi_line_marks(buf, n), marks_ref(buf, n));
                }
    }
}

int main(void)
{
    paste_marks();
    line_marks();
    tx_compiler *c;
    tx_ruleset *rs = NULL;
    CHECK(tx_compiler_new(&c) == TX_OK);
    CHECK(tx_compiler_add_builtin(c) == TX_OK);
    CHECK(tx_compiler_add_path(c, "rules/contrib") == TX_OK);
    CHECK(tx_compiler_finish(c, &rs) == TX_OK);
    tx_compiler_free(c);
    if (!rs)
        TX_TEST_END();
    tx_analysis *a = NULL;
    CHECK(tx_analysis_new(rs, NULL, "holes", &a) == TX_OK);
    if (!a)
        TX_TEST_END();
    engine(a);
    jdk_sniff(rs->jdk);
    out_runs();
    jdk_table(rs->jdk);
    facts_from_logs(rs);
    txa_finding f;
    memset(&f, 0, sizeof f);
    unsigned nrules = 0;
    for (unsigned i = 0; i < rs->n; i++) {
        const txr_rule *r = rs->rules[i];
        f.rule = r;
        nrules++;
        free(a->profile);
        a->profile = NULL;
        if (r->explain)
            check_text(a, &f, r, r->explain);
        for (unsigned k = 0; k < r->nsteps; k++)
            check_text(a, &f, r, r->steps[k]);
        for (unsigned p = 0; p < r->nprofiles; p++) {
            free(a->profile);
            a->profile = strdup(r->profiles[p].profile);
            for (unsigned k = 0; k < r->profiles[p].nsteps; k++)
                check_text(a, &f, r, r->profiles[p].steps[k]);
            if (r->profiles[p].explain)
                check_text(a, &f, r, r->profiles[p].explain);
        }
    }
    free(a->profile);
    a->profile = NULL;
    set_facts(&f, java11, no_over, NULL, 0, 1);
    free(f.vars);
    if (nfail_report > 400)
        fprintf(stderr, "%s: ... and %d more texts\n", __FILE__, nfail_report - 400);
    printf("%s: %u rules, %u texts, %u renderings\n", __FILE__, nrules, texts, renders);
    tx_analysis_free(a);
    tx_ruleset_free(rs);
    TX_TEST_END();
}
