/*
 * capture.c - `tlsexplain capture [--java PATH] [--truststore F]
 * [--storepass-file F] [--keystore F [--keystore-type T]
 * [--keystore-password-file F]] [--starttls PROTO] [--proxy HOST:PORT
 * [--proxy-auth-file F]] [--output FILE [--force]] [--timeout SEC]
 * https://host:port/|tls://host:port|host:port`: the knowledge base's
 * "test with the same JRE as the integration agent" (ssltest in debug
 * mode) in one step.  The options, the
 * URL and the JVM's command line are checked and built by capture_args.c;
 * this file runs things.
 *
 * The probe (cli/probe/TlsProbe.java) is embedded twice by probe.inc: as
 * class files compiled for Java 8, which any JRE 8 or later runs without a
 * compiler, and as source.  By default the classes are written to a private
 * temporary directory and run with `-cp`; TLSEXPLAIN_PROBE=source runs the
 * source instead (`java TlsProbe.java`, JDK 11+ with its compiler module),
 * for sites that must see what runs.  Either way the JVM gets
 * -Djavax.net.debug=all and, when given, -Djavax.net.ssl.trustStore,
 * -Djavax.net.ssl.keyStore(Type), -Dprobe.starttls and -Dprobe.proxy.
 * Nothing is weakened: the probe uses the JVM's default trust manager and
 * host name check.
 *
 * Secrets: the truststore password (--storepass-file or the inherited
 * TLSEXPLAIN_STOREPASS), the keystore password (--keystore-password-file or
 * TLSEXPLAIN_KEYSTOREPASS) and the proxy's user:password (--proxy-auth-file
 * or TLSEXPLAIN_PROXY_AUTH) travel to the probe in its environment
 * (/proc/PID/environ is readable by its owner only), never on a command line
 * (/proc/PID/cmdline is readable by everyone): --storepass,
 * --keystore-password and user@ in --proxy are refused.  The probe sets
 * them as system properties and never prints them.
 *
 * Network: tlsexplain opens no socket; the JVM connects to the target only,
 * or to --proxy (no redirect followed - see TlsProbe.java).
 *
 * Time: the probe's own connect/read timeouts are a few seconds under
 * --timeout.  The deadline is wall-clock and does not wait for the pipe to
 * close: at --timeout the JVM's process group gets SIGTERM, 2 s later
 * SIGKILL, and half a second after that tlsexplain stops reading whoever
 * still holds the pipe.  tlsexplain is the "child subreaper" of the probe,
 * so a descendant that left the JVM's process group (setsid) becomes its
 * child when its parent dies and is killed too.  The log saved so far is
 * explained.
 *
 * Signals: INT, TERM, HUP and QUIT during the capture kill the JVM, remove
 * the probe's directory (and a --force temporary file, or a log nothing was
 * written to), then end tlsexplain with the same signal (status 128+N).
 *
 * Files: the log (stdout and stderr merged, as the debug output needs) is a
 * new file of mode 0600 - `javax.net.debug=all` prints decrypted application
 * data - made with O_CREAT|O_EXCL|O_NOFOLLOW: an existing file or a symlink
 * is refused.  --force writes a new 0600 file beside --output and renames it
 * over it at the end (rename replaces a symlink, never follows it).  Only a
 * file this run created is ever removed.
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
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "exitcodes.h"
#include "probe/probe.inc"

#define TERM_GRACE_MS 2000 /* SIGTERM .. SIGKILL */
#define KILL_GRACE_MS 500  /* SIGKILL .. stop reading */
#define LINGER_MS 1000     /* JVM gone .. stop waiting for the pipe to close */

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
        if (!executable(name) || (size_t)snprintf(out, n, "%s", name) >= n)
            return -1;
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

/* ---- cleanup on a signal -----------------------------------------------------------
 * The one piece of mutable global state: a signal handler reaches nothing
 * else.  Everything it needs is formatted before the handlers are
 * installed; it calls only async-signal-safe functions (kill, unlink,
 * rmdir, lstat, open, read, close, write, getpid, sigaction, raise). */

#define NSIGS 4
static const int caught[NSIGS] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

enum { LOG_NONE, LOG_NEW, LOG_TEMP };

static struct {
    volatile sig_atomic_t pgid;        /* the JVM's process group, 0 none */
    volatile sig_atomic_t have_dir;    /* the probe's directory exists */
    volatile sig_atomic_t log_state;   /* LOG_NEW: our log at log; LOG_TEMP: our --force temp file at log */
    volatile sig_atomic_t log_written; /* bytes went into it */
    dev_t log_dev;
    ino_t log_ino;
    char dir[PATH_MAX];
    char files[PROBE_NFILES][PATH_MAX];
    char log[PATH_MAX];
    char msg_kept[PATH_MAX + 128], msg_plain[PATH_MAX + 128];
} cl;

static void remove_probe_dir(void)
{
    if (!cl.have_dir)
        return;
    for (size_t i = 0; i < PROBE_NFILES; i++)
        unlink(cl.files[i]);
    rmdir(cl.dir);
    cl.have_dir = 0;
}

/* path is still the file we created (not replaced meanwhile). */
static int still_ours(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 && st.st_dev == cl.log_dev && st.st_ino == cl.log_ino;
}

/* Signal every child of ours but skip, and its process group: as the
 * probe's subreaper we inherit the descendants that left the JVM's group
 * when their parent dies.  Returns how many were signalled.  Linux only
 * (/proc/self/task/TID/children); async-signal-safe. */
static int sweep(int sig, pid_t skip)
{
    char p[64] = "/proc/self/task/";
    char num[24];
    int k = 0;
    for (unsigned long v = (unsigned long)getpid(); v; v /= 10)
        num[k++] = (char)('0' + v % 10);
    size_t pl = strlen(p);
    while (k)
        p[pl++] = num[--k];
    memcpy(p + pl, "/children", sizeof "/children");
    int fd = open(p, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    char buf[4096];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf - 1)) < 0 && errno == EINTR)
        ;
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    int hit = 0;
    for (char *c = buf; *c;) {
        long v = 0;
        while (*c >= '0' && *c <= '9')
            v = v * 10 + (*c++ - '0');
        if (v > 1 && (pid_t)v != skip) {
            kill(-(pid_t)v, sig);
            kill((pid_t)v, sig);
            hit++;
        }
        while (*c && (*c < '0' || *c > '9'))
            c++;
    }
    return hit;
}

static void on_signal(int sig)
{
    int saved = errno;
    if (cl.pgid > 0)
        kill(-(pid_t)cl.pgid, SIGKILL);
    sweep(SIGKILL, 0);
    remove_probe_dir();
    const char *msg = cl.msg_plain;
    if (cl.log_state == LOG_TEMP) {
        unlink(cl.log);
    } else if (cl.log_state == LOG_NEW) {
        if (!cl.log_written && still_ours(cl.log))
            unlink(cl.log);
        else
            msg = cl.msg_kept;
    }
    ssize_t w = write(STDERR_FILENO, msg, strlen(msg));
    (void)w;
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigaction(sig, &dfl, NULL);
    raise(sig); /* delivered when the handler returns: the process ends with sig */
    errno = saved;
}

typedef struct {
    struct sigaction old[NSIGS];
    int installed[NSIGS];
} sig_saved;

/* Handlers for INT, TERM, HUP, QUIT - except a signal ignored when we
 * started (nohup): it stays ignored, for the JVM too. */
static void install_handlers(sig_saved *s)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (int i = 0; i < NSIGS; i++)
        sigaddset(&sa.sa_mask, caught[i]);
    for (int i = 0; i < NSIGS; i++) {
        s->installed[i] = 0;
        if (sigaction(caught[i], NULL, &s->old[i]) != 0 || s->old[i].sa_handler == SIG_IGN)
            continue;
        s->installed[i] = sigaction(caught[i], &sa, NULL) == 0;
    }
}

static void restore_handlers(const sig_saved *s)
{
    for (int i = 0; i < NSIGS; i++)
        if (s->installed[i])
            sigaction(caught[i], &s->old[i], NULL);
}

/* ---- files ------------------------------------------------------------------------- */

static int write_all(int fd, const void *data, size_t n)
{
    const char *p = data;
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int write_file(const char *p, const unsigned char *data, size_t n)
{
    int fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    if (write_all(fd, data, n) != 0) {
        close(fd);
        return -1;
    }
    return close(fd);
}

/* The probe in a new private directory: 0, or -1 after a message. */
static int write_probe(void)
{
    const char *tmp = getenv("TMPDIR");
    if ((size_t)snprintf(cl.dir, sizeof cl.dir, "%s/tlsexplain-probe-XXXXXX", tmp && *tmp ? tmp : "/tmp") >=
        sizeof cl.dir - 64)
        snprintf(cl.dir, sizeof cl.dir, "/tmp/tlsexplain-probe-XXXXXX"); /* TMPDIR too long for the probe's paths */
    if (!mkdtemp(cl.dir)) {
        cap_error("cannot create a temporary directory for the probe: %s", strerror(errno));
        return -1;
    }
    for (size_t i = 0; i < PROBE_NFILES; i++) /* fits: dir is at most PATH_MAX - 64 */
        if ((size_t)snprintf(cl.files[i], sizeof cl.files[i], "%s/%s", cl.dir, probe_files[i].name) >=
            sizeof cl.files[i]) {
            rmdir(cl.dir);
            return -1;
        }
    cl.have_dir = 1;
    for (size_t i = 0; i < PROBE_NFILES; i++)
        if (write_file(cl.files[i], probe_files[i].data, probe_files[i].size) != 0) {
            cap_error("cannot write the probe to %s: %s", cl.dir, strerror(errno));
            remove_probe_dir();
            return -1;
        }
    return 0;
}

/* The log: a new file at path (the default name, or --output), or with
 * --force a new temporary file beside --output.  The fd, or -1 after a
 * message.  cl.log, cl.log_state, cl.log_dev/ino say what was created. */
static int open_log(const txc_capture_opts *o, const txc_plan *p, char *path, size_t n)
{
    int fd = -1;
    const int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
    if (!o->output) {
        time_t now = time(NULL);
        for (unsigned seq = 1; seq <= 99; seq++) {
            if (txc_default_name(&p->target, o->redact, (long long)now, seq, path, n) != 0) {
                errno = ENAMETOOLONG;
                break;
            }
            fd = open(path, flags, 0600);
            if (fd >= 0 || errno != EEXIST)
                break;
        }
    } else {
        if ((size_t)snprintf(path, n, "%s", o->output) >= n || strlen(o->output) >= sizeof cl.log - 32) {
            cap_error("--output is too long");
            return -1;
        }
        struct stat st;
        int exists = lstat(path, &st) == 0;
        if (exists && S_ISDIR(st.st_mode)) {
            cap_error("'%s' is a directory: give --output a file name", path);
            return -1;
        }
        if (!o->force) {
            fd = open(path, flags, 0600);
            if (fd < 0 && errno == EEXIST) {
                int link = lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
                cap_error("'%s' %s: capture writes only a new file, as the log holds decrypted data; name a new "
                          "file, or add --force to replace it",
                          path, link ? "is a symbolic link" : "already exists");
                return -1;
            }
        } else {
            /* the temporary file: ".NAME.tlsexplain-XXXXXX" in the same directory */
            const char *slash = strrchr(path, '/');
            size_t dl = slash ? (size_t)(slash - path) + 1 : 0;
            snprintf(cl.log, sizeof cl.log, "%.*s.%s.tlsexplain-XXXXXX", (int)dl, path, path + dl);
            fd = mkostemp(cl.log, O_CLOEXEC);
            if (fd < 0) {
                cap_error("cannot create a file beside '%s': %s", path, strerror(errno));
                return -1;
            }
        }
    }
    if (fd < 0) {
        cap_error("cannot create '%s': %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || fchmod(fd, 0600) != 0) {
        cap_error("cannot set up '%s': %s", o->force && o->output ? cl.log : path, strerror(errno));
        close(fd);
        if (o->force && o->output)
            unlink(cl.log);
        return -1;
    }
    cl.log_dev = st.st_dev;
    cl.log_ino = st.st_ino;
    cl.log_written = 0;
    if (o->force && o->output) {
        cl.log_state = LOG_TEMP;
        snprintf(cl.msg_plain, sizeof cl.msg_plain,
                 "\ntlsexplain: stopped by a signal: the JVM was killed and the probe's files removed; '%s' was "
                 "left as it was\n",
                 path);
        memcpy(cl.msg_kept, cl.msg_plain, sizeof cl.msg_kept);
    } else {
        snprintf(cl.log, sizeof cl.log, "%s", path);
        cl.log_state = LOG_NEW;
        snprintf(cl.msg_plain, sizeof cl.msg_plain,
                 "\ntlsexplain: stopped by a signal: the JVM was killed and the probe's files removed\n");
        snprintf(cl.msg_kept, sizeof cl.msg_kept,
                 "\ntlsexplain: stopped by a signal: the JVM was killed and the probe's files removed; the partial "
                 "log is in %s\n",
                 path);
    }
    return fd;
}

/* Remove the log this run created (only that: never a file we did not make). */
static void discard_log(void)
{
    if (cl.log_state == LOG_TEMP || (cl.log_state == LOG_NEW && still_ours(cl.log)))
        unlink(cl.log);
    cl.log_state = LOG_NONE;
}

/* ---- running it -------------------------------------------------------------------- */

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

typedef struct {
    int status;      /* waitpid status, when reaped */
    int reaped;
    int timed_out;   /* the deadline passed */
    int held_open;   /* something still held the output when tlsexplain stopped reading */
    int swept;       /* processes outside the JVM's group were killed */
    int exec_errno;  /* errno of a failed exec, 0 if java ran */
    long long ms;
    unsigned long long bytes;
    int write_error;
} run_result;

/* Reap whatever of ours has ended (the JVM's status is kept). */
static void reap(pid_t pid, run_result *r)
{
    int st;
    pid_t w;
    while ((w = waitpid(-1, &st, WNOHANG)) > 0)
        if (w == pid) {
            r->status = st;
            r->reaped = 1;
        }
}

static void run(char *const argv[], const txc_secrets *sec, int timeout, int logfd, run_result *r)
{
    memset(r, 0, sizeof *r);
    int out[2], err[2];
    if (pipe(out) != 0) {
        r->exec_errno = errno;
        return;
    }
    if (pipe(err) != 0) {
        r->exec_errno = errno;
        close(out[0]);
        close(out[1]);
        return;
    }
    fcntl(out[0], F_SETFD, FD_CLOEXEC);
    fcntl(err[0], F_SETFD, FD_CLOEXEC);
    fcntl(err[1], F_SETFD, FD_CLOEXEC);
    /* no signal between fork and the child's own dispositions, nor before cl.pgid is set */
    sigset_t block, old;
    sigemptyset(&block);
    for (int i = 0; i < NSIGS; i++)
        sigaddset(&block, caught[i]);
    sigprocmask(SIG_BLOCK, &block, &old);
#ifdef PR_SET_CHILD_SUBREAPER
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
#endif
    long long start = now_ms();
    pid_t pid = fork();
    if (pid < 0) {
        r->exec_errno = errno;
        sigprocmask(SIG_SETMASK, &old, NULL);
        close(out[0]);
        close(out[1]);
        close(err[0]);
        close(err[1]);
        return;
    }
    if (pid == 0) {
        setpgid(0, 0);
        for (int i = 0; i < NSIGS; i++) { /* ours back to the default; an ignored one stays ignored */
            struct sigaction cur;
            if (sigaction(caught[i], NULL, &cur) == 0 && cur.sa_handler == on_signal) {
                cur.sa_handler = SIG_DFL;
                sigaction(caught[i], &cur, NULL);
            }
        }
        sigprocmask(SIG_SETMASK, &old, NULL);
        dup2(out[1], STDOUT_FILENO);
        dup2(out[1], STDERR_FILENO);
        close(out[1]);
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0) {
            dup2(devnull, STDIN_FILENO);
            close(devnull);
        }
        txc_secrets_export(sec);
        execv(argv[0], argv);
        int e = errno;
        ssize_t w = write(err[1], &e, sizeof e);
        (void)w;
        _exit(127);
    }
    setpgid(pid, pid); /* also here: no race with the kill below */
    cl.pgid = pid;
    sigprocmask(SIG_SETMASK, &old, NULL);
    close(out[1]);
    close(err[1]);
    int e = 0;
    ssize_t got;
    while ((got = read(err[0], &e, sizeof e)) < 0 && errno == EINTR)
        ;
    close(err[0]);
    if (got == (ssize_t)sizeof e)
        r->exec_errno = e;

    /* Read until EOF, but never past the deadline: after it, SIGTERM, then
     * SIGKILL, then stop reading whoever still holds the pipe. */
    long long deadline = start + (long long)timeout * 1000, next = deadline, exited_at = 0;
    int phase = 0; /* 0 running, 1 SIGTERM sent, 2 SIGKILL sent */
    char buf[64 * 1024];
    for (;;) {
        long long t = now_ms();
        if (!r->reaped) {
            reap(pid, r);
            if (r->reaped)
                exited_at = t;
        }
        if (phase == 0 && t >= deadline) {
            r->timed_out = 1;
            kill(-pid, SIGTERM);
            phase = 1;
            next = t + TERM_GRACE_MS;
        } else if (phase == 0 && r->reaped && t >= exited_at + LINGER_MS) {
            /* the JVM is gone but a process it started still holds its output */
            r->held_open = 1;
            kill(-pid, SIGKILL);
            phase = 2;
            next = t + KILL_GRACE_MS;
        } else if (phase == 1 && t >= next) {
            kill(-pid, SIGKILL);
            phase = 2;
            next = t + KILL_GRACE_MS;
        } else if (phase == 2 && t >= next) {
            r->held_open = 1;
            break;
        }
        if (phase == 2 && sweep(SIGKILL, pid) > 0) {
            r->swept = 1;
            reap(pid, r);
        }
        long long until = phase == 0 ? (r->reaped ? exited_at + LINGER_MS : deadline) : next;
        long long wait = until - t;
        if (wait > 100)
            wait = 100; /* now and then: has the JVM ended? */
        struct pollfd pfd = {out[0], POLLIN, 0};
        int pr = poll(&pfd, 1, (int)(wait > 0 ? wait : 0));
        if (pr <= 0)
            continue; /* EINTR or nothing yet */
        ssize_t n = read(out[0], buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        r->bytes += (unsigned long long)n;
        cl.log_written = 1;
        if (write_all(logfd, buf, (size_t)n) != 0)
            r->write_error = 1;
    }
    close(out[0]);
    /* the output is closed; the JVM should be gone, but not past the deadline */
    long long killed_at = phase == 2 ? now_ms() : 0;
    while (!r->reaped) {
        reap(pid, r);
        if (r->reaped)
            break;
        long long t = now_ms();
        if (phase < 2 && t >= deadline) {
            r->timed_out = 1;
            kill(-pid, SIGKILL);
            phase = 2;
            killed_at = t;
        } else if (phase == 2 && t >= killed_at + 3000) {
            break; /* unkillable (stuck in the kernel): leave it */
        }
        struct timespec ts = {0, 20 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    kill(-pid, SIGKILL); /* anything the JVM left in its group */
    if (sweep(SIGKILL, pid) > 0)
        r->swept = 1;
    reap(pid, r);
#ifdef PR_SET_CHILD_SUBREAPER
    prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
#endif
    cl.pgid = 0;
    r->ms = now_ms() - start;
}

/* The secret of the password file given as --opt into pass[n] (NUL-ended):
 * 0 and *len, or an exit code after a message.  --proxy-auth-file's must be
 * user:password. */
static int read_secret(const char *opt, const char *file, char *pass, size_t n, size_t *len)
{
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        cap_error("cannot open the --%s '%s': %s", opt, file, strerror(errno));
        return EXIT_INPUT;
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077))
        fprintf(stderr, "tlsexplain: warning: '%s' can be read by other users (mode %04o): chmod 600 it\n", file,
                (unsigned)(st.st_mode & 07777));
    size_t got = 0;
    for (;;) {
        ssize_t r = read(fd, pass + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            cap_error("cannot read the --%s '%s': %s", opt, file, strerror(errno));
            close(fd);
            return EXIT_INPUT;
        }
        if (r == 0 || (got += (size_t)r) == n)
            break;
    }
    close(fd);
    char why[160];
    int bad = strcmp(opt, "proxy-auth-file") ? txc_storepass_parse(pass, got, len, why, sizeof why)
                                              : txc_proxy_auth_parse(pass, got, len, why, sizeof why);
    if (bad) {
        cap_error("the --%s '%s' is refused: %s", opt, file, why);
        return EXIT_INPUT;
    }
    pass[*len] = '\0';
    return EXIT_OK;
}

int txc_secrets_read(const txc_capture_opts *o, txc_secrets *sec)
{
    memset(sec, 0, sizeof *sec); /* NULL: the variable, if set, is inherited */
    struct {
        const char *opt, *file;
        const char **to;
    } sf[3] = {{"storepass-file", o->storepass_file, &sec->storepass},
               {"keystore-password-file", o->keystore_pass_file, &sec->keystorepass},
               {"proxy-auth-file", o->proxy_auth_file, &sec->proxy_auth}};
    for (int i = 0; i < 3; i++) {
        size_t len = 0;
        if (!sf[i].file)
            continue;
        int rc = read_secret(sf[i].opt, sf[i].file, sec->buf[i], sizeof sec->buf[i], &len);
        if (rc != EXIT_OK) {
            txc_secrets_wipe(sec);
            return rc;
        }
        *sf[i].to = sec->buf[i];
    }
    return EXIT_OK;
}

void txc_secrets_export(const txc_secrets *sec)
{
    /* the passwords, if any, in the environment only (a variable set by the user is
     * inherited as it is) */
    if (sec->storepass)
        setenv("TLSEXPLAIN_STOREPASS", sec->storepass, 1);
    if (sec->keystorepass)
        setenv("TLSEXPLAIN_KEYSTOREPASS", sec->keystorepass, 1);
    if (sec->proxy_auth)
        setenv("TLSEXPLAIN_PROXY_AUTH", sec->proxy_auth, 1);
}

void txc_secrets_wipe(txc_secrets *sec)
{
    explicit_bzero(sec, sizeof *sec);
}

int txc_capture(const txc_capture_opts *o, const char *url, char *path, size_t n)
{
    txc_plan plan;
    char why[768];
    if (txc_capture_plan(o, url, &plan, why, sizeof why) != 0) {
        cap_error("%s", why);
        return EXIT_USAGE;
    }
    if (n < 64) {
        cap_error("internal: no room for the log's name");
        return EXIT_INTERNAL;
    }
    /* the secrets: read before anything is created, wiped when done */
    txc_secrets sec;
    int src = txc_secrets_read(o, &sec);
    if (src != EXIT_OK)
        return src;
    char java[PATH_MAX];
    if (find_java(o->java, java, sizeof java) != 0) {
        if (o->java)
            cap_error("cannot run '%s': not an executable file (give the java launcher of the JRE the application "
                      "uses, e.g. --java /opt/app/jre/bin/java)",
                      o->java);
        else
            cap_error("no java found on PATH or in $JAVA_HOME: install a JRE or name the one the application uses "
                      "with --java /path/to/bin/java");
        txc_secrets_wipe(&sec);
        return EXIT_INPUT;
    }
    /* not fatal: the JVM's answer to a missing store is part of the diagnosis */
    if (o->truststore && access(o->truststore, R_OK) != 0)
        fprintf(stderr, "tlsexplain: warning: cannot read the truststore '%s': %s\n", o->truststore, strerror(errno));
    if (o->keystore && strcmp(o->keystore, "NONE") != 0 && access(o->keystore, R_OK) != 0)
        fprintf(stderr, "tlsexplain: warning: cannot read the keystore '%s': %s\n", o->keystore, strerror(errno));

    memset(&cl, 0, sizeof cl);
    sig_saved saved;
    install_handlers(&saved);
    int rc = EXIT_INPUT;
    /* the log file first: failing here must not start a JVM */
    int logfd = open_log(o, &plan, path, n);
    if (logfd < 0)
        goto out;
    if (write_probe() != 0) {
        close(logfd);
        discard_log();
        goto out;
    }
    const char *mode = getenv("TLSEXPLAIN_PROBE");
    txc_argv av;
    if (txc_probe_argv(o, &plan, java, cl.dir, mode && !strcmp(mode, "source"), url, &av) != 0) {
        cap_error("the java command line would be too long");
        close(logfd);
        discard_log();
        rc = EXIT_USAGE;
        goto out;
    }
    char how_st[64] = "", how_px[TX_MAX_CAPTURE_HOST + 64] = "";
    if (o->starttls)
        snprintf(how_st, sizeof how_st, " after STARTTLS (%s)", txc_starttls_name(o->starttls));
    if (plan.has_proxy && !o->redact)
        snprintf(how_px, sizeof how_px, " through the proxy %s:%d%s", plan.proxy.host, plan.proxy.port,
                 o->proxy_auth_file || getenv("TLSEXPLAIN_PROXY_AUTH") ? " (with credentials)" : "");
    else if (plan.has_proxy)
        snprintf(how_px, sizeof how_px, " through the proxy given");
    if (o->redact)
        fprintf(stderr,
                "tlsexplain: running %s against the %s given (host not shown: --redact)%s%s with "
                "-Djavax.net.debug=all (at most %d s)...\n",
                java, plan.kind == TXC_KIND_HTTPS ? "URL" : "target", how_st, how_px, plan.timeout);
    else
        fprintf(stderr, "tlsexplain: running %s against %s:%d%s%s with -Djavax.net.debug=all (at most %d s)...\n",
                java, plan.target.host, plan.target.port, how_st, how_px, plan.timeout);
    run_result r;
    run(av.argv, &sec, plan.timeout, logfd, &r);
    remove_probe_dir();
    int close_err = close(logfd);

    if (r.exec_errno) {
        cap_error("cannot run %s: %s", java, strerror(r.exec_errno));
        discard_log();
        goto out;
    }
    if (r.write_error || close_err != 0) {
        cap_error("cannot write the log to '%s'", cl.log_state == LOG_TEMP ? cl.log : path);
        if (cl.log_state == LOG_TEMP)
            discard_log();
        goto out;
    }
    if (r.timed_out)
        fprintf(stderr, "tlsexplain: the probe did not finish within %d s and was stopped; the log ends there\n",
                plan.timeout);
    if (r.held_open || r.swept)
        fprintf(stderr,
                "tlsexplain: note: a process the probe started left the JVM's process group and %s; %s\n",
                r.held_open ? "kept its output open" : "outlived it", r.swept ? "it was killed" : "it was not waited for");
    if (!r.bytes) {
        cap_error("%s printed nothing: is it a java launcher?", java);
        discard_log();
        goto out;
    }
    if (cl.log_state == LOG_TEMP) {
        if (rename(cl.log, path) != 0) {
            cap_error("cannot replace '%s': %s", path, strerror(errno));
            discard_log();
            goto out;
        }
        cl.log_state = LOG_NONE;
    }
    const char *how = "";
    char st[48] = "";
    if (!r.reaped) {
        snprintf(st, sizeof st, "still running");
    } else if (WIFEXITED(r.status)) {
        snprintf(st, sizeof st, "exit %d", WEXITSTATUS(r.status));
        how = WEXITSTATUS(r.status) == 0 ? " (connected)" : "";
    } else if (WIFSIGNALED(r.status)) {
        snprintf(st, sizeof st, "killed by signal %d", WTERMSIG(r.status));
    }
    fprintf(stderr, "tlsexplain: saved the debug log (%llu bytes, %s%s, %.1f s) to %s\n", r.bytes, st, how,
            (double)r.ms / 1000.0, path);
    rc = EXIT_OK;
out:
    cl.log_state = LOG_NONE;
    restore_handlers(&saved);
    txc_secrets_wipe(&sec);
    return rc;
}

/* ---- shared with scan.c ---------------------------------------------------------------- */

int txc_find_java(const char *want, char *out, size_t n)
{
    return find_java(want, out, n);
}

int txc_probe_class(size_t i, const char **name, const unsigned char **data, size_t *size)
{
    if (i >= PROBE_NFILES || !strstr(probe_files[i].name, ".class"))
        return -1; /* the source comes last */
    *name = probe_files[i].name;
    *data = probe_files[i].data;
    *size = probe_files[i].size;
    return 0;
}
