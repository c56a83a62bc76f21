/*
 * json_events.h - reading the JSON Lines of `tlsexplain events` in unit
 * tests: the n-th event of a type, how many there are, substring checks.
 */
#ifndef TX_JSON_EVENTS_H
#define TX_JSON_EVENTS_H

#include <stdio.h>
#include <string.h>

#include "tx_test.h"

/* The n-th (0-based) JSON line of that event type, copied into out ("" if none). */
static const char *event(const char *json, const char *type, int n, char *out, size_t cap)
{
    char key[64];
    snprintf(key, sizeof key, "\"type\":\"%s\"", type);
    out[0] = '\0';
    for (const char *s = json; s && *s;) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        const char *k = strstr(s, key);
        if (k && k < s + len && n-- == 0) {
            if (len >= cap)
                len = cap - 1;
            memcpy(out, s, len);
            out[len] = '\0';
            return out;
        }
        s = nl ? nl + 1 : NULL;
    }
    return out;
}

/* How many events of that type the dump holds. */
static int count(const char *json, const char *type)
{
    char buf[16384];
    int n = 0;
    while (event(json, type, n, buf, sizeof buf)[0])
        n++;
    return n;
}

#define HAS(line, lit) CHECK(strstr((line), (lit)) != NULL)
#define HASNT(line, lit) CHECK(strstr((line), (lit)) == NULL)

#endif
