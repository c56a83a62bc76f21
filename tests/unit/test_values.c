/*
 * test_values.c - commands use the log's own values (issue 12, "Done when" 2).
 *
 * Every lab log and every public development log (fixtures/lab/ and
 * fixtures/public/, *.log only: the held-out half is never opened) is analysed with
 * the shipped rulebook; every reported finding's steps are rendered as the
 * report prints them, and every `code span` (a command the user pastes) is
 * checked against the facts the engine extracted for that finding
 * (txa_var_get: host, port, truststore, keystore, cacerts) and against the
 * log's own text:
 *
 *   - a fact the engine knows is never a placeholder in a command
 *     (`-connect <host>:<port>` when the log names the host);
 *   - the host of `-connect`, `-servername` and `https://` is the finding's
 *     host, or a name the log itself prints (an OCSP responder, a proxy);
 *     the port is the finding's port or one the log prints after a colon;
 *   - a store path after `-keystore`, `-Djavax.net.ssl.trustStore=` or
 *     `-Djavax.net.ssl.keyStore=` is a placeholder, a path the log prints, the
 *     JRE's cacerts the engine derived from the log, or a new file in the
 *     working directory that the steps create (no directory part);
 *   - when the log names the keystore, no command configures an invented one
 *     (`/path/client.p12`);
 *   - `-alias X` of a listing (`-list`, `-exportcert`, `-delete`) is a
 *     placeholder, an alias the log prints, or one a step imports with.
 *
 * Each failure prints the log, the rule, the fact and the command.
 */
#include <ctype.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../analysis/analysis.h"
#include "../tx_test.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    size_t cap = 1 << 16, n = 0, k;
    char *d = malloc(cap + 1);
    while (d && (k = fread(d + n, 1, cap - n, fp)) > 0) {
        n += k;
        if (n == cap) {
            cap *= 2;
            char *nd = realloc(d, cap + 1);
            if (!nd) {
                free(d);
                d = NULL;
            }
            d = nd;
        }
    }
    fclose(fp);
    if (d)
        d[n] = '\0';
    *len = n;
    return d;
}

/* Case-insensitive search of n bytes of needle in the log (which may hold NULs). */
static int in_log(const char *log, size_t len, const char *needle, size_t n)
{
    if (!n || n > len)
        return 0;
    for (size_t i = 0; i + n <= len; i++)
        if (strncasecmp(log + i, needle, n) == 0)
            return 1;
    return 0;
}

static int nfail;

static void fail(const char *path, const txa_finding *f, const char *what, const char *span)
{
    nfail++;
    if (nfail <= 60)
        fprintf(stderr, "%s: %s: %s\n    in `%s`\n", path, f->rule->id, what, span);
    CHECK(0);
}

/* The token that starts at p: up to a blank, a quote or a backtick. */
static size_t token_len(const char *p)
{
    size_t n = 0;
    while (p[n] && !isspace((unsigned char)p[n]) && p[n] != '`' && p[n] != '"' && p[n] != '\'')
        n++;
    return n;
}

static int placeholder(const char *p, size_t n) { return n >= 2 && p[0] == '<' && memchr(p, '>', n); }

static int eq(const char *v, const char *p, size_t n) { return v && strlen(v) == n && strncasecmp(v, p, n) == 0; }

/* A host[:port] token: the host the finding names or the log prints; the port likewise. */
static void check_hostport(const char *path, const char *log, size_t len, const txa_finding *f, const char *span,
                           const char *p, size_t n, int with_port)
{
    if (placeholder(p, n))
        return;
    size_t hn = n;
    const char *colon = NULL;
    if (p[0] == '[') { /* [v6]:port */
        const char *rb = memchr(p, ']', n);
        if (rb && (size_t)(rb - p) + 1 < n && rb[1] == ':')
            colon = rb + 1;
    } else {
        colon = memchr(p, ':', n);
    }
    if (colon && with_port)
        hn = (size_t)(colon - p);
    const char *host = txa_var_get(f, "host");
    while (hn && (p[hn - 1] == '/' || p[hn - 1] == '.'))
        hn--;
    if (hn && !placeholder(p, hn) && !eq(host, p, hn) && !in_log(log, len, p, hn)) {
        char b[300];
        snprintf(b, sizeof b, "host '%.*s' is neither the finding's host (%s) nor in the log", (int)hn, p,
                 host ? host : "unknown");
        fail(path, f, b, span);
    }
    if (host && placeholder(p, hn) && strncmp(p, "<host>", 6) == 0)
        fail(path, f, "the finding knows the host but the command has <host>", span);
    if (!colon || !with_port)
        return;
    const char *pp = colon + 1;
    size_t pn = 0;
    while (pp + pn < p + n && isdigit((unsigned char)pp[pn]))
        pn++;
    if (!pn) {
        if (txa_var_get(f, "port") && strncmp(pp, "<port>", 6) == 0)
            fail(path, f, "the finding knows the port but the command has <port>", span);
        return;
    }
    const char *port = txa_var_get(f, "port");
    char needle[24];
    snprintf(needle, sizeof needle, ":%.*s", (int)(pn < 10 ? pn : 10), pp);
    if (!eq(port, pp, pn) && !in_log(log, len, needle, strlen(needle))) {
        char b[200];
        snprintf(b, sizeof b, "port %.*s is neither the finding's port (%s) nor in the log", (int)pn, pp,
                 port ? port : "unknown");
        fail(path, f, b, span);
    }
}

static void check_store(const char *path, const char *log, size_t len, const txa_finding *f, const char *span,
                        const char *p, size_t n)
{
    if (!n || placeholder(p, n))
        return;
    if (eq(txa_var_get(f, "cacerts"), p, n) || eq(txa_var_get(f, "truststore"), p, n) ||
        eq(txa_var_get(f, "keystore"), p, n))
        return;
    if (!memchr(p, '/', n) && !memchr(p, '\\', n) && !(n == 7 && strncmp(p, "cacerts", 7) == 0))
        return; /* a new file in the working directory, made by the steps */
    if (in_log(log, len, p, n))
        return;
    char b[700];
    snprintf(b, sizeof b, "store path '%.*s' is not in the log nor a fact of the finding", (int)(n < 600 ? n : 600), p);
    fail(path, f, b, span);
}

/* The steps of the finding, rendered, one after another (an alias a step
 * imports with may be listed by a later one). */
static char all_steps[1 << 16];

static int imported_alias(const char *p, size_t n)
{
    for (const char *q = all_steps; (q = strstr(q, "-importcert")) != NULL; q++) {
        const char *a = strstr(q, "-alias ");
        const char *end = strchr(q, '`');
        if (a && (!end || a < end) && token_len(a + 7) == n && strncmp(a + 7, p, n) == 0)
            return 1;
    }
    return 0;
}

static void check_span(const char *path, const char *log, size_t len, const txa_finding *f, const char *s)
{
    static const char *const known[][2] = {{"host", "<host>"},         {"port", ":<port>"},
                                           {"truststore", "<truststore>"}, {"keystore", "<keystore>"},
                                           {"cacerts", "<cacerts>"}};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (txa_var_get(f, known[i][0]) && strstr(s, known[i][1])) {
            char b[120];
            snprintf(b, sizeof b, "the finding knows %s (%s) but the command has %s", known[i][0],
                     txa_var_get(f, known[i][0]), known[i][1]);
            fail(path, f, b, s);
        }
    for (const char *p = s; (p = strstr(p, "-connect ")) != NULL; p += 9)
        check_hostport(path, log, len, f, s, p + 9, token_len(p + 9), 1);
    for (const char *p = s; (p = strstr(p, "-servername ")) != NULL; p += 12)
        check_hostport(path, log, len, f, s, p + 12, token_len(p + 12), 0);
    for (const char *p = s; (p = strstr(p, "https://")) != NULL; p += 8) {
        size_t n = token_len(p + 8);
        const char *slash = memchr(p + 8, '/', n);
        check_hostport(path, log, len, f, s, p + 8, slash ? (size_t)(slash - (p + 8)) : n, 1);
    }
    static const char *const storeopts[] = {"-keystore ", "-Djavax.net.ssl.trustStore=", "-Djavax.net.ssl.keyStore=",
                                            "-srckeystore ", NULL};
    for (int i = 0; storeopts[i]; i++)
        for (const char *p = s; (p = strstr(p, storeopts[i])) != NULL; p += strlen(storeopts[i]))
            check_store(path, log, len, f, s, p + strlen(storeopts[i]), token_len(p + strlen(storeopts[i])));
    if (txa_var_get(f, "keystore") && strstr(s, "-Djavax.net.ssl.keyStore=/path/"))
        fail(path, f, "the log names the keystore, the command configures an invented one", s);
    if (strstr(s, "-list") || strstr(s, "-exportcert") || strstr(s, "-delete")) {
        const char *p = strstr(s, "-alias ");
        if (p) {
            size_t n = token_len(p + 7);
            if (n && !placeholder(p + 7, n) && !in_log(log, len, p + 7, n) && !imported_alias(p + 7, n)) {
                char b[200];
                snprintf(b, sizeof b, "alias '%.*s' of a listing is not in the log", (int)(n < 100 ? n : 100), p + 7);
                fail(path, f, b, s);
            }
        }
    }
}

static unsigned nlogs, nspans;

static void check_log(const tx_ruleset *rs, const char *path)
{
    size_t len = 0;
    char *log = slurp(path, &len);
    CHECK(log != NULL);
    if (!log)
        return;
    tx_analysis *a = NULL;
    CHECK(tx_analysis_new(rs, NULL, path, &a) == TX_OK);
    if (!a) {
        free(log);
        return;
    }
    tx_analysis_feed(a, log, len);
    tx_analysis_finish(a);
    nlogs++;
    for (unsigned i = 0; i < a->nfind; i++) {
        const txa_finding *f = &a->findings[i];
        if (f->superseded_by >= 0)
            continue;
        char *const *steps;
        unsigned ns;
        txa_steps(a, f, &steps, &ns);
        all_steps[0] = '\0';
        for (unsigned k = 0; k < ns; k++) {
            char *t = txa_render(a, f, steps[k]);
            if (t && strlen(all_steps) + strlen(t) + 2 < sizeof all_steps) {
                strcat(all_steps, t);
                strcat(all_steps, "\n");
            }
            free(t);
        }
        for (unsigned k = 0; k < ns; k++) {
            char *t = txa_render(a, f, steps[k]);
            if (!t)
                continue;
            for (const char *q = strchr(t, '`'); q; q = strchr(q, '`')) {
                const char *e = strchr(q + 1, '`');
                if (!e)
                    break;
                char *span = strndup(q + 1, (size_t)(e - q - 1));
                if (span) {
                    nspans++;
                    check_span(path, log, len, f, span);
                    free(span);
                }
                q = e + 1;
            }
            free(t);
        }
    }
    tx_analysis_free(a);
    free(log);
}

int main(void)
{
    tx_compiler *c;
    tx_ruleset *rs = NULL;
    CHECK(tx_compiler_new(&c) == TX_OK);
    CHECK(tx_compiler_add_builtin(c) == TX_OK);
    CHECK(tx_compiler_finish(c, &rs) == TX_OK);
    tx_compiler_free(c);
    if (!rs)
        TX_TEST_END();
    static const char *const dirs[] = {"fixtures/lab/*.log", "fixtures/public/*.log", NULL};
    for (int d = 0; dirs[d]; d++) {
        glob_t g;
        if (glob(dirs[d], 0, NULL, &g) != 0) {
            CHECK(0);
            continue;
        }
        for (size_t i = 0; i < g.gl_pathc; i++)
            check_log(rs, g.gl_pathv[i]);
        globfree(&g);
    }
    CHECK(nlogs > 200);
    if (nfail > 60)
        fprintf(stderr, "%s: ... and %d more\n", __FILE__, nfail - 60);
    printf("%s: %u logs, %u commands\n", __FILE__, nlogs, nspans);
    tx_ruleset_free(rs);
    TX_TEST_END();
}
