// SPDX-License-Identifier: MIT
/*
 * init/cli.c — diginit when it is not PID 1:
 *   diginit --check  [-j N] [--key FILE]... [-v|-q] PATH...
 *   diginit --upload [-j N] [--securityfs DIR] [--seal] [--key FILE]... [-v|-q] PATH...
 * PATH is a list file, a directory of list files (read in name order) or a digest-list
 * image file (starting "070701", or compressed: read with diglist's image reader, which
 * rejects the whole image for any entry diginit-mkinitrd does not write; its lists are
 * named IMAGE:NAME). One line per list on stdout ("PATH: OK ..." / "PATH: FAIL ..."), a summary on stderr.
 * The tool is never PID 1 (main.c), and the kernel counts only lists that PID 1 uploads
 * before its first execve(): --upload says on stderr that its lists will not count
 * (the DIGLIM v3 interface takes them all the same, for queries).
 * Exit: 0 all OK, 1 a list failed (or the upload/seal failed), 2 usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diginit.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: diginit --check [-j N] [--key FILE]... [-v|-q] PATH...\n"
		"       diginit --upload [-j N] [--securityfs DIR] [--seal] [--key FILE]... PATH...\n"
		"       diginit -h|--help | --version\n"
		"PATH: a list file, a directory of lists, or a digest-list image file.\n"
		"As PID 1 (the kernel's rdinit) diginit loads /etc/diglim into the kernel's\n"
		"digest table, seals it and executes the next init; see diginit(8).\n"
		"  --check            verify list files, print one line per file\n"
		"  --upload           also upload them to <DIR>/%s\n"
		"  --securityfs DIR   securityfs mount point (default %s)\n"
		"  --seal             write 1 to seal after the uploads\n"
		"  --key FILE         trust the keys in FILE too (armoured or binary)\n"
		"  -j, --threads N    verify on N threads, 1..%u (default: online CPUs, %u);\n"
		"                     --jobs N is the same\n"
		"  -v, --verbose      more messages; -q, --quiet: FAIL lines only\n",
		DG_TABLE_DIR, DG_SECURITYFS, DG_THREADS_MAX, dg_threads_default());
}

/* What the command line asked for. */
struct cli {
	const char *secfs;
	int check, up, seal, verbose, quiet;
	unsigned threads;
	const struct pgp_keyring *kr; /* the trusted keys, or keys + --key files */
};

/* --key FILE: the trusted keys, then each file's keys. Returns 0 or DG_EXIT_USAGE. */
static int add_key(struct cli *c, const char *path)
{
	static struct dg_keyring keys; /* 2 MiB of buffers: static, not on the stack */
	struct pgp_err perr;
	int rc = 0;

	if (c->kr != &keys.ring)
		rc = dg_keyring_init(&keys);
	if (rc == 0)
		rc = dg_keyring_add_file(&keys, path, &perr);
	if (rc != 0) {
		dg_log(DG_ERR, "%s: cannot load key: %s", path, strerror(-rc));
		return DG_EXIT_USAGE;
	}
	c->kr = &keys.ring;
	return 0;
}

/* Parse the options into c. Returns -1 to go on, or the exit code. */
static int parse_args(int argc, char **argv, struct cli *c)
{
	enum { O_CHECK = 256, O_UPLOAD, O_SECFS, O_SEAL, O_KEY, O_VERSION };
	static const struct option lopts[] = {
		{"check", no_argument, NULL, O_CHECK},
		{"upload", no_argument, NULL, O_UPLOAD},
		{"securityfs", required_argument, NULL, O_SECFS},
		{"seal", no_argument, NULL, O_SEAL},
		{"key", required_argument, NULL, O_KEY},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, O_VERSION},
		{"verbose", no_argument, NULL, 'v'},
		{"quiet", no_argument, NULL, 'q'},
		{"threads", required_argument, NULL, 'j'},
		{"jobs", required_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	int o;

	while ((o = getopt_long(argc, argv, "hvqj:", lopts, NULL)) != -1) {
		switch (o) {
		case O_CHECK:
			c->check = 1;
			break;
		case O_UPLOAD:
			c->up = 1;
			break;
		case O_SECFS:
			c->secfs = optarg;
			break;
		case O_SEAL:
			c->seal = 1;
			break;
		case O_KEY:
			if (add_key(c, optarg) != 0)
				return DG_EXIT_USAGE;
			break;
		case 'h':
			usage(stdout);
			return DG_EXIT_OK;
		case O_VERSION:
			printf("diginit %s\n", DIGINIT_VERSION);
			return DG_EXIT_OK;
		case 'v':
			c->verbose = 1;
			break;
		case 'q':
			c->quiet = 1;
			break;
		case 'j':
			c->threads = dg_threads_parse(optarg);
			if (!c->threads) {
				dg_log(DG_ERR, "%s: threads must be 1..%u", optarg, DG_THREADS_MAX);
				return DG_EXIT_USAGE;
			}
			break;
		default:
			usage(stderr);
			return DG_EXIT_USAGE;
		}
	}
	if (c->check + c->up != 1 || optind >= argc || (c->seal && !c->up)) {
		usage(stderr);
		return DG_EXIT_USAGE;
	}
	return -1;
}

/* A single list file: its directory is opened so that the name alone is the label. */
static void one_file(const struct dg_run_cfg *cfg, struct dg_tally *t, const char *path)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	struct dg_outcome l;
	int fd;

	if (slash && (size_t)(slash - path) < sizeof(dir)) {
		memcpy(dir, path, (size_t)(slash - path));
		dir[slash - path] = '\0';
		if (dir[0] == '\0')
			strcpy(dir, "/");
		fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	} else {
		fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	if (fd < 0) {
		memset(&l, 0, sizeof(l));
		l.err = DG_E_OPEN;
		l.detail = errno;
		t->nrejected++;
		dg_report_fail(cfg, path, &l, "-");
		return;
	}
	dg_file_verify_upload_report(cfg, t, fd, name, path);
	close(fd);
}

/* After the uploads: seal if asked. Returns 1 if the table is sealed by someone else or
 * the seal failed, else 0. */
static int seal(const struct cli *c, struct dg_table *table, const struct dg_tally *t)
{
	int rc, sealed;

	if (t->sealed) {
		dg_log(DG_ERR, "the digest table is sealed");
		return 1;
	}
	if (!c->seal)
		return 0;
	rc = dg_table_seal(table, &sealed);
	if (rc != 0 && sealed)
		dg_log(DG_ERR, "sealed, but IMA did not measure the seal: %s (errno %d)",
		       strerror(-rc), -rc);
	else if (rc != 0)
		dg_log(DG_ERR, "cannot seal: %s (errno %d)", strerror(-rc), -rc);
	return rc != 0;
}

int dg_cli(int argc, char **argv)
{
	struct cli c = {DG_SECURITYFS, 0, 0, 0, 0, 0, 0, &pgp_trusted_keyring};
	struct dg_table table = {-1};
	struct dg_run_cfg cfg;
	struct dg_tally t;
	int rc, i, failed = 0;

	dg_log_open(DG_LOG_STDERR);
	rc = parse_args(argc, argv, &c);
	if (rc >= 0)
		return rc;
	memset(&cfg, 0, sizeof(cfg));
	memset(&t, 0, sizeof(t));
	cfg.kr = c.kr;
	cfg.report = DG_REPORT_CHECK;
	cfg.quiet = c.quiet;
	cfg.debug = c.verbose;
	cfg.threads = c.threads;
	if (c.up) {
		rc = dg_table_open(&table, c.secfs);
		if (rc != 0) {
			dg_log(DG_ERR, "%s/%s: %s", c.secfs, DG_TABLE_DIR,
			       rc == -ENODEV ? "securityfs not available" : "no digest table");
			return DG_EXIT_FAIL;
		}
		cfg.table = &table;
		dg_log(DG_WARN,
		       "not PID 1 (pid %d): the kernel counts only lists that PID 1 uploads "
		       "before its first execve(); the lists uploaded now will not count for IMA",
		       (int)getpid());
	}
	for (i = optind; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (dg_dir_verify_upload_report(&cfg, &t, argv[i]) != 0)
				failed = 1;
		} else if (dg_image_sniff(argv[i])) {
			if (dg_image_verify_upload_report(&cfg, &t, argv[i]) != 0)
				failed = 1;
		} else {
			one_file(&cfg, &t, argv[i]);
		}
	}
	fflush(stdout);
	failed |= seal(&c, &table, &t);
	dg_table_close(&table);
	if (!c.quiet)
		dg_log(DG_INFO, "%u lists, %llu digests, %u rejected, %llu ms",
		       t.nlists + t.nrejected, (unsigned long long)t.ndigests, t.nrejected,
		       (unsigned long long)dg_ms_since_start());
	return failed || t.nrejected ? DG_EXIT_FAIL : DG_EXIT_OK;
}
