/*
 * html.h - the self-contained HTML report (report/html.c): the page, its
 * escaping, the handshake ladder as SVG, the certificate chains as a
 * tree, the findings with their evidence.  The explain report is a
 * <section> per input (tx_analysis_write, TX_FORMAT_HTML) between
 * tx_html_begin and tx_html_end; compare (compare/compare.c) draws its two
 * ladders with the same pieces.
 *
 * Every log-derived string goes through txw_html_str: masked with the
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

typedef struct txw_html {
    FILE *f;
    txa_redactor *r;   /* mask log-derived strings with this (NULL: as they are) */
    const char *fid;   /* the anchor prefix of the input's lines ("f1a2b3c4d"): id fid-L<line> */
    const char *file;  /* the input's name as shown */
    const struct txw_lines *lines; /* the log lines the analysis kept (txw_lines_new) */
} txw_html;

/* The log lines a model kept: the lines of its events and its evidence,
 * sorted, hex dumps left out.  NULL when out of memory. */
struct txw_lines *txw_lines_new(const txa_model *a);
void txw_lines_free(struct txw_lines *l);
/* Write the explain section of one model (tx_analysis_write). */
void txw_write_html(const txa_model *a, FILE *f);

/* s escaped for text and attribute values (n bytes). */
void txw_html_esc(FILE *f, const char *s, size_t n);
/* A log-derived string: masked with h->r, then escaped. */
void txw_html_str(const txw_html *h, const char *s);

/* The page: doctype, head (inline CSS, light and dark), <body><main>. */
void txw_html_begin(FILE *f, const char *title);
void txw_html_end(FILE *f);
/* A section's id: "f", 8 hex digits of the name's hash, "-" and the input's
 * index in the page (TX_OPT_HTML_INDEX: unique even for equal names). */
void txw_html_file_id(const char *name, unsigned index, char buf[24]);

/* One step of a ladder. */
enum { TXW_R_MSG, TXW_R_ALERT, TXW_R_EXC, TXW_R_NOTE, TXW_R_GAP };
enum { TXW_M_NONE, TXW_M_FAIL, TXW_M_CHANGED, TXW_M_ONLY, TXW_M_DIVERGE };
typedef struct txw_rung {
    uint8_t kind;     /* TXW_R_* */
    uint8_t from, to; /* 1 client, 2 server (messages and alerts); notes: from = the side */
    uint8_t mark;     /* TXW_M_* */
    unsigned repeat;  /* equal consecutive messages folded (1: none) */
    uint64_t line;    /* 0: none */
    char clock[16];   /* the log's time of day, "HH:MM:SS[.mmm]" ("": none; txw_rung_clock) */
    char label[200];  /* raw (masked and escaped when drawn) */
    char detail[200];
} txw_rung;

/* Set r->clock from the event's time, with the milliseconds its line shows. */
void txw_rung_clock(txw_rung *r, const txi_event *e);
/* The rungs of one connection (sorted by line; certificates folded into
 * their message, the first fatal alert or exception marked).  malloc'd;
 * *n rungs.  NULL when out of memory or none. */
txw_rung *txw_conn_rungs(const txi_conn *c, size_t *n);
/* The ladder as an inline SVG figure; each rung links to #fid-L<line>. */
/* id: unique in the page (the SVG's title). */
void txw_html_ladder(const txw_html *h, const char *id, const char *caption, const txw_rung *v, size_t n);
/* The certificate chains of a connection as a tree. */
void txw_html_chains(const txw_html *h, const txa_model *a, const txi_conn *c);
/* One evidence line: a link to its log line and, in a <details>, the log's
 * lines around it (a->context), or, when those were not read, a note saying
 * so over the lines the analysis kept. */
void txw_html_evidence(const txw_html *h, const txa_model *a, uint64_t line, const char *text);
/* "file:line", a link to the line when the report shows it. */
void txw_html_line_link(const txw_html *h, uint64_t no);
/* The log lines the report cites, each with its anchor. */
void txw_html_log_lines(const txw_html *h, const txa_model *a);
/* A finding: title, category, confidence, explanation, evidence, steps.
 * raw: take the raw strings (masked by h->r) rather than the model's;
 * supported: compare's "supported by" list (NULL: none). */
void txw_html_finding(const txw_html *h, const txa_model *a, const txa_mfinding *fd, int raw, const char *supported);

#endif
