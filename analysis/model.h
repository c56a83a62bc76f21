/*
 * model.h - the report model: what a finished analysis found, built once
 * by tx_analysis_finish and immutable afterwards.  The writers (report/)
 * and compare/ read this and the events (parser/event.h), never struct
 * tx_analysis or the rules' internals.
 *
 *   verdict, summary (lines, bytes, dialects, connections), profile
 *   findings in rank order: id, category, kind, title, confidence,
 *     explanation and steps rendered with the finding's variables and the
 *     profile, references, evidence lines (line, text), variables, what
 *     explains it away
 *   what to capture next, the limits hit while reading
 *   the connections kept whole (their events) and the log-wide events
 *
 * Redaction (--redact) is applied once, here: with the redact option the
 * display strings (name, explanation, steps, evidence, variables, next
 * steps) are masked by the model's redactor, which learned every name of
 * the log first.  The raw strings stay for the writers that mask two logs
 * with one redactor (compare, timeline: txw_write_redacted).
 *
 * Everything is borrowed from the analysis: valid until tx_analysis_free.
 */
#ifndef TX_MODEL_H
#define TX_MODEL_H

#include <stdint.h>

#include "../parser/limits.h"
#include "../parser/parser.h"
#include "tlsexplain.h"

typedef struct txa_redactor txa_redactor;

typedef struct txa_evidence {
    uint64_t line;
    char *text;
    int cut;
} txa_evidence;

typedef struct txa_var {
    char *name, *val;
} txa_var;

/* One failure of the connection summary (analysis/conns.c): the failed
 * connections with the same fingerprint. */
typedef struct txa_fgroup {
    char fingerprint[17];            /* 16 hex digits */
    uint64_t count;                  /* connections that failed this way */
    uint64_t after_completed;        /* ... of them after their handshake completed */
    uint64_t first_line, last_line;  /* the line of the failure (its alert or exception) in the
                                      * first and the last of them */
    const char *category;            /* the category of the cause found on the first, or NULL */
    char text[TX_MAX_FAILURE_TEXT];  /* the failure as first seen (raw) */
} txa_fgroup;

typedef struct txa_mfinding {
    const char *id, *category, *title; /* the rule's */
    tx_kind kind;
    unsigned rule_index;               /* in the ruleset (SARIF ruleIndex) */
    int score;                         /* confidence, 0..100 */
    unsigned conns;                    /* connections it fired on */
    int superseded_by;                 /* index in the model's findings of the finding that
                                        * explains it away, or -1 */
    char *explain;                     /* rendered (masked with --redact); NULL: none */
    char **steps;                      /* rendered under the profile (masked with --redact) */
    unsigned nsteps;
    char *const *refs;                 /* the rule's references (not rendered) */
    unsigned nrefs;
    const txa_evidence *ev;            /* raw evidence lines (none when ev_as >= 0) */
    char **ev_text;                    /* their text as shown (masked with --redact) */
    unsigned nev;
    int ev_as;                         /* index in the model's findings of a finding of the same
                                        * category that cites the very same lines, which this one
                                        * does not repeat; or -1 */
    const txa_var *vars;               /* raw variables */
    unsigned nvars;
    char **var_shown;                  /* values as shown (masked with --redact) */
    char *raw_explain;                 /* unmasked: for txw_write_redacted (== explain without --redact) */
    char **raw_steps;
    const struct txa_model *model;     /* the model it belongs to */
    char *const *support;              /* its category's compare facts (globs, rules/tls/categories.yaml) */
    unsigned nsupport;                 /* 0: the default, alerts and exceptions */
} txa_mfinding;

/*
 * The log lines around each evidence line, for the HTML report (logctx.c).
 *
 * The findings are known only at the end of a log, so the lines around
 * their evidence are read in a second pass: after tx_analysis_finish the
 * caller feeds the same text again (tx_analysis_feed_context, then a call
 * with len 0 for its end).  Only the lines within TX_HTML_CONTEXT_LINES of
 * an evidence line are kept, each cut to TX_HTML_CONTEXT_BYTES; a hex-dump
 * row is kept as a number only (the parser's test, txi_hex_row, and the
 * same shape behind any blank or bar: it may hold decrypted application
 * data, which no report shows).  With
 * --redact the names in the lines are taught to the model's redactor; the
 * writers mask the text when they show it.
 */
typedef struct txa_ctxline {
    uint64_t no;
    char *text; /* raw; NULL: a hex-dump row, not kept */
    int cut;    /* cut to TX_HTML_CONTEXT_BYTES */
} txa_ctxline;

typedef enum {
    TXA_CTX_NONE = 0, /* not read again (a caller that did not feed it) */
    TXA_CTX_READING,  /* being fed */
    TXA_CTX_OK,       /* read: the lines are there */
    TXA_CTX_CHANGED,  /* the text read again was not the text analysed (its length differs) */
    TXA_CTX_NOMEM     /* out of memory while reading */
} txa_ctx_state;

typedef struct txa_logctx txa_logctx;

/* The state of a model's context (NULL: TXA_CTX_NONE). */
txa_ctx_state txa_logctx_state(const txa_logctx *x);
/* Line no of the log when it was kept (TXA_CTX_OK only), else NULL.  *past
 * (optional) is set when no is beyond the log's last line. */
const txa_ctxline *txa_logctx_line(const txa_logctx *x, uint64_t no, int *past);
/* Every kept line, in order (for the redactor). */
const txa_ctxline *txa_logctx_lines(const txa_logctx *x, size_t *n);
void txa_logctx_free(txa_logctx *x);

typedef struct txa_model {
    const char *name;          /* the input's name as shown (masked with --redact) */
    const char *raw_name;
    tx_options opt;
    tx_verdict verdict;
    const char *top_category;  /* NULL: no cause */
    const char *profile;       /* NULL, or a profile's id such as "ia" (explicit or detected) */
    const char *profile_title; /* its title (rules/tls/profiles.yaml); NULL: not a declared profile */
    int profile_detected;
    /* summary */
    uint64_t lines, bytes;
    char dialects[128];        /* "ssllogger, app" ("" when none was recognised) */
    const char *dialect_names[16];
    unsigned ndialects;
    int has_debug;             /* JSSE debug output of any dialect */
    uint64_t conns, completed, failed, dropped_kept; /* analysis/conns.c: completed and failed
                                                      * exclude each other */
    uint64_t after_completed;  /* failed connections whose handshake had completed */
    const txa_fgroup *groups;  /* the distinct failures, in order of first appearance */
    unsigned ngroups;
    uint64_t other_failures;   /* failed connections past TX_MAX_FAILURE_GROUPS distinct ones */
    char **group_text;         /* the groups' text as shown (masked with --redact) */
    /* findings, in rank order (superseded ones too) */
    txa_mfinding *findings;
    unsigned nfind;
    char next[TX_MAX_NEXT_STEPS][TX_MAX_NEXT_STEP]; /* what to capture next (masked with --redact) */
    int nnext;
    char notes[TX_MAX_LIMIT_NOTES][TX_MAX_LIMIT_NOTE];   /* limits hit while reading */
    int nnotes;
    /* the events */
    txi_conn *const *kept;     /* the connections kept whole, in completion order */
    unsigned nkept;
    const txi_event *globals;  /* log-wide events */
    txa_redactor *redactor;    /* with --redact: the model's, learned from this log */
    unsigned html_index;        /* TX_OPT_HTML_INDEX: the input's row in the HTML summary */
    txa_logctx *context;       /* the lines around the evidence, read again after finish
                                * (tx_analysis_feed_context, above); NULL: not read */
} txa_model;

/* conns.c: did connection c fail after its handshake completed (not an
 * SSLHandshakeException, not a handshake alert)?  As the summary counts it. */
int txa_conn_after_completed(const txi_conn *c);
/* The model of a finished analysis, or NULL (not finished). */
const txa_model *txa_model_get(const tx_analysis *a);
/* Before finish too: the name an analysis was created with, its options. */
const char *txa_model_name(const tx_analysis *a);
const tx_options *txa_model_options(const tx_analysis *a);
/* A finding's variable (raw), or NULL. */
const char *txa_mvar(const txa_mfinding *f, const char *name);
/* Teach r every name of the model (events, variables, evidence) and then
 * the input file names that hold one. */
void txa_model_learn(txa_redactor *r, const txa_model *m);
void txa_model_learn_files(txa_redactor *r, const txa_model *m);

#endif
