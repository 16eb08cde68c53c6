// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The stvpn commands that stvpnd answers (show, clear, load), and the
 * help of every command level ("stvpn show ?", "stvpn help show").
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ctl.h"

/*
 * Every operational command, word by word: the source of "?" help.
 * Words in capitals or brackets are arguments.
 */
static const char *const templates[] = {
	"show security ike security-associations [index N] [detail]",
	"show security ipsec security-associations [index N] [detail]",
	"show security ipsec next-hop-tunnels",
	"show security ipsec statistics [index N]",
	"show interfaces stX [terse|detail]",
	"show configuration [| display set]",
	"show configuration file FILE... [| display set]",
	"clear security ike security-associations",
	"clear security ipsec security-associations [index N]",
	"clear security ipsec statistics [index N]",
	"load FILE",
	"commit check FILE...",
	"kernel help",
	"help [COMMAND...]",
	"version",
};

/* Is the command line a question: its last word "?" or "help" first? */
int help_words(int argc, char **argv)
{
	size_t i, n = 0;
	int k;

	for (i = 0; i < sizeof(templates) / sizeof(templates[0]); i++) {
		const char *t = templates[i];
		bool match = true;

		for (k = 0; k < argc && match; k++) {
			size_t len = strlen(argv[k]);

			match = !strncmp(t, argv[k], len) && (t[len] == ' ' || !t[len]);
			if (!match)
				break;
			t += len;
			t += strspn(t, " ");
		}
		if (match) {
			printf("  %s\n", templates[i]);
			n++;
		}
	}
	if (!n) {
		fprintf(stderr, "%s: no command begins '", cli.prog);
		for (k = 0; k < argc; k++)
			fprintf(stderr, "%s%s", k ? " " : "", argv[k]);
		fprintf(stderr, "'\n");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

const char *cli_socket(void)
{
	return cli.socket ?: getenv(STVPN_CTL_ENV) ?: STVPN_CTL_SOCKET;
}

/* Reads FILE whole (a configuration: text, no NUL bytes). */
static char *read_file(const char *file)
{
	FILE *f = fopen(file, "re");
	size_t len = 0, size = 0;
	char *buf = NULL, *p;
	size_t n;

	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", cli.prog, file, strerror(errno));
		return NULL;
	}
	do {
		if (len + 4096 + 1 > size) {
			size = size ? size * 2 : 65536;
			if (size > STVPN_CTL_MAX_REQUEST || !(p = malloc(size))) {
				fprintf(stderr, "%s: %s: too large\n", cli.prog, file);
				goto fail;
			}
			/* No copy of the keys left behind in freed memory. */
			if (buf) {
				memcpy(p, buf, len);
				explicit_bzero(buf, len);
				free(buf);
			}
			buf = p;
		}
		n = fread(buf + len, 1, size - len - 1, f);
		len += n;
	} while (n);
	if (ferror(f)) {
		fprintf(stderr, "%s: %s: %s\n", cli.prog, file, strerror(errno));
		goto fail;
	}
	buf[len] = '\0';
	if (memchr(buf, '\0', len)) {
		fprintf(stderr, "%s: %s: not a text file\n", cli.prog, file);
		goto fail;
	}
	fclose(f);
	return buf;
fail:
	if (buf)
		explicit_bzero(buf, len);
	free(buf);
	fclose(f);
	return NULL;
}

/* Sends the command to stvpnd; its answer is the CLI's. */
int daemon_call(int argc, char **argv)
{
	const char *sock = cli_socket();
	char **req, *conf = NULL;
	int i, n = 0, ret;

	req = calloc((size_t)argc + 3, sizeof(*req));
	if (!req)
		return EXIT_FAIL;
	req[n++] = cli.json ? "json" : cli.display_set ? "set" : "text";
	for (i = 0; i < argc; i++)
		req[n++] = argv[i];
	if (!strcmp(argv[0], "load")) {
		if (argc != 2) {
			fprintf(stderr, "Usage: %s load FILE\n", cli.prog);
			free(req);
			return EXIT_USAGE;
		}
		conf = read_file(argv[1]);
		if (!conf) {
			free(req);
			return EXIT_FAIL;
		}
		req[n++] = conf;
	}
	ret = ctl_call(sock, n, req);
	if (conf) {
		explicit_bzero(conf, strlen(conf));
		free(conf);
	}
	free(req);
	if (ret == -ENOENT || ret == -ECONNREFUSED) {
		fprintf(stderr, "%s: stvpnd is not running (nothing answers on %s)\n",
			cli.prog, sock);
		return EXIT_UNAVAIL;
	}
	if (ret == -EACCES || ret == -EPERM) {
		fprintf(stderr, "%s: %s: permission denied (root, or the group stvpnd -g names)\n",
			cli.prog, sock);
		return EXIT_FAIL;
	}
	if (ret < 0) {
		fprintf(stderr, "%s: talking to stvpnd on %s: %s\n", cli.prog, sock,
			strerror(-ret));
		return EXIT_FAIL;
	}
	return ret;
}
