/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stvpnd's log: syslog (the journal under systemd), standard error when
 * in the foreground, and the traceoptions file when one is configured.
 */
#ifndef STVPN_LOG_H
#define STVPN_LOG_H

#include <stdbool.h>
#include <stdint.h>
#include <syslog.h>

/* Where trace files go: "traceoptions file NAME" is LOG_TRACE_DIR/NAME. */
#define LOG_TRACE_DIR	"/var/log"

void log_open(const char *ident, bool foreground);

/*
 * Also writes every line to LOG_TRACE_DIR/NAME (NULL: stops), opened
 * again even if it is the same file (so that logrotate can move it). A
 * file of SIZE bytes or more (0: no limit) turns into NAME.0, NAME.0 into
 * NAME.1 and so on, FILES in all. The file is 0600, 0644 if
 * WORLD_READABLE. Returns 0 or a negative errno.
 */
int log_trace_file(const char *name, uint64_t size, unsigned int files,
		   bool world_readable);

void log_msg(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
