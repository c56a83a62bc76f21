/* capture.h - `tlsexplain capture`: run the probe with debug output, save the log. */
#ifndef TX_CLI_CAPTURE_H
#define TX_CLI_CAPTURE_H

#include <stddef.h>

#include "capture_args.h"

/* Run the probe against url and save the JVM's output.  On EXIT_OK the
 * saved log's path is in path[n] (whatever the probe's outcome: the log is
 * what the caller explains next).  Otherwise an exit code of exitcodes.h,
 * after a message on stderr.  A signal (INT, TERM, HUP, QUIT) during the
 * capture kills the JVM, removes the probe's files and ends the process
 * with that signal. */
int txc_capture(const txc_capture_opts *o, const char *url, char *path, size_t n);

/* For scan.c: the java launcher (a path, or a name looked up in PATH, then
 * $JAVA_HOME/bin/java for the default): 0 and out filled, or -1. */
int txc_find_java(const char *want, char *out, size_t n);

/* The passwords of --storepass-file, --keystore-password-file and
 * --proxy-auth-file, for the probe's environment; a NULL one leaves the
 * variable as tlsexplain inherited it (set by the user, or not). */
typedef struct txc_secrets {
    const char *storepass, *keystorepass, *proxy_auth; /* into buf, or NULL */
    char buf[3][TX_MAX_STOREPASS + 4];
} txc_secrets;

/* Read the files o names: EXIT_OK, or an exit code after a message on
 * stderr (sec wiped). */
int txc_secrets_read(const txc_capture_opts *o, txc_secrets *sec);

/* In the probe's child, before exec: TLSEXPLAIN_STOREPASS,
 * TLSEXPLAIN_KEYSTOREPASS, TLSEXPLAIN_PROXY_AUTH from sec. */
void txc_secrets_export(const txc_secrets *sec);

/* Overwrite sec (passwords included) with zeros. */
void txc_secrets_wipe(txc_secrets *sec);

/* For scan.c, whose probe calls TlsProbe's connection steps: the i-th of
 * TlsProbe's class files (0, 1, ...): 0 with its name and bytes, or -1
 * past the last. */
int txc_probe_class(size_t i, const char **name, const unsigned char **data, size_t *size);

#endif
