/*
 * ruleset.c - tx_compiler (mutable, collects rules from files) and
 * tx_ruleset (immutable, what analyses share).
 *
 * A later rule with the id of an earlier one replaces it: that is how
 * `--rules PATH` overrides a shipped rule.  Finishing collects every line
 * condition of every rule into one table of line matchers, each with the
 * literal the prefilter looks for before any regex runs.
 */
#include "ruleset.h"
#include "jdkfacts.h"
#include "eval.h"
#include "rxcache.h"

#include <dirent.h>
#include <limits.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../parser/limits.h"
#include "../parser/strparse.h"
#include "builtin.h"
#include "prefilter.h"
#include "yamldoc.h"

const char *tx_strerror(tx_status s)
{
    switch (s) {
    case TX_OK: return "success";
    case TX_ENOMEM: return "out of memory";
    case TX_EIO: return "input/output error";
    case TX_ESYNTAX: return "rule file syntax error";
    case TX_ESCHEMA: return "invalid rule";
    case TX_EPATTERN: return "invalid pattern";
    case TX_ESAMPLE: return "rule sample check failed";
    case TX_ELIMIT: return "limit exceeded";
    case TX_EINVAL: return "invalid argument";
    case TX_EDUP: return "duplicate rule id";
    }
    return "unknown error";
}

tx_status tx_compiler_new(tx_compiler **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? TX_OK : TX_ENOMEM;
}

static void ids_drop(tx_compiler *c);

void tx_compiler_free(tx_compiler *c)
{
    if (!c)
        return;
    for (unsigned i = 0; i < c->n; i++)
        txr_rule_free(c->rules[i]);
    free(c->rules);
    free(c->origin);
    ids_drop(c);
    txr_vocab_clear(&c->voc);
    free(c);
}

tx_status tx_compiler_set_callback(tx_compiler *c, tx_diag_cb cb, void *ud)
{
    if (!c)
        return TX_EINVAL;
    c->cb = cb;
    c->ud = ud;
    return TX_OK;
}

tx_status tx_compiler_set_origin(tx_compiler *c, const char *origin)
{
    char *o = NULL;
    if (origin && !(o = strdup(origin)))
        return TX_ENOMEM;
    free(c->origin);
    c->origin = o;
    return TX_OK;
}

/* Label the rules a file brought (before they join the compiler's). */
static tx_status label(txr_rule **rules, unsigned n, const char *origin)
{
    for (unsigned i = 0; origin && i < n; i++)
        if (!(rules[i]->origin = strdup(origin)))
            return TX_ENOMEM;
    return TX_OK;
}

/* ---- rules by id: a later rule with an earlier one's id replaces it ---------------- */

static uint32_t id_hash(const char *s) { return txi_fnv1a(s, strlen(s), TXI_FNV1A_INIT); }

static void ids_drop(tx_compiler *c)
{
    free(c->ids);
    c->ids = NULL;
    c->idcap = 0;
}

/* The slot of id in c->ids: the one holding it, or the empty one where it goes. */
static unsigned *id_slot(const tx_compiler *c, const char *id)
{
    unsigned mask = c->idcap - 1;
    for (unsigned k = id_hash(id) & mask;; k = (k + 1) & mask)
        if (!c->ids[k] || strcmp(c->rules[c->ids[k] - 1]->id, id) == 0)
            return &c->ids[k];
}

/* Room in c->ids for one more rule; without memory the table is dropped
 * for good and add_rule walks the rules (slower, the same result). */
static void ids_grow(tx_compiler *c)
{
    if (c->n + 1 <= c->idcap / 2 || (!c->ids && c->n))
        return;
    unsigned cap = c->idcap ? c->idcap * 2 : 256;
    unsigned *old = c->ids, oldcap = c->idcap;
    c->ids = calloc(cap, sizeof *c->ids);
    if (!c->ids) {
        c->ids = old;
        ids_drop(c);
        return;
    }
    c->idcap = cap;
    for (unsigned k = 0; k < oldcap; k++)
        if (old[k])
            *id_slot(c, c->rules[old[k] - 1]->id) = old[k];
    free(old);
}

static tx_status add_rule(tx_compiler *c, txr_rule *r)
{
    ids_grow(c);
    unsigned *slot = c->ids ? id_slot(c, r->id) : NULL;
    if (slot && *slot) {
        txr_rule_free(c->rules[*slot - 1]);
        c->rules[*slot - 1] = r; /* override by id */
        return TX_OK;
    }
    for (unsigned i = 0; !c->ids && i < c->n; i++) {
        if (strcmp(c->rules[i]->id, r->id) == 0) {
            txr_rule_free(c->rules[i]);
            c->rules[i] = r; /* override by id */
            return TX_OK;
        }
    }
    if (c->n >= TX_MAX_RULES) {
        /* the limit is on the whole ruleset: say who fills it */
        if (c->nbuiltin)
            txr_diag(c->cb, c->ud, TX_ELIMIT, 0, r->file, r->line, r->col, r->id,
                     "more than %u rules in all: the shipped rulebook has %u, the rest come from the "
                     "rule files added (--no-builtin loads only those)",
                     TX_MAX_RULES, c->nbuiltin);
        else
            txr_diag(c->cb, c->ud, TX_ELIMIT, 0, r->file, r->line, r->col, r->id,
                     "more than %u rules in all the rule files loaded", TX_MAX_RULES);
        txr_rule_free(r);
        return TX_ELIMIT;
    }
    if (c->n == c->cap) {
        unsigned ncap = c->cap ? c->cap * 2 : 64;
        txr_rule **nr = realloc(c->rules, ncap * sizeof *nr);
        if (!nr) {
            txr_rule_free(r);
            return TX_ENOMEM;
        }
        c->rules = nr;
        c->cap = ncap;
    }
    c->rules[c->n++] = r;
    if (slot)
        *slot = c->n;
    return TX_OK;
}

const char *const txr_vocab_files[] = {"rules/tls/categories.yaml", "rules/tls/profiles.yaml",
                                       "rules/tls/public-cas.yaml", "rules/tls/inspection-vendors.yaml", NULL};

static int is_vocab_file(const char *name)
{
    for (int i = 0; txr_vocab_files[i]; i++)
        if (!strcmp(name, txr_vocab_files[i]))
            return 1;
    return 0;
}

/* The document the build parsed from a shipped file (yamldoc.h), unless
 * TLSEXPLAIN_NO_CACHE says parse it (tests compare). */
static const txr_ydoc *builtin_doc(const txr_builtin_file *f)
{
    return getenv("TLSEXPLAIN_NO_CACHE") ? NULL : txr_ydoc_find(f->name, f->len);
}

static tx_status load_file(tx_compiler *c, const char *name, const char *text, size_t len, const txr_ydoc *pre);

/* The shipped categories and profiles, once, before the first file. */
static tx_status load_vocab(tx_compiler *c)
{
    if (c->voc_loaded)
        return TX_OK;
    c->voc_loaded = 1;
    tx_status s = TX_OK;
    for (const txr_builtin_file *f = txr_builtin_rules; f->name && s == TX_OK; f++)
        if (is_vocab_file(f->name))
            s = load_file(c, f->name, f->text, f->len, builtin_doc(f));
    return s;
}

/* pre: the document the build parsed from text (yamldoc.h), or NULL. */
static tx_status add_text(tx_compiler *c, const char *name, const char *text, size_t len, const txr_ydoc *pre)
{
    tx_status s = load_vocab(c);
    return s != TX_OK ? s : load_file(c, name, text, len, pre);
}

static tx_status load_file(tx_compiler *c, const char *name, const char *text, size_t len, const txr_ydoc *pre)
{
    txr_rule **rules = NULL;
    unsigned n = 0;
    txr_vocab decl = {0};
    tx_status s = txr_load_yaml_doc(name, text, len, pre, &c->voc, &rules, &n, &decl, c->cb, c->ud);
    if (s != TX_OK)
        return s;
    if (txr_vocab_merge(&c->voc, &decl) < 0) {
        for (unsigned i = 0; i < n; i++)
            txr_rule_free(rules[i]);
        free(rules);
        return TX_ENOMEM;
    }
    if (label(rules, n, c->in_builtin ? "builtin" : c->origin) != TX_OK) {
        for (unsigned i = 0; i < n; i++)
            txr_rule_free(rules[i]);
        free(rules);
        return TX_ENOMEM;
    }
    for (unsigned i = 0; i < n; i++) {
        tx_status t = add_rule(c, rules[i]);
        if (t != TX_OK) {
            for (unsigned k = i + 1; k < n; k++)
                txr_rule_free(rules[k]);
            free(rules);
            return t;
        }
    }
    free(rules);
    return TX_OK;
}

tx_status tx_compiler_add_string(tx_compiler *c, const char *name, const char *text, size_t len)
{
    return add_text(c, name, text, len, NULL);
}

tx_status tx_compiler_add_builtin(tx_compiler *c)
{
    tx_status s = TX_OK;
    c->in_builtin = 1; /* the shipped rules are "builtin", whatever the label */
    /* their YAML documents come parsed from the build (builtin_doc()) */
    for (const txr_builtin_file *f = txr_builtin_rules; f->name && s == TX_OK; f++) {
        if (is_vocab_file(f->name)) /* loaded before any file */
            s = load_vocab(c);
        else
            s = add_text(c, f->name, f->text, f->len, builtin_doc(f));
        c->nbuiltin = c->n;
    }
    c->in_builtin = 0;
    return s;
}

static tx_status add_file(tx_compiler *c, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        txr_diag(c->cb, c->ud, TX_EIO, 0, path, 0, 0, NULL, "cannot open rule file: %s", strerror(errno));
        return TX_EIO;
    }
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            if (cap >= TX_MAX_RULE_FILE) {
                txr_diag(c->cb, c->ud, TX_ELIMIT, 0, path, 0, 0, NULL, "rule file larger than %u bytes",
                         TX_MAX_RULE_FILE);
                free(buf);
                fclose(f);
                return TX_ELIMIT;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb)
                break;
            buf = nb;
            cap *= 2;
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (k == 0)
            break;
    }
    int err = ferror(f);
    fclose(f);
    if (!buf)
        return TX_ENOMEM;
    if (err) {
        txr_diag(c->cb, c->ud, TX_EIO, 0, path, 0, 0, NULL, "cannot read rule file");
        free(buf);
        return TX_EIO;
    }
    tx_status s = tx_compiler_add_string(c, path, buf, n);
    free(buf);
    return s;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

tx_status tx_compiler_add_path(tx_compiler *c, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        txr_diag(c->cb, c->ud, TX_EIO, 0, path, 0, 0, NULL, "cannot open rules: %s", strerror(errno));
        return TX_EIO;
    }
    if (!S_ISDIR(st.st_mode))
        return add_file(c, path);
    DIR *d = opendir(path);
    if (!d) {
        txr_diag(c->cb, c->ud, TX_EIO, 0, path, 0, 0, NULL, "cannot open rule directory: %s", strerror(errno));
        return TX_EIO;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        int yaml = (l > 5 && strcmp(e->d_name + l - 5, ".yaml") == 0) || (l > 4 && strcmp(e->d_name + l - 4, ".yml") == 0);
        if (!yaml || e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn)
                break;
            names = nn;
        }
        size_t pl = strlen(path) + l + 2;
        names[n] = malloc(pl);
        if (!names[n])
            break;
        snprintf(names[n], pl, "%s/%s", path, e->d_name);
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    tx_status s = TX_OK;
    for (size_t i = 0; i < n; i++) {
        if (s == TX_OK)
            s = add_file(c, names[i]);
        free(names[i]);
    }
    free(names);
    return s;
}

/* ---- finish ---------------------------------------------------------------- */

static unsigned count_lines(const txr_cond *c)
{
    if (!c)
        return 0;
    unsigned n = c->kind == TXR_C_LINE;
    n += count_lines(c->after);
    for (unsigned i = 0; i < c->nkids; i++)
        n += count_lines(c->kids[i]);
    return n;
}

/* Can a match of this pattern depend on where its subject starts, so that the
 * tail of a line matches where the whole line does not?  A conservative
 * reading of the source: a '^' that does not negate a class, \A, \G, \b, \B,
 * a lookbehind or a verb. */
static int looks_at_start(const char *src)
{
    for (const char *q = src; *q; q++) {
        if (*q == '\\') {
            if (q[1] == 'A' || q[1] == 'G' || q[1] == 'b' || q[1] == 'B')
                return 1;
            if (q[1])
                q++;
        } else if (*q == '^' && !(q > src && q[-1] == '[')) {
            return 1;
        } else if (*q == '(' && (!strncmp(q, "(?<=", 4) || !strncmp(q, "(?<!", 4) || !strncmp(q, "(*", 2))) {
            return 1;
        }
    }
    return 0;
}

static void collect_lines(tx_ruleset *rs, txr_cond *c, unsigned rule, const char *declared)
{
    if (!c)
        return;
    if (c->kind == TXR_C_LINE) {
        txr_linematch *m = &rs->lm[rs->nlm];
        c->line_id = rs->nlm++;
        m->re = c->line;
        m->rule = rule;
        const char *src = txr_pattern_source(c->line);
        /* in extended mode (?x) the pattern's text is not its literal text:
         * no literal; with any inline group turning `i` on ((?i), (?mi),
         * (?si:...)) the literals are matched ignoring case, else exactly */
        unsigned flags = txr_pattern_source_flags(c->line);
        int ext = (flags & TXR_FLAG_EXTENDED) != 0;
        m->icase = (flags & TXR_FLAG_CASELESS) != 0;
        m->starts = looks_at_start(src);
        m->nlits = ext ? 0 : txr_pattern_source_literals(c->line, m->lits);
        /* a declared literal is trusted only if the pattern really contains it */
        if (!m->nlits && declared && strlen(declared) >= 3 && strlen(declared) < sizeof m->lits[0] && strstr(src, declared)) {
            m->nlits = 1;
            snprintf(m->lits[0], sizeof m->lits[0], "%s", declared);
        }
    }
    collect_lines(rs, c->after, rule, declared);
    for (unsigned i = 0; i < c->nkids; i++)
        collect_lines(rs, c->kids[i], rule, declared);
}

/* Give every field test the literals its regex requires and a test index,
 * so most fields are rejected by a byte search before PCRE2 runs, and most
 * conditions by one scan of a connection's text (prefilter.h). */
_Static_assert(TX_MAX_TEST_LITERALS >= TX_MAX_PATTERN_LITERALS && TX_MAX_TEST_LITERALS <= UCHAR_MAX,
               "a test's literal count is an unsigned char");

static void test_literals(txr_cond *c, unsigned *ntests, unsigned *nlits)
{
    if (!c)
        return;
    for (unsigned i = 0; i < c->ntests; i++) {
        txr_test *t = &c->tests[i];
        t->tid = (*ntests)++;
        if (!t->re) /* a numeric test: no literal */
            continue;
        unsigned flags = txr_pattern_source_flags(t->re);
        /* only as many as it has are kept (most have one or two), their
         * lengths after them; out of memory: none, and the regex runs on
         * every value (slower, the same) */
        char lits[TX_MAX_TEST_LITERALS][32];
        unsigned n = flags & TXR_FLAG_EXTENDED ? 0 : txr_pattern_test_literals(t->re, lits);
        free(t->lits);
        t->lits = n ? malloc(n * (sizeof *t->lits + 1)) : NULL;
        t->litlen = t->lits ? (unsigned char *)(t->lits + n) : NULL;
        t->nlits = t->lits ? (unsigned char)n : 0;
        if (t->lits)
            memcpy(t->lits, lits, n * sizeof *t->lits);
        for (unsigned k = 0; k < t->nlits; k++)
            t->litlen[k] = (unsigned char)strlen(t->lits[k]);
        *nlits += t->nlits;
        /* any inline group turning `i` on ((?i), (?mi), (?si:...)): compare ignoring case */
        t->icase = (flags & TXR_FLAG_CASELESS) != 0;
        memset(t->lfirst, 0, sizeof t->lfirst);
        memset(t->lsecond, 0, sizeof t->lsecond);
        t->lshortest = UCHAR_MAX;
        t->lempty = 0;
        for (unsigned k = 0; k < t->nlits; k++) {
            if (!t->litlen[k]) {
                t->lempty = 1;
                continue;
            }
            unsigned a = txi_lower[(unsigned char)t->lits[k][0]];
            t->lfirst[a >> 6] |= 1ull << (a & 63);
            if (t->litlen[k] < t->lshortest)
                t->lshortest = t->litlen[k];
            if (t->litlen[k] >= 2) {
                unsigned d = txi_lower[(unsigned char)t->lits[k][1]];
                t->lsecond[d >> 6] |= 1ull << (d & 63);
            }
        }
    }
    test_literals(c->after, ntests, nlits);
    for (unsigned i = 0; i < c->nkids; i++)
        test_literals(c->kids[i], ntests, nlits);
}

/* Collect (literal, test index) pairs of every test with literals. */
typedef struct {
    const char **lits;
    size_t *lens;
    unsigned char *icase;
    unsigned *map;
    unsigned char *k; /* (rs->lit2k) */
    unsigned n;
    int line; /* the tests of whole lines only, or those of fields only */
    tx_ruleset *rs; /* scan_src and scan_field are set for each test with literals */
    int any;        /* a test of any field has literals (scan_field: set after) */
} test_lits;

static void gather_test_lits(const txr_cond *c, test_lits *tl)
{
    if (!c)
        return;
    for (unsigned i = 0; i < c->ntests; i++) {
        const txr_test *t = &c->tests[i];
        if ((t->field == TXR_FIELD_LINE) != tl->line)
            continue;
        if (t->nlits && t->field == TXR_FIELD_LINE)
            tl->rs->scan_src = 1;
        if (t->nlits && t->field == TXR_FIELD_ANY)
            tl->any = 1; /* (every field txr_any_field takes: once, build_test_prefilter) */
        else if (t->nlits && t->field >= 0 && t->field < TXF__COUNT)
            tl->rs->scan_field[t->field] = 1;
        for (unsigned k = 0; k < t->nlits; k++) {
            tl->lits[tl->n] = t->lits[k];
            tl->lens[tl->n] = t->litlen[k];
            tl->icase[tl->n] = t->icase;
            tl->map[tl->n] = t->tid;
            tl->k[tl->n] = (unsigned char)(k % 32u); /* (its presence bit) */
            tl->n++;
        }
    }
    gather_test_lits(c->after, tl);
    for (unsigned i = 0; i < c->nkids; i++)
        gather_test_lits(c->kids[i], tl);
}

/* (max: the tests' literals in all, test_literals' count) */
static tx_status build_test_prefilter(tx_ruleset *rs, unsigned lsflags, unsigned max)
{
    if (!rs->ntests)
        return TX_OK;
    max += !max; /* (no literal at all: the tables as before, empty) */
    test_lits tl = {malloc(max * sizeof *tl.lits), malloc(max * sizeof *tl.lens), malloc(max), NULL, NULL, 0, 0, rs, 0};
    rs->lit2test = tl.map = malloc(max * sizeof *rs->lit2test);
    rs->lit2k = tl.k = malloc(max);
    if (!tl.lits || !tl.lens || !tl.icase || !rs->lit2test || !rs->lit2k) {
        free(tl.lits);
        free(tl.lens);
        free(tl.icase);
        return TX_ENOMEM;
    }
    /* the fields' literals, then the lines': a connection's field values are
     * scanned for the former, its lines for the latter (analysis.c scan_events;
     * the shipped rules have one literal in tests of lines, the lines are most
     * of the text, so a set of their own makes the scan of them cheap) */
    for (tl.line = 0; tl.line < 2; tl.line++) {
        if (tl.line)
            rs->nfieldlits = tl.n;
        for (unsigned i = 0; i < rs->n; i++) {
            gather_test_lits(rs->rules[i]->when, &tl);
            for (unsigned k = 0; k < rs->rules[i]->nadjust; k++)
                gather_test_lits(rs->rules[i]->adjust[k].when, &tl);
        }
    }
    rs->ntestlits = tl.n;
    for (int f = 0; tl.any && f < TXF__COUNT; f++)
        if (txr_any_field(f))
            rs->scan_field[f] = 1;
    unsigned nf = rs->nfieldlits, nl = tl.n - nf;
    rs->test_ls = nf ? txr_litset_new(tl.lits, tl.lens, tl.icase, nf, TXR_LS_BLOCK | lsflags) : NULL;
    rs->line_ls = nl ? txr_litset_new(tl.lits + nf, tl.lens + nf, tl.icase + nf, nl, TXR_LS_BLOCK | lsflags) : NULL;
    if ((nf && !rs->test_ls) || (nl && !rs->line_ls)) { /* too many literals for the automaton: */
        rs->nopf[1] = nf + nl;                            /* no prefilter, every test runs */
        txr_litset_free(rs->test_ls);
        txr_litset_free(rs->line_ls);
        rs->test_ls = rs->line_ls = NULL;
    }
    rs->scache = rs->test_ls ? txr_scancache_new() : NULL; /* (NULL: every scan made) */
    rs->rxcache = txr_rxcache_new(); /* (NULL: every search made) */
    free(tl.lits);
    free(tl.lens);
    free(tl.icase);
    return TX_OK;
}

/* The tests whose literals must be present for c to hold, as eval_event
 * asks them (tests_possible): those of an event condition, of every kid of
 * an `all`.  (`any`, `not`, line conditions: none.) */
static void gather_needs(const txr_cond *c, unsigned *out, unsigned *n)
{
    if (!c)
        return;
    if (c->kind == TXR_C_EVENT) {
        for (unsigned i = 0; i < c->ntests; i++)
            if (c->tests[i].nlits)
                out[(*n)++] = c->tests[i].tid;
    } else if (c->kind == TXR_C_ALL) {
        for (unsigned i = 0; i < c->nkids; i++)
            gather_needs(c->kids[i], out, n);
    }
}

/* A clause of c: atoms one of which must be present for c to hold (a test
 * with literals: its index, present when one of them is; a line matcher:
 * ntests + its index, present when it has a match event) - a test of an
 * event condition, a line condition, the first kid of an `all` that has
 * one, every kid's of an `any`; appended to out[*n] (at most max).  0: none
 * (`not`, an event condition without literals). */
static int clause_of(const txr_cond *c, unsigned ntests, unsigned *out, unsigned *n, unsigned max)
{
    if (!c || *n >= max)
        return 0;
    switch (c->kind) {
    case TXR_C_EVENT:
        for (unsigned i = 0; i < c->ntests; i++)
            if (c->tests[i].nlits) {
                out[(*n)++] = c->tests[i].tid;
                return 1;
            }
        return 0;
    case TXR_C_LINE:
        out[(*n)++] = ntests + c->line_id;
        return 1;
    case TXR_C_ALL:
        for (unsigned i = 0; i < c->nkids; i++) {
            unsigned at = *n;
            if (clause_of(c->kids[i], ntests, out, n, max))
                return 1;
            *n = at;
        }
        return 0;
    case TXR_C_ANY:
        for (unsigned i = 0; i < c->nkids; i++)
            if (!clause_of(c->kids[i], ntests, out, n, max))
                return 0;
        return c->nkids > 0;
    case TXR_C_NOT:
        return 0;
    }
    return 0;
}

/* A counting sort's second step: keys[0 .. n) with cnt[key] entries each get
 * consecutive ranges starts[k] .. starts[k + 1); cnt[key] becomes the start of
 * its range (where its next entry goes). */
static void count_to_starts(unsigned *cnt, const unsigned *keys, unsigned n, unsigned *starts)
{
    unsigned at = 0;
    for (unsigned k = 0; k < n; k++) {
        starts[k] = at;
        at += cnt[keys[k]];
        cnt[keys[k]] = starts[k];
    }
    starts[n] = at;
}

/* The rules that need no test but have a clause (clause_of), by its atoms
 * (ruleset.h ckey_*); out of memory: none (they stay free). */
static void build_clause_keys(tx_ruleset *rs)
{
    enum { MAXC = TX_MAX_RULE_CLAUSE };
    size_t natoms = (size_t)rs->ntests + rs->nlm, words = ((size_t)rs->n + 63) / 64;
    unsigned *cnt = calloc(natoms ? natoms : 1, sizeof *cnt);
    unsigned *cl = malloc(((size_t)rs->n * MAXC + 1) * sizeof *cl), *ncl = calloc(rs->n ? rs->n : 1, sizeof *ncl);
    rs->ckey_bits = calloc(words ? words : 1, sizeof *rs->ckey_bits);
    rs->ckey_atom = malloc((natoms ? natoms : 1) * sizeof *rs->ckey_atom);
    rs->ckey_at = malloc((natoms + 1) * sizeof *rs->ckey_at);
    rs->ckey_rule = malloc(((size_t)rs->n * MAXC + 1) * sizeof *rs->ckey_rule);
    if (!cnt || !cl || !ncl || !rs->ckey_bits || !rs->ckey_atom || !rs->ckey_at || !rs->ckey_rule) {
        free(cnt);
        free(cl);
        free(ncl);
        free(rs->ckey_bits); /* (no clause keys) */
        rs->ckey_bits = NULL;
        return;
    }
    for (unsigned i = 0; i < rs->n; i++) {
        unsigned *c = cl + (size_t)i * MAXC, n = 0;
        if (rs->need_at[i] != rs->need_at[i + 1] || !clause_of(rs->rules[i]->when, rs->ntests, c, &n, MAXC))
            continue;
        /* (an atom twice in a clause: once) */
        for (unsigned k = 0; k < n; k++) {
            unsigned j = 0;
            while (j < ncl[i] && c[j] != c[k])
                j++;
            if (j == ncl[i])
                c[ncl[i]++] = c[k];
        }
        rs->ckey_bits[i / 64] |= 1ull << (i % 64);
        for (unsigned k = 0; k < ncl[i]; k++)
            if (cnt[c[k]]++ == 0)
                rs->ckey_atom[rs->nckeys++] = c[k];
    }
    count_to_starts(cnt, rs->ckey_atom, rs->nckeys, rs->ckey_at);
    for (unsigned i = 0; i < rs->n; i++)
        for (unsigned k = 0; k < ncl[i]; k++)
            rs->ckey_rule[cnt[cl[(size_t)i * MAXC + k]]++] = i;
    free(cnt);
    free(cl);
    free(ncl);
}

static tx_status build_needs(tx_ruleset *rs)
{
    /* every test belongs to one condition of one rule: ntests entries at most */
    rs->need = malloc((rs->ntests ? rs->ntests : 1) * sizeof *rs->need);
    rs->need_at = malloc((rs->n + 1) * sizeof *rs->need_at);
    if (!rs->need || !rs->need_at)
        return TX_ENOMEM;
    unsigned n = 0;
    for (unsigned i = 0; i < rs->n; i++) {
        rs->need_at[i] = n;
        gather_needs(rs->rules[i]->when, rs->need, &n);
    }
    rs->need_at[rs->n] = n;
    /* the rules by their first need, and those without one */
    size_t words = ((size_t)rs->n + 63) / 64;
    unsigned *cnt = calloc(rs->ntests ? rs->ntests : 1, sizeof *cnt);
    rs->free_bits = calloc(words ? words : 1, sizeof *rs->free_bits);
    rs->key_test = malloc((rs->n ? rs->n : 1) * sizeof *rs->key_test);
    rs->key_at = malloc(((size_t)rs->n + 1) * sizeof *rs->key_at);
    rs->key_rule = malloc((rs->n ? rs->n : 1) * sizeof *rs->key_rule);
    if (!cnt || !rs->free_bits || !rs->key_test || !rs->key_at || !rs->key_rule) {
        free(cnt);
        free(rs->free_bits); /* (every rule is tried) */
        rs->free_bits = NULL;
        return TX_OK;
    }
    for (unsigned i = 0; i < rs->n; i++) {
        if (rs->need_at[i] == rs->need_at[i + 1])
            rs->free_bits[i / 64] |= 1ull << (i % 64);
        else if (cnt[rs->need[rs->need_at[i]]]++ == 0)
            rs->key_test[rs->nkeys++] = rs->need[rs->need_at[i]];
    }
    count_to_starts(cnt, rs->key_test, rs->nkeys, rs->key_at);
    for (unsigned i = 0; i < rs->n; i++)
        if (rs->need_at[i] != rs->need_at[i + 1])
            rs->key_rule[cnt[rs->need[rs->need_at[i]]]++] = i;
    free(cnt);
    build_clause_keys(rs);
    return TX_OK;
}

static tx_status build_reps(tx_ruleset *rs);

tx_status tx_compiler_finish(tx_compiler *c, tx_ruleset **out)
{
    tx_status vs = load_vocab(c); /* a compiler given no file still knows the shipped vocabulary */
    if (vs != TX_OK)
        return vs;
    unsigned ntests = 0, ntestlits = 0;
    for (unsigned i = 0; i < c->n; i++) {
        test_literals(c->rules[i]->when, &ntests, &ntestlits);
        for (unsigned k = 0; k < c->rules[i]->nadjust; k++)
            test_literals(c->rules[i]->adjust[k].when, &ntests, &ntestlits);
    }
    tx_ruleset *rs = calloc(1, sizeof *rs);
    if (!rs)
        return TX_ENOMEM;
    unsigned nl = 0;
    for (unsigned i = 0; i < c->n; i++) {
        nl += count_lines(c->rules[i]->when);
        for (unsigned k = 0; k < c->rules[i]->nadjust; k++)
            nl += count_lines(c->rules[i]->adjust[k].when);
    }
    rs->lm = nl ? calloc(nl, sizeof *rs->lm) : NULL;
    if (nl && !rs->lm) {
        free(rs);
        return TX_ENOMEM;
    }
    rs->rules = c->rules;
    rs->n = c->n;
    c->rules = NULL;
    c->n = c->cap = 0;
    ids_drop(c);
    rs->voc = c->voc;
    memset(&c->voc, 0, sizeof c->voc);
    for (unsigned i = 0; i < rs->n; i++) {
        collect_lines(rs, rs->rules[i]->when, i, rs->rules[i]->literal);
        for (unsigned k = 0; k < rs->rules[i]->nadjust; k++)
            collect_lines(rs, rs->rules[i]->adjust[k].when, i, NULL);
    }
    /* the literal sets' Hyperscan databases come from the build when they are the
     * shipped rulebook's (hscache.h); TLSEXPLAIN_NO_CACHE compiles them (tests) */
    unsigned lsflags = getenv("TLSEXPLAIN_NO_CACHE") ? TXR_LS_NOCACHE : 0;
    rs->pf = txr_prefilter_new(rs->lm, rs->nlm, lsflags);
    for (unsigned i = 0; rs->pf && !txr_prefilter_litset(rs->pf) && i < rs->nlm; i++)
        rs->nopf[0] += rs->lm[i].nlits; /* (every matcher on every line) */
    rs->ntests = ntests;
    /* the embedded JDK release facts: a build-time file, so a failure is a
     * bug (test_holes checks it loads); remediation then knows less */
    (void)txr_load_jdk_facts(txr_jdk_releases_yaml, txr_jdk_releases_yaml_len, &rs->jdk);
    if ((rs->nlm && !rs->pf) || build_test_prefilter(rs, lsflags, ntestlits) != TX_OK || build_needs(rs) != TX_OK ||
        build_reps(rs) != TX_OK) {
        tx_ruleset_free(rs);
        return TX_ENOMEM;
    }
    *out = rs;
    return TX_OK;
}

/* Hash of a condition's text (kinds, event types, fields, bounds, pattern
 * sources), for finding equal ones. */
static uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 1099511628211ull; }

static uint64_t mix_str(uint64_t h, const char *s)
{
    for (; s && *s; s++)
        h = mix(h, (unsigned char)*s);
    return mix(h, 0x100);
}

static uint64_t cond_hash(const txr_cond *c)
{
    if (!c)
        return 7;
    uint64_t h = mix(mix(1469598103934665603ull, (uint64_t)c->kind), (uint64_t)(int64_t)c->evtype);
    for (unsigned i = 0; i < c->ntests; i++) {
        const txr_test *t = &c->tests[i];
        h = mix(mix(mix(mix(h, (uint64_t)(int64_t)t->field), t->numeric), (uint64_t)t->lo), (uint64_t)t->hi);
        h = mix_str(h, t->re ? txr_pattern_source(t->re) : NULL);
    }
    h = mix(h, cond_hash(c->after));
    h = mix_str(h, c->line ? txr_pattern_source(c->line) : NULL);
    for (unsigned i = 0; i < c->nkids; i++)
        h = mix(h, cond_hash(c->kids[i]));
    return mix(h, c->nkids);
}

static int same_src(const txr_pattern *a, const txr_pattern *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(txr_pattern_source(a), txr_pattern_source(b)) == 0;
}

/* Do a and b hold on the same connections with the same evidence and
 * variables?  Same structure, same tests (field, bounds, pattern text), same
 * line patterns (by text: a line condition's own matcher id differs, but
 * the matchers of one text file their match events on the same lines). */
static int cond_same(const txr_cond *a, const txr_cond *b)
{
    if (!a || !b)
        return a == b;
    if (a->kind != b->kind || a->evtype != b->evtype || a->ntests != b->ntests || a->nkids != b->nkids ||
        !same_src(a->line, b->line) || !cond_same(a->after, b->after) || !a->after != !b->after)
        return 0;
    for (unsigned i = 0; i < a->ntests; i++) {
        const txr_test *x = &a->tests[i], *y = &b->tests[i];
        if (x->field != y->field || x->numeric != y->numeric || x->lo != y->lo || x->hi != y->hi ||
            !same_src(x->re, y->re))
            return 0;
    }
    for (unsigned i = 0; i < a->nkids; i++)
        if (!cond_same(a->kids[i], b->kids[i]))
            return 0;
    return 1;
}

/* rep[i] = the first of the n items equal to item i (hashes h, equal(i, j)),
 * through an open-addressing table of the first items by hash. */
static int first_equal(unsigned n, const uint64_t *h, unsigned *rep, int (*equal)(const tx_ruleset *, unsigned, unsigned),
                       const tx_ruleset *rs)
{
    size_t cap = 16;
    while (cap < 2 * (size_t)n)
        cap *= 2;
    unsigned *slot = malloc(cap * sizeof *slot);
    if (!slot)
        return -1;
    for (size_t k = 0; k < cap; k++)
        slot[k] = UINT_MAX;
    for (unsigned i = 0; i < n; i++) {
        rep[i] = i;
        size_t k = h[i] & (cap - 1);
        for (; slot[k] != UINT_MAX; k = (k + 1) & (cap - 1))
            if (h[slot[k]] == h[i] && equal(rs, slot[k], i)) {
                rep[i] = slot[k];
                break;
            }
        if (rep[i] == i)
            slot[k] = i;
    }
    free(slot);
    return 0;
}

static int lm_equal(const tx_ruleset *rs, unsigned a, unsigned b) { return same_src(rs->lm[a].re, rs->lm[b].re); }
static int when_equal(const tx_ruleset *rs, unsigned a, unsigned b)
{
    return cond_same(rs->rules[a]->when, rs->rules[b]->when);
}

/* The `when` of adjust item k (flattened over the rules: adj_at) while build_reps runs. */
static _Thread_local const txr_cond *const *adj_conds;
static int adj_equal(const tx_ruleset *rs, unsigned a, unsigned b)
{
    (void)rs;
    return cond_same(adj_conds[a], adj_conds[b]);
}

/* adj_at and adj_rep: the adjust items of ten copies of a rule are one
 * condition, evaluated once per connection.  Out of memory: none shared. */
static tx_status build_adj_reps(tx_ruleset *rs)
{
    rs->adj_at = malloc(((size_t)rs->n + 1) * sizeof *rs->adj_at);
    if (!rs->adj_at)
        return TX_ENOMEM;
    unsigned n = 0;
    for (unsigned i = 0; i < rs->n; i++) {
        rs->adj_at[i] = n;
        n += rs->rules[i]->nadjust;
    }
    rs->adj_at[rs->n] = n;
    rs->nadj = n;
    const txr_cond **conds = malloc((n ? n : 1) * sizeof *conds);
    uint64_t *h = malloc((n ? n : 1) * sizeof *h);
    rs->adj_rep = malloc((n ? n : 1) * sizeof *rs->adj_rep);
    int bad = !conds || !h || !rs->adj_rep;
    for (unsigned i = 0; !bad && i < rs->n; i++)
        for (unsigned k = 0; k < rs->rules[i]->nadjust; k++) {
            conds[rs->adj_at[i] + k] = rs->rules[i]->adjust[k].when;
            h[rs->adj_at[i] + k] = cond_hash(rs->rules[i]->adjust[k].when);
        }
    adj_conds = conds;
    bad = bad || first_equal(n, h, rs->adj_rep, adj_equal, rs) != 0;
    adj_conds = NULL;
    for (unsigned j = 0; !bad && j < n; j++)
        rs->nadj_shared += rs->adj_rep[j] != j && conds[j];
    free(conds);
    free(h);
    if (bad) {
        free(rs->adj_rep);
        rs->adj_rep = NULL;
        rs->nadj_shared = 0;
        return TX_ENOMEM;
    }
    return TX_OK;
}

static tx_status build_reps(tx_ruleset *rs)
{
    unsigned m = rs->nlm > rs->n ? rs->nlm : rs->n;
    rs->lm_rep = malloc((rs->nlm ? rs->nlm : 1) * sizeof *rs->lm_rep);
    rs->when_rep = malloc((rs->n ? rs->n : 1) * sizeof *rs->when_rep);
    rs->when_shared = calloc(rs->n ? rs->n : 1, 1);
    uint64_t *h = malloc((m ? m : 1) * sizeof *h);
    int bad = !rs->lm_rep || !rs->when_rep || !rs->when_shared || !h;
    for (unsigned i = 0; !bad && i < rs->nlm; i++)
        h[i] = mix_str(1469598103934665603ull, txr_pattern_source(rs->lm[i].re));
    bad = bad || first_equal(rs->nlm, h, rs->lm_rep, lm_equal, rs) != 0;
    for (unsigned i = 0; !bad && i < rs->n; i++)
        h[i] = cond_hash(rs->rules[i]->when);
    bad = bad || first_equal(rs->n, h, rs->when_rep, when_equal, rs) != 0;
    for (unsigned i = 0; !bad && i < rs->n; i++)
        if (rs->when_rep[i] != i)
            rs->when_shared[rs->when_rep[i]] = 1;
    free(h);
    return bad || build_adj_reps(rs) != TX_OK ? TX_ENOMEM : TX_OK;
}

void tx_ruleset_free(tx_ruleset *rs)
{
    if (!rs)
        return;
    for (unsigned i = 0; i < rs->n; i++)
        txr_rule_free(rs->rules[i]);
    free(rs->rules);
    free(rs->lm);
    txr_prefilter_free(rs->pf);
    txr_litset_free(rs->test_ls);
    txr_litset_free(rs->line_ls);
    txr_scancache_free(rs->scache);
    txr_rxcache_free(rs->rxcache);
    free(rs->lit2test);
    free(rs->lit2k);
    free(rs->need);
    free(rs->need_at);
    free(rs->free_bits);
    free(rs->key_test);
    free(rs->key_at);
    free(rs->key_rule);
    free(rs->ckey_bits);
    free(rs->ckey_atom);
    free(rs->ckey_at);
    free(rs->ckey_rule);
    free(rs->lm_rep);
    free(rs->when_rep);
    free(rs->when_shared);
    free(rs->adj_at);
    free(rs->adj_rep);
    txr_jdk_facts_free(rs->jdk);
    txr_vocab_clear(&rs->voc);
    free(rs);
}

size_t tx_ruleset_count(const tx_ruleset *rs) { return rs->n; }
