// SPDX-License-Identifier: MIT
/*
 * diglist/reason.c — why a list was rejected, as text (diglist.h): the reason table and
 * the one format "reason (detail) at offset" that the shim and the generator print.
 */
#include <stdio.h>

#include "diglist.h"

static const char *const dg_errtab[DG_E_LIB_COUNT] = {
	[DG_OK] = "no error",
	[DG_E_ARG] = "bad argument",
	[DG_E_HEADER] = "malformed list",
	[DG_E_SIG_MALFORMED] = "malformed signature",
	[DG_E_NOT_SIGNED] = "no trusted signature",
	[DG_E_SIG_REJECTED] = "signature rejected",
	[DG_E_NEVRA] = "name, version, release or arch missing",
	[DG_E_WEAK_DIGEST] = "file digests are MD5 or SHA-1",
	[DG_E_DIGEST_ALGO] = "unsupported file digest algorithm",
	[DG_E_TOO_LARGE] = "compact list too large",
	[DG_E_NOSPC] = "buffer too small",
};

const char *dg_strerror(int err)
{
	if (err < 0 || err >= DG_E_LIB_COUNT || dg_errtab[err] == NULL)
		return "unknown error";
	return dg_errtab[err];
}

void dg_reason_print(char *out, size_t cap, const char *what, const char *detail, size_t off)
{
	if (!out || cap == 0)
		return;
	if (detail)
		snprintf(out, cap, "%s (%s) at %zu", what, detail, off);
	else
		snprintf(out, cap, "%s at %zu", what, off);
}

void dg_reason_format(const struct dg_outcome *l, char *out, size_t cap)
{
	const char *detail = NULL;

	switch (l->err) {
	case DG_E_HEADER:
		detail = rh_strerror(l->detail);
		break;
	case DG_E_SIG_MALFORMED:
		detail = pgp_reason_str((enum pgp_reason)l->detail);
		break;
	case DG_E_SIG_REJECTED:
		detail = pgp_strerror((enum pgp_status)l->detail);
		break;
	default:
		break;
	}
	dg_reason_print(out, cap, dg_strerror(l->err), detail, l->off);
}
