/*
 * redact.c - `--redact`: host names, IP addresses and certificate
 * subjects masked in every output, consistently.
 *
 * The redactor learns the sensitive strings from the events (hosts, URLs,
 * SNI names, subjects, issuers, SAN entries, the anchors listed in a
 * truststore) and from the findings' variables, and gives each a stable
 * token: `host-1`, `ip-1`, `subject-1`.  Output is rendered into memory
 * first, then masked: the same string gets the same token everywhere in
 * one run, so a redacted report still reads "host-3 sent a certificate for
 * subject-2".
 *
 * Matching is by token, through a hash table, so its cost does not grow
 * with the number of names learned (a hostile log can name hundreds of
 * thousands of hosts):
 *  - at every position where a name can start (not preceded by a name
 *    character), the maximal run of host characters [A-Za-z0-9._-] (and of
 *    IPv6 characters [0-9A-Fa-f:.]) is looked up, then its prefixes that
 *    end before a '.', '-' or '_' ("host.example." ending a sentence,
 *    "host.example-ca" as a keytool alias); a dotted IPv4 address the
 *    events did not name is masked too;
 *  - at every position where a distinguished name can start ("CN=", "O=",
 *    "OU=" ...) or an attribute value does (after "="), the prefixes of the
 *    lengths of the subjects learned are looked up, longest first (a
 *    subject goes before the host name in it).
 * A name is masked only as a whole token: "h1.example.com" inside
 * "xh1.example.com" is a different name.
 */
#include "redact.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../parser/strparse.h"

typedef struct {
    char *s;
    size_t n;
    uint32_t hash;
    char tok[24];
} rentry;

struct txo_redactor {
    rentry *e;
    size_t n, cap;
    uint32_t *index; /* open addressing: entry index + 1, 0 = empty */
    size_t icap;
    size_t *dnlens;  /* distinct lengths of the subjects learned, descending */
    size_t ndnlens, dncap;
    unsigned nhost, nip, nsubj;
};

static uint32_t hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

txo_redactor *txo_redactor_new(void) { return calloc(1, sizeof(txo_redactor)); }

void txo_redactor_free(txo_redactor *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        free(r->e[i].s);
    free(r->e);
    free(r->index);
    free(r->dnlens);
    free(r);
}

static const rentry *find_entry(const txo_redactor *r, const char *s, size_t n)
{
    if (!r->icap)
        return NULL;
    uint32_t h = hash_bytes(s, n);
    for (size_t i = h & (r->icap - 1);; i = (i + 1) & (r->icap - 1)) {
        uint32_t k = r->index[i];
        if (!k)
            return NULL;
        const rentry *e = &r->e[k - 1];
        if (e->hash == h && e->n == n && memcmp(e->s, s, n) == 0)
            return e;
    }
}

static int index_grow(txo_redactor *r)
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

static void note_dn_length(txo_redactor *r, size_t n)
{
    size_t i = 0;
    while (i < r->ndnlens && r->dnlens[i] > n)
        i++;
    if (i < r->ndnlens && r->dnlens[i] == n)
        return;
    if (r->ndnlens == r->dncap) {
        size_t cap = r->dncap ? r->dncap * 2 : 16;
        size_t *nl = realloc(r->dnlens, cap * sizeof *nl);
        if (!nl)
            return;
        r->dnlens = nl;
        r->dncap = cap;
    }
    memmove(r->dnlens + i + 1, r->dnlens + i, (r->ndnlens - i) * sizeof *r->dnlens);
    r->dnlens[i] = n;
    r->ndnlens++;
}

/* Insert s with token tok (a copy); returns the entry or NULL. */
static const rentry *insert(txo_redactor *r, const char *s, size_t n, const char *tok, int dn)
{
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
    rentry *e = &r->e[r->n];
    e->s = malloc(n + 1);
    if (!e->s)
        return NULL;
    memcpy(e->s, s, n);
    e->s[n] = '\0';
    e->n = n;
    e->hash = hash_bytes(s, n);
    snprintf(e->tok, sizeof e->tok, "%s", tok);
    size_t i = e->hash & (r->icap - 1);
    while (r->index[i])
        i = (i + 1) & (r->icap - 1);
    r->index[i] = (uint32_t)(r->n + 1);
    r->n++;
    if (dn)
        note_dn_length(r, n);
    return e;
}

static void add(txo_redactor *r, int kind, const char *s, size_t n)
{
    txi_sv v = txi_sv_unquote(txi_sv_trim(txi_sv_make(s, n)));
    while (kind != TXO_RD_SUBJECT && v.n && v.p[v.n - 1] == '.')
        v.n--; /* a fully qualified "host.example." is the same host */
    if (v.n < 4 || v.n > 1024 || find_entry(r, v.p, v.n))
        return;
    if (kind == TXO_RD_HOST && txi_is_ip_address(v.p, v.n))
        kind = TXO_RD_IP;
    if (kind == TXO_RD_HOST && !memchr(v.p, '.', v.n) && strncmp(v.p, "localhost", v.n) != 0)
        return; /* single words are too likely to be ordinary text */
    char tok[24];
    if (kind == TXO_RD_IP)
        snprintf(tok, sizeof tok, "ip-%u", ++r->nip);
    else if (kind == TXO_RD_SUBJECT)
        snprintf(tok, sizeof tok, "subject-%u", ++r->nsubj);
    else
        snprintf(tok, sizeof tok, "host-%u", ++r->nhost);
    if (!insert(r, v.p, v.n, tok, kind == TXO_RD_SUBJECT))
        return;
    /* a name with quotes or backslashes also appears JSON-escaped: mask that
     * form with the same token (O="Wayne, Inc." -> O=\"Wayne, Inc.\") */
    if (memchr(v.p, '"', v.n) || memchr(v.p, '\\', v.n)) {
        char *esc = malloc(v.n * 2 + 1);
        if (!esc)
            return;
        size_t k = 0;
        for (size_t i = 0; i < v.n; i++) {
            if (v.p[i] == '"' || v.p[i] == '\\')
                esc[k++] = '\\';
            esc[k++] = v.p[i];
        }
        if (!find_entry(r, esc, k))
            insert(r, esc, k, tok, kind == TXO_RD_SUBJECT);
        free(esc);
    }
}

void txo_redact_learn(txo_redactor *r, int kind, const char *s, size_t n)
{
    if (!r || !s)
        return;
    if (kind == TXO_RD_URL) {
        /* scheme://host[:port]/... */
        const char *h = txi_memmem(s, n, "://", 3);
        if (!h)
            return;
        h += 3;
        const char *end = s + n, *q = h;
        if (q < end && *q == '[') {
            const char *rb = memchr(q, ']', (size_t)(end - q));
            if (rb)
                add(r, TXO_RD_IP, q + 1, (size_t)(rb - q - 1));
            return;
        }
        while (q < end && *q != ':' && *q != '/' && *q != '?' && *q != '"' && *q != ' ')
            q++;
        add(r, TXO_RD_HOST, h, (size_t)(q - h));
        return;
    }
    if (kind == TXO_RD_SUBJECT) {
        /* the DN itself, and the host name its CN holds */
        txi_sv cn = txi_dn_cn(s, n);
        if (cn.n && cn.p[0] != '*')
            add(r, TXO_RD_HOST, cn.p, cn.n);
        else if (cn.n > 2 && cn.p[0] == '*' && cn.p[1] == '.')
            add(r, TXO_RD_HOST, cn.p + 2, cn.n - 2);
        add(r, TXO_RD_SUBJECT, s, n);
        return;
    }
    if (kind == TXO_RD_SAN) {
        if (n > 4 && memcmp(s, "DNS:", 4) == 0) {
            if (n > 6 && s[4] == '*' && s[5] == '.')
                add(r, TXO_RD_HOST, s + 6, n - 6);
            else
                add(r, TXO_RD_HOST, s + 4, n - 4);
        } else if (n > 3 && memcmp(s, "IP:", 3) == 0) {
            add(r, TXO_RD_IP, s + 3, n - 3);
        }
        return;
    }
    add(r, kind, s, n);
}

void txo_redact_learn_event(txo_redactor *r, const txi_event *e)
{
    if (!r || !e)
        return;
    for (unsigned i = 0; i < e->nfields; i++) {
        const txi_field *f = &e->fields[i];
        switch (f->id) {
        case TXF_HOST:
            txo_redact_learn(r, TXO_RD_HOST, f->val, f->len);
            break;
        case TXF_NAME:
            if (e->type == TXE_SNI)
                txo_redact_learn(r, TXO_RD_HOST, f->val, f->len);
            break;
        case TXF_URL:
            txo_redact_learn(r, TXO_RD_URL, f->val, f->len);
            break;
        case TXF_SUBJECT:
        case TXF_ISSUER:
        case TXF_SUBJECTS:
            txo_redact_learn(r, TXO_RD_SUBJECT, f->val, f->len);
            break;
        case TXF_SAN:
            txo_redact_learn(r, TXO_RD_SAN, f->val, f->len);
            break;
        default:
            break;
        }
    }
}

static int host_char(unsigned char c) { return isalnum(c) || c == '.' || c == '-' || c == '_'; }
static int ip6_char(unsigned char c) { return isxdigit(c) || c == ':' || c == '.'; }

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
    return k && k < n && s[k] == '=';
}

/* The longest learned name that starts at buf[i] as a whole token. */
static const rentry *match_at(txo_redactor *r, const char *buf, size_t n, size_t i, size_t *len)
{
    /* subjects (and CN values learned as subjects): prefixes of the learned
     * lengths, longest first, where a DN or an attribute value starts */
    if (r->ndnlens && (dn_start(buf + i, n - i) || (i > 0 && buf[i - 1] == '='))) {
        for (size_t k = 0; k < r->ndnlens; k++) {
            size_t L = r->dnlens[k];
            if (L > n - i)
                continue;
            const rentry *e = find_entry(r, buf + i, L);
            if (e) {
                *len = L;
                return e;
            }
        }
    }
    /* hosts and addresses: the whole run of name characters */
    size_t run = 0;
    while (i + run < n && host_char((unsigned char)buf[i + run]))
        run++;
    size_t r6 = 0;
    while (i + r6 < n && ip6_char((unsigned char)buf[i + r6]))
        r6++;
    if (r6 > run && memchr(buf + i, ':', r6)) {
        const rentry *e = find_entry(r, buf + i, r6);
        if (e) {
            *len = r6;
            return e;
        }
    }
    /* the run, then its prefixes ending before a separator, longest first:
     * "checkout.example." ending a sentence, "erp.example-ca" as an alias */
    for (size_t k = run; k >= 4; k--) {
        if (k < run && !(buf[i + k] == '.' || buf[i + k] == '-' || buf[i + k] == '_'))
            continue;
        const rentry *e = find_entry(r, buf + i, k);
        if (e) {
            *len = k;
            return e;
        }
    }
    if (run >= 7 && ipv4_run(buf + i, run)) {
        /* an address the events did not name: learn it now */
        add(r, TXO_RD_IP, buf + i, run);
        const rentry *e = find_entry(r, buf + i, run);
        if (e) {
            *len = run;
            return e;
        }
    }
    return NULL;
}

void txo_redact_write(txo_redactor *r, const char *buf, size_t n, FILE *out)
{
    size_t start = 0;
    for (size_t i = 0; i < n;) {
        size_t len = 0;
        const rentry *hit = NULL;
        if (i == 0 || !host_char((unsigned char)buf[i - 1]))
            hit = match_at(r, buf, n, i, &len);
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
}

char *txo_redact_str(txo_redactor *r, const char *s)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *mem = open_memstream(&buf, &n);
    if (!mem)
        return NULL;
    txo_redact_write(r, s, strlen(s), mem);
    fclose(mem);
    return buf;
}
