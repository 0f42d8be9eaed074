/* SPDX-License-Identifier: MIT */
/*
 * rpmhdr/files.c — the file table of the main header's region: checked as a whole when
 * the header is parsed (rh_files_check: counts, strings, hex digests of the declared
 * length), then walked by rh_files_begin (digests decoded) or rh_files_begin_raw (hex
 * kept; rh_file_digest decodes one) and rh_files_next, which cannot fail on a checked
 * table. Also the digest size by algorithm (rh_digest_len) and the hex helpers.
 */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "rh-int.h"

#define OLDFILENAMES_TAG 1027 /* pre-4.0 flat file list: not supported */

size_t rh_digest_len(unsigned algo)
{
	return hashid_digest_len(algo);
}

/* Lower-case hex digit -> value; every other byte -> HEX_BAD (upper case is rejected:
 * rpm writes lower case). OR-ing the entries of a string tells whether all are digits. */
#define HEX_BAD 0x80
#define X_(c) [(unsigned char)(c)] = (uint8_t)((c) - '0' + 1)
#define A_(c) [(unsigned char)(c)] = (uint8_t)((c) - 'a' + 11)
static const uint8_t hex1[256] = {
	X_('0'), X_('1'), X_('2'), X_('3'), X_('4'), X_('5'), X_('6'), X_('7'), X_('8'), X_('9'),
	A_('a'), A_('b'), A_('c'), A_('d'), A_('e'), A_('f'),
};
#undef X_
#undef A_

static inline uint8_t hexv(uint8_t c)
{
	return hex1[c] ? (uint8_t)(hex1[c] - 1) : HEX_BAD; /* table holds value + 1, 0 = bad */
}

/* Are s[0..n) all lower-case hex digits? */
int rh_hex_ok(const uint8_t *s, size_t n)
{
	uint8_t bad = 0;
	size_t j = 0;

#ifdef __SSE2__
	/* c - '0' < 10 or c - 'a' < 6, unsigned: shifted by 0x80 into a signed compare */
	const __m128i d0 = _mm_set1_epi8((char)(0x80 - '0')), d1 = _mm_set1_epi8((char)0x8a);
	const __m128i a0 = _mm_set1_epi8((char)(0x80 - 'a')), a1 = _mm_set1_epi8((char)0x86);

	for (; n - j >= 16; j += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + j));
		__m128i dig = _mm_cmplt_epi8(_mm_add_epi8(v, d0), d1);
		__m128i af = _mm_cmplt_epi8(_mm_add_epi8(v, a0), a1);

		if (_mm_movemask_epi8(_mm_or_si128(dig, af)) != 0xffff)
			return 0;
	}
#endif
	for (; j < n; j++)
		bad |= hexv(s[j]);
	return !(bad & HEX_BAD);
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

/* s[0..avail) starts neither with "" nor with hl hex digits and a NUL: the reason and
 * its offset. */
static int bad_digest(struct rh_ctx *ctx, const uint8_t *s, size_t avail, size_t hl)
{
	const uint8_t *z = memchr(s, 0, avail);
	size_t len, j;

	if (z == NULL)
		return rh_fail(ctx, RH_E_NUL, at(ctx, s));
	len = (size_t)(z - s);
	for (j = 0; len == hl && j < len; j++)
		if (hexv(s[j]) == HEX_BAD)
			return rh_fail(ctx, RH_E_DIGEST, at(ctx, s + j));
	return rh_fail(ctx, RH_E_DIGEST, at(ctx, s));
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
		size_t hl = 2 * dlen;

		/* invariant: dg.p[0..pos) holds k complete, valid digest strings, each "" or
		 * hl hex digits and a NUL */
		for (k = 0, pos = 0; k < n; k++) {
			const uint8_t *s = dg.p + pos;

			if (pos < dg.len && s[0] == 0)
				pos++;
			else if (hl < dg.len - pos && s[hl] == 0 && rh_hex_ok(s, hl))
				pos += hl + 1;
			else
				return bad_digest(ctx, s, dg.len - pos, hl);
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

static int files_begin(const struct rh_ctx *ctx, struct rh_file_iter *it, uint8_t raw)
{
	const struct rh_hdr *h;

	if (it == NULL)
		return -EFAULT;
	memset(it, 0, sizeof(*it));
	if (!rh_ctx_ok(ctx))
		return -EINVAL;
	h = &ctx->main;
	it->ctx = ctx;
	it->raw = raw;
	it->hexlen = 2 * rh_digest_len(ctx->digest_algo);
	if (it->hexlen / 2 > RH_MAX_DIGEST)
		return -EINVAL; /* rh_digest_len <= RH_MAX_DIGEST: cannot happen */
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

int rh_files_begin(const struct rh_ctx *ctx, struct rh_file_iter *it)
{
	return files_begin(ctx, it, 0);
}

int rh_files_begin_raw(const struct rh_ctx *ctx, struct rh_file_iter *it)
{
	return files_begin(ctx, it, 1);
}

/* Step over one NUL-terminated string at t->p[*off..); proved present at parse. */
static const char *next_str(const struct rh_tag *t, size_t *off)
{
	size_t start = *off;

	if (rh_skip_strings(t->p, start, t->len, 1, off) != 0)
		return NULL;
	return (const char *)t->p + start;
}

/* out[0..n/2) = the n lower-case hex digits at hex (checked by rh_files_check). A
 * checked digit c is worth (c & 15) + 9 * (c >> 6): '0'..'9' = 0x30.., 'a'..'f' = 0x61.. */
void rh_hex_decode(uint8_t *out, const char *hex, size_t n)
{
	size_t j = 0;

#ifdef __SSE2__
	const __m128i lo4 = _mm_set1_epi8(0x0f), one = _mm_set1_epi8(1), lo8 = _mm_set1_epi16(0xff);

	for (; n - j >= 32; j += 32) {
		__m128i w[2];

		for (int k = 0; k < 2; k++) {
			__m128i c = _mm_loadu_si128((const __m128i *)(const void *)(hex + j + 16 * k));
			__m128i hi = _mm_and_si128(_mm_srli_epi16(c, 6), one); /* 0 or 1 per byte */
			__m128i nib = _mm_add_epi8(_mm_and_si128(c, lo4),
						   _mm_add_epi8(_mm_slli_epi16(hi, 3), hi));

			/* 16-bit lanes: first digit low byte, second high byte */
			w[k] = _mm_and_si128(_mm_or_si128(_mm_slli_epi16(nib, 4), _mm_srli_epi16(nib, 8)),
					     lo8);
		}
		_mm_storeu_si128((__m128i *)(void *)(out + j / 2), _mm_packus_epi16(w[0], w[1]));
	}
#endif
	for (; j + 1 < n; j += 2)
		out[j / 2] = (uint8_t)(hexv((uint8_t)hex[j]) << 4 | hexv((uint8_t)hex[j + 1]));
}

void rh_file_digest(const struct rh_file *f, uint8_t *out)
{
	rh_hex_decode(out, f->digest_hex, 2 * f->digest_len);
}

int rh_files_next(struct rh_file_iter *it, struct rh_file *f)
{
	const struct rh_ctx *ctx;
	uint32_t i;

	if (it == NULL || f == NULL)
		return -EFAULT;
	ctx = it->ctx;
	if (!rh_ctx_ok(ctx))
		return -EINVAL;
	i = it->i;
	if (i >= ctx->nfiles)
		return 0;
	f->index = i;
	f->algo = ctx->digest_algo;
	f->basename = next_str(&it->bn, &it->bn_off);
	if (f->basename == NULL)
		return -EINVAL;
	f->dirindex = rh_be32(it->di.p + (size_t)i * 4);
	if (f->dirindex < it->dn_idx) {
		it->dn_idx = 0;
		it->dn_off = 0;
	}
	/* invariant: dn.p[dn_off..) starts with string number dn_idx */
	while (it->dn_idx < f->dirindex) {
		if (next_str(&it->dn, &it->dn_off) == NULL)
			return -EINVAL;
		it->dn_idx++;
	}
	if (it->dn_off >= it->dn.len)
		return -EINVAL;
	f->dirname = (const char *)it->dn.p + it->dn_off;
	f->mode = 0;
	f->have_mode = it->have_md;
	if (it->have_md)
		f->mode = rh_be16(it->md.p + (size_t)i * 2);
	f->size = 0;
	f->have_size = it->have_lsz | it->have_sz;
	if (it->have_lsz)
		f->size = rh_be64(it->lsz.p + (size_t)i * 8);
	else if (it->have_sz)
		f->size = rh_be32(it->sz.p + (size_t)i * 4);
	f->flags = 0;
	f->have_flags = it->have_fl;
	if (it->have_fl)
		f->flags = rh_be32(it->fl.p + (size_t)i * 4);
	f->have_digest = it->have_dg;
	f->digest_hex = "";
	f->digest_len = 0;
	if (!it->raw)
		memset(f->digest, 0, sizeof(f->digest));
	if (it->have_dg) {
		/* each string is "" or hexlen digits and a NUL: proved by rh_files_check */
		const char *hex = (const char *)it->dg.p + it->dg_off;

		if (it->dg_off >= it->dg.len)
			return -EINVAL;
		f->digest_hex = hex;
		if (hex[0] == 0) {
			it->dg_off++;
		} else {
			if (it->hexlen >= it->dg.len - it->dg_off)
				return -EINVAL;
			it->dg_off += it->hexlen + 1;
			f->digest_len = it->hexlen / 2;
			if (!it->raw)
				rh_hex_decode(f->digest, hex, it->hexlen);
		}
	}
	it->i++;
	return 1;
}
