/* SPDX-License-Identifier: MIT */
/* keys/hash.c — the OpenPGP hash algorithm ids mapped onto BearSSL hash classes; the
   SHA-2 family runs on keys/crypto-core (SHA extensions when present), MD5/SHA-1 on BearSSL. */
#include "pgp-int.h"

#include "fastcrypto.h"

static const br_hash_class *hash_class(unsigned algo)
{
	switch (algo) {
	case PGP_HASH_MD5:
		return &br_md5_vtable;
	case PGP_HASH_SHA1:
		return &br_sha1_vtable;
	case PGP_HASH_SHA224:
		return &fc_sha224_vtable;
	case PGP_HASH_SHA256:
		return &fc_sha256_vtable;
	case PGP_HASH_SHA384:
		return &fc_sha384_vtable;
	case PGP_HASH_SHA512:
		return &fc_sha512_vtable;
	default:
		return NULL;
	}
}

size_t pgp_hash_size(unsigned algo)
{
	return hash_class(algo) ? hashid_digest_len(algo) : 0;
}

int pgp_hash_is_weak(unsigned algo)
{
	return algo == PGP_HASH_MD5 || algo == PGP_HASH_SHA1 || algo == PGP_HASH_RIPEMD160;
}

int pgp_hash_init(struct pgp_hash *h, unsigned algo)
{
	const br_hash_class *c = hash_class(algo);

	if (!c)
		return -EOPNOTSUPP;
	c->init(&h->ctx.vtable);
	h->algo = algo;
	h->len = pgp_hash_size(algo);
	return 0;
}

void pgp_hash_update(struct pgp_hash *h, const void *p, size_t n)
{
	if (n)
		h->ctx.vtable->update(&h->ctx.vtable, p, n);
}

void pgp_hash_final(struct pgp_hash *h, uint8_t *out)
{
	h->ctx.vtable->out(&h->ctx.vtable, out);
}
