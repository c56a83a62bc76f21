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

#include "out.h"

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

#define TEXT_LIST_MAX 6

void txr_event_text(FILE *f, const char *file, const txi_event *e)
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
        for (const txi_field *g = fl; g && k < TEXT_LIST_MAX; g = txi_ev_next(e, g), k++) {
            if (k)
                fputs(", ", f);
            text_value(f, g->val, g->len);
        }
        if (total > TEXT_LIST_MAX)
            fprintf(f, ", ... %u more", total - TEXT_LIST_MAX);
        putc(']', f);
    }
    putc('\n', f);
}

static void json_scalar(FILE *f, const txi_field *fl)
{
    txi_fkind k = txi_field_kind(fl->id);
    if (k == TXK_I) {
        char *end;
        long long v = strtoll(fl->val, &end, 10);
        if (fl->len && *end == '\0') {
            fprintf(f, "%lld", v);
            return;
        }
    } else if (k == TXK_B && (strcmp(fl->val, "true") == 0 || strcmp(fl->val, "false") == 0)) {
        fputs(fl->val, f);
        return;
    }
    txo_json_str(f, fl->val, fl->len);
}

void txr_event_json(FILE *f, const char *file, const txi_event *e)
{
    fputs("{\"schema\":\"events-v1\",\"file\":", f); /* docs/events-v1.schema.json */
    txo_json_cstr(f, file);
    fprintf(f, ",\"line\":%llu,\"type\":\"%s\",\"conn\":%u", e->src ? (unsigned long long)e->src->no : 0ULL,
            txi_evtype_name(e->type), (unsigned)e->conn);
    for (unsigned i = 0; i < e->nfields; i++) {
        const txi_field *fl = &e->fields[i];
        if (seen_before(e, i))
            continue;
        fprintf(f, ",\"%s\":", txi_field_name(fl->id));
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
