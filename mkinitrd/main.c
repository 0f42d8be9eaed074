// SPDX-License-Identifier: MIT
/*
 * mkinitrd/main.c — diginit-mkinitrd: the command line (options and how they combine),
 * then either an inspection (inspect.c) or a build, whose steps (mk.h) it orders:
 * lock, the no-change check (stamp.c), read the headers, name, write, stamp, summary.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mk.h"

#ifndef DIGINIT_VERSION
#define DIGINIT_VERSION "unknown"
#endif
#ifndef MK_DEFAULT_IMAGE
#define MK_DEFAULT_IMAGE "/boot/diginit.img"
#endif

enum { OPT_ROOT = 256, OPT_DBPATH, OPT_DEFINE, OPT_RPM, OPT_DIR, OPT_UPDATE, OPT_LIST,
       OPT_VERIFY, OPT_PREDICT, OPT_KEY, OPT_ALLOW_UNSIGNED, OPT_FORCE,
       OPT_VERSION };

static const struct option longopts[] = {
	{ "root", required_argument, NULL, OPT_ROOT },
	{ "dbpath", required_argument, NULL, OPT_DBPATH },
	{ "define", required_argument, NULL, 'D' },
	{ "rpm", no_argument, NULL, OPT_RPM },
	{ "dir", required_argument, NULL, OPT_DIR },
	{ "output", required_argument, NULL, 'o' },
	{ "update", no_argument, NULL, OPT_UPDATE },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "allow-unsigned", no_argument, NULL, OPT_ALLOW_UNSIGNED },
	{ "list", required_argument, NULL, OPT_LIST },
	{ "verify", required_argument, NULL, OPT_VERIFY },
	{ "predict", required_argument, NULL, OPT_PREDICT },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *f)
{
	fprintf(f,
"Usage: %s [OPTION]...                build the digest-list image from the rpmdb\n"
"       %s --rpm [OPTION]... FILE.rpm...   ... from package files\n"
"       %s --list|--verify|--predict IMAGE [--key FILE]...\n"
"\n"
"Build:\n"
"  -o, --output IMAGE     image to write (default " MK_DEFAULT_IMAGE ", under --root)\n"
"      --dir DIR          write the list files into DIR instead of an image\n"
"      --update           trigger mode: rewrite the image only if it changed, quietly\n"
"      --force            read every header and rewrite the image even if unchanged\n"
"      --root DIR         use the rpmdb (and default image) below DIR\n"
"      --dbpath PATH      rpmdb directory (as rpm --dbpath)\n"
"  -D, --define 'MACRO EXPR'  define an rpm macro (e.g. '_db_backend bdb_ro')\n"
"      --rpm              the arguments are package files, not the rpmdb\n"
"      --allow-unsigned   keep packages whose header has no signature\n"
"Inspect:\n"
"      --list IMAGE       print the lists in an image and their packages\n"
"      --verify IMAGE     run diginit's verification on every list\n"
"      --predict IMAGE    print the image's digests as boot loaders measure it,\n"
"                         each list's name in the kernel, and the one IMA event\n"
"                         that measures them all at the seal (name, sha256 of\n"
"                         the measured buffer, ima-buf template digests)\n"
"      --key FILE         trust the keys in FILE too (--verify, --predict)\n"
"Common:\n"
"  -v, --verbose          more messages\n"
"  -q, --quiet            errors only\n"
"  -h, --help             this text\n"
"      --version          print the version\n"
"Exit status: 0 ok, 1 failure, 2 usage.\n", mk_prog, mk_prog, mk_prog);
}

/* What the command line asked for. */
struct cli {
	struct mk_opts o;
	const char *output, *dir, *inspect;
	char **keys;       /* --key files (argv pointers) */
	size_t nkeys, ndefs;
	int mode;          /* 0 (build), OPT_LIST, OPT_VERIFY, OPT_PREDICT */
	int from_rpm, update;
	char *dbpath_abs;  /* --dbpath made absolute (owned) */
};

/* One option into c. Returns -1 to go on, or the exit code. */
static int take_option(struct cli *c, int opt)
{
	switch (opt) {
	case OPT_ROOT: c->o.root = optarg; break;
	case OPT_DBPATH: c->o.dbpath = optarg; break;
	case 'D':
		c->o.defines = mk_xrealloc(c->o.defines, (c->ndefs + 2) * sizeof(char *));
		c->o.defines[c->ndefs++] = optarg;
		c->o.defines[c->ndefs] = NULL;
		break;
	case OPT_RPM: c->from_rpm = 1; break;
	case OPT_DIR: c->dir = optarg; break;
	case 'o': c->output = optarg; break;
	case OPT_UPDATE: c->update = 1; break;
	case OPT_FORCE: c->o.force = 1; break;
	case OPT_ALLOW_UNSIGNED: c->o.allow_unsigned = 1; break;
	case OPT_LIST: case OPT_VERIFY: case OPT_PREDICT:
		if (c->mode) {
			mk_err("--list, --verify and --predict exclude each other");
			return MK_EXIT_USAGE;
		}
		c->mode = opt;
		c->inspect = optarg;
		break;
	case OPT_KEY: c->keys[c->nkeys++] = optarg; break;
	case 'v': c->o.verbose++; break;
	case 'q': c->o.quiet = 1; break;
	case 'h': usage(stdout); return MK_EXIT_OK;
	case OPT_VERSION:
		printf("diginit-mkinitrd %s\n", DIGINIT_VERSION);
		return MK_EXIT_OK;
	default: usage(stderr); return MK_EXIT_USAGE;
	}
	return -1;
}

/* The options, then the checks of how they combine. Returns -1 to go on, or the exit
 * code. */
static int parse_args(int argc, char **argv, struct cli *c)
{
	int opt, rc;

	while ((opt = getopt_long(argc, argv, "o:D:vqh", longopts, NULL)) != -1)
		if ((rc = take_option(c, opt)) >= 0)
			return rc;
	mk_verbose = c->o.verbose;
	mk_quiet = c->o.quiet;
	if (c->mode) {
		if (optind != argc || c->output || c->dir || c->from_rpm || c->update) {
			mk_err("--list/--verify/--predict take one image and no build option");
			return MK_EXIT_USAGE;
		}
		return -1;
	}
	if (c->nkeys) {
		mk_err("--key goes with --verify/--predict");
		return MK_EXIT_USAGE;
	}
	if ((optind != argc) != c->from_rpm ||
	    (c->from_rpm && (c->o.root || c->o.dbpath || c->ndefs)) || (c->dir && c->output) ||
	    (c->dir && c->update)) {
		mk_err(c->from_rpm ? "--rpm needs package files and no rpmdb option" :
		       optind != argc ? "unexpected argument '%s' (package files need --rpm)" :
		       "--dir excludes -o and --update", optind < argc ? argv[optind] : "");
		usage(stderr);
		return MK_EXIT_USAGE;
	}
	if (c->update)
		mk_quiet = c->o.quiet = !c->o.verbose;
	return -1;
}

/* --list, --verify, --predict. */
static int inspect(const struct cli *c)
{
	if (c->mode == OPT_LIST)
		return mk_cmd_list(c->inspect);
	if (c->mode == OPT_VERIFY)
		return mk_cmd_verify(c->inspect, c->keys, c->nkeys);
	return mk_cmd_predict(c->inspect, c->keys, c->nkeys);
}

/* The output path (owned by the caller), and --dbpath made absolute. 0 or -errno. */
static int resolve_paths(struct cli *c, char **outpath)
{
	*outpath = NULL;
	/* rpm takes --dbpath below the root ("/" by default): a relative path given
	 * without --root means the current directory, as a user expects */
	if (c->o.dbpath && c->o.dbpath[0] != '/' && !c->o.root) {
		char *cwd = getcwd(NULL, 0);

		if (!cwd) {
			mk_err("getcwd: %s", strerror(errno));
			return -errno;
		}
		c->dbpath_abs = mk_xasprintf("%s/%s", cwd, c->o.dbpath);
		free(cwd);
		c->o.dbpath = c->dbpath_abs;
	}
	if (c->dir) {
		*outpath = mk_xstrdup(c->dir);
		while (strlen(*outpath) > 1 && (*outpath)[strlen(*outpath) - 1] == '/')
			(*outpath)[strlen(*outpath) - 1] = '\0';
	} else if (c->output) {
		*outpath = mk_xstrdup(c->output);
	} else {
		*outpath = mk_xasprintf("%s%s",
					c->o.root && strcmp(c->o.root, "/") ? c->o.root : "",
					MK_DEFAULT_IMAGE);
	}
	return 0;
}

/* One build: what was read, and what the no-change check knows. */
struct build {
	const char *outpath;
	struct mk_stats st;
	struct mk_set set;
	struct mk_buf img;
	struct mk_db *db;
	struct mk_dbid id;
	struct mk_stamp_key key;
	struct stat imgst;
	int have_key, consistent, unchanged;
};

/* Read the headers into b->set. Returns 0, 1 (the image is up to date: nothing read),
 * 2 (a package file could not be read: the others were), or -1 (the rpmdb could not be
 * opened or read: fatal). */
static int read_headers(const struct cli *c, char **files, size_t nfiles, struct build *b)
{
	const char *why = "--force";

	if (c->from_rpm) {
		return mk_from_rpm_files(&c->o, files, nfiles, &b->set, &b->st) < 0 ? 2 : 0;
	}
	if (mk_db_open(&c->o, &b->db) < 0)
		return -1;
	/* The no-change check (stamp.c): only for an image built from the rpmdb. */
	if (!c->dir) {
		b->have_key = mk_db_id(b->db, &b->id) == 0 &&
			      mk_stamp_key(&c->o, &b->id, &b->key) == 0;
		if (!b->have_key)
			why = "rpmdb cookie unavailable";
		else if (!c->o.force && mk_stamp_check(b->outpath, &b->key, &b->st, &why)) {
			mk_debug("%s: up to date (%s); no header read", b->outpath, why);
			b->unchanged = 1;
			return 1;
		}
		mk_debug("%s: full build: %s", b->outpath, why);
	}
	return mk_db_read(b->db, &c->o, &b->set, &b->st, &b->consistent) < 0 ? -1 : 0;
}

/* After a good image build from the rpmdb: record the stamp when the image provably
 * is the one for the rpmdb's cookie. */
static void stamp_after(const struct build *b)
{
	struct mk_dbid after;
	int r;

	if (!b->consistent) {
		mk_debug("%s: no stamp: the headers read are not those the rpmdb's Name index "
			 "lists", b->outpath);
		return;
	}
	/* the headers read are those the cookie taken before covers, and the cookie has
	 * not moved since: the image is the one for that cookie */
	if (!S_ISREG(b->imgst.st_mode))
		mk_debug("%s: no stamp: the image changed while being written", b->outpath);
	else if (mk_db_id(b->db, &after) < 0 || strcmp(after.cookie, b->id.cookie) ||
		 after.dev != b->id.dev || after.ino != b->id.ino)
		mk_debug("%s: no stamp: the rpm database changed during the build", b->outpath);
	else if ((r = mk_stamp_write(b->outpath, &b->key, &b->imgst, &b->st)) < 0)
		mk_warn("%s%s: not written (%s); the next run rebuilds", b->outpath,
			MK_STAMP_SUFFIX, strerror(-r));
}

/* Write the named set (image or directory), then the stamp. rc: the exit code so far.
 * Returns the exit code. */
static int write_output(const struct cli *c, struct build *b, int rc)
{
	if (c->dir) {
		if (mk_output_dir(b->outpath, &b->set) < 0)
			rc = MK_EXIT_FAIL;
	} else if (mk_image_build(&b->set, &b->img) < 0 || mk_stamp_remove(b->outpath) < 0 ||
		   mk_output_image(b->outpath, &b->img, c->o.force, &b->unchanged, &b->imgst) < 0) {
		rc = MK_EXIT_FAIL;
	} else if (rc == MK_EXIT_OK && b->have_key) {
		stamp_after(b);
	}
	return rc;
}

static void summary(const struct cli *c, const struct build *b)
{
	const struct mk_stats *st = &b->st;

	mk_info("%s: %u lists%s (%u headers; skipped: %u gpg-pubkey, %u without digests, "
		"%u unsigned%s, %u weak digests, %u rejected)", b->outpath, st->written,
		b->unchanged ? ", unchanged" : "", st->seen, st->pubkeys, st->nodigests,
		st->unsigned_, c->o.allow_unsigned ? " kept" : "", st->weak, st->bad);
}

/* Build: lock the output, read the headers, write the image or directory. */
static int build(struct cli *c, char **files, size_t nfiles)
{
	struct build b;
	char *outpath;
	int rc = MK_EXIT_FAIL, r, lockfd = -1;

	memset(&b, 0, sizeof(b));
	if (resolve_paths(c, &outpath) < 0)
		goto out;
	b.outpath = outpath;
	/* The lock covers reading the rpmdb too: a second run waits, then sees the
	 * database as the last transaction left it. */
	lockfd = mk_lock(outpath);
	if (lockfd < 0)
		goto out;
	r = read_headers(c, files, nfiles, &b);
	if (r < 0)
		goto out;
	rc = r == 2 || b.st.bad ? MK_EXIT_FAIL : MK_EXIT_OK;
	if (r != 1) {
		r = mk_set_name(&b.set);
		if (r < 0) {
			mk_err("too many lists or a name too long: %s", strerror(-r));
			rc = MK_EXIT_FAIL;
			goto out;
		}
		rc = write_output(c, &b, rc);
	}
	summary(c, &b);
out:
	mk_db_close(b.db);
	if (lockfd >= 0)
		close(lockfd);
	mk_set_free(&b.set);
	free(b.img.p);
	free(outpath);
	return rc;
}

int main(int argc, char **argv)
{
	struct cli c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.o.defines = mk_xmalloc(sizeof(char *));
	c.o.defines[0] = NULL;
	c.keys = mk_xmalloc(sizeof(char *) * (size_t)(argc + 1));
	rc = parse_args(argc, argv, &c);
	if (rc < 0 && c.mode)
		rc = inspect(&c);
	else if (rc < 0)
		rc = build(&c, argv + optind, (size_t)(argc - optind));
	free(c.dbpath_abs);
	free(c.keys);
	free(c.o.defines);
	return rc;
}
