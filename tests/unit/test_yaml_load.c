/* test_yaml_load.c - the rule-file loader: valid files of every shape give
 * the AST we expect; each error class gives its exact line:col and message. */
#include <stdlib.h>
#include <string.h>

#include "../../parser/event.h"
#include "../../parser/limits.h"
#include "../../rules/builtin.h"
#include "../../rules/ruleset.h"
#include "../../rules/yaml_load.h"
#include "../tx_test.h"

#define MAXD 256
static tx_diag diags[MAXD];
static char ids[MAXD][80]; /* rule_id is borrowed for the callback only */
static unsigned nd;
static txr_rule **rules;
static unsigned nrules;
static txr_vocab shipped; /* rules/tls/categories.yaml and profiles.yaml */
static txr_vocab decl;    /* what the last file declared */

static void collect(const tx_diag *d, void *ud)
{
    (void)ud;
    if (nd < MAXD) {
        diags[nd] = *d;
        snprintf(ids[nd], sizeof ids[nd], "%s", d->rule_id ? d->rule_id : "");
        diags[nd].rule_id = d->rule_id ? ids[nd] : NULL;
        nd++;
    }
}

static void unload(void)
{
    for (unsigned i = 0; i < nrules; i++)
        txr_rule_free(rules[i]);
    free(rules);
    rules = NULL;
    nrules = 0;
    txr_vocab_clear(&decl);
}

/* The shipped vocabulary, as every compiler loads it first. */
static void load_shipped(void)
{
    for (const txr_builtin_file *f = txr_builtin_rules; f->name; f++) {
        for (int i = 0; txr_vocab_files[i]; i++) {
            if (strcmp(f->name, txr_vocab_files[i]) != 0)
                continue;
            txr_vocab d = {0};
            txr_rule **r = NULL;
            unsigned n = 0;
            CHECK_INT(txr_load_yaml(f->name, f->text, f->len, &shipped, &r, &n, &d, NULL, NULL), TX_OK);
            CHECK_INT(n, 0);
            free(r);
            CHECK_INT(txr_vocab_merge(&shipped, &d), 0);
        }
    }
}

static tx_status loadn(const char *text, size_t len)
{
    unload();
    nd = 0;
    memset(diags, 0, sizeof diags);
    if (!shipped.ncats)
        load_shipped();
    return txr_load_yaml("t.yaml", text, len, &shipped, &rules, &nrules, &decl, collect, NULL);
}

static tx_status load(const char *text) { return loadn(text, strlen(text)); }

static unsigned nerrors(void)
{
    unsigned n = 0;
    for (unsigned i = 0; i < nd; i++)
        n += !diags[i].warning;
    return n;
}

/* The i-th diagnostic has this place, code and message (and help if given). */
#define CHECK_DIAG(i, ln, cl, cd, m, h)                                                            \
    do {                                                                                           \
        CHECK((i) < nd);                                                                           \
        if ((i) < nd) {                                                                            \
            CHECK_INT(diags[i].line, ln);                                                          \
            CHECK_INT(diags[i].col, cl);                                                           \
            CHECK_INT(diags[i].code, cd);                                                          \
            CHECK_STR(diags[i].msg, m);                                                            \
            if (h)                                                                                 \
                CHECK_STR(diags[i].help, (const char *)(h));                                       \
        }                                                                                          \
    } while (0)

/* A file that fails: one error, at line:col with message m. */
#define CHECK_ONE(text, st, ln, cl, m, h)                                                          \
    do {                                                                                           \
        CHECK_INT(load(text), st);                                                                 \
        CHECK(rules == NULL);                                                                      \
        CHECK_INT(nrules, 0);                                                                      \
        CHECK_INT(nerrors(), 1);                                                                   \
        CHECK_DIAG(0, ln, cl, st, m, h);                                                           \
    } while (0)

#define HEAD "version: 1\nrules:\n"
#define RULE(extra) HEAD "  - id: r\n    title: T\n    category: other\n" extra
#define SAMPLES "    samples: {match: x}\n"

static const char *src(const txr_pattern *p) { return txr_pattern_source(p); }

static void test_simple(void)
{
    CHECK_INT(load(HEAD "  - id: pkix-untrusted-ca\n"
                        "    title: Untrusted\n"
                        "    category: untrusted-cert\n"
                        "    pattern: 'PKIX path (building|validation)'\n"
                        "    literal: 'PKIX path'\n"
                        "    samples: {match: 'PKIX path building failed', nomatch: [a, \"b\"]}\n"),
              TX_OK);
    CHECK_INT(nd, 0);
    CHECK_INT(nrules, 1);
    if (nrules != 1)
        return;
    txr_rule *r = rules[0];
    CHECK_STR(r->id, "pkix-untrusted-ca");
    CHECK_STR(r->title, "Untrusted");
    CHECK_STR(r->category, "untrusted-cert");
    CHECK_STR(r->file, "t.yaml");
    CHECK_INT(r->line, 3);
    CHECK_INT(r->col, 5);
    CHECK_INT(r->kind, TXR_KIND_CAUSE);
    CHECK_INT(r->confidence, 50);
    CHECK_STR(r->literal, "PKIX path");
    CHECK(r->when && r->when->kind == TXR_C_LINE);
    if (r->when) {
        CHECK_STR(src(r->when->line), "PKIX path (building|validation)");
        CHECK_INT(r->when->srcline, 6);
        CHECK_INT(r->when->srccol, 14);
    }
    CHECK_INT(r->nmatch, 1);
    CHECK_INT(r->nnomatch, 2);
    if (r->nmatch == 1 && r->nnomatch == 2) {
        CHECK_STR(r->match_samples[0], "PKIX path building failed");
        CHECK_STR(r->nomatch_samples[1], "b");
    }
    CHECK(r->explain == NULL && r->nsteps == 0 && r->nrefs == 0 && r->nadjust == 0 && r->nprofiles == 0);
}

static void test_full(void)
{
    CHECK_INT(load(HEAD "  - id: full\n"
                        "    title: Full\n"
                        "    category: expired\n"
                        "    kind: risk\n"
                        "    confidence: 100\n"
                        "    supersedes: [a-b, c]\n"
                        "    when:\n"
                        "      all:\n"
                        "        - event: exception\n"
                        "          where: {class: 'SSLHandshake', line: 'x'}\n"
                        "          field: message\n"
                        "          pattern: 'PKIX'\n"
                        "          after: {event: alert, pattern: fatal}\n"
                        "        - not: { fact: cert_expired, where: {subject: 'CN=(?<cn>[^,]+)'} }\n"
                        "        - any:\n"
                        "            - line: 'a+b'\n"
                        "            - event: any\n"
                        "              where: {any: 'q'}\n"
                        "    adjust:\n"
                        "      - { when: { event: trusted }, by: -40 }\n"
                        "      - when: {line: z}\n"
                        "        by: 5\n"
                        "    explain: \"text with {cn}\"\n"
                        "    steps: [\"one\", two]\n"
                        "    profiles: { ia: { steps: [\"ia one\"], explain: \"ia text\" } }\n"
                        "    references: [\"https://example.org/\"]\n"
                        "    samples:\n"
                        "      match: [\"m\"]\n"
                        "  - id: note-one\n"
                        "    title: N\n"
                        "    category: other\n"
                        "    kind: note\n"
                        "    confidence: 0\n"
                        "    supersedes: full\n"
                        "    when: {fact: handshake_complete}\n"
                        "    samples: {match: [], nomatch: []}\n"),
              TX_OK);
    /* only warning: note-one has no match sample */
    CHECK_INT(nerrors(), 0);
    CHECK_INT(nd, 1);
    CHECK_DIAG(0, 38, 5, TX_OK, "rule 'note-one' has no 'match' sample", NULL);
    CHECK_INT(nrules, 2);
    if (nrules != 2)
        return;
    txr_rule *r = rules[0];
    CHECK_INT(r->kind, TXR_KIND_RISK);
    CHECK_INT(r->confidence, 100);
    CHECK_INT(r->nsupersedes, 2);
    if (r->nsupersedes == 2)
        CHECK_STR(r->supersedes[1], "c");
    txr_cond *w = r->when;
    CHECK(w && w->kind == TXR_C_ALL && w->nkids == 3);
    if (!w || w->nkids != 3)
        return;
    CHECK_INT(w->srcline, 10);
    CHECK_INT(w->srccol, 7);
    txr_cond *e = w->kids[0];
    CHECK_INT(e->kind, TXR_C_EVENT);
    CHECK_INT(e->evtype, TXE_EXCEPTION);
    CHECK_INT(e->srcline, 11);
    CHECK_INT(e->srccol, 11);
    CHECK_INT(e->ntests, 3);
    if (e->ntests == 3) {
        CHECK_INT(e->tests[0].field, TXF_CLASS);
        CHECK_STR(src(e->tests[0].re), "SSLHandshake");
        CHECK_INT(e->tests[1].field, TXR_FIELD_LINE);
        CHECK_INT(e->tests[2].field, TXF_MESSAGE);
        CHECK_STR(src(e->tests[2].re), "PKIX");
    }
    CHECK(e->after && e->after->kind == TXR_C_EVENT);
    if (e->after) {
        CHECK_INT(e->after->evtype, TXE_ALERT);
        CHECK_INT(e->after->ntests, 1);
        if (e->after->ntests)
            CHECK_INT(e->after->tests[0].field, TXR_FIELD_LINE); /* pattern without field: the event's line (one meaning for pattern:) */
        CHECK_INT(e->after->srcline, 15);
        CHECK_INT(e->after->srccol, 18);
    }
    txr_cond *n = w->kids[1];
    CHECK(n->kind == TXR_C_NOT && n->nkids == 1);
    if (n->nkids == 1) {
        txr_cond *f = n->kids[0];
        CHECK_INT(f->kind, TXR_C_EVENT);
        CHECK_INT(f->evtype, TXE_FACT);
        CHECK_INT(f->ntests, 2);
        if (f->ntests == 2) {
            CHECK_INT(f->tests[0].field, TXF_NAME);
            CHECK_STR(src(f->tests[0].re), "^cert_expired$");
            CHECK_INT(f->tests[1].field, TXF_SUBJECT);
            CHECK_INT(txr_pattern_ngroups(f->tests[1].re), 1);
        }
        CHECK_INT(f->srcline, 16);
        CHECK_INT(f->srccol, 16);
    }
    txr_cond *a = w->kids[2];
    CHECK(a->kind == TXR_C_ANY && a->nkids == 2);
    if (a->nkids == 2) {
        CHECK_INT(a->kids[0]->kind, TXR_C_LINE);
        CHECK_STR(src(a->kids[0]->line), "a+b");
        CHECK_INT(a->kids[1]->evtype, -1);
        CHECK_INT(a->kids[1]->ntests, 1);
        if (a->kids[1]->ntests)
            CHECK_INT(a->kids[1]->tests[0].field, TXR_FIELD_ANY);
    }
    CHECK_INT(r->nadjust, 2);
    if (r->nadjust == 2) {
        CHECK_INT(r->adjust[0].by, -40);
        CHECK_INT(r->adjust[0].when->evtype, TXE_TRUSTED);
        CHECK_INT(r->adjust[0].when->ntests, 0);
        CHECK_INT(r->adjust[1].by, 5);
        CHECK_INT(r->adjust[1].when->kind, TXR_C_LINE);
    }
    CHECK_STR(r->explain, "text with {cn}");
    CHECK_INT(r->nsteps, 2);
    if (r->nsteps == 2)
        CHECK_STR(r->steps[1], "two");
    CHECK_INT(r->nprofiles, 1);
    if (r->nprofiles == 1) {
        CHECK_STR(r->profiles[0].profile, "ia");
        CHECK_INT(r->profiles[0].nsteps, 1);
        CHECK_STR(r->profiles[0].explain, "ia text");
    }
    CHECK_INT(r->nrefs, 1);
    CHECK_INT(r->nmatch, 1);
    txr_rule *r2 = rules[1];
    CHECK_INT(r2->kind, TXR_KIND_NOTE);
    CHECK_INT(r2->confidence, 0);
    CHECK_INT(r2->nsupersedes, 1);
    CHECK_INT(r2->when->evtype, TXE_FACT);
    CHECK_INT(r2->nmatch + r2->nnomatch, 0);
}

static void test_misc_valid(void)
{
    /* empty rule list, BOM, CRLF, comments, a block scalar, a flow rule */
    CHECK_INT(load("version: 1\nrules: []\n"), TX_OK);
    CHECK(rules == NULL && nrules == 0 && nd == 0);
    CHECK_INT(load("\xEF\xBB\xBFversion: 1\r\nrules:\r\n  - {id: a, title: t, category: sni, pattern: x, samples: {match: x}}\r\n"),
              TX_OK);
    CHECK_INT(nrules, 1);
    /* warnings: no samples; a literal the pattern lacks; a literal without line patterns */
    CHECK_INT(load(RULE("    pattern: 'abc'\n    literal: abd\n")), TX_OK);
    CHECK_INT(nrules, 1);
    CHECK_INT(nd, 2);
    CHECK(diags[0].warning && diags[1].warning);
    CHECK_DIAG(0, 7, 14, TX_OK, "'literal' 'abd' does not occur in the pattern; the prefilter ignores it", NULL);
    CHECK_DIAG(1, 3, 5, TX_OK, "rule 'r' has no samples", NULL);
    CHECK_STR(diags[1].rule_id, "r");
    CHECK_INT(load(RULE("    when: {event: alert}\n    literal: abd\n" SAMPLES)), TX_OK);
    CHECK_INT(nd, 1);
    CHECK_DIAG(0, 7, 14, TX_OK, "'literal' 'abd' is unused: the rule has no line pattern", NULL);
    /* a literal found in one of several line patterns is fine */
    CHECK_INT(load(RULE("    when: {any: [{line: 'x'}, {line: 'PKIX path'}]}\n    literal: 'PKIX'\n" SAMPLES)), TX_OK);
    CHECK_INT(nd, 0);
    /* a multi-line block explain */
    CHECK_INT(load(RULE("    pattern: x\n    explain: |\n      line one\n      line two\n" SAMPLES)), TX_OK);
    if (nrules == 1)
        CHECK_STR(rules[0]->explain, "line one\nline two\n");
    /* the shipped form of STYLE: pattern without field in an event */
    CHECK_INT(load(RULE("    when: { event: exception, pattern: 'PKIX path building failed' }\n" SAMPLES)), TX_OK);
}

static void test_syntax(void)
{
    CHECK_ONE(HEAD "  - id: a\n    title: [x\n", TX_ESYNTAX, 5, 1,
              "invalid YAML: did not find expected ',' or ']'", "while parsing a flow sequence (line 4, column 12)");
    /* a tab in the indentation */
    CHECK_ONE(HEAD "  - id: a\n\ttitle: x\n", TX_ESYNTAX, 4, 1, "invalid YAML: found a tab character that violates indentation",
              "YAML does not allow tabs for indentation: indent with spaces");
    CHECK_STR(diags[0].source, "\ttitle: x");
    CHECK_ONE("", TX_ESCHEMA, 1, 1, "empty rule file", NULL);
    CHECK_ONE("# nothing\n", TX_ESCHEMA, 1, 1, "empty rule file", NULL);
    CHECK_ONE("- a\n", TX_ESCHEMA, 1, 1, "a rule file must be a mapping, not a list", NULL);
    CHECK_ONE("version: 2\nrules: []\n", TX_ESCHEMA, 1, 10, "unsupported rule file version '2'", NULL);
    CHECK_ONE("version: '1'\nrules: []\n", TX_ESCHEMA, 1, 10, "unsupported rule file version '1'", NULL);
    CHECK_ONE("rules: []\n", TX_ESCHEMA, 1, 1, "missing required key 'version'", NULL);
    CHECK_ONE("version: 1\n", TX_ESCHEMA, 1, 1, "missing required key 'rules'", NULL);
    CHECK_ONE("versoin: 1\nrules: []\n", TX_ESCHEMA, 1, 1, "unknown key 'versoin'", "did you mean 'version'?");
    CHECK_ONE("version: 1\nrules: {}\n", TX_ESCHEMA, 2, 8, "'rules' must be a list, not a mapping", NULL);
    /* a misspelled key is not also reported missing */
    CHECK_ONE("version: 1\nrulez: []\n", TX_ESCHEMA, 2, 1, "unknown key 'rulez'", "did you mean 'rules'?");
    /* reader errors (bad UTF-8, control characters) are placed by byte offset */
    CHECK_ONE("version: 1\nrules: [\"a\x01\"]\n", TX_ESYNTAX, 2, 11, "invalid YAML: control characters are not allowed", NULL);
    CHECK_ONE("version: 1\nrules: [\"\xff\"]\n", TX_ESYNTAX, 2, 10, "invalid YAML: invalid leading UTF-8 octet", NULL);
    CHECK_ONE("\xff\xfe" "v\0", TX_ESYNTAX, 1, 1, "rule file is not UTF-8 (UTF-16 or UTF-32?)", NULL);
    CHECK_ONE("version: 1\nrules: []\n---\nversion: 1\n", TX_ESCHEMA, 3, 1,
              "a rule file holds one YAML document; this is a second one", NULL);
    CHECK_ONE("version: 1\nx: &a [1]\nrules: *a\n", TX_ESCHEMA, 3, 8, "YAML aliases are not allowed in rule files (*a)", NULL);
    CHECK_ONE("version: 1\nrules: !!seq []\n", TX_ESCHEMA, 2, 8, "YAML tags are not allowed in rule files ('tag:yaml.org,2002:seq')",
              NULL);
}

static void test_schema(void)
{
    CHECK_ONE(RULE("    patern: x\n"), TX_ESCHEMA, 6, 5, "unknown key 'patern'", "did you mean 'pattern'?");
    CHECK_STR(diags[0].source, "    patern: x");
    CHECK_STR(diags[0].rule_id, "r");
    CHECK_ONE(RULE("    pattern: x\n    zzzzzz: 1\n"), TX_ESCHEMA, 7, 5, "unknown key 'zzzzzz'",
              "expected one of: id, title, category, kind, confidence, supersedes, pattern, literal, when, adjust, "
              "explain, steps, profiles, references, samples");
    CHECK_ONE(RULE("    pattern: x\n    title: again\n"), TX_ESCHEMA, 7, 5, "duplicate key 'title' (first at line 4)", NULL);
    CHECK_ONE(RULE("    when: {event: excepton}\n"), TX_ESCHEMA, 6, 19, "unknown event type 'excepton'", "did you mean 'exception'?");
    CHECK_ONE(RULE("    when: {event: alert, field: mesage, pattern: x}\n"), TX_ESCHEMA, 6, 33, "unknown field 'mesage'",
              "did you mean 'message'?");
    CHECK_ONE(RULE("    when: {event: alert, where: {descripton: x}}\n"), TX_ESCHEMA, 6, 34, "unknown field 'descripton'",
              "did you mean 'description'?");
    CHECK_ONE(RULE("    when: {fact: cert_expird}\n"), TX_ESCHEMA, 6, 18, "unknown fact 'cert_expird'", "did you mean 'cert_expired'?");
    CHECK_ONE(HEAD "  - id: r\n    title: T\n    category: untrusted-certs\n    pattern: x\n", TX_ESCHEMA, 5, 15,
              "unknown category 'untrusted-certs'", "did you mean 'untrusted-cert'?");
    CHECK_ONE(RULE("    pattern: x\n    kind: riks\n"), TX_ESCHEMA, 7, 11, "'kind' must be cause, risk, note or fallback, not 'riks'",
              "did you mean 'risk'?");
    CHECK_ONE(RULE("    pattern: x\n    profiles: {ai: {steps: [a]}}\n"), TX_ESCHEMA, 7, 16, "unknown profile 'ai'",
              "did you mean 'ia'?");
    CHECK_ONE(RULE("    pattern: x\n    confidence: high\n"), TX_ESCHEMA, 7, 17,
              "'confidence' must be an integer from 0 to 100, not 'high'", NULL);
    CHECK_ONE(RULE("    pattern: x\n    confidence: 101\n"), TX_ESCHEMA, 7, 17,
              "'confidence' must be an integer from 0 to 100, not '101'", NULL);
    CHECK_ONE(RULE("    pattern: x\n    confidence: \"70\"\n"), TX_ESCHEMA, 7, 17,
              "'confidence' must be an integer from 0 to 100, not '70'", NULL);
    CHECK_ONE(RULE("    pattern: x\n    adjust: [{when: {line: y}, by: -101}]\n"), TX_ESCHEMA, 7, 36,
              "'by' must be an integer from -100 to 100, not '-101'", NULL);
    CHECK_ONE(RULE("    pattern: x\n    adjust: [{by: 1}]\n"), TX_ESCHEMA, 7, 14, "an 'adjust' item is missing 'when' (or 'fired')", NULL);
    CHECK_ONE(RULE("    pattern: x\n    steps: {a: b}\n"), TX_ESCHEMA, 7, 12, "'steps' must be a list of strings, not a mapping", NULL);
    CHECK_ONE(RULE("    pattern: x\n    steps: [a, [b]]\n"), TX_ESCHEMA, 7, 16,
              "each item of 'steps' must be a string, not a list", NULL);
    CHECK_ONE(RULE("    pattern: x\n    samples: [a]\n"), TX_ESCHEMA, 7, 14, "'samples' must be a mapping, not a list", NULL);
    CHECK_ONE(RULE("    pattern: x\n    samples: {matches: [a]}\n"), TX_ESCHEMA, 7, 15, "unknown key 'matches'",
              "did you mean 'match'?");
    CHECK_ONE(RULE("    pattern: x\n    supersedes: {a: b}\n"), TX_ESCHEMA, 7, 17,
              "'supersedes' must be a rule id or a list of them, not a mapping", NULL);
    CHECK_ONE(HEAD "  - id: r\n    title:\n    category: other\n    pattern: x\n", TX_ESCHEMA, 4, 11,
              "'title' must be a string, not an empty value", NULL);
    CHECK_ONE(RULE("    pattern: x\n    explain: \"a\\0b\"\n"), TX_ESCHEMA, 7, 14, "'explain' contains a NUL character", NULL);
    /* required keys, rule shape */
    CHECK_ONE(HEAD "  - title: T\n    category: other\n    pattern: x\n", TX_ESCHEMA, 3, 5, "rule is missing required key 'id'", NULL);
    CHECK(diags[0].rule_id == NULL);
    CHECK_ONE(HEAD "  - id: r\n    category: other\n    pattern: x\n", TX_ESCHEMA, 3, 5, "rule is missing required key 'title'", NULL);
    CHECK_ONE(RULE(""), TX_ESCHEMA, 3, 5, "rule is missing 'pattern' or 'when'", NULL);
    CHECK_ONE(RULE("    pattern: x\n    when: {line: y}\n"), TX_ESCHEMA, 7, 5, "a rule has either 'pattern' or 'when', not both", NULL);
    CHECK_ONE(HEAD "  - just a string\n", TX_ESCHEMA, 3, 5, "each rule must be a mapping, not 'just a string'", NULL);
    CHECK_ONE(HEAD "  - id: Bad_Id\n    title: T\n    category: other\n    pattern: x\n", TX_ESCHEMA, 3, 9,
              "rule id 'Bad_Id' must match [a-z0-9][a-z0-9-]*", NULL);
    CHECK_ONE(HEAD "  - id: \"ok-b\\x41d\"\n    title: T\n    category: other\n    pattern: x\n", TX_ESCHEMA, 3, 14,
              "rule id 'ok-bAd' must match [a-z0-9][a-z0-9-]*", NULL);
    /* duplicate ids */
    CHECK_INT(load(HEAD "  - {id: a, title: t, category: sni, pattern: x, samples: {match: x}}\n"
                        "  - {id: b, title: t, category: sni, pattern: x, samples: {match: x}}\n"
                        "  - {id: a, title: t, category: sni, pattern: x, samples: {match: x}}\n"),
              TX_EDUP);
    CHECK(rules == NULL);
    CHECK_INT(nerrors(), 1);
    CHECK_DIAG(0, 5, 10, TX_EDUP, "duplicate rule id 'a' (first defined at line 3)", NULL);
}

static void test_conditions(void)
{
    CHECK_ONE(RULE("    when: {any: []}\n"), TX_ESCHEMA, 6, 17, "'any' needs at least one condition", NULL);
    CHECK_ONE(RULE("    when: {all: {line: x}}\n"), TX_ESCHEMA, 6, 17, "'all' must be a list of conditions, not a mapping", NULL);
    CHECK_ONE(RULE("    when: {not: [{line: x}]}\n"), TX_ESCHEMA, 6, 17, "'not' takes one condition (a mapping), not a list", NULL);
    CHECK_ONE(RULE("    when: 'x'\n"), TX_ESCHEMA, 6, 11, "a condition must be a mapping, not 'x'", NULL);
    CHECK_ONE(RULE("    when: {line: x, event: alert}\n"), TX_ESCHEMA, 6, 21, "'event' cannot be combined with 'line' in one condition",
              NULL);
    CHECK_ONE(RULE("    when: {field: x, pattern: y}\n"), TX_ESCHEMA, 6, 11,
              "a condition needs one of 'event', 'fact', 'line', 'all', 'any' or 'not'", NULL);
    CHECK_ONE(RULE("    when: {evnt: alert}\n"), TX_ESCHEMA, 6, 12, "unknown key 'evnt'", "did you mean 'event'?");
    CHECK_ONE(RULE("    when: {line: x, field: y}\n"), TX_ESCHEMA, 6, 21, "'field' does not belong in a 'line' condition", NULL);
    CHECK_ONE(RULE("    when: {fact: weak_key, pattern: y}\n"), TX_ESCHEMA, 6, 28, "'pattern' does not belong in a 'fact' condition",
              "test a fact's fields with where: {...}");
    CHECK_ONE(RULE("    when: {event: alert, field: level}\n"), TX_ESCHEMA, 6, 26, "'field' needs a 'pattern' to test it with", NULL);
    CHECK_ONE(RULE("    when: {event: alert, after: {line: x}}\n"), TX_ESCHEMA, 6, 33, "'after' needs an 'event' or 'fact' condition", NULL);
    CHECK_ONE(RULE("    when: {event: alert, after: {event: sni, after: {event: alert}}}\n"), TX_ESCHEMA, 6, 46,
              "'after' cannot be nested inside another 'after'", NULL);
    CHECK_ONE(RULE("    when: {event: alert, where: [x]}\n"), TX_ESCHEMA, 6, 33,
              "'where' must be a mapping of field names to regular expressions, not a list", NULL);
    CHECK_ONE(RULE("    when: {line: ''}\n"), TX_ESCHEMA, 6, 18, "'line' is an empty regular expression (it would match everything)",
              NULL);
    /* several errors in one file are all reported, in file order */
    CHECK_INT(load(RULE("    when:\n      all:\n        - {event: alrt}\n        - {fact: nope_nope_nope}\n"
                        "        - {line: '(('}\n    confidence: x\n")),
              TX_ESCHEMA);
    CHECK_INT(nerrors(), 4);
    CHECK_DIAG(0, 8, 19, TX_ESCHEMA, "unknown event type 'alrt'", "did you mean 'alert'?");
    CHECK_DIAG(1, 9, 18, TX_ESCHEMA, "unknown fact 'nope_nope_nope'", NULL);
    CHECK_DIAG(2, 10, 21, TX_EPATTERN, "invalid regular expression in 'line': missing closing parenthesis", NULL);
    CHECK_DIAG(3, 11, 17, TX_ESCHEMA, "'confidence' must be an integer from 0 to 100, not 'x'", NULL);
    CHECK(strncmp(diags[1].help, "expected one of: cert_expired, ", 31) == 0);
}

static void test_regex_columns(void)
{
    /* plain: the caret under the offending character */
    CHECK_ONE(RULE("    pattern: ab[z-a]\n"), TX_EPATTERN, 6, 19,
              "invalid regular expression in 'pattern': range out of order in character class", NULL);
    /* single-quoted, with '' before the error */
    CHECK_ONE(RULE("    pattern: 'it''s [z-a]'\n"), TX_EPATTERN, 6, 24,
              "invalid regular expression in 'pattern': range out of order in character class", NULL);
    /* double-quoted with escapes: \\ is one byte, \x41 one, \u00e9 two */
    CHECK_ONE(RULE("    pattern: \"\\\\d\\x41\\u00e9[z-a]\"\n"), TX_EPATTERN, 6, 31,
              "invalid regular expression in 'pattern': range out of order in character class", NULL);
    /* multibyte characters count as one column */
    CHECK_ONE(RULE("    pattern: été[z-a]\n"), TX_EPATTERN, 6, 20,
              "invalid regular expression in 'pattern': range out of order in character class", NULL);
    /* an error at the end of the pattern: after the last character / at the closing quote */
    CHECK_ONE(RULE("    pattern: (ab\n"), TX_EPATTERN, 6, 17, "invalid regular expression in 'pattern': missing closing parenthesis", NULL);
    CHECK_ONE(RULE("    pattern: '(ab'\n"), TX_EPATTERN, 6, 18, "invalid regular expression in 'pattern': missing closing parenthesis", NULL);
    /* in a where value of a flow mapping */
    CHECK_ONE(RULE("    when: {event: alert, where: {level: 'a)'}}\n"), TX_EPATTERN, 6, 43,
              "invalid regular expression in 'level': unmatched closing parenthesis", NULL);
    /* a block scalar: at the scalar's start */
    CHECK_ONE(RULE("    pattern: |\n      ab[z-a]\n"), TX_EPATTERN, 6, 14,
              "invalid regular expression in 'pattern': range out of order in character class", NULL);
    /* a multi-line plain scalar: at its start */
    CHECK_ONE(RULE("    pattern: ab\n      [z-a]\n"), TX_EPATTERN, 6, 14,
              "invalid regular expression in 'pattern': range out of order in character class", NULL);
}

static void test_limits(void)
{
    char *buf = malloc(1 << 20);
    if (!buf)
        return;
    /* conditions nested too deep */
    size_t o = (size_t)snprintf(buf, 1 << 20, RULE("    when: "));
    for (int i = 0; i < 70; i++)
        o += (size_t)snprintf(buf + o, (1 << 20) - o, "{not: ");
    o += (size_t)snprintf(buf + o, (1 << 20) - o, "{line: x}");
    for (int i = 0; i < 70; i++)
        buf[o++] = '}';
    buf[o++] = '\n';
    buf[o] = '\0';
    CHECK_ONE(buf, TX_ELIMIT, 6, 395, "conditions nested deeper than 64 levels", NULL);
    /* YAML nested too deep */
    o = (size_t)snprintf(buf, 1 << 20, "version: 1\nrules: ");
    for (int i = 0; i < 1000; i++)
        buf[o++] = '[';
    for (int i = 0; i < 1000; i++)
        buf[o++] = ']';
    buf[o++] = '\n';
    buf[o] = '\0';
    CHECK_ONE(buf, TX_ELIMIT, 2, 263, "YAML nested deeper than 256 levels", NULL);
    CHECK_STR(diags[0].source, ""); /* the caret would be past what fits */
    /* too many conditions in one rule */
    o = (size_t)snprintf(buf, 1 << 20, RULE("    when:\n      any:\n"));
    for (int i = 0; i < 300; i++)
        o += (size_t)snprintf(buf + o, (1 << 20) - o, "        - line: x\n");
    CHECK_ONE(buf, TX_ELIMIT, 263, 11, "more than 256 conditions in one rule", NULL);
    /* a billion laughs stops at the first alias */
    CHECK_INT(load("version: 1\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                   "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nrules: []\n"),
              TX_ESCHEMA);
    CHECK_INT(nd, 1);
    CHECK_DIAG(0, 3, 8, TX_ESCHEMA, "YAML aliases are not allowed in rule files (*a)", "write the value out in full");
    /* error cap: 100 errors, then one note */
    o = (size_t)snprintf(buf, 1 << 20, HEAD);
    for (int i = 0; i < 150; i++)
        o += (size_t)snprintf(buf + o, (1 << 20) - o, "  - {id: r%d, title: t, category: nope, pattern: x}\n", i);
    CHECK_INT(load(buf), TX_ESCHEMA);
    CHECK_INT(nd, 101);
    CHECK_STR(diags[100].msg, "more than 100 errors; the rest of the file is not checked");
    /* control characters in a key never reach the terminal */
    CHECK_ONE(RULE("    pattern: x\n    \"a\\e[31mb\": 1\n"), TX_ESCHEMA, 7, 5, "unknown key 'a?[31mb'", NULL);
    free(buf);
    /* too large */
    char *big = calloc(1, TX_MAX_RULE_FILE + 1u);
    if (big) {
        CHECK_INT(loadn(big, TX_MAX_RULE_FILE + 1u), TX_ELIMIT);
        CHECK(rules == NULL);
        free(big);
    }
}

/* Numeric where tests, and the declarations of categories and profiles. */
static void test_vocab_numeric(void)
{
    /* {ge, gt, le, lt, eq} become one closed range; a regex still works beside them */
    CHECK_INT(load(RULE("    when: {event: certificate, where: {position: {gt: 1, le: 7}, subject: 'CN='}}\n" SAMPLES)),
              TX_OK);
    if (nrules == 1 && rules[0]->when->ntests == 2) {
        const txr_test *t = &rules[0]->when->tests[0];
        CHECK(t->numeric && !t->re);
        CHECK_INT(t->field, TXF_POSITION);
        CHECK(t->lo == 2 && t->hi == 7);
        CHECK(!rules[0]->when->tests[1].numeric && rules[0]->when->tests[1].re);
    }
    CHECK_INT(load(RULE("    when: {fact: jdk, where: {value: {eq: 7}}}\n" SAMPLES)), TX_OK);
    if (nrules == 1 && rules[0]->when->ntests == 2)
        CHECK(rules[0]->when->tests[1].lo == 7 && rules[0]->when->tests[1].hi == 7);
    CHECK_INT(load(RULE("    when: {event: certificate, where: {line: {ge: 1}}}\n")), TX_ESCHEMA);
    CHECK_DIAG(0, 6, 46, TX_ESCHEMA, "a line is not a number", "test a numeric field, such as count or position");
    CHECK_INT(load(RULE("    when: {event: certificate, where: {position: {}}}\n")), TX_ESCHEMA);
    CHECK_INT(load(RULE("    when: {event: certificate, where: {position: {lt: 0, gt: -1}}}\n")), TX_ESCHEMA);

    /* a file of declarations needs no rules; its rules may use them */
    CHECK_INT(load("version: 1\ncategories:\n  - id: c1\n    title: T\n    support: ['a.*', b]\n"
                   "    capture: [{step: 'Run {host}.', unless_seen: certificate}, {step: 'Two.'}]\n"
                   "profiles:\n  - id: p1\n    title: P\n    detect: {rule: [r, s]}\n"
                   "    home: {var: h, placeholder: <H>, from: truststore, pattern: '^(?<home>/x)/'}\n"
                   "    vars: {keytool: <H>/kt, truststore: {value: <H>/ts, keep: x}}\n"
                   "    capture: 'Capture it the product way.'\n"),
              TX_OK);
    CHECK_INT(nd, 0);
    CHECK_INT(decl.ncats, 1);
    CHECK_INT(decl.nprofs, 1);
    if (decl.ncats == 1) {
        const txr_category *c = decl.cats[0];
        CHECK_STR(c->id, "c1");
        CHECK_STR(c->title, "T");
        CHECK_INT(c->nsupport, 2);
        CHECK_INT(c->ncapture, 2);
        if (c->ncapture == 2) {
            CHECK_INT(c->capture[0].unless_seen, TXE_CERTIFICATE);
            CHECK_INT(c->capture[1].unless_seen, -1);
            CHECK_STR(c->capture[1].step, "Two.");
        }
        CHECK_INT(c->line, 3);
    }
    if (decl.nprofs == 1) {
        const txr_profile *p = decl.profs[0];
        CHECK_STR(p->id, "p1");
        CHECK_INT(p->ndetect, 2);
        CHECK_STR(p->home_var, "h");
        CHECK_STR(p->home_placeholder, "<H>");
        CHECK_STR(p->home_from, "truststore");
        CHECK(p->home_re != NULL);
        CHECK_STR(p->capture, "Capture it the product way.");
        CHECK_INT(p->nvars, 2);
        if (p->nvars == 2) {
            CHECK(!p->vars[0].keep && p->vars[1].keep);
            CHECK_STR(p->vars[1].value, "<H>/ts");
        }
    }
    /* a rule may use its own file's category and profile, and the shipped ones */
    CHECK_INT(load("version: 1\ncategories: [{id: c1, title: T}]\nprofiles: [{id: p1, title: P}]\nrules:\n"
                   "  - {id: r, title: t, category: c1, pattern: x, profiles: {p1: {steps: [s]}, ia: {steps: [s]}}, "
                   "samples: {match: x}}\n"),
              TX_OK);
    CHECK_INT(nrules, 1);
    /* an error drops the declarations too */
    CHECK_INT(load("version: 1\ncategories: [{id: c1, title: T}, {id: c2}]\n"), TX_ESCHEMA);
    CHECK_INT(decl.ncats, 0);
    CHECK_DIAG(0, 2, 34, TX_ESCHEMA, "category is missing required key 'title'", NULL);
    CHECK_INT(load("version: 1\ncategories: [{id: c1, title: T, pre_tls: true}, {id: c2, title: U, pre_tls: false}]\n"),
              TX_OK);
    CHECK(decl.ncats == 2 && decl.cats[0]->pre_tls && !decl.cats[1]->pre_tls);
    CHECK_INT(load("version: 1\ncategories: [{id: c1, title: T, pre_tls: yes}]\n"), TX_ESCHEMA);
    CHECK_DIAG(0, 2, 42, TX_ESCHEMA, "'pre_tls' must be true or false, not 'yes'", NULL);
    /* an undeclared category or profile */
    CHECK_INT(load(RULE("    pattern: x\n    profiles: {p9: {steps: [s]}}\n")), TX_ESCHEMA);
    CHECK_DIAG(0, 7, 16, TX_ESCHEMA, "unknown profile 'p9'", "expected one of: ia, android");
    /* public CAs are data: the shipped ones (rules/tls/public-cas.yaml, in
     * their order) and a file's own; a name already known adds nothing */
    CHECK(shipped.npublic_cas > 1 && !strcmp(shipped.public_cas[0], "DigiCert"));
    CHECK_INT(load("version: 1\npublic_cas: [Example Public Trust, 'Other CA']\n"), TX_OK);
    CHECK_INT(nd, 0);
    CHECK(decl.npublic_cas == 2 && !strcmp(decl.public_cas[0], "Example Public Trust") &&
          !strcmp(decl.public_cas[1], "Other CA"));
    txr_vocab merged = {0};
    CHECK_INT(txr_vocab_add_public_ca(&merged, strdup("Other CA")), 0);
    CHECK_INT(txr_vocab_merge(&merged, &decl), 0);
    CHECK(merged.npublic_cas == 2 && !strcmp(merged.public_cas[1], "Example Public Trust"));
    txr_vocab_clear(&merged);
    CHECK_INT(load("version: 1\npublic_cas: [A, '', A]\n"), TX_ESCHEMA);
    CHECK_INT(decl.npublic_cas, 0);
    CHECK_DIAG(0, 2, 17, TX_ESCHEMA, "a public CA's name must not be empty (it would name every issuer)", NULL);
    CHECK_DIAG(1, 2, 21, TX_EDUP, "duplicate public CA 'A' (first at line 2)", NULL);
    /* inspection vendors too (rules/tls/inspection-vendors.yaml); a later
     * entry of the same vendor replaces one in its place */
    CHECK(shipped.ninspectors > 1 && !strcmp(shipped.inspectors[0]->vendor, "Zscaler"));
    CHECK_INT(load("version: 1\ninspection_vendors:\n  - {vendor: V1, match: [a, b]}\n  - {vendor: V2, match: c}\n"),
              TX_OK);
    CHECK_INT(nd, 0);
    CHECK(decl.ninspectors == 2 && decl.inspectors[0]->nmatch == 2 && decl.inspectors[1]->nmatch == 1 &&
          !strcmp(decl.inspectors[1]->match[0], "c"));
    txr_vocab iv = {0};
    txr_inspector *first = calloc(1, sizeof *first);
    CHECK(first != NULL);
    if (first) {
        first->vendor = strdup("V2");
        CHECK_INT(txr_vocab_add_inspector(&iv, first), 0);
        CHECK_INT(txr_vocab_merge(&iv, &decl), 0);
        CHECK(iv.ninspectors == 2 && !strcmp(iv.inspectors[0]->vendor, "V2") && iv.inspectors[0]->nmatch == 1);
    }
    txr_vocab_clear(&iv);
    CHECK_INT(load("version: 1\ninspection_vendors: [{vendor: V1}]\n"), TX_ESCHEMA);
    CHECK_DIAG(0, 2, 22, TX_ESCHEMA, "an inspection vendor is missing 'match'", NULL);
}

/* A later rule with an earlier one's id replaces it where it stands (the
 * compiler finds ids by a hash table: grown past 128, 256 and 512 rules). */
static void test_override_by_id(void)
{
    size_t cap = 1 << 20, o;
    char *buf = malloc(cap);
    tx_compiler *c = NULL;
    tx_ruleset *rs = NULL;
    if (!buf || tx_compiler_new(&c) != TX_OK) {
        free(buf);
        return;
    }
    tx_compiler_set_callback(c, collect, NULL);
    nd = 0;
    o = (size_t)snprintf(buf, cap, HEAD);
    for (int i = 0; i < 1000; i++)
        o += (size_t)snprintf(buf + o, cap - o, "  - {id: r%d, title: a, category: other, pattern: x}\n", i);
    CHECK_INT(tx_compiler_add_string(c, "a.yaml", buf, o), TX_OK);
    o = (size_t)snprintf(buf, cap, HEAD);
    static const int over[] = {0, 127, 128, 255, 256, 511, 512, 999};
    for (size_t i = 0; i < sizeof over / sizeof over[0]; i++)
        o += (size_t)snprintf(buf + o, cap - o, "  - {id: r%d, title: b, category: other, pattern: y}\n", over[i]);
    for (int i = 0; i < 300; i++)
        o += (size_t)snprintf(buf + o, cap - o, "  - {id: n%d, title: c, category: other, pattern: z}\n", i);
    CHECK_INT(tx_compiler_add_string(c, "b.yaml", buf, o), TX_OK);
    /* and a third file overrides one of the second's new rules */
    o = (size_t)snprintf(buf, cap, HEAD "  - {id: n150, title: d, category: other, pattern: w}\n");
    CHECK_INT(tx_compiler_add_string(c, "c.yaml", buf, o), TX_OK);
    CHECK_INT(nerrors(), 0);
    CHECK_INT(tx_compiler_finish(c, &rs), TX_OK);
    CHECK(rs != NULL);
    if (rs) {
        CHECK_INT(rs->n, 1300);
        for (unsigned i = 0; i < rs->n && i < 1300; i++) {
            char id[16];
            snprintf(id, sizeof id, i < 1000 ? "r%u" : "n%u", i < 1000 ? i : i - 1000);
            CHECK_STR(rs->rules[i]->id, id);
            int b = 0;
            for (size_t k = 0; k < sizeof over / sizeof over[0]; k++)
                b |= over[k] == (int)i;
            CHECK_STR(rs->rules[i]->title, i == 1150 ? "d" : i >= 1000 ? "c" : b ? "b" : "a");
        }
    }
    tx_ruleset_free(rs);
    tx_compiler_free(c);
    free(buf);
}

/* The tree composed in the checking pass is the one libyaml's loader makes
 * of the same text (TLSEXPLAIN_NO_FASTPATH: the loader parses it again), node
 * for node, with the same status and diagnostics: every shipped file and
 * documents of every shape, anchors (the loader's, duplicates refused) and
 * errors included. */
static unsigned same_doc(const char *name, const char *text, size_t len)
{
    txr_yrd a, b;
    unsigned nda, bad = 0;
    nd = 0;
    setenv("TLSEXPLAIN_NO_FASTPATH", "1", 1);
    tx_status sa = txr_yrd_load(&a, name, text, len, NULL, collect, NULL);
    nda = nd;
    char msga[MAXD > 8 ? 8 : MAXD][256];
    for (unsigned i = 0; i < nda && i < 8; i++)
        snprintf(msga[i], sizeof msga[i], "%u:%u %d %s|%s", diags[i].line, diags[i].col, (int)diags[i].code,
                 diags[i].msg, diags[i].help);
    nd = 0;
    unsetenv("TLSEXPLAIN_NO_FASTPATH");
    tx_status sb = txr_yrd_load(&b, name, text, len, NULL, collect, NULL);
    bad += sa != sb;
    bad += nda != nd;
    for (unsigned i = 0; i < nda && i < nd && i < 8; i++) {
        char m[256];
        snprintf(m, sizeof m, "%u:%u %d %s|%s", diags[i].line, diags[i].col, (int)diags[i].code, diags[i].msg,
                 diags[i].help);
        bad += strcmp(m, msga[i]) != 0;
    }
    if (sa == TX_OK && sb == TX_OK) {
        bad += a.nnodes != b.nnodes;
        for (unsigned i = 0; i < a.nnodes && i < b.nnodes; i++) {
            const txr_ynode *x = &a.nodes[i], *y = &b.nodes[i];
            int d = x->type != y->type || x->style != y->style || x->line != y->line || x->col != y->col ||
                    x->end_line != y->end_line || x->index != y->index || x->len != y->len || x->n != y->n;
            if (!d && x->type == TXR_Y_SCALAR)
                d = memcmp(x->s, y->s, x->len + 1) != 0;
            else if (!d)
                d = memcmp(x->kids, y->kids, (x->type == TXR_Y_MAP ? 2 : 1) * x->n * sizeof(int)) != 0;
            bad += d;
        }
    }
    txr_yrd_free(&a);
    txr_yrd_free(&b);
    if (bad)
        fprintf(stderr, "%s: the one-pass tree differs from the loader's (%u)\n", name, bad);
    return bad;
}

static void test_one_pass(void)
{
    unsigned files = 0;
    for (const txr_builtin_file *f = txr_builtin_rules; f->name; f++, files++)
        CHECK_INT(same_doc(f->name, f->text, f->len), 0);
    CHECK(files > 20);
    static const char *const docs[] = {
        "",
        "---\n",
        "# only a comment\n",
        "--- x\n...\n",
        "~\n",
        "version: 1\nrules: []\n",
        "a: {b: [1, 2, {c: d}], e: []}\nf:\n  - g\n  -\n  - [h, [i, [j]]]\n  - {}\nk: 'it''s'\nl: \"\\t\\u00e9\\n\"\n",
        "a: |\n  line one\n  line two\n\nb: >-\n  folded\n  text\n\nc: plain\n  continued\n  over lines\n",
        "- a\n- - b\n  - c\n- d: e\n  f: g\n-\n  - h\n",
        "? complex key\n: value\n? [flow, key]\n: {x: y}\n",
        "a:\n  b:\n    c:\n      d: [e, f]\n      g: h\n    i: j\nk: l\n",
        "\xef\xbb\xbf" "a: b\n",
        "a: caf\xc3\xa9\nb: \xe6\x97\xa5\xe6\x9c\xac\n",
        "a: &x 1\nb: 2\n",            /* an anchor: the loader composes it */
        "a: &x 1\nb: &x 2\n",         /* a duplicate anchor: the loader's error */
        "- &s [1, 2]\n- &m {a: b}\n", /* anchors on collections */
        "a: *x\n",
        "a: !!str x\nb: !t y\n",
        "a: b\n---\nc: d\n",
        "a: [b\n",
        "a: b\n c: d\n",
        "a:\tb\n\tc: d\n",
        "key: 'unterminated\n",
        "a: b\r\nc: [d, e]\r\n",
        "%YAML 1.1\n---\na: b\n",
        "a: @b\n",
        "a: b\n...\n# after the end\n",
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "doc%zu.yaml", i);
        CHECK_INT(same_doc(name, docs[i], strlen(docs[i])), 0);
    }
    /* nested as deep as allowed, and one deeper */
    char *buf = malloc(4096);
    if (buf) {
        for (unsigned depth = TX_MAX_YAML_DEPTH; depth <= TX_MAX_YAML_DEPTH + 1; depth++) {
            size_t o = 0;
            for (unsigned i = 0; i < depth; i++)
                buf[o++] = '[';
            buf[o++] = 'x';
            for (unsigned i = 0; i < depth; i++)
                buf[o++] = ']';
            buf[o++] = '\n';
            CHECK_INT(same_doc("deep.yaml", buf, o), 0);
        }
        free(buf);
    }
    unsetenv("TLSEXPLAIN_NO_FASTPATH");
}

/* evaluate tries a rule on a connection only when it needs no test or its
 * first needed test has a literal there (ruleset.h free_bits, key_rule):
 * every rule of the shipped rulebook is in exactly one of the two; a free
 * rule with a clause only when one of its atoms is present (ckey_rule). */
static void test_rule_keys(void)
{
    tx_compiler *c = NULL;
    tx_ruleset *rs = NULL;
    if (tx_compiler_new(&c) != TX_OK)
        return;
    CHECK_INT(tx_compiler_add_builtin(c), TX_OK);
    CHECK_INT(tx_compiler_finish(c, &rs), TX_OK);
    tx_compiler_free(c);
    if (!rs)
        return;
    CHECK(rs->free_bits != NULL);
    unsigned nfree = 0, nkeyed = 0, bad = 0;
    for (unsigned i = 0; rs->free_bits && i < rs->n; i++) {
        int isfree = (rs->free_bits[i / 64] >> (i % 64)) & 1;
        unsigned found = 0;
        for (unsigned k = 0; k < rs->nkeys; k++)
            for (unsigned j = rs->key_at[k]; j < rs->key_at[k + 1]; j++)
                if (rs->key_rule[j] == i) {
                    found++;
                    bad += rs->need_at[i] == rs->need_at[i + 1] || rs->key_test[k] != rs->need[rs->need_at[i]];
                    bad += j > rs->key_at[k] && rs->key_rule[j - 1] >= i; /* (in rule order) */
                }
        bad += isfree != (rs->need_at[i] == rs->need_at[i + 1]) || found != (unsigned)!isfree;
        nfree += (unsigned)isfree;
        nkeyed += found;
    }
    CHECK_INT(bad, 0);
    CHECK_INT(nfree + nkeyed, rs->n);
    CHECK(nfree > 0 && nkeyed > 0);
    /* of the free rules, those with a clause are listed under each of its
     * atoms (a test or a line matcher), in rule order; only free rules */
    CHECK(rs->ckey_bits != NULL && rs->nckeys > 0);
    unsigned nclause = 0;
    bad = 0;
    for (unsigned i = 0; rs->ckey_bits && i < rs->n; i++) {
        int has = (rs->ckey_bits[i / 64] >> (i % 64)) & 1;
        nclause += (unsigned)has;
        bad += has && !((rs->free_bits[i / 64] >> (i % 64)) & 1);
    }
    for (unsigned k = 0; rs->ckey_bits && k < rs->nckeys; k++) {
        bad += rs->ckey_atom[k] >= rs->ntests + rs->nlm || rs->ckey_at[k] >= rs->ckey_at[k + 1];
        for (unsigned j = rs->ckey_at[k]; j < rs->ckey_at[k + 1]; j++) {
            unsigned r = rs->ckey_rule[j];
            bad += !((rs->ckey_bits[r / 64] >> (r % 64)) & 1);
            bad += j > rs->ckey_at[k] && rs->ckey_rule[j - 1] >= r;
        }
    }
    CHECK_INT(bad, 0);
    CHECK(nclause > 0 && nclause <= nfree);
    tx_ruleset_free(rs);
}

int main(void)
{
    test_simple();
    test_full();
    test_misc_valid();
    test_syntax();
    test_schema();
    test_conditions();
    test_regex_columns();
    test_limits();
    test_vocab_numeric();
    test_override_by_id();
    test_one_pass();
    test_rule_keys();
    unload();
    TX_TEST_END();
}
