/* SPDX-License-Identifier: MIT */
/* keys/check.c — the signature digest (RFC 9580 5.2.4) and one key's check. */
#include <string.h>

#include "pgp-int.h"

/*
 * digest = H( [v6: salt] ‖ data spans ‖ sig->hashed ‖ trailer )
 * trailer: v3 none (hashed already is type ‖ time); v4: 04 ff be32(hashed_len);
 * v6: 06 ff be32(hashed_len). hashed_len fits 32 bits: it is bounded by a packet
 * length which is itself a 32-bit quantity.
 */
int pgp_sig_check_key(const struct pgp_sig *sig, const struct pgp_span *spans, size_t nspans,
		      const struct pgp_key *key, enum pgp_reason *why)
{
	struct pgp_hash h;
	uint8_t d[PGP_MAX_HASH];
	size_t i;
	int rc;

	*why = PGP_R_HASH_ALGO;
	if (pgp_hash_init(&h, sig->hashalgo))
		return -EOPNOTSUPP;
	if (sig->version == 6) {
		size_t want = h.len == 32   ? 16
			      : h.len == 48 ? 24
			      : h.len == 64 ? 32
			      : h.len == 28 ? 16
					    : 0;
		*why = PGP_R_BAD_SALT;
		if (sig->salt_len != want)
			return -EBADMSG;
		pgp_hash_update(&h, sig->salt, sig->salt_len);
	}
	for (i = 0; i < nspans; i++)
		pgp_hash_update(&h, spans[i].p, spans[i].len);
	pgp_hash_update(&h, sig->hashed, sig->hashed_len);
	if (sig->version != 3) {
		uint8_t t[6];

		t[0] = sig->version;
		t[1] = 0xff;
		t[2] = (uint8_t)(sig->hashed_len >> 24);
		t[3] = (uint8_t)(sig->hashed_len >> 16);
		t[4] = (uint8_t)(sig->hashed_len >> 8);
		t[5] = (uint8_t)sig->hashed_len;
		pgp_hash_update(&h, t, sizeof(t));
	}
	pgp_hash_final(&h, d);
	*why = PGP_R_QUICK_CHECK;
	if (d[0] != sig->quick[0] || d[1] != sig->quick[1])
		return -EBADMSG;
	rc = pgp_crypto_verify(key, sig->hashalgo, d, h.len, sig);
	*why = rc == -EOPNOTSUPP ? PGP_R_PK_ALGO : rc ? PGP_R_CRYPTO : PGP_R_NONE;
	return rc;
}
