/*
 * jobs.h - -j N: several inputs analysed at once, their output in order.
 *
 * Job i runs in a worker thread with an output and an error stream of its
 * own (memory, or for `events` a temporary file), so it never touches the
 * real ones; the calling thread hands each finished job to `emit`, in
 * input order, which copies its streams out.  The output is therefore the
 * same bytes in the same order as one job after the other.  Workers run at
 * most TX_JOBS_AHEAD jobs each ahead of the one being emitted, so memory
 * stays bounded whatever the number of inputs.  What a job shares with
 * the others (the compiled ruleset, the context of tool output) must only
 * be read; what it writes is its own (its index's slot of a result array).
 */
#ifndef TX_CLI_JOBS_H
#define TX_CLI_JOBS_H

#include <stddef.h>
#include <stdio.h>

/* A finished job's streams, for emit. */
typedef struct txc_jobout {
    char *err; /* what it wrote to its error stream */
    size_t nerr;
    char *out; /* its output, in memory ... */
    size_t nout;
    FILE *spool; /* ... or in this temporary file (rewound), nout bytes */
    int oom;     /* its streams could not be made: it did not run */
} txc_jobout;

/* Run in a worker: job i, writing to out and err (both valid). */
typedef void (*txc_job_fn)(void *ud, int i, FILE *out, FILE *err);
/* Run in the calling thread, for i = 0, 1, ... in order.  Returns 0 to go
 * on, 1 to stop (the output failed): no further job is started or emitted. */
typedef int (*txc_emit_fn)(void *ud, int i, const txc_jobout *o);

/* Run jobs 0..n-1 on `threads` workers (at least 1; when no thread can be
 * started, in the calling thread).  spool: outputs go to temporary files.
 * Returns the number of jobs emitted. */
int txc_jobs_run(int n, int threads, int spool, txc_job_fn job, txc_emit_fn emit, void *ud);

/* Copy a job's output to f (fwrite; the caller checks f). */
void txc_jobout_copy(const txc_jobout *o, FILE *f);

/* The number of online cores, at least 1 and at most TX_MAX_JOBS. */
int txc_jobs_default(void);

#endif
