/*
 * compare.c - a known-good log against a failing one.
 *
 * 1. Steps.  Each kept connection of each log becomes a step sequence
 *    (normalize.c); the log-wide truststore, keystore and configuration
 *    events form one more sequence, the "setup".
 * 2. Pairs.  BAD's failed connections choose first, then the others, each
 *    in BAD's order of appearance: each takes the unpaired GOOD
 *    connection with the same target host and port (score 4), the same
 *    host (3) or the same SNI name (2), else any; among equals one whose
 *    handshake completed, then the first in order.  When every GOOD
 *    connection is taken (BAD retried), it takes the best of them again.
 *    The pairs are listed in BAD's order.
 *    GOOD connections left without a partner stand alone (all of their
 *    steps are "missing in BAD"), as do BAD connections when GOOD has
 *    none.  Connections without any step are left out.
 * 3. Alignment.  The setup sequences, then each pair, are aligned
 *    (align.c).  The first divergence is the first operation that is not
 *    a match, in that order: the setup, the focus pair when BAD failed
 *    (step 4), then the other pairs.  The last shared
 *    step is the match just before it.  When the step is missing on one
 *    side, that side is represented by the step it goes on with, or else
 *    by the step where it stopped.
 * 4. Facts.  The focus pair is the pair whose BAD connection holds the
 *    evidence of BAD's top cause, else the first pair whose BAD connection
 *    failed (else the pair of the divergence, else the first pair).  Facts are
 *    read from the setup events of each log and the focus connections,
 *    and every fact whose value differs is a difference.  Fact names:
 *
 *      jvm.java_home jvm.log_format config.<property>
 *      truststore.path .default .type .anchors .anchor_subjects .error
 *      keystore.path .type .error
 *      connection.target sni
 *      protocols.offered protocol.negotiated ciphers.offered cipher.negotiated
 *      server.chain.length server.cert[i].<field> server.trusted_by
 *      client_auth.requested client_auth.certificate
 *      client.chain.length client.cert[i].<field>
 *      handshake.completed alerts exception exception.root
 *
 *    where <field> is subject issuer serial not_before not_after san key
 *    sig_alg basic_constraints key_usage ext_key_usage self_signed.
 *    List facts (anchor subjects, cipher suites offered) show what only
 *    that side has.
 * 5. Support.  Each finding of BAD (rank order, as explain ranks them) is
 *    marked with the differences that support it, through the table
 *    `support` (facts.c): a category names the fact globs that bear on it
 *    ("expired" <- "server.cert[*].not_after").  The table is the whole
 *    mapping; a category not in it is supported by the alerts and the
 *    exception only.
 *
 * Files: normalize.c (1, steps), pair.c (1 to 4), align.c (3), facts.c (4,
 * 5), this file the writers.  Output: text (two columns, width-aware),
 * JSON, Markdown.  Everything is deterministic: orders come from line
 * numbers and fixed tables.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/out.h"
#include "../analysis/redact.h"
#include "../report/html.h"
#include "../report/report.h"
#include "cmp.h"

/* ---- shared wording ------------------------------------------------------------------------ */

static int same_outcome(const txa_model *g, const txa_model *b)
{
    const char *cg = g->top_category, *cb = b->top_category;
    /* two unknowns are not "the same outcome": nothing says how either ended */
    return g->verdict == b->verdict && g->verdict != TX_VERDICT_UNKNOWN && ((!cg && !cb) || (cg && cb && !strcmp(cg, cb)));
}

static void outcome_sentence(const txa_model *g, const txa_model *b, char *buf, size_t n)
{
    buf[0] = '\0';
    if (!same_outcome(g, b)) {
        if (g->verdict == TX_VERDICT_FAILURE)
            snprintf(buf, n, "Note: the GOOD log fails too (%s); the comparison may not point at the cause.",
                     g->top_category);
        else if (g->verdict == TX_VERDICT_UNKNOWN)
            snprintf(buf, n, "Note: the GOOD log's verdict is unknown, not success; make sure it is a run that "
                             "works.");
        return;
    }
    if (g->verdict == TX_VERDICT_SUCCESS)
        snprintf(buf, n, "Same outcome: both logs succeed. There is no failure to explain; the differences below "
                         "are incidental.");
    else if (g->verdict == TX_VERDICT_FAILURE)
        snprintf(buf, n, "Same outcome: both logs fail the same way (%s). The differences below do not explain a "
                         "failure that only one of them has.",
                 b->top_category);
}

static const char *verdict_text(const txa_model *a, char *buf, size_t n)
{
    const char *cat = a->top_category;
    if (cat)
        snprintf(buf, n, "%s (%s)", txw_verdict_name(a->verdict), cat);
    else
        snprintf(buf, n, "%s", txw_verdict_name(a->verdict));
    return buf;
}

static const char *seg_title(const cmp *C, const seg *s, char *buf, size_t n)
{
    if (s->setup)
        snprintf(buf, n, "setup (log-wide: truststore, keystore, settings)");
    else if (s->g >= 0 && s->b >= 0)
        snprintf(buf, n, "connection %u of GOOD vs connection %u of BAD", (unsigned)C->G.c[s->g]->id,
                 (unsigned)C->B.c[s->b]->id);
    else if (s->g >= 0)
        snprintf(buf, n, "connection %u of GOOD (no counterpart in BAD)", (unsigned)C->G.c[s->g]->id);
    else
        snprintf(buf, n, "connection %u of BAD (no counterpart in GOOD)", (unsigned)C->B.c[s->b]->id);
    return buf;
}

static const char *setup_note(const cmp *C)
{
    if (C->unlogged_setup == 1)
        return "GOOD logs no truststore, keystore or settings (captured with a narrower -Djavax.net.debug?): the "
               "setup is not compared step by step.";
    if (C->unlogged_setup == 2)
        return "BAD logs no truststore, keystore or settings (captured with a narrower -Djavax.net.debug?): the "
               "setup is not compared step by step.";
    return NULL;
}

static const char *op_name(int op)
{
    return op == TXD_OP_MATCH ? "match" : op == TXD_OP_CHANGE ? "changed" : op == TXD_OP_GOOD ? "missing_in_bad"
                                                                                            : "only_in_bad";
}

static const char *ctx_words(int ctx, int bad)
{
    if (ctx == 1)
        return bad ? "missing in BAD, which goes on with" : "not in GOOD, which goes on with";
    if (ctx == 2)
        return bad ? "missing in BAD, which stops after" : "not in GOOD, which stops after";
    return "";
}

/* The findings of BAD that the writers list, in explain's order. */
static int listed(const txa_mfinding *f, int pass) { return f->superseded_by < 0 && (int)f->kind == pass; }

/* ---- text -------------------------------------------------------------------------------- */


typedef struct tout {
    FILE *f;
    int color, width;
    txa_redactor *r; /* --redact */
} tout;

static const char *tc(const tout *o, const char *c) { return o->color ? c : ""; }

/* A line that only opens a JSON member ("certificate" : {) says nothing
 * the step label does not: it is not quoted in text (JSON keeps it). */
static int json_opener(const char *t)
{
    while (*t == ' ' || *t == '\t')
        t++;
    size_t n = strlen(t);
    while (n && (t[n - 1] == ' ' || t[n - 1] == '\t'))
        n--;
    return n && t[0] == '"' && (t[n - 1] == '{' || t[n - 1] == '[');
}

static void text_step_line(const tout *o, const char *who, const txd_step *s, int ctx, int bad)
{
    char lab[512];
    if (!s) {
        fprintf(o->f, "      %-9s %s\n", who, bad ? "(no step at all in BAD)" : "(no step at all in GOOD)");
        return;
    }
    char at[32];
    snprintf(at, sizeof at, "%s:%llu", who, (unsigned long long)s->line);
    fprintf(o->f, "      %-12s ", at);
    txd_step_arrow(s, lab, sizeof lab);
    txd_mask(o->r, lab, sizeof lab);
    if (ctx) {
        const char *w = ctx_words(ctx, bad);
        int room = o->width - 19 - (int)strlen(w) - 3;
        fprintf(o->f, "%s(%s)%s", tc(o, C_DIM), w, tc(o, C_OFF));
        if (room < 20) {
            fprintf(o->f, "\n%19s", "");
            room = o->width - 19;
        } else {
            fputs(" ", o->f);
        }
        txo_put(o->f, lab, room, 0);
    } else {
        txo_put(o->f, lab, o->width - 19, 0);
    }
    fputs("\n", o->f);
    if (!ctx && s->ev->src && !json_opener(txd_line_body(s->ev->src->text))) {
        char body[TX_MAX_EVIDENCE_LINE + 1];
        snprintf(body, sizeof body, "%s", txd_line_body(s->ev->src->text));
        txd_mask(o->r, body, sizeof body);
        fprintf(o->f, "%19s%s\"", "", tc(o, C_DIM));
        txo_put(o->f, body, o->width - 21, 0);
        fprintf(o->f, "\"%s\n", tc(o, C_OFF));
    }
}

static void text_cell(const tout *o, const txd_step *s, int w, int pad)
{
    if (!s) {
        fprintf(o->f, "%*s", w, "");
        return;
    }
    char lab[512];
    txd_step_arrow(s, lab, sizeof lab);
    txd_mask(o->r, lab, sizeof lab);
    fprintf(o->f, "%6llu ", (unsigned long long)s->line);
    txo_put(o->f, lab, w - 7, pad);
}

static void text_side_by_side(const tout *o, const cmp *C, const seg *s)
{
    int w = (o->width - 3 - 3) / 2;
    if (w < 20)
        w = 20;
    char t[160];
    fprintf(o->f, "   %s%s%s\n", tc(o, C_BOLD), seg_title(C, s, t, sizeof t), tc(o, C_OFF));
    if (!s->nops) {
        fprintf(o->f, "      (no steps)\n");
        return;
    }
    for (size_t k = 0; k < s->nops; k++) {
        const txd_op *op = &s->ops[k];
        const txd_step *g = op->g != TXD_NONE ? &s->gs->v[op->g] : NULL;
        const txd_step *b = op->b != TXD_NONE ? &s->bs->v[op->b] : NULL;
        const char *mark = op->op == TXD_OP_MATCH ? " " : op->op == TXD_OP_CHANGE ? "|" : op->op == TXD_OP_GOOD ? "<" : ">";
        const char *mc = op->op == TXD_OP_MATCH ? "" : op->op == TXD_OP_GOOD ? C_RED : C_YELLOW;
        fputs("   ", o->f);
        text_cell(o, g, w, 1);
        fprintf(o->f, " %s%s%s%s", tc(o, mc), mark, tc(o, op->op == TXD_OP_MATCH ? "" : C_OFF), b ? " " : "");
        if (b) {
            fputs(tc(o, op->op == TXD_OP_MATCH ? "" : mc), o->f);
            text_cell(o, b, w, 0);
            fputs(tc(o, op->op == TXD_OP_MATCH ? "" : C_OFF), o->f);
        }
        fputs("\n", o->f);
    }
}

/* The next line of a wrapped value: leading blanks skipped, trailing ones not printed. */
static void next_piece(const char *s, size_t len, size_t *i, int w, size_t *start, size_t *n)
{
    while (*i < len && s[*i] == ' ')
        (*i)++;
    size_t take = *i < len ? txo_wrap_take(s + *i, len - *i, w) : 0;
    *start = *i;
    *n = take;
    while (*n && s[*start + *n - 1] == ' ')
        (*n)--;
    *i += take;
}

/* Width of each value column; *namew is the name column (0: the name goes
 * on its own line above the values).  Under 16: one value per line. */
static int diff_cols(int width, int *namew)
{
    if (width >= 100) {
        *namew = 28;
        return (width - 3 - 28 - 2 - 3) / 2;
    }
    *namew = 0;
    return (width - 6 - 3) / 2;
}

/* Two wrapped columns of values, after (or under) the fact name. */
static void text_diff(const tout *o, const fact *d)
{
    int namew, w = diff_cols(o->width, &namew);
    int lead = namew ? 3 + namew + 2 : 6;
    size_t nlen = strlen(d->name);
    const char *g = d->good ? d->good : "-", *b = d->bad ? d->bad : "-";
    fputs("   ", o->f);
    txo_text(o->f, d->name, nlen);
    if (w < 16) {
        fputs("\n", o->f);
        for (int sd = 0; sd < 2; sd++) {
            const char *v = sd ? b : g;
            size_t vl = strlen(v), vi = 0, st, sn;
            int firstl = 1;
            while (firstl || vi < vl) {
                next_piece(v, vl, &vi, o->width - 12 > 8 ? o->width - 12 : 8, &st, &sn);
                fprintf(o->f, "      %s", firstl ? (sd ? "BAD:  " : "GOOD: ") : "      ");
                txo_text(o->f, v + st, sn);
                fputs("\n", o->f);
                firstl = 0;
            }
        }
        return;
    }
    if (namew && (int)nlen <= namew)
        fprintf(o->f, "%*s", lead - 3 - (int)nlen, "");
    else
        fprintf(o->f, "\n%*s", lead, "");
    size_t gl = strlen(g), bl = strlen(b), gi = 0, bi = 0;
    int first = 1;
    while (first || gi < gl || bi < bl) {
        if (!first)
            fprintf(o->f, "%*s", lead, "");
        first = 0;
        size_t gs, gn, bs, bn;
        next_piece(g, gl, &gi, w, &gs, &gn);
        next_piece(b, bl, &bi, w, &bs, &bn);
        txo_text(o->f, g + gs, gn);
        if (bn) {
            fprintf(o->f, "%*s", w - (int)txo_width(g + gs, gn) + 3, "");
            fputs(tc(o, C_YELLOW), o->f);
            txo_text(o->f, b + bs, bn);
            fputs(tc(o, C_OFF), o->f);
        }
        fputs("\n", o->f);
    }
}

static void supported_list(const cmp *C, const txa_mfinding *fd, char *buf, size_t n)
{
    size_t off = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < C->diffs.n && off < n; i++) {
        if (!txd_supports(fd, C->diffs.v[i].name))
            continue;
        int k = snprintf(buf + off, n - off, "%s%s", off ? ", " : "", C->diffs.v[i].name);
        off = k < 0 || (size_t)k >= n - off ? n : off + (size_t)k;
    }
}

static void write_text(const cmp *C, FILE *f)
{
    const txa_model *g = C->G.a, *b = C->B.a;
    tout o = {f, b->opt.color, b->opt.width >= 20 ? b->opt.width : 80, C->r};
    char v[160], t[160], s[400];
    fprintf(f, "%scompare%s\n", tc(&o, C_BOLD), tc(&o, C_OFF));
    fprintf(f, "   GOOD  %s%s%s  %s\n", tc(&o, C_GREEN), g->raw_name, tc(&o, C_OFF), verdict_text(g, v, sizeof v));
    fprintf(f, "   BAD   %s%s%s  %s\n", tc(&o, C_RED), b->raw_name, tc(&o, C_OFF), verdict_text(b, v, sizeof v));
    snprintf(s, sizeof s, "connections: GOOD %llu (%llu completed, %llu failed), BAD %llu (%llu completed, %llu failed)",
             (unsigned long long)g->conns, (unsigned long long)g->completed, (unsigned long long)g->failed,
             (unsigned long long)b->conns, (unsigned long long)b->completed, (unsigned long long)b->failed);
    fputs("   ", f);
    txo_wrap(f, s, 3, 3, o.width);
    fputs("\n", f);
    outcome_sentence(g, b, s, sizeof s);
    if (s[0]) {
        fputs("\n   ", f);
        txo_wrap(f, s, 3, 3, o.width);
        fputs("\n", f);
    }

    fprintf(f, "\n%sFirst divergence%s\n", tc(&o, C_BOLD), tc(&o, C_OFF));
    const divergence *d = &C->dv;
    if (!d->found) {
        size_t steps = 0;
        for (unsigned i = 0; i < C->nseg; i++)
            steps += C->segs[i].nops;
        if (steps)
            fprintf(f, "   none: both logs take the same %zu steps (timestamps, randoms, names aside)\n", steps);
        else
            fputs("   none: neither log has TLS events to align (no JSSE debug output?)\n", f);
    } else {
        fprintf(f, "   %s\n", seg_title(C, &C->segs[d->seg], t, sizeof t));
        fputs("   last shared step\n", f);
        if (d->lg) {
            text_step_line(&o, "GOOD", d->lg, 0, 0);
            text_step_line(&o, "BAD", d->lb, 0, 1);
        } else {
            fputs("      (none: they differ from the first step)\n", f);
        }
        fprintf(f, "   first difference (%s)\n",
                d->op == TXD_OP_CHANGE ? "a different step" : d->op == TXD_OP_GOOD ? "missing in BAD" : "only in BAD");
        text_step_line(&o, "GOOD", d->g, d->gctx, 0);
        text_step_line(&o, "BAD", d->b, d->bctx, 1);
    }

    if (setup_note(C)) {
        fputs("   note: ", f);
        txo_wrap(f, setup_note(C), 9, 9, o.width);
        fputs("\n", f);
    }

    fprintf(f, "\n%sSide by side%s %s(| changed, < only in GOOD, > only in BAD)%s\n", tc(&o, C_BOLD), tc(&o, C_OFF),
            tc(&o, C_DIM), tc(&o, C_OFF));
    text_side_by_side(&o, C, &C->segs[0]);
    if (C->focus >= 0)
        text_side_by_side(&o, C, &C->segs[C->focus]);
    for (unsigned i = 1; i < C->nseg; i++) {
        if ((int)i == C->focus)
            continue;
        const seg *sg = &C->segs[i];
        size_t diff = 0;
        for (size_t k = 0; k < sg->nops; k++)
            diff += sg->ops[k].op != TXD_OP_MATCH;
        fprintf(f, "   %s: %zu step%s, %s\n", seg_title(C, sg, t, sizeof t), sg->nops, sg->nops == 1 ? "" : "s",
                diff ? "differs" : "same steps");
    }

    fprintf(f, "\n%sDifferences%s", tc(&o, C_BOLD), tc(&o, C_OFF));
    int col0 = 11; /* where the cursor is on the heading line */
    if (C->focus >= 0 && (C->G.n > 1 || C->B.n > 1)) {
        /* several connections: say which pair the connection facts come from */
        fprintf(f, " %s(log-wide, and %s)%s\n", tc(&o, C_DIM), seg_title(C, &C->segs[C->focus], t, sizeof t),
                tc(&o, C_OFF));
        col0 = 0;
    }
    if (!C->diffs.n) {
        fputs(col0 ? "\n   none: the facts read from both logs are the same\n"
                   : "   none: the facts read from both logs are the same\n",
              f);
    } else {
        int namew, w = diff_cols(o.width, &namew);
        if (w >= 16 && namew)
            fprintf(f, "%*sGOOD%*sBAD", 3 + namew + 2 - col0, "", w + 3 - 4, "");
        else if (w >= 16)
            fprintf(f, "%s%6sGOOD%*sBAD", col0 ? "\n" : "", "", w + 3 - 4, "");
        if (w >= 16 || col0)
            fputs("\n", f);
        for (size_t i = 0; i < C->diffs.n; i++)
            text_diff(&o, &C->diffs.v[i]);
    }

    fprintf(f, "\n%sFindings in BAD%s", tc(&o, C_BOLD), tc(&o, C_OFF));
    int num = 0;
    for (int pass = 0; pass < 3; pass++)
        for (unsigned i = 0; i < b->nfind; i++) {
            const txa_mfinding *fd = &b->findings[i];
            if (!listed(fd, pass))
                continue;
            if (!num)
                fputs(" (most likely first)\n", f);
            fprintf(f, "   %d. %s", ++num, tc(&o, C_BOLD));
            txo_wrap(f, fd->title, 6, 6, o.width);
            fprintf(f, "%s\n      [%s] %s, confidence %d\n", tc(&o, C_OFF), fd->category,
                    pass == 0 ? "cause" : pass == 1 ? "risk" : "note", fd->score);
            char sup[1024];
            supported_list(C, fd, sup, sizeof sup);
            fputs("      supported by: ", f);
            txo_wrap(f, sup[0] ? sup : "(no difference between the logs bears on it)", 20, 20, o.width);
            fputs("\n", f);
            if (fd->nev) {
                char at[64];
                snprintf(at, sizeof at, ":%llu", (unsigned long long)fd->ev[0].line);
                int room = o.width - 6 - (int)strlen(b->raw_name) - (int)strlen(at) - 2;
                fprintf(f, "      %s%s%s%s", tc(&o, C_DIM), b->raw_name, at, tc(&o, C_OFF));
                if (room < 40) {
                    fputs("\n        ", f);
                    room = o.width - 8;
                } else {
                    fputs("  ", f);
                }
                char body[TX_MAX_EVIDENCE_LINE + 1];
                snprintf(body, sizeof body, "%s", txd_line_body(fd->ev[0].text));
                txd_mask(C->r, body, sizeof body);
                txo_put(f, body, room, 0);
                fputs("\n", f);
            }
        }
    if (!num)
        fputs("\n   none: no rule matched the BAD log\n", f);

    int nl = 0;
    if (C->dropped_steps) {
        fprintf(f, "\n%sLimits%s\n", tc(&o, C_BOLD), tc(&o, C_OFF));
        fprintf(f, "   - %zu step%s past the first %u of a connection were not aligned\n", C->dropped_steps,
                C->dropped_steps == 1 ? "" : "s", TX_MAX_ALIGN_STEPS);
        nl = 1;
    }
    for (int sd = 0; sd < 2; sd++) {
        const txa_model *a = sd ? b : g;
        for (int i = 0; i < a->nnotes; i++) {
            if (!nl++)
                fprintf(f, "\n%sLimits%s\n", tc(&o, C_BOLD), tc(&o, C_OFF));
            fprintf(f, "   - %s: %s\n", sd ? "BAD" : "GOOD", a->notes[i]);
        }
    }
}

/* ---- JSON ---------------------------------------------------------------------------------- */

static void json_nstr(FILE *f, const char *s)
{
    if (s)
        txo_json_cstr(f, s);
    else
        fputs("null", f);
}

static void json_line(FILE *f, const char *key, const txd_step *s)
{
    fprintf(f, "\"%s_line\":", key);
    if (s && s->ev->src)
        fprintf(f, "%llu", (unsigned long long)s->line);
    else
        fputs("null", f);
}

static void json_text(FILE *f, txa_redactor *r, const char *key, const txd_step *s)
{
    fprintf(f, ",\"%s\":", key);
    if (s && s->ev->src)
        txd_json_masked(f, r, s->ev->src->text, s->ev->src->len);
    else
        fputs("null", f);
    if (s && s->ev->src && s->ev->src->cut)
        fprintf(f, ",\"%s_cut\":true", key);
    char lab[512];
    fprintf(f, ",\"%s_step\":", key);
    if (s) {
        txd_step_arrow(s, lab, sizeof lab);
        txd_json_masked(f, r, lab, strlen(lab));
    } else {
        fputs("null", f);
    }
}

static void json_conn_ids(FILE *f, const cmp *C, const seg *s)
{
    fprintf(f, "\"segment\":\"%s\",\"good_connection\":", s->setup ? "setup" : "connection");
    if (s->g >= 0)
        fprintf(f, "%u", (unsigned)C->G.c[s->g]->id);
    else
        fputs("null", f);
    fputs(",\"bad_connection\":", f);
    if (s->b >= 0)
        fprintf(f, "%u", (unsigned)C->B.c[s->b]->id);
    else
        fputs("null", f);
}

/* The explain findings, each object given a "supported_by" list.  The
 * objects are written by txw_json_findings (one schema for explain and
 * compare); this splices the extra member in before each object closes,
 * finding the rule by the object's leading "id". */
static void json_findings(FILE *f, const cmp *C)
{
    const txa_model *b = C->B.a;
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m) {
        txw_json_findings(f, b, C->r);
        return;
    }
    txw_json_findings(m, b, C->r);
    if (fclose(m) != 0 || !buf) {
        free(buf);
        txw_json_findings(f, b, C->r);
        return;
    }
    int depth = 0, instr = 0, esc = 0;
    size_t objstart = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = buf[i];
        if (instr) {
            if (esc)
                esc = 0;
            else if (ch == '\\')
                esc = 1;
            else if (ch == '"')
                instr = 0;
        } else if (ch == '"') {
            instr = 1;
        } else if (ch == '{' || ch == '[') {
            if (++depth == 2)
                objstart = i;
        } else if (ch == '}' || ch == ']') {
            if (ch == '}' && depth == 2) {
                const txa_mfinding *cat = NULL;
                static const char idkey[] = "{\"id\":\"";
                if (!strncmp(buf + objstart, idkey, sizeof idkey - 1)) {
                    const char *id = buf + objstart + sizeof idkey - 1;
                    size_t idn = strcspn(id, "\"\\");
                    for (unsigned k = 0; k < b->nfind && !cat; k++)
                        if (strlen(b->findings[k].id) == idn && !strncmp(b->findings[k].id, id, idn))
                            cat = &b->findings[k];
                }
                fputs(",\"supported_by\":[", f);
                int first = 1;
                for (size_t k = 0; cat && k < C->diffs.n; k++) {
                    if (!txd_supports(cat, C->diffs.v[k].name))
                        continue;
                    if (!first)
                        putc(',', f);
                    first = 0;
                    txo_json_cstr(f, C->diffs.v[k].name);
                }
                putc(']', f);
            }
            depth--;
        }
        putc(ch, f);
    }
    free(buf);
}

static void json_op_step(FILE *f, txa_redactor *r, const char *key, const txd_step *s)
{
    char lab[512];
    fprintf(f, ",\"%s\":", key);
    if (!s) {
        fputs("null", f);
        return;
    }
    txd_step_arrow(s, lab, sizeof lab);
    fprintf(f, "{\"line\":%llu,\"step\":", (unsigned long long)s->line);
    txd_json_masked(f, r, lab, strlen(lab));
    putc('}', f);
}

static void write_json(const cmp *C, FILE *f)
{
    const txa_model *g = C->G.a, *b = C->B.a;
    char s[400];
    fputs("{\"schema\":\"compare-v1\",\"good\":", f); /* docs/compare-v1.schema.json */
    txo_json_cstr(f, g->raw_name);
    fputs(",\"bad\":", f);
    txo_json_cstr(f, b->raw_name);
    fprintf(f, ",\"verdict_good\":\"%s\",\"verdict_bad\":\"%s\",\"top_category_good\":", txw_verdict_name(g->verdict),
            txw_verdict_name(b->verdict));
    json_nstr(f, g->top_category);
    fputs(",\"top_category_bad\":", f);
    json_nstr(f, b->top_category);
    fprintf(f, ",\"same_outcome\":%s,\"outcome\":", same_outcome(g, b) ? "true" : "false");
    outcome_sentence(g, b, s, sizeof s);
    json_nstr(f, s[0] ? s : NULL);
    fprintf(f, ",\"connections\":{\"good\":%llu,\"bad\":%llu,\"paired\":", (unsigned long long)g->conns,
            (unsigned long long)b->conns);
    unsigned paired = 0;
    for (unsigned i = 0; i < C->nseg; i++)
        paired += !C->segs[i].setup && C->segs[i].g >= 0 && C->segs[i].b >= 0;
    fprintf(f, "%u}", paired);

    fputs(",\"first_divergence\":", f);
    const divergence *d = &C->dv;
    if (!d->found) {
        fputs("null", f);
    } else {
        fprintf(f, "{\"kind\":\"%s\",", op_name(d->op));
        json_conn_ids(f, C, &C->segs[d->seg]);
        putc(',', f);
        json_line(f, "good", d->g);
        putc(',', f);
        json_line(f, "bad", d->b);
        json_text(f, C->r, "good", d->g);
        json_text(f, C->r, "bad", d->b);
        fprintf(f, ",\"good_context\":%s,\"bad_context\":%s",
                d->gctx == 1 ? "\"goes_on_with\"" : d->gctx == 2 ? "\"stopped_after\"" : "null",
                d->bctx == 1 ? "\"goes_on_with\"" : d->bctx == 2 ? "\"stopped_after\"" : "null");
        fputs(",\"last_shared\":", f);
        if (d->lg) {
            putc('{', f);
            json_line(f, "good", d->lg);
            putc(',', f);
            json_line(f, "bad", d->lb);
            json_text(f, C->r, "good", d->lg);
            json_text(f, C->r, "bad", d->lb);
            putc('}', f);
        } else {
            fputs("null", f);
        }
        putc('}', f);
    }

    /* the connections the connection facts were read from */
    fputs(",\"focus\":", f);
    if (C->focus >= 0) {
        putc('{', f);
        json_conn_ids(f, C, &C->segs[C->focus]);
        putc('}', f);
    } else {
        fputs("null", f);
    }
    fputs(",\"differences\":[", f);
    for (size_t i = 0; i < C->diffs.n; i++) {
        const fact *x = &C->diffs.v[i];
        if (i)
            putc(',', f);
        fputs("{\"fact\":", f);
        txo_json_cstr(f, x->name);
        fputs(",\"good\":", f);
        json_nstr(f, x->good);
        fputs(",\"bad\":", f);
        json_nstr(f, x->bad);
        putc('}', f);
    }
    fputs("],", f);
    json_findings(f, C);

    fputs(",\"alignment\":[", f);
    for (unsigned i = 0; i < C->nseg; i++) {
        const seg *sg = &C->segs[i];
        if (i)
            putc(',', f);
        putc('{', f);
        json_conn_ids(f, C, sg);
        fputs(",\"steps\":[", f);
        for (size_t k = 0; k < sg->nops; k++) {
            const txd_op *op = &sg->ops[k];
            if (k)
                putc(',', f);
            fprintf(f, "{\"op\":\"%s\"", op_name(op->op));
            json_op_step(f, C->r, "good", op->g != TXD_NONE ? &sg->gs->v[op->g] : NULL);
            json_op_step(f, C->r, "bad", op->b != TXD_NONE ? &sg->bs->v[op->b] : NULL);
            putc('}', f);
        }
        fputs("]}", f);
    }
    fputs("],\"notes\":[", f);
    if (setup_note(C))
        txo_json_cstr(f, setup_note(C));
    fputs("],\"limits\":[", f);
    int first = 1;
    if (C->dropped_steps) {
        fprintf(f, "\"%zu steps past the first %u of a connection were not aligned\"", C->dropped_steps, TX_MAX_ALIGN_STEPS);
        first = 0;
    }
    for (int sd = 0; sd < 2; sd++) {
        const txa_model *x = sd ? b : g;
        for (int i = 0; i < x->nnotes; i++) {
            char line[200];
            snprintf(line, sizeof line, "%s: %.160s", sd ? "BAD" : "GOOD", x->notes[i]);
            if (!first)
                putc(',', f);
            first = 0;
            txo_json_cstr(f, line);
        }
    }
    fputs("]}\n", f);
}

/* ---- Markdown ---------------------------------------------------------------------------------- */

static void md_cell_step(FILE *f, const char *file, const txd_step *s, int ctx, int bad)
{
    if (!s) {
        fputs("-", f);
        return;
    }
    char lab[512];
    txd_step_arrow(s, lab, sizeof lab);
    if (ctx) {
        fputs("*", f);
        fputs(ctx_words(ctx, bad), f);
        fputs("* ", f);
    }
    char at[600];
    snprintf(at, sizeof at, "%s:%llu", file, (unsigned long long)s->line);
    txo_md_code(f, at, strlen(at));
    fputs(" ", f);
    txo_md_text(f, lab, strlen(lab));
}

static void md_quote(FILE *f, const char *file, const txd_step *s)
{
    if (!s || !s->ev->src)
        return;
    const char *t = s->ev->src->text;
    fprintf(f, "%s:%llu: ", file, (unsigned long long)s->line);
    if (strstr(t, "```"))
        fputs("(line contains a code fence; see the log)", f);
    else
        txo_text(f, t, strlen(t));
    fputs("\n", f);
}

static void write_md(const cmp *C, FILE *f)
{
    const txa_model *g = C->G.a, *b = C->B.a;
    char v[160], t[160], s[400];
    fputs("### tlsexplain compare: ", f);
    txo_md_code(f, g->raw_name, strlen(g->raw_name));
    fputs(" vs ", f);
    txo_md_code(f, b->raw_name, strlen(b->raw_name));
    fputs("\n\n| | log | verdict | connections |\n|---|---|---|---|\n| GOOD | ", f);
    txo_md_code(f, g->raw_name, strlen(g->raw_name));
    fprintf(f, " | %s | %llu (%llu completed, %llu failed) |\n| BAD | ", verdict_text(g, v, sizeof v),
            (unsigned long long)g->conns, (unsigned long long)g->completed, (unsigned long long)g->failed);
    txo_md_code(f, b->raw_name, strlen(b->raw_name));
    fprintf(f, " | %s | %llu (%llu completed, %llu failed) |\n", verdict_text(b, v, sizeof v),
            (unsigned long long)b->conns, (unsigned long long)b->completed, (unsigned long long)b->failed);
    outcome_sentence(g, b, s, sizeof s);
    if (s[0])
        fprintf(f, "\n**%s**\n", s);

    fputs("\n#### First divergence\n\n", f);
    const divergence *d = &C->dv;
    if (!d->found) {
        fputs("None: both logs take the same steps.\n", f);
    } else {
        fprintf(f, "%s: %s.\n\n| | GOOD | BAD |\n|---|---|---|\n| last shared step | ",
                seg_title(C, &C->segs[d->seg], t, sizeof t),
                d->op == TXD_OP_CHANGE ? "a different step" : d->op == TXD_OP_GOOD ? "a step missing in BAD"
                                                                                   : "a step only in BAD");
        md_cell_step(f, g->raw_name, d->lg, 0, 0);
        fputs(" | ", f);
        md_cell_step(f, b->raw_name, d->lb, 0, 1);
        fputs(" |\n| first difference | ", f);
        md_cell_step(f, g->raw_name, d->g, d->gctx, 0);
        fputs(" | ", f);
        md_cell_step(f, b->raw_name, d->b, d->bctx, 1);
        fputs(" |\n\n```\n", f);
        md_quote(f, g->raw_name, d->gctx ? NULL : d->g);
        md_quote(f, b->raw_name, d->bctx ? NULL : d->b);
        fputs("```\n", f);
    }

    if (setup_note(C))
        fprintf(f, "\nNote: %s\n", setup_note(C));

    fputs("\n#### Side by side\n\n`|` changed, `<` only in GOOD, `>` only in BAD\n\n```\n", f);
    tout o = {f, 0, 100, C->r};
    text_side_by_side(&o, C, &C->segs[0]);
    if (C->focus >= 0)
        text_side_by_side(&o, C, &C->segs[C->focus]);
    fputs("```\n", f);

    fputs("\n#### Differences\n\n", f);
    if (!C->diffs.n) {
        fputs("None: the facts read from both logs are the same.\n", f);
    } else {
        fputs("| fact | GOOD | BAD |\n|---|---|---|\n", f);
        for (size_t i = 0; i < C->diffs.n; i++) {
            const fact *x = &C->diffs.v[i];
            fputs("| ", f);
            txo_md_code(f, x->name, strlen(x->name));
            fputs(" | ", f);
            if (x->good)
                txo_md_text(f, x->good, strlen(x->good));
            else
                fputs("-", f);
            fputs(" | ", f);
            if (x->bad)
                txo_md_text(f, x->bad, strlen(x->bad));
            else
                fputs("-", f);
            fputs(" |\n", f);
        }
    }

    fputs("\n#### Findings in BAD\n\n", f);
    int num = 0;
    for (int pass = 0; pass < 3; pass++)
        for (unsigned i = 0; i < b->nfind; i++) {
            const txa_mfinding *fd = &b->findings[i];
            if (!listed(fd, pass))
                continue;
            fprintf(f, "%d. **", ++num);
            txo_md_text(f, fd->title, strlen(fd->title));
            fprintf(f, "** (`%s`, confidence %d) - supported by: ", fd->category, fd->score);
            int any = 0;
            for (size_t k = 0; k < C->diffs.n; k++) {
                if (!txd_supports(fd, C->diffs.v[k].name))
                    continue;
                fputs(any ? ", " : "", f);
                txo_md_code(f, C->diffs.v[k].name, strlen(C->diffs.v[k].name));
                any = 1;
            }
            fputs(any ? "\n" : "no difference between the logs bears on it\n", f);
        }
    if (!num)
        fputs("None: no rule matched the BAD log.\n", f);
}

/* ---- HTML ---------------------------------------------------------------------------------- */

static void esc_ctx(FILE *f, const char *s) { txw_html_esc(f, s, strlen(s)); }

static txw_rung step_rung(const txd_step *s, int local)
{
    txw_rung r;
    memset(&r, 0, sizeof r);
    r.line = s->line;
    txw_rung_clock(&r, s->ev);
    r.repeat = s->repeat ? s->repeat : 1;
    txd_step_label(s, r.label, sizeof r.label);
    switch (s->kind) {
    case TXD_S_MESSAGE:
    case TXD_S_CERT:
    case TXD_S_SNI:
        r.kind = TXW_R_MSG;
        break;
    case TXD_S_ALERT:
        r.kind = TXW_R_ALERT;
        break;
    case TXD_S_EXCEPTION:
        r.kind = TXW_R_EXC;
        break;
    default:
        r.kind = TXW_R_NOTE;
    }
    r.from = s->from ? s->from : (uint8_t)local;
    r.to = s->to ? s->to : (uint8_t)(r.from == 1 ? 2 : 1);
    return r;
}

/* The two ladders of a segment, row for row along the alignment. */
static void html_pair(const cmp *C, const seg *sg, const txw_html *hg, const txw_html *hb, unsigned si)
{
    FILE *f = hg->f;
    size_t n = sg->nops;
    txw_rung *g = n ? calloc(n, sizeof *g) : NULL, *b = n ? calloc(n, sizeof *b) : NULL;
    if (!g || !b) {
        free(g);
        free(b);
        return;
    }
    int lg = sg->g >= 0 ? txd_local_side(C->G.c[sg->g]) : TXD_SIDE_CLIENT;
    int lb = sg->b >= 0 ? txd_local_side(C->B.c[sg->b]) : TXD_SIDE_CLIENT;
    for (size_t k = 0; k < n; k++) {
        const txd_op *op = &sg->ops[k];
        const txd_step *sgs = op->g != TXD_NONE ? &sg->gs->v[op->g] : NULL;
        const txd_step *sbs = op->b != TXD_NONE ? &sg->bs->v[op->b] : NULL;
        g[k].kind = b[k].kind = TXW_R_GAP;
        if (sgs)
            g[k] = step_rung(sgs, lg);
        if (sbs)
            b[k] = step_rung(sbs, lb);
        uint8_t mark = op->op == TXD_OP_CHANGE ? TXW_M_CHANGED : op->op == TXD_OP_MATCH ? TXW_M_NONE : TXW_M_ONLY;
        g[k].mark = b[k].mark = mark;
        if (C->dv.found && C->dv.seg == si) {
            if (sgs && sgs == C->dv.g)
                g[k].mark = TXW_M_DIVERGE;
            if (sbs && sbs == C->dv.b)
                b[k].mark = TXW_M_DIVERGE;
        }
    }
    char t[200], cap[300], id[40];
    fputs("<div class=\"pair\">\n", f);
    seg_title(C, sg, t, sizeof t);
    snprintf(cap, sizeof cap, "GOOD: %s", t);
    snprintf(id, sizeof id, "s%u-g", si);
    txw_html_ladder(hg, id, cap, g, n);
    snprintf(cap, sizeof cap, "BAD: %s", t);
    snprintf(id, sizeof id, "s%u-b", si);
    txw_html_ladder(hb, id, cap, b, n);
    fputs("</div>\n", f);
    free(g);
    free(b);
}

/* Why the focus pair is drawn (C->focus_why). */
static const char *focus_reason(const cmp *C)
{
    switch (C->focus_why) {
    case TXD_FOCUS_CAUSE: return "its BAD connection holds the evidence of BAD's top cause";
    case TXD_FOCUS_FAILED: return "its BAD connection is the first that failed";
    case TXD_FOCUS_DIVERGE: return "no BAD connection failed; it holds the first divergence";
    default: return "no BAD connection failed, and it is the first pair";
    }
}

/* The ladders: the focus pair, and the pair of the first divergence when
 * that is another; which pairs are drawn and why, and the others listed. */
static void html_pairs(const cmp *C, const txw_html *hg, const txw_html *hb)
{
    FILE *f = hg->f;
    char t[200];
    unsigned npairs = 0;
    for (unsigned i = 0; i < C->nseg; i++)
        npairs += !C->segs[i].setup;
    if (C->focus < 0)
        return;
    const divergence *d = &C->dv;
    int other = d->found && !C->segs[d->seg].setup && (int)d->seg != C->focus;
    fputs("<h3>Side by side</h3>\n<p>Drawn: <strong>", f);
    esc_ctx(f, seg_title(C, &C->segs[C->focus], t, sizeof t));
    fputs("</strong>, because ", f);
    esc_ctx(f, focus_reason(C));
    fputs(".", f);
    unsigned rest = npairs - 1u - (unsigned)other;
    if (npairs > 1)
        fprintf(f, " %s of the %u pairs of connections %s drawn%s.", other ? "Two" : "Only this one", npairs,
                other ? "are" : "is", rest == 1 ? "; the other is listed below" : rest ? "; the others are listed below" : "");
    else
        fputs(" Each log has this one connection.", f);
    if (d->found && C->segs[d->seg].setup)
        fputs(" The first divergence is in the log-wide setup (truststore, keystore, settings): it is described above "
              "and has no ladder.",
              f);
    fputs("</p>\n", f);
    html_pair(C, &C->segs[C->focus], hg, hb, (unsigned)C->focus);
    if (other) {
        fputs("<p>The first divergence is in another pair: <strong>", f);
        esc_ctx(f, seg_title(C, &C->segs[d->seg], t, sizeof t));
        fputs("</strong>.</p>\n", f);
        html_pair(C, &C->segs[d->seg], hg, hb, d->seg);
    }
    fputs("<p class=\"meta\">Rows line up along the alignment: a highlighted row differs, a dash is a step the other "
          "log has and this one has not; the first divergence is outlined.</p>\n",
          f);
    int listed = 0;
    for (unsigned i = 1; i < C->nseg; i++) {
        if ((int)i == C->focus || (other && i == d->seg))
            continue;
        const seg *sg = &C->segs[i];
        size_t diff = 0;
        for (size_t k = 0; k < sg->nops; k++)
            diff += sg->ops[k].op != TXD_OP_MATCH;
        if (!listed++)
            fputs("<p>Not drawn:</p>\n<ul>\n", f);
        fputs("<li>", f);
        esc_ctx(f, seg_title(C, sg, t, sizeof t));
        fprintf(f, ": %zu step%s, %s.</li>\n", sg->nops, sg->nops == 1 ? "" : "s", diff ? "differs" : "same steps");
    }
    if (listed)
        fputs("</ul>\n", f);
}

static void html_step(const txw_html *h, const char *who, const txd_step *s, int ctx, int bad)
{
    FILE *f = h->f;
    char lb[300];
    fprintf(f, "<li><strong>%s</strong> ", who);
    if (!s) {
        fputs("(nothing)</li>\n", f);
        return;
    }
    if (ctx) {
        esc_ctx(f, ctx_words(ctx, bad));
        putc(' ', f);
    }
    txd_step_label(s, lb, sizeof lb);
    txw_html_str(h, lb);
    if (s->line) {
        fputs(" (", f);
        txw_html_line_link(h, s->line);
        putc(')', f);
    }
    fputs("</li>\n", f);
}

static void write_html(const cmp *C, FILE *f)
{
    const txa_model *g = C->G.a, *b = C->B.a;
    struct txw_lines *gl = txw_lines_new(g), *bl = txw_lines_new(b);
    txw_html hg = {f, C->r, "g", g->raw_name, gl}, hb = {f, C->r, "b", b->raw_name, bl};
    char v[160], t[300], s[400];
    char *gn = C->r ? txa_redact_str(C->r, g->raw_name) : NULL, *bn = C->r ? txa_redact_str(C->r, b->raw_name) : NULL;
    snprintf(t, sizeof t, "tlsexplain compare: %s vs %s", gn ? gn : g->raw_name, bn ? bn : b->raw_name);
    free(gn);
    free(bn);
    txw_html_begin(f, t);
    fputs("<section aria-labelledby=\"cmp-h\">\n<h2 id=\"cmp-h\">The two logs</h2>\n<table>\n<tbody>\n", f);
    for (int k = 0; k < 2; k++) {
        const txa_model *a = k ? b : g;
        fprintf(f, "<tr><th scope=\"row\">%s</th><td><span class=\"mono\">", k ? "BAD" : "GOOD");
        txw_html_str(k ? &hb : &hg, a->raw_name);
        fprintf(f, "</span></td><td><span class=\"v-%s\">", txw_verdict_name(a->verdict));
        esc_ctx(f, verdict_text(a, v, sizeof v));
        fprintf(f, "</span></td><td>%llu connections, %llu completed, %llu failed</td></tr>\n",
                (unsigned long long)a->conns, (unsigned long long)a->completed, (unsigned long long)a->failed);
    }
    fputs("</tbody>\n</table>\n", f);
    outcome_sentence(g, b, s, sizeof s);
    if (s[0]) {
        fputs("<p>", f);
        esc_ctx(f, s);
        fputs("</p>\n", f);
    }
    if (setup_note(C)) {
        fputs("<p class=\"meta\">Note: ", f);
        esc_ctx(f, setup_note(C));
        fputs("</p>\n", f);
    }
    fputs("<h3>First divergence</h3>\n", f);
    const divergence *d = &C->dv;
    if (!d->found) {
        size_t steps = 0;
        for (unsigned i = 0; i < C->nseg; i++)
            steps += C->segs[i].nops;
        if (steps)
            fprintf(f, "<p>None: both logs take the same %zu steps (timestamps, randoms, names aside).</p>\n", steps);
        else
            fputs("<p>None: neither log has TLS events to align (no JSSE debug output?).</p>\n", f);
    } else {
        fputs("<p>In ", f);
        esc_ctx(f, seg_title(C, &C->segs[d->seg], t, sizeof t));
        fprintf(f, ": <strong>%s</strong>.</p>\n<p>Last shared step:</p>\n<ul>\n",
                d->op == TXD_OP_CHANGE ? "a different step" : d->op == TXD_OP_GOOD ? "missing in BAD" : "only in BAD");
        if (d->lg) {
            html_step(&hg, "GOOD", d->lg, 0, 0);
            html_step(&hb, "BAD", d->lb, 0, 1);
        } else {
            fputs("<li>(none: they differ from the first step)</li>\n", f);
        }
        fputs("</ul>\n<p>First difference:</p>\n<ul>\n", f);
        html_step(&hg, "GOOD", d->g, d->gctx, 0);
        html_step(&hb, "BAD", d->b, d->bctx, 1);
        fputs("</ul>\n", f);
    }
    html_pairs(C, &hg, &hb);
    fputs("<h3>Differences</h3>\n", f);
    if (C->focus >= 0 && (C->G.n > 1 || C->B.n > 1)) {
        fputs("<p class=\"meta\">Log-wide, and ", f);
        esc_ctx(f, seg_title(C, &C->segs[C->focus], t, sizeof t));
        fputs(".</p>\n", f);
    }
    if (!C->diffs.n) {
        fputs("<p>None: the facts read from both logs are the same.</p>\n", f);
    } else {
        fputs("<table>\n<thead><tr><th scope=\"col\">fact</th><th scope=\"col\">GOOD</th><th scope=\"col\">BAD</th></tr>"
              "</thead>\n<tbody>\n",
              f);
        for (size_t i = 0; i < C->diffs.n; i++) {
            const fact *x = &C->diffs.v[i];
            fputs("<tr><td><code>", f);
            esc_ctx(f, x->name);
            fputs("</code></td><td>", f);
            if (x->good)
                txw_html_str(&hg, x->good);
            else
                fputs("<em>(absent)</em>", f);
            fputs("</td><td>", f);
            if (x->bad)
                txw_html_str(&hb, x->bad);
            else
                fputs("<em>(absent)</em>", f);
            fputs("</td></tr>\n", f);
        }
        fputs("</tbody>\n</table>\n", f);
    }
    fputs("<h3>Findings in BAD</h3>\n", f);
    int num = 0;
    for (int pass = 0; pass < 3; pass++)
        for (unsigned i = 0; i < b->nfind; i++) {
            const txa_mfinding *fd = &b->findings[i];
            if (!listed(fd, pass))
                continue;
            if (!num++)
                fputs("<ol class=\"findings\">\n", f);
            char sup[1024];
            supported_list(C, fd, sup, sizeof sup);
            txw_html_finding(&hb, b, fd, 1, sup);
        }
    fputs(num ? "</ol>\n" : "<p>None: no rule matched the BAD log.</p>\n", f);
    int nl = 0;
    if (C->dropped_steps) {
        fprintf(f, "<h3>Limits</h3>\n<ul>\n<li>%zu step%s past the first %u of a connection were not aligned</li>\n",
                C->dropped_steps, C->dropped_steps == 1 ? "" : "s", TX_MAX_ALIGN_STEPS);
        nl = 1;
    }
    for (int sd = 0; sd < 2; sd++) {
        const txa_model *a = sd ? b : g;
        for (int i = 0; i < a->nnotes; i++) {
            if (!nl++)
                fputs("<h3>Limits</h3>\n<ul>\n", f);
            fprintf(f, "<li>%s: ", sd ? "BAD" : "GOOD");
            esc_ctx(f, a->notes[i]);
            fputs("</li>\n", f);
        }
    }
    if (nl)
        fputs("</ul>\n", f);
    txw_html_log_lines(&hg, g);
    txw_html_log_lines(&hb, b);
    fputs("</section>\n", f);
    txw_html_end(f);
    txw_lines_free(gl);
    txw_lines_free(bl);
}

static tx_status compare_writer(const txa_model *good, const txa_model *bad, txa_redactor *r, tx_format fmt, FILE *out)
{
    txd_mask_learn_cns(r, good);
    txd_mask_learn_cns(r, bad);
    cmp *C = txd_cmp_build(good, bad, r);
    if (!C)
        return TX_ENOMEM;
    if (fmt == TX_FORMAT_JSON)
        write_json(C, out);
    else if (fmt == TX_FORMAT_MARKDOWN)
        write_md(C, out);
    else if (fmt == TX_FORMAT_HTML)
        write_html(C, out);
    else
        write_text(C, out);
    txd_cmp_free(C);
    return ferror(out) ? TX_EIO : TX_OK;
}

tx_status tx_compare_write(const tx_analysis *ga, const tx_analysis *ba, tx_format fmt, FILE *out)
{
    const txa_model *good = txa_model_get(ga), *bad = txa_model_get(ba);
    if (!good || !bad || !out)
        return TX_EINVAL;
    /* --redact: both logs teach the redactor, the output is masked */
    return txw_write_redacted(good, bad, fmt, out, compare_writer);
}

