/* SPDX-License-Identifier: MIT */
/* tests/keys/pkgsig-rpmhdr.c — the signed range and signatures of a .rpm, via rpmhdr/. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rpmhdr.h"
#include "pkgsig.h"

int pkgsig_load(const char *path, struct pkgsig *ps)
{
	struct rh_ctx ctx;
	struct rh_sig_iter it;
	struct rh_sig_item item;
	const struct rh_span *spans;
	size_t n, i, cap = 0;
	int rc;

	memset(ps, 0, sizeof(*ps));
	ps->file = read_whole(path, &ps->file_len);
	if (!ps->file)
		return -errno;
	rc = rh_parse_package(&ctx, ps->file, ps->file_len);
	if (rc)
		return rc;
	if (rh_signed_spans(&ctx, &spans, &n) || n > 3)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		ps->spans[i].p = spans[i].p;
		ps->spans[i].len = spans[i].len;
	}
	ps->nspans = n;
	rh_sig_begin(&it);
	while (rh_sig_next(&ctx, &it, &item) == 1)
		cap += rh_sig_decoded_max(&item);
	ps->blob = malloc(cap + 1);
	if (!ps->blob)
		return -ENOMEM;
	rh_sig_begin(&it);
	while ((rc = rh_sig_next(&ctx, &it, &item)) == 1) {
		size_t got = 0;

		if (ps->nitems >= PKGSIG_MAX_ITEMS)
			return -ENOSPC;
		rc = rh_sig_decode(&item, ps->blob + ps->blob_len, cap - ps->blob_len, &got, NULL);
		if (rc)
			return rc;
		ps->items[ps->nitems].tag = item.tag;
		ps->items[ps->nitems].idx = item.index;
		ps->items[ps->nitems].off = ps->blob_len;
		ps->items[ps->nitems].len = got;
		ps->nitems++;
		ps->blob_len += got;
	}
	return rc;
}
