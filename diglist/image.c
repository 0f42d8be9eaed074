// SPDX-License-Identifier: MIT
/*
 * diglist/image.c — the digest-list image reader (diglist.h): a strict newc cpio
 * reader that accepts exactly what diginit-mkinitrd writes. No allocation, no
 * recursion; every length is compared with what is left of the input (n > len - off),
 * never by forming a pointer past the end. The whole image is checked before
 * dg_image_next hands out anything.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "diglist.h"

/* The 13 header fields, in their order after the magic. */
enum {
	F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_SIZE, F_DEVMAJ, F_DEVMIN, F_RDEVMAJ,
	F_RDEVMIN, F_NAMESIZE, F_CHECK, F__COUNT
};
#define FIELD_LEN	   8u
#define FIELD_OFF(k)	   (DG_IMG_MAGIC_LEN + FIELD_LEN * (size_t)(k))
#define MODE_TYPE	   0170000u
#define MODE_DIR	   0040000u
#define MODE_REG	   0100000u
#define TRAILER_NAMESIZE (sizeof(DG_IMG_TRAILER)) /* "TRAILER!!!" and its NUL: 11 */

_Static_assert(DG_IMG_HDR_LEN == FIELD_OFF(F__COUNT), "newc header length");

/* One entry as read: the header fields, the name (NUL-terminated inside the input),
 * and where its data lies. */
struct entry {
	uint32_t f[F__COUNT];
	const char *name;
	size_t data_off;
};

static const char *const img_errtab[DG_IMG_E__COUNT] = {
	[DG_IMG_OK] = "no error",
	[DG_IMG_E_ARG] = "bad argument",
	[DG_IMG_E_COMPRESSED] = "compressed data (the image is an uncompressed newc cpio)",
	[DG_IMG_E_MAGIC] = "not a newc cpio entry",
	[DG_IMG_E_TRUNC] = "image truncated or size past the end",
	[DG_IMG_E_HEX] = "header field not 8 lowercase hex digits",
	[DG_IMG_E_NAMESIZE] = "bad name size",
	[DG_IMG_E_PADDING] = "non-zero padding",
	[DG_IMG_E_TRAILER] = "bad trailer entry",
	[DG_IMG_E_TYPE] = "not a directory or regular file",
	[DG_IMG_E_MODE] = "mode not 0755 (directory) or 0644 (file)",
	[DG_IMG_E_OWNER] = "owner or group not 0",
	[DG_IMG_E_NLINK] = "link count not 2 (directory) or 1 (file)",
	[DG_IMG_E_DEV] = "device numbers not 0",
	[DG_IMG_E_INO] = "inode number out of sequence",
	[DG_IMG_E_MTIME] = "mtime differs from the first entry's",
	[DG_IMG_E_CHECK] = "check field not 0",
	[DG_IMG_E_SIZE] = "directory with data, or empty list file",
	[DG_IMG_E_DIR] = "directories other than etc, etc/diglim first",
	[DG_IMG_E_PATH] = "entry outside etc/diglim/",
	[DG_IMG_E_NAME] = "list name not usable as a label",
	[DG_IMG_E_DUP] = "duplicate list name",
	[DG_IMG_E_ORDER] = "list names not in order",
	[DG_IMG_E_NO_TRAILER] = "no trailer",
	[DG_IMG_E_AFTER_TRAILER] = "data after the trailer",
};

const char *dg_image_strerror(int err)
{
	if (err < 0 || err >= DG_IMG_E__COUNT || img_errtab[err] == NULL)
		return "unknown error";
	return img_errtab[err];
}

void dg_image_reason(const struct dg_image_err *e, char *out, size_t cap)
{
	if (!out || cap == 0)
		return;
	if (e->name[0])
		snprintf(out, cap, "entry %s: %s at %zu", e->name, dg_image_strerror(e->err),
			 e->off);
	else
		dg_reason_print(out, cap, dg_image_strerror(e->err), NULL, e->off);
}

int dg_image_compressed(const uint8_t *buf, size_t len)
{
	/* the two-byte magics the kernel's decompressors answer to (lib/decompress.c) */
	static const uint8_t magic[][2] = {
		{0x1f, 0x8b}, {0x1f, 0x9e}, /* gzip */
		{0x42, 0x5a},		    /* bzip2 */
		{0x5d, 0x00},		    /* lzma */
		{0xfd, 0x37},		    /* xz */
		{0x89, 0x4c},		    /* lzo */
		{0x02, 0x21},		    /* lz4 */
		{0x28, 0xb5},		    /* zstd */
	};

	if (!buf || len < 2)
		return 0;
	for (size_t i = 0; i < sizeof(magic) / sizeof(magic[0]); i++)
		if (buf[0] == magic[i][0] && buf[1] == magic[i][1])
			return 1;
	return 0;
}

/* Record why; name (nlen bytes, may be NULL) printable. Returns -EINVAL. */
static int fail(struct dg_image_err *e, int code, size_t off, const char *name, size_t nlen)
{
	size_t i;

	e->err = code;
	e->off = off;
	for (i = 0; name && i < nlen && i < DG_IMG_PATH_MAX && name[i]; i++)
		e->name[i] = name[i] > 0x20 && name[i] < 0x7f ? name[i] : '?';
	e->name[i] = '\0';
	return -EINVAL;
}

/* Zero bytes to the next multiple of DG_IMG_ALIGN after n bytes. */
static size_t pad_of(size_t n)
{
	return (DG_IMG_ALIGN - n % DG_IMG_ALIGN) % DG_IMG_ALIGN;
}

/* 8 lowercase hex digits at p -> *v. Returns 0 or -1. */
static int hex8(const uint8_t *p, uint32_t *v)
{
	uint32_t x = 0;

	for (size_t i = 0; i < FIELD_LEN; i++) {
		uint8_t c = p[i];

		if (c >= '0' && c <= '9')
			x = x << 4 | (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			x = x << 4 | (uint32_t)(c - 'a' + 10);
		else
			return -1;
	}
	*v = x;
	return 0;
}

/* The first non-zero byte of buf[off..end), or end. */
static size_t nonzero(const uint8_t *buf, size_t off, size_t end)
{
	while (off < end && buf[off] == 0)
		off++;
	return off;
}

/*
 * Header, name and name padding of the entry at it->off into *e.
 * Invariant on entry: it->off <= it->len and it->off is a multiple of DG_IMG_ALIGN.
 */
static int entry_head(const struct dg_image *it, struct entry *e, struct dg_image_err *err)
{
	const uint8_t *h = it->buf + it->off;
	size_t rest = it->len - it->off, nsz, npad, p;
	const char *name;
	const uint8_t *nul;

	if (rest == 0)
		return fail(err, DG_IMG_E_NO_TRAILER, it->off, NULL, 0);
	if (rest < DG_IMG_MAGIC_LEN || memcmp(h, DG_IMG_MAGIC, DG_IMG_MAGIC_LEN) != 0) {
		if (dg_image_compressed(h, rest))
			return fail(err, DG_IMG_E_COMPRESSED, it->off, NULL, 0);
		if (rest < DG_IMG_MAGIC_LEN && memcmp(h, DG_IMG_MAGIC, rest) == 0)
			return fail(err, DG_IMG_E_TRUNC, it->len, NULL, 0);
		return fail(err, DG_IMG_E_MAGIC, it->off, NULL, 0);
	}
	if (rest < DG_IMG_HDR_LEN)
		return fail(err, DG_IMG_E_TRUNC, it->len, NULL, 0);
	for (size_t k = 0; k < F__COUNT; k++)
		if (hex8(h + FIELD_OFF(k), &e->f[k]) != 0)
			return fail(err, DG_IMG_E_HEX, it->off + FIELD_OFF(k), NULL, 0);
	nsz = e->f[F_NAMESIZE];
	if (nsz == 0 || nsz > DG_IMG_PATH_MAX + 1u)
		return fail(err, DG_IMG_E_NAMESIZE, it->off + FIELD_OFF(F_NAMESIZE), NULL, 0);
	if (nsz > rest - DG_IMG_HDR_LEN)
		return fail(err, DG_IMG_E_TRUNC, it->off + FIELD_OFF(F_NAMESIZE), NULL, 0);
	name = (const char *)(h + DG_IMG_HDR_LEN);
	/* the name ends with its only NUL: strcmp and dg_name_ok stay inside it */
	nul = memchr(name, '\0', nsz);
	if (nul != (const uint8_t *)name + nsz - 1)
		return fail(err, DG_IMG_E_NAMESIZE, it->off + FIELD_OFF(F_NAMESIZE), name,
			    nsz);
	npad = pad_of(DG_IMG_HDR_LEN + nsz);
	if (npad > rest - DG_IMG_HDR_LEN - nsz)
		return fail(err, DG_IMG_E_TRUNC, it->len, name, nsz);
	p = it->off + DG_IMG_HDR_LEN + nsz;
	if (nonzero(it->buf, p, p + npad) != p + npad)
		return fail(err, DG_IMG_E_PADDING, nonzero(it->buf, p, p + npad), name, nsz);
	e->name = name;
	e->data_off = p + npad;
	return 0;
}

/* The trailer entry at it->off (its head read into e) and everything after it. */
static int trailer(const struct dg_image *it, const struct entry *e, struct dg_image_err *err)
{
	size_t k, z;

	if (it->index < 2) /* etc and etc/diglim come first */
		return fail(err, DG_IMG_E_DIR, it->off, e->name, TRAILER_NAMESIZE);
	for (k = 0; k < F__COUNT; k++) {
		uint32_t want = k == F_NLINK ? 1u : k == F_NAMESIZE ? TRAILER_NAMESIZE : 0u;

		if (e->f[k] != want)
			return fail(err, DG_IMG_E_TRAILER, it->off + FIELD_OFF(k), e->name,
				    TRAILER_NAMESIZE);
	}
	/* filesize 0: e->data_off is where the trailer ends; only zero bytes may follow
	   (the kernel would read anything else as another archive) */
	z = nonzero(it->buf, e->data_off, it->len);
	if (z != it->len)
		return fail(err, DG_IMG_E_AFTER_TRAILER, z, NULL, 0);
	return 0;
}

/* The header fields of a directory or list file at position it->index. */
static int fields(const struct dg_image *it, const struct entry *e, int isdir,
		  struct dg_image_err *err)
{
	static const uint8_t devs[] = {F_DEVMAJ, F_DEVMIN, F_RDEVMAJ, F_RDEVMIN};
	size_t nsz = e->f[F_NAMESIZE], at = it->off;
	uint32_t mtime = it->index == 0 ? e->f[F_MTIME] : it->mtime;

	if (e->f[F_MODE] != (isdir ? DG_IMG_MODE_DIR : DG_IMG_MODE_FILE))
		return fail(err, DG_IMG_E_MODE, at + FIELD_OFF(F_MODE), e->name, nsz);
	if (e->f[F_UID] != 0)
		return fail(err, DG_IMG_E_OWNER, at + FIELD_OFF(F_UID), e->name, nsz);
	if (e->f[F_GID] != 0)
		return fail(err, DG_IMG_E_OWNER, at + FIELD_OFF(F_GID), e->name, nsz);
	if (e->f[F_NLINK] != (isdir ? 2u : 1u))
		return fail(err, DG_IMG_E_NLINK, at + FIELD_OFF(F_NLINK), e->name, nsz);
	for (size_t i = 0; i < sizeof(devs); i++)
		if (e->f[devs[i]] != 0)
			return fail(err, DG_IMG_E_DEV, at + FIELD_OFF(devs[i]), e->name, nsz);
	if ((uint64_t)e->f[F_INO] != (uint64_t)it->index + 1u)
		return fail(err, DG_IMG_E_INO, at + FIELD_OFF(F_INO), e->name, nsz);
	if (e->f[F_MTIME] != mtime)
		return fail(err, DG_IMG_E_MTIME, at + FIELD_OFF(F_MTIME), e->name, nsz);
	if (e->f[F_CHECK] != 0)
		return fail(err, DG_IMG_E_CHECK, at + FIELD_OFF(F_CHECK), e->name, nsz);
	if (isdir ? e->f[F_SIZE] != 0 : e->f[F_SIZE] == 0)
		return fail(err, DG_IMG_E_SIZE, at + FIELD_OFF(F_SIZE), e->name, nsz);
	return 0;
}

/* Where the entry may be: etc, etc/diglim, then etc/diglim/NAME in name order. */
static int place(const struct dg_image *it, const struct entry *e, int isdir,
		 struct dg_image_err *err)
{
	size_t nsz = e->f[F_NAMESIZE], at = it->off + DG_IMG_HDR_LEN;
	const char *n = e->name, *list;
	int c;

	if (it->index == 0 || it->index == 1) {
		if (!isdir || strcmp(n, it->index == 0 ? "etc" : DG_IMG_DIR) != 0)
			return fail(err, DG_IMG_E_DIR, it->off, n, nsz);
		return 0;
	}
	if (isdir)
		return fail(err, DG_IMG_E_DIR, it->off, n, nsz);
	/* nsz - 1 bytes of name: the prefix, then at least one byte */
	if (nsz - 1 <= DG_IMG_PREFIX_LEN || memcmp(n, DG_IMG_DIR "/", DG_IMG_PREFIX_LEN) != 0)
		return fail(err, DG_IMG_E_PATH, at, n, nsz);
	list = n + DG_IMG_PREFIX_LEN;
	if (list[0] == '.' || strchr(list, '/') != NULL)
		return fail(err, DG_IMG_E_PATH, at, n, nsz);
	if (!dg_name_ok(list))
		return fail(err, DG_IMG_E_NAME, at, n, nsz);
	if (it->prev) {
		c = strcmp(list, it->prev);
		if (c == 0)
			return fail(err, DG_IMG_E_DUP, at, n, nsz);
		if (c < 0)
			return fail(err, DG_IMG_E_ORDER, at, n, nsz);
	}
	return 0;
}

/*
 * Check the entry at it->off and step over it. Returns 1 (a directory or list file:
 * *e set), 0 (the trailer and the zero bytes after it: the image ends well), or
 * -EINVAL (err set).
 */
static int entry_read(struct dg_image *it, struct entry *e, struct dg_image_err *err)
{
	size_t size, dpad, nsz, p;
	uint32_t type;
	int isdir, rc;

	rc = entry_head(it, e, err);
	if (rc)
		return rc;
	nsz = e->f[F_NAMESIZE];
	if (nsz == TRAILER_NAMESIZE && memcmp(e->name, DG_IMG_TRAILER, TRAILER_NAMESIZE) == 0)
		return trailer(it, e, err);
	type = e->f[F_MODE] & MODE_TYPE;
	if (type != MODE_DIR && type != MODE_REG)
		return fail(err, DG_IMG_E_TYPE, it->off + FIELD_OFF(F_MODE), e->name, nsz);
	isdir = type == MODE_DIR;
	rc = fields(it, e, isdir, err);
	if (!rc)
		rc = place(it, e, isdir, err);
	if (rc)
		return rc;
	/* data_off <= len (entry_head); compare sizes with what is left */
	size = e->f[F_SIZE];
	if (size > it->len - e->data_off)
		return fail(err, DG_IMG_E_TRUNC, it->off + FIELD_OFF(F_SIZE), e->name, nsz);
	dpad = pad_of(size);
	if (dpad > it->len - e->data_off - size)
		return fail(err, DG_IMG_E_TRUNC, it->len, e->name, nsz);
	p = e->data_off + size;
	if (nonzero(it->buf, p, p + dpad) != p + dpad)
		return fail(err, DG_IMG_E_PADDING, nonzero(it->buf, p, p + dpad), e->name, nsz);
	if (it->index == 0)
		it->mtime = e->f[F_MTIME];
	if (!isdir)
		it->prev = e->name + DG_IMG_PREFIX_LEN;
	it->index++; /* < 2^32: ino == index + 1 was checked, and ino is 32 bits */
	it->off = p + dpad;
	return 1;
}

static void rewind_it(struct dg_image *it)
{
	it->off = 0;
	it->index = 0;
	it->mtime = 0;
	it->prev = NULL;
}

int dg_image_open(const uint8_t *buf, size_t len, struct dg_image *it,
		  struct dg_image_err *err)
{
	struct dg_image_err scratch;
	struct entry e;
	uint32_t nlists = 0;
	int rc;

	if (!err)
		err = &scratch;
	memset(err, 0, sizeof(*err));
	if (it)
		memset(it, 0, sizeof(*it));
	if (!it || !buf) {
		err->err = DG_IMG_E_ARG;
		return -EFAULT;
	}
	memset(it, 0, sizeof(*it));
	it->buf = buf;
	it->len = len;
	while ((rc = entry_read(it, &e, err)) == 1)
		if ((e.f[F_MODE] & MODE_TYPE) == MODE_REG)
			nlists++;
	if (rc < 0)
		return rc;
	rewind_it(it);
	it->nlists = nlists;
	it->valid = 1;
	return 0;
}

int dg_image_next(struct dg_image *it, struct dg_image_list *l)
{
	struct dg_image_err err;
	struct entry e;
	size_t at;
	int rc;

	if (!it || !l || !it->valid)
		return -EINVAL;
	/* every entry was checked by dg_image_open; they are read again with the same
	   checks, so a header changed meanwhile stops the walk (-EINVAL) instead of
	   misleading it. That does not undo the lists already handed out, nor notice
	   changed list bytes: callers pass memory only they can write (diglist.h). */
	for (;;) {
		at = it->off;
		rc = entry_read(it, &e, &err);
		if (rc < 0)
			it->valid = 0;
		if (rc <= 0)
			return rc;
		if ((e.f[F_MODE] & MODE_TYPE) == MODE_REG)
			break;
	}
	l->name = e.name + DG_IMG_PREFIX_LEN;
	l->data = it->buf + e.data_off;
	l->size = e.f[F_SIZE];
	l->off = at;
	return 1;
}
