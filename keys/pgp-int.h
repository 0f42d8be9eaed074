/* SPDX-License-Identifier: MIT */
/* keys/pgp-int.h — internal helpers shared by the keys/ sources and their tests. */
#ifndef DIGINIT_PGP_INT_H
#define DIGINIT_PGP_INT_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include <bearssl.h>

#include "pgp.h"

#ifndef ENOKEY
#define ENOKEY 126
#endif

/* Packet tags used here (RFC 9580 5). */
enum {
	PGP_TAG_SIG = 2,
	PGP_TAG_SECKEY = 5,
	PGP_TAG_PUBKEY = 6,
	PGP_TAG_SECSUBKEY = 7,
	PGP_TAG_MARKER = 10,
	PGP_TAG_TRUST = 12,
	PGP_TAG_UID = 13,
	PGP_TAG_PUBSUBKEY = 14,
	PGP_TAG_UATTR = 17,
	PGP_TAG_PADDING = 21,
};

/* Signature types used here. */
enum {
	PGP_SIGT_BINARY = 0x00,
	PGP_SIGT_CERT_GENERIC = 0x10,
	PGP_SIGT_CERT_POSITIVE = 0x13,
	PGP_SIGT_SUBKEY_BINDING = 0x18,
	PGP_SIGT_PRIMARY_BINDING = 0x19,
	PGP_SIGT_DIRECT_KEY = 0x1f,
	PGP_SIGT_KEY_REVOCATION = 0x20,
	PGP_SIGT_SUBKEY_REVOCATION = 0x28,
	PGP_SIGT_CERT_REVOCATION = 0x30,
};

#define PGP_KEYFLAG_CERTIFY 0x01u
#define PGP_KEYFLAG_SIGN    0x02u

static inline uint32_t pgp_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline unsigned pgp_be16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static inline int pgp_fail(struct pgp_err *err, enum pgp_reason r, size_t off, int rc)
{
	if (err) {
		err->reason = r;
		err->off = off;
	}
	return rc;
}

/* hash.c: the hash functions this code uses, over BearSSL. */
struct pgp_hash {
	br_hash_compat_context ctx;
	unsigned algo;
	size_t len;
};
/* 0, -EOPNOTSUPP (unknown/unsupported), never weak-hash policy (callers decide). */
int pgp_hash_init(struct pgp_hash *h, unsigned algo);
void pgp_hash_update(struct pgp_hash *h, const void *p, size_t n);
/* Writes h->len bytes. */
void pgp_hash_final(struct pgp_hash *h, uint8_t *out);
/* Digest size of an algorithm, 0 if not supported. */
size_t pgp_hash_size(unsigned algo);
/* 1 for MD5, SHA-1, RIPEMD-160. */
int pgp_hash_is_weak(unsigned algo);

/* pkt.c: read an MPI at p[*off..len): sets *v and *vlen to the value without leading zero
   bytes, checks the bit count is exact. 0 or -EINVAL. */
int pgp_mpi(const uint8_t *p, size_t len, size_t *off, const uint8_t **v, size_t *vlen,
	    unsigned *bits);

/* sig.c: parse a signature packet BODY (no header); base = offset for errors. */
int pgp_sig_parse_body(const uint8_t *body, size_t len, size_t base, struct pgp_sig *sig,
		       struct pgp_err *err);

/* check.c: compute the signature digest over spans and check quick-check and crypto
   against one key. 0 OK, -EBADMSG (quick check or crypto), -EOPNOTSUPP. */
int pgp_sig_check_key(const struct pgp_sig *sig, const struct pgp_span *spans, size_t nspans,
		      const struct pgp_key *key, enum pgp_reason *why);

/* crypto.c: raw primitive checks over a digest. 0 OK, -EBADMSG, -EOPNOTSUPP. */
int pgp_crypto_verify(const struct pgp_key *key, unsigned hashalgo, const uint8_t *digest,
		      size_t dlen, const struct pgp_sig *sig);
/* Ed25519 over an arbitrary message (RFC 8032 vectors): 0 or -EBADMSG. */
int pgp_ed25519_verify(const uint8_t pk[32], const uint8_t *msg, size_t len, const uint8_t sig[64]);

/* keypkt.c: parse the public part of a key packet body into k (fpr/keyid set).
 *pub_len receives the length of the public part (for fingerprints). */
int pgp_key_parse_body(const uint8_t *body, size_t len, size_t base, int secret, struct pgp_key *k,
		       size_t *pub_len, struct pgp_err *err);

/* keypkt.c: the octets that frame a key's public part of n bytes in a fingerprint or key
   signature hash: v4 99 ‖ be16(n), v6 9b ‖ be32(n). Writes pre, returns 3 or 5. */
size_t pgp_key_prefix(uint8_t pre[5], unsigned version, size_t n);

#endif /* DIGINIT_PGP_INT_H */
