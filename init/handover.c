// SPDX-License-Identifier: MIT
/*
 * init/handover.c — execve() the next init with diginit's own argv and envp. Order:
 * the configured init (rd.diginit.init, default /usr/lib/systemd/systemd), then /init,
 * then /sbin/init; a candidate that is diginit itself (same device and inode as
 * /proc/self/exe) is skipped, so that diginit installed as /init cannot exec itself.
 * Each failure is logged; the caller exits with DG_EXIT_NO_INIT when all fail.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diginit.h"

static int is_self(const char *path)
{
	struct stat a, b;

	if (stat(path, &a) != 0 || stat("/proc/self/exe", &b) != 0)
		return 0;
	return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int dg_handover(const char *init, char **argv, char **envp)
{
	const char *cand[] = {init, "/init", "/sbin/init"};
	size_t i, j;

	for (i = 0; i < sizeof(cand) / sizeof(cand[0]); i++) {
		int dup = 0;

		for (j = 0; j < i; j++)
			if (strcmp(cand[i], cand[j]) == 0)
				dup = 1;
		if (dup)
			continue;
		if (is_self(cand[i])) {
			if (i == 0)
				dg_log(DG_ERR, "next init %s is diginit itself", cand[i]);
			continue;
		}
		execve(cand[i], argv, envp);
		if (i == 0 || errno != ENOENT)
			dg_log(DG_ERR, "cannot execute %s: %s", cand[i], strerror(errno));
	}
	dg_log(DG_ERR, "no init to hand over to: stopping (exit %d)", DG_EXIT_NO_INIT);
	return DG_EXIT_NO_INIT;
}
