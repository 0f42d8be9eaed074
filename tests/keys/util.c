/* SPDX-License-Identifier: MIT */
/* tests/keys/util.c — file reading and freeing for the keys tests. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "pkgsig.h"

uint8_t *read_whole(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return NULL;
	for (;;) {
		size_t r;

		if (cap - n < 65536) {
			uint8_t *nb = realloc(buf, cap + 65536 * 4);
			if (!nb) {
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			buf = nb;
			cap += 65536 * 4;
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		errno = EIO;
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

void pkgsig_free(struct pkgsig *ps)
{
	free(ps->file);
	free(ps->blob);
	ps->file = ps->blob = NULL;
}
