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
 *   tx_analysis  feed bytes ... finish       (events: a callback while fed)
 *        |  tx_analysis_finish builds the report model once
 *   results      read as data (tx_analysis_finding, tx_finding_evidence ...)
 *                or written as text, JSON, Markdown or SARIF (tx_analysis_write)
 *
 * Ownership: every tx_X_new has a tx_X_free that accepts NULL.  Strings
 * and objects returned by accessors are borrowed and valid until the
 * object they came from is freed.
 *
 * Threads: a tx_ruleset is immutable once finished and may be used by any
 * number of analyses at once, in any number of threads.  A tx_compiler and
 * a tx_analysis belong to one thread at a time; different analyses may run
 * in different threads.  There is no global or thread-local state: each
 * analysis owns its PCRE2 match data, its prefilter scanner and its report
 * model.  Callbacks run in the thread that called the function that
 * triggered them.
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
 * (multi-literal prefilter)" (--version).  TX_ELIMIT when it was cut to n-1
 * bytes, TX_EINVAL for no buffer. */
TX_API tx_status tx_build_info(char *buf, size_t n);

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
TX_API tx_status tx_compiler_set_callback(tx_compiler *c, tx_diag_cb cb, void *ud);
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

/* TX_FORMAT_HTML: the self-contained HTML report (explain: a <section> per
 * analysis between tx_html_begin and tx_html_end; compare: a whole page). */
typedef enum {
    TX_FORMAT_TEXT = 0,
    TX_FORMAT_JSON = 1,
    TX_FORMAT_MARKDOWN = 2,
    TX_FORMAT_SARIF = 3,
    TX_FORMAT_HTML = 4
} tx_format;

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

/* name is the file name shown in evidence ("-" for stdin).  opt may be
 * NULL (the defaults: every member 0).  tx_options is frozen as it is:
 * options added later are set with tx_analysis_set_int / _set_str only. */
TX_API tx_status tx_analysis_new(const tx_ruleset *rs, const tx_options *opt, const char *name,
                                 tx_analysis **out);

/* Options by number, so that the set grows without changing a struct.
 * Append-only.  Those that change what is read (all but COLOR and WIDTH)
 * must be set before the first feed: TX_EINVAL afterwards, and for an
 * unknown option or a value of the wrong kind. */
typedef enum {
    TX_OPT_PROFILE = 1,   /* str: NULL or "ia" */
    TX_OPT_HOST = 2,      /* str: the host the user names (--host) */
    TX_OPT_REDACT = 3,    /* int: mask host names, addresses and subjects */
    TX_OPT_COLOR = 4,     /* int: ANSI colour in text output */
    TX_OPT_WIDTH = 5,     /* int: wrap text output at this many columns (0 = 80) */
    TX_OPT_NOW = 6,       /* int: "now" (Unix seconds) for logs without a timestamp */
    TX_OPT_PREFILTER = 7, /* int: 1 (default) the literal prefilter selects the lines
                           * each pattern runs on; 0 every pattern runs on every line
                           * (same findings, slower: for testing the prefilter) */
    TX_OPT_HTML_INDEX = 8, /* int: the input's row in tx_html_summary (0 the first;
                            * default 0): its HTML section's ids hold it, so that
                            * every section of a page has ids of its own, even for
                            * inputs of the same name.  A writers' option: any time */
    TX_OPT_TOOL_SNIFF = 9, /* int: 1 stops reading at the first line of a log (JDK,
                            * IBM, legacy or application dialect): the analysis
                            * then only tells that it is not tool evidence
                            * (tx_analysis_is_tool_evidence), without reading the
                            * rest.  tx_analysis_finish then evaluates nothing and
                            * builds no report (tx_analysis_write: TX_EINVAL); tool
                            * output read whole can still lend its listings.
                            * Stopped at a log's line, without an event
                            * callback, it does not even end the lines and
                            * blocks read before (their events are no one's).
                            * Default 0 */
    TX_OPT_LAYOUT = 10,    /* int: the layout of the input's first bytes (a paste
                            * broken at a fixed width, or not) as another analysis
                            * of the same input found it (TX_STAT_LAYOUT), to be
                            * taken instead of looking again.  The caller vouches
                            * that both are fed the same bytes from the start
                            * (a regular file read again); it is taken only when
                            * the first pieces fed are as long (or both over
                            * 64 KiB), else looked for again.  Default 0: none */
} tx_option;
TX_API tx_status tx_analysis_set_int(tx_analysis *a, tx_option opt, long long value);
/* The string is copied. */
TX_API tx_status tx_analysis_set_str(tx_analysis *a, tx_option opt, const char *value);
TX_API void tx_analysis_free(tx_analysis *a);
/* Push any number of bytes; lines may span calls. */
TX_API tx_status tx_analysis_feed(tx_analysis *a, const char *buf, size_t len);
/* End of input: evaluate and build the report. */
TX_API tx_status tx_analysis_finish(tx_analysis *a);
/* The HTML report's log context (optional): after tx_analysis_finish, push
 * the same text again (any number of calls, then one with len 0 for its
 * end).  The HTML report then shows a few log lines before and after each
 * evidence line, hex-dump rows left out (they may hold decrypted data), with
 * --redact applied.  Without it, or when the text pushed again differs in
 * length from the text analysed, the report says the context is not
 * available.  TX_EINVAL before finish. */
TX_API tx_status tx_analysis_feed_context(tx_analysis *a, const char *buf, size_t len);
/* ---- events ------------------------------------------------------------ */

/* One event the parser made of the log: a handshake message, an alert, a
 * certificate, an exception ... (docs/events-v1.schema.json lists the
 * types and fields).  Borrowed: valid only during the callback that
 * receives it. */
typedef struct tx_event tx_event;
/* Called for every event as it is parsed, in log order, then once with
 * e == NULL when the events end (at tx_analysis_finish, or at
 * tx_analysis_free if the analysis was not finished). */
typedef void (*tx_event_cb)(const tx_event *e, void *ud);
/* Set the event callback (NULL: none).  Call before the first feed;
 * TX_EINVAL afterwards. */
TX_API tx_status tx_analysis_set_event_callback(tx_analysis *a, tx_event_cb cb, void *ud);
/* The event's type ("handshake", "alert" ...), its tag in the event dump
 * ("=MSG"), the 1-based line it was read from (0: none), its connection
 * (0: log-wide). */
TX_API const char *tx_event_type(const tx_event *e);
TX_API const char *tx_event_tag(const tx_event *e);
TX_API unsigned long long tx_event_line(const tx_event *e);
TX_API unsigned tx_event_conn(const tx_event *e);
/* Fields in the order they were read; a list field (san, ciphers ...)
 * repeats its name.  tx_event_field: TX_EINVAL when i is out of range;
 * name and value are borrowed, value is NUL-terminated and *len bytes long. */
TX_API unsigned tx_event_field_count(const tx_event *e);
TX_API tx_status tx_event_field(const tx_event *e, unsigned i, const char **name, const char **value,
                                size_t *len);
/* The first value of a field by name, or NULL. */
TX_API const char *tx_event_get(const tx_event *e, const char *name);
/* Stream every event to out as it is parsed (the `events` command): one
 * line of text (f TX_FORMAT_TEXT) or one JSON object (TX_FORMAT_JSON) per
 * event; with the redact option, the dump is held until the whole log is
 * read and written masked.  Uses the event callback: call before the first
 * feed. */
TX_API tx_status tx_analysis_dump_events(tx_analysis *a, tx_format f, FILE *out);
/* Bytes consumed so far (for progress). */
TX_API unsigned long long tx_analysis_bytes(const tx_analysis *a);

/* ---- evidence from another input ----------------------------------------
 * `tlsexplain debug.log keytool.txt`: a keytool listing is pure tool output,
 * so its truststore and keystore listings are lent to the analysis of the
 * other inputs, where facts compare the log's chain with them.  Their lines
 * are not cited in the borrower's report. */

/* 1 when the analysis (finished, or fed a first part) is pure tool output:
 * lines read only by the keytool, openssl and curl dialects. */
TX_API int tx_analysis_is_tool_evidence(const tx_analysis *a);
/* The keytool listings a can lend. */
TX_API unsigned tx_analysis_context_listings(const tx_analysis *a);
/* Copy the listings of from into to, which must not have been fed yet;
 * *lent (may be NULL) says how many.  TX_EINVAL when to was fed. */
TX_API tx_status tx_analysis_lend_context(tx_analysis *to, const tx_analysis *from, unsigned *lent);
/* After the last feed, before tx_analysis_finish: lend again the listings
 * a new epoch of to dropped (a JVM that loads its truststore after its
 * first connection began). */
TX_API tx_status tx_analysis_lend_context_again(tx_analysis *to, const tx_analysis *from, unsigned *lent);

/* ---- results as data ----------------------------------------------------
 * All of a finished analysis (NULL / 0 before tx_analysis_finish).  With
 * the redact option, strings are masked as the reports print them.
 * Borrowed: valid until tx_analysis_free. */

/* Verdict of a finished analysis. */
typedef enum { TX_VERDICT_SUCCESS = 0, TX_VERDICT_FAILURE = 1, TX_VERDICT_UNKNOWN = 2 } tx_verdict;
TX_API tx_verdict tx_analysis_verdict(const tx_analysis *a);
/* Category of the top-ranked finding, or NULL. */
TX_API const char *tx_analysis_top_category(const tx_analysis *a);

typedef enum { TX_KIND_CAUSE = 0, TX_KIND_RISK = 1, TX_KIND_NOTE = 2 } tx_kind;

/* Counts about the read.  Append-only. */
typedef enum {
    TX_STAT_LINES = 1,       /* lines read */
    TX_STAT_BYTES = 2,       /* bytes read */
    TX_STAT_CONNECTIONS = 3, /* connections seen (the fragments of one failure count once) */
    TX_STAT_COMPLETED = 4,   /* ... whose handshake completed and that did not fail */
    TX_STAT_FAILED = 5,      /* ... that failed (a fatal alert, an error, a cause found on it);
                              * never counted completed too */
    TX_STAT_KEPT = 6,        /* ... kept whole (events visited by tx_analysis_each_event) */
    TX_STAT_AFTER_COMPLETED = 7, /* failed ones whose handshake had completed before */
    TX_STAT_FAILURES = 8,    /* distinct failures (fingerprints) among the failed ones; past 16,
                              * each further failed connection counts as one */
    TX_STAT_LAYOUT = 9,      /* the layout of the first bytes, for TX_OPT_LAYOUT: a number,
                              * 0 before the first feed; any time, also for the
                              * tool-output sniff (TX_OPT_TOOL_SNIFF) */
} tx_stat;
TX_API unsigned long long tx_analysis_stat(const tx_analysis *a, tx_stat which);

/* One finding: a rule that fired, with what proves it and how to fix it. */
typedef struct tx_finding tx_finding;
/* The findings as the reports list them: causes, then risks, then notes,
 * each by confidence, then rule id; those explained away by another are
 * left out (tx_finding_explains lists them under the one that explains). */
TX_API unsigned tx_analysis_finding_count(const tx_analysis *a);
TX_API const tx_finding *tx_analysis_finding(const tx_analysis *a, unsigned i); /* NULL out of range */
TX_API const char *tx_finding_id(const tx_finding *f);       /* the rule id */
TX_API const char *tx_finding_category(const tx_finding *f); /* "expired" ... */
TX_API const char *tx_finding_title(const tx_finding *f);
TX_API tx_kind tx_finding_kind(const tx_finding *f);
TX_API int tx_finding_confidence(const tx_finding *f);       /* 0..100 */
TX_API unsigned tx_finding_connections(const tx_finding *f); /* connections it fired on */
/* The explanation rendered with the log's values (NULL: none). */
TX_API const char *tx_finding_explanation(const tx_finding *f);
/* The remediation steps, rendered (under the profile). */
TX_API unsigned tx_finding_step_count(const tx_finding *f);
TX_API const char *tx_finding_step(const tx_finding *f, unsigned i);
/* The evidence: the log lines that prove it (1-based line numbers), the
 * text as read (cut: 1 when the line was cut at the evidence limit).
 * TX_EINVAL when i is out of range; out-params may be NULL. */
TX_API unsigned tx_finding_evidence_count(const tx_finding *f);
TX_API tx_status tx_finding_evidence(const tx_finding *f, unsigned i, unsigned long long *line, const char **text,
                                     int *cut);
/* The variables the templates were rendered with (host, port, truststore ...). */
TX_API unsigned tx_finding_var_count(const tx_finding *f);
TX_API tx_status tx_finding_var(const tx_finding *f, unsigned i, const char **name, const char **value);
TX_API const char *tx_finding_var_get(const tx_finding *f, const char *name); /* NULL: unset */
/* The findings this one explains away (as rule ids). */
TX_API unsigned tx_finding_explains_count(const tx_finding *f);
TX_API const char *tx_finding_explains(const tx_finding *f, unsigned i);
/* What to capture next when the evidence is thin, and the limits hit while
 * reading, as sentences. */
TX_API unsigned tx_analysis_next_step_count(const tx_analysis *a);
TX_API const char *tx_analysis_next_step(const tx_analysis *a, unsigned i);
TX_API unsigned tx_analysis_note_count(const tx_analysis *a);
TX_API const char *tx_analysis_note(const tx_analysis *a, unsigned i);
/* Visit the events of a finished analysis: the log-wide events, then those
 * of each connection kept whole (TX_STAT_KEPT), in completion order.  The
 * callback is not called with NULL at the end.  The facts the rules were
 * evaluated on are events of type "fact" (fields name, value; see
 * docs/rules.md).  With the redact option the events are not masked. */
TX_API tx_status tx_analysis_each_event(const tx_analysis *a, tx_event_cb cb, void *ud);
/* The facts alone: cb(conn, name, value, ud) for every fact event. */
typedef void (*tx_fact_cb)(unsigned conn, const char *name, const char *value, void *ud);
TX_API tx_status tx_analysis_each_fact(const tx_analysis *a, tx_fact_cb cb, void *ud);

/* 1 when a reported finding (any kind, not explained away by another) has
 * this category (NULL: any) and at least min_confidence (--fail-on). */
TX_API int tx_analysis_has_finding(const tx_analysis *a, const char *category, int min_confidence);
/* 1 when a rule of the set has this category. */
TX_API int tx_ruleset_has_category(const tx_ruleset *rs, const char *category);
/* 1 when the set declares this profile (the shipped rules/tls/profiles.yaml,
 * or a rule file's `profiles:`): a valid tx_options.profile. */
TX_API int tx_ruleset_has_profile(const tx_ruleset *rs, const char *profile);

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
/* s (n bytes) as a JSON string, quotes included, as every JSON the library
 * writes has it: valid UTF-8 always (a byte of an invalid sequence becomes
 * U+FFFD), control bytes escaped.  For callers that write JSON around the
 * library's (the notifications of a SARIF log). */
TX_API tx_status tx_write_json_string(FILE *out, const char *s, size_t n);
/* s word-wrapped as the text report wraps its prose: the first word goes at
 * column at (the caller has written that much of the line), the lines after
 * it start with indent spaces, no line goes past width columns unless one
 * word is longer; `code spans` are never broken; control bytes and invalid
 * UTF-8 are written as '?'.  No newline after the last word.  For callers
 * that lay out text beside the library's (the CLI's --help). */
TX_API tx_status tx_write_wrapped(FILE *out, const char *s, int at, int indent, int width);
/* HTML: one page that opens offline (inline CSS and SVG, no script, nothing
 * fetched).  tx_html_begin writes the head and the title (escaped);
 * tx_html_summary a table of the inputs (name as shown, verdict "success",
 * "failure", "unknown" or "error", top category or NULL), name i a link to
 * the section of the analysis whose TX_OPT_HTML_INDEX is i; then
 * tx_analysis_write(a, TX_FORMAT_HTML, out) for each analysis, then
 * tx_html_end. */
TX_API tx_status tx_html_begin(FILE *out, const char *title);
TX_API tx_status tx_html_summary(FILE *out, unsigned n, const char *const *names, const char *const *verdicts,
                                 const char *const *categories);
TX_API tx_status tx_html_end(FILE *out);
/* s (n bytes) escaped for HTML text and attribute values, as the page
 * escapes log text: & < > " ' as references, a tab as a space, a control
 * byte or a byte of an invalid UTF-8 sequence as U+FFFD.  For callers that
 * write HTML around the library's (`tlsexplain scan`'s facts). */
TX_API tx_status tx_html_write_text(FILE *out, const char *s, size_t n);
/* Output of the caller's own beside the report, masked as the report is
 * (`tlsexplain scan --redact`: the scan's facts).  With the redact option,
 * before tx_analysis_finish, teach the analysis names the log does not
 * hold: a host, an IP address, a subject (a DN), a URL, or the names found
 * in a free text (TX_REDACT_TEXT: DNs, URLs, host:port, dotted host names).
 * They are numbered first (host-1 ...), then the log's.  TX_EINVAL without
 * the redact option, after finish, or for an unknown kind; s need not be
 * NUL-terminated (n bytes).  Append-only. */
typedef enum {
    TX_REDACT_HOST = 1,
    TX_REDACT_IP = 2,
    TX_REDACT_SUBJECT = 3,
    TX_REDACT_URL = 4,
    TX_REDACT_TEXT = 5,
} tx_redact_kind;
TX_API tx_status tx_analysis_redact_learn(tx_analysis *a, tx_redact_kind kind, const char *s, size_t n);
/* Write buf (n bytes) to out with every name the finished analysis masks
 * replaced as its report replaces it (any IPv4 address too); without the
 * redact option, buf as it is.  TX_EINVAL before tx_analysis_finish.  It
 * numbers an address met first here: not concurrently on one analysis. */
TX_API tx_status tx_analysis_write_redacted(const tx_analysis *a, const char *buf, size_t n, FILE *out);
/* Write the connection ladders of a finished analysis. */
TX_API tx_status tx_analysis_write_timeline(const tx_analysis *a, tx_format f, FILE *out);

/* Compare a known-good and a failing analysis (both finished). */
TX_API tx_status tx_compare_write(const tx_analysis *good, const tx_analysis *bad, tx_format f,
                                  FILE *out);

#ifdef __cplusplus
}
#endif
#endif
