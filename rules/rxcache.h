/*
 * rxcache.h - regex results on texts met again (the run's cache).
 *
 * The keytool listings a tool output lends to every input of a run, and the
 * facts each connection copies from log-wide events, are the same bytes in
 * every input or connection: the same rule patterns are run on them again
 * and again.  The cache keeps a search's result by pattern and subject
 * bytes, its named captures by offset into the subject.  It is shared by
 * the analyses of a run (and their -j threads: a lock), and bounded
 * (parser/limits.h TXR_RXCACHE_*): a slot per hash, the entry in it
 * replaced by a newer one, and slots emptied in turn (a clock hand) once
 * the kept bytes would pass their bound.
 *
 * What is kept is decided by the caller (eval.c txr_budget_match_kept): only
 * searches that completed, were measured fast and were not stopped by a
 * PCRE2 limit, so the regex budget and its time backstop see every search
 * that costs anything.
 */
#ifndef TX_RXCACHE_H
#define TX_RXCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "../parser/limits.h"
#include "pattern.h"

typedef struct txr_rxcache txr_rxcache;

/* NULL when out of memory; free accepts NULL. */
txr_rxcache *txr_rxcache_new(void);
void txr_rxcache_free(txr_rxcache *c);

/* Not in the cache (txr_rxcache_get). */
#define TXR_RXMISS (-2)

/* Can (s, n) be kept at all?  (Its length; a caller hashes only those.) */
static inline int txr_rxcache_fits(size_t n) { return n >= TXR_RXCACHE_MIN && n <= TXR_RXCACHE_TEXT; }

/* The result of pattern re on (s, n), whose txi_text_hash is h: TXR_MATCH
 * (up to maxcap <= TXR_RXCACHE_CAPS captures in caps, pointing into s, their
 * count in *ncap), TXR_NOMATCH, or TXR_RXMISS. */
int txr_rxcache_get(txr_rxcache *c, const txr_pattern *re, const char *s, size_t n, uint64_t h, txr_capture *caps,
                    unsigned maxcap, unsigned *ncap);

/* Keep result r (TXR_MATCH or TXR_NOMATCH) of re on (s, n) with its ncap
 * captures (pointing into s; those of a search given TXR_RXCACHE_CAPS
 * places).  Out of memory: not kept. */
void txr_rxcache_put(txr_rxcache *c, const txr_pattern *re, const char *s, size_t n, uint64_t h, int r,
                     const txr_capture *caps, unsigned ncap);

/* Entries and bytes kept (tests). */
void txr_rxcache_usage(txr_rxcache *c, unsigned *entries, size_t *bytes);

#endif
