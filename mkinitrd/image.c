// SPDX-License-Identifier: MIT
/*
 * mkinitrd/image.c — the digest-list image: an uncompressed newc cpio, written with
 * libarchive and read back with the shim's own strict reader (diglist.h dg_image_open),
 * so that --list, --verify and --predict accept exactly the images the shim accepts.
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
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bearssl/bearssl_hash.h>

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

/* The whole regular file at path into a new buffer (at most DG_IMG_MAX bytes). */
static int slurp(const char *path, uint8_t **out, size_t *len)
{
	uint8_t *p;
	/* an empty file goes to the reader, which says what is wrong with it */
	int r, fd = dg_file_open(AT_FDCWD, path, DG_FILE_EMPTY_OK, DG_IMG_MAX, len);

	if (fd < 0) {
		if (fd == -EINVAL || fd == -EFBIG)
			mk_err("%s: not a regular file of at most %u bytes", path, DG_IMG_MAX);
		else
			mk_err("%s: %s", path, strerror(-fd));
		return fd;
	}
	p = mk_xmalloc(*len + 1);
	r = dg_file_read(fd, p, *len);
	close(fd);
	if (r < 0) {
		mk_err("%s: read: %s", path, strerror(-r));
		free(p);
		return r;
	}
	*out = p;
	return 0;
}

/* One newc header as systemd-stub writes it (src/boot/efi/cpio.c: lowercase hex, uid,
 * gid, mtime and devices 0, nlink 1), its name with the NUL, padded to 4 from the
 * archive's start (*off). */
static void stub_entry(br_sha256_context *c, size_t *off, unsigned ino, unsigned mode,
		       size_t size, const char *name)
{
	static const uint8_t zero[4];
	char h[6 + 13 * 8 + 64];
	size_t nlen = strlen(name) + 1;

	/* size <= DG_IMG_MAX (1 GiB): read through the image reader */
	snprintf(h, sizeof(h), "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
		 ino, mode, 0u, 0u, 1u, 0u, (unsigned)size, 0u, 0u, 0u, 0u, (unsigned)nlen, 0u);
	br_sha256_update(c, h, 6 + 13 * 8);
	br_sha256_update(c, name, nlen);
	*off += 6 + 13 * 8 + nlen;
	br_sha256_update(c, zero, (4 - *off % 4) % 4);
	*off += (4 - *off % 4) % 4;
}

/* SHA-256 of the archive systemd-stub builds for a directory of credentials holding
 * only diginit.cred = img[0..len): the prefix directories (".extra" 0555, then dir
 * 0500), the file (0400), the trailer; what it measures into PCR 12. */
static void stub_sum(const uint8_t *img, size_t len, const char *dir, uint8_t out[32])
{
	static const uint8_t zero[4];
	/* the stub's trailer: ino 0, mode 0, nlink 1, namesize 0xB uppercase, 4 NULs */
	static const char trailer[] = "070701" "00000000" "00000000" "00000000" "00000000"
				      "00000001" "00000000" "00000000" "00000000" "00000000"
				      "00000000" "00000000" "0000000B" "00000000"
				      "TRAILER!!!\0\0\0";
	char name[64];
	br_sha256_context c;
	size_t off = 0;

	br_sha256_init(&c);
	stub_entry(&c, &off, 1, 040555, 0, ".extra");
	stub_entry(&c, &off, 2, 040500, 0, dir);
	snprintf(name, sizeof(name), "%s/diginit.cred", dir);
	stub_entry(&c, &off, 3, 0100400, len, name);
	br_sha256_update(&c, img, len);
	br_sha256_update(&c, zero, (4 - len % 4) % 4);
	br_sha256_update(&c, trailer, sizeof(trailer));
	br_sha256_out(&c, out);
}

int mk_image_read(const char *path, struct mk_set *set, struct mk_image_sums *sums)
{
	struct dg_image it;
	struct dg_image_err err;
	struct dg_image_list l;
	char why[DG_IMG_PATH_MAX + DG_REASON_MAX];
	uint8_t *img = NULL;
	size_t len = 0;
	int r = slurp(path, &img, &len);

	if (r < 0)
		return r;
	if (dg_image_open(img, len, &it, &err) != 0) {
		dg_image_reason(&err, why, sizeof(why));
		mk_err("%s: image rejected: %s", path, why);
		free(img);
		return -EINVAL;
	}
	while ((r = dg_image_next(&it, &l)) == 1) {
		uint8_t *buf = mk_xmalloc(l.size);

		memcpy(buf, l.data, l.size);
		mk_set_add(set, NULL, buf, l.size);
		set->v[set->n - 1].name = mk_xstrdup(l.name);
	}
	if (r == 0 && sums) {
		br_sha256_context c;

		br_sha256_init(&c);
		br_sha256_update(&c, img, len);
		br_sha256_out(&c, sums->file);
		stub_sum(img, len, ".extra/credentials", sums->stub);
		stub_sum(img, len, ".extra/global_credentials", sums->stub_global);
	}
	free(img);
	return r < 0 ? -EINVAL : 0;
}
