// SPDX-License-Identifier: MIT
/*
 * init/keyarg.c — the keyring of a CLI run: the compiled-in trusted keys followed by
 * the keys of each --key file (armoured or binary). Host use and tests only: PID 1
 * never calls dg_keys_add_file. Fixed static storage, no heap.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diginit.h"

static struct pgp_key ring[DG_KEYS_MAX];
static struct pgp_keyring kr = {ring, 0};
static int ring_started;

void dg_keys_init(void)
{
	size_t n = pgp_trusted_keyring.n;

	if (n > DG_KEYS_MAX)
		n = DG_KEYS_MAX;
	memcpy(ring, pgp_trusted_keyring.keys, n * sizeof(ring[0]));
	kr.n = n;
	ring_started = 1;
}

const struct pgp_keyring *dg_keys_ring(void)
{
	return ring_started ? &kr : &pgp_trusted_keyring;
}

int dg_keys_add_file(const char *path)
{
	static uint8_t scratch[DG_KEYFILE_MAX];
	static struct pgp_key tmp[DG_KEYS_MAX];
	struct pgp_err perr;
	struct stat st;
	size_t n = 0, i;
	void *map;
	int fd, rc;

	if (!ring_started)
		dg_keys_init();
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    (unsigned long long)st.st_size > DG_KEYFILE_MAX) {
		close(fd);
		return -EINVAL;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return -errno;
	memset(&perr, 0, sizeof(perr));
	rc = pgp_keys_parse(map, (size_t)st.st_size, scratch, sizeof(scratch), tmp, DG_KEYS_MAX, &n,
			    &perr);
	munmap(map, (size_t)st.st_size);
	if (rc != 0)
		return rc;
	if (n > DG_KEYS_MAX - kr.n)
		return -ENOSPC;
	/* Records refer to their primary by index in the same array: shift them. */
	for (i = 0; i < n; i++) {
		ring[kr.n + i] = tmp[i];
		ring[kr.n + i].primary = (uint16_t)(tmp[i].primary + kr.n);
	}
	kr.n += n;
	return 0;
}
