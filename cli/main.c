/*
 * main.c - the tlsexplain command line.
 *
 *   tlsexplain [explain] [OPTIONS] FILE...|-
 *   tlsexplain compare [OPTIONS] GOOD BAD
 *   tlsexplain timeline [OPTIONS] FILE...|-
 *   tlsexplain events [OPTIONS] FILE...|-
 *   tlsexplain rules list|check [OPTIONS] [PATH]
 *   tlsexplain capture [OPTIONS] https://host:port/|host:port   (capture.c)
 *   tlsexplain scan [OPTIONS] HOST:PORT|https://host:port/ (scan.c)
 *
 * Options come from one table (opts.c) that also prints --help.
 *
 * txc_run() is the whole command line as a function (main() is in
 * tlsexplain.c): it returns an exit status of exitcodes.h and never calls
 * exit(), writes only to the streams it is given, and keeps no state
 * between calls, so the CLI fuzz target runs it in-process.  Every write to
 * the output is checked (fflush/ferror): a report that could not be written
 * ends the run with EXIT_OUTPUT and one message.
 *
 * -j N (jobs.c): explain, timeline and events analyse several files at once,
 * each in a worker with a copy of the cli made before the workers start
 * (its own streams, read buffer, last error), and write them in order; the
 * compiled ruleset and the tool-output context are shared read-only.
 */
#include <errno.h>
#include <getopt.h>
#include <link.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../parser/limits.h"
#include "capture.h"
#include "cli.h"
#include "completion.h"
#include "config.h"
#include "decompress.h"
#include "evidence.h"
#include "exitcodes.h"
#include "jobs.h"
#include "opts.h"
#include "scan.h"
#include "tlsexplain.h"
#include "walk.h"

static const char *const progname = "tlsexplain";

#define READ_BUF (256u * 1024u)

/* An input's read buffer.  Zeroed: the literal scanner may load whole vectors
 * past the end of a short read (inside the buffer; what it finds there is not
 * used), which valgrind would report as a jump on uninitialised bytes. */
static char *read_buf(void) { return calloc(1, READ_BUF); }

typedef struct {
    FILE *in, *out, *err;
    int allow_capture;
    int out_failed;   /* the output error was reported: stop writing */
    int partial;      /* an input could not be read to its end (corrupt compressed data): its
                         analysis covers what was read, and the command ends with EXIT_INPUT */
    char *buf;        /* READ_BUF bytes for reading inputs */
    char lasterr[512]; /* the last error message, for the JSON record of a failed input */
    unsigned cmd;
    tx_format format;
    const char **rules; /* every --rules (and the PATH of `rules list`): at most argc of them */
    int nrules, rules_cap;
    const char **failon; /* every --fail-on CATEGORY (NULL: confidence only), at most argc */
    int *failon_conf;    /* ... and its least confidence */
    int nfailon;
    int no_builtin;
    tx_options opt;
    int color_mode; /* 0 auto, 1 always, -1 never */
    int no_prefilter;
    txc_capture_opts cap; /* capture's options (capture_args.c checks them) */
    txc_scan_opts scan;   /* scan's own options (scan.c checks them) */
    txc_context *ctx; /* tool output lent to the other inputs (evidence.c) */
    int no_config;    /* --no-config: not the user's rules (config.c) */
    txc_config cfg;   /* the paths of the user's rules, read from the environment once */
    int cfg_read;
    int jobs;         /* -j; 0: the number of online cores */
    int recursive;    /* -R */
    txc_walk walk;    /* the files -R found */
    FILE *spool;      /* --format html: a copy of the input being read when it cannot be read
                         again (stdin, a pipe), for the lines around its evidence */
} cli;

__attribute__((format(printf, 2, 3))) static void errorf(cli *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->lasterr, sizeof c->lasterr, fmt, ap);
    va_end(ap);
    fprintf(c->err, "%s: error: %s\n", progname, c->lasterr);
}

/* After each piece of output: flush it and check that it was written.  The
 * first failure is reported once; the caller stops and returns EXIT_OUTPUT.
 * Returns 1 when the output is fine. */
static int out_ok(cli *c)
{
    if (c->out_failed)
        return 0;
    errno = 0;
    int bad = fflush(c->out) != 0;
    int e = errno;
    if (!bad && !ferror(c->out))
        return 1;
    c->out_failed = 1;
    errorf(c, "cannot write the output: %s", e ? strerror(e) : "write error");
    return 0;
}

/* ---- help ---------------------------------------------------------------------- */

static const struct {
    unsigned cmd;
    const char *name, *usage, *what, *examples;
} commands[] = {
    {CMD_EXPLAIN, "explain", "tlsexplain [explain] [OPTIONS] FILE...|-",
     "Explain why TLS connections in a Java log failed: ranked causes, the log lines that prove\n"
     "them, and the steps that fix them.  Reads JSSE debug logs of every JDK generation (and IBM\n"
     "JSSE2), application logs and bare stack traces, and the output of keytool -list -v,\n"
     "openssl s_client / x509 -text and curl -v.  With several files, one report per file and a\n"
     "summary table (JSON: one object per line); a file that is pure keytool/openssl/curl output\n"
     "also lends its truststore listing to the others, whose chains are checked against it.",
     "  tlsexplain client.log\n"
     "  tlsexplain client.log keytool-list.txt\n"
     "  java -Djavax.net.debug=all -jar app.jar 2>&1 | tlsexplain\n"
     "  tlsexplain --format markdown agent.log > ticket-comment.md\n"
     "  tlsexplain --profile ia --format json integration-agent.log\n"
     "  tlsexplain --format html client.log server.log > report.html\n"},
    {CMD_COMPARE, "compare", "tlsexplain compare [OPTIONS] GOOD BAD",
     "Compare a log where the connection works with one where it fails: the first step where\n"
     "they part, the facts that differ side by side, and the failing log's findings with the\n"
     "differences that support each.",
     "  tlsexplain compare laptop-ok.log server-fails.log\n"
     "  tlsexplain compare --format json yesterday.log today.log\n"
     "  tlsexplain compare --format html laptop-ok.log server-fails.log > compare.html\n"},
    {CMD_TIMELINE, "timeline", "tlsexplain timeline [OPTIONS] FILE...|-",
     "Draw each connection as a ladder between client and server, marking where it stopped\n"
     "and which side raised the alert.",
     "  tlsexplain timeline client.log\n"
     "  tlsexplain timeline --format markdown client.log\n"},
    {CMD_EVENTS, "events", "tlsexplain events [OPTIONS] FILE...|-",
     "Print the events the tokenizer found, one per line (the canonical dump; JSON Lines with\n"
     "--format json).",
     "  tlsexplain events client.log\n"
     "  tlsexplain events --format json client.log | jq 'select(.type == \"certificate\")'\n"},
    {CMD_RULES, "rules", "tlsexplain rules list|check [OPTIONS] [PATH]",
     "`rules list` shows the rulebook (the shipped rules and any added with --rules).\n"
     "`rules check [PATH]` loads PATH (default: the shipped rulebook) and verifies that every\n"
     "rule fires on its `match` samples and not on its `nomatch` samples.",
     "  tlsexplain rules list\n"
     "  tlsexplain rules list --format markdown > docs/diagnoses.md\n"
     "  tlsexplain rules check my-rules.yaml\n"},
    {CMD_CAPTURE, "capture", "tlsexplain capture [OPTIONS] https://HOST[:PORT]/|tls://HOST:PORT|HOST:PORT",
     "Run a small Java probe with the JRE you name (the one the application uses) against the URL\n"
     "(an HTTPS request) or TLS port (a TLS handshake, after --starttls PROTO's clear-text upgrade),\n"
     "with -Djavax.net.debug=all and the truststore and client keystore you give, directly or\n"
     "through --proxy; save the whole log to a new file of mode 0600 (named after the host and the\n"
     "UTC time, or --output) and explain it.  Needs only a JRE 8+ (the probe ships compiled;\n"
     "TLSEXPLAIN_PROBE=source runs it from source on a JDK 11+).  Verification is never weakened;\n"
     "the JVM connects to the target (or the proxy) only; at --timeout it is stopped.  Passwords\n"
     "come from files (--storepass-file, --keystore-password-file, --proxy-auth-file) or the\n"
     "environment, never from the command line.",
     "  tlsexplain capture https://api.example.com/\n"
     "  tlsexplain capture --java /opt/ia/jre/bin/java https://mgmt.example.com:8443/\n"
     "  tlsexplain capture --truststore app-trust.p12 --storepass-file pass.txt -o debug.log https://10.0.0.5:8443/\n"
     "  tlsexplain capture --keystore client.p12 --keystore-password-file kpass.txt https://mtls.example.com/\n"
     "  tlsexplain capture --starttls smtp mail.example.com:587\n"
     "  tlsexplain capture --proxy proxy.corp:3128 ldap.example.com:636\n"},
    {CMD_SCAN, "scan", "tlsexplain scan [OPTIONS] HOST:PORT|tls://HOST:PORT|https://HOST[:PORT]/",
     "Check a server from inside the JRE you name (the one the application uses), with its truststore,\n"
     "client keystore and security properties: the JRE's facts (version, truststore and anchors,\n"
     "disabled algorithms, enabled protocols and suites), which of TLSv1.3/1.2/1.1/1.0 this JRE can\n"
     "offer and the server accepts, the chain as served (read with a trust-all manager only to display\n"
     "it) and whether the JRE's own trust manager accepts it, revocation checking off and (--revocation)\n"
     "on, the OCSP response the server staples, SNI with, without and with a wrong name, optionally the\n"
     "accepted cipher suites; then the application's view (the JRE's defaults, host name verified)\n"
     "goes through the rulebook and the report ends with ranked causes.  Every connection can speak\n"
     "--starttls PROTO first and go through --proxy, as capture's do.  A bounded number of handshakes,\n"
     "each with a time limit, all within --timeout; the JVM connects to the target (or the proxy)\n"
     "only, and with --revocation to the OCSP and CRL URLs in the certificates.  Passwords come from\n"
     "files or the environment, never from the command line.  --save FILE keeps the probe's output;\n"
     "compare of two saved scans shows the facts that differ, then compares the application views.\n"
     "Formats: text, markdown, json (docs/scan-v1.schema.json) and html (the facts, the chain as a\n"
     "tree, the ranked causes).",
     "  tlsexplain scan api.example.com:443\n"
     "  tlsexplain scan --suites --format html api.example.com:443 > scan.html\n"
     "  tlsexplain scan --java /opt/ia/jre/bin/java --suites --save scan.txt https://mgmt.example.com:8443/\n"
     "  tlsexplain scan --truststore app-trust.p12 --storepass-file pass.txt --format json 10.0.0.5:8443\n"
     "  tlsexplain scan --keystore client.p12 --keystore-password-file kpass.txt --revocation mtls.example.com:443\n"
     "  tlsexplain scan --starttls smtp --proxy proxy.corp:3128 mail.example.com:587\n"
     "  tlsexplain compare agent-scan.txt laptop-scan.txt\n"},
};

static void print_help(unsigned cmd, FILE *f)
{
    size_t ci = 0;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (commands[i].cmd == cmd)
            ci = i;
    fprintf(f, "Usage: %s\n\n%s\n\n", commands[ci].usage, commands[ci].what);
    if (cmd == CMD_EXPLAIN) {
        fputs("Commands:\n", f);
        for (const txc_cmd *k = txc_cmds; k->name; k++)
            fprintf(f, "  %-9s %s\n", k->name, k->summary);
        fputc('\n', f);
    }
    fputs("Options:\n", f);
    for (const txc_opt *o = txc_opts; o->id; o++) {
        if (!(o->cmds & cmd))
            continue;
        char left[64];
        if (o->shrt)
            snprintf(left, sizeof left, "-%c, --%s%s%s", o->shrt, o->lng, o->arg ? " " : "", o->arg ? o->arg : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", o->lng, o->arg ? " " : "", o->arg ? o->arg : "");
        /* a left column too wide for its 24 places puts the description on the next line */
        fprintf(f, strlen(left) > 24 ? "  %s\n%27s" : "  %-24s ", left, "");
        /* the description wraps under itself at 79 columns (the library's one
         * word wrap, as the text report's) */
        (void)tx_write_wrapped(f, o->help, 27, 27, 79);
        fputc('\n', f);
    }
    fprintf(f, "\nExamples:\n%s", commands[ci].examples);
    fputs("\nExit status: 0 no failure found, 1 failure diagnosed, 2 usage error, 3 rule error,\n"
          "4 input error, 5 internal error, 6 a failure or nothing that no rule explains,\n"
          "7 output error (the report could not be written).  See tlsexplain(1).\n",
          f);
}

static int usage_error(cli *c, unsigned cmd, const char *msg)
{
    errorf(c, "%s", msg);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (commands[i].cmd == cmd)
            fprintf(c->err, "Usage: %s\nTry '%s %s%s--help'.\n", commands[i].usage, progname,
                    cmd == CMD_EXPLAIN ? "" : (cmd == CMD_RULES ? "rules" : commands[i].name),
                    cmd == CMD_EXPLAIN ? "" : " ");
    return EXIT_USAGE;
}

/* ---- option parsing -------------------------------------------------------------- */

static const txc_config *config(cli *c);
static tx_status compile_rules(cli *c, const char *only, int quiet, tx_ruleset **out, const txc_cfg_path **culprit);

static int parse_format(const char *s, tx_format *f)
{
    if (!strcmp(s, "text"))
        *f = TX_FORMAT_TEXT;
    else if (!strcmp(s, "json"))
        *f = TX_FORMAT_JSON;
    else if (!strcmp(s, "markdown") || !strcmp(s, "md"))
        *f = TX_FORMAT_MARKDOWN;
    else if (!strcmp(s, "sarif"))
        *f = TX_FORMAT_SARIF;
    else if (!strcmp(s, "html"))
        *f = TX_FORMAT_HTML;
    else
        return -1;
    return 0;
}

/* Returns the index of the first operand, or -1 after printing an error (exit code in *rc). */
static int parse_opts(cli *c, int argc, char **argv, int *rc)
{
    struct option lo[64];
    char so[128];
    size_t nlo = 0, nso = 0;
    so[nso++] = '+';
    so[nso++] = ':';
    /* sized for the option table (not for argv): 17 options today */
    for (const txc_opt *o = txc_opts; o->id && nlo + 1 < sizeof lo / sizeof lo[0] && nso + 3 < sizeof so; o++) {
        lo[nlo].name = o->lng;
        lo[nlo].has_arg = o->arg ? required_argument : no_argument;
        lo[nlo].flag = NULL;
        lo[nlo].val = 256 + o->id;
        nlo++;
        if (o->shrt) {
            so[nso++] = o->shrt;
            if (o->arg)
                so[nso++] = ':';
        }
    }
    memset(&lo[nlo], 0, sizeof lo[nlo]);
    so[nso] = '\0';
    optind = 0; /* glibc: a full re-initialization, as argv may be another one */
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, so, lo, NULL)) != -1) {
        const txc_opt *o = NULL;
        if (ch >= 256) {
            o = &txc_opts[0];
            while (o->id && o->id != ch - 256)
                o++;
        } else if (ch != '?' && ch != ':') {
            for (o = txc_opts; o->id && o->shrt != ch; o++)
                ;
        }
        if (!o || !o->id) {
            char msg[128];
            if (ch == ':')
                snprintf(msg, sizeof msg, "option '%s' needs an argument", argv[optind - 1]);
            else
                snprintf(msg, sizeof msg, "unknown option '%s'", argv[optind - 1]);
            *rc = usage_error(c, c->cmd, msg);
            return -1;
        }
        if (!(o->cmds & c->cmd)) {
            char msg[128];
            snprintf(msg, sizeof msg, "option '--%s' does not apply to this command", o->lng);
            *rc = usage_error(c, c->cmd, msg);
            return -1;
        }
        switch (o->id) {
        case OPT_FORMAT:
            if (parse_format(optarg, &c->format)) {
                *rc = usage_error(c, c->cmd, "--format must be text, json, markdown, sarif or html");
                return -1;
            }
            break;
        case OPT_RULES:
            if (c->nrules >= c->rules_cap) { /* cannot happen: one --rules per argv word */
                *rc = usage_error(c, c->cmd, "too many --rules");
                return -1;
            }
            c->rules[c->nrules++] = optarg;
            break;
        case OPT_NO_BUILTIN: c->no_builtin = 1; break;
        case OPT_FAIL_ON: {
            const char *cat = optarg;
            int conf = 0;
            if (!strncmp(optarg, "confidence:", 11)) {
                char *end;
                long v = strtol(optarg + 11, &end, 10);
                if (!optarg[11] || *end || v < 0 || v > 100) {
                    *rc = usage_error(c, c->cmd, "--fail-on confidence:N takes N from 0 to 100");
                    return -1;
                }
                cat = NULL;
                conf = (int)v;
            } else if (!*optarg || strspn(optarg, "abcdefghijklmnopqrstuvwxyz0123456789-_") != strlen(optarg)) {
                *rc = usage_error(c, c->cmd, "--fail-on takes a category (see 'tlsexplain rules list') or confidence:N");
                return -1;
            }
            if (c->nfailon >= c->rules_cap) { /* cannot happen: one per argv word */
                *rc = usage_error(c, c->cmd, "too many --fail-on");
                return -1;
            }
            c->failon[c->nfailon] = cat;
            c->failon_conf[c->nfailon++] = conf;
            break;
        }
        case OPT_PROFILE: /* a declared profile: checked once the rules are loaded (check_profile) */
            if (!*optarg) {
                *rc = usage_error(c, c->cmd, "--profile must be 'ia' (xMatters integration agent), 'android' (an "
                                             "Android app), a profile a rule file declares, or 'none'");
                return -1;
            }
            c->opt.profile = strcmp(optarg, "none") ? optarg : NULL;
            break;
        case OPT_HOST: c->opt.host = optarg; break;
        case OPT_REDACT: c->opt.redact = 1; break;
        case OPT_COLOR:
            if (!strcmp(optarg, "auto"))
                c->color_mode = 0;
            else if (!strcmp(optarg, "always"))
                c->color_mode = 1;
            else if (!strcmp(optarg, "never"))
                c->color_mode = -1;
            else {
                *rc = usage_error(c, c->cmd, "--color must be auto, always or never");
                return -1;
            }
            break;
        case OPT_WIDTH: {
            char *end;
            long w = strtol(optarg, &end, 10);
            if (*end || w < 20 || w > 1000) {
                *rc = usage_error(c, c->cmd, "--width must be a number from 20 to 1000");
                return -1;
            }
            c->opt.width = (int)w;
            break;
        }
        case OPT_NOW: {
            char *end;
            long long t = strtoll(optarg, &end, 10);
            if (*end || t <= 0) {
                *rc = usage_error(c, c->cmd, "--now takes seconds since 1970-01-01 UTC (e.g. $(date +%s))");
                return -1;
            }
            c->opt.now = t;
            break;
        }
        case OPT_NO_PREFILTER: c->no_prefilter = 1; break;
        case OPT_NO_CONFIG: c->no_config = 1; break;
        case OPT_RECURSIVE: c->recursive = 1; break;
        case OPT_JOBS: {
            char *end;
            long j = strtol(optarg, &end, 10);
            if (!*optarg || *end || j < 1 || j > TX_MAX_JOBS) {
                char msg[128];
                snprintf(msg, sizeof msg, "--jobs must be a number from 1 to %d", TX_MAX_JOBS);
                *rc = usage_error(c, c->cmd, msg);
                return -1;
            }
            c->jobs = (int)j;
            break;
        }
        case OPT_JAVA:
        case OPT_TRUSTSTORE:
        case OPT_STOREPASS:
        case OPT_STOREPASS_FILE:
        case OPT_OUTPUT:
        case OPT_FORCE:
        case OPT_KEYSTORE:
        case OPT_KEYSTORE_PASS_FILE:
        case OPT_KEYSTORE_TYPE:
        case OPT_KEYSTORE_PASS:
        case OPT_STARTTLS:
        case OPT_PROXY:
        case OPT_PROXY_AUTH_FILE:
        case OPT_TIMEOUT: {
            char why[512];
            if (txc_capture_option(&c->cap, o->id, optarg, why, sizeof why) != 0) {
                *rc = usage_error(c, c->cmd, why);
                return -1;
            }
            break;
        }
        case OPT_SAVE: c->scan.save = optarg; break;
        case OPT_SERVERNAME: c->scan.servername = optarg; break;
        case OPT_SUITES: c->scan.suites = 1; break;
        case OPT_REVOCATION: c->scan.revocation = 1; break;
        case OPT_HELP:
            print_help(c->cmd, c->out);
            *rc = EXIT_OK;
            return -1;
        case OPT_VERSION: {
            /* the first line is the version alone; then how it was built */
            char lib[256], z[256];
            tx_build_info(lib, sizeof lib);
            txc_z_versions(z, sizeof z);
            fprintf(c->out, "tlsexplain %s\n", TX_VERSION);
            fprintf(c->out, "rulebook: %s\n", c->no_builtin ? "not loaded (--no-builtin)" : "embedded");
            /* the configuration it would load, in order, and whether each is there */
            int ncfg = 0;
            const txc_config *cf = c->no_config ? NULL : config(c);
            if (c->no_config)
                fputs("config: not loaded (--no-config)\n", c->out);
            else if (!cf || !cf->n)
                fputs("config: none (no HOME, XDG_CONFIG_HOME or TLSEXPLAIN_RULES)\n", c->out);
            for (int i = 0; cf && i < cf->n; i++) {
                int there = txc_config_exists(&cf->p[i]);
                ncfg += there;
                fprintf(c->out, "config: %s (%s%s)\n", cf->p[i].path,
                        cf->p[i].optional ? "rules.d" : cf->p[i].origin, there ? "" : ", not found");
            }
            tx_ruleset *rs = NULL;
            if ((!c->no_builtin || c->nrules || ncfg) && compile_rules(c, NULL, 1, &rs, NULL) != TX_OK)
                rs = NULL;
            if (rs)
                fprintf(c->out, "rules: %zu%s\n", tx_ruleset_count(rs),
                        ncfg && c->nrules ? " (with config and --rules)" : ncfg ? " (with config)"
                        : c->nrules ? " (with --rules)" : "");
            else if (!c->no_builtin || c->nrules || ncfg)
                fputs("rules: not loaded (an error: see 'tlsexplain rules check')\n", c->out);
            tx_ruleset_free(rs);
            fprintf(c->out, "libraries: %s\ndecompression: %s\n", lib, z);
            *rc = EXIT_OK;
            return -1;
        }
        }
    }
    return optind;
}

/* ---- rules ----------------------------------------------------------------------------- */

static void print_diag(const tx_diag *d, void *ud)
{
    FILE *err = ((cli *)ud)->err;
    const char *kind = d->warning ? "warning" : "error";
    if (d->file && d->line)
        fprintf(err, "%s:%u:%u: %s: %s\n", d->file, d->line, d->col ? d->col : 1, kind, d->msg);
    else if (d->file)
        fprintf(err, "%s: %s: %s\n", d->file, kind, d->msg);
    else
        fprintf(err, "%s: %s: %s\n", progname, kind, d->msg);
    if (d->source[0]) {
        fprintf(err, "%5u | %s\n", d->line, d->source);
        /* the caret lines up under the column, with the source's own tabs */
        fputs("      | ", err);
        size_t sl = strlen(d->source);
        for (unsigned i = 0; d->col > 1 && i < d->col - 1; i++)
            fputc(i < sl && d->source[i] == '\t' ? '\t' : ' ', err);
        fputs("^\n", err);
    }
    if (d->help[0])
        fprintf(err, "help: %s\n", d->help);
}

/* The user's configuration (config.h), read from the environment once.
 * NULL when out of memory. */
static const txc_config *config(cli *c)
{
    if (!c->cfg_read) {
        if (txc_config_paths(&c->cfg) != 0)
            return NULL;
        c->cfg_read = 1;
    }
    return &c->cfg;
}

/* The rules: PATH alone (`rules check PATH`), else the shipped rulebook (not
 * with --no-builtin) and the user's configuration (not with --no-config);
 * then every --rules.  A same id replaces the rule loaded before.  quiet: no
 * diagnostics (--version).  *culprit: the configuration path that failed. */
static tx_status compile_rules(cli *c, const char *only, int quiet, tx_ruleset **out, const txc_cfg_path **culprit)
{
    tx_compiler *comp;
    if (tx_compiler_new(&comp) != TX_OK)
        return TX_ENOMEM;
    if (!quiet)
        tx_compiler_set_callback(comp, print_diag, c);
    tx_status s = TX_OK;
    if (only)
        s = tx_compiler_add_path(comp, only);
    else if (!c->no_builtin)
        s = tx_compiler_add_builtin(comp);
    if (!only && !c->no_config && s == TX_OK) {
        const txc_config *cf = config(c);
        if (!cf)
            s = TX_ENOMEM;
        for (int i = 0; cf && s == TX_OK && i < cf->n; i++) {
            if (cf->p[i].optional && !txc_config_exists(&cf->p[i]))
                continue; /* no rules.d: nothing */
            s = tx_compiler_set_origin(comp, cf->p[i].origin);
            if (s == TX_OK)
                s = tx_compiler_add_path(comp, cf->p[i].path);
            if (s != TX_OK && culprit)
                *culprit = &cf->p[i];
        }
    }
    if (s == TX_OK)
        s = tx_compiler_set_origin(comp, "--rules");
    for (int i = 0; s == TX_OK && i < c->nrules; i++)
        s = tx_compiler_add_path(comp, c->rules[i]);
    if (s == TX_OK)
        s = tx_compiler_finish(comp, out);
    tx_compiler_free(comp);
    return s;
}

/* --profile: a profile the rules declare (rules/tls/profiles.yaml, or a
 * rule file's `profiles:`). */
static int check_profile(cli *c, const tx_ruleset *rs)
{
    if (!c->opt.profile || tx_ruleset_has_profile(rs, c->opt.profile))
        return EXIT_OK;
    char msg[320];
    snprintf(msg, sizeof msg, "--profile: no profile '%.80s' is declared (the shipped ones are 'ia', xMatters "
                              "integration agent, and 'android', an Android app; a rule file may declare more "
                              "under 'profiles:')", c->opt.profile);
    return usage_error(c, c->cmd, msg);
}

/* The read-only data of this program is mostly what start-up reads once:
 * the rule files, their parsed documents, the compiled patterns and the
 * Hyperscan databases the build made (about 3 MB).  Once the rules are
 * built those pages are dropped from memory (MADV_DONTNEED on a read-only
 * file mapping: a page read later comes back from the file, unchanged), so
 * they do not count against a long run's resident size.  Finds the segment
 * holding this function's own constant; nothing when it is not found. */
static const char rodata_anchor[] = "tlsexplain read-only data";

static int rodata_segment(struct dl_phdr_info *info, size_t size, void *ud)
{
    (void)size;
    uintptr_t *range = ud, at = (uintptr_t)(const void *)rodata_anchor;
    /* relocations applied to read-only pages (DT_TEXTREL) would be undone: leave them */
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_DYNAMIC)
            continue;
        for (const ElfW(Dyn) *d = (const ElfW(Dyn) *)(info->dlpi_addr + ph->p_vaddr); d->d_tag != DT_NULL; d++)
            if (d->d_tag == DT_TEXTREL || (d->d_tag == DT_FLAGS && (d->d_un.d_val & DF_TEXTREL)))
                return 0;
    }
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        uintptr_t lo = (uintptr_t)info->dlpi_addr + (uintptr_t)ph->p_vaddr, hi = lo + (uintptr_t)ph->p_memsz;
        if (ph->p_type == PT_LOAD && ph->p_flags == PF_R && at >= lo && at < hi) {
            range[0] = lo;
            range[1] = hi;
            return 1;
        }
    }
    return 0;
}

static void release_rodata(void)
{
    uintptr_t range[2] = {0, 0};
    long pg = sysconf(_SC_PAGESIZE);
    if (pg <= 0 || !dl_iterate_phdr(rodata_segment, range))
        return;
    uintptr_t lo = (range[0] + (uintptr_t)pg - 1) & ~((uintptr_t)pg - 1), hi = range[1] & ~((uintptr_t)pg - 1);
    if (hi > lo)
        (void)madvise((void *)lo, hi - lo, MADV_DONTNEED);
}

static int load_rules(cli *c, const char *only, tx_ruleset **out)
{
    const txc_cfg_path *culprit = NULL;
    tx_status s = compile_rules(c, only, 0, out, &culprit);
    if (s != TX_OK && s != TX_ENOMEM && culprit)
        fprintf(c->err, "%s: note: '%s' is the user's configuration (%s); --no-config skips it\n", progname,
                culprit->path, culprit->optional ? "rules.d" : "TLSEXPLAIN_RULES");
    if (s != TX_OK) {
        if (s == TX_ENOMEM) {
            errorf(c, "out of memory");
            return EXIT_INTERNAL;
        }
        errorf(c, "rules not loaded: %s", tx_strerror(s));
        return EXIT_RULES;
    }
    int rc = check_profile(c, *out);
    if (rc != EXIT_OK) {
        tx_ruleset_free(*out);
        *out = NULL;
    }
    release_rodata();
    return rc;
}

/* ---- reading inputs ---------------------------------------------------------------------- */

static void spool_drop(cli *c)
{
    if (c->spool)
        fclose(c->spool);
    c->spool = NULL;
}

/* --format html: the input read a second time, for the lines around the
 * evidence (tx_analysis_feed_context): a regular file by name, anything
 * else from the copy feed_file made.  Without either the report says the
 * context is not available. */
static void feed_context(cli *c, tx_analysis *a, const char *path)
{
    FILE *f = c->spool;
    c->spool = NULL;
    txc_zinfo zi;
    memset(&zi, 0, sizeof zi);
    struct stat st;
    if (f) {
        rewind(f);
    } else if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode) && (f = fopen(path, "rb"))) {
        f = txc_zopen(f, 1, &zi);
    }
    if (!f)
        return;
    size_t n;
    tx_status s = TX_OK;
    if ((n = fread(c->buf, 1, READ_BUF, f)) > 0 && txc_scan_is_saved(c->buf, n)) {
        /* a saved scan: its fact lines were read as empty lines (feed_file's
         * filter), and are so again; the file is read again for its lines */
        rewind(f);
        char *ln = NULL;
        size_t cap = 0;
        ssize_t k;
        while (s == TX_OK && (k = getline(&ln, &cap, f)) > 0)
            s = k >= 6 && !memcmp(ln, "scan: ", 6) ? tx_analysis_feed_context(a, ln[k - 1] == '\n' ? "\n" : " ", 1)
                                                   : tx_analysis_feed_context(a, ln, (size_t)k);
        free(ln);
        n = 0;
    }
    for (; s == TX_OK && n > 0; n = fread(c->buf, 1, READ_BUF, f))
        s = tx_analysis_feed_context(a, c->buf, n);
    if (s == TX_OK && !ferror(f) && !zi.err[0])
        tx_analysis_feed_context(a, NULL, 0); /* else never ended: not available */
    fclose(f);
}

/* A saved scan's application view has no timestamps: its dates are judged at the time of the
 * scan, as the live scan judged them (unless --now). */
static void scan_now(const cli *c, tx_analysis *a, const char *buf, size_t n)
{
    long long t = txc_scan_time(buf, n);
    if (t > 0 && !c->opt.now)
        (void)tx_analysis_set_int(a, TX_OPT_NOW, t);
}

/* Feed input number idx (path) to a.  An input the tool-output sniff had
 * to read already (a pipe, a FIFO) is not opened again: the bytes it read
 * are fed first, then the rest of the same stream (evidence.c). */
static int feed_file(cli *c, tx_analysis *a, const char *path, int idx)
{
    FILE *f;
    int is_stdin = strcmp(path, "-") == 0;
    const char *pre = NULL;
    size_t npre = 0;
    txc_zinfo zlocal;
    const txc_zinfo *zi = &zlocal;
    memset(&zlocal, 0, sizeof zlocal);
    FILE *held = idx >= 0 ? txc_context_held(c->ctx, idx, &pre, &npre, &zi) : NULL;
    /* a saved scan (scan --save): its fact lines are blanked, its application view read */
    txc_scan_filter sf;
    memset(&sf, 0, sizeof sf);
    int saved_scan = -1; /* undecided until the first bytes */
    int regular = 0;     /* a regular file (opened by name: it can be read again) */
    if (held) {
        f = held;
        if (npre) {
            saved_scan = txc_scan_is_saved(pre, npre);
            if (saved_scan)
                scan_now(c, a, pre, npre);
            if (saved_scan)
                txc_scan_filter_feed(&sf, a, pre, npre);
            else
                tx_analysis_feed(a, pre, npre);
        }
    } else if (is_stdin) {
        /* compressed data on stdin is recognised by its first bytes too */
        f = txc_zopen(c->in, 0, &zlocal);
        if (!f) {
            errorf(c, "cannot read standard input: %s", zlocal.err);
            return EXIT_INPUT;
        }
    } else {
        struct stat st;
        if (stat(path, &st) != 0) {
            errorf(c, "cannot open '%s': %s", path, strerror(errno));
            return EXIT_INPUT;
        }
        if (S_ISDIR(st.st_mode)) {
            errorf(c, "'%s' is a directory, not a log file%s", path,
                   c->cmd & (CMD_EXPLAIN | CMD_TIMELINE | CMD_EVENTS) ? " (--recursive reads the files under it)" : "");
            return EXIT_INPUT;
        }
        f = fopen(path, "rb");
        if (!f) {
            errorf(c, "cannot open '%s': %s", path, strerror(errno));
            return EXIT_INPUT;
        }
        regular = S_ISREG(st.st_mode);
        f = txc_zopen(f, 1, &zlocal); /* .gz, .zst, .xz, .bz2: by their first bytes, not their names */
        if (!f) {
            errorf(c, "cannot read '%s': %s", path, zlocal.err);
            return EXIT_INPUT;
        }
    }
    /* the HTML report reads its input again for the lines around the
     * evidence: what cannot be opened again is copied while it is read */
    if (c->format == TX_FORMAT_HTML && !regular) {
        c->spool = tmpfile(); /* NULL: the report says the context is not available */
        if (c->spool && npre && fwrite(pre, 1, npre, c->spool) != npre)
            spool_drop(c);
    }
    int fd = fileno(c->err);
    int progress = fd >= 0 && isatty(fd);
    unsigned long long next = 64ull << 20, total = npre;
    size_t n;
    errno = 0;
    while ((n = fread(c->buf, 1, READ_BUF, f)) > 0) {
        if (saved_scan < 0 && (saved_scan = txc_scan_is_saved(c->buf, n)))
            scan_now(c, a, c->buf, n);
        /* a regular file sniffed by name (evidence.c) is fed the same bytes
         * from its start: the layout the sniff found of them is taken (unless
         * a saved scan's filter changes them) */
        if (regular && !held && total == 0 && !saved_scan && idx >= 0 && txc_context_layout(c->ctx, idx))
            (void)tx_analysis_set_int(a, TX_OPT_LAYOUT, txc_context_layout(c->ctx, idx));
        if (saved_scan)
            txc_scan_filter_feed(&sf, a, c->buf, n);
        else
            tx_analysis_feed(a, c->buf, n);
        if (c->spool && (total + n > TX_HTML_CONTEXT_SPOOL || fwrite(c->buf, 1, n, c->spool) != n))
            spool_drop(c);
        total += n;
        if (progress && total >= next) {
            fprintf(c->err, "\r%s: reading %s: %llu MiB", progname, is_stdin ? "stdin" : path, total >> 20);
            next += 64ull << 20;
        }
    }
    int e = errno;
    if (saved_scan > 0)
        txc_scan_filter_end(&sf, a);
    if (progress && total >= (64ull << 20))
        fprintf(c->err, "\r\033[K");
    int err = ferror(f);
    char zerr[sizeof zlocal.err];
    snprintf(zerr, sizeof zerr, "%s", zi->err); /* the stream's info goes with it */
    if (held)
        txc_context_done(c->ctx, idx);
    else if (f != c->in)
        fclose(f);
    if (zerr[0]) {
        /* the text before the bad data was analysed: its report still comes */
        errorf(c, "cannot read '%s': %s; the report covers the %llu bytes of text before it", path, zerr, total);
        c->partial = 1;
        return EXIT_INPUT;
    }
    if (err) {
        errorf(c, "cannot read '%s': %s", path, strerror(e ? e : EIO));
        return EXIT_INPUT;
    }
    return EXIT_OK;
}

static int analyse(cli *c, const tx_ruleset *rs, const char *path, int idx, tx_analysis **out, FILE *dump)
{
    tx_analysis *a;
    if (tx_analysis_new(rs, &c->opt, path, &a) != TX_OK) {
        errorf(c, "out of memory");
        return EXIT_INTERNAL;
    }
    if ((c->no_prefilter && tx_analysis_set_int(a, TX_OPT_PREFILTER, 0) != TX_OK) ||
        (dump && tx_analysis_dump_events(a, c->format, dump) != TX_OK)) {
        tx_analysis_free(a);
        errorf(c, "out of memory");
        return EXIT_INTERNAL;
    }
    txc_context_apply(c->ctx, a, path);
    int before = c->partial; /* sticky for the command; this input's own below */
    c->partial = 0;
    int rc = feed_file(c, a, path, idx);
    int part = c->partial;
    c->partial |= before;
    if (rc != EXIT_OK && !part) {
        spool_drop(c);
        tx_analysis_free(a);
        return rc;
    }
    txc_context_settle(c->ctx, a, path);
    if (tx_analysis_finish(a) != TX_OK) {
        spool_drop(c);
        tx_analysis_free(a);
        errorf(c, "out of memory");
        return EXIT_INTERNAL;
    }
    if (c->format == TX_FORMAT_HTML) {
        feed_context(c, a, path);
        /* the section's ids: its row in the summary (unique for inputs of one name) */
        (void)tx_analysis_set_int(a, TX_OPT_HTML_INDEX, idx > 0 ? idx : 0);
    }
    *out = a;
    return EXIT_OK;
}

static int verdict_exit(tx_verdict v)
{
    return v == TX_VERDICT_FAILURE ? EXIT_FAILURE_FOUND : v == TX_VERDICT_UNKNOWN ? EXIT_UNKNOWN : EXIT_OK;
}

/* ---- commands ------------------------------------------------------------------------------- */

/* The FILE operands, or "-" (stdin) when there are none.  NULL after a
 * usage error: standard input can be named only once (it cannot be read
 * twice). */
static const char *const *input_files(cli *c, int argc, char **argv, int first, int *n, int *rc)
{
    static const char *const stdin_only[] = {"-"};
    *n = argc - first;
    if (*n <= 0) {
        *n = 1;
        return stdin_only;
    }
    int dashes = 0;
    for (int i = first; i < argc; i++)
        dashes += strcmp(argv[i], "-") == 0;
    if (dashes > 1) {
        *rc = usage_error(c, c->cmd, "'-' (standard input) can be named only once");
        return NULL;
    }
    if (!c->recursive)
        return (const char *const *)argv + first;
    /* -R: a directory's files in its place (walk.c); a directory that
     * could not be read makes the command's status an input error */
    int walk_error = 0;
    if (txc_walk_expand(&c->walk, (const char *const *)argv + first, *n, c->err, &walk_error) != 0) {
        errorf(c, "out of memory");
        *rc = EXIT_INTERNAL;
        return NULL;
    }
    c->partial |= walk_error;
    if (!c->walk.n) {
        *rc = EXIT_INPUT;
        return NULL;
    }
    *n = c->walk.n;
    return (const char *const *)c->walk.files;
}

/* A library writer's status: its output failed (EXIT_OUTPUT, reported by
 * out_ok), or another error (EXIT_INTERNAL), or EXIT_OK. */
static int wrote(cli *c, tx_status s)
{
    if (!out_ok(c))
        return EXIT_OUTPUT;
    if (s == TX_EIO) { /* the writers' only EIO: the stream failed */
        c->out_failed = 1;
        errorf(c, "cannot write the output: write error");
        return EXIT_OUTPUT;
    }
    return s == TX_OK ? EXIT_OK : EXIT_INTERNAL;
}

/* --fail-on: every category must be one a rule has (a typo would never fire). */
static int check_failon(cli *c, const tx_ruleset *rs)
{
    for (int i = 0; i < c->nfailon; i++) {
        if (c->failon[i] && !tx_ruleset_has_category(rs, c->failon[i])) {
            char msg[200];
            snprintf(msg, sizeof msg, "--fail-on: no rule has the category '%.80s' (see 'tlsexplain rules list')",
                     c->failon[i]);
            return usage_error(c, c->cmd, msg);
        }
    }
    return EXIT_OK;
}

/* 1 when a reported finding of a meets one of the --fail-on conditions. */
static int failon_match(const cli *c, const tx_analysis *a)
{
    for (int i = 0; i < c->nfailon; i++)
        if (tx_analysis_has_finding(a, c->failon[i], c->failon_conf[i]))
            return 1;
    return 0;
}

/* SARIF: the results of a go into the run's one results array, after a
 * comma when another file's results came before (*any; NULL: never, the
 * writer of the jobs adds it).  *some: this file had results. */
static tx_status sarif_results(cli *c, const tx_analysis *a, int *any, int *some)
{
    char *mb = NULL;
    size_t ml = 0;
    FILE *mem = open_memstream(&mb, &ml);
    if (!mem)
        return TX_ENOMEM;
    tx_status st = tx_analysis_write(a, TX_FORMAT_SARIF, mem);
    if (fclose(mem) != 0 && st == TX_OK)
        st = TX_ENOMEM;
    if (st == TX_EIO) /* the memory stream's, not the output's */
        st = TX_ENOMEM;
    if (st == TX_OK && ml) {
        if (any && *any)
            fputc(',', c->out);
        fwrite(mb, 1, ml, c->out);
        if (any)
            *any = 1;
        *some = 1;
    }
    free(mb);
    return st;
}

/* JSON Lines: a file that could not be analysed still gets its record. */
static void json_error_record(cli *c, const char *file)
{
    fputs("{\"schema\":\"report-v1\",\"file\":", c->out);
    (void)tx_write_json_string(c->out, file, strlen(file));
    fputs(",\"verdict\":\"error\",\"error\":", c->out);
    (void)tx_write_json_string(c->out, c->lasterr, strlen(c->lasterr));
    fputs("}\n", c->out);
}

/* One input's outcome (explain, timeline, events), kept for the summary. */
typedef struct {
    const char *name;
    char *shown;      /* the name as the report shows it (--redact) */
    tx_verdict v;
    const char *cat;  /* the top category (the ruleset's string) */
    int err;          /* analyse()'s status: EXIT_OK, or why the input has no report */
    int wst;          /* writing the report: EXIT_OK, EXIT_INTERNAL, EXIT_OUTPUT */
    int failon;       /* a finding met --fail-on */
    int some;         /* SARIF: it had results */
    int partial;      /* read only in part (a job's: the writer adds it to the command's) */
    char *errmsg;     /* SARIF: the message of an input not read (NULL when out of memory) */
} fres;

/* The separator before a report that follows another. */
static const char *report_sep(const cli *c)
{
    return c->format == TX_FORMAT_JSON || c->format == TX_FORMAT_SARIF || c->format == TX_FORMAT_HTML ? NULL
         : c->format == TX_FORMAT_MARKDOWN ? "\n---\n\n" : "\n";
}

/* explain: analyse one input (its errors to c->err), then write its report
 * to c->out, after the separator when `after` (a report came before).
 * *any_results: SARIF, as sarif_results (NULL in a job). */
static void explain_one(cli *c, const tx_ruleset *rs, const char *path, int idx, fres *r, int after, int *any_results)
{
    tx_analysis *a = NULL;
    int sarif = c->format == TX_FORMAT_SARIF;
    r->name = path;
    r->err = analyse(c, rs, path, idx, &a, NULL);
    if (r->err != EXIT_OK) {
        if (c->format == TX_FORMAT_JSON) {
            json_error_record(c, path);
            out_ok(c);
        }
        if (sarif)
            r->errmsg = strdup(c->lasterr); /* NULL when out of memory: left out */
        return;
    }
    if (after && report_sep(c))
        fputs(report_sep(c), c->out);
    r->wst = wrote(c, sarif ? sarif_results(c, a, any_results, &r->some) : tx_analysis_write(a, c->format, c->out));
    r->failon = failon_match(c, a);
    r->shown = tx_analysis_display_name(a); /* masked with --redact */
    r->v = tx_analysis_verdict(a);
    r->cat = tx_analysis_top_category(a);
    tx_analysis_free(a);
}

/* ---- -j: the jobs (jobs.c) -------------------------------------------------------------- */

typedef struct {
    const cli *tmpl;      /* the cli as it was before the workers started: copied, never written */
    cli *c;               /* the command's own: the writer's (the calling thread) only */
    const tx_ruleset *rs;
    const char *const *files;
    fres *res;
    int any_output, any_results;
    void (*one)(cli *c, const tx_ruleset *rs, const char *path, int idx, fres *r); /* timeline, events */
} jobs_ctx;

/* A worker's cli: the template's settings with the job's streams, its own
 * read buffer and last error.  0, or -1 when out of memory. */
static int job_cli(const jobs_ctx *x, cli *wc, FILE *out, FILE *err)
{
    *wc = *x->tmpl;
    wc->out = out;
    wc->err = err;
    wc->out_failed = 0;
    wc->partial = 0;
    wc->lasterr[0] = '\0';
    wc->buf = read_buf();
    if (!wc->buf) {
        fprintf(err, "%s: error: out of memory\n", progname);
        return -1;
    }
    return 0;
}

/* The job's own writes failed (its memory stream): that is out of memory. */
static void job_done(cli *wc, fres *r)
{
    if (wc->out_failed || r->wst == EXIT_OUTPUT)
        r->wst = EXIT_INTERNAL;
    r->partial = wc->partial;
    free(wc->buf);
}

static void explain_job(void *ud, int i, FILE *out, FILE *err)
{
    jobs_ctx *x = ud;
    cli wc;
    if (job_cli(x, &wc, out, err) != 0) {
        x->res[i].name = x->files[i];
        x->res[i].err = EXIT_INTERNAL;
        return;
    }
    explain_one(&wc, x->rs, x->files[i], i, &x->res[i], 0, NULL);
    job_done(&wc, &x->res[i]);
}

/* The writer: the job's diagnostics, then (after the separator) its output. */
static int job_emit_streams(cli *c, const txc_jobout *o, fres *r, const char *sep)
{
    if (o->oom) {
        errorf(c, "out of memory");
        r->err = EXIT_INTERNAL;
        return 0;
    }
    if (o->nerr) {
        fwrite(o->err, 1, o->nerr, c->err);
        fflush(c->err);
    }
    if (sep)
        fputs(sep, c->out);
    txc_jobout_copy(o, c->out);
    c->partial |= r->partial;
    if (!out_ok(c))
        r->wst = EXIT_OUTPUT;
    return 0;
}

static int explain_emit(void *ud, int i, const txc_jobout *o)
{
    jobs_ctx *x = ud;
    cli *c = x->c;
    fres *r = &x->res[i];
    const char *sep = NULL;
    r->name = x->files[i];
    if (!o->oom && r->err == EXIT_OK) {
        if (x->any_output)
            sep = report_sep(c);
        if (c->format == TX_FORMAT_SARIF && r->some && x->any_results)
            sep = ",";
        x->any_results |= r->some;
        x->any_output = 1;
    }
    job_emit_streams(c, o, r, sep);
    return c->out_failed;
}

/* How many workers for n inputs: -j, else the online cores; 1 when one
 * input (or -j 1): no thread, as before -j existed. */
static int njobs(const cli *c, int n)
{
    int j = c->jobs ? c->jobs : txc_jobs_default();
    return j < n ? j : n;
}

static const char *verdict_word(const fres *r)
{
    return r->err ? "error" : r->v == TX_VERDICT_SUCCESS ? "success" : r->v == TX_VERDICT_FAILURE ? "failure" : "unknown";
}

/* The HTML page: its head, the summary table (several inputs), the sections. */
static void html_page(cli *c, const char *const *files, int nfiles, const fres *sum, const char *sections, size_t n)
{
    char title[512];
    const char *one = nfiles == 1 ? (sum[0].shown ? sum[0].shown : files[0]) : NULL;
    if (one)
        snprintf(title, sizeof title, "tlsexplain: %s", one);
    else
        snprintf(title, sizeof title, "tlsexplain: %d files", nfiles);
    tx_status st = tx_html_begin(c->out, title);
    if (st == TX_OK && nfiles > 1) {
        const char **names = calloc((size_t)nfiles, sizeof *names), **vs = calloc((size_t)nfiles, sizeof *vs);
        const char **cats = calloc((size_t)nfiles, sizeof *cats);
        if (names && vs && cats) {
            for (int i = 0; i < nfiles; i++) {
                names[i] = sum[i].shown ? sum[i].shown : files[i];
                vs[i] = verdict_word(&sum[i]);
                cats[i] = sum[i].err ? NULL : sum[i].cat;
            }
            st = tx_html_summary(c->out, (unsigned)nfiles, names, vs, cats);
        } else {
            st = TX_ENOMEM;
        }
        free(names);
        free(vs);
        free(cats);
    }
    if (st == TX_OK && n)
        fwrite(sections, 1, n, c->out);
    if (st == TX_OK)
        st = tx_html_end(c->out);
    wrote(c, st);
}

static int cmd_explain(cli *c, int argc, char **argv, int first)
{
    int nfiles, rc = EXIT_OK;
    const char *const *files = input_files(c, argc, argv, first, &nfiles, &rc);
    if (!files)
        return rc;
    tx_ruleset *rs = NULL;
    rc = load_rules(c, NULL, &rs);
    if (rc != EXIT_OK)
        return rc;
    if ((rc = check_failon(c, rs)) != EXIT_OK) {
        tx_ruleset_free(rs);
        return rc;
    }
    int any_output = 0, any_failure = 0, any_unknown = 0, input_error = 0, internal_error = 0, any_failon = 0;
    int sarif = c->format == TX_FORMAT_SARIF, any_results = 0;
    unsigned nerr = 0;
    fres *sum = calloc((size_t)nfiles, sizeof *sum);
    char **errs = calloc((size_t)nfiles, sizeof *errs); /* SARIF: the messages of the inputs not read */
    if (!sum || !errs) {
        free(sum);
        free(errs);
        tx_ruleset_free(rs);
        errorf(c, "out of memory");
        return EXIT_INTERNAL;
    }
    if (sarif)
        wrote(c, tx_sarif_begin(rs, c->out));
    /* HTML: the sections are held until the summary table that comes first */
    int html = c->format == TX_FORMAT_HTML;
    FILE *page = c->out, *mem = NULL;
    char *sections = NULL;
    size_t nsections = 0;
    if (html) {
        mem = open_memstream(&sections, &nsections);
        if (!mem) {
            free(sum);
            free(errs);
            tx_ruleset_free(rs);
            errorf(c, "out of memory");
            return EXIT_INTERNAL;
        }
        c->out = mem;
    }
    c->ctx = txc_context_load(files, nfiles, &c->opt, c->err); /* tool output lends its truststore listing */
    int nj = njobs(c, nfiles), done = nfiles;
    if (nj > 1 && !c->out_failed) {
        cli tmpl = *c;
        jobs_ctx x = {&tmpl, c, rs, files, sum, 0, 0, NULL};
        done = txc_jobs_run(nfiles, nj, 0, explain_job, explain_emit, &x);
    } else {
        for (int i = 0; i < nfiles && !c->out_failed; i++) {
            explain_one(c, rs, files[i], i, &sum[i], any_output, &any_results);
            any_output |= sum[i].err == EXIT_OK;
        }
    }
    for (int i = 0; i < done && i < nfiles; i++) {
        fres *r = &sum[i];
        if (!r->name)
            break; /* not analysed: the output failed before */
        if (r->err != EXIT_OK) {
            if (r->err == EXIT_INTERNAL)
                internal_error = 1;
            else
                input_error = 1;
            if (sarif)
                errs[nerr++] = r->errmsg;
            r->errmsg = NULL;
            continue;
        }
        any_failon |= r->failon;
        if (r->wst == EXIT_INTERNAL || !r->shown)
            internal_error = 1;
        any_failure |= r->v == TX_VERDICT_FAILURE;
        any_unknown |= r->v == TX_VERDICT_UNKNOWN;
    }
    /* the most severe first: output, internal, input, failure diagnosed, unexplained */
    input_error |= c->partial;
    int worst = internal_error ? EXIT_INTERNAL : input_error ? EXIT_INPUT : any_failure ? EXIT_FAILURE_FOUND
              : any_unknown ? EXIT_UNKNOWN : EXIT_OK;
    if (c->nfailon && !internal_error && !input_error) /* --fail-on decides 0 or 1 */
        worst = any_failon ? EXIT_FAILURE_FOUND : EXIT_OK;
    if (sarif && !c->out_failed) {
        unsigned k = 0;
        for (unsigned i = 0; i < nerr; i++)
            if (errs[i])
                errs[k++] = errs[i];
        nerr = k;
        wrote(c, tx_sarif_end(c->out, worst, (const char *const *)errs, k));
    }
    for (unsigned i = 0; i < nerr; i++)
        free(errs[i]);
    free(errs);
    if (html) {
        int mem_failed = fclose(mem) != 0 || c->out_failed;
        c->out = page;
        c->out_failed = 0;
        if (mem_failed) {
            errorf(c, "out of memory");
            internal_error = 1;
            worst = EXIT_INTERNAL;
        } else {
            html_page(c, files, nfiles, sum, sections, nsections);
        }
        free(sections);
    }
    if (nfiles > 1 && c->format != TX_FORMAT_JSON && !sarif && !html && !c->out_failed) {
        int md = c->format == TX_FORMAT_MARKDOWN;
        fputs(md ? "\n---\n\n#### Summary\n\n| file | verdict | top cause |\n|---|---|---|\n" : "\nSummary\n", c->out);
        for (int i = 0; i < nfiles; i++) {
            const char *v = sum[i].err ? "error" : sum[i].v == TX_VERDICT_SUCCESS ? "success"
                                                  : sum[i].v == TX_VERDICT_FAILURE ? "failure" : "unknown";
            /* a file that could not be read taught no names: shown as given */
            const char *name = sum[i].shown ? sum[i].shown : files[i];
            if (md)
                fprintf(c->out, "| `%s` | %s | %s |\n", name, v, sum[i].cat ? sum[i].cat : "-");
            else
                fprintf(c->out, "  %-40s %-8s %s\n", name, v, sum[i].cat ? sum[i].cat : "-");
        }
        out_ok(c);
    }
    for (int i = 0; i < nfiles; i++) {
        free(sum[i].shown);
        free(sum[i].errmsg);
    }
    free(sum);
    txc_context_free(c->ctx);
    c->ctx = NULL;
    tx_ruleset_free(rs);
    return c->out_failed ? EXIT_OUTPUT : worst;
}

/* capture.c runs the probe and saves its log; then it is explained like any file. */
static int cmd_capture(cli *c, int argc, char **argv, int first)
{
    if (!c->allow_capture)
        return usage_error(c, CMD_CAPTURE, "capture is not available here");
    if (argc - first != 1)
        return usage_error(c, CMD_CAPTURE, "capture needs exactly one target: https://host:port/ or host:port");
    c->cap.redact = c->opt.redact;
    char path[4096];
    int rc = txc_capture(&c->cap, argv[first], path, sizeof path);
    if (rc != EXIT_OK)
        return rc;
    char *files[] = {path};
    return cmd_explain(c, 1, files, 0);
}

/* scan.c runs the scan probe; its application view goes through the rulebook. */
static int cmd_scan(cli *c, int argc, char **argv, int first)
{
    if (!c->allow_capture)
        return usage_error(c, CMD_SCAN, "scan is not available here");
    if (argc - first != 1)
        return usage_error(c, CMD_SCAN, "scan needs exactly one target: HOST:PORT, tls://HOST:PORT or https://host:port/");
    tx_ruleset *rs = NULL;
    int rc = load_rules(c, NULL, &rs);
    if (rc != EXIT_OK)
        return rc;
    txc_scan *s = NULL;
    c->cap.redact = c->opt.redact;
    rc = txc_scan_run(&c->cap, &c->scan, argv[first], c->err, &s);
    tx_analysis *a = NULL;
    /* the application's view has no timestamps: its certificates' dates are judged at the time of
     * the scan, as a debug log's are at its own time */
    tx_options o = c->opt;
    if (!o.now && s)
        o.now = txc_scan_when(s);
    if (!o.now)
        o.now = (long long)time(NULL);
    if (rc == EXIT_OK && tx_analysis_new(rs, &o, txc_scan_name(s), &a) != TX_OK) {
        errorf(c, "out of memory");
        rc = EXIT_INTERNAL;
    }
    /* --redact: the analysis learns the scan's names before its own, so that one set of names
     * masks the facts and the report (txc_scan_write_redacted) */
    if (rc == EXIT_OK && c->opt.redact && txc_scan_learn(s, a) != TX_OK) {
        errorf(c, "out of memory");
        rc = EXIT_INTERNAL;
    }
    if (rc == EXIT_OK) {
        txc_scan_feed(s, a);
        if (tx_analysis_finish(a) != TX_OK) {
            errorf(c, "out of memory");
            rc = EXIT_INTERNAL;
        }
    }
    if (rc == EXIT_OK) {
        rc = wrote(c, c->opt.redact ? txc_scan_write_redacted(s, a, c->format, c->out)
                                    : txc_scan_write(s, a, c->format, c->out));
        if (rc == EXIT_OK)
            rc = verdict_exit(tx_analysis_verdict(a));
    }
    tx_analysis_free(a);
    txc_scan_free(s);
    tx_ruleset_free(rs);
    return rc;
}

/* events: one input's dump, written to c->out while it is read. */
static void events_one(cli *c, const tx_ruleset *rs, const char *path, int idx, fres *r)
{
    (void)rs;
    tx_analysis *a = NULL;
    r->err = analyse(c, NULL, path, idx, &a, c->out);
    if (r->err == EXIT_OK)
        tx_analysis_free(a);
    out_ok(c);
}

/* timeline: one input's ladder. */
static void timeline_one(cli *c, const tx_ruleset *rs, const char *path, int idx, fres *r)
{
    tx_analysis *a = NULL;
    r->err = analyse(c, rs, path, idx, &a, NULL);
    if (r->err != EXIT_OK)
        return;
    r->wst = wrote(c, tx_analysis_write_timeline(a, c->format, c->out));
    tx_analysis_free(a);
}

static void plain_job(void *ud, int i, FILE *out, FILE *err)
{
    jobs_ctx *x = ud;
    cli wc;
    x->res[i].name = x->files[i];
    if (job_cli(x, &wc, out, err) != 0) {
        x->res[i].err = EXIT_INTERNAL;
        return;
    }
    x->one(&wc, x->rs, x->files[i], i, &x->res[i]);
    job_done(&wc, &x->res[i]);
}

static int plain_emit(void *ud, int i, const txc_jobout *o)
{
    jobs_ctx *x = ud;
    x->res[i].name = x->files[i];
    job_emit_streams(x->c, o, &x->res[i], NULL);
    return x->c->out_failed;
}

/* timeline and events: every input in turn (or -j at once), the last
 * error's status wins; then an input read in part. */
static int run_plain(cli *c, const tx_ruleset *rs, const char *const *files, int nfiles,
                     void (*one)(cli *, const tx_ruleset *, const char *, int, fres *))
{
    int rc = EXIT_OK;
    fres *res = calloc((size_t)nfiles, sizeof *res);
    if (!res) {
        errorf(c, "out of memory");
        return EXIT_INTERNAL;
    }
    int nj = njobs(c, nfiles), done = nfiles;
    if (nj > 1) {
        cli tmpl = *c;
        jobs_ctx x = {&tmpl, c, rs, files, res, 0, 0, one};
        /* events: a dump can be as long as its log, so it waits on disk */
        done = txc_jobs_run(nfiles, nj, one == events_one, plain_job, plain_emit, &x);
    } else {
        for (int i = 0; i < nfiles && !c->out_failed; i++) {
            res[i].name = files[i];
            one(c, rs, files[i], i, &res[i]);
        }
    }
    for (int i = 0; i < done && i < nfiles && res[i].name; i++) {
        if (res[i].err != EXIT_OK)
            rc = res[i].err;
        else if (res[i].wst == EXIT_INTERNAL && rc == EXIT_OK)
            rc = EXIT_INTERNAL;
    }
    free(res);
    if (c->partial && rc == EXIT_OK)
        rc = EXIT_INPUT;
    return c->out_failed ? EXIT_OUTPUT : rc;
}

static int cmd_events(cli *c, int argc, char **argv, int first)
{
    int nfiles, rc = EXIT_OK;
    const char *const *files = input_files(c, argc, argv, first, &nfiles, &rc);
    if (!files)
        return rc;
    return run_plain(c, NULL, files, nfiles, events_one);
}

static int cmd_timeline(cli *c, int argc, char **argv, int first)
{
    int nfiles, rc = EXIT_OK;
    const char *const *files = input_files(c, argc, argv, first, &nfiles, &rc);
    if (!files)
        return rc;
    tx_ruleset *rs = NULL;
    rc = load_rules(c, NULL, &rs);
    if (rc != EXIT_OK)
        return rc;
    rc = run_plain(c, rs, files, nfiles, timeline_one);
    tx_ruleset_free(rs);
    return rc;
}

static int cmd_compare(cli *c, int argc, char **argv, int first)
{
    if (argc - first != 2)
        return usage_error(c, CMD_COMPARE, "compare needs exactly two files: GOOD BAD");
    if (!strcmp(argv[first], "-") && !strcmp(argv[first + 1], "-"))
        return usage_error(c, CMD_COMPARE, "only one of GOOD and BAD can be '-' (stdin)");
    tx_ruleset *rs = NULL;
    int rc = load_rules(c, NULL, &rs);
    if (rc != EXIT_OK)
        return rc;
    if ((rc = check_failon(c, rs)) != EXIT_OK) {
        tx_ruleset_free(rs);
        return rc;
    }
    tx_analysis *good = NULL, *bad = NULL;
    rc = analyse(c, rs, argv[first], -1, &good, NULL);
    if (rc == EXIT_OK)
        rc = analyse(c, rs, argv[first + 1], -1, &bad, NULL);
    /* two saved scans (scan --save): their facts side by side too - before the comparison in
     * text, Markdown and HTML, as compare-v1's "scans" in JSON */
    txc_scan *sa = NULL, *sb = NULL;
    int scans = 0;
    if (rc == EXIT_OK && strcmp(argv[first], "-") != 0 && strcmp(argv[first + 1], "-") != 0) {
        rc = txc_scan_load(argv[first], &sa);
        if (rc == EXIT_OK)
            rc = txc_scan_load(argv[first + 1], &sb);
        scans = rc == EXIT_OK && sa && sb;
    }
    if (scans && c->opt.redact) {
        /* the facts are not masked as the comparison is (one redactor for both logs): left out */
        fprintf(c->err, "%s: note: --redact leaves out the two scans' facts side by side; their application "
                        "views are compared, masked\n", progname);
        scans = 0;
    }
    if (scans && c->format != TX_FORMAT_JSON && c->format != TX_FORMAT_HTML)
        rc = wrote(c, txc_scan_diff_write(sa, sb, argv[first], argv[first + 1], c->format, c->out));
    if (rc == EXIT_OK && scans && (c->format == TX_FORMAT_JSON || c->format == TX_FORMAT_HTML)) {
        /* JSON: compare's object, its closing brace replaced by "scans"; HTML: compare's page, the
         * facts' section first in its <main> */
        char *buf = NULL;
        size_t n = 0;
        FILE *mem = open_memstream(&buf, &n);
        tx_status st = mem ? tx_compare_write(good, bad, c->format, mem) : TX_ENOMEM;
        if (mem && fclose(mem) != 0 && st == TX_OK)
            st = TX_ENOMEM;
        const char *main_tag = st == TX_OK && c->format == TX_FORMAT_HTML ? strstr(buf, "<main>\n") : NULL;
        if (st == TX_OK && (c->format == TX_FORMAT_JSON ? n < 2 || memcmp(buf + n - 2, "}\n", 2) != 0 : !main_tag))
            st = TX_EINVAL; /* cannot happen: compare-v1 is one object and a newline; the page has a <main> */
        if (st == TX_OK && c->format == TX_FORMAT_JSON) {
            fwrite(buf, 1, n - 2, c->out);
            fputs(",\"scans\":", c->out);
            st = txc_scan_diff_json(sa, sb, c->out);
            fputs("}\n", c->out);
        } else if (st == TX_OK) {
            size_t at = (size_t)(main_tag - buf) + 7;
            fwrite(buf, 1, at, c->out);
            st = txc_scan_diff_write(sa, sb, argv[first], argv[first + 1], c->format, c->out);
            fwrite(buf + at, 1, n - at, c->out);
        }
        free(buf);
        rc = wrote(c, st);
    } else if (rc == EXIT_OK) {
        rc = wrote(c, tx_compare_write(good, bad, c->format, c->out));
    }
    if (rc == EXIT_OK)
        rc = c->partial ? EXIT_INPUT
           : c->nfailon ? (failon_match(c, bad) ? EXIT_FAILURE_FOUND : EXIT_OK)
                        : verdict_exit(tx_analysis_verdict(bad));
    txc_scan_free(sa);
    txc_scan_free(sb);
    tx_analysis_free(good);
    tx_analysis_free(bad);
    tx_ruleset_free(rs);
    return rc;
}

static int cmd_rules(cli *c, int argc, char **argv, int first)
{
    if (first >= argc)
        return usage_error(c, CMD_RULES, "rules needs 'list' or 'check'");
    const char *sub = argv[first];
    if (strcmp(sub, "list") != 0 && strcmp(sub, "check") != 0)
        return usage_error(c, CMD_RULES, "rules needs 'list' or 'check'");
    /* options may also follow the subcommand */
    int rc = EXIT_OK;
    int next = parse_opts(c, argc - first, argv + first, &rc);
    if (next < 0)
        return rc;
    next += first;
    if (c->format == TX_FORMAT_SARIF)
        return usage_error(c, CMD_RULES, "--format sarif is for explain and capture");
    const char *path = NULL;
    if (next < argc)
        path = argv[next++];
    if (next < argc)
        return usage_error(c, CMD_RULES, "too many arguments");
    tx_ruleset *rs = NULL;
    if (!strcmp(sub, "list")) {
        if (path) {
            if (c->nrules >= c->rules_cap) /* cannot happen: rules_cap is argc + 1 */
                return usage_error(c, CMD_RULES, "too many --rules");
            c->rules[c->nrules++] = path;
        }
        rc = load_rules(c, NULL, &rs);
        if (rc != EXIT_OK)
            return rc;
        rc = wrote(c, tx_ruleset_write(rs, c->format, c->out));
        tx_ruleset_free(rs);
        return rc;
    }
    rc = load_rules(c, path, &rs);
    if (rc != EXIT_OK)
        return rc;
    tx_status s = tx_ruleset_check(rs, print_diag, c);
    size_t n = tx_ruleset_count(rs);
    tx_ruleset_free(rs);
    if (s != TX_OK) {
        errorf(c, "rule samples failed");
        return EXIT_RULES;
    }
    fprintf(c->out, "%zu rule%s checked: every sample behaves as declared\n", n, n == 1 ? "" : "s");
    return out_ok(c) ? EXIT_OK : EXIT_OUTPUT;
}

static int run(cli *c, int argc, char **argv)
{
    c->cmd = CMD_EXPLAIN;
    /* hidden: the shell completion scripts, generated from the option table */
    if (argc > 1 && !strcmp(argv[1], "completion")) {
        if (argc != 3 || txc_completion(argv[2], c->out) != 0) {
            errorf(c, "completion needs one shell: bash, zsh or fish");
            fprintf(c->err, "Usage: tlsexplain completion bash|zsh|fish\n");
            return EXIT_USAGE;
        }
        return out_ok(c) ? EXIT_OK : EXIT_OUTPUT;
    }
    int shift = 0;
    if (argc > 1) {
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
            if (!strcmp(argv[1], commands[i].name)) {
                c->cmd = commands[i].cmd;
                shift = 1;
            }
        }
    }
    int rc = EXIT_OK;
    int first = parse_opts(c, argc - shift, argv + shift, &rc);
    if (first < 0)
        return rc;
    first += shift;
    if (c->format == TX_FORMAT_SARIF && c->cmd != CMD_EXPLAIN && c->cmd != CMD_CAPTURE)
        return usage_error(c, c->cmd, "--format sarif is for explain and capture");
    if (c->format == TX_FORMAT_HTML && c->cmd != CMD_EXPLAIN && c->cmd != CMD_COMPARE && c->cmd != CMD_CAPTURE &&
        c->cmd != CMD_SCAN)
        return usage_error(c, c->cmd, "--format html is for explain, compare, capture and scan");
    /* colour: only on a terminal, never with NO_COLOR, unless forced */
    const char *nc = getenv("NO_COLOR");
    int ofd = fileno(c->out);
    c->opt.color = c->color_mode == 1 || (c->color_mode == 0 && ofd >= 0 && isatty(ofd) && !(nc && *nc));
    if (!c->opt.width) {
        const char *cols = getenv("COLUMNS");
        c->opt.width = cols && atoi(cols) >= 20 ? atoi(cols) : 80;
        if (c->opt.width > 120)
            c->opt.width = 120;
    }
    switch (c->cmd) {
    case CMD_COMPARE: return cmd_compare(c, argc, argv, first);
    case CMD_TIMELINE: return cmd_timeline(c, argc, argv, first);
    case CMD_EVENTS: return cmd_events(c, argc, argv, first);
    case CMD_RULES: return cmd_rules(c, argc, argv, first);
    case CMD_CAPTURE: return cmd_capture(c, argc, argv, first);
    case CMD_SCAN: return cmd_scan(c, argc, argv, first);
    default: return cmd_explain(c, argc, argv, first);
    }
}

int txc_run(int argc, char **argv, const txc_io *io)
{
    cli c;
    memset(&c, 0, sizeof c);
    c.in = io->in;
    c.out = io->out;
    c.err = io->err;
    c.allow_capture = !io->no_capture;
    c.rules_cap = argc + 1;
    c.rules = calloc((size_t)c.rules_cap, sizeof *c.rules);
    c.failon = calloc((size_t)c.rules_cap, sizeof *c.failon);
    c.failon_conf = calloc((size_t)c.rules_cap, sizeof *c.failon_conf);
    c.buf = read_buf();
    int rc;
    if (!c.rules || !c.failon || !c.failon_conf || !c.buf) {
        errorf(&c, "out of memory");
        rc = EXIT_INTERNAL;
    } else {
        rc = run(&c, argc, argv);
    }
    /* whatever the command wrote (--help and --version too) must have reached the output */
    if (!out_ok(&c))
        rc = EXIT_OUTPUT;
    free(c.rules);
    free(c.failon);
    free(c.failon_conf);
    free(c.buf);
    txc_config_free(&c.cfg);
    txc_walk_free(&c.walk);
    return rc;
}
