/*
 * analysis.c - one log through the parser and the rules.
 *
 * Streaming: bytes go to the parser; each line is offered to the
 * prefilter, and the line patterns it selects run their regex; a match is
 * filed as a "match" event in the line's connection.  When the parser
 * closes a connection, its facts are computed, every rule is evaluated on
 * it, and what fired is merged into the findings (one per rule, with the
 * evidence and variables of its first firing and a count of connections).
 * The first TX_MAX_KEPT_CONNS connections are kept whole for the
 * timeline and compare; the others are released at once.  Memory does
 * not depend on the length of the log.
 *
 * Ranking: score = rule confidence + the `adjust` entries whose condition
 * held, clamped to 0..100.  A finding whose rule is named in the
 * `supersedes` list of another fired rule is explained away by it.
 * Order: causes before risks before notes, then score (high first), then
 * rule id - deterministic.
 */
#include "analysis.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../parser/dialect.h"
#include "../report/events.h"
#include "../report/redact.h"
#include "eval.h"
#include "facts.h"
#include "jdkfacts.h"
#include "prefilter.h"

/* ---- sink: events dump, line patterns, closed connections ---------------- */

/* ---- facts of the whole log ------------------------------------------------------ */

static const char *scheme_port(const char *url);

/* Remember a server the log names (host and port); a port of 0 length
 * remembers the host only. */
static void seen_target(tx_analysis *a, const char *h, size_t hn, const char *pt, size_t pn, uint64_t line)
{
    if (!hn || hn >= TX_MAX_SEEN_HOST || pn >= 8)
        return;
    for (unsigned i = 0; i < a->nseen; i++) {
        struct txa_seen_target *t = &a->seen[i];
        if (strlen(t->host) == hn && strncasecmp(t->host, h, hn) == 0) {
            if (!t->port[0] && pn) {
                memcpy(t->port, pt, pn);
                t->port[pn] = '\0';
            } else if (pn && (strlen(t->port) != pn || memcmp(t->port, pt, pn) != 0)) {
                t->port[0] = '-'; /* two ports for one host: none is proven */
                t->port[1] = '\0';
            }
            return;
        }
    }
    if (a->nseen >= TX_MAX_SEEN_TARGETS) {
        a->seen_full = 1;
        return;
    }
    struct txa_seen_target *t = &a->seen[a->nseen++];
    memcpy(t->host, h, hn);
    t->host[hn] = '\0';
    memcpy(t->port, pt, pn);
    t->port[pn] = '\0';
    t->line = line;
}

static int host_ch(char c) { return isalnum((unsigned char)c) || c == '.' || c == '-' || c == '_'; }

/* URLs of TLS schemes in any line: "https://host:8443/x", "ldaps://dc1:636" */
static void sniff_urls(tx_analysis *a, uint64_t no, const char *t, size_t n)
{
    const char *end = t + n;
    for (const char *c = t; (c = txi_memmem(c, (size_t)(end - c), "://", 3)) != NULL; c += 3) {
        const char *b = c;
        while (b > t && isalpha((unsigned char)b[-1]) && c - b < 8)
            b--;
        char scheme[16];
        size_t sl = (size_t)(c + 3 - b);
        if (sl >= sizeof scheme)
            continue;
        memcpy(scheme, b, sl);
        scheme[sl] = '\0';
        const char *dp = scheme_port(scheme);
        if (!dp)
            continue;
        const char *h = c + 3, *he = h;
        while (he < end && host_ch(*he))
            he++;
        if (he == h || (he < end && *he == '@'))
            continue;
        /* the host must end where a URL's host ends: a template, a placeholder or a
         * masked name is no host ("https://${HOST}", "https://<host>", "nexus3.***.io") */
        if (he < end && !strchr(":/?#\"' )]>,;|\t", *he))
            continue;
        while (he > h && he[-1] == '.')
            he--;
        if (he == h)
            continue;
        const char *pt = dp;
        size_t pn = strlen(dp);
        if (he < end && *he == ':') {
            const char *pe = he + 1;
            while (pe < end && isdigit((unsigned char)*pe) && pe - he <= 5)
                pe++;
            if (pe == he + 1)
                continue;
            pt = he + 1;
            pn = (size_t)(pe - he - 1);
        }
        seen_target(a, h, (size_t)(he - h), pt, pn, no);
    }
}

/* -Djavax.net.ssl.trustStore=PATH / -Djavax.net.ssl.keyStore=PATH on a command line */
static void sniff_store_props(tx_analysis *a, uint64_t no, const char *t, size_t n)
{
    static const struct {
        const char *key;
        size_t off, lineoff;
    } props[] = {
        {"-Djavax.net.ssl.trustStore=", offsetof(tx_analysis, cmd_truststore), offsetof(tx_analysis, cmd_truststore_line)},
        {"-Djavax.net.ssl.keyStore=", offsetof(tx_analysis, cmd_keystore), offsetof(tx_analysis, cmd_keystore_line)},
    };
    const char *end = t + n;
    for (size_t i = 0; i < sizeof props / sizeof props[0]; i++) {
        size_t kl = strlen(props[i].key);
        const char *k = txi_memmem(t, n, props[i].key, kl);
        char *dst = (char *)a + props[i].off;
        if (!k || dst[0])
            continue;
        const char *v = k + kl, *ve = v;
        char q = v < end && (*v == '"' || *v == '\'') ? *v++ : 0;
        ve = v;
        while (ve < end && (q ? *ve != q : !isspace((unsigned char)*ve)))
            ve++;
        size_t vn = (size_t)(ve - v);
        if (!vn || vn >= TX_MAX_SEEN_PATH || memchr(v, '$', vn) || memchr(v, '<', vn))
            continue;
        memcpy(dst, v, vn);
        dst[vn] = '\0';
        *(uint64_t *)(void *)((char *)a + props[i].lineoff) = no;
    }
}

static void sniff_line(tx_analysis *a, uint64_t no, const char *t, size_t n)
{
    if (a->jdk.rank < 3)
        txa_jdk_line(&a->jdk, no, t, n);
    if (!a->seen_full && txi_memmem(t, n, "://", 3))
        sniff_urls(a, no, t, n);
    if (txi_memmem(t, n, "-Djavax.net.ssl.", 16))
        sniff_store_props(a, no, t, n);
}

static void on_event(void *ud, const txi_event *e, const txi_conn *c)
{
    tx_analysis *a = ud;
    (void)c;
    if ((e->type == TXE_TARGET || e->type == TXE_CONNECTION) && txi_ev_str(e, TXF_HOST)) {
        const char *h = txi_ev_str(e, TXF_HOST), *pt = txi_ev_str(e, TXF_PORT);
        seen_target(a, h, strlen(h), pt ? pt : "", pt ? strlen(pt) : 0, e->src ? e->src->no : 0);
    }
    if (e->cut)
        a->cut_events++;
    if (!a->dump)
        return;
    FILE *out = a->dump;
    if (a->redactor) {
        /* learn this event's names; the dump is masked once the whole log
         * is read (flush_redacted_dump): a name learned from a later event
         * ("matching alias: svc-x" before the certificate of CN=svc-x) is
         * masked in the earlier ones too */
        txo_redact_learn_event(a->redactor, e);
        txo_redact_learn_file(a->redactor, txi_ev_str(e, TXF_FILE));
        out = a->rdump;
        if (!out)
            return;
    }
    if (a->dumpfmt == TX_FORMAT_JSON)
        txr_event_json(out, a->name, e);
    else
        txr_event_text(out, a->name, e);
}

static void flush_redacted_dump(tx_analysis *a)
{
    if (!a->redactor || !a->dump)
        return;
    if (!a->rdump) {
        fputs("(redacted: out of memory)\n", a->dump);
        return;
    }
    int bad = fclose(a->rdump) != 0;
    a->rdump = NULL;
    txo_redact_learn_file(a->redactor, a->name);
    if (bad)
        fputs("(redacted: out of memory)\n", a->dump);
    else
        txo_redact_write(a->redactor, a->rdump_buf, a->rdump_len, a->dump);
    free(a->rdump_buf);
    a->rdump_buf = NULL;
    a->rdump_len = 0;
}

typedef struct {
    tx_analysis *a;
    const char *text;
    size_t len;
    uint64_t no;
    txi_conn *c;
    int long_subject; /* a pattern saw only the first TX_MAX_MATCH_SUBJECT bytes */
} line_job;

static void file_match(tx_analysis *a, txi_conn *c, unsigned id, uint64_t no, const char *text, size_t len)
{
    txi_arena *ar = c ? &c->arena : &a->orphan_arena;
    if (!c && a->norphans >= TX_MAX_GLOBAL_EVENTS) {
        a->matches_dropped++;
        return;
    }
    txi_line *l = txi_line_copy(ar, no, text, len);
    if (!l) {
        a->matches_dropped++;
        return;
    }
    txi_event *e;
    if (c) {
        e = txi_conn_add(c, TXE_MATCH, l);
    } else {
        e = txi_event_new(ar, TXE_MATCH, l);
        if (e) {
            if (a->orphans_last)
                a->orphans_last->next = e;
            else
                a->orphans = e;
            a->orphans_last = e;
            a->norphans++;
        }
    }
    if (e)
        txi_event_addf(ar, e, TXF_RULE, l, "%u", id);
    else
        a->matches_dropped++;
}

static void on_candidate(void *ud, unsigned id)
{
    line_job *j = ud;
    const txr_linematch *m = &j->a->rs->lm[id];
    if (txr_budget_off(&j->a->budget, m->rule)) {
        j->a->budget.skipped++;
        return;
    }
    int r = txr_budget_match(&j->a->budget, m->rule, m->re, j->text, j->len, NULL, 0, NULL);
    if (j->len > TX_MAX_MATCH_SUBJECT)
        j->long_subject = 1;
    if (r == TXR_MATCH)
        file_match(j->a, j->c, id, j->no, j->text, j->len);
}

static void on_line(void *ud, uint64_t no, const char *text, size_t len, txi_conn *c, uint64_t start, uint64_t end)
{
    tx_analysis *a = ud;
    sniff_line(a, no, text, len);
    if (!a->rs || !a->rs->nlm)
        return;
    line_job j = {a, text, len, no, c, 0};
    txr_prefilter_line(a->pf, start, end, on_candidate, &j);
    if (j.long_subject)
        a->long_subjects++;
}

/* ---- context variables ------------------------------------------------------ */

static void add_var(txr_binding *b, const char *name, const char *val)
{
    if (val && *val)
        txr_bind_var(b, name, val, strlen(val));
}

/* java home from a truststore path ".../lib/security/cacerts" */
static void java_home_vars(txr_binding *b, const char *path, char *home, size_t hn, char *keytool, size_t kn)
{
    const char *k = path ? strstr(path, "/lib/security/") : NULL;
    if (!k)
        k = path ? strstr(path, "\\lib\\security\\") : NULL;
    if (!k)
        return;
    size_t n = (size_t)(k - path);
    if (n >= hn)
        return;
    memcpy(home, path, n);
    home[n] = '\0';
    /* JDK 8 puts the JRE under jre/: keytool lives in jre/bin either way */
    snprintf(keytool, kn, "%s%cbin%ckeytool", home, path[n], path[n]);
    add_var(b, "java_home", home);
    add_var(b, "keytool", keytool);
}

typedef struct {
    char port[16], home[512], keytool[600], cacerts[600], alias[128], logtime[48], chain_len[8], iahome[512];
    char jdk[8], jdk_version[48], jdk_line[24], no_tls13[96], tls13_note[160], tls10_note[160];
    char target_line[24], truststore_line[24], keystore_line[24];
} ctx_buf;

/* The default port of a URL's scheme (the URL states no port). */
static const char *scheme_port(const char *url)
{
    static const struct {
        const char *scheme, *port;
    } d[] = {{"https://", "443"}, {"wss://", "443"},    {"ldaps://", "636"}, {"smtps://", "465"},
             {"imaps://", "993"}, {"pop3s://", "995"},  {"ftps://", "990"}};
    for (size_t i = 0; url && i < sizeof d / sizeof d[0]; i++)
        if (strncasecmp(url, d[i].scheme, strlen(d[i].scheme)) == 0)
            return d[i].port;
    return NULL;
}

/* The facts about the Java that wrote the log (jdk.c), as variables:
 * jdk (feature release, "8" also for "at most 8"), jdk_version (as
 * printed), jdk_line (the line that proves it), jdk_no_tls13 (why this
 * Java has no TLS 1.3). */
static void jdk_vars(tx_analysis *a, txr_binding *b, ctx_buf *cb)
{
    const struct txr_jdk_facts *jf = a->rs ? a->rs->jdk : NULL;
    if (txi_parser_stats(a->p)->dialect_lines[TXI_DIALECT_LEGACY])
        txa_jdk_old_stack(&a->jdk);
    if (txi_parser_stats(a->p)->dialect_lines[TXI_DIALECT_JDK11])
        txa_jdk_new_stack(&a->jdk);
    int gen = txa_jdk_generation(&a->jdk);
    if (gen) {
        snprintf(cb->jdk, sizeof cb->jdk, "%d", gen);
        add_var(b, "jdk", cb->jdk);
        if (!a->jdk.feature)
            add_var(b, "jdk_or_older", "yes"); /* only "at most 8" is known */
    }
    if (a->jdk.text[0]) {
        snprintf(cb->jdk_version, sizeof cb->jdk_version, "%s", a->jdk.text);
        add_var(b, "jdk_version", cb->jdk_version);
    }
    if (a->jdk.line) {
        snprintf(cb->jdk_line, sizeof cb->jdk_line, "%llu", (unsigned long long)a->jdk.line);
        add_var(b, "jdk_line", cb->jdk_line);
    }
    /* the protocols to suggest: no TLS 1.3 for a Java that has none */
    /* TLS 1.0 and 1.1: on by default in this Java, or not (the facts table) */
    char since[48];
    int off = txa_jdk_disables_tls10(&a->jdk, jf, since, sizeof since);
    const char *who = a->jdk.text[0] ? a->jdk.text : cb->jdk;
    if (off == 1)
        snprintf(cb->tls10_note, sizeof cb->tls10_note, " This Java (%s) disables them by default, as every release since %s does.", who, since);
    else if (off == 0 && a->jdk.feature)
        snprintf(cb->tls10_note, sizeof cb->tls10_note, " This Java (%s) still enables them by default (they are off from %s).", who, since);
    else if (off == 0)
        snprintf(cb->tls10_note, sizeof cb->tls10_note, " The Java that wrote this log (its debug format predates 8u261) still enables them by default.");
    add_var(b, "jdk_tls10_note", cb->tls10_note);
    if (txa_jdk_lacks_tls13(&a->jdk, jf, cb->no_tls13, sizeof cb->no_tls13)) {
        add_var(b, "jdk_no_tls13", cb->no_tls13);
        add_var(b, "tls_protocols", "TLSv1.2");
        snprintf(cb->tls13_note, sizeof cb->tls13_note,
                 " (not TLSv1.3: %s has none; it came with 8u261 and Java 11)", cb->no_tls13);
        add_var(b, "tls13_note", cb->tls13_note);
    } else {
        add_var(b, "tls_protocols", "TLSv1.3,TLSv1.2");
        if (!a->jdk.new_stack && (!txa_jdk_generation(&a->jdk) || (a->jdk.feature == 8 && a->jdk.update < 0)))
            add_var(b, "tls13_note", " (TLSv1.3 needs Java 11, or 8u261 and later: on an older Java set TLSv1.2 only)");
    }
}

static void context_vars(tx_analysis *a, const txi_conn *c, txr_binding *b, ctx_buf *cb)
{
    const txi_event *leaf = NULL, *top = NULL;
    const char *wrapper_ts = NULL;
    unsigned nchain = 0;
    const char *want = c && c->role == TXI_ROLE_SERVER ? "client" : "server";
    for (const txi_event *e = c ? c->first : NULL; e; e = e->next) {
        switch (e->type) {
        case TXE_TARGET:
        case TXE_CONNECTION:
            add_var(b, "host", txi_ev_str(e, TXF_HOST));
            add_var(b, "port", txi_ev_str(e, TXF_PORT));
            add_var(b, "url", txi_ev_str(e, TXF_URL));
            break;
        case TXE_SNI:
            add_var(b, "sni", txi_ev_str(e, TXF_NAME));
            break;
        case TXE_CERTIFICATE: {
            const char *src = txi_ev_str(e, TXF_SOURCE);
            if (src && strcmp(src, want) != 0 && strcmp(src, "peer") != 0)
                break;
            if (txi_ev_int(e, TXF_POSITION, -1) == 0) {
                leaf = e;
                nchain = 0;
            }
            top = e;
            nchain++;
            break;
        }
        case TXE_ALERT:
            if (txi_ev_is(e, TXF_LEVEL, "fatal")) {
                add_var(b, "alert", txi_ev_str(e, TXF_DESCRIPTION));
                add_var(b, "alert_origin", txi_ev_str(e, TXF_ORIGIN));
            }
            break;
        case TXE_EXCEPTION:
            add_var(b, "exception", txi_ev_str(e, TXF_MESSAGE));
            add_var(b, "exception_class", txi_ev_str(e, TXF_CLASS));
            add_var(b, "root_cause", txi_ev_str(e, TXF_ROOT));
            break;
        case TXE_NOTICE:
            /* an application server's message names the peer, the signer it
             * refused and the trust store of its SSL configuration (wrapper.c) */
            if (txi_ev_str(e, TXF_HOST) && !txr_binding_var(b, "host")) {
                add_var(b, "host", txi_ev_str(e, TXF_HOST));
                add_var(b, "port", txi_ev_str(e, TXF_PORT));
            }
            if (txi_ev_str(e, TXF_SUBJECT) && !txr_binding_var(b, "signer"))
                add_var(b, "signer", txi_ev_str(e, TXF_SUBJECT));
            if (txi_ev_str(e, TXF_PATH) && !wrapper_ts)
                wrapper_ts = txi_ev_str(e, TXF_PATH);
            break;
        case TXE_NEGOTIATED:
            add_var(b, "version", txi_ev_str(e, TXF_VERSION));
            add_var(b, "cipher", txi_ev_str(e, TXF_CIPHER));
            break;
        default:
            break;
        }
    }
    /* The SNI name stands in for a host the log does not state. */
    const txr_var *sni = txr_binding_var(b, "sni");
    if (sni)
        txr_bind_var(b, "host", sni->val, sni->n);
    if (a->opt.host)
        add_var(b, "host", a->opt.host);
    /* the connection does not name its server: the one server the whole log
     * names (a URL, a "Connecting to" line), if there is exactly one */
    if (!txr_binding_var(b, "host") && a->nseen == 1 && !a->seen_full) {
        add_var(b, "host", a->seen[0].host);
        if (a->seen[0].port[0] != '-')
            add_var(b, "port", a->seen[0].port);
        if (a->seen[0].line) { /* the line that proves it */
            snprintf(cb->target_line, sizeof cb->target_line, "%llu", (unsigned long long)a->seen[0].line);
            add_var(b, "target_line", cb->target_line);
        }
    }
    /* ... or does not say the port: the port the log gives that host elsewhere */
    const txr_var *hv = txr_binding_var(b, "host");
    for (unsigned i = 0; hv && !txr_binding_var(b, "port") && i < a->nseen; i++)
        if (strlen(a->seen[i].host) == hv->n && strncasecmp(a->seen[i].host, hv->val, hv->n) == 0 &&
            a->seen[i].port[0] != '-') {
            add_var(b, "port", a->seen[i].port);
            if (a->seen[i].line && !txr_binding_var(b, "target_line")) {
                snprintf(cb->target_line, sizeof cb->target_line, "%llu", (unsigned long long)a->seen[i].line);
                add_var(b, "target_line", cb->target_line);
            }
        }
    if (leaf) {
        add_var(b, "leaf_subject", txi_ev_str(leaf, TXF_SUBJECT));
        add_var(b, "leaf_issuer", txi_ev_str(leaf, TXF_ISSUER));
        add_var(b, "leaf_not_after", txi_ev_str(leaf, TXF_NOT_AFTER));
        const char *subj = txi_ev_str(leaf, TXF_SUBJECT);
        if (subj) {
            txi_sv cn = txi_dn_cn(subj, strlen(subj));
            if (cn.n)
                txr_bind_var(b, "leaf_cn", cn.p, cn.n);
            if (cn.n && !txr_binding_var(b, "host") && !memchr(cn.p, '*', cn.n))
                txr_bind_var(b, "host", cn.p, cn.n);
        }
    }
    if (top) {
        add_var(b, "top_subject", txi_ev_str(top, TXF_SUBJECT));
        add_var(b, "top_issuer", txi_ev_str(top, TXF_ISSUER));
        snprintf(cb->chain_len, sizeof cb->chain_len, "%u", nchain);
        add_var(b, "chain_len", cb->chain_len);
    }
    /* the truststore really used: the last one loaded without an error */
    const char *ts = NULL, *ts_type = NULL, *ts_count = NULL, *ks = NULL;
    for (const txi_event *g = txi_parser_globals(a->p); g; g = g->next) {
        if (g->type == TXE_TRUSTSTORE && txi_ev_str(g, TXF_PATH) && !txi_ev_str(g, TXF_ERROR)) {
            ts = txi_ev_str(g, TXF_PATH);
            ts_type = txi_ev_str(g, TXF_STORE_TYPE);
            ts_count = txi_ev_str(g, TXF_COUNT);
        } else if (g->type == TXE_TRUSTSTORE && txi_ev_is(g, TXF_ERROR, "inaccessible")) {
            add_var(b, "truststore_requested", txi_ev_str(g, TXF_PATH));
        } else if (g->type == TXE_KEYSTORE && txi_ev_str(g, TXF_PATH) && *txi_ev_str(g, TXF_PATH)) {
            ks = txi_ev_str(g, TXF_PATH);
        }
    }
    if (!ts && a->cmd_truststore[0]) {
        ts = a->cmd_truststore; /* -Djavax.net.ssl.trustStore=... on the command line */
        snprintf(cb->truststore_line, sizeof cb->truststore_line, "%llu", (unsigned long long)a->cmd_truststore_line);
        add_var(b, "truststore_line", cb->truststore_line);
    }
    if (!ts)
        ts = wrapper_ts;
    if (!ks && a->cmd_keystore[0]) {
        ks = a->cmd_keystore;
        snprintf(cb->keystore_line, sizeof cb->keystore_line, "%llu", (unsigned long long)a->cmd_keystore_line);
        add_var(b, "keystore_line", cb->keystore_line);
    }
    /* Only what the log shows: the truststore, keystore and port have no
     * default here; an unknown one renders as a placeholder with a note that
     * says how to find it out (txa_render). */
    add_var(b, "truststore", ts);
    add_var(b, "truststore_seen", ts);
    if (ts)
        txa_jdk_line(&a->jdk, 0, ts, strlen(ts));
    if (ks)
        txa_jdk_line(&a->jdk, 0, ks, strlen(ks));
    /* an integration agent's own JRE reveals its install directory */
    const char *ia = ts ? strstr(ts, "ntegrationagent") : NULL;
    const char *jre = ia ? strstr(ia, "/jre/") : NULL;
    if (!jre && ia)
        jre = strstr(ia, "\\jre\\");
    if (jre && (size_t)(jre - ts) < sizeof cb->iahome) {
        memcpy(cb->iahome, ts, (size_t)(jre - ts));
        cb->iahome[jre - ts] = '\0';
        add_var(b, "iahome", cb->iahome);
    }
    add_var(b, "truststore_type", ts_type);
    add_var(b, "truststore_count", ts_count);
    add_var(b, "keystore", ks);
    jdk_vars(a, b, cb);
    java_home_vars(b, ts, cb->home, sizeof cb->home, cb->keytool, sizeof cb->keytool);
    if (cb->home[0]) {
        char sep = strchr(cb->home, '\\') && !strchr(cb->home, '/') ? '\\' : '/';
        snprintf(cb->cacerts, sizeof cb->cacerts, "%s%clib%csecurity%ccacerts", cb->home, sep, sep, sep);
        add_var(b, "cacerts", cb->cacerts);
    } else if (txr_binding_var(b, "jdk")) {
        /* the layout of the generation the log shows (Java 8: jre/; the facts table) */
        const struct txr_jdk_facts *jf = a->rs ? a->rs->jdk : NULL;
        const char *rel = txr_jdk_fact_get(jf, a->jdk.le8 ? "cacerts-jre-layout" : "cacerts-modular-layout", "value");
        snprintf(cb->cacerts, sizeof cb->cacerts, "$JAVA_HOME/%s",
                 rel ? rel : a->jdk.le8 ? "jre/lib/security/cacerts" : "lib/security/cacerts");
        add_var(b, "cacerts", cb->cacerts);
    }
    const txr_var *h = txr_binding_var(b, "host");
    if (h) {
        size_t n = h->n < 100 ? h->n : 100;
        snprintf(cb->alias, sizeof cb->alias, "%.*s-ca", (int)n, h->val);
        add_var(b, "alias", cb->alias);
    }
    if (!txr_binding_var(b, "port")) {
        const txr_var *u = txr_binding_var(b, "url");
        char ub[16];
        if (u) {
            size_t k = u->n < sizeof ub - 1 ? u->n : sizeof ub - 1;
            memcpy(ub, u->val, k);
            ub[k] = '\0';
            add_var(b, "port", scheme_port(ub));
        }
    }
    int64_t lt = txi_parser_log_time(a->p);
    if (lt != TXI_NO_TIME) {
        txi_format_time(lt, cb->logtime, sizeof cb->logtime);
        add_var(b, "log_time", cb->logtime);
    }
}

/* ---- findings ------------------------------------------------------------------- */

static char *xstrndup(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static txa_finding *finding_for(tx_analysis *a, unsigned ri, int *isnew)
{
    for (unsigned i = 0; i < a->nfind; i++)
        if (a->findings[i].rule_index == ri) {
            *isnew = 0;
            return &a->findings[i];
        }
    if (a->nfind >= TX_MAX_FINDINGS) {
        a->findings_dropped++;
        return NULL;
    }
    *isnew = 1;
    txa_finding *f = &a->findings[a->nfind++];
    memset(f, 0, sizeof *f);
    f->rule_index = ri;
    f->rule = a->rs->rules[ri];
    f->superseded_by = -1;
    return f;
}

static int cmp_line(const void *x, const void *y)
{
    const txi_line *a = *(const txi_line *const *)x, *b = *(const txi_line *const *)y;
    return a->no < b->no ? -1 : a->no > b->no;
}

static void record(tx_analysis *a, unsigned ri, int score, txr_binding *b, const txi_conn *c)
{
    int isnew;
    txa_finding *f = finding_for(a, ri, &isnew);
    if (!f)
        return;
    f->conns++;
    if (a->cur_tls)
        f->in_tls_conn = 1;
    if (!isnew) {
        if (score > f->score)
            f->score = score;
        return;
    }
    f->score = score;
    f->first_conn = c ? c->id : 0;
    qsort(b->lines, b->nlines, sizeof b->lines[0], cmp_line);
    for (unsigned i = 0; i < b->nlines && f->nev < TX_MAX_EVIDENCE; i++) {
        f->ev[f->nev].line = b->lines[i]->no;
        f->ev[f->nev].text = xstrndup(b->lines[i]->text, b->lines[i]->len);
        f->ev[f->nev].cut = b->lines[i]->cut;
        f->nev++;
    }
    f->vars = calloc(b->nvars ? b->nvars : 1, sizeof *f->vars);
    for (unsigned i = 0; f->vars && i < b->nvars; i++) {
        f->vars[f->nvars].name = xstrndup(b->vars[i].name, strlen(b->vars[i].name));
        f->vars[f->nvars].val = xstrndup(b->vars[i].val, b->vars[i].n);
        f->nvars++;
    }
}

/* ---- per-connection literal scan ------------------------------------------------ */

static void mark_present(void *ud, unsigned lit, uint64_t end)
{
    (void)end;
    uint8_t **pp = ud;
    pp[0][((const unsigned *)(void *)pp[1])[lit]] = 1;
}

static int blob_add(tx_analysis *a, size_t *n, const char *s, size_t len)
{
    if (*n + len + 1 > a->blobcap) {
        size_t cap = a->blobcap ? a->blobcap : 65536;
        while (cap < *n + len + 1)
            cap *= 2;
        if (cap > (8u << 20))
            return -1; /* unusually large: give up the prefilter for this scan */
        char *b = realloc(a->blob, cap);
        if (!b)
            return -1;
        a->blob = b;
        a->blobcap = cap;
    }
    memcpy(a->blob + *n, s, len);
    a->blob[*n + len] = '\n'; /* literals never contain a newline: no match spans two fields */
    *n += len + 1;
    return 0;
}

/* Scan the text (source lines and field values) of events [from, to) into
 * present; returns the last event scanned.  On overflow marks everything. */
static const txi_event *scan_events(tx_analysis *a, const txi_event *e, uint8_t *present)
{
    const tx_ruleset *rs = a->rs;
    size_t n = 0;
    const txi_event *last = NULL;
    for (; e; e = e->next) {
        last = e;
        int bad = e->src && blob_add(a, &n, e->src->text, e->src->len);
        for (unsigned i = 0; !bad && i < e->nfields; i++)
            bad = blob_add(a, &n, e->fields[i].val, e->fields[i].len);
        if (bad) {
            memset(present, 1, rs->ntests);
            return NULL;
        }
    }
    uint8_t *pp[2] = {present, (uint8_t *)(void *)rs->lit2test};
    if (n)
        txr_litscan_block(a->test_sc, a->blob, n, mark_present, pp);
    return last;
}

/* Which tests' literals occur in the connection, the log-wide events and
 * the orphan matches?  NULL when the prefilter is off or unavailable. */
static const uint8_t *presence(tx_analysis *a, const txi_conn *c)
{
    const tx_ruleset *rs = a->rs;
    if (!a->test_sc || !rs->ntests || a->prefilter_off)
        return NULL;
    /* log-wide events only grow within an epoch: scan the new ones into gpresent */
    if (txi_parser_epoch(a->p) != a->gepoch) {
        a->gepoch = txi_parser_epoch(a->p);
        a->gscanned = NULL;
        memset(a->gpresent, 0, rs->ntests);
        a->oscanned = NULL; /* orphans are rescanned with the new epoch */
    }
    const txi_event *g = a->gscanned ? a->gscanned->next : txi_parser_globals(a->p);
    if (g) {
        const txi_event *last = scan_events(a, g, a->gpresent);
        if (last)
            a->gscanned = last;
    }
    const txi_event *o = a->oscanned ? a->oscanned->next : a->orphans;
    if (o) {
        const txi_event *last = scan_events(a, o, a->gpresent);
        if (last)
            a->oscanned = last;
    }
    memcpy(a->present, a->gpresent, rs->ntests);
    if (c)
        scan_events(a, c->first, a->present);
    return a->present;
}

static void evaluate(tx_analysis *a, const txi_conn *c)
{
    const tx_ruleset *rs = a->rs;
    if (!rs)
        return;
    txr_ctx ctx = {{c ? c->first : NULL, txi_parser_globals(a->p), a->orphans}, rs->lm, presence(a, c), &a->budget, 0};
    for (unsigned i = 0; i < rs->n; i++) {
        const txr_rule *r = rs->rules[i];
        if (txr_budget_off(&a->budget, i))
            continue; /* switched off by the regex budget: it fires no more */
        ctx.rule = i;
        txr_binding b;
        b.nlines = b.nevents = b.nvars = 0;
        if (!txr_eval(r->when, &ctx, &b))
            continue;
        int score = r->confidence;
        for (unsigned k = 0; k < r->nadjust; k++) {
            txr_binding tmp;
            tmp.nlines = tmp.nevents = tmp.nvars = 0;
            if (txr_eval(r->adjust[k].when, &ctx, &tmp))
                score += r->adjust[k].by;
        }
        /* switched off during this very evaluation: a stopped search counted
         * as "no match" may have made a `not` hold, so do not trust it */
        if (txr_budget_off(&a->budget, i))
            continue;
        score = score < 0 ? 0 : score > 100 ? 100 : score;
        ctx_buf cb;
        memset(&cb, 0, sizeof cb);
        context_vars(a, c, &b, &cb);
        record(a, i, score, &b, c);
    }
}

/* The fact "jdk" of a connection: what the log has proved so far. */
static void jdk_fact(tx_analysis *a, txi_conn *c)
{
    if (txi_parser_stats(a->p)->dialect_lines[TXI_DIALECT_LEGACY])
        txa_jdk_old_stack(&a->jdk);
    if (txi_parser_stats(a->p)->dialect_lines[TXI_DIALECT_JDK11])
        txa_jdk_new_stack(&a->jdk);
    txr_fact_jdk(c, a->jdk.feature, a->jdk.le8, a->jdk.text);
}

static void on_retire(void *ud, txi_conn *c)
{
    tx_analysis *a = ud;
    a->conns++;
    if (c->flags & TXC_FINISHED)
        a->completed++;
    if (c->flags & TXC_FAILED)
        a->failed++;
    int64_t lt = txi_parser_log_time(a->p);
    if (lt == TXI_NO_TIME && a->opt.now)
        lt = a->opt.now;
    txr_compute_facts(c, txi_parser_globals(a->p), lt, a->opt.host);
    jdk_fact(a, c);
    a->cur_tls = 0;
    for (const txi_event *e = c->first; e && !a->cur_tls; e = e->next)
        a->cur_tls = e->type == TXE_FACT && txi_ev_is(e, TXF_NAME, "tls_started");
    a->tls_seen |= a->cur_tls;
    evaluate(a, c);
    a->cur_tls = 0;
    if (a->nkept < TX_MAX_KEPT_CONNS && a->kept_bytes + c->arena.used <= TX_MAX_KEPT_BYTES) {
        a->kept[a->nkept++] = c;
        a->kept_bytes += c->arena.used;
    } else {
        a->dropped_kept++;
        txi_conn_free(c);
    }
}

/* ---- public API -------------------------------------------------------------------- */

tx_status tx_analysis_new(const tx_ruleset *rs, const tx_options *opt, const char *name, tx_analysis **out)
{
    tx_analysis *a = calloc(1, sizeof *a);
    if (!a)
        return TX_ENOMEM;
    a->rs = rs;
    if (opt)
        a->opt = *opt;
    a->name = strdup(name ? name : "-");
    a->findings = calloc(TX_MAX_FINDINGS, sizeof *a->findings);
    a->outr = calloc(1, sizeof *a->outr);
    txi_arena_init(&a->orphan_arena, 1u << 20);
    txi_sink sink = {a, on_event, on_retire, on_line};
    a->p = txi_parser_new(a->name, &sink);
    a->pf = rs && rs->pf ? txr_pfscan_new(rs->pf) : NULL;
    if (rs && rs->test_ls) {
        a->test_sc = txr_litscan_new(rs->test_ls);
        a->present = calloc(rs->ntests, 1);
        a->gpresent = calloc(rs->ntests, 1);
        if (!a->test_sc || !a->present || !a->gpresent) {
            tx_analysis_free(a);
            return TX_ENOMEM;
        }
    }
    if (txr_budget_init(&a->budget, rs ? rs->n : 0) != 0) {
        tx_analysis_free(a);
        return TX_ENOMEM;
    }
    if (a->opt.profile)
        a->profile = strdup(a->opt.profile);
    if (!a->name || !a->findings || !a->outr || !a->p || (rs && rs->pf && !a->pf) || (a->opt.profile && !a->profile)) {
        tx_analysis_free(a);
        return TX_ENOMEM;
    }
    *out = a;
    return TX_OK;
}

void tx_analysis_free(tx_analysis *a)
{
    if (!a)
        return;
    txi_parser_free(a->p);
    for (unsigned i = 0; i < a->nkept; i++)
        txi_conn_free(a->kept[i]);
    for (unsigned i = 0; a->findings && i < a->nfind; i++) {
        txa_finding *f = &a->findings[i];
        for (unsigned k = 0; k < f->nev; k++)
            free(f->ev[k].text);
        for (unsigned k = 0; k < f->nvars; k++) {
            free(f->vars[k].name);
            free(f->vars[k].val);
        }
        free(f->vars);
    }
    free(a->findings);
    free(a->outr);
    txr_pfscan_free(a->pf);
    txr_litscan_free(a->test_sc);
    free(a->present);
    free(a->gpresent);
    free(a->blob);
    txr_budget_free(&a->budget);
    if (a->rdump)
        fclose(a->rdump);
    free(a->rdump_buf);
    txo_redactor_free(a->redactor);
    txi_arena_free(&a->orphan_arena);
    free(a->profile);
    free(a->name);
    free(a);
}

void txa_disable_prefilter(tx_analysis *a)
{
    if (a->pf)
        txr_prefilter_disable(a->pf, 1);
    a->prefilter_off = 1;
}

void tx_analysis_dump_events(tx_analysis *a, tx_format f, FILE *out)
{
    a->dump = out;
    a->dumpfmt = f;
    if (a->opt.redact && !a->redactor) {
        a->redactor = txo_redactor_new();
        a->rdump = a->redactor ? open_memstream(&a->rdump_buf, &a->rdump_len) : NULL;
        if (a->opt.host) /* --host */
            txo_redact_learn(a->redactor, TXO_RD_HOST, a->opt.host, strlen(a->opt.host));
    }
}

tx_status tx_analysis_feed(tx_analysis *a, const char *buf, size_t len)
{
    if (a->finished)
        return TX_EINVAL;
    if (a->pf)
        txr_prefilter_feed(a->pf, buf, len); /* all literals of the chunk, before its lines */
    txi_parser_feed(a->p, buf, len);
    return TX_OK;
}

unsigned long long tx_analysis_bytes(const tx_analysis *a) { return txi_parser_stats(a->p)->bytes; }

/* the score a network finding keeps when another connection reached TLS */
#define TXA_DEMOTED_SCORE 30

static int kind_rank(txr_kind k) { return k == TXR_KIND_CAUSE ? 0 : k == TXR_KIND_RISK ? 1 : 2; }

static int cmp_finding(const void *x, const void *y)
{
    const txa_finding *a = x, *b = y;
    int ka = kind_rank(a->rule->kind), kb = kind_rank(b->rule->kind);
    if (ka != kb)
        return ka - kb;
    if (a->score != b->score)
        return b->score - a->score;
    return strcmp(a->rule->id, b->rule->id);
}

static void supersede(tx_analysis *a)
{
    for (unsigned i = 0; i < a->nfind; i++) {
        const txr_rule *r = a->findings[i].rule;
        for (unsigned s = 0; s < r->nsupersedes; s++)
            for (unsigned k = 0; k < a->nfind; k++)
                if (k != i && a->findings[k].superseded_by < 0 && strcmp(a->findings[k].rule->id, r->supersedes[s]) == 0)
                    a->findings[k].superseded_by = (int)a->findings[i].rule_index;
    }
}

/* The most specific evidence wins across connections too: when any
 * connection of the log got as far as TLS, a connect or DNS failure of
 * another attempt (an earlier retry, a second host) does not explain the
 * TLS failure the log shows, so it ranks below the TLS findings.  A network
 * finding of a connection that reached TLS itself (no answer to the
 * ClientHello) keeps its score: the transport rules demote themselves there
 * (their `adjust`). */
static void demote_network(tx_analysis *a)
{
    if (!a->tls_seen)
        return;
    int tls_cause = 0;
    for (unsigned i = 0; i < a->nfind; i++)
        if (a->findings[i].rule->kind == TXR_KIND_CAUSE && a->findings[i].superseded_by < 0 &&
            strcmp(a->findings[i].rule->category, "network") != 0)
            tls_cause = 1;
    if (!tls_cause)
        return;
    for (unsigned i = 0; i < a->nfind; i++)
        if (strcmp(a->findings[i].rule->category, "network") == 0 && !a->findings[i].in_tls_conn &&
            a->findings[i].score > TXA_DEMOTED_SCORE)
            a->findings[i].score = TXA_DEMOTED_SCORE;
}

static void detect_profile(tx_analysis *a)
{
    if (a->profile)
        return;
    for (unsigned i = 0; i < a->nfind; i++) {
        if (strcmp(a->findings[i].rule->id, "xmatters-integration-agent") == 0) {
            a->profile = strdup("ia");
            a->profile_detected = 1;
            return;
        }
    }
}

tx_status tx_analysis_finish(tx_analysis *a)
{
    if (a->finished)
        return TX_OK;
    txi_parser_finish(a->p);
    a->finished = 1;
    /* A log with no connection at all: evaluate once on the log-wide events,
     * with the facts they support. */
    if (!a->conns && (txi_parser_globals(a->p) || a->orphans)) {
        txi_conn *c = txi_conn_detached();
        if (!c)
            return TX_ENOMEM;
        int64_t lt = txi_parser_log_time(a->p);
        txr_compute_facts(c, txi_parser_globals(a->p), lt != TXI_NO_TIME ? lt : a->opt.now ? a->opt.now : TXI_NO_TIME,
                          a->opt.host);
        jdk_fact(a, c);
        evaluate(a, c);
        txi_conn_free(c);
    }
    supersede(a);
    demote_network(a);
    qsort(a->findings, a->nfind, sizeof *a->findings, cmp_finding);
    detect_profile(a);

    int cause = 0;
    for (unsigned i = 0; i < a->nfind; i++)
        if (a->findings[i].rule->kind == TXR_KIND_CAUSE && a->findings[i].superseded_by < 0)
            cause = 1;
    if (cause)
        a->verdict = TX_VERDICT_FAILURE;
    else if (a->failed)
        a->verdict = TX_VERDICT_UNKNOWN;
    else if (a->completed)
        a->verdict = TX_VERDICT_SUCCESS;
    else
        a->verdict = TX_VERDICT_UNKNOWN;
    flush_redacted_dump(a);
    return TX_OK;
}

tx_verdict tx_analysis_verdict(const tx_analysis *a) { return a->verdict; }

const char *tx_analysis_top_category(const tx_analysis *a)
{
    for (unsigned i = 0; i < a->nfind; i++)
        if (a->findings[i].rule->kind == TXR_KIND_CAUSE && a->findings[i].superseded_by < 0)
            return a->findings[i].rule->category;
    return NULL;
}

int txa_fired(const tx_analysis *a, unsigned rule_index)
{
    for (unsigned i = 0; i < a->nfind; i++)
        if (a->findings[i].rule_index == rule_index)
            return 1;
    return 0;
}

const char *txa_var_get(const txa_finding *f, const char *name)
{
    for (unsigned i = 0; i < f->nvars; i++)
        if (strcmp(f->vars[i].name, name) == 0)
            return f->vars[i].val;
    return NULL;
}

/* ---- templates ---------------------------------------------------------------------- */

static const char *profile_var(const tx_analysis *a, const txa_finding *f, const char *name)
{
    if (a->profile && strcmp(a->profile, "ia") == 0) {
        if (strcmp(name, "keytool") == 0)
            return "<IAHOME>/jre/bin/keytool";
        if (strcmp(name, "cacerts") == 0)
            return "<IAHOME>/jre/lib/security/cacerts";
        if (strcmp(name, "truststore") == 0) {
            const char *t = txa_var_get(f, "truststore");
            if (!t || !strstr(t, "ntegrationagent"))
                return "<IAHOME>/jre/lib/security/cacerts";
        }
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

static size_t put_notes(const txa_finding *f, unsigned want, char *out, size_t n, size_t cap)
{
    char dc[256];
    default_cacerts(f, dc, sizeof dc);
    const char *sep = " (";
    int ended = n > 0 && out[n - 1] == '.';
    if (ended)
        n--;
#define NOTE(...)                                                                                  \
    do {                                                                                           \
        int k_ = snprintf(out + n, cap + 1 - n, "%s", sep);                                        \
        n += k_ > 0 && (size_t)k_ < cap + 1 - n ? (size_t)k_ : 0;                                   \
        k_ = snprintf(out + n, cap + 1 - n, __VA_ARGS__);                                          \
        n += k_ > 0 && (size_t)k_ < cap + 1 - n ? (size_t)k_ : 0;                                   \
        sep = "; ";                                                                                \
    } while (0)
    /* short, and no parentheses inside a note: the notes are one parenthesis */
    if ((want & (1u << N_HOST)) && (want & (1u << N_PORT)))
        NOTE("`<host>`, `<port>`: the server, not in this log: the host and port of the URL the program calls, "
             "443 for https:// without a port; `-Djavax.net.debug=ssl:handshake` shows the server_name sent");
    else if (want & (1u << N_HOST))
        NOTE("`<host>`: the server's name, not in this log: the host of the URL the program calls; "
             "`-Djavax.net.debug=ssl:handshake` shows the server_name sent");
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
                    PUT(v, vl);
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
        PUT(p, 1);
        p++;
    }
#undef PUT
    out[n] = '\0';
    /* a template's own <password> (the store's password, never in a log) */
    if (strstr(out, "<password>") && !strstr(out, "`<password>` is") && !strstr(out, "`<password>`:"))
        want |= 1u << N_PASSWORD;
    if (want && !cut)
        n = put_notes(f, want, out, n, cap);
    if (cut) /* over TX_MAX_TEMPLATE_OUT: say so where it was cut */
        memcpy(out + cap - 3, "...", 3);
    out[n] = '\0';
    /* profile steps say <IAHOME>; when the log shows the agent's directory, use it */
    const char *iahome = a->profile && !strcmp(a->profile, "ia") ? txa_var_get(f, "iahome") : NULL;
    if (iahome && strstr(out, "<IAHOME>")) {
        size_t hl = strlen(iahome), cnt = 0;
        for (const char *q = out; (q = strstr(q, "<IAHOME>")); q += 8)
            cnt++;
        char *r = malloc(n + cnt * hl + 1);
        if (r) {
            char *w = r;
            for (const char *q = out, *hit;; q = hit + 8) {
                hit = strstr(q, "<IAHOME>");
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
    if (a->outr->r) {
        char *m = txo_redact_str(a->outr->r, out);
        free(out);
        out = m;
    }
    return out;
}

void txa_steps(const tx_analysis *a, const txa_finding *f, char *const **steps, unsigned *n)
{
    const txr_rule *r = f->rule;
    for (unsigned i = 0; a->profile && i < r->nprofiles; i++) {
        if (strcmp(r->profiles[i].profile, a->profile) == 0) {
            *steps = r->profiles[i].steps;
            *n = r->profiles[i].nsteps;
            return;
        }
    }
    *steps = r->steps;
    *n = r->nsteps;
}
