// SPDX-License-Identifier: MIT
/*
 * init/queue.c — a directory of lists in name order, checked and built on
 * cfg->threads threads (0: the online CPUs); uploading and reporting stay on the
 * calling thread, in name order. At boot that is PID 1's main thread, which uploads
 * every list before the seal and before its first execve() (main.c): the only uploads
 * the kernel trusts.
 *
 * slots[] (one per name, an anonymous mapping) is a work queue in name order: a worker
 * takes the next index and prepares it; the main thread finishes slot i once it is
 * done — while it waits it prepares queued lists itself — so uploads (the kernel
 * measures in upload order) and messages stay in name order whatever the number of
 * threads. A worker takes no list more than DG_VERIFY_AHEAD (plus the threads racing
 * for the same index) ahead of the main thread, which bounds the compact lists held at
 * once.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lists.h"

struct queue {
	const struct dg_run_cfg *cfg;
	int dirfd;
	struct dg_slot *slots;
	size_t n;
	atomic_size_t next;    /* next index to prepare */
	atomic_size_t current; /* index the main thread finishes next */
};

static int take_one(struct queue *q, int bounded, struct dg_buf *data)
{
	size_t i;

	if (bounded) {
		i = atomic_load(&q->next);
		if (i < q->n && i >= atomic_load(&q->current) + DG_VERIFY_AHEAD)
			return -1; /* too far ahead: wait */
	}
	i = atomic_fetch_add(&q->next, 1);
	if (i >= q->n)
		return 0;
	dg_slot_prepare(q->cfg, q->dirfd, &q->slots[i], data);
	atomic_store_explicit(&q->slots[i].done, 1, memory_order_release);
	return 1;
}

static void *worker(void *arg)
{
	struct queue *q = arg;
	struct dg_buf data = {NULL, 0};
	int rc;

	while ((rc = take_one(q, 1, &data)) != 0)
		if (rc < 0)
			sched_yield();
	dg_buf_free(&data);
	return NULL;
}

unsigned dg_threads_default(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > (long)DG_THREADS_MAX ? DG_THREADS_MAX : (unsigned)n;
}

/* Start up to nth - 1 workers on q; returns how many started (fewer threads: the main
 * thread does the rest). */
static unsigned start_workers(struct queue *q, pthread_t *th, unsigned nth)
{
	pthread_attr_t attr;
	unsigned t, started = 0;

	if (pthread_attr_init(&attr) != 0)
		return 0;
	pthread_attr_setstacksize(&attr, DG_THREAD_STACK);
	for (t = 1; t < nth; t++) {
		if (pthread_create(&th[started], &attr, worker, q) != 0)
			break;
		started++;
	}
	pthread_attr_destroy(&attr);
	return started;
}

/* Finish every slot in name order on the calling thread, preparing queued lists while
 * the next one is not done. */
static void finish_in_order(struct queue *q, struct dg_tally *t, const char *dir,
			    struct dg_buf *data)
{
	char path[4096];
	size_t i;

	for (i = 0; i < q->n; i++) {
		struct dg_slot *s = &q->slots[i];

		atomic_store(&q->current, i);
		while (!atomic_load_explicit(&s->done, memory_order_acquire))
			if (take_one(q, 0, data) == 0)
				sched_yield();
		snprintf(path, sizeof(path), "%s/%s", dir, s->name);
		dg_slot_finish(q->cfg, t, s, path);
	}
}

static void run_dir(const struct dg_run_cfg *cfg, struct dg_tally *t, int fd, const char *dir,
		    const char *const *names, size_t n)
{
	pthread_t th[DG_THREADS_MAX];
	struct dg_buf data = {NULL, 0};
	struct queue q;
	char path[4096];
	size_t i, maplen = n * sizeof(struct dg_slot);
	unsigned u, nth = cfg->threads ? cfg->threads : dg_threads_default(), started;

	memset(&q, 0, sizeof(q));
	q.cfg = cfg;
	q.dirfd = fd;
	q.n = n;
	if (nth > DG_THREADS_MAX)
		nth = DG_THREADS_MAX;
	if (nth > n)
		nth = (unsigned)n;
	if (nth > 1) {
		q.slots = mmap(NULL, maplen, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			       -1, 0);
		if (q.slots == MAP_FAILED)
			q.slots = NULL;
	}
	if (!q.slots) { /* one thread (or no memory for the queue): one list at a time */
		for (i = 0; i < n; i++) {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
			dg_slot_run(cfg, t, fd, names[i], path, &data);
		}
	} else {
		for (i = 0; i < n; i++)
			q.slots[i].name = names[i];
		started = start_workers(&q, th, nth);
		finish_in_order(&q, t, dir, &data);
		for (u = 0; u < started; u++)
			pthread_join(th[u], NULL);
		munmap(q.slots, maplen);
	}
	dg_buf_free(&data);
	dg_spare_drain();
}

int dg_dir_verify_upload_report(const struct dg_run_cfg *cfg, struct dg_tally *t,
				const char *dir)
{
	const char *const *names;
	size_t n;
	int fd, rc;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		dg_log(DG_ERR, "%s: cannot open list directory: %s", dir, strerror(-rc));
		return rc;
	}
	rc = dg_scan_dir(fd, &names, &n);
	if (rc != 0) {
		dg_log(DG_ERR, "%s: cannot read list directory: %s", dir, strerror(-rc));
		close(fd);
		return rc;
	}
	run_dir(cfg, t, fd, dir, names, n);
	close(fd);
	return 0;
}
