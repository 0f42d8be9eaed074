// SPDX-License-Identifier: MIT
/*
 * init/main.c — diginit: orders the steps. As PID 1 (DESIGN.md section 3):
 *   mount -> log -> command line -> digest table -> lists in name order -> seal ->
 *   summary -> [enforce: stop] -> execve the next init.
 * The lists come from the image file (rd.diginit.image) when it exists, read whole by
 * the strict reader (image.c); else from the list directory (rd.diginit.lists), which
 * the kernel unpacked from a raw extra initrd.
 * The kernel counts a list for IMA only if PID 1 uploaded it before its first
 * execve(): every upload and the seal happen here, on PID 1's own thread (list.c
 * and queue.c upload on the calling thread), before dg_handover(), the only execve().
 * Not PID 1 and no argument: started like the boot stage by some other process, which
 * can load no list that counts (not_pid1). Otherwise the command line tool (cli.c).
 * Exit codes: diginit.h, diginit.8.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "diginit.h"

static struct timespec t0;

void dg_clock_start(void)
{
	clock_gettime(CLOCK_MONOTONIC, &t0);
}

uint64_t dg_ms_since_start(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)(t.tv_sec - t0.tv_sec) * 1000u +
	       (uint64_t)((t.tv_nsec - t0.tv_nsec) / 1000000);
}

static int stop(int code, const char *why)
{
	dg_log(DG_ERR, "rd.diginit.enforce: %s, stopping the boot (exit %d)", why, code);
	return code;
}

/* Seal the table after the uploads and report. Returns 0, or 1 when the table is not
 * usable (already sealed by someone else, or the seal failed). */
static int seal(struct dg_table *t, const struct dg_tally *tally)
{
	int rc, sealed = 0;

	if (tally->sealed) {
		dg_log(DG_ERR, "digest table already sealed: %u lists not loaded",
		       tally->nrejected);
		return 1;
	}
	rc = dg_table_seal(t, &sealed);
	if (rc == 0)
		return 0;
	/* sealed: IMA failed to measure the seal (the log lacks its event) */
	if (sealed)
		dg_log(DG_ERR,
		       "digest table sealed, but IMA did not measure the seal: %s (errno %d)",
		       strerror(-rc), -rc);
	else
		dg_log(DG_ERR, "cannot seal the digest table: %s (errno %d)", strerror(-rc), -rc);
	return 1;
}

/* 1 if something is at path (lstat: a link or a directory counts), 0 if nothing is. */
static int exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 || (errno != ENOENT && errno != ENOTDIR);
}

/* What load_lists found wrong with its source of lists. */
enum { SRC_OK = 0, SRC_DIR_UNREADABLE, SRC_IMAGE_UNREADABLE, SRC_REJECTED };

/* Every list of the image (the first path of rd.diginit.image that exists), else of the
 * list directory: verified, uploaded and reported in name order (one line says why a
 * source is not used). */
static int load_lists(const struct dg_run_cfg *cfg, struct dg_tally *tally, const struct dg_opts *o)
{
	static char image[PATH_MAX], p[PATH_MAX];
	const char *cur = o->image;
	int rc;

	/* The first path that exists is the image; any later one that exists too is not
	 * read, and said so (two delivery paths at once is a setup error worth a line). */
	image[0] = '\0';
	while (dg_path_next(&cur, p, sizeof(p))) {
		if (!exists(p))
			continue;
		if (image[0])
			dg_log(DG_WARN, "%s ignored: the lists are read from the image %s", p, image);
		else
			memcpy(image, p, sizeof(p));
	}
	if (!image[0])
		return dg_dir_verify_upload_report(cfg, tally, o->lists) ? SRC_DIR_UNREADABLE
									 : SRC_OK;
	if (exists(o->lists))
		dg_log(DG_WARN, "%s ignored: the lists are read from the image %s", o->lists,
		       image);
	rc = dg_image_verify_upload_report(cfg, tally, image);
	if (rc == DG_IMAGE_REJECTED)
		return SRC_REJECTED;
	return rc ? SRC_IMAGE_UNREADABLE : SRC_OK;
}

static int boot(char **argv, char **envp)
{
	struct dg_opts o;
	struct dg_table t;
	struct dg_run_cfg cfg;
	struct dg_tally tally;
	const char *unmounted;
	int rc, no_table = 0, src = SRC_OK;

	rc = dg_mount_all(&unmounted);
	dg_log_open(DG_LOG_KMSG);
	if (rc != 0)
		dg_log(DG_WARN, "cannot mount %s: %s", unmounted, strerror(-rc));
	dg_opts_default(&o);
	dg_cmdline_read("/proc/cmdline", &o);

	memset(&cfg, 0, sizeof(cfg));
	memset(&tally, 0, sizeof(tally));
	rc = dg_table_open(&t, DG_SECURITYFS);
	if (rc == -ENODEV) {
		dg_log(DG_ERR, "securityfs not available at %s: no digest list loaded",
		       DG_SECURITYFS);
		no_table = 1;
	} else if (rc != 0) {
		dg_log(DG_ERR,
		       "no %s/%s (kernel without the digest table): no digest list "
		       "loaded",
		       DG_SECURITYFS, DG_TABLE_DIR);
		no_table = 1;
	} else {
		cfg.kr = &pgp_trusted_keyring;
		cfg.table = &t;
		cfg.report = DG_REPORT_BOOT;
		cfg.debug = o.debug;
		cfg.threads = o.threads;
		src = load_lists(&cfg, &tally, &o);
		no_table = seal(&t, &tally);
		dg_table_close(&t);
		dg_log(DG_INFO, "%u lists, %llu digests, %u rejected, %llu ms",
		       tally.nlists + tally.nrejected, (unsigned long long)tally.ndigests,
		       tally.nrejected, (unsigned long long)dg_ms_since_start());
	}
	if (o.enforce && no_table)
		return stop(DG_EXIT_NO_TABLE, "no usable digest table");
	if (o.enforce && src == SRC_DIR_UNREADABLE)
		return stop(DG_EXIT_NO_LISTS, "list directory unreadable");
	if (o.enforce && src == SRC_IMAGE_UNREADABLE)
		return stop(DG_EXIT_NO_LISTS, "digest-list image unreadable");
	if (o.enforce && src == SRC_REJECTED)
		return stop(DG_EXIT_REJECTED, "the digest-list image was rejected");
	if (o.enforce && tally.nrejected)
		return stop(DG_EXIT_REJECTED, "a list was rejected");
	/* no image and an empty list directory: nothing for IMA to trust */
	if (o.enforce && tally.nlists == 0)
		return stop(DG_EXIT_NO_LISTS, "no digest list found");
	return dg_handover(o.init, argv, envp);
}

/*
 * Started without arguments, as the kernel starts the boot stage, but not as PID 1 (by a
 * script, a service, an init that runs it as a child): lists uploaded now would never
 * count for IMA, so none is loaded and nothing is mounted, sealed or executed. One line
 * on the boot's log says why; the caller goes on with the boot (exit 0), or, with
 * rd.diginit.enforce, is told to stop it (DG_EXIT_NO_TABLE: no usable digest table).
 */
static int not_pid1(void)
{
	static const char why[] = "the kernel counts only lists that PID 1 uploads before its "
				  "first execve(); no list loaded";
	struct dg_opts o;

	dg_log_open(DG_LOG_KMSG);
	dg_opts_default(&o);
	dg_cmdline_read("/proc/cmdline", &o);
	if (!o.enforce) {
		dg_log(DG_WARN, "not PID 1 (pid %d): %s", (int)getpid(), why);
		return DG_EXIT_OK;
	}
	dg_log(DG_ERR, "not PID 1 (pid %d): %s; rd.diginit.enforce: exit %d", (int)getpid(), why,
	       DG_EXIT_NO_TABLE);
	return DG_EXIT_NO_TABLE;
}

int main(int argc, char **argv, char **envp)
{
	dg_clock_start();
	if (getpid() == 1)
		return boot(argv, envp);
	if (argc == 1)
		return not_pid1();
	return dg_cli(argc, argv);
}
