/*
 * example.c - embed libtlsexplain: explain one log file.
 *
 *   cc -o example example.c $(pkg-config --cflags --libs tlsexplain)
 *   ./example client.log
 *   client.log: failure, top category expired
 *
 * It compiles the rulebook built into the library, feeds the file in
 * chunks (lines may span chunks), finishes the analysis and prints its
 * verdict and the category of the top-ranked cause; with -v it also
 * writes the full text report, with -f it walks the findings as data
 * (each with its evidence lines and fix steps, through the accessors):
 *
 *   ./example -f client.log
 *   client.log: failure, top category expired
 *   finding expired (expired, cause, confidence 95)
 *     evidence 637: "not  after"  : "2025-09-01 12:00:00.000 UTC",
 *     step 1: Confirm the dates the server sends: ...
 *
 * Exit status: 0 explained, 1 an error.
 * tests/suite_install.sh builds and runs it against an installed tree.
 */
#include <stdio.h>
#include <string.h>
#include <tlsexplain.h>

static const char *verdict_name(tx_verdict v)
{
    switch (v) {
    case TX_VERDICT_SUCCESS: return "success";
    case TX_VERDICT_FAILURE: return "failure";
    default: return "unknown";
    }
}

/* The built-in rulebook; diagnostics would go to a tx_diag_cb (none here). */
static tx_status load_rules(tx_ruleset **rs)
{
    tx_compiler *c = NULL;
    tx_status s = tx_compiler_new(&c);
    if (s == TX_OK)
        s = tx_compiler_add_builtin(c);
    if (s == TX_OK)
        s = tx_compiler_finish(c, rs);
    tx_compiler_free(c); /* NULL is fine; the ruleset outlives it */
    return s;
}

static const char *kind_name(tx_kind k)
{
    return k == TX_KIND_CAUSE ? "cause" : k == TX_KIND_RISK ? "risk" : "note";
}

/* The findings as data: every string is borrowed from the analysis. */
static tx_status walk_findings(const tx_analysis *a)
{
    unsigned n = tx_analysis_finding_count(a);
    for (unsigned i = 0; i < n; i++) {
        const tx_finding *f = tx_analysis_finding(a, i);
        printf("finding %s (%s, %s, confidence %d)\n", tx_finding_id(f), tx_finding_category(f),
               kind_name(tx_finding_kind(f)), tx_finding_confidence(f));
        for (unsigned k = 0; k < tx_finding_evidence_count(f); k++) {
            unsigned long long line;
            const char *text;
            tx_status s = tx_finding_evidence(f, k, &line, &text, NULL);
            if (s != TX_OK)
                return s;
            printf("  evidence %llu: %s\n", line, text);
        }
        for (unsigned k = 0; k < tx_finding_step_count(f); k++)
            printf("  step %u: %s\n", k + 1, tx_finding_step(f, k));
        const char *host = tx_finding_var_get(f, "host"); /* a value the steps used */
        if (host)
            printf("  host %s\n", host);
    }
    return TX_OK;
}

static tx_status explain(const tx_ruleset *rs, const char *path, FILE *in, int verbose, int findings)
{
    tx_options opt;
    memset(&opt, 0, sizeof opt); /* text report: no colour, 80 columns */
    tx_analysis *a = NULL;
    tx_status s = tx_analysis_new(rs, &opt, path, &a);
    /* options added after tx_options was frozen are set by number */
    if (s == TX_OK)
        s = tx_analysis_set_int(a, TX_OPT_WIDTH, 80);
    char buf[1 << 16];
    size_t n;
    while (s == TX_OK && (n = fread(buf, 1, sizeof buf, in)) > 0)
        s = tx_analysis_feed(a, buf, n);
    if (s == TX_OK && ferror(in))
        s = TX_EIO;
    if (s == TX_OK)
        s = tx_analysis_finish(a);
    if (s == TX_OK) {
        const char *top = tx_analysis_top_category(a); /* borrowed from a */
        printf("%s: %s, top category %s\n", path, verdict_name(tx_analysis_verdict(a)), top ? top : "none");
        if (verbose)
            s = tx_analysis_write(a, TX_FORMAT_TEXT, stdout);
        if (s == TX_OK && findings)
            s = walk_findings(a);
    }
    tx_analysis_free(a);
    return s;
}

int main(int argc, char **argv)
{
    int verbose = argc == 3 && strcmp(argv[1], "-v") == 0;
    int findings = argc == 3 && strcmp(argv[1], "-f") == 0;
    if (argc != 2 + verbose + findings) {
        fprintf(stderr, "usage: %s [-v | -f] LOG\n", argv[0]);
        return 1;
    }
    const char *path = argv[argc - 1];
    tx_ruleset *rs = NULL;
    tx_status s = load_rules(&rs);
    if (s != TX_OK) {
        fprintf(stderr, "example: rules: %s\n", tx_strerror(s));
        return 1;
    }
    FILE *in = fopen(path, "rb");
    if (!in) {
        perror(path);
        tx_ruleset_free(rs);
        return 1;
    }
    s = explain(rs, path, in, verbose, findings);
    fclose(in);
    tx_ruleset_free(rs);
    if (s != TX_OK) {
        fprintf(stderr, "example: %s: %s\n", path, tx_strerror(s));
        return 1;
    }
    return 0;
}
