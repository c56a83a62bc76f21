/*
 * test_html.c - the HTML report's pieces: escaping (markup, quotes, control
 * bytes, invalid UTF-8), the summary table of hostile names, section ids,
 * and a whole page of a lab fixture through the public API (one section,
 * a ladder with the failing step marked, the chain tree, no script, no
 * hex dump, the evidence links resolving).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../include/tlsexplain.h"
#include "../../report/html.h"
#include "../tx_test.h"

static char *esc_of(const char *s, size_t n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    txw_html_esc(f, s, n);
    fclose(f);
    return buf;
}

int main(void)
{
    char *e = esc_of("<script>a&b\"c'd</script>", 24);
    CHECK_STR(e, "&lt;script&gt;a&amp;b&quot;c&#39;d&lt;/script&gt;");
    free(e);
    e = esc_of("x\x1b[31my\xff\xc3\xa9\tz", 12);
    CHECK_STR(e, "x\xef\xbf\xbd[31my\xef\xbf\xbd\xc3\xa9 z"); /* ESC and a stray byte: U+FFFD; é kept */
    free(e);
    e = esc_of("a\0b", 3);
    CHECK_STR(e, "a\xef\xbf\xbd" "b");
    free(e);

    char id[24], id2[24];
    txw_html_file_id("client.log", 0, id);
    txw_html_file_id("client.log", 0, id2);
    CHECK_STR(id, id2);
    CHECK_INT(strlen(id), 11);
    CHECK(id[0] == 'f');
    txw_html_file_id("client.log", 1, id2); /* the same name twice in a page: ids of their own */
    CHECK(strcmp(id, id2) != 0);

    /* the summary: names are escaped, an input with an error has no link */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    const char *names[] = {"<script>alert(1)</script>.log", "gone.log"};
    const char *verdicts[] = {"failure", "error"};
    const char *cats[] = {"expired", NULL};
    CHECK_INT(tx_html_begin(f, "t<i>"), TX_OK);
    CHECK_INT(tx_html_summary(f, 2, names, verdicts, cats), TX_OK);
    CHECK_INT(tx_html_end(f), TX_OK);
    fclose(f);
    CHECK(strstr(buf, "<script") == NULL);
    CHECK(strstr(buf, "&lt;script&gt;alert(1)&lt;/script&gt;.log") != NULL);
    CHECK(strstr(buf, "<title>t&lt;i&gt;</title>") != NULL);
    CHECK(strstr(buf, "Content-Security-Policy") != NULL);
    CHECK(strstr(buf, "<td><span class=\"mono\">gone.log</span>") != NULL);
    free(buf);
    CHECK_INT(tx_html_begin(NULL, "x"), TX_EINVAL);
    /* the public escaper is the page's */
    f = open_memstream(&buf, &len);
    CHECK_INT(tx_html_write_text(f, "<b a='1'>&\x1b\xff\tz", 14), TX_OK);
    fclose(f);
    CHECK_STR(buf, "&lt;b a=&#39;1&#39;&gt;&amp;\xef\xbf\xbd\xef\xbf\xbd z");
    free(buf);
    CHECK_INT(tx_html_write_text(NULL, "x", 1), TX_EINVAL);

    /* a whole page of a lab fixture */
    tx_compiler *c;
    tx_ruleset *rs = NULL;
    CHECK_INT(tx_compiler_new(&c), TX_OK);
    CHECK_INT(tx_compiler_add_builtin(c), TX_OK);
    CHECK_INT(tx_compiler_finish(c, &rs), TX_OK);
    tx_compiler_free(c);
    size_t n;
    char *log = tx_test_slurp("fixtures/lab/ca-pathlen-exceeded.log", &n);
    CHECK(log != NULL);
    tx_analysis *a = NULL;
    CHECK_INT(tx_analysis_new(rs, NULL, "lab.log", &a), TX_OK);
    CHECK_INT(tx_analysis_feed(a, log, n), TX_OK);
    CHECK_INT(tx_analysis_finish(a), TX_OK);
    f = open_memstream(&buf, &len);
    tx_html_begin(f, "page");
    CHECK_INT(tx_analysis_write(a, TX_FORMAT_HTML, f), TX_OK);
    tx_html_end(f);
    fclose(f);
    CHECK(strstr(buf, "<section class=\"file\"") != NULL);
    CHECK(strstr(buf, "<figure class=\"ladder\">") != NULL);
    CHECK(strstr(buf, "row-fail") != NULL);
    CHECK(strstr(buf, "<ul class=\"tree\">") != NULL);
    CHECK(strstr(buf, "<script") == NULL);
    CHECK(strstr(buf, "0000: ") == NULL); /* the log has decrypted hex dumps: never shown */
    /* every evidence link has its target */
    unsigned links = 0, missing = 0;
    for (const char *p = buf; (p = strstr(p, "<li><details><summary><a href=\"#")); p++) {
        const char *q = p + strlen("<li><details><summary><a href=\"#");
        const char *end = strchr(q, '"');
        char target[64];
        snprintf(target, sizeof target, "id=\"%.*s\"", (int)(end - q), q);
        links++;
        missing += strstr(buf, target) == NULL;
    }
    CHECK(links > 0);
    CHECK_INT(missing, 0);
    /* the log was not pushed again: each evidence line says its context is not available */
    CHECK(strstr(buf, "data-context=\"log\"") == NULL);
    CHECK(strstr(buf, "data-context=\"kept\"") != NULL);
    CHECK(strstr(buf, "could not be read a second time") != NULL);
    free(buf);
    CHECK_INT(tx_analysis_feed_context(a, NULL, 1), TX_EINVAL);
    /* pushed again, in two pieces split inside a line: the log's own lines around each */
    CHECK_INT(tx_analysis_feed_context(a, log, n / 2 + 7), TX_OK);
    CHECK_INT(tx_analysis_feed_context(a, log + n / 2 + 7, n - n / 2 - 7), TX_OK);
    CHECK_INT(tx_analysis_feed_context(a, NULL, 0), TX_OK);
    CHECK_INT(tx_analysis_feed_context(a, log, 1), TX_EINVAL); /* ended */
    f = open_memstream(&buf, &len);
    CHECK_INT(tx_analysis_write(a, TX_FORMAT_HTML, f), TX_OK);
    fclose(f);
    CHECK(strstr(buf, "data-context=\"kept\"") == NULL);
    CHECK(strstr(buf, "data-context=\"log\"") != NULL);
    CHECK(strstr(buf, "0000: ") == NULL);
    free(buf);
    tx_analysis_free(a);
    /* a log read again that is not the log analysed (another length): not shown */
    CHECK_INT(tx_analysis_new(rs, NULL, "lab.log", &a), TX_OK);
    CHECK_INT(tx_analysis_feed_context(a, log, n), TX_EINVAL); /* before finish */
    CHECK_INT(tx_analysis_feed(a, log, n), TX_OK);
    CHECK_INT(tx_analysis_finish(a), TX_OK);
    CHECK_INT(tx_analysis_feed_context(a, log, n - 1), TX_OK);
    CHECK_INT(tx_analysis_feed_context(a, NULL, 0), TX_OK);
    f = open_memstream(&buf, &len);
    CHECK_INT(tx_analysis_write(a, TX_FORMAT_HTML, f), TX_OK);
    fclose(f);
    CHECK(strstr(buf, "data-context=\"log\"") == NULL);
    CHECK(strstr(buf, "was not the log analysed") != NULL);
    free(buf);
    tx_analysis_free(a);
    free(log);
    tx_ruleset_free(rs);
    TX_TEST_END();
}
