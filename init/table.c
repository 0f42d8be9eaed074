// SPDX-License-Identifier: MIT
/*
 * init/table.c — the kernel's digest table, <securityfs>/integrity/diglim/
 * (DESIGN.md section 5). Per list:
 *   1. write the label (the list file's name) followed by one NUL to digest_list_label
 *      (count = strlen + 1: a kernel that copies with strncpy_from_user stops at the
 *      NUL, one that copies count bytes accepts a NUL);
 *   2. write the whole compact list in ONE write() to digest_list_add; the kernel
 *      names the list "sha256-<digest of that buffer>-<label>".
 * After the last list: write "1" to seal. The kernel seals the table, then has IMA
 * measure the seal (critical data "diglim/seal"), whose data names every list PID 1
 * uploaded: one event for all of them (issue 17); if IMA fails, the table stays sealed
 * and the write() returns IMA's error. So after a failed write the file is read back
 * ("1\n" sealed, "0\n" not) to tell the two apart.
 * Every file is opened O_WRONLY | O_APPEND for one write and closed again. O_APPEND
 * changes nothing for securityfs files; it lets a test point --securityfs at a plain
 * directory and find every write appended to the files.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "diginit.h"

int dg_table_open(struct dg_table *t, const char *securityfs)
{
	int fd;

	t->dirfd = -1;
	fd = open(securityfs, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -ENODEV;
	t->dirfd = openat(fd, DG_TABLE_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	close(fd);
	if (t->dirfd < 0)
		return -ENOENT;
	if (faccessat(t->dirfd, "digest_list_add", F_OK, 0) != 0 ||
	    faccessat(t->dirfd, "digest_list_label", F_OK, 0) != 0) {
		dg_table_close(t);
		return -ENOENT;
	}
	return 0;
}

void dg_table_close(struct dg_table *t)
{
	if (t->dirfd >= 0)
		close(t->dirfd);
	t->dirfd = -1;
}

/* One write() of buf to the file name in the table. Returns 0 or -errno. */
static int write_once(struct dg_table *t, const char *file, const void *buf, size_t len)
{
	ssize_t n;
	int fd, err = 0;

	fd = openat(t->dirfd, file, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	do
		n = write(fd, buf, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EIO; /* a short write: the kernel takes whole lists only */
	if (close(fd) != 0 && err == 0)
		err = -errno;
	return err;
}

int dg_table_upload(struct dg_table *t, const char *label, const uint8_t *buf, size_t len)
{
	int rc;

	if (t->dirfd < 0)
		return -EBADF;
	rc = write_once(t, "digest_list_label", label, strlen(label) + 1);
	if (rc != 0)
		return rc;
	return write_once(t, "digest_list_add", buf, len);
}

/* 1 if reading seal gives "1" (the table is sealed), else 0 (not sealed, or unknown). */
static int read_sealed(struct dg_table *t)
{
	char c = 0;
	ssize_t n;
	int fd = openat(t->dirfd, "seal", O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return 0;
	do
		n = read(fd, &c, 1);
	while (n < 0 && errno == EINTR);
	close(fd);
	return n == 1 && c == '1';
}

int dg_table_seal(struct dg_table *t, int *sealed)
{
	int rc;

	*sealed = 0;
	if (t->dirfd < 0)
		return -EBADF;
	rc = write_once(t, "seal", "1", 1);
	*sealed = rc == 0 || read_sealed(t);
	return rc;
}
