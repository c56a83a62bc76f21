/* buildinfo.c - what the library was built with, for `tlsexplain --version`
 * (each dependency's version comes from the one file that wraps it). */
#include <stdio.h>

#include "pattern.h"
#include "tlsexplain.h"
#include "yaml_load.h"

tx_status tx_build_info(char *buf, size_t n)
{
    if (!buf || !n)
        return TX_EINVAL;
    char pcre[96];
    txr_pattern_lib_version(pcre, sizeof pcre);
#ifdef TX_HAVE_HYPERSCAN
    const char *pf = "Hyperscan (multi-literal prefilter)";
#else
    const char *pf = "built-in Aho-Corasick (multi-literal prefilter)";
#endif
    int k = snprintf(buf, n, "%s, libyaml %s, %s", pcre, txr_yaml_lib_version(), pf);
    return k >= 0 && (size_t)k < n ? TX_OK : TX_ELIMIT;
}
