/*
 * capture_args.h - the pure half of `tlsexplain capture`: its options, the
 * URL, the default log name and the JVM's command line, checked and built
 * without touching a file, a process or the clock.  capture.c does the
 * rest; tests/fuzz/fuzz_capture_args.c fuzzes this half.
 */
#ifndef TX_CLI_CAPTURE_ARGS_H
#define TX_CLI_CAPTURE_ARGS_H

#include <stddef.h>

#include "parser/limits.h"

/* --starttls: the clear-text protocols whose upgrade the probe speaks (0: none). */
enum { TXC_STARTTLS_NONE, TXC_STARTTLS_SMTP, TXC_STARTTLS_IMAP, TXC_STARTTLS_POP3, TXC_STARTTLS_LDAP,
       TXC_STARTTLS_POSTGRES, TXC_STARTTLS_FTP, TXC_STARTTLS_COUNT };

typedef struct txc_capture_opts {
    const char *java;           /* --java: a path, or a name looked up in PATH (default "java") */
    const char *truststore;     /* --truststore: javax.net.ssl.trustStore */
    const char *storepass_file; /* --storepass-file: the truststore password's file */
    const char *keystore;       /* --keystore: javax.net.ssl.keyStore (the client's key and chain) */
    const char *keystore_pass_file; /* --keystore-password-file: the keystore password's file */
    const char *keystore_type;  /* --keystore-type: javax.net.ssl.keyStoreType (PKCS12, JKS, ...) */
    const char *proxy;          /* --proxy: an HTTP CONNECT proxy, host:port */
    const char *proxy_auth_file; /* --proxy-auth-file: "user:password" for the proxy */
    const char *output;         /* --output: where to save the log (default: a name of its own) */
    int starttls;               /* --starttls: TXC_STARTTLS_* */
    int timeout;                /* --timeout seconds; 0 = the default */
    int force;                  /* --force: replace an existing --output */
    int redact;                 /* --redact: no host name in the default log name or on stderr */
} txc_capture_opts;

typedef struct txc_target {
    char host[TX_MAX_CAPTURE_HOST + 1];
    int port;
} txc_target;

/* What a target names: an HTTPS URL (the probe makes an HTTPS request) or a
 * TLS port (the probe opens a socket, speaks --starttls if any, then TLS). */
enum { TXC_KIND_HTTPS, TXC_KIND_TLS };

/* What txc_capture_plan found: the target and the time limits. */
typedef struct txc_plan {
    txc_target target;
    int kind;             /* TXC_KIND_* */
    int has_proxy;
    txc_target proxy;     /* --proxy, when has_proxy */
    int timeout;          /* seconds: --timeout or the default */
    int probe_timeout_ms; /* the probe's own connect/read timeout, a little under it */
} txc_plan;

/* The JVM's command line, in buffers of its own. */
typedef struct txc_argv {
    char *argv[24];
    char debug_opt[sizeof "-Djavax.net.debug=all"], cp_opt[sizeof "-cp"], main_class[sizeof "TlsProbe"];
    char ts_opt[4096 + 32], ks_opt[4096 + 32], kt_opt[TX_MAX_KEYSTORE_TYPE + 32], st_opt[64];
    char px_opt[TX_MAX_CAPTURE_HOST + 32], to_opt[64], src[4096 + 16], url[TX_MAX_CAPTURE_URL];
} txc_argv;

/* The name of a TXC_STARTTLS_* ("smtp"), and its standard port. */
const char *txc_starttls_name(int proto);
int txc_starttls_port(int proto);

#define TXC_DEFAULT_TIMEOUT 20

/* One capture option (OPT_JAVA, OPT_TRUSTSTORE, OPT_STOREPASS,
 * OPT_STOREPASS_FILE, OPT_KEYSTORE, OPT_KEYSTORE_PASS_FILE,
 * OPT_KEYSTORE_TYPE, OPT_KEYSTORE_PASS, OPT_STARTTLS, OPT_PROXY,
 * OPT_PROXY_AUTH_FILE, OPT_OUTPUT, OPT_TIMEOUT, OPT_FORCE of opts.h) with
 * its argument as given.  0, or EXIT_USAGE with a sentence in why.
 * OPT_STOREPASS and OPT_KEYSTORE_PASS are always refused, after their
 * argument was overwritten with NULs (it sits in argv, which
 * /proc/PID/cmdline shows to every user). */
int txc_capture_option(txc_capture_opts *o, int id, char *arg, char *why, size_t n);

/* The target and the options together: 0 with p filled, or EXIT_USAGE with
 * a sentence in why (the target in it escaped: no control character reaches
 * the terminal). */
int txc_capture_plan(const txc_capture_opts *o, const char *url, txc_plan *p, char *why, size_t n);

/* A capture target: an https:// URL (txc_parse_url), "tls://HOST:PORT[/]",
 * or "HOST:PORT" / "[V6]:PORT"; with starttls (TXC_STARTTLS_*) the port may
 * be left out (the protocol's own) and an https:// URL is refused.  0 with
 * t and *kind filled, or -1 with the reason in why. */
int txc_parse_target(const char *s, int starttls, txc_target *t, int *kind, char *why, size_t n);

/* --proxy: "HOST:PORT", "[V6]:PORT" or "http://HOST:PORT[/]", no user@.
 * 0 with t filled, or -1 with the reason in why. */
int txc_parse_proxy(const char *s, txc_target *t, char *why, size_t n);

/* "https://host[:port][/path][?query][#fragment]" or "https://[v6]:port/",
 * the whole of it checked: 0 and t filled, or -1 with the reason in why. */
int txc_parse_url(const char *url, txc_target *t, char *why, size_t n);

/* The default log name for a capture that started at epoch (seconds, UTC):
 * "tlsexplain-capture-<host>-<UTC>.log", without the host when redact; a
 * seq above 1 adds "-<seq>" (the name was taken).  0, or -1 if n is short. */
int txc_default_name(const txc_target *t, int redact, long long epoch, unsigned seq, char *out, size_t n);

/* The password of a --storepass-file's bytes: the first len bytes minus one
 * final "\n" or "\r\n".  0 and *passlen, or -1 with why (a NUL, a second
 * line, over TX_MAX_STOREPASS bytes: not a password file). */
int txc_storepass_parse(const char *buf, size_t len, size_t *passlen, char *why, size_t n);

/* The password of a --proxy-auth-file: as txc_storepass_parse, and the
 * line must be "user:password" with a user (no ':' in it).  0 or -1. */
int txc_proxy_auth_parse(const char *buf, size_t len, size_t *passlen, char *why, size_t n);

/* The JVM's command line: java, -Djavax.net.debug=all, the truststore, the
 * keystore and its type, the probe's timeout, -Dprobe.starttls, the proxy
 * (-Dprobe.proxy=HOST:PORT), the probe (classes in dir, or
 * dir/TlsProbe.java when from_source), the target (the URL as given, or
 * "tls://HOST:PORT" rebuilt from p).  Never a password.  0, or -1 if a part
 * is too long. */
int txc_probe_argv(const txc_capture_opts *o, const txc_plan *p, char *java, char *dir, int from_source,
                   const char *url, txc_argv *a);

/* The JVM options both probes take, from a->argv[k] on: the truststore, the
 * keystore and its type, -Dprobe.timeout.ms (p->probe_timeout_ms),
 * -Dprobe.starttls, -Dprobe.proxy.  Never a password.  The next free index,
 * or -1 if a part is too long.  (txc_probe_argv for capture, scan.c for
 * scan.) */
int txc_jvm_opts(const txc_capture_opts *o, const txc_plan *p, txc_argv *a, int k);

/* s with every byte outside printable ASCII written as \xNN, cut to fit n. */
void txc_escape(const char *s, char *out, size_t n);

#endif
