/*
 * align.c - align two handshakes step by step.
 *
 * The question "where does the failing run depart from the good one?"
 * is an edit-distance question.  Each run is a sequence of steps
 * (normalize.c): ClientHello sent, ServerHello received, the server's
 * certificate [0], [1], a trust anchor found, Finished ... .  Two runs of
 * the same successful handshake give equal sequences.  A failing run
 * shares a prefix with the good one and then parts: a step is missing
 * (the server sent no intermediate certificate), a step is different
 * (TLSv1.2 negotiated instead of TLSv1.3; an alert where the good run
 * found its trust anchor), or there are extra steps (an alert, an
 * exception).  Reading both sequences side by side needs an alignment:
 * which step of GOOD corresponds to which step of BAD.
 *
 * Costs.  We use the classic dynamic programme (Needleman-Wunsch /
 * Levenshtein) with four operations and small integer costs:
 *
 *   match   same head, same details             0
 *   near    same head, other details            1  (TXD_COST_NEAR)
 *   gap     a step only in one run              2  (TXD_COST_GAP)
 *   far     different heads in the same place   3  (TXD_COST_FAR)
 *
 * "Head" is what a step is (the server's Certificate message); the
 * details are what may differ between runs of that step (the version
 * negotiated, the alert description).  near < gap makes "TLSv1.2
 * instead of TLSv1.3" one changed step rather than one missing and one
 * extra.  far < 2 * gap makes two unrelated steps at the same place (a
 * trust anchor found in GOOD, a fatal alert in BAD) one changed step,
 * which is how a person reads it ("instead of X, BAD did Y"), while
 * far > gap keeps an unrelated step from being paired when skipping it
 * lets the rest line up: GOOD [A B C], BAD [A X B C] costs one gap (2),
 * not a change and a gap (5).
 *
 * Which optimal alignment.  Several alignments often have the same cost.
 * For a "first divergence" the useful one is the one that matches as
 * long a common prefix as possible and reports the departure as late as
 * the data allows.  So the table is computed over suffixes,
 *
 *   D[i][j] = cost of aligning g[i..] with b[j..]
 *   D[ng][j] = (nb - j) * gap,   D[i][nb] = (ng - i) * gap
 *   D[i][j] = min( sub(i, j) + D[i+1][j+1], gap + D[i+1][j], gap + D[i][j+1] )
 *
 * and the alignment is read *forwards* from (0, 0), taking at every cell
 * the first optimal move in the order diagonal (match or change), step
 * only in GOOD, step only in BAD.  A common prefix is therefore always
 * matched (a match costs 0 and is tried first), and at a departure a
 * changed step is preferred over a missing one, then over an extra one.
 * The result is deterministic: equal inputs, equal alignment.
 *
 * Cost of the computation.  Time and memory are (ng+1)*(nb+1) cells of
 * 32-bit costs.  Inputs are capped at TX_MAX_ALIGN_STEPS (512) steps per side,
 * so the table is at most about 1 MiB; real handshakes have 10 to 60
 * steps (a few KiB).  No cell can overflow: the largest cost is
 * 2 * 512 * 3.
 */
#include <stdlib.h>

#include "compare.h"

static unsigned sub_cost(const txd_key *g, const txd_key *b)
{
    if (g->head != b->head)
        return TXD_COST_FAR;
    return g->sig == b->sig ? 0 : TXD_COST_NEAR;
}

int txd_align(const txd_key *g, size_t ng, const txd_key *b, size_t nb, txd_op **ops, size_t *nops,
              unsigned *cost)
{
    *ops = NULL;
    *nops = 0;
    if (cost)
        *cost = 0;
    if (ng > TX_MAX_ALIGN_STEPS)
        ng = TX_MAX_ALIGN_STEPS;
    if (nb > TX_MAX_ALIGN_STEPS)
        nb = TX_MAX_ALIGN_STEPS;
    size_t w = nb + 1;
    uint32_t *D = malloc((ng + 1) * w * sizeof *D);
    txd_op *out = malloc((ng + nb + 1) * sizeof *out);
    if (!D || !out) {
        free(D);
        free(out);
        return -1;
    }
#define AT(i, j) D[(size_t)(i) * w + (size_t)(j)]
    for (size_t j = 0; j <= nb; j++)
        AT(ng, j) = (uint32_t)((nb - j) * TXD_COST_GAP);
    for (size_t i = ng; i-- > 0;) {
        AT(i, nb) = (uint32_t)((ng - i) * TXD_COST_GAP);
        for (size_t j = nb; j-- > 0;) {
            uint32_t best = sub_cost(&g[i], &b[j]) + AT(i + 1, j + 1);
            uint32_t del = TXD_COST_GAP + AT(i + 1, j);
            uint32_t ins = TXD_COST_GAP + AT(i, j + 1);
            if (del < best)
                best = del;
            if (ins < best)
                best = ins;
            AT(i, j) = best;
        }
    }
    if (cost)
        *cost = AT(0, 0);
    size_t i = 0, j = 0, n = 0;
    while (i < ng || j < nb) {
        txd_op *o = &out[n++];
        if (i < ng && j < nb) {
            unsigned s = sub_cost(&g[i], &b[j]);
            if (AT(i, j) == s + AT(i + 1, j + 1)) {
                o->op = s ? TXD_OP_CHANGE : TXD_OP_MATCH;
                o->g = (uint32_t)i++;
                o->b = (uint32_t)j++;
                continue;
            }
        }
        if (i < ng && (j == nb || AT(i, j) == TXD_COST_GAP + AT(i + 1, j))) {
            o->op = TXD_OP_GOOD;
            o->g = (uint32_t)i++;
            o->b = TXD_NONE;
        } else {
            o->op = TXD_OP_BAD;
            o->g = TXD_NONE;
            o->b = (uint32_t)j++;
        }
    }
#undef AT
    free(D);
    *ops = out;
    *nops = n;
    return 0;
}
