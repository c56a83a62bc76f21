/* test_prefilter.c - literal sets (issue 17): a literal is matched exactly
 * unless its pattern is case-insensitive, in blocks and in streams whose
 * matches span chunks. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../parser/limits.h"
#include "../../rules/eval.h"
#include "../../rules/prefilter.h"
#include "../../rules/ruleset.h"
#include "../tx_test.h"

typedef struct {
    unsigned hits[4];
    uint64_t end[4];
} seen;

static void on_lit(void *ud, unsigned lit, uint64_t end)
{
    seen *s = ud;
    if (lit < 4 && !s->hits[lit]++)
        s->end[lit] = end; /* the first */
}

/* txr_litscan_block_distinct's matches, each as the literal indices it stands for */
typedef struct {
    const txr_litset *ls;
    seen *s;
    unsigned calls;
} distinct_seen;

static void on_distinct(void *ud, unsigned u, uint64_t end)
{
    distinct_seen *d = ud;
    unsigned n;
    const unsigned *ids = txr_litset_indices(d->ls, u, &n);
    d->calls++;
    for (unsigned k = 0; k < n; k++) {
        CHECK(k == 0 || ids[k] > ids[k - 1]);
        on_lit(d->s, ids[k], end);
    }
}

/* Every (literal, end) a litset reports on a buffer, in order. */
typedef struct {
    uint64_t *v;
    size_t n, cap;
} hits;

static void on_any(void *ud, unsigned lit, uint64_t end)
{
    hits *h = ud;
    if (h->n == h->cap) {
        size_t nc = h->cap ? h->cap * 2 : 1024;
        uint64_t *nv = realloc(h->v, nc * sizeof *nv);
        if (!nv)
            return;
        h->v = nv;
        h->cap = nc;
    }
    h->v[h->n++] = end << 16 | lit;
}

static tx_ruleset *shipped(const char *extra)
{
    tx_compiler *c = NULL;
    tx_ruleset *rs = NULL;
    if (tx_compiler_new(&c) != TX_OK || tx_compiler_add_builtin(c) != TX_OK ||
        (extra && tx_compiler_add_string(c, "extra.yaml", extra, strlen(extra)) != TX_OK) ||
        tx_compiler_finish(c, &rs) != TX_OK)
        rs = NULL;
    tx_compiler_free(c);
    return rs;
}

/* Scan text with a ruleset's two literal sets (stream: in 4 KiB chunks). */
static void scan_both(const tx_ruleset *rs, const char *text, size_t n, hits *stream, hits *block)
{
    const txr_litset *pls = txr_prefilter_litset(rs->pf);
    txr_litscan *sc = pls ? txr_litscan_new(pls) : NULL;
    for (size_t off = 0; sc && off < n; off += 4096)
        txr_litscan_stream(sc, text + off, n - off < 4096 ? n - off : 4096, on_any, stream);
    txr_litscan_free(sc);
    sc = rs->test_ls ? txr_litscan_new(rs->test_ls) : NULL;
    if (sc)
        txr_litscan_block(sc, text, n, on_any, block);
    txr_litscan_free(sc);
}

/* The Hyperscan databases of the shipped rulebook come from the build
 * (rules/hscache.h): taken for the shipped sets, not with
 * TLSEXPLAIN_NO_CACHE, not for a set a user rule changed; and a deserialised
 * database reports exactly what a compiled one does on a real log. */
static void test_build_cache(void)
{
    int hs = strcmp(txr_prefilter_engine(), "hyperscan") == 0;
    tx_ruleset *rs = shipped(NULL);
    CHECK(rs != NULL);
    if (!rs)
        return;
    /* every literal set built, under either engine (the three NULL ran with no
     * prefilter at all: the same results, much slower; `rules check` warns) */
    CHECK(txr_prefilter_litset(rs->pf) != NULL);
    CHECK(rs->test_ls != NULL && rs->line_ls != NULL); /* (the shipped rules test lines too) */
    CHECK(!rs->nopf[0] && !rs->nopf[1]);
    if (!txr_prefilter_litset(rs->pf) || !rs->test_ls || !rs->line_ls) {
        fprintf(stderr, "test_build_cache: the shipped rulebook has no prefilter with the %s engine "
                        "(literals left without: %u line patterns', %u tests')\n",
                txr_prefilter_engine(), rs->nopf[0], rs->nopf[1]);
        tx_ruleset_free(rs);
        return;
    }
    if (hs) {
        CHECK_INT(txr_litset_cached(txr_prefilter_litset(rs->pf)), TXR_LS_STREAM);
        CHECK_INT(txr_litset_cached(rs->test_ls), TXR_LS_BLOCK);
        CHECK_INT(txr_litset_cached(rs->line_ls), TXR_LS_BLOCK);
    } else {
        CHECK_INT(txr_litset_cached(rs->test_ls), 0);
        CHECK_INT(txr_litset_cached(rs->line_ls), 0);
    }
    setenv("TLSEXPLAIN_NO_CACHE", "1", 1);
    tx_ruleset *nc = shipped(NULL);
    unsetenv("TLSEXPLAIN_NO_CACHE");
    CHECK(nc != NULL);
    const char *user = "version: 1\nrules:\n  - id: user-line\n    title: A user rule\n    category: other\n"
                       "    kind: note\n    pattern: 'zzqq user literal'\n";
    tx_ruleset *us = shipped(user);
    CHECK(us != NULL);
    if (nc && us) {
        CHECK_INT(txr_litset_cached(txr_prefilter_litset(nc->pf)), 0);
        CHECK_INT(txr_litset_cached(nc->test_ls), 0);
        CHECK_INT(txr_litset_cached(nc->line_ls), 0);
        /* the line literals changed, the field-test literals did not */
        CHECK_INT(txr_litset_cached(txr_prefilter_litset(us->pf)), 0);
        CHECK_INT(txr_litset_cached(us->test_ls), hs ? TXR_LS_BLOCK : 0);
        size_t n = 0;
        char *text = tx_test_slurp("fixtures/lab/untrusted-private-ca-tls13.log", &n);
        CHECK(text != NULL && n > 10000);
        if (text) {
            hits s1 = {0}, b1 = {0}, s2 = {0}, b2 = {0};
            scan_both(rs, text, n, &s1, &b1);
            scan_both(nc, text, n, &s2, &b2);
            CHECK(s1.n > 20 && b1.n > 100); /* (42 and 10,172 line and field literal hits) */
            CHECK(s1.n == s2.n && !memcmp(s1.v, s2.v, s1.n * sizeof *s1.v));
            CHECK(b1.n == b2.n && !memcmp(b1.v, b2.v, b1.n * sizeof *b1.v));
            free(s1.v);
            free(b1.v);
            free(s2.v);
            free(b2.v);
            free(text);
        }
    }
    /* a copy of a shipped rule under another id adds no distinct literal: both
     * sets still come from the cache (ten times the rules, issue 17) */
    const char *copy = "version: 1\nrules:\n  - id: plaintext-copy\n    title: t\n    category: other\n"
                       "    when:\n      any:\n"
                       "        - { event: any, field: any, pattern: 'PKIX path building failed|unable to find valid certification path' }\n"
                       "        - line: 'SSL23_GET_SERVER_HELLO:unknown protocol'\n";
    tx_ruleset *cp = shipped(copy);
    CHECK(cp != NULL);
    if (cp && hs) {
        CHECK_INT(txr_litset_cached(txr_prefilter_litset(cp->pf)), TXR_LS_STREAM);
        CHECK_INT(txr_litset_cached(cp->test_ls), TXR_LS_BLOCK);
    }
    tx_ruleset_free(cp);
    tx_ruleset_free(rs);
    tx_ruleset_free(nc);
    tx_ruleset_free(us);
}

/* The tests a rule needs (ruleset.h need): those of its event conditions
 * under `all`, none under `any` or `not`; evaluate() skips a rule when one
 * of them has no literal in the connection, as txr_eval would fail it. */
static void test_needs(void)
{
    const char *extra = "version: 1\nrules:\n"
                        "  - id: needs-all\n    title: t\n    category: expired\n"
                        "    when:\n      all:\n"
                        "        - event: exception\n          field: message\n          pattern: 'QuuxFrobnicated'\n"
                        "        - any:\n"
                        "            - event: exception\n              field: message\n              pattern: 'Zorblax'\n"
                        "            - not: { event: exception, field: message, pattern: 'Wibblewobble' }\n"
                        "    samples: { match: 'x.YException: QuuxFrobnicated Zorblax' }\n"
                        "  - id: needs-none\n    title: t\n    category: expired\n"
                        "    when:\n      any:\n"
                        "        - event: exception\n          field: message\n          pattern: 'QuuxFrobnicated'\n"
                        "        - event: exception\n          field: message\n          pattern: 'Zorblax'\n"
                        "    samples: { match: 'x.YException: Zorblax' }\n";
    tx_ruleset *rs = shipped(extra);
    CHECK(rs != NULL);
    if (!rs)
        return;
    int found = 0;
    for (unsigned i = 0; i < rs->n; i++) {
        const txr_rule *r = rs->rules[i];
        unsigned n = rs->need_at[i + 1] - rs->need_at[i];
        if (!strcmp(r->id, "needs-all")) {
            found++;
            CHECK_INT(n, 1);
            if (n == 1 && r->when->kind == TXR_C_ALL)
                CHECK_INT(rs->need[rs->need_at[i]], r->when->kids[0]->tests[0].tid);
        } else if (!strcmp(r->id, "needs-none")) {
            found++;
            CHECK_INT(n, 0);
        }
    }
    CHECK_INT(found, 2);
    CHECK_INT(rs->need_at[rs->n] <= rs->ntests, 1);
    tx_ruleset_free(rs);
}

/* The per-connection literal scan reads only what a test with literals
 * looks at (ruleset.h scan_src, scan_field): every such test's field is
 * read, and a rule on a field nothing else tests (the cipher offers) adds it. */
static void scan_covers(const tx_ruleset *rs, const txr_cond *c, int *bad)
{
    if (!c)
        return;
    for (unsigned i = 0; i < c->ntests; i++) {
        const txr_test *t = &c->tests[i];
        if (!t->nlits)
            continue;
        if (t->field == TXR_FIELD_LINE)
            *bad |= !rs->scan_src;
        for (int f = 0; f < TXF__COUNT; f++)
            if (t->field == TXR_FIELD_ANY ? txr_any_field(f) : t->field == f)
                *bad |= !rs->scan_field[f];
    }
    scan_covers(rs, c->after, bad);
    for (unsigned i = 0; i < c->nkids; i++)
        scan_covers(rs, c->kids[i], bad);
}

static void test_scan_fields(void)
{
    const char *extra = "version: 1\nrules:\n"
                        "  - id: cipher-offer\n    title: t\n    category: expired\n"
                        "    when: { event: any, field: ciphers, pattern: 'TLS_QUUX_WITH_FROB' }\n";
    tx_ruleset *plain = shipped(NULL), *rs = shipped(extra);
    CHECK(plain != NULL && rs != NULL);
    if (!plain || !rs) {
        tx_ruleset_free(plain);
        tx_ruleset_free(rs);
        return;
    }
    int bad = 0;
    for (unsigned i = 0; i < rs->n; i++) {
        scan_covers(rs, rs->rules[i]->when, &bad);
        for (unsigned k = 0; k < rs->rules[i]->nadjust; k++)
            scan_covers(rs, rs->rules[i]->adjust[k].when, &bad);
    }
    CHECK_INT(bad, 0);
    CHECK_INT(rs->scan_field[TXF_CIPHERS], 1);
    /* the shipped rulebook's tests on `any` field leave the lists out */
    int listed = 0;
    for (unsigned i = 0; i < plain->n; i++) {
        int b = 0;
        scan_covers(plain, plain->rules[i]->when, &b);
        listed |= b;
    }
    CHECK_INT(listed, 0);
    tx_ruleset_free(plain);
    tx_ruleset_free(rs);
}

/* Each test's literals, in order (lit2k: k mod 32, its presence bit), in
 * the set of the text it looks at: the tests of fields' in test_ls (indices
 * below nfieldlits), the tests of lines' in line_ls; each literal index
 * belongs to one test. */
static void lits_placed(const tx_ruleset *rs, const txr_cond *c, unsigned nlits, unsigned *placed, int *bad)
{
    if (!c)
        return;
    for (unsigned i = 0; i < c->ntests; i++) {
        const txr_test *t = &c->tests[i];
        unsigned k = 0;
        for (unsigned l = 0; l < nlits; l++) {
            if (rs->lit2test[l] != t->tid)
                continue;
            *bad |= rs->lit2k[l] != k++ % 32u || (t->field == TXR_FIELD_LINE) != (l >= rs->nfieldlits);
            (*placed)++;
        }
        *bad |= k != t->nlits;
    }
    lits_placed(rs, c->after, nlits, placed, bad);
    for (unsigned i = 0; i < c->nkids; i++)
        lits_placed(rs, c->kids[i], nlits, placed, bad);
}

static void test_literal_sets(void)
{
    const char *extra = "version: 1\nrules:\n"
                        "  - id: lines-and-fields\n    title: t\n    category: expired\n"
                        "    when: { all: [ { event: any, field: line, pattern: 'Quux(Frob|Blorp)' },\n"
                        "                   { event: any, field: any, pattern: '(?i)zorb|lax' } ] }\n";
    tx_ruleset *rs = shipped(extra);
    CHECK(rs != NULL);
    if (!rs)
        return;
    unsigned nlits = rs->ntestlits, placed = 0;
    int bad = 0;
    for (unsigned i = 0; i < rs->n; i++) {
        lits_placed(rs, rs->rules[i]->when, nlits, &placed, &bad);
        for (unsigned k = 0; k < rs->rules[i]->nadjust; k++)
            lits_placed(rs, rs->rules[i]->adjust[k].when, nlits, &placed, &bad);
    }
    CHECK_INT(bad, 0);
    CHECK_INT(placed, nlits);
    CHECK(rs->ntestlits >= rs->nfieldlits + 2); /* (Quux... and the shipped one) */
    CHECK(rs->nfieldlits >= 2);                 /* (zorb, lax and the shipped ones) */
    tx_ruleset_free(rs);
}

static void count_diag(const tx_diag *d, void *ud)
{
    (void)d;
    (*(int *)ud)++;
}

/* A field test of more alternatives than TX_MAX_PATTERN_LITERALS keeps
 * them all as literals (up to TX_MAX_TEST_LITERALS), their presence bits
 * folded (literal k: bit k % 32): the rule still fires on a value holding
 * only a literal past the 32nd (bit 5 is also literal 5's, absent), and not
 * on one holding none; a test of more than TX_MAX_TEST_LITERALS has none. */
static void test_wide_literals(void)
{
    char pat[2048] = "", big[8192] = "";
    for (unsigned k = 0; k < 40; k++)
        snprintf(pat + strlen(pat), sizeof pat - strlen(pat), "%sZq%02ufrob", k ? "|" : "", k);
    for (unsigned k = 0; k < TX_MAX_TEST_LITERALS + 1; k++)
        snprintf(big + strlen(big), sizeof big - strlen(big), "%sWy%03ublorp", k ? "|" : "", k);
    char extra[16384];
    snprintf(extra, sizeof extra,
             "version: 1\nrules:\n"
             "  - id: wide-test\n    title: t\n    category: expired\n"
             "    when: { event: exception, field: message, pattern: '%s' }\n"
             "    samples:\n      match: ['x.YException: Zq37frob', 'x.YException: a Zq39frob b', 'x.YException: Zq00frob']\n"
             "      nomatch: ['x.YException: Zq05frog', 'x.YException: Zq40frob Zq5frob']\n"
             "  - id: too-wide-test\n    title: t\n    category: expired\n"
             "    when: { event: exception, field: message, pattern: '%s' }\n"
             "    samples: { match: 'x.YException: Wy128blorp', nomatch: 'x.YException: Wy129blorp' }\n",
             pat, big);
    tx_ruleset *rs = shipped(extra);
    CHECK(rs != NULL);
    if (!rs)
        return;
    int found = 0;
    for (unsigned i = 0; i < rs->n; i++) {
        const txr_rule *r = rs->rules[i];
        if (!strcmp(r->id, "wide-test")) {
            found++;
            CHECK_INT(r->when->tests[0].nlits, 40);
        } else if (!strcmp(r->id, "too-wide-test")) {
            found++;
            CHECK_INT(r->when->tests[0].nlits, 0);
        }
    }
    CHECK_INT(found, 2);
    int bad = 0;
    unsigned placed = 0;
    for (unsigned i = 0; i < rs->n; i++)
        lits_placed(rs, rs->rules[i]->when, rs->ntestlits, &placed, &bad);
    CHECK_INT(bad, 0);
    int diags = 0;
    CHECK_INT(tx_ruleset_check(rs, count_diag, &diags), TX_OK);
    CHECK_INT(diags, 0);
    tx_ruleset_free(rs);
}

/* Rules that repeat a condition (ten times the rules, issue 17): a line
 * matcher of the same pattern text and a rule of the same `when` point to
 * the first (evaluated once per line / connection, analysis.c); a
 * condition that differs in a field, a pattern or a kind does not. */
static void test_reps(void)
{
    const char *extra = "version: 1\nrules:\n"
                        "  - id: rep-a\n    title: t\n    category: expired\n"
                        "    when: { all: [ { event: exception, field: message, pattern: 'Quux[0-9]+Frob' }, { line: 'Zorb (?<z>lax)' } ] }\n"
                        "    adjust:\n      - when: { event: alert, where: { description: '^Blorp$' } }\n        by: -5\n"
                        "  - id: rep-b\n    title: t\n    category: expired\n"
                        "    when: { all: [ { event: exception, field: message, pattern: 'Quux[0-9]+Frob' }, { line: 'Zorb (?<z>lax)' } ] }\n"
                        "    adjust:\n      - when: { event: alert, where: { description: '^Blorps$' } }\n        by: -5\n"
                        "      - when: { event: alert, where: { description: '^Blorp$' } }\n        by: 7\n"
                        "  - id: rep-c\n    title: t\n    category: expired\n"
                        "    when: { all: [ { event: exception, field: class, pattern: 'Quux[0-9]+Frob' }, { line: 'Zorb (?<z>lax)' } ] }\n"
                        "  - id: rep-d\n    title: t\n    category: expired\n"
                        "    when: { any: [ { event: exception, field: message, pattern: 'Quux[0-9]+Frob' }, { line: 'Zorb (?<z>lax)' } ] }\n"
                        "  - id: rep-e\n    title: t\n    category: expired\n"
                        "    when: { all: [ { event: exception, field: message, pattern: 'Quux[0-9]+Frobs' }, { line: 'Zorb (?<z>lax)' } ] }\n";
    tx_ruleset *rs = shipped(extra);
    CHECK(rs != NULL);
    if (!rs)
        return;
    int at[5] = {-1, -1, -1, -1, -1};
    for (unsigned i = 0; i < rs->n; i++)
        if (!strncmp(rs->rules[i]->id, "rep-", 4) && rs->rules[i]->id[4] >= 'a' && rs->rules[i]->id[4] <= 'e')
            at[rs->rules[i]->id[4] - 'a'] = (int)i;
    CHECK(at[0] >= 0 && at[1] >= 0 && at[2] >= 0 && at[3] >= 0 && at[4] >= 0);
    if (at[0] >= 0 && at[1] >= 0 && at[2] >= 0 && at[3] >= 0 && at[4] >= 0) {
        CHECK_INT(rs->when_rep[at[0]], at[0]);
        CHECK_INT(rs->when_rep[at[1]], at[0]);
        CHECK_INT(rs->when_shared[at[0]], 1);
        CHECK_INT(rs->when_rep[at[2]], at[2]); /* another field */
        CHECK_INT(rs->when_rep[at[3]], at[3]); /* any, not all */
        CHECK_INT(rs->when_rep[at[4]], at[4]); /* another pattern */
        /* the five line conditions have one pattern text: one search per line */
        unsigned la = rs->rules[at[0]]->when->kids[1]->line_id;
        CHECK_INT(rs->lm_rep[la], la);
        for (int k = 1; k < 5; k++) {
            const txr_cond *w = rs->rules[at[k]]->when;
            CHECK_INT(rs->lm_rep[w->kids[1]->line_id], la);
        }
    }
    for (unsigned i = 0; i < rs->n; i++) /* every representative is its own */
        CHECK_INT(rs->when_rep[rs->when_rep[i]], rs->when_rep[i]);
    /* adjust items: rep-b's second has rep-a's condition (another `by`), its first another pattern */
    CHECK(rs->adj_at != NULL && rs->adj_rep != NULL && rs->nadj_shared >= 1);
    if (rs->adj_at && rs->adj_rep && at[0] >= 0 && at[1] >= 0) {
        CHECK_INT(rs->adj_at[at[0] + 1] - rs->adj_at[at[0]], 1);
        CHECK_INT(rs->adj_at[at[1] + 1] - rs->adj_at[at[1]], 2);
        unsigned a0 = rs->adj_at[at[0]], b0 = rs->adj_at[at[1]];
        CHECK_INT(rs->adj_rep[b0 + 1], rs->adj_rep[a0]);
        CHECK(rs->adj_rep[b0] != rs->adj_rep[a0]);
        CHECK_INT(rs->adj_at[rs->n], rs->nadj);
        for (unsigned j = 0; j < rs->nadj; j++)
            CHECK(rs->adj_rep[j] <= j && rs->adj_rep[rs->adj_rep[j]] == rs->adj_rep[j]);
    }
    tx_ruleset_free(rs);
}

static void on_matcher(void *ud, unsigned m)
{
    unsigned *n = ud;
    if (m < 3)
        n[m]++;
}

/* A line joined from a paste's broken pieces (txr_prefilter_text): the
 * stream's bytes hold the literal broken by a newline, so only the scan of
 * the joined text finds it; a matcher the stream reported already is not
 * reported again for the same line. */
/* "alert" twice (once case-insensitively) and "fatal alert" over it: the
 * literal set the scans of repeated literals are tried on */
static txr_litset *alert_set(unsigned mode)
{
    const char *dl[] = {"alert", "fatal alert", "alert", "ALERT"};
    size_t dn[] = {5, 11, 5, 5};
    unsigned char dc[] = {0, 0, 0, 1};
    return txr_litset_new(dl, dn, dc, 4, mode);
}

static void test_prefilter_text(void)
{
    txr_linematch lm[3];
    memset(lm, 0, sizeof lm);
    strcpy(lm[0].lits[0], "Failed authentication with");
    strcpy(lm[1].lits[0], "SSL handshake failed");
    strcpy(lm[2].lits[0], "unrelated words");
    for (unsigned i = 0; i < 3; i++)
        lm[i].nlits = 1;
    txr_prefilter *pf = txr_prefilter_new(lm, 3, 0);
    txr_pfscan *ps = pf ? txr_pfscan_new(pf) : NULL;
    CHECK(ps != NULL);
    if (ps) {
        const char *raw = "INFO Failed authentication w\nith /10.0.0.9 (SSL handshake failed)\n";
        const char *joined = "INFO Failed authentication with /10.0.0.9 (SSL handshake failed)";
        unsigned n[3] = {0, 0, 0};
        txr_prefilter_feed(ps, raw, strlen(raw));
        txr_prefilter_line(ps, 0, strlen(raw), 0, on_matcher, n);
        CHECK_INT(n[0], 0); /* (broken in the stream) */
        CHECK_INT(n[1], 1);
        txr_prefilter_text(ps, joined, strlen(joined), on_matcher, n);
        CHECK_INT(n[0], 1);
        CHECK_INT(n[1], 1); /* (once per line) */
        CHECK_INT(n[2], 0);
        /* the next joined text is scanned from its own start */
        txr_prefilter_line(ps, strlen(raw), strlen(raw), 0, on_matcher, n);
        txr_prefilter_text(ps, "with /10.0.0.9", 14, on_matcher, n);
        CHECK_INT(n[0], 1);
        txr_prefilter_text(ps, "Failed authentication with x", 28, on_matcher, n);
        CHECK_INT(n[0], 2);
    }
    txr_pfscan_free(ps);
    txr_prefilter_free(pf);
}

/* A literal set larger than the shipped rulebook's ten times over (issue 17:
 * ~100,000 automaton states, over the 65,535 the Aho-Corasick build once
 * refused), literals over a small alphabet so that they share prefixes and
 * end inside one another, repeated, in both case modes: every scan reports
 * what a naive search does - each (literal, end), and with Aho-Corasick in
 * its order: at each end the longest literals first, of one length the
 * highest index first; a case-exact literal only where its bytes are, unless
 * (stream) it began in an earlier chunk. */
typedef struct {
    const char *p;
    size_t len;
    unsigned idx;
} big_lit;

static int fold_cmp(const char *a, const char *b, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        int x = tolower((unsigned char)a[k]), y = tolower((unsigned char)b[k]);
        if (x != y)
            return x - y;
    }
    return 0;
}

static int big_cmp(const void *x, const void *y)
{
    const big_lit *a = x, *b = y;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    int c = fold_cmp(a->p, b->p, a->len);
    return c ? c : (a->idx > b->idx ? -1 : a->idx < b->idx); /* (one text: highest index first) */
}

/* The matches ending at text[0 .. n) a naive search finds: (end << 32 | lit)
 * in report order; chunk: the stream's chunk size (0: one block). */
static void big_naive(const big_lit *sorted, unsigned nl, const char *const *lits, const unsigned char *icase,
                      const char *text, size_t n, size_t chunk, hits *out)
{
    for (size_t e = 1; e <= n; e++) {
        size_t cstart = chunk ? (e - 1) / chunk * chunk : 0;
        for (size_t len = 40; len >= 1; len--) { /* (longest first) */
            if (len > e)
                continue;
            /* the literals of this length whose folded bytes end at e */
            size_t lo = 0, hi = nl;
            while (lo < hi) { /* the first not below (len, text) */
                size_t mid = (lo + hi) / 2;
                int c = sorted[mid].len != len ? (sorted[mid].len < len ? -1 : 1)
                                               : fold_cmp(sorted[mid].p, text + e - len, len);
                if (c < 0)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            for (; lo < nl && sorted[lo].len == len && !fold_cmp(sorted[lo].p, text + e - len, len); lo++) {
                unsigned i = sorted[lo].idx;
                if (!icase[i] && e - len >= cstart && memcmp(lits[i], text + e - len, len) != 0)
                    continue;
                on_any(out, i, e);
            }
        }
    }
}

static int u64_cmp(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

static void test_big_set(void)
{
    enum { NL = 9000, TEXT = 1 << 15, CHUNK = 1000 };
    static const char alpha[] = "aAbBcC:";
    char **lits = calloc(NL, sizeof *lits);
    size_t *lens = calloc(NL, sizeof *lens);
    unsigned char *icase = calloc(NL, 1);
    big_lit *sorted = calloc(NL, sizeof *sorted);
    char *text = malloc(TEXT);
    CHECK(lits && lens && icase && sorted && text);
    if (!lits || !lens || !icase || !sorted || !text)
        goto out;
    uint32_t r = 12345;
#define RND() (r = r * 1103515245u + 12345u, (r >> 16) & 0x7fff)
    size_t bytes = 0;
    for (unsigned i = 0; i < NL; i++) {
        if (i >= 30 && RND() % 8 == 0) { /* a copy of an earlier literal (rules copied under other ids) */
            unsigned j = RND() % i;
            lens[i] = lens[j];
            lits[i] = malloc(lens[i]);
            if (lits[i])
                memcpy(lits[i], lits[j], lens[i]);
        } else {
            lens[i] = i < 30 ? 1 + i % 6 : 6 + RND() % 35; /* (a few short ones: matches everywhere) */
            lits[i] = malloc(lens[i]);
            for (size_t k = 0; lits[i] && k < lens[i]; k++)
                lits[i][k] = alpha[RND() % 7];
        }
        icase[i] = RND() % 2;
        bytes += lens[i];
        if (!lits[i])
            goto out;
        sorted[i] = (big_lit){lits[i], lens[i], i};
    }
    CHECK(bytes > 150000);
    qsort(sorted, NL, sizeof *sorted, big_cmp);
    for (size_t k = 0; k < TEXT; k++)
        text[k] = alpha[RND() % 7];
#undef RND
    int ac = !strcmp(txr_prefilter_engine(), "aho-corasick");
    txr_litset *ls = txr_litset_new((const char *const *)lits, lens, icase, NL, TXR_LS_BLOCK | TXR_LS_STREAM);
    CHECK(ls != NULL);
    txr_litscan *sc = ls ? txr_litscan_new(ls) : NULL;
    CHECK(sc != NULL);
    for (int stream = 0; sc && stream < 2; stream++) {
        hits got = {0}, want = {0};
        if (stream) {
            txr_litscan_restart(sc);
            for (size_t off = 0; off < TEXT; off += CHUNK)
                txr_litscan_stream(sc, text + off, TEXT - off < CHUNK ? TEXT - off : CHUNK, on_any, &got);
        } else {
            txr_litscan_block(sc, text, TEXT, on_any, &got);
        }
        big_naive(sorted, NL, (const char *const *)lits, icase, text, TEXT, stream ? CHUNK : 0, &want);
        CHECK(want.n > 10000);
        if (!ac) { /* (Hyperscan: its own order; a case-exact literal spanning chunks checked) */
            qsort(got.v, got.n, sizeof *got.v, u64_cmp);
            qsort(want.v, want.n, sizeof *want.v, u64_cmp);
        }
        if (!ac && stream) /* every exact match Hyperscan finds is also in the superset */
            CHECK(got.n <= want.n);
        else
            CHECK(got.n == want.n && !memcmp(got.v, want.v, got.n * sizeof *got.v));
        free(got.v);
        free(want.v);
    }
    txr_litscan_free(sc);
    txr_litset_free(ls);
    if (ac) { /* one literal of more bytes than TX_MAX_AC_STATES: refused, not built */
        size_t huge = (size_t)TX_MAX_AC_STATES + 1;
        char *h = malloc(huge);
        if (h) {
            memset(h, 'q', huge);
            const char *hl[1] = {h};
            unsigned char hc[1] = {0};
            txr_litset *no = txr_litset_new(hl, &huge, hc, 1, TXR_LS_BLOCK);
            CHECK(no == NULL);
            txr_litset_free(no);
            free(h);
        }
    }
out:
    for (unsigned i = 0; lits && i < NL; i++)
        free(lits[i]);
    free(lits);
    free(lens);
    free(icase);
    free(sorted);
    free(text);
}

int main(void)
{
    test_big_set();
    test_needs();
    test_reps();
    test_scan_fields();
    test_literal_sets();
    test_wide_literals();
    const char *lits[] = {"Cipher ", "PKIX path", "fatal alert", "xyz"};
    size_t lens[] = {7, 9, 11, 3};
    unsigned char icase[] = {0, 1, 0, 1};

    /* block mode: "Cipher " exact, "PKIX path" any case */
    txr_litset *ls = txr_litset_new(lits, lens, icase, 4, TXR_LS_BLOCK);
    CHECK(ls != NULL);
    txr_litscan *sc = ls ? txr_litscan_new(ls) : NULL;
    CHECK(sc != NULL);
    if (sc) {
        seen s = {{0}, {0}};
        const char *t = "Ignoring unsupported cipher suite: X\nSuite: Cipher A\npkix PATH building\nFatal Alert\n";
        txr_litscan_block(sc, t, strlen(t), on_lit, &s);
        CHECK_INT(s.hits[0], 1); /* not the lower-case "cipher " */
        CHECK_INT(s.end[0], strstr(t, "Cipher A") - t + 7);
        CHECK_INT(s.hits[1], 1); /* caseless */
        CHECK_INT(s.hits[2], 0); /* exact: "Fatal Alert" is not "fatal alert" */
        CHECK_INT(s.hits[3], 0);
    }
    txr_litscan_free(sc);
    txr_litset_free(ls);

    /* the same literal twice (and once in another case mode): every index reported */
    {
        txr_litset *d = alert_set(TXR_LS_BLOCK | TXR_LS_STREAM);
        CHECK(d != NULL);
        txr_litscan *ds = d ? txr_litscan_new(d) : NULL;
        if (ds) {
            seen s = {{0}, {0}};
            const char *t = "x fatal alert y";
            txr_litscan_block(ds, t, strlen(t), on_lit, &s);
            CHECK_INT(s.hits[0], 1);
            CHECK_INT(s.hits[1], 1);
            CHECK_INT(s.hits[2], 1);
            CHECK_INT(s.hits[3], 1);
            CHECK_INT(s.end[2], 13);
        }
        txr_litscan_free(ds);
        txr_litset_free(d);
    }

    /* once only (txr_litscan_block_once): each index of a distinct literal
     * that occurs, once, at its first end, however often it occurs; the
     * same indices as every match reported, and again in the next scan */
    {
        txr_litset *d = alert_set(TXR_LS_BLOCK);
        txr_litscan *ds = d ? txr_litscan_new(d) : NULL;
        CHECK(ds != NULL);
        for (int round = 0; ds && round < 2; round++) {
            seen all = {{0}, {0}}, once = {{0}, {0}};
            const char *t = "alert x fatal alert y Alert z alert alert";
            txr_litscan_block(ds, t, strlen(t), on_lit, &all);
            txr_litscan_block_once(ds, t, strlen(t), on_lit, &once);
            int hs = !strcmp(txr_prefilter_engine(), "hyperscan"); /* (Aho-Corasick: every match) */
            for (int k = 0; k < 4; k++) {
                CHECK_INT(!!once.hits[k], !!all.hits[k]);
                CHECK(!hs || once.hits[k] <= 1);
                CHECK_INT(once.end[k], all.end[k]);
            }
            CHECK(all.hits[0] > 1 && once.hits[1] >= 1 && once.hits[3] >= 1);
            CHECK(!hs || (once.hits[0] == 1 && once.hits[2] == 1));
        }
        txr_litscan_free(ds);
        txr_litset_free(d);
    }

    /* as distinct literals (txr_litscan_block_distinct): one call per match,
     * standing for the indices txr_litscan_block reports there */
    {
        txr_litset *d = alert_set(TXR_LS_BLOCK);
        txr_litscan *ds = d ? txr_litscan_new(d) : NULL;
        CHECK(ds != NULL);
        if (ds) {
            int hs = !strcmp(txr_prefilter_engine(), "hyperscan"); /* (Aho-Corasick: each literal its own) */
            CHECK_INT(txr_litset_ndistinct(d), hs ? 3 : 4);
            seen all = {{0}, {0}}, dist = {{0}, {0}};
            distinct_seen ctx = {d, &dist, 0};
            const char *t = "alert x fatal alert y Alert z";
            txr_litscan_block(ds, t, strlen(t), on_lit, &all);
            txr_litscan_block_distinct(ds, t, strlen(t), on_distinct, &ctx);
            for (int k = 0; k < 4; k++) {
                CHECK_INT(dist.hits[k], all.hits[k]);
                CHECK_INT(dist.end[k], all.end[k]);
            }
            CHECK_INT(all.hits[0], 2);
            CHECK(!hs || ctx.calls == 6); /* alert twice, fatal alert, ALERT three times (caseless) */
        }
        txr_litscan_free(ds);
        txr_litset_free(d);
    }

    /* stream mode: matches found across chunk borders, offsets from the stream start */
    ls = txr_litset_new(lits, lens, icase, 4, TXR_LS_STREAM);
    CHECK(ls != NULL);
    sc = ls ? txr_litscan_new(ls) : NULL;
    CHECK(sc != NULL);
    if (sc) {
        seen s = {{0}, {0}};
        const char *t = "a Cipher b cipher c received fatal alert d XYZ";
        size_t n = strlen(t);
        for (size_t i = 0; i < n; i += 5) /* 5-byte chunks: every literal spans a border */
            txr_litscan_stream(sc, t + i, n - i < 5 ? n - i : 5, on_lit, &s);
        /* (the Aho-Corasick engine reports a case-exact literal it cannot
         * check, begun in an earlier chunk: "cipher " too; a superset is safe) */
        CHECK(s.hits[0] >= 1);
        CHECK_INT(s.end[0], 9);
        CHECK_INT(s.hits[2], 1);
        CHECK_INT(s.end[2], strstr(t, "fatal alert") - t + 11);
        CHECK_INT(s.hits[3], 1);
    }
    txr_litscan_free(sc);
    txr_litset_free(ls);

    /* a stream started again forgets a match begun before (its offsets from 0 again) */
    ls = txr_litset_new(lits, lens, icase, 4, TXR_LS_STREAM);
    sc = ls ? txr_litscan_new(ls) : NULL;
    CHECK(sc != NULL);
    if (sc) {
        seen s = {{0}, {0}};
        txr_litscan_stream(sc, "x fatal al", 10, on_lit, &s);
        txr_litscan_restart(sc);
        txr_litscan_stream(sc, "ert y", 5, on_lit, &s); /* ("fatal al" + "ert" is no match now) */
        CHECK_INT(s.hits[2], 0);
        txr_litscan_restart(sc);
        txr_litscan_stream(sc, "ab fatal alert", 14, on_lit, &s);
        CHECK_INT(s.hits[2], 1);
        CHECK_INT(s.end[2], 14);
    }
    txr_litscan_free(sc);
    txr_litset_free(ls);

    test_prefilter_text();

    /* an empty set scans nothing */
    ls = txr_litset_new(lits, lens, icase, 0, TXR_LS_BLOCK | TXR_LS_STREAM);
    CHECK(ls != NULL);
    sc = ls ? txr_litscan_new(ls) : NULL;
    if (sc) {
        seen s = {{0}, {0}};
        txr_litscan_block(sc, "Cipher ", 7, on_lit, &s);
        txr_litscan_stream(sc, "Cipher ", 7, on_lit, &s);
        CHECK_INT(s.hits[0], 0);
    }
    txr_litscan_free(sc);
    txr_litset_free(ls);
    test_build_cache();
    TX_TEST_END();
}
