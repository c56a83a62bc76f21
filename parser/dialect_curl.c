/*
 * dialect_curl.c - what `curl -v` prints about a TLS connection: the
 * OpenSSL flavour (Linux, macOS, curl for Windows with OpenSSL) and the
 * Schannel flavour (curl.exe shipped with Windows).
 *
 * Samples:
 *
 *   *   Trying 127.0.0.1:42169...
 *   * Connected to tps.initech.example (127.0.0.1) port 42169 (#0)
 *   * ALPN: offers h2,http/1.1
 *   * TLSv1.3 (OUT), TLS handshake, Client hello (1):
 *   *  CAfile: /etc/ssl/certs/ca-certificates.crt
 *   * TLSv1.2 (IN), TLS handshake, Certificate (11):
 *   * TLSv1.2 (OUT), TLS alert, certificate expired (557):
 *   * SSL certificate problem: certificate has expired
 *   * SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384
 *   * Server certificate:
 *   *  subject: C=GB; L=London; O=Northwind Payments Ltd; CN=api.northwind-payments.example
 *   *  start date: Oct 28 03:48:46 2026 GMT
 *   *  expire date: Oct 28 03:48:46 2027 GMT
 *   *  subjectAltName: host "api.northwind-payments.example" matched cert's "api.northwind-payments.example"
 *   *  issuer: C=GB; O=Northwind Payments Ltd; OU=Security Engineering; CN=Northwind Payments TLS Issuing CA 1
 *   *  SSL certificate verify ok.
 *   < HTTP/1.0 200 ok
 *   curl: (60) SSL certificate problem: certificate has expired
 *   * schannel: next InitializeSecurityContext failed: SEC_E_UNTRUSTED_ROOT (0x80090325) - The certificate chain was issued by an authority that is not trusted.
 *   * schannel: verifyhost setting prevents Schannel from comparing the supplied target name with the subject names in server certificates.
 *
 * Grammar (a run is one connection curl made):
 *
 *   run     = { info | header | data | meter | exit | advice }
 *   info    = "* " text                -- Connected to H (IP) port N, TLSvX (IN|OUT), TLS handshake|alert ...,
 *                                         SSL connection using V / C, Server certificate: + "*  " key ": " value,
 *                                         SSL certificate problem: T, SSL: ..., schannel: ...
 *   header  = ("> " | "< ") text       -- request / response headers
 *   data    = ("{ " | "} ") "[" N " bytes data]"
 *   meter   = progress meter rows (spaces and digits, "% Total ...")
 *   exit    = "curl: (" N ") " message
 *   advice  = the fixed paragraph curl prints after a verification failure
 *
 * Events.  A run files a "target" (host, port; dialect curl) when the TLS
 * part begins (after a proxy tunnel, the tunnelled host), then
 * "handshake" events for the handshake lines (OUT = sent, IN = received;
 * the record version curl shows is not the negotiated one), an "sni"
 * event with the host name (curl always sends it for names), "alert"
 * events (the number is level << 8 | description), "negotiated" for "SSL
 * connection using", one "certificate" (source server, position 0) for
 * the "Server certificate" block, "notice" events of level "verify" (value
 * = OpenSSL's verify number for the message, 62 for a name mismatch;
 * Schannel's SEC_E_/CRYPT_E_ name in error), "notice" events of level
 * "config" (key curl.cafile / curl.capath) for the CA file and path curl
 * used - per connection: log-wide events would start a new epoch - and an
 * "exception" (class curl, error = exit
 * code) for the "curl: (N)" line.  With Schannel, the first response
 * header proves the handshake completed.
 *
 * Cost: outside a run, a line costs one byte check ('*' or 'c'); inside,
 * curl's lines are recognised by their first two bytes.  The dialect
 * holds the open block while a run lasts; a line that is not curl's ends
 * the block and is dispatched anew.  No allocation.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect.h"
#include "dialect_tools.h"

typedef struct {
    int active;            /* inside a curl transcript (we hold the open block) */
    /* the run's target, filed when the TLS part begins */
    char host[256];
    char port[8];
    char target_line[TX_MAX_EVIDENCE_LINE];
    size_t target_n;
    uint64_t target_no;
    int have_target, target_filed;
    int tls;               /* TLS lines seen in this run */
    int finished_seen;     /* old format without (IN)/(OUT): Finished messages so far */
    int nego;              /* negotiated filed */
    int exc;               /* exception filed */
    int verified;          /* a verify notice filed in this run */
    int advice;            /* inside the paragraph after a verification failure */
    txi_event *cert;       /* the Server certificate block */
    unsigned run;          /* runs so far: events of run N carry the thread name "curl#N" */
    char thread[24];
} cstate;

static cstate *st(txi_parser *p) { return txi_parser_state(p, TXI_DIALECT_CURL); }

/* File an event of the current run.  The run's "thread" keeps its events
 * together: the first of them adopts the connection its target opened,
 * the next run's target opens another. */
static void end_ev(txi_parser *p, cstate *s, txi_event *e)
{
    txi_emit_end(p, e, s->thread, strlen(s->thread));
}

static void cert_end(txi_parser *p, cstate *s)
{
    txi_event *c = s->cert;
    if (!c)
        return;
    s->cert = NULL;
    const char *subj = txi_ev_str(c, TXF_SUBJECT), *iss = txi_ev_str(c, TXF_ISSUER);
    if (subj && iss) {
        int same = strcmp(subj, iss) == 0;
        txi_emit_field(p, c, TXF_SELF_SIGNED, same ? "true" : "false", same ? 4 : 5, NULL);
    }
    end_ev(p, s, c);
}

/* Remember the host and port of a run; the target is filed later. */
static void pending_target(cstate *s, const txi_linectx *l, const char *h, size_t hn, const char *port, size_t pn)
{
    if (hn >= sizeof s->host)
        hn = sizeof s->host - 1;
    memcpy(s->host, h, hn);
    s->host[hn] = '\0';
    if (pn >= sizeof s->port)
        pn = sizeof s->port - 1;
    memcpy(s->port, port, pn);
    s->port[pn] = '\0';
    s->target_n = l->rawn < sizeof s->target_line ? l->rawn : sizeof s->target_line;
    memcpy(s->target_line, l->raw, s->target_n);
    s->target_no = l->no;
    s->have_target = 1;
    s->target_filed = 0;
    s->run++;
    snprintf(s->thread, sizeof s->thread, "curl#%u", s->run);
    s->tls = s->nego = s->exc = s->verified = 0;
    s->finished_seen = 0;
}

static void file_target(txi_parser *p, cstate *s)
{
    if (!s->have_target || s->target_filed)
        return;
    s->target_filed = 1;
    txi_linectx tl = {s->target_line, s->target_n, s->target_line, s->target_n, s->target_no, TXI_NO_TIME, NULL};
    txi_event *e = txi_emit_begin(p, TXE_TARGET, &tl);
    txi_emit_field(p, e, TXF_HOST, s->host, strlen(s->host), &tl);
    if (s->port[0])
        txi_emit_field(p, e, TXF_PORT, s->port, strlen(s->port), &tl);
    txi_emit_field(p, e, TXF_DIALECT, "curl", 4, &tl);
    txi_emit_end(p, e, NULL, 0);
}

/* "host (ip) port N" / "host port N" at q: the pending target. */
static void host_port(cstate *s, const txi_linectx *l, const char *q, const char *end)
{
    txi_sv host;
    if (txi_take_until(&q, end, ' ', 255, &host))
        return;
    const char *pt = SV_FIND(q, (size_t)(end - q), "port ");
    txi_sv port = {"", 0};
    if (pt) {
        const char *d = pt + 5, *e = d;
        while (e < end && isdigit((unsigned char)*e) && e - d < 6)
            e++;
        port = txi_sv_make(d, (size_t)(e - d));
    }
    pending_target(s, l, host.p, host.n, port.p, port.n);
}

static void notice(txi_parser *p, cstate *s, const txi_linectx *l, const char *level, const char *t, size_t n)
{
    txi_event *e = txi_emit_begin(p, TXE_NOTICE, l);
    txi_emit_field(p, e, TXF_LEVEL, level, strlen(level), l);
    txi_emit_field(p, e, TXF_TEXT, t, n, l);
    end_ev(p, s, e);
}

static const struct { int type; const char *name; } hs_types[] = {
    {1, "ClientHello"},         {2, "ServerHello"},        {4, "NewSessionTicket"},
    {8, "EncryptedExtensions"}, {11, "Certificate"},       {12, "ServerKeyExchange"},
    {13, "CertificateRequest"}, {14, "ServerHelloDone"},   {15, "CertificateVerify"},
    {16, "ClientKeyExchange"},  {20, "Finished"},          {22, "CertificateStatus"},
};

/* "TLSv1.3 (OUT), TLS handshake, Client hello (1):" (t after "* ") */
static void tls_line(txi_parser *p, cstate *s, const txi_linectx *l, const char *t, size_t n)
{
    const char *end = t + n;
    int dir = SV_FIND(t, n < 24 ? n : 24, "(OUT)") ? 1 : SV_FIND(t, n < 24 ? n : 24, "(IN)") ? 0 : -1;
    const char *kind = memchr(t, ',', n);
    if (!kind)
        return;
    kind++;
    while (kind < end && *kind == ' ')
        kind++;
    const char *lp = NULL;
    for (const char *q = end; q > kind; q--)
        if (q[-1] == '(') {
            lp = q - 1;
            break;
        }
    if (!lp)
        return;
    const char *q = lp + 1;
    unsigned long long num;
    if (txi_take_uint(&q, end, &num))
        return;
    file_target(p, s);
    s->tls = 1;
    if (SV_STARTS(kind, (size_t)(end - kind), "TLS handshake, ")) {
        const char *name = NULL;
        for (size_t i = 0; i < sizeof hs_types / sizeof hs_types[0]; i++)
            if ((unsigned long long)hs_types[i].type == num)
                name = hs_types[i].name;
        if (!name)
            return;
        if (dir < 0) {
            /* "SSLv3, TLS handshake, ..." (no direction): the client's own messages are known */
            if (num == 1 || num == 16)
                dir = 1;
            else if (num == 20)
                dir = s->finished_seen++ == 0;
            else if (num == 15)
                dir = 1;
            else
                dir = 0;
        }
        txi_event *e = txi_emit_begin(p, TXE_HANDSHAKE, l);
        txi_emit_field(p, e, TXF_MESSAGE, name, strlen(name), l);
        txi_emit_field(p, e, TXF_DIRECTION, dir ? "sent" : "received", dir ? 4 : 8, l);
        end_ev(p, s, e);
        if (num == 1 && dir && s->host[0] && !txi_is_ip_address(s->host, strlen(s->host))) {
            txi_event *sni = txi_emit_begin(p, TXE_SNI, l);
            txi_emit_field(p, sni, TXF_NAME, s->host, strlen(s->host), NULL);
            txi_emit_field(p, sni, TXF_DIRECTION, "sent", 4, l);
            end_ev(p, s, sni);
        }
    } else if (SV_STARTS(kind, (size_t)(end - kind), "TLS alert, ")) {
        const char *name = txi_tool_alert_name((int)(num & 0xff));
        if (!name)
            return;
        int level = (int)(num >> 8);
        txi_event *e = txi_emit_begin(p, TXE_ALERT, l);
        txi_emit_field(p, e, TXF_LEVEL, level == 2 ? "fatal" : "warning", level == 2 ? 5 : 7, l);
        txi_emit_field(p, e, TXF_DESCRIPTION, name, strlen(name), l);
        txi_emit_field(p, e, TXF_ORIGIN, dir == 1 ? "local" : "peer", dir == 1 ? 5 : 4, l);
        end_ev(p, s, e);
    }
}

/* "SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384 [/ X25519 / RSASSA-PSS]" */
static void nego_line(txi_parser *p, cstate *s, const txi_linectx *l, const char *t, size_t n)
{
    const char *q = t, *end = t + n;
    txi_sv ver, cipher;
    if (txi_take_until(&q, end, ' ', 31, &ver))
        return;
    const char *sl = SV_FIND(q, (size_t)(end - q), "/ ");
    if (!sl)
        return;
    q = sl + 2;
    const char *e2 = SV_FIND(q, (size_t)(end - q), " /");
    cipher = txi_sv_trim(txi_sv_make(q, (size_t)((e2 ? e2 : end) - q)));
    file_target(p, s);
    s->tls = 1;
    s->nego = 1;
    txi_event *e = txi_emit_begin(p, TXE_NEGOTIATED, l);
    txi_emit_field(p, e, TXF_VERSION, ver.p, ver.n, l);
    if (cipher.n)
        txi_emit_field(p, e, TXF_CIPHER, cipher.p, cipher.n, l);
    end_ev(p, s, e);
}

/* "*  subject: ...", "*  start date: ..." inside the Server certificate block (t after "*  ") */
static int cert_line(txi_parser *p, cstate *s, const txi_linectx *l, const char *t, size_t n)
{
    txi_event *c = s->cert;
    char dn[TX_MAX_FIELD_VALUE];
    if (SV_STARTS(t, n, "subject: ") || SV_STARTS(t, n, "issuer: ")) {
        int subj = t[0] == 's';
        size_t k = subj ? 9 : 8;
        size_t dl = txi_tool_dn(t + k, n - k, dn, sizeof dn);
        txi_emit_field(p, c, subj ? TXF_SUBJECT : TXF_ISSUER, dn, dl, l);
    } else if (SV_STARTS(t, n, "start date: ")) {
        txi_emit_field(p, c, TXF_NOT_BEFORE, t + 12, n - 12, l);
    } else if (SV_STARTS(t, n, "expire date: ")) {
        txi_emit_field(p, c, TXF_NOT_AFTER, t + 13, n - 13, l);
    } else if (SV_STARTS(t, n, "subjectAltName: host \"")) {
        /* host "x" matched cert's "y"  |  host "1.2.3.4" matched cert's IP address! */
        const char *m = SV_FIND(t, n, "matched cert's \"");
        if (m) {
            const char *v = m + 16, *e = memchr(v, '"', (size_t)(t + n - v));
            if (e)
                txi_emit_fieldf(p, c, TXF_SAN, l, "DNS:%.*s", (int)(e - v), v);
        } else if (SV_FIND(t, n, "matched cert's IP address")) {
            const char *v = t + 22, *e = memchr(v, '"', (size_t)(t + n - v));
            if (e)
                txi_emit_fieldf(p, c, TXF_SAN, l, "IP:%.*s", (int)(e - v), v);
        }
    } else if (SV_STARTS(t, n, "subjectAltName does not match")) {
        txi_tool_verify_notice(p, l, 62, t, n, 0, NULL, s->thread);
    } else if (SV_STARTS(t, n, "SSL certificate verify ok")) {
        txi_tool_verify_notice(p, l, 0, "ok", 2, -1, NULL, s->thread);
    } else if (SV_STARTS(t, n, "SSL certificate verify result: ")) {
        /* "unable to get local issuer certificate (20), continuing anyway." */
        const char *v = t + 31, *end = t + n, *lp = memchr(v, '(', (size_t)(end - v));
        int code = -1;
        if (lp)
            code = atoi(lp + 1);
        txi_tool_verify_notice(p, l, code, v, lp && lp > v ? (size_t)(lp - v - 1) : (size_t)(end - v), -1, NULL, s->thread);
    } else if (!SV_STARTS(t, n, "common name: ") && !SV_STARTS(t, n, "CAfile: ") && !SV_STARTS(t, n, "CApath: ")) {
        return 0;
    }
    return 1;
}

/* Schannel errors: "SEC_E_UNTRUSTED_ROOT (0x80090325) - The certificate chain ..." */
static const struct { const char *name, *hex; int code; } sec_errors[] = {
    {"SEC_E_UNTRUSTED_ROOT", "0x80090325", 20},      {"CERT_E_UNTRUSTEDROOT", "0x800B0109", 19},
    {"SEC_E_CERT_EXPIRED", "0x80090328", 10},        {"CERT_E_EXPIRED", "0x800B0101", 10},
    {"SEC_E_WRONG_PRINCIPAL", "0x80090322", 62},     {"CERT_E_CN_NO_MATCH", "0x800B010F", 62},
    {"CRYPT_E_NO_REVOCATION_CHECK", "0x80092012", -1}, {"CRYPT_E_REVOCATION_OFFLINE", "0x80092013", -1},
    {"CRYPT_E_REVOKED", "0x80092010", 23},           {"CERT_E_CHAINING", "0x800B010A", 20},
    {"SEC_E_ILLEGAL_MESSAGE", "0x80090326", -1},     {"SEC_E_ALGORITHM_MISMATCH", "0x80090331", -1},
    {"SEC_E_CERT_UNKNOWN", "0x80090327", -1},        {"SEC_E_INTERNAL_ERROR", "0x80090304", -1},
};

static void schannel_line(txi_parser *p, cstate *s, const txi_linectx *l, const char *t, size_t n)
{
    s->tls = 1; /* Schannel prints no handshake messages: its lines are the TLS part */
    if (SV_STARTS(t, n, "verifyhost setting prevents Schannel")) {
        notice(p, s, l, "warning", t, n);
        return;
    }
    if (SV_STARTS(t, n, "SSL/TLS connection with ") || SV_STARTS(t, n, "sending initial handshake")) {
        file_target(p, s);
        s->tls = 1;
        return;
    }
    if (!SV_FIND(t, n, "failed") && !SV_FIND(t, n, "SEC_E_") && !SV_FIND(t, n, "CRYPT_E_") && !SV_FIND(t, n, "CERT_E_"))
        return;
    file_target(p, s);
    s->tls = 1;
    for (size_t i = 0; i < sizeof sec_errors / sizeof sec_errors[0]; i++) {
        if (txi_memmem(t, n, sec_errors[i].name, strlen(sec_errors[i].name)) || txi_memmem(t, n, sec_errors[i].hex, strlen(sec_errors[i].hex))) {
            txi_event *e = txi_emit_begin(p, TXE_NOTICE, l);
            txi_emit_field(p, e, TXF_LEVEL, "verify", 6, l);
            if (sec_errors[i].code >= 0)
                txi_emit_fieldf(p, e, TXF_VALUE, l, "%d", sec_errors[i].code);
            txi_emit_field(p, e, TXF_ERROR, sec_errors[i].name, strlen(sec_errors[i].name), l);
            const char *dash = SV_FIND(t, n, ") - ");
            if (dash)
                txi_emit_field(p, e, TXF_TEXT, dash + 4, (size_t)(t + n - dash - 4), l);
            else
                txi_emit_field(p, e, TXF_TEXT, t, n, l);
            end_ev(p, s, e);
            return;
        }
    }
    notice(p, s, l, "error", t, n);
}

/* curl's host-name failure: "SSL: no alternative certificate subject name matches
 * target host name 'x'" or "SSL: certificate subject name 'y' does not match target
 * host name 'x'" (after "* " in a -v transcript, or as the exit line's message) */
static int name_mismatch(const char *t, size_t n)
{
    return SV_STARTS(t, n, "SSL: no alternative certificate subject name matches") ||
           (SV_STARTS(t, n, "SSL: certificate subject name") && SV_FIND(t, n, "does not match"));
}

/* A verification failure in curl's words - "SSL certificate problem: T" (OpenSSL's
 * verify text) or the host-name failure - as a "verify" notice of the run's
 * connection.  1 if t is one (the notice filed), 0 if not. */
static int problem_notice(txi_parser *p, cstate *s, const txi_linectx *l, const char *t, size_t n)
{
    int code;
    if (SV_STARTS(t, n, "SSL certificate problem: ")) {
        t += 25;
        n -= 25;
        code = txi_tool_verify_code(t, n);
    } else if (name_mismatch(t, n)) {
        t += 5;
        n -= 5;
        code = 62;
    } else {
        return 0;
    }
    file_target(p, s);
    txi_tool_verify_notice(p, l, code, t, n, -1, NULL, s->thread);
    s->verified = 1;
    return 1;
}

/* "* ..." lines.  Returns 1 if curl's. */
static int info_line(txi_parser *p, cstate *s, const txi_linectx *l)
{
    const char *t = l->p + 2;
    size_t n = l->n - 2;
    if (n && t[0] == ' ') {
        /* "*  subject: ...", "*   Trying ...", "*  CAfile: ..." */
        txi_sv v = txi_sv_trim(txi_sv_make(t, n));
        if (s->cert && cert_line(p, s, l, v.p, v.n))
            return 1;
        if (SV_STARTS(v.p, v.n, "CAfile: ") || SV_STARTS(v.p, v.n, "CApath: ")) {
            /* per connection, not a log-wide "config": curl's CA file is its own truststore */
            txi_event *e = txi_emit_begin(p, TXE_NOTICE, l);
            txi_emit_field(p, e, TXF_LEVEL, "config", 6, l);
            txi_emit_field(p, e, TXF_KEY, v.p[2] == 'f' ? "curl.cafile" : "curl.capath", 11, l);
            txi_emit_field(p, e, TXF_VALUE, v.p + 8, v.n - 8, l);
            end_ev(p, s, e);
        }
        return 1;
    }
    cert_end(p, s);
    switch (t[0]) {
    case 'C':
        if (SV_STARTS(t, n, "Connected to ")) {
            host_port(s, l, t + 13, t + n);
            return 1;
        }
        if (SV_STARTS(t, n, "Could not resolve host: ")) {
            txi_sv h = txi_sv_trim(txi_sv_make(t + 24, n - 24));
            pending_target(s, l, h.p, h.n, "", 0);
            file_target(p, s);
            notice(p, s, l, "error", t, n);
            return 1;
        }
        return 1;
    case 'E':
        if (SV_STARTS(t, n, "Establish HTTP proxy tunnel to ")) {
            /* the TLS part is with the tunnelled host, not the proxy */
            const char *h = t + 31, *end = t + n, *colon = NULL;
            for (const char *q = h; q < end && *q != ' '; q++)
                if (*q == ':')
                    colon = q;
            if (colon)
                pending_target(s, l, h, (size_t)(colon - h), colon + 1, (size_t)(end - colon - 1));
        }
        return 1;
    case 'F':
        if (SV_STARTS(t, n, "Failed to connect to ")) {
            host_port(s, l, t + 21, t + n);
            file_target(p, s);
            notice(p, s, l, "error", t, n);
        }
        return 1;
    case 'c':
        if (SV_STARTS(t, n, "connect to ") && SV_FIND(t, n, " failed: "))
            notice(p, s, l, "error", t, n);
        return 1;
    case 'T':
    case 'S':
        if (SV_STARTS(t, n, "TLSv1") || SV_STARTS(t, n, "SSLv")) {
            tls_line(p, s, l, t, n);
            return 1;
        }
        if (SV_STARTS(t, n, "SSL connection using ")) {
            nego_line(p, s, l, t + 21, n - 21);
            return 1;
        }
        if (SV_STARTS(t, n, "Server certificate:")) {
            file_target(p, s);
            s->cert = txi_emit_begin(p, TXE_CERTIFICATE, l);
            txi_emit_field(p, s->cert, TXF_POSITION, "0", 1, l);
            txi_emit_field(p, s->cert, TXF_SOURCE, "server", 6, l);
            txi_emit_field(p, s->cert, TXF_DIALECT, "curl", 4, l);
            return 1;
        }
        problem_notice(p, s, l, t, n);
        return 1;
    case 's':
        if (SV_STARTS(t, n, "schannel: "))
            schannel_line(p, s, l, t + 10, n - 10);
        return 1;
    case 'e':
        if (SV_STARTS(t, n, "error setting certificate"))
            notice(p, s, l, "error", t, n);
        return 1;
    case 'O':
        /* "OpenSSL/3.0.13: error:0A000410:SSL routines::sslv3 alert handshake failure": the TLS
         * alert line said it already; other errors are worth keeping */
        if (SV_STARTS(t, n, "OpenSSL") && !SV_FIND(t, n, " alert "))
            notice(p, s, l, "error", t, n);
        return 1;
    default:
        return 1;
    }
}

/* "curl: (60) SSL certificate problem: ..." */
static void exit_line(txi_parser *p, cstate *s, const txi_linectx *l)
{
    const char *q = l->p + 7, *end = l->p + l->n;
    unsigned long long code;
    if (txi_take_uint(&q, end, &code) || txi_skip_lit(&q, end, ")"))
        return;
    txi_skip_blanks(&q, end);
    if (!s->target_filed && !s->have_target) {
        /* "curl: (6) Could not resolve host: x" without -v */
        if (SV_STARTS(q, (size_t)(end - q), "Could not resolve host: ")) {
            txi_sv h = txi_sv_trim(txi_sv_make(q + 24, (size_t)(end - q - 24)));
            pending_target(s, l, h.p, h.n, "", 0);
        }
    }
    file_target(p, s);
    if (s->exc)
        return;
    s->exc = 1;
    /* without -v the exit line is all there is: its verification failure is the
       notice the "* SSL certificate problem:" line would have given */
    if (!s->verified)
        problem_notice(p, s, l, q, (size_t)(end - q));
    txi_event *e = txi_emit_begin(p, TXE_EXCEPTION, l);
    txi_emit_field(p, e, TXF_CLASS, "curl", 4, l);
    txi_emit_field(p, e, TXF_MESSAGE, q, (size_t)(end - q), l);
    txi_emit_fieldf(p, e, TXF_ERROR, l, "%llu", code);
    txi_emit_field(p, e, TXF_ROOT, q, (size_t)(end - q), l);
    txi_emit_field(p, e, TXF_ORIGIN, "local", 5, l);
    end_ev(p, s, e);
}

/* Progress meter rows: "  % Total ...", "  0     0    0 ... --:--:--     0", "  Dload  Upload". */
static int meter_line(const char *t, size_t n)
{
    size_t i = 0;
    while (i < n && t[i] == ' ')
        i++;
    if (i == n)
        return 0;
    if (t[i] == '%' || SV_STARTS(t + i, n - i, "Dload"))
        return 1;
    return isdigit((unsigned char)t[i]) && SV_FIND(t, n, "--:--:--") != NULL;
}

static int is_advice(const char *t, size_t n)
{
    return SV_STARTS(t, n, "More details here: ") || SV_STARTS(t, n, "curl failed to verify the legitimacy") ||
           SV_STARTS(t, n, "establish a secure connection to it.") || SV_STARTS(t, n, "how to fix it, please visit");
}

/* A line of a run.  1 = curl's. */
static int run_line(txi_parser *p, cstate *s, const txi_linectx *l)
{
    const char *t = l->p;
    size_t n = l->n;
    if (n >= 2 && t[0] == '*' && t[1] == ' ')
        return info_line(p, s, l);
    if (n >= 2 && (t[0] == '<' || t[0] == '>') && (t[1] == ' ' || n == 1)) {
        if (t[0] == '<' && SV_STARTS(t, n, "< HTTP/") && s->tls && !s->nego) {
            /* a response header: the TLS handshake completed (Schannel prints no handshake) */
            s->nego = 1;
            txi_event *e = txi_emit_begin(p, TXE_NEGOTIATED, l);
            txi_emit_field(p, e, TXF_TEXT, "connected", 9, l);
            end_ev(p, s, e);
        }
        return 1;
    }
    if (n >= 3 && (t[0] == '{' || t[0] == '}') && t[1] == ' ' && t[2] == '[')
        return 1;
    if (SV_STARTS(t, n, "curl: (")) {
        cert_end(p, s);
        exit_line(p, s, l);
        s->advice = 1;
        return 1;
    }
    if (meter_line(t, n)) /* also "... --:--:--     0*   Trying 1.2.3.4:443..." */
        return 1;
    if (is_advice(t, n))
        return 1;
    if (!n || (n == 1 && (t[0] == '>' || t[0] == '<')))
        return 1;
    return 0;
}

/* Lines that start a transcript (outside one). */
static int starts_run(const char *t, size_t n)
{
    if (n < 6)
        return 0;
    if (t[0] == 'c')
        return SV_STARTS(t, n, "curl: (");
    if (t[0] != '*' || t[1] != ' ')
        return 0;
    t += 2;
    n -= 2;
    switch (t[0]) {
    case ' ':
        return SV_STARTS(t, n, "  Trying ") || SV_STARTS(t, n, " Trying ") || SV_STARTS(t, n, " CAfile: ");
    case 'T':
        return SV_STARTS(t, n, "Trying ") || SV_STARTS(t, n, "TLSv1");
    case 'C':
        return SV_STARTS(t, n, "Connected to ") || SV_STARTS(t, n, "Could not resolve host: ");
    case 'A':
        return SV_STARTS(t, n, "ALPN") || SV_STARTS(t, n, "Added ");
    case 'H':
        return SV_STARTS(t, n, "Hostname ") || SV_STARTS(t, n, "Host ");
    case 'S':
        return SV_STARTS(t, n, "SSL") || SV_STARTS(t, n, "Server certificate:");
    case 's':
        return SV_STARTS(t, n, "schannel: ") || SV_STARTS(t, n, "successfully set certificate verify locations");
    case 'R':
        return SV_STARTS(t, n, "Rebuilt URL to: ");
    case 'U':
        return SV_STARTS(t, n, "Uses proxy env variable ");
    case 'F':
        return SV_STARTS(t, n, "Failed to connect to ");
    default:
        return 0;
    }
}

static int curl_line(txi_parser *p, const txi_linectx *l)
{
    const char *t = l->p;
    size_t n = l->n;
    if (!n || (t[0] != '*' && t[0] != 'c') || !starts_run(t, n))
        return 0;
    cstate *s = st(p);
    s->active = 1;
    if (!s->thread[0])
        snprintf(s->thread, sizeof s->thread, "curl#%u", s->run ? s->run : 1);
    txi_parser_open_block(p, TXI_DIALECT_CURL);
    run_line(p, s, l);
    return 1;
}

static void end_run(txi_parser *p, cstate *s)
{
    cert_end(p, s);
    s->active = 0;
    s->advice = 0;
}

static int curl_cont(txi_parser *p, const txi_linectx *l)
{
    cstate *s = st(p);
    if (run_line(p, s, l))
        return TXI_DL_MORE;
    end_run(p, s);
    return TXI_DL_NOTMINE;
}

static void curl_flush(txi_parser *p)
{
    cstate *s = st(p);
    end_run(p, s);
    file_target(p, s); /* a run that never reached TLS still names its target */
}

const txi_dialect txi_dialect_curl = {
    .name = "curl",
    .desc = "curl -v (OpenSSL and Schannel flavours)",
    .state_size = sizeof(cstate),
    .line = curl_line,
    .cont = curl_cont,
    .flush = curl_flush,
    .eof_ends_block = 1,
};
