/* SPDX-License-Identifier: MIT */
/*
 * tests/bench/mtcheck.c — bench-only prototype of "verify on all cores, upload in name
 * order" for init/ (the lead integrates the real one). Uses libdiginit's steps
 * unchanged: dg_list_check (parse + signature) in any thread, dg_compact_build (the
 * bytes to upload) in the main thread strictly in name order.
 *
 *   mtcheck [-j N] DIR      exit 0 if every list verified, 1 otherwise
 *
 * Scheme (what init/lists.c would do, with static arrays instead of calloc):
 *   slot[i] = { mmap of list i, struct rh_ctx, struct dg_list, state }
 *   next    = atomic index of the next list to verify (work queue in name order)
 *   workers: i = next++; mmap + dg_list_check into slot[i]; state[i] = DONE (release)
 *   main:    for i in name order: while state[i] != DONE, take a list from next and
 *            verify it itself (so no core idles); then build list i's compact bytes and
 *            "upload" (here: count) them; munmap.
 * The upload order, and so the IMA measurement order, is the name order whatever the
 * number of threads.
 */
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "compact.h"
#include "pgp.h"
#include "rpmhdr.h"

struct slot {
	char *path;
	const uint8_t *buf;
	size_t len;
	struct rh_ctx ctx;
	struct dg_list l;
	int rc;
	atomic_int done;
};

static struct slot *slots;
static size_t nslots;
static atomic_size_t next_index;

static void verify_one(struct slot *s)
{
	struct stat st;
	int fd = open(s->path, O_RDONLY | O_CLOEXEC);

	s->rc = -1;
	if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size > 0) {
		void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);

		if (p != MAP_FAILED) {
			s->buf = p;
			s->len = (size_t)st.st_size;
			s->rc = dg_list_check(s->buf, s->len, &pgp_trusted_keyring, &s->ctx, &s->l);
		}
	}
	if (fd >= 0)
		close(fd);
	atomic_store_explicit(&s->done, 1, memory_order_release);
}

/* take the next list in name order; 0 when none is left */
static int take_one(void)
{
	size_t i = atomic_fetch_add(&next_index, 1);

	if (i >= nslots)
		return 0;
	verify_one(&slots[i]);
	return 1;
}

static void *worker(void *arg)
{
	(void)arg;
	while (take_one())
		;
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	long jobs = 1;
	const char *dir;
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t cap = 0, ok = 0, bad = 0, bytes = 0;
	pthread_t th[64];
	uint8_t *out = NULL;
	size_t outcap = 0;
	struct timespec t0, t1;

	if (argc == 4 && !strcmp(argv[1], "-j"))
		jobs = strtol(argv[2], NULL, 10), dir = argv[3];
	else if (argc == 2)
		dir = argv[1];
	else {
		fprintf(stderr, "usage: mtcheck [-j N] DIR\n");
		return 2;
	}
	if (jobs < 1 || jobs > 64)
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	d = opendir(dir);
	if (!d)
		return 1;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (nslots == cap) {
			cap = cap ? 2 * cap : 1024;
			char **grown = realloc(names, cap * sizeof(*names));

			if (!grown) {
				closedir(d);
				return 1;
			}
			names = grown;
		}
		size_t plen = strlen(dir) + strlen(e->d_name) + 2;

		names[nslots] = malloc(plen);
		if (!names[nslots]) {
			closedir(d);
			return 1;
		}
		snprintf(names[nslots++], plen, "%s/%s", dir, e->d_name);
	}
	closedir(d);
	qsort(names, nslots, sizeof(*names), cmp_str);
	slots = calloc(nslots ? nslots : 1, sizeof(*slots));
	if (!slots)
		return 1;
	for (size_t i = 0; i < nslots; i++)
		slots[i].path = names[i];

	for (long t = 1; t < jobs; t++)
		pthread_create(&th[t], NULL, worker, NULL);
	for (size_t i = 0; i < nslots; i++) {
		struct slot *s = &slots[i];
		size_t len = 0;

		while (!atomic_load_explicit(&s->done, memory_order_acquire)) {
			if (!take_one())
				sched_yield();
		}
		if (s->rc == 0 && s->l.compact_len) {
			if (s->l.compact_len > outcap) {
				outcap = s->l.compact_len;
				free(out);
				out = malloc(outcap);
				if (!out)
					return 1;
			}
			if (dg_compact_build(&s->ctx, &s->l, out, outcap, &len) == 0)
				bytes += len; /* the shim writes out[0..len) to digest_list_add here
					       */
			else
				s->rc = -1;
		}
		if (s->rc == 0)
			ok++;
		else
			bad++;
		if (s->buf)
			munmap((void *)(uintptr_t)s->buf, s->len);
	}
	for (long t = 1; t < jobs; t++)
		pthread_join(th[t], NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr,
		"mtcheck: %zu lists, %zu ok, %zu failed, %zu compact bytes, %ld threads, %.0f ms\n",
		nslots, ok, bad, bytes, jobs,
		(double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
	return bad ? 1 : 0;
}
