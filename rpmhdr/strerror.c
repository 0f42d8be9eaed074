/* SPDX-License-Identifier: MIT */
/* rpmhdr/strerror.c — text for enum rh_err. */
#include "rh-int.h"

static const char *const rh_errtab[RH_E__COUNT] = {
	[RH_OK] = "no error",
	[RH_E_ARG] = "bad argument",
	[RH_E_TRUNC] = "input truncated",
	[RH_E_MAGIC] = "bad header magic",
	[RH_E_LEAD] = "bad package lead",
	[RH_E_TAGS_MAX] = "number of index entries out of range",
	[RH_E_DATA_MAX] = "data length out of range",
	[RH_E_SIZE] = "header size does not match the input",
	[RH_E_NO_REGION] = "header has no immutable region",
	[RH_E_REGION_TAG] = "bad region tag",
	[RH_E_REGION_OFFSET] = "region trailer outside the data",
	[RH_E_TRAILER] = "bad region trailer",
	[RH_E_REGION_SIZE] = "bad region size",
	[RH_E_REGION_EXACT] = "entries outside the region",
	[RH_E_TAG] = "bad tag number",
	[RH_E_TYPE] = "bad data type",
	[RH_E_TAG_TYPE] = "tag has the wrong data type",
	[RH_E_COUNT] = "bad element count",
	[RH_E_ARRAY] = "array too large",
	[RH_E_ALIGN] = "misaligned data",
	[RH_E_OFFSET] = "data offset out of range",
	[RH_E_OVERLAP] = "entry data overlaps the previous entry",
	[RH_E_DATA_LEN] = "entry data does not fit",
	[RH_E_NUL] = "string not NUL-terminated",
	[RH_E_TRAILER_OVERLAP] = "entry data overlaps the region trailer",
	[RH_E_LENGTHS] = "entry data lengths do not add up",
	[RH_E_PADDING] = "non-zero padding",
	[RH_E_DUP] = "duplicate tag",
	[RH_E_UNSORTED] = "rpm v6 header with unsorted tags",
	[RH_E_FORMAT] = "bad RPMFORMAT value",
	[RH_E_DUP_LIMIT] = "too many high tag numbers in an unsorted header",
	[RH_E_SIG_PAD] = "bad signature header padding",
	[RH_E_MODSIG] = "bad module_signature",
	[RH_E_MARKER] = "no module signature marker",
	[RH_E_SIGLEN] = "bad signature length",
	[RH_E_TRAILING] = "trailing bytes after the header",
	[RH_E_FILES] = "inconsistent file arrays",
	[RH_E_DIRINDEX] = "directory index out of range",
	[RH_E_DIGEST] = "bad file digest",
	[RH_E_DIGEST_ALGO] = "bad file digest algorithm",
	[RH_E_BASE64] = "bad base64 signature",
	[RH_E_NOSPC] = "buffer too small",
};

const char *rh_strerror(int err)
{
	if (err < 0 || err >= RH_E__COUNT || rh_errtab[err] == NULL)
		return "unknown error";
	return rh_errtab[err];
}
