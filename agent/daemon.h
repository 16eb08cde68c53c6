/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stvpnd's state, shared by its main loop (main.c), the loading of
 * configurations (load.c) and the operational commands (ops.c).
 */
#ifndef STVPN_DAEMON_H
#define STVPN_DAEMON_H

#include <stdbool.h>
#include <stdio.h>

#include "apply.h"
#include "conf.h"

struct daemon {
	struct applied	a;
	struct cf_tree	*active;	/* the configuration applied, or NULL */
	const char	*conf;		/* -f FILE, reread on SIGHUP */
	bool		flushed;	/* what an earlier stvpnd left is gone */
};

/*
 * Reads the configuration NAME (TEXT of LEN bytes, or the file NAME when
 * TEXT is NULL), checks it and applies it. Messages go to ERR. Returns
 * an exit code of cli.h: EXIT_FAIL when the configuration has errors (and
 * nothing changed) or the kernel refused part of it.
 */
int daemon_load(struct daemon *d, const char *name, const char *text, size_t len,
		FILE *err);

/*
 * One request of the control socket: FORMAT is "text", "json" or "set".
 * Keys are shown only to a PRIVILEGED client (root).
 */
int ops_run(struct daemon *d, const char *format, int argc, char **argv,
	    bool privileged, FILE *out, FILE *err);

#endif
