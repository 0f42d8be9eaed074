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

/* The whole regular file at path into buf[0..DG_KEYFILE_MAX): 0 and *len, or -errno
 * (-EINVAL not a regular file, -EFBIG empty or too large, -EIO it shrank). */
static int read_keyfile(const char *path, uint8_t *buf, size_t *len)
{
	struct stat st;
	size_t size, got = 0;
	int fd, rc = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) != 0)
		rc = -errno;
	else if (!S_ISREG(st.st_mode))
		rc = -EINVAL;
	else if (st.st_size <= 0 || (unsigned long long)st.st_size > DG_KEYFILE_MAX)
		rc = -EFBIG;
	size = rc ? 0 : (size_t)st.st_size;
	while (got < size) {
		ssize_t n = read(fd, buf + got, size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = n < 0 ? -errno : -EIO;
			break;
		}
		got += (size_t)n;
	}
	close(fd);
	*len = got;
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
