/* SPDX-License-Identifier: MIT */
/*
 * tests/fastcrypto/fctest.c — differential tests of keys/crypto-core against BearSSL and
 * OpenSSL (libcrypto), TAP output.
 *
 *   fctest [--rsa N] [--sigs M] [--cross C] [--seed S] [--sha-max L]
 *
 * SHA-224/256/384/512: every length 0..L (default 4096) with random bytes, one update,
 * and again in 1-4 updates split at random points, with SHA-NI (when the CPU has it)
 * and forced portable; large inputs (1 MiB .. 64 MiB + odd sizes); the br_hash_class
 * vtables used through BearSSL's generic API, and contexts handed between the libraries.
 * RSA, once with the mulx/adx arithmetic (when the CPU has it) and once forced portable:
 * N random cases (default 2000) of the public operation against
 * br_rsa_i31_public and br_rsa_i62_public (random odd moduli 1024..4096 bits, random
 * x < n, e in {3, 65537, random}), PKCS#1 v1.5 signatures made by OpenSSL with real
 * keys (valid: accepted by fc, BearSSL and OpenSSL; corrupted: rejected by all three),
 * and moduli 4097..8192 bits against OpenSSL's BN_mod_exp; each through the one-shot
 * call, a prepared key and the key cache (moduli and operands partly made of 00/FF
 * limbs for long carry chains). The key cache also from several threads at once, and
 * with more keys than slots. --cross C: C cases of the mulx/adx arithmetic against the
 * portable code (1024..8192 bits), every 32nd also against BearSSL or OpenSSL.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <bearssl.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "fastcrypto.h"

#define FCT_SHA_MAX 65536 /* largest --sha-max */

static uint64_t rs;
static uint64_t rnd(void)
{
	/* splitmix64 */
	uint64_t z = (rs += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}
static void rnd_bytes(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)rnd();
}
static size_t rnd_below(size_t n)
{
	return n ? (size_t)(rnd() % n) : 0;
}

static int tno, tfail;
static void tap(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#include <stdarg.h>
static void tap(int ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("%sok %d - ", ok ? "" : "not ", ++tno);
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	fflush(stdout);
	if (!ok)
		tfail++;
}

/* ---------------- SHA-2 ---------------- */

struct alg {
	const char *name;
	size_t len;
	const br_hash_class *br, *fc;
	const char *ossl;
};
static const struct alg algs[] = {
	{"sha224", 28, &br_sha224_vtable, &fc_sha224_vtable, "SHA224"},
	{"sha256", 32, &br_sha256_vtable, &fc_sha256_vtable, "SHA256"},
	{"sha384", 48, &br_sha384_vtable, &fc_sha384_vtable, "SHA384"},
	{"sha512", 64, &br_sha512_vtable, &fc_sha512_vtable, "SHA512"},
};

/* fc through its direct API, in the given update pieces */
static void fc_hash(const struct alg *a, const uint8_t *p, size_t len, const size_t *cuts,
		    size_t ncuts, uint8_t *out)
{
	br_sha256_context c2;
	br_sha512_context c5;
	size_t prev = 0;
	int small = a->len <= 32;

	if (a->len == 28)
		fc_sha224_init(&c2);
	else if (a->len == 32)
		fc_sha256_init(&c2);
	else if (a->len == 48)
		fc_sha384_init(&c5);
	else
		fc_sha512_init(&c5);
	for (size_t i = 0; i <= ncuts; i++) {
		size_t end = i < ncuts ? cuts[i] : len;

		if (small)
			fc_sha256_update(&c2, p + prev, end - prev);
		else
			fc_sha512_update(&c5, p + prev, end - prev);
		prev = end;
	}
	if (small)
		(a->len == 28 ? fc_sha224_out : fc_sha256_out)(&c2, out);
	else
		(a->len == 48 ? fc_sha384_out : fc_sha512_out)(&c5, out);
}

static void br_hash(const struct alg *a, const uint8_t *p, size_t len, uint8_t *out)
{
	br_hash_compat_context c;

	a->br->init(&c.vtable);
	a->br->update(&c.vtable, p, len);
	a->br->out(&c.vtable, out);
}

static void ossl_hash(const struct alg *a, const uint8_t *p, size_t len, uint8_t *out)
{
	unsigned olen = 0;
	EVP_MD *md = EVP_MD_fetch(NULL, a->ossl, NULL);

	if (!md || !EVP_Digest(p, len, out, &olen, md, NULL) || olen != a->len) {
		fprintf(stderr, "OpenSSL %s failed\n", a->ossl);
		exit(2);
	}
	EVP_MD_free(md);
}

static int cmp_size(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;

	return a < b ? -1 : a > b;
}

static void sha_lengths(const struct alg *a, size_t max, int split, const char *mode)
{
	static uint8_t buf[FCT_SHA_MAX];
	uint8_t h1[64], h2[64], h3[64];
	size_t bad = 0, first_bad = 0, n = 0;

	for (size_t len = 0; len <= max; len++) {
		size_t cuts[3], ncuts = 0;

		rnd_bytes(buf, len);
		if (split) {
			ncuts = 1 + rnd_below(3);
			for (size_t i = 0; i < ncuts; i++)
				cuts[i] = rnd_below(len + 1);
			qsort(cuts, ncuts, sizeof(cuts[0]), cmp_size);
		}
		fc_hash(a, buf, len, cuts, ncuts, h1);
		br_hash(a, buf, len, h2);
		ossl_hash(a, buf, len, h3);
		n++;
		if (memcmp(h1, h2, a->len) || memcmp(h1, h3, a->len)) {
			if (!bad++)
				first_bad = len;
		}
	}
	tap(bad == 0, "%s %s, lengths 0..%zu%s: %zu inputs, %zu differ from BearSSL/OpenSSL%s",
	    a->name, mode, max, split ? " in 1-4 random updates" : "", n, bad,
	    bad ? " (first at length" : "");
	if (bad)
		printf("# first differing length %zu\n", first_bad);
}

static void sha_large(void)
{
	static const size_t sizes[] = {1u << 20, (1u << 20) + 63, (16u << 20) + 111,
				       (24u << 20) + 127, 33554433};
	size_t maxs = sizes[sizeof(sizes) / sizeof(sizes[0]) - 1];
	uint8_t *buf = malloc(maxs);
	uint8_t h1[64], h2[64], h3[64];
	size_t bad = 0, n = 0;

	if (!buf) {
		tap(0, "large inputs: out of memory");
		return;
	}
	rnd_bytes(buf, maxs);
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		for (size_t ai = 0; ai < 4; ai++) {
			size_t cut = rnd_below(sizes[s]);

			fc_hash(&algs[ai], buf, sizes[s], &cut, 1, h1);
			br_hash(&algs[ai], buf, sizes[s], h2);
			ossl_hash(&algs[ai], buf, sizes[s], h3);
			bad += memcmp(h1, h2, algs[ai].len) || memcmp(h1, h3, algs[ai].len);
			n++;
		}
	}
	free(buf);
	tap(bad == 0, "large inputs 1 MiB..32 MiB (%s): %zu hashes, %zu differ",
	    fc_sha_ni_active() ? "SHA-NI" : "portable", n, bad);
}

/* the vtables through BearSSL's generic API; contexts passed between libraries */
static void sha_vtables(void)
{
	uint8_t buf[3000], h1[64], h2[64], st1[64], st2[64];
	size_t bad = 0, n = 0;

	for (int it = 0; it < 200; it++) {
		for (size_t ai = 0; ai < 4; ai++) {
			const struct alg *a = &algs[ai];
			br_hash_compat_context c;
			size_t len = rnd_below(sizeof(buf)), cut = rnd_below(len + 1);
			uint64_t cnt1, cnt2;

			rnd_bytes(buf, len);
			/* fc vtable: init, update part, then BearSSL continues, fc finishes */
			a->fc->init(&c.vtable);
			a->fc->update(&c.vtable, buf, cut);
			a->br->update(&c.vtable, buf + cut, len - cut);
			a->fc->out(&c.vtable, h1);
			br_hash(a, buf, len, h2);
			bad += memcmp(h1, h2, a->len) != 0;
			/* state/set_state round trip */
			a->fc->init(&c.vtable);
			a->fc->update(&c.vtable, buf, cut);
			cnt1 = a->fc->state(&c.vtable, st1);
			{
				br_hash_compat_context d;

				a->br->init(&d.vtable);
				a->br->update(&d.vtable, buf, cut);
				cnt2 = a->br->state(&d.vtable, st2);
			}
			bad += cnt1 != cnt2 || memcmp(st1, st2,
						      (a->fc->desc >> BR_HASHDESC_STATE_OFF) &
							      BR_HASHDESC_STATE_MASK);
			a->fc->set_state(&c.vtable, st1, cnt1);
			a->fc->update(&c.vtable, buf + cut, len - cut);
			a->fc->out(&c.vtable, h1);
			bad += memcmp(h1, h2, a->len) != 0;
			bad += a->fc->desc != a->br->desc || a->fc->context_size > sizeof(c);
			n++;
		}
	}
	tap(bad == 0,
	    "vtables: %zu mixed fc/BearSSL contexts, state/set_state, desc equal: %zu differ", n,
	    bad);
}

/* ---------------- RSA ---------------- */

static const char *rsa_mode = "";

/* random bytes, or (one time in four) runs of 00 and FF bytes: long carry chains */
static void rnd_limbs(uint8_t *p, size_t len)
{
	rnd_bytes(p, len);
	if (rnd_below(4))
		return;
	for (size_t i = 0; i < len; i += 8) {
		size_t l = len - i < 8 ? len - i : 8, kind = rnd_below(3);

		if (kind < 2)
			memset(p + i, kind ? 0xff : 0x00, l);
	}
}

static void rnd_modulus(uint8_t *n, size_t bits)
{
	size_t len = (bits + 7) / 8;

	rnd_limbs(n, len);
	n[0] &= (uint8_t)(0xffu >> (8 * len - bits));
	n[0] |= (uint8_t)(0x80u >> (8 * len - bits)); /* exactly bits bits */
	n[len - 1] |= 1;
}

/* random x < n of the same length (sometimes tiny, sometimes n - small) */
static void rnd_below_n(uint8_t *x, const uint8_t *n, size_t len)
{
	switch (rnd_below(8)) {
	case 0:
		memset(x, 0, len);
		x[len - 1] = (uint8_t)rnd_below(3); /* 0, 1, 2 */
		return;
	case 1:
		memcpy(x, n, len);
		x[len - 1] = (uint8_t)(x[len - 1] - 1 - rnd_below(x[len - 1])); /* n - small */
		return;
	default:
		rnd_limbs(x, len);
		if (memcmp(x, n, len) >= 0)
			x[0] = (uint8_t)rnd_below(n[0]);
	}
}

static size_t rnd_e(uint8_t *e)
{
	switch (rnd_below(4)) {
	case 0:
		e[0] = 3;
		return 1;
	case 1:
	case 2:
		e[0] = 1, e[1] = 0, e[2] = 1;
		return 3;
	default: {
		size_t l = 1 + rnd_below(8);
		rnd_bytes(e, l);
		if (e[0] == 0)
			e[0] = 1;
		if (rnd_below(4))
			e[l - 1] |= 1; /* mostly odd, sometimes even */
		return l;
	}
	}
}

static void rsa_arith(size_t count)
{
	uint8_t n[512], e[8], x[512], y1[512], y2[512], y3[512], y4[512];
	size_t bad = 0, rej = 0;
	struct fc_rsa_key key, spare;
	const struct fc_rsa_key *ck;

	for (size_t i = 0; i < count; i++) {
		size_t bits = 1024 + rnd_below(4096 - 1024 + 1), len = (bits + 7) / 8;
		size_t elen = rnd_e(e);
		br_rsa_public_key pk = {n, len, e, elen};
		uint32_t r1, r2, r3;

		rnd_modulus(n, bits);
		if (rnd_below(16) == 0) {
			rnd_bytes(x, len); /* may be >= n: both must reject */
		} else {
			rnd_below_n(x, n, len);
		}
		memcpy(y1, x, len);
		memcpy(y2, x, len);
		memcpy(y3, x, len);
		r1 = fc_rsa_br_public(y1, len, &pk);
		r2 = br_rsa_i31_public(y2, len, &pk);
		r3 = br_rsa_i62_public_get() ? br_rsa_i62_public_get()(y3, len, &pk) : r2;
		/* the prepared-key path: same result */
		memcpy(y4, x, len);
		if (fc_rsa_key_init(&key, n, len, e, elen) ||
		    (fc_rsa_key_public(&key, y4, len) == 0) != (r1 == 1) ||
		    (r1 && memcmp(y4, y1, len)))
			r1 = 2;
		/* the cache (full after the first keys: then the spare) */
		memcpy(y4, x, len);
		ck = fc_rsa_key_cache_get(n, len, e, elen, &spare);
		if (!ck || (fc_rsa_key_public(ck, y4, len) == 0) != (r1 == 1) ||
		    (r1 && memcmp(y4, y1, len)))
			r1 = 3;
		if (!r2)
			rej++;
		if (r1 != r2 || r2 != r3 || (r1 && (memcmp(y1, y2, len) || memcmp(y1, y3, len)))) {
			if (bad++ < 3)
				printf("# arith differs: bits %zu elen %zu fc %u i31 %u i62 %u\n",
				       bits, elen, r1, r2, r3);
		}
	}
	tap(bad == 0,
	    "RSA %s: x^e mod n (one-shot, prepared, cached key) vs br_rsa_i31_public and i62: "
	    "%zu random cases (1024..4096 bits, %zu x >= n rejected by all), %zu differ",
	    rsa_mode, count, rej, bad);
}

static int bn_bin(const BIGNUM *b, uint8_t *out, size_t len)
{
	return BN_bn2binpad(b, out, (int)len) == (int)len;
}

static void rsa_big(size_t count)
{
	static uint8_t n[1024], e[8], x[1024], y[1024], z[1024];
	size_t bad = 0;
	BN_CTX *ctx = BN_CTX_new();

	for (size_t i = 0; i < count; i++) {
		size_t bits = 4097 + rnd_below(8192 - 4097 + 1), len = (bits + 7) / 8;
		size_t elen = rnd_e(e);
		BIGNUM *bn = BN_bin2bn(n, 0, NULL), *be, *bx, *by = BN_new();
		int ok;

		rnd_modulus(n, bits);
		rnd_below_n(x, n, len);
		BN_bin2bn(n, (int)len, bn);
		be = BN_bin2bn(e, (int)elen, NULL);
		bx = BN_bin2bn(x, (int)len, NULL);
		ok = BN_mod_exp(by, bx, be, bn, ctx) && bn_bin(by, z, len);
		memcpy(y, x, len);
		ok = ok && fc_rsa_public(y, len, n, len, e, elen) == 0 && !memcmp(y, z, len);
		{
			struct fc_rsa_key spare;
			const struct fc_rsa_key *ck = fc_rsa_key_cache_get(n, len, e, elen, &spare);

			memcpy(y, x, len);
			ok = ok && ck && fc_rsa_key_public(ck, y, len) == 0 && !memcmp(y, z, len);
		}
		bad += !ok;
		BN_free(bn), BN_free(be), BN_free(bx), BN_free(by);
	}
	BN_CTX_free(ctx);
	tap(bad == 0,
	    "RSA %s: 4097..8192-bit moduli (one-shot, cached key) vs OpenSSL BN_mod_exp: %zu cases, "
	    "%zu differ",
	    rsa_mode, count, bad);
}

/*
 * The mulx/adx arithmetic against the portable C code on many random cases (cheap: no
 * BearSSL), moduli 1024..8192 bits, both through fc_rsa_public; every 32nd case also
 * against BearSSL i31 (up to 4096 bits) or OpenSSL BN_mod_exp (above).
 */
static void rsa_cross(size_t count)
{
	static uint8_t n[1024], e[8], x[1024], y1[1024], y2[1024], z[1024];
	size_t bad = 0, third = 0;
	BN_CTX *ctx = BN_CTX_new();

	if (!fc_rsa_fast_present()) {
		tap(1, "# SKIP RSA mulx/adx vs portable: the CPU has no BMI2/ADX");
		BN_CTX_free(ctx);
		return;
	}
	for (size_t i = 0; i < count; i++) {
		size_t bits = 1024 + rnd_below(8192 - 1024 + 1), len = (bits + 7) / 8;
		size_t elen = rnd_e(e);
		int r1, r2, ok;

		rnd_modulus(n, bits);
		rnd_below_n(x, n, len);
		memcpy(y1, x, len);
		memcpy(y2, x, len);
		fc_force_portable(0);
		r1 = fc_rsa_public(y1, len, n, len, e, elen);
		fc_force_portable(1);
		r2 = fc_rsa_public(y2, len, n, len, e, elen);
		fc_force_portable(0);
		ok = r1 == 0 && r2 == 0 && !memcmp(y1, y2, len);
		if (ok && i % 32 == 0) {
			third++;
			memcpy(z, x, len);
			if (bits <= 4096) {
				br_rsa_public_key pk = {n, len, e, elen};

				ok = br_rsa_i31_public(z, len, &pk) == 1;
			} else {
				BIGNUM *bn = BN_bin2bn(n, (int)len, NULL), *be = BN_bin2bn(e, (int)elen, NULL);
				BIGNUM *bx = BN_bin2bn(x, (int)len, NULL), *by = BN_new();

				ok = BN_mod_exp(by, bx, be, bn, ctx) && bn_bin(by, z, len);
				BN_free(bn), BN_free(be), BN_free(bx), BN_free(by);
			}
			ok = ok && !memcmp(y1, z, len);
		}
		if (!ok && bad++ < 3)
			printf("# cross differs: bits %zu elen %zu fast %d portable %d\n", bits, elen,
			       r1, r2);
	}
	BN_CTX_free(ctx);
	tap(bad == 0,
	    "RSA mulx/adx vs portable: %zu random cases (1024..8192 bits), %zu of them also vs "
	    "BearSSL i31 / OpenSSL BN_mod_exp, %zu differ",
	    count, third, bad);
}

struct key {
	EVP_PKEY *pk;
	uint8_t n[512], e[8];
	size_t nlen, elen;
};

static int key_gen(struct key *k, unsigned bits)
{
	BIGNUM *bn = NULL, *be = NULL;

	k->pk = EVP_RSA_gen(bits);
	if (!k->pk || !EVP_PKEY_get_bn_param(k->pk, OSSL_PKEY_PARAM_RSA_N, &bn) ||
	    !EVP_PKEY_get_bn_param(k->pk, OSSL_PKEY_PARAM_RSA_E, &be))
		return -1;
	k->nlen = (size_t)BN_num_bytes(bn);
	k->elen = (size_t)BN_num_bytes(be);
	BN_bn2bin(bn, k->n);
	BN_bn2bin(be, k->e);
	BN_free(bn);
	BN_free(be);
	return 0;
}

static const unsigned char *br_oid(unsigned h)
{
	return h == 8	 ? BR_HASH_OID_SHA256
	       : h == 10 ? BR_HASH_OID_SHA512
	       : h == 9	 ? BR_HASH_OID_SHA384
	       : h == 2	 ? BR_HASH_OID_SHA1
			 : BR_HASH_OID_SHA224;
}
static const EVP_MD *ossl_md(unsigned h)
{
	return h == 8	 ? EVP_sha256()
	       : h == 10 ? EVP_sha512()
	       : h == 9	 ? EVP_sha384()
	       : h == 2	 ? EVP_sha1()
			 : EVP_sha224();
}
static size_t hlen_of(unsigned h)
{
	return h == 8 ? 32 : h == 10 ? 64 : h == 9 ? 48 : h == 2 ? 20 : 28;
}

/* 0 = valid by OpenSSL's verify */
static int ossl_verify(struct key *k, unsigned h, const uint8_t *sig, size_t slen,
		       const uint8_t *dg)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(k->pk, NULL);
	int r = c && EVP_PKEY_verify_init(c) > 0 &&
		EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING) > 0 &&
		EVP_PKEY_CTX_set_signature_md(c, ossl_md(h)) > 0 &&
		EVP_PKEY_verify(c, sig, slen, dg, hlen_of(h)) == 1;

	EVP_PKEY_CTX_free(c);
	return r ? 0 : -1;
}

static int br_verify(struct key *k, unsigned h, const uint8_t *sig, size_t slen, const uint8_t *dg)
{
	uint8_t x[512], out[64];
	br_rsa_public_key pk = {k->n, k->nlen, k->e, k->elen};

	if (slen != k->nlen)
		return -1;
	memcpy(x, sig, slen);
	if (!br_rsa_i31_pkcs1_vrfy(x, slen, br_oid(h), hlen_of(h), &pk, out))
		return -1;
	return memcmp(out, dg, hlen_of(h)) ? -1 : 0;
}

static void rsa_sigs(size_t count)
{
	static const unsigned sizes[] = {1024, 2048, 3072, 4096};
	static const unsigned hashes[] = {8, 10, 9, 11, 2};
	struct key keys[4];
	size_t good = 0, bad = 0, differ = 0, kinds[6] = {0};

	for (size_t i = 0; i < 4; i++) {
		if (key_gen(&keys[i], sizes[i])) {
			tap(0, "RSA key generation (OpenSSL) failed");
			return;
		}
	}
	for (size_t i = 0; i < count; i++) {
		struct key *k = &keys[rnd_below(4)];
		unsigned h = hashes[rnd_below(5)];
		uint8_t dg[64], sig[512], s2[512];
		size_t slen = sizeof(sig), s2len, kind;
		EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(k->pk, NULL);
		int r_fc, r_br, r_os;

		rnd_bytes(dg, sizeof(dg));
		if (!c || EVP_PKEY_sign_init(c) <= 0 ||
		    EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING) <= 0 ||
		    EVP_PKEY_CTX_set_signature_md(c, ossl_md(h)) <= 0 ||
		    EVP_PKEY_sign(c, sig, &slen, dg, hlen_of(h)) <= 0) {
			tap(0, "OpenSSL signing failed");
			EVP_PKEY_CTX_free(c);
			return;
		}
		EVP_PKEY_CTX_free(c);
		memcpy(s2, sig, slen);
		s2len = slen;
		kind = rnd_below(6);
		switch (kind) {
		case 0: /* valid */
		case 1:
			break;
		case 2: /* one bit of the signature flipped */
			s2[rnd_below(slen)] ^= (uint8_t)(1u << rnd_below(8));
			break;
		case 3: /* one bit of the digest flipped */
			dg[rnd_below(hlen_of(h))] ^= (uint8_t)(1u << rnd_below(8));
			break;
		case 4: /* random value */
			rnd_bytes(s2, slen);
			break;
		default: /* s + n or n - 1 or 0: out of range or nonsense */
			memcpy(s2, k->n, slen);
			if (rnd_below(2))
				s2[slen - 1] ^= 1; /* n - 1 */
			break;
		}
		kinds[kind]++;
		r_fc = fc_rsa_pkcs1_verify(s2, s2len, k->n, k->nlen, k->e, k->elen, h, dg,
					   hlen_of(h));
		{
			struct fc_rsa_key key;

			if (fc_rsa_key_init(&key, k->n, k->nlen, k->e, k->elen) ||
			    fc_rsa_key_pkcs1_verify(&key, s2, s2len, h, dg, hlen_of(h)) != r_fc ||
			    fc_rsa_cached_pkcs1_verify(s2, s2len, k->n, k->nlen, k->e, k->elen, h,
						       dg, hlen_of(h)) != r_fc)
				r_fc = -1000; /* the three paths disagree: counted as a difference */
		}
		r_br = br_verify(k, h, s2, s2len, dg);
		r_os = ossl_verify(k, h, s2, s2len, dg);
		if ((r_fc == 0) != (r_br == 0) || (r_br == 0) != (r_os == 0) ||
		    (kind < 2 && r_fc) || r_fc == -1000) {
			if (differ++ < 3)
				printf("# sig differs: kind %zu bits %zu fc %d br %d ossl %d\n",
				       kind, 8 * k->nlen, r_fc, r_br, r_os);
		}
		if (r_fc == 0)
			good++;
		else
			bad++;
	}
	for (size_t i = 0; i < 4; i++)
		EVP_PKEY_free(keys[i].pk);
	tap(differ == 0,
	    "RSA %s: PKCS#1 v1.5 (OpenSSL-made signatures, 1024..4096-bit keys, "
	    "SHA-1/224/256/384/512; one-shot, prepared, cached key): %zu cases, %zu valid, "
	    "%zu rejected, %zu differ from BearSSL/OpenSSL",
	    rsa_mode, count, good, bad, differ);
}

/*
 * The key cache from several threads at once, the cache still empty: CACHE_THREADS
 * threads go through CACHE_KEYS keys (in different orders) CACHE_ROUNDS times, each
 * x^e mod n checked against the one-shot result computed beforehand.
 */
#define CACHE_THREADS 4
#define CACHE_KEYS    6
#define CACHE_ROUNDS  40
struct cache_case {
	uint8_t n[512], e[8], x[512], y[512];
	size_t len, elen;
};
static struct cache_case cache_cases[CACHE_KEYS];
static size_t cache_bad[CACHE_THREADS];

static void *cache_thread(void *arg)
{
	size_t id = (size_t)(uintptr_t)arg;

	for (size_t r = 0; r < CACHE_ROUNDS; r++) {
		for (size_t j = 0; j < CACHE_KEYS; j++) {
			const struct cache_case *c = &cache_cases[(j + id * r) % CACHE_KEYS];
			struct fc_rsa_key spare;
			const struct fc_rsa_key *ck =
				fc_rsa_key_cache_get(c->n, c->len, c->e, c->elen, &spare);
			uint8_t y[512];

			memcpy(y, c->x, c->len);
			if (!ck || fc_rsa_key_public(ck, y, c->len) || memcmp(y, c->y, c->len))
				cache_bad[id]++;
		}
	}
	return NULL;
}

static void rsa_cache_threads(void)
{
	pthread_t th[CACHE_THREADS];
	size_t bad = 0, started = 0;

	for (size_t i = 0; i < CACHE_KEYS; i++) {
		struct cache_case *c = &cache_cases[i];
		size_t bits = 1024 + rnd_below(4096 - 1024 + 1);

		c->len = (bits + 7) / 8;
		c->elen = rnd_e(c->e);
		rnd_modulus(c->n, bits);
		rnd_below_n(c->x, c->n, c->len);
		memcpy(c->y, c->x, c->len);
		if (fc_rsa_public(c->y, c->len, c->n, c->len, c->e, c->elen))
			bad++;
	}
	for (size_t t = 0; t < CACHE_THREADS; t++) {
		if (pthread_create(&th[t], NULL, cache_thread, (void *)(uintptr_t)t) == 0)
			started++;
		else
			break;
	}
	for (size_t t = 0; t < started; t++) {
		pthread_join(th[t], NULL);
		bad += cache_bad[t];
	}
	tap(bad == 0 && started == CACHE_THREADS,
	    "RSA key cache: %zu threads x %d rounds x %d keys at once, %zu wrong", started,
	    CACHE_ROUNDS, CACHE_KEYS, bad);
}

/*
 * More keys than slots: each key gets the same answer twice (a cached key stays
 * cached, a key that got the spare gets it again: the cache is full), at most
 * FC_RSA_CACHE_KEYS distinct slots, invalid keys give NULL.
 */
static void rsa_cache_fill(void)
{
	enum { NK = FC_RSA_CACHE_KEYS + 8 };
	static uint8_t n[NK][256];
	const struct fc_rsa_key *first[NK] = {NULL};
	struct fc_rsa_key spare;
	uint8_t e[3] = {1, 0, 1}, z[1] = {0};
	size_t bad = 0, cached = 0, spared = 0;

	for (size_t i = 0; i < NK; i++)
		rnd_modulus(n[i], 2048);
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < NK; i++) {
			const struct fc_rsa_key *ck = fc_rsa_key_cache_get(n[i], 256, e, 3, &spare);
			uint8_t x[256], y[256];

			rnd_below_n(x, n[i], 256);
			memcpy(y, x, 256);
			if (!ck || fc_rsa_key_public(ck, x, 256) ||
			    fc_rsa_public(y, 256, n[i], 256, e, 3) || memcmp(x, y, 256)) {
				bad++;
				continue;
			}
			if (round == 0) {
				first[i] = ck;
				cached += ck != &spare;
				spared += ck == &spare;
			} else if (ck != first[i]) {
				bad++;
			}
		}
	}
	for (size_t i = 0; i < NK; i++)
		for (size_t j = 0; j < i; j++)
			bad += first[i] && first[i] != &spare && first[i] == first[j];
	bad += fc_rsa_key_cache_get(n[0], 256, z, 1, &spare) != NULL;
	n[1][255] &= 0xfe;
	bad += fc_rsa_key_cache_get(n[1], 256, e, 3, &spare) != NULL;
	tap(bad == 0 && cached <= FC_RSA_CACHE_KEYS && spared >= NK - FC_RSA_CACHE_KEYS,
	    "RSA key cache: %d keys twice: %zu cached, %zu on the spare, %zu wrong", (int)NK,
	    cached, spared, bad);
}

static void rsa_args(void)
{
	uint8_t n[512], x[512], e[3] = {1, 0, 1}, z[1] = {0};
	int ok = 1;

	rnd_modulus(n, 2048);
	memset(x, 0, sizeof(x));
	x[255] = 2;
	ok &= fc_rsa_public(x, 255, n, 256, e, 3) == -EINVAL; /* xlen != nlen */
	ok &= fc_rsa_public(x, 256, n, 256, z, 1) == -EINVAL; /* e = 0 */
	ok &= fc_rsa_public(x, 256, n, 256, e, 0) == -EINVAL; /* no e */
	memcpy(x, n, 256);
	ok &= fc_rsa_public(x, 256, n, 256, e, 3) == -EINVAL; /* x == n */
	n[255] &= 0xfe;
	memset(x, 0, 256);
	ok &= fc_rsa_public(x, 256, n, 256, e, 3) == -EINVAL; /* even n */
	rnd_modulus(n, 1023);
	ok &= fc_rsa_public(x, 128, n, 128, e, 3) == -EINVAL; /* 1023 bits */
	rnd_modulus(n, 1024);
	memset(x + 1, 0, 128);
	x[0] = 0;
	memmove(n + 1, n, 128);
	n[0] = 0;
	x[128] = 5;
	ok &= fc_rsa_public(x + 1, 128, n, 129, e, 3) == 0; /* leading zero byte of n */
	{
		uint8_t dg[32] = {0};
		ok &= fc_rsa_pkcs1_verify(x, 1, n, 129, e, 3, 1, dg, 16) == -EOPNOTSUPP;
		ok &= fc_rsa_pkcs1_verify(x, 1, n, 129, e, 3, 8, dg, 31) == -EINVAL;
		ok &= fc_rsa_pkcs1_verify(x, 200, n, 129, e, 3, 8, dg, 32) ==
		      -EBADMSG; /* s too long */
		ok &= fc_rsa_pkcs1_verify(n + 1, 128, n, 129, e, 3, 8, dg, 32) ==
		      -EBADMSG; /* s == n */
		{
			/* one byte longer than the modulus after its leading zeros are
			   stripped (the 200-byte case above is mostly zero bytes) */
			uint8_t s1[129];

			memset(s1, 0xff, sizeof(s1));
			s1[0] = 1;
			ok &= fc_rsa_pkcs1_verify(s1, sizeof(s1), n, 129, e, 3, 8, dg, 32) ==
			      -EBADMSG; /* s longer than n by one byte */
		}
	}
	tap(ok, "RSA argument checks (xlen, e = 0, x >= n, even n, < 1024 bits, hash id, digest "
		"size, s >= n, s longer than n)");
}

int main(int argc, char **argv)
{
	size_t rsa_n = 2000, sha_max = 4096, sigs_n = (size_t)-1, cross_n = 0;

	rs = (uint64_t)time(NULL);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--rsa") && i + 1 < argc)
			rsa_n = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--sigs") && i + 1 < argc)
			sigs_n = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--cross") && i + 1 < argc)
			cross_n = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			rs = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--sha-max") && i + 1 < argc)
			sha_max = strtoull(argv[++i], NULL, 10);
		else
			sha_max = (size_t)-1;
		if (sha_max > FCT_SHA_MAX) {
			fprintf(stderr,
				"usage: fctest [--rsa N] [--sigs M] [--cross C] [--seed S] [--sha-max L]\n");
			return 2;
		}
	}
	printf("# seed %" PRIu64 ", SHA-NI present: %s\n", rs, fc_sha_ni_present() ? "yes" : "no");
	for (int pass = 0; pass < 2; pass++) {
		const char *mode = pass ? "portable (forced)"
					: (fc_sha_ni_present() ? "SHA-NI on" : "portable");

		fc_force_portable(pass);
		tap(fc_sha_ni_active() == (!pass && fc_sha_ni_present()),
		    "%s: fc_sha_ni_active() = %d", mode, fc_sha_ni_active());
		for (size_t a = 0; a < 4; a++) {
			sha_lengths(&algs[a], sha_max, 0, mode);
			sha_lengths(&algs[a], sha_max, 1, mode);
		}
		sha_large();
		sha_vtables();
	}
	fc_force_portable(0);
	printf("# RSA fast arithmetic (mulx/adx) present: %s\n",
	       fc_rsa_fast_present() ? "yes" : "no");
	rsa_cache_threads(); /* first: the cache is empty */
	rsa_cache_fill();
	rsa_args();
	/* every RSA path with the fast arithmetic (when present), then forced portable */
	for (int pass = 0; pass < 2; pass++) {
		rsa_mode = pass ? "portable (forced)" : (fc_rsa_fast_present() ? "mulx/adx" : "portable");
		fc_force_portable(pass);
		tap(fc_rsa_fast_active() == (!pass && fc_rsa_fast_present()),
		    "RSA %s: fc_rsa_fast_active() = %d", rsa_mode, fc_rsa_fast_active());
		rsa_arith(rsa_n);
		rsa_sigs(sigs_n == (size_t)-1 ? rsa_n : sigs_n);
		rsa_big(rsa_n / 20 + 1);
	}
	fc_force_portable(0);
	if (cross_n)
		rsa_cross(cross_n);
	printf("1..%d\n", tno);
	return tfail ? 1 : 0;
}
