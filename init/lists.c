// SPDX-License-Identifier: MIT
/*
 * init/lists.c — one list file: open (no symlinks), read into private memory (what is
 * verified is what is built, whatever happens to the file meanwhile), verify and plan
 * (dg_list_check), build the compact list, upload, report. And the loop over a
 * directory in name order.
 *
 * A list's outcome is one of:
 *   accepted  uploaded; or 0 digests (nothing to upload); or the kernel answered
 *             EEXIST (the same list is already loaded: logged as a notice, counted
 *             in nexist, not a failure);
 *   rejected  any failure (reason and offset reported); nothing of it is uploaded
 *             (the kernel loads a list whole or not at all).
 *
 * A directory is verified and built on r->threads threads (0: the online CPUs);
 * uploading and reporting stay on the calling thread, in name order. At boot that is
 * PID 1's main thread, which uploads every list before the seal and before its first
 * execve() (main.c): the only uploads the kernel trusts.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diginit.h"

void dg_reason_format(const struct dg_list *l, char *out, size_t cap)
{
	const char *detail = NULL;

	switch (l->err) {
	case DG_E_HEADER:
		detail = rh_strerror(l->detail);
		break;
	case DG_E_SIG_MALFORMED:
		detail = pgp_reason_str((enum pgp_reason)l->detail);
		break;
	case DG_E_SIG_REJECTED:
		detail = pgp_strerror((enum pgp_status)l->detail);
		break;
	case DG_E_OPEN:
	case DG_E_UPLOAD:
	case DG_E_NOMEM:
		detail = strerror(l->detail);
		break;
	default:
		break;
	}
	if (detail)
		snprintf(out, cap, "%s (%s) at %zu", dg_strerror(l->err), detail, l->off);
	else
		snprintf(out, cap, "%s at %zu", dg_strerror(l->err), l->off);
}

static void report_ok(struct dg_run *r, const char *path, const struct dg_list *l,
		      const char *nevra, int exist)
{
	char fpr[2 * PGP_MAX_FPR + 1] = "-";
	const char *algo = l->ndigests ? dg_kernel_algo_name(l->kernel_algo) : "-";

	if (l->key)
		pgp_hex(l->key->fpr, l->key->fpr_len, fpr);
	if (r->report == DG_REPORT_CHECK) {
		if (!r->quiet)
			printf("%s: OK %s %u digests (%u immutable) %s key %s%s\n", path, nevra,
			       l->ndigests, l->nimmutable, algo, fpr,
			       exist ? " (already loaded)" : "");
		if (!r->quiet && r->debug)
			printf("%s: compact list %zu bytes\n", path, l->compact_len);
	} else if (exist) {
		dg_log(DG_NOTICE, "%s: %s already loaded", path, nevra);
	} else if (r->debug) {
		dg_log(DG_INFO, "%s: %s %u digests (%u immutable) %s key %s", path, nevra,
		       l->ndigests, l->nimmutable, algo, fpr);
	}
}

static void report_fail(struct dg_run *r, const char *path, const struct dg_list *l,
			const char *nevra)
{
	char reason[DG_REASON_MAX];

	dg_reason_format(l, reason, sizeof(reason));
	if (r->report == DG_REPORT_CHECK) {
		printf("%s: FAIL %s\n", path, reason);
		fflush(stdout);
	} else {
		dg_log(DG_ERR, "%s: %s: rejected: %s", path, nevra, reason);
	}
}

/*
 * Memory for list bytes and compact lists: anonymous mappings reused from list to list,
 * remapped only when a larger one is needed. Unmapping per list would cost a TLB
 * shootdown on every CPU of a threaded run each time.
 */
struct dg_buf {
	uint8_t *p;
	size_t cap;
};

static void buf_free(struct dg_buf *b)
{
	if (b->p)
		munmap(b->p, b->cap);
	b->p = NULL;
	b->cap = 0;
}

/* b->cap >= len (len > 0); 0 or -errno (b unchanged). */
static int buf_reserve(struct dg_buf *b, size_t len)
{
	size_t cap = 65536;
	void *p;

	if (len <= b->cap)
		return 0;
	while (cap < len)
		cap *= 2; /* len <= DG_MAX_LIST_SIZE: no overflow */
	p = mmap(NULL, cap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	buf_free(b);
	b->p = p;
	b->cap = cap;
	return 0;
}

/* Spare compact-list buffers, shared by the threads of a run. */
#define SPARES_MAX (2u * DG_THREADS_MAX + 2u)
static struct {
	pthread_mutex_t mu;
	struct dg_buf spare[SPARES_MAX];
	size_t n;
} spares = {PTHREAD_MUTEX_INITIALIZER, {{NULL, 0}}, 0};

static struct dg_buf spare_get(void)
{
	struct dg_buf b = {NULL, 0};

	pthread_mutex_lock(&spares.mu);
	if (spares.n > 0)
		b = spares.spare[--spares.n];
	pthread_mutex_unlock(&spares.mu);
	return b;
}

static void spare_put(struct dg_buf *b)
{
	if (!b->p)
		return;
	pthread_mutex_lock(&spares.mu);
	if (spares.n < SPARES_MAX) {
		spares.spare[spares.n++] = *b;
		b->p = NULL;
		b->cap = 0;
	}
	pthread_mutex_unlock(&spares.mu);
	buf_free(b); /* no room: unmapped */
}

static void spare_drain(void)
{
	pthread_mutex_lock(&spares.mu);
	while (spares.n > 0)
		buf_free(&spares.spare[--spares.n]);
	pthread_mutex_unlock(&spares.mu);
}

/* Build the compact list of a checked header into *out (out->cap >= compact_len; nothing
 * for 0 bytes). Returns 0, or -1 with l->err set. */
static int build(const struct rh_ctx *ctx, struct dg_list *l, struct dg_buf *out)
{
	size_t len = 0;
	int rc;

	if (l->compact_len == 0)
		return 0;
	rc = buf_reserve(out, l->compact_len);
	if (rc != 0) {
		l->err = DG_E_NOMEM;
		l->detail = -rc;
		return -1;
	}
	if (dg_compact_build(ctx, l, out->p, l->compact_len, &len) != 0 ||
	    len != l->compact_len) {
		l->err = DG_E_ARG;
		return -1;
	}
	return 0;
}

/* Upload a built list. Returns 0, 1 (EEXIST) or -1 (l->err set). */
static int upload(struct dg_run *r, const char *name, const uint8_t *buf, struct dg_list *l)
{
	int rc;

	if (l->compact_len == 0 || !r->table)
		return 0;
	rc = dg_table_upload(r->table, name, buf, l->compact_len);
	if (rc == -EEXIST)
		return 1;
	if (rc == -EPERM) {
		l->err = DG_E_SEALED;
		r->sealed = 1;
		return -1;
	}
	if (rc != 0) {
		l->err = DG_E_UPLOAD;
		l->detail = -rc;
		return -1;
	}
	return 0;
}

/*
 * One list in two halves. prepare: open, read, verify (dg_list_check), build the
 * compact list — the expensive part, safe in any thread (it reads only the run's
 * keyring and table pointer and writes only its slot and the calling thread's read
 * buffer). finish: upload, report, count — main thread only, in name order. Nothing of
 * the list file is kept between the two: the package name is formatted in prepare.
 */
struct slot {
	const char *name;
	int checked; /* checked, built, and the name is a usable label */
	struct dg_buf compact; /* the built compact list (l.compact_len bytes) */
	char nevra[256]; /* "-" unless the header verified */
	struct dg_list l;
	atomic_int done; /* prepare finished (release), read with acquire */
};

/* The file's size bytes into b: 0, or -errno (-EIO if it changed size meanwhile). */
static int read_all(int fd, struct dg_buf *b, size_t size)
{
	size_t got = 0;
	int rc = buf_reserve(b, size);

	if (rc != 0)
		return rc;
	while (got < size) {
		ssize_t n = read(fd, b->p + got, size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;
		got += (size_t)n;
	}
	return 0;
}

static void prepare(const struct dg_run *r, int dirfd, struct slot *s, struct dg_buf *data)
{
	struct rh_ctx ctx;
	struct stat st;
	size_t size;
	int fd, rc;

	memset(&s->l, 0, sizeof(s->l));
	s->checked = 0;
	s->compact.p = NULL;
	s->compact.cap = 0;
	strcpy(s->nevra, "-");
	/* Never open what is not a regular file: opening a device can have effects. */
	if (fstatat(dirfd, s->name, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode)) {
		s->l.err = DG_E_NOT_REGULAR;
		return;
	}
	fd = openat(dirfd, s->name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		s->l.err = errno == ELOOP ? DG_E_NOT_REGULAR : DG_E_OPEN;
		s->l.detail = errno;
		return;
	}
	if (fstat(fd, &st) != 0) {
		s->l.err = DG_E_OPEN;
		s->l.detail = errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		s->l.err = DG_E_NOT_REGULAR;
		goto out;
	}
	if (st.st_size <= 0 || (unsigned long long)st.st_size > DG_MAX_LIST_SIZE) {
		s->l.err = DG_E_FILE_SIZE;
		goto out;
	}
	size = (size_t)st.st_size;
	rc = read_all(fd, data, size);
	if (rc != 0) {
		s->l.err = rc == -ENOMEM ? DG_E_NOMEM : DG_E_OPEN;
		s->l.detail = -rc;
		goto out;
	}
	rc = dg_list_check(data->p, size, r->kr, &ctx, &s->l);
	/* The package is named only when its header verified (never from unsigned data);
	 * the strings live in the read buffer: format them now. */
	if (s->l.nevra.name)
		dg_nevra_format(&s->l.nevra, s->nevra, sizeof(s->nevra));
	memset(&s->l.nevra, 0, sizeof(s->l.nevra));
	if (rc != 0)
		goto out;
	if (r->table && !dg_label_ok(s->name)) {
		s->l.err = DG_E_LABEL;
		goto out;
	}
	s->compact = spare_get();
	if (build(&ctx, &s->l, &s->compact) != 0)
		goto out;
	s->checked = 1;
out:
	close(fd);
}

/* Returns 0 (accepted) or -1 (rejected); gives the slot's buffer back. */
static int finish(struct dg_run *r, struct slot *s, const char *path)
{
	const char *nevra = s->nevra;
	int rc = -1;

	if (r->sealed) { /* the table refused an earlier list with EPERM */
		memset(&s->l, 0, sizeof(s->l));
		s->l.err = DG_E_SEALED;
		nevra = "-";
	} else if (s->checked) {
		rc = upload(r, s->name, s->compact.p, &s->l);
	}
	spare_put(&s->compact);
	if (rc < 0) {
		r->nrejected++;
		/* after the first EPERM the table is sealed: one line says so (main.c) */
		if (!(s->l.err == DG_E_SEALED && r->report == DG_REPORT_BOOT))
			report_fail(r, path, &s->l, nevra);
		return -1;
	}
	r->nlists++;
	r->ndigests += s->l.ndigests;
	if (rc == 1)
		r->nexist++;
	report_ok(r, path, &s->l, nevra, rc == 1);
	return 0;
}

/* One list, both halves on the calling thread; data: its read buffer, reused. */
static int one_list(struct dg_run *r, int dirfd, const char *name, const char *path,
		    struct dg_buf *data)
{
	struct slot s;

	memset(&s, 0, sizeof(s));
	s.name = name;
	strcpy(s.nevra, "-");
	if (!r->sealed)
		prepare(r, dirfd, &s, data);
	return finish(r, &s, path);
}

int dg_list_file(struct dg_run *r, int dirfd, const char *name, const char *path)
{
	struct dg_buf data = {NULL, 0};
	int rc = one_list(r, dirfd, name, path, &data);

	buf_free(&data);
	spare_drain();
	return rc;
}

/*
 * A directory on several threads. slots[] (one per name, an anonymous mapping) is a
 * work queue in name order: a worker takes the next index and prepares it; the main
 * thread finishes slot i once it is done — while it waits it prepares queued lists
 * itself — so uploads (the kernel measures in upload order) and messages stay in name
 * order whatever the number of threads. A worker takes no list more than
 * DG_VERIFY_AHEAD (plus the threads racing for the same index) ahead of the main
 * thread, which bounds the compact lists held at once.
 */
struct queue {
	const struct dg_run *r;
	int dirfd;
	struct slot *slots;
	size_t n;
	atomic_size_t next;	/* next index to prepare */
	atomic_size_t current;	/* index the main thread finishes next */
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
	prepare(q->r, q->dirfd, &q->slots[i], data);
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
	buf_free(&data);
	return NULL;
}

unsigned dg_threads_default(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > (long)DG_THREADS_MAX ? DG_THREADS_MAX : (unsigned)n;
}

static void run_dir(struct dg_run *r, int fd, const char *dir, const char *const *names,
		    size_t n)
{
	pthread_t th[DG_THREADS_MAX];
	pthread_attr_t attr;
	struct dg_buf data = {NULL, 0};
	struct queue q;
	char path[4096];
	size_t i, maplen = n * sizeof(struct slot);
	unsigned t, nth = r->threads ? r->threads : dg_threads_default(), started = 0;

	memset(&q, 0, sizeof(q));
	q.r = r;
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
			one_list(r, fd, names[i], path, &data);
		}
		goto out;
	}
	for (i = 0; i < n; i++)
		q.slots[i].name = names[i];
	if (pthread_attr_init(&attr) == 0) {
		pthread_attr_setstacksize(&attr, DG_THREAD_STACK);
		for (t = 1; t < nth; t++) {
			if (pthread_create(&th[started], &attr, worker, &q) != 0)
				break; /* fewer threads: the main thread does the rest */
			started++;
		}
		pthread_attr_destroy(&attr);
	}
	for (i = 0; i < n; i++) {
		struct slot *s = &q.slots[i];

		atomic_store(&q.current, i);
		while (!atomic_load_explicit(&s->done, memory_order_acquire))
			if (take_one(&q, 0, &data) == 0)
				sched_yield();
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		finish(r, s, path);
	}
	for (t = 0; t < started; t++)
		pthread_join(th[t], NULL);
	munmap(q.slots, maplen);
out:
	buf_free(&data);
	spare_drain();
}

int dg_list_dir(struct dg_run *r, const char *dir)
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
	run_dir(r, fd, dir, names, n);
	close(fd);
	return 0;
}
