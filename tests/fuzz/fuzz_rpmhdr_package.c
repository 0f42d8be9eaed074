/* SPDX-License-Identifier: MIT */
/* fuzz_rpmhdr_package — libFuzzer target: rh_parse_package on arbitrary bytes. */
#include "fuzz_rpmhdr_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rh_ctx c;

	if (rh_parse_package(&c, data, size) == 0)
		fz_accessors(&c, data, size);
	else
		fz_check(c.err > RH_OK && c.err < RH_E__COUNT && c.off <= size &&
			 c.shape == RH_SHAPE_NONE);
	return 0;
}
