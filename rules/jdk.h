/* jdk.h - the Java that wrote the log, from the log's own lines (jdk.c). */
#ifndef TX_JDK_H
#define TX_JDK_H

#include <stddef.h>
#include <stdint.h>

typedef struct txr_jdk {
    int feature, update; /* 8, 11, ... (0 = unknown); update (-1 = unknown) */
    int le8;             /* at most Java 8: its JRE (and cacerts) under jre/ */
    int old_stack;       /* the debug output of the JSSE before the TLS 1.3 rewrite */
    int new_stack;       /* ... of the JSSE since it (SSLLogger: 11+, 8u261+): it has TLS 1.3 */
    int rank;            /* strength of the evidence of feature/update (0-3) */
    uint64_t line;       /* the line that proves it (0: none) */
    char text[40];       /* the version as the log prints it */
} txr_jdk;

/* Learn from one line of the log (number no). */
void txr_jdk_line(txr_jdk *j, uint64_t no, const char *t, size_t n);
/* The log holds debug output of the JSSE before 8u261 (legacy dialect). */
void txr_jdk_old_stack(txr_jdk *j);
/* The log holds SSLLogger debug output (the JSSE of 8u261+ and 11+). */
void txr_jdk_new_stack(txr_jdk *j);
/* The feature release, 8 for "at most 8", 0 when unknown. */
int txr_jdk_generation(const txr_jdk *j);
struct txr_jdk_facts;
/* 1 if the log proves this Java has no TLS 1.3 (why: "Java 8u202" ...); the
 * first releases with it come from the facts table (fact tls13; built-in
 * 8u261 and 11 when t is NULL). */
int txr_jdk_lacks_tls13(const txr_jdk *j, const struct txr_jdk_facts *t, char *why, size_t n);
/* Whether this Java disables TLS 1.0 and 1.1 by default (fact
 * tls10-tls11-disabled): 1 yes, 0 no, -1 the log does not tell.  since gets
 * the first release of its line that does ("8u291", "11.0.11", "16"). */
int txr_jdk_disables_tls10(const txr_jdk *j, const struct txr_jdk_facts *t, char *since, size_t n);

#endif
