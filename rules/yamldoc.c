/*
 * yamldoc.c - the shipped rule files' documents back from the build
 * (yamldoc.h): each node allocated as libyaml's loader allocates it, so that
 * yaml_document_delete() frees the document like a parsed one.
 */
#include "yamldoc.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

const txi_ydoc *txi_ydoc_find(const char *name, size_t len)
{
    for (const txi_ydoc *d = txi_builtin_docs; d->name; d++)
        if (d->textlen == len && strcmp(d->name, name) == 0)
            return d;
    return NULL;
}

static yaml_mark_t mark(const txi_ymark *m)
{
    yaml_mark_t y;
    y.index = m->index;
    y.line = m->line;
    y.column = m->column;
    return y;
}

int txi_ydoc_build(const txi_ydoc *d, yaml_document_t *doc)
{
    memset(doc, 0, sizeof *doc);
    yaml_node_t *nodes = calloc(d->nnodes ? d->nnodes : 1, sizeof *nodes);
    if (!nodes)
        return -1;
    doc->nodes.start = nodes;
    doc->nodes.end = doc->nodes.top = nodes + d->nnodes;
    doc->start_implicit = d->start_implicit;
    doc->end_implicit = d->end_implicit;
    doc->start_mark = mark(&d->start);
    doc->end_mark = mark(&d->end);
    for (unsigned i = 0; i < d->nnodes; i++) {
        const txi_ynode *s = &d->nodes[i];
        yaml_node_t *n = &nodes[i];
        n->type = (yaml_node_type_t)s->type;
        n->start_mark = mark(&s->start);
        n->end_mark = mark(&s->end);
        int ok = 1;
        if (n->type == YAML_SCALAR_NODE) {
            n->data.scalar.value = malloc((size_t)s->n + 1);
            if ((ok = n->data.scalar.value != NULL))
                memcpy(n->data.scalar.value, d->strings + s->off, (size_t)s->n + 1);
            n->data.scalar.length = s->n;
            n->data.scalar.style = (yaml_scalar_style_t)s->style;
        } else if (n->type == YAML_SEQUENCE_NODE) {
            yaml_node_item_t *it = malloc((s->n ? s->n : 1) * sizeof *it);
            if ((ok = it != NULL))
                memcpy(it, d->items + s->off, s->n * sizeof *it);
            n->data.sequence.items.start = it;
            n->data.sequence.items.end = n->data.sequence.items.top = it ? it + s->n : NULL;
            n->data.sequence.style = (yaml_sequence_style_t)s->style;
        } else if (n->type == YAML_MAPPING_NODE) {
            yaml_node_pair_t *pr = malloc((s->n ? s->n : 1) * sizeof *pr);
            for (unsigned k = 0; pr && k < s->n; k++) {
                pr[k].key = d->items[s->off + 2 * k];
                pr[k].value = d->items[s->off + 2 * k + 1];
            }
            ok = pr != NULL;
            n->data.mapping.pairs.start = pr;
            n->data.mapping.pairs.end = n->data.mapping.pairs.top = pr ? pr + s->n : NULL;
            n->data.mapping.style = (yaml_mapping_style_t)s->style;
        }
        if (!ok) {
            doc->nodes.top = nodes + i + 1; /* what is built so far */
            yaml_document_delete(doc);
            return -1;
        }
    }
    return 0;
}
