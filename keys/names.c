/* SPDX-License-Identifier: MIT */
/* keys/names.c — printable names for codes and algorithms. */
#include "pgp-int.h"

static const char *const reasons[PGP_R__COUNT] = {
	[PGP_R_NONE] = "no error",
	[PGP_R_TRUNCATED] = "length runs past the end of the input",
	[PGP_R_BAD_PKT_HEADER] = "bad packet header",
	[PGP_R_PARTIAL_LENGTH] = "partial body length not allowed",
	[PGP_R_INDETERMINATE_LENGTH] = "indeterminate packet length not allowed",
	[PGP_R_UNEXPECTED_PKT] = "unexpected packet",
	[PGP_R_BAD_ARMOR] = "bad ASCII armour",
	[PGP_R_ARMOR_TOO_BIG] = "decoded armour does not fit the buffer",
	[PGP_R_BAD_VERSION] = "unsupported or wrong version",
	[PGP_R_BAD_MPI] = "bad MPI",
	[PGP_R_BAD_SUBPACKET] = "bad subpacket",
	[PGP_R_CRITICAL_SUBPACKET] = "unknown critical subpacket",
	[PGP_R_BAD_CURVE] = "bad curve or point",
	[PGP_R_BAD_KEY_MATERIAL] = "bad key material",
	[PGP_R_BAD_SALT] = "bad salt",
	[PGP_R_SIG_TYPE] = "signature type is not binary document",
	[PGP_R_HASH_ALGO] = "hash algorithm not accepted",
	[PGP_R_PK_ALGO] = "public key algorithm not supported or mismatched",
	[PGP_R_NO_ISSUER] = "signature names no issuer",
	[PGP_R_QUICK_CHECK] = "digest quick check mismatch",
	[PGP_R_CRYPTO] = "cryptographic check failed",
	[PGP_R_NO_BINDING] = "subkey has no binding signature",
	[PGP_R_BAD_BINDING] = "subkey binding signature invalid",
	[PGP_R_NO_BACKSIG] = "signing subkey has no valid back-signature",
	[PGP_R_NO_SELFSIG] = "primary key has no valid self-signature",
	[PGP_R_TOO_MANY_KEYS] = "too many keys for the record array",
	[PGP_R_TOO_MANY_SIGS] = "too many signatures for the result array",
	[PGP_R_TRAILING_DATA] = "trailing data",
	[PGP_R_EMPTY] = "nothing found",
};

const char *pgp_reason_str(enum pgp_reason r)
{
	if ((unsigned)r >= PGP_R__COUNT || !reasons[r])
		return "unknown reason";
	return reasons[r];
}

static const char *const statuses[PGP_ST__COUNT] = {
	[PGP_ST_OK] = "OK",
	[PGP_ST_NOKEY] = "no trusted key",
	[PGP_ST_BAD] = "BAD signature",
	[PGP_ST_UNSUPPORTED_ALGO] = "unsupported algorithm",
	[PGP_ST_UNSUPPORTED_VERSION] = "unsupported signature version",
	[PGP_ST_UNSUPPORTED_TYPE] = "unsupported signature type",
	[PGP_ST_MALFORMED] = "malformed signature",
	[PGP_ST_WEAK_HASH] = "weak hash algorithm",
	[PGP_ST_KEY_CANNOT_SIGN] = "key may not sign",
	[PGP_ST_KEY_EXPIRED] = "key not valid at signature time",
	[PGP_ST_KEY_REVOKED] = "key revoked",
	[PGP_ST_SIG_EXPIRED] = "signature expired",
};

const char *pgp_strerror(enum pgp_status st)
{
	if ((unsigned)st >= PGP_ST__COUNT)
		return "unknown status";
	return statuses[st];
}

const char *pgp_verdict_str(enum pgp_verdict v)
{
	switch (v) {
	case PGP_AUTHENTIC:
		return "authentic";
	case PGP_NOT_SIGNED:
		return "not signed by a trusted key";
	case PGP_REJECTED:
		return "rejected";
	case PGP_MALFORMED_BLOB:
		return "malformed signature blob";
	default:
		return "unknown verdict";
	}
}

const char *pgp_pkalgo_name(unsigned a)
{
	switch (a) {
	case 1:
		return "RSA";
	case 2:
		return "RSA-E";
	case 3:
		return "RSA-S";
	case 16:
		return "ElGamal";
	case 17:
		return "DSA";
	case 18:
		return "ECDH";
	case 19:
		return "ECDSA";
	case 22:
		return "EdDSA";
	case 25:
		return "X25519";
	case 26:
		return "X448";
	case 27:
		return "Ed25519";
	case 28:
		return "Ed448";
	case 30:
		return "ML-DSA-65+Ed25519";
	case 31:
		return "ML-DSA-87+Ed448";
	case 35:
		return "ML-KEM-768+X25519";
	case 36:
		return "ML-KEM-1024+X448";
	default:
		return "unknown";
	}
}

const char *pgp_hashalgo_name(unsigned a)
{
	switch (a) {
	case 1:
		return "MD5";
	case 2:
		return "SHA1";
	case 3:
		return "RIPEMD160";
	case 8:
		return "SHA256";
	case 9:
		return "SHA384";
	case 10:
		return "SHA512";
	case 11:
		return "SHA224";
	case 12:
		return "SHA3-256";
	case 14:
		return "SHA3-512";
	default:
		return "unknown";
	}
}

const char *pgp_curve_name(unsigned c)
{
	switch (c) {
	case PGP_CURVE_NONE:
		return "";
	case PGP_CURVE_P256:
		return "nistp256";
	case PGP_CURVE_P384:
		return "nistp384";
	case PGP_CURVE_P521:
		return "nistp521";
	case PGP_CURVE_ED25519:
		return "ed25519";
	default:
		return "other";
	}
}
