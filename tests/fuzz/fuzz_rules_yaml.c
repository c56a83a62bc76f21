/*
 * fuzz_rules_yaml.c - a rule file of any bytes through the YAML loader and
 * validator; when it loads, the ruleset is frozen, its samples are checked
 * (each one a small log analysed with these rules) and it is listed in
 * every format.
 */
#include "fuzz_common.h"

static void on_diag(const tx_diag *d, void *ud)
{
    /* format what the CLI would print, to touch every field */
    fprintf((FILE *)ud, "%s:%u:%u: %s: %s | %s | %s | %s\n", d->file ? d->file : "-", d->line, d->col,
            d->warning ? "warning" : "error", d->msg, d->source, d->help, d->rule_id ? d->rule_id : "-");
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
    return 0;
}
