/*
 * redact.c - `--redact`: host names, IP addresses and certificate
 * subjects masked in every output, consistently.
 *
 * What is learned (the user's view: --redact in docs/tlsexplain.1):
 *  - from the events: hosts, URLs, SNI names, SAN entries, and every
 *    distinguished name (subject, issuer, truststore anchors) as a whole and
 *    attribute by attribute;
 *  - from every free text an event carries (exception messages and causes,
 *    notices, config values, paths, aliases) and from the lines quoted as
 *    evidence: the DNs in it in any form (RFC 2253 "CN=a,O=b", Java's
 *    "CN=a, O=b", openssl's "CN = a, O = b", quoted values), URLs, "<host>",
 *    "matching HOST found", SAN lists "names: [a, b]", "host:port",
 *    "UnknownHostException: host" and dotted lower-case names that are not
 *    Java packages, properties or file names;
 *  - the findings' variables, and the input file names that hold a learned
 *    host (client-billingsrv.log -> client-host-1.log).
 * Attribute values are all masked except a two-letter country (C=US) and
 * keytool's placeholder "Unknown".  A value of one to three bytes ("IT",
 * "HR") is masked only where a DN value stands (after "=" or "= "); longer
 * ones wherever they appear as a whole token.  A CN or DC without blanks is
 * a host name; host names learned from a field or a URL may be a single
 * label ("billingsrv"), those guessed from free text must be dotted.
 *
 * Each name gets a stable token: `host-1`, `ip-1`, `subject-1` (`user-1` for the
 * user and the password of a URL's user:password@).  Output is
 * rendered into memory first, then masked: the same string gets the same
 * token everywhere in one run, so a redacted report still reads "host-3 sent
 * a certificate for subject-2".
 *
 * Matching is by hash lookup, so its cost does not grow with the number of
 * names learned (a hostile log can name hundreds of thousands of hosts).  At
 * every position where a name can start (not preceded by a name character,
 * or right after "*."), with hashes of the prefixes computed once:
 *  - where a DN or a DN value starts ("CN=", after "=" or "= "), and where
 *    the word is the first word of a learned value ("Payroll" of "Payroll
 *    Root CA"), the prefixes of the lengths of the subjects and values
 *    learned, longest first (a subject goes before the host name in it);
 *  - the maximal run of host characters [A-Za-z0-9._-] (and of IPv6
 *    characters), then its prefixes that end before a '.', '-' or '_'
 *    ("host.example." ending a sentence, "host.example-ca" as an alias); a
 *    dotted IPv4 address the events did not name is masked too.
 * A name is masked only as a whole token: "h1.example.com" inside
 * "xh1.example.com" is a different name.
 */
#include "redact.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../parser/limits.h"
#include "../parser/strparse.h"
#include "../common/out.h"

enum {
    RF_NAME = 1,  /* a name: replaced by tok */
    RF_LEAD = 2,  /* the first word of a learned value or subject */
    RF_DNCTX = 4, /* short value: masked only where a DN value stands */
    RF_SUBJ = 8,  /* a subject or an attribute value (its length in its lead's lens) */
};

typedef struct {
    char *s;
    size_t n;
    uint32_t hash;
    unsigned flags;
    char *tok; /* the replacement, for RF_NAME */
    /* RF_LEAD: the distinct lengths of the subjects and values that start
     * with this word (or first RDN), descending */
    uint16_t *lens;
    uint16_t nlens, lcap;
} rentry;

struct txa_redactor {
    rentry *e;
    size_t n, cap;
    uint32_t *index; /* open addressing: entry index + 1, 0 = empty */
    size_t icap;
    size_t nleads;   /* entries with RF_LEAD */
    unsigned nhost, nip, nsubj, nuser;
    char *last_file;   /* txa_redact_learn_file: the name last looked at, */
    size_t last_n;     /* with this many entries then */
};

static uint32_t hash_bytes(const char *s, size_t n) { return txi_fnv1a(s, n, TXI_FNV1A_INIT); }

txa_redactor *txa_redactor_new(void) { return calloc(1, sizeof(txa_redactor)); }

void txa_redactor_free(txa_redactor *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->e[i].s);
        free(r->e[i].tok);
        free(r->e[i].lens);
    }
    free(r->e);
    free(r->index);
    free(r->last_file);
    free(r);
}

static rentry *find_h(const txa_redactor *r, const char *s, size_t n, uint32_t h)
{
    if (!r->icap)
        return NULL;
    for (size_t i = h & (r->icap - 1);; i = (i + 1) & (r->icap - 1)) {
        uint32_t k = r->index[i];
        if (!k)
            return NULL;
        rentry *e = &r->e[k - 1];
        if (e->hash == h && e->n == n && memcmp(e->s, s, n) == 0)
            return e;
    }
}

static rentry *find_entry(const txa_redactor *r, const char *s, size_t n) { return find_h(r, s, n, hash_bytes(s, n)); }

static int index_grow(txa_redactor *r)
{
    size_t cap = r->icap ? r->icap * 2 : 256;
    uint32_t *ix = calloc(cap, sizeof *ix);
    if (!ix)
        return -1;
    for (size_t k = 0; k < r->n; k++) {
        size_t i = r->e[k].hash & (cap - 1);
        while (ix[i])
            i = (i + 1) & (cap - 1);
        ix[i] = (uint32_t)(k + 1);
    }
    free(r->index);
    r->index = ix;
    r->icap = cap;
    return 0;
}

/* Note that a subject or value of n bytes starts with the lead l. */
static void note_length(txa_redactor *r, rentry *l, size_t n)
{
    if (!(l->flags & RF_LEAD)) {
        l->flags |= RF_LEAD;
        r->nleads++;
    }
    size_t i = 0;
    while (i < l->nlens && l->lens[i] > n)
        i++;
    if (i < l->nlens && l->lens[i] == n)
        return;
    if (l->nlens == l->lcap) {
        size_t cap = l->lcap ? (size_t)l->lcap * 2 : 4;
        uint16_t *nl = realloc(l->lens, cap * sizeof *nl);
        if (!nl)
            return;
        l->lens = nl;
        l->lcap = (uint16_t)cap;
    }
    memmove(l->lens + i + 1, l->lens + i, (l->nlens - i) * sizeof *l->lens);
    l->lens[i] = (uint16_t)n;
    l->nlens++;
}

/* The entry for s, created (no flags) if new; NULL if out of memory. */
static rentry *get_entry(txa_redactor *r, const char *s, size_t n)
{
    rentry *e = find_entry(r, s, n);
    if (e)
        return e;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        rentry *ne = realloc(r->e, cap * sizeof *ne);
        if (!ne)
            return NULL;
        r->e = ne;
        r->cap = cap;
    }
    if ((r->n + 1) * 2 > r->icap && index_grow(r) != 0)
        return NULL;
    e = &r->e[r->n];
    e->s = malloc(n + 1);
    if (!e->s)
        return NULL;
    memcpy(e->s, s, n);
    e->s[n] = '\0';
    e->n = n;
    e->hash = hash_bytes(s, n);
    e->flags = 0;
    e->tok = NULL;
    e->lens = NULL;
    e->nlens = e->lcap = 0;
    size_t i = e->hash & (r->icap - 1);
    while (r->index[i])
        i = (i + 1) & (r->icap - 1);
    r->index[i] = (uint32_t)(r->n + 1);
    r->n++;
    return e;
}

static int host_char(unsigned char c) { return isalnum(c) || c == '.' || c == '-' || c == '_'; }
/* a byte of a name as masked: an internationalised name's UTF-8 too ("bücher.example") */
static int name_byte(unsigned char c) { return host_char(c) || c >= 0x80; }
static int ip6_char(unsigned char c) { return isxdigit(c) || c == ':' || c == '.'; }
/* a byte of the first word of a value: letters, digits, UTF-8, and the
 * few marks names hold ("T-Systems", "Inc.", "AT&T", markdown's "\_") */
static int word_char(unsigned char c) { return isalnum(c) || c >= 0x80 || (c && strchr("-_.&\\", c)); }

/* The first word of s; a value that starts with a mark ("(c) 2012 ...")
 * has that mark as its first word. */
static size_t word_len(const char *s, size_t n)
{
    size_t k = 0;
    while (k < n && word_char((unsigned char)s[k]))
        k++;
    return k ? k : n ? 1 : 0;
}

static int dn_start(const char *s, size_t n);

/* The lead of a subject or value: its first RDN ("CN=Payroll Root CA" of a
 * DN, up to the first ','), or its first word ("Payroll" of a value). */
static size_t lead_len(const char *s, size_t n)
{
    if (dn_start(s, n)) {
        const char *c = memchr(s, ',', n);
        return c ? (size_t)(c - s) : n;
    }
    return word_len(s, n);
}

/* Make s (n bytes) a name with token tok; flags RF_SUBJ | RF_DNCTX as given. */
static void put_name(txa_redactor *r, const char *s, size_t n, const char *tok, unsigned flags)
{
    rentry *e = get_entry(r, s, n);
    if (!e)
        return;
    if (e->flags & RF_NAME) {
        if (!(flags & RF_DNCTX))
            e->flags &= ~(unsigned)RF_DNCTX;
    } else {
        e->tok = strdup(tok);
        if (!e->tok)
            return;
        e->flags |= RF_NAME | flags;
    }
    if (flags & RF_SUBJ) {
        e->flags |= RF_SUBJ;
        size_t w = lead_len(s, n);
        rentry *l = w ? get_entry(r, s, w) : NULL; /* (e may have moved) */
        if (l)
            note_length(r, l, n);
    }
}

enum { K_VALUE = 100, K_USER }; /* an attribute value (of a subject); a URL's user or password */

static void add(txa_redactor *r, int kind, const char *s, size_t n)
{
    txi_sv v = txi_sv_unquote(txi_sv_trim(txi_sv_make(s, n)));
    while (kind != TXA_RD_SUBJECT && kind != K_VALUE && v.n && v.p[v.n - 1] == '.')
        v.n--; /* a fully qualified "host.example." is the same host */
    if (!v.n || v.n > TX_MAX_REDACT_NAME)
        return;
    unsigned flags = 0;
    if (kind == TXA_RD_HOST && txi_is_ip_address(v.p, v.n))
        kind = TXA_RD_IP;
    if (kind == TXA_RD_SUBJECT || kind == K_VALUE) {
        flags = RF_SUBJ;
        if (v.n < 4)
            flags |= RF_DNCTX; /* "IT", "HR": only where a DN value stands */
    } else if (v.n < 4) {
        return; /* a host of three letters is too likely ordinary text */
    }
    const rentry *old = find_entry(r, v.p, v.n);
    if (old && (old->flags & RF_NAME) && !(old->flags & RF_DNCTX))
        return;
    char tok[24];
    if (old && (old->flags & RF_NAME))
        snprintf(tok, sizeof tok, "%s", old->tok);
    else if (kind == TXA_RD_IP)
        snprintf(tok, sizeof tok, "ip-%u", ++r->nip);
    else if (kind == TXA_RD_SUBJECT || kind == K_VALUE)
        snprintf(tok, sizeof tok, "subject-%u", ++r->nsubj);
    else if (kind == K_USER)
        snprintf(tok, sizeof tok, "user-%u", ++r->nuser);
    else
        snprintf(tok, sizeof tok, "host-%u", ++r->nhost);
    put_name(r, v.p, v.n, tok, flags);
    /* the forms the writers print it in: JSON-escaped (O=\"Wayne, Inc.\",
     * U+FFFD for a byte of invalid UTF-8), text ('?' for a control byte),
     * markdown (api\_gateway.example): the same token for each */
    int plain = 1;
    for (size_t i = 0; i < v.n && plain; i++) {
        unsigned char c = (unsigned char)v.p[i];
        plain = c >= 0x20 && c < 0x7F && !strchr("\"\\`*_[]<>|#", c);
    }
    static void (*const writers[])(FILE *, const char *, size_t) = {txo_json_str, txo_text, txo_md_text};
    for (size_t w = 0; !plain && w < sizeof writers / sizeof writers[0]; w++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&buf, &len);
        if (!mem)
            return;
        writers[w](mem, v.p, v.n);
        if (fclose(mem) == 0 && buf) {
            const char *q = buf;
            if (w == 0 && len >= 2) { /* without the quotes */
                q++;
                len -= 2;
            }
            if ((len != v.n || memcmp(q, v.p, len) != 0) && len <= TX_MAX_REDACT_NAME)
                put_name(r, q, len, tok, flags | RF_SUBJ);
        }
        free(buf);
    }
}

/* ---- distinguished names in any form ---------------------------------------- */

static const char *const dn_attrs[] = {"CN",    "OU",    "O",        "L",   "ST",           "S",           "C",
                                       "DC",    "STREET", "E",       "EMAILADDRESS", "emailAddress", "SERIALNUMBER",
                                       "UID",   "T",     "TITLE",    "GIVENNAME",    "SURNAME",     "SN",
                                       "POSTALCODE", NULL};

/* An attribute type and '=' at s[i] ("CN=", "O = ", "OU ="): the index of
 * its value, 0 if none; *attr and *alen name the type. */
static size_t attr_at(const char *s, size_t n, size_t i, const char **attr, size_t *alen)
{
    if (i > 0 && (host_char((unsigned char)s[i - 1]) || s[i - 1] == '@'))
        return 0;
    size_t k = i;
    while (k < n && k - i < 16 && isalpha((unsigned char)s[k]))
        k++;
    size_t an = k - i;
    if (!an || an >= 16)
        return 0;
    int known = 0;
    for (int a = 0; dn_attrs[a]; a++)
        if (strlen(dn_attrs[a]) == an && memcmp(dn_attrs[a], s + i, an) == 0)
            known = 1;
    if (!known)
        return 0;
    size_t b = 0;
    while (k < n && s[k] == ' ' && b < 2) {
        k++;
        b++;
    }
    if (k >= n || s[k] != '=')
        return 0;
    k++;
    b = 0;
    while (k < n && s[k] == ' ' && b < 2) {
        k++;
        b++;
    }
    if (k >= n || s[k] == '=' || s[k] == ',')
        return 0;
    *attr = s + i;
    *alen = an;
    return k;
}

/* Words that end a DN written inside a sentence: "... C=US is not trusted". */
static size_t cut_sentence(const char *v, size_t n)
{
    static const char *const stop[] = {" is ", " was ", " has ", " does ", " did ", " not ", " cannot ",
                                       " could ", " are ", " were ", " failed", " found", NULL};
    size_t cut = n;
    for (int k = 0; stop[k]; k++) {
        const char *q = txi_memmem(v, n, stop[k], strlen(stop[k]));
        if (q && (size_t)(q - v) < cut)
            cut = (size_t)(q - v);
    }
    while (cut && (v[cut - 1] == ' ' || v[cut - 1] == '\t'))
        cut--;
    return cut;
}

/* The value starting at s[v]: its view, and the index where the DN goes on. */
static txi_sv dn_value(const char *s, size_t n, size_t v, size_t *next)
{
    if (s[v] == '"') {
        size_t k = v + 1;
        while (k < n && s[k] != '"') {
            if (s[k] == '\\' && k + 1 < n)
                k++;
            k++;
        }
        *next = k < n ? k + 1 : n;
        return txi_sv_make(s + v + 1, k - v - 1);
    }
    size_t k = v;
    int depth = 0;
    for (; k < n; k++) {
        char c = s[k];
        if (c == '\\' && k + 1 < n) {
            k++;
            continue;
        }
        if (c == '(')
            depth++;
        else if (c == ')' && depth-- == 0)
            break;
        else if (c == ',' || c == ';' || c == '+' || c == ']' || c == '\n' || c == '"' || c == '<' || c == '>')
            break;
        else if (c == '/' && k + 1 < n) { /* openssl's oneline "/C=US/O=x/CN=y" */
            const char *a;
            size_t al;
            if (attr_at(s, n, k + 1, &a, &al))
                break;
        }
    }
    *next = k;
    return txi_sv_make(s + v, cut_sentence(s + v, k - v));
}

static int is_attr(const char *a, size_t an, const char *lit) { return strlen(lit) == an && memcmp(a, lit, an) == 0; }

/* Dotted names inside a value: "Globex Ops Issuing CA (ops.globex.internal)". */
static void learn_dotted_in(txa_redactor *r, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        if (!host_char((unsigned char)s[i])) {
            i++;
            continue;
        }
        size_t k = i;
        int dot = 0, alpha = 0;
        while (k < n && host_char((unsigned char)s[k])) {
            dot |= s[k] == '.';
            alpha |= isalpha((unsigned char)s[k]) != 0;
            k++;
        }
        /* a name's dots are inside it: "**masked**.region.example." is region.example */
        size_t a = i, e = k;
        while (a < e && s[a] == '.')
            a++;
        while (e > a && s[e - 1] == '.')
            e--;
        if (dot && alpha && e - a < n && memchr(s + a, '.', e - a))
            add(r, TXA_RD_HOST, s + a, e - a);
        i = k;
    }
}

static void learn_value(txa_redactor *r, const char *a, size_t an, txi_sv v)
{
    v = txi_sv_unquote(txi_sv_trim(v));
    if (!v.n || SV_EQ(v.p, v.n, "Unknown"))
        return;
    if (is_attr(a, an, "C") && v.n == 2 && isalpha((unsigned char)v.p[0]) && isalpha((unsigned char)v.p[1]))
        return; /* a country code */
    txi_sv h = v;
    if (h.n > 2 && h.p[0] == '*' && h.p[1] == '.') {
        h.p += 2;
        h.n -= 2;
    }
    int hostlike = h.n > 0;
    int dot = 0, alpha = 0;
    for (size_t i = 0; i < h.n && hostlike; i++) {
        hostlike = host_char((unsigned char)h.p[i]) || h.p[i] == ':';
        dot |= h.p[i] == '.';
        alpha |= isalpha((unsigned char)h.p[i]) != 0;
    }
    hostlike = hostlike && (alpha || txi_is_ip_address(h.p, h.n));
    if (hostlike && (dot || is_attr(a, an, "CN") || is_attr(a, an, "DC")) && h.n >= 4) {
        add(r, TXA_RD_HOST, h.p, h.n);
        if (h.p != v.p)
            add(r, K_VALUE, v.p, v.n);
        return;
    }
    add(r, K_VALUE, v.p, v.n);
    learn_dotted_in(r, v.p, v.n);
}

/* Learn every DN attribute value in s; returns how many were seen. */
static unsigned learn_dns(txa_redactor *r, const char *s, size_t n)
{
    unsigned seen = 0;
    for (size_t i = 0; i < n;) {
        const char *a;
        size_t an;
        size_t v = attr_at(s, n, i, &a, &an);
        if (!v) {
            i++;
            continue;
        }
        size_t next;
        txi_sv val = dn_value(s, n, v, &next);
        learn_value(r, a, an, val);
        seen++;
        i = next > i ? next : i + 1;
    }
    return seen;
}

/* ---- host names in free text ------------------------------------------------------ */

static int ci_eq(const char *s, size_t n, const char *lit) { return strlen(lit) == n && txi_strncaseeq(s, lit, n); }

/* Not a host: a Java package or class, a property, a file name. */
static int not_a_host(const char *s, size_t n)
{
    static const char *const roots[] = {"java", "javax", "sun", "com", "org", "jdk", "io", "net", "android",
                                        "kotlin", "scala", "jakarta", "https", "http", "ssl", "jsse", "security",
                                        "crypto", "oracle", "ibm", "apple", "okhttp3", "reactor", "ocsp", "keystore",
                                        "securerandom", "policy", "login", "networkaddress", "user", "os", "line",
                                        "tls", NULL};
    static const char *const exts[] = {"java", "class", "jar", "jks", "p12", "pfx", "pem", "crt", "cer", "der", "key",
                                       "csr", "log", "txt", "properties", "xml", "json", "yaml", "yml", "conf", "cfg",
                                       "policy", "so", "dll", "exe", "html", "htm", "gz", "zip", "sh", "bak", "old",
                                       "tmp", "out", "err", "md", "security", "keystore", "truststore", "kt", NULL};
    const char *dot = memchr(s, '.', n);
    size_t first = dot ? (size_t)(dot - s) : n;
    for (int k = 0; roots[k]; k++)
        if (ci_eq(s, first, roots[k]))
            return 1;
    size_t last = n;
    while (last && s[last - 1] != '.')
        last--;
    for (int k = 0; exts[k]; k++)
        if (ci_eq(s + last, n - last, exts[k]))
            return 1;
    return 0;
}

/* A host name guessed from free text: dotted, lower case, the last label
 * letters only, not a package, property or file name. */
static void guess_dotted(txa_redactor *r, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        if (!host_char((unsigned char)s[i]) || (i > 0 && host_char((unsigned char)s[i - 1]))) {
            i++;
            continue;
        }
        size_t k = i;
        int dots = 0, upper = 0;
        while (k < n && host_char((unsigned char)s[k])) {
            dots += s[k] == '.';
            upper |= isupper((unsigned char)s[k]) != 0;
            k++;
        }
        size_t e = k;
        while (e > i && s[e - 1] == '.')
            e--; /* "... api.payroll.corp." ending a sentence */
        size_t last = e;
        while (last > i && s[last - 1] != '.')
            last--;
        int alpha_tld = last > i && e - last >= 2;
        for (size_t j = last; j < e && alpha_tld; j++)
            alpha_tld = isalpha((unsigned char)s[j]) != 0;
        if (dots && !upper && alpha_tld && e - i >= 4 && s[i] != '.' && s[i] != '-' && !not_a_host(s + i, e - i) &&
            !(k < n && s[k] == '('))
            add(r, TXA_RD_HOST, s + i, e - i);
        i = k;
    }
}

/* A word that follows "Connecting to" or stands before ":443" without
 * naming a host. */
static int generic_word(const char *s, size_t n)
{
    static const char *const w[] = {"server", "servers", "host", "remote", "proxy", "peer", "database", "endpoint",
                                    "service", "backend", "upstream", "cluster", "broker", "target", "address",
                                    "port", "socket", "localhost", NULL};
    for (int k = 0; w[k]; k++)
        if (ci_eq(s, n, w[k]))
            return 1;
    return 0;
}

/* "host:port": a run of host characters holding a letter, then ':' and a
 * port number, not part of a longer token. */
static void guess_host_port(txa_redactor *r, const char *s, size_t n)
{
    for (const char *c = memchr(s, ':', n); c; c = memchr(c + 1, ':', n - (size_t)(c + 1 - s))) {
        size_t ci = (size_t)(c - s), k = ci + 1, digits = 0;
        while (k < n && isdigit((unsigned char)s[k]) && digits < 6) {
            k++;
            digits++;
        }
        if (!digits || digits > 5 || (k < n && (isalnum((unsigned char)s[k]) || s[k] == ':' || s[k] == '.')))
            continue;
        size_t b = ci;
        int alpha = 0;
        while (b > 0 && host_char((unsigned char)s[b - 1])) {
            b--;
            alpha |= isalpha((unsigned char)s[b]) != 0;
        }
        if (b > 0 && (s[b - 1] == '/' || s[b - 1] == '@') && !(b >= 2 && s[b - 2] == '/'))
            continue; /* a path "/opt/x:1", an e-mail; "//host:port" is fine */
        int lower = 0;
        for (size_t j = b; j < ci; j++)
            lower |= islower((unsigned char)s[j]) != 0;
        if (alpha && lower && ci - b >= 4 && isalpha((unsigned char)s[b]) && !not_a_host(s + b, ci - b) &&
            !generic_word(s + b, ci - b))
            add(r, TXA_RD_HOST, s + b, ci - b);
    }
}

/* The name after a literal: "UnknownHostException: billingsrv", "matching
 * api.example found".  dotted 1: only a dotted name; 2: a single label too,
 * unless a generic word ("Connecting to server ..."). */
static void after_lit(txa_redactor *r, const char *s, size_t n, const char *lit, int dotted)
{
    size_t ln = strlen(lit);
    for (const char *q = txi_memmem(s, n, lit, ln); q; q = txi_memmem(q + 1, n - (size_t)(q + 1 - s), lit, ln)) {
        const char *v = q + ln, *end = s + n, *e = v;
        if (e + 1 < end && e[0] == '*' && e[1] == '.')
            v = e = e + 2;
        while (e < end && (host_char((unsigned char)*e) || *e == ':'))
            e++;
        while (e > v && (e[-1] == '.' || e[-1] == ':'))
            e--;
        if (e + 2 < end && e[0] == ':' && e[1] == '/' && e[2] == '/')
            continue; /* a URL: learned as one */
        const char *colon = memchr(v, ':', (size_t)(e - v));
        if (colon && !txi_is_ip_address(v, (size_t)(e - v)))
            e = colon; /* host:port */
        if (e > v && (!dotted || memchr(v, '.', (size_t)(e - v)) || (dotted == 2 && !generic_word(v, (size_t)(e - v)))))
            add(r, TXA_RD_HOST, v, (size_t)(e - v));
    }
}

/* Names in a free text (exception message, notice, evidence line). */
static void learn_text(txa_redactor *r, const char *s, size_t n)
{
    if (!n)
        return;
    learn_dns(r, s, n);
    /* URLs */
    for (const char *q = txi_memmem(s, n, "://", 3); q; q = txi_memmem(q + 3, n - (size_t)(q + 3 - s), "://", 3)) {
        const char *b = q;
        while (b > s && isalpha((unsigned char)b[-1]))
            b--;
        txa_redact_learn(r, TXA_RD_URL, b, n - (size_t)(b - s));
    }
    /* "Certificate for <api.payroll.corp> doesn't match ..." (a name in
       another script too: an internationalised name, a publisher's stand-in) */
    for (const char *q = memchr(s, '<', n); q; q = memchr(q + 1, '<', n - (size_t)(q + 1 - s))) {
        const char *e = q + 1, *end = s + n;
        while (e < end && (name_byte((unsigned char)*e) || *e == ':' || *e == '*'))
            e++;
        if (e < end && *e == '>' && e > q + 1) {
            const char *h = q + 1;
            if (e - h > 2 && h[0] == '*' && h[1] == '.')
                h += 2;
            add(r, TXA_RD_HOST, h, (size_t)(e - h));
        }
    }
    after_lit(r, s, n, "matching IP address ", 0);
    after_lit(r, s, n, "name matching ", 0);
    after_lit(r, s, n, "names matching ", 0);
    after_lit(r, s, n, "UnknownHostException: ", 0);
    after_lit(r, s, n, "Host name '", 0);
    after_lit(r, s, n, "Hostname ", 1);
    after_lit(r, s, n, "Connecting to ", 2);
    after_lit(r, s, n, "connect to ", 2);
    /* SAN lists: "... subject alternative names: [web.payroll.corp, *.hr.payroll.corp]" */
    for (const char *q = txi_memmem(s, n, "names: [", 8); q; q = txi_memmem(q + 1, n - (size_t)(q + 1 - s), "names: [", 8)) {
        const char *p = q + 8, *end = s + n;
        while (p < end && *p != ']') {
            while (p < end && (*p == ' ' || *p == ','))
                p++;
            const char *e = p;
            while (e < end && *e != ',' && *e != ']')
                e++;
            txi_sv item = txi_sv_trim(txi_sv_make(p, (size_t)(e - p)));
            if (item.n > 2 && item.p[0] == '*' && item.p[1] == '.') {
                item.p += 2;
                item.n -= 2;
            }
            add(r, TXA_RD_HOST, item.p, item.n);
            p = e;
        }
    }
    guess_host_port(r, s, n);
    guess_dotted(r, s, n);
}

void txa_redact_learn_text(txa_redactor *r, const char *s, size_t n)
{
    if (r && s)
        learn_text(r, s, n);
}

void txa_redact_learn(txa_redactor *r, int kind, const char *s, size_t n)
{
    if (!r || !s)
        return;
    if (kind == TXA_RD_URL) {
        /* scheme://[user@]host[:port]/... */
        const char *h = txi_memmem(s, n, "://", 3);
        if (!h)
            return;
        h += 3;
        const char *end = s + n, *q = h;
        const char *at = h;
        while (at < end && *at != '/' && *at != '@' && *at != ' ' && *at != '"')
            at++;
        if (at < end && *at == '@') {
            /* user[:password]@ - credentials, masked like names (user-N) */
            const char *colon = memchr(h, ':', (size_t)(at - h));
            add(r, K_USER, h, (size_t)((colon ? colon : at) - h));
            if (colon)
                add(r, K_USER, colon + 1, (size_t)(at - colon - 1));
            h = q = at + 1;
        }
        if (q < end && *q == '[') {
            const char *rb = memchr(q, ']', (size_t)(end - q));
            if (rb)
                add(r, TXA_RD_IP, q + 1, (size_t)(rb - q - 1));
            return;
        }
        while (q < end && *q != ':' && *q != '/' && *q != '?' && *q != '#' && *q != '"' && *q != ' ' &&
               *q != '>' && *q != ')' && *q != ',' && *q != '\'')
            q++;
        add(r, TXA_RD_HOST, h, (size_t)(q - h));
        return;
    }
    if (kind == TXA_RD_SUBJECT) {
        /* the DN itself, and each attribute value (the CN: a host name) */
        if (learn_dns(r, s, n))
            add(r, TXA_RD_SUBJECT, s, n);
        else
            learn_value(r, "CN", 2, txi_sv_make(s, n)); /* a bare CN */
        return;
    }
    if (kind == TXA_RD_SAN) {
        if (n > 4 && memcmp(s, "DNS:", 4) == 0) {
            if (n > 6 && s[4] == '*' && s[5] == '.')
                add(r, TXA_RD_HOST, s + 6, n - 6);
            else
                add(r, TXA_RD_HOST, s + 4, n - 4);
        } else if (n > 3 && memcmp(s, "IP:", 3) == 0) {
            add(r, TXA_RD_IP, s + 3, n - 3);
        } else if (n > 4 && (memcmp(s, "URI:", 4) == 0)) {
            txa_redact_learn(r, TXA_RD_URL, s + 4, n - 4);
        } else if (n > 6 && memcmp(s, "email:", 6) == 0) {
            add(r, K_VALUE, s + 6, n - 6);
            learn_dotted_in(r, s + 6, n - 6);
        } else if (!memchr(s, ':', n) || txi_is_ip_address(s, n)) {
            add(r, TXA_RD_HOST, n > 2 && s[0] == '*' && s[1] == '.' ? s + 2 : s, n > 2 && s[0] == '*' && s[1] == '.' ? n - 2 : n);
        }
        return;
    }
    if (kind == TXA_RD_HOST && n > 2 && s[0] == '*' && s[1] == '.') {
        s += 2;
        n -= 2;
    }
    /* a host the publisher masked in part ("**redacted**.db.region.example"):
       the part left in clear is a name of its own */
    if (kind == TXA_RD_HOST && memchr(s, '*', n))
        learn_dotted_in(r, s, n);
    add(r, kind, s, n);
}

void txa_redact_learn_event(txa_redactor *r, const txi_event *e)
{
    if (!r || !e)
        return;
    for (unsigned i = 0; i < e->nfields; i++) {
        const txi_field *f = &e->fields[i];
        switch (f->id) {
        case TXF_HOST:
            txa_redact_learn(r, TXA_RD_HOST, f->val, f->len);
            break;
        case TXF_NAME:
            if (e->type == TXE_SNI)
                txa_redact_learn(r, TXA_RD_HOST, f->val, f->len);
            break;
        case TXF_URL:
            txa_redact_learn(r, TXA_RD_URL, f->val, f->len);
            break;
        case TXF_SUBJECT:
        case TXF_ISSUER:
        case TXF_SUBJECTS:
            txa_redact_learn(r, TXA_RD_SUBJECT, f->val, f->len);
            break;
        case TXF_SAN:
            txa_redact_learn(r, TXA_RD_SAN, f->val, f->len);
            break;
        case TXF_MESSAGE:
        case TXF_ERROR:
        case TXF_CAUSES:
        case TXF_ROOT:
        case TXF_TEXT:
        case TXF_REASON:
        case TXF_VALUE:
        case TXF_PATH:
        case TXF_ALIAS:
            learn_text(r, f->val, f->len);
            break;
        default:
            break;
        }
    }
    if (e->src)
        learn_text(r, e->src->text, e->src->len);
}

/* ---- matching ----------------------------------------------------------------------- */

/* FNV hashes of the prefixes of buf + i, computed as far as asked. */
typedef struct {
    const char *s;
    size_t avail, have;
    uint32_t h[TX_MAX_REDACT_NAME + 1];
} prefix_hash;

static uint32_t ph_get(prefix_hash *ph, size_t k)
{
    while (ph->have < k) {
        ph->h[ph->have + 1] = TXI_FNV1A_STEP(ph->h[ph->have], ph->s[ph->have]);
        ph->have++;
    }
    return ph->h[k];
}

/* A dotted IPv4 address of n bytes at s? */
static int ipv4_run(const char *s, size_t n)
{
    int dots = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.')
            dots++;
        else if (!isdigit((unsigned char)s[i]))
            return 0;
    }
    return dots == 3 && txi_is_ip_address(s, n);
}

/* "CN=", "OU=", "EMAILADDRESS=" ...: where a distinguished name can start. */
static int dn_start(const char *s, size_t n)
{
    size_t k = 0;
    while (k < n && k < 16 && isupper((unsigned char)s[k]))
        k++;
    while (k < n && k < 18 && s[k] == ' ')
        k++;
    return k && k < n && s[k] == '=';
}

/* Where a DN value stands: after "=", "= ", "=\"" or "=\\\"". */
static int value_pos(const char *buf, size_t i)
{
    if (i == 0)
        return 0;
    if (buf[i - 1] == '=')
        return 1;
    if (i >= 2 && buf[i - 2] == '=' && (buf[i - 1] == ' ' || buf[i - 1] == '"'))
        return 1;
    return i >= 3 && buf[i - 3] == '=' && buf[i - 2] == '\\' && buf[i - 1] == '"';
}

/* Does a name of L bytes at buf[i] end as a whole token? */
static int ends_token(const char *buf, size_t n, size_t i, size_t L)
{
    size_t j = i + L;
    if (j >= n || !name_byte((unsigned char)buf[j - 1]) || !name_byte((unsigned char)buf[j]))
        return 1;
    return buf[j] == '.' && (j + 1 >= n || !name_byte((unsigned char)buf[j + 1]));
}

/* The longest learned name that starts at buf[i] as a whole token. */
static const rentry *match_at(txa_redactor *r, const char *buf, size_t n, size_t i, size_t *len, prefix_hash *ph)
{
    size_t avail = n - i < TX_MAX_REDACT_NAME ? n - i : TX_MAX_REDACT_NAME;
    ph->s = buf + i;
    ph->avail = avail;
    ph->have = 0;
    ph->h[0] = TXI_FNV1A_INIT;
    /* subjects and attribute values, longest first, among those that start
     * with the word (or the first RDN) found here */
    if (r->nleads) {
        int vpos = value_pos(buf, i);
        size_t keys[2] = {word_len(buf + i, avail), dn_start(buf + i, n - i) ? lead_len(buf + i, avail) : 0};
        const rentry *best = NULL;
        size_t blen = 0;
        for (int k = 0; k < 2; k++) {
            if (!keys[k] || (k == 1 && keys[1] == keys[0]))
                continue;
            const rentry *l = find_h(r, buf + i, keys[k], ph_get(ph, keys[k]));
            if (!l || !(l->flags & RF_LEAD))
                continue;
            for (unsigned j = 0; j < l->nlens; j++) {
                size_t L = l->lens[j];
                if (L > avail || L <= blen)
                    continue;
                const rentry *e = find_h(r, buf + i, L, ph_get(ph, L));
                if (e && (e->flags & RF_NAME) && (e->flags & RF_SUBJ) && (vpos || !(e->flags & RF_DNCTX)) &&
                    ends_token(buf, n, i, L)) {
                    best = e;
                    blen = L;
                    break;
                }
            }
        }
        if (best) {
            *len = blen;
            return best;
        }
    }
    /* hosts and addresses: the whole run of name characters */
    size_t run = 0;
    while (run < avail && name_byte((unsigned char)buf[i + run]))
        run++;
    size_t r6 = 0;
    while (r6 < avail && ip6_char((unsigned char)buf[i + r6]))
        r6++;
    if (r6 > run && memchr(buf + i, ':', r6)) {
        const rentry *e = find_h(r, buf + i, r6, ph_get(ph, r6));
        if (e && (e->flags & RF_NAME)) {
            *len = r6;
            return e;
        }
    }
    /* the run, then its prefixes ending before a separator, longest first:
     * "checkout.example." ending a sentence, "erp.example-ca" as an alias */
    for (size_t k = run; k >= 4; k--) {
        if (k < run && !(buf[i + k] == '.' || buf[i + k] == '-' || buf[i + k] == '_' ||
                         ((unsigned char)buf[i + k] >= 0x80 && !((unsigned char)buf[i + k - 1] >= 0x80))))
            continue; /* ("api.example" before a typographic apostrophe or any other UTF-8 text) */
        const rentry *e = find_h(r, buf + i, k, ph_get(ph, k));
        if (e && (e->flags & RF_NAME) && !(e->flags & RF_DNCTX)) {
            *len = k;
            return e;
        }
    }
    if (run >= 7 && ipv4_run(buf + i, run) && !SV_STARTS(buf + i, run, "2.5.29.") && !SV_STARTS(buf + i, run, "2.5.4.")) {
        /* (not the certificate extension and attribute OIDs "2.5.29.19") */
        /* an address the events did not name: learn it now */
        add(r, TXA_RD_IP, buf + i, run);
        const rentry *e = find_entry(r, buf + i, run);
        if (e) {
            *len = run;
            return e;
        }
    }
    return NULL;
}

void txa_redact_write(txa_redactor *r, const char *buf, size_t n, FILE *out)
{
    prefix_hash *ph = malloc(sizeof *ph);
    if (!ph) { /* masking is not optional: print nothing rather than the names */
        fputs("(redacted: out of memory)\n", out);
        return;
    }
    size_t start = 0;
    for (size_t i = 0; i < n;) {
        size_t len = 0;
        const rentry *hit = NULL;
        /* a name starts after a non-name byte, or after a dot that does
           ("*.host", " .host" where a masked label was cut off) */
        if (i == 0 || !host_char((unsigned char)buf[i - 1]) ||
            (buf[i - 1] == '.' && (i < 2 || buf[i - 2] == '*' || !host_char((unsigned char)buf[i - 2]))))
            hit = match_at(r, buf, n, i, &len, ph);
        if (!hit) {
            i++;
            continue;
        }
        fwrite(buf + start, 1, i - start, out);
        fputs(hit->tok, out);
        i += len;
        start = i;
    }
    fwrite(buf + start, 1, n - start, out);
    free(ph);
}

void txa_redact_learn_file(txa_redactor *r, const char *name)
{
    if (!r || !name)
        return;
    /* each run of host characters of the name: the learned hosts inside it
     * that start and end at a separator, the longest first, replaced (once
     * per name and set of names learned: events call this per event) */
    if (r->last_file && r->last_n == r->n && strcmp(r->last_file, name) == 0)
        return;
    size_t n = strlen(name);
    for (size_t i = 0; i < n;) {
        if (!host_char((unsigned char)name[i])) {
            i++;
            continue;
        }
        size_t e = i;
        while (e < n && host_char((unsigned char)name[e]))
            e++;
        size_t run = e - i;
        if (run <= 256 && !find_entry(r, name + i, run)) {
            const rentry *best = NULL;
            size_t bs = 0, bl = 0;
            for (size_t s = i; s < e; s++) {
                if (s > i && !strchr("-_.", name[s - 1]))
                    continue;
                for (size_t t = e; t > s + 3; t--) {
                    if (t < e && !strchr("-_.", name[t]))
                        continue;
                    const rentry *h = find_entry(r, name + s, t - s);
                    if (h && (h->flags & RF_NAME) && !(h->flags & RF_DNCTX) && t - s > bl) {
                        best = h;
                        bs = s;
                        bl = t - s;
                    }
                }
            }
            if (best && bl < run) {
                size_t tl = strlen(best->tok);
                char *rep = malloc(run - bl + tl + 1);
                if (rep) {
                    memcpy(rep, name + i, bs - i);
                    memcpy(rep + (bs - i), best->tok, tl);
                    memcpy(rep + (bs - i) + tl, name + bs + bl, e - bs - bl);
                    rep[run - bl + tl] = '\0';
                    put_name(r, name + i, run, rep, 0);
                    free(rep);
                }
            }
        }
        i = e;
    }
    free(r->last_file);
    r->last_file = strdup(name);
    r->last_n = r->n;
}

char *txa_redact_str(txa_redactor *r, const char *s)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *mem = open_memstream(&buf, &n);
    if (!mem)
        return NULL;
    txa_redact_write(r, s, strlen(s), mem);
    fclose(mem);
    return buf;
}
