/*
 * fuzz_tokenizer.c - a log of any bytes, fed in chunks of sizes drawn from
 * the input, through the parser and the built-in rulebook (or, one input in
 * eight, no rules at all, as `tlsexplain events` runs); the events are
 * dumped and every report (explain, timeline) is written in every format.
 */
#include "fuzz_common.h"

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
    tx_analysis *a = fz_analyse(rs, &o, "fuzz.log", &r, data, size, out, dumpfmt);
    (void)tx_analysis_verdict(a);
    (void)tx_analysis_top_category(a);
    for (int f = TX_FORMAT_TEXT; f <= TX_FORMAT_MARKDOWN; f++) {
        tx_analysis_write(a, (tx_format)f, out);
        tx_analysis_write_timeline(a, (tx_format)f, out);
    }
    tx_analysis_free(a);
    return 0;
}
