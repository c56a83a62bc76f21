/*
 * evidence.h - several inputs, one analysis each, sharing tool evidence.
 *
 * `tlsexplain debug.log keytool.txt`: an input that is pure tool output
 * (keytool -list -v, openssl, curl -v; found by reading its first 64 KiB)
 * lends its truststore listing to the analysis of every other input, so
 * that the log's chain is checked against the store the user listed.
 * Every input still gets its own report; several debug logs alone behave
 * as before (one report per file, nothing shared).
 *
 * Every input is read once: a regular file is sniffed, rewound and read
 * again by name later; a pipe, FIFO or process substitution is held open
 * with the bytes the sniff read (at most 64 KiB each), and its analysis
 * replays them before it reads on (txc_context_held).  Compressed inputs
 * are sniffed and held as their decompressed text (decompress.h); zi says
 * whether the held stream's data was corrupt.
 *
 * The sniff of a regular file also found the layout of its first bytes (a
 * paste broken at a fixed width, or not): the input's own analysis takes it
 * instead of looking again (txc_context_layout).
 *
 * Threads (-j): the context is loaded before the workers start; then the
 * analysis of input i (in whichever worker) calls txc_context_held/done/layout
 * for its own i only, and txc_context_apply/settle only read the lent analyses.
 */
#ifndef TX_CLI_EVIDENCE_H
#define TX_CLI_EVIDENCE_H

#include <stdio.h>

#include "decompress.h"
#include "tlsexplain.h"

typedef struct txc_context txc_context;

/* Read the inputs that are tool output (never "-").  NULL when fewer than
 * two inputs, or none is tool output with a listing to lend, none is held
 * and no layout was found.  Notes on err which files lend what. */
txc_context *txc_context_load(const char *const *files, int nfiles, const tx_options *opt, FILE *err);
/* Input i was read by the sniff and cannot be opened again: feed buf[n]
 * first, then read the rest from the stream returned (owned by ctx; call
 * txc_context_done after); *zi (valid until then) tells a decompression
 * error.  NULL: open the input by name. */
FILE *txc_context_held(const txc_context *ctx, int i, const char **buf, size_t *n, const txc_zinfo **zi);
void txc_context_done(txc_context *ctx, int i);
/* Input i is a regular file the sniff read from its start: the layout of
 * its first bytes it found (TX_STAT_LAYOUT), for TX_OPT_LAYOUT of the
 * input's own analysis when that reads the same bytes (0: none). */
long long txc_context_layout(const txc_context *ctx, int i);
/* Lend every kept listing but path's own to a (before its first feed). */
void txc_context_apply(const txc_context *ctx, tx_analysis *a, const char *path);
/* After the last feed, before tx_analysis_finish: lend again what the
 * log's own log-wide events replaced. */
void txc_context_settle(const txc_context *ctx, tx_analysis *a, const char *path);
void txc_context_free(txc_context *ctx);

#endif
