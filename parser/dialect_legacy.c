/* dialect_legacy.c - placeholder until the dialect lands. */
#include "dialect.h"

static int legacy_line(txi_parser *p, const txi_linectx *l)
{
    (void)p;
    (void)l;
    return 0;
}

static int legacy_cont(txi_parser *p, const txi_linectx *l)
{
    (void)p;
    (void)l;
    return TXD_NOTMINE;
}

const txi_dialect txi_dialect_legacy = {
    .name = "legacy",
    .desc = "legacy",
    .state_size = 1,
    .line = legacy_line,
    .cont = legacy_cont,
};
