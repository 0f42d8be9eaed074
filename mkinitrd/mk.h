/* SPDX-License-Identifier: MIT */
/*
 * mkinitrd/mk.h — diginit-mkinitrd internals (host tool; not a public API).
 *
 * Flow (main.c only orders these steps):
 *   source.c   rpmdb (librpm) or .rpm files -> validated headers -> struct mk_set
 *   listfile.c one header -> one DIGLIM list file (DESIGN.md section 4)
 *   names.c    sort the set, give every list its <seq>-file_list-rpm-NVRA name
 *   image.c    the set -> deterministic newc cpio bytes; cpio bytes -> entries
 *   output.c   lock, compare, atomic replace of an image; --dir output
 *   stamp.c    the no-change check: rpmdb cookie + options + image identity
 *   inspect.c  --list, --verify, --predict
 *
 * Error convention (STYLE.md): fallible steps return 0 or a negative errno and have
 * already printed their message naming the file or package, the reason and, for
 * parsed input, the byte offset (mk_err); mk_cmd_* and main return an MK_EXIT_* code.
 * The list library's own codes and reasons are diglist.h's.
 */
#ifndef DIGINIT_MKINITRD_MK_H
#define DIGINIT_MKINITRD_MK_H

#include <stddef.h>
#include <stdint.h>

#include "diglist.h"

/* ---- limits ---- */
#define MK_SEQ_WIDTH      5         /* <seq> is zero-padded to this many digits ... */
#define MK_SEQ_MAX        99999u    /* ... so at most this many lists per image */
#define MK_IMAGE_MAX      (1024u * 1024u * 1024u) /* refuse to read larger images */
#define MK_LISTS_DIR      "etc/diglim"            /* inside the image */
#define MK_NAME_TAG       "-file_list-rpm-"
#define MK_SEAL_EVENT     "diglim/seal"           /* IMA event name of the seal */
#define MK_STAMP_SUFFIX   ".stamp"  /* IMAGE.stamp beside the image */
#define MK_STAMP_MAX      4096u     /* a stamp longer than this is not ours */
#define MK_COOKIE_MAX     128u      /* hex digits of rpmdbCookie() (SHA-1: 40, SHA-256: 64) */

/* Exit codes (diginit-mkinitrd(8)). */
#define MK_EXIT_OK        0
#define MK_EXIT_FAIL      1
#define MK_EXIT_USAGE     2

/* One list file. */
struct mk_list {
	char *nvra;          /* NAME-VERSION-RELEASE.ARCH from the signed region */
	char *name;          /* file name in etc/diglim/ (set by mk_set_name) */
	uint8_t *buf;        /* the list file bytes */
	size_t len;
};

struct mk_set {
	struct mk_list *v;
	size_t n, cap;
};

/* Options shared by the steps. */
struct mk_opts {
	const char *root;        /* --root */
	const char *dbpath;      /* --dbpath */
	char **defines;          /* --define "NAME VALUE", NULL-terminated */
	int allow_unsigned;
	int verbose;             /* -v count */
	int quiet;
	int force;               /* rewrite even when unchanged */
};

/* Counters for the summary line. */
struct mk_stats {
	unsigned seen;           /* headers read */
	unsigned written;        /* lists in the output */
	unsigned pubkeys;        /* gpg-pubkey entries skipped */
	unsigned nodigests;      /* packages without file digests, skipped */
	unsigned unsigned_;      /* packages without a signature (skipped unless allowed) */
	unsigned weak;           /* MD5/SHA-1 file digests (the shim rejects them) */
	unsigned bad;            /* headers rejected by rpmhdr or unusable */
};

/* util.c (only CLIs print; these are the CLI's helpers) */
extern const char *mk_prog;
extern int mk_verbose, mk_quiet;
void mk_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void mk_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void mk_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void mk_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *mk_xmalloc(size_t n);
void *mk_xrealloc(void *p, size_t n);
char *mk_xstrdup(const char *s);
char *mk_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* set handling (names.c) */
void mk_set_add(struct mk_set *s, char *nvra, uint8_t *buf, size_t len);
void mk_set_free(struct mk_set *s);
/* Sort by NVRA (bytewise), ties by list bytes; then name each
 * "%05u-file_list-rpm-<NVRA>" with its position (0-based). Returns 0, -E2BIG (more
 * than MK_SEQ_MAX + 1 lists) or -ENAMETOOLONG (a name breaks dg_name_ok; source.c
 * leaves such packages out first). */
int mk_set_name(struct mk_set *s);
/* The longest NVRA whose list name "<seq>-file_list-rpm-<NVRA>" keeps to DG_NAME_MAX. */
#define MK_NVRA_MAX (DG_NAME_MAX - MK_SEQ_WIDTH - (sizeof(MK_NAME_TAG) - 1))

/* listfile.c */
struct rh_ctx;
/*
 * Build the list file for a parsed header (package, db blob): signed string ‖ every
 * signature packet (268, 267, each decoded 278) ‖ module_signature ‖ marker.
 * *nsig receives the number of signature items used (0 = unsigned; then the list
 * still has the framing with sig_len 0). Returns 0, -EINVAL (bad base64: *why set),
 * -ENOMEM.
 */
int mk_list_build(const struct rh_ctx *ctx, uint8_t **out, size_t *out_len,
		  unsigned *nsig, int *why);

/* source.c */
struct mk_db;                /* an open rpmdb (librpm transaction set) */
/* What identifies the database's content without reading a header. */
struct mk_dbid {
	char cookie[MK_COOKIE_MAX + 1]; /* rpmdbCookie(): digest of the Name index keys and
					 * the header instance numbers under each, hex */
	uint64_t dev, ino;              /* the database file (rpmdbFStat) */
};
/* Open the rpmdb named by o (--root, --dbpath, -D) read-only. 0 or -errno (reported). */
int mk_db_open(const struct mk_opts *o, struct mk_db **out);
void mk_db_close(struct mk_db *db);
/* The database's identity now. 0, or -EIO when librpm cannot give it (not reported). */
int mk_db_id(struct mk_db *db, struct mk_dbid *id);
/*
 * Add the lists of every usable header to set. Returns 0 or -errno (the database could
 * not be read); headers rejected are counted in st->bad and reported, not fatal.
 * *consistent is set to 1 when the header instances read are exactly those the Name
 * index (which rpmdbCookie digests) lists after the read, i.e. the set describes the
 * database whose cookie mk_db_id gives now; 0 otherwise (index stale or missing, or a
 * transaction committed during the read).
 */
int mk_db_read(struct mk_db *db, const struct mk_opts *o, struct mk_set *set,
	       struct mk_stats *st, int *consistent);
/* Package files. Returns 0 or -EIO (a file could not be opened); rejected headers as
 * above. */
int mk_from_rpm_files(const struct mk_opts *o, char **files, size_t nfiles,
		      struct mk_set *set, struct mk_stats *st);

/* image.c */
struct mk_buf {
	uint8_t *p;
	size_t len, cap;
};
/* The deterministic newc cpio of a named set into *out. mtime from
 * SOURCE_DATE_EPOCH (0 when unset). Returns 0 or -EIO (libarchive said why; logged). */
int mk_image_build(const struct mk_set *s, struct mk_buf *out);
/* The mtime mk_image_build gives every entry (SOURCE_DATE_EPOCH, else 0). */
long long mk_image_mtime(void);
/* What a boot path measures for an image file (--predict; diginit-mkinitrd(8)):
 * file        SHA-256 of the file's bytes (GRUB: PCR 9)
 * stub, stub_global  SHA-256 of the newc archive systemd-stub builds around the file
 *             when it is the only *.cred of UKI.efi.extra.d/ (".extra/credentials"),
 *             of loader/credentials/ (".extra/global_credentials"): PCR 12. */
struct mk_image_sums {
	uint8_t file[32], stub[32], stub_global[32];
};
/* Read an image with the shim's reader (dg_image_open: the whole image is checked
 * first): every list (name, bytes; nvra NULL) into set, in image order (= name
 * order); sums, if not NULL, receives what the boot paths measure of it.
 * Returns 0, -EINVAL (rejected: reported with the entry, reason and offset), -errno
 * (reported). */
int mk_image_read(const char *path, struct mk_set *set, struct mk_image_sums *sums);

/* output.c */
struct stat;
/* Write bytes to path atomically under path.lock, unless the file already holds
 * exactly these bytes (then *unchanged = 1 and nothing is touched). If sb is not NULL
 * it receives the lstat(2) of the file now at path when that is provably the file
 * written or compared (same device and inode, unchanged while compared); else its
 * st_mode is 0. */
int mk_output_image(const char *path, const struct mk_buf *img, int force, int *unchanged,
		    struct stat *sb);
/* Write a small file atomically (temporary file, fsync, rename, directory fsync). */
int mk_output_file(const char *path, const uint8_t *p, size_t n);
/* Replace the list files in dir with the set (stale "*-file_list-*" files removed). */
int mk_output_dir(const char *dir, const struct mk_set *s);
/* Take the lock for an output path (path + ".lock"); returns an fd or -errno. */
int mk_lock(const char *path);

/* stamp.c: IMAGE.stamp says "IMAGE is what a build from this rpmdb state with these
 * options writes". The key covers everything that shapes the image bytes. */
struct mk_stamp_key {
	char opts[65];            /* SHA-256 hex of the options, versions and db file */
	char cookie[MK_COOKIE_MAX + 1];
};
/* 0, or -EIO (cookie unusable: not hex, empty). */
int mk_stamp_key(const struct mk_opts *o, const struct mk_dbid *id, struct mk_stamp_key *k);
/* 1 when IMAGE.stamp matches k and the image at path (then *st gets the summary counts
 * recorded with it), else 0 and *why says why not (static text). */
int mk_stamp_check(const char *path, const struct mk_stamp_key *k, struct mk_stats *st,
		   const char **why);
/* Record k, the image's identity sb (lstat after writing) and the counts. 0 or -errno. */
int mk_stamp_write(const char *path, const struct mk_stamp_key *k, const struct stat *sb,
		   const struct mk_stats *st);
/* Remove IMAGE.stamp (absent is fine). 0 or -errno (reported). */
int mk_stamp_remove(const char *path);

/* inspect.c */
int mk_cmd_list(const char *img);
int mk_cmd_verify(const char *img, char **keyfiles, size_t nkeys);
/* A list's name in the kernel's digest_lists_loaded/: "sha256-" 64 hex '-' label, the
 * label cut so that the name plus ".ascii" fits NAME_MAX (255): 255 - 6 - 64 - 2 - 6. */
#define MK_LABEL_MAX 177
#define MK_LIST_NAME_MAX (7 + 64 + 1 + MK_LABEL_MAX + 1)
int mk_cmd_predict(const char *img, char **keyfiles, size_t nkeys);

#endif /* DIGINIT_MKINITRD_MK_H */
