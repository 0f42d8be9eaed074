/* SPDX-License-Identifier: MIT */
/* tests/keys/pkgsig.h — test helper: the signed range and signature packets of a .rpm. */
#ifndef DIGINIT_TEST_PKGSIG_H
#define DIGINIT_TEST_PKGSIG_H

#include <stddef.h>
#include <stdint.h>

#include "pgp.h"

#define PKGSIG_MAX_ITEMS 16

struct pkgsig_item {
	unsigned tag, idx; /* 267, 268, 278 (+ element index) */
	size_t off, len;   /* packet bytes within pkgsig.blob */
};

struct pkgsig {
	uint8_t *file; /* whole file (malloc) */
	size_t file_len;
	struct pgp_span spans[3];
	size_t nspans;
	struct pkgsig_item items[PKGSIG_MAX_ITEMS];
	size_t nitems;
	uint8_t *blob; /* all packets back to back, as in a list file (malloc) */
	size_t blob_len;
};

/* 0 or -errno; prints nothing. */
int pkgsig_load(const char *path, struct pkgsig *ps);
void pkgsig_free(struct pkgsig *ps);
uint8_t *read_whole(const char *path, size_t *len);

#endif
