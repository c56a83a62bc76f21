/*
 * fuzz_capture_args.c - `tlsexplain capture`'s URL and option parsing
 * (cli/capture_args.c), without a JVM, a file or a process.
 *
 * The input is a command line with NUL bytes between its words: the first
 * word is the target, each further word an option whose first byte picks it
 * (j --java, t --truststore, p --storepass, f --storepass-file, o --output,
 * F --force, T --timeout, k --keystore, K --keystore-password-file,
 * y --keystore-type, P --keystore-password, s --starttls, x --proxy,
 * a --proxy-auth-file; another byte modulo 14) and whose other bytes are
 * its argument.  The whole input is also read as a --storepass-file's and a
 * --proxy-auth-file's bytes.  Checked, beyond "no crash":
 *
 *   - an accepted URL is printable ASCII without space, starts https://, has
 *     a host that is in it and a port from 1 to 65535, no user@;
 *   - an accepted target is such a URL (kind HTTPS, never with --starttls)
 *     or a TLS port (kind TLS: printable, no user@, a host that is in it, a
 *     port from 1 to 65535 - the --starttls protocol's own when none is
 *     written, else written);
 *   - txc_capture_plan accepts exactly when the target is accepted, --proxy
 *     (if any) parses, and --proxy-auth-file, --keystore-password-file and
 *     --keystore-type come with what they need;
 *   - an accepted path option holds no control character; an accepted
 *     --timeout is 1..3600 written in digits; --storepass and
 *     --keystore-password are always refused and their argument left all
 *     NUL, as is a refused --proxy with an '@'; an accepted --keystore-type
 *     is 1..32 of [A-Za-z0-9_.-]; an accepted --starttls is one of the six;
 *     an accepted --proxy has no '@' and a port;
 *   - the default log name is [A-Za-z0-9._-] only and, with --redact, the
 *     same whatever the host;
 *   - the JVM's command line has only the parts it should, in order (java,
 *     the debug option, the truststore, the keystore and its type, the
 *     timeout, -Dprobe.starttls, -Dprobe.proxy, the probe, the target last:
 *     the URL as given or tls://HOST:PORT rebuilt) and no control character;
 *   - txc_escape writes printable ASCII within its buffer;
 *   - a password parsed from a file holds no NUL, CR or LF; proxy
 *     credentials are also user:password without a control character.
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

static int no_ctl(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s == 0x7f)
            return 0;
    return 1;
}

/* A target (and --starttls) as txc_parse_target sees it. */
static void check_target(const char *s, int starttls)
{
    txc_target t;
    int kind = -1;
    char why[256];
    int rc = txc_parse_target(s, starttls, &t, &kind, why, sizeof why);
    if (rc != 0) {
        check(rc == -1 && memchr(why, '\0', sizeof why) && why[0]);
        return;
    }
    check(kind == TXC_KIND_HTTPS || kind == TXC_KIND_TLS);
    check((kind == TXC_KIND_HTTPS) == starts(s, "https://"));
    check(!(kind == TXC_KIND_HTTPS && starttls));
    check(strlen(s) < TX_MAX_CAPTURE_URL && printable(s) && !strchr(s, ' '));
    check(t.host[0] && strlen(t.host) <= TX_MAX_CAPTURE_HOST && strstr(s, t.host));
    check(t.port >= 1 && t.port <= 65535);
    if (kind == TXC_KIND_TLS) {
        check(!strchr(s, '@') && (!strstr(s, "://") || starts(s, "tls://")));
        /* no port written: the protocol's own */
        const char *hp = starts(s, "tls://") ? s + 6 : s;
        const char *after = hp[0] == '[' ? strchr(hp, ']') + 1 : hp + strlen(t.host);
        if (*after != ':')
            check(starttls && t.port == txc_starttls_port(starttls));
    }
}

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
    for (int k = 0; k < TXC_STARTTLS_COUNT; k++)
        check_target(url, k);

    txc_capture_opts o;
    memset(&o, 0, sizeof o);
    static const int ids[] = {OPT_JAVA,     OPT_TRUSTSTORE,         OPT_STOREPASS,     OPT_STOREPASS_FILE, OPT_OUTPUT,
                              OPT_FORCE,    OPT_TIMEOUT,            OPT_KEYSTORE,      OPT_KEYSTORE_PASS_FILE,
                              OPT_KEYSTORE_TYPE, OPT_KEYSTORE_PASS, OPT_STARTTLS,      OPT_PROXY,
                              OPT_PROXY_AUTH_FILE};
    static const char letters[] = "jtpfoFTkKyPsxa";
    for (int i = 1; i < nw; i++) {
        if (!words[i][0])
            continue;
        const char *pick = strchr(letters, words[i][0]); /* readable seeds: 'T' --timeout ... */
        int id = pick ? ids[pick - letters] : ids[(unsigned char)words[i][0] % (sizeof ids / sizeof ids[0])];
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
        case OPT_KEYSTORE_PASS:
            check(rc == EXIT_USAGE);
            for (size_t k = 0; k < alen; k++)
                check(arg[k] == '\0');
            break;
        case OPT_KEYSTORE_TYPE:
            if (rc == 0)
                check(o.keystore_type == arg && alen >= 1 && alen <= TX_MAX_KEYSTORE_TYPE && name_chars(arg));
            break;
        case OPT_STARTTLS:
            if (rc == 0)
                check(o.starttls > 0 && o.starttls < TXC_STARTTLS_COUNT && !strcmp(txc_starttls_name(o.starttls), arg));
            break;
        case OPT_PROXY: {
            if (rc == 0) {
                txc_target pt;
                check(o.proxy == arg && !strchr(arg, '@') && txc_parse_proxy(arg, &pt, NULL, 0) == 0);
                check(pt.host[0] && pt.port >= 1 && pt.port <= 65535 && printable(arg));
            } else if (memchr(arg, '@', alen)) {
                for (size_t k = 0; k < alen; k++)
                    check(arg[k] == '\0');
            }
            break;
        }
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
                                : id == OPT_OUTPUT ? o.output : id == OPT_KEYSTORE ? o.keystore
                                : id == OPT_KEYSTORE_PASS_FILE ? o.keystore_pass_file
                                : id == OPT_PROXY_AUTH_FILE ? o.proxy_auth_file : o.storepass_file;
                check(set == arg && arg[0]);
                for (const char *c = arg; *c; c++)
                    check((unsigned char)*c >= 0x20 && (unsigned char)*c != 0x7f);
            }
            break;
        }
    }

    /* the plan: accepted exactly when the target and the options are */
    txc_plan plan;
    char why[768];
    txc_target t, pt;
    int kind = -1;
    int url_ok = txc_parse_target(url, o.starttls, &t, &kind, NULL, 0) == 0;
    int opts_ok = (!o.proxy || txc_parse_proxy(o.proxy, &pt, NULL, 0) == 0) && (!o.proxy_auth_file || o.proxy) &&
                  (!(o.keystore_pass_file || o.keystore_type) || o.keystore);
    int prc = txc_capture_plan(&o, url, &plan, why, sizeof why);
    check((prc == 0) == (url_ok && opts_ok));
    if (prc != 0) {
        check(prc == EXIT_USAGE && printable(why)); /* the URL is shown escaped */
    } else {
        check(plan.timeout >= 1 && plan.timeout <= TX_MAX_CAPTURE_TIMEOUT);
        check(plan.probe_timeout_ms >= 1000 && plan.probe_timeout_ms <= plan.timeout * 1000);
        check(!strcmp(plan.target.host, t.host) && plan.target.port == t.port && plan.kind == kind);
        check(plan.has_proxy == (o.proxy != NULL));

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
            if (o.keystore) {
                check(starts(av.argv[k], "-Djavax.net.ssl.keyStore=") &&
                      !strcmp(av.argv[k] + strlen("-Djavax.net.ssl.keyStore="), o.keystore));
                k++;
                if (o.keystore_type) {
                    check(starts(av.argv[k], "-Djavax.net.ssl.keyStoreType=") &&
                          !strcmp(av.argv[k] + strlen("-Djavax.net.ssl.keyStoreType="), o.keystore_type));
                    k++;
                }
            }
            check(starts(av.argv[k++], "-Dprobe.timeout.ms="));
            if (o.starttls) {
                check(starts(av.argv[k], "-Dprobe.starttls=") &&
                      !strcmp(av.argv[k] + strlen("-Dprobe.starttls="), txc_starttls_name(o.starttls)));
                k++;
            }
            if (o.proxy) {
                check(starts(av.argv[k], "-Dprobe.proxy=") && printable(av.argv[k]) && !strchr(av.argv[k], '@'));
                k++;
            }
            if (src) {
                check(starts(av.argv[k], dir) && !strcmp(av.argv[k] + strlen(dir), "/TlsProbe.java"));
                k++;
            } else {
                check(!strcmp(av.argv[k++], "-cp") && av.argv[k++] == dir && !strcmp(av.argv[k++], "TlsProbe"));
            }
            if (kind == TXC_KIND_HTTPS) {
                check(!strcmp(av.argv[k++], url));
            } else {
                char want[TX_MAX_CAPTURE_HOST + 32];
                int v6 = strchr(t.host, ':') != NULL;
                snprintf(want, sizeof want, "tls://%s%s%s:%d", v6 ? "[" : "", t.host, v6 ? "]" : "", t.port);
                check(!strcmp(av.argv[k++], want));
            }
            check(av.argv[k] == NULL && k < (int)(sizeof av.argv / sizeof av.argv[0])); /* nothing else: no password */
            for (int j = 0; j < k; j++)
                check(no_ctl(av.argv[j]));
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
    if (txc_proxy_auth_parse((const char *)data, size, &plen, pwhy, sizeof pwhy) == 0) {
        check(plen <= TX_MAX_STOREPASS && plen >= 2 && data[0] != ':' && memchr(data, ':', plen));
        for (size_t k = 0; k < plen; k++)
            check(data[k] >= 0x20 && data[k] != 0x7f);
    } else {
        check(pwhy[0] != '\0');
    }
    free(buf);
    return 0;
}
