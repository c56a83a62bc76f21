/* jobs.c - a small pool of POSIX threads, output in input order (see jobs.h). */
#include "jobs.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../parser/limits.h"

typedef struct {
    int done;
    txc_jobout o;
} slot;

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv; /* a job done, a job emitted, stop: one broadcast for all */
    int n, next, emitted, ahead, stop, spool;
    slot *s;
    txc_job_fn job;
    void *ud;
} pool;

static void run_one(const pool *p, slot *sl, int i)
{
    txc_jobout *o = &sl->o;
    FILE *err = open_memstream(&o->err, &o->nerr);
    FILE *out = p->spool ? tmpfile() : NULL;
    if (out)
        o->spool = out;
    else
        out = open_memstream(&o->out, &o->nout);
    if (!err || !out) {
        o->oom = 1;
        if (err)
            fclose(err);
        if (out && out != o->spool)
            fclose(out);
        return;
    }
    p->job(p->ud, i, out, err);
    fclose(err);
    if (o->spool) {
        fflush(o->spool);
        long end = ftell(o->spool);
        o->nout = end > 0 ? (size_t)end : 0;
        rewind(o->spool);
    } else {
        fclose(out);
    }
}

static void slot_free(slot *s)
{
    free(s->o.err);
    free(s->o.out);
    if (s->o.spool)
        fclose(s->o.spool);
    memset(s, 0, sizeof *s);
}

static void *worker(void *arg)
{
    pool *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->stop && p->next < p->n && p->next >= p->emitted + p->ahead)
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->stop || p->next >= p->n)
            break;
        int i = p->next++;
        pthread_mutex_unlock(&p->mu);
        run_one(p, &p->s[i], i);
        pthread_mutex_lock(&p->mu);
        p->s[i].done = 1;
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

int txc_jobs_run(int n, int threads, int spool, txc_job_fn job, txc_emit_fn emit, void *ud)
{
    if (n <= 0)
        return 0;
    pool p;
    memset(&p, 0, sizeof p);
    p.n = n;
    p.spool = spool;
    p.job = job;
    p.ud = ud;
    if (threads < 1)
        threads = 1;
    if (threads > TX_MAX_JOBS)
        threads = TX_MAX_JOBS;
    if (threads > n)
        threads = n;
    p.ahead = threads * TX_JOBS_AHEAD;
    p.s = calloc((size_t)n, sizeof *p.s);
    pthread_t tid[TX_MAX_JOBS];
    int nt = 0;
    if (p.s && pthread_mutex_init(&p.mu, NULL) == 0) {
        if (pthread_cond_init(&p.cv, NULL) == 0) {
            while (nt < threads && pthread_create(&tid[nt], NULL, worker, &p) == 0)
                nt++;
            if (!nt)
                pthread_cond_destroy(&p.cv);
        }
        if (!nt)
            pthread_mutex_destroy(&p.mu);
    }
    int emitted = 0;
    if (!nt) {
        /* no thread (or no memory for the slots): one job after the other, here */
        slot one;
        for (int i = 0; i < n; i++) {
            memset(&one, 0, sizeof one);
            run_one(&p, &one, i);
            int stop = emit(ud, i, &one.o);
            slot_free(&one);
            emitted++;
            if (stop)
                break;
        }
        free(p.s);
        return emitted;
    }
    for (int i = 0; i < n; i++) {
        pthread_mutex_lock(&p.mu);
        while (!p.s[i].done)
            pthread_cond_wait(&p.cv, &p.mu);
        pthread_mutex_unlock(&p.mu);
        int stop = emit(ud, i, &p.s[i].o);
        slot_free(&p.s[i]);
        emitted++;
        pthread_mutex_lock(&p.mu);
        p.emitted = i + 1;
        p.stop |= stop;
        pthread_cond_broadcast(&p.cv);
        pthread_mutex_unlock(&p.mu);
        if (stop)
            break;
    }
    pthread_mutex_lock(&p.mu);
    p.stop = 1;
    pthread_cond_broadcast(&p.cv);
    pthread_mutex_unlock(&p.mu);
    for (int t = 0; t < nt; t++)
        pthread_join(tid[t], NULL);
    for (int i = 0; i < n; i++) /* done but not emitted (the output failed) */
        slot_free(&p.s[i]);
    pthread_cond_destroy(&p.cv);
    pthread_mutex_destroy(&p.mu);
    free(p.s);
    return emitted;
}

void txc_jobout_copy(const txc_jobout *o, FILE *f)
{
    if (o->spool) {
        char buf[65536];
        size_t k;
        while ((k = fread(buf, 1, sizeof buf, o->spool)) > 0)
            fwrite(buf, 1, k, f);
    } else if (o->nout) {
        fwrite(o->out, 1, o->nout, f);
    }
}

int txc_jobs_default(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > TX_MAX_JOBS ? TX_MAX_JOBS : (int)n;
}
