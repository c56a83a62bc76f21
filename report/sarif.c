/*
 * sarif.c - the explain report as SARIF 2.1.0, for code-scanning and CI
 * tools: one result per reported finding, rule metadata from the rulebook,
 * every evidence line a location (file and line).
 *
 * Shape (OASIS SARIF 2.1.0): {"$schema", "version": "2.1.0", "runs": [{
 * "tool": {"driver": {name, version, semanticVersion, rules: [...]}},
 * "results": [...], "invocations": [{executionSuccessful, exitCode,
 * toolExecutionNotifications}] }]}.  The rules array is the ruleset in its
 * order, so a result's ruleIndex is its finding's rule index.  Levels:
 * cause = error, risk = warning, note = note; the confidence is the
 * result's rank (0-100) and a property, with the category and the kind.
 */
#include <stdlib.h>
#include <string.h>

#include "../rules/ruleset.h"
#include "../common/out.h"
#include "report.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

static const char *level_of(txr_kind k) { return k == TXR_KIND_CAUSE ? "error" : k == TXR_KIND_RISK ? "warning" : "note"; }
static const char *kind_of(txr_kind k) { return k == TXR_KIND_CAUSE ? "cause" : k == TXR_KIND_RISK ? "risk" : "note"; }
static const char *mlevel_of(tx_kind k) { return k == TX_KIND_CAUSE ? "error" : k == TX_KIND_RISK ? "warning" : "note"; }
static const char *mkind_of(tx_kind k) { return k == TX_KIND_CAUSE ? "cause" : k == TX_KIND_RISK ? "risk" : "note"; }

/* A file name as a URI reference: unreserved bytes and '/' as they are,
 * everything else percent-encoded; standard input is "stdin". */
static void json_uri(FILE *f, const char *path)
{
    if (!strcmp(path, "-"))
        path = "stdin";
    putc('"', f);
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
            putc(*p, f);
        else
            fprintf(f, "%%%02X", *p);
    }
    putc('"', f);
}

tx_status tx_sarif_begin(const tx_ruleset *rs, FILE *out)
{
    if (!rs || !out)
        return TX_EINVAL;
    fputs("{\"$schema\":\"" SARIF_SCHEMA "\",\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{"
          "\"name\":\"tlsexplain\",\"version\":\"" TX_VERSION "\",\"semanticVersion\":\"" TX_VERSION "\","
          "\"rules\":[",
          out);
    for (unsigned i = 0; i < rs->n; i++) {
        const txr_rule *r = rs->rules[i];
        if (i)
            putc(',', out);
        fputs("{\"id\":", out);
        txo_json_cstr(out, r->id);
        fputs(",\"shortDescription\":{\"text\":", out);
        txo_json_cstr(out, r->title);
        fputs("}", out);
        if (r->nrefs) {
            fputs(",\"helpUri\":", out);
            txo_json_cstr(out, r->refs[0]);
        }
        fprintf(out, ",\"defaultConfiguration\":{\"level\":\"%s\",\"rank\":%d},\"properties\":{\"category\":",
                level_of(r->kind), r->confidence < 0 ? 0 : r->confidence > 100 ? 100 : r->confidence);
        txo_json_cstr(out, r->category);
        fprintf(out, ",\"kind\":\"%s\",\"confidence\":%d,\"tags\":[", kind_of(r->kind), r->confidence);
        txo_json_cstr(out, r->category);
        /* the categories its `adjust` items may give a finding instead (once each) */
        for (unsigned k = 0; k < r->nadjust; k++) {
            const char *c = r->adjust[k].category;
            int dup = !c || !strcmp(c, r->category);
            for (unsigned j = 0; !dup && j < k; j++)
                dup = r->adjust[j].category && !strcmp(r->adjust[j].category, c);
            if (!dup) {
                putc(',', out);
                txo_json_cstr(out, c);
            }
        }
        fputs("],\"definedIn\":", out);
        txo_json_cstr(out, r->file ? r->file : "");
        fprintf(out, ",\"line\":%u}}", r->line);
    }
    fputs("]}},\"results\":[", out);
    return ferror(out) ? TX_EIO : TX_OK;
}

/* The results of one analysis (its model: masked with --redact). */
void txw_write_sarif(const txa_model *a, FILE *f)
{
    int first = 1;
    for (int pass = 0; pass < 3; pass++) {
        for (unsigned i = 0; i < a->nfind; i++) {
            const txa_mfinding *fd = &a->findings[i];
            if (fd->superseded_by >= 0 || (int)fd->kind != pass)
                continue;
            if (!first)
                putc(',', f);
            first = 0;
            fputs("{\"ruleId\":", f);
            txo_json_cstr(f, fd->id);
            fprintf(f, ",\"ruleIndex\":%u,\"level\":\"%s\",\"rank\":%d,\"message\":{\"text\":", fd->rule_index,
                    mlevel_of(fd->kind), fd->score < 0 ? 0 : fd->score > 100 ? 100 : fd->score);
            /* the title, then the explanation and the fix, as the text report says them */
            const char *x = fd->explain;
            size_t len = strlen(fd->title) + (x ? strlen(x) + 1 : 0) + 16;
            for (unsigned k = 0; k < fd->nsteps; k++)
                len += (fd->steps[k] ? strlen(fd->steps[k]) : 0) + 16;
            char *msg = malloc(len);
            if (msg) {
                size_t n = (size_t)snprintf(msg, len, "%s.%s%s", fd->title, x ? " " : "", x ? x : "");
                for (unsigned k = 0; k < fd->nsteps; k++)
                    n += (size_t)snprintf(msg + n, len - n, "%s%u. %s", k ? " " : " Fix: ", k + 1,
                                          fd->steps[k] ? fd->steps[k] : "");
                txo_json_cstr(f, msg);
            } else {
                txo_json_cstr(f, fd->title);
            }
            free(msg);
            fputs("},\"locations\":[", f);
            for (unsigned k = 0; k < fd->nev; k++) {
                if (k)
                    putc(',', f);
                fputs("{\"physicalLocation\":{\"artifactLocation\":{\"uri\":", f);
                json_uri(f, a->name);
                fprintf(f, "},\"region\":{\"startLine\":%llu,\"snippet\":{\"text\":",
                        (unsigned long long)(fd->ev[k].line ? fd->ev[k].line : 1));
                txo_json_cstr(f, fd->ev_text[k] ? fd->ev_text[k] : "(redacted)");
                fputs("}}}}", f);
            }
            if (!fd->nev) { /* no line to cite: the file itself */
                fputs("{\"physicalLocation\":{\"artifactLocation\":{\"uri\":", f);
                json_uri(f, a->name);
                fputs("}}}", f);
            }
            fputs("],\"properties\":{\"category\":", f);
            txo_json_cstr(f, fd->category);
            fprintf(f, ",\"kind\":\"%s\",\"confidence\":%d,\"connections\":%u}}", mkind_of(fd->kind), fd->score, fd->conns);
        }
    }
}

tx_status tx_write_json_string(FILE *out, const char *s, size_t n)
{
    if (!out || (!s && n))
        return TX_EINVAL;
    txo_json_str(out, s ? s : "", n);
    return ferror(out) ? TX_EIO : TX_OK;
}

tx_status tx_sarif_end(FILE *out, int exit_code, const char *const *errors, unsigned nerrors)
{
    if (!out)
        return TX_EINVAL;
    fprintf(out, "],\"invocations\":[{\"executionSuccessful\":%s,\"exitCode\":%d,\"toolExecutionNotifications\":[",
            nerrors ? "false" : "true", exit_code);
    for (unsigned i = 0; i < nerrors; i++) {
        if (i)
            putc(',', out);
        fputs("{\"level\":\"error\",\"message\":{\"text\":", out);
        txo_json_cstr(out, errors[i]);
        fputs("}}", out);
    }
    fputs("]}]}]}\n", out);
    return ferror(out) ? TX_EIO : TX_OK;
}

