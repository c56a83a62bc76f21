/* frame.h - container/device log prefixes and JSON log records (frame.c). */
#ifndef TX_FRAME_H
#define TX_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "strparse.h"

#include "limits.h" /* TXI_MAX_FRAMES, TXI_MAX_ESC_SEQ */

/* What a frame needs to remember from line to line: the number of the last
 * line-number gutter seen ("12 | ", "12: ") and its separator. */
typedef struct {
    uint64_t gutter;
    char gutter_sep;
} txi_frame_state;

/* The bytes of container/device prefixes and of a paste's marks (quoting,
 * line numbers) at the start of s (0 if none); *level gets the level a frame
 * states ("ERROR", "WARN" ...) or NULL. */
size_t txi_frame_prefix(txi_frame_state *st, const char *s, size_t n, const char **level);

/* A copy of s in out (room for n bytes) with a web page's marks undone:
 * HTML character references (&lt; &gt; &amp; &quot; &apos; &nbsp; &#NN;
 * &#xHH;) decoded and no-break spaces (U+00A0) made spaces.  Returns the
 * length of the copy, or 0 when s has none of them (out is then unused). */
size_t txi_frame_unescape(const char *s, size_t n, char *out);
/* What one pass over a line finds: TXI_MARK_PASTE when it holds a byte that
 * starts a web page's mark ('&', 0xc2, 0xe2; without one txi_frame_unescape
 * returns 0), and
 * TXI_MARK_ROW when it holds "0: " (a hex row's offset ends in 0 and is
 * followed by ": ": without it txi_has_hexdump_row() finds no row). */
#define TXI_MARK_PASTE 1u
#define TXI_MARK_ROW 2u
unsigned txi_line_marks(const char *s, size_t n);

/* s with the blanks between its words narrowed to one, in out (room for n
 * bytes; out may be s; NULL: the length only), when every gap between words
 * is two or more blanks (a renderer's widened spacing; at least min_wide such
 * gaps, indentation kept).  Returns the copy's length, or 0 when s is not
 * spaced so. */
size_t txi_frame_narrow(const char *s, size_t n, unsigned min_wide, char *out);

/* Is s one JSON object on one line ('{"key":...}')? */
int txi_json_record(const char *s, size_t n);

/* The next string value of a text-carrying key (message, log, stack_trace ...) from *cur, decoded into out, which has
 * room for (end - *cur) bytes; *cur advances past it.  0 when none is left. */
int txi_json_next(const char **cur, const char *end, char *out, size_t *outn);

#endif
