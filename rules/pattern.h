/*
 * pattern.h - the one wrapper around PCRE2 (only pattern.c includes pcre2.h).
 *
 * Patterns are compiled once (JIT where available) with match, depth and
 * heap limits from parser/limits.h, so no rule can hang an analysis.  A
 * subject is never assumed to be valid UTF-8 (patterns are byte-oriented).
 * Match data is the caller's (a txr_matcher, one per analysis), so a
 * compiled pattern is shareable between threads.
 */
#ifndef TX_PATTERN_H
#define TX_PATTERN_H

#include <stddef.h>

typedef struct txr_pattern txr_pattern;

/* Match data and a match context with the limits: used by one thread at a
 * time (an analysis owns one, in its regex budget).  NULL: out of memory;
 * free accepts NULL. */
typedef struct txr_matcher txr_matcher;
txr_matcher *txr_matcher_new(void);
void txr_matcher_free(txr_matcher *m);

/* Compile.  On error returns NULL and sets *erroff (byte offset in the
 * pattern) and errmsg (a message, at least 128 bytes). */
txr_pattern *txr_pattern_compile(const char *re, size_t len, size_t *erroff, char *errmsg, size_t errlen);
void txr_pattern_free(txr_pattern *p);
/* The compiled code, serialised (pcre2_serialize_encode; *bytes malloc'd:
 * free()), for the build-time cache (recache.h); 0 on failure. */
int txr_pattern_serialize(const txr_pattern *p, unsigned char **bytes, size_t *len);
/* Was p decoded from that cache rather than compiled? */
int txr_pattern_cached(const txr_pattern *p);
/* txr_pattern_flags() and txr_pattern_literals(..., TX_MAX_PATTERN_LITERALS,
 * 3) of p's source: from that cache when p came from it (the same results,
 * worked out at build time). */
unsigned txr_pattern_source_flags(const txr_pattern *p);
unsigned txr_pattern_source_literals(const txr_pattern *p, char lits[][32]);
/* A field test's literals (lits: TX_MAX_TEST_LITERALS entries): those of
 * txr_pattern_source_literals, or when it has none, txr_pattern_literals(...,
 * TX_MAX_TEST_LITERALS, 3) of the source (from the cache likewise). */
unsigned txr_pattern_test_literals(const txr_pattern *p, char lits[][32]);
/* "PCRE2 10.42 (JIT)": the linked library, for --version. */
void txr_pattern_lib_version(char *buf, size_t n);
const char *txr_pattern_source(const txr_pattern *p);

/* Number of named groups, and the name of the i-th one. */
unsigned txr_pattern_ngroups(const txr_pattern *p);
const char *txr_pattern_group_name(const txr_pattern *p, unsigned i);

/* A capture of a successful match. */
typedef struct txr_capture {
    const char *name;  /* group name (borrowed from the pattern) */
    const char *s;     /* into the subject */
    size_t n;
} txr_capture;

/* Match result codes. */
enum { TXR_NOMATCH = 0, TXR_MATCH = 1, TXR_LIMIT = -1 };

/* Match subject s (cut at TX_MAX_MATCH_SUBJECT bytes).  On TXR_MATCH, up to
 * maxcap named captures are stored in caps (count in *ncap; caps may be
 * NULL).  TXR_LIMIT means a match/depth/heap limit stopped the search; it
 * counts as no match and is reported by the caller. */
int txr_pattern_match(txr_matcher *m, const txr_pattern *p, const char *s, size_t n, txr_capture *caps,
                      unsigned maxcap, unsigned *ncap);

/* The longest literal every match must contain (for the prefilter), in buf;
 * returns its length (0: none found).  Conservative: alternations,
 * classes, optional parts and case-insensitive patterns yield shorter or no
 * literals, never a wrong one. */
size_t txr_pattern_literal(const char *re, size_t len, char *buf, size_t bufn);

/* Inline option letters a pattern turns on anywhere: `(?i)`, `(?mi)`,
 * `(?si:...)`, `(?^i)` all count; letters after a `-` (`(?-i)`) turn an
 * option off and do not.  Conservative: the scope of a group is ignored, and
 * text that only looks like a flag group (inside `\Q...\E`, a comment)
 * counts too, so a pattern is never taken as case-sensitive when it is not. */
enum { TXR_FLAG_CASELESS = 1, TXR_FLAG_EXTENDED = 2 };
unsigned txr_pattern_flags(const char *re, size_t len);

/* Does p backtrack catastrophically on a short synthetic line?  The lines
 * tried are runs of TX_REGEX_PROBE_SUBJECT copies of one printable byte of
 * the pattern (or a, 0, space) ended by a control byte, alone and followed
 * by every printable byte of the pattern.  Returns the byte whose run
 * stopped a search by a PCRE2 limit, or 0.  Heuristic (it finds the common
 * nested-quantifier shapes, not all), but deterministic. */
int txr_pattern_probe(const txr_pattern *p);

/* One literal per top-level alternative (NUL-terminated, up to 31 bytes
 * each): every match contains at least one.  Returns how many, or 0 when a
 * branch has no literal of min bytes or there are more than max branches. */
unsigned txr_pattern_literals(const char *re, size_t len, char lits[][32], unsigned max, size_t min);

#endif
