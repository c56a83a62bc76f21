/*
 * recache.h - the shipped rulebook's regular expressions, compiled at build
 * time and serialised with pcre2_serialize_encode (tools/startup_gen.c
 * writes them into build/.../gen/startup.c), so that start-up decodes them
 * instead of compiling some 300 patterns.
 *
 * txr_pattern_compile looks a pattern up by its source text, exactly (the
 * table is sorted by length, then bytes); a pattern that is not there (user
 * rules) is compiled.  pcre2_serialize_decode itself refuses data from
 * another PCRE2 version or configuration: then the pattern is compiled too.
 * The environment variable TLSEXPLAIN_NO_CACHE (any value) turns it off.
 */
#ifndef TX_RECACHE_H
#define TX_RECACHE_H

#include <stddef.h>

typedef struct txi_re_cached {
    const char *src;           /* the pattern */
    size_t len;
    const unsigned char *code; /* pcre2_serialize_encode() of it alone */
    size_t ncode;
} txi_re_cached;

extern const txi_re_cached txi_re_cache[];
extern const unsigned txi_re_ncache;

#endif
