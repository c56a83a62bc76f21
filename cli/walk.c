/* walk.c - --recursive (see walk.h). */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../parser/limits.h"

typedef struct {
    dev_t dev;
    ino_t ino;
} dirid;

typedef struct {
    txc_walk *w;
    FILE *err;
    int *input_error;
    int oom, full;
    dirid up[TX_MAX_WALK_DEPTH + 1]; /* the directories on the way down */
} walker;

static int push(txc_walk *w, char *name)
{
    if (w->n == w->cap) {
        int ncap = w->cap ? w->cap * 2 : 64;
        char **nf = realloc(w->files, (size_t)ncap * sizeof *nf);
        if (!nf) {
            free(name);
            return -1;
        }
        w->files = nf;
        w->cap = ncap;
    }
    w->files[w->n++] = name;
    return 0;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join(const char *dir, const char *name)
{
    size_t dl = strlen(dir), nl = strlen(name);
    int slash = dl && dir[dl - 1] == '/';
    char *p = malloc(dl + nl + 2);
    if (p) {
        memcpy(p, dir, dl);
        if (!slash)
            p[dl++] = '/';
        memcpy(p + dl, name, nl + 1);
    }
    return p;
}

/* Walk directory `path` (at depth, whose id is up[depth]). */
static void walk_dir(walker *k, const char *path, int depth)
{
    DIR *d = opendir(path);
    if (!d) {
        fprintf(k->err, "tlsexplain: error: cannot read the directory '%s': %s\n", path, strerror(errno));
        *k->input_error = 1;
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') /* ".", "..", and hidden entries */
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) {
                k->oom = 1;
                break;
            }
            names = nn;
        }
        if (!(names[n] = strdup(e->d_name))) {
            k->oom = 1;
            break;
        }
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_name);
    for (size_t i = 0; i < n; i++) {
        char *p = k->oom || k->full ? NULL : join(path, names[i]);
        free(names[i]);
        if (!p) {
            k->oom |= !k->full;
            continue;
        }
        struct stat st;
        if (lstat(p, &st) != 0) {
            free(p); /* gone since readdir */
            continue;
        }
        if (S_ISLNK(st.st_mode)) {
            /* a link to a regular file is read; one to a directory is never followed */
            if (stat(p, &st) != 0 || !S_ISREG(st.st_mode)) {
                free(p);
                continue;
            }
        }
        if (S_ISREG(st.st_mode)) {
            if ((unsigned)k->w->n >= TX_MAX_WALK_FILES) {
                fprintf(k->err,
                        "tlsexplain: error: more than %u files under the directories named; the rest are not read\n",
                        TX_MAX_WALK_FILES);
                *k->input_error = 1;
                k->full = 1;
                free(p);
            } else if (push(k->w, p) != 0) {
                k->oom = 1;
            }
            continue;
        }
        if (S_ISDIR(st.st_mode) && depth < TX_MAX_WALK_DEPTH) {
            int loop = 0;
            for (int j = 0; j <= depth; j++)
                loop |= k->up[j].dev == st.st_dev && k->up[j].ino == st.st_ino;
            if (!loop) {
                k->up[depth + 1] = (dirid){st.st_dev, st.st_ino};
                walk_dir(k, p, depth + 1);
            }
        }
        free(p);
    }
    free(names);
}

int txc_walk_expand(txc_walk *w, const char *const *ops, int nops, FILE *err, int *input_error)
{
    memset(w, 0, sizeof *w);
    walker k;
    memset(&k, 0, sizeof k);
    k.w = w;
    k.err = err;
    k.input_error = input_error;
    for (int i = 0; i < nops && !k.oom; i++) {
        struct stat st;
        /* an operand that is not a directory is read as a file (its errors are its analysis's) */
        if (strcmp(ops[i], "-") == 0 || stat(ops[i], &st) != 0 || !S_ISDIR(st.st_mode)) {
            char *p = strdup(ops[i]);
            if (!p || push(w, p) != 0)
                k.oom = 1;
            continue;
        }
        int before = w->n;
        k.up[0] = (dirid){st.st_dev, st.st_ino};
        walk_dir(&k, ops[i], 0);
        if (w->n == before && !k.oom && !k.full) {
            fprintf(err, "tlsexplain: error: no file to read in the directory '%s' (hidden entries are skipped)\n",
                    ops[i]);
            *input_error = 1;
        }
    }
    if (k.oom) {
        txc_walk_free(w);
        return -1;
    }
    return 0;
}

void txc_walk_free(txc_walk *w)
{
    for (int i = 0; i < w->n; i++)
        free(w->files[i]);
    free(w->files);
    memset(w, 0, sizeof *w);
}
