// SPDX-License-Identifier: MIT
/*
 * init/handover.c — execve() the next init, exactly the configured one (rd.diginit.init,
 * default DG_NEXT_INIT from config.mk's NEXT_INIT), with diginit's own argv and envp.
 *
 * There is no fallback to another path (/init, /sbin/init, ...): whoever can make the
 * configured path fail to execute (a directory or a broken file there, a missing file)
 * would otherwise choose the program that runs as PID 1 after the lists are sealed.
 * When the configured init is diginit itself (same device and inode as /proc/self/exe,
 * e.g. rd.diginit.init=/init with /init a link to the shim) it is not executed either.
 * Both failures log one line and return DG_EXIT_NO_INIT; main() exits with it, the
 * kernel panics ("Attempted to kill init"): the boot stops, closed.
 *
 * The self check stops a configuration mistake from looping (a diginit started by
 * execve() is still PID 1, but finds the table sealed and would execute itself again).
 * The stat() before the execve() is no race anyone can use: PID 1 is the only userspace
 * process (the verify threads have been joined), nothing else changes the rootfs.
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
	int err;

	if (is_self(init)) {
		dg_log(DG_ERR, "the next init %s is diginit itself, stopping the boot (exit %d)",
		       init, DG_EXIT_NO_INIT);
		return DG_EXIT_NO_INIT;
	}
	execve(init, argv, envp);
	err = errno;
	dg_log(DG_ERR,
	       "cannot execute the next init %s: %s (errno %d), stopping the boot (exit %d)", init,
	       strerror(err), err, DG_EXIT_NO_INIT);
	return DG_EXIT_NO_INIT;
}
