/*
 * event.h - the one event model every dialect produces.
 *
 * An event has a type (events.def), the log line it starts on, the
 * connection it belongs to and a list of fields (fields.def).  A field
 * keeps its own source line, so evidence can cite the exact line that
 * proves it (the "not  after" line of a certificate, not its first line).
 * A list field (SAN, offered suites, causes) is stored as repeated fields
 * with the same id, in order.
 *
 * Events and their strings live in the arena of their connection (or the
 * log-wide arena) and are valid until that connection is released.
 */
#ifndef TX_EVENT_H
#define TX_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

typedef enum {
#define EV(e, name, tag, desc) TXE_##e,
#include "events.def"
#undef EV
    TXE__COUNT
} txi_evtype;

typedef enum {
#define FLD(e, name, kind) TXF_##e,
#include "fields.def"
#undef FLD
    TXF__COUNT
} txi_fid;

typedef enum { TXK_S = 'S', TXK_I = 'I', TXK_L = 'L', TXK_B = 'B', TXK_T = 'T' } txi_fkind;

#define TXI_NO_TIME INT64_MIN

/* A source line, copied once per arena that cites it. */
typedef struct txi_line {
    uint64_t no;        /* 1-based line number in its file */
    uint32_t len;       /* bytes in text (after a cut: the cut length) */
    uint8_t cut;        /* 1 if the line was longer than the evidence cap */
    char text[];        /* NUL-terminated, without the line end */
} txi_line;

typedef struct txi_field {
    uint16_t id;          /* txi_fid */
    uint32_t len;
    const char *val;      /* NUL-terminated */
    const txi_line *src;  /* line the value came from (may be NULL) */
} txi_field;

typedef struct txi_event {
    uint16_t type;        /* txi_evtype */
    uint16_t nfields, cap;
    uint16_t cut;         /* fields refused or values shortened by TX_MAX_FIELDS,
                           * TX_MAX_LIST_ITEMS, TX_MAX_FIELD_VALUE or the arena budget */
    uint32_t conn;        /* connection id; 0 = log-wide */
    uint32_t seq;         /* order of completion within the analysis */
    const txi_line *src;  /* first line of the event */
    int64_t time;         /* log time of the event (epoch seconds) or TXI_NO_TIME */
    txi_field *fields;
    struct txi_event *next;
} txi_event;

const char *txi_evtype_name(int type);
const char *txi_evtype_tag(int type);
const char *txi_evtype_desc(int type);
int txi_evtype_lookup(const char *name, size_t len); /* -1 if unknown */
const char *txi_field_name(int id);
txi_fkind txi_field_kind(int id);
int txi_field_lookup(const char *name, size_t len); /* -1 if unknown */

/* Field access.  _get returns the first field with that id (NULL if none);
 * _next continues after f.  _int parses an integer field (dflt if absent). */
const txi_field *txi_ev_get(const txi_event *e, int id);
const txi_field *txi_ev_next(const txi_event *e, const txi_field *f);
const char *txi_ev_str(const txi_event *e, int id); /* NULL if absent */
long long txi_ev_int(const txi_event *e, int id, long long dflt);
int txi_ev_is(const txi_event *e, int id, const char *value); /* exact compare */

/* Building.  New events are allocated in arena a; the copy of line l is
 * made there by the caller (txi_line_copy).  Adding past TX_MAX_FIELDS or
 * the arena budget fails silently and is counted by the caller through
 * the return value (0 ok, -1 dropped). */
txi_event *txi_event_new(txi_arena *a, int type, const txi_line *src);
int txi_event_add(txi_arena *a, txi_event *e, int id, const char *val, size_t len,
                  const txi_line *src);
int txi_event_addf(txi_arena *a, txi_event *e, int id, const txi_line *src,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Replace the value of the first field id (or add it). */
int txi_event_set(txi_arena *a, txi_event *e, int id, const char *val, size_t len,
                  const txi_line *src);
txi_line *txi_line_copy(txi_arena *a, uint64_t no, const char *text, size_t len);

/* Times.  Parse "2024-05-01 10:00:00.123 CEST", "Thu Feb 18 16:00:00 PST 2016",
 * "Sat Mar 17 02:59:59 MSK 2018", "Jan 27 10:00:00 2025 GMT" and ISO forms into
 * epoch seconds (UTC).  Unknown zone abbreviations count as UTC; returns
 * TXI_NO_TIME when the text is not a time. */
int64_t txi_parse_time(const char *s, size_t len);
/* The same, remembering the last few "yyyy-MM-dd HH:mm:ss[.SSS][ zone]"
 * parsed (logs of several processes interleave): a text that differs from
 * one only in the seconds and their fraction (most header lines of a debug
 * log) costs two compares.  Equal results always.  A zeroed cache is empty. */
typedef struct txi_time_cache {
    struct {
        char head[17];      /* "yyyy-MM-dd HH:mm:" */
        char tail[23];      /* what follows the seconds' fraction: " UTC" */
        unsigned char tailn;
        unsigned char full; /* head/tail/base hold a parse */
        int64_t base;       /* the time at second 0 of that minute */
    } e[4];
    unsigned next;          /* the entry replaced next */
} txi_time_cache;
int64_t txi_parse_time_cached(txi_time_cache *c, const char *s, size_t len);
/* Format epoch seconds as "2024-05-01 08:00:00 UTC" into buf (>= 32 bytes). */
void txi_format_time(int64_t t, char *buf, size_t n);

#endif
