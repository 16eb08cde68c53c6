// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stvpnd's log (see log.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static bool to_stderr;

static struct {
	FILE		*f;
	char		path[512];
	uint64_t	size, limit;
	unsigned int	files;
	mode_t		mode;
} trace;

void log_open(const char *ident, bool foreground)
{
	to_stderr = foreground;
	openlog(ident, LOG_PID, LOG_DAEMON);
}

/* Opens trace.path: never through a symbolic link, never a new owner. */
static int trace_open(void)
{
	struct stat st;
	int fd;

	fd = open(trace.path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
		  trace.mode);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	fchmod(fd, trace.mode);
	trace.f = fdopen(fd, "a");
	if (!trace.f) {
		close(fd);
		return -ENOMEM;
	}
	setvbuf(trace.f, NULL, _IOLBF, 0);
	trace.size = (uint64_t)st.st_size;
	return 0;
}

static void trace_close(void)
{
	if (trace.f)
		fclose(trace.f);
	trace.f = NULL;
}

int log_trace_file(const char *name, uint64_t size, unsigned int files,
		   bool world_readable)
{
	trace_close();
	if (!name)
		return 0;
	if (strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, ".."))
		return -EINVAL;
	snprintf(trace.path, sizeof(trace.path), LOG_TRACE_DIR "/%s", name);
	trace.limit = size;
	trace.files = files ?: 3;
	trace.mode = world_readable ? 0644 : 0600;
	return trace_open();
}

/*
 * NAME.(FILES-3) -> NAME.(FILES-2), ..., NAME -> NAME.0, and a new NAME:
 * FILES files in all, the one written included.
 */
static void trace_turn(void)
{
	char from[sizeof(trace.path) + 16], to[sizeof(trace.path) + 16];
	unsigned int i;

	trace_close();
	for (i = trace.files >= 2 ? trace.files - 2 : 0; i > 0; i--) {
		snprintf(from, sizeof(from), "%s.%u", trace.path, i - 1);
		snprintf(to, sizeof(to), "%s.%u", trace.path, i);
		rename(from, to);
	}
	snprintf(to, sizeof(to), "%s.0", trace.path);
	if (trace.files > 1)
		rename(trace.path, to);
	else
		unlink(trace.path);
	trace_open();
}

void log_msg(int prio, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	syslog(prio, "%s", line);
	if (to_stderr)
		fprintf(stderr, "stvpnd: %s\n", line);
	if (trace.f) {
		time_t now = time(NULL);
		char stamp[32];
		struct tm tm;
		int n;

		localtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%b %e %H:%M:%S", &tm);
		n = fprintf(trace.f, "%s stvpnd: %s\n", stamp, line);
		if (n > 0)
			trace.size += (uint64_t)n;
		if (trace.limit && trace.size >= trace.limit)
			trace_turn();
	}
}
