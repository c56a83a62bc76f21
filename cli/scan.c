/*
 * scan.c - `tlsexplain scan [--java PATH] [--truststore F --storepass-file F]
 * [--servername NAME] [--suites] [--save F] [--timeout SEC] TARGET`: the
 * knowledge base's outside server checks (analyze-ssl, SSL Labs) made
 * instead inside the application's own JRE, with its truststore and its
 * security properties, from its machine.
 *
 * The probe (cli/probe/TlsScan.java, embedded compiled for Java 8 by
 * scan.inc) prints one fact a line, "scan: T PATH VALUE", then the
 * application's view of the server in TlsProbe's words ("[INFO] Connected:
 * ..." or "[ERROR] Could not connect to ...: EXCEPTION" and its trace).
 * The facts become a tree (a numeric path segment is an array index) that
 * is written as text, Markdown or JSON (docs/scan-v1.schema.json); the other
 * lines go through the rulebook like any log (the facts are fed as empty
 * lines, so citations are line numbers of the --save file), and the report
 * ends with its ranked causes.
 *
 * Secrets: the truststore password comes from --storepass-file or an
 * inherited TLSEXPLAIN_STOREPASS and reaches the JVM in its environment
 * only.  Network: tlsexplain opens no socket; the JVM connects to the target
 * only, without a proxy, a bounded number of times (TlsScan.java), each
 * handshake with a read timeout and all of them within a budget a few
 * seconds under --timeout; at --timeout the JVM gets SIGTERM, 2 s later
 * SIGKILL.  The JVM stays in tlsexplain's process group, so a ^C at the
 * terminal stops both.  The probe's class file lives in a private temporary
 * directory that is removed as soon as the probe prints its first fact (the
 * JVM has loaded the classes by then; the launcher's own "Picked up
 * JAVA_TOOL_OPTIONS" comes before it loads any), or when it ends.
 *
 * Files: --save is a new file of mode 0600 made with O_CREAT|O_EXCL|
 * O_NOFOLLOW before the JVM starts: an existing file or a symlink is
 * refused (exit 4) and left alone.
 */
#include "../parser/limits.h"
#include "scan.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "capture.h"
#include "exitcodes.h"
#include "probe/scan.inc"

#define TERM_GRACE_MS 2000

typedef struct {
    const char *name, *val; /* into raw: the path segment, the (escaped) value */
    size_t nlen, vlen;
    char type;             /* 'o' object, 'a' array, 's' string, 'n' number, 'b' boolean */
    int first, last, next; /* children and the next sibling: indices, -1 none */
} node;

struct txc_scan {
    char *raw;
    size_t len;
    node *nodes;
    unsigned nnodes;
    size_t facts, dropped; /* fact lines read, and refused (malformed, over the limits) */
    int truncated;         /* the output was over TX_MAX_SCAN_OUTPUT */
    int timed_out;         /* stopped at --timeout */
    char name[TX_MAX_CAPTURE_HOST + 32];
};

/* ---- the fact tree ---------------------------------------------------------------- */

static int numeric(const char *s, size_t n)
{
    if (!n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int valid_segment(const char *s, size_t n)
{
    if (!n || n > 64)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
            return 0;
    }
    return 1;
}

static int child(const txc_scan *s, int parent, const char *name, size_t n)
{
    for (int c = s->nodes[parent].first; c >= 0; c = s->nodes[c].next)
        if (s->nodes[c].nlen == n && !memcmp(s->nodes[c].name, name, n))
            return c;
    return -1;
}

static int add_node(txc_scan *s, int parent, const char *name, size_t n, char type)
{
    if (s->nnodes >= TX_MAX_SCAN_NODES)
        return -1;
    node *p = &s->nodes[parent];
    if ((p->type == 'a') != numeric(name, n))
        return -1; /* an index under an object, or a name under an array */
    int k = (int)s->nnodes++;
    node *c = &s->nodes[k];
    memset(c, 0, sizeof *c);
    c->name = name;
    c->nlen = n;
    c->type = type;
    c->first = c->last = c->next = -1;
    if (p->last >= 0)
        s->nodes[p->last].next = k;
    else
        p->first = k;
    p->last = k;
    return k;
}

/* One "scan: T PATH VALUE" line (without its newline): 0 kept, -1 refused. */
static int add_fact(txc_scan *s, const char *l, size_t n)
{
    if (n < 9 || (l[6] != 's' && l[6] != 'n' && l[6] != 'b') || l[7] != ' ')
        return -1;
    char type = l[6];
    const char *path = l + 8, *end = l + n;
    const char *sp = memchr(path, ' ', (size_t)(end - path));
    const char *pend = sp ? sp : end;
    const char *val = sp ? sp + 1 : end;
    size_t vlen = (size_t)(end - val);
    if (type == 'n') {
        size_t i = vlen && val[0] == '-' ? 1 : 0;
        if (!numeric(val + i, vlen - i) || vlen > 19 || (val[i] == '0' && vlen - i > 1))
            return -1; /* JSON numbers: no leading zero */
    } else if (type == 'b' && !(vlen == 4 && !memcmp(val, "true", 4)) && !(vlen == 5 && !memcmp(val, "false", 5))) {
        return -1;
    }
    int cur = 0;
    unsigned depth = 0;
    for (const char *seg = path; seg < pend;) {
        const char *dot = memchr(seg, '.', (size_t)(pend - seg));
        const char *se = dot ? dot : pend;
        size_t sl = (size_t)(se - seg);
        if (!valid_segment(seg, sl) || ++depth > TX_MAX_SCAN_DEPTH)
            return -1;
        int last = !dot;
        int c = child(s, cur, seg, sl);
        if (last) {
            if (c >= 0)
                return -1; /* said twice: the first one stands */
            c = add_node(s, cur, seg, sl, type);
            if (c < 0)
                return -1;
            s->nodes[c].val = val;
            s->nodes[c].vlen = vlen;
            return 0;
        }
        if (c < 0) {
            const char *nx = dot + 1;
            const char *nd = memchr(nx, '.', (size_t)(pend - nx));
            c = add_node(s, cur, seg, sl, numeric(nx, (size_t)((nd ? nd : pend) - nx)) ? 'a' : 'o');
            if (c < 0)
                return -1;
        } else if (s->nodes[c].type != 'o' && s->nodes[c].type != 'a') {
            return -1;
        }
        cur = c;
        seg = se + 1;
    }
    return -1;
}

static int is_fact(const char *l, size_t n)
{
    return n >= 6 && !memcmp(l, "scan: ", 6);
}

int txc_scan_parse(const char *raw, size_t len, txc_scan **out)
{
    *out = NULL;
    txc_scan *s = calloc(1, sizeof *s);
    if (!s)
        return EXIT_INTERNAL;
    s->raw = malloc(len + 1);
    s->nodes = malloc(TX_MAX_SCAN_NODES * sizeof *s->nodes);
    if (!s->raw || !s->nodes) {
        txc_scan_free(s);
        return EXIT_INTERNAL;
    }
    if (len)
        memcpy(s->raw, raw, len);
    s->raw[len] = '\0';
    s->len = len;
    memset(&s->nodes[0], 0, sizeof s->nodes[0]);
    s->nodes[0].type = 'o';
    s->nodes[0].first = s->nodes[0].last = s->nodes[0].next = -1;
    s->nnodes = 1;
    snprintf(s->name, sizeof s->name, "scan");
    for (size_t i = 0; i < len;) {
        const char *l = s->raw + i;
        const char *nl = memchr(l, '\n', len - i);
        size_t ln = nl ? (size_t)(nl - l) : len - i;
        i += ln + (nl != NULL);
        if (ln && l[ln - 1] == '\r')
            ln--;
        if (!is_fact(l, ln))
            continue;
        if (add_fact(s, l, ln) == 0)
            s->facts++;
        else
            s->dropped++;
    }
    *out = s;
    return EXIT_OK;
}

/* The node at a dotted path, or NULL. */
static const node *get(const txc_scan *s, const char *path)
{
    int cur = 0;
    while (*path) {
        const char *dot = strchr(path, '.');
        size_t n = dot ? (size_t)(dot - path) : strlen(path);
        cur = child(s, cur, path, n);
        if (cur < 0)
            return NULL;
        path += n + (dot != NULL);
    }
    return &s->nodes[cur];
}

/* The value at path as a NUL-ended string in buf ("" when absent). */
static const char *str(const txc_scan *s, const char *path, char *buf, size_t n)
{
    const node *x = get(s, path);
    size_t k = 0;
    if (x && x->val && x->type != 'o' && x->type != 'a')
        for (size_t i = 0; i < x->vlen && k + 1 < n; i++)
            buf[k++] = x->val[i];
    buf[k] = '\0';
    return buf;
}

static int is_true(const txc_scan *s, const char *path)
{
    const node *x = get(s, path);
    return x && x->type == 'b' && x->vlen == 4;
}

/* ---- writing values ------------------------------------------------------------------ */

/* md: how a value is written - as text, in Markdown, or in HTML (decoded, escaped) */
enum { MODE_TEXT = 0, MODE_MD = 1, MODE_HTML = 2 };

static void put_text(FILE *f, const char *v, size_t n, int md);
static void put_html(FILE *f, const char *v, size_t n);
static int hexval(char c);

/* The value at path, as text. */
static void val(FILE *f, const txc_scan *s, const char *path, int md)
{
    const node *x = get(s, path);
    if (x && x->val && x->type != 'o' && x->type != 'a')
        put_text(f, x->val, x->vlen, md);
}

/* A value as the probe escaped it (ASCII; \uXXXX and \\), for text and
 * Markdown: every byte outside printable ASCII again as \xNN (the output is
 * the JVM's, not to be trusted blindly), and in Markdown a backtick as '.
 * In HTML: decoded, then escaped (put_html). */
static void put_text(FILE *f, const char *v, size_t n, int md)
{
    if (md == MODE_HTML) {
        put_html(f, v, n);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c < 0x20 || c >= 0x7f)
            fprintf(f, "\\x%02x", c);
        else if (md && c == '|')
            fputs("\\|", f); /* a table cell */
        else
            fputc(md && c == '`' ? '\'' : c, f);
    }
}

static int hexval(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* The probe's escapes decoded to UTF-8 (a lone surrogate becomes U+FFFD): malloc'ed, *k bytes. */
static char *decode(const char *v, size_t n, size_t *k_out)
{
    char *buf = malloc(n * 3 + 4); /* the longest decoding: a byte >= 0x80 becomes U+FFFD */
    size_t k = 0;
    if (!buf)
        return NULL;
    for (size_t i = 0; i < n;) {
        unsigned cp;
        if (v[i] == '\\' && i + 1 < n && v[i + 1] == '\\') {
            cp = '\\';
            i += 2;
        } else if (v[i] == '\\' && i + 5 < n && v[i + 1] == 'u' && hexval(v[i + 2]) >= 0 && hexval(v[i + 3]) >= 0 &&
                   hexval(v[i + 4]) >= 0 && hexval(v[i + 5]) >= 0) {
            cp = (unsigned)(hexval(v[i + 2]) << 12 | hexval(v[i + 3]) << 8 | hexval(v[i + 4]) << 4 | hexval(v[i + 5]));
            i += 6;
            if (cp >= 0xd800 && cp <= 0xdbff && i + 5 < n && v[i] == '\\' && v[i + 1] == 'u') {
                unsigned lo = 0;
                int okh = 1;
                for (int j = 2; j < 6; j++) {
                    int h = hexval(v[i + (size_t)j]);
                    okh &= h >= 0;
                    lo = lo << 4 | (unsigned)(h < 0 ? 0 : h);
                }
                if (okh && lo >= 0xdc00 && lo <= 0xdfff) {
                    cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                    i += 6;
                }
            }
            if (cp >= 0xd800 && cp <= 0xdfff)
                cp = 0xfffd;
        } else {
            unsigned char c = (unsigned char)v[i++];
            cp = c < 0x80 ? c : 0xfffd; /* the probe prints ASCII only */
        }
        if (cp < 0x80) {
            buf[k++] = (char)cp;
        } else if (cp < 0x800) {
            buf[k++] = (char)(0xc0 | cp >> 6);
            buf[k++] = (char)(0x80 | (cp & 0x3f));
        } else if (cp < 0x10000) {
            buf[k++] = (char)(0xe0 | cp >> 12);
            buf[k++] = (char)(0x80 | (cp >> 6 & 0x3f));
            buf[k++] = (char)(0x80 | (cp & 0x3f));
        } else {
            buf[k++] = (char)(0xf0 | cp >> 18);
            buf[k++] = (char)(0x80 | (cp >> 12 & 0x3f));
            buf[k++] = (char)(0x80 | (cp >> 6 & 0x3f));
            buf[k++] = (char)(0x80 | (cp & 0x3f));
        }
    }
    *k_out = k;
    return buf;
}

/* A value as a JSON string. */
static void put_json(FILE *f, const char *v, size_t n)
{
    size_t k;
    char *buf = decode(v, n, &k);
    if (!buf) {
        fputs("\"\"", f);
        return;
    }
    (void)tx_write_json_string(f, buf, k);
    free(buf);
}

/* A value decoded, then escaped for HTML text and attributes as the page escapes log text. */
static void put_html(FILE *f, const char *v, size_t n)
{
    size_t k;
    char *buf = decode(v, n, &k);
    if (buf)
        (void)tx_html_write_text(f, buf, k);
    free(buf);
}

static void json_node(FILE *f, const txc_scan *s, int k)
{
    const node *x = &s->nodes[k];
    if (x->type == 'o' || x->type == 'a') {
        fputc(x->type == 'o' ? '{' : '[', f);
        for (int c = x->first; c >= 0; c = s->nodes[c].next) {
            if (c != x->first)
                fputc(',', f);
            if (x->type == 'o') {
                put_json(f, s->nodes[c].name, s->nodes[c].nlen);
                fputc(':', f);
            }
            json_node(f, s, c);
        }
        fputc(x->type == 'o' ? '}' : ']', f);
    } else if (x->type == 'n' || x->type == 'b') {
        fwrite(x->val, 1, x->vlen, f);
    } else {
        put_json(f, x->val, x->vlen);
    }
}

/* An array of scalars only: written on one line. */
static int flat_array(const txc_scan *s, const node *x)
{
    if (x->type != 'a')
        return 0;
    for (int c = x->first; c >= 0; c = s->nodes[c].next)
        if (s->nodes[c].type == 'o' || s->nodes[c].type == 'a')
            return 0;
    return 1;
}

/* The details as an outline (text) or nested list (Markdown). */
static void outline(FILE *f, const txc_scan *s, int k, int depth, int md)
{
    const node *x = &s->nodes[k];
    for (int c = x->first; c >= 0; c = s->nodes[c].next) {
        const node *y = &s->nodes[c];
        if (md)
            fprintf(f, "%*s- ", depth * 2, "");
        else
            fprintf(f, "%*s", 2 + depth * 2, "");
        if (x->type == 'a')
            fprintf(f, "[%.*s]", (int)y->nlen, y->name);
        else
            fprintf(f, md ? "**%.*s**" : "%.*s", (int)y->nlen, y->name);
        if (y->type == 'o' || (y->type == 'a' && !flat_array(s, y))) {
            fputs(x->type == 'a' ? "\n" : ":\n", f);
            outline(f, s, c, depth + 1, md);
        } else if (y->type == 'a') {
            fputs(": ", f);
            for (int e = y->first; e >= 0; e = s->nodes[e].next) {
                if (e != y->first)
                    fputs(", ", f);
                fputs(md ? "`" : "", f);
                put_text(f, s->nodes[e].val, s->nodes[e].vlen, md);
                fputs(md ? "`" : "", f);
            }
            fputc('\n', f);
        } else {
            fputs(": ", f);
            fputs(md && y->type == 's' ? "`" : "", f);
            put_text(f, y->val, y->vlen, md);
            fputs(md && y->type == 's' ? "`\n" : "\n", f);
        }
    }
}

/* ---- the summary --------------------------------------------------------------------- */

static void protocols_line(FILE *f, const txc_scan *s, int md)
{
    const node *p = get(s, "protocols");
    if (!p || p->type != 'a') {
        fputs("not tested", f);
        return;
    }
    char path[64], v[64], r[64], suite[128];
    int first = 1;
    for (int c = p->first; c >= 0; c = s->nodes[c].next) {
        snprintf(path, sizeof path, "protocols.%.*s.version", (int)s->nodes[c].nlen, s->nodes[c].name);
        str(s, path, v, sizeof v);
        snprintf(path, sizeof path, "protocols.%.*s.result", (int)s->nodes[c].nlen, s->nodes[c].name);
        str(s, path, r, sizeof r);
        snprintf(path, sizeof path, "protocols.%.*s.suite", (int)s->nodes[c].nlen, s->nodes[c].name);
        str(s, path, suite, sizeof suite);
        fputs(first ? "" : "; ", f);
        first = 0;
        put_text(f, v, strlen(v), md);
        fputc(' ', f);
        fputs(!strcmp(r, "accepted")               ? "accepted"
              : !strcmp(r, "rejected")             ? "rejected by the server"
              : !strcmp(r, "refused-by-jre")       ? "disabled in this JRE"
              : !strcmp(r, "not-supported-by-jre") ? "not in this JRE"
                                                   : "not tested",
              f);
        if (*suite) {
            fputs(" (", f);
            put_text(f, suite, strlen(suite), md);
            fputc(')', f);
        }
    }
}

static void summary(FILE *f, const txc_scan *s, int md)
{
    char a[1024], b[1024], c[256], d[256];
    const char *row = md == MODE_HTML ? "<tr><th>%s</th><td>" : md ? "| %s | " : "  %-12s ";
    const char *end = md == MODE_HTML ? "</td></tr>\n" : md ? " |\n" : "\n";
    if (md == MODE_MD)
        fputs("| | |\n|---|---|\n", f);
    fprintf(f, row, "JRE");
    fputs("Java ", f);
    val(f, s, "jre.version", md);
    fputs(" (", f);
    val(f, s, "jre.vendor", md);
    fputs(") at ", f);
    val(f, s, "jre.home", md);
    fputs(end, f);

    fprintf(f, row, "Truststore");
    val(f, s, "jre.truststore.path", md);
    fputs(" (", f);
    val(f, s, "jre.truststore.source", md);
    if (get(s, "jre.truststore.anchors"))
        fprintf(f, ", %s anchors)", str(s, "jre.truststore.anchors", a, sizeof a));
    else {
        fputs(", not readable: ", f);
        val(f, s, "jre.truststore.error", md);
        fputc(')', f);
    }
    fputs(end, f);

    if (get(s, "target.starttls") || get(s, "target.proxy")) {
        fprintf(f, row, "Connection");
        if (get(s, "target.starttls")) {
            fputs("STARTTLS ", f);
            val(f, s, "target.starttls", md);
            fputs(get(s, "target.proxy") ? ", " : "", f);
        }
        if (get(s, "target.proxy")) {
            fputs("through the HTTP proxy ", f);
            val(f, s, "target.proxy", md);
            fputs(is_true(s, "target.proxy_credentials") ? " (with credentials)" : "", f);
        }
        fputs(end, f);
    }
    if (get(s, "client.keystore.path")) {
        fprintf(f, row, "Client key");
        val(f, s, "client.keystore.path", md);
        if (get(s, "client.keystore.error")) {
            fputs(" NOT LOADED: ", f);
            val(f, s, "client.keystore.error", md);
        } else {
            fprintf(f, " (%s key entr%s", str(s, "client.keystore.key_entries", a, sizeof a),
                    strcmp(a, "1") ? "ies" : "y");
            if (get(s, "client.keys.0.subject")) {
                fputs(", ", f);
                val(f, s, "client.keys.0.subject", md);
                fputs(is_true(s, "client.keys.0.expired") ? ", EXPIRED" : "", f);
            }
            fputc(')', f);
        }
        fputs(end, f);
    }

    fprintf(f, row, "Protocols");
    protocols_line(f, s, md);
    fputs(end, f);

    fprintf(f, row, "Default");
    if (get(s, "negotiated.protocol")) {
        val(f, s, "negotiated.protocol", md);
        fputc(' ', f);
        val(f, s, "negotiated.suite", md);
    } else {
        fputs("no handshake: ", f);
        val(f, s, "negotiated.error", md);
    }
    fputs(end, f);

    fprintf(f, row, "Chain");
    if (get(s, "chain.length")) {
        str(s, "chain.length", a, sizeof a);
        fprintf(f, "%s certificate%s as served, %s (", a, strcmp(a, "1") ? "s" : "",
                is_true(s, "chain.complete") ? "complete" : "INCOMPLETE");
        str(s, "chain.ends_at", a, sizeof a);
        fputs(!strcmp(a, "self-signed")            ? "ends at a self-signed certificate"
              : !strcmp(a, "issuer-in-truststore") ? "its last issuer is in the truststore"
                                                   : "its last issuer is not in the truststore",
              f);
        fputs("); ", f);
        if (!strcmp(str(s, "validation.result", b, sizeof b), "trusted")) {
            fputs("trusted by this JRE", f);
            if (get(s, "validation.anchor")) {
                fputs(", anchor ", f);
                val(f, s, "validation.anchor", md);
            }
        } else {
            fputs("REJECTED by this JRE's trust manager: ", f);
            val(f, s, "validation.exception", md);
        }
    } else {
        fputs("not read: ", f);
        val(f, s, "chain.error", md);
    }
    fputs(end, f);

    fprintf(f, row, "Revocation");
    if (is_true(s, "revocation.checked")) {
        static const struct {
            const char *path, *label;
        } rv[] = {{"revocation.jre.result", "the JRE's checker (path): "},
                  {"revocation.ocsp.result", "; leaf by OCSP: "},
                  {"revocation.crl.result", "; leaf by CRL: "}};
        if (get(s, "revocation.error"))
            val(f, s, "revocation.error", md);
        for (size_t i = 0; i < sizeof rv / sizeof rv[0] && !get(s, "revocation.error"); i++) {
            fputs(rv[i].label, f);
            val(f, s, rv[i].path, md);
        }
    } else if (get(s, "revocation.checked")) {
        fputs("not checked (--revocation fetches OCSP and CRLs as this JRE does)", f);
    } else {
        fputs("not tested", f);
    }
    fputs(end, f);

    fprintf(f, row, "OCSP staple");
    if (is_true(s, "ocsp_stapling.stapled")) {
        fputs("stapled, status ", f);
        val(f, s, "ocsp_stapling.cert_status", md);
        fputs(" (response ", f);
        val(f, s, "ocsp_stapling.response_status", md);
        fputc(')', f);
    } else if (get(s, "ocsp_stapling.stapled")) {
        fputs("none stapled", f);
    } else if (get(s, "ocsp_stapling.error")) {
        val(f, s, "ocsp_stapling.error", md);
    } else {
        fputs("not tested", f);
    }
    fputs(end, f);

    fprintf(f, row, "SNI");
    const node *sn = get(s, "sni");
    if (sn && sn->type == 'a') {
        int first = 1;
        for (int k = sn->first; k >= 0; k = s->nodes[k].next) {
            char p[64];
            snprintf(p, sizeof p, "sni.%.*s.case", (int)s->nodes[k].nlen, s->nodes[k].name);
            str(s, p, c, sizeof c);
            snprintf(p, sizeof p, "sni.%.*s.result", (int)s->nodes[k].nlen, s->nodes[k].name);
            str(s, p, d, sizeof d);
            snprintf(p, sizeof p, "sni.%.*s.leaf_subject", (int)s->nodes[k].nlen, s->nodes[k].name);
            str(s, p, a, sizeof a);
            fputs(first ? "" : "; ", f);
            first = 0;
            fputs(!strcmp(c, "with_name")      ? "with the name: "
                  : !strcmp(c, "without_name") ? "without: "
                                               : "wrong name: ",
                  f);
            if (!strcmp(d, "accepted"))
                put_text(f, a, strlen(a), md);
            else
                put_text(f, d, strlen(d), md);
        }
        fputs(is_true(s, "sni_same_certificate") ? " (the same certificate each time)" : " (NOT the same each time)",
              f);
    } else {
        fputs("not tested", f);
    }
    fputs(end, f);

    const node *su = get(s, "suites");
    if (su && su->type == 'a') {
        for (int k = su->first; k >= 0; k = s->nodes[k].next) {
            char p[64];
            snprintf(p, sizeof p, "suites.%.*s.version", (int)s->nodes[k].nlen, s->nodes[k].name);
            str(s, p, c, sizeof c);
            snprintf(p, sizeof p, "suites.%.*s.accepted", (int)s->nodes[k].nlen, s->nodes[k].name);
            const node *acc = get(s, p);
            int n = 0;
            for (int e = acc && acc->type == 'a' ? acc->first : -1; e >= 0; e = s->nodes[e].next)
                n++;
            snprintf(p, sizeof p, "suites.%.*s.server_order", (int)s->nodes[k].nlen, s->nodes[k].name);
            const node *so = get(s, p);
            fprintf(f, row, "Suites");
            put_text(f, c, strlen(c), md);
            fprintf(f, ": %d of this JRE's suites accepted%s", n,
                    !so             ? ""
                    : so->vlen == 4 ? ", the server enforces its own order"
                                    : ", the client's order is used");
            fputs(end, f);
        }
    }
}

/* ---- HTML ------------------------------------------------------------------------------- */

/* The page is the explain report's (tx_html_begin: its CSS, light and dark, no script, nothing
 * fetched), with the scan's facts in its classes: tables, .cert cards in a .tree (anchor at the
 * top, leaf at the bottom), .badge; then the application's view as explain's section (the
 * ranked causes with their evidence), then tx_html_end. */

static void h_val(FILE *f, const txc_scan *s, const char *path) { val(f, s, path, MODE_HTML); }

/* path's value in <code>, when it is there: 1, else 0. */
static int h_code(FILE *f, const txc_scan *s, const char *path)
{
    if (!get(s, path))
        return 0;
    fputs("<code>", f);
    h_val(f, s, path);
    fputs("</code>", f);
    return 1;
}

/* The scalars of an array node, each in <code>, separated by sep. */
static void h_list(FILE *f, const txc_scan *s, const node *x, const char *sep)
{
    for (int e = x && x->type == 'a' ? x->first : -1; e >= 0; e = s->nodes[e].next) {
        if (e != x->first)
            fputs(sep, f);
        fputs("<code>", f);
        put_html(f, s->nodes[e].val, s->nodes[e].vlen);
        fputs("</code>", f);
    }
}

/* path's label and value when path is there (a scalar, or an array of scalars): a row of a
 * two-column table, or (dd) a <dt>/<dd> pair of a certificate card. */
static void h_labelled(FILE *f, const txc_scan *s, const char *label, const char *path, int dd)
{
    const node *x = get(s, path);
    if (!x || x->type == 'o')
        return;
    fprintf(f, dd ? "<dt>%s</dt><dd>" : "<tr><th>%s</th><td>", label);
    if (x->type == 'a')
        h_list(f, s, x, dd ? " " : ", ");
    else
        put_html(f, x->val, x->vlen);
    fputs(dd ? "</dd>" : "</td></tr>\n", f);
}

static void h_row(FILE *f, const txc_scan *s, const char *label, const char *path)
{
    h_labelled(f, s, label, path, 0);
}

static void h_dd(FILE *f, const txc_scan *s, const char *label, const char *path)
{
    h_labelled(f, s, label, path, 1);
}

static void h_badge(FILE *f, const char *cls, const char *text)
{
    fprintf(f, "<span class=\"badge b-%s\">%s</span>", cls, text);
}

/* An element's dotted path: base.i.name. */
static const char *at(char *buf, size_t n, const char *base, const node *x, const char *name)
{
    snprintf(buf, n, "%s.%.*s%s%s", base, (int)x->nlen, x->name, *name ? "." : "", name);
    return buf;
}

static void h_jre(FILE *f, const txc_scan *s)
{
    fputs("<h3>The JRE</h3>\n<table>\n", f);
    h_row(f, s, "Version", "jre.version");
    h_row(f, s, "Runtime", "jre.runtime");
    h_row(f, s, "Vendor", "jre.vendor");
    h_row(f, s, "java.home", "jre.home");
    h_row(f, s, "Truststore", "jre.truststore.path");
    h_row(f, s, "Truststore from", "jre.truststore.source");
    h_row(f, s, "Truststore type", "jre.truststore.type");
    h_row(f, s, "Trust anchors", "jre.truststore.anchors");
    h_row(f, s, "Truststore error", "jre.truststore.error");
    h_row(f, s, "jdk.tls.disabledAlgorithms", "jre.tls_disabled_algorithms");
    h_row(f, s, "jdk.certpath.disabledAlgorithms", "jre.certpath_disabled_algorithms");
    h_row(f, s, "jdk.tls.client.protocols", "jre.client_protocols_property");
    h_row(f, s, "Protocols supported", "jre.protocols_supported");
    h_row(f, s, "Protocols enabled", "jre.protocols_enabled");
    h_row(f, s, "Suites enabled", "jre.suites_enabled_count");
    h_row(f, s, "Default context error", "jre.default_context_error");
    h_row(f, s, "Client keystore", "client.keystore.path");
    h_row(f, s, "Client key entries", "client.keystore.key_entries");
    h_row(f, s, "Client keystore error", "client.keystore.error");
    fputs("</table>\n", f);
    const node *x = get(s, "jre.suites_enabled");
    if (x && x->type == 'a') {
        fputs("<details><summary>The suites this JRE enables by default, in its order</summary><p>", f);
        h_list(f, s, x, " ");
        fputs("</p></details>\n", f);
    }
}

/* A section's heading and its table's head row: the array at path, or NULL ("Not tested."). */
static const node *h_table(FILE *f, const txc_scan *s, const char *title, const char *path, const char *head)
{
    const node *x = get(s, path);
    fprintf(f, "<h3>%s</h3>\n", title);
    if (!x || x->type != 'a') {
        fputs("<p class=\"meta\">Not tested.</p>\n", f);
        return NULL;
    }
    fprintf(f, "<table>\n<tr>%s</tr>\n", head);
    return x;
}

static void h_protocols(FILE *f, const txc_scan *s)
{
    const node *p = h_table(f, s, "Protocols", "protocols",
                            "<th>Version</th><th>This JRE</th><th>The server</th><th>Suite chosen, or why not</th>");
    if (!p)
        return;
    char path[96], r[64];
    for (int c = p->first; c >= 0; c = s->nodes[c].next) {
        const node *e = &s->nodes[c];
        fputs("<tr><td>", f);
        h_val(f, s, at(path, sizeof path, "protocols", e, "version"));
        fputs("</td><td>", f);
        fputs(!is_true(s, at(path, sizeof path, "protocols", e, "jre_supports")) ? "not supported"
              : is_true(s, at(path, sizeof path, "protocols", e, "jre_enables_by_default"))
                  ? "supported, enabled by default"
                  : "supported, not enabled by default",
              f);
        str(s, at(path, sizeof path, "protocols", e, "result"), r, sizeof r);
        fprintf(f, "</td><td><span class=\"%s\">%s</span></td><td>",
                !strcmp(r, "accepted")   ? "v-success"
                : !strcmp(r, "rejected") ? "v-failure"
                                         : "v-unknown",
                !strcmp(r, "accepted")               ? "accepted"
                : !strcmp(r, "rejected")             ? "rejected"
                : !strcmp(r, "refused-by-jre")       ? "not tried: disabled in this JRE"
                : !strcmp(r, "not-supported-by-jre") ? "not tried: not in this JRE"
                                                     : "not tested");
        if (!h_code(f, s, at(path, sizeof path, "protocols", e, "suite")))
            h_val(f, s, at(path, sizeof path, "protocols", e, "error"));
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n<p>Negotiated with this JRE's defaults: ", f);
    if (h_code(f, s, "negotiated.protocol")) {
        fputc(' ', f);
        h_code(f, s, "negotiated.suite");
    } else {
        fputs("<strong class=\"v-failure\">no handshake</strong>: ", f);
        h_val(f, s, "negotiated.error");
    }
    fputs("</p>\n", f);
}

static void h_suites(FILE *f, const txc_scan *s)
{
    const node *su = get(s, "suites");
    fputs("<h3>Cipher suites</h3>\n", f);
    if (!su || su->type != 'a') {
        fputs("<p class=\"meta\">Not enumerated (<code>--suites</code> lists the suites the server accepts per "
              "version).</p>\n",
              f);
        return;
    }
    fputs("<table>\n<tr><th>Version</th><th>Accepted, in the server's choice</th><th>Order</th></tr>\n", f);
    char path[96];
    for (int c = su->first; c >= 0; c = s->nodes[c].next) {
        const node *e = &s->nodes[c];
        fputs("<tr><td>", f);
        h_val(f, s, at(path, sizeof path, "suites", e, "version"));
        fputs("</td><td><ol>", f);
        const node *acc = get(s, at(path, sizeof path, "suites", e, "accepted"));
        for (int k = acc && acc->type == 'a' ? acc->first : -1; k >= 0; k = s->nodes[k].next) {
            fputs("<li><code>", f);
            put_html(f, s->nodes[k].val, s->nodes[k].vlen);
            fputs("</code></li>", f);
        }
        fputs("</ol>", f);
        if (get(s, at(path, sizeof path, "suites", e, "complete")) &&
            !is_true(s, at(path, sizeof path, "suites", e, "complete")))
            fputs("<p class=\"meta\">The handshake limit stopped the enumeration: there may be more.</p>", f);
        fputs("</td><td>", f);
        const node *so = get(s, at(path, sizeof path, "suites", e, "server_order"));
        if (so)
            fputs(so->vlen == 4 ? "the server enforces its own" : "the client's is used", f);
        else
            h_val(f, s, at(path, sizeof path, "suites", e, "order_error"));
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n", f);
}

static void h_sni(FILE *f, const txc_scan *s)
{
    const node *sn =
        h_table(f, s, "SNI", "sni", "<th>Case</th><th>server_name sent</th><th>Result</th><th>Server certificate</th>");
    if (!sn)
        return;
    char path[96], c[64], r[64];
    for (int k = sn->first; k >= 0; k = s->nodes[k].next) {
        const node *e = &s->nodes[k];
        str(s, at(path, sizeof path, "sni", e, "case"), c, sizeof c);
        fprintf(f, "<tr><td>%s</td><td>",
                !strcmp(c, "with_name")      ? "with the name"
                : !strcmp(c, "without_name") ? "without a name"
                                             : "with a wrong name");
        if (!h_code(f, s, at(path, sizeof path, "sni", e, "server_name")))
            fputs("(none)", f);
        str(s, at(path, sizeof path, "sni", e, "result"), r, sizeof r);
        fprintf(f, "</td><td><span class=\"%s\">", !strcmp(r, "accepted") ? "v-success" : "v-failure");
        put_html(f, r, strlen(r));
        fputs("</span></td><td>", f);
        if (get(s, at(path, sizeof path, "sni", e, "leaf_subject"))) {
            h_val(f, s, path);
            fputs("<br><span class=\"mono meta\">", f);
            h_val(f, s, at(path, sizeof path, "sni", e, "leaf_sha256"));
            fputs("</span>", f);
        } else {
            h_val(f, s, at(path, sizeof path, "sni", e, "error"));
        }
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n<p>", f);
    if (is_true(s, "sni_same_certificate"))
        fputs("The server sent the same certificate each time.", f);
    else
        fputs("<strong class=\"v-failure\">The server did not send the same certificate each time</strong>: it picks "
              "its certificate by the name; a client that sends no server_name gets the default one.",
              f);
    fputs("</p>\n", f);
}

/* One certificate of chain.certificates as a card. */
static void h_cert(FILE *f, const txc_scan *s, const node *e, int leaf, int last)
{
    char path[128];
    fputs("<div class=\"cert\"><div class=\"subj\">", f);
    h_val(f, s, at(path, sizeof path, "chain.certificates", e, "subject"));
    fputs("</div>", f);
    h_badge(f, "info", leaf ? "sent first: the server's" : last ? "sent last" : "sent");
    if (is_true(s, at(path, sizeof path, "chain.certificates", e, "expired")))
        h_badge(f, "bad", "expired");
    if (is_true(s, at(path, sizeof path, "chain.certificates", e, "not_yet_valid")))
        h_badge(f, "bad", "not yet valid");
    if (is_true(s, at(path, sizeof path, "chain.certificates", e, "self_signed")))
        h_badge(f, "info", "self-signed");
    if (is_true(s, at(path, sizeof path, "chain.certificates", e, "ca")))
        h_badge(f, "info", "CA");
    fputs("<dl>", f);
    static const struct {
        const char *label, *name;
    } fields[] = {{"Issuer", "issuer"},
                  {"Serial", "serial"},
                  {"Not before", "not_before"},
                  {"Not after", "not_after"},
                  {"Key", "key"},
                  {"Signature", "signature_algorithm"},
                  {"SAN", "san"},
                  {"SAN error", "san_error"},
                  {"Key usage", "key_usage"},
                  {"EKU", "eku"},
                  {"EKU error", "eku_error"},
                  {"Path length", "path_len"},
                  {"OCSP", "ocsp"},
                  {"CA issuers", "ca_issuers"},
                  {"CRL", "crl"},
                  {"SHA-256", "sha256"}};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        h_dd(f, s, fields[i].label, at(path, sizeof path, "chain.certificates", e, fields[i].name));
    fputs("</dl></div>", f);
}

static void h_chain(FILE *f, const txc_scan *s)
{
    char a[64], v[64], len[32];
    fputs("<h3>The chain as served</h3>\n", f);
    const node *certs = get(s, "chain.certificates");
    if (!certs || certs->type != 'a' || certs->first < 0) {
        fputs("<p><strong class=\"v-failure\">Not read</strong>: ", f);
        h_val(f, s, "chain.error");
        fputs("</p>\n", f);
        return;
    }
    str(s, "chain.ends_at", a, sizeof a);
    str(s, "validation.result", v, sizeof v);
    fputs("<p>", f);
    h_val(f, s, "chain.length");
    fputs(strcmp(str(s, "chain.length", len, sizeof len), "1") ? " certificates as served, " : " certificate as served, ",
          f);
    fputs(is_true(s, "chain.complete") ? "<strong class=\"v-success\">complete</strong>"
                                       : "<strong class=\"v-failure\">incomplete</strong>",
          f);
    fputs(!strcmp(a, "self-signed")            ? ": it ends at a self-signed certificate"
          : !strcmp(a, "issuer-in-truststore") ? ": the issuer of the last one is in the truststore"
                                               : ": the issuer of the last one is not in the truststore",
          f);
    if (get(s, "chain.ordered") && !is_true(s, "chain.ordered"))
        fputs("; <strong class=\"v-failure\">out of order</strong>", f);
    fputs(". ", f);
    if (!strcmp(v, "trusted"))
        fputs("<strong class=\"v-success\">Trusted by this JRE</strong>.", f);
    else {
        fputs("<strong class=\"v-failure\">Rejected by this JRE's trust manager</strong>: <code>", f);
        h_val(f, s, "validation.exception");
        fputs("</code>", f);
    }
    fputs("</p>\n<p class=\"meta\">", f);
    h_val(f, s, "chain.read_with");
    fputs("</p>\n<ul class=\"tree\">", f);
    /* the anchor at the top, the served certificates from the last to the leaf */
    int n = 0, idx[16], opened = 0;
    for (int c = certs->first; c >= 0 && n < 16; c = s->nodes[c].next)
        idx[n++] = c;
    if (!strcmp(v, "trusted") && get(s, "validation.anchor") && strcmp(a, "self-signed") != 0) {
        fputs("<li><div class=\"cert\"><div class=\"subj\">", f);
        h_val(f, s, "validation.anchor");
        fputs("</div>", f);
        h_badge(f, "ok", "trust anchor: in the truststore, not sent");
        if (get(s, "validation.anchor_sha256")) {
            fputs("<dl><dt>SHA-256</dt><dd>", f);
            h_val(f, s, "validation.anchor_sha256");
            fputs("</dd></dl>", f);
        }
        fputs("</div><ul>", f);
        opened++;
    } else if (strcmp(a, "self-signed") != 0 && strcmp(a, "issuer-in-truststore") != 0) {
        char path[128];
        fputs("<li><div class=\"cert missing\"><div class=\"subj\">", f);
        h_val(f, s, at(path, sizeof path, "chain.certificates", &s->nodes[idx[n - 1]], "issuer"));
        fputs("</div>", f);
        h_badge(f, "bad", "not sent, not in the truststore");
        fputs("</div><ul>", f);
        opened++;
    }
    for (int i = n - 1; i >= 0; i--) {
        fputs("<li>", f);
        h_cert(f, s, &s->nodes[idx[i]], i == 0, i == n - 1 && n > 1);
        if (i > 0)
            fputs("<ul>", f);
    }
    for (int i = n - 1; i >= 0; i--)
        fputs(i > 0 ? "</li></ul>" : "</li>", f);
    while (opened--)
        fputs("</ul></li>", f);
    fputs("</ul>\n", f);
    if (get(s, "validation.path_error")) {
        fputs("<p class=\"meta\">The PKIX builder: ", f);
        h_val(f, s, "validation.path_error");
        fputs("</p>\n", f);
    }
}

/* The details as nested lists, in a <details>. */
static void h_outline(FILE *f, const txc_scan *s, int k)
{
    const node *x = &s->nodes[k];
    fputs("<ul>", f);
    for (int c = x->first; c >= 0; c = s->nodes[c].next) {
        const node *y = &s->nodes[c];
        fputs("<li>", f);
        fprintf(f, x->type == 'a' ? "[%.*s]" : "<strong>%.*s</strong>", (int)y->nlen, y->name);
        if (y->type == 'o' || (y->type == 'a' && !flat_array(s, y))) {
            h_outline(f, s, c);
        } else if (y->type == 'a') {
            fputs(": ", f);
            h_list(f, s, y, ", ");
        } else {
            fputs(": <code>", f);
            put_html(f, y->val, y->vlen);
            fputs("</code>", f);
        }
        fputs("</li>", f);
    }
    fputs("</ul>\n", f);
}

static tx_status scan_html(const txc_scan *s, const tx_analysis *a, FILE *out)
{
    char h[300], p[32], title[400];
    str(s, "target.host", h, sizeof h);
    str(s, "target.port", p, sizeof p);
    size_t k;
    char *host = decode(h, strlen(h), &k);
    snprintf(title, sizeof title, "Scan of %.*s:%s with the application's JRE", host ? (int)k : 0, host ? host : "",
             p);
    free(host);
    tx_status st = tx_html_begin(out, title);
    if (st != TX_OK)
        return st;
    fputs("<section class=\"scan\" id=\"scan\" aria-labelledby=\"scan-h\">\n<h2 id=\"scan-h\">The server as this JRE "
          "sees it</h2>\n<table>\n",
          out);
    summary(out, s, MODE_HTML);
    fputs("</table>\n<p class=\"meta\">The chain and protocols were read with a trust-all manager, only to display "
          "them; trust was judged by the JRE's own trust manager, and the application's view below uses the JRE's "
          "defaults with host name verification.</p>\n",
          out);
    h_jre(out, s);
    h_protocols(out, s);
    h_suites(out, s);
    h_sni(out, s);
    h_chain(out, s);
    fputs("<h3>Every fact</h3>\n<details><summary>The probe's facts as read (the JSON output has them too)</summary>\n",
          out);
    h_outline(out, s, 0);
    fputs("</details>\n", out);
    if (s->truncated || s->timed_out || s->dropped)
        fprintf(out, "<p class=\"meta\">probe: %s%s%zu line(s) not understood</p>\n",
                s->truncated ? "output truncated; " : "", s->timed_out ? "stopped at --timeout; " : "", s->dropped);
    fputs("</section>\n", out);
    /* the application's view: explain's section, the ranked causes and fixes */
    st = a ? tx_analysis_write(a, TX_FORMAT_HTML, out) : TX_OK;
    tx_status se = tx_html_end(out);
    return st != TX_OK ? st : se != TX_OK ? se : ferror(out) ? TX_EIO : TX_OK;
}

tx_status txc_scan_write(const txc_scan *s, const tx_analysis *a, tx_format f, FILE *out)
{
    if (f == TX_FORMAT_JSON) {
        fputs("{\"scan\":", out);
        json_node(out, s, 0);
        fprintf(out, ",\"probe\":{\"facts\":%zu,\"refused\":%zu,\"truncated\":%s,\"timed_out\":%s}", s->facts,
                s->dropped, s->truncated ? "true" : "false", s->timed_out ? "true" : "false");
        fputs(",\"report\":", out);
        tx_status st = a ? tx_analysis_write(a, f, out) : TX_OK;
        if (!a)
            fputs("null", out);
        fputs("}\n", out);
        return ferror(out) ? TX_EIO : st;
    }
    if (f == TX_FORMAT_HTML)
        return scan_html(s, a, out);
    int md = f == TX_FORMAT_MARKDOWN;
    char h[300], p[32];
    str(s, "target.host", h, sizeof h);
    str(s, "target.port", p, sizeof p);
    fputs(md ? "## Scan of `" : "Scan of ", out);
    put_text(out, h, strlen(h), md);
    fprintf(out, ":%s%s", p, md ? "` with the application's JRE\n\n" : " with the application's JRE\n");
    summary(out, s, md);
    fputs(md ? "\n_The chain and protocols were read with a trust-all manager, only to display them; trust was "
               "judged by the JRE's own trust manager, and the application's view below uses the JRE's defaults "
               "with host name verification._\n\n### Details\n\n"
             : "  (the chain and protocols were read with a trust-all manager, only to display them; trust was\n"
               "  judged by the JRE's own trust manager, and the application's view below uses the JRE's defaults\n"
               "  with host name verification)\n\nDetails\n",
          out);
    outline(out, s, 0, 0, md);
    if (s->truncated || s->timed_out || s->dropped)
        fprintf(out, "%sprobe: %s%s%zu line(s) not understood\n", md ? "\n" : "  ",
                s->truncated ? "output truncated; " : "", s->timed_out ? "stopped at --timeout; " : "", s->dropped);
    fputs(md ? "\n---\n\n" : "\nThe application's view (the JRE's defaults):\n\n", out);
    tx_status st = a ? tx_analysis_write(a, f, out) : TX_OK;
    return ferror(out) ? TX_EIO : st;
}

/* ---- two saved scans side by side ----------------------------------------------------- */

typedef struct {
    char *path, *val; /* malloc'ed: the dotted path, the value as the probe escaped it */
} leaf;

typedef struct {
    leaf *v;
    size_t n, cap;
    int oom;
} leaves;

static void add_leaf(leaves *l, const char *path, char *val)
{
    if (l->oom || !val)
        goto fail;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        leaf *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            goto fail;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n].path = strdup(path);
    l->v[l->n].val = val;
    if (!l->v[l->n].path)
        goto fail;
    l->n++;
    return;
fail:
    free(val);
    l->oom = 1;
}

/* Every scalar, and every array of scalars as one value ("a, b"), with its path. */
static void flatten(const txc_scan *s, int k, char *path, size_t plen, size_t cap, leaves *l)
{
    const node *x = &s->nodes[k];
    if (x->type != 'o' && (x->type != 'a' || flat_array(s, x))) {
        size_t n = 0;
        if (x->type == 'a')
            for (int c = x->first; c >= 0; c = s->nodes[c].next)
                n += s->nodes[c].vlen + 2;
        else
            n = x->vlen;
        char *v = malloc(n + 1), *w = v;
        if (v && x->type == 'a') {
            for (int c = x->first; c >= 0; c = s->nodes[c].next) {
                if (w != v) {
                    memcpy(w, ", ", 2);
                    w += 2;
                }
                memcpy(w, s->nodes[c].val, s->nodes[c].vlen);
                w += s->nodes[c].vlen;
            }
        } else if (v) {
            memcpy(v, x->val, x->vlen);
            w = v + x->vlen;
        }
        if (w)
            *w = '\0';
        add_leaf(l, path, v);
        return;
    }
    for (int c = x->first; c >= 0; c = s->nodes[c].next) {
        const node *y = &s->nodes[c];
        if (plen + y->nlen + 2 >= cap)
            continue; /* cannot happen: 8 levels of at most 64 bytes */
        size_t q = plen;
        if (q)
            path[q++] = '.';
        memcpy(path + q, y->name, y->nlen);
        path[q + y->nlen] = '\0';
        flatten(s, c, path, q + y->nlen, cap, l);
        path[plen] = '\0';
    }
}

static void free_leaves(leaves *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].path);
        free(l->v[i].val);
    }
    free(l->v);
}

/* Facts that differ between two scans of the same kind of run, and facts that change with
 * every run or are listed elsewhere: not worth a row. */
static int noise(const char *path)
{
    return !strcmp(path, "handshakes") || !strcmp(path, "time") || !strncmp(path, "ocsp_stapling.produced_at", 25) ||
           !strncmp(path, "ocsp_stapling.this_update", 25) || !strncmp(path, "ocsp_stapling.next_update", 25);
}

static void cell(FILE *f, const char *v, int md)
{
    if (!v)
        fputs(md ? "_absent_" : "(absent)", f);
    else
        put_text(f, v, strlen(v), md);
}

/* One row: the fact's path, its value in A and in B (NULL: absent). */
static void diff_row(FILE *out, int md, const char *p, const char *va, const char *vb)
{
    static const char *const sep[2][4] = {{"  ", "\n    A: ", "\n    B: ", "\n"}, {"| ", " | ", " | ", " |\n"}};
    fputs(sep[md][0], out);
    put_text(out, p, strlen(p), md);
    fputs(sep[md][1], out);
    cell(out, va, md);
    fputs(sep[md][2], out);
    cell(out, vb, md);
    fputs(sep[md][3], out);
}

/* The facts that differ between a and b: in A's order, then what only B has; a path is looked
 * up in B by a linear scan from where the last match was (the same probe prints the same
 * order).  Each row points into la and lb (NULL: absent on that side). */
typedef struct {
    const char *path, *va, *vb;
} diff_row_t;

typedef struct {
    leaves la, lb;
    diff_row_t *rows;
    size_t n;
} scan_diff;

static void diff_free(scan_diff *d)
{
    free_leaves(&d->la);
    free_leaves(&d->lb);
    free(d->rows);
}

static tx_status diff_make(const txc_scan *a, const txc_scan *b, scan_diff *d)
{
    memset(d, 0, sizeof *d);
    char path[1024] = "";
    flatten(a, 0, path, 0, sizeof path, &d->la);
    path[0] = '\0';
    flatten(b, 0, path, 0, sizeof path, &d->lb);
    char *used = calloc(d->lb.n + 1, 1);
    d->rows = malloc((d->la.n + d->lb.n + 1) * sizeof *d->rows);
    if (d->la.oom || d->lb.oom || !used || !d->rows) {
        free(used);
        diff_free(d);
        return TX_ENOMEM;
    }
    size_t from = 0;
    for (size_t i = 0; i < d->la.n; i++) {
        const char *p = d->la.v[i].path, *va = d->la.v[i].val, *vb = NULL;
        for (size_t k = 0; k < d->lb.n; k++) {
            size_t j = (from + k) % d->lb.n;
            if (!used[j] && !strcmp(d->lb.v[j].path, p)) {
                used[j] = 1;
                vb = d->lb.v[j].val;
                from = j + 1;
                break;
            }
        }
        if (!noise(p) && !(vb && !strcmp(va, vb)))
            d->rows[d->n++] = (diff_row_t){p, va, vb};
    }
    for (size_t j = 0; j < d->lb.n; j++)
        if (!used[j] && !noise(d->lb.v[j].path))
            d->rows[d->n++] = (diff_row_t){d->lb.v[j].path, NULL, d->lb.v[j].val};
    free(used);
    return TX_OK;
}


tx_status txc_scan_diff_write(const txc_scan *a, const txc_scan *b, const char *na, const char *nb, tx_format f,
                              FILE *out)
{
    scan_diff d;
    if (diff_make(a, b, &d) != TX_OK)
        return TX_ENOMEM;
    if (f == TX_FORMAT_HTML) {
        fputs("<section class=\"scan\" id=\"scan-facts\" aria-labelledby=\"scan-facts-h\">\n<h2 id=\"scan-facts-h\">Scan "
              "facts side by side</h2>\n<p class=\"meta\">A: <span class=\"mono\">",
              out);
        put_html(out, na, strlen(na));
        fputs("</span>, B: <span class=\"mono\">", out);
        put_html(out, nb, strlen(nb));
        fputs("</span>: every fact that differs or that one of them lacks.</p>\n<table>\n<tr><th>Fact</th><th>A</th>"
              "<th>B</th></tr>\n",
              out);
        for (size_t i = 0; i < d.n && i < TX_MAX_SCAN_DIFF_ROWS; i++) {
            fputs("<tr><td><code>", out);
            put_html(out, d.rows[i].path, strlen(d.rows[i].path));
            for (int side = 0; side < 2; side++) {
                const char *v = side ? d.rows[i].vb : d.rows[i].va;
                fputs(side ? "</td><td>" : "</code></td><td>", out);
                if (v)
                    put_html(out, v, strlen(v));
                else
                    fputs("<em>absent</em>", out);
            }
            fputs("</td></tr>\n", out);
        }
        if (!d.n)
            fputs("<tr><td colspan=\"3\">the same facts (handshake counts, times and OCSP times aside)</td></tr>\n", out);
        fputs("</table>\n", out);
        if (d.n > TX_MAX_SCAN_DIFF_ROWS)
            fprintf(out, "<p class=\"meta\">%zu more facts differ.</p>\n", d.n - TX_MAX_SCAN_DIFF_ROWS);
        fputs("</section>\n", out);
        diff_free(&d);
        return ferror(out) ? TX_EIO : TX_OK;
    }
    int md = f == TX_FORMAT_MARKDOWN;
    if (md)
        fputs("## Scan facts side by side\n\n", out);
    else
        fputs("Scan facts side by side\n", out);
    fputs(md ? "A: `" : "  A: ", out);
    put_text(out, na, strlen(na), md);
    fputs(md ? "`, B: `" : "\n  B: ", out);
    put_text(out, nb, strlen(nb), md);
    fputs(md ? "`\n\n| fact | A | B |\n|---|---|---|\n" : "\n\n", out);
    for (size_t i = 0; i < d.n && i < TX_MAX_SCAN_DIFF_ROWS; i++)
        diff_row(out, md, d.rows[i].path, d.rows[i].va, d.rows[i].vb);
    if (!d.n)
        fputs(md ? "| _the same facts_ | | |\n" : "  the same facts (handshake counts and OCSP times aside)\n", out);
    else if (d.n > TX_MAX_SCAN_DIFF_ROWS)
        fprintf(out, md ? "\n_%zu more facts differ._\n" : "  ... %zu more facts differ\n", d.n - TX_MAX_SCAN_DIFF_ROWS);
    fputs(md ? "\n---\n\n" : "\nThe application's views compared:\n\n", out);
    diff_free(&d);
    return ferror(out) ? TX_EIO : TX_OK;
}

static void json_nval(FILE *f, const char *v)
{
    if (v)
        put_json(f, v, strlen(v));
    else
        fputs("null", f);
}

tx_status txc_scan_diff_json(const txc_scan *a, const txc_scan *b, FILE *out)
{
    scan_diff d;
    if (diff_make(a, b, &d) != TX_OK)
        return TX_ENOMEM;
    fputs("{\"good\":", out);
    json_node(out, a, 0);
    fputs(",\"bad\":", out);
    json_node(out, b, 0);
    fputs(",\"differences\":[", out);
    for (size_t i = 0; i < d.n && i < TX_MAX_SCAN_DIFF_ROWS; i++) {
        fputs(i ? ",{\"fact\":" : "{\"fact\":", out);
        put_json(out, d.rows[i].path, strlen(d.rows[i].path));
        fputs(",\"good\":", out);
        json_nval(out, d.rows[i].va);
        fputs(",\"bad\":", out);
        json_nval(out, d.rows[i].vb);
        fputc('}', out);
    }
    fprintf(out, "],\"more_differences\":%zu}", d.n > TX_MAX_SCAN_DIFF_ROWS ? d.n - TX_MAX_SCAN_DIFF_ROWS : 0);
    diff_free(&d);
    return ferror(out) ? TX_EIO : TX_OK;
}

/* ---- --redact ------------------------------------------------------------------------- */

static int ends(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

/* Teach the analysis (with the redact option) the scan's names: hosts and SNI names, subjects
 * and issuers, SANs, the URLs of AIA and CRL DP, the names inside every other text
 * (exceptions); then the application's view and the truststore listing as free text.  The
 * analysis numbers them first, then its log's, and masks its report with them. */
tx_status txc_scan_learn(const txc_scan *s, tx_analysis *a)
{
    leaves l = {0};
    char path[1024] = "";
    flatten(s, 0, path, 0, sizeof path, &l);
    if (l.oom) {
        free_leaves(&l);
        return TX_ENOMEM;
    }
    tx_status st = TX_OK;
#define LEARN(kind, v, n)                                                                                              \
    do {                                                                                                               \
        tx_status st_ = tx_analysis_redact_learn(a, (kind), (v), (n));                                                 \
        if (st_ != TX_OK && st == TX_OK)                                                                               \
            st = st_;                                                                                                  \
    } while (0)
    for (size_t i = 0; i < l.n; i++) {
        const char *p = l.v[i].path, *v = l.v[i].val;
        size_t n = strlen(v);
        if (ends(p, "host") || ends(p, "server_name")) {
            if (strncmp(v, "none", 4) != 0)
                LEARN(TX_REDACT_HOST, v, n);
        } else if (ends(p, "subject") || ends(p, "issuer") || ends(p, "anchor")) {
            LEARN(TX_REDACT_SUBJECT, v, n);
        } else if (ends(p, ".san") || ends(p, ".ocsp") || ends(p, ".ca_issuers") || ends(p, ".crl")) {
            int san = ends(p, ".san");
            for (const char *e = v; *e;) { /* "DNS:a, IP:b" or "http://x, http://y" */
                const char *c = strstr(e, ", ");
                size_t k = c ? (size_t)(c - e) : strlen(e);
                const char *colon = san ? memchr(e, ':', k) : NULL;
                if (colon)
                    LEARN(!strncmp(e, "IP:", 3) ? TX_REDACT_IP : TX_REDACT_HOST, colon + 1,
                          k - (size_t)(colon + 1 - e));
                else if (!san)
                    LEARN(TX_REDACT_URL, e, k);
                e += k + (c ? 2 : 0);
            }
        } else if (!ends(p, "sha256") && !ends(p, "serial")) {
            LEARN(TX_REDACT_TEXT, v, n);
        }
    }
    free_leaves(&l);
    LEARN(TX_REDACT_TEXT, s->raw, s->len);
#undef LEARN
    return st;
}

/* The facts and the report masked alike: the report is masked by the analysis's model, the
 * whole output then by the same names (tx_analysis_write_redacted). */
/* A copy of s whose string facts are masked by a (as the probe escaped them: the names were
 * learned so, and a mask is plain ASCII), for HTML, which escapes each value after masking:
 * masking the finished page would miss a name that escaping changed (a quote in a DN). */
static int masked_copy(const txc_scan *s, const tx_analysis *a, txc_scan **out)
{
    char *buf = NULL;
    size_t n = 0;
    *out = NULL;
    FILE *mem = open_memstream(&buf, &n);
    if (!mem)
        return EXIT_INTERNAL;
    int bad = 0;
    for (size_t i = 0; i < s->len && !bad;) {
        const char *l = s->raw + i;
        const char *nl = memchr(l, '\n', s->len - i);
        size_t ln = nl ? (size_t)(nl - l) : s->len - i;
        i += ln + (nl != NULL);
        if (!is_fact(l, ln))
            continue; /* the application's view: the analysis writes its own, masked */
        const char *sp = ln > 8 ? memchr(l + 8, ' ', ln - 8) : NULL;
        if (!sp || l[6] != 's') {
            fwrite(l, 1, ln, mem);
        } else {
            fwrite(l, 1, (size_t)(sp + 1 - l), mem);
            bad = tx_analysis_write_redacted(a, sp + 1, ln - (size_t)(sp + 1 - l), mem) != TX_OK;
        }
        fputc('\n', mem);
    }
    if (fclose(mem) != 0 || bad) {
        free(buf);
        return EXIT_INTERNAL;
    }
    int rc = txc_scan_parse(buf, n, out);
    free(buf);
    if (rc == EXIT_OK) {
        (*out)->truncated = s->truncated;
        (*out)->timed_out = s->timed_out;
        (*out)->dropped = s->dropped;
    }
    return rc;
}

tx_status txc_scan_write_redacted(const txc_scan *s, const tx_analysis *a, tx_format f, FILE *out)
{
    if (f == TX_FORMAT_HTML) {
        txc_scan *m = NULL;
        if (masked_copy(s, a, &m) != EXIT_OK)
            return TX_ENOMEM;
        tx_status st = scan_html(m, a, out);
        txc_scan_free(m);
        return st;
    }
    char *buf = NULL;
    size_t n = 0;
    FILE *mem = open_memstream(&buf, &n);
    if (!mem)
        return TX_ENOMEM;
    tx_status st = txc_scan_write(s, a, f, mem);
    if (fclose(mem) != 0 && st == TX_OK)
        st = TX_ENOMEM;
    if (st == TX_OK)
        st = tx_analysis_write_redacted(a, buf, n, out);
    free(buf);
    return st == TX_OK && ferror(out) ? TX_EIO : st;
}

int txc_scan_load(const char *path, txc_scan **out)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return EXIT_OK; /* compare reports the file itself */
    char *buf = malloc(TX_MAX_SCAN_OUTPUT);
    size_t n = buf ? fread(buf, 1, TX_MAX_SCAN_OUTPUT, f) : 0;
    fclose(f);
    int rc = EXIT_OK;
    if (buf && txc_scan_is_saved(buf, n))
        rc = txc_scan_parse(buf, n, out);
    free(buf);
    return buf ? rc : EXIT_INTERNAL;
}

/* The fact lines blanked on the way to a, in a stream of any chunking: a
 * line that starts with "scan: " is fed as its newline alone. */
void txc_scan_filter_feed(txc_scan_filter *f, tx_analysis *a, const char *buf, size_t n)
{
    static const char pre[] = "scan: ";
    const size_t pl = sizeof pre - 1;
    size_t run = 0; /* buf[run..i) is still to be fed */
    for (size_t i = 0; i < n; i++) {
        char c = buf[i];
        if (f->state == 1) { /* in a fact line: dropped up to its newline, which is fed */
            if (c == '\n') {
                f->state = 0;
                f->m = 0;
                run = i;
            }
            continue;
        }
        if (f->state == 2) { /* in another line */
            if (c == '\n') {
                f->state = 0;
                f->m = 0;
            }
            continue;
        }
        /* at a line's start: f->m bytes of the prefix matched, f->held of them in earlier
         * chunks and not fed yet */
        if (c == pre[f->m]) {
            if (++f->m == pl) {
                size_t at = i + 1 - (pl - f->held); /* where the prefix starts in buf */
                if (at > run)
                    tx_analysis_feed(a, buf + run, at - run);
                f->held = 0;
                f->state = 1;
                run = i + 1;
            }
            continue;
        }
        if (f->held) { /* not a fact after all: what was held comes first */
            tx_analysis_feed(a, pre, f->held);
            f->held = 0;
        }
        f->state = c == '\n' ? 0 : 2;
        f->m = 0;
    }
    if (f->state == 0 && f->m > f->held) { /* a prefix begun at the chunk's end: held */
        size_t in_buf = f->m - f->held;
        if (n - in_buf > run)
            tx_analysis_feed(a, buf + run, n - in_buf - run);
        f->held = f->m;
    } else if (f->state != 1 && n > run) {
        tx_analysis_feed(a, buf + run, n - run);
    }
}

void txc_scan_filter_end(txc_scan_filter *f, tx_analysis *a)
{
    if (f->held)
        tx_analysis_feed(a, "scan: ", f->held);
    else if (f->state == 1)
        tx_analysis_feed(a, " ", 1); /* a last fact line without its newline stays a line */
    memset(f, 0, sizeof *f);
}

long long txc_scan_time(const char *buf, size_t n)
{
    static const char key[] = "\nscan: n time ";
    const size_t kl = sizeof key - 1;
    for (const char *p = buf, *end = buf + n; p && (size_t)(end - p) > kl;) {
        const char *k = memmem(p, (size_t)(end - p), key, kl);
        if (!k)
            break;
        long long t = 0;
        const char *d = k + kl;
        int digits = 0;
        for (; d < end && *d >= '0' && *d <= '9' && digits < 12; d++, digits++)
            t = t * 10 + (*d - '0');
        if (digits && (d == end || *d == '\n' || *d == '\r'))
            return t;
        p = k + 1;
    }
    return 0;
}

long long txc_scan_when(const txc_scan *s)
{
    return txc_scan_time(s->raw, s->len);
}

int txc_scan_is_saved(const char *buf, size_t n)
{
    static const char first[] = "scan: s target.host ";
    /* the launcher's notices come first when JAVA_TOOL_OPTIONS, _JAVA_OPTIONS or
     * JDK_JAVA_OPTIONS are set ("Picked up ...", "NOTE: Picked up ...") */
    for (int skipped = 0; skipped < 4; skipped++) {
        const char *nl = memchr(buf, '\n', n);
        if (!nl || !((n >= 10 && !memcmp(buf, "Picked up ", 10)) || (n >= 16 && !memcmp(buf, "NOTE: Picked up ", 16))))
            break;
        n -= (size_t)(nl + 1 - buf);
        buf = nl + 1;
    }
    return n >= sizeof first - 1 && !memcmp(buf, first, sizeof first - 1);
}

void txc_scan_feed(const txc_scan *s, tx_analysis *a)
{
    txc_scan_filter f;
    memset(&f, 0, sizeof f);
    txc_scan_filter_feed(&f, a, s->raw, s->len);
    txc_scan_filter_end(&f, a);
}

const char *txc_scan_name(const txc_scan *s)
{
    return s->name;
}

void txc_scan_free(txc_scan *s)
{
    if (!s)
        return;
    free(s->raw);
    free(s->nodes);
    free(s);
}

/* ---- running the probe ------------------------------------------------------------------ */

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#define SCAN_NFILES 8 /* TlsScan.class and TlsProbe's classes */

typedef struct {
    char dir[PATH_MAX], files[SCAN_NFILES][PATH_MAX];
    int have_dir, nfiles;
} probe_dir;

static void remove_probe(probe_dir *d)
{
    if (!d->have_dir)
        return;
    for (int i = 0; i < d->nfiles; i++)
        unlink(d->files[i]);
    rmdir(d->dir);
    d->have_dir = 0;
}

static int write_class(probe_dir *d, const char *name, const unsigned char *data, size_t size)
{
    char path[PATH_MAX];
    if (d->nfiles >= SCAN_NFILES || (size_t)snprintf(path, sizeof path, "%s/%s", d->dir, name) >= sizeof path)
        return -1;
    memcpy(d->files[d->nfiles], path, sizeof path);
    int fd = open(d->files[d->nfiles], O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    d->nfiles++;
    size_t off = 0;
    while (off < size) {
        ssize_t w = write(fd, data + off, size - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    return close(fd) != 0 || off != size ? -1 : 0;
}

static int write_probe(probe_dir *d, FILE *err)
{
    const char *tmp = getenv("TMPDIR");
    if ((size_t)snprintf(d->dir, sizeof d->dir, "%s/tlsexplain-scan-XXXXXX", tmp && *tmp ? tmp : "/tmp") >=
        sizeof d->dir - 32)
        snprintf(d->dir, sizeof d->dir, "/tmp/tlsexplain-scan-XXXXXX");
    if (!mkdtemp(d->dir)) {
        fprintf(err, "tlsexplain: error: cannot create a temporary directory for the probe: %s\n", strerror(errno));
        return -1;
    }
    d->have_dir = 1;
    d->nfiles = 0;
    int bad = write_class(d, "TlsScan.class", scan_TlsScan_class, sizeof scan_TlsScan_class);
    const char *name;
    const unsigned char *data;
    size_t size;
    for (size_t i = 0; !bad && txc_probe_class(i, &name, &data, &size) == 0; i++)
        bad = write_class(d, name, data, size);
    if (bad) {
        fprintf(err, "tlsexplain: error: cannot write the probe to %s: %s\n", d->dir, strerror(errno));
        remove_probe(d);
        return -1;
    }
    return 0;
}

/* A --servername: a DNS name (letters, digits, '-', '.'; no leading '.' or '-'). */
static int valid_servername(const char *s)
{
    size_t n = strlen(s);
    if (!n || n > 253 || s[0] == '.' || s[0] == '-' || strstr(s, ".."))
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'))
            return 0;
    }
    return 1;
}

typedef struct {
    char *buf;
    size_t len;
    int truncated, timed_out, exec_errno, reaped, status;
} run_out;

static void run_probe(char *const argv[], const txc_secrets *sec, int timeout, probe_dir *d, run_out *r)
{
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
    char chunk[16384];
    for (;;) {
        long long t = now_ms();
        if (!kill_at && t >= deadline) {
            r->timed_out = 1;
            kill(pid, SIGTERM);
            kill_at = t + TERM_GRACE_MS;
        } else if (kill_at && t >= kill_at) {
            kill(pid, SIGKILL);
            break;
        }
        long long until = kill_at ? kill_at : deadline;
        struct pollfd pfd = {out[0], POLLIN, 0};
        int pr = poll(&pfd, 1, (int)(until - t > 200 ? 200 : until - t > 0 ? until - t : 0));
        if (pr <= 0)
            continue;
        ssize_t n = read(out[0], chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        size_t keep = (size_t)n, was = r->len;
        if (r->len + keep > TX_MAX_SCAN_OUTPUT) {
            keep = TX_MAX_SCAN_OUTPUT - r->len;
            r->truncated = 1;
        }
        memcpy(r->buf + r->len, chunk, keep);
        r->len += keep;
        /* the probe's first fact: the JVM has loaded its classes (TlsScan loads TlsProbe before
         * it prints).  Not any first output: the launcher says "Picked up JAVA_TOOL_OPTIONS: ..."
         * before it loads the main class.  A JVM that never gets there: removed at the end. */
        size_t from = was > 6 ? was - 6 : 0;
        if (d->have_dir && (txc_scan_is_saved(r->buf, r->len) ||
                            memmem(r->buf + from, r->len - from, "\nscan: ", 7) != NULL))
            remove_probe(d);
    }
    close(out[0]);
    for (int i = 0; i < 150; i++) { /* at most 3 s more, then SIGKILL */
        int st;
        pid_t w = waitpid(pid, &st, WNOHANG);
        if (w == pid) {
            r->reaped = 1;
            r->status = st;
            break;
        }
        if (i == 100)
            kill(pid, SIGKILL);
        struct timespec ts = {0, 20 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    if (!r->reaped) {
        kill(pid, SIGKILL);
        int st;
        if (waitpid(pid, &st, 0) == pid)
            r->reaped = 1;
    }
}

int txc_scan_run(const txc_capture_opts *o, const txc_scan_opts *so, const char *target, FILE *err, txc_scan **out)
{
    *out = NULL;
    char why[768], shown[200];
    txc_plan plan;
    int kind; /* an https:// URL names the host and port; scan makes no HTTP request */
    txc_escape(target, shown, sizeof shown);
    /* the targets of capture (the same parser), and its options (proxy, keystore, STARTTLS) */
    if (txc_parse_target(target, o->starttls, &plan.target, &kind, why, sizeof why) != 0) {
        if (o->starttls)
            fprintf(err, "tlsexplain: error: bad target '%s': %s; --starttls %s needs HOST[:PORT] (default port %d)\n",
                    shown, why, txc_starttls_name(o->starttls), txc_starttls_port(o->starttls));
        else
            fprintf(err,
                    "tlsexplain: error: bad target '%s': %s; scan needs HOST:PORT, [IPv6]:PORT, tls://HOST:PORT "
                    "or https://host:port/\n",
                    shown, why);
        return EXIT_USAGE;
    }
    if (txc_capture_plan(o, target, &plan, why, sizeof why) != 0) {
        fprintf(err, "tlsexplain: error: %s\n", why);
        return EXIT_USAGE;
    }
    const txc_target t = plan.target;
    int timeout = o->timeout ? o->timeout : TX_SCAN_DEFAULT_TIMEOUT;
    if (timeout < 5 || timeout > TX_MAX_CAPTURE_TIMEOUT) {
        fprintf(err, "tlsexplain: error: scan's --timeout takes a number of seconds from 5 to %d\n",
                TX_MAX_CAPTURE_TIMEOUT);
        return EXIT_USAGE;
    }
    if (so->servername && !valid_servername(so->servername)) {
        txc_escape(so->servername, shown, sizeof shown);
        fprintf(err, "tlsexplain: error: --servername '%s' is not a DNS name\n", shown);
        return EXIT_USAGE;
    }
    if (o->output || o->force) {
        fprintf(err, "tlsexplain: error: scan keeps the probe's output with --save FILE, not --output\n");
        return EXIT_USAGE;
    }
    txc_secrets sec;
    int rc = txc_secrets_read(o, &sec);
    if (rc != EXIT_OK)
        return rc;
    rc = EXIT_INPUT;
    char java[PATH_MAX];
    int savefd = -1, saved = 0;
    ino_t save_ino = 0;
    dev_t save_dev = 0;
    probe_dir d;
    memset(&d, 0, sizeof d);
    run_out r;
    memset(&r, 0, sizeof r);
    if (txc_find_java(o->java, java, sizeof java) != 0) {
        if (o->java)
            fprintf(err, "tlsexplain: error: cannot run '%s': not an executable file\n", o->java);
        else
            fprintf(err, "tlsexplain: error: no java found on PATH or in $JAVA_HOME: install a JRE or name the one "
                         "the application uses with --java /path/to/bin/java\n");
        goto out;
    }
    if (o->truststore && access(o->truststore, R_OK) != 0)
        fprintf(err, "tlsexplain: warning: cannot read the truststore '%s': %s\n", o->truststore, strerror(errno));
    if (o->keystore && strcmp(o->keystore, "NONE") != 0 && access(o->keystore, R_OK) != 0)
        fprintf(err, "tlsexplain: warning: cannot read the keystore '%s': %s\n", o->keystore, strerror(errno));
    if (so->save) {
        savefd = open(so->save, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (savefd < 0) {
            txc_escape(so->save, shown, sizeof shown);
            fprintf(err, "tlsexplain: error: cannot create '%s': %s (--save writes only a new file)\n", shown,
                    strerror(errno));
            goto out;
        }
        struct stat st;
        if (fstat(savefd, &st) == 0) {
            save_ino = st.st_ino;
            save_dev = st.st_dev;
        }
    }
    r.buf = malloc(TX_MAX_SCAN_OUTPUT);
    if (!r.buf) {
        rc = EXIT_INTERNAL;
        goto out;
    }
    if (write_probe(&d, err) != 0)
        goto out;
    /* the JVM's command line: capture's options (truststore, keystore, STARTTLS, proxy), then scan's */
    char bu_opt[64], sn_opt[300], host[sizeof t.host], port[16];
    char suites_opt[] = "-Dprobe.suites=1", rev_opt[] = "-Dprobe.revocation=1", main_class[] = "TlsScan";
    txc_argv av;
    int budget = (timeout - 4) * 1000;
    plan.probe_timeout_ms = budget < TX_SCAN_HANDSHAKE_MS ? budget : TX_SCAN_HANDSHAKE_MS;
    av.argv[0] = java;
    int k = txc_jvm_opts(o, &plan, &av, 1);
    if (k < 0) {
        fprintf(err, "tlsexplain: error: the java command line would be too long\n");
        rc = EXIT_USAGE;
        goto out;
    }
    char **argv = av.argv;
    snprintf(bu_opt, sizeof bu_opt, "-Dprobe.budget.ms=%d", budget);
    argv[k++] = bu_opt;
    if (so->servername) {
        snprintf(sn_opt, sizeof sn_opt, "-Dprobe.servername=%s", so->servername);
        argv[k++] = sn_opt;
    }
    if (so->suites)
        argv[k++] = suites_opt;
    if (so->revocation)
        argv[k++] = rev_opt;
    memcpy(av.cp_opt, "-cp", sizeof av.cp_opt);
    argv[k++] = av.cp_opt;
    argv[k++] = d.dir;
    argv[k++] = main_class;
    /* the host without its IPv6 brackets */
    size_t hl = strlen(t.host);
    if (t.host[0] == '[' && hl >= 2)
        snprintf(host, sizeof host, "%.*s", (int)(hl - 2), t.host + 1);
    else
        snprintf(host, sizeof host, "%s", t.host);
    snprintf(port, sizeof port, "%d", t.port);
    argv[k++] = host;
    argv[k++] = port;
    argv[k] = NULL;
    if (o->redact)
        fprintf(err, "tlsexplain: scanning the target given (host not shown: --redact) with %s (at most %d s)...\n",
                java, timeout);
    else
        fprintf(err, "tlsexplain: scanning %s:%d%s%s%s%s with %s (at most %d s)...\n", t.host, t.port,
                o->starttls ? " after STARTTLS " : "", o->starttls ? txc_starttls_name(o->starttls) : "",
                plan.has_proxy ? " through the proxy " : "", plan.has_proxy ? o->proxy : "", java, timeout);
    run_probe(argv, &sec, timeout, &d, &r);
    remove_probe(&d);
    if (r.exec_errno) {
        fprintf(err, "tlsexplain: error: cannot run %s: %s\n", java, strerror(r.exec_errno));
        goto out;
    }
    if (!r.len) {
        fprintf(err, "tlsexplain: error: %s printed nothing: is it a java launcher?\n", java);
        goto out;
    }
    if (r.timed_out)
        fprintf(err, "tlsexplain: the probe did not finish within %d s and was stopped\n", timeout);
    if (savefd >= 0) {
        size_t off = 0;
        while (off < r.len) {
            ssize_t w = write(savefd, r.buf + off, r.len - off);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                break;
            off += (size_t)w;
        }
        int ce = close(savefd);
        savefd = -1;
        if (off != r.len || ce != 0) {
            fprintf(err, "tlsexplain: error: cannot write '%s'\n", so->save);
            goto out;
        }
        fprintf(err, "tlsexplain: saved the probe's output (%zu bytes) to %s\n", r.len, so->save);
    }
    rc = txc_scan_parse(r.buf, r.len, out);
    if (rc == EXIT_OK && !(*out)->facts) {
        /* not the probe talking: a JVM that cannot run it (too old, no memory...) */
        char first[200];
        size_t fl = 0;
        while (fl < r.len && fl < sizeof first - 1 && r.buf[fl] != '\n')
            fl++;
        memcpy(first, r.buf, fl);
        first[fl] = '\0';
        txc_escape(first, shown, sizeof shown);
        fprintf(err, "tlsexplain: error: %s did not run the probe (a JRE 8 or later is needed); it said: %s\n", java,
                shown);
        txc_scan_free(*out);
        *out = NULL;
        saved = so->save != NULL; /* the output is kept for the ticket */
        rc = EXIT_INPUT;
        goto out;
    }
    if (rc == EXIT_OK) {
        saved = 1;
        (*out)->truncated = r.truncated;
        (*out)->timed_out = r.timed_out;
        snprintf((*out)->name, sizeof(*out)->name, "scan of %s:%d", t.host, t.port);
    }
out:
    if (savefd >= 0)
        close(savefd);
    if (so->save && !saved && save_ino) { /* remove the --save file this run made, and only that */
        struct stat st;
        if (lstat(so->save, &st) == 0 && st.st_ino == save_ino && st.st_dev == save_dev)
            unlink(so->save);
    }
    remove_probe(&d);
    free(r.buf);
    txc_secrets_wipe(&sec);
    return rc;
}
