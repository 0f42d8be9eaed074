/* SPDX-License-Identifier: MIT */
/*
 * init/lists.h — the units of the list pipeline (internal to list.c, queue.c,
 * report.c, buffers.c); their entry points are in diginit.h.
 *
 * A list's outcome is one of:
 *   accepted  uploaded; or 0 digests (nothing to upload); or the kernel answered
 *             EEXIST (the same list is already loaded: logged as a notice, counted
 *             in nexist, not a failure);
 *   rejected  any failure (reason and offset reported); nothing of it is uploaded
 *             (the kernel loads a list whole or not at all).
 * Error convention: as diginit.h; a list's failure is recorded in its dg_outcome.
 */
#ifndef DIGINIT_LISTS_H
#define DIGINIT_LISTS_H

#include <stdatomic.h>

#include "diginit.h"

/* ---- buffers.c ----
 * Memory for list bytes and compact lists: anonymous mappings reused from list to list,
 * remapped only when a larger one is needed. Unmapping per list would cost a TLB
 * shootdown on every CPU of a threaded run each time. */
struct dg_buf {
	uint8_t *p;
	size_t cap;
};
void dg_buf_free(struct dg_buf *b);
/* b->cap >= len (len > 0); 0 or -errno (b unchanged). */
int dg_buf_reserve(struct dg_buf *b, size_t len);
/* Spare compact-list buffers, shared by the threads of a run (a mutex guards them):
 * get one (empty if none), give one back (unmapped if no room), unmap them all. */
struct dg_buf dg_spare_get(void);
void dg_spare_put(struct dg_buf *b);
void dg_spare_drain(void);

/* ---- list.c ----
 * One list in two halves. prepare: open, read, check (dg_list_check_plan), build the
 * compact list — the expensive part, safe in any thread (it reads only cfg and writes
 * only its slot and the calling thread's read buffer). finish: upload, report, count —
 * the calling thread only, in name order. Nothing of the list file is kept between the
 * two: the package name is formatted in prepare. */
struct dg_slot {
	const char *name;
	int checked;		  /* checked, built, and the name is a usable label */
	struct dg_buf compact;	  /* the built compact list (l.compact_len bytes) */
	char nevra[DG_NEVRA_MAX]; /* "-" unless the header verified */
	struct dg_outcome l;
	atomic_int done; /* prepare finished (release), read with acquire */
};
/* data: the calling thread's read buffer, reused from list to list. */
void dg_slot_prepare(const struct dg_run_cfg *cfg, int dirfd, struct dg_slot *s,
		     struct dg_buf *data);
/* Returns 0 (accepted) or -1 (rejected); gives the slot's buffer back. */
int dg_slot_finish(const struct dg_run_cfg *cfg, struct dg_tally *t, struct dg_slot *s,
		   const char *path);
/* Both halves on the calling thread. */
int dg_slot_run(const struct dg_run_cfg *cfg, struct dg_tally *t, int dirfd, const char *name,
		const char *path, struct dg_buf *data);

/* ---- report.c ---- */
void dg_report_ok(const struct dg_run_cfg *cfg, const char *path, const struct dg_outcome *l,
		  const char *nevra, int exist);

#endif /* DIGINIT_LISTS_H */
