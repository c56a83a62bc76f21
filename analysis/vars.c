/*
 * vars.c - what the whole log proves, as the variables templates render:
 * the servers it names (URLs, "Connecting to" targets), the stores of a
 * command line, the Java that wrote it (jdk.c), and per connection the host,
 * port, chain, alert, exception, truststore and keystore.  Only what the
 * log shows: an unknown value renders as a placeholder with a note
 * (render.c).
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

/* ---- facts of the whole log ------------------------------------------------------ */

static const char *scheme_port(const char *url);

/* Remember a server the log names (host and port); a port of 0 length
 * remembers the host only. */
void txa_seen_target(tx_analysis *a, const char *h, size_t hn, const char *pt, size_t pn, uint64_t line)
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
        txa_seen_target(a, h, (size_t)(he - h), pt, pn, no);
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

void txa_sniff_line(tx_analysis *a, uint64_t no, const char *t, size_t n)
{
    if (a->jdk.rank < 3)
        txr_jdk_line(&a->jdk, no, t, n);
    if (!a->seen_full && txi_memmem_at(t, n, "://", 3, 1))
        sniff_urls(a, no, t, n);
    if (txi_memmem_at(t, n, "-Djavax.net.ssl.", 16, 1))
        sniff_store_props(a, no, t, n);
}

/* ---- context variables ------------------------------------------------------ */

/* While the variables of a connection are made for the cache (below), every
 * name they look up or bind sets a bit of this set (a hash bit a name): a
 * rule's own variable whose bit is clear cannot change what they do. */
static _Thread_local uint64_t *ctx_trace;

static unsigned name_bit(const char *s)
{
    uint32_t h = txi_fnv1a(s, strlen(s), TXI_FNV1A_INIT);
    return (h ^ (h >> 12) ^ (h >> 24)) & 4095;
}

static void trace_name(const char *name)
{
    if (ctx_trace) {
        unsigned k = name_bit(name);
        ctx_trace[k >> 6] |= 1ull << (k & 63);
    }
}

static const txr_var *bvar(const txr_binding *b, const char *name)
{
    trace_name(name);
    return txr_binding_var(b, name);
}

static void bset(txr_binding *b, const char *name, const char *val, size_t n)
{
    trace_name(name);
    txr_bind_var(b, name, val, n);
}

static void add_var(txr_binding *b, const char *name, const char *val)
{
    if (val && *val)
        bset(b, name, val, strlen(val));
}

/* Each profile's install directory (vocab.h: `home`): the group `home` of
 * its pattern on the variable it names, bound as its variable (the
 * capture points into that variable's value, which outlives the binding). */
static void profile_homes(tx_analysis *a, txr_binding *b)
{
    const txr_vocab *v = a->rs ? &a->rs->voc : NULL;
    for (unsigned i = 0; v && i < v->nprofs; i++) {
        const txr_profile *pr = v->profs[i];
        const txr_var *from = pr->home_re ? bvar(b, pr->home_from) : NULL;
        if (!from || bvar(b, pr->home_var))
            continue;
        txr_capture caps[8];
        unsigned nc = 0;
        if (txr_pattern_match(a->budget.m, pr->home_re, from->val, from->n, caps, 8, &nc) != TXR_MATCH)
            continue;
        for (unsigned k = 0; k < nc; k++)
            if (!strcmp(caps[k].name, "home") && caps[k].n && caps[k].n <= TX_MAX_PROFILE_HOME)
                bset(b, pr->home_var, caps[k].s, caps[k].n);
    }
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
const txr_jdk *txa_jdk_so_far(tx_analysis *a)
{
    if (txi_parser_stats(a->p)->dialect_lines[TXI_DIALECT_LEGACY])
        txr_jdk_old_stack(&a->jdk);
    if (txi_parser_stats(a->p)->dialect_lines[TXI_DIALECT_JDK11])
        txr_jdk_new_stack(&a->jdk);
    return &a->jdk;
}

/* A CN that names a host: letters, digits, '-' and '.', with a dot between
 * labels (or "localhost"); no wildcard. */
static int cn_is_host(txi_sv cn)
{
    if (cn.n == 9 && strncasecmp(cn.p, "localhost", 9) == 0)
        return 1;
    int dot = 0;
    for (size_t i = 0; i < cn.n; i++) {
        char c = cn.p[i];
        if (c == '.')
            dot |= i > 0 && i + 1 < cn.n;
        else if (!isalnum((unsigned char)c) && c != '-')
            return 0;
    }
    return dot;
}

static void jdk_vars(tx_analysis *a, txr_binding *b, txa_ctx_buf *cb)
{
    const struct txr_jdk_facts *jf = a->rs ? a->rs->jdk : NULL;
    txa_jdk_so_far(a);
    int gen = txr_jdk_generation(&a->jdk);
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
    int off = txr_jdk_disables_tls10(&a->jdk, jf, since, sizeof since);
    const char *who = a->jdk.text[0] ? a->jdk.text : cb->jdk;
    if (off == 1)
        snprintf(cb->tls10_note, sizeof cb->tls10_note, " This Java (%s) disables them by default, as every release since %s does.", who, since);
    else if (off == 0 && a->jdk.feature)
        snprintf(cb->tls10_note, sizeof cb->tls10_note, " This Java (%s) still enables them by default (they are off from %s).", who, since);
    else if (off == 0)
        snprintf(cb->tls10_note, sizeof cb->tls10_note, " The Java that wrote this log (its debug format predates 8u261) still enables them by default.");
    add_var(b, "jdk_tls10_note", cb->tls10_note);
    if (txr_jdk_lacks_tls13(&a->jdk, jf, cb->no_tls13, sizeof cb->no_tls13)) {
        add_var(b, "jdk_no_tls13", cb->no_tls13);
        add_var(b, "tls_protocols", "TLSv1.2");
        snprintf(cb->tls13_note, sizeof cb->tls13_note,
                 " (not TLSv1.3: %s has none; it came with 8u261 and Java 11)", cb->no_tls13);
        add_var(b, "tls13_note", cb->tls13_note);
    } else {
        add_var(b, "tls_protocols", "TLSv1.3,TLSv1.2");
        if (!a->jdk.new_stack && (!txr_jdk_generation(&a->jdk) || (a->jdk.feature == 8 && a->jdk.update < 0)))
            add_var(b, "tls13_note", " (TLSv1.3 needs Java 11, or 8u261 and later: on an older Java set TLSv1.2 only)");
    }
}

/* The stores a connection's report names: the truststore really used (the
 * last one loaded without an error, else the command line's, else an
 * application server's), the first one that could not be read, the keystore. */
typedef struct {
    const char *ts, *ts_type, *ts_count, *requested, *ks;
    int ts_cmd, ks_cmd; /* from -Djavax.net.ssl.trustStore / keyStore on the command line */
} used_stores;

static void stores_used(const tx_analysis *a, const char *wrapper_ts, used_stores *st)
{
    memset(st, 0, sizeof *st);
    for (const txi_event *g = txi_parser_globals(a->p); g; g = g->next) {
        if (g->type == TXE_TRUSTSTORE && txi_ev_str(g, TXF_PATH) && !txi_ev_str(g, TXF_ERROR)) {
            st->ts = txi_ev_str(g, TXF_PATH);
            st->ts_type = txi_ev_str(g, TXF_STORE_TYPE);
            st->ts_count = txi_ev_str(g, TXF_COUNT);
        } else if (g->type == TXE_TRUSTSTORE && txi_ev_is(g, TXF_ERROR, "inaccessible")) {
            if (!st->requested || !*st->requested) /* (the first one with a path: add_var's rule) */
                st->requested = txi_ev_str(g, TXF_PATH);
        } else if (g->type == TXE_KEYSTORE && txi_ev_str(g, TXF_PATH) && *txi_ev_str(g, TXF_PATH)) {
            st->ks = txi_ev_str(g, TXF_PATH);
        }
    }
    if (!st->ts && a->cmd_truststore[0]) {
        st->ts = a->cmd_truststore;
        st->ts_cmd = 1;
    }
    if (!st->ts)
        st->ts = wrapper_ts;
    if (!st->ks && a->cmd_keystore[0]) {
        st->ks = a->cmd_keystore;
        st->ks_cmd = 1;
    }
}

/* The store paths tell the Java too (a JDK 8 jre/lib/security, a versioned
 * directory): what the log proves so far grows with each report. */
static void stores_jdk(tx_analysis *a, const used_stores *st)
{
    if (st->ts)
        txr_jdk_line(&a->jdk, 0, st->ts, strlen(st->ts));
    if (st->ks)
        txr_jdk_line(&a->jdk, 0, st->ks, strlen(st->ks));
}

/* An application server's truststore (wrapper.c): the first notice with a path. */
static const char *wrapper_truststore(const txi_conn *c)
{
    for (const txi_event *e = c ? c->first : NULL; e; e = e->next)
        if (e->type == TXE_NOTICE && txi_ev_str(e, TXF_PATH))
            return txi_ev_str(e, TXF_PATH);
    return NULL;
}

void txa_context_effects(tx_analysis *a, const txi_conn *c)
{
    used_stores st;
    stores_used(a, wrapper_truststore(c), &st);
    stores_jdk(a, &st);
    txa_jdk_so_far(a);
}

void txa_context_vars(tx_analysis *a, const txi_conn *c, txr_binding *b, txa_ctx_buf *cb)
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
            if (txi_ev_str(e, TXF_HOST) && !bvar(b, "host")) {
                add_var(b, "host", txi_ev_str(e, TXF_HOST));
                add_var(b, "port", txi_ev_str(e, TXF_PORT));
            }
            if (txi_ev_str(e, TXF_SUBJECT) && !bvar(b, "signer"))
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
    const txr_var *sni = bvar(b, "sni");
    if (sni)
        bset(b, "host", sni->val, sni->n);
    if (a->opt.host)
        add_var(b, "host", a->opt.host);
    /* the connection does not name its server: the one server the whole log
     * names (a URL, a "Connecting to" line), if there is exactly one */
    if (!bvar(b, "host") && a->nseen == 1 && !a->seen_full) {
        add_var(b, "host", a->seen[0].host);
        if (a->seen[0].port[0] != '-')
            add_var(b, "port", a->seen[0].port);
        if (a->seen[0].line) { /* the line that proves it */
            snprintf(cb->target_line, sizeof cb->target_line, "%llu", (unsigned long long)a->seen[0].line);
            add_var(b, "target_line", cb->target_line);
        }
    }
    /* ... or does not say the port: the port the log gives that host elsewhere */
    const txr_var *hv = bvar(b, "host");
    for (unsigned i = 0; hv && !bvar(b, "port") && i < a->nseen; i++)
        if (strlen(a->seen[i].host) == hv->n && strncasecmp(a->seen[i].host, hv->val, hv->n) == 0 &&
            a->seen[i].port[0] != '-') {
            add_var(b, "port", a->seen[i].port);
            if (a->seen[i].line && !bvar(b, "target_line")) {
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
                bset(b, "leaf_cn", cn.p, cn.n);
            /* no host in the log: the leaf's CN, when it reads as a DNS name
               (a placeholder such as "Kubernetes Ingress Controller Fake
               Certificate" or a dotless label names no server to probe) */
            if (cn.n && !bvar(b, "host") && cn_is_host(cn))
                bset(b, "host", cn.p, cn.n);
        }
    }
    if (top) {
        add_var(b, "top_subject", txi_ev_str(top, TXF_SUBJECT));
        add_var(b, "top_issuer", txi_ev_str(top, TXF_ISSUER));
        snprintf(cb->chain_len, sizeof cb->chain_len, "%u", nchain);
        add_var(b, "chain_len", cb->chain_len);
    }
    used_stores st;
    stores_used(a, wrapper_ts, &st);
    add_var(b, "truststore_requested", st.requested);
    const char *ts = st.ts, *ts_type = st.ts_type, *ts_count = st.ts_count, *ks = st.ks;
    if (st.ts_cmd) {
        snprintf(cb->truststore_line, sizeof cb->truststore_line, "%llu", (unsigned long long)a->cmd_truststore_line);
        add_var(b, "truststore_line", cb->truststore_line);
    }
    if (st.ks_cmd) {
        snprintf(cb->keystore_line, sizeof cb->keystore_line, "%llu", (unsigned long long)a->cmd_keystore_line);
        add_var(b, "keystore_line", cb->keystore_line);
    }
    /* Only what the log shows: the truststore, keystore and port have no
     * default here; an unknown one renders as a placeholder with a note that
     * says how to find it out (txa_render). */
    add_var(b, "truststore", ts);
    add_var(b, "truststore_seen", ts);
    stores_jdk(a, &st);
    /* a product's own JRE reveals its install directory: each profile's
     * `home` (rules/tls/profiles.yaml), whatever the profile */
    profile_homes(a, b);
    add_var(b, "truststore_type", ts_type);
    add_var(b, "truststore_count", ts_count);
    add_var(b, "keystore", ks);
    jdk_vars(a, b, cb);
    java_home_vars(b, ts, cb->home, sizeof cb->home, cb->keytool, sizeof cb->keytool);
    if (cb->home[0]) {
        char sep = strchr(cb->home, '\\') && !strchr(cb->home, '/') ? '\\' : '/';
        snprintf(cb->cacerts, sizeof cb->cacerts, "%s%clib%csecurity%ccacerts", cb->home, sep, sep, sep);
        add_var(b, "cacerts", cb->cacerts);
    } else if (bvar(b, "jdk")) {
        /* the layout of the generation the log shows (Java 8: jre/; the facts table) */
        const struct txr_jdk_facts *jf = a->rs ? a->rs->jdk : NULL;
        const char *rel = txr_jdk_fact_get(jf, a->jdk.le8 ? "cacerts-jre-layout" : "cacerts-modular-layout", "value");
        snprintf(cb->cacerts, sizeof cb->cacerts, "$JAVA_HOME/%s",
                 rel ? rel : a->jdk.le8 ? "jre/lib/security/cacerts" : "lib/security/cacerts");
        add_var(b, "cacerts", cb->cacerts);
    }
    const txr_var *h = bvar(b, "host");
    if (h) {
        size_t n = h->n < 100 ? h->n : 100;
        snprintf(cb->alias, sizeof cb->alias, "%.*s-ca", (int)n, h->val);
        add_var(b, "alias", cb->alias);
    }
    if (!bvar(b, "port")) {
        const txr_var *u = bvar(b, "url");
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


/* ---- the context variables of one connection, made once -------------------------- */

/* A connection's context variables depend on the connection, on what the
 * log proved before it (fixed while its rules are evaluated), on the Java
 * the log shows (a->jdk, which the store paths they name may grow: their
 * effects) and on the rule's own variables only through the names they look
 * up or bind.  So the second rule that fires on a connection makes them
 * once on an empty binding, tracing those names, and every later one whose
 * own variables have none of them (and room for them all) gets the same
 * list appended, after the same effects, when the Java is then what it was
 * after they were made; any other firing makes them itself, as before. */
struct txa_ctx_cache {
    unsigned uses;     /* firings on the connection being evaluated */
    int made;          /* names, vars, jdk_after and cb hold */
    uint64_t names[64]; /* the names looked up or bound, a bit each (name_bit) */
    txr_var vars[TX_MAX_RULE_VARS];
    unsigned nvars;
    txr_jdk jdk_after; /* a->jdk once they were made (their effects included) */
    txa_ctx_buf cb;    /* the text of the values they made */
};

void txa_context_conn(tx_analysis *a)
{
    if (a->ctxc) {
        a->ctxc->uses = 0;
        a->ctxc->made = 0;
    }
}

void txa_context_free(tx_analysis *a)
{
    free(a->ctxc);
    a->ctxc = NULL;
}

static void context_vars_here(tx_analysis *a, const txi_conn *c, txr_binding *b, txa_ctx_buf *cb)
{
    memset(cb, 0, sizeof *cb);
    txa_context_vars(a, c, b, cb);
}

/* Can the cached list be appended to b?  None of b's names is one they
 * look up or bind, and no bind would meet TX_MAX_RULE_VARS. */
static int context_fits(const struct txa_ctx_cache *k, const txr_binding *b)
{
    if (b->nvars + k->nvars >= TX_MAX_RULE_VARS)
        return 0;
    for (unsigned i = 0; i < b->nvars; i++) {
        unsigned bit = name_bit(b->vars[i].name);
        if (k->names[bit >> 6] & (1ull << (bit & 63)))
            return 0;
    }
    return 1;
}

static void context_append(const struct txa_ctx_cache *k, txr_binding *b)
{
    memcpy(b->vars + b->nvars, k->vars, k->nvars * sizeof *k->vars);
    b->nvars += k->nvars;
}

void txa_context_bind(tx_analysis *a, const txi_conn *c, txr_binding *b, txa_ctx_buf *cb)
{
    if (a->ctx_nocache) {
        context_vars_here(a, c, b, cb);
        return;
    }
    struct txa_ctx_cache *k = a->ctxc;
    if (!k && !(k = a->ctxc = calloc(1, sizeof *k))) {
        context_vars_here(a, c, b, cb);
        return;
    }
    if (k->uses++ == 0) { /* the first firing (mostly the only one): as before */
        context_vars_here(a, c, b, cb);
        return;
    }
    txr_jdk before = a->jdk;
    if (!k->made) {
        txr_binding e;
        e.nlines = e.nevents = e.nvars = 0;
        memset(k->names, 0, sizeof k->names);
        memset(&k->cb, 0, sizeof k->cb);
        ctx_trace = k->names;
        txa_context_vars(a, c, &e, &k->cb);
        ctx_trace = NULL;
        memcpy(k->vars, e.vars, e.nvars * sizeof *e.vars);
        k->nvars = e.nvars;
        k->jdk_after = a->jdk;
        k->made = 1;
        if (context_fits(k, b)) { /* (the effects were had once, making them) */
            context_append(k, b);
            return;
        }
        a->jdk = before;
        context_vars_here(a, c, b, cb);
        return;
    }
    if (!context_fits(k, b)) {
        context_vars_here(a, c, b, cb);
        return;
    }
    txa_context_effects(a, c);
    if (memcmp(&a->jdk, &k->jdk_after, sizeof a->jdk) == 0) {
        context_append(k, b);
        return;
    }
    a->jdk = before; /* the Java grew otherwise: they are made again from where it was */
    context_vars_here(a, c, b, cb);
}
