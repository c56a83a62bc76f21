/*
 * vocab.c - the categories, profiles, public CAs and inspection vendors
 * of a rulebook (vocab.h): freeing, adding with replacement by id, lookup.
 */
#include <stdlib.h>
#include <string.h>

#include "vocab.h"

static void free_strv(char **v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void txr_category_free(txr_category *c)
{
    if (!c)
        return;
    free(c->id);
    free(c->title);
    free_strv(c->support, c->nsupport);
    for (unsigned i = 0; i < c->ncapture; i++)
        free(c->capture[i].step);
    free(c->capture);
    free(c->file);
    free(c);
}

void txr_profile_free(txr_profile *p)
{
    if (!p)
        return;
    free(p->id);
    free(p->title);
    free_strv(p->detect, p->ndetect);
    free(p->home_var);
    free(p->home_placeholder);
    free(p->home_from);
    free(p->capture);
    txr_pattern_free(p->home_re);
    for (unsigned i = 0; i < p->nvars; i++) {
        free(p->vars[i].name);
        free(p->vars[i].value);
        txr_pattern_free(p->vars[i].keep);
    }
    free(p->vars);
    free(p->file);
    free(p);
}

void txr_inspector_free(txr_inspector *i)
{
    if (!i)
        return;
    free(i->vendor);
    free_strv(i->match, i->nmatch);
    free(i);
}

void txr_vocab_clear(txr_vocab *v)
{
    for (unsigned i = 0; i < v->ncats; i++)
        txr_category_free(v->cats[i]);
    free(v->cats);
    for (unsigned i = 0; i < v->nprofs; i++)
        txr_profile_free(v->profs[i]);
    free(v->profs);
    free_strv(v->public_cas, v->npublic_cas);
    for (unsigned i = 0; i < v->ninspectors; i++)
        txr_inspector_free(v->inspectors[i]);
    free(v->inspectors);
    memset(v, 0, sizeof *v);
}

int txr_vocab_add_category(txr_vocab *v, txr_category *c)
{
    for (unsigned i = 0; i < v->ncats; i++) {
        if (strcmp(v->cats[i]->id, c->id) == 0) {
            txr_category_free(v->cats[i]);
            v->cats[i] = c;
            return 0;
        }
    }
    txr_category **n = realloc(v->cats, (v->ncats + 1) * sizeof *n);
    if (!n) {
        txr_category_free(c);
        return -1;
    }
    v->cats = n;
    v->cats[v->ncats++] = c;
    return 0;
}

int txr_vocab_add_profile(txr_vocab *v, txr_profile *p)
{
    for (unsigned i = 0; i < v->nprofs; i++) {
        if (strcmp(v->profs[i]->id, p->id) == 0) {
            txr_profile_free(v->profs[i]);
            v->profs[i] = p;
            return 0;
        }
    }
    txr_profile **n = realloc(v->profs, (v->nprofs + 1) * sizeof *n);
    if (!n) {
        txr_profile_free(p);
        return -1;
    }
    v->profs = n;
    v->profs[v->nprofs++] = p;
    return 0;
}

int txr_vocab_add_public_ca(txr_vocab *v, char *name)
{
    for (unsigned i = 0; i < v->npublic_cas; i++) {
        if (strcmp(v->public_cas[i], name) == 0) {
            free(name);
            return 0;
        }
    }
    char **nv = realloc(v->public_cas, (v->npublic_cas + 1) * sizeof *nv);
    if (!nv) {
        free(name);
        return -1;
    }
    v->public_cas = nv;
    v->public_cas[v->npublic_cas++] = name;
    return 0;
}

int txr_vocab_add_inspector(txr_vocab *v, txr_inspector *i)
{
    for (unsigned k = 0; k < v->ninspectors; k++) {
        if (strcmp(v->inspectors[k]->vendor, i->vendor) == 0) {
            txr_inspector_free(v->inspectors[k]);
            v->inspectors[k] = i;
            return 0;
        }
    }
    txr_inspector **nv = realloc(v->inspectors, (v->ninspectors + 1) * sizeof *nv);
    if (!nv) {
        txr_inspector_free(i);
        return -1;
    }
    v->inspectors = nv;
    v->inspectors[v->ninspectors++] = i;
    return 0;
}

int txr_vocab_merge(txr_vocab *to, txr_vocab *from)
{
    int bad = 0;
    for (unsigned i = 0; i < from->ncats; i++)
        if (txr_vocab_add_category(to, from->cats[i]) < 0)
            bad = 1;
    for (unsigned i = 0; i < from->nprofs; i++)
        if (txr_vocab_add_profile(to, from->profs[i]) < 0)
            bad = 1;
    for (unsigned i = 0; i < from->npublic_cas; i++)
        if (txr_vocab_add_public_ca(to, from->public_cas[i]) < 0)
            bad = 1;
    free(from->cats);
    free(from->profs);
    for (unsigned i = 0; i < from->ninspectors; i++)
        if (txr_vocab_add_inspector(to, from->inspectors[i]) < 0)
            bad = 1;
    free(from->public_cas);
    free(from->inspectors);
    memset(from, 0, sizeof *from);
    return bad ? -1 : 0;
}

const txr_category *txr_vocab_category(const txr_vocab *v, const char *id)
{
    for (unsigned i = 0; v && id && i < v->ncats; i++)
        if (strcmp(v->cats[i]->id, id) == 0)
            return v->cats[i];
    return NULL;
}

const txr_profile *txr_vocab_profile(const txr_vocab *v, const char *id)
{
    for (unsigned i = 0; v && id && i < v->nprofs; i++)
        if (strcmp(v->profs[i]->id, id) == 0)
            return v->profs[i];
    return NULL;
}
