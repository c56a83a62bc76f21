/*
 * check.c - `rules check`: every rule against its own samples.
 *
 * A rule's samples are small logs: each `match` sample, read as a log of
 * its own with the whole ruleset, must make the rule fire; each `nomatch`
 * sample must not.  Samples thus test the tokenizer, the facts and the
 * condition together, as a real log would.  A line pattern without a
 * literal for the prefilter earns a warning (it runs on every line), and
 * so does a literal set too large to build (then there is no prefilter).
 */
#include <stdlib.h>
#include <string.h>

#include "../parser/limits.h"
#include "analysis.h"
#include "../rules/prefilter.h"
#include "../rules/ruleset.h"

static int fires(const tx_ruleset *rs, unsigned ri, const char *sample, int *err)
{
    tx_analysis *a;
    *err = 0;
    if (tx_analysis_new(rs, NULL, "sample", &a) != TX_OK) {
        *err = 1;
        return 0;
    }
    tx_analysis_feed(a, sample, strlen(sample));
    tx_analysis_feed(a, "\n", 1);
    tx_analysis_finish(a);
    int r = txa_fired(a, ri);
    tx_analysis_free(a);
    return r;
}

/* Warn about every pattern of c (and its kids) that backtracks
 * catastrophically on a short synthetic line (txr_pattern_probe). */
static void probe_cond(const txr_rule *r, const txr_cond *c, tx_diag_cb cb, void *ud)
{
    if (!c)
        return;
    const txr_pattern *pats[TX_MAX_CONDS_PER_RULE + 1];
    unsigned np = 0;
    if (c->kind == TXR_C_LINE && c->line)
        pats[np++] = c->line;
    for (unsigned i = 0; i < c->ntests && np < TX_MAX_CONDS_PER_RULE + 1; i++)
        if (c->tests[i].re) /* not a numeric test */
            pats[np++] = c->tests[i].re;
    for (unsigned i = 0; i < np; i++) {
        int ch = txr_pattern_probe(pats[i]);
        if (ch)
            txr_diag(cb, ud, TX_OK, 1, r->file, c->srcline ? c->srcline : r->line, c->srcline ? c->srccol : r->col,
                     r->id,
                     "rule '%s': pattern '%s' backtracks catastrophically: a search on a line of %u '%c' "
                     "was stopped by the PCRE2 match limits (in a run, the rule is switched off after %u "
                     "stopped searches)",
                     r->id, txr_pattern_source(pats[i]), TX_REGEX_PROBE_SUBJECT, ch, TX_REGEX_RULE_STOPS);
    }
    probe_cond(r, c->after, cb, ud);
    for (unsigned i = 0; i < c->nkids; i++)
        probe_cond(r, c->kids[i], cb, ud);
}

tx_status tx_ruleset_check(const tx_ruleset *rs, tx_diag_cb cb, void *ud)
{
    tx_status st = TX_OK;
    for (unsigned i = 0; i < rs->n; i++) {
        const txr_rule *r = rs->rules[i];
        int err;
        if (!r->nmatch) {
            txr_diag(cb, ud, TX_ESAMPLE, 0, r->file, r->line, r->col, r->id, "rule '%s' has no `match` sample", r->id);
            st = TX_ESAMPLE;
        }
        for (unsigned k = 0; k < r->nmatch; k++) {
            if (!fires(rs, i, r->match_samples[k], &err) || err) {
                txr_diag(cb, ud, TX_ESAMPLE, 0, r->file, r->line, r->col, r->id,
                         "rule '%s' does not fire on its match sample #%u", r->id, k + 1);
                st = TX_ESAMPLE;
            }
        }
        for (unsigned k = 0; k < r->nnomatch; k++) {
            if (fires(rs, i, r->nomatch_samples[k], &err)) {
                txr_diag(cb, ud, TX_ESAMPLE, 0, r->file, r->line, r->col, r->id,
                         "rule '%s' fires on its nomatch sample #%u", r->id, k + 1);
                st = TX_ESAMPLE;
            }
        }
    }
    for (unsigned i = 0; i < rs->nlm; i++) {
        const txr_linematch *m = &rs->lm[i];
        const txr_rule *r = rs->rules[m->rule];
        if (!m->nlits)
            txr_diag(cb, ud, TX_OK, 1, r->file, r->line, r->col, r->id,
                     "rule '%s': line pattern '%s' has no literal of 3+ characters for the prefilter and "
                     "may slow down scanning (add `literal:`)",
                     r->id, txr_pattern_source(m->re));
    }
    static const char *const what[2] = {"line patterns", "tests of fields and lines"};
    int ac = !strcmp(txr_prefilter_engine(), "aho-corasick");
    for (unsigned k = 0; k < 2; k++)
        if (rs->nopf[k])
            txr_diag(cb, ud, TX_OK, 1, NULL, 0, 0, NULL,
                     "no prefilter for the %s: their %u literals are too many for the %s automaton (%s), so "
                     "every %s runs everywhere (the same results, slower)",
                     what[k], rs->nopf[k], txr_prefilter_engine(),
                     ac ? "over TX_MAX_AC_STATES states, or out of memory" : "out of memory",
                     k ? "test" : "pattern");
    for (unsigned i = 0; i < rs->n; i++) {
        const txr_rule *r = rs->rules[i];
        probe_cond(r, r->when, cb, ud);
        for (unsigned k = 0; k < r->nadjust; k++)
            probe_cond(r, r->adjust[k].when, cb, ud);
    }
    return st;
}

