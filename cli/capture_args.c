/*
 * capture_args.c - capture's options, URL, default log name and JVM command
 * line (see capture_args.h).  No I/O, no process, no clock: everything here
 * is a function of its arguments, so the fuzzer can run it by the million.
 *
 * The URL is checked whole, not only its host: it reaches the probe, which
 * prints it into the saved log, so a newline in it would forge log lines.
 * Accepted (RFC 3986, ASCII only, lower-case scheme as the probe wants):
 *
 *   url       = "https://" host [ ":" port ] [ path ] [ "?" query ] [ "#" fragment ]
 *   host      = 1*( ALPHA / DIGIT / "-" / "." / "_" )      no leading "." or "-", no ".."
 *             / "[" 1*( HEXDIG / ":" / "." ) "]"           with at least one ":"
 *   port      = 1*5DIGIT                                  1 to 65535
 *   path etc. = *( unreserved / sub-delims / ":" / "@" / "/" / "?" / "%" HEXDIG HEXDIG )
 *
 * No user:password@ (the probe sends no credentials), no control character,
 * space or non-ASCII byte anywhere (percent-encode them).  A TLS port (the
 * probe opens a socket, speaks --starttls if any, then TLS) and --proxy:
 *
 *   target    = "tls://" hostport [ "/" ] / hostport      hostport = host ":" port
 *                                                        (":" port optional with --starttls)
 *   proxy     = [ "http://" ] host ":" port [ "/" ]
 *
 * The probe gets such a target rebuilt ("tls://" host ":" port), not as given.
 */
#include "capture_args.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "exitcodes.h"
#include "opts.h"

__attribute__((format(printf, 3, 4))) static int why_set(char *why, size_t n, const char *fmt, ...);

static int why_set(char *why, size_t n, const char *fmt, ...)
{
    if (why && n) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_hex(int c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

/* The first byte of s that is a control character (C0 or DEL), or NULL. */
static const char *find_ctl(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s == 0x7f)
            return s;
    return NULL;
}

void txc_escape(const char *s, char *out, size_t n)
{
    if (!n)
        return;
    size_t k = 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char e[5];
        size_t el;
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            e[0] = (char)c;
            el = 1;
        } else {
            static const char hex[] = "0123456789abcdef";
            e[0] = '\\';
            e[1] = 'x';
            e[2] = hex[c >> 4];
            e[3] = hex[c & 15];
            el = 4;
        }
        if (k + el + 1 > n)
            break;
        memcpy(out + k, e, el);
        k += el;
    }
    out[k] = '\0';
}

/* ---- the URL --------------------------------------------------------------------- */

static int url_char_ok(int c)
{
    return is_alpha(c) || is_digit(c) || strchr("-._~!$&'()*+,;=:@/?", c) != NULL;
}

/* The host and optional port at *p (the authority of a URL, or a host:port
 * target): "[" v6 "]" or a name, then ":" port.  *p advances past them; the
 * port is def when none is written (def 0: a port is required).  0 or -1. */
static int parse_hostport(const char **p, int def, txc_target *t, char *why, size_t n)
{
    const char *h = *p, *e;
    if (*h == '[') {
        e = h + 1;
        while (is_hex((unsigned char)*e) || *e == ':' || *e == '.')
            e++;
        if (*e != ']')
            return why_set(why, n, "the IPv6 address in brackets is malformed (hex digits, ':' and '.' only)");
        size_t hl = (size_t)(e - (h + 1));
        if (hl == 0 || !memchr(h + 1, ':', hl) || hl > 45)
            return why_set(why, n, "the IPv6 address in brackets is malformed");
        memcpy(t->host, h + 1, hl);
        t->host[hl] = '\0';
        e++;
    } else {
        e = h;
        while (is_alpha((unsigned char)*e) || is_digit((unsigned char)*e) || *e == '-' || *e == '.' || *e == '_')
            e++;
        size_t hl = (size_t)(e - h);
        if (hl == 0)
            return why_set(why, n, "there is no host name");
        if (hl > TX_MAX_CAPTURE_HOST)
            return why_set(why, n, "the host name is longer than %u bytes", TX_MAX_CAPTURE_HOST);
        if (*h == '.' || *h == '-')
            return why_set(why, n, "the host name starts with '%c'", *h);
        for (size_t i = 0; i + 1 < hl; i++)
            if (h[i] == '.' && h[i + 1] == '.')
                return why_set(why, n, "the host name holds an empty label (\"..\")");
        memcpy(t->host, h, hl);
        t->host[hl] = '\0';
    }
    t->port = def;
    if (*e == ':') {
        e++;
        long v = 0;
        int digits = 0;
        while (is_digit((unsigned char)*e) && digits < 6) {
            v = v * 10 + (*e - '0');
            digits++;
            e++;
        }
        if (digits == 0 && (!*e || *e == '/' || *e == '?' || *e == '#'))
            return why_set(why, n, "the port after ':' is missing");
        if (digits > 5 || is_digit((unsigned char)*e) || v < 1 || v > 65535)
            return why_set(why, n, "the port must be a number from 1 to 65535");
        t->port = (int)v;
    } else if (!def) {
        return why_set(why, n, "a port is needed: HOST:PORT");
    }
    *p = e;
    return 0;
}

/* No control character, space or non-ASCII byte in s (named what). */
static int ascii_ok(const char *s, size_t len, const char *what, char *why, size_t n)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            return why_set(why, n, "%s holds a control character (0x%02x) at byte %zu", what, c, i + 1);
        if (c == ' ')
            return why_set(why, n, "%s holds a space at byte %zu (write it %%20)", what, i + 1);
        if (c >= 0x80)
            return why_set(why, n, "%s holds a non-ASCII byte (0x%02x) at byte %zu (percent-encode it)", what, c,
                           i + 1);
    }
    return 0;
}

int txc_parse_url(const char *url, txc_target *t, char *why, size_t n)
{
    memset(t, 0, sizeof *t);
    size_t len = strlen(url);
    if (len >= TX_MAX_CAPTURE_URL)
        return why_set(why, n, "the URL is longer than %u bytes", TX_MAX_CAPTURE_URL - 1);
    if (ascii_ok(url, len, "the URL", why, n))
        return -1;
    if (strncmp(url, "https://", 8) != 0)
        return why_set(why, n, "the URL must start with https://");
    const char *h = url + 8, *e = h;
    /* the authority ends at the first '/', '?' or '#' */
    size_t alen = strcspn(h, "/?#");
    if (memchr(h, '@', alen))
        return why_set(why, n, "the URL holds user information (user@ or user:password@): the probe sends none");
    if (parse_hostport(&e, 443, t, why, n))
        return -1;
    if (*e && *e != '/' && *e != '?' && *e != '#')
        return why_set(why, n, "unexpected '%c' after the host%s", *e, t->port != 443 ? " and port" : "");
    /* path, query, fragment */
    int in_fragment = 0;
    for (const char *c = e; *c; c++) {
        if (*c == '#') {
            if (in_fragment)
                return why_set(why, n, "the URL holds a second '#' at byte %zu", (size_t)(c - url) + 1);
            in_fragment = 1;
            continue;
        }
        if (*c == '%') {
            if (!is_hex((unsigned char)c[1]) || !is_hex((unsigned char)c[2]))
                return why_set(why, n, "a '%%' at byte %zu is not followed by two hex digits", (size_t)(c - url) + 1);
            c += 2;
            continue;
        }
        if (!url_char_ok((unsigned char)*c))
            return why_set(why, n, "the URL holds '%c' at byte %zu (percent-encode it)", *c, (size_t)(c - url) + 1);
    }
    return 0;
}

static const struct {
    const char *name;
    int port;
} starttls_protos[TXC_STARTTLS_COUNT] = {
    {"", 0}, {"smtp", 25}, {"imap", 143}, {"pop3", 110}, {"ldap", 389}, {"postgres", 5432}, {"ftp", 21},
};

const char *txc_starttls_name(int proto)
{
    return proto > 0 && proto < TXC_STARTTLS_COUNT ? starttls_protos[proto].name : "";
}

int txc_starttls_port(int proto)
{
    return proto > 0 && proto < TXC_STARTTLS_COUNT ? starttls_protos[proto].port : 0;
}

/* "HOST:PORT" (or "HOST" with a default port) ending at the end of s, or
 * at a single final '/' when slash_ok. */
static int hostport_only(const char *s, int def, int slash_ok, txc_target *t, char *why, size_t n)
{
    const char *e = s;
    if (parse_hostport(&e, def, t, why, n))
        return -1;
    if (slash_ok && *e == '/')
        e++;
    if (*e)
        return why_set(why, n, "unexpected '%c' after the host%s", *e, strchr(s, ':') ? " and port" : "");
    return 0;
}

int txc_parse_target(const char *s, int starttls, txc_target *t, int *kind, char *why, size_t n)
{
    memset(t, 0, sizeof *t);
    *kind = TXC_KIND_TLS;
    if (!strncmp(s, "https://", 8)) {
        if (starttls)
            return why_set(why, n, "--starttls needs a HOST[:PORT] or tls://HOST[:PORT] target, not an https:// URL");
        *kind = TXC_KIND_HTTPS;
        return txc_parse_url(s, t, why, n);
    }
    size_t len = strlen(s);
    if (len >= TX_MAX_CAPTURE_URL)
        return why_set(why, n, "the target is longer than %u bytes", TX_MAX_CAPTURE_URL - 1);
    if (ascii_ok(s, len, "the target", why, n))
        return -1;
    int def = starttls ? txc_starttls_port(starttls) : 0;
    if (!strncmp(s, "tls://", 6)) {
        if (memchr(s + 6, '@', strcspn(s + 6, "/")))
            return why_set(why, n, "the target holds user information (user@): the probe sends none");
        return hostport_only(s + 6, def, 1, t, why, n);
    }
    if (strstr(s, "://"))
        return why_set(why, n, "the target must be https://..., tls://HOST:PORT or HOST:PORT");
    if (strchr(s, '@'))
        return why_set(why, n, "the target holds user information (user@): the probe sends none");
    return hostport_only(s, def, 0, t, why, n);
}

int txc_parse_proxy(const char *s, txc_target *t, char *why, size_t n)
{
    memset(t, 0, sizeof *t);
    size_t len = strlen(s);
    if (len > TX_MAX_CAPTURE_HOST + 16)
        return why_set(why, n, "--proxy is longer than %u bytes", TX_MAX_CAPTURE_HOST + 16);
    if (ascii_ok(s, len, "--proxy", why, n))
        return -1;
    int slash = 0;
    if (!strncmp(s, "http://", 7)) {
        s += 7;
        slash = 1;
    } else if (strstr(s, "://")) {
        return why_set(why, n, "--proxy takes HOST:PORT (or http://HOST:PORT) of an HTTP CONNECT proxy");
    }
    if (strchr(s, '@'))
        return why_set(why, n, "--proxy holds user information: give the credentials with --proxy-auth-file or "
                               "TLSEXPLAIN_PROXY_AUTH, never on the command line");
    return hostport_only(s, 0, slash, t, why, n);
}

/* ---- options -------------------------------------------------------------------------- */

/* A path option: not empty, no control character (it is printed on stderr
 * and, for the truststore, by the JVM into the log), not too long. */
static int path_ok(const char *opt, const char *arg, char *why, size_t n)
{
    if (!*arg)
        return why_set(why, n, "--%s needs a non-empty path", opt);
    const char *c = find_ctl(arg);
    if (c)
        return why_set(why, n, "--%s holds a control character (0x%02x): refused, it would forge lines in the log",
                       opt, (unsigned char)*c);
    if (strlen(arg) >= 4096)
        return why_set(why, n, "--%s is longer than 4095 bytes", opt);
    return 0;
}

int txc_capture_option(txc_capture_opts *o, int id, char *arg, char *why, size_t n)
{
    switch (id) {
    case OPT_JAVA:
        if (path_ok("java", arg, why, n))
            return EXIT_USAGE;
        o->java = arg;
        return 0;
    case OPT_TRUSTSTORE:
        if (path_ok("truststore", arg, why, n))
            return EXIT_USAGE;
        o->truststore = arg;
        return 0;
    case OPT_STOREPASS_FILE:
        if (path_ok("storepass-file", arg, why, n))
            return EXIT_USAGE;
        o->storepass_file = arg;
        return 0;
    case OPT_KEYSTORE:
        if (path_ok("keystore", arg, why, n))
            return EXIT_USAGE;
        o->keystore = arg;
        return 0;
    case OPT_KEYSTORE_PASS_FILE:
        if (path_ok("keystore-password-file", arg, why, n))
            return EXIT_USAGE;
        o->keystore_pass_file = arg;
        return 0;
    case OPT_PROXY_AUTH_FILE:
        if (path_ok("proxy-auth-file", arg, why, n))
            return EXIT_USAGE;
        o->proxy_auth_file = arg;
        return 0;
    case OPT_KEYSTORE_TYPE: {
        size_t l = strlen(arg);
        if (!l || l > TX_MAX_KEYSTORE_TYPE || strspn(arg, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                                          "0123456789_.-") != l)
            return why_set(why, n, "--keystore-type takes a type name of up to %u letters, digits, '_', '.' or '-' "
                                   "(PKCS12, JKS, JCEKS, PKCS11, ...)",
                           TX_MAX_KEYSTORE_TYPE),
                   EXIT_USAGE;
        o->keystore_type = arg;
        return 0;
    }
    case OPT_STARTTLS:
        for (int k = 1; k < TXC_STARTTLS_COUNT; k++)
            if (!strcmp(arg, txc_starttls_name(k))) {
                o->starttls = k;
                return 0;
            }
        return why_set(why, n, "--starttls takes smtp, imap, pop3, ldap, postgres or ftp"), EXIT_USAGE;
    case OPT_PROXY: {
        txc_target t;
        char r[200];
        if (txc_parse_proxy(arg, &t, r, sizeof r) != 0) {
            if (strchr(arg, '@')) /* credentials, perhaps: gone from /proc/PID/cmdline first */
                memset(arg, 0, strlen(arg));
            return why_set(why, n, "bad --proxy: %s", r), EXIT_USAGE;
        }
        o->proxy = arg;
        return 0;
    }
    case OPT_OUTPUT: {
        if (path_ok("output", arg, why, n))
            return EXIT_USAGE;
        size_t l = strlen(arg);
        if (arg[l - 1] == '/' || !strcmp(arg, ".") || !strcmp(arg, "..") ||
            (l >= 2 && !strcmp(arg + l - 2, "/.")) || (l >= 3 && !strcmp(arg + l - 3, "/..")))
            return why_set(why, n, "--output names a directory; give a file name"), EXIT_USAGE;
        o->output = arg;
        return 0;
    }
    case OPT_FORCE:
        o->force = 1;
        return 0;
    case OPT_TIMEOUT: {
        long t = 0;
        const char *c = arg;
        while (is_digit((unsigned char)*c) && t <= TX_MAX_CAPTURE_TIMEOUT) {
            t = t * 10 + (*c - '0');
            c++;
        }
        if (c == arg || *c || t < 1 || t > TX_MAX_CAPTURE_TIMEOUT)
            return why_set(why, n, "--timeout takes a number of seconds from 1 to %d", TX_MAX_CAPTURE_TIMEOUT),
                   EXIT_USAGE;
        o->timeout = (int)t;
        return 0;
    }
    case OPT_STOREPASS:
        /* refused, and gone from /proc/PID/cmdline before the message is printed */
        memset(arg, 0, strlen(arg));
        return why_set(why, n,
                       "--storepass is refused: a password on the command line is visible to every user of the "
                       "machine (ps, /proc/PID/cmdline); use --storepass-file FILE or the TLSEXPLAIN_STOREPASS "
                       "environment variable"),
               EXIT_USAGE;
    case OPT_KEYSTORE_PASS:
        memset(arg, 0, strlen(arg));
        return why_set(why, n,
                       "--keystore-password is refused: a password on the command line is visible to every user of "
                       "the machine (ps, /proc/PID/cmdline); use --keystore-password-file FILE or the "
                       "TLSEXPLAIN_KEYSTOREPASS environment variable"),
               EXIT_USAGE;
    default:
        return why_set(why, n, "not a capture option"), EXIT_USAGE;
    }
}

int txc_capture_plan(const txc_capture_opts *o, const char *url, txc_plan *p, char *why, size_t n)
{
    memset(p, 0, sizeof *p);
    char reason[256];
    if (txc_parse_target(url, o->starttls, &p->target, &p->kind, reason, sizeof reason) != 0) {
        char shown[200];
        txc_escape(url, shown, sizeof shown);
        if (o->starttls)
            why_set(why, n, "bad target '%s': %s; --starttls %s needs HOST[:PORT] (default port %d)", shown, reason,
                    txc_starttls_name(o->starttls), txc_starttls_port(o->starttls));
        else
            why_set(why, n,
                    "bad URL '%s': %s; capture needs a URL such as https://host:8443/, or a TLS port: "
                    "tls://host:636 or host:636",
                    shown, reason);
        return EXIT_USAGE;
    }
    if (o->proxy && txc_parse_proxy(o->proxy, &p->proxy, reason, sizeof reason) != 0) {
        why_set(why, n, "bad --proxy: %s", reason);
        return EXIT_USAGE;
    }
    p->has_proxy = o->proxy != NULL;
    if (o->proxy_auth_file && !o->proxy) {
        why_set(why, n, "--proxy-auth-file is for --proxy HOST:PORT");
        return EXIT_USAGE;
    }
    if ((o->keystore_pass_file || o->keystore_type) && !o->keystore) {
        why_set(why, n, "%s is for --keystore FILE", o->keystore_type ? "--keystore-type" : "--keystore-password-file");
        return EXIT_USAGE;
    }
    int timeout = o->timeout ? o->timeout : TXC_DEFAULT_TIMEOUT;
    if (timeout < 1 || timeout > TX_MAX_CAPTURE_TIMEOUT) {
        why_set(why, n, "--timeout takes a number of seconds from 1 to %d", TX_MAX_CAPTURE_TIMEOUT);
        return EXIT_USAGE;
    }
    p->timeout = timeout;
    p->probe_timeout_ms = (timeout > 4 ? timeout - 3 : 1) * 1000;
    return 0;
}

/* ---- the log name, the password file, the JVM's command line ----------------------------- */

int txc_default_name(const txc_target *t, int redact, long long epoch, unsigned seq, char *out, size_t n)
{
    char h[sizeof t->host + 1] = "";
    if (!redact) {
        size_t i;
        h[0] = '-';
        for (i = 0; t->host[i] && i < sizeof t->host - 1; i++) {
            char c = t->host[i];
            h[i + 1] = is_alpha((unsigned char)c) || is_digit((unsigned char)c) || c == '.' || c == '-' ? c : '_';
        }
        h[i + 1] = '\0';
    }
    time_t now = (time_t)epoch;
    struct tm tm;
    char ts[32] = "00000000T000000Z";
    if (gmtime_r(&now, &tm) && tm.tm_year >= -1900 && tm.tm_year <= 9999 - 1900)
        strftime(ts, sizeof ts, "%Y%m%dT%H%M%SZ", &tm);
    char sq[16] = "";
    if (seq > 1)
        snprintf(sq, sizeof sq, "-%u", seq);
    int w = snprintf(out, n, "tlsexplain-capture%s-%s%s.log", h, ts, sq);
    return w < 0 || (size_t)w >= n ? -1 : 0;
}

int txc_storepass_parse(const char *buf, size_t len, size_t *passlen, char *why, size_t n)
{
    if (len && buf[len - 1] == '\n') {
        len--;
        if (len && buf[len - 1] == '\r')
            len--;
    }
    if (len > TX_MAX_STOREPASS)
        return why_set(why, n, "it is longer than %u bytes: not a password file", TX_MAX_STOREPASS);
    for (size_t i = 0; i < len; i++) {
        if (buf[i] == '\0')
            return why_set(why, n, "it holds a NUL byte: not a password file");
        if (buf[i] == '\n' || buf[i] == '\r')
            return why_set(why, n, "it holds more than one line: put the password alone on the first line");
    }
    *passlen = len;
    return 0;
}

int txc_proxy_auth_parse(const char *buf, size_t len, size_t *passlen, char *why, size_t n)
{
    if (txc_storepass_parse(buf, len, passlen, why, n) != 0)
        return -1;
    const char *colon = memchr(buf, ':', *passlen);
    if (!colon || colon == buf)
        return why_set(why, n, "it is not user:password");
    for (size_t i = 0; i < *passlen; i++)
        if ((unsigned char)buf[i] < 0x20 || (unsigned char)buf[i] == 0x7f)
            return why_set(why, n, "it holds a control character");
    return 0;
}

/* "HOST:PORT" for the probe, v6 in brackets. */
static int hostport_str(const txc_target *t, char *out, size_t n)
{
    int v6 = strchr(t->host, ':') != NULL;
    int w = snprintf(out, n, "%s%s%s:%d", v6 ? "[" : "", t->host, v6 ? "]" : "", t->port);
    return w < 0 || (size_t)w >= n ? -1 : 0;
}

int txc_probe_argv(const txc_capture_opts *o, const txc_plan *p, char *java, char *dir, int from_source,
                   const char *url, txc_argv *a)
{
    int k = 0;
    if (p->kind == TXC_KIND_HTTPS) {
        if ((size_t)snprintf(a->url, sizeof a->url, "%s", url) >= sizeof a->url)
            return -1;
    } else {
        memcpy(a->url, "tls://", 6);
        if (hostport_str(&p->target, a->url + 6, sizeof a->url - 6) != 0)
            return -1;
    }
    memcpy(a->debug_opt, "-Djavax.net.debug=all", sizeof a->debug_opt);
    memcpy(a->cp_opt, "-cp", sizeof a->cp_opt);
    memcpy(a->main_class, "TlsProbe", sizeof a->main_class);
    a->argv[k++] = java;
    a->argv[k++] = a->debug_opt;
    if ((k = txc_jvm_opts(o, p, a, k)) < 0)
        return -1;
    if (from_source) {
        if ((size_t)snprintf(a->src, sizeof a->src, "%s/TlsProbe.java", dir) >= sizeof a->src)
            return -1;
        a->argv[k++] = a->src;
    } else {
        a->argv[k++] = a->cp_opt;
        a->argv[k++] = dir;
        a->argv[k++] = a->main_class;
    }
    a->argv[k++] = a->url;
    a->argv[k] = NULL;
    return 0;
}

int txc_jvm_opts(const txc_capture_opts *o, const txc_plan *p, txc_argv *a, int k)
{
    if (o->truststore) {
        if ((size_t)snprintf(a->ts_opt, sizeof a->ts_opt, "-Djavax.net.ssl.trustStore=%s", o->truststore) >=
            sizeof a->ts_opt)
            return -1;
        a->argv[k++] = a->ts_opt;
    }
    if (o->keystore) {
        if ((size_t)snprintf(a->ks_opt, sizeof a->ks_opt, "-Djavax.net.ssl.keyStore=%s", o->keystore) >=
            sizeof a->ks_opt)
            return -1;
        a->argv[k++] = a->ks_opt;
        if (o->keystore_type) {
            if ((size_t)snprintf(a->kt_opt, sizeof a->kt_opt, "-Djavax.net.ssl.keyStoreType=%s", o->keystore_type) >=
                sizeof a->kt_opt)
                return -1;
            a->argv[k++] = a->kt_opt;
        }
    }
    snprintf(a->to_opt, sizeof a->to_opt, "-Dprobe.timeout.ms=%d", p->probe_timeout_ms);
    a->argv[k++] = a->to_opt;
    if (o->starttls > 0 && o->starttls < TXC_STARTTLS_COUNT) {
        snprintf(a->st_opt, sizeof a->st_opt, "-Dprobe.starttls=%s", txc_starttls_name(o->starttls));
        a->argv[k++] = a->st_opt;
    }
    if (p->has_proxy) {
        memcpy(a->px_opt, "-Dprobe.proxy=", 14);
        if (hostport_str(&p->proxy, a->px_opt + 14, sizeof a->px_opt - 14) != 0)
            return -1;
        a->argv[k++] = a->px_opt;
    }
    return k;
}
