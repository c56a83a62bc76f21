/*
 * conns.c - the connection model of the summary: what "N connections,
 * C completed, F failed" counts, and which failures are the same.
 *
 * The parser's connections are what the rules are evaluated on.  The
 * summary counts attempts, which is not always the same thing:
 *
 *   Fragments.  An application log without JSSE debug output prints one
 *   failure in pieces: a stack trace whose "Caused by:" chain is cut by
 *   "... 42 more" or "[...]" lines, a wrapper and then its cause, the same
 *   chain twice.  The parser opens a connection for each trace; here a
 *   thread-less connection without handshake messages (within
 *   TX_FRAGMENT_GAP_LINES) is a fragment of the one before when it starts
 *   with "Caused by:" or "internal cause is:" (IBM), when a line between
 *   them ends "nested exception is:" (JavaMail), "internal cause is:" (IBM)
 *   or "with root cause" (Tomcat), when its exception chain shares a
 *   link ("Class: message") with the chain before, when one's message
 *   quotes the other's head, or when it is the same chain within three
 *   lines at the same log time.  A connection of notices alone (a summary
 *   line before the debug output, warnings) is part of the one next to it.
 *   Fragments are one connection in the counts (and a finding that fired
 *   on several fragments of one is "seen" on it once).  A retry handler's
 *   line (Apache HttpClient's "I/O exception (...) caught when processing
 *   request") reports an attempt of its own: never a fragment.
 *
 *   Outcome.  Each counted connection is completed (its handshake
 *   completed and nothing failed), failed, or neither (the log ends
 *   first).  It failed when it had a fatal alert or an exception of level
 *   ERROR (or none); when no connection of the log failed so, those a cause
 *   was diagnosed on did, and when there are none either, a FAILURE
 *   verdict counts the one attempt its cause proves: a FAILURE verdict
 *   always has a failed connection.  A failed connection whose handshake
 *   had completed is counted failed, never completed too, and apart as
 *   "after_completed" when the failure came after the handshake (not an
 *   SSLHandshakeException, not a handshake alert: the TLS 1.3 client that
 *   read the server's Finished before the server refused its certificate
 *   failed its handshake).
 *
 *   Fingerprints.  A failed connection's failure is its first fatal alert
 *   (description and who sent it), else the innermost cause of its last
 *   exception, normalised (lower case, every word holding a digit and
 *   every day or month name replaced by '#': no timestamps, thread ids,
 *   line numbers, ports or serials), with the category of the cause found
 *   on it and the host it was for.  Its fingerprint is the FNV-1a 64-bit
 *   hash of those three, in hex.  Failures with the same fingerprint are
 *   one group in the report: "the same failure 37 times, first at line X,
 *   last at line Y".
 *
 * Connections reach on_retire in log order for thread-less traces (they
 * are closed oldest first), which is where fragments occur.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"

/* ---- normalised text and hashes ------------------------------------------------- */

static const char *const calendar[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun", "jan", "feb", "mar",
                                       "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", NULL};

static int is_word(int ch) { return isalnum(ch) || ch == '_' || ch == '$' || ch >= 0x80; }

/* s (n bytes) normalised into out (on bytes, NUL-terminated); returns the length. */
static size_t norm(const char *s, size_t n, char *out, size_t on)
{
    size_t k = 0;
    int space = 0;
    for (size_t i = 0; i < n && k + 2 < on;) {
        unsigned char ch = (unsigned char)s[i];
        if (is_word(ch)) {
            size_t j = i;
            int digit = 0;
            while (j < n && is_word((unsigned char)s[j]))
                digit |= isdigit((unsigned char)s[j++]);
            int cal = 0;
            for (int c = 0; !digit && j - i == 3 && calendar[c]; c++)
                cal |= tolower((unsigned char)s[i]) == calendar[c][0] && tolower((unsigned char)s[i + 1]) == calendar[c][1] &&
                       tolower((unsigned char)s[i + 2]) == calendar[c][2];
            if (space && k)
                out[k++] = ' ';
            space = 0;
            if (digit || cal) {
                out[k++] = '#';
            } else {
                for (; i < j && k + 1 < on; i++)
                    out[k++] = (char)tolower((unsigned char)s[i]);
            }
            i = j;
        } else if (isspace(ch)) {
            space = 1;
            i++;
        } else {
            if (space && k)
                out[k++] = ' ';
            space = 0;
            out[k++] = (char)ch;
            i++;
        }
    }
    /* "failed :" and "failed." are "failed" */
    while (k && (out[k - 1] == ' ' || out[k - 1] == ':' || out[k - 1] == '.' || out[k - 1] == ','))
        k--;
    out[k] = '\0';
    return k;
}

static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}
#define FNV_BASIS 14695981039346656037ull

static uint64_t link_hash(const char *s, size_t n)
{
    char buf[TX_MAX_FAILURE_TEXT];
    size_t k = norm(s, n, buf, sizeof buf);
    return fnv(FNV_BASIS, buf, k);
}

/* ---- what one parser connection shows ----------------------------------------------- */

typedef struct {
    int shaped;               /* an event of an attempt (not only notices, facts, line matches) */
    int handshake;            /* a handshake message */
    int exception;            /* an exception event */
    int caused_by;            /* its first exception's line starts "Caused by:" */
    int retry_first, retry_last; /* its first / last exception is a retry handler's line */
    int root_follows;         /* its last exception announces its root cause's trace */
    int hs_failure;           /* an SSLHandshakeException or a handshake alert */
    uint64_t first_line, end_line;
    uint64_t first_links[TX_MAX_FAILURE_LINKS], last_links[TX_MAX_FAILURE_LINKS];
    unsigned nfirst, nlast;
    char first_head[TX_MAX_FAILURE_HEAD], first_msg[TX_MAX_FAILURE_HEAD], last_head[TX_MAX_FAILURE_HEAD]; /* normalised */
    int64_t first_time, last_time;
    const char *alert, *alert_origin; /* the first fatal alert */
    const char *root;         /* the innermost cause of the last exception */
    uint64_t alert_line, root_line; /* where they were read */
    const char *host;
    const char *thrown;       /* the first frame of a trace without its head (none read) */
    uint64_t thrown_line;
} conn_scan;

/* A cause printed apart from its wrapper: "Caused by: X" (Java), "internal
 * cause is: X" (IBM JSSE2). */
static int starts_caused_by(const txi_line *l)
{
    if (!l)
        return 0;
    const char *t = l->text, *e = t + l->len;
    while (t < e && (*t == ' ' || *t == '\t'))
        t++;
    size_t n = (size_t)(e - t);
    return (n >= 10 && memcmp(t, "Caused by:", 10) == 0) || (n >= 18 && memcmp(t, "internal cause is:", 18) == 0);
}

/* The normalised head ("class: message") and message of an exception. */
static void exc_head(const txi_event *e, char *head, char *msg)
{
    const char *cls = txi_ev_str(e, TXF_CLASS), *m = txi_ev_str(e, TXF_MESSAGE);
    char raw[TX_MAX_FAILURE_HEAD];
    int k = snprintf(raw, sizeof raw, "%s: %s", cls ? cls : "", m ? m : "");
    norm(raw, k < 0 ? 0 : (size_t)k < sizeof raw ? (size_t)k : sizeof raw - 1, head, TX_MAX_FAILURE_HEAD);
    norm(m ? m : "", m ? strlen(m) : 0, msg, TX_MAX_FAILURE_HEAD);
}

/* Tomcat's "Servlet.service() ... threw exception [...] with root cause":
 * the trace that follows is that root cause. */
static int root_follows(const txi_line *l)
{
    return l && SV_FIND(l->text, l->len, "] with root cause") != NULL;
}

static int retry_line(const txi_line *l)
{
    return l && SV_FIND(l->text, l->len, ") caught when processing request") != NULL;
}

/* The alerts only a handshake sends (RFC 8446 6.2, RFC 5246 7.2.2). */
static int handshake_alert(const char *d)
{
    static const char *const hs[] = {"handshake_failure", "bad_certificate", "unsupported_certificate",
                                     "certificate_revoked", "certificate_expired", "certificate_unknown",
                                     "unknown_ca", "access_denied", "certificate_required", "decrypt_error",
                                     "protocol_version", "insufficient_security", "missing_extension",
                                     "unsupported_extension", "unrecognized_name", "no_application_protocol",
                                     "bad_certificate_status_response", "unknown_psk_identity", NULL};
    for (int i = 0; d && hs[i]; i++)
        if (!strcmp(d, hs[i]))
            return 1;
    return 0;
}

/* The chain of an exception as hashed links: head ("Class: message"), causes, root. */
static unsigned exc_links(const txi_event *e, uint64_t *out)
{
    unsigned n = 0;
    const char *cls = txi_ev_str(e, TXF_CLASS), *msg = txi_ev_str(e, TXF_MESSAGE);
    if (cls) {
        char head[TX_MAX_FAILURE_TEXT];
        int k = snprintf(head, sizeof head, "%s: %s", cls, msg ? msg : "");
        out[n++] = link_hash(head, k < 0 ? 0 : (size_t)k < sizeof head ? (size_t)k : sizeof head - 1);
    }
    for (const txi_field *f = txi_ev_get(e, TXF_CAUSES); f && n < TX_MAX_FAILURE_LINKS - 1; f = txi_ev_next(e, f))
        out[n++] = link_hash(f->val, f->len);
    const txi_field *r = txi_ev_get(e, TXF_ROOT);
    if (r && n < TX_MAX_FAILURE_LINKS)
        out[n++] = link_hash(r->val, r->len);
    return n;
}

static int exc_handshake(const txi_event *e)
{
    for (unsigned i = 0; i < e->nfields; i++) {
        const txi_field *f = &e->fields[i];
        if ((f->id == TXF_CLASS || f->id == TXF_CAUSES || f->id == TXF_ROOT || f->id == TXF_MESSAGE) &&
            SV_FIND(f->val, f->len, "SSLHandshakeException"))
            return 1;
    }
    return 0;
}

static void scan_conn(const txi_conn *c, conn_scan *s)
{
    memset(s, 0, sizeof *s);
    int target = 0; /* the host is a target's or connection's (else SNI's, an exception's) */
    s->first_line = c->first_line;
    /* the lines of failure messages printed without their class ("ERROR:
     * Received fatal alert: ..."): like a notice, such a line (and the alert
     * read from it) belongs to the attempt next to it */
    uint64_t bare[TX_MAX_BARE_LINES];
    unsigned nbare = 0;
    for (const txi_event *e = c->first; e && nbare < TX_MAX_BARE_LINES; e = e->next)
        if (e->type == TXE_EXCEPTION && e->src && !txi_ev_str(e, TXF_CLASS))
            bare[nbare++] = e->src->no;
    const txi_event *first_exc = NULL, *last_exc = NULL;
    for (const txi_event *e = c->first; e; e = e->next) {
        /* a rule's line match is filed with the connection current when its line was read,
           which may be the previous attempt (a trace is filed when it ends): it says nothing
           of where the attempt ends, or the next attempt would look like a fragment of it */
        if (e->type != TXE_MATCH) {
            if (e->src && e->src->no > s->end_line)
                s->end_line = e->src->no;
            for (unsigned i = 0; i < e->nfields; i++)
                if (e->fields[i].src && e->fields[i].src->no > s->end_line)
                    s->end_line = e->fields[i].src->no;
        }
        if (e->src && (!s->first_line || e->src->no < s->first_line) && e->type != TXE_FACT && e->type != TXE_MATCH)
            s->first_line = e->src->no;
        int on_bare = 0;
        for (unsigned k = 0; k < nbare && !on_bare && e->src && (e->type == TXE_EXCEPTION || e->type == TXE_ALERT); k++)
            on_bare = bare[k] == e->src->no;
        if (e->type != TXE_NOTICE && e->type != TXE_FACT && e->type != TXE_MATCH && e->type != TXE_CONFIG && !on_bare)
            s->shaped = 1;
        switch (e->type) {
        case TXE_HANDSHAKE:
            s->handshake = 1;
            break;
        case TXE_ALERT:
            if (txi_ev_is(e, TXF_LEVEL, "fatal") && !s->alert) { /* the first: later ones echo it */
                s->alert = txi_ev_str(e, TXF_DESCRIPTION);
                s->alert_origin = txi_ev_str(e, TXF_ORIGIN);
                s->alert_line = e->src ? e->src->no : 0;
                if (handshake_alert(s->alert))
                    s->hs_failure = 1;
            }
            break;
        case TXE_EXCEPTION:
            if (!s->exception) {
                first_exc = e;
                s->caused_by = starts_caused_by(e->src);
                exc_head(e, s->first_head, s->first_msg);
                s->first_time = e->time;
                s->retry_first = retry_line(e->src);
                s->nfirst = exc_links(e, s->first_links);
            }
            s->exception = 1;
            s->retry_last = retry_line(e->src);
            s->root_follows = root_follows(e->src);
            s->last_time = e->time;
            last_exc = e; /* (its normalised head and links: after the loop) */
            if (exc_handshake(e))
                s->hs_failure = 1;
            if (txi_ev_str(e, TXF_ROOT) || txi_ev_str(e, TXF_CLASS)) {
                s->root = txi_ev_str(e, TXF_ROOT) ? txi_ev_str(e, TXF_ROOT) : txi_ev_str(e, TXF_CLASS);
                s->root_line = e->src ? e->src->no : 0;
            } else if (!s->root && !s->thrown && txi_ev_str(e, TXF_THROWN)) {
                s->thrown = txi_ev_str(e, TXF_THROWN); /* a trace whose head the log cut off */
                s->thrown_line = e->src ? e->src->no : 0;
            }
            if (!s->host && txi_ev_str(e, TXF_HOST))
                s->host = txi_ev_str(e, TXF_HOST);
            break;
        case TXE_TARGET:
        case TXE_CONNECTION:
            if (!target && txi_ev_str(e, TXF_HOST)) {
                s->host = txi_ev_str(e, TXF_HOST);
                target = 1;
            }
            break;
        case TXE_SNI:
            if (!s->host && txi_ev_str(e, TXF_NAME))
                s->host = txi_ev_str(e, TXF_NAME);
            break;
        default:
            break;
        }
    }
    /* the last exception's normalised head and links, worked out once (for
       every exception in turn before; exc_head() and exc_links() depend on
       the event alone, so the first's serve when it is also the last) */
    if (last_exc == first_exc) {
        if (last_exc) {
            memcpy(s->last_head, s->first_head, sizeof s->last_head);
            memcpy(s->last_links, s->first_links, sizeof s->last_links);
            s->nlast = s->nfirst;
        }
    } else {
        char msg[TX_MAX_FAILURE_HEAD];
        exc_head(last_exc, s->last_head, msg);
        s->nlast = exc_links(last_exc, s->last_links);
    }
}

static int has_link(const uint64_t *set, unsigned n, uint64_t x)
{
    for (unsigned k = 0; k < n; k++)
        if (set[k] == x)
            return 1;
    return 0;
}

/* Every link of a is in b. */
static int subset(const uint64_t *a, unsigned na, const uint64_t *b, unsigned nb)
{
    for (unsigned i = 0; i < na; i++)
        if (!has_link(b, nb, a[i]))
            return 0;
    return 1;
}

static int same_set(const uint64_t *a, unsigned na, const uint64_t *b, unsigned nb)
{
    return subset(a, na, b, nb) && subset(b, nb, a, na);
}

/* Does hay hold the start of needle (up to its first 80 bytes, at least 12)? */
static int contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (n < 12)
        return 0;
    if (n > 80)
        n = 80;
    for (const char *p = hay; (p = strchr(p, needle[0])) != NULL; p++)
        if (strncmp(p, needle, n) == 0)
            return 1;
    return 0;
}

static int shares(const uint64_t *a, unsigned na, const uint64_t *b, unsigned nb)
{
    for (unsigned i = 0; i < na; i++)
        if (has_link(b, nb, a[i]))
            return 1;
    return 0;
}

void txa_conn_line(tx_analysis *a, uint64_t no, const char *text, size_t len)
{
    while (len && (text[len - 1] == ' ' || text[len - 1] == '\t' || text[len - 1] == '\r'))
        len--;
#define END(s) {s, sizeof s - 1}
    static const struct {
        const char *s;
        size_t n;
    } ends[] = {END("nested exception is:"), END("nested exception is"), END("internal cause is:"),
                END("with root cause")};
#undef END
    /* (every line comes here: most end in none of the last bytes) */
    if (!len || (text[len - 1] != ':' && text[len - 1] != 's' && text[len - 1] != 'e'))
        return;
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        size_t n = ends[i].n;
        if (len >= n && text[len - 1] == ends[i].s[n - 1] && memcmp(text + len - n, ends[i].s, n) == 0) {
            a->announce[a->nannounce++ % TX_MAX_ANNOUNCE_LINES] = no;
            return;
        }
    }
}

/* Was a cause announced on a line in (from, to]? */
static int announced(const tx_analysis *a, uint64_t from, uint64_t to)
{
    unsigned n = a->nannounce < TX_MAX_ANNOUNCE_LINES ? a->nannounce : TX_MAX_ANNOUNCE_LINES;
    for (unsigned i = 0; i < n; i++)
        if (a->announce[i] > from && a->announce[i] <= to)
            return 1;
    return 0;
}

/* Is c (scanned as s) a fragment of the open connection l? */
static int fragment_of(const tx_analysis *a, const txa_logical *l, const conn_scan *s)
{
    if (!l->open || s->first_line > l->end_line + TX_FRAGMENT_GAP_LINES)
        return 0;
    /* notices and line matches alone (a summary line printed before the
     * debug output, a warning after it) belong to the attempt next to them */
    if (!s->shaped || !l->shaped)
        return 1;
    if (s->handshake || !s->exception || l->handshake)
        return 0;
    if (s->retry_first || l->retry_last)
        return 0; /* a retry handler reports attempts of their own */
    if (s->first_line < l->first_line || s->first_line > l->end_line + TX_FRAGMENT_GAP_LINES)
        return 0;
    /* a cause announced before it: "Caused by:", "internal cause is:" (IBM,
     * also at the end of the message before), "nested exception is:"
     * (JavaMail), "... with root cause" (Tomcat) */
    if (s->caused_by || l->root_follows || announced(a, l->first_line, s->first_line) ||
        strstr(l->head, "internal cause is"))
        return 1;
    /* (a failure message printed without its class - "ERROR: Received fatal
     * alert: ..." above its trace - has no links: only its text can join) */
    if (l->nlinks && s->nfirst) {
        if (same_set(l->links, l->nlinks, s->first_links, s->nfirst))
            /* the same chain printed again right after (an error dialog's nested
             * copies, a message line and its trace), not logged at another time */
            return s->first_line <= l->end_line + 3 &&
                   (s->first_time == TXI_NO_TIME || l->last_time == TXI_NO_TIME || s->first_time == l->last_time);
        if (shares(l->links, l->nlinks, s->first_links, s->nfirst))
            return 1;
    } else if (l->nlinks == s->nfirst) {
        return 0; /* neither has a chain */
    }
    /* a wrapper whose message quotes its cause: "X: Class: message", "I/O error
     * on POST ...: message" */
    return contains(l->head, s->first_msg) || contains(s->first_msg, l->head);
}

/* ---- counting ---------------------------------------------------------------------- */

/* src into dst (n bytes); when it does not fit, cut at a space and end
 * with "...": never half a host name (a masked report must not show the
 * part a redactor cannot recognise). */
static void copy_cut(char *dst, size_t n, const char *src)
{
    size_t len = strlen(src);
    if (len < n) {
        memcpy(dst, src, len + 1);
        return;
    }
    size_t k = n - 4;
    while (k && src[k] != ' ')
        k--;
    memcpy(dst, src, k);
    memcpy(dst + k, "...", 4);
}

static void set_text(txa_logical *l, const conn_scan *s)
{
    if (s->alert) {
        snprintf(l->text, sizeof l->text, "fatal alert %s (%s)", s->alert,
                 s->alert_origin && !strcmp(s->alert_origin, "peer") ? "from the peer" : "sent by this side");
        l->text_alert = 1;
        l->fail_line = s->alert_line;
    } else if (s->root && !l->text_alert) {
        copy_cut(l->text, sizeof l->text, s->root);
        l->fail_line = s->root_line;
    } else if (s->thrown && !l->text_alert) {
        char t[TX_MAX_FAILURE_TEXT];
        snprintf(t, sizeof t, "a stack trace without its exception line, thrown in %s", s->thrown);
        copy_cut(l->text, sizeof l->text, t);
        l->fail_line = s->thrown_line;
    }
}

/* File a failed connection under its fingerprint in set fs. */
static void file_failure(txa_fset *fs, const txa_logical *l, int after)
{
    uint64_t at = l->fail_line ? l->fail_line : l->first_line;
    fs->failed++;
    fs->after_completed += (uint64_t)after;
    /* the fingerprint: normalised failure, category, host */
    char nt[TX_MAX_FAILURE_TEXT], nh[TX_MAX_SEEN_HOST];
    size_t tn = norm(l->text, strlen(l->text), nt, sizeof nt), hn = norm(l->host, strlen(l->host), nh, sizeof nh);
    const char *cat = l->cause_cat ? l->cause_cat : "";
    uint64_t h = fnv(FNV_BASIS, nt, tn);
    h = fnv(h, "", 1);
    h = fnv(h, cat, strlen(cat));
    h = fnv(h, "", 1);
    h = fnv(h, nh, hn);
    char fp[17];
    snprintf(fp, sizeof fp, "%016llx", (unsigned long long)h);
    for (unsigned i = 0; i < fs->n; i++) {
        txa_fgroup *g = &fs->g[i];
        if (!strcmp(g->fingerprint, fp)) {
            g->count++;
            g->after_completed += (uint64_t)after;
            if (at < g->first_line)
                g->first_line = at;
            if (at > g->last_line)
                g->last_line = at;
            return;
        }
    }
    if (fs->n >= TX_MAX_FAILURE_GROUPS) {
        fs->other++;
        return;
    }
    txa_fgroup *g = &fs->g[fs->n++];
    memset(g, 0, sizeof *g);
    memcpy(g->fingerprint, fp, sizeof fp);
    g->count = 1;
    g->after_completed = (uint64_t)after;
    g->first_line = g->last_line = at;
    g->category = l->cause_cat;
    copy_cut(g->text, sizeof g->text, l->text[0] ? l->text : "(no alert or exception text)");
}

/* Count the open connection and file its failure: one with a failure of
 * its own under fails, one with only a cause diagnosed on it (log-wide
 * evidence may prove a cause on every connection) under cause_only, which
 * counts only when no connection failed by itself (txa_conn_verdict). */
static void close_logical(tx_analysis *a)
{
    txa_logical *l = &a->lc;
    if (!l->open)
        return;
    l->open = 0;
    a->conns++;
    int finished = (l->flags & TXI_CONN_FINISHED) != 0;
    int flagged = (l->flags & TXI_CONN_FAILED) != 0;
    if (finished && !flagged)
        a->completed++;
    if (flagged)
        file_failure(&a->fails, l, finished && !l->hs_failure);
    else if (l->cause_cat) {
        file_failure(&a->cause_only, l, finished && !l->hs_failure);
        a->cause_only.completed += (uint64_t)finished;
    }
}

static void open_logical(tx_analysis *a, const conn_scan *s)
{
    txa_logical *l = &a->lc;
    memset(l, 0, sizeof *l);
    l->open = 1;
    l->first_line = s->first_line;
    if (s->host)
        snprintf(l->host, sizeof l->host, "%s", s->host);
    a->logical_seq++;
}

void txa_conn_begin(tx_analysis *a, const txi_conn *c)
{
    conn_scan s;
    scan_conn(c, &s);
    if (!fragment_of(a, &a->lc, &s)) {
        close_logical(a);
        open_logical(a, &s);
    }
    txa_logical *l = &a->lc;
    l->flags |= c->flags;
    l->shaped |= s.shaped;
    l->handshake |= s.handshake;
    l->hs_failure |= s.hs_failure;
    if (s.end_line > l->end_line)
        l->end_line = s.end_line;
    if (!l->host[0] && s.host)
        snprintf(l->host, sizeof l->host, "%s", s.host);
    if (s.exception) {
        memcpy(l->links, s.last_links, sizeof l->links);
        l->nlinks = s.nlast;
        l->retry_last = s.retry_last;
        l->root_follows = s.root_follows;
        memcpy(l->head, s.last_head, sizeof l->head);
        l->last_time = s.last_time;
    }
    set_text(l, &s);
}

void txa_conn_cause(tx_analysis *a, const char *category, int score)
{
    if (a->lc.open && (!a->lc.cause_cat || score > a->lc.cause_score)) {
        a->lc.cause_cat = category;
        a->lc.cause_score = score;
    }
}

void txa_conn_close(tx_analysis *a)
{
    close_logical(a);
    a->failed = a->fails.failed;
    a->after_completed = a->fails.after_completed;
}

void txa_conn_verdict(tx_analysis *a, const txa_finding *top)
{
    if (a->verdict != TX_VERDICT_FAILURE || a->failed)
        return;
    if (a->cause_only.failed) {
        /* no connection failed by itself: those a cause was found on did */
        a->completed -= a->cause_only.completed;
        a->fails = a->cause_only;
        a->failed = a->fails.failed;
        a->after_completed = a->fails.after_completed;
        return;
    }
    if (!top)
        return;
    /* a cause the log-wide evidence proves, on no connection of the parser's:
     * the attempt that failed is known only from its failure */
    txa_logical *l = &a->lc;
    memset(l, 0, sizeof *l);
    l->first_line = l->fail_line = top->nev ? top->ev[0].line : 0;
    l->cause_cat = top->category;
    l->hs_failure = 1;
    if (top->nev) {
        const char *t = top->ev[0].text;
        while (*t == ' ' || *t == '\t')
            t++;
        copy_cut(l->text, sizeof l->text, t);
    }
    a->conns++;
    file_failure(&a->fails, l, 0);
    a->failed = a->fails.failed;
}

int txa_conn_after_completed(const txi_conn *c)
{
    if ((c->flags & (TXI_CONN_FINISHED | TXI_CONN_FAILED)) != (TXI_CONN_FINISHED | TXI_CONN_FAILED))
        return 0;
    conn_scan s;
    scan_conn(c, &s);
    return !s.hs_failure;
}
