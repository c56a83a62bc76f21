/*
 * verify_text.c - OpenSSL's certificate-verify results inside other
 * programs' messages, wherever a log holds them: an exception's message, an
 * application's log line, a pasted error.
 *
 * Samples:
 *
 *   ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)
 *   certificate verify failed (self signed certificate)
 *   fatal: unable to access 'https://git.example/r.git/': SSL certificate problem: certificate has expired
 *   Error: unable to verify the first certificate
 *     code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'
 *   certificate verify failed: Hostname mismatch, certificate is not valid for 'es.internal'. (_ssl.c:1006)
 *   Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames: IP: 10.0.0.7 is not in the cert's list:
 *   ssl.CertificateError: hostname 'es.internal' doesn't match 'es01'
 *   SSL: no alternative certificate subject name matches target host name 'es.internal'
 *
 * Grammar (anywhere in a line; the first form that matches wins):
 *
 *   name    = "Hostname mismatch, certificate is not valid for '" H "'"        -- 62 (Python)
 *           | "IP address mismatch, certificate is not valid for '" A "'"      -- 64 (Python)
 *           | "Hostname/IP does" (" not" | "n't") " match certificate's altnames: " ["\""]
 *             ("Host: " ... -- 62 | "IP: " ... -- 64)                          -- (Node.js)
 *           | "CertificateError: hostname '" H "' doesn't match" ...           -- 62 (Python <= 3.6)
 *           | "SSL: no alternative certificate subject name matches target host name '" H "'"
 *           | "SSL: certificate subject name '" N "' does not match target host name" ...  -- 62 (libcurl)
 *   text    = lead T                  -- T: an OpenSSL verify text (txi_tool_verify_prefix),
 *   lead    = "certificate verify failed: " | "certificate verify failed ("      (Python, Ruby)
 *           | "SSL certificate problem: "                                       (libcurl, git, PHP)
 *           | "Error: "                                                         (Node.js, "SSLError: ")
 *   code    = Node's constant as a word: UNABLE_TO_GET_ISSUER_CERT_LOCALLY (20),
 *             UNABLE_TO_GET_ISSUER_CERT (2), DEPTH_ZERO_SELF_SIGNED_CERT (18),
 *             SELF_SIGNED_CERT_IN_CHAIN (19), UNABLE_TO_VERIFY_LEAF_SIGNATURE (21),
 *             CERT_HAS_EXPIRED (10), CERT_NOT_YET_VALID (9), CERT_REVOKED (23),
 *             INVALID_CA (24), INVALID_PURPOSE (26), ERR_TLS_CERT_ALTNAME_INVALID (62)
 *
 * Events.  One "notice" per line that holds a result: level "verify", value =
 * the number, text = the verify text (the whole phrase for a name; the
 * constant for a code), error = Node's constant when read from one, source =
 * "message" (a program reported the failure; a transcript's notices have no
 * source).  It joins the connection active last, as the application's own
 * event for the line does.  Not filed for a line of a javax.net.ssl exception
 * (its words before the result name the class: Android's Conscrypt and
 * netty-tcnative are OpenSSL too, and the Java rules read their texts), nor
 * when that connection already holds a verify notice of a curl -v or s_client
 * transcript (counted once; the dialects read their own lines themselves).
 *
 * Cost: a line is looked at further only if it holds "ertificate", or "_"
 * and "CERT", "INVALID_" or "_SIGNATURE" (one memmem call and a memchr for
 * most lines).  No allocation.
 */
#include <ctype.h>
#include <string.h>

#include "dialect_tools.h"
#include "parser_impl.h"
#include "verify_text.h"

static int wordc(char c) { return isalnum((unsigned char)c) || c == '_'; }

/* The span from t to the first of stop (a byte) after at least one byte, or the line's end. */
static size_t upto(const char *t, const char *end, char stop)
{
    const char *q = t < end ? memchr(t + 1, stop, (size_t)(end - t - 1)) : NULL;
    return q ? (size_t)(q - t + 1) : (size_t)(end - t);
}

/* The rest of the line from t, without trailing blanks. */
static size_t rest(const char *t, const char *end)
{
    while (end > t && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    return (size_t)(end - t);
}

static int hit(txi_verify_hit *h, int code, const char *s, const char *t, size_t n, const char *name)
{
    h->code = code;
    h->text = t;
    h->n = n;
    h->name = name;
    h->at = (size_t)(t - s);
    return 1;
}

/* The host-name forms (they carry more than OpenSSL's text: the name asked for). */
static int name_form(const char *s, size_t n, txi_verify_hit *h)
{
    static const char hm[] = "Hostname mismatch, certificate is not valid for '";
    static const char im[] = "IP address mismatch, certificate is not valid for '";
    const char *end = s + n, *t;
    if ((t = txi_memmem(s, n, hm, sizeof hm - 1)) != NULL)
        return hit(h, 62, s, t, upto(t + sizeof hm - 2, end, '\'') + sizeof hm - 2, NULL);
    if ((t = txi_memmem(s, n, im, sizeof im - 1)) != NULL)
        return hit(h, 64, s, t, upto(t + sizeof im - 2, end, '\'') + sizeof im - 2, NULL);
    if ((t = SV_FIND(s, n, "Hostname/IP does")) != NULL) {
        const char *v = t + 16;
        size_t vn = (size_t)(end - v);
        if (SV_STARTS(v, vn, " not match certificate's altnames: "))
            v += 35;
        else if (SV_STARTS(v, vn, "n't match certificate's altnames: "))
            v += 34;
        else
            v = NULL;
        if (v) {
            if (v < end && *v == '"')
                v++;
            if (SV_STARTS(v, (size_t)(end - v), "Host: "))
                return hit(h, 62, s, t, rest(t, end), NULL);
            if (SV_STARTS(v, (size_t)(end - v), "IP: "))
                return hit(h, 64, s, t, rest(t, end), NULL);
        }
    }
    if ((t = SV_FIND(s, n, "CertificateError: hostname '")) != NULL && SV_FIND(t, (size_t)(end - t), "' doesn't match"))
        return hit(h, 62, s, t + 18, rest(t + 18, end), NULL);
    if ((t = SV_FIND(s, n, "SSL: no alternative certificate subject name matches target host name '")) != NULL ||
        ((t = SV_FIND(s, n, "SSL: certificate subject name '")) != NULL &&
         SV_FIND(t, (size_t)(end - t), "does not match target host name")))
        return hit(h, 62, s, t + 5, rest(t + 5, end), NULL);
    return 0;
}

/* OpenSSL's text after one of the programs' leads. */
static int text_form(const char *s, size_t n, txi_verify_hit *h)
{
    static const struct { const char *lead; size_t n; } leads[] = {
        {"certificate verify failed: ", 27},
        {"certificate verify failed (", 27},
        {"SSL certificate problem: ", 25},
        {"Error: ", 7},
    };
    const char *end = s + n;
    for (size_t i = 0; i < sizeof leads / sizeof leads[0]; i++) {
        for (const char *t = s; t < end;) {
            const char *q = txi_memmem(t, (size_t)(end - t), leads[i].lead, leads[i].n);
            if (!q)
                break;
            const char *v = q + leads[i].n;
            size_t k = 0;
            int code = txi_tool_verify_prefix(v, (size_t)(end - v), &k);
            if (code > 0)
                return hit(h, code, s, v, k, NULL);
            t = q + 1;
        }
    }
    return 0;
}

/* Node.js's constant for the verify result, as a word. */
static int code_form(const char *s, size_t n, txi_verify_hit *h)
{
    static const struct { const char *name; int code; } codes[] = {
        {"UNABLE_TO_GET_ISSUER_CERT_LOCALLY", 20}, {"UNABLE_TO_GET_ISSUER_CERT", 2},
        {"DEPTH_ZERO_SELF_SIGNED_CERT", 18},       {"SELF_SIGNED_CERT_IN_CHAIN", 19},
        {"UNABLE_TO_VERIFY_LEAF_SIGNATURE", 21},   {"CERT_HAS_EXPIRED", 10},
        {"CERT_NOT_YET_VALID", 9},                 {"CERT_REVOKED", 23},
        {"INVALID_CA", 24},                        {"INVALID_PURPOSE", 26},
        {"ERR_TLS_CERT_ALTNAME_INVALID", 62},
    };
    const char *end = s + n;
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        size_t k = strlen(codes[i].name);
        for (const char *t = s; t < end;) {
            const char *q = txi_memmem(t, (size_t)(end - t), codes[i].name, k);
            if (!q)
                break;
            if ((q == s || !wordc(q[-1])) && (q + k == end || !wordc(q[k])))
                return hit(h, codes[i].code, s, q, k, codes[i].name);
            t = q + 1;
        }
    }
    return 0;
}

int txi_verify_text_find(const char *s, size_t n, txi_verify_hit *h)
{
    if (!s || !n)
        return 0;
    if (SV_FIND(s, n, "ertificate") && (name_form(s, n, h) || text_form(s, n, h)))
        return 1;
    /* (every constant holds "CERT", "INVALID_" or "_SIGNATURE") */
    if (memchr(s, '_', n) && (SV_FIND(s, n, "CERT") || SV_FIND(s, n, "INVALID_") || SV_FIND(s, n, "_SIGNATURE")) &&
        code_form(s, n, h))
        return 1;
    return 0;
}

/* Does the connection the next thread-less event joins hold a transcript's verify notice? */
static int transcript_verified(const txi_parser *p)
{
    if (!p->current)
        return 0;
    for (const txi_event *e = p->current->first; e; e = e->next)
        if (e->type == TXE_NOTICE && txi_ev_is(e, TXF_LEVEL, "verify") && !txi_ev_get(e, TXF_SOURCE))
            return 1;
    return 0;
}

void txi_verify_text_read(txi_parser *p, const txi_linectx *l)
{
    txi_verify_hit h;
    if (!txi_verify_text_find(l->p, l->n, &h))
        return;
    if (SV_FIND(l->p, h.at, "javax.net.ssl.") || transcript_verified(p))
        return;
    txi_event *e = txi_emit_begin(p, TXE_NOTICE, l);
    txi_emit_field(p, e, TXF_LEVEL, "verify", 6, l);
    txi_emit_fieldf(p, e, TXF_VALUE, l, "%d", h.code);
    txi_emit_field(p, e, TXF_TEXT, h.text, h.n, l);
    if (h.name)
        txi_emit_field(p, e, TXF_ERROR, h.name, strlen(h.name), l);
    txi_emit_field(p, e, TXF_SOURCE, "message", 7, l);
    txi_emit_end(p, e, NULL, 0);
}
