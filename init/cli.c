// SPDX-License-Identifier: MIT
/*
 * init/cli.c — diginit when it is not PID 1:
 *   diginit --check  [-j N] [--key FILE]... [-v|-q] PATH...
 *   diginit --upload [-j N] [--securityfs DIR] [--seal] [--key FILE]... [-v|-q] PATH...
 * PATH is a list file or a directory of list files (read in name order). One line per
 * list on stdout ("PATH: OK ..." / "PATH: FAIL ..."), a summary on stderr.
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

/* A single list file: its directory is opened so that the name alone is the label. */
static void one_file(struct dg_run *r, const char *path)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
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
		printf("%s: FAIL %s (%s) at 0\n", path, dg_strerror(DG_E_OPEN), strerror(errno));
		r->nrejected++;
		return;
	}
	dg_list_file(r, fd, name, path);
	close(fd);
}

int dg_cli(int argc, char **argv)
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
	const char *secfs = DG_SECURITYFS;
	struct dg_table table = {-1};
	struct dg_run r;
	int c, check = 0, up = 0, seal = 0, verbose = 0, quiet = 0, rc, i, failed = 0;
	unsigned threads = 0;

	dg_log_open(DG_LOG_STDERR);
	memset(&r, 0, sizeof(r));
	while ((c = getopt_long(argc, argv, "hvqj:", lopts, NULL)) != -1) {
		switch (c) {
		case O_CHECK:
			check = 1;
			break;
		case O_UPLOAD:
			up = 1;
			break;
		case O_SECFS:
			secfs = optarg;
			break;
		case O_SEAL:
			seal = 1;
			break;
		case O_KEY:
			rc = dg_keys_add_file(optarg);
			if (rc != 0) {
				dg_log(DG_ERR, "%s: cannot load key: %s", optarg, strerror(-rc));
				return DG_EXIT_USAGE;
			}
			break;
		case 'h':
			usage(stdout);
			return DG_EXIT_OK;
		case O_VERSION:
			printf("diginit %s\n", DIGINIT_VERSION);
			return DG_EXIT_OK;
		case 'v':
			verbose = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'j':
			threads = dg_threads_parse(optarg);
			if (!threads) {
				dg_log(DG_ERR, "%s: threads must be 1..%u", optarg, DG_THREADS_MAX);
				return DG_EXIT_USAGE;
			}
			break;
		default:
			usage(stderr);
			return DG_EXIT_USAGE;
		}
	}
	if (check + up != 1 || optind >= argc || (seal && !up)) {
		usage(stderr);
		return DG_EXIT_USAGE;
	}
	r.kr = dg_keys_ring();
	r.report = DG_REPORT_CHECK;
	r.quiet = quiet;
	r.debug = verbose;
	r.threads = threads;
	if (up) {
		rc = dg_table_open(&table, secfs);
		if (rc != 0) {
			dg_log(DG_ERR, "%s/%s: %s", secfs, DG_TABLE_DIR,
			       rc == -ENODEV ? "securityfs not available" : "no digest table");
			return DG_EXIT_FAIL;
		}
		r.table = &table;
		dg_log(DG_WARN,
		       "not PID 1 (pid %d): the kernel counts only lists that PID 1 uploads "
		       "before its first execve(); the lists uploaded now will not count for IMA",
		       (int)getpid());
	}
	for (i = optind; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (dg_list_dir(&r, argv[i]) != 0)
				failed = 1;
		} else {
			one_file(&r, argv[i]);
		}
	}
	fflush(stdout);
	if (r.sealed) {
		dg_log(DG_ERR, "the digest table is sealed");
		failed = 1;
	} else if (seal) {
		int sealed;

		rc = dg_table_seal(&table, &sealed);
		if (rc != 0 && sealed)
			dg_log(DG_ERR, "sealed, but IMA did not measure the seal: %s (errno %d)",
			       strerror(-rc), -rc);
		else if (rc != 0)
			dg_log(DG_ERR, "cannot seal: %s (errno %d)", strerror(-rc), -rc);
		if (rc != 0)
			failed = 1;
	}
	dg_table_close(&table);
	if (!quiet)
		dg_log(DG_INFO, "%u lists, %llu digests, %u rejected, %llu ms",
		       r.nlists + r.nrejected, (unsigned long long)r.ndigests, r.nrejected,
		       (unsigned long long)dg_ms_since_start());
	return failed || r.nrejected ? DG_EXIT_FAIL : DG_EXIT_OK;
}
