/* SPDX-License-Identifier: MIT */
/* keys/crypto.c — the three signature primitives: RSA from keys/crypto-core, ECDSA from
   BearSSL, Ed25519 from libsodium. */
#include <string.h>

#include <bearssl.h>
#include "fastcrypto.h"
#include <sodium/crypto_sign_ed25519.h>

#include "pgp-int.h"

/*
 * RSA PKCS#1 v1.5, all in keys/crypto-core (BearSSL's RSA code is not linked):
 * fc_rsa_cached_pkcs1_verify computes s^e mod n (variable time: nothing here is secret),
 * rebuilds 00 01 FF.. 00 DigestInfo(hash, NULL parameters) digest and compares it
 * whole. SHA-2 for package signatures, SHA-1 for key certifications. Its key cache
 * prepares each key (Montgomery constants) on first use, lock-free and thread-safe,
 * so the verify threads need no set-up call. The signature integer s (leading zeros
 * stripped by the MPI encoding) must be non-empty and no longer than the modulus.
 */
static int rsa_verify(const struct pgp_key *k, unsigned hashalgo, const uint8_t *digest,
		      size_t dlen, const struct pgp_sig *sig)
{
	int rc;

	switch (hashalgo) {
	case PGP_HASH_SHA1:
	case PGP_HASH_SHA224:
	case PGP_HASH_SHA256:
	case PGP_HASH_SHA384:
	case PGP_HASH_SHA512:
		break;
	default:
		return -EOPNOTSUPP;
	}
	if (dlen > PGP_MAX_HASH)
		return -EOPNOTSUPP;
	if (!sig->a || sig->a_len == 0 || sig->a_len > k->mat_len)
		return -EBADMSG;
	rc = fc_rsa_cached_pkcs1_verify(sig->a, sig->a_len, k->mat, k->mat_len, k->e, k->e_len,
					hashalgo, digest, dlen);
	switch (rc) {
	case 0:
		return 0;
	case -EBADMSG:
		return -EBADMSG;
	default: /* -EOPNOTSUPP (hash id), -EINVAL (key shape or digest size) */
		return -EOPNOTSUPP;
	}
}

static size_t ec_size(unsigned curve, int *id)
{
	switch (curve) {
	case PGP_CURVE_P256:
		*id = BR_EC_secp256r1;
		return 32;
	case PGP_CURVE_P384:
		*id = BR_EC_secp384r1;
		return 48;
	case PGP_CURVE_P521:
		*id = BR_EC_secp521r1;
		return 66;
	default:
		return 0;
	}
}

/* ECDSA: r and s (MPIs) left-padded into the raw r ‖ s form; BearSSL truncates the
   hash to the order size as FIPS 186 says. */
static int ecdsa_verify(const struct pgp_key *k, const uint8_t *digest, size_t dlen,
			const struct pgp_sig *sig)
{
	uint8_t raw[2 * 66];
	br_ec_public_key pk;
	int id = 0;
	size_t n = ec_size(k->curve, &id);

	if (!n)
		return -EOPNOTSUPP;
	if (!sig->a || !sig->b || sig->a_len > n || sig->b_len > n)
		return -EBADMSG;
	memset(raw, 0, 2 * n);
	memcpy(raw + n - sig->a_len, sig->a, sig->a_len);
	memcpy(raw + 2 * n - sig->b_len, sig->b, sig->b_len);
	pk.curve = id;
	pk.q = (unsigned char *)(uintptr_t)k->mat;
	pk.qlen = k->mat_len;
	if (!br_ecdsa_i31_vrfy_raw(br_ec_get_default(), digest, dlen, &pk, raw, 2 * n))
		return -EBADMSG;
	return 0;
}

int pgp_ed25519_verify(const uint8_t pk[32], const uint8_t *msg, size_t len, const uint8_t sig[64])
{
	return crypto_sign_ed25519_verify_detached(sig, msg, len, pk) ? -EBADMSG : 0;
}

/* Ed25519 in OpenPGP signs the hash value. Legacy EdDSA (22) carries R and S as MPIs
   (leading zeros stripped: left-pad each to 32 bytes); native (27) the 64 bytes. */
static int ed25519_verify(const struct pgp_key *k, const uint8_t *digest, size_t dlen,
			  const struct pgp_sig *sig)
{
	uint8_t s[64];

	if (k->mat_len != 32)
		return -EOPNOTSUPP;
	if (sig->pkalgo == PGP_PK_ED25519) {
		if (!sig->a || sig->a_len != 64)
			return -EBADMSG;
		memcpy(s, sig->a, 64);
	} else {
		if (!sig->a || !sig->b || sig->a_len > 32 || sig->b_len > 32)
			return -EBADMSG;
		memset(s, 0, sizeof(s));
		memcpy(s + 32 - sig->a_len, sig->a, sig->a_len);
		memcpy(s + 64 - sig->b_len, sig->b, sig->b_len);
	}
	return pgp_ed25519_verify(k->mat, digest, dlen, s);
}

int pgp_crypto_verify(const struct pgp_key *k, unsigned hashalgo, const uint8_t *digest,
		      size_t dlen, const struct pgp_sig *sig)
{
	if (!(k->flags & PGP_KF_SUPPORTED))
		return -EOPNOTSUPP;
	switch (k->algo) {
	case PGP_PK_RSA:
	case PGP_PK_RSA_S:
		if (sig->pkalgo != k->algo)
			return -EBADMSG;
		return rsa_verify(k, hashalgo, digest, dlen, sig);
	case PGP_PK_ECDSA:
		if (sig->pkalgo != PGP_PK_ECDSA)
			return -EBADMSG;
		return ecdsa_verify(k, digest, dlen, sig);
	case PGP_PK_EDDSA:
	case PGP_PK_ED25519:
		/* the key's algorithm decides the signature encoding */
		if (sig->pkalgo != k->algo)
			return -EBADMSG;
		return ed25519_verify(k, digest, dlen, sig);
	default:
		return -EOPNOTSUPP;
	}
}
