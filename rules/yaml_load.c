/* yaml_load.c - placeholder until the loader lands: accepts no rules. */
#include "ruleset.h"

tx_status txr_load_yaml(const char *name, const char *text, size_t len, txr_rule ***out, unsigned *n,
                        tx_diag_cb cb, void *ud)
{
    (void)name;
    (void)text;
    (void)len;
    (void)cb;
    (void)ud;
    *out = NULL;
    *n = 0;
    return TX_OK;
}
