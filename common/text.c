/*
 * text.c - text layout for the terminal writers, the one place text is
 * wrapped: word wrap of prose (txo_wrap: explain, compare, timeline), hard
 * wrap of a quoted log line (txo_evidence_text), a line at a time for
 * two-column views (txo_wrap_take), and width-bounded cells (txo_put).  A
 * valid UTF-8 sequence counts one column, any other byte one column
 * (printed as '?': txo_text).
 */
#include <stdio.h>
#include <string.h>

#include "../parser/limits.h"
#include "../parser/strparse.h"
#include "out.h"

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
    size_t n = strlen(t), hl;
    const char *h = txi_ssllogger_find(t, n, &hl);
    if (h) {
        /* prefix, "javax.net.ssl|LEVEL|" (or a JSSE fork's name), then from the caller field on */
        const char *lv_end = strchr(h + hl, '|');
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

static size_t seq_len(const char *s, size_t n)
{
    size_t k = txo_utf8_len((const unsigned char *)s, n);
    return k ? k : 1;
}

size_t txo_width(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i += seq_len(s + i, n - i))
        w++;
    return w;
}

int txo_put(FILE *f, const char *s, int w, int pad)
{
    size_t n = strlen(s);
    if (w <= 0)
        return 0;
    size_t cols = txo_width(s, n);
    if (cols <= (size_t)w) {
        txo_text(f, s, n);
        if (pad)
            fprintf(f, "%*s", w - (int)cols, "");
        return pad ? w : (int)cols;
    }
    int room = w > 3 ? w - 3 : w;
    size_t i = 0;
    for (int c = 0; c < room && i < n; c++)
        i += seq_len(s + i, n - i);
    txo_text(f, s, i);
    if (w > 3)
        fputs("...", f);
    return w;
}

size_t txo_wrap_take(const char *s, size_t n, int w)
{
    size_t i = 0, brk = 0;
    int c = 0;
    while (i < n && c < w) {
        size_t k = seq_len(s + i, n - i);
        i += k;
        c++;
        if (strchr(" ,/;.:-", s[i - 1]))
            brk = i;
    }
    if (i >= n)
        return n;
    /* break at the last separator if it keeps at least a third of the line */
    if (brk && txo_width(s, brk) * 3 >= (size_t)w)
        return brk;
    return i;
}
