// SPDX-License-Identifier: MIT
/*
 * diglist/check.c — check one list file (diglist.h): parse, verify the signature, plan;
 * and build its compact list.
 *
 * Order matters: nothing of the header is read before its signature verified against
 * the keyring; the parse (rpmhdr) has already checked every length and the file table.
 */
#include <errno.h>
#include <string.h>

#include "diglist.h"

/* The first failing signature's status, for the message of a REJECTED verdict. */
static int rejected_status(const struct pgp_sig_result *res, size_t n, size_t *off)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (pgp_status_rejects(res[i].status)) {
			*off = res[i].off;
			return (int)res[i].status;
		}
	}
	return (int)PGP_ST_BAD;
}

int dg_list_check_plan(const uint8_t *buf, size_t len, const struct pgp_keyring *kr,
		       struct rh_ctx *ctx, struct dg_outcome *out)
{
	struct pgp_sig_result res[DG_SIG_RESULTS];
	const struct rh_span *rs;
	struct pgp_policy pol;
	struct pgp_err perr;
	enum pgp_verdict v;
	size_t ns, nres = 0, i, base, off;
	int rc;

	if (!out)
		return -EFAULT;
	memset(out, 0, sizeof(*out));
	if (!buf || !kr || !ctx) {
		out->err = DG_E_ARG;
		return -EFAULT;
	}
	rc = rh_parse_list(ctx, buf, len);
	if (rc != 0) {
		out->err = DG_E_HEADER;
		out->detail = ctx->err;
		out->off = ctx->off;
		return -EINVAL;
	}
	/* rh_span and pgp_span are one type (common/common.h: struct byte_span) */
	if (rh_signed_spans(ctx, &rs, &ns) != 0 || ns > RH_MAX_SPANS) {
		out->err = DG_E_ARG;
		return -EINVAL;
	}
	/* appended points into buf (rh_parse_list); base = its offset in the file. */
	base = (size_t)(ctx->appended - buf);
	memset(&pol, 0, sizeof(pol));
	memset(&perr, 0, sizeof(perr));
	v = pgp_blob_verify(ctx->appended, ctx->appended_len, rs, ns, kr, &pol, res,
			    DG_SIG_RESULTS, &nres, &perr);
	if (nres > DG_SIG_RESULTS)
		nres = DG_SIG_RESULTS;
	switch (v) {
	case PGP_AUTHENTIC:
		break;
	case PGP_MALFORMED_BLOB:
		out->err = DG_E_SIG_MALFORMED;
		out->detail = (int)perr.reason;
		out->off = base + perr.off;
		return -EINVAL;
	case PGP_REJECTED:
		out->err = DG_E_SIG_REJECTED;
		off = 0;
		out->detail = rejected_status(res, nres, &off);
		out->off = base + off;
		return -EKEYREJECTED;
	case PGP_NOT_SIGNED:
	default:
		out->err = DG_E_NOT_SIGNED;
		out->off = base;
		return -EKEYREJECTED;
	}
	for (i = 0; i < nres; i++)
		if (res[i].status == PGP_ST_OK) {
			out->key = res[i].key;
			break;
		}
	if (rh_nevra(ctx, &out->nevra) != 0) {
		out->err = DG_E_NEVRA;
		return -EINVAL;
	}
	return dg_compact_plan(ctx, out);
}

int dg_list_check_build(const uint8_t *buf, size_t len, const struct pgp_keyring *kr,
			uint8_t *out, size_t cap, size_t *out_len, struct dg_outcome *res)
{
	struct rh_ctx ctx;
	int rc;

	if (!out_len)
		return -EFAULT;
	*out_len = 0;
	rc = dg_list_check_plan(buf, len, kr, &ctx, res);
	if (rc != 0)
		return rc;
	rc = dg_compact_build(&ctx, res, out, cap, out_len);
	if (rc == -ENOSPC)
		res->err = DG_E_NOSPC;
	else if (rc != 0)
		res->err = DG_E_ARG;
	return rc;
}
