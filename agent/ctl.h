/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The control socket between stvpn and stvpnd.
 *
 * A request is the command's words, each ending in a NUL, the first of
 * them the output format ("text", "json" or "set"); the client then shuts
 * its side down. The answer is a line "STATUS OUTLEN\n", OUTLEN bytes of
 * standard output, and what remains is standard error. STATUS is the CLI's
 * exit code (cli.h). One request per connection.
 */
#ifndef STVPN_CTL_H
#define STVPN_CTL_H

#include <stddef.h>
#include <stdio.h>

#define STVPN_CTL_SOCKET	"/run/stvpn/stvpnd.sock"
#define STVPN_CTL_ENV		"STVPN_SOCKET"
#define STVPN_CTL_MAX_REQUEST	(16u << 20)	/* a configuration of 10,000 VPNs */
#define STVPN_CTL_MAX_WORDS	64
#define STVPN_CTL_TIMEOUT	10		/* seconds for a whole request or answer */

/* Daemon side: a listening socket at PATH, mode 0600 (0660 with GROUP). */
int ctl_listen(const char *path, const char *group, char *err, size_t errlen);

/*
 * Reads one request from the connected FD, within STVPN_CTL_TIMEOUT
 * seconds in all, into a NUL-separated word list; returns the number of
 * words (0 for a bad request). *BUF holds them, *BUFLEN bytes: wipe it
 * before freeing (a "load" carries keys).
 */
int ctl_read_request(int fd, char ***argv, char **buf, size_t *buflen);
/* Sends STATUS, OUT and ERR within STVPN_CTL_TIMEOUT seconds, closes FD. */
void ctl_reply(int fd, int status, const char *out, size_t outlen,
	       const char *err, size_t errlen);

/*
 * Client side: sends ARGV to the daemon at PATH and copies its answer to
 * stdout and stderr. Returns the daemon's status, or -errno when it
 * cannot reach it.
 */
int ctl_call(const char *path, int argc, char *const *argv);

#endif
