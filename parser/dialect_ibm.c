/* dialect_ibm.c - placeholder until the dialect lands. */
#include "dialect.h"

static int ibm_line(txi_parser *p, const txi_linectx *l)
{
    (void)p;
    (void)l;
    return 0;
}

static int ibm_cont(txi_parser *p, const txi_linectx *l)
{
    (void)p;
    (void)l;
    return TXD_NOTMINE;
}

const txi_dialect txi_dialect_ibm = {
    .name = "ibm",
    .desc = "ibm",
    .state_size = 1,
    .line = ibm_line,
    .cont = ibm_cont,
};
