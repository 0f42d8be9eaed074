// SPDX-License-Identifier: MIT
/*
 * tests/mkinitrd/imgread.c — the image reader's unit test tool (diglist.h
 * dg_image_open, dg_image_next): for each IMAGE argument one line on stdout,
 *   IMAGE ok N NAME...               accepted, N lists, their names in order
 *   IMAGE DG_IMG_E_<CODE> OFF NAME   rejected: the code's name, the offset, the entry
 *                                    name ("-" when none)
 * Exit 0 (every file read), 2 (usage or unreadable file).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diglist.h"

#define CODE(c) [c] = #c
static const char *const code_name[DG_IMG_E__COUNT] = {
	CODE(DG_IMG_OK),	CODE(DG_IMG_E_ARG),	  CODE(DG_IMG_E_COMPRESSED),
	CODE(DG_IMG_E_MAGIC),	CODE(DG_IMG_E_TRUNC),	  CODE(DG_IMG_E_HEX),
	CODE(DG_IMG_E_NAMESIZE), CODE(DG_IMG_E_PADDING),  CODE(DG_IMG_E_TRAILER),
	CODE(DG_IMG_E_TYPE),	CODE(DG_IMG_E_MODE),	  CODE(DG_IMG_E_OWNER),
	CODE(DG_IMG_E_NLINK),	CODE(DG_IMG_E_DEV),	  CODE(DG_IMG_E_INO),
	CODE(DG_IMG_E_MTIME),	CODE(DG_IMG_E_CHECK),	  CODE(DG_IMG_E_SIZE),
	CODE(DG_IMG_E_DIR),	CODE(DG_IMG_E_PATH),	  CODE(DG_IMG_E_NAME),
	CODE(DG_IMG_E_DUP),	CODE(DG_IMG_E_ORDER),	  CODE(DG_IMG_E_NO_TRAILER),
	CODE(DG_IMG_E_AFTER_TRAILER),
};

static int one(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n;
	struct dg_image it;
	struct dg_image_err err;
	struct dg_image_list l;

	if (!f) {
		perror(path);
		return 2;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
	    !(buf = malloc((size_t)n + 1)) || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		perror(path);
		free(buf);
		fclose(f);
		return 2;
	}
	fclose(f);
	if (dg_image_open(buf, (size_t)n, &it, &err) != 0) {
		const char *c = err.err > 0 && err.err < DG_IMG_E__COUNT ? code_name[err.err] : "?";

		printf("%s %s %zu %s\n", path, c ? c : "?", err.off, err.name[0] ? err.name : "-");
	} else {
		printf("%s ok %u", path, it.nlists);
		while (dg_image_next(&it, &l) == 1)
			printf(" %s", l.name);
		printf("\n");
	}
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	int rc = 0;

	for (int i = 1; i < argc; i++)
		rc |= one(argv[i]);
	return argc < 2 ? 2 : rc;
}
