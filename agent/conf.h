/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The configuration language of stvpn: Junos statements, in "set" form
 * (one "set PATH..." per line) or in brace form (as "show configuration"
 * prints them), read into one tree that follows a schema (conf_schema.c).
 *
 * Reading never stops at the first error: every error and warning is
 * collected with its file and line, so "commit check" reports them all,
 * and a caller applies nothing while cf_errors() is non-zero.
 */
#ifndef STVPN_CONF_H
#define STVPN_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum cf_kind {
	CF_CONTAINER,	/* keyword { children } */
	CF_NAMED,	/* keyword NAME { children }, any number of NAMEs;
			 * with keyword "", NAME alone (interfaces) */
	CF_LEAF,	/* keyword VALUE, one value */
	CF_LEAFLIST,	/* keyword VALUE, several (or [ V1 V2 ]) */
	CF_FLAG,	/* keyword alone */
	CF_FOREIGN,	/* keyword and anything below: accepted, not applied */
};

enum cf_type {
	CF_T_NONE,
	CF_T_WORD,	/* a name: letters, digits, - _ . / : */
	CF_T_STRING,	/* any text, quoted if it has spaces */
	CF_T_SECRET,	/* a key or password: text, or $9$ as an SRX writes it */
	CF_T_UINT,	/* min..max */
	CF_T_ENUM,	/* one of enums */
	CF_T_IPV4,
	CF_T_IP,	/* IPv4 or IPv6 */
	CF_T_PREFIX,	/* IPv4 or IPv6 address/length */
	CF_T_IFNAME,	/* a Linux interface name, optionally .UNIT */
	CF_T_NEXTHOP,	/* an address, or an interface (st0.0) */
	CF_T_HEX,	/* hexadecimal digits, optionally after 0x */
	CF_T_SIZE,	/* a number, optionally with k, m or g */
};

/* Schema flags. */
#define CF_OPTARG	0x01	/* container that may take one value first */
#define CF_BRACKET	0x02	/* leaf-list printed as [ V1 V2 ] */
#define CF_ONELINE	0x04	/* "kw NAME leaf VALUE;" when it has one leaf */
#define CF_HIDE		0x10	/* a key: never repeated in a message */
#define CF_JOIN		0x08	/* "kw child {": the keyword is printed with
				 * each child's ("family inet") */

struct cf_schema {
	const char		*kw;
	enum cf_kind		kind;
	enum cf_type		type;		/* of the name or value */
	unsigned long		min, max;	/* CF_T_UINT */
	const char *const	*enums;		/* CF_T_ENUM, NULL-terminated */
	unsigned short		choice;		/* siblings with the same non-zero
						 * choice exclude each other */
	unsigned short		flags;
	const struct cf_schema	*children;	/* ends with kw == NULL */
	const char		*why;		/* CF_FOREIGN: the warning */
};

/* The root of the schema: interfaces, routing-options, security, ... */
extern const struct cf_schema cf_schema_root[];

struct cf_node {
	const struct cf_schema	*s;
	char			*value;		/* name, value or optional arg */
	const char		*file;
	int			line;
	struct cf_node		*parent, *child, *next;
	struct cf_node		*last;		/* last child: O(1) to append */
	/* Named entries and list values among the children, by keyword
	 * and name, once there are many of them (a hub's 10,000 VPNs). */
	struct cf_node		**index;
	size_t			index_size, nindexed;
	struct cf_node		*index_next;	/* in its bucket of the parent's */
};

struct cf_diag {
	char			*text;		/* "FILE:LINE: error: ..." */
	bool			error;
	struct cf_diag		*next;
};

/* Statements of a foreign hierarchy in the file being read. */
struct cf_foreign {
	const struct cf_schema	*s;
	char			path[256];	/* "security" */
	int			line;		/* the first */
	unsigned int		count;
};

struct cf_tree {
	struct cf_node		root;
	struct cf_foreign	*foreign;
	size_t			nforeign;
	struct cf_diag		*diags, **diag_tail;
	unsigned int		errors, warnings;
	char			**files;	/* names the nodes point to */
	size_t			nfiles;
	bool			hide_secrets;	/* printers show keys as "<hidden>" */
};

void cf_init(struct cf_tree *t);
void cf_free(struct cf_tree *t);

/*
 * Reads FILE (set or brace form, told apart by its first word) into T.
 * Returns the number of errors this file added (0: all of it is in T).
 */
unsigned int cf_load_file(struct cf_tree *t, const char *file);
/* The same for text in memory, named NAME in messages. */
unsigned int cf_load_text(struct cf_tree *t, const char *name,
			  const char *text, size_t len);

static inline unsigned int cf_errors(const struct cf_tree *t)
{
	return t->errors;
}

/*
 * An error about the statement N (a reference that leads nowhere, say):
 * "FILE:LINE: error: [edit PARENT] KW VALUE: MESSAGE".
 */
void cf_error(struct cf_tree *t, const struct cf_node *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * The checks that need the whole configuration (conf_check.c): every
 * reference resolves, every VPN is complete. Returns the errors added.
 */
unsigned int cf_check(struct cf_tree *t);

/* Every error and warning, one a line, in the order found. */
void cf_print_diags(const struct cf_tree *t, FILE *f);

/* Longest key or password text. */
#define CF_MAX_SECRET	255

/* Does C end a word ({ } ; [ ])? Such words are quoted when printed. */
bool cf_punct(char c);

/* The tree as "set" statements, or in brace form (conf_print.c). */
void cf_print_set(const struct cf_tree *t, FILE *f);
void cf_print_brace(const struct cf_tree *t, FILE *f);
/*
 * And as JSON: {"configuration": {...}}, a member per keyword, named
 * entries as objects by name, keys as $9$.
 */
void cf_print_json(const struct cf_tree *t, FILE *f);

/*
 * Lookups for the code that turns the tree into VPNs: the child of N
 * with keyword KW (and name or value NAME, if not NULL); the next sibling
 * of N with N's keyword.
 */
const struct cf_node *cf_child(const struct cf_node *n, const char *kw,
			       const char *name);
const struct cf_node *cf_next_same(const struct cf_node *n);

#endif
