/* SPDX-License-Identifier: MIT */
/*
 * tests/keys/pkgsig-local.c — TEST-ONLY fallback used while rpmhdr/ has no library:
 * a minimal reader of the package layout (lead, signature header, main header) that
 * trusts its input (the test data is known-good). The real parser is rpmhdr/.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pkgsig.h"

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int b64(int c)
{
	if (c >= 'A' && c <= 'Z') return c - 'A';
	if (c >= 'a' && c <= 'z') return c - 'a' + 26;
	if (c >= '0' && c <= '9') return c - '0' + 52;
	if (c == '+') return 62;
	if (c == '/') return 63;
	return -1;
}

static size_t unb64(const uint8_t *s, size_t n, uint8_t *out)
{
	size_t i, o = 0;
	uint32_t acc = 0;
	int nb = 0;

	for (i = 0; i < n && s[i] != '='; i++) {
		int v = b64(s[i]);
		if (v < 0)
			continue;
		acc = acc << 6 | (uint32_t)v;
		if (++nb == 4) {
			out[o++] = (uint8_t)(acc >> 16);
			out[o++] = (uint8_t)(acc >> 8);
			out[o++] = (uint8_t)acc;
			nb = 0;
			acc = 0;
		}
	}
	if (nb == 2)
		out[o++] = (uint8_t)(acc >> 4);
	else if (nb == 3) {
		out[o++] = (uint8_t)(acc >> 10);
		out[o++] = (uint8_t)(acc >> 2);
	}
	return o;
}

static void add(struct pkgsig *ps, unsigned tag, unsigned idx, const uint8_t *p, size_t n,
		int base64)
{
	size_t at = ps->blob_len;

	if (ps->nitems >= PKGSIG_MAX_ITEMS)
		return;
	if (base64)
		n = unb64(p, n, ps->blob + at);
	else
		memcpy(ps->blob + at, p, n);
	ps->items[ps->nitems].tag = tag;
	ps->items[ps->nitems].idx = idx;
	ps->items[ps->nitems].off = at;
	ps->items[ps->nitems].len = n;
	ps->nitems++;
	ps->blob_len += n;
}

int pkgsig_load(const char *path, struct pkgsig *ps)
{
	const uint8_t *sh, *idx, *data, *mh;
	uint32_t il, dl, i, pass;
	size_t shlen, mlen;

	memset(ps, 0, sizeof(*ps));
	ps->file = read_whole(path, &ps->file_len);
	if (!ps->file)
		return -errno;
	if (ps->file_len < 96 + 16)
		return -EINVAL;
	sh = ps->file + 96;
	il = be32(sh + 8);
	dl = be32(sh + 12);
	idx = sh + 16;
	data = idx + 16 * (size_t)il;
	shlen = 16 + 16 * (size_t)il + dl;
	shlen = (shlen + 7) & ~(size_t)7;
	mh = sh + shlen;
	if ((size_t)(mh - ps->file) + 16 > ps->file_len)
		return -EINVAL;
	il = be32(mh + 8);
	mlen = 16 + 16 * (size_t)be32(mh + 8) + be32(mh + 12);
	(void)il;
	ps->spans[0].p = mh;
	ps->spans[0].len = mlen;
	ps->nspans = 1;
	ps->blob = malloc(dl + 16);
	if (!ps->blob)
		return -ENOMEM;
	il = be32(sh + 8);
	/* order as rpmhdr's iterator: 268, 267, then the 278 elements */
	for (pass = 0; pass < 3; pass++) {
		unsigned want = pass == 0 ? 268 : pass == 1 ? 267 : 278;

		for (i = 0; i < il; i++) {
			const uint8_t *e = idx + 16 * (size_t)i;
			uint32_t tag = be32(e), off = be32(e + 8), cnt = be32(e + 12);

			if (tag != want)
				continue;
			if (tag == 278) {
				const uint8_t *s = data + off;
				uint32_t k;

				for (k = 0; k < cnt; k++) {
					size_t n = strlen((const char *)s);
					add(ps, 278, k, s, n, 1);
					s += n + 1;
				}
			} else {
				add(ps, tag, 0, data + off, cnt, 0);
			}
		}
	}
	return 0;
}
