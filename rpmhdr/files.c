/* SPDX-License-Identifier: MIT */
/*
 * rpmhdr/files.c — the file table of the main header's region: checked as a whole when
 * the header is parsed (rh_files_check), then walked by rh_files_begin/next without
 * further failure paths.
 */
#include <string.h>

#include "rh-int.h"

#define OLDFILENAMES_TAG 1027 /* pre-4.0 flat file list: not supported */

size_t rh_digest_len(unsigned algo)
{
	switch (algo) {
	case RH_DIGEST_MD5:
		return 16;
	case RH_DIGEST_SHA1:
		return 20;
	case RH_DIGEST_SHA224:
		return 28;
	case RH_DIGEST_SHA256:
		return 32;
	case RH_DIGEST_SHA384:
		return 48;
	case RH_DIGEST_SHA512:
		return 64;
	default:
		return 0;
	}
}

static int hexval(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1; /* upper case is rejected: rpm writes lower case */
}

struct ftag {
	uint32_t tag, type;
};

static const struct ftag per_file[] = {
	{RH_TAG_DIRINDEXES, RH_TYPE_INT32},    {RH_TAG_FILEDIGESTS, RH_TYPE_STRING_ARRAY},
	{RH_TAG_FILEMODES, RH_TYPE_INT16},     {RH_TAG_FILESIZES, RH_TYPE_INT32},
	{RH_TAG_LONGFILESIZES, RH_TYPE_INT64}, {RH_TAG_FILEFLAGS, RH_TYPE_INT32},
};

static size_t at(const struct rh_ctx *ctx, const uint8_t *p)
{
	return (size_t)(p - ctx->in);
}

int rh_files_check(struct rh_ctx *ctx)
{
	const struct rh_hdr *h = &ctx->main;
	struct rh_tag bn, dn, di, dg, t;
	size_t i, pos, dlen;
	uint32_t n, k;

	ctx->digest_algo = RH_DIGEST_MD5;
	if (rh_hdr_find(h, 1, h->ril, RH_TAG_FILEDIGESTALGO, &t) == 0) {
		if (t.type != RH_TYPE_INT32 || t.count != 1 || rh_digest_len(rh_be32(t.p)) == 0)
			return rh_fail(ctx, RH_E_DIGEST_ALGO, at(ctx, t.p));
		ctx->digest_algo = rh_be32(t.p);
	}
	dlen = rh_digest_len(ctx->digest_algo);

	if (rh_hdr_find(h, 1, h->ril, OLDFILENAMES_TAG, &t) == 0)
		return rh_fail(ctx, RH_E_FILES, at(ctx, t.p));
	if (rh_hdr_find(h, 1, h->ril, RH_TAG_BASENAMES, &bn) != 0) {
		/* no files: no per-file array may be present */
		for (i = 0; i < sizeof(per_file) / sizeof(per_file[0]); i++)
			if (rh_hdr_find(h, 1, h->ril, per_file[i].tag, &t) == 0)
				return rh_fail(ctx, RH_E_FILES, at(ctx, t.p));
		if (rh_hdr_find(h, 1, h->ril, RH_TAG_DIRNAMES, &t) == 0)
			return rh_fail(ctx, RH_E_FILES, at(ctx, t.p));
		ctx->nfiles = 0;
		return 0;
	}
	if (bn.type != RH_TYPE_STRING_ARRAY)
		return rh_fail(ctx, RH_E_FILES, at(ctx, bn.p));
	n = bn.count;
	if (rh_hdr_find(h, 1, h->ril, RH_TAG_DIRNAMES, &dn) != 0)
		return rh_fail(ctx, RH_E_FILES, at(ctx, bn.p));
	if (dn.type != RH_TYPE_STRING_ARRAY)
		return rh_fail(ctx, RH_E_FILES, at(ctx, dn.p));
	if (rh_hdr_find(h, 1, h->ril, RH_TAG_DIRINDEXES, &di) != 0)
		return rh_fail(ctx, RH_E_FILES, at(ctx, bn.p));
	for (i = 0; i < sizeof(per_file) / sizeof(per_file[0]); i++) {
		if (rh_hdr_find(h, 1, h->ril, per_file[i].tag, &t) != 0)
			continue;
		if (t.type != per_file[i].type || t.count != n)
			return rh_fail(ctx, RH_E_FILES, at(ctx, t.p));
	}
	for (k = 0; k < n; k++) {
		const uint8_t *p = di.p + (size_t)k * 4;

		if (rh_be32(p) >= dn.count)
			return rh_fail(ctx, RH_E_DIRINDEX, at(ctx, p));
	}
	if (rh_hdr_find(h, 1, h->ril, RH_TAG_FILEDIGESTS, &dg) == 0) {
		/* invariant: dg.p[0..pos) holds k complete, valid digest strings */
		for (k = 0, pos = 0; k < n; k++) {
			const uint8_t *s = dg.p + pos;
			const uint8_t *z = memchr(s, 0, dg.len - pos);
			size_t len, j;

			if (z == NULL)
				return rh_fail(ctx, RH_E_NUL, at(ctx, s));
			len = (size_t)(z - s);
			if (len != 0 && len != 2 * dlen)
				return rh_fail(ctx, RH_E_DIGEST, at(ctx, s));
			for (j = 0; j < len; j++)
				if (hexval(s[j]) < 0)
					return rh_fail(ctx, RH_E_DIGEST, at(ctx, s + j));
			pos += len + 1;
		}
	}
	ctx->nfiles = n;
	return 0;
}

unsigned rh_file_digest_algo(const struct rh_ctx *ctx)
{
	return rh_ctx_ok(ctx) ? ctx->digest_algo : 0;
}

uint32_t rh_file_count(const struct rh_ctx *ctx)
{
	return rh_ctx_ok(ctx) ? ctx->nfiles : 0;
}

int rh_files_begin(const struct rh_ctx *ctx, struct rh_file_iter *it)
{
	const struct rh_hdr *h;

	if (it == NULL)
		return -EFAULT;
	memset(it, 0, sizeof(*it));
	if (!rh_ctx_ok(ctx))
		return -EINVAL;
	h = &ctx->main;
	it->ctx = ctx;
	if (ctx->nfiles == 0)
		return 0;
	/* presence and shapes proved by rh_files_check */
	if (rh_hdr_find(h, 1, h->ril, RH_TAG_BASENAMES, &it->bn) != 0 ||
	    rh_hdr_find(h, 1, h->ril, RH_TAG_DIRNAMES, &it->dn) != 0 ||
	    rh_hdr_find(h, 1, h->ril, RH_TAG_DIRINDEXES, &it->di) != 0)
		return -EINVAL;
	it->have_dg = rh_hdr_find(h, 1, h->ril, RH_TAG_FILEDIGESTS, &it->dg) == 0;
	it->have_md = rh_hdr_find(h, 1, h->ril, RH_TAG_FILEMODES, &it->md) == 0;
	it->have_sz = rh_hdr_find(h, 1, h->ril, RH_TAG_FILESIZES, &it->sz) == 0;
	it->have_lsz = rh_hdr_find(h, 1, h->ril, RH_TAG_LONGFILESIZES, &it->lsz) == 0;
	it->have_fl = rh_hdr_find(h, 1, h->ril, RH_TAG_FILEFLAGS, &it->fl) == 0;
	return 0;
}

/* Step over one NUL-terminated string at t->p[*off..); proved present at parse. */
static const char *next_str(const struct rh_tag *t, size_t *off, size_t *len)
{
	const uint8_t *s = t->p + *off;
	const uint8_t *z;

	if (*off >= t->len)
		return NULL;
	z = memchr(s, 0, t->len - *off);
	if (z == NULL)
		return NULL;
	*len = (size_t)(z - s);
	*off += *len + 1;
	return (const char *)s;
}

int rh_files_next(struct rh_file_iter *it, struct rh_file *f)
{
	const struct rh_ctx *ctx;
	size_t len, j;
	uint32_t i;

	if (it == NULL || f == NULL)
		return -EFAULT;
	ctx = it->ctx;
	if (!rh_ctx_ok(ctx))
		return -EINVAL;
	i = it->i;
	if (i >= ctx->nfiles)
		return 0;
	memset(f, 0, sizeof(*f));
	f->index = i;
	f->algo = ctx->digest_algo;
	f->basename = next_str(&it->bn, &it->bn_off, &len);
	f->dirindex = rh_be32(it->di.p + (size_t)i * 4);
	if (f->dirindex < it->dn_idx) {
		it->dn_idx = 0;
		it->dn_off = 0;
	}
	/* invariant: dn.p[dn_off..) starts with string number dn_idx */
	for (;;) {
		size_t o = it->dn_off;
		const char *d = next_str(&it->dn, &o, &len);

		if (d == NULL)
			return -EINVAL;
		if (it->dn_idx == f->dirindex) {
			f->dirname = d;
			break;
		}
		it->dn_off = o;
		it->dn_idx++;
	}
	if (f->basename == NULL)
		return -EINVAL;
	if (it->have_md) {
		f->mode = rh_be16(it->md.p + (size_t)i * 2);
		f->have_mode = 1;
	}
	if (it->have_lsz) {
		f->size = rh_be64(it->lsz.p + (size_t)i * 8);
		f->have_size = 1;
	} else if (it->have_sz) {
		f->size = rh_be32(it->sz.p + (size_t)i * 4);
		f->have_size = 1;
	}
	if (it->have_fl) {
		f->flags = rh_be32(it->fl.p + (size_t)i * 4);
		f->have_flags = 1;
	}
	if (it->have_dg) {
		const char *hex = next_str(&it->dg, &it->dg_off, &len);

		if (hex == NULL || len / 2 > sizeof(f->digest))
			return -EINVAL;
		f->digest_hex = hex;
		f->have_digest = 1;
		/* lowercase hex of the right length: proved by rh_files_check */
		for (j = 0; j + 1 < len; j += 2) {
			int hi = hexval((uint8_t)hex[j]), lo = hexval((uint8_t)hex[j + 1]);

			if (hi < 0 || lo < 0)
				return -EINVAL;
			f->digest[j / 2] = (uint8_t)(hi << 4 | lo);
		}
		f->digest_len = len / 2;
	} else {
		f->digest_hex = "";
	}
	it->i++;
	return 1;
}
