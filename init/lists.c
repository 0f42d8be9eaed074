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
 */
#include <errno.h>
#include <fcntl.h>
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

int dg_list_file(struct dg_run *r, int dirfd, const char *name, const char *path)
{
	struct dg_list l;
	struct rh_ctx ctx;
	struct stat st;
	char nevra[256] = "-";
	void *map = MAP_FAILED;
	size_t size = 0;
	int fd, rc = -1;

	memset(&l, 0, sizeof(l));
	if (r->sealed) { /* the table refused an earlier list with EPERM */
		l.err = DG_E_SEALED;
		fd = -1;
		goto out;
	}
	/* Never open what is not a regular file: opening a device can have effects. */
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode)) {
		l.err = DG_E_NOT_REGULAR;
		fd = -1;
		goto out;
	}
	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		l.err = errno == ELOOP ? DG_E_NOT_REGULAR : DG_E_OPEN;
		l.detail = errno;
		goto out;
	}
	if (fstat(fd, &st) != 0) {
		l.err = DG_E_OPEN;
		l.detail = errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		l.err = DG_E_NOT_REGULAR;
		goto out;
	}
	if (st.st_size <= 0 || (unsigned long long)st.st_size > DG_MAX_LIST_SIZE) {
		l.err = DG_E_FILE_SIZE;
		goto out;
	}
	size = (size_t)st.st_size;
	map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED) {
		l.err = DG_E_OPEN;
		l.detail = errno;
		goto out;
	}
	if (dg_list_check(map, size, r->kr, &ctx, &l) != 0)
		goto out;
	if (r->table && !dg_label_ok(name)) {
		l.err = DG_E_LABEL;
		goto out;
	}
	rc = upload(r, name, &ctx, &l);
out:
	/* The package is named only when its header verified (never from unsigned
	 * data); the strings live in the mapping, so copy them before unmapping it. */
	if (l.nevra.name)
		dg_nevra_format(&l.nevra, nevra, sizeof(nevra));
	memset(&l.nevra, 0, sizeof(l.nevra));
	if (map != MAP_FAILED)
		munmap(map, size);
	if (fd >= 0)
		close(fd);
	if (rc < 0) {
		r->nrejected++;
		/* after the first EPERM the table is sealed: one line says so (main.c) */
		if (!(l.err == DG_E_SEALED && r->report == DG_REPORT_BOOT))
			report_fail(r, path, &l, nevra);
		return -1;
	}
	r->nlists++;
	r->ndigests += l.ndigests;
	if (rc == 1)
		r->nexist++;
	report_ok(r, path, &l, nevra, rc == 1);
	return 0;
}

int dg_list_dir(struct dg_run *r, const char *dir)
{
	const char *const *names;
	char path[4096];
	size_t n, i;
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
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		dg_list_file(r, fd, names[i], path);
	}
	close(fd);
	return 0;
}
