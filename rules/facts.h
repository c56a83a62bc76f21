/* facts.h - computed facts and the context variables of a connection. */
#ifndef TX_FACTS_H
#define TX_FACTS_H

#include "../parser/parser.h"
#include "vocab.h"

/* Append the fact events of connection c (see facts.c for the list); voc:
 * the rulebook's vocabulary (its public CAs; NULL: none). */
void txr_compute_facts(txi_conn *c, const txi_event *globals, int64_t log_time, const char *opt_host,
                       const txr_vocab *voc);

/* Fact "jdk": the Java that wrote the log (feature 0 = unknown; le8: at
 * most Java 8; text: the version as printed). */
void txr_fact_jdk(txi_conn *c, int feature, int le8, const char *text);
/* The fact "log_cut": the input ended inside a multi-line record while c was open. */
void txr_fact_log_cut(txi_conn *c);

/* Every fact name txr_compute_facts can produce, NULL-terminated (rule
 * files are checked against it). */
extern const char *const txr_fact_names[];

#endif
