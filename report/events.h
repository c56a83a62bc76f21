/* events.h - the canonical event dump (`tlsexplain events`). */
#ifndef TX_REPORT_EVENTS_H
#define TX_REPORT_EVENTS_H

#include <stdio.h>

#include "../parser/event.h"

/* file:line TAG type #conn field=value ... (one line per event) */
void txw_event_text(FILE *f, const char *file, const txi_event *e);
/* One JSON object per line: {"file","line","type","conn", fields...} */
void txw_event_json(FILE *f, const char *file, const txi_event *e);

#endif
