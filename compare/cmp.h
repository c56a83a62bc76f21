/*
 * cmp.h - what the parts of compare share (compare/ only): the facts
 * (facts.c), the sides, pairs, segments and divergence (pair.c), read by
 * the writers (compare.c).
 */
#ifndef TX_CMP_H
#define TX_CMP_H

#include <stddef.h>

#include "../analysis/redact.h"
#include "../common/out.h"
#include "../parser/limits.h"
#include "../report/report.h"
#include "compare.h"


typedef struct fact {
    unsigned rank; /* section * 10000 + index * 100 + field: the display order */
    char *name, *good, *bad;
} fact;

typedef struct facts {
    fact *v;
    size_t n, cap;
    int oom;
} facts;

/* A side's facts go in with value in .good; `put` is that side's writer. */
typedef struct fctx {
    facts *F;
    char buf[TX_MAX_FACT_VALUE + 1];
} fctx;

enum { SEC_JVM = 1, SEC_CONFIG, SEC_TRUST, SEC_KEY, SEC_CONN, SEC_PROTO, SEC_SERVER, SEC_CLIENT, SEC_END };
#define RANK(sec, idx, field) ((unsigned)(sec) * 100000u + (unsigned)(idx) * 100u + (unsigned)(field))

typedef struct conninfo {
    const txi_event *hello;       /* first ClientHello */
    const txi_event *chain[2][16]; /* [0] server, [1] client: the last chain sent */
    unsigned nchain[2];
} conninfo;

typedef struct side {
    const txa_model *a;
    const txi_conn *c[TX_MAX_KEPT_CONNS];
    txd_steps st[TX_MAX_KEPT_CONNS];
    unsigned n;
    txd_steps setup;
} side;

typedef struct seg {
    int setup;
    int g, b; /* connection index in the side, -1 when absent */
    const txd_steps *gs, *bs;
    txd_op *ops;
    size_t nops;
} seg;

typedef struct divergence {
    int found;
    unsigned seg;
    int op;
    const txd_step *g, *b;   /* the differing steps (or a side's context step) */
    int gctx, bctx;          /* 0 the step itself, 1 the side goes on with it, 2 the side stopped after it */
    const txd_step *lg, *lb; /* last shared step */
} divergence;

/* Why the focus pair is the one it is. */
enum {
    TXD_FOCUS_NONE,
    TXD_FOCUS_CAUSE,   /* its BAD connection holds the evidence of BAD's top cause */
    TXD_FOCUS_FAILED,  /* its BAD connection is the first that failed */
    TXD_FOCUS_DIVERGE, /* it holds the first divergence */
    TXD_FOCUS_FIRST    /* the first pair */
};

typedef struct cmp {
    side G, B;
    seg segs[1 + 2 * TX_MAX_KEPT_CONNS];
    unsigned nseg;
    int focus; /* segment, or -1 */
    int focus_why; /* TXD_FOCUS_*: why that pair */
    divergence dv;
    facts diffs;
    int unlogged_setup; /* 1: only GOOD logs no setup events, 2: only BAD */
    size_t dropped_steps;
    int oom;
    txa_redactor *r; /* --redact: the one redactor of both logs (txw_write_redacted) */
} cmp;

/* ---- facts.c ------------------------------------------------------------------ */

/* Add a fact (one side: good == NULL for the BAD list and vice versa; both for a difference). */
void txd_fadd(facts *F, unsigned rank, const char *name, const char *good, const char *bad);
void txd_facts_free(facts *F);
/* qsort order: rank, then name */
int txd_cmp_fact(const void *x, const void *y);
/* One side's value of a fact (in .good). */
void txd_put_fact(fctx *x, unsigned rank, const char *name, const char *val);
/* The facts of a log's setup events, and of a connection (ci: its hello and chains). */
void txd_setup_facts(fctx *x, const txa_model *a);
void txd_conn_facts(fctx *x, const txi_conn *c, conninfo *ci);
/* The truststore a log used (its last one loaded without an error), or NULL. */
const txi_event *txd_used_truststore(const txa_model *a);
/* A list fact: what only one side lists of field fid ("2 anchors listed"). */
void txd_list_diff(facts *D, unsigned rank, const char *name, const txi_event *g, const txi_event *b, int fid,
                   const char *one, const char *many);

/* ---- pair.c ------------------------------------------------------------------- */

/* Steps, pairs, alignment, divergence, focus and differing facts of two
 * logs; r is the redactor of the report (NULL: none).  NULL: out of memory. */
cmp *txd_cmp_build(const txa_model *good, const txa_model *bad, txa_redactor *r);
void txd_cmp_free(cmp *C);

#endif
