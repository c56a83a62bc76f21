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

typedef struct txc_capture_opts {
    const char *java;           /* --java: a path, or a name looked up in PATH (default "java") */
    const char *truststore;     /* --truststore: javax.net.ssl.trustStore */
    const char *storepass_file; /* --storepass-file: the truststore password's file */
    const char *output;         /* --output: where to save the log (default: a name of its own) */
    int timeout;                /* --timeout seconds; 0 = the default */
    int force;                  /* --force: replace an existing --output */
    int redact;                 /* --redact: no host name in the default log name or on stderr */
} txc_capture_opts;

typedef struct txc_target {
    char host[TX_MAX_CAPTURE_HOST + 1];
    int port;
} txc_target;

/* What txc_capture_plan found: the target and the time limits. */
typedef struct txc_plan {
    txc_target target;
    int timeout;          /* seconds: --timeout or the default */
    int probe_timeout_ms; /* the probe's own connect/read timeout, a little under it */
} txc_plan;

/* The JVM's command line, in buffers of its own. */
typedef struct txc_argv {
    char *argv[16];
    char debug_opt[sizeof "-Djavax.net.debug=all"], cp_opt[sizeof "-cp"], main_class[sizeof "TlsProbe"];
    char ts_opt[4096 + 32], to_opt[64], src[4096 + 16], url[TX_MAX_CAPTURE_URL];
} txc_argv;

#define TXC_DEFAULT_TIMEOUT 20

/* One capture option (OPT_JAVA, OPT_TRUSTSTORE, OPT_STOREPASS,
 * OPT_STOREPASS_FILE, OPT_OUTPUT, OPT_TIMEOUT, OPT_FORCE of opts.h) with its
 * argument as given.  0, or EXIT_USAGE with a sentence in why.
 * OPT_STOREPASS is always refused, after its argument was overwritten with
 * NULs (it sits in argv, which /proc/PID/cmdline shows to every user). */
int txc_capture_option(txc_capture_opts *o, int id, char *arg, char *why, size_t n);

/* The URL and the options together: 0 with p filled, or EXIT_USAGE with a
 * sentence in why (the URL in it escaped: no control character reaches the
 * terminal). */
int txc_capture_plan(const txc_capture_opts *o, const char *url, txc_plan *p, char *why, size_t n);

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

/* The JVM's command line: java, -Djavax.net.debug=all, the truststore, the
 * probe's timeout, the probe (classes in dir, or dir/TlsProbe.java when
 * from_source), the URL.  Never a password.  0, or -1 if a part is too long. */
int txc_probe_argv(const txc_capture_opts *o, const txc_plan *p, char *java, char *dir, int from_source,
                   const char *url, txc_argv *a);

/* s with every byte outside printable ASCII written as \xNN, cut to fit n. */
void txc_escape(const char *s, char *out, size_t n);

#endif
