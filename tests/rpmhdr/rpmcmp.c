/* SPDX-License-Identifier: MIT */
/*
 * rpmcmp — test helper: "at least as strict as rpm". For each rpmdb blob given, ask
 * librpm (headerImport, which runs hdrblobInit: hdrblobVerifyLengths/Region/Info, then
 * regionSwab) and rpmhdr (rh_parse_dbblob). Prints one line per file:
 *   both-accept | both-reject | stricter (rpm accepts, rpmhdr rejects: reason) |
 *   LAXER (rpm rejects, rpmhdr accepts) | REGION-DIFFERS (both accept, but
 *   magic ‖ headerGet(HEADERIMMUTABLE) is not rpmhdr's signed string)
 * and exits 1 if any file is LAXER or REGION-DIFFERS. librpm runs in a child per file so that a
 * crash in rpm counts as a rejection by rpm, not as a test failure.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string.h>

#include <rpm/header.h>
#include <rpm/rpmtd.h>

#include "rpmhdr.h"

static uint8_t signed_copy[1 << 24];
static size_t signed_len;

static int rpm_accepts(const uint8_t *p, size_t n)
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		Header h = headerImport((void *)p, (unsigned)n, HEADERIMPORT_COPY);
		struct rpmtd_s td;

		if (h == NULL)
			_exit(1);
		/* the signed string as librpm rebuilds it (DESIGN.md section 4) */
		if (signed_len &&
		    (!headerGet(h, RPMTAG_HEADERIMMUTABLE, &td, HEADERGET_DEFAULT) ||
		     td.count + 8 != signed_len || memcmp(td.data, signed_copy + 8, td.count) != 0))
			_exit(3);
		_exit(0);
	}
	if (waitpid(pid, &st, 0) < 0)
		return -1;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 3)
		return 3;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

int main(int argc, char **argv)
{
	int i, laxer = 0;

	for (i = 1; i < argc; i++) {
		struct rh_ctx c;
		struct stat st;
		uint8_t *buf;
		int fd = open(argv[i], O_RDONLY), r, ours;

		if (fd < 0 || fstat(fd, &st) < 0)
			return 2;
		buf = malloc((size_t)st.st_size + 1);
		if (buf == NULL || read(fd, buf, (size_t)st.st_size) != st.st_size)
			return 2;
		close(fd);
		ours = rh_parse_dbblob(&c, buf, (size_t)st.st_size) == 0;
		signed_len = 0;
		if (ours && rh_signed_copy(&c, signed_copy, sizeof(signed_copy), &signed_len))
			return 2;
		/* rpm reads il/dl before checking the size: give it at least 8 bytes */
		r = st.st_size >= 8 ? rpm_accepts(buf, (size_t)st.st_size) : 0;
		if (r < 0)
			return 2;
		if (r == 3) {
			printf("REGION-DIFFERS %s\n", argv[i]);
			laxer++;
		} else if (r && ours)
			printf("both-accept %s\n", argv[i]);
		else if (!r && !ours)
			printf("both-reject %s\n", argv[i]);
		else if (r && !ours)
			printf("stricter %s: %s\n", argv[i], rh_strerror(c.err));
		else {
			printf("LAXER %s\n", argv[i]);
			laxer++;
		}
		free(buf);
	}
	return laxer ? 1 : 0;
}
