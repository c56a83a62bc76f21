/*
 * dialect_keytool.c - `keytool -list -v` (any JDK, English), the listing a
 * support engineer makes of the truststore (knowledge base 4.3, 4.4), and
 * `keytool -printcert [-sslserver host:port | -file f]`.
 *
 * Samples:
 *
 *   C:\xmatters\integrationagent-5.1.8\jre\bin>keytool -list -v -storepass changeit -keystore /temp/cacerts -alias xmatters
 *   Keystore type: PKCS12
 *   Keystore provider: SUN
 *
 *   Your keystore contains 7 entries
 *
 *   Alias name: acme-root-g2
 *   Creation date: Nov 27, 2026
 *   Entry type: trustedCertEntry
 *
 *   Owner: CN=Acme Corp Root CA G2, OU=Corporate IT, O=Acme Corporation, C=US
 *   Issuer: CN=Acme Corp Root CA G2, OU=Corporate IT, O=Acme Corporation, C=US
 *   Serial number: 424b505b4b4c42f9121c86b44be922061071e12d
 *   Valid from: Wed Jun 01 00:00:00 UTC 2022 until: Sun Jun 01 00:00:00 UTC 2042
 *   Certificate fingerprints:
 *   	 SHA256: 24:FE:7C:41:C1:DA:61:44:35:FE:51:9B:83:68:03:DE:46:CF:79:EA:F0:8F:42:ED:DE:F1:6A:86:02:81:CD:A9
 *   Signature algorithm name: SHA384withECDSA
 *   Subject Public Key Algorithm: 384-bit EC (secp384r1) key
 *   Version: 3
 *
 *   Extensions:
 *
 *   #1: ObjectId: 2.5.29.19 Criticality=true
 *   BasicConstraints:[
 *     CA:true
 *     PathLen: no limit
 *   ]
 *
 *   #2: ObjectId: 2.5.29.17 Criticality=false
 *   SubjectAlternativeName [
 *     DNSName: api.northwind-payments.example
 *     IPAddress: 10.0.0.5
 *   ]
 *
 *   *******************************************
 *   Entry type: PrivateKeyEntry
 *   Certificate chain length: 2
 *   Certificate[1]:
 *   Owner: CN=svc-reconciliation, OU=Integrations, O=Northwind Payments Ltd, C=GB
 *   keytool error: java.io.IOException: keystore password was incorrect
 *   Warning:
 *   The JKS keystore uses a proprietary format. ... "keytool -importkeystore -srckeystore /path/store.jks -destkeystore ..."
 *
 * Grammar:
 *
 *   listing = [command] [header] { entry } [warning]
 *   command = text "keytool" text " -list" text     -- a pasted prompt: its -keystore is the path
 *   header  = "Keystore type: " type | "Keystore provider: " name
 *           | "Your keystore contains " N (" entry" | " entries")
 *   entry   = "Alias name: " alias  "Creation date: " date  "Entry type: " type
 *             ["Certificate chain length: " N] cert { "Certificate[" N "]:" cert } [stars]
 *   printed = "Certificate #" N  "====..."  cert       -- keytool -printcert
 *   cert    = "Owner: " dn  "Issuer: " dn  "Serial number: " hex
 *             "Valid from: " time " until: " time
 *             "Certificate fingerprints:" { TAB algorithm ": " hex }
 *             "Signature algorithm name: " alg
 *             "Subject Public Key Algorithm: " (bits "-bit " alg [" (" curve ")"] | alg) " key"
 *             "Version: " N  ["Extensions: " { ext }]
 *   ext     = "#" N ": ObjectId: " oid " Criticality=" bool  body
 *   body    = name "[" { line } "]"                    -- nested brackets allowed
 *   warning = "Warning:" { text }                      -- until a blank line
 *   error   = prefix class ": " message                -- prefix: "keytool error: "
 *             or the same in keytool's other languages (keytool_error_len)
 *
 * Events.  The listing is one log-wide "truststore" event (dialect
 * keytool; a "keystore" event if it holds only PrivateKeyEntry entries):
 * store_type, count (as declared), path (from a pasted command line or the
 * JKS migration warning), error, and - for a complete listing (one that
 * declares its entry count) - subjects: the first certificate of every
 * entry, the anchors Java builds from a store.  Each certificate is a
 * "certificate" event: source truststore (trustedCertEntry) or keystore
 * (PrivateKeyEntry, position = place in its chain), alias, subject,
 * issuer, serial, not_before, not_after, sig_alg, key_alg, key_size, san
 * (DNS:x, IP:y), ca, pathlen, key_usage, ext_key_usage, self_signed.
 * keytool -printcert certificates have source server (the chain the
 * server sent, with -sslserver).  Warnings are "notice" events (level
 * warning).  The latest "Creation date" is the listing's time field (a
 * lower bound of when it was made): without --now, entries are judged
 * against it.
 *
 * Cost: outside a listing a line costs a look at its first byte; the
 * dialect holds the open block while a listing lasts and releases it at
 * the first line that is not keytool's (that line is dispatched anew).
 * No allocation; the truststore event is built in the parser's scratch
 * arena while the listing lasts.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect.h"
#include "dialect_tools.h"
#include "l10n.h"

enum ext { X_NONE, X_SAN, X_KU, X_EKU, X_BC };

typedef struct {
    int active;             /* inside a listing (we hold the open block) */
    txi_event *store;       /* the truststore/keystore event */
    int declared;           /* "Your keystore contains N" seen */
    unsigned trusted, keyed, entries;
    char path[1024];        /* from a command line or warning, filed at the end */
    txi_event *cert;        /* the certificate being read */
    char source[12];        /* "truststore" | "keystore" | "server" */
    char alias[256];
    size_t aliasn;
    int chainpos;
    int in_entry;           /* between "Alias name" (or "Certificate #") and the stars */
    int in_ext;             /* after "Extensions:" of the current certificate */
    int depth;              /* bracket depth inside an extension */
    enum ext ext;
    int warning;            /* inside a "Warning:" paragraph */
    int64_t created;        /* latest "Creation date" of the listing */
} kstate;

static kstate *st(txi_parser *p) { return txi_parser_state(p, TXI_DIALECT_KEYTOOL); }

static int is_blank(char c) { return c == ' ' || c == '\t'; }

/* ---- certificates ---------------------------------------------------------------- */

static void cert_end(txi_parser *p, kstate *s)
{
    txi_event *c = s->cert;
    if (!c)
        return;
    s->cert = NULL;
    s->ext = X_NONE;
    s->depth = 0;
    s->in_ext = 0;
    const char *subj = txi_ev_str(c, TXF_SUBJECT), *iss = txi_ev_str(c, TXF_ISSUER);
    if (!subj) { /* "Certificate[2]:" never followed by an Owner line */
        txi_emit_cancel(p, c);
        return;
    }
    if (iss) {
        int same = strcmp(subj, iss) == 0;
        txi_emit_field(p, c, TXF_SELF_SIGNED, same ? "true" : "false", same ? 4 : 5, NULL);
    }
    txi_emit_end(p, c, NULL, 0);
}

static void cert_begin(txi_parser *p, kstate *s, const txi_linectx *l)
{
    cert_end(p, s);
    s->cert = txi_emit_begin(p, TXE_CERTIFICATE, l);
    txi_emit_field(p, s->cert, TXF_SOURCE, s->source, strlen(s->source), l);
    txi_emit_fieldf(p, s->cert, TXF_POSITION, l, "%d", s->chainpos);
    if (s->aliasn)
        txi_emit_field(p, s->cert, TXF_ALIAS, s->alias, s->aliasn, NULL);
    txi_emit_field(p, s->cert, TXF_DIALECT, "keytool", 7, l);
}

/* "384-bit EC (secp384r1) key", "2048-bit RSA key", "Ed25519 key" */
static void key_line(txi_parser *p, txi_event *c, const char *t, size_t n, const txi_linectx *l)
{
    const char *q = t, *end = t + n;
    unsigned long long bits;
    if (!txi_take_uint(&q, end, &bits) && !txi_skip_lit(&q, end, "-bit ")) {
        txi_emit_fieldf(p, c, TXF_KEY_SIZE, l, "%llu", bits);
    } else {
        q = t;
    }
    const char *e = q;
    while (e < end && *e != ' ')
        e++;
    if (e > q)
        txi_emit_field(p, c, TXF_KEY_ALG, q, (size_t)(e - q), l);
}

/* "Valid from: Wed Jun 01 00:00:00 UTC 2022 until: Sun Jun 01 00:00:00 UTC 2042" */
static void validity_line(txi_parser *p, txi_event *c, const char *t, size_t n, const txi_linectx *l)
{
    const char *u = SV_FIND(t, n, " until: ");
    if (!u)
        return;
    txi_emit_field(p, c, TXF_NOT_BEFORE, t + 12, (size_t)(u - t - 12), l);
    txi_emit_field(p, c, TXF_NOT_AFTER, u + 8, (size_t)(t + n - u - 8), l);
}

/* A line inside an extension body (already trimmed). */
static void ext_line(txi_parser *p, kstate *s, txi_sv t, const txi_linectx *l)
{
    txi_event *c = s->cert;
    if (!c || s->depth != 1)
        return; /* only the first level of a body holds values we keep */
    switch (s->ext) {
    case X_SAN:
        if (SV_STARTS(t.p, t.n, "DNSName: "))
            txi_emit_fieldf(p, c, TXF_SAN, l, "DNS:%.*s", (int)(t.n - 9), t.p + 9);
        else if (SV_STARTS(t.p, t.n, "IPAddress: "))
            txi_emit_fieldf(p, c, TXF_SAN, l, "IP:%.*s", (int)(t.n - 11), t.p + 11);
        break;
    case X_KU:
        txi_emit_field(p, c, TXF_KEY_USAGE, t.p, t.n, l);
        break;
    case X_EKU:
        txi_emit_field(p, c, TXF_EXT_KEY_USAGE, t.p, t.n, l);
        break;
    case X_BC:
        if (SV_STARTS(t.p, t.n, "CA:")) {
            int yes = SV_STARTS(t.p + 3, t.n - 3, "true");
            txi_emit_field(p, c, TXF_CA, yes ? "true" : "false", yes ? 4 : 5, l);
        } else if (SV_STARTS(t.p, t.n, "PathLen:")) {
            txi_sv v = txi_sv_trim(txi_sv_make(t.p + 8, t.n - 8));
            if (v.n && isdigit((unsigned char)v.p[0]) && v.n < 10) /* 2147483647 means no limit */
                txi_emit_field(p, c, TXF_PATHLEN, v.p, v.n, l);
        }
        break;
    case X_NONE:
        break;
    }
}

/* ---- the listing --------------------------------------------------------------------- */

static void store_begin(txi_parser *p, kstate *s, const txi_linectx *l)
{
    if (s->store)
        return;
    s->store = txi_emit_begin(p, TXE_TRUSTSTORE, l);
    txi_emit_field(p, s->store, TXF_DIALECT, "keytool", 7, l);
}

/* File the listing; idempotent. */
static void listing_end(txi_parser *p, kstate *s)
{
    cert_end(p, s);
    txi_event *e = s->store;
    if (e) {
        s->store = NULL;
        if (!s->trusted && s->keyed)
            e->type = TXE_KEYSTORE;
        if (!s->declared) {
            /* a partial listing (-alias, -printcert): no anchor list, it would claim too much */
            unsigned w = 0;
            for (unsigned i = 0; i < e->nfields; i++)
                if (e->fields[i].id != TXF_SUBJECTS)
                    e->fields[w++] = e->fields[i];
            e->nfields = (uint16_t)w;
        }
        if (s->path[0])
            txi_emit_field(p, e, TXF_PATH, s->path, strlen(s->path), NULL);
        if (s->created) {
            char tb[48];
            txi_format_time(s->created, tb, sizeof tb);
            txi_emit_field(p, e, TXF_TIME, tb, strlen(tb), NULL);
        }
        txi_emit_end(p, e, NULL, 0);
    }
    s->active = 0;
    s->declared = 0;
    s->trusted = s->keyed = s->entries = 0;
    s->path[0] = '\0';
    s->created = 0;
    s->in_entry = s->in_ext = 0;
    s->warning = 0;
    s->aliasn = 0;
    s->chainpos = 0;
}

/* "... -keystore PATH ..." / "-srckeystore PATH" / "-cacerts" in a command or warning line. */
static void path_from(kstate *s, const char *t, size_t n)
{
    const char *k = SV_FIND(t, n, "-srckeystore ");
    size_t skip = 13;
    if (!k) {
        k = SV_FIND(t, n, "-keystore ");
        skip = 10;
    }
    if (!k) {
        if (SV_FIND(t, n, " -cacerts"))
            snprintf(s->path, sizeof s->path, "cacerts (the JDK's default truststore, keytool -cacerts)");
        return;
    }
    const char *v = k + skip, *end = t + n;
    while (v < end && *v == ' ')
        v++;
    const char *e = v;
    if (e < end && *e == '"') {
        v++;
        e = memchr(v, '"', (size_t)(end - v));
        if (!e)
            return;
    } else {
        while (e < end && *e != ' ' && *e != '"')
            e++;
    }
    if (e > v)
        snprintf(s->path, sizeof s->path, "%.*s", (int)(e - v), v);
}

/* "Creation date: Nov 27, 2026": the latest one dates the listing (at the earliest). */
static void creation_date(kstate *s, const char *t, size_t n)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    int d, y;
    char mon[4];
    char buf[64];
    if (n >= sizeof buf)
        return;
    memcpy(buf, t, n);
    buf[n] = '\0';
    if (sscanf(buf, "%3s %d, %d", mon, &d, &y) != 3)
        return;
    const char *m = strstr(months, mon);
    if (!m || (m - months) % 3 || strlen(mon) != 3 || d < 1 || d > 31 || y < 1900 || y > 9999)
        return;
    char iso[32];
    int k = snprintf(iso, sizeof iso, "%04d-%02d-%02d 00:00:00 UTC", y, (int)((m - months) / 3 + 1), d);
    int64_t tm = txi_parse_time(iso, (size_t)k);
    if (tm != TXI_NO_TIME && (s->created == TXI_NO_TIME || s->created == 0 || tm > s->created))
        s->created = tm;
}

/* Other column-0 lines of an extensions section: "Extension unknown: DER encoded
 * OCTET string =", "NetscapeCertType [", "Unparseable ...": a first word ending
 * in ':' or holding '[' (never a class name: no '.'), or a known start. */
static int ext_header_like(const char *t, size_t n)
{
    if (SV_STARTS(t, n, "Extension unknown") || SV_STARTS(t, n, "Unparseable"))
        return 1;
    size_t i = 0;
    while (i < n && t[i] != ' ') {
        if (t[i] == '.')
            return 0;
        if (t[i] == '[')
            return 1;
        i++;
    }
    return i > 1 && t[i - 1] == ':';
}

/* The length of keytool's "keytool error: " prefix at the start of a line,
 * in English or any language keytool ships (parser/l10n.def), or 0.  A
 * keytool run in a Chinese or German locale prints its errors the same way
 * under that prefix. */
static size_t keytool_error_len(const char *t, size_t n) { return txi_l10n_keytool_prefix(t, n); }

/* A line of the listing at column 0 (not inside an extension body).
 * Returns 1 if keytool's. */
static int top_line(txi_parser *p, kstate *s, const txi_linectx *l)
{
    const char *t = l->p;
    size_t n = l->n;
    txi_event *c = s->cert;
    size_t kerr = keytool_error_len(t, n);
    if (kerr) {
        store_begin(p, s, l);
        txi_emit_field(p, s->store, TXF_ERROR, t + kerr, n - kerr, l);
        return 1;
    }
    switch (t[0]) {
    case 'A':
        if (SV_STARTS(t, n, "Alias name: ")) {
            cert_end(p, s);
            store_begin(p, s, l);
            s->aliasn = n - 12 < sizeof s->alias ? n - 12 : sizeof s->alias - 1;
            memcpy(s->alias, t + 12, s->aliasn);
            s->in_entry = 1;
            s->chainpos = 0;
            snprintf(s->source, sizeof s->source, "truststore");
            s->entries++;
            return 1;
        }
        break;
    case 'C':
        if (SV_STARTS(t, n, "Creation date: ")) {
            creation_date(s, t + 15, n - 15);
            return 1;
        }
        if (SV_STARTS(t, n, "Certificate chain length: "))
            return 1;
        if (SV_STARTS(t, n, "Certificate[")) {
            s->chainpos = atoi(t + 12) - 1;
            if (s->chainpos < 0)
                s->chainpos = 0;
            cert_end(p, s);
            return 1;
        }
        if (SV_STARTS(t, n, "Certificate #")) {
            /* keytool -printcert: the server's chain (-sslserver) or a file's certificates */
            cert_end(p, s);
            s->chainpos = atoi(t + 13);
            snprintf(s->source, sizeof s->source, "server");
            s->aliasn = 0;
            s->in_entry = 1;
            return 1;
        }
        if (SV_STARTS(t, n, "Certificate fingerprints:"))
            return 1;
        break;
    case 'E':
        if (SV_STARTS(t, n, "Entry type: ")) {
            if (SV_STARTS(t + 12, n - 12, "PrivateKeyEntry")) {
                snprintf(s->source, sizeof s->source, "keystore");
                s->keyed++;
            } else if (SV_STARTS(t + 12, n - 12, "trustedCertEntry")) {
                s->trusted++;
            }
            return 1;
        }
        if (SV_STARTS(t, n, "Extensions:")) {
            s->in_ext = 1;
            return 1;
        }
        break;
    case 'O':
        if (SV_STARTS(t, n, "Owner: ")) {
            if (!s->in_entry) /* keytool -printcert -file of one certificate */
                snprintf(s->source, sizeof s->source, "server");
            cert_begin(p, s, l);
            txi_emit_field(p, s->cert, TXF_SUBJECT, t + 7, n - 7, l);
            /* the first certificate of an entry is what Java trusts from it */
            if (s->store && s->chainpos == 0 && strcmp(s->source, "server") != 0)
                txi_emit_field(p, s->store, TXF_SUBJECTS, t + 7, n - 7, l);
            return 1;
        }
        break;
    case 'I':
        if (SV_STARTS(t, n, "Issuer: ")) {
            txi_emit_field(p, c, TXF_ISSUER, t + 8, n - 8, l);
            return 1;
        }
        break;
    case 'S':
        if (SV_STARTS(t, n, "Serial number: ")) {
            txi_emit_field(p, c, TXF_SERIAL, t + 15, n - 15, l);
            return 1;
        }
        if (SV_STARTS(t, n, "Signature algorithm name: ")) {
            txi_emit_field(p, c, TXF_SIG_ALG, t + 26, n - 26, l);
            return 1;
        }
        if (SV_STARTS(t, n, "Subject Public Key Algorithm: ")) {
            if (c)
                key_line(p, c, t + 30, n - 30, l);
            return 1;
        }
        break;
    case 'V':
        if (SV_STARTS(t, n, "Valid from: ")) {
            if (c)
                validity_line(p, c, t, n, l);
            return 1;
        }
        if (SV_STARTS(t, n, "Version: "))
            return 1;
        break;
    case 'K':
        if (SV_STARTS(t, n, "Keystore type: ")) {
            if (s->store && (s->entries || txi_ev_get(s->store, TXF_STORE_TYPE)))
                listing_end(p, s); /* a second listing */
            s->active = 1;
            store_begin(p, s, l);
            txi_emit_field(p, s->store, TXF_STORE_TYPE, t + 15, n - 15, l);
            return 1;
        }
        if (SV_STARTS(t, n, "Keystore provider: "))
            return 1;
        break;
    case 'Y':
        if (SV_STARTS(t, n, "Your keystore contains ")) {
            store_begin(p, s, l);
            const char *q = t + 23;
            unsigned long long k;
            if (!txi_take_uint(&q, t + n, &k)) {
                txi_emit_fieldf(p, s->store, TXF_COUNT, l, "%llu", k);
                s->declared = 1;
            }
            return 1;
        }
        break;
    case '#':
        /* "#1: ObjectId: 2.5.29.19 Criticality=true" */
        s->ext = X_NONE;
        s->depth = 0;
        return SV_FIND(t, n, "ObjectId: ") != NULL;
    case '*':
        if (SV_STARTS(t, n, "*****")) {
            cert_end(p, s);
            s->in_entry = 0;
            s->in_ext = 0;
            s->aliasn = 0;
            return 1;
        }
        break;
    case '=':
        if (SV_STARTS(t, n, "====="))
            return 1;
        break;
    case 'W':
        if (SV_EQ(t, n, "Warning:")) {
            cert_end(p, s);
            s->warning = 1;
            return 1;
        }
        break;
    default:
        break;
    }
    /* An extension body opens: "BasicConstraints:[", "KeyUsage [", "SubjectAlternativeName [" */
    if (n >= 2 && t[n - 1] == '[' && s->in_ext) {
        s->depth = 1;
        if (SV_STARTS(t, n, "SubjectAlternativeName"))
            s->ext = X_SAN;
        else if (SV_STARTS(t, n, "KeyUsage"))
            s->ext = X_KU;
        else if (SV_STARTS(t, n, "ExtendedKeyUsages"))
            s->ext = X_EKU;
        else if (SV_STARTS(t, n, "BasicConstraints"))
            s->ext = X_BC;
        else
            s->ext = X_NONE;
        return 1;
    }
    return s->in_ext && ext_header_like(t, n);
}

/* One line of a listing.  1 = keytool's. */
static int listing_line(txi_parser *p, kstate *s, const txi_linectx *l)
{
    const char *t = l->p;
    size_t n = l->n;
    if (!n) {
        s->warning = 0;
        return 1;
    }
    if (s->warning) {
        /* "The JKS keystore uses a proprietary format ... -srckeystore PATH ..." */
        if (!s->path[0])
            path_from(s, t, n);
        txi_event *e = txi_emit_begin(p, TXE_NOTICE, l);
        txi_emit_field(p, e, TXF_LEVEL, "warning", 7, l);
        txi_emit_field(p, e, TXF_TEXT, t, n, l);
        txi_emit_end(p, e, NULL, 0);
        return 1;
    }
    if (s->depth > 0) {
        if (txi_is_hexdump(t, n)) {
            txi_parser_count_hexdump(p);
            return 1;
        }
        txi_sv v = txi_sv_trim(txi_sv_make(t, n));
        int opens = 0, closes = 0;
        for (size_t i = 0; i < v.n; i++) {
            opens += v.p[i] == '[';
            closes += v.p[i] == ']';
        }
        if (!opens && !closes)
            ext_line(p, s, v, l);
        s->depth += opens - closes;
        if (s->depth <= 0) {
            s->depth = 0;
            s->ext = X_NONE;
        }
        return 1;
    }
    if (is_blank(t[0]))
        return 1; /* fingerprints and other indented details */
    if (txi_is_hexdump(t, n)) {
        txi_parser_count_hexdump(p);
        return 1;
    }
    return top_line(p, s, l);
}

/* "C:\...\bin>keytool -list -v -keystore ..." or "$ keytool -list ..." */
static int command_line(const char *t, size_t n)
{
    size_t scan = n < 512 ? n : 512;
    const char *k = txi_memmem(t, scan, "keytool", 7);
    return k && SV_FIND(k, (size_t)(t + n - k), " -list") && (k == t || !isalnum((unsigned char)k[-1]));
}

static int keytool_line(txi_parser *p, const txi_linectx *l)
{
    const char *t = l->p;
    size_t n = l->n;
    if (n < 8)
        return 0;
    kstate *s = st(p);
    if (keytool_error_len(t, n))
        goto listing;
    switch (t[0]) {
    case 'K':
    case 'Y':
    case 'A':
        break;
    case 'C':
        if (!SV_STARTS(t, n, "Certificate #"))
            goto command;
        break;
    case 'O':
        /* keytool -printcert -file: "Owner: CN=..." with no listing around it */
        if (!SV_STARTS(t, n, "Owner: ") || !memchr(t, '=', n))
            return 0;
        break;
    default:
        goto command;
    }
listing:
    if (!top_line(p, s, l))
        return 0;
    s->active = 1;
    txi_parser_open_block(p, TXI_DIALECT_KEYTOOL);
    return 1;
command:
    if (t[0] != '$' && t[0] != '#' && t[0] != 'k' && !(isalpha((unsigned char)t[0]) && n > 3 && t[1] == ':'))
        return 0;
    if (!command_line(t, n))
        return 0;
    listing_end(p, s);
    path_from(s, t, n);
    s->active = 1;
    txi_parser_open_block(p, TXI_DIALECT_KEYTOOL);
    return 1;
}

static int keytool_cont(txi_parser *p, const txi_linectx *l)
{
    kstate *s = st(p);
    if (listing_line(p, s, l))
        return TXI_DL_MORE;
    listing_end(p, s);
    return TXI_DL_NOTMINE;
}

static void keytool_flush(txi_parser *p)
{
    listing_end(p, st(p));
}

const txi_dialect txi_dialect_keytool = {
    .name = "keytool",
    .desc = "keytool -list -v and keytool -printcert (any JDK, English)",
    .state_size = sizeof(kstate),
    .line = keytool_line,
    .cont = keytool_cont,
    .flush = keytool_flush,
    .eof_ends_block = 1,
};
