/*
 * html.h - the self-contained HTML report (report/html.c): the page, its
 * escaping, the handshake ladder as SVG, the certificate chains as a
 * tree, the findings with their evidence.  The explain report is a
 * <section> per input (tx_analysis_write, TX_FORMAT_HTML) between
 * tx_html_begin and tx_html_end; compare (compare/compare.c) draws its two
 * ladders with the same pieces.
 *
 * Every log-derived string goes through txo_html_str: masked with the
 * redactor first (--redact), then escaped (& < > " '), invalid UTF-8 and
 * control bytes replaced.  The page allows no script and no fetch (its
 * Content-Security-Policy), so a string that escaped escaping could still
 * not run.
 */
#ifndef TX_REPORT_HTML_H
#define TX_REPORT_HTML_H

#include <stdint.h>
#include <stdio.h>

#include "../analysis/model.h"
#include "../analysis/redact.h"

typedef struct txo_html {
    FILE *f;
    txa_redactor *r;   /* mask log-derived strings with this (NULL: as they are) */
    const char *fid;   /* the anchor prefix of the input's lines ("f1a2b3c4d"): id fid-L<line> */
    const char *file;  /* the input's name as shown */
    const struct txo_lines *lines; /* the log lines the analysis kept (txo_lines_new) */
} txo_html;

/* The log lines a model kept: the lines of its events and its evidence,
 * sorted, hex dumps left out.  NULL when out of memory. */
struct txo_lines *txo_lines_new(const txa_model *a);
void txo_lines_free(struct txo_lines *l);
/* Write the explain section of one model (tx_analysis_write). */
void txo_write_html(const txa_model *a, FILE *f);

/* s escaped for text and attribute values (n bytes). */
void txo_html_esc(FILE *f, const char *s, size_t n);
/* A log-derived string: masked with h->r, then escaped. */
void txo_html_str(const txo_html *h, const char *s);

/* The page: doctype, head (inline CSS, light and dark), <body><main>. */
void txo_html_begin(FILE *f, const char *title);
void txo_html_end(FILE *f);
/* A section's id: "f", 8 hex digits of the name's hash, "-" and the input's
 * index in the page (TX_OPT_HTML_INDEX: unique even for equal names). */
void txo_html_file_id(const char *name, unsigned index, char buf[24]);

/* One step of a ladder. */
enum { TXO_R_MSG, TXO_R_ALERT, TXO_R_EXC, TXO_R_NOTE, TXO_R_GAP };
enum { TXO_M_NONE, TXO_M_FAIL, TXO_M_CHANGED, TXO_M_ONLY, TXO_M_DIVERGE };
typedef struct txo_rung {
    uint8_t kind;     /* TXO_R_* */
    uint8_t from, to; /* 1 client, 2 server (messages and alerts); notes: from = the side */
    uint8_t mark;     /* TXO_M_* */
    unsigned repeat;  /* equal consecutive messages folded (1: none) */
    uint64_t line;    /* 0: none */
    char clock[16];   /* the log's time of day, "HH:MM:SS[.mmm]" ("": none; txo_rung_clock) */
    char label[200];  /* raw (masked and escaped when drawn) */
    char detail[200];
} txo_rung;

/* Set r->clock from the event's time, with the milliseconds its line shows. */
void txo_rung_clock(txo_rung *r, const txi_event *e);
/* The rungs of one connection (sorted by line; certificates folded into
 * their message, the first fatal alert or exception marked).  malloc'd;
 * *n rungs.  NULL when out of memory or none. */
txo_rung *txo_conn_rungs(const txi_conn *c, size_t *n);
/* The ladder as an inline SVG figure; each rung links to #fid-L<line>. */
/* id: unique in the page (the SVG's title). */
void txo_html_ladder(const txo_html *h, const char *id, const char *caption, const txo_rung *v, size_t n);
/* The certificate chains of a connection as a tree. */
void txo_html_chains(const txo_html *h, const txa_model *a, const txi_conn *c);
/* One evidence line: a link to its log line and, in a <details>, the log's
 * lines around it (a->context), or, when those were not read, a note saying
 * so over the lines the analysis kept. */
void txo_html_evidence(const txo_html *h, const txa_model *a, uint64_t line, const char *text);
/* "file:line", a link to the line when the report shows it. */
void txo_html_line_link(const txo_html *h, uint64_t no);
/* The log lines the report cites, each with its anchor. */
void txo_html_log_lines(const txo_html *h, const txa_model *a);
/* A finding: title, category, confidence, explanation, evidence, steps.
 * raw: take the raw strings (masked by h->r) rather than the model's;
 * supported: compare's "supported by" list (NULL: none). */
void txo_html_finding(const txo_html *h, const txa_model *a, const txa_mfinding *fd, int raw, const char *supported);

#endif
