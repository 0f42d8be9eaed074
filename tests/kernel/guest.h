/* SPDX-License-Identifier: GPL-2.0 */
/*
 * guest.h: what a static PID 1 of the QEMU tests needs. Mounts devtmpfs,
 * proc, sysfs, securityfs and a tmpfs on /tmp, points stdin/stdout/stderr
 * at /dev/console, and powers the machine off. Every failing step is
 * reported on the console. Included by test-init.c and by the guest tests
 * that must be PID 1 themselves; guest_write() is for every guest program.
 */
#ifndef DIGINIT_TESTS_KERNEL_GUEST_H
#define DIGINIT_TESTS_KERNEL_GUEST_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <unistd.h>

static inline void guest_say(const char *what, const char *arg)
{
	printf("guest: %s %s: %s\n", what, arg, strerror(errno));
	fflush(stdout);
}

static inline void guest_mount(const char *src, const char *dir, const char *type)
{
	if (mkdir(dir, 0755) && errno != EEXIST)
		guest_say("mkdir", dir);
	if (mount(src, dir, type, 0, NULL) && errno != EBUSY)
		guest_say("mount", dir);
}

static inline void guest_console(void)
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

/* The file systems and the console of a test guest. */
static inline void guest_setup(void)
{
	guest_mount("devtmpfs", "/dev", "devtmpfs");
	guest_console();
	setvbuf(stdout, NULL, _IOLBF, 0);
	guest_mount("proc", "/proc", "proc");
	guest_mount("sysfs", "/sys", "sysfs");
	guest_mount("securityfs", "/sys/kernel/security", "securityfs");
	guest_mount("tmpfs", "/tmp", "tmpfs");
}

/* Reproducible pseudo-random bytes for test data (splitmix64, a fixed seed). */
static inline uint64_t guest_rnd(void)
{
	static uint64_t state = 0x243f6a8885a308d3ULL;
	uint64_t z = (state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline void guest_power_off(void)
{
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	/* only reached when reboot() failed: the kernel panics, -no-reboot exits */
	guest_say("reboot", "RB_POWER_OFF");
	_exit(1);
}

/* Write buf to path in one write(): 0 or a negative errno (a short write: -EIO). */
static inline int guest_write(const char *path, const void *buf, size_t len, int flags)
{
	int fd = open(path, flags, 0644);
	ssize_t n;
	int ret = 0;

	if (fd < 0)
		return -errno;
	n = write(fd, buf, len);
	if (n < 0)
		ret = -errno;
	else if ((size_t)n != len)
		ret = -EIO;
	if (close(fd) && !ret)
		ret = -errno;
	return ret;
}

#endif /* DIGINIT_TESTS_KERNEL_GUEST_H */
