/*
 * facts.c - compare, step 4 and 5 (compare.c has the whole story): the
 * facts read from each log's setup events and focus connection, the list
 * facts (what only one side has), and which facts support a finding (its
 * category's `support:` globs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

/* ---- the category -> supporting facts (rules/tls/categories.yaml) ------------------------ */

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

int txd_supports(const txa_mfinding *fd, const char *name)
{
    if (fd && fd->nsupport) {
        for (unsigned i = 0; i < fd->nsupport; i++)
            if (txd_glob(fd->support[i], name))
                return 1;
        return 0;
    }
    const char *list = fallback_support;
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


static char *dup_cut(const char *s)
{
    size_t n = strlen(s);
    if (n > TX_MAX_FACT_VALUE)
        n = TX_MAX_FACT_VALUE;
    char *d = malloc(n + 4);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    if (n == TX_MAX_FACT_VALUE)
        memcpy(d + n, "...", 3), n += 3;
    d[n] = '\0';
    return d;
}

/* Add a fact (one side: good == NULL for the BAD list and vice versa; both for a difference). */
void txd_fadd(facts *F, unsigned rank, const char *name, const char *good, const char *bad)
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

void txd_facts_free(facts *F)
{
    for (size_t i = 0; i < F->n; i++) {
        free(F->v[i].name);
        free(F->v[i].good);
        free(F->v[i].bad);
    }
    free(F->v);
    memset(F, 0, sizeof *F);
}

int txd_cmp_fact(const void *x, const void *y)
{
    const fact *a = x, *b = y;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    return strcmp(a->name, b->name);
}


void txd_put_fact(fctx *x, unsigned rank, const char *name, const char *val)
{
    if (val)
        txd_fadd(x->F, rank, name, val, NULL);
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

void txd_setup_facts(fctx *x, const txa_model *a)
{
    char home[512];
    const char *jh = NULL;
    const txi_event *ts = NULL, *ks = NULL;
    size_t eoff = 0;
    char errs[TX_MAX_FACT_VALUE + 1] = "";
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
                txd_put_fact(x, RANK(SEC_CONFIG, 0, 0), name, v);
            } else { /* set again later in the log: the last value counts */
                free(old->good);
                old->good = dup_cut(v);
                if (!old->good)
                    x->F->oom = 1;
            }
        }
    }
    txd_put_fact(x, RANK(SEC_JVM, 0, 0), "jvm.java_home", jh);
    txd_put_fact(x, RANK(SEC_JVM, 0, 1), "jvm.log_format", a->dialects[0] ? a->dialects : NULL);
    if (ts) {
        const char *p = txi_ev_str(ts, TXF_PATH);
        txd_put_fact(x, RANK(SEC_TRUST, 0, 0), "truststore.path", p && *p ? p : "(default)");
        txd_put_fact(x, RANK(SEC_TRUST, 0, 1), "truststore.default", is_default_store(p) ? "yes (the JDK's own cacerts)" : "no");
        txd_put_fact(x, RANK(SEC_TRUST, 0, 2), "truststore.type", txi_ev_str(ts, TXF_STORE_TYPE));
        txd_put_fact(x, RANK(SEC_TRUST, 0, 3), "truststore.anchors", txi_ev_str(ts, TXF_COUNT));
    }
    txd_put_fact(x, RANK(SEC_TRUST, 0, 5), "truststore.error", eoff ? errs : NULL);
    if (ks) {
        const char *p = txi_ev_str(ks, TXF_PATH);
        txd_put_fact(x, RANK(SEC_KEY, 0, 0), "keystore.path", p && *p ? p : "(none)");
        txd_put_fact(x, RANK(SEC_KEY, 0, 1), "keystore.type", txi_ev_str(ks, TXF_STORE_TYPE));
        txd_put_fact(x, RANK(SEC_KEY, 0, 2), "keystore.error", txi_ev_str(ks, TXF_ERROR));
    }
}

static void cert_facts(fctx *x, int sec, const char *owner, unsigned i, const txi_event *c)
{
    char name[96], v[256];
#define F(field, k, val)                                                                           \
    do {                                                                                           \
        snprintf(name, sizeof name, "%s.cert[%u].%s", owner, i, field);                           \
        txd_put_fact(x, RANK(sec, i + 1, k), name, val);                                                    \
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


void txd_conn_facts(fctx *x, const txi_conn *c, conninfo *ci)
{
    memset(ci, 0, sizeof *ci);
    if (!c)
        return;
    const txi_event *nego = NULL, *exc = NULL, *target = NULL;
    int requested = 0, got_far = 0, client_cert = -2;
    char sni[512] = "", alerts[TX_MAX_FACT_VALUE + 1] = "", trusted[TX_MAX_FACT_VALUE + 1] = "";
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
            txd_put_fact(x, RANK(SEC_CONN, 0, 0), "connection.target", u);
        else if (h) {
            snprintf(x->buf, sizeof x->buf, "%s%s%s", h, p ? ":" : "", p ? p : "");
            txd_put_fact(x, RANK(SEC_CONN, 0, 0), "connection.target", x->buf);
        }
    }
    txd_put_fact(x, RANK(SEC_CONN, 0, 1), "sni", sni[0] ? sni : (ci->hello ? "(none sent)" : NULL));
    if (ci->hello) {
        const char *v = join_list(x, ci->hello, TXF_VERSIONS, ", ");
        txd_put_fact(x, RANK(SEC_PROTO, 0, 0), "protocols.offered", v ? v : txi_ev_str(ci->hello, TXF_VERSION));
    }
    if (nego) {
        txd_put_fact(x, RANK(SEC_PROTO, 0, 1), "protocol.negotiated", txi_ev_str(nego, TXF_VERSION));
        txd_put_fact(x, RANK(SEC_PROTO, 0, 3), "cipher.negotiated", txi_ev_str(nego, TXF_CIPHER));
    }
    static const char *const owner[2] = {"server", "client"};
    for (int k = 0; k < 2; k++) {
        int sec = k ? SEC_CLIENT : SEC_SERVER;
        if (ci->nchain[k]) {
            char name[32], n[16];
            snprintf(name, sizeof name, "%s.chain.length", owner[k]);
            snprintf(n, sizeof n, "%u", ci->nchain[k]);
            txd_put_fact(x, RANK(sec, 0, 0), name, n);
        }
        for (unsigned i = 0; i < ci->nchain[k]; i++)
            cert_facts(x, sec, owner[k], i, ci->chain[k][i]);
    }
    txd_put_fact(x, RANK(SEC_SERVER, 99, 0), "server.trusted_by", toff ? trusted : NULL);
    /* "no" only when the handshake got past the point of asking */
    txd_put_fact(x, RANK(SEC_CLIENT, 0, 1), "client_auth.requested",
        requested ? "yes" : got_far && client_cert == -2 && (c->flags & TXI_CONN_FAILED) ? "no" : NULL);
    if (client_cert > 0) {
        snprintf(x->buf, sizeof x->buf, "sent (%d certificate%s)", client_cert, client_cert == 1 ? "" : "s");
        txd_put_fact(x, RANK(SEC_CLIENT, 0, 2), "client_auth.certificate", x->buf);
    } else if (client_cert == 0) {
        txd_put_fact(x, RANK(SEC_CLIENT, 0, 2), "client_auth.certificate", "empty Certificate message (no client certificate)");
    } else if (client_cert == -1) {
        txd_put_fact(x, RANK(SEC_CLIENT, 0, 2), "client_auth.certificate", "sent");
    } else if (requested) {
        txd_put_fact(x, RANK(SEC_CLIENT, 0, 2), "client_auth.certificate", "not sent");
    }
    txd_put_fact(x, RANK(SEC_END, 0, 0), "handshake.completed", c->flags & TXI_CONN_FINISHED ? "yes" : "no");
    txd_put_fact(x, RANK(SEC_END, 0, 1), "alerts", aoff ? alerts : NULL);
    if (exc) {
        const char *cls = txi_ev_str(exc, TXF_CLASS), *msg = txi_ev_str(exc, TXF_MESSAGE);
        snprintf(x->buf, sizeof x->buf, "%s%s%s", cls ? cls : "", cls && msg ? ": " : "", msg ? msg : "");
        txd_put_fact(x, RANK(SEC_END, 0, 2), "exception", x->buf);
        const char *root = txi_ev_str(exc, TXF_ROOT);
        if (root && strcmp(root, x->buf) != 0)
            txd_put_fact(x, RANK(SEC_END, 0, 3), "exception.root", root);
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

const txi_event *txd_used_truststore(const txa_model *a)
{
    const txi_event *ts = NULL;
    for (const txi_event *g = a->globals; g; g = g->next)
        if (g->type == TXE_TRUSTSTORE && !txi_ev_str(g, TXF_ERROR))
            ts = g;
    return ts;
}

void txd_list_diff(facts *D, unsigned rank, const char *name, const txi_event *g, const txi_event *b, int fid,
                      const char *one, const char *many)
{
    if (!list_count(g, fid) && !list_count(b, fid))
        return;
    char gv[TX_MAX_FACT_VALUE + 1], bv[TX_MAX_FACT_VALUE + 1];
    int dg = only_here(gv, sizeof gv, g, b, fid, one, many);
    int db = only_here(bv, sizeof bv, b, g, fid, one, many);
    if (dg || db)
        txd_fadd(D, rank, name, g ? gv : NULL, b ? bv : NULL);
}

