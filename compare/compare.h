/*
 * compare.h - internals shared by the timeline and compare writers.
 *
 * normalize.c turns the events of a connection (or the log-wide setup
 * events) into "steps": the events a handshake ladder is made of, sorted
 * by line, each with a signature that leaves out everything that differs
 * between two runs of the same handshake (timestamps, thread ids, randoms,
 * session ids, byte counts, host names, paths).  align.c aligns two step
 * sequences; compare.c pairs connections, finds the first divergence and
 * the differing facts; timeline.c draws the ladders.
 *
 * Steps borrow their events: they are valid while the analysis lives.
 */
#ifndef TX_COMPARE_H
#define TX_COMPARE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../analysis/model.h"
#include "../parser/limits.h"
#include "../parser/parser.h"

/* Steps aligned per connection (and per setup block): TX_MAX_ALIGN_STEPS
 * (parser/limits.h; TX_MAX_EVENTS_PER_CONN bounds the input). */

enum { TXD_SIDE_NONE = 0, TXD_SIDE_CLIENT = 1, TXD_SIDE_SERVER = 2 };

typedef enum {
    TXD_S_MESSAGE,    /* a handshake message from one side to the other */
    TXD_S_NEGOTIATED, /* protocol version / cipher suite chosen */
    TXD_S_SNI,        /* the server name sent */
    TXD_S_CERT,       /* one certificate of a chain */
    TXD_S_TRUSTED,    /* the peer's chain matched a trust anchor */
    TXD_S_ALERT,      /* a TLS alert, with the side that raised it */
    TXD_S_EXCEPTION,
    TXD_S_CLOSE,
    TXD_S_TARGET,     /* the URL or host:port asked for */
    TXD_S_TRUSTSTORE, /* setup (log-wide) steps */
    TXD_S_KEYSTORE,
    TXD_S_CONFIG,
} txd_skind;

/* What the alignment compares.  head says what a step is ("the server's
 * Certificate message", "a fatal alert raised by the client"); sig adds
 * the details that may differ between two runs of the same step (the
 * alert description, the negotiated version).  Both are 64-bit FNV-1a
 * hashes of the normalised text: equal text, equal hash. */
typedef struct txd_key {
    uint64_t head, sig;
} txd_key;

typedef struct txd_step {
    const txi_event *ev;
    uint64_t line;
    uint8_t kind;     /* txd_skind */
    uint8_t from, to; /* TXD_SIDE_*: sender and receiver (messages, alerts) */
    uint32_t repeat;  /* consecutive equal messages folded into this one (1 = none) */
    txd_key key;
} txd_step;

typedef struct txd_steps {
    txd_step *v;
    size_t n;
    size_t dropped; /* steps past TX_MAX_ALIGN_STEPS */
} txd_steps;

/* ---- normalize.c ---------------------------------------------------------- */

/* The side that wrote the log (client unless the connection is a server's). */
int txd_local_side(const txi_conn *c);
/* Steps of one connection, sorted by line (then completion order); a run
 * of equal consecutive messages (ApplicationData, NewSessionTicket ...)
 * is one step with a repeat count.
 * Returns 0, or -1 when out of memory (s is then empty). */
int txd_steps_conn(const txi_conn *c, txd_steps *s);
/* Setup steps: the log-wide truststore, keystore and configuration events. */
int txd_steps_setup(const txi_event *globals, txd_steps *s);
void txd_steps_free(txd_steps *s);
/* A short description of the step without arrows ("ClientHello",
 * "alert certificate_unknown (fatal)", "truststore cacerts (pkcs12, 144
 * anchors)").  Always NUL-terminated; cut to n-1 bytes. */
void txd_step_label(const txd_step *s, char *buf, size_t n);
/* The label with the direction drawn compactly, for two-column views:
 * "ClientHello ->", "<- ServerHello", "x alert certificate_unknown
 * (raised by client)", "* trusted ...", "! SSLHandshakeException: ...". */
void txd_step_arrow(const txd_step *s, char *buf, size_t n);
/* "client" / "server" / "" */
const char *txd_side_name(int side);
/* The last component of a Java class name ("SSLHandshakeException"). */
const char *txd_short_class(const char *cls);
/* The part of a log line worth showing in a narrow column: for
 * SSLLogger lines "javax.net.ssl|LEVEL|tid|thread|time|File.java:N|msg"
 * (or a JSSE fork's logger name first: txi_ssllogger_find) the msg; otherwise the line; leading blanks skipped.  JSON always
 * quotes the whole line. */
const char *txd_line_body(const char *text);
uint64_t txd_hash(uint64_t h, const char *s);
/* With --redact, replace the hosts, addresses and subjects in buf (NUL-
 * terminated, n bytes of room) by their tokens, before any text is cut
 * or wrapped (a cut name would escape the pass over the whole output). */
void txd_mask(txa_redactor *r, char *buf, size_t n);
/* With --redact, teach the redactor the CN of every certificate subject
 * and issuer: labels show "CN=..." alone, not the whole subject. */
void txd_mask_learn_cns(txa_redactor *r, const txa_model *a);
/* A JSON string of s, masked first with --redact (the pass over the whole
 * output cannot see a subject whose quotes JSON escaped). */
void txd_json_masked(FILE *f, txa_redactor *r, const char *s, size_t n);
#define TXD_HASH_INIT 14695981039346656037ull

/* Display helpers (txo_width, txo_put, txo_wrap_take): common/out.h. */

/* ---- align.c ------------------------------------------------------------------ */

typedef enum {
    TXD_OP_MATCH,  /* same step in both */
    TXD_OP_CHANGE, /* a step in each, different */
    TXD_OP_GOOD,   /* a step only in the first (GOOD) sequence: missing in BAD */
    TXD_OP_BAD,    /* a step only in the second (BAD) sequence */
} txd_opkind;

typedef struct txd_op {
    uint8_t op;   /* txd_opkind */
    uint32_t g, b; /* indexes into the sequences (unused side: UINT32_MAX) */
} txd_op;

#define TXD_NONE UINT32_MAX

/* Costs of the alignment (see the essay in align.c). */
enum { TXD_COST_NEAR = 1, TXD_COST_GAP = 2, TXD_COST_FAR = 3 };

/* Align g[0..ng) with b[0..nb) (each at most TX_MAX_ALIGN_STEPS; longer inputs
 * are cut there).  On success *ops (malloc'd, caller frees) holds *nops
 * operations in sequence order and *cost the total cost.  Returns 0, or -1
 * when out of memory. */
int txd_align(const txd_key *g, size_t ng, const txd_key *b, size_t nb, txd_op **ops, size_t *nops,
              unsigned *cost);

/* ---- compare.c ------------------------------------------------------------------ */

/* Does the fact name match the glob (only '*' is special: any run of
 * bytes)?  Used by the category -> supporting facts table. */
int txd_glob(const char *pat, const char *name);
/* Is a difference in fact `name` evidence for a finding of `category`? */
int txd_supports(const txa_mfinding *fd, const char *name);

#endif
