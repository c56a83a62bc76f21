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
 * writes the full text report.  Exit status: 0 explained, 1 an error.
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

static tx_status explain(const tx_ruleset *rs, const char *path, FILE *in, int verbose)
{
    tx_options opt;
    memset(&opt, 0, sizeof opt); /* text report: no colour, 80 columns */
    tx_analysis *a = NULL;
    tx_status s = tx_analysis_new(rs, &opt, path, &a);
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
    }
    tx_analysis_free(a);
    return s;
}

int main(int argc, char **argv)
{
    int verbose = argc == 3 && strcmp(argv[1], "-v") == 0;
    if (argc != 2 + verbose) {
        fprintf(stderr, "usage: %s [-v] LOG\n", argv[0]);
        return 1;
    }
    const char *path = argv[1 + verbose];
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
    s = explain(rs, path, in, verbose);
    fclose(in);
    tx_ruleset_free(rs);
    if (s != TX_OK) {
        fprintf(stderr, "example: %s: %s\n", path, tx_strerror(s));
        return 1;
    }
    return 0;
}
