/*
 * events.c - the public view of the parser's events (tx_event): the event
 * callback hands out txi_event pointers as opaque tx_event pointers.
 */
#include <string.h>

#include "../parser/event.h"
#include "tlsexplain.h"

static const txi_event *ev(const tx_event *e) { return (const txi_event *)(const void *)e; }

const char *tx_event_type(const tx_event *e) { return e ? txi_evtype_name(ev(e)->type) : NULL; }

const char *tx_event_tag(const tx_event *e) { return e ? txi_evtype_tag(ev(e)->type) : NULL; }

unsigned long long tx_event_line(const tx_event *e) { return e && ev(e)->src ? (unsigned long long)ev(e)->src->no : 0; }

unsigned tx_event_conn(const tx_event *e) { return e ? (unsigned)ev(e)->conn : 0; }

unsigned tx_event_field_count(const tx_event *e) { return e ? ev(e)->nfields : 0; }

tx_status tx_event_field(const tx_event *e, unsigned i, const char **name, const char **value, size_t *len)
{
    if (!e || i >= ev(e)->nfields)
        return TX_EINVAL;
    const txi_field *f = &ev(e)->fields[i];
    if (name)
        *name = txi_field_name(f->id);
    if (value)
        *value = f->val;
    if (len)
        *len = f->len;
    return TX_OK;
}

const char *tx_event_get(const tx_event *e, const char *name)
{
    for (unsigned i = 0; e && name && i < ev(e)->nfields; i++)
        if (strcmp(txi_field_name(ev(e)->fields[i].id), name) == 0)
            return ev(e)->fields[i].val;
    return NULL;
}
