/* report.h - helpers shared by the explain, timeline and compare writers. */
#ifndef TX_REPORT_H
#define TX_REPORT_H

#include <stdio.h>

#include "../rules/analysis.h"

static inline int kind_rank_of(txr_kind k) { return k == TXR_KIND_CAUSE ? 0 : k == TXR_KIND_RISK ? 1 : 2; }

const char *txo_verdict_name(tx_verdict v);
/* The SARIF results of one analysis, comma-separated (sarif.c). */
void txo_write_sarif(const tx_analysis *a, FILE *f);
/* Word-wrap s: the first line continues at column `at`, later lines are
 * indented by `indent`; `code spans` are never broken. */
void txo_wrap(FILE *f, const char *s, int at, int indent, int width);
/* An evidence line for text output, SSLLogger header shortened, wrapped. */
void txo_evidence_text(FILE *f, const char *t, int cut, int indent, int width);
/* Limits hit while reading, as sentences; returns how many. */
int txo_limit_notes(const tx_analysis *a, char notes[][160], int max);
/* What to capture next when the evidence is thin; returns how many. */
int txo_next_steps(const tx_analysis *a, char steps[][TX_MAX_NEXT_STEP], int max);
/* "findings":[...] of an analysis, as in the explain JSON. */
void txo_json_findings(FILE *f, const tx_analysis *a);

/* Run write(a, fmt, ctx, out) and, when redaction is on for a (or b),
 * pass its output through a redactor that learned both analyses. */
typedef tx_status (*txo_writer)(const tx_analysis *a, const tx_analysis *b, tx_format fmt, FILE *out);
tx_status txo_write_redacted(const tx_analysis *a, const tx_analysis *b, tx_format fmt, FILE *out, txo_writer w);

#endif
