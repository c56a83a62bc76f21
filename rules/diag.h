/*
 * diag.h - diagnostics of rule files (diag.c): the source text and its
 * positions, the callback, the error budget.  Used by the YAML wrapper
 * (yaml_load.c, the one user of <yaml.h>), the rule-file readers
 * (rulefile.c, conditions.c, decls.c) and the ruleset (ruleset.c).
 */
#ifndef TX_DIAG_H
#define TX_DIAG_H

#include <stddef.h>

#include "../parser/limits.h"
#include "tlsexplain.h"

/* At most TX_MAX_RULE_ERRORS (parser/limits.h) errors are reported per file. */

typedef struct txr_src {
    const char *name;
    const char *text;       /* after a UTF-8 BOM */
    size_t len;
    tx_diag_cb cb;
    void *ud;
    tx_status first;        /* first error */
    unsigned nerr;          /* errors so far */
    int stop;               /* too many errors, or out of memory */
    const char *rule_id;    /* the rule being read (NULL: none) */
    size_t cl_line, cl_off; /* line-start cache: line cl_line starts at cl_off */
} txr_src;

/* Length of the line break at i (0 if none): the breaks libyaml counts. */
size_t txr_src_brk(const char *t, size_t i, size_t len);
/* Byte offset of the start of 0-based line l (len if past the end), and of
 * the end of the line starting at start. */
size_t txr_src_line_start(txr_src *s, size_t l);
size_t txr_src_line_end(const txr_src *s, size_t start);
/* Byte offset in the line [s, e) of 0-based character column col; 1-based
 * character column of byte p of the line starting at s; 1-based line and
 * column of byte offset off. */
size_t txr_src_col_to_off(const txr_src *src, size_t s, size_t e, size_t col);
unsigned txr_src_off_to_col(const txr_src *src, size_t s, size_t p);
void txr_src_off_to_pos(txr_src *src, size_t off, unsigned *line, unsigned *col);
/* Copy at most n bytes of s into buf (size bn) for a terminal: control
 * characters and invalid UTF-8 become '?', cut at a character boundary
 * with "..." after max characters (0: no limit but the buffer). */
void txr_src_sanitize(char *buf, size_t bn, const char *s, size_t n, size_t max);
/* An error (warning 0: counts towards TX_MAX_RULE_ERRORS, sets first) or a
 * warning at 1-based line:col, with the source line for the caret and an
 * optional help line, to the callback. */
void txr_src_diag(txr_src *s, tx_status code, int warning, unsigned line, unsigned col, const char *help,
                  const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* Out of memory: an error, and the file stops being read. */
void txr_src_oom(txr_src *s);
/* The closest candidate within distance 2 (and closer than the word's own
 * length), or NULL; and "did you mean 'x'?" for it, else "expected one of:
 * a, b, ..." (cut to fit) in help. */
const char *txr_suggest(const char *s, size_t n, const char *const *cands);
void txr_hint(char *help, size_t hn, const char *s, size_t n, const char *const *cands);

/* Report a diagnostic through cb (printf-style message). */
void txr_diag(tx_diag_cb cb, void *ud, tx_status code, int warning, const char *file, unsigned line,
              unsigned col, const char *rule_id, const char *fmt, ...) __attribute__((format(printf, 9, 10)));

#endif
