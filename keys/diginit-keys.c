/* SPDX-License-Identifier: MIT */
/*
 * keys/diginit-keys.c — host tool: list OpenPGP public keys, and generate the C file of
 * the trusted keyring compiled into the shim (`embed`).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pgp.h"

#ifndef DIGINIT_VERSION
#define DIGINIT_VERSION "unknown"
#endif

#define MAX_KEYS_PER_FILE 256
#define MAX_FILE_SIZE	  (16u << 20)

static int verbose, quiet;

static void usage(FILE *f)
{
	fprintf(f, "Usage: diginit-keys [OPTIONS] list KEYFILE...\n"
		   "       diginit-keys [OPTIONS] embed [-o OUT.c] KEYFILE...\n"
		   "\n"
		   "  list   print fingerprint, key ID, algorithm, size, flags of every key and "
		   "subkey\n"
		   "  embed  write the C source of the trusted keyring (struct pgp_keyring\n"
		   "         pgp_trusted_keyring) for the shim\n"
		   "\n"
		   "  -o, --output FILE  embed: write to FILE instead of standard output\n"
		   "  -v, --verbose      more detail\n"
		   "  -q, --quiet        only errors\n"
		   "  -h, --help         this help\n"
		   "      --version      print the version\n");
}

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	size_t n;

	if (!f)
		return NULL;
	buf = malloc(MAX_FILE_SIZE + 1);
	if (!buf) {
		fclose(f);
		return NULL;
	}
	n = fread(buf, 1, MAX_FILE_SIZE + 1, f);
	if (ferror(f) || n > MAX_FILE_SIZE) {
		int e = ferror(f) ? EIO : EFBIG;

		fclose(f);
		free(buf);
		errno = e;
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* Parse one file into keys[0..cap); returns record count or -1 (message printed). */
static long load(const char *path, struct pgp_key *keys, size_t cap)
{
	size_t len = 0, n = 0;
	uint8_t *in = read_file(path, &len), *scratch;
	struct pgp_err err = {PGP_R_NONE, 0};
	int rc;

	if (!in) {
		fprintf(stderr, "diginit-keys: %s: %s\n", path, strerror(errno));
		return -1;
	}
	scratch = malloc(len + 1);
	if (!scratch) {
		free(in);
		fprintf(stderr, "diginit-keys: out of memory\n");
		return -1;
	}
	rc = pgp_keys_parse(in, len, scratch, len + 1, keys, cap, &n, &err);
	free(scratch);
	free(in);
	if (rc) {
		fprintf(stderr, "diginit-keys: %s: %s (%s at byte %zu)\n", path, strerror(-rc),
			pgp_reason_str(err.reason), err.off);
		return -1;
	}
	return (long)n;
}

static void upper_hex(const uint8_t *p, size_t n, char *out)
{
	size_t i;

	pgp_hex(p, n, out);
	for (i = 0; out[i]; i++)
		if (out[i] >= 'a' && out[i] <= 'f')
			out[i] = (char)(out[i] - 'a' + 'A');
}

static void fmt_date(uint32_t t, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(buf, n, "%Y-%m-%d", &tm);
}

static void print_key(const struct pgp_key *k)
{
	char fpr[2 * PGP_MAX_FPR + 1], kid[17], cr[16], ex[16];
	const char *curve = pgp_curve_name(k->curve);

	upper_hex(k->fpr, k->fpr_len, fpr);
	upper_hex(k->keyid, 8, kid);
	fmt_date(k->created, cr, sizeof(cr));
	printf("%s v%u %s%s%s %u  keyid %s  created %s", (k->flags & PGP_KF_SUBKEY) ? "sub" : "pub",
	       k->version, pgp_pkalgo_name(k->algo), *curve ? "/" : "", curve, k->bits, kid, cr);
	if (k->expires) {
		fmt_date(k->expires, ex, sizeof(ex));
		printf("  expires %s", ex);
	}
	printf("  [%s%s%s%s]\n", (k->flags & PGP_KF_CAN_SIGN) ? "sign" : "no-sign",
	       (k->flags & PGP_KF_SUPPORTED) ? "" : ",unsupported",
	       (k->flags & PGP_KF_REVOKED) ? ",revoked" : "",
	       (k->flags & PGP_KF_SUBKEY) && !(k->flags & PGP_KF_BOUND) ? ",unbound" : "");
	printf("    fingerprint %s\n", fpr);
}

static int cmd_list(int argc, char **argv)
{
	static struct pgp_key keys[MAX_KEYS_PER_FILE];
	int i, bad = 0;

	for (i = 0; i < argc; i++) {
		long n = load(argv[i], keys, MAX_KEYS_PER_FILE), j;

		if (n < 0) {
			bad = 1;
			continue;
		}
		printf("%s:\n", argv[i]);
		for (j = 0; j < n; j++)
			print_key(&keys[j]);
	}
	return bad;
}

static void emit_bytes(FILE *o, const char *name, const uint8_t *p, size_t n)
{
	size_t i;

	fprintf(o, "\t\t.%s = {", name);
	for (i = 0; i < n; i++)
		fprintf(o, "%s0x%02x,", i % 12 ? " " : "\n\t\t\t", p[i]);
	fprintf(o, "\n\t\t},\n");
}

#define MAX_EMBED_KEYS 4096

/* Every key file's records into keys[0..*total), each subkey's .primary shifted to the
   index of its primary in the whole array; src[i] names record i's file. 0 or -1. */
static int load_all(int argc, char **argv, struct pgp_key *keys, const char **src,
		    size_t *total)
{
	int i;

	for (i = 0; i < argc; i++) {
		long n = load(argv[i], keys + *total, MAX_EMBED_KEYS - *total), k;
		int can = 0;

		if (n < 0)
			return -1;
		for (k = 0; k < n; k++) {
			struct pgp_key *key = &keys[*total + (size_t)k];

			key->primary = (uint16_t)(key->primary + *total);
			src[*total + (size_t)k] = argv[i];
			if (key->flags & PGP_KF_CAN_SIGN)
				can = 1;
		}
		if (!can && !quiet)
			fprintf(stderr,
				"diginit-keys: warning: %s: no key that can sign "
				"with a supported algorithm\n",
				argv[i]);
		*total += (size_t)n;
		if (*total > 0xffff) {
			fprintf(stderr, "diginit-keys: too many keys\n");
			return -1;
		}
	}
	return 0;
}

/* One record of the generated array, with a comment naming it. */
static void emit_key(FILE *o, size_t j, const struct pgp_key *k, const char *src)
{
	char fpr[2 * PGP_MAX_FPR + 1];

	pgp_hex(k->fpr, k->fpr_len, fpr);
	fprintf(o, "\t/* [%zu] %s: %s v%u %s %u %s%s */\n", j, src,
		(k->flags & PGP_KF_SUBKEY) ? "subkey" : "primary", k->version,
		pgp_pkalgo_name(k->algo), k->bits, fpr,
		(k->flags & PGP_KF_CAN_SIGN) ? "" : " (cannot sign)");
	fprintf(o, "\t{\n");
	fprintf(o,
		"\t\t.version = %u, .algo = %u, .curve = %u, .flags = 0x%02x,"
		" .keyflags = 0x%02x,\n",
		k->version, k->algo, k->curve, k->flags, k->keyflags);
	fprintf(o,
		"\t\t.fpr_len = %u, .bits = %u, .primary = %u, .mat_len = %u,"
		" .e_len = %u,\n",
		k->fpr_len, k->bits, k->primary, k->mat_len, k->e_len);
	fprintf(o, "\t\t.created = %uu, .expires = %uu,\n", k->created, k->expires);
	emit_bytes(o, "fpr", k->fpr, k->fpr_len);
	emit_bytes(o, "keyid", k->keyid, 8);
	if (k->e_len)
		emit_bytes(o, "e", k->e, k->e_len);
	if (k->mat_len)
		emit_bytes(o, "mat", k->mat, k->mat_len);
	fprintf(o, "\t},\n");
}

/* The generated C file: keys[0..total) as pgp_trusted_keyring. */
static void emit_keyring(FILE *o, int nfiles, const struct pgp_key *keys, const char **src,
			 size_t total)
{
	size_t j;

	fprintf(o, "/* Generated by diginit-keys embed from %d key file(s); do not edit. */\n",
		nfiles);
	fprintf(o, "#include \"pgp.h\"\n\n");
	if (!total) {
		fprintf(o, "const struct pgp_keyring pgp_trusted_keyring = { 0, 0 };\n");
		return;
	}
	fprintf(o, "static const struct pgp_key trusted_keys[%zu] = {\n", total);
	for (j = 0; j < total; j++)
		emit_key(o, j, &keys[j], src[j]);
	fprintf(o, "};\n\nconst struct pgp_keyring pgp_trusted_keyring = { trusted_keys, %zu };\n",
		total);
}

static int cmd_embed(const char *out, int argc, char **argv)
{
	static struct pgp_key keys[MAX_EMBED_KEYS];
	static const char *src[MAX_EMBED_KEYS];
	size_t total = 0, nsign = 0, j;
	FILE *o;
	int c;

	if (load_all(argc, argv, keys, src, &total))
		return 1;
	o = out ? fopen(out, "w") : stdout;
	if (!o) {
		fprintf(stderr, "diginit-keys: %s: %s\n", out, strerror(errno));
		return 1;
	}
	emit_keyring(o, argc, keys, src, total);
	if (out)
		c = fclose(o);
	else
		c = fflush(o);
	if (c) {
		fprintf(stderr, "diginit-keys: %s: write error\n", out ? out : "stdout");
		return 1;
	}
	for (j = 0; j < total; j++)
		if (keys[j].flags & PGP_KF_CAN_SIGN)
			nsign++;
	if (verbose)
		fprintf(stderr, "diginit-keys: %zu key records, %zu can sign\n", total, nsign);
	return 0;
}

static const struct option opts[] = {
	{"output", required_argument, 0, 'o'}, {"verbose", no_argument, 0, 'v'},
	{"quiet", no_argument, 0, 'q'},	       {"help", no_argument, 0, 'h'},
	{"version", no_argument, 0, 'V'},      {0, 0, 0, 0},
};

/*
 * Options before the command and after it share one parser. Returns -1 to go on, or the
 * exit status for -h, --version and a bad option.
 */
static int parse_opts(int argc, char **argv, const char *optstring, const char **out)
{
	int c;

	while ((c = getopt_long(argc, argv, optstring, opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			*out = optarg;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("diginit-keys %s\n", DIGINIT_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	return -1;
}

int main(int argc, char **argv)
{
	const char *out = NULL, *cmd;
	int r;

	/* "+": stop at the command; its own options may follow it */
	r = parse_opts(argc, argv, "+o:vqh", &out);
	if (r >= 0)
		return r;
	cmd = argv[optind++];
	r = parse_opts(argc, argv, "o:vqh", &out);
	if (r >= 0)
		return r;
	if (!strcmp(cmd, "list"))
		return cmd_list(argc - optind, argv + optind);
	if (!strcmp(cmd, "embed"))
		return cmd_embed(out, argc - optind, argv + optind);
	fprintf(stderr, "diginit-keys: unknown command '%s'\n", cmd);
	usage(stderr);
	return 2;
}
