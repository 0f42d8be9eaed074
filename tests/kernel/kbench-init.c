/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbench-init: the next init of tests/kernel/kbench.sh's boots (a measurement, not a
 * test). diginit (PID 1) uploaded the benchmark image's lists, sealed the table and
 * executed this program as PID 1. Prints "BENCH: KEY VALUE" lines on the console,
 * then powers off. dgbench=MODE on the kernel command line:
 *   time  the time to the next init (CLOCK_BOOTTIME when this program starts);
 *   mem   that, and the kernel's memory: /proc/meminfo, every slab cache's bytes
 *         (num_objs * objsize from /proc/slabinfo), the table's counts, the IMA log
 *         (entries, the table's events, bytes of the binary log);
 *   full  that, and from the function graph tracer (started on the kernel command
 *         line, see kbench.sh): the kernel time of each upload (diglim_list_write)
 *         and of the table insertion it does (diglim_list_insert); a memcpy() of the
 *         table's digest bytes; then files opened under "appraise func=FILE_CHECK
 *         fowner=4242 diglim": IMA hashes each (ima_calc_file_hash) and looks its
 *         digest up in the table (diglim_digest_get_trust): first the 1,024 files of
 *         /bench/hit, packaged files of the benchmark corpus (kbench.sh put them
 *         there: their content is their path), so found in trusted lists, then
 *         1,024 files of 4 KiB of random bytes, in no list.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

#define DIGLIM	 "/sys/kernel/security/integrity/diglim"
#define IMA	 "/sys/kernel/security/ima"
#define TRACING	 "/sys/kernel/tracing"
#define NFILES	 2048
#define FILESIZE 4096
#define OWNER	 4242

static double now(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The whole of a small file, NUL terminated; NULL on error. */
static char *slurp(const char *path, size_t *lenp)
{
	size_t len = 0, cap = 1 << 16;
	char *buf = malloc(cap), *b;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || !buf) {
		free(buf);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	for (;;) {
		if (len + 1 >= cap) {
			b = realloc(buf, cap *= 2);
			if (!b)
				break;
			buf = b;
		}
		n = read(fd, buf + len, cap - 1 - len);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	if (lenp)
		*lenp = len;
	return buf;
}

static void meminfo(void)
{
	static const char *const keys[] = { "MemTotal", "MemFree", "Slab", "SReclaimable",
					    "SUnreclaim", "VmallocUsed", "Percpu", "Shmem" };
	char *text = slurp("/proc/meminfo", NULL), *p;
	size_t i, kl;

	for (i = 0; text && i < sizeof(keys) / sizeof(keys[0]); i++) {
		kl = strlen(keys[i]);
		for (p = text; (p = strstr(p, keys[i])); p += kl)
			if ((p == text || p[-1] == '\n') && p[kl] == ':') {
				printf("BENCH: mem-%s-kB %ld\n", keys[i], strtol(p + kl + 1, NULL, 10));
				break;
			}
	}
	free(text);
}

/* slab NAME BYTES: num_objs * objsize of each cache */
static void slabinfo(void)
{
	char *text = slurp("/proc/slabinfo", NULL), *line, *save = NULL;
	char name[64];
	long active, num, size;

	for (line = text ? strtok_r(text, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save))
		if (sscanf(line, "%63s %ld %ld %ld", name, &active, &num, &size) == 4)
			printf("BENCH: slab %s %ld\n", name, num * size);
	free(text);
}

/* The IMA log: entries, the table's events, the binary log's size. */
static void imalog(void)
{
	size_t blen = 0;
	char *text = slurp(IMA "/ascii_runtime_measurements", NULL), *bin;
	char *line, *save = NULL, f[5][300];
	long n = 0, table = 0;

	for (line = text ? strtok_r(text, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		n++;
		/* PCR TEMPLATE-HASH TEMPLATE D-NG NAME [BUF] */
		if (sscanf(line, "%299s %299s %299s %299s %299s", f[0], f[1], f[2], f[3], f[4]) == 5 &&
		    (!strncmp(f[4], "diglim/", 7) || !strncmp(f[4], "add_", 4) ||
		     !strncmp(f[4], "del_", 4) || strstr(f[4], "file_list")))
			table++;
	}
	bin = slurp(IMA "/binary_runtime_measurements", &blen);
	printf("BENCH: ima-entries %ld\nBENCH: ima-table-events %ld\nBENCH: ima-log-bytes %zu\n",
	       n, table, bin ? blen : 0);
	free(text);
	free(bin);
}

static void counts(void)
{
	char *text = slurp(DIGLIM "/digests_count", NULL), *p;

	p = text ? strstr(text, "File digests: ") : NULL;
	if (p)
		printf("BENCH: file-digests %ld\n", strtol(p + 14, NULL, 10));
	free(text);
}

/*
 * Sum the durations the function graph tracer recorded for FUNC: leaf lines
 * "... 12.345 us | func();" and closing lines "... 12.345 us | } / * func * /"
 * (trace_options=funcgraph-tail). With first != 0, only the first `first`
 * calls (and then the rest separately, as func+rest).
 */
struct fstat {
	const char *name;
	long n, first, n2;
	double us, us2;
};

static void trace_sum(struct fstat *fs, size_t nfs)
{
	char *text = slurp(TRACING "/trace", NULL), *line, *save = NULL, *bar, *us, *p;
	char fname[128];
	double d;
	size_t i, fl;

	for (line = text ? strtok_r(text, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#')
			continue;
		bar = strchr(line, '|');
		us = strstr(line, " us ");
		if (!bar || !us || us > bar)
			continue;
		for (p = us; p > line && (p[-1] == '.' || (p[-1] >= '0' && p[-1] <= '9')); p--)
			;
		d = strtod(p, NULL);
		p = bar + 1;
		while (*p == ' ')
			p++;
		if (!strncmp(p, "} /* ", 5))
			p += 5;
		for (fl = 0; fl < sizeof(fname) - 1 && (p[fl] == '_' || (p[fl] >= 'a' && p[fl] <= 'z') ||
							 (p[fl] >= '0' && p[fl] <= '9'));
		     fl++)
			fname[fl] = p[fl];
		fname[fl] = '\0';
		for (i = 0; i < nfs; i++) {
			if (strcmp(fname, fs[i].name))
				continue;
			if (fs[i].first && fs[i].n >= fs[i].first) {
				fs[i].n2++;
				fs[i].us2 += d;
			} else {
				fs[i].n++;
				fs[i].us += d;
			}
		}
	}
	free(text);
}

static int trace_clear(void)
{
	return guest_write(TRACING "/trace", "", 0, O_WRONLY | O_TRUNC);
}

/* /bench/hit/0000.. (found), then NFILES / 2 files of 4 KiB (not found). */
static int lookups(void)
{
	static uint8_t data[FILESIZE];
	struct fstat fs[] = { { "diglim_digest_get_trust", 0, NFILES / 2, 0, 0, 0 },
			      { "ima_calc_file_hash", 0, NFILES / 2, 0, 0, 0 } };
	const char *rule = "appraise func=FILE_CHECK fowner=4242 diglim\n";
	int fd, ret, denied_hit = 0, denied_miss = 0;
	char path[64];
	size_t i, j;

	if (mkdir("/tmp/b", 0755) && errno != EEXIST)
		return -errno;
	for (i = 0; i < NFILES / 2; i++) {
		snprintf(path, sizeof(path), "/bench/hit/%04zu", i);
		if (chown(path, OWNER, 0))
			return -errno;
		for (j = 0; j < FILESIZE; j += 8) {
			uint64_t v = guest_rnd();

			memcpy(data + j, &v, 8);
		}
		snprintf(path, sizeof(path), "/tmp/b/%04zu", i);
		ret = guest_write(path, data, FILESIZE, O_WRONLY | O_CREAT | O_EXCL);
		if (ret || chown(path, OWNER, 0))
			return ret ? ret : -errno;
	}
	ret = guest_write(IMA "/policy", rule, strlen(rule), O_WRONLY);
	if (ret)
		return ret;
	trace_clear();
	for (i = 0; i < NFILES; i++) {
		if (i < NFILES / 2)
			snprintf(path, sizeof(path), "/bench/hit/%04zu", i);
		else
			snprintf(path, sizeof(path), "/tmp/b/%04zu", i - NFILES / 2);
		fd = open(path, O_RDONLY);
		if (fd >= 0)
			close(fd);
		else if (i < NFILES / 2)
			denied_hit++;
		else
			denied_miss++;
	}
	trace_sum(fs, 2);
	printf("BENCH: lookup-denied hit %d miss %d\n", denied_hit, denied_miss);
	printf("BENCH: lookup-hit-calls %ld us %.3f\n", fs[0].n, fs[0].us);
	printf("BENCH: lookup-miss-calls %ld us %.3f\n", fs[0].n2, fs[0].us2);
	printf("BENCH: hash-small-calls %ld us %.3f\n", fs[1].n, fs[1].us);
	printf("BENCH: hash4k-calls %ld us %.3f\n", fs[1].n2, fs[1].us2);
	return 0;
}

static void uploads(void)
{
	struct fstat fs[] = { { "diglim_list_write", 0, 0, 0, 0, 0 },
			      { "diglim_list_insert", 0, 0, 0, 0, 0 } };

	trace_sum(fs, 2);
	printf("BENCH: upload-calls %ld us %.3f\n", fs[0].n, fs[0].us);
	printf("BENCH: insert-calls %ld us %.3f\n", fs[1].n, fs[1].us);
}

/* memcpy() of n digests' bytes: the best of 5 */
static void copy(long n)
{
	size_t len = (size_t)n * 32;
	char *a = malloc(len), *b = malloc(len);
	double best = 1e9, t;
	int i;

	if (!a || !b || !n)
		return;
	memset(a, 1, len);
	memset(b, 2, len);
	for (i = 0; i < 5; i++) {
		t = now(CLOCK_MONOTONIC);
		memcpy(b, a, len);
		t = now(CLOCK_MONOTONIC) - t;
		if (t < best)
			best = t;
		a[i] = b[len - 1 - (size_t)i];
	}
	printf("BENCH: memcpy-bytes %zu us %.3f\n", len, best * 1e6);
	free(a);
	free(b);
}

int main(void)
{
	double t0 = now(CLOCK_BOOTTIME);
	char *cmdline, *mode, *digests;
	long nd = 0;
	int ret;

	guest_setup();
	guest_mount("tracefs", TRACING, "tracefs");
	cmdline = slurp("/proc/cmdline", NULL);
	mode = cmdline ? strstr(cmdline, "dgbench=") : NULL;
	mode = mode ? mode + 8 : "time";
	printf("BENCH: next-init-s %.3f\n", t0);
	if (!strncmp(mode, "mem", 3) || !strncmp(mode, "full", 4)) {
		meminfo();
		slabinfo();
		imalog();
		counts();
	}
	if (!strncmp(mode, "full", 4)) {
		uploads();
		digests = slurp(DIGLIM "/digests_count", NULL);
		if (digests && strstr(digests, "File digests: "))
			nd = strtol(strstr(digests, "File digests: ") + 14, NULL, 10);
		free(digests);
		copy(nd);
		ret = lookups();
		if (ret)
			printf("BENCH: lookup-error %s\n", strerror(-ret));
	}
	printf("BENCH: end\n");
	guest_power_off();
	return 0;
}
