// SPDX-License-Identifier: MIT
/*
 * init/report.c — the line per list: at boot, failures (and, with rd.diginit.debug,
 * every list) on kmsg; for --check, "PATH: OK ..." / "PATH: FAIL reason" on stdout.
 * The reason text of the shim's own codes; the library's come from diglist/reason.c,
 * and both go through its one format (dg_reason_print).
 */
#include <stdio.h>
#include <string.h>

#include "lists.h"

static const char *const shim_errtab[DG_E__COUNT - DG_E_LIB_COUNT] = {
	[DG_E_OPEN - DG_E_LIB_COUNT] = "cannot read list file",
	[DG_E_NOT_REGULAR - DG_E_LIB_COUNT] = "not a regular file",
	[DG_E_FILE_SIZE - DG_E_LIB_COUNT] = "list file empty or too large",
	[DG_E_LABEL - DG_E_LIB_COUNT] = "file name not usable as a label",
	[DG_E_UPLOAD - DG_E_LIB_COUNT] = "upload refused",
	[DG_E_SEALED - DG_E_LIB_COUNT] = "digest table sealed",
	[DG_E_NOMEM - DG_E_LIB_COUNT] = "out of memory",
};

const char *dg_err_text(int err)
{
	if (err >= DG_E_LIB_COUNT && err < DG_E__COUNT && shim_errtab[err - DG_E_LIB_COUNT])
		return shim_errtab[err - DG_E_LIB_COUNT];
	return dg_strerror(err);
}

void dg_outcome_reason(const struct dg_outcome *l, char *out, size_t cap)
{
	const char *detail = NULL;

	switch (l->err) {
	case DG_E_OPEN:
	case DG_E_UPLOAD:
	case DG_E_NOMEM:
		detail = strerror(l->detail);
		break;
	default:
		if (l->err < DG_E_LIB_COUNT) {
			dg_reason_format(l, out, cap);
			return;
		}
		break;
	}
	dg_reason_print(out, cap, dg_err_text(l->err), detail, l->off);
}

void dg_report_ok(const struct dg_run_cfg *cfg, const char *path, const struct dg_outcome *l,
		  const char *nevra, int exist)
{
	char fpr[2 * PGP_MAX_FPR + 1] = "-";
	const char *algo = l->ndigests ? dg_kernel_algo_name(l->kernel_algo) : "-";

	if (l->key)
		pgp_hex(l->key->fpr, l->key->fpr_len, fpr);
	if (cfg->report == DG_REPORT_CHECK) {
		if (!cfg->quiet)
			printf("%s: OK %s %u digests (%u immutable) %s key %s%s\n", path, nevra,
			       l->ndigests, l->nimmutable, algo, fpr,
			       exist ? " (already loaded)" : "");
		if (!cfg->quiet && cfg->debug)
			printf("%s: compact list %zu bytes\n", path, l->compact_len);
	} else if (exist) {
		dg_log(DG_NOTICE, "%s: %s already loaded", path, nevra);
	} else if (cfg->debug) {
		dg_log(DG_INFO, "%s: %s %u digests (%u immutable) %s key %s", path, nevra,
		       l->ndigests, l->nimmutable, algo, fpr);
	}
}

void dg_report_fail(const struct dg_run_cfg *cfg, const char *path, const struct dg_outcome *l,
		    const char *nevra)
{
	char reason[DG_REASON_MAX];

	dg_outcome_reason(l, reason, sizeof(reason));
	if (cfg->report == DG_REPORT_CHECK) {
		printf("%s: FAIL %s\n", path, reason);
		fflush(stdout);
	} else {
		dg_log(DG_ERR, "%s: %s: rejected: %s", path, nevra, reason);
	}
}
