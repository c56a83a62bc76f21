/*
 * explain.c - the explain report: text for a terminal, JSON for tools,
 * Markdown for a ticket.  All three say the same things in the same order:
 * the verdict, the findings in rank order (each with its evidence lines
 * and remediation steps), risks and notes, what to capture next when the
 * evidence is thin, and every limit that was hit while reading.
 */
#include <stdlib.h>
#include <string.h>

#include "../rules/analysis.h"
#include "../parser/dialect.h"
#include "out.h"
#include "redact.h"
#include "report.h"

const char *txo_verdict_name(tx_verdict v)
{
    return v == TX_VERDICT_SUCCESS ? "success" : v == TX_VERDICT_FAILURE ? "failure" : "unknown";
}

static const char *kind_name(txr_kind k) { return k == TXR_KIND_CAUSE ? "cause" : k == TXR_KIND_RISK ? "risk" : "note"; }

/* ---- facts about the read, shared by the three formats -------------------------- */

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

int txo_limit_notes(const tx_analysis *a, char notes[][160], int max)
{
    const txi_stats *s = txi_parser_stats(a->p);
    int n = 0;
#define NOTE(...)                                                                                  \
    do {                                                                                           \
        if (n < max)                                                                               \
            snprintf(notes[n++], 160, __VA_ARGS__);                                                \
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
            budget_note(a, why, notes[n], 160);
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

static int has_debug(const tx_analysis *a)
{
    const txi_stats *s = txi_parser_stats(a->p);
    return s->dialect_lines[TXI_DIALECT_JDK11] || s->dialect_lines[TXI_DIALECT_LEGACY] ||
           s->dialect_lines[TXI_DIALECT_IBM];
}

static int saw_chain(const tx_analysis *a)
{
    for (unsigned i = 0; i < a->nkept; i++)
        for (const txi_event *e = a->kept[i]->first; e; e = e->next)
            if (e->type == TXE_CERTIFICATE)
                return 1;
    return 0;
}

int txo_next_steps(const tx_analysis *a, char steps[][600], int max)
{
    int n = 0;
    const char *cat = tx_analysis_top_category(a);
    const char *host = NULL;
    for (unsigned i = 0; i < a->nfind && !host; i++)
        host = txa_var_get(&a->findings[i], "host");
#define STEP(...)                                                                                  \
    do {                                                                                           \
        if (n < max)                                                                               \
            snprintf(steps[n++], 600, __VA_ARGS__);                                                \
    } while (0)
    const char *port = NULL;
    for (unsigned i = 0; i < a->nfind && !port; i++)
        port = txa_var_get(&a->findings[i], "port");
    if (!has_debug(a))
        STEP("This log has no JSSE debug output, so the handshake itself cannot be checked. Run the same "
             "program with the same JRE and `-Djavax.net.debug=all`, capturing stdout and stderr together "
             "(`... > tls-debug.log 2>&1`), and run tlsexplain on that file - or let tlsexplain do both with "
             "the application's Java: `tlsexplain capture --java <path/to/its/bin/java> https://%s:%s/`.",
             host ? host : "<host>", port ? port : host ? "443" : "<port>");
    if (a->verdict == TX_VERDICT_UNKNOWN && has_debug(a))
        STEP("No known cause matched. Check that the log covers the failing attempt from its ClientHello "
             "to the exception; if it was captured with `ssl` or `ssl:handshake` only, capture again with "
             "`-Djavax.net.debug=all`.");
    if (cat && !saw_chain(a) &&
        (!strcmp(cat, "untrusted-cert") || !strcmp(cat, "missing-intermediate") || !strcmp(cat, "expired") ||
         !strcmp(cat, "hostname-mismatch") || !strcmp(cat, "ssl-inspection-proxy") || !strcmp(cat, "not-yet-valid")))
        STEP("To see the certificates the server really sends, from the client machine: `openssl s_client "
             "-connect %s:%s -servername %s -showcerts </dev/null`.",
             host ? host : "<host>", port ? port : host ? "443" : "<port>", host ? host : "<host>");
#undef STEP
    return n;
}

/* ---- text -------------------------------------------------------------------------- */


static const char *col(const tx_analysis *a, const char *c) { return a->opt.color ? c : ""; }

/* Word-wrap s at width, first line already at column `at`, continuation
 * lines indented by `indent`.  Backtick spans are never broken. */
void txo_wrap(FILE *f, const char *s, int at, int indent, int width)
{
    int colm = at, first = 1;
    const char *p = s;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *w = p;
        int tick = 0;
        while (*p && (tick || *p != ' ')) {
            if (*p == '`')
                tick = !tick;
            p++;
        }
        int wl = (int)(p - w);
        if (!first && colm + 1 + wl > width) {
            fprintf(f, "\n%*s", indent, "");
            colm = indent;
        } else if (!first) {
            putc(' ', f);
            colm++;
        }
        first = 0;
        txo_text(f, w, (size_t)wl);
        colm += wl;
    }
}

/* An evidence line for the terminal: an SSLLogger header loses its thread
 * id, thread name and timestamp (the line number leads to the full line;
 * JSON and Markdown quote it whole), then the line is hard-wrapped. */
void txo_evidence_text(FILE *f, const char *t, int cut, int indent, int width)
{
    char buf[TX_MAX_EVIDENCE_LINE + 64];
    size_t n = strlen(t);
    const char *h = strstr(t, "javax.net.ssl|");
    if (h) {
        /* prefix, "javax.net.ssl|LEVEL|", then from the caller field on */
        const char *lv_end = strchr(h + 14, '|');
        const char *q = lv_end;
        const char *caller = NULL;
        for (const char *r = lv_end ? lv_end + 1 : NULL; r && *r; r++) {
            if (r[0] == '|' && r[1] >= '0' && r[1] <= '9' && r[5] == '-' && strlen(r) > 24) {
                caller = strchr(r + 1, '|');
                break;
            }
        }
        if (q && caller) {
            size_t pre = (size_t)(lv_end + 1 - t);
            int k = snprintf(buf, sizeof buf, "%.*s...%s", (int)pre, t, caller);
            if (k > 0 && (size_t)k < sizeof buf) {
                t = buf;
                n = (size_t)k;
            }
        }
    }
    int room = width - indent;
    if (room < 20)
        room = 20;
    size_t off = 0;
    for (int row = 0; off < n; row++) {
        if (row == 8) {
            fprintf(f, "%*s...\n", indent + 2, "");
            return;
        }
        size_t take = n - off;
        int here = row ? room - 2 : room;
        if (take > (size_t)here)
            take = (size_t)here;
        /* do not split a UTF-8 sequence */
        while (take > 1 && off + take < n && ((unsigned char)t[off + take] & 0xC0) == 0x80)
            take--;
        fprintf(f, "%*s", row ? indent + 2 : indent, "");
        txo_text(f, t + off, take);
        fputs("\n", f);
        off += take;
    }
    if (cut)
        fprintf(f, "%*s(line cut at %u bytes)\n", indent + 2, "", TX_MAX_EVIDENCE_LINE);
}

static void text_finding(FILE *f, const tx_analysis *a, const txa_finding *fd, int num, int width)
{
    const txr_rule *r = fd->rule;
    fprintf(f, "%s%d. %s%s", col(a, C_BOLD), num, r->title, col(a, C_OFF));
    fprintf(f, "\n   %s[%s]%s confidence %d", col(a, C_YELLOW), r->category, col(a, C_OFF), fd->score);
    if (fd->conns > 1)
        fprintf(f, ", seen on %u connections", fd->conns);
    fputs("\n", f);
    if (r->explain) {
        char *x = txa_render(a, fd, r->explain);
        if (x) {
            fputs("   ", f);
            txo_wrap(f, x, 3, 3, width);
            fputs("\n", f);
            free(x);
        }
    }
    if (fd->nev) {
        fprintf(f, "   %sEvidence:%s\n", col(a, C_BOLD), col(a, C_OFF));
        for (unsigned i = 0; i < fd->nev; i++) {
            fprintf(f, "     %s%s:%llu%s\n", col(a, C_DIM), a->name, (unsigned long long)fd->ev[i].line, col(a, C_OFF));
            char *masked = a->outr->r ? txo_redact_str(a->outr->r, fd->ev[i].text) : NULL;
            txo_evidence_text(f, masked ? masked : fd->ev[i].text, fd->ev[i].cut, 7, width);
            free(masked);
        }
    }
    char *const *steps;
    unsigned nsteps;
    txa_steps(a, fd, &steps, &nsteps);
    if (nsteps) {
        fprintf(f, "   %sFix:%s\n", col(a, C_BOLD), col(a, C_OFF));
        for (unsigned i = 0; i < nsteps; i++) {
            char *x = txa_render(a, fd, steps[i]);
            if (!x)
                continue;
            fprintf(f, "     %u. ", i + 1);
            txo_wrap(f, x, 8, 8, width);
            fputs("\n", f);
            free(x);
        }
    }
    for (unsigned i = 0; i < a->nfind; i++)
        if (a->findings[i].superseded_by == (int)fd->rule_index)
            fprintf(f, "   %s(also explains: %s)%s\n", col(a, C_DIM), a->findings[i].rule->title, col(a, C_OFF));
}

static void text_summary_line(FILE *f, const tx_analysis *a)
{
    const txi_stats *s = txi_parser_stats(a->p);
    char dialects[128];
    txi_parser_dialects_seen(a->p, dialects, sizeof dialects);
    fprintf(f, "   read %llu lines (%s); %llu connection%s, %llu completed, %llu failed\n",
            (unsigned long long)s->lines, dialects[0] ? dialects : "no known format", (unsigned long long)a->conns,
            a->conns == 1 ? "" : "s", (unsigned long long)a->completed, (unsigned long long)a->failed);
}

static void write_text(const tx_analysis *a, FILE *f)
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
    text_summary_line(f, a);
    if (a->profile)
        fprintf(f, "   profile: %s%s\n", strcmp(a->profile, "ia") == 0 ? "xMatters integration agent" : a->profile,
                a->profile_detected ? " (detected from the log)" : "");
    int num = 0;
    for (int pass = 0; pass < 3; pass++) {
        int header = 0;
        for (unsigned i = 0; i < a->nfind; i++) {
            const txa_finding *fd = &a->findings[i];
            if (fd->superseded_by >= 0 || kind_rank_of(fd->rule->kind) != pass)
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
    char steps[4][600];
    int ns = txo_next_steps(a, steps, 4);
    if (ns) {
        fprintf(f, "\n%sWhat to capture next%s\n", col(a, C_BOLD), col(a, C_OFF));
        for (int i = 0; i < ns; i++) {
            fputs("   - ", f);
            txo_wrap(f, steps[i], 5, 5, width);
            fputs("\n", f);
        }
    }
    char notes[12][160];
    int nn = txo_limit_notes(a, notes, 12);
    if (nn) {
        fprintf(f, "\n%sLimits%s\n", col(a, C_BOLD), col(a, C_OFF));
        for (int i = 0; i < nn; i++)
            fprintf(f, "   - %s\n", notes[i]);
    }
}

/* ---- JSON --------------------------------------------------------------------------- */

static void json_strarr(FILE *f, char *const *v, unsigned n, const tx_analysis *a, const txa_finding *fd)
{
    putc('[', f);
    for (unsigned i = 0; i < n; i++) {
        if (i)
            putc(',', f);
        char *x = fd ? txa_render(a, fd, v[i]) : NULL;
        txo_json_cstr(f, x ? x : v[i]);
        free(x);
    }
    putc(']', f);
}

void txo_json_findings(FILE *f, const tx_analysis *a)
{
    fputs("\"findings\":[", f);
    int first = 1;
    for (int pass = 0; pass < 3; pass++) {
        for (unsigned i = 0; i < a->nfind; i++) {
            const txa_finding *fd = &a->findings[i];
            const txr_rule *r = fd->rule;
            if (fd->superseded_by >= 0 || kind_rank_of(r->kind) != pass)
                continue;
            if (!first)
                putc(',', f);
            first = 0;
            fputs("{\"id\":", f);
            txo_json_cstr(f, r->id);
            fputs(",\"category\":", f);
            txo_json_cstr(f, r->category);
            fprintf(f, ",\"kind\":\"%s\",\"title\":", kind_name(r->kind));
            txo_json_cstr(f, r->title);
            fprintf(f, ",\"confidence\":%d,\"connections\":%u,\"explanation\":", fd->score, fd->conns);
            char *x = r->explain ? txa_render(a, fd, r->explain) : NULL;
            txo_json_cstr(f, x ? x : "");
            free(x);
            fputs(",\"evidence\":[", f);
            for (unsigned k = 0; k < fd->nev; k++) {
                if (k)
                    putc(',', f);
                fputs("{\"file\":", f);
                txo_json_cstr(f, a->name);
                fprintf(f, ",\"line\":%llu,\"text\":", (unsigned long long)fd->ev[k].line);
                txo_json_cstr(f, fd->ev[k].text);
                if (fd->ev[k].cut)
                    fputs(",\"cut\":true", f);
                putc('}', f);
            }
            fputs("],\"remediation\":", f);
            char *const *steps;
            unsigned nsteps;
            txa_steps(a, fd, &steps, &nsteps);
            json_strarr(f, steps, nsteps, a, fd);
            fputs(",\"references\":", f);
            json_strarr(f, r->refs, r->nrefs, a, NULL);
            fputs(",\"supersedes\":[", f);
            int sf = 1;
            for (unsigned k = 0; k < a->nfind; k++) {
                if (a->findings[k].superseded_by != (int)fd->rule_index)
                    continue;
                if (!sf)
                    putc(',', f);
                sf = 0;
                txo_json_cstr(f, a->findings[k].rule->id);
            }
            fputs("]}", f);
        }
    }
    putc(']', f);
}

static void write_json(const tx_analysis *a, FILE *f)
{
    const txi_stats *s = txi_parser_stats(a->p);
    fputs("{\"schema\":\"report-v1\",\"file\":", f); /* docs/report-v1.schema.json */
    txo_json_cstr(f, a->name);
    fprintf(f, ",\"verdict\":\"%s\",\"profile\":", txo_verdict_name(a->verdict));
    if (a->profile)
        txo_json_cstr(f, a->profile);
    else
        fputs("null", f);
    fputs(",\"top_category\":", f);
    const char *cat = tx_analysis_top_category(a);
    if (cat)
        txo_json_cstr(f, cat);
    else
        fputs("null", f);
    fprintf(f, ",\"summary\":{\"lines\":%llu,\"bytes\":%llu,\"connections\":%llu,\"completed\":%llu,\"failed\":%llu,\"dialects\":[",
            (unsigned long long)s->lines, (unsigned long long)s->bytes, (unsigned long long)a->conns,
            (unsigned long long)a->completed, (unsigned long long)a->failed);
    int first = 1;
    for (int i = 0; i < TXI_DIALECT__COUNT; i++) {
        if (!s->dialect_lines[i])
            continue;
        if (!first)
            putc(',', f);
        first = 0;
        txo_json_cstr(f, txi_dialects[i]->name);
    }
    fputs("]},", f);
    txo_json_findings(f, a);
    fputs(",\"next_steps\":[", f);
    char steps[4][600];
    int ns = txo_next_steps(a, steps, 4);
    for (int i = 0; i < ns; i++) {
        if (i)
            putc(',', f);
        txo_json_cstr(f, steps[i]);
    }
    fputs("],\"limits\":[", f);
    char notes[12][160];
    int nn = txo_limit_notes(a, notes, 12);
    for (int i = 0; i < nn; i++) {
        if (i)
            putc(',', f);
        txo_json_cstr(f, notes[i]);
    }
    fputs("]}\n", f);
}

/* ---- Markdown ---------------------------------------------------------------------- */

/* Steps and explanations use `code` spans already: pass them through. */
static void md_prose(FILE *f, const char *s) { txo_text(f, s, strlen(s)); }

static void write_md(const tx_analysis *a, FILE *f)
{
    fputs("### tlsexplain: ", f);
    txo_md_code(f, a->name, strlen(a->name));
    fprintf(f, " - **%s**\n\n", txo_verdict_name(a->verdict));
    const txi_stats *s = txi_parser_stats(a->p);
    char dialects[128];
    txi_parser_dialects_seen(a->p, dialects, sizeof dialects);
    fprintf(f, "Read %llu lines (%s); %llu connection%s, %llu completed, %llu failed.\n",
            (unsigned long long)s->lines, dialects[0] ? dialects : "no known format", (unsigned long long)a->conns,
            a->conns == 1 ? "" : "s", (unsigned long long)a->completed, (unsigned long long)a->failed);
    if (a->profile && !strcmp(a->profile, "ia"))
        fputs("Profile: xMatters integration agent.\n", f);
    int num = 0;
    for (int pass = 0; pass < 3; pass++) {
        int header = 0;
        for (unsigned i = 0; i < a->nfind; i++) {
            const txa_finding *fd = &a->findings[i];
            const txr_rule *r = fd->rule;
            if (fd->superseded_by >= 0 || kind_rank_of(r->kind) != pass)
                continue;
            if (!header) {
                fprintf(f, "\n#### %s\n", pass == 0 ? "Causes" : pass == 1 ? "Risks (not the cause of a failure)" : "Notes");
                header = 1;
            }
            fprintf(f, "\n**%d. ", ++num);
            txo_md_text(f, r->title, strlen(r->title));
            fprintf(f, "** (`%s`, confidence %d", r->category, fd->score);
            if (fd->conns > 1)
                fprintf(f, ", %u connections", fd->conns);
            fputs(")\n\n", f);
            if (r->explain) {
                char *x = txa_render(a, fd, r->explain);
                if (x) {
                    md_prose(f, x);
                    fputs("\n\n", f);
                    free(x);
                }
            }
            if (fd->nev) {
                fputs("Evidence:\n\n```\n", f);
                for (unsigned k = 0; k < fd->nev; k++) {
                    fprintf(f, "%s:%llu: ", a->name, (unsigned long long)fd->ev[k].line);
                    const char *t = fd->ev[k].text;
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
            char *const *steps;
            unsigned nsteps;
            txa_steps(a, fd, &steps, &nsteps);
            if (nsteps) {
                fputs("Fix:\n\n", f);
                for (unsigned k = 0; k < nsteps; k++) {
                    char *x = txa_render(a, fd, steps[k]);
                    if (!x)
                        continue;
                    fprintf(f, "%u. ", k + 1);
                    md_prose(f, x);
                    fputs("\n", f);
                    free(x);
                }
                fputs("\n", f);
            }
        }
    }
    char steps[4][600];
    int ns = txo_next_steps(a, steps, 4);
    if (ns) {
        fputs("\n#### What to capture next\n\n", f);
        for (int i = 0; i < ns; i++) {
            fputs("- ", f);
            md_prose(f, steps[i]);
            fputs("\n", f);
        }
    }
    char notes[12][160];
    int nn = txo_limit_notes(a, notes, 12);
    if (nn) {
        fputs("\n#### Limits\n\n", f);
        for (int i = 0; i < nn; i++)
            fprintf(f, "- %s\n", notes[i]);
    }
}

static void learn_analysis(txo_redactor *r, const tx_analysis *a)
{
    static const char *const host_vars[] = {"host", "sni", "leaf_cn", "host_asked", "badhost", "ip", NULL};
    static const char *const subj_vars[] = {"leaf_subject", "leaf_issuer", "top_subject", "top_issuer",
                                            "subject", "issuer", NULL};
    if (a->opt.host) /* --host */
        txo_redact_learn(r, TXO_RD_HOST, a->opt.host, strlen(a->opt.host));
    for (unsigned i = 0; i < a->nkept; i++)
        for (const txi_event *e = a->kept[i]->first; e; e = e->next)
            txo_redact_learn_event(r, e);
    for (const txi_event *e = txi_parser_globals(a->p); e; e = e->next)
        txo_redact_learn_event(r, e);
    for (unsigned i = 0; i < a->nfind; i++) {
        const txa_finding *fd = &a->findings[i];
        for (int k = 0; host_vars[k]; k++) {
            const char *v = txa_var_get(fd, host_vars[k]);
            if (v)
                txo_redact_learn(r, TXO_RD_HOST, v, strlen(v));
        }
        for (int k = 0; subj_vars[k]; k++) {
            const char *v = txa_var_get(fd, subj_vars[k]);
            if (v)
                txo_redact_learn(r, TXO_RD_SUBJECT, v, strlen(v));
        }
        const char *u = txa_var_get(fd, "url");
        if (u)
            txo_redact_learn(r, TXO_RD_URL, u, strlen(u));
        for (unsigned k = 0; k < fd->nev; k++) /* the lines quoted as evidence */
            txo_redact_learn_text(r, fd->ev[k].text, strlen(fd->ev[k].text));
    }
}

/* The input file names printed in report lines, once the names are known. */
static void learn_files(txo_redactor *r, const tx_analysis *a)
{
    txo_redact_learn_file(r, a->name);
    for (unsigned i = 0; i < a->nkept; i++)
        for (const txi_event *e = a->kept[i]->first; e; e = e->next)
            txo_redact_learn_file(r, txi_ev_str(e, TXF_FILE));
    for (const txi_event *e = txi_parser_globals(a->p); e; e = e->next)
        txo_redact_learn_file(r, txi_ev_str(e, TXF_FILE));
}

tx_status txo_write_redacted(const tx_analysis *a, const tx_analysis *b, tx_format fmt, FILE *out, txo_writer w)
{
    if (!a->opt.redact && !(b && b->opt.redact))
        return w(a, b, fmt, out);
    char *buf = NULL;
    size_t n = 0;
    txo_redactor *r = txo_redactor_new();
    FILE *mem = r ? open_memstream(&buf, &n) : NULL;
    if (!mem) {
        txo_redactor_free(r);
        return TX_ENOMEM;
    }
    /* learn first: templates and evidence are masked before text wrapping,
     * and everything else by the pass over the whole output below */
    learn_analysis(r, a);
    if (b)
        learn_analysis(r, b);
    learn_files(r, a);
    if (b)
        learn_files(r, b);
    a->outr->r = r;
    if (b)
        b->outr->r = r;
    tx_status s = w(a, b, fmt, mem);
    fclose(mem);
    learn_analysis(r, a);
    if (b)
        learn_analysis(r, b);
    learn_files(r, a);
    if (b)
        learn_files(r, b);
    txo_redact_write(r, buf, n, out);
    a->outr->r = NULL;
    if (b)
        b->outr->r = NULL;
    txo_redactor_free(r);
    free(buf);
    return s == TX_OK && ferror(out) ? TX_EIO : s;
}

char *tx_analysis_display_name(const tx_analysis *a)
{
    if (!a->opt.redact)
        return strdup(a->name);
    txo_redactor *r = txo_redactor_new();
    if (!r)
        return NULL;
    learn_analysis(r, a);
    learn_files(r, a);
    char *m = txo_redact_str(r, a->name);
    txo_redactor_free(r);
    return m;
}

static tx_status write_explain(const tx_analysis *a, const tx_analysis *b, tx_format fmt, FILE *f)
{
    (void)b;
    if (fmt == TX_FORMAT_JSON)
        write_json(a, f);
    else if (fmt == TX_FORMAT_SARIF)
        txo_write_sarif(a, f);
    else if (fmt == TX_FORMAT_MARKDOWN)
        write_md(a, f);
    else
        write_text(a, f);
    return ferror(f) ? TX_EIO : TX_OK;
}

tx_status tx_analysis_write(const tx_analysis *a, tx_format fmt, FILE *f)
{
    if (!a->finished)
        return TX_EINVAL;
    return txo_write_redacted(a, NULL, fmt, f, write_explain);
}
