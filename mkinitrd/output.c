// SPDX-License-Identifier: MIT
/*
 * mkinitrd/output.c — replacing the output safely.
 *
 * Image: under an exclusive flock(2) on PATH.lock (so concurrent runs, e.g. two rpm
 * transactions' triggers, serialize), compare the new bytes with the current file;
 * if equal, touch nothing. Else write .BASENAME.XXXXXX in the same directory, fsync
 * it, rename(2) it over PATH, fsync the directory. A kill at any moment leaves PATH
 * either the old or the new image (rename is atomic); a leftover temporary file is
 * removed by the next run, which holds the lock, so it cannot be another run's.
 * The image's state after the write (device, inode, size, mtime, ctime) goes to the
 * caller for IMAGE.stamp (stamp.c), which is written the same way.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mk.h"

static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int r = 0;

	if (fd < 0)
		return -errno;
	if (fsync(fd) < 0 && errno != EINVAL)
		r = -errno;
	close(fd);
	return r;
}

int mk_lock(const char *path)
{
	char *lk = mk_xasprintf("%s.lock", path);
	int fd = open(lk, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	int e;

	if (fd < 0) {
		e = errno;
		mk_err("%s: %s", lk, strerror(e));
		free(lk);
		return -e;
	}
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			e = errno;
			mk_err("%s: flock: %s", lk, strerror(e));
			close(fd);
			free(lk);
			return -e;
		}
	}
	free(lk);
	return fd;
}

static int same_file_state(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	       a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/* Does path hold exactly img? If so and sb is not NULL, *sb is the file's state, which
 * did not change while it was read and is the state of the file at path afterwards
 * (else sb->st_mode is 0). */
static int same_content(const char *path, const struct mk_buf *img, struct stat *sb)
{
	struct stat before, after, now;
	uint8_t chunk[65536];
	size_t off = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int same = 0;

	if (sb)
		memset(sb, 0, sizeof(*sb));
	if (fd < 0)
		return 0;
	if (fstat(fd, &before) < 0 || !S_ISREG(before.st_mode) ||
	    (uint64_t)before.st_size != img->len)
		goto out;
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto out;
		if (n == 0)
			break;
		if ((size_t)n > img->len - off || memcmp(chunk, img->p + off, (size_t)n))
			goto out;
		off += (size_t)n;
	}
	same = off == img->len;
	if (same && sb && fstat(fd, &after) == 0 && same_file_state(&before, &after) &&
	    lstat(path, &now) == 0 && same_file_state(&after, &now))
		*sb = now;
out:
	close(fd);
	return same;
}

/* Remove .BASE.XXXXXX files a killed run left behind (we hold the lock). */
static void remove_stale(const char *dir, const char *base)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t bl = strlen(base);

	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		const char *n = de->d_name;

		if (n[0] == '.' && !strncmp(n + 1, base, bl) && n[1 + bl] == '.' &&
		    strlen(n + 2 + bl) == 6) {
			char *p = mk_xasprintf("%s/%s", dir, n);

			mk_debug("removing stale %s", p);
			unlink(p);
			free(p);
		}
	}
	closedir(d);
}

/*
 * Write data to dir/base through a temporary file and rename; 0 or -errno. If sb is
 * not NULL it receives the lstat of dir/base after the rename when that is the file
 * written (same device and inode), else sb->st_mode is 0.
 */
static int replace_file(const char *dir, const char *base, const uint8_t *p, size_t n,
			int sync_dir, struct stat *sb)
{
	char *path = mk_xasprintf("%s/%s", dir, base);
	char *tmp = mk_xasprintf("%s/.%s.XXXXXX", dir, base);
	struct stat mine, now;
	int fd, r;

	if (sb)
		memset(sb, 0, sizeof(*sb));
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		r = -errno;
		mk_err("%s: %s", tmp, strerror(-r));
		free(tmp);
		free(path);
		return r;
	}
	r = write_all(fd, p, n);
	if (!r && fchmod(fd, 0644) < 0)
		r = -errno;
	if (!r && fsync(fd) < 0)
		r = -errno;
	if (!r && fstat(fd, &mine) < 0)
		r = -errno;
	if (close(fd) < 0 && !r)
		r = -errno;
	if (!r && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0) {
		mk_err("%s: %s", path, strerror(-r));
		unlink(tmp);
	} else {
		if (sync_dir) {
			r = fsync_dir(dir);
			if (r < 0)
				mk_err("%s: fsync: %s", dir, strerror(-r));
		}
		/* rename(2) changes the ctime on most file systems: take the state now */
		if (!r && sb && lstat(path, &now) == 0 && now.st_dev == mine.st_dev &&
		    now.st_ino == mine.st_ino && S_ISREG(now.st_mode))
			*sb = now;
	}
	free(tmp);
	free(path);
	return r;
}

int mk_output_file(const char *path, const uint8_t *p, size_t n)
{
	char *d1 = mk_xstrdup(path), *b1 = mk_xstrdup(path);
	const char *dir = dirname(d1), *base = basename(b1);
	int r;

	remove_stale(dir, base);
	r = replace_file(dir, base, p, n, 1, NULL);
	free(d1);
	free(b1);
	return r;
}

int mk_output_image(const char *path, const struct mk_buf *img, int force, int *unchanged,
		    struct stat *sb)
{
	char *d1 = mk_xstrdup(path), *b1 = mk_xstrdup(path);
	const char *dir = dirname(d1), *base = basename(b1);
	int r = 0;

	*unchanged = 0;
	remove_stale(dir, base);
	if (!force && same_content(path, img, sb))
		*unchanged = 1;
	else
		r = replace_file(dir, base, img->p, img->len, 1, sb);
	free(d1);
	free(b1);
	return r;
}

static int is_list_name(const char *n)
{
	size_t i = 0;

	while (n[i] >= '0' && n[i] <= '9')
		i++;
	return i > 0 && !strncmp(n + i, MK_NAME_TAG, strlen(MK_NAME_TAG));
}

int mk_output_dir(const char *dir, const struct mk_set *s)
{
	DIR *d;
	struct dirent *de;
	int r = 0;

	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		mk_err("%s: %s", dir, strerror(errno));
		return -errno;
	}
	/* stale lists first: a name not in the new set goes */
	d = opendir(dir);
	if (!d) {
		mk_err("%s: %s", dir, strerror(errno));
		return -errno;
	}
	while ((de = readdir(d)) != NULL) {
		int keep = 0;

		if (!is_list_name(de->d_name) && !(de->d_name[0] == '.' && strstr(de->d_name,
						   MK_NAME_TAG)))
			continue;
		for (size_t i = 0; i < s->n && !keep; i++)
			keep = !strcmp(s->v[i].name, de->d_name);
		if (!keep) {
			char *p = mk_xasprintf("%s/%s", dir, de->d_name);

			if (unlink(p) < 0)
				r = -errno;
			free(p);
		}
	}
	closedir(d);
	for (size_t i = 0; i < s->n && !r; i++) {
		char *p = mk_xasprintf("%s/%s", dir, s->v[i].name);
		struct mk_buf b = { s->v[i].buf, s->v[i].len, s->v[i].len };

		if (!same_content(p, &b, NULL))
			r = replace_file(dir, s->v[i].name, b.p, b.len, 0, NULL);
		free(p);
	}
	if (!r)
		r = fsync_dir(dir);
	return r;
}
