// SPDX-License-Identifier: MIT
/*
 * mkinitrd/listfile.c — one validated header -> one DIGLIM list file.
 *
 *   signed string (magic ‖ ril ‖ rdl ‖ region index ‖ region data)   rh_signed_copy
 *   ‖ signature packets, n bytes: 268, 267, then each 278 entry decoded  rh_sig_next
 *   ‖ module_signature: 00 00 00 00 00 00 00 00 ‖ be32 n              (12 bytes)
 *   ‖ "~Module signature appended~\n"                                   (28 bytes)
 *
 * Only region bytes and signature tags go in; dribbles of an rpmdb header other than
 * the signature tags never reach the file (rpmhdr hands out the region only).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rpmhdr.h"
#include "mk.h"

int mk_list_build(const struct rh_ctx *ctx, uint8_t **out, size_t *out_len,
		  unsigned *nsig, int *why)
{
	struct rh_sig_iter it;
	struct rh_sig_item item;
	size_t cap, len, siglen, got;
	uint8_t *buf;
	int r;

	*out = NULL;
	*out_len = 0;
	*nsig = 0;
	*why = 0;

	/* Room: signed string + every signature's decoded size bound + framing. */
	cap = ctx->signed_len + RH_MODSIG_LEN + RH_MARKER_LEN;
	rh_sig_begin(&it);
	while ((r = rh_sig_next(ctx, &it, &item)) == 1) {
		size_t m = rh_sig_decoded_max(&item);

		if (m > SIZE_MAX - cap)
			return -E2BIG;
		cap += m;
	}
	if (r < 0)
		return r;

	buf = mk_xmalloc(cap);
	r = rh_signed_copy(ctx, buf, cap, &len);
	if (r < 0)
		goto fail;
	siglen = 0;
	rh_sig_begin(&it);
	while ((r = rh_sig_next(ctx, &it, &item)) == 1) {
		r = rh_sig_decode(&item, buf + len + siglen, cap - len - siglen, &got, why);
		if (r < 0)
			goto fail;
		siglen += got;
		(*nsig)++;
	}
	if (r < 0)
		goto fail;
	if (siglen > UINT32_MAX) {
		r = -E2BIG;
		goto fail;
	}
	len += siglen;
	/* struct module_signature: algo, hash, id_type (0: PGP, DESIGN.md section 4),
	 * signer_len, key_id_len, pad[3], be32 sig_len */
	memset(buf + len, 0, 8);
	buf[len + 8] = (uint8_t)(siglen >> 24);
	buf[len + 9] = (uint8_t)(siglen >> 16);
	buf[len + 10] = (uint8_t)(siglen >> 8);
	buf[len + 11] = (uint8_t)siglen;
	len += RH_MODSIG_LEN;
	memcpy(buf + len, RH_MARKER, RH_MARKER_LEN);
	len += RH_MARKER_LEN;
	*out = buf;
	*out_len = len;
	return 0;
fail:
	free(buf);
	return r;
}
