/*
 * yamldoc.c - the shipped rule files' documents back from the build
 * (yamldoc.h), in one allocation (not libyaml's: txi_ydoc_free(), not
 * yaml_document_delete(), frees it).
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

/* One allocation holds the whole document: the nodes, the mapping pairs, the
 * sequence items and the scalars' bytes (in that order: each part aligned
 * for the next); txi_ydoc_free() frees it. */
int txi_ydoc_build(const txi_ydoc *d, yaml_document_t *doc)
{
    memset(doc, 0, sizeof *doc);
    size_t npairs = 0, nitems = 0, nstr = 0;
    for (unsigned i = 0; i < d->nnodes; i++) {
        const txi_ynode *s = &d->nodes[i];
        if (s->type == YAML_MAPPING_NODE)
            npairs += s->n;
        else if (s->type == YAML_SEQUENCE_NODE)
            nitems += s->n;
        else if (s->type == YAML_SCALAR_NODE && s->off + (size_t)s->n + 1 > nstr)
            nstr = s->off + (size_t)s->n + 1;
    }
    size_t size = d->nnodes * sizeof(yaml_node_t) + npairs * sizeof(yaml_node_pair_t) +
                  nitems * sizeof(yaml_node_item_t) + nstr;
    yaml_node_t *nodes = malloc(size ? size : 1);
    if (!nodes)
        return -1;
    yaml_node_pair_t *pairs = (yaml_node_pair_t *)(void *)(nodes + d->nnodes);
    yaml_node_item_t *items = (yaml_node_item_t *)(void *)(pairs + npairs);
    char *strings = (char *)(items + nitems);
    memcpy(strings, d->strings, nstr);
    doc->nodes.start = nodes;
    doc->nodes.end = doc->nodes.top = nodes + d->nnodes;
    doc->start_implicit = d->start_implicit;
    doc->end_implicit = d->end_implicit;
    doc->start_mark = mark(&d->start);
    doc->end_mark = mark(&d->end);
    for (unsigned i = 0; i < d->nnodes; i++) {
        const txi_ynode *s = &d->nodes[i];
        yaml_node_t *n = &nodes[i];
        memset(n, 0, sizeof *n);
        n->type = (yaml_node_type_t)s->type;
        n->start_mark = mark(&s->start);
        n->end_mark = mark(&s->end);
        if (n->type == YAML_SCALAR_NODE) {
            n->data.scalar.value = (yaml_char_t *)strings + s->off;
            n->data.scalar.length = s->n;
            n->data.scalar.style = (yaml_scalar_style_t)s->style;
        } else if (n->type == YAML_SEQUENCE_NODE) {
            memcpy(items, d->items + s->off, s->n * sizeof *items);
            n->data.sequence.items.start = items;
            n->data.sequence.items.end = n->data.sequence.items.top = items + s->n;
            n->data.sequence.style = (yaml_sequence_style_t)s->style;
            items += s->n;
        } else if (n->type == YAML_MAPPING_NODE) {
            for (unsigned k = 0; k < s->n; k++) {
                pairs[k].key = d->items[s->off + 2 * k];
                pairs[k].value = d->items[s->off + 2 * k + 1];
            }
            n->data.mapping.pairs.start = pairs;
            n->data.mapping.pairs.end = n->data.mapping.pairs.top = pairs + s->n;
            n->data.mapping.style = (yaml_mapping_style_t)s->style;
            pairs += s->n;
        }
    }
    return 0;
}

void txi_ydoc_free(yaml_document_t *doc)
{
    free(doc->nodes.start);
    memset(doc, 0, sizeof *doc);
}
