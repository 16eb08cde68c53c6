// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Loading a configuration into stvpnd: read it, check it as a whole,
 * build the model, apply it by difference (apply.c). From the file of
 * -f when stvpnd starts and on SIGHUP, from "stvpn load" over the
 * control socket.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "daemon.h"
#include "log.h"

static void log_diags(const struct cf_tree *t)
{
	const struct cf_diag *dg;

	for (dg = t->diags; dg; dg = dg->next)
		log_msg(dg->error ? LOG_ERR : LOG_WARNING, "%s", dg->text);
}

/* The trace file the model asks for (ipsec's if both have one), or none. */
static void trace_file(const struct model *m)
{
	const char *file = m->ipsec_trace_file ?: m->ike_trace_file;
	int err = log_trace_file(file, m->trace_size, m->trace_files,
				 m->trace_world_readable);

	if (err)
		log_msg(LOG_WARNING, "cannot open the trace file %s/%s: %s", LOG_TRACE_DIR,
			file, strerror(-err));
}

static void set_active(struct daemon *d, struct cf_tree *t)
{
	if (d->active) {
		cf_free(d->active);
		free(d->active);
	}
	d->active = t;
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
	/* What a dead stvpnd left goes once there is something sound to apply. */
	if (!d->flushed) {
		apply_flush_stale(&d->a);
		d->flushed = true;
	}
	ret = apply_model(&d->a, &m, msg, sizeof(msg));
	if (ret == -EINVAL || ret == -ENOMEM) {
		fputs(msg, err);
		log_msg(LOG_ERR, "%s: not applied:\n%s", name, msg);
		fprintf(err, "%s: nothing applied\n", name);
		goto fail;
	}
	/* Applied, perhaps in part: it is the active configuration now. */
	set_active(d, t);
	trace_file(&d->a.m);
	if (ret) {
		fputs(msg, err);
		log_msg(LOG_ERR, "%s: applied in part (the rest is tried again at the next "
			"load):\n%s", name, msg);
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
