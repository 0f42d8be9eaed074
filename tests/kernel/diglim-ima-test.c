/* SPDX-License-Identifier: GPL-2.0 */
/*
 * diglim-ima-test MODE: the trust rules of the digest table and IMA's use of
 * it, in QEMU. Prints TAP. Files live on the guest's tmpfs (/tmp), created
 * before the IMA policy is written, so they carry no security.ima.
 *
 * MODE "pid1" (rdinit=/test: this program is PID 1, as the shim is):
 *   phase 1, before PID 1's first execve(): writes the policy below, uploads
 *   a trusted list; a child uploads another list, which must not count.
 *   Checks appraisal (listed, unlisted, untrusted, IMMUTABLE, a new file, an
 *   empty file carrying IMA's hash label, an executable under a diglim rule
 *   and under an imasig rule, a "module" under a MODULE_CHECK imasig rule,
 *   a FILE_CHECK verdict not reused by MODULE_CHECK through a rule without
 *   func=), measurement (the trusted list is not measured yet: a listed file
 *   is measured), the policy rules the kernel refuses, deletes and DIGLIM
 *   v3's event names (add_buffer_<label>, del_buffer_<label>).
 *   Then PID 1 execs itself ("pid1-exec"): the execve() measured the trusted
 *   list in one event (diglim/trusted), so a listed file is not measured any
 *   more (nor in another PCR); a list PID 1 uploads now does not count;
 *   deleting the trusted list makes IMA forget its verdicts; the seal is
 *   measured and refuses every later add and delete (EPERM).
 * MODE "measure" (PID 1): the lists are measured with a template that does
 *   not record them (ima-ng) by a rule with euid=0; a path upload of a list
 *   file that IMA measures and appraises when the kernel reads it gets those
 *   actions and is not measured again (DIGLIM v3). PID 1 execs itself
 *   ("measure-exec"), which measures its pending list (diglim/trusted): a
 *   listed executable is measured all the same (ima-ng); a delete by euid
 *   1000 is not measured, so it is refused (EPERM, DIGLIM v3).
 * MODE "notpid1" (under test-init, not PID 1): the uploaded list is not
 *   trusted, a listed file fails appraisal; a 5 MiB list is measured with
 *   ima-buf (issue 17: more than kmalloc() gives); after the seal, EPERM.
 * MODE "algo" (boot with ima_hash=sha512, not PID 1): lists are identified
 *   by SHA-512 digests (IMA's algorithm, DIGLIM v3).
 * MODE "off" (boot with diglim=off): integrity/diglim does not exist.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/securebits.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "fastcrypto.h"
#include "guest.h"

#define SECFS	   "/sys/kernel/security"
#define DIGLIM	   SECFS "/integrity/diglim"
#define IMA_POLICY SECFS "/ima/policy"
#define IMA_LOG	   SECFS "/ima/ascii_runtime_measurements"
#define TMPFS	   "fsmagic=0x01021994"

/* actions bits (enum compact_actions, DIGLIM_ACTION_TRUSTED) */
#define ACT_MEASURED 0x1u
#define ACT_APPRAISED 0x2u
#define ACT_TRUSTED  0x8u

static const char *const policy_pid1[] = {
	"measure func=CRITICAL_DATA label=diglim\n",
	/* a listed file owned by 1002 is measured: its list is in PCR 10 */
	"measure func=FILE_CHECK mask=MAY_READ " TMPFS " fowner=1002 pcr=11 diglim\n",
	"measure func=FILE_CHECK mask=MAY_READ " TMPFS " diglim\n",
	"appraise func=MODULE_CHECK fowner=0 appraise_type=imasig\n",
	"appraise func=BPRM_CHECK " TMPFS " fowner=1000 appraise_type=imasig\n",
	"appraise func=BPRM_CHECK " TMPFS " fowner=0 diglim\n",
	"appraise func=FILE_CHECK " TMPFS " fowner=0 diglim\n",
	"appraise func=FILE_CHECK " TMPFS " fowner=1001 diglim\n",
	/* no func=: applies to every hook, shares the FILE_CHECK cache */
	"appraise " TMPFS " fowner=1001\n",
	NULL,
};

static const char *const policy_measure[] = {
	/* euid=: as DIGLIM v3's tests; only root's adds and deletes measured */
	"measure func=CRITICAL_DATA label=diglim euid=0 template=ima-ng\n",
	/* a list file read by a path upload: measured and appraised (v3) */
	"measure func=FILE_CHECK " TMPFS " fowner=1003\n",
	"appraise func=FILE_CHECK " TMPFS " fowner=1003\n",
	"measure func=BPRM_CHECK " TMPFS " diglim\n",
	NULL,
};

static const char *const policy_notpid1[] = {
	"measure func=CRITICAL_DATA label=diglim\n",
	"appraise func=FILE_CHECK " TMPFS " fowner=0 diglim\n",
	NULL,
};

/* Rules the kernel must refuse: the table never meets these. */
static const char *const refused_rules[] = {
	"appraise func=MODULE_CHECK diglim\n",
	"appraise func=FIRMWARE_CHECK diglim\n",
	"appraise func=KEXEC_KERNEL_CHECK diglim\n",
	"appraise func=KEXEC_INITRAMFS_CHECK diglim\n",
	"appraise func=POLICY_CHECK diglim\n",
	"measure func=KEXEC_CMDLINE diglim\n",
	"measure func=CRITICAL_DATA diglim\n",
	"appraise func=BPRM_CHECK appraise_type=imasig diglim\n",
	"appraise func=FILE_CHECK digest_type=verity appraise_type=sigv3 diglim\n",
	"appraise " TMPFS " diglim\n",
	"dont_measure func=FILE_CHECK diglim\n",
	NULL,
};

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

/* SHA-256: the project's own (keys/crypto-core), as the shim uses it. */
static void sha256(const uint8_t *data, size_t len, uint8_t out[32])
{
	fc_sha256(data, len, out);
}

static void hex(char *out, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", p[i]);
}

static int try_open(const char *path, int flags)
{
	char c;
	int fd = open(path, flags, 0644);

	if (fd < 0)
		return -errno;
	if ((flags & O_ACCMODE) == O_RDONLY && read(fd, &c, 1) < 0) {
		close(fd);
		return -errno;
	}
	close(fd);
	return 0;
}

/* Read a whole (small) file into a static buffer; NULL on failure. */
static char *slurp(const char *path, size_t *lenp)
{
	static char buf[4 << 20];
	size_t len = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return NULL;
	while (len < sizeof(buf) - 1 && (n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	buf[len] = '\0';
	if (lenp)
		*lenp = len;
	return buf;
}

static int log_has(const char *needle)
{
	char *log = slurp(IMA_LOG, NULL);

	return log ? strstr(log, needle) != NULL : -1;
}

/* Number of log entries holding the needle. */
static int log_count(const char *needle)
{
	char *log = slurp(IMA_LOG, NULL);
	const char *p;
	int n = 0;

	if (!log)
		return -1;
	for (p = log; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static int file_digest(const char *path, uint8_t out[32])
{
	size_t len;
	char *data = slurp(path, &len);

	if (!data)
		return -errno;
	sha256((const uint8_t *)data, len, out);
	return 0;
}

static int copy_file(const char *from, const char *to, uid_t owner, int flip)
{
	size_t len;
	char *data = slurp(from, &len);
	int ret;

	if (!data)
		return -errno;
	if (flip)
		data[len - 1] ^= 1;
	ret = guest_write(to, data, len, O_WRONLY | O_CREAT | O_TRUNC);
	if (!ret && chmod(to, 0755))
		ret = -errno;
	if (!ret && chown(to, owner, 0))
		ret = -errno;
	return ret;
}

static int make_file(const char *path, const char *data, uid_t owner)
{
	int ret = guest_write(path, data, strlen(data), O_WRONLY | O_CREAT | O_TRUNC);

	if (!ret && chown(path, owner, 0))
		ret = -errno;
	return ret;
}

/* A compact list of FILE blocks, one digest each. */
struct list {
	uint8_t buf[48 * 16];
	size_t len;
};

static void list_add(struct list *l, uint16_t mods, const uint8_t digest[32])
{
	uint8_t *p = l->buf + l->len;

	memset(p, 0, 16);
	p[0] = 1;
	p[2] = 1; /* FILE */
	p[4] = (uint8_t)mods;
	p[6] = 4;   /* sha256 */
	p[8] = 1;   /* count */
	p[12] = 32; /* datalen */
	memcpy(p + 16, digest, 32);
	l->len += 48;
}

static int list_add_file(struct list *l, uint16_t mods, const char *path)
{
	uint8_t d[32];
	int ret = file_digest(path, d);

	if (!ret)
		list_add(l, mods, d);
	return ret;
}

static int upload(const char *label, const struct list *l)
{
	int ret = guest_write(DIGLIM "/digest_list_label", label, strlen(label), O_WRONLY);

	return ret ? ret : guest_write(DIGLIM "/digest_list_add", l->buf, l->len, O_WRONLY);
}

static int delete(const struct list *l)
{
	return guest_write(DIGLIM "/digest_list_del", l->buf, l->len, O_WRONLY);
}

/* The actions of a loaded list, from its .ascii file; -1 if not loaded. */
static long list_actions(const char *label, const struct list *l)
{
	char path[512], h[65];
	uint8_t d[32];
	char *text;

	sha256(l->buf, l->len, d);
	hex(h, d, 32);
	snprintf(path, sizeof(path), DIGLIM "/digest_lists_loaded/sha256-%s-%s.ascii", h, label);
	text = slurp(path, NULL);
	if (!text || strncmp(text, "actions: ", 9))
		return -1;
	return strtol(text + 9, NULL, 10);
}

/*
 * For showing what the first kernel series (boot option ima_diglim=1, no rule
 * option) did with the same scenarios: "old-series" after the mode drops the
 * "diglim" rule option.
 */
static int old_series;

/* securityfs takes one rule per write(); the rules count once closed. */
static int write_policy(const char *const *rules)
{
	int fd = open(IMA_POLICY, O_WRONLY);
	char rule[256], *opt;
	int ret = 0;

	if (fd < 0)
		return -errno;
	for (; *rules && !ret; rules++) {
		snprintf(rule, sizeof(rule), "%s", *rules);
		if (old_series && (opt = strstr(rule, " diglim")))
			memmove(opt, opt + 7, strlen(opt + 7) + 1);
		if (write(fd, rule, strlen(rule)) != (ssize_t)strlen(rule))
			ret = -errno;
	}
	if (close(fd) && !ret)
		ret = -errno;
	return ret;
}

/* Run PATH in a child: 0 if it ran and exited 0, -errno if execve failed. */
static int run(const char *path)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		execl(path, path, "exit0", (char *)NULL);
		_exit(errno == EACCES ? 201 : 202);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -EIO;
	switch (WEXITSTATUS(status)) {
	case 0:
		return 0;
	case 201:
		return -EACCES;
	default:
		return -EIO;
	}
}

static int load_module(const char *path)
{
	int fd = open(path, O_RDONLY);
	long ret;

	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, "", 0);
	ret = ret ? -errno : 0;
	close(fd);
	return (int)ret;
}

static const char known_data[] = "a file shipped by a package\n";
static const char known2_data[] = "another file shipped by a package\n";
static const char pcr11_data[] = "a file measured into PCR 11\n";
static const char imm_data[] = "an immutable file shipped by a package\n";
static const char unknown_data[] = "a file nobody listed\n";
static const char other_data[] = "a file in a list PID 1 did not upload\n";
static const char late_data[] = "a file in a list PID 1 uploaded after execve\n";
static const char mod_data[] = "not an ELF file: IMA decides before the loader\n";

static struct list trusted, untrusted, late;

/*
 * The lists survive PID 1's execve() in a file: reading the listed files
 * again after it would go through the policy. A new file passes appraisal
 * and IMA labels it with its hash on close.
 */
#define LISTS_FILE "/tmp/lists"

static int save_lists(void)
{
	struct list all[3] = {trusted, untrusted, late};

	return guest_write(LISTS_FILE, all, sizeof(all), O_WRONLY | O_CREAT | O_EXCL);
}

static int load_lists(void)
{
	struct list *all;
	size_t len;

	all = (struct list *)slurp(LISTS_FILE, &len);
	if (!all)
		return -errno;
	if (len != 3 * sizeof(*all))
		return -EIO;
	trusted = all[0];
	untrusted = all[1];
	late = all[2];
	return 0;
}

static void build_lists(void)
{
	uint8_t empty[32];
	int ret;

	sha256((const uint8_t *)"", 0, empty);
	ret = list_add_file(&trusted, 0, "/tmp/known");
	ret = ret ? ret : list_add_file(&trusted, 0, "/tmp/known2");
	ret = ret ? ret : list_add_file(&trusted, 0, "/tmp/known-pcr11");
	ret = ret ? ret : list_add_file(&trusted, 1, "/tmp/immutable");
	ret = ret ? ret : list_add_file(&trusted, 0, "/tmp/writable");
	ret = ret ? ret : list_add_file(&trusted, 0, "/tmp/exe");
	ret = ret ? ret : list_add_file(&trusted, 1, "/tmp/exe-sig");
	ret = ret ? ret : list_add_file(&trusted, 1, "/tmp/mod");
	ret = ret ? ret : list_add_file(&trusted, 0, "/tmp/mod-cached");
	list_add(&trusted, 1, empty);
	ret = ret ? ret : list_add_file(&untrusted, 0, "/tmp/other");
	ret = ret ? ret : list_add_file(&late, 0, "/tmp/late");
	result(!ret, "the lists are built from the files", -ret);
}

static void make_files(void)
{
	int ret;

	ret = make_file("/tmp/known", known_data, 0);
	ret = ret ? ret : make_file("/tmp/known2", known2_data, 0);
	ret = ret ? ret : make_file("/tmp/known-pcr11", pcr11_data, 1002);
	ret = ret ? ret : make_file("/tmp/immutable", imm_data, 0);
	ret = ret ? ret : make_file("/tmp/writable", unknown_data + 2, 0);
	ret = ret ? ret : make_file("/tmp/unknown", unknown_data, 0);
	ret = ret ? ret : make_file("/tmp/other", other_data, 0);
	ret = ret ? ret : make_file("/tmp/late", late_data, 0);
	ret = ret ? ret : make_file("/tmp/mod", mod_data, 0);
	ret = ret ? ret : make_file("/tmp/mod-cached", mod_data + 4, 1001);
	ret = ret ? ret : copy_file("/test", "/tmp/exe", 0, 0);
	ret = ret ? ret : copy_file("/test", "/tmp/exe-mod", 0, 1);
	ret = ret ? ret : copy_file("/test", "/tmp/exe-sig", 1000, 0);
	result(!ret, "the files are created before any IMA policy", -ret);
	result(getxattr("/tmp/known", "security.ima", NULL, 0) < 0 && errno == ENODATA,
	       "they carry no security.ima", 0);
}

/*
 * A list added, deleted, added and deleted again by a child: the second delete
 * measures the same event as the first, which IMA finds in its log already.
 */
static int add_del_twice_from_child(void)
{
	struct list again = { .len = 0 };
	uint8_t d[32];
	int status, i, ret = 0;
	pid_t pid;

	sha256((const uint8_t *)"again", 5, d);
	list_add(&again, 0, d);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		for (i = 0; i < 2 && !ret; i++) {
			ret = upload("again", &again);
			ret = ret ? ret : delete(&again);
		}
		_exit(ret ? 1 : 0);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -EIO;
	return WEXITSTATUS(status) ? -EIO : 0;
}

/* An upload done by a child: not PID 1, so never trusted. */
static int upload_from_child(const char *label, const struct list *l)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0)
		_exit(upload(label, l) ? 1 : 0);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -EIO;
	return WEXITSTATUS(status) ? -EIO : 0;
}

/*
 * A delete by a child whose effective uid is @euid, keeping its capabilities
 * (SECBIT_NO_SETUID_FIXUP): -errno of the write, -EIO if the setup failed.
 */
static int delete_as_euid(uid_t euid, const struct list *l)
{
	int status, ret;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		if (prctl(PR_SET_SECUREBITS, SECBIT_NO_SETUID_FIXUP) || seteuid(euid))
			_exit(255);
		ret = delete(l);
		_exit(ret < 0 && -ret < 254 ? -ret : ret ? 254 : 0);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -EIO;
	ret = WEXITSTATUS(status);
	return ret >= 254 ? -EIO : -ret;
}

/* 0 if the answer to a query of a SHA-256 digest holds the needle. */
static int query_has(const uint8_t digest[32], const char *needle)
{
	char q[7 + 65], *text;
	int ret;

	memcpy(q, "sha256-", 7);
	hex(q + 7, digest, 32);
	ret = guest_write(DIGLIM "/digest_query", q, strlen(q), O_WRONLY);
	if (ret)
		return ret;
	text = slurp(DIGLIM "/digest_query", NULL);
	return text && strstr(text, needle) ? 0 : -ENOENT;
}

/*
 * A list of 5 MiB (more than kmalloc() gives) added and deleted by a child,
 * measured by the ima-buf rule: the whole list goes into the log.
 */
static int big_list_from_child(void)
{
	const uint32_t count = 164000, datalen = count * 32;
	size_t len = 16 + (size_t)datalen, i;
	int status, ret;
	uint8_t *buf;
	pid_t pid;

	buf = calloc(1, len);
	if (!buf)
		return -ENOMEM;
	buf[0] = 1;
	buf[2] = 1; /* FILE */
	buf[6] = 4; /* sha256 */
	memcpy(buf + 8, &count, 4);
	memcpy(buf + 12, &datalen, 4);
	for (i = 0; i < count; i++) {
		uint32_t v = (uint32_t)i;

		memcpy(buf + 16 + 32 * i, &v, 4);
		buf[16 + 32 * i + 31] = 0xb1;
	}
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		ret = guest_write(DIGLIM "/digest_list_label", "big", 3, O_WRONLY);
		ret = ret ? ret : guest_write(DIGLIM "/digest_list_add", buf, len, O_WRONLY);
		ret = ret ? ret : query_has(buf + 16, "-big (actions: 1)");
		ret = ret ? ret : guest_write(DIGLIM "/digest_list_del", buf, len, O_WRONLY);
		_exit(ret < 0 && -ret < 254 ? -ret : ret ? 254 : 0);
	}
	free(buf);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -EIO;
	ret = WEXITSTATUS(status);
	return ret >= 254 ? -EIO : -ret;
}

static void check_refused_rules(void)
{
	const char *const *r;
	char what[160];
	int ret;

	for (r = refused_rules; *r; r++) {
		const char *one[] = {*r, NULL};

		ret = write_policy(one);
		snprintf(what, sizeof(what), "the policy rule \"%.*s\" is refused (EINVAL)",
			 (int)strlen(*r) - 1, *r);
		result(ret == -EINVAL, what, 0);
	}
}

static void check_appraisal(void)
{
	int ret;

	ret = try_open("/tmp/known", O_RDONLY);
	result(!ret, "a file in the trusted list passes appraisal", -ret);
	ret = try_open("/tmp/unknown", O_RDONLY);
	result(ret == -EACCES, "an unlisted file fails appraisal", 0);
	ret = try_open("/tmp/other", O_RDONLY);
	result(ret == -EACCES, "a file listed only by a process other than PID 1 fails", 0);
	ret = try_open("/tmp/immutable", O_RDONLY);
	result(!ret, "an IMMUTABLE listed file passes appraisal", -ret);
	ret = try_open("/tmp/immutable", O_WRONLY);
	result(ret == -EACCES, "an IMMUTABLE listed file cannot be opened for writing", 0);
	ret = try_open("/tmp/writable", O_RDWR);
	result(!ret, "a listed file without IMMUTABLE can be opened for writing", -ret);

	/* What IMA does alone: new files pass, IMA labels them on close. */
	ret = guest_write("/tmp/new", "new\n", 4, O_WRONLY | O_CREAT | O_EXCL);
	result(!ret, "a new file can be created and written (empty digest IMMUTABLE)", -ret);
	ret = try_open("/tmp/new", O_RDONLY);
	result(!ret, "and read back (IMA labelled it)", -ret);
	ret = try_open("/tmp/empty", O_WRONLY | O_CREAT | O_EXCL);
	result(!ret, "an empty file can be created", -ret);
	result(getxattr("/tmp/empty", "security.ima", NULL, 0) > 0,
	       "IMA labelled the empty file with its hash", 0);
	ret = guest_write("/tmp/empty", "x", 1, O_WRONLY | O_APPEND);
	result(!ret, "an empty file with IMA's hash label can be appended to", -ret);
	ret = try_open("/tmp/empty", O_RDONLY);
	result(!ret, "and read back", -ret);

	ret = run("/tmp/exe");
	result(!ret, "a listed executable runs (BPRM_CHECK diglim rule)", -ret);
	ret = run("/tmp/exe-mod");
	result(ret == -EACCES, "the same executable with one byte changed is denied", 0);
	ret = run("/tmp/exe-sig");
	result(ret == -EACCES,
	       "an IMMUTABLE-listed unsigned executable fails appraise_type=imasig", 0);
	ret = load_module("/tmp/mod");
	result(ret == -EACCES,
	       "an IMMUTABLE-listed module fails a MODULE_CHECK imasig rule (EACCES)", 0);
	ret = try_open("/tmp/mod-cached", O_RDONLY);
	result(!ret, "a listed file passes FILE_CHECK", -ret);
	ret = load_module("/tmp/mod-cached");
	result(ret == -EACCES,
	       "its cached verdict does not pass MODULE_CHECK through a rule without func=", 0);
	ret = try_open("/tmp/mod-cached", O_RDONLY);
	result(!ret, "and FILE_CHECK still passes afterwards", -ret);
}

/*
 * Before PID 1's first execve() the trusted list is not in the log yet
 * (issue 17: the trusted lists are measured together when their set
 * closes), so it does not spare any file its measurement.
 */
static void check_measurement(void)
{
	char needle[2 * sizeof(trusted.buf) + 4];

	int ret = try_open("/tmp/known-pcr11", O_RDONLY);

	result(!ret, "a listed file owned by 1002 is read (measure rule for PCR 11)", -ret);
	result(log_has(" /tmp/unknown\n") == 1, "an unlisted file is measured", 0);
	result(log_has(" /tmp/known\n") == 1,
	       "a file in the trusted list is measured while the list is not in the log", 0);
	result(log_has(" /tmp/other\n") == 1, "a file in an untrusted list is measured", 0);
	result(log_has(" /tmp/known-pcr11\n") == 1,
	       "a listed file is measured by a rule for another PCR than the list's", 0);
	needle[0] = ' ';
	hex(needle + 1, trusted.buf, trusted.len);
	strcpy(needle + 1 + 2 * trusted.len, "\n");
	result(log_has(needle) == 0 && log_has(" trusted ") == 0 &&
	       log_has(" diglim/trusted ") == 0,
	       "the trusted list has no event of its own before the execve()", 0);
}

/* " diglim/trusted <hex of trusted=1\nsha256-<list digest>-trusted>\n" */
static void trusted_event(char *needle, size_t cap)
{
	char data[128], h[65];
	uint8_t d[32];
	int n;

	sha256(trusted.buf, trusted.len, d);
	hex(h, d, 32);
	snprintf(data, sizeof(data), "trusted=1\nsha256-%s-trusted", h);
	n = snprintf(needle, cap, " diglim/trusted ");
	hex(needle + n, (const uint8_t *)data, strlen(data));
	strcat(needle, "\n");
}

/*
 * A trusted list PID 1 deletes before the set closes is not named by the
 * event that closes it (phase2 checks the event's whole data); its delete
 * is measured as in v3.
 */
static int pending_deleted(void)
{
	struct list gone = { .len = 0 };
	uint8_t d[32];
	int ret;

	sha256((const uint8_t *)"gone", 4, d);
	list_add(&gone, 0, d);
	ret = upload("gone", &gone);
	if (ret)
		return ret;
	if (list_actions("gone", &gone) != ACT_TRUSTED)
		return -EINVAL;
	ret = guest_write(DIGLIM "/digest_list_label", "gone", 4, O_WRONLY);
	ret = ret ? ret : delete(&gone);
	if (ret)
		return ret;
	return log_count(" del_buffer_gone ") == 1 ? 0 : -ENOENT;
}

static void phase1(void)
{
	long acts;
	int ret;

	make_files();
	build_lists();
	ret = write_policy(policy_pid1);
	result(!ret, "the IMA policy with diglim rules is loaded", -ret);
	check_refused_rules();

	ret = upload("trusted", &trusted);
	result(!ret, "PID 1 uploads a list before its first execve()", -ret);
	ret = pending_deleted();
	result(!ret, "PID 1 uploads a second list and deletes it before its execve()", -ret);
	ret = upload_from_child("untrusted", &untrusted);
	result(!ret, "a child of PID 1 uploads a list", -ret);
	acts = list_actions("trusted", &trusted);
	result(acts == ACT_TRUSTED,
	       "PID 1's list: actions trusted (measured when the set of trusted lists closes)", 0);
	acts = list_actions("untrusted", &untrusted);
	result(acts == ACT_MEASURED, "the child's list: actions measured, not trusted", 0);

	check_appraisal();
	check_measurement();

	ret = add_del_twice_from_child();
	result(!ret, "a list added and deleted twice: the second delete succeeds too", -ret);
	ret = delete(&untrusted);
	result(!ret, "the untrusted list is deleted", -ret);
	/* DIGLIM v3's event names; the list as data; the repeated delete once */
	result(log_count(" add_buffer_untrusted ") == 1,
	       "the child's add is measured as add_buffer_untrusted", 0);
	result(log_count(" add_buffer_again ") == 1 && log_count(" del_buffer_ ") == 2,
	       "the deletes are measured as del_buffer_ (the same delete once)", 0);
	ret = save_lists();
	result(!ret, "the lists are saved for after the execve()", -ret);
}

static void phase2(void)
{
	char needle[64], h[40], needle2[512];
	const char seal_data[] = "lists=1 trusted=0";
	long acts;
	int ret;

	ret = load_lists();
	result(!ret, "the lists saved before the execve() are read back", -ret);
	trusted_event(needle2, sizeof(needle2));
	result(log_count(needle2) == 1 && log_count(" diglim/trusted ") == 1,
	       "PID 1's execve() measured the trusted list: one event diglim/trusted "
	       "\"trusted=1\\nsha256-<digest>-trusted\" (not the deleted one)", 0);
	acts = list_actions("trusted", &trusted);
	result(acts == (ACT_TRUSTED | ACT_MEASURED), "the list's actions: trusted, measured", 0);
	ret = try_open("/tmp/known2", O_RDONLY);
	result(!ret, "a file of the trusted list passes appraisal", -ret);
	result(log_has(" /tmp/known2\n") == 0, "and is not measured: its list is in the log", 0);
	ret = upload("late", &late);
	result(!ret, "PID 1 uploads a list after its first execve()", -ret);
	acts = list_actions("late", &late);
	result(acts == ACT_MEASURED, "that list is not trusted", 0);
	ret = try_open("/tmp/late", O_RDONLY);
	result(ret == -EACCES, "a file in it fails appraisal", 0);
	ret = try_open("/tmp/known", O_RDONLY);
	result(!ret, "a file of the earlier trusted list still passes", -ret);

	ret = delete(&trusted);
	result(!ret, "the trusted list is deleted", -ret);
	ret = try_open("/tmp/known", O_RDONLY);
	result(ret == -EACCES, "IMA forgot its verdict: the file fails appraisal", 0);
	ret = try_open("/tmp/known2", O_RDONLY);
	result(ret == -EACCES && log_has(" /tmp/known2\n") == 1,
	       "and a file of the deleted list is now measured", 0);

	ret = guest_write(DIGLIM "/seal", "1", 1, O_WRONLY);
	result(!ret, "seal", -ret);
	hex(h, (const uint8_t *)seal_data, strlen(seal_data));
	snprintf(needle, sizeof(needle), " diglim/seal %s\n", h);
	result(log_has(needle) == 1, "the seal is measured: diglim/seal \"lists=1 trusted=0\"", 0);
	ret = upload("after-seal", &untrusted);
	result(ret == -EPERM, "after the seal an add fails with EPERM", 0);
	ret = delete(&late);
	result(ret == -EPERM, "after the seal a delete fails with EPERM", 0);
}

static struct list path_list;

/* /tmp/path-list: a list, owned by 1003, security.ima = its SHA-256 */
static int make_path_list(void)
{
	uint8_t d[32], x[2 + 32];
	int ret;

	sha256((const uint8_t *)"path-list", 9, d);
	list_add(&path_list, 0, d);
	ret = guest_write("/tmp/path-list", path_list.buf, path_list.len,
			  O_WRONLY | O_CREAT | O_TRUNC);
	if (ret)
		return ret;
	if (chown("/tmp/path-list", 1003, 0))
		return -errno;
	x[0] = 0x04; /* IMA_XATTR_DIGEST_NG */
	x[1] = 4;    /* sha256 */
	sha256(path_list.buf, path_list.len, x + 2);
	return setxattr("/tmp/path-list", "security.ima", x, sizeof(x), 0) ? -errno : 0;
}

static void mode_measure(void)
{
	long acts;
	int ret;

	ret = copy_file("/test", "/tmp/exe", 0, 0);
	result(!ret, "an executable is created", -ret);
	ret = make_path_list();
	result(!ret, "a list file with security.ima (a SHA-256 hash) is created", -ret);
	ret = list_add_file(&trusted, 0, "/tmp/exe");
	ret = ret ? ret : write_policy(policy_measure);
	result(!ret, "a policy measuring the lists with ima-ng is loaded", -ret);
	ret = upload("trusted", &trusted);
	result(!ret, "PID 1 uploads the list", -ret);
	acts = list_actions("trusted", &trusted);
	result(acts == ACT_TRUSTED, "its actions: trusted (measured at PID 1's execve())", 0);

	ret = guest_write(DIGLIM "/digest_list_add", "/tmp/path-list", 14, O_WRONLY);
	result(!ret, "a path upload of a list file IMA measures and appraises", -ret);
	acts = list_actions("path-list", &path_list);
	result(acts == (ACT_TRUSTED | ACT_MEASURED | ACT_APPRAISED),
	       "its actions: trusted, measured, appraised (from IMA's reading of the file)", 0);
	result(log_count(" /tmp/path-list\n") == 1 && log_count(" path-list\n") == 0,
	       "the file is measured, and the list is not measured again (DIGLIM v3)", 0);
	ret = guest_write(DIGLIM "/digest_list_del", "/tmp/path-list", 14, O_WRONLY);
	result(!ret, "and deleted by path", -ret);
	ret = guest_write(LISTS_FILE, &trusted, sizeof(trusted), O_WRONLY | O_CREAT | O_EXCL);
	result(!ret, "the list is saved for after the execve()", -ret);
}

/* After PID 1's execve(): the trusted list was measured then, with ima-ng. */
static void mode_measure_exec(void)
{
	size_t len;
	void *saved = slurp(LISTS_FILE, &len);
	long acts;
	int ret;

	result(saved && len == sizeof(trusted), "the list saved before the execve() is read back",
	       0);
	if (saved)
		memcpy(&trusted, saved, sizeof(trusted));
	/* ima-ng: the line ends with the event name */
	result(log_count(" diglim/trusted\n") == 1,
	       "PID 1's execve() measured the trusted list (diglim/trusted, ima-ng)", 0);
	acts = list_actions("trusted", &trusted);
	result(acts == (ACT_TRUSTED | ACT_MEASURED), "its actions: trusted, measured", 0);
	ret = run("/tmp/exe");
	result(!ret, "the listed executable runs", -ret);
	result(log_has(" /tmp/exe\n") == 1, "and is measured: the list's content is not in the log",
	       0);
	ret = delete_as_euid(1000, &trusted);
	result(ret == -EPERM,
	       "a delete the policy does not measure (euid 1000), of a measured list: EPERM", 0);
	acts = list_actions("trusted", &trusted);
	result(acts == (ACT_TRUSTED | ACT_MEASURED), "and the list stays", 0);
	ret = delete(&trusted);
	result(!ret, "root's delete is measured and succeeds", -ret);
	result(log_count(" del_buffer_\n") == 1, "as del_buffer_", 0);
}

static void mode_notpid1(void)
{
	struct stat st;
	long acts;
	int ret;

	ret = make_file("/tmp/known", known_data, 0);
	ret = ret ? ret : list_add_file(&trusted, 0, "/tmp/known");
	ret = ret ? ret : write_policy(policy_notpid1);
	result(!ret, "files and the appraise policy", -ret);
	ret = upload("notpid1", &trusted);
	result(!ret, "a process other than PID 1 uploads a list", -ret);
	acts = list_actions("notpid1", &trusted);
	result(acts == ACT_MEASURED, "its actions: measured, not trusted", 0);
	ret = try_open("/tmp/known", O_RDONLY);
	result(ret == -EACCES, "a file in it fails appraisal", 0);
	ret = big_list_from_child();
	result(!ret, "a 5 MiB list is added, measured with ima-buf, and deleted", -ret);
	ret = stat(DIGLIM "/digest_lists_loaded", &st) ? -errno : 0;
	result(!ret && !(st.st_mode & 07),
	       "only root lists digest_lists_loaded/ (the names tell the installed packages)", -ret);
	ret = guest_write(DIGLIM "/seal", "1", 1, O_WRONLY);
	result(!ret, "seal", -ret);
	ret = delete(&trusted);
	result(ret == -EPERM, "after the seal a delete fails with EPERM", 0);
}

static void finish_pid1(void)
{
	printf("1..%u\n", tests);
	printf("guest: exit status %d\n", failed ? 1 : 0);
	guest_power_off();
}

/*
 * Boot option ima_hash=sha512: lists are identified by digests of IMA's
 * algorithm (DIGLIM v3), in their file names and as type 3 digests.
 */
static void mode_algo(void)
{
	const char *label = "algo-test";
	char name[300] = "", q[200], *text;
	struct dirent *de;
	uint8_t d[32];
	size_t n;
	DIR *dir;
	int ret;

	sha256((const uint8_t *)"algo", 4, d);
	list_add(&trusted, 0, d);
	ret = upload(label, &trusted);
	result(!ret, "a list is added", -ret);
	dir = opendir(DIGLIM "/digest_lists_loaded");
	while (dir && (de = readdir(dir))) {
		n = strlen(de->d_name);
		if (n > strlen(label) && !strcmp(de->d_name + n - strlen(label), label))
			snprintf(name, sizeof(name), "%s", de->d_name);
	}
	if (dir)
		closedir(dir);
	result(!strncmp(name, "sha512-", 7) && strlen(name) == 7 + 128 + 1 + strlen(label),
	       "its file name is sha512-<128 hex digits>-<label>", 0);
	snprintf(q, sizeof(q), "%.135s", name);
	ret = guest_write(DIGLIM "/digest_query", q, strlen(q), O_WRONLY);
	text = ret ? NULL : slurp(DIGLIM "/digest_query", NULL);
	snprintf(q, sizeof(q), "-%s (actions: 0): type: 3, size: %zu\n", label, trusted.len);
	result(text && strstr(text, q), "its SHA-512 digest is in the table as type 3", 0);
	ret = delete(&trusted);
	result(!ret, "and it is deleted", -ret);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "notpid1";
	struct stat st;
	int ret;

	if (!strcmp(mode, "exit0"))
		return 0;
	old_series = argc > 2 && !strcmp(argv[argc - 1], "old-series");
	if (getpid() == 1 && strcmp(mode, "pid1-exec") && strcmp(mode, "measure-exec"))
		guest_setup();
	printf("# diglim-ima-test mode %s\n", mode);
	if (!strcmp(mode, "off")) {
		ret = stat(DIGLIM, &st) ? errno : 0;
		result(ret == ENOENT, "diglim=off: integrity/diglim does not exist", 0);
		result(stat(IMA_POLICY, &st) == 0, "diglim=off: IMA is still there", 0);
	} else if (!strcmp(mode, "pid1")) {
		phase1();
		/* carry the counts over the execve() */
		char t[16], f[16];

		snprintf(t, sizeof(t), "%u", tests);
		snprintf(f, sizeof(f), "%u", failed);
		fflush(stdout);
		execl("/test", "/test", "pid1-exec", t, f, old_series ? "old-series" : NULL,
		      (char *)NULL);
		result(0, "PID 1 execs itself", errno);
		finish_pid1();
	} else if (!strcmp(mode, "pid1-exec")) {
		tests = argc > 2 ? (unsigned int)atoi(argv[2]) : 0;
		failed = argc > 3 ? (unsigned int)atoi(argv[3]) : 1;
		result(getpid() == 1, "PID 1 after its execve()", 0);
		phase2();
		finish_pid1();
	} else if (!strcmp(mode, "algo")) {
		mode_algo();
	} else if (!strcmp(mode, "measure")) {
		mode_measure();
		char t[16], f[16];

		snprintf(t, sizeof(t), "%u", tests);
		snprintf(f, sizeof(f), "%u", failed);
		fflush(stdout);
		execl("/test", "/test", "measure-exec", t, f, (char *)NULL);
		result(0, "PID 1 execs itself", errno);
		finish_pid1();
	} else if (!strcmp(mode, "measure-exec")) {
		tests = argc > 2 ? (unsigned int)atoi(argv[2]) : 0;
		failed = argc > 3 ? (unsigned int)atoi(argv[3]) : 1;
		mode_measure_exec();
		finish_pid1();
	} else {
		mode_notpid1();
	}
	printf("1..%u\n", tests);
	return failed ? 1 : 0;
}
