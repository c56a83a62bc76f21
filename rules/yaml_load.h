/*
 * yaml_load.h - a YAML document as a plain tree, and the helpers that read
 * its nodes with file:line:col diagnostics (yaml_load.c: the one file that
 * includes <yaml.h>; no libyaml type passes this header).
 *
 * A document comes from the text (pre-scan, then libyaml's loader, syntax
 * errors reported with the caret) or from the tree the build parsed from
 * the same text (yamldoc.h): the readers (rulefile.c, conditions.c,
 * decls.c, jdkfacts.c) see the same nodes either way.  Positions are 1-based
 * here (libyaml's marks are 0-based: yaml_load.c adds 1, once).
 */
#ifndef TX_YAML_LOAD_H
#define TX_YAML_LOAD_H

#include <stddef.h>
#include <string.h>

#include "diag.h"

struct txr_ydoc;

/* txr_ynode.type, and the styles of a scalar the readers tell apart (a
 * block scalar has another style); the values are libyaml's. */
enum { TXR_Y_SCALAR = 1, TXR_Y_SEQ = 2, TXR_Y_MAP = 3 };
enum { TXR_Y_PLAIN = 1, TXR_Y_SQUOTED = 2, TXR_Y_DQUOTED = 3 };

typedef struct txr_ynode {
    unsigned char type, style;
    unsigned line, col;   /* 1-based start (col in characters) */
    unsigned end_line;    /* 1-based line of the end */
    size_t index;         /* character offset of the start: orders nodes */
    const char *s;        /* scalar: the value, NUL-terminated (it may hold NULs: len) */
    size_t len;
    const int *kids;      /* sequence: n item ids; mapping: n pairs, key id then value id */
    unsigned n;
} txr_ynode;

/* A document being read: its source text (diag.h: positions, the callback,
 * the error count) and its nodes (ids are 1-based; the root is node 1). */
typedef struct txr_yrd {
    txr_src S;
    txr_ynode *nodes;
    unsigned nnodes;
} txr_yrd;

/* Load text as a document into y (name NULL: "<rules>"; pre: the tree the
 * build parsed from this text, or NULL: parse it, once; under
 * TLSEXPLAIN_NO_FASTPATH checked, then parsed again by libyaml's loader).  Refuses a file over
 * TX_MAX_RULE_FILE, skips a UTF-8 byte-order mark, refuses UTF-16 and
 * UTF-32; the pre-scan refuses a second document, aliases, tags, deep
 * nesting and very many nodes (TX_MAX_YAML_DEPTH, TX_MAX_YAML_NODES).
 * Every error goes to cb (NULL: none).  TX_OK, or the first error's status;
 * txr_yrd_free() either way. */
tx_status txr_yrd_load(txr_yrd *y, const char *name, const char *text, size_t len, const struct txr_ydoc *pre,
                       tx_diag_cb cb, void *ud);
void txr_yrd_free(txr_yrd *y);
/* "libyaml 0.2.5": the linked library's version, for --version. */
const char *txr_yaml_lib_version(void);

static inline const txr_ynode *txr_y_root(const txr_yrd *y) { return y->nnodes ? &y->nodes[0] : NULL; }
static inline const txr_ynode *txr_y_node(const txr_yrd *y, int id) { return &y->nodes[id - 1]; }

/* An empty value: a plain empty scalar, ~ or null. */
static inline int txr_y_isnull(const txr_ynode *n)
{
    if (n->type != TXR_Y_SCALAR || n->style != TXR_Y_PLAIN)
        return 0;
    const char *v = n->s;
    if (n->len == 0)
        return 1;
    if (v[0] == '~') /* (the first byte, then the whole: most scalars are none of these) */
        return v[1] == '\0';
    return (v[0] == 'n' || v[0] == 'N') && (!strcmp(v, "null") || !strcmp(v, "Null") || !strcmp(v, "NULL"));
}
static inline int txr_y_isstr(const txr_ynode *n) { return n->type == TXR_Y_SCALAR && !txr_y_isnull(n); }
static inline int txr_y_eq(const txr_ynode *n, const char *s)
{
    /* the first byte before the length: a key is compared with every candidate in turn */
    return n->type == TXR_Y_SCALAR && (n->len ? n->s[0] == s[0] : s[0] == '\0') && n->len == strlen(s) &&
           memcmp(n->s, s, n->len) == 0;
}

/* A user string, quoted and cleaned for a message, in buf. */
const char *txr_y_quote(char *buf, size_t bn, const char *s, size_t n);
/* How a node looks, for "must be X, not Y". */
const char *txr_y_what(const txr_ynode *n, char *buf, size_t bn);
/* Index of candidate matching key node k, or -1 after reporting an
 * unknown, non-string or duplicate key.  seen[] (one per candidate, zeroed
 * by the caller) holds the line of each key's first occurrence. */
int txr_y_key(txr_yrd *y, const txr_ynode *k, const char *const *cands, const char *noun, unsigned *seen);
/* Value of the first key of map equal to key (no checks), or NULL. */
const txr_ynode *txr_y_lookup(const txr_yrd *y, const txr_ynode *map, const char *key);
/* Was a misspelling of key already reported in map?  (Then "missing key"
 * would only repeat it.) */
int txr_y_misspelled(const txr_yrd *y, const txr_ynode *map, const char *key, const char *const *cands);
/* A copy of n bytes of s (NULL, reported, when out of memory). */
char *txr_y_dup(txr_yrd *y, const char *s, size_t n);
/* A string value; NULL (reported) if it is not one. */
char *txr_y_str(txr_yrd *y, const txr_ynode *v, const char *key);
/* A list of strings (or one string when single is set) into *out / *n:
 * 0, or -1 (reported). */
int txr_y_strv(txr_yrd *y, const txr_ynode *v, const char *key, int single, char ***out, unsigned *n);
/* An integer lo..hi written as a plain scalar: 0, or -1 (reported). */
int txr_y_int(txr_yrd *y, const txr_ynode *v, const char *key, long lo, long hi, int *out);
/* 1-based line/col of byte off of scalar n's value in the source: exact
 * for one-line plain and quoted scalars (quotes, '' and backslash escapes
 * accounted for); the scalar's start otherwise. */
void txr_y_scalar_pos(txr_yrd *y, const txr_ynode *n, size_t off, unsigned *line, unsigned *col);

/* Errors and warnings at a node. */
#define TXR_Y_ERR(y, code, n, help, ...) txr_src_diag(&(y)->S, code, 0, (n)->line, (n)->col, help, __VA_ARGS__)
#define TXR_Y_WARN(y, n, help, ...) txr_src_diag(&(y)->S, TX_OK, 1, (n)->line, (n)->col, help, __VA_ARGS__)

#endif
