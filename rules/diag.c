/*
 * diag.c - diagnostics of rule files: positions in the source text (line
 * starts, character columns, the line breaks libyaml counts), the offending
 * source line for the caret, "did you mean" hints, and the callback every
 * error and warning goes to (at most TX_MAX_RULE_ERRORS errors per file).  No
 * libyaml here: yaml_load.c and the rule-file readers give it text and
 * 1-based positions.
 */
#include "diag.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void txr_diag(tx_diag_cb cb, void *ud, tx_status code, int warning, const char *file, unsigned line,
              unsigned col, const char *rule_id, const char *fmt, ...)
{
    if (!cb)
        return;
    tx_diag d;
    memset(&d, 0, sizeof d);
    d.code = code;
    d.warning = warning;
    d.file = file;
    d.line = line;
    d.col = col;
    d.rule_id = rule_id;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d.msg, sizeof d.msg, fmt, ap);
    va_end(ap);
    cb(&d, ud);
}

/* ---- source lines and positions ------------------------------------------------------- */

/* Length of the line break at i (0 if none): the breaks libyaml counts. */
size_t txr_src_brk(const char *t, size_t i, size_t len)
{
    const unsigned char *s = (const unsigned char *)t;
    if (s[i] == '\n')
        return 1;
    if (s[i] == '\r')
        return i + 1 < len && s[i + 1] == '\n' ? 2 : 1;
    if (s[i] == 0xC2 && i + 1 < len && s[i + 1] == 0x85)
        return 2;
    if (s[i] == 0xE2 && i + 2 < len && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9))
        return 3;
    return 0;
}

/* Byte offset of the start of 0-based line l (len if past the end). */
size_t txr_src_line_start(txr_src *L, size_t l)
{
    if (l < L->cl_line) {
        L->cl_line = 0;
        L->cl_off = 0;
    }
    size_t i = L->cl_off;
    while (L->cl_line < l && i < L->len) {
        size_t b = txr_src_brk(L->text, i, L->len);
        if (b) {
            i += b;
            L->cl_line++;
            L->cl_off = i;
        } else {
            i++;
        }
    }
    return L->cl_line == l ? L->cl_off : L->len;
}

size_t txr_src_line_end(const txr_src *L, size_t start)
{
    size_t i = start;
    while (i < L->len && !txr_src_brk(L->text, i, L->len))
        i++;
    return i;
}

static int is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

/* Byte offset in the line starting at s of 0-based character column col. */
size_t txr_src_col_to_off(const txr_src *L, size_t s, size_t e, size_t col)
{
    size_t i = s;
    for (size_t c = 0; c < col && i < e; c++) {
        i++;
        while (i < e && is_cont((unsigned char)L->text[i]))
            i++;
    }
    return i;
}

/* 1-based character column of byte p of the line starting at s. */
unsigned txr_src_off_to_col(const txr_src *L, size_t s, size_t p)
{
    unsigned c = 1;
    for (size_t i = s; i < p; i++)
        if (!is_cont((unsigned char)L->text[i]))
            c++;
    return c;
}

/* 1-based line and column of byte offset off. */
void txr_src_off_to_pos(txr_src *L, size_t off, unsigned *line, unsigned *col)
{
    size_t l = 0, s = 0;
    for (size_t i = 0; i < off && i < L->len;) {
        size_t b = txr_src_brk(L->text, i, L->len);
        if (b) {
            i += b;
            l++;
            s = i;
        } else {
            i++;
        }
    }
    *line = (unsigned)l + 1;
    *col = txr_src_off_to_col(L, s, off < L->len ? off : L->len);
}

/* Copy at most n bytes of s into buf (size bn) for a terminal: control
 * characters become '?', invalid UTF-8 too, cut at a character boundary
 * with "..." after max characters (0: no limit but the buffer). */
void txr_src_sanitize(char *buf, size_t bn, const char *s, size_t n, size_t max)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t o = 0, chars = 0;
    for (size_t i = 0; i < n;) {
        size_t w = 1;
        unsigned char c = u[i];
        int ok = 1;
        if (c >= 0x80) {
            w = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
            if (!w || c > 0xF4 || i + w > n)
                ok = 0, w = 1;
            for (size_t k = 1; ok && k < w; k++)
                if (!is_cont(u[i + k]))
                    ok = 0, w = 1;
            if (ok && c == 0xC2 && u[i + 1] < 0xA0) /* C1 controls */
                ok = 0;
        } else if ((c < 0x20 && c != '\t') || c == 0x7F) {
            ok = 0;
        }
        if ((max && chars >= max) || o + (ok ? w : 1) + 4 > bn) {
            if (o + 4 <= bn) {
                memcpy(buf + o, "...", 3);
                o += 3;
            }
            break;
        }
        if (ok) {
            memcpy(buf + o, u + i, w);
            o += w;
        } else {
            buf[o++] = '?';
        }
        chars++;
        i += w;
    }
    buf[o] = '\0';
}

/* The text of 1-based line `line` for tx_diag.source (empty if the caret
 * at col would fall past what fits). */
static void source_line(txr_src *L, unsigned line, unsigned col, char *buf, size_t bn)
{
    buf[0] = '\0';
    if (!line)
        return;
    size_t s = txr_src_line_start(L, line - 1);
    if (s >= L->len && line > 1)
        return;
    size_t e = txr_src_line_end(L, s);
    txr_src_sanitize(buf, bn, L->text + s, e - s, 0);
    size_t n = strlen(buf);
    if (n >= 3 && e - s > n && strcmp(buf + n - 3, "...") == 0) {
        /* cut: is the caret still on the kept part? */
        unsigned chars = 0;
        for (size_t i = 0; i + 3 < n; i++)
            if (!is_cont((unsigned char)buf[i]))
                chars++;
        if (col > chars)
            buf[0] = '\0';
    }
}

/* ---- diagnostics ------------------------------------------------------------------------- */

void txr_src_diag(txr_src *L, tx_status code, int warning, unsigned line, unsigned col, const char *help,
                  const char *fmt, ...)
{
    if (!warning) {
        if (L->first == TX_OK)
            L->first = code;
        if (L->stop)
            return;
        if (++L->nerr > TX_MAX_RULE_ERRORS) {
            L->stop = 1;
            txr_diag(L->cb, L->ud, TX_ELIMIT, 0, L->name, 0, 0, NULL,
                     "more than %u errors; the rest of the file is not checked", TX_MAX_RULE_ERRORS);
            return;
        }
    } else if (L->stop) {
        return;
    }
    if (!L->cb)
        return;
    tx_diag d;
    memset(&d, 0, sizeof d);
    d.code = code;
    d.warning = warning;
    d.file = L->name;
    d.line = line;
    d.col = col;
    d.rule_id = L->rule_id;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d.msg, sizeof d.msg, fmt, ap);
    va_end(ap);
    source_line(L, line, col, d.source, sizeof d.source);
    if (help)
        snprintf(d.help, sizeof d.help, "%s", help);
    L->cb(&d, L->ud);
}

void txr_src_oom(txr_src *L)
{
    if (L->first == TX_OK)
        L->first = TX_ENOMEM;
    if (!L->stop)
        txr_diag(L->cb, L->ud, TX_ENOMEM, 0, L->name, 0, 0, L->rule_id, "out of memory");
    L->stop = 1;
}

/* ---- did you mean ---------------------------------------------------------------------------- */

/* Optimal-string-alignment distance (Damerau-Levenshtein with adjacent
 * transpositions), case-insensitive; strings of at most 64 bytes. */
static unsigned osa(const char *a, size_t n, const char *b, size_t m)
{
    unsigned d[65][65];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (unsigned)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (unsigned)j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            int ai = tolower((unsigned char)a[i - 1]), bj = tolower((unsigned char)b[j - 1]);
            unsigned cost = ai != bj;
            unsigned v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && ai == tolower((unsigned char)b[j - 2]) && tolower((unsigned char)a[i - 2]) == bj &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    }
    return d[n][m];
}

/* The closest candidate within distance 2 (and closer than the word's own
 * length), or NULL. */
const char *txr_suggest(const char *s, size_t n, const char *const *cands)
{
    const char *best = NULL;
    unsigned bd = 3;
    if (n > 64)
        return NULL;
    for (const char *const *c = cands; *c; c++) {
        size_t m = strlen(*c);
        if (m > 64)
            continue;
        unsigned dist = osa(s, n, *c, m);
        if (dist < bd && dist < n) {
            bd = dist;
            best = *c;
        }
    }
    return best;
}

/* "did you mean 'x'?" for the closest candidate, else "expected one of:
 * a, b, ..." (cut to fit). */
void txr_hint(char *help, size_t hn, const char *s, size_t n, const char *const *cands)
{
    const char *best = txr_suggest(s, n, cands);
    if (best) {
        snprintf(help, hn, "did you mean '%s'?", best);
        return;
    }
    size_t o = (size_t)snprintf(help, hn, "expected one of:");
    for (const char *const *c = cands; *c; c++) {
        size_t m = strlen(*c);
        if (o + m + 3 + 5 >= hn) {
            snprintf(help + o, hn - o, " ...");
            return;
        }
        o += (size_t)snprintf(help + o, hn - o, "%s %s", c == cands ? "" : ",", *c);
    }
}

