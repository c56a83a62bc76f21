/*
 * fuzz_compare.c - two logs from one input, analysed with the built-in
 * rulebook and compared in every format.
 *
 * The input is split at the first "\n--8<--\n" (the seeds are made that
 * way: good log, separator, failing log); without a separator, at a place
 * drawn from the input.
 */
#include <string.h>

#include "fuzz_common.h"

#define SEP "\n--8<--\n"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_rng r;
    fz_rng_seed(&r, data, size);
    size_t split, rest;
    const uint8_t *sep = memmem(data, size, SEP, sizeof SEP - 1);
    if (sep) {
        split = (size_t)(sep - data);
        rest = split + sizeof SEP - 1;
    } else {
        split = size ? (size_t)(fz_next(&r) % (size + 1)) : 0;
        rest = split;
    }
    tx_options o = {0};
    fz_options(&r, &o);
    const tx_ruleset *rs = fz_builtin();
    FILE *out = fz_null();
    tx_analysis *good = fz_analyse(rs, &o, "good.log", &r, data, split, NULL, TX_FORMAT_TEXT);
    tx_analysis *bad = fz_analyse(rs, &o, "bad.log", &r, data + rest, size - rest, NULL, TX_FORMAT_TEXT);
    for (int f = TX_FORMAT_TEXT; f <= TX_FORMAT_MARKDOWN; f++)
        tx_compare_write(good, bad, (tx_format)f, out);
    tx_analysis_free(good);
    tx_analysis_free(bad);
    return 0;
}
