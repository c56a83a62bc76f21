/*
 * tx_test.h - tiny unit-test macros (YARA util.h style).
 *
 * Each test file is one program: it calls CHECK* as often as it likes and
 * ends with TX_TEST_END(), which prints "N passed, M failed" and exits
 * non-zero on a failure.  A failed check prints file:line and both values.
 */
#ifndef TX_TEST_H
#define TX_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tx_passed, tx_failed;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (cond) {                                                                                \
            tx_passed++;                                                                           \
        } else {                                                                                   \
            tx_failed++;                                                                           \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
        }                                                                                          \
    } while (0)

#define CHECK_INT(got, want)                                                                       \
    do {                                                                                           \
        long long g_ = (long long)(got), w_ = (long long)(want);                                   \
        if (g_ == w_) {                                                                            \
            tx_passed++;                                                                           \
        } else {                                                                                   \
            tx_failed++;                                                                           \
            fprintf(stderr, "%s:%d: %s: expected %lld, got %lld\n", __FILE__, __LINE__, #got, w_, g_); \
        }                                                                                          \
    } while (0)

#define CHECK_STR(got, want)                                                                       \
    do {                                                                                           \
        const char *g_ = (got), *w_ = (want);                                                      \
        if (g_ && w_ && strcmp(g_, w_) == 0) {                                                     \
            tx_passed++;                                                                           \
        } else {                                                                                   \
            tx_failed++;                                                                           \
            fprintf(stderr, "%s:%d: %s: expected \"%s\", got \"%s\"\n", __FILE__, __LINE__, #got,   \
                    w_ ? w_ : "(null)", g_ ? g_ : "(null)");                                       \
        }                                                                                          \
    } while (0)

/* The whole file at path (malloc'd, not NUL-terminated; its size in *n), or NULL. */
static inline char *tx_test_slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    *n = 0;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long len = ftell(f);
        rewind(f);
        buf = len >= 0 ? malloc((size_t)len + 1) : NULL;
        if (buf)
            *n = fread(buf, 1, (size_t)len, f);
    }
    fclose(f);
    return buf;
}

#ifdef TLSEXPLAIN_H /* a test of the public API */
/* The shipped rulebook, compiled; NULL if any step fails. */
static inline tx_ruleset *tx_test_rulebook(void)
{
    tx_compiler *c;
    tx_ruleset *rs = NULL;
    if (tx_compiler_new(&c) != TX_OK)
        return NULL;
    if (tx_compiler_add_builtin(c) != TX_OK || tx_compiler_finish(c, &rs) != TX_OK)
        rs = NULL;
    tx_compiler_free(c);
    return rs;
}

/* Feed text to a new analysis in chunks of `chunk` bytes (0 = at once) and
 * return its events dumped as JSON Lines (malloc'd), or NULL.  hook, when
 * not NULL, is called with stage 0 after the analysis is made (to set
 * options) and with stage 1 after it finished (to read what it found);
 * keep, when not NULL, gets the finished analysis (the caller frees it). */
typedef void (*tx_test_hook)(tx_analysis *a, int stage, void *ud);
static inline char *tx_test_dump_n(const char *text, size_t n, size_t chunk, const tx_options *opt, tx_test_hook hook,
                                   void *ud, tx_analysis **keep)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    tx_analysis *a = NULL;
    if (!f || tx_analysis_new(NULL, opt, "t", &a) != TX_OK) {
        if (f)
            fclose(f);
        free(buf);
        return NULL;
    }
    if (hook)
        hook(a, 0, ud);
    tx_analysis_dump_events(a, TX_FORMAT_JSON, f);
    if (!chunk)
        chunk = n ? n : 1;
    for (size_t off = 0; off < n; off += chunk)
        tx_analysis_feed(a, text + off, n - off < chunk ? n - off : chunk);
    tx_analysis_finish(a);
    if (hook)
        hook(a, 1, ud);
    fclose(f);
    if (keep)
        *keep = a;
    else
        tx_analysis_free(a);
    return buf;
}
/* The same for a NUL-terminated text. */
static inline char *tx_test_dump(const char *text, size_t chunk, const tx_options *opt, tx_test_hook hook, void *ud,
                                 tx_analysis **keep)
{
    return tx_test_dump_n(text, strlen(text), chunk, opt, hook, ud, keep);
}
#endif

#define TX_TEST_END()                                                                              \
    do {                                                                                           \
        printf("%d passed, %d failed\n", tx_passed, tx_failed);                                    \
        return tx_failed ? 1 : 0;                                                                  \
    } while (0)

#endif
