/* ruleset.h - the compiler and the immutable ruleset (internal). */
#ifndef TX_RULESET_H
#define TX_RULESET_H

#include "tlsexplain.h"
#include "diag.h"
#include "rule.h"
#include "vocab.h"
#include "../parser/event.h"

struct txr_prefilter;

struct tx_compiler {
    txr_rule **rules;
    unsigned n, cap;
    unsigned nbuiltin;   /* of n, rules from the shipped rulebook (they count towards TX_MAX_RULES) */
    tx_diag_cb cb;
    void *ud;
    char *origin;        /* tx_compiler_set_origin: the label of the rules added next */
    int in_builtin;      /* inside tx_compiler_add_builtin: the label is "builtin" */
    txr_vocab voc;       /* the categories and profiles declared so far */
    int voc_loaded;      /* the shipped declarations are in voc (loaded before any file) */
    unsigned *ids;       /* open addressing on the hash of a rule's id: its index + 1 (0: empty);
                          * NULL: add_rule looks the id up by a walk of rules */
    unsigned idcap;      /* slots of ids (a power of two, at least twice n) */
};

struct tx_ruleset {
    txr_rule **rules;
    unsigned n;
    txr_linematch *lm;   /* every TXR_C_LINE condition */
    unsigned nlm;
    struct txr_prefilter *pf;
    unsigned ntests;                /* every field test of every condition */
    struct txr_litset *test_ls;     /* the literals of the tests of fields (NULL: none) */
    struct txr_litset *line_ls;     /* ... of the tests of whole lines (field: line; NULL: none);
                                     * both NULL: no per-connection literal scan, every test runs */
    unsigned nopf[2];               /* the literals left with no prefilter as a set could not be
                                     * built (prefilter.h: over the automaton's limit, out of memory),
                                     * 0: none - the line patterns' (pf), the tests' (test_ls or
                                     * line_ls: both dropped); `rules check` warns */
    struct txr_scancache *scache;   /* test_ls's scans of texts met again (prefilter.h; NULL: none) */
    struct txr_rxcache *rxcache;    /* regex results on texts met again (rxcache.h; NULL: none) */
    unsigned nfieldlits;            /* literal indices: test_ls's, then line_ls's from here */
    unsigned ntestlits;             /* ... up to here */
    unsigned *lit2test;             /* literal index -> test index */
    unsigned char *lit2k;           /* literal index -> its place k among its test's literals, mod 32
                                     * (the bit 1 << k of the test's presence mask, analysis.c) */
    unsigned char scan_src;         /* the per-connection literal scan (analysis.c) needs the events'
                                     * source lines: a test with literals looks at them (line_ls) */
    unsigned char scan_field[TXF__COUNT]; /* ... and the values of these fields */
    unsigned *need, *need_at;       /* rule i cannot fire unless the tests need[need_at[i] ..
                                     * need_at[i + 1]) have a literal present (txr_rule_needs) */
    uint64_t *free_bits;            /* the rules that need no test, a bit each ((n + 63) / 64 words) */
    unsigned nkeys;                 /* the tests that are some rule's first need: key_test[k] is the */
    unsigned *key_test, *key_at, *key_rule; /* first need of rules key_rule[key_at[k] .. key_at[k + 1])
                                     * (evaluate tries only those whose first need is present);
                                     * free_bits NULL: every rule is tried */
    uint64_t *ckey_bits;            /* of the rules that need no test, those with a clause: one of
                                     * its atoms - a test's literals, a line pattern's match event -
                                     * must be present (ruleset.c clause_of); a bit each (NULL: none) */
    unsigned nckeys;                /* the atoms of some clause: ckey_atom[k] (a test index, or ntests
                                     * + a line matcher's) is in the clauses of rules */
    unsigned *ckey_atom, *ckey_at, *ckey_rule; /* ckey_rule[ckey_at[k] .. ckey_at[k + 1]) (evaluate
                                     * tries them only when one of their atoms is present) */
    unsigned *lm_rep;               /* [line matcher] -> the first one with the same pattern text: one
                                     * search of a line serves both (analysis.c on_candidate) */
    unsigned *when_rep;             /* [rule] -> the first rule whose `when` is the same condition
                                     * (txr_cond_same): evaluated once per connection (evaluate) */
    unsigned char *when_shared;     /* [rule] -> another rule's when_rep is this rule */
    unsigned *adj_at;               /* [rule] -> its first `adjust` item in adj_rep (adj_at[n] ends) */
    unsigned *adj_rep;              /* [adjust item] -> the first item (of any rule) whose `when` is the
                                     * same condition: evaluated once per connection (evaluate_rule) */
    unsigned nadj;                  /* adjust items in all */
    unsigned nadj_shared;           /* ... that share their `when` with an earlier one */
    struct txr_jdk_facts *jdk;      /* the JDK release facts (jdkfacts.h; NULL if they failed to load) */
    txr_vocab voc;                  /* the categories and profiles (vocab.h) */
};

/* rulefile.c: parse and validate one rule file.  On success *out holds
 * *n new rules (caller owns them) and decl (if not NULL: empty on entry) the
 * categories and profiles the file declares (the caller owns them).  A rule's
 * category and profiles must be declared in known (the files loaded before;
 * NULL: none) or in the file itself.  Every error and warning is passed to
 * cb; on error nothing is returned (*out = NULL, decl emptied) and the first
 * error's status is returned. */
tx_status txr_load_yaml(const char *name, const char *text, size_t len, const txr_vocab *known, txr_rule ***out,
                        unsigned *n, txr_vocab *decl, tx_diag_cb cb, void *ud);
/* The same from the document the build parsed from that text (yamldoc.h;
 * NULL: parse it). */
struct txr_ydoc;
tx_status txr_load_yaml_doc(const char *name, const char *text, size_t len, const struct txr_ydoc *pre,
                            const txr_vocab *known, txr_rule ***out, unsigned *n, txr_vocab *decl, tx_diag_cb cb,
                            void *ud);

/* The shipped declarations (rules/tls/categories.yaml, profiles.yaml,
 * public-cas.yaml, inspection-vendors.yaml): loaded into every compiler
 * before its first file, with or without the shipped rules, so any rule
 * file may use the shipped categories and profiles (and the facts know the
 * public CAs and the inspection vendors). */
extern const char *const txr_vocab_files[];


#endif
