/* SPDX-License-Identifier: MIT */
/*
 * diglist/diglist.h — digest lists: the one library the shim (init/, diginit) and the
 * host generator (mkinitrd/, diginit-mkinitrd --predict / --verify) share, so that both
 * accept the same lists and compute exactly the bytes the kernel measures:
 *   compact.c  plan and build the compact list of a checked header
 *   check.c    check one DIGLIM list file (parse, signature, plan) and build it
 *   reason.c   reason codes, their text, the one "reason (detail) at offset" format
 *   name.c     the list-name rule (a name the shim can use as the kernel label), NEVRA
 *   keyfile.c  a keyring: the compiled-in trusted keys plus the keys of --key files
 *   image.c    the digest-list image: a strict, allocation-free newc cpio reader
 *   file.c     reading one input file whole (list, image, --key file)
 *
 * Error convention (STYLE.md): functions return 0 or a negative errno. The list
 * functions also record why (enum dg_err, dg_strerror), a detail code and the byte
 * offset in the list file in struct dg_outcome. Input is caller-owned
 * (const uint8_t *, size_t), e.g. the bytes of a list file; output goes into caller
 * buffers; nothing is allocated; library code never prints.
 *
 * ---------------------------------------------------------------------------------
 * Compact list (DESIGN.md section 5), as built here for one package:
 *
 *     +---------------------------+---------------------------+
 *     | block A: IMMUTABLE digests| block B: other digests    |
 *     +---------------------------+---------------------------+
 *   block = 16-byte header, little-endian, then count digests back to back:
 *       0       1        2        4           6       8        12        16
 *     +-------+--------+--------+-----------+-------+--------+---------+
 *     | ver 1 | res 0  | type 1 | modifiers | algo  | count  | datalen |
 *     | u8    | u8     | le16   | le16      | le16  | le32   | le32    |
 *     +-------+--------+--------+-----------+-------+--------+---------+
 *   type 1 = FILE; modifiers: block A 0x0001 (IMMUTABLE), block B 0; algo = the kernel's
 *   enum hash_algo (below); datalen = count * digest size.
 *
 * Decisions (the generator and the shim must agree on every one):
 *   - Block order: IMMUTABLE block first, then the block without modifier.
 *   - An empty block is omitted. A package with no digest at all gives a compact list
 *     of 0 bytes: nothing is uploaded, and the list counts as accepted with 0 digests.
 *   - Digest order inside a block = file order in the header (FILEDIGESTS index order).
 *   - Files whose digest is "" (directories, symlinks, ghosts, ...) are skipped.
 *   - A file is IMMUTABLE when (mode & 0111) != 0, or (mode & 0222) == 0 and size > 0,
 *     or its path (dirname ‖ basename) starts with /lib/modules/, /usr/lib/modules/,
 *     /lib/firmware/ or /usr/lib/firmware/.
 *   - FILEDIGESTALGO MD5 (also: tag absent) or SHA-1 rejects the package
 *     (DG_E_WEAK_DIGEST) when it has at least one non-empty digest; a package without
 *     digests is accepted whatever the tag says (packages without files carry none).
 *   - Nothing of the header is used before its signature verified (dg_list_check_plan).
 */
#ifndef DIGINIT_DIGLIST_H
#define DIGINIT_DIGLIST_H

#include <stddef.h>
#include <stdint.h>

#include "pgp.h"
#include "rpmhdr.h"

/* ---- limits and constants (the only place they are defined) ---- */
#define DG_BLOCK_HDR_LEN   16u
#define DG_COMPACT_VERSION 1u
#define DG_TYPE_FILE	   1u
#define DG_MOD_IMMUTABLE   0x0001u
#define DG_COMPACT_MAX	   (64u * 1024u * 1024u - 1u) /* kernel: lists < 64 MiB */
#define DG_NAME_MAX	   254u /* bytes of a list name (the shim writes it and a NUL
				   as the kernel label: init/diginit.h DG_LABEL_MAX) */
#define DG_SIG_RESULTS	   16u			/* signature results recorded per list */
#define DG_KEYS_MAX	   128u			/* key records of a dg_keyring */
#define DG_KEYFILE_MAX	   (1024u * 1024u)	/* bytes of one --key file */
#define DG_REASON_MAX	   160u			/* a formatted reason, NUL included */
#define DG_NEVRA_MAX	   256u			/* a formatted NEVRA, NUL included */

/* The kernel's enum hash_algo (include/uapi/linux/hash_info.h). */
enum dg_kernel_algo {
	DG_HASH_SHA256 = 4,
	DG_HASH_SHA384 = 5,
	DG_HASH_SHA512 = 6,
	DG_HASH_SHA224 = 7,
};

/* Why a list was rejected (dg_outcome.err; text: dg_strerror). Codes from
 * DG_E_LIB_COUNT on belong to a user of this library (init/diginit.h). */
enum dg_err {
	DG_OK = 0,
	DG_E_ARG,	    /* NULL or impossible argument */
	DG_E_HEADER,	    /* list framing or header malformed (detail: enum rh_err) */
	DG_E_SIG_MALFORMED, /* signature packets cannot be parsed (detail: pgp_reason) */
	DG_E_NOT_SIGNED,    /* no signature by a trusted key */
	DG_E_SIG_REJECTED,  /* a signature names a trusted key and fails (detail: pgp_status) */
	DG_E_NEVRA,	    /* NAME, VERSION, RELEASE or ARCH missing */
	DG_E_WEAK_DIGEST,   /* file digests are MD5 or SHA-1 */
	DG_E_DIGEST_ALGO,   /* file digest algorithm without a kernel equivalent */
	DG_E_TOO_LARGE,	    /* the compact list would exceed DG_COMPACT_MAX */
	DG_E_NOSPC,	    /* caller buffer too small */
	DG_E_LIB_COUNT
};

/* Text for a dg_err value ("unknown error" for others). Never NULL. */
const char *dg_strerror(int err);

/* The outcome of checking one list (dg_list_check_plan, dg_list_check_build), which
 * zero it: why it failed, or its package and compact-list plan. */
struct dg_outcome {
	int err;		   /* enum dg_err */
	int detail;		   /* DG_E_HEADER: rh_err; DG_E_SIG_MALFORMED: pgp_reason;
				      DG_E_SIG_REJECTED: pgp_status; users' codes: errno */
	size_t off;		   /* byte offset in the list file */
	struct rh_nevra nevra;	   /* valid when err == DG_OK */
	unsigned rpm_algo;	   /* FILEDIGESTALGO (OpenPGP hash id) */
	uint16_t kernel_algo;	   /* enum dg_kernel_algo, 0 when there is no digest */
	size_t digest_len;	   /* bytes per digest */
	uint32_t ndigests;	   /* non-empty file digests */
	uint32_t nimmutable;	   /* of which IMMUTABLE */
	size_t compact_len;	   /* bytes of the compact list (0: nothing to upload) */
	const struct pgp_key *key; /* the trusted key whose signature verified */
};

/* OpenPGP hash id (8, 9, 10, 11) -> enum dg_kernel_algo; 0 for any other. */
uint16_t dg_kernel_algo(unsigned rpm_algo);

/* Kernel algo name ("sha256", ...) or "?". */
const char *dg_kernel_algo_name(uint16_t kalgo);

/* The IMMUTABLE rule above, for one file of the iterator. */
int dg_file_immutable(const struct rh_file *f);

/*
 * dg_list_check_plan — parse a list file (rh_parse_list), verify its signature packets
 * against kr over the signed string (pgp_blob_verify: the verdict must be
 * PGP_AUTHENTIC), read the NEVRA and count the digests (compact plan).
 * ctx receives the parsed header; it refers to buf, which must stay unchanged while
 * ctx is used. On success out->compact_len is the exact size dg_compact_build needs.
 * Returns 0, -EINVAL (malformed), -EKEYREJECTED (not signed / rejected),
 * -EOPNOTSUPP (weak or unknown digest algorithm), -EFBIG (too large), -EFAULT.
 */
int dg_list_check_plan(const uint8_t *buf, size_t len, const struct pgp_keyring *kr,
		       struct rh_ctx *ctx, struct dg_outcome *out);

/*
 * dg_compact_plan — count the digests of a parsed header and size its compact list
 * (sets rpm_algo, kernel_algo, digest_len, ndigests, nimmutable, compact_len; on
 * failure err). dg_list_check_plan calls it after the signature verified; exposed for a
 * caller that only needs the plan of a header it already trusts.
 * Returns 0, -EOPNOTSUPP (DG_E_WEAK_DIGEST, DG_E_DIGEST_ALGO), -EFBIG, -EINVAL.
 */
int dg_compact_plan(const struct rh_ctx *ctx, struct dg_outcome *l);

/*
 * dg_compact_build — write the compact list of a checked header (dg_list_check_plan
 * returned 0 for ctx and l) into out[0..cap). *len receives l->compact_len.
 * Returns 0, -ENOSPC (cap < l->compact_len; nothing usable written), -EINVAL.
 */
int dg_compact_build(const struct rh_ctx *ctx, const struct dg_outcome *l, uint8_t *out,
		     size_t cap, size_t *len);

/*
 * dg_list_check_build — dg_list_check_plan then dg_compact_build into out[0..cap): the
 * one function a caller with a big enough buffer needs ("check one list file and build
 * its compact list"). Returns as those two; on -ENOSPC res->err is DG_E_NOSPC and
 * res->compact_len says how much is needed.
 */
int dg_list_check_build(const uint8_t *buf, size_t len, const struct pgp_keyring *kr,
			uint8_t *out, size_t cap, size_t *out_len, struct dg_outcome *res);

/* ---- reason.c: the text of a rejection ---- */

/* The one reason format: "what (detail) at off", or "what at off" when detail is NULL,
 * into out[0..cap), truncated, NUL-terminated. */
void dg_reason_print(char *out, size_t cap, const char *what, const char *detail, size_t off);

/* The reason of a library outcome (err < DG_E_LIB_COUNT): dg_strerror(err) with the
 * detail of DG_E_HEADER (rh_strerror), DG_E_SIG_MALFORMED (pgp_reason_str) and
 * DG_E_SIG_REJECTED (pgp_strerror), through dg_reason_print. */
void dg_reason_format(const struct dg_outcome *l, char *out, size_t cap);

/* ---- name.c: names ---- */

/*
 * dg_name_ok — the list-name rule: name is usable as the kernel label of its list:
 * 1..DG_NAME_MAX bytes, each graphic ASCII (0x21..0x7e: no blank, control or non-ASCII
 * byte). The shim refuses a list whose file name breaks it (init), and the generator
 * never writes such a name (mkinitrd). Returns 1 or 0.
 */
int dg_name_ok(const char *name);

/* A part of a list name (a NEVRA field): non-empty, graphic ASCII, no '/'. 1 or 0. */
int dg_name_part_ok(const char *part);

/* "name-[epoch:]version-release.arch" into out[0..cap), truncated, NUL-terminated. */
void dg_nevra_format(const struct rh_nevra *n, char *out, size_t cap);

/* ---- file.c: one input file, read whole ---- */

#define DG_FILE_NOFOLLOW 1 /* a symbolic link is refused too */
#define DG_FILE_EMPTY_OK 2 /* an empty file is accepted (size 0) */

/*
 * dg_file_open — open path (relative to dirfd, or AT_FDCWD) for reading if it is a
 * regular file of 1..max bytes (0..max with DG_FILE_EMPTY_OK); flags: DG_FILE_*.
 * Returns the descriptor (>= 0, *size its size) or -errno: -EINVAL not a regular file
 * (or a link with DG_FILE_NOFOLLOW), -EFBIG empty or larger than max, else open/fstat's.
 */
int dg_file_open(int dirfd, const char *path, unsigned flags, size_t max, size_t *size);

/* dg_file_read — exactly n bytes from fd into buf: 0, or -errno (-EIO: the file is
   shorter now than it was). */
int dg_file_read(int fd, uint8_t *buf, size_t n);

/* ---- keyfile.c: the keyring of a run with --key files (host tools, CLI) ---- */

/* The compiled-in trusted keys followed by the keys of each file added. */
struct dg_keyring {
	struct pgp_key keys[DG_KEYS_MAX];
	struct pgp_keyring ring; /* {keys, n}: what verification takes */
	uint8_t file[DG_KEYFILE_MAX];
	uint8_t scratch[DG_KEYFILE_MAX];
};

/* Start k with pgp_trusted_keyring. Returns 0, or -E2BIG (more than DG_KEYS_MAX
 * trusted keys; k then holds none). */
int dg_keyring_init(struct dg_keyring *k);

/*
 * dg_keyring_add_file — add the keys of one key file (ASCII armour or binary,
 * pgp_keys_parse) to k: a regular file of 1..DG_KEYFILE_MAX bytes, read whole (a
 * failed or short read fails). Records refer to their primary by index: the indices are
 * shifted to k's array. Nothing is added on failure.
 * Returns 0, -errno (open, read; -EIO: the file shrank), -EINVAL (not a regular file),
 * -EFBIG (empty, or larger than DG_KEYFILE_MAX), -ENOSPC (more than DG_KEYS_MAX keys in all), or pgp_keys_parse's error with *err set
 * (reason, byte offset in the file).
 */
int dg_keyring_add_file(struct dg_keyring *k, const char *path, struct pgp_err *err);

/* ---- image.c: the digest-list image (strict newc reader) ----
 *
 * The image is written by diginit-mkinitrd (mkinitrd/image.c) and read by the shim and
 * by diginit-mkinitrd --list/--verify/--predict with this one reader. It is not signed
 * (only the lists in it are) and whoever can write /boot controls it, so it is data
 * only: this reader accepts exactly the bytes the generator writes, and nothing else.
 *
 * newc entry (all offsets from the entry's start, which is 4-byte aligned):
 *
 *      0        6        14       22     ...       102      110
 *     +--------+--------+--------+-----     -----+--------+------------------+
 *     | 070701 | ino    | mode   | 11 more fields | check  | name (namesize)  |
 *     +--------+--------+--------+-----     -----+--------+------------------+
 *   13 fields of 8 hex digits (lowercase, as the generator writes them), in order:
 *   ino mode uid gid nlink mtime filesize devmajor devminor rdevmajor rdevminor
 *   namesize check. name: namesize bytes, the last one NUL, no NUL before it; then
 *   zero bytes to a multiple of 4 from the entry's start; then filesize bytes of data
 *   and zero bytes to a multiple of 4.
 *
 * Accepted image (index i from 0; every entry: uid, gid, dev, rdev, check 0,
 * ino = i + 1, the mtime of entry 0):
 *     0  "etc"                 mode 040755,  nlink 2, filesize 0
 *     1  "etc/diglim"          mode 040755,  nlink 2, filesize 0
 *     2.. "etc/diglim/NAME"    mode 0100644, nlink 1, filesize >= 1, NAME passing
 *                              dg_name_ok, not starting with '.', no '/', NAMEs in
 *                              strictly increasing strcmp order
 *     "TRAILER!!!"             every field 0 but nlink 1 and namesize 11
 *     then only zero bytes (any number) to the end of the input.
 * Anything else rejects the whole image: links, devices, FIFOs, sockets, hard links
 * (nlink), other modes or owners, names outside etc/diglim/, "..", absolute names,
 * duplicate or unordered names, sizes past the end, a second archive or any non-zero
 * byte after the trailer, a compressed image (reported as such), other cpio formats.
 * Checks run in this order per entry, so one input has one reason: magic, the hex
 * fields, namesize, name, name padding; (trailer); type, mode, owner, nlink, dev,
 * ino, mtime, check, filesize; place (DIR), PATH, NAME, DUP/ORDER; data, data padding.
 */
#define DG_IMG_MAGIC	  "070701"
#define DG_IMG_MAGIC_LEN  6u
#define DG_IMG_HDR_LEN	  110u			/* magic + 13 fields of 8 hex digits */
#define DG_IMG_ALIGN	  4u
#define DG_IMG_DIR	  "etc/diglim"		/* the lists' directory in the image */
#define DG_IMG_PREFIX_LEN (sizeof(DG_IMG_DIR "/") - 1u)
#define DG_IMG_PATH_MAX	  (DG_IMG_PREFIX_LEN + DG_NAME_MAX) /* longest entry name */
#define DG_IMG_TRAILER	  "TRAILER!!!"
#define DG_IMG_MODE_DIR	  040755u
#define DG_IMG_MODE_FILE  0100644u
#define DG_IMG_MAX	  (1024u * 1024u * 1024u) /* the tools read no larger image */

/* Why an image was rejected (dg_image_err.err; text: dg_image_strerror). */
enum dg_img_err {
	DG_IMG_OK = 0,
	DG_IMG_E_ARG,		/* NULL argument */
	DG_IMG_E_COMPRESSED,	/* a compressed stream (gzip, xz, zstd, bzip2, lz4, lzma,
				   lzo) where an entry should start */
	DG_IMG_E_MAGIC,		/* entry does not start with "070701" */
	DG_IMG_E_TRUNC,		/* input ends inside an entry (header, name, data,
				   padding): truncated, or a size past the end */
	DG_IMG_E_HEX,		/* a header field is not 8 lowercase hex digits */
	DG_IMG_E_NAMESIZE,	/* namesize 0 or > DG_IMG_PATH_MAX + 1, or the name's NUL
				   is not its last byte */
	DG_IMG_E_PADDING,	/* a padding byte after a name or data is not zero */
	DG_IMG_E_TRAILER,	/* TRAILER!!! with fields the generator does not write */
	DG_IMG_E_TYPE,		/* neither directory nor regular file (symlink, device,
				   FIFO, socket) */
	DG_IMG_E_MODE,		/* permissions not 0755 (directory) / 0644 (file) */
	DG_IMG_E_OWNER,		/* uid or gid not 0 */
	DG_IMG_E_NLINK,		/* nlink not 2 (directory) / 1 (file): a hard link */
	DG_IMG_E_DEV,		/* devmajor, devminor, rdevmajor or rdevminor not 0 */
	DG_IMG_E_INO,		/* inode number not the entry's position + 1 */
	DG_IMG_E_MTIME,		/* mtime not the first entry's */
	DG_IMG_E_CHECK,		/* check field not 0 */
	DG_IMG_E_SIZE,		/* a directory with data, or an empty list file */
	DG_IMG_E_DIR,		/* not etc, etc/diglim first, or a directory elsewhere */
	DG_IMG_E_PATH,		/* a file outside etc/diglim/: other directory, absolute,
				   "..", a subdirectory, a name starting with '.' */
	DG_IMG_E_NAME,		/* list name fails dg_name_ok */
	DG_IMG_E_DUP,		/* list name equal to the previous one */
	DG_IMG_E_ORDER,		/* list name sorts before the previous one */
	DG_IMG_E_NO_TRAILER,	/* input ends after a whole entry, before the trailer */
	DG_IMG_E_AFTER_TRAILER, /* a non-zero byte after the trailer (another archive,
				   garbage) */
	DG_IMG_E__COUNT
};

/* Why, where, and which entry: filled by dg_image_open on failure. */
struct dg_image_err {
	int err;			  /* enum dg_img_err */
	size_t off;			  /* byte offset in the image of the bad byte/field */
	char name[DG_IMG_PATH_MAX + 1];	  /* the entry's name, "" when it has none (yet);
					     bytes outside 0x21..0x7e shown as '?' */
};

/* An iterator over a validated image (dg_image_open). Opaque: use the functions. */
struct dg_image {
	const uint8_t *buf;
	size_t len;
	size_t off;	  /* next entry's header */
	uint32_t index;	  /* next entry's position */
	uint32_t mtime;	  /* entry 0's */
	const char *prev; /* the previous list name (in buf), NULL before the first */
	uint32_t nlists;  /* list files in the image */
	int valid;	  /* dg_image_open returned 0 */
};

/* One list file of the image. Pointers into the caller's buffer. */
struct dg_image_list {
	const char *name;    /* NAME of etc/diglim/NAME, NUL-terminated inside the buffer */
	const uint8_t *data; /* the file's bytes */
	size_t size;	     /* >= 1 */
	size_t off;	     /* offset of the entry's header in the image */
};

/*
 * dg_image_open — validate the whole image buf[0..len) (rules above) and start an
 * iterator over its list files. Nothing is handed out before every byte is checked:
 * when this returns non-zero no list of the image may be used. buf must stay alive
 * and unchanged while it is used (read the file into private memory first).
 * On success it->nlists is the number of list files.
 * Returns 0, -EINVAL (rejected: err says why, where, which entry), -EFAULT (NULL
 * argument; err, if not NULL, says DG_IMG_E_ARG).
 */
int dg_image_open(const uint8_t *buf, size_t len, struct dg_image *it,
		  struct dg_image_err *err);

/*
 * dg_image_next — the next list file, in image order (= name order). Returns 1 (*l
 * set), 0 (no more), -EINVAL (it was not opened successfully).
 */
int dg_image_next(struct dg_image *it, struct dg_image_list *l);

/* Text for a dg_img_err value ("unknown error" for others). Never NULL. */
const char *dg_image_strerror(int err);

/* "entry NAME: reason at OFF" ("reason at OFF" without a name) into out[0..cap). */
void dg_image_reason(const struct dg_image_err *e, char *out, size_t cap);

/* 1 when buf starts like a compressed stream the kernel could unpack, else 0. */
int dg_image_compressed(const uint8_t *buf, size_t len);

#endif /* DIGINIT_DIGLIST_H */
