/* SPDX-License-Identifier: MIT */
/*
 * rpmhdr/rh-int.h — internal helpers shared by the rpmhdr/ sources. Not installed,
 * not for users (they include rpmhdr.h only).
 */
#ifndef DIGINIT_RH_INT_H
#define DIGINIT_RH_INT_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include "rpmhdr.h"

static inline uint32_t rh_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline uint16_t rh_be16(const uint8_t *p)
{
	return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

static inline uint64_t rh_be64(const uint8_t *p)
{
	return (uint64_t)rh_be32(p) << 32 | rh_be32(p + 4);
}

static inline void rh_put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Record why and where parsing failed; returns -EINVAL for "return rh_fail(...)". */
static inline int rh_fail(struct rh_ctx *ctx, int err, size_t off)
{
	ctx->err = err;
	ctx->off = off;
	return -EINVAL;
}

extern const uint8_t rh_header_magic[RH_MAGIC_LEN];

/* Element size of a type (0 for NULL and the string types), and its alignment. */
unsigned rh_type_size(uint32_t type);

/*
 * rh_tagtype_check — rpm's hdrchkTagType: 0 if the (tag, type) pair is acceptable in a
 * main header: tag unknown to rpm's tag table, type equal to the table's, or both of
 * string class (STRING, STRING_ARRAY, I18NSTRING). 1 otherwise. (tagtypes.c)
 */
int rh_tagtype_check(uint32_t tag, uint32_t type);

/*
 * Check one header blob at in[base..base+avail) (base = its offset in ctx->in, for error
 * offsets). region_tag: 62 or 63. is_sig selects the signature-header limits and turns
 * off type checking; exact forbids entries/data outside the region. On success fills
 * *h (blob_len tells how many bytes it used; the caller checks what follows).
 */
int rh_hdr_check(struct rh_ctx *ctx, struct rh_hdr *h, size_t base, size_t avail,
		 uint32_t region_tag, int is_sig, int exact);

/* Find tag among entries [from, to) of h; 0 and *out, or -ENOENT. No validation:
 * only for a header that rh_hdr_check accepted. */
int rh_hdr_find(const struct rh_hdr *h, uint32_t from, uint32_t to, uint32_t tag,
		struct rh_tag *out);

/* Types of the signature tags where this shape keeps them (sigs.c). */
int rh_sigs_check(struct rh_ctx *ctx);

/* Step over count NUL-terminated strings from data[pos], never reading data[lim] or
 * beyond (pos <= lim): 0 and *end = the position after the last NUL, or -1 if
 * data[pos..lim) holds fewer than count NULs. */
int rh_skip_strings(const uint8_t *data, size_t pos, size_t lim, uint32_t count, size_t *end);

/* Are s[0..n) all lower-case hex digits? */
int rh_hex_ok(const uint8_t *s, size_t n);
/* out[0..n/2) = the value of the n lower-case hex digits at hex (rh_hex_ok). */
void rh_hex_decode(uint8_t *out, const char *hex, size_t n);

/* Validate the main header's file table (files.c); sets ctx->nfiles, digest_algo. */
int rh_files_check(struct rh_ctx *ctx);

/* The context was filled by a successful parse. */
static inline int rh_ctx_ok(const struct rh_ctx *ctx)
{
	return ctx != NULL && ctx->shape != RH_SHAPE_NONE && ctx->err == RH_OK;
}

#endif /* DIGINIT_RH_INT_H */
