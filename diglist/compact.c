// SPDX-License-Identifier: MIT
/*
 * diglist/compact.c — the compact list of one checked package header (diglist.h):
 * the hash algorithm mapping, the IMMUTABLE rule, the plan (counts and size) and the
 * builder. The plan and the builder walk the same file table with the same rule, and
 * the builder checks that it wrote exactly what the plan announced.
 */
#include <errno.h>
#include <string.h>

#include "diglist.h"

uint16_t dg_kernel_algo(unsigned rpm_algo)
{
	switch (rpm_algo) {
	case RH_DIGEST_SHA256:
		return DG_HASH_SHA256;
	case RH_DIGEST_SHA384:
		return DG_HASH_SHA384;
	case RH_DIGEST_SHA512:
		return DG_HASH_SHA512;
	case RH_DIGEST_SHA224:
		return DG_HASH_SHA224;
	default:
		return 0;
	}
}

const char *dg_kernel_algo_name(uint16_t kalgo)
{
	switch (kalgo) {
	case DG_HASH_SHA256:
		return "sha256";
	case DG_HASH_SHA384:
		return "sha384";
	case DG_HASH_SHA512:
		return "sha512";
	case DG_HASH_SHA224:
		return "sha224";
	default:
		return "?";
	}
}

/* Directories whose files are IMMUTABLE whatever their mode (trailing slash included,
 * so "/lib/modulesX/..." does not match). */
#define D_(s) {s, sizeof(s) - 1}
static const struct {
	const char *s;
	size_t len;
} immutable_dirs[] = {
	D_("/lib/modules/"),
	D_("/usr/lib/modules/"),
	D_("/lib/firmware/"),
	D_("/usr/lib/firmware/"),
};
#undef D_

/* How many leading bytes of dir match prefix[0..pl): the scan stops at pl, at dir's NUL
 * or at the first difference. dir is NUL-terminated inside the header (rpmhdr checked
 * that): no byte past its NUL is read. */
static size_t match_len(const char *dir, const char *prefix, size_t pl)
{
	size_t j = 0;

	while (j < pl && dir[j] && dir[j] == prefix[j])
		j++;
	return j;
}

/* Does dirname ‖ basename start with prefix[0..pl)? */
static int path_has_prefix(const char *dir, const char *base, const char *prefix, size_t pl)
{
	size_t j = match_len(dir, prefix, pl);

	if (j == pl)
		return 1;
	if (dir[j])
		return 0;
	return strncmp(base, prefix + j, pl - j) == 0;
}

/* What the path rule says for every file of a directory: DIR_YES (all match), DIR_NO
 * (none), DIR_BASENAME (dir is a proper prefix of a pattern: the basename decides). */
enum { DIR_NO, DIR_YES, DIR_BASENAME };

static int dir_class(const char *dir)
{
	int cls = DIR_NO;

	for (size_t i = 0; i < sizeof(immutable_dirs) / sizeof(immutable_dirs[0]); i++) {
		size_t pl = immutable_dirs[i].len, j = match_len(dir, immutable_dirs[i].s, pl);

		if (j == pl)
			return DIR_YES;
		if (!dir[j])
			cls = DIR_BASENAME;
	}
	return cls;
}

static int path_immutable(const char *dir, const char *base)
{
	for (size_t i = 0; i < sizeof(immutable_dirs) / sizeof(immutable_dirs[0]); i++)
		if (path_has_prefix(dir, base, immutable_dirs[i].s, immutable_dirs[i].len))
			return 1;
	return 0;
}

static int mode_immutable(const struct rh_file *f)
{
	return (f->mode & 0111) || ((f->mode & 0222) == 0 && f->size > 0);
}

static int class_immutable(int cls, const struct rh_file *f)
{
	if (cls == DIR_BASENAME)
		return path_immutable(f->dirname, f->basename);
	return cls == DIR_YES;
}

int dg_file_immutable(const struct rh_file *f)
{
	return mode_immutable(f) || class_immutable(dir_class(f->dirname), f);
}

/* dg_file_immutable with the directory's class kept while the dirname stays the same
 * (rpmhdr hands out the same pointer for the same directory). */
struct imm_cache {
	const char *dir;
	int cls;
};

static int file_immutable(struct imm_cache *c, const struct rh_file *f)
{
	if (mode_immutable(f))
		return 1;
	if (f->dirname != c->dir) {
		c->dir = f->dirname;
		c->cls = dir_class(f->dirname);
	}
	return class_immutable(c->cls, f);
}

static size_t block_len(uint32_t count, size_t dlen)
{
	return count ? DG_BLOCK_HDR_LEN + (size_t)count * dlen : 0;
}

int dg_compact_plan(const struct rh_ctx *ctx, struct dg_outcome *l)
{
	struct rh_file_iter it;
	struct rh_file f;
	struct imm_cache ic = {NULL, DIR_NO};
	size_t dlen;
	int rc;

	l->rpm_algo = rh_file_digest_algo(ctx);
	dlen = rh_digest_len(l->rpm_algo);
	l->ndigests = l->nimmutable = 0;
	if (rh_files_begin_raw(ctx, &it) != 0) {
		l->err = DG_E_ARG;
		return -EINVAL;
	}
	while ((rc = rh_files_next(&it, &f)) == 1) {
		if (f.digest_len == 0)
			continue;
		if (f.digest_len != dlen) { /* rpmhdr guarantees this; never trust blindly */
			l->err = DG_E_HEADER;
			l->detail = RH_E_DIGEST;
			return -EINVAL;
		}
		l->ndigests++;
		if (file_immutable(&ic, &f))
			l->nimmutable++;
	}
	if (rc < 0) {
		l->err = DG_E_ARG;
		return -EINVAL;
	}
	if (l->ndigests == 0) {
		l->kernel_algo = 0;
		l->digest_len = 0;
		l->compact_len = 0;
		return 0;
	}
	if (l->rpm_algo == RH_DIGEST_MD5 || l->rpm_algo == RH_DIGEST_SHA1) {
		l->err = DG_E_WEAK_DIGEST;
		return -EOPNOTSUPP;
	}
	l->kernel_algo = dg_kernel_algo(l->rpm_algo);
	if (l->kernel_algo == 0) {
		l->err = DG_E_DIGEST_ALGO;
		return -EOPNOTSUPP;
	}
	l->digest_len = dlen;
	/* ndigests <= RH_ARRAY_MAX (2^20) and dlen <= 64: no overflow in size_t. */
	l->compact_len =
		block_len(l->nimmutable, dlen) + block_len(l->ndigests - l->nimmutable, dlen);
	if (l->compact_len > DG_COMPACT_MAX) {
		l->err = DG_E_TOO_LARGE;
		return -EFBIG;
	}
	return 0;
}

static void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void put_block_hdr(uint8_t *p, uint16_t modifiers, uint16_t algo, uint32_t count,
			  size_t dlen)
{
	p[0] = DG_COMPACT_VERSION;
	p[1] = 0;
	put_le16(p + 2, DG_TYPE_FILE);
	put_le16(p + 4, modifiers);
	put_le16(p + 6, algo);
	put_le32(p + 8, count);
	put_le32(p + 12, (uint32_t)(count * dlen));
}

int dg_compact_build(const struct rh_ctx *ctx, const struct dg_outcome *l, uint8_t *out,
		     size_t cap, size_t *len)
{
	struct rh_file_iter it;
	struct rh_file f;
	struct imm_cache ic = {NULL, DIR_NO};
	uint32_t nrest, ni = 0, nr = 0;
	size_t a, b; /* write positions in block A (IMMUTABLE) and block B */
	int rc;

	if (!ctx || !l || !len || l->err != DG_OK)
		return -EINVAL;
	*len = 0;
	if (l->compact_len == 0)
		return 0;
	if (!out || cap < l->compact_len)
		return -ENOSPC;
	nrest = l->ndigests - l->nimmutable;
	a = 0;
	b = block_len(l->nimmutable, l->digest_len);
	if (l->nimmutable) {
		put_block_hdr(out, DG_MOD_IMMUTABLE, l->kernel_algo, l->nimmutable, l->digest_len);
		a = DG_BLOCK_HDR_LEN;
	}
	if (nrest) {
		put_block_hdr(out + b, 0, l->kernel_algo, nrest, l->digest_len);
		b += DG_BLOCK_HDR_LEN;
	}
	if (rh_files_begin_raw(ctx, &it) != 0)
		return -EINVAL;
	/* Invariant: ni <= nimmutable and nr <= nrest before each copy, so a and b stay
	 * inside their blocks and both inside out[0..compact_len). */
	while ((rc = rh_files_next(&it, &f)) == 1) {
		if (f.digest_len == 0)
			continue;
		if (f.digest_len != l->digest_len)
			return -EINVAL;
		if (file_immutable(&ic, &f)) {
			if (ni++ == l->nimmutable)
				return -EINVAL;
			rh_file_digest(&f, out + a);
			a += f.digest_len;
		} else {
			if (nr++ == nrest)
				return -EINVAL;
			rh_file_digest(&f, out + b);
			b += f.digest_len;
		}
	}
	if (rc < 0 || ni != l->nimmutable || nr != nrest)
		return -EINVAL;
	*len = l->compact_len;
	return 0;
}
