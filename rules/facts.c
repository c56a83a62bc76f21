/*
 * facts.c - what no regex can see: facts computed from a connection's
 * events, at the log's own time.
 *
 * Each fact is an event of type "fact" with a `name` and the fields that
 * prove it; every field points at the log line it came from, so a rule
 * that tests `fact: cert_expired` cites the "not  after" line itself.
 *
 *   cert_expired, cert_not_yet_valid, cert_expiring_soon
 *       a certificate the peer sent, judged at the time the log was
 *       written (the time of the certificate message, else the latest
 *       timestamp of the log; never the time the tool runs).
 *   host_not_in_san, ip_not_in_san
 *       the host the client asked for (target URL, SNI, --host) is not
 *       covered by the leaf's subjectAltName (wildcards: one left-most
 *       label only), or is an IP address without an IP entry.
 *   chain_incomplete, root_not_trusted, leaf_self_signed, chain_unanchored
 *       the last certificate sent is not self-signed and its issuer is
 *       not among the trusted subjects the log lists; the chain ends in a
 *       self-signed root that is not listed; a lone self-signed leaf; the
 *       last certificate is not self-signed (whether or not anchors were
 *       listed).
 *   inspection_ca
 *       a certificate of the chain names a TLS-inspection vendor (the
 *       rulebook's inspection_vendors:, rules/tls/inspection-vendors.yaml).
 *   weak_key, weak_signature
 *       RSA/DSA keys under 2048 bits, EC under 224, MD5/SHA-1 signatures
 *       (a self-signed root's own signature is not checked by PKIX and is
 *       not reported).
 *   old_protocol           TLS 1.0/1.1 or SSLv3 negotiated.
 *   no_server_response     a ClientHello went out and nothing came back.
 *   log_cut                the input ended inside a multi-line record while this
 *                          connection was open (an excerpt cut off): what did not
 *                          come next is not known (txr_fact_log_cut).
 *   handshake_complete     the peer's Finished was consumed.
 *   client_cert_empty      the client answered a CertificateRequest with
 *                          no certificate.
 *   sni_absent             the client's ClientHello named no server (no
 *                          server_name extension, or the JDK could not send it).
 *   server_side            this JVM is the server of the connection (it
 *                          received the ClientHello).
 *   client_side            this JVM is the client of the connection: it
 *                          sent the ClientHello, or (no handshake in the
 *                          log) the application named the URL it asked for.
 *   leaf_eku_client_only   the server's own certificate allows client
 *                          authentication only (extended key usage without
 *                          serverAuth): a key picked from the wrong entry.
 *   leaf_in_truststore     the server's own certificate subject is listed
 *                          as trusted: the truststore pins that one server
 *                          certificate (a copy that a renewal replaces).
 *   truststore_custom_public_ca
 *                          the truststore used is the application's own
 *                          (not a JDK cacerts) and the chain was issued by
 *                          a public CA (named in the rulebook's public_cas:,
 *                          rules/tls/public-cas.yaml): own stores replace
 *                          cacerts, they do not add to it.
 *   tls_started            the TCP connection was up and TLS had begun: a
 *                          handshake message, an alert, a negotiation, or an
 *                          SSL or certificate-validation exception anywhere
 *                          in a chain (cause or suppressed) - so a connect
 *                          or DNS error is not the story of this connection.
 *   truststore_default, truststore_fallback, truststore_empty,
 *   truststore_error       which truststore was really used and how its
 *                          load went (log-wide, attached to every
 *                          connection).
 *   client_ca_not_accepted, client_ca_accepted
 *                          the server's CertificateRequest lists the CAs it
 *                          accepts client certificates from; the key this
 *                          client holds (the keystore's "found key for"
 *                          certificate, else the certificate it sent) is
 *                          issued by none of them / by one of them (fields:
 *                          subject, issuer, serial, alias, path of the key;
 *                          subjects and value: the server's list).
 *   own_cert_presented     this side sent its own certificate (a client
 *                          certificate, or a server's chain): subject,
 *                          issuer, serial, not_after of the first one, and
 *                          the keystore's path and alias when the log shows
 *                          them - what the other side must trust.
 *   truststore_entry_*, keystore_entry_*, truststore_root_not_ca,
 *   truststore_duplicate, truststore_listed_empty,
 *   listed_truststore_lacks_issuer, listed_truststore_has_issuer
 *                          keytool listings and the chain against them:
 *                          see "tool evidence" below.
 */
#include "facts.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../parser/strparse.h"

#define DAY (24 * 3600)

const char *const txr_fact_names[] = {
    "cert_expired",       "cert_not_yet_valid", "cert_expiring_soon",  "host_not_in_san",
    "ip_not_in_san",      "chain_incomplete",   "root_not_trusted",    "leaf_self_signed",
    "chain_unanchored",   "inspection_ca",      "weak_key",            "weak_signature",
    "old_protocol",       "no_server_response", "handshake_complete",  "client_cert_empty",
    "truststore_default", "truststore_fallback", "truststore_empty",   "truststore_error",
    "sni_absent",         "server_side",        "client_side",        "tls_started",        "log_cut",
    "leaf_eku_client_only", "leaf_in_truststore", "truststore_custom_public_ca",
    "client_ca_not_accepted", "client_ca_accepted", "own_cert_presented",
    /* tool evidence (keytool listings), see tool_facts() */
    "truststore_entry_expired", "truststore_entry_not_yet_valid", "keystore_entry_expired",
    "keystore_entry_not_yet_valid", "truststore_entry_not_ca", "truststore_root_not_ca", "truststore_duplicate",
    "truststore_listed_empty", "truststore_entry_host_mismatch", "listed_truststore_lacks_issuer",
    "listed_truststore_has_issuer",
    /* the Java that wrote the log, see txr_fact_jdk() */
    "jdk",
    NULL,
};

/* Facts may cite lines of log-wide events, which live only as long as their
 * epoch: every cited line is copied into the connection (once). */
static const txi_line *own_line(txi_conn *c, const txi_line *l)
{
    if (!l)
        return NULL;
    for (const txi_event *e = c->first; e; e = e->next) { /* already in this connection? */
        if (e->src == l)
            return l;
        for (unsigned i = 0; i < e->nfields; i++)
            if (e->fields[i].src == l)
                return l;
    }
    txi_line *n = txi_line_copy(&c->arena, l->no, l->text, l->len);
    if (n)
        n->cut = l->cut;
    return n;
}

static txi_event *fact_new(txi_conn *c, const char *name, const txi_line *src)
{
    src = own_line(c, src);
    txi_event *e = txi_conn_add(c, TXE_FACT, src);
    if (e)
        txi_event_add(&c->arena, e, TXF_NAME, name, strlen(name), src);
    return e;
}

static void fact_copy(txi_conn *c, txi_event *f, const txi_event *from, int fid)
{
    if (!f || !from)
        return;
    for (const txi_field *x = txi_ev_get(from, fid); x; x = txi_ev_next(from, x))
        txi_event_add(&c->arena, f, fid, x->val, x->len, own_line(c, x->src));
}

static void fact_str(txi_conn *c, txi_event *f, int fid, const char *v, const txi_line *src)
{
    if (f && v)
        txi_event_add(&c->arena, f, fid, v, strlen(v), src);
}

/* ---- certificates ------------------------------------------------------- */

typedef struct {
    const txi_event *certs[16]; /* peer chain by position */
    unsigned n;
} chain;

static const char *peer_source(const txi_conn *c) { return c->role == TXI_ROLE_SERVER ? "client" : "server"; }

static void peer_chain(const txi_conn *c, chain *ch)
{
    const char *want = peer_source(c);
    ch->n = 0;
    /* the last Certificate message of the peer wins (a renegotiation may repeat it) */
    for (const txi_event *e = c->first; e; e = e->next) {
        if (e->type != TXE_CERTIFICATE)
            continue;
        const char *src = txi_ev_str(e, TXF_SOURCE);
        if (src && strcmp(src, want) != 0 && strcmp(src, "peer") != 0)
            continue;
        long long pos = txi_ev_int(e, TXF_POSITION, -1);
        if (pos == 0)
            ch->n = 0;
        if (ch->n < 16)
            ch->certs[ch->n++] = e;
    }
}

static int64_t cert_time(const txi_event *cert, int fid)
{
    const txi_field *f = txi_ev_get(cert, fid);
    return f ? txi_parse_time(f->val, f->len) : TXI_NO_TIME;
}

static void validity_facts(txi_conn *c, const chain *ch, int64_t log_time)
{
    char buf[48];
    for (unsigned i = 0; i < ch->n; i++) {
        const txi_event *ce = ch->certs[i];
        int64_t at = ce->time != TXI_NO_TIME ? ce->time : log_time;
        if (at == TXI_NO_TIME)
            return;
        txi_format_time(at, buf, sizeof buf);
        int64_t na = cert_time(ce, TXF_NOT_AFTER), nb = cert_time(ce, TXF_NOT_BEFORE);
        const char *name = NULL;
        int fid = 0;
        if (na != TXI_NO_TIME && na < at) {
            name = "cert_expired";
            fid = TXF_NOT_AFTER;
        } else if (nb != TXI_NO_TIME && nb > at) {
            name = "cert_not_yet_valid";
            fid = TXF_NOT_BEFORE;
        } else if (na != TXI_NO_TIME && na - at < 30 * DAY) {
            name = "cert_expiring_soon";
            fid = TXF_NOT_AFTER;
        }
        if (!name)
            continue;
        const txi_field *tf = txi_ev_get(ce, fid);
        txi_event *f = fact_new(c, name, tf ? tf->src : ce->src);
        fact_copy(c, f, ce, TXF_POSITION);
        fact_copy(c, f, ce, TXF_SUBJECT);
        fact_copy(c, f, ce, TXF_ISSUER);
        fact_copy(c, f, ce, fid);
        fact_str(c, f, TXF_TIME, buf, NULL);
        if (na != TXI_NO_TIME && nb != TXI_NO_TIME && f) {
            long long days = (long long)((fid == TXF_NOT_AFTER ? at - na : nb - at) / DAY);
            txi_event_addf(&c->arena, f, TXF_VALUE, NULL, "%lld", days < 0 ? -days : days);
        }
    }
}

/* Case-insensitive host match with RFC 6125 wildcards in the left-most label. */
static int host_matches(const char *pat, size_t pn, const char *host, size_t hn)
{
    while (pn && pat[pn - 1] == '.')
        pn--;
    while (hn && host[hn - 1] == '.')
        hn--;
    if (pn >= 2 && pat[0] == '*' && pat[1] == '.') {
        const char *dot = memchr(host, '.', hn);
        if (!dot || dot == host)
            return 0;
        size_t rest = hn - (size_t)(dot - host);
        return rest == pn - 1 && txi_strncaseeq(dot, pat + 1, rest);
    }
    return pn == hn && txi_strncaseeq(pat, host, hn);
}

/* The host the client asked for, and the line that says so. */
static const char *target_host(const txi_conn *c, const char *opt_host, const txi_line **src)
{
    for (const txi_event *e = c->first; e; e = e->next) {
        if (e->type == TXE_TARGET || e->type == TXE_CONNECTION) {
            const txi_field *h = txi_ev_get(e, TXF_HOST);
            if (h && h->len) {
                *src = h->src ? h->src : e->src;
                return h->val;
            }
        }
    }
    for (const txi_event *e = c->first; e; e = e->next) {
        if (e->type == TXE_SNI) {
            const txi_field *h = txi_ev_get(e, TXF_NAME);
            if (h && h->len) {
                *src = h->src;
                return h->val;
            }
        }
    }
    *src = NULL;
    return opt_host;
}

static void san_facts(txi_conn *c, const chain *ch, const char *opt_host)
{
    if (!ch->n || txi_ev_int(ch->certs[0], TXF_POSITION, 0) != 0)
        return;
    const txi_event *leaf = ch->certs[0];
    const txi_line *hsrc = NULL;
    const char *host = target_host(c, opt_host, &hsrc);
    if (!host || !*host)
        return;
    size_t hn = strlen(host);
    int ip = txi_is_ip_address(host, hn);
    int dns_entries = 0, covered = 0;
    const txi_line *sansrc = NULL;
    for (const txi_field *s = txi_ev_get(leaf, TXF_SAN); s; s = txi_ev_next(leaf, s)) {
        sansrc = sansrc ? sansrc : s->src;
        if (SV_STARTS(s->val, s->len, "DNS:")) {
            dns_entries++;
            if (!ip && host_matches(s->val + 4, s->len - 4, host, hn))
                covered = 1;
        } else if (SV_STARTS(s->val, s->len, "IP:")) {
            if (ip && s->len - 3 == hn && txi_strncaseeq(s->val + 3, host, hn))
                covered = 1;
        }
    }
    if (!ip && !dns_entries) {
        /* no DNS SAN at all: Java's HTTPS check falls back to the CN */
        const char *subj = txi_ev_str(leaf, TXF_SUBJECT);
        if (subj) {
            txi_sv cn = txi_dn_cn(subj, strlen(subj));
            if (cn.n && host_matches(cn.p, cn.n, host, hn))
                covered = 1;
        }
    }
    if (covered)
        return;
    txi_event *f = fact_new(c, ip ? "ip_not_in_san" : "host_not_in_san", hsrc ? hsrc : leaf->src);
    fact_str(c, f, TXF_HOST, host, hsrc);
    fact_copy(c, f, leaf, TXF_SUBJECT);
    fact_copy(c, f, leaf, TXF_SAN);
    if (f && !sansrc)
        fact_str(c, f, TXF_TEXT, "the certificate has no subjectAltName", NULL);
}

/* DN equality, ignoring the blanks after commas and ASCII case. */
static int dn_equal(const char *a, const char *b)
{
    char pa = 0, pb = 0;
    while (*a && *b) {
        if (*a == ' ' && pa == ',') {
            a++;
            continue;
        }
        if (*b == ' ' && pb == ',') {
            b++;
            continue;
        }
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
        pa = *a++;
        pb = *b++;
    }
    return *a == *b;
}

static const txi_event *anchors(const txi_event *globals)
{
    const txi_event *last = NULL;
    for (const txi_event *g = globals; g; g = g->next)
        if (g->type == TXE_TRUSTSTORE && txi_ev_get(g, TXF_SUBJECTS))
            last = g;
    return last;
}

static int is_anchor(const txi_event *store, const char *dn)
{
    for (const txi_field *s = txi_ev_get(store, TXF_SUBJECTS); s; s = txi_ev_next(store, s))
        if (dn_equal(s->val, dn))
            return 1;
    return 0;
}

static int self_signed(const txi_event *cert)
{
    const char *s = txi_ev_str(cert, TXF_SUBJECT), *i = txi_ev_str(cert, TXF_ISSUER);
    return s && i && dn_equal(s, i);
}

static void chain_facts(txi_conn *c, const chain *ch, const txi_event *globals)
{
    if (!ch->n)
        return;
    const txi_event *top = ch->certs[ch->n - 1];
    const txi_event *store = anchors(globals);
    const char *issuer = txi_ev_str(top, TXF_ISSUER), *subject = txi_ev_str(top, TXF_SUBJECT);
    const txi_field *isf = txi_ev_get(top, TXF_ISSUER);
    if (!issuer || !subject)
        return;
    int ss = self_signed(top);
    if (ch->n == 1 && ss) {
        txi_event *f = fact_new(c, "leaf_self_signed", isf && isf->src ? isf->src : top->src);
        fact_copy(c, f, top, TXF_SUBJECT);
        fact_copy(c, f, top, TXF_ISSUER);
    }
    if (!ss) {
        txi_event *f = fact_new(c, "chain_unanchored", isf ? isf->src : top->src);
        fact_copy(c, f, top, TXF_SUBJECT);
        fact_copy(c, f, top, TXF_ISSUER);
        fact_str(c, f, TXF_COUNT, ch->n == 1 ? "1" : ch->n == 2 ? "2" : "3+", NULL);
    }
    if (!store)
        return;
    /* a listing cut short by a limit cannot prove an issuer is absent */
    unsigned listed = 0;
    for (const txi_field *s = txi_ev_get(store, TXF_SUBJECTS); s; s = txi_ev_next(store, s))
        listed++;
    long long declared = txi_ev_int(store, TXF_COUNT, -1);
    int complete = declared < 0 || (long long)listed >= declared;
    if (is_anchor(store, subject) || (!ss && is_anchor(store, issuer)))
        return; /* the chain reaches a listed anchor */
    for (unsigned i = 0; i < ch->n; i++) /* some lower certificate is itself trusted */
        if (is_anchor(store, txi_ev_str(ch->certs[i], TXF_SUBJECT) ? txi_ev_str(ch->certs[i], TXF_SUBJECT) : ""))
            return;
    if (!complete)
        return;
    const txi_field *cnt = txi_ev_get(store, TXF_COUNT);
    txi_event *f = fact_new(c, ss ? "root_not_trusted" : "chain_incomplete", isf ? isf->src : top->src);
    fact_copy(c, f, top, TXF_SUBJECT);
    fact_copy(c, f, top, TXF_ISSUER);
    fact_copy(c, f, store, TXF_PATH);
    if (f && cnt)
        txi_event_add(&c->arena, f, TXF_COUNT, cnt->val, cnt->len, own_line(c, cnt->src));
}

/* The first inspection vendor of the rulebook's (voc->inspectors: vendors
 * whose appliances re-sign TLS with their own CA) that an issuer of the
 * chain names, by the first of its texts that the issuer DN contains. */
static const char *inspector(const txr_vocab *voc, const txi_field *dn)
{
    for (unsigned k = 0; voc && k < voc->ninspectors; k++)
        for (unsigned m = 0; m < voc->inspectors[k]->nmatch; m++)
            if (txi_memmem(dn->val, dn->len, voc->inspectors[k]->match[m], strlen(voc->inspectors[k]->match[m])))
                return voc->inspectors[k]->vendor;
    return NULL;
}

static void inspection_facts(txi_conn *c, const chain *ch, const txr_vocab *voc)
{
    for (unsigned i = 0; i < ch->n; i++) {
        const txi_field *is = txi_ev_get(ch->certs[i], TXF_ISSUER);
        if (!is)
            continue;
        const char *vendor = inspector(voc, is);
        if (vendor) {
            txi_event *f = fact_new(c, "inspection_ca", is->src);
            fact_str(c, f, TXF_VALUE, vendor, NULL);
            fact_copy(c, f, ch->certs[i], TXF_ISSUER);
            fact_copy(c, f, ch->certs[i], TXF_SUBJECT);
            fact_copy(c, f, ch->certs[i], TXF_POSITION);
            return;
        }
    }
}

static void strength_facts(txi_conn *c, const chain *ch)
{
    for (unsigned i = 0; i < ch->n; i++) {
        const txi_event *ce = ch->certs[i];
        const txi_field *ks = txi_ev_get(ce, TXF_KEY_SIZE);
        const char *alg = txi_ev_str(ce, TXF_KEY_ALG);
        long long bits = txi_ev_int(ce, TXF_KEY_SIZE, 0);
        if (ks && bits > 0 && alg) {
            int ec = txi_memmem(alg, strlen(alg), "EC", 2) != NULL;
            if ((ec && bits < 224) || (!ec && bits < 2048)) {
                txi_event *f = fact_new(c, "weak_key", ks->src);
                fact_copy(c, f, ce, TXF_KEY_ALG);
                fact_copy(c, f, ce, TXF_KEY_SIZE);
                fact_copy(c, f, ce, TXF_SUBJECT);
                fact_copy(c, f, ce, TXF_POSITION);
            }
        }
        const txi_field *sg = txi_ev_get(ce, TXF_SIG_ALG);
        if (sg && !(i == ch->n - 1 && self_signed(ce) && ch->n > 1) &&
            (txi_memmem(sg->val, sg->len, "MD5", 3) || txi_memmem(sg->val, sg->len, "SHA1", 4) ||
             txi_memmem(sg->val, sg->len, "MD2", 3))) {
            txi_event *f = fact_new(c, "weak_signature", sg->src);
            fact_copy(c, f, ce, TXF_SIG_ALG);
            fact_copy(c, f, ce, TXF_SUBJECT);
            fact_copy(c, f, ce, TXF_POSITION);
        }
    }
}

/* A URL a client requests over TLS.  A server's log names its peer by
 * address ("Transport Connection to: tcp://10.1.2.3:51234 failed"): tcp://,
 * ssl:// and bare addresses prove nothing about the side. */
static int request_url(const char *u)
{
    static const char *const schemes[] = {"https://", "wss://", "ldaps://", "imaps://", "smtps://",
                                          "pop3s://", "ftps://", NULL};
    for (int i = 0; u && schemes[i]; i++)
        if (!strncmp(u, schemes[i], strlen(schemes[i])))
            return 1;
    return 0;
}

static void protocol_facts(txi_conn *c)
{
    const txi_event *hello = NULL, *client_cert = NULL, *asked = NULL;
    int server_spoke = 0, cert_request = 0, sni_named = 0;
    for (const txi_event *e = c->first; e; e = e->next) {
        if (!asked && (e->type == TXE_TARGET || (e->type == TXE_EXCEPTION && request_url(txi_ev_str(e, TXF_URL)))))
            asked = e;
        if (e->type == TXE_NEGOTIATED) {
            const txi_field *v = txi_ev_get(e, TXF_VERSION);
            if (v && (!strcmp(v->val, "TLSv1") || !strcmp(v->val, "TLSv1.1") || !strcmp(v->val, "SSLv3") ||
                      !strcmp(v->val, "TLS10") || !strcmp(v->val, "TLS11"))) {
                txi_event *f = fact_new(c, "old_protocol", v->src);
                fact_str(c, f, TXF_VERSION, v->val, v->src);
            }
        }
        if (e->type == TXE_HANDSHAKE) {
            const char *m = txi_ev_str(e, TXF_MESSAGE);
            int sent = txi_ev_is(e, TXF_DIRECTION, "sent");
            if (m && !strcmp(m, "ClientHello") && sent && !hello)
                hello = e;
            else if (!sent)
                server_spoke = 1;
            if (m && !strcmp(m, "CertificateRequest") && !sent)
                cert_request = 1;
            if (m && !strcmp(m, "Certificate") && sent && c->role == TXI_ROLE_CLIENT)
                client_cert = e;
        }
        if ((e->type == TXE_ALERT && txi_ev_is(e, TXF_ORIGIN, "peer")) || e->type == TXE_NEGOTIATED)
            server_spoke = 1;
        if (e->type == TXE_SNI && txi_ev_get(e, TXF_NAME))
            sni_named = 1;
    }
    if (hello && !sni_named && c->role == TXI_ROLE_CLIENT)
        fact_new(c, "sni_absent", hello->src);
    if (hello && !server_spoke && c->role == TXI_ROLE_CLIENT) {
        txi_event *f = fact_new(c, "no_server_response", hello->src);
        fact_copy(c, f, hello, TXF_VERSION);
        fact_copy(c, f, hello, TXF_VERSIONS);
    }
    if (c->flags & TXI_CONN_FINISHED)
        fact_new(c, "handshake_complete", NULL);
    if (c->role == TXI_ROLE_SERVER)
        fact_new(c, "server_side", NULL);
    else if (c->role == TXI_ROLE_CLIENT || asked)
        fact_new(c, "client_side", asked ? asked->src : NULL);
    if (cert_request && client_cert && txi_ev_int(client_cert, TXF_COUNT, -1) == 0)
        fact_new(c, "client_cert_empty", client_cert->src);
}

/* An exception text that can only come from a started handshake. */
static int tls_text(const char *v, size_t n)
{
    static const char *const kw[] = {"javax.net.ssl.SSL", "SSLHandshakeException", "ValidatorException",
                                     "CertPathValidatorException", "CertPathBuilderException",
                                     "CertificateException", "Received fatal alert", "PKIX path", NULL};
    for (int i = 0; kw[i]; i++)
        if (txi_memmem(v, n, kw[i], strlen(kw[i])))
            return 1;
    return 0;
}

static void started_fact(txi_conn *c)
{
    for (const txi_event *e = c->first; e; e = e->next) {
        const txi_line *src = NULL;
        if (e->type == TXE_HANDSHAKE || e->type == TXE_ALERT || e->type == TXE_NEGOTIATED) {
            src = e->src;
        } else if (e->type == TXE_EXCEPTION) {
            for (unsigned i = 0; i < e->nfields && !src; i++) {
                const txi_field *f = &e->fields[i];
                if ((f->id == TXF_CLASS || f->id == TXF_MESSAGE || f->id == TXF_CAUSES || f->id == TXF_SUPPRESSED) &&
                    tls_text(f->val, f->len))
                    src = f->src ? f->src : e->src;
            }
        } else {
            continue;
        }
        if (src) {
            fact_new(c, "tls_started", src);
            return;
        }
    }
}

static int is_default_cacerts(const char *path)
{
    size_t n = strlen(path);
    return (n >= 21 && strcmp(path + n - 21, "/lib/security/cacerts") == 0) ||
           (n >= 21 && strcmp(path + n - 21, "\\lib\\security\\cacerts") == 0) ||
           strcmp(path, "/etc/ssl/certs/java/cacerts") == 0 || strcmp(path, "/etc/pki/java/cacerts") == 0;
}

static void truststore_facts(txi_conn *c, const txi_event *globals)
{
    const txi_event *requested_missing = NULL, *used = NULL;
    for (const txi_event *g = globals; g; g = g->next) {
        if (g->type != TXE_TRUSTSTORE)
            continue;
        const char *path = txi_ev_str(g, TXF_PATH), *err = txi_ev_str(g, TXF_ERROR);
        if (err && path && !strcmp(err, "inaccessible")) {
            size_t n = strlen(path);
            int jsse = n >= 11 && strcmp(path + n - 11, "jssecacerts") == 0;
            if (!jsse)
                requested_missing = g;
            continue;
        }
        if (err) {
            txi_event *f = fact_new(c, "truststore_error", txi_ev_get(g, TXF_ERROR)->src);
            fact_copy(c, f, g, TXF_ERROR);
            fact_copy(c, f, g, TXF_PATH);
        }
        if (path)
            used = g;
    }
    if (used) {
        const char *path = txi_ev_str(used, TXF_PATH);
        const txi_field *pf = txi_ev_get(used, TXF_PATH);
        if (is_default_cacerts(path)) {
            txi_event *f = fact_new(c, "truststore_default", pf->src);
            fact_copy(c, f, used, TXF_PATH);
        }
        if (txi_ev_int(used, TXF_COUNT, -1) == 0) {
            txi_event *f = fact_new(c, "truststore_empty", pf->src);
            fact_copy(c, f, used, TXF_PATH);
        }
    }
    if (requested_missing) {
        const txi_field *pf = txi_ev_get(requested_missing, TXF_PATH);
        txi_event *f = fact_new(c, "truststore_fallback", pf->src);
        fact_copy(c, f, requested_missing, TXF_PATH);
        if (used)
            txi_event_add(&c->arena, f, TXF_VALUE, txi_ev_str(used, TXF_PATH), strlen(txi_ev_str(used, TXF_PATH)),
                          own_line(c, txi_ev_get(used, TXF_PATH)->src));
    }
}

/* ---- tool evidence: keytool listings and what they say about a chain -------------
 *
 * The keytool dialect files every entry of a listing as a certificate
 * (source truststore or keystore) and the listing as a log-wide truststore
 * event (dialect keytool).  The listing may also come from another input
 * (`tlsexplain debug.log keytool.txt`: it then carries `file`).  These
 * facts are computed apart from the ones above and never change them.
 *
 *   truststore_entry_expired, truststore_entry_not_yet_valid,
 *   keystore_entry_expired, keystore_entry_not_yet_valid
 *       an entry outside its validity at the analysis time: the log's
 *       time or --now, else the listing's latest creation date (a lower
 *       bound of when it was made: it proves expiry, never "not yet").
 *   truststore_entry_not_ca
 *       a trustedCertEntry that is an end-entity certificate issued by
 *       someone else (a leaf stored where its CA should be).
 *   truststore_root_not_ca
 *       a self-signed trustedCertEntry meant as a CA (key usage
 *       keyCertSign, or no subjectAltName) without CA:true.
 *   truststore_duplicate
 *       two or more entries with the same subject (value = their aliases).
 *   truststore_listed_empty
 *       a listing that declares 0 entries.
 *   truststore_entry_host_mismatch
 *       the host asked for (a target in the same input, else --host) is
 *       not covered by any end-entity entry of the listing
 *       (subjectAltName; the CN only for a name when there is no DNS
 *       entry, as Java does).
 *   listed_truststore_lacks_issuer, listed_truststore_has_issuer
 *       the peer's chain ends at an issuer that is not / is among the
 *       entries of a complete keytool listing (count = its entries,
 *       position = the chain's length; curl shows only the server's own
 *       certificate, so from curl only a self-signed one can lack).
 */

static int entry_source(const txi_event *e)
{
    const char *src = txi_ev_str(e, TXF_SOURCE);
    if (e->type != TXE_CERTIFICATE || !src)
        return 0;
    return !strcmp(src, "truststore") ? 1 : !strcmp(src, "keystore") ? 2 : 0;
}

/* The time entries are judged at: the analysis time, else a listing's creation
 * date - a lower bound of when it was made (*lower = 1), which can prove an
 * entry expired but never one not yet valid. */
static int64_t listing_time(int64_t log_time, const txi_event *globals, int *lower)
{
    *lower = 0;
    if (log_time != TXI_NO_TIME)
        return log_time;
    int64_t t = TXI_NO_TIME;
    for (const txi_event *g = globals; g; g = g->next) {
        if ((g->type != TXE_TRUSTSTORE && g->type != TXE_KEYSTORE) || !txi_ev_is(g, TXF_DIALECT, "keytool"))
            continue;
        const txi_field *f = txi_ev_get(g, TXF_TIME);
        int64_t v = f ? txi_parse_time(f->val, f->len) : TXI_NO_TIME;
        if (v != TXI_NO_TIME && (t == TXI_NO_TIME || v > t))
            t = v;
    }
    *lower = t != TXI_NO_TIME;
    return t;
}

static void entry_fields(txi_conn *c, txi_event *f, const txi_event *e)
{
    fact_copy(c, f, e, TXF_ALIAS);
    fact_copy(c, f, e, TXF_SUBJECT);
    fact_copy(c, f, e, TXF_ISSUER);
    fact_copy(c, f, e, TXF_SOURCE);
}

static void entry_validity_facts(txi_conn *c, int64_t at, int lower)
{
    char buf[48];
    if (at == TXI_NO_TIME)
        return;
    txi_format_time(at, buf, sizeof buf);
    for (const txi_event *e = c->first; e; e = e->next) {
        int src = entry_source(e);
        if (!src)
            continue;
        int64_t na = cert_time(e, TXF_NOT_AFTER), nb = cert_time(e, TXF_NOT_BEFORE);
        int fid = na != TXI_NO_TIME && na < at                ? TXF_NOT_AFTER
                  : !lower && nb != TXI_NO_TIME && nb > at ? TXF_NOT_BEFORE
                                                          : 0;
        if (!fid)
            continue;
        const char *name = src == 1 ? (fid == TXF_NOT_AFTER ? "truststore_entry_expired" : "truststore_entry_not_yet_valid")
                                    : (fid == TXF_NOT_AFTER ? "keystore_entry_expired" : "keystore_entry_not_yet_valid");
        const txi_field *tf = txi_ev_get(e, fid);
        txi_event *f = fact_new(c, name, tf->src);
        entry_fields(c, f, e);
        fact_copy(c, f, e, fid);
        fact_str(c, f, TXF_CA, txi_ev_is(e, TXF_CA, "true") ? "true" : "false", NULL);
        fact_str(c, f, TXF_TIME, buf, NULL);
        if (f) {
            long long days = (long long)((fid == TXF_NOT_AFTER ? at - na : nb - at) / DAY);
            txi_event_addf(&c->arena, f, TXF_VALUE, NULL, "%lld", days);
        }
    }
}

static int has_item(const txi_event *e, int fid, const char *v)
{
    for (const txi_field *x = txi_ev_get(e, fid); x; x = txi_ev_next(e, x))
        if (txi_strncaseeq(x->val, v, strlen(v)) && x->len == strlen(v))
            return 1;
    return 0;
}

static void entry_shape_facts(txi_conn *c)
{
    for (const txi_event *e = c->first; e; e = e->next) {
        if (entry_source(e) != 1 || txi_ev_int(e, TXF_POSITION, 0) != 0)
            continue;
        int ca = txi_ev_is(e, TXF_CA, "true"), ss = self_signed(e);
        if (ca)
            continue;
        const txi_field *sf = txi_ev_get(e, TXF_SUBJECT);
        if (!ss) {
            txi_event *f = fact_new(c, "truststore_entry_not_ca", sf ? sf->src : e->src);
            entry_fields(c, f, e);
            fact_copy(c, f, e, TXF_CA);
        } else if (has_item(e, TXF_KEY_USAGE, "Key_CertSign") || !txi_ev_get(e, TXF_SAN)) {
            const txi_field *cf = txi_ev_get(e, TXF_CA);
            txi_event *f = fact_new(c, "truststore_root_not_ca", cf ? cf->src : sf ? sf->src : e->src);
            entry_fields(c, f, e);
            fact_copy(c, f, e, TXF_CA);
            fact_copy(c, f, e, TXF_KEY_USAGE);
        }
    }
}

static void duplicate_facts(txi_conn *c)
{
    for (const txi_event *e = c->first; e; e = e->next) {
        if (entry_source(e) != 1 || txi_ev_int(e, TXF_POSITION, 0) != 0 || !txi_ev_get(e, TXF_SUBJECT))
            continue;
        const char *subj = txi_ev_str(e, TXF_SUBJECT);
        int earlier = 0, n = 1;
        for (const txi_event *x = c->first; x != e && !earlier; x = x->next)
            earlier = entry_source(x) == 1 && txi_ev_int(x, TXF_POSITION, 0) == 0 && txi_ev_get(x, TXF_SUBJECT) &&
                      dn_equal(txi_ev_str(x, TXF_SUBJECT), subj);
        if (earlier)
            continue; /* reported with its first occurrence */
        char aliases[512];
        int k = snprintf(aliases, sizeof aliases, "%s", txi_ev_str(e, TXF_ALIAS) ? txi_ev_str(e, TXF_ALIAS) : "?");
        for (const txi_event *x = e->next; x; x = x->next) {
            if (entry_source(x) != 1 || txi_ev_int(x, TXF_POSITION, 0) != 0 || !txi_ev_get(x, TXF_SUBJECT) ||
                !dn_equal(txi_ev_str(x, TXF_SUBJECT), subj))
                continue;
            n++;
            if (k > 0 && (size_t)k < sizeof aliases)
                k += snprintf(aliases + k, sizeof aliases - (size_t)k, ", %s",
                              txi_ev_str(x, TXF_ALIAS) ? txi_ev_str(x, TXF_ALIAS) : "?");
        }
        if (n < 2)
            continue;
        const txi_field *sf = txi_ev_get(e, TXF_SUBJECT);
        txi_event *f = fact_new(c, "truststore_duplicate", sf->src);
        fact_copy(c, f, e, TXF_SUBJECT);
        fact_str(c, f, TXF_VALUE, aliases, NULL);
        if (f)
            txi_event_addf(&c->arena, f, TXF_COUNT, NULL, "%d", n);
    }
}

static void listed_empty_facts(txi_conn *c, const txi_event *globals)
{
    for (const txi_event *g = globals; g; g = g->next) {
        if (g->type != TXE_TRUSTSTORE || !txi_ev_is(g, TXF_DIALECT, "keytool") || txi_ev_get(g, TXF_ERROR))
            continue;
        const txi_field *cnt = txi_ev_get(g, TXF_COUNT);
        if (!cnt || txi_ev_int(g, TXF_COUNT, -1) != 0)
            continue;
        txi_event *f = fact_new(c, "truststore_listed_empty", cnt->src ? cnt->src : g->src);
        fact_copy(c, f, g, TXF_COUNT);
        fact_copy(c, f, g, TXF_STORE_TYPE);
        fact_copy(c, f, g, TXF_PATH);
        fact_copy(c, f, g, TXF_FILE);
    }
}

/* Does end-entity certificate e cover host (SAN; CN for a name without DNS entries)? */
static int entry_covers(const txi_event *e, const char *host)
{
    size_t hn = strlen(host);
    int ip = txi_is_ip_address(host, hn), dns = 0;
    for (const txi_field *s = txi_ev_get(e, TXF_SAN); s; s = txi_ev_next(e, s)) {
        if (SV_STARTS(s->val, s->len, "DNS:")) {
            dns++;
            if (!ip && host_matches(s->val + 4, s->len - 4, host, hn))
                return 1;
        } else if (SV_STARTS(s->val, s->len, "IP:") && ip && s->len - 3 == hn && txi_strncaseeq(s->val + 3, host, hn)) {
            return 1;
        }
    }
    if (!ip && !dns) {
        const char *subj = txi_ev_str(e, TXF_SUBJECT);
        txi_sv cn = subj ? txi_dn_cn(subj, strlen(subj)) : txi_sv_make("", 0);
        return cn.n && host_matches(cn.p, cn.n, host, hn);
    }
    return 0;
}

/* An end-entity entry: CA:false, or no BasicConstraints but the marks of a
 * server certificate (a subjectAltName, serverAuth). */
static int leaf_entry(const txi_event *e)
{
    const char *ca = txi_ev_str(e, TXF_CA);
    if (ca)
        return strcmp(ca, "false") == 0;
    return txi_ev_get(e, TXF_SAN) || has_item(e, TXF_EXT_KEY_USAGE, "serverAuth");
}

static void entry_host_facts(txi_conn *c, const char *opt_host)
{
    const txi_line *hsrc = NULL;
    const char *host = target_host(c, opt_host, &hsrc);
    if (!host || !*host)
        return;
    const txi_event *first = NULL;
    for (const txi_event *e = c->first; e; e = e->next) {
        if (entry_source(e) != 1 || !leaf_entry(e) || txi_ev_int(e, TXF_POSITION, 0) != 0)
            continue;
        if (entry_covers(e, host))
            return;
        if (!first)
            first = e;
    }
    if (!first)
        return; /* only CA entries: the names are the server certificate's business */
    const txi_field *san = txi_ev_get(first, TXF_SAN), *sf = txi_ev_get(first, TXF_SUBJECT);
    txi_event *f = fact_new(c, "truststore_entry_host_mismatch", san ? san->src : sf ? sf->src : first->src);
    fact_str(c, f, TXF_HOST, host, own_line(c, hsrc));
    entry_fields(c, f, first);
    fact_copy(c, f, first, TXF_SAN);
    if (f && !san)
        fact_str(c, f, TXF_TEXT, "the certificate has no subjectAltName", NULL);
}

/* The peer's chain against each complete keytool listing of a truststore. */
static void listed_truststore_facts(txi_conn *c, const chain *ch, const txi_event *globals)
{
    if (!ch->n)
        return;
    const txi_event *top = ch->certs[ch->n - 1];
    const char *issuer = txi_ev_str(top, TXF_ISSUER), *subject = txi_ev_str(top, TXF_SUBJECT);
    if (!issuer || !subject)
        return;
    int ss = self_signed(top);
    /* curl shows the server's own certificate only: the rest of the chain is unknown */
    int partial = txi_ev_is(top, TXF_DIALECT, "curl");
    const txi_field *isf = txi_ev_get(top, ss ? TXF_SUBJECT : TXF_ISSUER);
    for (const txi_event *g = globals; g; g = g->next) {
        if (g->type != TXE_TRUSTSTORE || !txi_ev_is(g, TXF_DIALECT, "keytool") || txi_ev_get(g, TXF_ERROR))
            continue;
        long long declared = txi_ev_int(g, TXF_COUNT, -1);
        unsigned listed = 0;
        for (const txi_field *s = txi_ev_get(g, TXF_SUBJECTS); s; s = txi_ev_next(g, s))
            listed++;
        if (declared < 0 || (long long)listed < declared)
            continue; /* partial listing: proves nothing absent */
        const char *found = NULL;
        if (is_anchor(g, ss ? subject : issuer))
            found = ss ? subject : issuer;
        for (unsigned i = 0; i < ch->n && !found; i++) {
            const char *s = txi_ev_str(ch->certs[i], TXF_SUBJECT);
            if (s && is_anchor(g, s))
                found = s;
        }
        if (!found && partial && !ss)
            continue; /* its issuer may chain to a listed root through certificates curl does not show */
        txi_event *f = fact_new(c, found ? "listed_truststore_has_issuer" : "listed_truststore_lacks_issuer",
                                isf ? isf->src : top->src);
        if (!f)
            continue;
        if (found) {
            fact_str(c, f, TXF_ISSUER, found, NULL);
        } else {
            fact_copy(c, f, top, TXF_ISSUER);
            fact_copy(c, f, top, TXF_SUBJECT);
        }
        txi_event_addf(&c->arena, f, TXF_COUNT, NULL, "%lld", declared);
        if (!partial) /* the chain length, when the whole chain is known */
            txi_event_addf(&c->arena, f, TXF_POSITION, NULL, "%u", ch->n);
        fact_copy(c, f, g, TXF_STORE_TYPE);
        fact_copy(c, f, g, TXF_PATH);
        fact_copy(c, f, g, TXF_FILE);
        fact_str(c, f, TXF_SELF_SIGNED, ss ? "true" : "false", NULL);
    }
}

static void tool_facts(txi_conn *c, const chain *ch, const txi_event *globals, int64_t log_time, const char *opt_host)
{
    int lower;
    int64_t at = listing_time(log_time, globals, &lower);
    entry_validity_facts(c, at, lower);
    entry_shape_facts(c);
    duplicate_facts(c);
    listed_empty_facts(c, globals);
    entry_host_facts(c, opt_host);
    listed_truststore_facts(c, ch, globals);
}

/* ---- cross-checks of the chain against the store and the use ---------- */

static int has_usage(const txi_event *e, const char *name, const char *oid)
{
    for (const txi_field *u = txi_ev_get(e, TXF_EXT_KEY_USAGE); u; u = txi_ev_next(e, u))
        if (txi_memmem(u->val, u->len, name, strlen(name)) || txi_memmem(u->val, u->len, oid, strlen(oid)))
            return 1;
    return 0;
}

/* The first public CA of the rulebook's (voc->public_cas: substrings of
 * issuer DNs whose roots every JDK cacerts holds) that dn names, or NULL. */
static const char *public_ca(const txr_vocab *voc, const txi_field *dn)
{
    for (unsigned k = 0; voc && k < voc->npublic_cas; k++)
        if (txi_memmem(dn->val, dn->len, voc->public_cas[k], strlen(voc->public_cas[k])))
            return voc->public_cas[k];
    return NULL;
}

static void crosscheck_facts(txi_conn *c, const chain *ch, const txi_event *globals, const txr_vocab *voc)
{
    if (!ch->n || c->role == TXI_ROLE_SERVER)
        return;
    const txi_event *leaf = ch->certs[0];
    if (txi_ev_int(leaf, TXF_POSITION, -1) == 0 && txi_ev_get(leaf, TXF_EXT_KEY_USAGE) &&
        has_usage(leaf, "clientAuth", "1.3.6.1.5.5.7.3.2") && !has_usage(leaf, "serverAuth", "1.3.6.1.5.5.7.3.1") &&
        !has_usage(leaf, "anyExtendedKeyUsage", "2.5.29.37.0")) {
        const txi_field *u = txi_ev_get(leaf, TXF_EXT_KEY_USAGE);
        txi_event *f = fact_new(c, "leaf_eku_client_only", u->src ? u->src : leaf->src);
        fact_copy(c, f, leaf, TXF_SUBJECT);
        fact_copy(c, f, leaf, TXF_EXT_KEY_USAGE);
    }
    const txi_event *store = anchors(globals);
    const char *ls = txi_ev_str(leaf, TXF_SUBJECT);
    if (store && ls && ch->n >= 1 && !self_signed(leaf) && is_anchor(store, ls)) {
        const txi_field *sf = txi_ev_get(leaf, TXF_SUBJECT);
        txi_event *f = fact_new(c, "leaf_in_truststore", sf->src ? sf->src : leaf->src);
        fact_copy(c, f, leaf, TXF_SUBJECT);
        fact_copy(c, f, leaf, TXF_SERIAL);
        fact_copy(c, f, leaf, TXF_NOT_BEFORE);
        fact_copy(c, f, store, TXF_PATH);
    }
    /* the truststore really used: the last one loaded without an error */
    const txi_event *used = NULL;
    for (const txi_event *g = globals; g; g = g->next)
        if (g->type == TXE_TRUSTSTORE && txi_ev_get(g, TXF_PATH) && !txi_ev_get(g, TXF_ERROR) &&
            txi_ev_str(g, TXF_PATH)[0])
            used = g;
    if (!used || is_default_cacerts(txi_ev_str(used, TXF_PATH)))
        return;
    const char *path = txi_ev_str(used, TXF_PATH);
    size_t pn = strlen(path);
    if (pn >= 7 && strcmp(path + pn - 7, "cacerts") == 0)
        return; /* some JDK's cacerts (or a copy of it) */
    for (unsigned i = 0; i < ch->n; i++) {
        const txi_field *is = txi_ev_get(ch->certs[i], TXF_ISSUER);
        const char *ca = is ? public_ca(voc, is) : NULL;
        if (!ca)
            continue;
        if (store == used && is_anchor(store, is->val))
            return; /* the custom store does hold it */
        txi_event *f = fact_new(c, "truststore_custom_public_ca", is->src ? is->src : ch->certs[i]->src);
        fact_copy(c, f, used, TXF_PATH);
        fact_copy(c, f, used, TXF_COUNT);
        fact_str(c, f, TXF_ISSUER, is->val, is->src);
        fact_str(c, f, TXF_VALUE, ca, NULL);
        return;
    }
}

/* The keystore loaded with a key (its "found key for" certificate), the
 * last one the log shows. */
static const txi_event *key_store(const txi_event *globals)
{
    const txi_event *k = NULL;
    for (const txi_event *g = globals; g; g = g->next)
        if (g->type == TXE_KEYSTORE && txi_ev_str(g, TXF_ISSUER))
            k = g;
    return k;
}

/* This side's own certificates: the key it holds and what it sent. */
static void own_cert_facts(txi_conn *c, const txi_event *globals)
{
    const char *mine = c->role == TXI_ROLE_SERVER ? "server" : "client";
    const txi_event *sent = NULL, *req = NULL;
    for (const txi_event *e = c->first; e; e = e->next) {
        if (e->type == TXE_CERTIFICATE && txi_ev_is(e, TXF_SOURCE, mine) && txi_ev_int(e, TXF_POSITION, -1) == 0 &&
            !sent)
            sent = e;
        if (e->type == TXE_HANDSHAKE && txi_ev_is(e, TXF_MESSAGE, "CertificateRequest") &&
            txi_ev_is(e, TXF_DIRECTION, "received") && txi_ev_get(e, TXF_SUBJECTS))
            req = e;
    }
    const txi_event *ks = key_store(globals);
    const txi_event *path = NULL;
    for (const txi_event *g = globals; g; g = g->next)
        if (g->type == TXE_KEYSTORE && txi_ev_str(g, TXF_PATH) && txi_ev_str(g, TXF_PATH)[0])
            path = g;
    if (sent && txi_ev_str(sent, TXF_SUBJECT)) {
        txi_event *f = fact_new(c, "own_cert_presented", sent->src);
        fact_copy(c, f, sent, TXF_SUBJECT);
        fact_copy(c, f, sent, TXF_ISSUER);
        fact_copy(c, f, sent, TXF_SERIAL);
        fact_copy(c, f, sent, TXF_NOT_AFTER);
        if (ks && dn_equal(txi_ev_str(ks, TXF_SUBJECT), txi_ev_str(sent, TXF_SUBJECT)))
            fact_copy(c, f, ks, TXF_ALIAS);
        fact_copy(c, f, path, TXF_PATH);
    }
    if (!req || c->role == TXI_ROLE_SERVER)
        return;
    /* the key: the certificate sent, else the keystore's key */
    const txi_event *key = sent && txi_ev_str(sent, TXF_ISSUER) ? sent : ks;
    const char *iss = key ? txi_ev_str(key, TXF_ISSUER) : NULL;
    const char *subj = key ? txi_ev_str(key, TXF_SUBJECT) : NULL;
    if (!iss)
        return;
    int ok = 0;
    char list[1024];
    size_t ln = 0;
    list[0] = '\0';
    for (const txi_field *x = txi_ev_get(req, TXF_SUBJECTS); x; x = txi_ev_next(req, x)) {
        char dn[512];
        snprintf(dn, sizeof dn, "%.*s", (int)x->len, x->val);
        if (dn_equal(dn, iss) || (subj && dn_equal(dn, subj)))
            ok = 1;
        if (ln + x->len + 3 < sizeof list)
            ln += (size_t)snprintf(list + ln, sizeof list - ln, "%s%s", ln ? "; " : "", dn);
    }
    txi_event *f = fact_new(c, ok ? "client_ca_accepted" : "client_ca_not_accepted", req->src);
    fact_copy(c, f, key, TXF_SUBJECT);
    fact_copy(c, f, key, TXF_ISSUER);
    fact_copy(c, f, key, TXF_SERIAL);
    fact_copy(c, f, key, TXF_NOT_AFTER);
    if (key == ks || (ks && dn_equal(txi_ev_str(ks, TXF_SUBJECT), subj ? subj : "")))
        fact_copy(c, f, ks, TXF_ALIAS);
    fact_copy(c, f, path, TXF_PATH);
    fact_copy(c, f, req, TXF_SUBJECTS);
    fact_str(c, f, TXF_VALUE, list, NULL);
}

/* The Java that wrote the log, as far as the log has proved it by the time
 * the connection is evaluated (rules/jdk.c): fact "jdk" with value = the
 * feature release ("7", "11"; "le8" when only "Java 8 or older" is known)
 * and version = the version as printed. */
void txr_fact_log_cut(txi_conn *c) { (void)fact_new(c, "log_cut", NULL); }

void txr_fact_jdk(txi_conn *c, int feature, int le8, const char *text)
{
    if (!feature && !le8)
        return;
    txi_event *f = fact_new(c, "jdk", NULL);
    char v[16];
    if (feature)
        snprintf(v, sizeof v, "%d", feature);
    else
        snprintf(v, sizeof v, "le8");
    fact_str(c, f, TXF_VALUE, v, NULL);
    fact_str(c, f, TXF_VERSION, text && *text ? text : feature ? v : "8 or older", NULL);
}

void txr_compute_facts(txi_conn *c, const txi_event *globals, int64_t log_time, const char *opt_host,
                       const txr_vocab *voc)
{
    chain ch;
    peer_chain(c, &ch);
    validity_facts(c, &ch, log_time);
    san_facts(c, &ch, opt_host);
    chain_facts(c, &ch, globals);
    inspection_facts(c, &ch, voc);
    strength_facts(c, &ch);
    protocol_facts(c);
    started_fact(c);
    truststore_facts(c, globals);
    crosscheck_facts(c, &ch, globals, voc);
    own_cert_facts(c, globals);
    tool_facts(c, &ch, globals, log_time, opt_host); /* keytool listings, tool output */
}
