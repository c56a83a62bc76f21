/* report.h - helpers shared by the explain, timeline and compare writers.
 * They read the report model (analysis/model.h) and the events. */
#ifndef TX_REPORT_H
#define TX_REPORT_H

#include <stdio.h>

#include "../analysis/model.h"
#include "../analysis/redact.h"

const char *txw_verdict_name(tx_verdict v);
/* "2 connections, 0 completed, 2 failed (1 after its handshake completed)" in buf. */
void txw_conn_counts(char *buf, size_t n, const txa_model *a);
/* The summary's line for failure group i when it holds more than one
 * connection ("the same failure 37 times, first at line X, last at line Y:
 * TEXT (fingerprint F)"), else "" (false). */
int txw_group_line(char *buf, size_t n, const txa_model *a, unsigned i);
/* The SARIF results of one analysis, comma-separated (sarif.c). */
void txw_write_sarif(const txa_model *a, FILE *f);
/* "findings":[...] of a model, as in the explain JSON; r: the redactor of a
 * two-log report (the raw strings masked with it), NULL: as the model shows them. */
void txw_json_findings(FILE *f, const txa_model *a, txa_redactor *r);

/* Run w(a, b, r, fmt, out) and, when redaction is on for a (or b), with r a
 * redactor that learned both logs and the output passed through it: one
 * numbering of the names for two logs.  r is NULL without redaction. */
typedef tx_status (*txw_writer)(const txa_model *a, const txa_model *b, txa_redactor *r, tx_format fmt, FILE *out);
tx_status txw_write_redacted(const txa_model *a, const txa_model *b, tx_format fmt, FILE *out, txw_writer w);

#endif
