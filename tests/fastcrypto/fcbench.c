/* SPDX-License-Identifier: MIT */
/*
 * tests/fastcrypto/fcbench.c — micro-benchmark of keys/crypto-core against BearSSL and OpenSSL.
 *
 *   fcbench [--kv] [--rsa]
 *
 * SHA-256 and SHA-512 throughput (MB/s, 10^6 bytes) on 1 MiB and 64 KiB buffers;
 * RSA-4096 and RSA-2048 public-key verification (µs per e = 65537 operation): keys/crypto-core
 * one-shot (R^2 computed per call), BearSSL i31 and i62, OpenSSL EVP_PKEY_verify
 * (PKCS#1 v1.5 with SHA-256, Montgomery context cached in the key as in `openssl speed`).
 * Each figure is the median of 5 timed runs. --kv prints key=value lines instead; --rsa
 * measures RSA only (and adds the keys/crypto-core portable code, prepared key, when the
 * CPU has the fast arithmetic).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <bearssl.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "fastcrypto.h"

#define RUNS 5

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v)
{
	qsort(v, RUNS, sizeof(v[0]), cmp_d);
	return v[RUNS / 2];
}

static uint8_t buf[1 << 20];
static volatile uint8_t sink;
static int kv;

enum impl { FC, FC_PORTABLE, BR, OSSL };
static const char *impl_name[] = {"diginit (keys/crypto-core)", "diginit portable", "BearSSL", "OpenSSL"};
static const char *impl_key[] = {"fc", "fc_portable", "bearssl", "openssl"};

static void hash_once(enum impl im, int bits512, const uint8_t *p, size_t len, uint8_t *out)
{
	switch (im) {
	case FC:
	case FC_PORTABLE:
		fc_force_portable(im == FC_PORTABLE);
		if (bits512)
			fc_sha512(p, len, out);
		else
			fc_sha256(p, len, out);
		fc_force_portable(0);
		break;
	case BR: {
		br_hash_compat_context c;
		const br_hash_class *vt = bits512 ? &br_sha512_vtable : &br_sha256_vtable;

		vt->init(&c.vtable);
		vt->update(&c.vtable, p, len);
		vt->out(&c.vtable, out);
		break;
	}
	case OSSL: {
		unsigned ol;

		EVP_Digest(p, len, out, &ol, bits512 ? EVP_sha512() : EVP_sha256(), NULL);
		break;
	}
	}
}

static double hash_mbs(enum impl im, int bits512, size_t len)
{
	double t[RUNS];
	uint8_t out[64];

	for (int r = 0; r < RUNS; r++) {
		size_t total = 0;
		double t0 = now(), t1;

		do {
			for (int i = 0; i < 16; i++) {
				hash_once(im, bits512, buf, len, out);
				total += len;
			}
			t1 = now();
		} while (t1 - t0 < 0.15);
		sink ^= out[0];
		t[r] = (double)total / (t1 - t0) / 1e6;
	}
	return median(t);
}

struct rkey {
	EVP_PKEY *pk;
	uint8_t n[512], e[8], sig[512], dg[32];
	size_t nlen, elen, slen;
};

static int rkey_make(struct rkey *k, unsigned bits)
{
	BIGNUM *bn = NULL, *be = NULL;
	EVP_PKEY_CTX *c;

	k->pk = EVP_RSA_gen(bits);
	if (!k->pk || !EVP_PKEY_get_bn_param(k->pk, OSSL_PKEY_PARAM_RSA_N, &bn) ||
	    !EVP_PKEY_get_bn_param(k->pk, OSSL_PKEY_PARAM_RSA_E, &be))
		return -1;
	k->nlen = (size_t)BN_bn2bin(bn, k->n);
	k->elen = (size_t)BN_bn2bin(be, k->e);
	BN_free(bn);
	BN_free(be);
	memset(k->dg, 0x5a, sizeof(k->dg));
	k->slen = sizeof(k->sig);
	c = EVP_PKEY_CTX_new(k->pk, NULL);
	if (!c || EVP_PKEY_sign_init(c) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING) <= 0 ||
	    EVP_PKEY_CTX_set_signature_md(c, EVP_sha256()) <= 0 ||
	    EVP_PKEY_sign(c, k->sig, &k->slen, k->dg, 32) <= 0)
		return -1;
	EVP_PKEY_CTX_free(c);
	return 0;
}

enum rimpl { R_FC, R_FCKEY, R_FCCACHE, R_FCPORT, R_I31, R_I62, R_OSSL };
static const char *rimpl_name[] = {"diginit (keys/crypto-core)", "diginit, key prepared",
				   "diginit, key cache",  "diginit portable, prep.",
				   "BearSSL i31",	  "BearSSL i62",
				   "OpenSSL"};
static const char *rimpl_key[] = {"fc",		 "fc_key",	"fc_cache", "fc_portable_key",
				  "bearssl_i31", "bearssl_i62", "openssl"};
static struct fc_rsa_key fckey;

static int verify_once(enum rimpl im, struct rkey *k, EVP_PKEY_CTX *oc)
{
	uint8_t x[512], out[64];
	br_rsa_public_key pk = {k->n, k->nlen, k->e, k->elen};

	switch (im) {
	case R_FC:
		return fc_rsa_pkcs1_verify(k->sig, k->slen, k->n, k->nlen, k->e, k->elen, 8, k->dg,
					   32) == 0;
	case R_FCKEY:
	case R_FCPORT:
		return fc_rsa_key_pkcs1_verify(&fckey, k->sig, k->slen, 8, k->dg, 32) == 0;
	case R_FCCACHE:
		return fc_rsa_cached_pkcs1_verify(k->sig, k->slen, k->n, k->nlen, k->e, k->elen, 8,
						  k->dg, 32) == 0;
	case R_I31:
		memcpy(x, k->sig, k->slen);
		return br_rsa_i31_pkcs1_vrfy(x, k->slen, BR_HASH_OID_SHA256, 32, &pk, out) &&
		       !memcmp(out, k->dg, 32);
	case R_I62:
		memcpy(x, k->sig, k->slen);
		return br_rsa_i62_pkcs1_vrfy(x, k->slen, BR_HASH_OID_SHA256, 32, &pk, out) &&
		       !memcmp(out, k->dg, 32);
	case R_OSSL:
		return EVP_PKEY_verify(oc, k->sig, k->slen, k->dg, 32) == 1;
	}
	return 0;
}

static double verify_us(enum rimpl im, struct rkey *k)
{
	double t[RUNS];
	EVP_PKEY_CTX *oc = EVP_PKEY_CTX_new(k->pk, NULL);

	if (!oc || EVP_PKEY_verify_init(oc) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_padding(oc, RSA_PKCS1_PADDING) <= 0 ||
	    EVP_PKEY_CTX_set_signature_md(oc, EVP_sha256()) <= 0)
		return -1;
	if (im == R_I62 && !br_rsa_i62_public_get())
		return -1;
	if (fc_rsa_key_init(&fckey, k->n, k->nlen, k->e, k->elen))
		return -1;
	fc_force_portable(im == R_FCPORT);
	for (int r = 0; r < RUNS; r++) {
		size_t n = 0;
		double t0 = now(), t1;

		do {
			for (int i = 0; i < 8; i++) {
				if (!verify_once(im, k, oc)) {
					fprintf(stderr, "fcbench: %s failed to verify\n",
						rimpl_name[im]);
					exit(1);
				}
				n++;
			}
			t1 = now();
		} while (t1 - t0 < 0.2);
		t[r] = (t1 - t0) / (double)n * 1e6;
	}
	fc_force_portable(0);
	EVP_PKEY_CTX_free(oc);
	return median(t);
}

int main(int argc, char **argv)
{
	static const size_t lens[] = {1u << 20, 1u << 16};
	static const unsigned rbits[] = {4096, 2048};
	struct rkey keys[2];

	int rsa_only = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--kv")) {
			kv = 1;
		} else if (!strcmp(argv[i], "--rsa")) {
			rsa_only = 1;
		} else {
			fprintf(stderr, "usage: fcbench [--kv] [--rsa]\n");
			return 2;
		}
	}
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 131u + 7u);
	if (!kv && !rsa_only) {
		printf("SHA-NI: %s\n\n", fc_sha_ni_present() ? "present" : "absent");
		printf("%-24s %12s %12s %12s %12s\n", "hash MB/s", "SHA-256 1M", "SHA-256 64K",
		       "SHA-512 1M", "SHA-512 64K");
	}
	for (int im = FC; im <= OSSL && !rsa_only; im++) {
		if (im == FC_PORTABLE && !fc_sha_ni_present())
			continue;
		if (!kv)
			printf("%-24s", impl_name[im]);
		for (int b = 0; b < 2; b++) {
			for (size_t l = 0; l < 2; l++) {
				double v = hash_mbs((enum impl)im, b, lens[l]);

				if (kv)
					printf("sha%d_%s_%zuk_mbs=%.0f\n", b ? 512 : 256,
					       impl_key[im], lens[l] >> 10, v);
				else
					printf(" %12.0f", v);
			}
		}
		if (!kv)
			printf("\n");
	}
	for (size_t i = 0; i < 2; i++) {
		if (rkey_make(&keys[i], rbits[i])) {
			fprintf(stderr, "fcbench: OpenSSL key generation failed\n");
			return 1;
		}
	}
	if (!kv)
		printf("\n%-24s %12s %12s   (fast arithmetic: %s)\n", "RSA verify µs", "RSA-4096",
		       "RSA-2048", fc_rsa_fast_present() ? "mulx/adx" : "absent");
	for (int im = R_FC; im <= R_OSSL; im++) {
		if ((im == R_FCPORT && !fc_rsa_fast_present()) ||
		    (rsa_only && (im == R_I31 || im == R_I62)))
			continue;
		if (!kv)
			printf("%-24s", rimpl_name[im]);
		for (size_t i = 0; i < 2; i++) {
			double v = verify_us((enum rimpl)im, &keys[i]);

			if (kv)
				printf("rsa%u_%s_us=%.1f\n", rbits[i], rimpl_key[im], v);
			else
				printf(" %12.1f", v);
		}
		if (!kv)
			printf("\n");
	}
	for (size_t i = 0; i < 2; i++)
		EVP_PKEY_free(keys[i].pk);
	return 0;
}
