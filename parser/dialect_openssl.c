/*
 * dialect_openssl.c - what `openssl s_client -showcerts`, `openssl x509
 * -text -noout` (and `x509 -noout -subject -issuer -dates`, `openssl
 * verify`) print, OpenSSL 1.0 to 3.x.
 *
 * Samples (s_client: its stderr - depth/verify lines - usually comes
 * first, then its stdout):
 *
 *   depth=1 C = GB, O = Northwind Payments Ltd, CN = Northwind Payments TLS Issuing CA 1
 *   verify error:num=20:unable to get local issuer certificate
 *   verify return:1
 *   4057490A817F0000:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:../ssl/record/rec_layer_s3.c:1601:SSL alert number 40
 *   CONNECTED(00000003)
 *   ---
 *   Certificate chain
 *    0 s:C = GB, L = London, O = Northwind Payments Ltd, CN = api.northwind-payments.example
 *      i:C = GB, O = Northwind Payments Ltd, OU = Security Engineering, CN = Northwind Payments TLS Issuing CA 1
 *      a:PKEY: rsaEncryption, 2048 (bit); sigalg: RSA-SHA256
 *      v:NotBefore: Oct 28 03:48:46 2026 GMT; NotAfter: Oct 28 03:48:46 2027 GMT
 *   -----BEGIN CERTIFICATE-----
 *   MIIDwzCCAqugAwIBAgIUV/TUhF2ArnixepdXfyAj40W7YvYwDQYJKoZIhvcNAQEL
 *   -----END CERTIFICATE-----
 *   Acceptable client certificate CA names
 *   C = GB, O = Northwind Payments Ltd, CN = Northwind Payments Client Auth CA
 *   New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384
 *   SSL-Session:
 *       Protocol  : TLSv1.3
 *       Start Time: 1795751422
 *       Verify return code: 21 (unable to verify the first certificate)
 *   DONE
 *
 *   Certificate:
 *       Data:
 *           Serial Number:
 *               57:f4:d4:84:5d:80:ae:78:b1:7a:97:57:7f:20:23:e3:45:bb:62:f6
 *           Signature Algorithm: sha256WithRSAEncryption
 *           Issuer: C = US, O = Initech LLC, CN = Initech Legacy Issuing CA
 *               Not After : Oct 28 03:48:46 2027 GMT
 *                   Public-Key: (2048 bit)
 *               X509v3 Basic Constraints: critical
 *                   CA:TRUE, pathlen:0
 *               X509v3 Subject Alternative Name:
 *                   DNS:tps.initech.example, IP Address:10.0.0.5
 *
 * Grammar (a run is one s_client invocation; an x509 block one certificate):
 *
 *   run      = { verifyln | errorln | "CONNECTED(" fd ")" | "---" | chain | canames
 *               | "New, " version ", Cipher is " cipher | session | other-known } ["DONE"]
 *   verifyln = "depth=" N " " dn | "verify error:num=" N ":" text | "verify return:" N
 *              | ("notBefore=" | "notAfter=") time
 *   errorln  = hex ":error:" hex ":" lib ":" [func] ":" reason ":" file ":" line ":" [data]
 *              -- reason "... alert <name>" with data "SSL alert number N" is a received alert
 *   chain    = "Certificate chain" { " " N " s:" dn  "   i:" dn  ["   a:PKEY: " alg ", " bits " (bit); sigalg: " sig]
 *              ["   v:NotBefore: " time "; NotAfter: " time] [pem] }
 *   pem      = "-----BEGIN " label "-----" { base64 } "-----END " label "-----"
 *   session  = "SSL-Session:" { indented "key : value" }   -- "Start Time" (epoch) dates the run,
 *              "Verify return code: " N " (" text ")" is the verdict of OpenSSL's own check
 *   x509     = "Certificate:" { indented line }           -- keys as in the sample
 *
 * Events.  An s_client run opens a "connection" (dialect openssl) and
 * holds: "certificate" events (source server, position N) for the chain,
 * a "handshake" CertificateRequest when the server listed acceptable CA
 * names, "notice" events of level "verify" (value = OpenSSL's verify
 * number, text, and position = depth for a per-certificate error),
 * "alert" events for alerts the server sent, one "exception" (class
 * openssl) for the first other error, and a "negotiated" event with the
 * version and cipher, marked connected only when OpenSSL's own
 * verification passed (code 0): a chain OpenSSL could not verify is not a
 * success we can vouch for.  An x509 block yields one "certificate"
 * (source server; positions count up within the file).
 *
 * Distinguished names are rewritten in Java's order ("CN=..., O=..., C=..")
 * and algorithms in Java's names, so that they compare with truststore
 * listings and JSSE logs.
 *
 * Cost: a line outside a run costs a switch on its first byte; PEM
 * bodies, hex dumps and moduli are skipped after two byte checks.  The
 * dialect holds the open block for the length of a run, so other
 * dialects never see its lines; the first line that is not OpenSSL's
 * ends the run and is dispatched anew.  No allocation.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect.h"
#include "dialect_tools.h"

enum mode { M_NONE, M_SCLIENT, M_X509, M_SHORT, M_VERIFY };
enum section { S_NONE, S_CHAIN, S_CANAMES, S_SESSION };
enum xnext { X_NONE, X_SERIAL, X_BC, X_KU, X_EKU, X_SAN };

typedef struct {
    enum mode mode;
    enum section section;
    int pem;               /* inside a PEM block */
    int connected;         /* CONNECTED( seen in this run */
    int chain;             /* a chain was listed in this run */
    int depth;             /* the last depth= line */
    char depth_dn[1024];
    int verify_done;       /* the final verify result was filed */
    int error_done;        /* the run's exception was filed */
    int certreq_done;
    /* "New, TLSv1.3, Cipher is X": filed with the verify result */
    int have_nego;
    char nego_line[TX_MAX_EVIDENCE_LINE];
    size_t nego_n;
    uint64_t nego_no;
    char version[32], cipher[128];
    /* the certificate being read (s_client chain or x509 block) */
    txi_event *cert;
    int x509_pos;          /* positions of x509 blocks in this file */
    enum xnext xnext;
    int sig_seen;
} ostate;

static ostate *st(txi_parser *p) { return txi_parser_state(p, TXI_DIALECT_OPENSSL); }

/* ---- shared helpers (dialect_tools.h) ------------------------------------------ */

static int is_blank(char c) { return c == ' ' || c == '\t'; }

/* Append s[0..n) to out at *o, within cap (always leaves room for NUL). */
static void put(char *out, size_t cap, size_t *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n && *o + 1 < cap; i++)
        out[(*o)++] = s[i];
}

/* One RDN "key = value" or "key=value" appended in Java form. */
static void put_rdn(char *out, size_t cap, size_t *o, const char *s, size_t n)
{
    txi_sv r = txi_sv_trim(txi_sv_make(s, n));
    const char *eq = memchr(r.p, '=', r.n);
    if (!eq) {
        put(out, cap, o, r.p, r.n);
        return;
    }
    txi_sv k = txi_sv_trim(txi_sv_make(r.p, (size_t)(eq - r.p)));
    txi_sv v = txi_sv_trim(txi_sv_make(eq + 1, (size_t)(r.p + r.n - eq - 1)));
    if (SV_EQ(k.p, k.n, "emailAddress"))
        k = txi_sv_make("EMAILADDRESS", 12);
    else if (SV_EQ(k.p, k.n, "serialNumber"))
        k = txi_sv_make("SERIALNUMBER", 12);
    put(out, cap, o, k.p, k.n);
    put(out, cap, o, "=", 1);
    int quoted = v.n >= 2 && v.p[0] == '"' && v.p[v.n - 1] == '"';
    int needq = 0;
    for (size_t i = 0; !quoted && i < v.n; i++)
        if (v.p[i] == ',' || v.p[i] == '+' || v.p[i] == ';')
            needq = 1;
    if (needq)
        put(out, cap, o, "\"", 1);
    for (size_t i = 0; i < v.n; i++) {
        if (!quoted && v.p[i] == '\\' && i + 1 < v.n) /* RFC 2253 escape */
            i++;
        put(out, cap, o, v.p + i, 1);
    }
    if (needq)
        put(out, cap, o, "\"", 1);
}

size_t txi_tool_dn(const char *in, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    if (!cap)
        return 0;
    txi_sv d = txi_sv_trim(txi_sv_make(in, n));
    /* split into RDNs (at most 32), respecting quotes and escapes */
    const char *start[32], *end[32];
    unsigned k = 0;
    char sep = ',';
    if (d.n && d.p[0] == '/') {
        sep = '/';
        d.p++;
        d.n--;
    } else {
        int q = 0;
        for (size_t i = 0; i < d.n; i++) {
            if (d.p[i] == '"')
                q = !q;
            else if (d.p[i] == '\\')
                i++;
            else if (!q && d.p[i] == ';' && i + 1 < d.n && d.p[i + 1] == ' ') {
                sep = ';';
                break;
            }
        }
    }
    const char *s = d.p, *e = d.p + d.n;
    int q = 0;
    for (const char *c = d.p; c <= e && k < 32; c++) {
        if (c < e && *c == '"') {
            q = !q;
        } else if (c < e && *c == '\\' && c + 1 < e) {
            c++;
        } else if (c == e || (!q && *c == sep && (sep == '/' ? c + 1 < e && memchr(c + 1, '=', (size_t)(e - c - 1)) != NULL : 1))) {
            if (c > s) {
                start[k] = s;
                end[k] = c;
                k++;
            }
            s = c + 1;
        }
    }
    for (unsigned i = k; i-- > 0;) {
        put_rdn(out, cap, &o, start[i], (size_t)(end[i] - start[i]));
        if (i)
            put(out, cap, &o, ", ", 2);
    }
    out[o] = '\0';
    return o;
}

/* snprintf into out, returning what was written (never more than cap - 1). */
static size_t put_str(char *out, size_t cap, const char *s, size_t n)
{
    if (!cap)
        return 0;
    if (n >= cap)
        n = cap - 1;
    memcpy(out, s, n);
    out[n] = '\0';
    return n;
}

static int lower_eq(const char *a, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    return n == k && txi_strncaseeq(a, lit, k);
}

size_t txi_tool_sigalg(const char *in, size_t n, char *out, size_t cap)
{
    static const struct { const char *in, *out; } names[] = {
        {"RSA-SHA256", "SHA256withRSA"},        {"sha256WithRSAEncryption", "SHA256withRSA"},
        {"RSA-SHA384", "SHA384withRSA"},        {"sha384WithRSAEncryption", "SHA384withRSA"},
        {"RSA-SHA512", "SHA512withRSA"},        {"sha512WithRSAEncryption", "SHA512withRSA"},
        {"RSA-SHA224", "SHA224withRSA"},        {"sha224WithRSAEncryption", "SHA224withRSA"},
        {"RSA-SHA1", "SHA1withRSA"},            {"sha1WithRSAEncryption", "SHA1withRSA"},
        {"RSA-MD5", "MD5withRSA"},              {"md5WithRSAEncryption", "MD5withRSA"},
        {"RSA-MD2", "MD2withRSA"},              {"md2WithRSAEncryption", "MD2withRSA"},
        {"ecdsa-with-SHA256", "SHA256withECDSA"}, {"ecdsa-with-SHA384", "SHA384withECDSA"},
        {"ecdsa-with-SHA512", "SHA512withECDSA"}, {"ecdsa-with-SHA224", "SHA224withECDSA"},
        {"ecdsa-with-SHA1", "SHA1withECDSA"},   {"RSA-PSS", "RSASSA-PSS"},
        {"rsassaPss", "RSASSA-PSS"},            {"RSASSA-PSS", "RSASSA-PSS"},
        {"ED25519", "Ed25519"},                 {"ED448", "Ed448"},
        {"dsa_with_SHA256", "SHA256withDSA"},   {"dsaWithSHA1", "SHA1withDSA"},
        {"DSA-SHA1", "SHA1withDSA"},
    };
    txi_sv v = txi_sv_trim(txi_sv_make(in, n));
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (lower_eq(v.p, v.n, names[i].in))
            return put_str(out, cap, names[i].out, strlen(names[i].out));
    return put_str(out, cap, v.p, v.n);
}

size_t txi_tool_keyalg(const char *in, size_t n, char *out, size_t cap)
{
    static const struct { const char *in, *out; } names[] = {
        {"rsaEncryption", "RSA"}, {"id-ecPublicKey", "EC"},    {"dsaEncryption", "DSA"},
        {"ED25519", "Ed25519"},   {"ED448", "Ed448"},          {"rsassaPss", "RSASSA-PSS"},
        {"RSASSA-PSS", "RSASSA-PSS"}, {"RSA", "RSA"},          {"EC", "EC"},
    };
    txi_sv v = txi_sv_trim(txi_sv_make(in, n));
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (lower_eq(v.p, v.n, names[i].in))
            return put_str(out, cap, names[i].out, strlen(names[i].out));
    return put_str(out, cap, v.p, v.n);
}

/* OpenSSL's verify texts (X509_verify_cert_error_string) and their numbers. */
static const struct {
    const char *text;
    int code;
} verify_texts[] = {
    {"ok", 0}, /* first: never a prefix */
    {"unable to get issuer certificate", 2},
    {"unable to get certificate CRL", 3},
    {"certificate signature failure", 7},
    {"certificate is not yet valid", 9},
    {"certificate has expired", 10},
    {"CRL has expired", 12},
    {"self-signed certificate", 18},
    {"self signed certificate", 18},
    {"self-signed certificate in certificate chain", 19},
    {"self signed certificate in certificate chain", 19},
    {"unable to get local issuer certificate", 20},
    {"unable to verify the first certificate", 21},
    {"certificate chain too long", 22},
    {"certificate revoked", 23},
    {"invalid CA certificate", 24},
    {"path length constraint exceeded", 25},
    {"unsupported certificate purpose", 26},
    {"unsuitable certificate purpose", 26},
    {"certificate not trusted", 27},
    {"certificate rejected", 28},
    {"Hostname mismatch", 62},
    {"IP address mismatch", 64},
    {"EE certificate key too weak", 66},
    {"CA certificate key too weak", 67},
    {"CA signature digest algorithm too weak", 68},
};
#define N_VERIFY_TEXTS (sizeof verify_texts / sizeof verify_texts[0])

int txi_tool_verify_code(const char *msg, size_t n)
{
    txi_sv v = txi_sv_trim(txi_sv_make(msg, n));
    for (size_t i = 0; i < N_VERIFY_TEXTS; i++)
        if (lower_eq(v.p, v.n, verify_texts[i].text))
            return verify_texts[i].code;
    return -1;
}

int txi_tool_verify_prefix(const char *msg, size_t n, size_t *len)
{
    /* the longest text msg starts with, ending at a byte that is no part of a word */
    size_t best = 0;
    int code = -1;
    for (size_t i = 1; i < N_VERIFY_TEXTS; i++) {
        size_t k = strlen(verify_texts[i].text);
        if (k > best && k <= n && memcmp(msg, verify_texts[i].text, k) == 0 &&
            (k == n || !(isalnum((unsigned char)msg[k]) || msg[k] == '_' || msg[k] == '-'))) {
            best = k;
            code = verify_texts[i].code;
        }
    }
    *len = best;
    return code;
}

static const struct { int code; const char *name; } alerts[] = {
    {0, "close_notify"},          {10, "unexpected_message"},     {20, "bad_record_mac"},
    {21, "decryption_failed"},    {22, "record_overflow"},        {30, "decompression_failure"},
    {40, "handshake_failure"},    {41, "no_certificate"},         {42, "bad_certificate"},
    {43, "unsupported_certificate"}, {44, "certificate_revoked"}, {45, "certificate_expired"},
    {46, "certificate_unknown"},  {47, "illegal_parameter"},      {48, "unknown_ca"},
    {49, "access_denied"},        {50, "decode_error"},           {51, "decrypt_error"},
    {60, "export_restriction"},   {70, "protocol_version"},       {71, "insufficient_security"},
    {80, "internal_error"},       {86, "inappropriate_fallback"}, {90, "user_canceled"},
    {100, "no_renegotiation"},    {109, "missing_extension"},     {110, "unsupported_extension"},
    {111, "certificate_unobtainable"}, {112, "unrecognized_name"}, {113, "bad_certificate_status_response"},
    {114, "bad_certificate_hash_value"}, {115, "unknown_psk_identity"}, {116, "certificate_required"},
    {120, "no_application_protocol"},
};

const char *txi_tool_alert_name(int code)
{
    for (size_t i = 0; i < sizeof alerts / sizeof alerts[0]; i++)
        if (alerts[i].code == code)
            return alerts[i].name;
    return NULL;
}

size_t txi_tool_alert_text(const char *in, size_t n, char *out, size_t cap)
{
    char buf[64];
    txi_sv v = txi_sv_trim(txi_sv_make(in, n));
    if (!v.n || v.n >= sizeof buf || !cap)
        return 0;
    for (size_t i = 0; i < v.n; i++)
        buf[i] = v.p[i] == ' ' || v.p[i] == '-' ? '_' : (char)tolower((unsigned char)v.p[i]);
    buf[v.n] = '\0';
    for (size_t i = 0; i < sizeof alerts / sizeof alerts[0]; i++)
        if (strcmp(buf, alerts[i].name) == 0)
            return put_str(out, cap, alerts[i].name, strlen(alerts[i].name));
    return 0;
}

void txi_tool_verify_notice(txi_parser *p, const txi_linectx *l, int code, const char *msg, size_t n, int depth,
                            const char *subject, const char *thread)
{
    txi_event *e = txi_emit_begin(p, TXE_NOTICE, l);
    txi_emit_field(p, e, TXF_LEVEL, "verify", 6, l);
    if (code >= 0)
        txi_emit_fieldf(p, e, TXF_VALUE, l, "%d", code);
    txi_emit_field(p, e, TXF_TEXT, msg, n, l);
    if (depth >= 0)
        txi_emit_fieldf(p, e, TXF_POSITION, l, "%d", depth);
    if (subject && *subject)
        txi_emit_field(p, e, TXF_SUBJECT, subject, strlen(subject), NULL);
    txi_emit_end(p, e, thread, thread ? strlen(thread) : 0);
}

/* ---- certificates ---------------------------------------------------------------- */

static void dn_field(txi_parser *p, txi_event *e, int fid, const char *s, size_t n, const txi_linectx *l)
{
    char dn[TX_MAX_FIELD_VALUE];
    size_t k = txi_tool_dn(s, n, dn, sizeof dn);
    if (k)
        txi_emit_field(p, e, fid, dn, k, l);
}

static void cert_begin(txi_parser *p, ostate *s, int pos, const txi_linectx *l)
{
    s->cert = txi_emit_begin(p, TXE_CERTIFICATE, l);
    txi_emit_fieldf(p, s->cert, TXF_POSITION, l, "%d", pos);
    txi_emit_field(p, s->cert, TXF_SOURCE, "server", 6, l);
    txi_emit_field(p, s->cert, TXF_DIALECT, "openssl", 7, l);
    s->xnext = X_NONE;
    s->sig_seen = 0;
}

static void cert_end(txi_parser *p, ostate *s)
{
    txi_event *c = s->cert;
    if (!c)
        return;
    s->cert = NULL;
    s->xnext = X_NONE;
    const char *subj = txi_ev_str(c, TXF_SUBJECT), *iss = txi_ev_str(c, TXF_ISSUER);
    if (subj && iss) {
        int same = strcmp(subj, iss) == 0;
        txi_emit_field(p, c, TXF_SELF_SIGNED, same ? "true" : "false", same ? 4 : 5, NULL);
    }
    txi_emit_end(p, c, NULL, 0);
}

/* "PKEY: rsaEncryption, 2048 (bit); sigalg: RSA-SHA256" */
static void chain_alg(txi_parser *p, ostate *s, const char *t, size_t n, const txi_linectx *l)
{
    const char *q = t, *end = t + n;
    char buf[64];
    if (txi_skip_lit(&q, end, "PKEY: "))
        return;
    txi_sv alg;
    if (!txi_take_until(&q, end, ',', 64, &alg)) {
        size_t k = txi_tool_keyalg(alg.p, alg.n, buf, sizeof buf);
        txi_emit_field(p, s->cert, TXF_KEY_ALG, buf, k, l);
        q++;
        txi_skip_blanks(&q, end);
        unsigned long long bits;
        if (!txi_take_uint(&q, end, &bits))
            txi_emit_fieldf(p, s->cert, TXF_KEY_SIZE, l, "%llu", bits);
    }
    const char *sg = SV_FIND(t, n, "sigalg: ");
    if (sg) {
        size_t k = txi_tool_sigalg(sg + 8, (size_t)(end - sg - 8), buf, sizeof buf);
        txi_emit_field(p, s->cert, TXF_SIG_ALG, buf, k, l);
    }
}

/* "NotBefore: Oct 28 03:48:46 2026 GMT; NotAfter: Oct 28 03:48:46 2027 GMT" */
static void chain_dates(txi_parser *p, ostate *s, const char *t, size_t n, const txi_linectx *l)
{
    const char *nb = SV_FIND(t, n, "NotBefore: "), *na = SV_FIND(t, n, "NotAfter: "), *end = t + n;
    if (nb) {
        const char *e = memchr(nb, ';', (size_t)(end - nb));
        txi_emit_field(p, s->cert, TXF_NOT_BEFORE, nb + 11, (size_t)((e ? e : end) - nb - 11), l);
    }
    if (na)
        txi_emit_field(p, s->cert, TXF_NOT_AFTER, na + 10, (size_t)(end - na - 10), l);
}

/* ---- x509 -text --------------------------------------------------------------------- */

static const struct { const char *in, *out; } ku_names[] = {
    {"Digital Signature", "DigitalSignature"}, {"Non Repudiation", "Non_repudiation"},
    {"Content Commitment", "Non_repudiation"}, {"Key Encipherment", "Key_Encipherment"},
    {"Data Encipherment", "Data_Encipherment"}, {"Key Agreement", "Key_Agreement"},
    {"Certificate Sign", "Key_CertSign"},      {"CRL Sign", "Crl_Sign"},
    {"Encipher Only", "Encipher_Only"},         {"Decipher Only", "Decipher_Only"},
    {"TLS Web Server Authentication", "serverAuth"}, {"TLS Web Client Authentication", "clientAuth"},
    {"Code Signing", "codeSigning"},            {"E-mail Protection", "emailProtection"},
    {"Time Stamping", "timeStamping"},          {"OCSP Signing", "OCSPSigning"},
    {"Any Extended Key Usage", "anyExtendedKeyUsage"},
};

/* "a, b, c" -> one field per item, renamed as Java names them. */
static void usage_list(txi_parser *p, txi_event *e, int fid, const char *t, size_t n, const txi_linectx *l)
{
    const char *s = t, *end = t + n;
    while (s < end) {
        const char *c = memchr(s, ',', (size_t)(end - s));
        txi_sv item = txi_sv_trim(txi_sv_make(s, (size_t)((c ? c : end) - s)));
        const char *name = NULL;
        for (size_t i = 0; i < sizeof ku_names / sizeof ku_names[0] && !name; i++)
            if (item.n == strlen(ku_names[i].in) && memcmp(item.p, ku_names[i].in, item.n) == 0)
                name = ku_names[i].out;
        if (name)
            txi_emit_field(p, e, fid, name, strlen(name), l);
        else if (item.n)
            txi_emit_field(p, e, fid, item.p, item.n, l);
        s = c ? c + 1 : end;
    }
}

/* "DNS:a, IP Address:1.2.3.4, email:x" -> san DNS:a, IP:1.2.3.4 */
static void san_list(txi_parser *p, txi_event *e, const char *t, size_t n, const txi_linectx *l)
{
    const char *s = t, *end = t + n;
    while (s < end) {
        const char *c = memchr(s, ',', (size_t)(end - s));
        txi_sv item = txi_sv_trim(txi_sv_make(s, (size_t)((c ? c : end) - s)));
        if (SV_STARTS(item.p, item.n, "DNS:"))
            txi_emit_fieldf(p, e, TXF_SAN, l, "DNS:%.*s", (int)(item.n - 4), item.p + 4);
        else if (SV_STARTS(item.p, item.n, "IP Address:"))
            txi_emit_fieldf(p, e, TXF_SAN, l, "IP:%.*s", (int)(item.n - 11), item.p + 11);
        s = c ? c + 1 : end;
    }
}

/* "CA:TRUE, pathlen:0" */
static void basic_constraints(txi_parser *p, txi_event *e, const char *t, size_t n, const txi_linectx *l)
{
    if (SV_STARTS(t, n, "CA:TRUE"))
        txi_emit_field(p, e, TXF_CA, "true", 4, l);
    else if (SV_STARTS(t, n, "CA:FALSE"))
        txi_emit_field(p, e, TXF_CA, "false", 5, l);
    const char *pl = SV_FIND(t, n, "pathlen:");
    if (pl) {
        const char *q = pl + 8, *end = t + n;
        unsigned long long v;
        if (!txi_take_uint(&q, end, &v))
            txi_emit_fieldf(p, e, TXF_PATHLEN, l, "%llu", v);
    }
}

/* Hex rows of a modulus, serial or signature: "00:ef:0a:..." / "ab:cd". */
static int hex_row(const char *t, size_t n)
{
    return n >= 3 && isxdigit((unsigned char)t[0]) && isxdigit((unsigned char)t[1]) && t[2] == ':';
}

/* One indented line of an x509 -text block. */
static void x509_line(txi_parser *p, ostate *s, const txi_linectx *l)
{
    txi_sv t = txi_sv_trim(txi_sv_make(l->p, l->n));
    txi_event *c = s->cert;
    if (!t.n || !c)
        return;
    enum xnext want = s->xnext;
    s->xnext = X_NONE;
    switch (want) {
    case X_SERIAL:
        txi_emit_field(p, c, TXF_SERIAL, t.p, t.n, l);
        return;
    case X_BC:
        basic_constraints(p, c, t.p, t.n, l);
        return;
    case X_KU:
        usage_list(p, c, TXF_KEY_USAGE, t.p, t.n, l);
        return;
    case X_EKU:
        usage_list(p, c, TXF_EXT_KEY_USAGE, t.p, t.n, l);
        return;
    case X_SAN:
        san_list(p, c, t.p, t.n, l);
        return;
    case X_NONE:
        break;
    }
    if (hex_row(t.p, t.n))
        return;
    char buf[64];
    size_t k;
    switch (t.p[0]) {
    case 'S':
        if (SV_STARTS(t.p, t.n, "Serial Number:")) {
            txi_sv v = txi_sv_trim(txi_sv_make(t.p + 14, t.n - 14));
            if (v.n)
                txi_emit_field(p, c, TXF_SERIAL, v.p, v.n, l);
            else
                s->xnext = X_SERIAL;
        } else if (SV_STARTS(t.p, t.n, "Signature Algorithm: ") && !s->sig_seen) {
            k = txi_tool_sigalg(t.p + 21, t.n - 21, buf, sizeof buf);
            txi_emit_field(p, c, TXF_SIG_ALG, buf, k, l);
            s->sig_seen = 1;
        } else if (SV_STARTS(t.p, t.n, "Subject: ")) {
            dn_field(p, c, TXF_SUBJECT, t.p + 9, t.n - 9, l);
        }
        break;
    case 'I':
        if (SV_STARTS(t.p, t.n, "Issuer: "))
            dn_field(p, c, TXF_ISSUER, t.p + 8, t.n - 8, l);
        break;
    case 'N':
        if (SV_STARTS(t.p, t.n, "Not Before: "))
            txi_emit_field(p, c, TXF_NOT_BEFORE, t.p + 12, t.n - 12, l);
        else if (SV_STARTS(t.p, t.n, "Not After : ") || SV_STARTS(t.p, t.n, "Not After: "))
            txi_emit_field(p, c, TXF_NOT_AFTER, t.p + (t.p[9] == ' ' ? 12 : 11), t.n - (t.p[9] == ' ' ? 12 : 11), l);
        break;
    case 'P':
        if (SV_STARTS(t.p, t.n, "Public Key Algorithm: ")) {
            k = txi_tool_keyalg(t.p + 22, t.n - 22, buf, sizeof buf);
            txi_emit_field(p, c, TXF_KEY_ALG, buf, k, l);
        } else if (SV_STARTS(t.p, t.n, "Public-Key: (")) {
            const char *q = t.p + 13;
            unsigned long long bits;
            if (!txi_take_uint(&q, t.p + t.n, &bits))
                txi_emit_fieldf(p, c, TXF_KEY_SIZE, l, "%llu", bits);
        }
        break;
    case 'R':
        /* OpenSSL 1.x: "RSA Public-Key: (2048 bit)" */
        if (SV_FIND(t.p, t.n < 24 ? t.n : 24, "Public-Key: (")) {
            const char *q = SV_FIND(t.p, t.n, "Public-Key: (") + 13;
            unsigned long long bits;
            if (!txi_take_uint(&q, t.p + t.n, &bits))
                txi_emit_fieldf(p, c, TXF_KEY_SIZE, l, "%llu", bits);
        }
        break;
    case 'X':
        if (SV_STARTS(t.p, t.n, "X509v3 Basic Constraints:"))
            s->xnext = X_BC;
        else if (SV_STARTS(t.p, t.n, "X509v3 Key Usage:"))
            s->xnext = X_KU;
        else if (SV_STARTS(t.p, t.n, "X509v3 Extended Key Usage:"))
            s->xnext = X_EKU;
        else if (SV_STARTS(t.p, t.n, "X509v3 Subject Alternative Name:"))
            s->xnext = X_SAN;
        break;
    default:
        break;
    }
}

/* ---- s_client ------------------------------------------------------------------------ */

static void run_negotiated(txi_parser *p, ostate *s, int verified)
{
    if (!s->have_nego)
        return;
    s->have_nego = 0;
    txi_linectx nl = {s->nego_line, s->nego_n, s->nego_line, s->nego_n, s->nego_no, TXI_NO_TIME, NULL};
    txi_event *e = txi_emit_begin(p, TXE_NEGOTIATED, &nl);
    txi_emit_field(p, e, TXF_VERSION, s->version, strlen(s->version), &nl);
    if (s->cipher[0])
        txi_emit_field(p, e, TXF_CIPHER, s->cipher, strlen(s->cipher), &nl);
    if (verified)
        txi_emit_field(p, e, TXF_TEXT, "connected", 9, &nl);
    txi_emit_end(p, e, NULL, 0);
}

/* End whatever is open (a run, an x509 block); idempotent. */
static void end_all(txi_parser *p, ostate *s)
{
    cert_end(p, s);
    run_negotiated(p, s, 0);
    s->mode = M_NONE;
    s->section = S_NONE;
    s->pem = 0;
    s->connected = s->chain = s->verify_done = s->error_done = s->certreq_done = 0;
    s->depth = -1;
    s->depth_dn[0] = '\0';
}

static void run_begin(txi_parser *p, ostate *s, const txi_linectx *l)
{
    end_all(p, s);
    s->mode = M_SCLIENT;
    txi_event *e = txi_emit_begin(p, TXE_CONNECTION, l);
    txi_emit_field(p, e, TXF_DIALECT, "openssl", 7, l);
    txi_emit_end(p, e, NULL, 0);
}

/* "40574...:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:file:1601:SSL alert number 40" */
static int error_line(const char *t, size_t n)
{
    size_t i = 0;
    while (i < n && i < 24 && isxdigit((unsigned char)t[i]))
        i++;
    return i >= 4 && SV_STARTS(t + i, n - i, ":error:");
}

static void openssl_error(txi_parser *p, ostate *s, const txi_linectx *l)
{
    /* fields: 0 hex, 1 "error", 2 code, 3 lib, 4 func, 5 reason, 6 file, 7 line, 8 data */
    const char *f[10];
    size_t fn[10];
    unsigned k = 0;
    const char *q = l->p, *end = l->p + l->n;
    while (k < 9 && q <= end) {
        const char *c = k < 8 ? memchr(q, ':', (size_t)(end - q)) : NULL;
        f[k] = q;
        fn[k] = (size_t)((c ? c : end) - q);
        k++;
        if (!c)
            break;
        q = c + 1;
    }
    if (k < 6)
        return;
    txi_sv reason = txi_sv_trim(txi_sv_make(f[5], fn[5]));
    const char *al = SV_FIND(reason.p, reason.n, "alert ");
    if (al) {
        char desc[48];
        size_t dn = 0;
        const char *num = k >= 9 ? SV_FIND(f[8], fn[8], "SSL alert number ") : NULL;
        if (num) {
            const char *name = txi_tool_alert_name(atoi(num + 17));
            if (name)
                dn = put_str(desc, sizeof desc, name, strlen(name));
        }
        if (!dn)
            dn = txi_tool_alert_text(al + 6, (size_t)(reason.p + reason.n - al - 6), desc, sizeof desc);
        if (dn) {
            txi_event *e = txi_emit_begin(p, TXE_ALERT, l);
            txi_emit_field(p, e, TXF_LEVEL, "fatal", 5, l);
            txi_emit_field(p, e, TXF_DESCRIPTION, desc, dn, l);
            txi_emit_field(p, e, TXF_ORIGIN, "peer", 4, l);
            txi_emit_field(p, e, TXF_MESSAGE, reason.p, reason.n, l);
            txi_emit_end(p, e, NULL, 0);
            return;
        }
    }
    if (s->error_done)
        return;
    s->error_done = 1;
    txi_event *e = txi_emit_begin(p, TXE_EXCEPTION, l);
    txi_emit_field(p, e, TXF_CLASS, "openssl", 7, l);
    txi_emit_field(p, e, TXF_MESSAGE, reason.p, reason.n, l);
    txi_emit_field(p, e, TXF_ROOT, reason.p, reason.n, l);
    txi_emit_field(p, e, TXF_ORIGIN, "local", 5, l);
    txi_emit_end(p, e, NULL, 0);
}

/* "Verify return code: 21 (unable to verify the first certificate)" */
static void verify_result(txi_parser *p, ostate *s, const char *t, size_t n, const txi_linectx *l)
{
    if (s->verify_done)
        return;
    s->verify_done = 1;
    const char *q = t + 20, *end = t + n;
    unsigned long long code;
    if (txi_take_uint(&q, end, &code))
        return;
    txi_skip_blanks(&q, end);
    txi_sv msg = txi_sv_make(q, (size_t)(end - q));
    if (msg.n >= 2 && msg.p[0] == '(' && msg.p[msg.n - 1] == ')')
        msg = txi_sv_make(msg.p + 1, msg.n - 2);
    txi_tool_verify_notice(p, l, (int)code, msg.p, msg.n, -1, NULL, NULL);
    run_negotiated(p, s, code == 0);
}

/* "New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384" */
static void new_line(ostate *s, const txi_linectx *l, const char *t, size_t n, size_t k)
{
    const char *q = t + k, *end = t + n;
    txi_sv ver;
    if (txi_take_until(&q, end, ',', 31, &ver))
        return;
    const char *ci = SV_FIND(q, (size_t)(end - q), "Cipher is ");
    if (!ci || SV_STARTS(ver.p, ver.n, "(NONE)"))
        return;
    txi_sv cipher = txi_sv_trim(txi_sv_make(ci + 10, (size_t)(end - ci - 10)));
    if (SV_EQ(cipher.p, cipher.n, "(NONE)"))
        return;
    snprintf(s->version, sizeof s->version, "%.*s", (int)ver.n, ver.p);
    snprintf(s->cipher, sizeof s->cipher, "%.*s", (int)cipher.n, cipher.p);
    s->nego_n = l->rawn < sizeof s->nego_line ? l->rawn : sizeof s->nego_line;
    memcpy(s->nego_line, l->raw, s->nego_n);
    s->nego_no = l->no;
    s->have_nego = 1;
}

/* Column-0 lines of a run.  Returns 1 if the line is s_client's. */
static int sclient_line(txi_parser *p, ostate *s, const txi_linectx *l)
{
    const char *t = l->p;
    size_t n = l->n;
    if (!n)
        return 1;
    if (is_blank(t[0])) {
        txi_sv v = txi_sv_trim(txi_sv_make(t, n));
        if (s->section == S_CHAIN && s->cert && v.n > 2 && v.p[1] == ':') {
            switch (v.p[0]) {
            case 'i':
                dn_field(p, s->cert, TXF_ISSUER, v.p + 2, v.n - 2, l);
                break;
            case 'a':
                chain_alg(p, s, v.p + 2, v.n - 2, l);
                break;
            case 'v':
                chain_dates(p, s, v.p + 2, v.n - 2, l);
                break;
            default:
                break;
            }
            return 1;
        }
        if (s->section == S_CHAIN && v.n > 3 && isdigit((unsigned char)v.p[0])) {
            /* " 0 s:CN = ..." */
            const char *q = v.p, *end = v.p + v.n;
            unsigned long long pos;
            if (!txi_take_uint(&q, end, &pos) && !txi_skip_lit(&q, end, " s:")) {
                cert_end(p, s);
                cert_begin(p, s, (int)pos, l);
                dn_field(p, s->cert, TXF_SUBJECT, q, (size_t)(end - q), l);
                if (!s->chain) {
                    s->chain = 1;
                    txi_event *h = txi_emit_begin(p, TXE_HANDSHAKE, l);
                    txi_emit_field(p, h, TXF_MESSAGE, "Certificate", 11, l);
                    txi_emit_field(p, h, TXF_DIRECTION, "received", 8, l);
                    txi_emit_end(p, h, NULL, 0);
                }
            }
            return 1;
        }
        if (SV_STARTS(v.p, v.n, "Start Time: ")) {
            const char *q = v.p + 12;
            unsigned long long t0;
            if (!txi_take_uint(&q, v.p + v.n, &t0))
                txi_parser_saw_time(p, (int64_t)t0);
        } else if (SV_STARTS(v.p, v.n, "Verify return code: ")) {
            verify_result(p, s, v.p, v.n, l);
        }
        return 1; /* session fields, ticket dumps */
    }
    if (s->section == S_CANAMES && memchr(t, '=', n) && !SV_STARTS(t, n, "Client Certificate Types") &&
        !SV_STARTS(t, n, "Requested Signature") && !SV_STARTS(t, n, "Shared Requested"))
        return 1; /* one acceptable CA name per line */
    switch (t[0]) {
    case '-':
        if (SV_STARTS(t, n, "---")) {
            if (!SV_STARTS(t, n, "-----"))
                s->section = S_NONE;
            else if (SV_STARTS(t, n, "-----BEGIN "))
                s->pem = 1;
            cert_end(p, s);
            return 1;
        }
        return 0;
    case 'd':
        if (SV_STARTS(t, n, "depth=")) {
            const char *q = t + 6, *end = t + n;
            unsigned long long d;
            if (txi_take_uint(&q, end, &d))
                return 0;
            s->depth = (int)d;
            txi_skip_blanks(&q, end);
            txi_tool_dn(q, (size_t)(end - q), s->depth_dn, sizeof s->depth_dn);
            return 1;
        }
        return 0;
    case 'v':
        if (SV_STARTS(t, n, "verify error:num=")) {
            const char *q = t + 17, *end = t + n;
            unsigned long long code;
            if (txi_take_uint(&q, end, &code))
                return 0;
            if (q < end && *q == ':')
                q++;
            txi_tool_verify_notice(p, l, (int)code, q, (size_t)(end - q), s->depth, s->depth_dn, NULL);
            return 1;
        }
        return SV_STARTS(t, n, "verify return:");
    case 'n':
        return SV_STARTS(t, n, "notAfter=") || SV_STARTS(t, n, "notBefore=") ||
               SV_STARTS(t, n, "no peer certificate available");
    case 'C':
        if (SV_STARTS(t, n, "CONNECTED(")) {
            if (s->connected)
                run_begin(p, s, l); /* a second s_client run */
            s->connected = 1;
            return 1;
        }
        if (SV_EQ(t, n, "Certificate chain")) {
            s->section = S_CHAIN;
            return 1;
        }
        if (SV_STARTS(t, n, "Connecting to ") || SV_STARTS(t, n, "Client Certificate Types:") ||
            SV_STARTS(t, n, "Can't use SSL_get_servername") || SV_STARTS(t, n, "Compression: ") ||
            SV_STARTS(t, n, "Ciphers common between both SSL endpoints:"))
            return 1;
        return 0;
    case 'S':
        if (SV_EQ(t, n, "SSL-Session:")) {
            s->section = S_SESSION;
            return 1;
        }
        if (SV_STARTS(t, n, "Server certificate") || SV_STARTS(t, n, "SSL handshake has read ") ||
            SV_STARTS(t, n, "Server public key is ") || SV_STARTS(t, n, "Secure Renegotiation ") ||
            SV_STARTS(t, n, "Server Temp Key: ") || SV_STARTS(t, n, "Shared Requested Signature Algorithms: ") ||
            SV_STARTS(t, n, "Shared ciphers:") || SV_STARTS(t, n, "SSL_connect:"))
            return 1;
        return 0;
    case 's':
        return SV_STARTS(t, n, "subject=");
    case 'i':
        return SV_STARTS(t, n, "issuer=");
    case 'A':
        if (SV_STARTS(t, n, "Acceptable client certificate CA names")) {
            s->section = S_CANAMES;
            if (!s->certreq_done) {
                s->certreq_done = 1;
                txi_event *h = txi_emit_begin(p, TXE_HANDSHAKE, l);
                txi_emit_field(p, h, TXF_MESSAGE, "CertificateRequest", 18, l);
                txi_emit_field(p, h, TXF_DIRECTION, "received", 8, l);
                txi_emit_end(p, h, NULL, 0);
            }
            return 1;
        }
        return SV_STARTS(t, n, "ALPN protocol: ");
    case 'N':
        if (SV_STARTS(t, n, "New, ")) {
            new_line(s, l, t, n, 5);
            return 1;
        }
        return SV_STARTS(t, n, "No client certificate CA names sent") || SV_STARTS(t, n, "No ALPN negotiated");
    case 'R':
        if (SV_STARTS(t, n, "Reused, ")) {
            new_line(s, l, t, n, 8);
            return 1;
        }
        return SV_STARTS(t, n, "Requested Signature Algorithms: ");
    case 'P':
        return SV_STARTS(t, n, "Peer signing digest: ") || SV_STARTS(t, n, "Peer signature type: ") ||
               SV_STARTS(t, n, "Peer Temp Key: ") || SV_STARTS(t, n, "Post-Handshake New Session Ticket arrived:") ||
               SV_STARTS(t, n, "Protocol version: ");
    case 'V':
        if (SV_STARTS(t, n, "Verify return code: ")) {
            verify_result(p, s, t, n, l);
            return 1;
        }
        return SV_STARTS(t, n, "Verification") || SV_STARTS(t, n, "Verified peername: ");
    case 'E':
        return SV_STARTS(t, n, "Expansion: ") || SV_STARTS(t, n, "Early data ");
    case 'c':
        if (SV_STARTS(t, n, "connect: ") && !s->error_done) {
            /* OpenSSL 1.1: "connect: Connection refused" */
            s->error_done = 1;
            txi_event *e = txi_emit_begin(p, TXE_EXCEPTION, l);
            txi_emit_field(p, e, TXF_CLASS, "openssl", 7, l);
            txi_emit_field(p, e, TXF_MESSAGE, t + 9, n - 9, l);
            txi_emit_field(p, e, TXF_ROOT, t + 9, n - 9, l);
            txi_emit_field(p, e, TXF_ORIGIN, "local", 5, l);
            txi_emit_end(p, e, NULL, 0);
            return 1;
        }
        return SV_STARTS(t, n, "connect:errno=") || SV_STARTS(t, n, "connect: ") || SV_EQ(t, n, "closed");
    case 'r':
        return SV_STARTS(t, n, "read:errno=") || SV_STARTS(t, n, "read R BLOCK");
    case 'w':
        return SV_STARTS(t, n, "write:errno=") || SV_STARTS(t, n, "write W BLOCK");
    case 'D':
        if (SV_EQ(t, n, "DONE")) {
            end_all(p, s);
            return 2;
        }
        return 0;
    default:
        if (error_line(t, n)) {
            openssl_error(p, s, l);
            return 1;
        }
        return 0;
    }
}

/* ---- dispatch ---------------------------------------------------------------------- */

/* PEM body: base64 rows up to the END line.  1 consumed, 0 not PEM. */
static int pem_line(ostate *s, const txi_linectx *l)
{
    const char *t = l->p;
    size_t n = l->n;
    if (SV_STARTS(t, n, "-----END ")) {
        s->pem = 0;
        return 1;
    }
    return n && (isalnum((unsigned char)t[0]) || t[0] == '+' || t[0] == '/' || t[0] == '=');
}

/* "subject=...", "issuer=...", "notBefore=...", "notAfter=..." outside a run:
 * `openssl x509 -noout -subject -issuer -dates`. */
static int short_line(txi_parser *p, ostate *s, const txi_linectx *l)
{
    const char *t = l->p;
    size_t n = l->n;
    int fid;
    size_t k;
    if (SV_STARTS(t, n, "subject=")) {
        fid = TXF_SUBJECT;
        k = 8;
    } else if (SV_STARTS(t, n, "issuer=")) {
        fid = TXF_ISSUER;
        k = 7;
    } else if (SV_STARTS(t, n, "notBefore=")) {
        fid = TXF_NOT_BEFORE;
        k = 10;
    } else if (SV_STARTS(t, n, "notAfter=")) {
        fid = TXF_NOT_AFTER;
        k = 9;
    } else {
        return 0;
    }
    if (!s->cert || txi_ev_get(s->cert, fid)) {
        cert_end(p, s);
        cert_begin(p, s, s->x509_pos++, l);
    }
    if (fid == TXF_SUBJECT || fid == TXF_ISSUER)
        dn_field(p, s->cert, fid, t + k, n - k, l);
    else
        txi_emit_field(p, s->cert, fid, t + k, n - k, l);
    return 1;
}

/* "error 20 at 0 depth lookup: unable to get local issuer certificate" (openssl verify) */
static int verify_cmd_line(txi_parser *p, const txi_linectx *l)
{
    const char *q = l->p + 6, *end = l->p + l->n;
    unsigned long long code, depth;
    if (txi_take_uint(&q, end, &code) || txi_skip_lit(&q, end, " at ") || txi_take_uint(&q, end, &depth) ||
        txi_skip_lit(&q, end, " depth lookup:"))
        return 0;
    txi_skip_blanks(&q, end);
    txi_tool_verify_notice(p, l, (int)code, q, (size_t)(end - q), (int)depth, NULL, NULL);
    return 1;
}

static int openssl_line(txi_parser *p, const txi_linectx *l)
{
    ostate *s = st(p);
    const char *t = l->p;
    size_t n = l->n;
    if (n < 4)
        return 0;
    switch (t[0]) {
    case 'C':
        if (SV_EQ(t, n, "Certificate:")) {
            end_all(p, s);
            s->mode = M_X509;
            cert_begin(p, s, s->x509_pos++, l);
            txi_parser_open_block(p, TXI_DIALECT_OPENSSL);
            return 1;
        }
        if (!SV_STARTS(t, n, "CONNECTED(") && !SV_EQ(t, n, "Certificate chain"))
            return 0;
        break;
    case 'd':
        if (!SV_STARTS(t, n, "depth="))
            return 0;
        break;
    case 'v':
        if (!SV_STARTS(t, n, "verify error:num="))
            return 0;
        break;
    case 'c':
        if (!SV_STARTS(t, n, "connect:errno=") && !SV_STARTS(t, n, "connect: "))
            return 0;
        break;
    case '-':
        if (SV_STARTS(t, n, "-----BEGIN ") && SV_FIND(t, n, "CERTIFICATE")) {
            s->pem = 1;
            s->mode = M_SHORT;
            txi_parser_open_block(p, TXI_DIALECT_OPENSSL);
            return 1;
        }
        return 0;
    case 's':
    case 'i':
    case 'n':
        if (short_line(p, s, l)) {
            s->mode = M_SHORT;
            txi_parser_open_block(p, TXI_DIALECT_OPENSSL);
            return 1;
        }
        return 0;
    case 'e':
        if (SV_STARTS(t, n, "error ") && verify_cmd_line(p, l))
            return 1;
        return 0;
    default:
        if (!error_line(t, n))
            return 0;
        break;
    }
    run_begin(p, s, l);
    txi_parser_open_block(p, TXI_DIALECT_OPENSSL);
    (void)sclient_line(p, s, l);
    return 1;
}

static int openssl_cont(txi_parser *p, const txi_linectx *l)
{
    ostate *s = st(p);
    if (s->pem) {
        if (pem_line(s, l)) {
            if (s->mode == M_SHORT && !s->pem && !s->cert) {
                s->mode = M_NONE; /* a lone PEM block */
                return TXI_DL_DONE;
            }
            return TXI_DL_MORE;
        }
        s->pem = 0; /* a PEM block cut short */
    }
    const char *t = l->p;
    size_t n = l->n;
    switch (s->mode) {
    case M_X509:
        if (n && is_blank(t[0])) {
            x509_line(p, s, l);
            return TXI_DL_MORE;
        }
        if (SV_STARTS(t, n, "-----BEGIN ")) {
            cert_end(p, s);
            s->pem = 1;
            return TXI_DL_MORE;
        }
        if (SV_EQ(t, n, "Certificate:")) {
            cert_end(p, s);
            cert_begin(p, s, s->x509_pos++, l);
            return TXI_DL_MORE;
        }
        end_all(p, s);
        return TXI_DL_NOTMINE;
    case M_SHORT:
        if (short_line(p, s, l))
            return TXI_DL_MORE;
        if (SV_STARTS(t, n, "-----BEGIN ")) {
            s->pem = 1;
            return TXI_DL_MORE;
        }
        end_all(p, s);
        return TXI_DL_NOTMINE;
    case M_SCLIENT: {
        int r = sclient_line(p, s, l);
        if (r == 2)
            return TXI_DL_DONE;
        if (r)
            return TXI_DL_MORE;
        end_all(p, s);
        return TXI_DL_NOTMINE;
    }
    default:
        end_all(p, s);
        return TXI_DL_NOTMINE;
    }
}

static void openssl_flush(txi_parser *p)
{
    end_all(p, st(p));
}

const txi_dialect txi_dialect_openssl = {
    .name = "openssl",
    .desc = "openssl s_client -showcerts, x509 -text, x509 -noout -dates, verify",
    .state_size = sizeof(ostate),
    .line = openssl_line,
    .cont = openssl_cont,
    .flush = openssl_flush,
    .eof_ends_block = 1,
};
