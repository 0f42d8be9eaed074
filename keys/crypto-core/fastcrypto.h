/* SPDX-License-Identifier: MIT */
/*
 * keys/crypto-core/fastcrypto.h — fast primitives for public-key verification in the shim.
 *
 * Nothing here is secret: the shim only verifies, so the code may take data-dependent
 * time. No heap, no recursion, bounded stack (largest frame: fc_rsa_public, about
 * 12 KiB for an 8192-bit modulus). Thread-safe: no mutable global state except the
 * one-time CPU feature probe (an int written with the same value by any thread).
 *
 * SHA-2. The contexts ARE BearSSL's (br_sha256_context = br_sha224_context,
 * br_sha512_context = br_sha384_context), so a context may be initialised, updated and
 * finished by either library, and the vtables below fit in br_hash_compat_context:
 *   - fc_sha256_* and fc_sha224_*: x86-64 SHA extensions (SHA-NI, SSE4.1) when the
 *     CPU has them (cpuid, probed once), else BearSSL's br_sha2small code;
 *   - fc_sha512_* and fc_sha384_*: a 64-bit portable compression function.
 * fc_sha256_vtable etc. are br_hash_class values: a caller that already hashes through
 * BearSSL vtables (keys/hash.c) swaps &br_sha256_vtable for &fc_sha256_vtable.
 *
 * RSA. fc_rsa_public computes x = x^e mod n in place, variable time, Montgomery
 * multiplication with 64-bit limbs, modulus FC_RSA_MIN_BITS..FC_RSA_MAX_BITS. For a
 * PKCS#1 v1.5 signature check the caller builds the expected encoded message and
 * compares it whole: fc_rsa_pkcs1_verify does both.
 */
#ifndef DIGINIT_FASTCRYPTO_H
#define DIGINIT_FASTCRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include <bearssl.h>

/* ---- limits (the only place they are defined) ---- */
#define FC_RSA_MIN_BITS	 1024
#define FC_RSA_MAX_BITS	 8192
#define FC_RSA_MAX_LIMBS (FC_RSA_MAX_BITS / 64)
#define FC_RSA_MAX_ELEN	 64 /* public exponent bytes (leading zeros stripped) */
#define FC_RSA_CACHE_KEYS 16 /* prepared keys kept by fc_rsa_key_cache_get */

/* ---- CPU features ---- */

/* 1 if SHA-256 runs on the CPU's SHA extensions (and fc_force_portable is off). */
int fc_sha_ni_active(void);
/* 1 if the CPU has SHA-NI and SSE4.1, whatever fc_force_portable says. */
int fc_sha_ni_present(void);
/* 1 if the RSA arithmetic runs on mulx/adcx/adox (x86-64 BMI2 + ADX, cpuid) and
   fc_force_portable is off; _present: the CPU has them, whatever fc_force_portable says. */
int fc_rsa_fast_active(void);
int fc_rsa_fast_present(void);
/* Tests and benchmarks: on != 0 makes every later call (SHA-256 and RSA) use the
   portable code. */
void fc_force_portable(int on);

/* ---- SHA-224 / SHA-256 (context: BearSSL's br_sha256_context) ---- */
void fc_sha256_init(br_sha256_context *cc);
void fc_sha224_init(br_sha224_context *cc);
/* Hash len more bytes; data may be NULL when len is 0. */
void fc_sha256_update(br_sha256_context *cc, const void *data, size_t len);
#define fc_sha224_update fc_sha256_update
/* Write the 32 (28) byte digest; the context is not modified and may go on. */
void fc_sha256_out(const br_sha256_context *cc, void *out);
void fc_sha224_out(const br_sha224_context *cc, void *out);
/* One-shot. */
void fc_sha256(const void *data, size_t len, uint8_t out[32]);

/* ---- SHA-384 / SHA-512 (context: BearSSL's br_sha512_context) ---- */
void fc_sha512_init(br_sha512_context *cc);
void fc_sha384_init(br_sha384_context *cc);
void fc_sha512_update(br_sha512_context *cc, const void *data, size_t len);
#define fc_sha384_update fc_sha512_update
void fc_sha512_out(const br_sha512_context *cc, void *out);
void fc_sha384_out(const br_sha384_context *cc, void *out);
void fc_sha512(const void *data, size_t len, uint8_t out[64]);

/* BearSSL hash classes (init/update/out/state/set_state), drop-ins for br_sha*_vtable. */
extern const br_hash_class fc_sha224_vtable;
extern const br_hash_class fc_sha256_vtable;
extern const br_hash_class fc_sha384_vtable;
extern const br_hash_class fc_sha512_vtable;

/* ---- RSA public operation ---- */

/*
 * fc_rsa_public — x = x^e mod n, in place.
 *
 * x/xlen: big-endian, xlen MUST equal the length of n without leading zero bytes
 *         (as BearSSL's br_rsa_public asks); x must be < n.
 * n/nlen: big-endian modulus, leading zero bytes allowed; must be odd and have
 *         FC_RSA_MIN_BITS..FC_RSA_MAX_BITS bits.
 * e/elen: big-endian public exponent, leading zeros allowed, non-zero, elen <=
 *         FC_RSA_MAX_ELEN.
 * Returns 0, or -EINVAL (any rule above broken; x is then unchanged).
 * Differences from br_rsa_i31_public: moduli of 1024..8192 bits only (BearSSL:
 * 1..4096), e = 0 rejected.
 */
int fc_rsa_public(uint8_t *x, size_t xlen, const uint8_t *n, size_t nlen, const uint8_t *e,
		  size_t elen);

/*
 * A public key prepared once: the modulus as limbs, -n^-1 mod 2^64 and R^2 mod n.
 * With it a verification skips the R^2 computation (about a quarter of the work for
 * e = 65537). Plain data: may be shared read-only by threads, kept in a static table.
 */
struct fc_rsa_key {
	size_t k;    /* limbs */
	size_t nlen; /* bytes of n without leading zeros = the required xlen */
	size_t elen;
	uint64_t n0;
	uint64_t n[FC_RSA_MAX_LIMBS];
	uint64_t rr[FC_RSA_MAX_LIMBS];
	uint8_t e[FC_RSA_MAX_ELEN];
};

/* Same rules for n and e as fc_rsa_public. Returns 0 or -EINVAL. */
int fc_rsa_key_init(struct fc_rsa_key *key, const uint8_t *n, size_t nlen, const uint8_t *e,
		    size_t elen);
/* fc_rsa_public with a prepared key: xlen must be key->nlen, x < n. 0 or -EINVAL. */
int fc_rsa_key_public(const struct fc_rsa_key *key, uint8_t *x, size_t xlen);
/* fc_rsa_pkcs1_verify with a prepared key (same results). */
int fc_rsa_key_pkcs1_verify(const struct fc_rsa_key *key, const uint8_t *sig, size_t slen,
			    unsigned hashalgo, const uint8_t *digest, size_t dlen);

/* The same with BearSSL's br_rsa_public type: returns 1 on success, 0 on error. */
uint32_t fc_rsa_br_public(unsigned char *x, size_t xlen, const br_rsa_public_key *pk);

/*
 * fc_rsa_pkcs1_verify — RSASSA-PKCS1-v1_5 verification (RFC 8017 8.2.2):
 * s^e mod n compared whole with 00 01 FF..FF 00 ‖ DigestInfo(hash) ‖ digest.
 * sig/slen: the signature integer, big-endian; leading zeros may be missing (OpenPGP
 *           MPIs strip them) but slen must not exceed the modulus length.
 * hashalgo: the OpenPGP hash id (2 SHA-1, 8 SHA-256, 9 SHA-384, 10 SHA-512, 11 SHA-224);
 *           the DigestInfo is the one with NULL parameters (RFC 8017 9.2 note 1);
 * digest/dlen: the hash value, dlen must be that hash's size.
 * Returns 0 (valid), -EBADMSG (does not verify), -EINVAL (key or sizes out of range),
 * -EOPNOTSUPP (hash id unknown).
 */
int fc_rsa_pkcs1_verify(const uint8_t *sig, size_t slen, const uint8_t *n, size_t nlen,
			const uint8_t *e, size_t elen, unsigned hashalgo, const uint8_t *digest,
			size_t dlen);

/*
 * A process-wide cache of prepared keys, for callers that hold keys as bytes (the
 * shim's keyring records): the first verification with a key prepares it into one of
 * FC_RSA_CACHE_KEYS static slots; later ones find it by comparing n and e whole.
 *
 * fc_rsa_key_cache_get — the prepared key for (n, e) (same rules as fc_rsa_public):
 * the cached one, or, when every slot is taken, the key prepared into *spare (so a
 * full cache costs speed, never correctness). NULL if n or e is invalid.
 * Thread-safe without locks: a slot is claimed with a compare-and-swap, filled, then
 * published with a release store; readers only use published slots (acquire). Never
 * blocks, no heap. Threads that meet a new key at the same moment may each prepare it
 * into a slot of their own (a few duplicates, harmless). Slots are never freed: at
 * most FC_RSA_CACHE_KEYS keys for the life of the process (about 3 KiB each, static).
 */
const struct fc_rsa_key *fc_rsa_key_cache_get(const uint8_t *n, size_t nlen, const uint8_t *e,
					      size_t elen, struct fc_rsa_key *spare);
/* fc_rsa_pkcs1_verify through the cache: same arguments, same results. Uses about
   3 KiB more stack (the spare key). */
int fc_rsa_cached_pkcs1_verify(const uint8_t *sig, size_t slen, const uint8_t *n, size_t nlen,
			       const uint8_t *e, size_t elen, unsigned hashalgo,
			       const uint8_t *digest, size_t dlen);

#endif
