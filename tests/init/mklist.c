// SPDX-License-Identifier: MIT
/*
 * tests/init/mklist.c — test helper: cut a DIGLIM list file (DESIGN.md section 4) out
 * of an RPM package file with rpmhdr, until the generator (mkinitrd) can be used:
 *   mklist PACKAGE.rpm OUT
 * OUT = signed string ‖ signature packets (268, 267, each decoded 278 entry, in that
 * order) ‖ module_signature ‖ marker. A package without signatures gives a list with
 * sig_len 0 (which the shim must reject).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rpmhdr.h"

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		p = malloc((size_t)n + 1);
		if (p && fread(p, 1, (size_t)n, f) == (size_t)n) {
			*len = (size_t)n;
		} else {
			free(p);
			p = NULL;
		}
	}
	fclose(f);
	return p;
}

int main(int argc, char **argv)
{
	struct rh_ctx ctx;
	struct rh_sig_iter it;
	struct rh_sig_item item;
	uint8_t *in, *sigs, *signed_buf, modsig[RH_MODSIG_LEN] = {0};
	size_t len, siglen = 0, slen, n;
	FILE *out;
	int rc, err;

	if (argc != 3) {
		fprintf(stderr, "usage: mklist PACKAGE.rpm OUT\n");
		return 2;
	}
	in = slurp(argv[1], &len);
	if (!in) {
		perror(argv[1]);
		return 1;
	}
	if (rh_parse_package(&ctx, in, len) != 0) {
		fprintf(stderr, "%s: %s at %zu\n", argv[1], rh_strerror(ctx.err), ctx.off);
		return 1;
	}
	signed_buf = malloc(ctx.signed_len);
	sigs = malloc(len);
	if (!signed_buf || !sigs || rh_signed_copy(&ctx, signed_buf, ctx.signed_len, &slen))
		return 1;
	rh_sig_begin(&it);
	while ((rc = rh_sig_next(&ctx, &it, &item)) == 1) {
		if (rh_sig_decode(&item, sigs + siglen, len - siglen, &n, &err) != 0) {
			fprintf(stderr, "%s: cannot decode signature of tag %u\n", argv[1],
				item.tag);
			return 1;
		}
		siglen += n;
	}
	modsig[8] = (uint8_t)(siglen >> 24);
	modsig[9] = (uint8_t)(siglen >> 16);
	modsig[10] = (uint8_t)(siglen >> 8);
	modsig[11] = (uint8_t)siglen;
	out = fopen(argv[2], "wb");
	if (!out || fwrite(signed_buf, 1, slen, out) != slen ||
	    fwrite(sigs, 1, siglen, out) != siglen ||
	    fwrite(modsig, 1, sizeof(modsig), out) != sizeof(modsig) ||
	    fwrite(RH_MARKER, 1, RH_MARKER_LEN, out) != RH_MARKER_LEN || fclose(out) != 0) {
		perror(argv[2]);
		return 1;
	}
	return 0;
}
