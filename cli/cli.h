/*
 * cli.h - the command line as a function, for main() and the CLI fuzz target.
 */
#ifndef TX_CLI_CLI_H
#define TX_CLI_CLI_H

#include <stdio.h>

typedef struct txc_io {
    FILE *in;        /* what "-" reads */
    FILE *out;       /* reports, events, --help; every write to it is checked */
    FILE *err;       /* diagnostics */
    int no_capture;  /* refuse `capture` (it runs a program): the fuzz target sets it */
} txc_io;

/* Run `tlsexplain argv[1..]`.  Returns an exit status of exitcodes.h; never
 * exits, keeps nothing between calls (argv may be permuted by getopt).
 * The caller closes the streams. */
int txc_run(int argc, char **argv, const txc_io *io);

#endif
