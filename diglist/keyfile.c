// SPDX-License-Identifier: MIT
/*
 * diglist/keyfile.c — the keyring of a run with --key (diglist.h): the compiled-in
 * trusted keys, then the keys of each key file in the order given. Used by the CLIs
 * only (diginit --key, diginit-mkinitrd --verify/--predict --key); PID 1 verifies
 * against pgp_trusted_keyring alone. Storage is the caller's struct dg_keyring.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diglist.h"

int dg_keyring_init(struct dg_keyring *k)
{
	k->ring.keys = k->keys;
	k->ring.n = 0;
	if (pgp_trusted_keyring.n > DG_KEYS_MAX)
		return -E2BIG;
	memcpy(k->keys, pgp_trusted_keyring.keys, pgp_trusted_keyring.n * sizeof(k->keys[0]));
	k->ring.n = pgp_trusted_keyring.n;
	return 0;
}

/* The whole regular file at path (links followed) into buf[0..DG_KEYFILE_MAX): 0 and
 * *len, or dg_file_open's and dg_file_read's -errno. */
static int read_keyfile(const char *path, uint8_t *buf, size_t *len)
{
	int rc, fd = dg_file_open(AT_FDCWD, path, 0, DG_KEYFILE_MAX, len);

	if (fd < 0)
		return fd;
	rc = dg_file_read(fd, buf, *len);
	close(fd);
	return rc;
}

int dg_keyring_add_file(struct dg_keyring *k, const char *path, struct pgp_err *err)
{
	struct pgp_key *dst = k->keys + k->ring.n;
	size_t len = 0, n = 0, i;
	int rc;

	memset(err, 0, sizeof(*err));
	rc = read_keyfile(path, k->file, &len);
	if (rc != 0)
		return rc;
	if (k->ring.n >= DG_KEYS_MAX)
		return -ENOSPC;
	rc = pgp_keys_parse(k->file, len, k->scratch, sizeof(k->scratch), dst,
			    DG_KEYS_MAX - k->ring.n, &n, err);
	if (rc != 0)
		return rc;
	/* Records refer to their primary by index in the array they were parsed into:
	 * shift them to k's array. */
	for (i = 0; i < n; i++)
		dst[i].primary = (uint16_t)(dst[i].primary + k->ring.n);
	k->ring.n += n;
	return 0;
}
