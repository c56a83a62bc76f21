/* test_prefilter.c - literal sets (issue 17): a literal is matched exactly
 * unless its pattern is case-insensitive, in blocks and in streams whose
 * matches span chunks. */
#include <stdint.h>
#include <string.h>

#include "../../rules/prefilter.h"
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

int main(void)
{
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
    TX_TEST_END();
}
