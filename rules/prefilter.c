/*
 * prefilter.c - multi-literal scanning, and the line prefilter built on it.
 *
 * Why.  A debug log of a busy server is gigabytes, half of it hex dumps,
 * and almost no line is interesting to a rule.  Running every rule's regex
 * on every line costs ~0.1 GB/s; looking for all the rules' literals at
 * once and running a regex only where its literal occurred costs little
 * more than reading the bytes (YARA's "atoms", Semgrep's rule filters).
 *
 * Literal sets.  With Hyperscan (or its portable fork Vectorscan) the
 * literals are compiled into a database per mode the set is used in: for
 * streams (the log, chunk after chunk, matches may span chunks) or for
 * blocks (the text of one connection's fields); only the modes asked for
 * are compiled (each costs start-up time).  A literal is caseless only if
 * its pattern is: a case-sensitive "Cipher " must not hit every "Ignoring
 * ... cipher suite" line.  Without Hyperscan, a case-folded Aho-Corasick
 * automaton (dense rows for its shallowest states, sorted edges and failure
 * links for the rest) does both modes (its state simply
 * carries over from one chunk to the next); a case-exact literal it finds
 * is checked against the bytes when they are in the buffer, and reported
 * anyway when it began in an earlier chunk (a superset is safe).
 *
 * Line prefilter.  Matches arrive as (literal, end offset in the stream)
 * while a chunk is scanned, before the parser splits the chunk into lines.
 * They wait in a queue ordered by offset; when the parser reports the line
 * [start, end), every queued match with start < end_offset <= end makes
 * its matcher a candidate for that line.  A full queue does not drop
 * anything: the rest of the chunk is marked "every matcher is a
 * candidate", which is slower, never wrong.
 */
#include "prefilter.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../parser/limits.h"
#include "../parser/strparse.h"

#ifdef TX_HAVE_HYPERSCAN
#include <hs.h>

#include "hscache.h"
#endif

/* ---- literal sets --------------------------------------------------------- */

struct txr_litset {
    unsigned n;
#ifdef TX_HAVE_HYPERSCAN
    hs_database_t *block_db, *stream_db;
    unsigned char *key; /* the set, as the build-time cache keys it (hscache.h) */
    size_t keylen;
    unsigned cached;    /* the modes deserialised from that cache */
    hs_scratch_t *proto; /* scratch for both databases, never scanned with: each scan's is a clone
                            (hs_clone_scratch: a copy, where hs_alloc_scratch sized it anew per file) */
    unsigned nu;        /* distinct literals (text and case flag): the databases' patterns */
    unsigned *u_at;     /* [distinct] -> first of its literal indices in u_ids; u_at[nu] ends */
    unsigned *u_ids;    /* the literal indices of each distinct literal, ascending */
#else
    unsigned nstates, ndense;
    uint32_t *dense;    /* [state * 256 + byte] -> state, for the states below ndense */
    uint32_t *edge_off; /* [state] -> its first edge; edge_off[state + 1] ends them */
    unsigned char *ebyte; /* [edge] -> its case-folded byte (the edge leads to state 1 + edge) */
    uint32_t *fail;     /* [state] -> its failure link */
    uint32_t *first;    /* [state] -> the first state of its failure chain (itself first) with
                           literals ending there, 0: none */
    uint32_t *own_off;  /* [state] -> its first literal in own; own_off[state + 1] ends them */
    uint32_t *own;      /* the literal indices ending at each state (not on its chain), descending */
    char *exact;        /* the case-exact literals' bytes, back to back */
    uint32_t *exact_off; /* [literal] -> offset in exact + 1, or 0: caseless */
    uint32_t *lens;     /* [literal] -> length */
    unsigned *ident;    /* [literal] -> itself (txr_litset_indices: each literal is its own distinct one) */
#endif
};

struct txr_litscan {
    const txr_litset *ls;
    uint64_t pos; /* stream offset */
#ifdef TX_HAVE_HYPERSCAN
    hs_scratch_t *scratch;
    hs_stream_t *stream;
    uint64_t *seen; /* txr_litscan_block_once: the distinct literals reported, a bit each */
#else
    unsigned state;
#endif
};

#ifdef TX_HAVE_HYPERSCAN

const char *txr_prefilter_engine(void) { return "hyperscan"; }

/* The key of the build-time cache: each distinct literal as its case flag, its length
 * (4 bytes, little-endian) and its bytes, in order. */
static unsigned char *litset_key(const char *const *lits, const size_t *lens, const unsigned char *icase, unsigned n,
                                 size_t *len)
{
    size_t total = 0;
    for (unsigned i = 0; i < n; i++)
        total += 5 + lens[i];
    unsigned char *k = malloc(total ? total : 1), *w = k;
    if (!k)
        return NULL;
    for (unsigned i = 0; i < n; i++) {
        *w++ = icase[i] ? 1 : 0;
        for (unsigned b = 0; b < 4; b++)
            *w++ = (unsigned char)(lens[i] >> (8 * b));
        memcpy(w, lits[i], lens[i]);
        w += lens[i];
    }
    *len = total;
    return k;
}

/* The database the build compiled for this exact set and mode, when this
 * is the Hyperscan and the platform it was compiled with (hscache.h). */
static hs_database_t *cached_db(const txr_litset *ls, unsigned mode)
{
    const txr_hs_cache_table *t = &txr_hs_cache;
    if (!t->hs_version || !t->n || !ls->key || strcmp(t->hs_version, hs_version()) != 0)
        return NULL;
    hs_platform_info_t p;
    if (hs_populate_platform(&p) != HS_SUCCESS || p.cpu_features != t->cpu_features || p.tune != t->tune)
        return NULL;
    for (unsigned i = 0; i < t->n; i++) {
        const txr_hs_cached *e = &t->dbs[i];
        if (e->mode != mode || e->keylen != ls->keylen || memcmp(e->key, ls->key, ls->keylen) != 0)
            continue;
        hs_database_t *db = NULL;
        if (hs_deserialize_database((const char *)e->db, e->dblen, &db) != HS_SUCCESS)
            return NULL;
        return db;
    }
    return NULL;
}

/* The distinct literals of the set, in the order of their first index: one
 * pattern each in the databases (many rules test the same words: the shipped
 * field tests have 1,416 literals, 746 distinct; a copy of a rule file adds
 * none), reported as every literal index that has it.  *dl, *dn, *dc: the
 * distinct literals (malloc'd); ls->nu, u_at, u_ids set.  0: out of memory. */
static int distinct_literals(txr_litset *ls, const char *const *lits, const size_t *lens, const unsigned char *icase,
                             unsigned n, const char ***dl, size_t **dn, unsigned char **dc)
{
    size_t cap = 16;
    while (cap < 2 * (size_t)n)
        cap *= 2;
    unsigned *slot = malloc(cap * sizeof *slot), *of = malloc(n * sizeof *of), *cnt = calloc(n, sizeof *cnt);
    *dl = malloc(n * sizeof **dl);
    *dn = malloc(n * sizeof **dn);
    *dc = malloc(n);
    ls->u_ids = malloc(n * sizeof *ls->u_ids);
    if (!slot || !of || !cnt || !*dl || !*dn || !*dc || !ls->u_ids) {
        free(slot);
        free(of);
        free(cnt);
        return 0;
    }
    for (size_t i = 0; i < cap; i++)
        slot[i] = UINT32_MAX;
    unsigned nu = 0;
    for (unsigned i = 0; i < n; i++) {
        uint32_t h = txi_fnv1a(lits[i], lens[i], TXI_FNV1A_INIT ^ (icase[i] ? 1u : 0u));
        size_t k = h & (cap - 1);
        for (; slot[k] != UINT32_MAX; k = (k + 1) & (cap - 1)) {
            unsigned u = slot[k];
            if ((*dn)[u] == lens[i] && !(*dc)[u] == !icase[i] && memcmp((*dl)[u], lits[i], lens[i]) == 0)
                break;
        }
        if (slot[k] == UINT32_MAX) {
            slot[k] = nu;
            (*dl)[nu] = lits[i];
            (*dn)[nu] = lens[i];
            (*dc)[nu] = icase[i] ? 1 : 0;
            nu++;
        }
        of[i] = slot[k];
        cnt[slot[k]]++;
    }
    ls->u_at = malloc((nu + 1) * sizeof *ls->u_at);
    if (ls->u_at) {
        ls->u_at[0] = 0;
        for (unsigned u = 0; u < nu; u++)
            ls->u_at[u + 1] = ls->u_at[u] + cnt[u];
        memset(cnt, 0, nu * sizeof *cnt);
        for (unsigned i = 0; i < n; i++) /* (ascending within each) */
            ls->u_ids[ls->u_at[of[i]] + cnt[of[i]]++] = i;
        ls->nu = nu;
    }
    free(slot);
    free(of);
    free(cnt);
    return ls->u_at != NULL;
}

txr_litset *txr_litset_new(const char *const *all, const size_t *alllens, const unsigned char *allicase, unsigned na,
                           unsigned modes)
{
    txr_litset *ls = calloc(1, sizeof *ls);
    if (!ls)
        return NULL;
    ls->n = na;
    if (!na)
        return ls;
    const char **lits = NULL;
    size_t *lens = NULL;
    unsigned char *icase = NULL;
    if (!distinct_literals(ls, all, alllens, allicase, na, &lits, &lens, &icase)) {
        free(lits);
        free(lens);
        free(icase);
        txr_litset_free(ls);
        return NULL;
    }
    unsigned n = ls->nu;
    ls->key = litset_key(lits, lens, icase, n, &ls->keylen);
    if (!ls->key) {
        free(lits);
        free(lens);
        free(icase);
        txr_litset_free(ls);
        return NULL;
    }
    if (!(modes & TXR_LS_NOCACHE)) {
        if ((modes & TXR_LS_BLOCK) && (ls->block_db = cached_db(ls, TXR_LS_BLOCK)))
            ls->cached |= TXR_LS_BLOCK;
        if ((modes & TXR_LS_STREAM) && (ls->stream_db = cached_db(ls, TXR_LS_STREAM)))
            ls->cached |= TXR_LS_STREAM;
    }
    unsigned *flags = malloc(n * sizeof *flags), *ids = malloc(n * sizeof *ids);
    if (!flags || !ids) {
        free(flags);
        free(ids);
        free(lits);
        free(lens);
        free(icase);
        txr_litset_free(ls);
        return NULL;
    }
    for (unsigned i = 0; i < n; i++) {
        flags[i] = icase[i] ? HS_FLAG_CASELESS : 0;
        ids[i] = i;
    }
    int ok = 1;
    hs_compile_error_t *err = NULL;
    if ((modes & TXR_LS_BLOCK) && !ls->block_db) {
        ok = hs_compile_lit_multi(lits, flags, ids, lens, n, HS_MODE_BLOCK, NULL, &ls->block_db, &err) == HS_SUCCESS;
        if (err)
            hs_free_compile_error(err);
        err = NULL;
    }
    if (ok && (modes & TXR_LS_STREAM) && !ls->stream_db) {
        ok = hs_compile_lit_multi(lits, flags, ids, lens, n, HS_MODE_STREAM, NULL, &ls->stream_db, &err) == HS_SUCCESS;
        if (err)
            hs_free_compile_error(err);
    }
    free(flags);
    free(ids);
    free(lits);
    free(lens);
    free(icase);
    if (!ok) {
        txr_litset_free(ls);
        return NULL;
    }
    /* (no prototype: each scanner allocates its own, as before) */
    if ((ls->block_db && hs_alloc_scratch(ls->block_db, &ls->proto) != HS_SUCCESS) ||
        (ls->stream_db && hs_alloc_scratch(ls->stream_db, &ls->proto) != HS_SUCCESS)) {
        hs_free_scratch(ls->proto);
        ls->proto = NULL;
    }
    return ls;
}

unsigned txr_litset_cached(const txr_litset *ls) { return ls ? ls->cached : 0; }

const unsigned char *txr_litset_key(const txr_litset *ls, size_t *len)
{
    *len = ls->keylen;
    return ls->key;
}

int txr_litset_serialize(const txr_litset *ls, unsigned mode, char **bytes, size_t *len)
{
    const hs_database_t *db = mode == TXR_LS_BLOCK ? ls->block_db : mode == TXR_LS_STREAM ? ls->stream_db : NULL;
    return db && hs_serialize_database(db, bytes, len) == HS_SUCCESS;
}

unsigned txr_litset_ndistinct(const txr_litset *ls) { return ls->nu; }

const unsigned *txr_litset_indices(const txr_litset *ls, unsigned u, unsigned *n)
{
    *n = ls->u_at[u + 1] - ls->u_at[u];
    return ls->u_ids + ls->u_at[u];
}

void txr_litset_free(txr_litset *ls)
{
    if (!ls)
        return;
    hs_free_scratch(ls->proto);
    hs_free_database(ls->block_db);
    hs_free_database(ls->stream_db);
    free(ls->key);
    free(ls->u_at);
    free(ls->u_ids);
    free(ls);
}

txr_litscan *txr_litscan_new(const txr_litset *ls)
{
    txr_litscan *sc = calloc(1, sizeof *sc);
    if (!sc)
        return NULL;
    sc->ls = ls;
    if (!ls->n)
        return sc;
    /* (the prototype is only read here, so threads sharing the set may clone it at once) */
    if (ls->proto ? hs_clone_scratch(ls->proto, &sc->scratch) != HS_SUCCESS
                  : (ls->block_db && hs_alloc_scratch(ls->block_db, &sc->scratch) != HS_SUCCESS) ||
                        (ls->stream_db && hs_alloc_scratch(ls->stream_db, &sc->scratch) != HS_SUCCESS)) {
        txr_litscan_free(sc);
        return NULL;
    }
    if (ls->stream_db && hs_open_stream(ls->stream_db, 0, &sc->stream) != HS_SUCCESS) {
        txr_litscan_free(sc);
        return NULL;
    }
    return sc;
}

void txr_litscan_free(txr_litscan *sc)
{
    if (!sc)
        return;
    if (sc->stream)
        hs_close_stream(sc->stream, sc->scratch, NULL, NULL);
    hs_free_scratch(sc->scratch);
    free(sc->seen);
    free(sc);
}

typedef struct {
    txr_lit_cb cb;
    void *ud;
    uint64_t base;
    const txr_litset *ls;
    uint64_t *seen; /* (txr_litscan_block_once) */
} hs_ctx;

/* A distinct literal matched: every literal index that has it. */
static int on_hs_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *ctx)
{
    (void)from;
    (void)flags;
    hs_ctx *h = ctx;
    for (unsigned k = h->ls->u_at[id]; k < h->ls->u_at[id + 1]; k++)
        h->cb(h->ud, h->ls->u_ids[k], to - h->base);
    return 0;
}

/* hs_scan takes an unsigned length: scan huge buffers in slices (literals
 * are short; a match across a slice border is lost only for > 4 GiB). */
static void block_scan(txr_litscan *sc, const char *buf, size_t n, match_event_handler on, hs_ctx *h)
{
    while (n) {
        unsigned k = n > 0x7fffffffu ? 0x7fffffffu : (unsigned)n;
        hs_scan(sc->ls->block_db, buf, k, 0, sc->scratch, on, h);
        buf += k;
        n -= k;
    }
}

void txr_litscan_block(txr_litscan *sc, const char *buf, size_t n, txr_lit_cb cb, void *ud)
{
    if (!sc->ls->n || !n || !sc->ls->block_db)
        return;
    hs_ctx h = {cb, ud, 0, sc->ls, NULL};
    block_scan(sc, buf, n, on_hs_match, &h);
}

/* ... the first time it matched in this scan only */
static int on_hs_match_once(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *ctx)
{
    hs_ctx *h = ctx;
    uint64_t bit = 1ull << (id & 63);
    if (h->seen[id >> 6] & bit)
        return 0;
    h->seen[id >> 6] |= bit;
    return on_hs_match(id, from, to, flags, ctx);
}

void txr_litscan_block_once(txr_litscan *sc, const char *buf, size_t n, txr_lit_cb cb, void *ud)
{
    if (!sc->ls->n || !n || !sc->ls->block_db)
        return;
    size_t words = ((size_t)sc->ls->nu + 63) / 64;
    if (!sc->seen && !(sc->seen = malloc((words ? words : 1) * sizeof *sc->seen))) {
        txr_litscan_block(sc, buf, n, cb, ud); /* (out of memory: every match reported) */
        return;
    }
    memset(sc->seen, 0, words * sizeof *sc->seen);
    hs_ctx h = {cb, ud, 0, sc->ls, sc->seen};
    block_scan(sc, buf, n, on_hs_match_once, &h);
}

/* ... as the distinct literal it is */
static int on_hs_distinct(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *ctx)
{
    (void)from;
    (void)flags;
    hs_ctx *h = ctx;
    h->cb(h->ud, id, to - h->base);
    return 0;
}

void txr_litscan_block_distinct(txr_litscan *sc, const char *buf, size_t n, txr_lit_cb cb, void *ud)
{
    if (!sc->ls->n || !n || !sc->ls->block_db)
        return;
    hs_ctx h = {cb, ud, 0, sc->ls, NULL};
    block_scan(sc, buf, n, on_hs_distinct, &h);
}

void txr_litscan_restart(txr_litscan *sc)
{
    if (sc->stream)
        hs_reset_stream(sc->stream, 0, sc->scratch, NULL, NULL); /* (no callback: nothing is reported) */
    sc->pos = 0;
}

void txr_litscan_stream(txr_litscan *sc, const char *buf, size_t n, txr_lit_cb cb, void *ud)
{
    if (!sc->ls->n || !n || !sc->stream) {
        sc->pos += n;
        return;
    }
    hs_ctx h = {cb, ud, 0, sc->ls, NULL};
    while (n) {
        unsigned k = n > 0x7fffffffu ? 0x7fffffffu : (unsigned)n;
        hs_scan_stream(sc->stream, buf, k, 0, sc->scratch, on_hs_match, &h);
        buf += k;
        n -= k;
        sc->pos += k;
    }
}

#else /* built-in Aho-Corasick */

const char *txr_prefilter_engine(void) { return "aho-corasick"; }

/* The automaton.  States are numbered breadth-first, so a state's children
 * are consecutive: the children of s are 1 + edge_off[s] + j for its j-th
 * edge, whose (case-folded) byte is ebyte[edge_off[s] + j], ascending; a
 * missing edge follows the failure link.  The first TX_AC_DENSE_STATES
 * states (the root and the shallowest: where a scan of log text spends
 * nearly all its bytes) also have a full row of 256 transitions, failure
 * links resolved, indexed by the raw byte; every other state costs ~17
 * bytes, so memory grows with the literals' bytes, not 256 times them
 * (the dense table of every state it replaces refused the shipped rules'
 * field-test literals: 77,907 bytes over a 65,535-state uint16_t limit). */
static unsigned char ac_fold[256];
static pthread_once_t ac_fold_once = PTHREAD_ONCE_INIT;

static void ac_fold_init(void)
{
    for (unsigned c = 0; c < 256; c++)
        ac_fold[c] = (unsigned char)tolower((int)c);
}

/* One transition: from s on the raw byte c. */
static inline uint32_t ac_step(const txr_litset *ls, uint32_t s, unsigned char c)
{
    for (;;) {
        if (s < ls->ndense)
            return ls->dense[(size_t)s * 256 + c];
        unsigned char f = ac_fold[c];
        uint32_t a = ls->edge_off[s], b = ls->edge_off[s + 1];
        for (uint32_t j = a; j < b && ls->ebyte[j] <= f; j++)
            if (ls->ebyte[j] == f)
                return 1 + j;
        s = ls->fail[s];
    }
}

typedef struct {
    const char *p;
    size_t len;
    unsigned idx;
} ac_lit;

/* The folded common prefix of two literals. */
static size_t ac_lcp(const ac_lit *a, const ac_lit *b)
{
    size_t k = 0;
    while (k < a->len && k < b->len && ac_fold[(unsigned char)a->p[k]] == ac_fold[(unsigned char)b->p[k]])
        k++;
    return k;
}

/* By folded bytes, a prefix first, then by index. */
static int ac_lit_cmp(const void *x, const void *y)
{
    const ac_lit *a = x, *b = y;
    size_t k = ac_lcp(a, b);
    if (k < a->len && k < b->len)
        return ac_fold[(unsigned char)a->p[k]] < ac_fold[(unsigned char)b->p[k]] ? -1 : 1;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* The trie, breadth-first, with failure links, dense rows and outputs, from
 * the literals sorted by their folded bytes (the trie then comes out depth
 * first, each state's children in byte order: renumbered breadth first).
 * 0, or -1 when out of memory or over TX_MAX_AC_STATES. */
static int ac_build(txr_litset *ls, ac_lit *sl, unsigned n)
{
    size_t ns = 1, maxlen = 0;
    for (unsigned i = 0; i < n; i++) {
        ns += sl[i].len - (i ? ac_lcp(&sl[i - 1], &sl[i]) : 0);
        if (sl[i].len > maxlen)
            maxlen = sl[i].len;
    }
    if (ns > TX_MAX_AC_STATES)
        return -1;
    int rc = -1;
    /* the trie depth first: parent and byte of each state (root 0), the
     * literals ending at each (their sorted positions: ascending indices) */
    uint32_t *par = malloc(ns * sizeof *par), *path = malloc((maxlen + 1) * sizeof *path);
    unsigned char *by = malloc(ns);
    uint32_t *tend = malloc((n ? n : 1) * sizeof *tend);
    uint32_t *coff = calloc(ns + 1, sizeof *coff), *kids = malloc(ns * sizeof *kids);
    uint32_t *order = malloc(ns * sizeof *order), *newno = malloc(ns * sizeof *newno);
    uint32_t *tcount = calloc(ns + 1, sizeof *tcount);
    if (!par || !path || !by || !tend || !coff || !kids || !order || !newno || !tcount)
        goto out;
    uint32_t next = 1;
    path[0] = 0;
    for (unsigned i = 0; i < n; i++) {
        size_t k = i ? ac_lcp(&sl[i - 1], &sl[i]) : 0;
        for (; k < sl[i].len; k++) {
            par[next] = path[k];
            by[next] = ac_fold[(unsigned char)sl[i].p[k]];
            path[k + 1] = next++;
        }
        tend[i] = path[sl[i].len];
    }
    /* children of each (old) state, in creation order: ascending bytes */
    for (uint32_t s = 1; s < ns; s++)
        coff[par[s] + 1]++;
    for (uint32_t s = 0; s < ns; s++)
        coff[s + 1] += coff[s];
    memcpy(order, coff, ns * sizeof *order); /* (a cursor per state, for now) */
    for (uint32_t s = 1; s < ns; s++)
        kids[order[par[s]]++] = s;
    /* breadth first: order[new] = old */
    size_t qt = 1;
    order[0] = 0;
    for (size_t qh = 0; qh < qt; qh++)
        for (uint32_t j = coff[order[qh]]; j < coff[order[qh] + 1]; j++)
            order[qt++] = kids[j];
    for (uint32_t u = 0; u < ns; u++)
        newno[order[u]] = u;
    ls->nstates = (unsigned)ns;
    ls->ndense = ns < TX_AC_DENSE_STATES ? (unsigned)ns : TX_AC_DENSE_STATES;
    ls->edge_off = malloc((ns + 1) * sizeof *ls->edge_off);
    ls->ebyte = malloc(ns);
    ls->fail = calloc(ns, sizeof *ls->fail);
    ls->first = malloc(ns * sizeof *ls->first);
    ls->own_off = malloc((ns + 1) * sizeof *ls->own_off);
    ls->own = malloc((n ? n : 1) * sizeof *ls->own);
    ls->dense = malloc((size_t)ls->ndense * 256 * sizeof *ls->dense);
    if (!ls->edge_off || !ls->ebyte || !ls->fail || !ls->first || !ls->own_off || !ls->own || !ls->dense)
        goto out;
    uint32_t ne = 0;
    for (uint32_t u = 0; u < ns; u++) {
        ls->edge_off[u] = ne;
        for (uint32_t j = coff[order[u]]; j < coff[order[u] + 1]; j++)
            ls->ebyte[ne++] = by[kids[j]];
    }
    ls->edge_off[ns] = ne;
    /* each state's own literals, descending indices (the order they were
     * reported in when each state chained them as they were added) */
    for (unsigned i = 0; i < n; i++)
        tcount[newno[tend[i]] + 1]++;
    for (uint32_t u = 0; u < ns; u++)
        tcount[u + 1] += tcount[u];
    memcpy(ls->own_off, tcount, (ns + 1) * sizeof *ls->own_off);
    for (unsigned i = n; i-- > 0;)
        ls->own[tcount[newno[tend[i]]]++] = sl[i].idx;
    /* failure links, dense rows and the first state with outputs on each
     * state's failure chain, breadth first: every state a step from u
     * visits is numbered below u, so done */
    for (uint32_t u = 0; u < ns; u++) {
        if (u) /* (the root reports nothing) */
            ls->first[u] = ls->own_off[u] != ls->own_off[u + 1] ? u : ls->first[ls->fail[u]];
        else
            ls->first[0] = 0;
        uint32_t a = ls->edge_off[u], b = ls->edge_off[u + 1];
        if (u < ls->ndense) {
            uint32_t *row = ls->dense + (size_t)u * 256;
            for (unsigned c = 0; c < 256; c++) {
                unsigned char f = ac_fold[c];
                uint32_t t = u ? ls->dense[(size_t)ls->fail[u] * 256 + f] : 0;
                for (uint32_t j = a; j < b; j++)
                    if (ls->ebyte[j] == f)
                        t = 1 + j;
                row[c] = t;
            }
        }
        for (uint32_t j = a; j < b; j++)
            ls->fail[1 + j] = u ? ac_step(ls, ls->fail[u], ls->ebyte[j]) : 0;
    }
    rc = 0;
out:
    free(par);
    free(path);
    free(by);
    free(tend);
    free(coff);
    free(kids);
    free(order);
    free(newno);
    free(tcount);
    return rc;
}

txr_litset *txr_litset_new(const char *const *lits, const size_t *lens, const unsigned char *icase, unsigned n,
                           unsigned modes)
{
    (void)modes; /* one automaton serves both */
    pthread_once(&ac_fold_once, ac_fold_init);
    txr_litset *ls = calloc(1, sizeof *ls);
    if (!ls)
        return NULL;
    ls->n = n;
    size_t nexact = 0;
    for (unsigned i = 0; i < n; i++)
        if (!icase[i])
            nexact += lens[i];
    ls->exact = malloc(nexact ? nexact : 1);
    ls->exact_off = calloc(n ? n : 1, sizeof *ls->exact_off);
    ls->lens = malloc((n ? n : 1) * sizeof *ls->lens);
    ls->ident = malloc((n ? n : 1) * sizeof *ls->ident);
    ac_lit *sl = malloc((n ? n : 1) * sizeof *sl);
    if (!ls->exact || !ls->exact_off || !ls->lens || !ls->ident || !sl) {
        free(sl);
        txr_litset_free(ls);
        return NULL;
    }
    nexact = 0;
    for (unsigned i = 0; i < n; i++) {
        ls->ident[i] = i;
        ls->lens[i] = (uint32_t)lens[i];
        if (!icase[i]) {
            memcpy(ls->exact + nexact, lits[i], lens[i]);
            ls->exact_off[i] = (uint32_t)nexact + 1;
            nexact += lens[i];
        }
        sl[i] = (ac_lit){lits[i], lens[i], i};
    }
    qsort(sl, n, sizeof *sl, ac_lit_cmp);
    int rc = ac_build(ls, sl, n);
    free(sl);
    if (rc) {
        txr_litset_free(ls);
        return NULL;
    }
    return ls;
}

unsigned txr_litset_cached(const txr_litset *ls)
{
    (void)ls;
    return 0;
}

const unsigned char *txr_litset_key(const txr_litset *ls, size_t *len)
{
    (void)ls;
    *len = 0;
    return NULL;
}

int txr_litset_serialize(const txr_litset *ls, unsigned mode, char **bytes, size_t *len)
{
    (void)ls;
    (void)mode;
    *bytes = NULL;
    *len = 0;
    return 0;
}

void txr_litset_free(txr_litset *ls)
{
    if (!ls)
        return;
    free(ls->dense);
    free(ls->edge_off);
    free(ls->ebyte);
    free(ls->fail);
    free(ls->first);
    free(ls->own_off);
    free(ls->own);
    free(ls->exact);
    free(ls->exact_off);
    free(ls->lens);
    free(ls->ident);
    free(ls);
}

unsigned txr_litset_ndistinct(const txr_litset *ls) { return ls->n; }

const unsigned *txr_litset_indices(const txr_litset *ls, unsigned u, unsigned *n)
{
    *n = 1;
    return &ls->ident[u];
}

txr_litscan *txr_litscan_new(const txr_litset *ls)
{
    txr_litscan *sc = calloc(1, sizeof *sc);
    if (sc)
        sc->ls = ls;
    return sc;
}

void txr_litscan_free(txr_litscan *sc) { free(sc); }

/* The literals ending at state s, in report order (its failure chain,
 * longest first; of one state, the highest index first). */
static void ac_report(const txr_litset *ls, uint32_t s, const char *buf, size_t i, uint64_t base, txr_lit_cb cb,
                      void *ud)
{
    for (uint32_t f = ls->first[s]; f; f = ls->first[ls->fail[f]])
        for (uint32_t k = ls->own_off[f]; k < ls->own_off[f + 1]; k++) {
            uint32_t lit = ls->own[k], x = ls->exact_off[lit], len = ls->lens[lit];
            /* a case-exact literal: check its bytes when they are all in buf */
            if (x && i + 1 >= len && memcmp(buf + i + 1 - len, ls->exact + x - 1, len) != 0)
                continue;
            cb(ud, lit, base + i + 1);
        }
}

static unsigned ac_run(const txr_litset *ls, unsigned s, const char *buf, size_t n, uint64_t base, txr_lit_cb cb,
                       void *ud)
{
    /* (the dense rows' step here, in locals a callback cannot change) */
    const uint32_t nd = ls->ndense, *dense = ls->dense, *first = ls->first;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)buf[i];
        s = s < nd ? dense[(size_t)s * 256 + c] : ac_step(ls, s, c);
        if (first[s])
            ac_report(ls, s, buf, i, base, cb, ud);
    }
    return s;
}

void txr_litscan_block(txr_litscan *sc, const char *buf, size_t n, txr_lit_cb cb, void *ud)
{
    if (sc->ls->n)
        ac_run(sc->ls, 0, buf, n, 0, cb, ud);
}

void txr_litscan_block_once(txr_litscan *sc, const char *buf, size_t n, txr_lit_cb cb, void *ud)
{
    txr_litscan_block(sc, buf, n, cb, ud); /* (every match: the same marks) */
}

void txr_litscan_block_distinct(txr_litscan *sc, const char *buf, size_t n, txr_lit_cb cb, void *ud)
{
    txr_litscan_block(sc, buf, n, cb, ud); /* (a literal is its own distinct one) */
}

void txr_litscan_restart(txr_litscan *sc)
{
    sc->state = 0;
    sc->pos = 0;
}

void txr_litscan_stream(txr_litscan *sc, const char *buf, size_t n, txr_lit_cb cb, void *ud)
{
    if (sc->ls->n)
        sc->state = ac_run(sc->ls, sc->state, buf, n, sc->pos, cb, ud);
    sc->pos += n;
}

#endif

/* ---- line prefilter --------------------------------------------------------- */

struct txr_prefilter {
    const txr_linematch *lm;
    unsigned n;
    txr_litset *ls;
    unsigned *lit2m;  /* literal index -> matcher */
    unsigned *always; /* matchers without literals */
    unsigned nalways;
    unsigned *escaped; /* matchers with a literal that an escaped text spells otherwise */
    unsigned nescaped;
};

/* Would JSON or a web page spell this literal otherwise ('"' as \" or &quot;,
 * a tab as \t, '/' as \/, '&' '<' '>' as references, non-ASCII as \uXXXX)? */
static int escapable(const char *lit)
{
    for (const unsigned char *c = (const unsigned char *)lit; *c; c++)
        if (*c == '"' || *c == '\\' || *c == '/' || *c == '&' || *c == '<' || *c == '>' || *c == '\'' || *c < 0x20 ||
            *c >= 0x80)
            return 1;
    return 0;
}

typedef struct {
    uint64_t end;
    unsigned m;
} qent;

struct txr_pfscan {
    const txr_prefilter *pf;
    txr_litscan *sc;
    txr_litscan *text_sc;  /* txr_prefilter_text's own stream (made at its first use) */
    qent *q;
    size_t qh, qt;
    uint64_t overflow_end; /* lines ending at or before: every matcher is a candidate */
    int overflowed;
    uint32_t *stamp;       /* per matcher: line number it was last reported for */
    uint32_t line;
    int disabled;
};

txr_prefilter *txr_prefilter_new(const txr_linematch *lm, unsigned n, unsigned lsflags)
{
    txr_prefilter *pf = calloc(1, sizeof *pf);
    if (!pf)
        return NULL;
    pf->lm = lm;
    pf->n = n;
    unsigned nl = 0;
    for (unsigned i = 0; i < n; i++)
        nl += lm[i].nlits;
    const char **lits = calloc(nl ? nl : 1, sizeof *lits);
    size_t *lens = calloc(nl ? nl : 1, sizeof *lens);
    unsigned char *icase = calloc(nl ? nl : 1, 1);
    pf->lit2m = malloc((nl ? nl : 1) * sizeof *pf->lit2m);
    pf->always = malloc((n ? n : 1) * sizeof *pf->always);
    pf->escaped = malloc((n ? n : 1) * sizeof *pf->escaped);
    if (!lits || !lens || !icase || !pf->lit2m || !pf->always || !pf->escaped) {
        free(lits);
        free(lens);
        free(icase);
        txr_prefilter_free(pf);
        return NULL;
    }
    unsigned k = 0;
    for (unsigned i = 0; i < n; i++) {
        if (!lm[i].nlits)
            pf->always[pf->nalways++] = i;
        int esc = 0;
        for (unsigned j = 0; j < lm[i].nlits; j++)
            esc |= escapable(lm[i].lits[j]);
        if (esc)
            pf->escaped[pf->nescaped++] = i;
        for (unsigned j = 0; j < lm[i].nlits; j++) {
            lits[k] = lm[i].lits[j];
            lens[k] = strlen(lm[i].lits[j]);
            icase[k] = lm[i].icase;
            pf->lit2m[k] = i;
            k++;
        }
    }
    pf->ls = txr_litset_new(lits, lens, icase, nl, TXR_LS_STREAM | lsflags);
    free(lits);
    free(lens);
    free(icase);
    if (!pf->ls) {
        /* too many literals for the automaton: every matcher on every line */
        pf->nalways = 0;
        for (unsigned i = 0; i < n; i++)
            pf->always[pf->nalways++] = i;
    }
    return pf;
}

void txr_prefilter_free(txr_prefilter *pf)
{
    if (!pf)
        return;
    txr_litset_free(pf->ls);
    free(pf->lit2m);
    free(pf->always);
    free(pf->escaped);
    free(pf);
}

txr_pfscan *txr_pfscan_new(const txr_prefilter *pf)
{
    txr_pfscan *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->pf = pf;
    s->q = malloc(TX_PREFILTER_QUEUE * sizeof *s->q);
    s->stamp = calloc(pf->n ? pf->n : 1, sizeof *s->stamp);
    if (pf->ls)
        s->sc = txr_litscan_new(pf->ls);
    if (!s->q || !s->stamp || (pf->ls && !s->sc)) {
        txr_pfscan_free(s);
        return NULL;
    }
    return s;
}

void txr_pfscan_free(txr_pfscan *s)
{
    if (!s)
        return;
    txr_litscan_free(s->sc);
    txr_litscan_free(s->text_sc);
    free(s->q);
    free(s->stamp);
    free(s);
}

void txr_prefilter_disable(txr_pfscan *s, int off) { s->disabled = off; }

const txr_litset *txr_prefilter_litset(const txr_prefilter *pf) { return pf ? pf->ls : NULL; }

typedef struct {
    txr_pfscan *s;
    uint64_t chunk_end;
} feed_ctx;

static void on_lit(void *ud, unsigned lit, uint64_t end)
{
    feed_ctx *f = ud;
    txr_pfscan *s = f->s;
    if (s->qt == TX_PREFILTER_QUEUE) {
        if (s->qh) { /* compact */
            memmove(s->q, s->q + s->qh, (s->qt - s->qh) * sizeof *s->q);
            s->qt -= s->qh;
            s->qh = 0;
        }
        if (s->qt == TX_PREFILTER_QUEUE) {
            s->overflowed = 1;
            s->overflow_end = f->chunk_end;
            return;
        }
    }
    s->q[s->qt].end = end;
    s->q[s->qt].m = s->pf->lit2m[lit];
    s->qt++;
}

void txr_prefilter_feed(txr_pfscan *s, const char *buf, size_t len)
{
    if (s->disabled || !s->sc)
        return;
    feed_ctx f = {s, 0};
#ifdef TX_HAVE_HYPERSCAN
    f.chunk_end = s->sc->pos + len;
#else
    f.chunk_end = s->sc->pos + len;
#endif
    txr_litscan_stream(s->sc, buf, len, on_lit, &f);
}

static void report(txr_pfscan *s, unsigned m, txr_pf_cb cb, void *ud)
{
    if (s->stamp[m] == s->line)
        return;
    s->stamp[m] = s->line;
    cb(ud, m);
}

void txr_prefilter_line(txr_pfscan *s, uint64_t start, uint64_t end, int escaped, txr_pf_cb cb, void *ud)
{
    const txr_prefilter *pf = s->pf;
    if (++s->line == 0) { /* wrapped: forget the stamps */
        memset(s->stamp, 0, pf->n * sizeof *s->stamp);
        s->line = 1;
    }
    if (s->disabled || escaped == TXR_PF_REWRITTEN || (s->overflowed && end <= s->overflow_end)) {
        for (unsigned i = 0; i < pf->n; i++)
            report(s, i, cb, ud);
    } else {
        for (unsigned i = 0; i < pf->nalways; i++)
            report(s, pf->always[i], cb, ud);
        for (unsigned i = 0; escaped && i < pf->nescaped; i++)
            report(s, pf->escaped[i], cb, ud);
    }
    while (s->qh < s->qt && s->q[s->qh].end <= end) {
        if (s->q[s->qh].end > start)
            report(s, s->q[s->qh].m, cb, ud);
        s->qh++;
    }
    if (s->qh == s->qt)
        s->qh = s->qt = 0;
}

typedef struct {
    txr_pfscan *s;
    txr_pf_cb cb;
    void *ud;
} text_ctx;

static void on_text_lit(void *ud, unsigned lit, uint64_t end)
{
    (void)end;
    text_ctx *t = ud;
    report(t->s, t->s->pf->lit2m[lit], t->cb, t->ud);
}

void txr_prefilter_text(txr_pfscan *s, const char *text, size_t n, txr_pf_cb cb, void *ud)
{
    if (s->disabled || !s->pf->ls)
        return; /* (txr_prefilter_line gave every matcher) */
    if (!s->text_sc && !(s->text_sc = txr_litscan_new(s->pf->ls))) {
        for (unsigned i = 0; i < s->pf->n; i++) /* no scanner: every matcher */
            report(s, i, cb, ud);
        return;
    }
    txr_litscan_restart(s->text_sc);
    text_ctx t = {s, cb, ud};
    txr_litscan_stream(s->text_sc, text, n, on_text_lit, &t);
}

/* ---- block scans of texts met again (txr_scancache) -------------------------------- */

/* One text and what its scan reported. */
typedef struct {
    const txr_litset *ls;
    uint64_t hash;
    size_t n;
    char *text;
    unsigned nrep;
    unsigned *lit;
} sc_entry;

#define SC_SLOTS (TXR_SCANCACHE_ENTRIES * 4u) /* open addressing: entry index + 1, 0 empty */
#define SC_SEEN 1024u                         /* the hashes of texts met once (overwritten) */

struct txr_scancache {
    pthread_mutex_t mu;
    sc_entry e[TXR_SCANCACHE_ENTRIES];
    unsigned n;   /* entries filled (never evicted) */
    size_t bytes; /* their text */
    uint16_t slot[SC_SLOTS];
    uint64_t seen[SC_SEEN];
};
_Static_assert(TXR_SCANCACHE_ENTRIES < 65535u, "entry indices are uint16_t");

txr_scancache *txr_scancache_new(void)
{
    txr_scancache *c = calloc(1, sizeof *c);
    if (c && pthread_mutex_init(&c->mu, NULL) != 0) {
        free(c);
        return NULL;
    }
    return c;
}

void txr_scancache_free(txr_scancache *c)
{
    if (!c)
        return;
    for (unsigned i = 0; i < c->n; i++) {
        free(c->e[i].text);
        free(c->e[i].lit);
    }
    pthread_mutex_destroy(&c->mu);
    free(c);
}

typedef struct {
    unsigned n, cap;
    unsigned *lit;
    int full;
} sc_rec;

static void sc_record(void *ud, unsigned lit, uint64_t end)
{
    (void)end;
    sc_rec *r = ud;
    if (r->full)
        return;
    if (r->n == r->cap) {
        unsigned cap = r->cap ? r->cap * 2 : 16;
        unsigned *l = cap <= TXR_SCANCACHE_REPORTS ? realloc(r->lit, cap * sizeof *l) : NULL;
        if (!l) {
            r->full = 1;
            return;
        }
        r->lit = l;
        r->cap = cap;
    }
    r->lit[r->n++] = lit;
}

/* The entry of (ls, buf), or NULL; *at: its slot, or the empty one it would take. (locked) */
static const sc_entry *sc_find(const txr_scancache *c, const txr_litset *ls, const char *buf, size_t n, uint64_t h,
                               unsigned *at)
{
    for (unsigned k = (unsigned)(h % SC_SLOTS);; k = (k + 1) % SC_SLOTS) {
        unsigned i = c->slot[k];
        if (!i) {
            *at = k;
            return NULL;
        }
        const sc_entry *e = &c->e[i - 1];
        if (e->hash == h && e->n == n && e->ls == ls && !memcmp(e->text, buf, n))
            return e;
    }
}

const unsigned *txr_scancache_reports(txr_scancache *c, txr_litscan *sc, const char *buf, size_t n, unsigned *nrep)
{
    if (!c || n < TXR_SCANCACHE_MIN || n > TXR_SCANCACHE_TEXT)
        return NULL;
    uint64_t h = txi_text_hash(buf, n);
    unsigned at;
    pthread_mutex_lock(&c->mu);
    const sc_entry *hit = sc_find(c, sc->ls, buf, n, h, &at);
    if (!hit) {
        uint64_t *seen = &c->seen[(h >> 20) % SC_SEEN];
        int again = *seen == h; /* (a hash met before: the text most likely) */
        *seen = h;
        if (!again || c->n >= TXR_SCANCACHE_ENTRIES || c->bytes + n > TXR_SCANCACHE_BYTES) {
            pthread_mutex_unlock(&c->mu);
            return NULL; /* met once (or no room): scanned with the others */
        }
    }
    pthread_mutex_unlock(&c->mu);
    if (hit) { /* (an entry never changes once filled) */
        *nrep = hit->nrep;
        return hit->lit;
    }
    /* met again: scanned alone, its reports kept */
    sc_rec r = {0, 0, NULL, 0};
    txr_litscan_block_once(sc, buf, n, sc_record, &r);
    if (!r.full && !r.lit) /* (no report: an array all the same) */
        r.full = !(r.lit = malloc(sizeof *r.lit));
    char *t = r.full ? NULL : malloc(n);
    if (!t) { /* (too many reports to keep, or out of memory) */
        free(r.lit);
        return NULL;
    }
    memcpy(t, buf, n);
    const unsigned *out = NULL;
    pthread_mutex_lock(&c->mu);
    /* (another thread may have filled it meanwhile, or the room) */
    hit = sc_find(c, sc->ls, buf, n, h, &at);
    if (hit) {
        *nrep = hit->nrep;
        out = hit->lit;
    } else if (c->n < TXR_SCANCACHE_ENTRIES && c->bytes + n <= TXR_SCANCACHE_BYTES) {
        sc_entry *e = &c->e[c->n];
        e->ls = sc->ls;
        e->hash = h;
        e->n = n;
        e->text = t;
        e->nrep = r.n;
        e->lit = r.lit;
        c->bytes += n;
        c->slot[at] = (uint16_t)++c->n;
        *nrep = e->nrep;
        out = e->lit;
        t = NULL;
        r.lit = NULL;
    }
    pthread_mutex_unlock(&c->mu);
    free(t);
    free(r.lit);
    return out; /* (NULL: no room after all, the caller scans it) */
}
