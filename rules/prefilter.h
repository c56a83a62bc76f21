/*
 * prefilter.h - find the lines a line pattern could match, cheaply.
 *
 * Every line matcher carries a literal its pattern requires (declared or
 * extracted, see pattern.h).  The prefilter looks for all literals at once
 * (case-insensitively: a superset is always safe) and reports the matchers
 * whose literal occurs; only those run their regex.  Matchers without a
 * literal are candidates on every line (`rules check` warns about them).
 */
#ifndef TX_PREFILTER_H
#define TX_PREFILTER_H

#include <stddef.h>

#include "rule.h"

typedef struct txr_prefilter txr_prefilter;
typedef struct txr_pfscan txr_pfscan;

txr_prefilter *txr_prefilter_new(const txr_linematch *lm, unsigned n);
void txr_prefilter_free(txr_prefilter *pf);
/* Which implementation was built in ("hyperscan" or "aho-corasick"). */
const char *txr_prefilter_engine(void);

/* Per-analysis scratch (not shareable). */
txr_pfscan *txr_pfscan_new(const txr_prefilter *pf);
void txr_pfscan_free(txr_pfscan *s);

typedef void (*txr_pf_cb)(void *ud, unsigned matcher);
/* Call cb once for each matcher that is a candidate for this line. */
void txr_prefilter_line(const txr_prefilter *pf, txr_pfscan *s, const char *line, size_t n, txr_pf_cb cb,
                        void *ud);
/* Force every matcher to be a candidate on every line (tests compare). */
void txr_prefilter_disable(txr_pfscan *s, int off);

#endif
