/* builtin.h - the rulebook embedded at build time (tools/embed.sh). */
#ifndef TX_BUILTIN_H
#define TX_BUILTIN_H

#include <stddef.h>

typedef struct txr_builtin_file {
    const char *name; /* "rules/tls/trust.yaml" */
    const char *text; /* NUL-terminated */
    size_t len;
} txr_builtin_file;

/* Terminated by an entry with name == NULL. */
extern const txr_builtin_file txr_builtin_rules[];

#endif
