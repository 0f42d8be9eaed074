/* SPDX-License-Identifier: MIT */
/*
 * init/compact.h — verify one DIGLIM list file and turn it into the compact list the
 * kernel takes: the public contract, shared by the shim (diginit) and the host
 * generator (diginit-mkinitrd --predict / --verify), so that both compute exactly the
 * bytes the kernel measures.
 *
 * Rules: input is caller-owned (const uint8_t *, size_t), e.g. the mmap of a list file;
 * output goes into a caller buffer; nothing is allocated; library code never prints.
 * Functions return 0 or a negative errno and record the reason (enum dg_err, dg_strerror)
 * and the byte offset in the list file in struct dg_list.
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
 *   - Nothing of the header is used before its signature verified (dg_list_check).
 */
#ifndef DIGINIT_COMPACT_H
#define DIGINIT_COMPACT_H

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
/* kernel: bytes per digest_list_label write; the shim writes the name and a NUL */
#define DG_LABEL_MAX   255u
#define DG_SIG_RESULTS 16u /* signature results recorded per list */

/* The kernel's enum hash_algo (include/uapi/linux/hash_info.h). */
enum dg_kernel_algo {
	DG_HASH_SHA256 = 4,
	DG_HASH_SHA384 = 5,
	DG_HASH_SHA512 = 6,
	DG_HASH_SHA224 = 7,
};

/* Why a list was rejected (dg_list.err; text: dg_strerror). */
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
	/* set by the shim, not by this library */
	DG_E_OPEN,	  /* the list file cannot be opened / read (detail: errno) */
	DG_E_NOT_REGULAR, /* not a regular file */
	DG_E_FILE_SIZE,	  /* empty, or larger than the configured maximum */
	DG_E_LABEL,	  /* file name not usable as a label (length, characters) */
	DG_E_UPLOAD,	  /* the kernel refused the list (detail: errno) */
	DG_E_SEALED,	  /* the table is sealed (EPERM) */
	DG_E_NOMEM,	  /* no memory for the compact list */
	DG_E__COUNT
};

/* Text for a dg_err value ("unknown error" for others). Never NULL. */
const char *dg_strerror(int err);

/* One list: the outcome of dg_list_check / dg_list_verify. Zeroed by them. */
struct dg_list {
	int err;		   /* enum dg_err */
	int detail;		   /* rh_err, pgp_reason or pgp_status (see enum dg_err) */
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
 * dg_list_check — parse a list file (rh_parse_list), verify its signature packets
 * against kr over the signed string (pgp_blob_verify: the verdict must be
 * PGP_AUTHENTIC), read the NEVRA and count the digests (compact plan).
 * ctx receives the parsed header; it refers to buf, which must stay unchanged while
 * ctx is used. On success out->compact_len is the exact size dg_compact_build needs.
 * Returns 0, -EINVAL (malformed), -EKEYREJECTED (not signed / rejected),
 * -EOPNOTSUPP (weak or unknown digest algorithm), -EFBIG (too large), -EFAULT.
 */
int dg_list_check(const uint8_t *buf, size_t len, const struct pgp_keyring *kr, struct rh_ctx *ctx,
		  struct dg_list *out);

/*
 * dg_compact_plan — count the digests of a parsed header and size its compact list
 * (sets rpm_algo, kernel_algo, digest_len, ndigests, nimmutable, compact_len; on
 * failure err). dg_list_check calls it after the signature verified; exposed for a
 * caller that only needs the plan of a header it already trusts.
 * Returns 0, -EOPNOTSUPP (DG_E_WEAK_DIGEST, DG_E_DIGEST_ALGO), -EFBIG, -EINVAL.
 */
int dg_compact_plan(const struct rh_ctx *ctx, struct dg_list *l);

/*
 * dg_compact_build — write the compact list of a checked header (dg_list_check
 * returned 0 for ctx and l) into out[0..cap). *len receives l->compact_len.
 * Returns 0, -ENOSPC (cap < l->compact_len; nothing usable written), -EINVAL.
 */
int dg_compact_build(const struct rh_ctx *ctx, const struct dg_list *l, uint8_t *out, size_t cap,
		     size_t *len);

/*
 * dg_list_verify — dg_list_check then dg_compact_build into out[0..cap): the one
 * function a caller with a big enough buffer needs ("verify one list file").
 * Returns as those two; on -ENOSPC out->err is DG_E_NOSPC and out->compact_len says
 * how much is needed.
 */
int dg_list_verify(const uint8_t *buf, size_t len, const struct pgp_keyring *kr, uint8_t *out,
		   size_t cap, size_t *out_len, struct dg_list *res);

/* "name-[epoch:]version-release.arch" into out[0..cap), truncated, NUL-terminated. */
void dg_nevra_format(const struct rh_nevra *n, char *out, size_t cap);

#endif /* DIGINIT_COMPACT_H */
