/* SPDX-License-Identifier: GPL-2.0 */
/*
 * diglim-ima-test MODE: IMA's use of the digest table, run as /test under
 * test-init in QEMU. Prints TAP.
 *
 * MODE "on"  (boot with ima_diglim=1): files in a loaded list pass appraisal
 *            and are not measured, IMMUTABLE ones cannot be opened for
 *            writing, unknown files fail, the list is measured as critical
 *            data "diglim" under its label.
 * MODE "ignored" (boot without ima_diglim=1): the same list is loaded but a
 *            listed file fails appraisal like any file without security.ima.
 * MODE "off" (boot with diglim=off): integrity/diglim/ does not exist.
 *
 * The IMA policy is written at run time (the built-in policies skip tmpfs):
 * measure the critical data "diglim" and files read on tmpfs, appraise files
 * opened on tmpfs by their owner root.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#define SECFS	   "/sys/kernel/security"
#define DIGLIM	   SECFS "/integrity/diglim"
#define IMA_POLICY SECFS "/ima/policy"
#define IMA_LOG	   SECFS "/ima/ascii_runtime_measurements"
#define LABEL	   "0001-file_list-rpm-imatest-1.0-1.noarch"

static const char policy[] = "measure func=CRITICAL_DATA label=diglim\n"
			     "measure func=FILE_CHECK mask=MAY_READ fsmagic=0x01021994\n"
			     "appraise func=FILE_CHECK fsmagic=0x01021994 fowner=0\n";

static unsigned int tests;
static unsigned int failed;

static void result(int ok, const char *what, int err)
{
	tests++;
	if (!ok)
		failed++;
	if (ok || !err)
		printf("%s %u - %s\n", ok ? "ok" : "not ok", tests, what);
	else
		printf("not ok %u - %s (%s)\n", tests, what, strerror(err));
}

/* SHA-256 (FIPS 180-4) of a small buffer */
static const uint32_t k256[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

static uint32_t ror(uint32_t x, unsigned int n)
{
	return (x >> n) | (x << (32 - n));
}

static void sha256_block(uint32_t h[8], const uint8_t *p)
{
	uint32_t w[64], a[8], t1, t2;
	unsigned int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (i = 16; i < 64; i++)
		w[i] = w[i - 16] + w[i - 7] +
		       (ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3)) +
		       (ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10));
	memcpy(a, h, sizeof(a));
	for (i = 0; i < 64; i++) {
		t1 = a[7] + (ror(a[4], 6) ^ ror(a[4], 11) ^ ror(a[4], 25)) +
		     ((a[4] & a[5]) ^ (~a[4] & a[6])) + k256[i] + w[i];
		t2 = (ror(a[0], 2) ^ ror(a[0], 13) ^ ror(a[0], 22)) +
		     ((a[0] & a[1]) ^ (a[0] & a[2]) ^ (a[1] & a[2]));
		memmove(a + 1, a, 7 * sizeof(a[0]));
		a[4] += t1;
		a[0] = t1 + t2;
	}
	for (i = 0; i < 8; i++)
		h[i] += a[i];
}

static void sha256(const uint8_t *data, size_t len, uint8_t out[32])
{
	uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
	uint8_t last[128] = {0};
	uint64_t bits = (uint64_t)len * 8;
	size_t off = 0, rest, n;
	unsigned int i;

	for (; len - off >= 64; off += 64)
		sha256_block(h, data + off);
	rest = len - off;
	memcpy(last, data + off, rest);
	last[rest] = 0x80;
	n = rest < 56 ? 64 : 128;
	for (i = 0; i < 8; i++)
		last[n - 1 - i] = (uint8_t)(bits >> (8 * i));
	sha256_block(h, last);
	if (n == 128)
		sha256_block(h, last + 64);
	for (i = 0; i < 32; i++)
		out[i] = (uint8_t)(h[i / 4] >> (24 - 8 * (i % 4)));
}

static int write_all(const char *path, const void *buf, size_t len, int flags)
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

static int try_open(const char *path, int flags)
{
	char c;
	int fd = open(path, flags);

	if (fd < 0)
		return -errno;
	if ((flags & O_ACCMODE) == O_RDONLY && read(fd, &c, 1) < 0) {
		close(fd);
		return -errno;
	}
	close(fd);
	return 0;
}

static int log_has(const char *needle)
{
	static char buf[1 << 20];
	size_t len = 0;
	ssize_t n;
	int fd = open(IMA_LOG, O_RDONLY);

	if (fd < 0)
		return -errno;
	while (len < sizeof(buf) - 1 && (n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	buf[len] = '\0';
	return strstr(buf, needle) != NULL;
}

static size_t put_block(uint8_t *p, uint16_t mods, const uint8_t digest[32])
{
	memset(p, 0, 16);
	p[0] = 1;
	p[2] = 1; /* FILE */
	p[4] = (uint8_t)mods;
	p[6] = 4;   /* sha256 */
	p[8] = 1;   /* count */
	p[12] = 32; /* datalen */
	memcpy(p + 16, digest, 32);
	return 48;
}

/* securityfs takes one rule per write() */
static int load_policy(void)
{
	const char *p = policy, *nl;
	ssize_t n;
	int fd = open(IMA_POLICY, O_WRONLY);

	if (fd < 0)
		return -errno;
	for (; (nl = strchr(p, '\n')); p = nl + 1) {
		n = write(fd, p, (size_t)(nl + 1 - p));
		if (n != nl + 1 - p) {
			n = n < 0 ? -errno : -EIO;
			close(fd);
			return (int)n;
		}
	}
	return close(fd) ? -errno : 0;
}

static const char known_data[] = "a file shipped by a package\n";
static const char imm_data[] = "an immutable file shipped by a package\n";
static const char unknown_data[] = "a file nobody listed\n";

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "on";
	int on = !strcmp(mode, "on");
	uint8_t dk[32], di[32], list[96];
	struct stat st;
	int ret;

	printf("# diglim-ima-test mode %s\n", mode);
	if (!strcmp(mode, "off")) {
		ret = stat(DIGLIM, &st) ? errno : 0;
		result(ret == ENOENT, "diglim=off: integrity/diglim does not exist", 0);
		result(stat(SECFS "/integrity/ima/policy", &st) == 0 || stat(IMA_POLICY, &st) == 0,
		       "diglim=off: IMA is still there", 0);
		printf("1..%u\n", tests);
		return failed ? 1 : 0;
	}

	ret = load_policy();
	result(!ret, "load the IMA policy", -ret);
	ret = write_all("/tmp/known", known_data, sizeof(known_data) - 1,
			O_WRONLY | O_CREAT | O_TRUNC);
	ret = ret ? ret
		  : write_all("/tmp/immutable", imm_data, sizeof(imm_data) - 1,
			      O_WRONLY | O_CREAT | O_TRUNC);
	ret = ret ? ret
		  : write_all("/tmp/unknown", unknown_data, sizeof(unknown_data) - 1,
			      O_WRONLY | O_CREAT | O_TRUNC);
	result(!ret, "create the files", -ret);
	/* IMA may have stored a hash on close; take it away */
	removexattr("/tmp/known", "security.ima");
	removexattr("/tmp/immutable", "security.ima");
	removexattr("/tmp/unknown", "security.ima");
	result(getxattr("/tmp/known", "security.ima", NULL, 0) < 0 && errno == ENODATA,
	       "no security.ima on the files", 0);

	sha256((const uint8_t *)known_data, sizeof(known_data) - 1, dk);
	sha256((const uint8_t *)imm_data, sizeof(imm_data) - 1, di);
	put_block(list, 0, dk);
	put_block(list + 48, 1, di);
	ret = write_all(DIGLIM "/digest_list_label", LABEL, strlen(LABEL), O_WRONLY);
	ret = ret ? ret : write_all(DIGLIM "/digest_list_add", list, sizeof(list), O_WRONLY);
	result(!ret, "upload the list", -ret);
	ret = write_all(DIGLIM "/seal", "1", 1, O_WRONLY);
	result(!ret, "seal", -ret);

	ret = try_open("/tmp/unknown", O_RDONLY);
	result(ret == -EACCES, "an unknown file fails appraisal", 0);
	ret = try_open("/tmp/known", O_RDONLY);
	if (on)
		result(!ret, "a listed file passes appraisal", -ret);
	else
		result(ret == -EACCES, "without ima_diglim=1 a listed file fails appraisal", 0);
	ret = try_open("/tmp/immutable", O_RDONLY);
	if (on)
		result(!ret, "an IMMUTABLE listed file passes appraisal", -ret);
	else
		result(ret == -EACCES, "without ima_diglim=1 an IMMUTABLE file fails", 0);
	if (on) {
		ret = try_open("/tmp/immutable", O_WRONLY);
		result(ret == -EACCES, "an IMMUTABLE listed file cannot be opened for writing", 0);
		ret = try_open("/tmp/known", O_RDWR);
		result(!ret, "a listed file without IMMUTABLE can be opened for writing", -ret);
	}

	ret = log_has(" " LABEL " ");
	result(ret == 1, "the list is measured as critical data under its label", 0);
	ret = log_has(" ima-buf ");
	result(ret == 1, "with the ima-buf template", 0);
	{
		char hex[2 * sizeof(list) + 3];
		size_t i;

		hex[0] = ' ';
		for (i = 0; i < sizeof(list); i++)
			snprintf(hex + 1 + 2 * i, 3, "%02x", list[i]);
		hex[1 + 2 * sizeof(list)] = '\n';
		hex[2 + 2 * sizeof(list)] = '\0';
		result(log_has(hex) == 1, "the event data is the whole list", 0);
	}
	result(log_has("/tmp/unknown") == 1, "an unknown file is measured", 0);
	if (on)
		result(log_has("/tmp/known") == 0, "a listed file is not measured", 0);
	else
		result(log_has("/tmp/known") == 1, "without ima_diglim=1 a listed file is measured",
		       0);
	printf("1..%u\n", tests);
	return failed ? 1 : 0;
}
