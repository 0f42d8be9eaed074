// SPDX-License-Identifier: MIT
/*
 * init/image.c — a digest-list image file (diginit.h): read whole into private memory
 * (what is checked is what is used, whatever happens to the file meanwhile), checked
 * whole by diglist's reader (dg_image_open), then each list checked, built and uploaded
 * as a list file is (list.c). A rejected image yields no list at all.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lists.h"

int dg_image_sniff(const char *path)
{
	uint8_t head[DG_IMG_MAGIC_LEN];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	struct stat st;

	if (fd < 0)
		return 0;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return 0;
	}
	do
		n = read(fd, head, sizeof(head));
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n <= 0)
		return 0;
	if ((size_t)n == sizeof(head) && memcmp(head, DG_IMG_MAGIC, DG_IMG_MAGIC_LEN) == 0)
		return 1;
	return dg_image_compressed(head, (size_t)n);
}

/* The regular file at path into b; *len its size. 0 or -errno (-EFBIG: too large,
 * -EINVAL: not a regular file or a link, -EIO: it changed size meanwhile). */
static int read_image(const char *path, struct dg_buf *b, size_t *len)
{
	int rc, fd = dg_file_open(AT_FDCWD, path, 1, DG_IMG_MAX, len);

	if (fd < 0)
		return fd;
	rc = dg_buf_reserve(b, *len);
	if (rc == 0)
		rc = dg_file_read(fd, b->p, *len);
	close(fd);
	return rc;
}

/* One line for an image that is not used, as a list's line (report.c). */
static void report_image(const struct dg_run_cfg *cfg, const char *path, const char *why)
{
	if (cfg->report == DG_REPORT_CHECK) {
		printf("%s: FAIL %s\n", path, why);
		fflush(stdout);
	} else {
		dg_log(DG_ERR, "%s: %s", path, why);
	}
}

int dg_image_verify_upload_report(const struct dg_run_cfg *cfg, struct dg_tally *t,
				  const char *path)
{
	static char where[4096 + 1 + DG_NAME_MAX + 1];
	struct dg_buf img = {NULL, 0};
	struct dg_image it;
	struct dg_image_err err;
	struct dg_image_list l;
	char why[DG_IMG_PATH_MAX + DG_REASON_MAX];
	size_t len = 0;
	int rc = read_image(path, &img, &len);

	if (rc != 0) {
		snprintf(why, sizeof(why), "cannot read image: %s", strerror(-rc));
		report_image(cfg, path, why);
	} else if ((rc = dg_image_open(img.p, len, &it, &err)) != 0) {
		memcpy(why, "image rejected: ", 16);
		dg_image_reason(&err, why + 16, sizeof(why) - 16);
		report_image(cfg, path, why);
		rc = -EBADMSG;
	} else {
		while (dg_image_next(&it, &l) == 1) {
			snprintf(where, sizeof(where), "%s:%s", path, l.name);
			dg_mem_verify_upload_report(cfg, t, l.name, l.data, l.size, where);
		}
	}
	dg_buf_free(&img);
	return rc;
}
