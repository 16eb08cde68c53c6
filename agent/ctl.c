// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The control socket between stvpn and stvpnd (see ctl.h).
 */
#include <errno.h>
#include <grp.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "ctl.h"

static int sun_path(struct sockaddr_un *sun, const char *path)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun->sun_path))
		return -ENAMETOOLONG;
	strcpy(sun->sun_path, path);
	return 0;
}

/* Neither side waits for ever on the other. */
static void timeouts(int fd, int seconds)
{
	struct timeval tv = { .tv_sec = seconds };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

int ctl_listen(const char *path, const char *group, char *err, size_t errlen)
{
	struct sockaddr_un sun;
	struct group *gr = NULL;
	mode_t old;
	int fd, ret;

	if (group && !(gr = getgrnam(group))) {
		snprintf(err, errlen, "no group '%s'", group);
		return -EINVAL;
	}
	if (sun_path(&sun, path)) {
		snprintf(err, errlen, "socket path too long: %s", path);
		return -ENAMETOOLONG;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto fail;
	/* A socket left by a daemon that died: nobody answers on it. */
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0) {
		close(fd);
		snprintf(err, errlen, "another stvpnd answers on %s", path);
		return -EADDRINUSE;
	}
	unlink(path);
	old = umask(gr ? 0117 : 0177);
	ret = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
	umask(old);
	if (ret < 0 || (gr && chown(path, (uid_t)-1, gr->gr_gid) < 0) ||
	    listen(fd, 16) < 0)
		goto fail;
	return fd;
fail:
	ret = -errno;
	snprintf(err, errlen, "%s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return ret;
}

/* Milliseconds left until DEADLINE (CLOCK_MONOTONIC), at least 0. */
static int left_ms(const struct timespec *deadline)
{
	struct timespec now;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (deadline->tv_sec - now.tv_sec) * 1000 +
	     (deadline->tv_nsec - now.tv_nsec) / 1000000;
	return ms > 0 ? (int)ms : 0;
}

static void deadline_in(struct timespec *deadline, int seconds)
{
	clock_gettime(CLOCK_MONOTONIC, deadline);
	deadline->tv_sec += seconds;
}

/* Waits for FD to be ready for EVENTS until DEADLINE; false when it passed. */
static bool ready(int fd, short events, const struct timespec *deadline)
{
	struct pollfd p = { .fd = fd, .events = events };
	int r;

	do {
		r = poll(&p, 1, left_ms(deadline));
	} while (r < 0 && errno == EINTR);
	return r > 0;
}

/* Grows BUF to SIZE bytes without leaving a copy of what it held. */
static char *grow_wiped(char *buf, size_t used, size_t size)
{
	char *p = malloc(size);

	if (p && used)
		memcpy(p, buf, used);
	if (buf)
		explicit_bzero(buf, used);
	free(buf);
	return p;
}

int ctl_read_request(int fd, char ***argvp, char **bufp, size_t *buflenp)
{
	size_t len = 0, size = 4096, i;
	char *buf = malloc(size), **argv;
	struct timespec deadline;
	int argc = 0, n;
	ssize_t r;

	*argvp = NULL;
	*bufp = NULL;
	*buflenp = 0;
	if (!buf)
		return 0;
	deadline_in(&deadline, STVPN_CTL_TIMEOUT);
	for (;;) {
		if (len == size) {
			if (size >= STVPN_CTL_MAX_REQUEST)
				goto bad;
			size *= 2;
			buf = grow_wiped(buf, len, size);
			if (!buf)
				return 0;
		}
		if (!ready(fd, POLLIN, &deadline))
			goto bad;
		r = read(fd, buf + len, size - len);
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r < 0)
			goto bad;
		if (r == 0)
			break;
		len += (size_t)r;
	}
	/* Words end in NUL: the request must too. */
	if (!len || buf[len - 1])
		goto bad;
	for (i = 0; i < len; i++)
		argc += !buf[i];
	if (argc > STVPN_CTL_MAX_WORDS)
		goto bad;
	argv = calloc((size_t)argc + 1, sizeof(*argv));
	if (!argv)
		goto bad;
	for (i = 0, n = 0; n < argc; n++) {
		argv[n] = buf + i;
		i += strlen(buf + i) + 1;
	}
	*argvp = argv;
	*bufp = buf;
	*buflenp = len;
	return argc;
bad:
	explicit_bzero(buf, len);
	free(buf);
	return 0;
}

static int write_all(int fd, const char *p, size_t len, const struct timespec *deadline)
{
	while (len) {
		ssize_t w;

		if (!ready(fd, POLLOUT, deadline))
			return -1;
		w = write(fd, p, len);
		if (w < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (w <= 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

void ctl_reply(int fd, int status, const char *out, size_t outlen,
	       const char *err, size_t errlen)
{
	char head[48];
	int n = snprintf(head, sizeof(head), "%d %zu\n", status, outlen);
	struct timespec deadline;

	deadline_in(&deadline, STVPN_CTL_TIMEOUT);
	if (write_all(fd, head, (size_t)n, &deadline) == 0 &&
	    write_all(fd, out, outlen, &deadline) == 0)
		write_all(fd, err, errlen, &deadline);
	close(fd);
}

int ctl_call(const char *path, int argc, char *const *argv)
{
	struct sockaddr_un sun;
	char buf[65536], head[48];
	struct timespec deadline;
	size_t hlen = 0, outlen, got;
	int fd, status, i;
	ssize_t r;

	if (sun_path(&sun, path))
		return -ENAMETOOLONG;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	/* The daemon may take a while: applying 10,000 VPNs, say. */
	timeouts(fd, 120);
	deadline_in(&deadline, 120);
	for (i = 0; i < argc; i++)
		if (write_all(fd, argv[i], strlen(argv[i]) + 1, &deadline))
			goto broken;
	shutdown(fd, SHUT_WR);

	/* The head, a byte at a time: it is short. */
	while (hlen < sizeof(head) - 1) {
		r = read(fd, head + hlen, 1);
		if (r <= 0)
			goto broken;
		if (head[hlen++] == '\n')
			break;
	}
	head[hlen] = '\0';
	if (sscanf(head, "%d %zu", &status, &outlen) != 2)
		goto broken;
	for (got = 0; (r = read(fd, buf, sizeof(buf))) > 0; got += (size_t)r) {
		size_t to_out = got < outlen ? outlen - got : 0;

		if (to_out > (size_t)r)
			to_out = (size_t)r;
		fwrite(buf, 1, to_out, stdout);
		fwrite(buf + to_out, 1, (size_t)r - to_out, stderr);
	}
	close(fd);
	fflush(stdout);
	return r < 0 || got < outlen ? -EPIPE : status;
broken:
	close(fd);
	return -EPIPE;
}
