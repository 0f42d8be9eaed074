/* SPDX-License-Identifier: MIT */
/*
 * init/diginit.h — the steps of the diginit binary (internal to init/). main.c orders
 * them; each lives in its own file:
 *   log.c      kmsg / console / stderr logging
 *   mounts.c   devtmpfs, proc, sysfs, securityfs where not mounted
 *   cmdline.c  rd.diginit.* options from /proc/cmdline
 *   scan.c     the list directory in name order
 *   table.c    the kernel's digest table: label, add, seal
 *   list.c     one list file: read, check and build (diglist/), upload, count
 *   queue.c    a directory of lists: the verify threads' work queue, name order kept
 *   report.c   the line per list (kmsg at boot, stdout for --check), reason text
 *   buffers.c  the memory of list bytes and compact lists (lists.h)
 *   image.c    an image file (diglist.h dg_image_open): every list in it, as list.c
 *   handover.c execve of exactly the configured next init, no fallback
 *   cli.c      the command line when not PID 1 (--check, --upload, --key, ...)
 * Checking a list file and building its compact list is diglist/ (diglist.h), which
 * the host generator shares.
 *
 * Error convention (STYLE.md): fallible functions return 0 or a negative errno (a
 * function that returns something else says so); a list's outcome is a struct
 * dg_outcome whose err is an enum dg_err or an enum dg_shim_err. Steps do not log,
 * except where a comment below says they report; main.c and cli.c log the rest.
 */
#ifndef DIGINIT_DIGINIT_H
#define DIGINIT_DIGINIT_H

#include <stddef.h>
#include <stdint.h>

#include "diglist.h"

#ifndef DIGINIT_VERSION
#define DIGINIT_VERSION "unknown"
#endif
#ifndef DG_NEXT_INIT
#define DG_NEXT_INIT "/usr/lib/systemd/systemd"
#endif
#ifndef DG_LISTS_DIR
#define DG_LISTS_DIR "/etc/diglim"
#endif
#ifndef DG_IMAGE_PATH
#define DG_IMAGE_PATH                                                                   \
	"/etc/diginit.img:/.extra/credentials/diginit.cred:/.extra/global_credentials/diginit.cred"
#endif
#ifndef DG_MAX_LIST_SIZE
#define DG_MAX_LIST_SIZE 268435456u
#endif

/* ---- limits (init/ only) ---- */
#define DG_SECURITYFS  "/sys/kernel/security"
#define DG_TABLE_DIR   "integrity/diglim"   /* below the securityfs mount */
#define DG_CMDLINE_MAX 8192u		    /* bytes of /proc/cmdline read */
#define DG_SCAN_MAX    65536u		    /* list files per directory */
#define DG_SCAN_ARENA  (4u * 1024u * 1024u) /* bytes of their names */
#define DG_LOG_LINE    512u
/* kernel: bytes per digest_list_label write; the shim writes the name and a NUL */
#define DG_LABEL_MAX   255u
_Static_assert(DG_NAME_MAX + 1u <= DG_LABEL_MAX, "a list name and its NUL fit a label");
#define DG_THREADS_MAX 64u		    /* verify threads (rd.diginit.threads, -j) */
#define DG_VERIFY_AHEAD 256u		    /* lists verified ahead of the uploads */
#define DG_THREAD_STACK (256u * 1024u)	    /* stack of a verify thread */

/*
 * Exit codes (also in diginit.8). As PID 1 an exit panics the kernel ("Attempted to
 * kill init! exitcode=0x00000N00"), so these only happen when booting must stop.
 */
enum dg_exit {
	DG_EXIT_OK = 0,	      /* CLI: every list OK */
	DG_EXIT_FAIL = 1,     /* CLI: a list failed, or the table refused an upload/seal */
	DG_EXIT_USAGE = 2,    /* CLI: bad option, unreadable --key */
	DG_EXIT_REJECTED = 3, /* PID 1, rd.diginit.enforce: a list was rejected */
	DG_EXIT_NO_TABLE = 4, /* PID 1, enforce: no securityfs, no integrity/diglim,
				 table already sealed, or the seal failed */
	DG_EXIT_NO_INIT = 5,  /* PID 1: the configured next init cannot be executed
				 (execve failed) or is diginit itself */
	DG_EXIT_NO_LISTS = 6, /* PID 1, enforce: the list directory (or the image file,
				 when it exists) cannot be read, or holds no list */
};

/* ---- log.c ---- */
enum dg_log_mode { DG_LOG_STDERR = 0, DG_LOG_KMSG };
void dg_log_open(enum dg_log_mode mode);
void dg_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define DG_ERR	  3
#define DG_WARN	  4
#define DG_NOTICE 5
#define DG_INFO	  6
#define DG_DEBUG  7

/* Why the shim rejected a list, beyond the library's reasons (dg_outcome.err). */
enum dg_shim_err {
	DG_E_OPEN = DG_E_LIB_COUNT, /* the list file cannot be opened / read (detail: errno) */
	DG_E_NOT_REGULAR,	    /* not a regular file */
	DG_E_FILE_SIZE,		    /* empty, or larger than the configured maximum */
	DG_E_LABEL,		    /* file name not usable as a label (dg_name_ok) */
	DG_E_UPLOAD,		    /* the kernel refused the list (detail: errno) */
	DG_E_SEALED,		    /* the table is sealed (EPERM) */
	DG_E_NOMEM,		    /* no memory for the list (detail: errno) */
	DG_E__COUNT
};

/* ---- mounts.c ---- */
/* Mount what is missing. Every mount is tried; returns 0, or the first failure's
 * -errno with *failed = its mount point (not logged here: main.c reports it). */
int dg_mount_all(const char **failed);

/* ---- cmdline.c ---- */
struct dg_opts {
	const char *init;  /* rd.diginit.init */
	const char *lists; /* rd.diginit.lists */
	const char *image; /* rd.diginit.image: absolute paths, colon-separated */
	int enforce;	   /* rd.diginit.enforce */
	int debug;	   /* rd.diginit.debug */
	unsigned threads;  /* rd.diginit.threads (0: the online CPUs) */
};
void dg_opts_default(struct dg_opts *o);
/* "1".."DG_THREADS_MAX" (decimal digits only) -> the number; 0 for anything else. */
unsigned dg_threads_parse(const char *v);
/* Parse a kernel command line held in buf[0..len) in place: buf must have len + 1
 * bytes (buf[len] may be overwritten); NULs are written into it and values point into
 * it. Returns 0. */
int dg_cmdline_parse(char *buf, size_t len, struct dg_opts *o);
/* Read /proc/cmdline (path) into a static buffer and parse it. Returns 0 or -errno
 * (o keeps the defaults then). */
int dg_cmdline_read(const char *path, struct dg_opts *o);
/* The next absolute path of a colon-separated list (rd.diginit.image) at *cur, copied
 * into buf[0..n) with its NUL; *cur moves past it. Empty, relative and over-long
 * elements are skipped. Returns 1, or 0 at the end of the list. */
int dg_path_next(const char **cur, char *buf, size_t n);

/* ---- scan.c: regular-file candidates of a directory, sorted by strcmp ---- */
/* Returns 0 and points *names at a static array valid until the next call, or -errno
 * (-E2BIG: more than DG_SCAN_MAX names or DG_SCAN_ARENA bytes). Names starting with
 * '.' are skipped; everything else is returned (lists.c rejects non-regular files). */
int dg_scan_dir(int dirfd, const char *const **names, size_t *n);

/* ---- table.c ---- */
struct dg_table {
	int dirfd; /* <securityfs>/integrity/diglim, or -1 */
};
/* Returns 0, -ENODEV (securityfs directory unusable), -ENOENT (no integrity/diglim). */
int dg_table_open(struct dg_table *t, const char *securityfs);
/* Label then one write() of the whole list. Returns 0, -EEXIST, -EPERM, -errno. */
int dg_table_upload(struct dg_table *t, const char *label, const uint8_t *buf, size_t len);
/* Write "1" to seal. Returns 0 or -errno; *sealed = 1 if the table is sealed, which it
 * also is after some failures: the kernel seals before IMA measures the seal, and an
 * error from IMA fails the write (then the file reads "1"). */
int dg_table_seal(struct dg_table *t, int *sealed);
void dg_table_close(struct dg_table *t);

/* ---- list.c, queue.c, report.c: lists ---- */
enum dg_report { DG_REPORT_BOOT = 0, DG_REPORT_CHECK };
/* How a run treats its lists: set before the run, read-only during it (the verify
 * threads read it). */
struct dg_run_cfg {
	const struct pgp_keyring *kr;
	struct dg_table *table; /* NULL: verify only (uploads happen on the calling thread) */
	enum dg_report report;	/* BOOT: log failures (and OK lines if debug);
				   CHECK: print OK/FAIL lines on stdout */
	int debug;		/* BOOT: one line per list */
	int quiet;		/* CHECK: only FAIL lines */
	unsigned threads;	/* verify threads for a directory (0: online CPUs) */
};
/* What a run did: written by the calling thread only. */
struct dg_tally {
	uint32_t nlists; /* accepted (uploaded, already loaded, or empty) */
	uint32_t nrejected;
	uint32_t nexist;   /* of nlists: already loaded (EEXIST) */
	uint64_t ndigests; /* digests in accepted lists */
	int sealed;	   /* the table answered EPERM: uploads stopped */
};
/* One list file name in dirfd: read, check, build, upload (if cfg->table), count in t,
 * report (one line). path is used for messages only. Returns 0 (accepted) or -1
 * (rejected; counted and reported). */
int dg_file_verify_upload_report(const struct dg_run_cfg *cfg, struct dg_tally *t, int dirfd,
				 const char *name, const char *path);
/* The same for list bytes already in memory (buf[0..len), e.g. inside an image):
 * name is the label, path is for messages. Returns 0 or -1 as above. */
int dg_mem_verify_upload_report(const struct dg_run_cfg *cfg, struct dg_tally *t,
				const char *name, const uint8_t *buf, size_t len, const char *path);
/* The same for every list of a directory, in name order, on cfg->threads threads.
 * Returns 0, or -errno if the directory cannot be read (reported). */
int dg_dir_verify_upload_report(const struct dg_run_cfg *cfg, struct dg_tally *t,
				const char *dir);
/* ---- image.c ---- */
/* 1 when the file at path starts like a digest-list image ("070701") or a compressed
 * stream (dg_image_compressed), 0 otherwise (a list file, or unreadable). */
int dg_image_sniff(const char *path);
/* Read the image file at path into private memory, check it whole (dg_image_open),
 * then every list in it in name order as dg_mem_verify_upload_report, on the calling
 * thread, with the path "IMAGE:NAME". A rejected image is reported as one line
 * ("IMAGE: FAIL image rejected: entry NAME: reason at OFFSET") and none of its lists is
 * used. Returns 0 (image read; its lists are counted in t), DG_IMAGE_REJECTED (rejected
 * by the reader; reported), or -errno (unreadable: missing, not a regular file, a link,
 * empty or too large; reported). */
#define DG_IMAGE_REJECTED 1
int dg_image_verify_upload_report(const struct dg_run_cfg *cfg, struct dg_tally *t,
				  const char *path);
/* The online CPUs, 1..DG_THREADS_MAX. */
unsigned dg_threads_default(void);
/* Text for any dg_outcome.err (library or shim code); never NULL. */
const char *dg_err_text(int err);
/* "reason (detail) at offset" for a rejected list, any code (dg_reason_print). */
void dg_outcome_reason(const struct dg_outcome *l, char *out, size_t cap);
/* Report a rejected list as the run's mode says (one line). nevra: "-" unless its
 * header verified. */
void dg_report_fail(const struct dg_run_cfg *cfg, const char *path, const struct dg_outcome *l,
		    const char *nevra);

/* ---- handover.c ---- */
/* execve(init, argv, envp), never any other path. Returns only when that fails or init
 * is diginit itself (same device and inode): logs one line (path, errno) and returns
 * DG_EXIT_NO_INIT. */
int dg_handover(const char *init, char **argv, char **envp);

/* ---- cli.c ---- */
int dg_cli(int argc, char **argv);

/* ---- time (main.c) ---- */
uint64_t dg_ms_since_start(void);
void dg_clock_start(void);

#endif /* DIGINIT_DIGINIT_H */
