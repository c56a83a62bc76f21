/*
 * prefilter.c - multi-literal candidate search (first version: one
 * case-insensitive search per literal; see the performance notes).
 */
#include "prefilter.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct txr_prefilter {
    const txr_linematch *lm;
    unsigned n;
};

struct txr_pfscan {
    const txr_prefilter *pf;
    int disabled;
};

const char *txr_prefilter_engine(void) { return "memmem"; }

txr_prefilter *txr_prefilter_new(const txr_linematch *lm, unsigned n)
{
    txr_prefilter *pf = calloc(1, sizeof *pf);
    if (!pf)
        return NULL;
    pf->lm = lm;
    pf->n = n;
    return pf;
}

void txr_prefilter_free(txr_prefilter *pf) { free(pf); }

txr_pfscan *txr_pfscan_new(const txr_prefilter *pf)
{
    txr_pfscan *s = calloc(1, sizeof *s);
    if (s)
        s->pf = pf;
    return s;
}

void txr_pfscan_free(txr_pfscan *s) { free(s); }
void txr_prefilter_disable(txr_pfscan *s, int off) { s->disabled = off; }

static int contains_ci(const char *h, size_t hn, const char *nd, size_t nn)
{
    if (nn > hn)
        return 0;
    unsigned char f = (unsigned char)tolower((unsigned char)nd[0]);
    for (size_t i = 0; i + nn <= hn; i++) {
        if ((unsigned char)tolower((unsigned char)h[i]) != f)
            continue;
        size_t k = 1;
        while (k < nn && tolower((unsigned char)h[i + k]) == tolower((unsigned char)nd[k]))
            k++;
        if (k == nn)
            return 1;
    }
    return 0;
}

void txr_prefilter_line(const txr_prefilter *pf, txr_pfscan *s, const char *line, size_t n, txr_pf_cb cb,
                        void *ud)
{
    for (unsigned i = 0; i < pf->n; i++)
        if (s->disabled || !pf->lm[i].litlen || contains_ci(line, n, pf->lm[i].literal, pf->lm[i].litlen))
            cb(ud, i);
}
