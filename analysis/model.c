/*
 * model.c - the report model (model.h): built once by tx_analysis_finish
 * from the findings, the parser's counts and the kept connections, masked
 * once with --redact; and the public accessors over it.
 */
#include "model.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../parser/dialect.h"
#include "analysis.h"
#include "redact.h"

/* ---- limits hit while reading -------------------------------------------------- */

/* "2 rules were switched off by the regex budget (...): r0, r1" - as many
 * ids as fit, in rule order, then "and N more".  why: TXR_OFF_STOPS or
 * TXR_OFF_TIME (eval.h). */
static void budget_note(const tx_analysis *a, int why, char *out, size_t cap)
{
    const txr_budget *bg = &a->budget;
    unsigned noff = bg->noff[why];
    int k = why == TXR_OFF_STOPS
                ? snprintf(out, cap, "%u rule%s switched off by the regex budget (%u stopped searches per rule, %llu per run):",
                           noff, noff == 1 ? " was" : "s were", TX_REGEX_RULE_STOPS,
                           (unsigned long long)(TX_REGEX_BUDGET_UNITS / TX_PCRE2_MATCH_LIMIT))
                : snprintf(out, cap, "%u rule%s switched off by the regex time backstop (%u ms of slow searches per rule, %u per run; machine-dependent):",
                           noff, noff == 1 ? " was" : "s were", TX_REGEX_RULE_SLOW_MS, TX_REGEX_RUN_SLOW_MS);
    size_t len = k > 0 && (size_t)k < cap ? (size_t)k : strlen(out);
    unsigned shown = 0;
    for (unsigned i = 0; i < bg->nrules && shown < noff; i++) {
        if (bg->rule_off[i] != why)
            continue;
        const char *id = a->rs->rules[i]->id;
        char more[40] = "";
        unsigned left = noff - shown - 1;
        if (left)
            snprintf(more, sizeof more, " and %u more", left);
        /* room for ", id" and, unless it is the last, " and N more" after it */
        if (len + 2 + strlen(id) + strlen(more) >= cap) {
            if (!shown) { /* a long first id: its start, so the note names one */
                snprintf(more, sizeof more, "... and %u more", noff - 1);
                int room = (int)(cap - len - 2 - strlen(more));
                snprintf(out + len, cap - len, " %.*s%s", room > 0 ? room : 0, id, noff > 1 ? more : "...");
            } else {
                snprintf(out + len, cap - len, " and %u more", noff - shown);
            }
            return;
        }
        len += (size_t)snprintf(out + len, cap - len, "%s%s", shown ? ", " : " ", id);
        shown++;
    }
}

static int limit_notes(const tx_analysis *a, char notes[][TX_MAX_LIMIT_NOTE], int max)
{
    const txi_stats *s = txi_parser_stats(a->p);
    int n = 0;
#define NOTE(...)                                                                                  \
    do {                                                                                           \
        if (n < max)                                                                               \
            snprintf(notes[n++], TX_MAX_LIMIT_NOTE, __VA_ARGS__);                                                \
    } while (0)
    if (s->long_lines)
        NOTE("%llu line%s longer than %u bytes %s cut at that length", (unsigned long long)s->long_lines,
             s->long_lines == 1 ? "" : "s", TX_MAX_LINE, s->long_lines == 1 ? "was" : "were");
    if (s->binary_lines)
        NOTE("%llu line%s held NUL or other binary bytes", (unsigned long long)s->binary_lines,
             s->binary_lines == 1 ? "" : "s");
    if (s->truncated_block)
        NOTE("the input ended inside a multi-line block: the log looks cut off");
    if (s->dropped_events)
        NOTE("%llu event%s dropped by the per-connection or log-wide limits", (unsigned long long)s->dropped_events,
             s->dropped_events == 1 ? " was" : "s were");
    if (s->evicted_conns)
        NOTE("%llu connection%s closed early because more than %u (or %u MiB of events) were open at once",
             (unsigned long long)s->evicted_conns, s->evicted_conns == 1 ? " was" : "s were", TX_MAX_LIVE_CONNS,
             TX_MAX_LIVE_BYTES >> 20);
    if (a->dropped_kept)
        NOTE("%llu connection%s analysed but not kept for timeline/compare (the first %u, up to %u MiB, are)",
             (unsigned long long)a->dropped_kept, a->dropped_kept == 1 ? " was" : "s were", TX_MAX_KEPT_CONNS,
             TX_MAX_KEPT_BYTES >> 20);
    const txr_budget *bg = &a->budget;
    if (bg->stops)
        NOTE("%llu regex search%s stopped by the PCRE2 match limits", (unsigned long long)bg->stops,
             bg->stops == 1 ? " was" : "es were");
    for (int why = TXR_OFF_STOPS; why <= TXR_OFF_TIME; why++)
        if (bg->noff[why] && n < max) {
            budget_note(a, why, notes[n], TX_MAX_LIMIT_NOTE);
            n++;
        }
    if (bg->skipped)
        NOTE("%llu regex search%s of switched-off rules %s skipped", (unsigned long long)bg->skipped,
             bg->skipped == 1 ? "" : "es", bg->skipped == 1 ? "was" : "were");
    if (a->findings_dropped)
        NOTE("%llu finding%s over the limit of %u", (unsigned long long)a->findings_dropped,
             a->findings_dropped == 1 ? " was" : "s were", TX_MAX_FINDINGS);
    if (a->cut_events)
        NOTE("%llu event%s cut to %u fields, %u list items, %u bytes per value",
             (unsigned long long)a->cut_events, a->cut_events == 1 ? " was" : "s were", TX_MAX_FIELDS,
             TX_MAX_LIST_ITEMS, TX_MAX_FIELD_VALUE);
    if (a->matches_dropped)
        NOTE("%llu rule match%s on log lines %s dropped by the event limits", (unsigned long long)a->matches_dropped,
             a->matches_dropped == 1 ? "" : "es", a->matches_dropped == 1 ? "was" : "were");
    if (a->long_subjects)
        NOTE("%llu line%s longer than %u bytes %s searched by rule patterns in %s first %u bytes only",
             (unsigned long long)a->long_subjects, a->long_subjects == 1 ? "" : "s", TX_MAX_MATCH_SUBJECT,
             a->long_subjects == 1 ? "was" : "were", a->long_subjects == 1 ? "its" : "their", TX_MAX_MATCH_SUBJECT);
#undef NOTE
    return n;
}

/* ---- what to capture next ------------------------------------------------------ */

static int has_debug(const tx_analysis *a)
{
    const txi_stats *s = txi_parser_stats(a->p);
    return s->dialect_lines[TXI_DIALECT_JDK11] || s->dialect_lines[TXI_DIALECT_LEGACY] ||
           s->dialect_lines[TXI_DIALECT_IBM];
}

static int saw_event(const tx_analysis *a, int type)
{
    for (unsigned i = 0; i < a->nkept; i++)
        for (const txi_event *e = a->kept[i]->first; e; e = e->next)
            if ((int)e->type == type)
                return 1;
    return 0;
}

/* A category's capture step (vocab.h): {host} and {port} become the
 * finding's, else <host> and <port>, whose note (unknown) goes before the
 * step's final full stop. */
static void capture_step(const char *tpl, const char *host, const char *port, char *out, size_t cap)
{
    size_t n = 0;
    int uh = 0, up = 0;
    for (const char *p = tpl; *p && n + 1 < cap;) {
        const char *v = NULL;
        size_t skip = 0;
        if (!strncmp(p, "{host}", 6)) {
            v = host ? host : "<host>", skip = 6, uh |= !host;
        } else if (!strncmp(p, "{port}", 6)) {
            v = port ? port : "<port>", skip = 6, up |= !port;
        }
        if (!v) {
            out[n++] = *p++;
            continue;
        }
        size_t k = strlen(v);
        if (k > cap - 1 - n)
            k = cap - 1 - n;
        memcpy(out + n, v, k);
        n += k;
        p += skip;
    }
    out[n] = '\0';
    const char *note = uh && up ? " (`<host>`, `<port>`: the server the program connects to, not in this log)"
                       : uh     ? " (`<host>`: the server the program connects to, not in this log)"
                       : up     ? " (`<port>`: the server's port, not in this log; 443 for https:// without one)"
                                : "";
    size_t nl = strlen(note);
    int stop = n && out[n - 1] == '.';
    if (nl && n - (size_t)stop + nl + (size_t)stop < cap) {
        if (stop)
            n--;
        memcpy(out + n, note, nl);
        n += nl;
        if (stop)
            out[n++] = '.';
        out[n] = '\0';
    }
}

static int next_steps(const tx_analysis *a, char steps[][TX_MAX_NEXT_STEP], int max)
{
    int n = 0;
    const char *cat = tx_analysis_top_category(a);
    const char *host = NULL;
    for (unsigned i = 0; i < a->nfind && !host; i++)
        host = txa_var_get(&a->findings[i], "host");
#define STEP(...)                                                                                  \
    do {                                                                                           \
        if (n < max)                                                                               \
            snprintf(steps[n++], TX_MAX_NEXT_STEP, __VA_ARGS__);                                                \
    } while (0)
    const char *port = NULL;
    for (unsigned i = 0; i < a->nfind && !port; i++)
        port = txa_var_get(&a->findings[i], "port");
    /* an unknown host or port is a placeholder, and the step says so */
    const char *unknown = !host && !port ? " (`<host>`, `<port>`: the server the program connects to, not in "
                                           "this log)"
                          : !host        ? " (`<host>`: the server the program connects to, not in this log)"
                          : !port        ? " (`<port>`: the server's port, not in this log; 443 for https:// "
                                           "without one)"
                                         : "";
    /* a profile may say how its programs are captured (Android has no JSSE debug output) */
    const txr_profile *prof = txa_profile(a);
    /* a store that could not be loaded: no handshake to capture, the store loading is */
    int store = cat && (strcmp(cat, "keystore-password") == 0 || strcmp(cat, "truststore-missing-or-unreadable") == 0);
    int debug = has_debug(a);
    if (!debug && prof && prof->capture)
        STEP("%s", prof->capture);
    else if (!debug && store)
        STEP("This failure concerns a key or trust store (loading it, or what it holds), which Java reads before "
             "any handshake. To see "
             "which files, types and entries Java loads, run the program with "
             "`-Djavax.net.debug=ssl:keymanager:trustmanager` and run tlsexplain "
             "on that output, or list the store itself: `keytool -list -v -keystore <store-file>` "
             "(`<store-file>`: the store file the program is configured with).");
    else if (!debug)
        STEP("This log has no JSSE debug output, so the handshake itself cannot be checked. Run the same "
             "program with the same JRE and `-Djavax.net.debug=all`, capturing stdout and stderr together "
             "(`... > tls-debug.log 2>&1`), and run tlsexplain on that file - or let tlsexplain do both with "
             "the application's Java: `tlsexplain capture --java <path/to/its/bin/java> https://%s:%s/`%s.",
             host ? host : "<host>", port ? port : "<port>", unknown);
    if (a->verdict == TX_VERDICT_UNKNOWN && debug)
        STEP("No known cause matched. Check that the log covers the failing attempt from its ClientHello "
             "to the exception; if it was captured with `ssl` or `ssl:handshake` only, capture again with "
             "`-Djavax.net.debug=all`.");
    /* the top category's own steps (rules/tls/categories.yaml) */
    const txr_category *tc = cat && a->rs ? txr_vocab_category(&a->rs->voc, cat) : NULL;
    for (unsigned i = 0; tc && i < tc->ncapture && n < max; i++)
        if (tc->capture[i].unless_seen < 0 || !saw_event(a, tc->capture[i].unless_seen))
            capture_step(tc->capture[i].step, host, port, steps[n++], TX_MAX_NEXT_STEP);
#undef STEP
    return n;
}

/* ---- what --redact learns ------------------------------------------------------------ */

const char *txa_mvar(const txa_mfinding *f, const char *name)
{
    for (unsigned i = 0; i < f->nvars; i++)
        if (strcmp(f->vars[i].name, name) == 0)
            return f->vars[i].val;
    return NULL;
}

void txa_model_learn(txa_redactor *r, const txa_model *m)
{
    static const char *const host_vars[] = {"host", "sni", "leaf_cn", "host_asked", "badhost", "ip", NULL};
    static const char *const subj_vars[] = {"leaf_subject", "leaf_issuer", "top_subject", "top_issuer",
                                            "subject", "issuer", NULL};
    if (m->opt.host) /* --host */
        txa_redact_learn(r, TXA_RD_HOST, m->opt.host, strlen(m->opt.host));
    for (unsigned i = 0; i < m->nkept; i++)
        for (const txi_event *e = m->kept[i]->first; e; e = e->next)
            txa_redact_learn_event(r, e);
    for (const txi_event *e = m->globals; e; e = e->next)
        txa_redact_learn_event(r, e);
    for (unsigned i = 0; i < m->nfind; i++) {
        const txa_mfinding *fd = &m->findings[i];
        for (int k = 0; host_vars[k]; k++) {
            const char *v = txa_mvar(fd, host_vars[k]);
            if (v)
                txa_redact_learn(r, TXA_RD_HOST, v, strlen(v));
        }
        for (int k = 0; subj_vars[k]; k++) {
            const char *v = txa_mvar(fd, subj_vars[k]);
            if (v)
                txa_redact_learn(r, TXA_RD_SUBJECT, v, strlen(v));
        }
        const char *u = txa_mvar(fd, "url");
        if (u)
            txa_redact_learn(r, TXA_RD_URL, u, strlen(u));
        for (unsigned k = 0; k < fd->nev; k++) /* the lines quoted as evidence */
            txa_redact_learn_text(r, fd->ev[k].text, strlen(fd->ev[k].text));
    }
    for (unsigned i = 0; i < m->ngroups; i++) /* the failures of the summary */
        txa_redact_learn_text(r, m->groups[i].text, strlen(m->groups[i].text));
    size_t nc;
    const txa_ctxline *cl = txa_logctx_lines(m->context, &nc);
    for (size_t i = 0; i < nc; i++) /* the lines shown around the evidence */
        if (cl[i].text)
            txa_redact_learn_text(r, cl[i].text, strlen(cl[i].text));
}

/* The input file names printed in report lines, once the names are known. */
void txa_model_learn_files(txa_redactor *r, const txa_model *m)
{
    txa_redact_learn_file(r, m->raw_name);
    for (unsigned i = 0; i < m->nkept; i++)
        for (const txi_event *e = m->kept[i]->first; e; e = e->next)
            txa_redact_learn_file(r, txi_ev_str(e, TXF_FILE));
    for (const txi_event *e = m->globals; e; e = e->next)
        txa_redact_learn_file(r, txi_ev_str(e, TXF_FILE));
}

/* ---- building ------------------------------------------------------------------------ */

static int listed_pass(const txa_mfinding *f, int pass)
{
    return f->superseded_by < 0 && (int)f->kind == pass;
}

/* s masked by r, or a copy when r is NULL; NULL for NULL */
static char *shown(txa_redactor *r, const char *s, int *oom)
{
    if (!s)
        return NULL;
    char *m = r ? txa_redact_str(r, s) : strdup(s);
    if (!m)
        *oom = 1;
    return m;
}

static void mask_finding(txa_redactor *r, txa_mfinding *f, int *oom)
{
    if (f->ev_text)
        return; /* done */
    f->explain = r ? shown(r, f->raw_explain, oom) : f->raw_explain;
    f->ev_text = calloc(f->nev ? f->nev : 1, sizeof *f->ev_text);
    for (unsigned k = 0; f->ev_text && k < f->nev; k++) /* (unmasked: the finding's own, not copied) */
        f->ev_text[k] = r ? shown(r, f->ev[k].text, oom) : f->ev[k].text;
    if (!f->ev_text)
        *oom = 1;
    if (r) {
        f->steps = calloc(f->nsteps ? f->nsteps : 1, sizeof *f->steps);
        for (unsigned k = 0; f->steps && k < f->nsteps; k++)
            f->steps[k] = shown(r, f->raw_steps[k], oom);
        if (!f->steps)
            *oom = 1;
    } else {
        f->steps = f->raw_steps;
    }
}

/* A model is zeroed but for its next steps and limit notes (6.0 KB of its
 * 6.5 KB): each is written whole by next_steps() and limit_notes() and read
 * only below nnext and nnotes. */
static txa_model *model_alloc(void)
{
    static const txa_span unzeroed[] = {{offsetof(txa_model, next), sizeof ((txa_model *)0)->next},
                                        {offsetof(txa_model, notes), sizeof ((txa_model *)0)->notes}};
    return txa_alloc_zeroed_but(sizeof(txa_model), unzeroed, sizeof unzeroed / sizeof unzeroed[0]);
}

tx_status txa_model_build(tx_analysis *a)
{
    txa_model *m = model_alloc();
    if (!m)
        return TX_ENOMEM;
    a->model = m;
    int oom = 0;
    const txi_stats *s = txi_parser_stats(a->p);
    m->raw_name = a->name;
    m->opt = a->opt;
    m->html_index = a->html_index;
    m->verdict = a->verdict;
    m->profile = a->profile;
    const txr_profile *prof = txa_profile(a);
    m->profile_title = prof ? prof->title : NULL;
    m->profile_detected = a->profile_detected;
    m->lines = s->lines;
    m->bytes = s->bytes;
    txi_parser_dialects_seen(a->p, m->dialects, sizeof m->dialects);
    for (int i = 0; i < TXI_DIALECT__COUNT && m->ndialects < sizeof m->dialect_names / sizeof m->dialect_names[0]; i++)
        if (s->dialect_lines[i])
            m->dialect_names[m->ndialects++] = txi_dialects[i]->name;
    m->has_debug = has_debug(a);
    m->conns = a->conns;
    m->completed = a->completed;
    m->failed = a->failed;
    m->after_completed = a->after_completed;
    m->groups = a->fails.g;
    m->ngroups = a->fails.n;
    m->other_failures = a->fails.other;
    m->dropped_kept = a->dropped_kept;
    m->kept = a->kept;
    m->nkept = a->nkept;
    m->globals = txi_parser_globals(a->p);
    m->findings = calloc(a->nfind ? a->nfind : 1, sizeof *m->findings);
    if (!m->findings)
        return TX_ENOMEM;
    m->nfind = a->nfind;
    for (unsigned i = 0; i < a->nfind; i++) {
        const txa_finding *fd = &a->findings[i];
        const txr_rule *r = fd->rule;
        txa_mfinding *f = &m->findings[i];
        f->id = r->id;
        f->category = fd->category;
        const txr_category *cat = a->rs ? txr_vocab_category(&a->rs->voc, fd->category) : NULL;
        if (cat) {
            f->support = cat->support;
            f->nsupport = cat->nsupport;
        }
        f->title = r->title;
        f->kind = r->kind == TXR_KIND_CAUSE ? TX_KIND_CAUSE : r->kind == TXR_KIND_RISK ? TX_KIND_RISK : TX_KIND_NOTE;
        f->rule_index = fd->rule_index;
        f->score = fd->score;
        f->conns = fd->conns;
        f->model = m;
        f->superseded_by = -1;
        for (unsigned k = 0; fd->superseded_by >= 0 && k < a->nfind; k++)
            if (a->findings[k].rule_index == (unsigned)fd->superseded_by)
                f->superseded_by = (int)k;
        f->ev_as = -1;
        for (unsigned k = 0; fd->ev_as >= 0 && k < a->nfind; k++)
            if (a->findings[k].rule_index == (unsigned)fd->ev_as)
                f->ev_as = (int)k;
        f->refs = r->refs;
        f->nrefs = r->nrefs;
        f->ev = fd->ev;
        f->nev = f->ev_as >= 0 ? 0 : fd->nev;
        f->vars = fd->vars;
        f->nvars = fd->nvars;
        const char *ex = txa_explain(a, fd);
        if (ex && !(f->raw_explain = txa_render(a, fd, ex)))
            oom = 1;
        char *const *steps;
        unsigned nsteps;
        txa_steps(a, fd, &steps, &nsteps);
        f->raw_steps = calloc(nsteps ? nsteps : 1, sizeof *f->raw_steps);
        if (!f->raw_steps)
            return TX_ENOMEM;
        for (unsigned k = 0; k < nsteps; k++) {
            /* a step that cannot be rendered is left out, as the writers always did */
            char *x = txa_render(a, fd, steps[k]);
            if (x)
                f->raw_steps[f->nsteps++] = x;
            else
                oom = 1;
        }
    }
    m->top_category = tx_analysis_top_category(a);
    m->nnext = next_steps(a, m->next, TX_MAX_NEXT_STEPS);
    m->nnotes = limit_notes(a, m->notes, TX_MAX_LIMIT_NOTES);
    /* --redact: learn every name first, then mask in the order the reports
     * print (an address no event named is numbered where it is first met) */
    txa_redactor *r = NULL;
    if (a->opt.redact) {
        /* the names the caller taught first (tx_analysis_redact_learn), then the log's */
        r = m->redactor = a->redact_pre ? a->redact_pre : txa_redactor_new();
        a->redact_pre = NULL;
        if (!r)
            return TX_ENOMEM;
        txa_model_learn(r, m);
        txa_model_learn_files(r, m);
    }
    for (int pass = 0; pass < 3; pass++)
        for (unsigned i = 0; i < m->nfind; i++)
            if (listed_pass(&m->findings[i], pass))
                mask_finding(r, &m->findings[i], &oom);
    for (unsigned i = 0; i < m->nfind; i++)
        mask_finding(r, &m->findings[i], &oom);
    for (unsigned i = 0; i < m->nfind; i++) {
        txa_mfinding *f = &m->findings[i];
        f->var_shown = calloc(f->nvars ? f->nvars : 1, sizeof *f->var_shown);
        for (unsigned k = 0; f->var_shown && k < f->nvars; k++) /* (as ev_text) */
            f->var_shown[k] = r ? shown(r, f->vars[k].val, &oom) : f->vars[k].val;
        if (!f->var_shown)
            oom = 1;
    }
    m->group_text = calloc(m->ngroups ? m->ngroups : 1, sizeof *m->group_text);
    if (!m->group_text)
        return TX_ENOMEM;
    for (unsigned i = 0; i < m->ngroups; i++)
        m->group_text[i] = shown(r, m->groups[i].text, &oom);
    char *nm = shown(r, a->name, &oom);
    m->name = nm ? nm : a->name;
    a->model_name = nm;
    for (int i = 0; r && i < m->nnext; i++) {
        char *x = txa_redact_str(r, m->next[i]);
        if (x)
            snprintf(m->next[i], sizeof m->next[i], "%s", x);
        else
            snprintf(m->next[i], sizeof m->next[i], "(redacted)");
        free(x);
    }
    return oom ? TX_ENOMEM : TX_OK;
}

void txa_model_free(txa_model *m)
{
    if (!m)
        return;
    for (unsigned i = 0; m->findings && i < m->nfind; i++) {
        txa_mfinding *f = &m->findings[i];
        if (f->explain != f->raw_explain)
            free(f->explain);
        free(f->raw_explain);
        if (f->steps != f->raw_steps) {
            for (unsigned k = 0; f->steps && k < f->nsteps; k++)
                free(f->steps[k]);
            free(f->steps);
        }
        for (unsigned k = 0; f->raw_steps && k < f->nsteps; k++)
            free(f->raw_steps[k]);
        free(f->raw_steps);
        /* (masked copies with --redact; else the finding's own texts, in its
           analysis' finding_arena: mask_finding) */
        for (unsigned k = 0; m->redactor && f->ev_text && k < f->nev; k++)
            free(f->ev_text[k]);
        free(f->ev_text);
        for (unsigned k = 0; m->redactor && f->var_shown && k < f->nvars; k++)
            free(f->var_shown[k]);
        free(f->var_shown);
    }
    free(m->findings);
    for (unsigned i = 0; m->group_text && i < m->ngroups; i++)
        free(m->group_text[i]);
    free(m->group_text);
    txa_redactor_free(m->redactor);
    txa_logctx_free(m->context);
    free(m);
}

const txa_model *txa_model_get(const tx_analysis *a) { return a && a->finished ? a->model : NULL; }
const char *txa_model_name(const tx_analysis *a) { return a->name; }
const tx_options *txa_model_options(const tx_analysis *a) { return &a->opt; }
