// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stvpnd: the stvpn key management daemon.
 *
 * One event loop, no busy polling: the control socket and the signals
 * (SIGHUP reloads, SIGTERM and SIGINT stop) through a signalfd. The
 * configuration is read and checked as a whole before any of it is
 * applied, and applied by difference (apply.c).
 *
 * IKE is not here yet: VPNs with "ike" are bound to their interfaces and
 * wait; manual-key VPNs are complete.
 */
#define _GNU_SOURCE		/* accept4() */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "ctl.h"
#include "daemon.h"
#include "log.h"

#ifndef STVPN_VERSION
#define STVPN_VERSION "0.1"
#endif

/* The parsers shared with the CLI (parse.c) name their program. */
struct cli cli = { .prog = "stvpnd" };

static void usage(FILE *f)
{
	fprintf(f, "Usage: stvpnd [-f FILE] [-s SOCKET] [-g GROUP] [-d] [-h] [-V]\n"
		   "  -f FILE    configuration (default /etc/stvpn/stvpn.conf)\n"
		   "  -s SOCKET  control socket (default " STVPN_CTL_SOCKET ")\n"
		   "  -g GROUP   members of GROUP may use the control socket too\n"
		   "  -d         detach and run in the background\n"
		   "  -h         this help\n"
		   "  -V         print the version\n");
}

/* --- configurations ---------------------------------------------------------- */

static void log_diags(const struct cf_tree *t)
{
	const struct cf_diag *dg;

	for (dg = t->diags; dg; dg = dg->next)
		log_msg(dg->error ? LOG_ERR : LOG_WARNING, "%s", dg->text);
}

int daemon_load(struct daemon *d, const char *name, const char *text, size_t len,
		FILE *err)
{
	struct cf_tree *t = malloc(sizeof(*t));
	FILE *null = NULL;
	char msg[8192];
	struct model m;
	int ret;

	/* Without a client (start, SIGHUP) the log says it all. */
	if (!err)
		err = null = fopen("/dev/null", "we");
	if (!t || !err) {
		log_msg(LOG_ERR, "out of memory");
		free(t);
		return EXIT_FAIL;
	}
	cf_init(t);
	if (text)
		cf_load_text(t, name, text, len);
	else
		cf_load_file(t, name);
	if (!cf_errors(t))
		cf_check(t);
	cf_print_diags(t, err);
	log_diags(t);
	if (cf_errors(t)) {
		log_msg(LOG_ERR, "%s: %u error%s: nothing applied", name, cf_errors(t),
			cf_errors(t) == 1 ? "" : "s");
		fprintf(err, "%s: %u error%s: nothing applied\n", name, cf_errors(t),
			cf_errors(t) == 1 ? "" : "s");
		goto fail;
	}
	ret = model_build(&m, t, msg, sizeof(msg));
	if (ret) {
		fprintf(err, "%s\n", msg);
		log_msg(LOG_ERR, "%s", msg);
		goto fail;
	}
	/* The trace file first, so that what follows is in it. */
	if (m.ike_trace_file || m.ipsec_trace_file) {
		const char *file = m.ipsec_trace_file ?: m.ike_trace_file;

		if (log_trace_file(file))
			log_msg(LOG_WARNING, "cannot open the trace file %s: %s", file,
				strerror(errno));
	} else {
		log_trace_file(NULL);
	}
	ret = apply_model(&d->a, &m, msg, sizeof(msg));
	if (ret == -EINVAL) {
		fputs(msg, err);
		log_msg(LOG_ERR, "%s: not applied:\n%s", name, msg);
		fprintf(err, "%s: nothing applied\n", name);
		goto fail;
	}
	/* Applied, perhaps in part: it is the active configuration now. */
	if (d->active) {
		cf_free(d->active);
		free(d->active);
	}
	d->active = t;
	if (ret) {
		fputs(msg, err);
		log_msg(LOG_ERR, "%s: applied in part:\n%s", name, msg);
		ret = EXIT_FAIL;
		goto out;
	}
	log_msg(LOG_INFO, "%s: configuration applied (%zu interfaces, %zu routes, %zu VPNs)",
		name, d->a.m.nifaces, d->a.m.nroutes, d->a.m.nvpns);
	ret = EXIT_OK;
	goto out;
fail:
	cf_free(t);
	free(t);
	ret = EXIT_FAIL;
out:
	if (null)
		fclose(null);
	return ret;
}

/* --- the control socket --------------------------------------------------------- */

static void serve(struct daemon *d, int lfd)
{
	char *outbuf = NULL, *errbuf = NULL, **argv, *buf;
	size_t outlen = 0, errlen = 0;
	FILE *out, *err;
	int fd, argc, status;

	fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return;
	argc = ctl_read_request(fd, &argv, &buf);
	out = open_memstream(&outbuf, &outlen);
	err = open_memstream(&errbuf, &errlen);
	if (!out || !err) {
		status = EXIT_FAIL;
	} else if (argc < 2) {
		fputs("stvpn: bad request\n", err);
		status = EXIT_USAGE;
	} else {
		status = ops_run(d, argv[0], argc - 1, argv + 1, out, err);
	}
	if (out)
		fclose(out);
	if (err)
		fclose(err);
	ctl_reply(fd, status, outbuf ?: "", outbuf ? outlen : 0, errbuf ?: "",
		  errbuf ? errlen : 0);
	/* "load" carries a configuration, keys and all. */
	if (buf) {
		size_t n = 0;
		int i;

		for (i = 0; i < argc; i++)
			n += strlen(argv[i]) + 1;
		explicit_bzero(buf, n);
	}
	free(buf);
	free(argv);
	free(outbuf);
	free(errbuf);
}

static int make_run_dir(const char *sock)
{
	char dir[256];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", sock);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

int main(int argc, char **argv)
{
	const char *sock = getenv(STVPN_CTL_ENV) ?: STVPN_CTL_SOCKET, *group = NULL;
	struct daemon d = { .conf = "/etc/stvpn/stvpn.conf" };
	struct pollfd pfd[2];
	bool detach = false, running = true;
	char err[512];
	sigset_t mask;
	int opt, lfd, sfd;

	while ((opt = getopt(argc, argv, "f:s:g:dhV")) != -1) {
		switch (opt) {
		case 'f':
			d.conf = optarg;
			break;
		case 's':
			sock = optarg;
			break;
		case 'g':
			group = optarg;
			break;
		case 'd':
			detach = true;
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
	log_open("stvpnd", !detach);

	sigemptyset(&mask);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);

	if (apply_init(&d.a, err, sizeof(err))) {
		fprintf(stderr, "stvpnd: %s\n", err);
		return EXIT_FAILURE;
	}
	/* A configuration with errors stops a starting daemon: say so at once. */
	if (daemon_load(&d, d.conf, NULL, 0, NULL) != EXIT_OK && !d.active) {
		apply_fini(&d.a);
		return EXIT_FAILURE;
	}
	if (make_run_dir(sock) < 0 ||
	    (lfd = ctl_listen(sock, group, err, sizeof(err))) < 0) {
		fprintf(stderr, "stvpnd: control socket: %s\n",
			make_run_dir(sock) < 0 ? strerror(errno) : err);
		apply_fini(&d.a);
		return EXIT_FAILURE;
	}
	if (detach && daemon(0, 0) < 0) {
		fprintf(stderr, "stvpnd: cannot detach: %s\n", strerror(errno));
		return EXIT_FAILURE;
	}
	log_msg(LOG_INFO, "stvpnd %s started; control socket %s", STVPN_VERSION, sock);

	pfd[0] = (struct pollfd){ .fd = sfd, .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = lfd, .events = POLLIN };
	while (running) {
		struct signalfd_siginfo si;

		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			log_msg(LOG_ERR, "poll: %s", strerror(errno));
			break;
		}
		if (pfd[0].revents & POLLIN &&
		    read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
			if (si.ssi_signo == SIGHUP) {
				log_msg(LOG_INFO, "SIGHUP: reloading %s", d.conf);
				daemon_load(&d, d.conf, NULL, 0, NULL);
			} else {
				log_msg(LOG_INFO, "signal %u: stopping", si.ssi_signo);
				running = false;
			}
		}
		if (pfd[1].revents & POLLIN)
			serve(&d, lfd);
	}

	/* What stvpnd made goes with it: apply an empty configuration. */
	{
		struct model empty = { 0 };
		int ret = apply_model(&d.a, &empty, err, sizeof(err));

		if (ret)
			log_msg(LOG_WARNING, "stopping: %s", err);
	}
	close(lfd);
	unlink(sock);
	if (d.active) {
		cf_free(d.active);
		free(d.active);
	}
	apply_fini(&d.a);
	log_msg(LOG_INFO, "stopped");
	return EXIT_SUCCESS;
}
