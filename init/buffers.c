// SPDX-License-Identifier: MIT
/*
 * init/buffers.c — the memory of list bytes and compact lists (lists.h): growable
 * anonymous mappings and the pool of spare compact-list buffers a threaded run shares.
 */
#include <errno.h>
#include <pthread.h>
#include <sys/mman.h>

#include "lists.h"

void dg_buf_free(struct dg_buf *b)
{
	if (b->p)
		munmap(b->p, b->cap);
	b->p = NULL;
	b->cap = 0;
}

int dg_buf_reserve(struct dg_buf *b, size_t len)
{
	size_t cap = 65536;
	void *p;

	if (len <= b->cap)
		return 0;
	while (cap < len)
		cap *= 2; /* len <= DG_IMG_MAX (1 GiB), the largest caller's: no overflow */
	p = mmap(NULL, cap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	dg_buf_free(b);
	b->p = p;
	b->cap = cap;
	return 0;
}

#define SPARES_MAX (2u * DG_THREADS_MAX + 2u)
static struct {
	pthread_mutex_t mu;
	struct dg_buf spare[SPARES_MAX];
	size_t n;
} spares = {PTHREAD_MUTEX_INITIALIZER, {{NULL, 0}}, 0};

struct dg_buf dg_spare_get(void)
{
	struct dg_buf b = {NULL, 0};

	pthread_mutex_lock(&spares.mu);
	if (spares.n > 0)
		b = spares.spare[--spares.n];
	pthread_mutex_unlock(&spares.mu);
	return b;
}

void dg_spare_put(struct dg_buf *b)
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
	dg_buf_free(b); /* no room: unmapped */
}

void dg_spare_drain(void)
{
	pthread_mutex_lock(&spares.mu);
	while (spares.n > 0)
		dg_buf_free(&spares.spare[--spares.n]);
	pthread_mutex_unlock(&spares.mu);
}
