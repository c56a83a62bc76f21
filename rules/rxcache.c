/* rxcache.c - regex results on texts met again (see rxcache.h). */
#include "rxcache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../parser/strparse.h"

_Static_assert((TXR_RXCACHE_SLOTS & (TXR_RXCACHE_SLOTS - 1)) == 0, "slots: a power of two");
_Static_assert(TXR_RXCACHE_TEXT <= TXR_RXCACHE_BYTES, "a subject fits the bound");

/* A capture by offset into the subject. */
typedef struct {
    const char *name; /* (the pattern's) */
    uint32_t off, n;
} rx_cap;

/* One result: its subject's bytes, then its captures, in one block. */
typedef struct {
    const txr_pattern *re; /* NULL: an empty slot */
    uint64_t hash;
    uint32_t n;
    uint8_t match;
    uint8_t ncap;
    char *text;            /* n bytes, then ncap rx_cap (aligned) */
    size_t size;           /* of the block, counted in bytes */
} rx_entry;

struct txr_rxcache {
    pthread_mutex_t mu;
    size_t bytes;  /* kept in all */
    unsigned n;    /* entries */
    unsigned hand; /* the next slot emptied when the bytes are over */
    rx_entry e[TXR_RXCACHE_SLOTS];
};

txr_rxcache *txr_rxcache_new(void)
{
    txr_rxcache *c = calloc(1, sizeof *c);
    if (c && pthread_mutex_init(&c->mu, NULL) != 0) {
        free(c);
        return NULL;
    }
    return c;
}

void txr_rxcache_free(txr_rxcache *c)
{
    if (!c)
        return;
    for (unsigned i = 0; i < TXR_RXCACHE_SLOTS; i++)
        free(c->e[i].text);
    pthread_mutex_destroy(&c->mu);
    free(c);
}

static size_t caps_at(size_t n) { return (n + _Alignof(rx_cap) - 1) / _Alignof(rx_cap) * _Alignof(rx_cap); }

static unsigned slot_of(const txr_pattern *re, uint64_t h)
{
    uint64_t k = h ^ ((uint64_t)(uintptr_t)re * 0x9e3779b97f4a7c15ull);
    return (unsigned)((k ^ (k >> 32)) & (TXR_RXCACHE_SLOTS - 1));
}

static void empty_slot(txr_rxcache *c, rx_entry *e) /* (locked) */
{
    if (!e->re)
        return;
    free(e->text);
    c->bytes -= e->size;
    c->n--;
    memset(e, 0, sizeof *e);
}

int txr_rxcache_get(txr_rxcache *c, const txr_pattern *re, const char *s, size_t n, uint64_t h, txr_capture *caps,
                    unsigned maxcap, unsigned *ncap)
{
    if (ncap)
        *ncap = 0;
    if (!c || !txr_rxcache_fits(n))
        return TXR_RXMISS;
    int r = TXR_RXMISS;
    pthread_mutex_lock(&c->mu);
    const rx_entry *e = &c->e[slot_of(re, h)];
    if (e->re == re && e->hash == h && e->n == n && !memcmp(e->text, s, n)) {
        r = e->match ? TXR_MATCH : TXR_NOMATCH;
        const rx_cap *k = (const rx_cap *)(const void *)(e->text + caps_at(n));
        for (unsigned i = 0; caps && ncap && i < e->ncap && i < maxcap; i++) {
            caps[i].name = k[i].name;
            caps[i].s = s + k[i].off;
            caps[i].n = k[i].n;
            (*ncap)++;
        }
    }
    pthread_mutex_unlock(&c->mu);
    return r;
}

void txr_rxcache_put(txr_rxcache *c, const txr_pattern *re, const char *s, size_t n, uint64_t h, int r,
                     const txr_capture *caps, unsigned ncap)
{
    if (!c || !re || !txr_rxcache_fits(n) || (r != TXR_MATCH && r != TXR_NOMATCH))
        return;
    if (r != TXR_MATCH || !caps)
        ncap = 0;
    if (ncap > TXR_RXCACHE_CAPS)
        ncap = TXR_RXCACHE_CAPS;
    size_t size = caps_at(n) + ncap * sizeof(rx_cap);
    char *t = malloc(size ? size : 1);
    if (!t)
        return;
    memcpy(t, s, n);
    rx_cap *k = (rx_cap *)(void *)(t + caps_at(n));
    for (unsigned i = 0; i < ncap; i++) {
        k[i].name = caps[i].name;
        k[i].off = (uint32_t)(caps[i].s - s);
        k[i].n = (uint32_t)caps[i].n;
    }
    pthread_mutex_lock(&c->mu);
    rx_entry *e = &c->e[slot_of(re, h)];
    empty_slot(c, e); /* (the same result again, from another thread, or another text: replaced) */
    while (c->bytes + size > TXR_RXCACHE_BYTES) { /* slots emptied in turn */
        empty_slot(c, &c->e[c->hand]);
        c->hand = (c->hand + 1) & (TXR_RXCACHE_SLOTS - 1);
    }
    e->re = re;
    e->hash = h;
    e->n = (uint32_t)n;
    e->match = r == TXR_MATCH;
    e->ncap = (uint8_t)ncap;
    e->text = t;
    e->size = size;
    c->bytes += size;
    c->n++;
    pthread_mutex_unlock(&c->mu);
}

void txr_rxcache_usage(txr_rxcache *c, unsigned *entries, size_t *bytes)
{
    pthread_mutex_lock(&c->mu);
    *entries = c->n;
    *bytes = c->bytes;
    pthread_mutex_unlock(&c->mu);
}
