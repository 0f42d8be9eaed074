/* SPDX-License-Identifier: MIT */
/* keys/sig.c — signature packet parsing (RFC 4880 5.2.2 v3, RFC 9580 5.2.3 v4/v6). */
#include <string.h>

#include "pgp-int.h"

/*
 * v3:  03 | 05 | type | time[4] | keyid[8] | pkalgo | hashalgo | quick[2] | MPIs
 *      hashed after the data: type ‖ time (the 5 bytes after the length octet)
 * v4:  04 | type | pkalgo | hashalgo | hlen[2] | hashed[hlen] | ulen[2] | unhashed[ulen]
 *      | quick[2] | MPIs          hashed: 04 .. end of hashed area
 * v6:  06 | type | pkalgo | hashalgo | hlen[4] | hashed[hlen] | ulen[4] | unhashed[ulen]
 *      | quick[2] | saltlen | salt | material   hashed: 06 .. end of hashed area
 */

/* Subpackets whose meaning this code knows or that are harmless to ignore even when
   flagged critical (RFC 9580 5.2.3.7: an unknown critical subpacket voids the sig). */
static int crit_ok(unsigned t)
{
	switch (t) {
	case 2:
	case 3:
	case 4:
	case 7:
	case 9:
	case 11:
	case 16:
	case 21:
	case 22:
	case 23:
	case 25:
	case 27:
	case 29:
	case 30:
	case 32:
	case 33:
	case 34:
	case 39:
		return 1;
	default:
		return 0;
	}
}

/* The length of the subpacket at a[*o..n) (RFC 9580 5.2.3.7: 1, 2 or 5 octets); *o moves
   past the length field. The length counts the type octet, so it is never 0. */
static int subpacket_len(const uint8_t *a, size_t n, size_t *o, size_t base, size_t *l,
			 struct pgp_err *err)
{
	size_t start = *o, p = *o;

	if (a[p] < 192) {
		*l = a[p];
		p += 1;
	} else if (a[p] < 255) {
		if (n - p < 2)
			return pgp_fail(err, PGP_R_BAD_SUBPACKET, base + p, -EINVAL);
		*l = ((size_t)(a[p] - 192) << 8) + a[p + 1] + 192;
		p += 2;
	} else {
		if (n - p < 5)
			return pgp_fail(err, PGP_R_BAD_SUBPACKET, base + p, -EINVAL);
		*l = pgp_be32(a + p + 1);
		p += 5;
	}
	if (*l == 0 || *l > n - p)
		return pgp_fail(err, PGP_R_BAD_SUBPACKET, base + start, -EINVAL);
	*o = p;
	return 0;
}

/* One subpacket of type t, value d[0..l), into sig. A hashed value wins over an unhashed
   one; values only meaningful when hashed are ignored otherwise. 0, or -EINVAL when the
   length is wrong for the type. */
static int subpacket_value(unsigned t, const uint8_t *d, size_t l, int hashed,
			   struct pgp_sig *sig)
{
	switch (t) {
	case 2:
	case 3:
	case 9:
		if (l != 4)
			return -EINVAL;
		if (hashed && t == 2)
			sig->created = pgp_be32(d);
		else if (hashed && t == 3)
			sig->expires = pgp_be32(d);
		else if (hashed) {
			sig->key_expires = pgp_be32(d);
			sig->has_key_expires = 1;
		}
		return 0;
	case 16:
		if (l != 8)
			return -EINVAL;
		if (hashed || !sig->has_keyid) {
			memcpy(sig->keyid, d, 8);
			sig->has_keyid = 1;
		}
		return 0;
	case 27:
		if (hashed && l >= 1) {
			sig->keyflags = d[0];
			sig->has_keyflags = 1;
		}
		return 0;
	case 29:
		if (hashed)
			sig->revocation = 1;
		return 0;
	case 32:
		if (!sig->embedded || hashed) {
			sig->embedded = d;
			sig->embedded_len = l;
		}
		return 0;
	case 33:
		if ((l != 21 && l != 33) || (d[0] == 4 && l != 21) || (d[0] == 6 && l != 33))
			return -EINVAL;
		if (hashed || !sig->fpr_len) {
			sig->fpr_version = d[0];
			sig->fpr_len = (uint8_t)(l - 1);
			memcpy(sig->fpr, d + 1, l - 1);
		}
		return 0;
	default:
		return 0;
	}
}

/* A subpacket area a[0..n), hashed or not; base = offset of a for errors. */
static int subpackets(const uint8_t *a, size_t n, size_t base, int hashed, struct pgp_sig *sig,
		      struct pgp_err *err)
{
	size_t o = 0;

	while (o < n) {
		size_t l, start = o;
		unsigned t;
		int rc = subpacket_len(a, n, &o, base, &l, err);

		if (rc)
			return rc;
		t = a[o] & 0x7fu;
		if ((a[o] & 0x80) && hashed && !crit_ok(t))
			return pgp_fail(err, PGP_R_CRITICAL_SUBPACKET, base + start, -EINVAL);
		if (subpacket_value(t, a + o + 1, l - 1, hashed, sig))
			return pgp_fail(err, PGP_R_BAD_SUBPACKET, base + start, -EINVAL);
		o += l;
	}
	return 0;
}

/* Signature material after the quick check: MPIs or fixed fields. */
static int material(const uint8_t *b, size_t len, size_t o, size_t base, struct pgp_sig *sig,
		    struct pgp_err *err)
{
	switch (sig->pkalgo) {
	case PGP_PK_RSA:
	case PGP_PK_RSA_S:
		if (pgp_mpi(b, len, &o, &sig->a, &sig->a_len, NULL))
			return pgp_fail(err, PGP_R_BAD_MPI, base + o, -EINVAL);
		break;
	case PGP_PK_DSA:
	case PGP_PK_ECDSA:
	case PGP_PK_EDDSA:
		if (pgp_mpi(b, len, &o, &sig->a, &sig->a_len, NULL) ||
		    pgp_mpi(b, len, &o, &sig->b, &sig->b_len, NULL))
			return pgp_fail(err, PGP_R_BAD_MPI, base + o, -EINVAL);
		break;
	case PGP_PK_ED25519:
		if (len - o < 64)
			return pgp_fail(err, PGP_R_TRUNCATED, base + o, -EINVAL);
		sig->a = b + o;
		sig->a_len = 64;
		o += 64;
		break;
	default:
		/* unknown algorithm: material not interpreted (UNSUPPORTED later) */
		return 0;
	}
	if (o != len)
		return pgp_fail(err, PGP_R_TRAILING_DATA, base + o, -EINVAL);
	return 0;
}

/* v3: the fixed 19 octets, then the material. */
static int parse_v3(const uint8_t *b, size_t len, size_t base, struct pgp_sig *sig,
		    struct pgp_err *err)
{
	if (len < 19)
		return pgp_fail(err, PGP_R_TRUNCATED, base, -EINVAL);
	if (b[1] != 5)
		return pgp_fail(err, PGP_R_BAD_VERSION, base + 1, -EINVAL);
	sig->type = b[2];
	sig->created = pgp_be32(b + 3);
	memcpy(sig->keyid, b + 7, 8);
	sig->has_keyid = 1;
	sig->pkalgo = b[15];
	sig->hashalgo = b[16];
	sig->quick[0] = b[17];
	sig->quick[1] = b[18];
	sig->hashed = b + 2;
	sig->hashed_len = 5;
	return material(b, len, 19, base, sig, err);
}

/* One subpacket area at b[*o..len): its cl-octet length (2 for v4, 4 for v6), then the
   subpackets; *o moves past it. */
static int subpacket_area(const uint8_t *b, size_t len, size_t *o, size_t cl, size_t base,
			  int hashed, struct pgp_sig *sig, struct pgp_err *err)
{
	size_t n;
	int rc;

	if (len - *o < cl)
		return pgp_fail(err, PGP_R_TRUNCATED, base + *o, -EINVAL);
	n = cl == 2 ? pgp_be16(b + *o) : pgp_be32(b + *o);
	*o += cl;
	if (n > len - *o)
		return pgp_fail(err, PGP_R_TRUNCATED, base + *o - cl, -EINVAL);
	rc = subpackets(b + *o, n, base + *o, hashed, sig, err);
	if (rc)
		return rc;
	*o += n;
	return 0;
}

/* v4/v6 after the areas: the rules on the issuer and creation time, and the key ID a
   fingerprint implies (v4: its low 8 octets, v6: its high 8 octets). */
static int issuer_check(struct pgp_sig *sig, size_t base, struct pgp_err *err)
{
	const uint8_t *fpr_keyid = sig->fpr_len == 20 ? sig->fpr + 12 : sig->fpr;

	/* RFC 9580 5.2.3.11: the creation time MUST be in the hashed area */
	if (!sig->created)
		return pgp_fail(err, PGP_R_BAD_SUBPACKET, base + 4, -EINVAL);
	/* an issuer key ID and an issuer fingerprint must name the same key */
	if (sig->has_keyid && sig->fpr_len && memcmp(sig->keyid, fpr_keyid, 8))
		return pgp_fail(err, PGP_R_BAD_SUBPACKET, base + 4, -EINVAL);
	if (!sig->has_keyid && (sig->fpr_len == 20 || sig->fpr_len == 32)) {
		memcpy(sig->keyid, fpr_keyid, 8);
		sig->has_keyid = 1;
	}
	return 0;
}

/* v4 and v6: header, hashed and unhashed areas, quick check, v6 salt, material. */
static int parse_v4v6(const uint8_t *b, size_t len, size_t base, struct pgp_sig *sig,
		      struct pgp_err *err)
{
	size_t cl = b[0] == 4 ? 2 : 4, o = 4;
	int rc;

	if (len < 4 + cl)
		return pgp_fail(err, PGP_R_TRUNCATED, base, -EINVAL);
	sig->type = b[1];
	sig->pkalgo = b[2];
	sig->hashalgo = b[3];
	rc = subpacket_area(b, len, &o, cl, base, 1, sig, err);
	if (rc)
		return rc;
	sig->hashed = b;
	sig->hashed_len = o;
	rc = subpacket_area(b, len, &o, cl, base, 0, sig, err);
	if (rc)
		return rc;
	if (len - o < 2)
		return pgp_fail(err, PGP_R_TRUNCATED, base + o, -EINVAL);
	sig->quick[0] = b[o];
	sig->quick[1] = b[o + 1];
	o += 2;
	if (b[0] == 6) {
		if (len - o < 1)
			return pgp_fail(err, PGP_R_TRUNCATED, base + o, -EINVAL);
		sig->salt_len = b[o];
		o++;
		if (sig->salt_len > PGP_MAX_SALT || sig->salt_len > len - o)
			return pgp_fail(err, PGP_R_BAD_SALT, base + o - 1, -EINVAL);
		sig->salt = b + o;
		o += sig->salt_len;
	}
	rc = issuer_check(sig, base, err);
	if (rc)
		return rc;
	return material(b, len, o, base, sig, err);
}

int pgp_sig_parse_body(const uint8_t *b, size_t len, size_t base, struct pgp_sig *sig,
		       struct pgp_err *err)
{
	memset(sig, 0, sizeof(*sig));
	if (len < 1)
		return pgp_fail(err, PGP_R_TRUNCATED, base, -EINVAL);
	sig->version = b[0];
	if (b[0] == 3)
		return parse_v3(b, len, base, sig, err);
	if (b[0] == 4 || b[0] == 6)
		return parse_v4v6(b, len, base, sig, err);
	return pgp_fail(err, PGP_R_BAD_VERSION, base, -EOPNOTSUPP);
}

int pgp_sig_parse(const uint8_t *pkt, size_t len, struct pgp_sig *sig, size_t *used,
		  struct pgp_err *err)
{
	size_t off = 0, body, blen;
	unsigned tag;
	int rc;

	rc = pgp_pkt_next(pkt, len, &off, &tag, &body, &blen, err);
	if (rc == -ENODATA)
		return pgp_fail(err, PGP_R_EMPTY, 0, -EINVAL);
	if (rc)
		return rc;
	*used = off;
	if (tag != PGP_TAG_SIG)
		return pgp_fail(err, PGP_R_UNEXPECTED_PKT, 0, -EINVAL);
	rc = pgp_sig_parse_body(pkt + body, blen, body, sig, err);
	sig->off = 0;
	sig->pkt_len = off;
	return rc;
}
