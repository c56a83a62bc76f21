/*
 * hscache.h - the Hyperscan databases of the shipped rulebook, compiled at
 * build time (tools/startup_gen.c writes build/.../gen/hscache.c) so that
 * start-up deserialises them instead of compiling them.
 *
 * An entry is keyed by its literal set itself (txr_litset_key: every
 * literal's bytes, length and case flag, in order, and the scanning mode),
 * so a set that differs in any way (user rules, --no-builtin, a rule file
 * added after the build) misses and is compiled as before.  The whole
 * table is used only when the running Hyperscan is the one of the build
 * (hs_version()) and the machine is the platform it compiled for
 * (hs_populate_platform(): CPU features and tuning), so a deserialised
 * database is the one hs_compile_lit_multi would return here.  The
 * environment variable TLSEXPLAIN_NO_CACHE (any value) turns it off.
 */
#ifndef TX_HSCACHE_H
#define TX_HSCACHE_H

#include <stddef.h>

typedef struct txr_hs_cached {
    unsigned mode;            /* TXR_LS_BLOCK or TXR_LS_STREAM */
    const unsigned char *key; /* txr_litset_key() of the set */
    size_t keylen;
    const unsigned char *db;  /* hs_serialize_database() */
    size_t dblen;
} txr_hs_cached;

typedef struct txr_hs_cache_table {
    const char *hs_version;           /* hs_version() at build time; NULL: no table */
    unsigned long long cpu_features;  /* hs_populate_platform() of the build host */
    unsigned tune;
    const txr_hs_cached *dbs;
    unsigned n;
} txr_hs_cache_table;

extern const txr_hs_cache_table txr_hs_cache;

#endif
