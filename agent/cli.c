// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stvpn: the command-line interface of stvpn.
 *
 *   stvpn [-j|--json] COMMAND [ARGS...] [| display json|set]
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

#ifndef STVPN_VERSION
#define STVPN_VERSION "0.1"
#endif

struct cli cli;

struct command {
	const char	*name;
	int		(*main)(int argc, char **argv);
	const char	*help;
};

static int help_main(int argc, char **argv);
static int version_main(int argc, char **argv);

static const struct command commands[] = {
	{ "kernel",	kernel_main,	"kernel device show [NAME]   talk to the stvpn module directly;\n"
					"  kernel help                 its commands: sa, binding, device, stats, encap, monitor" },
	{ "commit",	commit_main,	"commit check FILE...        check configuration files, apply nothing" },
	{ "show",	show_main,	"show configuration file FILE... [| display set]\n"
					"                              a configuration file as stvpn reads it" },
	{ "help",	help_main,	"help                        this text" },
	{ "version",	version_main,	"version                     the version of stvpn" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s [-j|--json] COMMAND [ARGS...] [| display json]\n\n"
		   "Commands:\n", cli.prog);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %s\n", commands[i].help);
}

static int help_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	usage(stdout);
	return EXIT_OK;
}

static int version_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("stvpn %s\n", STVPN_VERSION);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	size_t i;

	cli.prog = "stvpn";
	argc--, argv++;

	while (argc > 0 && argv[0][0] == '-') {
		if (!strcmp(argv[0], "-j") || !strcmp(argv[0], "--json")) {
			cli.json = true;
		} else if (!strcmp(argv[0], "-h") || !strcmp(argv[0], "--help")) {
			usage(stdout);
			return EXIT_OK;
		} else if (!strcmp(argv[0], "-V") || !strcmp(argv[0], "--version")) {
			return version_main(0, NULL);
		} else {
			fprintf(stderr, "%s: unknown option '%s'\n", cli.prog, argv[0]);
			usage(stderr);
			return EXIT_USAGE;
		}
		argc--, argv++;
	}

	/* The Junos way of asking for JSON or set form: "| display json|set". */
	if (argc >= 3 && !strcmp(argv[argc - 3], "|") &&
	    !strcmp(argv[argc - 2], "display") &&
	    (!strcmp(argv[argc - 1], "json") || !strcmp(argv[argc - 1], "set"))) {
		if (!strcmp(argv[argc - 1], "json"))
			cli.json = true;
		else
			cli.display_set = true;
		argc -= 3;
	}
	for (i = 0; i < (size_t)argc; i++) {
		if (argv[i][0] == '|') {
			fprintf(stderr, "%s: unsupported pipe '%s': the only ones are "
				"'| display json' and '| display set'\n", cli.prog, argv[i]);
			return EXIT_USAGE;
		}
	}

	if (argc == 0) {
		usage(stderr);
		return EXIT_USAGE;
	}

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[0], commands[i].name))
			return commands[i].main(argc, argv);

	fprintf(stderr, "%s: unknown command '%s'\n", cli.prog, argv[0]);
	usage(stderr);
	return EXIT_USAGE;
}
