// SPDX-License-Identifier: MIT
/*
 * mkinitrd/image.c — the digest-list image: an uncompressed newc cpio.
 *
 * Entries, in this order:
 *   etc/                  dir  0755  ino 1
 *   etc/diglim/           dir  0755  ino 2
 *   etc/diglim/<name>     file 0644  ino 3, 4, ...   (sorted by name)
 *   TRAILER!!!            (libarchive)
 * All: uid/gid 0, dev/rdev 0, mtime SOURCE_DATE_EPOCH (0 if unset); nlink 2 for the
 * directories, 1 for files; directories have size 0 set explicitly. The archive is
 * written unblocked (no padding to 10240 bytes), so the bytes depend only on the
 * names and contents: the same rpmdb always gives the same image.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mk.h"

static la_ssize_t buf_write(struct archive *a, void *cd, const void *p, size_t n)
{
	struct mk_buf *b = cd;

	(void)a;
	if (n > b->cap - b->len) {
		size_t ncap = b->cap ? b->cap : 65536;

		while (n > ncap - b->len) {
			if (ncap > SIZE_MAX / 2)
				return -1;
			ncap *= 2;
		}
		b->p = mk_xrealloc(b->p, ncap);
		b->cap = ncap;
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
	return (la_ssize_t)n;
}

long long mk_image_mtime(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (!s || !*s)
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < 0)
		return 0;
	return v;
}

static int put(struct archive *a, struct archive_entry *e, const char *path, mode_t mode,
	       int64_t ino, unsigned nlink, const uint8_t *data, size_t len, time_t mt)
{
	archive_entry_clear(e);
	archive_entry_set_pathname(e, path);
	archive_entry_set_mode(e, mode);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	archive_entry_set_dev(e, 0);
	archive_entry_set_rdev(e, 0);
	archive_entry_set_ino64(e, ino);
	archive_entry_set_nlink(e, nlink);
	archive_entry_set_mtime(e, mt, 0);
	archive_entry_set_size(e, (la_int64_t)len);  /* 0 for directories, explicitly */
	if (archive_write_header(a, e) != ARCHIVE_OK)
		return -EIO;
	if (len && archive_write_data(a, data, len) != (la_ssize_t)len)
		return -EIO;
	return 0;
}

int mk_image_build(const struct mk_set *s, struct mk_buf *out)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	time_t mt = (time_t)mk_image_mtime();
	int r = -EIO;

	out->len = 0;
	if (!a || !e)
		goto done;
	if (archive_write_set_format_cpio_newc(a) != ARCHIVE_OK ||
	    archive_write_set_bytes_per_block(a, 0) != ARCHIVE_OK ||
	    archive_write_open(a, out, NULL, buf_write, NULL) != ARCHIVE_OK)
		goto done;
	if (put(a, e, "etc", AE_IFDIR | 0755, 1, 2, NULL, 0, mt) < 0 ||
	    put(a, e, MK_LISTS_DIR, AE_IFDIR | 0755, 2, 2, NULL, 0, mt) < 0)
		goto done;
	for (size_t i = 0; i < s->n; i++) {
		char path[sizeof(MK_LISTS_DIR) + 1 + DG_NAME_MAX + 1];

		snprintf(path, sizeof(path), "%s/%s", MK_LISTS_DIR, s->v[i].name);
		if (put(a, e, path, AE_IFREG | 0644, (int64_t)i + 3, 1, s->v[i].buf, s->v[i].len,
			mt) < 0)
			goto done;
	}
	if (archive_write_close(a) != ARCHIVE_OK)
		goto done;
	r = 0;
done:
	if (r < 0)
		mk_err("writing the cpio: %s", a ? archive_error_string(a) : "out of memory");
	if (e)
		archive_entry_free(e);
	if (a)
		archive_write_free(a);
	return r;
}

int mk_image_read(const char *path, struct mk_set *set)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	const size_t plen = strlen(MK_LISTS_DIR "/");
	int r = 0, st;

	if (!a)
		return -ENOMEM;
	archive_read_support_format_cpio(a);
	archive_read_support_filter_none(a);
	if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK) {
		mk_err("%s: %s", path, archive_error_string(a));
		archive_read_free(a);
		return -EINVAL;
	}
	while ((st = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(e);
		la_int64_t size = archive_entry_size(e);
		uint8_t *buf;
		size_t got = 0;

		if (!name)
			continue;
		if (name[0] == '.' && name[1] == '/')
			name += 2;
		if (archive_entry_filetype(e) != AE_IFREG || strncmp(name, MK_LISTS_DIR "/", plen) ||
		    strchr(name + plen, '/'))
			continue;
		if (size < 0 || (uint64_t)size > MK_IMAGE_MAX) {
			mk_err("%s: %s: size out of range", path, name);
			r = -EINVAL;
			break;
		}
		buf = mk_xmalloc((size_t)size);
		while (got < (size_t)size) {
			la_ssize_t n = archive_read_data(a, buf + got, (size_t)size - got);

			if (n <= 0)
				break;
			got += (size_t)n;
		}
		if (got != (size_t)size) {
			mk_err("%s: %s: truncated", path, name);
			free(buf);
			r = -EINVAL;
			break;
		}
		mk_set_add(set, mk_xstrdup(name + plen), buf, got);
		set->v[set->n - 1].name = mk_xstrdup(name + plen);
	}
	if (!r && st != ARCHIVE_EOF) {
		mk_err("%s: %s", path, archive_error_string(a));
		r = -EINVAL;
	}
	archive_read_free(a);
	return r;
}
