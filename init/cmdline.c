// SPDX-License-Identifier: MIT
/*
 * init/cmdline.c — the rd.diginit.* options of the kernel command line (DESIGN.md
 * section 3): the last value wins; a bare option means 1.
 *
 *   rd.diginit.init=PATH    next init            (absolute path; other values ignored)
 *   rd.diginit.lists=DIR    list directory       (absolute path; other values ignored)
 *   rd.diginit.image=PATH   digest-list image    (absolute path; other values ignored;
 *                           used instead of the directory when it exists)
 *   rd.diginit.enforce[=B]  stop on a bad list   (B: 0/n/no/off/false = off, else on)
 *   rd.diginit.debug[=B]    one line per list
 *   rd.diginit.threads=N    verify threads, 1..DG_THREADS_MAX (other values ignored;
 *                           default: the online CPUs)
 *
 * Words are split at blanks; double quotes group blanks into a word and are removed,
 * as the kernel's own parser (lib/cmdline.c next_arg) does.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "diginit.h"

void dg_opts_default(struct dg_opts *o)
{
	o->init = DG_NEXT_INIT;
	o->lists = DG_LISTS_DIR;
	o->image = DG_IMAGE_PATH;
	o->enforce = 0;
	o->debug = 0;
	o->threads = 0;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0';
}

static int parse_bool(const char *v)
{
	static const char *const off[] = {"0", "no", "off", "false", "n"};
	size_t i;

	for (i = 0; i < sizeof(off) / sizeof(off[0]); i++)
		if (strcmp(v, off[i]) == 0)
			return 0;
	return 1;
}

unsigned dg_threads_parse(const char *v)
{
	unsigned long n = 0;
	size_t i;

	if (!v || !v[0])
		return 0;
	for (i = 0; v[i]; i++) {
		if (v[i] < '0' || v[i] > '9')
			return 0;
		n = n * 10u + (unsigned long)(v[i] - '0');
		if (n > DG_THREADS_MAX)
			return 0;
	}
	return (unsigned)n;
}

static void apply(struct dg_opts *o, const char *key, const char *val)
{
	if (strcmp(key, "rd.diginit.init") == 0) {
		if (val && val[0] == '/')
			o->init = val;
	} else if (strcmp(key, "rd.diginit.lists") == 0) {
		if (val && val[0] == '/')
			o->lists = val;
	} else if (strcmp(key, "rd.diginit.image") == 0) {
		if (val && val[0] == '/')
			o->image = val;
	} else if (strcmp(key, "rd.diginit.enforce") == 0) {
		o->enforce = val ? parse_bool(val) : 1;
	} else if (strcmp(key, "rd.diginit.debug") == 0) {
		o->debug = val ? parse_bool(val) : 1;
	} else if (strcmp(key, "rd.diginit.threads") == 0) {
		unsigned n = dg_threads_parse(val);

		if (n)
			o->threads = n;
	}
}

int dg_path_next(const char **cur, char *buf, size_t n)
{
	while (**cur) {
		const char *p = *cur, *end = strchr(p, ':');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		*cur = end ? end + 1 : p + len;
		if (len == 0 || p[0] != '/' || len >= n)
			continue;
		memcpy(buf, p, len);
		buf[len] = '\0';
		return 1;
	}
	return 0;
}

int dg_cmdline_parse(char *buf, size_t len, struct dg_opts *o)
{
	size_t i = 0;

	/* Invariant: i <= len; the word being built is written at w <= i, so the
	 * in-place copy never overtakes the reader. */
	while (i < len) {
		size_t w, start;
		char *eq, *val = NULL;
		int quoted = 0;

		while (i < len && is_blank(buf[i]))
			i++;
		if (i == len)
			break;
		start = w = i;
		while (i < len && (quoted || !is_blank(buf[i]))) {
			if (buf[i] == '"')
				quoted = !quoted;
			else
				buf[w++] = buf[i];
			i++;
		}
		/* Terminate the word: w <= i <= len, and buf has len + 1 bytes. */
		buf[w] = '\0';
		if (i < len)
			i++;
		eq = memchr(buf + start, '=', w - start);
		if (eq) {
			*eq = '\0';
			val = eq + 1;
		}
		apply(o, buf + start, val);
	}
	return 0;
}

int dg_cmdline_read(const char *path, struct dg_opts *o)
{
	static char buf[DG_CMDLINE_MAX + 1];
	size_t len = 0;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (len < DG_CMDLINE_MAX) {
		n = read(fd, buf + len, DG_CMDLINE_MAX - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return dg_cmdline_parse(buf, len, o);
}
