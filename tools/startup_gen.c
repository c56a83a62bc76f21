/*
 * startup_gen.c - write the C source of the start-up caches of the shipped
 * rulebook (build/.../gen/startup.c): compile the embedded rules as the CLI
 * does, then print
 *  - every regular expression of the rulebook compiled and serialised
 *    (rules/recache.h), sorted by length and bytes;
 *  - with Hyperscan, the databases of its two literal sets (the line
 *    prefilter's stream database, the field tests' block database)
 *    serialised, with their keys, the Hyperscan version and this host's
 *    platform (rules/hscache.h).
 * Run by the Makefile at build time, linked with every library object but
 * that generated one: this program's own tables are empty, so what it
 * serialises was compiled here and now.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parser/limits.h"
#include "rules/pattern.h"
#include "rules/prefilter.h"
#include "rules/recache.h"
#include "rules/ruleset.h"

#ifdef TX_HAVE_HYPERSCAN
#include <hs.h>

#include "rules/hscache.h"
const txr_hs_cache_table txr_hs_cache = {NULL, 0, 0, NULL, 0};
#endif
const txr_re_cached txr_re_cache[] = {{NULL, 0, NULL, 0, 0, 0, NULL, 0, NULL}};
const unsigned txr_re_ncache = 0;

static void bytes(const char *name, unsigned i, const unsigned char *b, size_t n)
{
    printf("static const unsigned char %s%u[] = {", name, i);
    for (size_t k = 0; k < n; k++)
        printf("%s0x%02x,", k % 16 ? "" : "\n", b[k]);
    printf("\n};\n");
}

#ifdef TX_HAVE_HYPERSCAN
/* ---- Hyperscan databases ---- */

static int hyperscan(const tx_ruleset *rs)
{
    struct {
        const txr_litset *ls;
        unsigned mode;
    } sets[3] = {{txr_prefilter_litset(rs->pf), TXR_LS_STREAM}, {rs->test_ls, TXR_LS_BLOCK}, {rs->line_ls, TXR_LS_BLOCK}};
    hs_platform_info_t plat;
    if (hs_populate_platform(&plat) != HS_SUCCESS) {
        fprintf(stderr, "startup_gen: hs_populate_platform failed\n");
        return 1;
    }
    printf("#include \"rules/hscache.h\"\n");
    unsigned n = 0, written[3] = {0, 0, 0};
    for (unsigned i = 0; i < 3; i++) {
        size_t klen = 0, dlen = 0;
        char *db = NULL;
        const unsigned char *key = sets[i].ls ? txr_litset_key(sets[i].ls, &klen) : NULL;
        if (!key || !txr_litset_serialize(sets[i].ls, sets[i].mode, &db, &dlen))
            continue;
        bytes("key", i, key, klen);
        bytes("db", i, (const unsigned char *)db, dlen);
        free(db);
        written[i] = 1;
        n++;
    }
    printf("static const txr_hs_cached dbs[] = {\n");
    for (unsigned i = 0; i < 3; i++)
        if (written[i])
            printf("    {%u, key%u, sizeof key%u, db%u, sizeof db%u},\n", sets[i].mode, i, i, i, i);
    printf("    {0, NULL, 0, NULL, 0},\n};\n");
    printf("const txr_hs_cache_table txr_hs_cache = {\"");
    for (const char *v = hs_version(); *v; v++) {
        if (*v == '"' || *v == '\\')
            putchar('\\');
        putchar(*v);
    }
    printf("\", %lluULL, %uu, dbs, %u};\n", plat.cpu_features, plat.tune, n);
    return 0;
}
#endif

static void diag(const tx_diag *d, void *ud)
{
    (void)ud;
    fprintf(stderr, "startup_gen: %s:%u: %s\n", d->file ? d->file : "?", d->line, d->msg);
}

/* ---- regular expressions ---- */

typedef struct {
    const txr_pattern **v;
    unsigned n, cap;
} pats;

static void add_pat(pats *ps, const txr_pattern *p)
{
    if (!p)
        return;
    if (ps->n == ps->cap) {
        unsigned nc = ps->cap ? ps->cap * 2 : 512;
        const txr_pattern **nv = realloc(ps->v, nc * sizeof *nv);
        if (!nv) {
            fprintf(stderr, "startup_gen: out of memory\n");
            exit(1);
        }
        ps->v = nv;
        ps->cap = nc;
    }
    ps->v[ps->n++] = p;
}

static void walk(pats *ps, const txr_cond *c)
{
    if (!c)
        return;
    for (unsigned i = 0; i < c->ntests; i++)
        add_pat(ps, c->tests[i].re);
    add_pat(ps, c->line);
    walk(ps, c->after);
    for (unsigned i = 0; i < c->nkids; i++)
        walk(ps, c->kids[i]);
}

static int by_source(const void *a, const void *b)
{
    const char *x = txr_pattern_source(*(const txr_pattern *const *)a);
    const char *y = txr_pattern_source(*(const txr_pattern *const *)b);
    size_t lx = strlen(x), ly = strlen(y);
    return lx != ly ? (lx < ly ? -1 : 1) : memcmp(x, y, lx);
}

static void regexes(const tx_ruleset *rs)
{
    pats ps = {NULL, 0, 0};
    for (unsigned i = 0; i < rs->n; i++) {
        walk(&ps, rs->rules[i]->when);
        for (unsigned k = 0; k < rs->rules[i]->nadjust; k++)
            walk(&ps, rs->rules[i]->adjust[k].when);
    }
    if (ps.n)
        qsort(ps.v, ps.n, sizeof *ps.v, by_source);
    unsigned n = 0;
    for (unsigned i = 0; i < ps.n; i++) {
        if (i && by_source(&ps.v[i - 1], &ps.v[i]) == 0)
            continue; /* the same pattern in several rules: once */
        unsigned char *b = NULL;
        size_t len = 0;
        if (!txr_pattern_serialize(ps.v[i], &b, &len)) {
            fprintf(stderr, "startup_gen: cannot serialise a pattern\n");
            exit(1);
        }
        bytes("re", i, b, len);
        free(b);
        n++;
    }
    printf("const txr_re_cached txr_re_cache[] = {\n");
    for (unsigned i = 0; i < ps.n; i++) {
        if (i && by_source(&ps.v[i - 1], &ps.v[i]) == 0)
            continue;
        const char *src = txr_pattern_source(ps.v[i]);
        printf("    {\"");
        for (const char *c = src; *c; c++)
            printf("\\%03o", (unsigned char)*c);
        /* what the ruleset asks of the source (txr_pattern_source_flags, _literals) */
        char lits[TX_MAX_PATTERN_LITERALS][32];
        memset(lits, 0, sizeof lits);
        unsigned nl = txr_pattern_literals(src, strlen(src), lits, TX_MAX_PATTERN_LITERALS, 3);
        printf("\", %zu, re%u, sizeof re%u, %uu, %uu, \"", strlen(src), i, i, txr_pattern_flags(src, strlen(src)), nl);
        for (unsigned k = 0; k < nl; k++) {
            for (const char *c = lits[k]; *c; c++)
                printf("\\%03o", (unsigned char)*c);
            printf("\\000");
        }
        /* (txr_pattern_test_literals: more for a field test that has none) */
        static char wide[TX_MAX_TEST_LITERALS][32];
        memset(wide, 0, sizeof wide);
        unsigned nw = nl ? 0 : txr_pattern_literals(src, strlen(src), wide, TX_MAX_TEST_LITERALS, 3);
        printf("\", %uu, \"", nw);
        for (unsigned k = 0; k < nw; k++) {
            for (const char *c = wide[k]; *c; c++)
                printf("\\%03o", (unsigned char)*c);
            printf("\\000");
        }
        printf("\"},\n");
    }
    printf("    {NULL, 0, NULL, 0, 0, 0, NULL, 0, NULL},\n};\nconst unsigned txr_re_ncache = %u;\n", n);
    free(ps.v);
}

int main(void)
{
    tx_compiler *c = NULL;
    tx_ruleset *rs = NULL;
    if (tx_compiler_new(&c) != TX_OK || tx_compiler_set_callback(c, diag, NULL) != TX_OK ||
        tx_compiler_add_builtin(c) != TX_OK || tx_compiler_finish(c, &rs) != TX_OK) {
        fprintf(stderr, "startup_gen: the shipped rulebook does not compile\n");
        tx_compiler_free(c);
        return 1;
    }
    tx_compiler_free(c);
    printf("/* generated by tools/startup_gen.c - do not edit */\n#include <stddef.h>\n#include \"rules/recache.h\"\n");
    regexes(rs);
#ifdef TX_HAVE_HYPERSCAN
    if (hyperscan(rs) != 0) {
        tx_ruleset_free(rs);
        return 1;
    }
#endif
    tx_ruleset_free(rs);
    return 0;
}
