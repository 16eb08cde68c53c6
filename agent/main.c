// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stvpnd: the stvpn key management daemon.
 *
 * One event loop, no busy polling: the control socket and the signals
 * (SIGHUP reloads, SIGTERM and SIGINT stop) through a signalfd. The
 * configuration is read and checked as a whole before any of it is
 * applied, and applied by difference (load.c, apply.c).
 *
 * IKE is not here yet: VPNs with "ike" are bound to their interfaces and
 * wait; manual-key VPNs are complete.
 */
#define _GNU_SOURCE		/* accept4(), struct ucred */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
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

/* --- the control socket --------------------------------------------------------- */

/* Frees an output buffer that may hold keys ("show configuration"). */
static void wipe_free(char *buf, size_t len)
{
	if (buf)
		explicit_bzero(buf, len);
	free(buf);
}

static void serve(struct daemon *d, int lfd)
{
	char *outbuf = NULL, *errbuf = NULL, **argv, *buf;
	size_t outlen = 0, errlen = 0, buflen;
	struct ucred peer = { .uid = (uid_t)-1 };
	socklen_t plen = sizeof(peer);
	FILE *out, *err;
	int fd, argc, status;

	fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer, &plen) < 0)
		peer.uid = (uid_t)-1;
	argc = ctl_read_request(fd, &argv, &buf, &buflen);
	out = open_memstream(&outbuf, &outlen);
	err = open_memstream(&errbuf, &errlen);
	if (!out || !err) {
		status = EXIT_FAIL;
	} else if (argc < 2) {
		fputs("stvpn: bad request\n", err);
		status = EXIT_USAGE;
	} else {
		status = ops_run(d, argv[0], argc - 1, argv + 1, peer.uid == 0, out, err);
	}
	if (out)
		fclose(out);
	if (err)
		fclose(err);
	ctl_reply(fd, status, outbuf ?: "", outbuf ? outlen : 0, errbuf ?: "",
		  errbuf ? errlen : 0);
	/* "load" carries a configuration, keys and all. */
	wipe_free(buf, buflen);
	free(argv);
	wipe_free(outbuf, outlen);
	wipe_free(errbuf, errlen);
}

/*
 * The directory of SOCK, made if it is missing, and a lock beside the
 * socket that only one stvpnd holds: a second one stops before it
 * touches anything. Returns the lock's descriptor or a negative errno.
 */
static int take_lock(const char *sock, char *err, size_t errlen)
{
	char dir[PATH_MAX], lock[PATH_MAX];
	char *slash;
	int fd;

	snprintf(dir, sizeof(dir), "%s", sock);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
			snprintf(err, errlen, "%.300s: %s", dir, strerror(errno));
			return -errno;
		}
	}
	snprintf(lock, sizeof(lock), "%s.lock", sock);
	fd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%.300s: %s", lock, strerror(errno));
		return -errno;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int e = errno;

		snprintf(err, errlen, e == EWOULDBLOCK ? "another stvpnd runs on %.300s" : "%.300s: %s",
			 sock, strerror(e));
		close(fd);
		return -e;
	}
	return fd;
}

/* An absolute path for PATH: after -d, the working directory is "/". */
static char *absolute(const char *path)
{
	char cwd[PATH_MAX], *abs;

	if (path[0] == '/')
		return strdup(path);
	if (!getcwd(cwd, sizeof(cwd)) || asprintf(&abs, "%s/%s", cwd, path) < 0)
		return NULL;
	return abs;
}

static int stop(struct daemon *d, int code)
{
	if (d->active) {
		cf_free(d->active);
		free(d->active);
		d->active = NULL;
	}
	apply_fini(&d->a);
	return code;
}

int main(int argc, char **argv)
{
	const char *sock_arg = getenv(STVPN_CTL_ENV) ?: STVPN_CTL_SOCKET, *group = NULL;
	const char *conf_arg = "/etc/stvpn/stvpn.conf";
	struct daemon d = { 0 };
	struct pollfd pfd[2];
	bool detach = false, running = true;
	char err[512], *sock, *conf;
	sigset_t mask;
	int opt, lfd, sfd, lock;

	while ((opt = getopt(argc, argv, "f:s:g:dhV")) != -1) {
		switch (opt) {
		case 'f':
			conf_arg = optarg;
			break;
		case 's':
			sock_arg = optarg;
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
	conf = absolute(conf_arg);
	sock = absolute(sock_arg);
	if (!conf || !sock) {
		fprintf(stderr, "stvpnd: %s\n", strerror(errno ?: ENOMEM));
		return EXIT_FAILURE;
	}
	d.conf = conf;
	log_open("stvpnd", !detach);

	sigemptyset(&mask);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (sfd < 0) {
		fprintf(stderr, "stvpnd: signalfd: %s\n", strerror(errno));
		return EXIT_FAILURE;
	}

	if (apply_init(&d.a, err, sizeof(err))) {
		fprintf(stderr, "stvpnd: %s\n", err);
		return EXIT_FAILURE;
	}
	/* Nothing is touched before this stvpnd is the only one on SOCK. */
	lock = take_lock(sock, err, sizeof(err));
	if (lock < 0) {
		fprintf(stderr, "stvpnd: %s\n", err);
		return stop(&d, EXIT_FAILURE);
	}
	/* A configuration with errors stops a starting daemon: say so at once. */
	if (daemon_load(&d, d.conf, NULL, 0, NULL) != EXIT_OK && !d.active)
		return stop(&d, EXIT_FAILURE);
	lfd = ctl_listen(sock, group, err, sizeof(err));
	if (lfd < 0) {
		fprintf(stderr, "stvpnd: control socket: %s\n", err);
		return stop(&d, EXIT_FAILURE);
	}
	if (detach && daemon(0, 0) < 0) {
		fprintf(stderr, "stvpnd: cannot detach: %s\n", strerror(errno));
		return stop(&d, EXIT_FAILURE);
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
	log_msg(LOG_INFO, "stopped");
	close(lock);
	free(conf);
	free(sock);
	return stop(&d, EXIT_SUCCESS);
}
