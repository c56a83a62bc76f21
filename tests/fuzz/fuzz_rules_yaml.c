/*
 * fuzz_rules_yaml.c - a rule file of any bytes through the YAML loader and
 * validator; when it loads, the ruleset is frozen, its samples are checked
 * (each one a small log analysed with these rules) and it is listed in
 * every format.  Then the file is loaded again with the fast paths and
 * without them (TLSEXPLAIN_NO_FASTPATH: libyaml parses it a second time
 * instead of the checking pass composing the tree): the status, the
 * diagnostics and the JSON listing must be the same (abort otherwise).
 */
#include "fuzz_common.h"

#include <string.h>

static void on_diag(const tx_diag *d, void *ud)
{
    /* format what the CLI would print, to touch every field */
    fprintf((FILE *)ud, "%s:%u:%u: %s: %s | %s | %s | %s\n", d->file ? d->file : "-", d->line, d->col,
            d->warning ? "warning" : "error", d->msg, d->source, d->help, d->rule_id ? d->rule_id : "-");
}

/* The status, diagnostics and JSON listing of data as a rule file, the fast
 * paths on or off. */
static char *load(const uint8_t *data, size_t size, int fast, size_t *len)
{
    char *buf;
    FILE *f = fz_run_stream(fast, &buf, len);
    tx_compiler *c;
    if (tx_compiler_new(&c) != TX_OK)
        abort();
    tx_compiler_set_callback(c, on_diag, f);
    tx_status s = tx_compiler_add_string(c, "fuzz.yaml", (const char *)data, size);
    unsetenv("TLSEXPLAIN_NO_FASTPATH");
    fprintf(f, "status %d\n", (int)s);
    tx_ruleset *rs = NULL;
    if (s == TX_OK && tx_compiler_finish(c, &rs) == TX_OK) {
        tx_ruleset_write(rs, TX_FORMAT_JSON, f);
        tx_ruleset_free(rs);
    }
    tx_compiler_free(c);
    if (fclose(f) != 0)
        abort();
    return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *out = fz_null();
    tx_compiler *c;
    if (tx_compiler_new(&c) != TX_OK)
        abort();
    tx_compiler_set_callback(c, on_diag, out);
    tx_status s = tx_compiler_add_string(c, "fuzz.yaml", (const char *)data, size);
    if (s == TX_OK) {
        tx_ruleset *rs = NULL;
        s = tx_compiler_finish(c, &rs);
        if (s == TX_OK) {
            (void)tx_ruleset_check(rs, on_diag, out);
            for (int f = TX_FORMAT_TEXT; f <= TX_FORMAT_MARKDOWN; f++)
                tx_ruleset_write(rs, (tx_format)f, out);
            (void)tx_ruleset_count(rs);
            tx_ruleset_free(rs);
        } else if (s != TX_ENOMEM) {
            abort(); /* finish only fails for want of memory */
        }
    }
    tx_compiler_free(c);
    size_t n1 = 0, n2 = 0;
    char *on = load(data, size, 1, &n1), *off = load(data, size, 0, &n2);
    if (n1 != n2 || memcmp(on, off, n1) != 0)
        abort(); /* the one-pass tree changed a result */
    free(on);
    free(off);
    return 0;
}
