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

/* The line after in[e] (or len when in[e] ends the input). */
static size_t next_line(size_t e, size_t len)
{
	return e < len ? e + 1 : len;
}

/* *p = the line after the first BEGIN line at or after *p; -ENODATA if there is none. */
static int find_begin(const uint8_t *in, size_t len, size_t *p)
{
	size_t q = *p, e;

	for (;;) {
		if (q >= len)
			return -ENODATA;
		e = line_end(in, len, q);
		if (e - q >= sizeof(begin_tag) - 1 &&
		    !memcmp(in + q, begin_tag, sizeof(begin_tag) - 1))
			break;
		q = e + 1;
	}
	*p = next_line(e, len);
	return 0;
}

/* *p = the first body line: after "Key: value" header lines and one blank line; a missing
   blank line is tolerated when the first line is already base64. */
static int skip_headers(const uint8_t *in, size_t len, size_t *p, struct pgp_err *err)
{
	size_t q = *p, e;
	int saw_header = 0;

	while (q < len) {
		e = line_end(in, len, q);
		if (is_blank(in, q, e)) {
			*p = next_line(e, len);
			return 0;
		}
		if (!memchr(in + q, ':', e - q)) {
			if (saw_header)
				return pgp_fail(err, PGP_R_BAD_ARMOR, q, -EINVAL);
			*p = q;
			return 0;
		}
		saw_header = 1;
		q = next_line(e, len);
	}
	return pgp_fail(err, PGP_R_BAD_ARMOR, q, -EINVAL);
}

/* The body decoder. Invariant: o <= cap, acc holds nb (< 4) pending sextets, pad counts
   the '=' seen (no sextet may follow one). */
struct dearmor {
	uint8_t *out;
	size_t cap, o;
	uint32_t acc;
	unsigned nb, pad;
	int have_crc;
	uint32_t crc_want;
};

/* The CRC-24 line in[p..e): "=" and 4 base64 characters; at most one. */
static int crc_line(struct dearmor *d, const uint8_t *in, size_t p, size_t e,
		    struct pgp_err *err)
{
	uint32_t v = 0;
	size_t i, k = 0;

	for (i = p + 1; i < e && k < 4; i++) {
		int x = b64_value(in[i]);

		if (x < 0)
			return pgp_fail(err, PGP_R_BAD_ARMOR, i, -EINVAL);
		v = v << 6 | (uint32_t)x;
		k++;
	}
	if (k != 4 || !is_blank(in, i, e) || d->have_crc)
		return pgp_fail(err, PGP_R_BAD_ARMOR, p, -EINVAL);
	d->have_crc = 1;
	d->crc_want = v;
	return 0;
}

/* One base64 line in[p..e): blanks skipped, '=' counted, every 4 sextets give 3 bytes. */
static int body_line(struct dearmor *d, const uint8_t *in, size_t p, size_t e,
		     struct pgp_err *err)
{
	size_t i;

	if (d->have_crc)
		return pgp_fail(err, PGP_R_BAD_ARMOR, p, -EINVAL);
	for (i = p; i < e; i++) {
		uint8_t c = in[i];
		int x;

		if (c == '\r' || c == ' ' || c == '\t')
			continue;
		if (c == '=') {
			d->pad++;
			continue;
		}
		x = b64_value(c);
		if (x < 0 || d->pad)
			return pgp_fail(err, PGP_R_BAD_ARMOR, i, -EINVAL);
		d->acc = d->acc << 6 | (uint32_t)x;
		if (++d->nb == 4) {
			if (d->cap - d->o < 3)
				return pgp_fail(err, PGP_R_ARMOR_TOO_BIG, i, -ENOSPC);
			d->out[d->o++] = (uint8_t)(d->acc >> 16);
			d->out[d->o++] = (uint8_t)(d->acc >> 8);
			d->out[d->o++] = (uint8_t)d->acc;
			d->nb = 0;
			d->acc = 0;
		}
	}
	return 0;
}

/* The trailing group (2 sextets -> 1 byte, 3 -> 2 bytes), the CRC, a non-empty result;
   p is the END line, for error offsets. */
static int body_end(struct dearmor *d, size_t p, struct pgp_err *err)
{
	unsigned nb = d->nb, pad = d->pad;

	if (nb == 1 || pad > 2 || (nb == 0 && pad) || (nb && nb + pad != 4 && pad))
		return pgp_fail(err, PGP_R_BAD_ARMOR, p, -EINVAL);
	if (nb >= 2) {
		if (d->cap - d->o < nb - 1)
			return pgp_fail(err, PGP_R_ARMOR_TOO_BIG, p, -ENOSPC);
		d->acc <<= 6 * (4 - nb);
		d->out[d->o++] = (uint8_t)(d->acc >> 16);
		if (nb == 3)
			d->out[d->o++] = (uint8_t)(d->acc >> 8);
	}
	if (d->have_crc && crc24(d->out, d->o) != d->crc_want)
		return pgp_fail(err, PGP_R_BAD_ARMOR, p, -EINVAL);
	if (d->o == 0)
		return pgp_fail(err, PGP_R_EMPTY, p, -EINVAL);
	return 0;
}

/*
 * Layout: "-----BEGIN PGP <label>-----" line; optional "Key: value" header lines; one
 * blank line; base64 lines; optional "=XXXX" CRC line; "-----END PGP <label>-----".
 */
int pgp_dearmor(const uint8_t *in, size_t len, size_t *off, uint8_t *out, size_t cap,
		size_t *out_len, struct pgp_err *err)
{
	struct dearmor d;
	size_t p = *off, e;
	int rc;

	rc = find_begin(in, len, &p);
	if (rc)
		return rc;
	rc = skip_headers(in, len, &p, err);
	if (rc)
		return rc;
	memset(&d, 0, sizeof(d));
	d.out = out;
	d.cap = cap;
	for (;;) {
		if (p >= len)
			return pgp_fail(err, PGP_R_BAD_ARMOR, p, -EINVAL);
		e = line_end(in, len, p);
		if (e - p >= sizeof(end_tag) - 1 && !memcmp(in + p, end_tag, sizeof(end_tag) - 1))
			break;
		if (in[p] == '=' && !is_blank(in, p + 1, e))
			rc = crc_line(&d, in, p, e, err);
		else
			rc = body_line(&d, in, p, e, err);
		if (rc)
			return rc;
		p = next_line(e, len);
	}
	rc = body_end(&d, p, err);
	if (rc)
		return rc;
	*off = next_line(line_end(in, len, p), len);
	*out_len = d.o;
	return 0;
}
