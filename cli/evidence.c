/* evidence.c - tool output lent as context to the other inputs (see evidence.h). */
#include "evidence.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../rules/context.h"

#define SNIFF_BYTES (64u * 1024u)
#define MAX_CONTEXT 16

struct txc_context {
    tx_analysis *a[MAX_CONTEXT];
    const char *path[MAX_CONTEXT];
    int n;
};

/* Parse up to `limit` bytes of path (0 = all) without rules.  NULL on error. */
static tx_analysis *parse(const char *path, const tx_options *opt, size_t limit)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    tx_analysis *a = NULL;
    if (tx_analysis_new(NULL, opt, path, &a) != TX_OK) {
        fclose(f);
        return NULL;
    }
    static char buf[64 * 1024];
    size_t n, total = 0;
    while ((!limit || total < limit) && (n = fread(buf, 1, sizeof buf, f)) > 0) {
        tx_analysis_feed(a, buf, n);
        total += n;
    }
    fclose(f);
    tx_analysis_finish(a);
    return a;
}

txc_context *txc_context_load(const char *const *files, int nfiles, const tx_options *opt)
{
    if (nfiles < 2)
        return NULL;
    txc_context *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return NULL;
    for (int i = 0; i < nfiles && ctx->n < MAX_CONTEXT; i++) {
        if (!strcmp(files[i], "-"))
            continue;
        tx_analysis *s = parse(files[i], opt, SNIFF_BYTES);
        int tool = s && txa_is_tool_evidence(s);
        tx_analysis_free(s);
        if (!tool)
            continue;
        tx_analysis *a = parse(files[i], opt, 0);
        if (!a || !txa_is_tool_evidence(a)) {
            tx_analysis_free(a);
            continue;
        }
        if (!txa_context_listings(a)) { /* nothing to lend */
            tx_analysis_free(a);
            continue;
        }
        fprintf(stderr, "tlsexplain: note: %s is tool output: its keytool listing is also checked against the other inputs\n",
                files[i]);
        ctx->a[ctx->n] = a;
        ctx->path[ctx->n] = files[i];
        ctx->n++;
    }
    if (!ctx->n) {
        free(ctx);
        return NULL;
    }
    return ctx;
}

void txc_context_apply(const txc_context *ctx, tx_analysis *a, const char *path)
{
    for (int i = 0; ctx && i < ctx->n; i++)
        if (strcmp(ctx->path[i], path) != 0)
            txa_lend_context(a, ctx->a[i]);
}

void txc_context_settle(const txc_context *ctx, tx_analysis *a, const char *path)
{
    for (int i = 0; ctx && i < ctx->n; i++)
        if (strcmp(ctx->path[i], path) != 0)
            txa_lend_context_again(a, ctx->a[i]);
}

void txc_context_free(txc_context *ctx)
{
    if (!ctx)
        return;
    for (int i = 0; i < ctx->n; i++)
        tx_analysis_free(ctx->a[i]);
    free(ctx);
}
