// SPDX-License-Identifier: MIT
/*
 * init/lists.c — one list file: open (no symlinks), map read-only, verify and plan
 * (dg_list_check), build the compact list into an anonymous mapping of exactly its
 * size, upload, report. And the loop over a directory in name order.
 *
 * A list's outcome is one of:
 *   accepted  uploaded; or 0 digests (nothing to upload); or the kernel answered
 *             EEXIST (the same list is already loaded: logged as a notice, counted
 *             in nexist, not a failure);
 *   rejected  any failure (reason and offset reported); nothing of it is uploaded
 *             (the kernel loads a list whole or not at all).
 *
 * A directory is verified on r->threads threads (0: the online CPUs); building,
 * uploading and reporting stay on the calling thread, in name order.
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

/* Build and upload a checked list. Returns 0, 1 (EEXIST) or -1 (l->err set). */
static int upload(struct dg_run *r, const char *name, const struct rh_ctx *ctx, struct dg_list *l)
{
	uint8_t *buf;
	size_t len = 0;
	int rc;

	if (l->compact_len == 0)
		return 0;
	buf = mmap(NULL, l->compact_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		   0);
	if (buf == MAP_FAILED) {
		l->err = DG_E_NOMEM;
		l->detail = errno;
		return -1;
	}
	rc = dg_compact_build(ctx, l, buf, l->compact_len, &len);
	if (rc != 0) {
		l->err = DG_E_ARG;
	} else if (r->table) {
		rc = dg_table_upload(r->table, name, buf, len);
		if (rc == -EEXIST) {
			rc = 1;
		} else if (rc == -EPERM) {
			l->err = DG_E_SEALED;
			r->sealed = 1;
		} else if (rc != 0) {
			l->err = DG_E_UPLOAD;
			l->detail = -rc;
		}
	}
	munmap(buf, l->compact_len);
	return rc < 0 ? -1 : rc;
}

/*
 * One list in two halves. prepare: open, map, verify (dg_list_check) — the expensive
 * part, safe in any thread (it reads only the run's keyring and table pointer and
 * writes only its slot). finish: build, upload, report, count — main thread only, in
 * name order.
 */
struct slot {
	const char *name;
	void *map; /* MAP_FAILED when not mapped */
	size_t size;
	int checked; /* dg_list_check returned 0 and the name is a usable label */
	struct rh_ctx ctx;
	struct dg_list l;
	atomic_int done; /* prepare finished (release), read with acquire */
};

static void prepare(const struct dg_run *r, int dirfd, struct slot *s)
{
	struct stat st;
	int fd;

	memset(&s->l, 0, sizeof(s->l));
	s->map = MAP_FAILED;
	s->size = 0;
	s->checked = 0;
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
	s->size = (size_t)st.st_size;
	s->map = mmap(NULL, s->size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (s->map == MAP_FAILED) {
		s->l.err = DG_E_OPEN;
		s->l.detail = errno;
		goto out;
	}
	if (dg_list_check(s->map, s->size, r->kr, &s->ctx, &s->l) != 0)
		goto out;
	if (r->table && !dg_label_ok(s->name)) {
		s->l.err = DG_E_LABEL;
		goto out;
	}
	s->checked = 1;
out:
	close(fd);
}

/* Returns 0 (accepted) or -1 (rejected); unmaps the slot's file. */
static int finish(struct dg_run *r, struct slot *s, const char *path)
{
	char nevra[256] = "-";
	int rc = -1;

	if (r->sealed) { /* the table refused an earlier list with EPERM */
		memset(&s->l, 0, sizeof(s->l));
		s->l.err = DG_E_SEALED;
	} else if (s->checked) {
		rc = upload(r, s->name, &s->ctx, &s->l);
	}
	/* The package is named only when its header verified (never from unsigned
	 * data); the strings live in the mapping, so copy them before unmapping it. */
	if (s->l.nevra.name)
		dg_nevra_format(&s->l.nevra, nevra, sizeof(nevra));
	memset(&s->l.nevra, 0, sizeof(s->l.nevra));
	if (s->map != MAP_FAILED)
		munmap(s->map, s->size);
	s->map = MAP_FAILED;
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

int dg_list_file(struct dg_run *r, int dirfd, const char *name, const char *path)
{
	struct slot s;

	memset(&s, 0, sizeof(s));
	s.name = name;
	s.map = MAP_FAILED;
	if (!r->sealed)
		prepare(r, dirfd, &s);
	return finish(r, &s, path);
}

/*
 * A directory on several threads. slots[] (one per name, an anonymous mapping) is a
 * work queue in name order: a worker takes the next index and prepares it; the main
 * thread finishes slot i once it is done — while it waits it prepares queued lists
 * itself — so builds, uploads (the kernel measures in upload order) and messages stay
 * in name order whatever the number of threads. Workers stay at most DG_VERIFY_AHEAD
 * lists ahead of the main thread, which bounds the files mapped at once.
 */
struct pool {
	const struct dg_run *r;
	int dirfd;
	struct slot *slots;
	size_t n;
	atomic_size_t next;	/* next index to prepare */
	atomic_size_t current;	/* index the main thread finishes next */
};

static int take_one(struct pool *p, int bounded)
{
	size_t i;

	if (bounded) {
		i = atomic_load(&p->next);
		if (i < p->n && i >= atomic_load(&p->current) + DG_VERIFY_AHEAD)
			return -1; /* too far ahead: wait */
	}
	i = atomic_fetch_add(&p->next, 1);
	if (i >= p->n)
		return 0;
	prepare(p->r, p->dirfd, &p->slots[i]);
	atomic_store_explicit(&p->slots[i].done, 1, memory_order_release);
	return 1;
}

static void *worker(void *arg)
{
	struct pool *p = arg;
	int rc;

	while ((rc = take_one(p, 1)) != 0)
		if (rc < 0)
			sched_yield();
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
	struct pool p;
	char path[4096];
	size_t i, maplen = n * sizeof(struct slot);
	unsigned t, nth = r->threads ? r->threads : dg_threads_default(), started = 0;

	memset(&p, 0, sizeof(p));
	p.r = r;
	p.dirfd = fd;
	p.n = n;
	if (nth > DG_THREADS_MAX)
		nth = DG_THREADS_MAX;
	if (nth > n)
		nth = (unsigned)n;
	if (nth > 1) {
		p.slots = mmap(NULL, maplen, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			       -1, 0);
		if (p.slots == MAP_FAILED)
			p.slots = NULL;
	}
	if (!p.slots) { /* one thread (or no memory for the queue): one list at a time */
		for (i = 0; i < n; i++) {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
			dg_list_file(r, fd, names[i], path);
		}
		return;
	}
	for (i = 0; i < n; i++) {
		p.slots[i].name = names[i];
		p.slots[i].map = MAP_FAILED;
	}
	if (pthread_attr_init(&attr) == 0) {
		pthread_attr_setstacksize(&attr, DG_THREAD_STACK);
		for (t = 1; t < nth; t++) {
			if (pthread_create(&th[started], &attr, worker, &p) != 0)
				break; /* fewer threads: the main thread does the rest */
			started++;
		}
		pthread_attr_destroy(&attr);
	}
	for (i = 0; i < n; i++) {
		struct slot *s = &p.slots[i];

		atomic_store(&p.current, i);
		while (!atomic_load_explicit(&s->done, memory_order_acquire))
			if (take_one(&p, 0) == 0)
				sched_yield();
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		finish(r, s, path);
	}
	for (t = 0; t < started; t++)
		pthread_join(th[t], NULL);
	munmap(p.slots, maplen);
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
