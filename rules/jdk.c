/*
 * jdk.c - which Java wrote the log, as far as the log proves it.
 *
 * Remediation differs by Java generation: the default truststore is
 * $JAVA_HOME/jre/lib/security/cacerts up to Java 8 and
 * $JAVA_HOME/lib/security/cacerts from Java 9; TLS 1.3 exists from 8u261
 * (Oracle; OpenJDK 8u272) and 11.  The evidence, strongest first:
 *
 *   3  a version statement:  java.version = 1.8.0_292   java.runtime.version=11.0.11+9
 *      openjdk version "17.0.2"   Java(TM) SE Runtime Environment (build 1.8.0_281-b09)
 *   2  a versioned directory in a path:  /usr/lib/jvm/jdk1.8.0_281/  C:\Program Files\Java\jre1.8.0_301\
 *      /opt/jdk-11.0.2/  /usr/lib/jvm/java-11-openjdk-amd64/  /usr/lib/jvm/java-1.8.0-openjdk/
 *   1  a layout: .../jre/lib/security/... (at most Java 8), or the debug output of the SunJSSE
 *      stack before the TLS 1.3 rewrite (*** ClientHello, %% ...: at most 8, no TLS 1.3)
 *
 * The first evidence of the strongest kind wins; its line is kept so the
 * report can cite it.
 */
#include "jdk.h"

#include <ctype.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "../parser/strparse.h"
#include "jdkfacts.h"

static int num(const char **p, const char *end, int max)
{
    int v = 0, nd = 0;
    while (*p < end && isdigit((unsigned char)**p) && nd < 6) {
        v = v * 10 + (**p - '0');
        (*p)++;
        nd++;
    }
    return nd && v <= max ? v : -1;
}

/* "1.8.0_292", "1.7.0_80-b15", "11.0.11+9", "17", "17.0.2", "8u292" at p:
 * the feature release and update (-1: not stated); 0 if it is no version. */
static int parse_version(const char *p, const char *end, int *feature, int *update, int legacy_only)
{
    const char *q = p;
    int a = num(&q, end, 99);
    if (a < 0)
        return 0;
    *update = -1;
    if (a == 1) {
        if (q >= end || *q != '.')
            return 0;
        q++;
        int b = num(&q, end, 99);
        if (b < 2 || b > 8)
            return 0;
        *feature = b;
        if (q + 1 < end && *q == '.' && isdigit((unsigned char)q[1])) {
            q++;
            num(&q, end, 99);
            if (q + 1 < end && *q == '_' && isdigit((unsigned char)q[1])) {
                q++;
                *update = num(&q, end, 9999);
            }
        }
        return 1;
    }
    if (legacy_only || a < 5 || a > 40)
        return 0;
    *feature = a;
    if (q + 1 < end && (*q == 'u' || *q == 'U') && isdigit((unsigned char)q[1]) && a <= 8) {
        q++;
        *update = num(&q, end, 9999);
        return 1;
    }
    if (a < 9)
        return 0; /* "8" alone is too weak */
    if (q + 1 < end && *q == '.' && isdigit((unsigned char)q[1])) {
        q++;
        num(&q, end, 99); /* interim */
        if (q + 1 < end && *q == '.' && isdigit((unsigned char)q[1])) {
            q++;
            *update = num(&q, end, 999);
        }
    } else {
        *update = 0;
    }
    return 1;
}

static void set(txr_jdk *j, int rank, int feature, int update, uint64_t line, const char *v, size_t vn)
{
    if (rank <= j->rank)
        return;
    j->rank = rank;
    j->feature = feature;
    j->update = update;
    j->line = line;
    if (vn >= sizeof j->text)
        vn = sizeof j->text - 1;
    memcpy(j->text, v, vn);
    j->text[vn] = '\0';
    if (feature && feature <= 8)
        j->le8 = 1;
}

static const char *version_end(const char *p, const char *end)
{
    while (p < end && (isalnum((unsigned char)*p) || *p == '.' || *p == '_' || *p == '-' || *p == '+'))
        p++;
    return p;
}

/* The statements of rank 3: a key, then blanks, '=', ':', '"' or "is". */
static void statement(txr_jdk *j, uint64_t no, const char *t, size_t n)
{
    static const char *const keys[] = {"java.version", "java.runtime.version", "java version \"",
                                       "openjdk version \"", "Runtime Environment (build ", NULL};
    const char *end = t + n;
    for (int k = 0; keys[k]; k++) {
        size_t kl = strlen(keys[k]);
        const char *h = txi_memmem(t, n, keys[k], kl);
        if (!h)
            continue;
        const char *q = h + kl;
        while (q < end && (*q == ' ' || *q == '=' || *q == ':' || *q == '"' || *q == '\''))
            q++;
        if (end - q > 3 && memcmp(q, "is ", 3) == 0)
            q += 3;
        int f, u;
        if (parse_version(q, end, &f, &u, 0)) {
            set(j, 3, f, u, no, q, (size_t)(version_end(q, end) - q));
            return;
        }
    }
}

/* A versioned directory after a '/' or '\' (rank 2). */
static void directory(txr_jdk *j, uint64_t no, const char *t, size_t n)
{
    static const char *const pre[] = {"jdk-1.", "jre-1.", "java-1.", "jdk1.", "jre1.", "jdk-", "jre-",
                                      "java-", "openjdk-", "jdk", "jre", NULL};
    const char *end = t + n;
    if (n < 5)
        return;
    /* the separators, in order, found with memchr (a byte loop over every
     * line was a tenth of reading many small logs) */
    const char *lim = end - 4;
    for (const char *s = t; s < lim; s++) {
        const char *sl = memchr(s, '/', (size_t)(lim - s));
        const char *bs = memchr(s, '\\', (size_t)((sl ? sl : lim) - s));
        s = bs ? bs : sl;
        if (!s)
            return;
        if (s[1] != 'j' && s[1] != 'o')
            continue;
        for (int k = 0; pre[k]; k++) {
            size_t pl = strlen(pre[k]);
            if ((size_t)(end - s - 1) <= pl || memcmp(s + 1, pre[k], pl) != 0)
                continue;
            const char *v = s + 1 + pl;
            /* "jdk1.8.0_281": the "1." belongs to the version */
            if (pre[k][pl - 1] == '.')
                v -= 2;
            int f, u;
            if (parse_version(v, end, &f, &u, 0)) {
                const char *ve = version_end(v, end);
                /* "java-11-openjdk-amd64": the version ends at the '-' */
                const char *dash = memchr(v, '-', (size_t)(ve - v));
                set(j, 2, f, u, no, v, (size_t)((dash ? dash : ve) - v));
                return;
            }
            break;
        }
    }
}

/* `java --version` (9+): "openjdk 11.0.1 2018-10-16", "java 17.0.2 2022-01-18 LTS" -
 * the name, the version, then the release date (rank 3). */
static void dash_version(txr_jdk *j, uint64_t no, const char *t, size_t n)
{
    static const char *const names[] = {"openjdk ", "java ", NULL};
    const char *end = t + n;
    for (int k = 0; names[k]; k++) {
        size_t kl = strlen(names[k]);
        const char *h = txi_memmem(t, n, names[k], kl);
        if (!h || (h > t && isalnum((unsigned char)h[-1])))
            continue;
        const char *q = h + kl, *ve = version_end(q, end);
        int f, u;
        if (ve + 11 <= end && ve[0] == ' ' && txi_digits_at(ve + 1, end, 4) && ve[5] == '-' &&
            txi_digits_at(ve + 6, end, 2) && ve[8] == '-' && txi_digits_at(ve + 9, end, 2) &&
            parse_version(q, ve, &f, &u, 0) && f >= 9) {
            set(j, 3, f, u, no, q, (size_t)(ve - q));
            return;
        }
    }
}

/* Which of txr_jdk_line()'s searches can find something in the line: bit 1
 * a version statement, a directory or the jre/lib/security layout (each
 * needs a "ve" - "version" -, a "(b" - "(build " - or a '/' or '\\' before
 * the line's last byte: a directory's separator stands at least five bytes
 * before the end, the layout's at its fourth byte), bit 2 a `java --version`
 * line (a "jd" - "openjdk " - or a "va" - "java "); a bit not set proves the
 * line holds none of its literals.  One pass, 16 places at a time (the last
 * block overlaps the one before): most lines, SSLLogger headers among them,
 * set neither bit 1 nor, being longer than such a line, need bit 2. */
enum { JM_FULL = 1, JM_DASH = 2 };

static unsigned jdk_marks(const char *t, size_t n)
{
#ifdef __SSE2__
    if (n >= 17) {
        const __m128i cv = _mm_set1_epi8('v'), ce = _mm_set1_epi8('e'), cp = _mm_set1_epi8('('),
                      cb = _mm_set1_epi8('b'), csl = _mm_set1_epi8('/'), cbs = _mm_set1_epi8('\\'),
                      cj = _mm_set1_epi8('j'), cd = _mm_set1_epi8('d'), ca = _mm_set1_epi8('a');
        __m128i full = _mm_setzero_si128(), dash = full;
        const char *last = t + n - 17;
        for (const char *p = t;; p += 16) {
            if (p > last)
                p = last;
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
            __m128i y = _mm_loadu_si128((const __m128i *)(const void *)(p + 1));
            __m128i xv = _mm_cmpeq_epi8(x, cv);
            full = _mm_or_si128(full, _mm_and_si128(xv, _mm_cmpeq_epi8(y, ce)));
            full = _mm_or_si128(full, _mm_and_si128(_mm_cmpeq_epi8(x, cp), _mm_cmpeq_epi8(y, cb)));
            full = _mm_or_si128(full, _mm_or_si128(_mm_cmpeq_epi8(x, csl), _mm_cmpeq_epi8(x, cbs)));
            if (n < 80) {
                dash = _mm_or_si128(dash, _mm_and_si128(xv, _mm_cmpeq_epi8(y, ca)));
                dash = _mm_or_si128(dash, _mm_and_si128(_mm_cmpeq_epi8(x, cj), _mm_cmpeq_epi8(y, cd)));
            }
            if (p == last)
                break;
        }
        return (_mm_movemask_epi8(full) ? JM_FULL : 0u) | (_mm_movemask_epi8(dash) ? JM_DASH : 0u);
    }
#endif
    unsigned m = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        char x = t[i], y = t[i + 1];
        if ((x == 'v' && y == 'e') || (x == '(' && y == 'b') || x == '/' || x == '\\')
            m |= JM_FULL;
        if ((x == 'v' && y == 'a') || (x == 'j' && y == 'd'))
            m |= JM_DASH;
    }
    return m;
}

void txr_jdk_line(txr_jdk *j, uint64_t no, const char *t, size_t n)
{
    if (j->rank >= 3)
        return;
    unsigned m = jdk_marks(t, n);
    if (!m)
        return;
    /* (every key of statement() has "version" or "(build "; each search looks
     * for its rarest byte first: most lines pass all of them) */
    if ((m & JM_FULL) && (txi_memmem_at(t, n, "version", 7, 0) || txi_memmem(t, n, "(build ", 7)))
        statement(j, no, t, n);
    if ((m & JM_DASH) && j->rank < 3 && n < 80 && (txi_memmem(t, n, "openjdk ", 8) || txi_memmem(t, n, "java ", 5)))
        dash_version(j, no, t, n);
    if (!(m & JM_FULL))
        return;
    if (j->rank < 2)
        directory(j, no, t, n);
    if (!j->le8 &&
        (txi_memmem_at(t, n, "jre/lib/security", 16, 3) || txi_memmem_at(t, n, "jre\\lib\\security", 16, 3))) {
        j->le8 = 1;
        if (!j->line)
            j->line = no;
    }
}

void txr_jdk_old_stack(txr_jdk *j)
{
    j->old_stack = 1;
    j->le8 = 1;
}

void txr_jdk_new_stack(txr_jdk *j) { j->new_stack = 1; }

int txr_jdk_generation(const txr_jdk *j)
{
    if (j->feature)
        return j->feature;
    return j->le8 ? 8 : 0;
}

static int fact_int(const txr_jdk_facts *t, const char *id, const char *key, int dflt)
{
    const char *v = txr_jdk_fact_get(t, id, key);
    return v && *v ? atoi(v) : dflt;
}

int txr_jdk_lacks_tls13(const txr_jdk *j, const txr_jdk_facts *t, char *why, size_t n)
{
    int first8 = fact_int(t, "tls13", "jdk8", 261), feature = fact_int(t, "tls13", "feature", 11);
    if (j->feature && j->feature < 8) {
        snprintf(why, n, "Java %d", j->feature);
        return 1;
    }
    if (j->feature == 8 && j->update >= 0 && j->update < first8) {
        snprintf(why, n, "Java 8u%d", j->update);
        return 1;
    }
    if (j->old_stack && !(j->feature == 8 && j->update >= first8) && j->feature < feature) {
        snprintf(why, n, "a Java 8 or older (its debug output is that of the JSSE before 8u%d)", first8);
        return 1;
    }
    return 0;
}

int txr_jdk_disables_tls10(const txr_jdk *j, const txr_jdk_facts *t, char *since, size_t n)
{
    const char *id = "tls10-tls11-disabled";
    int o8 = fact_int(t, id, "jdk8", 291), oj8 = fact_int(t, id, "openjdk8", 292);
    int u11 = fact_int(t, id, "jdk11", 11), feature = fact_int(t, id, "feature", 16);
    if (!j->feature)
        return j->old_stack ? 0 : -1; /* the JSSE before 8u261 predates it */
    if (j->feature >= feature) {
        snprintf(since, n, "%d", feature);
        return 1;
    }
    if (j->feature == 11 && j->update >= 0) {
        snprintf(since, n, "11.0.%d", u11);
        return j->update >= u11;
    }
    if (j->feature == 8 && j->update >= 0) {
        snprintf(since, n, "8u%d, OpenJDK 8u%d", o8, oj8);
        return j->update >= oj8 ? 1 : j->update < o8 ? 0 : -1;
    }
    if (j->feature < 8) {
        snprintf(since, n, "8u%d", o8);
        return 0;
    }
    return -1;
}
