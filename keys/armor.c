/* SPDX-License-Identifier: MIT */
/* keys/armor.c — ASCII armour (RFC 9580 6): BEGIN line, headers, base64, CRC-24, END. */
#include <string.h>

#include "pgp-int.h"

static const char begin_tag[] = "-----BEGIN PGP ";
static const char end_tag[] = "-----END PGP ";

/* Position of the next line start after p (or len). */
static size_t line_end(const uint8_t *in, size_t len, size_t p)
{
	const uint8_t *nl = memchr(in + p, '\n', len - p);

	return nl ? (size_t)(nl - in) : len;
}

static int b64val(uint8_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static uint32_t crc24(const uint8_t *p, size_t n)
{
	uint32_t crc = 0xb704ceu;
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		crc ^= (uint32_t)p[i] << 16;
		for (k = 0; k < 8; k++) {
			crc <<= 1;
			if (crc & 0x1000000u)
				crc ^= 0x1864cfbu;
		}
	}
	return crc & 0xffffffu;
}

static int is_blank(const uint8_t *in, size_t a, size_t b)
{
	for (; a < b; a++)
		if (in[a] != ' ' && in[a] != '\t' && in[a] != '\r')
			return 0;
	return 1;
}

/*
 * Layout: "-----BEGIN PGP <label>-----" line; optional "Key: value" header lines; one
 * blank line; base64 lines; optional "=XXXX" CRC line; "-----END PGP <label>-----".
 * Invariant in the body loop: o <= out_len <= cap, acc holds nb (< 4) pending sextets.
 */
int pgp_dearmor(const uint8_t *in, size_t len, size_t *off, uint8_t *out, size_t cap,
		size_t *out_len, struct pgp_err *err)
{
	size_t p = *off, e, o = 0;
	uint32_t acc = 0;
	unsigned nb = 0, pad = 0;
	int have_crc = 0;
	uint32_t crc_want = 0;

	/* find BEGIN at a line start */
	for (;;) {
		if (p >= len)
			return -ENODATA;
		e = line_end(in, len, p);
		if (e - p >= sizeof(begin_tag) - 1 &&
		    !memcmp(in + p, begin_tag, sizeof(begin_tag) - 1))
			break;
		p = e + 1;
	}
	p = e < len ? e + 1 : len;
	/* headers: lines with ':' until a blank line; tolerate a missing blank line when
	   the first line is already base64 */
	{
		size_t q = p;
		int saw_header = 0;

		while (q < len) {
			e = line_end(in, len, q);
			if (is_blank(in, q, e)) {
				p = e < len ? e + 1 : len;
				break;
			}
			if (memchr(in + q, ':', e - q)) {
				saw_header = 1;
				q = e < len ? e + 1 : len;
				continue;
			}
			if (saw_header)
				return pgp_fail(err, PGP_R_BAD_ARMOR, q, -EINVAL);
			p = q;
			break;
		}
		if (q >= len)
			return pgp_fail(err, PGP_R_BAD_ARMOR, q, -EINVAL);
	}
	for (;;) {
		size_t i;

		if (p >= len)
			return pgp_fail(err, PGP_R_BAD_ARMOR, p, -EINVAL);
		e = line_end(in, len, p);
		if (e - p >= sizeof(end_tag) - 1 && !memcmp(in + p, end_tag, sizeof(end_tag) - 1))
			break;
		if (in[p] == '=' && !is_blank(in, p + 1, e)) {
			/* CRC-24 line: "=" + 4 base64 chars */
			uint32_t v = 0;
			size_t k = 0;

			for (i = p + 1; i < e && k < 4; i++) {
				int d = b64val(in[i]);
				if (d < 0)
					return pgp_fail(err, PGP_R_BAD_ARMOR, i, -EINVAL);
				v = v << 6 | (uint32_t)d;
				k++;
			}
			if (k != 4 || !is_blank(in, i, e) || have_crc)
				return pgp_fail(err, PGP_R_BAD_ARMOR, p, -EINVAL);
			have_crc = 1;
			crc_want = v;
			p = e < len ? e + 1 : len;
			continue;
		}
		if (have_crc)
			return pgp_fail(err, PGP_R_BAD_ARMOR, p, -EINVAL);
		for (i = p; i < e; i++) {
			uint8_t c = in[i];
			int d;

			if (c == '\r' || c == ' ' || c == '\t')
				continue;
			if (c == '=') {
				pad++;
				continue;
			}
			d = b64val(c);
			if (d < 0 || pad)
				return pgp_fail(err, PGP_R_BAD_ARMOR, i, -EINVAL);
			acc = acc << 6 | (uint32_t)d;
			if (++nb == 4) {
				if (cap - o < 3)
					return pgp_fail(err, PGP_R_ARMOR_TOO_BIG, i, -ENOSPC);
				out[o++] = (uint8_t)(acc >> 16);
				out[o++] = (uint8_t)(acc >> 8);
				out[o++] = (uint8_t)acc;
				nb = 0;
				acc = 0;
			}
		}
		p = e < len ? e + 1 : len;
	}
	/* trailing group: 2 sextets -> 1 byte, 3 -> 2 bytes */
	if (nb == 1 || pad > 2 || (nb == 0 && pad) || (nb && nb + pad != 4 && pad))
		return pgp_fail(err, PGP_R_BAD_ARMOR, p, -EINVAL);
	if (nb >= 2) {
		if (cap - o < nb - 1)
			return pgp_fail(err, PGP_R_ARMOR_TOO_BIG, p, -ENOSPC);
		acc <<= 6 * (4 - nb);
		out[o++] = (uint8_t)(acc >> 16);
		if (nb == 3)
			out[o++] = (uint8_t)(acc >> 8);
	}
	if (have_crc && crc24(out, o) != crc_want)
		return pgp_fail(err, PGP_R_BAD_ARMOR, p, -EINVAL);
	if (o == 0)
		return pgp_fail(err, PGP_R_EMPTY, p, -EINVAL);
	e = line_end(in, len, p);
	*off = e < len ? e + 1 : len;
	*out_len = o;
	return 0;
}
