/*
 * parser.h - bytes in, events out: the tokenizer's internal API.
 *
 * txi_parser_feed() splits the input into lines (reader.c), strips what
 * the log framework put in front of them (prefix.c), and hands each line
 * to the dialect that holds an open multi-line block, or else to the
 * dialects in the order of dialects.def until one consumes it.  Dialects
 * build events with the txi_emit_* calls below; conn.c files each finished
 * event under a connection (by thread and sequence) and closes
 * connections, handing them to the owner through the sink.
 *
 * Memory: one reusable line buffer capped at TX_MAX_LINE, one scratch
 * arena for events under construction, and at most TX_MAX_LIVE_CONNS open
 * connections, each with a byte budget.  Nothing grows with the size of
 * the input.
 */
#ifndef TX_PARSER_H
#define TX_PARSER_H

#include <stdint.h>
#include <stdio.h>

#include "event.h"
#include "limits.h"
#include "strparse.h"

typedef struct txi_parser txi_parser;

enum { TXI_ROLE_UNKNOWN = 0, TXI_ROLE_CLIENT = 1, TXI_ROLE_SERVER = 2 };

/* Connection state bits. */
enum {
    TXI_CONN_HELLO = 1 << 0,      /* a ClientHello was produced or consumed */
    TXI_CONN_SERVERHELLO = 1 << 1,
    TXI_CONN_FINISHED = 1 << 2,   /* the peer's Finished was consumed: handshake complete */
    TXI_CONN_FAILED = 1 << 3,     /* fatal alert or exception */
    TXI_CONN_CLOSED = 1 << 4,
    TXI_CONN_ADOPTABLE = 1 << 5,  /* thread-less, waiting for its first handshake message */
    TXI_CONN_HRR = 1 << 6,        /* last ServerHello was a HelloRetryRequest */
    TXI_CONN_APPDATA = 1 << 7,    /* application data went through */
};

typedef struct txi_conn {
    uint32_t id;
    uint32_t flags;
    uint8_t role;
    char *thread;          /* NULL for thread-less connections; NUL-terminated, */
    size_t threadlen;      /* but may hold a NUL itself: the key is (thread, threadlen) */
    txi_arena arena;
    txi_event *first, *last;
    uint32_t nevents;
    uint32_t dropped;      /* events refused by a limit */
    uint64_t first_line, last_line;
    uint64_t last_active;  /* parser tick of the last event */
    struct txi_conn *lru_prev, *lru_next;
} txi_conn;

/* What the parser calls back.  All hooks are optional. */
typedef struct txi_sink {
    void *ud;
    /* An event was completed and filed (c is NULL for log-wide events). */
    void (*event)(void *ud, const txi_event *e, const txi_conn *c);
    /* A connection was closed; the sink now owns it (txi_conn_free). */
    void (*retire)(void *ud, txi_conn *c);
    /* Every input line after dispatch, with the connection it belongs to
     * (NULL if none) and its place in the byte stream [start, end): used
     * for rules' line patterns.  Hex dumps are not reported.  body (NULL
     * when it is the line itself): the line without a container's or a
     * paste's prefix and marks, or a JSON record's decoded lines ('\n'
     * between them), which line patterns are also tried on. */
    void (*line)(void *ud, uint64_t no, const char *text, size_t len, const char *body, size_t bodyn,
                 txi_conn *c, uint64_t start, uint64_t end);
} txi_sink;

/* Counters the report shows ("3 lines over 1 MiB were truncated"). */
typedef struct txi_stats {
    uint64_t bytes, lines;
    uint64_t long_lines;       /* lines cut at TX_MAX_LINE */
    uint64_t binary_lines;     /* lines holding NUL or other control bytes */
    uint64_t hexdump_lines;    /* skipped hex dumps */
    uint64_t plaintext_dumps;  /* decrypted application data blocks skipped */
    uint64_t json_records;     /* lines read as JSON log records (their values decoded) */
    uint64_t joined_lines;     /* lines of a paste broken at a fixed width, joined to the line before */
    uint64_t unescaped_lines;  /* lines whose HTML character references / no-break spaces were undone */
    uint64_t fast_records;     /* SSLLogger headers read by the fast path (txi_parser_fast) */
    uint64_t fast_rows;        /* hex-dump rows counted by the reader's fast path (of hexdump_lines) */
    uint64_t shaped_rows;      /* of fast_rows, those the JDK row shape decided (skip_rows) */
    uint64_t events;
    uint64_t alert_events;     /* of them alerts (an exception quoting a received alert files one unless the debug output did) */
    uint64_t exception_events; /* of them exceptions */
    uint64_t dropped_events;   /* refused by a per-connection or global limit */
    uint64_t evicted_conns;    /* closed early because too many were open */
    uint64_t conns;
    uint64_t dialect_lines[8]; /* lines consumed per dialect (dialects.def order) */
    int truncated_block;       /* input ended inside a multi-line block */
} txi_stats;

txi_parser *txi_parser_new(const char *name, const txi_sink *sink);
void txi_parser_free(txi_parser *p);
/* Feed any number of bytes; lines may span calls. */
void txi_parser_feed(txi_parser *p, const char *buf, size_t len);
/* Feed as txi_parser_feed, but stop after the first line a log dialect
 * reads (txi_parser_log_lines): 1 then, and the rest of buf is not read.
 * The lines before it are read as txi_parser_feed would (the width sniff
 * sees all of buf).  For the tool-output sniff, which needs no more. */
int txi_parser_feed_until_log(txi_parser *p, const char *buf, size_t len);
/* The width sniff's result (a paste broken at a fixed width, or not) with
 * what it read of the first piece fed, as a number > 0 (0: not sniffed
 * yet); txi_parser_take_layout gives it to another parser of the same
 * input, which then adopts it instead of sniffing, provided its own first
 * piece is as long (or both are over TX_WRAP_SNIFF_BYTES) - the caller
 * vouches that the bytes are the same.  Before the first feed. */
long long txi_parser_layout(const txi_parser *p);
void txi_parser_take_layout(txi_parser *p, long long layout);
/* Lines read by a log dialect (JDK, IBM, legacy, application), as opposed
 * to tool output (keytool, openssl, curl).  Only grows. */
uint64_t txi_parser_log_lines(const txi_parser *p);
/* Is this line (as read, '\r' at its end or not) a hex-dump row, which the
 * parser never reads (it may hold decrypted application data)? */
int txi_hex_row(const char *s, size_t n);
/* End of input: flush the last line and open blocks, close all connections. */
void txi_parser_finish(txi_parser *p);
const txi_stats *txi_parser_stats(const txi_parser *p);
/* Log-wide events (truststore, keystore, config) of the current epoch, in
 * order.  Valid until the next epoch starts (txi_parser_epoch changes). */
const txi_event *txi_parser_globals(const txi_parser *p);
unsigned txi_parser_epoch(const txi_parser *p);
/* The next log-wide event joins the current epoch instead of starting one
 * (evidence lent from another input belongs to every epoch). */
void txi_parser_join_epoch(txi_parser *p);
/* The latest log time seen so far (TXI_NO_TIME if the log carries none). */
int64_t txi_parser_log_time(const txi_parser *p);
/* During a line callback: how many input lines the line was joined from (a
 * paste broken at a fixed width), 0 when it is one line as read.  Its text
 * is then not the input's bytes (the breaks are gone). */
unsigned txi_parser_joined(const txi_parser *p);
const char *txi_parser_name(const txi_parser *p);
/* Names of dialects that consumed at least one line, comma-separated, in buf. */
void txi_parser_dialects_seen(const txi_parser *p, char *buf, size_t n);

void txi_conn_free(txi_conn *c);
/* A connection outside any parser (id 0): the log-wide evaluation of a log
 * without connections.  Free with txi_conn_free. */
txi_conn *txi_conn_detached(void);
/* Append an event built elsewhere (facts, matches) to a connection. */
txi_event *txi_conn_add(txi_conn *c, int type, const txi_line *src);

/* ---- for dialects --------------------------------------------------- */

/* One input line as the dialects see it. */
typedef struct txi_linectx {
    const char *p;       /* the line after its log-framework prefix */
    size_t n;
    const char *raw;     /* the whole line (line end removed) */
    size_t rawn;
    uint64_t no;         /* 1-based */
    int64_t time;        /* time from the prefix, or TXI_NO_TIME */
    const char *level;   /* the level a container/device frame stated ("ERROR", "WARN"), or NULL */
} txi_linectx;

/* Start an event; fields are added with txi_emit_field; txi_emit_end files
 * it under the connection of thread (NULL/empty: the current connection,
 * or log-wide for truststore/keystore/config events).  An event may stay
 * open across lines.  All three accept a NULL event (a refused start) and
 * do nothing then. */
txi_event *txi_emit_begin(txi_parser *p, int type, const txi_linectx *l);
void txi_emit_field(txi_parser *p, txi_event *e, int fid, const char *v, size_t n,
                    const txi_linectx *l);
/* txi_emit_field's value as it would store it (trimmed, read as English by
 * txi_emit_english: a lent listing's text, read once by its lender). */
void txi_emit_field_read(txi_parser *p, txi_event *e, int fid, const char *v, size_t n);
/* What txi_emit_field makes of the value v of field fid in an event of this
 * type: trimmed, and its localised texts read as English (into buf, of
 * TX_MAX_FIELD_VALUE bytes, when one is). */
txi_sv txi_emit_english(int type, int fid, const char *v, size_t n, char *buf);
void txi_emit_fieldf(txi_parser *p, txi_event *e, int fid, const txi_linectx *l,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Returns the id of the connection the event was filed under (0 = log-wide). */
uint32_t txi_emit_end(txi_parser *p, txi_event *e, const char *thread, size_t tlen);
/* Drop an open event without filing it. */
void txi_emit_cancel(txi_parser *p, txi_event *e);

/* Claim / release the "open block": while a dialect holds it, every line
 * goes to its cont() hook first. */
void txi_parser_open_block(txi_parser *p, int dialect);
void txi_parser_close_block(txi_parser *p);
/* The input ended where a dialect knows a block was not finished (a flush may say so). */
void txi_parser_input_cut(txi_parser *p);
/* The same for a block that may have no more lines: the end of input there
 * does not mean the log was cut off, whatever the dialect's eof_ends_block. */
void txi_parser_open_block_optional(txi_parser *p, int dialect);
/* Per-dialect state, allocated (zeroed) by the parser from the dialect's
 * declared size. */
void *txi_parser_state(txi_parser *p, int dialect);
/* Note a log time seen in the text (keeps the latest). */
void txi_parser_saw_time(txi_parser *p, int64_t t);
/* Count a skipped hex dump line / decrypted data block. */
void txi_parser_count_hexdump(txi_parser *p);
void txi_parser_count_plaintext(txi_parser *p);
/* Whether the fast paths are on (TLSEXPLAIN_NO_FASTPATH, any value, turns
 * them off when the parser is made: every line takes the general path, for
 * tests that compare the two; outputs are the same either way).  Asked
 * where a fast path would be taken: a yes is counted (stats.fast_records). */
int txi_parser_fast(txi_parser *p);

#endif
