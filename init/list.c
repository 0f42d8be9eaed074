// SPDX-License-Identifier: MIT
/*
 * init/list.c — one list file (lists.h): open (no symlinks), read into private memory
 * (what is checked is what is built, whatever happens to the file meanwhile), check and
 * plan (dg_list_check_plan), build the compact list, upload, count, report.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lists.h"

/* Build the compact list of a checked header into *out (out->cap >= compact_len; nothing
 * for 0 bytes). Returns 0, or -1 with l->err set. */
static int build(const struct rh_ctx *ctx, struct dg_outcome *l, struct dg_buf *out)
{
	size_t len = 0;
	int rc;

	if (l->compact_len == 0)
		return 0;
	rc = dg_buf_reserve(out, l->compact_len);
	if (rc != 0) {
		l->err = DG_E_NOMEM;
		l->detail = -rc;
		return -1;
	}
	if (dg_compact_build(ctx, l, out->p, l->compact_len, &len) != 0 ||
	    len != l->compact_len) {
		l->err = DG_E_ARG;
		return -1;
	}
	return 0;
}

/* Upload a built list. Returns 0, 1 (EEXIST) or -1 (l->err set). */
static int upload(const struct dg_run_cfg *cfg, struct dg_tally *t, const char *name,
		  const uint8_t *buf, struct dg_outcome *l)
{
	int rc;

	if (l->compact_len == 0 || !cfg->table)
		return 0;
	rc = dg_table_upload(cfg->table, name, buf, l->compact_len);
	if (rc == -EEXIST)
		return 1;
	if (rc == -EPERM) {
		l->err = DG_E_SEALED;
		t->sealed = 1;
		return -1;
	}
	if (rc != 0) {
		l->err = DG_E_UPLOAD;
		l->detail = -rc;
		return -1;
	}
	return 0;
}

/* Open the list file s->name in dirfd and read it whole into data. Returns the size
 * read (> 0), or 0 with s->l.err set. Never opens what is not a regular file: opening
 * a device can have effects. */
static size_t read_list(int dirfd, struct dg_slot *s, struct dg_buf *data)
{
	size_t size;
	int fd, rc;

	fd = dg_file_open(dirfd, s->name, DG_FILE_NOFOLLOW, DG_MAX_LIST_SIZE, &size);
	if (fd < 0) {
		s->l.err = fd == -EINVAL ? DG_E_NOT_REGULAR : fd == -EFBIG ? DG_E_FILE_SIZE
									 : DG_E_OPEN;
		s->l.detail = fd == -EINVAL || fd == -EFBIG ? 0 : -fd;
		return 0;
	}
	rc = dg_buf_reserve(data, size);
	if (rc == 0)
		rc = dg_file_read(fd, data->p, size);
	close(fd);
	if (rc != 0) {
		s->l.err = rc == -ENOMEM ? DG_E_NOMEM : DG_E_OPEN;
		s->l.detail = -rc;
		return 0;
	}
	return size;
}

/* Check the list bytes buf[0..size) of slot s and build its compact list. */
static void slot_check(const struct dg_run_cfg *cfg, struct dg_slot *s, const uint8_t *buf,
		       size_t size)
{
	struct rh_ctx ctx;
	int rc;

	rc = dg_list_check_plan(buf, size, cfg->kr, &ctx, &s->l);
	/* The package is named only when its header verified (never from unsigned data);
	 * the strings live in the read buffer: format them now. */
	if (s->l.nevra.name)
		dg_nevra_format(&s->l.nevra, s->nevra, sizeof(s->nevra));
	memset(&s->l.nevra, 0, sizeof(s->l.nevra));
	if (rc != 0)
		return;
	if (cfg->table && !dg_name_ok(s->name)) {
		s->l.err = DG_E_LABEL;
		return;
	}
	s->compact = dg_spare_get();
	if (build(&ctx, &s->l, &s->compact) != 0)
		return;
	s->checked = 1;
}

static void slot_clear(struct dg_slot *s)
{
	memset(&s->l, 0, sizeof(s->l));
	s->checked = 0;
	s->compact.p = NULL;
	s->compact.cap = 0;
	strcpy(s->nevra, "-");
}

void dg_slot_prepare(const struct dg_run_cfg *cfg, int dirfd, struct dg_slot *s,
		     struct dg_buf *data)
{
	size_t size;

	slot_clear(s);
	size = read_list(dirfd, s, data);
	if (size == 0)
		return;
	slot_check(cfg, s, data->p, size);
}

int dg_slot_finish(const struct dg_run_cfg *cfg, struct dg_tally *t, struct dg_slot *s,
		   const char *path)
{
	const char *nevra = s->nevra;
	int rc = -1;

	if (t->sealed) { /* the table refused an earlier list with EPERM */
		memset(&s->l, 0, sizeof(s->l));
		s->l.err = DG_E_SEALED;
		nevra = "-";
	} else if (s->checked) {
		rc = upload(cfg, t, s->name, s->compact.p, &s->l);
	}
	dg_spare_put(&s->compact);
	if (rc < 0) {
		t->nrejected++;
		/* after the first EPERM the table is sealed: one line says so (main.c) */
		if (!(s->l.err == DG_E_SEALED && cfg->report == DG_REPORT_BOOT))
			dg_report_fail(cfg, path, &s->l, nevra);
		return -1;
	}
	t->nlists++;
	t->ndigests += s->l.ndigests;
	if (rc == 1)
		t->nexist++;
	dg_report_ok(cfg, path, &s->l, nevra, rc == 1);
	return 0;
}

int dg_slot_run(const struct dg_run_cfg *cfg, struct dg_tally *t, int dirfd, const char *name,
		const char *path, struct dg_buf *data)
{
	struct dg_slot s;

	memset(&s, 0, sizeof(s));
	s.name = name;
	strcpy(s.nevra, "-");
	if (!t->sealed)
		dg_slot_prepare(cfg, dirfd, &s, data);
	return dg_slot_finish(cfg, t, &s, path);
}

int dg_mem_verify_upload_report(const struct dg_run_cfg *cfg, struct dg_tally *t,
				const char *name, const uint8_t *buf, size_t len, const char *path)
{
	struct dg_slot s;
	int rc;

	memset(&s, 0, sizeof(s));
	s.name = name;
	slot_clear(&s);
	if (!t->sealed) {
		if (len == 0 || len > DG_MAX_LIST_SIZE)
			s.l.err = DG_E_FILE_SIZE;
		else
			slot_check(cfg, &s, buf, len);
	}
	rc = dg_slot_finish(cfg, t, &s, path);
	dg_spare_drain();
	return rc;
}

int dg_file_verify_upload_report(const struct dg_run_cfg *cfg, struct dg_tally *t, int dirfd,
				 const char *name, const char *path)
{
	struct dg_buf data = {NULL, 0};
	int rc = dg_slot_run(cfg, t, dirfd, name, path, &data);

	dg_buf_free(&data);
	dg_spare_drain();
	return rc;
}
