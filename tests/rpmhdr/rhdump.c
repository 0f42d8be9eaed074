/* SPDX-License-Identifier: MIT */
/*
 * rhdump — test helper: parse one input with rpmhdr and print what the accessors give,
 * in the same text form as rpm's --qf output for the same fields (tests/rpmhdr/run.sh
 * compares the two).
 *
 *   rhdump SHAPE values FILE   NAME, EPOCH, VERSION, RELEASE, ARCH, FILEDIGESTALGO, then
 *                              one line per file: path TAB mode TAB size TAB flags TAB digest
 *   rhdump SHAPE sigs FILE     one line per signature item: tag index hex(bytes)
 *   rhdump SHAPE signed FILE   the signed byte string (binary, to stdout)
 *   rhdump SHAPE check FILE    prints "ok" or "error NAME off N"
 *   rhdump SHAPE api FILE      API contract checks on a good input: lines "ok - what" /
 *                              "not ok - what", and "produced NAME" for error codes seen
 * SHAPE: list, package, dbblob, signed. Exit 0 ok, 1 parse error, 2 usage/IO.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rh-int.h"
#include "rpmhdr.h"
#include "rherrnames.h"

static int parse(const char *shape, struct rh_ctx *c, const uint8_t *p, size_t n)
{
	if (!strcmp(shape, "list"))
		return rh_parse_list(c, p, n);
	if (!strcmp(shape, "package"))
		return rh_parse_package(c, p, n);
	if (!strcmp(shape, "dbblob"))
		return rh_parse_dbblob(c, p, n);
	if (!strcmp(shape, "signed"))
		return rh_parse_signed(c, p, n);
	return -1000;
}

static void hex(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf("%02x", p[i]);
}

static int values(const struct rh_ctx *c)
{
	struct rh_nevra nv;
	struct rh_file_iter it;
	struct rh_file f;
	uint32_t count = 0;
	int rc;

	if (rh_nevra(c, &nv)) {
		fprintf(stderr, "rhdump: no NEVRA\n");
		return 1;
	}
	printf("%s\n", nv.name);
	if (nv.has_epoch)
		printf("%u\n", nv.epoch);
	else
		printf("(none)\n");
	printf("%s\n%s\n%s\n%u\n", nv.version, nv.release, nv.arch, rh_file_digest_algo(c));
	if (rh_files_begin(c, &it))
		return 1;
	while ((rc = rh_files_next(&it, &f)) == 1) {
		printf("%s%s\t%u\t%llu\t%u\t", f.dirname, f.basename, (unsigned)f.mode,
		       (unsigned long long)f.size, f.flags);
		/* print the decoded bytes, not the stored string */
		hex(f.digest, f.digest_len);
		if (f.digest_len != 0 && f.digest_len != rh_digest_len(f.algo))
			return 1;
		printf("\n");
		count++;
	}
	if (rc < 0 || count != rh_file_count(c))
		return 1;
	return 0;
}

static int sigs(const struct rh_ctx *c)
{
	static uint8_t buf[1 << 16];
	struct rh_sig_iter it;
	struct rh_sig_item s;
	int rc, err;
	size_t n;

	rh_sig_begin(&it);
	while ((rc = rh_sig_next(c, &it, &s)) == 1) {
		if (rh_sig_decode(&s, buf, sizeof(buf), &n, &err)) {
			printf("%u %u error %s\n", s.tag, s.index, rh_err_name(err));
			continue;
		}
		if (n > rh_sig_decoded_max(&s))
			return 1;
		printf("%u %u ", s.tag, s.index);
		hex(buf, n);
		printf("\n");
	}
	return rc < 0;
}

static int api_fails;

static void api(int cond, const char *what)
{
	printf("%sok - api: %s\n", cond ? "" : "not ", what);
	api_fails += !cond;
}

/* rh_skip_strings (eight bytes at a time) against a byte loop: random buffers with NULs
 * at random places (dense and sparse), every start and limit, counts 0..12. */
static int skip_strings_agree(void)
{
	uint8_t buf[96];
	unsigned seed = 12345;
	int round, agree = 1;

	for (round = 0; round < 400; round++) {
		size_t i, pos, lim;
		unsigned dens = 2 + (unsigned)round % 40;

		for (i = 0; i < sizeof(buf); i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = (seed >> 16) % dens == 0 ? 0 : (uint8_t)(1 + (seed >> 8) % 255);
		}
		for (pos = 0; pos <= 40; pos++)
			for (lim = pos; lim <= sizeof(buf); lim += 1 + lim % 3)
				for (uint32_t count = 0; count <= 12; count++) {
					size_t want = pos, got = 0;
					uint32_t left = count;
					int wrc, grc;

					while (left > 0 && want < lim)
						if (buf[want++] == 0)
							left--;
					wrc = left > 0 ? -1 : 0;
					grc = rh_skip_strings(buf, pos, lim, count, &got);
					if (grc != wrc || (wrc == 0 && got != want))
						agree = 0;
				}
	}
	return agree;
}

/* rh_hex_ok: every byte value at every position of strings of 1..80 digits (the SIMD
 * blocks and the tail) against the definition; rh_hex_decode: every byte value, at
 * every offset in a 64-byte digest and in tails. */
static int hex_agree(void)
{
	static const char dig[] = "0123456789abcdef";
	uint8_t s[80], out[40], want[40];
	int agree = 1;

	for (size_t n = 1; n <= sizeof(s); n++)
		for (size_t at = 0; at < n; at++)
			for (unsigned c = 0; c < 256; c++) {
				int valid = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');

				for (size_t j = 0; j < n; j++)
					s[j] = (uint8_t)dig[(j * 7 + n) % 16];
				s[at] = (uint8_t)c;
				if (rh_hex_ok(s, n) != valid)
					agree = 0;
			}
	for (unsigned base = 0; base < 256; base += 40)
		for (size_t n = 2; n <= 80; n += 2) {
			for (size_t j = 0; j < n / 2; j++) {
				want[j] = (uint8_t)(base + j * 13);
				s[2 * j] = (uint8_t)dig[want[j] >> 4];
				s[2 * j + 1] = (uint8_t)dig[want[j] & 15];
			}
			memset(out, 0xee, sizeof(out));
			rh_hex_decode(out, (const char *)s, n);
			if (memcmp(out, want, n / 2) != 0 || (n / 2 < sizeof(out) && out[n / 2] != 0xee))
				agree = 0;
		}
	for (unsigned v = 0; v < 256; v++) { /* every byte value, in a SIMD block */
		memset(s, '0', 64);
		s[2 * (v % 32)] = (uint8_t)dig[v >> 4];
		s[2 * (v % 32) + 1] = (uint8_t)dig[v & 15];
		rh_hex_decode(out, (const char *)s, 64);
		for (size_t j = 0; j < 32; j++)
			if (out[j] != (j == v % 32 ? v : 0))
				agree = 0;
	}
	return agree;
}

static int api_tests(const char *shape, const struct rh_ctx *good, const uint8_t *p, size_t n)
{
	static uint8_t out[1 << 20];
	struct rh_ctx bad, c2;
	struct rh_tag t;
	struct rh_sig_iter si;
	struct rh_sig_item s;
	struct rh_file_iter fi;
	struct rh_file f;
	const struct rh_span *sp;
	const char *str;
	uint64_t v;
	size_t len, ns;
	int e, i, distinct = 1;

	api(rh_parse_list(NULL, p, n) == -EFAULT, "NULL ctx gives -EFAULT");
	api(rh_parse_package(&bad, NULL, 0) == -EFAULT && bad.err == RH_E_ARG,
	    "NULL input gives -EFAULT and RH_E_ARG");
	if (bad.err == RH_E_ARG)
		printf("produced %s\n", rh_err_name(bad.err));
	api(rh_parse_dbblob(&bad, (const uint8_t *)"x", 1) == -EINVAL && bad.shape == RH_SHAPE_NONE,
	    "a failed parse leaves the shape NONE");
	api(rh_signed_copy(&bad, out, sizeof(out), &len) == -EINVAL &&
		    rh_signed_spans(&bad, &sp, &ns) == -EINVAL &&
		    rh_tag_find(&bad, 1000, &t) == -EINVAL &&
		    rh_files_begin(&bad, &fi) == -EINVAL && rh_sig_next(&bad, &si, &s) == -EINVAL &&
		    rh_file_count(&bad) == 0 && rh_file_digest_algo(&bad) == 0,
	    "accessors refuse a context whose parse failed");
	api(rh_signed_copy(good, out, good->signed_len - 1, &len) == -ENOSPC &&
		    len == good->signed_len,
	    "rh_signed_copy: -ENOSPC and the size needed");
	api(rh_signed_copy(good, out, sizeof(out), &len) == 0 && len == good->signed_len &&
		    memcmp(out, "\x8e\xad\xe8\x01\0\0\0\0", 8) == 0,
	    "rh_signed_copy: magic first");
	api(rh_parse_signed(&c2, out, len) == 0 && c2.main.ril == good->main.ril &&
		    c2.nspans == 1 && c2.signed_len == len,
	    "the signed copy parses as a signed string with the same region");
	api(rh_tag_find(good, 999999, &t) == -ENOENT, "rh_tag_find: -ENOENT for an absent tag");
	api(rh_tag_find(good, RH_TAG_HEADERIMMUTABLE, &t) == -ENOENT,
	    "rh_tag_find: the region tag is not a value");
	api(rh_get_string(good, RH_TAG_NAME, &str) == 0 &&
		    rh_get_uint(good, RH_TAG_NAME, 0, &v) == -EINVAL,
	    "rh_get_uint refuses a string tag");
	api(rh_tag_find(good, RH_TAG_BASENAMES, &t) != 0 ||
		    rh_get_uint(good, RH_TAG_DIRINDEXES, t.count, &v) == -EINVAL,
	    "rh_get_uint refuses an index past the count");
	api(rh_get_uint(good, RH_TAG_FILEDIGESTALGO, 0, &v) == -ENOENT ||
		    v == rh_file_digest_algo(good),
	    "rh_file_digest_algo matches the tag");
	rh_sig_begin(&si);
	while (rh_sig_next(good, &si, &s) == 1) {
		size_t need = 0;

		e = RH_OK;
		if (rh_sig_decode(&s, out, 0, &need, &e) == -ENOSPC && e == RH_E_NOSPC) {
			printf("produced %s\n", rh_err_name(e));
			break;
		}
	}
	api(e == RH_E_NOSPC, "rh_sig_decode: -ENOSPC and RH_E_NOSPC for a zero buffer");
	api(rh_files_begin(good, &fi) == 0, "rh_files_begin");
	while (rh_files_next(&fi, &f) == 1)
		;
	api(rh_files_next(&fi, &f) == 0, "rh_files_next stays at the end");
	{
		struct rh_file_iter ri;
		struct rh_file rf;
		uint8_t dg[RH_MAX_DIGEST];
		int same = rh_files_begin(good, &fi) == 0 && rh_files_begin_raw(good, &ri) == 0;

		while (same && rh_files_next(&fi, &f) == 1) {
			same = rh_files_next(&ri, &rf) == 1 && rf.index == f.index &&
			       rf.dirname == f.dirname && rf.basename == f.basename &&
			       rf.mode == f.mode && rf.size == f.size && rf.flags == f.flags &&
			       rf.digest_hex == f.digest_hex && rf.digest_len == f.digest_len;
			rh_file_digest(&rf, dg);
			same = same && memcmp(dg, f.digest, f.digest_len) == 0;
		}
		api(same && rh_files_next(&ri, &rf) == 0,
		    "rh_files_begin_raw + rh_file_digest: the same files and digests");
	}
	api(skip_strings_agree(), "rh_skip_strings agrees with a byte loop");
	api(hex_agree(), "rh_hex_ok and rh_hex_decode agree with the definition");
	for (e = 0; e < RH_E__COUNT; e++) {
		for (i = 0; i < e; i++)
			if (!strcmp(rh_strerror(e), rh_strerror(i)))
				distinct = 0;
		if (!strcmp(rh_strerror(e), "unknown error"))
			distinct = 0;
	}
	api(distinct, "rh_strerror: a distinct text for every code");
	api(!strcmp(rh_strerror(-1), "unknown error") &&
		    !strcmp(rh_strerror(RH_E__COUNT), "unknown error"),
	    "rh_strerror: unknown codes");
	(void)shape;
	return api_fails ? 1 : 0;
}

static uint8_t *input_copy;

int main(int argc, char **argv)
{
	struct rh_ctx c;
	struct stat st;
	uint8_t *p;
	int fd, rc;

	if (argc != 4) {
		fprintf(stderr,
			"usage: rhdump list|package|dbblob|signed values|sigs|signed|check FILE\n");
		return 2;
	}
	fd = open(argv[3], O_RDONLY);
	if (fd < 0 || fstat(fd, &st) < 0) {
		perror(argv[3]);
		return 2;
	}
	p = st.st_size ? mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)
		       : (uint8_t *)"";
	if (p == MAP_FAILED) {
		perror("mmap");
		return 2;
	}
	/* The parser reads a private heap copy of exactly the input's size: the ASan
	 * build then reports any read past the end (a mapping's page tail would hide it). */
	if (st.st_size) {
		input_copy = malloc((size_t)st.st_size); /* a global: reachable to the end */
		if (!input_copy) {
			perror("malloc");
			return 2;
		}
		memcpy(input_copy, p, (size_t)st.st_size);
		munmap(p, (size_t)st.st_size);
		p = input_copy;
	}
	rc = parse(argv[1], &c, p, (size_t)st.st_size);
	if (rc == -1000) {
		fprintf(stderr, "rhdump: unknown shape %s\n", argv[1]);
		return 2;
	}
	if (!strcmp(argv[2], "check")) {
		if (rc)
			printf("error %s off %zu\n", rh_err_name(c.err), c.off);
		else
			printf("ok\n");
		return rc ? 1 : 0;
	}
	if (rc) {
		fprintf(stderr, "rhdump: %s: %s at offset %zu\n", argv[3], rh_strerror(c.err),
			c.off);
		return 1;
	}
	if (!strcmp(argv[2], "values"))
		return values(&c);
	if (!strcmp(argv[2], "api"))
		return api_tests(argv[1], &c, p, (size_t)st.st_size);
	if (!strcmp(argv[2], "sigs"))
		return sigs(&c);
	if (!strcmp(argv[2], "signed")) {
		static uint8_t out[1 << 24];
		const struct rh_span *sp;
		size_t n, ns, i, tot = 0;

		if (rh_signed_copy(&c, out, sizeof(out), &n))
			return 1;
		/* the spans and the copy must agree */
		if (rh_signed_spans(&c, &sp, &ns))
			return 1;
		for (i = 0; i < ns; i++) {
			if (memcmp(out + tot, sp[i].p, sp[i].len))
				return 1;
			tot += sp[i].len;
		}
		if (tot != n || (n > 0 && rh_signed_copy(&c, out, n - 1, &n) != -ENOSPC))
			return 1;
		return fwrite(out, 1, n, stdout) == n ? 0 : 1;
	}
	fprintf(stderr, "rhdump: unknown mode %s\n", argv[2]);
	return 2;
}
