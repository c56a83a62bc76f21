/*
 * capture.c - `tlsexplain capture [--java PATH] [--truststore F --storepass P]
 * [--output FILE] [--timeout SEC] https://host:port/`: the knowledge base's
 * "test with the same JRE as the integration agent" (ssltest in debug mode)
 * in one step.
 *
 * The probe (cli/probe/TlsProbe.java) is embedded twice by probe.inc: as
 * class files compiled for Java 8, which any JRE 8 or later runs without a
 * compiler, and as source.  By default the classes are written to a private
 * temporary directory and run with `-cp`; TLSEXPLAIN_PROBE=source runs the
 * source instead (`java TlsProbe.java`, JDK 11+ with its compiler module),
 * for sites that must see what runs.  Either way the JVM gets
 * -Djavax.net.debug=all and, when given, -Djavax.net.ssl.trustStore; the
 * truststore password travels in the environment (TLSEXPLAIN_STOREPASS),
 * never on a command line other users can read.  Nothing is weakened: the
 * probe uses the JVM's default trust manager and host name check.
 *
 * Network: tlsexplain opens no socket; the JVM connects to the target only
 * (no proxy, no redirect followed - see TlsProbe.java).
 *
 * Time: the probe's own connect/read timeouts are a few seconds under
 * --timeout; at --timeout the JVM's process group is killed (SIGTERM, then
 * SIGKILL) and the log saved so far is explained.  Ctrl-C kills it too.
 *
 * The log (stdout and stderr merged, as the debug output needs) is saved
 * with mode 0600 - `javax.net.debug=all` prints decrypted application data.
 */
#include "capture.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "exitcodes.h"
#include "probe/probe.inc"

#define DEFAULT_TIMEOUT 20
#define MAX_TIMEOUT 3600

__attribute__((format(printf, 1, 2))) static void cap_error(const char *fmt, ...);

static void cap_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("tlsexplain: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* ---- the target ------------------------------------------------------------------ */

typedef struct {
    char host[256];
    int port;
} target;

/* "https://host[:port][/path]" or "https://[v6]:port/": 0 ok. */
static int parse_url(const char *url, target *t)
{
    if (strncmp(url, "https://", 8) != 0)
        return -1;
    const char *h = url + 8, *e;
    if (*h == '[') {
        e = strchr(h, ']');
        if (!e || e == h + 1)
            return -1;
        h++;
    } else {
        e = h;
        while (*e && *e != ':' && *e != '/' && *e != '?' && *e != '#')
            e++;
        if (e == h)
            return -1;
    }
    size_t n = (size_t)(e - h);
    if (n >= sizeof t->host)
        return -1;
    for (size_t i = 0; i < n; i++) {
        char c = h[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
              c == '_' || c == ':'))
            return -1;
    }
    memcpy(t->host, h, n);
    t->host[n] = '\0';
    if (*e == ']')
        e++;
    t->port = 443;
    if (*e == ':') {
        char *end;
        long p = strtol(e + 1, &end, 10);
        if (end == e + 1 || p < 1 || p > 65535 || (*end && *end != '/' && *end != '?' && *end != '#'))
            return -1;
        t->port = (int)p;
    } else if (*e && *e != '/' && *e != '?' && *e != '#') {
        return -1;
    }
    return 0;
}

/* ---- java ------------------------------------------------------------------------- */

static int executable(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, X_OK) == 0;
}

/* The java launcher: a path as given, or a name looked up in PATH (then
 * $JAVA_HOME/bin/java for the default).  0 and out filled, or -1. */
static int find_java(const char *want, char *out, size_t n)
{
    const char *name = want && *want ? want : "java";
    if (strchr(name, '/')) {
        if (!executable(name))
            return -1;
        snprintf(out, n, "%s", name);
        return 0;
    }
    const char *path = getenv("PATH");
    while (path && *path) {
        const char *c = strchr(path, ':');
        size_t dl = c ? (size_t)(c - path) : strlen(path);
        if (dl && (size_t)snprintf(out, n, "%.*s/%s", (int)dl, path, name) < n && executable(out))
            return 0;
        path = c ? c + 1 : NULL;
    }
    const char *jh = getenv("JAVA_HOME");
    if (!want && jh && *jh && (size_t)snprintf(out, n, "%s/bin/java", jh) < n && executable(out))
        return 0;
    return -1;
}

/* ---- files ------------------------------------------------------------------------- */

static int write_file(const char *dir, const char *name, const unsigned char *data, size_t n)
{
    char p[PATH_MAX];
    if ((size_t)snprintf(p, sizeof p, "%s/%s", dir, name) >= sizeof p)
        return -1;
    int fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    size_t off = 0;
    while (off < n) {
        ssize_t w = write(fd, data + off, n - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(fd);
            return -1;
        }
        off += (size_t)w;
    }
    return close(fd);
}

static void remove_dir(const char *dir)
{
    static const char *const names[] = {"TlsProbe.class", "TlsProbe$RecordingFactory.class", "TlsProbe.java"};
    char p[PATH_MAX];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if ((size_t)snprintf(p, sizeof p, "%s/%s", dir, names[i]) < sizeof p)
            unlink(p);
    rmdir(dir);
}

/* "tlsexplain-capture-<host>-<UTC>.log" in the current directory. */
static void default_name(const target *t, char *out, size_t n)
{
    char h[sizeof t->host];
    size_t i;
    for (i = 0; t->host[i] && i < sizeof h - 1; i++) {
        char c = t->host[i];
        h[i] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ? c : '_';
    }
    h[i] = '\0';
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char ts[32];
    strftime(ts, sizeof ts, "%Y%m%dT%H%M%SZ", &tm);
    snprintf(out, n, "tlsexplain-capture-%s-%s.log", h, ts);
}

/* ---- running it -------------------------------------------------------------------- */

static volatile sig_atomic_t child_pgid;

static void on_signal(int sig)
{
    if (child_pgid > 0)
        kill(-(pid_t)child_pgid, SIGKILL);
    signal(sig, SIG_DFL);
    raise(sig);
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int write_all(int fd, const char *buf, size_t n)
{
    while (n) {
        ssize_t w = write(fd, buf, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        buf += w;
        n -= (size_t)w;
    }
    return 0;
}

typedef struct {
    int status;      /* waitpid status */
    int timed_out;
    int exec_errno;  /* errno of a failed exec, 0 if java ran */
    long long ms;
    unsigned long long bytes;
    int write_error;
} run_result;

static void run(char *const argv[], const char *storepass, int timeout, int logfd, run_result *r)
{
    memset(r, 0, sizeof *r);
    int out[2], err[2];
    if (pipe(out) != 0 || pipe(err) != 0) {
        r->exec_errno = errno;
        return;
    }
    fcntl(out[0], F_SETFD, FD_CLOEXEC);
    fcntl(err[0], F_SETFD, FD_CLOEXEC);
    fcntl(err[1], F_SETFD, FD_CLOEXEC);
    long long start = now_ms();
    pid_t pid = fork();
    if (pid < 0) {
        r->exec_errno = errno;
        close(out[0]);
        close(out[1]);
        close(err[0]);
        close(err[1]);
        return;
    }
    if (pid == 0) {
        setpgid(0, 0);
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        dup2(out[1], STDOUT_FILENO);
        dup2(out[1], STDERR_FILENO);
        close(out[1]);
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0) {
            dup2(devnull, STDIN_FILENO);
            close(devnull);
        }
        if (storepass)
            setenv("TLSEXPLAIN_STOREPASS", storepass, 1);
        else
            unsetenv("TLSEXPLAIN_STOREPASS");
        execv(argv[0], argv);
        int e = errno;
        ssize_t w = write(err[1], &e, sizeof e);
        (void)w;
        _exit(127);
    }
    setpgid(pid, pid); /* also here: no race with the kill below */
    child_pgid = pid;
    close(out[1]);
    close(err[1]);
    int e = 0;
    ssize_t got;
    while ((got = read(err[0], &e, sizeof e)) < 0 && errno == EINTR)
        ;
    close(err[0]);
    if (got == (ssize_t)sizeof e)
        r->exec_errno = e;

    long long deadline = start + (long long)timeout * 1000, kill_at = 0;
    int killed = 0;
    char buf[64 * 1024];
    for (;;) {
        long long t = now_ms();
        if (!killed && t >= deadline) {
            r->timed_out = 1;
            kill(-pid, SIGTERM);
            killed = 1;
            kill_at = t + 2000;
        } else if (killed == 1 && t >= kill_at) {
            kill(-pid, SIGKILL);
            killed = 2;
        }
        long long until = killed == 0 ? deadline : killed == 1 ? kill_at : t + 1000;
        struct pollfd pfd = {out[0], POLLIN, 0};
        int pr = poll(&pfd, 1, (int)(until > t ? until - t : 0));
        if (pr < 0 && errno == EINTR)
            continue;
        if (pr <= 0) {
            if (killed == 2)
                break; /* the group is gone and nobody writes any more */
            continue;
        }
        ssize_t n = read(out[0], buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        r->bytes += (unsigned long long)n;
        if (write_all(logfd, buf, (size_t)n) != 0)
            r->write_error = 1;
    }
    close(out[0]);
    /* the output is closed; the JVM should be gone, but not past the deadline */
    for (;;) {
        pid_t w = waitpid(pid, &r->status, WNOHANG);
        if (w == pid || (w < 0 && errno != EINTR))
            break;
        if (w == 0 && now_ms() >= deadline && killed < 2) {
            r->timed_out = 1;
            kill(-pid, SIGKILL);
            killed = 2;
        }
        if (w == 0) {
            struct timespec ts = {0, 20 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
    }
    if (!killed)
        kill(-pid, SIGKILL); /* anything the JVM left in its group */
    child_pgid = 0;
    r->ms = now_ms() - start;
}

int txc_capture(const txc_capture_opts *o, const char *url, char *path, size_t n)
{
    target t;
    if (parse_url(url, &t) != 0) {
        cap_error("capture needs an https:// URL such as https://host:8443/ (got '%s')", url);
        return EXIT_USAGE;
    }
    int timeout = o->timeout ? o->timeout : DEFAULT_TIMEOUT;
    if (timeout < 1 || timeout > MAX_TIMEOUT) {
        cap_error("--timeout must be a number of seconds from 1 to %d", MAX_TIMEOUT);
        return EXIT_USAGE;
    }
    char java[PATH_MAX];
    if (find_java(o->java, java, sizeof java) != 0) {
        if (o->java)
            cap_error("cannot run '%s': not an executable file (give the java launcher of the JRE the application "
                      "uses, e.g. --java /opt/app/jre/bin/java)",
                      o->java);
        else
            cap_error("no java found on PATH or in $JAVA_HOME: install a JRE or name the one the application uses "
                      "with --java /path/to/bin/java");
        return EXIT_INPUT;
    }
    if (o->truststore && access(o->truststore, R_OK) != 0) {
        /* not fatal: the JVM's answer to a missing truststore is part of the diagnosis */
        fprintf(stderr, "tlsexplain: warning: cannot read the truststore '%s': %s\n", o->truststore, strerror(errno));
    }

    if (strlen(url) >= 4096 || (o->output && strlen(o->output) >= n) ||
        (o->truststore && strlen(o->truststore) >= PATH_MAX)) {
        cap_error("the URL, --output or --truststore is too long");
        return EXIT_USAGE;
    }
    /* the log file first: failing here must not start a JVM */
    if (o->output)
        snprintf(path, n, "%s", o->output);
    else
        default_name(&t, path, n);
    int logfd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | (o->output ? 0 : O_EXCL), 0600);
    if (logfd < 0) {
        cap_error("cannot create '%s': %s", path, strerror(errno));
        return EXIT_INPUT;
    }

    const char *tmp = getenv("TMPDIR");
    char dir[PATH_MAX];
    if ((size_t)snprintf(dir, sizeof dir, "%s/tlsexplain-probe-XXXXXX", tmp && *tmp ? tmp : "/tmp") >= sizeof dir - 64)
        snprintf(dir, sizeof dir, "/tmp/tlsexplain-probe-XXXXXX"); /* TMPDIR too long for the probe's paths */
    if (!mkdtemp(dir)) {
        cap_error("cannot create a temporary directory for the probe: %s", strerror(errno));
        close(logfd);
        unlink(path);
        return EXIT_INPUT;
    }
    const char *mode = getenv("TLSEXPLAIN_PROBE");
    int from_source = mode && !strcmp(mode, "source");
    if (write_file(dir, "TlsProbe.class", probe_TlsProbe_class, sizeof probe_TlsProbe_class) != 0 ||
        write_file(dir, "TlsProbe$RecordingFactory.class", probe_TlsProbe_RecordingFactory_class,
                   sizeof probe_TlsProbe_RecordingFactory_class) != 0 ||
        write_file(dir, "TlsProbe.java", probe_source, sizeof probe_source) != 0) {
        cap_error("cannot write the probe to %s: %s", dir, strerror(errno));
        remove_dir(dir);
        close(logfd);
        unlink(path);
        return EXIT_INPUT;
    }

    static char debug_opt[] = "-Djavax.net.debug=all", cp_opt[] = "-cp", main_class[] = "TlsProbe";
    char ts_opt[PATH_MAX + 32], to_opt[64], src[PATH_MAX + 16], url_arg[4096];
    char *argv[16];
    int k = 0;
    snprintf(url_arg, sizeof url_arg, "%s", url);
    argv[k++] = java;
    argv[k++] = debug_opt;
    if (o->truststore) {
        snprintf(ts_opt, sizeof ts_opt, "-Djavax.net.ssl.trustStore=%s", o->truststore);
        argv[k++] = ts_opt;
    }
    int probe_ms = (timeout > 4 ? timeout - 3 : 1) * 1000;
    snprintf(to_opt, sizeof to_opt, "-Dprobe.timeout.ms=%d", probe_ms);
    argv[k++] = to_opt;
    if (from_source) {
        snprintf(src, sizeof src, "%s/TlsProbe.java", dir);
        argv[k++] = src;
    } else {
        argv[k++] = cp_opt;
        argv[k++] = dir;
        argv[k++] = main_class;
    }
    argv[k++] = url_arg;
    argv[k] = NULL;

    struct sigaction sa, old_int, old_term;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    fprintf(stderr, "tlsexplain: running %s against %s:%d with -Djavax.net.debug=all (at most %d s)...\n", java,
            t.host, t.port, timeout);
    run_result r;
    run(argv, o->storepass, timeout, logfd, &r);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    remove_dir(dir);
    int close_err = close(logfd);

    if (r.exec_errno) {
        cap_error("cannot run %s: %s", java, strerror(r.exec_errno));
        unlink(path);
        return EXIT_INPUT;
    }
    if (r.write_error || close_err != 0) {
        cap_error("cannot write the log to '%s'", path);
        return EXIT_INPUT;
    }
    if (r.timed_out)
        fprintf(stderr, "tlsexplain: the probe did not finish within %d s and was stopped; the log ends there\n",
                timeout);
    const char *how = "";
    char st[48] = "";
    if (WIFEXITED(r.status)) {
        snprintf(st, sizeof st, "exit %d", WEXITSTATUS(r.status));
        how = WEXITSTATUS(r.status) == 0 ? " (connected)" : "";
    } else if (WIFSIGNALED(r.status)) {
        snprintf(st, sizeof st, "killed by signal %d", WTERMSIG(r.status));
    }
    fprintf(stderr, "tlsexplain: saved the debug log (%llu bytes, %s%s, %.1f s) to %s\n", r.bytes, st, how,
            (double)r.ms / 1000.0, path);
    if (!r.bytes) {
        cap_error("%s printed nothing: is it a java launcher?", java);
        return EXIT_INPUT;
    }
    return EXIT_OK;
}
