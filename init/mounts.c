// SPDX-License-Identifier: MIT
/*
 * init/mounts.c — mount what diginit needs, where it is not mounted yet: devtmpfs on
 * /dev (for /dev/kmsg), proc (/proc/cmdline, /proc/self/exe), sysfs, securityfs.
 * "Mounted" means statfs() of the mount point reports the file system's magic. A
 * failure is only counted: what is then missing is reported by the step that needs
 * it (log.c falls back to the console, table.c reports the missing table).
 */
#include <errno.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include "diginit.h"

struct dg_mount {
	const char *source, *target, *fstype;
	unsigned long flags;
	unsigned long magic; /* statfs f_type once mounted */
};

/* Magic numbers: include/uapi/linux/magic.h. devtmpfs reports TMPFS_MAGIC. */
static const struct dg_mount mounts[] = {
	{"devtmpfs", "/dev", "devtmpfs", MS_NOSUID | MS_NOEXEC, 0x01021994ul},
	{"proc", "/proc", "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, 0x9fa0ul},
	{"sysfs", "/sys", "sysfs", MS_NOSUID | MS_NOEXEC | MS_NODEV, 0x62656572ul},
	{"securityfs", DG_SECURITYFS, "securityfs", MS_NOSUID | MS_NOEXEC | MS_NODEV, 0x73636673ul},
};

static int is_mounted(const struct dg_mount *m)
{
	struct statfs st;

	return statfs(m->target, &st) == 0 && (unsigned long)st.f_type == m->magic;
}

int dg_mount_all(void)
{
	size_t i;
	int failed = 0;

	for (i = 0; i < sizeof(mounts) / sizeof(mounts[0]); i++) {
		const struct dg_mount *m = &mounts[i];

		if (is_mounted(m))
			continue;
		if (mkdir(m->target, 0755) != 0 && errno != EEXIST) {
			failed++;
			continue;
		}
		if (mount(m->source, m->target, m->fstype, m->flags, NULL) != 0 && errno != EBUSY)
			failed++;
	}
	return failed;
}
