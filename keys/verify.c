/* SPDX-License-Identifier: MIT */
/* keys/verify.c — data signatures against a keyring, one by one and per blob. */
#include <string.h>

#include "pgp-int.h"

static int key_matches(const struct pgp_sig *sig, const struct pgp_key *k)
{
	if (sig->fpr_len)
		return sig->fpr_len == k->fpr_len && !memcmp(sig->fpr, k->fpr, k->fpr_len);
	return sig->has_keyid && !memcmp(sig->keyid, k->keyid, PGP_KEYID_LEN);
}

/* Rank of a failure: the strongest one seen across candidate keys is reported. */
static int rank(enum pgp_status st)
{
	switch (st) {
	case PGP_ST_BAD:
		return 6;
	case PGP_ST_KEY_REVOKED:
		return 5;
	case PGP_ST_KEY_EXPIRED:
		return 4;
	case PGP_ST_KEY_CANNOT_SIGN:
		return 3;
	case PGP_ST_UNSUPPORTED_ALGO:
		return 2;
	default:
		return 1; /* NOKEY */
	}
}

static int status_errno(enum pgp_status st)
{
	switch (st) {
	case PGP_ST_OK:
		return 0;
	case PGP_ST_NOKEY:
		return -ENOKEY;
	case PGP_ST_BAD:
		return -EBADMSG;
	case PGP_ST_UNSUPPORTED_ALGO:
	case PGP_ST_UNSUPPORTED_VERSION:
	case PGP_ST_UNSUPPORTED_TYPE:
		return -EOPNOTSUPP;
	case PGP_ST_KEY_EXPIRED:
	case PGP_ST_SIG_EXPIRED:
		return -EKEYEXPIRED;
	case PGP_ST_MALFORMED:
		return -EINVAL;
	default:
		return -EKEYREJECTED;
	}
}

static int finish(struct pgp_sig_result *res, enum pgp_status st, enum pgp_reason r)
{
	res->status = st;
	res->reason = r;
	return status_errno(st);
}

int pgp_sig_verify(const struct pgp_sig *sig, const struct pgp_span *spans, size_t nspans,
		   const struct pgp_keyring *kr, const struct pgp_policy *pol,
		   struct pgp_sig_result *res)
{
	enum pgp_status best = PGP_ST_NOKEY;
	enum pgp_reason best_r = PGP_R_NONE;
	size_t i;

	memset(res, 0, sizeof(*res));
	res->off = sig->off;
	res->version = sig->version;
	res->pkalgo = sig->pkalgo;
	res->hashalgo = sig->hashalgo;
	res->fpr_len = sig->fpr_len;
	memcpy(res->fpr, sig->fpr, sizeof(res->fpr));
	memcpy(res->keyid, sig->keyid, sizeof(res->keyid));

	if (sig->version != 3 && sig->version != 4 && sig->version != 6)
		return finish(res, PGP_ST_UNSUPPORTED_VERSION, PGP_R_BAD_VERSION);
	if (sig->type != PGP_SIGT_BINARY)
		return finish(res, PGP_ST_UNSUPPORTED_TYPE, PGP_R_SIG_TYPE);
	if (pgp_hash_is_weak(sig->hashalgo))
		return finish(res, PGP_ST_WEAK_HASH, PGP_R_HASH_ALGO);
	if (!pgp_hash_size(sig->hashalgo) || sig->hashalgo == PGP_HASH_MD5 ||
	    sig->hashalgo == PGP_HASH_SHA1)
		return finish(res, PGP_ST_UNSUPPORTED_ALGO, PGP_R_HASH_ALGO);
	if (!sig->fpr_len && !sig->has_keyid)
		return finish(res, PGP_ST_NOKEY, PGP_R_NO_ISSUER);
	if (pol && pol->now && sig->expires &&
	    (uint64_t)pol->now >= (uint64_t)sig->created + sig->expires)
		return finish(res, PGP_ST_SIG_EXPIRED, PGP_R_NONE);

	for (i = 0; kr && i < kr->n; i++) {
		const struct pgp_key *k = &kr->keys[i];
		enum pgp_status st;
		enum pgp_reason why = PGP_R_NONE;

		if (!key_matches(sig, k))
			continue;
		/* the signature names this key: everything from here is about it */
		if (k->algo != sig->pkalgo) {
			/* same ID, other algorithm: a collision or a confusion attempt */
			st = sig->fpr_len ? PGP_ST_BAD : PGP_ST_NOKEY;
			why = PGP_R_PK_ALGO;
		} else if ((sig->version == 6) != (k->version == 6)) {
			st = PGP_ST_BAD;
			why = PGP_R_BAD_VERSION;
		} else if (!(k->flags & PGP_KF_SUPPORTED)) {
			st = PGP_ST_UNSUPPORTED_ALGO;
			why = PGP_R_PK_ALGO;
		} else if (k->flags & PGP_KF_REVOKED) {
			st = PGP_ST_KEY_REVOKED;
		} else if (!(k->flags & PGP_KF_CAN_SIGN)) {
			st = PGP_ST_KEY_CANNOT_SIGN;
		} else if (sig->created < k->created ||
			   (k->expires && sig->created >= k->expires)) {
			st = PGP_ST_KEY_EXPIRED;
		} else {
			int rc = pgp_sig_check_key(sig, spans, nspans, k, &why);

			if (!rc) {
				res->key = k;
				return finish(res, PGP_ST_OK, PGP_R_NONE);
			}
			st = rc == -EOPNOTSUPP ? PGP_ST_UNSUPPORTED_ALGO : PGP_ST_BAD;
		}
		if (rank(st) >= rank(best)) {
			best = st;
			best_r = why;
			res->key = k;
		}
	}
	if (best == PGP_ST_NOKEY)
		res->key = NULL;
	return finish(res, best, best_r);
}

int pgp_status_rejects(enum pgp_status st)
{
	return st == PGP_ST_BAD || st == PGP_ST_KEY_EXPIRED || st == PGP_ST_KEY_REVOKED ||
	       st == PGP_ST_KEY_CANNOT_SIGN || st == PGP_ST_SIG_EXPIRED;
}

/* What every signature of a blob is checked against. */
struct blob_check {
	const struct pgp_span *spans;
	size_t nspans;
	const struct pgp_keyring *kr;
	const struct pgp_policy *pol;
};

/* The signature packet blob[start..end), body at blob[body..body+blen), into *r: checked,
   or UNSUPPORTED_VERSION. -EINVAL when the body cannot be parsed: *r is then the
   MALFORMED record and *e says why and where. */
static int packet_verify(const uint8_t *blob, size_t start, size_t body, size_t blen,
			 size_t end, const struct blob_check *c, struct pgp_sig_result *r,
			 struct pgp_err *e)
{
	struct pgp_sig sig;
	int rc = pgp_sig_parse_body(blob + body, blen, body, &sig, e);

	if (rc == -EOPNOTSUPP) {
		memset(r, 0, sizeof(*r));
		r->status = PGP_ST_UNSUPPORTED_VERSION;
		r->reason = PGP_R_BAD_VERSION;
		r->off = start;
		r->version = sig.version;
		return 0;
	}
	if (rc) {
		/* recorded, so that a caller can log which packet and why */
		memset(r, 0, sizeof(*r));
		r->status = PGP_ST_MALFORMED;
		r->reason = e->reason;
		r->off = e->off;
		r->version = sig.version;
		return -EINVAL;
	}
	sig.off = start;
	sig.pkt_len = end - start;
	(void)pgp_sig_verify(&sig, c->spans, c->nspans, c->kr, c->pol, r);
	return 0;
}

/* The tally of a blob's signatures, and the results recorded so far. */
struct blob_tally {
	struct pgp_sig_result *res;
	size_t cap, count;
	int any_ok, any_reject, nsig;
	struct pgp_err first; /* the first failure's reason, at its packet's offset */
};

static void tally_add(struct blob_tally *t, const struct pgp_sig_result *r, size_t start)
{
	if (r->status == PGP_ST_OK)
		t->any_ok = 1;
	else if (t->first.reason == PGP_R_NONE && r->reason != PGP_R_NONE) {
		t->first.reason = r->reason;
		t->first.off = start;
	}
	if (pgp_status_rejects(r->status))
		t->any_reject = 1;
	if (t->count < t->cap && t->res)
		t->res[t->count++] = *r;
}

/* The verdict rule of pgp.h over a blob read to its end. */
static enum pgp_verdict tally_verdict(const struct blob_tally *t, struct pgp_err *err)
{
	if (err && t->first.reason != PGP_R_NONE)
		*err = t->first;
	if (t->any_reject)
		return PGP_REJECTED;
	if (t->any_ok)
		return PGP_AUTHENTIC;
	if (err && !t->nsig)
		err->reason = PGP_R_EMPTY;
	return PGP_NOT_SIGNED;
}

enum pgp_verdict pgp_blob_verify(const uint8_t *blob, size_t len, const struct pgp_span *spans,
				 size_t nspans, const struct pgp_keyring *kr,
				 const struct pgp_policy *pol, struct pgp_sig_result *res,
				 size_t cap, size_t *nres, struct pgp_err *err)
{
	const struct blob_check c = {spans, nspans, kr, pol};
	struct blob_tally t = {res, cap, 0, 0, 0, 0, {PGP_R_NONE, 0}};
	size_t off = 0;

	if (nres)
		*nres = 0; /* broken framing reports no results */
	if (err) {
		err->reason = PGP_R_NONE;
		err->off = 0;
	}
	for (;;) {
		size_t start = off, body, blen;
		unsigned tag;
		struct pgp_sig_result r;
		struct pgp_err e = {PGP_R_NONE, 0};
		int rc = pgp_pkt_next(blob, len, &off, &tag, &body, &blen, &e);

		if (rc == -ENODATA)
			break;
		if (rc) {
			if (err)
				*err = e;
			return PGP_MALFORMED_BLOB;
		}
		if (tag == PGP_TAG_MARKER || tag == PGP_TAG_PADDING)
			continue;
		if (tag != PGP_TAG_SIG)
			return (void)pgp_fail(err, PGP_R_UNEXPECTED_PKT, start, 0),
			       PGP_MALFORMED_BLOB;
		t.nsig++;
		rc = packet_verify(blob, start, body, blen, off, &c, &r, &e);
		if (rc) {
			if (t.count < cap && res)
				res[t.count++] = r;
			if (nres)
				*nres = t.count;
			if (err)
				*err = e;
			return PGP_MALFORMED_BLOB;
		}
		tally_add(&t, &r, start);
	}
	if (nres)
		*nres = t.count;
	return tally_verdict(&t, err);
}
