/* opts.c - the option table (see opts.h).  Every entry must be in docs/tlsexplain.1. */
#include "opts.h"

#include <stddef.h>
#include <string.h>

const txc_opt txc_opts[] = {
    {OPT_FORMAT, "format", 'f', "FMT", CMD_EXPLAIN | CMD_COMPARE | CMD_TIMELINE | CMD_EVENTS | CMD_RULES | CMD_CAPTURE | CMD_SCAN,
     "output format: text (default), json, markdown, sarif (explain and capture: SARIF 2.1.0 for CI), or html (explain, "
     "compare, capture and scan: one self-contained page with ladders and certificate trees)"},
    {OPT_RULES, "rules", 'r', "PATH", CMD_EXPLAIN | CMD_COMPARE | CMD_TIMELINE | CMD_RULES | CMD_CAPTURE | CMD_SCAN,
     "add rules from a YAML file or directory (same id overrides a shipped rule); repeatable"},
    {OPT_NO_BUILTIN, "no-builtin", 0, NULL, CMD_EXPLAIN | CMD_COMPARE | CMD_TIMELINE | CMD_RULES | CMD_CAPTURE | CMD_SCAN,
     "do not load the shipped rulebook (use only --rules)"},
    {OPT_NO_CONFIG, "no-config", 0, NULL, CMD_ALL,
     "do not load the user's rules ($XDG_CONFIG_HOME/tlsexplain/rules.d/, $TLSEXPLAIN_RULES)"},
    {OPT_PROFILE, "profile", 'p', "NAME", CMD_EXPLAIN | CMD_COMPARE | CMD_CAPTURE | CMD_SCAN,
     "remediation profile: ia (xMatters integration agent), android (an Android app), one a rule file declares, "
     "or none (default: "
     "detected)"},
    {OPT_HOST, "host", 0, "HOST", CMD_EXPLAIN | CMD_COMPARE | CMD_CAPTURE,
     "the host the client connects to, when the log does not say (checked against SANs)"},
    {OPT_REDACT, "redact", 0, NULL, CMD_EXPLAIN | CMD_COMPARE | CMD_TIMELINE | CMD_EVENTS | CMD_CAPTURE | CMD_SCAN,
     "mask host names, IP addresses and certificate subjects in all output"},
    {OPT_COLOR, "color", 0, "WHEN", CMD_EXPLAIN | CMD_COMPARE | CMD_TIMELINE | CMD_CAPTURE | CMD_SCAN,
     "colour: auto (default: only on a terminal, never with NO_COLOR), always, never"},
    {OPT_WIDTH, "width", 'w', "N", CMD_EXPLAIN | CMD_COMPARE | CMD_TIMELINE | CMD_CAPTURE | CMD_SCAN,
     "wrap text output at N columns (default: $COLUMNS, at most 120, else 80)"},
    {OPT_NOW, "now", 0, "EPOCH", CMD_EXPLAIN | CMD_COMPARE | CMD_TIMELINE,
     "judge certificate dates at this time when the log has no timestamps (seconds since 1970)"},
    {OPT_NO_PREFILTER, "no-prefilter", 0, NULL, CMD_EXPLAIN | CMD_COMPARE | CMD_TIMELINE,
     "run every line pattern on every line (slower; for testing the prefilter)"},
    {OPT_JAVA, "java", 0, "PATH", CMD_CAPTURE | CMD_SCAN, "the java launcher to run the probe with (default: java on PATH)"},
    {OPT_TRUSTSTORE, "truststore", 0, "FILE", CMD_CAPTURE | CMD_SCAN, "truststore for the probe (javax.net.ssl.trustStore)"},
    {OPT_STOREPASS_FILE, "storepass-file", 0, "FILE", CMD_CAPTURE | CMD_SCAN,
     "read the truststore password from the first line of FILE (or set TLSEXPLAIN_STOREPASS)"},
    {OPT_STOREPASS, "storepass", 0, "PASS", CMD_CAPTURE | CMD_SCAN,
     "refused: other users can read a command line; use --storepass-file or TLSEXPLAIN_STOREPASS"},
    {OPT_KEYSTORE, "keystore", 0, "FILE", CMD_CAPTURE | CMD_SCAN,
     "client keystore for mutual TLS (javax.net.ssl.keyStore): the key and chain the probe offers"},
    {OPT_KEYSTORE_PASS_FILE, "keystore-password-file", 0, "FILE", CMD_CAPTURE | CMD_SCAN,
     "read the keystore password from the first line of FILE (or set TLSEXPLAIN_KEYSTOREPASS)"},
    {OPT_KEYSTORE_TYPE, "keystore-type", 0, "TYPE", CMD_CAPTURE | CMD_SCAN,
     "the keystore's type: PKCS12, JKS, ... (default: the JRE's default type)"},
    {OPT_KEYSTORE_PASS, "keystore-password", 0, "PASS", CMD_CAPTURE | CMD_SCAN,
     "refused: other users can read a command line; use --keystore-password-file or TLSEXPLAIN_KEYSTOREPASS"},
    {OPT_STARTTLS, "starttls", 0, "PROTO", CMD_CAPTURE | CMD_SCAN,
     "speak PROTO's clear-text upgrade first: smtp, imap, pop3, ldap, postgres or ftp (target HOST[:PORT])"},
    {OPT_PROXY, "proxy", 0, "HOST:PORT", CMD_CAPTURE | CMD_SCAN, "connect through this HTTP CONNECT proxy (default: none)"},
    {OPT_PROXY_AUTH_FILE, "proxy-auth-file", 0, "FILE", CMD_CAPTURE | CMD_SCAN,
     "proxy credentials user:password from the first line of FILE (or set TLSEXPLAIN_PROXY_AUTH)"},
    {OPT_OUTPUT, "output", 'o', "FILE", CMD_CAPTURE, "where to save the captured debug log (mode 0600; never an existing file)"},
    {OPT_FORCE, "force", 0, NULL, CMD_CAPTURE, "let --output replace an existing file (atomically, never through a symlink)"},
    {OPT_TIMEOUT, "timeout", 0, "SEC", CMD_CAPTURE | CMD_SCAN, "give up after SEC seconds (default 20; scan: 60)"},
    {OPT_SERVERNAME, "servername", 0, "NAME", CMD_SCAN, "the SNI name to send (default: the host, when it is a name)"},
    {OPT_SUITES, "suites", 0, NULL, CMD_SCAN,
     "also list the cipher suites the server accepts per version, and whether it imposes its order"},
    {OPT_REVOCATION, "revocation", 0, NULL, CMD_SCAN,
     "also validate with revocation checking on: OCSP and CRL fetched by this JRE (contacts the CA's URLs)"},
    {OPT_SAVE, "save", 0, "FILE", CMD_SCAN, "keep the probe's raw output in FILE (a new file, mode 0600)"},
    {OPT_FAIL_ON, "fail-on", 0, "COND", CMD_EXPLAIN | CMD_COMPARE | CMD_CAPTURE,
     "exit 1 only when a finding of category COND, or of confidence:N or more, is reported, else 0; repeatable"},
    {OPT_JOBS, "jobs", 'j', "N", CMD_EXPLAIN | CMD_TIMELINE | CMD_EVENTS,
     "analyse N files at once (default: the number of online cores; 1: one after the other); output order unchanged"},
    {OPT_RECURSIVE, "recursive", 'R', NULL, CMD_EXPLAIN | CMD_TIMELINE | CMD_EVENTS,
     "read the regular files under directory operands, in sorted order (hidden entries and links to directories skipped)"},
    {OPT_HELP, "help", 'h', NULL, CMD_ALL, "show this help and exit"},
    {OPT_VERSION, "version", 'V', NULL, CMD_ALL, "show the version and build information (libraries, prefilter, rules) and exit"},
    {0, NULL, 0, NULL, 0, NULL},
};

const txc_cmd txc_cmds[] = {
    {CMD_EXPLAIN, "explain", "(default) explain the failures in logs"},
    {CMD_COMPARE, "compare", "compare a good and a failing log"},
    {CMD_TIMELINE, "timeline", "draw the handshakes"},
    {CMD_EVENTS, "events", "dump the tokenizer's events"},
    {CMD_RULES, "rules", "list or check rules"},
    {CMD_CAPTURE, "capture", "run a probe with debug output against a URL or TLS port and explain it"},
    {CMD_SCAN, "scan", "check a server from inside the application's JRE"},
    {0, NULL, NULL},
};

const char *txc_opt_values(int id)
{
    switch (id) {
    case OPT_FORMAT: return "text json markdown sarif html";
    case OPT_PROFILE: return "ia android none";
    case OPT_COLOR: return "auto always never";
    case OPT_STARTTLS: return "smtp imap pop3 ldap postgres ftp";
    default: return NULL;
    }
}

int txc_opt_takes_path(const txc_opt *o)
{
    return o->arg && (!strcmp(o->arg, "FILE") || !strcmp(o->arg, "PATH"));
}
