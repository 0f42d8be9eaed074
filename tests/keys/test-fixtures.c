/* SPDX-License-Identifier: MIT */
/*
 * tests/keys/test-fixtures.c — the lead's signed fixtures ($(B)/testdata, see
 * tests/fixtures/): every package verifies with all four fixture keys trusted, by the key
 * and tag that `expect` names, and with only the other keys it is not signed by a
 * trusted key (NOKEY), never BAD.
 * Usage: test-fixtures FIXTURE_DIR   (reads FIXTURE_DIR/expect: "RPM KEYNAME TAG")
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgp.h"
#include "pkgsig.h"

static const char *const names[] = {"rsa4096", "rsa2048", "p256", "ed25519"};
#define NK 4

int main(int argc, char **argv)
{
	static struct pgp_key keys[32];
	size_t first[NK + 1], total = 0, k, ntest = 0, nfail = 0;
	char path[1024], line[512];
	FILE *ex;

	if (argc != 2)
		return 2;
	for (k = 0; k < NK; k++) {
		size_t len, n = 0;
		uint8_t *in, *scr;

		snprintf(path, sizeof(path), "%s/keys/%s.asc", argv[1], names[k]);
		in = read_whole(path, &len);
		scr = in ? malloc(len + 1) : NULL;
		first[k] = total;
		if (!scr ||
		    pgp_keys_parse(in, len, scr, len + 1, keys + total, 32 - total, &n, NULL)) {
			printf("not ok 1 - fixture key %s\n1..1\n", names[k]);
			return 1;
		}
		for (size_t i = 0; i < n; i++)
			keys[total + i].primary = (uint16_t)(keys[total + i].primary + total);
		total += n;
		free(in);
		free(scr);
	}
	first[NK] = total;
	snprintf(path, sizeof(path), "%s/expect", argv[1]);
	ex = fopen(path, "r");
	if (!ex) {
		printf("not ok 1 - %s\n1..1\n", path);
		return 1;
	}
	while (fgets(line, sizeof(line), ex)) {
		char rpm[256], kn[64], tag[16];
		struct pkgsig ps;
		struct pgp_keyring all = {keys, total}, others;
		struct pgp_key rest[32];
		struct pgp_sig_result res[4];
		size_t nres = 0, want = NK, j, m = 0;
		enum pgp_verdict v, v2;
		int good;

		if (sscanf(line, "%255s %63s %15s", rpm, kn, tag) != 3)
			continue;
		for (k = 0; k < NK; k++)
			if (!strcmp(kn, names[k]))
				want = k;
		snprintf(path, sizeof(path), "%s/rpms/%s", argv[1], rpm);
		ntest++;
		if (pkgsig_load(path, &ps)) {
			printf("not ok %zu - %s: load\n", ntest, rpm);
			nfail++;
			continue;
		}
		v = pgp_blob_verify(ps.blob, ps.blob_len, ps.spans, ps.nspans, &all, NULL, res, 4,
				    &nres, NULL);
		if (want == NK) {
			good = v == PGP_NOT_SIGNED && nres == 0;
		} else {
			const struct pgp_key *kk = nres ? res[0].key : NULL;

			good = v == PGP_AUTHENTIC && nres == 1 && ps.nitems == 1 &&
			       ps.items[0].tag == (unsigned)atoi(tag) && kk &&
			       kk >= keys + first[want] && kk < keys + first[want + 1];
		}
		printf("%sok %zu - fixture %s: %s%s%s (tag %s)\n", good ? "" : "not ", ntest, rpm,
		       pgp_verdict_str(v), want < NK ? " by " : "", want < NK ? kn : "", tag);
		nfail += !good;
		if (want < NK) {
			/* the keys of the other fixtures only: NOKEY, never BAD */
			for (j = 0; j < total; j++)
				if (j < first[want] || j >= first[want + 1]) {
					rest[m] = keys[j];
					rest[m].primary = 0;
					m++;
				}
			others.keys = rest;
			others.n = m;
			v2 = pgp_blob_verify(ps.blob, ps.blob_len, ps.spans, ps.nspans, &others,
					     NULL, res, 4, &nres, NULL);
			ntest++;
			good = v2 == PGP_NOT_SIGNED && nres == 1 && res[0].status == PGP_ST_NOKEY;
			nfail += !good;
			printf("%sok %zu - fixture %s without its key: %s (%s)\n",
			       good ? "" : "not ", ntest, rpm, pgp_verdict_str(v2),
			       nres ? pgp_strerror(res[0].status) : "-");
		}
		pkgsig_free(&ps);
	}
	fclose(ex);
	printf("1..%zu\n", ntest);
	return nfail != 0 || ntest == 0;
}
