/*
 * context.h - evidence lent from one input to the analysis of another.
 *
 * `tlsexplain debug.log keytool.txt`: the keytool listing is pure tool
 * output, so its truststore listing is lent to the analysis of debug.log
 * (and of every other input) before that analysis reads its first byte.
 * There it is one more log-wide truststore event, marked with the file it
 * came from (field `file`); facts compare the log's chain with it
 * (listed_truststore_lacks_issuer ...).  Its lines are not cited: they
 * belong to another file, and every input still gets its own report.
 */
#ifndef TX_CONTEXT_H
#define TX_CONTEXT_H

#include "tlsexplain.h"

/* Is this analysis (finished, or fed a first part) pure tool output: lines
 * read only by the keytool, openssl and curl dialects? */
int txa_is_tool_evidence(const tx_analysis *a);

/* Copy the keytool listings (log-wide truststore / keystore events of
 * dialect keytool) of `from` into `to`, which must not have been fed yet.
 * Returns the number of listings lent. */
unsigned txa_lend_context(tx_analysis *to, const tx_analysis *from);

/* After the last feed, before tx_analysis_finish: lend again the listings
 * of `from` that a new epoch of `to` dropped (a log whose JVM loads its
 * truststore after its first connection began: the probe's "Connecting to"
 * line).  Returns the number of listings lent. */
unsigned txa_lend_context_again(tx_analysis *to, const tx_analysis *from);

/* Once a tool output's analysis is finished (tx_analysis_finish): its
 * listings' error texts read as English once, for every borrower
 * (txi_emit_field would read them again in each).  Freed by
 * txa_lent_free. */
void txa_lent_prepare(tx_analysis *a);
void txa_lent_free(tx_analysis *a);

/* Keytool listings (log-wide truststore / keystore events) a can lend. */
unsigned txa_context_listings(const tx_analysis *a);

/* Name of an analysis (the file name it was created with). */
const char *txa_name(const tx_analysis *a);

#endif
