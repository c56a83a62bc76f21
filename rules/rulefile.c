/*
 * rulefile.c - the rule-file reader: one rule file's document (yaml_load.h)
 * becomes txr_rule ASTs (rule.h) and the file's declarations (decls.c), or
 * diagnostics that point at file:line:col with the offending source line.
 * The conditions are built by conditions.c.
 *
 * The language (see rule.h and docs/rules.md):
 *
 *   version: 1                  required, must be 1
 *   categories: [...]           declares categories (vocab.h; docs/rules.md)
 *   profiles: [...]             declares profiles (vocab.h; docs/rules.md)
 *   public_cas: [...]           names public CAs (vocab.h; docs/rules.md)
 *   inspection_vendors: [...]   names inspection proxies' vendors (vocab.h; docs/rules.md)
 *   rules:                      a list of rules (required unless the file declares
 *                               any of the above):
 *     - id: a-rule-id           required, [a-z0-9][a-z0-9-]*, unique in the file
 *       title: text             required
 *       category: untrusted-cert    required, a category declared before (vocab.h)
 *       kind: cause             cause (default) | risk | note
 *       confidence: 70          integer 0..100 (default 50)
 *       supersedes: [id, ...]   a rule id or a list of them
 *       pattern: 'regex'        simple form, the same as `when: {line: 'regex'}`
 *       when: COND              full form; exactly one of pattern / when
 *       literal: 'text'         prefilter hint (warning if no line pattern contains it)
 *       adjust: [{when: COND, by: -100..100}, ...]
 *       explain: "template"     steps: [...]     references: [...]
 *       profiles: {ia: {steps: [...]}}   a profile declared before
 *       samples: {match: [...], nomatch: [...]}   (each also a single string)
 *
 *   COND is a mapping of exactly one shape:
 *     {event: TYPE|any, where: {FIELD|any|line: regex | {ge|gt|le|lt|eq: N, ...}, ...},
 *      field: F, pattern: regex, after: COND}
 *     {fact: NAME, where: {...}, after: COND}      -- event: fact with the test name: ^NAME$
 *     {line: regex}   {all: [COND, ...]}   {any: [COND, ...]}   {not: COND}
 *
 * Additions and precise readings (documented here as the brief asks):
 *   - `pattern:` has one meaning: a regex on a log line - at the top of a
 *     rule any line, in an event condition the event's own line (field:
 *     line) - unless `field:` names the field it tests.  A `where` value
 *     that is a mapping compares a field as a decimal integer (a value that
 *     is not one fails the test).  The tests of an event condition are, in order: the
 *     fact name test, the `where` entries in file order, then field/pattern.
 *   - `after` takes an `event` or `fact` condition and cannot itself hold an
 *     `after`: that is all eval.c evaluates there (has_before() looks at one
 *     event, without its own predecessor), so anything else would silently
 *     never match.
 *   - Empty scalars, `~` and `null` are "empty values", never strings.
 *     Integers are plain scalars (a quoted "70" is a string).  Strings and
 *     patterns may not contain NUL characters; patterns may not be empty.
 *   - YAML aliases (*x), explicit tags (!!str) and a second document are
 *     rejected: rule files are plain data, and aliases are how a "billion
 *     laughs" file blows up a tree walk.  A UTF-8 BOM is skipped; UTF-16 and
 *     UTF-32 files are refused (yaml_load.c).
 *
 * Limits (hostile input): rule id length (TX_MAX_RULE_ID), TX_MAX_RULES, and
 * those of yaml_load.c and conditions.c.  Every error and warning goes to the callback; on any error the whole
 * file is dropped (*out = NULL) and the first error's status is returned.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../parser/limits.h"
#include "ruleset.h"
#include "rulefile.h"

typedef struct seen_id {
    const char *id;
    unsigned line;
} seen_id;

enum {
    RK_ID, RK_TITLE, RK_CATEGORY, RK_KIND, RK_CONFIDENCE, RK_SUPERSEDES, RK_PATTERN, RK_LITERAL, RK_WHEN,
    RK_ADJUST, RK_EXPLAIN, RK_STEPS, RK_PROFILES, RK_REFERENCES, RK_SAMPLES, RK__N
};
/* Does a title hold a template variable ("{name" or "{name|...")?  Titles are
 * not rendered. */
static int title_has_variable(const char *t)
{
    for (const char *p = strchr(t, '{'); p; p = strchr(p + 1, '{'))
        if ((p[1] >= 'a' && p[1] <= 'z') || p[1] == '_')
            return 1;
    return 0;
}

static const char *const rule_keys[] = {"id", "title", "category", "kind", "confidence", "supersedes",
                                        "pattern", "literal", "when", "adjust", "explain", "steps",
                                        "profiles", "references", "samples", NULL};
static const char *const kind_names[] = {"cause", "risk", "note", "fallback", NULL};
static const char *const profile_keys[] = {"steps", "explain", NULL};
static const char *const sample_keys[] = {"match", "nomatch", NULL};
static const char *const adjust_keys[] = {"when", "by", "category", "fired", NULL};
enum { TK_VERSION, TK_RULES, TK_CATEGORIES, TK_PROFILES, TK_PUBLIC_CAS, TK_INSPECTORS, TK__N };
static const char *const top_keys[] = {"version",    "rules", "categories", "profiles", "public_cas",
                                       "inspection_vendors", NULL};

/* Offset of the first character that is not allowed in a rule id, or -1. */
long txr_rf_id_bad(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0);
        if (!ok)
            return (long)i;
    }
    return n > TX_MAX_RULE_ID ? (long)TX_MAX_RULE_ID : -1;
}

/* A rule id value (id or supersedes entry); NULL (reported) if invalid. */
char *txr_rf_id(txr_rf *L, const txr_ynode *v, const char *key)
{
    char b[200];
    if (!is_str(v)) {
        ERR(L, TX_ESCHEMA, v, NULL, "'%s' must be a rule id, not %s", key, what(v, b, sizeof b));
        return NULL;
    }
    long bad = txr_rf_id_bad(v->s, v->len);
    if (bad >= 0) {
        unsigned line, col;
        scalar_pos(L, v, (size_t)bad, &line, &col);
        if (v->len > TX_MAX_RULE_ID && bad == (long)TX_MAX_RULE_ID)
            diag(L, TX_ESCHEMA, 0, line, col, NULL, "rule id %s is longer than %u characters", q(b, sizeof b, v->s, v->len),
                 TX_MAX_RULE_ID);
        else
            diag(L, TX_ESCHEMA, 0, line, col, "use lowercase letters, digits and '-' (not first)",
                 "rule id %s must match [a-z0-9][a-z0-9-]*", q(b, sizeof b, v->s, v->len));
        return NULL;
    }
    return dup(L, v->s, v->len);
}

void txr_rf_ids(txr_rf *L, const txr_ynode *v, const char *key, char ***out, unsigned *n)
{
    char b[200];
    if (is_str(v)) {
        char *id = txr_rf_id(L, v, key);
        if (id && !(*out = malloc(sizeof **out))) {
            free(id);
            oom(L);
        } else if (id) {
            (*out)[0] = id;
            *n = 1;
        }
    } else if (v->type != TXR_Y_SEQ) {
        ERR(L, TX_ESCHEMA, v, NULL, "'%s' must be a rule id or a list of them, not %s", key, what(v, b, sizeof b));
    } else if (v->n && !(*out = calloc(v->n, sizeof **out))) {
        oom(L);
    } else {
        for (unsigned j = 0; j < v->n; j++) {
            char *id = txr_rf_id(L, nd(L, v->kids[j]), key);
            if (id)
                (*out)[(*n)++] = id;
        }
    }
}

static int load_profiles(txr_rf *L, txr_rule *r, const txr_ynode *v)
{
    char b[200];
    if (v->type != TXR_Y_MAP) {
        ERR(L, TX_ESCHEMA, v, "write profiles: {ia: {steps: [...]}}", "'profiles' must be a mapping, not %s", what(v, b, sizeof b));
        return -1;
    }
    size_t cnt = (size_t)v->n;
    if (!cnt)
        return 0;
    if (!(r->profiles = calloc(cnt, sizeof *r->profiles))) {
        oom(L);
        return -1;
    }
    int bad = 0;
    for (const int *p = v->kids; p < v->kids + 2 * (size_t)v->n; p += 2) {
        const txr_ynode *pk = nd(L, p[0]), *pv = nd(L, p[1]);
        if (!is_str(pk) || memchr(pk->s, '\0', pk->len)) {
            ERR(L, TX_ESCHEMA, pk, NULL, "a profile must be a string, not %s", what(pk, b, sizeof b));
            bad = 1;
            continue;
        }
        if (!txr_rf_declared(L, pk, 1)) {
            txr_rf_unknown(L, pk, 1);
            bad = 1;
            continue;
        }
        int dupl = 0;
        for (unsigned j = 0; j < r->nprofiles && !dupl; j++)
            dupl = r->profiles[j].profile && eq(pk, r->profiles[j].profile);
        if (dupl) {
            ERR(L, TX_ESCHEMA, pk, NULL, "duplicate profile '%s'", pk->s);
            bad = 1;
            continue;
        }
        if (pv->type != TXR_Y_MAP) {
            ERR(L, TX_ESCHEMA, pv, "write ia: {steps: [...]}", "profile '%s' must be a mapping with 'steps', not %s",
                pk->s, what(pv, b, sizeof b));
            bad = 1;
            continue;
        }
        txr_profile_steps *ps = &r->profiles[r->nprofiles++];
        if (!(ps->profile = dup(L, pk->s, pk->len))) {
            bad = 1;
            continue;
        }
        unsigned pseen[2] = {0};
        const txr_ynode *steps = NULL;
        for (const int *pp = pv->kids; pp < pv->kids + 2 * (size_t)pv->n; pp += 2) {
            int k = key_of(L, nd(L, pp[0]), profile_keys, "key", pseen);
            if (k == 0)
                steps = nd(L, pp[1]);
            else if (k == 1) {
                if (!(ps->explain = get_str(L, nd(L, pp[1]), "explain")))
                    bad = 1;
            } else
                bad = 1;
        }
        if (!steps) {
            if (!bad)
                ERR(L, TX_ESCHEMA, pv, NULL, "profile '%s' is missing 'steps'", ps->profile);
            bad = 1;
        } else if (get_strv(L, steps, "steps", 0, &ps->steps, &ps->nsteps) < 0) {
            bad = 1;
        }
    }
    return bad ? -1 : 0;
}

static int load_samples(txr_rf *L, txr_rule *r, const txr_ynode *v)
{
    char b[200];
    if (v->type != TXR_Y_MAP) {
        ERR(L, TX_ESCHEMA, v, "write samples: {match: [...], nomatch: [...]}", "'samples' must be a mapping, not %s",
            what(v, b, sizeof b));
        return -1;
    }
    unsigned seen[2] = {0};
    int bad = 0;
    for (const int *p = v->kids; p < v->kids + 2 * (size_t)v->n; p += 2) {
        int i = key_of(L, nd(L, p[0]), sample_keys, "key", seen);
        if (i < 0)
            bad = 1;
        else if (i == 0 && get_strv(L, nd(L, p[1]), "match", 1, &r->match_samples, &r->nmatch) < 0)
            bad = 1;
        else if (i == 1 && get_strv(L, nd(L, p[1]), "nomatch", 1, &r->nomatch_samples, &r->nnomatch) < 0)
            bad = 1;
    }
    return bad ? -1 : 0;
}

static int load_adjust(txr_rf *L, txr_rule *r, const txr_ynode *v)
{
    char b[200];
    if (v->type != TXR_Y_SEQ) {
        ERR(L, TX_ESCHEMA, v, "write adjust: [{when: {...}, by: -20}]", "'adjust' must be a list, not %s", what(v, b, sizeof b));
        return -1;
    }
    size_t cnt = (size_t)v->n;
    if (!cnt)
        return 0;
    if (!(r->adjust = calloc(cnt, sizeof *r->adjust))) {
        oom(L);
        return -1;
    }
    int bad = 0;
    for (const int *it = v->kids; it < v->kids + v->n && !L->Y.S.stop; it++) {
        const txr_ynode *a = nd(L, *it);
        if (a->type != TXR_Y_MAP) {
            ERR(L, TX_ESCHEMA, a, "write {when: {...}, by: -20}", "each item of 'adjust' must be a mapping, not %s",
                what(a, b, sizeof b));
            bad = 1;
            continue;
        }
        unsigned seen[4] = {0};
        const txr_ynode *w = NULL, *by = NULL, *cat = NULL, *fired = NULL;
        for (const int *p = a->kids; p < a->kids + 2 * (size_t)a->n; p += 2) {
            int i = key_of(L, nd(L, p[0]), adjust_keys, "key", seen);
            if (i == 0)
                w = nd(L, p[1]);
            else if (i == 1)
                by = nd(L, p[1]);
            else if (i == 2)
                cat = nd(L, p[1]);
            else if (i == 3)
                fired = nd(L, p[1]);
            else
                bad = 1;
        }
        txr_adjust *ad = &r->adjust[r->nadjust++];
        if (w && fired) {
            ERR(L, TX_ESCHEMA, fired, "keep one: 'when' (this connection) or 'fired' (any rule of the log)",
                "an 'adjust' item has both 'when' and 'fired'");
            bad = 1;
        } else if (fired) {
            /* log-wide: another rule's finding anywhere in the log (both ends of a
               connection logged together: one end's failure is why the other end's alert came) */
            txr_rf_ids(L, fired, "fired", &ad->fired, &ad->nfired);
            if (!ad->nfired) {
                if (fired->type == TXR_Y_SEQ && !fired->n)
                    ERR(L, TX_ESCHEMA, fired, "write fired: [rule-id, ...]", "'fired' lists no rule");
                bad = 1;
            }
        } else if (!w) {
            if (!misspelled(L, a, "when", adjust_keys))
                ERR(L, TX_ESCHEMA, a, NULL, "an 'adjust' item is missing 'when' (or 'fired')");
            bad = 1;
        } else if (!(ad->when = txr_rf_cond(L, w, 1, 0))) {
            bad = 1;
        }
        if (cat) {
            /* the evidence that decides which category the same message belongs to
             * (a store that cannot be read: the keystore or the truststore) */
            if (!is_str(cat)) {
                ERR(L, TX_ESCHEMA, cat, NULL, "'category' must be a string, not %s", what(cat, b, sizeof b));
                bad = 1;
            } else if (memchr(cat->s, '\0', cat->len) || !txr_rf_declared(L, cat, 0)) {
                txr_rf_unknown(L, cat, 0);
                bad = 1;
            } else {
                ad->category = dup(L, cat->s, cat->len);
            }
        }
        if (!by) {
            if (!cat) {
                if (!misspelled(L, a, "by", adjust_keys))
                    ERR(L, TX_ESCHEMA, a, NULL, "an 'adjust' item is missing 'by' (or 'category')");
                bad = 1;
            }
        } else if (get_int(L, by, "by", -100, 100, &ad->by) < 0) {
            bad = 1;
        }
    }
    return bad ? -1 : 0;
}

/* Does some line pattern of c contain lit (as collect_lines() checks)? */
static int lines_contain(const txr_cond *c, const char *lit, int *nlines)
{
    if (!c)
        return 0;
    if (c->kind == TXR_C_LINE) {
        (*nlines)++;
        if (strstr(txr_pattern_source(c->line), lit))
            return 1;
    }
    if (lines_contain(c->after, lit, nlines))
        return 1;
    for (unsigned i = 0; i < c->nkids; i++)
        if (lines_contain(c->kids[i], lit, nlines))
            return 1;
    return 0;
}

static txr_rule *load_rule(txr_rf *L, const txr_ynode *n)
{
    char b[200], help[256];
    unsigned err0 = L->Y.S.nerr;
    L->Y.S.rule_id = NULL;
    L->nconds = 0;
    L->said_conds = L->said_depth = 0;
    if (n->type != TXR_Y_MAP) {
        ERR(L, TX_ESCHEMA, n, "a rule starts with '- id: ...'", "each rule must be a mapping, not %s", what(n, b, sizeof b));
        return NULL;
    }
    const txr_ynode *idv = lookup(L, n, "id");
    if (idv && is_str(idv) && txr_rf_id_bad(idv->s, idv->len) < 0)
        L->Y.S.rule_id = idv->s;
    txr_rule *r = calloc(1, sizeof *r);
    if (!r) {
        oom(L);
        return NULL;
    }
    r->kind = TXR_KIND_CAUSE;
    r->confidence = 50;
    r->line = n->line;
    r->col = n->col;
    r->file = dup(L, L->Y.S.name, strlen(L->Y.S.name));
    const txr_ynode *k[RK__N] = {0}, *v[RK__N] = {0};
    unsigned seen[RK__N] = {0};
    for (const int *p = n->kids; p < n->kids + 2 * (size_t)n->n && !L->Y.S.stop; p += 2) {
        const txr_ynode *kn = nd(L, p[0]), *vn = nd(L, p[1]);
        int i = key_of(L, kn, rule_keys, "key", seen);
        if (i < 0)
            continue;
        k[i] = kn;
        v[i] = vn;
        switch (i) {
        case RK_ID: r->id = txr_rf_id(L, vn, "id"); break;
        case RK_TITLE:
            r->title = get_str(L, vn, "title");
            if (r->title && title_has_variable(r->title))
                WARN(L, vn, "a title is shown as written: name the variable in 'explain' or the steps",
                     "'title' holds a {variable}, which is not replaced");
            break;
        case RK_CATEGORY:
            if (!is_str(vn)) {
                ERR(L, TX_ESCHEMA, vn, NULL, "'category' must be a string, not %s", what(vn, b, sizeof b));
            } else if (memchr(vn->s, '\0', vn->len) || !txr_rf_declared(L, vn, 0)) {
                txr_rf_unknown(L, vn, 0);
            } else {
                r->category = dup(L, vn->s, vn->len);
            }
            break;
        case RK_KIND: {
            int kk = -1;
            for (int j = 0; kind_names[j]; j++)
                if (eq(vn, kind_names[j]))
                    kk = j;
            if (kk < 0) {
                if (is_str(vn))
                    hint(help, sizeof help, vn->s, vn->len, kind_names);
                ERR(L, TX_ESCHEMA, vn, is_str(vn) ? help : NULL, "'kind' must be cause, risk, note or fallback, not %s",
                    what(vn, b, sizeof b));
            } else {
                /* a fallback is a cause that counts only when no other cause fired */
                r->kind = kk == 0 || kk == 3 ? TXR_KIND_CAUSE : kk == 1 ? TXR_KIND_RISK : TXR_KIND_NOTE;
                r->fallback = kk == 3;
            }
            break;
        }
        case RK_CONFIDENCE: get_int(L, vn, "confidence", 0, 100, &r->confidence); break;
        case RK_SUPERSEDES:
            txr_rf_ids(L, vn, "supersedes", &r->supersedes, &r->nsupersedes);
            break;
        case RK_PATTERN:
        case RK_WHEN: {
            int other = i == RK_PATTERN ? RK_WHEN : RK_PATTERN;
            if (k[other]) {
                ERR(L, TX_ESCHEMA, kn, "put the line pattern inside 'when' as {line: '...'}",
                    "a rule has either 'pattern' or 'when', not both");
                break;
            }
            if (i == RK_WHEN) {
                r->when = txr_rf_cond(L, vn, 1, 0);
            } else {
                txr_pattern *re = txr_rf_regex(L, vn, "pattern");
                if (re && !(r->when = calloc(1, sizeof *r->when))) {
                    txr_pattern_free(re);
                    oom(L);
                } else if (re) {
                    r->when->kind = TXR_C_LINE;
                    r->when->line = re;
                    r->when->srcline = vn->line;
                    r->when->srccol = vn->col;
                }
            }
            break;
        }
        case RK_LITERAL:
            r->literal = get_str(L, vn, "literal");
            if (r->literal && !r->literal[0])
                ERR(L, TX_ESCHEMA, vn, NULL, "'literal' must not be empty");
            break;
        case RK_ADJUST: load_adjust(L, r, vn); break;
        case RK_EXPLAIN: r->explain = get_str(L, vn, "explain"); break;
        case RK_STEPS: get_strv(L, vn, "steps", 0, &r->steps, &r->nsteps); break;
        case RK_PROFILES: load_profiles(L, r, vn); break;
        case RK_REFERENCES: get_strv(L, vn, "references", 0, &r->refs, &r->nrefs); break;
        case RK_SAMPLES: load_samples(L, r, vn); break;
        }
    }
    static const int required[] = {RK_ID, RK_TITLE, RK_CATEGORY};
    for (size_t j = 0; j < sizeof required / sizeof required[0] && !L->Y.S.stop; j++)
        if (!k[required[j]] && !misspelled(L, n, rule_keys[required[j]], rule_keys))
            ERR(L, TX_ESCHEMA, n, NULL, "rule is missing required key '%s'", rule_keys[required[j]]);
    if (!k[RK_PATTERN] && !k[RK_WHEN] && !L->Y.S.stop && !misspelled(L, n, "pattern", rule_keys) &&
        !misspelled(L, n, "when", rule_keys))
        ERR(L, TX_ESCHEMA, n, "add pattern: 'regex' (a log line) or when: {...} (conditions on events)",
            "rule is missing 'pattern' or 'when'");
    if (L->Y.S.nerr != err0 || L->Y.S.stop) {
        txr_rule_free(r);
        return NULL;
    }
    if (r->literal && r->when) {
        int nlines = 0;
        if (strlen(r->literal) >= sizeof ((txr_linematch *)0)->lits[0])
            WARN(L, v[RK_LITERAL], NULL, "'literal' is longer than %zu bytes; the prefilter ignores it",
                 sizeof ((txr_linematch *)0)->lits[0] - 1);
        else if (!lines_contain(r->when, r->literal, &nlines))
            WARN(L, v[RK_LITERAL], nlines ? "the literal must appear verbatim in the pattern" : NULL,
                 nlines ? "'literal' %s does not occur in the pattern; the prefilter ignores it"
                        : "'literal' %s is unused: the rule has no line pattern",
                 q(b, sizeof b, r->literal, strlen(r->literal)));
    }
    if (!k[RK_SAMPLES])
        WARN(L, n, "add samples: {match: ['a log line'], nomatch: ['...']} so `rules check` can test it",
             "rule '%s' has no samples", r->id);
    else if (!r->nmatch)
        WARN(L, k[RK_SAMPLES], NULL, "rule '%s' has no 'match' sample", r->id);
    return r;
}

static void load_rules(txr_rf *L, const txr_ynode *root, txr_rule ***out, unsigned *nout)
{
    char b[200];
    const txr_ynode *kv[TK__N] = {0};
    unsigned seen[TK__N] = {0};
    for (const int *p = root->kids; p < root->kids + 2 * (size_t)root->n; p += 2) {
        int i = key_of(L, nd(L, p[0]), top_keys, "key", seen);
        if (i >= 0)
            kv[i] = nd(L, p[1]);
    }
    /* the declarations first: this file's rules may use them */
    if (kv[TK_CATEGORIES])
        txr_rf_categories(L, kv[TK_CATEGORIES]);
    if (kv[TK_PROFILES] && !L->Y.S.stop)
        txr_rf_profiles(L, kv[TK_PROFILES]);
    if (kv[TK_PUBLIC_CAS] && !L->Y.S.stop)
        txr_rf_public_cas(L, kv[TK_PUBLIC_CAS]);
    if (kv[TK_INSPECTORS] && !L->Y.S.stop)
        txr_rf_inspectors(L, kv[TK_INSPECTORS]);
    if (!kv[0] && !misspelled(L, root, "version", top_keys)) {
        ERR(L, TX_ESCHEMA, root, "rule files start with 'version: 1'", "missing required key 'version'");
    } else if (kv[0] && (!eq(kv[0], "1") || kv[0]->style != TXR_Y_PLAIN)) {
        ERR(L, TX_ESCHEMA, kv[0], "this tlsexplain reads rule files of version 1", "unsupported rule file version %s",
            what(kv[0], b, sizeof b));
    }
    if (!kv[1]) {
        if (kv[TK_CATEGORIES] || kv[TK_PROFILES] || kv[TK_PUBLIC_CAS] || kv[TK_INSPECTORS])
            return; /* a file of declarations */
        if (!misspelled(L, root, "rules", top_keys))
            ERR(L, TX_ESCHEMA, root, "add rules: [...] (a list of rules)", "missing required key 'rules'");
        return;
    }
    const txr_ynode *rs = kv[1];
    if (rs->type != TXR_Y_SEQ) {
        ERR(L, TX_ESCHEMA, rs, "rules: is a list of '- id: ...' entries", "'rules' must be a list, not %s", what(rs, b, sizeof b));
        return;
    }
    size_t cnt = (size_t)rs->n;
    if (!cnt)
        return;
    if (cnt > TX_MAX_RULES)
        cnt = TX_MAX_RULES + 1;
    txr_rule **v = calloc(cnt, sizeof *v);
    seen_id *ids = calloc(cnt, sizeof *ids);
    if (!v || !ids) {
        free(v);
        free(ids);
        oom(L);
        return;
    }
    unsigned n = 0, nids = 0;
    for (size_t i = 0; i < cnt && !L->Y.S.stop; i++) {
        const txr_ynode *rn = nd(L, rs->kids[i]);
        if (i == TX_MAX_RULES) {
            L->Y.S.rule_id = NULL;
            ERR(L, TX_ELIMIT, rn, NULL, "more than %u rules in one file", TX_MAX_RULES);
            break;
        }
        /* duplicate ids (reported first, and also for rules with other errors) */
        const txr_ynode *idv = rn->type == TXR_Y_MAP ? lookup(L, rn, "id") : NULL;
        if (idv && is_str(idv) && txr_rf_id_bad(idv->s, idv->len) < 0) {
            L->Y.S.rule_id = idv->s;
            for (unsigned j = 0; j < nids; j++) {
                if (!strcmp(ids[j].id, idv->s)) {
                    ERR(L, TX_EDUP, idv, "rule ids must be unique within a file",
                        "duplicate rule id '%s' (first defined at line %u)", idv->s, ids[j].line);
                    break;
                }
            }
            ids[nids].id = idv->s;
            ids[nids].line = idv->line;
            nids++;
        }
        txr_rule *r = load_rule(L, rn);
        if (r)
            v[n++] = r;
    }
    L->Y.S.rule_id = NULL;
    free(ids);
    *out = v;
    *nout = n;
}

tx_status txr_load_yaml(const char *name, const char *text, size_t len, const txr_vocab *known, txr_rule ***out,
                        unsigned *n, txr_vocab *decl, tx_diag_cb cb, void *ud)
{
    return txr_load_yaml_doc(name, text, len, NULL, known, out, n, decl, cb, ud);
}

tx_status txr_load_yaml_doc(const char *name, const char *text, size_t len, const struct txr_ydoc *pre,
                            const txr_vocab *known, txr_rule ***out, unsigned *n, txr_vocab *decl, tx_diag_cb cb,
                            void *ud)
{
    txr_rf L;
    txr_vocab own = {0};
    memset(&L, 0, sizeof L);
    L.known = known;
    L.decl = decl ? decl : &own;
    *out = NULL;
    *n = 0;
    for (int i = 0; i < TXF__COUNT; i++)
        L.fields[i] = txi_field_name(i);
    L.fields[TXF__COUNT] = "any";
    L.fields[TXF__COUNT + 1] = "line";
    for (int i = 0; i < TXE__COUNT; i++)
        L.events[i] = txi_evtype_name(i);
    L.events[TXE__COUNT] = "any";
    tx_status ps = txr_yrd_load(&L.Y, name, text, len, pre, cb, ud);
    if (ps != TX_OK) {
        txr_yrd_free(&L.Y);
        return ps;
    }

    txr_rule **rules = NULL;
    unsigned nr = 0;
    const txr_ynode *root = txr_y_root(&L.Y);
    char b[200];
    if (!root) {
        diag(&L, TX_ESCHEMA, 0, 1, 1, "a rule file starts with 'version: 1' and 'rules:'", "empty rule file");
    } else if (root->type != TXR_Y_MAP) {
        ERR(&L, TX_ESCHEMA, root, "a rule file starts with 'version: 1' and 'rules:'",
            "a rule file must be a mapping, not %s", what(root, b, sizeof b));
    } else {
        load_rules(&L, root, &rules, &nr);
    }
    txr_yrd_free(&L.Y);
    txr_vocab_clear(&own);
    if (L.Y.S.first != TX_OK) {
        for (unsigned i = 0; i < nr; i++)
            txr_rule_free(rules[i]);
        free(rules);
        txr_vocab_clear(L.decl);
        return L.Y.S.first;
    }
    if (!nr) {
        free(rules);
        rules = NULL;
    }
    *out = rules;
    *n = nr;
    return TX_OK;
}
