// SPDX-License-Identifier: MIT
/*
 * diglist/name.c — names (diglist.h): the list-name rule, which is the kernel's label
 * rule as the shim applies it, and the NEVRA text.
 */
#include <stdio.h>

#include "diglist.h"

/* A byte of a label: graphic ASCII. Blanks would split the IMA log's n-ng field,
 * controls and non-ASCII bytes would reach the kernel log and the measurement. */
static int name_byte_ok(unsigned char c)
{
	return c > 0x20 && c < 0x7f;
}

int dg_name_ok(const char *name)
{
	size_t i;

	/* the name and its NUL are written: at most DG_NAME_MAX + 1 bytes together */
	for (i = 0; name[i]; i++)
		if (i >= DG_NAME_MAX || !name_byte_ok((unsigned char)name[i]))
			return 0;
	return i > 0;
}

int dg_name_part_ok(const char *part)
{
	size_t i;

	for (i = 0; part[i]; i++)
		if (!name_byte_ok((unsigned char)part[i]) || part[i] == '/')
			return 0;
	return i > 0;
}

void dg_nevra_format(const struct rh_nevra *n, char *out, size_t cap)
{
	if (!out || cap == 0)
		return;
	if (n->has_epoch)
		snprintf(out, cap, "%s-%u:%s-%s.%s", n->name, n->epoch, n->version, n->release,
			 n->arch);
	else
		snprintf(out, cap, "%s-%s-%s.%s", n->name, n->version, n->release, n->arch);
}
