/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz_keys_verify.c — libFuzzer target: pgp_blob_verify (packet framing,
 * v3/v4/v6 signature parsing, key lookup, hashing, RSA/ECDSA/Ed25519 checks) against the
 * keyring generated from the test keys ($(B)/gen/keyring-keystest.c).
 * Input: be16 n ‖ n bytes of signed data ‖ signature blob. The seeds are real packages'
 * headers and signatures, so the fuzzer starts from signatures that verify.
 */
#include <stdint.h>
#include <stdlib.h>

#include "pgp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pgp_sig_result res[4];
	struct pgp_span span[2];
	struct pgp_err err;
	size_t n, nres = 0, i;
	enum pgp_verdict v;

	if (size < 2)
		return 0;
	n = (size_t)data[0] << 8 | data[1];
	if (n > size - 2)
		return 0;
	/* the signed range in two spans, as a header comes (prefix, rest) */
	span[0].p = data + 2;
	span[0].len = n / 2;
	span[1].p = data + 2 + n / 2;
	span[1].len = n - n / 2;
	v = pgp_blob_verify(data + 2 + n, size - 2 - n, span, 2, &pgp_trusted_keyring, NULL, res, 4,
			    &nres, &err);
	if (nres > 4 || (unsigned)v > PGP_MALFORMED_BLOB)
		abort();
	for (i = 0; i < nres; i++) {
		if ((unsigned)res[i].status >= PGP_ST__COUNT)
			abort();
		if (res[i].status == PGP_ST_OK &&
		    (!res[i].key || !(res[i].key->flags & PGP_KF_CAN_SIGN)))
			abort();
		(void)pgp_strerror(res[i].status);
	}
	if (v == PGP_AUTHENTIC) {
		for (i = 0; i < nres; i++)
			if (res[i].status == PGP_ST_OK)
				break;
		if (i == nres && nres == 4)
			return 0; /* the OK one may be beyond the result array */
		if (i == nres)
			abort();
	}
	return 0;
}
