/* SPDX-License-Identifier: MIT */
/*
 * rpmhdr/sigs.c — where the signature packets of a header are, and base64 decoding of
 * OPENPGP (278) elements into a caller buffer.
 */
#include <string.h>

#include "rh-int.h"

enum { STEP_APPENDED, STEP_RSA, STEP_DSA, STEP_OPENPGP, STEP_END };

/* The header and index range that holds signature tags for this shape. */
static int sig_source(const struct rh_ctx *ctx, const struct rh_hdr **h, uint32_t *from,
		      uint32_t *to)
{
	switch (ctx->shape) {
	case RH_SHAPE_PACKAGE:
		*h = &ctx->sig;
		*from = 1;
		*to = ctx->sig.il;
		return 0;
	case RH_SHAPE_DBBLOB:
		/* rpm keeps the package's signatures as dribbles; never from the region */
		*h = &ctx->main;
		*from = ctx->main.ril;
		*to = ctx->main.il;
		return 0;
	default:
		return -ENOENT;
	}
}

int rh_sigs_check(struct rh_ctx *ctx)
{
	static const uint32_t tags[] = {RH_TAG_RSAHEADER, RH_TAG_DSAHEADER, RH_TAG_OPENPGP};
	const struct rh_hdr *h;
	uint32_t from, to;
	size_t i;

	if (sig_source(ctx, &h, &from, &to) != 0)
		return 0;
	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		struct rh_tag t;
		uint32_t want = tags[i] == RH_TAG_OPENPGP ? RH_TYPE_STRING_ARRAY : RH_TYPE_BIN;

		if (rh_hdr_find(h, from, to, tags[i], &t) != 0)
			continue;
		if (t.type != want)
			return rh_fail(ctx, RH_E_TAG_TYPE, (size_t)(t.p - ctx->in));
	}
	return 0;
}

void rh_sig_begin(struct rh_sig_iter *it)
{
	if (it != NULL)
		memset(it, 0, sizeof(*it));
}

int rh_sig_next(const struct rh_ctx *ctx, struct rh_sig_iter *it, struct rh_sig_item *item)
{
	const struct rh_hdr *h;
	uint32_t from, to;
	struct rh_tag t;

	if (it == NULL || item == NULL)
		return -EFAULT;
	if (!rh_ctx_ok(ctx))
		return -EINVAL;
	memset(item, 0, sizeof(*item));
	if (ctx->shape == RH_SHAPE_LIST) {
		if (it->step != STEP_APPENDED)
			return 0;
		it->step = STEP_END;
		item->enc = RH_SIG_RAW;
		item->p = ctx->appended;
		item->len = ctx->appended_len;
		return 1;
	}
	if (sig_source(ctx, &h, &from, &to) != 0)
		return 0;
	if (it->step == STEP_APPENDED)
		it->step = STEP_RSA;
	/* invariant: steps before it->step have been reported completely */
	while (it->step < STEP_END) {
		uint32_t tag = it->step == STEP_RSA   ? RH_TAG_RSAHEADER
			       : it->step == STEP_DSA ? RH_TAG_DSAHEADER
						      : RH_TAG_OPENPGP;

		if (rh_hdr_find(h, from, to, tag, &t) != 0) {
			it->step++;
			continue;
		}
		if (tag != RH_TAG_OPENPGP) {
			it->step++;
			item->tag = tag;
			item->enc = RH_SIG_RAW;
			item->p = t.p;
			item->len = t.len;
			return 1;
		}
		if (it->elem < t.count && it->pos < t.len) {
			/* rh_hdr_check proved count NUL-terminated strings in t.p[0..len) */
			const uint8_t *s = t.p + it->pos;
			const uint8_t *z = memchr(s, 0, t.len - it->pos);

			if (z == NULL)
				return -EINVAL;
			item->tag = tag;
			item->index = it->elem;
			item->enc = RH_SIG_BASE64;
			item->p = s;
			item->len = (size_t)(z - s);
			it->elem++;
			it->pos += item->len + 1;
			return 1;
		}
		it->step++;
	}
	return 0;
}

size_t rh_sig_decoded_max(const struct rh_sig_item *item)
{
	if (item == NULL)
		return 0;
	if (item->enc == RH_SIG_RAW)
		return item->len;
	return item->len / 4 * 3;
}

int rh_sig_decode(const struct rh_sig_item *item, uint8_t *out, size_t cap, size_t *out_len,
		  int *err)
{
	size_t i, n = 0, pad = 0;

	if (item == NULL || out_len == NULL || (out == NULL && cap != 0))
		return -EFAULT;
	if (item->enc == RH_SIG_RAW) {
		*out_len = item->len;
		if (cap < item->len) {
			if (err)
				*err = RH_E_NOSPC;
			return -ENOSPC;
		}
		memcpy(out, item->p, item->len);
		return 0;
	}
	if (item->len == 0 || item->len % 4 != 0)
		goto bad;
	if (item->p[item->len - 1] == '=')
		pad = item->p[item->len - 2] == '=' ? 2 : 1;
	*out_len = item->len / 4 * 3 - pad;
	if (cap < *out_len) {
		if (err)
			*err = RH_E_NOSPC;
		return -ENOSPC;
	}
	/* invariant: n = 3 * (i / 4) bytes written, n <= *out_len */
	for (i = 0; i < item->len; i += 4) {
		int v[4], k;
		int last = i + 4 == item->len;

		for (k = 0; k < 4; k++) {
			uint8_t c = item->p[i + (size_t)k];

			if (c == '=' && last && k >= 4 - (int)pad) {
				v[k] = 0;
				continue;
			}
			v[k] = b64_value(c);
			if (v[k] < 0)
				goto bad;
		}
		out[n++] = (uint8_t)(v[0] << 2 | v[1] >> 4);
		if (!last || pad < 2)
			out[n++] = (uint8_t)((v[1] & 0xf) << 4 | v[2] >> 2);
		else if ((v[1] & 0xf) != 0)
			goto bad; /* non-canonical: unused bits set */
		if (!last || pad < 1)
			out[n++] = (uint8_t)((v[2] & 0x3) << 6 | v[3]);
		else if (pad == 1 && (v[2] & 0x3) != 0)
			goto bad;
	}
	if (err)
		*err = RH_OK;
	return 0;
bad:
	if (err)
		*err = RH_E_BASE64;
	return -EINVAL;
}
