// SPDX-License-Identifier: MIT
/*
 * init/main.c — diginit: orders the steps. As PID 1 (DESIGN.md section 3):
 *   mount -> log -> command line -> digest table -> lists in name order -> seal ->
 *   summary -> [enforce: stop] -> execve the next init.
 * Otherwise the command line tool (cli.c). Exit codes: diginit.h, diginit.8.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
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

static int boot(char **argv, char **envp)
{
	struct dg_opts o;
	struct dg_table t;
	struct dg_run r;
	int rc, no_table = 0, no_lists = 0;

	dg_mount_all();
	dg_log_open(DG_LOG_KMSG);
	dg_opts_default(&o);
	dg_cmdline_read("/proc/cmdline", &o);

	memset(&r, 0, sizeof(r));
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
		r.kr = &pgp_trusted_keyring;
		r.table = &t;
		r.report = DG_REPORT_BOOT;
		r.debug = o.debug;
		r.threads = o.threads;
		if (dg_list_dir(&r, o.lists) != 0)
			no_lists = 1;
		if (r.sealed) {
			dg_log(DG_ERR, "digest table already sealed: %u lists not loaded",
			       r.nrejected);
			no_table = 1;
		} else if ((rc = dg_table_seal(&t)) != 0) {
			dg_log(DG_ERR, "cannot seal the digest table: %s", strerror(-rc));
			no_table = 1;
		}
		dg_table_close(&t);
		dg_log(DG_INFO, "%u lists, %llu digests, %u rejected, %llu ms",
		       r.nlists + r.nrejected, (unsigned long long)r.ndigests, r.nrejected,
		       (unsigned long long)dg_ms_since_start());
	}
	if (o.enforce && no_table)
		return stop(DG_EXIT_NO_TABLE, "no usable digest table");
	if (o.enforce && no_lists)
		return stop(DG_EXIT_NO_LISTS, "list directory unreadable");
	if (o.enforce && r.nrejected)
		return stop(DG_EXIT_REJECTED, "a list was rejected");
	return dg_handover(o.init, argv, envp);
}

int main(int argc, char **argv, char **envp)
{
	dg_clock_start();
	if (getpid() == 1)
		return boot(argv, envp);
	return dg_cli(argc, argv);
}
