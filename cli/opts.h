/*
 * opts.h - the one option table: it drives parsing, `--help` of every
 * subcommand, and the test that checks the man page documents them all.
 */
#ifndef TX_OPTS_H
#define TX_OPTS_H

/* Subcommands (bit mask). */
enum {
    CMD_EXPLAIN = 1 << 0,
    CMD_COMPARE = 1 << 1,
    CMD_TIMELINE = 1 << 2,
    CMD_EVENTS = 1 << 3,
    CMD_RULES = 1 << 4,
    CMD_CAPTURE = 1 << 5,
    CMD_SCAN = 1 << 6,
    CMD_ALL = 0x7f,
};

enum {
    OPT_FORMAT = 1,
    OPT_RULES,
    OPT_NO_BUILTIN,
    OPT_PROFILE,
    OPT_HOST,
    OPT_REDACT,
    OPT_COLOR,
    OPT_WIDTH,
    OPT_NOW,
    OPT_NO_PREFILTER,
    OPT_JAVA,
    OPT_TRUSTSTORE,
    OPT_STOREPASS,
    OPT_STOREPASS_FILE,
    OPT_OUTPUT,
    OPT_FORCE,
    OPT_TIMEOUT,
    OPT_HELP,
    OPT_VERSION,
    OPT_FAIL_ON,
    OPT_SAVE,
    OPT_SERVERNAME,
    OPT_SUITES,
    OPT_NO_CONFIG,
    OPT_JOBS,
    OPT_RECURSIVE,
    OPT_KEYSTORE,
    OPT_KEYSTORE_PASS_FILE,
    OPT_KEYSTORE_TYPE,
    OPT_KEYSTORE_PASS,
    OPT_STARTTLS,
    OPT_PROXY,
    OPT_PROXY_AUTH_FILE,
    OPT_REVOCATION,
};

typedef struct txc_opt {
    int id;
    const char *lng;  /* long name, without "--" */
    char shrt;        /* short letter or 0 */
    const char *arg;  /* argument name, NULL for a flag */
    unsigned cmds;    /* subcommands that accept it */
    const char *help;
} txc_opt;

extern const txc_opt txc_opts[];

/* The commands: their bit, name and one-line summary (--help, completions). */
typedef struct txc_cmd {
    unsigned cmd;
    const char *name;
    const char *summary;
} txc_cmd;

extern const txc_cmd txc_cmds[];

/* The values option `id` takes, separated by spaces ("text json markdown"),
 * or NULL when it takes free text or none; the first is the default. */
const char *txc_opt_values(int id);
/* 1 when the option's argument is a file or directory name. */
int txc_opt_takes_path(const txc_opt *o);

#endif
