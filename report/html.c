/*
 * html.c - the self-contained HTML report.
 *
 * One file that opens offline: inline CSS (light and dark schemes, a print
 * style), inline SVG, no script, no font, nothing fetched; its
 * Content-Security-Policy forbids all of it, so even a log string that
 * escaped escaping could not run or load anything.  Per input:
 *
 *   the verdict and the findings in rank order, each evidence line a link
 *     to its log line and a <details> with the log's lines around it, read
 *     again after the analysis (tx_analysis_feed_context, analysis/model.h;
 *     never a hex-dump row: decrypted application data stays out), or, when
 *     the log could not be read again, saying so over the lines the
 *     analysis kept
 *   a handshake ladder per connection (SVG): client and server lanes, the
 *     messages, alerts (who raised them) and exceptions in log order, the
 *     log's time of each, the failing step marked, each rung a link
 *   the certificate chains as a tree, anchor at the top, leaf at the
 *     bottom, with what the log proves about each certificate as badges
 *   the log lines the report cites, each with its anchor fid-L<line>
 *
 * Strings from the log go through txw_html_str (masked with --redact,
 * then escaped); the model's display strings are masked already and are
 * only escaped.
 */
#include "html.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../common/out.h"
#include "../parser/limits.h"
#include "../parser/strparse.h"
#include "report.h"

/* ---- escaping --------------------------------------------------------------------- */

void txw_html_esc(FILE *f, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        if (c == '&')
            fputs("&amp;", f);
        else if (c == '<')
            fputs("&lt;", f);
        else if (c == '>')
            fputs("&gt;", f);
        else if (c == '"')
            fputs("&quot;", f);
        else if (c == '\'')
            fputs("&#39;", f);
        else if (c == '\t')
            putc(' ', f);
        else if (c < 0x20 || c == 0x7f)
            fputs("\xef\xbf\xbd", f); /* U+FFFD */
        else if (c < 0x80)
            putc(c, f);
        else {
            size_t k = txo_utf8_len(p + i, n - i);
            if (!k) {
                fputs("\xef\xbf\xbd", f);
                i++;
                continue;
            }
            fwrite(p + i, 1, k, f);
            i += k;
            continue;
        }
        i++;
    }
}

static void esc(FILE *f, const char *s) { txw_html_esc(f, s ? s : "", s ? strlen(s) : 0); }

/* s masked with r (malloc'd), or NULL: use s. */
static char *masked(txa_redactor *r, const char *s) { return r && s ? txa_redact_str(r, s) : NULL; }

/* Masked, then cut to max bytes (at a character boundary, "..." added), then escaped. */
static void str_cut(const txw_html *h, const char *s, size_t max)
{
    if (!s)
        return;
    char *m = masked(h->r, s);
    const char *t = m ? m : h->r ? "(redacted)" : s;
    size_t n = strlen(t);
    if (max && n > max) {
        while (max > 0 && ((unsigned char)t[max] & 0xC0) == 0x80)
            max--;
        txw_html_esc(h->f, t, max);
        fputs("\xe2\x80\xa6", h->f);
    } else {
        txw_html_esc(h->f, t, n);
    }
    free(m);
}

void txw_html_str(const txw_html *h, const char *s) { str_cut(h, s, 0); }

/* Prose with `code` spans (explanations, steps): escaped, the spans as <code>. */
static void prose(FILE *f, const char *s)
{
    int in = 0;
    const char *p = s;
    for (const char *q; (q = strchr(p, '`')); p = q + 1) {
        txw_html_esc(f, p, (size_t)(q - p));
        fputs(in ? "</code>" : "<code>", f);
        in = !in;
    }
    esc(f, p);
    if (in)
        fputs("</code>", f);
}

static void prose_shown(const txw_html *h, const char *raw, const char *shown, int use_raw)
{
    char *m = use_raw ? masked(h->r, raw) : NULL;
    prose(h->f, m ? m : use_raw ? (h->r ? "(redacted)" : raw) : shown);
    free(m);
}

void txw_html_file_id(const char *name, unsigned index, char buf[24])
{
    const char *s = name ? name : "";
    uint32_t x = txi_fnv1a(s, strlen(s), TXI_FNV1A_INIT);
    snprintf(buf, 24, "f%08x-%u", (unsigned)x, index);
}

/* ---- the page --------------------------------------------------------------------- */

static const char css[] =
    ":root{color-scheme:light dark;--bg:#fff;--fg:#1b1b1f;--mute:#555;--line:#c4c7cc;--card:#f5f6f8;"
    "--bad:#b00020;--ok:#146c2e;--warn:#7a4f00;--acc:#0b57d0;--hl:#fff1b8;--fail:#fde2e4}\n"
    "@media (prefers-color-scheme:dark){:root{--bg:#131518;--fg:#e6e6e6;--mute:#aaa;--line:#4a4f57;"
    "--card:#1c2026;--bad:#ff8f8f;--ok:#82dd97;--warn:#f2c46b;--acc:#9dc1ff;--hl:#4d3f00;--fail:#4a1d22}}\n"
    "body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif}\n"
    "header,main,footer{max-width:1180px;margin:auto;padding:0 1rem}footer{color:var(--mute);font-size:.85em;padding:1rem}\n"
    "h1{font-size:1.5em}h2{border-bottom:2px solid var(--line);padding-bottom:.2em;margin-top:2em}\n"
    "a{color:var(--acc)}code,pre,.mono{font-family:ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:.9em}\n"
    "pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:.3em 0}\n"
    "table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid var(--line);padding:.25em .5em;"
    "text-align:left;vertical-align:top}th{background:var(--card)}\n"
    ".verdict{font-size:.8em;padding:.1em .5em;border:2px solid;border-radius:4px;vertical-align:middle}"
    ".v-failure,.v-error{color:var(--bad)}.v-success{color:var(--ok)}.v-unknown{color:var(--warn)}\n"
    ".finding{background:var(--card);border-left:4px solid var(--line);padding:.5em 1em;margin:.8em 0}"
    ".k-cause{border-left-color:var(--bad)}.k-risk{border-left-color:var(--warn)}\n"
    ".finding h4{margin:.2em 0}.meta{color:var(--mute);margin:.2em 0}\n"
    ".ev{list-style:none;padding-left:0}.ev li{margin:.2em 0}.ev summary{cursor:pointer;overflow-wrap:anywhere}\n"
    ".ctx{background:var(--bg);border:1px solid var(--line);padding:.3em .5em}.ctx mark{background:var(--hl);color:inherit}\n"
    ".ln{color:var(--mute);display:inline-block;min-width:4.5em}\n"
    "figure{margin:1em 0}figcaption{font-weight:600;margin-bottom:.3em}.ladder svg{max-width:100%;height:auto}\n"
    ".pair{display:grid;grid-template-columns:1fr 1fr;gap:1em}@media (max-width:900px){.pair{grid-template-columns:1fr}}\n"
    "svg text{fill:var(--fg);font-family:ui-monospace,'DejaVu Sans Mono',Menlo,monospace;font-size:12px}\n"
    "svg .lane{stroke:var(--line);stroke-width:2}svg .mute{fill:var(--mute)}svg .arr{stroke:var(--fg);stroke-width:1.5}"
    "svg .head{fill:var(--fg)}svg .bad{fill:var(--bad)}svg line.bad{stroke:var(--bad)}svg polygon.bad{fill:var(--bad)}\n"
    "svg .row-fail{fill:var(--fail)}svg .row-chg{fill:var(--hl)}svg .row-div{fill:var(--fail);stroke:var(--bad);stroke-width:2}"
    "svg a:focus rect.hit,svg a:hover rect.hit{fill:var(--hl);fill-opacity:.6}svg rect.hit{fill:transparent}\n"
    ".tree,.tree ul{list-style:none;padding-left:1.4em;margin:0}.tree{padding-left:0}"
    ".tree li{position:relative;margin:.4em 0}.tree ul li::before{content:'\\2514\\2500';position:absolute;left:-1.3em;"
    "color:var(--mute)}\n"
    ".cert{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:.4em .7em;display:inline-block;"
    "max-width:100%}\n.cert .subj{font-weight:600;overflow-wrap:anywhere}.cert dl{display:grid;grid-template-columns:"
    "max-content 1fr;gap:0 .8em;margin:.3em 0}.cert dt{color:var(--mute)}.cert dd{margin:0;overflow-wrap:anywhere}\n"
    ".badge{display:inline-block;font-size:.8em;border:1.5px solid;border-radius:1em;padding:0 .6em;margin:0 .3em .2em 0;"
    "font-weight:600}.b-bad{color:var(--bad)}.b-ok{color:var(--ok)}.b-warn{color:var(--warn)}.b-info{color:var(--mute)}\n"
    ".missing{border-style:dashed}.sr{position:absolute;left:-9999px}\n"
    "@media print{:root{color-scheme:light;--bg:#fff;--fg:#000;--mute:#444;--line:#999;--card:#fff;--bad:#b00020;"
    "--ok:#146c2e;--warn:#7a4f00;--acc:#000;--hl:#eee;--fail:#f3d6d9}body{font-size:10pt}"
    "a{color:inherit;text-decoration:none}.finding,.cert,figure{break-inside:avoid}"
    "section.file{break-before:page}section.file:first-of-type{break-before:auto}.pair{grid-template-columns:1fr 1fr}}\n";

void txw_html_begin(FILE *f, const char *title)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
          "img-src data:\">\n<meta name=\"color-scheme\" content=\"light dark\">\n<meta name=\"generator\" "
          "content=\"tlsexplain " TX_VERSION "\">\n<title>",
          f);
    esc(f, title);
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header><h1>", css);
    esc(f, title);
    fputs("</h1></header>\n<main>\n", f);
}

void txw_html_end(FILE *f)
{
    fputs("</main>\n<footer>Made by tlsexplain " TX_VERSION
          " from the log alone: nothing in this page was fetched, and it runs no script.</footer>\n</body>\n</html>\n",
          f);
}

/* ---- the log lines the analysis kept ----------------------------------------------- */

typedef struct kline {
    uint64_t no;
    const char *text;
    int evidence; /* cited by a finding: shown as the finding shows it, hex or not */
} kline;

struct txw_lines {
    kline *v;
    size_t n, cap;
};

/* A row of a hex dump ("0000: 16 03 03 ..."): never shown, it may be
 * decrypted application data. */
static int hexdump_row(const char *t)
{
    while (*t == ' ' || *t == '\t' || *t == '|')
        t++;
    int hex = 0;
    while ((t[hex] >= '0' && t[hex] <= '9') || (t[hex] >= 'a' && t[hex] <= 'f') || (t[hex] >= 'A' && t[hex] <= 'F'))
        hex++;
    if (hex < 4 || t[hex] != ':')
        return 0;
    t += hex + 1;
    while (*t == ' ')
        t++;
    int pairs = 0;
    for (; pairs < 4; pairs++) {
        int ok = 1;
        for (int k = 0; k < 2; k++) {
            char c = t[k];
            ok &= (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        }
        if (!ok || (t[2] != ' ' && t[2] != '\0'))
            break;
        t += 3;
    }
    return pairs >= 4;
}

static void lines_add(struct txw_lines *l, uint64_t no, const char *text, int evidence)
{
    if (!no || !text || l->cap == SIZE_MAX)
        return;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        kline *v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            l->cap = SIZE_MAX; /* keep what we have */
            return;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n].no = no;
    l->v[l->n].evidence = evidence;
    l->v[l->n++].text = text;
}

static void lines_event(struct txw_lines *l, const txi_event *e)
{
    if (e->type == TXE_FACT)
        return;
    if (e->src)
        lines_add(l, e->src->no, e->src->text, 0);
    for (unsigned i = 0; i < e->nfields; i++)
        if (e->fields[i].src)
            lines_add(l, e->fields[i].src->no, e->fields[i].src->text, 0);
}

static int cmp_kline(const void *x, const void *y)
{
    const kline *a = x, *b = y;
    return a->no < b->no ? -1 : a->no > b->no;
}

struct txw_lines *txw_lines_new(const txa_model *a)
{
    struct txw_lines *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    for (const txi_event *e = a->globals; e; e = e->next)
        lines_event(l, e);
    for (unsigned i = 0; i < a->nkept; i++)
        for (const txi_event *e = a->kept[i]->first; e; e = e->next)
            lines_event(l, e);
    for (unsigned i = 0; i < a->nfind; i++)
        for (unsigned k = 0; k < a->findings[i].nev; k++)
            lines_add(l, a->findings[i].ev[k].line, a->findings[i].ev[k].text, 1);
    if (l->n)
        qsort(l->v, l->n, sizeof *l->v, cmp_kline);
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (k && l->v[k - 1].no == l->v[i].no) {
            l->v[k - 1].evidence |= l->v[i].evidence;
            continue;
        }
        l->v[k++] = l->v[i];
    }
    l->n = k;
    k = 0;
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i].evidence || !hexdump_row(l->v[i].text))
            l->v[k++] = l->v[i];
    l->n = k;
    return l;
}

void txw_lines_free(struct txw_lines *l)
{
    if (!l)
        return;
    free(l->v);
    free(l);
}

static size_t lines_find(const struct txw_lines *l, uint64_t no)
{
    size_t lo = 0, hi = l ? l->n : 0;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (l->v[mid].no < no)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int lines_has(const struct txw_lines *l, uint64_t no)
{
    size_t i = lines_find(l, no);
    return l && i < l->n && l->v[i].no == no;
}

void txw_html_line_link(const txw_html *h, uint64_t no)
{
    if (lines_has(h->lines, no))
        fprintf(h->f, "<a href=\"#%s-L%llu\">", h->fid, (unsigned long long)no);
    else
        fputs("<a>", h->f);
    txw_html_str(h, h->file);
    fprintf(h->f, ":%llu</a>", (unsigned long long)no);
}

/* The lines the analysis kept around an evidence line (the context read
 * again is not there): a fallback that still shows the neighbourhood. */
static void kept_context(const txw_html *h, uint64_t line, const char *text)
{
    FILE *f = h->f;
    const struct txw_lines *l = h->lines;
    size_t i = lines_find(l, line > TX_HTML_CONTEXT_LINES ? line - TX_HTML_CONTEXT_LINES : 1);
    uint64_t prev = 0;
    for (; l && i < l->n && l->v[i].no <= line + TX_HTML_CONTEXT_LINES; i++) {
        if (prev && l->v[i].no != prev + 1)
            fputs("<span class=\"ln\">\xe2\x8b\xae</span>\n", f);
        prev = l->v[i].no;
        int self = l->v[i].no == line;
        fputs(self ? "<mark>" : "", f);
        fprintf(f, "<span class=\"ln\">%llu</span>", (unsigned long long)l->v[i].no);
        if (self)
            esc(f, text);
        else
            txw_html_str(h, l->v[i].text);
        fputs(self ? "</mark>\n" : "\n", f);
    }
}

void txw_html_evidence(const txw_html *h, const txa_model *a, uint64_t line, const char *text)
{
    FILE *f = h->f;
    const txa_logctx *x = a ? a->context : NULL;
    txa_ctx_state st = txa_logctx_state(x);
    fputs("<li><details><summary>", f);
    txw_html_line_link(h, line);
    fputs(" <code>", f);
    esc(f, text);
    fprintf(f, "</code></summary><pre class=\"ctx\" data-line=\"%llu\" data-context=\"%s\">", (unsigned long long)line,
            st == TXA_CTX_OK ? "log" : "kept");
    if (st == TXA_CTX_OK) {
        /* the log's own lines around it, read again: hex rows by number only */
        uint64_t from = line > TX_HTML_CONTEXT_LINES ? line - TX_HTML_CONTEXT_LINES : 1;
        for (uint64_t no = from; no <= line + TX_HTML_CONTEXT_LINES; no++) {
            int past = 0;
            const txa_ctxline *cl = txa_logctx_line(x, no, &past);
            if (past && no != line)
                break;
            int self = no == line;
            fprintf(f, "%s<span class=\"ln\">%llu</span>", self ? "<mark>" : "", (unsigned long long)no);
            if (self)
                esc(f, text); /* as the finding shows it */
            else if (!cl)
                fputs("<i>(not kept)</i>", f);
            else if (!cl->text)
                fputs("<i>(a hex-dump row: not shown, it may hold decrypted data)</i>", f);
            else {
                txw_html_str(h, cl->text);
                if (cl->cut)
                    fputs("\xe2\x80\xa6", f);
            }
            fputs(self ? "</mark>\n" : "\n", f);
        }
    } else {
        kept_context(h, line, text);
        fprintf(f, "<i>(%s: these are the lines the analysis kept near it)</i>",
                st == TXA_CTX_CHANGED ? "the log read again was not the log analysed, so its lines around this one "
                                        "are not shown"
                : st == TXA_CTX_NOMEM ? "out of memory while reading the lines around this one"
                                      : "the lines around this one were not available: the log could not be read "
                                        "a second time");
    }
    fputs("</pre></details></li>\n", f);
}

void txw_html_log_lines(const txw_html *h, const txa_model *a)
{
    (void)a;
    FILE *f = h->f;
    const struct txw_lines *l = h->lines;
    if (!l || !l->n)
        return;
    fprintf(f, "<h3 id=\"%s-log\">Log lines of <span class=\"mono\">", h->fid);
    txw_html_str(h, h->file);
    fprintf(f, "</span></h3>\n<p class=\"meta\">The %zu lines of <span class=\"mono\">", l->n);
    txw_html_str(h, h->file);
    fputs("</span> this report reads from (hex dumps left out).</p>\n<details open><summary>Show the lines</summary>\n"
          "<pre class=\"ctx\">",
          f);
    uint64_t prev = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (prev && l->v[i].no != prev + 1)
            fputs("<span class=\"ln\">\xe2\x8b\xae</span>\n", f);
        prev = l->v[i].no;
        fprintf(f, "<span class=\"ln\" id=\"%s-L%llu\">%llu</span>", h->fid, (unsigned long long)l->v[i].no,
                (unsigned long long)l->v[i].no);
        txw_html_str(h, l->v[i].text);
        putc('\n', f);
    }
    fputs("</pre></details>\n", f);
}

/* ---- the ladder --------------------------------------------------------------------- */

static int other(int side) { return side == 1 ? 2 : 1; }

static const char *short_class(const char *cls)
{
    const char *d = cls ? strrchr(cls, '.') : NULL;
    return d ? d + 1 : cls ? cls : "exception";
}

typedef struct ent {
    const txi_event *e;
    uint64_t line;
    size_t idx;
} ent;

static int cmp_ent(const void *x, const void *y)
{
    const ent *a = x, *b = y;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static int is_fatal_ev(const txi_event *e)
{
    return e->type == TXE_EXCEPTION || (e->type == TXE_ALERT && txi_ev_is(e, TXF_LEVEL, "fatal"));
}


txw_rung *txw_conn_rungs(const txi_conn *c, size_t *n)
{
    *n = 0;
    size_t ne = 0;
    for (const txi_event *e = c->first; e; e = e->next)
        ne++;
    ent *v = ne ? malloc(ne * sizeof *v) : NULL;
    if (!v)
        return NULL;
    size_t k = 0;
    const txi_event *sni = NULL;
    for (const txi_event *e = c->first; e; e = e->next) {
        if (e->type == TXE_SNI && !sni)
            sni = e;
        if ((e->type == TXE_HANDSHAKE && txi_ev_str(e, TXF_MESSAGE)) || e->type == TXE_ALERT ||
            e->type == TXE_EXCEPTION || e->type == TXE_NEGOTIATED) {
            v[k].e = e;
            v[k].line = e->src ? e->src->no : 0;
            v[k].idx = k;
            k++;
        }
    }
    qsort(v, k, sizeof *v, cmp_ent);
    txw_rung *r = k ? calloc(k < TX_MAX_HTML_RUNGS ? k : TX_MAX_HTML_RUNGS, sizeof *r) : NULL;
    if (!r) {
        free(v);
        return NULL;
    }
    int local = c->role == TXI_ROLE_SERVER ? 2 : 1;
    int finished = (c->flags & TXI_CONN_FINISHED) != 0, failed = 0;
    size_t m = 0;
    for (size_t i = 0; i < k && m < TX_MAX_HTML_RUNGS; i++) {
        const txi_event *e = v[i].e;
        txw_rung *s = &r[m];
        memset(s, 0, sizeof *s);
        s->line = v[i].line;
        txw_rung_clock(s, e);
        s->repeat = 1;
        if (e->type == TXE_HANDSHAKE) {
            const char *msg = txi_ev_str(e, TXF_MESSAGE);
            s->kind = TXW_R_MSG;
            s->from = (uint8_t)(txi_ev_is(e, TXF_DIRECTION, "received") ? other(local) : local);
            s->to = (uint8_t)other(s->from);
            long long cnt = txi_ev_int(e, TXF_COUNT, -1);
            if (!strcmp(msg, "Certificate") && cnt >= 0)
                snprintf(s->label, sizeof s->label, "Certificate (%lld)", cnt);
            else
                snprintf(s->label, sizeof s->label, "%s", msg);
            if (!strcmp(msg, "ClientHello")) {
                char vers[80] = "";
                size_t o = 0;
                for (const txi_field *fl = txi_ev_get(e, TXF_VERSIONS); fl && o < sizeof vers; fl = txi_ev_next(e, fl)) {
                    int w = snprintf(vers + o, sizeof vers - o, "%s%s", o ? ", " : "", fl->val);
                    o = w < 0 ? sizeof vers : o + (size_t)w;
                }
                unsigned suites = 0;
                for (const txi_field *fl = txi_ev_get(e, TXF_CIPHERS); fl; fl = txi_ev_next(e, fl))
                    suites++;
                const char *ver = vers[0] ? vers : txi_ev_str(e, TXF_VERSION);
                const char *name = sni ? txi_ev_str(sni, TXF_NAME) : NULL;
                snprintf(s->detail, sizeof s->detail, "%s%s%u suites%s%s", ver ? ver : "", ver ? "; " : "", suites,
                         name ? "; SNI " : "", name ? name : "");
            }
            /* an equal message right before: one rung, counted */
            if (m && r[m - 1].kind == TXW_R_MSG && r[m - 1].from == s->from && !strcmp(r[m - 1].label, s->label) &&
                !s->detail[0]) {
                r[m - 1].repeat++;
                continue;
            }
        } else if (e->type == TXE_NEGOTIATED) {
            const char *ver = txi_ev_str(e, TXF_VERSION), *cs = txi_ev_str(e, TXF_CIPHER);
            char d[200];
            snprintf(d, sizeof d, "%s%s%s", ver ? ver : "", ver && cs ? " " : "", cs ? cs : "");
            /* folded into the ServerHello of the same line */
            if (m && r[m - 1].kind == TXW_R_MSG && r[m - 1].line == s->line && !r[m - 1].detail[0]) {
                snprintf(r[m - 1].detail, sizeof r[m - 1].detail, "%s", d);
                continue;
            }
            s->kind = TXW_R_NOTE;
            s->from = (uint8_t)local;
            snprintf(s->label, sizeof s->label, "negotiated %.180s", d);
        } else if (e->type == TXE_ALERT) {
            const char *lvl = txi_ev_str(e, TXF_LEVEL), *d = txi_ev_str(e, TXF_DESCRIPTION);
            s->kind = TXW_R_ALERT;
            s->from = (uint8_t)(txi_ev_is(e, TXF_ORIGIN, "peer") ? other(local) : local);
            s->to = (uint8_t)other(s->from);
            snprintf(s->label, sizeof s->label, "alert %s", d ? d : "(unknown)");
            snprintf(s->detail, sizeof s->detail, "%s%sraised by the %s", lvl ? lvl : "", lvl ? ", " : "",
                     s->from == 1 ? "client" : "server");
        } else {
            const char *msg = txi_ev_str(e, TXF_MESSAGE), *root = txi_ev_str(e, TXF_ROOT);
            s->kind = TXW_R_EXC;
            s->from = (uint8_t)local;
            snprintf(s->label, sizeof s->label, "%s%s%s", short_class(txi_ev_str(e, TXF_CLASS)), msg ? ": " : "",
                     msg ? msg : "");
            if (root)
                snprintf(s->detail, sizeof s->detail, "caused by %s", root);
        }
        /* the failing step: the first fatal alert or exception (an exception
         * after a completed handshake is the application's business) */
        if (!failed && is_fatal_ev(e) && (!finished || e->type == TXE_ALERT)) {
            s->mark = TXW_M_FAIL;
            failed = 1;
        }
        m++;
    }
    free(v);
    *n = m;
    return r;
}

enum { LW = 760, X_CLIENT = 200, X_SERVER = 700, ROW = 40, TOP = 44 };

void txw_rung_clock(txw_rung *r, const txi_event *e)
{
    r->clock[0] = '\0';
    if (!e || e->time == TXI_NO_TIME)
        return;
    char full[40];
    txi_format_time(e->time, full, sizeof full);
    if (strlen(full) < 19)
        return;
    snprintf(r->clock, sizeof r->clock, "%.8s", full + 11);
    /* the line's own "HH:MM:SS.mmm" (SSLLogger and most application logs) */
    const char *t = e->src ? strstr(e->src->text, r->clock) : NULL;
    if (t && t[8] == '.' && t[9] >= '0' && t[9] <= '9' && t[10] >= '0' && t[10] <= '9' && t[11] >= '0' && t[11] <= '9')
        snprintf(r->clock + 8, sizeof r->clock - 8, ".%.3s", t + 9);
}

void txw_html_ladder(const txw_html *h, const char *id, const char *caption, const txw_rung *v, size_t n)
{
    FILE *f = h->f;
    int H = TOP + (int)n * ROW + 12;
    fputs("<figure class=\"ladder\">\n<figcaption>", f);
    txw_html_str(h, caption);
    fputs("</figcaption>\n", f);
    fprintf(f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"group\" "
            "aria-labelledby=\"%s\">\n<title id=\"%s\">Handshake ladder: ",
            LW, H, LW, H, id, id);
    txw_html_str(h, caption);
    fprintf(f, " (%zu steps; each links to its log line)</title>\n", n);
    fprintf(f,
            "<text x=\"4\" y=\"18\" class=\"mute\">line  time</text><text x=\"%d\" y=\"18\" text-anchor=\"middle\" "
            "font-weight=\"bold\">client</text><text x=\"%d\" y=\"18\" text-anchor=\"middle\" font-weight=\"bold\">server</text>\n",
            X_CLIENT, X_SERVER);
    fprintf(f, "<line class=\"lane\" x1=\"%d\" y1=\"26\" x2=\"%d\" y2=\"%d\"/><line class=\"lane\" x1=\"%d\" y1=\"26\" x2=\"%d\" y2=\"%d\"/>\n",
            X_CLIENT, X_CLIENT, H - 4, X_SERVER, X_SERVER, H - 4);
    for (size_t i = 0; i < n; i++) {
        const txw_rung *s = &v[i];
        int y = TOP + (int)i * ROW + 18; /* the arrow */
        if (s->kind == TXW_R_GAP) {
            fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"mute\">\xe2\x80\x94</text>\n",
                    (X_CLIENT + X_SERVER) / 2, y);
            continue;
        }
        if (s->line && lines_has(h->lines, s->line))
            fprintf(f, "<a href=\"#%s-L%llu\">", h->fid, (unsigned long long)s->line);
        else
            fputs("<g>", f);
        fputs("<title>", f);
        if (s->line) {
            esc(f, h->file);
            fprintf(f, ":%llu: ", (unsigned long long)s->line);
        }
        txw_html_str(h, s->label);
        if (s->repeat > 1)
            fprintf(f, " (\xc3\x97%u)", s->repeat);
        if (s->detail[0]) {
            fputs(" \xe2\x80\x94 ", f);
            txw_html_str(h, s->detail);
        }
        if (s->mark == TXW_M_FAIL)
            fputs(" \xe2\x80\x94 the failing step", f);
        else if (s->mark == TXW_M_DIVERGE)
            fputs(" \xe2\x80\x94 the first divergence", f);
        else if (s->mark == TXW_M_CHANGED)
            fputs(" \xe2\x80\x94 differs from the other log", f);
        else if (s->mark == TXW_M_ONLY)
            fputs(" \xe2\x80\x94 only in this log", f);
        fputs("</title>", f);
        const char *row = s->mark == TXW_M_FAIL     ? "row-fail"
                          : s->mark == TXW_M_DIVERGE ? "row-div"
                          : s->mark ? "row-chg" : "hit";
        fprintf(f, "<rect class=\"%s\" x=\"1\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"3\"/>", row, y - 30, LW - 2,
                ROW - 2);
        if (s->line)
            fprintf(f, "<text x=\"4\" y=\"%d\" class=\"mute\">%llu</text>", y - 4, (unsigned long long)s->line);
        if (s->clock[0]) {
            fprintf(f, "<text x=\"4\" y=\"%d\" class=\"mute\">", y + 10);
            esc(f, s->clock);
            fputs("</text>", f);
        }
        /* the mark in words too, not in colour alone (print, colour blindness) */
        if (s->mark == TXW_M_FAIL || s->mark == TXW_M_DIVERGE)
            fprintf(f, "<text x=\"100\" y=\"%d\" class=\"bad\" font-weight=\"bold\">%s</text>", y + 10,
                    s->mark == TXW_M_FAIL ? "failed" : "diverges");
        else if (s->mark == TXW_M_CHANGED || s->mark == TXW_M_ONLY)
            fprintf(f, "<text x=\"100\" y=\"%d\" class=\"mute\">%s</text>", y + 10,
                    s->mark == TXW_M_CHANGED ? "differs" : "only here");
        int bad = s->kind == TXW_R_ALERT || s->kind == TXW_R_EXC || s->mark == TXW_M_FAIL;
        const char *cls = bad ? " bad" : "";
        if (s->kind == TXW_R_MSG || s->kind == TXW_R_ALERT) {
            int x1 = s->from == 1 ? X_CLIENT : X_SERVER, x2 = s->from == 1 ? X_SERVER : X_CLIENT;
            int dir = x2 > x1 ? 1 : -1;
            fprintf(f, "<line class=\"arr%s\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"%s/>", cls, x1, y, x2 - dir * 8, y,
                    s->kind == TXW_R_ALERT ? " stroke-dasharray=\"6 3\"" : "");
            fprintf(f, "<polygon class=\"head%s\" points=\"%d,%d %d,%d %d,%d\"/>", cls, x2, y, x2 - dir * 10, y - 5,
                    x2 - dir * 10, y + 5);
            if (s->kind == TXW_R_ALERT)
                fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"bad\" font-weight=\"bold\">\xc3\x97</text>",
                        x1 + dir * 8, y + 4);
        } else {
            int x = s->from == 2 ? X_SERVER : X_CLIENT;
            fprintf(f, "<circle cx=\"%d\" cy=\"%d\" r=\"6\" class=\"%s\"/>", x, y, bad ? "bad" : "head");
        }
        fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\"%s%s>", (X_CLIENT + X_SERVER) / 2, y - 6,
                bad ? " class=\"bad\"" : "", s->kind == TXW_R_MSG ? "" : " font-weight=\"bold\"");
        str_cut(h, s->label, 62);
        if (s->repeat > 1)
            fprintf(f, " \xc3\x97%u", s->repeat);
        fputs("</text>", f);
        if (s->detail[0]) {
            fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"mute\" font-size=\"11\">",
                    (X_CLIENT + X_SERVER) / 2, y + 14);
            str_cut(h, s->detail, 66);
            fputs("</text>", f);
        }
        fputs(s->line && lines_has(h->lines, s->line) ? "</a>\n" : "</g>\n", f);
    }
    fputs("</svg>\n</figure>\n", f);
}

/* ---- certificate chains -------------------------------------------------------------- */


typedef struct chain {
    const char *owner; /* "server" / "client" */
    const txi_event *c[TX_MAX_HTML_CHAIN];
    unsigned n;
} chain;

static const txi_event *find_truststore(const txa_model *a)
{
    const txi_event *t = NULL;
    for (const txi_event *e = a->globals; e; e = e->next)
        if (e->type == TXE_TRUSTSTORE && (!t || !txi_ev_str(e, TXF_ERROR)))
            t = e;
    return t;
}

static int list_has(const txi_event *e, int fid, const char *v)
{
    if (!e || !v)
        return 0;
    for (const txi_field *f = txi_ev_get(e, fid); f; f = txi_ev_next(e, f))
        if (!strcmp(f->val, v))
            return 1;
    return 0;
}

static void badge(FILE *f, const char *cls, const char *text)
{
    fprintf(f, "<span class=\"badge b-%s\">%s</span>", cls, text);
}

/* Does conn c hold a fact `name` about the certificate at pos (-1: any)? */
static const txi_event *fact_at(const txi_conn *c, const char *name, long long pos)
{
    for (const txi_event *e = c->first; e; e = e->next)
        if (e->type == TXE_FACT && txi_ev_is(e, TXF_NAME, name) &&
            (pos < 0 || txi_ev_int(e, TXF_POSITION, -1) == pos))
            return e;
    return NULL;
}

static int64_t log_time_of(const txi_conn *c, const txi_event *ce, const txa_model *a)
{
    if (ce->time != TXI_NO_TIME)
        return ce->time;
    int64_t t = TXI_NO_TIME;
    for (const txi_event *e = c->first; e; e = e->next)
        if (e->time != TXI_NO_TIME && (t == TXI_NO_TIME || e->time > t))
            t = e->time;
    return t != TXI_NO_TIME ? t : a->opt.now ? (int64_t)a->opt.now : TXI_NO_TIME;
}

static void dd_field(const txw_html *h, const char *name, const char *val)
{
    if (!val || !*val)
        return;
    fprintf(h->f, "<dt>%s</dt><dd>", name);
    txw_html_str(h, val);
    fputs("</dd>", h->f);
}

static void cert_node(const txw_html *h, const txa_model *a, const txi_conn *c, const chain *ch, unsigned i,
                      int anchored, int revoked)
{
    FILE *f = h->f;
    const txi_event *ce = ch->c[i];
    long long pos = txi_ev_int(ce, TXF_POSITION, (long long)i);
    const char *subj = txi_ev_str(ce, TXF_SUBJECT), *iss = txi_ev_str(ce, TXF_ISSUER);
    int self = subj && iss && !strcmp(subj, iss);
    fputs("<div class=\"cert\"><div class=\"subj\">", f);
    txw_html_str(h, subj ? subj : "(no subject in the log)");
    fputs("</div><div>", f);
    fprintf(f, "<span class=\"badge b-info\">%s</span>",
            i == 0 ? "leaf" : self ? "root" : "intermediate");
    int bad = 0;
    if (fact_at(c, "cert_expired", pos))
        badge(f, "bad", "expired"), bad = 1;
    if (fact_at(c, "cert_not_yet_valid", pos))
        badge(f, "bad", "not yet valid"), bad = 1;
    if (revoked)
        badge(f, "bad", "revoked"), bad = 1;
    if (fact_at(c, "cert_expiring_soon", pos))
        badge(f, "warn", "expires soon");
    if (i == 0 && ch->owner[0] == 's' && (fact_at(c, "host_not_in_san", -1) || fact_at(c, "ip_not_in_san", -1)))
        badge(f, "bad", "name mismatch"), bad = 1;
    if (fact_at(c, "weak_key", pos))
        badge(f, "warn", "weak key"), bad = 1;
    if (fact_at(c, "weak_signature", pos))
        badge(f, "warn", "weak signature"), bad = 1;
    if (i + 1 == ch->n && self) {
        if (anchored)
            badge(f, "ok", "trusted anchor");
        else if (fact_at(c, "root_not_trusted", -1) || fact_at(c, "leaf_self_signed", -1))
            badge(f, "bad", "not trusted"), bad = 1;
        else
            badge(f, "info", "self-signed");
    }
    if (!bad)
        badge(f, "ok", "no problem seen");
    fputs("</div><dl>", f);
    dd_field(h, "issuer", iss);
    const char *nb = txi_ev_str(ce, TXF_NOT_BEFORE), *na = txi_ev_str(ce, TXF_NOT_AFTER);
    if (nb || na) {
        fputs("<dt>valid</dt><dd>", f);
        txw_html_str(h, nb ? nb : "?");
        fputs(" \xe2\x80\x93 ", f);
        txw_html_str(h, na ? na : "?");
        int64_t at = log_time_of(c, ce, a);
        const txi_field *naf = txi_ev_get(ce, TXF_NOT_AFTER), *nbf = txi_ev_get(ce, TXF_NOT_BEFORE);
        int64_t ta = naf ? txi_parse_time(naf->val, naf->len) : TXI_NO_TIME;
        int64_t tb = nbf ? txi_parse_time(nbf->val, nbf->len) : TXI_NO_TIME;
        if (at != TXI_NO_TIME) {
            char when[40];
            txi_format_time(at, when, sizeof when);
            if (ta != TXI_NO_TIME && ta < at)
                fprintf(f, "<br><strong class=\"v-failure\">expired %lld days before the log's time (%s)</strong>",
                        (long long)((at - ta) / 86400), when);
            else if (tb != TXI_NO_TIME && tb > at)
                fprintf(f, "<br><strong class=\"v-failure\">valid only %lld days after the log's time (%s)</strong>",
                        (long long)((tb - at) / 86400), when);
            else if (ta != TXI_NO_TIME)
                fprintf(f, "<br>valid at the log's time (%s), %lld days left", when, (long long)((ta - at) / 86400));
        }
        fputs("</dd>", f);
    }
    if (txi_ev_get(ce, TXF_SAN)) {
        fputs("<dt>SAN</dt><dd>", f);
        unsigned k = 0;
        for (const txi_field *fl = txi_ev_get(ce, TXF_SAN); fl; fl = txi_ev_next(ce, fl), k++) {
            if (k == 20) {
                fputs(", \xe2\x80\xa6", f);
                break;
            }
            if (k)
                fputs(", ", f);
            txw_html_str(h, fl->val);
        }
        fputs("</dd>", f);
    }
    const char *ka = txi_ev_str(ce, TXF_KEY_ALG);
    long long ks = txi_ev_int(ce, TXF_KEY_SIZE, 0);
    if (ka || ks) {
        fputs("<dt>key</dt><dd>", f);
        txw_html_str(h, ka ? ka : "");
        if (ks)
            fprintf(f, " %lld bits", ks);
        fputs("</dd>", f);
    }
    dd_field(h, "signature", txi_ev_str(ce, TXF_SIG_ALG));
    dd_field(h, "serial", txi_ev_str(ce, TXF_SERIAL));
    if (ce->src) {
        fputs("<dt>line</dt><dd>", f);
        txw_html_line_link(h, ce->src->no);
        fputs("</dd>", f);
    }
    fputs("</dl></div>", f);
}

static void chain_tree(const txw_html *h, const txa_model *a, const txi_conn *c, const chain *ch)
{
    FILE *f = h->f;
    const txi_event *ts = find_truststore(a);
    const txi_event *top = ch->c[ch->n - 1];
    const char *tsubj = txi_ev_str(top, TXF_SUBJECT), *tiss = txi_ev_str(top, TXF_ISSUER);
    int self = tsubj && tiss && !strcmp(tsubj, tiss);
    /* the anchor: a trusted-certificate event of the connection, else the listing */
    const txi_event *found = NULL;
    for (const txi_event *e = c->first; e; e = e->next)
        if (e->type == TXE_TRUSTED)
            found = e;
    const char *anchor = found ? txi_ev_str(found, TXF_SUBJECT) : NULL;
    int listed = list_has(ts, TXF_SUBJECTS, tiss) || (self && list_has(ts, TXF_SUBJECTS, tsubj));
    int anchored = found || listed;
    /* revoked: JSSE names the authority (the issuer of the revoked
     * certificate) in "Certificate has been revoked, ..., authority: DN" */
    const txi_event *rev = NULL;
    int revoked_at = -1;
    for (const txi_event *e = c->first; e && !rev; e = e->next)
        if (e->type == TXE_EXCEPTION || e->type == TXE_ALERT) {
            const char *m = txi_ev_str(e, TXF_MESSAGE), *d = txi_ev_str(e, TXF_DESCRIPTION);
            if ((m && strstr(m, "has been revoked")) || (d && !strcmp(d, "certificate_revoked")))
                rev = e;
        }
    if (rev) {
        const char *m = txi_ev_str(rev, TXF_MESSAGE), *au = m ? strstr(m, "authority: ") : NULL;
        txi_sv acn = au ? txi_dn_cn(au + 11, strlen(au + 11)) : txi_sv_make(NULL, 0);
        for (unsigned i = 0; i < ch->n && acn.n && revoked_at < 0; i++) {
            const char *is = txi_ev_str(ch->c[i], TXF_ISSUER);
            txi_sv icn = is ? txi_dn_cn(is, strlen(is)) : txi_sv_make(NULL, 0);
            if (icn.n == acn.n && !memcmp(icn.p, acn.p, acn.n))
                revoked_at = (int)i;
        }
        if (revoked_at < 0)
            revoked_at = 0; /* no authority named: the peer's own certificate, by far the usual case */
    }
    fprintf(f, "<h4>The %s's chain: %u certificate%s sent</h4>\n", ch->owner, ch->n, ch->n == 1 ? "" : "s");
    fputs("<p>", f);
    if (ts && ch->owner[0] == 's') {
        const char *path = txi_ev_str(ts, TXF_PATH), *type = txi_ev_str(ts, TXF_STORE_TYPE);
        fputs("Truststore used: <span class=\"mono\">", f);
        txw_html_str(h, path && *path ? path : "(no path logged)");
        fputs("</span>", f);
        if (type) {
            fputs(" (", f);
            txw_html_str(h, type);
            fprintf(f, ", %lld entries)", txi_ev_int(ts, TXF_COUNT, 0));
        }
        if (ts->src) {
            fputs(", ", f);
            txw_html_line_link(h, ts->src->no);
        }
        if (!txi_ev_get(ts, TXF_SUBJECTS))
            fputs(". The log does not list its entries.", f);
        else if (listed)
            fputs(". The issuer of the top certificate <strong class=\"v-success\">is in it</strong>.", f);
        else
            fputs(". The issuer of the top certificate <strong class=\"v-failure\">is not in it</strong>.", f);
    } else if (ch->owner[0] == 's') {
        fputs("The log does not say which truststore was used.", f);
    }
    if (rev && rev->src) {
        fputs(" The log reports a revoked certificate: ", f);
        txw_html_line_link(h, rev->src->no);
        fputs(".", f);
    }
    fputs("</p>\n<ul class=\"tree\">", f);
    int opened = 0;
    if (!self) {
        if (anchored) {
            fputs("<li><div class=\"cert\"><div class=\"subj\">", f);
            txw_html_str(h, anchor ? anchor : tiss);
            fputs("</div><div>", f);
            badge(f, "ok", "trusted anchor");
            fputs("<span class=\"badge b-info\">not sent: from the truststore</span></div>", f);
            const char *path = ts ? txi_ev_str(ts, TXF_PATH) : NULL;
            if (path && *path) {
                fputs("<div class=\"meta\">in <span class=\"mono\">", f);
                txw_html_str(h, path);
                fputs("</span></div>", f);
            }
            fputs("</div><ul>", f);
        } else {
            /* missing: not sent, and not among the anchors the log lists (or,
             * when it lists none, the rules found the chain incomplete) */
            int proven = (ts && txi_ev_get(ts, TXF_SUBJECTS)) || fact_at(c, "chain_incomplete", -1);
            fputs("<li><div class=\"cert missing\"><div class=\"subj\">", f);
            txw_html_str(h, tiss ? tiss : "(issuer unknown)");
            fputs("</div><div>", f);
            badge(f, proven ? "bad" : "warn", proven ? "missing" : "not sent");
            fputs(proven ? "<span class=\"badge b-info\">not sent, not in the truststore</span></div></div><ul>"
                         : "<span class=\"badge b-info\">the issuer: the log does not show it in a truststore</span>"
                           "</div></div><ul>",
                  f);
        }
        opened++;
    }
    for (unsigned i = ch->n; i-- > 0;) {
        fputs("<li>", f);
        cert_node(h, a, c, ch, i, anchored, (int)i == revoked_at);
        if (i)
            fputs("<ul>", f);
    }
    for (unsigned i = ch->n; i-- > 0;)
        fputs(i ? "</li></ul>" : "</li>", f);
    while (opened--)
        fputs("</ul></li>", f);
    fputs("</ul>\n", f);
}

void txw_html_chains(const txw_html *h, const txa_model *a, const txi_conn *c)
{
    chain ch[2] = {{"server", {0}, 0}, {"client", {0}, 0}};
    int local = c->role == TXI_ROLE_SERVER ? 2 : 1;
    for (const txi_event *e = c->first; e; e = e->next) {
        if (e->type != TXE_CERTIFICATE)
            continue;
        const char *src = txi_ev_str(e, TXF_SOURCE);
        int side;
        if (!src || !strcmp(src, "peer"))
            side = other(local);
        else if (!strcmp(src, "server"))
            side = 2;
        else if (!strcmp(src, "client"))
            side = 1;
        else
            continue;
        chain *x = &ch[side == 2 ? 0 : 1];
        if (txi_ev_int(e, TXF_POSITION, -1) == 0)
            x->n = 0;
        if (x->n < TX_MAX_HTML_CHAIN)
            x->c[x->n++] = e;
    }
    for (int k = 0; k < 2; k++)
        if (ch[k].n)
            chain_tree(h, a, c, &ch[k]);
}

/* ---- findings ----------------------------------------------------------------------------- */

void txw_html_finding(const txw_html *h, const txa_model *a, const txa_mfinding *fd, int raw, const char *supported)
{
    FILE *f = h->f;
    static const char *kinds[] = {"cause", "risk", "note"};
    fprintf(f, "<li class=\"finding k-%s\"><h4>", kinds[fd->kind <= 2 ? fd->kind : 2]);
    esc(f, fd->title);
    fputs("</h4><p class=\"meta\"><code>", f);
    esc(f, fd->category);
    fprintf(f, "</code> %s, confidence %d", kinds[fd->kind <= 2 ? fd->kind : 2], fd->score);
    if (fd->conns > 1)
        fprintf(f, ", seen on %u connections", fd->conns);
    fputs(" \xc2\xb7 rule <code>", f);
    esc(f, fd->id);
    fputs("</code></p>\n", f);
    if (supported) {
        fputs("<p><strong>Supported by:</strong> ", f);
        esc(f, *supported ? supported : "no difference between the logs bears on it");
        fputs("</p>\n", f);
    }
    if (fd->explain || (raw && fd->raw_explain)) {
        fputs("<p>", f);
        prose_shown(h, fd->raw_explain, fd->explain, raw);
        fputs("</p>\n", f);
    }
    if (fd->ev_as >= 0) {
        fputs("<p><strong>Evidence:</strong> the same lines as \xe2\x80\x9c", f);
        esc(f, a->findings[fd->ev_as].title);
        fputs("\xe2\x80\x9d above.</p>\n", f);
    }
    if (fd->nev) {
        fputs("<h5>Evidence</h5>\n<ul class=\"ev\">\n", f);
        for (unsigned i = 0; i < fd->nev; i++) {
            char *m = raw ? masked(h->r, fd->ev[i].text) : NULL;
            const char *t = raw ? (m ? m : h->r ? "(redacted)" : fd->ev[i].text)
                                : fd->ev_text[i] ? fd->ev_text[i] : "(redacted)";
            txw_html_evidence(h, a, fd->ev[i].line, t);
            free(m);
        }
        fputs("</ul>\n", f);
    }
    if (fd->nsteps) {
        fputs("<h5>Fix</h5>\n<ol>\n", f);
        for (unsigned i = 0; i < fd->nsteps; i++) {
            if (!(raw ? fd->raw_steps[i] : fd->steps[i]))
                continue;
            fputs("<li>", f);
            prose_shown(h, fd->raw_steps[i], fd->steps[i], raw);
            fputs("</li>\n", f);
        }
        fputs("</ol>\n", f);
    }
    for (unsigned i = 0; i < a->nfind; i++)
        if (a->findings[i].superseded_by == (int)(fd - a->findings)) {
            fputs("<p class=\"meta\">Also explains: ", f);
            esc(f, a->findings[i].title);
            fputs("</p>\n", f);
        }
    fputs("</li>\n", f);
}

/* ---- the explain section --------------------------------------------------------------- */

static int cmp_conn(const void *x, const void *y)
{
    const txi_conn *a = *(const txi_conn *const *)x, *b = *(const txi_conn *const *)y;
    if (a->first_line != b->first_line)
        return a->first_line < b->first_line ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}


void txw_write_html(const txa_model *a, FILE *f)
{
    char fid[24];
    txw_html_file_id(a->name, a->html_index, fid);
    struct txw_lines *lines = txw_lines_new(a);
    txw_html h = {f, a->opt.redact ? a->redactor : NULL, fid, a->name, lines};
    const char *v = txw_verdict_name(a->verdict);
    fprintf(f, "<section class=\"file\" id=\"%s\" aria-labelledby=\"%s-h\">\n<h2 id=\"%s-h\"><span class=\"mono\">", fid,
            fid, fid);
    esc(f, a->name);
    fprintf(f, "</span> <span class=\"verdict v-%s\">%s</span></h2>\n<p>", v,
            a->verdict == TX_VERDICT_SUCCESS ? "SUCCESS" : a->verdict == TX_VERDICT_FAILURE ? "FAILURE" : "UNKNOWN");
    fputs(a->verdict == TX_VERDICT_SUCCESS   ? "Every handshake completed, nothing failed."
          : a->verdict == TX_VERDICT_FAILURE ? "Ranked causes below, most likely first."
                                             : "No known cause matched the evidence.",
          f);
    fprintf(f, " Read %llu lines (", (unsigned long long)a->lines);
    esc(f, a->dialects[0] ? a->dialects : "no known format");
    char cc[160], gl[TX_MAX_FAILURE_TEXT + 160];
    txw_conn_counts(cc, sizeof cc, a);
    fprintf(f, "); %s.", cc);
    for (unsigned i = 0; i < a->ngroups; i++)
        if (txw_group_line(gl, sizeof gl, a, i)) {
            fputs(" ", f);
            gl[0] = (char)toupper((unsigned char)gl[0]);
            esc(f, gl);
            fputs(".", f);
        }
    if (a->profile) {
        fputs(" Profile: ", f);
        esc(f, a->profile_title ? a->profile_title : "other");
        fprintf(f, "%s.", a->profile_detected ? " (detected from the log)" : "");
    }
    fputs("</p>\n", f);
    static const char *heads[] = {"Causes", "Risks (not the cause of a failure)", "Notes"};
    for (int pass = 0; pass < 3; pass++) {
        int any = 0;
        for (unsigned i = 0; i < a->nfind; i++) {
            const txa_mfinding *fd = &a->findings[i];
            if (fd->superseded_by >= 0 || (int)fd->kind != pass)
                continue;
            if (!any++)
                fprintf(f, "<h3>%s</h3>\n<ol class=\"findings\">\n", heads[pass]);
            txw_html_finding(&h, a, fd, 0, NULL);
        }
        if (any)
            fputs("</ol>\n", f);
    }
    /* the connections, in log order */
    const txi_conn *conns[TX_MAX_KEPT_CONNS];
    unsigned nc = 0;
    for (unsigned i = 0; i < a->nkept && nc < TX_MAX_KEPT_CONNS; i++)
        conns[nc++] = a->kept[i];
    qsort(conns, nc, sizeof *conns, cmp_conn);
    int header = 0;
    for (unsigned i = 0; i < nc && i < TX_MAX_HTML_LADDERS; i++) {
        size_t n = 0;
        txw_rung *r = txw_conn_rungs(conns[i], &n);
        if (!n) {
            free(r);
            continue;
        }
        if (!header++)
            fprintf(f, "<h3 id=\"%s-hs\">Handshakes</h3>\n", fid);
        const txi_conn *c = conns[i];
        char cap[300];
        snprintf(cap, sizeof cap, "Connection %u%s%s, lines %llu\xe2\x80\x93%llu: %s", (unsigned)c->id,
                 c->thread ? ", thread " : "", c->thread ? c->thread : "", (unsigned long long)c->first_line,
                 (unsigned long long)c->last_line,
                 txa_conn_after_completed(c)     ? "completed, then failed"
                 : (c->flags & TXI_CONN_FAILED)  ? "failed"
                 : (c->flags & TXI_CONN_FINISHED) ? "completed"
                                                 : "did not complete");
        char id[40];
        snprintf(id, sizeof id, "%s-c%u", fid, (unsigned)c->id);
        txw_html_ladder(&h, id, cap, r, n);
        free(r);
    }
    if (nc > TX_MAX_HTML_LADDERS)
        fprintf(f, "<p class=\"meta\">%u more connections are not drawn.</p>\n", nc - TX_MAX_HTML_LADDERS);
    /* the chains: each distinct one once */
    header = 0;
    const char *seen[TX_MAX_HTML_LADDERS];
    unsigned nseen = 0;
    for (unsigned i = 0; i < nc && i < TX_MAX_HTML_LADDERS; i++) {
        const txi_event *leaf = NULL;
        for (const txi_event *e = conns[i]->first; e && !leaf; e = e->next)
            if (e->type == TXE_CERTIFICATE && txi_ev_int(e, TXF_POSITION, -1) == 0 && txi_ev_str(e, TXF_SERIAL))
                leaf = e;
        int any = 0;
        for (const txi_event *e = conns[i]->first; e && !any; e = e->next)
            any = e->type == TXE_CERTIFICATE;
        if (!any)
            continue;
        const char *serial = leaf ? txi_ev_str(leaf, TXF_SERIAL) : NULL;
        int dup = 0;
        for (unsigned k = 0; k < nseen && serial; k++)
            dup |= !strcmp(seen[k], serial);
        if (dup)
            continue;
        if (serial)
            seen[nseen++] = serial;
        if (!header++)
            fprintf(f, "<h3 id=\"%s-certs\">Certificate chains</h3>\n", fid);
        if (nc > 1)
            fprintf(f, "<p class=\"meta\">Connection %u</p>\n", (unsigned)conns[i]->id);
        txw_html_chains(&h, a, conns[i]);
    }
    if (a->nnext) {
        fputs("<h3>What to capture next</h3>\n<ul>\n", f);
        for (int i = 0; i < a->nnext; i++) {
            fputs("<li>", f);
            prose(f, a->next[i]);
            fputs("</li>\n", f);
        }
        fputs("</ul>\n", f);
    }
    if (a->nnotes) {
        fputs("<h3>Limits</h3>\n<ul>\n", f);
        for (int i = 0; i < a->nnotes; i++) {
            fputs("<li>", f);
            esc(f, a->notes[i]);
            fputs("</li>\n", f);
        }
        fputs("</ul>\n", f);
    }
    txw_html_log_lines(&h, a);
    fputs("</section>\n", f);
    txw_lines_free(lines);
}

/* ---- the public page functions ----------------------------------------------------------- */

tx_status tx_html_begin(FILE *out, const char *title)
{
    if (!out)
        return TX_EINVAL;
    txw_html_begin(out, title && *title ? title : "tlsexplain report");
    return ferror(out) ? TX_EIO : TX_OK;
}

tx_status tx_html_summary(FILE *out, unsigned n, const char *const *names, const char *const *verdicts,
                          const char *const *categories)
{
    if (!out || (n && (!names || !verdicts)))
        return TX_EINVAL;
    fputs("<section aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">Summary</h2>\n<table>\n"
          "<thead><tr><th scope=\"col\">file</th><th scope=\"col\">verdict</th><th scope=\"col\">top cause</th></tr>"
          "</thead>\n<tbody>\n",
          out);
    for (unsigned i = 0; i < n; i++) {
        char fid[24];
        const char *v = verdicts[i] ? verdicts[i] : "unknown";
        txw_html_file_id(names[i], i, fid);
        fputs("<tr><td>", out);
        if (strcmp(v, "error"))
            fprintf(out, "<a href=\"#%s\">", fid);
        fputs("<span class=\"mono\">", out);
        esc(out, names[i]);
        fputs(strcmp(v, "error") ? "</span></a>" : "</span>", out);
        fprintf(out, "</td><td><span class=\"v-%s\">", strcmp(v, "success") && strcmp(v, "failure") && strcmp(v, "error") ? "unknown" : v);
        esc(out, v);
        fputs("</span></td><td>", out);
        esc(out, categories && categories[i] ? categories[i] : "-");
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody>\n</table>\n</section>\n", out);
    return ferror(out) ? TX_EIO : TX_OK;
}

tx_status tx_html_end(FILE *out)
{
    if (!out)
        return TX_EINVAL;
    txw_html_end(out);
    return ferror(out) ? TX_EIO : TX_OK;
}

tx_status tx_html_write_text(FILE *out, const char *s, size_t n)
{
    if (!out || (!s && n))
        return TX_EINVAL;
    txw_html_esc(out, s ? s : "", n);
    return ferror(out) ? TX_EIO : TX_OK;
}
