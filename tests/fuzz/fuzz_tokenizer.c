/*
 * fuzz_tokenizer.c - a log of any bytes, fed in chunks of sizes drawn from
 * the input, through the parser and the built-in rulebook (or, one input in
 * eight, no rules at all, as `tlsexplain events` runs); the events are
 * dumped and every report (explain, timeline) is written in every format.
 * Then the same input, chunked the same way, with the fast paths and
 * without them (TLSEXPLAIN_NO_FASTPATH): the events dump and the explain
 * JSON must be the same byte for byte (abort otherwise).
 */
#include "fuzz_common.h"

#include <string.h>

/* The events dump and the explain JSON of data, the fast paths on or off. */
static char *outputs(const tx_ruleset *rs, const tx_options *o, fz_rng r, const uint8_t *data, size_t size, int fast,
                     size_t *len)
{
    char *buf;
    FILE *f = fz_run_stream(fast, &buf, len);
    tx_analysis *a = fz_analyse(rs, o, "fuzz.log", &r, data, size, f, TX_FORMAT_JSON);
    unsetenv("TLSEXPLAIN_NO_FASTPATH");
    tx_analysis_write(a, TX_FORMAT_JSON, f);
    tx_analysis_free(a);
    if (fclose(f) != 0)
        abort();
    return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_rng r;
    fz_rng_seed(&r, data, size);
    tx_options o = {0};
    fz_options(&r, &o);
    FILE *out = fz_null();
    uint64_t x = fz_next(&r);
    tx_format dumpfmt = (x & 1) ? TX_FORMAT_JSON : TX_FORMAT_TEXT;
    const tx_ruleset *rs = (x & 14) ? fz_builtin() : NULL;
    fz_rng chunking = r; /* the differential runs below chunk as the first */
    tx_analysis *a = fz_analyse(rs, &o, "fuzz.log", &r, data, size, out, dumpfmt);
    (void)tx_analysis_verdict(a);
    (void)tx_analysis_top_category(a);
    for (int f = TX_FORMAT_TEXT; f <= TX_FORMAT_MARKDOWN; f++) {
        tx_analysis_write(a, (tx_format)f, out);
        tx_analysis_write_timeline(a, (tx_format)f, out);
    }
    tx_analysis_free(a);
    size_t n1 = 0, n2 = 0;
    char *on = outputs(rs, &o, chunking, data, size, 1, &n1), *off = outputs(rs, &o, chunking, data, size, 0, &n2);
    if (n1 != n2 || memcmp(on, off, n1) != 0)
        abort(); /* a fast path changed an output */
    free(on);
    free(off);
    return 0;
}
