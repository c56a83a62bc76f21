/*
 * events.c - the canonical event dump, one event per line.
 *
 * Text:  client.log:541 =MSG handshake #1 message=ClientHello direction=sent ...
 * JSON:  {"file":"client.log","line":541,"type":"handshake","conn":1,"message":"ClientHello",...}
 *
 * Repeated fields of a list kind (san, ciphers, causes ...) are grouped:
 * an array in JSON, "[a, b, c]" in text (long lists shortened to their
 * first items and a count, so the dump stays one screen line per event).
 */
#include "events.h"

#include <stdlib.h>
#include <string.h>

#include "../analysis/model.h"
#include "../analysis/redact.h"
#include "../common/out.h"
#include "../parser/limits.h"

static int needs_quotes(const char *s, size_t n)
{
    if (!n)
        return 1;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ' ' || s[i] == '"' || s[i] == '=' || s[i] == '[' || s[i] == ']' || s[i] == ',')
            return 1;
    return 0;
}

static void text_value(FILE *f, const char *s, size_t n)
{
    if (needs_quotes(s, n)) {
        putc('"', f);
        for (size_t i = 0; i < n; i++) {
            if (s[i] == '"' || s[i] == '\\')
                putc('\\', f);
            txo_text(f, s + i, 1);
        }
        putc('"', f);
    } else {
        txo_text(f, s, n);
    }
}

/* Has field id already been printed (it appears at an earlier index)? */
static int seen_before(const txi_event *e, unsigned idx)
{
    for (unsigned i = 0; i < idx; i++)
        if (e->fields[i].id == e->fields[idx].id)
            return 1;
    return 0;
}


void txw_event_text(FILE *f, const char *file, const txi_event *e)
{
    fprintf(f, "%s:%llu %s %s #%u", file, e->src ? (unsigned long long)e->src->no : 0ULL,
            txi_evtype_tag(e->type), txi_evtype_name(e->type), (unsigned)e->conn);
    for (unsigned i = 0; i < e->nfields; i++) {
        const txi_field *fl = &e->fields[i];
        if (seen_before(e, i))
            continue;
        fprintf(f, " %s=", txi_field_name(fl->id));
        if (txi_field_kind(fl->id) != TXK_L) {
            text_value(f, fl->val, fl->len);
            continue;
        }
        unsigned total = 0;
        for (const txi_field *g = fl; g; g = txi_ev_next(e, g))
            total++;
        putc('[', f);
        unsigned k = 0;
        for (const txi_field *g = fl; g && k < TX_MAX_EVENTS_TEXT_LIST; g = txi_ev_next(e, g), k++) {
            if (k)
                fputs(", ", f);
            text_value(f, g->val, g->len);
        }
        if (total > TX_MAX_EVENTS_TEXT_LIST)
            fprintf(f, ", ... %u more", total - TX_MAX_EVENTS_TEXT_LIST);
        putc(']', f);
    }
    putc('\n', f);
}

/* A decimal number without printf (one or more a field of every event). */
static void put_ull(FILE *f, unsigned long long v)
{
    char b[24];
    size_t i = sizeof b;
    do {
        b[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    fwrite(b + i, 1, sizeof b - i, f);
}

static void json_scalar(FILE *f, const txi_field *fl)
{
    txi_fkind k = txi_field_kind(fl->id);
    if (k == TXK_I) {
        char *end;
        long long v = strtoll(fl->val, &end, 10);
        if (fl->len && *end == '\0') {
            if (v < 0)
                putc('-', f);
            put_ull(f, v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v);
            return;
        }
    } else if (k == TXK_B && (strcmp(fl->val, "true") == 0 || strcmp(fl->val, "false") == 0)) {
        fputs(fl->val, f);
        return;
    }
    txo_json_str(f, fl->val, fl->len);
}

void txw_event_json(FILE *f, const char *file, const txi_event *e)
{
    fputs("{\"schema\":\"events-v1\",\"file\":", f); /* docs/events-v1.schema.json */
    txo_json_cstr(f, file);
    fputs(",\"line\":", f);
    put_ull(f, e->src ? (unsigned long long)e->src->no : 0ULL);
    fputs(",\"type\":\"", f);
    fputs(txi_evtype_name(e->type), f);
    fputs("\",\"conn\":", f);
    put_ull(f, (unsigned)e->conn);
    for (unsigned i = 0; i < e->nfields; i++) {
        const txi_field *fl = &e->fields[i];
        if (seen_before(e, i))
            continue;
        fputs(",\"", f);
        fputs(txi_field_name(fl->id), f);
        fputs("\":", f);
        if (txi_field_kind(fl->id) != TXK_L) {
            json_scalar(f, fl);
            continue;
        }
        putc('[', f);
        for (const txi_field *g = fl; g; g = txi_ev_next(e, g)) {
            if (g != fl)
                putc(',', f);
            txo_json_str(f, g->val, g->len);
        }
        putc(']', f);
    }
    fputs("}\n", f);
}

/* ---- the dump: the event callback writes each event, or holds the dump
 * for --redact until the whole log is read, so that a name learned late
 * ("matching alias: svc-x" before the certificate of CN=svc-x) is masked in
 * the earlier events too --------------------------------------------------- */

typedef struct {
    FILE *out;
    tx_format fmt;
    char *name;
    txa_redactor *r; /* --redact */
    FILE *mem;       /* ... the dump held in memory */
    char *buf;
    size_t len;
} dumper;

static void dump_end(dumper *d)
{
    if (d->r) {
        if (!d->mem) {
            fputs("(redacted: out of memory)\n", d->out);
        } else {
            int bad = fclose(d->mem) != 0;
            d->mem = NULL;
            txa_redact_learn_file(d->r, d->name);
            if (bad)
                fputs("(redacted: out of memory)\n", d->out);
            else
                txa_redact_write(d->r, d->buf, d->len, d->out);
        }
    }
    if (d->mem)
        fclose(d->mem);
    free(d->buf);
    txa_redactor_free(d->r);
    free(d->name);
    free(d);
}

static void dump_event(const tx_event *te, void *ud)
{
    dumper *d = ud;
    if (!te) {
        dump_end(d);
        return;
    }
    const txi_event *e = (const txi_event *)(const void *)te;
    FILE *out = d->out;
    if (d->r) {
        txa_redact_learn_event(d->r, e);
        txa_redact_learn_file(d->r, txi_ev_str(e, TXF_FILE));
        out = d->mem;
        if (!out)
            return;
    }
    if (d->fmt == TX_FORMAT_JSON)
        txw_event_json(out, d->name, e);
    else
        txw_event_text(out, d->name, e);
}

tx_status tx_analysis_dump_events(tx_analysis *a, tx_format f, FILE *out)
{
    if (!a || !out)
        return TX_EINVAL;
    dumper *d = calloc(1, sizeof *d);
    if (!d)
        return TX_ENOMEM;
    d->out = out;
    d->fmt = f;
    d->name = strdup(txa_model_name(a));
    const tx_options *o = txa_model_options(a);
    if (o->redact) {
        d->r = txa_redactor_new();
        d->mem = d->r ? open_memstream(&d->buf, &d->len) : NULL;
        if (d->r && o->host) /* --host */
            txa_redact_learn(d->r, TXA_RD_HOST, o->host, strlen(o->host));
    }
    tx_status s = d->name ? tx_analysis_set_event_callback(a, dump_event, d) : TX_ENOMEM;
    if (s != TX_OK)
        dump_end(d);
    return s;
}
