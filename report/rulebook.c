/*
 * rulebook.c - `rules list`: the rulebook as a table (text), JSON Lines or
 * Markdown (docs/diagnoses.md).
 */
#include <string.h>

#include "../common/out.h"
#include "../rules/ruleset.h"

static int is_builtin(const txr_rule *r) { return r->origin && !strcmp(r->origin, "builtin"); }

static const char *kind_name(const txr_rule *r)
{
    return r->fallback ? "fallback" : r->kind == TXR_KIND_CAUSE ? "cause" : r->kind == TXR_KIND_RISK ? "risk" : "note";
}

tx_status tx_ruleset_write(const tx_ruleset *rs, tx_format f, FILE *out)
{
    if (f == TX_FORMAT_MARKDOWN) {
        fputs("# Diagnoses\n\n", out);
        fputs("Generated from the shipped rulebook by `make docs` (`tlsexplain rules list --format markdown`); "
              "do not edit by hand.\n\n", out);
        fprintf(out, "%zu rules. Kinds: *cause* explains a failure, *risk* is a weakness of a working "
                     "connection, *note* is context.\n", (size_t)rs->n);
        const char *lastcat = NULL;
        for (unsigned c = 0; c < rs->voc.ncats; c++) { /* in declaration order (rules/tls/categories.yaml) */
            const char *cat = rs->voc.cats[c]->id;
            for (unsigned i = 0; i < rs->n; i++) {
                const txr_rule *r = rs->rules[i];
                if (strcmp(r->category, cat) != 0)
                    continue;
                if (lastcat != cat) {
                    fprintf(out, "\n## %s\n\n", cat);
                    txo_md_text(out, rs->voc.cats[c]->title, strlen(rs->voc.cats[c]->title));
                    fputs("\n", out);
                    lastcat = cat;
                }
                fprintf(out, "\n### `%s`\n\n", r->id);
                txo_md_text(out, r->title, strlen(r->title));
                fprintf(out, "\n\n- kind: %s, confidence %d\n", kind_name(r), r->confidence);
                if (r->nsupersedes) {
                    fputs("- explains away:", out);
                    for (unsigned k = 0; k < r->nsupersedes; k++)
                        fprintf(out, "%s `%s`", k ? "," : "", r->supersedes[k]);
                    fputs("\n", out);
                }
                if (is_builtin(r))
                    fprintf(out, "- defined in `%s`\n", r->file);
                else /* the shipped rulebook's page stays as it was; an added rule says whence */
                    fprintf(out, "- defined in `%s` (%s)\n", r->file, r->origin ? r->origin : "added");
                if (r->explain) {
                    fputs("\n", out);
                    txo_text(out, r->explain, strlen(r->explain));
                    fputs("\n", out);
                }
                if (r->nsteps) {
                    fputs("\nSteps:\n\n", out);
                    for (unsigned k = 0; k < r->nsteps; k++) {
                        fprintf(out, "%u. ", k + 1);
                        txo_text(out, r->steps[k], strlen(r->steps[k]));
                        fputs("\n", out);
                    }
                }
            }
        }
        return TX_OK;
    }
    for (unsigned i = 0; i < rs->n; i++) {
        const txr_rule *r = rs->rules[i];
        if (f == TX_FORMAT_JSON) {
            fputs("{\"schema\":\"rules-v1\",\"id\":", out); /* docs/rules-v1.schema.json */
            txo_json_cstr(out, r->id);
            fputs(",\"category\":", out);
            txo_json_cstr(out, r->category);
            fprintf(out, ",\"kind\":\"%s\",\"confidence\":%d,\"title\":", kind_name(r), r->confidence);
            txo_json_cstr(out, r->title);
            fputs(",\"file\":", out);
            txo_json_cstr(out, r->file);
            fprintf(out, ",\"line\":%u", r->line);
            if (r->origin) {
                fputs(",\"origin\":", out);
                txo_json_cstr(out, r->origin);
            }
            fputs("}\n", out);
        } else {
            fprintf(out, "%-40s %-32s %-8s %3d  %s", r->id, r->category, kind_name(r), r->confidence, r->title);
            /* a shipped rule's line is as it always was; any other says where it came from */
            if (!is_builtin(r))
                fprintf(out, "  [%s %s:%u]", r->origin ? r->origin : "added", r->file, r->line);
            fputc('\n', out);
        }
    }
    return TX_OK;
}
