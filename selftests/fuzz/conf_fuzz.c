// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * conf_fuzz: libFuzzer target for the configuration reader (agent/conf*.c).
 *
 * Any input may be refused, none may crash or leak (ASan, UBSan). And an
 * input that is accepted must print, in set form, a configuration that is
 * accepted again and prints the same: what show configuration writes,
 * stvpn reads back. An accepted input also makes stvpnd's model
 * (model.c) and prints as JSON.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "conf.h"
#include "model.h"

/* The parsers model.c uses name their program in messages. */
struct cli cli = { .prog = "conf_fuzz" };

/* T printed in set form, as a malloc'ed string (its length in *LEN). */
static char *print_set(const struct cf_tree *t, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f)
		abort();
	cf_print_set(t, f);
	fclose(f);
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cf_tree t, again;
	char *first, *second, *brace = NULL;
	size_t n1, n2, nb;
	FILE *f;

	cf_init(&t);
	cf_load_text(&t, "fuzz", (const char *)data, size);
	if (!cf_errors(&t))
		cf_check(&t);
	if (cf_errors(&t)) {
		cf_free(&t);
		return 0;
	}

	/* A checked tree always makes a model (stvpnd relies on it). */
	{
		struct model m;
		char err[512];

		if (model_build(&m, &t, err, sizeof(err))) {
			fprintf(stderr, "model_build refused a checked tree: %s\n", err);
			abort();
		}
		model_free(&m);
	}

	/* Brace form and JSON must print without trouble too. */
	f = open_memstream(&brace, &nb);
	if (!f)
		abort();
	cf_print_json(&t, f);
	fclose(f);
	free(brace);
	brace = NULL;

	f = open_memstream(&brace, &nb);
	if (!f)
		abort();
	cf_print_brace(&t, f);
	fclose(f);
	free(brace);

	first = print_set(&t, &n1);
	cf_init(&again);
	cf_load_text(&again, "printed", first, n1);
	if (cf_errors(&again)) {
		cf_print_diags(&again, stderr);
		fprintf(stderr, "--- printed:\n%s", first);
		abort();
	}
	second = print_set(&again, &n2);
	if (n1 != n2 || memcmp(first, second, n1)) {
		fprintf(stderr, "--- first:\n%s--- second:\n%s", first, second);
		abort();
	}
	free(first);
	free(second);
	cf_free(&again);
	cf_free(&t);
	return 0;
}
