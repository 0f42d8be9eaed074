/* SPDX-License-Identifier: MIT */
/*
 * tests/keys/test-rpmdb.c — every header of an rpmdb verifies with the distribution key
 * (MANIFEST: cbl-mariner-2.0, RSAHEADER dribble, V4 RSA/SHA256 by MICROSOFT-RPM-GPG-KEY).
 * Reads one hex-encoded rpmdb blob per line on stdin (sqlite3 "select hex(blob) ...").
 * Usage: test-rpmdb KEYFILE FPR_PREFIX < blobs.hex
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgp.h"
#include "pkgsig.h"
#include "rpmhdr.h"

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int main(int argc, char **argv)
{
	static struct pgp_key keys[16];
	static char line[1 << 24];
	static uint8_t blob[1 << 23], sigs[1 << 16];
	size_t klen, nk = 0, ntest = 0, nfail = 0;
	uint8_t *kin, *scr;
	struct pgp_keyring kr;

	if (argc != 3)
		return 2;
	kin = read_whole(argv[1], &klen);
	scr = malloc(klen + 1);
	if (!kin || !scr || pgp_keys_parse(kin, klen, scr, klen + 1, keys, 16, &nk, NULL)) {
		printf("not ok 1 - key %s\n1..1\n", argv[1]);
		return 1;
	}
	kr.keys = keys;
	kr.n = nk;
	while (fgets(line, sizeof(line), stdin)) {
		size_t n = 0, i, slen = 0, nres = 0;
		struct rh_ctx ctx;
		struct rh_sig_iter it;
		struct rh_sig_item item;
		const struct rh_span *sp;
		size_t nsp;
		struct pgp_span spans[RH_MAX_SPANS];
		struct pgp_sig_result res[4];
		struct rh_nevra nv;
		char fpr[2 * PGP_MAX_FPR + 1] = "";
		enum pgp_verdict v;
		int good;

		for (i = 0; hexval(line[i]) >= 0 && hexval(line[i + 1]) >= 0 && n < sizeof(blob);
		     i += 2)
			blob[n++] = (uint8_t)(hexval(line[i]) << 4 | hexval(line[i + 1]));
		ntest++;
		if (rh_parse_dbblob(&ctx, blob, n) || rh_signed_spans(&ctx, &sp, &nsp) ||
		    rh_nevra(&ctx, &nv)) {
			printf("not ok %zu - rpmdb blob %zu: parse (%s)\n", ntest, ntest,
			       rh_strerror(ctx.err));
			nfail++;
			continue;
		}
		for (i = 0; i < nsp; i++) {
			spans[i].p = sp[i].p;
			spans[i].len = sp[i].len;
		}
		rh_sig_begin(&it);
		while (rh_sig_next(&ctx, &it, &item) == 1) {
			size_t got = 0;

			if (rh_sig_decode(&item, sigs + slen, sizeof(sigs) - slen, &got, NULL))
				break;
			slen += got;
		}
		v = pgp_blob_verify(sigs, slen, spans, nsp, &kr, NULL, res, 4, &nres, NULL);
		if (nres && res[0].key)
			pgp_hex(res[0].key->fpr, res[0].key->fpr_len, fpr);
		good = v == PGP_AUTHENTIC && nres == 1 && res[0].version == 4 &&
		       res[0].pkalgo == PGP_PK_RSA && res[0].hashalgo == PGP_HASH_SHA256 &&
		       !strncmp(fpr, argv[2], strlen(argv[2]));
		nfail += !good;
		printf("%sok %zu - rpmdb %s-%s-%s.%s: v%u %s/%s %s key %.16s\n", good ? "" : "not ",
		       ntest, nv.name, nv.version, nv.release, nv.arch, nres ? res[0].version : 0,
		       pgp_pkalgo_name(nres ? res[0].pkalgo : 0),
		       pgp_hashalgo_name(nres ? res[0].hashalgo : 0),
		       nres ? pgp_strerror(res[0].status) : "no signature", fpr);
	}
	printf("1..%zu\n", ntest);
	free(kin);
	free(scr);
	return nfail != 0 || ntest == 0;
}
