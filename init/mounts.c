// SPDX-License-Identifier: MIT
/*
 * init/mounts.c — mount what diginit needs, where it is not mounted yet: devtmpfs on
 * /dev (for /dev/kmsg), proc (/proc/cmdline, /proc/self/exe), sysfs, securityfs.
 * "Mounted" means the mount point is one (its device differs from its parent
 * directory's) and statfs() reports the file system's magic. The magic alone is not
 * enough: devtmpfs reports TMPFS_MAGIC, which the initramfs root (rootfs is a tmpfs)
 * has too, so a plain /dev directory of the initramfs would pass for a mounted devtmpfs
 * and diginit would log to the console only (no /dev/kmsg: no kernel timestamp, not in
 * the journal). A failure does not stop the others: main.c reports the first one once
 * the log is open, and what is then missing is reported by the step that needs it
 * (log.c falls back to the console, table.c reports the missing table).
 */
#include <errno.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include "diginit.h"

struct dg_mount {
	const char *source, *target, *parent, *fstype;
	unsigned long flags;
	unsigned long magic; /* statfs f_type once mounted */
};

/* Magic numbers: include/uapi/linux/magic.h. devtmpfs reports TMPFS_MAGIC. */
static const struct dg_mount mounts[] = {
	{"devtmpfs", "/dev", "/", "devtmpfs", MS_NOSUID | MS_NOEXEC, 0x01021994ul},
	{"proc", "/proc", "/", "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, 0x9fa0ul},
	{"sysfs", "/sys", "/", "sysfs", MS_NOSUID | MS_NOEXEC | MS_NODEV, 0x62656572ul},
	{"securityfs", DG_SECURITYFS, "/sys/kernel", "securityfs",
	 MS_NOSUID | MS_NOEXEC | MS_NODEV, 0x73636673ul},
};

static int is_mounted(const struct dg_mount *m)
{
	struct statfs sf;
	struct stat st, sp;

	return statfs(m->target, &sf) == 0 && (unsigned long)sf.f_type == m->magic &&
	       stat(m->target, &st) == 0 && stat(m->parent, &sp) == 0 && st.st_dev != sp.st_dev;
}

/* 0 or -errno. */
static int mount_one(const struct dg_mount *m)
{
	if (is_mounted(m))
		return 0;
	if (mkdir(m->target, 0755) != 0 && errno != EEXIST)
		return -errno;
	if (mount(m->source, m->target, m->fstype, m->flags, NULL) != 0 && errno != EBUSY)
		return -errno;
	return 0;
}

int dg_mount_all(const char **failed)
{
	size_t i;
	int rc, first = 0;

	*failed = NULL;
	for (i = 0; i < sizeof(mounts) / sizeof(mounts[0]); i++) {
		rc = mount_one(&mounts[i]);
		if (rc != 0 && first == 0) {
			first = rc;
			*failed = mounts[i].target;
		}
	}
	return first;
}
