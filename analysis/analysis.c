/*
 * analysis.c - one log through the parser and the rules.
 *
 * Streaming: bytes go to the parser; each line is offered to the
 * prefilter, and the line patterns it selects run their regex; a match is
 * filed as a "match" event in the line's connection.  When the parser
 * closes a connection, its facts are computed, every rule is evaluated on
 * it, and what fired is merged into the findings (one per rule, with the
 * evidence and variables of its first firing and a count of connections).
 * The first TX_MAX_KEPT_CONNS connections are kept whole for the
 * timeline and compare; the others are released at once.  Memory does
 * not depend on the length of the log.
 *
 * Ranking: score = rule confidence + the `adjust` entries whose condition
 * held, clamped to 0..100.  A finding whose rule is named in the
 * `supersedes` list of another fired rule is explained away by it.
 * Order: causes before risks before notes, then score (high first), then
 * rule id - deterministic.
 */
#include "analysis.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../parser/dialect.h"
#include "../rules/eval.h"
#include "../rules/facts.h"
#include "../rules/jdkfacts.h"
#include "../rules/prefilter.h"
#include "context.h"
#include "redact.h"

/* ---- sink: events, line patterns, closed connections ---------------- */

static void on_event(void *ud, const txi_event *e, const txi_conn *c)
{
    tx_analysis *a = ud;
    (void)c;
    if ((e->type == TXE_TARGET || e->type == TXE_CONNECTION) && txi_ev_str(e, TXF_HOST)) {
        const char *h = txi_ev_str(e, TXF_HOST), *pt = txi_ev_str(e, TXF_PORT);
        txa_seen_target(a, h, strlen(h), pt ? pt : "", pt ? strlen(pt) : 0, e->src ? e->src->no : 0);
    }
    if (e->cut)
        a->cut_events++;
    if (a->ev_cb)
        a->ev_cb((const tx_event *)(const void *)e, a->ev_ud);
}

/* The end of the events: the callback hears it once, with NULL. */
static void end_events(tx_analysis *a)
{
    if (a->ev_cb && !a->ev_ended) {
        a->ev_ended = 1;
        a->ev_cb(NULL, a->ev_ud);
    }
}

typedef struct {
    tx_analysis *a;
    const char *text;
    size_t len;
    const char *body; /* the line without its frame, or a JSON record's lines (NULL: none) */
    size_t bodyn;
    int tail;         /* body is the end of the line as read (a frame's prefix cut, nothing else) */
    uint64_t no;
    txi_conn *c;
    int long_subject; /* a pattern saw only the first TX_MAX_MATCH_SUBJECT bytes */
} line_job;

/* subj: the text the pattern matched when it is not the line itself (a
 * line of its body), kept as the event's "text" for the rule's captures */
static void file_match(tx_analysis *a, txi_conn *c, unsigned id, uint64_t no, const char *text, size_t len,
                       const char *subj, size_t subjn)
{
    txi_arena *ar = c ? &c->arena : &a->orphan_arena;
    if (!c && a->norphans >= TX_MAX_GLOBAL_EVENTS) {
        a->matches_dropped++;
        return;
    }
    txi_line *l = txi_line_copy(ar, no, text, len);
    if (!l) {
        a->matches_dropped++;
        return;
    }
    txi_event *e;
    if (c) {
        e = txi_conn_add(c, TXE_MATCH, l);
    } else {
        e = txi_event_new(ar, TXE_MATCH, l);
        if (e) {
            if (a->orphans_last)
                a->orphans_last->next = e;
            else
                a->orphans = e;
            a->orphans_last = e;
            a->norphans++;
        }
    }
    if (e) {
        txi_event_addf(ar, e, TXF_RULE, l, "%u", id);
        if (subj)
            txi_event_add(ar, e, TXF_TEXT, subj, subjn, l);
    } else {
        a->matches_dropped++;
    }
}

/* The line of a body (its lines '\n' apart) that starts at *cur, in *line;
 * returns its length and moves *cur past it (NULL after the last). */
static size_t body_line(const char **cur, const char *end, const char **line)
{
    const char *b = *cur, *nl = memchr(b, '\n', (size_t)(end - b));
    *line = b;
    *cur = nl ? nl + 1 : NULL;
    return (size_t)((nl ? nl : end) - b);
}

static void on_candidate(void *ud, unsigned id)
{
    line_job *j = ud;
    const txr_linematch *m = &j->a->rs->lm[id];
    if (txr_budget_off(&j->a->budget, m->rule)) {
        j->a->budget.skipped++;
        return;
    }
    /* matchers of one pattern text (rules that repeat a line pattern): one
     * search of the line serves them all, unless a limit stopped it */
    tx_analysis *a = j->a;
    int memo = a->lm_seen && !a->prefilter_off; /* (--no-prefilter: the reference, every search run) */
    unsigned rep = memo ? a->rs->lm_rep[id] : id;
    /* each line of the body when the line has one (the text as printed),
       then the line as read (a pattern may want a frame's tag): at is 1 +
       the offset in the body of the line that matched (0: the line as read).
       A body that is only the line's tail can match where the line does not
       only for a pattern that looks at where its text starts: for the others
       the line alone is searched. */
    int r = TXR_NOMATCH;
    size_t at = 0;
    if (memo && a->lm_seen[rep] == a->line_seq) {
        r = a->lm_res[rep];
        at = a->lm_at[rep];
    } else {
        const char *body = j->tail && !m->starts ? NULL : j->body;
        for (const char *cur = body, *end = body ? body + j->bodyn : NULL; cur && r == TXR_NOMATCH;) {
            const char *ln;
            size_t n = body_line(&cur, end, &ln);
            r = txr_budget_match(&a->budget, m->rule, m->re, ln, n, NULL, 0, NULL);
            if (r == TXR_MATCH)
                at = (size_t)(ln - body) + 1;
        }
        if (r == TXR_NOMATCH)
            r = txr_budget_match(&a->budget, m->rule, m->re, j->text, j->len, NULL, 0, NULL);
        if (memo && r != TXR_LIMIT) {
            a->lm_seen[rep] = a->line_seq;
            a->lm_res[rep] = (int8_t)r;
            a->lm_at[rep] = at;
        }
    }
    if (j->len > TX_MAX_MATCH_SUBJECT)
        j->long_subject = 1;
    if (r != TXR_MATCH)
        return;
    const char *subj = NULL;
    size_t subjn = 0;
    if (at) { /* the body line that matched */
        const char *cur = j->body + at - 1;
        subjn = body_line(&cur, j->body + j->bodyn, &subj);
    }
    file_match(j->a, j->c, id, j->no, j->text, j->len, subj, subjn);
}

static void on_line(void *ud, uint64_t no, const char *text, size_t len, const char *body, size_t bodyn, txi_conn *c,
                    uint64_t start, uint64_t end)
{
    tx_analysis *a = ud;
    if (a->tool_sniff)
        return; /* (what the sniffers learn serves the rules and the report) */
    /* the sniffers read the text as printed: a frame's body, a record's lines */
    if (body) {
        for (const char *cur = body; cur;) {
            const char *ln;
            size_t n = body_line(&cur, body + bodyn, &ln);
            txa_sniff_line(a, no, ln, n);
            txa_conn_line(a, no, ln, n);
        }
    } else {
        txa_sniff_line(a, no, text, len);
        txa_conn_line(a, no, text, len);
    }
    if (!a->rs || !a->rs->nlm)
        return;
    a->line_seq++;
    line_job j = {a, text, len, body, bodyn, body && body >= text && body + bodyn == text + len, no, c, 0};
    /* (a body with escapes undone, or with widened blanks narrowed, may hold a literal
       the line spells otherwise) */
    int escaped = body && (memchr(text, '\\', len) || memchr(text, '&', len) || memchr(text, 0xe2, len));
    if (body && !j.tail && txi_memmem(text, len, "  ", 2)) {
        /* (a body whose widened blanks were narrowed: no two blanks after its indentation) */
        size_t ind = 0;
        while (ind < bodyn && (body[ind] == ' ' || body[ind] == '\t'))
            ind++;
        if (!txi_memmem(body + ind, bodyn - ind, "  ", 2))
            escaped = TXR_PF_REWRITTEN;
    }
    txr_prefilter_line(a->pf, start, end, escaped, on_candidate, &j);
    /* (a line joined from a paste's broken pieces: a literal may span a break
       the input's bytes still hold) */
    if (txi_parser_joined(a->p) && escaped != TXR_PF_REWRITTEN) {
        txr_prefilter_text(a->pf, text, len, on_candidate, &j);
        if (body && !j.tail)
            txr_prefilter_text(a->pf, body, bodyn, on_candidate, &j);
    }
    if (j.long_subject)
        a->long_subjects++;
}

/* ---- findings ------------------------------------------------------------------- */

/* The findings' rules until finish moves them: a rule's finding at once
 * instead of a walk of all of them (with ten times the rules, ten times the
 * findings, looked for at every firing).  Out of memory: the walk. */
static void findings_moved(tx_analysis *a)
{
    free(a->find_of);
    a->find_of = NULL;
    a->find_moved = 1;
}

static int finding_index(const tx_analysis *a, unsigned ri)
{
    if (a->find_of && ri < a->rs->n)
        return (int)a->find_of[ri] - 1;
    for (unsigned i = 0; i < a->nfind; i++)
        if (a->findings[i].rule_index == ri)
            return (int)i;
    return -1;
}

static txa_finding *finding_for(tx_analysis *a, unsigned ri, int *isnew)
{
    int at = finding_index(a, ri);
    if (at >= 0) {
        *isnew = 0;
        return &a->findings[at];
    }
    if (a->nfind >= TX_MAX_FINDINGS) {
        a->findings_dropped++;
        return NULL;
    }
    if (a->nfind == a->findcap) {
        /* grown as findings come (most logs have a few): a calloc of all
         * TX_MAX_FINDINGS per input cost more than reading a small log */
        unsigned cap = a->findcap * 2 > TX_MAX_FINDINGS ? TX_MAX_FINDINGS : a->findcap * 2;
        txa_finding *g = realloc(a->findings, cap * sizeof *g);
        if (!g) {
            a->findings_dropped++;
            return NULL;
        }
        a->findings = g;
        a->findcap = cap;
    }
    if (!a->find_of && !a->find_moved && a->nfind == 16 && (a->find_of = calloc(a->rs->n, sizeof *a->find_of)))
        for (unsigned i = 0; i < a->nfind; i++) /* (a walk of a few is as quick: most logs have under 16) */
            if (a->findings[i].rule_index < a->rs->n)
                a->find_of[a->findings[i].rule_index] = i + 1;
    if (a->find_of && ri < a->rs->n)
        a->find_of[ri] = a->nfind + 1;
    *isnew = 1;
    txa_finding *f = &a->findings[a->nfind++];
    memset(f, 0, sizeof *f);
    f->rule_index = ri;
    f->rule = a->rs->rules[ri];
    f->superseded_by = -1;
    f->ev_as = -1;
    return f;
}

static int cmp_line(const void *x, const void *y)
{
    const txi_line *a = *(const txi_line *const *)x, *b = *(const txi_line *const *)y;
    return a->no < b->no ? -1 : a->no > b->no;
}

static void record(tx_analysis *a, unsigned ri, int score, const char *cat, txr_binding *b, const txi_conn *c)
{
    int isnew;
    txa_finding *f = finding_for(a, ri, &isnew);
    if (!f)
        return;
    /* fragments of one failure are one connection of the summary (conns.c) */
    if (!c || !c->id || f->last_logical != a->logical_seq) {
        f->conns++;
        f->last_logical = a->logical_seq;
    }
    if (f->rule->kind == TXR_KIND_CAUSE && !f->rule->fallback)
        a->cause_fired = 1;
    if (f->rule->kind == TXR_KIND_CAUSE && c && c->id)
        txa_conn_cause(a, cat, score);
    if (a->cur_tls)
        f->in_tls_conn = 1;
    if (!isnew) {
        if (score > f->score) {
            f->score = score;
            f->category = cat;
        }
        return;
    }
    f->score = score;
    f->category = cat;
    f->first_conn = c ? c->id : 0;
    qsort(b->lines, b->nlines, sizeof b->lines[0], cmp_line);
    for (unsigned i = 0; i < b->nlines && f->nev < TX_MAX_EVIDENCE; i++) {
        f->ev[f->nev].line = b->lines[i]->no;
        f->ev[f->nev].text = txi_arena_strndup(&a->finding_arena, b->lines[i]->text, b->lines[i]->len);
        f->ev[f->nev].cut = b->lines[i]->cut;
        f->nev++;
    }
    f->vars = calloc(b->nvars ? b->nvars : 1, sizeof *f->vars);
    for (unsigned i = 0; f->vars && i < b->nvars; i++) {
        f->vars[f->nvars].name = txi_arena_strndup(&a->finding_arena, b->vars[i].name, strlen(b->vars[i].name));
        f->vars[f->nvars].val = txi_arena_strndup(&a->finding_arena, b->vars[i].val, b->vars[i].n);
        f->nvars++;
    }
}

/* ---- per-connection literal scan ------------------------------------------------ */

/* A test's presence is a mask of its literals: bit k, lits[k] occurs in the
 * text scanned (eval.c may_match looks for those only); a test of more than
 * 32 literals (TX_MAX_TEST_LITERALS) folds them, bit k % 32 for lits[k]
 * (ruleset.h lit2k). */
_Static_assert(TX_MAX_PATTERN_LITERALS <= 32, "a test's literals are the bits of a uint32_t");

typedef struct {
    uint32_t *present;
    const tx_ruleset *rs;
    unsigned base;    /* the set's first literal index (ruleset.h nfieldlits) */
    tx_analysis *rec; /* the connection's scan: where each test's literals first occur (cf_note) */
    unsigned nev;     /* ... its events so far in this pass (a->cf_ev, cf_seg) */
    uint64_t last;    /* ... the end of the last match reported (they come in order) */
    unsigned last_o;  /* ... and the ordinal of its event (cf_at: several literals end there) */
} mark_ctx;

/* Literal index lit occurs in the text of the connection's event of ordinal o. */
static inline void cf_note(tx_analysis *a, unsigned lit, unsigned o)
{
    unsigned t = a->rs->lit2test[lit];
    if (a->cf_gen[t] != a->cf_cur || o < a->cf_ord[t]) {
        a->cf_gen[t] = a->cf_cur;
        a->cf_ord[t] = o;
    }
}

/* cf_note of test t while the events are gone through in order (a value
 * found in the cache of values, a text's replayed reports): a later note of
 * the same walk never has a smaller ordinal, only the first of a test counts
 * (the blob's matches, noted after the walk, may have one: cf_note). */
static inline void cf_note_walk(tx_analysis *a, unsigned t, unsigned o)
{
    if (a->cf_gen[t] != a->cf_cur) {
        a->cf_gen[t] = a->cf_cur;
        a->cf_ord[t] = o;
    }
}

/* A match of the pass's blob ending at end (end > 0, nev > 0): the ordinal
 * of the event whose text holds it (the last whose text starts at or
 * before the match's last byte). */
static unsigned cf_find(const mark_ctx *m, uint64_t end)
{
    const tx_analysis *a = m->rec;
    unsigned lo = 0, hi = m->nev; /* (cf_seg ascending: the first past end - 1) */
    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        if (a->cf_seg[mid] <= end - 1)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? lo - 1 : 0;
}

/* cf_find for a report of txr_litscan_block_once: a literal is reported at
 * its first end (prefilter.h), and the reports come in the order of their
 * ends; one out of order, and this connection's notes are not trusted
 * (cf_bad: every condition walks all its events). */
static unsigned cf_at(mark_ctx *m, uint64_t end)
{
    if (end == m->last && end)
        return m->last_o;
    if (end < m->last || !m->nev || !end) {
        m->rec->cf_bad = 1;
        return 0;
    }
    m->last = end;
    return m->last_o = cf_find(m, end);
}

static void mark_present(void *ud, unsigned lit, uint64_t end)
{
    mark_ctx *m = ud;
    lit += m->base;
    m->present[m->rs->lit2test[lit]] |= 1u << m->rs->lit2k[lit];
    if (m->rec)
        cf_note(m->rec, lit, cf_at(m, end));
}

static void mark_all(uint32_t *present, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        present[i] = UINT32_MAX;
}

/* An array p of *cap elements of size elem, grown to hold need: its
 * capacity doubled from first (or from *cap) until it does.  NULL (p and
 * *cap as they were) when that capacity would pass max or memory is short;
 * p itself when it holds need already. */
static void *grow(void *p, size_t *cap, size_t need, size_t elem, size_t first, size_t max)
{
    if (need <= *cap)
        return p;
    size_t c = *cap ? *cap : first;
    while (c < need)
        c *= 2;
    if (c > max)
        return NULL;
    void *q = realloc(p, c * elem);
    if (q)
        *cap = c;
    return q;
}

static int blob_add(tx_analysis *a, size_t *n, const char *s, size_t len)
{
    /* (past the bound, an unusually large scan: the prefilter is given up for it) */
    char *b = grow(a->blob, &a->blobcap, *n + len + 1, 1, 65536, TX_MAX_PREFILTER_BLOB);
    if (!b)
        return -1;
    a->blob = b;
    memcpy(a->blob + *n, s, len);
    a->blob[*n + len] = '\n'; /* literals never contain a newline: no match spans two fields */
    *n += len + 1;
    return 0;
}

/* ---- field values met again -------------------------------------------------------- */

/* The field values of this log the per-connection scan has seen, and the
 * test literals each holds: a value met again in a later connection - most
 * of a busy log's values are the same words in every connection
 * ("received", a protocol, a cipher suite, a host) - marks its literals
 * without a scan.  A value's literals are the same alone as in the blob (no
 * literal spans the '\n' between values): the marks are too.  Values enter
 * when the blob they were first scanned in reports each match with its end,
 * which tells the value it lies in.  The cache is made at the second
 * connection: a small log of one connection scans as before.  Bounded
 * (limits.h TX_MAX_VALCACHE_*): past a bound a value is scanned each time,
 * as before.  Not with TLSEXPLAIN_NO_FASTPATH (the reference). */
typedef struct {
    uint64_t h;
    uint32_t text, len; /* its bytes: vc->text + text */
    uint32_t rep, nrep; /* its literals (test_ls indices): vc->rep + rep */
} vc_entry;

typedef struct {
    size_t off; /* a value of the blob being scanned that is not in the cache: its place */
    uint32_t len;
    uint64_t h;
} vc_new;

typedef struct {
    unsigned v, lit; /* literal lit reported inside new value v */
} vc_pair;

struct txa_valcache {
    vc_entry *e;
    unsigned n;
    size_t cap;
    uint32_t *slot; /* open addressing: entry index + 1, 0 empty */
    unsigned nslot; /* a power of two, at least twice n */
    char *text;
    size_t ntext, captext;
    unsigned *rep;
    size_t nrep, caprep;
    vc_new *nv; /* the scan being made (scan_events) */
    unsigned nnv;
    size_t capnv;
    vc_pair *pair;
    unsigned npair;
    size_t cappair;
    int pairs_full;  /* more reports than TX_MAX_VALCACHE_REPORTS: none of this scan's values enter */
    size_t words;    /* of each bit set below: one bit per distinct literal */
    uint64_t *marked; /* marked in the scan being made */
    uint64_t *kept;   /* kept for the value entering (vc_enter; cleared after it) */
};
typedef struct txa_valcache txa_valcache;

static void vc_free(txa_valcache *vc)
{
    if (!vc)
        return;
    free(vc->e);
    free(vc->slot);
    free(vc->text);
    free(vc->rep);
    free(vc->nv);
    free(vc->pair);
    free(vc->marked);
    free(vc);
}

static txa_valcache *vc_new_cache(unsigned ndistinct)
{
    txa_valcache *vc = calloc(1, sizeof *vc);
    if (!vc)
        return NULL;
    vc->words = ((size_t)ndistinct + 63) / 64;
    if (!(vc->marked = calloc(2 * (vc->words ? vc->words : 1), sizeof *vc->marked))) {
        free(vc);
        return NULL;
    }
    vc->kept = vc->marked + (vc->words ? vc->words : 1);
    return vc;
}

static const vc_entry *vc_find(const txa_valcache *vc, uint64_t h, const char *s, uint32_t len, unsigned *at)
{
    if (!vc->nslot)
        return NULL;
    for (unsigned k = (unsigned)h & (vc->nslot - 1);; k = (k + 1) & (vc->nslot - 1)) {
        uint32_t i = vc->slot[k];
        if (!i) {
            *at = k;
            return NULL;
        }
        const vc_entry *e = &vc->e[i - 1];
        if (e->h == h && e->len == len && memcmp(vc->text + e->text, s, len) == 0)
            return e;
    }
}

/* Room for one more entry (the table at most half full); 0: none. */
static int vc_room(txa_valcache *vc)
{
    if (vc->n >= TX_MAX_VALCACHE_ENTRIES)
        return 0;
    vc_entry *e = grow(vc->e, &vc->cap, vc->n + 1, sizeof *e, 64, TX_MAX_VALCACHE_ENTRIES);
    if (!e)
        return 0;
    vc->e = e;
    if (2 * (vc->n + 1) <= vc->nslot)
        return 1;
    unsigned ns = vc->nslot ? vc->nslot * 2 : 128;
    uint32_t *slot = calloc(ns, sizeof *slot);
    if (!slot)
        return 0;
    for (unsigned i = 0; i < vc->n; i++) {
        unsigned k = (unsigned)vc->e[i].h & (ns - 1);
        while (slot[k])
            k = (k + 1) & (ns - 1);
        slot[k] = i + 1;
    }
    free(vc->slot);
    vc->slot = slot;
    vc->nslot = ns;
    return 1;
}

/* A new value of the blob being scanned (at off, not in the cache). */
static void vc_note(txa_valcache *vc, size_t off, uint32_t len, uint64_t h)
{
    vc_new *nv = grow(vc->nv, &vc->capnv, (size_t)vc->nnv + 1, sizeof *nv, 64, TX_MAX_VALCACHE_ENTRIES);
    if (!nv)
        return; /* (the values after it are scanned, not kept) */
    vc->nv = nv;
    vc->nv[vc->nnv++] = (vc_new){off, len, h};
}

typedef struct {
    mark_ctx m;
    txa_valcache *vc;
    unsigned at;   /* the new value the last match was looked for from */
    uint64_t last; /* ... and its end */
} vc_scan;

/* The literal indices of distinct literal u of the field tests' set, marked
 * (and noted at the connection's event of ordinal o with rec, during the walk). */
static void mark_distinct(uint32_t *present, const tx_ruleset *rs, unsigned u, tx_analysis *rec, unsigned o)
{
    unsigned n;
    const unsigned *lit = txr_litset_indices(rs->test_ls, u, &n);
    if (!rec) {
        for (unsigned k = 0; k < n; k++)
            present[rs->lit2test[lit[k]]] |= 1u << rs->lit2k[lit[k]];
        return;
    }
    for (unsigned k = 0; k < n; k++) {
        unsigned t = rs->lit2test[lit[k]];
        present[t] |= 1u << rs->lit2k[lit[k]];
        cf_note_walk(rec, t, o);
    }
}

/* A match of distinct literal lit in the blob's scan: marked (the first in
 * the scan), and kept for the new value it ends in (matches come in the
 * order of their ends: one out of order, and none of this scan's values
 * enter). */
static void mark_new(void *ud, unsigned lit, uint64_t end)
{
    vc_scan *s = ud;
    txa_valcache *vc = s->vc;
    uint64_t bit = 1ull << (lit & 63);
    if (s->m.rec) { /* (every match: their order checked; a literal's first noted) */
        if (end < s->m.last || !end || !s->m.nev)
            s->m.rec->cf_bad = 1;
        s->m.last = end;
    }
    if (!(vc->marked[lit >> 6] & bit)) {
        vc->marked[lit >> 6] |= bit;
        mark_distinct(s->m.present, s->m.rs, lit, NULL, 0);
        if (s->m.rec && end && s->m.nev) { /* (after the walk: the smallest ordinal) */
            unsigned n, o = cf_find(&s->m, end);
            const unsigned *li = txr_litset_indices(s->m.rs->test_ls, lit, &n);
            for (unsigned k = 0; k < n; k++)
                cf_note(s->m.rec, li[k], o);
        }
    }
    if (vc->pairs_full)
        return;
    if (end < s->last) {
        vc->pairs_full = 1;
        return;
    }
    s->last = end;
    while (s->at + 1 < vc->nnv && vc->nv[s->at + 1].off < end)
        s->at++;
    if (s->at >= vc->nnv || end <= vc->nv[s->at].off || end > vc->nv[s->at].off + vc->nv[s->at].len)
        return; /* in a value that is not new (one the cache does not take) */
    if (vc->npair && vc->pair[vc->npair - 1].v == s->at && vc->pair[vc->npair - 1].lit == lit)
        return; /* (the same again: vc_enter drops the others) */
    vc_pair *p = grow(vc->pair, &vc->cappair, (size_t)vc->npair + 1, sizeof *p, 256, TX_MAX_VALCACHE_REPORTS);
    if (!p) {
        vc->pairs_full = 1;
        return;
    }
    vc->pair = p;
    vc->pair[vc->npair++] = (vc_pair){s->at, lit};
}

/* The new values of the blob just scanned enter the cache with their
 * distinct literals (each once). */
static void vc_enter(txa_valcache *vc, const char *blob)
{
    if (vc->pairs_full)
        return;
    unsigned p = 0;
    for (unsigned v = 0; v < vc->nnv; v++) {
        unsigned p0 = p;
        while (p < vc->npair && vc->pair[p].v == v)
            p++;
        const vc_new *nv = &vc->nv[v];
        unsigned at;
        if (vc_find(vc, nv->h, blob + nv->off, nv->len, &at))
            continue; /* (twice in this blob) */
        if (vc->ntext + nv->len > TX_MAX_VALCACHE_BYTES || vc->nrep + (p - p0) > TX_MAX_VALCACHE_REPORTS)
            return;
        /* (within the bounds just checked: no maximum of their own) */
        char *t = grow(vc->text, &vc->captext, vc->ntext + nv->len, 1, 4096, SIZE_MAX);
        if (!t)
            return;
        vc->text = t;
        unsigned *r = grow(vc->rep, &vc->caprep, vc->nrep + (p - p0), sizeof *r, 256, SIZE_MAX);
        if (!r)
            return;
        vc->rep = r;
        if (!vc_room(vc))
            return;
        if (vc_find(vc, nv->h, blob + nv->off, nv->len, &at)) /* (for at: the table may have grown) */
            continue;
        vc_entry *e = &vc->e[vc->n];
        e->h = nv->h;
        e->text = (uint32_t)vc->ntext;
        e->len = nv->len;
        e->rep = (uint32_t)vc->nrep;
        e->nrep = 0;
        memcpy(vc->text + vc->ntext, blob + nv->off, nv->len);
        vc->ntext += nv->len;
        for (unsigned q = p0; q < p; q++) {
            unsigned u = vc->pair[q].lit;
            if (!(vc->kept[u >> 6] & (1ull << (u & 63)))) {
                vc->kept[u >> 6] |= 1ull << (u & 63);
                vc->rep[vc->nrep + e->nrep++] = u;
            }
        }
        for (unsigned q = 0; q < e->nrep; q++) /* (cleared for the next value) */
            vc->kept[vc->rep[vc->nrep + q] >> 6] = 0;
        vc->nrep += e->nrep;
        vc->slot[at] = ++vc->n;
    }
}

/* Room for n events in cf_ev and cf_seg (grown by doubling); 0: none (cf_bad). */
static int cf_room(tx_analysis *a, size_t n)
{
    size_t cap = a->cf_cap ? a->cf_cap : 64;
    while (cap < n)
        cap *= 2;
    const txi_event **ev = realloc(a->cf_ev, cap * sizeof *ev);
    if (!ev)
        return 0;
    a->cf_ev = ev;
    size_t *seg = realloc(a->cf_seg, cap * sizeof *seg);
    if (!seg)
        return 0;
    a->cf_seg = seg;
    a->cf_cap = cap;
    return 1;
}

/* Scan the text of events [from, to) into present: their field values for
 * the literals of the tests of fields (ruleset.h test_ls), their source lines
 * for those of the tests of lines (line_ls).  A test is marked for the
 * literals of the text it looks at only: one found elsewhere could not make
 * it hold (may_match would look for it in every value in vain).  Returns the
 * last event scanned.  On overflow marks everything.  With rec (the
 * connection's events), notes where each test's literals first occur
 * (a->cf_*, eval.h txr_firsts). */
static const txi_event *scan_events(tx_analysis *a, const txi_event *from, uint32_t *present, int rec)
{
    const tx_ruleset *rs = a->rs;
    const txi_event *last = NULL;
    for (int line = 0; line < 2; line++) {
        txr_litscan *sc = line ? a->line_sc : a->test_sc;
        if (!sc)
            continue;
        size_t n = 0;
        const txi_line *src = NULL; /* (events of one line: its text once) */
        mark_ctx m = {present, rs, line ? rs->nfieldlits : 0, rec ? a : NULL, 0, 0, 0};
        txa_valcache *vc = NULL;
        if (!line && !a->ctx_nocache && a->npresence > 1 &&
            (a->vcache || (a->vcache = vc_new_cache(txr_litset_ndistinct(rs->test_ls))))) {
            vc = a->vcache;
            vc->nnv = vc->npair = 0;
            vc->pairs_full = 0;
            memset(vc->marked, 0, vc->words * sizeof *vc->marked);
        }
        for (const txi_event *e = from; e; e = e->next) {
            last = e;
            int bad = 0;
            unsigned o = m.nev; /* (the event's ordinal: its text starts at n) */
            if (rec && !a->cf_bad) {
                if (o == UINT32_MAX || (o >= a->cf_cap && !cf_room(a, (size_t)o + 1)))
                    a->cf_bad = 1;
                else {
                    a->cf_ev[o] = e;
                    a->cf_seg[o] = n;
                    m.nev++;
                }
            }
            if (line && e->src && e->src != src) {
                bad = blob_add(a, &n, e->src->text, e->src->len);
                src = e->src;
            }
            /* only what a test with literals looks at (ruleset.h scan_field) */
            size_t n0 = n;
            /* an event without a source line whose text the cache of texts
             * below may take: its values join the blob as they are */
            int per_value = vc && !line;
            if (per_value && !e->src) {
                size_t joined = 0;
                for (unsigned i = 0; i < e->nfields; i++)
                    if ((unsigned)e->fields[i].id >= TXF__COUNT || rs->scan_field[e->fields[i].id])
                        joined += e->fields[i].len + 1;
                per_value = joined < TXR_SCANCACHE_MIN || joined > TXR_SCANCACHE_TEXT;
            }
            for (unsigned i = 0; !line && !bad && i < e->nfields; i++) {
                const txi_field *f = &e->fields[i];
                if ((unsigned)f->id < TXF__COUNT && !rs->scan_field[f->id])
                    continue;
                if (per_value && f->len <= TX_MAX_VALCACHE_TEXT) {
                    uint64_t h = txi_text_hash(f->val, f->len);
                    unsigned at;
                    const vc_entry *hit = vc_find(vc, h, f->val, f->len, &at);
                    if (hit) {
                        for (unsigned k = 0; k < hit->nrep; k++)
                            mark_distinct(present, rs, vc->rep[hit->rep + k], m.rec, o);
                        continue;
                    }
                    vc_note(vc, n, f->len, h);
                }
                bad = blob_add(a, &n, f->val, f->len);
            }
            if (bad) {
                mark_all(present, rs->ntests);
                if (rec)
                    a->cf_bad = 1;
                return NULL;
            }
            /* an event without a source line (a keytool listing lent by another
             * input, a fact copied from a log-wide event) is often the same text
             * in every input or connection: its scan is looked up by its bytes
             * (no literal spans the '\n' between texts: apart, the same reports) */
            unsigned nrep;
            const unsigned *rep = !line && n > n0 && !e->src && !per_value
                                      ? txr_scancache_reports(rs->scache, sc, a->blob + n0, n - n0, &nrep) : NULL;
            if (rep) {
                if (!m.rec)
                    for (unsigned k = 0; k < nrep; k++) /* (mark_present's, base 0) */
                        present[rs->lit2test[rep[k]]] |= 1u << rs->lit2k[rep[k]];
                else
                    for (unsigned k = 0; k < nrep; k++) {
                        unsigned t = rs->lit2test[rep[k]];
                        present[t] |= 1u << rs->lit2k[rep[k]];
                        cf_note_walk(a, t, o);
                    }
                n = n0;
            }
        }
        if (n && vc && vc->nnv) {
            vc_scan vs = {m, vc, 0, 0};
            txr_litscan_block_distinct(sc, a->blob, n, mark_new, &vs); /* (every match: each new value's) */
            vc_enter(vc, a->blob);
        } else if (n)
            txr_litscan_block_once(sc, a->blob, n, mark_present, &m);
    }
    return last;
}

/* Which tests' literals occur in the connection, the log-wide events and
 * the orphan matches?  NULL when the prefilter is off or unavailable. */
static const uint32_t *presence(tx_analysis *a, const txi_conn *c)
{
    const tx_ruleset *rs = a->rs;
    if ((!a->test_sc && !a->line_sc) || !rs->ntests || a->prefilter_off)
        return NULL;
    a->npresence++;
    /* log-wide events only grow within an epoch: scan the new ones into gpresent */
    if (txi_parser_epoch(a->p) != a->gepoch) {
        a->gepoch = txi_parser_epoch(a->p);
        a->gscanned = NULL;
        memset(a->gpresent, 0, rs->ntests * sizeof *a->gpresent);
        a->oscanned = NULL; /* orphans are rescanned with the new epoch */
    }
    const txi_event *g = a->gscanned ? a->gscanned->next : txi_parser_globals(a->p);
    if (g) {
        const txi_event *last = scan_events(a, g, a->gpresent, 0);
        if (last)
            a->gscanned = last;
    }
    const txi_event *o = a->oscanned ? a->oscanned->next : a->orphans;
    if (o) {
        const txi_event *last = scan_events(a, o, a->gpresent, 0);
        if (last)
            a->oscanned = last;
    }
    memcpy(a->present, a->gpresent, rs->ntests * sizeof *a->present);
    /* a new generation of the notes of where the tests' literals first occur
     * (not with TLSEXPLAIN_NO_FASTPATH: every condition walks all the events) */
    if (c && !a->cf_gen && !a->ctx_nocache && (a->cf_gen = calloc(rs->ntests, sizeof *a->cf_gen)) &&
        !(a->cf_ord = malloc(rs->ntests * sizeof *a->cf_ord))) {
        free(a->cf_gen);
        a->cf_gen = NULL;
    }
    a->cf_bad = !c || !a->cf_gen;
    if (!a->cf_bad && ++a->cf_cur == 0) { /* (wrapped: the old notes cleared) */
        memset(a->cf_gen, 0, rs->ntests * sizeof *a->cf_gen);
        a->cf_cur = 1;
    }
    if (c)
        scan_events(a, c->first, a->present, !a->cf_bad);
    return a->present;
}

/* Which line patterns have a match event in c or among the orphans (the
 * lists eval_line looks in: log-wide events are never matches), by the id
 * file_match wrote; NULL (eval_line looks) without the array or the prefilter. */
static const uint8_t *lines_matched(tx_analysis *a, const txi_conn *c)
{
    if (!a->lmatched || a->prefilter_off) /* (--no-prefilter: the reference, eval_line looks) */
        return NULL;
    memset(a->lmatched, 0, a->rs->nlm);
    const txi_event *lists[2] = {c ? c->first : NULL, a->orphans};
    for (int l = 0; l < 2; l++)
        for (const txi_event *e = lists[l]; e; e = e->next) {
            if (e->type != TXE_MATCH || !e->src)
                continue;
            const char *r = txi_ev_str(e, TXF_RULE);
            unsigned long v = 0;
            size_t k = 0;
            for (; r && r[k] >= '0' && r[k] <= '9' && k < 10; k++)
                v = v * 10 + (unsigned long)(r[k] - '0');
            if (!r || !k || r[k] || (k > 1 && r[0] == '0') || v >= a->rs->nlm)
                return NULL; /* not as file_match writes it: let eval_line look */
            a->lmatched[v] = 1;
        }
    return a->lmatched;
}

/* Are the literals of every test rule i needs present (ruleset.h need)?
 * txr_eval would find the same: an event condition with a test whose
 * literals are absent fails at once, and so does the `all` around it. */
static int needs_present(const tx_ruleset *rs, unsigned i, const uint32_t *present)
{
    for (unsigned k = rs->need_at[i]; k < rs->need_at[i + 1]; k++)
        if (!present[rs->need[k]])
            return 0;
    return 1;
}

/* Rule i's `when` on the connection being evaluated, into b.  A condition
 * that several rules share (ruleset.h when_rep: the same text) is evaluated
 * once per connection and its result and binding given to the others; not
 * when a regex limit stopped a search or switched the rule off meanwhile
 * (the next rule evaluates it itself, as it would have). */
static int when_holds(tx_analysis *a, unsigned i, txr_ctx *ctx, txr_binding *b)
{
    const tx_ruleset *rs = a->rs;
    unsigned rep = rs->when_rep[i];
    if (a->prefilter_off) /* (--no-prefilter: the reference, every rule evaluated) */
        return txr_eval(rs->rules[i]->when, ctx, b);
    if (a->when_state && rep != i && a->when_state[rep]) {
        if (a->when_state[rep] == 2)
            return 0;
        *b = *a->when_b[rep];
        return 1;
    }
    uint64_t stops = a->budget.stops;
    int held = txr_eval(rs->rules[i]->when, ctx, b);
    if (!a->when_state || !rs->when_shared[i] || a->budget.stops != stops || txr_budget_off(&a->budget, i))
        return held;
    if (held && !a->when_b[i] && !(a->when_b[i] = malloc(sizeof *a->when_b[i])))
        return held;
    if (held)
        *a->when_b[i] = *b;
    a->when_state[i] = held ? 1 : 2;
    return held;
}

/* Adjust item k of rule i: as when_holds, an item whose `when` is another's
 * (ruleset.h adj_rep) is evaluated once per connection. */
static int adjust_holds(tx_analysis *a, unsigned i, unsigned k, txr_ctx *ctx, txr_binding *b)
{
    const tx_ruleset *rs = a->rs;
    const txr_cond *w = rs->rules[i]->adjust[k].when;
    if (!a->adj_state || a->prefilter_off)
        return txr_eval(w, ctx, b);
    unsigned rep = rs->adj_rep[rs->adj_at[i] + k];
    if (a->adj_state[rep])
        return a->adj_state[rep] == 1;
    uint64_t stops = a->budget.stops;
    int held = txr_eval(w, ctx, b);
    if (a->budget.stops == stops && !txr_budget_off(&a->budget, i))
        a->adj_state[rep] = held ? 1 : 2;
    return held;
}

/* Rule i on the connection being evaluated: fired, it is recorded. */
static void evaluate_rule(tx_analysis *a, const txi_conn *c, txr_ctx *ctx, unsigned i)
{
    const tx_ruleset *rs = a->rs;
    const txr_rule *r = rs->rules[i];
    if (txr_budget_off(&a->budget, i))
        return; /* switched off by the regex budget: it fires no more */
    if (r->fallback && a->cause_fired)
        return; /* another cause fired: a fallback would be dropped (drop_fallbacks) */
    if (ctx->present && !needs_present(rs, i, ctx->present))
        return; /* a test its `when` needs has no literal here: it cannot hold */
    if (!a->prefilter_off && !txr_possible(r->when, ctx))
        return; /* a line, a test or an event type it needs is absent, through `all` and `any` */
    ctx->rule = i;
    txr_binding b;
    b.nlines = b.nevents = b.nvars = 0;
    if (!when_holds(a, i, ctx, &b))
        return;
    int score = r->confidence;
    const char *cat = r->category;
    for (unsigned k = 0; k < r->nadjust; k++) {
        txr_binding tmp;
        tmp.nlines = tmp.nevents = tmp.nvars = 0;
        if (r->adjust[k].when && adjust_holds(a, i, k, ctx, &tmp)) {
            score += r->adjust[k].by;
            if (r->adjust[k].category)
                cat = r->adjust[k].category;
        }
    }
    /* switched off during this very evaluation: a stopped search counted
     * as "no match" may have made a `not` hold, so do not trust it */
    if (txr_budget_off(&a->budget, i))
        return;
    score = score < 0 ? 0 : score > 100 ? 100 : score;
    if (txa_fired(a, i)) { /* record() keeps the variables and evidence of its first firing */
        txa_context_effects(a, c);
        record(a, i, score, cat, &b, c);
        return;
    }
    txa_ctx_buf cb; /* (the values' text: record copies it) */
    txa_context_bind(a, c, &b, &cb);
    record(a, i, score, cat, &b, c);
}

/* Every rule in order; with the literal scan, only those that need no test
 * and those whose first needed test has a literal present (ruleset.h
 * free_bits, key_rule): the others would fail needs_present at once.  Of
 * those that need no test, those with a clause only when one of its atoms
 * is present (ckey_rule): else txr_possible would say no. */
static void evaluate(tx_analysis *a, const txi_conn *c)
{
    const tx_ruleset *rs = a->rs;
    if (!rs)
        return;
    if (a->when_state)
        memset(a->when_state, 0, rs->n);
    if (a->adj_state)
        memset(a->adj_state, 0, rs->nadj);
    txa_context_conn(a);
    txr_ctx ctx = {{c ? c->first : NULL, txi_parser_globals(a->p), a->orphans}, rs->lm, presence(a, c), &a->budget, 0,
                   lines_matched(a, c), {0, 0, 0}, 0, NULL};
    txr_firsts first = {a->cf_gen, a->cf_ord, a->cf_cur, a->cf_ev};
    if (ctx.present && c && !a->cf_bad)
        ctx.first = &first;
    if (!ctx.present || !a->cand) {
        for (unsigned i = 0; i < rs->n; i++)
            evaluate_rule(a, c, &ctx, i);
        return;
    }
    size_t words = ((size_t)rs->n + 63) / 64;
    memcpy(a->cand, rs->free_bits, words * sizeof *a->cand);
    if (rs->ckey_bits) {
        for (size_t w = 0; w < words; w++)
            a->cand[w] &= ~rs->ckey_bits[w];
        for (unsigned k = 0; k < rs->nckeys; k++) {
            unsigned at = rs->ckey_atom[k];
            if (at < rs->ntests ? ctx.present[at] != 0 : !ctx.lines || ctx.lines[at - rs->ntests])
                for (unsigned j = rs->ckey_at[k]; j < rs->ckey_at[k + 1]; j++)
                    a->cand[rs->ckey_rule[j] / 64] |= 1ull << (rs->ckey_rule[j] % 64);
        }
    }
    for (unsigned k = 0; k < rs->nkeys; k++)
        if (ctx.present[rs->key_test[k]])
            for (unsigned j = rs->key_at[k]; j < rs->key_at[k + 1]; j++)
                a->cand[rs->key_rule[j] / 64] |= 1ull << (rs->key_rule[j] % 64);
    for (size_t w = 0; w < words; w++)
        for (uint64_t m = a->cand[w]; m; m &= m - 1)
            evaluate_rule(a, c, &ctx, (unsigned)(w * 64 + (unsigned)__builtin_ctzll(m)));
}

/* The fact "jdk" of a connection: what the log has proved so far. */
static void jdk_fact(tx_analysis *a, txi_conn *c)
{
    const txr_jdk *j = txa_jdk_so_far(a);
    txr_fact_jdk(c, j->feature, j->le8, j->text);
}

static void on_retire(void *ud, txi_conn *c)
{
    tx_analysis *a = ud;
    if (a->tool_sniff) { /* (nothing is evaluated nor reported: see tx_analysis_finish) */
        txi_conn_free(c);
        return;
    }
    txa_conn_begin(a, c);
    int64_t lt = txi_parser_log_time(a->p);
    if (lt == TXI_NO_TIME && a->opt.now)
        lt = a->opt.now;
    txr_compute_facts(c, txi_parser_globals(a->p), lt, a->opt.host, a->rs ? &a->rs->voc : NULL);
    jdk_fact(a, c);
    if (txi_parser_stats(a->p)->truncated_block)
        txr_fact_log_cut(c);
    a->cur_tls = 0;
    for (const txi_event *e = c->first; e && !a->cur_tls; e = e->next)
        a->cur_tls = e->type == TXE_FACT && txi_ev_is(e, TXF_NAME, "tls_started");
    a->tls_seen |= a->cur_tls;
    evaluate(a, c);
    a->cur_tls = 0;
    if (a->nkept < TX_MAX_KEPT_CONNS && a->kept_bytes + c->arena.used <= TX_MAX_KEPT_BYTES) {
        a->kept[a->nkept++] = c;
        a->kept_bytes += c->arena.used;
    } else {
        a->dropped_kept++;
        txi_conn_free(c);
    }
}

/* ---- public API -------------------------------------------------------------------- */

void *txa_alloc_zeroed_but(size_t size, const txa_span *keep, size_t n)
{
    char *p = malloc(size);
    if (!p)
        return NULL;
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        memset(p + at, 0, keep[i].off - at);
        at = keep[i].off + keep[i].len;
    }
    memset(p + at, 0, size - at);
    return p;
}

/* An analysis is zeroed but for its three buffers that are read only up to
 * a count kept in the zeroed part (each entry set whole when it is added):
 * the failure groups of fails and cause_only (fs->n, file_failure()) and
 * the targets seen (nseen, txa_seen_target()) - 10.4 KB of its 14.3 KB,
 * which an input that fails nowhere never touches. */
static tx_analysis *analysis_alloc(void)
{
    static const txa_span unzeroed[] = {/* in the order of the struct */
                                        {offsetof(tx_analysis, fails.g), sizeof ((tx_analysis *)0)->fails.g},
                                        {offsetof(tx_analysis, cause_only.g), sizeof ((tx_analysis *)0)->cause_only.g},
                                        {offsetof(tx_analysis, seen), sizeof ((tx_analysis *)0)->seen}};
    return txa_alloc_zeroed_but(sizeof(tx_analysis), unzeroed, sizeof unzeroed / sizeof unzeroed[0]);
}

tx_status tx_analysis_new(const tx_ruleset *rs, const tx_options *opt, const char *name, tx_analysis **out)
{
    tx_analysis *a = analysis_alloc();
    if (!a)
        return TX_ENOMEM;
    a->rs = rs;
    a->ctx_nocache = getenv("TLSEXPLAIN_NO_FASTPATH") != NULL;
    if (opt)
        a->opt = *opt;
    a->name = strdup(name ? name : "-");
    a->findcap = 8;
    a->findings = calloc(a->findcap, sizeof *a->findings);
    txi_arena_init(&a->orphan_arena, TX_MAX_ORPHAN_BYTES);
    txi_arena_init(&a->finding_arena, 0);
    txi_sink sink = {a, on_event, on_retire, on_line};
    a->p = txi_parser_new(a->name, &sink);
    a->pf = rs && rs->pf ? txr_pfscan_new(rs->pf) : NULL;
    if (rs && (rs->test_ls || rs->line_ls)) {
        a->test_sc = rs->test_ls ? txr_litscan_new(rs->test_ls) : NULL;
        a->line_sc = rs->line_ls ? txr_litscan_new(rs->line_ls) : NULL;
        a->present = malloc(rs->ntests * sizeof *a->present + 1); /* (presence() copies gpresent into it first) */
        a->gpresent = calloc(rs->ntests, sizeof *a->gpresent);
        a->lmatched = rs->nlm ? calloc(rs->nlm, 1) : NULL;
    }
    if (rs && rs->nlm) {
        a->lm_seen = calloc(rs->nlm, sizeof *a->lm_seen);
        /* (read only where lm_seen holds the current line_seq, which starts at 1: set by then) */
        a->lm_res = malloc(rs->nlm);
        a->lm_at = malloc(rs->nlm * sizeof *a->lm_at);
        if (!a->lm_seen || !a->lm_res || !a->lm_at) {
            tx_analysis_free(a);
            return TX_ENOMEM;
        }
    }
    if (rs && rs->nadj_shared && rs->adj_rep && !(a->adj_state = calloc(rs->nadj, 1))) {
        tx_analysis_free(a);
        return TX_ENOMEM;
    }
    for (unsigned i = 0; rs && i < rs->n && !a->when_state; i++)
        if (rs->when_shared[i]) {
            a->when_state = calloc(rs->n, 1);
            a->when_b = calloc(rs->n, sizeof *a->when_b);
            if (!a->when_state || !a->when_b) {
                tx_analysis_free(a);
                return TX_ENOMEM;
            }
        }
    if (rs && (rs->test_ls || rs->line_ls)) {
        if ((rs->test_ls && !a->test_sc) || (rs->line_ls && !a->line_sc) || !a->present || !a->gpresent) {
            tx_analysis_free(a);
            return TX_ENOMEM;
        }
    }
    if (rs && rs->free_bits) /* (without it every rule is tried) */
        a->cand = malloc(((size_t)rs->n + 63) / 64 * sizeof *a->cand + 1);
    if (txr_budget_init(&a->budget, rs ? rs->n : 0) != 0) {
        tx_analysis_free(a);
        return TX_ENOMEM;
    }
    a->budget.rxc = rs ? rs->rxcache : NULL; /* (--no-prefilter: none, results.c) */
    if (a->opt.profile)
        a->profile = strdup(a->opt.profile);
    if (!a->name || !a->findings || !a->p || (rs && rs->pf && !a->pf) || (a->opt.profile && !a->profile)) {
        tx_analysis_free(a);
        return TX_ENOMEM;
    }
    *out = a;
    return TX_OK;
}

/* (its texts and variables' strings are the analysis' finding_arena's) */
static void finding_clear(txa_finding *f) { free(f->vars); }

void tx_analysis_free(tx_analysis *a)
{
    if (!a)
        return;
    end_events(a);
    txi_parser_free(a->p);
    for (unsigned i = 0; i < a->nkept; i++)
        txi_conn_free(a->kept[i]);
    for (unsigned i = 0; a->findings && i < a->nfind; i++)
        finding_clear(&a->findings[i]);
    free(a->findings);
    txa_model_free(a->model);
    free(a->model_name);
    free(a->host_copy);
    txa_redactor_free(a->redact_pre);
    txr_pfscan_free(a->pf);
    txr_litscan_free(a->test_sc);
    txr_litscan_free(a->line_sc);
    free(a->present);
    free(a->gpresent);
    free(a->cf_gen);
    free(a->cf_ord);
    free(a->cf_ev);
    free(a->cf_seg);
    free(a->lmatched);
    free(a->lm_seen);
    free(a->lm_res);
    free(a->lm_at);
    for (unsigned i = 0; a->when_b && i < a->rs->n; i++)
        if (a->when_b[i]) /* (a few of the rules' hundreds: no call for the others) */
            free(a->when_b[i]);
    free(a->when_b);
    free(a->when_state);
    free(a->adj_state);
    free(a->cand);
    free(a->find_of);
    txa_context_free(a);
    txa_lent_free(a);
    free(a->blob);
    vc_free(a->vcache);
    txr_budget_free(&a->budget);
    txi_arena_free(&a->orphan_arena);
    txi_arena_free(&a->finding_arena);
    free(a->profile);
    free(a->name);
    free(a);
}

tx_status tx_analysis_set_event_callback(tx_analysis *a, tx_event_cb cb, void *ud)
{
    if (!a || a->fed || a->finished)
        return TX_EINVAL;
    a->ev_cb = cb;
    a->ev_ud = ud;
    return TX_OK;
}

/* Text of the input (UTF-8 or bytes as fed) to the literal scan and the parser. */
static void feed_text(void *ud, const char *buf, size_t len)
{
    tx_analysis *a = ud;
    if (a->pf)
        txr_prefilter_feed(a->pf, buf, len); /* all literals of the chunk, before its lines */
    if (a->tool_sniff)
        (void)txi_parser_feed_until_log(a->p, buf, len);
    else
        txi_parser_feed(a->p, buf, len);
}

tx_status tx_analysis_feed(tx_analysis *a, const char *buf, size_t len)
{
    if (a->finished)
        return TX_EINVAL;
    a->fed = 1;
    a->in_bytes += len;
    txi_dec_feed(&a->dec, buf, len, feed_text, a);
    return TX_OK;
}

unsigned long long tx_analysis_bytes(const tx_analysis *a) { return a->in_bytes; }

/* the score a network finding keeps when another connection reached TLS */
#define TXA_DEMOTED_SCORE 30

static int kind_rank(txr_kind k) { return k == TXR_KIND_CAUSE ? 0 : k == TXR_KIND_RISK ? 1 : 2; }

static int cmp_finding(const void *x, const void *y)
{
    const txa_finding *a = x, *b = y;
    int ka = kind_rank(a->rule->kind), kb = kind_rank(b->rule->kind);
    if (ka != kb)
        return ka - kb;
    if (a->score != b->score)
        return b->score - a->score;
    return strcmp(a->rule->id, b->rule->id);
}

/* `adjust: [{fired: [ids], by: N}]`: once the whole log is read, a finding
 * whose rule lists a rule that fired anywhere in the log (on any connection)
 * takes the adjustment - the other end's failure in a log of both ends, a
 * cause on another connection that explains this one's symptom.  Each item
 * applies once; the score stays within 0-100. */
static void adjust_fired(tx_analysis *a)
{
    for (unsigned i = 0; i < a->nfind; i++) {
        txa_finding *f = &a->findings[i];
        const txr_rule *r = f->rule;
        for (unsigned k = 0; k < r->nadjust; k++) {
            const txr_adjust *ad = &r->adjust[k];
            int hit = 0;
            for (unsigned j = 0; j < ad->nfired && !hit; j++)
                for (unsigned m = 0; m < a->nfind && !hit; m++)
                    hit = m != i && strcmp(a->findings[m].rule->id, ad->fired[j]) == 0;
            if (!hit)
                continue;
            int s = f->score + ad->by;
            f->score = s < 0 ? 0 : s > 100 ? 100 : s;
            if (ad->category)
                f->category = ad->category;
        }
    }
}

static void supersede(tx_analysis *a)
{
    for (unsigned i = 0; i < a->nfind; i++) {
        const txr_rule *r = a->findings[i].rule;
        for (unsigned s = 0; s < r->nsupersedes; s++)
            for (unsigned k = 0; k < a->nfind; k++)
                if (k != i && a->findings[k].superseded_by < 0 && strcmp(a->findings[k].rule->id, r->supersedes[s]) == 0)
                    a->findings[k].superseded_by = (int)a->findings[i].rule_index;
    }
}

/* A fallback rule (`kind: fallback`) reads the words of a failure message
 * that no rule knows; once any other cause fired (explained away or not),
 * the log said more than its words, and the fallbacks are dropped (not
 * "also explained": they explain nothing the other cause does not).  From
 * then on they are not even evaluated (evaluate), so a fallback's fate
 * does not depend on the order of the connections. */
static void drop_fallbacks(tx_analysis *a)
{
    if (!a->cause_fired)
        return;
    findings_moved(a);
    unsigned n = 0;
    for (unsigned i = 0; i < a->nfind; i++) {
        if (a->findings[i].rule->fallback)
            finding_clear(&a->findings[i]);
        else
            a->findings[n++] = a->findings[i];
    }
    a->nfind = n;
}

/* The most specific evidence wins across connections too: when any
 * connection of the log got as far as TLS, a connect or DNS failure of
 * another attempt (an earlier retry, a second host) does not explain the
 * TLS failure the log shows, so it ranks below the TLS findings.  A network
 * finding of a connection that reached TLS itself (no answer to the
 * ClientHello) keeps its score: the transport rules demote themselves there
 * (their `adjust`). */
static int pre_tls(const tx_analysis *a, const txa_finding *f)
{
    const txr_category *c = a->rs ? txr_vocab_category(&a->rs->voc, f->category) : NULL;
    return c && c->pre_tls;
}

/* The categories that say so (`pre_tls: true`, rules/tls/categories.yaml:
 * network) are the failures before TLS. */
static void demote_network(tx_analysis *a)
{
    if (!a->tls_seen)
        return;
    int tls_cause = 0;
    for (unsigned i = 0; i < a->nfind; i++)
        if (a->findings[i].rule->kind == TXR_KIND_CAUSE && a->findings[i].superseded_by < 0 &&
            !pre_tls(a, &a->findings[i]))
            tls_cause = 1;
    if (!tls_cause)
        return;
    for (unsigned i = 0; i < a->nfind; i++)
        if (!a->findings[i].in_tls_conn && a->findings[i].score > TXA_DEMOTED_SCORE && pre_tls(a, &a->findings[i]))
            a->findings[i].score = TXA_DEMOTED_SCORE;
}

static int same_lines(const txa_finding *x, const txa_finding *y)
{
    if (!x->nev || x->nev != y->nev)
        return 0;
    for (unsigned k = 0; k < x->nev; k++)
        if (x->ev[k].line != y->ev[k].line)
            return 0;
    return 1;
}

/* Two findings never cite the same evidence for the same cause: of two
 * reported findings of one category citing the very same lines, the one
 * ranked lower is explained away by the other when it is a cause or a
 * risk (one diagnosis, found by two rules), and, when it is a note (the
 * steps of a platform), kept without repeating the lines (ev_as).  Runs on
 * the findings in rank order. */
static void same_evidence(tx_analysis *a)
{
    for (unsigned j = 0; j < a->nfind; j++) {
        txa_finding *y = &a->findings[j];
        if (y->superseded_by >= 0)
            continue;
        for (unsigned i = 0; i < j; i++) {
            const txa_finding *x = &a->findings[i];
            if (x->superseded_by >= 0 || x->ev_as >= 0 || strcmp(x->category, y->category) != 0 ||
                !same_lines(x, y))
                continue;
            if (y->rule->kind == TXR_KIND_NOTE) {
                y->ev_as = (int)x->rule_index;
            } else {
                y->superseded_by = (int)x->rule_index;
                /* what y explained away is now explained by x */
                for (unsigned k = 0; k < a->nfind; k++)
                    if (a->findings[k].superseded_by == (int)y->rule_index)
                        a->findings[k].superseded_by = (int)x->rule_index;
            }
            break;
        }
    }
}

/* The profile whose `detect` names a rule that fired (the first finding
 * in rank order that some profile names; rules/tls/profiles.yaml). */
static void detect_profile(tx_analysis *a)
{
    if (a->profile || !a->rs)
        return;
    const txr_vocab *v = &a->rs->voc;
    for (unsigned i = 0; i < a->nfind; i++) {
        for (unsigned p = 0; p < v->nprofs; p++) {
            for (unsigned k = 0; k < v->profs[p]->ndetect; k++) {
                if (strcmp(a->findings[i].rule->id, v->profs[p]->detect[k]) == 0) {
                    a->profile = strdup(v->profs[p]->id);
                    a->profile_detected = a->profile != NULL;
                    return;
                }
            }
        }
    }
}

tx_status tx_analysis_finish(tx_analysis *a)
{
    if (a->finished)
        return TX_OK;
    if (a->tool_sniff && !a->ev_cb && txi_parser_log_lines(a->p)) {
        /* The sniff stopped at a log's first line: not tool output, which is
         * all it tells (the decoder's tail and the parser's open lines and
         * blocks are not read: no one receives their events) */
        a->finished = 1;
        return TX_OK;
    }
    txi_dec_end(&a->dec, feed_text, a);
    txi_parser_finish(a->p);
    if (a->tool_sniff) {
        /* The tool-output sniff asks only whether the input is tool output
         * (the parser's counts) and lends its listings (log-wide events,
         * complete once the parser is finished): no connection is evaluated
         * and no report is built. */
        a->finished = 1;
        end_events(a);
        txa_lent_prepare(a);
        return TX_OK;
    }
    txa_conn_close(a);
    a->finished = 1;
    /* A log with no connection at all: evaluate once on the log-wide events,
     * with the facts they support. */
    if (!a->conns && (txi_parser_globals(a->p) || a->orphans)) {
        txi_conn *c = txi_conn_detached();
        if (!c)
            return TX_ENOMEM;
        int64_t lt = txi_parser_log_time(a->p);
        txr_compute_facts(c, txi_parser_globals(a->p), lt != TXI_NO_TIME ? lt : a->opt.now ? a->opt.now : TXI_NO_TIME,
                          a->opt.host, a->rs ? &a->rs->voc : NULL);
        jdk_fact(a, c);
        evaluate(a, c);
        txi_conn_free(c);
    }
    adjust_fired(a);
    supersede(a);
    drop_fallbacks(a);
    demote_network(a);
    findings_moved(a);
    qsort(a->findings, a->nfind, sizeof *a->findings, cmp_finding);
    same_evidence(a);
    detect_profile(a);

    const txa_finding *cause = NULL;
    for (unsigned i = 0; i < a->nfind && !cause; i++)
        if (a->findings[i].rule->kind == TXR_KIND_CAUSE && a->findings[i].superseded_by < 0)
            cause = &a->findings[i];
    if (cause)
        a->verdict = TX_VERDICT_FAILURE;
    else if (a->failed)
        a->verdict = TX_VERDICT_UNKNOWN;
    else if (a->completed)
        a->verdict = TX_VERDICT_SUCCESS;
    else
        a->verdict = TX_VERDICT_UNKNOWN;
    txa_conn_verdict(a, cause);
    end_events(a);
    txa_lent_prepare(a);
    return txa_model_build(a);
}

int txa_fired(const tx_analysis *a, unsigned rule_index)
{
    return finding_index(a, rule_index) >= 0;
}

