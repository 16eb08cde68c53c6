// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * junos9_test: agent/junos9.c against the secret an SRX printed in the
 * seed (004, Appendix A), every byte value through encode and decode,
 * and malformed secrets refused. TAP on stdout.
 */
#include <stdio.h>
#include <string.h>

#include "junos9.h"

static int tests, failed;

static void ok(int cond, const char *desc)
{
	tests++;
	if (!cond)
		failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tests, desc);
}

int main(void)
{
	static const char *const bad[] = {
		"$9$",				/* nothing */
		"plain",			/* no prefix */
		"$9$lMaeLN$YoGjq4a",		/* the 000 seed's: '$' is no digit */
		"$9$LrN7w2mPQF/t24jqmfn6re",	/* the last group cut short */
		"$9$QQ",			/* a step of 0 */
		"$9$LrN7w2mPQF/t24jqmfn6re~",	/* a character outside the alphabet */
	};
	char text[256], enc[1100], back[256];
	int n, all_ok = 1, i;
	size_t b;

	printf("TAP version 13\n");

	n = junos9_decode("$9$LrN7w2mPQF/t24jqmfn6rev", text, sizeof(text));
	ok(n == 7 && !strcmp(text, "Voyager"),
	   "the hub's key in 004 Appendix A decodes to 'Voyager'");

	n = junos9_encode("Voyager", enc, sizeof(enc));
	ok(n > 0 && junos9_decode(enc, back, sizeof(back)) == 7 &&
	   !strcmp(back, "Voyager"), "and 'Voyager' encoded decodes back");

	/* Every byte value, in every position of the seven patterns. */
	for (b = 1; b < 256 && all_ok; b++) {
		for (i = 0; i < 7; i++)
			text[i] = 'a';
		text[7] = '\0';
		for (i = 0; i < 7 && all_ok; i++) {
			text[i] = (char)b;
			if (junos9_encode(text, enc, sizeof(enc)) < 0 ||
			    junos9_decode(enc, back, sizeof(back)) != 7 ||
			    memcmp(back, text, 8))
				all_ok = 0;
			text[i] = 'a';
		}
	}
	ok(all_ok, "bytes 1 to 255 in each of the seven positions survive encode and decode");

	/* A long key: 255 characters, every pattern many times over. */
	memset(text, 'k', 255);
	text[255] = '\0';
	ok(junos9_encode(text, enc, sizeof(enc)) > 0 &&
	   junos9_decode(enc, back, sizeof(back)) == 255 && !strcmp(back, text),
	   "a key of 255 characters survives");
	ok(junos9_encode(text, enc, 100) < 0, "encode refuses a buffer too small");
	ok(junos9_decode("$9$LrN7w2mPQF/t24jqmfn6rev", back, 7) < 0,
	   "decode refuses a buffer too small");

	junos9_encode("secretkey", enc, sizeof(enc));
	junos9_encode("secretkey", back, sizeof(back));
	ok(!strcmp(enc, back), "the same text gives the same secret");

	for (i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++) {
		char desc[128];

		snprintf(desc, sizeof(desc), "malformed '%s' refused", bad[i]);
		ok(junos9_decode(bad[i], back, sizeof(back)) < 0, desc);
	}

	printf("1..%d\n", tests);
	return failed ? 1 : 0;
}
