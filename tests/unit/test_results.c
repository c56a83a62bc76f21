/*
 * test_results.c - results as data (issue 13), through the public header
 * only: the findings, evidence, variables, notes and counts of the report
 * model agree with the JSON report; the event callback (and its end), the
 * events and facts of a finished analysis; options set by number and when
 * they are refused; the prefilter switch; redaction applied once, on the
 * model; tx_write_json_string, tx_write_wrapped and tx_build_info statuses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../include/tlsexplain.h"
#include "../tx_test.h"

typedef struct {
    unsigned events, ends, facts, named_facts;
    int end_last; /* the end came after every event */
} counts;

static void count_event(const tx_event *e, void *ud)
{
    counts *k = ud;
    if (!e) {
        k->ends++;
        k->end_last = 1;
        return;
    }
    k->end_last = 0;
    k->events++;
    CHECK(tx_event_type(e) != NULL);
    CHECK(tx_event_tag(e) != NULL && tx_event_tag(e)[0]);
    unsigned n = tx_event_field_count(e);
    for (unsigned i = 0; i < n; i++) {
        const char *name = NULL, *val = NULL;
        size_t len = 0;
        if (tx_event_field(e, i, &name, &val, &len) != TX_OK || !name || !val || strlen(val) != len)
            CHECK(0);
    }
    CHECK_INT(tx_event_field(e, n, NULL, NULL, NULL), TX_EINVAL);
}

static void count_fact(unsigned conn, const char *name, const char *value, void *ud)
{
    counts *k = ud;
    (void)conn;
    (void)value;
    k->facts++;
    k->named_facts += name && *name;
}

/* A finished analysis of a file with options set by number (redact, prefilter). */
static tx_analysis *analyse(const tx_ruleset *rs, const char *path, int redact, int prefilter, counts *k)
{
    size_t n;
    char *text = tx_test_slurp(path, &n);
    tx_analysis *a = NULL;
    CHECK(text != NULL);
    if (!text || tx_analysis_new(rs, NULL, path, &a) != TX_OK) {
        free(text);
        return NULL;
    }
    CHECK_INT(tx_analysis_set_int(a, TX_OPT_REDACT, redact), TX_OK);
    CHECK_INT(tx_analysis_set_int(a, TX_OPT_PREFILTER, prefilter), TX_OK);
    if (k)
        CHECK_INT(tx_analysis_set_event_callback(a, count_event, k), TX_OK);
    /* before the end: no results */
    CHECK_INT(tx_analysis_finding_count(a), 0);
    CHECK(tx_analysis_finding(a, 0) == NULL);
    CHECK_INT(tx_analysis_stat(a, TX_STAT_LINES), 0);
    for (size_t off = 0; off < n; off += 4096)
        CHECK_INT(tx_analysis_feed(a, text + off, n - off < 4096 ? n - off : 4096), TX_OK);
    /* what changes the reading is refused once reading began */
    CHECK_INT(tx_analysis_set_int(a, TX_OPT_PREFILTER, 1), TX_EINVAL);
    CHECK_INT(tx_analysis_set_int(a, TX_OPT_REDACT, 0), TX_EINVAL);
    CHECK_INT(tx_analysis_set_str(a, TX_OPT_HOST, "x.example"), TX_EINVAL);
    CHECK_INT(tx_analysis_set_event_callback(a, NULL, NULL), TX_EINVAL);
    CHECK_INT(tx_analysis_finish(a), TX_OK);
    free(text);
    return a;
}

static char *report(const tx_analysis *a, tx_format f)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m)
        return NULL;
    CHECK_INT(tx_analysis_write(a, f, m), TX_OK);
    fclose(m);
    return buf;
}

/* The findings as data say what the JSON report says: ids in order, evidence line numbers. */
static void agrees_with_json(const tx_analysis *a)
{
    char *js = report(a, TX_FORMAT_JSON);
    CHECK(js != NULL);
    if (!js)
        return;
    const char *p = js;
    unsigned nf = tx_analysis_finding_count(a);
    for (unsigned i = 0; i < nf; i++) {
        const tx_finding *f = tx_analysis_finding(a, i);
        char key[160];
        snprintf(key, sizeof key, "{\"id\":\"%s\",\"category\":\"%s\"", tx_finding_id(f), tx_finding_category(f));
        const char *q = strstr(p, key);
        CHECK(q != NULL);
        if (!q)
            break;
        p = q + 1;
        for (unsigned k = 0; k < tx_finding_evidence_count(f); k++) {
            unsigned long long line = 0;
            const char *text = NULL;
            CHECK_INT(tx_finding_evidence(f, k, &line, &text, NULL), TX_OK);
            CHECK(text != NULL);
            snprintf(key, sizeof key, "\"line\":%llu,", line);
            q = strstr(p, key);
            CHECK(q != NULL);
            if (q)
                p = q + 1;
        }
        CHECK_INT(tx_finding_evidence(f, tx_finding_evidence_count(f), NULL, NULL, NULL), TX_EINVAL);
        CHECK(tx_finding_step(f, tx_finding_step_count(f)) == NULL);
        for (unsigned k = 0; k < tx_finding_step_count(f); k++)
            CHECK(tx_finding_step(f, k) != NULL);
    }
    CHECK(tx_analysis_finding(a, nf) == NULL);
    char sum[200];
    snprintf(sum, sizeof sum, "\"summary\":{\"lines\":%llu,\"bytes\":%llu,\"connections\":%llu,\"completed\":%llu,\"failed\":%llu,",
             tx_analysis_stat(a, TX_STAT_LINES), tx_analysis_stat(a, TX_STAT_BYTES), tx_analysis_stat(a, TX_STAT_CONNECTIONS),
             tx_analysis_stat(a, TX_STAT_COMPLETED), tx_analysis_stat(a, TX_STAT_FAILED));
    CHECK(strstr(js, sum) != NULL);
    free(js);
}

int main(void)
{
    tx_ruleset *rs = tx_test_rulebook();
    CHECK(rs != NULL);
    if (!rs)
        TX_TEST_END();

    /* ---- an expired certificate: the findings as data ---- */
    counts k;
    memset(&k, 0, sizeof k);
    const char *expired = "fixtures/lab/expired-leaf-tls13.log";
    tx_analysis *a = analyse(rs, expired, 0, 1, &k);
    CHECK(a != NULL);
    if (a) {
        CHECK(tx_analysis_finding_count(a) >= 1);
        const tx_finding *f = tx_analysis_finding(a, 0);
        CHECK_STR(tx_finding_id(f), "cert-expired");
        CHECK_STR(tx_finding_category(f), "expired");
        CHECK_STR(tx_analysis_top_category(a), "expired");
        CHECK_INT(tx_finding_kind(f), TX_KIND_CAUSE);
        CHECK_INT(tx_finding_confidence(f), 95);
        CHECK_INT(tx_finding_connections(f), 1);
        CHECK(tx_finding_explanation(f) != NULL);
        CHECK(tx_finding_step_count(f) >= 2);
        CHECK(tx_finding_evidence_count(f) >= 1);
        CHECK_STR(tx_finding_var_get(f, "host"), "billing.northwind-payments.example");
        CHECK(tx_finding_var_get(f, "no-such-variable") == NULL);
        unsigned nv = tx_finding_var_count(f), seen_host = 0;
        for (unsigned i = 0; i < nv; i++) {
            const char *name, *val;
            CHECK_INT(tx_finding_var(f, i, &name, &val), TX_OK);
            seen_host += !strcmp(name, "host");
        }
        CHECK_INT(seen_host, 1);
        CHECK_INT(tx_finding_var(f, nv, NULL, NULL), TX_EINVAL);
        CHECK_INT(tx_analysis_stat(a, TX_STAT_CONNECTIONS), 1);
        CHECK_INT(tx_analysis_stat(a, TX_STAT_FAILED), 1);
        CHECK_INT(tx_analysis_stat(a, TX_STAT_KEPT), 1);
        CHECK(tx_analysis_stat(a, TX_STAT_LINES) > 1000);
        agrees_with_json(a);
        /* the event callback: every event once, then NULL once, at the end */
        CHECK_INT(k.events, 16); /* tlsexplain events counts the same */
        CHECK_INT(k.ends, 1);
        CHECK(k.end_last);
        /* the events and facts of the finished analysis */
        counts v;
        memset(&v, 0, sizeof v);
        CHECK_INT(tx_analysis_each_event(a, count_event, &v), TX_OK);
        CHECK(v.events >= k.events); /* and the facts computed at the connection's end */
        CHECK_INT(v.ends, 0);
        CHECK_INT(tx_analysis_each_fact(a, count_fact, &v), TX_OK);
        CHECK(v.facts > 0);
        CHECK_INT(v.named_facts, v.facts);
        CHECK_INT(tx_analysis_each_fact(a, NULL, NULL), TX_EINVAL);
        /* a writer's option may still change after the end */
        CHECK_INT(tx_analysis_set_int(a, TX_OPT_WIDTH, 100), TX_OK);
        CHECK_INT(tx_analysis_set_int(a, (tx_option)999, 1), TX_EINVAL);
    }

    /* ---- the prefilter switch: the same findings without it ---- */
    tx_analysis *b = analyse(rs, expired, 0, 0, NULL);
    CHECK(b != NULL);
    if (a && b) {
        CHECK_INT(tx_analysis_finding_count(b), tx_analysis_finding_count(a));
        for (unsigned i = 0; i < tx_analysis_finding_count(a); i++)
            CHECK_STR(tx_finding_id(tx_analysis_finding(b, i)), tx_finding_id(tx_analysis_finding(a, i)));
        char *ra = report(a, TX_FORMAT_JSON), *rb = report(b, TX_FORMAT_JSON);
        CHECK(ra && rb && !strcmp(ra, rb));
        free(ra);
        free(rb);
    }
    tx_analysis_free(b);
    tx_analysis_free(a);

    /* ---- redaction, once, on the model: accessors and reports agree ---- */
    const char *mismatch = "fixtures/lab/hostname-mismatch-san.log";
    a = analyse(rs, mismatch, 1, 1, NULL);
    b = analyse(rs, mismatch, 0, 1, NULL);
    CHECK(a && b);
    if (a && b) {
        const tx_finding *fr = tx_analysis_finding(a, 0), *fp = tx_analysis_finding(b, 0);
        const char *raw = tx_finding_var_get(fp, "host"), *masked = tx_finding_var_get(fr, "host");
        CHECK(raw && masked && strcmp(raw, masked) != 0 && !strncmp(masked, "host-", 5));
        char *text = report(a, TX_FORMAT_TEXT);
        CHECK(text && raw && !strstr(text, raw));
        for (unsigned i = 0; i < tx_finding_evidence_count(fr); i++) {
            const char *t = NULL;
            tx_finding_evidence(fr, i, NULL, &t, NULL);
            CHECK(t && raw && !strstr(t, raw));
            CHECK(t && text && strstr(text, "Evidence:")); /* the report quotes what the model holds */
        }
        for (unsigned i = 0; i < tx_finding_step_count(fr); i++)
            CHECK(raw && !strstr(tx_finding_step(fr, i), raw));
        free(text);
    }
    tx_analysis_free(a);
    tx_analysis_free(b);

    /* ---- names the caller teaches (scan --redact): output of its own masked as the report ---- */
    CHECK_INT(tx_analysis_new(rs, NULL, "plain.log", &a), TX_OK);
    CHECK_INT(tx_analysis_redact_learn(a, TX_REDACT_HOST, "x.example", 9), TX_EINVAL); /* no redact */
    CHECK_INT(tx_analysis_write_redacted(a, "x", 1, stdout), TX_EINVAL);               /* not finished */
    CHECK_INT(tx_analysis_finish(a), TX_OK);
    {
        char *o = NULL;
        size_t on = 0;
        FILE *mo = open_memstream(&o, &on);
        CHECK(mo != NULL);
        if (mo) {
            CHECK_INT(tx_analysis_write_redacted(a, "db.secret.example 10.9.8.7", 26, mo), TX_OK);
            fclose(mo);
            CHECK_STR(o, "db.secret.example 10.9.8.7"); /* without redact: as it is */
        }
        free(o);
    }
    tx_analysis_free(a);
    CHECK_INT(tx_analysis_new(rs, NULL, "scan of db.secret.example:443", &a), TX_OK);
    CHECK_INT(tx_analysis_set_int(a, TX_OPT_REDACT, 1), TX_OK);
    CHECK_INT(tx_analysis_redact_learn(a, TX_REDACT_HOST, "db.secret.example!", 17), TX_OK);
    CHECK_INT(tx_analysis_redact_learn(a, TX_REDACT_SUBJECT, "CN=Secret Ledger, O=Acme", 24), TX_OK);
    CHECK_INT(tx_analysis_redact_learn(a, TX_REDACT_TEXT, "see https://crl.acme.example/x.crl", 34), TX_OK);
    CHECK_INT(tx_analysis_redact_learn(a, (tx_redact_kind)99, "x", 1), TX_EINVAL);
    const char *pkix = "javax.net.ssl.SSLHandshakeException: PKIX path building failed\n";
    CHECK_INT(tx_analysis_feed(a, pkix, strlen(pkix)), TX_OK);
    CHECK_INT(tx_analysis_finish(a), TX_OK);
    CHECK_INT(tx_analysis_redact_learn(a, TX_REDACT_HOST, "late.example", 12), TX_EINVAL);
    {
        char *nm = tx_analysis_display_name(a);
        CHECK(nm && !strstr(nm, "secret"));
        free(nm);
        const char *mine = "host db.secret.example, subject CN=Secret Ledger, O=Acme, "
                           "crl https://crl.acme.example/x.crl, address 10.9.8.7\n";
        char *o = NULL;
        size_t on = 0;
        FILE *mo = open_memstream(&o, &on);
        CHECK(mo != NULL);
        if (mo) {
            CHECK_INT(tx_analysis_write_redacted(a, mine, strlen(mine), mo), TX_OK);
            fclose(mo);
            CHECK(o && strstr(o, "host-1") && !strstr(o, "secret") && !strstr(o, "Secret"));
            CHECK(o && !strstr(o, "acme") && !strstr(o, "10.9.8.7"));
        }
        free(o);
    }
    tx_analysis_free(a);

    /* ---- the callback hears the end at free when the analysis was not finished ---- */
    memset(&k, 0, sizeof k);
    CHECK_INT(tx_analysis_new(rs, NULL, "cut.log", &a), TX_OK);
    CHECK_INT(tx_analysis_set_event_callback(a, count_event, &k), TX_OK);
    const char *line = "javax.net.ssl.SSLHandshakeException: PKIX path building failed\n";
    CHECK_INT(tx_analysis_feed(a, line, strlen(line)), TX_OK);
    tx_analysis_free(a);
    CHECK_INT(k.ends, 1);

    /* ---- the connection summary (issue 12.8): completed and failed exclude each
     * other, a failure after the handshake is counted apart, fragments of one
     * stack trace are one connection, repeats of one failure one fingerprint ---- */
    {
        static const struct {
            const char *path;
            unsigned long long conns, completed, failed, after, distinct;
        } sum[] = {
            {"tests/repro/counts/after-completed.log", 1, 0, 1, 1, 1},
            {"tests/repro/counts/caused-by-cut.log", 1, 0, 1, 0, 1},
            {"tests/repro/counts/repeated.log", 3, 0, 3, 0, 1},
            {"fixtures/lab/client-auth-cert-untrusted-by-server-tls13.log", 2, 0, 2, 0, 1},
            {"fixtures/lab/jdk25-ok-tls13.log", 1, 1, 0, 0, 0},
        };
        for (size_t i = 0; i < sizeof sum / sizeof sum[0]; i++) {
            tx_analysis *s = analyse(rs, sum[i].path, 0, 1, NULL);
            CHECK(s != NULL);
            if (!s)
                continue;
            CHECK_INT(tx_analysis_stat(s, TX_STAT_CONNECTIONS), sum[i].conns);
            CHECK_INT(tx_analysis_stat(s, TX_STAT_COMPLETED), sum[i].completed);
            CHECK_INT(tx_analysis_stat(s, TX_STAT_FAILED), sum[i].failed);
            CHECK_INT(tx_analysis_stat(s, TX_STAT_AFTER_COMPLETED), sum[i].after);
            CHECK_INT(tx_analysis_stat(s, TX_STAT_FAILURES), sum[i].distinct);
            tx_analysis_free(s);
        }
    }

    /* ---- lending: only to an analysis not fed yet ---- */
    tx_analysis *to = NULL, *from = NULL;
    CHECK_INT(tx_analysis_new(rs, NULL, "to.log", &to), TX_OK);
    CHECK_INT(tx_analysis_new(rs, NULL, "from.txt", &from), TX_OK);
    CHECK_INT(tx_analysis_finish(from), TX_OK);
    unsigned lent = 99;
    CHECK_INT(tx_analysis_context_listings(from), 0);
    CHECK_INT(tx_analysis_lend_context(to, from, &lent), TX_OK);
    CHECK_INT(lent, 0);
    CHECK_INT(tx_analysis_feed(to, line, strlen(line)), TX_OK);
    CHECK_INT(tx_analysis_lend_context(to, from, NULL), TX_EINVAL);
    CHECK_INT(tx_analysis_lend_context_again(to, from, &lent), TX_OK);
    CHECK_INT(tx_analysis_finish(to), TX_OK);
    CHECK_INT(tx_analysis_lend_context_again(to, from, NULL), TX_EINVAL);
    tx_analysis_free(to);
    tx_analysis_free(from);

    /* ---- statuses ---- */
    char *js = NULL;
    size_t jn = 0;
    FILE *m = open_memstream(&js, &jn);
    CHECK(m != NULL);
    if (m) {
        CHECK_INT(tx_write_json_string(m, "a\"b\x01\xff", 5), TX_OK);
        fclose(m);
        CHECK_STR(js, "\"a\\\"b\\u0001\\ufffd\"");
        free(js);
    }
    CHECK_INT(tx_write_json_string(NULL, "x", 1), TX_EINVAL);
    /* the one word wrap (common/text.c), public for the CLI's --help: the
     * first word at column at, later lines indented, a `code span` kept whole */
    js = NULL;
    m = open_memstream(&js, &jn);
    CHECK(m != NULL);
    if (m) {
        CHECK_INT(tx_write_wrapped(m, "one two  three `a b c` four\x01", 4, 2, 12), TX_OK);
        fclose(m);
        CHECK_STR(js, "one two\n  three\n  `a b c`\n  four?");
        free(js);
    }
    CHECK_INT(tx_write_wrapped(NULL, "x", 0, 0, 80), TX_EINVAL);
    CHECK_INT(tx_write_wrapped(stderr, NULL, 0, 0, 80), TX_EINVAL);
    CHECK_INT(tx_write_wrapped(stderr, "x", 0, 0, 0), TX_EINVAL);
    char small[8];
    CHECK_INT(tx_build_info(small, sizeof small), TX_ELIMIT);
    char big[512];
    CHECK_INT(tx_build_info(big, sizeof big), TX_OK);
    CHECK_INT(tx_build_info(NULL, 0), TX_EINVAL);
    CHECK_INT(tx_compiler_set_callback(NULL, NULL, NULL), TX_EINVAL);

    tx_ruleset_free(rs);
    TX_TEST_END();
}
