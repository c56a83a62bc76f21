/*
 * test_lab.c - the diagnosis against the labelled fixtures.
 *
 * Lab (fixtures/lab/labels.tsv): every failing scenario must be diagnosed
 * with its labelled category ranked first; every successful one must get
 * the verdict success; every decisive line of the label must be in the log.
 * Public (fixtures/public/SOURCES.md): the top category must match the
 * source's stated cause for at least 90% of the logs with a known cause;
 * the misses are printed.  For every fixture, every evidence line a
 * finding cites must be, verbatim, the log's line at that number.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <iconv.h>

#include "../../analysis/analysis.h"
#include "../tx_test.h"

typedef struct {
    char *data;
    size_t len;
    char **lines; /* lines[i] = start of line i+1, NUL-terminated in data */
    size_t nlines;
} file_t;

static int load(const char *path, file_t *f)
{
    memset(f, 0, sizeof *f);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return -1;
    size_t cap = 1 << 16;
    f->data = malloc(cap + 1);
    size_t n;
    while (f->data && (n = fread(f->data + f->len, 1, cap - f->len, fp)) > 0) {
        f->len += n;
        if (f->len == cap) {
            cap *= 2;
            f->data = realloc(f->data, cap + 1);
        }
    }
    fclose(fp);
    if (!f->data)
        return -1;
    /* a UTF-16 log with its byte-order mark: the analysis reads it as UTF-8, and
       so is it compared (iconv takes the order from the mark) */
    if (f->len >= 2 && (((unsigned char)f->data[0] == 0xff && (unsigned char)f->data[1] == 0xfe) ||
                        ((unsigned char)f->data[0] == 0xfe && (unsigned char)f->data[1] == 0xff))) {
        iconv_t cd = iconv_open("UTF-8", "UTF-16");
        size_t ocap = 2 * f->len + 4, left = ocap, in = f->len;
        char *o = cd != (iconv_t)-1 ? malloc(ocap + 1) : NULL, *op = o, *ip = f->data;
        if (!o || iconv(cd, &ip, &in, &op, &left) == (size_t)-1) {
            free(o);
            o = NULL;
        }
        if (cd != (iconv_t)-1)
            iconv_close(cd);
        free(f->data);
        f->data = o;
        if (!o)
            return -1;
        f->len = (size_t)(op - o);
    }
    f->data[f->len] = '\0';
    size_t lcap = 1024;
    f->lines = malloc(lcap * sizeof *f->lines);
    char *s = f->data;
    while (s < f->data + f->len) {
        if (f->nlines == lcap) {
            lcap *= 2;
            f->lines = realloc(f->lines, lcap * sizeof *f->lines);
        }
        f->lines[f->nlines++] = s;
        char *nl = memchr(s, '\n', (size_t)(f->data + f->len - s));
        if (!nl)
            break;
        *nl = '\0';
        if (nl > s && nl[-1] == '\r')
            nl[-1] = '\0';
        s = nl + 1;
    }
    return 0;
}

static void unload(file_t *f)
{
    free(f->data);
    free(f->lines);
}

static tx_analysis *run(const tx_ruleset *rs, const char *path)
{
    tx_analysis *a = NULL;
    if (tx_analysis_new(rs, NULL, path, &a) != TX_OK)
        return NULL;
    FILE *fp = fopen(path, "rb");
    char buf[65536];
    size_t n;
    while (fp && (n = fread(buf, 1, sizeof buf, fp)) > 0)
        tx_analysis_feed(a, buf, n);
    if (fp)
        fclose(fp);
    tx_analysis_finish(a);
    return a;
}

/* Does text continue with the file's lines from line no on?  (A paste broken
 * at a fixed width is read, and cited, as its lines joined: without a
 * separator, or with the one blank the break lost.) */
static int joined_lines(const file_t *f, uint64_t no, const char *text)
{
    for (; no >= 1 && no <= f->nlines; no++) {
        size_t k = strlen(f->lines[no - 1]);
        if (strncmp(text, f->lines[no - 1], k) != 0)
            return 0;
        text += k;
        if (!*text)
            return 1;
        if (*text == ' ' && strncmp(text + 1, no < f->nlines ? f->lines[no] : "", 1) == 0 && f->lines[no - 1][0] &&
            f->lines[no - 1][k - 1] != ' ')
            text++;
    }
    return 0;
}

/* Every cited evidence line equals the file's line (a cut line: its prefix),
 * or the file's lines joined from it. */
static int evidence_ok(const tx_analysis *a, const file_t *f, const char *path)
{
    int ok = 1;
    for (unsigned i = 0; i < a->nfind; i++) {
        const txa_finding *fd = &a->findings[i];
        for (unsigned k = 0; k < fd->nev; k++) {
            uint64_t no = fd->ev[k].line;
            const char *want = no >= 1 && no <= f->nlines ? f->lines[no - 1] : NULL;
            int same = want && (fd->ev[k].cut ? strncmp(want, fd->ev[k].text, strlen(fd->ev[k].text)) == 0
                                              : strcmp(want, fd->ev[k].text) == 0 || joined_lines(f, no, fd->ev[k].text));
            if (!same) {
                fprintf(stderr, "%s:%llu: evidence of %s is not the log line: \"%s\"\n", path, (unsigned long long)no,
                        fd->rule->id, fd->ev[k].text);
                ok = 0;
            }
        }
    }
    return ok;
}

/* Rules that fired (even if explained away) on at least one fixture. */
static unsigned char *fired;

static void note_fired(const tx_analysis *a)
{
    for (unsigned i = 0; i < a->nfind; i++)
        fired[a->findings[i].rule_index] = 1;
}

static const char *verdict(tx_verdict v)
{
    return v == TX_VERDICT_SUCCESS ? "success" : v == TX_VERDICT_FAILURE ? "failure" : "unknown";
}

static void lab(const tx_ruleset *rs)
{
    FILE *fp = fopen("fixtures/lab/labels.tsv", "r");
    CHECK(fp != NULL);
    if (!fp)
        return;
    char line[8192];
    int n = 0, failing = 0, first = 0;
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\r\n")] = '\0';
        char *cols[32];
        int nc = 0;
        for (char *c = line, *t; nc < 32; c = t + 1) {
            cols[nc++] = c;
            t = strchr(c, '\t');
            if (!t)
                break;
            *t = '\0';
        }
        if (nc < 5)
            continue;
        char path[512];
        snprintf(path, sizeof path, "fixtures/lab/%s.log", cols[0]);
        file_t f;
        if (load(path, &f) != 0) {
            CHECK(!"lab log missing");
            fprintf(stderr, "missing %s\n", path);
            continue;
        }
        n++;
        for (int i = 5; i < nc; i++) {
            int found = strstr(f.data, cols[i]) != NULL;
            if (!found) /* load() cut lines at NUL; search line by line */
                for (size_t k = 0; k < f.nlines && !found; k++)
                    found = strstr(f.lines[k], cols[i]) != NULL;
            CHECK(found);
            if (!found)
                fprintf(stderr, "%s: decisive line not in the log: %s\n", path, cols[i]);
        }
        tx_analysis *a = run(rs, path);
        CHECK(a != NULL);
        if (!a) {
            unload(&f);
            continue;
        }
        if (strcmp(cols[2], "success") == 0) {
            CHECK_STR(verdict(tx_analysis_verdict(a)), "success");
            if (tx_analysis_verdict(a) != TX_VERDICT_SUCCESS)
                fprintf(stderr, "  ^ %s (top: %s)\n", path, tx_analysis_top_category(a) ? tx_analysis_top_category(a) : "-");
        } else {
            /* The labelled cause must be among the first three causes; the
             * share named first is checked below for the whole lab (a log
             * without a handshake trace can leave several causes open). */
            const char *top = tx_analysis_top_category(a);
            int rank = 0, causes = 0;
            for (size_t i = 0; i < a->nfind && causes < 3 && !rank; i++) {
                if (a->findings[i].rule->kind != TXR_KIND_CAUSE || a->findings[i].superseded_by >= 0)
                    continue;
                causes++;
                if (strcmp(a->findings[i].rule->category, cols[1]) == 0)
                    rank = causes;
            }
            CHECK(rank >= 1);
            failing++;
            if (rank == 1 && top && strcmp(top, cols[1]) == 0)
                first++;
            else
                fprintf(stderr, "%s %s: labelled %s, top category %s (labelled cause ranked %d)\n",
                        rank ? "lab top-3 only:" : "lab miss:", path, cols[1],
                        top ? top : "(none)", rank);
        }
        CHECK(evidence_ok(a, &f, path));
        note_fired(a);
        tx_analysis_free(a);
        unload(&f);
    }
    fclose(fp);
    CHECK(n >= 40);
    /* issue 11: the lab's own scenarios are named first in at least 97% */
    CHECK(failing > 0 && first * 100 >= failing * 97);
    fprintf(stderr, "lab failures: %d of %d named first (%d%%)\n", first, failing, failing ? first * 100 / failing : 0);
}

static void public_logs(const tx_ruleset *rs)
{
    FILE *fp = fopen("fixtures/public/SOURCES.md", "r");
    CHECK(fp != NULL);
    if (!fp)
        return;
    char line[16384];
    int known = 0, right = 0;
    while (fgets(line, sizeof line, fp)) {
        if (strncmp(line, "| ", 2) != 0 || line[2] < '0' || line[2] > '9')
            continue;
        /* | file | source | format | cause | category | confidence | obtained | */
        char *cols[16];
        int nc = 0;
        char *s = line + 1;
        while (nc < 16) {
            char *bar = strstr(s, " | ");
            if (!bar)
                break;
            *bar = '\0';
            while (*s == ' ')
                s++;
            cols[nc++] = s;
            s = bar + 3;
        }
        if (nc < 5)
            continue;
        const char *file = cols[0], *cat = cols[4];
        char path[512];
        snprintf(path, sizeof path, "fixtures/public/%s", file);
        file_t f;
        if (load(path, &f) != 0) {
            CHECK(!"public log missing");
            continue;
        }
        tx_analysis *a = run(rs, path);
        CHECK(a != NULL);
        if (!a) {
            unload(&f);
            continue;
        }
        CHECK(evidence_ok(a, &f, path));
        note_fired(a);
        if (strcmp(cat, "unknown") != 0) {
            known++;
            const char *top = tx_analysis_top_category(a);
            int hit;
            if (strcmp(cat, "success") == 0)
                hit = tx_analysis_verdict(a) == TX_VERDICT_SUCCESS;
            else if (tx_analysis_verdict(a) == TX_VERDICT_SUCCESS)
                hit = 0;
            else if (!strcmp(cat, "other") && a->nfind)
                hit = !strcmp(a->findings[0].rule->category, "other"); /* notes count for "other" */
            else
                hit = top && !strcmp(top, cat);
            right += hit;
            if (!hit)
                printf("public miss: %s: labelled %s, got %s (%s)\n", file, cat, top ? top : "-",
                       verdict(tx_analysis_verdict(a)));
        }
        tx_analysis_free(a);
        unload(&f);
    }
    fclose(fp);
    printf("public fixtures: %d of %d with a known cause right (%.0f%%)\n", right, known,
           known ? 100.0 * right / known : 0.0);
    CHECK(known >= 20);
    /* The development half of the real corpus (fixtures/public/NNN.log): a floor
     * against regressions; `make accuracy` measures it with the held-out half. */
    CHECK(right * 100 >= known * 75);
}

/* Each file a directory's labels.tsv names (its first column), in order, given
 * to fn; returns how many. */
static int each_labelled(const tx_ruleset *rs, const char *dir, void (*fn)(const tx_ruleset *, const char *))
{
    char path[512];
    snprintf(path, sizeof path, "%s/labels.tsv", dir);
    FILE *fp = fopen(path, "r");
    CHECK(fp != NULL);
    if (!fp)
        return 0;
    char line[8192];
    int n = 0;
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = '\0';
        size_t dl = strlen(dir), ll = strlen(line);
        if (dl + ll + 2 > sizeof path)
            continue;
        memcpy(path, dir, dl);
        path[dl] = '/';
        memcpy(path + dl + 1, line, ll + 1);
        fn(rs, path);
        n++;
    }
    fclose(fp);
    return n;
}

/* Tool outputs (keytool, openssl, curl, probe): every evidence line cited
 * must be verbatim, and their rules count as fired (suite_evidence checks
 * their labels). */
static void evidence_one(const tx_ruleset *rs, const char *path)
{
    file_t f;
    if (load(path, &f) != 0) {
        CHECK(!"evidence file missing");
        fprintf(stderr, "missing %s\n", path);
        return;
    }
    tx_analysis *a = run(rs, path);
    CHECK(a != NULL);
    if (a) {
        CHECK(evidence_ok(a, &f, path));
        note_fired(a);
        tx_analysis_free(a);
    }
    unload(&f);
}

static void evidence_sweep(const tx_ruleset *rs, const char *dir) { CHECK(each_labelled(rs, dir, evidence_one) > 0); }

/* The message catalogue (tests/messages/catalogue.tsv): one sample line per
 * failure message of the Java TLS stacks, with provenance. Some of those
 * messages cannot be produced by the lab's JDK 17/25 (Android, IBM, old JDKs,
 * vendor wrappers); a rule that only such a sample fires counts as covered,
 * and is named on stderr so the gap stays visible. */
static unsigned char *fired_catalogue;

/* The rules a catalogue or multi-line sample file fires count as covered. */
static void catalogue_one(const tx_ruleset *rs, const char *path)
{
    tx_analysis *a = run(rs, path);
    CHECK(a != NULL);
    if (a) {
        for (unsigned i = 0; i < a->nfind; i++)
            fired_catalogue[a->findings[i].rule_index] = 1;
        tx_analysis_free(a);
    }
}

static void catalogue_sweep(const tx_ruleset *rs)
{
    FILE *fp = fopen("tests/messages/catalogue.tsv", "r");
    CHECK(fp != NULL);
    if (!fp)
        return;
    char line[8192];
    int n = 0;
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '#' || line[0] == '\n' || strncmp(line, "id\t", 3) == 0)
            continue;
        char *cols[8];
        int nc = 0;
        for (char *c = line, *t; nc < 8; c = t + 1) {
            cols[nc++] = c;
            t = strchr(c, '\t');
            if (!t)
                break;
            *t = '\0';
        }
        if (nc < 8)
            continue;
        const char *path = "tests/out/test_lab-catalogue-sample.log";
        FILE *out = fopen(path, "w");
        CHECK(out != NULL);
        if (!out)
            break;
        fprintf(out, "%s\n\tat com.example.client.Api.call(Api.java:42)\n", cols[4]);
        fclose(out);
        catalogue_one(rs, path);
        n++;
    }
    fclose(fp);
    remove("tests/out/test_lab-catalogue-sample.log");
    CHECK(n >= 150);
}

/* The multi-line message samples (tests/messages/multiline/labels.tsv): the
 * catalogue's counterpart for failures whose proof is a frame of the trace or
 * a release printed on another line (old JDK and Android defects), which a
 * one-line sample cannot hold. Constructed, like the catalogue's samples, and
 * counted the same way. */
static void multiline_sweep(const tx_ruleset *rs)
{
    CHECK(each_labelled(rs, "tests/messages/multiline", catalogue_one) > 0);
}

int main(void)
{
    tx_compiler *c;
    tx_ruleset *rs = NULL;
    CHECK(tx_compiler_new(&c) == TX_OK);
    CHECK(tx_compiler_add_builtin(c) == TX_OK);
    CHECK(tx_compiler_finish(c, &rs) == TX_OK);
    tx_compiler_free(c);
    CHECK(rs && tx_ruleset_count(rs) > 40);
    if (rs) {
        fired = calloc(rs->n, 1);
        lab(rs);
        public_logs(rs);
        evidence_sweep(rs, "fixtures/lab/evidence");
        evidence_sweep(rs, "fixtures/tools");
        evidence_sweep(rs, "tests/framing"); /* constructed framing samples (tests/framing/README.md) */
        fired_catalogue = calloc(rs->n, 1);
        if (fired_catalogue) {
            catalogue_sweep(rs);
            multiline_sweep(rs);
        }
        /* every shipped rule must fire on at least one real fixture, or on a
           message-catalogue sample of a stack the lab cannot run; a fallback
           (kind: fallback, rules/tls/fallback.yaml) reads the words of messages
           that no catalogue entry holds, so its own samples (rules check) are
           its test, and a real fixture is noted when there is one */
        for (unsigned i = 0; fired && fired_catalogue && i < rs->n; i++) {
            if (rs->rules[i]->fallback && !fired[i]) {
                fprintf(stderr, "note: fallback rule %s fires on no real fixture yet\n", rs->rules[i]->id);
                continue;
            }
            CHECK(fired[i] || fired_catalogue[i]);
            if (!fired[i] && !fired_catalogue[i])
                fprintf(stderr, "rule %s (%s:%u) fires on no fixture\n", rs->rules[i]->id, rs->rules[i]->file,
                        rs->rules[i]->line);
            else if (!fired[i])
                fprintf(stderr, "note: rule %s fires only on message-catalogue samples (no real fixture yet)\n",
                        rs->rules[i]->id);
        }
        free(fired);
        free(fired_catalogue);
    }
    tx_ruleset_free(rs);
    TX_TEST_END();
}
