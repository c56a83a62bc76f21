/*
 * prefilter.h - find, cheaply, where a regex could match.
 *
 * Two uses, one mechanism (a multi-literal scanner: the "literal set"; each
 * literal is matched exactly, or ignoring ASCII case when its pattern is
 * case-insensitive):
 *
 *  - Line patterns.  Every line matcher has literals one of which any
 *    match must contain (declared or extracted, pattern.h).  The analysis
 *    streams every input chunk through the literal set once; a line is a
 *    candidate for a matcher only if one of its literals ended inside the
 *    line.  PCRE2 runs on candidate (matcher, line) pairs only.  Matchers
 *    without literals are candidates on every line (`rules check` warns).
 *
 *  - Field tests.  Before a connection's rules are evaluated, the text of
 *    all its fields is scanned once; a test whose literals do not occur
 *    anywhere in the connection fails without looking at a single event.
 *
 * A superset is always safe: overflowing match queues and unknown literals
 * degrade to "candidate", never to a missed match.  A literal is matched
 * case-exactly only when its pattern has no inline group turning `i` on
 * (txr_pattern_flags): then every match contains its exact bytes.  Implementations: Hyperscan/Vectorscan (streaming literal
 * database) when built with TX_HAVE_HYPERSCAN, else a built-in
 * Aho-Corasick automaton; `txr_prefilter_engine()` says which.
 */
#ifndef TX_PREFILTER_H
#define TX_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

#include "rule.h"

/* ---- literal sets --------------------------------------------------------- */

typedef struct txr_litset txr_litset;
typedef struct txr_litscan txr_litscan;

/* Scanning modes a literal set is built for (a mode not built must not be
 * scanned: with Hyperscan each mode is a database compiled at start-up). */
enum { TXR_LS_BLOCK = 1, TXR_LS_STREAM = 2 };
/* With the modes: compile, do not take a database from the build-time cache
 * (hscache.h; results are the same either way). */
enum { TXR_LS_NOCACHE = 4 };
/* n literals (bytes, any length >= 1); literal i is matched ignoring ASCII
 * case when icase[i] is non-zero, else exactly.  modes: TXR_LS_BLOCK and/or
 * TXR_LS_STREAM.  NULL on failure (out of memory or over the automaton
 * limit). */
txr_litset *txr_litset_new(const char *const *lits, const size_t *lens, const unsigned char *icase, unsigned n,
                           unsigned modes);
void txr_litset_free(txr_litset *ls);
/* Per-user scanning state (scratch, stream); not shareable. */
txr_litscan *txr_litscan_new(const txr_litset *ls);
void txr_litscan_free(txr_litscan *sc);

/* cb(ud, literal index, end offset): end offset is relative to the scan
 * start (block) or to the stream start (stream). */
typedef void (*txr_lit_cb)(void *ud, unsigned lit, uint64_t end);
/* One self-contained buffer (TXR_LS_BLOCK). */
void txr_litscan_block(txr_litscan *sc, const char *buf, size_t n, txr_lit_cb cb, void *ud);
/* The same for a cb that only marks which literals occur: a literal may be
 * reported once only (at its first end), however often it occurs. */
void txr_litscan_block_once(txr_litscan *sc, const char *buf, size_t n, txr_lit_cb cb, void *ud);
/* Every match of one buffer (TXR_LS_BLOCK) as the distinct literal it is:
 * cb's lit is u in 0 .. txr_litset_ndistinct(ls) - 1 (literals of the same
 * bytes and case are one: the rules share many), and
 * txr_litset_indices(ls, u, &n) its n literal indices, ascending (valid
 * while ls lives).  One call per match, not one per literal index. */
void txr_litscan_block_distinct(txr_litscan *sc, const char *buf, size_t n, txr_lit_cb cb, void *ud);
unsigned txr_litset_ndistinct(const txr_litset *ls);
const unsigned *txr_litset_indices(const txr_litset *ls, unsigned u, unsigned *n);
/* A cache of txr_litscan_block_once's reports for texts met again: the
 * texts an input is lent (a keytool listing) and the facts each of its
 * connections copies from log-wide events (a truststore's error) are the
 * same bytes scanned once per input and per connection.  Keyed by the exact
 * bytes (and the literal set): a hit replays the reports the scan of those
 * bytes made, so the answer is the scan's.  Bounded (TXR_SCANCACHE_*);
 * shared by the threads of -j (locked). */
typedef struct txr_scancache txr_scancache;
txr_scancache *txr_scancache_new(void);
void txr_scancache_free(txr_scancache *c);
/* The literal indices txr_litscan_block_once(sc, buf, n, ...) reports (*nrep
 * of them, valid while c lives) when buf was met before (kept, or met a
 * second time: scanned alone and kept); NULL when not (met for the first
 * time, no room, c NULL): the caller scans it. */
const unsigned *txr_scancache_reports(txr_scancache *c, txr_litscan *sc, const char *buf, size_t n, unsigned *nrep);
/* The next bytes of a stream (TXR_LS_STREAM; matches may span calls). */
void txr_litscan_stream(txr_litscan *sc, const char *buf, size_t n, txr_lit_cb cb, void *ud);
/* Start the stream again at offset 0, forgetting what it has seen. */
void txr_litscan_restart(txr_litscan *sc);

const char *txr_prefilter_engine(void);

/* The build-time cache (hscache.h, tools/hscache_gen.c): the modes of ls
 * that were deserialised from it; the key of ls (NULL without Hyperscan);
 * a built mode's database serialised into *bytes (malloc'd: free()), 0 when
 * there is none. */
unsigned txr_litset_cached(const txr_litset *ls);
const unsigned char *txr_litset_key(const txr_litset *ls, size_t *len);
int txr_litset_serialize(const txr_litset *ls, unsigned mode, char **bytes, size_t *len);

/* ---- line prefilter --------------------------------------------------------- */

typedef struct txr_prefilter txr_prefilter;
typedef struct txr_pfscan txr_pfscan;

/* lsflags: 0 or TXR_LS_NOCACHE. */
txr_prefilter *txr_prefilter_new(const txr_linematch *lm, unsigned n, unsigned lsflags);
void txr_prefilter_free(txr_prefilter *pf);
txr_pfscan *txr_pfscan_new(const txr_prefilter *pf);
void txr_pfscan_free(txr_pfscan *s);
/* Every matcher becomes a candidate on every line (tests compare results). */
void txr_prefilter_disable(txr_pfscan *s, int off);
/* Its literal set (NULL: none, every matcher runs on every line). */
const txr_litset *txr_prefilter_litset(const txr_prefilter *pf);

/* Scan the next input chunk, before its lines are handled. */
void txr_prefilter_feed(txr_pfscan *s, const char *buf, size_t len);
typedef void (*txr_pf_cb)(void *ud, unsigned matcher);
/* The line occupying stream bytes [start, end): call cb once per candidate
 * matcher.  Lines must be reported in order; lines never reported (hex
 * dumps) simply lose their candidates.  escaped: the line's text is read
 * with escapes undone (a JSON record, a web page's references), so every
 * matcher with a literal those escapes spell otherwise is a candidate too. */
/* escaped TXR_PF_REWRITTEN: the line's text was rewritten beyond escapes
 * (widened blanks narrowed), so every matcher is a candidate. */
#define TXR_PF_REWRITTEN 2
void txr_prefilter_line(txr_pfscan *s, uint64_t start, uint64_t end, int escaped, txr_pf_cb cb, void *ud);
/* After txr_prefilter_line, for a line whose text is not the stream's bytes
 * (joined from a paste's broken lines: a literal may span a break): also the
 * matchers with a literal in the text itself, each once per line. */
void txr_prefilter_text(txr_pfscan *s, const char *text, size_t n, txr_pf_cb cb, void *ud);

#endif
