/* SPDX-License-Identifier: MIT */
/*
 * fuzz_rpmhdr_common.h — shared body of the rpmhdr libFuzzer targets: parse one input
 * shape, and when it is accepted, drive every accessor over it (signed spans and copy,
 * signature items and their decoding, NEVRA, tag lookups, the file iterator), checking
 * the invariants the API promises. Any violation aborts (a finding).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rpmhdr.h"

static uint8_t fz_buf[1 << 20];

static void fz_check(int cond)
{
	if (!cond)
		abort();
}

static void fz_accessors(const struct rh_ctx *c, const uint8_t *data, size_t size)
{
	const struct rh_span *sp;
	struct rh_sig_iter si;
	struct rh_sig_item s;
	struct rh_file_iter fi;
	struct rh_file f;
	struct rh_nevra nv;
	struct rh_tag t;
	size_t n, ns, i, tot = 0;
	uint32_t files = 0;
	uint64_t v;
	int rc, err;

	fz_check(rh_signed_spans(c, &sp, &ns) == 0 && ns >= 1 && ns <= RH_MAX_SPANS);
	for (i = 0; i < ns; i++) {
		/* spans point into the input, or at the context's rebuilt prefix */
		fz_check((sp[i].p >= data && sp[i].len <= size &&
			  (size_t)(sp[i].p - data) <= size - sp[i].len) ||
			 (sp[i].p == c->prefix && sp[i].len == RH_PREFIX_LEN));
		tot += sp[i].len;
	}
	fz_check(tot == c->signed_len);
	rc = rh_signed_copy(c, fz_buf, sizeof(fz_buf), &n);
	fz_check(rc == 0 || (rc == -ENOSPC && c->signed_len > sizeof(fz_buf)));
	if (rc == 0) {
		fz_check(n == c->signed_len && n >= RH_PREFIX_LEN + RH_ENTRY_LEN * 2);
		fz_check(memcmp(fz_buf, "\x8e\xad\xe8\x01\0\0\0\0", 8) == 0);
		/* the signed string parses on its own, to the same region */
		{
			struct rh_ctx c2;

			fz_check(rh_parse_signed(&c2, fz_buf, n) == 0);
			fz_check(c2.main.ril == c->main.ril && c2.main.rdl == c->main.rdl);
			fz_check(c2.nfiles == c->nfiles);
		}
	}

	rh_sig_begin(&si);
	while ((rc = rh_sig_next(c, &si, &s)) == 1) {
		fz_check(s.p >= data && (size_t)(s.p - data) <= size - s.len);
		if (rh_sig_decode(&s, fz_buf, sizeof(fz_buf), &n, &err) == 0)
			fz_check(n <= rh_sig_decoded_max(&s));
		else
			fz_check(err == RH_E_BASE64 || err == RH_E_NOSPC);
	}
	fz_check(rc == 0);

	if (rh_nevra(c, &nv) == 0)
		fz_check(nv.name && nv.version && nv.release && nv.arch);
	(void)rh_tag_find(c, RH_TAG_NAME, &t);
	(void)rh_get_uint(c, RH_TAG_EPOCH, 0, &v);
	fz_check(rh_digest_len(rh_file_digest_algo(c)) != 0);

	fz_check(rh_files_begin(c, &fi) == 0);
	while ((rc = rh_files_next(&fi, &f)) == 1) {
		fz_check(f.index == files);
		fz_check(f.dirname && f.basename && f.digest_hex);
		fz_check(f.digest_len == 0 || f.digest_len == rh_digest_len(f.algo));
		files++;
	}
	fz_check(rc == 0 && files == rh_file_count(c));
}
