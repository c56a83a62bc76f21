/*
 * compare.c - a known-good log against a failing one.
 *
 * 1. Steps.  Each kept connection of each log becomes a step sequence
 *    (normalize.c); the log-wide truststore, keystore and configuration
 *    events form one more sequence, the "setup".
 * 2. Pairs.  Connections are paired in BAD's order of appearance: each
 *    BAD connection takes the unpaired GOOD connection with the same
 *    target host and port (score 4), the same host (3) or the same SNI
 *    name (2), else the first unpaired one in order.  When every GOOD
 *    connection is taken (BAD retried), it takes the best of them again.
 *    GOOD connections left without a partner stand alone (all of their
 *    steps are "missing in BAD"), as do BAD connections when GOOD has
 *    none.  Connections without any step are left out.
 * 3. Alignment.  The setup sequences, then each pair, are aligned
 *    (align.c).  The first divergence is the first operation that is not
 *    a match, in that order: the setup, then the pairs.  The last shared
 *    step is the match just before it.  When the step is missing on one
 *    side, that side is represented by the step it goes on with, or else
 *    by the step where it stopped.
 * 4. Facts.  The focus pair is the first pair whose BAD connection failed
 *    (else the pair of the divergence, else the first pair).  Facts are
 *    read from the setup events of each log and the focus connections,
 *    and every fact whose value differs is a difference.  Fact names:
 *
 *      jvm.java_home jvm.log_format config.<property>
 *      truststore.path .default .type .anchors .anchor_subjects .error
 *      keystore.path .type .error
 *      connection.target sni
 *      protocols.offered protocol.negotiated ciphers.offered cipher.negotiated
 *      server.chain.length server.cert[i].<field> server.trusted_by
 *      client_auth.requested client_auth.certificate
 *      client.chain.length client.cert[i].<field>
 *      handshake.completed alerts exception exception.root
 *
 *    where <field> is subject issuer serial not_before not_after san key
 *    sig_alg basic_constraints key_usage ext_key_usage self_signed.
 *    List facts (anchor subjects, cipher suites offered) show what only
 *    that side has.
 * 5. Support.  Each finding of BAD (rank order, as explain ranks them) is
 *    marked with the differences that support it, through the table
 *    `support` below: a category names the fact globs that bear on it
 *    ("expired" <- "server.cert[*].not_after").  The table is the whole
 *    mapping; a category not in it is supported by the alerts and the
 *    exception only.
 *
 * Output: text (two columns, width-aware), JSON, Markdown.  Everything is
 * deterministic: orders come from line numbers and fixed tables.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/out.h"
#include "../analysis/redact.h"
#include "../report/html.h"
#include "../report/report.h"
#include "compare.h"

/* ---- the category -> supporting facts table --------------------------------------- */

static const struct {
    const char *category;
    const char *facts; /* space-separated globs over fact names */
} support[] = {
    {"untrusted-cert", "truststore.* jvm.java_home server.trusted_by server.chain.length server.cert[*].issuer "
                       "server.cert[*].self_signed"},
    {"missing-intermediate", "server.chain.length server.cert[*].subject server.cert[*].issuer server.trusted_by"},
    {"ssl-inspection-proxy", "server.cert[*].issuer server.cert[*].subject server.trusted_by truststore.path "
                             "truststore.default truststore.anchors truststore.anchor_subjects"},
    {"expired", "server.cert[*].not_after client.cert[*].not_after"},
    {"not-yet-valid", "server.cert[*].not_before client.cert[*].not_before"},
    {"revoked", "server.cert[*].serial config.*evocation* config.*CRL* config.*crl* config.*ocsp*"},
    {"hostname-mismatch", "server.cert[0].san server.cert[0].subject sni connection.target"},
    {"ip-san-missing", "server.cert[0].san server.cert[0].subject sni connection.target"},
    {"bad-ca-constraints", "server.cert[*].basic_constraints server.chain.length"},
    {"key-usage", "server.cert[*].key_usage server.cert[*].ext_key_usage client.cert[*].key_usage "
                  "client.cert[*].ext_key_usage"},
    {"weak-key-or-algorithm", "server.cert[*].key server.cert[*].sig_alg config.* jvm.* protocol.negotiated "
                              "cipher.negotiated ciphers.offered"},
    {"protocol-mismatch", "protocols.offered protocol.negotiated config.jdk.tls.client.protocols "
                          "config.jdk.tls.server.protocols config.jdk.tls.disabledAlgorithms config.https.protocols "
                          "jvm.* alerts"},
    {"cipher-mismatch", "ciphers.offered cipher.negotiated config.jdk.tls.client.cipherSuites "
                        "config.jdk.tls.server.cipherSuites config.jdk.tls.disabledAlgorithms config.https.cipherSuites "
                        "alerts"},
    {"sni", "sni connection.target alerts"},
    {"client-auth-required", "client_auth.* client.chain.length client.cert[*].* keystore.* alerts"},
    {"truststore-missing-or-unreadable", "truststore.* jvm.java_home exception exception.root"},
    {"keystore-password", "keystore.* exception exception.root"},
    {"plaintext-or-wrong-port", "connection.target alerts exception exception.root"},
    {"connection-reset-or-closed", "alerts exception exception.root"},
    {"network", "connection.target exception exception.root"},
    {"other", "alerts exception exception.root"},
};
static const char fallback_support[] = "alerts exception exception.root";

int txd_glob(const char *pat, const char *name)
{
    /* iterative '*' matching with one backtrack point (enough for '*') */
    const char *star = NULL, *resume = NULL;
    while (*name) {
        if (*pat == '*') {
            star = pat++;
            resume = name;
        } else if (*pat == *name) {
            pat++;
            name++;
        } else if (star) {
            pat = star + 1;
            name = ++resume;
        } else {
            return 0;
        }
    }
    while (*pat == '*')
        pat++;
    return *pat == '\0';
}

int txd_supports(const char *category, const char *name)
{
    const char *list = fallback_support;
    for (size_t i = 0; category && i < sizeof support / sizeof support[0]; i++)
        if (!strcmp(support[i].category, category))
            list = support[i].facts;
    char pat[128];
    for (const char *p = list; *p;) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (!n)
            break;
        if (n < sizeof pat) {
            memcpy(pat, p, n);
            pat[n] = '\0';
            if (txd_glob(pat, name))
                return 1;
        }
        p += n;
    }
    return 0;
}

/* ---- facts ------------------------------------------------------------------------------ */

#define FACT_MAX 1024 /* bytes of one fact value */

typedef struct fact {
    unsigned rank; /* section * 10000 + index * 100 + field: the display order */
    char *name, *good, *bad;
} fact;

typedef struct facts {
    fact *v;
    size_t n, cap;
    int oom;
} facts;

static char *dup_cut(const char *s)
{
    size_t n = strlen(s);
    if (n > FACT_MAX)
        n = FACT_MAX;
    char *d = malloc(n + 4);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    if (n == FACT_MAX)
        memcpy(d + n, "...", 3), n += 3;
    d[n] = '\0';
    return d;
}

/* Add a fact (one side: good == NULL for the BAD list and vice versa; both for a difference). */
static void fadd(facts *F, unsigned rank, const char *name, const char *good, const char *bad)
{
    if (F->oom)
        return;
    if (F->n == F->cap) {
        size_t cap = F->cap ? F->cap * 2 : 64;
        fact *v = realloc(F->v, cap * sizeof *v);
        if (!v) {
            F->oom = 1;
            return;
        }
        F->v = v;
        F->cap = cap;
    }
    fact *f = &F->v[F->n];
    f->rank = rank;
    f->name = dup_cut(name);
    f->good = good ? dup_cut(good) : NULL;
    f->bad = bad ? dup_cut(bad) : NULL;
    if (!f->name || (good && !f->good) || (bad && !f->bad)) {
        free(f->name);
        free(f->good);
        free(f->bad);
        F->oom = 1;
        return;
    }
    F->n++;
}

static void facts_free(facts *F)
{
    for (size_t i = 0; i < F->n; i++) {
        free(F->v[i].name);
        free(F->v[i].good);
        free(F->v[i].bad);
    }
    free(F->v);
    memset(F, 0, sizeof *F);
}

static int cmp_fact(const void *x, const void *y)
{
    const fact *a = x, *b = y;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    return strcmp(a->name, b->name);
}

/* A side's facts go in with value in .good; `put` is that side's writer. */
typedef struct fctx {
    facts *F;
    char buf[FACT_MAX + 1];
} fctx;

static void put(fctx *x, unsigned rank, const char *name, const char *val)
{
    if (val)
        fadd(x->F, rank, name, val, NULL);
}

/* Join the values of list field fid of e with sep into x->buf. */
static const char *join_list(fctx *x, const txi_event *e, int fid, const char *sep)
{
    size_t off = 0;
    x->buf[0] = '\0';
    for (const txi_field *f = e ? txi_ev_get(e, fid) : NULL; f; f = txi_ev_next(e, f)) {
        int k = snprintf(x->buf + off, sizeof x->buf - off, "%s%s", off ? sep : "", f->val);
        if (k < 0 || (size_t)k >= sizeof x->buf - off) {
            off = sizeof x->buf - 1;
            break;
        }
        off += (size_t)k;
    }
    return off ? x->buf : NULL;
}

enum { SEC_JVM = 1, SEC_CONFIG, SEC_TRUST, SEC_KEY, SEC_CONN, SEC_PROTO, SEC_SERVER, SEC_CLIENT, SEC_END };
#define RANK(sec, idx, field) ((unsigned)(sec) * 100000u + (unsigned)(idx) * 100u + (unsigned)(field))

static const char *java_home(const char *path, char *buf, size_t n)
{
    const char *k = path ? strstr(path, "/lib/security/") : NULL;
    if (!k && path)
        k = strstr(path, "\\lib\\security\\");
    if (!k || (size_t)(k - path) >= n || k == path)
        return NULL;
    memcpy(buf, path, (size_t)(k - path));
    buf[k - path] = '\0';
    return buf;
}

static int is_default_store(const char *path)
{
    if (!path)
        return 0;
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    return (!strcmp(b, "cacerts") || !strcmp(b, "jssecacerts")) && strstr(path, "lib/security");
}

static void setup_facts(fctx *x, const txa_model *a)
{
    char home[512];
    const char *jh = NULL;
    const txi_event *ts = NULL, *ks = NULL;
    size_t eoff = 0;
    char errs[FACT_MAX + 1] = "";
    for (const txi_event *g = a->globals; g; g = g->next) {
        if ((g->type == TXE_TRUSTSTORE || g->type == TXE_KEYSTORE) && !jh)
            jh = java_home(txi_ev_str(g, TXF_PATH), home, sizeof home);
        if (g->type == TXE_TRUSTSTORE) {
            const char *err = txi_ev_str(g, TXF_ERROR);
            if (!err) {
                ts = g;
            } else if (eoff < sizeof errs - 1) {
                const char *p = txi_ev_str(g, TXF_PATH);
                int k = snprintf(errs + eoff, sizeof errs - eoff, "%s%s%s%s", eoff ? "; " : "", err, p ? ": " : "",
                                 p ? p : "");
                eoff = k < 0 ? eoff : eoff + (size_t)k;
                if (eoff >= sizeof errs)
                    eoff = sizeof errs - 1;
            }
        } else if (g->type == TXE_KEYSTORE) {
            ks = g;
        } else if (g->type == TXE_CONFIG && txi_ev_str(g, TXF_KEY)) {
            char name[192];
            snprintf(name, sizeof name, "config.%.180s", txi_ev_str(g, TXF_KEY));
            const char *v = txi_ev_str(g, TXF_VALUE) ? txi_ev_str(g, TXF_VALUE) : "";
            fact *old = NULL;
            for (size_t i = 0; i < x->F->n && !old; i++)
                if (!strcmp(x->F->v[i].name, name))
                    old = &x->F->v[i];
            if (!old) {
                put(x, RANK(SEC_CONFIG, 0, 0), name, v);
            } else { /* set again later in the log: the last value counts */
                free(old->good);
                old->good = dup_cut(v);
                if (!old->good)
                    x->F->oom = 1;
            }
        }
    }
    put(x, RANK(SEC_JVM, 0, 0), "jvm.java_home", jh);
    put(x, RANK(SEC_JVM, 0, 1), "jvm.log_format", a->dialects[0] ? a->dialects : NULL);
    if (ts) {
        const char *p = txi_ev_str(ts, TXF_PATH);
        put(x, RANK(SEC_TRUST, 0, 0), "truststore.path", p && *p ? p : "(default)");
        put(x, RANK(SEC_TRUST, 0, 1), "truststore.default", is_default_store(p) ? "yes (the JDK's own cacerts)" : "no");
        put(x, RANK(SEC_TRUST, 0, 2), "truststore.type", txi_ev_str(ts, TXF_STORE_TYPE));
        put(x, RANK(SEC_TRUST, 0, 3), "truststore.anchors", txi_ev_str(ts, TXF_COUNT));
    }
    put(x, RANK(SEC_TRUST, 0, 5), "truststore.error", eoff ? errs : NULL);
    if (ks) {
        const char *p = txi_ev_str(ks, TXF_PATH);
        put(x, RANK(SEC_KEY, 0, 0), "keystore.path", p && *p ? p : "(none)");
        put(x, RANK(SEC_KEY, 0, 1), "keystore.type", txi_ev_str(ks, TXF_STORE_TYPE));
        put(x, RANK(SEC_KEY, 0, 2), "keystore.error", txi_ev_str(ks, TXF_ERROR));
    }
}

static void cert_facts(fctx *x, int sec, const char *owner, unsigned i, const txi_event *c)
{
    char name[96], v[256];
#define F(field, k, val)                                                                           \
    do {                                                                                           \
        snprintf(name, sizeof name, "%s.cert[%u].%s", owner, i, field);                           \
        put(x, RANK(sec, i + 1, k), name, val);                                                    \
    } while (0)
    F("subject", 0, txi_ev_str(c, TXF_SUBJECT));
    F("issuer", 1, txi_ev_str(c, TXF_ISSUER));
    F("serial", 2, txi_ev_str(c, TXF_SERIAL));
    F("not_before", 3, txi_ev_str(c, TXF_NOT_BEFORE));
    F("not_after", 4, txi_ev_str(c, TXF_NOT_AFTER));
    F("san", 5, join_list(x, c, TXF_SAN, ", "));
    const char *ka = txi_ev_str(c, TXF_KEY_ALG), *kz = txi_ev_str(c, TXF_KEY_SIZE);
    if (ka || kz) {
        snprintf(v, sizeof v, "%s%s%s%s", ka ? ka : "", ka && kz ? " " : "", kz ? kz : "", kz ? " bits" : "");
        F("key", 6, v);
    }
    F("sig_alg", 7, txi_ev_str(c, TXF_SIG_ALG));
    const char *ca = txi_ev_str(c, TXF_CA);
    if (ca) {
        if (!strcmp(ca, "true") && txi_ev_get(c, TXF_PATHLEN))
            snprintf(v, sizeof v, "CA, pathlen %lld", txi_ev_int(c, TXF_PATHLEN, 0));
        else
            snprintf(v, sizeof v, "%s", !strcmp(ca, "true") ? "CA" : "not a CA");
        F("basic_constraints", 8, v);
    }
    F("key_usage", 9, join_list(x, c, TXF_KEY_USAGE, ", "));
    F("ext_key_usage", 10, join_list(x, c, TXF_EXT_KEY_USAGE, ", "));
    const char *ss = txi_ev_str(c, TXF_SELF_SIGNED);
    F("self_signed", 11, ss ? (!strcmp(ss, "true") ? "yes" : "no") : NULL);
#undef F
}

typedef struct conninfo {
    const txi_event *hello;       /* first ClientHello */
    const txi_event *chain[2][16]; /* [0] server, [1] client: the last chain sent */
    unsigned nchain[2];
} conninfo;

static void conn_facts(fctx *x, const txi_conn *c, conninfo *ci)
{
    memset(ci, 0, sizeof *ci);
    if (!c)
        return;
    const txi_event *nego = NULL, *exc = NULL, *target = NULL;
    int requested = 0, got_far = 0, client_cert = -2;
    char sni[512] = "", alerts[FACT_MAX + 1] = "", trusted[FACT_MAX + 1] = "";
    size_t aoff = 0, toff = 0;
    txd_steps st;
    if (txd_steps_conn(c, &st)) {
        x->F->oom = 1;
        return;
    }
    for (size_t i = 0; i < st.n; i++) {
        const txd_step *s = &st.v[i];
        const txi_event *e = s->ev;
        switch (s->kind) {
        case TXD_S_TARGET:
            if (!target)
                target = e;
            break;
        case TXD_S_SNI:
            if (!sni[0] && txi_ev_str(e, TXF_NAME))
                snprintf(sni, sizeof sni, "%s", txi_ev_str(e, TXF_NAME));
            break;
        case TXD_S_MESSAGE: {
            const char *m = txi_ev_str(e, TXF_MESSAGE);
            if (!strcmp(m, "ClientHello") && !ci->hello)
                ci->hello = e;
            else if (!strcmp(m, "CertificateRequest"))
                requested = 1;
            else if (!strcmp(m, "ServerHelloDone") || (!strcmp(m, "Finished") && s->from == TXD_SIDE_SERVER))
                got_far = 1;
            else if (!strcmp(m, "Certificate") && s->from == TXD_SIDE_CLIENT)
                client_cert = (int)txi_ev_int(e, TXF_COUNT, -1);
            break;
        }
        case TXD_S_NEGOTIATED:
            nego = e;
            break;
        case TXD_S_CERT: {
            int k = s->from == TXD_SIDE_CLIENT;
            if (txi_ev_int(e, TXF_POSITION, -1) == 0)
                ci->nchain[k] = 0;
            if (ci->nchain[k] < 16)
                ci->chain[k][ci->nchain[k]++] = e;
            break;
        }
        case TXD_S_TRUSTED:
            if (toff < sizeof trusted - 1) {
                const char *subj = txi_ev_str(e, TXF_SUBJECT);
                int k = snprintf(trusted + toff, sizeof trusted - toff, "%s%s", toff ? "; " : "", subj ? subj : "?");
                toff = k < 0 ? toff : toff + (size_t)k;
                if (toff >= sizeof trusted)
                    toff = sizeof trusted - 1;
            }
            break;
        case TXD_S_ALERT:
            if (aoff < sizeof alerts - 1) {
                const char *d = txi_ev_str(e, TXF_DESCRIPTION), *l = txi_ev_str(e, TXF_LEVEL);
                int k = snprintf(alerts + aoff, sizeof alerts - aoff, "%s%s (%s%sraised by %s)", aoff ? "; " : "",
                                 d ? d : "?", l ? l : "", l ? ", " : "", txd_side_name(s->from));
                aoff = k < 0 ? aoff : aoff + (size_t)k;
                if (aoff >= sizeof alerts)
                    aoff = sizeof alerts - 1;
            }
            break;
        case TXD_S_EXCEPTION:
            exc = e;
            break;
        default:
            break;
        }
    }
    if (target) {
        const char *u = txi_ev_str(target, TXF_URL), *h = txi_ev_str(target, TXF_HOST), *p = txi_ev_str(target, TXF_PORT);
        if (u)
            put(x, RANK(SEC_CONN, 0, 0), "connection.target", u);
        else if (h) {
            snprintf(x->buf, sizeof x->buf, "%s%s%s", h, p ? ":" : "", p ? p : "");
            put(x, RANK(SEC_CONN, 0, 0), "connection.target", x->buf);
        }
    }
    put(x, RANK(SEC_CONN, 0, 1), "sni", sni[0] ? sni : (ci->hello ? "(none sent)" : NULL));
    if (ci->hello) {
        const char *v = join_list(x, ci->hello, TXF_VERSIONS, ", ");
        put(x, RANK(SEC_PROTO, 0, 0), "protocols.offered", v ? v : txi_ev_str(ci->hello, TXF_VERSION));
    }
    if (nego) {
        put(x, RANK(SEC_PROTO, 0, 1), "protocol.negotiated", txi_ev_str(nego, TXF_VERSION));
        put(x, RANK(SEC_PROTO, 0, 3), "cipher.negotiated", txi_ev_str(nego, TXF_CIPHER));
    }
    static const char *const owner[2] = {"server", "client"};
    for (int k = 0; k < 2; k++) {
        int sec = k ? SEC_CLIENT : SEC_SERVER;
        if (ci->nchain[k]) {
            char name[32], n[16];
            snprintf(name, sizeof name, "%s.chain.length", owner[k]);
            snprintf(n, sizeof n, "%u", ci->nchain[k]);
            put(x, RANK(sec, 0, 0), name, n);
        }
        for (unsigned i = 0; i < ci->nchain[k]; i++)
            cert_facts(x, sec, owner[k], i, ci->chain[k][i]);
    }
    put(x, RANK(SEC_SERVER, 99, 0), "server.trusted_by", toff ? trusted : NULL);
    /* "no" only when the handshake got past the point of asking */
    put(x, RANK(SEC_CLIENT, 0, 1), "client_auth.requested",
        requested ? "yes" : got_far && client_cert == -2 && (c->flags & TXI_CONN_FAILED) ? "no" : NULL);
    if (client_cert > 0) {
        snprintf(x->buf, sizeof x->buf, "sent (%d certificate%s)", client_cert, client_cert == 1 ? "" : "s");
        put(x, RANK(SEC_CLIENT, 0, 2), "client_auth.certificate", x->buf);
    } else if (client_cert == 0) {
        put(x, RANK(SEC_CLIENT, 0, 2), "client_auth.certificate", "empty Certificate message (no client certificate)");
    } else if (client_cert == -1) {
        put(x, RANK(SEC_CLIENT, 0, 2), "client_auth.certificate", "sent");
    } else if (requested) {
        put(x, RANK(SEC_CLIENT, 0, 2), "client_auth.certificate", "not sent");
    }
    put(x, RANK(SEC_END, 0, 0), "handshake.completed", c->flags & TXI_CONN_FINISHED ? "yes" : "no");
    put(x, RANK(SEC_END, 0, 1), "alerts", aoff ? alerts : NULL);
    if (exc) {
        const char *cls = txi_ev_str(exc, TXF_CLASS), *msg = txi_ev_str(exc, TXF_MESSAGE);
        snprintf(x->buf, sizeof x->buf, "%s%s%s", cls ? cls : "", cls && msg ? ": " : "", msg ? msg : "");
        put(x, RANK(SEC_END, 0, 2), "exception", x->buf);
        const char *root = txi_ev_str(exc, TXF_ROOT);
        if (root && strcmp(root, x->buf) != 0)
            put(x, RANK(SEC_END, 0, 3), "exception.root", root);
    }
    txd_steps_free(&st);
}

/* ---- list facts: what only one side has ---------------------------------------------- */

static int in_list(const txi_event *e, int fid, const char *v)
{
    for (const txi_field *f = e ? txi_ev_get(e, fid) : NULL; f; f = txi_ev_next(e, f))
        if (!strcmp(f->val, v))
            return 1;
    return 0;
}

static unsigned list_count(const txi_event *e, int fid)
{
    unsigned n = 0;
    for (const txi_field *f = e ? txi_ev_get(e, fid) : NULL; f; f = txi_ev_next(e, f))
        n++;
    return n;
}

/* "N things: a; b" when there are few, else "N things; only here: a; b;
 * c; d (+k more)" with the items of x that y lacks.  Returns whether x
 * has an item y lacks. */
static int only_here(char *buf, size_t n, const txi_event *x, const txi_event *y, int fid, const char *one,
                     const char *many)
{
    unsigned total = list_count(x, fid), only = 0, shown = 0;
    size_t off = (size_t)snprintf(buf, n, "%u %s", total, total == 1 ? one : many);
    for (const txi_field *f = x ? txi_ev_get(x, fid) : NULL; f; f = txi_ev_next(x, f)) {
        int mine = !in_list(y, fid, f->val);
        only += mine;
        if ((total <= 4 || mine) && shown < 4 && off < n) {
            int k = snprintf(buf + off, n - off, "%s%s", shown ? "; " : total <= 4 ? ": " : "; only here: ", f->val);
            off = k < 0 || (size_t)k >= n - off ? n - 1 : off + (size_t)k;
            shown++;
        }
    }
    if (total > 4 && only > shown && off < n)
        snprintf(buf + off, n - off, " (+%u more)", only - shown);
    return only > 0;
}

static const txi_event *used_truststore(const txa_model *a)
{
    const txi_event *ts = NULL;
    for (const txi_event *g = a->globals; g; g = g->next)
        if (g->type == TXE_TRUSTSTORE && !txi_ev_str(g, TXF_ERROR))
            ts = g;
    return ts;
}

static void list_diff(facts *D, unsigned rank, const char *name, const txi_event *g, const txi_event *b, int fid,
                      const char *one, const char *many)
{
    if (!list_count(g, fid) && !list_count(b, fid))
        return;
    char gv[FACT_MAX + 1], bv[FACT_MAX + 1];
    int dg = only_here(gv, sizeof gv, g, b, fid, one, many);
    int db = only_here(bv, sizeof bv, b, g, fid, one, many);
    if (dg || db)
        fadd(D, rank, name, g ? gv : NULL, b ? bv : NULL);
}

/* ---- sides, pairs, segments -------------------------------------------------------- */

typedef struct side {
    const txa_model *a;
    const txi_conn *c[TX_MAX_KEPT_CONNS];
    txd_steps st[TX_MAX_KEPT_CONNS];
    unsigned n;
    txd_steps setup;
} side;

typedef struct seg {
    int setup;
    int g, b; /* connection index in the side, -1 when absent */
    const txd_steps *gs, *bs;
    txd_op *ops;
    size_t nops;
} seg;

typedef struct divergence {
    int found;
    unsigned seg;
    int op;
    const txd_step *g, *b;   /* the differing steps (or a side's context step) */
    int gctx, bctx;          /* 0 the step itself, 1 the side goes on with it, 2 the side stopped after it */
    const txd_step *lg, *lb; /* last shared step */
} divergence;

typedef struct cmp {
    side G, B;
    seg segs[1 + 2 * TX_MAX_KEPT_CONNS];
    unsigned nseg;
    int focus; /* segment, or -1 */
    divergence dv;
    facts diffs;
    int unlogged_setup; /* 1: only GOOD logs no setup events, 2: only BAD */
    size_t dropped_steps;
    int oom;
    txa_redactor *r; /* --redact: the one redactor of both logs (txo_write_redacted) */
} cmp;

static const txd_steps no_steps;

static int cmp_conn(const void *x, const void *y)
{
    const txd_steps *a = x, *b = y;
    uint64_t la = a->n ? a->v[0].line : 0, lb = b->n ? b->v[0].line : 0;
    return la < lb ? -1 : la > lb;
}

static int side_init(side *S, const txa_model *a)
{
    S->a = a;
    if (txd_steps_setup(a->globals, &S->setup))
        return -1;
    for (unsigned i = 0; i < a->nkept; i++) {
        txd_steps st;
        if (txd_steps_conn(a->kept[i], &st))
            return -1;
        /* the SNI name is a fact; where its line falls (before or after the
         * ClientHello it belongs to) depends on the JDK, not on the run */
        size_t k = 0;
        for (size_t j = 0; j < st.n; j++)
            if (st.v[j].kind != TXD_S_SNI)
                st.v[k++] = st.v[j];
        st.n = k;
        if (!st.n) {
            txd_steps_free(&st);
            continue;
        }
        S->st[S->n] = st;
        S->c[S->n] = a->kept[i];
        S->n++;
    }
    /* by first step line: keep conns and steps together */
    for (unsigned i = 1; i < S->n; i++)
        for (unsigned k = i; k > 0 && cmp_conn(&S->st[k - 1], &S->st[k]) > 0; k--) {
            txd_steps t = S->st[k];
            S->st[k] = S->st[k - 1];
            S->st[k - 1] = t;
            const txi_conn *tc = S->c[k];
            S->c[k] = S->c[k - 1];
            S->c[k - 1] = tc;
        }
    return 0;
}

static void side_free(side *S)
{
    txd_steps_free(&S->setup);
    for (unsigned i = 0; i < S->n; i++)
        txd_steps_free(&S->st[i]);
}

typedef struct target {
    const char *host, *port, *sni;
} target;

static target conn_target(const txi_conn *c)
{
    target t = {NULL, NULL, NULL};
    for (const txi_event *e = c->first; e; e = e->next) {
        if ((e->type == TXE_TARGET || e->type == TXE_CONNECTION) && !t.host) {
            t.host = txi_ev_str(e, TXF_HOST);
            t.port = txi_ev_str(e, TXF_PORT);
        } else if (e->type == TXE_SNI && !t.sni) {
            t.sni = txi_ev_str(e, TXF_NAME);
        }
    }
    return t;
}

static int same(const char *a, const char *b) { return a && b && !strcmp(a, b); }

static int pair_score(const txi_conn *g, const txi_conn *b)
{
    target tg = conn_target(g), tb = conn_target(b);
    if (same(tg.host, tb.host))
        return same(tg.port, tb.port) ? 4 : 3;
    return same(tg.sni, tb.sni) ? 2 : 0;
}

/* A log with no setup events at all was captured with a narrower
 * javax.net.debug (ssl:handshake): every JVM loads a truststore, it just
 * was not logged, and neither is "Found trusted certificate".  What one
 * side did not log is not where the runs part: the setup is then not
 * searched for the divergence and trust-anchor steps are not aligned. */
static void narrow_debug(cmp *C)
{
    if (!C->G.setup.n == !C->B.setup.n)
        return;
    C->unlogged_setup = C->G.setup.n ? 2 : 1;
    side *sides[2] = {&C->G, &C->B};
    for (int i = 0; i < 2; i++)
        for (unsigned c = 0; c < sides[i]->n; c++) {
            txd_steps *st = &sides[i]->st[c];
            size_t k = 0;
            for (size_t j = 0; j < st->n; j++)
                if (st->v[j].kind != TXD_S_TRUSTED)
                    st->v[k++] = st->v[j];
            st->n = k;
        }
}

static void pair(cmp *C)
{
    int used[TX_MAX_KEPT_CONNS] = {0};
    seg *s = &C->segs[C->nseg++];
    s->setup = 1;
    s->g = s->b = -1;
    s->gs = &C->G.setup;
    s->bs = &C->B.setup;
    for (unsigned b = 0; b < C->B.n; b++) {
        /* the best unpaired GOOD connection; when all are taken (BAD
         * retried, or reached more hosts), the best one again: a failing
         * connection is still best read against a good one */
        int best = -1, bests = -1;
        for (int pass = 0; pass < 2 && best < 0; pass++)
            for (unsigned g = 0; g < C->G.n; g++) {
                if (used[g] && pass == 0)
                    continue;
                int sc = pair_score(C->G.c[g], C->B.c[b]);
                if (sc > bests) {
                    bests = sc;
                    best = (int)g;
                }
            }
        s = &C->segs[C->nseg++];
        s->g = best;
        s->b = (int)b;
        if (best >= 0)
            used[best] = 1;
        s->gs = best >= 0 ? &C->G.st[best] : &no_steps;
        s->bs = &C->B.st[b];
    }
    for (unsigned g = 0; g < C->G.n; g++) {
        if (used[g])
            continue;
        s = &C->segs[C->nseg++];
        s->g = (int)g;
        s->b = -1;
        s->gs = &C->G.st[g];
        s->bs = &no_steps;
    }
}

static int align_all(cmp *C)
{
    for (unsigned i = 0; i < C->nseg; i++) {
        seg *s = &C->segs[i];
        size_t ng = s->gs->n, nb = s->bs->n;
        txd_key *kg = malloc((ng + 1) * sizeof *kg), *kb = malloc((nb + 1) * sizeof *kb);
        if (!kg || !kb) {
            free(kg);
            free(kb);
            return -1;
        }
        for (size_t k = 0; k < ng; k++)
            kg[k] = s->gs->v[k].key;
        for (size_t k = 0; k < nb; k++)
            kb[k] = s->bs->v[k].key;
        int r = txd_align(kg, ng, kb, nb, &s->ops, &s->nops, NULL);
        free(kg);
        free(kb);
        if (r)
            return -1;
        C->dropped_steps += s->gs->dropped + s->bs->dropped;
    }
    return 0;
}

/* The first step of either side after operation k of segment i (for a
 * side that has no step at the divergence itself). */
static const txd_step *next_step(const cmp *C, unsigned i, size_t k, int bad)
{
    for (; i < C->nseg; i++, k = 0) {
        const seg *s = &C->segs[i];
        for (; k < s->nops; k++) {
            uint32_t x = bad ? s->ops[k].b : s->ops[k].g;
            if (x != TXD_NONE)
                return bad ? &s->bs->v[x] : &s->gs->v[x];
        }
    }
    return NULL;
}

static void find_divergence(cmp *C)
{
    divergence *d = &C->dv;
    memset(d, 0, sizeof *d);
    for (unsigned i = C->unlogged_setup ? 1 : 0; i < C->nseg; i++) {
        const seg *s = &C->segs[i];
        for (size_t k = 0; k < s->nops; k++) {
            const txd_op *o = &s->ops[k];
            if (o->op == TXD_OP_MATCH) {
                d->lg = &s->gs->v[o->g];
                d->lb = &s->bs->v[o->b];
                continue;
            }
            d->found = 1;
            d->seg = i;
            d->op = o->op;
            d->g = o->g != TXD_NONE ? &s->gs->v[o->g] : NULL;
            d->b = o->b != TXD_NONE ? &s->bs->v[o->b] : NULL;
            if (!d->g && (d->g = next_step(C, i, k + 1, 0)) != NULL)
                d->gctx = 1;
            if (!d->b && (d->b = next_step(C, i, k + 1, 1)) != NULL)
                d->bctx = 1;
            if (!d->g && d->lg) {
                d->g = d->lg;
                d->gctx = 2;
            }
            if (!d->b && d->lb) {
                d->b = d->lb;
                d->bctx = 2;
            }
            return;
        }
    }
}

static void choose_focus(cmp *C)
{
    C->focus = -1;
    for (unsigned i = 0; i < C->nseg && C->focus < 0; i++)
        if (!C->segs[i].setup && C->segs[i].b >= 0 && (C->B.c[C->segs[i].b]->flags & TXI_CONN_FAILED))
            C->focus = (int)i;
    if (C->focus < 0 && C->dv.found && !C->segs[C->dv.seg].setup)
        C->focus = (int)C->dv.seg;
    for (unsigned i = 0; i < C->nseg && C->focus < 0; i++)
        if (!C->segs[i].setup)
            C->focus = (int)i;
}

/* When the other side has no chain of that owner at all, the subject and
 * issuer of each certificate say enough: not every field against "-". */
static int lone_cert_detail(const char *name, const unsigned other_nchain[2])
{
    static const char *const owner[2] = {"server.cert[", "client.cert["};
    for (int k = 0; k < 2; k++) {
        size_t n = strlen(owner[k]);
        if (strncmp(name, owner[k], n) != 0 || other_nchain[k])
            continue;
        const char *field = strchr(name + n, ']');
        return field && strcmp(field, "].subject") != 0 && strcmp(field, "].issuer") != 0;
    }
    return 0;
}

static void build_diffs(cmp *C)
{
    facts fg = {0}, fb = {0};
    fctx *x = malloc(sizeof *x);
    if (!x) {
        C->oom = 1;
        return;
    }
    const seg *fs = C->focus >= 0 ? &C->segs[C->focus] : NULL;
    conninfo cig, cib;
    x->F = &fg;
    setup_facts(x, C->G.a);
    conn_facts(x, fs && fs->g >= 0 ? C->G.c[fs->g] : NULL, &cig);
    x->F = &fb;
    setup_facts(x, C->B.a);
    conn_facts(x, fs && fs->b >= 0 ? C->B.c[fs->b] : NULL, &cib);
    free(x);
    if (fg.oom || fb.oom) {
        C->oom = 1;
        facts_free(&fg);
        facts_free(&fb);
        return;
    }
    if (fg.n) /* qsort(NULL, 0, ...) is undefined */
        qsort(fg.v, fg.n, sizeof *fg.v, cmp_fact);
    if (fb.n)
        qsort(fb.v, fb.n, sizeof *fb.v, cmp_fact);
    size_t i = 0, k = 0;
    while (i < fg.n || k < fb.n) {
        int c = i >= fg.n ? 1 : k >= fb.n ? -1 : cmp_fact(&fg.v[i], &fb.v[k]);
        if (c < 0) {
            if (!lone_cert_detail(fg.v[i].name, cib.nchain))
                fadd(&C->diffs, fg.v[i].rank, fg.v[i].name, fg.v[i].good, NULL);
            i++;
        } else if (c > 0) {
            if (!lone_cert_detail(fb.v[k].name, cig.nchain))
                fadd(&C->diffs, fb.v[k].rank, fb.v[k].name, NULL, fb.v[k].good);
            k++;
        } else {
            if (strcmp(fg.v[i].good, fb.v[k].good) != 0)
                fadd(&C->diffs, fg.v[i].rank, fg.v[i].name, fg.v[i].good, fb.v[k].good);
            i++;
            k++;
        }
    }
    facts_free(&fg);
    facts_free(&fb);
    list_diff(&C->diffs, RANK(SEC_TRUST, 0, 4), "truststore.anchor_subjects", used_truststore(C->G.a),
              used_truststore(C->B.a), TXF_SUBJECTS, "anchor listed", "anchors listed");
    list_diff(&C->diffs, RANK(SEC_PROTO, 0, 2), "ciphers.offered", cig.hello, cib.hello, TXF_CIPHERS, "suite", "suites");
    if (C->diffs.oom)
        C->oom = 1;
    if (C->diffs.n)
        qsort(C->diffs.v, C->diffs.n, sizeof *C->diffs.v, cmp_fact);
    /* --redact: values are wrapped over lines, so mask them now */
    txa_redactor *r = C->r;
    for (size_t d = 0; r && d < C->diffs.n; d++) {
        char **v[2] = {&C->diffs.v[d].good, &C->diffs.v[d].bad};
        for (int j = 0; j < 2; j++) {
            if (!*v[j])
                continue;
            char *m = txa_redact_str(r, *v[j]);
            if (!m) {
                C->oom = 1;
                continue;
            }
            free(*v[j]);
            *v[j] = m;
        }
    }
}

static void cmp_free(cmp *C)
{
    if (!C)
        return;
    side_free(&C->G);
    side_free(&C->B);
    for (unsigned i = 0; i < C->nseg; i++)
        free(C->segs[i].ops);
    facts_free(&C->diffs);
    free(C);
}

static cmp *cmp_build(const txa_model *good, const txa_model *bad, txa_redactor *r)
{
    cmp *C = calloc(1, sizeof *C);
    if (!C)
        return NULL;
    C->r = r;
    if (side_init(&C->G, good) || side_init(&C->B, bad)) {
        cmp_free(C);
        return NULL;
    }
    narrow_debug(C);
    pair(C);
    if (align_all(C)) {
        cmp_free(C);
        return NULL;
    }
    find_divergence(C);
    choose_focus(C);
    build_diffs(C);
    if (C->oom) {
        cmp_free(C);
        return NULL;
    }
    return C;
}

/* ---- shared wording ------------------------------------------------------------------------ */

static int same_outcome(const txa_model *g, const txa_model *b)
{
    const char *cg = g->top_category, *cb = b->top_category;
    /* two unknowns are not "the same outcome": nothing says how either ended */
    return g->verdict == b->verdict && g->verdict != TX_VERDICT_UNKNOWN && ((!cg && !cb) || (cg && cb && !strcmp(cg, cb)));
}

static void outcome_sentence(const txa_model *g, const txa_model *b, char *buf, size_t n)
{
    buf[0] = '\0';
    if (!same_outcome(g, b)) {
        if (g->verdict == TX_VERDICT_FAILURE)
            snprintf(buf, n, "Note: the GOOD log fails too (%s); the comparison may not point at the cause.",
                     g->top_category);
        else if (g->verdict == TX_VERDICT_UNKNOWN)
            snprintf(buf, n, "Note: the GOOD log's verdict is unknown, not success; make sure it is a run that "
                             "works.");
        return;
    }
    if (g->verdict == TX_VERDICT_SUCCESS)
        snprintf(buf, n, "Same outcome: both logs succeed. There is no failure to explain; the differences below "
                         "are incidental.");
    else if (g->verdict == TX_VERDICT_FAILURE)
        snprintf(buf, n, "Same outcome: both logs fail the same way (%s). The differences below do not explain a "
                         "failure that only one of them has.",
                 b->top_category);
}

static const char *verdict_text(const txa_model *a, char *buf, size_t n)
{
    const char *cat = a->top_category;
    if (cat)
        snprintf(buf, n, "%s (%s)", txo_verdict_name(a->verdict), cat);
    else
        snprintf(buf, n, "%s", txo_verdict_name(a->verdict));
    return buf;
}

static const char *seg_title(const cmp *C, const seg *s, char *buf, size_t n)
{
    if (s->setup)
        snprintf(buf, n, "setup (log-wide: truststore, keystore, settings)");
    else if (s->g >= 0 && s->b >= 0)
        snprintf(buf, n, "connection %u of GOOD vs connection %u of BAD", (unsigned)C->G.c[s->g]->id,
                 (unsigned)C->B.c[s->b]->id);
    else if (s->g >= 0)
        snprintf(buf, n, "connection %u of GOOD (no counterpart in BAD)", (unsigned)C->G.c[s->g]->id);
    else
        snprintf(buf, n, "connection %u of BAD (no counterpart in GOOD)", (unsigned)C->B.c[s->b]->id);
    return buf;
}

static const char *setup_note(const cmp *C)
{
    if (C->unlogged_setup == 1)
        return "GOOD logs no truststore, keystore or settings (captured with a narrower -Djavax.net.debug?): the "
               "setup is not compared step by step.";
    if (C->unlogged_setup == 2)
        return "BAD logs no truststore, keystore or settings (captured with a narrower -Djavax.net.debug?): the "
               "setup is not compared step by step.";
    return NULL;
}

static const char *op_name(int op)
{
    return op == TXD_OP_MATCH ? "match" : op == TXD_OP_CHANGE ? "changed" : op == TXD_OP_GOOD ? "missing_in_bad"
                                                                                            : "only_in_bad";
}

static const char *ctx_words(int ctx, int bad)
{
    if (ctx == 1)
        return bad ? "missing in BAD, which goes on with" : "not in GOOD, which goes on with";
    if (ctx == 2)
        return bad ? "missing in BAD, which stops after" : "not in GOOD, which stops after";
    return "";
}

/* The findings of BAD that the writers list, in explain's order. */
static int listed(const txa_mfinding *f, int pass) { return f->superseded_by < 0 && (int)f->kind == pass; }

/* ---- text -------------------------------------------------------------------------------- */


typedef struct tout {
    FILE *f;
    int color, width;
    txa_redactor *r; /* --redact */
} tout;

static const char *tc(const tout *o, const char *c) { return o->color ? c : ""; }

/* A line that only opens a JSON member ("certificate" : {) says nothing
 * the step label does not: it is not quoted in text (JSON keeps it). */
static int json_opener(const char *t)
{
    while (*t == ' ' || *t == '\t')
        t++;
    size_t n = strlen(t);
    while (n && (t[n - 1] == ' ' || t[n - 1] == '\t'))
        n--;
    return n && t[0] == '"' && (t[n - 1] == '{' || t[n - 1] == '[');
}

static void text_step_line(const tout *o, const char *who, const txd_step *s, int ctx, int bad)
{
    char lab[512];
    if (!s) {
        fprintf(o->f, "      %-9s %s\n", who, bad ? "(no step at all in BAD)" : "(no step at all in GOOD)");
        return;
    }
    char at[32];
    snprintf(at, sizeof at, "%s:%llu", who, (unsigned long long)s->line);
    fprintf(o->f, "      %-12s ", at);
    txd_step_arrow(s, lab, sizeof lab);
    txd_mask(o->r, lab, sizeof lab);
    if (ctx) {
        const char *w = ctx_words(ctx, bad);
        int room = o->width - 19 - (int)strlen(w) - 3;
        fprintf(o->f, "%s(%s)%s", tc(o, C_DIM), w, tc(o, C_OFF));
        if (room < 20) {
            fprintf(o->f, "\n%19s", "");
            room = o->width - 19;
        } else {
            fputs(" ", o->f);
        }
        txo_put(o->f, lab, room, 0);
    } else {
        txo_put(o->f, lab, o->width - 19, 0);
    }
    fputs("\n", o->f);
    if (!ctx && s->ev->src && !json_opener(txd_line_body(s->ev->src->text))) {
        char body[TX_MAX_EVIDENCE_LINE + 1];
        snprintf(body, sizeof body, "%s", txd_line_body(s->ev->src->text));
        txd_mask(o->r, body, sizeof body);
        fprintf(o->f, "%19s%s\"", "", tc(o, C_DIM));
        txo_put(o->f, body, o->width - 21, 0);
        fprintf(o->f, "\"%s\n", tc(o, C_OFF));
    }
}

static void text_cell(const tout *o, const txd_step *s, int w, int pad)
{
    if (!s) {
        fprintf(o->f, "%*s", w, "");
        return;
    }
    char lab[512];
    txd_step_arrow(s, lab, sizeof lab);
    txd_mask(o->r, lab, sizeof lab);
    fprintf(o->f, "%6llu ", (unsigned long long)s->line);
    txo_put(o->f, lab, w - 7, pad);
}

static void text_side_by_side(const tout *o, const cmp *C, const seg *s)
{
    int w = (o->width - 3 - 3) / 2;
    if (w < 20)
        w = 20;
    char t[160];
    fprintf(o->f, "   %s%s%s\n", tc(o, C_BOLD), seg_title(C, s, t, sizeof t), tc(o, C_OFF));
    if (!s->nops) {
        fprintf(o->f, "      (no steps)\n");
        return;
    }
    for (size_t k = 0; k < s->nops; k++) {
        const txd_op *op = &s->ops[k];
        const txd_step *g = op->g != TXD_NONE ? &s->gs->v[op->g] : NULL;
        const txd_step *b = op->b != TXD_NONE ? &s->bs->v[op->b] : NULL;
        const char *mark = op->op == TXD_OP_MATCH ? " " : op->op == TXD_OP_CHANGE ? "|" : op->op == TXD_OP_GOOD ? "<" : ">";
        const char *mc = op->op == TXD_OP_MATCH ? "" : op->op == TXD_OP_GOOD ? C_RED : C_YELLOW;
        fputs("   ", o->f);
        text_cell(o, g, w, 1);
        fprintf(o->f, " %s%s%s%s", tc(o, mc), mark, tc(o, op->op == TXD_OP_MATCH ? "" : C_OFF), b ? " " : "");
        if (b) {
            fputs(tc(o, op->op == TXD_OP_MATCH ? "" : mc), o->f);
            text_cell(o, b, w, 0);
            fputs(tc(o, op->op == TXD_OP_MATCH ? "" : C_OFF), o->f);
        }
        fputs("\n", o->f);
    }
}

/* The next line of a wrapped value: leading blanks skipped, trailing ones not printed. */
static void next_piece(const char *s, size_t len, size_t *i, int w, size_t *start, size_t *n)
{
    while (*i < len && s[*i] == ' ')
        (*i)++;
    size_t take = *i < len ? txo_wrap_take(s + *i, len - *i, w) : 0;
    *start = *i;
    *n = take;
    while (*n && s[*start + *n - 1] == ' ')
        (*n)--;
    *i += take;
}

/* Width of each value column; *namew is the name column (0: the name goes
 * on its own line above the values).  Under 16: one value per line. */
static int diff_cols(int width, int *namew)
{
    if (width >= 100) {
        *namew = 28;
        return (width - 3 - 28 - 2 - 3) / 2;
    }
    *namew = 0;
    return (width - 6 - 3) / 2;
}

/* Two wrapped columns of values, after (or under) the fact name. */
static void text_diff(const tout *o, const fact *d)
{
    int namew, w = diff_cols(o->width, &namew);
    int lead = namew ? 3 + namew + 2 : 6;
    size_t nlen = strlen(d->name);
    const char *g = d->good ? d->good : "-", *b = d->bad ? d->bad : "-";
    fputs("   ", o->f);
    txo_text(o->f, d->name, nlen);
    if (w < 16) {
        fputs("\n", o->f);
        for (int sd = 0; sd < 2; sd++) {
            const char *v = sd ? b : g;
            size_t vl = strlen(v), vi = 0, st, sn;
            int firstl = 1;
            while (firstl || vi < vl) {
                next_piece(v, vl, &vi, o->width - 12 > 8 ? o->width - 12 : 8, &st, &sn);
                fprintf(o->f, "      %s", firstl ? (sd ? "BAD:  " : "GOOD: ") : "      ");
                txo_text(o->f, v + st, sn);
                fputs("\n", o->f);
                firstl = 0;
            }
        }
        return;
    }
    if (namew && (int)nlen <= namew)
        fprintf(o->f, "%*s", lead - 3 - (int)nlen, "");
    else
        fprintf(o->f, "\n%*s", lead, "");
    size_t gl = strlen(g), bl = strlen(b), gi = 0, bi = 0;
    int first = 1;
    while (first || gi < gl || bi < bl) {
        if (!first)
            fprintf(o->f, "%*s", lead, "");
        first = 0;
        size_t gs, gn, bs, bn;
        next_piece(g, gl, &gi, w, &gs, &gn);
        next_piece(b, bl, &bi, w, &bs, &bn);
        txo_text(o->f, g + gs, gn);
        if (bn) {
            fprintf(o->f, "%*s", w - (int)txo_width(g + gs, gn) + 3, "");
            fputs(tc(o, C_YELLOW), o->f);
            txo_text(o->f, b + bs, bn);
            fputs(tc(o, C_OFF), o->f);
        }
        fputs("\n", o->f);
    }
}

static void supported_list(const cmp *C, const char *category, char *buf, size_t n)
{
    size_t off = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < C->diffs.n && off < n; i++) {
        if (!txd_supports(category, C->diffs.v[i].name))
            continue;
        int k = snprintf(buf + off, n - off, "%s%s", off ? ", " : "", C->diffs.v[i].name);
        off = k < 0 || (size_t)k >= n - off ? n : off + (size_t)k;
    }
}

static void write_text(const cmp *C, FILE *f)
{
    const txa_model *g = C->G.a, *b = C->B.a;
    tout o = {f, b->opt.color, b->opt.width >= 20 ? b->opt.width : 80, C->r};
    char v[160], t[160], s[400];
    fprintf(f, "%scompare%s\n", tc(&o, C_BOLD), tc(&o, C_OFF));
    fprintf(f, "   GOOD  %s%s%s  %s\n", tc(&o, C_GREEN), g->raw_name, tc(&o, C_OFF), verdict_text(g, v, sizeof v));
    fprintf(f, "   BAD   %s%s%s  %s\n", tc(&o, C_RED), b->raw_name, tc(&o, C_OFF), verdict_text(b, v, sizeof v));
    snprintf(s, sizeof s, "connections: GOOD %llu (%llu completed, %llu failed), BAD %llu (%llu completed, %llu failed)",
             (unsigned long long)g->conns, (unsigned long long)g->completed, (unsigned long long)g->failed,
             (unsigned long long)b->conns, (unsigned long long)b->completed, (unsigned long long)b->failed);
    fputs("   ", f);
    txo_wrap(f, s, 3, 3, o.width);
    fputs("\n", f);
    outcome_sentence(g, b, s, sizeof s);
    if (s[0]) {
        fputs("\n   ", f);
        txo_wrap(f, s, 3, 3, o.width);
        fputs("\n", f);
    }

    fprintf(f, "\n%sFirst divergence%s\n", tc(&o, C_BOLD), tc(&o, C_OFF));
    const divergence *d = &C->dv;
    if (!d->found) {
        size_t steps = 0;
        for (unsigned i = 0; i < C->nseg; i++)
            steps += C->segs[i].nops;
        if (steps)
            fprintf(f, "   none: both logs take the same %zu steps (timestamps, randoms, names aside)\n", steps);
        else
            fputs("   none: neither log has TLS events to align (no JSSE debug output?)\n", f);
    } else {
        fprintf(f, "   %s\n", seg_title(C, &C->segs[d->seg], t, sizeof t));
        fputs("   last shared step\n", f);
        if (d->lg) {
            text_step_line(&o, "GOOD", d->lg, 0, 0);
            text_step_line(&o, "BAD", d->lb, 0, 1);
        } else {
            fputs("      (none: they differ from the first step)\n", f);
        }
        fprintf(f, "   first difference (%s)\n",
                d->op == TXD_OP_CHANGE ? "a different step" : d->op == TXD_OP_GOOD ? "missing in BAD" : "only in BAD");
        text_step_line(&o, "GOOD", d->g, d->gctx, 0);
        text_step_line(&o, "BAD", d->b, d->bctx, 1);
    }

    if (setup_note(C)) {
        fputs("   note: ", f);
        txo_wrap(f, setup_note(C), 9, 9, o.width);
        fputs("\n", f);
    }

    fprintf(f, "\n%sSide by side%s %s(| changed, < only in GOOD, > only in BAD)%s\n", tc(&o, C_BOLD), tc(&o, C_OFF),
            tc(&o, C_DIM), tc(&o, C_OFF));
    text_side_by_side(&o, C, &C->segs[0]);
    if (C->focus >= 0)
        text_side_by_side(&o, C, &C->segs[C->focus]);
    for (unsigned i = 1; i < C->nseg; i++) {
        if ((int)i == C->focus)
            continue;
        const seg *sg = &C->segs[i];
        size_t diff = 0;
        for (size_t k = 0; k < sg->nops; k++)
            diff += sg->ops[k].op != TXD_OP_MATCH;
        fprintf(f, "   %s: %zu step%s, %s\n", seg_title(C, sg, t, sizeof t), sg->nops, sg->nops == 1 ? "" : "s",
                diff ? "differs" : "same steps");
    }

    fprintf(f, "\n%sDifferences%s", tc(&o, C_BOLD), tc(&o, C_OFF));
    int col0 = 11; /* where the cursor is on the heading line */
    if (C->focus >= 0 && (C->G.n > 1 || C->B.n > 1)) {
        /* several connections: say which pair the connection facts come from */
        fprintf(f, " %s(log-wide, and %s)%s\n", tc(&o, C_DIM), seg_title(C, &C->segs[C->focus], t, sizeof t),
                tc(&o, C_OFF));
        col0 = 0;
    }
    if (!C->diffs.n) {
        fputs(col0 ? "\n   none: the facts read from both logs are the same\n"
                   : "   none: the facts read from both logs are the same\n",
              f);
    } else {
        int namew, w = diff_cols(o.width, &namew);
        if (w >= 16 && namew)
            fprintf(f, "%*sGOOD%*sBAD", 3 + namew + 2 - col0, "", w + 3 - 4, "");
        else if (w >= 16)
            fprintf(f, "%s%6sGOOD%*sBAD", col0 ? "\n" : "", "", w + 3 - 4, "");
        if (w >= 16 || col0)
            fputs("\n", f);
        for (size_t i = 0; i < C->diffs.n; i++)
            text_diff(&o, &C->diffs.v[i]);
    }

    fprintf(f, "\n%sFindings in BAD%s", tc(&o, C_BOLD), tc(&o, C_OFF));
    int num = 0;
    for (int pass = 0; pass < 3; pass++)
        for (unsigned i = 0; i < b->nfind; i++) {
            const txa_mfinding *fd = &b->findings[i];
            if (!listed(fd, pass))
                continue;
            if (!num)
                fputs(" (most likely first)\n", f);
            fprintf(f, "   %d. %s", ++num, tc(&o, C_BOLD));
            txo_wrap(f, fd->title, 6, 6, o.width);
            fprintf(f, "%s\n      [%s] %s, confidence %d\n", tc(&o, C_OFF), fd->category,
                    pass == 0 ? "cause" : pass == 1 ? "risk" : "note", fd->score);
            char sup[1024];
            supported_list(C, fd->category, sup, sizeof sup);
            fputs("      supported by: ", f);
            txo_wrap(f, sup[0] ? sup : "(no difference between the logs bears on it)", 20, 20, o.width);
            fputs("\n", f);
            if (fd->nev) {
                char at[64];
                snprintf(at, sizeof at, ":%llu", (unsigned long long)fd->ev[0].line);
                int room = o.width - 6 - (int)strlen(b->raw_name) - (int)strlen(at) - 2;
                fprintf(f, "      %s%s%s%s", tc(&o, C_DIM), b->raw_name, at, tc(&o, C_OFF));
                if (room < 40) {
                    fputs("\n        ", f);
                    room = o.width - 8;
                } else {
                    fputs("  ", f);
                }
                char body[TX_MAX_EVIDENCE_LINE + 1];
                snprintf(body, sizeof body, "%s", txd_line_body(fd->ev[0].text));
                txd_mask(C->r, body, sizeof body);
                txo_put(f, body, room, 0);
                fputs("\n", f);
            }
        }
    if (!num)
        fputs("\n   none: no rule matched the BAD log\n", f);

    int nl = 0;
    if (C->dropped_steps) {
        fprintf(f, "\n%sLimits%s\n", tc(&o, C_BOLD), tc(&o, C_OFF));
        fprintf(f, "   - %zu step%s past the first %u of a connection were not aligned\n", C->dropped_steps,
                C->dropped_steps == 1 ? "" : "s", TXD_MAX_STEPS);
        nl = 1;
    }
    for (int sd = 0; sd < 2; sd++) {
        const txa_model *a = sd ? b : g;
        for (int i = 0; i < a->nnotes; i++) {
            if (!nl++)
                fprintf(f, "\n%sLimits%s\n", tc(&o, C_BOLD), tc(&o, C_OFF));
            fprintf(f, "   - %s: %s\n", sd ? "BAD" : "GOOD", a->notes[i]);
        }
    }
}

/* ---- JSON ---------------------------------------------------------------------------------- */

static void json_nstr(FILE *f, const char *s)
{
    if (s)
        txo_json_cstr(f, s);
    else
        fputs("null", f);
}

static void json_line(FILE *f, const char *key, const txd_step *s)
{
    fprintf(f, "\"%s_line\":", key);
    if (s && s->ev->src)
        fprintf(f, "%llu", (unsigned long long)s->line);
    else
        fputs("null", f);
}

static void json_text(FILE *f, txa_redactor *r, const char *key, const txd_step *s)
{
    fprintf(f, ",\"%s\":", key);
    if (s && s->ev->src)
        txd_json_masked(f, r, s->ev->src->text, s->ev->src->len);
    else
        fputs("null", f);
    if (s && s->ev->src && s->ev->src->cut)
        fprintf(f, ",\"%s_cut\":true", key);
    char lab[512];
    fprintf(f, ",\"%s_step\":", key);
    if (s) {
        txd_step_arrow(s, lab, sizeof lab);
        txd_json_masked(f, r, lab, strlen(lab));
    } else {
        fputs("null", f);
    }
}

static void json_conn_ids(FILE *f, const cmp *C, const seg *s)
{
    fprintf(f, "\"segment\":\"%s\",\"good_connection\":", s->setup ? "setup" : "connection");
    if (s->g >= 0)
        fprintf(f, "%u", (unsigned)C->G.c[s->g]->id);
    else
        fputs("null", f);
    fputs(",\"bad_connection\":", f);
    if (s->b >= 0)
        fprintf(f, "%u", (unsigned)C->B.c[s->b]->id);
    else
        fputs("null", f);
}

/* The explain findings, each object given a "supported_by" list.  The
 * objects are written by txo_json_findings (one schema for explain and
 * compare); this splices the extra member in before each object closes,
 * finding the rule by the object's leading "id". */
static void json_findings(FILE *f, const cmp *C)
{
    const txa_model *b = C->B.a;
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m) {
        txo_json_findings(f, b, C->r);
        return;
    }
    txo_json_findings(m, b, C->r);
    if (fclose(m) != 0 || !buf) {
        free(buf);
        txo_json_findings(f, b, C->r);
        return;
    }
    int depth = 0, instr = 0, esc = 0;
    size_t objstart = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = buf[i];
        if (instr) {
            if (esc)
                esc = 0;
            else if (ch == '\\')
                esc = 1;
            else if (ch == '"')
                instr = 0;
        } else if (ch == '"') {
            instr = 1;
        } else if (ch == '{' || ch == '[') {
            if (++depth == 2)
                objstart = i;
        } else if (ch == '}' || ch == ']') {
            if (ch == '}' && depth == 2) {
                const char *cat = NULL;
                static const char idkey[] = "{\"id\":\"";
                if (!strncmp(buf + objstart, idkey, sizeof idkey - 1)) {
                    const char *id = buf + objstart + sizeof idkey - 1;
                    size_t idn = strcspn(id, "\"\\");
                    for (unsigned k = 0; k < b->nfind && !cat; k++)
                        if (strlen(b->findings[k].id) == idn && !strncmp(b->findings[k].id, id, idn))
                            cat = b->findings[k].category;
                }
                fputs(",\"supported_by\":[", f);
                int first = 1;
                for (size_t k = 0; cat && k < C->diffs.n; k++) {
                    if (!txd_supports(cat, C->diffs.v[k].name))
                        continue;
                    if (!first)
                        putc(',', f);
                    first = 0;
                    txo_json_cstr(f, C->diffs.v[k].name);
                }
                putc(']', f);
            }
            depth--;
        }
        putc(ch, f);
    }
    free(buf);
}

static void json_op_step(FILE *f, txa_redactor *r, const char *key, const txd_step *s)
{
    char lab[512];
    fprintf(f, ",\"%s\":", key);
    if (!s) {
        fputs("null", f);
        return;
    }
    txd_step_arrow(s, lab, sizeof lab);
    fprintf(f, "{\"line\":%llu,\"step\":", (unsigned long long)s->line);
    txd_json_masked(f, r, lab, strlen(lab));
    putc('}', f);
}

static void write_json(const cmp *C, FILE *f)
{
    const txa_model *g = C->G.a, *b = C->B.a;
    char s[400];
    fputs("{\"schema\":\"compare-v1\",\"good\":", f); /* docs/compare-v1.schema.json */
    txo_json_cstr(f, g->raw_name);
    fputs(",\"bad\":", f);
    txo_json_cstr(f, b->raw_name);
    fprintf(f, ",\"verdict_good\":\"%s\",\"verdict_bad\":\"%s\",\"top_category_good\":", txo_verdict_name(g->verdict),
            txo_verdict_name(b->verdict));
    json_nstr(f, g->top_category);
    fputs(",\"top_category_bad\":", f);
    json_nstr(f, b->top_category);
    fprintf(f, ",\"same_outcome\":%s,\"outcome\":", same_outcome(g, b) ? "true" : "false");
    outcome_sentence(g, b, s, sizeof s);
    json_nstr(f, s[0] ? s : NULL);
    fprintf(f, ",\"connections\":{\"good\":%llu,\"bad\":%llu,\"paired\":", (unsigned long long)g->conns,
            (unsigned long long)b->conns);
    unsigned paired = 0;
    for (unsigned i = 0; i < C->nseg; i++)
        paired += !C->segs[i].setup && C->segs[i].g >= 0 && C->segs[i].b >= 0;
    fprintf(f, "%u}", paired);

    fputs(",\"first_divergence\":", f);
    const divergence *d = &C->dv;
    if (!d->found) {
        fputs("null", f);
    } else {
        fprintf(f, "{\"kind\":\"%s\",", op_name(d->op));
        json_conn_ids(f, C, &C->segs[d->seg]);
        putc(',', f);
        json_line(f, "good", d->g);
        putc(',', f);
        json_line(f, "bad", d->b);
        json_text(f, C->r, "good", d->g);
        json_text(f, C->r, "bad", d->b);
        fprintf(f, ",\"good_context\":%s,\"bad_context\":%s",
                d->gctx == 1 ? "\"goes_on_with\"" : d->gctx == 2 ? "\"stopped_after\"" : "null",
                d->bctx == 1 ? "\"goes_on_with\"" : d->bctx == 2 ? "\"stopped_after\"" : "null");
        fputs(",\"last_shared\":", f);
        if (d->lg) {
            putc('{', f);
            json_line(f, "good", d->lg);
            putc(',', f);
            json_line(f, "bad", d->lb);
            json_text(f, C->r, "good", d->lg);
            json_text(f, C->r, "bad", d->lb);
            putc('}', f);
        } else {
            fputs("null", f);
        }
        putc('}', f);
    }

    /* the connections the connection facts were read from */
    fputs(",\"focus\":", f);
    if (C->focus >= 0) {
        putc('{', f);
        json_conn_ids(f, C, &C->segs[C->focus]);
        putc('}', f);
    } else {
        fputs("null", f);
    }
    fputs(",\"differences\":[", f);
    for (size_t i = 0; i < C->diffs.n; i++) {
        const fact *x = &C->diffs.v[i];
        if (i)
            putc(',', f);
        fputs("{\"fact\":", f);
        txo_json_cstr(f, x->name);
        fputs(",\"good\":", f);
        json_nstr(f, x->good);
        fputs(",\"bad\":", f);
        json_nstr(f, x->bad);
        putc('}', f);
    }
    fputs("],", f);
    json_findings(f, C);

    fputs(",\"alignment\":[", f);
    for (unsigned i = 0; i < C->nseg; i++) {
        const seg *sg = &C->segs[i];
        if (i)
            putc(',', f);
        putc('{', f);
        json_conn_ids(f, C, sg);
        fputs(",\"steps\":[", f);
        for (size_t k = 0; k < sg->nops; k++) {
            const txd_op *op = &sg->ops[k];
            if (k)
                putc(',', f);
            fprintf(f, "{\"op\":\"%s\"", op_name(op->op));
            json_op_step(f, C->r, "good", op->g != TXD_NONE ? &sg->gs->v[op->g] : NULL);
            json_op_step(f, C->r, "bad", op->b != TXD_NONE ? &sg->bs->v[op->b] : NULL);
            putc('}', f);
        }
        fputs("]}", f);
    }
    fputs("],\"notes\":[", f);
    if (setup_note(C))
        txo_json_cstr(f, setup_note(C));
    fputs("],\"limits\":[", f);
    int first = 1;
    if (C->dropped_steps) {
        fprintf(f, "\"%zu steps past the first %u of a connection were not aligned\"", C->dropped_steps, TXD_MAX_STEPS);
        first = 0;
    }
    for (int sd = 0; sd < 2; sd++) {
        const txa_model *x = sd ? b : g;
        for (int i = 0; i < x->nnotes; i++) {
            char line[200];
            snprintf(line, sizeof line, "%s: %.160s", sd ? "BAD" : "GOOD", x->notes[i]);
            if (!first)
                putc(',', f);
            first = 0;
            txo_json_cstr(f, line);
        }
    }
    fputs("]}\n", f);
}

/* ---- Markdown ---------------------------------------------------------------------------------- */

static void md_cell_step(FILE *f, const char *file, const txd_step *s, int ctx, int bad)
{
    if (!s) {
        fputs("-", f);
        return;
    }
    char lab[512];
    txd_step_arrow(s, lab, sizeof lab);
    if (ctx) {
        fputs("*", f);
        fputs(ctx_words(ctx, bad), f);
        fputs("* ", f);
    }
    char at[600];
    snprintf(at, sizeof at, "%s:%llu", file, (unsigned long long)s->line);
    txo_md_code(f, at, strlen(at));
    fputs(" ", f);
    txo_md_text(f, lab, strlen(lab));
}

static void md_quote(FILE *f, const char *file, const txd_step *s)
{
    if (!s || !s->ev->src)
        return;
    const char *t = s->ev->src->text;
    fprintf(f, "%s:%llu: ", file, (unsigned long long)s->line);
    if (strstr(t, "```"))
        fputs("(line contains a code fence; see the log)", f);
    else
        txo_text(f, t, strlen(t));
    fputs("\n", f);
}

static void write_md(const cmp *C, FILE *f)
{
    const txa_model *g = C->G.a, *b = C->B.a;
    char v[160], t[160], s[400];
    fputs("### tlsexplain compare: ", f);
    txo_md_code(f, g->raw_name, strlen(g->raw_name));
    fputs(" vs ", f);
    txo_md_code(f, b->raw_name, strlen(b->raw_name));
    fputs("\n\n| | log | verdict | connections |\n|---|---|---|---|\n| GOOD | ", f);
    txo_md_code(f, g->raw_name, strlen(g->raw_name));
    fprintf(f, " | %s | %llu (%llu completed, %llu failed) |\n| BAD | ", verdict_text(g, v, sizeof v),
            (unsigned long long)g->conns, (unsigned long long)g->completed, (unsigned long long)g->failed);
    txo_md_code(f, b->raw_name, strlen(b->raw_name));
    fprintf(f, " | %s | %llu (%llu completed, %llu failed) |\n", verdict_text(b, v, sizeof v),
            (unsigned long long)b->conns, (unsigned long long)b->completed, (unsigned long long)b->failed);
    outcome_sentence(g, b, s, sizeof s);
    if (s[0])
        fprintf(f, "\n**%s**\n", s);

    fputs("\n#### First divergence\n\n", f);
    const divergence *d = &C->dv;
    if (!d->found) {
        fputs("None: both logs take the same steps.\n", f);
    } else {
        fprintf(f, "%s: %s.\n\n| | GOOD | BAD |\n|---|---|---|\n| last shared step | ",
                seg_title(C, &C->segs[d->seg], t, sizeof t),
                d->op == TXD_OP_CHANGE ? "a different step" : d->op == TXD_OP_GOOD ? "a step missing in BAD"
                                                                                   : "a step only in BAD");
        md_cell_step(f, g->raw_name, d->lg, 0, 0);
        fputs(" | ", f);
        md_cell_step(f, b->raw_name, d->lb, 0, 1);
        fputs(" |\n| first difference | ", f);
        md_cell_step(f, g->raw_name, d->g, d->gctx, 0);
        fputs(" | ", f);
        md_cell_step(f, b->raw_name, d->b, d->bctx, 1);
        fputs(" |\n\n```\n", f);
        md_quote(f, g->raw_name, d->gctx ? NULL : d->g);
        md_quote(f, b->raw_name, d->bctx ? NULL : d->b);
        fputs("```\n", f);
    }

    if (setup_note(C))
        fprintf(f, "\nNote: %s\n", setup_note(C));

    fputs("\n#### Side by side\n\n`|` changed, `<` only in GOOD, `>` only in BAD\n\n```\n", f);
    tout o = {f, 0, 100, C->r};
    text_side_by_side(&o, C, &C->segs[0]);
    if (C->focus >= 0)
        text_side_by_side(&o, C, &C->segs[C->focus]);
    fputs("```\n", f);

    fputs("\n#### Differences\n\n", f);
    if (!C->diffs.n) {
        fputs("None: the facts read from both logs are the same.\n", f);
    } else {
        fputs("| fact | GOOD | BAD |\n|---|---|---|\n", f);
        for (size_t i = 0; i < C->diffs.n; i++) {
            const fact *x = &C->diffs.v[i];
            fputs("| ", f);
            txo_md_code(f, x->name, strlen(x->name));
            fputs(" | ", f);
            if (x->good)
                txo_md_text(f, x->good, strlen(x->good));
            else
                fputs("-", f);
            fputs(" | ", f);
            if (x->bad)
                txo_md_text(f, x->bad, strlen(x->bad));
            else
                fputs("-", f);
            fputs(" |\n", f);
        }
    }

    fputs("\n#### Findings in BAD\n\n", f);
    int num = 0;
    for (int pass = 0; pass < 3; pass++)
        for (unsigned i = 0; i < b->nfind; i++) {
            const txa_mfinding *fd = &b->findings[i];
            if (!listed(fd, pass))
                continue;
            fprintf(f, "%d. **", ++num);
            txo_md_text(f, fd->title, strlen(fd->title));
            fprintf(f, "** (`%s`, confidence %d) - supported by: ", fd->category, fd->score);
            int any = 0;
            for (size_t k = 0; k < C->diffs.n; k++) {
                if (!txd_supports(fd->category, C->diffs.v[k].name))
                    continue;
                fputs(any ? ", " : "", f);
                txo_md_code(f, C->diffs.v[k].name, strlen(C->diffs.v[k].name));
                any = 1;
            }
            fputs(any ? "\n" : "no difference between the logs bears on it\n", f);
        }
    if (!num)
        fputs("None: no rule matched the BAD log.\n", f);
}

/* ---- HTML ---------------------------------------------------------------------------------- */

static void esc_ctx(FILE *f, const char *s) { txo_html_esc(f, s, strlen(s)); }

static txo_rung step_rung(const txd_step *s, int local)
{
    txo_rung r;
    memset(&r, 0, sizeof r);
    r.line = s->line;
    r.time = s->ev ? s->ev->time : TXI_NO_TIME;
    r.repeat = s->repeat ? s->repeat : 1;
    txd_step_label(s, r.label, sizeof r.label);
    switch (s->kind) {
    case TXD_S_MESSAGE:
    case TXD_S_CERT:
    case TXD_S_SNI:
        r.kind = TXO_R_MSG;
        break;
    case TXD_S_ALERT:
        r.kind = TXO_R_ALERT;
        break;
    case TXD_S_EXCEPTION:
        r.kind = TXO_R_EXC;
        break;
    default:
        r.kind = TXO_R_NOTE;
    }
    r.from = s->from ? s->from : (uint8_t)local;
    r.to = s->to ? s->to : (uint8_t)(r.from == 1 ? 2 : 1);
    return r;
}

/* The two ladders of a segment, row for row along the alignment. */
static void html_pair(const cmp *C, const seg *sg, const txo_html *hg, const txo_html *hb, unsigned si)
{
    FILE *f = hg->f;
    size_t n = sg->nops;
    txo_rung *g = n ? calloc(n, sizeof *g) : NULL, *b = n ? calloc(n, sizeof *b) : NULL;
    if (!g || !b) {
        free(g);
        free(b);
        return;
    }
    int lg = sg->g >= 0 ? txd_local_side(C->G.c[sg->g]) : TXD_SIDE_CLIENT;
    int lb = sg->b >= 0 ? txd_local_side(C->B.c[sg->b]) : TXD_SIDE_CLIENT;
    for (size_t k = 0; k < n; k++) {
        const txd_op *op = &sg->ops[k];
        const txd_step *sgs = op->g != TXD_NONE ? &sg->gs->v[op->g] : NULL;
        const txd_step *sbs = op->b != TXD_NONE ? &sg->bs->v[op->b] : NULL;
        g[k].kind = b[k].kind = TXO_R_GAP;
        if (sgs)
            g[k] = step_rung(sgs, lg);
        if (sbs)
            b[k] = step_rung(sbs, lb);
        uint8_t mark = op->op == TXD_OP_CHANGE ? TXO_M_CHANGED : op->op == TXD_OP_MATCH ? TXO_M_NONE : TXO_M_ONLY;
        g[k].mark = b[k].mark = mark;
        if (C->dv.found && C->dv.seg == si) {
            if (sgs && sgs == C->dv.g)
                g[k].mark = TXO_M_DIVERGE;
            if (sbs && sbs == C->dv.b)
                b[k].mark = TXO_M_DIVERGE;
        }
    }
    char t[200], cap[300], id[40];
    fputs("<h3>Side by side</h3>\n<div class=\"pair\">\n", f);
    seg_title(C, sg, t, sizeof t);
    snprintf(cap, sizeof cap, "GOOD: %s", t);
    snprintf(id, sizeof id, "s%u-g", si);
    txo_html_ladder(hg, id, cap, g, n);
    snprintf(cap, sizeof cap, "BAD: %s", t);
    snprintf(id, sizeof id, "s%u-b", si);
    txo_html_ladder(hb, id, cap, b, n);
    fputs("</div>\n<p class=\"meta\">Rows line up along the alignment: a highlighted row differs, a dash is a step "
          "the other log has and this one has not; the first divergence is outlined.</p>\n",
          f);
    free(g);
    free(b);
}

static void html_step(const txo_html *h, const char *who, const txd_step *s, int ctx, int bad)
{
    FILE *f = h->f;
    char lb[300];
    fprintf(f, "<li><strong>%s</strong> ", who);
    if (!s) {
        fputs("(nothing)</li>\n", f);
        return;
    }
    if (ctx) {
        esc_ctx(f, ctx_words(ctx, bad));
        putc(' ', f);
    }
    txd_step_label(s, lb, sizeof lb);
    txo_html_str(h, lb);
    fprintf(f, " (<a href=\"#%s-L%llu\">", h->fid, (unsigned long long)s->line);
    txo_html_str(h, h->file);
    fprintf(f, ":%llu</a>)</li>\n", (unsigned long long)s->line);
}

static void write_html(const cmp *C, FILE *f)
{
    const txa_model *g = C->G.a, *b = C->B.a;
    struct txo_lines *gl = txo_lines_new(g), *bl = txo_lines_new(b);
    txo_html hg = {f, C->r, "g", g->raw_name, gl}, hb = {f, C->r, "b", b->raw_name, bl};
    char v[160], t[300], s[400];
    char *gn = C->r ? txa_redact_str(C->r, g->raw_name) : NULL, *bn = C->r ? txa_redact_str(C->r, b->raw_name) : NULL;
    snprintf(t, sizeof t, "tlsexplain compare: %s vs %s", gn ? gn : g->raw_name, bn ? bn : b->raw_name);
    free(gn);
    free(bn);
    txo_html_begin(f, t);
    fputs("<section aria-labelledby=\"cmp-h\">\n<h2 id=\"cmp-h\">The two logs</h2>\n<table>\n<tbody>\n", f);
    for (int k = 0; k < 2; k++) {
        const txa_model *a = k ? b : g;
        fprintf(f, "<tr><th scope=\"row\">%s</th><td><span class=\"mono\">", k ? "BAD" : "GOOD");
        txo_html_str(k ? &hb : &hg, a->raw_name);
        fprintf(f, "</span></td><td><span class=\"v-%s\">", txo_verdict_name(a->verdict));
        esc_ctx(f, verdict_text(a, v, sizeof v));
        fprintf(f, "</span></td><td>%llu connections, %llu completed, %llu failed</td></tr>\n",
                (unsigned long long)a->conns, (unsigned long long)a->completed, (unsigned long long)a->failed);
    }
    fputs("</tbody>\n</table>\n", f);
    outcome_sentence(g, b, s, sizeof s);
    if (s[0]) {
        fputs("<p>", f);
        esc_ctx(f, s);
        fputs("</p>\n", f);
    }
    if (setup_note(C)) {
        fputs("<p class=\"meta\">Note: ", f);
        esc_ctx(f, setup_note(C));
        fputs("</p>\n", f);
    }
    fputs("<h3>First divergence</h3>\n", f);
    const divergence *d = &C->dv;
    if (!d->found) {
        size_t steps = 0;
        for (unsigned i = 0; i < C->nseg; i++)
            steps += C->segs[i].nops;
        if (steps)
            fprintf(f, "<p>None: both logs take the same %zu steps (timestamps, randoms, names aside).</p>\n", steps);
        else
            fputs("<p>None: neither log has TLS events to align (no JSSE debug output?).</p>\n", f);
    } else {
        fputs("<p>In ", f);
        esc_ctx(f, seg_title(C, &C->segs[d->seg], t, sizeof t));
        fprintf(f, ": <strong>%s</strong>.</p>\n<p>Last shared step:</p>\n<ul>\n",
                d->op == TXD_OP_CHANGE ? "a different step" : d->op == TXD_OP_GOOD ? "missing in BAD" : "only in BAD");
        if (d->lg) {
            html_step(&hg, "GOOD", d->lg, 0, 0);
            html_step(&hb, "BAD", d->lb, 0, 1);
        } else {
            fputs("<li>(none: they differ from the first step)</li>\n", f);
        }
        fputs("</ul>\n<p>First difference:</p>\n<ul>\n", f);
        html_step(&hg, "GOOD", d->g, d->gctx, 0);
        html_step(&hb, "BAD", d->b, d->bctx, 1);
        fputs("</ul>\n", f);
    }
    if (C->focus >= 0)
        html_pair(C, &C->segs[C->focus], &hg, &hb, (unsigned)C->focus);
    else if (C->nseg > 1)
        html_pair(C, &C->segs[1], &hg, &hb, 1);
    for (unsigned i = 1; i < C->nseg; i++) {
        if ((int)i == C->focus || (C->focus < 0 && i == 1))
            continue;
        const seg *sg = &C->segs[i];
        size_t diff = 0;
        for (size_t k = 0; k < sg->nops; k++)
            diff += sg->ops[k].op != TXD_OP_MATCH;
        fputs("<p class=\"meta\">", f);
        esc_ctx(f, seg_title(C, sg, t, sizeof t));
        fprintf(f, ": %zu step%s, %s.</p>\n", sg->nops, sg->nops == 1 ? "" : "s", diff ? "differs" : "same steps");
    }
    fputs("<h3>Differences</h3>\n", f);
    if (C->focus >= 0 && (C->G.n > 1 || C->B.n > 1)) {
        fputs("<p class=\"meta\">Log-wide, and ", f);
        esc_ctx(f, seg_title(C, &C->segs[C->focus], t, sizeof t));
        fputs(".</p>\n", f);
    }
    if (!C->diffs.n) {
        fputs("<p>None: the facts read from both logs are the same.</p>\n", f);
    } else {
        fputs("<table>\n<thead><tr><th scope=\"col\">fact</th><th scope=\"col\">GOOD</th><th scope=\"col\">BAD</th></tr>"
              "</thead>\n<tbody>\n",
              f);
        for (size_t i = 0; i < C->diffs.n; i++) {
            const fact *x = &C->diffs.v[i];
            fputs("<tr><td><code>", f);
            esc_ctx(f, x->name);
            fputs("</code></td><td>", f);
            if (x->good)
                txo_html_str(&hg, x->good);
            else
                fputs("<em>(absent)</em>", f);
            fputs("</td><td>", f);
            if (x->bad)
                txo_html_str(&hb, x->bad);
            else
                fputs("<em>(absent)</em>", f);
            fputs("</td></tr>\n", f);
        }
        fputs("</tbody>\n</table>\n", f);
    }
    fputs("<h3>Findings in BAD</h3>\n", f);
    int num = 0;
    for (int pass = 0; pass < 3; pass++)
        for (unsigned i = 0; i < b->nfind; i++) {
            const txa_mfinding *fd = &b->findings[i];
            if (!listed(fd, pass))
                continue;
            if (!num++)
                fputs("<ol class=\"findings\">\n", f);
            char sup[1024];
            supported_list(C, fd->category, sup, sizeof sup);
            txo_html_finding(&hb, b, fd, 1, sup);
        }
    fputs(num ? "</ol>\n" : "<p>None: no rule matched the BAD log.</p>\n", f);
    int nl = 0;
    if (C->dropped_steps) {
        fprintf(f, "<h3>Limits</h3>\n<ul>\n<li>%zu step%s past the first %u of a connection were not aligned</li>\n",
                C->dropped_steps, C->dropped_steps == 1 ? "" : "s", TXD_MAX_STEPS);
        nl = 1;
    }
    for (int sd = 0; sd < 2; sd++) {
        const txa_model *a = sd ? b : g;
        for (int i = 0; i < a->nnotes; i++) {
            if (!nl++)
                fputs("<h3>Limits</h3>\n<ul>\n", f);
            fprintf(f, "<li>%s: ", sd ? "BAD" : "GOOD");
            esc_ctx(f, a->notes[i]);
            fputs("</li>\n", f);
        }
    }
    if (nl)
        fputs("</ul>\n", f);
    txo_html_log_lines(&hg, g);
    txo_html_log_lines(&hb, b);
    fputs("</section>\n", f);
    txo_html_end(f);
    txo_lines_free(gl);
    txo_lines_free(bl);
}

static tx_status compare_writer(const txa_model *good, const txa_model *bad, txa_redactor *r, tx_format fmt, FILE *out)
{
    txd_mask_learn_cns(r, good);
    txd_mask_learn_cns(r, bad);
    cmp *C = cmp_build(good, bad, r);
    if (!C)
        return TX_ENOMEM;
    if (fmt == TX_FORMAT_JSON)
        write_json(C, out);
    else if (fmt == TX_FORMAT_MARKDOWN)
        write_md(C, out);
    else if (fmt == TX_FORMAT_HTML)
        write_html(C, out);
    else
        write_text(C, out);
    cmp_free(C);
    return ferror(out) ? TX_EIO : TX_OK;
}

tx_status tx_compare_write(const tx_analysis *ga, const tx_analysis *ba, tx_format fmt, FILE *out)
{
    const txa_model *good = txa_model_get(ga), *bad = txa_model_get(ba);
    if (!good || !bad || !out)
        return TX_EINVAL;
    /* --redact: both logs teach the redactor, the output is masked */
    return txo_write_redacted(good, bad, fmt, out, compare_writer);
}
