/*
 * jdkfacts.c - the JDK release facts table (rules/jdk/releases.yaml,
 * embedded; jdkfacts.h, docs/jdk.md): `version: 1` and `facts:`, a list of
 * mappings whose scalar values are kept as strings (a list value, such as
 * `source`, is documentation: skipped).  Read through the YAML wrapper
 * (yaml_load.h) with no diagnostics: the table is a build-time file, so a
 * failure is a bug (test_holes checks it loads).  The build parses it with
 * the rule files (yamldoc.h): start-up reads that tree, not the text.
 */
#include <stdlib.h>
#include <string.h>

#include "jdkfacts.h"
#include "yaml_load.h"
#include "yamldoc.h"

void txr_jdk_facts_free(txr_jdk_facts *t)
{
    if (!t)
        return;
    for (unsigned i = 0; i < t->n; i++) {
        for (unsigned k = 0; k < t->v[i].n; k++) {
            free(t->v[i].kv[k].key);
            free(t->v[i].kv[k].val);
        }
        free(t->v[i].kv);
    }
    free(t->v);
    free(t);
}

tx_status txr_load_jdk_facts(const char *text, size_t len, txr_jdk_facts **out)
{
    *out = NULL;
    txr_yrd y;
    /* the document the build parsed (yamldoc.h), as for the shipped rule
     * files; TLSEXPLAIN_NO_CACHE parses the text (tests compare) */
    static const char name[] = "rules/jdk/releases.yaml";
    const struct txr_ydoc *pre = getenv("TLSEXPLAIN_NO_CACHE") ? NULL : txr_ydoc_find(name, len);
    tx_status st = txr_yrd_load(&y, name, text, len, pre, NULL, NULL);
    if (st != TX_OK) {
        txr_yrd_free(&y);
        return st;
    }
    st = TX_ESCHEMA;
    txr_jdk_facts *t = calloc(1, sizeof *t);
    const txr_ynode *root = txr_y_root(&y);
    if (!t) {
        st = TX_ENOMEM;
        goto done;
    }
    if (!root || root->type != TXR_Y_MAP)
        goto done;
    for (const int *pr = root->kids; pr < root->kids + 2 * (size_t)root->n; pr += 2) {
        const txr_ynode *k = txr_y_node(&y, pr[0]), *v = txr_y_node(&y, pr[1]);
        if (k->type != TXR_Y_SCALAR || strcmp(k->s, "facts") != 0 || v->type != TXR_Y_SEQ)
            continue;
        t->v = calloc(v->n ? v->n : 1, sizeof *t->v);
        if (!t->v) {
            st = TX_ENOMEM;
            goto done;
        }
        for (const int *it = v->kids; it < v->kids + v->n; it++) {
            const txr_ynode *m = txr_y_node(&y, *it);
            if (m->type != TXR_Y_MAP)
                goto done;
            txr_jdk_fact *f = &t->v[t->n++];
            f->kv = calloc(m->n ? m->n : 1, sizeof *f->kv);
            if (!f->kv) {
                st = TX_ENOMEM;
                goto done;
            }
            for (const int *q = m->kids; q < m->kids + 2 * (size_t)m->n; q += 2) {
                const txr_ynode *qk = txr_y_node(&y, q[0]), *qv = txr_y_node(&y, q[1]);
                if (qk->type != TXR_Y_SCALAR || qv->type != TXR_Y_SCALAR)
                    continue;
                f->kv[f->n].key = txr_y_dup(&y, qk->s, qk->len);
                f->kv[f->n].val = txr_y_dup(&y, qv->s, qv->len);
                if (!f->kv[f->n].key || !f->kv[f->n].val) {
                    free(f->kv[f->n].key);
                    free(f->kv[f->n].val);
                    st = TX_ENOMEM;
                    goto done;
                }
                f->n++;
            }
        }
        st = TX_OK;
    }
done:
    txr_yrd_free(&y);
    if (st != TX_OK) {
        txr_jdk_facts_free(t);
        return st;
    }
    *out = t;
    return TX_OK;
}

const char *txr_jdk_fact_get(const txr_jdk_facts *t, const char *id, const char *key)
{
    for (unsigned i = 0; t && i < t->n; i++) {
        const char *fid = NULL;
        for (unsigned k = 0; k < t->v[i].n && !fid; k++)
            if (strcmp(t->v[i].kv[k].key, "id") == 0)
                fid = t->v[i].kv[k].val;
        if (!fid || strcmp(fid, id) != 0)
            continue;
        for (unsigned k = 0; k < t->v[i].n; k++)
            if (strcmp(t->v[i].kv[k].key, key) == 0)
                return t->v[i].kv[k].val;
        return NULL;
    }
    return NULL;
}
