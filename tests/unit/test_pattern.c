/* test_pattern.c - inline option detection (the field-test prefilter relies on
 * it, issue 17), the load-time backtracking probe, and the run-wide regex
 * budget's bookkeeping (issue 16), and the regex results kept for texts met
 * again (rxcache.h, issue 17). */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../parser/limits.h"
#include "../../parser/strparse.h"
#include "../../rules/eval.h"
#include "../../rules/pattern.h"
#include "../../rules/recache.h"
#include "../../rules/rxcache.h"
#include "../tx_test.h"

_Static_assert(TX_MAX_PATTERN_LITERALS == 32, "the literal checks below count on 32");

static unsigned flags(const char *re) { return txr_pattern_flags(re, strlen(re)); }

/* The literals of re (min 3 bytes, at most TX_MAX_PATTERN_LITERALS), joined by ','. */
static const char *lits(const char *re)
{
    static char out[512];
    char l[TX_MAX_PATTERN_LITERALS][32];
    unsigned n = txr_pattern_literals(re, strlen(re), l, TX_MAX_PATTERN_LITERALS, 3);
    out[0] = '\0';
    for (unsigned i = 0; i < n; i++) {
        strcat(out, i ? "," : "");
        strcat(out, l[i]);
    }
    return out;
}

static int probe(const char *re)
{
    size_t off;
    char msg[256];
    txr_pattern *p = txr_pattern_compile(re, strlen(re), &off, msg, sizeof msg);
    if (!p)
        return -1;
    int c = txr_pattern_probe(p);
    txr_pattern_free(p);
    return c;
}

/* The shipped rulebook's patterns come compiled from the build (recache.h):
 * every one of them decodes, unless TLSEXPLAIN_NO_CACHE; another pattern is
 * compiled; decoded and compiled code find the same matches and captures. */
static void test_build_cache(void)
{
    char msg[256];
    size_t off = 0;
    CHECK(txr_re_ncache > 100);
    unsigned decoded = 0;
    for (unsigned i = 0; i < txr_re_ncache; i++) {
        const txr_re_cached *e = &txr_re_cache[i];
        if (i)
            CHECK(txr_re_cache[i - 1].len < e->len ||
                  (txr_re_cache[i - 1].len == e->len && memcmp(txr_re_cache[i - 1].src, e->src, e->len) < 0));
        txr_pattern *p = txr_pattern_compile(e->src, e->len, &off, msg, sizeof msg);
        decoded += p && txr_pattern_cached(p);
        if (p) { /* the build's reading of the source is the one made now */
            char got[TX_MAX_PATTERN_LITERALS][32], want[TX_MAX_PATTERN_LITERALS][32];
            CHECK_INT(txr_pattern_source_flags(p), txr_pattern_flags(e->src, e->len));
            unsigned ng = txr_pattern_source_literals(p, got);
            unsigned nw = txr_pattern_literals(e->src, e->len, want, TX_MAX_PATTERN_LITERALS, 3);
            CHECK_INT(ng, nw);
            for (unsigned k = 0; k < ng && k < nw; k++)
                CHECK_STR(got[k], want[k]);
        }
        txr_pattern_free(p);
    }
    CHECK_INT(decoded, txr_re_ncache);
    /* a pattern with a named group, from the table if it is there */
    const txr_re_cached *named = NULL;
    for (unsigned i = 0; i < txr_re_ncache && !named; i++)
        if (strstr(txr_re_cache[i].src, "(?<") && !strstr(txr_re_cache[i].src, "(?<="))
            named = &txr_re_cache[i];
    CHECK(named != NULL);
    txr_pattern *other = txr_pattern_compile("zz(?<x>q+)zz not shipped", 24, &off, msg, sizeof msg);
    CHECK(other && !txr_pattern_cached(other));
    txr_pattern_free(other);
    if (!named)
        return;
    txr_pattern *a = txr_pattern_compile(named->src, named->len, &off, msg, sizeof msg);
    setenv("TLSEXPLAIN_NO_CACHE", "1", 1);
    txr_pattern *b = txr_pattern_compile(named->src, named->len, &off, msg, sizeof msg);
    unsetenv("TLSEXPLAIN_NO_CACHE");
    CHECK(a && b && txr_pattern_cached(a) && !txr_pattern_cached(b));
    txr_matcher *m = txr_matcher_new();
    if (a && b && m) {
        CHECK_INT(txr_pattern_ngroups(a), txr_pattern_ngroups(b));
        /* the pattern's own text and its samples' shapes: same result, same captures */
        const char *subj[] = {named->src, "subject CN=example.com, O=Example", "PKIX path building failed", ""};
        for (unsigned k = 0; k < sizeof subj / sizeof subj[0]; k++) {
            txr_capture ca[8], cb[8];
            unsigned na = 0, nb = 0;
            int ra = txr_pattern_match(m, a, subj[k], strlen(subj[k]), ca, 8, &na);
            int rb = txr_pattern_match(m, b, subj[k], strlen(subj[k]), cb, 8, &nb);
            CHECK_INT(ra, rb);
            CHECK_INT(na, nb);
            for (unsigned c = 0; c < na && c < nb; c++)
                CHECK(ca[c].s == cb[c].s && ca[c].n == cb[c].n && strcmp(ca[c].name, cb[c].name) == 0);
        }
    }
    txr_matcher_free(m);
    txr_pattern_free(a);
    txr_pattern_free(b);
}

/* Threads sharing a ruleset make a pattern's first matches at once: each
 * may JIT-compile a copy, one is kept, every match gives the same answer. */
typedef struct {
    const txr_pattern *p;
    int results[64];
} race;

static void *racer(void *ud)
{
    race *r = ud;
    txr_matcher *m = txr_matcher_new();
    for (unsigned i = 0; m && i < 64; i++) {
        const char *s = i % 2 ? "Received fatal alert: certificate_unknown" : "no alert here";
        txr_capture c[2];
        unsigned nc = 0;
        r->results[i] = txr_pattern_match(m, r->p, s, strlen(s), c, 2, &nc) * 10 + (int)nc;
    }
    txr_matcher_free(m);
    return NULL;
}

static void test_first_match_race(void)
{
    char msg[256];
    size_t off = 0;
    const char *re = "fatal alert: (?<alert>[a-z_]+)";
    for (int round = 0; round < 20; round++) {
        txr_pattern *p = txr_pattern_compile(re, strlen(re), &off, msg, sizeof msg);
        CHECK(p != NULL);
        if (!p)
            return;
        race r[4];
        pthread_t t[4];
        int started[4] = {0};
        for (int i = 0; i < 4; i++) {
            r[i].p = p;
            started[i] = pthread_create(&t[i], NULL, racer, &r[i]) == 0;
        }
        for (int i = 0; i < 4; i++)
            if (started[i])
                pthread_join(t[i], NULL);
        for (int i = 0; i < 4; i++)
            for (unsigned k = 0; started[i] && k < 64; k++)
                CHECK_INT(r[i].results[k], k % 2 ? 11 : 0);
        txr_pattern_free(p);
    }
}

/* The same with the build's decoded patterns, which share one set of
 * character tables: several patterns' first matches at once (each JIT copy
 * must not touch the shared tables' reference count; -j crashed on it). */
typedef struct {
    txr_pattern **p;
    unsigned n;
    int results[16];
} race_many;

static void *racer_many(void *ud)
{
    race_many *r = ud;
    txr_matcher *m = txr_matcher_new();
    for (unsigned i = 0; m && i < r->n; i++)
        r->results[i] = txr_pattern_match(m, r->p[i], "PKIX path building failed", 25, NULL, 0, NULL);
    txr_matcher_free(m);
    return NULL;
}

static void test_decoded_first_match_race(void)
{
    char msg[256];
    size_t off = 0;
    for (int round = 0; round < 40; round++) {
        txr_pattern *p[16];
        unsigned n = 0;
        for (unsigned i = 0; i < txr_re_ncache && n < 16; i += 1 + txr_re_ncache / 16) {
            p[n] = txr_pattern_compile(txr_re_cache[i].src, txr_re_cache[i].len, &off, msg, sizeof msg);
            if (p[n])
                n++;
        }
        CHECK(n >= 8);
        race_many r[4];
        pthread_t t[4];
        int started[4] = {0};
        for (int i = 0; i < 4; i++) {
            r[i].p = p;
            r[i].n = n;
            started[i] = pthread_create(&t[i], NULL, racer_many, &r[i]) == 0;
        }
        for (int i = 0; i < 4; i++)
            if (started[i])
                pthread_join(t[i], NULL);
        txr_matcher *m = txr_matcher_new();
        for (unsigned k = 0; m && k < n; k++) {
            int want = txr_pattern_match(m, p[k], "PKIX path building failed", 25, NULL, 0, NULL);
            for (int i = 0; i < 4; i++)
                if (started[i])
                    CHECK_INT(r[i].results[k], want);
        }
        txr_matcher_free(m);
        for (unsigned k = 0; k < n; k++)
            txr_pattern_free(p[k]);
    }
}

/* txi_memmem_at (a needle searched by its byte k first) finds what
 * txi_memmem finds, for every k, at the start, the end and in between. */
static void test_memmem_at(void)
{
    const char *hay[] = {"://", "x://y", "jre/lib/security", "a jre/lib/securit", "vversion version",
                         "-Djavax.net.ssl.trustStore=/x -Djavax.net.ssl.", "", "//::", "ab"};
    const char *needle[] = {"://", "jre/lib/security", "version", "-Djavax.net.ssl.", "b", "ab"};
    for (size_t h = 0; h < sizeof hay / sizeof hay[0]; h++)
        for (size_t n = 0; n < sizeof needle / sizeof needle[0]; n++)
            for (size_t k = 0; k <= strlen(needle[n]); k++) {
                size_t hn = strlen(hay[h]), nn = strlen(needle[n]);
                for (size_t off = 0; off <= hn; off++) /* every suffix: matches at its end too */
                    CHECK(txi_memmem_at(hay[h] + off, hn - off, needle[n], nn, k) ==
                          txi_memmem(hay[h] + off, hn - off, needle[n], nn));
            }
}

static txr_pattern *compile(const char *re)
{
    char msg[256];
    size_t off = 0;
    txr_pattern *p = txr_pattern_compile(re, strlen(re), &off, msg, sizeof msg);
    CHECK(p != NULL);
    return p;
}

/* A search that should be kept: only a search measured fast is, and a
 * search preempted on a loaded machine (an ASan build, two suites at once)
 * may measure slow; made again (at most 200 times) until one is kept. The
 * result of the last search is returned. */
static int match_kept_fast(txr_budget *bg, unsigned ri, const txr_pattern *re, const char *s, size_t n,
                           txr_capture *caps, unsigned ncap, unsigned *nc)
{
    int r = TXR_NOMATCH;
    for (int k = 0; k < 200; k++) {
        r = txr_budget_match_kept(bg, ri, re, s, n, caps, ncap, nc);
        if (txr_rxcache_get(bg->rxc, re, s, n, txi_text_hash(s, n), NULL, 0, NULL) != TXR_RXMISS)
            break;
    }
    return r;
}

/* The regex results kept for texts met again (rxcache.h): a miss, then a
 * hit with its captures in the new subject's bytes, charged as a fast
 * search; a switched-off rule's search skipped; a slow or stopped search
 * never kept; the bytes kept bounded (slots emptied in turn). */
static void test_rxcache(void)
{
    txr_rxcache *c = txr_rxcache_new();
    txr_pattern *re = compile("alias (?<alias>[a-z]+) in (?<store>\\w+)");
    txr_budget bg;
    CHECK(c && re);
    if (!c || !re)
        return;
    CHECK_INT(txr_budget_init(&bg, 2), 0);
    bg.rxc = c;
    char s1[] = "the alias foo in cacerts is expired", s2[sizeof s1];
    memcpy(s2, s1, sizeof s1);
    size_t n = strlen(s1);
    txr_capture caps[TXR_RXCACHE_CAPS];
    unsigned nc = 0, entries = 0;
    size_t bytes = 0;
    /* (one search first, so that the pattern's first-use work - its JIT - is not
       in the timed search below: only a search measured fast is kept, and an
       ASan build on a loaded machine could otherwise take longer) */
    CHECK_INT(txr_budget_match(&bg, 1, re, s1, n, NULL, 0, NULL), TXR_MATCH);
    /* a miss: searched, kept */
    CHECK_INT(txr_rxcache_get(c, re, s1, n, txi_text_hash(s1, n), caps, TXR_RXCACHE_CAPS, &nc), TXR_RXMISS);
    CHECK_INT(match_kept_fast(&bg, 0, re, s1, n, caps, TXR_RXCACHE_CAPS, &nc), TXR_MATCH);
    CHECK_INT(nc, 2);
    CHECK(caps[0].s == s1 + 10 && caps[0].n == 3 && !strcmp(caps[0].name, "alias"));
    txr_rxcache_usage(c, &entries, &bytes);
    CHECK_INT(entries, 1);
    /* a hit: the same bytes elsewhere, the captures in them */
    CHECK_INT(txr_rxcache_get(c, re, s2, n, txi_text_hash(s2, n), caps, 1, &nc), TXR_MATCH);
    CHECK_INT(nc, 1);
    bg.rule_suspect[0] = 3;
    CHECK_INT(txr_budget_match_kept(&bg, 0, re, s2, n, caps, TXR_RXCACHE_CAPS, &nc), TXR_MATCH);
    CHECK_INT(nc, 2);
    CHECK(caps[0].s == s2 + 10 && caps[0].n == 3 && !strcmp(caps[0].name, "alias"));
    CHECK(caps[1].s == s2 + 17 && caps[1].n == 7 && !strcmp(caps[1].name, "store"));
    CHECK_INT(bg.rule_suspect[0], 2); /* (charged as a fast search) */
    /* another pattern on the same text, a text with no match: their own entries */
    txr_pattern *other = compile("expired");
    CHECK_INT(match_kept_fast(&bg, 1, other, s1, n, NULL, 0, NULL), TXR_MATCH);
    CHECK_INT(match_kept_fast(&bg, 0, re, "no such text here", 17, caps, TXR_RXCACHE_CAPS, &nc), TXR_NOMATCH);
    CHECK_INT(nc, 0);
    txr_rxcache_usage(c, &entries, &bytes);
    CHECK_INT(entries, 3);
    CHECK_INT(txr_budget_match_kept(&bg, 0, re, "no such text here", 17, caps, TXR_RXCACHE_CAPS, &nc), TXR_NOMATCH);
    /* a switched-off rule: skipped as by txr_budget_match, nothing looked up */
    bg.rule_off[0] = TXR_OFF_STOPS;
    uint64_t skipped = bg.skipped;
    CHECK_INT(txr_budget_match_kept(&bg, 0, re, s1, n, caps, TXR_RXCACHE_CAPS, &nc), TXR_NOMATCH);
    CHECK_INT(bg.skipped, skipped + 1);
    bg.rule_off[0] = TXR_ON;
    /* a slow search (a.*a.* on 400 bytes: some n^3 / 6 steps, about 100 us
     * here, not stopped; a suspect's is timed in CPU time) is made again
     * each time, never kept */
    static char slow[400];
    memset(slow, 'a', sizeof slow);
    txr_pattern *quad = compile("a.*a.*[0-9]");
    txr_rxcache_usage(c, &entries, &bytes);
    for (int k = 0; k < 2; k++) {
        bg.rule_suspect[1] = 1;
        CHECK_INT(txr_budget_match_kept(&bg, 1, quad, slow, sizeof slow, NULL, 0, NULL), TXR_NOMATCH);
        unsigned e2;
        size_t b2;
        txr_rxcache_usage(c, &e2, &b2);
        CHECK_INT(e2, entries);
        CHECK_INT(txr_rxcache_get(c, quad, slow, sizeof slow, txi_text_hash(slow, sizeof slow), NULL, 0, NULL),
                  TXR_RXMISS);
    }
    /* a search stopped by a PCRE2 limit: charged, never kept */
    txr_pattern *stop = compile("(a|aa)+$");
    slow[63] = '!';
    uint64_t stops = bg.stops;
    CHECK_INT(txr_budget_match_kept(&bg, 1, stop, slow, 64, NULL, 0, NULL), TXR_LIMIT);
    CHECK_INT(bg.stops, stops + 1);
    CHECK_INT(txr_rxcache_get(c, stop, slow, 64, txi_text_hash(slow, 64), NULL, 0, NULL), TXR_RXMISS);
    /* the bound: distinct texts of the longest length kept, the first emptied */
    static char big[TXR_RXCACHE_TEXT];
    memset(big, 'x', sizeof big);
    unsigned many = TXR_RXCACHE_BYTES / TXR_RXCACHE_TEXT * 2;
    for (unsigned i = 0; i < many; i++) {
        memcpy(big, &i, sizeof i);
        txr_rxcache_put(c, other, big, sizeof big, txi_text_hash(big, sizeof big), TXR_NOMATCH, NULL, 0);
        txr_rxcache_usage(c, &entries, &bytes);
        CHECK(bytes <= TXR_RXCACHE_BYTES);
    }
    CHECK(entries < many);
    CHECK(entries >= TXR_RXCACHE_BYTES / TXR_RXCACHE_TEXT / 2);
    CHECK_INT(txr_rxcache_get(c, other, big, sizeof big, txi_text_hash(big, sizeof big), NULL, 0, NULL), TXR_NOMATCH);
    unsigned first = 0;
    memcpy(big, &first, sizeof first);
    CHECK_INT(txr_rxcache_get(c, other, big, sizeof big, txi_text_hash(big, sizeof big), NULL, 0, NULL), TXR_RXMISS);
    txr_budget_free(&bg);
    txr_pattern_free(quad);
    txr_pattern_free(stop);
    txr_pattern_free(other);
    txr_pattern_free(re);
    txr_rxcache_free(c);
}

int main(void)
{
    test_memmem_at();
    /* caseless whenever a flag group turns i on, wherever it is */
    CHECK_INT(flags("(?i)pkix"), TXR_FLAG_CASELESS);
    CHECK_INT(flags("(?mi)pkix"), TXR_FLAG_CASELESS);
    CHECK_INT(flags("(?si)pkix"), TXR_FLAG_CASELESS);
    CHECK_INT(flags("(?im-s)pkix"), TXR_FLAG_CASELESS);
    CHECK_INT(flags("(?im)pkix"), TXR_FLAG_CASELESS); /* i first or after other letters */
    CHECK_INT(flags("(?mi:pkix)"), TXR_FLAG_CASELESS);
    CHECK_INT(flags("^x (?msi)pkix"), TXR_FLAG_CASELESS);
    CHECK_INT(flags("(?si:pkix) path"), TXR_FLAG_CASELESS);
    CHECK_INT(flags("(?^i)pkix"), TXR_FLAG_CASELESS);
    CHECK_INT(flags("abc(?:x|y)(?s)(?mi)def"), TXR_FLAG_CASELESS);
    CHECK_INT(flags("(?-s)x(?i:y)"), TXR_FLAG_CASELESS);
    /* off, or not a flag group at all */
    CHECK_INT(flags("(?-i)pkix"), 0);
    CHECK_INT(flags("(?m-si)pkix"), 0);
    CHECK_INT(flags("(?s)pkix"), 0);
    CHECK_INT(flags("pkix(?=ing)"), 0);
    CHECK_INT(flags("(?<id>\\w+) (?P<x>y)"), 0);
    CHECK_INT(flags("(?#comment)x"), 0);
    CHECK_INT(flags("\\(?i"), 0);          /* an optional literal '(' then i */
    CHECK_INT(flags("[(?i)]x"), 0);        /* a class */
    CHECK_INT(flags("[](?i)]x"), 0);       /* a class holding ']' */
    CHECK_INT(flags("[^](?i)]x"), 0);
    CHECK_INT(flags("[a-z](?i)x"), TXR_FLAG_CASELESS);
    /* conservative when unsure: an unterminated class, a comment that looks like a group */
    CHECK(flags("[abc(?-i)") & TXR_FLAG_CASELESS);
    CHECK(flags("(?#(?i))x") & TXR_FLAG_CASELESS);
    /* extended mode */
    CHECK_INT(flags("(?x)a b"), TXR_FLAG_EXTENDED);
    CHECK_INT(flags("(?ix)a b"), TXR_FLAG_CASELESS | TXR_FLAG_EXTENDED);
    CHECK_INT(flags("(?-x)a b"), 0);

    /* prefilter literals: one per alternative, up to TX_MAX_PATTERN_LITERALS, or inside the one required group */
    CHECK_STR(lits("PKIX path building failed"), "PKIX path building failed");
    CHECK_STR(lits("a|bcd"), "");
    CHECK_STR(lits("one|two|three|four|five|six|seven|eight"), "one,two,three,four,five,six,seven,eight");
    CHECK_STR(lits("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|l13|l14|l15|l16"),
              "one,two,three,four,five,six,seven,eight,nine,ten,eleven,twelve,l13,l14,l15,l16");
    CHECK_STR(lits("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|l13|l14|l15|l16|l17"),
              "one,two,three,four,five,six,seven,eight,nine,ten,eleven,twelve,l13,l14,l15,l16,l17");
    CHECK_STR(lits("l01|l02|l03|l04|l05|l06|l07|l08|l09|l10|l11|l12|l13|l14|l15|l16|"
                   "l17|l18|l19|l20|l21|l22|l23|l24|l25|l26|l27|l28|l29|l30|l31|l32"),
              "l01,l02,l03,l04,l05,l06,l07,l08,l09,l10,l11,l12,l13,l14,l15,l16,"
              "l17,l18,l19,l20,l21,l22,l23,l24,l25,l26,l27,l28,l29,l30,l31,l32");
    CHECK_STR(lits("l01|l02|l03|l04|l05|l06|l07|l08|l09|l10|l11|l12|l13|l14|l15|l16|"
                   "l17|l18|l19|l20|l21|l22|l23|l24|l25|l26|l27|l28|l29|l30|l31|l32|l33"), "");
    CHECK_STR(lits("^(handshake_failure|bad_certificate|unknown_ca)$"), "handshake_failure,bad_certificate,unknown_ca");
    CHECK_STR(lits("^(?:TLSv1(\\.1)?|SSLv[23]|TLS1[01])$"), "TLSv1,SSLv2,SSLv3,TLS10,TLS11");
    CHECK_STR(lits("(?<w>abc|def)x"), "abcx,defx");          /* a group and what follows it */
    CHECK_STR(lits("(?P<w>abc|def)x"), "abcx,defx");
    CHECK_STR(lits("(?'w'abc|def)x"), "abcx,defx");
    CHECK_STR(lits("(?i:abc|def)x"), "abcx,defx");
    CHECK_STR(lits("(?:host name|match) '?(?<ip>\\d+)"), "host name ,match ");
    CHECK_STR(lits("(?i)(no[ -]?sni|fallback)"), "sni,fallback");   /* a flag setting is no group */
    CHECK_STR(lits("a(?:x|y)?(?:abc|def)"), "abc,def");             /* an optional group is skipped */
    CHECK_STR(lits("(?:abc|def)*x"), "");
    CHECK_STR(lits("(?:abc|def){0,2}x"), "");
    CHECK_STR(lits("(?:abc|def){2}x"), "abcx,defx");            /* its last repetition */
    CHECK_STR(lits("abcd{0,12}"), "abc");                           /* a quantifier's digits are no text */
    /* an escape's argument is no text: no literal rather than a wrong one */
    CHECK_STR(lits("keys\\x20store"), "store");                 /* (was "20store": never on "keys store") */
    CHECK_STR(lits("key\\x{20}store"), "store");
    CHECK_STR(lits("(ab)cd\\1"), "");
    CHECK_STR(lits("key\\101store"), "store");
    CHECK_STR(lits("trust\\cAstore"), "trust");
    CHECK_STR(lits("(?<w>ab)cd\\k<w>"), "");
    CHECK_STR(lits("(?<w>ab)cd\\k<w>xyz"), "xyz");
    CHECK_STR(lits("(ab)\\g{-1}abc"), "abc");
    CHECK_STR(lits("\\p{Lu}abc"), "abc");
    CHECK_STR(lits("keystore\\s+file"), "keystore");               /* \s takes none */
    CHECK_STR(lits("abcd{,12}"), "abc");
    CHECK_STR(lits("abcd{2,12}"), "abcd");
    CHECK_STR(lits("(?=abc|def)x"), "");                           /* lookarounds and the like */
    CHECK_STR(lits("(?!abc|def)x"), "");
    CHECK_STR(lits("(?<=abc|def)x"), "");
    CHECK_STR(lits("(?<!abc|def)x"), "");
    CHECK_STR(lits("(*UCP)(?:abc|def)"), "abc,def");
    CHECK_STR(lits("[(](?:abc|def)"), "(abc,(def");                /* a class holding '(' */
    CHECK_STR(lits("x|(?:(?:abc|def)|ghi)"), "");                   /* x is too short */
    CHECK_STR(lits("long enough|(?:(?:abc|def)|ghi)"), "long enough,abc,def,ghi");
    CHECK_STR(lits("(?:(?:(?:abc|def)))"), "abc,def");              /* four levels down at most */
    CHECK_STR(lits("(?:(?:(?:(?:abc|def))))"), "abc,def");
    CHECK_STR(lits("(?:(?:(?:(?:(?:abc|def)))))"), "");
    /* a fallback vocabulary's shape: a named group, an alternation of
     * phrases, one of them an alternation again */
    CHECK_STR(lits("(?i)(?<w>(?:\\bkey ?usage\\b|\\b(?:serverAuth|clientAuth)\\b)(?: [\\w/.-]+){0,3})"),
              "usage,serverAuth,clientAuth");
    /* of the required groups, the one whose shortest literal is longest; a
     * group without literals no longer hides the ones after it */
    CHECK_STR(lits("(?:x|y)\\d(?:abc|def)"), "abc,def");
    CHECK_STR(lits("(?:FNF: |(?<=\\s)|^)(?<f>\\S*(?:\\.jks|keystore)) \\((?<why>No such file|Permission denied)\\)"),
              " (No such file), (Permission denied)");
    CHECK_STR(lits("(^|[./@ ])(github\\.com|pypi\\.org)\\b"), "github.com,pypi.org");
    CHECK_STR(lits("(?:abcd|efgh)\\d(?:ijklmn|opqrst)"), "ijklmn,opqrst"); /* longer shortest literal */
    CHECK_STR(lits("(?:abcd|efgh|ijkl)\\d(?:mnop|qrst)"), "mnop,qrst");    /* same length: fewer literals */
    CHECK_STR(lits("(?:abc|def)?(?:x|y)"), "");                          /* optional, or no literals */
    CHECK_STR(lits("(?=abcdef)(?:x|y)"), "");
    /* a group whose every literal is longer than the branch's own one (and
     * the run through it, longer still: each of its strings holds the
     * branch's own literal) */
    CHECK_STR(lits("\\bat (?:java\\.base/)?(?<f>sun\\.security\\.ssl\\.(?:A|B))"), "sun.security.ssl.A,sun.security.ssl.B");
    CHECK_STR(lits("\\bat (?<f>org\\.apache\\.http|okhttp3\\.internal)"), "at org.apache.http,at okhttp3.internal");
    CHECK_STR(lits("abcd\\d(?:efgh|ijkl)"), "abcd"); /* a tie: the own literal */
    CHECK_STR(lits("abcd(?:efgh|ijkl)"), "abcdefgh,abcdijkl"); /* the run: longer, each holds "abcd" */
    CHECK_STR(lits("\\Q(\\E(?:abc|def)"), "");                      /* text that could hide the structure */
    CHECK_STR(lits("(?#(x)(?:abc|def)"), "");
    CHECK_STR(lits("[[:alpha:](](?:abc|def)"), "");
    CHECK_STR(lits("ab(*ACCEPT)(?:cde|fgh)"), "");                  /* a match may end before them */
    CHECK_STR(lits("x(*ACCEPT)yyyy"), "");
    /* runs of atoms joined across groups and small classes (pattern.c, exact sets) */
    CHECK_STR(lits("^\\d{4} \\[ *\\d+\\] +(?<h>WARN|ERROR|INFO|SEVERE) - "), " WARN - , ERROR - , INFO - , SEVERE - ");
    CHECK_STR(lits("\\bat (?:java\\.base/)?sun\\.security\\.ssl\\.(?:SSLSocketImpl\\.startHandshake|Handshaker\\.)"),
              "l.SSLSocketImpl.startHandshake,sun.security.ssl.Handshaker."); /* two for one: each holds it */
    CHECK_STR(lits("abcd\\d(?:hij|klm)(?:nop|qrs)x"), "abcd");    /* four for one, not holding it: not taken */
    CHECK_STR(lits("\\bat sun\\.security\\.ssl\\.SSLSocketImpl\\.(?:startHandshake|ensureNegotiated)\\b"),
              "l.SSLSocketImpl.startHandshake,SSLSocketImpl.ensureNegotiated"); /* a tie at 30, both cut */
    CHECK_STR(lits("\\bat sun\\.security\\.ssl\\.(?:SSLSocketImpl\\.startHandshake)"),
              "l.SSLSocketImpl.startHandshake");                    /* longer than 30 bytes: its last 30 */
    CHECK_STR(lits("\\bat [\\w.$/]*\\.(?i:renegotiat)\\w*\\("), ".renegotiat");
    CHECK_STR(lits("Cipher [Ss]uite: +(SSL|TLS)_DHE_"), "Cipher Suite: ,Cipher suite: "); /* two for one, each holds it */
    CHECK_STR(lits("No selected [Pp]rotocols from \\["), "No selected Protocols from [,No selected protocols from [");
    CHECK_STR(lits("a[bc]d"), "abd,acd");                          /* none before */
    CHECK_STR(lits("a[b-c]d|xyz"), "");                             /* a range is no small class */
    CHECK_STR(lits("(?i)alert[ _]handshake[ _]failure|fatal alert"),
              "alert handshake failure,alert handshake_failure,alert_handshake failure,alert_handshake_failure,fatal alert");
    CHECK_STR(lits("Protocols *[:=] *\\[TLSv1"), "Protocols");      /* (a run ends at ' *') */
    CHECK_STR(lits("ols[:=]\\[TLSv1"), "ols:[TLSv1,ols=[TLSv1");   /* a class starting with ':' is no POSIX class */
    CHECK_STR(lits("ols[[:alpha:]]\\[TLSv1"), "[TLSv1");             /* (a POSIX one: no runs) */
    CHECK_STR(lits("ab[\\]c]de"), "");
    CHECK_STR(lits("a[^b]cd"), "");
    CHECK_STR(lits("[/\\\\]jbr[/\\\\]"), "jbr");                        /* letters and digits only */
    CHECK_STR(lits("(?:abcd|efgh)x?yz"), "abcd,efgh");             /* an optional atom ends the run */
    CHECK_STR(lits("ab(?:cd|ef)*ghi"), "ghi");
    CHECK_STR(lits("xy+zw"), "yzw");                                /* a repeated atom: its last copy starts a run */
    CHECK_STR(lits("xyz{2,}w"), "xyz");
    CHECK_STR(lits("ab(?:c|d){0,3}ef"), "");
    CHECK_STR(lits("a(?:bc|de)f(?=g)hi"), "abcf,adef");            /* a lookahead ends it */
    CHECK_STR(lits("ab(?:c|d)\\d(?:e|f)gh"), "abc,abd");          /* a tie: the first */
    CHECK_STR(lits("a(?:b|)cd"), "abcd,acd");
    CHECK_STR(lits("a(?:b||c)d"), "");                              /* "ad" is too short */
    CHECK_STR(lits("ab\\x41(?:cd|ef)"), "");                        /* an escape with an argument: no runs */
    CHECK_STR(lits("abc\\N{U+41}(?:cd|ef)"), "abc");
    CHECK_STR(lits("(?:abcd|efgh)(?:ijklmn|opqrst)x"), "abcdijklmnx,abcdopqrstx,efghijklmnx,efghopqrstx"); /* four, each holding one */
    CHECK_STR(lits("(?:abcd|efgh)\\d(?:ijklmn|opqrst)x"), "ijklmnx,opqrstx");
    CHECK_STR(lits("a(?:(?:(?:(?:b|c)))x)yz"), "abxyz,acxyz");      /* four levels down */
    CHECK_STR(lits("a(?:(?:(?:(?:(?:b|c))))x)yz"), "");            /* five: not */

    /* the probe: catastrophic patterns are caught on a short line, sane ones are not */
    CHECK_INT(probe("(a|aa)+$"), 'a');
    CHECK(probe("(\\w+\\s?)+$") > 0);
    CHECK(probe("^(x+x+)+y") > 0);
    CHECK_INT(probe("PKIX path building failed"), 0);
    CHECK_INT(probe("^(?<desc>handshake_failure|protocol_version)$"), 0);
    CHECK_INT(probe("Received fatal alert: \\w+"), 0);
    CHECK_INT(probe("a.*b.*c"), 0);

    /* the budget: a rule is switched off after TX_REGEX_RULE_STOPS stops ... */
    txr_budget bg;
    CHECK_INT(txr_budget_init(&bg, 3), 0);
    for (unsigned i = 1; i < TX_REGEX_RULE_STOPS; i++)
        CHECK_INT(txr_budget_stop(&bg, 0), 0);
    CHECK(!txr_budget_off(&bg, 0));
    CHECK_INT(txr_budget_stop(&bg, 0), 1);
    CHECK(txr_budget_off(&bg, 0));
    CHECK(!txr_budget_off(&bg, 1));
    CHECK(!txr_budget_off(&bg, 99)); /* out of range: never off */
    CHECK_INT(bg.noff[TXR_OFF_STOPS], 1);
    CHECK_INT(bg.stops, TX_REGEX_RULE_STOPS);
    CHECK_INT(bg.spent, (unsigned long long)TX_REGEX_RULE_STOPS * TX_PCRE2_MATCH_LIMIT);
    /* ... a stop of a rule already off is counted but switches nothing more */
    CHECK_INT(txr_budget_stop(&bg, 0), 1);
    CHECK_INT(bg.noff[TXR_OFF_STOPS], 1);
    /* ... and once the run's units are spent, any rule goes at its next stop */
    while (bg.spent < TX_REGEX_BUDGET_UNITS)
        txr_budget_stop(&bg, 2); /* rule 2 is switched off along the way */
    CHECK(txr_budget_off(&bg, 2));
    CHECK(!txr_budget_off(&bg, 1));
    CHECK_INT(txr_budget_stop(&bg, 1), 1);
    CHECK_INT(bg.noff[TXR_OFF_STOPS], 3);
    CHECK_INT(bg.rule_off[0], TXR_OFF_STOPS);
    txr_budget_free(&bg);
    CHECK(bg.rule_off == NULL);

    /* the time backstop: fast searches are never counted ... */
    CHECK_INT(txr_budget_init(&bg, 3), 0);
    int any = 0;
    for (int i = 0; i < 100000; i++)
        any |= txr_budget_time(&bg, 0, TX_REGEX_SLOW_US * 1000ull - 1);
    CHECK_INT(any, 0);
    CHECK_INT(bg.slow_ns, 0);
    /* ... a rule goes after TX_REGEX_RULE_SLOW_MS of slow searches ... */
    uint64_t slow = TX_REGEX_SLOW_US * 1000ull;
    uint64_t n = TX_REGEX_RULE_SLOW_MS * 1000000ull / slow;
    for (uint64_t i = 1; i < n; i++)
        txr_budget_time(&bg, 1, slow);
    CHECK(!txr_budget_off(&bg, 1));
    CHECK_INT(txr_budget_time(&bg, 1, slow), 1);
    CHECK_INT(bg.rule_off[1], TXR_OFF_TIME);
    CHECK_INT(bg.noff[TXR_OFF_TIME], 1);
    CHECK_INT(bg.noff[TXR_OFF_STOPS], 0);
    /* ... and past the run's total, any rule at its next slow search */
    while (bg.slow_ns < TX_REGEX_RUN_SLOW_MS * 1000000ull)
        txr_budget_time(&bg, 1, slow);
    CHECK(!txr_budget_off(&bg, 2));
    CHECK_INT(txr_budget_time(&bg, 2, slow), 1);
    CHECK_INT(bg.noff[TXR_OFF_TIME], 2);
    txr_budget_free(&bg);
    test_build_cache();
    test_first_match_race();
    test_decoded_first_match_race();
    test_rxcache();
    TX_TEST_END();
}
