/*
 * frame.c - the envelopes a log line travels in before it reaches a file
 * someone pastes: container and device log prefixes, and JSON log records.
 *
 * Prefixes (txi_frame_prefix), stripped in any nesting, at most
 * TXI_MAX_FRAMES deep:
 *
 *   app_1  | text                                   docker-compose (v1 "_1", v2 "-1")
 *   [pod/api-7d9f/api] text                         kubectl logs --prefix
 *   api-7d9f8b6c5-x2x7q api text                    stern, kubetail (a Deployment's or
 *                                                   DaemonSet's pod, then its container)
 *   04-12 10:11:12.345  1234  1234 W System.err: text   logcat -v threadtime
 *   04-12 10:11:12.345 W/System.err( 1234): text    logcat -v time
 *   W/System.err( 1234): text                       logcat -v brief
 *   2024-04-12 10:11:12.345 1234-1250/com.example W/System.err: text   Android Studio
 *   May  1 10:00:00 host1 java[1234]: text          syslog (RFC 3164), journalctl
 *   2024-05-01T10:00:00+0000 host1 java[1234]: text journalctl -o short-iso
 *   2024-05-01T10:00:00.123456789Z stderr F text    CRI container log (containerd,
 *                                                   CRI-O: /var/log/pods/...); P (a
 *                                                   partial line) is read like F
 *   2024-05-01T10:00:00.1234567Z text         a CI job's stamp (GitHub Actions; Jenkins,
 *   [2024-05-01T10:00:00.123Z] text            GitLab, Azure Pipelines; a console's
 *   [10:00:00] text                            [hh:mm:ss])
 *   > text   > > text   >> text                     a quoted e-mail or Markdown reply
 *                                                   (not curl -v's "> GET /", "> Host: h")
 *   12 | text   12| text   12. text   12: text      line numbers a paste carried (an
 *   12-text   12:text   "     12<TAB>text"           editor, a pastebin, grep -n [-C],
 *                                                   cat -n): a number followed by the
 *                                                   same mark as the last one and
 *                                                   greater than it, or " | " / TAB
 *                                                   forms at once; "10:11:12" and
 *                                                   "2024-05-01" are times, not numbers
 *
 * Grammar:
 *   compose  = name ("_"|"-") digits " "+ "|" [" "]  -- name: [A-Za-z0-9_.-]+
 *   kubectl  = "[" ("pod"|"deployment"|...) "/" [^\]]* "] "
 *   stern    = [a-z0-9.-]+ "-" rand{5} " " [a-z0-9-]+ " "   -- rand: [b-z2456789] minus vowels
 *   logcat   = [mm "-" dd " " hh:mm:ss.mmm " "+] ( pid " "+ tid " " L " " tag ": "
 *                                              | L "/" tag "(" " "* pid "): " )
 *   syslog   = (Mmm " " [" "]d " " hh:mm:ss | iso) " " host " " tag ["[" pid "]"] ": "
 *   cri      = iso " " ("stdout"|"stderr") " " ("F"|"P") " "
 *   stamp    = (iso "Z" | "[" (iso "Z" | hh:mm:ss [("."|",") digits]) "]") " "
 *   quote    = (">" [" "])+
 *   gutter   = " "{0,8} digits{1,9} (" "* "|" [" "] | ". " | ":" | "-" | "\t")
 *
 * A logcat or syslog frame says at which level the line was logged (logcat's
 * letter; syslog: none).  rsyslog writes a tab as "#011": a frame followed
 * by "#011" loses it too, so "#011at x.Y.z(Y.java:1)" reads as a frame line.
 *
 * JSON records (txi_json_next): one object per line, as logstash-logback,
 * log4j2 JsonLayout/JsonTemplateLayout, ECS, GELF, bunyan and docker's
 * json-file driver write them.  The string values of the keys that carry
 * the record's text (message, msg, log, stack_trace, error.message, journald's MESSAGE, ...;
 * not the logger, thread, level or time) are decoded (\n \t \" \\ \/ \b \f
 * \r \uXXXX, surrogate pairs) and handed back one at a time, in the order
 * of the record; the parser reads their lines as if they had been printed,
 * under the line number of the record.
 */
#include <ctype.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "decode.h"
#include "frame.h"

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* "hh:mm:ss" at q */
static int clock_at(const char *q, const char *end)
{
    return end - q >= 8 && txi_digits_at(q, end, 2) && q[2] == ':' && txi_digits_at(q + 3, end, 2) && q[5] == ':' &&
           txi_digits_at(q + 6, end, 2);
}

static const char *skip_spaces(const char *q, const char *end)
{
    while (q < end && *q == ' ')
        q++;
    return q;
}

static const char *level_name(char c)
{
    switch (c) {
    case 'F':
    case 'A':
        return "FATAL";
    case 'E':
        return "ERROR";
    case 'W':
        return "WARN";
    case 'I':
        return "INFO";
    case 'D':
    case 'V':
        return "DEBUG";
    default:
        return NULL;
    }
}

/* logcat brief "W/Tag( 1234): " at q; the end of the frame or NULL. */
static const char *logcat_brief(const char *q, const char *end, const char **level)
{
    if (end - q < 6 || q[1] != '/' || !level_name(q[0]))
        return NULL;
    const char *lim = end - q > 128 ? q + 128 : end;
    const char *lp = memchr(q + 2, '(', (size_t)(lim - q - 2));
    if (!lp || lp == q + 2)
        return NULL;
    const char *r = skip_spaces(lp + 1, end);
    const char *d = r;
    while (r < end && is_digit(*r))
        r++;
    if (r == d || end - r < 2 || r[0] != ')' || r[1] != ':')
        return NULL;
    *level = level_name(q[0]);
    r += 2;
    return r < end && *r == ' ' ? r + 1 : r;
}

/* Android Studio's copy of a logcat line after its date:
 * "1234-5678/com.example.app D/Tag: " at r; the end of the frame or NULL. */
static const char *studio_logcat(const char *r, const char *end, const char **level)
{
    const char *d = r;
    while (r < end && is_digit(*r)) /* pid */
        r++;
    if (r == d || r >= end || *r != '-')
        return NULL;
    d = ++r;
    while (r < end && is_digit(*r)) /* tid */
        r++;
    if (r == d)
        return NULL;
    if (r < end && *r == '/') { /* package, up to the blank */
        const char *lim = end - r > 160 ? r + 160 : end;
        const char *sp = memchr(r, ' ', (size_t)(lim - r));
        if (!sp)
            return NULL;
        r = sp;
    }
    r = skip_spaces(r, end);
    if (end - r < 4 || r[1] != '/' || !level_name(r[0]))
        return NULL;
    const char *lim = end - r > 128 ? r + 128 : end;
    const char *colon = txi_memmem(r + 2, (size_t)(lim - r - 2), ": ", 2);
    if (!colon || colon == r + 2)
        return NULL;
    for (const char *c = r + 2; c < colon; c++)
        if (*c == ' ')
            return NULL;
    *level = level_name(r[0]);
    return colon + 2;
}

/* logcat with a date: "[2024-]04-12 10:11:12.345 " then threadtime, brief or
 * Android Studio's "pid-tid/package L/Tag: ". */
static const char *logcat(const char *q, const char *end, const char **level)
{
    if (end - q >= 23 && txi_digits_at(q, end, 4) && q[4] == '-' && txi_digits_at(q + 5, end, 2) && q[7] == '-')
        q += 5; /* logcat -v year, Android Studio */
    if (!(end - q >= 18 && txi_digits_at(q, end, 2) && q[2] == '-' && txi_digits_at(q + 3, end, 2) && q[5] == ' ' &&
          clock_at(q + 6, end) && q[14] == '.' && txi_digits_at(q + 15, end, 3)))
        return logcat_brief(q, end, level);
    const char *r = skip_spaces(q + 18, end), *d = r;
    if (r < end && !is_digit(*r))
        return logcat_brief(r, end, level);
    const char *studio = studio_logcat(r, end, level);
    if (studio)
        return studio;
    while (r < end && is_digit(*r)) /* pid */
        r++;
    if (r == d || r >= end || *r != ' ')
        return NULL;
    r = skip_spaces(r, end);
    d = r;
    while (r < end && is_digit(*r)) /* tid */
        r++;
    if (r == d || end - r < 4 || r[0] != ' ' || !level_name(r[1]) || r[2] != ' ')
        return NULL;
    *level = level_name(r[1]);
    const char *lim = end - r > 128 ? r + 128 : end;
    const char *colon = txi_memmem(r + 3, (size_t)(lim - r - 3), ": ", 2);
    if (!colon) { /* "W Tag:" with nothing after */
        const char *c2 = lim > r + 3 && lim[-1] == ':' && lim == end ? lim - 1 : NULL;
        return c2 ? end : NULL;
    }
    return colon + 2;
}

/* syslog "May  1 10:00:00 host tag[pid]: " or "2024-05-01T10:00:00+0000 host tag[pid]: " */
static const char *syslog_frame(const char *q, const char *end)
{
    static const char mon[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    const char *r;
    int iso = 0;
    if (end - q >= 16 && isupper((unsigned char)q[0]) && q[3] == ' ') {
        int m = 0;
        for (int i = 0; i < 12 && !m; i++)
            m = memcmp(q, mon + 3 * i, 3) == 0;
        if (!m)
            return NULL;
        r = q + 4;
        if (*r == ' ')
            r++;
        if (!is_digit(*r))
            return NULL;
        r += is_digit(r[1]) ? 2 : 1;
        if (r >= end || *r != ' ' || !clock_at(r + 1, end))
            return NULL;
        r += 9;
    } else if (end - q >= 20 && txi_digits_at(q, end, 4) && q[4] == '-' && q[10] == 'T' && clock_at(q + 11, end)) {
        iso = 1;
        r = q + 19;
        while (r < end && *r != ' ')
            r++;
    } else {
        return NULL;
    }
    if (r >= end || *r != ' ')
        return NULL;
    /* host */
    const char *h = ++r;
    while (r < end && *r != ' ' && *r != ':' && r - h < 64)
        r++;
    if (r == h || r >= end || *r != ' ')
        return NULL;
    /* tag[pid]: */
    const char *t = ++r;
    while (r < end && (isalnum((unsigned char)*r) || *r == '_' || *r == '-' || *r == '.' || *r == '/') &&
           r - t < 48)
        r++;
    if (r == t)
        return NULL;
    int pid = 0;
    if (r < end && *r == '[') {
        const char *d = ++r;
        while (r < end && is_digit(*r))
            r++;
        if (r == d || r >= end || *r != ']')
            return NULL;
        r++;
        pid = 1;
    }
    if (iso && !pid) /* an ISO time alone is an app log's; the [pid] says syslog */
        return NULL;
    if (end - r < 1 || *r != ':')
        return NULL;
    r++;
    return r < end && *r == ' ' ? r + 1 : r;
}

/* CRI "2024-05-01T10:00:00.123456789Z stderr F ": the kubelet's container log
 * files, which `kubectl logs` strips but support bundles copy as they are. */
static const char *cri(const char *q, const char *end)
{
    if (end - q < 30 || !txi_digits_at(q, end, 4) || q[4] != '-' || q[10] != 'T' || !clock_at(q + 11, end))
        return NULL;
    const char *r = q + 19;
    while (r < end && *r != ' ' && r - q < 40)
        r++;
    if (end - r < 10 || *r != ' ')
        return NULL;
    r++;
    if (memcmp(r, "stdout ", 7) != 0 && memcmp(r, "stderr ", 7) != 0)
        return NULL;
    r += 7;
    if ((*r != 'F' && *r != 'P') || r + 1 >= end || r[1] != ' ')
        return r + 1 == end && (*r == 'F' || *r == 'P') ? end : NULL;
    return r + 2;
}

/* A stamp a CI system or console puts before every line of a job's output:
 *   2024-05-01T10:00:00.1234567Z text      GitHub Actions (a UTC time, then one space)
 *   [2024-05-01T10:00:00.123Z] text        Jenkins Timestamper, GitLab, Azure Pipelines
 *   [10:00:00] text   [10:00:00.123] text  console and game-server stamps
 * (an application's own log layout, "2024-05-01 10:00:00,123 ERROR ...", is not one:
 * its time has no "T" and "Z", or no brackets around the time alone) */
static const char *ci_stamp(const char *q, const char *end)
{
    int br = q < end && *q == '[';
    const char *r = q + br;
    if (end - r >= 20 && txi_digits_at(r, end, 4) && r[4] == '-' && txi_digits_at(r + 5, end, 2) && r[7] == '-' &&
        txi_digits_at(r + 8, end, 2) && r[10] == 'T' && clock_at(r + 11, end)) {
        r += 19;
        if (r < end && *r == '.') {
            const char *f = ++r;
            while (r < end && is_digit(*r) && r - f < 9)
                r++;
            if (r == f)
                return NULL;
        }
        if (r >= end || *r != 'Z')
            return NULL;
        r++;
    } else if (br && clock_at(r, end)) {
        r += 8;
        if (r < end && (*r == '.' || *r == ',')) {
            const char *f = ++r;
            while (r < end && is_digit(*r) && r - f < 6)
                r++;
            if (r == f)
                return NULL;
        }
    } else {
        return NULL;
    }
    if (br) {
        if (r >= end || *r != ']')
            return NULL;
        r++;
    }
    return r < end && *r == ' ' ? r + 1 : NULL;
}

/* docker-compose "name_1  | " / "name-1  | ": the replica number ends the name
 * (so that "INFO  | main | text" log layouts keep their columns). */
static const char *compose(const char *q, const char *end)
{
    const char *r = q;
    while (r < end && (isalnum((unsigned char)*r) || *r == '_' || *r == '-' || *r == '.') && r - q < 64)
        r++;
    if (r == q || r >= end || *r != ' ')
        return NULL;
    const char *d = r;
    while (d > q && is_digit(d[-1]))
        d--;
    if (d == r || d - q < 2 || (d[-1] != '_' && d[-1] != '-'))
        return NULL;
    r = skip_spaces(r, end);
    if (r >= end || *r != '|')
        return NULL;
    r++;
    return r < end && *r == ' ' ? r + 1 : r;
}

/* kubectl --prefix "[pod/name/container] " */
static const char *kubectl(const char *q, const char *end)
{
    if (end - q < 8 || q[0] != '[')
        return NULL;
    static const char *const kinds[] = {"pod/", "deployment/", "statefulset/", "daemonset/", "job/", NULL};
    int ok = 0;
    for (int i = 0; kinds[i] && !ok; i++)
        ok = (size_t)(end - q - 1) >= strlen(kinds[i]) && memcmp(q + 1, kinds[i], strlen(kinds[i])) == 0;
    if (!ok)
        return NULL;
    const char *rb = memchr(q, ']', (size_t)(end - q) < 320 ? (size_t)(end - q) : 320);
    if (!rb)
        return NULL;
    rb++;
    return rb < end && *rb == ' ' ? rb + 1 : rb;
}

/* Is c in the alphabet of the random parts of Kubernetes names (no vowels,
 * no 0, 1, 3: the ReplicaSet hash and the pod suffix)? */
static int k8s_rand(char c) { return (c >= 'b' && c <= 'z' && !strchr("eiouy", c)) || strchr("2456789", c) != NULL; }

/* stern (and kubetail) "pod container ": a pod name that ends in the random
 * suffix of a Deployment's ("-<hash of 6-10>-<5>") or a DaemonSet's ("-<5>")
 * pod, then a container name, each followed by one blank. */
static const char *stern(const char *q, const char *end)
{
    const char *r = q;
    while (r < end && (islower((unsigned char)*r) || is_digit(*r) || *r == '-' || *r == '.') && r - q < 253)
        r++;
    if (r >= end || *r != ' ' || r - q < 8)
        return NULL;
    /* the last part: 5 random characters after a '-' */
    const char *t = r - 5;
    if (t[-1] != '-')
        return NULL;
    for (const char *x = t; x < r; x++)
        if (!k8s_rand(*x))
            return NULL;
    if (t - 1 - q < 1)
        return NULL;
    const char *c = r + 1, *ce = c;
    while (ce < end && (islower((unsigned char)*ce) || is_digit(*ce) || *ce == '-') && ce - c < 63)
        ce++;
    if (ce == c || ce >= end || *ce != ' ' || c[0] == '-')
        return NULL;
    return ce + 1;
}

/* What curl -v marks with "> " (what it sends): a request line, a header,
 * or ">" alone; the mark stays on such lines. */
static int curl_sent(const char *t, const char *end)
{
    static const char *const verbs[] = {"GET ",   "POST ",    "PUT ",     "HEAD ", "DELETE ",
                                        "PATCH ", "OPTIONS ", "CONNECT ", NULL};
    if (t >= end)
        return 1;
    for (int i = 0; verbs[i]; i++)
        if ((size_t)(end - t) >= strlen(verbs[i]) && memcmp(t, verbs[i], strlen(verbs[i])) == 0)
            return 1;
    /* a request header: "User-Agent:", "X-Request-Id:" (a dash), or one of
       the one-word names ("Warning:", "Subject:", "Version:" are a log's) */
    static const char *const single[] = {"Host",   "Accept", "Authorization", "Cookie", "Connection",
                                         "Referer", "Upgrade", "Expect",       "Origin", "Range",
                                         "Pragma", "Via",     "Forwarded",     NULL};
    const char *q = t;
    int dash = 0;
    while (q < end && (isalnum((unsigned char)*q) || *q == '-'))
        dash |= *q++ == '-';
    if (q == t || end - q < 1 || q[0] != ':' || !isupper((unsigned char)*t))
        return 0;
    if (dash)
        return 1;
    for (int i = 0; single[i]; i++)
        if ((size_t)(q - t) == strlen(single[i]) && memcmp(t, single[i], (size_t)(q - t)) == 0)
            return 1;
    return 0;
}

/* A quoted reply's marks: "> ", "> > ", ">> " */
static const char *quote_mark(const char *q, const char *end)
{
    const char *r = q;
    while (r < end && *r == '>') {
        const char *t = r + 1;
        if (t < end && *t == ' ')
            t++;
        if (curl_sent(t, end))
            break;
        r = t;
    }
    return r > q ? r : NULL;
}

/* A line-number gutter (see the grammar).  A gutter whose form could be the
 * start of ordinary text ("12. ", "12:", "12-") counts only when it goes on
 * from the last one (the same mark and a greater number) or is the first
 * line of a listing (number 1, no gutter before). */
static const char *gutter(txi_frame_state *st, const char *q, const char *end)
{
    const char *r = q;
    while (r < end && *r == ' ' && r - q < 8)
        r++;
    const char *d = r;
    uint64_t no = 0;
    while (r < end && is_digit(*r) && r - d < 9)
        no = no * 10 + (uint64_t)(*r++ - '0');
    if (r == d || r >= end || is_digit(*r))
        return NULL;
    char sep = *r;
    const char *t = r + 1;
    int sure = 0;
    if (sep == '\t') {
        sure = 1;
    } else if (sep == ' ' || sep == '|') {
        const char *b = skip_spaces(r, end);
        if (b >= end || *b != '|')
            return NULL;
        sep = '|';
        t = b + 1 < end && b[1] == ' ' ? b + 2 : b + 1;
        sure = 1;
    } else if (sep == '.') {
        if (t >= end || *t != ' ')
            return NULL;
        t++;
    } else if (sep == ':' || sep == '-') {
        /* "10:11:12", "04-12 10:11", "2024-05-01" are not numbers of lines (hex rows
           "0000: 16 03" never get here); a line grep -n found may start with a date */
        if (t < end && is_digit(*t) &&
            !(end - t >= 10 && txi_digits_at(t, end, 4) && t[4] == '-' && txi_digits_at(t + 5, end, 2) && t[7] == '-'))
            return NULL;
        sep = ':'; /* grep -n marks matches with ':' and context lines with '-' */
    } else {
        return NULL;
    }
    /* a listing that starts at its first line, or one going on */
    int goes_on = (no == 1 && !st->gutter_sep) || (st->gutter_sep == sep && no > st->gutter);
    st->gutter = no;
    st->gutter_sep = sep;
    return sure || goes_on ? t : NULL;
}

size_t txi_frame_prefix(txi_frame_state *st, const char *s, size_t n, const char **level)
{
    const char *q = s, *end = s + n;
    *level = NULL;
    /* most lines of a debug log: an SSLLogger header, a body line, a hex row */
    if (!n || s[0] == '"' || s[0] == '{' || s[0] == '}' || txi_ssllogger_prefix(s, n))
        return 0;
    if (s[0] == ' ' || s[0] == '\t') {
        /* only a right-aligned line number ("   12 | ", "    12<TAB>") */
        const char *b = s;
        while (b < end && *b == ' ' && b - s < 8)
            b++;
        if (b >= end || !is_digit(*b))
            return 0;
    }
    int numbered = 0;
    for (int depth = 0; depth < TXI_MAX_FRAMES && q < end; depth++) {
        const char *r = NULL;
        const char *lv = NULL;
        char c = *q;
        if (c == '>')
            r = quote_mark(q, end);
        else if ((c == ' ' || is_digit(c)) && !numbered) {
            numbered = 1;
            r = gutter(st, q, end);
        }
        if (r)
            ;
        else if (c == '[' && !(r = kubectl(q, end)))
            r = ci_stamp(q, end);
        else if (is_digit(c) && !(r = cri(q, end)) && !(r = logcat(q, end, &lv)))
            r = ci_stamp(q, end);
        if (!r && is_digit(c))
            r = syslog_frame(q, end);
        if (!r && isupper((unsigned char)c)) {
            r = logcat_brief(q, end, &lv);
            if (!r)
                r = syslog_frame(q, end);
        }
        if (!r && isalnum((unsigned char)c))
            r = compose(q, end);
        if (!r && (islower((unsigned char)c) || is_digit(c)))
            r = stern(q, end);
        if (!r)
            break;
        if (lv)
            *level = lv;
        q = r;
    }
    if (q != s)
        while (end - q >= 4 && memcmp(q, "#011", 4) == 0)
            q += 4;
    return (size_t)(q - s);
}

/* ---- JSON records ---------------------------------------------------- */

int txi_json_record(const char *s, size_t n)
{
    txi_sv v = txi_sv_trim(txi_sv_make(s, n));
    return v.n >= 7 && v.p[0] == '{' && v.p[1] == '"' && v.p[v.n - 1] == '}' && txi_memmem(v.p, v.n, "\":", 2);
}

static int hexval(char c)
{
    if (is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int hex4(const char *q, const char *end, unsigned *out)
{
    if (end - q < 4)
        return 0;
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(q[i]);
        if (h < 0)
            return 0;
        v = v << 4 | (unsigned)h;
    }
    *out = v;
    return 1;
}

/* Decode the string whose opening quote is at q-1, into out (never longer
 * than the escaped text: every escape is at least as long as its bytes).
 * Returns the position after the closing quote (or end). */
static const char *decode_string(const char *q, const char *end, char *out, size_t *outn)
{
    size_t o = 0;
    while (q < end && *q != '"') {
        if (*q != '\\' || q + 1 >= end) {
            out[o++] = *q++;
            continue;
        }
        char c = q[1];
        q += 2;
        switch (c) {
        case 'n':
            out[o++] = '\n';
            break;
        case 't':
            out[o++] = '\t';
            break;
        case 'r':
            out[o++] = '\r';
            break;
        case 'b':
        case 'f':
            out[o++] = ' ';
            break;
        case 'u': {
            unsigned cp, lo;
            if (!hex4(q, end, &cp)) {
                out[o++] = '\\';
                out[o++] = 'u';
                break;
            }
            q += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && end - q >= 6 && q[0] == '\\' && q[1] == 'u' && hex4(q + 2, end, &lo) &&
                lo >= 0xDC00 && lo < 0xE000) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                q += 6;
            } else if (cp >= 0xD800 && cp < 0xE000) {
                cp = 0xFFFD; /* a lone surrogate */
            }
            if (cp == 0)
                cp = ' ';
            o += txi_put_utf8(out + o, cp); /* <= 4 bytes for >= 6 read */
            break;
        }
        default: /* \" \\ \/ and anything unknown: the character itself */
            out[o++] = c;
            break;
        }
    }
    *outn = o;
    return q < end ? q + 1 : q;
}

/* Is this key one that carries the record's text?  (message, msg, log,
 * stack_trace, exception, error.message, full_message, cause ...; not
 * logger_name, thread, level, time, stream) */
static int text_key(const char *k, size_t n)
{
    static const char *const parts[] = {"message", "Message", "MESSAGE", "msg", "stack", "Stack", "trace", "Trace",
                                        "exception", "Exception", "error", "Error", "cause", "Cause",
                                        "thrown", NULL};
    if (n == 3 && (memcmp(k, "log", 3) == 0 || memcmp(k, "err", 3) == 0))
        return 1;
    for (int i = 0; parts[i]; i++)
        if (txi_memmem(k, n, parts[i], strlen(parts[i])))
            return 1;
    return 0;
}

int txi_json_next(const char **cur, const char *end, char *out, size_t *outn)
{
    const char *q = *cur;
    /* the innermost key seen last (raw bytes; keys rarely hold escapes) */
    const char *key = NULL;
    size_t keyn = 0;
    while (q < end) {
        if (*q != '"') {
            q++;
            continue;
        }
        const char *ks = q + 1;
        size_t n;
        const char *after = decode_string(q + 1, end, out, &n);
        const char *r = after;
        while (r < end && (*r == ' ' || *r == '\t'))
            r++;
        q = after;
        if (r < end && *r == ':') {
            key = ks;
            keyn = after > ks ? (size_t)(after - ks - 1) : 0;
            continue;
        }
        if (!key || !text_key(key, keyn)) {
            key = NULL;
            continue;
        }
        *cur = q;
        *outn = n;
        return 1;
    }
    *cur = end;
    return 0;
}

/* ---- a web page's marks (character references, no-break spaces, curly quotes) - */

/* The character a reference at q ("&lt;", "&#60;", "&#x3c;") stands for, its
 * length in *len; -1 if q is no reference this reader knows. */
static int char_ref(const char *q, const char *end, size_t *len)
{
    static const struct {
        const char *name;
        char c;
    } named[] = {{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}, {"&apos;", '\''}, {"&nbsp;", ' '}};
    size_t room = (size_t)(end - q);
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        size_t k = strlen(named[i].name);
        if (room >= k && memcmp(q, named[i].name, k) == 0) {
            *len = k;
            return (unsigned char)named[i].c;
        }
    }
    if (room < 4 || q[1] != '#')
        return -1;
    const char *r = q + 2;
    int hex = r < end && (*r == 'x' || *r == 'X');
    r += hex;
    unsigned v = 0;
    const char *d = r;
    for (; r < end && r - d < 4; r++) {
        int h = hexval(*r);
        if (h < 0 || (!hex && h > 9))
            break;
        v = v * (hex ? 16u : 10u) + (unsigned)h;
    }
    /* printable ASCII only: a reference to anything else stays as it is */
    if (r == d || r >= end || *r != ';' || v < 0x20 || v > 0x7e)
        return -1;
    *len = (size_t)(r + 1 - q);
    return (int)v;
}

static unsigned mark_at(const char *s, size_t n, size_t i)
{
    unsigned c = (unsigned char)s[i];
    unsigned m = c == '&' || c == 0xc2 || c == 0xe2 || c == 0x1b ? TXI_MARK_PASTE : 0;
    if (c == '0' && i + 2 < n && s[i + 1] == ':' && s[i + 2] == ' ')
        m |= TXI_MARK_ROW;
    return m;
}

unsigned txi_line_marks(const char *s, size_t n)
{
    unsigned m = 0;
    size_t i = 0;
#ifdef __SSE2__
    if (n >= 18) { /* the places i..i+15 of each block, the last block overlapping */
        /* (0xc2 and 0xe2 are the only bytes that are 0xe2 with bit 5 set) */
        const __m128i amp = _mm_set1_epi8('&'), b5 = _mm_set1_epi8(0x20), tq = _mm_set1_epi8((char)0xe2);
        const __m128i esc = _mm_set1_epi8(0x1b);
        const __m128i zero = _mm_set1_epi8('0'), colon = _mm_set1_epi8(':'), blank = _mm_set1_epi8(' ');
        __m128i paste = _mm_setzero_si128(), row = paste;
        for (size_t last = n - 18;; i += 16) {
            if (i > last)
                i = last;
            __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            paste = _mm_or_si128(paste, _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(a, amp), _mm_cmpeq_epi8(a, esc)),
                                                     _mm_cmpeq_epi8(_mm_or_si128(a, b5), tq)));
            row = _mm_or_si128(
                row,
                _mm_and_si128(
                    _mm_and_si128(_mm_cmpeq_epi8(a, zero),
                                  _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i + 1)), colon)),
                    _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i + 2)), blank)));
            if (i == last)
                break;
        }
        m = (_mm_movemask_epi8(paste) ? TXI_MARK_PASTE : 0u) | (_mm_movemask_epi8(row) ? TXI_MARK_ROW : 0u);
        i = n - 2; /* (the last two places: a paste mark's byte, no row) */
    }
#endif
    for (; i < n; i++)
        m |= mark_at(s, n, i);
    return m;
}

/* The length of a terminal's control sequence at q (an ESC byte), 0 when
 * none: CSI "ESC [" parameters (0x30-0x3f) intermediates (0x20-0x2f) and a
 * final byte (0x40-0x7e), as colour codes ("ESC[1;31m", "ESC[0m") are; OSC
 * "ESC ]" up to BEL or "ESC \" (a terminal title, a hyperlink); another
 * two-byte escape ("ESC(B"). */
static size_t esc_seq(const char *q, const char *end)
{
    const char *r = q + 1;
    if (r >= end)
        return 1; /* a lone ESC at the end: dropped */
    if (*r == '[') {
        r++;
        while (r < end && (unsigned char)*r >= 0x30 && (unsigned char)*r <= 0x3f)
            r++;
        while (r < end && (unsigned char)*r >= 0x20 && (unsigned char)*r <= 0x2f)
            r++;
        if (r < end && (unsigned char)*r >= 0x40 && (unsigned char)*r <= 0x7e)
            return (size_t)(r + 1 - q);
        return 0;
    }
    if (*r == ']') {
        for (r++; r < end && r - q < TXI_MAX_ESC_SEQ; r++) {
            if (*r == '\a')
                return (size_t)(r + 1 - q);
            if (*r == 0x1b && r + 1 < end && r[1] == '\\')
                return (size_t)(r + 2 - q);
        }
        return 0;
    }
    if ((unsigned char)*r >= 0x20 && (unsigned char)*r <= 0x5f) {
        /* ESC "(" / ")" take one more byte: the character set chosen */
        if ((*r == '(' || *r == ')') && r + 1 < end)
            return 3;
        return 2;
    }
    return 0;
}

/* A colour code as a Windows console shows it after a copy, its ESC drawn
 * as U+2190 "<-": "\u2190[1;31m" (parameters, then 'm' only). */
static size_t arrow_sgr(const char *q, const char *end)
{
    const char *r = q + 3;
    if (end - q < 5 || (unsigned char)q[1] != 0x86 || (unsigned char)q[2] != 0x90 || *r != '[')
        return 0;
    for (r++; r < end && ((*r >= '0' && *r <= '9') || *r == ';'); r++)
        ;
    return r < end && *r == 'm' && r - q <= TXI_MAX_ESC_SEQ ? (size_t)(r + 1 - q) : 0;
}

size_t txi_frame_unescape(const char *s, size_t n, char *out)
{
    const char *end = s + n;
    const char *amp = memchr(s, '&', n), *nb = memchr(s, 0xc2, n), *tq = memchr(s, 0xe2, n);
    const char *esc = memchr(s, 0x1b, n);
    size_t k;
    /* a quick no for most lines: no mark, or an '&' of no reference */
    if (!nb && !tq && !esc && (!amp || char_ref(amp, end, &k) < 0)) {
        const char *q = amp;
        while (q && (q = memchr(q + 1, '&', (size_t)(end - q - 1))) != NULL && char_ref(q, end, &k) < 0)
            ;
        if (!q)
            return 0;
    }
    size_t o = 0;
    int changed = 0;
    for (const char *q = s; q < end;) {
        int c;
        if (*q == '&' && (c = char_ref(q, end, &k)) >= 0) {
            out[o++] = (char)c;
            q += k;
            changed = 1;
        } else if ((unsigned char)*q == 0xc2 && q + 1 < end && (unsigned char)q[1] == 0xa0) {
            out[o++] = ' ';
            q += 2;
            changed = 1;
        } else if (*q == 0x1b && (k = esc_seq(q, end)) > 0) {
            /* a terminal's colour or control code in a log written to a file */
            q += k;
            changed = 1;
        } else if ((unsigned char)*q == 0xe2 && (k = arrow_sgr(q, end)) > 0) {
            q += k;
            changed = 1;
        } else if ((unsigned char)*q == 0xe2 && q + 2 < end && (unsigned char)q[1] == 0x80 &&
                   (unsigned char)q[2] >= 0x98 && (unsigned char)q[2] <= 0x9d && (unsigned char)q[2] != 0x9a &&
                   (unsigned char)q[2] != 0x9b) {
            /* typographic quotes a publisher's editor put in: U+2018/2019 and U+201C/201D */
            out[o++] = (unsigned char)q[2] <= 0x99 ? '\'' : '"';
            q += 3;
            changed = 1;
        } else {
            out[o++] = *q++;
        }
    }
    return changed ? o : 0;
}

/* A paste whose renderer widened every blank between words ("Caused   by:
 * java.io.IOException:   Invalid   keystore   format"): the gaps are narrowed
 * to one blank, indentation kept.  Only a line with no single-blank gap and at
 * least min_wide wide ones counts: column-aligned text has single blanks too.
 * With out NULL only the length is returned. */
size_t txi_frame_narrow(const char *s, size_t n, unsigned min_wide, char *out)
{
    const char *end = s + n, *q = s;
    while (q < end && (*q == ' ' || *q == '\t'))
        q++;
    /* the common answer after the first word: a single blank */
    const char *sp = memchr(q, ' ', (size_t)(end - q));
    if (!sp || sp + 1 >= end || sp[1] != ' ')
        return 0;
    unsigned wide = 0;
    for (const char *r = q; r < end;) {
        if (*r != ' ') {
            r++;
            continue;
        }
        const char *g = r;
        while (r < end && *r == ' ')
            r++;
        if (r == end)
            break; /* trailing blanks */
        if (r - g == 1)
            return 0;
        wide++;
    }
    if (wide < min_wide || !wide)
        return 0;
    size_t o = (size_t)(q - s);
    if (out)
        memmove(out, s, o);
    for (const char *r = q; r < end;) {
        if (*r == ' ') {
            if (out)
                out[o] = ' ';
            o++;
            while (r < end && *r == ' ')
                r++;
        } else {
            if (out)
                out[o] = *r;
            o++;
            r++;
        }
    }
    return o;
}
