/*
 * normalize.c - events become steps with run-independent signatures.
 *
 * Two runs of the same handshake never print the same bytes: timestamps,
 * thread ids, randoms, session ids, key shares, byte counts and often the
 * host names and file paths differ.  A step keeps only what says *what
 * happened*:
 *
 * Equal consecutive messages (a run of ApplicationData records) are one
 * step with a repeat count that the signature leaves out.
 *
 *   event        head (what the step is)              sig adds
 *   handshake    message name + sending side          "empty" for a Certificate with no cert
 *   negotiated   -                                    version, cipher suite
 *   sni          direction                            -
 *   certificate  chain owner (server|client) + index  -
 *   trusted      -                                    -
 *   alert        level + raising side                 description
 *   exception    -                                    class
 *   close        -                                    -
 *   target       -                                    -
 *   truststore   -                                    error | empty | loaded + type + default?
 *   keystore     -                                    error | none | file + type
 *   config       key                                  value
 *
 * Names, subjects, paths, suites offered and the like are compared as
 * facts (compare.c), not as steps: a different server name must not make
 * every later step "different".  Notices, rule matches and computed facts
 * are not steps.  The timeline draws SNI steps, but compare does not align
 * them (JDKs log the server name before or after the ClientHello line),
 * and leaves out trust-anchor steps when one log was captured with a
 * narrower javax.net.debug (see compare.c).  The signature is hashed (FNV-1a, 64 bits); the label
 * for humans is rebuilt from the event when it is printed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "../common/out.h"
#include "../analysis/redact.h"
#include "../parser/strparse.h"

uint64_t txd_hash(uint64_t h, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    return (h ^ 0xffu) * 1099511628211ull; /* a separator: ("ab","c") != ("a","bc") */
}

int txd_local_side(const txi_conn *c) { return c && c->role == TXI_ROLE_SERVER ? TXD_SIDE_SERVER : TXD_SIDE_CLIENT; }

const char *txd_side_name(int side)
{
    return side == TXD_SIDE_CLIENT ? "client" : side == TXD_SIDE_SERVER ? "server" : "";
}

static int other(int side) { return side == TXD_SIDE_CLIENT ? TXD_SIDE_SERVER : TXD_SIDE_CLIENT; }

static int is_default_store(const char *path)
{
    if (!path)
        return 0;
    const char *b = strrchr(path, '/');
    const char *w = strrchr(path, '\\');
    if (w && (!b || w > b))
        b = w;
    b = b ? b + 1 : path;
    return (strcmp(b, "cacerts") == 0 || strcmp(b, "jssecacerts") == 0) &&
           (strstr(path, "lib/security") || strstr(path, "lib\\security"));
}

/* Fill s from e; 0 if the event is not a step. */
static int step_of(const txi_event *e, int local, txd_step *s)
{
    const char *head = NULL, *d1 = NULL, *d2 = NULL, *d3 = NULL;
    char hb[160];
    memset(s, 0, sizeof *s);
    s->ev = e;
    s->line = e->src ? e->src->no : 0;
    s->repeat = 1;
    switch (e->type) {
    case TXE_HANDSHAKE: {
        const char *m = txi_ev_str(e, TXF_MESSAGE);
        if (!m)
            return 0;
        s->kind = TXD_S_MESSAGE;
        if (txi_ev_is(e, TXF_DIRECTION, "received"))
            s->from = (uint8_t)other(local);
        else
            s->from = (uint8_t)local;
        s->to = (uint8_t)other(s->from);
        snprintf(hb, sizeof hb, "msg %s %s", m, txd_side_name(s->from));
        head = hb;
        if (!strcmp(m, "Certificate") && txi_ev_int(e, TXF_COUNT, -1) == 0)
            d1 = "empty";
        break;
    }
    case TXE_NEGOTIATED:
        s->kind = TXD_S_NEGOTIATED;
        head = "negotiated";
        d1 = txi_ev_str(e, TXF_VERSION);
        d2 = txi_ev_str(e, TXF_CIPHER);
        break;
    case TXE_SNI:
        s->kind = TXD_S_SNI;
        s->from = (uint8_t)(txi_ev_is(e, TXF_DIRECTION, "received") ? other(local) : local);
        s->to = (uint8_t)other(s->from);
        snprintf(hb, sizeof hb, "sni %s", txd_side_name(s->from));
        head = hb;
        break;
    case TXE_CERTIFICATE: {
        const char *src = txi_ev_str(e, TXF_SOURCE);
        int side;
        if (!src || !strcmp(src, "peer"))
            side = other(local);
        else if (!strcmp(src, "server"))
            side = TXD_SIDE_SERVER;
        else if (!strcmp(src, "client"))
            side = TXD_SIDE_CLIENT;
        else
            return 0; /* truststore listings are facts, not steps */
        s->kind = TXD_S_CERT;
        s->from = (uint8_t)side;
        s->to = (uint8_t)other(side);
        snprintf(hb, sizeof hb, "cert %s %lld", txd_side_name(side), txi_ev_int(e, TXF_POSITION, -1));
        head = hb;
        break;
    }
    case TXE_TRUSTED:
        s->kind = TXD_S_TRUSTED;
        head = "trusted";
        break;
    case TXE_ALERT:
        s->kind = TXD_S_ALERT;
        s->from = (uint8_t)(txi_ev_is(e, TXF_ORIGIN, "peer") ? other(local) : local);
        s->to = (uint8_t)other(s->from);
        snprintf(hb, sizeof hb, "alert %s %s", txi_ev_str(e, TXF_LEVEL) ? txi_ev_str(e, TXF_LEVEL) : "",
                 txd_side_name(s->from));
        head = hb;
        d1 = txi_ev_str(e, TXF_DESCRIPTION);
        break;
    case TXE_EXCEPTION:
        s->kind = TXD_S_EXCEPTION;
        head = "exception";
        d1 = txi_ev_str(e, TXF_CLASS);
        break;
    case TXE_CLOSE:
        s->kind = TXD_S_CLOSE;
        head = "close";
        break;
    case TXE_TARGET:
    case TXE_CONNECTION:
        s->kind = TXD_S_TARGET;
        head = "target";
        break;
    case TXE_TRUSTSTORE: {
        s->kind = TXD_S_TRUSTSTORE;
        head = "truststore";
        const char *path = txi_ev_str(e, TXF_PATH);
        if (txi_ev_str(e, TXF_ERROR)) {
            d1 = "error";
            d2 = txi_ev_str(e, TXF_ERROR);
        } else if (txi_ev_int(e, TXF_COUNT, -1) == 0) {
            d1 = "empty";
        } else {
            d1 = is_default_store(path) ? "loaded default" : "loaded";
            d2 = txi_ev_str(e, TXF_STORE_TYPE);
        }
        break;
    }
    case TXE_KEYSTORE: {
        s->kind = TXD_S_KEYSTORE;
        head = "keystore";
        const char *path = txi_ev_str(e, TXF_PATH);
        if (txi_ev_str(e, TXF_ERROR))
            d1 = "error";
        else if (!path || !*path)
            d1 = "none";
        else {
            d1 = "file";
            d2 = txi_ev_str(e, TXF_STORE_TYPE);
        }
        break;
    }
    case TXE_CONFIG:
        s->kind = TXD_S_CONFIG;
        snprintf(hb, sizeof hb, "config %.140s", txi_ev_str(e, TXF_KEY) ? txi_ev_str(e, TXF_KEY) : "");
        head = hb;
        d1 = txi_ev_str(e, TXF_VALUE);
        break;
    default:
        return 0;
    }
    s->key.head = txd_hash(TXD_HASH_INIT, head);
    s->key.sig = txd_hash(txd_hash(txd_hash(s->key.head, d1), d2), d3);
    return 1;
}

static int cmp_step(const void *x, const void *y)
{
    const txd_step *a = x, *b = y;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->ev->seq != b->ev->seq)
        return a->ev->seq < b->ev->seq ? -1 : 1;
    return 0;
}

static int collect(const txi_event *first, int local, int setup, txd_steps *s)
{
    size_t n = 0;
    memset(s, 0, sizeof *s);
    for (const txi_event *e = first; e; e = e->next)
        n++;
    if (!n)
        return 0;
    s->v = malloc(n * sizeof *s->v);
    if (!s->v)
        return -1;
    for (const txi_event *e = first; e; e = e->next) {
        int is_setup = e->type == TXE_TRUSTSTORE || e->type == TXE_KEYSTORE || e->type == TXE_CONFIG;
        if (is_setup != setup)
            continue;
        if (step_of(e, local, &s->v[s->n]))
            s->n++;
    }
    qsort(s->v, s->n, sizeof *s->v, cmp_step);
    /* how many records of application data went by is not a difference */
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++) {
        txd_step *p = k ? &s->v[k - 1] : NULL;
        if (p && p->kind == TXD_S_MESSAGE && s->v[i].kind == TXD_S_MESSAGE && p->key.sig == s->v[i].key.sig &&
            p->repeat < UINT32_MAX)
            p->repeat++;
        else
            s->v[k++] = s->v[i];
    }
    s->n = k;
    if (s->n > TX_MAX_ALIGN_STEPS) {
        s->dropped = s->n - TX_MAX_ALIGN_STEPS;
        s->n = TX_MAX_ALIGN_STEPS;
    }
    return 0;
}

int txd_steps_conn(const txi_conn *c, txd_steps *s) { return collect(c ? c->first : NULL, txd_local_side(c), 0, s); }

int txd_steps_setup(const txi_event *globals, txd_steps *s) { return collect(globals, TXD_SIDE_CLIENT, 1, s); }

void txd_steps_free(txd_steps *s)
{
    if (!s)
        return;
    free(s->v);
    memset(s, 0, sizeof *s);
}

/* ---- labels ------------------------------------------------------------------- */

const char *txd_short_class(const char *cls)
{
    if (!cls)
        return "";
    const char *d = strrchr(cls, '.');
    return d && d[1] ? d + 1 : cls;
}

/* A long path shortened to ".../dir/file" (paths are facts; labels stay short). */
static const char *short_path(const char *p, char *buf, size_t n)
{
    size_t len = strlen(p);
    if (len <= 40)
        return p;
    const char *cut = p + len;
    int parts = 0;
    while (cut > p && parts < 2) {
        cut--;
        if (*cut == '/' || *cut == '\\')
            parts++;
    }
    if (parts < 2)
        return p;
    snprintf(buf, n, "...%s", cut);
    return buf;
}

static const char *cn_or(const char *dn, char *buf, size_t n)
{
    if (!dn)
        return "?";
    txi_sv cn = txi_dn_cn(dn, strlen(dn));
    if (!cn.n)
        return dn;
    snprintf(buf, n, "CN=%.*s", (int)(cn.n < 200 ? cn.n : 200), cn.p);
    return buf;
}

void txd_step_label(const txd_step *s, char *buf, size_t n)
{
    const txi_event *e = s->ev;
    char t1[256];
    const char *v;
    switch (s->kind) {
    case TXD_S_MESSAGE: {
        const char *m = txi_ev_str(e, TXF_MESSAGE);
        long long cnt = txi_ev_int(e, TXF_COUNT, -1);
        if (m && !strcmp(m, "Certificate") && cnt == 0)
            snprintf(buf, n, "%s (empty)", m);
        else if (m && !strcmp(m, "Certificate") && cnt > 0)
            snprintf(buf, n, "%s (%lld cert%s)", m, cnt, cnt == 1 ? "" : "s");
        else
            snprintf(buf, n, "%s", m ? m : "?");
        if (s->repeat > 1) {
            size_t off = strlen(buf);
            if (off < n)
                snprintf(buf + off, n - off, " (x%u)", (unsigned)s->repeat);
        }
        break;
    }
    case TXD_S_NEGOTIATED:
        v = txi_ev_str(e, TXF_CIPHER);
        snprintf(buf, n, "negotiated %s%s%s", txi_ev_str(e, TXF_VERSION) ? txi_ev_str(e, TXF_VERSION) : "",
                 v && txi_ev_str(e, TXF_VERSION) ? " " : "", v ? v : "");
        break;
    case TXD_S_SNI:
        v = txi_ev_str(e, TXF_NAME);
        snprintf(buf, n, "SNI %s", v ? v : "(none)");
        break;
    case TXD_S_CERT:
        snprintf(buf, n, "certificate [%lld] %s", txi_ev_int(e, TXF_POSITION, -1),
                 cn_or(txi_ev_str(e, TXF_SUBJECT), t1, sizeof t1));
        break;
    case TXD_S_TRUSTED:
        snprintf(buf, n, "trusted anchor %s", cn_or(txi_ev_str(e, TXF_SUBJECT), t1, sizeof t1));
        break;
    case TXD_S_ALERT:
        v = txi_ev_str(e, TXF_DESCRIPTION);
        snprintf(buf, n, "alert %s (%s)", v ? v : "?", txi_ev_str(e, TXF_LEVEL) ? txi_ev_str(e, TXF_LEVEL) : "?");
        break;
    case TXD_S_EXCEPTION:
        v = txi_ev_str(e, TXF_MESSAGE);
        snprintf(buf, n, "%s%s%s", txd_short_class(txi_ev_str(e, TXF_CLASS)), v ? ": " : "", v ? v : "");
        break;
    case TXD_S_CLOSE:
        snprintf(buf, n, "closed");
        break;
    case TXD_S_TARGET: {
        const char *u = txi_ev_str(e, TXF_URL), *h = txi_ev_str(e, TXF_HOST), *p = txi_ev_str(e, TXF_PORT);
        if (u)
            snprintf(buf, n, "target %s", u);
        else
            snprintf(buf, n, "target %s%s%s", h ? h : "?", p ? ":" : "", p ? p : "");
        break;
    }
    case TXD_S_TRUSTSTORE: {
        const char *p = txi_ev_str(e, TXF_PATH), *err = txi_ev_str(e, TXF_ERROR), *ty = txi_ev_str(e, TXF_STORE_TYPE);
        p = p && *p ? short_path(p, t1, sizeof t1) : "(default)";
        if (err)
            snprintf(buf, n, "truststore %s: %s", p, err);
        else if (txi_ev_get(e, TXF_COUNT))
            snprintf(buf, n, "truststore %s (%s%s%lld anchor%s)", p, ty ? ty : "", ty ? ", " : "",
                     txi_ev_int(e, TXF_COUNT, 0), txi_ev_int(e, TXF_COUNT, 0) == 1 ? "" : "s");
        else
            snprintf(buf, n, "truststore %s%s%s%s", p, ty ? " (" : "", ty ? ty : "", ty ? ")" : "");
        break;
    }
    case TXD_S_KEYSTORE: {
        const char *p = txi_ev_str(e, TXF_PATH), *err = txi_ev_str(e, TXF_ERROR), *ty = txi_ev_str(e, TXF_STORE_TYPE);
        if (!p || !*p)
            snprintf(buf, n, "keystore (none)%s%s", err ? ": " : "", err ? err : "");
        else if (err)
            snprintf(buf, n, "keystore %s: %s", short_path(p, t1, sizeof t1), err);
        else
            snprintf(buf, n, "keystore %s%s%s%s", short_path(p, t1, sizeof t1), ty ? " (" : "", ty ? ty : "",
                     ty ? ")" : "");
        break;
    }
    case TXD_S_CONFIG:
        v = txi_ev_str(e, TXF_VALUE);
        snprintf(buf, n, "%s=%s", txi_ev_str(e, TXF_KEY) ? txi_ev_str(e, TXF_KEY) : "?", v ? v : "");
        break;
    default:
        snprintf(buf, n, "%s", txi_evtype_name(e->type));
        break;
    }
}

void txd_step_arrow(const txd_step *s, char *buf, size_t n)
{
    char l[512];
    txd_step_label(s, l, sizeof l);
    switch (s->kind) {
    case TXD_S_MESSAGE:
    case TXD_S_SNI:
    case TXD_S_CERT:
        if (s->from == TXD_SIDE_SERVER)
            snprintf(buf, n, "<- %s", l);
        else
            snprintf(buf, n, "%s ->", l);
        break;
    case TXD_S_ALERT: {
        const char *d = txi_ev_str(s->ev, TXF_DESCRIPTION), *lv = txi_ev_str(s->ev, TXF_LEVEL);
        snprintf(buf, n, "x alert %s (%s%sraised by %s)", d ? d : "?", lv ? lv : "", lv ? ", " : "",
                 txd_side_name(s->from));
        break;
    }
    case TXD_S_EXCEPTION:
        snprintf(buf, n, "! %s", l);
        break;
    case TXD_S_TRUSTED:
        snprintf(buf, n, "* %s", l);
        break;
    case TXD_S_NEGOTIATED:
        snprintf(buf, n, "= %s", l);
        break;
    case TXD_S_CLOSE:
        snprintf(buf, n, "- %s", l);
        break;
    default:
        snprintf(buf, n, "%s", l);
        break;
    }
}

const char *txd_line_body(const char *text)
{
    size_t hl;
    const char *p = txi_ssllogger_find(text, strlen(text), &hl);
    if (p && p - text <= 200) {
        const char *q = p;
        for (int bars = 0; bars < 6 && q; bars++) {
            q = strchr(q, '|');
            if (q)
                q++;
        }
        if (q && *q)
            text = q;
    }
    while (*text == ' ' || *text == '\t')
        text++;
    return text;
}

void txd_mask(txa_redactor *r, char *buf, size_t n)
{
    if (!r || !n)
        return;
    char *m = txa_redact_str(r, buf);
    if (!m) {
        snprintf(buf, n, "(redacted)");
        return;
    }
    snprintf(buf, n, "%s", m);
    free(m);
}

void txd_mask_learn_cns(txa_redactor *r, const txa_model *a)
{
    if (!r || !a)
        return;
    for (unsigned i = 0; i < a->nkept; i++)
        for (const txi_event *e = a->kept[i]->first; e; e = e->next) {
            if (e->type != TXE_CERTIFICATE && e->type != TXE_TRUSTED)
                continue;
            static const int fids[] = {TXF_SUBJECT, TXF_ISSUER};
            for (int k = 0; k < 2; k++) {
                const char *dn = txi_ev_str(e, fids[k]);
                txi_sv cn = dn ? txi_dn_cn(dn, strlen(dn)) : txi_sv_make(NULL, 0);
                if (cn.n)
                    txa_redact_learn(r, TXA_RD_SUBJECT, cn.p, cn.n);
            }
        }
}

void txd_json_masked(FILE *f, txa_redactor *r, const char *s, size_t n)
{
    char *m = r ? txa_redact_str(r, s) : NULL;
    if (m)
        txo_json_cstr(f, m);
    else
        txo_json_str(f, s, n);
    free(m);
}

