/* context.c - evidence lent from one input to another (see context.h). */
#include "context.h"

#include <stdlib.h>
#include <string.h>

#include "../parser/dialect.h"
#include "../parser/limits.h"
#include "analysis.h"

int txa_is_tool_evidence(const tx_analysis *a)
{
    const txi_stats *s = txi_parser_stats(a->p);
    uint64_t tool = s->dialect_lines[TXI_DIALECT_KEYTOOL] + s->dialect_lines[TXI_DIALECT_OPENSSL] +
                    s->dialect_lines[TXI_DIALECT_CURL];
    return tool > 0 && txi_parser_log_lines(a->p) == 0;
}

static int is_listing(const txi_event *g)
{
    return (g->type == TXE_TRUSTSTORE || g->type == TXE_KEYSTORE) && txi_ev_is(g, TXF_DIALECT, "keytool");
}

unsigned txa_context_listings(const tx_analysis *a)
{
    unsigned n = 0;
    for (const txi_event *g = txi_parser_globals(a->p); g; g = g->next)
        n += is_listing(g);
    return n;
}

/* A listing's error text as txi_emit_field makes it in a borrower: the same
 * bytes for every borrower, so read once (txa_lent_prepare). */
typedef struct txa_lent_text {
    const txi_event *g;
    unsigned field;  /* index in g->fields */
    const char *p;   /* the field's own bytes, or own */
    size_t n;
    char *own;       /* a text read as English */
} txa_lent_text;

void txa_lent_free(tx_analysis *a)
{
    for (unsigned i = 0; i < a->nlent; i++)
        free(a->lent[i].own);
    free(a->lent);
    a->lent = NULL;
    a->nlent = 0;
}

void txa_lent_prepare(tx_analysis *a)
{
    if (a->lent || !txa_is_tool_evidence(a))
        return;
    unsigned n = 0;
    for (const txi_event *g = txi_parser_globals(a->p); g; g = g->next)
        for (unsigned i = 0; is_listing(g) && i < g->nfields; i++)
            n += g->fields[i].id == TXF_ERROR;
    if (!n || !(a->lent = calloc(n, sizeof *a->lent)))
        return;
    char buf[TX_MAX_FIELD_VALUE];
    for (const txi_event *g = txi_parser_globals(a->p); g; g = g->next) {
        for (unsigned i = 0; is_listing(g) && i < g->nfields; i++) {
            if (g->fields[i].id != TXF_ERROR)
                continue;
            txa_lent_text *t = &a->lent[a->nlent];
            txi_sv v = txi_emit_english(g->type, TXF_ERROR, g->fields[i].val, g->fields[i].len, buf);
            if (v.p == buf) {
                if (!(t->own = malloc(v.n ? v.n : 1))) {
                    txa_lent_free(a); /* (each borrower reads them then) */
                    return;
                }
                memcpy(t->own, v.p, v.n);
                v.p = t->own;
            }
            t->g = g;
            t->field = i;
            t->p = v.p;
            t->n = v.n;
            a->nlent++;
        }
    }
}

static const txa_lent_text *lent_text(const tx_analysis *a, const txi_event *g, unsigned i)
{
    for (unsigned k = 0; k < a->nlent; k++)
        if (a->lent[k].g == g && a->lent[k].field == i)
            return &a->lent[k];
    return NULL;
}

static unsigned lend(tx_analysis *to, const tx_analysis *from)
{
    unsigned n = 0;
    for (const txi_event *g = txi_parser_globals(from->p); g; g = g->next) {
        if (!is_listing(g))
            continue;
        txi_event *e = txi_emit_begin(to->p, g->type, NULL);
        if (!e)
            continue;
        for (unsigned i = 0; i < g->nfields; i++) {
            if (g->fields[i].id == TXF_FILE)
                continue;
            const txa_lent_text *t = g->fields[i].id == TXF_ERROR ? lent_text(from, g, i) : NULL;
            if (t)
                txi_emit_field_read(to->p, e, TXF_ERROR, t->p, t->n);
            else
                txi_emit_field(to->p, e, g->fields[i].id, g->fields[i].val, g->fields[i].len, NULL);
        }
        txi_emit_field(to->p, e, TXF_FILE, from->name, strlen(from->name), NULL);
        txi_emit_end(to->p, e, NULL, 0);
        n++;
    }
    return n;
}

unsigned txa_lend_context(tx_analysis *to, const tx_analysis *from)
{
    if (!to || !from || to == from || txi_parser_stats(to->p)->bytes)
        return 0;
    return lend(to, from);
}

unsigned txa_lend_context_again(tx_analysis *to, const tx_analysis *from)
{
    if (!to || !from || to == from || to->finished)
        return 0;
    for (const txi_event *g = txi_parser_globals(to->p); g; g = g->next)
        if (is_listing(g) && txi_ev_is(g, TXF_FILE, from->name))
            return 0; /* still there */
    /* A lent listing belongs to every epoch: join the current one instead of
     * starting a new epoch that would drop the log's own log-wide events. */
    txi_parser_join_epoch(to->p);
    return lend(to, from);
}

const char *txa_name(const tx_analysis *a) { return a->name; }
