/* capture.h - `tlsexplain capture`: run the probe with debug output, save the log. */
#ifndef TX_CLI_CAPTURE_H
#define TX_CLI_CAPTURE_H

#include <stddef.h>

typedef struct txc_capture_opts {
    const char *java;       /* --java: a path, or a name looked up in PATH (default "java") */
    const char *truststore; /* --truststore: javax.net.ssl.trustStore */
    const char *storepass;  /* --storepass: handed to the probe in its environment */
    const char *output;     /* --output: where to save the log (default: a name of its own) */
    int timeout;            /* --timeout seconds; 0 = 20 */
} txc_capture_opts;

/* Run the probe against url and save the JVM's output.  On EXIT_OK the
 * saved log's path is in path[n] (whatever the probe's outcome: the log is
 * what the caller explains next).  Otherwise an exit code of exitcodes.h,
 * after a message on stderr. */
int txc_capture(const txc_capture_opts *o, const char *url, char *path, size_t n);

#endif
