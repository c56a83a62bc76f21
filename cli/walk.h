/*
 * walk.h - --recursive: the files under the directories named.
 *
 * Each directory operand becomes the regular files under it, depth first,
 * each directory's entries in byte order of their names (so a run is the
 * same on every machine and locale); other operands stay as they are.
 * Skipped: hidden entries (a name starting with '.') below an operand,
 * symbolic links to directories (never followed, so no loop; a link to a
 * regular file is read), a directory already on the way down (a bind-mount
 * loop), anything not a regular file or directory (FIFOs, sockets,
 * devices), and what lies deeper than TX_MAX_WALK_DEPTH.
 */
#ifndef TX_CLI_WALK_H
#define TX_CLI_WALK_H

#include <stdio.h>

typedef struct txc_walk {
    char **files; /* every name allocated; freed by txc_walk_free */
    int n, cap;
} txc_walk;

/* Expand ops[0..nops).  An unreadable directory, one with no file, or
 * more than TX_MAX_WALK_FILES files: a message on err ("tlsexplain:
 * error: ...") and *input_error = 1; the rest is still walked.  Returns 0,
 * or -1 when out of memory. */
int txc_walk_expand(txc_walk *w, const char *const *ops, int nops, FILE *err, int *input_error);
void txc_walk_free(txc_walk *w);

#endif
