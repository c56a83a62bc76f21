/* context.c - evidence lent from one input to another (see context.h). */
#include "context.h"

#include <string.h>

#include "../parser/dialect.h"
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

static unsigned lend(tx_analysis *to, const tx_analysis *from)
{
    unsigned n = 0;
    for (const txi_event *g = txi_parser_globals(from->p); g; g = g->next) {
        if (!is_listing(g))
            continue;
        txi_event *e = txi_emit_begin(to->p, g->type, NULL);
        if (!e)
            continue;
        for (unsigned i = 0; i < g->nfields; i++)
            if (g->fields[i].id != TXF_FILE)
                txi_emit_field(to->p, e, g->fields[i].id, g->fields[i].val, g->fields[i].len, NULL);
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
