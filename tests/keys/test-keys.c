/* SPDX-License-Identifier: MIT */
/*
 * tests/keys/test-keys.c — TAP tests of keys/: key parsing, signature verification of
 * every signed package in the shared test data (expected results: MANIFEST.md's ref
 * column), tampering, key-ID collisions, policy cases, RFC 8032 vectors.
 *
 * Usage: test-keys TESTDATA_DIR     (../shared/testdata)
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgp-int.h"
#include "pkgsig.h"

static const char *td;
static int ntest, nfail;

static void ok(int cond, const char *fmt, ...)
{
	va_list ap;

	ntest++;
	if (!cond)
		nfail++;
	printf("%sok %d - ", cond ? "" : "not ", ntest);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static char *tdpath(const char *rel)
{
	static char buf[4][1024];
	static int k;

	k = (k + 1) & 3;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", td, rel);
	return buf[k];
}

#define MAXK 64

/* Parse key files into keys[]; returns count, or -errno of the first failure. */
static long load_keys(const char *const *files, struct pgp_key *keys, size_t cap,
		      struct pgp_err *errp)
{
	size_t total = 0;

	for (; files && *files; files++) {
		size_t len, n = 0;
		uint8_t *in = read_whole(tdpath(*files), &len), *scr;
		struct pgp_err err;
		int rc;

		if (!in)
			return -errno;
		scr = malloc(len + 1);
		rc = pgp_keys_parse(in, len, scr, len + 1, keys + total, cap - total, &n, &err);
		free(scr);
		free(in);
		if (errp)
			*errp = err;
		if (rc)
			return rc;
		for (size_t i = 0; i < n; i++)
			keys[total + i].primary = (uint16_t)(keys[total + i].primary + total);
		total += n;
	}
	return (long)total;
}

static int fpr_prefix(const struct pgp_key *k, const char *hex)
{
	char h[2 * PGP_MAX_FPR + 1];

	if (!k)
		return 0;
	pgp_hex(k->fpr, k->fpr_len, h);
	return !strncmp(h, hex, strlen(hex));
}

/* ---------------- RFC 8032 7.1 ---------------- */

static void unhex(const char *s, uint8_t *out)
{
	size_t i;

	for (i = 0; s[2 * i]; i++) {
		unsigned v;
		sscanf(s + 2 * i, "%2x", &v);
		out[i] = (uint8_t)v;
	}
}

static void test_rfc8032(void)
{
	static const struct {
		const char *pk, *msg, *sig;
	} v[] = {
		{"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
		 "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
		 "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
		{"3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
		 "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
		 "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
		{"fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
		 "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
		 "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
	};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint8_t pk[32], sig[64], msg[8];
		size_t ml = strlen(v[i].msg) / 2;

		unhex(v[i].pk, pk);
		unhex(v[i].sig, sig);
		unhex(v[i].msg, msg);
		ok(pgp_ed25519_verify(pk, msg, ml, sig) == 0, "RFC 8032 TEST %zu verifies", i + 1);
		sig[5] ^= 0x10;
		ok(pgp_ed25519_verify(pk, msg, ml, sig) == -EBADMSG,
		   "RFC 8032 TEST %zu with a flipped signature bit fails", i + 1);
		sig[5] ^= 0x10;
		msg[0] ^= 1;
		ok(pgp_ed25519_verify(pk, msg, ml ? ml : 1, sig) == -EBADMSG,
		   "RFC 8032 TEST %zu with another message fails", i + 1);
	}
}

/* ---------------- key files ---------------- */

struct keycase {
	const char *file;
	int rc;			/* expected return */
	enum pgp_reason reason; /* when rc != 0 */
	int nrec;		/* records, when rc == 0 */
	const char *sign_fpr;	/* a record that must be CAN_SIGN (fpr prefix) or NULL */
	const char *nosign_fpr; /* a record that must not be CAN_SIGN, or NULL */
};

static const struct keycase keycases[] = {
	{"rpm.org/keys/CVE-2021-3521-badbind.asc", -EINVAL, PGP_R_NO_BINDING, 0, 0, 0},
	{"rpm.org/keys/CVE-2021-3521-nosubsig-last.asc", -EINVAL, PGP_R_NO_BINDING, 0, 0, 0},
	{"rpm.org/keys/CVE-2021-3521-nosubsig.asc", -EINVAL, PGP_R_NO_BINDING, 0, 0, 0},
	{"rpm.org/keys/type-confusion.asc", -EINVAL, PGP_R_BAD_BINDING, 0, 0, 0},
	{"rpm.org/keys/alice.asc", 0, 0, 2, "43253a62850dfadc", "b6542f92f30650c3"},
	{"rpm.org/keys/alice-expired-subkey.asc", 0, 0, 2, "43253a62850dfadc", 0},
	{"rpm.org/keys/alice-revoked-subkey.asc", 0, 0, 2, 0, "43253a62850dfadc"},
	{"rpm.org/keys/keyidcollision1.pub", 0, 0, 1, "79cc07f167fee884", 0},
	{"rpm.org/keys/keyidcollision2.pub", 0, 0, 1, "94706f8da571389e", 0},
	{"rpm.org/keys/rpm.org-ed25519-test.pub", 0, 0, 1, "152bb32fd9ca9827", 0},
	{"rpm.org/keys/rpm.org-nistp256-test.pub", 0, 0, 1, "e8a62c0512b06b5d", 0},
	{"rpm.org/keys/rpm.org-rsa-2048-test.pub", 0, 0, 2, "771b18d3d7baa287", "b31e5aa680af7139"},
	{"rpm.org/keys/rpm.org-rsa-2048-add-subkey.asc", 0, 0, 3, "dcc32f8b1ee8c670",
	 "b31e5aa680af7139"},
	{"rpm.org/keys/rpm.org-v6-ed25519-test.asc", 0, 0, 2, "6118abe481c41473", 0},
	{"rpm.org/keys/rpm.org-v6-rsa4k-test.asc", 0, 0, 2, "0a25ec5925ee7635", 0},
	{"rpm.org/keys/rpm.org-v6-mldsa87-test.asc", 0, 0, 2, 0, "db11ab41d7ae9cd3"},
	{"rpm-rs/keys/rpm-testkey-v4-ecdsa-nistp256.asc", 0, 0, 1, "560f3edd5d483fcf", 0},
	{"rpm-rs/keys/rpm-testkey-v4-ed25519.asc", 0, 0, 1, "77cef535745d5af0", 0},
	{"rpm-rs/keys/rpm-testkey-v4-rsa4096.asc", 0, 0, 1, "d996aedc0d64d1e6", 0},
	{"rpm-rs/keys/rpm-testkey-v6-ed25519.asc", 0, 0, 2, "715619ae2365d909", 0},
	{"rpm-rs/keys/rpm-testkey-v6-rsa4k.asc", 0, 0, 2, "12e1f31e46105918", 0},
	{"rpm-rs/keys/rpm-testkey-v6-mldsa65-ed25519.asc", 0, 0, 2, 0, "23cde04477b8bbcf"},
	{"distro-keys/RPM-GPG-KEY-redhat8-release", 0, 0, 2, "567e347ad0044ade",
	 "43a6e49c4a38f4be" /* DSA: unsupported */},
	{"distro-keys/RPM-GPG-KEY-redhat10-release", 0, 0, 3, "7e4624258c406535",
	 "fcd355b305707a62" /* ML-DSA-87+Ed448: unsupported */},
	{"distro-keys/RPM-GPG-KEY-remi2026", 0, 0, 2, "2e375fe24edff0f2",
	 "236cdc7b13bd06dd" /* ECDH encryption subkey */},
};

static const struct pgp_key *find_fpr(const struct pgp_key *k, size_t n, const char *hex)
{
	size_t i;

	for (i = 0; hex && i < n; i++)
		if (fpr_prefix(&k[i], hex))
			return &k[i];
	return NULL;
}

static void test_keyfiles(void)
{
	static struct pgp_key keys[MAXK];
	size_t i;

	for (i = 0; i < sizeof(keycases) / sizeof(keycases[0]); i++) {
		const struct keycase *c = &keycases[i];
		const char *files[] = {c->file, NULL};
		struct pgp_err err = {PGP_R_NONE, 0};
		long n = load_keys(files, keys, MAXK, &err);

		if (c->rc) {
			ok(n == c->rc && err.reason == c->reason, "%s rejected: %s (got %ld: %s)",
			   c->file, pgp_reason_str(c->reason), n, pgp_reason_str(err.reason));
			continue;
		}
		ok(n == c->nrec, "%s: %d records (got %ld%s%s)", c->file, c->nrec, n,
		   n < 0 ? ": " : "", n < 0 ? pgp_reason_str(err.reason) : "");
		if (n < 0)
			continue;
		if (c->sign_fpr) {
			const struct pgp_key *k = find_fpr(keys, (size_t)n, c->sign_fpr);
			ok(k && (k->flags & PGP_KF_CAN_SIGN), "%s: %s can sign", c->file,
			   c->sign_fpr);
		}
		if (c->nosign_fpr) {
			const struct pgp_key *k = find_fpr(keys, (size_t)n, c->nosign_fpr);
			ok(k && !(k->flags & PGP_KF_CAN_SIGN), "%s: %s cannot sign", c->file,
			   c->nosign_fpr);
		}
	}

	/* specific properties */
	{
		const char *f1[] = {"rpm.org/keys/keyidcollision1.pub",
				    "rpm.org/keys/keyidcollision2.pub", NULL};
		long n = load_keys(f1, keys, MAXK, NULL);
		ok(n == 2 && !memcmp(keys[0].keyid, keys[1].keyid, 8) &&
			   memcmp(keys[0].fpr, keys[1].fpr, 20) &&
			   !memcmp(keys[0].keyid, "\x42\x65\x5a\x75\x15\x6b\x3d\xe0", 8),
		   "keyidcollision1/2: one key ID 42655a75156b3de0, two fingerprints");
	}
	{
		const char *f1[] = {"rpm.org/keys/alice-expired-subkey.asc", NULL};
		long n = load_keys(f1, keys, MAXK, NULL);
		ok(n == 2 && keys[1].expires == keys[1].created + 172815u,
		   "alice-expired-subkey: subkey expiry = creation + 172815 s (key expiration "
		   "subpacket of the binding)");
	}
	{
		const char *f1[] = {"rpm.org/keys/alice-revoked-subkey.asc", NULL};
		long n = load_keys(f1, keys, MAXK, NULL);
		ok(n == 2 && (keys[1].flags & PGP_KF_REVOKED) && !(keys[0].flags & PGP_KF_REVOKED),
		   "alice-revoked-subkey: subkey revoked, primary not");
	}
	/* armour: a corrupted CRC-24 or base64 body is refused */
	{
		size_t len, n;
		uint8_t *in = read_whole(tdpath("rpm.org/keys/rpm.org-ed25519-test.pub"), &len);
		uint8_t *scr = malloc(len + 1);
		uint8_t *eq = in ? (uint8_t *)strstr((char *)in, "\n=") : NULL;
		struct pgp_err err;
		int rc;

		if (eq) {
			uint8_t save = eq[2];

			eq[2] = save == 'A' ? 'B' : 'A';
			rc = pgp_keys_parse(in, len, scr, len + 1, keys, MAXK, &n, &err);
			ok(rc == -EINVAL && err.reason == PGP_R_BAD_ARMOR,
			   "armour CRC-24 mismatch rejected");
			eq[2] = save;
		} else {
			ok(0, "armour CRC-24 line found");
		}
		/* the CRC line moved up before the last base64 line: the CRC is still right
		   for the whole body, but nothing may follow it */
		if (eq) {
			uint8_t *crc = eq + 1, *prev = eq, *end = (uint8_t *)strchr((char *)crc, '\n');
			uint8_t *moved = malloc(len + 1);
			size_t cl, bl;

			while (prev > in && prev[-1] != '\n')
				prev--; /* start of the last base64 line */
			cl = end ? (size_t)(end - crc) + 1 : 0;
			bl = (size_t)(crc - prev);
			if (moved && cl && prev > in) {
				memcpy(moved, in, len);
				/* ... | last base64 line (bl) | CRC line (cl) | ... -> CRC first */
				memcpy(moved + (prev - in), crc, cl);
				memcpy(moved + (prev - in) + cl, prev, bl);
				rc = pgp_keys_parse(moved, len, scr, len + 1, keys, MAXK, &n, &err);
				ok(rc == -EINVAL && err.reason == PGP_R_BAD_ARMOR,
				   "armour: a base64 line after the CRC line is refused (rc %d)", rc);
			} else {
				ok(0, "armour: the CRC line and the line before it found");
			}
			free(moved);
		}
		rc = pgp_keys_parse(in, len, scr, 16, keys, MAXK, &n, &err);
		ok(rc == -ENOSPC, "scratch too small: -ENOSPC");
		rc = pgp_keys_parse(in, len, scr, len + 1, keys, 0, &n, &err);
		ok(rc == -ENOSPC && err.reason == PGP_R_TOO_MANY_KEYS, "no record space: -ENOSPC");
		free(scr);
		free(in);
	}
}

/* ---------------- packages ---------------- */

struct expsig {
	unsigned tag, idx;
	enum pgp_status st;
	unsigned version, pkalgo, hashalgo;
	const char *fpr; /* verifying (or matched) key, hex prefix; NULL: none */
};

struct pkgcase {
	const char *rpm;
	const char *keys[4];
	enum pgp_verdict verdict;
	struct expsig sig[4];
	int nsig;
	const char *why;
};

#define S(t, i, st, v, pk, h, f)      \
	{                             \
		t, i, st, v, pk, h, f \
	}
static const struct pkgcase pkgcases[] = {
	{"rpm.org/RPMS/hello-2.0-1.x86_64-signed.rpm",
	 {"rpm.org/keys/rpm.org-rsa-2048-test.pub"},
	 PGP_AUTHENTIC,
	 {S(268, 0, PGP_ST_OK, 4, 1, 8, "771b18d3d7baa287")},
	 1,
	 ""},
	{"rpm.org/RPMS/hello-2.0-1.x86_64-v3-signed.rpm",
	 {"rpm.org/keys/rpm.org-rsa-2048-test.pub"},
	 PGP_AUTHENTIC,
	 {S(268, 0, PGP_ST_OK, 3, 1, 8, "771b18d3d7baa287")},
	 1,
	 ""},
	{"rpm.org/RPMS/hello-2.0-1.x86_64-signed-with-subkey.rpm",
	 {"rpm.org/keys/alice.asc"},
	 PGP_AUTHENTIC,
	 {S(268, 0, PGP_ST_OK, 4, 1, 10, "43253a62850dfadc")},
	 1,
	 ""},
	{"rpm.org/RPMS/hello-2.0-1.x86_64-signed-with-new-subkey.rpm",
	 {"rpm.org/keys/rpm.org-rsa-2048-add-subkey.asc"},
	 PGP_AUTHENTIC,
	 {S(267, 0, PGP_ST_OK, 4, 22, 10, "dcc32f8b1ee8c670")},
	 1,
	 ""},
	{"rpm.org/RPMS/hello-2.0-1.x86_64-signed-mldsa87.rpm",
	 {"rpm.org/keys/rpm.org-rsa-2048-test.pub", "rpm.org/keys/rpm.org-v6-mldsa87-test.asc"},
	 PGP_AUTHENTIC,
	 {S(268, 0, PGP_ST_OK, 4, 1, 8, "771b18d3d7baa287"),
	  S(278, 0, PGP_ST_UNSUPPORTED_ALGO, 6, 31, 10, "db11ab41d7ae9cd3"),
	  S(278, 1, PGP_ST_OK, 4, 1, 10, "771b18d3d7baa287")},
	 3,
	 " (ML-DSA-87 key known: unsupported, ignored)"},
	{"rpm.org/RPMS/hello-2.0-1.x86_64-signed-mldsa87.rpm",
	 {"rpm.org/keys/rpm.org-rsa-2048-test.pub"},
	 PGP_AUTHENTIC,
	 {S(268, 0, PGP_ST_OK, 4, 1, 8, "771b18d3d7baa287"),
	  S(278, 0, PGP_ST_NOKEY, 6, 31, 10, NULL),
	  S(278, 1, PGP_ST_OK, 4, 1, 10, "771b18d3d7baa287")},
	 3,
	 " (ML-DSA-87 key not loaded: NOKEY, ignored)"},
	{"rpm.org/RPMS/hello-2.0-1.x86_64-badima.rpm",
	 {"rpm.org/keys/rpm.org-rsa-2048-test.pub"},
	 PGP_AUTHENTIC,
	 {S(268, 0, PGP_ST_OK, 4, 1, 10, "771b18d3d7baa287")},
	 1,
	 ""},
	{"rpm.org/RPMS/hello-2.0-1.x86_64-corrupted.rpm",
	 {"rpm.org/keys/rpm.org-rsa-2048-test.pub"},
	 PGP_AUTHENTIC,
	 {S(268, 0, PGP_ST_OK, 4, 1, 8, "771b18d3d7baa287")},
	 1,
	 " (header signature good; payload not our business)"},
	{"rpm.org/RPMS/hello-2.0-1.x86_64.rpm",
	 {"rpm.org/keys/rpm.org-rsa-2048-test.pub"},
	 PGP_NOT_SIGNED,
	 {{0}},
	 0,
	 " (unsigned)"},
	{"rpm.org/RPMS/hello-1.0-1.i386.rpm",
	 {"rpm.org/keys/rpm.org-rsa-2048-test.pub"},
	 PGP_NOT_SIGNED,
	 {{0}},
	 0,
	 " (unsigned)"},
	{"rpm-rs/RPMS/v4/rpm-basic-with-rsa4096-2.3.4-5.el9.noarch.rpm",
	 {"rpm-rs/keys/rpm-testkey-v4-rsa4096.asc"},
	 PGP_AUTHENTIC,
	 {S(268, 0, PGP_ST_OK, 4, 1, 10, "d996aedc0d64d1e6")},
	 1,
	 ""},
	{"rpm-rs/RPMS/v4/rpm-basic-with-ecdsa-2.3.4-5.el9.noarch.rpm",
	 {"rpm-rs/keys/rpm-testkey-v4-ecdsa-nistp256.asc"},
	 PGP_AUTHENTIC,
	 {S(267, 0, PGP_ST_OK, 4, 19, 8, "560f3edd5d483fcf")},
	 1,
	 ""},
	{"rpm-rs/RPMS/v4/rpm-basic-with-ed25519-2.3.4-5.el9.noarch.rpm",
	 {"rpm-rs/keys/rpm-testkey-v4-ed25519.asc"},
	 PGP_AUTHENTIC,
	 {S(267, 0, PGP_ST_OK, 4, 22, 10, "77cef535745d5af0")},
	 1,
	 ""},
	{"rpm-rs/RPMS/v4/rpm-basic-with-ima-2.3.4-5.el9.noarch.rpm",
	 {"rpm-rs/keys/rpm-testkey-v4-ed25519.asc", "rpm-rs/keys/rpm-testkey-v4-ecdsa-nistp256.asc",
	  "rpm-rs/keys/rpm-testkey-v4-rsa4096.asc"},
	 PGP_AUTHENTIC,
	 {S(267, 0, PGP_ST_OK, 4, 22, 10, "77cef535745d5af0"),
	  S(278, 0, PGP_ST_OK, 4, 22, 10, "77cef535745d5af0"),
	  S(278, 1, PGP_ST_OK, 4, 19, 8, "560f3edd5d483fcf"),
	  S(278, 2, PGP_ST_OK, 4, 1, 10, "d996aedc0d64d1e6")},
	 4,
	 ""},
	{"rpm-rs/RPMS/v4/rpm-basic-2.3.4-5.el9.noarch.unsigned.rpm",
	 {"rpm-rs/keys/rpm-testkey-v4-rsa4096.asc"},
	 PGP_NOT_SIGNED,
	 {{0}},
	 0,
	 " (unsigned)"},
	{"rpm-rs/RPMS/v6/rpm-basic-with-ed25519-2.3.4-5.el9.noarch.rpm",
	 {"rpm-rs/keys/rpm-testkey-v6-ed25519.asc"},
	 PGP_AUTHENTIC,
	 {S(278, 0, PGP_ST_OK, 6, 27, 10, "715619ae2365d909")},
	 1,
	 ""},
	{"rpm-rs/RPMS/v6/rpm-basic-with-rsa4k-2.3.4-5.el9.noarch.rpm",
	 {"rpm-rs/keys/rpm-testkey-v6-rsa4k.asc"},
	 PGP_AUTHENTIC,
	 {S(278, 0, PGP_ST_OK, 6, 1, 10, "12e1f31e46105918")},
	 1,
	 ""},
	{"rpm-rs/RPMS/v6/rpm-basic-multiple-signatures-2.3.4-5.el9.noarch.rpm",
	 {"rpm-rs/keys/rpm-testkey-v6-ed25519.asc", "rpm-rs/keys/rpm-testkey-v6-rsa4k.asc"},
	 PGP_AUTHENTIC,
	 {S(278, 0, PGP_ST_OK, 6, 27, 10, "715619ae2365d909"),
	  S(278, 1, PGP_ST_OK, 6, 1, 10, "12e1f31e46105918")},
	 2,
	 ""},
	{"rpm-rs/RPMS/v6/rpm-basic-with-mldsa65-ed25519-2.3.4-5.el9.noarch.rpm",
	 {"rpm-rs/keys/rpm-testkey-v6-mldsa65-ed25519.asc"},
	 PGP_NOT_SIGNED,
	 {S(278, 0, PGP_ST_UNSUPPORTED_ALGO, 6, 30, 10, "23cde04477b8bbcf")},
	 1,
	 " (ML-DSA-65: unsupported, ignored)"},
	{"rpm-rs/RPMS/v6/rpm-basic-2.3.4-5.el9.noarch.unsigned.rpm",
	 {"rpm-rs/keys/rpm-testkey-v6-rsa4k.asc"},
	 PGP_NOT_SIGNED,
	 {{0}},
	 0,
	 " (unsigned)"},
	{"createrepo_c/empty-0-0.x86_64.rpm",
	 {"distro-keys/RPM-GPG-KEY-fedora-14-primary"},
	 PGP_NOT_SIGNED,
	 {{0}},
	 0,
	 " (unsigned, rpm 4.9 unsorted header)"},
	/* policy cases (keys/README.md): the package was signed on 2022-04-13, after the
	   subkey of alice-expired-subkey had expired (2022-04-12): rejected whatever the
	   clock says;
	   a revoked subkey rejects the header. */
	{"rpm.org/RPMS/hello-2.0-1.x86_64-signed-with-subkey.rpm",
	 {"rpm.org/keys/alice-expired-subkey.asc"},
	 PGP_REJECTED,
	 {S(268, 0, PGP_ST_KEY_EXPIRED, 4, 1, 10, "43253a62850dfadc")},
	 1,
	 " (alice-expired-subkey: signed after the subkey expired)"},
	{"rpm.org/RPMS/hello-2.0-1.x86_64-signed-with-subkey.rpm",
	 {"rpm.org/keys/alice-revoked-subkey.asc"},
	 PGP_REJECTED,
	 {S(268, 0, PGP_ST_KEY_REVOKED, 4, 1, 10, "43253a62850dfadc")},
	 1,
	 " (alice-revoked-subkey: revoked)"},
	/* unknown key: NOKEY, distinct from BAD */
	{"rpm.org/RPMS/hello-2.0-1.x86_64-signed.rpm",
	 {"rpm-rs/keys/rpm-testkey-v4-rsa4096.asc"},
	 PGP_NOT_SIGNED,
	 {S(268, 0, PGP_ST_NOKEY, 4, 1, 8, NULL)},
	 1,
	 " (other key: NOKEY)"},
	{"rpm-rs/RPMS/v6/rpm-basic-multiple-signatures-2.3.4-5.el9.noarch.rpm",
	 {"rpm-rs/keys/rpm-testkey-v6-rsa4k.asc"},
	 PGP_AUTHENTIC,
	 {S(278, 0, PGP_ST_NOKEY, 6, 27, 10, NULL),
	  S(278, 1, PGP_ST_OK, 6, 1, 10, "12e1f31e46105918")},
	 2,
	 " (one of two keys known)"},
	{"rpm-rs/RPMS/v4/rpm-basic-with-ima-2.3.4-5.el9.noarch.rpm",
	 {"distro-keys/RPM-GPG-KEY-fedora-42-primary"},
	 PGP_NOT_SIGNED,
	 {S(267, 0, PGP_ST_NOKEY, 4, 22, 10, NULL), S(278, 0, PGP_ST_NOKEY, 4, 22, 10, NULL),
	  S(278, 1, PGP_ST_NOKEY, 4, 19, 8, NULL), S(278, 2, PGP_ST_NOKEY, 4, 1, 10, NULL)},
	 4,
	 " (distro key only)"},
};

static const struct pgp_key *run_pkg(const struct pkgcase *c, int quiet)
{
	static struct pgp_key keys[MAXK];
	struct pgp_sig_result res[8];
	struct pkgsig ps;
	struct pgp_keyring kr;
	struct pgp_policy pol = {0};
	size_t nres = 0;
	long nk;
	int i, rc;
	enum pgp_verdict v;

	rc = pkgsig_load(tdpath(c->rpm), &ps);
	if (rc) {
		ok(0, "%s: load (%s)", c->rpm, strerror(-rc));
		return NULL;
	}
	nk = load_keys(c->keys, keys, MAXK, NULL);
	if (nk < 0) {
		ok(0, "%s: keys load", c->rpm);
		pkgsig_free(&ps);
		return NULL;
	}
	kr.keys = keys;
	kr.n = (size_t)nk;
	v = pgp_blob_verify(ps.blob, ps.blob_len, ps.spans, ps.nspans, &kr, &pol, res, 8, &nres,
			    NULL);
	ok(v == c->verdict && (int)nres == c->nsig && (int)ps.nitems == c->nsig, "%s: %s%s", c->rpm,
	   pgp_verdict_str(c->verdict), c->why);
	if (!quiet)
		for (i = 0; i < c->nsig && i < (int)nres; i++) {
			const struct expsig *e = &c->sig[i];
			const struct pgp_sig_result *r = &res[i];
			int good = ps.items[i].tag == e->tag && ps.items[i].idx == e->idx &&
				   r->status == e->st && r->version == e->version &&
				   r->pkalgo == e->pkalgo && r->hashalgo == e->hashalgo &&
				   (e->fpr ? fpr_prefix(r->key, e->fpr) : r->key == NULL);

			ok(good, "  %u[%u]: v%u %s/%s %s%s%s (got v%u %s/%s %s)", e->tag, e->idx,
			   e->version, pgp_pkalgo_name(e->pkalgo), pgp_hashalgo_name(e->hashalgo),
			   pgp_strerror(e->st), e->fpr ? " key " : "", e->fpr ? e->fpr : "",
			   r->version, pgp_pkalgo_name(r->pkalgo), pgp_hashalgo_name(r->hashalgo),
			   pgp_strerror(r->status));
		}
	pkgsig_free(&ps);
	return NULL;
}

static void test_packages(void)
{
	size_t i;

	for (i = 0; i < sizeof(pkgcases) / sizeof(pkgcases[0]); i++)
		run_pkg(&pkgcases[i], 0);
}

/* ---------------- tampering ---------------- */

static enum pgp_verdict verdict_of(const struct pkgsig *ps, const uint8_t *blob, size_t len,
				   const struct pgp_keyring *kr, enum pgp_status *st0)
{
	struct pgp_sig_result res[8];
	size_t n = 0;
	enum pgp_verdict v =
		pgp_blob_verify(blob, len, ps->spans, ps->nspans, kr, NULL, res, 8, &n, NULL);
	if (st0)
		*st0 = n ? res[0].status : PGP_ST__COUNT;
	return v;
}

/* Byte ranges of one v3/v4/v6 signature packet that the signature protects or that
   select the key: everything except the unhashed subpacket area (which RFC 9580 leaves
   unprotected by design; see keys/README.md). */
static int protected_byte(const uint8_t *pkt, size_t len, size_t i)
{
	size_t off = 0, body, blen, hl, ul, ustart;
	unsigned tag;

	if (pgp_pkt_next(pkt, len, &off, &tag, &body, &blen, NULL))
		return 1;
	if (i < body || pkt[body] == 3)
		return 1;
	if (pkt[body] == 4) {
		hl = pgp_be16(pkt + body + 4);
		ustart = body + 6 + hl;
		ul = pgp_be16(pkt + ustart);
		return !(i >= ustart + 2 && i < ustart + 2 + ul);
	}
	hl = pgp_be32(pkt + body + 4);
	ustart = body + 8 + hl;
	ul = pgp_be32(pkt + ustart);
	return !(i >= ustart + 4 && i < ustart + 4 + ul);
}

static void test_flips(void)
{
	static const struct pkgcase *sel[] = {
		&pkgcases[0],  &pkgcases[1],  &pkgcases[2],  &pkgcases[3],  &pkgcases[10],
		&pkgcases[11], &pkgcases[12], &pkgcases[15], &pkgcases[16],
	};
	static struct pgp_key keys[MAXK];
	size_t s;

	for (s = 0; s < sizeof(sel) / sizeof(sel[0]); s++) {
		const struct pkgcase *c = sel[s];
		struct pkgsig ps;
		struct pgp_keyring kr;
		long nk = load_keys(c->keys, keys, MAXK, NULL);
		size_t i, tried = 0, passed = 0, first_bad = (size_t)-1;
		uint8_t *hdr;
		size_t hlen;
		struct pgp_span sp;

		if (pkgsig_load(tdpath(c->rpm), &ps) || nk < 0) {
			ok(0, "%s: load", c->rpm);
			continue;
		}
		kr.keys = keys;
		kr.n = (size_t)nk;
		ok(verdict_of(&ps, ps.blob, ps.blob_len, &kr, NULL) == PGP_AUTHENTIC,
		   "%s: untouched verifies", c->rpm);
		/* every bit of the signature packet except its unhashed area */
		for (i = 0; i < ps.blob_len; i++) {
			unsigned b;

			if (!protected_byte(ps.blob, ps.blob_len, i))
				continue;
			for (b = 0; b < 8; b++) {
				ps.blob[i] ^= (uint8_t)(1u << b);
				tried++;
				if (verdict_of(&ps, ps.blob, ps.blob_len, &kr, NULL) !=
				    PGP_AUTHENTIC)
					passed++;
				else if (first_bad == (size_t)-1)
					first_bad = i * 8 + b;
				ps.blob[i] ^= (uint8_t)(1u << b);
			}
		}
		ok(tried && passed == tried,
		   "%s: each of %zu bit flips in the signature packet "
		   "(hashed subpackets, fields, salt, material) fails%s",
		   c->rpm, tried, first_bad == (size_t)-1 ? "" : " -- one did not");
		if (first_bad != (size_t)-1)
			diag("first undetected flip: byte %zu bit %zu", first_bad / 8,
			     first_bad % 8);
		/* signed range: 1 bit in each of ~300 spread positions + both ends */
		hlen = ps.spans[0].len;
		hdr = malloc(hlen);
		memcpy(hdr, ps.spans[0].p, hlen);
		sp.p = hdr;
		sp.len = hlen;
		ps.spans[0] = sp;
		tried = passed = 0;
		for (i = 0; i < hlen; i += hlen / 300 + 1) {
			size_t pos[2] = {i, hlen - 1 - i / 7};
			int k;

			for (k = 0; k < 2; k++) {
				hdr[pos[k]] ^= (uint8_t)(1u << (pos[k] % 8));
				tried++;
				if (verdict_of(&ps, ps.blob, ps.blob_len, &kr, NULL) ==
				    PGP_REJECTED)
					passed++;
				hdr[pos[k]] ^= (uint8_t)(1u << (pos[k] % 8));
			}
		}
		ok(tried > 300 && passed == tried,
		   "%s: each of %zu bit flips in the signed range is REJECTED (BAD)", c->rpm,
		   tried);
		{
			/* one byte more or less */
			ps.spans[0].len = hlen - 1;
			ok(verdict_of(&ps, ps.blob, ps.blob_len, &kr, NULL) == PGP_REJECTED,
			   "%s: signed range one byte short is REJECTED", c->rpm);
			ps.spans[0].len = hlen;
		}
		free(hdr);
		pkgsig_free(&ps);
	}
}

/* ---------------- collisions, weak hash, key cannot sign, framing ---------------- */

static void test_special(void)
{
	static struct pgp_key keys[MAXK], ring[MAXK];
	const char *rsa[] = {"rpm.org/keys/rpm.org-rsa-2048-test.pub", NULL};
	struct pkgsig ps;
	struct pgp_keyring kr;
	enum pgp_status st;
	long n = load_keys(rsa, keys, MAXK, NULL);
	size_t i;

	if (n != 2 || pkgsig_load(tdpath("rpm.org/RPMS/hello-2.0-1.x86_64-signed.rpm"), &ps)) {
		ok(0, "special: load");
		return;
	}
	/* A forged key with the same 64-bit key ID (other modulus, other fingerprint)
	   placed before and after the real one: each must be tried. */
	ring[0] = keys[0];
	ring[0].mat[10] ^= 0x55;
	ring[0].fpr[0] ^= 1;
	ring[1] = keys[0];
	kr.keys = ring;
	kr.n = 2;
	ok(verdict_of(&ps, ps.blob, ps.blob_len, &kr, &st) == PGP_AUTHENTIC && st == PGP_ST_OK,
	   "key ID collision: forged key first, real second: OK");
	ring[0] = keys[0];
	ring[1] = keys[0];
	ring[1].mat[10] ^= 0x55;
	ring[1].fpr[0] ^= 1;
	ok(verdict_of(&ps, ps.blob, ps.blob_len, &kr, &st) == PGP_AUTHENTIC && st == PGP_ST_OK,
	   "key ID collision: real key first, forged second: OK");
	kr.keys = ring + 1;
	kr.n = 1;
	ok(verdict_of(&ps, ps.blob, ps.blob_len, &kr, &st) == PGP_REJECTED && st == PGP_ST_BAD,
	   "key ID collision: only the forged key: BAD, rejected");
	kr.keys = keys;
	kr.n = 0;
	ok(verdict_of(&ps, ps.blob, ps.blob_len, &kr, &st) == PGP_NOT_SIGNED && st == PGP_ST_NOKEY,
	   "empty keyring: NOKEY, not signed");

	kr.keys = keys;
	kr.n = 2;
	/* the hash algorithm octet (v4: body offset 3) set to SHA-1 and MD5 */
	{
		size_t off = 0, body, blen;
		unsigned tag;
		uint8_t save;

		pgp_pkt_next(ps.blob, ps.blob_len, &off, &tag, &body, &blen, NULL);
		save = ps.blob[body + 3];
		ps.blob[body + 3] = PGP_HASH_SHA1;
		ok(verdict_of(&ps, ps.blob, ps.blob_len, &kr, &st) == PGP_NOT_SIGNED &&
			   st == PGP_ST_WEAK_HASH,
		   "SHA-1 signature: WEAK_HASH, ignored");
		ps.blob[body + 3] = PGP_HASH_MD5;
		ok(verdict_of(&ps, ps.blob, ps.blob_len, &kr, &st) == PGP_NOT_SIGNED &&
			   st == PGP_ST_WEAK_HASH,
		   "MD5 signature: WEAK_HASH, ignored");
		ps.blob[body + 3] = 12;
		ok(verdict_of(&ps, ps.blob, ps.blob_len, &kr, &st) == PGP_NOT_SIGNED &&
			   st == PGP_ST_UNSUPPORTED_ALGO,
		   "SHA3-256 signature: UNSUPPORTED_ALGO, ignored");
		ps.blob[body + 3] = save;
		/* signature type 0x01 (text) */
		ps.blob[body + 1] = 0x01;
		ok(verdict_of(&ps, ps.blob, ps.blob_len, &kr, &st) == PGP_NOT_SIGNED &&
			   st == PGP_ST_UNSUPPORTED_TYPE,
		   "text signature (type 1): UNSUPPORTED_TYPE");
		ps.blob[body + 1] = 0x00;
		/* hashed area length beyond the packet */
		save = ps.blob[body + 4];
		ps.blob[body + 4] = 0xff;
		ok(verdict_of(&ps, ps.blob, ps.blob_len, &kr, &st) == PGP_MALFORMED_BLOB &&
			   st == PGP_ST_MALFORMED,
		   "hashed area longer than the packet: MALFORMED recorded, "
		   "malformed blob");
		ps.blob[body + 4] = save;
		/* version 5 */
		ps.blob[body] = 5;
		ok(verdict_of(&ps, ps.blob, ps.blob_len, &kr, &st) == PGP_NOT_SIGNED &&
			   st == PGP_ST_UNSUPPORTED_VERSION,
		   "version 5 packet: UNSUPPORTED_VERSION");
		ps.blob[body] = 4;
	}
	/* The issuer key ID (unhashed) rewritten to the encryption subkey 185e6146f00650f8. */
	{
		uint8_t *p = memmem(ps.blob, ps.blob_len, keys[0].keyid, 8);

		if (p) {
			memcpy(p, keys[1].keyid, 8);
			ok(verdict_of(&ps, ps.blob, ps.blob_len, &kr, &st) == PGP_REJECTED &&
				   st == PGP_ST_KEY_CANNOT_SIGN,
			   "signature naming an encryption-only subkey: KEY_CANNOT_SIGN, rejected");
			memcpy(p, keys[0].keyid, 8);
		} else {
			ok(0, "issuer key ID found in the packet");
		}
	}
	/* framing: truncated, trailing junk, a non-signature packet, two packets */
	{
		uint8_t buf[4096];
		size_t L = ps.blob_len;

		ok(verdict_of(&ps, ps.blob, L - 1, &kr, &st) == PGP_MALFORMED_BLOB,
		   "truncated packet: malformed blob");
		memcpy(buf, ps.blob, L);
		buf[L] = 0x00;
		ok(verdict_of(&ps, buf, L + 1, &kr, &st) == PGP_MALFORMED_BLOB,
		   "trailing zero byte: malformed blob");
		buf[L] = 0xcd; /* new-format tag 13 (user ID), length 1 */
		buf[L + 1] = 1;
		buf[L + 2] = 'x';
		ok(verdict_of(&ps, buf, L + 3, &kr, &st) == PGP_MALFORMED_BLOB,
		   "a user ID packet after the signature: malformed blob");
		memcpy(buf + L, ps.blob, L);
		ok(verdict_of(&ps, buf, 2 * L, &kr, &st) == PGP_AUTHENTIC,
		   "the same signature twice: authentic");
		ok(verdict_of(&ps, buf, 0, &kr, &st) == PGP_NOT_SIGNED, "empty blob: not signed");
		/* new framing of the same body */
		{
			size_t off = 0, body, blen;
			unsigned tag;

			pgp_pkt_next(ps.blob, L, &off, &tag, &body, &blen, NULL);
			buf[0] = 0xc2;
			buf[1] = 0xff;
			buf[2] = (uint8_t)(blen >> 24);
			buf[3] = (uint8_t)(blen >> 16);
			buf[4] = (uint8_t)(blen >> 8);
			buf[5] = (uint8_t)blen;
			memcpy(buf + 6, ps.blob + body, blen);
			ok(verdict_of(&ps, buf, 6 + blen, &kr, &st) == PGP_AUTHENTIC,
			   "same signature in new packet framing (5-octet length): authentic");
			buf[1] = 0xe1; /* partial body length */
			ok(verdict_of(&ps, buf, 6 + blen, &kr, &st) == PGP_MALFORMED_BLOB,
			   "partial body length: malformed blob");
		}
	}
	/* expiry policy with a trusted clock (policy.now), and signature creation vs key */
	{
		struct pgp_sig sig;
		struct pgp_sig_result r;
		struct pgp_policy pol = {0};
		size_t used;
		struct pgp_key k2 = keys[0];

		ok(pgp_sig_parse(ps.blob, ps.blob_len, &sig, &used, NULL) == 0 &&
			   used == ps.blob_len,
		   "pgp_sig_parse: one packet, whole blob used");
		kr.keys = &k2;
		kr.n = 1;
		k2.expires = sig.created;
		ok(pgp_sig_verify(&sig, ps.spans, ps.nspans, &kr, &pol, &r) == -EKEYEXPIRED &&
			   r.status == PGP_ST_KEY_EXPIRED,
		   "key expired at the signature's time: KEY_EXPIRED");
		k2.expires = sig.created + 1;
		ok(pgp_sig_verify(&sig, ps.spans, ps.nspans, &kr, &pol, &r) == 0,
		   "key expiring a second after the signature: OK (whatever the clock says)");
		k2.expires = 0;
		k2.created = sig.created + 1;
		ok(pgp_sig_verify(&sig, ps.spans, ps.nspans, &kr, &pol, &r) == -EKEYEXPIRED,
		   "key created after the signature: KEY_EXPIRED (not yet valid)");
		k2.created = keys[0].created;
		sig.expires = 10;
		pol.now = 0;
		ok(pgp_sig_verify(&sig, ps.spans, ps.nspans, &kr, &pol, &r) == 0,
		   "signature expiry without a trusted clock: not judged");
		pol.now = sig.created + 10;
		ok(pgp_sig_verify(&sig, ps.spans, ps.nspans, &kr, &pol, &r) == -EKEYEXPIRED &&
			   r.status == PGP_ST_SIG_EXPIRED,
		   "signature expired at policy.now: SIG_EXPIRED");
	}
	for (i = 0; i < PGP_ST__COUNT; i++)
		if (!pgp_strerror((enum pgp_status)i) || !*pgp_strerror((enum pgp_status)i))
			break;
	ok(i == PGP_ST__COUNT, "pgp_strerror has a text for every status");
	{
		/* the verdict rule of pgp.h: these five and no other status reject a blob */
		unsigned want = 1u << PGP_ST_BAD | 1u << PGP_ST_KEY_EXPIRED |
				1u << PGP_ST_KEY_REVOKED | 1u << PGP_ST_KEY_CANNOT_SIGN |
				1u << PGP_ST_SIG_EXPIRED, got = 0;

		for (i = 0; i < PGP_ST__COUNT; i++)
			if (pgp_status_rejects((enum pgp_status)i))
				got |= 1u << i;
		ok(got == want, "pgp_status_rejects: BAD, KEY_EXPIRED, KEY_REVOKED, "
				"KEY_CANNOT_SIGN, SIG_EXPIRED and nothing else");
	}
	for (i = 0; i < PGP_R__COUNT; i++)
		if (!strcmp(pgp_reason_str((enum pgp_reason)i), "unknown reason"))
			break;
	ok(i == PGP_R__COUNT, "pgp_reason_str has a text for every reason");
	pkgsig_free(&ps);
}

/* Two signatures, both by trusted keys: one good and one bad rejects the header. */
static void test_mixed(void)
{
	static struct pgp_key keys[MAXK];
	const char *kf[] = {"rpm-rs/keys/rpm-testkey-v6-ed25519.asc",
			    "rpm-rs/keys/rpm-testkey-v6-rsa4k.asc", NULL};
	struct pkgsig ps;
	struct pgp_keyring kr;
	struct pgp_sig_result res[4];
	size_t n = 0;
	long nk = load_keys(kf, keys, MAXK, NULL);
	enum pgp_verdict v;

	if (nk < 0 ||
	    pkgsig_load(tdpath("rpm-rs/RPMS/v6/rpm-basic-multiple-signatures-2.3.4-5"
			       ".el9.noarch.rpm"),
			&ps) ||
	    ps.nitems != 2) {
		ok(0, "mixed: load");
		return;
	}
	kr.keys = keys;
	kr.n = (size_t)nk;
	/* last byte of the second (RSA) packet: the signature value */
	ps.blob[ps.items[1].off + ps.items[1].len - 1] ^= 0x01;
	v = pgp_blob_verify(ps.blob, ps.blob_len, ps.spans, ps.nspans, &kr, NULL, res, 4, &n, NULL);
	ok(v == PGP_REJECTED && n == 2 && res[0].status == PGP_ST_OK && res[1].status == PGP_ST_BAD,
	   "v6 Ed25519 OK + v6 RSA with a flipped signature bit (both keys trusted): REJECTED");
	kr.n = 2; /* the Ed25519 key only: the bad RSA signature names no trusted key */
	v = pgp_blob_verify(ps.blob, ps.blob_len, ps.spans, ps.nspans, &kr, NULL, res, 4, &n, NULL);
	ok(v == PGP_AUTHENTIC && res[1].status == PGP_ST_NOKEY,
	   "same, RSA key not trusted: its signature is ignored (NOKEY), AUTHENTIC");
	pkgsig_free(&ps);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: test-keys TESTDATA_DIR\n");
		return 2;
	}
	td = argv[1];
	test_rfc8032();
	test_keyfiles();
	test_packages();
	test_special();
	test_mixed();
	test_flips();
	printf("1..%d\n", ntest);
	return nfail ? 1 : 0;
}
