/* startup_none.c - empty start-up caches (make STARTUP_CACHE=no): the shipped
 * rule files are parsed and their patterns and Hyperscan databases compiled
 * at every start (rules/yamldoc.h, rules/recache.h, rules/hscache.h). */
#include <stddef.h>

#include "rules/recache.h"
#include "rules/yamldoc.h"

const txr_ydoc txr_builtin_docs[] = {{NULL, 0, NULL, 0, NULL, NULL, 0, 0, {0, 0, 0}, {0, 0, 0}}};
const txr_re_cached txr_re_cache[] = {{NULL, 0, NULL, 0, 0, 0, NULL, 0, NULL}};
const unsigned txr_re_ncache = 0;
#ifdef TX_HAVE_HYPERSCAN
#include "rules/hscache.h"
const txr_hs_cache_table txr_hs_cache = {NULL, 0, 0, NULL, 0};
#endif
