#include "event.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "strparse.h"

static const struct { const char *name, *tag, *desc; } evtypes[] = {
#define EV(e, name, tag, desc) {name, tag, desc},
#include "events.def"
#undef EV
};

static const struct { const char *name; char kind; } fields[] = {
#define FLD(e, name, kind) {name, #kind[0]},
#include "fields.def"
#undef FLD
};

const char *txi_evtype_name(int t) { return t >= 0 && t < TXE__COUNT ? evtypes[t].name : "?"; }
const char *txi_evtype_tag(int t) { return t >= 0 && t < TXE__COUNT ? evtypes[t].tag : "?"; }
const char *txi_evtype_desc(int t) { return t >= 0 && t < TXE__COUNT ? evtypes[t].desc : "?"; }
const char *txi_field_name(int id) { return id >= 0 && id < TXF__COUNT ? fields[id].name : "?"; }
txi_fkind txi_field_kind(int id) { return id >= 0 && id < TXF__COUNT ? (txi_fkind)fields[id].kind : TXK_S; }

int txi_evtype_lookup(const char *name, size_t len)
{
    for (int i = 0; i < TXE__COUNT; i++)
        if (strlen(evtypes[i].name) == len && memcmp(evtypes[i].name, name, len) == 0)
            return i;
    return -1;
}

int txi_field_lookup(const char *name, size_t len)
{
    for (int i = 0; i < TXF__COUNT; i++)
        if (strlen(fields[i].name) == len && memcmp(fields[i].name, name, len) == 0)
            return i;
    return -1;
}

const txi_field *txi_ev_get(const txi_event *e, int id)
{
    for (unsigned i = 0; i < e->nfields; i++)
        if (e->fields[i].id == id)
            return &e->fields[i];
    return NULL;
}

const txi_field *txi_ev_next(const txi_event *e, const txi_field *f)
{
    for (const txi_field *g = f + 1; g < e->fields + e->nfields; g++)
        if (g->id == f->id)
            return g;
    return NULL;
}

const char *txi_ev_str(const txi_event *e, int id)
{
    const txi_field *f = txi_ev_get(e, id);
    return f ? f->val : NULL;
}

long long txi_ev_int(const txi_event *e, int id, long long dflt)
{
    const txi_field *f = txi_ev_get(e, id);
    if (!f || !f->len)
        return dflt;
    char *end;
    long long v = strtoll(f->val, &end, 10);
    return end == f->val ? dflt : v;
}

int txi_ev_is(const txi_event *e, int id, const char *value)
{
    const char *s = txi_ev_str(e, id);
    return s && strcmp(s, value) == 0;
}

txi_event *txi_event_new(txi_arena *a, int type, const txi_line *src)
{
    txi_event *e = txi_arena_alloc(a, sizeof *e);
    if (!e)
        return NULL;
    memset(e, 0, sizeof *e);
    e->type = (uint16_t)type;
    e->src = src;
    e->time = TXI_NO_TIME;
    return e;
}

/* A field the limits refused or shortened: the report counts such events. */
static int cut(txi_event *e)
{
    if (e->cut < UINT16_MAX)
        e->cut++;
    return -1;
}

/* The arena copy of a value, cut (and counted) at TX_MAX_FIELD_VALUE. */
static char *copy_value(txi_arena *a, txi_event *e, const char *val, size_t *len)
{
    if (*len > TX_MAX_FIELD_VALUE) {
        *len = TX_MAX_FIELD_VALUE;
        cut(e);
    }
    return txi_arena_strndup(a, val, *len);
}

int txi_event_add(txi_arena *a, txi_event *e, int id, const char *val, size_t len,
                  const txi_line *src)
{
    if (!e)
        return -1;
    if (e->nfields >= TX_MAX_FIELDS)
        return cut(e);
    if (txi_field_kind(id) == TXK_L) {
        unsigned n = 0;
        for (unsigned i = 0; i < e->nfields; i++)
            n += e->fields[i].id == id;
        if (n >= TX_MAX_LIST_ITEMS)
            return cut(e);
    }
    if (e->nfields == e->cap) {
        uint16_t ncap = e->cap ? (uint16_t)(e->cap * 2) : 8;
        txi_field *nf = txi_arena_alloc(a, ncap * sizeof *nf);
        if (!nf)
            return cut(e);
        if (e->nfields)
            memcpy(nf, e->fields, e->nfields * sizeof *nf);
        e->fields = nf;
        e->cap = ncap;
    }
    char *v = copy_value(a, e, val, &len);
    if (!v)
        return cut(e);
    txi_field *f = &e->fields[e->nfields++];
    f->id = (uint16_t)id;
    f->len = (uint32_t)len;
    f->val = v;
    f->src = src;
    return 0;
}

int txi_event_addf(txi_arena *a, txi_event *e, int id, const txi_line *src, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return -1;
    return txi_event_add(a, e, id, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1, src);
}

int txi_event_set(txi_arena *a, txi_event *e, int id, const char *val, size_t len,
                  const txi_line *src)
{
    for (unsigned i = 0; e && i < e->nfields; i++) {
        if (e->fields[i].id == id) {
            char *v = copy_value(a, e, val, &len);
            if (!v)
                return cut(e);
            e->fields[i].val = v;
            e->fields[i].len = (uint32_t)len;
            e->fields[i].src = src;
            return 0;
        }
    }
    return txi_event_add(a, e, id, val, len, src);
}

txi_line *txi_line_copy(txi_arena *a, uint64_t no, const char *text, size_t len)
{
    uint8_t cut = 0;
    if (len > TX_MAX_EVIDENCE_LINE) {
        len = TX_MAX_EVIDENCE_LINE;
        cut = 1;
    }
    txi_line *l = txi_arena_alloc(a, sizeof *l + len + 1);
    if (!l)
        return NULL;
    l->no = no;
    l->len = (uint32_t)len;
    l->cut = cut;
    memcpy(l->text, text, len);
    l->text[len] = '\0';
    return l;
}

/* ---- time ------------------------------------------------------------ */

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), H. Hinnant. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t yy = (int64_t)yoe + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = (int)(yy + (*m <= 2));
}

/* Offsets in minutes east of UTC for the abbreviations Java prints.  Some
 * are ambiguous (CST, IST); the common Java reading is taken. */
static const struct { const char *abbr; int min; } zones[] = {
    {"UTC", 0},     {"GMT", 0},     {"Z", 0},       {"WET", 0},     {"WEST", 60},
    {"BST", 60},    {"CET", 60},    {"CEST", 120},  {"MET", 60},    {"MEST", 120},
    {"EET", 120},   {"EEST", 180},  {"MSK", 180},   {"IST", 330},   {"SGT", 480},
    {"HKT", 480},   {"JST", 540},   {"KST", 540},   {"AEST", 600},  {"AEDT", 660},
    {"ACST", 570},  {"AWST", 480},  {"NZST", 720},  {"NZDT", 780},  {"EST", -300},
    {"EDT", -240},  {"CST", -360},  {"CDT", -300},  {"MST", -420},  {"MDT", -360},
    {"PST", -480},  {"PDT", -420},  {"AKST", -540}, {"AKDT", -480}, {"HST", -600},
    {"BRT", -180},  {"ART", -180},  {"ICT", 420},   {"WIB", 420},   {"PHT", 480},
};

static int zone_offset(const char *s, size_t n, int *min)
{
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
        if (strlen(zones[i].abbr) == n && memcmp(zones[i].abbr, s, n) == 0) {
            *min = zones[i].min;
            return 1;
        }
    }
    /* +0100, -05:00, GMT+01:00 */
    size_t k = 0;
    if (n >= 3 && memcmp(s, "GMT", 3) == 0)
        k = 3;
    if (k < n && (s[k] == '+' || s[k] == '-')) {
        int sign = s[k] == '-' ? -1 : 1;
        int hh = 0, mm = 0, digits = 0;
        for (size_t i = k + 1; i < n; i++) {
            if (s[i] == ':')
                continue;
            if (!isdigit((unsigned char)s[i]))
                return 0;
            if (digits < 2)
                hh = hh * 10 + (s[i] - '0');
            else
                mm = mm * 10 + (s[i] - '0');
            digits++;
        }
        if (digits == 2 || digits == 4) {
            *min = sign * (hh * 60 + mm);
            return 1;
        }
    }
    return 0;
}

static int month_index(const char *s)
{
    static const char *m[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (int i = 0; i < 12; i++)
        if (strncmp(s, m[i], 3) == 0)
            return i + 1;
    return 0;
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

/* The SSLLogger form "2024-05-01 10:00:00.123 CEST" without sscanf: it is
 * on every header line of a debug log. */
static int64_t parse_iso_fast(const char *s, size_t len)
{
    int y, mo, d, h, mi, sec;
    if (len < 19 || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':' ||
        !digits(s, 4, &y) || !digits(s + 5, 2, &mo) || !digits(s + 8, 2, &d) || !digits(s + 11, 2, &h) ||
        !digits(s + 14, 2, &mi) || !digits(s + 17, 2, &sec))
        return TXI_NO_TIME;
    if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || sec > 60)
        return TXI_NO_TIME;
    size_t i = 19;
    while (i < len && (s[i] == '.' || s[i] == ',' || (s[i] >= '0' && s[i] <= '9')))
        i++;
    while (i < len && s[i] == ' ')
        i++;
    size_t z = i;
    while (z < len && s[z] != ' ' && s[z] != ']' && s[z] != ')' && s[z] != '"' && s[z] != '|')
        z++;
    int off = 0;
    if (z > i && !zone_offset(s + i, z - i, &off))
        off = 0;
    int64_t t = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + sec;
    return t - (int64_t)off * 60;
}

int64_t txi_parse_time(const char *s, size_t len)
{
    if (len >= 19 && s[4] == '-') {
        int64_t t = parse_iso_fast(s, len);
        if (t != TXI_NO_TIME)
            return t;
    }
    char buf[96];
    if (len >= sizeof buf)
        len = sizeof buf - 1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, n = 0;
    char zone[16] = "", mon[4] = "", wday[4] = "";
    const char *rest = NULL;

    /* 2024-05-01 10:00:00.123 CEST  |  2024-05-01T10:00:00Z  |  2024-05-01 10:00:00,123 */
    if (sscanf(buf, "%4d-%2d-%2d%*1[ T]%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &n) == 6) {
        rest = buf + n;
        while (*rest == '.' || *rest == ',' || isdigit((unsigned char)*rest))
            rest++;
        while (*rest == ' ')
            rest++;
        size_t zl = 0;
        while (rest[zl] && rest[zl] != ' ' && rest[zl] != ']' && rest[zl] != ')' && rest[zl] != '"' && zl < sizeof zone - 1)
            zl++;
        memcpy(zone, rest, zl);
        zone[zl] = '\0';
    } else if (sscanf(buf, "%3s %3s %d %d:%d:%d %15s %d", wday, mon, &d, &h, &mi, &sec, zone, &y) == 8 &&
               month_index(mon)) {
        /* Thu Feb 18 16:00:00 PST 2016 */
        mo = month_index(mon);
    } else if (sscanf(buf, "%3s %d %d:%d:%d %d %15s", mon, &d, &h, &mi, &sec, &y, zone) >= 6 &&
               month_index(mon)) {
        /* Jan 27 10:00:00 2025 GMT (OpenSSL) */
        mo = month_index(mon);
    } else {
        return TXI_NO_TIME;
    }
    if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 24 ||
        mi < 0 || mi > 59 || sec < 0 || sec > 60)
        return TXI_NO_TIME;
    int off = 0;
    if (zone[0] && !zone_offset(zone, strlen(zone), &off))
        off = 0;
    int64_t t = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + sec;
    return t - (int64_t)off * 60;
}

/* The bytes of a seconds' fraction (".123", ",123456"). */
static const unsigned char frac_byte[256] = {['.'] = 1, [','] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1,
                                             ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1};

int64_t txi_parse_time_cached(txi_time_cache *c, const char *s, size_t len)
{
    if (len < 19 || s[4] != '-' || s[17] < '0' || s[17] > '9' || s[18] < '0' || s[18] > '9')
        return txi_parse_time(s, len);
    int sec = (s[17] - '0') * 10 + (s[18] - '0');
    size_t i = 19;
    while (i < len && frac_byte[(unsigned char)s[i]])
        i++;
    size_t tn = len - i;
    /* Same minute and zone as a cached text: parse_iso_fast() would pass
     * the same checks on the same bytes, only the seconds differ. */
    const size_t ne = sizeof c->e / sizeof c->e[0];
    for (size_t k = 0; k < ne && sec <= 60; k++)
        if (c->e[k].full && tn == c->e[k].tailn && memcmp(s, c->e[k].head, sizeof c->e[k].head) == 0 &&
            memcmp(s + i, c->e[k].tail, tn) == 0)
            return c->e[k].base + sec;
    int64_t t = parse_iso_fast(s, len);
    if (t == TXI_NO_TIME)
        return txi_parse_time(s, len);
    if (tn <= sizeof c->e[0].tail) { /* parse_iso_fast() accepted it: sec <= 60 */
        size_t k = c->next++ % ne;
        memcpy(c->e[k].head, s, sizeof c->e[k].head);
        memcpy(c->e[k].tail, s + i, tn);
        c->e[k].tailn = (unsigned char)tn;
        c->e[k].base = t - sec;
        c->e[k].full = 1;
    }
    return t;
}

void txi_format_time(int64_t t, char *buf, size_t n)
{
    if (t == TXI_NO_TIME) {
        snprintf(buf, n, "unknown time");
        return;
    }
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t secs = t - days * 86400;
    int y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    snprintf(buf, n, "%04d-%02u-%02u %02d:%02d:%02d UTC", y, m, d, (int)(secs / 3600),
             (int)(secs / 60 % 60), (int)(secs % 60));
}
