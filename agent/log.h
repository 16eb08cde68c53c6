/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stvpnd's log: syslog (the journal under systemd), standard error when
 * in the foreground, and the traceoptions file when one is configured.
 */
#ifndef STVPN_LOG_H
#define STVPN_LOG_H

#include <stdbool.h>
#include <syslog.h>

void log_open(const char *ident, bool foreground);
/* Also write every line to FILE (NULL: stop); relative names are under /var/log. */
int log_trace_file(const char *file);
void log_msg(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
