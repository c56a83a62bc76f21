/* timeline.c - placeholder until the timeline lands. */
#include "../rules/analysis.h"

tx_status tx_analysis_write_timeline(const tx_analysis *a, tx_format f, FILE *out)
{
    (void)a;
    (void)f;
    (void)out;
    return TX_EINVAL;
}

tx_status tx_compare_write(const tx_analysis *good, const tx_analysis *bad, tx_format f, FILE *out)
{
    (void)good;
    (void)bad;
    (void)f;
    (void)out;
    return TX_EINVAL;
}
