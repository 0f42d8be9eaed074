/* SPDX-License-Identifier: MIT */
/*
 * keys/keys.c — transferable public keys (RFC 9580 10.1) into pgp_key records, with
 * self-signatures, subkey bindings, back-signatures and revocations checked.
 *
 *   primary key [revocation/direct sigs]* (user ID [sigs]* | user attr [sigs]*)*
 *   (subkey [binding/revocation sigs]*)*
 *
 * Key signatures hash the key framed as 99 ‖ be16(len) ‖ key (v4 keys) or
 * 9b ‖ be32(len) ‖ key (v6 keys), a user ID as b4 ‖ be32(len) ‖ uid (v4/v6 sigs; v3
 * sigs hash the bare uid), then the signature's own trailer (check.c).
 * SHA-1 is accepted here (certifications made before SHA-1's deprecation are common in
 * distribution keys that the builder chose to trust); MD5 is not. Data signatures never
 * accept SHA-1 (verify.c).
 */
#include <string.h>

#include "pgp-int.h"

struct framed {
	uint8_t pre[5];
	struct pgp_span s[2];
};

static void frame_key(struct framed *f, const struct pgp_key *k, const uint8_t *pub, size_t n)
{
	f->s[0].p = f->pre;
	f->s[0].len = pgp_key_prefix(f->pre, k->version, n);
	f->s[1].p = pub;
	f->s[1].len = n;
}

/* Parsing state of one transferable key. */
struct tk {
	size_t primary;	     /* record index */
	const uint8_t *ppub; /* primary public part */
	size_t ppub_len;
	int have_selfsig;
	uint32_t selfsig_time; /* newest valid self-signature */
	uint32_t flags_time;
	int has_flags;
	uint8_t keyflags;
	uint32_t key_exp; /* seconds after creation, from the newest self-sig */
	int revoked;
	/* current section */
	enum { SEC_PRIMARY, SEC_UID, SEC_UATTR, SEC_SUBKEY } sec;
	const uint8_t *uid;
	size_t uid_len;
	/* current subkey */
	size_t sub;
	const uint8_t *spub;
	size_t spub_len;
	int sub_binding_seen, sub_binding_bad, sub_bound, sub_backsig, sub_revoked;
	uint32_t sub_time;
	uint8_t sub_flags;
	int sub_has_flags;
	uint32_t sub_exp;
	size_t sub_off;
};

/* Does the signature claim to be made by k? (No issuer at all: let crypto decide.) */
static int issued_by(const struct pgp_sig *sig, const struct pgp_key *k)
{
	if (sig->fpr_len)
		return sig->fpr_len == k->fpr_len && !memcmp(sig->fpr, k->fpr, k->fpr_len);
	if (sig->has_keyid)
		return !memcmp(sig->keyid, k->keyid, 8);
	return 1;
}

/* Verify a key signature made by signer over spans. 0, -EBADMSG, -EOPNOTSUPP. */
static int keysig_check(const struct pgp_sig *sig, const struct pgp_span *s, size_t n,
			const struct pgp_key *signer)
{
	enum pgp_reason why;

	if (!(signer->flags & PGP_KF_SUPPORTED))
		return -EOPNOTSUPP;
	if (sig->hashalgo == PGP_HASH_MD5 || sig->hashalgo == PGP_HASH_RIPEMD160 ||
	    !pgp_hash_size(sig->hashalgo))
		return -EOPNOTSUPP;
	if (sig->pkalgo != signer->algo)
		return -EBADMSG;
	return pgp_sig_check_key(sig, s, n, signer, &why);
}

static void finish_subkey(struct tk *t, struct pgp_key *keys)
{
	struct pgp_key *sk = &keys[t->sub];

	if (t->sub_bound)
		sk->flags |= PGP_KF_BOUND;
	sk->keyflags = t->sub_has_flags ? t->sub_flags : 0;
	if (t->sub_exp)
		sk->expires = (uint32_t)((uint64_t)sk->created + t->sub_exp > 0xffffffffu
						 ? 0xffffffffu
						 : sk->created + t->sub_exp);
	if (t->sub_revoked)
		sk->flags |= PGP_KF_REVOKED;
	if ((sk->flags & PGP_KF_SUPPORTED) && t->sub_bound && !t->sub_revoked && t->sub_has_flags &&
	    (t->sub_flags & PGP_KEYFLAG_SIGN) && t->sub_backsig)
		sk->flags |= PGP_KF_CAN_SIGN;
}

/* Once the whole key is read: primary properties, then propagate to subkeys. */
static void finish_key(struct tk *t, struct pgp_key *keys, size_t count)
{
	struct pgp_key *pk = &keys[t->primary];
	size_t i;

	pk->keyflags = t->has_flags ? t->keyflags : 0;
	if (t->key_exp)
		pk->expires = (uint32_t)((uint64_t)pk->created + t->key_exp > 0xffffffffu
						 ? 0xffffffffu
						 : pk->created + t->key_exp);
	if (t->revoked)
		pk->flags |= PGP_KF_REVOKED;
	if ((pk->flags & PGP_KF_SUPPORTED) && t->have_selfsig && !t->revoked &&
	    (!t->has_flags || (t->keyflags & PGP_KEYFLAG_SIGN)))
		pk->flags |= PGP_KF_CAN_SIGN;
	for (i = t->primary + 1; i < count; i++) {
		struct pgp_key *sk = &keys[i];

		if (t->revoked) {
			sk->flags |= PGP_KF_REVOKED;
			sk->flags &= (uint8_t)~PGP_KF_CAN_SIGN;
		}
		if (pk->expires && (!sk->expires || sk->expires > pk->expires))
			sk->expires = pk->expires;
	}
}

static int primary_sig(struct tk *t, struct pgp_key *keys, const struct pgp_sig *sig)
{
	const struct pgp_key *pk = &keys[t->primary];
	struct framed f;
	struct pgp_span s[4];
	uint8_t upre[5];
	size_t n;
	int rc;

	if (!issued_by(sig, pk))
		return 0; /* third-party certification: not our business */
	frame_key(&f, pk, t->ppub, t->ppub_len);
	s[0] = f.s[0];
	s[1] = f.s[1];
	n = 2;
	if (t->sec == SEC_UID) {
		if (!(sig->type >= PGP_SIGT_CERT_GENERIC && sig->type <= PGP_SIGT_CERT_POSITIVE))
			return 0;
		if (sig->version != 3) {
			upre[0] = 0xb4;
			upre[1] = (uint8_t)(t->uid_len >> 24);
			upre[2] = (uint8_t)(t->uid_len >> 16);
			upre[3] = (uint8_t)(t->uid_len >> 8);
			upre[4] = (uint8_t)t->uid_len;
			s[n].p = upre;
			s[n++].len = 5;
		}
		s[n].p = t->uid;
		s[n++].len = t->uid_len;
	} else if (t->sec == SEC_PRIMARY) {
		if (sig->type != PGP_SIGT_DIRECT_KEY && sig->type != PGP_SIGT_KEY_REVOCATION)
			return 0;
	} else {
		return 0; /* user attributes: not used */
	}
	rc = keysig_check(sig, s, n, pk);
	if (rc)
		return 0; /* an invalid self-signature is ignored, as RFC 9580 says */
	if (sig->type == PGP_SIGT_KEY_REVOCATION) {
		t->revoked = 1;
		return 0;
	}
	if (!t->have_selfsig || sig->created >= t->selfsig_time) {
		t->selfsig_time = sig->created;
		t->key_exp = sig->has_key_expires ? sig->key_expires : 0;
	}
	if (sig->has_keyflags && (!t->has_flags || sig->created >= t->flags_time)) {
		t->has_flags = 1;
		t->keyflags = sig->keyflags;
		t->flags_time = sig->created;
	}
	t->have_selfsig = 1;
	return 0;
}

static int subkey_sig(struct tk *t, struct pgp_key *keys, const struct pgp_sig *sig, size_t off,
		      struct pgp_err *err)
{
	const struct pgp_key *pk = &keys[t->primary], *sk = &keys[t->sub];
	struct framed fp, fs;
	struct pgp_span s[4];
	int rc;

	if (sig->type != PGP_SIGT_SUBKEY_BINDING && sig->type != PGP_SIGT_SUBKEY_REVOCATION)
		return 0;
	frame_key(&fp, pk, t->ppub, t->ppub_len);
	frame_key(&fs, sk, t->spub, t->spub_len);
	s[0] = fp.s[0];
	s[1] = fp.s[1];
	s[2] = fs.s[0];
	s[3] = fs.s[1];
	if (sig->type == PGP_SIGT_SUBKEY_REVOCATION) {
		if (issued_by(sig, pk) && !keysig_check(sig, s, 4, pk))
			t->sub_revoked = 1;
		return 0;
	}
	t->sub_binding_seen = 1;
	if (!issued_by(sig, pk)) {
		/* a binding by any other key is a forgery attempt (type-confusion) */
		t->sub_binding_bad = 1;
		return pgp_fail(err, PGP_R_BAD_BINDING, off, -EINVAL);
	}
	rc = keysig_check(sig, s, 4, pk);
	if (rc == -EOPNOTSUPP)
		return 0;
	if (rc) {
		t->sub_binding_bad = 1;
		return pgp_fail(err, PGP_R_BAD_BINDING, off, -EINVAL);
	}
	if (t->sub_bound && sig->created < t->sub_time)
		return 0; /* an older binding */
	t->sub_bound = 1;
	t->sub_time = sig->created;
	t->sub_has_flags = sig->has_keyflags;
	t->sub_flags = sig->keyflags;
	t->sub_exp = sig->has_key_expires ? sig->key_expires : 0;
	t->sub_backsig = 0;
	if (sig->has_keyflags && (sig->keyflags & PGP_KEYFLAG_SIGN) && sig->embedded) {
		struct pgp_sig bs;

		if (!pgp_sig_parse_body(sig->embedded, sig->embedded_len, off, &bs, NULL) &&
		    bs.type == PGP_SIGT_PRIMARY_BINDING && issued_by(&bs, sk) &&
		    !keysig_check(&bs, s, 4, sk))
			t->sub_backsig = 1;
	}
	return 0;
}

/* Reading state of a packet sequence: the transferable key being read and the output. */
struct kread {
	struct tk t;
	int have_key, have_sub;
	int skipping; /* inside a v3/v5 key: every packet up to the next primary is skipped */
	struct pgp_key *keys;
	size_t cap, *count, base;
	struct pgp_err *err;
};

/* One packet of the sequence: in[start..) its header, in[body..body+blen) its body. */
struct kpkt {
	const uint8_t *in;
	size_t start, body, blen;
	unsigned tag;
};

/* The current subkey is complete: it must have had a binding signature. */
static int close_subkey(struct kread *r)
{
	if (!r->have_sub || r->skipping)
		return 0;
	if (!r->t.sub_bound && !r->t.sub_binding_seen)
		return pgp_fail(r->err, PGP_R_NO_BINDING, r->base + r->t.sub_off, -EINVAL);
	finish_subkey(&r->t, r->keys);
	r->have_sub = 0;
	return 0;
}

/* The current transferable key is complete (its last subkey included). */
static int close_key(struct kread *r)
{
	int rc = close_subkey(r);

	if (rc)
		return rc;
	if (r->have_key && !r->skipping)
		finish_key(&r->t, r->keys, *r->count);
	r->have_key = 0;
	r->have_sub = 0;
	r->skipping = 0;
	return 0;
}

/* The key packet k into the next record, if there is room; pgp_key_parse_body's result. */
static int parse_record(struct kread *r, const struct kpkt *k, size_t *pub_len)
{
	if (*r->count >= r->cap)
		return pgp_fail(r->err, PGP_R_TOO_MANY_KEYS, r->base + k->start, -ENOSPC);
	return pgp_key_parse_body(k->in + k->body, k->blen, r->base + k->body,
				  k->tag == PGP_TAG_SECKEY || k->tag == PGP_TAG_SECSUBKEY,
				  &r->keys[*r->count], pub_len, r->err);
}

/* A primary key packet (6, or 5 of which only the public part is used) starts a key. */
static int read_primary(struct kread *r, const struct kpkt *k)
{
	size_t pub_len = 0, i = *r->count;
	int rc = close_key(r);

	if (!rc)
		rc = parse_record(r, k, &pub_len);
	if (rc == -EOPNOTSUPP) {
		r->skipping = 1; /* v3/v5 key: skip it whole */
		return 0;
	}
	if (rc)
		return rc;
	memset(&r->t, 0, sizeof(r->t));
	r->t.primary = i;
	r->t.ppub = k->in + k->body;
	r->t.ppub_len = pub_len;
	r->t.sec = SEC_PRIMARY;
	r->keys[i].primary = (uint16_t)i;
	(*r->count)++;
	r->have_key = 1;
	return 0;
}

/* A subkey packet (14, or 7): same version as its primary, bound by the next packets. */
static int read_subkey(struct kread *r, const struct kpkt *k)
{
	size_t pub_len = 0, i = *r->count;
	struct tk *t = &r->t;
	int rc = close_subkey(r);

	if (!rc)
		rc = parse_record(r, k, &pub_len);
	if (rc == -EOPNOTSUPP)
		return pgp_fail(r->err, PGP_R_BAD_VERSION, r->base + k->body, -EINVAL);
	if (rc)
		return rc;
	if (r->keys[i].version != r->keys[t->primary].version)
		return pgp_fail(r->err, PGP_R_BAD_VERSION, r->base + k->body, -EINVAL);
	r->keys[i].flags |= PGP_KF_SUBKEY;
	r->keys[i].primary = (uint16_t)t->primary;
	t->sub = i;
	t->spub = k->in + k->body;
	t->spub_len = pub_len;
	t->sub_off = k->start;
	t->sub_binding_seen = t->sub_binding_bad = t->sub_bound = 0;
	t->sub_backsig = t->sub_revoked = t->sub_has_flags = 0;
	t->sub_exp = t->sub_time = 0;
	t->sub_flags = 0;
	t->sec = SEC_SUBKEY;
	(*r->count)++;
	r->have_sub = 1;
	return 0;
}

/* A signature packet: a self-signature, a certification or a subkey binding/revocation. */
static int read_sig(struct kread *r, const struct kpkt *k)
{
	struct pgp_sig sig;
	int rc = pgp_sig_parse_body(k->in + k->body, k->blen, r->base + k->body, &sig, r->err);

	if (rc == -EOPNOTSUPP)
		return 0; /* unknown signature version: ignored */
	if (rc) {
		/* a malformed signature on a subkey is a bad binding (rpm rejects the key);
		   elsewhere it is ignored */
		return r->t.sec == SEC_SUBKEY ? rc : 0;
	}
	if (r->t.sec == SEC_SUBKEY)
		return subkey_sig(&r->t, r->keys, &sig, r->base + k->start, r->err);
	return primary_sig(&r->t, r->keys, &sig);
}

/* One packet in its place in the sequence (RFC 9580 10.1). */
static int read_packet(struct kread *r, const struct kpkt *k)
{
	if (k->tag == PGP_TAG_PUBKEY || k->tag == PGP_TAG_SECKEY)
		return read_primary(r, k);
	if (k->tag == PGP_TAG_TRUST || k->tag == PGP_TAG_MARKER || k->tag == PGP_TAG_PADDING)
		return 0;
	if (k->tag != PGP_TAG_PUBSUBKEY && k->tag != PGP_TAG_SECSUBKEY &&
	    k->tag != PGP_TAG_UID && k->tag != PGP_TAG_UATTR && k->tag != PGP_TAG_SIG)
		return pgp_fail(r->err, PGP_R_UNEXPECTED_PKT, r->base + k->start, -EINVAL);
	if (r->skipping)
		return 0;
	if (!r->have_key)
		return pgp_fail(r->err, PGP_R_UNEXPECTED_PKT, r->base + k->start, -EINVAL);
	switch (k->tag) {
	case PGP_TAG_PUBSUBKEY:
	case PGP_TAG_SECSUBKEY:
		return read_subkey(r, k);
	case PGP_TAG_SIG:
		return read_sig(r, k);
	default: /* user ID or user attribute: only before the first subkey */
		if (r->have_sub)
			return pgp_fail(r->err, PGP_R_UNEXPECTED_PKT, r->base + k->start, -EINVAL);
		r->t.sec = k->tag == PGP_TAG_UID ? SEC_UID : SEC_UATTR;
		if (k->tag == PGP_TAG_UID) {
			r->t.uid = k->in + k->body;
			r->t.uid_len = k->blen;
		}
		return 0;
	}
}

/* Parse binary packets; appends records at keys[*count..cap). */
static int parse_binary(const uint8_t *in, size_t len, size_t base, struct pgp_key *keys,
			size_t cap, size_t *count, struct pgp_err *err)
{
	struct kread r;
	struct kpkt k;
	size_t off = 0;
	int rc;

	memset(&r, 0, sizeof(r));
	r.keys = keys;
	r.cap = cap;
	r.count = count;
	r.base = base;
	r.err = err;
	k.in = in;
	for (;;) {
		k.start = off;
		rc = pgp_pkt_next(in, len, &off, &k.tag, &k.body, &k.blen, err);
		if (rc == -ENODATA)
			return close_key(&r);
		if (rc) {
			if (err)
				err->off += base;
			return rc;
		}
		rc = read_packet(&r, &k);
		if (rc)
			return rc;
	}
}

int pgp_keys_parse(const uint8_t *in, size_t len, uint8_t *scratch, size_t scratch_len,
		   struct pgp_key *keys, size_t cap, size_t *n, struct pgp_err *err)
{
	size_t count = 0;
	int rc;

	*n = 0;
	if (err) {
		err->reason = PGP_R_NONE;
		err->off = 0;
	}
	if (cap > 0x10000)
		cap = 0x10000; /* record indices are 16-bit (pgp_key.primary) */
	/* binary packets start with a tag byte with bit 7 set; ASCII never has it */
	if (len && !(in[0] & 0x80)) {
		size_t off = 0, blocks = 0;

		for (;;) {
			size_t dl = 0;

			if (!scratch)
				return pgp_fail(err, PGP_R_ARMOR_TOO_BIG, 0, -ENOSPC);
			rc = pgp_dearmor(in, len, &off, scratch, scratch_len, &dl, err);
			if (rc == -ENODATA)
				break;
			if (rc)
				return rc;
			blocks++;
			rc = parse_binary(scratch, dl, 0, keys, cap, &count, err);
			if (rc)
				return rc;
		}
		if (!blocks)
			return pgp_fail(err, PGP_R_BAD_ARMOR, 0, -EINVAL);
	} else {
		rc = parse_binary(in, len, 0, keys, cap, &count, err);
		if (rc)
			return rc;
	}
	if (!count)
		return pgp_fail(err, PGP_R_EMPTY, 0, -ENOKEY);
	*n = count;
	return 0;
}
