// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Writing a configuration tree out (see conf.h): as "set" statements, in
 * brace form and as JSON, keys as $9$ secrets or hidden.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "conf.h"
#include "cli.h"
#include "junos9.h"

static bool needs_quotes(const char *v, const struct cf_schema *s)
{
	if (s->type == CF_T_SECRET || s->type == CF_T_STRING || (s->flags & CF_HIDE))
		return true;
	for (; *v; v++)
		if (isspace((unsigned char)*v) || cf_punct(*v) || *v == '"' || *v == '#')
			return true;
	return false;
}

/* What stands for a key that is not to be shown (to whom: see stvpnd.8). */
#define HIDDEN_SECRET	"<hidden>"

static void print_value(FILE *f, bool hide, const char *v, const struct cf_schema *s)
{
	if (hide && (s->flags & CF_HIDE)) {
		fputs("\"" HIDDEN_SECRET "\"", f);
		return;
	}
	/* Keys in text are printed as an SRX prints them: "$9$...". */
	if (s->type == CF_T_SECRET && !junos9_is(v)) {
		char enc[4 * CF_MAX_SECRET + 8];

		if (junos9_encode(v, enc, sizeof(enc)) > 0)
			fprintf(f, "\"%s\"", enc);
		explicit_bzero(enc, sizeof(enc));
		return;
	}
	if (!needs_quotes(v, s)) {
		fputs(v, f);
		return;
	}
	fputc('"', f);
	for (; *v; v++) {
		if (*v == '"' || *v == '\\')
			fputc('\\', f);
		fputc(*v, f);
	}
	fputc('"', f);
}

/*
 * The children of N in schema order (named entries and list values in
 * the order they were made), each passed to FN.
 */
static void each_child(const struct cf_node *n,
		       void (*fn)(const struct cf_node *c, void *arg), void *arg)
{
	const struct cf_schema *s;
	const struct cf_node *c;

	if (!n->s && !n->child)
		return;
	for (s = n->s ? n->s->children : cf_schema_root; s && s->kw; s++)
		for (c = n->child; c; c = c->next)
			if (c->s == s)
				fn(c, arg);
}

struct set_ctx {
	FILE		*f;
	bool		hide;		/* keys as HIDDEN_SECRET */
	char		prefix[1024];
};

static void set_node(const struct cf_node *n, void *arg)
{
	struct set_ctx *ctx = arg;
	size_t len = strlen(ctx->prefix);
	int w;

	w = snprintf(ctx->prefix + len, sizeof(ctx->prefix) - len, "%s%s",
		     len && *n->s->kw ? " " : "", n->s->kw);
	if (w < 0 || (size_t)w >= sizeof(ctx->prefix) - len)
		goto out;
	if (n->value && n->s->kind != CF_LEAF && n->s->kind != CF_LEAFLIST) {
		size_t l2 = strlen(ctx->prefix);

		snprintf(ctx->prefix + l2, sizeof(ctx->prefix) - l2, "%s%s",
			 l2 ? " " : "", n->value);
	}
	if (n->s->kind == CF_LEAF || n->s->kind == CF_LEAFLIST) {
		fprintf(ctx->f, "set %s ", ctx->prefix);
		print_value(ctx->f, ctx->hide, n->value, n->s);
		fputc('\n', ctx->f);
	} else if (!n->child) {
		fprintf(ctx->f, "set %s\n", ctx->prefix);
	} else {
		each_child(n, set_node, ctx);
	}
out:
	ctx->prefix[len] = '\0';
}

void cf_print_set(const struct cf_tree *t, FILE *f)
{
	struct set_ctx ctx = { .f = f, .hide = t->hide_secrets };

	each_child(&t->root, set_node, &ctx);
}

/* --- JSON ------------------------------------------------------------------ */

static void json_value(FILE *f, bool hide, const char *v, const struct cf_schema *s)
{
	if (hide && (s->flags & CF_HIDE)) {
		json_string(f, HIDDEN_SECRET);
		return;
	}
	if (s->type == CF_T_SECRET && !junos9_is(v)) {
		char enc[4 * CF_MAX_SECRET + 8];

		if (junos9_encode(v, enc, sizeof(enc)) > 0)
			json_string(f, enc);
		else
			json_string(f, "");
		explicit_bzero(enc, sizeof(enc));
		return;
	}
	json_string(f, v);
}

/*
 * N's children as one object: a key per keyword, in schema order. Named
 * entries are an object by name, leaf-lists an array, flags true, an
 * optional argument (traceoptions file NAME) the member "name".
 */
static void json_object(const struct cf_node *n, FILE *f, bool hide)
{
	const struct cf_schema *s;
	const struct cf_node *c;
	bool first = true;

	fputc('{', f);
	if (n->s && (n->s->flags & CF_OPTARG) && n->value) {
		fputs("\"name\":", f);
		json_string(f, n->value);
		first = false;
	}
	for (s = n->s ? n->s->children : cf_schema_root; s && s->kw; s++) {
		bool opened = false;

		for (c = n->child; c; c = c->next) {
			if (c->s != s)
				continue;
			/* Interfaces: members by name, no keyword above them. */
			if (!s->kw[0]) {
				if (!first)
					fputc(',', f);
				first = false;
				json_string(f, c->value);
				fputc(':', f);
				json_object(c, f, hide);
				continue;
			}
			if (!opened) {
				if (!first)
					fputc(',', f);
				first = false;
				json_string(f, s->kw);
				fputc(':', f);
				if (s->kind == CF_NAMED)
					fputc('{', f);
				else if (s->kind == CF_LEAFLIST)
					fputc('[', f);
			} else {
				fputc(',', f);
			}
			opened = true;
			switch (s->kind) {
			case CF_NAMED:
				json_string(f, c->value);
				fputc(':', f);
				json_object(c, f, hide);
				break;
			case CF_LEAF:
			case CF_LEAFLIST:
				json_value(f, hide, c->value, s);
				break;
			case CF_FLAG:
				fputs("true", f);
				break;
			default:
				json_object(c, f, hide);
				break;
			}
			if (s->kind != CF_NAMED && s->kind != CF_LEAFLIST)
				break;		/* one of each */
		}
		if (opened && s->kind == CF_NAMED)
			fputc('}', f);
		else if (opened && s->kind == CF_LEAFLIST)
			fputc(']', f);
	}
	fputc('}', f);
}

void cf_print_json(const struct cf_tree *t, FILE *f)
{
	fputs("{\"configuration\":", f);
	json_object(&t->root, f, t->hide_secrets);
	fputs("}\n", f);
}

struct brace_ctx {
	FILE		*f;
	bool		hide;		/* keys as HIDDEN_SECRET */
	int		indent;
	const char	*join;		/* keyword of a CF_JOIN parent, to print first */
};

/* True if every child of N is a leaf, a leaf-list value or a flag. */
static bool only_leaves(const struct cf_node *n)
{
	const struct cf_node *c;

	for (c = n->child; c; c = c->next)
		if (c->s->kind != CF_LEAF && c->s->kind != CF_LEAFLIST &&
		    c->s->kind != CF_FLAG)
			return false;
	return true;
}

/* " kw value" of a CF_ONELINE entry's child; a leaf-list as " kw [ a b ]". */
static void oneline_leaf(const struct cf_node *n, void *arg)
{
	struct brace_ctx *ctx = arg;
	const struct cf_node *c;
	int count = 0;

	if (n->s->kind == CF_LEAFLIST) {
		for (c = n->parent->child; c; c = c->next)
			if (c->s == n->s) {
				if (c != n && !count)
					return;		/* printed with the first */
				count++;
			}
	}
	fprintf(ctx->f, " %s", n->s->kw);
	if (n->s->kind == CF_FLAG)
		return;
	fputs(count > 1 ? " [" : "", ctx->f);
	for (c = n; c; c = count > 1 ? c->next : NULL)
		if (c->s == n->s) {
			fputc(' ', ctx->f);
			print_value(ctx->f, ctx->hide, c->value, c->s);
		}
	fputs(count > 1 ? " ]" : "", ctx->f);
}

static void brace_node(const struct cf_node *n, void *arg);

/* A child of a CF_JOIN container: "family" and then the child itself. */
static void join_child(const struct cf_node *n, void *arg)
{
	struct brace_ctx *ctx = arg;

	ctx->join = n->parent->s->kw;
	brace_node(n, ctx);
	ctx->join = NULL;
}

static void brace_node(const struct cf_node *n, void *arg)
{
	struct brace_ctx *ctx = arg;
	const struct cf_node *c;

	if (n->s->kind == CF_LEAFLIST && (n->s->flags & CF_BRACKET)) {
		int count = 0;

		/* One line for all the values: "kw [ a b ];", or "kw a;". */
		for (c = n->parent->child; c; c = c->next)
			if (c->s == n->s) {
				if (c != n && !count)
					return;		/* printed with the first */
				count++;
			}
		fprintf(ctx->f, "%*s%s %s", ctx->indent, "", n->s->kw,
			count > 1 ? "[ " : "");
		for (c = n; c; c = c->next)
			if (c->s == n->s) {
				print_value(ctx->f, ctx->hide, c->value, c->s);
				if (count > 1)
					fputc(' ', ctx->f);
			}
		fputs(count > 1 ? "];\n" : ";\n", ctx->f);
		return;
	}
	if (n->s->flags & CF_JOIN) {
		/* "family inet {": each child with this keyword in front. */
		each_child(n, join_child, ctx);
		return;
	}
	fprintf(ctx->f, "%*s%s%s%s", ctx->indent, "", ctx->join ? ctx->join : "",
		ctx->join ? " " : "", n->s->kw);
	ctx->join = NULL;
	if (n->value) {
		if (*n->s->kw)
			fputc(' ', ctx->f);
		print_value(ctx->f, ctx->hide, n->value, n->s);
	}
	/* "route P next-hop [ X Y ];", "file F size 1m;": leaves on one line. */
	if ((n->s->flags & CF_ONELINE) && n->child && only_leaves(n)) {
		bool secret = false;

		each_child(n, oneline_leaf, ctx);
		for (c = n->child; c; c = c->next)
			secret |= !!(c->s->flags & CF_HIDE);
		fputs(secret ? "; ## SECRET-DATA\n" : ";\n", ctx->f);
		return;
	}
	if (n->s->kind == CF_LEAF || n->s->kind == CF_LEAFLIST || !n->child) {
		fputs(";", ctx->f);
		if (n->s->flags & CF_HIDE)
			fputs(" ## SECRET-DATA", ctx->f);
		fputc('\n', ctx->f);
		return;
	}
	fputs(" {\n", ctx->f);
	ctx->indent += 4;
	each_child(n, brace_node, ctx);
	ctx->indent -= 4;
	fprintf(ctx->f, "%*s}\n", ctx->indent, "");
}

void cf_print_brace(const struct cf_tree *t, FILE *f)
{
	struct brace_ctx ctx = { .f = f, .hide = t->hide_secrets };

	each_child(&t->root, brace_node, &ctx);
}
