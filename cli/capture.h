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

/* For scan.c: the password of a --storepass-file into pass[n] (NUL-ended):
 * 0 and *len, or an exit code after a message on stderr. */
int txc_read_storepass(const char *file, char *pass, size_t n, size_t *len);

#endif
