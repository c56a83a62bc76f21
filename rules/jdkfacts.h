/*
 * jdkfacts.h - the JDK release facts table (rules/jdk/releases.yaml,
 * embedded in the binary; docs/jdk.md).  Loaded by jdkfacts.c when a
 * ruleset is finished, kept in it (immutable, shared like the rules).
 */
#ifndef TX_JDKFACTS_H
#define TX_JDKFACTS_H

#include "tlsexplain.h"

typedef struct txr_jdk_kv {
    char *key, *val;
} txr_jdk_kv;

typedef struct txr_jdk_fact {
    txr_jdk_kv *kv; /* the entry's scalar keys, in file order (id first) */
    unsigned n;
} txr_jdk_fact;

typedef struct txr_jdk_facts {
    txr_jdk_fact *v;
    unsigned n;
} txr_jdk_facts;

/* Parse the table; *out is NULL on error. */
tx_status txr_load_jdk_facts(const char *text, size_t len, txr_jdk_facts **out);
void txr_jdk_facts_free(txr_jdk_facts *t); /* NULL ok */
/* The value of key in the entry id (NULL: no such entry or key). */
const char *txr_jdk_fact_get(const txr_jdk_facts *t, const char *id, const char *key);

/* The embedded table (tools/embed.sh, Makefile). */
extern const char txr_jdk_releases_yaml[];
extern const unsigned long txr_jdk_releases_yaml_len;

#endif
