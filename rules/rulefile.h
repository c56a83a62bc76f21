/*
 * rulefile.h - what the readers of a rule file share (internal to
 * rulefile.c, conditions.c and decls.c): the state of the file being read
 * and the short names they use for the node helpers of yaml_load.h.
 */
#ifndef TX_RULEFILE_H
#define TX_RULEFILE_H

#include "../parser/event.h"
#include "rule.h"
#include "vocab.h"
#include "yaml_load.h"

typedef struct txr_rf {
    txr_yrd Y;              /* the document, the text, the diagnostics (yaml_load.h) */
    unsigned nconds;        /* conditions of the current rule */
    int said_conds, said_depth;
    const char *fields[TXF__COUNT + 3]; /* field names, "any", "line": hints */
    const char *events[TXE__COUNT + 2]; /* event type names, "any" */
    const txr_vocab *known; /* the categories and profiles loaded before this file (may be NULL) */
    txr_vocab *decl;        /* this file's own */
} txr_rf;

/* conditions.c: the condition n (depth: its nesting; in_after: inside an
 * `after`), or NULL (reported). */
txr_cond *txr_rf_cond(txr_rf *L, const txr_ynode *n, unsigned depth, int in_after);
/* conditions.c: a compiled regex from a scalar, a bad one reported at the
 * column of PCRE2's error offset; NULL (reported) on error. */
txr_pattern *txr_rf_regex(txr_rf *L, const txr_ynode *v, const char *key);
/* rulefile.c: a rule id value (of id, supersedes, detect: rule); NULL
 * (reported) if invalid; and the offset of the first character not allowed
 * in an id (-1: none). */
char *txr_rf_id(txr_rf *L, const txr_ynode *v, const char *key);
/* rulefile.c: a rule id or a list of them (supersedes, a profile's detect
 * rule) into *out / *n (empty on entry); what is invalid is reported. */
void txr_rf_ids(txr_rf *L, const txr_ynode *v, const char *key, char ***out, unsigned *n);
long txr_rf_id_bad(const char *s, size_t n);
/* decls.c: the `categories:`, `profiles:`, `public_cas:` and
 * `inspection_vendors:` lists, into L->decl; is n the
 * id of a category (profiles = 0) or profile declared so far, and "unknown
 * category 'x'" (with a hint) if not. */
void txr_rf_categories(txr_rf *L, const txr_ynode *v);
void txr_rf_profiles(txr_rf *L, const txr_ynode *v);
void txr_rf_public_cas(txr_rf *L, const txr_ynode *v);
void txr_rf_inspectors(txr_rf *L, const txr_ynode *v);
int txr_rf_declared(txr_rf *L, const txr_ynode *n, int profiles);
void txr_rf_unknown(txr_rf *L, const txr_ynode *n, int profiles);

/* Short names for the readers (L: a txr_rf *). */
#define nd(L, id) txr_y_node(&(L)->Y, id)
#define is_null(...) txr_y_isnull(__VA_ARGS__)
#define is_str(...) txr_y_isstr(__VA_ARGS__)
#define eq(...) txr_y_eq(__VA_ARGS__)
#define q(...) txr_y_quote(__VA_ARGS__)
#define what(...) txr_y_what(__VA_ARGS__)
#define hint(...) txr_hint(__VA_ARGS__)
#define key_of(L, ...) txr_y_key(&(L)->Y, __VA_ARGS__)
#define lookup(L, ...) txr_y_lookup(&(L)->Y, __VA_ARGS__)
#define misspelled(L, ...) txr_y_misspelled(&(L)->Y, __VA_ARGS__)
#define dup(L, ...) txr_y_dup(&(L)->Y, __VA_ARGS__)
#define get_str(L, ...) txr_y_str(&(L)->Y, __VA_ARGS__)
#define get_strv(L, ...) txr_y_strv(&(L)->Y, __VA_ARGS__)
#define get_int(L, ...) txr_y_int(&(L)->Y, __VA_ARGS__)
#define scalar_pos(L, ...) txr_y_scalar_pos(&(L)->Y, __VA_ARGS__)
#define oom(L) txr_src_oom(&(L)->Y.S)
#define diag(L, ...) txr_src_diag(&(L)->Y.S, __VA_ARGS__)
#define ERR(L, ...) TXR_Y_ERR(&(L)->Y, __VA_ARGS__)
#define WARN(L, ...) TXR_Y_WARN(&(L)->Y, __VA_ARGS__)

#endif
