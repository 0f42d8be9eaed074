/* SPDX-License-Identifier: MIT */
/*
 * rpmhdr/values.c — tag values from the immutable region of the main header. Dribbles
 * (entries ril..il-1) are never looked at: rpm lets them shadow region tags, and they
 * are not covered by the header signature.
 */
#include <string.h>

#include "rh-int.h"

int rh_tag_find(const struct rh_ctx *ctx, uint32_t tag, struct rh_tag *out)
{
	if (out == NULL)
		return -EFAULT;
	if (!rh_ctx_ok(ctx))
		return -EINVAL;
	/* entry 0 is the region tag itself; it is not a value */
	return rh_hdr_find(&ctx->main, 1, ctx->main.ril, tag, out);
}

int rh_get_string(const struct rh_ctx *ctx, uint32_t tag, const char **s)
{
	struct rh_tag t;
	int rc;

	if (s == NULL)
		return -EFAULT;
	rc = rh_tag_find(ctx, tag, &t);
	if (rc)
		return rc;
	if (t.type != RH_TYPE_STRING && t.type != RH_TYPE_STRING_ARRAY &&
	    t.type != RH_TYPE_I18NSTRING)
		return -EINVAL;
	/* NUL-terminated inside the region: proved by rh_hdr_check */
	*s = (const char *)t.p;
	return 0;
}

int rh_get_uint(const struct rh_ctx *ctx, uint32_t tag, uint32_t idx, uint64_t *v)
{
	struct rh_tag t;
	const uint8_t *p;
	int rc;

	if (v == NULL)
		return -EFAULT;
	rc = rh_tag_find(ctx, tag, &t);
	if (rc)
		return rc;
	if (idx >= t.count)
		return -EINVAL;
	switch (t.type) {
	case RH_TYPE_CHAR:
	case RH_TYPE_INT8:
		*v = t.p[idx];
		return 0;
	case RH_TYPE_INT16:
		p = t.p + (size_t)idx * 2;
		*v = rh_be16(p);
		return 0;
	case RH_TYPE_INT32:
		p = t.p + (size_t)idx * 4;
		*v = rh_be32(p);
		return 0;
	case RH_TYPE_INT64:
		p = t.p + (size_t)idx * 8;
		*v = rh_be64(p);
		return 0;
	default:
		return -EINVAL;
	}
}

int rh_nevra(const struct rh_ctx *ctx, struct rh_nevra *out)
{
	uint64_t e;
	int rc;

	if (out == NULL)
		return -EFAULT;
	memset(out, 0, sizeof(*out));
	rc = rh_get_string(ctx, RH_TAG_NAME, &out->name);
	if (!rc)
		rc = rh_get_string(ctx, RH_TAG_VERSION, &out->version);
	if (!rc)
		rc = rh_get_string(ctx, RH_TAG_RELEASE, &out->release);
	if (!rc)
		rc = rh_get_string(ctx, RH_TAG_ARCH, &out->arch);
	if (rc) {
		memset(out, 0, sizeof(*out));
		return rc;
	}
	rc = rh_get_uint(ctx, RH_TAG_EPOCH, 0, &e);
	if (rc == 0) {
		if (e > UINT32_MAX)
			return -EINVAL;
		out->epoch = (uint32_t)e;
		out->has_epoch = 1;
	} else if (rc != -ENOENT) {
		memset(out, 0, sizeof(*out));
		return rc;
	}
	return 0;
}
