/*
 * fuzz_cli.c - the whole command line, in-process: txc_run() (cli/main.c)
 * with argv words and input files taken from the input.
 *
 * The input is split at "\n--8<--\n" into at most five parts:
 *
 *   words          one argv word per line (at most 24, 255 bytes each);
 *                  the program name is added in front
 *   f1 f2 f3 f4    the contents of the files f1..f4 (a log, a rule file,
 *                  tool output...), written to a scratch folder that is the
 *                  working directory while the command runs; f1 is also
 *                  standard input ("-")
 *
 *   events\n--format\njson\nf1\n--8<--\n<a log>
 *   rules\n-r\nf2\nlist\n--8<--\n\n--8<--\n<a rule file>
 *
 * Refused (the input does nothing): `capture` (it runs a program and goes
 * to the network; txc_io.no_capture refuses it too), and any
 * word holding '/' or "..", so that every path a command opens is one of
 * the scratch files (or a name that does not exist there).  The output
 * goes to /dev/null, or to /dev/full when the input's hash says so (the
 * write-error paths); diagnostics to /dev/null.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../cli/cli.h"
#include "fuzz_common.h"

#define SEP "\n--8<--\n"
#define MAX_WORDS 24
#define MAX_WORD 255
#define NFILES 4

static char scratch_dir[64];

static void scratch_remove(void)
{
    int dirfd = open(scratch_dir, O_RDONLY | O_DIRECTORY);
    if (dirfd >= 0) {
        for (int i = 0; i < NFILES; i++) {
            char name[3] = {'f', (char)('1' + i), 0};
            unlinkat(dirfd, name, 0);
        }
        close(dirfd);
    }
    rmdir(scratch_dir);
}

static const char *scratch(void)
{
    if (!scratch_dir[0]) {
        snprintf(scratch_dir, sizeof scratch_dir, "%s", "/tmp/tx-fuzz-cli-XXXXXX");
        if (!mkdtemp(scratch_dir)) {
            perror("fuzz_cli: mkdtemp");
            abort();
        }
        atexit(scratch_remove);
    }
    return scratch_dir;
}

static void put_file(int dirfd, const char *name, const uint8_t *p, size_t n, int present)
{
    if (!present) {
        unlinkat(dirfd, name, 0);
        return;
    }
    int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return;
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w <= 0)
            break;
        p += w;
        n -= (size_t)w;
    }
    close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* the parts */
    const uint8_t *part[1 + NFILES] = {0};
    size_t plen[1 + NFILES] = {0};
    int nparts = 0;
    const uint8_t *p = data, *end = data + size;
    while (nparts < 1 + NFILES) {
        const uint8_t *s = nparts < NFILES ? memmem(p, (size_t)(end - p), SEP, sizeof SEP - 1) : NULL;
        part[nparts] = p;
        plen[nparts] = s ? (size_t)(s - p) : (size_t)(end - p);
        nparts++;
        if (!s)
            break;
        p = s + sizeof SEP - 1;
    }

    /* the words */
    static char words[MAX_WORDS][MAX_WORD + 1];
    char *argv[MAX_WORDS + 2];
    int argc = 0;
    static char prog[] = "tlsexplain";
    argv[argc++] = prog;
    const uint8_t *w = part[0], *wend = part[0] + plen[0];
    while (w < wend && argc < MAX_WORDS + 1) {
        const uint8_t *nl = memchr(w, '\n', (size_t)(wend - w));
        size_t n = nl ? (size_t)(nl - w) : (size_t)(wend - w);
        size_t k = n > MAX_WORD ? MAX_WORD : n;
        char *dst = words[argc - 1];
        memcpy(dst, w, k);
        dst[k] = '\0';
        if (strchr(dst, '/') || strstr(dst, ".."))
            return 0;
        argv[argc++] = dst;
        w = nl ? nl + 1 : wend;
    }
    argv[argc] = NULL;
    if (argc > 1 && !strcmp(argv[1], "capture"))
        return 0;

    /* the files, in the scratch folder */
    const char *dir = scratch();
    int dirfd = open(dir, O_RDONLY | O_DIRECTORY);
    if (dirfd < 0)
        return 0;
    for (int i = 0; i < NFILES; i++) {
        char name[3] = {'f', (char)('1' + i), 0};
        put_file(dirfd, name, part[1 + i], plen[1 + i], 1 + i < nparts);
    }
    close(dirfd);

    fz_rng r;
    fz_rng_seed(&r, data, size);
    int full = fz_next(&r) % 8 == 0;
    char *stdin_copy = nparts > 1 && plen[1] ? malloc(plen[1]) : NULL;
    if (stdin_copy)
        memcpy(stdin_copy, part[1], plen[1]);
    FILE *in = stdin_copy ? fmemopen(stdin_copy, plen[1], "r") : fopen("/dev/null", "r");
    FILE *out = fopen(full ? "/dev/full" : "/dev/null", "w");
    FILE *err = fopen("/dev/null", "w");
    int cwd = open(".", O_RDONLY | O_DIRECTORY);
    if (in && out && err && cwd >= 0 && chdir(dir) == 0) {
        txc_io io = {in, out, err, 1};
        (void)txc_run(argc, argv, &io);
        if (fchdir(cwd) != 0)
            abort();
    }
    if (cwd >= 0)
        close(cwd);
    if (in)
        fclose(in);
    if (out)
        fclose(out);
    if (err)
        fclose(err);
    free(stdin_copy);
    return 0;
}
