/*
 * pair.c - compare, steps 1 to 4 (compare.c has the whole story): each
 * log's step sequences, the pairs of connections, their alignment
 * (align.c), the first divergence, the focus pair and the differing facts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

/* ---- sides, pairs, segments -------------------------------------------------------- */


static const txd_steps no_steps;

static int cmp_conn(const void *x, const void *y)
{
    const txd_steps *a = x, *b = y;
    uint64_t la = a->n ? a->v[0].line : 0, lb = b->n ? b->v[0].line : 0;
    return la < lb ? -1 : la > lb;
}

static int side_init(side *S, const txa_model *a)
{
    S->a = a;
    if (txd_steps_setup(a->globals, &S->setup))
        return -1;
    for (unsigned i = 0; i < a->nkept; i++) {
        txd_steps st;
        if (txd_steps_conn(a->kept[i], &st))
            return -1;
        /* the SNI name is a fact; where its line falls (before or after the
         * ClientHello it belongs to) depends on the JDK, not on the run */
        size_t k = 0;
        for (size_t j = 0; j < st.n; j++)
            if (st.v[j].kind != TXD_S_SNI)
                st.v[k++] = st.v[j];
        st.n = k;
        if (!st.n) {
            txd_steps_free(&st);
            continue;
        }
        S->st[S->n] = st;
        S->c[S->n] = a->kept[i];
        S->n++;
    }
    /* by first step line: keep conns and steps together */
    for (unsigned i = 1; i < S->n; i++)
        for (unsigned k = i; k > 0 && cmp_conn(&S->st[k - 1], &S->st[k]) > 0; k--) {
            txd_steps t = S->st[k];
            S->st[k] = S->st[k - 1];
            S->st[k - 1] = t;
            const txi_conn *tc = S->c[k];
            S->c[k] = S->c[k - 1];
            S->c[k - 1] = tc;
        }
    return 0;
}

static void side_free(side *S)
{
    txd_steps_free(&S->setup);
    for (unsigned i = 0; i < S->n; i++)
        txd_steps_free(&S->st[i]);
}

typedef struct target {
    const char *host, *port, *sni;
} target;

static target conn_target(const txi_conn *c)
{
    target t = {NULL, NULL, NULL};
    for (const txi_event *e = c->first; e; e = e->next) {
        if ((e->type == TXE_TARGET || e->type == TXE_CONNECTION) && !t.host) {
            t.host = txi_ev_str(e, TXF_HOST);
            t.port = txi_ev_str(e, TXF_PORT);
        } else if (e->type == TXE_SNI && !t.sni) {
            t.sni = txi_ev_str(e, TXF_NAME);
        }
    }
    return t;
}

static int same(const char *a, const char *b) { return a && b && !strcmp(a, b); }

static int pair_score(const txi_conn *g, const txi_conn *b)
{
    target tg = conn_target(g), tb = conn_target(b);
    if (same(tg.host, tb.host))
        return same(tg.port, tb.port) ? 4 : 3;
    return same(tg.sni, tb.sni) ? 2 : 0;
}

/* A log with no setup events at all was captured with a narrower
 * javax.net.debug (ssl:handshake): every JVM loads a truststore, it just
 * was not logged, and neither is "Found trusted certificate".  What one
 * side did not log is not where the runs part: the setup is then not
 * searched for the divergence and trust-anchor steps are not aligned. */
static void narrow_debug(cmp *C)
{
    if (!C->G.setup.n == !C->B.setup.n)
        return;
    C->unlogged_setup = C->G.setup.n ? 2 : 1;
    side *sides[2] = {&C->G, &C->B};
    for (int i = 0; i < 2; i++)
        for (unsigned c = 0; c < sides[i]->n; c++) {
            txd_steps *st = &sides[i]->st[c];
            size_t k = 0;
            for (size_t j = 0; j < st->n; j++)
                if (st->v[j].kind != TXD_S_TRUSTED)
                    st->v[k++] = st->v[j];
            st->n = k;
        }
}

/* a connection whose handshake completed and that did not fail */
static int completed(const txi_conn *c) { return (c->flags & TXI_CONN_FINISHED) && !(c->flags & TXI_CONN_FAILED); }

static void pair(cmp *C)
{
    int used[TX_MAX_KEPT_CONNS] = {0}, mate[TX_MAX_KEPT_CONNS];
    seg *s = &C->segs[C->nseg++];
    s->setup = 1;
    s->g = s->b = -1;
    s->gs = &C->G.setup;
    s->bs = &C->B.setup;
    /* BAD's failed connections choose first: they are what the comparison
     * is for */
    for (int failed = 1; failed >= 0; failed--)
        for (unsigned b = 0; b < C->B.n; b++) {
            if (!(C->B.c[b]->flags & TXI_CONN_FAILED) != !failed)
                continue;
            /* the best unpaired GOOD connection (the same target first, then
             * one that completed); when all are taken (BAD retried, or reached
             * more hosts), the best one again: a failing connection is still
             * best read against a good one */
            int best = -1, bests = -1;
            for (int pass = 0; pass < 2 && best < 0; pass++)
                for (unsigned g = 0; g < C->G.n; g++) {
                    if (used[g] && pass == 0)
                        continue;
                    int sc = pair_score(C->G.c[g], C->B.c[b]) * 2 + completed(C->G.c[g]);
                    if (sc > bests) {
                        bests = sc;
                        best = (int)g;
                    }
                }
            mate[b] = best;
            if (best >= 0)
                used[best] = 1;
        }
    for (unsigned b = 0; b < C->B.n; b++) { /* in BAD's order */
        int best = mate[b];
        s = &C->segs[C->nseg++];
        s->g = best;
        s->b = (int)b;
        s->gs = best >= 0 ? &C->G.st[best] : &no_steps;
        s->bs = &C->B.st[b];
    }
    for (unsigned g = 0; g < C->G.n; g++) {
        if (used[g])
            continue;
        s = &C->segs[C->nseg++];
        s->g = (int)g;
        s->b = -1;
        s->gs = &C->G.st[g];
        s->bs = &no_steps;
    }
}

static int align_all(cmp *C)
{
    for (unsigned i = 0; i < C->nseg; i++) {
        seg *s = &C->segs[i];
        size_t ng = s->gs->n, nb = s->bs->n;
        txd_key *kg = malloc((ng + 1) * sizeof *kg), *kb = malloc((nb + 1) * sizeof *kb);
        if (!kg || !kb) {
            free(kg);
            free(kb);
            return -1;
        }
        for (size_t k = 0; k < ng; k++)
            kg[k] = s->gs->v[k].key;
        for (size_t k = 0; k < nb; k++)
            kb[k] = s->bs->v[k].key;
        int r = txd_align(kg, ng, kb, nb, &s->ops, &s->nops, NULL);
        free(kg);
        free(kb);
        if (r)
            return -1;
        C->dropped_steps += s->gs->dropped + s->bs->dropped;
    }
    return 0;
}

/* The first step of either side after operation k of segment i (for a
 * side that has no step at the divergence itself). */
static const txd_step *next_step(const cmp *C, unsigned i, size_t k, int bad)
{
    for (; i < C->nseg; i++, k = 0) {
        const seg *s = &C->segs[i];
        for (; k < s->nops; k++) {
            uint32_t x = bad ? s->ops[k].b : s->ops[k].g;
            if (x != TXD_NONE)
                return bad ? &s->bs->v[x] : &s->gs->v[x];
        }
    }
    return NULL;
}

/* The first divergence: in the setup, then in the focus pair when one is
 * chosen already (by BAD's failure), then in the other pairs in order. */
static void find_divergence(cmp *C)
{
    divergence *d = &C->dv;
    memset(d, 0, sizeof *d);
    unsigned order[1 + 2 * TX_MAX_KEPT_CONNS], no = 0;
    if (!C->unlogged_setup)
        order[no++] = 0; /* segs[0] is the setup (pair()) */
    if (C->focus > 0)
        order[no++] = (unsigned)C->focus;
    for (unsigned i = 1; i < C->nseg; i++)
        if ((int)i != C->focus)
            order[no++] = i;
    for (unsigned j = 0; j < no; j++) {
        unsigned i = order[j];
        const seg *s = &C->segs[i];
        for (size_t k = 0; k < s->nops; k++) {
            const txd_op *o = &s->ops[k];
            if (o->op == TXD_OP_MATCH) {
                d->lg = &s->gs->v[o->g];
                d->lb = &s->bs->v[o->b];
                continue;
            }
            d->found = 1;
            d->seg = i;
            d->op = o->op;
            d->g = o->g != TXD_NONE ? &s->gs->v[o->g] : NULL;
            d->b = o->b != TXD_NONE ? &s->bs->v[o->b] : NULL;
            if (!d->g && (d->g = next_step(C, i, k + 1, 0)) != NULL)
                d->gctx = 1;
            if (!d->b && (d->b = next_step(C, i, k + 1, 1)) != NULL)
                d->bctx = 1;
            if (!d->g && d->lg) {
                d->g = d->lg;
                d->gctx = 2;
            }
            if (!d->b && d->lb) {
                d->b = d->lb;
                d->bctx = 2;
            }
            return;
        }
    }
}

/* Does connection c hold an event of line no? */
static int conn_has_line(const txi_conn *c, uint64_t no)
{
    for (const txi_event *e = c->first; e; e = e->next)
        if (e->src && e->src->no == no)
            return 1;
    return 0;
}

/* The focus: the pair whose BAD connection holds the evidence of BAD's top
 * cause (the connection that failed the way the report explains), else
 * the first whose BAD connection failed; chosen before the divergence is
 * looked for.  Then (focus_fallback) the pair of the divergence, else the
 * first pair. */
static void choose_focus(cmp *C)
{
    C->focus = -1;
    C->focus_why = TXD_FOCUS_NONE;
    const txa_mfinding *top = NULL;
    for (unsigned i = 0; i < C->B.a->nfind && !top; i++) {
        const txa_mfinding *fd = &C->B.a->findings[i];
        if (fd->superseded_by < 0 && fd->kind == TX_KIND_CAUSE)
            top = fd->ev_as >= 0 ? &C->B.a->findings[fd->ev_as] : fd;
    }
    for (unsigned k = 0; top && k < top->nev && C->focus < 0; k++)
        for (unsigned i = 0; i < C->nseg && C->focus < 0; i++)
            if (!C->segs[i].setup && C->segs[i].b >= 0 && conn_has_line(C->B.c[C->segs[i].b], top->ev[k].line)) {
                C->focus = (int)i;
                C->focus_why = TXD_FOCUS_CAUSE;
            }
    for (unsigned i = 0; i < C->nseg && C->focus < 0; i++)
        if (!C->segs[i].setup && C->segs[i].b >= 0 && (C->B.c[C->segs[i].b]->flags & TXI_CONN_FAILED)) {
            C->focus = (int)i;
            C->focus_why = TXD_FOCUS_FAILED;
        }
}

static void focus_fallback(cmp *C)
{
    if (C->focus < 0 && C->dv.found && !C->segs[C->dv.seg].setup) {
        C->focus = (int)C->dv.seg;
        C->focus_why = TXD_FOCUS_DIVERGE;
    }
    for (unsigned i = 0; i < C->nseg && C->focus < 0; i++)
        if (!C->segs[i].setup) {
            C->focus = (int)i;
            C->focus_why = TXD_FOCUS_FIRST;
        }
}

/* When the other side has no chain of that owner at all, the subject and
 * issuer of each certificate say enough: not every field against "-". */
static int lone_cert_detail(const char *name, const unsigned other_nchain[2])
{
    static const char *const owner[2] = {"server.cert[", "client.cert["};
    for (int k = 0; k < 2; k++) {
        size_t n = strlen(owner[k]);
        if (strncmp(name, owner[k], n) != 0 || other_nchain[k])
            continue;
        const char *field = strchr(name + n, ']');
        return field && strcmp(field, "].subject") != 0 && strcmp(field, "].issuer") != 0;
    }
    return 0;
}

static void build_diffs(cmp *C)
{
    facts fg = {0}, fb = {0};
    fctx *x = malloc(sizeof *x);
    if (!x) {
        C->oom = 1;
        return;
    }
    const seg *fs = C->focus >= 0 ? &C->segs[C->focus] : NULL;
    conninfo cig, cib;
    x->F = &fg;
    txd_setup_facts(x, C->G.a);
    txd_conn_facts(x, fs && fs->g >= 0 ? C->G.c[fs->g] : NULL, &cig);
    x->F = &fb;
    txd_setup_facts(x, C->B.a);
    txd_conn_facts(x, fs && fs->b >= 0 ? C->B.c[fs->b] : NULL, &cib);
    free(x);
    if (fg.oom || fb.oom) {
        C->oom = 1;
        txd_facts_free(&fg);
        txd_facts_free(&fb);
        return;
    }
    if (fg.n) /* qsort(NULL, 0, ...) is undefined */
        qsort(fg.v, fg.n, sizeof *fg.v, txd_cmp_fact);
    if (fb.n)
        qsort(fb.v, fb.n, sizeof *fb.v, txd_cmp_fact);
    size_t i = 0, k = 0;
    while (i < fg.n || k < fb.n) {
        int c = i >= fg.n ? 1 : k >= fb.n ? -1 : txd_cmp_fact(&fg.v[i], &fb.v[k]);
        if (c < 0) {
            if (!lone_cert_detail(fg.v[i].name, cib.nchain))
                txd_fadd(&C->diffs, fg.v[i].rank, fg.v[i].name, fg.v[i].good, NULL);
            i++;
        } else if (c > 0) {
            if (!lone_cert_detail(fb.v[k].name, cig.nchain))
                txd_fadd(&C->diffs, fb.v[k].rank, fb.v[k].name, NULL, fb.v[k].good);
            k++;
        } else {
            if (strcmp(fg.v[i].good, fb.v[k].good) != 0)
                txd_fadd(&C->diffs, fg.v[i].rank, fg.v[i].name, fg.v[i].good, fb.v[k].good);
            i++;
            k++;
        }
    }
    txd_facts_free(&fg);
    txd_facts_free(&fb);
    txd_list_diff(&C->diffs, RANK(SEC_TRUST, 0, 4), "truststore.anchor_subjects", txd_used_truststore(C->G.a),
              txd_used_truststore(C->B.a), TXF_SUBJECTS, "anchor listed", "anchors listed");
    txd_list_diff(&C->diffs, RANK(SEC_PROTO, 0, 2), "ciphers.offered", cig.hello, cib.hello, TXF_CIPHERS, "suite", "suites");
    if (C->diffs.oom)
        C->oom = 1;
    if (C->diffs.n)
        qsort(C->diffs.v, C->diffs.n, sizeof *C->diffs.v, txd_cmp_fact);
    /* --redact: values are wrapped over lines, so mask them now */
    txa_redactor *r = C->r;
    for (size_t d = 0; r && d < C->diffs.n; d++) {
        char **v[2] = {&C->diffs.v[d].good, &C->diffs.v[d].bad};
        for (int j = 0; j < 2; j++) {
            if (!*v[j])
                continue;
            char *m = txa_redact_str(r, *v[j]);
            if (!m) {
                C->oom = 1;
                continue;
            }
            free(*v[j]);
            *v[j] = m;
        }
    }
}

void txd_cmp_free(cmp *C)
{
    if (!C)
        return;
    side_free(&C->G);
    side_free(&C->B);
    for (unsigned i = 0; i < C->nseg; i++)
        free(C->segs[i].ops);
    txd_facts_free(&C->diffs);
    free(C);
}

cmp *txd_cmp_build(const txa_model *good, const txa_model *bad, txa_redactor *r)
{
    cmp *C = calloc(1, sizeof *C);
    if (!C)
        return NULL;
    C->r = r;
    if (side_init(&C->G, good) || side_init(&C->B, bad)) {
        txd_cmp_free(C);
        return NULL;
    }
    narrow_debug(C);
    pair(C);
    if (align_all(C)) {
        txd_cmp_free(C);
        return NULL;
    }
    choose_focus(C);
    find_divergence(C);
    focus_fallback(C);
    build_diffs(C);
    if (C->oom) {
        txd_cmp_free(C);
        return NULL;
    }
    return C;
}

