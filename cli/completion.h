/*
 * completion.h - bash, zsh and fish completion scripts generated from the
 * option table (`tlsexplain completion SHELL`, installed by make install).
 */
#ifndef TX_CLI_COMPLETION_H
#define TX_CLI_COMPLETION_H

#include <stdio.h>

/* Write the completion script for shell ("bash", "zsh" or "fish") to out.
 * Returns 0, or -1 for another shell (nothing written). */
int txc_completion(const char *shell, FILE *out);

#endif
