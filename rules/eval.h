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

#include "../parser/limits.h"
#include "../parser/parser.h"
#include "rule.h"


/*
 * The run-wide regex budget (one per analysis; limits in parser/limits.h).
 * PCRE2 bounds each search; this bounds their sum.  It is counted in PCRE2
 * work units, never in time, so a run is reproducible: a search stopped by
 * a PCRE2 limit charges TX_PCRE2_MATCH_LIMIT units to the run and one stop
 * to its rule.  A rule stopped TX_REGEX_RULE_STOPS times, or stopped at all
 * once the run has spent TX_REGEX_BUDGET_UNITS, is switched off: none of its
 * patterns runs again (each search it would have made is counted as
 * skipped) and it fires no more.  Findings it recorded before stay.
 *
 * A time backstop catches what PCRE2 does not stop (its limit is per
 * start position): searches that were not stopped but took longer than
 * TX_REGEX_SLOW_US of CPU time are summed per rule and per run, and switch
 * a rule off the same way (TX_REGEX_RULE_SLOW_MS, TX_REGEX_RUN_SLOW_MS).
 * Only a rule with slow searches can trip it, and the report says it was
 * the backstop (its outcome depends on the machine).
 */
enum { TXR_ON = 0, TXR_OFF_STOPS = 1, TXR_OFF_TIME = 2 };

typedef struct txr_budget {
    uint64_t spent;       /* PCRE2 work units charged */
    uint64_t stops;       /* searches stopped by a PCRE2 limit */
    uint64_t skipped;     /* searches not run because their rule was switched off */
    uint64_t slow_ns;     /* time of the slow searches (backstop) */
    uint32_t *rule_stops; /* per rule (allocated at the first stopped search) */
    uint64_t *rule_slow_ns; /* per rule (allocated at the first slow search) */
    uint8_t *rule_off;    /* per rule: TXR_ON, or why it was switched off */
    uint8_t *rule_suspect; /* per rule: made a slow search lately (its searches are then timed in CPU
                            * time until a few in a row are fast) */
    unsigned nrules;
    unsigned noff[3];     /* rules switched off, by reason */
    struct txr_matcher *m; /* the run's PCRE2 match data (pattern.h) */
    struct txr_rxcache *rxc; /* results kept for texts met again (rxcache.h; NULL: none) */
} txr_budget;

/* Set up for nrules rules (0 on success, -1 out of memory); free accepts a
 * zeroed budget. */
int txr_budget_init(txr_budget *bg, unsigned nrules);
void txr_budget_free(txr_budget *bg);
/* A search of rule ri was stopped by a PCRE2 limit: charge it.  Returns 1 if
 * the rule is now switched off. */
int txr_budget_stop(txr_budget *bg, unsigned ri);
/* A search of rule ri that was not stopped took ns nanoseconds: time it if
 * slow.  Returns 1 if the rule is now switched off. */
int txr_budget_time(txr_budget *bg, unsigned ri, uint64_t ns);
/* Is rule ri switched off?  (Out-of-range indices never are.) */
static inline int txr_budget_off(const txr_budget *bg, unsigned ri) { return ri < bg->nrules && bg->rule_off[ri]; }
/* txr_pattern_match for rule ri, under the budget: a switched-off rule's
 * search is skipped (TXR_NOMATCH), a stopped one charged, a slow one timed. */
int txr_budget_match(txr_budget *bg, unsigned ri, const txr_pattern *re, const char *s, size_t n, txr_capture *caps,
                     unsigned maxcap, unsigned *ncap);
/* txr_budget_match on a text likely met again (an event without a source
 * line: a listing lent by another input, a fact copied from a log-wide
 * event): its result is looked up in bg->rxc first.  A result found is
 * charged as a fast search is; a search is kept only if it was measured
 * fast and not stopped (rxcache.h), so every search that is slow is made
 * and timed each time. */
int txr_budget_match_kept(txr_budget *bg, unsigned ri, const txr_pattern *re, const char *s, size_t n,
                          txr_capture *caps, unsigned maxcap, unsigned *ncap);

/* Where in the connection's events (lists[0]) each test's literals first
 * occur, from the per-connection literal scan: test t's first event is
 * ev[ord[t]] when gen[t] == cur; when it is not, no event of the list holds
 * one of t's literals.  An event condition whose first test has literals
 * starts its walk of the connection's events there (or skips them): an
 * earlier event fails that test in may_match, before any search. */
typedef struct txr_firsts {
    const uint32_t *gen, *ord;
    uint32_t cur;
    const txi_event *const *ev;
} txr_firsts;

typedef struct txr_ctx {
    const txi_event *lists[3]; /* connection events, log-wide events, orphan line matches */
    const txr_linematch *lm;   /* the ruleset's line matchers (for captures) */
    const uint32_t *present;   /* per test: which of its literals may occur in this context,
                                  a bit each (bit k: lits[k]; 0: none; NULL: unknown, all) */
    txr_budget *budget;        /* the run's regex budget (required) */
    unsigned rule;             /* index of the rule being evaluated (charged for its searches) */
    const uint8_t *lines;      /* per line matcher: is there a match event of it in lists?
                                  (NULL: unknown, look) */
    /* per list: bit t set when no event of type t is in it, worked out by
       txr_eval at its first event condition (typed: done; a context starts
       zeroed, and its lists must not change while it is used) */
    uint32_t absent[3];
    int typed;
    const txr_firsts *first; /* of lists[0] (NULL: unknown, walk it all) */
} txr_ctx;

/* Views into the connection's events and the ruleset: valid while both live. */
typedef struct txr_var {
    const char *name;
    const char *val;
    size_t n;
} txr_var;

typedef struct txr_binding {
    const txi_line *lines[TX_MAX_BIND_LINES];
    unsigned nlines;
    const txi_event *events[TX_MAX_BIND_LINES];
    unsigned nevents;
    txr_var vars[TX_MAX_RULE_VARS];
    unsigned nvars;
} txr_binding;

/* Does a test on `field: any` look at field id?  Every field but the long
 * lists of offers and anchors. */
static inline int txr_any_field(int id) { return id != TXF_SUBJECTS && id != TXF_CIPHERS && id != TXF_SIG_SCHEMES; }

/* 1 if c holds in ctx (binding filled), 0 otherwise (binding unchanged). */
int txr_eval(const txr_cond *c, txr_ctx *ctx, txr_binding *b);
/* 0 when c cannot hold in ctx: a line condition without a match event of
 * its pattern, an event condition with a test whose literals are absent
 * (ctx->present) or of a type no list holds - through `all` and `any`
 * (`not`: always possible).  txr_eval would return 0 on it, perhaps after
 * searches for the kids of an `all` before the one that cannot hold:
 * txr_possible makes none (as analysis.c needs_present). */
int txr_possible(const txr_cond *c, txr_ctx *ctx);

/* Add a variable unless one of that name exists (first binding wins).
 * name and val are borrowed (see txr_var). */
void txr_bind_var(txr_binding *b, const char *name, const char *val, size_t n);
const txr_var *txr_binding_var(const txr_binding *b, const char *name);

#endif
