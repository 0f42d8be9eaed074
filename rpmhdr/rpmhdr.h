/* SPDX-License-Identifier: MIT */
/*
 * rpmhdr/rpmhdr.h — a strict, allocation-free RPM header parser: the public contract.
 *
 * One job: take attacker-controlled bytes that claim to be an RPM header, check them at
 * least as strictly as rpm itself does, and then hand out (1) the exact byte string an
 * RPM header signature covers, (2) the signature packets that came with it, and (3)
 * package values (name, file digests, ...) read ONLY from the signed immutable region.
 *
 * Rules every function follows:
 *   - input is caller-owned (const uint8_t *, size_t) and must stay alive and unchanged
 *     while a context that refers to it is used; nothing is copied, nothing allocated
 *     (no malloc anywhere in rpmhdr/), no recursion, stack use is bounded (< 2 KiB);
 *   - fallible functions return 0 or a negative errno value:
 *       -EINVAL  malformed input (the context says why: rh_ctx.err, rh_ctx.off),
 *       -ENOENT  a tag asked for is not in the region,
 *       -ENOSPC  a caller buffer is too small,
 *       -EFAULT  a NULL argument where one is required;
 *   - library code never prints.
 *
 * ---------------------------------------------------------------------------------
 * Byte layouts (all integers big-endian)
 *
 * Header blob ("hdrblob"), as rpm stores it in an rpmdb, and after the magic in files:
 *
 *      0        4        8                   8+16*il              8+16*il+dl
 *     +--------+--------+-------------------+--------------------+
 *     | il     | dl     | index: il entries | data: dl bytes     |
 *     +--------+--------+-------------------+--------------------+
 *   index entry (16 bytes): { u32 tag, u32 type, s32 offset, u32 count }
 *   entry 0 is the region tag: tag 63 (HEADERIMMUTABLE; 62 HEADERSIGNATURES in a
 *   signature header), type 7 (BIN), count 16, offset = rdl - 16, pointing at the
 *   16-byte trailer { 63, 7, -(16 * ril), 16 } in the data. Entries 0..ril-1 and
 *   data 0..rdl-1 are the immutable region; entries ril..il-1 are "dribbles" whose data
 *   sits at rdl..dl-1 (rpmdb only).
 *
 * Signed byte string of a header (rpm's hdrblobDigestUpdate):
 *     magic(8) ‖ be32 ril ‖ be32 rdl ‖ index[0..ril) ‖ data[0..rdl)
 *   magic = 8e ad e8 01 00 00 00 00.
 *
 * (a) DIGLIM list file (DESIGN.md section 4):
 *     magic ‖ be32 ril ‖ be32 rdl ‖ index ‖ data     (exactly the signed string; il == ril)
 *     ‖ sig packets (n bytes, n >= 1)
 *     ‖ module_signature (12 bytes: algo 0, hash 0, id_type 0 (PGP), signer_len 0,
 *                         key_id_len 0, pad[3] 0, be32 sig_len = n)
 *     ‖ "~Module signature appended~\n" (28 bytes)
 * (b) package file:
 *     lead (96 bytes: magic ed ab ee db, major 3 or 4, ..., signature_type 5)
 *     ‖ signature header (magic ‖ hdrblob, region tag 62, at most 32 entries and
 *       64 MiB of data; entries outside its region are allowed) ‖ zero padding to a
 *       multiple of 8 (counted from the start of the signature header's magic)
 *     ‖ main header (magic ‖ hdrblob, region tag 63, il == ril and dl == rdl)
 *     ‖ payload (not read)
 * (c) rpmdb blob: hdrblob with no magic; region tag 63; dribbles may follow the region.
 *
 * ---------------------------------------------------------------------------------
 * Checks (all shapes, every header): those of rpm's hdrblobVerifyLengths,
 * hdrblobInit, hdrblobVerifyRegion, hdrblobVerifyInfo and regionSwab (lib/header.cc):
 *   il <= 0xffff (32 in a signature header), dl <= 0x0fffffff (64 MiB in a signature
 *   header), 8 + 16*il + dl < 256 MiB and == the bytes present; il >= 1; entry 0 is
 *   the expected region tag with type BIN, count 16; its trailer lies inside the data
 *   and is { region tag, BIN, -(16*ril), 16 } with ril <= il, rdl <= dl; for every
 *   other entry: 100 <= tag <= 0x7fffffff, type 0..9 and a known tag's type matches rpm's tag table
 *   (main headers; string types are interchangeable), 1 <= count <= dl, count <=
 *   0xfffff unless BIN, offset aligned for the type and <= dl, the data fits, is not
 *   empty, STRING has count 1, every string is NUL-terminated inside the data, data
 *   does not overlap the previous entry's or the region trailer, and the sum of the
 *   data lengths with alignment padding is exactly rdl - 16 (region) and dl (all).
 * Stricter than rpm:
 *   - a header without a region (rpm's "legacy" v3 headers) is rejected;
 *   - every entry's data starts exactly where alignment puts it after the previous
 *     entry (no holes) and alignment padding bytes are zero;
 *   - region entries lie before the trailer, dribbles after it;
 *   - no tag appears twice in the region, nor twice among the dribbles (a dribble MAY
 *     repeat a region tag: rpm lets it shadow the region value; we ignore dribbles);
 *   - index entries need not be sorted by tag (rpm 4.9/4.10 wrote such headers),
 *     except when the region has RPMFORMAT (5114) = 6 (rpm v6 format): then region
 *     tags must be strictly increasing; RPMFORMAT must be INT32 4 or 6 if present;
 *   - in the main header, the file table is checked as a whole before parse returns:
 *     see rh_files_begin.
 * A context is only usable when the parse function returned 0; on failure nothing in
 * it but err/off may be used.
 */
#ifndef DIGINIT_RPMHDR_H
#define DIGINIT_RPMHDR_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"

/* ---- limits (the only place they are defined) ---- */
#define RH_MAGIC_LEN        8u
#define RH_ENTRY_LEN        16u          /* one index entry; also the region trailer */
#define RH_INTRO_LEN        8u           /* be32 il ‖ be32 dl */
#define RH_PREFIX_LEN       (RH_MAGIC_LEN + RH_INTRO_LEN)  /* magic ‖ ril ‖ rdl */
#define RH_TAGS_MAX         0x0000ffffu  /* rpm HEADER_TAGS_MAX: entries in a header */
#define RH_DATA_MAX         0x0fffffffu  /* rpm HEADER_DATA_MAX: data bytes, counts */
#define RH_ARRAY_MAX        0x000fffffu  /* rpm HEADER_ARRAY_MAX: array elements */
#define RH_BYTES_MAX        (256u * 1024u * 1024u) /* rpm headerMaxbytes: whole hdrblob */
#define RH_TAG_MAX          0x7fffffffu  /* rpm's tags are int32: larger ones are negative */
#define RH_SIG_TAGS_MAX     32u          /* signature header: entries */
#define RH_SIG_DATA_MAX     (64u * 1024u * 1024u)  /* signature header: data bytes */
#define RH_LEAD_LEN         96u          /* package lead */
#define RH_MODSIG_LEN       12u          /* struct module_signature */
#define RH_MARKER           "~Module signature appended~\n"
#define RH_MARKER_LEN       28u
#define RH_MAX_SPANS        3u           /* pieces of the signed byte string */
#define RH_MAX_DIGEST       64u          /* SHA-512 */
#define RH_DUP_BITMAP_TAGS  8192u        /* tags below this are checked for duplicates
					    with a bitmap on the stack (1 KiB) ... */
#define RH_DUP_HIGH_MAX     128u         /* ... tags at or above it: at most this many
					    per header when the index is unsorted */

/* ---- tags and types (rpm's numbers) ---- */
enum rh_tag_id {
	RH_TAG_HEADERIMAGE      = 61,
	RH_TAG_HEADERSIGNATURES = 62,
	RH_TAG_HEADERIMMUTABLE  = 63,
	RH_TAG_I18NTABLE        = 100,
	RH_TAG_DSAHEADER        = 267,  /* BIN: one OpenPGP signature (DSA/ECDSA/EdDSA) */
	RH_TAG_RSAHEADER        = 268,  /* BIN: one OpenPGP signature (RSA) */
	RH_TAG_OPENPGP          = 278,  /* STRING_ARRAY: base64 OpenPGP signatures */
	RH_TAG_NAME             = 1000,
	RH_TAG_VERSION          = 1001,
	RH_TAG_RELEASE          = 1002,
	RH_TAG_EPOCH            = 1003,
	RH_TAG_FILESIZES        = 1028,
	RH_TAG_FILEMODES        = 1030,
	RH_TAG_FILEDIGESTS      = 1035, /* a.k.a. FILEMD5S */
	RH_TAG_FILEFLAGS        = 1037,
	RH_TAG_ARCH             = 1022,
	RH_TAG_DIRINDEXES       = 1116,
	RH_TAG_BASENAMES        = 1117,
	RH_TAG_DIRNAMES         = 1118,
	RH_TAG_FILEDIGESTALGO   = 5011,
	RH_TAG_LONGFILESIZES    = 5008,
	RH_TAG_RPMFORMAT        = 5114,
};

enum rh_type {
	RH_TYPE_NULL = 0, RH_TYPE_CHAR = 1, RH_TYPE_INT8 = 2, RH_TYPE_INT16 = 3,
	RH_TYPE_INT32 = 4, RH_TYPE_INT64 = 5, RH_TYPE_STRING = 6, RH_TYPE_BIN = 7,
	RH_TYPE_STRING_ARRAY = 8, RH_TYPE_I18NSTRING = 9,
};

/* FILEDIGESTALGO values: OpenPGP hash ids (common/common.h); digest sizes: rh_digest_len.
 * Any other value is rejected (RH_E_DIGEST_ALGO). */
enum rh_digest_algo {
	RH_DIGEST_MD5 = HASHID_MD5, RH_DIGEST_SHA1 = HASHID_SHA1,
	RH_DIGEST_SHA256 = HASHID_SHA256, RH_DIGEST_SHA384 = HASHID_SHA384,
	RH_DIGEST_SHA512 = HASHID_SHA512, RH_DIGEST_SHA224 = HASHID_SHA224,
};

/* ---- why a parse failed (rh_ctx.err; text: rh_strerror) ---- */
enum rh_err {
	RH_OK = 0,
	RH_E_ARG,            /* NULL or impossible argument */
	RH_E_TRUNC,          /* input ends before a structure it announces */
	RH_E_MAGIC,          /* header magic is not 8e ad e8 01 00 00 00 00 */
	RH_E_LEAD,           /* package lead: bad magic, version or signature type */
	RH_E_TAGS_MAX,       /* il out of range (hdrblobVerifyLengths) */
	RH_E_DATA_MAX,       /* dl out of range (hdrblobVerifyLengths) */
	RH_E_SIZE,           /* 8+16*il+dl >= 256 MiB, or not the length present */
	RH_E_NO_REGION,      /* entry 0 is not the region tag (region-less header) */
	RH_E_REGION_TAG,     /* region tag: type not BIN or count not 16 */
	RH_E_REGION_OFFSET,  /* region trailer not inside the data */
	RH_E_TRAILER,        /* trailer is not { region tag, BIN, -16*ril, 16 } */
	RH_E_REGION_SIZE,    /* ril/rdl: not a multiple of 16, ril > il, rdl > dl, ril < 1 */
	RH_E_REGION_EXACT,   /* entries or data outside the region where none may be */
	RH_E_TAG,            /* tag < 100 or > 0x7fffffff in an ordinary entry */
	RH_E_TYPE,           /* type not 0..9 */
	RH_E_TAG_TYPE,       /* a known tag with another type than rpm's tag table */
	RH_E_COUNT,          /* count < 1, > dl, or STRING with count != 1 */
	RH_E_ARRAY,          /* count > 0xfffff for a non-BIN type */
	RH_E_ALIGN,          /* offset not aligned for the type */
	RH_E_OFFSET,         /* offset > dl, or data not where packing puts it */
	RH_E_OVERLAP,        /* data overlaps the previous entry's data */
	RH_E_DATA_LEN,       /* data does not fit, or is empty (NULL type) */
	RH_E_NUL,            /* a string is not NUL-terminated inside the data */
	RH_E_TRAILER_OVERLAP,/* region data overlaps the trailer, or a dribble is in it */
	RH_E_LENGTHS,        /* data lengths + padding do not add up to rdl-16 / dl */
	RH_E_PADDING,        /* a padding byte is not zero */
	RH_E_DUP,            /* a tag appears twice in the region (or in the dribbles) */
	RH_E_UNSORTED,       /* rpm v6 header whose region tags are not increasing */
	RH_E_FORMAT,         /* RPMFORMAT present but not INT32 4 or 6 */
	RH_E_DUP_LIMIT,      /* unsorted index with more than RH_DUP_HIGH_MAX tags >= 8192 */
	RH_E_SIG_PAD,        /* signature header padding missing or not zero */
	RH_E_MODSIG,         /* list file: module_signature fields not as specified */
	RH_E_MARKER,         /* list file: no "~Module signature appended~\n" at the end */
	RH_E_SIGLEN,         /* list file: sig_len 0 or not the bytes between */
	RH_E_TRAILING,       /* bytes after the header where none may be */
	RH_E_FILES,          /* file arrays: missing, wrong type or count != BASENAMES */
	RH_E_DIRINDEX,       /* a DIRINDEXES value >= count of DIRNAMES */
	RH_E_DIGEST,         /* a file digest is not empty and not lowercase hex of the
				algorithm's length */
	RH_E_DIGEST_ALGO,    /* FILEDIGESTALGO not INT32 count 1, or unknown value */
	RH_E_BASE64,         /* an OPENPGP (278) entry is not valid base64 */
	RH_E_NOSPC,          /* caller buffer too small (-ENOSPC; rh_sig_decode's err) */
	RH_E__COUNT
};

/* Text for an rh_err value ("unknown error" for others). Never NULL. */
const char *rh_strerror(int err);

/* A piece of the signed byte string: struct byte_span (common/common.h), the type
   keys/pgp.h calls struct pgp_span, so spans pass to pgp_blob_verify as they are. */
#define rh_span byte_span

enum rh_shape {
	RH_SHAPE_NONE = 0,
	RH_SHAPE_LIST,       /* (a) DIGLIM list file */
	RH_SHAPE_PACKAGE,    /* (b) package file */
	RH_SHAPE_DBBLOB,     /* (c) rpmdb blob */
	RH_SHAPE_SIGNED,     /* the signed string alone: magic ‖ hdrblob, il == ril */
};

/* One validated header. Read-only for callers. */
struct rh_hdr {
	const uint8_t *blob;     /* be32 il (magic, if any, is just before) */
	size_t blob_len;         /* 8 + 16*il + dl */
	const uint8_t *index;    /* blob + 8 */
	const uint8_t *data;     /* index + 16*il */
	uint32_t il, dl;         /* whole header */
	uint32_t ril, rdl;       /* immutable region (rdl includes the trailer) */
	uint32_t region_tag;     /* 62 or 63 */
	uint32_t format;         /* RPMFORMAT value in the region, 0 if absent */
	uint8_t sorted;          /* region tags strictly increasing */
};

/*
 * The parse context. Zeroed and filled by the rh_parse_* functions; read-only for
 * callers afterwards (use the functions below rather than the fields where one exists).
 */
struct rh_ctx {
	int err;                 /* enum rh_err of the failure (RH_OK on success) */
	size_t off;              /* byte offset in the input where it was detected */
	enum rh_shape shape;
	const uint8_t *in;       /* the input as given */
	size_t in_len;
	struct rh_hdr main;      /* the package header (region tag 63) */
	struct rh_hdr sig;       /* signature header (RH_SHAPE_PACKAGE only) */
	uint8_t has_sig_hdr;
	uint8_t prefix[RH_PREFIX_LEN]; /* magic ‖ be32 ril ‖ be32 rdl, rebuilt */
	struct rh_span spans[RH_MAX_SPANS]; /* the signed string: prefix ‖ index ‖ data */
	size_t nspans;
	size_t signed_len;       /* sum of spans[].len */
	const uint8_t *appended; /* list file: the signature packets (n bytes) */
	size_t appended_len;
	uint32_t nfiles;         /* count of BASENAMES in the region (0 if absent) */
	unsigned digest_algo;    /* FILEDIGESTALGO, 1 (MD5) if absent */
};

/*
 * Parse and check one input. All return 0 or -EINVAL (ctx->err, ctx->off say why;
 * -EFAULT for NULL ctx/buf). On success the whole structure has been checked (see
 * the top of this file) and the file table validated; accessors cannot meet
 * malformed data afterwards.
 *
 * rh_parse_list: (a). The signed string must be immediately followed by n >= 1 bytes of
 *   signature packets, the module_signature and the marker, and nothing else. The
 *   packets themselves are not parsed here (keys/ does that): see rh_sig_next.
 * rh_parse_package: (b). Only the lead, signature header, padding and main header are
 *   read; any bytes after the main header (the payload) are ignored.
 * rh_parse_dbblob: (c). The blob is exactly 8 + 16*il + dl bytes.
 * rh_parse_signed: magic ‖ hdrblob with no dribbles and nothing after it (what
 *   mkinitrd builds before appending signatures; also a test helper).
 */
int rh_parse_list(struct rh_ctx *ctx, const uint8_t *buf, size_t len);
int rh_parse_package(struct rh_ctx *ctx, const uint8_t *buf, size_t len);
int rh_parse_dbblob(struct rh_ctx *ctx, const uint8_t *buf, size_t len);
int rh_parse_signed(struct rh_ctx *ctx, const uint8_t *buf, size_t len);

/*
 * The signed byte string: *spans receives ctx->spans and *n the number of spans
 * (1..RH_MAX_SPANS); hash spans[0] ‖ spans[1] ‖ ... in order. For a list file, a
 * package and a signed string the spans cover the input bytes as they are; for an
 * rpmdb blob the prefix is rebuilt in ctx->prefix (so it lives as long as ctx) and the
 * other spans point into the blob. Returns 0, or -EINVAL for a context not parsed.
 */
int rh_signed_spans(const struct rh_ctx *ctx, const struct rh_span **spans, size_t *n);

/*
 * Write the signed string contiguously into out[0..cap). *out_len = ctx->signed_len.
 * Returns 0, -ENOSPC (nothing useful written) or -EINVAL (context not parsed).
 */
int rh_signed_copy(const struct rh_ctx *ctx, uint8_t *out, size_t cap, size_t *out_len);

/* ---- signatures that came with the header ---- */

enum rh_sig_enc {
	RH_SIG_RAW = 0,      /* p/len are binary OpenPGP packet bytes */
	RH_SIG_BASE64 = 1,   /* p/len are the base64 text of one OPENPGP entry (no NUL) */
};

struct rh_sig_item {
	uint32_t tag;        /* 267, 268, 278; 0 for a list file's appended packets */
	uint32_t index;      /* element number within tag 278, else 0 */
	enum rh_sig_enc enc;
	const uint8_t *p;
	size_t len;
};

struct rh_sig_iter {
	uint32_t step;       /* private */
	uint32_t elem;       /* private */
	size_t pos;          /* private */
};

/*
 * Iterate over the signatures found, in this order: the list file's appended packets
 * (one item, tag 0, RAW); else tag 268, tag 267 (each one RAW item, the whole BIN
 * value), then each element of tag 278 (BASE64 items). Where they come from: the
 * signature header of a package; the dribbles of an rpmdb blob (never the region);
 * nothing for RH_SHAPE_SIGNED. Start with *it zeroed (or rh_sig_begin).
 * Returns 1 and fills *item, 0 at the end, -EINVAL for a context not parsed.
 * A 278 element's base64 is validated only by rh_sig_decode.
 */
void rh_sig_begin(struct rh_sig_iter *it);
int rh_sig_next(const struct rh_ctx *ctx, struct rh_sig_iter *it, struct rh_sig_item *item);

/*
 * The binary packet bytes of an item into out[0..cap): RAW is copied, BASE64 decoded
 * (standard alphabet, '=' padding, no whitespace, length a multiple of 4).
 * *out_len receives the byte count. Returns 0, -ENOSPC, or -EINVAL (bad base64;
 * err receives RH_E_BASE64 if not NULL). rh_sig_decoded_max(item) bounds the size.
 */
int rh_sig_decode(const struct rh_sig_item *item, uint8_t *out, size_t cap, size_t *out_len,
		  int *err);
size_t rh_sig_decoded_max(const struct rh_sig_item *item);

/* ---- values, from the immutable region of the main header only ---- */

/* One index entry of the region, with its data. */
struct rh_tag {
	uint32_t tag, type, count;
	const uint8_t *p;    /* data start (inside the input) */
	size_t len;          /* data length in bytes */
};

/*
 * Find tag in the main header's region (dribbles are never consulted). Returns 0,
 * -ENOENT, -EINVAL (context not parsed).
 */
int rh_tag_find(const struct rh_ctx *ctx, uint32_t tag, struct rh_tag *out);

/*
 * A STRING (or the first element of an I18NSTRING/STRING_ARRAY) tag. *s points into
 * the input and is NUL-terminated there. Returns 0, -ENOENT, -EINVAL (other type).
 */
int rh_get_string(const struct rh_ctx *ctx, uint32_t tag, const char **s);

/*
 * Element idx of an integer array tag (INT8/CHAR, INT16, INT32, INT64), widened.
 * Returns 0, -ENOENT, -EINVAL (not an integer type, or idx >= count).
 */
int rh_get_uint(const struct rh_ctx *ctx, uint32_t tag, uint32_t idx, uint64_t *v);

/* NAME, VERSION, RELEASE, ARCH (required: -ENOENT if missing) and EPOCH (optional). */
struct rh_nevra {
	const char *name, *version, *release, *arch;  /* NUL-terminated, in the input */
	uint32_t epoch;
	uint8_t has_epoch;
};
int rh_nevra(const struct rh_ctx *ctx, struct rh_nevra *out);

/* FILEDIGESTALGO (1 = MD5 when absent; validated at parse). */
unsigned rh_file_digest_algo(const struct rh_ctx *ctx);
/* Bytes of one digest of that algorithm: 16, 20, 28, 32, 48, 64; 0 if unknown. */
size_t rh_digest_len(unsigned algo);
/* Count of files (BASENAMES elements; 0 when the package has none). */
uint32_t rh_file_count(const struct rh_ctx *ctx);

/*
 * File iterator. The file table is validated when the header is parsed:
 *   BASENAMES (STRING_ARRAY) present => DIRNAMES (STRING_ARRAY) and DIRINDEXES (INT32)
 *   present; each of DIRINDEXES, FILEDIGESTS (STRING_ARRAY), FILEMODES (INT16),
 *   FILESIZES (INT32), LONGFILESIZES (INT64), FILEFLAGS (INT32) that is present has
 *   exactly nfiles elements; at most one of FILESIZES/LONGFILESIZES is needed, both
 *   may be present; every dirindex < count of DIRNAMES; every digest is "" or
 *   2*rh_digest_len(algo) lowercase hex characters. BASENAMES absent => none of the
 *   others may be present (RH_E_FILES).
 * Values of arrays that are absent are 0 / "" (digest_len 0), and have_* say so.
 * rh_files_next returns 1 with *f filled, 0 at the end, -EINVAL if ctx was not parsed.
 * rh_files_begin_raw: the same walk without decoding the digests (f->digest is left
 * as it was; digest_len and digest_hex are set); rh_file_digest then decodes one
 * file's digest into out[0..digest_len) when it is needed.
 * Cost: O(total bytes of the arrays) when dirindexes never decrease; each decrease
 * rescans DIRNAMES from its start.
 */
struct rh_file {
	uint32_t index;                 /* 0..nfiles-1 */
	const char *dirname;            /* NUL-terminated, in the input */
	const char *basename;           /* NUL-terminated, in the input */
	uint32_t dirindex;
	uint16_t mode;
	uint64_t size;                  /* LONGFILESIZES if present, else FILESIZES */
	uint32_t flags;
	unsigned algo;                  /* = rh_file_digest_algo */
	uint8_t digest[RH_MAX_DIGEST];  /* decoded; digest_len 0 for "" */
	size_t digest_len;
	const char *digest_hex;         /* the hex string as stored (NUL-terminated) */
	uint8_t have_mode, have_size, have_flags, have_digest;
};

struct rh_file_iter {               /* private */
	const struct rh_ctx *ctx;
	uint32_t i;
	struct rh_tag bn, dn, di, dg, md, sz, lsz, fl;
	uint8_t have_dg, have_md, have_sz, have_lsz, have_fl;
	uint8_t raw;
	size_t bn_off, dg_off, dn_off, hexlen;
	uint32_t dn_idx;
};
int rh_files_begin(const struct rh_ctx *ctx, struct rh_file_iter *it);
int rh_files_begin_raw(const struct rh_ctx *ctx, struct rh_file_iter *it);
int rh_files_next(struct rh_file_iter *it, struct rh_file *f);
void rh_file_digest(const struct rh_file *f, uint8_t *out);

#endif /* DIGINIT_RPMHDR_H */
