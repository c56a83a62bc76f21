/*
 * eval.c - condition evaluation.
 *
 * event: T + tests    the first event of type T (in log order: connection
 *                     events, then log-wide ones) on which every test
 *                     matches; a test on a list field matches if any item
 *                     does.  Evidence: the line of each matched field (the
 *                     event's first line when there are no tests).  With
 *                     `after`, the event must come later in the log than an
 *                     event matching the inner condition.
 * line: regex         a line of this connection that the regex matched
 *                     while streaming (a "match" event filed by the
 *                     analysis); captures are taken again from its text.
 * all / any / not     conjunction (evidence of all kids), first matching
 *                     kid, absence (no evidence).
 *
 * Bindings only grow while a condition is tried; a branch that fails is
 * undone by restoring the counts it started from, so it leaves no
 * evidence behind (and no copy of the binding is ever made).
 */
#include "eval.h"

#include "../parser/limits.h"
#include "../parser/strparse.h"
#include "rxcache.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* the same name (most come from one table: the same pointer; a first byte
 * differs before a call) */
static inline int same_name(const char *a, const char *b) { return a == b || (a[0] == b[0] && strcmp(a, b) == 0); }

void txr_bind_var(txr_binding *b, const char *name, const char *val, size_t n)
{
    for (unsigned i = 0; i < b->nvars; i++)
        if (same_name(b->vars[i].name, name))
            return;
    if (b->nvars >= TX_MAX_RULE_VARS)
        return;
    txr_var *v = &b->vars[b->nvars++];
    v->name = name;
    v->val = val;
    v->n = n;
}

const txr_var *txr_binding_var(const txr_binding *b, const char *name)
{
    for (unsigned i = 0; i < b->nvars; i++)
        if (same_name(b->vars[i].name, name))
            return &b->vars[i];
    return NULL;
}

static void bind_line(txr_binding *b, const txi_line *l)
{
    if (!l)
        return;
    for (unsigned i = 0; i < b->nlines; i++)
        if (b->lines[i] == l || b->lines[i]->no == l->no)
            return;
    if (b->nlines < TX_MAX_BIND_LINES)
        b->lines[b->nlines++] = l;
}

static void bind_event(txr_binding *b, const txi_event *e)
{
    for (unsigned i = 0; i < b->nevents; i++)
        if (b->events[i] == e)
            return;
    if (b->nevents < TX_MAX_BIND_LINES)
        b->events[b->nevents++] = e;
}

/* ---- the run-wide regex budget ------------------------------------------------ */

int txr_budget_init(txr_budget *bg, unsigned nrules)
{
    memset(bg, 0, sizeof *bg);
    bg->m = txr_matcher_new();
    if (!bg->m)
        return -1;
    if (!nrules)
        return 0;
    /* (rule_stops and rule_slow_ns: at a rule's first stopped or slow search, which most runs never make) */
    bg->rule_off = calloc(nrules, 1);
    bg->rule_suspect = calloc(nrules, 1);
    if (!bg->rule_off || !bg->rule_suspect) {
        txr_budget_free(bg);
        return -1;
    }
    bg->nrules = nrules;
    return 0;
}

void txr_budget_free(txr_budget *bg)
{
    free(bg->rule_stops);
    free(bg->rule_slow_ns);
    free(bg->rule_off);
    free(bg->rule_suspect);
    txr_matcher_free(bg->m);
    memset(bg, 0, sizeof *bg);
}

static void switch_off(txr_budget *bg, unsigned ri, int why)
{
    bg->rule_off[ri] = (uint8_t)why;
    bg->noff[why]++;
}

int txr_budget_stop(txr_budget *bg, unsigned ri)
{
    bg->stops++;
    bg->spent += TX_PCRE2_MATCH_LIMIT;
    if (ri >= bg->nrules || bg->rule_off[ri])
        return ri < bg->nrules;
    if (!bg->rule_stops && !(bg->rule_stops = calloc(bg->nrules, sizeof *bg->rule_stops))) {
        switch_off(bg, ri, TXR_OFF_STOPS); /* (out of memory: as if past its count) */
        return 1;
    }
    bg->rule_stops[ri]++;
    if (bg->rule_stops[ri] < TX_REGEX_RULE_STOPS && bg->spent <= TX_REGEX_BUDGET_UNITS)
        return 0;
    switch_off(bg, ri, TXR_OFF_STOPS);
    return 1;
}

int txr_budget_time(txr_budget *bg, unsigned ri, uint64_t ns)
{
    if (ns < TX_REGEX_SLOW_US * 1000ull || ri >= bg->nrules)
        return 0;
    bg->slow_ns += ns;
    if (bg->rule_off[ri])
        return 1;
    if (!bg->rule_slow_ns && !(bg->rule_slow_ns = calloc(bg->nrules, sizeof *bg->rule_slow_ns))) {
        switch_off(bg, ri, TXR_OFF_TIME); /* (out of memory: as if past its time) */
        return 1;
    }
    bg->rule_slow_ns[ri] += ns;
    if (bg->rule_slow_ns[ri] < TX_REGEX_RULE_SLOW_MS * 1000000ull && bg->slow_ns < TX_REGEX_RUN_SLOW_MS * 1000000ull)
        return 0;
    switch_off(bg, ri, TXR_OFF_TIME);
    return 1;
}

static uint64_t clock_ns(clockid_t id)
{
    struct timespec ts;
    if (clock_gettime(id, &ts) != 0)
        return 0;
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Searches are timed on the coarse monotonic clock (CLOCK_MONOTONIC_COARSE:
 * a read of the kernel's last tick, a few nanoseconds against some 60 for
 * CLOCK_MONOTONIC on a virtual machine, where two reads were 3% of an
 * explain); a search is slow when a tick passed during it.  A rule's first
 * slow search only makes it a suspect (the thread may just have been
 * preempted, or a tick fell inside a short search), and a suspect's
 * searches are timed in this thread's CPU time (a system call, but no other
 * process can inflate it).  Only those count towards the backstop, and a
 * suspect whose next SUSPECT_FAST searches are fast is cleared (a preempted
 * search of a sane rule costs little).  The tick (4 ms at 250 Hz) makes a
 * search of d < tick a suspect with the chance d / tick: a rule whose
 * searches are slow becomes a suspect after a tick of them on average, not
 * at the first; a search of a tick or more always does. */
#ifdef CLOCK_MONOTONIC_COARSE
#define SEARCH_CLOCK CLOCK_MONOTONIC_COARSE
#else
#define SEARCH_CLOCK CLOCK_MONOTONIC
#endif
#define SUSPECT_FAST 8
/* A search of rule ri (not switched off) under the budget; *ns: the time it
 * was measured to take (UINT64_MAX: stopped by a PCRE2 limit). */
static inline int budget_search(txr_budget *bg, unsigned ri, const txr_pattern *re, const char *s, size_t n,
                                txr_capture *caps, unsigned maxcap, unsigned *ncap, uint64_t *ns)
{
    int suspect = ri < bg->nrules ? bg->rule_suspect[ri] : 0;
    clockid_t id = suspect ? CLOCK_THREAD_CPUTIME_ID : SEARCH_CLOCK;
    uint64_t t0 = clock_ns(id);
    int r = txr_pattern_match(bg->m, re, s, n, caps, maxcap, ncap);
    if (r == TXR_LIMIT) {
        txr_budget_stop(bg, ri);
        *ns = UINT64_MAX;
    } else {
        uint64_t t1 = clock_ns(id);
        *ns = t1 > t0 ? t1 - t0 : 0;
        int slow = *ns >= TX_REGEX_SLOW_US * 1000ull;
        if (suspect) {
            txr_budget_time(bg, ri, *ns);
            bg->rule_suspect[ri] = slow ? SUSPECT_FAST : (uint8_t)(suspect - 1);
        } else if (slow && ri < bg->nrules) {
            bg->rule_suspect[ri] = SUSPECT_FAST;
        }
    }
    return r;
}

int txr_budget_match(txr_budget *bg, unsigned ri, const txr_pattern *re, const char *s, size_t n, txr_capture *caps,
                     unsigned maxcap, unsigned *ncap)
{
    if (ncap)
        *ncap = 0;
    if (txr_budget_off(bg, ri)) {
        bg->skipped++;
        return TXR_NOMATCH;
    }
    uint64_t ns;
    return budget_search(bg, ri, re, s, n, caps, maxcap, ncap, &ns);
}

int txr_budget_match_kept(txr_budget *bg, unsigned ri, const txr_pattern *re, const char *s, size_t n,
                          txr_capture *caps, unsigned maxcap, unsigned *ncap)
{
    if (!bg->rxc || !txr_rxcache_fits(n) || maxcap > TXR_RXCACHE_CAPS || (caps && !ncap))
        return txr_budget_match(bg, ri, re, s, n, caps, maxcap, ncap);
    if (ncap)
        *ncap = 0;
    if (txr_budget_off(bg, ri)) { /* (skipped, as txr_budget_match) */
        bg->skipped++;
        return TXR_NOMATCH;
    }
    uint64_t h = txi_text_hash(s, n);
    int r = txr_rxcache_get(bg->rxc, re, s, n, h, caps, maxcap, ncap);
    if (r != TXR_RXMISS) {
        /* charged as a fast search: a suspect's count of fast searches goes
         * on (budget_search with a fast time: txr_budget_time does nothing) */
        if (ri < bg->nrules && bg->rule_suspect[ri])
            bg->rule_suspect[ri]--;
        return r;
    }
    uint64_t ns;
    txr_capture all[TXR_RXCACHE_CAPS]; /* (kept as a search given every place would give them) */
    unsigned nall = 0;
    r = budget_search(bg, ri, re, s, n, all, TXR_RXCACHE_CAPS, &nall, &ns);
    if (r == TXR_LIMIT)
        return r;
    if (ns < TXR_RXCACHE_FAST_US * 1000ull)
        txr_rxcache_put(bg->rxc, re, s, n, h, r, all, nall);
    for (unsigned i = 0; caps && r == TXR_MATCH && i < nall && i < maxcap; i++)
        caps[(*ncap)++] = all[i];
    return r;
}

/* Run re on s; on a match bind its named captures.  Charged to the rule
 * being evaluated; a switched-off rule runs no search.  kept: s is a text
 * likely met again (txr_budget_match_kept). */
static int match_value(const txr_pattern *re, const char *s, size_t n, txr_ctx *ctx, txr_binding *b, int kept)
{
    txr_capture caps[16];
    unsigned nc = 0;
    int r = kept ? txr_budget_match_kept(ctx->budget, ctx->rule, re, s, n, caps, 16, &nc)
                 : txr_budget_match(ctx->budget, ctx->rule, re, s, n, caps, 16, &nc);
    if (r != TXR_MATCH)
        return 0;
    for (unsigned i = 0; i < nc; i++)
        txr_bind_var(b, caps[i].name, caps[i].s, caps[i].n);
    return 1;
}

/* Does s hold lit (ln >= 1 bytes) ignoring ASCII case (txi_strncaseeq)?  The
 * places where its first two bytes stand, in either case, are found sixteen
 * at a time, then compared. */
static int has_caseless(const char *s, size_t n, const char *lit, size_t ln)
{
    if (n < ln)
        return 0;
    size_t last = n - ln, i = 0; /* (the last place it may start) */
    unsigned char a = txi_lower[(unsigned char)lit[0]], b = ln > 1 ? txi_lower[(unsigned char)lit[1]] : 0;
#ifdef __SSE2__
    if (ln > 1) {
        /* (txi_lower folds A-Z only: the other case of a folded byte) */
        unsigned char ua = a >= 'a' && a <= 'z' ? (unsigned char)(a - 32) : a;
        unsigned char ub = b >= 'a' && b <= 'z' ? (unsigned char)(b - 32) : b;
        const __m128i la = _mm_set1_epi8((char)a), ca = _mm_set1_epi8((char)ua), lb = _mm_set1_epi8((char)b),
                      cb = _mm_set1_epi8((char)ub);
        for (; i + 15 <= last; i += 16) { /* (places i .. i + 15 start it; s[i + 16] is its second byte's) */
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            __m128i y = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 1));
            __m128i hx = _mm_or_si128(_mm_cmpeq_epi8(x, la), _mm_cmpeq_epi8(x, ca));
            __m128i hy = _mm_or_si128(_mm_cmpeq_epi8(y, lb), _mm_cmpeq_epi8(y, cb));
            for (unsigned m = (unsigned)_mm_movemask_epi8(_mm_and_si128(hx, hy)); m; m &= m - 1)
                if (txi_strncaseeq(s + i + (unsigned)__builtin_ctz(m), lit, ln))
                    return 1;
        }
    }
#endif
    for (; i <= last; i++)
        if (txi_lower[(unsigned char)s[i]] == a && (ln < 2 || txi_lower[(unsigned char)s[i + 1]] == b) &&
            txi_strncaseeq(s + i, lit, ln))
            return 1;
    return 0;
}

/* may_match: a test ignoring case with at most this many of its literals
 * present looks for each on its own (has_caseless), not for all at once */
#define CASELESS_EACH 4

/* One pass over s ignoring case: at a position, only the literals whose
 * first byte is the same there (folded) are compared, and only those whose
 * bit (k % 32) is in have.  (When every literal has two bytes, only where the
 * next byte is the second byte of one of them; the sets are the test's,
 * worked out by tx_compiler_finish.) */
static int caseless_pass(const txr_test *t, const char *s, size_t n, uint32_t have)
{
    const uint64_t *first = t->lfirst, *second = t->lsecond;
    size_t shortest = t->lshortest;
    for (size_t i = 0; i + shortest <= n; i++) {
        unsigned c = (unsigned)txi_lower[(unsigned char)s[i]];
        if (!((first[c >> 6] >> (c & 63)) & 1))
            continue;
        if (shortest >= 2) { /* (i + 1 < n: i + shortest <= n) */
            unsigned d = (unsigned)txi_lower[(unsigned char)s[i + 1]];
            if (!((second[d >> 6] >> (d & 63)) & 1))
                continue;
        }
        for (unsigned k = 0; k < t->nlits; k++) {
            size_t ln = t->litlen[k];
            if (((have >> (k % 32u)) & 1) && i + ln <= n && (unsigned)txi_lower[(unsigned char)t->lits[k][0]] == c &&
                txi_strncaseeq(s + i, t->lits[k], ln))
                return 1;
        }
    }
    return 0;
}

/* may_match of a test of more than 32 literals (ruleset.c test_literals:
 * a pattern of many alternatives): literal k is looked for when bit k % 32
 * of have is set (one of the literals of that bit occurs in the text). */
static int may_match_wide(const txr_test *t, const char *s, size_t n, uint32_t have)
{
    if (t->lempty && t->icase)
        return 1;
    if (!t->icase) {
        for (unsigned k = 0; k < t->nlits; k++)
            if (((have >> (k % 32u)) & 1) && n >= t->litlen[k] && txi_memmem(s, n, t->lits[k], t->litlen[k]))
                return 1;
        return 0;
    }
    return caseless_pass(t, s, n, have);
}

/* Can s contain one of the test's required literals?  (None known: always.)
 * Only those in have (bit k: lits[k]) are looked for: the per-connection
 * literal scan found no other in the text of the events, s among it
 * (ctx->present), so no other can be in s.  (An empty literal, which no
 * scan reports, is always looked for.) */
static int may_match(const txr_test *t, const char *s, size_t n, uint32_t have)
{
    if (!t->nlits)
        return 1;
    if (t->lempty)
        have = UINT32_MAX;
    if (t->nlits > 32) /* (more: bit k % 32 stands for lits[k]) */
        return may_match_wide(t, s, n, have);
    if (!t->icase) {
        for (uint32_t m = have & (UINT32_MAX >> (32 - t->nlits)); m; m &= m - 1) {
            unsigned k = (unsigned)__builtin_ctz(m);
            if (n >= t->litlen[k] && txi_memmem(s, n, t->lits[k], t->litlen[k]))
                return 1;
        }
        return 0;
    }
    if (t->lempty)
        return 1;
    /* ignoring case, a few literals present (most often one): each looked
     * for on its own */
    uint32_t want = have & (UINT32_MAX >> (32 - t->nlits));
    unsigned nwant = 0;
    for (uint32_t w = want; w && nwant <= CASELESS_EACH; w &= w - 1)
        nwant++;
    if (nwant <= CASELESS_EACH) {
        for (; want; want &= want - 1) {
            unsigned k = (unsigned)__builtin_ctz(want);
            if (has_caseless(s, n, t->lits[k], t->litlen[k]))
                return 1;
        }
        return 0;
    }
    /* more: one pass over s */
    return caseless_pass(t, s, n, have);
}

/* Could any event of the context pass every test of c?  Uses the
 * per-connection literal scan: a test whose literals occur nowhere fails. */
static int tests_possible(const txr_cond *c, const txr_ctx *ctx)
{
    if (!ctx->present)
        return 1;
    for (unsigned i = 0; i < c->ntests; i++)
        if (c->tests[i].nlits && !ctx->present[c->tests[i].tid])
            return 0;
    return 1;
}

/* A numeric test: is s (n bytes) a decimal integer in [lo, hi]? */
static int in_range(const txr_test *t, const char *s, size_t n)
{
    size_t i = n && s[0] == '-';
    if (i == n || n - i > 18)
        return 0;
    long long v = 0;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    if (s[0] == '-')
        v = -v;
    return v >= t->lo && v <= t->hi;
}

/* One test against one event: returns the matched field's line via *src. */
static int test_event(const txr_test *t, const txi_event *e, txr_ctx *ctx, txr_binding *b, const txi_line **src)
{
    uint32_t have = ctx->present ? ctx->present[t->tid] : UINT32_MAX;
    if (t->field == TXR_FIELD_LINE) {
        if (!e->src || !may_match(t, e->src->text, e->src->len, have))
            return 0;
        *src = e->src;
        return match_value(t->re, e->src->text, e->src->len, ctx, b, 0);
    }
    for (unsigned i = 0; i < e->nfields; i++) {
        const txi_field *f = &e->fields[i];
        if (t->field == TXR_FIELD_ANY ? !txr_any_field(f->id) : f->id != t->field)
            continue;
        if (t->numeric ? !in_range(t, f->val, f->len) : !may_match(t, f->val, f->len, have))
            continue;
        /* (an event without a source line: a lent listing, a copied fact) */
        if (t->numeric || match_value(t->re, f->val, f->len, ctx, b, !e->src)) {
            *src = f->src ? f->src : e->src;
            return 1;
        }
    }
    return 0;
}

/* Bindings only grow; a failed attempt is undone by restoring the counts. */
typedef struct {
    unsigned nlines, nevents, nvars;
} mark;

static mark mark_of(const txr_binding *b)
{
    mark m = {b->nlines, b->nevents, b->nvars};
    return m;
}

static int rollback(txr_binding *b, mark m)
{
    b->nlines = m.nlines;
    b->nevents = m.nevents;
    b->nvars = m.nvars;
    return 0;
}

static int event_matches(const txr_cond *c, const txi_event *e, txr_ctx *ctx, txr_binding *b)
{
    if (c->evtype >= 0 && e->type != c->evtype)
        return 0;
    mark m = mark_of(b);
    for (unsigned i = 0; i < c->ntests; i++) {
        const txi_line *src = NULL;
        if (!test_event(&c->tests[i], e, ctx, b, &src))
            return rollback(b, m);
        bind_line(b, src);
    }
    if (!c->ntests)
        bind_line(b, e->src);
    bind_event(b, e);
    /* the matched event's fields are variables too (captures win) */
    for (unsigned i = 0; i < e->nfields; i++)
        if (txi_field_kind(e->fields[i].id) != TXK_L)
            txr_bind_var(b, txi_field_name(e->fields[i].id), e->fields[i].val, e->fields[i].len);
    return 1;
}

static uint64_t event_pos(const txi_event *e) { return e->src ? e->src->no : 0; }

/* Is there an event matching `after` strictly before position pos? */
static int has_before(const txr_cond *after, uint64_t pos, uint32_t seq, txr_ctx *ctx, txr_binding *b)
{
    for (int l = 0; l < 3; l++) {
        for (const txi_event *e = ctx->lists[l]; e; e = e->next) {
            uint64_t p = event_pos(e);
            if (p > pos || (p == pos && e->seq >= seq))
                continue;
            if (after->kind == TXR_C_EVENT && event_matches(after, e, ctx, b))
                return 1;
        }
    }
    return 0;
}

/* ctx->absent: the event types each list lacks (a condition on one of them
 * skips the list; the walk tests the type before anything else) */
_Static_assert(TXE__COUNT <= 32, "an event type is a bit of ctx->absent");

static void type_lists(txr_ctx *ctx)
{
    for (int l = 0; l < 3; l++) {
        uint32_t seen = 0;
        for (const txi_event *e = ctx->lists[l]; e; e = e->next)
            seen |= (uint32_t)1 << ((unsigned)e->type & 31u);
        ctx->absent[l] = ~seen;
    }
    ctx->typed = 1;
}

/* The first event of the connection's list an event condition need look
 * at (txr_firsts): where its first test's literals first occur; NULL when
 * none does (an empty literal is looked for always: the list's first). */
static const txi_event *walk_from(const txr_cond *c, const txr_ctx *ctx)
{
    const txr_firsts *f = ctx->first;
    if (!f || !c->ntests || !c->tests[0].nlits || c->tests[0].lempty)
        return ctx->lists[0];
    unsigned t = c->tests[0].tid;
    return f->gen[t] == f->cur ? f->ev[f->ord[t]] : NULL;
}

static int eval_event(const txr_cond *c, txr_ctx *ctx, txr_binding *b)
{
    if (!tests_possible(c, ctx))
        return 0;
    if (!ctx->typed)
        type_lists(ctx);
    for (int l = 0; l < 3; l++) {
        if (c->evtype >= 0 && ((ctx->absent[l] >> ((unsigned)c->evtype & 31u)) & 1))
            continue;
        for (const txi_event *e = l ? ctx->lists[l] : walk_from(c, ctx); e; e = e->next) {
            if (c->evtype >= 0 && e->type != c->evtype)
                continue; /* (event_matches' first test, without the call) */
            mark m = mark_of(b);
            if (!event_matches(c, e, ctx, b))
                continue;
            if (c->after && !has_before(c->after, event_pos(e), e->seq, ctx, b)) {
                rollback(b, m);
                continue;
            }
            return 1;
        }
    }
    return 0;
}

static int eval_line(const txr_cond *c, txr_ctx *ctx, txr_binding *b)
{
    if (ctx->lines && !ctx->lines[c->line_id])
        return 0; /* no match event of this pattern to look for */
    char id[16];
    int n = -1; /* the line pattern's id in decimal (as file_match wrote it), once a match event comes */
    for (int l = 0; l < 3; l++) {
        for (const txi_event *e = ctx->lists[l]; e; e = e->next) {
            if (e->type != TXE_MATCH || !e->src)
                continue;
            if (n < 0)
                n = snprintf(id, sizeof id, "%u", c->line_id);
            const char *r = txi_ev_str(e, TXF_RULE);
            if (!r || r[0] != id[0] || strncmp(r, id, (size_t)n + 1) != 0) /* (most differ at once) */
                continue;
            mark m = mark_of(b);
            /* a match in a line's body (without its frame) is read there; the
               line as read too, should the body's copy have been cut */
            const char *subj = txi_ev_str(e, TXF_TEXT);
            if (!(subj && match_value(c->line, subj, strlen(subj), ctx, b, 0))) {
                rollback(b, m);
                if (!match_value(c->line, e->src->text, e->src->len, ctx, b, 0)) {
                    rollback(b, m);
                    continue;
                }
            }
            bind_line(b, e->src);
            bind_event(b, e);
            return 1;
        }
    }
    return 0;
}

int txr_possible(const txr_cond *c, txr_ctx *ctx)
{
    switch (c->kind) {
    case TXR_C_EVENT:
        if (!tests_possible(c, ctx))
            return 0;
        if (c->evtype < 0)
            return 1;
        if (!ctx->typed)
            type_lists(ctx);
        for (int l = 0; l < 3; l++)
            if (!((ctx->absent[l] >> ((unsigned)c->evtype & 31u)) & 1))
                return 1;
        return 0;
    case TXR_C_LINE:
        return !ctx->lines || ctx->lines[c->line_id];
    case TXR_C_ALL:
        for (unsigned i = 0; i < c->nkids; i++)
            if (!txr_possible(c->kids[i], ctx))
                return 0;
        return 1;
    case TXR_C_ANY:
        for (unsigned i = 0; i < c->nkids; i++)
            if (txr_possible(c->kids[i], ctx))
                return 1;
        return 0;
    case TXR_C_NOT:
        return 1;
    }
    return 1;
}

int txr_eval(const txr_cond *c, txr_ctx *ctx, txr_binding *b)
{
    switch (c->kind) {
    case TXR_C_EVENT:
        return eval_event(c, ctx, b);
    case TXR_C_LINE:
        return eval_line(c, ctx, b);
    case TXR_C_ALL: {
        mark m = mark_of(b);
        for (unsigned i = 0; i < c->nkids; i++)
            if (!txr_eval(c->kids[i], ctx, b))
                return rollback(b, m);
        return 1;
    }
    case TXR_C_ANY:
        for (unsigned i = 0; i < c->nkids; i++)
            if (txr_eval(c->kids[i], ctx, b))
                return 1;
        return 0;
    case TXR_C_NOT: {
        mark m = mark_of(b);
        int held = c->nkids == 1 && txr_eval(c->kids[0], ctx, b);
        rollback(b, m);
        return c->nkids == 1 && !held;
    }
    }
    return 0;
}
