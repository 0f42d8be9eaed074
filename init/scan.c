// SPDX-License-Identifier: MIT
/*
 * init/scan.c — the names in a directory, sorted byte-wise (strcmp, the "C" locale
 * order mkinitrd also sorts the cpio by), so that uploads and with them the IMA
 * measurements happen in a predictable order. getdents64 into a static buffer: no
 * heap, no opendir().
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "diginit.h"

/* The kernel's struct linux_dirent64. */
struct dg_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static char arena[DG_SCAN_ARENA];
static const char *names_tab[DG_SCAN_MAX];

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int dg_scan_dir(int dirfd, const char *const **names, size_t *n)
{
	static char dbuf[32768] __attribute__((aligned(8)));
	size_t used = 0, count = 0;
	long got;

	*names = names_tab;
	*n = 0;
	if (lseek(dirfd, 0, SEEK_SET) < 0)
		return -errno;
	for (;;) {
		size_t pos = 0;

		got = syscall(SYS_getdents64, dirfd, dbuf, sizeof(dbuf));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -errno;
		if (got == 0)
			break;
		/* Invariant: pos + reclen <= got for every record (the kernel's promise;
		 * checked anyway), and the name is NUL-terminated inside the record. */
		while (pos < (size_t)got) {
			const struct dg_dirent64 *d = (const void *)(dbuf + pos);
			size_t reclen, nlen, hdr = offsetof(struct dg_dirent64, d_name);

			if ((size_t)got - pos < hdr)
				return -EIO;
			reclen = d->d_reclen;
			if (reclen < hdr || reclen > (size_t)got - pos)
				return -EIO;
			pos += reclen;
			if (!memchr(d->d_name, '\0', reclen - hdr))
				return -EIO;
			if (d->d_name[0] == '.')
				continue;
			nlen = strlen(d->d_name) + 1;
			if (count == DG_SCAN_MAX || nlen > sizeof(arena) - used)
				return -E2BIG;
			memcpy(arena + used, d->d_name, nlen);
			names_tab[count++] = arena + used;
			used += nlen;
		}
	}
	qsort(names_tab, count, sizeof(names_tab[0]), cmp_names);
	*n = count;
	return 0;
}
