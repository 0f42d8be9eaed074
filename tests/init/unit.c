// SPDX-License-Identifier: MIT
/*
 * tests/init/unit.c — unit tests of libdiginit (compact.h) and of the shim's pure
 * steps (command line, label check), TAP on stdout. Also run under ASan+UBSan.
 *   unit TESTDATA LIST KEY [PKGDIR...]
 * TESTDATA = ../shared/testdata; LIST = a list file cut from
 * rpm.org/RPMS/hello-2.0-1.x86_64-signed-with-new-subkey.rpm; KEY = its signing key;
 * PKGDIR: directories searched for *.rpm whose compact lists are compared with a
 * reference built file by file.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diginit.h"

static int n, failed;

static void ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#include <stdarg.h>
static void ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", cond ? "ok" : "not ok", ++n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond)
		failed++;
}

static uint8_t *slurp(const char *dir, const char *name, size_t *len)
{
	char path[4096];
	FILE *f;
	uint8_t *p;
	long sz;

	snprintf(path, sizeof(path), "%s%s%s", dir, name ? "/" : "", name ? name : "");
	f = fopen(path, "rb");
	if (!f || fseek(f, 0, SEEK_END) || (sz = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(1);
	}
	p = malloc((size_t)sz + 1);
	if (!p || fread(p, 1, (size_t)sz, f) != (size_t)sz)
		exit(1);
	fclose(f);
	*len = (size_t)sz;
	return p;
}

static void test_algo(void)
{
	ok(dg_kernel_algo(8) == 4 && dg_kernel_algo(9) == 5 && dg_kernel_algo(10) == 6 &&
		   dg_kernel_algo(11) == 7,
	   "RPM hash ids 8/9/10/11 -> kernel sha256/384/512/224");
	ok(dg_kernel_algo(1) == 0 && dg_kernel_algo(2) == 0 && dg_kernel_algo(12) == 0 &&
		   dg_kernel_algo(0) == 0,
	   "MD5, SHA-1, SHA3, 0 have no kernel algo");
}

static void test_immutable(void)
{
	static const struct {
		uint16_t mode;
		uint64_t size;
		const char *dir, *base;
		int want;
	} t[] = {
		{0100755, 10, "/usr/bin/", "x", 1},
		{0100100, 0, "/usr/bin/", "x", 1}, /* any x bit, even empty */
		/* each x bit alone is enough: group's, other's (owner writable, not a path rule) */
		{0100654, 10, "/etc/", "g", 1},
		{0100645, 10, "/etc/", "o", 1},
		{0100010, 0, "/srv/", "g", 1},
		{0100001, 0, "/srv/", "o", 1},
		{0100644, 10, "/etc/", "a.conf", 0},
		{0100444, 10, "/usr/share/", "ro", 1}, /* no write bit, size > 0 */
		{0100444, 0, "/usr/share/", "ro", 0},  /* ... but empty */
		{0100440, 10, "/usr/share/", "ro", 1},
		{0100644, 10, "/lib/modules/6.1/", "a.ko", 1},
		{0100644, 10, "/usr/lib/modules/6.1/kernel/", "b.ko", 1},
		{0100644, 10, "/lib/firmware/", "fw.bin", 1},
		{0100644, 10, "/usr/lib/firmware/", "fw.bin", 1},
		{0100644, 10, "/usr/lib/", "firmware", 0}, /* the path itself is not under */
		{0100644, 10, "/lib/", "modules", 0},
		{0100644, 10, "/lib/modulesX/", "a", 0},
		{0100644, 10, "/usr/local/lib/modules/", "a", 0},
		{0100600, 10, "/", "lib", 0},
		{0100200, 10, "/x/", "y", 0}, /* only a write bit */
		/* dirname a proper prefix of a pattern: the basename completes it or not */
		{0100644, 10, "/usr/lib/", "modules/6.1/a.ko", 1},
		{0100644, 10, "/usr/", "lib/firmware/x", 1},
		{0100644, 10, "/", "lib/modules/", 1},
		{0100644, 10, "/", "lib/modules", 0},
		{0100644, 10, "", "/lib/firmware/x", 1},
		{0100644, 10, "/usr/lib/mod", "ules/x", 1},
		{0100644, 10, "/usr/lib/mod", "ulesx", 0},
		/* a pattern the dirname leaves early is not completed by the basename:
		 * /usr/lib/lib/modules/x is not under /lib/modules/ */
		{0100644, 10, "/usr/lib/", "lib/modules/x", 0},
		{0100644, 10, "/usr/lib/modules", "/", 1},
		{0100644, 10, "/usr/lib/modules/", "", 1},
		{0100644, 10, "/usr/lib/firmwarf/", "x", 0},
		{0100644, 10, "/lib/firmware", "", 0},
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct rh_file f;

		memset(&f, 0, sizeof(f));
		f.mode = t[i].mode;
		f.size = t[i].size;
		f.dirname = t[i].dir;
		f.basename = t[i].base;
		ok(dg_file_immutable(&f) == t[i].want, "immutable(%06o, %llu, %s%s) = %d",
		   t[i].mode, (unsigned long long)t[i].size, t[i].dir, t[i].base, t[i].want);
	}
}

static void parse(const char *line, struct dg_opts *o)
{
	static char buf[1024];
	size_t len = strlen(line);

	memcpy(buf, line, len + 1);
	dg_opts_default(o);
	dg_cmdline_parse(buf, len, o);
}

static void test_cmdline(void)
{
	struct dg_opts o;

	parse("", &o);
	ok(strcmp(o.init, DG_NEXT_INIT) == 0 && strcmp(o.lists, DG_LISTS_DIR) == 0 && !o.enforce &&
		   !o.debug,
	   "empty command line: defaults");
	ok(strcmp(o.image, DG_IMAGE_PATH) == 0, "empty command line: the built-in image path");
	parse("rd.diginit.image=/a.img rd.diginit.image=/boot/b.img rd.diginit.image", &o);
	ok(strcmp(o.image, "/boot/b.img") == 0, "rd.diginit.image: last absolute path wins");
	parse("rd.diginit.image=rel.img rd.diginit.images=/x", &o);
	ok(strcmp(o.image, DG_IMAGE_PATH) == 0, "rd.diginit.image: relative path ignored");
	{
		char b[16];
		const char *cur = "/a:rel::/0123456789abcdef:/b/c:";
		int n1 = dg_path_next(&cur, b, sizeof(b));
		int a = n1 && strcmp(b, "/a") == 0;
		int n2 = dg_path_next(&cur, b, sizeof(b));
		int c = n2 && strcmp(b, "/b/c") == 0;

		ok(a && c && dg_path_next(&cur, b, sizeof(b)) == 0 && dg_path_next(&cur, b, 16) == 0,
		   "image path list: absolute elements in order; empty, relative, too long skipped");
		char big[4096];

		cur = DG_IMAGE_PATH;
		ok(dg_path_next(&cur, big, sizeof(big)) && strcmp(big, "/etc/diginit.img") == 0,
		   "image path list: the built-in list starts with /etc/diginit.img");
	}
	/* a relative next init would be looked up from wherever PID 1 stands */
	parse("rd.diginit.init=sbin/init rd.diginit.lists=etc/diglim", &o);
	ok(strcmp(o.init, DG_NEXT_INIT) == 0 && strcmp(o.lists, DG_LISTS_DIR) == 0,
	   "rd.diginit.init, rd.diginit.lists: relative paths ignored");
	parse("quiet rd.diginit.enforce splash", &o);
	ok(o.enforce == 1 && !o.debug, "bare rd.diginit.enforce = 1");
	parse("rd.diginit.debug rd.diginit.debug=0", &o);
	ok(o.debug == 0, "last value wins (debug then debug=0)");
	parse("rd.diginit.enforce=off rd.diginit.enforce=yes", &o);
	ok(o.enforce == 1, "last value wins (enforce=off then =yes)");
	parse("rd.diginit.enforce=1 rd.diginit.enforce=no\n", &o);
	ok(o.enforce == 0, "enforce=no, trailing newline");
	parse("rd.diginit.init=/a rd.diginit.init=/sbin/b rd.diginit.lists=/x", &o);
	ok(strcmp(o.init, "/sbin/b") == 0 && strcmp(o.lists, "/x") == 0, "init and lists: last");
	parse("rd.diginit.init=/a rd.diginit.init rd.diginit.lists=rel", &o);
	ok(strcmp(o.init, "/a") == 0 && strcmp(o.lists, DG_LISTS_DIR) == 0,
	   "non-absolute or bare paths are ignored");
	parse("x=\"a b\" rd.diginit.init=\"/my init\" rd.diginit.debug", &o);
	ok(strcmp(o.init, "/my init") == 0 && o.debug == 1, "double quotes group blanks");
	parse("rd.diginit.enforcex foo=rd.diginit.enforce rd.diginit.enforc", &o);
	ok(!o.enforce, "only exact option names count");
	parse("\t rd.diginit.debug=1", &o);
	ok(o.debug == 1, "leading blanks, last word without a newline");
	parse("rd.diginit.init=\"/unterminated", &o);
	ok(strcmp(o.init, "/unterminated") == 0, "unterminated quote ends at the end");
}

static void test_label(void)
{
	char big[300];

	ok(dg_name_ok("001-file_list-rpm-bash-5.2-1.fc40.x86_64"), "label: a list name");
	ok(!dg_name_ok(""), "label: empty refused");
	ok(!dg_name_ok("a b") && !dg_name_ok("a\tb") && !dg_name_ok("a\x7f") &&
		   !dg_name_ok("\xc3\xa9"),
	   "label: blanks, DEL, non-ASCII refused");
	memset(big, 'a', sizeof(big));
	big[254] = '\0';
	ok(dg_name_ok(big), "label: 254 bytes accepted (255 with the NUL written)");
	big[254] = 'a';
	big[255] = '\0';
	ok(!dg_name_ok(big), "label: 255 bytes refused (the kernel takes 255 with the NUL)");
	ok(dg_name_part_ok("bash") && !dg_name_part_ok("a/b") && !dg_name_part_ok("") &&
		   !dg_name_part_ok("\xc3\xa9") && !dg_name_part_ok("a b"),
	   "name part: '/', empty, non-ASCII, blank refused");
}

/* A file of size bytes ('k') at path. */
static void write_size(const char *path, size_t size)
{
	FILE *f = fopen(path, "w");

	for (size_t i = 0; f && i < size; i++)
		fputc('k', f);
	if (f)
		fclose(f);
}

/* --key loading (diglist/keyfile.c), shared by diginit and diginit-mkinitrd: the
 * primary index of every subkey is shifted to the ring's array (diginit-mkinitrd kept
 * the index the parser gave, which pointed at another key), sizes and file types are
 * checked, and the keys verify. */
static void test_keyring(const char *listpath, const char *keypath)
{
	static struct dg_keyring k;
	static uint8_t out[4096];
	struct dg_outcome l;
	struct pgp_err e;
	size_t n0, n1, i, len, rlen, nsub = 0;
	int shifted = 1;
	uint8_t *list;
	char tmp[] = "/tmp/dg-unit-key.XXXXXX";
	int fd = mkstemp(tmp);

	if (fd >= 0)
		close(fd);
	ok(dg_keyring_init(&k) == 0 && k.ring.n == pgp_trusted_keyring.n && k.ring.keys == k.keys,
	   "keyring: starts with the compiled-in keys");
	n0 = k.ring.n;
	ok(dg_keyring_add_file(&k, keypath, &e) == 0 && k.ring.n > n0, "keyring: a key file added");
	n1 = k.ring.n;
	ok(dg_keyring_add_file(&k, keypath, &e) == 0 && k.ring.n == n1 + (n1 - n0),
	   "keyring: the same file again");
	for (i = n0; i < k.ring.n; i++) {
		size_t start = i < n1 ? n0 : n1;

		if (!(k.keys[i].flags & PGP_KF_SUBKEY))
			continue;
		nsub++;
		if (k.keys[i].primary < start || k.keys[i].primary >= i ||
		    (k.keys[k.keys[i].primary].flags & PGP_KF_SUBKEY))
			shifted = 0;
	}
	ok(nsub >= 2 && shifted, "keyring: %zu subkeys name their own primary record", nsub);
	list = slurp(listpath, NULL, &len);
	ok(dg_list_check_build(list, len, &k.ring, out, sizeof(out), &rlen, &l) == 0 && l.key &&
		   (size_t)(l.key - k.keys) >= n0,
	   "keyring: a list signed by a subkey verifies");
	free(list);
	n1 = k.ring.n;
	ok(dg_keyring_add_file(&k, "/", &e) == -EINVAL && k.ring.n == n1,
	   "keyring: a directory refused, nothing added");
	ok(dg_keyring_add_file(&k, "/nonexistent/key", &e) == -ENOENT, "keyring: missing file");
	write_size(tmp, 0);
	ok(dg_keyring_add_file(&k, tmp, &e) == -EFBIG, "keyring: empty file refused");
	write_size(tmp, DG_KEYFILE_MAX + 1);
	ok(dg_keyring_add_file(&k, tmp, &e) == -EFBIG && k.ring.n == n1,
	   "keyring: a file over DG_KEYFILE_MAX refused (diginit-mkinitrd took 16 MiB)");
	write_size(tmp, 100);
	ok(dg_keyring_add_file(&k, tmp, &e) < 0 && k.ring.n == n1,
	   "keyring: not a key: refused, nothing added");
	unlink(tmp);
}

static void test_strerror(void)
{
	int e, good = 1;

	for (e = 0; e < DG_E__COUNT; e++)
		if (strcmp(dg_err_text(e), "unknown error") == 0 || !dg_err_text(e)[0])
			good = 0;
	ok(good, "dg_err_text has text for every reason (library and shim codes)");
	ok(strcmp(dg_err_text(-1), "unknown error") == 0 &&
		   strcmp(dg_err_text(DG_E__COUNT), "unknown error") == 0 &&
		   strcmp(dg_strerror(DG_E_LIB_COUNT), "unknown error") == 0,
	   "dg_err_text, dg_strerror out of range");
}

/* Replace a file's content (len 0: empty). */
static int put_file(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int good;

	if (fd < 0)
		return -1;
	good = write(fd, data, len) == (ssize_t)len;
	return close(fd) == 0 && good ? 0 : -1;
}

/* RLIMIT_FSIZE to limit bytes (SIGXFSZ ignored: a write() past it fails with EFBIG, or
 * is cut short when it crosses it); *old receives the limit to restore. 0 or -1000. */
static int fsize_limit(rlim_t limit, struct rlimit *old)
{
	struct rlimit lim;

	if (getrlimit(RLIMIT_FSIZE, old) != 0)
		return -1000;
	lim = *old;
	lim.rlim_cur = limit;
	return setrlimit(RLIMIT_FSIZE, &lim) == 0 ? 0 : -1000;
}

/* dg_table_seal with the file size limited: a failed write stands in for an error the
 * kernel returns. */
static int seal_limited(struct dg_table *t, rlim_t limit, int *sealed)
{
	struct rlimit old;
	int rc = fsize_limit(limit, &old);

	if (rc != 0)
		return rc;
	rc = dg_table_seal(t, sealed);
	setrlimit(RLIMIT_FSIZE, &old);
	return rc;
}

/* dg_table_upload with the file size limited: a write across the limit is cut short, as
 * a kernel that took part of a buffer would. */
static int upload_limited(struct dg_table *t, rlim_t limit, const uint8_t *buf, size_t len)
{
	struct rlimit old;
	int rc = fsize_limit(limit, &old);

	if (rc != 0)
		return rc;
	rc = dg_table_upload(t, "x", buf, len);
	setrlimit(RLIMIT_FSIZE, &old);
	return rc;
}

/*
 * The seal on a plain directory (--securityfs for tests): the kernel seals the table and
 * then has IMA measure the seal; an IMA error fails the write() although the table is
 * sealed, and dg_table_seal must tell that from a seal that did not happen by reading
 * the file back ("1": sealed).
 */
static void test_seal(void)
{
	char base[] = "/tmp/diginit-unit-XXXXXX", dir[128], seal[160], f[160];
	static const char *const files[] = {"digest_list_add", "digest_list_label", "seal"};
	struct dg_table t;
	size_t i;
	int rc, sealed = -1, setup = 1;

	if (!mkdtemp(base)) {
		ok(0, "seal: mkdtemp: %s", strerror(errno));
		return;
	}
	snprintf(dir, sizeof(dir), "%s/integrity", base);
	setup = mkdir(dir, 0700) == 0;
	snprintf(dir, sizeof(dir), "%s/integrity/diglim", base);
	setup = setup && mkdir(dir, 0700) == 0;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(f, sizeof(f), "%s/%s", dir, files[i]);
		setup = setup && put_file(f, "", 0) == 0;
	}
	snprintf(seal, sizeof(seal), "%s/seal", dir);
	signal(SIGXFSZ, SIG_IGN);
	ok(setup && dg_table_open(&t, base) == 0, "seal: a plain directory as the table");

	rc = dg_table_seal(&t, &sealed);
	ok(rc == 0 && sealed == 1, "seal: written (rc %d, sealed %d)", rc, sealed);
	/* the write fails after the kernel sealed: the file reads "1" */
	put_file(seal, "1", 1);
	sealed = -1;
	rc = seal_limited(&t, 1, &sealed);
	ok(rc == -EFBIG && sealed == 1,
	   "seal: the write fails but the table reads sealed: the error and sealed (rc %d, "
	   "sealed %d)",
	   rc, sealed);
	/* the write fails and the table is not sealed */
	put_file(seal, "0\n", 2);
	sealed = -1;
	rc = seal_limited(&t, 2, &sealed);
	ok(rc == -EFBIG && sealed == 0,
	   "seal: the write fails, the table reads \"0\": the error, not sealed (rc %d, "
	   "sealed %d)",
	   rc, sealed);
	{
		/* one write() per list: a short write is a failed upload, never a success */
		static const uint8_t list[64];

		rc = upload_limited(&t, 32, list, sizeof(list));
		ok(rc == -EIO, "upload: a write cut short after 32 of 64 bytes: -EIO (rc %d)", rc);
	}
	unlink(seal);
	sealed = -1;
	rc = dg_table_seal(&t, &sealed);
	ok(rc == -ENOENT && sealed == 0, "seal: no seal file: -ENOENT, not sealed (rc %d)", rc);
	mkdir(seal, 0700);
	sealed = -1;
	rc = dg_table_seal(&t, &sealed);
	ok(rc == -EISDIR && sealed == 0, "seal: seal a directory: -EISDIR, not sealed (rc %d)", rc);
	rmdir(seal);
	dg_table_close(&t);
	sealed = -1;
	ok(dg_table_seal(&t, &sealed) == -EBADF && sealed == 0, "seal: closed table: -EBADF");
	signal(SIGXFSZ, SIG_DFL);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(f, sizeof(f), "%s/%s", dir, files[i]);
		unlink(f);
	}
	rmdir(dir);
	snprintf(dir, sizeof(dir), "%s/integrity", base);
	rmdir(dir);
	rmdir(base);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void test_plan(const char *td)
{
	struct rh_ctx ctx;
	struct dg_outcome l;
	uint8_t out[512];
	size_t len, plen;
	uint8_t *p;

	/* hello-1.0-1.i386: no FILEDIGESTALGO (MD5) */
	p = slurp(td, "rpm.org/RPMS/hello-1.0-1.i386.rpm", &plen);
	memset(&l, 0, sizeof(l));
	ok(rh_parse_package(&ctx, p, plen) == 0 && dg_compact_plan(&ctx, &l) == -EOPNOTSUPP &&
		   l.err == DG_E_WEAK_DIGEST,
	   "MD5 file digests: package refused (DG_E_WEAK_DIGEST)");
	free(p);

	/* empty-0-0: no files at all */
	p = slurp(td, "createrepo_c/empty-0-0.x86_64.rpm", &plen);
	memset(&l, 0, sizeof(l));
	ok(rh_parse_package(&ctx, p, plen) == 0 && dg_compact_plan(&ctx, &l) == 0 &&
		   l.ndigests == 0 && l.compact_len == 0,
	   "no digests: compact list of 0 bytes");
	ok(dg_compact_build(&ctx, &l, NULL, 0, &len) == 0 && len == 0,
	   "no digests: build writes nothing");
	free(p);

	/* hello-2.0-1.x86_64: 4 digests, /usr/bin/hello executable */
	p = slurp(td, "rpm.org/RPMS/hello-2.0-1.x86_64.rpm", &plen);
	memset(&l, 0, sizeof(l));
	ok(rh_parse_package(&ctx, p, plen) == 0 && dg_compact_plan(&ctx, &l) == 0 &&
		   l.ndigests == 4 && l.nimmutable == 1 && l.kernel_algo == 4 &&
		   l.compact_len == 16 + 32 + 16 + 3 * 32,
	   "hello-2.0: 4 digests, 1 immutable, 160 bytes");
	ok(dg_compact_build(&ctx, &l, out, l.compact_len - 1, &len) == -ENOSPC,
	   "build into a buffer one byte short: -ENOSPC");
	memset(out, 0xaa, sizeof(out));
	ok(dg_compact_build(&ctx, &l, out, sizeof(out), &len) == 0 && len == 160 &&
		   out[160] == 0xaa,
	   "build: exactly compact_len bytes written");
	ok(out[0] == 1 && out[1] == 0 && out[2] == 1 && out[3] == 0 && out[4] == 1 && out[5] == 0 &&
		   out[6] == 4 && out[7] == 0 && le32(out + 8) == 1 && le32(out + 12) == 32,
	   "block A: v1, FILE, IMMUTABLE, sha256, 1 digest, 32 bytes");
	ok(out[48] == 1 && out[50] == 1 && out[52] == 0 && out[53] == 0 && out[54] == 4 &&
		   le32(out + 56) == 3 && le32(out + 60) == 96,
	   "block B: v1, FILE, no modifier, sha256, 3 digests, 96 bytes");
	free(p);
}

/*
 * The compact list of every package under dir, built by dg_compact_plan/build (the
 * raw walk, the directory cache), equals the one written here from first principles:
 * the decoding walk and dg_file_immutable file by file. Returns packages compared.
 */
static size_t reference_dir(const char *dir, size_t *files, size_t *imm, int *same)
{
	static uint8_t out[1 << 22], ref[1 << 22];
	char path[4096];
	struct dirent *de;
	size_t np = 0;
	DIR *d = opendir(dir);

	if (!d)
		return 0;
	while ((de = readdir(d)) != NULL) {
		struct rh_ctx ctx;
		struct rh_file_iter it;
		struct rh_file f;
		struct dg_outcome l;
		size_t plen, len, na = 0, nb = 0, dl, a, b;
		uint8_t *p;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (de->d_type == DT_DIR) {
			np += reference_dir(path, files, imm, same);
			continue;
		}
		if (strlen(de->d_name) < 4 || strcmp(de->d_name + strlen(de->d_name) - 4, ".rpm"))
			continue;
		p = slurp(path, NULL, &plen);
		memset(&l, 0, sizeof(l));
		if (rh_parse_package(&ctx, p, plen) != 0 || dg_compact_plan(&ctx, &l) != 0 ||
		    l.compact_len > sizeof(out)) {
			free(p);
			continue;
		}
		dl = l.digest_len;
		/* counts first, then the two blocks */
		if (rh_files_begin(&ctx, &it) == 0)
			while (rh_files_next(&it, &f) == 1)
				if (f.digest_len) {
					if (dg_file_immutable(&f))
						na++;
					else
						nb++;
				}
		a = na ? 16 : 0;
		b = (na ? 16 + na * dl : 0) + (nb ? 16 : 0);
		memset(ref, 0, sizeof(ref) < l.compact_len + 64 ? sizeof(ref) : l.compact_len + 64);
		if (rh_files_begin(&ctx, &it) == 0)
			while (rh_files_next(&it, &f) == 1)
				if (f.digest_len) {
					int im = dg_file_immutable(&f);

					memcpy(ref + (im ? a : b), f.digest, dl);
					*(im ? &a : &b) += dl;
					(*files)++;
					*imm += (size_t)im;
				}
		if (dg_compact_build(&ctx, &l, out, sizeof(out), &len) != 0 || len != l.compact_len ||
		    l.nimmutable != na || l.ndigests != na + nb || b != len ||
		    (na && memcmp(out + 16, ref + 16, na * dl) != 0) ||
		    (nb && memcmp(out + len - nb * dl, ref + len - nb * dl, nb * dl) != 0)) {
			printf("# %s: compact list differs from the reference\n", path);
			*same = 0;
		}
		np++;
		free(p);
	}
	closedir(d);
	return np;
}

static void test_reference(int argc, char **argv)
{
	size_t np = 0, files = 0, imm = 0;
	int same = 1;

	for (int i = 0; i < argc; i++)
		np += reference_dir(argv[i], &files, &imm, &same);
	ok(same && np > 0 && imm > 0 && imm < files,
	   "%zu packages (%zu digests, %zu immutable): compact lists equal the reference", np,
	   files, imm);
}

static void test_list(const char *listpath, const char *keypath)
{
	static uint8_t scratch[1 << 16];
	static struct pgp_key keys[16];
	static uint8_t out[4096], ref[4096];
	struct pgp_keyring kr;
	struct dg_outcome l;
	struct pgp_err perr;
	size_t len, klen, nk = 0, rlen, off, bad = 0, same = 0, total = 0, v;
	uint8_t *list, *key;
	static const int mut[] = {0x01, 0x80, 0xff, -1}; /* -1: set to 0 */

	list = slurp(listpath, NULL, &len);
	key = slurp(keypath, NULL, &klen);
	ok(pgp_keys_parse(key, klen, scratch, sizeof(scratch), keys, 16, &nk, &perr) == 0,
	   "key parsed");
	kr.keys = keys;
	kr.n = nk;
	ok(dg_list_check_build(list, len, &kr, ref, sizeof(ref), &rlen, &l) == 0 && rlen == 160 &&
		   l.ndigests == 4 && l.key != NULL && strcmp(l.nevra.name, "hello") == 0,
	   "dg_list_check_build: OK, hello, 4 digests, 160 bytes");
	ok(dg_list_check_build(list, len, &kr, out, 100, &rlen, &l) == -ENOSPC && l.err == DG_E_NOSPC &&
		   l.compact_len == 160,
	   "small buffer: -ENOSPC, size told");
	ok(dg_list_check_build(list, len, &pgp_trusted_keyring, out, sizeof(out), &rlen, &l) ==
			   -EKEYREJECTED &&
		   l.err == DG_E_NOT_SIGNED,
	   "distribution keyring: not signed");
	ok(dg_list_check_build(list, len - 1, &kr, out, sizeof(out), &rlen, &l) == -EINVAL &&
		   l.err == DG_E_HEADER,
	   "truncated by one byte: malformed");
	/* every offset, several corruptions, in process (ASan build catches overruns) */
	for (off = 0; off < len; off++) {
		for (v = 0; v < sizeof(mut) / sizeof(mut[0]); v++) {
			uint8_t save = list[off];

			list[off] = mut[v] < 0 ? 0 : (uint8_t)(save ^ mut[v]);
			if (list[off] == save) {
				list[off] = save;
				continue;
			}
			total++;
			if (dg_list_check_build(list, len, &kr, out, sizeof(out), &rlen, &l) != 0)
				bad += l.err != DG_OK;
			else if (rlen == 160 && memcmp(out, ref, 160) == 0)
				same++;
			list[off] = save;
		}
	}
	ok(bad + same == total,
	   "%zu single-byte corruptions: %zu rejected with a reason, "
	   "%zu accepted with an unchanged compact list",
	   total, bad, same);
	free(list);
	free(key);
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: unit TESTDATA LIST KEY [PKGDIR...]\n");
		return 2;
	}
	test_algo();
	test_immutable();
	test_cmdline();
	test_label();
	test_strerror();
	test_seal();
	test_plan(argv[1]);
	test_list(argv[2], argv[3]);
	test_keyring(argv[2], argv[3]);
	test_reference(argc - 4, argv + 4);
	printf("1..%d\n", n);
	return failed ? 1 : 0;
}
