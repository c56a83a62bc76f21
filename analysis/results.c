/*
 * results.c - results as data: the public accessors over the report model
 * (findings, evidence, variables, notes), the events and facts of a
 * finished analysis, the options set by number, and the evidence lent
 * between inputs.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "../rules/prefilter.h"
#include "context.h"
#include "model.h"
#include "redact.h"

/* tx_finding is a model finding; the model keeps it. */
static const txa_mfinding *mf(const tx_finding *f) { return (const txa_mfinding *)(const void *)f; }

/* ---- options ------------------------------------------------------------------------- */

tx_status tx_analysis_set_int(tx_analysis *a, tx_option opt, long long v)
{
    if (!a)
        return TX_EINVAL;
    if (opt == TX_OPT_HTML_INDEX) { /* writers' options: any time */
        a->html_index = v < 0 ? 0 : v > UINT_MAX ? UINT_MAX : (unsigned)v;
        if (a->model)
            a->model->html_index = a->html_index;
        return TX_OK;
    }
    if (opt == TX_OPT_COLOR || opt == TX_OPT_WIDTH) { /* writers' options: any time */
        int *dst = opt == TX_OPT_COLOR ? &a->opt.color : &a->opt.width;
        *dst = opt == TX_OPT_COLOR ? v != 0 : v < 0 ? 0 : v > 100000 ? 100000 : (int)v;
        if (a->model)
            *(opt == TX_OPT_COLOR ? &a->model->opt.color : &a->model->opt.width) = *dst;
        return TX_OK;
    }
    if (a->fed || a->finished)
        return TX_EINVAL;
    switch (opt) {
    case TX_OPT_REDACT: a->opt.redact = v != 0; return TX_OK;
    case TX_OPT_NOW: a->opt.now = v; return TX_OK;
    case TX_OPT_TOOL_SNIFF: a->tool_sniff = v != 0; return TX_OK;
    case TX_OPT_LAYOUT:
        if (v < 0)
            return TX_EINVAL;
        txi_parser_take_layout(a->p, v);
        return TX_OK;
    case TX_OPT_PREFILTER:
        if (a->pf)
            txr_prefilter_disable(a->pf, v == 0);
        a->prefilter_off = v == 0;
        a->budget.rxc = v == 0 || !a->rs ? NULL : a->rs->rxcache; /* (the reference: every search made) */
        return TX_OK;
    default: return TX_EINVAL;
    }
}

tx_status tx_analysis_set_str(tx_analysis *a, tx_option opt, const char *v)
{
    if (!a || a->fed || a->finished || (opt != TX_OPT_PROFILE && opt != TX_OPT_HOST))
        return TX_EINVAL;
    char *copy = v ? strdup(v) : NULL;
    if (v && !copy)
        return TX_ENOMEM;
    if (opt == TX_OPT_PROFILE) {
        free(a->profile);
        a->profile = copy;
        a->opt.profile = copy;
    } else {
        free(a->host_copy);
        a->host_copy = copy;
        a->opt.host = copy;
    }
    return TX_OK;
}

/* ---- lending ------------------------------------------------------------------------- */

int tx_analysis_is_tool_evidence(const tx_analysis *a) { return a && txa_is_tool_evidence(a); }

unsigned tx_analysis_context_listings(const tx_analysis *a) { return a ? txa_context_listings(a) : 0; }

tx_status tx_analysis_lend_context(tx_analysis *to, const tx_analysis *from, unsigned *lent)
{
    if (!to || !from || to->fed)
        return TX_EINVAL;
    unsigned n = txa_lend_context(to, from);
    if (lent)
        *lent = n;
    return TX_OK;
}

tx_status tx_analysis_lend_context_again(tx_analysis *to, const tx_analysis *from, unsigned *lent)
{
    if (!to || !from || to->finished)
        return TX_EINVAL;
    unsigned n = txa_lend_context_again(to, from);
    if (lent)
        *lent = n;
    return TX_OK;
}

/* ---- the report model ------------------------------------------------------------------ */

tx_verdict tx_analysis_verdict(const tx_analysis *a) { return a->verdict; }

const char *tx_analysis_top_category(const tx_analysis *a)
{
    for (unsigned i = 0; i < a->nfind; i++)
        if (a->findings[i].rule->kind == TXR_KIND_CAUSE && a->findings[i].superseded_by < 0)
            return a->findings[i].category;
    return NULL;
}

unsigned long long tx_analysis_stat(const tx_analysis *a, tx_stat which)
{
    if (which == TX_STAT_LAYOUT) /* (of the parser: before finish, and without a report) */
        return a ? (unsigned long long)txi_parser_layout(a->p) : 0;
    const txa_model *m = txa_model_get(a);
    if (!m)
        return 0;
    switch (which) {
    case TX_STAT_LINES: return m->lines;
    case TX_STAT_BYTES: return m->bytes;
    case TX_STAT_CONNECTIONS: return m->conns;
    case TX_STAT_COMPLETED: return m->completed;
    case TX_STAT_FAILED: return m->failed;
    case TX_STAT_AFTER_COMPLETED: return m->after_completed;
    case TX_STAT_FAILURES: return m->ngroups + m->other_failures;
    case TX_STAT_KEPT: return m->nkept;
    default: return 0;
    }
}

/* The i-th listed finding (causes, risks, notes; none explained away). */
static const txa_mfinding *listed(const txa_model *m, unsigned i)
{
    for (int pass = 0; m && pass < 3; pass++)
        for (unsigned k = 0; k < m->nfind; k++)
            if (m->findings[k].superseded_by < 0 && (int)m->findings[k].kind == pass && i-- == 0)
                return &m->findings[k];
    return NULL;
}

unsigned tx_analysis_finding_count(const tx_analysis *a)
{
    const txa_model *m = txa_model_get(a);
    unsigned n = 0;
    for (unsigned k = 0; m && k < m->nfind; k++)
        n += m->findings[k].superseded_by < 0;
    return n;
}

const tx_finding *tx_analysis_finding(const tx_analysis *a, unsigned i)
{
    return (const tx_finding *)(const void *)listed(txa_model_get(a), i);
}

const char *tx_finding_id(const tx_finding *f) { return f ? mf(f)->id : NULL; }
const char *tx_finding_category(const tx_finding *f) { return f ? mf(f)->category : NULL; }
const char *tx_finding_title(const tx_finding *f) { return f ? mf(f)->title : NULL; }
tx_kind tx_finding_kind(const tx_finding *f) { return f ? mf(f)->kind : TX_KIND_NOTE; }
int tx_finding_confidence(const tx_finding *f) { return f ? mf(f)->score : 0; }
unsigned tx_finding_connections(const tx_finding *f) { return f ? mf(f)->conns : 0; }
const char *tx_finding_explanation(const tx_finding *f) { return f ? mf(f)->explain : NULL; }
unsigned tx_finding_step_count(const tx_finding *f) { return f ? mf(f)->nsteps : 0; }

const char *tx_finding_step(const tx_finding *f, unsigned i)
{
    return f && i < mf(f)->nsteps ? mf(f)->steps[i] : NULL;
}

unsigned tx_finding_evidence_count(const tx_finding *f) { return f ? mf(f)->nev : 0; }

tx_status tx_finding_evidence(const tx_finding *f, unsigned i, unsigned long long *line, const char **text, int *cut)
{
    if (!f || i >= mf(f)->nev)
        return TX_EINVAL;
    if (line)
        *line = mf(f)->ev[i].line;
    if (text)
        *text = mf(f)->ev_text[i] ? mf(f)->ev_text[i] : "(redacted)";
    if (cut)
        *cut = mf(f)->ev[i].cut;
    return TX_OK;
}

unsigned tx_finding_var_count(const tx_finding *f) { return f ? mf(f)->nvars : 0; }

tx_status tx_finding_var(const tx_finding *f, unsigned i, const char **name, const char **value)
{
    if (!f || i >= mf(f)->nvars)
        return TX_EINVAL;
    if (name)
        *name = mf(f)->vars[i].name;
    if (value)
        *value = mf(f)->var_shown[i] ? mf(f)->var_shown[i] : "(redacted)";
    return TX_OK;
}

const char *tx_finding_var_get(const tx_finding *f, const char *name)
{
    for (unsigned i = 0; f && name && i < mf(f)->nvars; i++)
        if (strcmp(mf(f)->vars[i].name, name) == 0)
            return mf(f)->var_shown[i] ? mf(f)->var_shown[i] : "(redacted)";
    return NULL;
}

/* The model a finding belongs to: the findings are one array. */
static const txa_model *owner(const tx_finding *f);

unsigned tx_finding_explains_count(const tx_finding *f)
{
    const txa_model *m = owner(f);
    unsigned n = 0;
    for (unsigned k = 0; m && k < m->nfind; k++)
        n += m->findings[k].superseded_by == (int)(mf(f) - m->findings);
    return n;
}

const char *tx_finding_explains(const tx_finding *f, unsigned i)
{
    const txa_model *m = owner(f);
    for (unsigned k = 0; m && k < m->nfind; k++)
        if (m->findings[k].superseded_by == (int)(mf(f) - m->findings) && i-- == 0)
            return m->findings[k].id;
    return NULL;
}

static const txa_model *owner(const tx_finding *f) { return f ? mf(f)->model : NULL; }

unsigned tx_analysis_next_step_count(const tx_analysis *a)
{
    const txa_model *m = txa_model_get(a);
    return m ? (unsigned)m->nnext : 0;
}

const char *tx_analysis_next_step(const tx_analysis *a, unsigned i)
{
    const txa_model *m = txa_model_get(a);
    return m && i < (unsigned)m->nnext ? m->next[i] : NULL;
}

unsigned tx_analysis_note_count(const tx_analysis *a)
{
    const txa_model *m = txa_model_get(a);
    return m ? (unsigned)m->nnotes : 0;
}

const char *tx_analysis_note(const tx_analysis *a, unsigned i)
{
    const txa_model *m = txa_model_get(a);
    return m && i < (unsigned)m->nnotes ? m->notes[i] : NULL;
}

/* ---- events and facts ------------------------------------------------------------------ */

tx_status tx_analysis_each_event(const tx_analysis *a, tx_event_cb cb, void *ud)
{
    const txa_model *m = txa_model_get(a);
    if (!m || !cb)
        return TX_EINVAL;
    for (const txi_event *e = m->globals; e; e = e->next)
        cb((const tx_event *)(const void *)e, ud);
    for (unsigned i = 0; i < m->nkept; i++)
        for (const txi_event *e = m->kept[i]->first; e; e = e->next)
            cb((const tx_event *)(const void *)e, ud);
    return TX_OK;
}

typedef struct {
    tx_fact_cb cb;
    void *ud;
} fact_visit;

static void visit_fact(const tx_event *te, void *ud)
{
    const txi_event *e = (const txi_event *)(const void *)te;
    const fact_visit *v = ud;
    if (e->type == TXE_FACT)
        v->cb((unsigned)e->conn, txi_ev_str(e, TXF_NAME), txi_ev_str(e, TXF_VALUE), v->ud);
}

tx_status tx_analysis_each_fact(const tx_analysis *a, tx_fact_cb cb, void *ud)
{
    if (!cb)
        return TX_EINVAL;
    fact_visit v = {cb, ud};
    return tx_analysis_each_event(a, visit_fact, &v);
}

/* ---- --fail-on ------------------------------------------------------------------ */

int tx_analysis_has_finding(const tx_analysis *a, const char *category, int min_confidence)
{
    for (unsigned i = 0; a && i < a->nfind; i++) {
        const txa_finding *fd = &a->findings[i];
        if (fd->superseded_by >= 0 || fd->score < min_confidence)
            continue;
        if (!category || !strcmp(fd->category, category))
            return 1;
    }
    return 0;
}

int tx_ruleset_has_category(const tx_ruleset *rs, const char *category)
{
    for (unsigned i = 0; rs && i < rs->n; i++) {
        const txr_rule *r = rs->rules[i];
        if (!strcmp(r->category, category))
            return 1;
        for (unsigned k = 0; k < r->nadjust; k++)
            if (r->adjust[k].category && !strcmp(r->adjust[k].category, category))
                return 1;
    }
    return 0;
}

int tx_ruleset_has_profile(const tx_ruleset *rs, const char *profile)
{
    return rs && profile && txr_vocab_profile(&rs->voc, profile) != NULL;
}

char *tx_analysis_display_name(const tx_analysis *a)
{
    const txa_model *m = txa_model_get(a);
    return strdup(m ? m->name : a->name);
}

/* ---- names taught by the caller (--redact) -------------------------------------------- */

tx_status tx_analysis_redact_learn(tx_analysis *a, tx_redact_kind kind, const char *s, size_t n)
{
    if (!a || !s || a->finished || !a->opt.redact)
        return TX_EINVAL;
    static const int kinds[] = {[TX_REDACT_HOST] = TXA_RD_HOST,
                                [TX_REDACT_IP] = TXA_RD_IP,
                                [TX_REDACT_SUBJECT] = TXA_RD_SUBJECT,
                                [TX_REDACT_URL] = TXA_RD_URL};
    if (kind != TX_REDACT_TEXT && (kind < TX_REDACT_HOST || kind > TX_REDACT_URL))
        return TX_EINVAL;
    if (!a->redact_pre && !(a->redact_pre = txa_redactor_new()))
        return TX_ENOMEM;
    if (kind == TX_REDACT_TEXT)
        txa_redact_learn_text(a->redact_pre, s, n);
    else
        txa_redact_learn(a->redact_pre, kinds[kind], s, n);
    return TX_OK;
}

tx_status tx_analysis_write_redacted(const tx_analysis *a, const char *buf, size_t n, FILE *out)
{
    const txa_model *m = txa_model_get(a);
    if (!m || !out || (!buf && n))
        return TX_EINVAL;
    if (m->redactor)
        txa_redact_write(m->redactor, buf, n, out);
    else if (n)
        fwrite(buf, 1, n, out);
    return ferror(out) ? TX_EIO : TX_OK;
}
