/* SPDX-License-Identifier: MIT */
/* keys/pkt.c — OpenPGP packet framing (RFC 9580 4.2) and MPIs (3.2). */
#include "pgp-int.h"

/*
 * Old framing: tag byte 10tttt LL, LL = 0: 1-byte length, 1: 2-byte, 2: 4-byte,
 * 3: indeterminate (rejected). New framing: tag byte 11tttttt, then
 * 0..191 -> one byte; 192..223 -> two bytes ((b0-192)<<8)+b1+192; 255 -> four bytes;
 * 224..254 -> partial body length (rejected: never used for keys or signatures).
 */
int pgp_pkt_next(const uint8_t *in, size_t len, size_t *off, unsigned *tag, size_t *body,
		 size_t *body_len, struct pgp_err *err)
{
	size_t o = *off, n, hl;
	uint8_t b;

	if (o >= len)
		return -ENODATA;
	b = in[o];
	if (!(b & 0x80))
		return pgp_fail(err, PGP_R_BAD_PKT_HEADER, o, -EINVAL);
	if (b & 0x40) {
		*tag = b & 0x3fu;
		if (len - o < 2)
			return pgp_fail(err, PGP_R_TRUNCATED, o, -EINVAL);
		uint8_t l0 = in[o + 1];
		if (l0 < 192) {
			n = l0;
			hl = 2;
		} else if (l0 < 224) {
			if (len - o < 3)
				return pgp_fail(err, PGP_R_TRUNCATED, o, -EINVAL);
			n = ((size_t)(l0 - 192) << 8) + in[o + 2] + 192;
			hl = 3;
		} else if (l0 == 255) {
			if (len - o < 6)
				return pgp_fail(err, PGP_R_TRUNCATED, o, -EINVAL);
			n = pgp_be32(in + o + 2);
			hl = 6;
		} else {
			return pgp_fail(err, PGP_R_PARTIAL_LENGTH, o, -EINVAL);
		}
	} else {
		*tag = (b >> 2) & 0x0fu;
		switch (b & 3) {
		case 0:
			hl = 2;
			break;
		case 1:
			hl = 3;
			break;
		case 2:
			hl = 5;
			break;
		default:
			return pgp_fail(err, PGP_R_INDETERMINATE_LENGTH, o, -EINVAL);
		}
		if (len - o < hl)
			return pgp_fail(err, PGP_R_TRUNCATED, o, -EINVAL);
		if (hl == 2)
			n = in[o + 1];
		else if (hl == 3)
			n = pgp_be16(in + o + 1);
		else
			n = pgp_be32(in + o + 1);
	}
	if (*tag == 0)
		return pgp_fail(err, PGP_R_BAD_PKT_HEADER, o, -EINVAL);
	if (n > len - o - hl)
		return pgp_fail(err, PGP_R_TRUNCATED, o, -EINVAL);
	*body = o + hl;
	*body_len = n;
	*off = o + hl + n;
	return 0;
}

/* MPI: be16 bit count, then ceil(bits/8) bytes; the top byte must hold the top bit. */
int pgp_mpi(const uint8_t *p, size_t len, size_t *off, const uint8_t **v, size_t *vlen,
	    unsigned *bits)
{
	size_t o = *off, n;
	unsigned b;

	if (len < 2 || o > len - 2)
		return -EINVAL;
	b = pgp_be16(p + o);
	n = (b + 7u) / 8u;
	o += 2;
	if (n > len - o)
		return -EINVAL;
	if (b == 0)
		return -EINVAL;
	if (p[o] != 0) {
		/* canonical: the bit count is exact. Checking it means that a flipped bit in
		   the count never leaves the value unchanged. */
		if ((unsigned)(32 - __builtin_clz((unsigned)p[o])) != ((b - 1u) % 8u) + 1u)
			return -EINVAL;
		*v = p + o;
		*vlen = n;
	} else {
		/* non-minimal: leading zero bytes, as some signers write a fixed-width RSA
		   signature (CBL-Mariner's rpmdb has count 2041 over 256 bytes, 0x00 first).
		   rpm and gpg accept it; so do we, if the value fits the count and is not 0. */
		size_t z = 0;
		unsigned actual;

		while (z < n && p[o + z] == 0)
			z++;
		if (z == n)
			return -EINVAL;
		actual = (unsigned)(n - z - 1) * 8u +
			 (unsigned)(32 - __builtin_clz((unsigned)p[o + z]));
		if (actual > b)
			return -EINVAL;
		*v = p + o + z;
		*vlen = n - z;
	}
	if (bits) {
		unsigned top = (*v)[0];
		*bits = (unsigned)(*vlen - 1) * 8u + (unsigned)(32 - __builtin_clz(top));
	}
	*off = o + n;
	return 0;
}

void pgp_hex(const uint8_t *p, size_t n, char *out)
{
	static const char hx[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hx[p[i] >> 4];
		out[2 * i + 1] = hx[p[i] & 15];
	}
	out[2 * n] = '\0';
}
