/*
 * timeline.c - each connection as a ladder between client and server.
 *
 *   connection 1: thread main, client side, lines 490-1090: failed
 *      line  client                                 server
 *       498  ClientHello ---------------------------->   TLSv1.3, TLSv1.2; 37 suites; SNI erp.contoso.example
 *       625  <---------------------------- ServerHello   TLSv1.3 TLS_AES_256_GCM_SHA384
 *       969  <------------------------ Certificate (2)   [stopped here] CN=erp.contoso.example <- ...
 *      1086  x alert certificate_unknown ------------>   fatal, raised by client
 *      1088  ! ValidatorException: PKIX path building failed: ...
 *
 * Client on the left, server on the right, whichever side wrote the log:
 * in a server's log the ClientHello is received, and still travels left
 * to right.  One line per step; the certificates of a chain, the SNI name
 * and the negotiated version are folded into the message they belong to.
 * The last message before the failure (the first fatal alert or
 * exception) is marked, and the side that raised the alert named.
 * Markdown puts the same ladder in a code block; JSON lists every step
 * (nothing folded) as an object.
 */
#include <stdlib.h>
#include <string.h>

#include "../common/out.h"
#include "../analysis/model.h"
#include "../analysis/redact.h"
#include "../report/report.h"
#include "compare.h"

typedef struct tconn {
    const txi_conn *c;
    txd_steps st;
    size_t fail;      /* index of the failing step (first fatal alert or exception), or n */
    size_t stop;      /* index of the last message before it, or n */
    size_t nmsg;      /* handshake messages */
    const txi_event *nego;
} tconn;

static int is_fatal(const txd_step *s)
{
    return s->kind == TXD_S_EXCEPTION || (s->kind == TXD_S_ALERT && txi_ev_is(s->ev, TXF_LEVEL, "fatal"));
}

static int is_message(const txd_step *s) { return s->kind == TXD_S_MESSAGE || s->kind == TXD_S_CERT; }

static void tconn_init(tconn *t)
{
    const txd_steps *st = &t->st;
    int finished = (t->c->flags & TXI_CONN_FINISHED) != 0;
    t->fail = t->stop = st->n;
    for (size_t i = 0; i < st->n; i++) {
        const txd_step *s = &st->v[i];
        if (s->kind == TXD_S_MESSAGE)
            t->nmsg++;
        if (s->kind == TXD_S_NEGOTIATED)
            t->nego = s->ev;
        /* a fatal alert always ends the connection; an exception after a
         * completed handshake is the application's business */
        if (t->fail == st->n && is_fatal(s) && (!finished || s->kind == TXD_S_ALERT))
            t->fail = i;
    }
    for (size_t i = 0; i < t->fail && t->fail < st->n; i++)
        if (st->v[i].kind == TXD_S_MESSAGE)
            t->stop = i;
}

static int cmp_tconn(const void *x, const void *y)
{
    const tconn *a = x, *b = y;
    uint64_t la = a->st.n ? a->st.v[0].line : a->c->first_line, lb = b->st.n ? b->st.v[0].line : b->c->first_line;
    if (la != lb)
        return la < lb ? -1 : 1;
    return a->c->id < b->c->id ? -1 : a->c->id > b->c->id;
}

static const char *status_of(const tconn *t)
{
    uint32_t fl = t->c->flags;
    if (!t->nmsg) {
        unsigned exc = 0, alerts = 0;
        for (size_t i = 0; i < t->st.n; i++) {
            exc += t->st.v[i].kind == TXD_S_EXCEPTION;
            alerts += t->st.v[i].kind == TXD_S_ALERT;
        }
        if (exc && alerts)
            return "no handshake: only alerts and exceptions";
        if (exc)
            return exc == 1 ? "no handshake: only an exception" : "no handshake: only exceptions";
        if (alerts)
            return alerts == 1 ? "no handshake: only an alert" : "no handshake: only alerts";
        return "no handshake";
    }
    if (t->fail < t->st.n)
        return (fl & TXI_CONN_FINISHED) ? "failed after both Finished messages" : "failed";
    if ((fl & TXI_CONN_FINISHED) && (fl & TXI_CONN_FAILED))
        /* TLS 1.3: a server refusing the client's certificate does so after its own
           Finished - a failed handshake, as the summary counts it */
        return txa_conn_after_completed(t->c) ? "handshake completed, then an error"
                                              : "failed: refused after the server's Finished";
    if (fl & TXI_CONN_FINISHED)
        return "handshake completed";
    if (fl & TXI_CONN_FAILED)
        return "failed";
    return "incomplete: the log ends before the handshake does";
}

/* ---- details folded into a message line ------------------------------------------- */

static void cat(char *buf, size_t n, const char *fmt, const char *v)
{
    size_t off = strlen(buf);
    if (off < n && v)
        snprintf(buf + off, n - off, fmt, v);
}

static void list_summary(char *buf, size_t n, const txi_event *e, int fid, const char *noun)
{
    unsigned k = 0;
    for (const txi_field *f = txi_ev_get(e, fid); f; f = txi_ev_next(e, f))
        k++;
    if (!k)
        return;
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%u %s", k, noun);
    cat(buf, n, buf[0] ? "; %s" : "%s", tmp);
}

#define NOBODY ((size_t)-1)

/* May message i fold step k in?  In the claiming pass it takes free steps;
 * afterwards it uses the ones it took. */
static int take(size_t *owner, size_t k, size_t i, int claim)
{
    if (claim && owner[k] == NOBODY)
        owner[k] = i;
    return owner[k] == i;
}

/* Detail for step i: its own facts and those of the steps it folds in
 * (owner[] records which message took which step). */
static void detail(const txd_steps *st, size_t i, size_t *owner, int claim, char *buf, size_t n)
{
    const txd_step *s = &st->v[i];
    const txi_event *e = s->ev;
    buf[0] = '\0';
    if (s->kind == TXD_S_ALERT) {
        const char *lv = txi_ev_str(e, TXF_LEVEL);
        snprintf(buf, n, "%s%sraised by %s", lv ? lv : "", lv ? ", " : "", txd_side_name(s->from));
        return;
    }
    if (s->kind != TXD_S_MESSAGE)
        return;
    const char *m = txi_ev_str(e, TXF_MESSAGE);
    /* the steps up to the next message belong to this one */
    size_t end = i + 1;
    while (end < st->n && st->v[end].kind != TXD_S_MESSAGE)
        end++;
    if (!strcmp(m, "ClientHello")) {
        const txi_field *f = txi_ev_get(e, TXF_VERSIONS);
        char v[256] = "";
        for (; f; f = txi_ev_next(e, f))
            cat(v, sizeof v, v[0] ? ", %s" : "%s", f->val);
        if (!v[0] && txi_ev_str(e, TXF_VERSION))
            snprintf(v, sizeof v, "%s", txi_ev_str(e, TXF_VERSION));
        cat(buf, n, "%s", v[0] ? v : NULL);
        size_t begin = i;
        while (begin > 0 && st->v[begin - 1].kind != TXD_S_MESSAGE)
            begin--;
        for (size_t k = begin; k < end; k++)
            if (st->v[k].kind == TXD_S_SNI && take(owner, k, i, claim)) {
                const char *name = txi_ev_str(st->v[k].ev, TXF_NAME);
                cat(buf, n, buf[0] ? "; SNI %s" : "SNI %s", name ? name : "(none)");
                break;
            }
        list_summary(buf, n, e, TXF_CIPHERS, "suites");
    } else if (!strcmp(m, "ServerHello") || !strcmp(m, "HelloRetryRequest")) {
        for (size_t k = i + 1; k < end; k++)
            if (st->v[k].kind == TXD_S_NEGOTIATED && take(owner, k, i, claim)) {
                cat(buf, n, "%s", txi_ev_str(st->v[k].ev, TXF_VERSION));
                cat(buf, n, buf[0] ? " %s" : "%s", txi_ev_str(st->v[k].ev, TXF_CIPHER));
                break;
            }
    } else if (!strcmp(m, "Certificate")) {
        if (txi_ev_int(e, TXF_COUNT, -1) == 0)
            cat(buf, n, "%s", "no certificate");
        for (size_t k = i + 1; k < end; k++) {
            const txd_step *c = &st->v[k];
            if (c->kind != TXD_S_CERT || c->from != s->from || !take(owner, k, i, claim))
                continue;
            const char *subj = txi_ev_str(c->ev, TXF_SUBJECT);
            txi_sv cn = subj ? txi_dn_cn(subj, strlen(subj)) : txi_sv_make(NULL, 0);
            char one[300];
            if (cn.n)
                snprintf(one, sizeof one, "CN=%.*s", (int)(cn.n < 250 ? cn.n : 250), cn.p);
            else
                snprintf(one, sizeof one, "%.250s", subj ? subj : "?");
            cat(buf, n, buf[0] ? " <- %s" : "%s", one);
        }
    }
}

/* ---- text ---------------------------------------------------------------------------- */

typedef struct tl {
    FILE *f;
    int color, width, lane;
    txa_redactor *r; /* --redact */
} tl;


static const char *col(const tl *o, const char *c) { return o->color ? c : ""; }

/* The lane: "Name ------>" (to the server) or "<------ Name" (to the client). */
static void lane(const tl *o, const char *name, int to_server, const char *color)
{
    int L = o->lane;
    char nb[256];
    snprintf(nb, sizeof nb, "%s", name);
    int nl = (int)txo_width(nb, strlen(nb));
    if (nl > L - 5) {
        fputs(col(o, color), o->f);
        if (to_server) {
            txo_put(o->f, nb, L - 5, 0);
            fputs(" --->", o->f);
        } else {
            fputs("<--- ", o->f);
            txo_put(o->f, nb, L - 5, 0);
        }
        fputs(col(o, C_OFF), o->f);
        return;
    }
    int dashes = L - nl - 2;
    fputs(col(o, color), o->f);
    if (to_server) {
        txo_text(o->f, nb, strlen(nb));
        putc(' ', o->f);
        for (int i = 0; i < dashes; i++)
            putc('-', o->f);
        putc('>', o->f);
    } else {
        putc('<', o->f);
        for (int i = 0; i < dashes; i++)
            putc('-', o->f);
        putc(' ', o->f);
        txo_text(o->f, nb, strlen(nb));
    }
    fputs(col(o, C_OFF), o->f);
}

static void text_steps(const tl *o, const tconn *t)
{
    const txd_steps *st = &t->st;
    size_t *owner = malloc((st->n ? st->n : 1) * sizeof *owner);
    if (!owner)
        return;
    char lab[512], det[1024];
    for (size_t i = 0; i < st->n; i++)
        owner[i] = NOBODY;
    for (size_t i = 0; i < st->n; i++)
        if (st->v[i].kind == TXD_S_MESSAGE)
            detail(st, i, owner, 1, det, sizeof det);
    int detw = o->width - 11 - o->lane - 3;
    for (size_t i = 0; i < st->n; i++) {
        if (owner[i] != NOBODY)
            continue;
        const txd_step *s = &st->v[i];
        detail(st, i, owner, 0, det, sizeof det);
        txd_mask(o->r, det, sizeof det);
        fprintf(o->f, "   %6llu  ", (unsigned long long)s->line);
        txd_step_label(s, lab, sizeof lab);
        txd_mask(o->r, lab, sizeof lab);
        int mark = i == t->stop;
        if (is_message(s)) {
            lane(o, lab, s->from != TXD_SIDE_SERVER, mark ? C_YELLOW : "");
        } else if (s->kind == TXD_S_ALERT) {
            char a[300];
            const char *d = txi_ev_str(s->ev, TXF_DESCRIPTION);
            snprintf(a, sizeof a, "x alert %s", d ? d : "?");
            lane(o, a, s->from != TXD_SIDE_SERVER, is_fatal(s) ? C_RED : "");
        } else {
            char a[600];
            txd_step_arrow(s, a, sizeof a);
            txd_mask(o->r, a, sizeof a);
            fputs(col(o, s->kind == TXD_S_EXCEPTION ? C_RED : s->kind == TXD_S_TRUSTED ? C_GREEN : ""), o->f);
            txo_put(o->f, a, o->width - 11, 0);
            fputs(col(o, C_OFF), o->f);
            det[0] = '\0';
        }
        if ((mark || det[0]) && detw > 8) {
            fputs("   ", o->f);
            char full[1100];
            snprintf(full, sizeof full, "%s%s%s", mark ? "[stopped here]" : "", mark && det[0] ? " " : "", det);
            txo_put(o->f, full, detw, 0);
        }
        fputs("\n", o->f);
    }
    free(owner);
}

static void text_conn(const tl *o, const tconn *t)
{
    const txi_conn *c = t->c;
    fprintf(o->f, "\n%sconnection %u%s", col(o, C_BOLD), (unsigned)c->id, col(o, C_OFF));
    if (c->thread) {
        fputs(": thread ", o->f);
        txo_put(o->f, c->thread, 40, 0);
        fputs(",", o->f);
    } else {
        fputs(":", o->f);
    }
    fprintf(o->f, " %s side, lines %llu-%llu\n   ", txd_side_name(txd_local_side(c)),
            (unsigned long long)c->first_line, (unsigned long long)c->last_line);
    char st[300];
    snprintf(st, sizeof st, "%s", status_of(t));
    if (t->nego && (c->flags & TXI_CONN_FINISHED)) {
        const char *v = txi_ev_str(t->nego, TXF_VERSION), *ci = txi_ev_str(t->nego, TXF_CIPHER);
        size_t off = strlen(st);
        snprintf(st + off, sizeof st - off, " (%s%s%s)", v ? v : "", v && ci ? " " : "", ci ? ci : "");
    }
    fputs(col(o, t->fail < t->st.n || !(c->flags & TXI_CONN_FINISHED) ? C_RED : C_GREEN), o->f);
    txo_wrap(o->f, st, 3, 3, o->width);
    fprintf(o->f, "%s\n", col(o, C_OFF));
    if (!t->st.n) {
        fputs("      (no handshake steps: only notices or matched lines)\n", o->f);
        return;
    }
    if (t->nmsg) {
        fprintf(o->f, "   %6s  %-*s%s\n", "line", o->lane - 6, "client", "server");
    }
    text_steps(o, t);
    if (t->fail < t->st.n) {
        const txd_step *fs = &t->st.v[t->fail];
        if (t->stop < t->st.n) {
            char m[300];
            txd_step_arrow(&t->st.v[t->stop], m, sizeof m);
            txd_mask(o->r, m, sizeof m);
            fprintf(o->f, "   stopped after %s (line %llu); then ", m, (unsigned long long)t->st.v[t->stop].line);
        } else {
            fputs("   stopped before any handshake message; ", o->f);
        }
        if (fs->kind == TXD_S_ALERT)
            fprintf(o->f, "the %s raised alert %s (line %llu)\n", txd_side_name(fs->from),
                    txi_ev_str(fs->ev, TXF_DESCRIPTION) ? txi_ev_str(fs->ev, TXF_DESCRIPTION) : "?",
                    (unsigned long long)fs->line);
        else
            fprintf(o->f, "%s (line %llu)\n", txd_short_class(txi_ev_str(fs->ev, TXF_CLASS)),
                    (unsigned long long)fs->line);
    }
}

static int load(const txa_model *a, tconn **out, txd_steps *setup)
{
    *out = NULL;
    if (txd_steps_setup(a->globals, setup))
        return -1;
    tconn *t = calloc(a->nkept ? a->nkept : 1, sizeof *t);
    if (!t)
        return -1;
    for (unsigned i = 0; i < a->nkept; i++) {
        t[i].c = a->kept[i];
        if (txd_steps_conn(a->kept[i], &t[i].st)) {
            for (unsigned k = 0; k < i; k++)
                txd_steps_free(&t[k].st);
            free(t);
            return -1;
        }
        tconn_init(&t[i]);
    }
    qsort(t, a->nkept, sizeof *t, cmp_tconn);
    *out = t;
    return 0;
}

static void counts_line(const txa_model *a, char *buf, size_t n)
{
    snprintf(buf, n, "%llu connection%s (%llu completed, %llu failed)", (unsigned long long)a->conns,
             a->conns == 1 ? "" : "s", (unsigned long long)a->completed, (unsigned long long)a->failed);
    if (a->dropped_kept) {
        size_t off = strlen(buf);
        snprintf(buf + off, n - off, "; the first %u are shown", a->nkept);
    }
}

static void write_text(const txa_model *a, txa_redactor *r, const tconn *t, const txd_steps *setup, FILE *f, int color, int width)
{
    tl o = {f, color, width, 0, r};
    o.lane = width >= 100 ? 40 : width >= 80 ? 34 : width - 46;
    if (o.lane < 24)
        o.lane = 24;
    char buf[200];
    counts_line(a, buf, sizeof buf);
    fprintf(f, "%stimeline%s %s\n   ", col(&o, C_BOLD), col(&o, C_OFF), a->raw_name);
    txo_wrap(f, buf, 3, 3, width);
    fputs("\n", f);
    if (setup->n) {
        fprintf(f, "\n%ssetup%s (log-wide)\n", col(&o, C_BOLD), col(&o, C_OFF));
        for (size_t i = 0; i < setup->n; i++) {
            char lab[512];
            txd_step_label(&setup->v[i], lab, sizeof lab);
            txd_mask(r, lab, sizeof lab);
            fprintf(f, "   %6llu  ", (unsigned long long)setup->v[i].line);
            txo_put(f, lab, width - 11, 0);
            fputs("\n", f);
        }
    }
    if (!a->nkept) {
        fputs(a->conns ? "\n(no connection was kept)\n"
                       : "\nno TLS connection in this log: no handshake message, alert or exception was found\n",
              f);
        return;
    }
    for (unsigned i = 0; i < a->nkept; i++)
        text_conn(&o, &t[i]);
    if (setup->dropped)
        fprintf(f, "\n(%zu setup steps past the first %u not shown)\n", setup->dropped, TX_MAX_ALIGN_STEPS);
    for (unsigned i = 0; i < a->nkept; i++)
        if (t[i].st.dropped)
            fprintf(f, "(connection %u: %zu steps past the first %u not shown)\n", (unsigned)t[i].c->id,
                    t[i].st.dropped, TX_MAX_ALIGN_STEPS);
}

/* ---- JSON ------------------------------------------------------------------------------ */

static const char *kind_name(int k)
{
    static const char *const n[] = {"message", "negotiated", "sni",     "certificate", "trusted",  "alert",
                                    "exception", "close",    "target", "truststore",  "keystore", "config"};
    return k >= 0 && k < (int)(sizeof n / sizeof n[0]) ? n[k] : "other";
}

static void json_step(FILE *f, txa_redactor *r, const txd_step *s)
{
    char lab[512];
    txd_step_label(s, lab, sizeof lab);
    fprintf(f, "{\"line\":%llu,\"kind\":\"%s\"", (unsigned long long)s->line, kind_name(s->kind));
    if (s->from)
        fprintf(f, ",\"from\":\"%s\",\"to\":\"%s\"", txd_side_name(s->from), txd_side_name(s->to));
    fputs(",\"label\":", f);
    txd_json_masked(f, r, lab, strlen(lab));
    if (s->kind == TXD_S_MESSAGE) {
        fputs(",\"message\":", f);
        txo_json_cstr(f, txi_ev_str(s->ev, TXF_MESSAGE));
    }
    if (s->kind == TXD_S_ALERT) {
        const char *d = txi_ev_str(s->ev, TXF_DESCRIPTION), *l = txi_ev_str(s->ev, TXF_LEVEL);
        fputs(",\"description\":", f);
        if (d)
            txo_json_cstr(f, d);
        else
            fputs("null", f);
        fputs(",\"level\":", f);
        if (l)
            txo_json_cstr(f, l);
        else
            fputs("null", f);
        fprintf(f, ",\"raised_by\":\"%s\"", txd_side_name(s->from));
    }
    if (s->ev->src) {
        fputs(",\"text\":", f);
        txd_json_masked(f, r, s->ev->src->text, s->ev->src->len);
    }
    putc('}', f);
}

static void write_json(const txa_model *a, txa_redactor *r, const tconn *t, const txd_steps *setup, FILE *f)
{
    fputs("{\"schema\":\"timeline-v1\",\"file\":", f); /* docs/timeline-v1.schema.json */
    txo_json_cstr(f, a->raw_name);
    fprintf(f, ",\"connections\":%llu,\"kept\":%u,\"setup\":[", (unsigned long long)a->conns, a->nkept);
    for (size_t i = 0; i < setup->n; i++) {
        if (i)
            putc(',', f);
        json_step(f, r, &setup->v[i]);
    }
    fputs("],\"timeline\":[", f);
    for (unsigned i = 0; i < a->nkept; i++) {
        const tconn *x = &t[i];
        const txi_conn *c = x->c;
        if (i)
            putc(',', f);
        fprintf(f, "{\"connection\":%u,\"thread\":", (unsigned)c->id);
        if (c->thread)
            txo_json_str(f, c->thread, c->threadlen);
        else
            fputs("null", f);
        fprintf(f, ",\"role\":\"%s\",\"first_line\":%llu,\"last_line\":%llu,\"status\":", txd_side_name(txd_local_side(c)),
                (unsigned long long)c->first_line, (unsigned long long)c->last_line);
        txo_json_cstr(f, status_of(x));
        fprintf(f, ",\"completed\":%s,\"failed\":%s,\"negotiated\":", c->flags & TXI_CONN_FINISHED ? "true" : "false",
                c->flags & TXI_CONN_FAILED ? "true" : "false");
        if (x->nego) {
            const char *v = txi_ev_str(x->nego, TXF_VERSION), *ci = txi_ev_str(x->nego, TXF_CIPHER);
            fputs("{\"version\":", f);
            if (v)
                txo_json_cstr(f, v);
            else
                fputs("null", f);
            fputs(",\"cipher\":", f);
            if (ci)
                txo_json_cstr(f, ci);
            else
                fputs("null", f);
            putc('}', f);
        } else {
            fputs("null", f);
        }
        fputs(",\"stopped_after\":", f);
        if (x->stop < x->st.n)
            json_step(f, r, &x->st.v[x->stop]);
        else
            fputs("null", f);
        fputs(",\"failure\":", f);
        if (x->fail < x->st.n)
            json_step(f, r, &x->st.v[x->fail]);
        else
            fputs("null", f);
        fputs(",\"steps\":[", f);
        for (size_t k = 0; k < x->st.n; k++) {
            if (k)
                putc(',', f);
            json_step(f, r, &x->st.v[k]);
        }
        fprintf(f, "],\"steps_dropped\":%zu}", x->st.dropped);
    }
    fputs("]}\n", f);
}

/* ---- Markdown ------------------------------------------------------------------------------- */

static void write_md(const txa_model *a, txa_redactor *r, const tconn *t, const txd_steps *setup, FILE *f)
{
    char buf[200];
    counts_line(a, buf, sizeof buf);
    fputs("### tlsexplain timeline: ", f);
    txo_md_code(f, a->raw_name, strlen(a->raw_name));
    fprintf(f, "\n\n%s.\n\n```\n", buf);
    char *mem = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&mem, &len);
    if (!m) {
        write_text(a, r, t, setup, f, 0, 100);
    } else {
        write_text(a, r, t, setup, m, 0, 100);
        fclose(m);
        /* a log value holding a code fence must not close ours */
        for (char *p = mem; p && (p = strstr(p, "```")) != NULL; p += 3)
            memcpy(p, "'''", 3);
        if (mem)
            fwrite(mem, 1, len, f);
        free(mem);
    }
    fputs("```\n", f);
}

static tx_status timeline_writer(const txa_model *a, const txa_model *unused, txa_redactor *r, tx_format fmt, FILE *out)
{
    (void)unused;
    txd_mask_learn_cns(r, a);
    tconn *t;
    txd_steps setup;
    if (load(a, &t, &setup)) {
        txd_steps_free(&setup);
        return TX_ENOMEM;
    }
    if (fmt == TX_FORMAT_JSON)
        write_json(a, r, t, &setup, out);
    else if (fmt == TX_FORMAT_MARKDOWN)
        write_md(a, r, t, &setup, out);
    else
        write_text(a, r, t, &setup, out, a->opt.color, a->opt.width >= 20 ? a->opt.width : 80);
    for (unsigned i = 0; i < a->nkept; i++)
        txd_steps_free(&t[i].st);
    free(t);
    txd_steps_free(&setup);
    return ferror(out) ? TX_EIO : TX_OK;
}

tx_status tx_analysis_write_timeline(const tx_analysis *an, tx_format fmt, FILE *out)
{
    const txa_model *a = txa_model_get(an);
    if (!a || !out)
        return TX_EINVAL;
    return txw_write_redacted(a, NULL, fmt, out, timeline_writer);
}
