// SPDX-License-Identifier: MIT
/*
 * diglist/file.c — reading one input file whole (diglist.h): a list file, an image,
 * a --key file. Never opens what is not a regular file for reading its data (opening
 * a device can have effects: the type is checked before the open, and again on the
 * descriptor), never reads more than the size it checked.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diglist.h"

int dg_file_open(int dirfd, const char *path, unsigned flags, size_t max, size_t *size)
{
	int nofollow = flags & DG_FILE_NOFOLLOW;
	long long min = flags & DG_FILE_EMPTY_OK ? 0 : 1;
	struct stat st;
	int fd, rc = 0;

	*size = 0;
	/* Look before opening (a device's open can have effects), check again after. */
	if (fstatat(dirfd, path, &st, nofollow ? AT_SYMLINK_NOFOLLOW : 0) == 0 &&
	    !S_ISREG(st.st_mode))
		return -EINVAL;
	fd = openat(dirfd, path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY |
			(nofollow ? O_NOFOLLOW : 0));
	if (fd < 0)
		return errno == ELOOP && nofollow ? -EINVAL : -errno;
	if (fstat(fd, &st) != 0)
		rc = -errno;
	else if (!S_ISREG(st.st_mode))
		rc = -EINVAL;
	else if (st.st_size < min || (unsigned long long)st.st_size > max)
		rc = -EFBIG;
	if (rc != 0) {
		close(fd);
		return rc;
	}
	*size = (size_t)st.st_size;
	return fd;
}

int dg_file_read(int fd, uint8_t *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			return -EIO;
		got += (size_t)r;
	}
	return 0;
}
