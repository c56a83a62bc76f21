/*
 * wrapper.c - the data application servers and HTTP clients put around a
 * TLS failure, as event fields: the untrusted signer, the peer's host and
 * port, the trust store the server's SSL configuration uses, the names a
 * certificate holds.
 *
 * Samples (the message texts of the products' catalogues; values ours):
 *
 *   CWPKI0022E: SSL HANDSHAKE FAILURE:  A signer with SubjectDN "CN=api.example.com, O=Ex" was sent from
 *     target host:port "api.example.com:443".  The signer may need to be added to local trust store
 *     "/opt/IBM/WebSphere/AppServer/profiles/AppSrv01/config/cells/c1/trust.p12" located in SSL
 *     configuration alias "NodeDefaultSSLSettings" ...  The extended error message from the SSL
 *     handshake exception is: "PKIX path building failed: ..."
 *   CWPKI0823E: SSL HANDSHAKE FAILURE:  A signer with SubjectDN CN=x was sent from the host x:443.
 *     The signer might need to be added to local trust store /srv/wlp/.../trust.p12, located in SSL
 *     configuration alias defaultSSLConfig. ...
 *   CWPKI0824E: SSL HANDSHAKE FAILURE:  Host name verification error while connecting to host x. ...
 *   <BEA-090477> <Certificate chain received from api.example.com - 10.0.0.5 was not trusted causing
 *     SSL handshake failure.>
 *   Certificate for <db.internal> doesn't match any of the subject alternative names: [a.example, b.example]
 *   Hostname db.internal not verified: ... subjectAltNames: [a.example, b.example]
 *   hostname in certificate didn't match: <db.internal> != <a.example> OR <a.example> OR <b.example>
 *
 * Each field is taken once per event; the first text that names it wins.
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "wrapper.h"

/* Does t hold one of the ASCII words w (lower-case, NULL-terminated),
 * ignoring case?  One pass: a place is compared only with the words that
 * start with its byte (folded by txi_lower, the C locale's tolower). */
static int has_any_ci(const char *t, size_t n, const char *const *w)
{
    uint64_t first[4] = {0, 0, 0, 0};
    for (int k = 0; w[k]; k++) {
        unsigned char c = (unsigned char)w[k][0];
        first[c >> 6] |= 1ull << (c & 63);
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = txi_lower[(unsigned char)t[i]];
        if (!((first[c >> 6] >> (c & 63)) & 1))
            continue;
        for (int k = 0; w[k]; k++) {
            if ((unsigned char)w[k][0] != c)
                continue;
            size_t len = strlen(w[k]), j = 1;
            if (len > n - i)
                continue;
            while (j < len && txi_lower[(unsigned char)t[i + j]] == (unsigned char)w[k][j])
                j++;
            if (j == len)
                return 1;
        }
    }
    return 0;
}

static int has_any(const char *t, size_t n, const char *const *w, int ci)
{
    if (ci)
        return has_any_ci(t, n, w);
    for (int i = 0; w[i]; i++)
        if (txi_memmem(t, n, w[i], strlen(w[i])) != NULL)
            return 1;
    return 0;
}

unsigned txi_store_text(const char *t, size_t n)
{
    /* the settings' own names (javax.net.ssl.keyStore, Kafka ssl.keystore.location,
       Spring server.ssl.key-store, MySQL clientCertificateKeyStoreUrl, pgjdbc sslkey/sslcert);
       Spring Boot's SSL bundles name the store they build ("Unable to create key store: ...",
       "... trust store: ...") */
    static const char *const key_ci[] = {"server socket", "serversocket", "key manager", "keymanager", "key-store",
                                         "create key store", NULL};
    static const char *const key_cs[] = {"javax.net.ssl.keyStore", "ssl.keystore.", "clientCertificateKeyStore", "sslkey", "sslcert", NULL};
    static const char *const trust_ci[] = {"trust manager", "trustmanager", "truststore", "trust store", "trust-store", "cacerts", NULL};
    static const char *const trust_cs[] = {"trustCertificateKeyStore", "sslrootcert", NULL};
    unsigned b = 0;
    if (has_any(t, n, key_ci, 1) || has_any(t, n, key_cs, 0))
        b |= TXI_STORE_KEY;
    if (has_any(t, n, trust_ci, 1) || has_any(t, n, trust_cs, 0))
        b |= TXI_STORE_TRUST;
    return b;
}

unsigned txi_store_frame_hint(const char *t, size_t n)
{
    /* a server connector's TLS set-up (Tomcat's JSSE endpoints): it always loads its key
       store, a trust store only when client certificates are configured */
    return SV_FIND(t, n, "AbstractJsseEndpoint.") ? TXI_STORE_KEY : 0;
}

/* One word of a store file's base name, compared without case. */
static int name_word(const char *w, size_t n, const char *lit)
{
    return n == strlen(lit) && txi_strncaseeq(w, lit, n);
}

/* The role the conventional name of a PEM (or DER) file gives it, e the offset of its
 * extension: a CA bundle's names ("ca.crt", "ca-bundle.pem", "rootCA.pem",
 * "truststore.pem", "cacert.pem") say trust, and win over any other word ("client-ca.pem",
 * "ca-cert.pem" are CA files); a private key file (".key", always) and the usual names of this
 * side's own certificate ("server.crt", "tls.crt", "client.pem", "fullchain.pem",
 * "xxxx-certificate.pem.crt", "privkey.pem") say key.  Anything else says nothing. */
static unsigned pem_by_name(const char *b, size_t n, size_t e)
{
    static const char *const pem_ext[] = {"pem", "crt", "cer", "cert", "der", "key", NULL};
    static const char *const trust_w[] = {"ca", "cas", "cacert", "cacerts", "bundle", "root", "rootca", "roots",
                                          "trust", "trusted", "truststore", "anchors", NULL};
    static const char *const key_w[] = {"server", "client", "tls", "cert", "certificate", "fullchain", "node",
                                        "host", "localhost", "leaf", "identity", "key", "private", "privkey",
                                        "keystore", NULL};
    int known = 0;
    for (int k = 0; pem_ext[k]; k++)
        if (name_word(b + e, n - e, pem_ext[k]))
            known = 1;
    if (!known)
        return 0;
    /* a private key is this side's own, whatever else the name says ("ca.key" signs,
       it is trusted by no one) */
    if (name_word(b + e, n - e, "key"))
        return TXI_STORE_KEY;
    int trust = 0, key = 0;
    for (size_t i = 0; i + 1 < e;) {
        size_t j = i;
        while (j + 1 < e && b[j] != '.' && b[j] != '-' && b[j] != '_')
            j++;
        for (int k = 0; trust_w[k]; k++)
            trust |= name_word(b + i, j - i, trust_w[k]);
        for (int k = 0; key_w[k]; k++)
            key |= name_word(b + i, j - i, key_w[k]);
        i = j + 1;
    }
    return trust ? TXI_STORE_TRUST : key ? TXI_STORE_KEY : 0;
}

/* The role the conventional name of a store file gives it: the products' own
 * documented names ("kafka.client.keystore.jks" / "kafka.client.truststore.jks",
 * Liberty's key.p12 / trust.p12, Tomcat's ".keystore" and "localhost-rsa.jks",
 * WebLogic's "...Identity.jks" / "...Trust.jks", the JDK's cacerts / jssecacerts,
 * CAS's "thekeystore").  The base name is cut into words at '.', '-' and '_';
 * only names ending in a store extension are read, and names without an
 * extension that end in "keystore" or "truststore". */
static unsigned store_by_name(const char *b, size_t n, int in_path)
{
    static const char *const ext[] = {"jks", "p12", "pfx", "pkcs12", "keystore", "truststore", "bcfks", NULL};
    /* a file without an extension (a path names it: the word alone is no file) that
       ends in the word ("/etc/cas/thekeystore", CAS's default; "conf/client-truststore") */
    if (in_path && n >= 8 && !memchr(b, '.', n)) {
        if (n >= 10 && name_word(b + n - 10, 10, "truststore"))
            return TXI_STORE_TRUST;
        return name_word(b + n - 8, 8, "keystore") ? TXI_STORE_KEY : 0;
    }
    size_t e = n;
    while (e > 0 && b[e - 1] != '.')
        e--;
    if (e == 0)
        return 0;
    int store_ext = 0;
    for (int k = 0; ext[k]; k++)
        if (name_word(b + e, n - e, ext[k]))
            store_ext = 1;
    if (!store_ext)
        return pem_by_name(b, n, e);
    unsigned bits = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && b[j] != '.' && b[j] != '-' && b[j] != '_')
            j++;
        const char *w = b + i;
        size_t wn = j - i;
        /* "FooIdentity" / "FooTrust" (WebLogic's DemoIdentity.jks, DemoTrust.jks) */
        size_t tail_id = wn >= 8 ? wn - 8 : 0, tail_tr = wn >= 5 ? wn - 5 : 0;
        if (name_word(w, wn, "keystore") || name_word(w, wn, "key") || name_word(w, wn, "keys") ||
            name_word(w, wn, "identity") || (wn > 8 && name_word(w + tail_id, 8, "identity")))
            bits |= TXI_STORE_KEY;
        if (name_word(w, wn, "truststore") || name_word(w, wn, "trust") || name_word(w, wn, "cacerts") ||
            name_word(w, wn, "jssecacerts") || (wn > 5 && name_word(w + tail_tr, 5, "trust")))
            bits |= TXI_STORE_TRUST;
        i = j + 1;
    }
    /* "localhost-rsa" is cut at its '-': look at the whole name too */
    if (n >= 13 && name_word(b, 13, "localhost-rsa"))
        bits |= TXI_STORE_KEY;
    return bits;
}

unsigned txi_store_name(const char *t, size_t n)
{
    unsigned bits = 0;
    /* each run of path characters ending in a store extension: its base name */
    for (size_t i = 0; i < n;) {
        while (i < n && (isspace((unsigned char)t[i]) || strchr("[]()<>'\"=,;", t[i])))
            i++;
        size_t j = i;
        while (j < n && !isspace((unsigned char)t[j]) && !strchr("[]()<>'\"=,;", t[j]))
            j++;
        size_t k = j;
        while (k > i && t[k - 1] != '/' && t[k - 1] != '\\' && t[k - 1] != ':')
            k--;
        size_t m = j;
        while (m > k && (t[m - 1] == '.' || t[m - 1] == ','))
            m--;
        if (m > k)
            bits |= store_by_name(t + k, m - k, k > i);
        i = j;
    }
    return bits;
}

unsigned txi_store_frame(const char *t, size_t n)
{
    if (!SV_FIND(t, n, "anager") && !SV_FIND(t, n, "ServerSocket") && !SV_FIND(t, n, "TrustStore") &&
        !SV_FIND(t, n, "SslContextFactory.loadKeyStore"))
        return 0;
    /* Builder.keyManager / Builder.trustManager: the PEM-file setters of Netty's
       SslContextBuilder and gRPC's TlsChannelCredentials/TlsServerCredentials builders;
       an application's own keyManagerFactory() / trustManagers() methods likewise */
    static const char *const key[] = {"getKeyManagers", "KeyManagerFactory", "SSLServerSocket", "createServerSocket",
                                      "keyManager", "SslContextFactory.loadKeyStore", NULL};
    /* (Jetty's SslContextFactory.loadKeyStore loads its key store; a bare "loadKeyStore"
       is no evidence, below) */
    /* loadTrustStore / getTrustStore: Jetty's SslContextFactory and Tomcat's SSLUtilBase
       load the trust store by these names (a "loadKeyStore" frame is no evidence: the
       JDK's own TrustStoreManager loads cacerts through one) */
    static const char *const trust[] = {"getTrustManagers", "TrustManagerFactory", "TrustStoreManager",
                                        "trustManager", "loadTrustStore", "getTrustStore", NULL};
    /* a product's own method that makes the managers, whatever its capitals
       ("SSLUtil.createTrustmanager", "initKeymanagers"): not the managers' own
       frames (X509TrustManagerImpl.checkServerTrusted is in every PKIX trace) */
    static const char *const key_ci[] = {"createkeymanager", "initkeymanager", "buildkeymanager", "newkeymanager", NULL};
    static const char *const trust_ci[] = {"createtrustmanager", "inittrustmanager", "buildtrustmanager",
                                           "newtrustmanager", NULL};
    return (has_any(t, n, key, 0) || has_any(t, n, key_ci, 1) ? TXI_STORE_KEY : 0) |
           (has_any(t, n, trust, 0) || has_any(t, n, trust_ci, 1) ? TXI_STORE_TRUST : 0);
}

void txi_store_hint_field(txi_parser *p, txi_event *e, unsigned bits)
{
    if (e && (bits == TXI_STORE_KEY || bits == TXI_STORE_TRUST) && !txi_ev_get(e, TXF_STORE) &&
        !txi_ev_get(e, TXF_STORE_HINT))
        txi_emit_field(p, e, TXF_STORE_HINT, bits == TXI_STORE_KEY ? "key" : "trust", bits == TXI_STORE_KEY ? 3 : 5,
                       NULL);
}

void txi_store_field(txi_parser *p, txi_event *e, unsigned bits)
{
    if (e && (bits == TXI_STORE_KEY || bits == TXI_STORE_TRUST) && !txi_ev_get(e, TXF_STORE))
        txi_emit_field(p, e, TXF_STORE, bits == TXI_STORE_KEY ? "key" : "trust", bits == TXI_STORE_KEY ? 3 : 5, NULL);
}

void txi_store_of_text(txi_parser *p, txi_event *e, const char *t, size_t n)
{
    unsigned b = txi_store_text(t, n);
    txi_store_field(p, e, b);
    if (!b)
        txi_store_hint_field(p, e, txi_store_name(t, n));
}

static int host_char(char c) { return isalnum((unsigned char)c) || c == '.' || c == '-' || c == '_' || c == '*'; }

/* A value after key: "quoted" (to the closing quote) or bare up to one of
 * the stops (or the end). */
static txi_sv value_after(const char *q, const char *end, const char *const *stops)
{
    while (q < end && *q == ' ')
        q++;
    if (q < end && (*q == '"' || *q == '\'')) {
        const char *c = memchr(q + 1, *q, (size_t)(end - q - 1));
        return txi_sv_make(q + 1, c ? (size_t)(c - q - 1) : 0);
    }
    const char *e = end;
    for (int i = 0; stops[i]; i++) {
        const char *s = txi_memmem(q, (size_t)(e - q), stops[i], strlen(stops[i]));
        if (s)
            e = s;
    }
    txi_sv v = txi_sv_trim(txi_sv_make(q, (size_t)(e - q)));
    while (v.n && (v.p[v.n - 1] == '.' || v.p[v.n - 1] == ','))
        v.n--;
    return v;
}

static void field_once(txi_parser *p, txi_event *e, int id, txi_sv v, const txi_linectx *l)
{
    if (v.n && !txi_ev_get(e, id))
        txi_emit_field(p, e, id, v.p, v.n, l);
}

/* "host:443" or "host" at the start of v */
static void host_port(txi_parser *p, txi_event *e, txi_sv v, const txi_linectx *l)
{
    const char *q = v.p, *end = v.p + v.n;
    while (q < end && host_char(*q))
        q++;
    txi_sv h = txi_sv_make(v.p, (size_t)(q - v.p));
    if (!h.n || txi_ev_get(e, TXF_HOST))
        return;
    txi_emit_field(p, e, TXF_HOST, h.p, h.n, l);
    if (q + 1 < end && *q == ':' && isdigit((unsigned char)q[1])) {
        const char *d = ++q;
        while (q < end && isdigit((unsigned char)*q) && q - d < 5)
            q++;
        field_once(p, e, TXF_PORT, txi_sv_make(d, (size_t)(q - d)), l);
    }
}

/* "[a.example, b.example]" at q: each name as a DNS: (or IP:) san item */
static void san_list(txi_parser *p, txi_event *e, const char *q, const char *end, const txi_linectx *l)
{
    while (q < end && *q == ' ')
        q++;
    if (q >= end || *q != '[' || txi_ev_get(e, TXF_SAN))
        return;
    const char *rb = memchr(q, ']', (size_t)(end - q));
    if (!rb)
        rb = end;
    for (const char *a = q + 1; a < rb;) {
        const char *c = memchr(a, ',', (size_t)(rb - a));
        const char *ce = c ? c : rb;
        txi_sv name = txi_sv_trim(txi_sv_make(a, (size_t)(ce - a)));
        if (name.n && name.n < 256) {
            int ip = txi_is_ip_address(name.p, name.n);
            txi_emit_fieldf(p, e, TXF_SAN, l, "%s:%.*s", ip ? "IP" : "DNS", (int)name.n, name.p);
        }
        a = ce + 1;
    }
}

/* " != <a.example> OR <b.example>" at q: each distinct name as a san item */
static void old_verifier_names(txi_parser *p, txi_event *e, const char *q, const char *end, const txi_linectx *l)
{
    if (txi_ev_get(e, TXF_SAN) || end - q < 5 || memcmp(q, " != <", 5) != 0)
        return;
    txi_sv seen[8];
    size_t nseen = 0;
    for (const char *a = q + 4; a < end && *a == '<' && nseen < sizeof seen / sizeof seen[0];) {
        const char *gt = memchr(a + 1, '>', (size_t)(end - a - 1));
        if (!gt)
            break;
        txi_sv name = txi_sv_trim(txi_sv_make(a + 1, (size_t)(gt - a - 1)));
        int dup = 0;
        for (size_t i = 0; i < nseen; i++)
            dup |= seen[i].n == name.n && memcmp(seen[i].p, name.p, name.n) == 0;
        if (name.n && name.n < 256 && !dup) {
            seen[nseen++] = name;
            int ip = txi_is_ip_address(name.p, name.n);
            txi_emit_fieldf(p, e, TXF_SAN, l, "%s:%.*s", ip ? "IP" : "DNS", (int)name.n, name.p);
        }
        a = gt + 1;
        if (end - a >= 5 && memcmp(a, " OR <", 5) == 0)
            a += 4;
        else
            break;
    }
}

void txi_wrapper_fields(txi_parser *p, txi_event *e, const char *t, size_t n, const txi_linectx *l)
{
    if (!e || !n)
        return;
    const char *end = t + n, *q;
    static const char *const dn_stops[] = {" was sent", NULL};
    static const char *const hp_stops[] = {". ", " ", NULL};
    static const char *const path_stops[] = {", located", " located", ". ", NULL};

    /* WebSphere / Liberty CWPKI */
    if ((q = SV_FIND(t, n, "SubjectDN ")) != NULL)
        field_once(p, e, TXF_SUBJECT, value_after(q + 10, end, dn_stops), l);
    if ((q = SV_FIND(t, n, "host:port ")) != NULL)
        host_port(p, e, value_after(q + 10, end, hp_stops), l);
    else if ((q = SV_FIND(t, n, "sent from the host ")) != NULL)
        host_port(p, e, value_after(q + 19, end, hp_stops), l);
    else if ((q = SV_FIND(t, n, "while connecting to host ")) != NULL)
        host_port(p, e, value_after(q + 25, end, hp_stops), l);
    if ((q = SV_FIND(t, n, "local trust store ")) != NULL)
        field_once(p, e, TXF_PATH, value_after(q + 18, end, path_stops), l);

    /* WebLogic "Certificate chain received from host - 1.2.3.4 ...", "alert was received from host - ip" */
    if ((q = SV_FIND(t, n, " received from ")) != NULL) {
        const char *h = q + 15;
        const char *dash = SV_FIND(h, (size_t)(end - h), " - ");
        if (dash && dash - h < 256)
            host_port(p, e, txi_sv_make(h, (size_t)(dash - h)), l);
    }

    /* HTTP clients' host-name verifiers list the certificate's names */
    if ((q = SV_FIND(t, n, "subject alternative names:")) != NULL)
        san_list(p, e, q + 26, end, l);
    else if ((q = SV_FIND(t, n, "subjectAltNames:")) != NULL)
        san_list(p, e, q + 16, end, l);
    if ((q = SV_FIND(t, n, "didn't match: <")) != NULL) {
        /* Apache HttpClient before 4.4: "<host> != <cn> OR <san> OR <san>" */
        const char *h = q + 15, *gt = memchr(h, '>', (size_t)(end - h));
        if (gt) {
            host_port(p, e, txi_sv_make(h, (size_t)(gt - h)), l);
            old_verifier_names(p, e, gt + 1, end, l);
        }
    } else if ((q = SV_FIND(t, n, "Certificate for <")) != NULL) {
        const char *h = q + 17, *gt = memchr(h, '>', (size_t)(end - h));
        if (gt)
            host_port(p, e, txi_sv_make(h, (size_t)(gt - h)), l);
    } else if ((q = SV_FIND(t, n, "Hostname ")) != NULL && SV_FIND(q, (size_t)(end - q), " not verified")) {
        host_port(p, e, txi_sv_make(q + 9, (size_t)(end - q - 9)), l);
    }
}
