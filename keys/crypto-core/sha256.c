/* SPDX-License-Identifier: MIT */
/*
 * keys/crypto-core/sha256.c — SHA-224/256 (FIPS 180-4) on BearSSL's context, using the x86-64
 * SHA extensions when the CPU has them, BearSSL's own code otherwise.
 *
 * Context fields (BearSSL's br_sha224_context): buf[64] holds the count % 64 pending
 * bytes, count the total bytes hashed so far, val[8] the chaining state H0..H7. Both
 * code paths keep exactly these invariants, so they may be mixed on one context.
 */
#include <string.h>

#include "fastcrypto.h"
#include "fc-int.h"

#if defined(__x86_64__)
#include <immintrin.h>

static const uint32_t K256[64] __attribute__((aligned(16))) = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

/*
 * Four rounds: msg holds W[t..t+3]; sha256rnds2 does two rounds with the low 64 bits
 * of its third operand, the state kept as ABEF (st0) and CDGH (st1).
 */
#define RND4(msg, t)                                                                           \
	do {                                                                                   \
		__m128i wk_ = _mm_add_epi32((msg), _mm_load_si128((const __m128i *)&K256[t])); \
		st1 = _mm_sha256rnds2_epu32(st1, st0, wk_);                                    \
		wk_ = _mm_shuffle_epi32(wk_, 0x0E);                                            \
		st0 = _mm_sha256rnds2_epu32(st0, st1, wk_);                                    \
	} while (0)

/*
 * Message schedule for W[t..t+3] with m0 = W[t-16..t-13], m1 = W[t-12..t-9],
 * m2 = W[t-8..t-5], m3 = W[t-4..t-1]:
 *   msg1(m0, m1) = W[t-16+i] + s0(W[t-15+i]);  + alignr(m3, m2, 4) = W[t-7+i];
 *   msg2(., m3) adds s1(W[t-2+i]) (using the lanes it has just produced for i >= 2).
 */
#define SCHED(m0, m1, m2, m3)                                                                    \
	(m0) = _mm_sha256msg2_epu32(                                                             \
		_mm_add_epi32(_mm_sha256msg1_epu32((m0), (m1)), _mm_alignr_epi8((m3), (m2), 4)), \
		(m3))

__attribute__((target("sha,sse4.1,ssse3"))) static void
sha256_blocks_ni(uint32_t val[8], const uint8_t *p, size_t nblocks)
{
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
	__m128i st0, st1, tmp, m0, m1, m2, m3, save0, save1;

	/* val = A B C D | E F G H  ->  st0 = ABEF, st1 = CDGH (lane 3 first) */
	tmp = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&val[0]), 0xB1);
	st1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&val[4]), 0x1B);
	st0 = _mm_alignr_epi8(tmp, st1, 8);
	st1 = _mm_blend_epi16(st1, tmp, 0xF0);

	while (nblocks--) {
		save0 = st0;
		save1 = st1;
		m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 0)), bswap);
		m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16)), bswap);
		m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 32)), bswap);
		m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 48)), bswap);
		RND4(m0, 0);
		RND4(m1, 4);
		RND4(m2, 8);
		RND4(m3, 12);
		SCHED(m0, m1, m2, m3);
		RND4(m0, 16);
		SCHED(m1, m2, m3, m0);
		RND4(m1, 20);
		SCHED(m2, m3, m0, m1);
		RND4(m2, 24);
		SCHED(m3, m0, m1, m2);
		RND4(m3, 28);
		SCHED(m0, m1, m2, m3);
		RND4(m0, 32);
		SCHED(m1, m2, m3, m0);
		RND4(m1, 36);
		SCHED(m2, m3, m0, m1);
		RND4(m2, 40);
		SCHED(m3, m0, m1, m2);
		RND4(m3, 44);
		SCHED(m0, m1, m2, m3);
		RND4(m0, 48);
		SCHED(m1, m2, m3, m0);
		RND4(m1, 52);
		SCHED(m2, m3, m0, m1);
		RND4(m2, 56);
		SCHED(m3, m0, m1, m2);
		RND4(m3, 60);
		st0 = _mm_add_epi32(st0, save0);
		st1 = _mm_add_epi32(st1, save1);
		p += 64;
	}

	/* back: ABEF, CDGH -> A B C D | E F G H */
	tmp = _mm_shuffle_epi32(st0, 0x1B);
	st1 = _mm_shuffle_epi32(st1, 0xB1);
	st0 = _mm_blend_epi16(tmp, st1, 0xF0);
	st1 = _mm_alignr_epi8(st1, tmp, 8);
	_mm_storeu_si128((__m128i *)&val[0], st0);
	_mm_storeu_si128((__m128i *)&val[4], st1);
}

static int ni_state = -1; /* -1 not probed, 0 absent, 1 present */
static int forced_portable;

int fc_sha_ni_present(void)
{
	int st = __atomic_load_n(&ni_state, __ATOMIC_RELAXED);

	if (st < 0) {
		unsigned a, b, c, d;

		/* cpuid leaf 7 subleaf 0: EBX bit 29 = SHA; leaf 1: ECX bits 19 (SSE4.1),
		   9 (SSSE3) */
		__asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0u), "c"(0u));
		int ok = 0;
		if (a >= 7) {
			__asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(7u), "c"(0u));
			unsigned sha = (b >> 29) & 1u;
			__asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1u), "c"(0u));
			ok = sha && ((c >> 19) & 1u) && ((c >> 9) & 1u);
		}
		st = ok;
		__atomic_store_n(&ni_state, st, __ATOMIC_RELAXED);
	}
	return st;
}

void fc_force_portable(int on)
{
	__atomic_store_n(&forced_portable, on != 0, __ATOMIC_RELAXED);
}

int fc_portable_forced(void)
{
	return __atomic_load_n(&forced_portable, __ATOMIC_RELAXED);
}

int fc_sha_ni_active(void)
{
	return !fc_portable_forced() && fc_sha_ni_present();
}

#else /* not x86-64: BearSSL only */

int fc_sha_ni_present(void)
{
	return 0;
}
void fc_force_portable(int on)
{
	(void)on;
}
int fc_portable_forced(void)
{
	return 0;
}
int fc_sha_ni_active(void)
{
	return 0;
}
static void sha256_blocks_ni(uint32_t val[8], const uint8_t *p, size_t nblocks)
{
	(void)val, (void)p, (void)nblocks;
}
#endif

void fc_sha256_init(br_sha256_context *cc)
{
	br_sha256_init(cc);
	cc->vtable = &fc_sha256_vtable;
}

void fc_sha224_init(br_sha224_context *cc)
{
	br_sha224_init(cc);
	cc->vtable = &fc_sha224_vtable;
}

void fc_sha256_update(br_sha256_context *cc, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t have, take;

	if (!fc_sha_ni_active()) {
		if (len)
			br_sha256_update(cc, data, len);
		return;
	}
	have = (size_t)(cc->count & 63u);
	cc->count += len;
	if (have) {
		take = 64 - have;
		if (take > len)
			take = len;
		memcpy(cc->buf + have, p, take);
		p += take;
		len -= take;
		if (have + take < 64)
			return;
		sha256_blocks_ni(cc->val, cc->buf, 1);
	}
	if (len >= 64) {
		sha256_blocks_ni(cc->val, p, len / 64);
		p += len & ~(size_t)63;
		len &= 63;
	}
	if (len)
		memcpy(cc->buf, p, len);
}

/* Merkle-Damgard padding on a copy: 0x80, zeros, 64-bit big-endian bit count. */
static void sha256_final(const br_sha256_context *cc, uint8_t *out, size_t outlen)
{
	uint8_t blk[128];
	uint32_t val[8];
	size_t have = (size_t)(cc->count & 63u), nb;
	uint64_t bits = cc->count << 3;

	if (!fc_sha_ni_active()) {
		uint8_t full[32];

		br_sha256_context c = *cc;
		/* BearSSL's out for 256 and 224 differ only in the size written. */
		br_sha256_out(&c, full);
		memcpy(out, full, outlen);
		return;
	}
	memcpy(val, cc->val, sizeof(val));
	memcpy(blk, cc->buf, have);
	blk[have] = 0x80;
	nb = have < 56 ? 1 : 2;
	memset(blk + have + 1, 0, nb * 64 - 8 - have - 1);
	fc_be64_put(blk + nb * 64 - 8, bits);
	sha256_blocks_ni(val, blk, nb);
	for (size_t i = 0; i < outlen / 4; i++)
		fc_be32_put(out + 4 * i, val[i]);
}

void fc_sha256_out(const br_sha256_context *cc, void *out)
{
	sha256_final(cc, out, 32);
}

void fc_sha224_out(const br_sha224_context *cc, void *out)
{
	sha256_final(cc, out, 28);
}

void fc_sha256(const void *data, size_t len, uint8_t out[32])
{
	br_sha256_context c;

	fc_sha256_init(&c);
	fc_sha256_update(&c, data, len);
	fc_sha256_out(&c, out);
}

/* ---- br_hash_class wrappers ---- */

static void vt_init256(const br_hash_class **ctx)
{
	fc_sha256_init((br_sha256_context *)(void *)ctx);
}
static void vt_init224(const br_hash_class **ctx)
{
	fc_sha224_init((br_sha224_context *)(void *)ctx);
}
static void vt_update(const br_hash_class **ctx, const void *data, size_t len)
{
	fc_sha256_update((br_sha256_context *)(void *)ctx, data, len);
}
static void vt_out256(const br_hash_class *const *ctx, void *out)
{
	fc_sha256_out((const br_sha256_context *)(const void *)ctx, out);
}
static void vt_out224(const br_hash_class *const *ctx, void *out)
{
	fc_sha224_out((const br_sha224_context *)(const void *)ctx, out);
}
static uint64_t vt_state(const br_hash_class *const *ctx, void *out)
{
	return br_sha224_state((const br_sha224_context *)(const void *)ctx, out);
}
static void vt_set_state(const br_hash_class **ctx, const void *stb, uint64_t count)
{
	br_sha224_set_state((br_sha224_context *)(void *)ctx, stb, count);
}

const br_hash_class fc_sha256_vtable = {
	sizeof(br_sha256_context),
	BR_HASHDESC_ID(br_sha256_ID) | BR_HASHDESC_OUT(32) | BR_HASHDESC_STATE(32) |
		BR_HASHDESC_LBLEN(6) | BR_HASHDESC_MD_PADDING | BR_HASHDESC_MD_PADDING_BE,
	vt_init256,
	vt_update,
	vt_out256,
	vt_state,
	vt_set_state,
};

const br_hash_class fc_sha224_vtable = {
	sizeof(br_sha224_context),
	BR_HASHDESC_ID(br_sha224_ID) | BR_HASHDESC_OUT(28) | BR_HASHDESC_STATE(32) |
		BR_HASHDESC_LBLEN(6) | BR_HASHDESC_MD_PADDING | BR_HASHDESC_MD_PADDING_BE,
	vt_init224,
	vt_update,
	vt_out224,
	vt_state,
	vt_set_state,
};
