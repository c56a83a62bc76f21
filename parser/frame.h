/* frame.h - container/device log prefixes and JSON log records (frame.c). */
#ifndef TX_FRAME_H
#define TX_FRAME_H

#include <stddef.h>

#include "strparse.h"

/* Frames stripped from one line at most (compose around syslog around ...). */
#define TXI_MAX_FRAMES 4

/* The bytes of container/device prefixes at the start of s (0 if none);
 * *level gets the level a frame states ("ERROR", "WARN" ...) or NULL. */
size_t txi_frame_prefix(const char *s, size_t n, const char **level);

/* Is s one JSON object on one line ('{"key":...}')? */
int txi_json_record(const char *s, size_t n);

/* The next string value of a text-carrying key (message, log, stack_trace ...) from *cur, decoded into out, which has
 * room for (end - *cur) bytes; *cur advances past it.  0 when none is left. */
int txi_json_next(const char **cur, const char *end, char *out, size_t *outn);

#endif
