/*
 * dialect_app.c - what the application printed around the JSSE output:
 * Java stack traces, log-framework lines and their timestamps, and the
 * lines of our probe (fixtures/lab/probe/TlsProbe.java).
 *
 * This dialect is last in dialects.def: it sees only the lines the
 * SSLLogger, IBM and legacy dialects did not take, and while a stack trace
 * is open it claims nothing but trace-shaped lines.
 *
 * Samples:
 *
 *   [INFO] Connecting to https://company.xmatters.example:57701/
 *   [INFO] Connected: TLSv1.3 TLS_AES_256_GCM_SHA384
 *   [ERROR] Could not connect to https://h.example:443/: javax.net.ssl.SSLHandshakeException: PKIX path ...
 *   javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider...
 *   	at java.base/sun.security.ssl.Alert.createSSLException(Alert.java:131)
 *   Caused by: sun.security.validator.ValidatorException: PKIX path building failed: ...
 *   	... 15 more
 *   Exception in thread "main" javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure
 *   2022-12-14T17:13:14.916+0800 [ERROR] [org.gradle...BuildExceptionReporter] Caused by: javax.net...
 *   2022-12-14T17:13:14.916+0800 [ERROR] [org.gradle...BuildExceptionReporter] 	at org.apache...
 *   2013-06-04 09:45:50 +0200 [main] INFO org.apache.qpid.client.AMQConnection - Unable to connect to broker at tcp://cbgc03:10128
 *   [2021-01-23 22:02:01,885] WARN Exception caught (org.apache.zookeeper.ClientCnxnSocketNetty)
 *   May 01, 2024 10:00:00 AM com.example.Client connect
 *   SEVERE: Could not connect: javax.net.ssl.SSLHandshakeException: (certificate_unknown) PKIX path ...
 *   !ENTRY org.eclipse.epp.mpc.ui 4 0 2026-03-19 11:15:34.052
 *   !MESSAGE Cannot open Eclipse Marketplace
 *   javax.net.ssl.SSLHandshakeException PKIX path building failed: ...        (no colon after the class)
 *   #error {:cause "..." :via [{:type javax.net.ssl.SSLHandshakeException :message "..."} ...]}   (Clojure)
 *   Execution error (SSLHandshakeException) at sun.security.ssl.Alert/createSSLException (Alert.java:131).
 *   ####<May 1, 2024 10:00:01 AM UTC> <Warning> <Security> ... <BEA-090477> <Certificate chain received from h - 1.2.3.4 was not trusted ...>
 *   ... WFLYCTL0013: Operation failed ... ELY01234: ...   /   CWWKO0801E: ...
 *   certpath: timestamp check failed                                              (-Djava.security.debug=certpath)
 *   jdk.TLSHandshake {  peerHost = "h"  peerPort = 443  protocolVersion = "TLSv1.3" ... }   (jfr print)
 *   ... SSLConnectionSocketFactory - Secure session established   / OkHttp Handshake{tlsVersion=TLS_1_3 ...}
 *   ... SslHandler : [id: 0x1, L:/a:1 - R:h/b:443] HANDSHAKEN: protocol:TLSv1.3 cipher suite:TLS_AES_128_GCM_SHA256
 *
 * Container/device frames and JSON records were removed / decoded by the
 * parser (frame.c) before a line gets here; a frame's level is l->level.
 *
 * Grammar of a stack trace (prefix = an app-log prefix the head line
 * carried, repeated on every trace line, as Gradle does; digits may differ):
 *
 *   trace    = head { [prefix] part }
 *   head     = [text] class [":" message]        -- class qualified, named *Exception|*Error|*Throwable
 *            | "Caused by: " class [":" message]  -- a trace whose head was cut off
 *   part     = blank* "at " frame
 *            | blank* "..." text                  -- "... 12 more", "... 3 common frames omitted"
 *            | blank* "Caused by: " class [":" message]
 *            | blank* "Suppressed: " ...          -- kept apart (suppressed), with its causes
 *            | "Wrapped by: " class [":" message]  -- log4j2 %rEx, root cause first
 *            | blank* "nested exception is:" NL blank* class [":" message]  -- JavaMail's cause
 *            | continuation                       -- after a message line ending in ':' or ','
 *            | "error:" hex ":" text              -- an OpenSSL error string going on with a message
 *   head    += class blank message                -- "Class message", at the start of a line only
 *
 * One "exception" event per trace, filed at the first line that is not
 * part of it (or at the end of input): class and message of the outermost
 * exception, causes ("Class: message" of each Caused by, outermost first),
 * root (the innermost), origin, and url/host/port when the texts name
 * the target.  A "Received fatal alert: X" also yields an "alert" event
 * unless JSSE debug output has already been read for this attempt.
 *
 * Cost: a line that is not ours costs a look at its first bytes, a
 * timestamp check and one memchr walk over its colons.  No allocation;
 * the state is a few fixed buffers.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect.h"
#include "limits.h"
#include "wrapper.h"

/* Causes kept per trace: the list is capped so that the fields of the
 * event (TX_MAX_FIELDS) always have room for root, origin and target. */

typedef struct {
    /* the open stack trace; its event lives in the scratch arena */
    txi_event *exc;
    char thread[64];       /* from 'Exception in thread "main"' */
    size_t threadlen;
    size_t headn;
    size_t curn;
    int cur_cause;         /* the last chain member is a cause (else the top) */
    const txi_line *cur_src;
    unsigned nframes, ncauses, ncont, nsupp;
    int fetch_seen;        /* a certpath fetch frame of this trace became a notice */
    unsigned store;        /* TXI_STORE_* bits of this trace's frames */
    unsigned store_hint;   /* TXI_STORE_* bits its frames suggest without proving */
    size_t framesn;
    unsigned member_frames; /* frames of the current chain member seen */
    size_t thrownn;
    int cont_ok;           /* the last message line ended in ':' or ',' */
    int cont_first;        /* the message's one continuation line is its first text (the head ended in ':') */
    int quote_open;        /* the head's message is in a quote its line did not close */
    char chan[24];         /* the Netty channel ("[id: 0x1a2b, L:/...") of the last handshake stated */
    size_t chann;
    int nested_next;       /* a JavaMail "nested exception is:" line: its cause comes next */
    int nested_cause;      /* the last cause came that way (its "Caused by:" repeats it) */
    size_t supp_indent;    /* inside "Suppressed:" at this indent + 1; 0 = not */
    size_t prefixlen;

    /* the previous line, kept when it named a URL ("Unable to connect to broker at tcp://...") */
    size_t prevn;
    uint64_t prev_no;
    uint64_t jul_no;       /* line of the last JUL header ("May 01, 2024 10:00:00 AM cls method") */

    /* time cache: the last normalized timestamp and its value */
    char tkey[48];
    size_t tkeyn;
    int64_t tval;

    /* JFR "jdk.TLSHandshake {" event being read (jfr print) */
    int jfr;               /* 1 + lines read in the event, 0 = not in one */
    char jfr_host[256], jfr_port[8], jfr_ver[24], jfr_cipher[96];
    txi_linectx jfr_line; /* only its number and time are used after the line */

    /* Clojure "#error {...}": inside one, and the :type waiting for its :message */
    int clj;
    char clj_type[TX_APP_MAX_TOKEN + 1];
    size_t clj_typen;

    /* the last line of the trace: its length with its prefix and its first
     * bytes (a line broken at a word by a width) */
    size_t last_rawn;
    int msg_line, prev_msg; /* this line / the line before was a message's text */
    int ossl_open;          /* the line before was an OpenSSL error string cut before its
                               "(file:line ...)" location: a paste's width broke it */
    char last_start[TX_APP_WRAP_SAME];
    /* attempts: JSSE debug lines read by the other dialects at the last
     * boundary (a target line or a filed trace), and traces filed since */
    uint64_t dbg_mark;
    uint64_t alert_mark; /* alert events filed at that boundary */
    unsigned traces;
    int heads_seen;      /* an exception head was read in this log */
    /* a trace whose head the log does not have (a paste that starts among its
       frames): filed at the end of the input if no exception head came at all */
    int hl;              /* 1: collecting its frames, 2: its run of frames ended */
    uint64_t hl_no;
    int64_t hl_time;
    size_t hl_linen, hl_rawn;
    size_t hl_off;       /* where the line's text starts after its prefix */
    size_t hl_framesn;
    unsigned hl_nframes, hl_store;
    int prev_state;      /* the line before was "java.lang.Thread.State: ..." (a thread dump) */
    uint64_t frame_no;   /* the line of the last frame seen outside any trace (0: none) */

    /* The texts (12.4 KB of the state's 13.9): not zeroed at first use
     * (state_zero), as each is read only up to its length above */
    char head[2048];       /* "Class: message" of the head line (probe duplicate check; headn) */
    char cur[TX_MAX_FIELD_VALUE]; /* text of the last chain member, for continuations (curn) */
    char frames[TX_APP_MAX_FRAMES_TEXT]; /* "frames": Class.method of each member's first frames (framesn) */
    char thrown[TX_APP_MAX_THROWN]; /* "thrown": the innermost member's first frame (thrownn) */
    char prefix[TX_APP_MAX_PREFIX]; /* (prefixlen) */
    char prev[TX_MAX_EVIDENCE_LINE]; /* (prevn) */
    char hl_line[TX_MAX_EVIDENCE_LINE]; /* the headless trace's first frame line, as read (hl_rawn) */
    char hl_frames[TX_APP_MAX_FRAMES_TEXT]; /* (hl_framesn) */
} astate;

static astate *st(txi_parser *p) { return txi_parser_state(p, TXI_DIALECT_APP); }

static uint64_t alert_events(txi_parser *p) { return txi_parser_stats(p)->alert_events; }

static uint64_t debug_lines(txi_parser *p)
{
    const txi_stats *s = txi_parser_stats(p);
    return s->dialect_lines[TXI_DIALECT_JDK11] + s->dialect_lines[TXI_DIALECT_IBM] +
           s->dialect_lines[TXI_DIALECT_LEGACY];
}

/* A linectx for a line already copied into an event (evidence of a field
 * added after its line has gone by). */
static txi_linectx line_of(const txi_line *ln, int64_t t)
{
    txi_linectx l = {ln->text, ln->len, ln->text, ln->len, ln->no, t, NULL};
    return l;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_blank(char c) { return c == ' ' || c == '\t'; }
static int is_ident(char c) { return isalnum((unsigned char)c) || c == '_' || c == '$'; }

static size_t indent_of(const char *p, size_t n)
{
    size_t i = 0;
    while (i < n && is_blank(p[i]))
        i++;
    return i;
}

static int ends_with(const char *p, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    return n >= k && memcmp(p + n - k, lit, k) == 0;
}

/* ---- timestamps ------------------------------------------------------------ */

/* "2024-05-01 10:00:00,123", "2022-12-14T17:13:14.916+0800",
 * "2013-06-04 09:45:50 +0200", "2024-09-20T15:41:56.282807+00:00" at q:
 * the length of the time with its zone, 0 if q holds none.  *zone and
 * *zonen get the zone (empty if none). */
static size_t iso_time(const char *q, const char *end, const char **zone, size_t *zonen)
{
    if (end - q < 19 || !txi_digits_at(q, end, 4) || q[4] != '-' || !txi_digits_at(q + 5, end, 2) || q[7] != '-' ||
        !txi_digits_at(q + 8, end, 2) || (q[10] != ' ' && q[10] != 'T') || !txi_digits_at(q + 11, end, 2) ||
        q[13] != ':' || !txi_digits_at(q + 14, end, 2) || q[16] != ':' || !txi_digits_at(q + 17, end, 2))
        return 0;
    size_t n = (size_t)(end - q), k = 19;
    if (k < n && (q[k] == '.' || q[k] == ',')) {
        k++;
        while (k < n && is_digit(q[k]))
            k++;
    }
    *zone = q + k;
    *zonen = 0;
    size_t z = k < n && q[k] == ' ' ? k + 1 : k;
    if (z < n && q[z] == 'Z' && (z + 1 == n || !is_ident(q[z + 1]))) {
        *zone = q + z;
        *zonen = 1;
        return z + 1;
    }
    if (z + 3 <= n && (q[z] == '+' || q[z] == '-') && is_digit(q[z + 1]) && is_digit(q[z + 2])) {
        size_t e = z + 3;
        if (e < n && q[e] == ':')
            e++;
        if (e + 2 <= n && is_digit(q[e]) && is_digit(q[e + 1]))
            e += 2;
        *zone = q + z;
        *zonen = e - z;
        return e;
    }
    if (z + 3 <= n && (memcmp(q + z, "UTC", 3) == 0 || memcmp(q + z, "GMT", 3) == 0) &&
        (z + 3 == n || !is_ident(q[z + 3]))) {
        *zone = q + z;
        *zonen = 3;
        return z + 3;
    }
    return k;
}

static int month_of(const char *s)
{
    static const char m[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    for (int i = 0; i < 12; i++)
        if (memcmp(s, m + 3 * i, 3) == 0)
            return i + 1;
    return 0;
}

/* Take 1..maxd digits as a number. */
static int take_num(const char **q, const char *end, int maxd, int *out)
{
    int v = 0, d = 0;
    while (*q < end && is_digit(**q) && d < maxd) {
        v = v * 10 + (**q - '0');
        (*q)++;
        d++;
    }
    *out = v;
    return d == 0;
}

/* JUL SimpleFormatter: "May 01, 2024 10:00:00 AM com.x.Y method" (12-hour
 * clock, local time without a zone). */
static int jul_time(const char *q, const char *end, char *key, size_t keyn)
{
    int mo, d, y, h, mi, s;
    if (end - q < 20 || !(mo = month_of(q)) || q[3] != ' ')
        return 0;
    const char *r = q + 4;
    if (take_num(&r, end, 2, &d) || txi_skip_lit(&r, end, ", ") || take_num(&r, end, 4, &y) ||
        txi_skip_lit(&r, end, " ") || take_num(&r, end, 2, &h) || txi_skip_lit(&r, end, ":") ||
        take_num(&r, end, 2, &mi) || txi_skip_lit(&r, end, ":") || take_num(&r, end, 2, &s) ||
        txi_skip_lit(&r, end, " "))
        return 0;
    if (end - r < 2 || r[1] != 'M' || (r[0] != 'A' && r[0] != 'P') || h < 1 || h > 12)
        return 0;
    h = h % 12 + (r[0] == 'P' ? 12 : 0);
    snprintf(key, keyn, "%04d-%02d-%02d %02d:%02d:%02d", y, mo, d, h, mi, s);
    return 1;
}

/* Tomcat's OneLineFormatter (catalina.out, the JULI default): "10-Apr-2017
 * 13:45:12.240 SEVERE [main] logger.method message" (dd-MMM-yyyy, local time
 * without a zone; the month in English). */
static int tomcat_time(const char *q, const char *end, char *key, size_t keyn)
{
    int mo, d, y, h, mi, s;
    const char *r = q;
    if (end - q < 20 || take_num(&r, end, 2, &d) || txi_skip_lit(&r, end, "-") || end - r < 4 || !(mo = month_of(r)) ||
        r[3] != '-')
        return 0;
    r += 4;
    if (take_num(&r, end, 4, &y) || txi_skip_lit(&r, end, " ") || take_num(&r, end, 2, &h) ||
        txi_skip_lit(&r, end, ":") || take_num(&r, end, 2, &mi) || txi_skip_lit(&r, end, ":") ||
        take_num(&r, end, 2, &s))
        return 0;
    if (y < 1970 || y > 9999 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 || (r < end && *r != '.' && *r != ' '))
        return 0;
    snprintf(key, keyn, "%04d-%02d-%02d %02d:%02d:%02d", y, mo, d, h, mi, s);
    return 1;
}

/* WebSphere "[3/3/10 11:30:11:828 JST]" (M/D/YY, the en_US form). */
static int websphere_time(const char *q, const char *end, char *key, size_t keyn)
{
    int mo, d, y, h, mi, s, ms;
    const char *r = q + 1;
    if (end - q < 20 || q[0] != '[' || take_num(&r, end, 2, &mo) || txi_skip_lit(&r, end, "/") ||
        take_num(&r, end, 2, &d) || txi_skip_lit(&r, end, "/") || take_num(&r, end, 4, &y) ||
        txi_skip_lit(&r, end, " ") || take_num(&r, end, 2, &h) || txi_skip_lit(&r, end, ":") ||
        take_num(&r, end, 2, &mi) || txi_skip_lit(&r, end, ":") || take_num(&r, end, 2, &s) ||
        txi_skip_lit(&r, end, ":") || take_num(&r, end, 3, &ms))
        return 0;
    if (mo > 12 && d <= 12) { /* a D/M/YY locale */
        int t = mo;
        mo = d;
        d = t;
    }
    if (y < 100)
        y += y < 70 ? 2000 : 1900;
    if (y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60)
        return 0;
    txi_sv zone = {r, 0};
    if (r < end && *r == ' ') {
        const char *z = r + 1;
        const char *zb = memchr(z, ']', (size_t)(end - z) < 12 ? (size_t)(end - z) : 12);
        if (zb)
            zone = txi_sv_make(z, (size_t)(zb - z));
    }
    snprintf(key, keyn, "%04d-%02d-%02d %02d:%02d:%02d %.*s", y, mo, d, h, mi, s, (int)zone.n, zone.p);
    return 1;
}

/* Report a normalized timestamp "YYYY-MM-DD HH:MM:SS[ zone]"; returns its
 * value.  The minute is cached: the seconds are added to it, so a log
 * costs one txi_parse_time per minute it covers. */
static int64_t saw_key(txi_parser *p, astate *s, const char *key, size_t n)
{
    char k[sizeof s->tkey];
    if (n >= sizeof k)
        n = sizeof k - 1;
    memcpy(k, key, n);
    int sec = 0;
    if (n >= 19 && k[16] == ':' && is_digit(k[17]) && is_digit(k[18])) {
        sec = (k[17] - '0') * 10 + (k[18] - '0');
        k[17] = k[18] = '0';
    }
    if (n != s->tkeyn || memcmp(k, s->tkey, n) != 0) {
        memcpy(s->tkey, k, n);
        s->tkeyn = n;
        s->tval = txi_parse_time(k, n);
    }
    int64_t t = s->tval == TXI_NO_TIME ? TXI_NO_TIME : s->tval + sec;
    txi_parser_saw_time(p, t);
    return t;
}

/* key = the 19 bytes of an ISO time at q, then " zone" if there is one. */
static size_t iso_key(char *key, const char *q, const char *zone, size_t zn)
{
    memcpy(key, q, 19);
    key[10] = ' ';
    if (zn > 8)
        zn = 8;
    if (!zn)
        return 19;
    key[19] = ' ';
    memcpy(key + 20, zone, zn);
    return 20 + zn;
}

/* The timestamp a line starts with, in any of the app-log forms, or
 * TXI_NO_TIME.  A few byte checks reject most lines. */
static int64_t line_time(txi_parser *p, astate *s, const txi_linectx *l)
{
    char key[48];
    const char *q = l->p, *end = l->p + l->n, *zone;
    size_t zn, k;
    /* WebSphere: the parser stripped the prefix, the time is in the raw line */
    if (l->raw != l->p && l->rawn > 20 && l->raw[0] == '[' && is_digit(l->raw[1]) &&
        websphere_time(l->raw, l->raw + l->rawn, key, sizeof key))
        return saw_key(p, s, key, strlen(key));
    /* a CI job's stamp the frame took off ("2024-05-01T10:00:00.1234567Z ",
       "[2024-05-01T10:00:00.123Z] "): the time of the line */
    if (l->raw != l->p && l->rawn > 20 && (is_digit(l->raw[0]) || (l->raw[0] == '[' && is_digit(l->raw[1])))) {
        const char *r = l->raw + (l->raw[0] == '['), *rend = l->raw + l->rawn;
        if (rend - r > 20 && r[10] == 'T' && (k = iso_time(r, rend, &zone, &zn)) != 0 && k < (size_t)(rend - r) &&
            (r[k] == ' ' || r[k] == ']'))
            return saw_key(p, s, key, iso_key(key, r, zone, zn));
    }
    if (q == end)
        return TXI_NO_TIME;
    char c = q[0];
    if (c == '[' && q + 1 < end && is_digit(q[1])) {
        if (websphere_time(q, end, key, sizeof key))
            return saw_key(p, s, key, strlen(key));
        q++;
    }
    if (is_digit(*q)) {
        if ((k = iso_time(q, end, &zone, &zn)) == 0)
            return end - q > 20 && q[2] == '-' && tomcat_time(q, end, key, sizeof key) ? saw_key(p, s, key, strlen(key))
                                                                                       : TXI_NO_TIME;
        return saw_key(p, s, key, iso_key(key, q, zone, zn));
    }
    if (c == '!' && SV_STARTS(q, l->n, "!ENTRY ")) {
        /* "!ENTRY bundle 4 0 2026-03-19 11:15:34.052": the date after the words */
        for (const char *r = q + 7; end - r >= 19; r++) {
            if (is_digit(*r) && (r[-1] == ' ') && iso_time(r, end, &zone, &zn)) {
                return saw_key(p, s, key, iso_key(key, r, zone, zn));
            }
        }
        return TXI_NO_TIME;
    }
    if (c >= 'A' && c <= 'S' && jul_time(q, end, key, sizeof key)) {
        s->jul_no = l->no;
        return saw_key(p, s, key, strlen(key));
    }
    return TXI_NO_TIME;
}

/* ---- exception heads ---------------------------------------------------- */

/* Throwables of the TLS, certificate, key-store and socket code that logs and
 * hand-copied excerpts print by their simple name ("SSLHandshakeException:
 * ...", a toString() without the package, a Kotlin or Groovy message): a head
 * in strict mode without a package only when it is one of these. */
static int simple_throwable(const char *t, size_t n)
{
    static const char *const names[] = {
        "SSLHandshakeException", "SSLException", "SSLPeerUnverifiedException", "SSLProtocolException",
        "SSLKeyException", "CertificateException", "CertificateExpiredException", "CertificateNotYetValidException",
        "CertificateParsingException", "CertificateRevokedException", "CertPathValidatorException",
        "CertPathBuilderException", "SunCertPathBuilderException", "ValidatorException", "KeyStoreException",
        "UnrecoverableKeyException", "UnrecoverableEntryException", "KeyManagementException",
        "InvalidAlgorithmParameterException", "NoSuchAlgorithmException", "NoSuchProviderException",
        "SignatureException", "InvalidKeyException", "GeneralSecurityException", "AEADBadTagException",
        "BadPaddingException", "ConnectException", "SocketException", "SocketTimeoutException",
        "UnknownHostException", "NoRouteToHostException", "EOFException", "FileNotFoundException",
        "NoSuchFileException", "AccessDeniedException", "NotSslRecordException", "SslHandshakeTimeoutException",
        NULL};
    if (n < 12 || !isupper((unsigned char)t[0]) || !ends_with(t, n, "Exception"))
        return 0;
    for (int i = 0; names[i]; i++)
        if (strlen(names[i]) == n && memcmp(names[i], t, n) == 0)
            return 1;
    /* any library's throwable whose name says it is about TLS, certificates,
       keys or the connection (nv-websocket's HostnameUnverifiedException,
       Kafka's SslAuthenticationException, Netty's ConnectTimeoutException) */
    static const char *const words[] = {"SSL", "Ssl", "TLS", "Tls", "Cert", "Handshake", "Hostname", "KeyStore",
                                        "Keystore", "Trust", "Connect", "Socket", "Timeout", "Proxy", NULL};
    for (int i = 0; words[i]; i++)
        if (txi_memmem(t, n, words[i], strlen(words[i])))
            return 1;
    return 0;
}

/* Is [t, t+n) a Java class name?  strict: qualified and named like a
 * throwable (…Exception, …Error, …Throwable, or Bouncy Castle's TLS alerts
 * TlsFatalAlert and TlsFatalAlertReceived, IOExceptions without the suffix),
 * or one of the simple names above. */
static int is_class(const char *t, size_t n, int strict)
{
    if (n < 2 || n > TX_APP_MAX_TOKEN || !(isalpha((unsigned char)t[0]) || t[0] == '_' || t[0] == '$'))
        return 0;
    const char *last = t;
    for (size_t i = 0; i < n; i++) {
        if (t[i] == '.') {
            if (i + 1 == n || t[i + 1] == '.')
                return 0;
            last = t + i + 1;
        } else if (!is_ident(t[i])) {
            return 0;
        }
    }
    if (!strict)
        return 1;
    size_t ln = (size_t)(t + n - last);
    if (last == t)
        return simple_throwable(t, n);
    /* a throwable's nested subclass: Spring's HttpClientErrorException$Forbidden,
       WebClientResponseException$Unauthorized */
    const char *dollar = memchr(last, '$', ln);
    if (dollar && dollar > last && (size_t)(dollar - last) + 1 < ln && isupper((unsigned char)dollar[1])) {
        size_t outer = (size_t)(dollar - last);
        if (isupper((unsigned char)last[0]) &&
            (ends_with(last, outer, "Exception") || ends_with(last, outer, "Error")))
            return 1;
    }
    return isupper((unsigned char)last[0]) &&
           (ends_with(last, ln, "Exception") || ends_with(last, ln, "Error") || ends_with(last, ln, "Throwable") ||
            ends_with(last, ln, "TlsFatalAlert") || ends_with(last, ln, "TlsFatalAlertReceived"));
}

/* The class token at the start of t (up to ':' or a blank). */
static size_t class_len(const char *t, size_t n)
{
    size_t i = 0;
    while (i < n && t[i] != ':' && !is_blank(t[i]) && i <= TX_APP_MAX_TOKEN)
        i++;
    return i;
}

/* Split "Class: message" (message may be absent). */
static void split_head(const char *t, size_t n, txi_sv *cls, txi_sv *msg)
{
    size_t k = class_len(t, n);
    *cls = txi_sv_make(t, k);
    const char *m = t + k, *end = t + n;
    if (m < end && *m == ':')
        m++;
    *msg = txi_sv_trim(txi_sv_make(m, (size_t)(end - m)));
}

/* Does t start with a throwable "Class: message" or a lone "Class"? */
static int starts_head(const char *t, size_t n, int strict)
{
    size_t k = class_len(t, n);
    if (!k || !is_class(t, k, strict))
        return 0;
    return k == n || t[k] == ':';
}

/* Find an exception head inside an app line: the first "Class:" whose class
 * looks like a throwable, or a lone class name ending the line.  Returns
 * the start of the class, or NULL. */
static const char *find_head(const char *p, size_t n)
{
    const char *end = p + n, *c = p;
    /* "javax.net.ssl.SSLHandshakeException PKIX path building failed" (a REPL
     * or a logger printing class and message apart): only at the start */
    size_t k = class_len(p, n);
    if (k < n && is_blank(p[k]) && is_class(p, k, 1) && memchr(p, '.', k))
        return p;
    while (c < end && (c = memchr(c, ':', (size_t)(end - c))) != NULL) {
        const char *t = c;
        while (t > p && (is_ident(t[-1]) || t[-1] == '.') && (size_t)(c - t) <= TX_APP_MAX_TOKEN)
            t--;
        if (t < c && is_class(t, (size_t)(c - t), 1) && (t == p || !is_ident(t[-1])))
            return t;
        c++;
    }
    txi_sv v = txi_sv_trim(txi_sv_make(p, n));
    if (v.n && (v.p[v.n - 1] == 'n' || v.p[v.n - 1] == 'r' || v.p[v.n - 1] == 'e')) {
        const char *e = v.p + v.n, *t = e;
        while (t > v.p && (is_ident(t[-1]) || t[-1] == '.') && (size_t)(e - t) <= TX_APP_MAX_TOKEN)
            t--;
        if (is_class(t, (size_t)(e - t), 1))
            return t;
    }
    return NULL;
}

/* ---- targets ------------------------------------------------------------- */

typedef struct {
    txi_sv url, host, port;
} target;

static int host_char(char c) { return isalnum((unsigned char)c) || c == '.' || c == '-' || c == '_' || c == '*'; }

/* "scheme://[user@]host[:port][/path]" in s: the first URL naming a host. */
static int find_url(const char *s, size_t n, target *t)
{
    const char *end = s + n, *c = s;
    while ((c = txi_memmem(c, (size_t)(end - c), "://", 3)) != NULL) {
        const char *b = c;
        while (b > s && (isalnum((unsigned char)b[-1]) || b[-1] == '+' || b[-1] == '-' || b[-1] == '.') &&
               c - b < 16)
            b--;
        const char *h = c + 3;
        c = h;
        if (b == c - 3 || !isalpha((unsigned char)*b) || SV_EQ(b, (size_t)(c - 3 - b), "file") ||
            SV_EQ(b, (size_t)(c - 3 - b), "jar"))
            continue;
        /* the URL runs to a blank, a quote or a bracket; the query is dropped */
        const char *ue = h;
        while (ue < end && !isspace((unsigned char)*ue) && *ue != '"' && *ue != '\'' && *ue != '<' &&
               *ue != '>' && *ue != '`' && *ue != '?' && *ue != '#')
            ue++;
        while (ue > h && strchr(".,;:)]}", ue[-1]))
            ue--;
        if (ue <= h)
            continue;
        const char *at = memchr(h, '@', (size_t)(ue - h)), *sl = memchr(h, '/', (size_t)(ue - h));
        if (at && (!sl || at < sl))
            h = at + 1;
        const char *he = h;
        if (he < ue && *he == '[') {
            const char *rb = memchr(he, ']', (size_t)(ue - he));
            if (!rb)
                continue;
            t->host = txi_sv_make(he + 1, (size_t)(rb - he - 1));
            he = rb + 1;
        } else {
            while (he < ue && host_char(*he))
                he++;
            t->host = txi_sv_make(h, (size_t)(he - h));
        }
        if (!t->host.n)
            continue;
        t->port = txi_sv_make(he, 0);
        if (he < ue && *he == ':') {
            const char *pe = he + 1;
            while (pe < ue && is_digit(*pe) && pe - he <= 5)
                pe++;
            t->port = txi_sv_make(he + 1, (size_t)(pe - he - 1));
        }
        t->url = txi_sv_make(b, (size_t)(ue - b));
        return 1;
    }
    return 0;
}

/* "host/1.2.3.4:443", "/1.2.3.4:443", "host:443" at q. */
static int host_port_at(const char *q, const char *end, target *t)
{
    const char *h = q;
    while (q < end && host_char(*q))
        q++;
    txi_sv host = txi_sv_make(h, (size_t)(q - h));
    if (q < end && *q == '/') {
        /* the address after the slash; the port follows its last ':' */
        const char *ip = ++q, *colon = NULL;
        while (q < end && (isxdigit((unsigned char)*q) || *q == '.' || *q == ':')) {
            if (*q == ':')
                colon = q;
            q++;
        }
        if (!colon)
            return 0;
        if (!host.n)
            host = txi_sv_make(ip, (size_t)(colon - ip));
        q = colon;
    }
    if (!host.n || q >= end || *q != ':' || q + 1 >= end || !is_digit(q[1]))
        return 0;
    const char *pe = q + 1;
    while (pe < end && is_digit(*pe) && pe - q <= 5)
        pe++;
    t->host = host;
    t->port = txi_sv_make(q + 1, (size_t)(pe - q - 1));
    return 1;
}

/* A host name alone or before ':' (UnknownHostException's message). */
static int host_word(const char *q, const char *end, target *t)
{
    const char *h = q;
    while (q < end && host_char(*q))
        q++;
    if (q == h || (q < end && *q != ':'))
        return 0;
    t->host = txi_sv_make(h, (size_t)(q - h));
    return 1;
}

/* The target a failure text names, in the JDK's and common clients' words. */
static int find_target(const char *cls, size_t cn, const char *m, size_t n, target *t)
{
    const char *end = m + n, *q;
    memset(t, 0, sizeof *t);
    if (find_url(m, n, t))
        return 1;
    if (SV_EQ(cls, cn, "java.net.UnknownHostException") && host_word(m, end, t))
        return 1;
    /* JNDI: "ldap.example.com:636 [Root exception is ...]" */
    if (SV_EQ(cls, cn, "javax.naming.CommunicationException") && host_port_at(m, end, t))
        return 1;
    /* JNDI "simple bind failed: host:636", the MongoDB driver's cluster view
       "address=host:27017", the DataStax driver's "endPoint=host/10.0.0.5:9042" */
    static const char *const hp[] = {"Connect to ", "connect to ", "Connection refused: ", "connection refused: ",
                                     "timed out: ", "simple bind failed: ", "{address=", "endPoint=", NULL};
    for (int i = 0; hp[i]; i++) {
        size_t k = strlen(hp[i]);
        if ((q = txi_memmem(m, n, hp[i], k)) != NULL && host_port_at(q + k, end, t))
            return 1;
    }
    static const char *const names[] = {"No subject alternative DNS name matching ", "No name matching ",
                                        "No subject alternative names matching IP address ",
                                        "Illegal given domain name: ", NULL};
    for (int i = 0; names[i]; i++) {
        size_t k = strlen(names[i]);
        if ((q = txi_memmem(m, n, names[i], k)) != NULL) {
            const char *h = q + k, *e = h;
            while (e < end && (host_char(*e) || *e == ':'))
                e++;
            if (e > h && e[-1] == '.')
                e--;
            if (e > h) {
                t->host = txi_sv_make(h, (size_t)(e - h));
                return 1;
            }
        }
    }
    return 0;
}

static void add_target(txi_parser *p, txi_event *e, const target *t, const txi_linectx *l)
{
    if (t->url.n && !txi_ev_get(e, TXF_URL))
        txi_emit_field(p, e, TXF_URL, t->url.p, t->url.n, l);
    if (t->host.n && !txi_ev_get(e, TXF_HOST)) {
        txi_emit_field(p, e, TXF_HOST, t->host.p, t->host.n, l);
        if (t->port.n && !txi_ev_get(e, TXF_PORT))
            txi_emit_field(p, e, TXF_PORT, t->port.p, t->port.n, l);
    }
}

/* ---- alerts in exception messages ---------------------------------------- */

static const char *const alert_names[] = {
    "close_notify", "unexpected_message", "bad_record_mac", "decryption_failed", "record_overflow",
    "decompression_failure", "handshake_failure", "no_certificate", "bad_certificate",
    "unsupported_certificate", "certificate_revoked", "certificate_expired", "certificate_unknown",
    "illegal_parameter", "unknown_ca", "access_denied", "decode_error", "decrypt_error",
    "export_restriction", "protocol_version", "insufficient_security", "internal_error",
    "inappropriate_fallback", "user_canceled", "no_renegotiation", "missing_extension",
    "unsupported_extension", "certificate_unobtainable", "unrecognized_name",
    "bad_certificate_status_response", "bad_certificate_hash_value", "unknown_psk_identity",
    "certificate_required", "no_application_protocol", NULL,
};

static int is_alert_name(const char *s, size_t n)
{
    for (int i = 0; alert_names[i]; i++)
        if (strlen(alert_names[i]) == n && memcmp(alert_names[i], s, n) == 0)
            return 1;
    return 0;
}

static txi_sv alert_word(const char *q, const char *end)
{
    while (q < end && *q == ' ')
        q++;
    const char *w = q;
    while (q < end && (islower((unsigned char)*q) || is_digit(*q) || *q == '_'))
        q++;
    return txi_sv_make(w, (size_t)(q - w));
}

/* A fatal alert received by OpenSSL or BoringSSL (Android's Conscrypt, netty-tcnative):
 * its error strings name it as a reason, upper case ("SSLV3_ALERT_HANDSHAKE_FAILURE",
 * "TLSV1_ALERT_PROTOCOL_VERSION", "TLSV1_UNRECOGNIZED_NAME") or in words ("sslv3 alert
 * handshake failure", "tlsv1 alert protocol version"; OpenSSL 3 says "ssl/tls alert
 * handshake failure" for the SSLV3_ALERT_ reasons).  These
 * reasons are only set when the peer's alert arrives.  Bouncy Castle's TLS (BCJSSE) names
 * a received alert by its JSSE name and number ("TlsFatalAlertReceived: handshake_failure(40)",
 * and in its log line "received fatal(2) handshake_failure(40) alert").
 * The JSSE name goes to buf. */
static int openssl_alert(const char *m, size_t n, char *buf, size_t bufn)
{
    static const struct {
        const char *mark;
        int words;         /* 1: lower case, words separated by blanks; 2: the JSSE name as is */
        const char *alert; /* the alert the mark itself names, or NULL: the words after it */
    } marks[] = {{"SSLV3_ALERT_", 0, NULL},
                 {"TLSV13_ALERT_", 0, NULL},
                 {"TLSV1_ALERT_", 0, NULL},
                 {"TLSV1_UNRECOGNIZED_NAME", 0, "unrecognized_name"},
                 {"sslv3 alert ", 1, NULL},
                 {"ssl/tls alert ", 1, NULL},
                 {"tlsv13 alert ", 1, NULL},
                 {"tlsv1 alert ", 1, NULL},
                 {"tlsv1 unrecognized name", 1, "unrecognized_name"},
                 /* OpenSSL's reasons for four alerts name them without "alert" */
                 {"TLSV1_UNSUPPORTED_EXTENSION", 0, "unsupported_extension"},
                 {"TLSV1_BAD_CERTIFICATE_STATUS_RESPONSE", 0, "bad_certificate_status_response"},
                 {"TLSV1_BAD_CERTIFICATE_HASH_VALUE", 0, "bad_certificate_hash_value"},
                 {"TLSV1_CERTIFICATE_UNOBTAINABLE", 0, "certificate_unobtainable"},
                 {"tlsv1 unsupported extension", 1, "unsupported_extension"},
                 {"tlsv1 bad certificate status response", 1, "bad_certificate_status_response"},
                 {"tlsv1 bad certificate hash value", 1, "bad_certificate_hash_value"},
                 {"tlsv1 certificate unobtainable", 1, "certificate_unobtainable"},
                 {"TlsFatalAlertReceived: ", 2, NULL},
                 /* BCJSSE's own log line (java.util.logging, ProvTlsClient/ProvTlsServer
                    notifyAlertReceived): "[client #1 @1f992a3a] received fatal(2)
                    handshake_failure(40) alert"; older releases: "Client received ..." */
                 {" received fatal(2) ", 2, NULL}};
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
        const char *q = txi_memmem(m, n, marks[k].mark, strlen(marks[k].mark));
        if (!q)
            continue;
        if (marks[k].alert) {
            snprintf(buf, bufn, "%s", marks[k].alert);
            return 1;
        }
        const char *w = q + strlen(marks[k].mark), *end = m + n;
        size_t o = 0;
        for (; w < end && o + 1 < bufn; w++) {
            char c = *w;
            if (marks[k].words == 1 ? (c == ' ' && w + 1 < end && islower((unsigned char)w[1])) : c == '_')
                buf[o++] = '_';
            else if (marks[k].words ? islower((unsigned char)c) : (isupper((unsigned char)c) || is_digit(c)))
                buf[o++] = (char)tolower((unsigned char)c);
            else
                break;
        }
        buf[o] = '\0';
        if (strcmp(buf, "user_cancelled") == 0)
            snprintf(buf, bufn, "user_canceled");
        if (is_alert_name(buf, strlen(buf)))
            return 1;
    }
    return 0;
}

/* Bouncy Castle's TlsFatalAlertReceived as an exception of its own (class
 * "org.bouncycastle.tls.TlsFatalAlertReceived", message "handshake_failure(40)"):
 * the message starts with the JSSE name of the alert the peer sent (into buf). */
static int bc_received_alert(txi_sv cls, txi_sv msg, char *buf, size_t bufn)
{
    static const char mark[] = "TlsFatalAlertReceived";
    if (cls.n < sizeof mark - 1 || memcmp(cls.p + cls.n - (sizeof mark - 1), mark, sizeof mark - 1) != 0)
        return 0;
    size_t o = 0;
    for (size_t i = 0; i < msg.n && o + 1 < bufn && (islower((unsigned char)msg.p[i]) || msg.p[i] == '_'); i++)
        buf[o++] = msg.p[i];
    buf[o] = '\0';
    return o > 0 && is_alert_name(buf, o);
}

/* After the mark in [m, m+n), the level word of an alert text (its fatal or its
 * warning spelling): "fatal"/"warning" to *level, and the text after the word; NULL
 * when the mark or a level word is missing. */
static const char *alert_level(const char *m, size_t n, const char *mark, const char *fatal, const char *warning,
                               const char **level)
{
    const char *q = txi_memmem(m, n, mark, strlen(mark)), *end = m + n;
    if (!q)
        return NULL;
    q += strlen(mark);
    size_t fl = strlen(fatal), wl = strlen(warning);
    if ((size_t)(end - q) >= fl && memcmp(q, fatal, fl) == 0) {
        *level = "fatal";
        return q + fl;
    }
    if ((size_t)(end - q) >= wl && memcmp(q, warning, wl) == 0) {
        *level = "warning";
        return q + wl;
    }
    return NULL;
}

/* Ktor's own TLS client (ktor-network-tls, the CIO engine) names a received alert by
 * its enum constant: "Received alert during handshake. Level: FATAL, code:
 * HandshakeFailure".  The JSSE name ("handshake_failure") goes to buf, the level
 * ("fatal"/"warning") to *level. */
static int ktor_alert(const char *m, size_t n, char *buf, size_t bufn, const char **level)
{
    const char *q = alert_level(m, n, "alert during handshake. Level: ", "FATAL", "WARNING", level), *end = m + n;
    if (!q || !SV_STARTS(q, (size_t)(end - q), ", code: "))
        return 0;
    size_t o = 0;
    for (const char *c = q + 8; c < end && isalpha((unsigned char)*c) && o + 2 < bufn; c++) {
        if (isupper((unsigned char)*c) && o > 0)
            buf[o++] = '_';
        buf[o++] = (char)tolower((unsigned char)*c);
    }
    buf[o] = '\0';
    return is_alert_name(buf, o);
}

/* IAIK iSaSiLk (package iaik.security.ssl; SAP NetWeaver AS Java, SAP PI/PO) names
 * the alert the peer sent in words: "Peer sent alert: Alert Fatal: handshake
 * failure", "... Alert Warning: unrecognized name".  The words joined by '_' give
 * the JSSE name (into buf); the longest run of words that is an alert name wins,
 * so text after the name does not spoil it.  The level goes to *level. */
static int iaik_alert(const char *m, size_t n, char *buf, size_t bufn, const char **level)
{
    const char *q = alert_level(m, n, "Peer sent alert: Alert ", "Fatal: ", "Warning: ", level), *end = m + n;
    if (!q)
        return 0;
    size_t o = 0, best = 0;
    for (; q < end && o + 1 < bufn; q++) {
        if (isalpha((unsigned char)*q)) {
            buf[o++] = (char)tolower((unsigned char)*q);
        } else if (*q == ' ' && o > 0 && q + 1 < end && isalpha((unsigned char)q[1])) {
            if (is_alert_name(buf, o))
                best = o;
            buf[o++] = '_';
        } else {
            break;
        }
    }
    if (o > 0 && is_alert_name(buf, o))
        best = o;
    buf[best] = '\0';
    if (strcmp(buf, "user_cancelled") == 0)
        snprintf(buf, bufn, "user_canceled");
    return best > 0;
}

/* A received alert in a message: "Received fatal alert: X" (all JDKs),
 * "received handshake warning: X" (11+), "handshake alert:  X" (7/8),
 * the OpenSSL/BoringSSL reasons above, Ktor's and IAIK's words (into buf). */
static int find_alert(const char *m, size_t n, txi_sv *desc, const char **level, char *buf, size_t bufn)
{
    const char *q;
    if ((q = SV_FIND(m, n, "Received fatal alert:")) != NULL) {
        *level = "fatal";
        *desc = alert_word(q + 21, m + n);
    } else if ((q = SV_FIND(m, n, "received handshake warning:")) != NULL) {
        *level = "warning";
        *desc = alert_word(q + 27, m + n);
    } else if ((q = SV_FIND(m, n, "handshake alert:")) != NULL) {
        *level = "warning";
        *desc = alert_word(q + 16, m + n);
    } else if (openssl_alert(m, n, buf, bufn)) {
        *level = "fatal";
        *desc = txi_sv_make(buf, strlen(buf));
    } else if (ktor_alert(m, n, buf, bufn, level)) {
        *desc = txi_sv_make(buf, strlen(buf));
    } else if (iaik_alert(m, n, buf, bufn, level)) {
        *desc = txi_sv_make(buf, strlen(buf));
    } else {
        return 0;
    }
    return desc->n > 0;
}

/* The alert a message says the peer sent: an alert event on line l. */
static void peer_alert(txi_parser *p, const txi_linectx *l, const char *level, txi_sv desc, const char *thread,
                       size_t threadlen)
{
    char d[48];
    snprintf(d, sizeof d, "%.*s", (int)desc.n, desc.p);
    txi_event *a = txi_emit_begin(p, TXE_ALERT, l);
    txi_emit_field(p, a, TXF_ORIGIN, "peer", 4, l);
    txi_emit_field(p, a, TXF_LEVEL, level, strlen(level), l);
    txi_emit_field(p, a, TXF_DESCRIPTION, d, strlen(d), l);
    txi_emit_end(p, a, thread, threadlen);
}

/* JDK 23+ (JDK-8311644): "(certificate_unknown) PKIX path building failed: ..." */
static txi_sv alert_prefix(const char *m, size_t n)
{
    txi_sv none = {m, 0};
    if (n < 4 || m[0] != '(')
        return none;
    const char *rp = memchr(m, ')', n < 48 ? n : 48);
    if (!rp || rp + 1 >= m + n || rp[1] != ' ' || !is_alert_name(m + 1, (size_t)(rp - m - 1)))
        return none;
    return txi_sv_make(m + 1, (size_t)(rp - m - 1));
}

/* ---- the trace ------------------------------------------------------------- */

static void drop_field(txi_event *e, unsigned i)
{
    memmove(&e->fields[i], &e->fields[i + 1], (e->nfields - i - 1) * sizeof *e->fields);
    e->nfields--;
}

static int last_field(const txi_event *e, int id)
{
    for (unsigned i = e->nfields; i-- > 0;)
        if (e->fields[i].id == id)
            return (int)i;
    return -1;
}

static void set_cur(astate *s, const char *t, size_t n, int cause, const txi_line *src)
{
    if (n > sizeof s->cur)
        n = sizeof s->cur;
    memcpy(s->cur, t, n);
    s->curn = n;
    s->cur_cause = cause;
    s->cur_src = src;
    s->msg_line = 1;
}

/* Did a message line end in ':' or ',' (so its text goes on below)? */
static int open_ended(const char *t, size_t n)
{
    txi_sv v = txi_sv_trim(txi_sv_make(t, n));
    return v.n && (v.p[v.n - 1] == ':' || v.p[v.n - 1] == ',');
}

static void add_cause(txi_parser *p, astate *s, const char *t, size_t n, const txi_linectx *l)
{
    txi_sv v = txi_sv_trim(txi_sv_make(t, n));
    if (s->ncauses >= TX_APP_MAX_CAUSES) {
        /* keep the first causes and the innermost */
        int i = last_field(s->exc, TXF_CAUSES);
        if (i >= 0 && (unsigned)i + 1 == s->exc->nfields)
            drop_field(s->exc, (unsigned)i);
    } else {
        s->ncauses++;
    }
    txi_emit_field(p, s->exc, TXF_CAUSES, v.p, v.n, l);
    s->member_frames = 0;
    int i = last_field(s->exc, TXF_CAUSES);
    set_cur(s, v.p, v.n, 1, i >= 0 ? s->exc->fields[i].src : NULL);
    s->cont_ok = open_ended(t, n);
}

/* A suppressed exception or one of its causes: not in the chain, but its
 * text is evidence (a TLS alert behind a socket error's close). */
static void add_suppressed(txi_parser *p, astate *s, const char *t, size_t n, const txi_linectx *l)
{
    txi_sv v = txi_sv_trim(txi_sv_make(t, n));
    if (!v.n || s->nsupp >= TX_APP_MAX_SUPPRESSED)
        return;
    s->nsupp++;
    s->member_frames = 0;
    txi_emit_field(p, s->exc, TXF_SUPPRESSED, v.p, v.n, l);
}

/* A continuation line of the last message: rewrite its field. */
static void continue_message(txi_parser *p, astate *s, const char *t, size_t n)
{
    txi_sv v = txi_sv_trim(txi_sv_make(t, n));
    txi_event *e = s->exc;
    s->cont_first = !s->curn && !s->ncont;
    if (s->curn && s->curn < sizeof s->cur)
        s->cur[s->curn++] = ' ';
    size_t k = v.n < sizeof s->cur - s->curn ? v.n : sizeof s->cur - s->curn;
    memcpy(s->cur + s->curn, v.p, k);
    s->curn += k;
    int id = s->cur_cause ? TXF_CAUSES : TXF_MESSAGE;
    int i = last_field(e, id);
    if (i >= 0 && (unsigned)i + 1 == e->nfields)
        drop_field(e, (unsigned)i);
    else if (i >= 0 && id == TXF_MESSAGE)
        drop_field(e, (unsigned)i);
    if (s->cur_src) {
        txi_linectx l = line_of(s->cur_src, TXI_NO_TIME);
        txi_emit_field(p, e, id, s->cur, s->curn, &l);
    }
    s->cont_ok = open_ended(t, n);
    s->ncont++;
    s->msg_line = 1;
}

/* log4j2 %rEx prints the root cause first, then "Wrapped by: Outer: msg":
 * the old top becomes the first cause, the wrapper the new top. */
static void wrap(txi_parser *p, astate *s, const char *t, size_t n, const txi_linectx *l)
{
    txi_event *e = s->exc;
    const txi_field *cf = txi_ev_get(e, TXF_CLASS), *mf = txi_ev_get(e, TXF_MESSAGE);
    char old[TX_MAX_FIELD_VALUE];
    int k = snprintf(old, sizeof old, "%s%s%s", cf ? cf->val : "", mf ? ": " : "", mf ? mf->val : "");
    const txi_line *osrc = cf ? cf->src : NULL;
    for (int i; (i = last_field(e, TXF_CLASS)) >= 0 || (i = last_field(e, TXF_MESSAGE)) >= 0;)
        drop_field(e, (unsigned)i);
    if (osrc && s->ncauses < TX_APP_MAX_CAUSES) {
        /* insert the old top before the first cause */
        txi_linectx ol = line_of(osrc, TXI_NO_TIME);
        txi_emit_field(p, e, TXF_CAUSES, old, k < 0 ? 0 : (size_t)k < sizeof old ? (size_t)k : sizeof old - 1, &ol);
        s->ncauses++;
        int first = -1;
        for (unsigned i = 0; i < e->nfields; i++)
            if (e->fields[i].id == TXF_CAUSES) {
                first = (int)i;
                break;
            }
        if (first >= 0 && (unsigned)first + 1 < e->nfields) {
            txi_field f = e->fields[e->nfields - 1];
            memmove(&e->fields[first + 1], &e->fields[first], (e->nfields - 1 - (unsigned)first) * sizeof f);
            e->fields[first] = f;
        }
    }
    txi_sv cls, msg;
    split_head(t, n, &cls, &msg);
    txi_emit_field(p, e, TXF_CLASS, cls.p, cls.n, l);
    if (msg.n)
        txi_emit_field(p, e, TXF_MESSAGE, msg.p, msg.n, l);
    int i = last_field(e, TXF_CLASS);
    set_cur(s, msg.p, msg.n, 0, i >= 0 ? e->fields[i].src : NULL);
    s->cont_ok = open_ended(t, n);
}

static void last_line(astate *s, const txi_linectx *l)
{
    s->last_rawn = l ? l->rawn : 0; /* (a Clojure error map's member has no line of its own) */
    memset(s->last_start, 0, sizeof s->last_start);
    if (l)
        memcpy(s->last_start, l->p, l->n < sizeof s->last_start ? l->n : sizeof s->last_start);
}

static void trace_begin(txi_parser *p, astate *s, const txi_linectx *l, const char *pre, size_t pren,
                        const char *t, size_t n, int noclass)
{
    txi_sv v = txi_sv_trim(txi_sv_make(t, n)), cls = txi_sv_make(t, 0), msg = v;
    s->ossl_open = 0; /* a cut error string of an earlier trace does not go on here */
    if (!noclass)
        split_head(v.p, v.n, &cls, &msg);
    else
        while (msg.n > 2 && msg.p[0] == '>' && msg.p[1] == ' ') /* Gradle's cause arrows "> > text" */
            msg = txi_sv_trim(txi_sv_make(msg.p + 2, msg.n - 2));
    s->heads_seen = 1;
    s->exc = txi_emit_begin(p, TXE_EXCEPTION, l);
    if (!s->exc)
        return;
    if (cls.n)
        txi_emit_field(p, s->exc, TXF_CLASS, cls.p, cls.n, l);
    if (msg.n)
        txi_emit_field(p, s->exc, TXF_MESSAGE, msg.p, msg.n, l);
    set_cur(s, msg.p, msg.n, 0, s->exc->src);
    s->headn = v.n < sizeof s->head ? v.n : 0;
    memcpy(s->head, v.p, s->headn);
    s->nframes = s->ncauses = s->ncont = s->nsupp = 0;
    s->fetch_seen = 0;
    s->store = 0;
    s->store_hint = 0;
    s->framesn = s->thrownn = 0;
    s->member_frames = 0;
    s->supp_indent = 0;
    s->nested_next = s->nested_cause = 0;
    s->cont_ok = open_ended(t, n);
    s->quote_open = 0;
    s->threadlen = 0;
    s->prefixlen = 0;
    last_line(s, l);

    /* What stands before the head: a thread name, a target, a prefix the
     * next trace lines repeat. */
    target tg;
    if (pren) {
        const char *th = SV_FIND(pre, pren, "Exception in thread \"");
        if (th) {
            const char *a = th + 21, *q = memchr(a, '"', (size_t)(pre + pren - a));
            if (q && (size_t)(q - a) < sizeof s->thread) {
                s->threadlen = (size_t)(q - a);
                memcpy(s->thread, a, s->threadlen);
            }
        } else if (pren <= TX_APP_MAX_PREFIX) {
            memcpy(s->prefix, pre, pren);
            s->prefixlen = pren;
        }
        if (find_target("", 0, pre, pren, &tg))
            add_target(p, s->exc, &tg, l);
    }
    if (s->prevn && (s->prev_no + 1 == l->no || s->prev_no == l->no)) {
        txi_linectx pl = {s->prev, s->prevn, s->prev, s->prevn, s->prev_no, l->time, NULL};
        if (find_target("", 0, s->prev, s->prevn, &tg))
            add_target(p, s->exc, &tg, &pl);
    }
    s->prevn = 0;
    txi_parser_open_block(p, TXI_DIALECT_APP);
}

static void trace_start(txi_parser *p, astate *s, const txi_linectx *l, const char *pre, size_t pren,
                        const char *t, size_t n)
{
    trace_begin(p, s, l, pre, pren, t, n, 0);
}

/* Derive the alert, origin, description, root and target; file the trace. */
static void trace_file(txi_parser *p, astate *s)
{
    txi_event *e = s->exc;
    if (!e)
        return;
    s->exc = NULL;
    uint64_t dbg = debug_lines(p);
    int covered = dbg != s->dbg_mark; /* JSSE debug output was read for this attempt */

    /* Each trace of a log without debug output is an attempt of its own; a
     * failure message printed without its class (a summary line next to its
     * trace) belongs to the attempt next to it. */
    const txi_field *cf = txi_ev_get(e, TXF_CLASS);
    if (s->traces && !covered && cf) {
        txi_event *c = txi_emit_begin(p, TXE_CONNECTION, NULL);
        if (c) {
            c->src = e->src;
            c->time = e->time;
        }
        txi_emit_end(p, c, s->threadlen ? s->thread : NULL, s->threadlen);
    }

    txi_sv desc = {NULL, 0}, prefix_desc = {NULL, 0};
    char ossl_desc[48];
    const char *level = NULL;
    const txi_field *alert_f = NULL, *root = NULL;
    target tg;
    /* a trace whose error came from the validator's own fetch (OCSP, CRL,
       AIA) names that endpoint in its messages, not the server */
    int have_target = txi_ev_get(e, TXF_HOST) != NULL || s->fetch_seen;
    for (unsigned i = 0; i < e->nfields; i++) {
        const txi_field *f = &e->fields[i];
        txi_sv cls, msg;
        if (f->id == TXF_MESSAGE) {
            cls = cf ? txi_sv_make(cf->val, cf->len) : txi_sv_make("", 0);
            msg = txi_sv_make(f->val, f->len);
        } else if (f->id == TXF_CAUSES) {
            split_head(f->val, f->len, &cls, &msg);
            root = f;
        } else if (f->id == TXF_SUPPRESSED) {
            split_head(f->val, f->len, &cls, &msg);
        } else {
            continue;
        }
        if (!alert_f && find_alert(msg.p, msg.n, &desc, &level, ossl_desc, sizeof ossl_desc))
            alert_f = f;
        if (!alert_f && bc_received_alert(cls, msg, ossl_desc, sizeof ossl_desc)) {
            level = "fatal";
            desc = txi_sv_make(ossl_desc, strlen(ossl_desc));
            alert_f = f;
        }
        if (!prefix_desc.n)
            prefix_desc = alert_prefix(msg.p, msg.n);
        if (!have_target && f->src && find_target(cls.p, cls.n, msg.p, msg.n, &tg)) {
            txi_linectx fl = line_of(f->src, e->time);
            add_target(p, e, &tg, &fl);
            have_target = 1;
        }
    }

    /* what a host-name verifier or a server's wrapper names (SANs, signer, trust store) */
    for (unsigned i = 0, n0 = e->nfields; i < n0 && i < e->nfields; i++) {
        const txi_field *f = &e->fields[i];
        if ((f->id != TXF_MESSAGE && f->id != TXF_CAUSES) || !f->src)
            continue;
        char w[TX_MAX_FIELD_VALUE];
        size_t wn = f->len < sizeof w ? f->len : sizeof w;
        memcpy(w, f->val, wn);
        txi_linectx fl = line_of(f->src, e->time);
        txi_wrapper_fields(p, e, w, wn, &fl);
    }

    /* which store the failure was loading: its frames, its texts */
    unsigned store = s->store;
    for (unsigned i = 0; i < e->nfields; i++)
        if (e->fields[i].id == TXF_MESSAGE || e->fields[i].id == TXF_CAUSES)
            store |= txi_store_text(e->fields[i].val, e->fields[i].len);
    txi_store_field(p, e, store);
    unsigned hint = 0;
    for (unsigned i = 0; !store && i < e->nfields; i++)
        if (e->fields[i].id == TXF_MESSAGE || e->fields[i].id == TXF_CAUSES)
            hint |= txi_store_name(e->fields[i].val, e->fields[i].len);
    txi_store_hint_field(p, e, hint ? hint : store ? 0 : s->store_hint);
    if (s->framesn)
        txi_emit_field(p, e, TXF_FRAMES, s->frames, s->framesn, NULL);
    if (s->thrownn)
        txi_emit_field(p, e, TXF_THROWN, s->thrown, s->thrownn, NULL);
    txi_emit_field(p, e, TXF_ORIGIN, alert_f ? "peer" : "local", alert_f ? 4 : 5, NULL);
    if (prefix_desc.n) {
        char d[48];
        snprintf(d, sizeof d, "%.*s", (int)prefix_desc.n, prefix_desc.p);
        txi_emit_field(p, e, TXF_DESCRIPTION, d, strlen(d), NULL);
    }
    if (root && root->src) {
        txi_linectx rl = line_of(root->src, e->time);
        char r[TX_MAX_FIELD_VALUE];
        size_t rn = root->len < sizeof r ? root->len : sizeof r;
        memcpy(r, root->val, rn);
        txi_emit_field(p, e, TXF_ROOT, r, rn, &rl);
    } else if (cf && cf->src) {
        const txi_field *mf = txi_ev_get(e, TXF_MESSAGE);
        char r[TX_MAX_FIELD_VALUE];
        int k = snprintf(r, sizeof r, "%s%s%s", cf->val, mf ? ": " : "", mf ? mf->val : "");
        size_t rn = k < 0 ? 0 : (size_t)k < sizeof r ? (size_t)k : sizeof r - 1; /* snprintf may have cut it */
        txi_linectx rl = line_of(cf->src, e->time);
        txi_emit_field(p, e, TXF_ROOT, r, rn, &rl);
    }

    /* the debug output of the attempt shows the alert, unless it was cut
     * before the alert (a pasted tail, ssl:handshake without alerts) */
    if (alert_f && alert_f->src && (!covered || alert_events(p) == s->alert_mark)) {
        txi_linectx al = line_of(alert_f->src, e->time);
        peer_alert(p, &al, level, desc, s->threadlen ? s->thread : NULL, s->threadlen);
    }
    txi_emit_end(p, e, s->threadlen ? s->thread : NULL, s->threadlen);
    s->dbg_mark = debug_lines(p);
    s->alert_mark = alert_events(p);
    if (cf)
        s->traces++;
    s->prefixlen = 0;
    s->curn = 0;
}

/* A line that may not continue a message: another dialect's or a new record. */
static int foreign(const char *t, size_t n)
{
    static const char *const legacy[] = {"WRITE: ", "READ: ", "RECV ", "SEND ", "called ", "handling exception",
                                         "fatal error", "Finished", NULL};
    const char *z;
    size_t zn;
    if (n == 0 || t[0] == '[' || t[0] == '{' || t[0] == '}' || t[0] == '"' || t[0] == '!' || t[0] == '*' ||
        t[0] == '%' || txi_ssllogger_prefix(t, n) || txi_is_hexdump(t, n) || iso_time(t, t + n, &z, &zn))
        return 1;
    /* legacy SunJSSE / IBM: "main, WRITE: TLSv1.2 ...", "WRITE: SSLv2 client hello" */
    size_t scan = n < 96 ? n : 96;
    for (int i = 0; legacy[i]; i++) {
        const char *q = txi_memmem(t, scan, legacy[i], strlen(legacy[i]));
        if (q && (q == t || (q - t >= 2 && q[-2] == ',' && q[-1] == ' ')))
            return 1;
    }
    return 0;
}

/* A stack frame of the certificate validator's own network fetches: OCSP
 * requests, CRLs from distribution points, CA certificates from AIA URLs
 * (OpenJDK's sun.security.provider.certpath; IBM's com.ibm.security.cert). */
static int fetch_frame(const char *t, size_t n)
{
    static const char *const kw[] = {"certpath.OCSP.", "certpath.URICertStore.", "certpath.DistributionPointFetcher.",
                                     "certpath.RevocationChecker.", "certpath.CrlRevocationChecker.",
                                     "certpath.OCSPChecker.", "cert.CRLDistributionPointsFetcher", NULL};
    if (!txi_memmem(t, n, "certpath.", 9) && !txi_memmem(t, n, "security.cert.", 14))
        return 0;
    for (int i = 0; kw[i]; i++)
        if (txi_memmem(t, n, kw[i], strlen(kw[i])))
            return 1;
    return 0;
}

/* "\"key\": ..." - a member of a JSON object, not text */
static int json_member(const char *t, size_t n)
{
    const char *q = n > 1 ? memchr(t + 1, '"', n - 1) : NULL;
    if (!q)
        return 0;
    for (q++; q < t + n && is_blank(*q); q++)
        ;
    return q < t + n && *q == ':';
}

/* Is this line the rest of a message cut in mid-sentence?  The message ends
 * in a letter (no full stop, colon or bracket), and the line is a short run
 * of lower-case words with none of the marks of a record or a key/value
 * dump (":", "=", "[", "(", "|"). */
static int wrapped_tail(const astate *s, const char *t, size_t n)
{
    if (!s->curn || !isalpha((unsigned char)s->cur[s->curn - 1]) || n > 160 || !islower((unsigned char)t[0]))
        return 0;
    int spaces = 0;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        if (c == ':' || c == '=' || c == '[' || c == '(' || c == '|' || c == '\t')
            return 0;
        spaces += c == ' ';
    }
    return spaces >= 1;
}

/* A capitalised word of lower-case letters ("Caused", "Retrying"): a
 * sentence or a record begins.  Not a class-like name ("TrustManager") nor
 * a date's day or month ("Sun Jan 22 20:12:00 EST 2017"). */
static int sentence_word(const char *t, size_t n)
{
    static const char days[] = "MonTueWedThuFriSatSun";
    size_t k = 1;
    while (k < n && islower((unsigned char)t[k]))
        k++;
    if (k < 2 || (k < n && isalpha((unsigned char)t[k])))
        return 0;
    if (k == 3 && month_of(t))
        return 0;
    for (int i = 0; k == 3 && i < 7; i++)
        if (memcmp(t, days + 3 * i, 3) == 0)
            return 0;
    return 1;
}

/* Does the message so far end in a capitalised word ("... Key", "... Truststore")? A
 * message in title case ("Key Managers not found", "Truststore Password not
 * configured") then goes on with a capital, which elsewhere starts a sentence. */
static int title_run(const char *m, size_t n)
{
    size_t k = n;
    while (k && isalpha((unsigned char)m[k - 1]))
        k--;
    return k < n && n - k >= 2 && isupper((unsigned char)m[k]) && (k == 0 || m[k - 1] == ' ') &&
           islower((unsigned char)m[n - 1]);
}

/* The rest of a message broken at a word by a width (fold -s, a mail client,
 * a console): the line before (at least TX_APP_WRAP_MIN bytes) fits a common
 * width that this line's first word would have overflowed, the message so far
 * does not end a sentence, and this line reads as text - no frame, cause,
 * exception head, column separator or record. */
static int wrapped_rest(const astate *s, const char *t, size_t n)
{
    /* the widths pastes are broken at: mail, terminals, editors, consoles */
    static const unsigned widths[] = {72, 76, 78, 79, 80, 100, 120, 132};
    if (!s->prev_msg || !s->curn || n < 2 || n > 160 || s->last_rawn < TX_APP_WRAP_MIN)
        return 0;
    /* broken at a width W: the line before fits W and this line's first word
       would not have: a line without its blank needs one for the word, and a
       line that kept it (fold -s) counted the blank after the word instead */
    size_t word = 0, need = s->last_rawn + 1, broken = 0;
    while (word < n && t[word] != ' ')
        word++;
    for (size_t i = 0; i < sizeof widths / sizeof *widths && !broken; i++)
        broken = s->last_rawn <= widths[i] && need + word > widths[i];
    if (!broken)
        return 0;
    char last = s->cur[s->curn - 1];
    if (last == '.' || last == '!' || last == '?' || last == ';')
        return 0;
    if (!isgraph((unsigned char)t[0]) || SV_STARTS(t, n, "at ") || starts_head(t, n, 1))
        return 0;
    /* a capitalised word starts a sentence or a record ("Caused by", a human's
       comment); a logcat record "E/tag: "; the same start as the line before
       (one more record of a kind) */
    if (isupper((unsigned char)t[0]) && sentence_word(t, word) && !title_run(s->cur, s->curn))
        return 0;
    if (n > 2 && strchr("VDIWEF", t[0]) && t[1] == '/')
        return 0;
    size_t caps = 0; /* "ERROR: ...", "WARN ..." - a level word */
    while (caps < n && isupper((unsigned char)t[caps]))
        caps++;
    if (caps >= 3 && (caps == n || t[caps] == ':' || t[caps] == ' ') &&
        (SV_STARTS(t, n, "ERROR") || SV_STARTS(t, n, "WARN") || SV_STARTS(t, n, "INFO") || SV_STARTS(t, n, "DEBUG") ||
         SV_STARTS(t, n, "SEVERE") || SV_STARTS(t, n, "FATAL") || SV_STARTS(t, n, "TRACE") || t[caps] == ':'))
        return 0;
    if (n >= sizeof s->last_start && !memcmp(t, s->last_start, sizeof s->last_start))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (t[i] == '|' || t[i] == '\t')
            return 0;
    /* a shell prompt ("host:~# ", "$ ") */
    if (word < n && word && strchr("#$>%", t[word - 1]))
        return 0;
    return 1;
}

/* Same shape: equal bytes, except that a digit matches any digit. */
static int prefix_matches(const char *pre, size_t pn, const char *s, size_t n)
{
    if (n < pn)
        return 0;
    for (size_t i = 0; i < pn; i++)
        if (is_digit(pre[i]) ? !is_digit(s[i]) : pre[i] != s[i])
            return 0;
    return 1;
}

/* "error:1409442E:" - an OpenSSL/BoringSSL error string */
static int openssl_error(const char *t, size_t n)
{
    if (n < 16 || !SV_STARTS(t, n, "error:"))
        return 0;
    size_t i = 6 + (t[6] == ' '), h = i; /* "error: 1407742E:" as some pages print it */
    while (i < n && isxdigit((unsigned char)t[i]))
        i++;
    return i >= h + 6 && i < n && t[i] == ':';
}

/* The "pkg.Class.method" of a frame's text (after "at "): up to its "(" (all
 * of it without one), the module or class-loader prefix ("java.base/",
 * "app//") taken off, trimmed. */
static txi_sv frame_method(const char *t, size_t n)
{
    const char *paren = memchr(t, '(', n);
    size_t k = paren ? (size_t)(paren - t) : n;
    for (size_t i = k; i-- > 0;)
        if (t[i] == '/') {
            t += i + 1;
            k -= i + 1;
            break;
        }
    return txi_sv_trim(txi_sv_make(t, k));
}

/* v after the frames in buf (*n bytes, cap), a blank between; 0 if it does not fit. */
static int add_frame(char *buf, size_t cap, size_t *n, txi_sv v)
{
    if (*n + 1 + v.n > cap)
        return 0;
    if (*n)
        buf[(*n)++] = ' ';
    memcpy(buf + *n, v.p, v.n);
    *n += v.n;
    return 1;
}

/* "at [loader/][module@ver/]pkg.Class.method(File.java:12)": the first
 * frames of each chain member go into "frames", a member's first frame
 * (outside "Suppressed:") into "thrown" - the last one kept is the
 * innermost cause's. */
static void keep_frame(astate *s, const char *t, size_t n)
{
    txi_sv v = frame_method(t, n);
    if (!v.n || s->member_frames >= TX_APP_FRAMES_PER_MEMBER)
        return;
    if (s->member_frames++ == 0 && !s->supp_indent && v.n < sizeof s->thrown) {
        memcpy(s->thrown, v.p, v.n);
        s->thrownn = v.n;
    }
    add_frame(s->frames, sizeof s->frames, &s->framesn, v);
}

/* "at X": a frame names a method, class-qualified ("pkg.Class.method",
 * "java/lang/Thread.run", "Main.main"); a line that a log wrapped inside a
 * sentence ("at Thu Jan 16 10:00:00 UTC 2025; internal cause is:") does not. */
static int frame_name(const char *t, size_t n)
{
    for (size_t i = 0; i < n && t[i] != ' ' && t[i] != '\t' && t[i] != '('; i++)
        if (t[i] == '.' || t[i] == '/')
            return 1;
    return 0;
}

/* One line inside an open trace.  TXI_DL_MORE if it is part of it (and has
 * been taken into the event), TXI_DL_NOTMINE (without side effects) if not. */
static int trace_line(txi_parser *p, astate *s, const txi_linectx *l, const char *p0, size_t n0)
{
    size_t ind = indent_of(p0, n0);
    const char *t = p0 + ind;
    size_t n = n0 - ind;
    int ossl_open = s->ossl_open;
    s->ossl_open = 0;
    if (n == 0)
        return TXI_DL_NOTMINE;
    /* the rest of an OpenSSL error string broken at a width: "...:sslv3 alert handshake"
       then "failure (external/openssl/ssl/s23_clnt.c:770 0x...)" */
    if (ossl_open && islower((unsigned char)t[0]) && n <= 160 && !SV_STARTS(t, n, "at ") && !starts_head(t, n, 1)) {
        continue_message(p, s, t, n);
        return TXI_DL_MORE;
    }
    if (n > 3 && t[0] == 'a' && t[1] == 't' && t[2] == ' ' && !is_blank(t[3]) && frame_name(t + 3, n - 3)) {
        s->nframes++;
        s->cont_ok = 0;
        s->store |= txi_store_frame(t, n);
        s->store_hint |= txi_store_frame_hint(t, n);
        keep_frame(s, t + 3, n - 3);
        if (!s->fetch_seen && fetch_frame(t, n)) {
            /* the trace's error happened while the validator fetched a CRL,
               an OCSP answer or a CA certificate: a secondary connection */
            s->fetch_seen = 1;
            txi_sv v = txi_sv_trim(txi_sv_make(t, n));
            txi_event *e = txi_emit_begin(p, TXE_NOTICE, l);
            txi_emit_field(p, e, TXF_LEVEL, "certpath-fetch", 14, l);
            txi_emit_field(p, e, TXF_TEXT, v.p, v.n, l);
            txi_emit_end(p, e, NULL, 0);
        }
        return TXI_DL_MORE;
    }
    if (t[0] == '.' && SV_STARTS(t, n, "...")) {
        s->cont_ok = 0;
        return TXI_DL_MORE;
    }
    /* the rest of a quoted message, up to its closing quote on this line */
    if (s->quote_open) {
        const char *cq = memchr(t, '"', n);
        s->quote_open = 0;
        if (cq && !s->nframes && !s->ncauses && !s->ncont && !s->supp_indent && cq > t && n <= 160 &&
            !starts_head(t, n, 1)) {
            continue_message(p, s, t, (size_t)(cq - t));
            return TXI_DL_MORE;
        }
    }
    /* JavaMail before Jakarta Mail 2 (MessagingException.toString) prints its cause as
     * "  nested exception is:" and, on the next line, the cause's "Class: message"; the
     * cause's own trace follows as usual. */
    if (t[0] == 'n' && SV_EQ(t, txi_sv_trim(txi_sv_make(t, n)).n, "nested exception is:")) {
        s->nested_next = 1;
        s->cont_ok = 0;
        return TXI_DL_MORE;
    }
    if (s->nested_next) {
        s->nested_next = 0;
        if (!s->supp_indent && starts_head(t, n, 1)) {
            add_cause(p, s, t, n, l);
            s->nested_cause = 1;
            return TXI_DL_MORE;
        }
    }
    if (t[0] == 'C' && SV_STARTS(t, n, "Caused by: ")) {
        txi_sv c = txi_sv_trim(txi_sv_make(t + 11, n - 11));
        if (s->nested_cause && s->cur_cause && c.n == s->curn && memcmp(c.p, s->cur, c.n) == 0) {
            s->nested_cause = 0; /* printStackTrace repeats the nested exception as the cause */
            return TXI_DL_MORE;
        }
        s->nested_cause = 0;
        if (!s->supp_indent || ind + 1 < s->supp_indent) {
            s->supp_indent = 0;
            add_cause(p, s, t + 11, n - 11, l);
        } else {
            add_suppressed(p, s, t + 11, n - 11, l);
        }
        return TXI_DL_MORE;
    }
    if (t[0] == 'S' && SV_STARTS(t, n, "Suppressed: ")) {
        s->supp_indent = ind + 1;
        s->cont_ok = 0;
        add_suppressed(p, s, t + 12, n - 12, l);
        return TXI_DL_MORE;
    }
    if (t[0] == 'W' && SV_STARTS(t, n, "Wrapped by: ")) {
        s->supp_indent = 0;
        wrap(p, s, t + 12, n - 12, l);
        return TXI_DL_MORE;
    }
    /* The probe prints e.toString() on its [ERROR] line, then the trace,
     * whose head repeats it: one exception, not two. */
    if (!s->nframes && !s->ncauses && !s->ncont && s->headn) {
        txi_sv v = txi_sv_trim(txi_sv_make(t, n));
        if (v.n == s->headn && memcmp(v.p, s->head, v.n) == 0) {
            s->headn = 0;
            return TXI_DL_MORE;
        }
    }
    /* Conscrypt/BoringSSL messages go on with the library's error strings:
     * "error:1409442E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version (...)" */
    if (!s->cont_ok && s->ncont < TX_APP_MAX_CONT && !s->supp_indent && openssl_error(t, n)) {
        continue_message(p, s, t, n);
        /* a complete string ends with its location "(file:line 0x...:0x...)"; one that ends
           in a word was cut (BoringSSL's ends the same way; a bare reason ends in capitals) */
        s->ossl_open = n < 160 && islower((unsigned char)t[n - 1]) && !memchr(t, '(', n);
        return TXI_DL_MORE;
    }
    /* a message that goes on in quotes after its colon ("Error: \n\"SQL Server did not
       return a response...") - unless the line is a JSON member */
    if (s->cont_ok && s->ncont < TX_APP_MAX_CONT && !s->supp_indent && t[0] == '"' && !json_member(t, n)) {
        continue_message(p, s, t, n);
        return TXI_DL_MORE;
    }
    /* a message wrapped before a date it quotes ("The certificate expired" / "at Thu
       Jan 16 10:00:00 UTC 2025; internal cause is:"): a date is no frame */
    if (!s->nframes && s->ncont < TX_APP_MAX_CONT && !s->supp_indent && s->curn && n > 11 &&
        memcmp(t, "at ", 3) == 0 && !frame_name(t + 3, n - 3) && t[6] == ' ' && month_of(t + 7)) {
        continue_message(p, s, t, n);
        return TXI_DL_MORE;
    }
    /* a message wrapped in the middle of a sentence (a publisher's or a
       terminal's line width): the first line after the head, no frame yet */
    if (!s->cont_ok && !s->nframes && !s->ncauses && (!s->ncont || (s->ncont == 1 && s->cont_first)) && !s->supp_indent &&
        wrapped_tail(s, t, n) && !foreign(t, n)) {
        continue_message(p, s, t, n);
        return TXI_DL_MORE;
    }
    /* the same at any member, the wrap at any character of a sentence: the
       line before was as long as a paste's width or ended in a blank */
    if (!s->cont_ok && !ind && !s->member_frames && s->ncont < TX_APP_MAX_CONT && !s->supp_indent &&
        wrapped_rest(s, t, n) && (!foreign(t, n) || (t[0] == '"' && !json_member(t, n)))) {
        continue_message(p, s, t, n);
        return TXI_DL_MORE;
    }
    if (s->cont_ok && s->ncont < TX_APP_MAX_CONT && !s->supp_indent && !foreign(t, n)) {
        if (starts_head(t, n, 1)) {
            s->ncont++;
            add_cause(p, s, t, n, l); /* a cause printed inside the message */
        } else {
            continue_message(p, s, t, n);
        }
        return TXI_DL_MORE;
    }
    return TXI_DL_NOTMINE;
}

static int tls_related(const char *t, size_t n);

/* ---- Clojure ------------------------------------------------------------------ */

/* One member of the :via chain, "Class" or "Class: message": the first is
 * the trace's head, the next ones its causes (outermost first). */
static void clj_member(txi_parser *p, astate *s, const txi_linectx *l, const char *msg, size_t mn)
{
    char m[TX_MAX_FIELD_VALUE];
    int k = snprintf(m, sizeof m, "%.*s%s%.*s", (int)s->clj_typen, s->clj_type, mn ? ": " : "", (int)mn, msg);
    size_t len = k < 0 ? 0 : (size_t)k < sizeof m ? (size_t)k : sizeof m - 1;
    s->clj_typen = 0;
    if (!s->exc) {
        trace_start(p, s, l, NULL, 0, m, len);
        s->cont_ok = 0;
    } else {
        add_cause(p, s, m, len, l);
        s->cont_ok = 0;
    }
}

/* The ":type Class" and ":message \"text\"" of a line of "#error {...}",
 * in their order on the line (the one-line form holds them all). */
static void clj_line(txi_parser *p, astate *s, const txi_linectx *l, const char *t, size_t n)
{
    const char *q = t, *end = t + n;
    while (q < end) {
        const char *ty = SV_FIND(q, (size_t)(end - q), ":type ");
        const char *ms = SV_FIND(q, (size_t)(end - q), ":message \"");
        if (!ty && !ms)
            break;
        if (ty && (!ms || ty < ms)) {
            if (s->clj_typen)
                clj_member(p, s, l, NULL, 0);
            const char *c = ty + 6, *ce = c;
            while (ce < end && (is_ident(*ce) || *ce == '.'))
                ce++;
            size_t cn = (size_t)(ce - c);
            if (cn && cn <= TX_APP_MAX_TOKEN && is_class(c, cn, 0)) {
                memcpy(s->clj_type, c, cn);
                s->clj_typen = cn;
            }
            q = ce;
        } else {
            const char *a = ms + 10, *e = a;
            while (e < end && *e != '"')
                e += *e == '\\' && e + 1 < end ? 2 : 1;
            if (s->clj_typen)
                clj_member(p, s, l, a, (size_t)(e - a));
            q = e < end ? e + 1 : end;
        }
    }
}

/* Does a line continue an open "#error {...}"?  (indented, or a map/vector
 * bracket or a keyword first) */
static int clj_part(const char *t, size_t n)
{
    return n && (is_blank(t[0]) || t[0] == ':' || t[0] == '[' || t[0] == '{' || t[0] == ']' || t[0] == '}');
}

/* ---- application-server codes ------------------------------------------------- */

/* A logged line that quotes a received alert ("CWWKO0801E: SSLHandshakeException:
 * (unknown_ca) Received fatal alert: unknown_ca", "ERROR [main] ... Received fatal
 * alert: x") is the peer's alert, unless JSSE debug output of the attempt
 * already filed it. */
static void notice_alert(txi_parser *p, astate *s, const txi_linectx *l, const char *m, size_t n)
{
    txi_sv desc;
    const char *level = NULL;
    char ossl[48];
    if ((debug_lines(p) != s->dbg_mark && alert_events(p) != s->alert_mark) ||
        !find_alert(m, n, &desc, &level, ossl, sizeof ossl) || !desc.n)
        return;
    peer_alert(p, l, level, desc, NULL, 0);
}

/* WebLogic "<Warning> <Security> ... <BEA-090477> <Certificate chain received from ...>",
 * WildFly/Elytron "ELY01027: ...", "WFLYxxx0123: ...", Liberty/WebSphere
 * "CWPKI0823E: ..." after a prefix: a notice whose text starts at the code,
 * with the fields the text names (wrapper.c).  Returns 1 if it was one. */
static const char *record_level(const char *t, size_t n, const char **msg);

static int server_code(txi_parser *p, const txi_linectx *l, const char *b, size_t bn)
{
    const char *end = b + bn, *code = NULL, *text = NULL;
    const char *level = "ERROR";
    const char *q = SV_FIND(b, bn, "<BEA-");
    if (q && end - q > 12 && is_digit(q[5])) {
        code = q + 1;
        const char *gt = memchr(q, '>', (size_t)(end - q));
        text = gt ? gt + 1 : end;
        while (text < end && (*text == ' ' || *text == '<'))
            text++;
        if (SV_FIND(b, (size_t)(q - b), "<Warning>"))
            level = "WARN";
        else if (SV_FIND(b, (size_t)(q - b), "<Info>") || SV_FIND(b, (size_t)(q - b), "<Notice>"))
            level = "INFO";
    } else {
        /* the first code of the line (a WildFly operation failure quotes the Elytron one) */
        static const char *const pre[] = {"ELY", "WFLY", "CWPKI", "CWWKO", "CWWKS", NULL};
        const char *lv = NULL;
        for (int i = 0; pre[i]; i++) {
            size_t k = strlen(pre[i]);
            const char *lim = code ? code : end;
            for (const char *c = b; c < lim && (c = txi_memmem(c, (size_t)(lim - c), pre[i], k)) != NULL; c += k) {
                const char *d = c + k;
                while (d < end && isupper((unsigned char)*d))
                    d++; /* WFLY subsystem letters */
                const char *ds = d;
                while (d < end && is_digit(*d))
                    d++;
                if (d - ds >= 4 && d < end && (*d == ':' || (d + 1 < end && isupper((unsigned char)*d) && d[1] == ':')) &&
                    (c == b || !is_ident(c[-1]))) {
                    code = c;
                    lv = *d == ':' ? NULL : *d == 'E' ? "ERROR" : *d == 'W' ? "WARN" : "INFO";
                    break;
                }
            }
        }
        text = code;
        if (lv)
            level = lv;
        else if (code) {
            /* no level letter in the code: the record's own level word, if its
               prefix has one ("10:51:27,480 WARN  [...] (...) WFLYELY00023: ...") */
            const char *m;
            const char *rl = record_level(b, (size_t)(code - b), &m);
            if (rl)
                level = rl;
        }
    }
    if (!code || !tls_related(text, (size_t)(end - text)))
        return 0;
    txi_sv v = txi_sv_trim(txi_sv_make(code, (size_t)(end - code)));
    while (v.n && v.p[v.n - 1] == '>')
        v.n--;
    txi_event *e = txi_emit_begin(p, TXE_NOTICE, l);
    txi_emit_field(p, e, TXF_LEVEL, level, strlen(level), l);
    txi_emit_field(p, e, TXF_TEXT, v.p, v.n, l);
    txi_wrapper_fields(p, e, v.p, v.n, l);
    txi_store_of_text(p, e, v.p, v.n);
    txi_emit_end(p, e, NULL, 0);
    notice_alert(p, st(p), l, v.p, v.n);
    return 1;
}

/* ---- other diagnostic output ------------------------------------------------------ */

/* A new thread-less attempt unless JSSE debug output covers this one. */
static void new_attempt(txi_parser *p, astate *s, const txi_linectx *l)
{
    if (debug_lines(p) != s->dbg_mark)
        return;
    txi_event *c = txi_emit_begin(p, TXE_CONNECTION, l);
    txi_emit_end(p, c, NULL, 0);
    s->traces = 0;
}

/* "TLS_1_3" (OkHttp's TlsVersion) -> "TLSv1.3" */
static size_t tls_version_name(const char *v, size_t n, char *out, size_t on)
{
    int k;
    if (n == 7 && SV_STARTS(v, n, "TLS_1_") && is_digit(v[6]))
        k = snprintf(out, on, "TLSv1.%c", v[6]);
    else if (n == 5 && SV_STARTS(v, n, "SSL_3"))
        k = snprintf(out, on, "SSLv3");
    else if (n == 7 && SV_STARTS(v, n, "TLS_1_0"))
        k = snprintf(out, on, "TLSv1");
    else
        k = snprintf(out, on, "%.*s", (int)n, v);
    return k < 0 ? 0 : (size_t)k < on ? (size_t)k : on - 1;
}

static txi_sv token_at(const char *q, const char *end)
{
    while (q < end && *q == ' ')
        q++;
    const char *t = q;
    while (q < end && (is_ident(*q) || *q == '.' || *q == '-'))
        q++;
    return txi_sv_make(t, (size_t)(q - t));
}

static void negotiated(txi_parser *p, const txi_linectx *l, txi_sv ver, txi_sv cipher, int connected)
{
    txi_event *e = txi_emit_begin(p, TXE_NEGOTIATED, l);
    if (ver.n)
        txi_emit_field(p, e, TXF_VERSION, ver.p, ver.n, l);
    if (cipher.n)
        txi_emit_field(p, e, TXF_CIPHER, cipher.p, cipher.n, l);
    if (connected)
        txi_emit_field(p, e, TXF_TEXT, "connected", 9, l);
    txi_emit_end(p, e, NULL, 0);
}

/* Build tools and HTTP clients that print a request's outcome, over https:
 *   Maven    "Downloaded from central: https://repo.maven.apache.org/.../x.pom (2.5 kB at 10 kB/s)"
 *   Gradle   "Download https://repo.maven.apache.org/.../x.pom"  (printed once fetched)
 *   OkHttp   "<-- 200 OK https://api.example.com/v1 (123ms)"  (HttpLoggingInterceptor; a
 *            failure is "<-- HTTP FAILED: ...")
 * An answer came back through TLS: a completed connection to that URL.
 * Returns 1 if the line was one. */
static int https_done(txi_parser *p, astate *s, const txi_linectx *l, const char *b, size_t bn)
{
    txi_sv v = txi_sv_trim(txi_sv_make(b, bn));
    const char *u = NULL;
    if (SV_STARTS(v.p, v.n, "[INFO] ")) /* Maven's own level */
        v = txi_sv_trim(txi_sv_make(v.p + 7, v.n - 7));
    else if (v.n > 6 && v.p[0] >= 'A' && v.p[0] <= 'Z') { /* JUL's two-line format: "INFO: <-- 200 https://..." */
        static const char *const jul[] = {"INFO: ", "FINE: ", "FINER: ", "FINEST: ", "CONFIG: ", "WARNING: ", NULL};
        for (int i = 0; jul[i]; i++) {
            size_t k = strlen(jul[i]);
            if (v.n > k && !memcmp(v.p, jul[i], k)) {
                v = txi_sv_trim(txi_sv_make(v.p + k, v.n - k));
                break;
            }
        }
    }
    if (SV_STARTS(v.p, v.n, "Downloaded from ")) {
        const char *c = SV_FIND(v.p, v.n, ": https://");
        u = c ? c + 2 : NULL;
    } else if (SV_STARTS(v.p, v.n, "Download https://")) {
        u = v.p + 9;
    } else {
        /* OkHttp's interceptor, at the start or behind a logger's layout
           ("... INFO okhttp3.OkHttpClient - <-- 200 OK https://...") */
        const char *a = SV_STARTS(v.p, v.n, "<-- ") ? v.p : NULL;
        if (!a && v.n > 12 && memchr(v.p, '<', v.n < 200 ? v.n : 200)) {
            a = SV_FIND(v.p, v.n < 200 ? v.n : 200, " <-- ");
            a = a ? a + 1 : NULL;
        }
        if (a && (size_t)(v.p + v.n - a) > 8 && is_digit(a[4]) && is_digit(a[5]) && is_digit(a[6]) && a[7] == ' ')
            u = SV_FIND(a, (size_t)(v.p + v.n - a), "https://");
    }
    target tg;
    memset(&tg, 0, sizeof tg);
    if (!u || !find_url(u, (size_t)(v.p + v.n - u), &tg))
        return 0;
    txi_event *e = txi_emit_begin(p, TXE_TARGET, l);
    add_target(p, e, &tg, l);
    txi_emit_end(p, e, NULL, 0);
    negotiated(p, l, txi_sv_make(b, 0), txi_sv_make(b, 0), 1);
    s->dbg_mark = debug_lines(p);
    s->alert_mark = alert_events(p);
    s->traces = 0;
    return 1;
}

/* The value after key up to the next quote: "protocol 'TLSv1.3'" -> TLSv1.3 */
static txi_sv quoted_after(const char *q, const char *end, const char *key)
{
    txi_sv v = txi_sv_make(q, 0);
    const char *k = txi_memmem(q, (size_t)(end - q), key, strlen(key));
    if (k) {
        const char *c = k + strlen(key);
        if (txi_take_until(&c, end, '\'', (size_t)(end - c), &v) != 0)
            v.n = 0;
    }
    return v;
}

/* A Netty channel's id as its handlers log it: "[id: 0x5a1c3e7f, L:/a:1 - R:h/b:443]"
 * (LoggingHandler, SslHandler) or "[8c1d7e42-1, L:/..." (Reactor Netty): the token
 * after the bracket, or an empty view. */
static txi_sv channel_id(const char *b, size_t bn)
{
    const char *lp = SV_FIND(b, bn, ", L:/"), *o = lp;
    while (o && o > b && o[-1] != '[')
        o--;
    if (!o || o == b || lp - o > 24)
        return txi_sv_make(b, 0);
    if (SV_STARTS(o, (size_t)(lp - o), "id: "))
        o += 4;
    txi_sv v = txi_sv_make(o, (size_t)(lp - o));
    if (v.n > 2 && v.p[v.n - 2] == '-' && is_digit(v.p[v.n - 1])) /* Reactor's "-1": the same channel */
        v.n -= 2;
    return v;
}

/* Is this the handshake of the channel whose handshake was stated last (Netty
   logs it twice: SslHandler's HANDSHAKEN, LoggingHandler's completion event)?
   Remembers the channel either way. */
static int same_channel(astate *s, const char *b, size_t bn)
{
    txi_sv id = channel_id(b, bn);
    int same = id.n && id.n == s->chann && memcmp(id.p, s->chan, id.n) == 0;
    s->chann = id.n < sizeof s->chan ? id.n : 0;
    memcpy(s->chan, id.p, s->chann);
    return same;
}

/* HTTP clients' DEBUG lines that state an established TLS session:
 *   Apache HttpClient 4/5  "Secure session established", " negotiated protocol: TLSv1.2",
 *                          " negotiated cipher suite: TLS_..."
 *   OkHttp                 "Handshake{tlsVersion=TLS_1_3 cipherSuite=TLS_AES_128_GCM_SHA256 ...}"
 *   Netty SslHandler       "[id: 0x1, L:/10.0.0.2:5 - R:h/10.0.0.5:443] HANDSHAKEN: protocol:TLSv1.3 cipher suite:TLS_..."
 *   Netty LoggingHandler   "[id: 0x1, ...] USER_EVENT: SslHandshakeCompletionEvent(SUCCESS)"
 *   Kafka                  "SSL handshake completed successfully with peerHost 'h' peerPort 9093
 *                          peerPrincipal 'CN=h' protocol 'TLSv1.3' cipherSuite 'TLS_...'"
 *                          (SslTransportLayer, DEBUG; "protocol" since Kafka 2.4)
 *   Jetty SslConnection    "handshake succeeded SslConnection@1a2b{...} client TLSv1.2/TLS_..." (DEBUG)
 *   gRPC-java (Netty)      "TLS negotiation succeeded." (FINER, then the engine's details)
 *   InstallCert            "No errors, certificate is already trusted" (printed once its
 *                          handshake with the loaded trust store completed)
 *   OpenSSL info callbacks "... SSL negotiation finished successfully" (the long state string
 *                          of a finished handshake; Android's NativeCrypto debug output prints it
 *                          as "handshake done in SSLOK ..." and again as "SSL_connect:ok exit in
 *                          SSLOK ...": the second is not another handshake)
 * Returns 1 if the line was one. */
static int client_session(txi_parser *p, astate *s, const txi_linectx *l, const char *b, size_t bn)
{
    const char *end = b + bn, *q;
    char vb[24];
    if ((q = SV_FIND(b, bn, "Secure session established")) != NULL ||
        (q = SV_FIND(b, bn, "TLS session established")) != NULL ||
        SV_STARTS(b, bn, "No errors, certificate is already trusted") ||
        (SV_FIND(b, bn, "SSL negotiation finished successfully") && !SV_FIND(b, bn, " exit in "))) {
        new_attempt(p, s, l);
        negotiated(p, l, txi_sv_make(b, 0), txi_sv_make(b, 0), 1);
        return 1;
    }
    /* Apache HttpClient 5 (DEBUG, after the handshake): "ex-0000000001 upgraded to TLS",
     * "http-outgoing-0 https://h:443 upgraded to TLS", "c-0000000001 upgraded to TLS h:443";
     * Bouncy Castle JSSE (FINE, 1.75+): "[client #1 @6a5fc7f7] established connection with h:443";
     * Jetty's ALPN server processor: "TLS handshake succeeded, protocol=h2 for ..." */
    if (SV_FIND(b, bn, " upgraded to TLS") ||
        ((q = SV_FIND(b, bn, "] established connection with ")) != NULL && (SV_FIND(b, (size_t)(q - b), "[client #") ||
                                                                          SV_FIND(b, (size_t)(q - b), "[server #"))) ||
        SV_FIND(b, bn, "TLS handshake succeeded, protocol=")) {
        new_attempt(p, s, l);
        negotiated(p, l, txi_sv_make(b, 0), txi_sv_make(b, 0), 1);
        return 1;
    }
    /* OkHttp's LoggingEventListener: "connectionAcquired: Connection{h:443, proxy=DIRECT
     * hostAddress=h/1.2.3.4:443 cipherSuite=TLS_AES_128_GCM_SHA256 protocol=h2}"
     * (cipherSuite=none: a plain connection) */
    if ((q = SV_FIND(b, bn, "connectionAcquired: Connection{")) != NULL) {
        const char *cs = SV_FIND(q, (size_t)(end - q), " cipherSuite=");
        txi_sv c = cs ? token_at(cs + 13, end) : txi_sv_make(b, 0);
        while (c.n && (c.p[c.n - 1] == '}' || c.p[c.n - 1] == ','))
            c.n--;
        if (c.n && !SV_EQ(c.p, c.n, "none")) {
            new_attempt(p, s, l);
            negotiated(p, l, txi_sv_make(b, 0), c, 1);
            return 1;
        }
    }
    if ((q = SV_FIND(b, bn, " negotiated protocol: ")) != NULL) {
        negotiated(p, l, token_at(q + 22, end), txi_sv_make(b, 0), 0);
        return 1;
    }
    if ((q = SV_FIND(b, bn, " negotiated cipher suite: ")) != NULL) {
        negotiated(p, l, txi_sv_make(b, 0), token_at(q + 26, end), 0);
        return 1;
    }
    if ((q = SV_FIND(b, bn, "Handshake{tlsVersion=")) != NULL) {
        txi_sv v = token_at(q + 21, end), c = txi_sv_make(b, 0);
        const char *cs = SV_FIND(q, (size_t)(end - q), "cipherSuite=");
        if (cs)
            c = token_at(cs + 12, end);
        size_t vn = tls_version_name(v.p, v.n, vb, sizeof vb);
        new_attempt(p, s, l);
        negotiated(p, l, txi_sv_make(vb, vn), c, 1);
        return 1;
    }
    if ((q = SV_FIND(b, bn, "SSL handshake completed successfully with peerHost '")) != NULL) {
        target tg;
        memset(&tg, 0, sizeof tg);
        tg.host = quoted_after(q, end, "peerHost '");
        const char *pp = SV_FIND(q, (size_t)(end - q), " peerPort ");
        if (pp)
            tg.port = token_at(pp + 10, end);
        if (tg.host.n) { /* a target opens the connection */
            txi_event *e = txi_emit_begin(p, TXE_TARGET, l);
            add_target(p, e, &tg, l);
            txi_emit_end(p, e, NULL, 0);
        } else {
            new_attempt(p, s, l);
        }
        negotiated(p, l, quoted_after(q, end, " protocol '"), quoted_after(q, end, " cipherSuite '"), 1);
        return 1;
    }
    if (SV_FIND(b, bn, "SslHandshakeCompletionEvent(SUCCESS)") || SV_FIND(b, bn, "TLS negotiation succeeded")) {
        if (same_channel(s, b, bn))
            return 1; /* its HANDSHAKEN line told it */
        new_attempt(p, s, l);
        negotiated(p, l, txi_sv_make(b, 0), txi_sv_make(b, 0), 1);
        return 1;
    }
    if ((q = SV_FIND(b, bn, "handshake succeeded ")) != NULL) {
        /* "... client TLSv1.3/TLS_AES_128_GCM_SHA256": the version and suite after the mode */
        const char *m = SV_FIND(q, (size_t)(end - q), " TLSv");
        if (!m)
            m = SV_FIND(q, (size_t)(end - q), " SSLv");
        if (!m)
            m = SV_FIND(q, (size_t)(end - q), " DTLSv");
        if (!m || (!SV_FIND(q, (size_t)(m - q) + 1, " client ") && !SV_FIND(q, (size_t)(m - q) + 1, " server ")))
            return 0;
        txi_sv ver = token_at(m + 1, end), suite = txi_sv_make(b, 0);
        if (ver.p + ver.n < end && ver.p[ver.n] == '/')
            suite = token_at(ver.p + ver.n + 1, end);
        new_attempt(p, s, l);
        negotiated(p, l, ver, suite, 1);
        return 1;
    }
    if (https_done(p, s, l, b, bn))
        return 1;
    /* the "HttpsClient" example many write-ups copy prints the connection's
       getCipherSuite(), which HttpsURLConnection answers only once connected:
       "Response Code : 200" / "Cipher Suite : TLS_AES_256_GCM_SHA384" */
    if (b[0] == 'C' && SV_STARTS(b, bn, "Cipher Suite : ")) {
        txi_sv c = token_at(b + 15, end);
        if (c.n == bn - 15 && (SV_STARTS(c.p, c.n, "TLS_") || SV_STARTS(c.p, c.n, "SSL_"))) {
            new_attempt(p, s, l);
            negotiated(p, l, txi_sv_make(b, 0), c, 1);
            return 1;
        }
    }
    /* SSLPoke (the support teams' one-class handshake test): its whole output on success */
    txi_sv whole = txi_sv_trim(txi_sv_make(b, bn));
    if (SV_EQ(whole.p, whole.n, "Successfully connected")) {
        new_attempt(p, s, l);
        negotiated(p, l, txi_sv_make(b, 0), txi_sv_make(b, 0), 1);
        return 1;
    }
    if ((q = SV_FIND(b, bn, "HANDSHAKEN: ")) != NULL) {
        if (same_channel(s, b, bn))
            return 1; /* its completion event told it */
        const char *pr = SV_FIND(q, (size_t)(end - q), "protocol:"), *cs = SV_FIND(q, (size_t)(end - q), "cipher suite:");
        new_attempt(p, s, l);
        negotiated(p, l, pr ? token_at(pr + 9, end) : txi_sv_make(b, 0), cs ? token_at(cs + 13, end) : txi_sv_make(b, 0), 1);
        return 1;
    }
    return 0;
}

/* -Djava.security.debug=certpath,ocsp: "certpath: ..." and "ocsp: ..." lines.
 * The failures among them become notices (level "certpath"): the texts the
 * validator would otherwise only show inside an exception ("timestamp check
 * failed", "Certificate has been revoked", "Could not determine revocation
 * status" ...).  Returns 1 if the line was one. */
static int certpath_line(txi_parser *p, const txi_linectx *l, const char *b, size_t bn)
{
    size_t k = SV_STARTS(b, bn, "certpath: ") ? 10 : SV_STARTS(b, bn, "ocsp: ") ? 6 : 0;
    if (!k)
        return 0;
    static const char *const bad[] = {"failed", "Failed", "error", "Error", "xception", "revoked", "Revoked",
                                      "could not", "Could not", "unable", "Unable", "not found", "expired",
                                      "not yet valid", "untrusted", "No ", NULL};
    const char *t = b + k;
    size_t n = bn - k;
    for (int i = 0; bad[i]; i++) {
        if (txi_memmem(t, n < TX_MAX_EVIDENCE_LINE ? n : TX_MAX_EVIDENCE_LINE, bad[i], strlen(bad[i]))) {
            txi_sv v = txi_sv_trim(txi_sv_make(t, n));
            txi_event *e = txi_emit_begin(p, TXE_NOTICE, l);
            txi_emit_field(p, e, TXF_LEVEL, "certpath", 8, l);
            txi_emit_field(p, e, TXF_TEXT, v.p, v.n, l);
            txi_emit_end(p, e, NULL, 0);
            break;
        }
    }
    return 1;
}

/* `jfr print --events jdk.TLSHandshake`: a successful handshake (the JDK
 * records the event once the handshake completed).
 *   jdk.TLSHandshake {
 *     startTime = 10:00:00.123 (2024-05-01)
 *     peerHost = "api.example.com"
 *     peerPort = 443
 *     protocolVersion = "TLSv1.3"
 *     cipherSuite = "TLS_AES_128_GCM_SHA256"
 *     ...
 *   }
 */
static void jfr_value(char *dst, size_t dn, const char *t, size_t n, const char *key)
{
    size_t kn = strlen(key);
    if (n <= kn + 3 || memcmp(t, key, kn) != 0 || !SV_STARTS(t + kn, n - kn, " = "))
        return;
    txi_sv v = txi_sv_unquote(txi_sv_trim(txi_sv_make(t + kn + 3, n - kn - 3)));
    snprintf(dst, dn, "%.*s", (int)v.n, v.p);
}

static int jfr_cont(txi_parser *p, astate *s, const txi_linectx *l)
{
    txi_sv t = txi_sv_trim(txi_sv_make(l->p, l->n));
    if (t.n == 1 && t.p[0] == '}') {
        s->jfr = 0;
        txi_linectx *jl = &s->jfr_line;
        if (!s->jfr_host[0])
            new_attempt(p, s, jl);
        else {
            txi_event *e = txi_emit_begin(p, TXE_TARGET, jl);
            txi_emit_field(p, e, TXF_HOST, s->jfr_host, strlen(s->jfr_host), jl);
            if (s->jfr_port[0])
                txi_emit_field(p, e, TXF_PORT, s->jfr_port, strlen(s->jfr_port), jl);
            txi_emit_end(p, e, NULL, 0);
        }
        negotiated(p, jl, txi_sv_make(s->jfr_ver, strlen(s->jfr_ver)),
                   txi_sv_make(s->jfr_cipher, strlen(s->jfr_cipher)), 1);
        return TXI_DL_DONE;
    }
    if (!t.n || ++s->jfr > 256) { /* the events are apart; a cut-off event ends somewhere */
        s->jfr = 0;
        return TXI_DL_NOTMINE;
    }
    if (!SV_FIND(t.p, t.n, " = "))
        return TXI_DL_MORE; /* the event's stack trace, nested values */
    jfr_value(s->jfr_host, sizeof s->jfr_host, t.p, t.n, "peerHost");
    jfr_value(s->jfr_port, sizeof s->jfr_port, t.p, t.n, "peerPort");
    jfr_value(s->jfr_ver, sizeof s->jfr_ver, t.p, t.n, "protocolVersion");
    jfr_value(s->jfr_cipher, sizeof s->jfr_cipher, t.p, t.n, "cipherSuite");
    return TXI_DL_MORE;
}

/* ---- app lines --------------------------------------------------------------- */

/* Keyword sets: does one of the keywords occur in the line's first
 * TX_MAX_EVIDENCE_LINE bytes?  Asked of most application lines, so in one
 * pass: a bitmap holds a hash of every keyword's first three bytes, and
 * only a position whose three bytes hash to a set bit is compared, and only
 * with the keywords of that hash (a chain per hash value; a keyword shorter
 * than three bytes makes every position one, compared with every keyword).
 * Before the hash, a second bitmap of every keyword's first two bytes (a
 * load and a bit test) passes over most positions.
 * The bitmaps and chains are built before main() from the fixed lists, so
 * the sets are read-only while logs are parsed, as other threads may do. */
#define KW_BITS 4096u
#define KW_END 0xffffu
typedef struct {
    const char *const *kw; /* NULL-terminated */
    unsigned char short_kw;
    uint64_t bits[KW_BITS / 64];
    uint64_t pair[65536 / 64]; /* the first two bytes of each keyword (kw_pair) */
    uint16_t len[TX_MAX_KEYWORDS];   /* each keyword's length */
    uint16_t next[TX_MAX_KEYWORDS];  /* the next keyword of the same hash, or KW_END */
    uint16_t head[KW_BITS]; /* the first keyword of each hash, or KW_END */
} kwset;

static unsigned kw_hash(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    return ((unsigned)u[0] * 1031u ^ (unsigned)u[1] * 131u ^ (unsigned)u[2]) & (KW_BITS - 1);
}

static unsigned kw_pair(const char *s)
{
    uint16_t v; /* (one load; the keywords' pairs are read the same way) */
    memcpy(&v, s, sizeof v);
    return v;
}

static void kwset_build(kwset *ks)
{
    for (unsigned h = 0; h < KW_BITS; h++)
        ks->head[h] = KW_END;
    for (int i = 0; ks->kw[i]; i++) {
        if (i >= TX_MAX_KEYWORDS)
            abort(); /* a list longer than TX_MAX_KEYWORDS: raise it (fixed lists, found by any test) */
        ks->len[i] = (uint16_t)strlen(ks->kw[i]);
        if (ks->len[i] < 3) {
            ks->short_kw = 1;
            continue;
        }
        unsigned h = kw_hash(ks->kw[i]);
        ks->bits[h / 64] |= 1ull << (h % 64);
        unsigned pr = kw_pair(ks->kw[i]);
        ks->pair[pr / 64] |= 1ull << (pr % 64);
        ks->next[i] = ks->head[h];
        ks->head[h] = (uint16_t)i;
    }
}

static int has_any(const char *t, size_t n, const kwset *ks)
{
    if (n > TX_MAX_EVIDENCE_LINE)
        n = TX_MAX_EVIDENCE_LINE;
    if (ks->short_kw) {
        for (size_t i = 0; i < n; i++)
            for (int k = 0; ks->kw[k]; k++)
                if (ks->len[k] <= n - i && memcmp(t + i, ks->kw[k], ks->len[k]) == 0)
                    return 1;
        return 0;
    }
    for (size_t i = 0; i + 3 <= n; i++) {
        unsigned pr = kw_pair(t + i);
        if (!(ks->pair[pr / 64] >> (pr % 64) & 1))
            continue;
        unsigned h = kw_hash(t + i);
        if (!(ks->bits[h / 64] >> (h % 64) & 1))
            continue;
        /* (a keyword found here has these three bytes, so this hash) */
        for (unsigned k = ks->head[h]; k != KW_END; k = ks->next[k])
            if (ks->len[k] <= n - i && memcmp(t + i, ks->kw[k], ks->len[k]) == 0)
                return 1;
    }
    return 0;
}

/* Is this app line about TLS (worth a notice when logged as an error)? */
static const char *const related_kw[] = {"SSL", "TLS", "ssl", "tls", "ertificat", "andshake", "PKIX",
                                         "rustStore", "truststore", "eyStore", "keystore", "trust store",
                                         "Trust store", "key store", "Key store", "alert", "Trust anchor", NULL};
static kwset related = {.kw = related_kw};

static int tls_related(const char *t, size_t n) { return has_any(t, n, &related); }

/* Does this line carry the text of a TLS failure itself?  Only wordings that
 * the TLS stacks print for a failure (docs/messages.md), so that a bare message
 * in a framing the parser does not know (a build tool's "> ...", a message cut
 * from its exception, a quoted error) still becomes a notice the rules read. */
static const char *const failure_kw[] = {
    "PKIX path building failed", "PKIX path validation failed",
    "unable to find valid certification path", "Trust anchor for certification path not found",
    "Received fatal alert", "(certificate_required)", "(handshake_failure)", "(certificate_unknown)",
    "(bad_certificate)", "(protocol_version)", "(unrecognized_name)", "(certificate_expired)",
    /* the other alerts JDK 11+ names in front of a message this side raised */
    "(bad_record_mac)", "(unexpected_message)", "(decode_error)", "(illegal_parameter)", "(internal_error)",
    "(insufficient_security)", "(decrypt_error)", "(record_overflow)", "(unsupported_certificate)",
    "(certificate_revoked)", "(unknown_ca)", "(access_denied)", "(missing_extension)", "(unsupported_extension)",
    "(no_application_protocol)", "(inappropriate_fallback)", "(bad_certificate_status_response)",
    "(unknown_psk_identity)", "(decompression_failure)", "(no_renegotiation)",
    "No subject alternative", "doesn't match any of the subject alternative names",
    "does not match the certificate subject", "Remote host terminated the handshake",
    "Remote host closed connection during handshake", "Unrecognized SSL message",
    "Unsupported or unrecognized SSL message", "No appropriate protocol", "no cipher suites in common",
    "Keystore was tampered with", "validity check failed", "timestamp check failed",
    "Certificate has been revoked", "Chain validation failed", "revocation status",
    
    
    "not an SSL/TLS record", "handshake timed out", "Empty client certificate chain",
    /* certificate checks that some stacks log as a plain line (docs/messages.md) */
    "Extended key usage does not permit", "KeyUsage does not allow", "is not a CA certificate",
    "basic constraints check failed", "name chaining check failed", "not permitted with given parameters",
    "Algorithm constraints check failed", "Certificate signature algorithm disabled",
    "No trusted certificate found", "Certificate expired at", "Certificate not valid until",
    "hostname in certificate didn", "Password verification failed", "Invalid keystore format",
    "Invalid/unknown SSL header", "Response is unreliable", "unrecognized critical extension",
    /* transport and alert texts that arrive without their exception class */
    "SSL peer shut down incorrectly", "peer not authenticated", "General SSLEngine problem",
    "General OpenSslEngine problem", 
    "trustAnchors parameter must be non-empty", "No PSK available", "Unable to tunnel through proxy",
    "Could not convert socket to TLS", "does not support SSL", "did not return a response",
    "(access_denied)", "(internal_error)", "(decrypt_error)", "(illegal_parameter)", "(unknown_ca)",
    "(insufficient_security)", "(unexpected_message)", "(decode_error)", "(no_application_protocol)",
    "SSL handshake aborted", "SSL handshake failed", "TLS handshake failed",
    /* protocol, key-exchange and application-server texts */
    "not accepted by client preferences", "not accepted by server preferences",
    "not enabled or supported in server context", "No negotiable cipher suite", "Could not generate DH keypair",
    "DHPublicKey does not comply", "HelloRequest followed by", "Identity certificate has expired",
    "doesn't contain CN or DNS subjectAlt", "Hostname or IP address is undefined",
    "KeyStores with multiple certificates", "untrusted SSL certificate", "No Client Certificate Available",
    /* host-name verifiers of drivers and clients, server-side and engine texts */
    "could not be verified by hostnameverifier", "not verified:", "Cannot kickstart",
    "received plaintext http traffic", "illegal change cipher spec", "Could not negotiate a supported cipher suite",
    "Error constructing implementation (algorithm: Default", "Invalid SNI", "Could not validate certificate",
    "End user tried to act as a CA", "lacks BasicConstraints", "Max path length not greater than zero",
    /* validator, record-layer and proxy texts of OpenJDK, BouncyCastle, Conscrypt and HTTP clients */
    "anchored by a distrusted legacy", "exceeds the maximum allowed", "Netscape cert type does not permit",
    "name constraints check failed", "Subtree check for certificate", "No issuer certificate for certificate",
    "Certificate revocation after", "Certificate status could not be determined", "unsupported critical extension",
    "Unable to construct a valid chain", "No subject alternative name found", "No subjectAltNames on the certificate",
    "Certificate chain too long", "Path-building iteration limit", "insecure hash function", "blocklisted by public key",
    "Input record too big", "Uninitialized keystore", "Unsupported CipherSuite", "No supported signature algorithm",
    "use of secure renegotiation", "SNI match failed", "response code for CONNECT", "CONNECT refused by proxy",
    "Tunnel refused:", "Failed to authenticate with proxy", "does not match SubjectName(",
    "does not identify a key entry", "Could not find TLS ALPN provider", "prematurely closed BEFORE response",
    "Server certificate identity check failed", "Failed to validate the server name", "but ssl not enabled in the server",
    "SSL doesn't have a valid keystore", "CWPKI0024E", "CWPKI0023E", "CWPKI0813E", "alert was received from", "Violated path length constraints",
    "expected keyCertSign", "failed to establish trust with",
    "primary error: ", "CWPKI0311E", "CWPKI0312E", "not yet valid",
    "Failed PKCS12 integrity checking", "key store mac invalid", "final block not properly padded",
    "plain HTTP request was sent to HTTPS port", "speaking plain HTTP to an SSL-enabled", "HTTP request to an HTTPS server",
    /* every catalogue message that must be read when pasted without its
       exception class (tests/suite_messages.sh, the bare framing) */
    "but that protocol version is not enabled", "not enabled or not supported", "SSLv2Hello is not enabled",
    "Unsupported record version", "Received close_notify during handshake", "No available authentication scheme",
    "null cert chain", "handshake alert:", "Unexpected handshake message", "Illegal server handshake msg",
    "Handshake message sequence violation", "should not be presented in", "No common named group",
    "Unsupported curveId", "contains no supported named groups", "Prime size must be multiple of 64",
    "ServerKeyExchange does not comply", "Illegal key size", "with currently installed providers",
    "KeyPairGenerator not available", "no such algorithm: EC", "Algorithm ECDH not available",
    "Could not generate secret", "Certificate chaining error", "Certificate signature validation failed",
    "Path does not chain with any of the trust anchors", "signature check failed", "problem accessing trust store",
    "NotAfter: ", "NotBefore: ", "OCSP response error", "does not specify OCSP responder",
    "do not conform to algorithm constraints", "Usage constraint TLSServer check failed", "No name matching",
    "Illegal given domain name", "keystore password was incorrect", "Cannot recover key", "lengthTag=",
    "parseAlgParameters failed", "Connection closed by peer", "CLEARTEXT communication", "Cleartext HTTP traffic",
    "Pin verification failed", "Certificate pinning failure", "handshake_failure(40)", "certificate_unknown(46)",
    "protocol_version(70)", "unexpected_message(10)", "decode_error(50)", "bad_certificate(42)", "unknown_ca(48)",
    "doesn't match common name of the certificate subject", "SSLEngine closed already",
    "Connection closed while SSL/TLS handshake", "Hostname verification failed",
    "Invalid ECDH ServerKeyExchange signature", "SSLContext not available", "The server does not support SSL",
    "failed to load SSL configuration", "host does not support STARTTLS", "Failure in SSL library",
    "I/O error during system call", "Unable to find acceptable protocols", "could not build a valid CertPath",
    "Could not open SSL root certificate file", "Connections using insecure transport are prohibited",
    "Must issue a STARTTLS command first", "MQRC_UNSUPPORTED_CIPHER_SUITE", "MQRC_SSL_INITIALIZATION_ERROR",
    "Failed ALPN negotiation", "ALPN/NPN has not been properly configured", "Failed to create SSL connection",
    "Failed to process post-handshake messages", "SSL Connection required, but not", "rejects tag type",
    "No valid CRL found", "can't be used as CA ones", "No name found matching", "RSA modulus is <",
    "EC key field size is <", "doesn't contain a common name and does not have alternative names",
    "certificate expired on", "certificate not valid till", "SSL routines:", "Server identity verification failed",
    "TLS protocols TLSv1 and TLSv1.1 are not supported", "only contains non valid TLS protocols",
    "Could not load trustJKS", "Could not create KeyStore instance", "No truststore provided",
    "Could not recover keys from client keystore", "SSL connection required for plugin",
    "failed ssl/tls hostname verification", "in the server certificate. ",
    "could not be established because of SSL problems", "Got SSL handshake exception during request",
    "Failed to load SSL keystore", "Received alert during handshake",
    "No supported CertificateVerify signature algorithm", "Needs to be more than tag size",
    "Invalid character found in method name [0x16", "Invalid character found in the HTTP protocol [0x16",
    "Illegal character CNTL=0x16", "client preface string missing or corrupt", "PEER_DID_NOT_RETURN_A_CERTIFICATE",
    "Could not load store from", "Could not open SSL certificate file", "Could not read SSL key file",
    "into a TrustManager failed", "must have permissions u=rw", "Could not decrypt SSL key file",
    "Likely connecting to an X Protocol port", "First received frame was not SETTINGS", "(size = 3692",
    "Len error 3692", "Unsupported protocol", "SSLv2Hello is disabled", "No available certificate or key corresponds",
    "The certificate issued by", "SSL bundle name '", "Public Key Retrieval is not allowed", "Tag mismatch",
    "server sent signature 21,3,",
    /* OpenSSL's verify failure as code that mimics OpenSSL prints it without the
       "SSL routines:" prefix (jruby-openssl in Logstash and JRuby programs); not the
       verify texts alone, which openssl s_client prints on success too */
    "certificate verify failed",
    /* the connect to the server failed, as the JDK words it on Windows ("...: connect")
       and on Linux and macOS (the errno text twice), and as Apache HttpClient 4/5 wrap it
       ("Connect to H:P [H/IP] failed: ..."): quoted without their exception class by
       build tools, IDEs and product logs */
    "Connection refused: connect", "Connection timed out: connect", "Connection refused (Connection refused)",
    "Connection timed out (Connection timed out)", "Operation timed out (Connection timed out)",
    "] failed: Connection refused", "] failed: Connection timed out",
    "] failed: Connect timed out", "] failed: connect timed out", "] failed: Read timed out",
    "] failed: No route to host", "] failed: Network is unreachable", "No route to host (Host unreachable)",
    "No route to host: connect", "Network is unreachable (connect failed)", "Network is unreachable: connect",
    /* the resolver's texts in the JDK's UnknownHostException messages (glibc, macOS,
       Windows, Android's bionic) */
    "Name or service not known", "nodename nor servname provided", "No such host is known",
    "Temporary failure in name resolution", "No address associated with hostname",
    /* the Db2 JCC driver's TLS connect failure ("[jcc][t4][20162]...") and its own
       host-name check, quoted without the exception class */
    "could not establish a SSL connection with the server", "configured to use hostname validation",
    /* an application server's or gateway's own words when its client-certificate
       authentication found none or refused it (Tomcat/JBoss/GlassFish, Jetty, Spring
       Security, Keycloak, ZooKeeper, IIS, httpd's TLS 1.3 post-handshake request) */
    "No client certificate chain in this request", "A client certificate is required for accessing this web application",
    "No client certificate found in request", "X509 client certificate is missing",
    "x509 client certificate is not available for mutual SSL", "No certificate chain available to authenticate",
    "HTTP Error 403.7 - Forbidden", "HTTP Error 403.16 - Forbidden", "Cannot perform Post-Handshake Authentication",
    "cannot perform post-handshake authentication", "SslPrincipalMapper$NoMatchingRule",
    /* servers, proxies and gateways that route by the server name (SNI): no route or
       certificate for the name sent (or for none), a request whose Host differs from it
       (Tomcat's strictSni, nginx's 421, Caddy); serverless PostgreSQL gateways asking for
       the name they did not get */
    "does not match the SNI host", "the server name different from the one that was negotiated",
    "the server name for which the negotiated protocol is disabled", "no matching filter chain found",
    "strict SNI enabled - No certificate found", "handshake rejected while SSL handshaking",
    "and HTTP Host (", "Endpoint ID is not specified", "missing cluster identifier",
    "server_name extension", "ClientHello length exceeds",
    /* key exchange: the peer's group, parameters or suites this side cannot use */
    "Unsupported named group", "Unknown named group ID", "Cannot decode named group", "Unsupported ECCurveType",
    "Could not generate DHPublicKey", "none of the cipher suites supported by the client application",
    /* products refusing their own key settings (Keycloak, ZooKeeper, Logstash, NiFi, Elytron's
       client configuration, the OpenSearch security plugin) */
    "Key material not provided", "Unable to determine 'https-key-store-type'", "Failed to load 'https-",
    "keyStore.location not specified", "is required when SSL is enabled", "requires an `ssl_key`",
    "is required when using an `ssl_key`", "Must set either 0 or 3 properties for Keystore",
    "No Keystore password specified",
    /* Tomcat's native TLS library too old (the connector does not start) */
    "of the Apache Tomcat Native library is installed",
    NULL};
static kwset failure = {.kw = failure_kw};

/* The exception classes of TLS failures: a line naming one speaks of a
 * failure, but is not itself a failure message (a frame, a log line quoting
 * the class). */
static const char *const failure_cls_kw[] = {
    "SSLHandshakeException", "SSLPeerUnverifiedException", "CertPathValidatorException", "CertificateExpiredException",
    "CertificateNotYetValidException", "SSLProtocolException", "SSLKeyException", "ValidatorException",
    "CertPathBuilderException", NULL};
static kwset failure_cls = {.kw = failure_cls_kw};

/* A line with no level, no exception class and no known failure text that
 * says a key store, trust store or key/certificate file could not be had
 * ("Not able to open or read trust store '...'", "Private key file not
 * found: ...", a product's own words): both a store word and a failure word.
 * Such a line becomes a notice, so that rules and the store fields read it
 * as they read the same words logged at a level. */
static const char *const store_kw[] = {"rustStore", "truststore", "Truststore", "eyStore", "keystore", "Keystore",
                                       "TRUSTSTORE", "KEYSTORE",
                                       "trust store", "Trust store", "key store", "Key store", "key file",
                                       "Key file", "certificate file", "Certificate file", NULL};
static kwset store_words = {.kw = store_kw};
static const char *const failed_kw[] = {"not found", "Not able to", "not able to", "Unable to", "unable to",
                                        "Could not", "could not", "Cannot ", "cannot ", "Can't ", "can't ",
                                        "Failed", "failed", "Invalid", "invalid", "No such file", "denied",
                                        "does not exist", "not readable", "Error opening", "error opening",
                                        "Error loading", "error loading", "Error reading", "error reading", NULL};
static kwset failed_words = {.kw = failed_kw};

/* Is this line a stack frame: "at " then a dotted name and "("? */
static int frame_line(const char *t, size_t n)
{
    for (const char *at = t, *end = t + n; (at = SV_FIND(at, (size_t)(end - at), "at ")) != NULL; at += 3) {
        if (at > t && at[-1] != ' ' && at[-1] != '\t')
            continue;
        const char *q = at + 3;
        while (q < end && (isalnum((unsigned char)*q) || *q == '.' || *q == '_' || *q == '$' || *q == '<' || *q == '>' ||
                           *q == '/'))
            q++;
        if (q < end && *q == '(' && memchr(at + 3, '.', (size_t)(q - at - 3)))
            return 1;
    }
    return 0;
}

__attribute__((constructor)) static void kwsets_build(void)
{
    kwset_build(&related);
    kwset_build(&failure);
    kwset_build(&failure_cls);
    kwset_build(&store_words);
    kwset_build(&failed_words);
}

/* The level of an app record ("ERROR", "WARN", "SEVERE" ...) near the start,
 * and where its message begins. */
static const char *record_level(const char *t, size_t n, const char **msg)
{
    static const char *const lv[] = {"SEVERE", "ERROR", "FATAL", "WARNING", "WARN", NULL};
    size_t scan = n < 160 ? n : 160;
    for (int i = 0; lv[i]; i++) {
        size_t k = strlen(lv[i]);
        const char *q = txi_memmem(t, scan, lv[i], k);
        if (!q || (q > t && isalnum((unsigned char)q[-1])) || (q + k < t + n && isalnum((unsigned char)q[k])))
            continue;
        const char *m = q + k, *end = t + n;
        while (m < end && (*m == ']' || *m == ':' || *m == ' '))
            m++;
        const char *dash = txi_memmem(m, (size_t)(end - m) < 200 ? (size_t)(end - m) : 200, " - ", 3);
        *msg = dash ? dash + 3 : m;
        return lv[i];
    }
    return NULL;
}

/* A record stamped with the time of day only ("HH:MM:SS,mmm LEVEL ...", as
 * JBoss/WildFly's server.log and logback's "%d{HH:mm:ss.SSS}" patterns print
 * it): no date, so no log time, but its level is the record's. */
static int time_of_day_stamp(const char *t, size_t n)
{
    if (n < 10 || !is_digit(t[0]) || !is_digit(t[1]) || t[2] != ':' || !is_digit(t[3]) || !is_digit(t[4]) ||
        t[5] != ':' || !is_digit(t[6]) || !is_digit(t[7]))
        return 0;
    size_t i = 8;
    if (t[i] == ',' || t[i] == '.') {
        size_t d = ++i;
        while (i < n && i - d < 9 && is_digit(t[i]))
            i++;
        if (i == d)
            return 0;
    }
    return i < n && t[i] == ' ';
}

/* A line without a timestamp that starts with its level, as build tools,
 * scripts and command-line clients print them: "[ERROR] ...", "ERROR: ...",
 * "error: ...", "[WARNING] ...".  Returns the level, and where the message
 * begins. */
static const char *lead_level(const char *t, size_t n, const char **msg)
{
    static const struct {
        const char *mark, *level;
    } lead[] = {
        {"[ERROR] ", "ERROR"},     {"[ERROR]: ", "ERROR"},    {"ERROR: ", "ERROR"}, {"Error: ", "ERROR"},
        {"error: ", "ERROR"},      {"[FATAL] ", "FATAL"},     {"FATAL: ", "FATAL"}, {"[SEVERE] ", "SEVERE"},
        {"SEVERE: ", "SEVERE"},    {"[WARNING] ", "WARNING"}, {"[WARN] ", "WARN"},  {"WARNING: ", "WARNING"},
        /* a pattern without a timestamp ("%-5level %logger - %msg"): the level word in capitals */
        {"ERROR ", "ERROR"},       {"FATAL ", "FATAL"},       {"SEVERE ", "SEVERE"}, {"WARNING ", "WARNING"},
        {"WARN ", "WARN"},
    };
    if (n < 7 || !(t[0] == '[' || t[0] == 'E' || t[0] == 'e' || t[0] == 'F' || t[0] == 'S' || t[0] == 'W'))
        return NULL;
    for (size_t i = 0; i < sizeof lead / sizeof lead[0]; i++) {
        size_t k = strlen(lead[i].mark);
        if (n > k && memcmp(t, lead[i].mark, k) == 0) {
            *msg = t + k;
            return lead[i].level;
        }
    }
    return NULL;
}

static void notice(txi_parser *p, const txi_linectx *l, const char *level, const char *m, size_t n)
{
    txi_sv v = txi_sv_trim(txi_sv_make(m, n));
    if (!v.n)
        return;
    txi_event *e = txi_emit_begin(p, TXE_NOTICE, l);
    txi_emit_field(p, e, TXF_LEVEL, level, strlen(level), l);
    txi_emit_field(p, e, TXF_TEXT, v.p, v.n, l);
    /* (a logged message names what an exception's would: SANs, signer, store) */
    txi_wrapper_fields(p, e, v.p, v.n, l);
    txi_store_of_text(p, e, v.p, v.n);
    txi_emit_end(p, e, NULL, 0);
}

/* [INFO] Connecting to https://host:port/ */
static void probe_target(txi_parser *p, astate *s, const txi_linectx *l, const char *m, size_t n)
{
    target tg;
    memset(&tg, 0, sizeof tg);
    if (!find_url(m, n, &tg))
        return;
    txi_event *e = txi_emit_begin(p, TXE_TARGET, l);
    add_target(p, e, &tg, l);
    txi_emit_end(p, e, NULL, 0);
    s->dbg_mark = debug_lines(p);
    s->alert_mark = alert_events(p);
    s->traces = 0;
}

/* [INFO] Connected: TLSv1.3 TLS_AES_256_GCM_SHA384 */
static void probe_connected(txi_parser *p, astate *s, const txi_linectx *l, const char *m, size_t n)
{
    const char *q = m, *end = m + n;
    txi_sv ver, suite;
    txi_skip_blanks(&q, end);
    if (txi_take_until(&q, end, ' ', 16, &ver)) {
        ver = txi_sv_make(q, (size_t)(end - q));
        q = end;
    }
    txi_skip_blanks(&q, end);
    suite = txi_sv_trim(txi_sv_make(q, (size_t)(end - q)));
    if (!(SV_STARTS(ver.p, ver.n, "TLS") || SV_STARTS(ver.p, ver.n, "SSL") || SV_STARTS(ver.p, ver.n, "DTLS")))
        return;
    if (debug_lines(p) != s->dbg_mark)
        return; /* the debug output already told the negotiation */
    txi_event *e = txi_emit_begin(p, TXE_NEGOTIATED, l);
    txi_emit_field(p, e, TXF_VERSION, ver.p, ver.n, l);
    if (suite.n && memchr(suite.p, ' ', suite.n) == NULL)
        txi_emit_field(p, e, TXF_CIPHER, suite.p, suite.n, l);
    /* the application states the connection is up: the handshake completed */
    txi_emit_field(p, e, TXF_TEXT, "connected", 9, l);
    txi_emit_end(p, e, NULL, 0);
}

static void remember_prev(astate *s, const txi_linectx *l)
{
    s->prevn = 0;
    if (!l->n || !txi_memmem(l->p, l->n < TX_MAX_EVIDENCE_LINE ? l->n : TX_MAX_EVIDENCE_LINE, "://", 3))
        return;
    size_t k = l->rawn < sizeof s->prev ? l->rawn : sizeof s->prev;
    memcpy(s->prev, l->raw, k);
    s->prevn = k;
    s->prev_no = l->no;
}

/* Is this method in the code of a TLS stack or of certificate and key handling? */
static int tls_method(txi_sv m)
{
    static const char *const pkgs[] = {"sun.security.", "com.sun.net.ssl.", "javax.net.ssl.", "java.security.cert.",
                                       "org.conscrypt.", "com.android.org.conscrypt.", "com.ibm.jsse2.",
                                       "com.ibm.security.", "org.bouncycastle.", "io.netty.handler.ssl.", NULL};
    for (int i = 0; pkgs[i]; i++)
        if (m.n >= strlen(pkgs[i]) && memcmp(m.p, pkgs[i], strlen(pkgs[i])) == 0)
            return 1;
    return 0;
}

/* A frame line outside any trace (t: the text after "at "): the first run of
 * them in the log, when its first frame is in the TLS code and it is not a
 * thread of a thread dump, is kept as a trace without its head. */
static void headless_frame(astate *s, const txi_linectx *l, const char *t, size_t n)
{
    if (s->hl == 2)
        return; /* only the first run */
    txi_sv m = frame_method(t, n);
    if (!m.n || !memchr(t, '(', n))
        return;
    if (!s->hl) {
        if (s->prev_state || !tls_method(m) || m.n >= TX_APP_MAX_THROWN)
            return;
        s->hl = 1;
        s->hl_no = l->no;
        s->hl_time = l->time;
        s->hl_rawn = l->rawn < sizeof s->hl_line ? l->rawn : sizeof s->hl_line;
        memcpy(s->hl_line, l->raw, s->hl_rawn);
        size_t off = l->p >= l->raw && l->p <= l->raw + l->rawn ? (size_t)(l->p - l->raw) : 0;
        s->hl_off = off < s->hl_rawn ? off : 0;
        s->hl_linen = l->n < s->hl_rawn - s->hl_off ? l->n : s->hl_rawn - s->hl_off;
    }
    s->hl_store |= txi_store_frame(t - 3, n + 3);
    if (s->hl_nframes < TX_APP_FRAMES_PER_MEMBER && add_frame(s->hl_frames, sizeof s->hl_frames, &s->hl_framesn, m))
        s->hl_nframes++;
}

/* End of input: file the headless trace if the log had no exception head. */
static void headless_file(txi_parser *p, astate *s)
{
    if (!s->hl || s->heads_seen || txi_parser_stats(p)->exception_events)
        return;
    s->hl = 2;
    s->heads_seen = 1; /* (flush is idempotent) */
    txi_linectx l = {s->hl_line + s->hl_off, s->hl_linen, s->hl_line, s->hl_rawn, s->hl_no, s->hl_time, NULL};
    txi_event *e = txi_emit_begin(p, TXE_EXCEPTION, &l);
    if (!e)
        return;
    txi_store_field(p, e, s->hl_store);
    txi_emit_field(p, e, TXF_FRAMES, s->hl_frames, s->hl_framesn, NULL);
    const char *sp = memchr(s->hl_frames, ' ', s->hl_framesn);
    txi_emit_field(p, e, TXF_THROWN, s->hl_frames, sp ? (size_t)(sp - s->hl_frames) : s->hl_framesn, NULL);
    txi_emit_field(p, e, TXF_ORIGIN, "local", 5, NULL);
    txi_emit_end(p, e, NULL, 0);
}

static int app_line(txi_parser *p, const txi_linectx *l)
{
    astate *s = st(p);
    txi_linectx h = *l;
    int64_t t = line_time(p, s, l);
    if (t != TXI_NO_TIME)
        h.time = t;
    const char *q = l->p, *end = l->p + l->n;
    size_t ind = indent_of(q, l->n);
    const char *b = q + ind;
    size_t bn = (size_t)(end - b);
    if (!bn) {
        s->prevn = 0;
        return 0;
    }

    /* parts of a trace whose head we did not see.  A paste that starts among
       the frames of a trace thrown in the TLS or certificate code: its frames
       say where it was thrown (filed at the end if the log has no head at all) */
    if (bn > 3 && b[0] == 'a' && b[1] == 't' && b[2] == ' ') {
        /* (a line between two frames - any dialect's - ends the run) */
        int goes_on = s->frame_no && s->frame_no + 1 == l->no;
        if (s->hl == 1 && !goes_on)
            s->hl = 2;
        if (!s->heads_seen && (s->hl == 1 || !goes_on))
            headless_frame(s, &h, b + 3, bn - 3);
        s->prev_state = 0;
        s->frame_no = l->no;
        return 1;
    }
    if (s->hl == 1)
        s->hl = 2; /* the run of frames ended */
    s->prev_state = SV_FIND(b, bn < 64 ? bn : 64, "Thread.State:") != NULL;
    if (b[0] == 'C' && SV_STARTS(b, bn, "Caused by: ") && bn > 11) {
        trace_start(p, s, &h, NULL, 0, b + 11, bn - 11);
        return 1;
    }

    /* Clojure: "#error {" opens a printed exception map (one line or many) */
    const char *ce = b[0] == '#' || b[0] == '{' ? SV_FIND(b, bn < 16 ? bn : 16, "{") : NULL;
    if (ce && (SV_STARTS(b, bn, "#error {") || SV_STARTS(b, bn, "{:type ") || SV_STARTS(b, bn, "{:cause "))) {
        if (s->exc)
            trace_file(p, s);
        s->clj = 1;
        s->clj_typen = 0;
        txi_parser_open_block(p, TXI_DIALECT_APP);
        clj_line(p, s, &h, b, bn);
        return 1;
    }
    /* Clojure 1.10+ CLI: "Execution error (SSLHandshakeException) at ns/fn (File.java:1)."
     * and the message on the next line */
    if ((b[0] == 'E' && SV_STARTS(b, bn, "Execution error (")) || (b[0] == 'S' && SV_STARTS(b, bn, "Syntax error ("))) {
        const char *a = (const char *)memchr(b, '(', bn) + 1, *rp = memchr(a, ')', (size_t)(end - a));
        if (rp && is_class(a, (size_t)(rp - a), 0)) {
            trace_start(p, s, &h, NULL, 0, a, (size_t)(rp - a));
            s->cont_ok = 1;
            return 1;
        }
    }

    /* Apache HttpClient's retry handler logs the exception on one line: "I/O exception
     * (java.net.SocketException) caught when processing request to {s}->https://h:443:
     * Broken pipe" - class in brackets, then the route, then the message */
    const char *io = bn > 48 ? SV_FIND(b, bn, "I/O exception (") : NULL;
    if (io) {
        const char *a = io + 15, *rp = memchr(a, ')', (size_t)(end - a));
        const char *arrow = rp ? SV_FIND(rp, (size_t)(end - rp), "->") : NULL;
        const char *ms = arrow ? SV_FIND(arrow, (size_t)(end - arrow), ": ") : NULL;
        if (ms && is_class(a, (size_t)(rp - a), 0) && SV_STARTS(rp, (size_t)(end - rp), ") caught when processing request")) {
            char head[TX_MAX_FIELD_VALUE];
            int k = snprintf(head, sizeof head, "%.*s: %.*s", (int)(rp - a), a, (int)(end - ms - 2), ms + 2);
            if (k > 0) {
                if (s->exc)
                    trace_file(p, s);
                trace_start(p, s, &h, b, (size_t)(ms - b), head, (size_t)k < sizeof head ? (size_t)k : sizeof head - 1);
                return 1;
            }
        }
    }

    /* application-server message codes that wrap the TLS failure */
    if (server_code(p, &h, b, bn))
        return 1;

    /* other diagnostic output: certpath debug, JFR events, HTTP clients' DEBUG lines */
    if ((b[0] == 'c' || b[0] == 'o') && certpath_line(p, &h, b, bn))
        return 1;
    if (b[0] == 'j' && SV_STARTS(b, bn, "jdk.TLSHandshake {")) {
        if (s->exc)
            trace_file(p, s);
        s->jfr = 1;
        s->jfr_host[0] = s->jfr_port[0] = s->jfr_ver[0] = s->jfr_cipher[0] = '\0';
        s->jfr_line = h; /* the evidence of the event: its header line (static text) */
        s->jfr_line.p = s->jfr_line.raw = "jdk.TLSHandshake {";
        s->jfr_line.n = s->jfr_line.rawn = 18;
        txi_parser_open_block(p, TXI_DIALECT_APP);
        return 1;
    }
    if (client_session(p, s, &h, b, bn))
        return 1;

    /* the probe */
    if (b[0] == '[') {
        if (SV_STARTS(b, bn, "[INFO] Connecting to ")) {
            probe_target(p, s, &h, b + 21, bn - 21);
            remember_prev(s, l);
            return 1;
        }
        if (SV_STARTS(b, bn, "[INFO] Connected: ")) {
            probe_connected(p, s, &h, b + 18, bn - 18);
            return 1;
        }
    }

    /* Eclipse .log records */
    int ours = t != TXI_NO_TIME;
    if (b[0] == '!' && (SV_STARTS(b, bn, "!MESSAGE ") || SV_STARTS(b, bn, "!STACK") || SV_STARTS(b, bn, "!ENTRY") ||
                        SV_STARTS(b, bn, "!SUBENTRY") || SV_STARTS(b, bn, "!SESSION")))
        ours = 1;

    /* an exception head anywhere in the line */
    const char *hd = find_head(b, bn);
    if (hd) {
        const char *pre = q;
        size_t pren = (size_t)(hd - q);
        /* "... - Caused by: X" keeps "Caused by: " out of the prefix */
        if (pren >= 11 && memcmp(hd - 11, "Caused by: ", 11) == 0)
            pren -= 11;
        /* a member of a JSON object printed over lines ("faultstring": "... X: m",):
           the message ends at its closing quote */
        const char *he = end;
        if (b[0] == '"' && json_member(b, bn)) {
            const char *cq = he;
            while (cq > hd && (cq[-1] == ',' || cq[-1] == ' ' || cq[-1] == '}'))
                cq--;
            if (cq > hd && cq[-1] == '"' && cq[-2] != '\\')
                he = cq - 1;
        }
        trace_start(p, s, &h, pre, pren, hd, (size_t)(he - hd));
        /* "\"Class: text" whose closing quote is on the next line (a quoted
           exception broken by its publisher) */
        s->quote_open = s->exc && hd > b && hd[-1] == '"' && !memchr(hd, '"', (size_t)(he - hd));
        return 1;
    }

    /* records logged as errors that speak of TLS */
    const char *msg = NULL, *level = NULL;
    int lead = 0; /* the level starts the line ("[ERROR] ...", "error: ...") */
    if (s->jul_no && s->jul_no + 1 == l->no) {
        /* JUL's second line: "SEVERE: message" */
        const char *colon = memchr(b, ':', bn < 10 ? bn : 10);
        if (colon && (SV_STARTS(b, bn, "SEVERE:") || SV_STARTS(b, bn, "WARNING:"))) {
            level = b[0] == 'S' ? "SEVERE" : "WARNING";
            msg = colon + 1;
        }
        ours = 1;
    } else if (b[0] == '!' && SV_STARTS(b, bn, "!MESSAGE ")) {
        level = "ERROR";
        msg = b + 9;
    } else if (ours || time_of_day_stamp(b, bn)) {
        level = record_level(b, bn, &msg);
    } else {
        level = lead_level(b, bn, &msg);
        lead = level != NULL;
    }
    if (!level && l->level) {
        /* a container/device frame (logcat, syslog, compose): its level, or
         * none stated ("") */
        level = record_level(b, bn, &msg);
        if (!level) {
            level = *l->level ? l->level : "INFO";
            msg = b;
        }
        ours = 1;
    }
    /* A failure message printed without its class - alone on a line ("> PKIX
     * ...", a message cut from its exception) or after a leading level
     * ("ERROR: Received fatal alert: ...") - is an exception whose class the
     * log does not show.  (Each keyword set is scanned once per line.) */
    const char *bare = lead ? msg : !level ? b : NULL;
    int fail = bare && has_any(bare, (size_t)(end - bare), &failure);
    if (fail && !frame_line(bare, (size_t)(end - bare))) {
        if (s->exc)
            trace_file(p, s);
        trace_begin(p, s, &h, NULL, 0, bare, (size_t)(end - bare), 1);
        return 1;
    }
    if (level && msg) {
        size_t mn = (size_t)(end - msg);
        if (tls_related(msg, mn) || (lead ? fail : has_any(msg, mn, &failure)) || has_any(msg, mn, &failure_cls) ||
            (has_any(msg, mn, &store_words) && has_any(msg, mn, &failed_words))) {
            notice(p, &h, level, msg, mn);
            notice_alert(p, s, &h, msg, mn);
        }
    } else if (!level && (fail || has_any(b, bn, &failure_cls))) {
        notice(p, &h, "ERROR", b, bn); /* a failure text in a frame line, or a TLS failure's class */
        notice_alert(p, s, &h, b, bn);
    } else if (!level && has_any(b, bn, &store_words) && has_any(b, bn, &failed_words) && !frame_line(b, bn)) {
        notice(p, &h, "ERROR", b, bn); /* a store that could not be had, in words of its own */
    }
    remember_prev(s, l);
    return ours;
}

static int app_cont(txi_parser *p, const txi_linectx *l)
{
    astate *s = st(p);
    if (s->jfr)
        return jfr_cont(p, s, l);
    if (s->clj) {
        if (clj_part(l->p, l->n)) {
            clj_line(p, s, l, l->p, l->n);
            return TXI_DL_MORE;
        }
        s->clj = 0;
        if (s->clj_typen)
            clj_member(p, s, l, NULL, 0);
        trace_file(p, s);
        return TXI_DL_NOTMINE;
    }
    if (!s->exc)
        return TXI_DL_NOTMINE;
    int r;
    s->prev_msg = s->msg_line;
    s->msg_line = 0;
    if (s->prefixlen && prefix_matches(s->prefix, s->prefixlen, l->p, l->n)) {
        line_time(p, s, l);
        r = trace_line(p, s, l, l->p + s->prefixlen, l->n - s->prefixlen);
    } else {
        r = trace_line(p, s, l, l->p, l->n);
    }
    if (r == TXI_DL_NOTMINE)
        trace_file(p, s);
    else
        last_line(s, l);
    return r;
}

static void app_flush(txi_parser *p)
{
    astate *s = st(p);
    if (s->clj) {
        s->clj = 0;
        if (s->clj_typen)
            clj_member(p, s, NULL, NULL, 0);
    }
    trace_file(p, s);
    headless_file(p, s);
}

const txi_dialect txi_dialect_app = {
    .name = "app",
    .desc = "application logs (log4j, logback, JUL, WebSphere, Gradle, Eclipse), Java stack traces, probe output",
    .state_size = sizeof(astate),
    .state_zero = offsetof(astate, head),
    .line = app_line,
    .cont = app_cont,
    .flush = app_flush,
    .eof_ends_block = 1,
};
