/* parser_impl.h - the parser's private state, shared by parser.c and conn.c. */
#ifndef TX_PARSER_IMPL_H
#define TX_PARSER_IMPL_H

#include "dialect.h"
#include "frame.h"
#include "parser.h"

#define TXI_CONN_HASH (TX_MAX_LIVE_CONNS * 2u)

struct txi_parser {
    char *name;
    txi_sink sink;
    txi_stats stats;

    /* reader */
    char *linebuf;        /* partial line carried between feeds, capped */
    char *jsonbuf;        /* decoded string values of a JSON record (allocated on first use) */
    char *pastebuf;       /* a line with a web page's marks undone (allocated on first use) */
    size_t paste_init;    /* its first bytes written or zeroed (paste_end) */
    int narrowed;         /* a line with widened blanks was seen: narrow every later one (txi_frame_narrow) */
    char *bodybuf;        /* a JSON record's decoded lines, '\n' between them, for line patterns */
    size_t bodyn;         /* bytes in bodybuf for the record being read */
    txi_frame_state frames; /* what frames remember from line to line */

    /* pastes broken at a fixed width (parser.c): the width is learned from
       the first lines fed, then lines of that width are joined */
    int wrap_known;
    size_t wrap_width;    /* 0: the log is not wrapped */
    int wrap_spaces;      /* broken after a space ("fold -s"): only such lines join; 2: the
                             next line's first word would not have fitted (parser.c) */
    size_t wrap_key;      /* what the width sniff saw of its first piece (parser.c wrap_key) */
    long long wrap_given; /* the sniff's result from another parser of the same input
                             (txi_parser_take_layout; 0: none) */
    char *joinbuf;        /* a line being joined (TX_WRAP_MAX_JOIN) */
    size_t joinn;
    unsigned joinlines;
    unsigned joined_now;  /* the line being read was joined from this many (0: not joined) */
    uint64_t join_start;
    int join_nul;
    size_t join_lastcol;  /* the columns of the last piece joined, when it ended in a blank */
    size_t linelen;
    int skipping;         /* inside the over-long tail of a line */
    uint64_t lineno;
    uint64_t line_start;  /* stream offset of the current line's first byte */
    uint64_t line_end;    /* ... and of its end (the newline) */

    /* prefix learned from a line whose anchor was not at column 0 */
    char prefix[128];
    size_t prefixlen;

    /* dialects */
    int open_block;       /* dialect index holding the open block, -1 none */
    int open_optional;    /* the open block may have no more lines (txi_parser_open_block_optional) */
    void *dstate[TXI_DIALECT__COUNT]; /* in one block (dblock), each zeroed at its first use */
    void *dblock;
    unsigned dused;       /* bit d: dstate[d] was asked for (and zeroed) */

    /* events under construction */
    txi_arena scratch;
    unsigned open_events;
    uint32_t seq;

    /* connections */
    uint32_t next_conn_id;
    uint64_t tick;
    unsigned nlive;
    size_t live_bytes;               /* arena bytes of the open connections */
    txi_conn *lru_head, *lru_tail;   /* head = most recently active */
    txi_conn *current;               /* the last connection an event went to */
    txi_conn *hash[TXI_CONN_HASH];   /* live connections by thread (open addressing) */

    /* log-wide events of the current epoch (see conn.c) */
    txi_arena global_arena;
    txi_event *gfirst, *glast;
    unsigned nglobal;
    unsigned epoch;
    uint64_t conns_at_last_global;

    int64_t log_time;
    int finished;
    int fast;             /* fast paths on (off: TLSEXPLAIN_NO_FASTPATH) */
};

/* conn.c */
void txi_conn_retire_all(txi_parser *p);
void txi_conn_cleanup(txi_parser *p);
txi_conn *txi_conn_for_line(txi_parser *p, const char *thread, size_t tlen);

#endif
