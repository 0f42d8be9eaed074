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
 * measures into PCR 9 when it loads the file), and the SHA-256 of the archives
 * systemd-stub builds around it as a credential (PCR 12), then the kernel's one event.
 * diginit (PID 1) uploads each accepted, non-empty compact list in name order, then
 * writes "1" to seal. The lists PID 1 uploads before the table closes are measured
 * together, in the seal's event (Linux with kernel-patch/series, issue 17: one PCR
 * extend per boot, not one per list):
 *   ima_measure_critical_data("diglim", "diglim/seal", text, len, false, ...),
 *   text = "lists=<n> trusted=<t>" then, for each list in upload order, '\n' and its
 *   name in digest_lists_loaded/: "sha256-<hex of sha256(list)>-<label>", the label
 *   (the list's file name) cut to MK_LABEL_MAX bytes; ASCII, no final newline, no NUL.
 * n lists loaded, t of them trusted; at boot n = t = the number of lists. One "list
 * NAME" line per list comes before the event, so that a verifier can match each line
 * of the event's data to a list of the image. The template is ima-buf
 * (d-ng | n-ng | buf). Field data, as IMA builds it
 * (security/integrity/ima/ima_template_lib.c, Linux 6.1):
 *   d-ng  "sha256" ':' '\0' ‖ sha256(text)
 *   n-ng  "diglim/seal" ‖ '\0'
 *   buf   text
 * Template digest per PCR bank (ima_calc_field_array_hash_tfm): H over, for each field,
 * u32 length (host order = little-endian on x86; also with ima_canonical_fmt) ‖ data.
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
 * buf (the d-ng digest), T the template digests of the sha256 and sha1 banks.
 */
static void print_event(const char *name, const uint8_t *buf, size_t len)
{
	uint8_t dng[8 + 32], t256[32], t1[20];
	char h1[65], h2[65], h3[41];

	memcpy(dng, "sha256:", 8); /* "sha256" ':' '\0' */
	sha256(buf, len, dng + 8);
	template_digest(&br_sha256_vtable, dng, sizeof(dng), name, buf, len, t256);
	template_digest(&br_sha1_vtable, dng, sizeof(dng), name, buf, len, t1);
	pgp_hex(dng + 8, 32, h1);
	pgp_hex(t256, 32, h2);
	pgp_hex(t1, 20, h3);
	printf("%s sha256:%s ima-buf sha256:%s sha1:%s\n", name, h1, h2, h3);
}

/* Append "\n" NAME to the seal's text; NAME is the list's name in the kernel. */
static int seal_add(char **text, size_t *len, const char *name)
{
	size_t n = strlen(name);
	char *t = realloc(*text, *len + 1 + n);

	if (!t)
		return -1;
	t[*len] = '\n';
	memcpy(t + *len + 1, name, n);
	*text = t;
	*len += 1 + n;
	return 0;
}

int mk_cmd_predict(const char *img, char **keyfiles, size_t nkeys)
{
	struct mk_set s = { 0 };
	unsigned bad = 0, nlists = 0;
	struct mk_image_sums sums;
	char head[64], imghex[65], name[MK_LIST_NAME_MAX];
	char *text = NULL, *seal;
	size_t tlen = 0;
	int n, rc = MK_EXIT_OK;

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
		uint8_t *c, d[32];
		size_t clen;
		char why[DG_REASON_MAX], hex[65];

		if (verify_one(&s.v[i], &c, &clen, &res) < 0) {
			dg_reason_format(&res, why, sizeof(why));
			mk_warn("%s: rejected, no event: %s", s.v[i].name, why);
			bad++;
			free(c);
			continue;
		}
		if (clen == 0) {  /* nothing uploaded, nothing measured */
			mk_debug("%s: no digests, not uploaded", s.v[i].name);
			free(c);
			continue;
		}
		sha256(c, clen, d);
		free(c);
		pgp_hex(d, sizeof(d), hex);
		snprintf(name, sizeof(name), "sha256-%s-%.*s", hex, MK_LABEL_MAX, s.v[i].name);
		printf("list %s\n", name);
		if (seal_add(&text, &tlen, name) < 0) {
			mk_err("out of memory");
			rc = MK_EXIT_FAIL;
			goto out;
		}
		nlists++;
	}
	/* The seal: every list diginit uploaded at boot is loaded and trusted. */
	n = snprintf(head, sizeof(head), "lists=%u trusted=%u", nlists, nlists);
	seal = malloc((size_t)n + tlen);
	if (!seal) {
		mk_err("out of memory");
		rc = MK_EXIT_FAIL;
		goto out;
	}
	memcpy(seal, head, (size_t)n);
	if (tlen)
		memcpy(seal + n, text, tlen);
	print_event(MK_SEAL_EVENT, (const uint8_t *)seal, (size_t)n + tlen);
	free(seal);
	rc = bad ? MK_EXIT_FAIL : MK_EXIT_OK;
out:
	free(text);
	mk_set_free(&s);
	ring_free();
	return rc;
}
