/* SPDX-License-Identifier: MIT */
/*
 * keys/crypto-core/rsa.c — RSA public operation x^e mod n, variable time.
 *
 * Numbers are little-endian arrays of k 64-bit limbs, k = ceil(bytes(n) / 8) <=
 * FC_RSA_MAX_LIMBS, every value kept in [0, n). Montgomery multiplication (CIOS, one
 * reduction step per limb of b) with R = 2^(64k): mont_mul(a, b) = a * b / R mod n.
 * Nothing is secret: loops and branches depend on the values freely.
 *
 * R^2 mod n (to enter the Montgomery domain) is computed per call, cheaply:
 *   y = 2^(nbits-1) < n (n is odd with nbits bits, so n > 2^(nbits-1)),
 *   doubled (64k - nbits + 1) + 64 times modulo n   -> y = 2^64 * R mod n,
 *   which is the Montgomery form of 2^64; raising it to the power k in the Montgomery
 *   domain gives the Montgomery form of 2^(64k) = R, i.e. R^2 mod n:
 *   log2(k) squarings (6 for 4096-bit n) instead of 64k doublings.
 * Exponentiation is left to right; the last multiplication by the base (e is odd for
 * every real key) uses the plain base, which leaves the Montgomery domain for free:
 *   mont_mul(x^(e-1) R, x) = x^e.
 */
#include <errno.h>
#include <string.h>

#include "common.h"
#include "fastcrypto.h"
#include "fc-int.h"

typedef unsigned __int128 u128;
#define MAXL FC_RSA_MAX_LIMBS

/* r (k + 1 limbs, r < 2n) -> t = r mod n: one conditional subtraction. */
static void final_sub(uint64_t *t, const uint64_t *r, const uint64_t *n, size_t k)
{
	size_t j;
	int ge = r[k] != 0;

	if (!ge) {
		ge = 1;
		for (j = k; j-- > 0;) {
			if (r[j] != n[j]) {
				ge = r[j] > n[j];
				break;
			}
		}
	}
	if (ge) {
		uint64_t bw = 0;

		for (j = 0; j < k; j++) {
			u128 d = (u128)r[j] - n[j] - bw;
			t[j] = (uint64_t)d;
			bw = (uint64_t)(d >> 64) & 1u;
		}
	} else {
		memcpy(t, r, k * sizeof(r[0]));
	}
}

/*
 * t = a * b / R mod n; t may alias a or b. Inputs < n, output < n.
 * One pass per limb of b: r = (r + a b[i] + m n) / 2^64 with m = (r[0] + a[0] b[i]) n0,
 * both products accumulated in the same inner loop. r < 2n stays in k + 1 limbs.
 */
static void mont_mul_c(uint64_t *t, const uint64_t *a, const uint64_t *b, const uint64_t *n,
		       uint64_t n0, size_t k)
{
	uint64_t r[MAXL + 1];
	size_t i, j;

	memset(r, 0, (k + 1) * sizeof(r[0]));
	for (i = 0; i < k; i++) {
		uint64_t bi = b[i], c1, c2, m;
		u128 z1, z2;

		z1 = (u128)a[0] * bi + r[0];
		m = (uint64_t)z1 * n0;
		z2 = (u128)m * n[0] + (uint64_t)z1; /* low limb is 0 by choice of m */
		c1 = (uint64_t)(z1 >> 64);
		c2 = (uint64_t)(z2 >> 64);
		for (j = 1; j < k; j++) {
			z1 = (u128)a[j] * bi + r[j] + c1;
			z2 = (u128)m * n[j] + (uint64_t)z1 + c2;
			c1 = (uint64_t)(z1 >> 64);
			c2 = (uint64_t)(z2 >> 64);
			r[j - 1] = (uint64_t)z2;
		}
		z1 = (u128)r[k] + c1 + c2;
		r[k - 1] = (uint64_t)z1;
		r[k] = (uint64_t)(z1 >> 64);
	}
	final_sub(t, r, n, k);
}

/* s (2k limbs) holds the cross products sum a[i] a[j] 2^(64(i+j)), i < j: double it
   and add the squares a[i]^2 at limb 2i, giving a^2 (< 2^(128k), no carry out). */
static void sqr_double_diag(uint64_t *s, const uint64_t *a, size_t k)
{
	uint64_t c, top;
	size_t i;
	u128 z;

	top = 0;
	for (i = 0; i < 2 * k; i++) {
		uint64_t v = s[i];

		s[i] = (v << 1) | top;
		top = v >> 63;
	}
	/* add the squares a[i]^2 at 2i */
	c = 0;
	for (i = 0; i < k; i++) {
		z = (u128)a[i] * a[i] + s[2 * i] + c;
		s[2 * i] = (uint64_t)z;
		z = (u128)s[2 * i + 1] + (uint64_t)(z >> 64);
		s[2 * i + 1] = (uint64_t)z;
		c = (uint64_t)(z >> 64);
	}
}

/*
 * t = a^2 / R mod n: the 2k-limb square (each cross product once, doubled), then k
 * Montgomery reduction steps. About 1.5 k^2 multiplications instead of 2 k^2.
 */
static void mont_sqr_c(uint64_t *t, const uint64_t *a, const uint64_t *n, uint64_t n0, size_t k)
{
	uint64_t s[2 * MAXL + 1];
	size_t i, j;
	uint64_t c;
	u128 z;

	memset(s, 0, (2 * k + 1) * sizeof(s[0]));
	/* cross products a[i] a[j], i < j */
	for (i = 0; i + 1 < k; i++) {
		c = 0;
		for (j = i + 1; j < k; j++) {
			z = (u128)a[i] * a[j] + s[i + j] + c;
			s[i + j] = (uint64_t)z;
			c = (uint64_t)(z >> 64);
		}
		s[i + k] = c;
	}
	sqr_double_diag(s, a, k);
	/* REDC: s < n R; after step i the low i + 1 limbs are 0; carries ripple up,
	   the final value (s / R) < 2n fits in limbs k .. 2k. */
	for (i = 0; i < k; i++) {
		uint64_t m = s[i] * n0;

		c = 0;
		for (j = 0; j < k; j++) {
			z = (u128)m * n[j] + s[i + j] + c;
			s[i + j] = (uint64_t)z;
			c = (uint64_t)(z >> 64);
		}
		for (j = i + k; c && j <= 2 * k; j++) {
			z = (u128)s[j] + c;
			s[j] = (uint64_t)z;
			c = (uint64_t)(z >> 64);
		}
	}
	final_sub(t, s + k, n, k);
}


/* ---- x86-64 BMI2 + ADX: mulx and two independent carry chains (adcx: CF, adox: OF) ---- */

#if defined(__x86_64__)
/*
 * r[0..n-1] += a[0..n-1] * b + cin; returns the carry limb. n > 0, n % 4 == 0.
 * Per limb j: lo_j + hi_(j-1) on the CF chain, + r[j] on the OF chain; the sum
 * r + a b + cin < 2^(64(n+1)), so the carry out hi + CF + OF fits in one limb.
 * Only lea/jrcxz/jmp between the chained instructions: they leave the flags alone.
 */
static uint64_t addmul4_adx(uint64_t *r, const uint64_t *a, size_t n, uint64_t b, uint64_t cin)
{
	uint64_t lo, cnt = n / 4;

	__asm__ volatile("xorl %%r11d, %%r11d\n\t" /* CF = OF = 0, r11 = 0 */
			 "1:\n\t"
			 "mulxq (%[a]), %[lo], %%r9\n\t"
			 "adcxq %[h], %[lo]\n\t"
			 "adoxq (%[r]), %[lo]\n\t"
			 "movq %[lo], (%[r])\n\t"
			 "mulxq 8(%[a]), %[lo], %[h]\n\t"
			 "adcxq %%r9, %[lo]\n\t"
			 "adoxq 8(%[r]), %[lo]\n\t"
			 "movq %[lo], 8(%[r])\n\t"
			 "mulxq 16(%[a]), %[lo], %%r9\n\t"
			 "adcxq %[h], %[lo]\n\t"
			 "adoxq 16(%[r]), %[lo]\n\t"
			 "movq %[lo], 16(%[r])\n\t"
			 "mulxq 24(%[a]), %[lo], %[h]\n\t"
			 "adcxq %%r9, %[lo]\n\t"
			 "adoxq 24(%[r]), %[lo]\n\t"
			 "movq %[lo], 24(%[r])\n\t"
			 "leaq 32(%[a]), %[a]\n\t"
			 "leaq 32(%[r]), %[r]\n\t"
			 "leaq -1(%%rcx), %%rcx\n\t"
			 "jrcxz 2f\n\t"
			 "jmp 1b\n"
			 "2:\n\t"
			 "adcxq %%r11, %[h]\n\t"
			 "adoxq %%r11, %[h]\n\t"
			 : [r] "+r"(r), [a] "+r"(a), [h] "+r"(cin), [lo] "=&r"(lo), "+c"(cnt)
			 : "d"(b)
			 : "r9", "r11", "cc", "memory");
	return cin;
}

/* Any n > 0: the first n % 4 limbs in C, the rest with addmul4_adx. */
static uint64_t addmul_adx(uint64_t *r, const uint64_t *a, size_t n, uint64_t b)
{
	size_t q = n & 3u, j;
	uint64_t c = 0;

	for (j = 0; j < q; j++) {
		u128 z = (u128)a[j] * b + r[j] + c;
		r[j] = (uint64_t)z;
		c = (uint64_t)(z >> 64);
	}
	return n > q ? addmul4_adx(r + q, a + q, n - q, b, c) : c;
}

/*
 * t = s / R mod n for s < n R (2k + 1 limbs of room, k % 4 == 0): row i adds m n at
 * limb i with m = s[i] n0, which zeroes limb i; its carry limb and the carry bit of the
 * previous row go into limb i + k (the carry bit out of it is the next row's). The
 * result s / R < 2n is limbs k .. 2k - 1 plus the last carry bit.
 */
static void redc_adx(uint64_t *t, uint64_t *s, const uint64_t *n, uint64_t n0, size_t k)
{
	uint64_t carry = 0;

	for (size_t i = 0; i < k; i++) {
		uint64_t c = addmul4_adx(s + i, n, k, s[i] * n0, 0);
		u128 z = (u128)s[i + k] + c + carry;

		s[i + k] = (uint64_t)z;
		carry = (uint64_t)(z >> 64);
	}
	s[2 * k] = carry;
	final_sub(t, s + k, n, k);
}

/* t = a b / R mod n: the 2k-limb product row by row, then redc_adx. */
static void mont_mul_adx(uint64_t *t, const uint64_t *a, const uint64_t *b, const uint64_t *n,
			 uint64_t n0, size_t k)
{
	uint64_t s[2 * MAXL + 1];

	memset(s, 0, k * sizeof(s[0]));
	for (size_t i = 0; i < k; i++)
		s[i + k] = addmul4_adx(s + i, a, k, b[i], 0);
	redc_adx(t, s, n, n0, k);
}

/*
 * sqr_double_diag on two carry chains: per i, CF doubles s[2i], s[2i+1] (adcx x, x =
 * 2x + CF, the top bit going on), OF adds a[i]^2 (mulx) into them. Both chains end
 * with no carry: the result a^2 < 2^(128k). k > 0.
 */
static void sqr_double_diag_adx(uint64_t *s, const uint64_t *a, size_t k)
{
	uint64_t lo, hi, x0, x1, cnt = k;

	__asm__ volatile("xorl %k[x0], %k[x0]\n\t" /* CF = OF = 0 */
			 "1:\n\t"
			 "movq (%[a]), %%rdx\n\t"
			 "mulxq %%rdx, %[lo], %[hi]\n\t"
			 "movq (%[s]), %[x0]\n\t"
			 "movq 8(%[s]), %[x1]\n\t"
			 "adcxq %[x0], %[x0]\n\t"
			 "adcxq %[x1], %[x1]\n\t"
			 "adoxq %[lo], %[x0]\n\t"
			 "adoxq %[hi], %[x1]\n\t"
			 "movq %[x0], (%[s])\n\t"
			 "movq %[x1], 8(%[s])\n\t"
			 "leaq 8(%[a]), %[a]\n\t"
			 "leaq 16(%[s]), %[s]\n\t"
			 "leaq -1(%%rcx), %%rcx\n\t"
			 "jrcxz 2f\n\t"
			 "jmp 1b\n"
			 "2:\n\t"
			 : [s] "+r"(s), [a] "+r"(a), [lo] "=&r"(lo), [hi] "=&r"(hi), [x0] "=&r"(x0),
			   [x1] "=&r"(x1), "+c"(cnt)
			 :
			 : "rdx", "cc", "memory");
}

/* t = a^2 / R mod n: cross products row by row (row i: a[i] a[i+1..k-1] at limb
   2i + 1, its carry is the first write of limb i + k), doubled, squares, redc_adx. */
static void mont_sqr_adx(uint64_t *t, const uint64_t *a, const uint64_t *n, uint64_t n0, size_t k)
{
	uint64_t s[2 * MAXL + 1];

	memset(s, 0, 2 * k * sizeof(s[0]));
	for (size_t i = 0; i + 1 < k; i++)
		s[i + k] = addmul_adx(s + 2 * i + 1, a + i + 1, k - 1 - i, a[i]);
	sqr_double_diag_adx(s, a, k);
	redc_adx(t, s, n, n0, k);
}

static int adx_state = -1; /* -1 not probed, 0 absent, 1 present */

int fc_rsa_fast_present(void)
{
	int st = __atomic_load_n(&adx_state, __ATOMIC_RELAXED);

	if (st < 0) {
		unsigned a, b, c, d;

		/* cpuid leaf 7 subleaf 0: EBX bit 8 = BMI2 (mulx), bit 19 = ADX */
		__asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0u), "c"(0u));
		st = 0;
		if (a >= 7) {
			__asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(7u), "c"(0u));
			st = ((b >> 8) & 1u) && ((b >> 19) & 1u);
		}
		__atomic_store_n(&adx_state, st, __ATOMIC_RELAXED);
	}
	return st;
}
#else
int fc_rsa_fast_present(void)
{
	return 0;
}
#endif

int fc_rsa_fast_active(void)
{
	return !fc_portable_forced() && fc_rsa_fast_present();
}

/* The arithmetic chosen once per operation: fast != 0 only if fc_rsa_fast_active(). */
static void mont_mul(int fast, uint64_t *t, const uint64_t *a, const uint64_t *b,
		     const uint64_t *n, uint64_t n0, size_t k)
{
#if defined(__x86_64__)
	if (fast) {
		mont_mul_adx(t, a, b, n, n0, k);
		return;
	}
#endif
	(void)fast;
	mont_mul_c(t, a, b, n, n0, k);
}

static void mont_sqr(int fast, uint64_t *t, const uint64_t *a, const uint64_t *n, uint64_t n0,
		     size_t k)
{
#if defined(__x86_64__)
	if (fast) {
		mont_sqr_adx(t, a, n, n0, k);
		return;
	}
#endif
	(void)fast;
	mont_sqr_c(t, a, n, n0, k);
}

/* x = 2x mod n, x < n. */
static void mod_double(uint64_t *x, const uint64_t *n, size_t k)
{
	uint64_t top = x[k - 1] >> 63, bw = 0;
	size_t j;
	int ge = 1;

	for (j = k - 1; j > 0; j--)
		x[j] = (x[j] << 1) | (x[j - 1] >> 63);
	x[0] <<= 1;
	if (!top) {
		for (j = k; j-- > 0;) {
			if (x[j] != n[j]) {
				ge = x[j] > n[j];
				break;
			}
		}
	}
	if (!ge)
		return;
	for (j = 0; j < k; j++) {
		u128 d = (u128)x[j] - n[j] - bw;
		x[j] = (uint64_t)d;
		bw = (uint64_t)(d >> 64) & 1u;
	}
}

/* Big-endian bytes (len <= 8k) -> k little-endian limbs. */
static void decode(uint64_t *x, size_t k, const uint8_t *p, size_t len)
{
	size_t i, full = len / 8, rest = len % 8;

	memset(x + full, 0, (k - full) * sizeof(x[0]));
	for (i = 0; i < full; i++)
		x[i] = fc_be64_get(p + len - 8 * (i + 1));
	for (i = 0; i < rest; i++) /* the top rest bytes p[0..rest-1] */
		x[full] |= (uint64_t)p[i] << (8 * (rest - 1 - i));
}

static void encode(uint8_t *p, size_t len, const uint64_t *x)
{
	size_t i, full = len / 8, rest = len % 8;

	for (i = 0; i < full; i++)
		fc_be64_put(p + len - 8 * (i + 1), x[i]);
	for (i = 0; i < rest; i++)
		p[i] = (uint8_t)(x[full] >> (8 * (rest - 1 - i)));
}

static unsigned bitlen8(uint8_t v)
{
	unsigned n = 0;

	while (v) {
		n++;
		v >>= 1;
	}
	return n;
}

/* Strip leading zeros of n and e and check the key's shape; returns bits of n or 0. */
static size_t key_check(const uint8_t **n, size_t *nlen, const uint8_t **e, size_t *elen)
{
	size_t nbits;

	while (*nlen > 0 && (*n)[0] == 0) {
		(*n)++;
		(*nlen)--;
	}
	while (*elen > 0 && (*e)[0] == 0) {
		(*e)++;
		(*elen)--;
	}
	if (*nlen == 0 || *elen == 0 || *elen > FC_RSA_MAX_ELEN)
		return 0;
	nbits = 8 * (*nlen - 1) + bitlen8((*n)[0]);
	if (nbits < FC_RSA_MIN_BITS || nbits > FC_RSA_MAX_BITS || !((*n)[*nlen - 1] & 1u))
		return 0;
	return nbits;
}

int fc_rsa_key_init(struct fc_rsa_key *key, const uint8_t *n, size_t nlen, const uint8_t *e,
		    size_t elen)
{
	/* key is an output parameter, filled below (cppcheck takes key->rr for a read) */
	// cppcheck-suppress ctuuninitvar
	uint64_t acc[MAXL], *rr = key->rr, *nl = key->n, inv, n0;
	size_t k, nbits, i;
	int fast = fc_rsa_fast_active();

	nbits = key_check(&n, &nlen, &e, &elen);
	if (!nbits)
		return -EINVAL;
	k = ((nlen + 7) / 8 + 3) & ~(size_t)3; /* whole groups of 4 limbs (addmul4_adx) */
	key->k = k;
	key->nlen = nlen;
	key->elen = elen;
	memcpy(key->e, e, elen);
	decode(nl, k, n, nlen);

	/* n0 = -n^-1 mod 2^64: Newton's iteration doubles the correct low bits (n*n = 1
	   mod 8 for odd n gives 3 to start with: 3, 6, 12, 24, 48, 96). */
	inv = nl[0];
	for (i = 0; i < 5; i++)
		inv *= 2 - nl[0] * inv;
	n0 = (uint64_t)0 - inv;
	key->n0 = n0;

	/* rr = 2^(64k + 64) mod n = Montgomery form of 2^64 */
	memset(rr, 0, k * sizeof(rr[0]));
	rr[(nbits - 1) / 64] = (uint64_t)1 << ((nbits - 1) % 64);
	for (i = 0; i < 64 * k - nbits + 1 + 64; i++)
		mod_double(rr, nl, k);
	/* acc = (2^64)^k in the Montgomery domain = R * R mod n */
	memcpy(acc, rr, k * sizeof(acc[0]));
	{
		unsigned top = 0;

		while ((k >> (top + 1)) != 0)
			top++;
		for (size_t b = top; b-- > 0;) {
			mont_sqr(fast, acc, acc, nl, n0, k);
			if ((k >> b) & 1u)
				mont_mul(fast, acc, acc, rr, nl, n0, k);
		}
	}
	memcpy(rr, acc, k * sizeof(rr[0])); /* rr = R^2 mod n */
	return 0;
}

/* fc_rsa_key_public, but x >= n gives -ERANGE (a bad signature for the caller). */
static int key_public(const struct fc_rsa_key *key, uint8_t *x, size_t xlen)
{
	uint64_t base[MAXL], acc[MAXL], xr[MAXL];
	const uint64_t *nl = key->n;
	const uint8_t *e = key->e;
	size_t k = key->k, elen = key->elen, ebits, i;
	uint64_t n0 = key->n0;
	int fast = fc_rsa_fast_active();

	if (xlen != key->nlen)
		return -EINVAL;
	decode(base, k, x, xlen);
	/* x < n */
	for (i = k; i-- > 0;) {
		if (base[i] != nl[i]) {
			if (base[i] > nl[i])
				return -ERANGE;
			break;
		}
		if (i == 0)
			return -ERANGE; /* x == n */
	}
	ebits = 8 * (elen - 1) + bitlen8(e[0]);
	if (ebits == 1)
		return 0; /* e = 1: x^1 = x */

	/* xr = x R (Montgomery form of x); base stays x plain for the last step */
	mont_mul(fast, xr, base, key->rr, nl, n0, k);
	memcpy(acc, xr, k * sizeof(acc[0]));
	for (size_t b = ebits - 1; b-- > 1;) {
		mont_sqr(fast, acc, acc, nl, n0, k);
		if ((e[elen - 1 - b / 8] >> (b % 8)) & 1u)
			mont_mul(fast, acc, acc, xr, nl, n0, k);
	}
	/* bit 0 */
	mont_sqr(fast, acc, acc, nl, n0, k);
	if (e[elen - 1] & 1u) {
		mont_mul(fast, acc, acc, base, nl, n0, k); /* x^(e-1) R * x / R = x^e */
	} else {
		memset(base, 0, k * sizeof(base[0]));
		base[0] = 1;
		mont_mul(fast, acc, acc, base, nl, n0, k); /* leave the domain */
	}
	encode(x, xlen, acc);
	return 0;
}

int fc_rsa_key_public(const struct fc_rsa_key *key, uint8_t *x, size_t xlen)
{
	int rc = key_public(key, x, xlen);

	return rc == -ERANGE ? -EINVAL : rc;
}

int fc_rsa_public(uint8_t *x, size_t xlen, const uint8_t *n, size_t nlen, const uint8_t *e,
		  size_t elen)
{
	struct fc_rsa_key key = {0};
	int rc = fc_rsa_key_init(&key, n, nlen, e, elen);

	return rc ? rc : fc_rsa_key_public(&key, x, xlen);
}

uint32_t fc_rsa_br_public(unsigned char *x, size_t xlen, const br_rsa_public_key *pk)
{
	return fc_rsa_public(x, xlen, pk->n, pk->nlen, pk->e, pk->elen) == 0;
}

/* DigestInfo prefixes (RFC 8017 9.2, note 1), by OpenPGP hash id. */
static const uint8_t *digest_info(unsigned hashalgo, size_t *len, size_t *hlen)
{
	static const uint8_t sha1[] = {0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e,
				       0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14};
	static const uint8_t sha224[] = {0x30, 0x2d, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
					 0x65, 0x03, 0x04, 0x02, 0x04, 0x05, 0x00, 0x04, 0x1c};
	static const uint8_t sha256[] = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
					 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
	static const uint8_t sha384[] = {0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
					 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30};
	static const uint8_t sha512[] = {0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
					 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40};

	const uint8_t *di;

	*len = sizeof(sha256);
	switch (hashalgo) {
	case HASHID_SHA1:
		*len = sizeof(sha1);
		di = sha1;
		break;
	case HASHID_SHA256:
		di = sha256;
		break;
	case HASHID_SHA384:
		di = sha384;
		break;
	case HASHID_SHA512:
		di = sha512;
		break;
	case HASHID_SHA224:
		di = sha224;
		break;
	default:
		return NULL;
	}
	*hlen = hashid_digest_len(hashalgo);
	return di;
}

int fc_rsa_key_pkcs1_verify(const struct fc_rsa_key *key, const uint8_t *sig, size_t slen,
			    unsigned hashalgo, const uint8_t *digest, size_t dlen)
{
	uint8_t x[FC_RSA_MAX_BITS / 8], em[FC_RSA_MAX_BITS / 8];
	size_t dilen, hlen, ps, nlen = key->nlen;
	const uint8_t *di = digest_info(hashalgo, &dilen, &hlen);
	int rc;

	if (!di)
		return -EOPNOTSUPP;
	if (dlen != hlen || nlen < 11 + dilen + dlen)
		return -EINVAL;
	while (slen > 0 && sig[0] == 0) {
		sig++;
		slen--;
	}
	if (slen > nlen)
		return -EBADMSG;
	memset(x, 0, nlen - slen);
	memcpy(x + nlen - slen, sig, slen);
	rc = key_public(key, x, nlen);
	if (rc)
		return rc == -ERANGE ? -EBADMSG : rc; /* s >= n is a bad signature */
	/* EM = 00 01 FF..FF 00 DigestInfo digest, compared whole */
	ps = nlen - 3 - dilen - dlen;
	em[0] = 0x00;
	em[1] = 0x01;
	memset(em + 2, 0xff, ps);
	em[2 + ps] = 0x00;
	memcpy(em + 3 + ps, di, dilen);
	memcpy(em + 3 + ps + dilen, digest, dlen);
	return memcmp(x, em, nlen) ? -EBADMSG : 0;
}

int fc_rsa_pkcs1_verify(const uint8_t *sig, size_t slen, const uint8_t *n, size_t nlen,
			const uint8_t *e, size_t elen, unsigned hashalgo, const uint8_t *digest,
			size_t dlen)
{
	struct fc_rsa_key key = {0};
	size_t dilen, hlen;

	if (!digest_info(hashalgo, &dilen, &hlen))
		return -EOPNOTSUPP;
	if (fc_rsa_key_init(&key, n, nlen, e, elen))
		return -EINVAL;
	return fc_rsa_key_pkcs1_verify(&key, sig, slen, hashalgo, digest, dlen);
}

/* ---- the prepared-key cache ---- */

enum { SLOT_FREE, SLOT_FILLING, SLOT_READY };

static struct cache_slot {
	int state; /* SLOT_*, atomic */
	struct fc_rsa_key key;
	uint8_t n[FC_RSA_MAX_BITS / 8]; /* n as given, leading zeros stripped (key.nlen) */
} cache[FC_RSA_CACHE_KEYS];

static int slot_matches(const struct cache_slot *sl, const uint8_t *n, size_t nlen,
			const uint8_t *e, size_t elen)
{
	return sl->key.nlen == nlen && sl->key.elen == elen && !memcmp(sl->n, n, nlen) &&
	       !memcmp(sl->key.e, e, elen);
}

const struct fc_rsa_key *fc_rsa_key_cache_get(const uint8_t *n, size_t nlen, const uint8_t *e,
					      size_t elen, struct fc_rsa_key *spare)
{
	size_t i;

	if (!key_check(&n, &nlen, &e, &elen))
		return NULL;
	for (i = 0; i < FC_RSA_CACHE_KEYS; i++) {
		int st = __atomic_load_n(&cache[i].state, __ATOMIC_ACQUIRE);

		if (st == SLOT_READY && slot_matches(&cache[i], n, nlen, e, elen))
			return &cache[i].key;
		if (st == SLOT_FREE)
			break; /* slots are claimed in order: none further is in use */
	}
	for (; i < FC_RSA_CACHE_KEYS; i++) {
		int expect = SLOT_FREE;

		if (__atomic_compare_exchange_n(&cache[i].state, &expect, SLOT_FILLING, 0,
						__ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
			if (fc_rsa_key_init(&cache[i].key, n, nlen, e, elen)) {
				/* cannot happen after key_check; leave the slot unusable */
				return NULL;
			}
			memcpy(cache[i].n, n, nlen);
			__atomic_store_n(&cache[i].state, SLOT_READY, __ATOMIC_RELEASE);
			return &cache[i].key;
		}
		/* taken meanwhile by another thread: maybe for this very key */
		if (expect == SLOT_READY && slot_matches(&cache[i], n, nlen, e, elen))
			return &cache[i].key;
	}
	return fc_rsa_key_init(spare, n, nlen, e, elen) ? NULL : spare;
}

int fc_rsa_cached_pkcs1_verify(const uint8_t *sig, size_t slen, const uint8_t *n, size_t nlen,
			       const uint8_t *e, size_t elen, unsigned hashalgo,
			       const uint8_t *digest, size_t dlen)
{
	struct fc_rsa_key spare;
	const struct fc_rsa_key *key;
	size_t dilen, hlen;

	if (!digest_info(hashalgo, &dilen, &hlen))
		return -EOPNOTSUPP;
	key = fc_rsa_key_cache_get(n, nlen, e, elen, &spare);
	if (!key)
		return -EINVAL;
	return fc_rsa_key_pkcs1_verify(key, sig, slen, hashalgo, digest, dlen);
}
