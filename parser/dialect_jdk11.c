/*
 * dialect_jdk11.c - SSLLogger, the JSSE debug format of JDK 11 and later,
 * of the JDK 8u TLS 1.3 backport and of IBM Java 8 SR7+.
 *
 * Samples (one header line, optionally a parenthesised body):
 *
 *   javax.net.ssl|DEBUG|0E|main|2024-05-01 10:00:00.123 CEST|ClientHello.java:641|Produced ClientHello handshake message (
 *   "ClientHello": {
 *     "client version"      : "TLSv1.2",
 *     "cipher suites"       : "[TLS_AES_256_GCM_SHA384(0x1302), ...]",
 *     ...
 *   }
 *   )
 *   javax.net.ssl|FINE|01|main|2020-05-01 10:00:00.123 UTC|Logger.java:765|Negotiated protocol version: TLSv1.2
 *   javax.net.ssl|ERROR|24|kafka-admin-client-thread | adminclient-1|2023-02-09 10:41:02.497 UTC|TransportContext.java:313|Fatal (PROTOCOL_VERSION): ...
 *   com.tencent.kona.ssl|FINE|B1|qtp898695324-27|2023-10-19 20:41:29.684 CST|Finished.java:1044|Consuming client Finished handshake message (
 *
 * Grammar of a header (the thread name may contain '|', so the fields
 * after it are found from the timestamp, not by splitting):
 *
 *   header  = logger "|" level "|" tid "|" thread "|" time "|" caller "|" message
 *   logger  = "javax.net.ssl"                                      (the JDK, OpenJSSE)
 *           | a JSSE fork's name: "com.tencent.kona.ssl" (Kona SSL) -- the table behind
 *             txi_ssllogger_prefix (strparse.c; docs/dialects.md)
 *   level   = ERROR | WARNING | INFO | DEBUG | TRACE | ALL           (JDK 11+)
 *           | SEVERE | WARNING | INFO | CONFIG | FINE | FINER | FINEST | ALL  (8u backport, Kona)
 *   time    = yyyy "-" MM "-" dd " " kk ":" mm ":" ss "." SSS " " zone
 *   message = text [" ("]        -- " (" opens a body closed by a line ")"
 *
 * The "expand" variant prints each record as a JSON-like object:
 *
 *   {
 *     "logger"      : "javax.net.ssl",             (or a fork's name)
 *     "level"       : "DEBUG",
 *     "thread id"   : "10",
 *     "thread name" : "main",
 *     "time"        : "2026-11-27 03:31:51.601 UTC",
 *     "caller"      : "ClientHello.java:639",
 *     "message"     : "Produced ClientHello handshake message",
 *     "specifics"   : [
 *     ...body...
 *     ]
 *   }
 *
 * Both forms feed the same record machinery: a record begins with its
 * header fields, its body lines go to the handler chosen from the message,
 * and the record ends at ")" (compact) or "}" (expand).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "dialect.h"

enum kind {
    K_NONE,
    K_CLIENTHELLO,
    K_SERVERHELLO,
    K_CERTMSG,
    K_CERTREQ,   /* CertificateRequest: its "certificate authorities" */
    K_FOUND_KEY, /* "found key for : alias": the keystore's key and its chain */
    K_FOUND_TRUSTED,
    K_ADDING_TRUSTED,
    K_ALERT,
    K_FATAL,
    K_THROWABLE, /* any other record whose body may carry a "throwable" */
    K_SKIP,      /* raw/plaintext dumps */
};

enum ext { X_NONE, X_SAN, X_KU, X_EKU, X_BC, X_SERVER_NAME, X_SUPPORTED_VERSIONS, X_SIGALGS_CERT };

typedef struct {
    /* the open record */
    int open;            /* 0 none, 1 compact body, 2 expand header, 3 expand body */
    int bare;            /* the open record came without its header (bare_record) */
    enum kind kind;
    char thread[TX_MAX_THREAD_NAME + 1];
    size_t threadlen;
    char level[12];
    int64_t time;
    txi_time_cache tcache; /* the last header's timestamp (most share its minute) */
    int direction_sent;  /* Produced (1) vs Consuming (0) */
    char certsrc[8];     /* "server" | "client" for a Certificate message */
    char expand_msg[512];
    size_t expand_msglen;
    int expand_logger;      /* the expand form's first member, "logger", was read */

    /* events under construction */
    txi_event *ev;       /* the record's main event */
    txi_event *sni;
    txi_event *cert;     /* certificate being read in a body */
    int certpos;
    enum ext ext;
    txi_event *exc;      /* exception from a throwable body */
    int in_throwable;
    char hello_version[24]; /* ServerHello: server version, overridden by supported_versions */
    txi_linectx hello_version_line;

    /* log-wide truststore/keystore being described over several records */
    txi_event *trust;
    txi_event *key;

    /* armed on the thread that produced its Finished or CertificateVerify: the
     * next application data read there proves the handshake completed */
    char appdata_thread[TX_MAX_THREAD_NAME];
    size_t appdata_threadlen; /* thread names are (bytes, length) keys: they may hold a NUL */
    int appdata_armed;
    /* the thread whose handshake is known over since its last hello (application
     * data written or read after its Finished: filed once) */
    char appw_thread[TX_MAX_THREAD_NAME];
    size_t appw_threadlen;
    int appw_set;
    /* application data read on this thread with no handshake message after it:
     * a close_notify the peer sends next proves the session was up (a TLS 1.3
     * handshake's encrypted records are read as application_data too, but
     * their messages are consumed next) */
    char appr_thread[TX_MAX_THREAD_NAME];
    size_t appr_threadlen;
    int appr_pending;
    txi_event *appr_ev; /* ApplicationData, filed if the alert is a close_notify */

    /* the last alert received per thread, to recognize the local echo */
    char last_rx_alert[40];
    char last_rx_thread[TX_MAX_THREAD_NAME];
    size_t last_rx_threadlen;
} jstate;

static jstate *st(txi_parser *p) { return txi_parser_state(p, TXI_DIALECT_JDK11); }

/* ERROR WARNING INFO DEBUG TRACE ALL (JDK 11+), SEVERE CONFIG FINE FINER
 * FINEST (8u backport): the length picks the candidates */
static int is_level(const char *s, size_t n)
{
    switch (n) {
    case 3: return memcmp(s, "ALL", 3) == 0;
    case 4: return memcmp(s, "INFO", 4) == 0 || memcmp(s, "FINE", 4) == 0;
    case 5:
        return memcmp(s, "ERROR", 5) == 0 || memcmp(s, "DEBUG", 5) == 0 || memcmp(s, "TRACE", 5) == 0 ||
               memcmp(s, "FINER", 5) == 0;
    case 6: return memcmp(s, "SEVERE", 6) == 0 || memcmp(s, "CONFIG", 6) == 0 || memcmp(s, "FINEST", 6) == 0;
    case 7: return memcmp(s, "WARNING", 7) == 0;
    default: return 0;
    }
}

static int is_warn_level(const char *lv)
{
    return !strcmp(lv, "ERROR") || !strcmp(lv, "WARNING") || !strcmp(lv, "SEVERE");
}

/* "2024-05-01 10:00:00.123 " at q? */
static int looks_like_time(const char *q, const char *end)
{
    if (end - q < 20 || q[4] != '-' || q[7] != '-' || q[10] != ' ' || q[13] != ':' || q[16] != ':')
        return 0;
    /* the fourteen digits, without a branch each (every header asks once) */
#define D(i) ((unsigned)((unsigned char)q[i] - '0') <= 9u)
    return D(0) & D(1) & D(2) & D(3) & D(5) & D(6) & D(8) & D(9) & D(11) & D(12) & D(14) & D(15) & D(17) & D(18);
#undef D
}

/* ---- helpers ------------------------------------------------------------ */

/* '"key" : value' -> key and value views (value unquoted, trailing comma
 * removed).  Returns 0 if the line has no quoted key. */
static int kv(const char *p, size_t n, txi_sv *key, txi_sv *val)
{
    txi_sv t = txi_sv_trim(txi_sv_make(p, n));
    if (t.n < 3 || t.p[0] != '"')
        return 0;
    const char *q = memchr(t.p + 1, '"', t.n - 1);
    if (!q)
        return 0;
    key->p = t.p + 1;
    key->n = (size_t)(q - key->p);
    const char *r = q + 1, *end = t.p + t.n;
    while (r < end && *r == ' ')
        r++;
    if (r >= end || *r != ':') {
        val->p = end;
        val->n = 0;
        return 1;
    }
    r++;
    txi_sv v = txi_sv_trim(txi_sv_make(r, (size_t)(end - r)));
    if (v.n && v.p[v.n - 1] == ',')
        v.n--;
    v = txi_sv_trim(v);
    if (v.n && v.p[0] == '"' && (v.n == 1 || v.p[v.n - 1] != '"')) {
        v.p++; /* a multi-line value: its closing quote is on a later line */
        v.n--;
    }
    *val = txi_sv_unquote(v);
    return 1;
}

#define KEY_IS(k, lit) ((k).n == sizeof(lit) - 1 && memcmp((k).p, lit, sizeof(lit) - 1) == 0)

/* "[A(0x1), B(0x2)]" or "[A, B]" -> one field per item, "(0x..)" removed. */
static void add_list(txi_parser *p, txi_event *e, int fid, txi_sv v, const txi_linectx *l)
{
    if (v.n && v.p[0] == '[') {
        v.p++;
        v.n--;
    }
    if (v.n && v.p[v.n - 1] == ']')
        v.n--;
    const char *s = v.p, *end = v.p + v.n;
    while (s < end) {
        const char *c = memchr(s, ',', (size_t)(end - s));
        const char *e2 = c ? c : end;
        txi_sv item = txi_sv_trim(txi_sv_make(s, (size_t)(e2 - s)));
        const char *paren = memchr(item.p, '(', item.n);
        if (paren && item.n && item.p[item.n - 1] == ')')
            item.n = (size_t)(paren - item.p);
        if (item.n)
            txi_emit_field(p, e, fid, item.p, item.n, l);
        s = c ? c + 1 : end;
    }
}

static txi_sv strip_suite_code(txi_sv v)
{
    const char *paren = memchr(v.p, '(', v.n);
    if (paren && v.n && v.p[v.n - 1] == ')')
        v.n = (size_t)(paren - v.p);
    return v;
}

/* ---- events ------------------------------------------------------------- */

static void end_ev(txi_parser *p, jstate *s, txi_event **e)
{
    if (*e)
        txi_emit_end(p, *e, s->thread, s->threadlen);
    *e = NULL;
}

static void finish_cert(txi_parser *p, jstate *s)
{
    txi_event *c = s->cert;
    if (!c)
        return;
    s->cert = NULL;
    s->ext = X_NONE;
    if (s->kind == K_ADDING_TRUSTED) {
        /* Only the subject is kept, on the truststore event. */
        const char *subj = txi_ev_str(c, TXF_SUBJECT);
        if (subj && s->trust)
            txi_emit_field(p, s->trust, TXF_SUBJECTS, subj, strlen(subj), NULL);
        txi_emit_cancel(p, c);
        return;
    }
    if (s->kind == K_FOUND_KEY) {
        /* The key's own certificate (the first of its chain) is kept on the
         * keystore event: what this side presents as a client or server. */
        static const int keep[] = {TXF_SUBJECT, TXF_ISSUER, TXF_SERIAL, TXF_NOT_AFTER};
        if (s->key && s->certpos == 1 && !txi_ev_str(s->key, TXF_SUBJECT))
            for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
                const char *v = txi_ev_str(c, keep[i]);
                if (v)
                    txi_emit_field(p, s->key, keep[i], v, strlen(v), NULL);
            }
        txi_emit_cancel(p, c);
        return;
    }
    const char *subj = txi_ev_str(c, TXF_SUBJECT), *iss = txi_ev_str(c, TXF_ISSUER);
    if (subj && iss)
        txi_emit_field(p, c, TXF_SELF_SIGNED, strcmp(subj, iss) == 0 ? "true" : "false", strcmp(subj, iss) == 0 ? 4 : 5,
                       NULL);
    txi_emit_end(p, c, s->thread, s->threadlen);
}

static void cert_line(txi_parser *p, jstate *s, const txi_linectx *l)
{
    txi_sv key, val;
    txi_sv t = txi_sv_trim(txi_sv_make(l->p, l->n));
    if (kv(l->p, l->n, &key, &val)) {
        if (KEY_IS(key, "certificate")) {
            finish_cert(p, s);
            s->cert = txi_emit_begin(p, s->kind == K_FOUND_TRUSTED ? TXE_TRUSTED : TXE_CERTIFICATE, l);
            if (s->kind == K_FOUND_KEY) {
                s->certpos++;
            } else if (s->kind != K_FOUND_TRUSTED && s->kind != K_ADDING_TRUSTED) {
                txi_emit_fieldf(p, s->cert, TXF_POSITION, l, "%d", s->certpos++);
                txi_emit_field(p, s->cert, TXF_SOURCE, s->certsrc, strlen(s->certsrc), l);
            }
            return;
        }
        if (!s->cert)
            return;
        if (KEY_IS(key, "serial number"))
            txi_emit_field(p, s->cert, TXF_SERIAL, val.p, val.n, l);
        else if (KEY_IS(key, "signature algorithm"))
            txi_emit_field(p, s->cert, TXF_SIG_ALG, val.p, val.n, l);
        else if (KEY_IS(key, "issuer"))
            txi_emit_field(p, s->cert, TXF_ISSUER, val.p, val.n, l);
        else if (KEY_IS(key, "subject"))
            txi_emit_field(p, s->cert, TXF_SUBJECT, val.p, val.n, l);
        else if (KEY_IS(key, "not before"))
            txi_emit_field(p, s->cert, TXF_NOT_BEFORE, val.p, val.n, l);
        else if (KEY_IS(key, "not  after") || KEY_IS(key, "not after"))
            txi_emit_field(p, s->cert, TXF_NOT_AFTER, val.p, val.n, l);
        else if (KEY_IS(key, "subject public key"))
            txi_emit_field(p, s->cert, TXF_KEY_ALG, val.p, val.n, l);
        return;
    }
    if (!s->cert || !t.n)
        return;
    /* Extension bodies, as X509CertImpl prints them. */
    if (SV_STARTS(t.p, t.n, "SubjectAlternativeName [")) {
        s->ext = X_SAN;
    } else if (SV_STARTS(t.p, t.n, "KeyUsage [")) {
        s->ext = X_KU;
    } else if (SV_STARTS(t.p, t.n, "ExtendedKeyUsages [")) {
        s->ext = X_EKU;
    } else if (SV_STARTS(t.p, t.n, "BasicConstraints:[")) {
        s->ext = X_BC;
    } else if (t.p[0] == ']' || t.p[0] == '}' || t.p[0] == '{' || SV_STARTS(t.p, t.n, "ObjectId:")) {
        s->ext = X_NONE;
    } else if (s->ext == X_SAN) {
        if (SV_STARTS(t.p, t.n, "DNSName: "))
            txi_emit_fieldf(p, s->cert, TXF_SAN, l, "DNS:%.*s", (int)(t.n - 9), t.p + 9);
        else if (SV_STARTS(t.p, t.n, "IPAddress: "))
            txi_emit_fieldf(p, s->cert, TXF_SAN, l, "IP:%.*s", (int)(t.n - 11), t.p + 11);
    } else if (s->ext == X_KU || s->ext == X_EKU) {
        txi_emit_field(p, s->cert, s->ext == X_KU ? TXF_KEY_USAGE : TXF_EXT_KEY_USAGE, t.p, t.n, l);
    } else if (s->ext == X_BC) {
        if (SV_STARTS(t.p, t.n, "CA:"))
            txi_emit_field(p, s->cert, TXF_CA, t.p + 3, t.n - 3, l);
        else if (SV_STARTS(t.p, t.n, "PathLen:")) {
            txi_sv v = txi_sv_trim(txi_sv_make(t.p + 8, t.n - 8));
            if (v.n && isdigit((unsigned char)v.p[0]))
                txi_emit_field(p, s->cert, TXF_PATHLEN, v.p, v.n, l);
        }
    }
}

static void hello_line(txi_parser *p, jstate *s, const txi_linectx *l)
{
    txi_sv key, val;
    txi_sv t = txi_sv_trim(txi_sv_make(l->p, l->n));
    if (kv(l->p, l->n, &key, &val)) {
        if (KEY_IS(key, "client version")) {
            txi_emit_field(p, s->ev, TXF_VERSION, val.p, val.n, l);
        } else if (KEY_IS(key, "server version")) {
            snprintf(s->hello_version, sizeof s->hello_version, "%.*s", (int)val.n, val.p);
            s->hello_version_line = *l;
        } else if (KEY_IS(key, "cipher suites")) {
            add_list(p, s->ev, TXF_CIPHERS, val, l);
        } else if (KEY_IS(key, "cipher suite")) {
            txi_sv c = strip_suite_code(val);
            txi_emit_field(p, s->ev, TXF_CIPHER, c.p, c.n, l);
        } else if (KEY_IS(key, "server_name (0)")) {
            s->ext = X_SERVER_NAME;
        } else if (KEY_IS(key, "supported_versions (43)")) {
            s->ext = X_SUPPORTED_VERSIONS;
        } else if (KEY_IS(key, "signature_algorithms_cert (50)")) {
            s->ext = X_SIGALGS_CERT;
        } else if (s->ext == X_SIGALGS_CERT && KEY_IS(key, "signature schemes")) {
            add_list(p, s->ev, TXF_SIG_SCHEMES, val, l);
        } else if (s->ext == X_SUPPORTED_VERSIONS && KEY_IS(key, "versions")) {
            add_list(p, s->ev, TXF_VERSIONS, val, l);
        } else if (s->ext == X_SUPPORTED_VERSIONS && KEY_IS(key, "selected version")) {
            txi_sv v = val;
            if (v.n && v.p[0] == '[') {
                v.p++;
                v.n--;
            }
            if (v.n && v.p[v.n - 1] == ']')
                v.n--;
            snprintf(s->hello_version, sizeof s->hello_version, "%.*s", (int)v.n, v.p);
            s->hello_version_line = *l;
        } else if (key.n && val.n == 0 && t.n && t.p[t.n - 1] == '{') {
            s->ext = X_NONE; /* another extension opens */
        }
        return;
    }
    if (s->ext == X_SERVER_NAME) {
        const char *v = SV_FIND(t.p, t.n, "value=");
        if (v) {
            txi_sv name = txi_sv_trim(txi_sv_make(v + 6, (size_t)(t.p + t.n - v - 6)));
            if (!s->sni) {
                s->sni = txi_emit_begin(p, TXE_SNI, l);
                txi_emit_field(p, s->sni, TXF_DIRECTION, s->direction_sent ? "sent" : "received",
                               s->direction_sent ? 4 : 8, l);
            }
            txi_emit_field(p, s->sni, TXF_NAME, name.p, name.n, l);
        }
    }
}

static void alert_line(txi_parser *p, jstate *s, const txi_linectx *l)
{
    txi_sv key, val;
    if (!kv(l->p, l->n, &key, &val) || !s->ev)
        return;
    if (KEY_IS(key, "level"))
        txi_emit_field(p, s->ev, TXF_LEVEL, val.p, val.n, l);
    else if (KEY_IS(key, "description"))
        txi_emit_field(p, s->ev, TXF_DESCRIPTION, val.p, val.n, l);
}

/* "  java.io.IOException: msg", "  Caused by: X: msg", "  \tat ...", "  \t... 3 more}" */
static void throwable_line(txi_parser *p, jstate *s, const txi_linectx *l)
{
    txi_sv t = txi_sv_trim(txi_sv_make(l->p, l->n));
    if (SV_STARTS(t.p, t.n, "\"throwable\"")) {
        s->in_throwable = 1;
        return;
    }
    if (!s->in_throwable || !t.n)
        return;
    if (SV_STARTS(t.p, t.n, "at ") || SV_STARTS(t.p, t.n, "...") || t.p[0] == '}' ||
        SV_STARTS(t.p, t.n, "Suppressed:"))
        return;
    int cause = 0;
    if (SV_STARTS(t.p, t.n, "Caused by: ")) {
        t.p += 11;
        t.n -= 11;
        cause = 1;
    }
    if (t.n && t.p[t.n - 1] == '}')
        t.n--;
    if (!s->exc && !cause) {
        s->exc = txi_emit_begin(p, TXE_EXCEPTION, l);
        if (!s->exc)
            return;
        const char *colon = SV_FIND(t.p, t.n, ": ");
        size_t cn = colon ? (size_t)(colon - t.p) : t.n;
        txi_emit_field(p, s->exc, TXF_CLASS, t.p, cn, l);
        if (colon)
            txi_emit_field(p, s->exc, TXF_MESSAGE, colon + 2, (size_t)(t.p + t.n - colon - 2), l);
        txi_emit_field(p, s->exc, TXF_ORIGIN, "local", 5, l);
        txi_emit_field(p, s->exc, TXF_ROOT, t.p, t.n, l);
        if (s->kind == K_THROWABLE) /* printed with a warning or debug record, not a Fatal */
            txi_emit_field(p, s->exc, TXF_LEVEL, s->level, strlen(s->level), l);
    } else if (s->exc && cause) {
        txi_emit_field(p, s->exc, TXF_CAUSES, t.p, t.n, l);
        /* root = the innermost cause */
        txi_emit_field(p, s->exc, TXF_ROOT, t.p, t.n, l);
    }
}

/* ---- records -------------------------------------------------------------- */

static void finish_truststore(txi_parser *p, jstate *s) { end_ev(p, s, &s->trust); }
static void finish_keystore(txi_parser *p, jstate *s) { end_ev(p, s, &s->key); }

/* Keep only the last ROOT field: txi_event_set would need the scratch
 * arena, so the record end rewrites ROOT in place. */
static void fix_root(txi_event *e)
{
    if (!e)
        return;
    int last = -1;
    for (unsigned i = 0; i < e->nfields; i++)
        if (e->fields[i].id == TXF_ROOT)
            last = (int)i;
    unsigned w = 0;
    for (unsigned i = 0; i < e->nfields; i++)
        if (e->fields[i].id != TXF_ROOT || (int)i == last)
            e->fields[w++] = e->fields[i];
    e->nfields = (uint16_t)w;
}

static void record_end(txi_parser *p, jstate *s)
{
    finish_cert(p, s);
    if (s->kind == K_ADDING_TRUSTED)
        finish_truststore(p, s);
    if (s->kind == K_SERVERHELLO && s->ev && s->hello_version[0])
        txi_emit_field(p, s->ev, TXF_VERSION, s->hello_version, strlen(s->hello_version), &s->hello_version_line);
    s->hello_version[0] = '\0';
    if (s->kind == K_CERTMSG && s->ev)
        txi_emit_fieldf(p, s->ev, TXF_COUNT, NULL, "%d", s->certpos);
    if (s->appr_ev) {
        const char *d = s->ev && s->kind == K_ALERT ? txi_ev_str(s->ev, TXF_DESCRIPTION) : NULL;
        if (d && !strcmp(d, "close_notify") && !txi_ev_is(s->ev, TXF_LEVEL, "fatal"))
            txi_emit_end(p, s->appr_ev, s->thread, s->threadlen);
        else
            txi_emit_cancel(p, s->appr_ev);
        s->appr_ev = NULL;
    }
    if (s->ev && s->kind == K_ALERT) {
        const char *d = txi_ev_str(s->ev, TXF_DESCRIPTION);
        if (d) {
            snprintf(s->last_rx_alert, sizeof s->last_rx_alert, "%s", d);
            memcpy(s->last_rx_thread, s->thread, s->threadlen);
            s->last_rx_threadlen = s->threadlen;
        }
    }
    end_ev(p, s, &s->ev);
    end_ev(p, s, &s->sni);
    if (s->exc) {
        fix_root(s->exc);
        end_ev(p, s, &s->exc);
    }
    s->open = 0;
    s->kind = K_NONE;
    s->ext = X_NONE;
    s->in_throwable = 0;
    s->certpos = 0;
}

/* "certificate authorities": [CN=A, O=X, C=GB, CN=B, O=X, C=GB] - the CAs
 * whose client certificates the server accepts, one DN after another: a
 * new DN starts at each ", CN=" (Java prints the CN first).  Each becomes
 * an item of the CertificateRequest's subjects. */
static void certreq_line(txi_parser *p, jstate *s, const txi_linectx *l)
{
    txi_sv key, val;
    if (!s->ev || !kv(l->p, l->n, &key, &val) || !KEY_IS(key, "certificate authorities"))
        return;
    if (val.n && val.p[0] == '[') {
        val.p++;
        val.n--;
    }
    if (val.n && val.p[val.n - 1] == ']')
        val.n--;
    const char *a = val.p, *end = val.p + val.n;
    while (a < end) {
        const char *next = SV_FIND(a, (size_t)(end - a), ", CN=");
        txi_sv dn = txi_sv_trim(txi_sv_make(a, (size_t)((next ? next : end) - a)));
        if (dn.n)
            txi_emit_field(p, s->ev, TXF_SUBJECTS, dn.p, dn.n, l);
        a = next ? next + 2 : end;
    }
}

static void body_line(txi_parser *p, jstate *s, const txi_linectx *l)
{
    switch (s->kind) {
    case K_CLIENTHELLO:
    case K_SERVERHELLO:
        hello_line(p, s, l);
        break;
    case K_CERTMSG:
    case K_FOUND_TRUSTED:
    case K_ADDING_TRUSTED:
    case K_FOUND_KEY:
        cert_line(p, s, l);
        break;
    case K_ALERT:
        alert_line(p, s, l);
        break;
    case K_CERTREQ:
        certreq_line(p, s, l);
        break;
    case K_FATAL:
    case K_THROWABLE:
        throwable_line(p, s, l);
        break;
    default:
        break;
    }
}

/* (with their lengths: asked of most records) */
#define CLUE(s) {s, sizeof s - 1}
static const struct {
    const char *s;
    size_t n;
} clues[] = {
    CLUE("No X.509 cert"),          CLUE("No available"),          CLUE("KeyMgr:"),
    CLUE("issuers do not match"),   CLUE("no suitable"),           CLUE("No suitable"),
    CLUE("not supported"),          CLUE("not enabled"),           CLUE("not accepted"),
    CLUE("No appropriate"),         CLUE("Empty client certificate"), CLUE("No cipher"),
    CLUE("Unable to indicate"),     CLUE("Inaccessible trust store"), CLUE("Unavailable authentication"),
    CLUE("No X.509 certificate for client authentication"), CLUE("Ignore inactive or disabled named group"),
    CLUE("matching alias:"),
};
#undef CLUE

/* Warnings every healthy handshake prints. */
static const char *const noise[] = {
    "Ignore impact of unsupported extension", "is not supported by the underlying providers",
    "duplex close", NULL,
};

static int is_clue(const char *m, size_t n)
{
    for (size_t i = 0; i < sizeof clues / sizeof clues[0]; i++)
        if (txi_memmem(m, n, clues[i].s, clues[i].n))
            return 1;
    return 0;
}

/* The most frequent records (record I/O, dumps, suite filtering) carry
 * nothing for the event model: a byte or two decides them.  Their kind
 * (K_SKIP: a body to pass over; K_NONE), or -1 for any other record;
 * *plain: a decrypted data dump (counted). */
static int idle_record(const char *m, size_t n, int has_body, int *plain)
{
    *plain = 0;
    if (!n)
        return -1;
    switch (m[0]) {
    case 'R':
        return SV_STARTS(m, n, "Raw read") || SV_STARTS(m, n, "Raw write") ? K_SKIP : -1;
    case 'P':
        *plain = SV_STARTS(m, n, "Plaintext before ENCRYPTION") || SV_STARTS(m, n, "Plaintext after DECRYPTION");
        return *plain ? K_SKIP : -1;
    case 'W': /* application data written is record_begin's: it proves the handshake over */
        return SV_STARTS(m, n, "WRITE: ") && !SV_FIND(m, n, " application_data") ? has_body ? K_SKIP : K_NONE : -1;
    case 'I':
        return SV_STARTS(m, n, "Ignore ") && !SV_STARTS(m, n, "Ignore inactive") ? has_body ? K_SKIP : K_NONE : -1;
    case 'j':
        return SV_STARTS(m, n, "jdk.tls.keyLimits") ? has_body ? K_SKIP : K_NONE : -1;
    case 'K':
        return SV_STARTS(m, n, "KeyLimit") ? has_body ? K_SKIP : K_NONE : -1;
    case 'C':
        return SV_STARTS(m, n, "Consumed extension") ? has_body ? K_SKIP : K_NONE : -1;
    default:
        return -1;
    }
}

/* Strip "Produced "/"Consuming " and " handshake message"/" message". */
static const char *handshake_name(const char *m, size_t n, int *sent)
{
    const char *q;
    size_t k;
    if (SV_STARTS(m, n, "Produced ")) {
        *sent = 1;
        k = 9;
    } else if (SV_STARTS(m, n, "Consuming ")) {
        *sent = 0;
        k = 10;
    } else {
        return NULL;
    }
    q = SV_FIND(m + k, n - k, " handshake message");
    if (!q)
        q = SV_FIND(m + k, n - k, " message");
    if (!q)
        return NULL;
    return txi_canon_handshake(m + k, (size_t)(q - m - k));
}

static void config_property(txi_parser *p, const char *m, size_t n, const txi_linectx *l)
{
    /* System property jdk.tls.client.protocols is set to 'TLSv1.3'
     * (the key starts after "System property ", 16 bytes: search from there,
     * or "System property is set to '" makes its length -1) */
    const char *is = SV_FIND(m + 16, n - 16, " is set to '");
    if (!is)
        return;
    txi_sv key = txi_sv_make(m + 16, (size_t)(is - m - 16));
    const char *v = is + 12, *end = m + n;
    const char *q = memchr(v, '\'', (size_t)(end - v));
    txi_sv val = txi_sv_make(v, q ? (size_t)(q - v) : (size_t)(end - v));
    if (SV_EQ(val.p, val.n, "null"))
        return;
    txi_event *e = txi_emit_begin(p, TXE_CONFIG, l);
    txi_emit_field(p, e, TXF_KEY, key.p, key.n, l);
    txi_emit_field(p, e, TXF_VALUE, val.p, val.n, l);
    txi_emit_end(p, e, NULL, 0);
}

/* Is the record's thread the one kept in (t, tn)? */
static int this_thread(const jstate *s, const char *t, size_t tn)
{
    return tn == s->threadlen && !memcmp(t, s->thread, tn);
}

/* Application data in direction dir ("sent"/"received") proves the record's
 * thread's handshake over: filed once, until its next hello. */
static void session_up(txi_parser *p, jstate *s, const char *dir, const txi_linectx *l)
{
    memcpy(s->appw_thread, s->thread, s->threadlen);
    s->appw_threadlen = s->threadlen;
    s->appw_set = 1;
    txi_event *e = txi_emit_begin(p, TXE_HANDSHAKE, l);
    txi_emit_field(p, e, TXF_MESSAGE, "ApplicationData", 15, l);
    txi_emit_field(p, e, TXF_DIRECTION, dir, strlen(dir), l);
    txi_emit_end(p, e, s->thread, s->threadlen);
}

/* Interpret a record's message; open a body handler if it has one. */
static void record_begin(txi_parser *p, jstate *s, const char *m, size_t n, int has_body,
                         const txi_linectx *l)
{
    s->kind = K_NONE;
    int sent = 0;

    /* Truststore and keystore records continue one another; anything else ends them. */
    if (s->trust && !(SV_STARTS(m, n, "trustStore ") || SV_STARTS(m, n, "Reload") ||
                      SV_STARTS(m, n, "adding as trusted cert") || SV_STARTS(m, n, "Inaccessible trust store") ||
                      SV_STARTS(m, n, "the last modified time") || SV_STARTS(m, n, "SunX509: skip default keystore") ||
                      SV_STARTS(m, n, "Failed to load default trust managers")))
        finish_truststore(p, s);
    if (s->key && !SV_STARTS(m, n, "keyStore") && !SV_STARTS(m, n, "init keystore") &&
        !SV_STARTS(m, n, "init keymanager") && !SV_STARTS(m, n, "found key for : "))
        finish_keystore(p, s);

    int plain, idle = idle_record(m, n, has_body, &plain);
    if (idle >= 0) {
        if (plain)
            txi_parser_count_plaintext(p);
        s->kind = (enum kind)idle;
        return;
    }
    const char *hs = n && (m[0] == 'P' || m[0] == 'C') ? handshake_name(m, n, &sent) : NULL;

    if (hs && sent && (!strcmp(hs, "Finished") || !strcmp(hs, "CertificateVerify"))) {
        memcpy(s->appdata_thread, s->thread, s->threadlen);
        s->appdata_threadlen = s->threadlen;
        s->appdata_armed = s->threadlen > 0;
    }
    int filed = s->appw_set && this_thread(s, s->appw_thread, s->appw_threadlen);
    if (!hs && SV_STARTS(m, n, "READ: ") && SV_FIND(m, n, " application_data") && s->appdata_armed &&
        this_thread(s, s->appdata_thread, s->appdata_threadlen)) {
        s->appdata_armed = 0;
        session_up(p, s, "received", l);
        return;
    }
    if (!hs && m[0] == 'W' && SV_STARTS(m, n, "WRITE: ")) {
        /* "WRITE: TLSv1.3 application_data, length = 77": this side writes
         * application data only once its handshake is over (the TLS 1.3
         * handshake's own encrypted records are logged by their inner type,
         * "WRITE: TLSv1.3 handshake"), so an excerpt that starts after the
         * handshake shows a completed one */
        if (!filed)
            session_up(p, s, "sent", l);
        return;
    }
    if (!hs && SV_STARTS(m, n, "READ: ") && SV_FIND(m, n, " application_data")) {
        if (filed)
            return;
        memcpy(s->appr_thread, s->thread, s->threadlen);
        s->appr_threadlen = s->threadlen;
        s->appr_pending = 1;
        return;
    }
    if (hs) {
        s->direction_sent = sent;
        s->appr_pending = 0;
        if (!strcmp(hs, "ClientHello") || !strcmp(hs, "ServerHello"))
            s->appw_set = 0;
        txi_event *e = txi_emit_begin(p, TXE_HANDSHAKE, l);
        txi_emit_field(p, e, TXF_MESSAGE, hs, strlen(hs), l);
        txi_emit_field(p, e, TXF_DIRECTION, sent ? "sent" : "received", sent ? 4 : 8, l);
        if (!strcmp(hs, "ClientHello") || !strcmp(hs, "ServerHello") || !strcmp(hs, "HelloRetryRequest")) {
            s->kind = hs[0] == 'C' ? K_CLIENTHELLO : K_SERVERHELLO;
            s->ev = e;
            if (s->kind == K_SERVERHELLO && has_body) {
                /* negotiated version and suite come from the body */
                txi_emit_end(p, e, s->thread, s->threadlen);
                s->ev = txi_emit_begin(p, TXE_NEGOTIATED, l);
            }
        } else if (!strcmp(hs, "CertificateRequest") && has_body) {
            s->kind = K_CERTREQ;
            s->ev = e; /* filed at the record end, with the CAs the server accepts */
        } else if (!strcmp(hs, "Certificate") && has_body) {
            const char *who = SV_FIND(m, n, "server Certificate") ? "server"
                            : SV_FIND(m, n, "client Certificate") ? "client" : sent ? "local" : "peer";
            snprintf(s->certsrc, sizeof s->certsrc, "%s", who);
            s->kind = K_CERTMSG;
            s->ev = e; /* filed at the record end, with the number of certificates */
        } else {
            txi_emit_end(p, e, s->thread, s->threadlen);
        }
        return;
    }
    if (SV_STARTS(m, n, "Received alert message")) {
        if (s->appr_pending && this_thread(s, s->appr_thread, s->appr_threadlen)) {
            s->appr_pending = 0;
            s->appr_ev = txi_emit_begin(p, TXE_HANDSHAKE, l);
            txi_emit_field(p, s->appr_ev, TXF_MESSAGE, "ApplicationData", 15, l);
            txi_emit_field(p, s->appr_ev, TXF_DIRECTION, "received", 8, l);
        }
        s->kind = K_ALERT;
        s->ev = txi_emit_begin(p, TXE_ALERT, l);
        txi_emit_field(p, s->ev, TXF_ORIGIN, "peer", 4, l);
        return;
    }
    if (SV_STARTS(m, n, "Fatal (")) {
        /* Fatal (CERTIFICATE_UNKNOWN): PKIX path building failed: ... */
        const char *rp = memchr(m, ')', n);
        s->kind = K_FATAL;
        if (rp) {
            char desc[64];
            size_t dn = (size_t)(rp - m - 7);
            if (dn >= sizeof desc)
                dn = sizeof desc - 1;
            for (size_t i = 0; i < dn; i++)
                desc[i] = (char)tolower((unsigned char)m[7 + i]);
            desc[dn] = '\0';
            const char *reason = rp + 1;
            if (reason < m + n && *reason == ':')
                reason++;
            txi_sv r = txi_sv_trim(txi_sv_make(reason, (size_t)(m + n - reason)));
            if (r.n >= 2 && r.p[r.n - 1] == '(')
                r = txi_sv_trim(txi_sv_make(r.p, r.n - 1));
            int echo = SV_STARTS(r.p, r.n, "Received fatal alert: ");
            if (echo && !strcmp(s->last_rx_alert, desc) && s->last_rx_threadlen == s->threadlen &&
                memcmp(s->last_rx_thread, s->thread, s->threadlen) == 0) {
                /* the local echo of an alert already filed as received */
            } else {
                txi_event *e = txi_emit_begin(p, TXE_ALERT, l);
                txi_emit_field(p, e, TXF_LEVEL, "fatal", 5, l);
                txi_emit_field(p, e, TXF_DESCRIPTION, desc, dn, l);
                txi_emit_field(p, e, TXF_ORIGIN, echo ? "peer" : "local", echo ? 4 : 5, l);
                txi_emit_field(p, e, TXF_MESSAGE, r.p, r.n, l);
                txi_emit_end(p, e, s->thread, s->threadlen);
            }
        }
        return;
    }
    if (SV_STARTS(m, n, "Found trusted certificate")) {
        s->kind = K_FOUND_TRUSTED;
        return;
    }
    if (SV_STARTS(m, n, "adding as trusted cert")) {
        s->kind = K_ADDING_TRUSTED;
        if (!s->trust)
            s->trust = txi_emit_begin(p, TXE_TRUSTSTORE, l);
        return;
    }
    if (SV_STARTS(m, n, "trustStore is: ")) {
        finish_truststore(p, s);
        s->trust = txi_emit_begin(p, TXE_TRUSTSTORE, l);
        txi_emit_field(p, s->trust, TXF_PATH, m + 15, n - 15, l);
        return;
    }
    if (SV_STARTS(m, n, "Inaccessible trust store: ")) {
        txi_event *e = txi_emit_begin(p, TXE_TRUSTSTORE, l);
        txi_emit_field(p, e, TXF_PATH, m + 26, n - 26, l);
        txi_emit_field(p, e, TXF_ERROR, "inaccessible", 12, l);
        txi_emit_end(p, e, NULL, 0);
        return;
    }
    if (SV_STARTS(m, n, "Reloaded ") && SV_FIND(m, n, " trust certs")) {
        if (s->trust)
            txi_emit_fieldf(p, s->trust, TXF_COUNT, l, "%lu", strtoul(m + 9, NULL, 10));
        return;
    }
    if (SV_STARTS(m, n, "SunX509: skip default keystore") ||
        SV_STARTS(m, n, "Failed to load default trust managers")) {
        s->kind = K_THROWABLE;
        if (!s->trust)
            s->trust = txi_emit_begin(p, TXE_TRUSTSTORE, l);
        txi_emit_field(p, s->trust, TXF_ERROR, m, n > 2 && m[n - 1] == '(' ? n - 2 : n, l);
        return;
    }
    if (SV_STARTS(m, n, "keyStore is :") || SV_STARTS(m, n, "keyStore type is :")) {
        if (!s->key)
            s->key = txi_emit_begin(p, TXE_KEYSTORE, l);
        const char *c = memchr(m, ':', n);
        txi_sv v = txi_sv_trim(txi_sv_make(c + 1, (size_t)(m + n - c - 1)));
        txi_emit_field(p, s->key, m[9] == 'i' ? TXF_PATH : TXF_STORE_TYPE, v.p, v.n, l);
        return;
    }
    if (SV_STARTS(m, n, "found key for : ") && s->key) {
        /* found key for : svc-ldap-sync ( - the alias, then the chain */
        txi_sv a = txi_sv_trim(txi_sv_make(m + 16, n - 16));
        if (a.n && a.p[a.n - 1] == '(')
            a = txi_sv_trim(txi_sv_make(a.p, a.n - 1));
        if (a.n && !txi_ev_str(s->key, TXF_ALIAS))
            txi_emit_field(p, s->key, TXF_ALIAS, a.p, a.n, l);
        s->kind = K_FOUND_KEY;
        return;
    }
    if (SV_STARTS(m, n, "System property ")) {
        config_property(p, m, n, l);
        return;
    }
    if (SV_STARTS(m, n, "Unable to indicate server name")) {
        txi_event *e = txi_emit_begin(p, TXE_SNI, l);
        txi_emit_field(p, e, TXF_ERROR, "unable to indicate server name", 30, l);
        txi_emit_end(p, e, s->thread, s->threadlen);
        return;
    }
    int noisy = 0;
    for (int i = 0; noise[i]; i++)
        if (txi_memmem(m, n, noise[i], strlen(noise[i])))
            noisy = 1;
    if (noisy && has_body) {
        s->kind = K_SKIP; /* e.g. "SSLSocket duplex close failed" with its harmless throwable */
        return;
    }
    if (!noisy && (is_warn_level(s->level) || is_clue(m, n))) {
        txi_event *e = txi_emit_begin(p, TXE_NOTICE, l);
        txi_emit_field(p, e, TXF_LEVEL, s->level, strlen(s->level), l);
        txi_sv t = txi_sv_make(m, n);
        if (t.n >= 2 && t.p[t.n - 1] == '(')
            t = txi_sv_trim(txi_sv_make(t.p, t.n - 1));
        txi_emit_field(p, e, TXF_TEXT, t.p, t.n, l);
        txi_emit_end(p, e, s->thread, s->threadlen);
    }
    if (has_body)
        s->kind = K_THROWABLE; /* warnings with a throwable body, e.g. keystore load failures */
}

/* ---- compact form ------------------------------------------------------- */

/* Continuation lines of the truststore record ("trustStore type is: pkcs12"). */
static int trust_continuation(txi_parser *p, jstate *s, const txi_linectx *l)
{
    if (s->trust && SV_STARTS(l->p, l->n, "trustStore type is: ")) {
        txi_emit_field(p, s->trust, TXF_STORE_TYPE, l->p + 20, l->n - 20, l);
        return 1;
    }
    return s->trust && (SV_STARTS(l->p, l->n, "trustStore provider is") ||
                        SV_STARTS(l->p, l->n, "the last modified time is"));
}

/* The fields of a compact header, as views into the line.  Returns 1, or
 * 0 when it is no header, -1 when it is none but its thread was found. */
typedef struct {
    txi_sv level, thread, time, msg;
} header;

/* txi_take_until(p, end, '|', max, out) for the header's short fields (a
 * level, a thread id: a few bytes, a loop rather than a memchr call) */
static int take_short(const char **p, const char *end, size_t max, txi_sv *out)
{
    const char *q = *p, *lim = (size_t)(end - q) > max ? q + max : end;
    while (q < lim && *q != '|')
        q++;
    if (q == lim)
        return 1;
    out->p = *p;
    out->n = (size_t)(q - *p);
    *p = q;
    return 0;
}

static int split_header(const txi_linectx *l, size_t namelen, header *h)
{
    const char *q = l->p + namelen, *end = l->p + l->n;
    txi_sv tid, caller;
    if (take_short(&q, end, 16, &h->level) || !is_level(h->level.p, h->level.n))
        return 0;
    q++;
    if (take_short(&q, end, 24, &tid))
        return 0;
    q++;
    /* thread: up to the '|' that precedes the timestamp */
    const char *ts = NULL;
    const char *lim = end - q > 4098 ? q + 4098 : end; /* (a thread name of up to 4 KiB) */
    for (const char *r = q; (r = memchr(r, '|', (size_t)(lim - r))) != NULL; r++) {
        if (looks_like_time(r + 1, end)) {
            ts = r;
            break;
        }
    }
    if (!ts)
        return 0;
    h->thread = txi_sv_make(q, (size_t)(ts - q));
    q = ts + 1;
    if (txi_take_until(&q, end, '|', 64, &h->time))
        return -1;
    q++;
    if (txi_take_until(&q, end, '|', 256, &caller))
        return -1;
    q++;
    h->msg = txi_sv_make(q, (size_t)(end - q));
    return 1;
}

/* The header's thread and level become the record's (copies: body lines
 * and the record end read them after the line is gone). */
static void take_thread(jstate *s, const header *h)
{
    s->threadlen = h->thread.n > TX_MAX_THREAD_NAME ? TX_MAX_THREAD_NAME : h->thread.n;
    memcpy(s->thread, h->thread.p, s->threadlen);
    s->thread[s->threadlen] = '\0';
}

static void take_header(jstate *s, const header *h)
{
    take_thread(s, h);
    memcpy(s->level, h->level.p, h->level.n); /* is_level() bounded it */
    s->level[h->level.n] = '\0';
}

/* JDK 11+ SSLLogger records without their "javax.net.ssl|..." header.  With
 * javax.net.debug set to "" the JDK hands its records to the System.Logger
 * "javax.net.ssl" (JUL, log4j or logback lay them out: the logger's name, then
 * the message), and helpers such as OkHttp's JsseDebugLogging print the
 * message and its body alone.  Only records no other text starts like are
 * read: a handshake message produced or consumed, the negotiated version, a
 * received alert, a fatal alert raised.  Returns where the message starts in
 * the line (at its start, or after "javax.net.ssl" and a separator), or NULL. */
static const char *bare_record(const char *p, size_t n)
{
    const char *m = p, *end = p + n;
    const char *lg = n > 14 ? txi_memmem(p, n < 240 ? n : 240, "javax.net.ssl", 13) : NULL;
    /* JUL's SimpleFormatter puts the level on the message's line ("FINE: ...") */
    static const char *const jul[] = {"FINE: ", "FINER: ", "FINEST: ", "CONFIG: ", "INFO: ", "WARNING: ", "SEVERE: ",
                                      NULL};
    for (int i = 0; !lg && jul[i]; i++) {
        size_t jn = strlen(jul[i]);
        if (n > jn && memcmp(p, jul[i], jn) == 0) {
            m = p + jn;
            break;
        }
    }
    if (lg) {
        m = lg + 13;
        if (m >= end || (*m != ' ' && *m != ':' && *m != ']' && *m != '-' && *m != '\t'))
            return NULL;
        while (m < end && (*m == ' ' || *m == ':' || *m == ']' || *m == '-' || *m == '\t'))
            m++;
    }
    size_t k = (size_t)(end - m);
    if ((SV_STARTS(m, k, "Produced ") || SV_STARTS(m, k, "Consuming ")) &&
        (SV_FIND(m, k < 96 ? k : 96, " handshake message") != NULL))
        return m;
    if (SV_STARTS(m, k, "Negotiated protocol version: ") || SV_STARTS(m, k, "Received alert message") ||
        (SV_STARTS(m, k, "Fatal (") && memchr(m, ')', k < 48 ? k : 48)))
        return m;
    return NULL;
}

static int jdk11_line(txi_parser *p, const txi_linectx *l)
{
    jstate *s = st(p);
    size_t namelen = txi_ssllogger_prefix(l->p, l->n);
    if (namelen) {
        header f;
        int ok = split_header(l, namelen, &f);
        if (ok <= 0) {
            if (ok < 0)
                take_thread(s, &f); /* (as the general path always did: the thread is the record's so far) */
            return 0;
        }
        int64_t t = txi_parse_time_cached(&s->tcache, f.time.p, f.time.n);
        txi_sv m = txi_sv_trim(f.msg);
        int body = m.n >= 1 && m.p[m.n - 1] == '(' && (m.n == 1 || m.p[m.n - 2] == ' ');
        int plain, idle;
        /* Fast path: a record that carries nothing for the event model
         * ("Ignore unsupported cipher suite", "Consumed extension", "Raw read")
         * while no record, truststore or keystore is open: what record_begin()
         * and record_end() would do for it, without copying the thread and
         * the level, which nothing reads before the next header sets them
         * (TLSEXPLAIN_NO_FASTPATH: the general path). */
        if (!s->open && !s->trust && !s->key && (idle = idle_record(m.p, m.n, body, &plain)) >= 0 &&
            txi_parser_fast(p)) {
            s->time = t;
            txi_parser_saw_time(p, t);
            if (plain)
                txi_parser_count_plaintext(p);
            if (body) {
                s->kind = (enum kind)idle;
                s->open = 1;
                txi_parser_open_block(p, TXI_DIALECT_JDK11);
            }
            return 1;
        }
        take_header(s, &f);
        s->time = t;
        txi_parser_saw_time(p, s->time);
        txi_linectx h = *l;
        h.time = s->time;
        record_begin(p, s, m.p, m.n, body, &h);
        if (body) {
            s->open = 1;
            txi_parser_open_block(p, TXI_DIALECT_JDK11);
        } else {
            record_end(p, s);
        }
        return 1;
    }
    /* a record without its header: the message, then perhaps its body ("(" at
       the end of the message, or the body's "Name": { on the next line) */
    const char *bm = (l->n > 9 && (l->p[0] == 'P' || l->p[0] == 'C' || l->p[0] == 'N' || l->p[0] == 'R' ||
                                   l->p[0] == 'F' || l->p[0] == 'I' || l->p[0] == 'W' || l->p[0] == 'S' ||
                                   txi_memmem(l->p, l->n < 240 ? l->n : 240, "javax.net.ssl", 13)))
                         ? bare_record(l->p, l->n)
                         : NULL;
    if (bm) {
        txi_sv m = txi_sv_trim(txi_sv_make(bm, (size_t)(l->p + l->n - bm)));
        s->threadlen = 0;
        s->thread[0] = '\0';
        snprintf(s->level, sizeof s->level, "%s", SV_STARTS(m.p, m.n, "Fatal (") ? "ERROR" : "DEBUG");
        s->time = l->time;
        record_begin(p, s, m.p, m.n, 1, l);
        s->open = 1;
        s->bare = 1;
        /* a message ending in "(" promises its body; without it the body may not come */
        if (m.n && m.p[m.n - 1] == '(')
            txi_parser_open_block(p, TXI_DIALECT_JDK11);
        else
            txi_parser_open_block_optional(p, TXI_DIALECT_JDK11);
        return 1;
    }
    /* expand form: a lone "{" followed by "logger" : "javax.net.ssl" */
    if (l->n == 1 && l->p[0] == '{') {
        s->open = 2;
        s->expand_msglen = 0;
        s->expand_logger = 0;
        s->threadlen = 0;
        s->level[0] = '\0';
        s->time = TXI_NO_TIME;
        txi_parser_open_block(p, TXI_DIALECT_JDK11);
        return 1;
    }
    return trust_continuation(p, s, l);
}

static int expand_cont(txi_parser *p, jstate *s, const txi_linectx *l)
{
    txi_sv key, val;
    if (s->open == 2) {
        if (!kv(l->p, l->n, &key, &val)) {
            if (l->n == 1 && l->p[0] == '}')
                goto header_done;
            return TXI_DL_NOTMINE;
        }
        if (KEY_IS(key, "logger")) {
            if (!txi_ssllogger_name(val.p, val.n))
                return TXI_DL_NOTMINE;
            s->expand_logger = 1;
        } else if (!s->expand_logger) {
            /* another JSON object (an API's error body, a JSON log record printed
               over several lines): its members are text for the other dialects */
            s->open = 0;
            return TXI_DL_NOTMINE;
        } else if (KEY_IS(key, "level")) {
            snprintf(s->level, sizeof s->level, "%.*s", (int)val.n, val.p);
        } else if (KEY_IS(key, "thread name")) {
            s->threadlen = val.n > TX_MAX_THREAD_NAME ? TX_MAX_THREAD_NAME : val.n;
            memcpy(s->thread, val.p, s->threadlen);
            s->thread[s->threadlen] = '\0';
        } else if (KEY_IS(key, "time")) {
            s->time = txi_parse_time_cached(&s->tcache, val.p, val.n);
            txi_parser_saw_time(p, s->time);
        } else if (KEY_IS(key, "message")) {
            /* The message is the last header key; a body ("specifics") may follow. */
            size_t n = val.n < sizeof s->expand_msg ? val.n : sizeof s->expand_msg - 1;
            memcpy(s->expand_msg, val.p, n);
            s->expand_msglen = n;
            txi_linectx h = *l;
            h.time = s->time;
            record_begin(p, s, s->expand_msg, s->expand_msglen, 1, &h);
            s->open = 3;
        }
        return TXI_DL_MORE;
    header_done:
        s->open = 0;
        return TXI_DL_DONE;
    }
    /* expand body: ends at a "}" in column 0 */
    if (l->n >= 1 && l->p[0] == '}' && txi_sv_trim(txi_sv_make(l->p, l->n)).n == 1) {
        record_end(p, s);
        return TXI_DL_DONE;
    }
    if (SV_STARTS(l->p, l->n, "  \"specifics\""))
        return TXI_DL_MORE;
    if (trust_continuation(p, s, l))
        return TXI_DL_MORE;
    body_line(p, s, l);
    return TXI_DL_MORE;
}

static int jdk11_cont(txi_parser *p, const txi_linectx *l)
{
    jstate *s = st(p);
    if (s->open >= 2)
        return expand_cont(p, s, l);
    /* compact body: ends at ")" in column 0 */
    if (l->n >= 1 && l->p[0] == ')' && (l->n == 1 || l->p[1] == ' ' || l->p[1] == '\r')) {
        s->bare = 0;
        record_end(p, s);
        return TXI_DL_DONE;
    }
    /* the body of a record without its header (its message maybe without "("): a
       JSON-like object, ended by its "}" in column 0 or by a line that is not one */
    if (s->bare) {
        char c = l->n ? l->p[0] : ' ';
        if (c == '}' && txi_sv_trim(txi_sv_make(l->p, l->n)).n == 1) {
            body_line(p, s, l);
            s->bare = 0;
            record_end(p, s);
            return TXI_DL_DONE;
        }
        if (c != '"' && c != ' ' && c != '\t' && c != '{' && c != '[' && c != ']' && c != '}' && c != '|' &&
            !txi_line_is_hexdump(l)) {
            s->bare = 0;
            record_end(p, s);
            return TXI_DL_NOTMINE;
        }
    }
    /* A new header inside a body means the body was cut short. */
    if (txi_ssllogger_prefix(l->p, l->n)) {
        record_end(p, s);
        return TXI_DL_NOTMINE;
    }
    if (s->kind == K_SKIP || s->kind == K_NONE) {
        if (txi_line_is_hexdump(l))
            txi_parser_count_hexdump(p);
        return TXI_DL_MORE;
    }
    if (txi_line_is_hexdump(l)) {
        txi_parser_count_hexdump(p);
        return TXI_DL_MORE;
    }
    body_line(p, s, l);
    return TXI_DL_MORE;
}

static void jdk11_flush(txi_parser *p)
{
    jstate *s = st(p);
    s->bare = 0;
    if (s->open)
        record_end(p, s);
    finish_truststore(p, s);
    finish_keystore(p, s);
}

const txi_dialect txi_dialect_jdk11 = {
    .name = "ssllogger",
    .desc = "SSLLogger (JDK 11+, JDK 8u backport, IBM Java 8 SR7+; compact and expand)",
    .state_size = sizeof(jstate),
    .line = jdk11_line,
    .cont = jdk11_cont,
    .flush = jdk11_flush,
};
