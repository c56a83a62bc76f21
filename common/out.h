/*
 * out.h - writing helpers shared by every output format.
 *
 * JSON strings are always valid UTF-8: bytes of invalid sequences become
 * U+FFFD, control bytes are escaped.  Text helpers replace control bytes
 * so that a log line with escape sequences cannot drive the terminal.
 */
#ifndef TX_OUT_H
#define TX_OUT_H

#include <stddef.h>
#include <stdio.h>

/* "..." with escapes; n bytes of s. */
void txo_json_str(FILE *f, const char *s, size_t n);
#define txo_json_cstr(f, s) txo_json_str((f), (s), strlen(s))
/* Text: printable ASCII and valid UTF-8 copied, other bytes as '?'. */
void txo_text(FILE *f, const char *s, size_t n);
/* Markdown inline code: backticks chosen so the content cannot close it. */
void txo_md_code(FILE *f, const char *s, size_t n);
/* Markdown text: escapes the characters that would start markup. */
void txo_md_text(FILE *f, const char *s, size_t n);
/* Length of a valid UTF-8 sequence at s (1-4), or 0 if invalid. */
size_t txo_utf8_len(const unsigned char *s, size_t n);

/* ---- text.c: the one place text is wrapped ---- */

/* Word-wrap s: the first line continues at column `at`, later lines are
 * indented by `indent`, at most width columns; `code spans` are never broken. */
void txo_wrap(FILE *f, const char *s, int at, int indent, int width);
/* An evidence line for text output: an SSLLogger header shortened, then
 * hard-wrapped (at most 8 rows), indented by indent. */
void txo_evidence_text(FILE *f, const char *t, int cut, int indent, int width);
/* Columns of s[0..n). */
size_t txo_width(const char *s, size_t n);
/* Write s (sanitised) in at most w columns, "..." marking a cut; pad
 * with spaces to w when pad.  Returns the columns written. */
int txo_put(FILE *f, const char *s, int w, int pad);
/* Bytes of s[0..n) to put on one line of at most w columns, breaking
 * after a space, ',' or '/' when one is near the end (w >= 1). */
size_t txo_wrap_take(const char *s, size_t n, int w);

/* ANSI colours for text output (used only when colour is on). */
#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_YELLOW "\033[33m"
#define C_BOLD "\033[1m"
#define C_DIM "\033[2m"
#define C_OFF "\033[0m"

#endif
