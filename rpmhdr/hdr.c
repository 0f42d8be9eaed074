/* SPDX-License-Identifier: MIT */
/*
 * rpmhdr/hdr.c — structural check of one header blob (be32 il ‖ be32 dl ‖ index ‖ data).
 *
 * Order (each step only reads what the previous ones proved present):
 *   1. intro: il, dl within the limits; the blob fits in the bytes available;
 *   2. region: entry 0 and its trailer (rpm's hdrblobVerifyRegion);
 *   3. every other entry, in index order (rpm's hdrblobVerifyInfo and regionSwab, plus
 *      the packing rule: each entry's data starts where alignment after the previous
 *      entry puts it, the padding between is zero);
 *   4. the lengths add up: region entries end at rdl - 16, dribbles at dl;
 *   5. duplicate tags (region; dribbles), RPMFORMAT and the v6 ordering rule.
 */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "rh-int.h"

const uint8_t rh_header_magic[RH_MAGIC_LEN] = {0x8e, 0xad, 0xe8, 0x01, 0, 0, 0, 0};

unsigned rh_type_size(uint32_t type)
{
	switch (type) {
	case RH_TYPE_CHAR:
	case RH_TYPE_INT8:
	case RH_TYPE_BIN:
		return 1;
	case RH_TYPE_INT16:
		return 2;
	case RH_TYPE_INT32:
		return 4;
	case RH_TYPE_INT64:
		return 8;
	default:
		return 0;
	}
}

/* Bytes of alignment padding before data of this type at data offset pos. */
static size_t align_pad(uint32_t type, size_t pos)
{
	size_t a = rh_type_size(type);

	if (a <= 1)
		return 0;
	return (a - pos % a) % a;
}

/*
 * Eight bytes at a time: the high bit of each byte of nz(x) is set iff that byte of x is
 * not 0 (no carry crosses bytes: (b & 0x7f) + 0x7f <= 0xfe), so the count of 0 bytes is
 * exact whatever the byte order.
 */
static unsigned zero_bytes(uint64_t x)
{
	const uint64_t lo7 = 0x7f7f7f7f7f7f7f7fULL;
	uint64_t z = ~(((x & lo7) + lo7) | x | lo7); /* 0x80 in each zero byte */

	return (unsigned)(((z >> 7) * 0x0101010101010101ULL) >> 56);
}

int rh_skip_strings(const uint8_t *data, size_t pos, size_t lim, uint32_t count, size_t *end)
{
	if (pos > lim)
		return -1;
	/* invariant: data[start..pos) holds (strings asked - count) complete strings */
#ifdef __SSE2__
	/* sixteen bytes at a time where the ISA has it (every x86-64) */
	while (count > 0 && lim - pos >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(data + pos));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128()));
		unsigned z = 0;

		for (; m; m &= m - 1)
			z++;
		if (z >= count)
			break;
		count -= z;
		pos += 16;
	}
#endif
	while (count > 0 && lim - pos >= 8) {
		uint64_t x;
		unsigned z;

		memcpy(&x, data + pos, 8);
		z = zero_bytes(x);
		if (z >= count)
			break; /* the last NUL wanted is in this word: find it byte by byte */
		count -= z;
		pos += 8;
	}
	while (count > 0 && pos < lim)
		if (data[pos++] == 0)
			count--;
	if (count > 0)
		return -1;
	*end = pos;
	return 0;
}

/*
 * Length of the data of one entry at data[off..lim): fixed-size types from count,
 * string types by walking count NULs (rh_skip_strings), never past lim. Returns 0 and *len,
 * or the rh_err value.
 */
static int entry_len(const uint8_t *data, size_t off, size_t lim, uint32_t type, uint32_t count,
		     size_t *len)
{
	size_t pos;

	switch (type) {
	case RH_TYPE_STRING:
		if (count != 1)
			return RH_E_COUNT;
		/* fall through */
	case RH_TYPE_STRING_ARRAY:
	case RH_TYPE_I18NSTRING:
		if (rh_skip_strings(data, off, lim, count, &pos) != 0)
			return RH_E_NUL;
		*len = pos - off;
		return RH_OK;
	default: {
		uint64_t n = (uint64_t)rh_type_size(type) * count;

		if (n == 0)
			return RH_E_DATA_LEN;
		if (n > lim - off)
			return RH_E_DATA_LEN;
		*len = (size_t)n;
		return RH_OK;
	}
	}
}

/*
 * Duplicate tags among index entries [from, to). Sorted (strictly increasing) needs no
 * more work; otherwise a bitmap for tags < RH_DUP_BITMAP_TAGS and a short list for the
 * others. *sorted receives whether the tags are strictly increasing.
 */
static int dup_check(struct rh_ctx *ctx, const struct rh_hdr *h, size_t base, uint32_t from,
		     uint32_t to, uint8_t *sorted)
{
	uint8_t seen[RH_DUP_BITMAP_TAGS / 8];
	uint32_t high[RH_DUP_HIGH_MAX];
	uint32_t nhigh = 0, i, prev = 0;

	*sorted = 1;
	for (i = from; i < to; i++) {
		uint32_t tag = rh_be32(h->index + (size_t)i * RH_ENTRY_LEN);

		if (i > from && tag <= prev) {
			*sorted = 0;
			break;
		}
		prev = tag;
	}
	if (*sorted)
		return 0;

	memset(seen, 0, sizeof(seen));
	for (i = from; i < to; i++) {
		size_t eo = base + RH_INTRO_LEN + (size_t)i * RH_ENTRY_LEN;
		uint32_t tag = rh_be32(h->index + (size_t)i * RH_ENTRY_LEN);

		if (tag < RH_DUP_BITMAP_TAGS) {
			uint8_t bit = (uint8_t)(1u << (tag & 7));

			if (seen[tag >> 3] & bit)
				return rh_fail(ctx, RH_E_DUP, eo);
			seen[tag >> 3] |= bit;
		} else {
			uint32_t j;

			for (j = 0; j < nhigh; j++)
				if (high[j] == tag)
					return rh_fail(ctx, RH_E_DUP, eo);
			if (nhigh == RH_DUP_HIGH_MAX)
				return rh_fail(ctx, RH_E_DUP_LIMIT, eo);
			high[nhigh++] = tag;
		}
	}
	return 0;
}

int rh_hdr_find(const struct rh_hdr *h, uint32_t from, uint32_t to, uint32_t tag,
		struct rh_tag *out)
{
	uint32_t i;

	for (i = from; i < to && i < h->il; i++) {
		const uint8_t *e = h->index + (size_t)i * RH_ENTRY_LEN;
		uint32_t type, off, count;
		size_t len = 0;

		if (rh_be32(e) != tag)
			continue;
		type = rh_be32(e + 4);
		off = rh_be32(e + 8);
		count = rh_be32(e + 12);
		/* Already proved to fit by rh_hdr_check; recomputed for the length only. */
		if (entry_len(h->data, off, h->dl, type, count, &len) != RH_OK)
			return -EINVAL;
		out->tag = tag;
		out->type = type;
		out->count = count;
		out->p = h->data + off;
		out->len = len;
		return 0;
	}
	return -ENOENT;
}

/* Step 2: entry 0 and the trailer; sets ril, rdl. */
static int region_check(struct rh_ctx *ctx, struct rh_hdr *h, size_t base, uint32_t region_tag,
			int is_sig, int exact)
{
	const uint8_t *e = h->index;
	size_t eo = base + RH_INTRO_LEN;
	uint32_t tag, type, count, ttag, ttype, tcount;
	int64_t off, toff;
	const uint8_t *t;

	if (h->il < 1)
		return rh_fail(ctx, RH_E_NO_REGION, base);
	tag = rh_be32(e);
	type = rh_be32(e + 4);
	off = (int32_t)rh_be32(e + 8);
	count = rh_be32(e + 12);
	if (tag != region_tag)
		return rh_fail(ctx, RH_E_NO_REGION, eo);
	if (type != RH_TYPE_BIN || count != RH_ENTRY_LEN)
		return rh_fail(ctx, RH_E_REGION_TAG, eo);
	/* rpm: hdrchkRange(dl, offset + 16) */
	if (off + RH_ENTRY_LEN < 0 || off + RH_ENTRY_LEN > (int64_t)h->dl || off < 0)
		return rh_fail(ctx, RH_E_REGION_OFFSET, eo + 8);

	t = h->data + off;
	ttag = rh_be32(t);
	ttype = rh_be32(t + 4);
	toff = -(int64_t)(int32_t)rh_be32(t + 8);
	tcount = rh_be32(t + 12);
	/* rpm: old packages carry HEADERIMAGE in the signature region trailer */
	if (is_sig && ttag == RH_TAG_HEADERIMAGE)
		ttag = RH_TAG_HEADERSIGNATURES;
	if (ttag != region_tag || ttype != RH_TYPE_BIN || tcount != RH_ENTRY_LEN)
		return rh_fail(ctx, RH_E_TRAILER, (size_t)(t - ctx->in));
	if (toff % RH_ENTRY_LEN != 0 || toff < (int64_t)RH_ENTRY_LEN ||
	    toff / RH_ENTRY_LEN > (int64_t)h->il)
		return rh_fail(ctx, RH_E_REGION_SIZE, (size_t)(t - ctx->in) + 8);
	h->ril = (uint32_t)(toff / RH_ENTRY_LEN);
	h->rdl = (uint32_t)off + RH_ENTRY_LEN;
	if (exact && (h->il != h->ril || h->dl != h->rdl))
		return rh_fail(ctx, RH_E_REGION_EXACT, base);
	return 0;
}

/* Step 3 for entry i; *pos is where packing puts the next data byte. */
static int entry_check(struct rh_ctx *ctx, struct rh_hdr *h, size_t base, uint32_t i, int typechk,
		       size_t *pos)
{
	const uint8_t *e = h->index + (size_t)i * RH_ENTRY_LEN;
	size_t eo = base + RH_INTRO_LEN + (size_t)i * RH_ENTRY_LEN;
	size_t dbase = base + RH_INTRO_LEN + (size_t)h->il * RH_ENTRY_LEN;
	uint32_t tag = rh_be32(e), type = rh_be32(e + 4), count = rh_be32(e + 12);
	int64_t soff = (int32_t)rh_be32(e + 8);
	size_t off, len = 0, want, k;
	size_t trailer = (size_t)h->rdl - RH_ENTRY_LEN;
	int in_region = i < h->ril;
	int rc;

	/* rpm holds tags in an int32: a tag >= 2^31 is negative there, so < 100 */
	if (tag < RH_TAG_I18NTABLE || tag > RH_TAG_MAX)
		return rh_fail(ctx, RH_E_TAG, eo);
	if (type > RH_TYPE_I18NSTRING)
		return rh_fail(ctx, RH_E_TYPE, eo + 4);
	if (count < 1 || count > h->dl)
		return rh_fail(ctx, RH_E_COUNT, eo + 12);
	if (type != RH_TYPE_BIN && count > RH_ARRAY_MAX)
		return rh_fail(ctx, RH_E_ARRAY, eo + 12);
	if (soff < 0 || soff > (int64_t)h->dl)
		return rh_fail(ctx, RH_E_OFFSET, eo + 8);
	off = (size_t)soff;
	if (align_pad(type, off) != 0)
		return rh_fail(ctx, RH_E_ALIGN, eo + 8);
	/* region entries before the trailer, dribbles after it */
	if (in_region && off >= trailer)
		return rh_fail(ctx, RH_E_TRAILER_OVERLAP, eo + 8);
	if (!in_region && off < h->rdl)
		return rh_fail(ctx, RH_E_TRAILER_OVERLAP, eo + 8);
	if (off < *pos)
		return rh_fail(ctx, RH_E_OVERLAP, eo + 8);
	if (typechk && rh_tagtype_check(tag, type))
		return rh_fail(ctx, RH_E_TAG_TYPE, eo + 4);
	rc = entry_len(h->data, off, in_region ? trailer : h->dl, type, count, &len);
	if (rc == RH_E_NUL && in_region &&
	    entry_len(h->data, off, h->dl, type, count, &len) == RH_OK)
		rc = RH_E_TRAILER_OVERLAP; /* ends inside or after the trailer */
	else if (rc == RH_E_DATA_LEN && in_region && (uint64_t)rh_type_size(type) * count != 0 &&
		 (uint64_t)rh_type_size(type) * count <= (uint64_t)h->dl - off)
		rc = RH_E_TRAILER_OVERLAP;
	if (rc != RH_OK)
		return rh_fail(ctx, rc, dbase + off);
	/* packing: no hole between the previous entry and this one; padding zero */
	want = *pos + align_pad(type, *pos);
	if (off != want)
		return rh_fail(ctx, RH_E_LENGTHS, eo + 8);
	for (k = *pos; k < off; k++)
		if (h->data[k] != 0)
			return rh_fail(ctx, RH_E_PADDING, dbase + k);
	*pos = off + len;
	return 0;
}

int rh_hdr_check(struct rh_ctx *ctx, struct rh_hdr *h, size_t base, size_t avail,
		 uint32_t region_tag, int is_sig, int exact)
{
	const uint8_t *b = ctx->in + base;
	uint32_t il_max = is_sig ? RH_SIG_TAGS_MAX : RH_TAGS_MAX;
	uint32_t dl_max = is_sig ? RH_SIG_DATA_MAX : RH_DATA_MAX;
	size_t need, pos = 0;
	struct rh_tag fmt;
	uint32_t i;
	int rc;

	memset(h, 0, sizeof(*h));
	if (avail < RH_INTRO_LEN)
		return rh_fail(ctx, RH_E_TRUNC, base + avail);
	h->il = rh_be32(b);
	h->dl = rh_be32(b + 4);
	/* hdrblobVerifyLengths */
	if (h->il > il_max)
		return rh_fail(ctx, RH_E_TAGS_MAX, base);
	if (h->dl > dl_max)
		return rh_fail(ctx, RH_E_DATA_MAX, base + 4);
	/* hdrblobInit: cannot overflow, il <= 0xffff and dl <= 0x0fffffff */
	need = RH_INTRO_LEN + (size_t)h->il * RH_ENTRY_LEN + h->dl;
	if (need >= RH_BYTES_MAX)
		return rh_fail(ctx, RH_E_SIZE, base);
	if (need > avail)
		return rh_fail(ctx, RH_E_TRUNC, base + avail);
	h->blob = b;
	h->blob_len = need;
	h->index = b + RH_INTRO_LEN;
	h->data = h->index + (size_t)h->il * RH_ENTRY_LEN;
	h->region_tag = region_tag;

	rc = region_check(ctx, h, base, region_tag, is_sig, exact);
	if (rc)
		return rc;

	for (i = 1; i < h->il; i++) {
		if (i == h->ril) {
			/* region complete: its data must end exactly at the trailer */
			if (pos != (size_t)h->rdl - RH_ENTRY_LEN)
				return rh_fail(ctx, RH_E_LENGTHS, base);
			pos = h->rdl;
		}
		rc = entry_check(ctx, h, base, i, !is_sig, &pos);
		if (rc)
			return rc;
	}
	if (h->ril == h->il) {
		if (pos != (size_t)h->rdl - RH_ENTRY_LEN || h->dl != h->rdl)
			return rh_fail(ctx, RH_E_LENGTHS, base);
	} else if (pos != h->dl) {
		return rh_fail(ctx, RH_E_LENGTHS, base);
	}

	rc = dup_check(ctx, h, base, 1, h->ril, &h->sorted);
	if (rc)
		return rc;
	if (h->ril < h->il) {
		uint8_t dsorted;

		rc = dup_check(ctx, h, base, h->ril, h->il, &dsorted);
		if (rc)
			return rc;
	}

	if (rh_hdr_find(h, 1, h->ril, RH_TAG_RPMFORMAT, &fmt) == 0) {
		size_t fo = (size_t)(fmt.p - ctx->in);

		if (fmt.type != RH_TYPE_INT32 || fmt.count != 1)
			return rh_fail(ctx, RH_E_FORMAT, fo);
		h->format = rh_be32(fmt.p);
		if (h->format != 4 && h->format != 6)
			return rh_fail(ctx, RH_E_FORMAT, fo);
		if (h->format == 6 && !h->sorted)
			return rh_fail(ctx, RH_E_UNSORTED, base + RH_INTRO_LEN);
	}
	return 0;
}
