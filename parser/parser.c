/*
 * parser.c - the streaming reader and the per-line dispatcher.
 *
 * Reading.  feed() takes any chunk of bytes.  Complete lines inside the
 * chunk are handled in place; only a line that spans two chunks is copied,
 * into one buffer capped at TX_MAX_LINE.  The part of a line beyond the
 * cap is skipped and the line is counted as cut.  "\r\n" and "\r" before
 * "\n" are line ends; NUL and other control bytes are ordinary bytes (the
 * line is counted as binary).
 *
 * Prefixes.  Logs often wrap the JSSE output in a framework prefix
 * (WebSphere "[3/3/10 11:30:11:828 JST] 00000021 SystemOut     O ",
 * Gradle " [ERROR] [system.err] ", JBoss "14:29:27,678 ERROR [stderr]
 * (default I/O-2) ").  When an SSLLogger header "javax.net.ssl|" appears
 * after column 0, the bytes before it are learned as the prefix; later
 * lines starting with the same prefix (digits may differ) lose it, so the
 * multi-line bodies that follow are read as if unwrapped.  The WebSphere
 * prefix is recognized directly.
 *
 * Frames.  Before that, container and device prefixes (docker-compose,
 * kubectl --prefix, Android logcat, syslog/journald) are removed and the
 * level they state is kept (frame.c), and a line that is a JSON log record
 * is decoded: each string value's lines are dispatched in turn, under the
 * record's line number (evidence cites the record as it stands in the log).
 *
 * Dispatch.  A dialect holding an open block sees the line first; then
 * the dialects in dialects.def order until one consumes it.
 */
#include "parser_impl.h"

#include "frame.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(TXI_DIALECT__COUNT <= sizeof ((txi_stats *)0)->dialect_lines / sizeof(uint64_t),
               "txi_stats.dialect_lines needs a slot per dialect of dialects.def");

const txi_dialect *const txi_dialects[TXI_DIALECT__COUNT] = {
#define DIALECT(id, var) &var,
#include "dialects.def"
#undef DIALECT
};

txi_parser *txi_parser_new(const char *name, const txi_sink *sink)
{
    txi_parser *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->name = strdup(name ? name : "-");
    p->linebuf = malloc(TX_MAX_LINE);
    if (!p->name || !p->linebuf) {
        free(p->name);
        free(p->linebuf);
        free(p);
        return NULL;
    }
    if (sink)
        p->sink = *sink;
    p->open_block = -1;
    p->log_time = TXI_NO_TIME;
    p->next_conn_id = 1;
    txi_arena_init(&p->scratch, 8u << 20);
    txi_arena_init(&p->global_arena, 4u << 20);
    for (int i = 0; i < TXI_DIALECT__COUNT; i++) {
        size_t sz = txi_dialects[i]->state_size;
        p->dstate[i] = calloc(1, sz ? sz : 1);
        if (!p->dstate[i]) {
            txi_parser_free(p);
            return NULL;
        }
    }
    return p;
}

void txi_parser_free(txi_parser *p)
{
    if (!p)
        return;
    txi_conn_cleanup(p);
    for (int i = 0; i < TXI_DIALECT__COUNT; i++) {
        if (p->dstate[i] && txi_dialects[i]->fini)
            txi_dialects[i]->fini(p);
        free(p->dstate[i]);
    }
    txi_arena_free(&p->scratch);
    txi_arena_free(&p->global_arena);
    free(p->linebuf);
    free(p->jsonbuf);
    free(p->name);
    free(p);
}

const txi_stats *txi_parser_stats(const txi_parser *p) { return &p->stats; }
const txi_event *txi_parser_globals(const txi_parser *p) { return p->gfirst; }
unsigned txi_parser_epoch(const txi_parser *p) { return p->epoch; }
int64_t txi_parser_log_time(const txi_parser *p) { return p->log_time; }
const char *txi_parser_name(const txi_parser *p) { return p->name; }
void *txi_parser_state(txi_parser *p, int d) { return p->dstate[d]; }
void txi_parser_count_hexdump(txi_parser *p) { p->stats.hexdump_lines++; }
void txi_parser_count_plaintext(txi_parser *p) { p->stats.plaintext_dumps++; }

void txi_parser_saw_time(txi_parser *p, int64_t t)
{
    if (t != TXI_NO_TIME && (p->log_time == TXI_NO_TIME || t > p->log_time))
        p->log_time = t;
}

void txi_parser_open_block(txi_parser *p, int d) { p->open_block = d; }
void txi_parser_close_block(txi_parser *p) { p->open_block = -1; }

void txi_parser_dialects_seen(const txi_parser *p, char *buf, size_t n)
{
    size_t off = 0;
    buf[0] = '\0';
    for (int i = 0; i < TXI_DIALECT__COUNT && off < n; i++) {
        if (!p->stats.dialect_lines[i])
            continue;
        int k = snprintf(buf + off, n - off, "%s%s", off ? ", " : "", txi_dialects[i]->name);
        if (k < 0)
            break;
        off += (size_t)k;
    }
}

/* ---- prefixes -------------------------------------------------------- */

/* Same shape: equal bytes, except that a digit matches any digit. */
static int prefix_matches(const char *pre, size_t pn, const char *s, size_t n)
{
    if (n < pn)
        return 0;
    for (size_t i = 0; i < pn; i++) {
        unsigned char c = (unsigned char)pre[i], d = (unsigned char)s[i];
        if (isdigit(c) ? !isdigit(d) : c != d)
            return 0;
    }
    return 1;
}

/* "[3/3/10 11:30:11:828 JST] 00000021 SystemOut     O   text" -> "text" */
static size_t websphere_prefix(const char *s, size_t n)
{
    if (n < 30 || s[0] != '[' || !isdigit((unsigned char)s[1]))
        return 0;
    const char *rb = memchr(s, ']', n < 48 ? n : 48);
    if (!rb || (size_t)(rb - s) + 12 > n || rb[1] != ' ')
        return 0;
    const char *q = rb + 2, *end = s + n;
    int hex = 0;
    while (q < end && isxdigit((unsigned char)*q)) {
        q++;
        hex++;
    }
    if (hex != 8 || q >= end || *q != ' ')
        return 0;
    q++;
    while (q < end && (isalnum((unsigned char)*q) || *q == '_' || *q == '.' || *q == '$'))
        q++;
    while (q < end && *q == ' ')
        q++;
    if (q + 1 >= end || !isupper((unsigned char)*q) || q[1] != ' ')
        return q + 1 == end && isupper((unsigned char)*q) ? (size_t)(end - s) : 0;
    q += 2;
    while (q < end && *q == ' ')
        q++;
    return (size_t)(q - s);
}

static void strip_prefix(txi_parser *p, txi_linectx *l)
{
    if (SV_STARTS(l->p, l->n, "javax.net.ssl|"))
        return;
    size_t k = websphere_prefix(l->p, l->n);
    if (k) {
        l->p += k;
        l->n -= k;
        return;
    }
    if (p->prefixlen) {
        if (prefix_matches(p->prefix, p->prefixlen, l->p, l->n)) {
            l->p += p->prefixlen;
            l->n -= p->prefixlen;
            return;
        }
    }
    /* An SSLLogger header after column 0: learn what stands before it.  (Most
     * lines have no '|' at all: one memchr rules them out.) */
    size_t scan = l->n < 512 ? l->n : 512;
    const char *bar = memchr(l->p, '|', scan);
    const char *h = bar && bar - l->p >= 13 ? txi_memmem(l->p, (size_t)(bar - l->p) + 1, "javax.net.ssl|", 14) : NULL;
    if (h && h > l->p) {
        size_t pn = (size_t)(h - l->p);
        if (pn <= sizeof p->prefix) {
            memcpy(p->prefix, l->p, pn);
            p->prefixlen = pn;
        }
        l->n -= pn;
        l->p = h;
        return;
    }
    /* The learned prefix, found later in the line (a timestamp before it). */
    if (p->prefixlen >= 8) {
        const char *q = txi_memmem(l->p, scan, p->prefix, p->prefixlen);
        if (q) {
            size_t skip = (size_t)(q - l->p) + p->prefixlen;
            l->p += skip;
            l->n -= skip;
        }
    }
}

/* ---- dispatch -------------------------------------------------------- */

/* Hand one line (its frames and prefix removed) to the dialects. */
static void dispatch(txi_parser *p, txi_linectx *l)
{
    if (p->open_block >= 0) {
        int d = p->open_block;
        int r = txi_dialects[d]->cont(p, l);
        if (r != TXD_NOTMINE) {
            if (r == TXD_DONE)
                p->open_block = -1;
            p->stats.dialect_lines[d]++;
            return;
        }
        p->open_block = -1;
    }
    /* (handle_line() has looked for a row in the whole line: again only in a
     * part of it, or in a JSON-decoded line) */
    if (txi_line_is_hexdump(l) ||
        ((l->p != l->raw || l->n != l->rawn) && txi_has_hexdump_row(l->p, l->n))) { /* JSON-decoded lines too */
        p->stats.hexdump_lines++;
        return; /* hex dumps may hold decrypted data: never offered to rules */
    }
    for (int i = 0; i < TXI_DIALECT__COUNT; i++) {
        if (txi_dialects[i]->line(p, l)) {
            p->stats.dialect_lines[i]++;
            break;
        }
    }
}

/* A JSON log record: the text-carrying string values are decoded and their
 * lines are read as if printed, under the record's line number (the record
 * is the evidence line). */
static void json_record(txi_parser *p, const txi_linectx *rec)
{
    if (!p->jsonbuf && !(p->jsonbuf = malloc(TX_MAX_LINE)))
        return;
    const char *cur = rec->p, *end = rec->p + rec->n;
    size_t vn;
    while (txi_json_next(&cur, end, p->jsonbuf, &vn)) {
        const char *v = p->jsonbuf, *vend = v + vn;
        while (v < vend) {
            const char *nl = memchr(v, '\n', (size_t)(vend - v));
            const char *le = nl ? nl : vend;
            size_t k = (size_t)(le - v);
            while (k && v[k - 1] == '\r')
                k--;
            if (k || nl) {
                /* the record itself stays the evidence: cited lines are verbatim */
                txi_linectx l = {v, k, rec->raw, rec->rawn, rec->no, TXI_NO_TIME, rec->level};
                strip_prefix(p, &l);
                dispatch(p, &l);
            }
            v = nl ? nl + 1 : vend;
        }
    }
}

/* nul: whether the line may hold a NUL byte (feed() looks once per chunk). */
static void handle_line(txi_parser *p, const char *s, size_t n, int nul)
{
    p->lineno++;
    p->stats.lines++;
    while (n && s[n - 1] == '\r')
        n--;
    if (nul && memchr(s, '\0', n))
        p->stats.binary_lines++;

    /* Hex dumps (about half the bytes of a debug=all log) leave at once;
     * they may hold decrypted data and are never offered to rules. */
    if (n && txi_hexdump_first(s[0]) && txi_is_hexdump(s, n)) {
        p->stats.hexdump_lines++;
        return;
    }
    /* The same behind a prefix the parser does not strip (docker-compose
     * "app_1  | ", kubectl, syslog, journald, logback, log4j, JUL, logcat):
     * the row's shape decides, wherever it starts. */
    if (txi_has_hexdump_row(s, n)) {
        p->stats.hexdump_lines++;
        return;
    }
    txi_linectx l = {s, n, s, n, p->lineno, TXI_NO_TIME, NULL};
    size_t k = txi_frame_prefix(s, n, &l.level);
    l.p += k;
    l.n -= k;
    if (l.n && l.p[0] == '{' && txi_json_record(l.p, l.n)) {
        p->stats.json_records++;
        json_record(p, &l);
    } else {
        strip_prefix(p, &l);
        dispatch(p, &l);
    }
    if (p->sink.line)
        p->sink.line(p->sink.ud, p->lineno, s, n, txi_conn_for_line(p, NULL, 0), p->line_start, p->line_end);
}

void txi_parser_feed(txi_parser *p, const char *buf, size_t len)
{
    uint64_t base = p->stats.bytes;
    p->stats.bytes += len;
    const char *s = buf, *end = buf + len;
    /* the first NUL byte at or after s (logs rarely have any): one search per
     * chunk instead of one per line */
    const char *nul = memchr(buf, '\0', len);
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t take = (size_t)((nl ? nl : end) - s);
        if (nl)
            p->line_end = base + (uint64_t)(nl - buf);
        if (p->linelen || p->skipping || !nl) {
            /* Continue (or start) a line that spans chunks. */
            if (!p->skipping) {
                size_t room = TX_MAX_LINE - p->linelen;
                size_t k = take < room ? take : room;
                memcpy(p->linebuf + p->linelen, s, k);
                p->linelen += k;
                if (k < take) {
                    p->skipping = 1;
                    p->stats.long_lines++;
                }
            }
            if (nl) {
                handle_line(p, p->linebuf, p->linelen, 1);
                p->linelen = 0;
                p->skipping = 0;
            }
        } else if (take > TX_MAX_LINE) {
            p->stats.long_lines++;
            handle_line(p, s, TX_MAX_LINE, nul && nul < s + TX_MAX_LINE);
        } else {
            handle_line(p, s, take, nul && nul < s + take);
        }
        if (nl)
            p->line_start = p->line_end + 1;
        s += take + (nl ? 1 : 0);
        if (nul && nul < s)
            nul = s < end ? memchr(s, '\0', (size_t)(end - s)) : NULL;
    }
}

void txi_parser_finish(txi_parser *p)
{
    if (p->finished)
        return;
    p->finished = 1;
    if (p->linelen || p->skipping) {
        p->line_end = p->stats.bytes;
        handle_line(p, p->linebuf, p->linelen, 1);
        p->linelen = 0;
        p->skipping = 0;
    }
    if (p->open_block >= 0) {
        int d = p->open_block;
        if (!txi_dialects[d]->eof_ends_block)
            p->stats.truncated_block = 1;
        p->open_block = -1;
        if (txi_dialects[d]->flush)
            txi_dialects[d]->flush(p);
    }
    /* Dialects may hold half-built events outside a block; flush is idempotent. */
    for (int i = 0; i < TXI_DIALECT__COUNT; i++)
        if (txi_dialects[i]->flush)
            txi_dialects[i]->flush(p);
    txi_conn_retire_all(p);
}
