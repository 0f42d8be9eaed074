/* SPDX-License-Identifier: MIT */
/*
 * tests/bench/fastwrap.c — bench-only prototype of keys/fast inside the shim, without
 * touching keys/: linked into $(BENCH_DIGINIT_FAST) with
 *   -Wl,--wrap=br_rsa_pkcs1_vrfy_get_default -Wl,--wrap=br_sha256_vtable
 *   -Wl,--wrap=br_sha512_vtable -Wl,--wrap=br_sha224_vtable -Wl,--wrap=br_sha384_vtable
 * so that keys/crypto.c and keys/hash.c, unchanged, get keys/fast's RSA and SHA-2. This
 * measures what the integration described in the report will give; the real
 * integration calls fastcrypto.h directly (keys/README.md is the crypto engineer's).
 *
 * RSA: the wrapped br_rsa_pkcs1_vrfy computes s^e mod n with a prepared key (a small
 * per-thread cache keyed by the modulus), checks 00 01 FF..FF 00 DigestInfo(oid) and
 * returns the hash, as BearSSL's does for the DigestInfo with NULL parameters.
 */
#include <string.h>

#include <bearssl.h>

#include "fastcrypto.h"

#define CACHE 4

static __thread struct fc_rsa_key cache[CACHE];
static __thread uint8_t cache_n[CACHE][FC_RSA_MAX_BITS / 8];
static __thread size_t cache_used, cache_next;

static const struct fc_rsa_key *prepared(const br_rsa_public_key *pk)
{
	size_t i;

	for (i = 0; i < cache_used; i++) {
		if (cache[i].nlen == pk->nlen && !memcmp(cache_n[i], pk->n, pk->nlen) &&
		    cache[i].elen == pk->elen && !memcmp(cache[i].e, pk->e, pk->elen))
			return &cache[i];
	}
	if (pk->nlen > sizeof(cache_n[0]))
		return NULL;
	i = cache_next;
	cache_next = (cache_next + 1) % CACHE;
	if (cache_used < CACHE)
		cache_used++;
	if (fc_rsa_key_init(&cache[i], pk->n, pk->nlen, pk->e, pk->elen)) {
		cache[i].nlen = 0;
		return NULL;
	}
	if (cache[i].nlen != pk->nlen || cache[i].elen != pk->elen) {
		cache[i].nlen = 0; /* leading zeros: not cached */
		return NULL;
	}
	memcpy(cache_n[i], pk->n, pk->nlen);
	return &cache[i];
}

static uint32_t fast_vrfy(const unsigned char *x, size_t xlen, const unsigned char *hash_oid,
			  size_t hash_len, const br_rsa_public_key *pk, unsigned char *hash_out)
{
	uint8_t em[FC_RSA_MAX_BITS / 8], want[32];
	const struct fc_rsa_key *key = prepared(pk);
	size_t oidlen, dilen, ps;

	if (!key || xlen != key->nlen || !hash_oid || hash_len > 64)
		return 0;
	memcpy(em, x, xlen);
	if (fc_rsa_key_public(key, em, xlen))
		return 0;
	/* DigestInfo = 30 L1 30 L2 06 oidlen OID 05 00 04 hash_len hash */
	oidlen = hash_oid[0];
	if (oidlen + 10 > sizeof(want))
		return 0;
	dilen = oidlen + 10;
	want[0] = 0x30;
	want[1] = (uint8_t)(dilen - 2 + hash_len);
	want[2] = 0x30;
	want[3] = (uint8_t)(oidlen + 4);
	want[4] = 0x06;
	memcpy(want + 5, hash_oid, oidlen + 1);
	want[6 + oidlen] = 0x05;
	want[7 + oidlen] = 0x00;
	want[8 + oidlen] = 0x04;
	want[9 + oidlen] = (uint8_t)hash_len;
	if (xlen < 11 + dilen + hash_len)
		return 0;
	ps = xlen - 3 - dilen - hash_len;
	if (em[0] != 0 || em[1] != 1 || em[2 + ps] != 0)
		return 0;
	for (size_t i = 0; i < ps; i++)
		if (em[2 + i] != 0xff)
			return 0;
	if (memcmp(em + 3 + ps, want, dilen))
		return 0;
	memcpy(hash_out, em + 3 + ps + dilen, hash_len);
	return 1;
}

br_rsa_pkcs1_vrfy __wrap_br_rsa_pkcs1_vrfy_get_default(void);
br_rsa_pkcs1_vrfy __wrap_br_rsa_pkcs1_vrfy_get_default(void)
{
	return fast_vrfy;
}

/* The vtables: BearSSL's names, keys/fast's functions (same context layout). */
/* filled at start-up from fc_*_vtable (a constant initialiser cannot copy a struct) */
extern br_hash_class __wrap_br_sha224_vtable, __wrap_br_sha256_vtable, __wrap_br_sha384_vtable,
	__wrap_br_sha512_vtable;
br_hash_class __wrap_br_sha224_vtable, __wrap_br_sha256_vtable, __wrap_br_sha384_vtable,
	__wrap_br_sha512_vtable;

__attribute__((constructor)) static void fastwrap_init(void)
{
	__wrap_br_sha224_vtable = fc_sha224_vtable;
	__wrap_br_sha256_vtable = fc_sha256_vtable;
	__wrap_br_sha384_vtable = fc_sha384_vtable;
	__wrap_br_sha512_vtable = fc_sha512_vtable;
}
