/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The stvpn CLI: shared definitions of its command families.
 */
#ifndef STVPN_CLI_H
#define STVPN_CLI_H

#include <stdbool.h>
#include <stdio.h>

/* Exit codes a script can rely on (documented in stvpn(8)). */
enum {
	EXIT_OK		= 0,
	EXIT_FAIL	= 1,	/* the request was understood and failed */
	EXIT_USAGE	= 2,	/* the command line was not understood */
	EXIT_UNAVAIL	= 3,	/* the module or daemon is not there */
};

struct cli {
	const char	*prog;
	bool		json;
	bool		display_set;	/* "| display set" */
	const char	*socket;	/* -s SOCKET */
};

extern struct cli cli;

int kernel_main(int argc, char **argv);
int commit_main(int argc, char **argv);
int show_main(int argc, char **argv);
int show_configuration_file(int argc, char **argv);

void json_string(FILE *f, const char *s);

/* daemon_cli.c: commands stvpnd answers, and the help of every level. */
int daemon_call(int argc, char **argv);
int help_words(int argc, char **argv);
const char *cli_socket(void);

#endif
