// SPDX-License-Identifier: MIT
/*
 * init/log.c — one line per message. As PID 1: "<level>diginit[1]: message\n" in one
 * write() to /dev/kmsg (the kernel then keeps the level and the prefix), or to
 * /dev/console when kmsg cannot be opened (then without the "<level>"). Otherwise:
 * "diginit: message\n" on stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "diginit.h"

static int log_fd = 2;
static enum dg_log_mode log_mode = DG_LOG_STDERR;
static int log_kmsg; /* the fd is /dev/kmsg: keep the <level> prefix */

void dg_log_open(enum dg_log_mode mode)
{
	int fd;

	log_mode = mode;
	if (mode != DG_LOG_KMSG)
		return;
	fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC | O_NOCTTY);
	if (fd >= 0) {
		log_fd = fd;
		log_kmsg = 1;
		return;
	}
	fd = open("/dev/console", O_WRONLY | O_CLOEXEC | O_NOCTTY);
	if (fd >= 0)
		log_fd = fd;
	/* else: stderr, whatever the kernel gave PID 1 (often /dev/console) */
}

void dg_log(int level, const char *fmt, ...)
{
	char line[DG_LOG_LINE];
	va_list ap;
	int n, m;
	size_t len;

	if (log_mode == DG_LOG_KMSG && log_kmsg)
		n = snprintf(line, sizeof(line), "<%d>diginit[%d]: ", level, (int)getpid());
	else if (log_mode == DG_LOG_KMSG)
		n = snprintf(line, sizeof(line), "diginit[%d]: ", (int)getpid());
	else
		n = snprintf(line, sizeof(line), "diginit: ");
	if (n < 0)
		return;
	va_start(ap, fmt);
	m = vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	if (m < 0)
		return;
	len = (size_t)n + (size_t)m;
	if (len > sizeof(line) - 2)
		len = sizeof(line) - 2; /* truncated: keep room for the newline */
	line[len++] = '\n';
	while (write(log_fd, line, len) < 0 && errno == EINTR)
		;
}
