/*
 * dialect_ibm.c - what IBM JSSE2 (IBM SDK 6/7/8 before SR7, WebSphere
 * traditional) prints besides the legacy SunJSSE text.
 *
 * IBM JSSE2 writes the same "*** ClientHello", "chain [0] = [", "main,
 * WRITE: ..." lines as SunJSSE; dialect_legacy.c reads those (including
 * IBM's habit of naming every suite SSL_..., see txi_legacy_suite).  This
 * file reads only the IBM lines around them.  IBM Java 8 SR7+ switched to
 * the SSLLogger format, which dialect_jdk11.c reads.
 *
 * Samples:
 *
 *   IBMJSSEProvider2 Build-Level: -20130318
 *   Installed Providers =
 *           IBMJSSE2
 *           IBMJCE
 *   JsseJCE:  Using KeyPairGenerator EC from provider TBD via init
 *   JsseJce:  EC is available
 *   CipherBox:  Using cipher AES/CBC/NoPadding from provider from init IBMJCE version 1.7
 *   SSLContextImpl:  Using X509TrustManager com.ibm.jsse2.yc
 *   IBMJSSE2 will allow RFC 5746 renegotiation per com.ibm.jsse2.renegotiate set to none or default
 *   Negotiating: [Session-10387, SSL_ECDHE_RSA_WITH_AES_128_GCM_SHA256]
 *   ssl: ServerHandshaker.setupPrivateKeyAndChain
 *
 * and, in WebSphere's trace (SystemOut.log / trace.log, whose prefix the
 * parser does not strip because the trace level is not a letter):
 *
 *   [3/3/10 11:30:11:984 JST] 00000021 WSX509TrustMa >  checkServerTrusted Entry
 *   [3/3/10 11:30:12:062 JST] 00000021 WSX509TrustMa 3   Server is trusted by all X509TrustManagers.
 *   [3/3/10 11:30:12:093 JST] 00000021 WSX509KeyMana <  chooseClientAlias Exit
 *   CWPKI0022E: SSL HANDSHAKE FAILURE:  A signer with SubjectDN ... was sent from the target host.
 *
 * Grammar:
 *
 *   line      = build | providers | config | negotiating | skipped | wstrace | cwpki
 *   build     = "IBMJSSEProvider2 Build-Level:" text          -> config key=provider
 *   providers = "Installed Providers =" NEWLINE (blanks name NEWLINE)*  -> config key=providers
 *   config    = "IBMJSSE2 will " text " per " property " set to " value  -> config key=property
 *   negotiating = "Negotiating: [Session-" n ", " suite "]"   -> negotiated (unless the
 *               ServerHello already named the suite)
 *   skipped   = ("JsseJCE:" | "JsseJce:" | "CipherBox:" | "SSLContextImpl:" | "IBMJSSE2 ") text
 *   wstrace   = "[" time "] " tid " WSX509TrustMa " | " WSX509KeyMana " level text
 *               -> a notice for "... is trusted by all X509TrustManagers" (the trust
 *                  decision), nothing for the rest (the certificates come from the chain)
 *   cwpki     = "CWPKI" nnnn ("E"|"W"|"I") ":" text           -> notice (error|warning|info)
 *
 * Connection events go through txi_legacy_file() so they join the
 * handshake the legacy dialect is reading; configuration is log-wide.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "dialect.h"
#include "wrapper.h"
#include "legacy_common.h"

typedef struct {
    int providers_open;
    char providers[1024];
    size_t providers_len;
    txi_linectx providers_line; /* only its number is used after the line */
    char build[96];
} istate;

static istate *st(txi_parser *p) { return txi_parser_state(p, TXI_DIALECT_IBM); }

static txi_sv trim(const char *p, size_t n) { return txi_sv_trim(txi_sv_make(p, n)); }

#define T_STARTS(t, lit) SV_STARTS((t).p, (t).n, lit)

static void config(txi_parser *p, const char *key, txi_sv val, const txi_linectx *l)
{
    txi_event *e = txi_emit_begin(p, TXE_CONFIG, l);
    txi_emit_field(p, e, TXF_KEY, key, strlen(key), l);
    txi_emit_field(p, e, TXF_VALUE, val.p, val.n, l);
    txi_emit_end(p, e, NULL, 0);
}

static void notice(txi_parser *p, const char *level, txi_sv text, const txi_linectx *l)
{
    txi_event *e = txi_emit_begin(p, TXE_NOTICE, l);
    txi_emit_field(p, e, TXF_LEVEL, level, strlen(level), l);
    txi_emit_field(p, e, TXF_TEXT, text.p, text.n, l);
    /* CWPKI texts name the signer, the peer and the trust store (wrapper.c) */
    if (T_STARTS(text, "CWPKI"))
        txi_wrapper_fields(p, e, text.p, text.n, l);
    /* which store it speaks of ("trust store ..."), else its files' names (key.p12) */
    txi_store_of_text(p, e, text.p, text.n);
    txi_legacy_file(p, e);
}

/* "CWPKI0022E: SSL HANDSHAKE FAILURE: ..." -> a notice; returns 1 if it was one. */
static int cwpki(txi_parser *p, txi_sv t, const txi_linectx *l)
{
    if (!T_STARTS(t, "CWPKI") || t.n < 11 || !isdigit((unsigned char)t.p[5]))
        return 0;
    const char *colon = memchr(t.p, ':', t.n < 16 ? t.n : 16);
    char sev = colon && colon > t.p ? colon[-1] : 'I';
    notice(p, sev == 'E' ? "error" : sev == 'W' ? "warning" : "info", t, l);
    return 1;
}

/* "IBMJSSE2 will allow RFC 5746 renegotiation per com.ibm.jsse2.renegotiate set to none or default" */
static void will_line(txi_parser *p, txi_sv t, const txi_linectx *l)
{
    const char *per = SV_FIND(t.p, t.n, " per ");
    if (!per)
        return;
    const char *k = per + 5, *end = t.p + t.n;
    const char *set = SV_FIND(k, (size_t)(end - k), " set to ");
    if (!set)
        return;
    char key[128];
    snprintf(key, sizeof key, "%.*s", (int)(set - k), k);
    txi_sv val = trim(set + 8, (size_t)(end - set - 8));
    /* glued to the next line in some pastes: "...or defaultIs initial handshake: true" */
    const char *glue = SV_FIND(val.p, val.n, "Is initial handshake");
    if (glue)
        val.n = (size_t)(glue - val.p);
    if (key[0] && val.n)
        config(p, key, val, l);
}

/* "[3/3/10 11:30:11:984 JST] 00000021 WSX509TrustMa 3   text" -> text, or 0 */
static int ws_trace(txi_sv t, txi_sv *text)
{
    if (t.n < 30 || t.p[0] != '[')
        return 0;
    size_t scan = t.n < 80 ? t.n : 80;
    const char *c = SV_FIND(t.p, scan, " WSX509TrustMa ");
    if (!c)
        c = SV_FIND(t.p, scan, " WSX509KeyMana ");
    if (!c)
        return 0;
    const char *q = c + 15, *end = t.p + t.n;
    while (q < end && *q == ' ')
        q++;
    while (q < end && *q != ' ') /* the trace level: > < 3 1 ... */
        q++;
    *text = trim(q, (size_t)(end - q));
    return 1;
}

static void providers_done(txi_parser *p, istate *s)
{
    if (!s->providers_open)
        return;
    s->providers_open = 0;
    /* The event cites the "Installed Providers =" line. */
    txi_linectx l = s->providers_line;
    l.p = l.raw = "Installed Providers =";
    l.n = l.rawn = 21;
    if (s->providers_len)
        config(p, "providers", txi_sv_make(s->providers, s->providers_len), &l);
}

static int ibm_line(txi_parser *p, const txi_linectx *l)
{
    istate *s = st(p);
    txi_sv t = trim(l->p, l->n), text;
    if (!t.n)
        return 0;
    if (T_STARTS(t, "IBMJSSEProvider2 Build-Level:")) {
        txi_sv v = trim(t.p + 29, t.n - 29);
        char build[96];
        snprintf(build, sizeof build, "%.*s", (int)v.n, v.p);
        if (strcmp(build, s->build) != 0) { /* printed once per SSLContext */
            snprintf(s->build, sizeof s->build, "%s", build);
            char val[128];
            int n = snprintf(val, sizeof val, "IBMJSSEProvider2 %s", build);
            config(p, "provider", txi_sv_make(val, n < 0 ? 0 : (size_t)n < sizeof val ? (size_t)n : sizeof val - 1), l);
        }
        return 1;
    }
    if (T_STARTS(t, "Installed Providers =")) {
        s->providers_open = 1;
        s->providers_len = 0;
        s->providers_line = *l;
        txi_parser_open_block(p, TXI_DIALECT_IBM);
        return 1;
    }
    if (T_STARTS(t, "JsseJCE:") || T_STARTS(t, "JsseJce:") || T_STARTS(t, "CipherBox:") ||
        T_STARTS(t, "SSLContextImpl:") || T_STARTS(t, "ssl: ServerHandshaker.") ||
        T_STARTS(t, "ssl: ClientHandshaker."))
        return 1;
    if (T_STARTS(t, "IBMJSSE2 will ")) {
        will_line(p, t, l);
        return 1;
    }
    if (T_STARTS(t, "Negotiating: [")) {
        const char *comma = memchr(t.p, ',', t.n);
        if (comma) {
            txi_sv v = trim(comma + 1, (size_t)(t.p + t.n - comma - 1));
            while (v.n && (v.p[v.n - 1] == ']' || v.p[v.n - 1] == ' '))
                v.n--;
            if (v.n)
                txi_legacy_negotiating(p, l, v.p, v.n);
        }
        return 1;
    }
    if (ws_trace(t, &text)) {
        if (SV_FIND(text.p, text.n, "is trusted by all X509TrustManagers"))
            notice(p, "info", text, l);
        else
            cwpki(p, text, l);
        return 1;
    }
    return cwpki(p, t, l);
    return 0;
}

static int ibm_cont(txi_parser *p, const txi_linectx *l)
{
    istate *s = st(p);
    if (!s->providers_open)
        return TXI_DL_NOTMINE;
    /* "        IBMJCE": indented, one word */
    txi_sv t = trim(l->p, l->n);
    int word = l->n && (l->p[0] == ' ' || l->p[0] == '\t') && t.n && t.n < 64 && !memchr(t.p, ' ', t.n);
    if (!word) {
        providers_done(p, s);
        return TXI_DL_NOTMINE;
    }
    if (s->providers_len + t.n + 2 < sizeof s->providers) {
        if (s->providers_len) {
            memcpy(s->providers + s->providers_len, ", ", 2);
            s->providers_len += 2;
        }
        memcpy(s->providers + s->providers_len, t.p, t.n);
        s->providers_len += t.n;
    }
    return TXI_DL_MORE;
}

static void ibm_flush(txi_parser *p) { providers_done(p, st(p)); }

const txi_dialect txi_dialect_ibm = {
    .name = "ibm",
    .desc = "IBM JSSE2 lines around the legacy text (IBMJSSEProvider2, JsseJCE:, WebSphere WSX509 trace)",
    .state_size = sizeof(istate),
    .line = ibm_line,
    .cont = ibm_cont,
    .flush = ibm_flush,
};
