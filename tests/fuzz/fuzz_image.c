// SPDX-License-Identifier: MIT
/*
 * tests/fuzz/fuzz_image.c — libFuzzer target image: diglist's image reader
 * (dg_image_open, dg_image_next) on one image. Checks the contract: a rejected image
 * has a reason and an offset inside the input (or at its end) and a NUL-terminated
 * name; an accepted one gives exactly nlists lists, each inside the input, with a name
 * that passes dg_name_ok, in strictly increasing order; a second walk gives the same.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diglist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dg_image it;
	struct dg_image_err err;
	struct dg_image_list l;
	const char *prev = NULL;
	uint32_t n = 0;
	int rc;

	rc = dg_image_open(data, size, &it, &err);
	if (rc != 0) {
		if (err.err <= DG_IMG_OK || err.err >= DG_IMG_E__COUNT || err.off > size ||
		    !memchr(err.name, '\0', sizeof(err.name)))
			abort();
		if (dg_image_next(&it, &l) != -22) /* -EINVAL: never a list of a bad image */
			abort();
		return 0;
	}
	while ((rc = dg_image_next(&it, &l)) == 1) {
		if (l.data < data || l.size == 0 || l.size > size ||
		    (size_t)(l.data - data) > size - l.size || !dg_name_ok(l.name) ||
		    (prev && strcmp(prev, l.name) >= 0) || l.off >= size)
			abort();
		prev = l.name;
		n++;
	}
	if (rc != 0 || n != it.nlists || dg_image_next(&it, &l) != 0)
		abort();
	return 0;
}
