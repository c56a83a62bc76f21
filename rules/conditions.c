/*
 * conditions.c - the condition builder of the rule-file reader: a `when:`
 * (or `adjust:` item's `when:`) mapping becomes a txr_cond tree (rule.h),
 * every regex compiled (pattern.h), every mistake reported at
 * file:line:col.  The shapes (docs/rules.md, rulefile.c):
 *
 *   {event: TYPE|any, where: {FIELD|any|line: regex | {ge|gt|le|lt|eq: N, ...}, ...},
 *    field: F, pattern: regex, after: COND}
 *   {fact: NAME, where: {...}, after: COND}      -- event: fact with the test name: ^NAME$
 *   {line: regex}   {all: [COND, ...]}   {any: [COND, ...]}   {not: COND}
 *
 * Limits: condition depth (TX_MAX_COND_DEPTH), TX_MAX_CONDS_PER_RULE.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../parser/limits.h"
#include "facts.h"
#include "rulefile.h"

/* A compiled regex from a scalar; NULL (reported) on error (rulefile.h). */
txr_pattern *txr_rf_regex(txr_rf *L, const txr_ynode *v, const char *key)
{
    char b[200], msg[256];
    if (L->Y.S.stop)
        return NULL;
    if (!is_str(v)) {
        ERR(L, TX_ESCHEMA, v, NULL, "'%s' must be a regular expression (a string), not %s", key, what(v, b, sizeof b));
        return NULL;
    }
    if (memchr(v->s, '\0', v->len)) {
        ERR(L, TX_ESCHEMA, v, NULL, "'%s' contains a NUL character", key);
        return NULL;
    }
    if (!v->len) {
        ERR(L, TX_ESCHEMA, v, NULL, "'%s' is an empty regular expression (it would match everything)", key);
        return NULL;
    }
    size_t erroff = 0;
    msg[0] = '\0';
    txr_pattern *re = txr_pattern_compile(v->s, v->len, &erroff, msg, sizeof msg);
    if (!re) {
        if (!strcmp(msg, "out of memory")) {
            oom(L);
            return NULL;
        }
        unsigned line, col;
        scalar_pos(L, v, erroff, &line, &col);
        diag(L, TX_EPATTERN, 0, line, col, NULL, "invalid regular expression in '%s': %s", key, msg);
    }
    return re;
}

enum { CK_EVENT, CK_FACT, CK_LINE, CK_ALL, CK_ANY, CK_NOT, CK_WHERE, CK_FIELD, CK_PATTERN, CK_AFTER, CK__N };
static const char *const cond_keys[] = {"event", "fact", "line", "all", "any", "not",
                                        "where", "field", "pattern", "after", NULL};
/* Which extra keys each head allows. */
#define CK_BIT(k) (1u << (k))
static const unsigned cond_extras[CK_WHERE] = {
    [CK_EVENT] = CK_BIT(CK_WHERE) | CK_BIT(CK_FIELD) | CK_BIT(CK_PATTERN) | CK_BIT(CK_AFTER),
    [CK_FACT] = CK_BIT(CK_WHERE) | CK_BIT(CK_AFTER),
};

/* Field id of a `where` key or `field:` value: txi_fid, TXR_FIELD_ANY, TXR_FIELD_LINE. */
static int field_id(int idx)
{
    return idx == TXF__COUNT ? TXR_FIELD_ANY : idx == TXF__COUNT + 1 ? TXR_FIELD_LINE : idx;
}

/* A numeric test {ge: N, gt: N, le: N, lt: N, eq: N} (one or more, all
 * must hold) into t; -1 (reported) if malformed. */
static const char *const num_keys[] = {"ge", "gt", "le", "lt", "eq", NULL};

static int get_numeric(txr_rf *L, const txr_ynode *v, const char *field, txr_test *t)
{
    char b[200];
    if (v->type != TXR_Y_MAP || !v->n) {
        ERR(L, TX_ESCHEMA, v, "write {ge: 2}, {le: 7}, {gt: 0, lt: 10} or {eq: 1}",
            "a numeric test of '%s' needs ge, gt, le, lt or eq, not %s", field, what(v, b, sizeof b));
        return -1;
    }
    unsigned seen[5] = {0};
    int bad = 0;
    t->numeric = 1;
    t->lo = INT64_MIN;
    t->hi = INT64_MAX;
    for (const int *p = v->kids; p < v->kids + 2 * (size_t)v->n; p += 2) {
        int i = key_of(L, nd(L, p[0]), num_keys, "comparison", seen), n = 0;
        if (i < 0 || get_int(L, nd(L, p[1]), num_keys[i], -2147483647L, 2147483647L, &n) < 0) {
            bad = 1;
            continue;
        }
        long long x = n;
        if ((i == 0 || i == 4) && x > t->lo) /* ge, eq */
            t->lo = x;
        if (i == 1 && x + 1 > t->lo) /* gt */
            t->lo = x + 1;
        if ((i == 2 || i == 4) && x < t->hi) /* le, eq */
            t->hi = x;
        if (i == 3 && x - 1 < t->hi) /* lt */
            t->hi = x - 1;
    }
    if (!bad && t->lo > t->hi) {
        ERR(L, TX_ESCHEMA, v, NULL, "the numeric test of '%s' can never hold (no integer is in range)", field);
        bad = 1;
    }
    return bad ? -1 : 0;
}

static int add_where(txr_rf *L, txr_cond *c, const txr_ynode *w)
{
    char b[200];
    if (w->type != TXR_Y_MAP) {
        ERR(L, TX_ESCHEMA, w, "write where: {FIELD: 'regex', ...}", "'where' must be a mapping of field names to "
            "regular expressions, not %s", what(w, b, sizeof b));
        return -1;
    }
    unsigned seen[TXF__COUNT + 2];
    memset(seen, 0, sizeof seen);
    int bad = 0;
    for (const int *p = w->kids; p < w->kids + 2 * (size_t)w->n; p += 2) {
        const txr_ynode *k = nd(L, p[0]), *v = nd(L, p[1]);
        int i = key_of(L, k, L->fields, "field", seen);
        if (v->type == TXR_Y_MAP) { /* {ge: N, ...} */
            txr_test *t = &c->tests[c->ntests];
            if (i >= 0 && field_id(i) == TXR_FIELD_LINE) {
                ERR(L, TX_ESCHEMA, v, "test a numeric field, such as count or position", "a line is not a number");
                bad = 1;
            } else if (get_numeric(L, v, i >= 0 ? L->fields[i] : "where", t) < 0 || i < 0) {
                bad = 1;
            } else {
                t->field = field_id(i);
                c->ntests++;
            }
            if (bad)
                memset(t, 0, sizeof *t);
            continue;
        }
        txr_pattern *re = txr_rf_regex(L, v, i >= 0 ? L->fields[i] : "where");
        if (i < 0 || !re) {
            txr_pattern_free(re);
            bad = 1;
            continue;
        }
        c->tests[c->ntests].field = field_id(i);
        c->tests[c->ntests].re = re;
        c->ntests++;
    }
    return bad ? -1 : 0;
}

txr_cond *txr_rf_cond(txr_rf *L, const txr_ynode *n, unsigned depth, int in_after)
{
    char b[200];
    if (L->Y.S.stop)
        return NULL;
    if (depth > TX_MAX_COND_DEPTH) {
        if (!L->said_depth)
            ERR(L, TX_ELIMIT, n, NULL, "conditions nested deeper than %u levels", TX_MAX_COND_DEPTH);
        L->said_depth = 1;
        return NULL;
    }
    if (++L->nconds > TX_MAX_CONDS_PER_RULE) {
        if (!L->said_conds)
            ERR(L, TX_ELIMIT, n, NULL, "more than %u conditions in one rule", TX_MAX_CONDS_PER_RULE);
        L->said_conds = 1;
        return NULL;
    }
    if (n->type != TXR_Y_MAP) {
        ERR(L, TX_ESCHEMA, n, "for example {event: exception, pattern: 'PKIX path'} or {line: 'regex'}",
            "a condition must be a mapping, not %s", what(n, b, sizeof b));
        return NULL;
    }
    const txr_ynode *k[CK__N] = {0}, *v[CK__N] = {0};
    unsigned seen[CK__N] = {0};
    int bad = 0;
    for (const int *p = n->kids; p < n->kids + 2 * (size_t)n->n; p += 2) {
        int i = key_of(L, nd(L, p[0]), cond_keys, "key", seen);
        if (i < 0) {
            bad = 1;
            continue;
        }
        k[i] = nd(L, p[0]);
        v[i] = nd(L, p[1]);
    }
    int head = -1;
    for (int i = CK_EVENT; i < CK_WHERE; i++) {
        if (!k[i])
            continue;
        if (head < 0) {
            head = i;
            continue;
        }
        int later = k[i]->index > k[head]->index ? i : head;
        int earlier = later == i ? head : i;
        ERR(L, TX_ESCHEMA, k[later], "combine conditions with all: [...] or any: [...]",
            "'%s' cannot be combined with '%s' in one condition", cond_keys[later], cond_keys[earlier]);
        head = earlier;
        bad = 1;
    }
    if (head < 0) {
        if (!bad)
            ERR(L, TX_ESCHEMA, n, NULL, "a condition needs one of 'event', 'fact', 'line', 'all', 'any' or 'not'");
        return NULL;
    }
    for (int i = CK_WHERE; i < CK__N; i++) {
        if (k[i] && !(cond_extras[head] & CK_BIT(i))) {
            ERR(L, TX_ESCHEMA, k[i], head == CK_FACT && i != CK_AFTER ? "test a fact's fields with where: {...}" : NULL,
                "'%s' does not belong in a '%s' condition", cond_keys[i], cond_keys[head]);
            bad = 1;
        }
    }
    if (bad) /* report what is inside anyway? only the shape is wrong: stop here */
        return NULL;
    txr_cond *c = calloc(1, sizeof *c);
    if (!c) {
        oom(L);
        return NULL;
    }
    c->srcline = n->line;
    c->srccol = n->col;
    char help[256];
    switch (head) {
    case CK_EVENT:
    case CK_FACT: {
        c->kind = TXR_C_EVENT;
        const txr_ynode *w = v[CK_WHERE];
        size_t ntests = (head == CK_FACT) + (v[CK_PATTERN] != NULL) +
                        (w && w->type == TXR_Y_MAP ? (size_t)w->n : 0);
        if (ntests && !(c->tests = calloc(ntests, sizeof *c->tests))) {
            oom(L);
            bad = 1;
            break;
        }
        if (head == CK_EVENT) {
            const txr_ynode *e = v[CK_EVENT];
            if (!is_str(e)) {
                ERR(L, TX_ESCHEMA, e, NULL, "'event' must be an event type, not %s", what(e, b, sizeof b));
                bad = 1;
            } else if (eq(e, "any")) {
                c->evtype = -1;
            } else if ((c->evtype = txi_evtype_lookup(e->s, e->len)) < 0) {
                hint(help, sizeof help, e->s, e->len, L->events);
                ERR(L, TX_ESCHEMA, e, help, "unknown event type %s", q(b, sizeof b, e->s, e->len));
                bad = 1;
            }
        } else {
            const txr_ynode *f = v[CK_FACT];
            c->evtype = TXE_FACT;
            int known = -1;
            if (is_str(f))
                for (int i = 0; txr_fact_names[i]; i++)
                    if (eq(f, txr_fact_names[i]))
                        known = i;
            if (!is_str(f)) {
                ERR(L, TX_ESCHEMA, f, NULL, "'fact' must be a fact name, not %s", what(f, b, sizeof b));
                bad = 1;
            } else if (known < 0) {
                hint(help, sizeof help, f->s, f->len, txr_fact_names);
                ERR(L, TX_ESCHEMA, f, help, "unknown fact %s", q(b, sizeof b, f->s, f->len));
                bad = 1;
            } else {
                char re[96];
                size_t off;
                int rn = snprintf(re, sizeof re, "^%s$", txr_fact_names[known]);
                c->tests[0].field = TXF_NAME;
                c->tests[0].re = txr_pattern_compile(re, (size_t)rn, &off, help, sizeof help);
                if (!c->tests[0].re) {
                    oom(L);
                    bad = 1;
                } else {
                    c->ntests = 1;
                }
            }
        }
        if (w && add_where(L, c, w) < 0)
            bad = 1;
        if (v[CK_FIELD] && !v[CK_PATTERN]) {
            ERR(L, TX_ESCHEMA, k[CK_FIELD], NULL, "'field' needs a 'pattern' to test it with");
            bad = 1;
        } else if (v[CK_PATTERN]) {
            /* one meaning for `pattern:`: a regex on a log line (here, the
             * event's own line) unless `field:` names what it tests */
            int fid = TXR_FIELD_LINE;
            const char *fname = "pattern";
            if (v[CK_FIELD]) {
                const txr_ynode *f = v[CK_FIELD];
                fid = is_str(f) ? txi_field_lookup(f->s, f->len) : -1;
                if (fid < 0 && eq(f, "any"))
                    fid = TXR_FIELD_ANY;
                else if (fid < 0 && eq(f, "line"))
                    fid = TXR_FIELD_LINE;
                else if (fid < 0) {
                    if (!is_str(f)) {
                        ERR(L, TX_ESCHEMA, f, NULL, "'field' must be a field name, not %s", what(f, b, sizeof b));
                    } else {
                        hint(help, sizeof help, f->s, f->len, L->fields);
                        ERR(L, TX_ESCHEMA, f, help, "unknown field %s", q(b, sizeof b, f->s, f->len));
                    }
                    bad = 1;
                    fid = -3;
                }
            }
            txr_pattern *re = txr_rf_regex(L, v[CK_PATTERN], fname);
            if (!re || fid == -3) {
                txr_pattern_free(re);
                bad = 1;
            } else {
                c->tests[c->ntests].field = fid;
                c->tests[c->ntests].re = re;
                c->ntests++;
            }
        }
        if (v[CK_AFTER]) {
            if (in_after) {
                ERR(L, TX_ESCHEMA, k[CK_AFTER], NULL, "'after' cannot be nested inside another 'after'");
                bad = 1;
            } else {
                c->after = txr_rf_cond(L, v[CK_AFTER], depth + 1, 1);
                if (!c->after) {
                    bad = 1;
                } else if (c->after->kind != TXR_C_EVENT) {
                    ERR(L, TX_ESCHEMA, v[CK_AFTER], NULL, "'after' needs an 'event' or 'fact' condition");
                    bad = 1;
                }
            }
        }
        break;
    }
    case CK_LINE:
        c->kind = TXR_C_LINE;
        if (!(c->line = txr_rf_regex(L, v[CK_LINE], "line")))
            bad = 1;
        break;
    case CK_ALL:
    case CK_ANY: {
        const txr_ynode *s = v[head];
        c->kind = head == CK_ALL ? TXR_C_ALL : TXR_C_ANY;
        if (s->type != TXR_Y_SEQ) {
            ERR(L, TX_ESCHEMA, s, NULL, "'%s' must be a list of conditions, not %s", cond_keys[head], what(s, b, sizeof b));
            bad = 1;
            break;
        }
        size_t cnt = (size_t)s->n;
        if (!cnt) {
            ERR(L, TX_ESCHEMA, s, NULL, "'%s' needs at least one condition", cond_keys[head]);
            bad = 1;
            break;
        }
        if (!(c->kids = calloc(cnt, sizeof *c->kids))) {
            oom(L);
            bad = 1;
            break;
        }
        c->nkids = (unsigned)cnt;
        for (size_t i = 0; i < cnt && !L->Y.S.stop; i++)
            if (!(c->kids[i] = txr_rf_cond(L, nd(L, s->kids[i]), depth + 1, in_after)))
                bad = 1;
        break;
    }
    case CK_NOT: {
        const txr_ynode *s = v[CK_NOT];
        c->kind = TXR_C_NOT;
        if (s->type == TXR_Y_SEQ) {
            ERR(L, TX_ESCHEMA, s, "to negate several conditions, write not: {any: [...]}",
                "'not' takes one condition (a mapping), not a list");
            bad = 1;
            break;
        }
        if (!(c->kids = calloc(1, sizeof *c->kids))) {
            oom(L);
            bad = 1;
            break;
        }
        c->nkids = 1;
        if (!(c->kids[0] = txr_rf_cond(L, s, depth + 1, in_after)))
            bad = 1;
        break;
    }
    }
    if (bad || L->Y.S.stop) {
        txr_cond_free(c);
        return NULL;
    }
    return c;
}
