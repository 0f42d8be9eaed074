// SPDX-License-Identifier: MIT
/* mkinitrd/util.c — messages and allocation helpers of the CLI (only the CLI prints). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mk.h"

const char *mk_prog = "diginit-mkinitrd";
int mk_verbose, mk_quiet;

static void vmsg(const char *level, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: %s", mk_prog, level);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void mk_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("error: ", fmt, ap);
	va_end(ap);
}

void mk_warn(const char *fmt, ...)
{
	va_list ap;

	if (mk_quiet)
		return;
	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

void mk_info(const char *fmt, ...)
{
	va_list ap;

	if (mk_quiet)
		return;
	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
}

void mk_debug(const char *fmt, ...)
{
	va_list ap;

	if (!mk_verbose || mk_quiet)
		return;
	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
}

static void oom(void)
{
	fprintf(stderr, "%s: error: out of memory\n", mk_prog);
	exit(MK_EXIT_FAIL);
}

void *mk_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom();
	return p;
}

void *mk_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		oom();
	return q;
}

char *mk_xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		oom();
	return p;
}

char *mk_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (r < 0)
		oom();
	return s;
}
