/* redact.h - consistent masking of hosts, addresses and subjects (--redact). */
#ifndef TX_REDACT_H
#define TX_REDACT_H

#include <stdio.h>

#include "../parser/event.h"

enum { TXA_RD_HOST, TXA_RD_IP, TXA_RD_SUBJECT, TXA_RD_URL, TXA_RD_SAN };

typedef struct txa_redactor txa_redactor;

txa_redactor *txa_redactor_new(void);
void txa_redactor_free(txa_redactor *r);
/* Learn one sensitive string of the given kind. */
void txa_redact_learn(txa_redactor *r, int kind, const char *s, size_t n);
/* Learn the hosts, URLs, SNI names, subjects, issuers and SANs of an event. */
void txa_redact_learn_event(txa_redactor *r, const txi_event *e);
/* Learn the names in a free text: DNs in any form, URLs, "<host>",
 * "matching HOST found", SAN lists, host:port, dotted host names. */
void txa_redact_learn_text(txa_redactor *r, const char *s, size_t n);
/* An input file name as printed: if it holds a learned host, mask it as a
 * whole ("client-billingsrv.log" -> "client-host-1.log").  Call after the
 * names are learned. */
void txa_redact_learn_file(txa_redactor *r, const char *name);
/* Write buf with every learned string (and any IPv4 address) replaced. */
void txa_redact_write(txa_redactor *r, const char *buf, size_t n, FILE *out);

/* s with the replacements applied, malloc'd (NULL if out of memory). */
char *txa_redact_str(txa_redactor *r, const char *s);

#endif
