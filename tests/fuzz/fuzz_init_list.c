// SPDX-License-Identifier: MIT
/*
 * tests/fuzz/fuzz_init_list.c — libFuzzer target init_list: the shim's whole
 * per-list path, dg_list_check_build (rh_parse_list, pgp_blob_verify against the
 * keyring-keystest keyring, plan, build), on one list file. Checks that the builder
 * writes exactly compact_len bytes, that the block headers it wrote are consistent,
 * and that a rejected list always carries a reason.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diglist.h"

static uint8_t out[1u << 20];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dg_outcome l;
	size_t len = 0, off = 0, total = 0;
	int rc;

	rc = dg_list_check_build(data, size, &pgp_trusted_keyring, out, sizeof(out), &len, &l);
	if (rc != 0) {
		if (l.err == DG_OK)
			abort();
		return 0;
	}
	if (len != l.compact_len || l.nimmutable > l.ndigests)
		abort();
	/* walk the blocks: headers consistent, digests add up */
	while (off < len) {
		uint32_t count, dlen;

		if (len - off < DG_BLOCK_HDR_LEN || out[off] != 1 || out[off + 2] != 1)
			abort();
		memcpy(&count, out + off + 8, 4);
		memcpy(&dlen, out + off + 12, 4);
		if (count == 0 || dlen != count * l.digest_len || dlen > len - off - 16)
			abort();
		total += count;
		off += DG_BLOCK_HDR_LEN + dlen;
	}
	if (total != l.ndigests)
		abort();
	return 0;
}
