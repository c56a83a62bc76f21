/*
 * conn.c - events are filed under connections.
 *
 * A connection is one handshake attempt and what follows it.  JSSE logs
 * name the thread on every SSLLogger line and on most legacy lines, so the
 * thread is the key: events of thread T go to T's open connection.  A new
 * ClientHello on a thread whose connection already said ClientHello (and
 * was not asked to retry by a HelloRetryRequest) starts a new connection;
 * the old one is closed and handed to the sink.
 *
 * Lines without a thread (stack traces, probe output, application log
 * lines) join the connection that was active last.  A "target" event (the
 * application says which URL it is about to open) starts a thread-less
 * connection that the next handshake message of any thread adopts, so the
 * URL and the handshake end up together.  Truststore, keystore and
 * configuration events are log-wide (connection 0): they describe the JVM,
 * not one connection; a new burst of them after connections replaces the
 * old ones (an epoch: a new JVM in a concatenated log, a new SSLContext).
 *
 * Events are built in a scratch arena while their lines are read, then
 * copied into the arena of the connection they are filed under, with the
 * source lines they cite.  At most TX_MAX_LIVE_CONNS connections are open
 * at once; past that the least recently active one is closed early (and
 * counted).  This is what keeps memory flat for any size of log: evidence
 * is interpreted per connection, then the connection is released.
 */
#include "parser_impl.h"

#include "l10n.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- thread hash ------------------------------------------------------ */

/* The key is (c->thread, c->threadlen) everywhere: insert, lookup and
 * remove.  A thread name is bytes from the log and may hold a NUL, so its
 * length is never recomputed with strlen(). */

static txi_conn **hash_slot(txi_parser *p, const char *t, size_t n, int want_empty)
{
    uint32_t i = txi_fnv1a(t, n, TXI_FNV1A_INIT) % TXI_CONN_HASH;
    for (unsigned probe = 0; probe < TXI_CONN_HASH; probe++, i = (i + 1) % TXI_CONN_HASH) {
        txi_conn *c = p->hash[i];
        if (!c)
            return want_empty ? &p->hash[i] : NULL;
        if (c->thread && c->threadlen == n && memcmp(c->thread, t, n) == 0)
            return &p->hash[i];
    }
    return NULL;
}

static void hash_remove(txi_parser *p, txi_conn *c)
{
    if (!c->thread)
        return;
    txi_conn **slot = hash_slot(p, c->thread, c->threadlen, 0);
    if (!slot || *slot != c)
        return;
    *slot = NULL;
    /* Re-insert the rest of the cluster (linear probing deletion). */
    uint32_t i = (uint32_t)(slot - p->hash);
    for (i = (i + 1) % TXI_CONN_HASH; p->hash[i]; i = (i + 1) % TXI_CONN_HASH) {
        txi_conn *m = p->hash[i];
        p->hash[i] = NULL;
        txi_conn **s = hash_slot(p, m->thread, m->threadlen, 1);
        if (s)
            *s = m;
    }
}

static txi_conn *find_thread(txi_parser *p, const char *t, size_t n)
{
    txi_conn **s = hash_slot(p, t, n, 0);
    return s ? *s : NULL;
}

/* ---- lifecycle ----------------------------------------------------------- */

static void lru_unlink(txi_parser *p, txi_conn *c)
{
    if (c->lru_prev)
        c->lru_prev->lru_next = c->lru_next;
    else
        p->lru_head = c->lru_next;
    if (c->lru_next)
        c->lru_next->lru_prev = c->lru_prev;
    else
        p->lru_tail = c->lru_prev;
    c->lru_prev = c->lru_next = NULL;
}

static void lru_touch(txi_parser *p, txi_conn *c)
{
    if (p->lru_head == c)
        return;
    if (c->lru_prev) /* linked and not the head; a new connection is not linked yet */
        lru_unlink(p, c);
    c->lru_next = p->lru_head;
    if (p->lru_head)
        p->lru_head->lru_prev = c;
    p->lru_head = c;
    if (!p->lru_tail)
        p->lru_tail = c;
}

void txi_conn_free(txi_conn *c)
{
    if (!c)
        return;
    txi_arena_free(&c->arena);
    free(c->thread);
    free(c);
}

static void retire(txi_parser *p, txi_conn *c)
{
    hash_remove(p, c);
    lru_unlink(p, c);
    p->nlive--;
    p->live_bytes -= c->arena.used < p->live_bytes ? c->arena.used : p->live_bytes;
    if (p->current == c)
        p->current = p->lru_head;
    if (p->sink.retire)
        p->sink.retire(p->sink.ud, c);
    else
        txi_conn_free(c);
}

void txi_conn_retire_all(txi_parser *p)
{
    /* Oldest first, so connections reach the sink in log order. */
    while (p->lru_tail)
        retire(p, p->lru_tail);
    p->current = NULL;
}

void txi_conn_cleanup(txi_parser *p)
{
    while (p->lru_tail) {
        txi_conn *c = p->lru_tail;
        hash_remove(p, c);
        lru_unlink(p, c);
        txi_conn_free(c);
    }
    p->nlive = 0;
    p->current = NULL;
}

static txi_conn *conn_new(txi_parser *p, const char *thread, size_t tlen)
{
    if (p->nlive >= TX_MAX_LIVE_CONNS) {
        p->stats.evicted_conns++;
        retire(p, p->lru_tail);
    }
    /* connections idle for long have ended: close them (not counted as evicted) */
    while (p->lru_tail && p->lru_tail->last_line + TX_CONN_IDLE_LINES < p->lineno)
        retire(p, p->lru_tail);
    txi_conn *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    txi_arena_init(&c->arena, TX_MAX_CONN_BYTES);
    c->id = p->next_conn_id++;
    if (thread && tlen) {
        if (tlen > TX_MAX_THREAD_NAME)
            tlen = TX_MAX_THREAD_NAME;
        c->thread = malloc(tlen + 1);
        if (!c->thread) {
            free(c);
            return NULL;
        }
        memcpy(c->thread, thread, tlen);
        c->thread[tlen] = '\0';
        c->threadlen = tlen;
        txi_conn **slot = hash_slot(p, c->thread, tlen, 1);
        if (slot)
            *slot = c;
    }
    p->nlive++;
    p->stats.conns++;
    lru_touch(p, c);
    return c;
}

static void adopt(txi_parser *p, txi_conn *c, const char *thread, size_t tlen)
{
    if (tlen > TX_MAX_THREAD_NAME)
        tlen = TX_MAX_THREAD_NAME;
    c->thread = malloc(tlen + 1);
    if (!c->thread)
        return;
    memcpy(c->thread, thread, tlen);
    c->thread[tlen] = '\0';
    c->threadlen = tlen;
    c->flags &= ~(uint32_t)TXI_CONN_ADOPTABLE;
    txi_conn **slot = hash_slot(p, c->thread, tlen, 1);
    if (slot)
        *slot = c;
}

/* The most recent thread-less connection still waiting for a handshake. */
static txi_conn *adoptable(txi_parser *p)
{
    for (txi_conn *c = p->lru_head; c; c = c->lru_next)
        if (c->flags & TXI_CONN_ADOPTABLE)
            return c;
    return NULL;
}

txi_conn *txi_conn_for_line(txi_parser *p, const char *thread, size_t tlen)
{
    if (tlen > TX_MAX_THREAD_NAME) /* the key as stored (conn_new, adopt) */
        tlen = TX_MAX_THREAD_NAME;
    if (thread && tlen)
        return find_thread(p, thread, tlen);
    return p->current;
}

static int is_global(int type)
{
    return type == TXE_TRUSTSTORE || type == TXE_KEYSTORE || type == TXE_CONFIG;
}

static int is_clienthello(const txi_event *e)
{
    return e->type == TXE_HANDSHAKE && txi_ev_is(e, TXF_MESSAGE, "ClientHello");
}

/* Pick (or make) the connection for a finished event. */
static txi_conn *route(txi_parser *p, const txi_event *e, const char *thread, size_t tlen)
{
    if (e->type == TXE_TARGET) {
        txi_conn *c = conn_new(p, NULL, 0);
        if (c)
            c->flags |= TXI_CONN_ADOPTABLE;
        return c;
    }
    if (!thread || !tlen) {
        if (e->type == TXE_CONNECTION || !p->current || is_clienthello(e))
            return conn_new(p, NULL, 0);
        return p->current;
    }
    if (tlen > TX_MAX_THREAD_NAME) /* the key as stored (conn_new, adopt) */
        tlen = TX_MAX_THREAD_NAME;
    txi_conn *c = find_thread(p, thread, tlen);
    if (c && is_clienthello(e) && (c->flags & TXI_CONN_HELLO) && !(c->flags & TXI_CONN_HRR)) {
        retire(p, c);
        c = NULL;
    }
    if (!c) {
        txi_conn *a = adoptable(p);
        if (a) {
            adopt(p, a, thread, tlen);
            return a;
        }
    }
    if (!c)
        c = conn_new(p, thread, tlen);
    return c;
}

static void update_state(txi_conn *c, const txi_event *e)
{
    const char *m;
    switch (e->type) {
    case TXE_HANDSHAKE:
        m = txi_ev_str(e, TXF_MESSAGE);
        if (!m)
            break;
        if (strcmp(m, "ClientHello") == 0) {
            c->flags |= TXI_CONN_HELLO;
            c->flags &= ~(uint32_t)TXI_CONN_HRR;
            if (!c->role)
                c->role = txi_ev_is(e, TXF_DIRECTION, "sent") ? TXI_ROLE_CLIENT : TXI_ROLE_SERVER;
        } else if (strcmp(m, "HelloRetryRequest") == 0) {
            c->flags |= TXI_CONN_HRR;
        } else if (strcmp(m, "ServerHello") == 0) {
            c->flags |= TXI_CONN_SERVERHELLO;
        } else if (strcmp(m, "ApplicationData") == 0 ||
                   ((strcmp(m, "Finished") == 0 || strcmp(m, "NewSessionTicket") == 0) &&
                    txi_ev_is(e, TXF_DIRECTION, "received"))) {
            /* The peer's Finished; application data either way (a dialect files
             * it only where the record proves the handshake over); a session
             * ticket received (TLS 1.3 sends it after the handshake, TLS 1.2
             * just before the server's Finished). */
            c->flags |= TXI_CONN_FINISHED;
        }
        break;
    case TXE_ALERT:
        if (txi_ev_is(e, TXF_LEVEL, "fatal"))
            c->flags |= TXI_CONN_FAILED;
        break;
    case TXE_EXCEPTION: {
        /* a throwable printed as debug information (level WARNING/DEBUG) is not a failure */
        const char *lv = txi_ev_str(e, TXF_LEVEL);
        if (!lv || !strcmp(lv, "ERROR") || !strcmp(lv, "SEVERE"))
            c->flags |= TXI_CONN_FAILED;
        break;
    }
    case TXE_NEGOTIATED:
        if (txi_ev_is(e, TXF_TEXT, "connected"))
            c->flags |= TXI_CONN_FINISHED;
        break;
    case TXE_CLOSE:
        c->flags |= TXI_CONN_CLOSED;
        break;
    default:
        break;
    }
}

/* ---- deep copy from scratch into a connection ---------------------------- */

typedef struct {
    const txi_line *from[16];
    const txi_line *to[16];
    unsigned n;
} linemap;

static const txi_line *copy_line(txi_arena *a, linemap *m, const txi_line *l)
{
    if (!l)
        return NULL;
    for (unsigned i = 0; i < m->n; i++)
        if (m->from[i] == l)
            return m->to[i];
    txi_line *c = txi_arena_alloc(a, sizeof *c + l->len + 1);
    if (!c)
        return NULL;
    memcpy(c, l, sizeof *c + l->len + 1);
    if (m->n < 16) {
        m->from[m->n] = l;
        m->to[m->n] = c;
        m->n++;
    }
    return c;
}

/* Events that carry the failure: they may use the room the others leave. */
static int carries_failure(int type) { return type == TXE_ALERT || type == TXE_EXCEPTION; }

/* May connection c take one more event of this type? */
static int has_room(const txi_conn *c, int type)
{
    if (carries_failure(type))
        return c->nevents < TX_MAX_EVENTS_PER_CONN;
    return c->nevents < TX_MAX_EVENTS_PER_CONN - TX_FAILURE_RESERVE_EVENTS &&
           c->arena.used + TX_FAILURE_RESERVE_BYTES <= c->arena.budget;
}

/* With best_effort, fields that do not fit are left out (the event keeps
 * the ones before); otherwise the event is refused whole. */
static txi_event *copy_event(txi_arena *a, const txi_event *e, int best_effort)
{
    linemap m = {.n = 0};
    txi_event *d = txi_arena_alloc(a, sizeof *d);
    txi_field *f = e->nfields ? txi_arena_alloc(a, e->nfields * sizeof *f) : NULL;
    if (!d || (e->nfields && !f))
        return NULL;
    *d = *e;
    d->next = NULL;
    d->fields = f;
    d->cap = e->nfields;
    d->src = copy_line(a, &m, e->src);
    for (unsigned i = 0; i < e->nfields; i++) {
        f[i] = e->fields[i];
        f[i].val = txi_arena_strndup(a, e->fields[i].val, e->fields[i].len);
        f[i].src = copy_line(a, &m, e->fields[i].src);
        if (!f[i].val) {
            if (!best_effort)
                return NULL;
            d->nfields = i;
            break;
        }
    }
    return d;
}

/* ---- emit API -------------------------------------------------------------- */

txi_event *txi_emit_begin(txi_parser *p, int type, const txi_linectx *l)
{
    txi_line *src = l ? txi_line_copy(&p->scratch, l->no, l->raw, l->rawn) : NULL;
    txi_event *e = txi_event_new(&p->scratch, type, src);
    if (!e || (l && !src)) {
        p->stats.dropped_events++;
        return NULL;
    }
    e->time = l && l->time != TXI_NO_TIME ? l->time : p->log_time;
    p->open_events++;
    return e;
}

static const txi_line *scratch_line(txi_parser *p, txi_event *e, const txi_linectx *l)
{
    if (!l)
        return NULL;
    /* (the decoded lines of a JSON record share its number and its text) */
    if (e->src && e->src->no == l->no)
        return e->src;
    for (unsigned i = e->nfields; i-- > 0;)
        if (e->fields[i].src && e->fields[i].src->no == l->no)
            return e->fields[i].src;
    return txi_line_copy(&p->scratch, l->no, l->raw, l->rawn);
}

static inline txi_sv english(int type, int fid, const char *v, size_t n, char *buf)
{
    txi_sv t = txi_sv_trim(txi_sv_make(v, n));
    /* texts in the user's language (Windows' and glibc's, keytool's) read as the
       English ones the rules know (parser/l10n.def); keytool's error lands in a store's error field */
    if (((type == TXE_EXCEPTION || type == TXE_NOTICE) &&
         (fid == TXF_MESSAGE || fid == TXF_CAUSES || fid == TXF_ROOT || fid == TXF_TEXT)) ||
        ((type == TXE_TRUSTSTORE || type == TXE_KEYSTORE) && fid == TXF_ERROR))
        t = txi_l10n_english(t, buf, TX_MAX_FIELD_VALUE);
    return t;
}

txi_sv txi_emit_english(int type, int fid, const char *v, size_t n, char *buf)
{
    return english(type, fid, v, n, buf);
}

void txi_emit_field(txi_parser *p, txi_event *e, int fid, const char *v, size_t n,
                    const txi_linectx *l)
{
    if (!e)
        return;
    char wbuf[TX_MAX_FIELD_VALUE];
    txi_sv t = english(e->type, fid, v, n, wbuf);
    /* A field refused by a limit leaves the event otherwise intact. */
    (void)txi_event_add(&p->scratch, e, fid, t.p, t.n, scratch_line(p, e, l));
}

void txi_emit_field_read(txi_parser *p, txi_event *e, int fid, const char *v, size_t n)
{
    if (e)
        (void)txi_event_add(&p->scratch, e, fid, v, n, NULL);
}

void txi_emit_fieldf(txi_parser *p, txi_event *e, int fid, const txi_linectx *l, const char *fmt, ...)
{
    if (!e)
        return;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    txi_emit_field(p, e, fid, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1, l);
}

static void scratch_release(txi_parser *p)
{
    if (p->open_events && --p->open_events == 0)
        txi_arena_reset(&p->scratch);
}

void txi_emit_cancel(txi_parser *p, txi_event *e)
{
    if (e)
        scratch_release(p);
}

static void file_global(txi_parser *p, txi_event *e)
{
    /* Log-wide events come in bursts when a JVM or an SSLContext starts,
     * before its connections.  A burst after new connections is a new
     * epoch (a concatenated or rotated log, a later context): it replaces
     * the previous one, so memory stays bounded and later connections are
     * judged with the truststore that was loaded for them. */
    if (p->gfirst && p->stats.conns != p->conns_at_last_global) {
        txi_arena_free(&p->global_arena);
        txi_arena_init(&p->global_arena, TX_MAX_GLOBAL_BYTES);
        p->gfirst = p->glast = NULL;
        p->nglobal = 0;
        p->epoch++;
    }
    p->conns_at_last_global = p->stats.conns;
    txi_event *d = p->nglobal < TX_MAX_GLOBAL_EVENTS ? copy_event(&p->global_arena, e, 0) : NULL;
    if (!d) {
        p->stats.dropped_events++;
        return;
    }
    d->conn = 0;
    d->seq = ++p->seq;
    if (p->glast)
        p->glast->next = d;
    else
        p->gfirst = d;
    p->glast = d;
    p->nglobal++;
    p->stats.events++;
    if (p->sink.event)
        p->sink.event(p->sink.ud, d, NULL);
}

uint32_t txi_emit_end(txi_parser *p, txi_event *e, const char *thread, size_t tlen)
{
    if (!e)
        return 0;
    uint32_t id = 0;
    if (is_global(e->type)) {
        file_global(p, e);
    } else {
        txi_conn *c = route(p, e, thread, tlen);
        txi_event *d = NULL;
        size_t before = c ? c->arena.used : 0;
        if (c && has_room(c, e->type))
            d = copy_event(&c->arena, e, carries_failure(e->type));
        if (c)
            p->live_bytes += c->arena.used - before;
        if (!d) {
            p->stats.dropped_events++;
            if (c)
                c->dropped++;
        } else {
            d->conn = c->id;
            d->seq = ++p->seq;
            if (c->last)
                c->last->next = d;
            else
                c->first = d;
            c->last = d;
            c->nevents++;
            if (!c->first_line)
                c->first_line = d->src ? d->src->no : 0;
            if (d->src && d->src->no > c->last_line)
                c->last_line = d->src->no;
            if (e->type != TXE_TARGET)
                c->flags &= ~(uint32_t)TXI_CONN_ADOPTABLE;
            update_state(c, d);
            p->stats.events++;
            if (d->type == TXE_ALERT)
                p->stats.alert_events++;
            else if (d->type == TXE_EXCEPTION)
                p->stats.exception_events++;
            id = c->id;
            if (p->sink.event)
                p->sink.event(p->sink.ud, d, c);
        }
        if (c) {
            c->last_active = ++p->tick;
            lru_touch(p, c);
            p->current = c;
            /* too many bytes open: close the least recently active early */
            while (p->live_bytes > TX_MAX_LIVE_BYTES && p->lru_tail && p->lru_tail != c) {
                p->stats.evicted_conns++;
                retire(p, p->lru_tail);
            }
        }
    }
    scratch_release(p);
    return id;
}

txi_event *txi_conn_add(txi_conn *c, int type, const txi_line *src)
{
    if (!has_room(c, type)) {
        c->dropped++;
        return NULL;
    }
    txi_event *e = txi_event_new(&c->arena, type, src);
    if (!e)
        return NULL;
    e->conn = c->id;
    if (c->last)
        c->last->next = e;
    else
        c->first = e;
    c->last = e;
    c->nevents++;
    return e;
}

txi_conn *txi_conn_detached(void)
{
    txi_conn *c = calloc(1, sizeof *c);
    if (c)
        txi_arena_init(&c->arena, TX_MAX_CONN_BYTES);
    return c;
}

void txi_parser_join_epoch(txi_parser *p) { p->conns_at_last_global = p->stats.conns; }
