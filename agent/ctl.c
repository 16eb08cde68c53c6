// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The control socket between stvpn and stvpnd (see ctl.h).
 */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
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

int ctl_read_request(int fd, char ***argvp, char **bufp)
{
	size_t len = 0, size = 4096, i;
	char *buf = malloc(size), **argv;
	int argc = 0, n;
	ssize_t r;

	*argvp = NULL;
	*bufp = NULL;
	if (!buf)
		return 0;
	timeouts(fd, 10);
	for (;;) {
		if (len == size) {
			char *p;

			if (size >= STVPN_CTL_MAX_REQUEST)
				goto bad;
			size *= 2;
			p = realloc(buf, size);
			if (!p)
				goto bad;
			buf = p;
		}
		r = read(fd, buf + len, size - len);
		if (r < 0 && errno == EINTR)
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
	argv = calloc((size_t)argc + 1, sizeof(*argv));
	if (!argv)
		goto bad;
	for (i = 0, n = 0; n < argc; n++) {
		argv[n] = buf + i;
		i += strlen(buf + i) + 1;
	}
	*argvp = argv;
	*bufp = buf;
	return argc;
bad:
	free(buf);
	return 0;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
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

	if (write_all(fd, head, (size_t)n) == 0 && write_all(fd, out, outlen) == 0)
		write_all(fd, err, errlen);
	close(fd);
}

int ctl_call(const char *path, int argc, char *const *argv)
{
	struct sockaddr_un sun;
	char buf[65536], head[48];
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
	timeouts(fd, 120);
	for (i = 0; i < argc; i++)
		if (write_all(fd, argv[i], strlen(argv[i]) + 1))
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
