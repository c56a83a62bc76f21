/* config.c - the paths of the user's own rules (see config.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int add(txc_config *cfg, const char *s, size_t n, const char *origin, int optional)
{
    txc_cfg_path *np = realloc(cfg->p, (size_t)(cfg->n + 1) * sizeof *np);
    if (!np)
        return -1;
    cfg->p = np;
    char *path = malloc(n + 1);
    if (!path)
        return -1;
    memcpy(path, s, n);
    path[n] = '\0';
    cfg->p[cfg->n++] = (txc_cfg_path){path, origin, optional};
    return 0;
}

int txc_config_paths(txc_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    /* XDG Base Directory: a relative XDG_CONFIG_HOME is invalid and ignored */
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    char dir[4096];
    int nd = -1;
    if (xdg && xdg[0] == '/')
        nd = snprintf(dir, sizeof dir, "%s/tlsexplain/rules.d", xdg);
    else if (home && *home)
        nd = snprintf(dir, sizeof dir, "%s/.config/tlsexplain/rules.d", home);
    if (nd > 0 && (size_t)nd < sizeof dir && add(cfg, dir, (size_t)nd, "config", 1) != 0)
        goto oom;
    const char *env = getenv("TLSEXPLAIN_RULES");
    for (const char *s = env; s && *s;) {
        const char *e = strchr(s, ':');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n && add(cfg, s, n, "TLSEXPLAIN_RULES", 0) != 0) /* empty elements are skipped */
            goto oom;
        s += n + (e != NULL);
    }
    return 0;
oom:
    txc_config_free(cfg);
    return -1;
}

void txc_config_free(txc_config *cfg)
{
    for (int i = 0; i < cfg->n; i++)
        free(cfg->p[i].path);
    free(cfg->p);
    memset(cfg, 0, sizeof *cfg);
}

int txc_config_exists(const txc_cfg_path *p)
{
    struct stat st;
    return stat(p->path, &st) == 0;
}
