// SPDX-License-Identifier: MIT
/*
 * mkinitrd/main.c — diginit-mkinitrd: orders the steps (see mk.h); nothing else.
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
       OPT_VERIFY, OPT_PREDICT, OPT_KEY, OPT_ALLOW_UNSIGNED, OPT_FORCE, OPT_BUF_HASH,
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
	{ "buf-hash", no_argument, NULL, OPT_BUF_HASH },
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
"      --predict IMAGE    print the IMA events the kernel will log for the lists\n"
"                         and the seal (name, sha256 of the measured buffer,\n"
"                         ima-buf template digests)\n"
"      --key FILE         trust the keys in FILE too (--verify, --predict)\n"
"      --buf-hash         --predict for a kernel measuring lists with hash=true\n"
"Common:\n"
"  -v, --verbose          more messages\n"
"  -q, --quiet            errors only\n"
"  -h, --help             this text\n"
"      --version          print the version\n"
"Exit status: 0 ok, 1 failure, 2 usage.\n", mk_prog, mk_prog, mk_prog);
}

int main(int argc, char **argv)
{
	struct mk_opts o = { 0 };
	struct mk_stats st = { 0 };
	struct mk_set set = { 0 };
	struct mk_buf img = { 0 };
	const char *output = NULL, *dir = NULL, *inspect = NULL;
	char **keys = NULL, *outpath = NULL, *dbpath_abs = NULL;
	size_t nkeys = 0, ndefs = 0;
	int c, mode = 0, from_rpm = 0, update = 0, buf_hash = 0, rc = MK_EXIT_OK, r, lockfd;
	int unchanged = 0, have_key = 0, consistent = 0;
	struct mk_db *db = NULL;
	struct mk_dbid id;
	struct mk_stamp_key key;
	struct stat imgst;

	lockfd = -1;
	memset(&imgst, 0, sizeof(imgst));

	o.defines = mk_xmalloc(sizeof(char *));
	o.defines[0] = NULL;
	keys = mk_xmalloc(sizeof(char *) * (size_t)(argc + 1));
	while ((c = getopt_long(argc, argv, "o:D:vqh", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_ROOT: o.root = optarg; break;
		case OPT_DBPATH: o.dbpath = optarg; break;
		case 'D':
			o.defines = mk_xrealloc(o.defines, (ndefs + 2) * sizeof(char *));
			o.defines[ndefs++] = optarg;
			o.defines[ndefs] = NULL;
			break;
		case OPT_RPM: from_rpm = 1; break;
		case OPT_DIR: dir = optarg; break;
		case 'o': output = optarg; break;
		case OPT_UPDATE: update = 1; break;
		case OPT_FORCE: o.force = 1; break;
		case OPT_ALLOW_UNSIGNED: o.allow_unsigned = 1; break;
		case OPT_LIST: case OPT_VERIFY: case OPT_PREDICT:
			if (mode) {
				mk_err("--list, --verify and --predict exclude each other");
				rc = MK_EXIT_USAGE;
				goto out;
			}
			mode = c;
			inspect = optarg;
			break;
		case OPT_KEY: keys[nkeys++] = optarg; break;
		case OPT_BUF_HASH: buf_hash = 1; break;
		case 'v': o.verbose++; break;
		case 'q': o.quiet = 1; break;
		case 'h': usage(stdout); rc = MK_EXIT_OK; goto out;
		case OPT_VERSION:
			printf("diginit-mkinitrd %s\n", DIGINIT_VERSION);
			goto out;
		default: usage(stderr); rc = MK_EXIT_USAGE; goto out;
		}
	}
	mk_verbose = o.verbose;
	mk_quiet = o.quiet;

	if (mode) {
		if (optind != argc || output || dir || from_rpm || update) {
			mk_err("--list/--verify/--predict take one image and no build option");
			rc = MK_EXIT_USAGE;
			goto out;
		}
		if (mode == OPT_LIST)
			rc = mk_cmd_list(inspect);
		else if (mode == OPT_VERIFY)
			rc = mk_cmd_verify(inspect, keys, nkeys);
		else
			rc = mk_cmd_predict(inspect, buf_hash, keys, nkeys);
		goto out;
	}
	if (nkeys || buf_hash) {
		mk_err("--key and --buf-hash go with --verify/--predict");
		rc = MK_EXIT_USAGE;
		goto out;
	}
	if ((optind != argc) != from_rpm || (from_rpm && (o.root || o.dbpath || ndefs)) ||
	    (dir && output) || (dir && update)) {
		mk_err(from_rpm ? "--rpm needs package files and no rpmdb option" :
		       optind != argc ? "unexpected argument '%s' (package files need --rpm)" :
		       "--dir excludes -o and --update", optind < argc ? argv[optind] : "");
		usage(stderr);
		rc = MK_EXIT_USAGE;
		goto out;
	}
	if (update)
		mk_quiet = o.quiet = !o.verbose;
	/* rpm takes --dbpath below the root ("/" by default): a relative path given
	 * without --root means the current directory, as a user expects */
	if (o.dbpath && o.dbpath[0] != '/' && !o.root) {
		char *cwd = getcwd(NULL, 0);

		if (!cwd) {
			mk_err("getcwd: %s", strerror(errno));
			rc = MK_EXIT_FAIL;
			goto out;
		}
		dbpath_abs = mk_xasprintf("%s/%s", cwd, o.dbpath);
		free(cwd);
		o.dbpath = dbpath_abs;
	}

	if (dir) {
		outpath = mk_xstrdup(dir);
		while (strlen(outpath) > 1 && outpath[strlen(outpath) - 1] == '/')
			outpath[strlen(outpath) - 1] = '\0';
	} else if (output) {
		outpath = mk_xstrdup(output);
	} else {
		outpath = mk_xasprintf("%s%s", o.root && strcmp(o.root, "/") ? o.root : "",
				       MK_DEFAULT_IMAGE);
	}

	/* The lock covers reading the rpmdb too: a second run waits, then sees the
	 * database as the last transaction left it. */
	lockfd = mk_lock(outpath);
	if (lockfd < 0) {
		rc = MK_EXIT_FAIL;
		goto out;
	}
	if (from_rpm) {
		r = mk_from_rpm_files(&o, argv + optind, (size_t)(argc - optind), &set, &st);
	} else {
		r = mk_db_open(&o, &db);
		if (r < 0) {
			rc = MK_EXIT_FAIL;
			goto out;
		}
		/* The no-change check (stamp.c): only for an image built from the rpmdb. */
		if (!dir) {
			const char *why = "--force";

			have_key = mk_db_id(db, &id) == 0 && mk_stamp_key(&o, &id, &key) == 0;
			if (!have_key)
				why = "rpmdb cookie unavailable";
			else if (!o.force && mk_stamp_check(outpath, &key, &st, &why)) {
				mk_debug("%s: up to date (%s); no header read", outpath, why);
				unchanged = 1;
				goto summary;
			}
			mk_debug("%s: full build: %s", outpath, why);
		}
		r = mk_db_read(db, &o, &set, &st, &consistent);
	}
	if (r < 0 && !from_rpm) {
		rc = MK_EXIT_FAIL;
		goto out;
	}
	if (r < 0 || st.bad)
		rc = MK_EXIT_FAIL;
	r = mk_set_name(&set);
	if (r < 0) {
		mk_err("too many lists or a name too long: %s", strerror(-r));
		rc = MK_EXIT_FAIL;
		goto out;
	}
	if (dir) {
		if (mk_output_dir(outpath, &set) < 0)
			rc = MK_EXIT_FAIL;
	} else if (mk_image_build(&set, &img) < 0 || mk_stamp_remove(outpath) < 0 ||
		   mk_output_image(outpath, &img, o.force, &unchanged, &imgst) < 0) {
		rc = MK_EXIT_FAIL;
	} else if (rc == MK_EXIT_OK && have_key && consistent) {
		/* the headers read are those the cookie taken before covers, and the
		 * cookie has not moved since: the image is the one for that cookie */
		struct mk_dbid after;

		if (!S_ISREG(imgst.st_mode))
			mk_debug("%s: no stamp: the image changed while being written", outpath);
		else if (mk_db_id(db, &after) < 0 || strcmp(after.cookie, id.cookie) ||
			 after.dev != id.dev || after.ino != id.ino)
			mk_debug("%s: no stamp: the rpm database changed during the build", outpath);
		else if ((r = mk_stamp_write(outpath, &key, &imgst, &st)) < 0)
			mk_warn("%s%s: not written (%s); the next run rebuilds", outpath,
				MK_STAMP_SUFFIX, strerror(-r));
	} else if (rc == MK_EXIT_OK && have_key) {
		mk_debug("%s: no stamp: the headers read are not those the rpmdb's Name index "
			 "lists", outpath);
	}
summary:
	mk_info("%s: %u lists%s (%u headers; skipped: %u gpg-pubkey, %u without digests, "
		"%u unsigned%s, %u weak digests, %u rejected)", outpath, st.written,
		unchanged ? ", unchanged" : "", st.seen, st.pubkeys, st.nodigests, st.unsigned_,
		o.allow_unsigned ? " kept" : "", st.weak, st.bad);
out:
	mk_db_close(db);
	if (lockfd >= 0)
		close(lockfd);
	mk_set_free(&set);
	free(img.p);
	free(outpath);
	free(dbpath_abs);
	free(keys);
	free(o.defines);
	return rc;
}
