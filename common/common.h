/* SPDX-License-Identifier: MIT */
/*
 * common/common.h — facts that rpmhdr/ and keys/ both need, written once.
 *
 * rpmhdr/ (the RPM header parser) and keys/ (OpenPGP) are the two leaf components: neither
 * includes or links the other, and the shim, the host tool and the fuzz targets pick
 * either alone. So what both need lives here, below both, as a header of static inline
 * functions: no archive, no link-line change, only -Icommon (in RPMHDR_CPPFLAGS and
 * KEYS_CPPFLAGS and FASTCRYPTO_CPPFLAGS, so every user of those headers gets it).
 *
 *   struct byte_span   a (pointer, length) piece of a signed byte string: the rpmhdr
 *                      parser hands these out (rh_signed_spans) and the OpenPGP verifier
 *                      hashes them (pgp_sig_verify); struct rh_span and struct pgp_span
 *                      are this struct under the component's name;
 *   b64_value()        the base64 alphabet (RFC 4648 4): rpmhdr decodes OPENPGP (278)
 *                      elements, keys decodes ASCII armour;
 *   hashid_digest_len() digest size by hash id: rpm's PGPHASHALGO ids are the OpenPGP
 *                      ids (RFC 9580 9.5), used for RPM file digests (rh_digest_len),
 *                      signature hashes (pgp_hash_size) and the PKCS#1 DigestInfo of
 *                      keys/crypto-core/rsa.c.
 */
#ifndef DIGINIT_COMMON_H
#define DIGINIT_COMMON_H

#include <stddef.h>
#include <stdint.h>

/* A byte range of a signed string, e.g. the RPM header's magic ‖ index ‖ data. */
struct byte_span {
	const uint8_t *p;
	size_t len;
};

/* Value 0..63 of a base64 character (RFC 4648 table 1), -1 for any other byte
   ('=' and blanks included: the callers decide what they allow). */
static inline int b64_value(uint8_t c)
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

/* Hash ids (RFC 9580 9.5; rpm's PGPHASHALGO_* are the same numbers). */
enum {
	HASHID_MD5 = 1,
	HASHID_SHA1 = 2,
	HASHID_SHA256 = 8,
	HASHID_SHA384 = 9,
	HASHID_SHA512 = 10,
	HASHID_SHA224 = 11,
};

/* Bytes of one digest of hash id algo: 16, 20, 28, 32, 48 or 64; 0 for any other id
   (RIPEMD-160 and SHA-3 included: nothing here computes them). */
static inline size_t hashid_digest_len(unsigned algo)
{
	switch (algo) {
	case HASHID_MD5:
		return 16;
	case HASHID_SHA1:
		return 20;
	case HASHID_SHA224:
		return 28;
	case HASHID_SHA256:
		return 32;
	case HASHID_SHA384:
		return 48;
	case HASHID_SHA512:
		return 64;
	default:
		return 0;
	}
}

#endif /* DIGINIT_COMMON_H */
