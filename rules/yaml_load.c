/*
 * yaml_load.c - the libyaml wrapper: the only file that includes <yaml.h>.
 * It loads a document (a rule file, the JDK facts) into the plain node tree
 * of yaml_load.h, reports YAML syntax errors at file:line:col with the
 * source line and a caret (diag.c), and holds the helpers that read nodes
 * (strings, lists, integers, keys checked against a list of candidates,
 * the column of a byte inside a quoted scalar).  What the nodes mean is
 * for the readers: rulefile.c, conditions.c, decls.c, jdkfacts.c.
 *
 * YAML aliases (*x), explicit tags (!!str) and a second document are
 * rejected: rule files are plain data, and aliases are how a "billion
 * laughs" file blows up a tree walk.  A UTF-8 BOM is skipped; UTF-16 and
 * UTF-32 files are refused.
 *
 * Limits (hostile input, parser/limits.h): nesting of YAML collections
 * (TX_MAX_YAML_DEPTH), YAML nodes per file (TX_MAX_YAML_NODES, so the
 * document stays small), TX_MAX_RULE_FILE, and at most TX_MAX_RULE_ERRORS
 * errors are reported per file.  One pass over the event stream checks
 * aliases, tags, depth and node count and composes the tree on the way as
 * yaml_parser_load() would (the file is parsed once); only a file with an
 * anchor is handed to yaml_parser_load() after the check (a second parse:
 * it composes anchors and refuses duplicate ones), as is every file under
 * TLSEXPLAIN_NO_FASTPATH (the reference), so the loader never sees a file
 * that could make it large.
 *
 * Positions: libyaml marks are 0-based; they get +1 here, once (the tree's
 * are 1-based).  Its columns count characters, and so do ours.  A byte of a
 * scalar's value (a bad regex's error offset, a bad character of an id) is
 * placed exactly inside a one-line plain, single-quoted or double-quoted
 * scalar (quotes, '' and backslash escapes accounted for); inside a block
 * or multi-line scalar, at the scalar's start.
 *
 * The tree: one allocation per document.  The composed nodes (or a loaded
 * document, libyaml's then freed) are copied into it (nodes, item ids, the
 * scalars' bytes); a document
 * from the build (yamldoc.h) gets only its nodes, pointing into the
 * build's constant arrays.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../parser/limits.h"
#include "yaml_load.h"
#include "yamldoc.h"

_Static_assert((int)TXR_Y_SCALAR == (int)YAML_SCALAR_NODE && (int)TXR_Y_SEQ == (int)YAML_SEQUENCE_NODE &&
                   (int)TXR_Y_MAP == (int)YAML_MAPPING_NODE,
               "txr_ynode types are libyaml's");
_Static_assert((int)TXR_Y_PLAIN == (int)YAML_PLAIN_SCALAR_STYLE && (int)TXR_Y_SQUOTED == (int)YAML_SINGLE_QUOTED_SCALAR_STYLE &&
                   (int)TXR_Y_DQUOTED == (int)YAML_DOUBLE_QUOTED_SCALAR_STYLE,
               "txr_ynode scalar styles are libyaml's");

/* ---- source lines, diagnostics, hints: diag.c ------------------------------------------------ */

static size_t line_start(txr_yrd *L, size_t l) { return txr_src_line_start(&L->S, l); }
static size_t line_end(const txr_yrd *L, size_t start) { return txr_src_line_end(&L->S, start); }
static size_t col_to_off(const txr_yrd *L, size_t s, size_t e, size_t col) { return txr_src_col_to_off(&L->S, s, e, col); }
static unsigned off_to_col(const txr_yrd *L, size_t s, size_t p) { return txr_src_off_to_col(&L->S, s, p); }
static void off_to_pos(txr_yrd *L, size_t off, unsigned *line, unsigned *col) { txr_src_off_to_pos(&L->S, off, line, col); }
static int is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }
static void oom(txr_yrd *L) { txr_src_oom(&L->S); }
#define sanitize txr_src_sanitize
#define suggest txr_suggest
#define hint txr_hint
#define diag(L, ...) txr_src_diag(&(L)->S, __VA_ARGS__)
#define ERR TXR_Y_ERR
/* at a libyaml event (its marks are 0-based) */
#define EV_ERR(L, code, ev, help, ...) diag(L, code, 0, (unsigned)(ev)->start_mark.line + 1, \
                                            (unsigned)(ev)->start_mark.column + 1, help, __VA_ARGS__)

/* ---- node helpers (yaml_load.h) ------------------------------------------------------------------ */

/* A user string, quoted and cleaned for a message. */
const char *txr_y_quote(char *buf, size_t bn, const char *s, size_t n)
{
    char tmp[160];
    sanitize(tmp, sizeof tmp, s, n, 48);
    snprintf(buf, bn, "'%s'", tmp);
    return buf;
}

/* How a node looks, for "must be X, not Y". */
const char *txr_y_what(const txr_ynode *n, char *buf, size_t bn)
{
    if (n->type == TXR_Y_MAP)
        return "a mapping";
    if (n->type == TXR_Y_SEQ)
        return "a list";
    if (txr_y_isnull(n))
        return "an empty value";
    return txr_y_quote(buf, bn, n->s, n->len);
}

/* Index of candidate matching key node k, or -1 after reporting an
 * unknown, non-string or duplicate key.  seen[] (one per candidate, zeroed
 * by the caller) holds the line of each key's first occurrence. */
int txr_y_key(txr_yrd *L, const txr_ynode *k, const char *const *cands, const char *noun, unsigned *seen)
{
    char b[200], help[256];
    if (L->S.stop)
        return -1;
    if (k->type != TXR_Y_SCALAR || txr_y_isnull(k)) {
        ERR(L, TX_ESCHEMA, k, NULL, "a %s must be a string, not %s", noun, txr_y_what(k, b, sizeof b));
        return -1;
    }
    for (int i = 0; cands[i]; i++) {
        if (!txr_y_eq(k, cands[i]))
            continue;
        if (seen[i]) {
            ERR(L, TX_ESCHEMA, k, NULL, "duplicate %s '%s' (first at line %u)", noun, cands[i], seen[i]);
            return -1;
        }
        seen[i] = k->line;
        return i;
    }
    hint(help, sizeof help, k->s, k->len, cands);
    ERR(L, TX_ESCHEMA, k, help, "unknown %s %s", noun, txr_y_quote(b, sizeof b, k->s, k->len));
    return -1;
}

/* Map value of the first key equal to `key` (no checks), or NULL. */
const txr_ynode *txr_y_lookup(const txr_yrd *L, const txr_ynode *map, const char *key)
{
    for (const int *p = map->kids; p < map->kids + 2 * (size_t)map->n; p += 2)
        if (txr_y_eq(txr_y_node(L, p[0]), key))
            return txr_y_node(L, p[1]);
    return NULL;
}

/* Was a misspelling of `key` already reported in this mapping?  (Then
 * "missing key" would only repeat it.) */
int txr_y_misspelled(const txr_yrd *L, const txr_ynode *map, const char *key, const char *const *cands)
{
    for (const int *p = map->kids; p < map->kids + 2 * (size_t)map->n; p += 2) {
        const txr_ynode *k = txr_y_node(L, p[0]);
        if (k->type != TXR_Y_SCALAR || txr_y_isnull(k))
            continue;
        int known = 0;
        for (const char *const *c = cands; *c && !known; c++)
            known = txr_y_eq(k, *c);
        const char *s = known ? NULL : suggest(k->s, k->len, cands);
        if (s && !strcmp(s, key))
            return 1;
    }
    return 0;
}

char *txr_y_dup(txr_yrd *L, const char *s, size_t n)
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
char *txr_y_str(txr_yrd *L, const txr_ynode *v, const char *key)
{
    char b[200];
    if (!txr_y_isstr(v)) {
        ERR(L, TX_ESCHEMA, v, NULL, "'%s' must be a string, not %s", key, txr_y_what(v, b, sizeof b));
        return NULL;
    }
    if (memchr(v->s, '\0', v->len)) {
        ERR(L, TX_ESCHEMA, v, NULL, "'%s' contains a NUL character", key);
        return NULL;
    }
    return txr_y_dup(L, v->s, v->len);
}

/* A list of strings (or one string when single is set) into *out / *n.
 * Returns 0 on success. */
int txr_y_strv(txr_yrd *L, const txr_ynode *v, const char *key, int single, char ***out, unsigned *n)
{
    char b[200];
    *out = NULL;
    *n = 0;
    if (single && txr_y_isstr(v)) {
        char *s = txr_y_str(L, v, key);
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
    if (v->type != TXR_Y_SEQ) {
        ERR(L, TX_ESCHEMA, v, NULL, "'%s' must be a list of strings%s, not %s", key, single ? " or a string" : "",
            txr_y_what(v, b, sizeof b));
        return -1;
    }
    size_t cnt = (size_t)v->n;
    if (!cnt)
        return 0;
    char **a = calloc(cnt, sizeof *a);
    if (!a) {
        oom(L);
        return -1;
    }
    int bad = 0;
    unsigned k = 0;
    for (const int *it = v->kids; it < v->kids + v->n; it++) {
        const txr_ynode *x = txr_y_node(L, *it);
        if (!txr_y_isstr(x)) {
            ERR(L, TX_ESCHEMA, x, NULL, "each item of '%s' must be a string, not %s", key, txr_y_what(x, b, sizeof b));
            bad = 1;
            continue;
        }
        char *s = txr_y_str(L, x, key);
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
int txr_y_int(txr_yrd *L, const txr_ynode *v, const char *key, long lo, long hi, int *out)
{
    char b[200];
    if (v->type == TXR_Y_SCALAR && v->style == TXR_Y_PLAIN && v->len > 0 && v->len < 12) {
        const char *s = v->s;
        size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
        long val = 0;
        int digits = i < v->len;
        for (; i < v->len; i++) {
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
    ERR(L, TX_ESCHEMA, v, NULL, "'%s' must be an integer from %ld to %ld, not %s", key, lo, hi, txr_y_what(v, b, sizeof b));
    return -1;
}

/* ---- regex columns ------------------------------------------------------------------------------- */

static unsigned utf8_len(unsigned long cp) { return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; }

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

void txr_y_scalar_pos(txr_yrd *L, const txr_ynode *n, size_t off, unsigned *line, unsigned *col)
{
    *line = n->line;
    *col = n->col;
    unsigned char st = n->style;
    if (n->end_line != n->line ||
        (st != TXR_Y_PLAIN && st != TXR_Y_SQUOTED && st != TXR_Y_DQUOTED))
        return;
    const char *t = L->S.text;
    size_t ls = line_start(L, n->line - 1), le = line_end(L, ls);
    size_t p = col_to_off(L, ls, le, n->col - 1);
    if (st != TXR_Y_PLAIN) {
        if (p >= le || t[p] != (st == TXR_Y_SQUOTED ? '\'' : '"'))
            return;
        p++;
    }
    size_t v = 0;
    while (v < off && p < le) {
        size_t step = 1, prod = 1;
        if (st == TXR_Y_SQUOTED && t[p] == '\'') {
            if (p + 1 >= le || t[p + 1] != '\'')
                return; /* closing quote before off: inconsistent */
            step = 2;
        } else if (st == TXR_Y_DQUOTED && t[p] == '\\') {
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
        } else if (st == TXR_Y_DQUOTED && t[p] == '"') {
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

/* ---- YAML syntax errors, the pre-scan -------------------------------------------------------- */

static void yaml_error(txr_yrd *L, const yaml_parser_t *p)
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

static void set_marks(txr_ynode *t, size_t index, size_t line, size_t col, size_t end_line);

/* The tree the event stream describes, composed while it is checked: what
 * yaml_parser_load() would make of the same events (without aliases, tags
 * or anchors: libyaml's composer numbers a node when its scalar or start
 * event comes, in that order, and adds it to the collection open around it;
 * a mapping's kids alternate key and value; a collection ends at its end
 * event's mark).  Nodes are kept in one array with their parents and the
 * scalars' bytes in one buffer, in node order; the tree is made of them
 * (tree_of) in the layout of from_libyaml. */
typedef struct {
    unsigned char type, style;
    size_t index, line, col, end_line;
    size_t str;     /* scalar: offset of its bytes in the buffer */
    size_t len;
    unsigned parent; /* 1-based; 0: the root */
    unsigned nkids;
    size_t at;       /* collection: where its kids go in the tree's ids (tree_of) */
    unsigned placed; /* ... and how many are there */
} cnode;

typedef struct {
    cnode *nodes;
    size_t n, cap;
    char *str;
    size_t nstr, strcap;
    unsigned open[TX_MAX_YAML_DEPTH + 1]; /* the collections open, innermost last (1-based ids) */
    unsigned depth;
    int failed; /* out of memory, an anchor, a collection too deep: the tree is yaml_parser_load()'s */
} composer;

static void compose(composer *C, const yaml_event_t *ev)
{
    if (C->failed)
        return;
    const yaml_char_t *anchor = NULL;
    unsigned char type = 0;
    switch (ev->type) {
    case YAML_SCALAR_EVENT: anchor = ev->data.scalar.anchor; type = TXR_Y_SCALAR; break;
    case YAML_SEQUENCE_START_EVENT: anchor = ev->data.sequence_start.anchor; type = TXR_Y_SEQ; break;
    case YAML_MAPPING_START_EVENT: anchor = ev->data.mapping_start.anchor; type = TXR_Y_MAP; break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        if (!C->depth) {
            C->failed = 1;
            return;
        }
        C->nodes[C->open[--C->depth] - 1].end_line = ev->end_mark.line;
        return;
    default: return;
    }
    if (anchor) { /* (a duplicate is an error of yaml_parser_load's) */
        C->failed = 1;
        return;
    }
    if (C->n == C->cap) {
        size_t cap = C->cap ? C->cap * 2 : 256;
        cnode *nn = realloc(C->nodes, cap * sizeof *nn);
        if (!nn) {
            C->failed = 1;
            return;
        }
        C->nodes = nn;
        C->cap = cap;
    }
    cnode *c = &C->nodes[C->n];
    memset(c, 0, sizeof *c);
    c->type = type;
    c->index = ev->start_mark.index;
    c->line = ev->start_mark.line;
    c->col = ev->start_mark.column;
    c->end_line = ev->end_mark.line;
    if (type == TXR_Y_SCALAR) {
        size_t len = ev->data.scalar.length;
        if (C->nstr + len + 1 > C->strcap) {
            size_t cap = C->strcap ? C->strcap : 4096;
            while (cap < C->nstr + len + 1)
                cap *= 2;
            char *ns = realloc(C->str, cap);
            if (!ns) {
                C->failed = 1;
                return;
            }
            C->str = ns;
            C->strcap = cap;
        }
        c->style = (unsigned char)ev->data.scalar.style;
        c->str = C->nstr;
        c->len = len;
        if (len)
            memcpy(C->str + C->nstr, ev->data.scalar.value, len);
        C->str[C->nstr + len] = '\0';
        C->nstr += len + 1;
    }
    C->n++;
    if (C->depth) {
        c->parent = C->open[C->depth - 1];
        C->nodes[c->parent - 1].nkids++;
    }
    if (type != TXR_Y_SCALAR) {
        if (C->depth > TX_MAX_YAML_DEPTH) {
            C->failed = 1;
            return;
        }
        C->open[C->depth++] = (unsigned)C->n;
    }
}

static void composer_free(composer *C)
{
    free(C->nodes);
    free(C->str);
}

/* The composed tree in one allocation, as from_libyaml lays it out; 0, or -1
 * when out of memory. */
static int tree_of(txr_yrd *L, composer *C)
{
    size_t nn = C->n, nids = 0;
    for (size_t i = 0; i < nn; i++)
        if (C->nodes[i].type != TXR_Y_SCALAR)
            nids += C->nodes[i].nkids;
    txr_ynode *nodes = malloc(nn * sizeof *nodes + nids * sizeof(int) + C->nstr + 1);
    if (!nodes)
        return -1;
    int *ids = (int *)(void *)(nodes + nn);
    char *str = (char *)(ids + nids);
    if (C->nstr)
        memcpy(str, C->str, C->nstr);
    L->nodes = nodes;
    L->nnodes = (unsigned)nn;
    /* each collection's kids, in node order, where from_libyaml puts them */
    size_t at = 0;
    for (size_t i = 0; i < nn; i++) {
        cnode *c = &C->nodes[i];
        txr_ynode *t = &nodes[i];
        memset(t, 0, sizeof *t);
        t->type = c->type;
        set_marks(t, c->index, c->line, c->col, c->end_line);
        if (c->type == TXR_Y_SCALAR) {
            t->style = c->style;
            t->s = str + c->str;
            t->len = c->len;
        } else {
            t->kids = ids + at;
            t->n = c->type == TXR_Y_MAP ? c->nkids / 2 : c->nkids;
            c->at = at;
            c->placed = 0;
            at += c->nkids;
        }
        if (c->parent) { /* (a parent comes before its kids) */
            cnode *pc = &C->nodes[c->parent - 1];
            ids[pc->at + pc->placed++] = (int)(i + 1);
        }
    }
    return 0;
}

/* The pass over the event stream: syntax, one document, no aliases, no
 * tags, bounded depth and node count; the tree composed on the way (C:
 * NULL, only checked).  Returns 0 if the document may be loaded. */
static int prescan(txr_yrd *L, composer *C)
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
                EV_ERR(L, TX_ESCHEMA, &ev, "keep one rule file per document (split the file)",
                    "a rule file holds one YAML document; this is a second one");
                bad = done = 1;
            }
            break;
        case YAML_ALIAS_EVENT: {
            char b[160];
            sanitize(b, sizeof b, (const char *)ev.data.alias.anchor, strlen((const char *)ev.data.alias.anchor), 48);
            EV_ERR(L, TX_ESCHEMA, &ev, "write the value out in full", "YAML aliases are not allowed in rule files (*%s)", b);
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
                EV_ERR(L, TX_ESCHEMA, &ev, "remove the tag: rule files are plain data",
                    "YAML tags are not allowed in rule files (%s)", txr_y_quote(b, sizeof b, (const char *)tag, strlen((const char *)tag)));
                bad = 1;
            }
            if (++nodes > TX_MAX_YAML_NODES) {
                EV_ERR(L, TX_ELIMIT, &ev, NULL, "more than %u YAML values in one rule file", TX_MAX_YAML_NODES);
                bad = done = 1;
            }
            if (ev.type != YAML_SCALAR_EVENT && ++depth > TX_MAX_YAML_DEPTH) {
                EV_ERR(L, TX_ELIMIT, &ev, NULL, "YAML nested deeper than %u levels", TX_MAX_YAML_DEPTH);
                bad = done = 1;
            }
        }
        if (C && !bad && docs <= 1)
            compose(C, &ev);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    return bad || L->S.stop ? -1 : 0;
}

/* ---- the document ------------------------------------------------------------------------------- */

static void set_marks(txr_ynode *t, size_t index, size_t line, size_t col, size_t end_line)
{
    t->index = index;
    t->line = (unsigned)line + 1;
    t->col = (unsigned)col + 1;
    t->end_line = (unsigned)end_line + 1;
}

/* The tree of libyaml's document d, in one allocation; 0, or -1 when out of
 * memory. */
static int from_libyaml(txr_yrd *L, const yaml_document_t *d)
{
    size_t nn = (size_t)(d->nodes.top - d->nodes.start), nids = 0, nstr = 0;
    for (const yaml_node_t *n = d->nodes.start; n < d->nodes.top; n++) {
        if (n->type == YAML_SCALAR_NODE)
            nstr += n->data.scalar.length + 1;
        else if (n->type == YAML_SEQUENCE_NODE)
            nids += (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
        else if (n->type == YAML_MAPPING_NODE)
            nids += 2 * (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    }
    txr_ynode *nodes = malloc(nn * sizeof *nodes + nids * sizeof(int) + nstr + 1);
    if (!nodes)
        return -1;
    int *ids = (int *)(void *)(nodes + nn);
    char *str = (char *)(ids + nids);
    L->nodes = nodes;
    L->nnodes = (unsigned)nn;
    for (size_t i = 0; i < nn; i++) {
        const yaml_node_t *n = &d->nodes.start[i];
        txr_ynode *t = &nodes[i];
        memset(t, 0, sizeof *t);
        t->type = (unsigned char)n->type;
        set_marks(t, n->start_mark.index, n->start_mark.line, n->start_mark.column, n->end_mark.line);
        if (n->type == YAML_SCALAR_NODE) {
            t->style = (unsigned char)n->data.scalar.style;
            t->s = str;
            t->len = n->data.scalar.length;
            memcpy(str, n->data.scalar.value, t->len);
            str[t->len] = '\0';
            str += t->len + 1;
        } else if (n->type == YAML_SEQUENCE_NODE) {
            t->kids = ids;
            for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++)
                *ids++ = *it;
            t->n = (unsigned)(ids - t->kids);
        } else if (n->type == YAML_MAPPING_NODE) {
            t->kids = ids;
            for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
                *ids++ = p->key;
                *ids++ = p->value;
            }
            t->n = (unsigned)(ids - t->kids) / 2;
        }
    }
    return 0;
}

/* The tree of the document the build parsed (yamldoc.h): its nodes, over
 * the build's constant strings and ids; 0, or -1 when out of memory. */
static int from_build(txr_yrd *L, const txr_ydoc *d)
{
    txr_ynode *nodes = malloc((d->nnodes ? d->nnodes : 1) * sizeof *nodes);
    if (!nodes)
        return -1;
    L->nodes = nodes;
    L->nnodes = d->nnodes;
    for (unsigned i = 0; i < d->nnodes; i++) {
        const txr_ydnode *s = &d->nodes[i];
        txr_ynode *t = &nodes[i];
        memset(t, 0, sizeof *t);
        t->type = s->type;
        set_marks(t, s->start.index, s->start.line, s->start.column, s->end.line);
        if (s->type == TXR_Y_SCALAR) {
            t->style = s->style;
            t->s = d->strings + s->off;
            t->len = s->n;
        } else if (s->type == TXR_Y_SEQ || s->type == TXR_Y_MAP) {
            t->kids = d->items + s->off;
            t->n = s->n;
        }
    }
    return 0;
}

/* The pass over the event stream, which checks the document and composes
 * its tree; libyaml's loader (a second parse) only when the composer gave
 * up (an anchor, out of memory) or TLSEXPLAIN_NO_FASTPATH (any value) says
 * so: the pass only checks, as before the composer (tests compare). */
static tx_status parse(txr_yrd *L)
{
    int two_pass = getenv("TLSEXPLAIN_NO_FASTPATH") != NULL;
    composer C;
    memset(&C, 0, sizeof C);
    if (prescan(L, two_pass ? NULL : &C) < 0) {
        composer_free(&C);
        return L->S.first != TX_OK ? L->S.first : TX_ESYNTAX;
    }
    if (!two_pass && !C.failed) {
        int r = tree_of(L, &C);
        composer_free(&C);
        if (r < 0) {
            oom(L);
            return L->S.first;
        }
        return TX_OK;
    }
    composer_free(&C);
    yaml_parser_t p;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&p)) {
        oom(L);
        return L->S.first;
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)L->S.text, L->S.len);
    if (!yaml_parser_load(&p, &doc)) {
        yaml_error(L, &p);
        yaml_parser_delete(&p);
        return L->S.first != TX_OK ? L->S.first : TX_ESYNTAX;
    }
    yaml_parser_delete(&p);
    int r = from_libyaml(L, &doc);
    yaml_document_delete(&doc);
    if (r < 0) {
        oom(L);
        return L->S.first;
    }
    return TX_OK;
}

tx_status txr_yrd_load(txr_yrd *y, const char *name, const char *text, size_t len, const struct txr_ydoc *pre,
                       tx_diag_cb cb, void *ud)
{
    memset(y, 0, sizeof *y);
    y->S.name = name ? name : "<rules>";
    y->S.text = text ? text : "";
    y->S.len = text ? len : 0;
    y->S.cb = cb;
    y->S.ud = ud;
    const unsigned char *u = (const unsigned char *)y->S.text;
    if (y->S.len > TX_MAX_RULE_FILE) {
        txr_diag(cb, ud, TX_ELIMIT, 0, y->S.name, 0, 0, NULL, "rule file larger than %u bytes", TX_MAX_RULE_FILE);
        return TX_ELIMIT;
    }
    if (y->S.len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        y->S.text += 3;
        y->S.len -= 3;
    } else if (y->S.len >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0xFF && u[1] == 0xFE))) {
        diag(y, TX_ESYNTAX, 0, 1, 1, "save the file as UTF-8", "rule file is not UTF-8 (UTF-16 or UTF-32?)");
        return y->S.first;
    }
    /* pre: the document parsed at build time (yamldoc.h) */
    if (pre && from_build(y, pre) != 0) {
        oom(y);
        return y->S.first;
    }
    return pre ? TX_OK : parse(y);
}

void txr_yrd_free(txr_yrd *y)
{
    free(y->nodes);
    y->nodes = NULL;
    y->nnodes = 0;
}

const txr_ydoc *txr_ydoc_find(const char *name, size_t len)
{
    for (const txr_ydoc *d = txr_builtin_docs; d->name; d++)
        if (d->textlen == len && strcmp(d->name, name) == 0)
            return d;
    return NULL;
}

const char *txr_yaml_lib_version(void)
{
    return yaml_get_version_string();
}
