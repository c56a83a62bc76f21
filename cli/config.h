/*
 * config.h - the rules a user keeps, loaded by every command that loads rules.
 *
 *   $XDG_CONFIG_HOME/tlsexplain/rules.d/   (XDG_CONFIG_HOME unset, empty or
 *                                            relative: ~/.config), if it exists
 *   $TLSEXPLAIN_RULES                      files or directories, ':' between
 *
 * in that order, after the shipped rulebook and before --rules; a rule with
 * the id of one loaded before replaces it.  --no-config skips both.  The
 * rules.d directory is optional (absent: nothing); a path named in
 * TLSEXPLAIN_RULES must exist, as a --rules path must.
 */
#ifndef TX_CLI_CONFIG_H
#define TX_CLI_CONFIG_H

typedef struct txc_cfg_path {
    char *path;
    const char *origin; /* "config" (rules.d) or "TLSEXPLAIN_RULES": the label `rules list` shows */
    int optional;       /* absent: silently nothing */
} txc_cfg_path;

typedef struct txc_config {
    txc_cfg_path *p;
    int n;
} txc_config;

/* The paths the environment names (none without HOME and XDG_CONFIG_HOME,
 * and TLSEXPLAIN_RULES unset).  Returns 0, or -1 when out of memory. */
int txc_config_paths(txc_config *cfg);
void txc_config_free(txc_config *cfg);
/* 1 when p exists (stat), 0 when not. */
int txc_config_exists(const txc_cfg_path *p);

#endif
