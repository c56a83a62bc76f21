/* scan.h - `tlsexplain scan`: a server check run inside the application's own JRE. */
#ifndef TX_CLI_SCAN_H
#define TX_CLI_SCAN_H

#include <stddef.h>
#include <stdio.h>

#include "capture_args.h"
#include "tlsexplain.h"

typedef struct txc_scan_opts {
    const char *servername; /* --servername: the SNI name (default: the host, when a name) */
    const char *save;       /* --save: keep the probe's raw output in this new file */
    int suites;             /* --suites: enumerate the accepted cipher suites per version */
    int revocation;         /* --revocation: validate with revocation checking on too (OCSP, CRL) */
} txc_scan_opts;

/* A finished scan: the probe's output and the facts read from it. */
typedef struct txc_scan txc_scan;

/* Run the scan probe (cli/probe/TlsScan.java) in the JRE of o->java
 * against target (HOST:PORT, [V6]:PORT or https://host[:port]/) with the
 * capture options o (java, truststore, storepass-file, timeout) and so.
 * EXIT_OK with *out (free with txc_scan_free), or an exit code of
 * exitcodes.h after a message on err. */
int txc_scan_run(const txc_capture_opts *o, const txc_scan_opts *so, const char *target, FILE *err, txc_scan **out);

/* Parse saved probe output (what --save wrote): EXIT_OK with *out, or
 * EXIT_INTERNAL when out of memory. */
int txc_scan_parse(const char *raw, size_t len, txc_scan **out);

/* Feed the application's view (every line that is not a "scan: " fact,
 * which is fed as an empty line: line numbers stay those of --save) to a. */
void txc_scan_feed(const txc_scan *s, tx_analysis *a);

/* The same for a saved scan read in chunks (explain, compare): zero it,
 * feed every chunk, then end it. */
typedef struct txc_scan_filter {
    int state;      /* 0 at a line's start, 1 in a fact line, 2 in another line */
    size_t m, held; /* prefix bytes matched, and of them held from earlier chunks */
} txc_scan_filter;
void txc_scan_filter_feed(txc_scan_filter *f, tx_analysis *a, const char *buf, size_t n);
void txc_scan_filter_end(txc_scan_filter *f, tx_analysis *a);

/* The first bytes of an input are a saved scan's (the probe's first line, after the
 * launcher's "Picked up JAVA_TOOL_OPTIONS" notices if any). */
int txc_scan_is_saved(const char *buf, size_t n);
/* When the probe ran ("scan: n time T", Unix seconds) as said in buf's n bytes (the first
 * chunk of a saved scan holds it: the probe prints it third), or in s; 0 when not said.  The
 * application's view is judged at that time (TX_OPT_NOW): it has no timestamps of its own. */
long long txc_scan_time(const char *buf, size_t n);
long long txc_scan_when(const txc_scan *s);

/* The scan's report in format f, then a's (the ranked causes).  JSON: one
 * object {"scan": {...}, "report": {...}} (docs/scan-v1.schema.json). */
tx_status txc_scan_write(const txc_scan *s, const tx_analysis *a, tx_format f, FILE *out);

/* A saved scan at path (what --save wrote): EXIT_OK with *out, or with *out
 * NULL when the file is not one (or cannot be read: the caller says so);
 * EXIT_INTERNAL when out of memory. */
int txc_scan_load(const char *path, txc_scan **out);

/* Two scans' facts side by side (text or Markdown; compare writes it before
 * the application views' comparison; HTML: a <section> for compare's page):
 * every fact whose value differs or that one of them lacks, arrays of
 * scalars as one value, at most 300 rows; na and nb name them. */
tx_status txc_scan_diff_write(const txc_scan *a, const txc_scan *b, const char *na, const char *nb, tx_format f,
                              FILE *out);
/* The same for compare's JSON: {"good": {...A's facts...}, "bad": {...B's...}, "differences":
 * [{"fact", "good", "bad"}...] (at most 300, null: absent), "more_differences": N}, the value of
 * compare-v1's "scans" (docs/compare-v1.schema.json). */
tx_status txc_scan_diff_json(const txc_scan *a, const txc_scan *b, FILE *out);

/* --redact, on the public API: txc_scan_learn teaches a (made with the
 * redact option, not yet finished) the scan's hosts, SNI names, subjects,
 * SANs, URLs and the names in its texts (tx_analysis_redact_learn);
 * txc_scan_write_redacted writes txc_scan_write's output through the
 * finished a's names (tx_analysis_write_redacted), so a name gets the same
 * mask in the facts and the report. */
tx_status txc_scan_learn(const txc_scan *s, tx_analysis *a);
tx_status txc_scan_write_redacted(const txc_scan *s, const tx_analysis *a, tx_format f, FILE *out);

/* A name for the analysis: "scan of HOST:PORT". */
const char *txc_scan_name(const txc_scan *s);

void txc_scan_free(txc_scan *s);

#endif
