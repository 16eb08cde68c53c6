// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stvpnd's log (see log.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"

static bool to_stderr;
static FILE *trace;
static char trace_name[512];

void log_open(const char *ident, bool foreground)
{
	to_stderr = foreground;
	openlog(ident, LOG_PID, LOG_DAEMON);
}

int log_trace_file(const char *file)
{
	char path[sizeof(trace_name)];
	FILE *f;

	if (!file) {
		if (trace)
			fclose(trace);
		trace = NULL;
		trace_name[0] = '\0';
		return 0;
	}
	snprintf(path, sizeof(path), "%s%s", file[0] == '/' ? "" : "/var/log/", file);
	if (trace && !strcmp(path, trace_name))
		return 0;
	f = fopen(path, "ae");
	if (!f)
		return -errno;
	setvbuf(f, NULL, _IOLBF, 0);
	if (trace)
		fclose(trace);
	trace = f;
	snprintf(trace_name, sizeof(trace_name), "%s", path);
	return 0;
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
	if (trace) {
		time_t now = time(NULL);
		char stamp[32];
		struct tm tm;

		localtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%b %e %H:%M:%S", &tm);
		fprintf(trace, "%s stvpnd: %s\n", stamp, line);
	}
}
