// SPDX-License-Identifier: MIT
/*
 * mkinitrd/inspect.c — look at an image: --list, --verify, --predict.
 *
 * --verify and --predict run the shim's own code (diglist/diglist.h:
 * dg_list_check_build) on each list, with the keyring compiled into this binary plus
 * --key files (dg_keyring_add_file, as diginit --key), so what they
 * accept and the compact bytes they hash are exactly what diginit uploads at boot.
 *
 * All three read the image with the shim's reader (mk_image_read: dg_image_open), which
 * rejects the whole image for any entry the generator does not write.
 *
 * --predict first prints "image sha256:HEX", the SHA-256 of the image file (what GRUB
 * measures into PCR 9 when it loads the file), then the kernel's events: the kernel
 * measures each accepted, non-empty compact list with
 * ima_measure_critical_data("diglim", label, buf, len, hash, ...), in upload order
 * (name order), then the seal (diginit writes "1" to seal after the last list) with
 * ima_measure_critical_data("diglim", "diglim/seal", text, len, false, ...), text =
 * "lists=<n> trusted=<t>" (ASCII, no newline, no NUL): n lists loaded, t of them
 * trusted (uploaded by PID 1 before its first execve()). At boot diginit (PID 1)
 * uploads every accepted non-empty list into a fresh table, so n = t = the number of
 * list events. The template is ima-buf (d-ng | n-ng | buf). Field data, as IMA builds
 * it (security/integrity/ima/ima_template_lib.c, Linux 6.1):
 *   d-ng  "sha256" ':' '\0' ‖ digest            digest = sha256(buf)   (hash == false)
 *                                                        sha256(sha256(buf)) (hash == true)
 *   n-ng  label ‖ '\0'                          (spaces would become '_'; names have none)
 *   buf   buf                                    (hash == true: sha256(buf))
 * Template digest per PCR bank (ima_calc_field_array_hash_tfm): H over, for each field,
 * u32 length (host order = little-endian on x86; also with ima_canonical_fmt) ‖ data.
 * --buf-hash (hash == true) models a kernel that measures the lists' buffers with
 * hash=true; the seal is measured with hash=false by every kernel of the contract, so
 * its event does not change with --buf-hash.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bearssl/bearssl_hash.h>

#include "mk.h"

int mk_cmd_list(const char *img)
{
	struct mk_set s = { 0 };
	int r = mk_image_read(img, &s, NULL);

	if (r < 0)
		return MK_EXIT_FAIL;
	for (size_t i = 0; i < s.n; i++) {
		struct rh_ctx ctx;
		struct rh_nevra nv;

		const uint8_t *b = s.v[i].buf;
		size_t n = s.v[i].len, tail = RH_MODSIG_LEN + RH_MARKER_LEN;
		const char *note = "";

		if (rh_parse_list(&ctx, b, n) < 0) {
			/* an --allow-unsigned list: signed string, sig_len 0, marker */
			static const uint8_t nosig[RH_MODSIG_LEN] = { 0 };

			if (n > tail && !memcmp(b + n - tail, nosig, RH_MODSIG_LEN) &&
			    !memcmp(b + n - RH_MARKER_LEN, RH_MARKER, RH_MARKER_LEN) &&
			    rh_parse_signed(&ctx, b, n - tail) == 0)
				note = "\t(unsigned)";
		}
		if (ctx.err || rh_nevra(&ctx, &nv) < 0) {
			printf("%s\t(unparsable: %s)\n", s.v[i].name, rh_strerror(ctx.err));
			r = -EINVAL;
			continue;
		}
		if (nv.has_epoch)
			printf("%s\t%s-%u:%s-%s.%s%s\n", s.v[i].name, nv.name, nv.epoch,
			       nv.version, nv.release, nv.arch, note);
		else
			printf("%s\t%s-%s-%s.%s%s\n", s.v[i].name, nv.name, nv.version,
			       nv.release, nv.arch, note);
	}
	mk_set_free(&s);
	return r < 0 ? MK_EXIT_FAIL : MK_EXIT_OK;
}

/* ---- keyring: compiled-in keys plus --key files (diglist/keyfile.c) ---- */

static struct dg_keyring *keyring;

static int ring_load(char **files, size_t nfiles)
{
	struct pgp_err err;
	int r;

	keyring = mk_xmalloc(sizeof(*keyring));
	r = dg_keyring_init(keyring);
	if (r < 0)
		mk_err("compiled-in keyring: %s", strerror(-r));
	for (size_t i = 0; r == 0 && i < nfiles; i++) {
		r = dg_keyring_add_file(keyring, files[i], &err);
		if (r < 0 && err.reason)
			mk_err("--key %s: %s at byte %zu", files[i], pgp_reason_str(err.reason),
			       err.off);
		else if (r < 0)
			mk_err("--key %s: %s", files[i], strerror(-r));
	}
	if (r < 0) {
		free(keyring);
		keyring = NULL;
	}
	return r;
}

static void ring_free(void)
{
	free(keyring);
	keyring = NULL;
}

/* Verify one list with the shim's function; *cbuf receives the compact list. */
static int verify_one(const struct mk_list *li, uint8_t **cbuf, size_t *clen,
		      struct dg_outcome *res)
{
	size_t cap = 0;
	int r;

	*cbuf = NULL;
	*clen = 0;
	for (;;) {
		r = dg_list_check_build(li->buf, li->len, &keyring->ring, *cbuf, cap, clen, res);
		if (r != -ENOSPC || res->compact_len <= cap)
			return r;
		cap = res->compact_len;
		free(*cbuf);
		*cbuf = mk_xmalloc(cap);
	}
}

int mk_cmd_verify(const char *img, char **keyfiles, size_t nkeys)
{
	struct mk_set s = { 0 };
	unsigned ok = 0, bad = 0;

	if (ring_load(keyfiles, nkeys) < 0)
		return MK_EXIT_USAGE;
	if (mk_image_read(img, &s, NULL) < 0) {  /* in name order: the shim's */
		ring_free();
		return MK_EXIT_FAIL;
	}
	for (size_t i = 0; i < s.n; i++) {
		struct dg_outcome res;
		uint8_t *c;
		size_t clen;
		char why[DG_REASON_MAX], nevra[DG_NEVRA_MAX];

		if (verify_one(&s.v[i], &c, &clen, &res) < 0) {
			dg_reason_format(&res, why, sizeof(why));
			printf("FAIL %s: %s\n", s.v[i].name, why);
			bad++;
		} else {
			dg_nevra_format(&res.nevra, nevra, sizeof(nevra));
			if (!mk_quiet)
				printf("OK %s %s %u digests (%u immutable)\n", s.v[i].name, nevra,
				       res.ndigests, res.nimmutable);
			ok++;
		}
		free(c);
	}
	mk_info("%s: %u lists OK, %u failed", img, ok, bad);
	mk_set_free(&s);
	ring_free();
	return bad ? MK_EXIT_FAIL : MK_EXIT_OK;
}

static void sha256(const uint8_t *p, size_t n, uint8_t out[32])
{
	br_sha256_context c;

	br_sha256_init(&c);
	br_sha256_update(&c, p, n);
	br_sha256_out(&c, out);
}

/* One template field into a bank's hash: le32 length ‖ data. */
static void field(const br_hash_class **h, const uint8_t *p, size_t n)
{
	uint8_t l[4] = { (uint8_t)n, (uint8_t)(n >> 8), (uint8_t)(n >> 16), (uint8_t)(n >> 24) };

	(*h)->update(h, l, 4);
	(*h)->update(h, p, n);
}

static void template_digest(const br_hash_class *cls, const uint8_t *dng, size_t dng_len,
			    const char *name, const uint8_t *buf, size_t buf_len, uint8_t *out)
{
	br_hash_compat_context c;

	cls->init(&c.vtable);
	field(&c.vtable, dng, dng_len);
	field(&c.vtable, (const uint8_t *)name, strlen(name) + 1);
	field(&c.vtable, buf, buf_len);
	cls->out(&c.vtable, out);
}

/*
 * Print one predicted event: NAME sha256:D ima-buf sha256:T256 sha1:T1, D the SHA-256 of
 * buf (the d-ng digest when hash == false), T the template digests of the sha256 and sha1
 * banks. hash: the kernel measures with hash=true (see the top of this file).
 */
static void print_event(const char *name, const uint8_t *buf, size_t len, int hash)
{
	uint8_t d[32], inner[32], dng[8 + 32], t256[32], t1[20];
	char h1[65], h2[65], h3[41];
	const uint8_t *field_buf = buf;
	size_t field_len = len;

	sha256(buf, len, d);
	memcpy(dng, "sha256:", 8); /* "sha256" ':' '\0' */
	if (hash) {
		memcpy(inner, d, 32);
		sha256(inner, 32, dng + 8);
		field_buf = inner;
		field_len = 32;
	} else {
		memcpy(dng + 8, d, 32);
	}
	template_digest(&br_sha256_vtable, dng, sizeof(dng), name, field_buf, field_len, t256);
	template_digest(&br_sha1_vtable, dng, sizeof(dng), name, field_buf, field_len, t1);
	pgp_hex(d, 32, h1);
	pgp_hex(t256, 32, h2);
	pgp_hex(t1, 20, h3);
	printf("%s sha256:%s ima-buf sha256:%s sha1:%s\n", name, h1, h2, h3);
}

int mk_cmd_predict(const char *img, int buf_hash, char **keyfiles, size_t nkeys)
{
	struct mk_set s = { 0 };
	unsigned bad = 0, nevents = 0;
	struct mk_image_sums sums;
	char seal[64], imghex[65];
	int n;

	if (ring_load(keyfiles, nkeys) < 0)
		return MK_EXIT_USAGE;
	if (mk_image_read(img, &s, &sums) < 0) {
		ring_free();
		return MK_EXIT_FAIL;
	}
	/* the image file itself, as a boot loader measures it (GRUB: PCR 9), then the
	 * archives systemd-stub measures into PCR 12 when it is a credential */
	pgp_hex(sums.file, sizeof(sums.file), imghex);
	printf("image sha256:%s\n", imghex);
	pgp_hex(sums.stub, sizeof(sums.stub), imghex);
	printf("stub-credentials sha256:%s\n", imghex);
	pgp_hex(sums.stub_global, sizeof(sums.stub_global), imghex);
	printf("stub-global-credentials sha256:%s\n", imghex);
	for (size_t i = 0; i < s.n; i++) {
		struct dg_outcome res;
		uint8_t *c;
		size_t clen;
		char why[DG_REASON_MAX];

		if (verify_one(&s.v[i], &c, &clen, &res) < 0) {
			dg_reason_format(&res, why, sizeof(why));
			mk_warn("%s: rejected, no event: %s", s.v[i].name, why);
			bad++;
			free(c);
			continue;
		}
		if (clen == 0) {  /* nothing uploaded, nothing measured */
			mk_debug("%s: no digests, no event", s.v[i].name);
			free(c);
			continue;
		}
		print_event(s.v[i].name, c, clen, buf_hash);
		nevents++;
		free(c);
	}
	/* The seal: every list diginit uploaded at boot is loaded and trusted. */
	n = snprintf(seal, sizeof(seal), "lists=%u trusted=%u", nevents, nevents);
	print_event(MK_SEAL_EVENT, (const uint8_t *)seal, (size_t)n, 0);
	mk_set_free(&s);
	ring_free();
	return bad ? MK_EXIT_FAIL : MK_EXIT_OK;
}
