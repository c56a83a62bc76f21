/*
 * analysis.h - the internals of tx_analysis that the report, timeline and
 * compare writers read.  One analysis per log: parser + rule evaluation +
 * findings.
 */
#ifndef TX_ANALYSIS_H
#define TX_ANALYSIS_H

#include "../parser/decode.h"
#include "../parser/limits.h"
#include "../parser/parser.h"
#include "../rules/eval.h"
#include "../rules/jdk.h"
#include "../rules/ruleset.h"
#include "model.h"
#include "tlsexplain.h"

/* The connection the summary is counting (conns.c): one parser connection,
 * or several that are fragments of one failure. */
typedef struct txa_logical {
    int open;
    uint32_t flags;                  /* the fragments' connection flags, OR-ed */
    int shaped;                      /* it has events of an attempt (not only notices) */
    int handshake;                   /* it has handshake messages */
    int hs_failure;                  /* an SSLHandshakeException or a handshake alert */
    int retry_last;                  /* its last exception is a retry handler's line */
    int root_follows;                /* ... announces the trace of its root cause */
    const char *cause_cat;           /* the best cause diagnosed on it (rule's), or NULL */
    int cause_score;
    uint64_t first_line, end_line;
    uint64_t links[TX_MAX_FAILURE_LINKS];   /* its last exception's chain, hashed */
    unsigned nlinks;
    char head[TX_MAX_FAILURE_HEAD];        /* ... its "class: message", normalised */
    int64_t last_time;               /* ... its log time */
    char text[TX_MAX_FAILURE_TEXT];  /* its failure: a fatal alert, else the innermost cause */
    int text_alert;
    uint64_t fail_line;              /* the line of the alert or exception of text */
    char host[TX_MAX_SEEN_HOST];
} txa_logical;

/* Failed connections by fingerprint (conns.c). */
typedef struct txa_fset {
    txa_fgroup g[TX_MAX_FAILURE_GROUPS];
    unsigned n;
    uint64_t other;               /* failed connections past the distinct ones kept */
    uint64_t failed, after_completed;
    uint64_t completed;           /* of them, counted completed meanwhile (cause_only) */
} txa_fset;

typedef struct txa_finding {
    const txr_rule *rule;
    unsigned rule_index;
    int score;
    const char *category; /* the rule's, or an `adjust` item's (that of its best score) */
    unsigned conns;       /* connections it fired on */
    uint32_t first_conn;
    txa_evidence ev[TX_MAX_EVIDENCE];
    unsigned nev;
    txa_var *vars;
    unsigned nvars;
    int superseded_by;    /* rule index of the finding that explains it away, or -1 */
    int in_tls_conn;      /* it fired on a connection where TLS had started (fact tls_started) */
    uint64_t last_logical; /* the summary's connection it was last counted on (conns) */
    int ev_as;            /* rule index of a finding of the same category citing the same lines, or -1 */
} txa_finding;

struct tx_analysis {
    const tx_ruleset *rs;
    tx_options opt;
    char *name;
    char *profile;          /* explicit --profile, or detected */
    int profile_detected;
    txi_parser *p;
    txi_dec dec;            /* the input's encoding (UTF-16 is read as UTF-8) */
    unsigned long long in_bytes; /* bytes fed (tx_analysis_bytes; the parser counts text bytes) */
    struct txr_pfscan *pf;
    int prefilter_off;
    int tool_sniff; /* TX_OPT_TOOL_SNIFF: stop at the first log line */
    struct txa_lent_text *lent; /* a finished tool output's listings' error texts as a borrower reads them
                                 * (context.c), or NULL: read by each borrower */
    unsigned nlent;
    uint8_t *lmatched; /* per line matcher: a match event in the connection evaluated (evaluate) */
    uint64_t line_seq;  /* lines given to the line patterns so far (on_line) */
    uint64_t *lm_seen;  /* per line matcher that is some matcher's lm_rep: the line_seq of its last
                         * search (ruleset.h lm_rep), and its result in lm_res */
    int8_t *lm_res;
    size_t *lm_at;      /* and where in a line's body it matched: 1 + offset (0: the line itself) */
    uint8_t *when_state; /* per rule whose `when` others share (ruleset.h when_rep): 0 not evaluated on
                          * this connection, 1 held (its binding in when_b), 2 did not hold */
    struct txr_binding **when_b;
    uint8_t *adj_state; /* per adjust item that is some item's adj_rep (ruleset.h): 0 not evaluated on
                         * this connection, 1 held, 2 did not hold (NULL: no item shares its `when`) */
    uint64_t *cand;     /* the rules evaluate tries on a connection, a bit each (ruleset.h free_bits) */
    struct txa_ctx_cache *ctxc; /* the context variables of the connection evaluated (vars.c) */
    int ctx_nocache;            /* TLSEXPLAIN_NO_FASTPATH: each firing makes them (the reference) */
    int tls_seen;                 /* a connection of the log had the fact tls_started */
    int cause_fired;              /* a cause that is not a fallback fired: fallbacks no longer run */
    int cur_tls;                  /* ... the connection being evaluated has it */

    tx_event_cb ev_cb;             /* tx_analysis_set_event_callback */
    void *ev_ud;
    int ev_ended;                  /* ... told of the end of the events */
    int fed;                       /* tx_analysis_feed was called */
    txi_conn *kept[TX_MAX_KEPT_CONNS];
    unsigned nkept;
    uint64_t conns, completed, failed, dropped_kept; /* conns.c: the summary's counts */
    uint64_t after_completed;
    txa_logical lc;                /* the connection being counted */
    uint64_t logical_seq;          /* its number */
    txa_fset fails;                /* the failed connections by fingerprint */
    txa_fset cause_only;           /* ... those with only a cause found on them */
    uint64_t announce[TX_MAX_ANNOUNCE_LINES]; /* the last lines announcing a cause printed apart, a ring */
    unsigned nannounce;
    size_t kept_bytes;

    txi_arena orphan_arena;       /* line matches outside any connection */
    txi_arena finding_arena;      /* the findings' evidence texts and variables (a copy each, kept
                                     until the analysis is freed: a malloc each was most of record()) */
    txi_event *orphans, *orphans_last;
    unsigned norphans;

    /* per-connection literal scan of the rules' field tests (prefilter.h) */
    struct txr_litscan *test_sc, *line_sc; /* (ruleset.h test_ls, line_ls) */
    uint32_t *present, *gpresent; /* per test: its literals seen in this connection / log-wide,
                                   * a bit each (bit k: lits[k]; eval.h txr_ctx) */
    char *blob;                   /* the connection's text, one field per line */
    size_t blobcap;
    struct txa_valcache *vcache;  /* the field values scanned so far and their literals (analysis.c) */
    unsigned npresence;           /* presence() calls: the cache is made at the second */
    const txi_event *gscanned, *oscanned; /* last log-wide / orphan event already scanned */
    /* where each test's literals first occur in the connection's events (eval.h txr_firsts):
     * per test the generation and the ordinal of the event; per ordinal the event and the
     * offset of its text in the blob (of the scan's pass) */
    uint32_t *cf_gen, *cf_ord;
    uint32_t cf_cur;
    int cf_bad;                   /* this connection's scan cannot say (overflow, out of memory) */
    const txi_event **cf_ev;
    size_t *cf_seg;
    size_t cf_cap;
    unsigned gepoch;              /* the parser epoch gscanned belongs to */

    txa_finding *findings;        /* in rank order after finish */
    unsigned findcap;             /* its room (grows up to TX_MAX_FINDINGS) */
    uint32_t *find_of;            /* per rule: 1 + the index of its finding, 0 none (finding_for); NULL
                                   * once the findings move at finish (then looked for in turn) */
    int find_moved;               /* ... they moved: find_of is gone for good */
    unsigned nfind;
    uint64_t findings_dropped;
    txr_budget budget;            /* the run-wide regex budget (eval.h); its stops are the
                                   * searches stopped by a PCRE2 limit */
    uint64_t cut_events;          /* events with fields refused or shortened (txi_event.cut) */
    uint64_t matches_dropped;     /* rule line matches refused by the event limits */
    uint64_t long_subjects;       /* lines searched by a rule pattern in their first
                                   * TX_MAX_MATCH_SUBJECT bytes only */

    txr_jdk jdk;
    /* what the whole log proves for connections that do not say it themselves:
     * the servers it names (URLs, targets) and the stores of a command line */
    struct txa_seen_target {
        char host[TX_MAX_SEEN_HOST], port[8];
        uint64_t line;
    } seen[TX_MAX_SEEN_TARGETS];
    unsigned nseen;
    int seen_full;                 /* more distinct targets than fit: use none */
    char cmd_truststore[TX_MAX_SEEN_PATH], cmd_keystore[TX_MAX_SEEN_PATH];
    uint64_t cmd_truststore_line, cmd_keystore_line;                  /* the Java that wrote the log, as far as it proves it (jdk.h) */

    int finished;
    tx_verdict verdict;
    txa_model *model;             /* built by finish (model.c) */
    unsigned html_index;          /* TX_OPT_HTML_INDEX */
    char *model_name;             /* the name as shown */
    char *host_copy;              /* tx_analysis_set_str(TX_OPT_HOST) */
    txa_redactor *redact_pre;     /* names the caller taught before finish
                                   * (tx_analysis_redact_learn); the model's redactor then */
};

/* A struct's buffers read only below a count kept elsewhere in it: left
 * unzeroed by txa_alloc_zeroed_but (offsetof and size of each member). */
typedef struct {
    size_t off, len;
} txa_span;
/* malloc(size) with every byte zeroed but those of the n spans in keep (in
 * the order of the struct, not overlapping); NULL when out of memory. */
void *txa_alloc_zeroed_but(size_t size, const txa_span *keep, size_t n);

/* Has rule i fired (even if superseded)?  For sample checks. */
int txa_fired(const tx_analysis *a, unsigned rule_index);
/* Expand a template with the finding's variables and the profile. */
char *txa_render(const tx_analysis *a, const txa_finding *f, const char *tmpl);
/* Is this a variable that renders, unknown, as <name> with a note on how to
 * find it out (host, port, truststore, keystore, cacerts, url, java_home)? */
int txa_noted_var(const char *name);
/* The steps that apply under the analysis profile. */
void txa_steps(const tx_analysis *a, const txa_finding *f, char *const **steps, unsigned *n);
/* The analysis' profile (rules/tls/profiles.yaml), or NULL without one. */
const struct txr_profile *txa_profile(const tx_analysis *a);
/* The explanation template of a finding under the analysis' profile (the rule's own without one). */
const char *txa_explain(const tx_analysis *a, const txa_finding *f);
/* Variable of a finding (NULL if absent). */
const char *txa_var_get(const txa_finding *f, const char *name);
/* vars.c: remember a server the log names (a port of 0 length: the host
 * only); read a line for what the whole log proves (URLs, -D store
 * options, the Java version). */
void txa_seen_target(tx_analysis *a, const char *h, size_t hn, const char *pt, size_t pn, uint64_t line);
void txa_sniff_line(tx_analysis *a, uint64_t no, const char *t, size_t n);
/* vars.c: the Java that wrote the log as far as it is proved so far, with
 * what the debug dialects read until now say of its JSSE generation. */
const txr_jdk *txa_jdk_so_far(tx_analysis *a);
/* vars.c: bind the variables of connection c (NULL: the log-wide
 * evaluation) into b; cb holds the values made up here. */
/* the values made up while binding (variables borrow them) */
typedef struct txa_ctx_buf {
    char port[16], home[512], keytool[600], cacerts[600], alias[128], logtime[48], chain_len[8];
    char jdk[8], jdk_version[48], jdk_line[24], no_tls13[96], tls13_note[160], tls10_note[160];
    char target_line[24], truststore_line[24], keystore_line[24];
} txa_ctx_buf;
void txa_context_vars(tx_analysis *a, const txi_conn *c, txr_binding *b, txa_ctx_buf *cb);
/* vars.c: what txa_context_vars does besides binding (the store paths it
 * names tell the Java: txa_jdk_so_far grows), for a rule that fired again
 * (its finding keeps the variables of its first firing). */
void txa_context_effects(tx_analysis *a, const txi_conn *c);
/* vars.c: the context variables of a rule that fired for the first time
 * (txa_context_vars), made once per connection for the rules that fire
 * after the first when that cannot change them (the same variables; cb
 * holds the text of the values otherwise, as for txa_context_vars);
 * txa_context_conn before each connection's rules, txa_context_free at the end. */
void txa_context_bind(tx_analysis *a, const txi_conn *c, txr_binding *b, txa_ctx_buf *cb);
void txa_context_conn(tx_analysis *a);
void txa_context_free(tx_analysis *a);
/* conns.c: count connection c (before its rules are evaluated: it may be a
 * fragment of the one before); a cause diagnosed on it; the end of the
 * connections; the verdict (top: its first cause, for a failure that no
 * connection showed). */
void txa_conn_begin(tx_analysis *a, const txi_conn *c);
/* conns.c: every line read, for the lines that announce a cause printed
 * apart ("nested exception is:", "internal cause is:", "with root cause"). */
void txa_conn_line(tx_analysis *a, uint64_t no, const char *text, size_t len);
void txa_conn_cause(tx_analysis *a, const char *category, int score);
void txa_conn_close(tx_analysis *a);
void txa_conn_verdict(tx_analysis *a, const txa_finding *top);
/* model.c: build the report model of a finished analysis (a->model). */
tx_status txa_model_build(tx_analysis *a);
void txa_model_free(txa_model *m);

#endif
