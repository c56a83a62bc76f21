/*
 * test_align.c - the step alignment of compare/align.c, and the fact
 * globs of the category -> supporting facts table.
 *
 * Sequences are written as strings: one letter per step.  The head is the
 * letter; a digit after it is a detail, so "B1" and "B2" are the same
 * step with other details (a "near" change) and "B" and "X" are
 * different steps.
 */
#include <stdlib.h>
#include <string.h>

#include "compare/compare.h"
#include "rules/ruleset.h"
#include "tests/tx_test.h"

/* A finding of category cat, with its support as the ruleset declares it. */
static const txa_mfinding *sup(const tx_ruleset *rs, const char *cat)
{
    static txa_mfinding f; /* one at a time: the test reads it before the next call */
    memset(&f, 0, sizeof f);
    const txr_category *c = rs ? txr_vocab_category(&rs->voc, cat) : NULL;
    f.category = cat;
    if (c) {
        f.support = c->support;
        f.nsupport = c->nsupport;
    }
    return &f;
}

static size_t keys(const char *s, txd_key *k)
{
    size_t n = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9')
            continue;
        char h[2] = {*p, 0}, d[2] = {p[1] >= '0' && p[1] <= '9' ? p[1] : 0, 0};
        k[n].head = txd_hash(TXD_HASH_INIT, h);
        k[n].sig = txd_hash(k[n].head, d);
        n++;
    }
    return n;
}

/* The alignment as a string: M match, C change, G only in GOOD, B only in BAD. */
static const char *ops_of(const char *g, const char *b, unsigned *cost)
{
    static char out[2048];
    txd_key kg[600], kb[600];
    size_t ng = keys(g, kg), nb = keys(b, kb), n;
    txd_op *ops;
    out[0] = '\0';
    if (txd_align(kg, ng, kb, nb, &ops, &n, cost) != 0)
        return "ENOMEM";
    for (size_t i = 0; i < n && i < sizeof out - 1; i++)
        out[i] = "MCGB"[ops[i].op];
    out[n < sizeof out ? n : sizeof out - 1] = '\0';
    free(ops);
    return out;
}

/* An independent check: the classic forward DP gives the optimal cost. */
static unsigned forward_cost(const txd_key *g, size_t ng, const txd_key *b, size_t nb)
{
    static unsigned D[64][64];
    for (size_t i = 0; i <= ng; i++)
        for (size_t j = 0; j <= nb; j++) {
            if (!i || !j) {
                D[i][j] = (unsigned)(i + j) * TXD_COST_GAP;
                continue;
            }
            unsigned s = g[i - 1].head != b[j - 1].head ? TXD_COST_FAR : g[i - 1].sig != b[j - 1].sig ? TXD_COST_NEAR : 0;
            unsigned best = D[i - 1][j - 1] + s;
            if (D[i - 1][j] + TXD_COST_GAP < best)
                best = D[i - 1][j] + TXD_COST_GAP;
            if (D[i][j - 1] + TXD_COST_GAP < best)
                best = D[i][j - 1] + TXD_COST_GAP;
            D[i][j] = best;
        }
    return D[ng][nb];
}

static void random_checks(void)
{
    unsigned seed = 12345;
    int bad_cover = 0, bad_cost = 0, bad_prefix = 0, bad_opt = 0;
    for (int round = 0; round < 2000; round++) {
        txd_key g[40], b[40];
        size_t ng, nb;
        char sg[81], sb[81];
        seed = seed * 1103515245u + 12345u;
        ng = (seed >> 16) % 20;
        seed = seed * 1103515245u + 12345u;
        nb = (seed >> 16) % 20;
        /* a shared prefix, then noise over a small alphabet */
        seed = seed * 1103515245u + 12345u;
        size_t pre = (seed >> 16) % 8;
        size_t k = 0;
        for (size_t i = 0; i < ng; i++) {
            seed = seed * 1103515245u + 12345u;
            sg[k++] = (char)('A' + (seed >> 16) % 4);
            if ((seed >> 20) % 3 == 0)
                sg[k++] = (char)('1' + (seed >> 24) % 2);
        }
        sg[k] = '\0';
        k = 0;
        for (size_t i = 0; i < nb; i++) {
            seed = seed * 1103515245u + 12345u;
            sb[k++] = (char)('A' + (seed >> 16) % 4);
            if ((seed >> 20) % 3 == 0)
                sb[k++] = (char)('1' + (seed >> 24) % 2);
        }
        sb[k] = '\0';
        ng = keys(sg, g);
        nb = keys(sb, b);
        if (pre > ng)
            pre = ng;
        if (pre > nb)
            pre = nb;
        memcpy(b, g, pre * sizeof *g);
        txd_op *ops;
        size_t n;
        unsigned cost;
        if (txd_align(g, ng, b, nb, &ops, &n, &cost) != 0) {
            CHECK(!"out of memory");
            return;
        }
        /* every step of each side appears once, in order */
        size_t gi = 0, bi = 0;
        unsigned sum = 0;
        for (size_t i = 0; i < n; i++) {
            if (ops[i].g != TXD_NONE && ops[i].g != gi++)
                bad_cover++;
            if (ops[i].b != TXD_NONE && ops[i].b != bi++)
                bad_cover++;
            switch (ops[i].op) {
            case TXD_OP_MATCH:
                if (g[ops[i].g].sig != b[ops[i].b].sig)
                    bad_cost++;
                break;
            case TXD_OP_CHANGE:
                sum += g[ops[i].g].head == b[ops[i].b].head ? TXD_COST_NEAR : TXD_COST_FAR;
                break;
            default:
                sum += TXD_COST_GAP;
                break;
            }
        }
        if (gi != ng || bi != nb)
            bad_cover++;
        if (sum != cost)
            bad_cost++;
        if (cost != forward_cost(g, ng, b, nb))
            bad_opt++;
        /* the shared prefix is matched (the divergence is never early) */
        for (size_t i = 0; i < pre; i++)
            if (i >= n || ops[i].op != TXD_OP_MATCH)
                bad_prefix++;
        free(ops);
    }
    CHECK_INT(bad_cover, 0);
    CHECK_INT(bad_cost, 0);
    CHECK_INT(bad_opt, 0);
    CHECK_INT(bad_prefix, 0);
}

int main(void)
{
    unsigned cost;

    /* identical runs */
    CHECK_STR(ops_of("ABCD", "ABCD", &cost), "MMMM");
    CHECK_INT(cost, 0);
    CHECK_STR(ops_of("", "", &cost), "");
    CHECK_INT(cost, 0);
    CHECK_STR(ops_of("ABC", "", &cost), "GGG");
    CHECK_INT(cost, 3 * TXD_COST_GAP);
    CHECK_STR(ops_of("", "AB", &cost), "BB");
    CHECK_INT(cost, 2 * TXD_COST_GAP);

    /* a detail differs: one near change (TLSv1.2 instead of TLSv1.3) */
    CHECK_STR(ops_of("AB1C", "AB2C", &cost), "MCM");
    CHECK_INT(cost, TXD_COST_NEAR);
    /* a detail present on one side only is a detail, not a new step */
    CHECK_STR(ops_of("AB1C", "ABC", &cost), "MCM");

    /* a step missing in BAD (the intermediate certificate) */
    CHECK_STR(ops_of("ABCD", "ABD", &cost), "MMGM");
    CHECK_INT(cost, TXD_COST_GAP);
    /* an extra step in BAD: skipped, not paired with an unrelated step */
    CHECK_STR(ops_of("ABC", "AXBC", &cost), "MBMM");
    CHECK_INT(cost, TXD_COST_GAP);

    /* unrelated steps in the same place are one change ("instead of X, Y") */
    CHECK_STR(ops_of("ABC", "ABX", &cost), "MMC");
    CHECK_INT(cost, TXD_COST_FAR);
    /* BAD stops early with an alert: the change comes first, then the rest is missing */
    CHECK_STR(ops_of("ABCDEF", "ABCX", &cost), "MMMCGG");
    CHECK_INT(cost, TXD_COST_FAR + 2 * TXD_COST_GAP);
    /* BAD ends with an alert and an exception where GOOD went on */
    CHECK_STR(ops_of("ABCTVF", "ABCXY", &cost), "MMMCCG");
    /* a good handshake against a run that only has an exception */
    CHECK_STR(ops_of("ABCD", "X", &cost), "CGGG");

    /* deterministic: same input, same output */
    char first[64];
    snprintf(first, sizeof first, "%s", ops_of("ABCABC", "ACBACB", &cost));
    CHECK_STR(ops_of("ABCABC", "ACBACB", &cost), first);

    /* inputs past the cap are cut there */
    char big[700];
    memset(big, 'A', 600);
    big[600] = '\0';
    const char *o = ops_of(big, "AA", &cost);
    CHECK_INT(strlen(o), TX_MAX_ALIGN_STEPS);
    CHECK_INT(cost, (TX_MAX_ALIGN_STEPS - 2) * TXD_COST_GAP);

    random_checks();

    /* the hash separates fields */
    CHECK(txd_hash(txd_hash(TXD_HASH_INIT, "ab"), "c") != txd_hash(txd_hash(TXD_HASH_INIT, "a"), "bc"));
    CHECK(txd_hash(TXD_HASH_INIT, NULL) == txd_hash(TXD_HASH_INIT, ""));

    /* fact globs and the category table */
    CHECK(txd_glob("server.cert[*].issuer", "server.cert[1].issuer"));
    CHECK(txd_glob("server.cert[*].issuer", "server.cert[12].issuer"));
    CHECK(!txd_glob("server.cert[*].issuer", "server.cert[1].subject"));
    CHECK(txd_glob("truststore.*", "truststore.path"));
    CHECK(!txd_glob("truststore.*", "keystore.path"));
    CHECK(txd_glob("config.*evocation*", "config.com.sun.net.ssl.checkRevocation"));
    CHECK(txd_glob("*", ""));
    CHECK(!txd_glob("a", ""));
    /* the shipped categories' support globs (rules/tls/categories.yaml) */
    tx_compiler *comp = NULL;
    tx_ruleset *rs = NULL;
    CHECK(tx_compiler_new(&comp) == TX_OK && tx_compiler_finish(comp, &rs) == TX_OK);
    tx_compiler_free(comp);
    CHECK(txd_supports(sup(rs, "expired"), "server.cert[0].not_after"));
    CHECK(!txd_supports(sup(rs, "expired"), "truststore.path"));
    CHECK(txd_supports(sup(rs, "untrusted-cert"), "truststore.anchor_subjects"));
    CHECK(txd_supports(sup(rs, "untrusted-cert"), "server.cert[1].issuer"));
    CHECK(txd_supports(sup(rs, "missing-intermediate"), "server.chain.length"));
    CHECK(txd_supports(sup(rs, "hostname-mismatch"), "server.cert[0].san"));
    CHECK(!txd_supports(sup(rs, "hostname-mismatch"), "server.cert[1].san"));
    CHECK(txd_supports(sup(rs, "cipher-mismatch"), "config.jdk.tls.client.cipherSuites"));
    CHECK(txd_supports(sup(rs, "client-auth-required"), "client_auth.certificate"));
    CHECK(txd_supports(sup(rs, "keystore-password"), "keystore.error"));
    CHECK(txd_supports(sup(rs, "revoked"), "config.com.sun.net.ssl.checkRevocation"));
    CHECK(txd_supports(sup(rs, "no-such-category"), "exception"));
    CHECK(!txd_supports(sup(rs, "no-such-category"), "truststore.path"));
    CHECK(txd_supports(NULL, "alerts"));
    tx_ruleset_free(rs);

    TX_TEST_END();
}
