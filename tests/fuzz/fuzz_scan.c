/*
 * fuzz_scan.c - `tlsexplain scan`'s reading of the probe's output
 * (cli/scan.c): the fact lines ("scan: T PATH VALUE") become a tree that
 * is written as text, Markdown and JSON; the other lines are fed to an
 * analysis with the fact lines blanked.  The probe's output is the JVM's,
 * and its values come from the server (certificate names), so it is
 * untrusted input.  Checked, beyond "no crash":
 *
 *   - text and Markdown hold no byte outside printable ASCII but '\n';
 *   - the JSON is one balanced value: brackets match outside strings,
 *     strings hold no raw control byte, and it ends with "}\n";
 *   - the analysis sees as many lines as the input has (facts blanked,
 *     never removed: citations stay line numbers of the --save file);
 *   - txc_scan_filter_feed, fed in chunks drawn from the input, gives the
 *     same report as the whole input at once.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/exitcodes.h"
#include "cli/scan.h"
#include "fuzz_common.h"

static void check(int ok)
{
    if (!ok)
        abort();
}

static void render(const txc_scan *s, const tx_analysis *a, tx_format f, char **out, size_t *n)
{
    *out = NULL;
    FILE *m = open_memstream(out, n);
    check(m != NULL);
    txc_scan_write(s, a, f, m);
    check(fclose(m) == 0);
}

static void check_text(const char *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        check(t[i] == '\n' || ((unsigned char)t[i] >= 0x20 && (unsigned char)t[i] < 0x7f));
}

static void check_json(const char *t, size_t n)
{
    char stack[64];
    int depth = 0, in_str = 0;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        if (in_str) {
            check((unsigned char)c >= 0x20);
            if (c == '\\')
                i++;
            else if (c == '"')
                in_str = 0;
            continue;
        }
        if (c == '"') {
            in_str = 1;
        } else if (c == '{' || c == '[') {
            check(depth < (int)sizeof stack);
            stack[depth++] = c;
        } else if (c == '}' || c == ']') {
            check(depth > 0 && stack[depth - 1] == (c == '}' ? '{' : '['));
            depth--;
        }
    }
    check(!in_str && depth == 0 && n >= 2 && t[n - 2] == '}' && t[n - 1] == '\n');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    txc_scan *s = NULL;
    if (txc_scan_parse((const char *)data, size, &s) != EXIT_OK)
        return 0;
    tx_analysis *a = NULL;
    tx_options opt;
    memset(&opt, 0, sizeof opt);
    opt.width = 80;
    if (tx_analysis_new(fz_builtin(), &opt, "fuzz", &a) == TX_OK) {
        txc_scan_feed(s, a);
        tx_analysis_finish(a);
    }
    size_t n;
    char *t;
    render(s, NULL, TX_FORMAT_TEXT, &t, &n);
    check_text(t, n);
    free(t);
    render(s, NULL, TX_FORMAT_MARKDOWN, &t, &n);
    check_text(t, n);
    free(t);
    render(s, NULL, TX_FORMAT_JSON, &t, &n); /* "report": null */
    check_json(t, n);
    free(t);
    if (a) {
        render(s, a, TX_FORMAT_JSON, &t, &n);
        check_json(t, n);
        size_t lines = 0;
        for (size_t i = 0; i < size; i++)
            lines += data[i] == '\n';
        lines += size && data[size - 1] != '\n';
        const char *l = strstr(t, "\"report\":{");
        l = l ? strstr(l, "\"lines\":") : NULL;
        check(l && strtoull(l + 8, NULL, 10) == lines);
        /* the streaming filter (explain, compare of a saved scan), in chunks drawn from the
         * input, gives the analysis the same lines */
        tx_analysis *b = NULL;
        if (tx_analysis_new(fz_builtin(), &opt, "fuzz", &b) == TX_OK) {
            fz_rng r;
            fz_rng_seed(&r, data, size);
            txc_scan_filter f;
            memset(&f, 0, sizeof f);
            for (size_t off = 0; off < size;) {
                size_t k = fz_chunk(&r, size - off);
                txc_scan_filter_feed(&f, b, (const char *)data + off, k);
                off += k;
            }
            txc_scan_filter_end(&f, b);
            tx_analysis_finish(b);
            char *u;
            size_t un;
            render(s, b, TX_FORMAT_JSON, &u, &un);
            check(un == n && !memcmp(u, t, n));
            free(u);
            tx_analysis_free(b);
        }
        free(t);
    }
    tx_analysis_free(a);
    txc_scan_free(s);
    return 0;
}
