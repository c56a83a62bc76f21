/* logctx.c - the log lines around each evidence line (model.h says how they are read). */
#include <stdlib.h>
#include <string.h>

#include "../parser/dialect.h"
#include "../parser/limits.h"
#include "analysis.h"
#include "model.h"
#include "redact.h"

struct txa_logctx {
    txa_ctx_state state;
    uint64_t *want; /* the evidence lines, sorted, each once */
    size_t nwant;
    uint64_t no;    /* the line being read (1: the first) */
    uint64_t bytes; /* fed so far (as text: UTF-16 input counts as its UTF-8, like the parser's) */
    txi_dec dec;    /* the input's encoding, as tx_analysis_feed tells it */
    char *buf;      /* the line being read, when it is wanted (up to TX_MAX_LINE bytes) */
    size_t n, cap;
    int open;       /* bytes of the line being read were fed */
    txa_ctxline *v; /* the lines kept, in order */
    size_t nv, capv;
};

txa_ctx_state txa_logctx_state(const txa_logctx *x) { return x ? x->state : TXA_CTX_NONE; }

static size_t find(const txa_logctx *x, uint64_t no)
{
    size_t lo = 0, hi = x->nv;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x->v[mid].no < no)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const txa_ctxline *txa_logctx_line(const txa_logctx *x, uint64_t no, int *past)
{
    if (past)
        *past = x && x->state == TXA_CTX_OK && no >= x->no;
    if (!x || x->state != TXA_CTX_OK)
        return NULL;
    size_t i = find(x, no);
    return i < x->nv && x->v[i].no == no ? &x->v[i] : NULL;
}

const txa_ctxline *txa_logctx_lines(const txa_logctx *x, size_t *n)
{
    *n = x && x->state == TXA_CTX_OK ? x->nv : 0;
    return *n ? x->v : NULL;
}

static void drop_lines(txa_logctx *x)
{
    for (size_t i = 0; i < x->nv; i++)
        free(x->v[i].text);
    free(x->v);
    x->v = NULL;
    x->nv = x->capv = 0;
}

void txa_logctx_free(txa_logctx *x)
{
    if (!x)
        return;
    drop_lines(x);
    free(x->want);
    free(x->buf);
    free(x);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The evidence lines of every finding (superseded ones too: compare shows them). */
static txa_logctx *logctx_new(const txa_model *m)
{
    txa_logctx *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->state = TXA_CTX_READING;
    x->no = 1;
    size_t total = 0;
    for (unsigned i = 0; i < m->nfind; i++)
        total += m->findings[i].nev;
    if (total > TX_HTML_CONTEXT_EVIDENCE)
        total = TX_HTML_CONTEXT_EVIDENCE;
    x->want = total ? malloc(total * sizeof *x->want) : NULL;
    if (total && !x->want) {
        x->state = TXA_CTX_NOMEM;
        return x;
    }
    for (unsigned i = 0; i < m->nfind; i++)
        for (unsigned k = 0; k < m->findings[i].nev; k++)
            if (m->findings[i].ev[k].line && x->nwant < total)
                x->want[x->nwant++] = m->findings[i].ev[k].line;
    if (x->nwant)
        qsort(x->want, x->nwant, sizeof *x->want, cmp_u64);
    size_t k = 0;
    for (size_t i = 0; i < x->nwant; i++)
        if (!k || x->want[k - 1] != x->want[i])
            x->want[k++] = x->want[i];
    x->nwant = k;
    return x;
}

/* A hex-dump row: the parser's test on the line as read (txi_hex_row), and
 * the row's start after every blank or bar, as the parser finds it once a
 * prefix of the log's own is stripped (a Java Service Wrapper's "INFO | jvm
 * 1 | 2018/03/12 09:08:03.014 | 0000: 15 03 01 ...").  More than the parser
 * leaves out, never less: a row may hold decrypted application data. */
static int hex_row(const char *s, size_t n)
{
    if (txi_hex_row(s, n))
        return 1;
    while (n && s[n - 1] == '\r')
        n--;
    for (size_t i = 1; i < n; i++)
        if ((s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '|') && s[i] != ' ' && txi_is_hexdump(s + i, n - i))
            return 1;
    return 0;
}

/* Is line no within TX_HTML_CONTEXT_LINES of an evidence line? */
static int wanted(const txa_logctx *x, uint64_t no)
{
    uint64_t from = no > TX_HTML_CONTEXT_LINES ? no - TX_HTML_CONTEXT_LINES : 1;
    size_t lo = 0, hi = x->nwant;
    while (lo < hi) { /* the first evidence line >= from */
        size_t mid = lo + (hi - lo) / 2;
        if (x->want[mid] < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < x->nwant && x->want[lo] <= no + TX_HTML_CONTEXT_LINES;
}

static void end_line(txa_logctx *x)
{
    if (x->state == TXA_CTX_READING && wanted(x, x->no)) {
        size_t n = x->n;
        while (n && x->buf[n - 1] == '\r')
            n--;
        if (x->nv == x->capv) {
            size_t cap = x->capv ? x->capv * 2 : 64;
            txa_ctxline *v = realloc(x->v, cap * sizeof *v);
            if (!v) {
                x->state = TXA_CTX_NOMEM;
                goto out;
            }
            x->v = v;
            x->capv = cap;
        }
        txa_ctxline *l = &x->v[x->nv];
        memset(l, 0, sizeof *l);
        l->no = x->no;
        if (!hex_row(x->buf ? x->buf : "", n)) {
            size_t k = n;
            if (k > TX_HTML_CONTEXT_BYTES) { /* at a character's start */
                k = TX_HTML_CONTEXT_BYTES;
                while (k && ((unsigned char)x->buf[k] & 0xC0) == 0x80)
                    k--;
                l->cut = 1;
            }
            l->text = malloc(k + 1);
            if (!l->text) {
                x->state = TXA_CTX_NOMEM;
                goto out;
            }
            if (k)
                memcpy(l->text, x->buf, k);
            l->text[k] = '\0';
        }
        x->nv++;
    }
out:
    x->no++;
    x->n = 0;
    x->open = 0;
}

static void append(txa_logctx *x, const char *s, size_t n)
{
    x->open = 1;
    if (!n || x->state != TXA_CTX_READING || !wanted(x, x->no))
        return;
    if (n > TX_MAX_LINE - x->n) /* the parser reads no more of a line either */
        n = TX_MAX_LINE - x->n;
    if (x->n + n > x->cap) {
        size_t cap = x->cap ? x->cap : 1024;
        while (cap < x->n + n)
            cap *= 2;
        char *b = realloc(x->buf, cap);
        if (!b) {
            x->state = TXA_CTX_NOMEM;
            return;
        }
        x->buf = b;
        x->cap = cap;
    }
    memcpy(x->buf + x->n, s, n);
    x->n += n;
}

/* A piece of the log's text: its lines, the wanted ones kept. */
static void ctx_text(void *ud, const char *buf, size_t len)
{
    txa_logctx *x = ud;
    x->bytes += len;
    const char *s = buf, *end = buf + len;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        append(x, s, (size_t)((nl ? nl : end) - s));
        if (!nl)
            break;
        end_line(x);
        s = nl + 1;
    }
}

tx_status tx_analysis_feed_context(tx_analysis *a, const char *buf, size_t len)
{
    if (!a || !a->finished || !a->model || (len && !buf))
        return TX_EINVAL;
    txa_model *m = a->model;
    if (!m->context) {
        m->context = logctx_new(m);
        if (!m->context)
            return TX_ENOMEM;
    }
    txa_logctx *x = m->context;
    if (x->state != TXA_CTX_READING)
        return x->state == TXA_CTX_NOMEM ? TX_ENOMEM : len ? TX_EINVAL : TX_OK;
    if (!len) { /* the end */
        txi_dec_end(&x->dec, ctx_text, x);
        if (x->open)
            end_line(x);
        if (x->state == TXA_CTX_READING && x->bytes != m->bytes) {
            x->state = TXA_CTX_CHANGED;
            drop_lines(x);
        }
        if (x->state == TXA_CTX_READING) {
            x->state = TXA_CTX_OK;
            for (size_t i = 0; m->redactor && m->opt.redact && i < x->nv; i++)
                if (x->v[i].text)
                    txa_redact_learn_text(m->redactor, x->v[i].text, strlen(x->v[i].text));
        } else {
            drop_lines(x);
        }
        free(x->buf);
        x->buf = NULL;
        x->cap = x->n = 0;
        return x->state == TXA_CTX_NOMEM ? TX_ENOMEM : TX_OK;
    }
    txi_dec_feed(&x->dec, buf, len, ctx_text, x);
    return x->state == TXA_CTX_NOMEM ? TX_ENOMEM : TX_OK;
}
