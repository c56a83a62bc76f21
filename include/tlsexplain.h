/*
 * tlsexplain.h - the public API of libtlsexplain.
 *
 * tlsexplain reads what a Java program printed around a TLS failure (JSSE
 * debug output in any dialect, application logs, stack traces) and
 * explains it: ranked findings, each with the log lines that prove it and
 * the steps that fix it.
 *
 * Lifecycle (after YARA and PCRE2):
 *
 *   tx_compiler  (mutable)   add rule files / the built-in rulebook
 *        |  tx_compiler_finish
 *   tx_ruleset   (immutable) shareable between threads, read-only
 *        |  tx_analysis_new            one per log (not thread-safe)
 *   tx_analysis  feed bytes ... finish
 *        |  tx_analysis_write
 *   report       written as text, JSON or Markdown
 *
 * Ownership: every tx_X_new has a tx_X_free that accepts NULL.  Strings
 * and objects returned by accessors are borrowed and valid until the
 * object they came from is freed.  A tx_ruleset may be used by several
 * analyses at once, in several threads; everything else belongs to one
 * thread at a time.
 *
 * Errors: fallible calls return tx_status (TX_OK == 0).  Details go to an
 * optional tx_diag and, while compiling rules, to the diagnostic callback
 * for every error and warning.
 */
#ifndef TLSEXPLAIN_H
#define TLSEXPLAIN_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define TX_API __attribute__((visibility("default")))
#else
#define TX_API
#endif

#define TX_VERSION "0.1.0"

/* Status codes.  Append-only: a retired code keeps its number. */
typedef enum {
    TX_OK = 0,
    TX_ENOMEM = 1,   /* out of memory */
    TX_EIO = 2,      /* a file could not be opened or read */
    TX_ESYNTAX = 3,  /* a rule file is not valid YAML */
    TX_ESCHEMA = 4,  /* a rule file has an unknown key, a wrong type, a missing field */
    TX_EPATTERN = 5, /* a rule pattern does not compile */
    TX_ESAMPLE = 6,  /* a rule's samples do not behave as declared */
    TX_ELIMIT = 7,   /* a hard limit was hit */
    TX_EINVAL = 8,   /* an invalid argument */
    TX_EDUP = 9,     /* a rule id defined twice in one file */
} tx_status;

/* Static text for a status ("out of memory"). */
TX_API const char *tx_strerror(tx_status s);
/* What the library was built with: "PCRE2 10.42 (JIT), libyaml 0.2.5, Hyperscan
 * (multi-literal prefilter)" (--version). */
TX_API void tx_build_info(char *buf, size_t n);

/* One diagnostic: an error or warning with its place. */
typedef struct tx_diag {
    tx_status code;
    int warning;          /* 1 for a warning, 0 for an error */
    const char *file;     /* borrowed; NULL when not about a file */
    unsigned line, col;   /* 1-based; 0 when unknown */
    const char *rule_id;  /* borrowed; NULL when not about one rule */
    char msg[512];
    char source[256];     /* the offending source line, when known */
    char help[256];       /* an optional hint ("did you mean 'pattern'?") */
} tx_diag;

typedef void (*tx_diag_cb)(const tx_diag *d, void *ud);

typedef struct tx_compiler tx_compiler;
typedef struct tx_ruleset tx_ruleset;
typedef struct tx_analysis tx_analysis;

/* ---- rules ---------------------------------------------------------- */

TX_API tx_status tx_compiler_new(tx_compiler **out);
TX_API void tx_compiler_free(tx_compiler *c);
/* Called for every error and warning while rules load (optional). */
TX_API void tx_compiler_set_callback(tx_compiler *c, tx_diag_cb cb, void *ud);
/* Label the rules of the files added from now on with where they came from
 * ("config", "rules"; copied; NULL: no label); `rules list` shows it.  The
 * rules of tx_compiler_add_builtin are always "builtin". */
TX_API tx_status tx_compiler_set_origin(tx_compiler *c, const char *origin);
/* The rulebook compiled into the library. */
TX_API tx_status tx_compiler_add_builtin(tx_compiler *c);
/* A rule file, or every *.yaml / *.yml file of a directory (sorted).  A rule
 * with the id of one already added replaces it.  On error nothing of that
 * file is kept. */
TX_API tx_status tx_compiler_add_path(tx_compiler *c, const char *path);
/* Rules from memory; name is used in diagnostics. */
TX_API tx_status tx_compiler_add_string(tx_compiler *c, const char *name, const char *text, size_t len);
/* Freeze the rules.  The compiler may be freed afterwards. */
TX_API tx_status tx_compiler_finish(tx_compiler *c, tx_ruleset **out);
TX_API void tx_ruleset_free(tx_ruleset *rs);
/* Check every rule's samples; reports each failure through the callback.
 * Returns TX_OK or TX_ESAMPLE. */
TX_API tx_status tx_ruleset_check(const tx_ruleset *rs, tx_diag_cb cb, void *ud);

typedef enum { TX_FORMAT_TEXT = 0, TX_FORMAT_JSON = 1, TX_FORMAT_MARKDOWN = 2, TX_FORMAT_SARIF = 3 } tx_format;

/* The rulebook as a table (text), JSON Lines or Markdown (docs/diagnoses.md). */
TX_API tx_status tx_ruleset_write(const tx_ruleset *rs, tx_format f, FILE *out);
TX_API size_t tx_ruleset_count(const tx_ruleset *rs);

/* ---- analysis ----------------------------------------------------------- */

typedef struct tx_options {
    const char *profile;  /* NULL or "ia" (xMatters integration agent) */
    const char *host;     /* a host the user names (--host), checked against SANs */
    int redact;           /* mask host names, addresses and subjects in output */
    int color;            /* ANSI colour in text output */
    int width;            /* wrap text output at this many columns (0 = 80) */
    long long now;        /* "now" for logs without any timestamp; 0 = unknown */
} tx_options;

/* name is the file name shown in evidence ("-" for stdin). */
TX_API tx_status tx_analysis_new(const tx_ruleset *rs, const tx_options *opt, const char *name,
                                 tx_analysis **out);
TX_API void tx_analysis_free(tx_analysis *a);
/* Push any number of bytes; lines may span calls. */
TX_API tx_status tx_analysis_feed(tx_analysis *a, const char *buf, size_t len);
/* End of input: evaluate and build the report. */
TX_API tx_status tx_analysis_finish(tx_analysis *a);
/* Stream every event to out as it is parsed (the `events` command).
 * Call before the first feed. */
TX_API void tx_analysis_dump_events(tx_analysis *a, tx_format f, FILE *out);
/* Bytes consumed so far (for progress). */
TX_API unsigned long long tx_analysis_bytes(const tx_analysis *a);

/* Verdict of a finished analysis. */
typedef enum { TX_VERDICT_SUCCESS = 0, TX_VERDICT_FAILURE = 1, TX_VERDICT_UNKNOWN = 2 } tx_verdict;
TX_API tx_verdict tx_analysis_verdict(const tx_analysis *a);
/* Category of the top-ranked finding, or NULL. */
TX_API const char *tx_analysis_top_category(const tx_analysis *a);

/* 1 when a reported finding (any kind, not explained away by another) has
 * this category (NULL: any) and at least min_confidence (--fail-on). */
TX_API int tx_analysis_has_finding(const tx_analysis *a, const char *category, int min_confidence);
/* 1 when a rule of the set has this category. */
TX_API int tx_ruleset_has_category(const tx_ruleset *rs, const char *category);

/* Write the explain report of a finished analysis.  TX_FORMAT_SARIF writes
 * only its SARIF result objects, comma-separated (nothing when it has no
 * finding), for the "results" array between tx_sarif_begin and tx_sarif_end. */
TX_API tx_status tx_analysis_write(const tx_analysis *a, tx_format f, FILE *out);
/* The input's name as the reports print it: masked with --redact when it
 * holds a host the log names ("client-host-1.log").  malloc'd; free(). */
TX_API char *tx_analysis_display_name(const tx_analysis *a);
/* SARIF 2.1.0: one log, one run, the rules of rs as the tool's rules; then
 * "results": [ ... the analyses' results ... ], then an invocation that says
 * whether every input was read (the messages of those that were not). */
TX_API tx_status tx_sarif_begin(const tx_ruleset *rs, FILE *out);
TX_API tx_status tx_sarif_end(FILE *out, int exit_code, const char *const *errors, unsigned nerrors);
/* Write the connection ladders of a finished analysis. */
TX_API tx_status tx_analysis_write_timeline(const tx_analysis *a, tx_format f, FILE *out);

/* Compare a known-good and a failing analysis (both finished). */
TX_API tx_status tx_compare_write(const tx_analysis *good, const tx_analysis *bad, tx_format f,
                                  FILE *out);

#ifdef __cplusplus
}
#endif
#endif
