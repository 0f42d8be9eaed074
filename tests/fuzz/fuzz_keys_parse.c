/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz_keys_parse.c — libFuzzer target: pgp_keys_parse (armoured or binary
 * transferable keys, self-signatures, bindings, back-signatures) and, on success, the
 * invariants every record must satisfy.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pgp.h"

#define CAP 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pgp_key keys[CAP];
	static uint8_t scratch[1 << 16];
	struct pgp_err err;
	size_t n = 0, i;
	int rc;

	rc = pgp_keys_parse(data, size, scratch, sizeof(scratch), keys, CAP, &n, &err);
	if (rc) {
		if (n != 0 || !pgp_reason_str(err.reason))
			abort();
		return 0;
	}
	if (n == 0 || n > CAP)
		abort();
	for (i = 0; i < n; i++) {
		const struct pgp_key *k = &keys[i];

		if (k->primary >= n || (k->fpr_len != 20 && k->fpr_len != 32) ||
		    k->mat_len > PGP_MAX_KEYMAT || k->e_len > PGP_MAX_RSA_E)
			abort();
		if ((k->flags & PGP_KF_CAN_SIGN) && !(k->flags & PGP_KF_SUPPORTED))
			abort();
		if (!(k->flags & PGP_KF_SUBKEY) && k->primary != i)
			abort();
		(void)pgp_pkalgo_name(k->algo);
	}
	return 0;
}
