/*
 * explain.c - the explain report: text for a terminal, JSON for tools,
 * Markdown for a ticket.  All three say the same things in the same order:
 * the verdict, the findings in rank order (each with its evidence lines
 * and remediation steps), risks and notes, what to capture next when the
 * evidence is thin, and every limit that was hit while reading.
 */
#include <stdlib.h>
#include <string.h>

#include "../analysis/redact.h"
#include "../common/out.h"
#include "html.h"
#include "report.h"

const char *txw_verdict_name(tx_verdict v)
{
    return v == TX_VERDICT_SUCCESS ? "success" : v == TX_VERDICT_FAILURE ? "failure" : "unknown";
}

static const char *kind_name(tx_kind k) { return k == TX_KIND_CAUSE ? "cause" : k == TX_KIND_RISK ? "risk" : "note"; }

/* ---- text -------------------------------------------------------------------------- */

static const char *col(const txa_model *a, const char *c) { return a->opt.color ? c : ""; }

static void text_finding(FILE *f, const txa_model *a, const txa_mfinding *fd, int num, int width)
{
    fprintf(f, "%s%d. %s%s", col(a, C_BOLD), num, fd->title, col(a, C_OFF));
    fprintf(f, "\n   %s[%s]%s confidence %d", col(a, C_YELLOW), fd->category, col(a, C_OFF), fd->score);
    if (fd->conns > 1)
        fprintf(f, ", seen on %u connections", fd->conns);
    fputs("\n", f);
    if (fd->explain) {
        fputs("   ", f);
        txo_wrap(f, fd->explain, 3, 3, width);
        fputs("\n", f);
    }
    if (fd->ev_as >= 0)
        fprintf(f, "   %sEvidence:%s the same lines as \"%s\" above\n", col(a, C_BOLD), col(a, C_OFF),
                a->findings[fd->ev_as].title);
    if (fd->nev) {
        fprintf(f, "   %sEvidence:%s\n", col(a, C_BOLD), col(a, C_OFF));
        for (unsigned i = 0; i < fd->nev; i++) {
            fprintf(f, "     %s%s:%llu%s\n", col(a, C_DIM), a->name, (unsigned long long)fd->ev[i].line, col(a, C_OFF));
            txo_evidence_text(f, fd->ev_text[i] ? fd->ev_text[i] : "(redacted)", fd->ev[i].cut, 7, width);
        }
    }
    if (fd->nsteps) {
        fprintf(f, "   %sFix:%s\n", col(a, C_BOLD), col(a, C_OFF));
        for (unsigned i = 0; i < fd->nsteps; i++) {
            if (!fd->steps[i])
                continue;
            fprintf(f, "     %u. ", i + 1);
            txo_wrap(f, fd->steps[i], 8, 8, width);
            fputs("\n", f);
        }
    }
    for (unsigned i = 0; i < a->nfind; i++)
        if (a->findings[i].superseded_by == (int)(fd - a->findings))
            fprintf(f, "   %s(also explains: %s)%s\n", col(a, C_DIM), a->findings[i].title, col(a, C_OFF));
}

void txw_conn_counts(char *buf, size_t n, const txa_model *a)
{
    int k = snprintf(buf, n, "%llu connection%s, %llu completed, %llu failed", (unsigned long long)a->conns,
                     a->conns == 1 ? "" : "s", (unsigned long long)a->completed, (unsigned long long)a->failed);
    if (k > 0 && (size_t)k < n && a->after_completed)
        snprintf(buf + k, n - (size_t)k, " (%s%llu after %s handshake completed)",
                 a->after_completed == a->failed && a->failed > 1 ? "all " : "", (unsigned long long)a->after_completed,
                 a->after_completed == 1 ? "its" : "their");
}

int txw_group_line(char *buf, size_t n, const txa_model *a, unsigned i)
{
    const txa_fgroup *g = &a->groups[i];
    buf[0] = '\0';
    const char *t = a->group_text && a->group_text[i] ? a->group_text[i] : "(redacted)";
    if (g->count < 2) {
        /* no cause named: what was read as the failure, so the reader can
           check it and search for it */
        if (a->verdict != TX_VERDICT_UNKNOWN || i >= TX_UNKNOWN_FAILURES_SHOWN)
            return 0;
        snprintf(buf, n, "the failure read, at line %llu: %s", (unsigned long long)g->first_line, t);
        return 1;
    }
    snprintf(buf, n, "the same failure %llu times, first at line %llu, last at line %llu: %s (fingerprint %s)",
             (unsigned long long)g->count, (unsigned long long)g->first_line, (unsigned long long)g->last_line, t,
             g->fingerprint);
    return 1;
}

static void text_summary_line(FILE *f, const txa_model *a, int width)
{
    char cc[160], gl[TX_MAX_FAILURE_TEXT + 160];
    txw_conn_counts(cc, sizeof cc, a);
    fprintf(f, "   read %llu lines (%s); %s\n", (unsigned long long)a->lines,
            a->dialects[0] ? a->dialects : "no known format", cc);
    for (unsigned i = 0; i < a->ngroups; i++)
        if (txw_group_line(gl, sizeof gl, a, i)) {
            fputs("   ", f);
            txo_wrap(f, gl, 3, 5, width);
            fputs("\n", f);
        }
}

static void write_text(const txa_model *a, FILE *f)
{
    int width = a->opt.width > 20 ? a->opt.width : 80;
    const char *vc = a->verdict == TX_VERDICT_SUCCESS ? C_GREEN : a->verdict == TX_VERDICT_FAILURE ? C_RED : C_YELLOW;
    fprintf(f, "%s: %s%s%s", a->name, col(a, C_BOLD), col(a, vc), a->verdict == TX_VERDICT_SUCCESS ? "SUCCESS"
                                                                   : a->verdict == TX_VERDICT_FAILURE ? "FAILURE"
                                                                                                        : "UNKNOWN");
    fprintf(f, "%s", col(a, C_OFF));
    if (a->verdict == TX_VERDICT_SUCCESS)
        fputs(" - every handshake completed, nothing failed\n", f);
    else if (a->verdict == TX_VERDICT_FAILURE)
        fputs(" - ranked causes below, most likely first\n", f);
    else
        fputs(" - no known cause matched the evidence\n", f);
    text_summary_line(f, a, width);
    if (a->profile)
        fprintf(f, "   profile: %s%s\n", a->profile_title ? a->profile_title : a->profile,
                a->profile_detected ? " (detected from the log)" : "");
    int num = 0;
    for (int pass = 0; pass < 3; pass++) {
        int header = 0;
        for (unsigned i = 0; i < a->nfind; i++) {
            const txa_mfinding *fd = &a->findings[i];
            if (fd->superseded_by >= 0 || (int)fd->kind != pass)
                continue;
            if (!header) {
                fprintf(f, "\n%s%s%s\n\n", col(a, C_BOLD),
                        pass == 0 ? "Causes" : pass == 1 ? "Risks (not the cause of a failure)" : "Notes", col(a, C_OFF));
                header = 1;
            }
            text_finding(f, a, fd, ++num, width);
            fputs("\n", f);
        }
    }
    if (a->nnext) {
        fprintf(f, "\n%sWhat to capture next%s\n", col(a, C_BOLD), col(a, C_OFF));
        for (int i = 0; i < a->nnext; i++) {
            fputs("   - ", f);
            txo_wrap(f, a->next[i], 5, 5, width);
            fputs("\n", f);
        }
    }
    if (a->nnotes) {
        fprintf(f, "\n%sLimits%s\n", col(a, C_BOLD), col(a, C_OFF));
        for (int i = 0; i < a->nnotes; i++)
            fprintf(f, "   - %s\n", a->notes[i]);
    }
}

/* ---- JSON --------------------------------------------------------------------------- */

/* A finding's string as shown: masked by the one redactor of a two-log
 * report (r: compare), else as the model shows it. */
static void json_shown(FILE *f, txa_redactor *r, const char *raw, const char *shown)
{
    char *m = r && raw ? txa_redact_str(r, raw) : NULL;
    const char *s = m ? m : r ? raw : shown;
    txo_json_cstr(f, s ? s : "");
    free(m);
}

void txw_json_findings(FILE *f, const txa_model *a, txa_redactor *r)
{
    fputs("\"findings\":[", f);
    int first = 1;
    for (int pass = 0; pass < 3; pass++) {
        for (unsigned i = 0; i < a->nfind; i++) {
            const txa_mfinding *fd = &a->findings[i];
            if (fd->superseded_by >= 0 || (int)fd->kind != pass)
                continue;
            if (!first)
                putc(',', f);
            first = 0;
            fputs("{\"id\":", f);
            txo_json_cstr(f, fd->id);
            fputs(",\"category\":", f);
            txo_json_cstr(f, fd->category);
            fprintf(f, ",\"kind\":\"%s\",\"title\":", kind_name(fd->kind));
            txo_json_cstr(f, fd->title);
            fprintf(f, ",\"confidence\":%d,\"connections\":%u,\"explanation\":", fd->score, fd->conns);
            json_shown(f, r, fd->raw_explain, fd->explain);
            if (fd->ev_as >= 0) {
                fputs(",\"evidence_as\":", f);
                txo_json_cstr(f, a->findings[fd->ev_as].id);
            }
            fputs(",\"evidence\":[", f);
            for (unsigned k = 0; k < fd->nev; k++) {
                if (k)
                    putc(',', f);
                fputs("{\"file\":", f);
                txo_json_cstr(f, r ? a->raw_name : a->name);
                fprintf(f, ",\"line\":%llu,\"text\":", (unsigned long long)fd->ev[k].line);
                /* a two-log report masks the whole output afterwards */
                txo_json_cstr(f, r ? fd->ev[k].text : fd->ev_text[k] ? fd->ev_text[k] : "(redacted)");
                if (fd->ev[k].cut)
                    fputs(",\"cut\":true", f);
                putc('}', f);
            }
            fputs("],\"remediation\":[", f);
            for (unsigned k = 0; k < fd->nsteps; k++) {
                if (k)
                    putc(',', f);
                json_shown(f, r, fd->raw_steps[k], fd->steps[k]);
            }
            fputs("],\"references\":[", f);
            for (unsigned k = 0; k < fd->nrefs; k++) {
                if (k)
                    putc(',', f);
                txo_json_cstr(f, fd->refs[k]);
            }
            fputs("],\"supersedes\":[", f);
            int sf = 1;
            for (unsigned k = 0; k < a->nfind; k++) {
                if (a->findings[k].superseded_by != (int)i)
                    continue;
                if (!sf)
                    putc(',', f);
                sf = 0;
                txo_json_cstr(f, a->findings[k].id);
            }
            fputs("]}", f);
        }
    }
    putc(']', f);
}

static void write_json(const txa_model *a, FILE *f)
{
    fputs("{\"schema\":\"report-v1\",\"file\":", f); /* docs/report-v1.schema.json */
    txo_json_cstr(f, a->name);
    fprintf(f, ",\"verdict\":\"%s\",\"profile\":", txw_verdict_name(a->verdict));
    if (a->profile)
        txo_json_cstr(f, a->profile);
    else
        fputs("null", f);
    fputs(",\"top_category\":", f);
    if (a->top_category)
        txo_json_cstr(f, a->top_category);
    else
        fputs("null", f);
    fprintf(f,
            ",\"summary\":{\"lines\":%llu,\"bytes\":%llu,\"connections\":%llu,\"completed\":%llu,\"failed\":%llu,"
            "\"failed_after_completed\":%llu,\"dialects\":[",
            (unsigned long long)a->lines, (unsigned long long)a->bytes, (unsigned long long)a->conns,
            (unsigned long long)a->completed, (unsigned long long)a->failed, (unsigned long long)a->after_completed);
    for (unsigned i = 0; i < a->ndialects; i++) {
        if (i)
            putc(',', f);
        txo_json_cstr(f, a->dialect_names[i]);
    }
    fputs("],\"failures\":[", f);
    for (unsigned i = 0; i < a->ngroups; i++) {
        const txa_fgroup *g = &a->groups[i];
        fprintf(f, "%s{\"fingerprint\":\"%s\",\"count\":%llu,\"after_completed\":%llu,\"first_line\":%llu,\"last_line\":%llu,\"category\":",
                i ? "," : "", g->fingerprint, (unsigned long long)g->count, (unsigned long long)g->after_completed,
                (unsigned long long)g->first_line, (unsigned long long)g->last_line);
        if (g->category)
            txo_json_cstr(f, g->category);
        else
            fputs("null", f);
        fputs(",\"failure\":", f);
        txo_json_cstr(f, a->group_text && a->group_text[i] ? a->group_text[i] : "(redacted)");
        putc('}', f);
    }
    fprintf(f, "],\"other_failures\":%llu},", (unsigned long long)a->other_failures);
    txw_json_findings(f, a, NULL);
    fputs(",\"next_steps\":[", f);
    for (int i = 0; i < a->nnext; i++) {
        if (i)
            putc(',', f);
        txo_json_cstr(f, a->next[i]);
    }
    fputs("],\"limits\":[", f);
    for (int i = 0; i < a->nnotes; i++) {
        if (i)
            putc(',', f);
        txo_json_cstr(f, a->notes[i]);
    }
    fputs("]}\n", f);
}

/* ---- Markdown ---------------------------------------------------------------------- */

/* Steps and explanations use `code` spans already: pass them through. */
static void md_prose(FILE *f, const char *s) { txo_text(f, s, strlen(s)); }

static void write_md(const txa_model *a, FILE *f)
{
    fputs("### tlsexplain: ", f);
    txo_md_code(f, a->name, strlen(a->name));
    fprintf(f, " - **%s**\n\n", txw_verdict_name(a->verdict));
    char cc[160], gl[TX_MAX_FAILURE_TEXT + 160];
    txw_conn_counts(cc, sizeof cc, a);
    fprintf(f, "Read %llu lines (%s); %s.\n", (unsigned long long)a->lines,
            a->dialects[0] ? a->dialects : "no known format", cc);
    for (unsigned i = 0; i < a->ngroups; i++)
        if (txw_group_line(gl, sizeof gl, a, i)) {
            fputs("\n- ", f);
            txo_md_text(f, gl, strlen(gl));
            fputs("\n", f);
        }
    if (a->profile_title) {
        fputs("Profile: ", f);
        txo_md_text(f, a->profile_title, strlen(a->profile_title));
        fputs(".\n", f);
    }
    int num = 0;
    for (int pass = 0; pass < 3; pass++) {
        int header = 0;
        for (unsigned i = 0; i < a->nfind; i++) {
            const txa_mfinding *fd = &a->findings[i];
            if (fd->superseded_by >= 0 || (int)fd->kind != pass)
                continue;
            if (!header) {
                fprintf(f, "\n#### %s\n", pass == 0 ? "Causes" : pass == 1 ? "Risks (not the cause of a failure)" : "Notes");
                header = 1;
            }
            fprintf(f, "\n**%d. ", ++num);
            txo_md_text(f, fd->title, strlen(fd->title));
            fprintf(f, "** (`%s`, confidence %d", fd->category, fd->score);
            if (fd->conns > 1)
                fprintf(f, ", %u connections", fd->conns);
            fputs(")\n\n", f);
            if (fd->explain) {
                md_prose(f, fd->explain);
                fputs("\n\n", f);
            }
            if (fd->ev_as >= 0) {
                fputs("Evidence: the same lines as \"", f);
                txo_md_text(f, a->findings[fd->ev_as].title, strlen(a->findings[fd->ev_as].title));
                fputs("\" above.\n\n", f);
            }
            if (fd->nev) {
                fputs("Evidence:\n\n```\n", f);
                for (unsigned k = 0; k < fd->nev; k++) {
                    fprintf(f, "%s:%llu: ", a->name, (unsigned long long)fd->ev[k].line);
                    const char *t = fd->ev_text[k] ? fd->ev_text[k] : "(redacted)";
                    /* a line holding ``` would close the block early */
                    for (const char *q = t; *q; q++)
                        if (q[0] == '`' && q[1] == '`' && q[2] == '`') {
                            fputs("(line contains a code fence; see the log)", f);
                            t = NULL;
                            break;
                        }
                    if (t)
                        txo_text(f, t, strlen(t));
                    fputs("\n", f);
                }
                fputs("```\n\n", f);
            }
            if (fd->nsteps) {
                fputs("Fix:\n\n", f);
                for (unsigned k = 0; k < fd->nsteps; k++) {
                    if (!fd->steps[k])
                        continue;
                    fprintf(f, "%u. ", k + 1);
                    md_prose(f, fd->steps[k]);
                    fputs("\n", f);
                }
                fputs("\n", f);
            }
        }
    }
    if (a->nnext) {
        fputs("\n#### What to capture next\n\n", f);
        for (int i = 0; i < a->nnext; i++) {
            fputs("- ", f);
            md_prose(f, a->next[i]);
            fputs("\n", f);
        }
    }
    if (a->nnotes) {
        fputs("\n#### Limits\n\n", f);
        for (int i = 0; i < a->nnotes; i++)
            fprintf(f, "- %s\n", a->notes[i]);
    }
}

/* ---- two logs, one redactor (compare, timeline) --------------------------------- */

tx_status txw_write_redacted(const txa_model *a, const txa_model *b, tx_format fmt, FILE *out, txw_writer w)
{
    if (!a->opt.redact && !(b && b->opt.redact))
        return w(a, b, NULL, fmt, out);
    char *buf = NULL;
    size_t n = 0;
    txa_redactor *r = txa_redactor_new();
    FILE *mem = r ? open_memstream(&buf, &n) : NULL;
    if (!mem) {
        txa_redactor_free(r);
        return TX_ENOMEM;
    }
    /* learn first: templates and evidence are masked before text wrapping,
     * and everything else by the pass over the whole output below */
    txa_model_learn(r, a);
    if (b)
        txa_model_learn(r, b);
    txa_model_learn_files(r, a);
    if (b)
        txa_model_learn_files(r, b);
    tx_status s = w(a, b, r, fmt, mem);
    fclose(mem);
    txa_model_learn(r, a);
    if (b)
        txa_model_learn(r, b);
    txa_model_learn_files(r, a);
    if (b)
        txa_model_learn_files(r, b);
    txa_redact_write(r, buf, n, out);
    txa_redactor_free(r);
    free(buf);
    return s == TX_OK && ferror(out) ? TX_EIO : s;
}

/* ---- the explain report: the model as it is (masked once, when it was built) ---- */

tx_status tx_write_wrapped(FILE *out, const char *s, int at, int indent, int width)
{
    if (!out || !s || at < 0 || indent < 0 || width < 1)
        return TX_EINVAL;
    txo_wrap(out, s, at, indent, width);
    return ferror(out) ? TX_EIO : TX_OK;
}

tx_status tx_analysis_write(const tx_analysis *an, tx_format fmt, FILE *f)
{
    const txa_model *a = txa_model_get(an);
    if (!a || !f)
        return TX_EINVAL;
    if (fmt == TX_FORMAT_JSON)
        write_json(a, f);
    else if (fmt == TX_FORMAT_SARIF)
        txw_write_sarif(a, f);
    else if (fmt == TX_FORMAT_MARKDOWN)
        write_md(a, f);
    else if (fmt == TX_FORMAT_HTML)
        txw_write_html(a, f);
    else
        write_text(a, f);
    return ferror(f) ? TX_EIO : TX_OK;
}
