/* dialect_app.c - placeholder until the dialect lands. */
#include "dialect.h"

static int app_line(txi_parser *p, const txi_linectx *l)
{
    (void)p;
    (void)l;
    return 0;
}

static int app_cont(txi_parser *p, const txi_linectx *l)
{
    (void)p;
    (void)l;
    return TXD_NOTMINE;
}

const txi_dialect txi_dialect_app = {
    .name = "app",
    .desc = "app",
    .state_size = 1,
    .line = app_line,
    .cont = app_cont,
};
