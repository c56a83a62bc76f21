/*
 * render.c - templates: a rule's explanation and steps with the finding's
 * variables and the profile ("{host}", "{truststore|cacerts}"); an unknown
 * fact renders as <name> with a note that says how to find it out.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../parser/dialect.h"
#include "../rules/jdkfacts.h"
#include "analysis.h"

const char *txa_var_get(const txa_finding *f, const char *name)
{
    for (unsigned i = 0; i < f->nvars; i++)
        if (strcmp(f->vars[i].name, name) == 0)
            return f->vars[i].val;
    return NULL;
}

/* ---- templates ---------------------------------------------------------------------- */

const txr_profile *txa_profile(const tx_analysis *a)
{
    return a->profile && a->rs ? txr_vocab_profile(&a->rs->voc, a->profile) : NULL;
}

static const char *profile_var(const tx_analysis *a, const txa_finding *f, const char *name)
{
    /* the variables the profile sets (rules/tls/profiles.yaml) */
    const txr_profile *pr = txa_profile(a);
    for (unsigned i = 0; pr && i < pr->nvars; i++) {
        const txr_profile_var *pv = &pr->vars[i];
        if (name[0] != pv->name[0] || strcmp(name, pv->name) != 0)
            continue;
        const char *own = txa_var_get(f, name);
        if (!pv->keep || !own)
            return pv->value;
        txr_matcher *m = a->budget.m;
        if (txr_pattern_match(m, pv->keep, own, strlen(own), NULL, 0, NULL) != TXR_MATCH)
            return pv->value;
    }
    const char *v = txa_var_get(f, name);
    if (v)
        return v;
    /* suggestions, not facts: the keytool on the PATH, an alias to choose */
    if (strcmp(name, "keytool") == 0)
        return "keytool";
    if (strcmp(name, "alias") == 0)
        return "server-ca";
    /* the password of the truststore: the JRE's cacerts ships with "changeit";
     * any other store's password is the program's, never in a log */
    if (strcmp(name, "storepass") == 0) {
        const char *t = profile_var(a, f, "truststore");
        size_t tl = t ? strlen(t) : 0;
        if (tl >= 7 && strcmp(t + tl - 7, "cacerts") == 0 && (tl == 7 || t[tl - 8] == '/' || t[tl - 8] == '\\')) {
            const char *pw = txr_jdk_fact_get(a->rs ? a->rs->jdk : NULL, "cacerts-password", "value");
            return pw ? pw : "changeit";
        }
    }
    return NULL;
}

/*
 * Facts a template may use although the log may not show them.  Unknown,
 * they render as the placeholder <name>, and the text ends with a note that
 * says what it stands for and how to find it out: no path, host or port is
 * asserted that the log does not prove.  Any other unknown variable renders
 * as <name> with no note: a hole, which tests/unit/test_holes.c rejects.
 */
enum { N_HOST, N_PORT, N_TRUSTSTORE, N_KEYSTORE, N_CACERTS, N_URL, N_JAVA_HOME, N_STOREPASS, N_STORE_FILE, N_LISTED_STORE, N__COUNT,
       N_PASSWORD = N__COUNT };
static const char *const noted_vars[N__COUNT] = {"host",      "port",      "truststore", "keystore",  "cacerts",
                                                 "url",       "java_home", "storepass",  "store_file", "listed_store"};

static int noted_index(const char *name)
{
    for (int i = 0; i < N__COUNT; i++)
        if (strcmp(name, noted_vars[i]) == 0)
            return i;
    return -1;
}

int txa_noted_var(const char *name) { return noted_index(name) >= 0; }

/* The JRE's default truststore, as far as the log tells the Java generation
 * (no parentheses: it goes inside a note's). */
static void default_cacerts(const txa_finding *f, char *buf, size_t n)
{
    const char *gen = txa_var_get(f, "jdk"), *line = txa_var_get(f, "jdk_line");
    char where[48] = "";
    if (line)
        snprintf(where, sizeof where, ", line %s", line);
    if (gen && atoi(gen) <= 8)
        snprintf(buf, n, "`$JAVA_HOME/jre/lib/security/cacerts` on the Java %s%s this log shows%s", gen,
                 txa_var_get(f, "jdk_or_older") ? " or older" : "", where);
    else if (gen)
        snprintf(buf, n, "`$JAVA_HOME/lib/security/cacerts` on the Java %s this log shows%s", gen, where);
    else
        snprintf(buf, n, "`$JAVA_HOME/lib/security/cacerts`, on Java 8 `$JAVA_HOME/jre/lib/security/cacerts`");
}

static size_t put_notes(const txa_finding *f, unsigned want, int nodebug, char *out, size_t n, size_t cap)
{
    char dc[256];
    dc[0] = '\0';
    if (want & ((1u << N_TRUSTSTORE) | (1u << N_CACERTS))) /* (the notes that say it) */
        default_cacerts(f, dc, sizeof dc);
    const char *sep = " ("; /* (two bytes, as "; ") */
    int ended = n > 0 && out[n - 1] == '.';
    if (ended)
        n--;
#define NOTE(...)                                                                                  \
    do {                                                                                           \
        if (2 < cap + 1 - n) {                                                                     \
            memcpy(out + n, sep, 2);                                                               \
            n += 2;                                                                                \
        }                                                                                          \
        int k_ = snprintf(out + n, cap + 1 - n, __VA_ARGS__);                                      \
        n += k_ > 0 && (size_t)k_ < cap + 1 - n ? (size_t)k_ : 0;                                   \
        sep = "; ";                                                                                \
    } while (0)
    /* short, and no parentheses inside a note: the notes are one parenthesis */
    /* (a profile that captures its programs its own way has no JSSE debug output to point to) */
    const char *sni = nodebug ? "" : "; `-Djavax.net.debug=ssl:handshake` shows the server_name sent";
    if ((want & (1u << N_HOST)) && (want & (1u << N_PORT)))
        NOTE("`<host>`, `<port>`: the server, not in this log: the host and port of the URL the program calls, "
             "443 for https:// without a port%s", sni);
    else if (want & (1u << N_HOST))
        NOTE("`<host>`: the server's name, not in this log: the host of the URL the program calls%s", sni);
    else if (want & (1u << N_PORT))
        NOTE("`<port>`: the server's port, not in this log: the port of the URL the program calls, 443 for "
             "https:// without one");
    if (want & (1u << N_URL))
        NOTE("`<url>`: the URL the program calls, not in this log");
    if (want & (1u << N_TRUSTSTORE))
        NOTE("`<truststore>`: the truststore this JVM loads, not named in this log: `-Djavax.net.ssl.trustStore` "
             "if set, else the JRE's cacerts, %s; `-Djavax.net.debug=ssl:trustmanager` prints it", dc);
    if (want & (1u << N_KEYSTORE))
        NOTE("`<keystore>`: the keystore this JVM loads, not named in this log: `-Djavax.net.ssl.keyStore` or the "
             "application's setting; `-Djavax.net.debug=all` prints it as `keyStore is :`");
    if ((want & (1u << N_CACERTS)) && !(want & (1u << N_TRUSTSTORE)))
        NOTE("`<cacerts>`: the JRE's default truststore, %s", dc);
    if (want & (1u << N_JAVA_HOME))
        NOTE("`<java_home>`: the Java the program runs on, not in this log: "
             "`java -XshowSettings:properties -version` with that Java prints its java.home");
    if (want & (1u << N_STORE_FILE))
        NOTE("`<store_file>`: the store file the program is configured with, not named in this log: "
             "`javax.net.ssl.trustStore`, `javax.net.ssl.keyStore` or the framework's option");
    if (want & (1u << N_LISTED_STORE))
        NOTE("`<listed_store>`: the store whose keytool listing you gave; the listing does not name its file");
    if (want & (1u << N_STOREPASS))
        NOTE("`<storepass>`: the truststore's password, never in a log: `-Djavax.net.ssl.trustStorePassword` or "
             "the application's setting; cacerts ships with `changeit`");
    if (want & (1u << N_PASSWORD))
        NOTE("`<password>`: the store's password, never in a log");
#undef NOTE
    if (n + 2 <= cap) {
        out[n++] = ')';
        if (ended)
            out[n++] = '.';
    }
    return n;
}

static int is_punct(char c) { return c == '.' || c == ',' || c == ';' || c == ':'; }

char *txa_render(const tx_analysis *a, const txa_finding *f, const char *t)
{
    size_t cap = TX_MAX_TEMPLATE_OUT, n = 0;
    int cut = 0;
    unsigned want = 0; /* notes to add: 1 << N_... */
    char *out = malloc(cap + 1);
    if (!out)
        return NULL;
#define PUT(s, len)                                                                                \
    do {                                                                                           \
        size_t l_ = (len);                                                                         \
        if (n + l_ > cap) {                                                                        \
            l_ = cap - n;                                                                          \
            cut = 1;                                                                               \
        }                                                                                          \
        memcpy(out + n, (s), l_);                                                                  \
        n += l_;                                                                                   \
    } while (0)
    for (const char *p = t; *p;) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            const char *q = p + 1;
            int ident = close != NULL;
            for (const char *r = q; ident && r < close && *r != '|'; r++)
                if (!(isalnum((unsigned char)*r) || *r == '_'))
                    ident = 0;
            /* a literal alternative may hold anything but braces */
            for (const char *r = q; ident && r < close; r++)
                if (*r == '{')
                    ident = 0;
            if (ident && close > q) {
                /* {a|b|text}: the first of a, b that is a variable; else the last
                 * alternative as literal text (a noted variable's placeholder if
                 * it names one); else <a>. */
                const char *alt = q, *v = NULL, *lit = NULL;
                size_t litn = 0;
                char name[64];
                int nalts = 0;
                while (alt <= close && !v) {
                    const char *bar = memchr(alt, '|', (size_t)(close - alt));
                    const char *end = bar ? bar : close;
                    size_t nl = (size_t)(end - alt);
                    if (nl >= sizeof name)
                        nl = sizeof name - 1;
                    memcpy(name, alt, nl);
                    name[nl] = '\0';
                    v = profile_var(a, f, name);
                    lit = alt;
                    litn = (size_t)(end - alt);
                    nalts++;
                    alt = end + 1;
                }
                if (v) {
                    size_t vl = strlen(v);
                    /* "{message}." with a message that ends in "." (or ":", ","):
                     * one mark, not two; an ellipsis stays */
                    if (vl && is_punct(v[vl - 1]) && is_punct(close[1]) && !(vl >= 3 && !strcmp(v + vl - 3, "..."))) {
                        if (v[vl - 1] == '.' && close[1] == '.')
                            close++; /* keep the value's own full stop */
                        else
                            vl--;
                    }
                    /* a value with blanks inside a command (a code span): one
                     * argument for the shell, unless the template quotes it */
                    int quote = 0;
                    if (strpbrk(v, " \t") && !strchr(v, '"') && p > t && p[-1] != '\'' && p[-1] != '"') {
                        size_t ticks = 0;
                        for (const char *r = t; r < p; r++)
                            ticks += *r == '`';
                        quote = ticks % 2 == 1;
                    }
                    if (quote)
                        PUT("\"", 1);
                    PUT(v, vl);
                    if (quote)
                        PUT("\"", 1);
                } else if (nalts > 1 && noted_index(name) < 0) {
                    PUT(lit, litn);
                } else {
                    int ni = noted_index(name);
                    if (ni >= 0) {
                        want |= 1u << ni;
                        PUT("<", 1);
                        PUT(name, strlen(name));
                        PUT(">", 1);
                    } else {
                        PUT("<", 1);
                        PUT(q, (size_t)(close - q));
                        PUT(">", 1);
                    }
                }
                p = close + 1;
                continue;
            }
        }
        /* literal text: up to the next brace, at once */
        const char *run = p + 1 + strcspn(p + 1, "{");
        PUT(p, (size_t)(run - p));
        p = run;
    }
#undef PUT
    out[n] = '\0';
    /* a template's own <password> (the store's password, never in a log) */
    if (strstr(out, "<password>") && !strstr(out, "`<password>` is") && !strstr(out, "`<password>`:"))
        want |= 1u << N_PASSWORD;
    const txr_profile *pr = txa_profile(a);
    if (want && !cut)
        n = put_notes(f, want, pr && pr->capture, out, n, cap);
    if (cut) /* over TX_MAX_TEMPLATE_OUT: say so where it was cut */
        memcpy(out + cap - 3, "...", 3);
    out[n] = '\0';
    /* kept as long as the report is: the bytes reserved for the longest text
     * go back (a log of many connections renders hundreds of texts) */
    char *fit = realloc(out, n + 1);
    if (fit)
        out = fit;
    /* a profile's steps say its placeholder (<IAHOME>); when the log shows
     * the install directory, use it */
    const char *ph = pr && pr->home_var ? pr->home_placeholder : NULL;
    const char *iahome = ph ? txa_var_get(f, pr->home_var) : NULL;
    size_t pl = ph ? strlen(ph) : 0;
    if (iahome && strstr(out, ph)) {
        size_t hl = strlen(iahome), cnt = 0;
        for (const char *q = out; (q = strstr(q, ph)); q += pl)
            cnt++;
        char *r = malloc(n + cnt * hl + 1);
        if (r) {
            char *w = r;
            for (const char *q = out, *hit;; q = hit + pl) {
                hit = strstr(q, ph);
                size_t k = hit ? (size_t)(hit - q) : strlen(q);
                memcpy(w, q, k);
                w += k;
                if (!hit)
                    break;
                memcpy(w, iahome, hl);
                w += hl;
            }
            *w = '\0';
            free(out);
            out = r;
        }
    }
    return out;
}

/* The rule's entry for the analysis' profile (its `profiles:`), or NULL. */
static const txr_profile_steps *profile_entry(const tx_analysis *a, const txr_rule *r)
{
    for (unsigned i = 0; a->profile && i < r->nprofiles; i++)
        if (strcmp(r->profiles[i].profile, a->profile) == 0)
            return &r->profiles[i];
    return NULL;
}

const char *txa_explain(const tx_analysis *a, const txa_finding *f)
{
    const txr_profile_steps *ps = profile_entry(a, f->rule);
    return ps && ps->explain ? ps->explain : f->rule->explain;
}

void txa_steps(const tx_analysis *a, const txa_finding *f, char *const **steps, unsigned *n)
{
    const txr_profile_steps *ps = profile_entry(a, f->rule);
    *steps = ps ? ps->steps : f->rule->steps;
    *n = ps ? ps->nsteps : f->rule->nsteps;
}
