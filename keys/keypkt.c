/* SPDX-License-Identifier: MIT */
/* keys/keypkt.c — one public key packet (RFC 9580 5.5.2) and its fingerprint (5.5.4). */
#include <string.h>

#include "pgp-int.h"

/*
 * v4: 04 | created[4] | algo | algorithm-specific public fields
 * v6: 06 | created[4] | algo | matlen[4] | algorithm-specific public fields[matlen]
 * Secret-key packets (tags 5/7) begin with the same public part; the rest is ignored.
 * fingerprint v4 = SHA-1(99 ‖ be16(n) ‖ public part), key ID = its last 8 bytes;
 *             v6 = SHA-256(9b ‖ be32(n) ‖ public part), key ID = its first 8 bytes.
 */

static const uint8_t oid_p256[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
static const uint8_t oid_p384[] = {0x2b, 0x81, 0x04, 0x00, 0x22};
static const uint8_t oid_p521[] = {0x2b, 0x81, 0x04, 0x00, 0x23};
static const uint8_t oid_ed25519[] = {0x2b, 0x06, 0x01, 0x04, 0x01, 0xda, 0x47, 0x0f, 0x01};

static unsigned curve_of(const uint8_t *oid, size_t n, uint16_t *bits)
{
#define IS(o) (n == sizeof(o) && !memcmp(oid, o, n))
	if (IS(oid_p256)) {
		*bits = 256;
		return PGP_CURVE_P256;
	}
	if (IS(oid_p384)) {
		*bits = 384;
		return PGP_CURVE_P384;
	}
	if (IS(oid_p521)) {
		*bits = 521;
		return PGP_CURVE_P521;
	}
	if (IS(oid_ed25519)) {
		*bits = 255;
		return PGP_CURVE_ED25519;
	}
#undef IS
	return PGP_CURVE_OTHER;
}

/* Read "oidlen | oid"; 0x00 and 0xff are reserved lengths. */
static int read_oid(const uint8_t *b, size_t end, size_t *o, const uint8_t **oid, size_t *n)
{
	if (*o >= end)
		return -EINVAL;
	*n = b[*o];
	if (*n == 0 || *n == 0xff || *n > end - *o - 1)
		return -EINVAL;
	*oid = b + *o + 1;
	*o += 1 + *n;
	return 0;
}

static int skip_mpis(const uint8_t *b, size_t end, size_t *o, unsigned count, uint16_t *bits)
{
	unsigned i, nb = 0;

	for (i = 0; i < count; i++) {
		const uint8_t *v;
		size_t vl;

		if (pgp_mpi(b, end, o, &v, &vl, i == 0 ? &nb : NULL))
			return -EINVAL;
	}
	*bits = nb > 0xffff ? 0xffff : (uint16_t)nb;
	return 0;
}

/* Fixed-size material for the RFC 9580 native algorithms. */
static size_t native_len(unsigned algo)
{
	switch (algo) {
	case PGP_PK_X25519:
		return 32;
	case PGP_PK_X448:
		return 56;
	case PGP_PK_ED25519:
		return 32;
	case PGP_PK_ED448:
		return 57;
	default:
		return 0;
	}
}

/* RSA (1, 2 encrypt-only, 3 sign-only): MPIs n and e. Supported when signing is allowed,
   PGP_MIN_RSA_BITS <= bits(n) <= PGP_MAX_RSA_BITS, e fits and is odd. */
static int rsa_material(const uint8_t *b, size_t end, size_t *o, struct pgp_key *k)
{
	const uint8_t *v, *e;
	size_t vl, el;
	unsigned nb;

	if (pgp_mpi(b, end, o, &v, &vl, &nb) || pgp_mpi(b, end, o, &e, &el, NULL))
		return -EINVAL;
	k->bits = nb > 0xffff ? 0xffff : (uint16_t)nb;
	if (k->algo != 2 && nb >= PGP_MIN_RSA_BITS && nb <= PGP_MAX_RSA_BITS &&
	    el <= PGP_MAX_RSA_E && (e[el - 1] & 1)) {
		memcpy(k->mat, v, vl);
		k->mat_len = (uint16_t)vl;
		memcpy(k->e, e, el);
		k->e_len = (uint8_t)el;
		k->flags |= PGP_KF_SUPPORTED;
	}
	return 0;
}

/* ECDSA, legacy EdDSA, ECDH: curve OID, point MPI (ECDH: then KDF parameters). Supported:
   ECDSA on P-256/384/521 with an uncompressed point, EdDSA on Ed25519 with prefix 0x40. */
static int ec_material(const uint8_t *b, size_t end, size_t *o, struct pgp_key *k)
{
	const uint8_t *v, *oid;
	size_t vl, on;

	if (read_oid(b, end, o, &oid, &on) || pgp_mpi(b, end, o, &v, &vl, NULL))
		return -EINVAL;
	k->curve = (uint8_t)curve_of(oid, on, &k->bits);
	if (k->algo == PGP_PK_ECDH) {
		/* KDF parameters: len | 01 | hash | cipher */
		if (*o >= end || b[*o] == 0 || b[*o] == 0xff || b[*o] > end - *o - 1)
			return -EINVAL;
		*o += 1u + b[*o];
		if (k->curve != PGP_CURVE_OTHER && k->curve != PGP_CURVE_ED25519)
			k->curve = PGP_CURVE_OTHER;
		return 0;
	}
	if (k->algo == PGP_PK_ECDSA && k->curve >= PGP_CURVE_P256 && k->curve <= PGP_CURVE_P521) {
		size_t cl = (k->bits + 7u) / 8u;

		if (vl != 1 + 2 * cl || v[0] != 0x04)
			return -EINVAL;
		memcpy(k->mat, v, vl);
		k->mat_len = (uint16_t)vl;
		k->flags |= PGP_KF_SUPPORTED;
	} else if (k->algo == PGP_PK_EDDSA && k->curve == PGP_CURVE_ED25519) {
		if (vl != 33 || v[0] != 0x40)
			return -EINVAL;
		memcpy(k->mat, v + 1, 32);
		k->mat_len = 32;
		k->flags |= PGP_KF_SUPPORTED;
	} else {
		k->curve = PGP_CURVE_OTHER; /* another curve, or ECDSA on Ed25519 (nonsense) */
	}
	return 0;
}

/* The RFC 9580 native algorithms: fixed-size material; Ed25519 is supported.
   1 when the algorithm is unknown (its layout too). */
static int native_material(const uint8_t *b, size_t end, size_t *o, struct pgp_key *k)
{
	size_t vl = native_len(k->algo);

	if (!vl)
		return 1;
	if (vl > end - *o)
		return -EINVAL;
	k->bits = k->algo == PGP_PK_ED448 || k->algo == PGP_PK_X448 ? 448 : 255;
	if (k->algo == PGP_PK_ED25519) {
		memcpy(k->mat, b + *o, 32);
		k->mat_len = 32;
		k->curve = PGP_CURVE_ED25519;
		k->flags |= PGP_KF_SUPPORTED;
	}
	*o += vl;
	return 0;
}

/* The algorithm-specific public fields at b[*po..end) into k; *po moves past them, and
   stays where the material starts on failure. 0, -EINVAL, or 1 for an unknown algorithm
   (caller decides). */
static int parse_material(const uint8_t *b, size_t end, size_t *po, struct pgp_key *k)
{
	size_t o = *po;
	int rc;

	switch (k->algo) {
	case PGP_PK_RSA:
	case 2: /* RSA encrypt-only */
	case PGP_PK_RSA_S:
		rc = rsa_material(b, end, &o, k);
		break;
	case PGP_PK_DSA:
	case PGP_PK_ELGAMAL:
		rc = skip_mpis(b, end, &o, k->algo == PGP_PK_DSA ? 4 : 3, &k->bits);
		break;
	case PGP_PK_ECDSA:
	case PGP_PK_EDDSA:
	case PGP_PK_ECDH:
		rc = ec_material(b, end, &o, k);
		break;
	default:
		rc = native_material(b, end, &o, k);
		break;
	}
	if (rc == 0)
		*po = o;
	return rc;
}

size_t pgp_key_prefix(uint8_t pre[5], unsigned version, size_t n)
{
	if (version == 4) {
		pre[0] = 0x99;
		pre[1] = (uint8_t)(n >> 8);
		pre[2] = (uint8_t)n;
		return 3;
	}
	pre[0] = 0x9b;
	pre[1] = (uint8_t)(n >> 24);
	pre[2] = (uint8_t)(n >> 16);
	pre[3] = (uint8_t)(n >> 8);
	pre[4] = (uint8_t)n;
	return 5;
}

/* Fingerprint and key ID of the public part b[0..n) of a v4 or v6 key. */
static void fingerprint(const uint8_t *b, size_t n, struct pgp_key *k)
{
	struct pgp_hash h;
	uint8_t pre[5];
	size_t pl = pgp_key_prefix(pre, k->version, n);

	(void)pgp_hash_init(&h, k->version == 4 ? PGP_HASH_SHA1 : PGP_HASH_SHA256);
	pgp_hash_update(&h, pre, pl);
	pgp_hash_update(&h, b, n);
	pgp_hash_final(&h, k->fpr);
	k->fpr_len = (uint8_t)h.len;
	memcpy(k->keyid, k->version == 4 ? k->fpr + 12 : k->fpr, 8);
}

int pgp_key_parse_body(const uint8_t *b, size_t len, size_t base, int secret, struct pgp_key *k,
		       size_t *pub_len, struct pgp_err *err)
{
	size_t o, end;
	int rc;

	memset(k, 0, sizeof(*k));
	if (len < 6)
		return pgp_fail(err, PGP_R_TRUNCATED, base, -EINVAL);
	k->version = b[0];
	if (b[0] != 4 && b[0] != 6)
		return pgp_fail(err, PGP_R_BAD_VERSION, base, -EOPNOTSUPP);
	k->created = pgp_be32(b + 1);
	k->algo = b[5];
	o = 6;
	end = len;
	if (b[0] == 6) {
		uint32_t ml;

		if (len < 10)
			return pgp_fail(err, PGP_R_TRUNCATED, base, -EINVAL);
		ml = pgp_be32(b + 6);
		o = 10;
		if (ml > len - o)
			return pgp_fail(err, PGP_R_TRUNCATED, base + 6, -EINVAL);
		end = o + ml;
	}
	rc = parse_material(b, end, &o, k);
	if (rc < 0) {
		k->flags = 0;
		return pgp_fail(err, PGP_R_BAD_KEY_MATERIAL, base + o, -EINVAL);
	}
	if (rc > 0) {
		/* unknown algorithm: v6 says where the material ends; a v4 public packet
		   ends with it; for a v4 secret packet it cannot be known */
		if (b[0] == 4 && secret)
			return pgp_fail(err, PGP_R_PK_ALGO, base + 5, -EOPNOTSUPP);
		o = end;
	}
	if (b[0] == 6 && o != end) {
		k->flags = 0;
		return pgp_fail(err, PGP_R_BAD_KEY_MATERIAL, base + o, -EINVAL);
	}
	if (!secret && o != len) {
		k->flags = 0;
		return pgp_fail(err, PGP_R_TRAILING_DATA, base + o, -EINVAL);
	}
	if (b[0] == 4 && o > 0xffff)
		return pgp_fail(err, PGP_R_BAD_KEY_MATERIAL, base, -EINVAL);
	*pub_len = o;
	fingerprint(b, o, k);
	return 0;
}
