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
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void say(const char *what, const char *arg)
{
	printf("test-init: %s %s: %s\n", what, arg, strerror(errno));
	fflush(stdout);
}

static void mount_one(const char *src, const char *dir, const char *type)
{
	if (mkdir(dir, 0755) && errno != EEXIST)
		say("mkdir", dir);
	if (mount(src, dir, type, 0, NULL) && errno != EBUSY)
		say("mount", dir);
}

static void console(void)
{
	int fd = open("/dev/console", O_RDWR | O_NOCTTY);

	if (fd < 0)
		return;
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
}

static void power_off(void)
{
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	/* only reached when reboot() failed: the kernel panics, -no-reboot exits */
	say("reboot", "RB_POWER_OFF");
	_exit(1);
}

int main(int argc, char **argv)
{
	char *def[] = {"/test", NULL};
	char **args = argc > 1 ? argv + 1 : def;
	int status = 0;
	pid_t pid;

	mount_one("devtmpfs", "/dev", "devtmpfs");
	console();
	setvbuf(stdout, NULL, _IOLBF, 0);
	mount_one("proc", "/proc", "proc");
	mount_one("sysfs", "/sys", "sysfs");
	mount_one("securityfs", "/sys/kernel/security", "securityfs");
	mount_one("tmpfs", "/tmp", "tmpfs");

	printf("test-init: running %s\n", args[0]);
	pid = fork();
	if (pid < 0) {
		say("fork", args[0]);
		power_off();
	}
	if (pid == 0) {
		execv(args[0], args);
		say("exec", args[0]);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		say("waitpid", args[0]);
	if (WIFEXITED(status))
		printf("test-init: exit status %d\n", WEXITSTATUS(status));
	else
		printf("test-init: killed by signal %d\n", WTERMSIG(status));
	power_off();
	return 0;
}
