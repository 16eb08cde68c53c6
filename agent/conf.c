// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading Junos configuration statements into a tree (see conf.h).
 *
 * Both forms are first cut into statements, each the full path of words
 * from the top ("security ike gateway g1 address 192.0.2.1"): a "set"
 * line is one already, and in brace form every leaf statement gets the
 * words of the blocks around it. Each statement then walks the schema
 * from the root, creating what it names; a statement that goes wrong is
 * reported with its file, line and the word, and the entries it created
 * are taken away again, so that later statements are judged as if it had
 * not been there. (A value it replaced before the wrong word stays
 * replaced: with any error the whole configuration is refused anyway.)
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>

#include "conf.h"
#include "junos9.h"

/* Longest statement, in words; deeper nesting is an error. */
#define CF_MAX_WORDS	64
/* Largest file read. */
#define CF_MAX_FILE	(4U << 20)

struct cf_word {
	char		*text;
	int		line;
	bool		quoted;
};

/* --- diagnostics ------------------------------------------------------ */

static void diag(struct cf_tree *t, bool error, const char *file, int line,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void diag(struct cf_tree *t, bool error, const char *file, int line,
		 const char *fmt, ...)
{
	struct cf_diag *d;
	char msg[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);

	if (error)
		t->errors++;
	else
		t->warnings++;
	d = calloc(1, sizeof(*d));
	if (!d)
		return;
	n = line > 0 ?
	    asprintf(&d->text, "%s:%d: %s: %s", file, line, error ? "error" : "warning", msg) :
	    asprintf(&d->text, "%s: %s: %s", file, error ? "error" : "warning", msg);
	if (n < 0) {
		free(d);
		return;
	}
	d->error = error;
	*t->diag_tail = d;
	t->diag_tail = &d->next;
}

void cf_print_diags(const struct cf_tree *t, FILE *f)
{
	const struct cf_diag *d;

	for (d = t->diags; d; d = d->next)
		fprintf(f, "%s\n", d->text);
}

/* --- the tree ------------------------------------------------------- */

void cf_init(struct cf_tree *t)
{
	memset(t, 0, sizeof(*t));
	t->diag_tail = &t->diags;
}

static void free_node(struct cf_node *n)
{
	struct cf_node *c, *next;

	for (c = n->child; c; c = next) {
		next = c->next;
		free_node(c);
	}
	free(n->index);
	if (n->value && n->s && (n->s->flags & CF_HIDE))
		explicit_bzero(n->value, strlen(n->value));
	free(n->value);
	free(n);
}

void cf_free(struct cf_tree *t)
{
	struct cf_node *c, *next;
	struct cf_diag *d, *dn;
	size_t i;

	for (c = t->root.child; c; c = next) {
		next = c->next;
		free_node(c);
	}
	free(t->root.index);
	for (d = t->diags; d; d = dn) {
		dn = d->next;
		free(d->text);
		free(d);
	}
	for (i = 0; i < t->nfiles; i++)
		free(t->files[i]);
	free(t->files);
	cf_init(t);
}

/* --- the index of many children --------------------------------------- */

/* Children of these kinds are found by keyword and name through the index. */
static bool indexed(const struct cf_schema *s)
{
	return s->kind == CF_NAMED || s->kind == CF_LEAFLIST;
}

/* Below this many indexed children a parent has no index: a scan is cheap. */
#define CF_INDEX_MIN	16

static size_t bucket(const struct cf_node *parent, const char *kw, const char *value)
{
	uint32_t h = 2166136261u;

	for (; *kw; kw++)
		h = (h ^ (uint8_t)*kw) * 16777619u;
	h = (h ^ 0xff) * 16777619u;
	for (; *value; value++)
		h = (h ^ (uint8_t)*value) * 16777619u;
	return h & (parent->index_size - 1);
}

static void index_insert(struct cf_node *parent, struct cf_node *n)
{
	struct cf_node **b = &parent->index[bucket(parent, n->s->kw, n->value)];

	n->index_next = *b;
	*b = n;
}

/* Builds PARENT's index anew with SIZE buckets; without memory, none. */
static void index_build(struct cf_node *parent, size_t size)
{
	struct cf_node *c;

	free(parent->index);
	parent->index = calloc(size, sizeof(*parent->index));
	parent->index_size = parent->index ? size : 0;
	if (!parent->index)
		return;
	for (c = parent->child; c; c = c->next)
		if (indexed(c->s))
			index_insert(parent, c);
}

static struct cf_node *index_find(const struct cf_node *parent, const char *kw,
				  const char *value)
{
	struct cf_node *c;

	for (c = parent->index[bucket(parent, kw, value)]; c; c = c->index_next)
		if (!strcmp(c->value, value) && !strcmp(c->s->kw, kw))
			return c;
	return NULL;
}

static void index_added(struct cf_node *parent, struct cf_node *n)
{
	if (!indexed(n->s))
		return;
	parent->nindexed++;
	if (parent->index && parent->nindexed <= 2 * parent->index_size)
		index_insert(parent, n);
	else if (parent->index || parent->nindexed >= CF_INDEX_MIN)
		index_build(parent, parent->index ? 4 * parent->index_size : 64);
}

static void index_removed(struct cf_node *parent, struct cf_node *n)
{
	struct cf_node **p;

	if (!indexed(n->s))
		return;
	parent->nindexed--;
	if (!parent->index)
		return;
	for (p = &parent->index[bucket(parent, n->s->kw, n->value)]; *p;
	     p = &(*p)->index_next)
		if (*p == n) {
			*p = n->index_next;
			break;
		}
}

const struct cf_node *cf_child(const struct cf_node *n, const char *kw,
			       const char *name)
{
	const struct cf_node *c;

	/* The index has every named entry; what it lacks may be a leaf. */
	if (name && n->index && (c = index_find(n, kw, name)))
		return c;
	for (c = n->child; c; c = c->next)
		if (!strcmp(c->s->kw, kw) &&
		    (!name || (c->value && !strcmp(c->value, name))))
			return c;
	return NULL;
}

const struct cf_node *cf_next_same(const struct cf_node *n)
{
	const struct cf_node *c;

	for (c = n->next; c; c = c->next)
		if (c->s == n->s)
			return c;
	return NULL;
}

static struct cf_node *find(struct cf_node *parent, const struct cf_schema *s,
			    const char *value)
{
	struct cf_node *c;

	if (value && indexed(s) && parent->index)
		return index_find(parent, s->kw, value);
	for (c = parent->child; c; c = c->next)
		if (c->s == s && (!value || (c->value && !strcmp(c->value, value))))
			return c;
	return NULL;
}

static struct cf_node *add(struct cf_node *parent, const struct cf_schema *s,
			   const char *value, const char *file, int line)
{
	struct cf_node *n = calloc(1, sizeof(*n)), **p;

	if (!n)
		return NULL;
	if (value && !(n->value = strdup(value))) {
		free(n);
		return NULL;
	}
	n->s = s;
	n->file = file;
	n->line = line;
	n->parent = parent;
	p = parent->last ? &parent->last->next : &parent->child;
	*p = n;
	parent->last = n;
	index_added(parent, n);
	return n;
}

static void unlink_node(struct cf_node *n)
{
	struct cf_node **p, *prev = NULL;

	index_removed(n->parent, n);
	for (p = &n->parent->child; *p; prev = *p, p = &(*p)->next)
		if (*p == n) {
			*p = n->next;
			break;
		}
	if (n->parent->last == n)
		n->parent->last = prev;
	n->next = NULL;
	free_node(n);
}

/* --- values ----------------------------------------------------------- */

static bool is_word(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("-_./:@", *s))
			return false;
	return true;
}

static bool parse_ulong(const char *s, unsigned long *v)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	*v = strtoul(s, &end, 10);
	return !errno && !*end;
}

static bool is_prefix(const char *s)
{
	char buf[INET6_ADDRSTRLEN + 4], *slash;
	unsigned char addr[16];
	unsigned long len;
	int fam;

	if (strlen(s) >= sizeof(buf))
		return false;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (!slash)
		return false;
	*slash = '\0';
	fam = strchr(buf, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(fam, buf, addr) != 1 || !parse_ulong(slash + 1, &len))
		return false;
	return len <= (fam == AF_INET ? 32U : 128U);
}

static bool is_ifname(const char *s)
{
	const char *dot = strchr(s, '.');
	size_t base = dot ? (size_t)(dot - s) : strlen(s);
	unsigned long unit;

	/* IFNAMSIZ - 1 for the Linux name itself. */
	if (!base || base > 15)
		return false;
	for (size_t i = 0; i < base; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("-_", s[i]))
			return false;
	return !dot || (parse_ulong(dot + 1, &unit) && unit <= 16385);
}

static bool is_hex(const char *s)
{
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isxdigit((unsigned char)*s))
			return false;
	return true;
}

static bool is_size(const char *s)
{
	unsigned long v;
	char buf[32];
	size_t n = strlen(s);

	if (!n || n >= sizeof(buf))
		return false;
	strcpy(buf, s);
	if (strchr("kKmMgG", buf[n - 1]))
		buf[n - 1] = '\0';
	return parse_ulong(buf, &v);
}

/* The expected form of a value of schema S, for messages. */
static void expected(const struct cf_schema *s, char *buf, size_t size)
{
	const char *const *e;
	size_t len = 0;

	switch (s->type) {
	case CF_T_UINT:
		snprintf(buf, size, "a number from %lu to %lu", s->min, s->max);
		return;
	case CF_T_ENUM:
		for (e = s->enums; *e && len < size; e++)
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
						e == s->enums ? "" : ", ", *e);
		return;
	case CF_T_IPV4:
		snprintf(buf, size, "an IPv4 address");
		return;
	case CF_T_IP:
		snprintf(buf, size, "an IPv4 or IPv6 address");
		return;
	case CF_T_PREFIX:
		snprintf(buf, size, "an address/prefix-length");
		return;
	case CF_T_IFNAME:
		snprintf(buf, size, "an interface name (up to 15 characters, optionally .UNIT)");
		return;
	case CF_T_NEXTHOP:
		snprintf(buf, size, "an IPv4 or IPv6 address, or an interface such as st0.0");
		return;
	case CF_T_HEX:
		snprintf(buf, size, "hexadecimal digits");
		return;
	case CF_T_SIZE:
		snprintf(buf, size, "a size (a number, optionally with k, m or g)");
		return;
	case CF_T_STRING:
		snprintf(buf, size, "a text, quoted if it has spaces");
		return;
	case CF_T_SECRET:
		snprintf(buf, size, "a text of up to %d characters, quoted if it has "
			 "spaces, or a $9$ secret", CF_MAX_SECRET);
		return;
	default:
		snprintf(buf, size, "a name (letters, digits, - _ . / : @)");
		return;
	}
}

static bool valid(const struct cf_schema *s, const struct cf_word *w)
{
	const char *v = w->text;
	unsigned char addr[16];
	const char *const *e;
	unsigned long n;

	switch (s->type) {
	case CF_T_NONE:
		return false;
	case CF_T_WORD:
		return is_word(v);
	case CF_T_STRING:
		return *v != '\0' || w->quoted;
	case CF_T_SECRET: {
		char plain[CF_MAX_SECRET + 1];
		bool ok;

		if (!junos9_is(v))
			return *v != '\0' && strlen(v) <= CF_MAX_SECRET;
		ok = junos9_decode(v, plain, sizeof(plain)) > 0;
		explicit_bzero(plain, sizeof(plain));
		return ok;
	}
	case CF_T_UINT:
		return parse_ulong(v, &n) && n >= s->min && n <= s->max;
	case CF_T_ENUM:
		for (e = s->enums; *e; e++)
			if (!strcmp(v, *e))
				return true;
		return false;
	case CF_T_IPV4:
		return inet_pton(AF_INET, v, addr) == 1;
	case CF_T_IP:
		return inet_pton(strchr(v, ':') ? AF_INET6 : AF_INET, v, addr) == 1;
	case CF_T_PREFIX:
		return is_prefix(v);
	case CF_T_IFNAME:
		return is_ifname(v);
	case CF_T_NEXTHOP:
		return inet_pton(strchr(v, ':') ? AF_INET6 : AF_INET, v, addr) == 1 ||
		       (!isdigit((unsigned char)*v) && !strchr(v, ':') && is_ifname(v));
	case CF_T_HEX:
		return is_hex(v);
	case CF_T_SIZE:
		return is_size(v);
	}
	return false;
}

/* --- one statement through the schema ---------------------------------- */

static const struct cf_schema *child_schema(const struct cf_schema *s, const char *kw)
{
	const struct cf_schema *c;

	if (!s->children)
		return NULL;
	for (c = s->children; c->kw; c++)
		if (*c->kw && !strcmp(c->kw, kw))
			return c;
	return NULL;
}

/* The child of S named without a keyword (an interface), if any. */
static const struct cf_schema *anonymous_child(const struct cf_schema *s)
{
	const struct cf_schema *c;

	if (!s->children)
		return NULL;
	for (c = s->children; c->kw; c++)
		if (!*c->kw)
			return c;
	return NULL;
}

/* "security ike gateway g1" for the node N ("" for the root). */
static void path_words(const struct cf_node *n, char *buf, size_t size)
{
	const struct cf_node *chain[CF_MAX_WORDS];
	size_t depth = 0, len = 0;
	int i;

	buf[0] = '\0';
	for (; n && n->s && depth < CF_MAX_WORDS; n = n->parent)
		chain[depth++] = n;
	for (i = (int)depth - 1; i >= 0 && len < size; i--) {
		if (*chain[i]->s->kw)
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
						len ? " " : "", chain[i]->s->kw);
		if (chain[i]->value && chain[i]->s->kind == CF_NAMED && len < size)
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
						len ? " " : "", chain[i]->value);
	}
}

/* "[edit security ike gateway g1]" for the node N. */
static void edit_path(const struct cf_node *n, char *buf, size_t size)
{
	char words[256];

	path_words(n, words, sizeof(words));
	snprintf(buf, size, "[edit%s%s]", *words ? " " : "", words);
}

void cf_error(struct cf_tree *t, const struct cf_node *n, const char *fmt, ...)
{
	char path[320], msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* The path of the statement's parent, then the statement itself. */
	edit_path(n->parent, path, sizeof(path));
	diag(t, true, n->file, n->line, "%s %s%s%s: %s", path, n->s->kw,
	     n->value && *n->s->kw ? " " : "", n->value && !(n->s->flags & CF_HIDE) ?
	     n->value : "", msg);
}

static const struct cf_schema root_schema = {
	.kw = NULL, .kind = CF_CONTAINER, .children = cf_schema_root,
};

/*
 * A statement's effect is staged: the nodes it creates and the optional
 * value it sets are remembered and undone if a later word of the same
 * statement is wrong.
 */
struct stage {
	struct cf_node	*created[CF_MAX_WORDS];
	size_t		n;
	struct cf_node	*optarg;	/* whose optional value it set, */
	char		*optarg_old;	/* replacing this one */
};

static struct cf_node *get_or_add(struct stage *st, struct cf_node *parent,
				  const struct cf_schema *s, const char *value,
				  const char *file, int line)
{
	struct cf_node *n = find(parent, s, value);

	if (n)
		return n;
	n = add(parent, s, value, file, line);
	if (n && st->n < CF_MAX_WORDS)
		st->created[st->n++] = n;
	return n;
}

static void unstage(struct stage *st)
{
	if (st->optarg) {
		free(st->optarg->value);
		st->optarg->value = st->optarg_old;
		st->optarg = NULL;
	}
	while (st->n)
		unlink_node(st->created[--st->n]);
}

/* Drops the siblings of S under PARENT that are in S's choice. */
static void drop_choice(struct cf_node *parent, const struct cf_schema *s)
{
	struct cf_node *c, *next;

	if (!s->choice)
		return;
	for (c = parent->child; c; c = next) {
		next = c->next;
		if (c->s != s && c->s->choice == s->choice)
			unlink_node(c);
	}
}

/* Sets leaf S under PARENT to VALUE, replacing what it was. */
static int set_leaf(struct stage *st, struct cf_node *parent,
		    const struct cf_schema *s, const struct cf_word *w,
		    const char *file)
{
	struct cf_node *n = find(parent, s, NULL);
	char *v;

	if (!n)
		return get_or_add(st, parent, s, w->text, file, w->line) ? 0 : -ENOMEM;
	v = strdup(w->text);
	if (!v)
		return -ENOMEM;
	if (n->value && (s->flags & CF_HIDE))
		explicit_bzero(n->value, strlen(n->value));
	free(n->value);
	n->value = v;
	n->file = file;
	n->line = w->line;
	return 0;
}

static void bad_value(struct cf_tree *t, const char *file, const struct cf_node *at,
		      const struct cf_schema *s, const struct cf_word *w)
{
	char path[320], exp[256];

	edit_path(at, path, sizeof(path));
	expected(s, exp, sizeof(exp));
	if (!*s->kw)
		diag(t, true, file, w->line, "%s: invalid name '%s' (expected %s)",
		     path, w->text, exp);
	else if (s->flags & CF_HIDE)
		diag(t, true, file, w->line, "%s %s: invalid value (expected %s)",
		     path, s->kw, exp);
	else
		diag(t, true, file, w->line, "%s %s: invalid value '%s' (expected %s)",
		     path, s->kw, w->text, exp);
}

/*
 * A statement under a foreign keyword S (a firewall's, say) at LINE: the
 * first of the file is remembered, the others counted.
 */
static void foreign(struct cf_tree *t, const struct cf_schema *s,
		    const struct cf_node *under, int line)
{
	struct cf_foreign *f;
	size_t i;

	for (i = 0; i < t->nforeign; i++)
		if (t->foreign[i].s == s) {
			t->foreign[i].count++;
			return;
		}
	f = realloc(t->foreign, (t->nforeign + 1) * sizeof(*f));
	if (!f)
		return;
	t->foreign = f;
	f += t->nforeign++;
	f->s = s;
	f->line = line;
	f->count = 1;
	path_words(under, f->path, sizeof(f->path));
}

/* The warnings for the foreign statements of FILE, one per keyword. */
static void foreign_done(struct cf_tree *t, const char *file)
{
	size_t i;

	for (i = 0; i < t->nforeign; i++) {
		const struct cf_foreign *f = &t->foreign[i];

		diag(t, false, file, f->line,
		     "'%s%s%s' (%u statement%s) is accepted but not applied: %s",
		     f->path, *f->path ? " " : "", f->s->kw, f->count,
		     f->count == 1 ? "" : "s", f->s->why);
	}
	free(t->foreign);
	t->foreign = NULL;
	t->nforeign = 0;
}

/* Applies the statement W[0..N) (words of a full path) to T. */
static void apply(struct cf_tree *t, const char *file, struct cf_word *w, size_t n)
{
	const struct cf_schema *s = &root_schema, *c;
	struct cf_node *node = &t->root;
	struct stage st = { .n = 0 };
	char path[320], exp[256];
	size_t i = 0, j;

	while (i < n) {
		c = child_schema(s, w[i].text);
		if (!c && (c = anonymous_child(s))) {
			if (!valid(c, &w[i])) {
				bad_value(t, file, node, c, &w[i]);
				goto undo;
			}
			node = get_or_add(&st, node, c, w[i].text, file, w[i].line);
			if (!node)
				goto nomem;
			s = c;
			i++;
			continue;
		}
		if (!c || !*c->kw) {
			/* "file NAME ...": the optional value, set or replaced. */
			if ((s->flags & CF_OPTARG) && node != &t->root && !st.optarg &&
			    is_word(w[i].text)) {
				char *v;

				if (node->value && !strcmp(node->value, w[i].text)) {
					i++;
					continue;
				}
				v = strdup(w[i].text);
				if (!v)
					goto nomem;
				st.optarg = node;
				st.optarg_old = node->value;
				node->value = v;
				i++;
				continue;
			}
			edit_path(node, path, sizeof(path));
			diag(t, true, file, w[i].line, "%s: unknown statement '%s'",
			     path, w[i].text);
			goto undo;
		}
		switch (c->kind) {
		case CF_FOREIGN:
			/* Counted here, one warning for all at the end of the file. */
			foreign(t, c, node, w[n - 1].line);
			unstage(&st);
			return;
		case CF_CONTAINER:
			node = get_or_add(&st, node, c, NULL, file, w[i].line);
			s = c;
			i++;
			break;
		case CF_NAMED:
			if (i + 1 >= n) {
				edit_path(node, path, sizeof(path));
				diag(t, true, file, w[i].line, "%s %s: missing name", path, c->kw);
				goto undo;
			}
			if (!valid(c, &w[i + 1])) {
				bad_value(t, file, node, c, &w[i + 1]);
				goto undo;
			}
			node = get_or_add(&st, node, c, w[i + 1].text, file, w[i].line);
			s = c;
			i += 2;
			break;
		case CF_FLAG:
			if (!get_or_add(&st, node, c, NULL, file, w[i].line))
				goto nomem;
			i++;
			continue;
		case CF_LEAF:
		case CF_LEAFLIST:
			if (i + 1 >= n) {
				edit_path(node, path, sizeof(path));
				expected(c, exp, sizeof(exp));
				diag(t, true, file, w[i].line, "%s %s: missing value (expected %s)",
				     path, c->kw, exp);
				goto undo;
			}
			/* "[ V1 V2 ]": every word up to "]". */
			if (c->kind == CF_LEAFLIST && !w[i + 1].quoted &&
			    !strcmp(w[i + 1].text, "[")) {
				for (j = i + 2; j < n && (w[j].quoted || strcmp(w[j].text, "]")); j++)
					if (!valid(c, &w[j])) {
						bad_value(t, file, node, c, &w[j]);
						goto undo;
					}
				if (j == n) {
					diag(t, true, file, w[i].line, "'[' without ']' after '%s'", c->kw);
					goto undo;
				}
				drop_choice(node, c);
				for (j = i + 2; w[j].quoted || strcmp(w[j].text, "]"); j++)
					if (!get_or_add(&st, node, c, w[j].text, file, w[j].line))
						goto nomem;
				i = j + 1;
				continue;
			}
			if (!valid(c, &w[i + 1])) {
				bad_value(t, file, node, c, &w[i + 1]);
				goto undo;
			}
			drop_choice(node, c);
			if (c->kind == CF_LEAF ? set_leaf(&st, node, c, &w[i + 1], file) :
			    !get_or_add(&st, node, c, w[i + 1].text, file, w[i + 1].line))
				goto nomem;
			i += 2;
			continue;
		}
		if (!node)
			goto nomem;
	}
	/* A statement may end at a container (presence) or a named entry. */
	if (node != &t->root)
		drop_choice(node->parent, node->s);
	free(st.optarg_old);
	return;

nomem:
	diag(t, true, file, w[i < n ? i : n - 1].line, "out of memory");
undo:
	unstage(&st);
}

/* --- words ------------------------------------------------------------ */

struct lexer {
	const char	*p, *end;
	int		line;
	struct cf_tree	*t;
	const char	*file;
};

bool cf_punct(char c)
{
	return c == '{' || c == '}' || c == ';' || c == '[' || c == ']';
}

/*
 * The next word into W (text allocated), or false at the end. Stops at
 * a newline when NL is set (set form), returning a word "\n".
 */
static bool next_word(struct lexer *lx, struct cf_word *w, bool nl, bool *err)
{
	const char *start;
	size_t len;

	for (;;) {
		/* Every blank, \v and \f too: a word never starts with one. */
		while (lx->p < lx->end && isspace((unsigned char)*lx->p) &&
		       !(*lx->p == '\n' && nl)) {
			if (*lx->p == '\n')
				lx->line++;
			lx->p++;
		}
		if (lx->p >= lx->end)
			return false;
		if (*lx->p == '#') {
			while (lx->p < lx->end && *lx->p != '\n')
				lx->p++;
			continue;
		}
		if (*lx->p == '/' && lx->p + 1 < lx->end && lx->p[1] == '*') {
			int line = lx->line;

			for (lx->p += 2; lx->p + 1 < lx->end &&
			     !(lx->p[0] == '*' && lx->p[1] == '/'); lx->p++)
				if (*lx->p == '\n')
					lx->line++;
			if (lx->p + 1 >= lx->end) {
				diag(lx->t, true, lx->file, line, "comment '/*' without '*/'");
				*err = true;
				lx->p = lx->end;
				return false;
			}
			lx->p += 2;
			continue;
		}
		break;
	}

	w->line = lx->line;
	w->quoted = false;
	if (*lx->p == '\n') {
		lx->line++;
		lx->p++;
		w->text = strdup("\n");
		return w->text != NULL;
	}
	if (cf_punct(*lx->p)) {
		w->text = strndup(lx->p++, 1);
		return w->text != NULL;
	}
	if (*lx->p == '"') {
		char *out;

		w->quoted = true;
		start = ++lx->p;
		out = w->text = malloc((size_t)(lx->end - start) + 1);
		if (!out)
			return false;
		while (lx->p < lx->end && *lx->p != '"' && *lx->p != '\n') {
			if (*lx->p == '\\' && lx->p + 1 < lx->end && lx->p[1] != '\n')
				lx->p++;
			*out++ = *lx->p++;
		}
		*out = '\0';
		if (lx->p >= lx->end || *lx->p != '"') {
			diag(lx->t, true, lx->file, w->line, "string without its closing '\"'");
			*err = true;
			free(w->text);
			return false;
		}
		lx->p++;
		return true;
	}
	start = lx->p;
	while (lx->p < lx->end && !isspace((unsigned char)*lx->p) && !cf_punct(*lx->p) &&
	       *lx->p != '"')
		lx->p++;
	len = (size_t)(lx->p - start);
	w->text = strndup(start, len);
	return w->text != NULL;
}

/* The words of a line: keys among them, wiped before they are freed. */
static void free_words(struct cf_word *w, size_t n)
{
	while (n) {
		char *t = w[--n].text;

		if (t)
			explicit_bzero(t, strlen(t));
		free(t);
	}
}

static bool is(const struct cf_word *w, const char *s)
{
	return !w->quoted && !strcmp(w->text, s);
}

/*
 * The words of one "set" line: the words of the current "edit" level
 * and the line's own after "set". False if there are too many.
 */
static bool set_statement(struct cf_word *all, size_t *n, const struct cf_word *prefix,
			  size_t np, const struct cf_word *w, size_t nw)
{
	if (np + nw > CF_MAX_WORDS)
		return false;
	memcpy(all, prefix, np * sizeof(*prefix));
	memcpy(all + np, w, nw * sizeof(*w));
	*n = np + nw;
	return true;
}

/*
 * Set form: "set WORDS..." a line; blank lines and comments skipped.
 * "edit WORDS..." makes later lines relative to WORDS (as Junos' load
 * set does), "exit" and "up" leave the last edit, "top" all of them.
 */
static void read_set(struct cf_tree *t, struct lexer *lx)
{
	struct cf_word w[CF_MAX_WORDS + 1], word, prefix[CF_MAX_WORDS], all[CF_MAX_WORDS];
	size_t n = 0, np = 0, nall, marks[CF_MAX_WORDS], nmarks = 0;
	bool err = false, more = true, skip = false;

	while (more) {
		more = next_word(lx, &word, true, &err);
		if (more && !is(&word, "\n")) {
			if (n == CF_MAX_WORDS) {
				if (!skip)
					diag(t, true, lx->file, word.line, "statement too long");
				skip = true;
				free(word.text);
			} else {
				w[n++] = word;
			}
			continue;
		}
		if (more)
			free(word.text);
		if (!n || skip)
			goto next;
		if (is(&w[0], "set") && n > 1) {
			if (set_statement(all, &nall, prefix, np, w + 1, n - 1))
				apply(t, lx->file, all, nall);
			else
				diag(t, true, lx->file, w[0].line, "statement too long");
		} else if (is(&w[0], "edit") && n > 1) {
			if (np + n - 1 > CF_MAX_WORDS) {
				diag(t, true, lx->file, w[0].line, "statement too long");
				goto next;
			}
			marks[nmarks++] = np;
			memcpy(prefix + np, w + 1, (n - 1) * sizeof(*w));
			np += n - 1;
			n = 1;		/* the prefix owns the words now */
		} else if ((is(&w[0], "exit") || is(&w[0], "up")) && n == 1) {
			if (nmarks) {
				nmarks--;
				free_words(prefix + marks[nmarks], np - marks[nmarks]);
				np = marks[nmarks];
			}
		} else if (is(&w[0], "top") && n == 1) {
			free_words(prefix, np);
			np = nmarks = 0;
		} else if (is(&w[0], "set") || is(&w[0], "edit")) {
			diag(t, true, lx->file, w[0].line, "'%s' without a statement", w[0].text);
		} else {
			diag(t, true, lx->file, w[0].line,
			     "expected 'set' at the start of the line, not '%s'", w[0].text);
		}
next:
		free_words(w, n);
		n = 0;
		skip = false;
	}
	free_words(prefix, np);
}

/*
 * Brace form: "WORDS... ;" is a statement under the words of the blocks
 * around it, "WORDS... {" opens a block, "}" closes one.
 */
static void read_brace(struct cf_tree *t, struct lexer *lx)
{
	struct cf_word w[CF_MAX_WORDS], word;
	size_t depth[CF_MAX_WORDS];	/* words in use when each block opened */
	size_t n = 0, level = 0, start = 0;
	int open_line[CF_MAX_WORDS];
	bool err = false, overflow = false, in_list = false;

	while (next_word(lx, &word, false, &err)) {
		if (is(&word, "[") && !in_list)
			in_list = true;
		else if (is(&word, "]") && in_list)
			in_list = false;
		if (!in_list && is(&word, ";")) {
			free(word.text);
			if (overflow)
				diag(t, true, lx->file, lx->line, "statement too long");
			else if (n > start)
				apply(t, lx->file, w, n);
			else
				diag(t, true, lx->file, word.line, "';' without a statement");
			free_words(w + start, n - start);
			n = start;
			overflow = false;
			continue;
		}
		if (!in_list && is(&word, "{")) {
			free(word.text);
			if (n == start) {
				diag(t, true, lx->file, word.line, "'{' without a statement");
				err = true;
				break;
			}
			if (level == CF_MAX_WORDS) {
				diag(t, true, lx->file, word.line, "blocks nested too deep");
				err = true;
				break;
			}
			open_line[level] = word.line;
			depth[level++] = start;
			start = n;
			continue;
		}
		if (!in_list && is(&word, "}")) {
			free(word.text);
			if (n > start) {
				diag(t, true, lx->file, w[start].line,
				     "statement '%s' without its ';'", w[start].text);
				free_words(w + start, n - start);
				n = start;
			}
			if (!level) {
				diag(t, true, lx->file, word.line, "'}' without its '{'");
				err = true;
				break;
			}
			/* An empty block still says its statement exists. */
			if (n == start && start > 0 && !overflow)
				apply(t, lx->file, w, n);
			level--;
			free_words(w + depth[level], start - depth[level]);
			n = start = depth[level];
			continue;
		}
		if (n == CF_MAX_WORDS) {
			overflow = true;
			free(word.text);
			continue;
		}
		w[n++] = word;
	}
	if (!err && n > start)
		diag(t, true, lx->file, w[start].line,
		     "statement '%s' without its ';' at the end of the file", w[start].text);
	if (!err && level)
		diag(t, true, lx->file, open_line[level - 1],
		     "'{' without its '}' at the end of the file");
	free_words(w, n);
}

/* The name FILE as stored once in T, for the nodes to point to. */
static const char *keep_name(struct cf_tree *t, const char *file)
{
	char **files, *copy;
	size_t i;

	for (i = 0; i < t->nfiles; i++)
		if (!strcmp(t->files[i], file))
			return t->files[i];
	copy = strdup(file);
	files = copy ? realloc(t->files, (t->nfiles + 1) * sizeof(*files)) : NULL;
	if (!files) {
		free(copy);
		return NULL;
	}
	t->files = files;
	t->files[t->nfiles++] = copy;
	return copy;
}

unsigned int cf_load_text(struct cf_tree *t, const char *name,
			  const char *text, size_t len)
{
	unsigned int before = t->errors;
	struct lexer lx = { .p = text, .end = text + len, .line = 1, .t = t };
	struct lexer peek;
	struct cf_word first;
	bool err = false;

	lx.file = keep_name(t, name);
	if (!lx.file) {
		diag(t, true, name, 0, "out of memory");
		return 1;
	}
	if (memchr(text, '\0', len)) {
		diag(t, true, name, 0, "not a text file (it has a NUL byte)");
		return t->errors - before;
	}
	if (len > CF_MAX_FILE) {
		diag(t, true, name, 0, "larger than %u MiB", CF_MAX_FILE >> 20);
		return t->errors - before;
	}
	peek = lx;
	if (next_word(&peek, &first, false, &err)) {
		bool set = is(&first, "set") || is(&first, "edit");

		free(first.text);
		if (set)
			read_set(t, &lx);
		else
			read_brace(t, &lx);
	}
	foreign_done(t, lx.file);
	return t->errors - before;
}

unsigned int cf_load_file(struct cf_tree *t, const char *file)
{
	unsigned int errors;
	size_t len = 0, n;
	char *buf;
	FILE *f;

	f = fopen(file, "r");
	if (!f) {
		diag(t, true, file, 0, "cannot open: %s", strerror(errno));
		return 1;
	}
	buf = malloc(CF_MAX_FILE + 1);
	if (!buf) {
		fclose(f);
		diag(t, true, file, 0, "out of memory");
		return 1;
	}
	while ((n = fread(buf + len, 1, CF_MAX_FILE + 1 - len, f)) > 0)
		len += n;
	if (ferror(f) || len > CF_MAX_FILE) {
		diag(t, true, file, 0, ferror(f) ? "cannot read" :
		     "larger than 4 MiB: not a configuration");
		fclose(f);
		free(buf);
		return 1;
	}
	fclose(f);
	errors = cf_load_text(t, file, buf, len);
	explicit_bzero(buf, len);
	free(buf);
	return errors;
}
