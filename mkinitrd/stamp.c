// SPDX-License-Identifier: MIT
/*
 * mkinitrd/stamp.c — IMAGE.stamp: skip a rebuild that would write the same bytes.
 *
 * A run reads every header (~100 MB on a Fedora-sized system) only to find, most of
 * the time, that the image did not change. rpm and dnf answer "did the rpmdb change?"
 * with rpmdbCookie(); the image is a function of the rpmdb's headers, the options and
 * this program, so the stamp records, after a clean build:
 *
 *   diginit-mkinitrd stamp 1
 *   options <SHA-256 hex: stamp format, code id, version, librpm and libarchive
 *            versions, every -D, --allow-unsigned, SOURCE_DATE_EPOCH, the
 *            database file's device and inode>
 *   rpmdb-cookie <rpmdbCookie() hex>
 *   image <dev> <ino> <size> <mtime s.ns> <ctime s.ns>     (lstat after the write)
 *   counts <seen> <written> <pubkeys> <nodigests> <unsigned> <weak>
 *
 * A later run skips reading headers only when every line but the last equals what it
 * computes now. Anything else (no stamp, unreadable, longer than MK_STAMP_MAX, another
 * format, an option or version changed, another cookie, the image missing, replaced,
 * rewritten or touched: ctime moves on every write, rename, chmod or utime) means a
 * full build. The stamp never vouches for bytes it did not see written: it is removed
 * before the image is replaced and written (temporary file, fsync, rename) only after
 * a build that exited 0 and read exactly the headers the cookie covers.
 */
#include <archive.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rpm/rpmcrypto.h>
#include <rpm/rpmlib.h>

#include "mk.h"

#ifndef DIGINIT_VERSION
#define DIGINIT_VERSION "unknown"
#endif
/* A digest of the sources that shape the image (mkinitrd/module.mk). */
#ifndef MK_CODE_ID
#define MK_CODE_ID "unknown"
#endif
#define STAMP_MAGIC "diginit-mkinitrd stamp 1"

/* Hash one named field: name NUL decimal-length NUL value (unambiguous). */
static void field(DIGEST_CTX ctx, const char *name, const char *val)
{
	char len[24];

	snprintf(len, sizeof(len), "%zu", strlen(val));
	rpmDigestUpdate(ctx, name, strlen(name) + 1);
	rpmDigestUpdate(ctx, len, strlen(len) + 1);
	rpmDigestUpdate(ctx, val, strlen(val));
}

static int is_hex(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return 0;
	return 1;
}

int mk_stamp_key(const struct mk_opts *o, const struct mk_dbid *id, struct mk_stamp_key *k)
{
	DIGEST_CTX ctx;
	char num[64];
	char *hex = NULL;
	size_t hexlen = 0;

	memset(k, 0, sizeof(*k));
	if (!is_hex(id->cookie) || strlen(id->cookie) > MK_COOKIE_MAX)
		return -EIO;
	ctx = rpmDigestInit(RPM_HASH_SHA256, RPMDIGEST_NONE);
	if (!ctx)
		return -EIO;
	field(ctx, "format", STAMP_MAGIC);
	field(ctx, "code", MK_CODE_ID);
	field(ctx, "version", DIGINIT_VERSION);
	field(ctx, "librpm", RPMVERSION);
	field(ctx, "libarchive", archive_version_string());
	/* not --root or --dbpath: the database file's device and inode say which database
	 * was read, so `--root R` from outside and a trigger inside R share the stamp */
	for (char **d = o->defines; d && *d; d++)
		field(ctx, "define", *d);
	field(ctx, "allow-unsigned", o->allow_unsigned ? "1" : "0");
	snprintf(num, sizeof(num), "%lld", mk_image_mtime());
	field(ctx, "mtime", num);
	snprintf(num, sizeof(num), "%llu:%llu", (unsigned long long)id->dev,
		 (unsigned long long)id->ino);
	field(ctx, "dbfile", num);
	if (rpmDigestFinal(ctx, (void **)&hex, &hexlen, 1) != 0 || !hex ||
	    strlen(hex) != sizeof(k->opts) - 1) {
		free(hex);
		return -EIO;
	}
	memcpy(k->opts, hex, sizeof(k->opts));
	free(hex);
	memcpy(k->cookie, id->cookie, strlen(id->cookie) + 1);
	return 0;
}

/* The first three lines, from the key. */
static void key_lines(const struct mk_stamp_key *k, char *out, size_t cap)
{
	snprintf(out, cap, STAMP_MAGIC "\noptions %s\nrpmdb-cookie %s\n", k->opts, k->cookie);
}

/* The image line, from its lstat. */
static void image_line(const struct stat *sb, char *out, size_t cap)
{
	snprintf(out, cap, "image %llu %llu %lld %lld.%09ld %lld.%09ld\n",
		 (unsigned long long)sb->st_dev, (unsigned long long)sb->st_ino,
		 (long long)sb->st_size, (long long)sb->st_mtim.tv_sec, sb->st_mtim.tv_nsec,
		 (long long)sb->st_ctim.tv_sec, sb->st_ctim.tv_nsec);
}

/* Is the line starting at *pos equal to want (which ends in '\n')? Advances *pos. */
static int line_is(const char *buf, size_t len, size_t *pos, const char *want, size_t wlen)
{
	if (wlen > len - *pos || memcmp(buf + *pos, want, wlen))
		return 0;
	*pos += wlen;
	return 1;
}

/* Compare one line of want (the next, up to '\n') and advance both. */
static int next_line_is(const char *buf, size_t len, size_t *pos, const char **want)
{
	const char *nl = strchr(*want, '\n');
	size_t wlen = nl ? (size_t)(nl - *want) + 1 : strlen(*want);
	int ok = line_is(buf, len, pos, *want, wlen);

	*want += wlen;
	return ok;
}

/* Read path.stamp into buf (NUL-terminated, no other NUL). 0, -ENOENT, -EINVAL. */
static int read_stamp(const char *spath, char *buf, size_t cap, size_t *len)
{
	struct stat sb;
	size_t got = 0;
	int fd = open(spath, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return errno == ENOENT ? -ENOENT : -EINVAL;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || sb.st_size < 0 ||
	    (uint64_t)sb.st_size >= cap) {
		close(fd);
		return -EINVAL;
	}
	for (;;) {
		ssize_t n = read(fd, buf + got, cap - 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			close(fd);
			return -EINVAL;
		}
		if (n == 0)
			break;
		got += (size_t)n;
		if (got == cap - 1)
			break;
	}
	close(fd);
	if (got != (size_t)sb.st_size || memchr(buf, '\0', got))
		return -EINVAL;
	buf[got] = '\0';
	*len = got;
	return 0;
}

int mk_stamp_check(const char *path, const struct mk_stamp_key *k, struct mk_stats *st,
		   const char **why)
{
	char *spath = mk_xasprintf("%s" MK_STAMP_SUFFIX, path);
	char buf[MK_STAMP_MAX + 1], want[512], img[160];
	const char *w = want;
	struct mk_stats got = { 0 };
	struct stat sb;
	size_t len = 0, pos = 0;
	int n = -1, ok = 0, r;

	r = read_stamp(spath, buf, sizeof(buf), &len);
	free(spath);
	if (r == -ENOENT) {
		*why = "no stamp";
		return 0;
	}
	if (r < 0) {
		*why = "stamp unreadable";
		return 0;
	}
	key_lines(k, want, sizeof(want));
	if (!next_line_is(buf, len, &pos, &w)) {
		*why = "stamp of another format";
		return 0;
	}
	if (!next_line_is(buf, len, &pos, &w)) {
		*why = "options, versions or database file changed";
		return 0;
	}
	if (!next_line_is(buf, len, &pos, &w)) {
		*why = "rpm database changed (rpmdb cookie)";
		return 0;
	}
	if (lstat(path, &sb) < 0) {
		*why = "image missing";
		return 0;
	}
	image_line(&sb, img, sizeof(img));
	if (!S_ISREG(sb.st_mode) || !line_is(buf, len, &pos, img, strlen(img))) {
		*why = "image changed since the stamp was written";
		return 0;
	}
	if (sscanf(buf + pos, "counts %u %u %u %u %u %u\n%n", &got.seen, &got.written,
		   &got.pubkeys, &got.nodigests, &got.unsigned_, &got.weak, &n) == 6 &&
	    n >= 0 && (size_t)n == len - pos && buf[len - 1] == '\n')
		ok = 1;
	if (!ok) {
		*why = "stamp unreadable";
		return 0;
	}
	*st = got;
	*why = "same rpmdb cookie, options and image";
	return 1;
}

int mk_stamp_write(const char *path, const struct mk_stamp_key *k, const struct stat *sb,
		   const struct mk_stats *st)
{
	char *spath = mk_xasprintf("%s" MK_STAMP_SUFFIX, path);
	char buf[MK_STAMP_MAX], img[160];
	size_t len;
	int n, r;

	key_lines(k, buf, sizeof(buf));
	image_line(sb, img, sizeof(img));
	len = strlen(buf);
	n = snprintf(buf + len, sizeof(buf) - len, "%scounts %u %u %u %u %u %u\n", img,
		     st->seen, st->written, st->pubkeys, st->nodigests, st->unsigned_, st->weak);
	if (n < 0 || (size_t)n >= sizeof(buf) - len) {
		free(spath);
		return -EOVERFLOW;
	}
	r = mk_output_file(spath, (const uint8_t *)buf, len + (size_t)n);
	free(spath);
	return r;
}

int mk_stamp_remove(const char *path)
{
	char *spath = mk_xasprintf("%s" MK_STAMP_SUFFIX, path);
	int r = 0;

	if (unlink(spath) < 0 && errno != ENOENT) {
		r = -errno;
		mk_err("%s: %s", spath, strerror(-r));
	}
	free(spath);
	return r;
}
