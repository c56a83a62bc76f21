/*
 * arena.h - a bump allocator with a byte budget.
 *
 * Everything an event or connection owns lives in one arena and is freed
 * at once with it.  An arena refuses allocations past its budget (returns
 * NULL) so that a hostile log cannot grow one connection without bound;
 * callers count the refusal as a hit limit.
 */
#ifndef TX_ARENA_H
#define TX_ARENA_H

#include <stddef.h>

typedef struct txi_arena_chunk txi_arena_chunk;

typedef struct txi_arena {
    txi_arena_chunk *head;
    size_t used;   /* bytes handed out, all chunks */
    size_t budget; /* 0 = unlimited */
} txi_arena;

void txi_arena_init(txi_arena *a, size_t budget);
/* Aligned to 8 bytes.  NULL when the budget or malloc is exhausted. */
void *txi_arena_alloc(txi_arena *a, size_t n);
/* Copy of s[0..n) with a terminating NUL. */
char *txi_arena_strndup(txi_arena *a, const char *s, size_t n);
/* Forget every allocation but keep the newest chunk for reuse. */
void txi_arena_reset(txi_arena *a);
void txi_arena_free(txi_arena *a);

#endif
