/*
 * fuzz_common.h - shared by the libFuzzer targets (tests/fuzz/fuzz_*.c).
 *
 * Every target defines LLVMFuzzerTestOneInput.  Built with clang
 * -fsanitize=fuzzer by tests/fuzz/run.sh (`make fuzz`), or linked with
 * regress.c by plain cc (`make fuzz-replay-bins`) to replay the committed
 * corpus and regressions in `make test`.
 *
 * Everything a target decides (chunk sizes, options, output formats) is
 * derived from the input bytes, so an input replays identically.
 */
#ifndef TX_FUZZ_COMMON_H
#define TX_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "tlsexplain.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A deterministic stream of pseudo-random numbers seeded by the input. */
typedef struct {
    uint64_t s;
} fz_rng;

static inline void fz_rng_seed(fz_rng *r, const uint8_t *d, size_t n)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= d[i];
        h *= 1099511628211ull;
    }
    r->s = h ? h : 88172645463325252ull;
}

static inline uint64_t fz_next(fz_rng *r)
{
    r->s ^= r->s << 13; /* xorshift64 */
    r->s ^= r->s >> 7;
    r->s ^= r->s << 17;
    return r->s;
}

/* The next chunk length: mostly short (lines split at every place), now
 * and then long, sometimes everything that is left. */
static inline size_t fz_chunk(fz_rng *r, size_t left)
{
    uint64_t x = fz_next(r);
    size_t k;
    switch (x & 7) {
    case 0: k = 1; break;
    case 1:
    case 2: k = 1 + (size_t)((x >> 8) % 16); break;
    case 3:
    case 4: k = 1 + (size_t)((x >> 8) % 512); break;
    case 5: k = 1 + (size_t)((x >> 8) % 8192); break;
    default: k = left; break;
    }
    return k < left ? k : left;
}

/* The built-in rulebook, compiled once per process (immutable, shared). */
static inline const tx_ruleset *fz_builtin(void)
{
    static tx_ruleset *rs;
    if (!rs) {
        tx_compiler *c;
        if (tx_compiler_new(&c) != TX_OK || tx_compiler_add_builtin(c) != TX_OK || tx_compiler_finish(c, &rs) != TX_OK)
            abort();
        tx_compiler_free(c);
    }
    return rs;
}

/* Output nobody reads: the writers still format everything. */
static inline FILE *fz_null(void)
{
    static FILE *f;
    if (!f && !(f = fopen("/dev/null", "w")))
        abort();
    return f;
}

/* Options drawn from the input: every switch a user has. */
static inline void fz_options(fz_rng *r, tx_options *o)
{
    uint64_t x = fz_next(r);
    o->profile = (x & 3) == 0 ? "ia" : NULL;
    o->host = (x & 12) == 0 ? "server.example.com" : (x & 12) == 4 ? "10.0.0.1" : NULL;
    o->redact = (x >> 4) & 1;
    o->color = ((x >> 5) & 3) == 0;
    o->width = (int)(20 + (x >> 8) % 200);
    o->now = (x >> 16) & 1 ? 1700000000ll : 0;
}

/* Feed data in chunks and finish; the analysis is returned finished. */
static inline tx_analysis *fz_analyse(const tx_ruleset *rs, const tx_options *o, const char *name, fz_rng *r,
                                      const uint8_t *data, size_t size, FILE *dump, tx_format dumpfmt)
{
    tx_analysis *a;
    if (tx_analysis_new(rs, o, name, &a) != TX_OK)
        abort();
    if (dump)
        tx_analysis_dump_events(a, dumpfmt, dump);
    size_t off = 0;
    while (off < size) {
        size_t k = fz_chunk(r, size - off);
        if (tx_analysis_feed(a, (const char *)data + off, k) != TX_OK)
            abort();
        off += k;
    }
    if (tx_analysis_finish(a) != TX_OK)
        abort();
    if (tx_analysis_bytes(a) != size)
        abort();
    return a;
}

/* A stream into a new buffer (*buf, *len) for one run with the fast paths on
 * (fast) or off (TLSEXPLAIN_NO_FASTPATH: the reference); aborts if it cannot. */
static inline FILE *fz_run_stream(int fast, char **buf, size_t *len)
{
    if (fast)
        unsetenv("TLSEXPLAIN_NO_FASTPATH");
    else
        setenv("TLSEXPLAIN_NO_FASTPATH", "1", 1);
    *buf = NULL;
    FILE *f = open_memstream(buf, len);
    if (!f)
        abort();
    return f;
}

#endif
