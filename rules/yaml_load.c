/*
 * yaml_load.c - the rule-file loader and validator: the only user of
 * <yaml.h>.  It turns one rule file into txr_rule ASTs (rule.h), or into
 * diagnostics that point at file:line:col with the offending source line.
 *
 * The language (see rule.h and docs/rules.md):
 *
 *   version: 1                  required, must be 1
 *   categories: [...]           declares categories (vocab.h; docs/rules.md)
 *   profiles: [...]             declares profiles (vocab.h; docs/rules.md)
 *   rules:                      a list of rules (required unless the file declares
 *                               categories or profiles):
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
 *     UTF-32 files are refused.
 *
 * Limits (hostile input): nesting of YAML collections (TXR_MAX_YAML_DEPTH),
 * YAML nodes per file (TXR_MAX_YAML_NODES, so the document stays small),
 * condition depth (TXR_MAX_COND_DEPTH), TX_MAX_CONDS_PER_RULE,
 * TX_MAX_RULES, TX_MAX_RULE_FILE, and at most TXR_MAX_ERRORS errors are
 * reported per file.  A first pass over the event stream checks aliases,
 * tags, depth and node count before the document is built, so
 * yaml_parser_load() never sees a file that could make it large.
 *
 * Positions: libyaml marks are 0-based; they get +1 here, once.  Its
 * columns count characters, and so do ours.  A bad regex is reported at the
 * column of PCRE2's error offset inside a one-line plain, single-quoted or
 * double-quoted scalar (quotes, '' and backslash escapes accounted for);
 * inside a block or multi-line scalar, at the scalar's start.
 *
 * Every error and warning goes to the callback; on any error the whole
 * file is dropped (*out = NULL) and the first error's status is returned.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../parser/event.h"
#include "../parser/limits.h"
#include "facts.h"
#include "jdkfacts.h"
#include "diag.h"
#include "ruleset.h"
#include "vocab.h"
#include "yamldoc.h"

#define TXR_MAX_YAML_DEPTH 256u
#define TXR_MAX_YAML_NODES (1u << 18)
#define TXR_MAX_COND_DEPTH 64u
#define TXR_MAX_ID 64u

typedef struct seen_id {
    const char *id;
    unsigned line;
} seen_id;

typedef struct ld {
    txr_src S;         /* the text, the callback, the error count (diag.h) */
    yaml_document_t doc;
    int have_doc;
    unsigned nconds;   /* conditions of the current rule */
    int said_conds, said_depth;
    const char *fields[TXF__COUNT + 3];
    const char *events[TXE__COUNT + 2];
    const txr_vocab *known; /* the categories and profiles loaded before this file (may be NULL) */
    txr_vocab *decl;        /* this file's own */
} ld;

/* ---- source lines, diagnostics, hints: diag.c ------------------------------------------------ */

static size_t line_start(ld *L, size_t l) { return txr_src_line_start(&L->S, l); }
static size_t line_end(const ld *L, size_t start) { return txr_src_line_end(&L->S, start); }
static size_t col_to_off(const ld *L, size_t s, size_t e, size_t col) { return txr_src_col_to_off(&L->S, s, e, col); }
static unsigned off_to_col(const ld *L, size_t s, size_t p) { return txr_src_off_to_col(&L->S, s, p); }
static void off_to_pos(ld *L, size_t off, unsigned *line, unsigned *col) { txr_src_off_to_pos(&L->S, off, line, col); }
static int is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }
static void oom(ld *L) { txr_src_oom(&L->S); }
#define sanitize txr_src_sanitize
#define suggest txr_suggest
#define hint txr_hint
#define diag(L, ...) txr_src_diag(&(L)->S, __VA_ARGS__)
#define ERR(L, code, n, help, ...) diag(L, code, 0, (unsigned)(n)->start_mark.line + 1, \
                                        (unsigned)(n)->start_mark.column + 1, help, __VA_ARGS__)
#define WARN(L, n, help, ...) diag(L, TX_OK, 1, (unsigned)(n)->start_mark.line + 1, \
                                   (unsigned)(n)->start_mark.column + 1, help, __VA_ARGS__)

/* ---- node helpers ------------------------------------------------------------------------------- */

static yaml_node_t *nd(ld *L, int id) { return yaml_document_get_node(&L->doc, id); }
static const char *sv(const yaml_node_t *n) { return (const char *)n->data.scalar.value; }
static size_t sl(const yaml_node_t *n) { return n->data.scalar.length; }

static int is_null(const yaml_node_t *n)
{
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return 0;
    const char *v = sv(n);
    return sl(n) == 0 || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") || !strcmp(v, "NULL");
}

static int is_str(const yaml_node_t *n) { return n->type == YAML_SCALAR_NODE && !is_null(n); }

static int eq(const yaml_node_t *n, const char *s)
{
    return n->type == YAML_SCALAR_NODE && sl(n) == strlen(s) && memcmp(sv(n), s, sl(n)) == 0;
}

/* A user string, quoted and cleaned for a message. */
static const char *q(char *buf, size_t bn, const char *s, size_t n)
{
    char tmp[160];
    sanitize(tmp, sizeof tmp, s, n, 48);
    snprintf(buf, bn, "'%s'", tmp);
    return buf;
}

/* How a node looks, for "must be X, not Y". */
static const char *what(const yaml_node_t *n, char *buf, size_t bn)
{
    if (n->type == YAML_MAPPING_NODE)
        return "a mapping";
    if (n->type == YAML_SEQUENCE_NODE)
        return "a list";
    if (is_null(n))
        return "an empty value";
    return q(buf, bn, sv(n), sl(n));
}

/* Index of candidate matching key node k, or -1 after reporting an
 * unknown, non-string or duplicate key.  seen[] (one per candidate, zeroed
 * by the caller) holds the line of each key's first occurrence. */
static int key_of(ld *L, const yaml_node_t *k, const char *const *cands, const char *noun, unsigned *seen)
{
    char b[200], help[256];
    if (L->S.stop)
        return -1;
    if (k->type != YAML_SCALAR_NODE || is_null(k)) {
        ERR(L, TX_ESCHEMA, k, NULL, "a %s must be a string, not %s", noun, what(k, b, sizeof b));
        return -1;
    }
    for (int i = 0; cands[i]; i++) {
        if (!eq(k, cands[i]))
            continue;
        if (seen[i]) {
            ERR(L, TX_ESCHEMA, k, NULL, "duplicate %s '%s' (first at line %u)", noun, cands[i], seen[i]);
            return -1;
        }
        seen[i] = (unsigned)k->start_mark.line + 1;
        return i;
    }
    hint(help, sizeof help, sv(k), sl(k), cands);
    ERR(L, TX_ESCHEMA, k, help, "unknown %s %s", noun, q(b, sizeof b, sv(k), sl(k)));
    return -1;
}

/* Map value of the first key equal to `key` (no checks), or NULL. */
static yaml_node_t *lookup(ld *L, const yaml_node_t *map, const char *key)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++)
        if (eq(nd(L, p->key), key))
            return nd(L, p->value);
    return NULL;
}

/* Was a misspelling of `key` already reported in this mapping?  (Then
 * "missing key" would only repeat it.) */
static int misspelled(ld *L, const yaml_node_t *map, const char *key, const char *const *cands)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        const yaml_node_t *k = nd(L, p->key);
        if (k->type != YAML_SCALAR_NODE || is_null(k))
            continue;
        int known = 0;
        for (const char *const *c = cands; *c && !known; c++)
            known = eq(k, *c);
        const char *s = known ? NULL : suggest(sv(k), sl(k), cands);
        if (s && !strcmp(s, key))
            return 1;
    }
    return 0;
}

static char *dup(ld *L, const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d) {
        oom(L);
        return NULL;
    }
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

/* A string value; NULL (reported) if it is not one. */
static char *get_str(ld *L, const yaml_node_t *v, const char *key)
{
    char b[200];
    if (!is_str(v)) {
        ERR(L, TX_ESCHEMA, v, NULL, "'%s' must be a string, not %s", key, what(v, b, sizeof b));
        return NULL;
    }
    if (memchr(sv(v), '\0', sl(v))) {
        ERR(L, TX_ESCHEMA, v, NULL, "'%s' contains a NUL character", key);
        return NULL;
    }
    return dup(L, sv(v), sl(v));
}

/* A list of strings (or one string when single is set) into *out / *n.
 * Returns 0 on success. */
static int get_strv(ld *L, const yaml_node_t *v, const char *key, int single, char ***out, unsigned *n)
{
    char b[200];
    *out = NULL;
    *n = 0;
    if (single && is_str(v)) {
        char *s = get_str(L, v, key);
        if (!s)
            return -1;
        *out = malloc(sizeof **out);
        if (!*out) {
            free(s);
            oom(L);
            return -1;
        }
        (*out)[0] = s;
        *n = 1;
        return 0;
    }
    if (v->type != YAML_SEQUENCE_NODE) {
        ERR(L, TX_ESCHEMA, v, NULL, "'%s' must be a list of strings%s, not %s", key, single ? " or a string" : "",
            what(v, b, sizeof b));
        return -1;
    }
    size_t cnt = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
    if (!cnt)
        return 0;
    char **a = calloc(cnt, sizeof *a);
    if (!a) {
        oom(L);
        return -1;
    }
    int bad = 0;
    unsigned k = 0;
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
        yaml_node_t *x = nd(L, *it);
        if (!is_str(x)) {
            ERR(L, TX_ESCHEMA, x, NULL, "each item of '%s' must be a string, not %s", key, what(x, b, sizeof b));
            bad = 1;
            continue;
        }
        char *s = get_str(L, x, key);
        if (!s) {
            bad = 1;
            continue;
        }
        a[k++] = s;
    }
    *out = a;
    *n = k;
    return bad ? -1 : 0;
}

/* An integer lo..hi written as a plain scalar. */
static int get_int(ld *L, const yaml_node_t *v, const char *key, long lo, long hi, int *out)
{
    char b[200];
    if (v->type == YAML_SCALAR_NODE && v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && sl(v) > 0 && sl(v) < 12) {
        const char *s = sv(v);
        size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
        long val = 0;
        int digits = i < sl(v);
        for (; i < sl(v); i++) {
            if (s[i] < '0' || s[i] > '9') {
                digits = 0;
                break;
            }
            val = val * 10 + (s[i] - '0');
        }
        if (digits) {
            if (s[0] == '-')
                val = -val;
            if (val >= lo && val <= hi) {
                *out = (int)val;
                return 0;
            }
        }
    }
    ERR(L, TX_ESCHEMA, v, NULL, "'%s' must be an integer from %ld to %ld, not %s", key, lo, hi, what(v, b, sizeof b));
    return -1;
}

/* ---- regex columns ------------------------------------------------------------------------------- */

static unsigned utf8_len(unsigned long cp) { return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; }

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* 1-based line/col of byte `off` of scalar n's value in the source.  Exact
 * for one-line plain and quoted scalars; the scalar's start otherwise. */
static void scalar_pos(ld *L, const yaml_node_t *n, size_t off, unsigned *line, unsigned *col)
{
    *line = (unsigned)n->start_mark.line + 1;
    *col = (unsigned)n->start_mark.column + 1;
    yaml_scalar_style_t st = n->data.scalar.style;
    if (n->end_mark.line != n->start_mark.line ||
        (st != YAML_PLAIN_SCALAR_STYLE && st != YAML_SINGLE_QUOTED_SCALAR_STYLE && st != YAML_DOUBLE_QUOTED_SCALAR_STYLE))
        return;
    const char *t = L->S.text;
    size_t ls = line_start(L, n->start_mark.line), le = line_end(L, ls);
    size_t p = col_to_off(L, ls, le, n->start_mark.column);
    if (st != YAML_PLAIN_SCALAR_STYLE) {
        if (p >= le || t[p] != (st == YAML_SINGLE_QUOTED_SCALAR_STYLE ? '\'' : '"'))
            return;
        p++;
    }
    size_t v = 0;
    while (v < off && p < le) {
        size_t step = 1, prod = 1;
        if (st == YAML_SINGLE_QUOTED_SCALAR_STYLE && t[p] == '\'') {
            if (p + 1 >= le || t[p + 1] != '\'')
                return; /* closing quote before off: inconsistent */
            step = 2;
        } else if (st == YAML_DOUBLE_QUOTED_SCALAR_STYLE && t[p] == '\\') {
            if (p + 1 >= le)
                return;
            char e = t[p + 1];
            step = 2;
            unsigned hex = e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : 0;
            if (hex) {
                unsigned long cp = 0;
                for (unsigned k = 0; k < hex; k++) {
                    int h = p + 2 + k < le ? hexval(t[p + 2 + k]) : -1;
                    if (h < 0)
                        return;
                    cp = cp * 16 + (unsigned long)h;
                }
                step += hex;
                prod = utf8_len(cp);
            } else if (e == 'N' || e == '_') {
                prod = 2;
            } else if (e == 'L' || e == 'P') {
                prod = 3;
            }
        } else if (st == YAML_DOUBLE_QUOTED_SCALAR_STYLE && t[p] == '"') {
            return;
        }
        if (v + prod > off)
            break; /* off is inside this escape: point at the backslash */
        v += prod;
        p += step;
    }
    if (v < off && p >= le)
        return;
    while (p > ls && p < le && is_cont((unsigned char)t[p]))
        p--;
    *col = off_to_col(L, ls, p);
}

/* A compiled regex from a scalar; NULL (reported) on error. */
static txr_pattern *get_regex(ld *L, const yaml_node_t *v, const char *key)
{
    char b[200], msg[256];
    if (L->S.stop)
        return NULL;
    if (!is_str(v)) {
        ERR(L, TX_ESCHEMA, v, NULL, "'%s' must be a regular expression (a string), not %s", key, what(v, b, sizeof b));
        return NULL;
    }
    if (memchr(sv(v), '\0', sl(v))) {
        ERR(L, TX_ESCHEMA, v, NULL, "'%s' contains a NUL character", key);
        return NULL;
    }
    if (!sl(v)) {
        ERR(L, TX_ESCHEMA, v, NULL, "'%s' is an empty regular expression (it would match everything)", key);
        return NULL;
    }
    size_t erroff = 0;
    msg[0] = '\0';
    txr_pattern *re = txr_pattern_compile(sv(v), sl(v), &erroff, msg, sizeof msg);
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

/* ---- conditions -------------------------------------------------------------------------------- */

enum { CK_EVENT, CK_FACT, CK_LINE, CK_ALL, CK_ANY, CK_NOT, CK_WHERE, CK_FIELD, CK_PATTERN, CK_AFTER, CK__N };
static const char *const cond_keys[] = {"event", "fact", "line", "all", "any", "not",
                                        "where", "field", "pattern", "after", NULL};
/* Which extra keys each head allows. */
#define CK_BIT(k) (1u << (k))
static const unsigned cond_extras[CK_WHERE] = {
    [CK_EVENT] = CK_BIT(CK_WHERE) | CK_BIT(CK_FIELD) | CK_BIT(CK_PATTERN) | CK_BIT(CK_AFTER),
    [CK_FACT] = CK_BIT(CK_WHERE) | CK_BIT(CK_AFTER),
};

static txr_cond *load_cond(ld *L, const yaml_node_t *n, unsigned depth, int in_after);

/* Field id of a `where` key or `field:` value: txi_fid, TXR_FIELD_ANY, TXR_FIELD_LINE. */
static int field_id(int idx)
{
    return idx == TXF__COUNT ? TXR_FIELD_ANY : idx == TXF__COUNT + 1 ? TXR_FIELD_LINE : idx;
}

/* A numeric test {ge: N, gt: N, le: N, lt: N, eq: N} (one or more, all
 * must hold) into t; -1 (reported) if malformed. */
static const char *const num_keys[] = {"ge", "gt", "le", "lt", "eq", NULL};

static int get_numeric(ld *L, const yaml_node_t *v, const char *field, txr_test *t)
{
    char b[200];
    if (v->type != YAML_MAPPING_NODE || v->data.mapping.pairs.top == v->data.mapping.pairs.start) {
        ERR(L, TX_ESCHEMA, v, "write {ge: 2}, {le: 7}, {gt: 0, lt: 10} or {eq: 1}",
            "a numeric test of '%s' needs ge, gt, le, lt or eq, not %s", field, what(v, b, sizeof b));
        return -1;
    }
    unsigned seen[5] = {0};
    int bad = 0;
    t->numeric = 1;
    t->lo = INT64_MIN;
    t->hi = INT64_MAX;
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        int i = key_of(L, nd(L, p->key), num_keys, "comparison", seen), n = 0;
        if (i < 0 || get_int(L, nd(L, p->value), num_keys[i], -2147483647L, 2147483647L, &n) < 0) {
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

static int add_where(ld *L, txr_cond *c, const yaml_node_t *w)
{
    char b[200];
    if (w->type != YAML_MAPPING_NODE) {
        ERR(L, TX_ESCHEMA, w, "write where: {FIELD: 'regex', ...}", "'where' must be a mapping of field names to "
            "regular expressions, not %s", what(w, b, sizeof b));
        return -1;
    }
    unsigned seen[TXF__COUNT + 2];
    memset(seen, 0, sizeof seen);
    int bad = 0;
    for (yaml_node_pair_t *p = w->data.mapping.pairs.start; p < w->data.mapping.pairs.top; p++) {
        yaml_node_t *k = nd(L, p->key), *v = nd(L, p->value);
        int i = key_of(L, k, L->fields, "field", seen);
        if (v->type == YAML_MAPPING_NODE) { /* {ge: N, ...} */
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
        txr_pattern *re = get_regex(L, v, i >= 0 ? L->fields[i] : "where");
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

static txr_cond *load_cond(ld *L, const yaml_node_t *n, unsigned depth, int in_after)
{
    char b[200];
    if (L->S.stop)
        return NULL;
    if (depth > TXR_MAX_COND_DEPTH) {
        if (!L->said_depth)
            ERR(L, TX_ELIMIT, n, NULL, "conditions nested deeper than %u levels", TXR_MAX_COND_DEPTH);
        L->said_depth = 1;
        return NULL;
    }
    if (++L->nconds > TX_MAX_CONDS_PER_RULE) {
        if (!L->said_conds)
            ERR(L, TX_ELIMIT, n, NULL, "more than %u conditions in one rule", TX_MAX_CONDS_PER_RULE);
        L->said_conds = 1;
        return NULL;
    }
    if (n->type != YAML_MAPPING_NODE) {
        ERR(L, TX_ESCHEMA, n, "for example {event: exception, pattern: 'PKIX path'} or {line: 'regex'}",
            "a condition must be a mapping, not %s", what(n, b, sizeof b));
        return NULL;
    }
    const yaml_node_t *k[CK__N] = {0}, *v[CK__N] = {0};
    unsigned seen[CK__N] = {0};
    int bad = 0;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        int i = key_of(L, nd(L, p->key), cond_keys, "key", seen);
        if (i < 0) {
            bad = 1;
            continue;
        }
        k[i] = nd(L, p->key);
        v[i] = nd(L, p->value);
    }
    int head = -1;
    for (int i = CK_EVENT; i < CK_WHERE; i++) {
        if (!k[i])
            continue;
        if (head < 0) {
            head = i;
            continue;
        }
        int later = k[i]->start_mark.index > k[head]->start_mark.index ? i : head;
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
    c->srcline = (unsigned)n->start_mark.line + 1;
    c->srccol = (unsigned)n->start_mark.column + 1;
    char help[256];
    switch (head) {
    case CK_EVENT:
    case CK_FACT: {
        c->kind = TXR_C_EVENT;
        const yaml_node_t *w = v[CK_WHERE];
        size_t ntests = (head == CK_FACT) + (v[CK_PATTERN] != NULL) +
                        (w && w->type == YAML_MAPPING_NODE ? (size_t)(w->data.mapping.pairs.top - w->data.mapping.pairs.start) : 0);
        if (ntests && !(c->tests = calloc(ntests, sizeof *c->tests))) {
            oom(L);
            bad = 1;
            break;
        }
        if (head == CK_EVENT) {
            const yaml_node_t *e = v[CK_EVENT];
            if (!is_str(e)) {
                ERR(L, TX_ESCHEMA, e, NULL, "'event' must be an event type, not %s", what(e, b, sizeof b));
                bad = 1;
            } else if (eq(e, "any")) {
                c->evtype = -1;
            } else if ((c->evtype = txi_evtype_lookup(sv(e), sl(e))) < 0) {
                hint(help, sizeof help, sv(e), sl(e), L->events);
                ERR(L, TX_ESCHEMA, e, help, "unknown event type %s", q(b, sizeof b, sv(e), sl(e)));
                bad = 1;
            }
        } else {
            const yaml_node_t *f = v[CK_FACT];
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
                hint(help, sizeof help, sv(f), sl(f), txr_fact_names);
                ERR(L, TX_ESCHEMA, f, help, "unknown fact %s", q(b, sizeof b, sv(f), sl(f)));
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
                const yaml_node_t *f = v[CK_FIELD];
                fid = is_str(f) ? txi_field_lookup(sv(f), sl(f)) : -1;
                if (fid < 0 && eq(f, "any"))
                    fid = TXR_FIELD_ANY;
                else if (fid < 0 && eq(f, "line"))
                    fid = TXR_FIELD_LINE;
                else if (fid < 0) {
                    if (!is_str(f)) {
                        ERR(L, TX_ESCHEMA, f, NULL, "'field' must be a field name, not %s", what(f, b, sizeof b));
                    } else {
                        hint(help, sizeof help, sv(f), sl(f), L->fields);
                        ERR(L, TX_ESCHEMA, f, help, "unknown field %s", q(b, sizeof b, sv(f), sl(f)));
                    }
                    bad = 1;
                    fid = -3;
                }
            }
            txr_pattern *re = get_regex(L, v[CK_PATTERN], fname);
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
                c->after = load_cond(L, v[CK_AFTER], depth + 1, 1);
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
        if (!(c->line = get_regex(L, v[CK_LINE], "line")))
            bad = 1;
        break;
    case CK_ALL:
    case CK_ANY: {
        const yaml_node_t *s = v[head];
        c->kind = head == CK_ALL ? TXR_C_ALL : TXR_C_ANY;
        if (s->type != YAML_SEQUENCE_NODE) {
            ERR(L, TX_ESCHEMA, s, NULL, "'%s' must be a list of conditions, not %s", cond_keys[head], what(s, b, sizeof b));
            bad = 1;
            break;
        }
        size_t cnt = (size_t)(s->data.sequence.items.top - s->data.sequence.items.start);
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
        for (size_t i = 0; i < cnt && !L->S.stop; i++)
            if (!(c->kids[i] = load_cond(L, nd(L, s->data.sequence.items.start[i]), depth + 1, in_after)))
                bad = 1;
        break;
    }
    case CK_NOT: {
        const yaml_node_t *s = v[CK_NOT];
        c->kind = TXR_C_NOT;
        if (s->type == YAML_SEQUENCE_NODE) {
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
        if (!(c->kids[0] = load_cond(L, s, depth + 1, in_after)))
            bad = 1;
        break;
    }
    }
    if (bad || L->S.stop) {
        txr_cond_free(c);
        return NULL;
    }
    return c;
}

/* ---- rules ---------------------------------------------------------------------------------------- */

enum {
    RK_ID, RK_TITLE, RK_CATEGORY, RK_KIND, RK_CONFIDENCE, RK_SUPERSEDES, RK_PATTERN, RK_LITERAL, RK_WHEN,
    RK_ADJUST, RK_EXPLAIN, RK_STEPS, RK_PROFILES, RK_REFERENCES, RK_SAMPLES, RK__N
};
static const char *const rule_keys[] = {"id", "title", "category", "kind", "confidence", "supersedes",
                                        "pattern", "literal", "when", "adjust", "explain", "steps",
                                        "profiles", "references", "samples", NULL};
static const char *const kind_names[] = {"cause", "risk", "note", "fallback", NULL};
static const char *const profile_keys[] = {"steps", NULL};
static const char *const sample_keys[] = {"match", "nomatch", NULL};
static const char *const adjust_keys[] = {"when", "by", NULL};
enum { TK_VERSION, TK_RULES, TK_CATEGORIES, TK_PROFILES, TK__N };
static const char *const top_keys[] = {"version", "rules", "categories", "profiles", NULL};

/* ---- the vocabulary: what earlier files and this one declare ---------------------------------- */

/* The ids of the categories (profiles = 0) or profiles declared so far, a
 * NULL-terminated array for hints (free it; NULL: out of memory). */
static const char **vocab_names(ld *L, int profiles)
{
    unsigned nk = L->known ? (profiles ? L->known->nprofs : L->known->ncats) : 0;
    unsigned nd = profiles ? L->decl->nprofs : L->decl->ncats;
    const char **v = calloc(nk + nd + 1, sizeof *v);
    if (!v) {
        oom(L);
        return NULL;
    }
    for (unsigned i = 0; i < nk; i++)
        v[i] = profiles ? L->known->profs[i]->id : L->known->cats[i]->id;
    for (unsigned i = 0; i < nd; i++)
        v[nk + i] = profiles ? L->decl->profs[i]->id : L->decl->cats[i]->id;
    return v;
}

/* Is scalar n the id of a declared category (profiles = 0) or profile? */
static int declared(ld *L, const yaml_node_t *n, int profiles)
{
    const char **v = vocab_names(L, profiles);
    int found = 0;
    for (unsigned i = 0; v && v[i] && !found; i++)
        found = eq(n, v[i]);
    free(v);
    return found;
}

/* "unknown category 'x'" with a hint from the declared ones. */
static void unknown_name(ld *L, const yaml_node_t *n, int profiles)
{
    char b[200], help[256];
    const char **v = vocab_names(L, profiles);
    if (!v)
        return;
    if (v[0])
        hint(help, sizeof help, sv(n), sl(n), v);
    else
        snprintf(help, sizeof help, "no %s is declared: declare it under '%s:' in this file or an earlier one",
                 profiles ? "profile" : "category", profiles ? "profiles" : "categories");
    ERR(L, TX_ESCHEMA, n, help, "unknown %s %s", profiles ? "profile" : "category", q(b, sizeof b, sv(n), sl(n)));
    free(v);
}


/* Offset of the first character that is not allowed in a rule id, or -1. */
static long id_bad(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0);
        if (!ok)
            return (long)i;
    }
    return n > TXR_MAX_ID ? (long)TXR_MAX_ID : -1;
}

/* A rule id value (id or supersedes entry); NULL (reported) if invalid. */
static char *get_id(ld *L, const yaml_node_t *v, const char *key)
{
    char b[200];
    if (!is_str(v)) {
        ERR(L, TX_ESCHEMA, v, NULL, "'%s' must be a rule id, not %s", key, what(v, b, sizeof b));
        return NULL;
    }
    long bad = id_bad(sv(v), sl(v));
    if (bad >= 0) {
        unsigned line, col;
        scalar_pos(L, v, (size_t)bad, &line, &col);
        if (sl(v) > TXR_MAX_ID && bad == (long)TXR_MAX_ID)
            diag(L, TX_ESCHEMA, 0, line, col, NULL, "rule id %s is longer than %u characters", q(b, sizeof b, sv(v), sl(v)),
                 TXR_MAX_ID);
        else
            diag(L, TX_ESCHEMA, 0, line, col, "use lowercase letters, digits and '-' (not first)",
                 "rule id %s must match [a-z0-9][a-z0-9-]*", q(b, sizeof b, sv(v), sl(v)));
        return NULL;
    }
    return dup(L, sv(v), sl(v));
}

static int load_profiles(ld *L, txr_rule *r, const yaml_node_t *v)
{
    char b[200];
    if (v->type != YAML_MAPPING_NODE) {
        ERR(L, TX_ESCHEMA, v, "write profiles: {ia: {steps: [...]}}", "'profiles' must be a mapping, not %s", what(v, b, sizeof b));
        return -1;
    }
    size_t cnt = (size_t)(v->data.mapping.pairs.top - v->data.mapping.pairs.start);
    if (!cnt)
        return 0;
    if (!(r->profiles = calloc(cnt, sizeof *r->profiles))) {
        oom(L);
        return -1;
    }
    int bad = 0;
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        const yaml_node_t *pk = nd(L, p->key), *pv = nd(L, p->value);
        if (!is_str(pk) || memchr(sv(pk), '\0', sl(pk))) {
            ERR(L, TX_ESCHEMA, pk, NULL, "a profile must be a string, not %s", what(pk, b, sizeof b));
            bad = 1;
            continue;
        }
        if (!declared(L, pk, 1)) {
            unknown_name(L, pk, 1);
            bad = 1;
            continue;
        }
        int dupl = 0;
        for (unsigned j = 0; j < r->nprofiles && !dupl; j++)
            dupl = r->profiles[j].profile && eq(pk, r->profiles[j].profile);
        if (dupl) {
            ERR(L, TX_ESCHEMA, pk, NULL, "duplicate profile '%s'", sv(pk));
            bad = 1;
            continue;
        }
        if (pv->type != YAML_MAPPING_NODE) {
            ERR(L, TX_ESCHEMA, pv, "write ia: {steps: [...]}", "profile '%s' must be a mapping with 'steps', not %s",
                sv(pk), what(pv, b, sizeof b));
            bad = 1;
            continue;
        }
        txr_profile_steps *ps = &r->profiles[r->nprofiles++];
        if (!(ps->profile = dup(L, sv(pk), sl(pk)))) {
            bad = 1;
            continue;
        }
        unsigned pseen[1] = {0};
        const yaml_node_t *steps = NULL;
        for (yaml_node_pair_t *pp = pv->data.mapping.pairs.start; pp < pv->data.mapping.pairs.top; pp++) {
            if (key_of(L, nd(L, pp->key), profile_keys, "key", pseen) == 0)
                steps = nd(L, pp->value);
            else
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

static int load_samples(ld *L, txr_rule *r, const yaml_node_t *v)
{
    char b[200];
    if (v->type != YAML_MAPPING_NODE) {
        ERR(L, TX_ESCHEMA, v, "write samples: {match: [...], nomatch: [...]}", "'samples' must be a mapping, not %s",
            what(v, b, sizeof b));
        return -1;
    }
    unsigned seen[2] = {0};
    int bad = 0;
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        int i = key_of(L, nd(L, p->key), sample_keys, "key", seen);
        if (i < 0)
            bad = 1;
        else if (i == 0 && get_strv(L, nd(L, p->value), "match", 1, &r->match_samples, &r->nmatch) < 0)
            bad = 1;
        else if (i == 1 && get_strv(L, nd(L, p->value), "nomatch", 1, &r->nomatch_samples, &r->nnomatch) < 0)
            bad = 1;
    }
    return bad ? -1 : 0;
}

static int load_adjust(ld *L, txr_rule *r, const yaml_node_t *v)
{
    char b[200];
    if (v->type != YAML_SEQUENCE_NODE) {
        ERR(L, TX_ESCHEMA, v, "write adjust: [{when: {...}, by: -20}]", "'adjust' must be a list, not %s", what(v, b, sizeof b));
        return -1;
    }
    size_t cnt = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
    if (!cnt)
        return 0;
    if (!(r->adjust = calloc(cnt, sizeof *r->adjust))) {
        oom(L);
        return -1;
    }
    int bad = 0;
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top && !L->S.stop; it++) {
        const yaml_node_t *a = nd(L, *it);
        if (a->type != YAML_MAPPING_NODE) {
            ERR(L, TX_ESCHEMA, a, "write {when: {...}, by: -20}", "each item of 'adjust' must be a mapping, not %s",
                what(a, b, sizeof b));
            bad = 1;
            continue;
        }
        unsigned seen[2] = {0};
        const yaml_node_t *w = NULL, *by = NULL;
        for (yaml_node_pair_t *p = a->data.mapping.pairs.start; p < a->data.mapping.pairs.top; p++) {
            int i = key_of(L, nd(L, p->key), adjust_keys, "key", seen);
            if (i == 0)
                w = nd(L, p->value);
            else if (i == 1)
                by = nd(L, p->value);
            else
                bad = 1;
        }
        txr_adjust *ad = &r->adjust[r->nadjust++];
        if (!w) {
            if (!misspelled(L, a, "when", adjust_keys))
                ERR(L, TX_ESCHEMA, a, NULL, "an 'adjust' item is missing 'when'");
            bad = 1;
        } else if (!(ad->when = load_cond(L, w, 1, 0))) {
            bad = 1;
        }
        if (!by) {
            if (!misspelled(L, a, "by", adjust_keys))
                ERR(L, TX_ESCHEMA, a, NULL, "an 'adjust' item is missing 'by'");
            bad = 1;
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

static txr_rule *load_rule(ld *L, const yaml_node_t *n)
{
    char b[200], help[256];
    unsigned err0 = L->S.nerr;
    L->S.rule_id = NULL;
    L->nconds = 0;
    L->said_conds = L->said_depth = 0;
    if (n->type != YAML_MAPPING_NODE) {
        ERR(L, TX_ESCHEMA, n, "a rule starts with '- id: ...'", "each rule must be a mapping, not %s", what(n, b, sizeof b));
        return NULL;
    }
    const yaml_node_t *idv = lookup(L, n, "id");
    if (idv && is_str(idv) && id_bad(sv(idv), sl(idv)) < 0)
        L->S.rule_id = sv(idv);
    txr_rule *r = calloc(1, sizeof *r);
    if (!r) {
        oom(L);
        return NULL;
    }
    r->kind = TXR_KIND_CAUSE;
    r->confidence = 50;
    r->line = (unsigned)n->start_mark.line + 1;
    r->col = (unsigned)n->start_mark.column + 1;
    r->file = dup(L, L->S.name, strlen(L->S.name));
    const yaml_node_t *k[RK__N] = {0}, *v[RK__N] = {0};
    unsigned seen[RK__N] = {0};
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top && !L->S.stop; p++) {
        const yaml_node_t *kn = nd(L, p->key), *vn = nd(L, p->value);
        int i = key_of(L, kn, rule_keys, "key", seen);
        if (i < 0)
            continue;
        k[i] = kn;
        v[i] = vn;
        switch (i) {
        case RK_ID: r->id = get_id(L, vn, "id"); break;
        case RK_TITLE: r->title = get_str(L, vn, "title"); break;
        case RK_CATEGORY:
            if (!is_str(vn)) {
                ERR(L, TX_ESCHEMA, vn, NULL, "'category' must be a string, not %s", what(vn, b, sizeof b));
            } else if (memchr(sv(vn), '\0', sl(vn)) || !declared(L, vn, 0)) {
                unknown_name(L, vn, 0);
            } else {
                r->category = dup(L, sv(vn), sl(vn));
            }
            break;
        case RK_KIND: {
            int kk = -1;
            for (int j = 0; kind_names[j]; j++)
                if (eq(vn, kind_names[j]))
                    kk = j;
            if (kk < 0) {
                if (is_str(vn))
                    hint(help, sizeof help, sv(vn), sl(vn), kind_names);
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
            if (is_str(vn)) {
                char *s = get_id(L, vn, "supersedes");
                if (s && !(r->supersedes = malloc(sizeof *r->supersedes))) {
                    free(s);
                    oom(L);
                } else if (s) {
                    r->supersedes[0] = s;
                    r->nsupersedes = 1;
                }
            } else if (vn->type != YAML_SEQUENCE_NODE) {
                ERR(L, TX_ESCHEMA, vn, NULL, "'supersedes' must be a rule id or a list of them, not %s", what(vn, b, sizeof b));
            } else {
                size_t cnt = (size_t)(vn->data.sequence.items.top - vn->data.sequence.items.start);
                if (cnt && !(r->supersedes = calloc(cnt, sizeof *r->supersedes))) {
                    oom(L);
                    break;
                }
                for (size_t j = 0; j < cnt; j++) {
                    char *s = get_id(L, nd(L, vn->data.sequence.items.start[j]), "supersedes");
                    if (s)
                        r->supersedes[r->nsupersedes++] = s;
                }
            }
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
                r->when = load_cond(L, vn, 1, 0);
            } else {
                txr_pattern *re = get_regex(L, vn, "pattern");
                if (re && !(r->when = calloc(1, sizeof *r->when))) {
                    txr_pattern_free(re);
                    oom(L);
                } else if (re) {
                    r->when->kind = TXR_C_LINE;
                    r->when->line = re;
                    r->when->srcline = (unsigned)vn->start_mark.line + 1;
                    r->when->srccol = (unsigned)vn->start_mark.column + 1;
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
    for (size_t j = 0; j < sizeof required / sizeof required[0] && !L->S.stop; j++)
        if (!k[required[j]] && !misspelled(L, n, rule_keys[required[j]], rule_keys))
            ERR(L, TX_ESCHEMA, n, NULL, "rule is missing required key '%s'", rule_keys[required[j]]);
    if (!k[RK_PATTERN] && !k[RK_WHEN] && !L->S.stop && !misspelled(L, n, "pattern", rule_keys) &&
        !misspelled(L, n, "when", rule_keys))
        ERR(L, TX_ESCHEMA, n, "add pattern: 'regex' (a log line) or when: {...} (conditions on events)",
            "rule is missing 'pattern' or 'when'");
    if (L->S.nerr != err0 || L->S.stop) {
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

/* ---- category and profile declarations ------------------------------------------------------- */

static const char *const cat_keys[] = {"id", "title", "support", "capture", "pre_tls", NULL};
static const char *const capture_keys[] = {"step", "unless_seen", NULL};
static const char *const prof_keys[] = {"id", "title", "detect", "home", "vars", NULL};
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
static int decl_list_open(ld *L, const yaml_node_t *v, const char *key, decl_list *d)
{
    char b[200], hint[64];
    memset(d, 0, sizeof *d);
    if (v->type != YAML_SEQUENCE_NODE) {
        snprintf(hint, sizeof hint, "%s: is a list of '- id: ...' entries", key);
        ERR(L, TX_ESCHEMA, v, hint, "'%s' must be a list, not %s", key, what(v, b, sizeof b));
        return -1;
    }
    size_t cnt = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
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
static const yaml_node_t *decl_item(ld *L, const yaml_node_t *m, const char *noun)
{
    char b[200], hint[64];
    if (m->type == YAML_MAPPING_NODE)
        return m;
    snprintf(hint, sizeof hint, "a %s starts with '- id: ...'", noun);
    ERR(L, TX_ESCHEMA, m, hint, "each %s must be a mapping, not %s", noun, what(m, b, sizeof b));
    return NULL;
}

/* The id of a declaration (a rule id's syntax); NULL if reported.  Reports a
 * duplicate of an id seen before in d. */
static char *decl_id(ld *L, const yaml_node_t *m, const char *noun, const char *const *keys, const decl_list *d)
{
    const yaml_node_t *idv = lookup(L, m, "id");
    if (!idv) {
        if (!misspelled(L, m, "id", keys))
            ERR(L, TX_ESCHEMA, m, NULL, "%s is missing required key 'id'", noun);
        return NULL;
    }
    char *id = get_id(L, idv, "id");
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
static int decl_keep(ld *L, decl_list *d, const yaml_node_t *m, const char *id, unsigned err0)
{
    if (!id || L->S.nerr != err0)
        return 0;
    d->ids[d->n] = id;
    d->lines[d->n++] = (unsigned)lookup(L, m, "id")->start_mark.line + 1;
    return 1;
}

static int load_capture(ld *L, txr_category *c, const yaml_node_t *v)
{
    char b[200], help[256];
    if (v->type != YAML_SEQUENCE_NODE) {
        ERR(L, TX_ESCHEMA, v, "write capture: [{step: '...', unless_seen: certificate}]",
            "'capture' must be a list, not %s", what(v, b, sizeof b));
        return -1;
    }
    size_t cnt = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
    if (cnt && !(c->capture = calloc(cnt, sizeof *c->capture))) {
        oom(L);
        return -1;
    }
    int bad = 0;
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
        const yaml_node_t *m = nd(L, *it);
        if (m->type != YAML_MAPPING_NODE) {
            ERR(L, TX_ESCHEMA, m, "write {step: '...'}", "each item of 'capture' must be a mapping, not %s",
                what(m, b, sizeof b));
            bad = 1;
            continue;
        }
        txr_capture_step *st = &c->capture[c->ncapture++];
        st->unless_seen = -1;
        unsigned seen[2] = {0};
        for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
            const yaml_node_t *pv = nd(L, p->value);
            int i = key_of(L, nd(L, p->key), capture_keys, "key", seen);
            if (i == 0) {
                if (!(st->step = get_str(L, pv, "step")))
                    bad = 1;
            } else if (i == 1) {
                if (!is_str(pv) || (st->unless_seen = txi_evtype_lookup(sv(pv), sl(pv))) < 0) {
                    if (is_str(pv))
                        hint(help, sizeof help, sv(pv), sl(pv), L->events);
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

static void load_categories(ld *L, const yaml_node_t *v)
{
    char b[200];
    decl_list d;
    if (decl_list_open(L, v, "categories", &d) < 0)
        return;
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top && !L->S.stop; it++) {
        const yaml_node_t *m = decl_item(L, nd(L, *it), "category");
        if (!m)
            continue;
        unsigned err0 = L->S.nerr;
        txr_category *c = calloc(1, sizeof *c);
        if (!c) {
            oom(L);
            break;
        }
        c->id = decl_id(L, m, "category", cat_keys, &d);
        c->line = (unsigned)m->start_mark.line + 1;
        c->col = (unsigned)m->start_mark.column + 1;
        c->file = dup(L, L->S.name, strlen(L->S.name));
        unsigned seen[5] = {0};
        for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
            const yaml_node_t *pv = nd(L, p->value);
            switch (key_of(L, nd(L, p->key), cat_keys, "key", seen)) {
            case 1: c->title = get_str(L, pv, "title"); break;
            case 2: get_strv(L, pv, "support", 0, &c->support, &c->nsupport); break;
            case 3: load_capture(L, c, pv); break;
            case 4:
                if (pv->type == YAML_SCALAR_NODE && pv->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
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

static int load_home(ld *L, txr_profile *pr, const yaml_node_t *v)
{
    char b[200];
    if (v->type != YAML_MAPPING_NODE) {
        ERR(L, TX_ESCHEMA, v, "write home: {var: ..., placeholder: ..., from: ..., pattern: '(?<home>...)'}",
            "'home' must be a mapping, not %s", what(v, b, sizeof b));
        return -1;
    }
    unsigned seen[4] = {0};
    int bad = 0;
    const yaml_node_t *pat = NULL;
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        const yaml_node_t *pv = nd(L, p->value);
        switch (key_of(L, nd(L, p->key), home_keys, "key", seen)) {
        case 0: bad |= !(pr->home_var = get_str(L, pv, "var")); break;
        case 1: bad |= !(pr->home_placeholder = get_str(L, pv, "placeholder")); break;
        case 2: bad |= !(pr->home_from = get_str(L, pv, "from")); break;
        case 3:
            pat = pv;
            bad |= !(pr->home_re = get_regex(L, pv, "pattern"));
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

static int load_pvars(ld *L, txr_profile *pr, const yaml_node_t *v)
{
    char b[200];
    if (v->type != YAML_MAPPING_NODE) {
        ERR(L, TX_ESCHEMA, v, "write vars: {keytool: '<HOME>/bin/keytool', ...}", "'vars' must be a mapping, not %s",
            what(v, b, sizeof b));
        return -1;
    }
    size_t cnt = (size_t)(v->data.mapping.pairs.top - v->data.mapping.pairs.start);
    if (cnt && !(pr->vars = calloc(cnt, sizeof *pr->vars))) {
        oom(L);
        return -1;
    }
    int bad = 0;
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        const yaml_node_t *pk = nd(L, p->key), *pv = nd(L, p->value);
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
        if (pv->type != YAML_MAPPING_NODE) {
            bad |= !(pvr->value = get_str(L, pv, name));
            continue;
        }
        unsigned seen[2] = {0};
        for (yaml_node_pair_t *q = pv->data.mapping.pairs.start; q < pv->data.mapping.pairs.top; q++) {
            const yaml_node_t *qv = nd(L, q->value);
            switch (key_of(L, nd(L, q->key), pvar_keys, "key", seen)) {
            case 0: bad |= !(pvr->value = get_str(L, qv, "value")); break;
            case 1: bad |= !(pvr->keep = get_regex(L, qv, "keep")); break;
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

static void load_profile_decls(ld *L, const yaml_node_t *v)
{
    char b[200];
    decl_list d;
    if (decl_list_open(L, v, "profiles", &d) < 0)
        return;
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top && !L->S.stop; it++) {
        const yaml_node_t *m = decl_item(L, nd(L, *it), "profile");
        if (!m)
            continue;
        unsigned err0 = L->S.nerr;
        txr_profile *pr = calloc(1, sizeof *pr);
        if (!pr) {
            oom(L);
            break;
        }
        pr->id = decl_id(L, m, "profile", prof_keys, &d);
        pr->line = (unsigned)m->start_mark.line + 1;
        pr->col = (unsigned)m->start_mark.column + 1;
        pr->file = dup(L, L->S.name, strlen(L->S.name));
        unsigned seen[5] = {0};
        for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
            const yaml_node_t *pv = nd(L, p->value);
            switch (key_of(L, nd(L, p->key), prof_keys, "key", seen)) {
            case 1: pr->title = get_str(L, pv, "title"); break;
            case 2:
                if (pv->type != YAML_MAPPING_NODE) {
                    ERR(L, TX_ESCHEMA, pv, "write detect: {rule: RULE-ID} (or a list of rule ids)",
                        "'detect' must be a mapping, not %s", what(pv, b, sizeof b));
                    break;
                }
                unsigned dseen[1] = {0};
                for (yaml_node_pair_t *q = pv->data.mapping.pairs.start; q < pv->data.mapping.pairs.top; q++) {
                    if (key_of(L, nd(L, q->key), detect_keys, "key", dseen) != 0)
                        continue;
                    const yaml_node_t *rv = nd(L, q->value);
                    if (is_str(rv)) {
                        char *id = get_id(L, rv, "rule");
                        if (id && !(pr->detect = malloc(sizeof *pr->detect))) {
                            free(id);
                            oom(L);
                        } else if (id) {
                            pr->detect[pr->ndetect++] = id;
                        }
                    } else if (rv->type != YAML_SEQUENCE_NODE) {
                        ERR(L, TX_ESCHEMA, rv, NULL, "'rule' must be a rule id or a list of them, not %s",
                            what(rv, b, sizeof b));
                    } else {
                        size_t rn = (size_t)(rv->data.sequence.items.top - rv->data.sequence.items.start);
                        if (rn && !(pr->detect = calloc(rn, sizeof *pr->detect))) {
                            oom(L);
                            break;
                        }
                        for (size_t j = 0; j < rn; j++) {
                            char *id = get_id(L, nd(L, rv->data.sequence.items.start[j]), "rule");
                            if (id)
                                pr->detect[pr->ndetect++] = id;
                        }
                    }
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

/* ---- the file ----------------------------------------------------------------------------------- */

static void yaml_error(ld *L, const yaml_parser_t *p)
{
    if (p->error == YAML_MEMORY_ERROR) {
        oom(L);
        return;
    }
    unsigned line, col;
    char help[256];
    help[0] = '\0';
    const char *problem = p->problem ? p->problem : "unknown error";
    if (p->error == YAML_READER_ERROR) {
        off_to_pos(L, p->problem_offset, &line, &col);
        if (p->problem_value != -1)
            snprintf(help, sizeof help, "the offending value is 0x%02X", (unsigned)p->problem_value);
        diag(L, TX_ESYNTAX, 0, line, col, help[0] ? help : NULL, "invalid YAML: %s", problem);
        return;
    }
    line = (unsigned)p->problem_mark.line + 1;
    col = (unsigned)p->problem_mark.column + 1;
    size_t s = line_start(L, p->problem_mark.line), e = line_end(L, s);
    size_t at = col_to_off(L, s, e, p->problem_mark.column);
    /* a tab at the error, or in the indentation before it */
    int tab = at < e && L->S.text[at] == '\t';
    if (!tab) {
        size_t i = s;
        while (i < at && (L->S.text[i] == ' ' || L->S.text[i] == '\t'))
            tab |= L->S.text[i++] == '\t';
        if (i < at)
            tab = 0;
    }
    if (tab)
        snprintf(help, sizeof help, "YAML does not allow tabs for indentation: indent with spaces");
    else if (p->context)
        snprintf(help, sizeof help, "%s (line %u, column %u)", p->context, (unsigned)p->context_mark.line + 1,
                 (unsigned)p->context_mark.column + 1);
    diag(L, TX_ESYNTAX, 0, line, col, help[0] ? help : NULL, "invalid YAML: %s", problem);
}

/* First pass over the event stream: syntax, one document, no aliases, no
 * tags, bounded depth and node count.  Returns 0 if the document may be
 * loaded. */
static int prescan(ld *L)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) {
        oom(L);
        return -1;
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)L->S.text, L->S.len);
    unsigned depth = 0, nodes = 0, docs = 0;
    int bad = 0, done = 0;
    while (!done && !L->S.stop) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            yaml_error(L, &p);
            bad = 1;
            break;
        }
        const yaml_char_t *tag = NULL;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT: done = 1; break;
        case YAML_DOCUMENT_START_EVENT:
            if (++docs > 1) {
                ERR(L, TX_ESCHEMA, &ev, "keep one rule file per document (split the file)",
                    "a rule file holds one YAML document; this is a second one");
                bad = done = 1;
            }
            break;
        case YAML_ALIAS_EVENT: {
            char b[160];
            sanitize(b, sizeof b, (const char *)ev.data.alias.anchor, strlen((const char *)ev.data.alias.anchor), 48);
            ERR(L, TX_ESCHEMA, &ev, "write the value out in full", "YAML aliases are not allowed in rule files (*%s)", b);
            bad = done = 1; /* one is enough: a "billion laughs" file has thousands */
            break;
        }
        case YAML_SCALAR_EVENT: tag = ev.data.scalar.tag; break;
        case YAML_SEQUENCE_START_EVENT: tag = ev.data.sequence_start.tag; break;
        case YAML_MAPPING_START_EVENT: tag = ev.data.mapping_start.tag; break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: depth--; break;
        default: break;
        }
        if (ev.type == YAML_SCALAR_EVENT || ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT) {
            if (tag) {
                char b[200];
                ERR(L, TX_ESCHEMA, &ev, "remove the tag: rule files are plain data",
                    "YAML tags are not allowed in rule files (%s)", q(b, sizeof b, (const char *)tag, strlen((const char *)tag)));
                bad = 1;
            }
            if (++nodes > TXR_MAX_YAML_NODES) {
                ERR(L, TX_ELIMIT, &ev, NULL, "more than %u YAML values in one rule file", TXR_MAX_YAML_NODES);
                bad = done = 1;
            }
            if (ev.type != YAML_SCALAR_EVENT && ++depth > TXR_MAX_YAML_DEPTH) {
                ERR(L, TX_ELIMIT, &ev, NULL, "YAML nested deeper than %u levels", TXR_MAX_YAML_DEPTH);
                bad = done = 1;
            }
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    return bad || L->S.stop ? -1 : 0;
}

static void load_rules(ld *L, const yaml_node_t *root, txr_rule ***out, unsigned *nout)
{
    char b[200];
    const yaml_node_t *kv[TK__N] = {0};
    unsigned seen[TK__N] = {0};
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
        int i = key_of(L, nd(L, p->key), top_keys, "key", seen);
        if (i >= 0)
            kv[i] = nd(L, p->value);
    }
    /* the declarations first: this file's rules may use them */
    if (kv[TK_CATEGORIES])
        load_categories(L, kv[TK_CATEGORIES]);
    if (kv[TK_PROFILES] && !L->S.stop)
        load_profile_decls(L, kv[TK_PROFILES]);
    if (!kv[0] && !misspelled(L, root, "version", top_keys)) {
        ERR(L, TX_ESCHEMA, root, "rule files start with 'version: 1'", "missing required key 'version'");
    } else if (kv[0] && (!eq(kv[0], "1") || kv[0]->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)) {
        ERR(L, TX_ESCHEMA, kv[0], "this tlsexplain reads rule files of version 1", "unsupported rule file version %s",
            what(kv[0], b, sizeof b));
    }
    if (!kv[1]) {
        if (kv[TK_CATEGORIES] || kv[TK_PROFILES])
            return; /* a file of declarations */
        if (!misspelled(L, root, "rules", top_keys))
            ERR(L, TX_ESCHEMA, root, "add rules: [...] (a list of rules)", "missing required key 'rules'");
        return;
    }
    const yaml_node_t *rs = kv[1];
    if (rs->type != YAML_SEQUENCE_NODE) {
        ERR(L, TX_ESCHEMA, rs, "rules: is a list of '- id: ...' entries", "'rules' must be a list, not %s", what(rs, b, sizeof b));
        return;
    }
    size_t cnt = (size_t)(rs->data.sequence.items.top - rs->data.sequence.items.start);
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
    for (size_t i = 0; i < cnt && !L->S.stop; i++) {
        const yaml_node_t *rn = nd(L, rs->data.sequence.items.start[i]);
        if (i == TX_MAX_RULES) {
            L->S.rule_id = NULL;
            ERR(L, TX_ELIMIT, rn, NULL, "more than %u rules in one file", TX_MAX_RULES);
            break;
        }
        /* duplicate ids (reported first, and also for rules with other errors) */
        const yaml_node_t *idv = rn->type == YAML_MAPPING_NODE ? lookup(L, rn, "id") : NULL;
        if (idv && is_str(idv) && id_bad(sv(idv), sl(idv)) < 0) {
            L->S.rule_id = sv(idv);
            for (unsigned j = 0; j < nids; j++) {
                if (!strcmp(ids[j].id, sv(idv))) {
                    ERR(L, TX_EDUP, idv, "rule ids must be unique within a file",
                        "duplicate rule id '%s' (first defined at line %u)", sv(idv), ids[j].line);
                    break;
                }
            }
            ids[nids].id = sv(idv);
            ids[nids].line = (unsigned)idv->start_mark.line + 1;
            nids++;
        }
        txr_rule *r = load_rule(L, rn);
        if (r)
            v[n++] = r;
    }
    L->S.rule_id = NULL;
    free(ids);
    *out = v;
    *nout = n;
}

/* The pre-scan, then libyaml's loader: L->doc. */
static tx_status parse(ld *L)
{
    if (prescan(L) < 0)
        return L->S.first != TX_OK ? L->S.first : TX_ESYNTAX;
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) {
        oom(L);
        return L->S.first;
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)L->S.text, L->S.len);
    if (!yaml_parser_load(&p, &L->doc)) {
        yaml_error(L, &p);
        yaml_parser_delete(&p);
        return L->S.first != TX_OK ? L->S.first : TX_ESYNTAX;
    }
    yaml_parser_delete(&p);
    return TX_OK;
}

tx_status txr_load_yaml(const char *name, const char *text, size_t len, const txr_vocab *known, txr_rule ***out,
                        unsigned *n, txr_vocab *decl, tx_diag_cb cb, void *ud)
{
    return txr_load_yaml_doc(name, text, len, NULL, known, out, n, decl, cb, ud);
}

tx_status txr_load_yaml_doc(const char *name, const char *text, size_t len, const struct txi_ydoc *pre,
                            const txr_vocab *known, txr_rule ***out, unsigned *n, txr_vocab *decl, tx_diag_cb cb,
                            void *ud)
{
    ld L;
    txr_vocab own = {0};
    memset(&L, 0, sizeof L);
    L.known = known;
    L.decl = decl ? decl : &own;
    L.S.name = name ? name : "<rules>";
    L.S.text = text ? text : "";
    L.S.len = text ? len : 0;
    L.S.cb = cb;
    L.S.ud = ud;
    *out = NULL;
    *n = 0;
    for (int i = 0; i < TXF__COUNT; i++)
        L.fields[i] = txi_field_name(i);
    L.fields[TXF__COUNT] = "any";
    L.fields[TXF__COUNT + 1] = "line";
    for (int i = 0; i < TXE__COUNT; i++)
        L.events[i] = txi_evtype_name(i);
    L.events[TXE__COUNT] = "any";

    const unsigned char *u = (const unsigned char *)L.S.text;
    if (L.S.len > TX_MAX_RULE_FILE) {
        txr_diag(cb, ud, TX_ELIMIT, 0, L.S.name, 0, 0, NULL, "rule file larger than %u bytes", TX_MAX_RULE_FILE);
        return TX_ELIMIT;
    }
    if (L.S.len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        L.S.text += 3;
        L.S.len -= 3;
    } else if (L.S.len >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0xFF && u[1] == 0xFE))) {
        diag(&L, TX_ESYNTAX, 0, 1, 1, "save the file as UTF-8", "rule file is not UTF-8 (UTF-16 or UTF-32?)");
        return L.S.first;
    }

    /* pre: the document parsed at build time (yamldoc.h) */
    if (pre && txi_ydoc_build(pre, &L.doc) != 0) {
        oom(&L);
        return L.S.first;
    }
    tx_status ps = pre ? TX_OK : parse(&L);
    if (ps != TX_OK)
        return ps;

    txr_rule **rules = NULL;
    unsigned nr = 0;
    yaml_node_t *root = yaml_document_get_root_node(&L.doc);
    char b[200];
    if (!root) {
        diag(&L, TX_ESCHEMA, 0, 1, 1, "a rule file starts with 'version: 1' and 'rules:'", "empty rule file");
    } else if (root->type != YAML_MAPPING_NODE) {
        ERR(&L, TX_ESCHEMA, root, "a rule file starts with 'version: 1' and 'rules:'",
            "a rule file must be a mapping, not %s", what(root, b, sizeof b));
    } else {
        load_rules(&L, root, &rules, &nr);
    }
    if (pre)
        txi_ydoc_free(&L.doc);
    else
        yaml_document_delete(&L.doc);
    txr_vocab_clear(&own);
    if (L.S.first != TX_OK) {
        for (unsigned i = 0; i < nr; i++)
            txr_rule_free(rules[i]);
        free(rules);
        txr_vocab_clear(L.decl);
        return L.S.first;
    }
    if (!nr) {
        free(rules);
        rules = NULL;
    }
    *out = rules;
    *n = nr;
    return TX_OK;
}

const char *txr_yaml_lib_version(void)
{
    return yaml_get_version_string();
}

/* ---- the JDK release facts (rules/jdk/releases.yaml, jdkfacts.h) ----------------------- */

static char *dupn(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

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

/* version: 1, facts: a list of mappings whose scalar values are kept as
 * strings (a list value, such as `source`, is documentation: skipped). */
tx_status txr_load_jdk_facts(const char *text, size_t len, txr_jdk_facts **out)
{
    *out = NULL;
    if (len > TX_MAX_RULE_FILE)
        return TX_ELIMIT;
    yaml_parser_t p;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&p))
        return TX_ENOMEM;
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    if (!yaml_parser_load(&p, &doc)) {
        yaml_parser_delete(&p);
        return TX_ESYNTAX;
    }
    yaml_parser_delete(&p);
    tx_status st = TX_ESCHEMA;
    txr_jdk_facts *t = calloc(1, sizeof *t);
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!t) {
        st = TX_ENOMEM;
        goto done;
    }
    if (!root || root->type != YAML_MAPPING_NODE)
        goto done;
    for (yaml_node_pair_t *pr = root->data.mapping.pairs.start; pr < root->data.mapping.pairs.top; pr++) {
        yaml_node_t *k = yaml_document_get_node(&doc, pr->key), *v = yaml_document_get_node(&doc, pr->value);
        if (!k || k->type != YAML_SCALAR_NODE || strcmp((const char *)k->data.scalar.value, "facts") != 0 || !v ||
            v->type != YAML_SEQUENCE_NODE)
            continue;
        size_t nf = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
        t->v = calloc(nf ? nf : 1, sizeof *t->v);
        if (!t->v) {
            st = TX_ENOMEM;
            goto done;
        }
        for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
            yaml_node_t *m = yaml_document_get_node(&doc, *it);
            if (!m || m->type != YAML_MAPPING_NODE)
                goto done;
            txr_jdk_fact *f = &t->v[t->n++];
            size_t np = (size_t)(m->data.mapping.pairs.top - m->data.mapping.pairs.start);
            f->kv = calloc(np ? np : 1, sizeof *f->kv);
            if (!f->kv) {
                st = TX_ENOMEM;
                goto done;
            }
            for (yaml_node_pair_t *q = m->data.mapping.pairs.start; q < m->data.mapping.pairs.top; q++) {
                yaml_node_t *qk = yaml_document_get_node(&doc, q->key), *qv = yaml_document_get_node(&doc, q->value);
                if (!qk || qk->type != YAML_SCALAR_NODE || !qv || qv->type != YAML_SCALAR_NODE)
                    continue;
                f->kv[f->n].key = dupn((const char *)qk->data.scalar.value, qk->data.scalar.length);
                f->kv[f->n].val = dupn((const char *)qv->data.scalar.value, qv->data.scalar.length);
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
    yaml_document_delete(&doc);
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
