/* SPDX-License-Identifier: MIT */
/* keys/crypto-core/fc-int.h — helpers shared by the keys/crypto-core sources. */
#ifndef DIGINIT_FC_INT_H
#define DIGINIT_FC_INT_H

#include <stdint.h>
#include <string.h>

/* 1 after fc_force_portable(1) (sha256.c): RSA and SHA use their portable code. */
int fc_portable_forced(void);

static inline void fc_be32_put(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline void fc_be64_put(uint8_t *p, uint64_t v)
{
	fc_be32_put(p, (uint32_t)(v >> 32));
	fc_be32_put(p + 4, (uint32_t)v);
}

static inline uint64_t fc_be64_get(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

#endif
