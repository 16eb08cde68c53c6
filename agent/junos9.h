/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Junos "$9$" secrets (see junos9.c): decoded when a configuration gives
 * one, and how "show configuration" prints a key.
 */
#ifndef STVPN_JUNOS9_H
#define STVPN_JUNOS9_H

#include <stdbool.h>
#include <stddef.h>

/* True if S starts with "$9$". */
bool junos9_is(const char *s);

/*
 * The text of "$9$..." S into OUT (SIZE bytes, NUL-terminated); its
 * length, or -1 if S is not a well-formed $9$ secret or OUT is too small.
 */
int junos9_decode(const char *s, char *out, size_t size);

/*
 * PLAIN as "$9$..." into OUT; its length, or -1 if it does not fit (a
 * byte takes up to 4 characters, plus 7). The same text always gives the
 * same secret, so printed configurations compare equal.
 */
int junos9_encode(const char *plain, char *out, size_t size);

#endif
