/* SPDX-License-Identifier: GPL-2.0 */
/*
 * diglim-bench LISTS DIGESTS_PER_LIST: a measurement, not a test.
 *
 * Runs as /test under test-init in QEMU. Builds LISTS compact lists the way
 * the shim does (one FILE block of plain digests, one FILE block with the
 * IMMUTABLE modifier, SHA-256, random digests), then, for each list, writes
 * its label and the list to <securityfs>/integrity/diglim/ and times the
 * whole upload with CLOCK_MONOTONIC. Memory is read from /proc/meminfo and
 * /proc/slabinfo before and after. Prints "bench:" lines and one TAP line.
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

#define DIR_DIGLIM    "/sys/kernel/security/integrity/diglim/"
#define DIGEST_SIZE   32u
#define HDR_SIZE      16u
#define ALGO_SHA256   4u
#define TYPE_FILE     1u
#define MOD_IMMUTABLE 1u

struct mem {
	long memfree_kb, slab_kb, vmalloc_kb;
	long kmalloc96, kmalloc64;
};

static void put_le(uint8_t *p, uint32_t v, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static size_t block(uint8_t *p, uint16_t mods, uint32_t count)
{
	uint32_t i, j;
	uint64_t v;

	p[0] = 1;
	p[1] = 0;
	put_le(p + 2, TYPE_FILE, 2);
	put_le(p + 4, mods, 2);
	put_le(p + 6, ALGO_SHA256, 2);
	put_le(p + 8, count, 4);
	put_le(p + 12, count * DIGEST_SIZE, 4);
	for (i = 0; i < count * DIGEST_SIZE; i += 8) {
		v = guest_rnd();
		for (j = 0; j < 8; j++)
			p[HDR_SIZE + i + j] = (uint8_t)(v >> (8 * j));
	}
	return HDR_SIZE + (size_t)count * DIGEST_SIZE;
}

static long meminfo(const char *key)
{
	char line[256];
	size_t kl = strlen(key);
	long v = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, kl) && line[kl] == ':') {
			v = strtol(line + kl + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

/* active objects of a slab cache, -1 if /proc/slabinfo has none */
static long slab_objs(const char *name)
{
	char line[512], n[64];
	long active = -1, a;
	FILE *f = fopen("/proc/slabinfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %ld", n, &a) == 2 && !strcmp(n, name)) {
			active = a;
			break;
		}
	fclose(f);
	return active;
}

static void snapshot(struct mem *m)
{
	m->memfree_kb = meminfo("MemFree");
	m->slab_kb = meminfo("Slab");
	m->vmalloc_kb = meminfo("VmallocUsed");
	m->kmalloc96 = slab_objs("kmalloc-96");
	m->kmalloc64 = slab_objs("kmalloc-64");
}

static double seconds(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

int main(int argc, char **argv)
{
	unsigned long nlists = argc > 1 ? strtoul(argv[1], NULL, 10) : 1500;
	unsigned long per = argc > 2 ? strtoul(argv[2], NULL, 10) : 200;
	uint32_t imm, plain;
	size_t list_size, *sizes;
	struct timespec t0, t1;
	struct mem before, after;
	unsigned long i, total;
	uint8_t **lists;
	char label[64];
	double s;
	int ret;

	if (!nlists || !per || per > 1000000) {
		printf("1..1\nnot ok 1 - usage: diglim-bench LISTS DIGESTS_PER_LIST\n");
		return 2;
	}
	imm = (uint32_t)(per / 4);
	plain = (uint32_t)per - imm;
	list_size = 2 * HDR_SIZE + (size_t)per * DIGEST_SIZE;
	total = nlists * per;
	lists = calloc(nlists, sizeof(*lists));
	sizes = calloc(nlists, sizeof(*sizes));
	if (!lists || !sizes)
		return 1;
	for (i = 0; i < nlists; i++) {
		lists[i] = malloc(list_size);
		if (!lists[i])
			return 1;
		sizes[i] = block(lists[i], 0, plain);
		sizes[i] += block(lists[i] + sizes[i], MOD_IMMUTABLE, imm);
	}

	sync();
	snapshot(&before);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < nlists; i++) {
		snprintf(label, sizeof(label), "%05lu-file_list-rpm-bench-%lu", i, i);
		ret = guest_write(DIR_DIGLIM "digest_list_label", label, strlen(label), O_WRONLY);
		if (!ret)
			ret = guest_write(DIR_DIGLIM "digest_list_add", lists[i], sizes[i], O_WRONLY);
		if (ret) {
			printf("1..1\nnot ok 1 - list %lu: %s\n", i, strerror(-ret));
			return 1;
		}
	}
	ret = guest_write(DIR_DIGLIM "seal", "1", 1, O_WRONLY);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	snapshot(&after);
	s = seconds(&t0, &t1);

	printf("bench: %lu lists x %lu digests = %lu SHA-256 digests, %zu bytes per list\n", nlists,
	       per, total, list_size);
	printf("bench: upload + seal: %.3f s (%.2f us per digest, %.2f ms per list)\n", s,
	       s * 1e6 / (double)total, s * 1e3 / (double)nlists);
	printf("bench: MemFree delta %ld kB = %.1f bytes per digest\n",
	       before.memfree_kb - after.memfree_kb,
	       (double)(before.memfree_kb - after.memfree_kb) * 1024.0 / (double)total);
	printf("bench: Slab delta %ld kB = %.1f bytes per digest\n", after.slab_kb - before.slab_kb,
	       (double)(after.slab_kb - before.slab_kb) * 1024.0 / (double)total);
	printf("bench: VmallocUsed delta %ld kB = %.1f bytes per digest (list copies)\n",
	       after.vmalloc_kb - before.vmalloc_kb,
	       (double)(after.vmalloc_kb - before.vmalloc_kb) * 1024.0 / (double)total);
	printf("bench: kmalloc-96 objects +%ld, kmalloc-64 objects +%ld\n",
	       after.kmalloc96 - before.kmalloc96, after.kmalloc64 - before.kmalloc64);
	printf("1..1\n%s 1 - uploaded %lu digests in %lu lists and sealed\n", ret ? "not ok" : "ok",
	       total, nlists);
	return ret ? 1 : 0;
}
