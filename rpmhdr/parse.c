/* SPDX-License-Identifier: MIT */
/*
 * rpmhdr/parse.c — the three input shapes (list file, package, rpmdb blob) and the
 * signed byte string they carry. Layouts: rpmhdr.h.
 */
#include <string.h>

#include "rh-int.h"

#define LEAD_MAGIC0	 0xed
#define LEAD_MAGIC1	 0xab
#define LEAD_MAGIC2	 0xee
#define LEAD_MAGIC3	 0xdb
#define LEAD_SIGTYPE_OFF 78 /* be16 signature_type */
#define LEAD_SIGTYPE_HDR 5  /* RPMSIGTYPE_HEADERSIG */
#define MODSIG_LEN_OFF	 8  /* be32 sig_len inside struct module_signature */
#define PKT_ALIGN	 8  /* the signature header is padded to this */

static int ctx_start(struct rh_ctx *ctx, const uint8_t *buf, size_t len)
{
	if (ctx == NULL)
		return -EFAULT;
	memset(ctx, 0, sizeof(*ctx));
	ctx->in = buf;
	ctx->in_len = len;
	if (buf == NULL) {
		rh_fail(ctx, RH_E_ARG, 0);
		return -EFAULT;
	}
	return 0;
}

static int magic_check(struct rh_ctx *ctx, size_t off)
{
	if (ctx->in_len - off < RH_MAGIC_LEN)
		return rh_fail(ctx, RH_E_TRUNC, ctx->in_len);
	if (memcmp(ctx->in + off, rh_header_magic, RH_MAGIC_LEN) != 0)
		return rh_fail(ctx, RH_E_MAGIC, off);
	return 0;
}

/*
 * Main header at ctx->in[off..) after its magic (if any, magic_check done by the
 * caller); sets up the signed spans and validates the file table.
 */
static int main_header(struct rh_ctx *ctx, size_t off, size_t avail, int exact)
{
	struct rh_hdr *h = &ctx->main;
	int rc;

	rc = rh_hdr_check(ctx, h, off, avail, RH_TAG_HEADERIMMUTABLE, 0, exact);
	if (rc)
		return rc;
	memcpy(ctx->prefix, rh_header_magic, RH_MAGIC_LEN);
	rh_put_be32(ctx->prefix + RH_MAGIC_LEN, h->ril);
	rh_put_be32(ctx->prefix + RH_MAGIC_LEN + 4, h->rdl);
	if (exact && off >= RH_MAGIC_LEN) {
		/* magic ‖ il ‖ dl ‖ index ‖ data is the signed string as stored */
		ctx->spans[0].p = h->blob - RH_MAGIC_LEN;
		ctx->spans[0].len = RH_MAGIC_LEN + h->blob_len;
		ctx->nspans = 1;
	} else {
		ctx->spans[0].p = ctx->prefix;
		ctx->spans[0].len = RH_PREFIX_LEN;
		ctx->spans[1].p = h->index;
		ctx->spans[1].len = (size_t)h->ril * RH_ENTRY_LEN;
		ctx->spans[2].p = h->data;
		ctx->spans[2].len = h->rdl;
		ctx->nspans = 3;
	}
	ctx->signed_len = RH_PREFIX_LEN + (size_t)h->ril * RH_ENTRY_LEN + h->rdl;
	return rh_files_check(ctx);
}

/* A parse succeeded: publish the shape. On failure the shape stays NONE. */
static int done(struct rh_ctx *ctx, enum rh_shape shape, int rc)
{
	if (rc == 0) {
		ctx->shape = shape;
		ctx->err = RH_OK;
		ctx->off = 0;
	} else {
		ctx->shape = RH_SHAPE_NONE;
		ctx->nspans = 0;
	}
	return rc;
}

/* magic ‖ main header blob with its region at ctx->in[off..len): a signed string and a
   list file start with it, a package has it after the lead and the signature header. */
static int magic_and_header(struct rh_ctx *ctx, size_t off, size_t len)
{
	int rc = magic_check(ctx, off);

	if (!rc)
		rc = main_header(ctx, off + RH_MAGIC_LEN, len - off - RH_MAGIC_LEN, 1);
	return rc;
}

int rh_parse_signed(struct rh_ctx *ctx, const uint8_t *buf, size_t len)
{
	int rc = ctx_start(ctx, buf, len);

	if (rc)
		return rc;
	rc = magic_and_header(ctx, 0, len);
	if (!rc && RH_MAGIC_LEN + ctx->main.blob_len != len)
		rc = rh_fail(ctx, RH_E_TRAILING, RH_MAGIC_LEN + ctx->main.blob_len);
	return done(ctx, RH_SHAPE_SIGNED, rc);
}

int rh_parse_dbblob(struct rh_ctx *ctx, const uint8_t *buf, size_t len)
{
	int rc = ctx_start(ctx, buf, len);

	if (rc)
		return rc;
	/* rpm's hdrblobInit: the blob is exactly 8 + 16*il + dl bytes */
	rc = main_header(ctx, 0, len, 0);
	if (!rc && ctx->main.blob_len != len)
		rc = rh_fail(ctx, RH_E_SIZE, ctx->main.blob_len);
	if (!rc) {
		ctx->shape = RH_SHAPE_DBBLOB; /* rh_sigs_check looks at the shape */
		rc = rh_sigs_check(ctx);
	}
	return done(ctx, RH_SHAPE_DBBLOB, rc);
}

/*
 *  list file:  magic ‖ hdrblob ‖ sigs (n) ‖ module_signature (12) ‖ marker (28)
 */
int rh_parse_list(struct rh_ctx *ctx, const uint8_t *buf, size_t len)
{
	static const uint8_t zero[MODSIG_LEN_OFF];
	size_t end, rest, n;
	const uint8_t *ms;
	int rc = ctx_start(ctx, buf, len);

	if (rc)
		return rc;
	rc = magic_and_header(ctx, 0, len);
	if (rc)
		return done(ctx, RH_SHAPE_LIST, rc);
	end = RH_MAGIC_LEN + ctx->main.blob_len;
	rest = len - end;
	if (rest < RH_MODSIG_LEN + RH_MARKER_LEN + 1) {
		rc = rh_fail(ctx, RH_E_TRUNC, len);
		return done(ctx, RH_SHAPE_LIST, rc);
	}
	if (memcmp(buf + len - RH_MARKER_LEN, RH_MARKER, RH_MARKER_LEN) != 0) {
		rc = rh_fail(ctx, RH_E_MARKER, len - RH_MARKER_LEN);
		return done(ctx, RH_SHAPE_LIST, rc);
	}
	ms = buf + len - RH_MARKER_LEN - RH_MODSIG_LEN;
	/* algo, hash, id_type (0 = PGP), signer_len, key_id_len, pad[3]: all zero */
	if (memcmp(ms, zero, MODSIG_LEN_OFF) != 0) {
		rc = rh_fail(ctx, RH_E_MODSIG, (size_t)(ms - buf));
		return done(ctx, RH_SHAPE_LIST, rc);
	}
	n = rh_be32(ms + MODSIG_LEN_OFF);
	if (n == 0 || n != rest - RH_MODSIG_LEN - RH_MARKER_LEN) {
		rc = rh_fail(ctx, RH_E_SIGLEN, (size_t)(ms - buf) + MODSIG_LEN_OFF);
		return done(ctx, RH_SHAPE_LIST, rc);
	}
	ctx->appended = buf + end;
	ctx->appended_len = n;
	return done(ctx, RH_SHAPE_LIST, 0);
}

/*
 *  package:  lead (96) ‖ magic ‖ sig hdrblob ‖ pad to 8 ‖ magic ‖ main hdrblob ‖ payload
 */
int rh_parse_package(struct rh_ctx *ctx, const uint8_t *buf, size_t len)
{
	size_t off, pad, k;
	int rc = ctx_start(ctx, buf, len);

	if (rc)
		return rc;
	if (len < RH_LEAD_LEN) {
		rc = rh_fail(ctx, RH_E_TRUNC, len);
		return done(ctx, RH_SHAPE_PACKAGE, rc);
	}
	/* rpm's rpmLeadCheck: magic, major 3 or 4, signature type "header" */
	if (buf[0] != LEAD_MAGIC0 || buf[1] != LEAD_MAGIC1 || buf[2] != LEAD_MAGIC2 ||
	    buf[3] != LEAD_MAGIC3) {
		rc = rh_fail(ctx, RH_E_LEAD, 0);
		return done(ctx, RH_SHAPE_PACKAGE, rc);
	}
	if (buf[4] != 3 && buf[4] != 4) {
		rc = rh_fail(ctx, RH_E_LEAD, 4);
		return done(ctx, RH_SHAPE_PACKAGE, rc);
	}
	if (rh_be16(buf + LEAD_SIGTYPE_OFF) != LEAD_SIGTYPE_HDR) {
		rc = rh_fail(ctx, RH_E_LEAD, LEAD_SIGTYPE_OFF);
		return done(ctx, RH_SHAPE_PACKAGE, rc);
	}
	off = RH_LEAD_LEN;
	rc = magic_check(ctx, off);
	if (!rc)
		rc = rh_hdr_check(ctx, &ctx->sig, off + RH_MAGIC_LEN, len - off - RH_MAGIC_LEN,
				  RH_TAG_HEADERSIGNATURES, 1, 0);
	if (rc)
		return done(ctx, RH_SHAPE_PACKAGE, rc);
	ctx->has_sig_hdr = 1;
	/* rpm's hdrblobRead: (magic + blob) padded to a multiple of 8 */
	off += RH_MAGIC_LEN + ctx->sig.blob_len;
	pad = (PKT_ALIGN - (RH_MAGIC_LEN + ctx->sig.blob_len) % PKT_ALIGN) % PKT_ALIGN;
	if (pad > len - off) {
		rc = rh_fail(ctx, RH_E_TRUNC, len);
		return done(ctx, RH_SHAPE_PACKAGE, rc);
	}
	for (k = 0; k < pad; k++) {
		if (buf[off + k] != 0) {
			rc = rh_fail(ctx, RH_E_SIG_PAD, off + k);
			return done(ctx, RH_SHAPE_PACKAGE, rc);
		}
	}
	off += pad;
	rc = magic_and_header(ctx, off, len);
	if (!rc) {
		ctx->shape = RH_SHAPE_PACKAGE; /* rh_sigs_check looks at the shape */
		rc = rh_sigs_check(ctx);
	}
	return done(ctx, RH_SHAPE_PACKAGE, rc);
}

int rh_signed_spans(const struct rh_ctx *ctx, const struct rh_span **spans, size_t *n)
{
	if (spans == NULL || n == NULL)
		return -EFAULT;
	if (!rh_ctx_ok(ctx))
		return -EINVAL;
	*spans = ctx->spans;
	*n = ctx->nspans;
	return 0;
}

int rh_signed_copy(const struct rh_ctx *ctx, uint8_t *out, size_t cap, size_t *out_len)
{
	size_t i, pos = 0;

	if (out_len == NULL || (out == NULL && cap != 0))
		return -EFAULT;
	if (!rh_ctx_ok(ctx))
		return -EINVAL;
	*out_len = ctx->signed_len;
	if (cap < ctx->signed_len)
		return -ENOSPC;
	/* invariant: pos = sum of spans[0..i).len <= signed_len <= cap */
	for (i = 0; i < ctx->nspans; i++) {
		memcpy(out + pos, ctx->spans[i].p, ctx->spans[i].len);
		pos += ctx->spans[i].len;
	}
	return 0;
}
