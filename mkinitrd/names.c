// SPDX-License-Identifier: MIT
/*
 * mkinitrd/names.c — the set of lists and their names.
 *
 * <seq> is the list's position (from 0) after sorting by NVRA, bytewise, ties broken by
 * the list bytes, zero-padded to MK_SEQ_WIDTH digits. So the name order equals the
 * sort order, the shim's upload order (name order) is the same on every machine with
 * the same package set, and the same rpmdb always gives the same names, whatever the
 * order librpm returned the headers in.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mk.h"

void mk_set_add(struct mk_set *s, char *nvra, uint8_t *buf, size_t len)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->v = mk_xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n].nvra = nvra;
	s->v[s->n].name = NULL;
	s->v[s->n].buf = buf;
	s->v[s->n].len = len;
	s->n++;
}

void mk_set_free(struct mk_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].nvra);
		free(s->v[i].name);
		free(s->v[i].buf);
	}
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

static int cmp_list(const void *a, const void *b)
{
	const struct mk_list *x = a, *y = b;
	int c = strcmp(x->nvra, y->nvra);
	size_t n;

	if (c)
		return c;
	n = x->len < y->len ? x->len : y->len;
	c = memcmp(x->buf, y->buf, n);
	if (c)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

int mk_set_name(struct mk_set *s)
{
	if (s->n > (size_t)MK_SEQ_MAX + 1)
		return -E2BIG;
	if (s->n > 1)
		qsort(s->v, s->n, sizeof(*s->v), cmp_list);
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].name);
		s->v[i].name = mk_xasprintf("%0*zu%s%s", MK_SEQ_WIDTH, i, MK_NAME_TAG,
					    s->v[i].nvra);
		if (!dg_name_ok(s->v[i].name))
			return -ENAMETOOLONG;
	}
	return 0;
}
