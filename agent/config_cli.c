// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The stvpn commands that read configuration files by themselves:
 *
 *   stvpn commit check FILE...
 *   stvpn show configuration file FILE... [| display set]
 *
 * Errors and warnings go to stderr, one a line, "FILE:LINE: error: ...".
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "conf.h"

/* Reads every file into T; the number of errors. */
static unsigned int load_all(struct cf_tree *t, int argc, char **argv)
{
	int i;

	cf_init(t);
	for (i = 0; i < argc; i++)
		cf_load_file(t, argv[i]);
	/* References are checked once every statement has been read. */
	if (!cf_errors(t))
		cf_check(t);
	cf_print_diags(t, stderr);
	return cf_errors(t);
}

static int commit_check(int argc, char **argv)
{
	struct cf_tree t;
	unsigned int errors;

	if (!argc) {
		fprintf(stderr, "Usage: %s commit check FILE...\n", cli.prog);
		return EXIT_USAGE;
	}
	errors = load_all(&t, argc, argv);
	if (errors)
		fprintf(stderr, "error: configuration check-out failed: %u error%s\n",
			errors, errors == 1 ? "" : "s");
	else
		printf("configuration check succeeds\n");
	cf_free(&t);
	return errors ? EXIT_FAIL : EXIT_OK;
}

int commit_main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "check"))
		return commit_check(argc - 2, argv + 2);
	if (argc >= 2)
		fprintf(stderr, "%s: commit: unknown command '%s'\n", cli.prog, argv[1]);
	fprintf(stderr, "Usage: %s commit check FILE...\n", cli.prog);
	return EXIT_USAGE;
}

/* show configuration file FILE... [| display set] */
int show_configuration_file(int argc, char **argv)
{
	struct cf_tree t;
	unsigned int errors;

	if (!argc) {
		fprintf(stderr, "Usage: %s show configuration file FILE... [| display set]\n",
			cli.prog);
		return EXIT_USAGE;
	}
	errors = load_all(&t, argc, argv);
	if (errors) {
		fprintf(stderr, "error: %u error%s: nothing shown\n", errors,
			errors == 1 ? "" : "s");
	} else if (cli.display_set) {
		cf_print_set(&t, stdout);
	} else if (cli.json) {
		cf_print_json(&t, stdout);
	} else {
		cf_print_brace(&t, stdout);
	}
	cf_free(&t);
	return errors ? EXIT_FAIL : EXIT_OK;
}

int show_main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "configuration") && !strcmp(argv[2], "file"))
		return show_configuration_file(argc - 3, argv + 3);
	if (argc < 2) {
		fprintf(stderr, "Usage: %s show COMMAND... (%s show ? lists them)\n",
			cli.prog, cli.prog);
		return EXIT_USAGE;
	}
	return daemon_call(argc, argv);
}
