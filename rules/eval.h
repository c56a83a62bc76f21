/*
 * eval.h - evaluating a rule's condition over one connection.
 *
 * The context is one connection's events plus the log-wide events
 * (truststore, keystore, config) and the matches of line patterns on
 * lines that belonged to no connection.  A successful evaluation fills a
 * binding: the events that proved each positive condition, the exact
 * lines to cite, and the variables (named captures and the fields of the
 * matched events) that the explanation and remediation templates use.
 */
#ifndef TX_EVAL_H
#define TX_EVAL_H

#include "../parser/parser.h"
#include "rule.h"

#define TXR_MAX_BIND_LINES 16
#define TXR_MAX_VARS 96

typedef struct txr_ctx {
    const txi_event *lists[3]; /* connection events, log-wide events, orphan line matches */
    const txr_linematch *lm;   /* the ruleset's line matchers (for captures) */
    const uint8_t *present;    /* per test: may its literals occur in this context?
                                  (NULL: unknown, always try) */
    uint64_t regex_limit_hits; /* searches stopped by a PCRE2 limit */
} txr_ctx;

/* Views into the connection's events and the ruleset: valid while both live. */
typedef struct txr_var {
    const char *name;
    const char *val;
    size_t n;
} txr_var;

typedef struct txr_binding {
    const txi_line *lines[TXR_MAX_BIND_LINES];
    unsigned nlines;
    const txi_event *events[TXR_MAX_BIND_LINES];
    unsigned nevents;
    txr_var vars[TXR_MAX_VARS];
    unsigned nvars;
} txr_binding;

/* 1 if c holds in ctx (binding filled), 0 otherwise (binding unchanged). */
int txr_eval(const txr_cond *c, txr_ctx *ctx, txr_binding *b);

/* Add a variable unless one of that name exists (first binding wins).
 * name and val are borrowed (see txr_var). */
void txr_bind_var(txr_binding *b, const char *name, const char *val, size_t n);
const txr_var *txr_binding_var(const txr_binding *b, const char *name);

#endif
