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
	size_t size, n;
	int fd = dg_file_open(AT_FDCWD, path, DG_FILE_NOFOLLOW, DG_IMG_MAX, &size);

	if (fd < 0)
		return 0;
	n = size < sizeof(head) ? size : sizeof(head);
	if (dg_file_read(fd, head, n) != 0)
		n = 0;
	close(fd);
	if (n == sizeof(head) && memcmp(head, DG_IMG_MAGIC, DG_IMG_MAGIC_LEN) == 0)
		return 1;
	return n > 0 && dg_image_compressed(head, n);
}

/* The regular file at path into b; *len its size. 0 or -errno (-EFBIG: too large,
 * -EINVAL: not a regular file or a link, -EIO: it shrank meanwhile). An empty file is
 * read, and rejected by the image reader as mkinitrd's --verify rejects it. */
static int read_image(const char *path, struct dg_buf *b, size_t *len)
{
	int rc, fd = dg_file_open(AT_FDCWD, path, DG_FILE_NOFOLLOW | DG_FILE_EMPTY_OK, DG_IMG_MAX,
				  len);

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
	char reason[DG_IMG_PATH_MAX + DG_REASON_MAX], why[sizeof(reason) + 32];
	size_t len = 0;
	int rc = read_image(path, &img, &len);

	if (rc != 0) {
		snprintf(why, sizeof(why), "cannot read image: %s", strerror(-rc));
		report_image(cfg, path, why);
	} else if ((rc = dg_image_open(len ? img.p : (const uint8_t *)"", len, &it, &err)) != 0) {
		dg_image_reason(&err, reason, sizeof(reason));
		snprintf(why, sizeof(why), "image rejected: %s", reason);
		report_image(cfg, path, why);
		rc = DG_IMAGE_REJECTED;
	} else {
		while ((rc = dg_image_next(&it, &l)) == 1) {
			snprintf(where, sizeof(where), "%s:%s", path, l.name);
			dg_mem_verify_upload_report(cfg, t, l.name, l.data, l.size, where);
		}
		if (rc < 0) { /* cannot happen: img is private memory */
			report_image(cfg, path, "image walk stopped");
			rc = DG_IMAGE_REJECTED;
		}
	}
	dg_buf_free(&img);
	return rc;
}
