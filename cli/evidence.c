/* evidence.c - tool output lent as context to the other inputs (see evidence.h). */
#include "evidence.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../parser/limits.h"

/* An input the sniff could not read again by name (not a regular file):
 * the bytes it read and the stream the rest comes from, or a spool (an
 * unlinked temporary file holding the whole input, buf NULL). */
typedef struct {
    FILE *f;
    char *buf;
    size_t n;
    txc_zinfo zi; /* the stream's decompression state (f reads its text) */
    long long layout; /* a regular file's: what the sniff found of its first bytes (TX_STAT_LAYOUT; 0: none) */
} held;

struct txc_context {
    tx_analysis *a[TX_MAX_CONTEXT_INPUTS];
    const char *path[TX_MAX_CONTEXT_INPUTS];
    int n;
    held *held; /* one per input */
    int nfiles;
    int nheld;  /* inputs held when the context was loaded */
    int nlayout; /* regular files whose layout the sniff found */
    char iobuf[TX_CONTEXT_SNIFF_BYTES];
};

/* Parse up to `limit` bytes of f (0 = all) without rules.  NULL on error.
 * With a limit (the sniff) it stops at the first line of a log, which is
 * then not tool output (TX_OPT_TOOL_SNIFF); *whole says whether all of f
 * was read (so the analysis is the same as that of a parse without limit). */
static tx_analysis *parse(txc_context *ctx, FILE *f, const char *path, const tx_options *opt, size_t limit, int *whole)
{
    tx_analysis *a = NULL;
    if (tx_analysis_new(NULL, opt, path, &a) != TX_OK)
        return NULL;
    if (limit && tx_analysis_set_int(a, TX_OPT_TOOL_SNIFF, 1) != TX_OK) {
        tx_analysis_free(a);
        return NULL;
    }
    size_t n, total = 0;
    while ((!limit || total < limit) && (n = fread(ctx->iobuf, 1, sizeof ctx->iobuf, f)) > 0) {
        tx_analysis_feed(a, ctx->iobuf, n);
        total += n;
    }
    if (whole)
        *whole = feof(f) && !ferror(f);
    tx_analysis_finish(a);
    return a;
}

static tx_analysis *parse_mem(const char *buf, size_t n, const char *path, const tx_options *opt)
{
    tx_analysis *a = NULL;
    if (tx_analysis_new(NULL, opt, path, &a) != TX_OK)
        return NULL;
    tx_analysis_feed(a, buf, n);
    tx_analysis_finish(a);
    return a;
}

/* A regular file: sniff its start, and parse it whole if it is tool output.
 * *layout: what the sniff found of its first bytes (for the input's own
 * analysis, which reads them again: txc_context_layout). */
static tx_analysis *load_regular(txc_context *ctx, FILE *f, const char *path, const tx_options *opt, long long *layout)
{
    int whole = 0;
    tx_analysis *s = parse(ctx, f, path, opt, TX_CONTEXT_SNIFF_BYTES, &whole);
    *layout = s ? (long long)tx_analysis_stat(s, TX_STAT_LAYOUT) : 0;
    ctx->nlayout += *layout != 0;
    int tool = s && tx_analysis_is_tool_evidence(s);
    if (tool && whole) /* the sniff read it all (and no log line stopped it) */
        return s;
    tx_analysis_free(s);
    if (!tool)
        return NULL;
    rewind(f);
    return parse(ctx, f, path, opt, 0, NULL);
}

/* A pipe, a FIFO, a terminal: read once.  The sniffed bytes are kept for
 * the input's own analysis (feed_file replays them, then reads on); tool
 * output longer than the sniff is spooled to an unlinked temporary file,
 * as it is parsed whole twice.  Memory stays at TX_CONTEXT_SNIFF_BYTES per input. */
static tx_analysis *load_stream(txc_context *ctx, FILE *f, held *h, const char *path, const tx_options *opt)
{
    h->buf = malloc(TX_CONTEXT_SNIFF_BYTES);
    if (!h->buf)
        return NULL;
    size_t n;
    while (h->n < TX_CONTEXT_SNIFF_BYTES && (n = fread(h->buf + h->n, 1, TX_CONTEXT_SNIFF_BYTES - h->n, f)) > 0)
        h->n += n;
    h->f = f;
    int whole = h->n < TX_CONTEXT_SNIFF_BYTES; /* the sniff reached the end (or a read error, reported later) */
    tx_analysis *a = parse_mem(h->buf, h->n, path, opt);
    if (!a || !tx_analysis_is_tool_evidence(a)) {
        tx_analysis_free(a);
        return NULL;
    }
    if (whole) /* the sniff was the whole input */
        return a;
    tx_analysis_free(a);
    FILE *spool = tmpfile();
    if (!spool)
        return NULL; /* not lent; the input is still analysed from what is held */
    int bad = fwrite(h->buf, 1, h->n, spool) != h->n;
    while (!bad && (n = fread(ctx->iobuf, 1, sizeof ctx->iobuf, f)) > 0)
        bad = fwrite(ctx->iobuf, 1, n, spool) != n;
    if (bad || ferror(f) || fflush(spool) != 0) {
        /* the spool failed: what was read is lost, so the input's own
         * analysis reads the spool up to where it failed */
        rewind(spool);
        fclose(f);
        free(h->buf);
        h->buf = NULL;
        h->n = 0;
        h->f = spool;
        return NULL;
    }
    fclose(f);
    free(h->buf);
    h->buf = NULL;
    h->n = 0;
    h->f = spool;
    rewind(spool);
    a = parse(ctx, spool, path, opt, 0, NULL);
    rewind(spool);
    return a;
}

txc_context *txc_context_load(const char *const *files, int nfiles, const tx_options *opt, FILE *err)
{
    if (nfiles < 2)
        return NULL;
    txc_context *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return NULL;
    ctx->nfiles = nfiles;
    ctx->held = calloc((size_t)nfiles, sizeof *ctx->held);
    if (!ctx->held) {
        free(ctx);
        return NULL;
    }
    for (int i = 0; i < nfiles; i++) {
        if (!strcmp(files[i], "-"))
            continue;
        struct stat st;
        if (stat(files[i], &st) != 0 || S_ISDIR(st.st_mode))
            continue; /* its analysis says why */
        if (S_ISREG(st.st_mode) && ctx->n >= TX_MAX_CONTEXT_INPUTS)
            continue; /* nothing more is lent; a stream must still be read once only */
        FILE *f = fopen(files[i], "rb");
        if (!f)
            continue;
        /* compressed inputs are sniffed (and held) as their text */
        f = txc_zopen(f, 1, &ctx->held[i].zi);
        if (!f)
            continue;
        tx_analysis *a;
        if (S_ISREG(st.st_mode)) {
            a = load_regular(ctx, f, files[i], opt, &ctx->held[i].layout);
            fclose(f);
        } else {
            a = load_stream(ctx, f, &ctx->held[i], files[i], opt);
            if (ctx->held[i].f)
                ctx->nheld++;
            else
                fclose(f);
        }
        if (!a)
            continue;
        if (!tx_analysis_context_listings(a) || ctx->n >= TX_MAX_CONTEXT_INPUTS) { /* nothing to lend */
            tx_analysis_free(a);
            continue;
        }
        fprintf(err, "tlsexplain: note: %s is tool output: its keytool listing is also checked against the other inputs\n",
                files[i]);
        ctx->a[ctx->n] = a;
        ctx->path[ctx->n] = files[i];
        ctx->n++;
    }
    if (!ctx->n && !ctx->nheld && !ctx->nlayout) {
        free(ctx->held);
        free(ctx);
        return NULL;
    }
    return ctx;
}

FILE *txc_context_held(const txc_context *ctx, int i, const char **buf, size_t *n, const txc_zinfo **zi)
{
    if (!ctx || i < 0 || i >= ctx->nfiles || !ctx->held[i].f)
        return NULL;
    *buf = ctx->held[i].buf;
    *n = ctx->held[i].n;
    *zi = &ctx->held[i].zi;
    return ctx->held[i].f;
}

long long txc_context_layout(const txc_context *ctx, int i)
{
    return ctx && i >= 0 && i < ctx->nfiles ? ctx->held[i].layout : 0;
}

void txc_context_done(txc_context *ctx, int i)
{
    if (!ctx || i < 0 || i >= ctx->nfiles || !ctx->held[i].f)
        return;
    /* input i's own slot only: with -j the analyses of different inputs
     * end in different threads (nheld counts the held inputs at load time
     * only, so it is not touched here) */
    fclose(ctx->held[i].f);
    free(ctx->held[i].buf);
    memset(&ctx->held[i], 0, sizeof ctx->held[i]);
}

void txc_context_apply(const txc_context *ctx, tx_analysis *a, const char *path)
{
    for (int i = 0; ctx && i < ctx->n; i++)
        if (strcmp(ctx->path[i], path) != 0)
            (void)tx_analysis_lend_context(a, ctx->a[i], NULL);
}

void txc_context_settle(const txc_context *ctx, tx_analysis *a, const char *path)
{
    for (int i = 0; ctx && i < ctx->n; i++)
        if (strcmp(ctx->path[i], path) != 0)
            (void)tx_analysis_lend_context_again(a, ctx->a[i], NULL);
}

void txc_context_free(txc_context *ctx)
{
    if (!ctx)
        return;
    for (int i = 0; i < ctx->n; i++)
        tx_analysis_free(ctx->a[i]);
    for (int i = 0; i < ctx->nfiles; i++) /* inputs not read (the output failed) */
        txc_context_done(ctx, i);
    free(ctx->held);
    free(ctx);
}
