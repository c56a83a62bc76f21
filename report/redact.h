/* redact.h - consistent masking of hosts, addresses and subjects (--redact). */
#ifndef TX_REDACT_H
#define TX_REDACT_H

#include <stdio.h>

#include "../parser/event.h"

enum { TXO_RD_HOST, TXO_RD_IP, TXO_RD_SUBJECT, TXO_RD_URL, TXO_RD_SAN };

typedef struct txo_redactor txo_redactor;

txo_redactor *txo_redactor_new(void);
void txo_redactor_free(txo_redactor *r);
/* Learn one sensitive string of the given kind. */
void txo_redact_learn(txo_redactor *r, int kind, const char *s, size_t n);
/* Learn the hosts, URLs, SNI names, subjects, issuers and SANs of an event. */
void txo_redact_learn_event(txo_redactor *r, const txi_event *e);
/* Learn the names in a free text: DNs in any form, URLs, "<host>",
 * "matching HOST found", SAN lists, host:port, dotted host names. */
void txo_redact_learn_text(txo_redactor *r, const char *s, size_t n);
/* An input file name as printed: if it holds a learned host, mask it as a
 * whole ("client-billingsrv.log" -> "client-host-1.log").  Call after the
 * names are learned. */
void txo_redact_learn_file(txo_redactor *r, const char *name);
/* Write buf with every learned string (and any IPv4 address) replaced. */
void txo_redact_write(txo_redactor *r, const char *buf, size_t n, FILE *out);

/* s with the replacements applied, malloc'd (NULL if out of memory). */
char *txo_redact_str(txo_redactor *r, const char *s);

#endif
