/* SPDX-License-Identifier: MIT */
/*
 * keys/pgp.h — OpenPGP public keys and signatures for diginit: the public contract.
 *
 * One job: answer "did a trusted key sign exactly these bytes?" for RPM header
 * signatures (RFC 4880 v3/v4 and RFC 9580 v4/v6 signature packets), with no heap
 * allocation. Input is always caller-owned (const uint8_t *, size_t); output goes
 * into caller-provided fixed records. Library code never prints.
 *
 * Two layers:
 *   - key parsing (host side: diginit-keys, tests; also usable in the shim):
 *     transferable public keys -> struct pgp_key records, subkey bindings checked;
 *   - signature verification (shim and host): signature packets in a blob, each
 *     checked against a struct pgp_keyring (the embedded trusted keys, see
 *     pgp_trusted_keyring below) over a list of byte spans.
 *
 * Errors: functions return 0 or a negative errno (-EINVAL malformed input,
 * -ENOSPC caller capacity too small, -ENOKEY, -EBADMSG, -EOPNOTSUPP, ...) and, when a
 * struct pgp_err is passed, record a precise reason (enum pgp_reason, pgp_reason_str())
 * and the byte offset in the input where it was detected. Per-signature verification
 * results are enum pgp_status values (pgp_strerror()).
 *
 * Expiry policy (keys/README.md "Time"): the early-boot clock is not trusted. By
 * default (policy->now == 0) every time check is relative to the signature's own
 * creation time, which is covered by the signature:
 *   - key created after the signature            -> PGP_ST_KEY_EXPIRED (not yet valid)
 *   - key (or its primary) expired at sig time    -> PGP_ST_KEY_EXPIRED
 *   - key or subkey revoked (any time)            -> PGP_ST_KEY_REVOKED
 *     (revocations are resolved when the keyring is built; see pgp_keys_parse)
 *   - signature expiration subpacket (3)          -> only checked when the caller
 *     passes policy->now != 0 (a clock it trusts): expired if now >= created+expiry.
 * So a package signed while its key was valid stays valid, whatever the RTC says.
 */
#ifndef DIGINIT_PGP_H
#define DIGINIT_PGP_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"

/* ---- limits (the only place they are defined) ---- */
#define PGP_MAX_FPR	 32 /* v6 fingerprint: SHA-256; v4: 20 (SHA-1) */
#define PGP_KEYID_LEN	 8
#define PGP_MAX_RSA_BITS 4096 /* larger keys are UNSUPPORTED (policy: keys/crypto-core
				 checks up to FC_RSA_MAX_BITS, 8192) */
#define PGP_MIN_RSA_BITS 1024 /* smaller RSA keys are UNSUPPORTED (too weak) */
#define PGP_MAX_KEYMAT	 (PGP_MAX_RSA_BITS / 8) /* RSA n, or EC point (<= 133), or Ed25519 (32) */
#define PGP_MAX_RSA_E	 8  /* bytes of the RSA public exponent (leading zeros stripped) */
#define PGP_MAX_SALT	 32 /* v6 salt: 16 (SHA-256), 24 (SHA-384), 32 (SHA-512) */
#define PGP_MAX_HASH	 64 /* SHA-512 */

/* ---- algorithm identifiers (RFC 9580 9.1, 9.5) ---- */
enum pgp_pkalgo {
	PGP_PK_RSA = 1,
	PGP_PK_RSA_S = 3, /* RSA sign-only (deprecated, still accepted) */
	PGP_PK_ELGAMAL = 16,
	PGP_PK_DSA = 17, /* parsed, reported UNSUPPORTED */
	PGP_PK_ECDH = 18,
	PGP_PK_ECDSA = 19, /* P-256, P-384, P-521 */
	PGP_PK_EDDSA = 22, /* legacy EdDSA, curve Ed25519 only */
	PGP_PK_X25519 = 25,
	PGP_PK_X448 = 26,
	PGP_PK_ED25519 = 27,	     /* RFC 9580 native */
	PGP_PK_ED448 = 28,	     /* UNSUPPORTED */
	PGP_PK_MLDSA65_ED25519 = 30, /* draft-ietf-openpgp-pqc composites: UNSUPPORTED */
	PGP_PK_MLDSA87_ED448 = 31,
};

enum pgp_hashalgo {
	PGP_HASH_MD5 = HASHID_MD5,   /* rejected: PGP_ST_WEAK_HASH */
	PGP_HASH_SHA1 = HASHID_SHA1, /* rejected: PGP_ST_WEAK_HASH */
	PGP_HASH_RIPEMD160 = 3, /* rejected: PGP_ST_WEAK_HASH */
	PGP_HASH_SHA256 = HASHID_SHA256,
	PGP_HASH_SHA384 = HASHID_SHA384,
	PGP_HASH_SHA512 = HASHID_SHA512,
	PGP_HASH_SHA224 = HASHID_SHA224,
	PGP_HASH_SHA3_256 = 12, /* UNSUPPORTED (no SHA-3 in BearSSL) */
	PGP_HASH_SHA3_512 = 14, /* UNSUPPORTED */
};

enum pgp_curve {
	PGP_CURVE_NONE = 0,
	PGP_CURVE_P256,
	PGP_CURVE_P384,
	PGP_CURVE_P521,
	PGP_CURVE_ED25519, /* legacy EdDSA OID 1.3.6.1.4.1.11591.15.1 */
	PGP_CURVE_OTHER,   /* recognised as present, UNSUPPORTED */
};

/* ---- precise reasons, with the byte offset, for parse and verify failures ---- */
enum pgp_reason {
	PGP_R_NONE = 0,
	PGP_R_TRUNCATED,      /* a length runs past the end of the input */
	PGP_R_BAD_PKT_HEADER, /* packet tag byte without bit 7, or reserved tag 0 */
	PGP_R_PARTIAL_LENGTH, /* partial body lengths: never valid for these packets */
	PGP_R_INDETERMINATE_LENGTH,
	PGP_R_UNEXPECTED_PKT,	  /* a packet that does not belong where it is */
	PGP_R_BAD_ARMOR,	  /* armour framing, base64 or CRC-24 error */
	PGP_R_ARMOR_TOO_BIG,	  /* scratch buffer too small for the decoded key */
	PGP_R_BAD_VERSION,	  /* key or signature version not 3/4/6 */
	PGP_R_BAD_MPI,		  /* MPI bit count inconsistent / too long */
	PGP_R_BAD_SUBPACKET,	  /* subpacket length or area malformed */
	PGP_R_CRITICAL_SUBPACKET, /* unknown critical subpacket in a hashed area */
	PGP_R_BAD_CURVE,	  /* curve OID malformed or point encoding wrong */
	PGP_R_BAD_KEY_MATERIAL,	  /* e.g. RSA n/e out of range, v6 length mismatch */
	PGP_R_BAD_SALT,		  /* v6 salt size does not match the hash */
	PGP_R_SIG_TYPE,		  /* signature type is not the one expected (0x00 for data) */
	PGP_R_HASH_ALGO,	  /* hash algorithm unknown, unsupported or weak */
	PGP_R_PK_ALGO,		  /* public key algorithm unsupported */
	PGP_R_NO_ISSUER,	  /* no issuer key ID or fingerprint in the signature */
	PGP_R_QUICK_CHECK,	  /* 16-bit quick check differs: hash mismatch */
	PGP_R_CRYPTO,		  /* the cryptographic check failed */
	PGP_R_NO_BINDING,	  /* subkey without a (valid) binding signature (CVE-2021-3521) */
	PGP_R_BAD_BINDING,	  /* binding signature present but does not verify */
	PGP_R_NO_BACKSIG,	  /* signing subkey lacks a valid primary-key back-signature */
	PGP_R_NO_SELFSIG,	  /* primary key without any valid self-signature */
	PGP_R_TOO_MANY_KEYS,	  /* caller's record array is full */
	PGP_R_TOO_MANY_SIGS,	  /* caller's result array is full */
	PGP_R_TRAILING_DATA,	  /* bytes after the last packet */
	PGP_R_EMPTY,		  /* no key / no signature found */
	PGP_R__COUNT
};

struct pgp_err {
	enum pgp_reason reason;
	size_t off; /* byte offset in the input where the reason was found */
};

const char *pgp_reason_str(enum pgp_reason r);

/* ---- public key records ---- */

/* pgp_key.flags */
#define PGP_KF_SUBKEY	 0x01u /* this record is a subkey of keys[primary] */
#define PGP_KF_SUPPORTED 0x02u /* algorithm, size and curve implemented here */
#define PGP_KF_CAN_SIGN                                                                \
	0x04u		     /* may sign data: key flags allow signing (or none given  \
			       for a primary) and, for a subkey, a valid binding and a \
			       valid back-signature exist */
#define PGP_KF_REVOKED 0x08u /* a valid revocation signature exists */
#define PGP_KF_BOUND   0x10u /* subkey: binding signature verified */

/*
 * One key (primary or subkey). A transferable key becomes consecutive records:
 * the primary, then its subkeys with .primary = index of the primary record.
 * Records of unsupported algorithms are kept (flags without PGP_KF_SUPPORTED,
 * mat_len 0) so that lookups report UNSUPPORTED rather than NOKEY and the tools can list
 * them.
 *
 * Key material:
 *   RSA:     mat = n (big-endian, no leading zeros), e = exponent (big-endian)
 *   ECDSA:   mat = uncompressed point 04 || X || Y (65, 97 or 133 bytes)
 *   EdDSA/Ed25519: mat = the 32-byte public key (prefix 0x40 removed for legacy)
 */
struct pgp_key {
	uint8_t version;  /* 4 or 6 */
	uint8_t algo;	  /* enum pgp_pkalgo */
	uint8_t curve;	  /* enum pgp_curve */
	uint8_t flags;	  /* PGP_KF_* */
	uint8_t keyflags; /* OpenPGP key flags octet 0 (0x02 sign data), 0 if none */
	uint8_t fpr_len;  /* 20 (v4) or 32 (v6) */
	uint16_t bits;	  /* RSA/DSA modulus bits; curve bits for EC */
	uint16_t primary; /* index of the primary record in the same array */
	uint16_t mat_len;
	uint8_t e_len;
	uint32_t created; /* key creation time (Unix seconds) */
	uint32_t expires; /* absolute expiry (Unix seconds), 0 = never; a subkey's
			     value already includes its primary's expiry */
	uint8_t fpr[PGP_MAX_FPR];
	uint8_t keyid[PGP_KEYID_LEN]; /* v4: low 8 bytes of fpr; v6: high 8 bytes */
	uint8_t e[PGP_MAX_RSA_E];
	uint8_t mat[PGP_MAX_KEYMAT];
};

struct pgp_keyring {
	const struct pgp_key *keys;
	size_t n;
};

/*
 * The trusted keyring compiled into a binary: defined by the generated file
 * $(B)/gen/keyring.c (`diginit-keys embed`), or keyring-<name>.c for a variant.
 */
extern const struct pgp_keyring pgp_trusted_keyring;

/*
 * pgp_keys_parse — parse one or more transferable public keys.
 *
 * in/len:   ASCII armour ("-----BEGIN PGP PUBLIC KEY BLOCK-----", several blocks allowed,
 *           CRC-24 checked when present) or binary packets. Secret-key packets (5/7) are
 *           accepted and only their public part is used.
 * scratch:  caller buffer for de-armoured bytes (>= 3/4 of len is always enough);
 *           unused for binary input. May be NULL if the input is binary.
 * keys/cap: output records; *n receives the number written. On error *n is 0 and no
 *           record is to be used.
 * Error offsets are in the binary packets (after de-armouring for armoured input).
 *
 * Checks, per transferable key: version 4 or 6 (v3/v5 primary keys are skipped whole;
 * a subkey of another version than its primary: -EINVAL); fingerprint/key ID computed;
 * a primary with a supported algorithm but no valid self-signature is kept without
 * PGP_KF_CAN_SIGN (PGP_R_NO_SELFSIG, not fatal);
 * every subkey must be followed by a binding signature (0x18) by its primary that
 * verifies — a missing or bad binding rejects the WHOLE key as rpm does (CVE-2021-3521:
 * PGP_R_NO_BINDING / PGP_R_BAD_BINDING); a subkey whose binding allows signing must
 * carry an embedded primary-key binding signature (0x19, subpacket 32) made by the
 * subkey, else the subkey is kept without PGP_KF_CAN_SIGN (PGP_R_NO_BACKSIG is not fatal).
 * When the primary's algorithm is unsupported, bindings cannot be checked: subkeys are
 * kept without PGP_KF_CAN_SIGN.
 * Self-signatures and bindings may use SHA-1 (old distribution keys do) but not MD5;
 * invalid self-signatures are ignored. A primary may sign when it has a valid
 * self-signature whose key flags (newest with flags) include "sign", or no flags at all.
 * Key expiration (subpacket 9) from the newest valid self-signature / binding sets
 * .expires; a valid key revocation (0x20) or subkey revocation (0x28) sets
 * PGP_KF_REVOKED and clears PGP_KF_CAN_SIGN.
 *
 * Returns 0, -EINVAL (malformed / rejected, reason in err), -ENOSPC (cap too small or
 * scratch too small), -ENOKEY (no key found).
 */
int pgp_keys_parse(const uint8_t *in, size_t len, uint8_t *scratch, size_t scratch_len,
		   struct pgp_key *keys, size_t cap, size_t *n, struct pgp_err *err);

/* Printable names for tools: "RSA", "ECDSA", "EdDSA", "Ed25519", "ML-DSA-65+Ed25519", ... */
const char *pgp_pkalgo_name(unsigned algo);
const char *pgp_hashalgo_name(unsigned algo);
const char *pgp_curve_name(unsigned curve);

/* ---- signatures ---- */

/* A byte range of the signed data; the RPM header's signed range is magic ‖ region.
   struct byte_span (common/common.h), which rpmhdr.h calls struct rh_span. */
#define pgp_span byte_span

/*
 * A parsed signature packet. Pointers point into the caller's blob, which must stay
 * alive and unchanged while the struct is used.
 */
struct pgp_sig {
	uint8_t version; /* 3, 4 or 6 */
	uint8_t type;	 /* signature type; only 0x00 is verified */
	uint8_t pkalgo;
	uint8_t hashalgo;
	uint8_t quick[2];    /* left 16 bits of the hash */
	uint8_t has_keyid;   /* issuer key ID known (v3 field, or subpacket 16) */
	uint8_t fpr_len;     /* issuer fingerprint (subpacket 33) length, 0 if absent */
	uint8_t fpr_version; /* the version octet of subpacket 33 */
	uint8_t salt_len;    /* v6 */
	uint32_t created;    /* signature creation time (v3 field / subpacket 2) */
	uint32_t expires;    /* seconds after created (subpacket 3), 0 = never */
	uint8_t keyid[PGP_KEYID_LEN];
	uint8_t fpr[PGP_MAX_FPR];
	const uint8_t *salt;
	/* the bytes hashed after the data: v3: type ‖ time (5 bytes);
	   v4/v6: version .. end of hashed subpacket area; the final trailer
	   (04|06 ff be32 len) is added by the verifier */
	const uint8_t *hashed;
	size_t hashed_len;
	/* signature material, leading zeros of MPIs stripped:
	   RSA: a = s; ECDSA and legacy EdDSA: a = r, b = s; Ed25519 (27): a = 64 bytes */
	const uint8_t *a;
	size_t a_len;
	const uint8_t *b;
	size_t b_len;
	/* used for key signatures (self-signatures, bindings); 0 / NULL when absent */
	uint8_t keyflags; /* subpacket 27, first octet */
	uint8_t has_keyflags;
	uint8_t has_key_expires;
	uint8_t revocation;	 /* 1 if a reason-for-revocation subpacket (29) is present */
	uint32_t key_expires;	 /* subpacket 9: seconds after key creation, 0 = never */
	const uint8_t *embedded; /* subpacket 32 body (an embedded signature body) */
	size_t embedded_len;
	size_t off;	/* offset of the packet header in the blob */
	size_t pkt_len; /* header + body bytes */
};

/*
 * pgp_sig_parse — parse one signature packet (tag 2, old or new framing) at pkt/len.
 * *used receives header+body length (so the caller can step to the next packet).
 * Fields unknown to this parser are skipped; unknown CRITICAL hashed subpackets
 * reject the signature (PGP_R_CRITICAL_SUBPACKET), as RFC 9580 5.2.3.7 asks.
 * MPIs must have an exact bit count (no leading zero bits); v4/v6 signatures must carry
 * a hashed creation-time subpacket.
 * Returns 0, -EINVAL (malformed: err says why), -EOPNOTSUPP (version not 3/4/6,
 * the packet length is still returned in *used so the caller can skip it).
 * Does not look at the type, algorithms or keys: pgp_sig_verify does.
 */
int pgp_sig_parse(const uint8_t *pkt, size_t len, struct pgp_sig *sig, size_t *used,
		  struct pgp_err *err);

/* Per-signature outcome. */
enum pgp_status {
	PGP_ST_OK = 0,		 /* verified with a key of the keyring that can sign */
	PGP_ST_NOKEY,		 /* no key of the keyring matches the issuer */
	PGP_ST_BAD,		 /* a matching key exists; the signature does not verify */
	PGP_ST_UNSUPPORTED_ALGO, /* public key or hash algorithm, curve or size not implemented */
	PGP_ST_UNSUPPORTED_VERSION, /* packet version not 3, 4 or 6 */
	PGP_ST_UNSUPPORTED_TYPE,    /* signature type is not 0x00 (binary document) */
	PGP_ST_MALFORMED,	    /* the packet cannot be parsed */
	PGP_ST_WEAK_HASH,	    /* MD5, SHA-1 or RIPEMD-160 */
	PGP_ST_KEY_CANNOT_SIGN,	    /* matching key exists but may not sign (flags, no binding) */
	PGP_ST_KEY_EXPIRED,	    /* key not valid at the signature's creation time */
	PGP_ST_KEY_REVOKED,	    /* matching key is revoked */
	PGP_ST_SIG_EXPIRED,	    /* signature expired at policy->now (only if now != 0) */
	PGP_ST__COUNT
};

const char *pgp_strerror(enum pgp_status st);

/* 1 if a signature with status st names a trusted key and fails (BAD, KEY_EXPIRED,
   KEY_REVOKED, KEY_CANNOT_SIGN, SIG_EXPIRED): one such signature makes a blob
   PGP_REJECTED (pgp_blob_verify). 0 for every other status. */
int pgp_status_rejects(enum pgp_status st);

/* Verification policy. Zero-initialised = the defaults described at the top. */
struct pgp_policy {
	uint32_t now; /* trusted current time, or 0 = do not use a clock */
};

/*
 * Result of one signature check. key is the record that verified (PGP_ST_OK), or for BAD /
 * KEY_* statuses the last matching record tried; NULL when none matched.
 */
struct pgp_sig_result {
	enum pgp_status status;
	enum pgp_reason reason; /* detail, PGP_R_NONE when OK */
	size_t off;		/* offset in the blob (packet start, or detail offset) */
	uint8_t version, pkalgo, hashalgo;
	uint8_t fpr_len; /* issuer as named by the signature: fingerprint if given */
	uint8_t fpr[PGP_MAX_FPR];
	uint8_t keyid[PGP_KEYID_LEN];
	const struct pgp_key *key;
};

/*
 * pgp_sig_verify — verify one parsed signature over the concatenation of spans[0..nspans).
 *
 * Order (signify's rule: match the key before any crypto): type must be 0x00; hash must
 * be SHA-224/256/384/512 (MD5/SHA-1/RIPEMD-160: WEAK_HASH; others: UNSUPPORTED_ALGO);
 * candidate keys = records whose fingerprint equals subpacket 33 (if present) else whose
 * key ID equals the issuer key ID (subpacket 16 hashed or unhashed, or the v3 field); each
 * candidate with exactly the signature's public-key algorithm is tried in keyring order
 * (key-ID collisions: all are tried), first success wins. A key ID subpacket that
 * disagrees with the fingerprint subpacket makes the packet malformed. Per candidate: must be
 * PGP_KF_SUPPORTED, not revoked, PGP_KF_CAN_SIGN, valid at sig->created; then
 * hash = [v6: salt] ‖ spans ‖ sig->hashed ‖ [v4/v6: ver ff be32(hashed_len)],
 * quick check, then RSA PKCS#1 v1.5 (DigestInfo compared whole) / ECDSA / Ed25519.
 * A v6 signature is only accepted from a v6 key and v3/v4 signatures only from v4 keys.
 *
 * Status: OK; otherwise the "strongest" failure seen: BAD > KEY_REVOKED > KEY_EXPIRED >
 * KEY_CANNOT_SIGN > UNSUPPORTED_ALGO > NOKEY. Fills *res (never NULL).
 * Returns 0 for OK, else -EBADMSG (BAD), -ENOKEY (NOKEY), -EOPNOTSUPP (UNSUPPORTED_*),
 * -EKEYREJECTED (WEAK_HASH, KEY_CANNOT_SIGN, KEY_REVOKED), -EKEYEXPIRED (KEY_EXPIRED,
 * SIG_EXPIRED), -EINVAL (MALFORMED).
 * Uses no heap; stack use is bounded (hash contexts + one RSA block).
 */
int pgp_sig_verify(const struct pgp_sig *sig, const struct pgp_span *spans, size_t nspans,
		   const struct pgp_keyring *kr, const struct pgp_policy *pol,
		   struct pgp_sig_result *res);

/* Whole-blob verdict (DESIGN.md section 2). */
enum pgp_verdict {
	PGP_AUTHENTIC = 0,  /* >= 1 signature OK and none REJECTING */
	PGP_NOT_SIGNED,	    /* no signature verified with a trusted key (all NOKEY,
			       unsupported, weak, or no packets) */
	PGP_REJECTED,	    /* some signature names a trusted key and fails: status BAD,
			       KEY_EXPIRED, KEY_REVOKED, KEY_CANNOT_SIGN or SIG_EXPIRED */
	PGP_MALFORMED_BLOB, /* packet framing broken, a non-signature packet, or a
			       signature packet that cannot be parsed */
};

const char *pgp_verdict_str(enum pgp_verdict v);

/*
 * pgp_blob_verify — verify every signature packet in blob/len (back-to-back binary
 * packets, old or new framing, e.g. the signatures of a diginit list file, or one RPM tag
 * 267/268 value, or one decoded tag 278 entry) over spans.
 *
 * Packets other than signatures (tag 2) make the blob malformed; marker packets (tag 10)
 * are skipped. Version-3/4/6 packets are checked with pgp_sig_verify; packets of another
 * version give UNSUPPORTED_VERSION and are ignored. Results go to res[0..cap) and
 * *nres (may be NULL when cap is 0); more signatures than cap are still checked
 * and counted in the verdict, but not recorded. The verdict rule:
 *   MALFORMED_BLOB if framing or a signature body is malformed;
 *   else REJECTED if pgp_status_rejects() is true for any status (a signature names a
 *        trusted key and does not verify);
 *   else AUTHENTIC if any status is OK;
 *   else NOT_SIGNED (NOKEY, UNSUPPORTED_*, WEAK_HASH are ignored).
 * A signature packet whose body cannot be parsed is recorded with status MALFORMED
 * (reason and offset of the defect) before MALFORMED_BLOB is returned; the results
 * before it stay valid.
 * err (may be NULL) receives the first failure's reason and offset.
 * Returns the verdict (>= 0).
 */
enum pgp_verdict pgp_blob_verify(const uint8_t *blob, size_t len, const struct pgp_span *spans,
				 size_t nspans, const struct pgp_keyring *kr,
				 const struct pgp_policy *pol, struct pgp_sig_result *res,
				 size_t cap, size_t *nres, struct pgp_err *err);

/*
 * pgp_pkt_next — step over one OpenPGP packet (old or new framing) at in+*off.
 * On success sets *tag, *body (offset of the body) and *body_len, advances *off past the
 * packet and returns 0. Returns -ENODATA at the end, -EINVAL on bad framing (partial or
 * indeterminate lengths are rejected).
 */
int pgp_pkt_next(const uint8_t *in, size_t len, size_t *off, unsigned *tag, size_t *body,
		 size_t *body_len, struct pgp_err *err);

/*
 * pgp_dearmor — decode the first ASCII-armour block found at or after in+*off into
 * out/cap; *out_len receives the byte count and *off moves past the END line.
 * Returns 0, -ENODATA (no further block), -EINVAL (bad armour), -ENOSPC.
 */
int pgp_dearmor(const uint8_t *in, size_t len, size_t *off, uint8_t *out, size_t cap,
		size_t *out_len, struct pgp_err *err);

/* Lowercase hex of p[0..n) into out (2*n+1 bytes, NUL-terminated), e.g. a fingerprint. */
void pgp_hex(const uint8_t *p, size_t n, char *out);

#endif /* DIGINIT_PGP_H */
