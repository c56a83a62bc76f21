/*
 * rule.h - the compiled form of a rule (what rulefile.c builds and
 * cond.c / analysis.c evaluate).  See docs/rules.md for the language.
 *
 * A rule file:
 *
 *   version: 1
 *   rules:
 *     - id: pkix-untrusted-ca
 *       title: The server's certificate chain ends at a CA the client does not trust
 *       category: untrusted-cert
 *       kind: cause                 # cause (default) | risk | note | fallback
 *       confidence: 70              # 0..100
 *       supersedes: [generic-certificate-unknown]
 *       when:                       # the full form (or `pattern:` for one line regex)
 *         all:
 *           - event: exception
 *             field: message
 *             pattern: 'PKIX path building failed'
 *           - not: { fact: chain_incomplete }
 *       adjust:
 *         - { when: { event: trusted }, by: -40 }
 *       explain: "Java could not build a path from {subject} to a trusted CA."
 *       steps: ["...", "..."]
 *       profiles: { ia: { steps: ["..."] } }
 *       references: ["https://..."]
 *       samples: { match: ["..."], nomatch: ["..."] }
 *
 * Conditions (txr_cond):
 *   event: TYPE [where: {field: regex | {ge: N, ...}, ...}] [field: F] [pattern: regex] [after: COND]
 *   fact: NAME  [where: {...}] [after: COND]     -- an event of type fact
 *   line: regex                                  -- a raw log line of the connection
 * `pattern:` always tests a log line (the event's source line) unless
 * `field:` names a field of the event (docs/rules.md).
 *   all: [COND...]   any: [COND...]   not: COND
 * Every condition is evaluated within one connection (plus the log-wide
 * events: truststore, keystore, config).  `after` requires the matched
 * event to come after an event matching the inner condition.
 */
#ifndef TX_RULE_H
#define TX_RULE_H

#include <stddef.h>
#include <stdint.h>

#include "../parser/limits.h"
#include "pattern.h"

typedef enum { TXR_C_EVENT, TXR_C_LINE, TXR_C_ALL, TXR_C_ANY, TXR_C_NOT } txr_ckind;
typedef enum { TXR_KIND_CAUSE, TXR_KIND_RISK, TXR_KIND_NOTE } txr_kind;

/* Field pseudo-ids beside txi_fid. */
#define TXR_FIELD_ANY (-1)  /* any field of the event */
#define TXR_FIELD_LINE (-2) /* the event's source line text */

typedef struct txr_test {
    int field;        /* txi_fid, TXR_FIELD_ANY or TXR_FIELD_LINE */
    txr_pattern *re;  /* unanchored PCRE2; NULL for a numeric test */
    unsigned char numeric; /* {ge: N, le: N, ...}: the value is a decimal integer in [lo, hi] */
    long long lo, hi;
    char (*lits)[32];     /* nlits literals, every match contains one (set by tx_compiler_finish;
                             malloc'd with litlen, freed with the condition) */
    unsigned char *litlen; /* (in lits' block, after them) */
    unsigned char nlits; /* 0: no usable literals, always run the regex; at most TX_MAX_TEST_LITERALS */
    unsigned char icase; /* compare the literals ignoring ASCII case */
    /* icase: the literals' first and second bytes (folded) as bit sets, the
     * shortest literal's length, and whether one is empty (for may_match:
     * worked out once, not per value) */
    uint64_t lfirst[4], lsecond[4];
    unsigned char lshortest, lempty;
    unsigned tid;        /* index among the ruleset's tests (for the per-connection prefilter) */
} txr_test;

typedef struct txr_cond {
    txr_ckind kind;
    int evtype;             /* TXR_C_EVENT: txi_evtype, -1 = any type */
    txr_test *tests;        /* TXR_C_EVENT: all must hold on one event */
    unsigned ntests;
    struct txr_cond *after; /* TXR_C_EVENT: optional predecessor */
    txr_pattern *line;      /* TXR_C_LINE */
    unsigned line_id;       /* TXR_C_LINE: index among the ruleset's line matchers */
    struct txr_cond **kids; /* ALL/ANY: n kids; NOT: one kid */
    unsigned nkids;
    unsigned srcline, srccol;
} txr_cond;

typedef struct txr_adjust {
    txr_cond *when;
    int by;         /* added to the confidence when `when` holds */
    char *category; /* or NULL: the finding's category when `when` holds (the last such item wins) */
    char **fired;   /* instead of `when`: rule ids; holds when one of them fired anywhere in the
                       log (on any connection): applied after the whole log was read */
    unsigned nfired;
} txr_adjust;

typedef struct txr_profile_steps {
    char *profile; /* "ia" */
    char **steps;
    unsigned nsteps;
    char *explain; /* the explanation under the profile (NULL: the rule's own) */
} txr_profile_steps;

typedef struct txr_rule {
    char *id, *title, *category;
    txr_kind kind;
    unsigned char fallback;  /* `kind: fallback`: a cause reported only when no other cause fired */
    int confidence;
    char **supersedes;
    unsigned nsupersedes;
    txr_cond *when;          /* always set: the simple `pattern:` form becomes a TXR_C_LINE */
    char *literal;           /* declared `literal:` (prefilter hint), or NULL */
    char *explain;           /* template */
    char **steps;
    unsigned nsteps;
    txr_profile_steps *profiles;
    unsigned nprofiles;
    char **refs;
    unsigned nrefs;
    char **match_samples, **nomatch_samples;
    unsigned nmatch, nnomatch;
    txr_adjust *adjust;
    unsigned nadjust;
    char *file;              /* where the rule was defined */
    unsigned line, col;
    char *origin;            /* how its file came: "builtin", or the label of tx_compiler_set_origin (NULL: none) */
} txr_rule;

/* A line matcher: one TXR_C_LINE condition, shared by the prefilter. */
typedef struct txr_linematch {
    const txr_pattern *re;
    char lits[TX_MAX_PATTERN_LITERALS][32]; /* every match contains one (nlits = 0: runs on every line) */
    unsigned nlits;
    unsigned char icase; /* match the literals ignoring ASCII case (the pattern turns `i` on) */
    unsigned char starts; /* its match may depend on where the text starts (^, \A, \G, \b, \B,
                             a lookbehind): a line's tail can match where the whole line does not */
    unsigned rule;      /* index of the rule it belongs to */
} txr_linematch;

void txr_cond_free(txr_cond *c);
void txr_rule_free(txr_rule *r);

#endif
