// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Junos "$9$" secrets: the reversible scrambling an SRX applies to the
 * pre-shared keys and passwords it prints ("## SECRET-DATA"). It hides a
 * key from a glance over the shoulder and nothing more; there is no key.
 *
 * The alphabet is 65 characters in four families. A secret is "$9$", a
 * salt character, as many random characters as the salt's family says
 * (0 to 3), then for each byte of the text a group of 2 to 4 characters;
 * each character's distance from the one before it in the alphabet is a
 * digit, and the digits weighted by the group's pattern (which cycles
 * through seven patterns) add up to the byte.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "junos9.h"

static const char *const families[] = {
	"QzF3n6/9CAtpu0O", "B1IREhcSyrleKvMW8LXx", "7N-dVbwsY2g4oaJZGUDj", "iHkq.mPf5T",
};

/* Digit weights of the group for each byte, in turn. */
static const uint8_t patterns[][4] = {
	{ 1, 4, 32 }, { 1, 16, 32 }, { 1, 8, 32 }, { 1, 64 }, { 1, 32 },
	{ 1, 4, 16, 128 }, { 1, 32, 64 },
};
#define NPATTERNS	(sizeof(patterns) / sizeof(patterns[0]))
#define ALPHABET_LEN	65

static size_t pattern_len(size_t i)
{
	const uint8_t *p = patterns[i % NPATTERNS];
	size_t n = 0;

	while (n < 4 && p[n])
		n++;
	return n;
}

/* The position of C in the alphabet (the families one after another). */
static int position(char c)
{
	int base = 0;
	size_t f;

	for (f = 0; f < 4; f++) {
		const char *hit = c ? strchr(families[f], c) : NULL;

		if (hit)
			return base + (int)(hit - families[f]);
		base += (int)strlen(families[f]);
	}
	return -1;
}

static char at(int pos)
{
	size_t f;

	for (f = 0; f < 4; f++) {
		int len = (int)strlen(families[f]);

		if (pos < len)
			return families[f][pos];
		pos -= len;
	}
	return '\0';
}

/* How many random characters follow the salt C: 3 for the first family. */
static int extra(char c)
{
	size_t f;

	for (f = 0; f < 4; f++)
		if (c && strchr(families[f], c))
			return 3 - (int)f;
	return -1;
}

bool junos9_is(const char *s)
{
	return !strncmp(s, "$9$", 3);
}

int junos9_decode(const char *s, char *out, size_t size)
{
	size_t len, i = 0, n = 0, k;
	int prev, skip;

	if (!junos9_is(s))
		return -1;
	s += 3;
	len = strlen(s);
	skip = extra(s[0]);
	if (skip < 0 || (size_t)skip + 1 > len)
		return -1;
	/* The gaps count from the salt; the random characters are skipped. */
	prev = position(s[0]);
	for (i = 1; i <= (size_t)skip; i++)
		if (position(s[i]) < 0)
			return -1;
	for (; i < len; n++) {
		const uint8_t *w = patterns[n % NPATTERNS];
		size_t glen = pattern_len(n);
		unsigned int byte = 0;

		if (i + glen > len || n + 1 >= size)
			return -1;
		for (k = 0; k < glen; k++) {
			int pos = position(s[i + k]);
			int step = (pos - prev + ALPHABET_LEN) % ALPHABET_LEN;

			/* A step of 0 would be a gap of -1: never written. */
			if (pos < 0 || !step)
				return -1;
			byte += (unsigned int)(step - 1) * w[k];
			prev = pos;
		}
		if (byte > 255 || byte == 0)
			return -1;
		out[n] = (char)byte;
		i += glen;
	}
	out[n] = '\0';
	return (int)n;
}

/*
 * A byte B as the gaps of pattern W, most significant weight first; each
 * gap is a step forward of gap + 1 from PREV. Appends to OUT.
 */
static void encode_byte(unsigned int b, const uint8_t *w, size_t glen, int *prev,
			char *out)
{
	unsigned int gaps[4] = { 0 };
	size_t k;

	for (k = glen; k-- > 0;) {
		gaps[k] = b / w[k];
		b %= w[k];
	}
	for (k = 0; k < glen; k++) {
		*prev = (*prev + (int)gaps[k] + 1) % ALPHABET_LEN;
		out[k] = at(*prev);
	}
}

/* FNV-1a: a salt that depends only on the text, so output is stable. */
static uint32_t fnv1a(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

int junos9_encode(const char *plain, char *out, size_t size)
{
	uint32_t h = fnv1a(plain);
	size_t len = strlen(plain), need = 4 + 3, n, o;
	int prev, skip, i;

	for (n = 0; n < len; n++)
		need += pattern_len(n);
	if (need + 1 > size || !len)
		return -1;
	memcpy(out, "$9$", 3);
	o = 3;
	prev = (int)(h % ALPHABET_LEN);
	out[o++] = at(prev);
	skip = extra(at(prev));
	for (i = 0; i < skip; i++) {
		h = h * 1103515245u + 12345u;
		out[o++] = at((int)((h >> 8) % ALPHABET_LEN));
	}
	for (n = 0; n < len; n++) {
		encode_byte((uint8_t)plain[n], patterns[n % NPATTERNS], pattern_len(n),
			    &prev, out + o);
		o += pattern_len(n);
	}
	out[o] = '\0';
	return (int)o;
}
