/*
 * exitcodes.h - documented, append-only exit codes (docs/tlsexplain.1).
 * A retired code keeps its number.
 */
#ifndef TX_EXITCODES_H
#define TX_EXITCODES_H

enum {
    EXIT_OK = 0,        /* no failure found: every handshake completed (or nothing to compare) */
    EXIT_FAILURE_FOUND = 1, /* a failure was diagnosed (explain/compare) */
    EXIT_USAGE = 2,     /* bad command line */
    EXIT_RULES = 3,     /* a rule file failed to load, or `rules check` failed */
    EXIT_INPUT = 4,     /* an input file could not be opened or read */
    EXIT_INTERNAL = 5,  /* out of memory or another internal error */
    EXIT_UNKNOWN = 6,   /* the log shows a failure, or nothing, that no rule explains */
    EXIT_OUTPUT = 7,    /* the output could not be written (a full disk, an I/O error): it wins over the others */
};

#endif
