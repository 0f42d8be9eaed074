/* SPDX-License-Identifier: MIT */
/*
 * nextinit — the "next init" of the boot tests, installed where systemd would be
 * (/usr/lib/systemd/systemd). diginit execs it after loading and sealing the table.
 * It reports what it finds as "TEST-RESULT: key value" lines on the console and powers
 * the machine off. The host-side test scripts decide what is right; this program only
 * observes, so a wrong kernel or shim shows up as a wrong value, never as a skipped line.
 *
 * Kernel command line options read here (all optional):
 *   dgtest.query=ALGO-HEX   query this digest (repeatable, up to 8)
 *   dgtest.exec=PATH        execute this program and report its status (repeatable)
 *   dgtest.policy=PATH      write this IMA policy file before the exec tests
 *   dgtest.imalog=1         dump the binary IMA measurement list and PCR 10 (sha256)
 *   dgtest.bioslog=1        dump the firmware's TPM event log (UEFI boots: GRUB, systemd-stub)
 *                           and PCRs 9, 11, 12 (sha256)
 *   dgtest.ls=PATH          list the names in this directory (repeatable)
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define DIGLIM "/sys/kernel/security/integrity/diglim"
#define IMA    "/sys/kernel/security/ima"
#define MAXOPT 8

static char cmdline[4096];
static const char *queries[MAXOPT], *execs[MAXOPT];
static int nqueries, nexecs;
static const char *policy;
static int imalog, bioslog;
static const char *lsdirs[MAXOPT];
static int nls;

static void out(const char *key, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out(const char *key, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printf("TEST-RESULT: %s %s\n", key, buf);
	fflush(stdout);
}

/* Read a small file into buf as one line: newlines become ';'. */
static int slurp(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;
	size_t len = 0;

	if (fd < 0)
		return -errno;
	while (len + 1 < cap && (n = read(fd, buf + len, cap - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	buf[len] = 0;
	while (len && buf[len - 1] == '\n')
		buf[--len] = 0;
	for (size_t i = 0; i < len; i++)
		if (buf[i] == '\n')
			buf[i] = ';';
	return 0;
}

static void parse_cmdline(void)
{
	char *save, *tok;

	if (slurp("/proc/cmdline", cmdline, sizeof(cmdline)) < 0)
		return;
	for (tok = strtok_r(cmdline, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		if (!strncmp(tok, "dgtest.query=", 13) && nqueries < MAXOPT)
			queries[nqueries++] = tok + 13;
		else if (!strncmp(tok, "dgtest.exec=", 12) && nexecs < MAXOPT)
			execs[nexecs++] = tok + 12;
		else if (!strncmp(tok, "dgtest.policy=", 14))
			policy = tok + 14;
		else if (!strcmp(tok, "dgtest.imalog=1"))
			imalog = 1;
		else if (!strcmp(tok, "dgtest.bioslog=1"))
			bioslog = 1;
		else if (!strncmp(tok, "dgtest.ls=", 10) && nls < MAXOPT)
			lsdirs[nls++] = tok + 10;
	}
}

static void report_file(const char *key, const char *path)
{
	char buf[2048];
	int r = slurp(path, buf, sizeof(buf));

	if (r < 0)
		out(key, "error=%s", strerror(-r));
	else
		out(key, "%s", buf);
}

static void query(const char *digest)
{
	char key[160];
	int fd = open(DIGLIM "/digest_query", O_RDWR);

	snprintf(key, sizeof(key), "query %s", digest);
	if (fd < 0) {
		out(key, "error=%s", strerror(errno));
		return;
	}
	if (write(fd, digest, strlen(digest)) < 0) {
		out(key, "write-error=%s", strerror(errno));
		close(fd);
		return;
	}
	close(fd);
	report_file(key, DIGLIM "/digest_query");
}

/* After the seal, a well-formed list must be refused with EPERM. */
static void try_write(const char *file)
{
	/* One FILE block with one sha256 digest: a valid compact list. */
	unsigned char list[16 + 32] = { 1, 0, 1, 0, 0, 0, 4, 0, 1, 0, 0, 0, 32, 0, 0, 0 };
	char path[256], key[64];
	int fd;

	memset(list + 16, 0xd1, 32);
	snprintf(path, sizeof(path), DIGLIM "/%s", file);
	snprintf(key, sizeof(key), "write %s", file);
	fd = open(path, O_WRONLY);
	if (fd < 0) {
		out(key, "open-errno=%s", strerror(errno));
		return;
	}
	if (write(fd, list, sizeof(list)) < 0)
		out(key, "errno=%s", errno == EPERM ? "EPERM" : strerror(errno));
	else
		out(key, "accepted");
	close(fd);
}

static void load_policy(const char *path)
{
	char buf[4096];
	int r = slurp(path, buf, sizeof(buf)), fd;

	if (r < 0) {
		out("policy", "read-error=%s", strerror(-r));
		return;
	}
	/* IMA takes one rule per write(). The file is complete only after close(). */
	fd = open(IMA "/policy", O_WRONLY);
	if (fd < 0) {
		out("policy", "errno=%s", strerror(errno));
		return;
	}
	for (char *save, *rule = strtok_r(buf, ";", &save); rule;
	     rule = strtok_r(NULL, ";", &save)) {
		char line[512];
		int n = snprintf(line, sizeof(line), "%s\n", rule);

		if (n < 0 || (size_t)n >= sizeof(line) || write(fd, line, (size_t)n) != n) {
			out("policy", "errno=%s rule=%s", strerror(errno), rule);
			close(fd);
			return;
		}
	}
	if (close(fd) < 0)
		out("policy", "close-errno=%s", strerror(errno));
	else
		out("policy", "loaded");
}

static void run(const char *path)
{
	char key[300];
	pid_t pid;
	int st;

	snprintf(key, sizeof(key), "exec %s", path);
	pid = fork();
	if (pid == 0) {
		char *argv[] = { (char *)path, NULL }, *envp[] = { NULL };

		execve(path, argv, envp);
		printf("TEST-RESULT: %s errno=%s\n", key, errno == EACCES ? "EACCES" : strerror(errno));
		fflush(stdout);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0) {
		out(key, "fork-error=%s", strerror(errno));
		return;
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) != 127)
		out(key, "status=%d", WEXITSTATUS(st));
}

/* A binary file in hex, 48 bytes a line "TAG: HEX", then "TEST-RESULT: key end". */
static void dump_hex(const char *key, const char *tag, const char *path)
{
	unsigned char buf[48];
	char hex[2 * sizeof(buf) + 1];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0) {
		out(key, "error=%s", strerror(errno));
		return;
	}
	for (;;) {
		size_t len = 0;

		while (len < sizeof(buf) && (n = read(fd, buf + len, sizeof(buf) - len)) > 0)
			len += (size_t)n;
		if (!len)
			break;
		for (size_t i = 0; i < len; i++)
			snprintf(hex + 2 * i, 3, "%02x", buf[i]);
		printf("%s: %s\n", tag, hex);
		if (len < sizeof(buf))
			break;
	}
	close(fd);
	out(key, "end");
}

/*
 * The binary measurement list: Linux 6.1's ascii list shows only the SHA-1 template
 * digests, and the host needs the template data to compute the SHA-256 ones that the
 * sha256 PCR bank was extended with.
 */
static void dump_imalog(void)
{
	dump_hex("imalog", "IMA-BIN", IMA "/binary_runtime_measurements");
	report_file("pcr10-sha256", "/sys/class/tpm/tpm0/pcr-sha256/10");
}

/* The firmware's event log (TCG2 crypto-agile) as the kernel got it from the EFI stub. */
static void dump_bioslog(void)
{
	dump_hex("bioslog", "BIOS-BIN", "/sys/kernel/security/tpm0/binary_bios_measurements");
	report_file("pcr9-sha256", "/sys/class/tpm/tpm0/pcr-sha256/9");
	report_file("pcr11-sha256", "/sys/class/tpm/tpm0/pcr-sha256/11");
	report_file("pcr12-sha256", "/sys/class/tpm/tpm0/pcr-sha256/12");
}

/* "TEST-RESULT: ls PATH NAME;NAME;..." (readdir order), or the error. */
static void list_dir(const char *path)
{
	char key[300], names[2048];
	size_t len = 0;
	DIR *d = opendir(path);
	struct dirent *e;

	snprintf(key, sizeof(key), "ls %s", path);
	if (!d) {
		out(key, "error=%s", strerror(errno));
		return;
	}
	names[0] = 0;
	while ((e = readdir(d)) && len + strlen(e->d_name) + 2 < sizeof(names)) {
		if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
			continue;
		len += (size_t)snprintf(names + len, sizeof(names) - len, "%s%s", len ? ";" : "",
					e->d_name);
	}
	closedir(d);
	out(key, "%s", names);
}

int main(void)
{
	/* diginit mounted these; mount again only if it did not (errors are reported). */
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("securityfs", "/sys/kernel/security", "securityfs", 0, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);

	out("nextinit-pid", "%d", (int)getpid());
	parse_cmdline();
	report_file("digests_count", DIGLIM "/digests_count");
	report_file("seal", DIGLIM "/seal");
	for (int i = 0; i < nqueries; i++)
		query(queries[i]);
	try_write("digest_list_add");
	try_write("digest_list_del");
	if (policy)
		load_policy(policy);
	for (int i = 0; i < nexecs; i++)
		run(execs[i]);
	if (imalog)
		dump_imalog();
	if (bioslog)
		dump_bioslog();
	for (int i = 0; i < nls; i++)
		list_dir(lsdirs[i]);
	out("done", "1");
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
