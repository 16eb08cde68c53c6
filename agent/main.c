// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stvpnd: the stvpn key management daemon.
 *
 * This is the skeleton the keying agent grows from: it knows its command
 * line and refuses to start, saying so, until IKE and the configuration
 * parser exist.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef STVPN_VERSION
#define STVPN_VERSION "0.1"
#endif

static void usage(FILE *f)
{
	fprintf(f, "Usage: stvpnd [-f FILE] [-h] [-V]\n"
		   "  -f FILE   configuration (default /etc/stvpn/stvpn.conf)\n"
		   "  -h        this help\n"
		   "  -V        print the version\n");
}

int main(int argc, char **argv)
{
	const char *conf = "/etc/stvpn/stvpn.conf";
	int opt;

	while ((opt = getopt(argc, argv, "f:hV")) != -1) {
		switch (opt) {
		case 'f':
			conf = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_SUCCESS;
		case 'V':
			printf("stvpnd %s\n", STVPN_VERSION);
			return EXIT_SUCCESS;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "stvpnd: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}

	fprintf(stderr, "stvpnd: cannot load %s: keying is not implemented in this version\n",
		conf);
	return EXIT_FAILURE;
}
