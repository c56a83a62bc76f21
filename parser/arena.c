#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct txi_arena_chunk {
    txi_arena_chunk *next;
    size_t size, off;
    size_t zeroed; /* data[0, zeroed) has been zeroed (or written since) */
    max_align_t data[];
};

#define CHUNK_MIN 4096u
/* A chunk is zeroed as it is handed out, in steps of ZERO_STEP, and always
 * ZERO_TAIL bytes past the last allocation: the PCRE2 JIT reads aligned
 * blocks that may pass a subject's end, and what it reads there must be
 * what a chunk zeroed whole would hold (every byte handed out is zeroed
 * first, as by calloc; a small log's chunks are mostly left unused). */
#define ZERO_STEP 1024u
#define ZERO_TAIL 64u

void txi_arena_init(txi_arena *a, size_t budget)
{
    a->head = NULL;
    a->used = 0;
    a->budget = budget;
}

void *txi_arena_alloc(txi_arena *a, size_t n)
{
    n = (n + 7u) & ~(size_t)7u;
    if (n == 0)
        n = 8;
    if (a->budget && (n > a->budget || a->used > a->budget - n))
        return NULL;
    txi_arena_chunk *c = a->head;
    if (!c || c->size - c->off < n) {
        size_t sz = n > CHUNK_MIN ? n : CHUNK_MIN;
        if (c && c->size < (16u << 10) && sz < c->size * 2)
            sz = c->size * 2; /* grow geometrically up to 16 KiB chunks: a kept connection wastes at most the rest of one */
        c = malloc(sizeof *c + sz); /* (zeroed below, as far as it is used) */
        if (!c)
            return NULL;
        c->size = sz;
        c->off = 0;
        c->zeroed = 0;
        c->next = a->head;
        a->head = c;
    }
    if (c->off + n + ZERO_TAIL > c->zeroed) {
        size_t to = c->off + n + ZERO_TAIL;
        if (to < c->zeroed + ZERO_STEP)
            to = c->zeroed + ZERO_STEP;
        if (to > c->size)
            to = c->size;
        memset((char *)c->data + c->zeroed, 0, to - c->zeroed);
        c->zeroed = to;
    }
    void *p = (char *)c->data + c->off;
    c->off += n;
    a->used += n;
    return p;
}

char *txi_arena_strndup(txi_arena *a, const char *s, size_t n)
{
    char *p = txi_arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void txi_arena_free(txi_arena *a)
{
    txi_arena_chunk *c = a->head;
    while (c) {
        txi_arena_chunk *n = c->next;
        free(c);
        c = n;
    }
    a->head = NULL;
    a->used = 0;
}

void txi_arena_reset(txi_arena *a)
{
    txi_arena_chunk *keep = a->head;
    if (!keep)
        return;
    txi_arena_chunk *c = keep->next;
    while (c) {
        txi_arena_chunk *n = c->next;
        free(c);
        c = n;
    }
    keep->next = NULL;
    keep->off = 0;
    a->head = keep;
    a->used = 0;
}
