/*
 * rule.c - the rule AST (rule.h): freeing.  (The categories a rule may
 * have are data: vocab.h.)  The loader (rulefile.c) builds rules, the ruleset
 * (ruleset.c) owns them; both use this file, neither calls the other back.
 */
#include <stdlib.h>
#include <string.h>

#include "pattern.h"
#include "rule.h"

/* ---- freeing ------------------------------------------------------------- */

void txr_cond_free(txr_cond *c)
{
    if (!c)
        return;
    for (unsigned i = 0; i < c->ntests; i++) {
        txr_pattern_free(c->tests[i].re);
        free(c->tests[i].lits);
    }
    free(c->tests);
    txr_cond_free(c->after);
    txr_pattern_free(c->line);
    for (unsigned i = 0; i < c->nkids; i++)
        txr_cond_free(c->kids[i]);
    free(c->kids);
    free(c);
}

static void free_strv(char **v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void txr_rule_free(txr_rule *r)
{
    if (!r)
        return;
    free(r->id);
    free(r->title);
    free(r->category);
    free_strv(r->supersedes, r->nsupersedes);
    txr_cond_free(r->when);
    free(r->literal);
    free(r->explain);
    free_strv(r->steps, r->nsteps);
    for (unsigned i = 0; i < r->nprofiles; i++) {
        free(r->profiles[i].profile);
        free_strv(r->profiles[i].steps, r->profiles[i].nsteps);
        free(r->profiles[i].explain);
    }
    free(r->profiles);
    free_strv(r->refs, r->nrefs);
    free_strv(r->match_samples, r->nmatch);
    free_strv(r->nomatch_samples, r->nnomatch);
    for (unsigned i = 0; i < r->nadjust; i++) {
        txr_cond_free(r->adjust[i].when);
        free(r->adjust[i].category);
        for (unsigned k = 0; k < r->adjust[i].nfired; k++)
            free(r->adjust[i].fired[k]);
        free(r->adjust[i].fired);
    }
    free(r->adjust);
    free(r->file);
    free(r->origin);
    free(r);
}

/* ---- compiler ------------------------------------------------------------- */

