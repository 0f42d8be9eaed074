/* SPDX-License-Identifier: MIT */
/*
 * tests/keys/test-craft.c — TAP tests of the key and signature rules on crafted OpenPGP
 * data: v4 Ed25519 (algorithm 27) keys and signatures built here, signed with
 * libsodium from fixed seeds (so the bytes are the same on every run), each changing
 * one thing in an otherwise good transferable key or data signature:
 *   - the subkey binding signature with a flipped bit, or naming another issuer (the
 *     key is refused);
 *   - a signing subkey without, or with a bad, primary-key back-signature (cannot sign);
 *   - key flags granting "sign" only in the unhashed area (cannot sign);
 *   - the primary's expiry caps the subkey's (none, or a later one);
 *   - a revoked primary (its subkeys revoked too); a certify-only primary (cannot sign);
 *   - data signatures: an unknown critical subpacket, a known critical one, an issuer
 *     key ID that contradicts the issuer fingerprint, no creation time, a creation time
 *     in the unhashed area.
 * The crafted good key and signature verify first, so a failing case fails for the
 * one change it makes.
 *
 * Usage: test-craft
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "pgp-int.h"

#define T0	 1700000000u /* creation time of both keys */
#define SIG_TIME (T0 + 100u)

static int ntest, nfail;

static void ok(int cond, const char *fmt, ...)
{
	va_list ap;

	ntest++;
	if (!cond)
		nfail++;
	printf("%sok %d - crafted: ", cond ? "" : "not ", ntest);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* ---------------- byte building ---------------- */

struct buf {
	uint8_t b[4096];
	size_t n;
};

static void put(struct buf *o, const void *p, size_t n)
{
	if (o->n + n > sizeof(o->b)) {
		fprintf(stderr, "test-craft: buffer full\n");
		return;
	}
	memcpy(o->b + o->n, p, n);
	o->n += n;
}

static void put8(struct buf *o, unsigned v)
{
	uint8_t b = (uint8_t)v;

	put(o, &b, 1);
}

static void put16(struct buf *o, unsigned v)
{
	put8(o, v >> 8);
	put8(o, v);
}

/* A new-format packet: tag, one- or two-octet length (RFC 9580 4.2.1), body. */
static void packet(struct buf *o, unsigned tag, const uint8_t *body, size_t n)
{
	put8(o, 0xc0u | tag);
	if (n < 192) {
		put8(o, (unsigned)n);
	} else {
		put8(o, (unsigned)((n - 192) >> 8) + 192);
		put8(o, (unsigned)((n - 192) & 0xff));
	}
	put(o, body, n);
}

/* A subpacket of the given type (0x80: critical) and value; its length fits one octet. */
static void subpacket(struct buf *a, unsigned type, const void *d, size_t n)
{
	put8(a, (unsigned)n + 1);
	put8(a, type);
	put(a, d, n);
}

static void sub32(struct buf *a, unsigned type, uint32_t v)
{
	uint8_t d[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};

	subpacket(a, type, d, 4);
}

/* ---------------- keys ---------------- */

struct ckey {
	uint8_t pk[32], sk[64];
	uint8_t body[38]; /* v4 key packet body: 04 | created | 27 | pk */
	uint8_t pre[3];	  /* 99 | be16(38): how key signatures hash the key */
	uint8_t fpr[20];
};

static void ckey_make(struct ckey *k, uint8_t seedbyte)
{
	uint8_t seed[32];
	struct pgp_hash h;

	memset(seed, seedbyte, sizeof(seed));
	crypto_sign_seed_keypair(k->pk, k->sk, seed);
	k->body[0] = 4;
	k->body[1] = (uint8_t)(T0 >> 24);
	k->body[2] = (uint8_t)(T0 >> 16);
	k->body[3] = (uint8_t)(T0 >> 8);
	k->body[4] = (uint8_t)T0;
	k->body[5] = PGP_PK_ED25519;
	memcpy(k->body + 6, k->pk, 32);
	k->pre[0] = 0x99;
	k->pre[1] = 0;
	k->pre[2] = sizeof(k->body);
	pgp_hash_init(&h, PGP_HASH_SHA1);
	pgp_hash_update(&h, k->pre, 3);
	pgp_hash_update(&h, k->body, sizeof(k->body));
	pgp_hash_final(&h, k->fpr);
}

/* The issuer fingerprint subpacket (33) value of k: version 4 then the 20 octets. */
static void sub_fpr(struct buf *a, const struct ckey *k)
{
	uint8_t d[21];

	d[0] = 4;
	memcpy(d + 1, k->fpr, 20);
	subpacket(a, 33, d, sizeof(d));
}

/*
 * A v4 signature body by signer: type, hashed area h, unhashed area u, over the spans
 * (the data, or the framed keys and user ID), SHA-256, Ed25519 over the digest.
 */
static void sig_body(struct buf *out, unsigned type, const struct buf *h, const struct buf *u,
		     const struct pgp_span *s, size_t ns, const struct ckey *signer)
{
	struct pgp_hash hh;
	uint8_t d[32], sig[64], tr[6];
	size_t start = out->n, i;

	put8(out, 4);
	put8(out, type);
	put8(out, PGP_PK_ED25519);
	put8(out, PGP_HASH_SHA256);
	put16(out, (unsigned)h->n);
	put(out, h->b, h->n);
	pgp_hash_init(&hh, PGP_HASH_SHA256);
	for (i = 0; i < ns; i++)
		pgp_hash_update(&hh, s[i].p, s[i].len);
	pgp_hash_update(&hh, out->b + start, out->n - start);
	tr[0] = 4;
	tr[1] = 0xff;
	tr[2] = (uint8_t)((out->n - start) >> 24);
	tr[3] = (uint8_t)((out->n - start) >> 16);
	tr[4] = (uint8_t)((out->n - start) >> 8);
	tr[5] = (uint8_t)(out->n - start);
	pgp_hash_update(&hh, tr, sizeof(tr));
	pgp_hash_final(&hh, d);
	crypto_sign_detached(sig, NULL, d, sizeof(d), signer->sk);
	put16(out, (unsigned)u->n);
	put(out, u->b, u->n);
	put8(out, d[0]);
	put8(out, d[1]);
	put(out, sig, sizeof(sig));
}

/* What to change in the crafted transferable key. */
struct kopt {
	uint8_t pflags, sflags; /* key flags of the self-signature and of the binding */
	uint32_t pexp, sexp;	/* key expiration (seconds after creation), 0: none */
	int bind_flip;		/* flip a bit of the binding's signature value */
	int no_backsig;		/* no embedded primary-key binding signature */
	int backsig_flip;	/* the back-signature's value with a flipped bit */
	int flags_unhashed;	/* binding: hashed flags "encrypt", unhashed flags = sflags */
	int revoke;		/* a key revocation signature on the primary */
	int bind_other_issuer;	/* binding (made by the primary) names the subkey as issuer:
				   no issuer fingerprint, unhashed issuer key ID of the subkey */
};

static const struct kopt GOOD = {PGP_KEYFLAG_CERTIFY | PGP_KEYFLAG_SIGN, PGP_KEYFLAG_SIGN,
				 0, 0, 0, 0, 0, 0, 0, 0};

static struct ckey P, S; /* the primary and the subkey */

/* primary | [revocation] | user ID | self-signature | subkey | binding */
static void craft_key(struct buf *out, const struct kopt *o)
{
	static const char uid[] = "crafted <crafted@diginit.test>";
	uint8_t upre[5] = {0xb4, 0, 0, 0, sizeof(uid) - 1};
	struct pgp_span ks[2] = {{P.pre, 3}, {P.body, sizeof(P.body)}};
	struct pgp_span us[4] = {{P.pre, 3}, {P.body, sizeof(P.body)}, {upre, 5},
				 {(const uint8_t *)uid, sizeof(uid) - 1}};
	struct pgp_span bs[4] = {{P.pre, 3}, {P.body, sizeof(P.body)}, {S.pre, 3},
				 {S.body, sizeof(S.body)}};
	struct buf h, u, body, emb;
	uint8_t kid[8];

	memset(out, 0, sizeof(*out));
	packet(out, PGP_TAG_PUBKEY, P.body, sizeof(P.body));
	if (o->revoke) {
		memset(&h, 0, sizeof(h));
		memset(&u, 0, sizeof(u));
		memset(&body, 0, sizeof(body));
		sub32(&h, 2, SIG_TIME);
		sub_fpr(&h, &P);
		sig_body(&body, PGP_SIGT_KEY_REVOCATION, &h, &u, ks, 2, &P);
		packet(out, PGP_TAG_SIG, body.b, body.n);
	}
	packet(out, PGP_TAG_UID, (const uint8_t *)uid, sizeof(uid) - 1);
	memset(&h, 0, sizeof(h));
	memset(&u, 0, sizeof(u));
	memset(&body, 0, sizeof(body));
	sub32(&h, 2, T0);
	subpacket(&h, 27, &o->pflags, 1);
	if (o->pexp)
		sub32(&h, 9, o->pexp);
	sub_fpr(&h, &P);
	memcpy(kid, P.fpr + 12, 8);
	subpacket(&u, 16, kid, 8);
	sig_body(&body, PGP_SIGT_CERT_POSITIVE, &h, &u, us, 4, &P);
	packet(out, PGP_TAG_SIG, body.b, body.n);

	packet(out, PGP_TAG_PUBSUBKEY, S.body, sizeof(S.body));
	memset(&emb, 0, sizeof(emb));
	if (!o->no_backsig) {
		memset(&h, 0, sizeof(h));
		memset(&u, 0, sizeof(u));
		sub32(&h, 2, T0);
		sub_fpr(&h, &S);
		sig_body(&emb, PGP_SIGT_PRIMARY_BINDING, &h, &u, bs, 4, &S);
		if (o->backsig_flip)
			emb.b[emb.n - 1] ^= 0x01;
	}
	memset(&h, 0, sizeof(h));
	memset(&u, 0, sizeof(u));
	memset(&body, 0, sizeof(body));
	sub32(&h, 2, T0);
	if (o->flags_unhashed) {
		uint8_t enc = 0x0c;

		subpacket(&h, 27, &enc, 1);
		subpacket(&u, 27, &o->sflags, 1);
	} else {
		subpacket(&h, 27, &o->sflags, 1);
	}
	if (o->sexp)
		sub32(&h, 9, o->sexp);
	if (o->bind_other_issuer)
		subpacket(&u, 16, S.fpr + 12, 8);
	else
		sub_fpr(&h, &P);
	if (emb.n)
		subpacket(&h, 32, emb.b, emb.n);
	sig_body(&body, PGP_SIGT_SUBKEY_BINDING, &h, &u, bs, 4, &P);
	if (o->bind_flip)
		body.b[body.n - 1] ^= 0x01;
	packet(out, PGP_TAG_SIG, body.b, body.n);
}

/* Parse the crafted key: 0 and the records, or the parser's -errno and reason. */
static int load(const struct kopt *o, struct pgp_key keys[4], size_t *n, struct pgp_err *err)
{
	struct buf kb;

	craft_key(&kb, o);
	memset(err, 0, sizeof(*err));
	return pgp_keys_parse(kb.b, kb.n, NULL, 0, keys, 4, n, err);
}

/* ---------------- data signatures ---------------- */

static const uint8_t DATA[] = "the signed string of a header";

/* What to put in a crafted data signature, besides the issuer fingerprint. */
struct dopt {
	const struct ckey *by;
	uint32_t created;	/* 0: no creation time subpacket */
	int extra_type;		/* another hashed subpacket of this type (0: none) */
	uint32_t unhashed_time; /* a creation time in the unhashed area (0: none) */
	const struct ckey *unhashed_issuer; /* an issuer key ID subpacket (16) naming it */
};

static void craft_sig(struct buf *out, const struct dopt *o)
{
	struct pgp_span ds = {DATA, sizeof(DATA) - 1};
	struct buf h, u, body;

	memset(out, 0, sizeof(*out));
	memset(&h, 0, sizeof(h));
	memset(&u, 0, sizeof(u));
	memset(&body, 0, sizeof(body));
	if (o->created)
		sub32(&h, 2, o->created);
	sub_fpr(&h, o->by);
	if (o->extra_type)
		sub32(&h, (unsigned)o->extra_type, 0x01020304u);
	if (o->unhashed_time)
		sub32(&u, 2, o->unhashed_time);
	if (o->unhashed_issuer)
		subpacket(&u, 16, o->unhashed_issuer->fpr + 12, 8);
	sig_body(&body, PGP_SIGT_BINARY, &h, &u, &ds, 1, o->by);
	packet(out, PGP_TAG_SIG, body.b, body.n);
}

/* The verdict of the crafted signature against keys[0..n); *st the first status. */
static enum pgp_verdict verify(const struct dopt *o, const struct pgp_key *keys, size_t n,
			       enum pgp_status *st)
{
	struct pgp_span ds = {DATA, sizeof(DATA) - 1};
	struct pgp_keyring kr = {keys, n};
	struct pgp_sig_result res[2];
	size_t nres = 0;
	struct buf sb;
	enum pgp_verdict v;

	craft_sig(&sb, o);
	v = pgp_blob_verify(sb.b, sb.n, &ds, 1, &kr, NULL, res, 2, &nres, NULL);
	*st = nres ? res[0].status : PGP_ST__COUNT;
	return v;
}

/* ---------------- the cases ---------------- */

static void test_keys(void)
{
	struct pgp_key keys[4];
	struct pgp_err err;
	struct kopt o;
	size_t n = 0;
	int rc;

	rc = load(&GOOD, keys, &n, &err);
	ok(rc == 0 && n == 2 && (keys[0].flags & PGP_KF_CAN_SIGN) &&
		   (keys[1].flags & PGP_KF_CAN_SIGN) && keys[0].expires == 0 && keys[1].expires == 0,
	   "good key: primary and signing subkey load, both can sign, no expiry (rc %d, %s)", rc,
	   pgp_reason_str(err.reason));

	o = GOOD;
	o.bind_flip = 1;
	rc = load(&o, keys, &n, &err);
	ok(rc == -EINVAL && err.reason == PGP_R_BAD_BINDING,
	   "subkey binding with a flipped signature bit: key refused, bad binding (rc %d, %s)", rc,
	   pgp_reason_str(err.reason));

	o = GOOD;
	o.bind_other_issuer = 1;
	rc = load(&o, keys, &n, &err);
	ok(rc == -EINVAL && err.reason == PGP_R_BAD_BINDING,
	   "subkey binding made by the primary but naming another issuer (the subkey): key "
	   "refused, bad binding (rc %d, %s)", rc, pgp_reason_str(err.reason));

	o = GOOD;
	o.no_backsig = 1;
	rc = load(&o, keys, &n, &err);
	ok(rc == 0 && n == 2 && (keys[1].flags & PGP_KF_BOUND) && !(keys[1].flags & PGP_KF_CAN_SIGN),
	   "signing subkey without the primary-key back-signature: bound, cannot sign");

	o = GOOD;
	o.backsig_flip = 1;
	rc = load(&o, keys, &n, &err);
	ok(rc == 0 && n == 2 && !(keys[1].flags & PGP_KF_CAN_SIGN),
	   "signing subkey whose back-signature does not verify: cannot sign");

	o = GOOD;
	o.flags_unhashed = 1;
	rc = load(&o, keys, &n, &err);
	ok(rc == 0 && n == 2 && !(keys[1].flags & PGP_KF_CAN_SIGN),
	   "\"sign\" key flag only in the binding's unhashed area: cannot sign");

	o = GOOD;
	o.pexp = 1000;
	rc = load(&o, keys, &n, &err);
	ok(rc == 0 && n == 2 && keys[0].expires == T0 + 1000 && keys[1].expires == T0 + 1000,
	   "primary expires after 1000 s, subkey never: the subkey expires with the primary "
	   "(got %u, %u)", rc ? 0 : keys[0].expires - T0, rc ? 0 : keys[1].expires - T0);

	o.sexp = 5000;
	rc = load(&o, keys, &n, &err);
	ok(rc == 0 && n == 2 && keys[1].expires == T0 + 1000,
	   "primary expires after 1000 s, subkey after 5000 s: capped at 1000 s (got %u)",
	   rc ? 0 : keys[1].expires - T0);
	if (rc == 0) {
		struct dopt d = {&S, T0 + 2000, 0, 0, NULL};
		enum pgp_status st;

		ok(verify(&d, keys, n, &st) == PGP_REJECTED && st == PGP_ST_KEY_EXPIRED,
		   "... a subkey signature made after the primary expired: KEY_EXPIRED, rejected");
	}

	o = GOOD;
	o.sexp = 500;
	o.pexp = 1000;
	rc = load(&o, keys, &n, &err);
	ok(rc == 0 && n == 2 && keys[1].expires == T0 + 500,
	   "subkey expiring before the primary keeps its own expiry (got %u)",
	   rc ? 0 : keys[1].expires - T0);

	o = GOOD;
	o.revoke = 1;
	rc = load(&o, keys, &n, &err);
	ok(rc == 0 && n == 2 && (keys[0].flags & PGP_KF_REVOKED) &&
		   (keys[1].flags & PGP_KF_REVOKED) && !(keys[0].flags & PGP_KF_CAN_SIGN) &&
		   !(keys[1].flags & PGP_KF_CAN_SIGN),
	   "revoked primary: primary and subkey revoked, neither can sign");

	o = GOOD;
	o.pflags = PGP_KEYFLAG_CERTIFY;
	rc = load(&o, keys, &n, &err);
	ok(rc == 0 && n == 2 && !(keys[0].flags & PGP_KF_CAN_SIGN) &&
		   (keys[1].flags & PGP_KF_CAN_SIGN),
	   "certify-only primary: the primary cannot sign, its signing subkey can");
}

static void test_sigs(void)
{
	struct pgp_key keys[4], nobs[4];
	struct pgp_err err;
	struct kopt o = GOOD;
	struct dopt d;
	enum pgp_status st;
	enum pgp_verdict v;
	size_t n = 0, nn = 0;

	if (load(&GOOD, keys, &n, &err) != 0 || n != 2) {
		ok(0, "signatures: the good key loads");
		return;
	}
	memset(&d, 0, sizeof(d));
	d.by = &P;
	d.created = SIG_TIME;
	v = verify(&d, keys, n, &st);
	ok(v == PGP_AUTHENTIC && st == PGP_ST_OK, "good data signature by the primary: authentic");
	d.by = &S;
	v = verify(&d, keys, n, &st);
	ok(v == PGP_AUTHENTIC && st == PGP_ST_OK, "good data signature by the subkey: authentic");

	o.no_backsig = 1;
	if (load(&o, nobs, &nn, &err) == 0) {
		v = verify(&d, nobs, nn, &st);
		ok(v == PGP_REJECTED && st == PGP_ST_KEY_CANNOT_SIGN,
		   "the same by the subkey without back-signature: KEY_CANNOT_SIGN, rejected");
	} else {
		ok(0, "the key without back-signature loads");
	}

	d.by = &P;
	d.extra_type = 0x80 | 100;
	v = verify(&d, keys, n, &st);
	ok(v == PGP_MALFORMED_BLOB && st == PGP_ST_MALFORMED,
	   "unknown critical hashed subpacket (100): the signature is void (malformed blob)");
	d.extra_type = 100;
	v = verify(&d, keys, n, &st);
	ok(v == PGP_AUTHENTIC, "the same subpacket not critical: ignored, authentic");
	d.extra_type = 0x80 | 3; /* signature expiration time, known: 0x01020304 s */
	v = verify(&d, keys, n, &st);
	ok(v == PGP_AUTHENTIC, "a known critical subpacket (3, signature expiry): authentic");
	d.extra_type = 0;

	d.unhashed_issuer = &S;
	v = verify(&d, keys, n, &st);
	ok(v == PGP_MALFORMED_BLOB,
	   "issuer key ID (the subkey's) contradicting the issuer fingerprint (the primary's): "
	   "malformed");
	d.unhashed_issuer = NULL;

	d.created = 0;
	v = verify(&d, keys, n, &st);
	ok(v == PGP_MALFORMED_BLOB, "no creation time in the hashed area: malformed");

	/* a creation time in the unhashed area never replaces the hashed one */
	{
		struct buf sb;
		struct pgp_sig sig;
		size_t used = 0;
		int rc;

		d.created = SIG_TIME;
		d.unhashed_time = T0 + 999999u;
		craft_sig(&sb, &d);
		rc = pgp_sig_parse(sb.b, sb.n, &sig, &used, &err);
		ok(rc == 0 && sig.created == SIG_TIME,
		   "unhashed creation time: the hashed one is kept (got %u)",
		   rc ? 0 : sig.created - T0);
		d.unhashed_time = 0;
	}
}

int main(void)
{
	if (sodium_init() < 0) {
		printf("not ok 1 - crafted: sodium_init\n1..1\n");
		return 1;
	}
	ckey_make(&P, 0x11);
	ckey_make(&S, 0x22);
	test_keys();
	test_sigs();
	printf("1..%d\n", ntest);
	return nfail ? 1 : 0;
}
