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
 * With each, the prefilter's reading of its text (inline flags, required
 * literals), which the ruleset would otherwise work out at every start.
 * The environment variable TLSEXPLAIN_NO_CACHE (any value) turns it off.
 */
#ifndef TX_RECACHE_H
#define TX_RECACHE_H

#include <stddef.h>

typedef struct txr_re_cached {
    const char *src;           /* the pattern */
    size_t len;
    const unsigned char *code; /* pcre2_serialize_encode() of it alone */
    size_t ncode;
    unsigned flags;            /* txr_pattern_flags() of src */
    unsigned nlits;            /* txr_pattern_literals(src, TX_MAX_PATTERN_LITERALS, 3) */
    const char *lits;          /* ... its literals, each NUL-terminated, back to back */
    unsigned nwide;            /* nlits 0: txr_pattern_literals(src, TX_MAX_TEST_LITERALS, 3) */
    const char *wide;          /* ... those literals, as lits */
} txr_re_cached;

extern const txr_re_cached txr_re_cache[];
extern const unsigned txr_re_ncache;

#endif
