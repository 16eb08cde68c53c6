// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stvpn: the command-line interface of stvpn.
 *
 *   stvpn [-j|--json] [-s SOCKET] COMMAND [ARGS...] [| display json|set]
 *
 * "show", "clear" and "load" are answered by stvpnd over its control
 * socket; "kernel", "commit check" and "show configuration file" work
 * without it.
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
static int clear_main(int argc, char **argv);
static int load_main(int argc, char **argv);

static const struct command commands[] = {
	{ "kernel",	kernel_main,	"kernel device show [NAME]   talk to the stvpn module directly;\n"
					"  kernel help                 its commands: sa, binding, device, stats, encap, monitor" },
	{ "commit",	commit_main,	"commit check FILE...        check configuration files, apply nothing" },
	{ "show",	show_main,	"show security ike|ipsec ...   state, from stvpnd (stvpn show ?)\n"
					"  show interfaces stX [terse|detail]\n"
					"  show configuration [| display set]\n"
					"                              the active configuration\n"
					"  show configuration file FILE... [| display set]\n"
					"                              a configuration file as stvpn reads it" },
	{ "clear",	clear_main,	"clear security ipsec security-associations|statistics [index N]" },
	{ "load",	load_main,	"load FILE                   replace stvpnd's configuration with FILE" },
	{ "help",	help_main,	"help [COMMAND...]           this text, or the commands under COMMAND\n"
					"  COMMAND... ?                the same" },
	{ "version",	version_main,	"version                     the version of stvpn" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s [-j|--json] [-s SOCKET] COMMAND [ARGS...] [| display json|set]\n\n"
		   "Commands:\n", cli.prog);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %s\n", commands[i].help);
}

static int help_main(int argc, char **argv)
{
	if (argc > 1)
		return help_words(argc - 1, argv + 1);
	usage(stdout);
	return EXIT_OK;
}

static int clear_main(int argc, char **argv)
{
	return daemon_call(argc, argv);
}

static int load_main(int argc, char **argv)
{
	return daemon_call(argc, argv);
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
		} else if (!strcmp(argv[0], "-s") || !strcmp(argv[0], "--socket")) {
			if (argc < 2) {
				fprintf(stderr, "%s: %s needs a socket path\n", cli.prog, argv[0]);
				return EXIT_USAGE;
			}
			cli.socket = argv[1];
			argc--, argv++;
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
	/* "show security ?": the commands that continue the line. */
	if (!strcmp(argv[argc - 1], "?"))
		return help_words(argc - 1, argv);

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[0], commands[i].name))
			return commands[i].main(argc, argv);

	fprintf(stderr, "%s: unknown command '%s'\n", cli.prog, argv[0]);
	usage(stderr);
	return EXIT_USAGE;
}
