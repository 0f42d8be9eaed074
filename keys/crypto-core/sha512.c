/* SPDX-License-Identifier: MIT */
/*
 * keys/crypto-core/sha512.c — SHA-384/512 (FIPS 180-4) on BearSSL's br_sha384_context.
 *
 * x86-64 has no SHA-512 instructions before the 2024 cores, so this is a portable
 * 64-bit compression function written for speed: the 80-word schedule is computed in a
 * rolling 16-word window, rounds are unrolled by 8 so that the working variables rotate
 * by renaming instead of moving. Context invariants as BearSSL's: buf holds the
 * count % 128 pending bytes, count the total bytes (the 128-bit length of the padding
 * is count * 8, whose high word is count >> 61), val the state.
 */
#include <string.h>

#include "fastcrypto.h"
#include "fc-int.h"

static const uint64_t K512[80] = {
	0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL, 0xe9b5dba58189dbbcULL,
	0x3956c25bf348b538ULL, 0x59f111f1b605d019ULL, 0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL,
	0xd807aa98a3030242ULL, 0x12835b0145706fbeULL, 0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL,
	0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL, 0xc19bf174cf692694ULL,
	0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL, 0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL,
	0x2de92c6f592b0275ULL, 0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL,
	0x983e5152ee66dfabULL, 0xa831c66d2db43210ULL, 0xb00327c898fb213fULL, 0xbf597fc7beef0ee4ULL,
	0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL, 0x06ca6351e003826fULL, 0x142929670a0e6e70ULL,
	0x27b70a8546d22ffcULL, 0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL, 0x53380d139d95b3dfULL,
	0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL, 0x92722c851482353bULL,
	0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL, 0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL,
	0xd192e819d6ef5218ULL, 0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL,
	0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL, 0x2748774cdf8eeb99ULL, 0x34b0bcb5e19b48a8ULL,
	0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL, 0x5b9cca4f7763e373ULL, 0x682e6ff3d6b2b8a3ULL,
	0x748f82ee5defb2fcULL, 0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
	0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL, 0xc67178f2e372532bULL,
	0xca273eceea26619cULL, 0xd186b8c721c0c207ULL, 0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL,
	0x06f067aa72176fbaULL, 0x0a637dc5a2c898a6ULL, 0x113f9804bef90daeULL, 0x1b710b35131c471bULL,
	0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL, 0x431d67c49c100d4cULL,
	0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL, 0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL,
};

#define ROR(x, n)    (((x) >> (n)) | ((x) << (64 - (n))))
#define S0(x)	     (ROR(x, 28) ^ ROR(x, 34) ^ ROR(x, 39))
#define S1(x)	     (ROR(x, 14) ^ ROR(x, 18) ^ ROR(x, 41))
#define s0(x)	     (ROR(x, 1) ^ ROR(x, 8) ^ ((x) >> 7))
#define s1(x)	     (ROR(x, 19) ^ ROR(x, 61) ^ ((x) >> 6))
#define CH(x, y, z)  ((z) ^ ((x) & ((y) ^ (z))))
#define MAJ(x, y, z) (((x) & (y)) | ((z) & ((x) | (y))))

/* W[i & 15] for round i >= 16: the window holds W[i-16..i-1]. */
#define WNEXT(i) (w[(i)&15] += s1(w[((i)-2) & 15]) + w[((i)-7) & 15] + s0(w[((i)-15) & 15]))

#define ROUND(a, b, c, d, e, f, g, h, i, wi)                               \
	do {                                                               \
		uint64_t t1_ = (h) + S1(e) + CH(e, f, g) + K512[i] + (wi); \
		(d) += t1_;                                                \
		(h) = t1_ + S0(a) + MAJ(a, b, c);                          \
	} while (0)

#define ROUND8(i, W)                                                \
	do {                                                        \
		ROUND(a, b, c, d, e, f, g, h, (i) + 0, W((i) + 0)); \
		ROUND(h, a, b, c, d, e, f, g, (i) + 1, W((i) + 1)); \
		ROUND(g, h, a, b, c, d, e, f, (i) + 2, W((i) + 2)); \
		ROUND(f, g, h, a, b, c, d, e, (i) + 3, W((i) + 3)); \
		ROUND(e, f, g, h, a, b, c, d, (i) + 4, W((i) + 4)); \
		ROUND(d, e, f, g, h, a, b, c, (i) + 5, W((i) + 5)); \
		ROUND(c, d, e, f, g, h, a, b, (i) + 6, W((i) + 6)); \
		ROUND(b, c, d, e, f, g, h, a, (i) + 7, W((i) + 7)); \
	} while (0)

#define WLOAD(i) (w[i] = fc_be64_get(p + 8 * (i)))

static void sha512_blocks(uint64_t val[8], const uint8_t *p, size_t nblocks)
{
	uint64_t w[16];

	while (nblocks--) {
		uint64_t a = val[0], b = val[1], c = val[2], d = val[3];
		uint64_t e = val[4], f = val[5], g = val[6], h = val[7];

		ROUND8(0, WLOAD);
		ROUND8(8, WLOAD);
		for (unsigned i = 16; i < 80; i += 16) {
			ROUND8(i, WNEXT);
			ROUND8(i + 8, WNEXT);
		}
		val[0] += a;
		val[1] += b;
		val[2] += c;
		val[3] += d;
		val[4] += e;
		val[5] += f;
		val[6] += g;
		val[7] += h;
		p += 128;
	}
}

void fc_sha512_init(br_sha512_context *cc)
{
	br_sha512_init(cc);
	cc->vtable = &fc_sha512_vtable;
}

void fc_sha384_init(br_sha384_context *cc)
{
	br_sha384_init(cc);
	cc->vtable = &fc_sha384_vtable;
}

void fc_sha512_update(br_sha512_context *cc, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t have = (size_t)(cc->count & 127u), take;

	cc->count += len;
	if (have) {
		take = 128 - have;
		if (take > len)
			take = len;
		memcpy(cc->buf + have, p, take);
		p += take;
		len -= take;
		if (have + take < 128)
			return;
		sha512_blocks(cc->val, cc->buf, 1);
	}
	if (len >= 128) {
		sha512_blocks(cc->val, p, len / 128);
		p += len & ~(size_t)127;
		len &= 127;
	}
	if (len)
		memcpy(cc->buf, p, len);
}

static void sha512_final(const br_sha512_context *cc, uint8_t *out, size_t outlen)
{
	uint8_t blk[256];
	uint64_t val[8];
	size_t have = (size_t)(cc->count & 127u), nb;

	memcpy(val, cc->val, sizeof(val));
	memcpy(blk, cc->buf, have);
	blk[have] = 0x80;
	nb = have < 112 ? 1 : 2;
	memset(blk + have + 1, 0, nb * 128 - 16 - have - 1);
	fc_be64_put(blk + nb * 128 - 16, cc->count >> 61);
	fc_be64_put(blk + nb * 128 - 8, cc->count << 3);
	sha512_blocks(val, blk, nb);
	for (size_t i = 0; i < outlen / 8; i++)
		fc_be64_put(out + 8 * i, val[i]);
}

void fc_sha512_out(const br_sha512_context *cc, void *out)
{
	sha512_final(cc, out, 64);
}

void fc_sha384_out(const br_sha384_context *cc, void *out)
{
	sha512_final(cc, out, 48);
}

void fc_sha512(const void *data, size_t len, uint8_t out[64])
{
	br_sha512_context c;

	fc_sha512_init(&c);
	fc_sha512_update(&c, data, len);
	fc_sha512_out(&c, out);
}

/* ---- br_hash_class wrappers ---- */

static void vt_init512(const br_hash_class **ctx)
{
	fc_sha512_init((br_sha512_context *)(void *)ctx);
}
static void vt_init384(const br_hash_class **ctx)
{
	fc_sha384_init((br_sha384_context *)(void *)ctx);
}
static void vt_update(const br_hash_class **ctx, const void *data, size_t len)
{
	fc_sha512_update((br_sha512_context *)(void *)ctx, data, len);
}
static void vt_out512(const br_hash_class *const *ctx, void *out)
{
	fc_sha512_out((const br_sha512_context *)(const void *)ctx, out);
}
static void vt_out384(const br_hash_class *const *ctx, void *out)
{
	fc_sha384_out((const br_sha384_context *)(const void *)ctx, out);
}
static uint64_t vt_state(const br_hash_class *const *ctx, void *out)
{
	return br_sha384_state((const br_sha384_context *)(const void *)ctx, out);
}
static void vt_set_state(const br_hash_class **ctx, const void *stb, uint64_t count)
{
	br_sha384_set_state((br_sha384_context *)(void *)ctx, stb, count);
}

const br_hash_class fc_sha512_vtable = {
	sizeof(br_sha512_context),
	BR_HASHDESC_ID(br_sha512_ID) | BR_HASHDESC_OUT(64) | BR_HASHDESC_STATE(64) |
		BR_HASHDESC_LBLEN(7) | BR_HASHDESC_MD_PADDING | BR_HASHDESC_MD_PADDING_BE |
		BR_HASHDESC_MD_PADDING_128,
	vt_init512,
	vt_update,
	vt_out512,
	vt_state,
	vt_set_state,
};

const br_hash_class fc_sha384_vtable = {
	sizeof(br_sha384_context),
	BR_HASHDESC_ID(br_sha384_ID) | BR_HASHDESC_OUT(48) | BR_HASHDESC_STATE(64) |
		BR_HASHDESC_LBLEN(7) | BR_HASHDESC_MD_PADDING | BR_HASHDESC_MD_PADDING_BE |
		BR_HASHDESC_MD_PADDING_128,
	vt_init384,
	vt_update,
	vt_out384,
	vt_state,
	vt_set_state,
};
