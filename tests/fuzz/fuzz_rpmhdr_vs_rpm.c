/* SPDX-License-Identifier: MIT */
/*
 * fuzz_rpmhdr_vs_rpm — libFuzzer target: "at least as strict as rpm", differentially.
 * Every rpmdb blob that rh_parse_dbblob accepts must also be accepted by librpm's
 * headerImport (hdrblobInit + hdrblobImport), and magic ‖ headerGet(HEADERIMMUTABLE)
 * must be exactly rpmhdr's signed string. Inputs rpmhdr rejects are not given to rpm.
 * Seeds: the rpmhdr_dbblob corpus.
 */
#include <stdlib.h>
#include <string.h>

#include <rpm/header.h>
#include <rpm/rpmtd.h>

#include "rpmhdr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t signed_copy[1 << 22];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rh_ctx c;
	struct rpmtd_s td;
	size_t n;
	Header h;

	if (rh_parse_dbblob(&c, data, size) != 0)
		return 0;
	if (rh_signed_copy(&c, signed_copy, sizeof(signed_copy), &n) != 0)
		return 0;
	h = headerImport((void *)data, (unsigned)size, HEADERIMPORT_COPY);
	if (h == NULL)
		abort(); /* rpmhdr accepted what rpm rejects */
	if (!headerGet(h, RPMTAG_HEADERIMMUTABLE, &td, HEADERGET_DEFAULT))
		abort();
	if (td.count + 8 != n || memcmp(td.data, signed_copy + 8, td.count) != 0)
		abort(); /* the signed string differs from librpm's region */
	rpmtdFreeData(&td);
	headerFree(h);
	return 0;
}
