/*
 * l10n.h - texts printed in the user's language, read as the English ones
 * the rules are written against (the table: parser/l10n.def).
 */
#ifndef TX_L10N_H
#define TX_L10N_H

#include <stddef.h>

#include "strparse.h"

/* v with every localised text of the table put in English (into buf, of cap
 * bytes), or v itself when it holds none (or the result would not fit).  A
 * keytool text keeps its argument ("别名 <x> 不存在" -> "Alias <x> does not
 * exist"); a Windows socket text takes the rest of its sentence with it.
 * Cheap on fields that hold no such text: one pass, a table lookup a byte. */
txi_sv txi_l10n_english(txi_sv v, char *buf, size_t cap);

/* The length of keytool's "keytool error: " prefix, in English or in one of
 * the languages keytool ships, at the start of [t, t+n) - or 0. */
size_t txi_l10n_keytool_prefix(const char *t, size_t n);

/* For the tests: the number of entries, and entry i (its kind: 0 sentence,
 * 1 text). */
size_t txi_l10n_count(void);
int txi_l10n_entry(size_t i, const char **local, const char **english);

#endif
