/*
 * check.c - `rules check` and `rules list`.
 *
 * A rule's samples are small logs: each `match` sample, read as a log of
 * its own with the whole ruleset, must make the rule fire; each `nomatch`
 * sample must not.  Samples thus test the tokenizer, the facts and the
 * condition together, as a real log would.  A line pattern without a
 * literal for the prefilter earns a warning (it runs on every line).
 */
#include <stdlib.h>
#include <string.h>

#include "../parser/limits.h"
#include "../report/out.h"
#include "analysis.h"

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
    for (unsigned i = 0; i < rs->n; i++) {
        const txr_rule *r = rs->rules[i];
        probe_cond(r, r->when, cb, ud);
        for (unsigned k = 0; k < r->nadjust; k++)
            probe_cond(r, r->adjust[k].when, cb, ud);
    }
    return st;
}

static int is_builtin(const txr_rule *r) { return r->origin && !strcmp(r->origin, "builtin"); }

static const char *kind_name(txr_kind k) { return k == TXR_KIND_CAUSE ? "cause" : k == TXR_KIND_RISK ? "risk" : "note"; }

tx_status tx_ruleset_write(const tx_ruleset *rs, tx_format f, FILE *out)
{
    if (f == TX_FORMAT_MARKDOWN) {
        fputs("# Diagnoses\n\n", out);
        fputs("Generated from the shipped rulebook by `make docs` (`tlsexplain rules list --format markdown`); "
              "do not edit by hand.\n\n", out);
        fprintf(out, "%zu rules. Kinds: *cause* explains a failure, *risk* is a weakness of a working "
                     "connection, *note* is context.\n", (size_t)rs->n);
        const char *lastcat = NULL;
        for (int c = 0; txr_categories[c]; c++) {
            for (unsigned i = 0; i < rs->n; i++) {
                const txr_rule *r = rs->rules[i];
                if (strcmp(r->category, txr_categories[c]) != 0)
                    continue;
                if (lastcat != txr_categories[c]) {
                    fprintf(out, "\n## %s\n", txr_categories[c]);
                    lastcat = txr_categories[c];
                }
                fprintf(out, "\n### `%s`\n\n", r->id);
                txo_md_text(out, r->title, strlen(r->title));
                fprintf(out, "\n\n- kind: %s, confidence %d\n", kind_name(r->kind), r->confidence);
                if (r->nsupersedes) {
                    fputs("- explains away:", out);
                    for (unsigned k = 0; k < r->nsupersedes; k++)
                        fprintf(out, "%s `%s`", k ? "," : "", r->supersedes[k]);
                    fputs("\n", out);
                }
                if (is_builtin(r))
                    fprintf(out, "- defined in `%s`\n", r->file);
                else /* the shipped rulebook's page stays as it was; an added rule says whence */
                    fprintf(out, "- defined in `%s` (%s)\n", r->file, r->origin ? r->origin : "added");
                if (r->explain) {
                    fputs("\n", out);
                    txo_text(out, r->explain, strlen(r->explain));
                    fputs("\n", out);
                }
                if (r->nsteps) {
                    fputs("\nSteps:\n\n", out);
                    for (unsigned k = 0; k < r->nsteps; k++) {
                        fprintf(out, "%u. ", k + 1);
                        txo_text(out, r->steps[k], strlen(r->steps[k]));
                        fputs("\n", out);
                    }
                }
            }
        }
        return TX_OK;
    }
    for (unsigned i = 0; i < rs->n; i++) {
        const txr_rule *r = rs->rules[i];
        if (f == TX_FORMAT_JSON) {
            fputs("{\"schema\":\"rules-v1\",\"id\":", out); /* docs/rules-v1.schema.json */
            txo_json_cstr(out, r->id);
            fputs(",\"category\":", out);
            txo_json_cstr(out, r->category);
            fprintf(out, ",\"kind\":\"%s\",\"confidence\":%d,\"title\":", kind_name(r->kind), r->confidence);
            txo_json_cstr(out, r->title);
            fputs(",\"file\":", out);
            txo_json_cstr(out, r->file);
            fprintf(out, ",\"line\":%u", r->line);
            if (r->origin) {
                fputs(",\"origin\":", out);
                txo_json_cstr(out, r->origin);
            }
            fputs("}\n", out);
        } else {
            fprintf(out, "%-40s %-26s %-5s %3d  %s", r->id, r->category, kind_name(r->kind), r->confidence, r->title);
            /* a shipped rule's line is as it always was; any other says where it came from */
            if (!is_builtin(r))
                fprintf(out, "  [%s %s:%u]", r->origin ? r->origin : "added", r->file, r->line);
            fputc('\n', out);
        }
    }
    return TX_OK;
}
