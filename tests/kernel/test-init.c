/* SPDX-License-Identifier: GPL-2.0 */
/*
 * test-init: a tiny static PID 1 for running one test program in QEMU.
 *
 * Mounts devtmpfs, proc, sysfs, securityfs and a tmpfs on /tmp, points
 * stdin/stdout/stderr at /dev/console, runs the program given after "--" on
 * the kernel command line (default /test, with no arguments), prints
 * "test-init: exit status N" and powers the machine off. Every failing step
 * is reported on the console; the machine powers off in every case.
 */
#include <stdio.h>
#include <sys/wait.h>

#include "guest.h"

int main(int argc, char **argv)
{
	char *def[] = {"/test", NULL};
	char **args = argc > 1 ? argv + 1 : def;
	int status = 0;
	pid_t pid;

	guest_setup();

	printf("test-init: running %s\n", args[0]);
	pid = fork();
	if (pid < 0) {
		guest_say("fork", args[0]);
		guest_power_off();
	}
	if (pid == 0) {
		execv(args[0], args);
		guest_say("exec", args[0]);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		guest_say("waitpid", args[0]);
	if (WIFEXITED(status))
		printf("test-init: exit status %d\n", WEXITSTATUS(status));
	else
		printf("test-init: killed by signal %d\n", WTERMSIG(status));
	guest_power_off();
	return 0;
}
