/*
 * dialect_legacy.c - the SunJSSE debug text of JDK 6, 7 and 8 (before the
 * TLS 1.3 backport), also printed by IBM JSSE2 (see dialect_ibm.c).
 *
 * Samples (free text on System.out; some lines start with "<thread>, "):
 *
 *   trustStore is: /usr/lib/jvm/jre/lib/security/cacerts
 *   trustStore type is : jks
 *   init truststore
 *   adding as trusted cert:
 *     Subject: CN=Equifax Secure Global eBusiness CA-1, O=Equifax Secure Inc., C=US
 *     Issuer:  CN=Equifax Secure Global eBusiness CA-1, O=Equifax Secure Inc., C=US
 *     Algorithm: RSA; Serial number: 0xc3517
 *     Valid from Mon Jun 21 08:00:00 MSD 1999 until Mon Jun 22 07:00:00 MSK 2020
 *   keyStore is : /home/app/client.jks
 *   found key for : client
 *   chain [0] = [ ...certificate... ]
 *   ***
 *   %% No cached client session
 *   *** ClientHello, TLSv1.2
 *   RandomCookie:  GMT: 1486723393 bytes = { 70, 71, 31, ... }
 *   Cipher Suites: [TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256, ...]
 *   Extension server_name, server_name: [type=host_name (0), value=example.com]
 *   ***
 *   main, WRITE: TLSv1.2 Handshake, length = 207
 *   main, READ: TLSv1.2 Handshake, length = 1277
 *   *** ServerHello, TLSv1.2
 *   Cipher Suite: TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384
 *   ***
 *   *** Certificate chain
 *   chain [0] = [
 *   [
 *     Version: V3
 *     Subject: CN=localhost, OU=cn, O=cn, L=cn, ST=cn, C=cn
 *     Signature Algorithm: SHA256withRSA, OID = 1.2.840.113549.1.1.11
 *     Key:  Sun RSA public key, 2048 bits
 *     Validity: [From: Mon Nov 25 17:27:06 CST 2019,
 *                  To: Sun Feb 23 17:27:06 CST 2020]
 *     Issuer: CN=localhost, OU=cn, O=cn, L=cn, ST=cn, C=cn
 *     SerialNumber: [    5684f065]
 *   Certificate Extensions: 1
 *   [1]: ObjectId: 2.5.29.17 Criticality=false
 *   SubjectAlternativeName [
 *     DNSName: localhost
 *   ]
 *   ]
 *     Algorithm: [SHA256withRSA]
 *     Signature:
 *   0000: 3E 6C 59 80 ...
 *   ]
 *   ***
 *   Found trusted certificate:
 *   [ ...certificate... ]
 *   *** ServerHelloDone
 *   *** ECDHClientKeyExchange
 *   main, WRITE: TLSv1.2 Change Cipher Spec, length = 1
 *   *** Finished
 *   main, RECV TLSv1.2 ALERT:  fatal, handshake_failure
 *   main, SEND TLSv1.2 ALERT:  fatal, description = certificate_unknown
 *   main, handling exception: javax.net.ssl.SSLHandshakeException: ...
 *   %% Invalidated:  [Session-3, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]
 *   Thread-2, fatal error: 46: General SSLEngine problem
 *   sun.security.validator.ValidatorException: PKIX path building failed: ...
 *
 * Grammar (a line is matched after its leading blanks are skipped):
 *
 *   line     = message | "***" | session | record | chain | listing | skip
 *   message  = "*** " name ["," details]     -- ClientHello, ServerHello, Certificate chain,
 *                                               [ECDH|DH|RSA] ServerKeyExchange, CertificateRequest,
 *                                               ServerHelloDone, [ECDH]ClientKeyExchange,
 *                                               CertificateVerify, Finished, HelloRequest
 *   body     = lines after a message up to "***" or the next message or record line
 *              (RandomCookie, Cipher Suites, Cipher Suite, Extension server_name ...)
 *   session  = "%% " text                    -- events: "%% Invalidated:", "%% Negotiating:"
 *   record   = [thread ", "] verb
 *   verb     = ("WRITE: " | "READ: ") version " " type ", length = " n
 *            | "WRITE: SSLv2 client hello message, length = " n
 *            | ("RECV " | "SEND ") version " ALERT:" blanks level ", " ["description = "] desc
 *            | "handling exception: " throwable
 *            | "fatal error: " n ": " text NEWLINE throwable     -- SSLEngine
 *            | "called close..." | "setSoTimeout(...)" | ...      -- skipped
 *   chain    = "chain [" n "] = [" certificate "]"   -- brackets balance to 0
 *            | "Found trusted certificate:" NEWLINE "[" certificate "]"
 *   listing  = truststore and keystore lines ("trustStore is: ", "adding as trusted cert:" ...)
 *
 * A thread name may contain ", " (IoReceiver - host/10.0.0.1:10128): the
 * verb after it anchors the split.
 *
 * Threads and connections.  Message lines carry no thread.  The rules:
 *   - A ClientHello preceded (since the previous message) by a READ of a
 *     handshake record was received: this JVM is the server, and the
 *     handshake belongs to that record's thread.  Otherwise it was sent:
 *     this JVM is the client and the thread is learned from the record line
 *     that follows (the WRITE of that hello).  Until then the events of the
 *     handshake wait in a short queue (they are filed, in order, when the
 *     thread is known, when 256 lines passed, or at the end of input).
 *   - Every later message of the handshake goes to the same thread.  With
 *     SSLEngine another thread often reads or writes the records of the
 *     same handshake (a reader thread, a Netty event loop); a thread whose
 *     handshake, change-cipher-spec or alert records appear while the
 *     handshake is incomplete is taken as an alias of the handshake's
 *     thread, so its alerts and exceptions join the same connection.  A
 *     thread that ran a handshake of its own is never an alias (servers
 *     interleave worker threads).
 *   - Record, alert and exception lines name their thread; lines without
 *     one (pasted excerpts) use the handshake's thread.
 *   Message lines of two handshakes that interleave line by line cannot be
 *   told apart: they go to the handshake that started last.
 *
 * Direction.  The role fixes the sender of every message: the client
 * sends ClientHello, ClientKeyExchange, CertificateVerify and, after
 * ServerHelloDone, its Certificate; the server the others.  A message is
 * "sent" when its sender is this JVM's role.  Finished is the exception: it
 * goes the way of the last Change Cipher Spec record (WRITE: sent, READ:
 * received); without record lines, the client's Finished comes first in a
 * full handshake (one with ServerHelloDone) and the server's first in an
 * abbreviated one.  A log fragment that starts after the ClientHello takes
 * its role from the first message: received if a READ handshake record
 * preceded it, else sent.
 *
 * Events.  As dialect_jdk11.c: a handshake event per message (ClientHello
 * with version and ciphers, then an sni event), a negotiated event after
 * ServerHello (version, cipher), certificate events before the
 * Certificate handshake event, whose count is set only when the chain was
 * printed (javax.net.debug "verbose": chain [n] lines or "<Empty>").
 * A local fatal alert takes as message the reason of the exception
 * printed next to it ("handling exception:"), without the class names it
 * nests.  "%% Invalidated:" is a close event (reason=invalidated), "found
 * key for : alias" and its chain make a keystore event (name, and the
 * key's certificate fields), "Negotiating:"/"Cipher suite:" lines outside
 * a ServerHello a negotiated event when no ServerHello names the suite.
 *
 * Time.  Legacy lines carry no timestamps.  The "GMT:" of the RandomCookie
 * of a hello this JVM sent is its clock, printed with a sign-extension bug
 * (RandomCookie.print adds the four random bytes as signed bytes); the
 * original value is recovered and used as the log time.
 *
 * Memory: all state is fixed-size; a certificate is parsed line by line,
 * events under construction live in the parser's scratch arena.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect.h"
#include "legacy_common.h"
#include "limits.h"


typedef struct {
    char s[TX_MAX_THREAD_NAME + 1];
    size_t n;
} tname;

enum msg { M_NONE, M_CLIENTHELLO, M_SERVERHELLO, M_CERTCHAIN, M_OTHER };
enum ctx { C_NONE, C_MSG, C_LOCAL, C_KEYSTORE, C_TRUSTED };
enum ext { X_NONE, X_SAN, X_KU, X_EKU, X_BC };
enum rec { R_OTHER, R_HANDSHAKE, R_CCS, R_ALERT, R_APPDATA };
enum block { B_NONE, B_CERT, B_EXC_WRAP, B_FATAL_CAUSE };
enum verb { V_NONE, V_WRITE, V_READ, V_RECV, V_SEND, V_HANDLING, V_FATAL_ERROR, V_RETHROW, V_SKIP };

/* fields a certificate takes once */
enum { H_SUBJECT = 1, H_ISSUER = 2, H_SIGALG = 4, H_KEY = 8, H_NB = 16, H_NA = 32, H_SERIAL = 64 };

typedef struct {
    /* threads */
    tname rec;            /* thread of the latest record line ("" = a line without one) */
    int rec_known;
    int read_hs;          /* a READ of a handshake record since the last message */
    tname hs;             /* thread the current handshake is filed under */
    int hs_known;
    int want_thread;      /* a ClientHello went out: its thread comes with the next record */
    unsigned nalias, alias_next; /* (alias, below) */
    unsigned nowner, owner_next; /* (owner, below) */
    txi_event *pend[TX_LEGACY_MAX_PENDING];
    unsigned npend;
    uint64_t pend_since;
    txi_event *pend_hello; /* the ClientHello while it waits (an SSLv2 record amends it) */
    char write_ver[24];    /* version of the last WRITE record */

    /* handshake */
    int in_hs, role, shd, fin_sent, fin_rcvd, nfin, ccs; /* ccs: 1 written, 2 read */
    int appdata;          /* an Application Data record of this handshake was filed */
    int hello_last;        /* the ClientHello was the latest message */
    int hello_body;        /* a line of the open ClientHello's body was read (its "***" not yet) */
    char nego_cipher[96];  /* suite of this handshake's ServerHello */
    char neg_hint[96];     /* "Negotiating: [Session-n, suite]" not yet used */
    txi_event *neg_ev;     /* its event, filed unless a ServerHello names the suite */

    /* message body */
    enum msg cur;
    int cur_sent;
    txi_event *ev;         /* ClientHello handshake event / ServerHello negotiated event */
    txi_event *sni;
    txi_event *certmsg;
    int certcount;
    int chain_printed;     /* chain entries (or "<Empty>") follow the message line */
    char certsrc[8];
    enum ctx next_chain;   /* context of a chain printed without "*** Certificate chain" */
    int expect_trusted;    /* "Found trusted certificate:" waits for its "[" */

    /* open block */
    enum block block;
    txi_event *cert;
    enum ctx ctx;
    int depth, pos, want_to, unprefixed, have;
    enum ext ext;
    uint32_t cert_lines;

    /* log-wide stores */
    txi_event *trust;
    int trust_init;
    unsigned trust_n;
    txi_event *key;
    int key_named;

    /* alerts and exceptions */
    txi_event *held;       /* a local fatal alert waiting for the exception that names its reason */
    tname held_thr;
    uint64_t held_line;
    char exc_reason[512];  /* reason of the latest exception, for an alert that follows */
    tname exc_thr;
    uint64_t exc_line;
    txi_event *exc;        /* exception whose text may continue on the next line */
    tname exc_t;
    size_t exc_len;        /* (exc_text, below) */
    uint64_t exc_no;

    int seen;              /* a line was recognized as legacy */
    int last_exc;          /* an exception was filed (any kind) */

    /* Not zeroed at first use (state_zero: 7.4 KB of the state's 10.2), as
     * each is read only below its count or length above */
    struct {
        tname from, to;
    } alias[TX_LEGACY_MAX_ALIASES]; /* (nalias) */
    tname owner[TX_LEGACY_MAX_ALIASES];  /* threads that ran a handshake of their own: never aliased (nowner) */
    char exc_text[1024];   /* (exc_len) */
} lstate;

static lstate *st(txi_parser *p) { return txi_parser_state(p, TXI_DIALECT_LEGACY); }

static const tname no_thread = {"", 0};

/* ---- small helpers --------------------------------------------------------- */

static txi_sv trim(const char *p, size_t n) { return txi_sv_trim(txi_sv_make(p, n)); }

static txi_sv after(txi_sv t, size_t k) { return trim(t.p + k, t.n - k); }

#define T_STARTS(t, lit) SV_STARTS((t).p, (t).n, lit)
#define T_EQ(t, lit) SV_EQ((t).p, (t).n, lit)

static void tn_set(tname *t, const char *s, size_t n)
{
    if (n > TX_MAX_THREAD_NAME)
        n = TX_MAX_THREAD_NAME;
    memcpy(t->s, s, n);
    t->s[n] = '\0';
    t->n = n;
}

static int tn_eq(const tname *a, const tname *b) { return a->n == b->n && memcmp(a->s, b->s, a->n) == 0; }

static void emit_str(txi_parser *p, txi_event *e, int fid, const char *v, const txi_linectx *l)
{
    txi_emit_field(p, e, fid, v, strlen(v), l);
}

static void emit_sv(txi_parser *p, txi_event *e, int fid, txi_sv v, const txi_linectx *l)
{
    if (v.n)
        txi_emit_field(p, e, fid, v.p, v.n, l);
}

/* Room for a list item in e, keeping `reserve` fields for what comes
 * after the list (an event holds at most TX_MAX_FIELDS fields). */
static int room(const txi_event *e, unsigned reserve)
{
    return e && e->nfields + reserve < TX_MAX_FIELDS;
}

/* Does [p, p+n) start with the string lit (not a literal: SV_STARTS needs one)? */
static int starts(const char *p, size_t n, const char *lit)
{
    /* (asked of every line with a table of prefixes: the first byte decides most) */
    if (!lit[0])
        return 1;
    if (!n || p[0] != lit[0])
        return 0;
    size_t k = strlen(lit);
    return n >= k && memcmp(p, lit, k) == 0;
}

/* Case-insensitive search of an ASCII literal. */
static const char *find_ci(const char *s, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    for (size_t i = 0; i + k <= n; i++)
        if (txi_strncaseeq(s + i, lit, k))
            return s + i;
    return NULL;
}

size_t txi_legacy_suite(const char *s, size_t n, char *out, size_t cap)
{
    static const char *const tls_only[] = {"_AES_",   "ECDH",   "_GCM",  "SHA256", "SHA384", "CHACHA",
                                           "CAMELLIA", "_SEED_", "ARIA", "_CCM",   "_PSK_",  NULL};
    int rename = 0;
    if (SV_STARTS(s, n, "SSL_"))
        for (int i = 0; tls_only[i] && !rename; i++)
            rename = txi_memmem(s, n, tls_only[i], strlen(tls_only[i])) != NULL;
    if (!cap)
        return 0;
    size_t off = 0;
    if (rename && cap > 4) {
        memcpy(out, "TLS_", 4);
        off = 4;
        s += 4;
        n -= 4;
    }
    if (n > cap - 1 - off)
        n = cap - 1 - off;
    memcpy(out + off, s, n);
    out[off + n] = '\0';
    return off + n;
}

static void emit_suite(txi_parser *p, txi_event *e, int fid, txi_sv v, const txi_linectx *l)
{
    char buf[128];
    if (!v.n)
        return;
    size_t k = txi_legacy_suite(v.p, v.n, buf, sizeof buf);
    txi_emit_field(p, e, fid, buf, k, l);
}

/* The value printed by RandomCookie.print() is
 *   b0 << 24 + b1 << 16 + b2 << 8 + b3    with signed bytes,
 * so every byte >= 0x80 subtracted 2^8 times its weight from the real
 * gmt_unix_time.  Try the eight corrections and keep the one whose bytes
 * agree with it.  Returns TXI_NO_TIME outside 2000..2100. */
static int64_t cookie_time(long long printed)
{
    uint32_t v0 = (uint32_t)(printed & 0xffffffffLL);
    for (unsigned c = 0; c < 8; c++) {
        uint32_t v = v0 + ((c & 4) ? 1u << 24 : 0) + ((c & 2) ? 1u << 16 : 0) + ((c & 1) ? 1u << 8 : 0);
        int b1 = (v >> 16) & 0xff, b2 = (v >> 8) & 0xff, b3 = v & 0xff;
        if ((b1 >= 0x80) != !!(c & 4) || (b2 >= 0x80) != !!(c & 2) || (b3 >= 0x80) != !!(c & 1))
            continue;
        if (v >= 946684800u && (int64_t)v < 4102444800LL)
            return (int64_t)v;
    }
    return TXI_NO_TIME;
}

/* Length of a Java class name at p ("javax.net.ssl.SSLHandshakeException")
 * followed by ':' or the end, 0 if there is none. */
static size_t class_at(const char *p, const char *end)
{
    const char *q = p, *last = p;
    int dots = 0;
    if (q >= end || !(isalpha((unsigned char)*q) || *q == '_' || *q == '$'))
        return 0;
    while (q < end && (isalnum((unsigned char)*q) || *q == '_' || *q == '$' || *q == '.')) {
        if (*q == '.') {
            dots++;
            last = q + 1;
        }
        q++;
    }
    if (!dots || (q < end && *q != ':') || q - p > 200)
        return 0;
    size_t ln = (size_t)(q - last);
    if (!txi_memmem(last, ln, "Exception", 9) && !txi_memmem(last, ln, "Error", 5) &&
        !txi_memmem(last, ln, "Throwable", 9))
        return 0;
    return (size_t)(q - p);
}

/* The text of an exception without the class names it starts with:
 * "sun...ValidatorException: PKIX path building failed: ..." -> "PKIX path building failed: ..." */
static txi_sv strip_classes(txi_sv m)
{
    for (int i = 0; i < 8; i++) {
        size_t k = class_at(m.p, m.p + m.n);
        if (!k || k >= m.n)
            break;
        m = after(m, k + 1);
    }
    return m;
}

/* class, message, origin, causes (each "Class: message" nested in the
 * text, as Throwable.toString() prints causes into messages) and root. */
static void exception_fields(txi_parser *p, txi_event *e, txi_sv t, const txi_linectx *l)
{
    size_t k = class_at(t.p, t.p + t.n);
    txi_sv msg = t;
    if (k) {
        txi_emit_field(p, e, TXF_CLASS, t.p, k, l);
        msg = k < t.n ? after(t, k + 1) : txi_sv_make(t.p + t.n, 0);
    }
    emit_sv(p, e, TXF_MESSAGE, msg, l);
    emit_str(p, e, TXF_ORIGIN, "local", l);
    txi_sv root = t;
    const char *end = msg.p + msg.n;
    for (const char *q = msg.p; q < end; q++) {
        int at_start = q == msg.p;
        if (!at_start && !(q[0] == ' ' && q[-1] == ':'))
            continue;
        const char *c = at_start ? q : q + 1;
        if (class_at(c, end)) {
            root = txi_sv_make(c, (size_t)(end - c));
            emit_sv(p, e, TXF_CAUSES, root, l);
        }
    }
    emit_sv(p, e, TXF_ROOT, root, l);
}

/* ---- threads and filing ------------------------------------------------------ */

static const tname *resolve(const lstate *s, const tname *t)
{
    for (unsigned i = 0; i < s->nalias; i++)
        if (tn_eq(&s->alias[i].from, t))
            return &s->alias[i].to;
    return t;
}

static void drop_alias(lstate *s, const tname *t)
{
    for (unsigned i = 0; i < s->nalias; i++)
        if (tn_eq(&s->alias[i].from, t) || tn_eq(&s->alias[i].to, t))
            s->alias[i].from.n = s->alias[i].to.n = (size_t)-1 >> 1; /* never matches */
}

static void add_alias(lstate *s, const tname *from, const tname *to)
{
    unsigned i = s->nalias < TX_LEGACY_MAX_ALIASES ? s->nalias++ : (s->alias_next++ % TX_LEGACY_MAX_ALIASES);
    s->alias[i].from = *from;
    s->alias[i].to = *to;
}

static int is_owner(const lstate *s, const tname *t)
{
    for (unsigned i = 0; i < s->nowner; i++)
        if (tn_eq(&s->owner[i], t))
            return 1;
    return 0;
}

/* The current handshake belongs to thread t. */
static void set_hs(lstate *s, const tname *t)
{
    s->hs = *t;
    s->hs_known = 1;
    s->want_thread = 0;
    if (t->n && !is_owner(s, t)) {
        unsigned i = s->nowner < TX_LEGACY_MAX_ALIASES ? s->nowner++ : (s->owner_next++ % TX_LEGACY_MAX_ALIASES);
        s->owner[i] = *t;
    }
}

static void file_to(txi_parser *p, txi_event *e, const tname *t)
{
    if (e)
        txi_emit_end(p, e, t->n ? t->s : NULL, t->n);
}

static void flush_pending(txi_parser *p, lstate *s, const tname *t)
{
    for (unsigned i = 0; i < s->npend; i++)
        file_to(p, s->pend[i], t);
    s->npend = 0;
    s->pend_hello = NULL;
}

static void release_held(txi_parser *p, lstate *s)
{
    if (!s->held)
        return;
    txi_event *e = s->held;
    s->held = NULL;
    file_to(p, e, resolve(s, &s->held_thr));
}

/* File an event of the current handshake (message lines carry no thread). */
static void file_hs(txi_parser *p, lstate *s, txi_event *e, const txi_linectx *l)
{
    if (!e)
        return;
    release_held(p, s);
    if (!s->hs_known && !s->want_thread && !s->npend && s->rec_known) {
        set_hs(s, resolve(s, &s->rec));
    }
    if (s->hs_known) {
        file_to(p, e, &s->hs);
        return;
    }
    if (s->npend == TX_LEGACY_MAX_PENDING) {
        flush_pending(p, s, &no_thread);
        s->hs = no_thread;
        s->hs_known = 1;
        s->want_thread = 0;
        file_to(p, e, &s->hs);
        return;
    }
    if (!s->npend)
        s->pend_since = l ? l->no : 0;
    s->pend[s->npend++] = e;
}

void txi_legacy_file(txi_parser *p, txi_event *e) { file_hs(p, st(p), e, NULL); }

/* An event of a record line (alert, exception): filed under its thread. */
static void file_thr(txi_parser *p, lstate *s, txi_event *e, const tname *t)
{
    release_held(p, s);
    file_to(p, e, resolve(s, t));
}

/* A record line names thread t. */
static void learn_thread(txi_parser *p, lstate *s, const tname *t, enum rec rt, int write_hs)
{
    s->rec = *t;
    s->rec_known = 1;
    if (s->want_thread || (!s->hs_known && (s->npend || s->in_hs))) {
        drop_alias(s, t);
        set_hs(s, t);
    } else if (s->hs_known && s->in_hs && !(s->fin_sent && s->fin_rcvd) && !is_owner(s, t) &&
               (rt == R_HANDSHAKE || rt == R_CCS || rt == R_ALERT) && !tn_eq(resolve(s, t), &s->hs)) {
        add_alias(s, t, &s->hs);
    }
    /* The WRITE of a hello comes before the SSLv2 form of it: keep the
     * hello open for that one line. */
    if (s->npend && s->hs_known && !write_hs)
        flush_pending(p, s, &s->hs);
}

/* ---- messages ------------------------------------------------------------------ */

static void negotiating(txi_parser *p, lstate *s, txi_sv suite, const txi_linectx *l);
static void negotiating_flush(txi_parser *p, lstate *s, const txi_linectx *l);

static void end_cur(txi_parser *p, lstate *s, const txi_linectx *l)
{
    switch (s->cur) {
    case M_CLIENTHELLO:
        file_hs(p, s, s->ev, l);
        if (s->npend && s->pend[s->npend - 1] == s->ev)
            s->pend_hello = s->ev;
        file_hs(p, s, s->sni, l);
        break;
    case M_SERVERHELLO:
        if (s->ev && s->neg_hint[0] && !txi_ev_get(s->ev, TXF_CIPHER))
            emit_str(p, s->ev, TXF_CIPHER, s->neg_hint, NULL);
        s->neg_hint[0] = '\0';
        txi_emit_cancel(p, s->neg_ev);
        s->neg_ev = NULL;
        if (s->ev) {
            const char *c = txi_ev_str(s->ev, TXF_CIPHER);
            snprintf(s->nego_cipher, sizeof s->nego_cipher, "%s", c ? c : "");
        }
        file_hs(p, s, s->ev, l);
        break;
    case M_CERTCHAIN:
        if (s->certmsg) {
            /* Without the "verbose" option the chain is not printed: no count then. */
            if (s->chain_printed)
                txi_emit_fieldf(p, s->certmsg, TXF_COUNT, NULL, "%d", s->certcount);
            file_hs(p, s, s->certmsg, l);
        }
        break;
    default:
        break;
    }
    s->cur = M_NONE;
    s->ev = s->sni = s->certmsg = NULL;
}

static int other_role(int r) { return r == TXI_ROLE_CLIENT ? TXI_ROLE_SERVER : TXI_ROLE_CLIENT; }

static int sender_of(const lstate *s, const char *m)
{
    if (!strcmp(m, "ClientHello") || !strcmp(m, "ClientKeyExchange") || !strcmp(m, "CertificateVerify"))
        return TXI_ROLE_CLIENT;
    if (!strcmp(m, "Certificate"))
        return s->shd ? TXI_ROLE_CLIENT : TXI_ROLE_SERVER;
    return TXI_ROLE_SERVER;
}

static void new_handshake(txi_parser *p, lstate *s, int server)
{
    if (s->npend)
        flush_pending(p, s, s->hs_known ? &s->hs : &no_thread);
    s->in_hs = 1;
    s->role = server ? TXI_ROLE_SERVER : TXI_ROLE_CLIENT;
    s->shd = s->fin_sent = s->fin_rcvd = s->nfin = s->ccs = s->appdata = 0;
    s->nego_cipher[0] = '\0';
    if (server) {
        s->want_thread = 0;
        s->hs_known = s->rec_known;
        if (s->rec_known) {
            drop_alias(s, &s->rec);
            set_hs(s, &s->rec);
        }
    } else {
        s->hs_known = 0;
        s->want_thread = 1;
    }
}

/* "*** ECDHClientKeyExchange" -> "ClientKeyExchange" and so on. */
static const char *message_name(txi_sv name)
{
    static const char *const tails[] = {"ClientKeyExchange", "ServerKeyExchange", NULL};
    if (T_STARTS(name, "Certificate chain"))
        return "Certificate";
    const char *sp = memchr(name.p, ' ', name.n);
    if (sp && T_STARTS(name, "HelloRequest"))
        name.n = (size_t)(sp - name.p);
    for (int i = 0; tails[i]; i++) {
        size_t k = strlen(tails[i]);
        if (name.n >= k && memcmp(name.p + name.n - k, tails[i], k) == 0)
            return tails[i];
    }
    return txi_canon_handshake(name.p, name.n);
}

static int on_message(txi_parser *p, lstate *s, txi_sv t, const txi_linectx *l)
{
    txi_sv body = after(t, 4), name = body, details = {body.p + body.n, 0};
    const char *comma = memchr(body.p, ',', body.n);
    if (comma) {
        name = trim(body.p, (size_t)(comma - body.p));
        details = trim(comma + 1, (size_t)(body.p + body.n - comma - 1));
    }
    const char *m = message_name(name);
    if (!m)
        return 0;
    end_cur(p, s, l);
    if (strcmp(m, "ServerHello") != 0)
        negotiating_flush(p, s, l);
    s->expect_trusted = 0;
    s->next_chain = C_NONE;

    int sent;
    if (!strcmp(m, "ClientHello")) {
        new_handshake(p, s, s->read_hs);
        sent = s->role == TXI_ROLE_CLIENT;
    } else if (!strcmp(m, "Finished")) {
        if (s->ccs) {
            sent = s->ccs == 1;
        } else {
            int first = s->shd ? TXI_ROLE_CLIENT : TXI_ROLE_SERVER;
            int sender = s->nfin == 0 ? first : other_role(first);
            sent = s->role ? sender == s->role : !s->read_hs;
        }
        s->ccs = 0;
        s->nfin++;
        if (sent)
            s->fin_sent = 1;
        else
            s->fin_rcvd = 1;
    } else {
        int sender = sender_of(s, m);
        if (!s->role)
            s->role = s->read_hs ? other_role(sender) : sender;
        sent = sender == s->role;
        if (!strcmp(m, "ServerHelloDone"))
            s->shd = 1;
    }
    s->in_hs = 1;
    s->read_hs = 0;
    s->hello_last = !strcmp(m, "ClientHello");
    s->cur_sent = sent;
    s->seen = 1;

    const char *dir = sent ? "sent" : "received";
    txi_event *e = txi_emit_begin(p, TXE_HANDSHAKE, l);
    emit_str(p, e, TXF_MESSAGE, m, l);
    emit_str(p, e, TXF_DIRECTION, dir, l);
    if (!strcmp(m, "ClientHello")) {
        emit_sv(p, e, TXF_VERSION, details, l);
        s->cur = M_CLIENTHELLO;
        s->hello_body = 0;
        s->ev = e;
    } else if (!strcmp(m, "ServerHello")) {
        file_hs(p, s, e, l);
        s->cur = M_SERVERHELLO;
        s->ev = txi_emit_begin(p, TXE_NEGOTIATED, l);
        emit_sv(p, s->ev, TXF_VERSION, details, l);
    } else if (!strcmp(m, "Certificate")) {
        int server_cert = (s->role == TXI_ROLE_CLIENT) != sent;
        snprintf(s->certsrc, sizeof s->certsrc, "%s", server_cert ? "server" : "client");
        s->cur = M_CERTCHAIN;
        s->certmsg = e;
        s->certcount = 0;
        s->chain_printed = 0;
    } else {
        file_hs(p, s, e, l);
        s->cur = M_OTHER;
    }
    return 1;
}

/* "RandomCookie:  GMT: 1486723393 bytes = { ... }" of a hello we sent. */
static void random_cookie(txi_parser *p, lstate *s, txi_sv t)
{
    const char *g = SV_FIND(t.p, t.n, "GMT:");
    if (!g || !s->cur_sent)
        return;
    const char *q = g + 4, *end = t.p + t.n;
    while (q < end && *q == ' ')
        q++;
    int neg = q < end && *q == '-';
    if (neg)
        q++;
    unsigned long long v;
    if (txi_take_uint(&q, end, &v))
        return;
    int64_t tm = cookie_time(neg ? -(long long)v : (long long)v);
    if (tm == TXI_NO_TIME)
        return;
    txi_parser_saw_time(p, tm);
    if (s->ev)
        s->ev->time = tm;
}

/* "[A, B,C,, D]" -> one field per suite. */
static void suite_list(txi_parser *p, txi_event *e, txi_sv v, const txi_linectx *l)
{
    if (v.n && v.p[0] == '[') {
        v.p++;
        v.n--;
    }
    if (v.n && v.p[v.n - 1] == ']')
        v.n--;
    const char *q = v.p, *end = v.p + v.n;
    while (q < end) {
        const char *c = memchr(q, ',', (size_t)(end - q));
        const char *e2 = c ? c : end;
        if (room(e, 4))
            emit_suite(p, e, TXF_CIPHERS, trim(q, (size_t)(e2 - q)), l);
        q = c ? c + 1 : end;
    }
}

/* "Extension server_name, server_name: [type=host_name (0), value=x]" or
 * "... server_name: [host_name: x]". */
static void server_name(txi_parser *p, lstate *s, txi_sv t, const txi_linectx *l)
{
    const char *v = SV_FIND(t.p, t.n, "value=");
    size_t k = 6;
    if (!v) {
        v = SV_FIND(t.p, t.n, "host_name: ");
        k = 11;
    }
    if (!v)
        return;
    const char *q = v + k, *end = t.p + t.n, *r = q;
    while (r < end && *r != ']' && *r != ',')
        r++;
    txi_sv name = trim(q, (size_t)(r - q));
    if (!name.n)
        return;
    if (!s->sni) {
        s->sni = txi_emit_begin(p, TXE_SNI, l);
        emit_str(p, s->sni, TXF_DIRECTION, s->cur_sent ? "sent" : "received", l);
    }
    emit_sv(p, s->sni, TXF_NAME, name, l);
}

/* Lines of a message body.  Returns 1 if consumed. */
static int body_line(txi_parser *p, lstate *s, txi_sv t, const txi_linectx *l)
{
    static const char *const other[] = {
        "verify_data:", "Cert Types:", "Cert Authorities:", "Supported Signature Algorithms:",
        "Signature Algorithm ", "Server key:", "Client key:", "public x coord:", "public y coord:",
        "parameters:", "ECDH Public value:", "Random Secret:", "DH Modulus:", "DH Base:",
        "Server DH Public Key:", "Client DH Public Key:", "DH Public key:", "modulus:",
        "public exponent:", "<Empty>", "Signed with", "Session ID:", "Compression Method",
        "Extension ", "Unsupported extension", "RSA PreMasterSecret", NULL,
    };
    if (s->cur == M_CLIENTHELLO || s->cur == M_SERVERHELLO) {
        if (T_STARTS(t, "RandomCookie:")) {
            random_cookie(p, s, t);
            return 1;
        }
        if (s->cur == M_CLIENTHELLO && T_STARTS(t, "Cipher Suites:")) {
            suite_list(p, s->ev, after(t, 14), l);
            return 1;
        }
        if (s->cur == M_SERVERHELLO && t.n > 13 && txi_strncaseeq(t.p, "Cipher Suite:", 13)) {
            emit_suite(p, s->ev, TXF_CIPHER, after(t, 13), l);
            return 1;
        }
        if (s->cur == M_CLIENTHELLO && T_STARTS(t, "Extension server_name")) {
            server_name(p, s, t, l);
            return 1;
        }
    }
    if (s->cur == M_CERTCHAIN && T_EQ(t, "<Empty>")) {
        s->chain_printed = 1; /* the empty Certificate message of a client without a key */
        return 1;
    }
    if (s->cur == M_OTHER && t.n && t.p[0] == '<' && t.p[t.n - 1] == '>')
        return 1; /* a CA name of a CertificateRequest */
    for (int i = 0; other[i]; i++)
        if (starts(t.p, t.n, other[i]))
            return 1;
    return 0;
}

/* ---- certificates ----------------------------------------------------------------- */

static int brackets(txi_sv t)
{
    int d = 0;
    for (size_t i = 0; i < t.n; i++)
        d += t.p[i] == '[' ? 1 : t.p[i] == ']' ? -1 : 0;
    return d;
}

static void cert_begin(txi_parser *p, lstate *s, enum ctx ctx, int pos, txi_sv t, const txi_linectx *l)
{
    s->ctx = ctx;
    s->pos = pos;
    s->ext = X_NONE;
    s->want_to = s->unprefixed = s->have = 0;
    s->cert_lines = 0;
    s->depth = brackets(t);
    if (s->depth < 1)
        s->depth = 1;
    s->cert = NULL;
    if (ctx == C_KEYSTORE) {
        if (pos == 0) {
            if (!s->key)
                s->key = txi_emit_begin(p, TXE_KEYSTORE, l);
            s->cert = s->key;
        }
    } else if (ctx == C_TRUSTED) {
        s->cert = txi_emit_begin(p, TXE_TRUSTED, l);
    } else {
        const char *src = s->certsrc;
        if (ctx == C_LOCAL)
            src = s->role == TXI_ROLE_SERVER ? "server" : s->role == TXI_ROLE_CLIENT ? "client" : "local";
        else if (s->cur != M_CERTCHAIN)
            src = s->shd ? "client" : "server"; /* a chain whose message line was cut off */
        s->cert = txi_emit_begin(p, TXE_CERTIFICATE, l);
        txi_emit_fieldf(p, s->cert, TXF_POSITION, l, "%d", pos);
        emit_str(p, s->cert, TXF_SOURCE, src, l);
        if (s->cur == M_CERTCHAIN) {
            s->certcount++;
            s->chain_printed = 1;
        }
    }
    s->block = B_CERT;
    txi_parser_open_block(p, TXI_DIALECT_LEGACY);
}

static void cert_finish(txi_parser *p, lstate *s, const txi_linectx *l)
{
    txi_event *c = s->cert;
    s->cert = NULL;
    s->block = B_NONE;
    if (s->ctx == C_KEYSTORE || !c) {
        if (s->ctx == C_KEYSTORE && s->key)
            s->key_named = 1;
        return;
    }
    const char *subj = txi_ev_str(c, TXF_SUBJECT), *iss = txi_ev_str(c, TXF_ISSUER);
    if (!subj && !iss) {
        txi_emit_cancel(p, c);
        return;
    }
    if (subj && iss) {
        int self = strcmp(subj, iss) == 0;
        emit_str(p, c, TXF_SELF_SIGNED, self ? "true" : "false", NULL);
    }
    file_hs(p, s, c, l);
}

/* "Sun RSA public key, 2048 bits" -> RSA, 2048 */
static void cert_key(txi_parser *p, txi_event *c, txi_sv v, const txi_linectx *l)
{
    const char *pk = find_ci(v.p, v.n, " public key");
    if (!pk)
        return;
    const char *w = pk;
    while (w > v.p && w[-1] != ' ')
        w--;
    txi_emit_field(p, c, TXF_KEY_ALG, w, (size_t)(pk - w), l);
    const char *bits = SV_FIND(v.p, v.n, " bits");
    if (bits) {
        const char *d = bits;
        while (d > v.p && isdigit((unsigned char)d[-1]))
            d--;
        if (d < bits)
            txi_emit_field(p, c, TXF_KEY_SIZE, d, (size_t)(bits - d), l);
    }
}

static txi_sv strip_end(txi_sv v, char c)
{
    while (v.n && (v.p[v.n - 1] == c || v.p[v.n - 1] == ' '))
        v.n--;
    return v;
}

static void cert_validity(txi_parser *p, lstate *s, txi_sv v, const txi_linectx *l)
{
    /* v: "[From: Mon Nov 25 17:27:06 CST 2019," [ "To: ...]" ] */
    const char *from = SV_FIND(v.p, v.n, "From:");
    if (!from)
        return;
    txi_sv rest = trim(from + 5, (size_t)(v.p + v.n - from - 5));
    const char *to = SV_FIND(rest.p, rest.n, "To:");
    txi_sv nb = to ? trim(rest.p, (size_t)(to - rest.p)) : rest;
    nb = strip_end(nb, ',');
    if (nb.n && !(s->have & H_NB)) {
        s->have |= H_NB;
        txi_emit_field(p, s->cert, TXF_NOT_BEFORE, nb.p, nb.n, l);
    }
    if (to) {
        txi_sv na = strip_end(trim(to + 3, (size_t)(rest.p + rest.n - to - 3)), ']');
        if (na.n && !(s->have & H_NA)) {
            s->have |= H_NA;
            txi_emit_field(p, s->cert, TXF_NOT_AFTER, na.p, na.n, l);
        }
    } else {
        s->want_to = 1;
    }
}

static void cert_line(txi_parser *p, lstate *s, txi_sv t, const txi_linectx *l)
{
    txi_event *c = s->cert;
    if (T_STARTS(t, "[ "))
        t = after(t, 2);
    if (!c || !t.n)
        return;
    if (s->want_to && T_STARTS(t, "To:")) {
        s->want_to = 0;
        txi_sv na = strip_end(after(t, 3), ']');
        if (na.n && !(s->have & H_NA)) {
            s->have |= H_NA;
            txi_emit_field(p, c, TXF_NOT_AFTER, na.p, na.n, l);
        }
        return;
    }
    if (T_STARTS(t, "Subject: ") && !(s->have & H_SUBJECT)) {
        s->have |= H_SUBJECT;
        emit_sv(p, c, TXF_SUBJECT, after(t, 9), l);
    } else if (T_STARTS(t, "Issuer: ") && !(s->have & H_ISSUER)) {
        s->have |= H_ISSUER;
        emit_sv(p, c, TXF_ISSUER, after(t, 8), l);
    } else if (T_STARTS(t, "Signature Algorithm: ") && !(s->have & H_SIGALG)) {
        s->have |= H_SIGALG;
        txi_sv v = after(t, 21);
        const char *comma = memchr(v.p, ',', v.n);
        if (comma)
            v = trim(v.p, (size_t)(comma - v.p));
        emit_sv(p, c, TXF_SIG_ALG, v, l);
    } else if (T_STARTS(t, "Key:") && !(s->have & H_KEY)) {
        s->have |= H_KEY;
        cert_key(p, c, after(t, 4), l);
    } else if (T_STARTS(t, "Validity:")) {
        cert_validity(p, s, after(t, 9), l);
    } else if (T_STARTS(t, "SerialNumber:") && !(s->have & H_SERIAL)) {
        s->have |= H_SERIAL;
        txi_sv v = after(t, 13);
        if (v.n && v.p[0] == '[')
            v = after(v, 1);
        emit_sv(p, c, TXF_SERIAL, strip_end(v, ']'), l);
    } else if (T_STARTS(t, "SubjectAlternativeName [")) {
        s->ext = X_SAN;
    } else if (T_STARTS(t, "KeyUsage [")) {
        s->ext = X_KU;
    } else if (T_STARTS(t, "ExtendedKeyUsages [")) {
        s->ext = X_EKU;
    } else if (T_STARTS(t, "BasicConstraints:[") || T_STARTS(t, "BasicConstraints: [")) {
        s->ext = X_BC;
    } else if (t.p[0] == ']' || t.p[0] == '[' || T_STARTS(t, "ObjectId:") || T_STARTS(t, "Certificate Extensions")) {
        s->ext = X_NONE;
    } else if (s->ext == X_SAN) {
        if (!room(c, 12))
            return;
        if (T_STARTS(t, "DNSName: "))
            txi_emit_fieldf(p, c, TXF_SAN, l, "DNS:%.*s", (int)(t.n - 9), t.p + 9);
        else if (T_STARTS(t, "IPAddress: "))
            txi_emit_fieldf(p, c, TXF_SAN, l, "IP:%.*s", (int)(t.n - 11), t.p + 11);
    } else if ((s->ext == X_KU || s->ext == X_EKU) && room(c, 8)) {
        txi_emit_field(p, c, s->ext == X_KU ? TXF_KEY_USAGE : TXF_EXT_KEY_USAGE, t.p, t.n, l);
    } else if (s->ext == X_BC) {
        if (T_STARTS(t, "CA:")) {
            txi_emit_field(p, c, TXF_CA, t.p + 3, t.n - 3, l);
        } else if (T_STARTS(t, "PathLen:")) {
            txi_sv v = after(t, 8);
            if (v.n && isdigit((unsigned char)v.p[0]))
                emit_sv(p, c, TXF_PATHLEN, v, l);
        }
    }
}

/* ---- record lines ---------------------------------------------------------------- */

static const struct {
    const char *lit;
    enum verb verb;
} verbs[] = {
    {"WRITE: ", V_WRITE},
    {"READ: ", V_READ},
    {"RECV ", V_RECV},
    {"SEND ", V_SEND},
    {"handling exception: ", V_HANDLING},
    {"fatal error: ", V_FATAL_ERROR},
    {"fatal: engine already closed", V_RETHROW},
    {"called close", V_SKIP},
    {"closeInboundInternal()", V_SKIP},
    {"closeOutboundInternal()", V_SKIP},
    {"close invoked again", V_SKIP},
    {"setSoTimeout(", V_SKIP},
    {"received EOFException", V_SKIP},
    {"Exception while waiting for close", V_SKIP},
    {"SSLException while waiting for close", V_SKIP},
    {"waiting for close_notify", V_SKIP},
    {"Exception sending alert", V_SKIP},
};

static enum verb verb_at(const char *q, const char *end)
{
    size_t n = (size_t)(end - q);
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++) {
        if (!starts(q, n, verbs[i].lit))
            continue;
        const char *r = q + strlen(verbs[i].lit);
        switch (verbs[i].verb) {
        case V_WRITE:
        case V_READ:
            if (!SV_STARTS(r, (size_t)(end - r), "TLS") && !SV_STARTS(r, (size_t)(end - r), "SSL") &&
                !SV_STARTS(r, (size_t)(end - r), "DTLS"))
                return V_NONE;
            break;
        case V_RECV:
        case V_SEND:
            if (!txi_memmem(r, (size_t)(end - r) < 24 ? (size_t)(end - r) : 24, "ALERT:", 6))
                return V_NONE;
            break;
        case V_FATAL_ERROR:
            if (r >= end || !isdigit((unsigned char)*r))
                return V_NONE;
            break;
        case V_RETHROW:
            /* "fatal: engine already closed.  Rethrowing X: text": the exception
               once more, after "handling exception" / "fatal error" named it */
            if (!txi_memmem(r, (size_t)(end - r), "Rethrowing ", 11))
                return V_SKIP;
            break;
        default:
            break;
        }
        return verbs[i].verb;
    }
    return V_NONE;
}

/* "[thread, ]verb ..." -> thread, rest, verb (V_NONE if not a record line). */
static enum verb record_line(txi_sv t, txi_sv *thread, txi_sv *rest)
{
    const char *end = t.p + t.n;
    txi_sv u = t;
    if (u.n && u.p[0] == '.')
        u = after(u, 1); /* ".RECV TLSv1 ALERT:" as some pages print it */
    enum verb v = verb_at(u.p, end);
    if (v != V_NONE) {
        *thread = txi_sv_make(t.p, 0);
        *rest = u;
        return v;
    }
    size_t scan = t.n < TX_MAX_THREAD_NAME + 2 ? t.n : TX_MAX_THREAD_NAME + 2;
    for (size_t i = 1; i + 2 < scan; i++) {
        if (t.p[i] != ',' || t.p[i + 1] != ' ')
            continue;
        v = verb_at(t.p + i + 2, end);
        if (v != V_NONE) {
            *thread = txi_sv_make(t.p, i);
            *rest = txi_sv_make(t.p + i + 2, (size_t)(end - t.p - i - 2));
            return v;
        }
    }
    return V_NONE;
}

static enum rec record_type(txi_sv r)
{
    if (SV_FIND(r.p, r.n, "Handshake") || SV_FIND(r.p, r.n, "client hello"))
        return R_HANDSHAKE;
    if (SV_FIND(r.p, r.n, "Change Cipher Spec"))
        return R_CCS;
    if (SV_FIND(r.p, r.n, "Alert"))
        return R_ALERT;
    if (SV_FIND(r.p, r.n, "Application Data"))
        return R_APPDATA;
    return R_OTHER;
}

/* "RECV TLSv1.2 ALERT:  fatal, handshake_failure" / "SEND ... ALERT:  fatal, description = x" */
static void on_alert(txi_parser *p, lstate *s, const tname *thr, txi_sv r, int local, const txi_linectx *l)
{
    const char *a = SV_FIND(r.p, r.n, "ALERT:");
    if (!a)
        return;
    txi_sv v = trim(a + 6, (size_t)(r.p + r.n - a - 6));
    const char *comma = memchr(v.p, ',', v.n);
    txi_sv level = comma ? trim(v.p, (size_t)(comma - v.p)) : v;
    txi_sv desc = comma ? trim(comma + 1, (size_t)(v.p + v.n - comma - 1)) : txi_sv_make(v.p + v.n, 0);
    if (T_STARTS(desc, "description ="))
        desc = after(desc, 13);
    txi_event *e = txi_emit_begin(p, TXE_ALERT, l);
    emit_sv(p, e, TXF_LEVEL, level, l);
    emit_sv(p, e, TXF_DESCRIPTION, desc, l);
    emit_str(p, e, TXF_ORIGIN, local ? "local" : "peer", l);
    if (!local || !T_EQ(level, "fatal")) {
        file_thr(p, s, e, thr);
        return;
    }
    /* A local fatal alert: its reason is the exception printed just
     * before or just after it on the same thread. */
    if (s->exc_reason[0] && tn_eq(&s->exc_thr, thr) && l->no - s->exc_line <= TX_LEGACY_HOLD_LINES) {
        emit_str(p, e, TXF_MESSAGE, s->exc_reason, l);
        s->exc_reason[0] = '\0';
        file_thr(p, s, e, thr);
        return;
    }
    release_held(p, s);
    s->held = e;
    s->held_thr = *thr;
    s->held_line = l->no;
}

static void exception_done(txi_parser *p, lstate *s, txi_event *e, const tname *thr, txi_sv text,
                           const txi_linectx *l)
{
    exception_fields(p, e, text, l);
    s->last_exc = 1;
    size_t k = class_at(text.p, text.p + text.n);
    txi_sv reason = strip_classes(k && k < text.n ? after(text, k + 1) : text);
    if (s->held && tn_eq(&s->held_thr, thr) && reason.n) {
        txi_emit_field(p, s->held, TXF_MESSAGE, reason.p, reason.n, l);
        release_held(p, s);
        s->exc_reason[0] = '\0';
    } else {
        snprintf(s->exc_reason, sizeof s->exc_reason, "%.*s", (int)reason.n, reason.p);
        s->exc_thr = *thr;
        s->exc_line = l->no;
    }
    file_thr(p, s, e, thr);
}

/* The deferred exception: its text ended in ':' and may go on on the next line. */
static void exc_finish(txi_parser *p, lstate *s, const txi_linectx *l)
{
    txi_event *e = s->exc;
    if (!e)
        return;
    s->exc = NULL;
    txi_linectx first = {s->exc_text, s->exc_len, s->exc_text, s->exc_len, s->exc_no, TXI_NO_TIME, NULL};
    exception_done(p, s, e, &s->exc_t, txi_sv_make(s->exc_text, s->exc_len), l ? l : &first);
}

static void on_record(txi_parser *p, lstate *s, enum verb v, txi_sv th, txi_sv r, const txi_linectx *l)
{
    tname thr;
    tn_set(&thr, th.p, th.n);
    enum rec rt = (v == V_WRITE || v == V_READ) ? record_type(r) : R_OTHER;
    int v2hello = v == V_WRITE && SV_FIND(r.p, r.n, "SSLv2 client hello");
    end_cur(p, s, l);
    learn_thread(p, s, &thr, rt, v == V_WRITE && rt == R_HANDSHAKE);
    s->seen = 1;

    switch (v) {
    case V_WRITE:
    case V_READ:
        if (rt == R_CCS)
            s->ccs = v == V_WRITE ? 1 : 2;
        if (v == V_READ && rt == R_HANDSHAKE)
            s->read_hs = 1;
        if (rt == R_APPDATA && !s->appdata) {
            /* "main, READ: TLSv1.2 Application Data, length = 1456": application
             * data flows only once the handshake is over (this format is JDK 8's,
             * without TLS 1.3); filed once per handshake, so an excerpt that starts
             * after it shows a completed connection */
            s->appdata = 1;
            txi_event *e = txi_emit_begin(p, TXE_HANDSHAKE, l);
            emit_str(p, e, TXF_MESSAGE, "ApplicationData", l);
            emit_str(p, e, TXF_DIRECTION, v == V_READ ? "received" : "sent", l);
            file_thr(p, s, e, &thr);
        }
        if (v == V_WRITE && !v2hello) {
            txi_sv ver = after(r, 7);
            const char *sp = memchr(ver.p, ' ', ver.n);
            snprintf(s->write_ver, sizeof s->write_ver, "%.*s", (int)(sp ? (size_t)(sp - ver.p) : ver.n), ver.p);
        }
        if (v2hello) {
            if (s->pend_hello) {
                emit_str(p, s->pend_hello, TXF_VERSIONS, "SSLv2Hello", l);
            } else if (!s->hello_last) {
                /* The hello itself was not printed (an excerpt): the record says it all. */
                new_handshake(p, s, 0);
                set_hs(s, &thr);
                s->in_hs = 1;
                s->hello_last = 1;
                txi_event *e = txi_emit_begin(p, TXE_HANDSHAKE, l);
                emit_str(p, e, TXF_MESSAGE, "ClientHello", l);
                emit_str(p, e, TXF_DIRECTION, "sent", l);
                if (s->write_ver[0])
                    emit_str(p, e, TXF_VERSION, s->write_ver, l);
                emit_str(p, e, TXF_VERSIONS, "SSLv2Hello", l);
                file_thr(p, s, e, &thr);
            }
        }
        break;
    case V_RECV:
    case V_SEND:
        on_alert(p, s, &thr, r, v == V_SEND, l);
        break;
    case V_HANDLING: {
        txi_sv text = after(r, 20);
        txi_event *e = txi_emit_begin(p, TXE_EXCEPTION, l);
        if (text.n && text.p[text.n - 1] == ':' && e) {
            /* "Received fatal alert:" with the alert on the next line (a wrapped paste) */
            s->exc = e;
            s->exc_t = thr;
            s->exc_len = text.n < sizeof s->exc_text ? text.n : sizeof s->exc_text - 1;
            memcpy(s->exc_text, text.p, s->exc_len);
            s->exc_no = l->no;
            s->block = B_EXC_WRAP;
            txi_parser_open_block(p, TXI_DIALECT_LEGACY);
        } else {
            exception_done(p, s, e, &thr, text, l);
        }
        break;
    }
    case V_RETHROW: {
        /* the same exception again: an event only while the log has shown no other
           (an excerpt of the rethrow lines alone, or a grep for them) */
        if (s->last_exc)
            break;
        const char *at = txi_memmem(r.p, r.n, "Rethrowing ", 11);
        txi_sv text = trim(at + 11, (size_t)(r.p + r.n - at - 11));
        if (text.n)
            exception_done(p, s, txi_emit_begin(p, TXE_EXCEPTION, l), &thr, text, l);
        break;
    }
    case V_FATAL_ERROR: {
        /* "fatal error: 80: text" then the throwable on the next line */
        txi_sv text = after(r, 13);
        const char *colon = memchr(text.p, ':', text.n);
        txi_sv diag = colon ? trim(colon + 1, (size_t)(text.p + text.n - colon - 1)) : text;
        txi_event *e = txi_emit_begin(p, TXE_EXCEPTION, l);
        if (!e)
            break;
        s->exc = e;
        s->exc_t = thr;
        s->exc_len = diag.n < sizeof s->exc_text ? diag.n : sizeof s->exc_text - 1;
        memcpy(s->exc_text, diag.p, s->exc_len);
        s->exc_no = l->no;
        s->block = B_FATAL_CAUSE;
        txi_parser_open_block(p, TXI_DIALECT_LEGACY);
        break;
    }
    default:
        break;
    }
}

/* ---- stores ------------------------------------------------------------------------ */

/* A listing longer than an event holds: a partial anchor list would make
 * every issuer past the cut look untrusted, so the subjects are dropped
 * (the count stays). */
static void drop_partial_subjects(txi_event *e, unsigned listed)
{
    unsigned n = 0, w = 0;
    for (unsigned i = 0; i < e->nfields; i++)
        n += e->fields[i].id == TXF_SUBJECTS;
    if (n >= listed)
        return;
    for (unsigned i = 0; i < e->nfields; i++)
        if (e->fields[i].id != TXF_SUBJECTS)
            e->fields[w++] = e->fields[i];
    e->nfields = (uint16_t)w;
}

static void trust_file(txi_parser *p, lstate *s)
{
    if (!s->trust)
        return;
    drop_partial_subjects(s->trust, s->trust_n);
    if (s->trust_init || s->trust_n)
        txi_emit_fieldf(p, s->trust, TXF_COUNT, NULL, "%u", s->trust_n);
    txi_emit_end(p, s->trust, NULL, 0);
    s->trust = NULL;
    s->trust_init = 0;
    s->trust_n = 0;
}

static void key_file(txi_parser *p, lstate *s)
{
    if (!s->key)
        return;
    txi_emit_end(p, s->key, NULL, 0);
    s->key = NULL;
    s->key_named = 0;
}

static void trust_begin(txi_parser *p, lstate *s, const txi_linectx *l)
{
    if (!s->trust) {
        s->trust = txi_emit_begin(p, TXE_TRUSTSTORE, l);
        s->trust_init = 0;
        s->trust_n = 0;
    }
}

/* "trustStore type is : jks" (Sun) / "trustStore type is: jks" (IBM) */
static txi_sv store_value(txi_sv t, size_t k)
{
    txi_sv v = after(t, k);
    if (v.n && v.p[0] == ':')
        v = after(v, 1);
    return v;
}

/* A line of the truststore listing?  Consumes it. */
static int trust_line(txi_parser *p, lstate *s, txi_sv t, const txi_linectx *l)
{
    if (T_STARTS(t, "trustStore type is")) {
        emit_sv(p, s->trust, TXF_STORE_TYPE, store_value(t, 18), l);
        return 1;
    }
    if (T_STARTS(t, "trustStore provider is") || T_STARTS(t, "Issuer:") || T_STARTS(t, "Algorithm:") ||
        T_STARTS(t, "Valid from") || T_STARTS(t, "adding as trusted cert"))
        return 1;
    if (T_STARTS(t, "init truststore")) {
        s->trust_init = 1;
        return 1;
    }
    if (T_STARTS(t, "Subject:")) {
        s->trust_n++;
        emit_sv(p, s->trust, TXF_SUBJECTS, after(t, 8), l);
        return 1;
    }
    return 0;
}

static int key_line(txi_parser *p, lstate *s, txi_sv t, const txi_linectx *l)
{
    if (T_STARTS(t, "keyStore type is")) {
        emit_sv(p, s->key, TXF_STORE_TYPE, store_value(t, 16), l);
        return 1;
    }
    return T_STARTS(t, "keyStore provider is") || T_STARTS(t, "init keystore") ||
           T_STARTS(t, "init keymanager of type");
}

/* ---- the line hook ---------------------------------------------------------------- */

static void notice(txi_parser *p, lstate *s, const char *level, txi_sv text, const txi_linectx *l)
{
    txi_event *e = txi_emit_begin(p, TXE_NOTICE, l);
    emit_str(p, e, TXF_LEVEL, level, l);
    emit_sv(p, e, TXF_TEXT, text, l);
    file_hs(p, s, e, l);
}

static const char *const skips[] = {
    "trigger seeding of SecureRandom", "done seeding SecureRandom", "Allow unsafe renegotiation:",
    "Allow legacy hello messages:", "Is initial handshake:", "Is secure renegotiation:",
    "Using SSLEngineImpl.", "Using SSLSocketImpl.", "Ignoring unsupported cipher suite:",
    "Ignoring unavailable cipher suite:", "Ignoring disabled protocol:",
    "Ignoring disabled cipher suite:", "Ignoring obsoleted cipher suite:", "SESSION KEYGEN:",
    "PreMaster Secret:", "CONNECTION KEYGEN:", "Client Nonce:", "Server Nonce:", "Master Secret:",
    "Client MAC write Secret:", "Server MAC write Secret:", "Client write key:", "Server write key:",
    "Client write IV:", "Server write IV:", "... no IV", "[Raw write", "[Raw read",
    "[write] MD5 and SHA1 hashes:", "[read] MD5 and SHA1 hashes:", "init keymanager of type",
    "trustStore provider is", "keyStore provider is", "init truststore", "init keystore", NULL,
};

/* "[Session-3, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]": the suite after the comma
 * in *suite; 0 if there is no comma. */
static int session_suite(txi_sv v, txi_sv *suite)
{
    const char *comma = memchr(v.p, ',', v.n);
    if (!comma)
        return 0;
    *suite = strip_end(trim(comma + 1, (size_t)(v.p + v.n - comma - 1)), ']');
    return 1;
}

static int legacy_line(txi_parser *p, const txi_linectx *l)
{
    lstate *s = st(p);
    if (s->npend && l->no - s->pend_since > TX_LEGACY_PENDING_LINES) {
        flush_pending(p, s, s->hs_known ? &s->hs : &no_thread);
        if (!s->hs_known) {
            s->hs = no_thread;
            s->hs_known = 1;
            s->want_thread = 0;
        }
    }
    if (s->held && l->no - s->held_line > TX_LEGACY_HOLD_LINES)
        release_held(p, s);

    txi_sv t = trim(l->p, l->n);
    /* The hello's thread is known (its WRITE was the last line); only the
     * SSLv2 form of that record may still amend it. */
    if (s->npend && s->hs_known && !SV_FIND(t.p, t.n, "SSLv2 client hello"))
        flush_pending(p, s, &s->hs);
    if (!t.n)
        return 0;

    /* The store listings end at the first line that is not theirs. */
    if (s->trust) {
        if (trust_line(p, s, t, l))
            return 1;
        trust_file(p, s);
    }
    if (s->key) {
        if (key_line(p, s, t, l))
            return 1;
        /* "found key for" and its chain belong to the listing; "***" ends it */
        if (!T_STARTS(t, "chain [") && !T_STARTS(t, "found key for"))
            key_file(p, s);
    }

    if (T_EQ(t, "***")) {
        end_cur(p, s, l);
        s->next_chain = C_NONE;
        if (s->seen)
            return 1;
        return 0;
    }
    if (T_STARTS(t, "*** "))
        return on_message(p, s, t, l);

    if (T_STARTS(t, "chain [")) {
        const char *q = t.p + 7, *end = t.p + t.n;
        unsigned long long n;
        if (txi_take_uint(&q, end, &n) || txi_skip_lit(&q, end, "] = ["))
            return 0;
        enum ctx ctx = s->cur == M_CERTCHAIN ? C_MSG : s->next_chain ? s->next_chain : C_MSG;
        cert_begin(p, s, ctx, (int)(n > 1000 ? 1000 : n), t, l);
        s->seen = 1;
        return 1;
    }
    int expect_trusted = s->expect_trusted;
    s->expect_trusted = 0;
    if (expect_trusted && (T_EQ(t, "[") || T_STARTS(t, "[ "))) {
        cert_begin(p, s, C_TRUSTED, 0, t, l);
        cert_line(p, s, after(t, 1), l);
        return 1;
    }
    if (T_STARTS(t, "Found trusted certificate")) {
        end_cur(p, s, l);
        s->expect_trusted = 1;
        s->seen = 1;
        return 1;
    }
    if (T_STARTS(t, "%% ")) {
        s->seen = 1;
        txi_sv suite;
        int closed = T_STARTS(t, "%% Invalidated:");
        if (closed || T_STARTS(t, "%% Cached client session:") || T_STARTS(t, "%% Cached server session:")) {
            /* an invalidated session closes the connection; a cached one says its
               handshake completed (JSSE caches a session once it is over) */
            txi_event *e = txi_emit_begin(p, closed ? TXE_CLOSE : TXE_NEGOTIATED, l);
            if (closed)
                emit_str(p, e, TXF_REASON, "invalidated", l);
            if (session_suite(after(t, closed ? 15 : 25), &suite))
                emit_suite(p, e, TXF_CIPHER, suite, l);
            if (!closed)
                emit_str(p, e, TXF_TEXT, "connected", l);
            end_cur(p, s, l);
            file_hs(p, s, e, l);
        } else if (T_STARTS(t, "%% Negotiating:") && session_suite(after(t, 15), &suite)) {
            negotiating(p, s, suite, l);
        }
        return 1;
    }

    txi_sv th, rest;
    enum verb v = record_line(t, &th, &rest);
    if (v != V_NONE) {
        on_record(p, s, v, th, rest, l);
        return 1;
    }

    if (T_STARTS(t, "default context init failed: ")) {
        /* DefaultSSLContextImpl: the default keystore or truststore did not load */
        txi_event *e = txi_emit_begin(p, TXE_EXCEPTION, l);
        tname thr = s->rec_known ? s->rec : no_thread;
        exception_done(p, s, e, &thr, after(t, 29), l);
        s->seen = 1;
        return 1;
    }
    if (T_STARTS(t, "adding as trusted cert")) {
        trust_begin(p, s, l);
        s->seen = 1;
        return 1;
    }
    if (T_STARTS(t, "trustStore is:")) {
        trust_begin(p, s, l);
        emit_sv(p, s->trust, TXF_PATH, after(t, 14), l);
        return 1;
    }
    if (T_STARTS(t, "trustStore type is")) {
        trust_begin(p, s, l);
        emit_sv(p, s->trust, TXF_STORE_TYPE, store_value(t, 18), l);
        return 1;
    }
    if (T_STARTS(t, "keyStore is")) {
        s->key = txi_emit_begin(p, TXE_KEYSTORE, l);
        s->key_named = 0;
        txi_sv v2 = store_value(t, 11);
        txi_emit_field(p, s->key, TXF_PATH, v2.p, v2.n, l);
        return 1;
    }
    if (T_STARTS(t, "keyStore type is")) {
        if (!s->key)
            s->key = txi_emit_begin(p, TXE_KEYSTORE, l);
        emit_sv(p, s->key, TXF_STORE_TYPE, store_value(t, 16), l);
        return 1;
    }
    if (T_STARTS(t, "found key for")) {
        if (s->key && s->key_named)
            key_file(p, s);
        if (!s->key)
            s->key = txi_emit_begin(p, TXE_KEYSTORE, l);
        emit_sv(p, s->key, TXF_NAME, store_value(t, 13), l);
        s->key_named = 1;
        s->next_chain = C_KEYSTORE;
        s->seen = 1;
        return 1;
    }
    const char *ma = SV_FIND(t.p, t.n < 64 ? t.n : 64, "matching alias:");
    if (ma && (ma == t.p || ma[-1] == ' ')) {
        notice(p, s, "info", t, l);
        s->next_chain = C_LOCAL;
        return 1;
    }
    if (T_STARTS(t, "Warning: ") &&
        (s->seen || SV_FIND(t.p, t.n, "no suitable certificate") || SV_FIND(t.p, t.n, "renegotiation"))) {
        notice(p, s, "warning", t, l);
        return 1;
    }
    if (s->cur != M_NONE && body_line(p, s, t, l)) {
        s->hello_body |= s->cur == M_CLIENTHELLO;
        return 1;
    }
    if (t.n > 17 && txi_strncaseeq(t.p, "Cipher suite:", 13)) {
        /* an excerpt that kept the suite line of a ServerHello but not the hello */
        txi_sv suite = after(t, 13);
        if (T_STARTS(suite, "TLS_") || T_STARTS(suite, "SSL_")) {
            negotiating(p, s, suite, l);
            return 1;
        }
    }
    if (T_STARTS(t, "Padded plaintext") || T_STARTS(t, "Plaintext before ENCRYPTION") ||
        T_STARTS(t, "Plaintext after DECRYPTION")) {
        txi_parser_count_plaintext(p);
        return 1;
    }
    if (t.n > 3 && t.p[0] == '*' && t.p[1] == '*' && t.p[2] == ' ' && s->seen)
        return 1; /* "** TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384" */
    for (int i = 0; skips[i]; i++) {
        if (starts(t.p, t.n, skips[i])) {
            s->seen = 1;
            return 1;
        }
    }
    return 0;
}

/* ---- open blocks ------------------------------------------------------------------- */

/* Does this line start something else (the certificate dump was cut short)? */
static int cert_interrupted(const lstate *s, txi_sv t, const txi_linectx *l)
{
    static const char *const heads[] = {"***", "chain [", "Found trusted certificate", "%%",
                                         "adding as trusted cert", "trustStore is", "keyStore is",
                                         "found key for", NULL};
    for (int i = 0; heads[i]; i++)
        if (starts(t.p, t.n, heads[i]))
            return 1;
    if (txi_ssllogger_prefix(t.p, t.n)) /* an SSLLogger header */
        return 1;
    if (SV_FIND(t.p, t.n < 64 ? t.n : 64, "matching alias:"))
        return 1;
    /* A dump is one println: only its first line has a framework prefix. */
    if (s->unprefixed && l->p != l->raw)
        return 1;
    /* A timestamped log line: "[3/3/10 11:30:11:984 JST] ..." or "2013-06-04 09:32:28 ..." */
    txi_sv r = trim(l->raw, l->rawn);
    if (r.n > 8 && r.p[0] == '[' && isdigit((unsigned char)r.p[1])) {
        size_t i = 1;
        while (i < r.n && i < 6 && isdigit((unsigned char)r.p[i]))
            i++;
        if (i < r.n && (r.p[i] == '/' || r.p[i] == '-' || r.p[i] == '.'))
            return 1;
    }
    if (r.n > 10 && isdigit((unsigned char)r.p[0]) && isdigit((unsigned char)r.p[3]) && r.p[4] == '-' &&
        r.p[7] == '-')
        return 1;
    txi_sv th, rest;
    return record_line(t, &th, &rest) != V_NONE;
}

static int legacy_cont(txi_parser *p, const txi_linectx *l)
{
    lstate *s = st(p);
    txi_sv t = trim(l->p, l->n);
    switch (s->block) {
    case B_EXC_WRAP: {
        /* "  handshake_failure" completes "Received fatal alert:" */
        int word = t.n > 0 && t.n < 64;
        for (size_t i = 0; i < t.n && word; i++)
            word = islower((unsigned char)t.p[i]) || t.p[i] == '_';
        s->block = B_NONE;
        if (word && s->exc_len + 1 + t.n < sizeof s->exc_text) {
            s->exc_text[s->exc_len++] = ' ';
            memcpy(s->exc_text + s->exc_len, t.p, t.n);
            s->exc_len += t.n;
            exc_finish(p, s, l);
            return TXI_DL_DONE;
        }
        exc_finish(p, s, NULL);
        return TXI_DL_NOTMINE;
    }
    case B_FATAL_CAUSE: {
        /* the throwable of an SSLEngine "fatal error:" line */
        s->block = B_NONE;
        if (class_at(t.p, t.p + t.n)) {
            if (t.n >= sizeof s->exc_text)
                t.n = sizeof s->exc_text - 1;
            memcpy(s->exc_text, t.p, t.n);
            s->exc_len = t.n;
            exc_finish(p, s, l);
            return TXI_DL_DONE;
        }
        exc_finish(p, s, NULL);
        return TXI_DL_NOTMINE;
    }
    case B_CERT:
        break;
    default:
        return TXI_DL_NOTMINE;
    }
    if (txi_is_hexdump(l->p, l->n)) {
        txi_parser_count_hexdump(p);
        return TXI_DL_MORE;
    }
    if (cert_interrupted(s, t, l) || ++s->cert_lines > TX_LEGACY_MAX_CERT_LINES) {
        cert_finish(p, s, l);
        return TXI_DL_NOTMINE;
    }
    if (t.n && l->p == l->raw)
        s->unprefixed = 1;
    cert_line(p, s, t, l);
    s->depth += brackets(t);
    if (s->depth <= 0) {
        cert_finish(p, s, l);
        return TXI_DL_DONE;
    }
    return TXI_DL_MORE;
}

/* End of input: file everything that was read, in order.  Idempotent. */
static void legacy_flush(txi_parser *p)
{
    lstate *s = st(p);
    if (s->block == B_CERT)
        cert_finish(p, s, NULL);
    s->block = B_NONE;
    exc_finish(p, s, NULL);
    if (s->cur == M_CLIENTHELLO && s->hello_body)
        txi_parser_input_cut(p); /* a ClientHello's dump always ends with "***" */
    end_cur(p, s, NULL);
    negotiating_flush(p, s, NULL);
    release_held(p, s);
    if (s->npend)
        flush_pending(p, s, s->hs_known ? &s->hs : &no_thread);
    trust_file(p, s);
    key_file(p, s);
}

/* A negotiated suite from a "Negotiating:" line.  It may come before the
 * ServerHello (which then names the suite itself), after it (nothing new),
 * or in a fragment without one (filed with the next message). */
static void negotiating(txi_parser *p, lstate *s, txi_sv suite, const txi_linectx *l)
{
    char buf[96];
    txi_legacy_suite(suite.p, suite.n, buf, sizeof buf);
    if (!buf[0] || !strcmp(buf, s->nego_cipher))
        return;
    if (s->nego_cipher[0]) {
        snprintf(s->nego_cipher, sizeof s->nego_cipher, "%s", buf);
        txi_event *e = txi_emit_begin(p, TXE_NEGOTIATED, l);
        emit_str(p, e, TXF_CIPHER, buf, l);
        file_hs(p, s, e, l);
        return;
    }
    snprintf(s->neg_hint, sizeof s->neg_hint, "%s", buf);
    txi_emit_cancel(p, s->neg_ev);
    s->neg_ev = txi_emit_begin(p, TXE_NEGOTIATED, l);
    emit_str(p, s->neg_ev, TXF_CIPHER, buf, l);
}

/* The hint was not used by a ServerHello: file it on its own. */
static void negotiating_flush(txi_parser *p, lstate *s, const txi_linectx *l)
{
    if (!s->neg_hint[0])
        return;
    snprintf(s->nego_cipher, sizeof s->nego_cipher, "%s", s->neg_hint);
    s->neg_hint[0] = '\0';
    txi_event *e = s->neg_ev;
    s->neg_ev = NULL;
    file_hs(p, s, e, l);
}

void txi_legacy_negotiating(txi_parser *p, const txi_linectx *l, const char *suite, size_t n)
{
    negotiating(p, st(p), txi_sv_make(suite, n), l);
}

const txi_dialect txi_dialect_legacy = {
    .name = "legacy",
    .desc = "SunJSSE debug text of JDK <= 8 (*** ClientHello, %% Invalidated, main, WRITE: ...)",
    .state_size = sizeof(lstate),
    .state_zero = offsetof(lstate, alias),
    .line = legacy_line,
    .cont = legacy_cont,
    .flush = legacy_flush,
};
