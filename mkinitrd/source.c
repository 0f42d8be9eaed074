// SPDX-License-Identifier: MIT
/*
 * mkinitrd/source.c — where headers come from: the rpmdb (through librpm, so every
 * backend the installed rpm reads works: sqlite, bdb_ro, ndb) or package files.
 *
 * Each header is checked by rpmhdr (rh_parse_dbblob / rh_parse_package) before any
 * value is used, and the list file built from it is parsed once more as a list
 * (rh_parse_list) before it is accepted, so the output is exactly what the shim's
 * parser takes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rpm/header.h>
#include <rpm/rpmdb.h>
#include <rpm/rpmlib.h>
#include <rpm/rpmlog.h>
#include <rpm/rpmmacro.h>
#include <rpm/rpmts.h>

#include "rpmhdr.h"
#include "mk.h"

/* Packages with at least one non-empty file digest in the region. */
static int has_file_digests(const struct rh_ctx *ctx)
{
	struct rh_tag t;

	if (rh_tag_find(ctx, RH_TAG_FILEDIGESTS, &t) < 0 || t.type != RH_TYPE_STRING_ARRAY)
		return 0;
	/* count strings, each NUL-terminated: only all-empty gives len == count */
	return t.len > t.count;
}

/* The list name "<seq>-file_list-rpm-<NVRA>" must be one the shim takes as a kernel
 * label (dg_name_ok): each field graphic ASCII without '/'. Reports what is wrong. */
static int nevra_fields_ok(const struct rh_nevra *nv, const char *what)
{
	if (dg_name_part_ok(nv->name) && dg_name_part_ok(nv->version) &&
	    dg_name_part_ok(nv->release) && dg_name_part_ok(nv->arch))
		return 1;
	mk_err("%s: package name fields unusable in a list name (blank, '/', control or "
	       "non-ASCII byte)", what);
	return 0;
}

/*
 * The list file of one usable header -> the set (which takes nvra). Returns 0 (added,
 * or left out as unsigned) or -EINVAL (reported); nvra is freed unless added.
 */
static int build_list(const struct mk_opts *o, const struct rh_ctx *ctx, char *nvra,
		      struct mk_set *set, struct mk_stats *st)
{
	struct rh_ctx chk;
	uint8_t *buf;
	size_t len;
	unsigned nsig;
	int why, r;

	r = mk_list_build(ctx, &buf, &len, &nsig, &why);
	if (r < 0) {
		mk_err("%s: %s", nvra, why ? rh_strerror(why) : strerror(-r));
		st->bad++;
		free(nvra);
		return -EINVAL;
	}
	if (nsig == 0) {
		st->unsigned_++;
		if (!o->allow_unsigned) {
			mk_warn("%s: header has no signature, left out (--allow-unsigned keeps it)",
				nvra);
			free(buf);
			free(nvra);
			return 0;
		}
		mk_warn("%s: header has no signature, kept (--allow-unsigned)", nvra);
	} else if (rh_parse_list(&chk, buf, len) < 0) {
		/* cannot happen for a header rpmhdr accepted; refuse rather than write it */
		mk_err("%s: built list does not parse: %s at byte %zu", nvra,
		       rh_strerror(chk.err), chk.off);
		st->bad++;
		free(buf);
		free(nvra);
		return -EINVAL;
	}
	mk_debug("%s: %u signature item(s), %zu bytes", nvra, nsig, len);
	mk_set_add(set, nvra, buf, len);
	st->written++;
	return 0;
}

/*
 * One parsed header -> the set. what names the source in messages.
 * Returns 0 (added or skipped by policy) or -EINVAL (unusable header, reported).
 */
static int take_header(const struct mk_opts *o, const struct rh_ctx *ctx, const char *what,
		       struct mk_set *set, struct mk_stats *st)
{
	struct rh_nevra nv;
	struct dg_outcome plan;
	const char *name;
	char *nvra;

	/* rpm's key entries have no ARCH: recognise them by NAME first */
	if (rh_get_string(ctx, RH_TAG_NAME, &name) == 0 && !strcmp(name, "gpg-pubkey")) {
		st->pubkeys++;
		return 0;
	}
	if (rh_nevra(ctx, &nv) < 0) {
		mk_err("%s: no NAME/VERSION/RELEASE/ARCH in the signed region", what);
		st->bad++;
		return -EINVAL;
	}
	if (!nevra_fields_ok(&nv, what)) {
		st->bad++;
		return -EINVAL;
	}
	nvra = mk_xasprintf("%s-%s-%s.%s", nv.name, nv.version, nv.release, nv.arch);
	if (!has_file_digests(ctx)) {
		mk_debug("%s: no file digests, skipped", nvra);
		st->nodigests++;
		free(nvra);
		return 0;
	}
	if (strlen(nvra) > MK_NVRA_MAX) {
		mk_err("%s: NAME-VERSION-RELEASE.ARCH longer than %zu bytes: its list name would "
		       "be too long for a kernel label", what, (size_t)MK_NVRA_MAX);
		st->bad++;
		free(nvra);
		return -EINVAL;
	}
	/* digests the shim refuses (MD5, SHA-1, no kernel algorithm): left out too */
	memset(&plan, 0, sizeof(plan));
	if (dg_compact_plan(ctx, &plan) < 0) {
		mk_warn("%s: %s; the shim would reject it, left out", nvra,
			dg_strerror(plan.err));
		st->weak++;
		free(nvra);
		return 0;
	}
	return build_list(o, ctx, nvra, set, st);
}

static int rpm_ready;

static int rpm_setup(const struct mk_opts *o)
{
	if (rpm_ready)
		return 0;
	rpmSetVerbosity(o->verbose > 1 ? RPMLOG_DEBUG : o->quiet ? RPMLOG_CRIT : RPMLOG_WARNING);
	if (rpmReadConfigFiles(NULL, NULL) != 0) {
		mk_err("cannot read rpm configuration");
		return -EIO;
	}
	for (char **d = o->defines; d && *d; d++) {
		if (rpmDefineMacro(NULL, *d, RMIL_CMDLINE) != 0) {
			mk_err("--define '%s': rejected by rpm", *d);
			return -EINVAL;
		}
	}
	if (o->dbpath)
		rpmPushMacro(NULL, "_dbpath", NULL, o->dbpath, RMIL_CMDLINE);
	rpm_ready = 1;
	return 0;
}

/*
 * librpm creates an empty database where none is (even opening read-only), so the
 * directory must already hold one: rpmdb.sqlite (sqlite), Packages (bdb, bdb_ro) or
 * Packages.db (ndb).
 */
static int db_present(const struct mk_opts *o)
{
	static const char *const files[] = { "rpmdb.sqlite", "Packages", "Packages.db" };
	char *dbp = rpmGetPath("%{?_dbpath}", NULL);
	const char *root = o->root && strcmp(o->root, "/") ? o->root : "";
	int found = 0;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]) && !found; i++) {
		char *p = mk_xasprintf("%s%s/%s", root, dbp, files[i]);
		struct stat sb;

		found = stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
		free(p);
	}
	if (!found)
		mk_err("no rpm database in %s%s", root, dbp);
	free(dbp);
	return found;
}

struct mk_db {
	rpmts ts;
	const char *root;
};

int mk_db_open(const struct mk_opts *o, struct mk_db **out)
{
	struct mk_db *db;
	int r;

	*out = NULL;
	r = rpm_setup(o);
	if (r < 0)
		return r;
	if (!db_present(o))
		return -ENOENT;
	db = mk_xmalloc(sizeof(*db));
	db->root = o->root ? o->root : "/";
	db->ts = rpmtsCreate();
	if (rpmtsSetRootDir(db->ts, db->root) != 0) {
		mk_err("--root %s: not usable", db->root);
		mk_db_close(db);
		return -EINVAL;
	}
	/* We check signatures ourselves (the shim's code); librpm only hands out blobs. */
	rpmtsSetVSFlags(db->ts, RPMVSF_MASK_NODIGESTS | RPMVSF_MASK_NOSIGNATURES);
	if (rpmtsOpenDB(db->ts, O_RDONLY) != 0 || !rpmtsGetRdb(db->ts)) {
		char *p = rpmGetPath("%{?_dbpath}", NULL);

		mk_err("cannot open the rpm database %s%s", o->root ? o->root : "", p);
		free(p);
		mk_db_close(db);
		return -EIO;
	}
	*out = db;
	return 0;
}

void mk_db_close(struct mk_db *db)
{
	if (!db)
		return;
	rpmtsFree(db->ts);
	free(db);
}

/*
 * rpmdbCookie() (rpm >= 4.16) digests, in index order, every key of the Name index and
 * the header instance numbers filed under it (SHA-1 before rpm 4.18, SHA-256 since).
 * Instance numbers are never reused within one database (sqlite: AUTOINCREMENT; ndb
 * and bdb keep a counter), and rpm never changes the signed region or the signature
 * tags of an installed header, so the same cookie in the same database file means the
 * same headers, hence the same image. rpm --rebuilddb makes a new file (new inode).
 */
int mk_db_id(struct mk_db *db, struct mk_dbid *id)
{
	rpmdb rdb = rpmtsGetRdb(db->ts);
	struct stat sb;
	char *c;
	size_t n;

	memset(id, 0, sizeof(*id));
	if (!rdb || rpmdbFStat(rdb, &sb) != 0)
		return -EIO;
	c = rpmdbCookie(rdb);
	if (!c)
		return -EIO;
	n = strlen(c);
	if (n == 0 || n > MK_COOKIE_MAX) {
		free(c);
		return -EIO;
	}
	memcpy(id->cookie, c, n + 1);
	free(c);
	id->dev = (uint64_t)sb.st_dev;
	id->ino = (uint64_t)sb.st_ino;
	return 0;
}

struct mk_hnums {
	unsigned int *v;
	size_t n, cap;
};

static void hnums_add(struct mk_hnums *h, unsigned int x)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 1024;
		h->v = mk_xrealloc(h->v, h->cap * sizeof(*h->v));
	}
	h->v[h->n++] = x;
}

static int cmp_uint(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return (x > y) - (x < y);
}

/* Every header instance the Name index lists (the instances rpmdbCookie digests). */
static int name_index_hnums(rpmdb rdb, struct mk_hnums *h)
{
	rpmdbIndexIterator ii = rpmdbIndexIteratorInit(rdb, RPMDBI_NAME);
	const void *key;
	size_t keylen;

	if (!ii)
		return -EIO;
	while (rpmdbIndexIteratorNext(ii, &key, &keylen) == 0) {
		unsigned int np = rpmdbIndexIteratorNumPkgs(ii);

		for (unsigned int i = 0; i < np; i++)
			hnums_add(h, rpmdbIndexIteratorPkgOffset(ii, i));
	}
	rpmdbIndexIteratorFree(ii);
	return 0;
}

/* Do both lists hold the same instance numbers, each once? (sorts both) */
static int same_hnums(struct mk_hnums *a, struct mk_hnums *b)
{
	if (a->n != b->n)
		return 0;
	if (a->n == 0)
		return 1;
	qsort(a->v, a->n, sizeof(*a->v), cmp_uint);
	qsort(b->v, b->n, sizeof(*b->v), cmp_uint);
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i] != b->v[i] || (i && a->v[i] == a->v[i - 1]))
			return 0;
	return 1;
}

int mk_db_read(struct mk_db *db, const struct mk_opts *o, struct mk_set *set,
	       struct mk_stats *st, int *consistent)
{
	struct mk_hnums read = { 0 }, indexed = { 0 };
	rpmdbMatchIterator mi;
	Header h;

	*consistent = 0;
	mi = rpmtsInitIterator(db->ts, RPMDBI_PACKAGES, NULL, 0);
	while (mi && (h = rpmdbNextIterator(mi)) != NULL) {
		unsigned int size = 0, hnum = rpmdbGetIteratorOffset(mi);
		void *blob = headerExport(h, &size);
		struct rh_ctx ctx;
		char what[64];

		st->seen++;
		hnums_add(&read, hnum);
		snprintf(what, sizeof(what), "rpmdb header #%u", hnum);
		if (!blob) {
			mk_err("%s: headerExport failed", what);
			st->bad++;
			continue;
		}
		if (rh_parse_dbblob(&ctx, blob, size) < 0) {
			mk_err("%s: rejected: %s at byte %zu", what, rh_strerror(ctx.err), ctx.off);
			st->bad++;
		} else {
			take_header(o, &ctx, what, set, st);
		}
		free(blob);
	}
	rpmdbFreeIterator(mi);
	if (name_index_hnums(rpmtsGetRdb(db->ts), &indexed) == 0)
		*consistent = same_hnums(&read, &indexed);
	free(read.v);
	free(indexed.v);
	return 0;
}

int mk_from_rpm_files(const struct mk_opts *o, char **files, size_t nfiles,
		      struct mk_set *set, struct mk_stats *st)
{
	int ret = 0;

	for (size_t i = 0; i < nfiles; i++) {
		struct rh_ctx ctx;
		struct stat sb;
		void *m;
		int fd = open(files[i], O_RDONLY | O_CLOEXEC);

		if (fd < 0 || fstat(fd, &sb) < 0) {
			mk_err("%s: %s", files[i], strerror(errno));
			if (fd >= 0)
				close(fd);
			ret = -EIO;
			continue;
		}
		st->seen++;
		if (sb.st_size <= 0) {
			mk_err("%s: empty", files[i]);
			st->bad++;
			close(fd);
			continue;
		}
		m = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		close(fd);
		if (m == MAP_FAILED) {
			mk_err("%s: mmap: %s", files[i], strerror(errno));
			ret = -EIO;
			continue;
		}
		if (rh_parse_package(&ctx, m, (size_t)sb.st_size) < 0) {
			mk_err("%s: rejected: %s at byte %zu", files[i], rh_strerror(ctx.err),
			       ctx.off);
			st->bad++;
		} else {
			take_header(o, &ctx, files[i], set, st);
		}
		munmap(m, (size_t)sb.st_size);
	}
	return ret;
}
