/*
 * vocab.h - the rulebook's vocabulary: its categories and profiles,
 * declared in YAML (`categories:` and `profiles:` of a rule file, the
 * shipped ones in rules/tls/categories.yaml and rules/tls/profiles.yaml),
 * never in C; and the names of the public CAs (`public_cas:`, the shipped
 * ones in rules/tls/public-cas.yaml) and of the inspection proxies' vendors
 * (`inspection_vendors:`, rules/tls/inspection-vendors.yaml).  decls.c reads them; the compiler (ruleset.c) collects
 * them, a later declaration with the same id replacing an earlier one, as
 * rules do; the ruleset owns them; the analysis, the model and compare read
 * them.  See docs/rules.md ("Categories", "Profiles").
 */
#ifndef TX_VOCAB_H
#define TX_VOCAB_H

#include "pattern.h"

/* A "what to capture next" step of a category: shown when the top cause
 * has this category (and, with unless_seen, when no connection kept for
 * the report has an event of that type).  A template over {host} and
 * {port} (unknown: <host>, <port>, with a note before the final full stop). */
typedef struct txr_capture_step {
    char *step;
    int unless_seen; /* txi_evtype, or -1 */
} txr_capture_step;

typedef struct txr_category {
    char *id, *title;
    char **support;  /* globs over compare's fact names that are evidence for it */
    unsigned nsupport;
    txr_capture_step *capture;
    unsigned ncapture;
    int pre_tls;     /* a failure before TLS (network): outranked by a TLS cause of another connection */
    char *file;
    unsigned line, col;
} txr_category;

/* A variable a profile sets: value replaces the finding's own, unless the
 * finding has one that keep matches. */
typedef struct txr_profile_var {
    char *name, *value;
    txr_pattern *keep; /* NULL: always replaced */
} txr_profile_var;

typedef struct txr_profile {
    char *id, *title;
    char **detect;     /* rule ids: the profile applies when one of them fires */
    unsigned ndetect;
    /* the install directory: variable home_var, taken from variable
     * home_from by the group `home` of home_re; home_placeholder in a
     * rendered text is replaced by it */
    char *home_var, *home_placeholder, *home_from;
    txr_pattern *home_re;
    txr_profile_var *vars;
    unsigned nvars;
    /* the first step of "What to capture next" when the log has no JSSE debug
     * output, in place of the generic one (NULL: the generic one) */
    char *capture;
    char *file;
    unsigned line, col;
} txr_profile;

/* A vendor whose appliances re-sign TLS with their own CA (an inspection
 * proxy): the substrings of an issuer DN that name it. */
typedef struct txr_inspector {
    char *vendor;
    char **match;
    unsigned nmatch;
} txr_inspector;

typedef struct txr_vocab {
    txr_category **cats;
    unsigned ncats;
    txr_profile **profs;
    unsigned nprofs;
    /* `public_cas:` the names of public CAs whose roots every JDK's cacerts
     * holds, substrings of issuer DNs, in declaration order (the first that
     * a DN contains names it: fact truststore_custom_public_ca) */
    char **public_cas;
    unsigned npublic_cas;
    /* `inspection_vendors:` in declaration order (the first whose match a
     * DN contains names it: fact inspection_ca) */
    txr_inspector **inspectors;
    unsigned ninspectors;
} txr_vocab;

void txr_category_free(txr_category *c);
void txr_profile_free(txr_profile *p);
/* Free the contents (not v itself); v is empty afterwards. */
void txr_vocab_clear(txr_vocab *v);
/* Add (taking ownership), replacing a declaration with the same id; 0 on
 * success, -1 out of memory (c / p freed). */
int txr_vocab_add_category(txr_vocab *v, txr_category *c);
int txr_vocab_add_profile(txr_vocab *v, txr_profile *p);
/* Add a public CA's name (taking ownership; a name already there is freed);
 * 0, or -1 out of memory (name freed). */
int txr_vocab_add_public_ca(txr_vocab *v, char *name);
/* Add an inspection vendor (taking ownership), replacing one of the same
 * vendor name in place; 0, or -1 out of memory (i freed). */
int txr_vocab_add_inspector(txr_vocab *v, txr_inspector *i);
void txr_inspector_free(txr_inspector *i);
/* Move every declaration of from into to (replacing by id); from is empty
 * afterwards.  0, or -1 out of memory. */
int txr_vocab_merge(txr_vocab *to, txr_vocab *from);
const txr_category *txr_vocab_category(const txr_vocab *v, const char *id);
const txr_profile *txr_vocab_profile(const txr_vocab *v, const char *id);

#endif
