/*
 * redact.c - `--redact`: host names, IP addresses and certificate
 * subjects masked in every output, consistently.
 *
 * The redactor learns the sensitive strings from the events (hosts, URLs,
 * SNI names, subjects, issuers, SAN entries, the anchors listed in a
 * truststore) and from the findings' variables, and gives each a stable
 * token: `host-1`, `ip-1`, `subject-1`.  Output is rendered into memory
 * first, then every occurrence of a learned string - longest first, so a
 * subject goes before the host name inside it - is replaced, and dotted
 * IPv4 addresses the events did not name are masked as well.  The same
 * string gets the same token everywhere in one run, so a redacted report
 * still reads: "host-3 sent a certificate for subject-2".
 */
#include "redact.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../parser/strparse.h"

typedef struct {
    char *s;
    size_t n;
    char tok[24];
} rentry;

struct txo_redactor {
    rentry *e;
    size_t n, cap;
    unsigned nhost, nip, nsubj;
    int sorted;
};

txo_redactor *txo_redactor_new(void) { return calloc(1, sizeof(txo_redactor)); }

void txo_redactor_free(txo_redactor *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        free(r->e[i].s);
    free(r->e);
    free(r);
}

static const char *find_entry(const txo_redactor *r, const char *s, size_t n)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->e[i].n == n && memcmp(r->e[i].s, s, n) == 0)
            return r->e[i].tok;
    return NULL;
}

static void add_escaped(txo_redactor *r, size_t idx)
{
    const rentry *src = &r->e[idx];
    char *esc = malloc(src->n * 2 + 1);
    if (!esc)
        return;
    size_t k = 0;
    for (size_t i = 0; i < src->n; i++) {
        if (src->s[i] == '"' || src->s[i] == '\\')
            esc[k++] = '\\';
        esc[k++] = src->s[i];
    }
    esc[k] = '\0';
    if (r->n == r->cap) {
        size_t cap = r->cap * 2;
        rentry *ne = realloc(r->e, cap * sizeof *ne);
        if (!ne) {
            free(esc);
            return;
        }
        r->e = ne;
        r->cap = cap;
    }
    rentry *e = &r->e[r->n++];
    e->s = esc;
    e->n = k;
    memcpy(e->tok, r->e[idx].tok, sizeof e->tok);
}

static void add(txo_redactor *r, int kind, const char *s, size_t n)
{
    txi_sv v = txi_sv_unquote(txi_sv_trim(txi_sv_make(s, n)));
    if (v.n < 4 || v.n > 1024 || find_entry(r, v.p, v.n))
        return;
    if (kind == TXO_RD_HOST && txi_is_ip_address(v.p, v.n))
        kind = TXO_RD_IP;
    if (kind == TXO_RD_HOST && !memchr(v.p, '.', v.n) && strncmp(v.p, "localhost", v.n) != 0)
        return; /* single words are too likely to be ordinary text */
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        rentry *ne = realloc(r->e, cap * sizeof *ne);
        if (!ne)
            return;
        r->e = ne;
        r->cap = cap;
    }
    rentry *e = &r->e[r->n];
    e->s = malloc(v.n + 1);
    if (!e->s)
        return;
    memcpy(e->s, v.p, v.n);
    e->s[v.n] = '\0';
    e->n = v.n;
    if (kind == TXO_RD_IP)
        snprintf(e->tok, sizeof e->tok, "ip-%u", ++r->nip);
    else if (kind == TXO_RD_SUBJECT)
        snprintf(e->tok, sizeof e->tok, "subject-%u", ++r->nsubj);
    else
        snprintf(e->tok, sizeof e->tok, "host-%u", ++r->nhost);
    r->n++;
    r->sorted = 0;
    /* a name with quotes or backslashes also appears JSON-escaped: mask that
     * form with the same token (O="Wayne, Inc." -> O=\"Wayne, Inc.\") */
    if (memchr(v.p, '"', v.n) || memchr(v.p, '\\', v.n))
        add_escaped(r, r->n - 1);
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

static int by_length_desc(const void *a, const void *b)
{
    const rentry *x = a, *y = b;
    return x->n < y->n ? 1 : x->n > y->n ? -1 : 0;
}

/* A dotted IPv4 address starting at s[i] (not inside a longer number)? */
static size_t ipv4_at(const char *s, size_t n, size_t i)
{
    if (i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '.'))
        return 0;
    size_t k = i;
    int parts = 0;
    while (parts < 4) {
        size_t d = 0;
        while (k < n && isdigit((unsigned char)s[k]) && d < 4) {
            k++;
            d++;
        }
        if (!d || d > 3)
            return 0;
        parts++;
        if (parts < 4) {
            if (k >= n || s[k] != '.')
                return 0;
            k++;
        }
    }
    if (k < n && (isalnum((unsigned char)s[k]) || (s[k] == '.' && k + 1 < n && isdigit((unsigned char)s[k + 1]))))
        return 0;
    return txi_is_ip_address(s + i, k - i) ? k - i : 0;
}

void txo_redact_write(txo_redactor *r, const char *buf, size_t n, FILE *out)
{
    if (!r->sorted) {
        if (r->n) /* qsort(NULL, 0, ...) is undefined */
            qsort(r->e, r->n, sizeof *r->e, by_length_desc);
        r->sorted = 1;
    }
    size_t start = 0;
    for (size_t i = 0; i < n;) {
        const rentry *hit = NULL;
        for (size_t k = 0; k < r->n; k++) {
            if (r->e[k].n <= n - i && r->e[k].s[0] == buf[i] && memcmp(buf + i, r->e[k].s, r->e[k].n) == 0) {
                hit = &r->e[k];
                break;
            }
        }
        size_t ipn = hit ? 0 : (isdigit((unsigned char)buf[i]) ? ipv4_at(buf, n, i) : 0);
        if (!hit && ipn) {
            add(r, TXO_RD_IP, buf + i, ipn);
            hit = NULL;
            for (size_t k = 0; k < r->n; k++)
                if (r->e[k].n == ipn && memcmp(r->e[k].s, buf + i, ipn) == 0)
                    hit = &r->e[k];
            r->sorted = 0;
        }
        if (!hit) {
            i++;
            continue;
        }
        fwrite(buf + start, 1, i - start, out);
        fputs(hit->tok, out);
        i += hit->n;
        start = i;
    }
    fwrite(buf + start, 1, n - start, out);
    if (!r->sorted) {
        qsort(r->e, r->n, sizeof *r->e, by_length_desc);
        r->sorted = 1;
    }
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
