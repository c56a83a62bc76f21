/*
 * decls.c - the declarations of a rule file (vocab.h; docs/rules.md,
 * "Categories", "Profiles", "Public CAs", "Inspection vendors"): its
 * `categories:`, `profiles:`, `public_cas:` and `inspection_vendors:` lists,
 * read into txr_category, txr_profile, names and txr_inspector with
 * file:line:col diagnostics, and the
 * look-ups of the names declared so far (this file's and the files loaded
 * before it) that a rule's `category:` and `profiles:` make.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rulefile.h"

/* ---- the vocabulary: what earlier files and this one declare ---------------------------------- */

/* The ids of the categories (profiles = 0) or profiles declared so far, a
 * NULL-terminated array for hints (free it; NULL: out of memory). */
static const char **vocab_names(txr_rf *L, int profiles)
{
    unsigned nk = L->known ? (profiles ? L->known->nprofs : L->known->ncats) : 0;
    unsigned nown = profiles ? L->decl->nprofs : L->decl->ncats;
    const char **v = calloc(nk + nown + 1, sizeof *v);
    if (!v) {
        oom(L);
        return NULL;
    }
    for (unsigned i = 0; i < nk; i++)
        v[i] = profiles ? L->known->profs[i]->id : L->known->cats[i]->id;
    for (unsigned i = 0; i < nown; i++)
        v[nk + i] = profiles ? L->decl->profs[i]->id : L->decl->cats[i]->id;
    return v;
}

/* Is scalar n the id of a declared category (profiles = 0) or profile? */
int txr_rf_declared(txr_rf *L, const txr_ynode *n, int profiles)
{
    const char **v = vocab_names(L, profiles);
    int found = 0;
    for (unsigned i = 0; v && v[i] && !found; i++)
        found = eq(n, v[i]);
    free(v);
    return found;
}

/* "unknown category 'x'" with a hint from the declared ones. */
void txr_rf_unknown(txr_rf *L, const txr_ynode *n, int profiles)
{
    char b[200], help[256];
    const char **v = vocab_names(L, profiles);
    if (!v)
        return;
    if (v[0])
        hint(help, sizeof help, n->s, n->len, v);
    else
        snprintf(help, sizeof help, "no %s is declared: declare it under '%s:' in this file or an earlier one",
                 profiles ? "profile" : "category", profiles ? "profiles" : "categories");
    ERR(L, TX_ESCHEMA, n, help, "unknown %s %s", profiles ? "profile" : "category", q(b, sizeof b, n->s, n->len));
    free(v);
}

static const char *const cat_keys[] = {"id", "title", "support", "capture", "pre_tls", NULL};
static const char *const capture_keys[] = {"step", "unless_seen", NULL};
static const char *const prof_keys[] = {"id", "title", "detect", "home", "vars", "capture", NULL};
static const char *const detect_keys[] = {"rule", NULL};
static const char *const home_keys[] = {"var", "placeholder", "from", "pattern", NULL};
static const char *const pvar_keys[] = {"value", "keep", NULL};

/* The declarations of one list ("categories:", "profiles:"): the ids
 * seen so far and their lines, for the duplicate check. */
typedef struct {
    const char **ids;
    unsigned *lines, n;
} decl_list;

/* v must be a list; room for its ids in d.  0, or -1 (reported). */
static int decl_list_open(txr_rf *L, const txr_ynode *v, const char *key, decl_list *d)
{
    char b[200], hint[64];
    memset(d, 0, sizeof *d);
    if (v->type != TXR_Y_SEQ) {
        snprintf(hint, sizeof hint, "%s: is a list of '- id: ...' entries", key);
        ERR(L, TX_ESCHEMA, v, hint, "'%s' must be a list, not %s", key, what(v, b, sizeof b));
        return -1;
    }
    size_t cnt = (size_t)v->n;
    d->ids = calloc(cnt + 1, sizeof *d->ids);
    d->lines = calloc(cnt + 1, sizeof *d->lines);
    if (!d->ids || !d->lines) {
        free(d->ids);
        free(d->lines);
        oom(L);
        return -1;
    }
    return 0;
}

static void decl_list_close(decl_list *d)
{
    free(d->ids);
    free(d->lines);
}

/* An item of the list: a mapping (else reported, NULL). */
static const txr_ynode *decl_item(txr_rf *L, const txr_ynode *m, const char *noun)
{
    char b[200], hint[64];
    if (m->type == TXR_Y_MAP)
        return m;
    snprintf(hint, sizeof hint, "a %s starts with '- id: ...'", noun);
    ERR(L, TX_ESCHEMA, m, hint, "each %s must be a mapping, not %s", noun, what(m, b, sizeof b));
    return NULL;
}

/* The id of a declaration (a rule id's syntax); NULL if reported.  Reports a
 * duplicate of an id seen before in d. */
static char *decl_id(txr_rf *L, const txr_ynode *m, const char *noun, const char *const *keys, const decl_list *d)
{
    const txr_ynode *idv = lookup(L, m, "id");
    if (!idv) {
        if (!misspelled(L, m, "id", keys))
            ERR(L, TX_ESCHEMA, m, NULL, "%s is missing required key 'id'", noun);
        return NULL;
    }
    char *id = txr_rf_id(L, idv, "id");
    for (unsigned j = 0; id && j < d->n; j++) {
        if (d->ids[j] && !strcmp(d->ids[j], id)) {
            ERR(L, TX_EDUP, idv, "ids must be unique within a file", "duplicate %s id '%s' (first defined at line %u)",
                noun, id, d->lines[j]);
            free(id);
            return NULL;
        }
    }
    return id;
}

/* The end of an item m whose id is id (NULL if reported): whether it is kept
 * (no error since err0); its id is seen by later items only if so. */
static int decl_keep(txr_rf *L, decl_list *d, const txr_ynode *m, const char *id, unsigned err0)
{
    if (!id || L->Y.S.nerr != err0)
        return 0;
    d->ids[d->n] = id;
    d->lines[d->n++] = lookup(L, m, "id")->line;
    return 1;
}

static int load_capture(txr_rf *L, txr_category *c, const txr_ynode *v)
{
    char b[200], help[256];
    if (v->type != TXR_Y_SEQ) {
        ERR(L, TX_ESCHEMA, v, "write capture: [{step: '...', unless_seen: certificate}]",
            "'capture' must be a list, not %s", what(v, b, sizeof b));
        return -1;
    }
    size_t cnt = (size_t)v->n;
    if (cnt && !(c->capture = calloc(cnt, sizeof *c->capture))) {
        oom(L);
        return -1;
    }
    int bad = 0;
    for (const int *it = v->kids; it < v->kids + v->n; it++) {
        const txr_ynode *m = nd(L, *it);
        if (m->type != TXR_Y_MAP) {
            ERR(L, TX_ESCHEMA, m, "write {step: '...'}", "each item of 'capture' must be a mapping, not %s",
                what(m, b, sizeof b));
            bad = 1;
            continue;
        }
        txr_capture_step *st = &c->capture[c->ncapture++];
        st->unless_seen = -1;
        unsigned seen[2] = {0};
        for (const int *p = m->kids; p < m->kids + 2 * (size_t)m->n; p += 2) {
            const txr_ynode *pv = nd(L, p[1]);
            int i = key_of(L, nd(L, p[0]), capture_keys, "key", seen);
            if (i == 0) {
                if (!(st->step = get_str(L, pv, "step")))
                    bad = 1;
            } else if (i == 1) {
                if (!is_str(pv) || (st->unless_seen = txi_evtype_lookup(pv->s, pv->len)) < 0) {
                    if (is_str(pv))
                        hint(help, sizeof help, pv->s, pv->len, L->events);
                    ERR(L, TX_ESCHEMA, pv, is_str(pv) ? help : NULL, "'unless_seen' must be an event type, not %s",
                        what(pv, b, sizeof b));
                    bad = 1;
                }
            } else {
                bad = 1;
            }
        }
        if (!seen[0] && !bad) {
            ERR(L, TX_ESCHEMA, m, NULL, "a 'capture' item is missing 'step'");
            bad = 1;
        }
    }
    return bad ? -1 : 0;
}

void txr_rf_categories(txr_rf *L, const txr_ynode *v)
{
    char b[200];
    decl_list d;
    if (decl_list_open(L, v, "categories", &d) < 0)
        return;
    for (const int *it = v->kids; it < v->kids + v->n && !L->Y.S.stop; it++) {
        const txr_ynode *m = decl_item(L, nd(L, *it), "category");
        if (!m)
            continue;
        unsigned err0 = L->Y.S.nerr;
        txr_category *c = calloc(1, sizeof *c);
        if (!c) {
            oom(L);
            break;
        }
        c->id = decl_id(L, m, "category", cat_keys, &d);
        c->line = m->line;
        c->col = m->col;
        c->file = dup(L, L->Y.S.name, strlen(L->Y.S.name));
        unsigned seen[5] = {0};
        for (const int *p = m->kids; p < m->kids + 2 * (size_t)m->n; p += 2) {
            const txr_ynode *pv = nd(L, p[1]);
            switch (key_of(L, nd(L, p[0]), cat_keys, "key", seen)) {
            case 1: c->title = get_str(L, pv, "title"); break;
            case 2: get_strv(L, pv, "support", 0, &c->support, &c->nsupport); break;
            case 3: load_capture(L, c, pv); break;
            case 4:
                if (pv->type == TXR_Y_SCALAR && pv->style == TXR_Y_PLAIN &&
                    (eq(pv, "true") || eq(pv, "false"))) {
                    c->pre_tls = eq(pv, "true");
                } else {
                    ERR(L, TX_ESCHEMA, pv, NULL, "'pre_tls' must be true or false, not %s", what(pv, b, sizeof b));
                }
                break;
            default: break;
            }
        }
        if (!seen[1] && !misspelled(L, m, "title", cat_keys))
            ERR(L, TX_ESCHEMA, m, NULL, "category is missing required key 'title'");
        if (!decl_keep(L, &d, m, c->id, err0)) {
            txr_category_free(c);
            continue;
        }
        if (txr_vocab_add_category(L->decl, c) < 0)
            oom(L);
    }
    decl_list_close(&d);
}

static int load_home(txr_rf *L, txr_profile *pr, const txr_ynode *v)
{
    char b[200];
    if (v->type != TXR_Y_MAP) {
        ERR(L, TX_ESCHEMA, v, "write home: {var: ..., placeholder: ..., from: ..., pattern: '(?<home>...)'}",
            "'home' must be a mapping, not %s", what(v, b, sizeof b));
        return -1;
    }
    unsigned seen[4] = {0};
    int bad = 0;
    const txr_ynode *pat = NULL;
    for (const int *p = v->kids; p < v->kids + 2 * (size_t)v->n; p += 2) {
        const txr_ynode *pv = nd(L, p[1]);
        switch (key_of(L, nd(L, p[0]), home_keys, "key", seen)) {
        case 0: bad |= !(pr->home_var = get_str(L, pv, "var")); break;
        case 1: bad |= !(pr->home_placeholder = get_str(L, pv, "placeholder")); break;
        case 2: bad |= !(pr->home_from = get_str(L, pv, "from")); break;
        case 3:
            pat = pv;
            bad |= !(pr->home_re = txr_rf_regex(L, pv, "pattern"));
            break;
        default: bad = 1; break;
        }
    }
    for (int i = 0; i < 4 && !bad; i++) {
        if (!seen[i]) {
            ERR(L, TX_ESCHEMA, v, NULL, "'home' is missing '%s'", home_keys[i]);
            bad = 1;
        }
    }
    if (!bad && pr->home_placeholder && !pr->home_placeholder[0]) {
        ERR(L, TX_ESCHEMA, v, NULL, "'placeholder' must not be empty");
        bad = 1;
    }
    if (!bad) {
        int has = 0;
        for (unsigned i = 0; i < txr_pattern_ngroups(pr->home_re); i++)
            has |= !strcmp(txr_pattern_group_name(pr->home_re, i), "home");
        if (!has) {
            ERR(L, TX_ESCHEMA, pat, "name the part that is the directory: (?<home>...)",
                "the 'home' pattern has no group named 'home'");
            bad = 1;
        }
    }
    return bad ? -1 : 0;
}

static int load_pvars(txr_rf *L, txr_profile *pr, const txr_ynode *v)
{
    char b[200];
    if (v->type != TXR_Y_MAP) {
        ERR(L, TX_ESCHEMA, v, "write vars: {keytool: '<HOME>/bin/keytool', ...}", "'vars' must be a mapping, not %s",
            what(v, b, sizeof b));
        return -1;
    }
    size_t cnt = (size_t)v->n;
    if (cnt && !(pr->vars = calloc(cnt, sizeof *pr->vars))) {
        oom(L);
        return -1;
    }
    int bad = 0;
    for (const int *p = v->kids; p < v->kids + 2 * (size_t)v->n; p += 2) {
        const txr_ynode *pk = nd(L, p[0]), *pv = nd(L, p[1]);
        char *name = get_str(L, pk, "vars");
        if (!name) {
            bad = 1;
            continue;
        }
        int dupl = 0;
        for (unsigned j = 0; j < pr->nvars && !dupl; j++)
            dupl = !strcmp(pr->vars[j].name, name);
        if (dupl) {
            ERR(L, TX_ESCHEMA, pk, NULL, "duplicate variable '%s'", name);
            free(name);
            bad = 1;
            continue;
        }
        txr_profile_var *pvr = &pr->vars[pr->nvars++];
        pvr->name = name;
        if (pv->type != TXR_Y_MAP) {
            bad |= !(pvr->value = get_str(L, pv, name));
            continue;
        }
        unsigned seen[2] = {0};
        for (const int *q = pv->kids; q < pv->kids + 2 * (size_t)pv->n; q += 2) {
            const txr_ynode *qv = nd(L, q[1]);
            switch (key_of(L, nd(L, q[0]), pvar_keys, "key", seen)) {
            case 0: bad |= !(pvr->value = get_str(L, qv, "value")); break;
            case 1: bad |= !(pvr->keep = txr_rf_regex(L, qv, "keep")); break;
            default: bad = 1; break;
            }
        }
        if (!seen[0] && !bad) {
            ERR(L, TX_ESCHEMA, pv, NULL, "variable '%s' is missing 'value'", name);
            bad = 1;
        }
    }
    return bad ? -1 : 0;
}

void txr_rf_profiles(txr_rf *L, const txr_ynode *v)
{
    char b[200];
    decl_list d;
    if (decl_list_open(L, v, "profiles", &d) < 0)
        return;
    for (const int *it = v->kids; it < v->kids + v->n && !L->Y.S.stop; it++) {
        const txr_ynode *m = decl_item(L, nd(L, *it), "profile");
        if (!m)
            continue;
        unsigned err0 = L->Y.S.nerr;
        txr_profile *pr = calloc(1, sizeof *pr);
        if (!pr) {
            oom(L);
            break;
        }
        pr->id = decl_id(L, m, "profile", prof_keys, &d);
        pr->line = m->line;
        pr->col = m->col;
        pr->file = dup(L, L->Y.S.name, strlen(L->Y.S.name));
        unsigned seen[6] = {0};
        for (const int *p = m->kids; p < m->kids + 2 * (size_t)m->n; p += 2) {
            const txr_ynode *pv = nd(L, p[1]);
            switch (key_of(L, nd(L, p[0]), prof_keys, "key", seen)) {
            case 1: pr->title = get_str(L, pv, "title"); break;
            case 5: pr->capture = get_str(L, pv, "capture"); break;
            case 2:
                if (pv->type != TXR_Y_MAP) {
                    ERR(L, TX_ESCHEMA, pv, "write detect: {rule: RULE-ID} (or a list of rule ids)",
                        "'detect' must be a mapping, not %s", what(pv, b, sizeof b));
                    break;
                }
                unsigned dseen[1] = {0};
                for (const int *q = pv->kids; q < pv->kids + 2 * (size_t)pv->n; q += 2) {
                    if (key_of(L, nd(L, q[0]), detect_keys, "key", dseen) != 0)
                        continue;
                    txr_rf_ids(L, nd(L, q[1]), "rule", &pr->detect, &pr->ndetect);
                }
                break;
            case 3: load_home(L, pr, pv); break;
            case 4: load_pvars(L, pr, pv); break;
            default: break;
            }
        }
        if (!seen[1] && !misspelled(L, m, "title", prof_keys))
            ERR(L, TX_ESCHEMA, m, NULL, "profile is missing required key 'title'");
        if (!decl_keep(L, &d, m, pr->id, err0)) {
            txr_profile_free(pr);
            continue;
        }
        if (txr_vocab_add_profile(L->decl, pr) < 0)
            oom(L);
    }
    decl_list_close(&d);
}

/* `public_cas:` a list of names (non-empty strings, each once in a file). */
void txr_rf_public_cas(txr_rf *L, const txr_ynode *v)
{
    char b[200];
    if (v->type != TXR_Y_SEQ) {
        ERR(L, TX_ESCHEMA, v, "public_cas: is a list of names, such as ['DigiCert', 'GlobalSign']",
            "'public_cas' must be a list, not %s", what(v, b, sizeof b));
        return;
    }
    for (unsigned i = 0; i < v->n && !L->Y.S.stop; i++) {
        const txr_ynode *x = nd(L, v->kids[i]);
        if (!is_str(x)) {
            ERR(L, TX_ESCHEMA, x, "write the name as it appears in issuer DNs", "each item of 'public_cas' must be a "
                "string, not %s", what(x, b, sizeof b));
            continue;
        }
        if (!x->len) {
            ERR(L, TX_ESCHEMA, x, NULL, "a public CA's name must not be empty (it would name every issuer)");
            continue;
        }
        unsigned first = 0;
        for (unsigned j = 0; j < i && !first; j++) {
            const txr_ynode *y = nd(L, v->kids[j]);
            if (is_str(y) && y->len == x->len && !memcmp(y->s, x->s, x->len))
                first = y->line;
        }
        if (first) {
            ERR(L, TX_EDUP, x, NULL, "duplicate public CA %s (first at line %u)", q(b, sizeof b, x->s, x->len), first);
            continue;
        }
        char *name = get_str(L, x, "public_cas");
        if (name && txr_vocab_add_public_ca(L->decl, name) < 0)
            oom(L);
    }
}

static const char *const insp_keys[] = {"vendor", "match", NULL};

/* An empty text of `match` (a scalar, or the items of a list), reported. */
static int empty_match(txr_rf *L, const txr_ynode *mn)
{
    int bad = 0;
    for (unsigned k = 0; k < (mn->type == TXR_Y_SEQ ? mn->n : 1); k++) {
        const txr_ynode *x = mn->type == TXR_Y_SEQ ? nd(L, mn->kids[k]) : mn;
        if (is_str(x) && !x->len) {
            ERR(L, TX_ESCHEMA, x, NULL, "a 'match' text must not be empty (it would name every issuer)");
            bad = 1;
        }
    }
    return bad;
}

/* `inspection_vendors:` a list of {vendor: NAME, match: TEXT or [TEXT, ...]},
 * each vendor once in a file. */
void txr_rf_inspectors(txr_rf *L, const txr_ynode *v)
{
    char b[200];
    if (v->type != TXR_Y_SEQ) {
        ERR(L, TX_ESCHEMA, v, "inspection_vendors: is a list of '- vendor: ...' entries",
            "'inspection_vendors' must be a list, not %s", what(v, b, sizeof b));
        return;
    }
    for (unsigned i = 0; i < v->n && !L->Y.S.stop; i++) {
        const txr_ynode *m = nd(L, v->kids[i]);
        if (m->type != TXR_Y_MAP) {
            ERR(L, TX_ESCHEMA, m, "write {vendor: NAME, match: [TEXT, ...]}",
                "each item of 'inspection_vendors' must be a mapping, not %s", what(m, b, sizeof b));
            continue;
        }
        unsigned err0 = L->Y.S.nerr;
        txr_inspector *in = calloc(1, sizeof *in);
        if (!in) {
            oom(L);
            return;
        }
        unsigned seen[2] = {0};
        const txr_ynode *vn = NULL;
        for (const int *p = m->kids; p < m->kids + 2 * (size_t)m->n; p += 2) {
            const txr_ynode *pv = nd(L, p[1]);
            switch (key_of(L, nd(L, p[0]), insp_keys, "key", seen)) {
            case 0:
                vn = pv;
                in->vendor = get_str(L, pv, "vendor");
                break;
            case 1:
                if (!empty_match(L, pv))
                    get_strv(L, pv, "match", 1, &in->match, &in->nmatch);
                break;
            default: break;
            }
        }
        if (!seen[0] && !misspelled(L, m, "vendor", insp_keys))
            ERR(L, TX_ESCHEMA, m, NULL, "an inspection vendor is missing 'vendor'");
        if (!seen[1] && !misspelled(L, m, "match", insp_keys))
            ERR(L, TX_ESCHEMA, m, NULL, "an inspection vendor is missing 'match'");
        for (unsigned j = 0; vn && is_str(vn) && j < i; j++) {
            const txr_ynode *o = nd(L, v->kids[j]);
            const txr_ynode *ov = o->type == TXR_Y_MAP ? lookup(L, o, "vendor") : NULL;
            if (ov && is_str(ov) && ov->len == vn->len && !memcmp(ov->s, vn->s, vn->len)) {
                ERR(L, TX_EDUP, vn, NULL, "duplicate inspection vendor %s (first at line %u)", q(b, sizeof b, vn->s, vn->len),
                    ov->line);
                break;
            }
        }
        if (L->Y.S.nerr != err0 || !in->vendor || !in->nmatch) {
            txr_inspector_free(in);
            continue;
        }
        if (txr_vocab_add_inspector(L->decl, in) < 0)
            oom(L);
    }
}
