/*
 * fuzz_capture_args.c - `tlsexplain capture`'s URL and option parsing
 * (cli/capture_args.c), without a JVM, a file or a process.
 *
 * The input is a command line with NUL bytes between its words: the first
 * word is the URL, each further word an option whose first byte picks it
 * (j --java, t --truststore, p --storepass, f --storepass-file, o --output,
 * F --force, T --timeout; another byte modulo 7) and whose other bytes are
 * its argument.  The whole input is
 * also read as a --storepass-file's bytes.  Checked, beyond "no crash":
 *
 *   - an accepted URL is printable ASCII without space, starts https://, has
 *     a host that is in it and a port from 1 to 65535, no user@;
 *   - txc_capture_plan accepts exactly the URLs txc_parse_url accepts;
 *   - an accepted path option holds no control character; an accepted
 *     --timeout is 1..3600 written in digits; --storepass is always refused
 *     and its argument left all NUL;
 *   - the default log name is [A-Za-z0-9._-] only and, with --redact, the
 *     same whatever the host;
 *   - the JVM's command line has only the parts it should (java, the debug
 *     and timeout options, the truststore, the probe, the URL last);
 *   - txc_escape writes printable ASCII within its buffer;
 *   - a password parsed from a file holds no NUL, CR or LF.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/capture_args.h"
#include "cli/exitcodes.h"
#include "cli/opts.h"
#include "fuzz_common.h"

#define MAX_WORDS 16

static void check(int ok)
{
    if (!ok)
        abort();
}

static int printable(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
            return 0;
    return 1;
}

static int name_chars(const char *s)
{
    for (; *s; s++) {
        char c = *s;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
              c == '_'))
            return 0;
    }
    return 1;
}

static int starts(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }

static void check_url(const char *url)
{
    txc_target t;
    char why[256];
    int rc = txc_parse_url(url, &t, why, sizeof why);
    if (rc != 0) {
        check(rc == -1 && memchr(why, '\0', sizeof why) && why[0]);
        return;
    }
    check(starts(url, "https://"));
    check(strlen(url) < TX_MAX_CAPTURE_URL);
    for (const char *c = url; *c; c++)
        check((unsigned char)*c > 0x20 && (unsigned char)*c < 0x7f);
    check(t.host[0] && strlen(t.host) <= TX_MAX_CAPTURE_HOST && strstr(url, t.host));
    check(t.port >= 1 && t.port <= 65535);
    const char *a = url + 8;
    size_t alen = strcspn(a, "/?#");
    check(!memchr(a, '@', alen));
    char esc[TX_MAX_CAPTURE_URL * 4];
    txc_escape(url, esc, sizeof esc);
    check(strcmp(esc, url) == 0); /* printable, no '\\': shown as it is */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536)
        return 0;
    fz_rng r;
    fz_rng_seed(&r, data, size);

    /* the words: a mutable copy, NUL-terminated pieces */
    char *buf = malloc(size + 1);
    if (!buf)
        abort();
    memcpy(buf, data, size);
    buf[size] = '\0';
    char *words[MAX_WORDS];
    int nw = 0;
    for (char *p = buf; nw < MAX_WORDS && p <= buf + size; p += strlen(p) + 1)
        words[nw++] = p;

    const char *url = words[0];
    check_url(url);

    txc_capture_opts o;
    memset(&o, 0, sizeof o);
    static const int ids[] = {OPT_JAVA,   OPT_TRUSTSTORE, OPT_STOREPASS, OPT_STOREPASS_FILE,
                              OPT_OUTPUT, OPT_FORCE,      OPT_TIMEOUT};
    for (int i = 1; i < nw; i++) {
        if (!words[i][0])
            continue;
        const char *pick = strchr("jtpfoFT", words[i][0]); /* readable seeds: 'T' --timeout ... */
        int id = pick ? ids[pick - "jtpfoFT"] : ids[(unsigned char)words[i][0] % (sizeof ids / sizeof ids[0])];
        char *arg = words[i] + 1;
        size_t alen = strlen(arg);
        char why[512];
        int timeout_before = o.timeout;
        int rc = txc_capture_option(&o, id, arg, why, sizeof why);
        check(rc == 0 || rc == EXIT_USAGE);
        if (rc != 0) {
            check(why[0] && memchr(why, '\0', sizeof why));
        }
        switch (id) {
        case OPT_STOREPASS:
            check(rc == EXIT_USAGE);
            for (size_t k = 0; k < alen; k++)
                check(arg[k] == '\0');
            break;
        case OPT_TIMEOUT:
            if (rc == 0) {
                check(o.timeout >= 1 && o.timeout <= TX_MAX_CAPTURE_TIMEOUT);
                check(strspn(arg, "0123456789") == alen);
            } else {
                check(o.timeout == timeout_before);
            }
            break;
        case OPT_FORCE: check(rc == 0 && o.force); break;
        default:
            if (rc == 0) {
                const char *set = id == OPT_JAVA ? o.java : id == OPT_TRUSTSTORE ? o.truststore
                                : id == OPT_OUTPUT ? o.output : o.storepass_file;
                check(set == arg && arg[0]);
                for (const char *c = arg; *c; c++)
                    check((unsigned char)*c >= 0x20 && (unsigned char)*c != 0x7f);
            }
            break;
        }
    }

    /* the plan: accepted exactly when the URL is */
    txc_plan plan;
    char why[768];
    txc_target t;
    int url_ok = txc_parse_url(url, &t, NULL, 0) == 0;
    int prc = txc_capture_plan(&o, url, &plan, why, sizeof why);
    check((prc == 0) == url_ok);
    if (prc != 0) {
        check(prc == EXIT_USAGE && printable(why)); /* the URL is shown escaped */
    } else {
        check(plan.timeout >= 1 && plan.timeout <= TX_MAX_CAPTURE_TIMEOUT);
        check(plan.probe_timeout_ms >= 1000 && plan.probe_timeout_ms <= plan.timeout * 1000);
        check(!strcmp(plan.target.host, t.host) && plan.target.port == t.port);

        /* default names */
        long long epoch = (long long)(fz_next(&r) % 8000000000ull) - 1000000000ll;
        unsigned seq = (unsigned)(fz_next(&r) % 120);
        char name[512], other[512];
        check(txc_default_name(&plan.target, 0, epoch, seq, name, sizeof name) == 0);
        check(starts(name, "tlsexplain-capture-") && name_chars(name) && strlen(name) > 4 &&
              !strcmp(name + strlen(name) - 4, ".log"));
        txc_target x;
        memset(&x, 0, sizeof x);
        memcpy(x.host, "x", 2);
        check(txc_default_name(&plan.target, 1, epoch, seq, name, sizeof name) == 0);
        check(txc_default_name(&x, 1, epoch, seq, other, sizeof other) == 0);
        check(!strcmp(name, other) && name_chars(name)); /* --redact: nothing of the host */
        size_t small = (size_t)(fz_next(&r) % 48);
        char tiny[48];
        int drc = txc_default_name(&plan.target, (int)(fz_next(&r) & 1), epoch, seq, tiny, small);
        check(drc == 0 || drc == -1);

        /* the JVM's command line */
        char java[] = "/opt/jre/bin/java", dir[] = "/tmp/tlsexplain-probe-abcdef";
        static txc_argv av; /* 12 KiB: not on the stack */
        int src = (int)(fz_next(&r) & 1);
        if (txc_probe_argv(&o, &plan, java, dir, src, url, &av) == 0) {
            int k = 0;
            check(av.argv[k++] == java);
            check(!strcmp(av.argv[k++], "-Djavax.net.debug=all"));
            if (o.truststore) {
                check(starts(av.argv[k], "-Djavax.net.ssl.trustStore=") &&
                      !strcmp(av.argv[k] + strlen("-Djavax.net.ssl.trustStore="), o.truststore));
                k++;
            }
            check(starts(av.argv[k++], "-Dprobe.timeout.ms="));
            if (src) {
                check(starts(av.argv[k], dir) && !strcmp(av.argv[k] + strlen(dir), "/TlsProbe.java"));
                k++;
            } else {
                check(!strcmp(av.argv[k++], "-cp") && av.argv[k++] == dir && !strcmp(av.argv[k++], "TlsProbe"));
            }
            check(!strcmp(av.argv[k++], url) && av.argv[k] == NULL); /* and nothing else: no password */
        }
    }

    /* escaping into a buffer of any size */
    size_t en = (size_t)(fz_next(&r) % 80);
    char esc[80];
    memset(esc, 'Z', sizeof esc);
    txc_escape(url, esc, en);
    if (en) {
        check(memchr(esc, '\0', en) != NULL && printable(esc));
        for (size_t k = en; k < sizeof esc; k++)
            check(esc[k] == 'Z');
    }

    /* the whole input as a password file */
    size_t plen = (size_t)-1;
    char pwhy[160];
    if (txc_storepass_parse((const char *)data, size, &plen, pwhy, sizeof pwhy) == 0) {
        check(plen <= size && size - plen <= 2 && plen <= TX_MAX_STOREPASS);
        for (size_t k = 0; k < plen; k++)
            check(data[k] != '\0' && data[k] != '\n' && data[k] != '\r');
    } else {
        check(pwhy[0] != '\0');
    }
    free(buf);
    return 0;
}
