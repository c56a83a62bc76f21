/*
 * logctx.h - the log lines around each evidence line, for the HTML report.
 *
 * The findings are known only at the end of a log, so the lines around
 * their evidence are read in a second pass: after tx_analysis_finish the
 * caller feeds the same text again (tx_analysis_feed_context, then a call
 * with len 0 for its end).  Only the lines within TX_HTML_CONTEXT_LINES of
 * an evidence line are kept, each cut to TX_HTML_CONTEXT_BYTES; a hex-dump
 * row is kept as a number only (the parser's test, txi_hex_row, and the
 * same shape behind any blank or bar: it may hold decrypted application
 * data, which no report shows).  With
 * --redact the names in the lines are taught to the model's redactor; the
 * writers mask the text when they show it.
 */
#ifndef TX_ANALYSIS_LOGCTX_H
#define TX_ANALYSIS_LOGCTX_H

#include <stddef.h>
#include <stdint.h>

typedef struct txa_ctxline {
    uint64_t no;
    char *text; /* raw; NULL: a hex-dump row, not kept */
    int cut;    /* cut to TX_HTML_CONTEXT_BYTES */
} txa_ctxline;

typedef enum {
    TXA_CTX_NONE = 0, /* not read again (a caller that did not feed it) */
    TXA_CTX_READING,  /* being fed */
    TXA_CTX_OK,       /* read: the lines are there */
    TXA_CTX_CHANGED,  /* the text read again was not the text analysed (its length differs) */
    TXA_CTX_NOMEM     /* out of memory while reading */
} txa_ctx_state;

typedef struct txa_logctx txa_logctx;

/* The state of a model's context (NULL: TXA_CTX_NONE). */
txa_ctx_state txa_logctx_state(const txa_logctx *x);
/* Line no of the log when it was kept (TXA_CTX_OK only), else NULL.  *past
 * (optional) is set when no is beyond the log's last line. */
const txa_ctxline *txa_logctx_line(const txa_logctx *x, uint64_t no, int *past);
/* Every kept line, in order (for the redactor). */
const txa_ctxline *txa_logctx_lines(const txa_logctx *x, size_t *n);
void txa_logctx_free(txa_logctx *x);

#endif
