// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stvpn kernel binding ...: next-hop tunnel bindings, which tie an st
 * device (and, on a multipoint device, a next hop) to its SAs.
 *
 *   stvpn kernel binding add dev NAME [nexthop ADDR] [tunnel-id N]
 *		[name VPN] [static|auto] [out-sa ID] [in-sa ID [in-sa ID]]
 *   stvpn kernel binding set dev NAME [nexthop ADDR] [out-sa ID]
 *		[in-sa ID ...] [up|down]
 *   stvpn kernel binding del dev NAME [nexthop ADDR]
 *   stvpn kernel binding show [dev NAME]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <net/if.h>

#include "cli.h"
#include "genl.h"
#include "parse.h"

/*
 * The kernel takes at most STVPN_BIND_MAX_IN_SA inbound SAs; the CLI
 * passes a few more on, so that the kernel is the one to say so.
 */
#define BIND_IN_SA_MAX	8

void kernel_bind_usage(FILE *f)
{
	fprintf(f,
		"  binding add dev NAME [nexthop ADDR] [tunnel-id N] [name VPN]\n"
		"              [static|auto] [out-sa ID] [in-sa ID [in-sa ID]]\n"
		"  binding set dev NAME [nexthop ADDR] [out-sa ID] [in-sa ID ...] [up|down]\n"
		"  binding del dev NAME [nexthop ADDR]\n"
		"  binding show [dev NAME]\n");
}

/* The keywords each command takes. */
enum {
	KW_DEV		= 1 << 0,
	KW_NEXTHOP	= 1 << 1,
	KW_TUNNEL_ID	= 1 << 2,
	KW_NAME		= 1 << 3,
	KW_ORIGIN	= 1 << 4,	/* static | auto */
	KW_SAS		= 1 << 5,	/* out-sa, in-sa */
	KW_UPDOWN	= 1 << 6,	/* up | down */
};

struct bind_args {
	const char	*dev;
	struct st_addr	nexthop;
	uint32_t	tunnel_id, out_sa, in_sa[BIND_IN_SA_MAX];
	unsigned int	n_in_sa;
	const char	*name;
	uint32_t	flags;		/* static or auto */
	bool		down;
	bool		have_dev, have_nexthop, have_tunnel_id, have_name,
			have_origin, have_out_sa, have_updown;
};

static int bind_parse(struct args *a, unsigned int kws, struct bind_args *b)
{
	char *w, *v;

	while ((w = args_next(a))) {
		if ((kws & KW_DEV) && !strcmp(w, "dev")) {
			if (args_once(a, w, &b->have_dev) < 0 ||
			    !(v = args_value(a, w)) || parse_ifname(v) < 0)
				return -1;
			b->dev = v;
		} else if ((kws & KW_NEXTHOP) && !strcmp(w, "nexthop")) {
			if (args_once(a, w, &b->have_nexthop) < 0 ||
			    !(v = args_value(a, w)) ||
			    parse_addr("nexthop", v, &b->nexthop) < 0)
				return -1;
		} else if ((kws & KW_TUNNEL_ID) && !strcmp(w, "tunnel-id")) {
			if (args_once(a, w, &b->have_tunnel_id) < 0 ||
			    !(v = args_value(a, w)) ||
			    parse_u32(w, v, &b->tunnel_id) < 0)
				return -1;
		} else if ((kws & KW_NAME) && !strcmp(w, "name")) {
			if (args_once(a, w, &b->have_name) < 0 ||
			    !(v = args_value(a, w)))
				return -1;
			if (!*v) {
				parse_error("invalid VPN name: '' (it cannot be empty)");
				return -1;
			}
			b->name = v;
		} else if ((kws & KW_ORIGIN) &&
			   (!strcmp(w, "static") || !strcmp(w, "auto"))) {
			if (b->have_origin) {
				parse_error("%s: give one of 'static' and 'auto'", a->cmd);
				return -1;
			}
			b->have_origin = true;
			b->flags = !strcmp(w, "static") ? STVPN_BIND_F_STATIC :
							  STVPN_BIND_F_AUTO;
		} else if ((kws & KW_SAS) && !strcmp(w, "out-sa")) {
			if (args_once(a, w, &b->have_out_sa) < 0 ||
			    !(v = args_value(a, w)) ||
			    parse_u32("out-sa id", v, &b->out_sa) < 0)
				return -1;
		} else if ((kws & KW_SAS) && !strcmp(w, "in-sa")) {
			if (!(v = args_value(a, w)))
				return -1;
			if (b->n_in_sa == BIND_IN_SA_MAX) {
				parse_error("%s: too many 'in-sa' (the CLI passes %d on; the kernel takes %d)",
					    a->cmd, BIND_IN_SA_MAX, STVPN_BIND_MAX_IN_SA);
				return -1;
			}
			if (parse_u32("in-sa id", v, &b->in_sa[b->n_in_sa]) < 0)
				return -1;
			b->n_in_sa++;
		} else if ((kws & KW_UPDOWN) &&
			   (!strcmp(w, "up") || !strcmp(w, "down"))) {
			if (b->have_updown) {
				parse_error("%s: give one of 'up' and 'down'", a->cmd);
				return -1;
			}
			b->have_updown = true;
			b->down = !strcmp(w, "down");
		} else {
			return args_unknown(a, w);
		}
	}
	return args_require(a, "dev", b->have_dev);
}

/* STVPN_A_IFNAME and the STVPN_A_BIND nest; FLAGS only if FLAGS. */
static int bind_put(struct nl_msg *msg, const struct bind_args *b,
		    const uint32_t *flags)
{
	struct nlattr *nest;
	unsigned int i;

	if (nla_put_string(msg, STVPN_A_IFNAME, b->dev) < 0)
		return -1;
	nest = nla_nest_start(msg, STVPN_A_BIND);
	if (!nest)
		return -1;
	if (b->have_nexthop &&
	    nla_put(msg, STVPN_A_BIND_NEXTHOP, (int)b->nexthop.len,
		    b->nexthop.bytes) < 0)
		return -1;
	if (b->have_tunnel_id &&
	    nla_put_u32(msg, STVPN_A_BIND_TUNNEL_ID, b->tunnel_id) < 0)
		return -1;
	if (b->have_name && nla_put_string(msg, STVPN_A_BIND_NAME, b->name) < 0)
		return -1;
	if (flags && nla_put_u32(msg, STVPN_A_BIND_FLAGS, *flags) < 0)
		return -1;
	if (b->have_out_sa && nla_put_u32(msg, STVPN_A_BIND_OUT_SA, b->out_sa) < 0)
		return -1;
	for (i = 0; i < b->n_in_sa; i++)
		if (nla_put_u32(msg, STVPN_A_BIND_IN_SA, b->in_sa[i]) < 0)
			return -1;
	nla_nest_end(msg, nest);
	return 0;
}

/* --- reading a binding's flags back (for set up|down) -------------- */

/* The top-level attributes and the parsed nest of one binding message. */
static int bind_msg_parse(struct nl_msg *msg, struct nlattr **top,
			  struct nlattr **tb)
{
	if (genlmsg_parse(nlmsg_hdr(msg), 0, top, STVPN_A_MAX, NULL) < 0 ||
	    !top[STVPN_A_IFINDEX] || nla_len(top[STVPN_A_IFINDEX]) < 4 ||
	    !top[STVPN_A_BIND] ||
	    nla_parse_nested(tb, STVPN_A_BIND_MAX, top[STVPN_A_BIND],
			     stvpn_bind_policy) < 0) {
		fprintf(stderr, "%s: malformed binding message from the kernel\n",
			cli.prog);
		return -1;
	}
	return 0;
}

struct bind_find {
	const struct bind_args	*b;
	bool			found;
	uint32_t		flags;
};

static int bind_find_one(struct nl_msg *msg, void *arg)
{
	struct nlattr *top[STVPN_A_MAX + 1], *tb[STVPN_A_BIND_MAX + 1];
	struct bind_find *bf = arg;
	struct nlattr *nh;

	if (bind_msg_parse(msg, top, tb) < 0)
		return NL_SKIP;
	nh = tb[STVPN_A_BIND_NEXTHOP];
	if (bf->b->have_nexthop ?
	    !nh || nla_len(nh) != (int)bf->b->nexthop.len ||
	    memcmp(nla_data(nh), bf->b->nexthop.bytes, bf->b->nexthop.len) :
	    nh != NULL)
		return NL_OK;
	bf->found = true;
	bf->flags = tb[STVPN_A_BIND_FLAGS] ? nla_get_u32(tb[STVPN_A_BIND_FLAGS]) : 0;
	return NL_OK;
}

/*
 * SET replaces a binding's flags: to mark it up or down, the others are
 * read first and kept. A binding that is not there is left for the
 * kernel to refuse.
 */
static int bind_flags_for_set(struct stvpn_genl *g, const struct bind_args *b,
			      uint32_t *flags)
{
	struct bind_find bf = { .b = b };
	struct nl_msg *msg;
	int ret;

	msg = stvpn_genl_msg(g, STVPN_CMD_BIND_GET, NLM_F_DUMP);
	if (!msg || nla_put_string(msg, STVPN_A_IFNAME, b->dev) < 0)
		return kernel_nomem(msg);
	ret = kernel_request(g, msg, bind_find_one, &bf, b->dev);
	if (ret)
		return ret;
	*flags = bf.found ? bf.flags & ~(uint32_t)STVPN_BIND_F_DOWN : 0;
	if (b->down)
		*flags |= STVPN_BIND_F_DOWN;
	return EXIT_OK;
}

/* --- add, set, del ------------------------------------------------- */

static int bind_change(int cmd, int argc, char **argv)
{
	static const struct {
		const char	*name;
		unsigned int	kws;
	} cmds[] = {
		[STVPN_CMD_BIND_NEW] = { "kernel binding add", KW_DEV | KW_NEXTHOP |
					 KW_TUNNEL_ID | KW_NAME | KW_ORIGIN | KW_SAS },
		[STVPN_CMD_BIND_SET] = { "kernel binding set", KW_DEV | KW_NEXTHOP |
					 KW_SAS | KW_UPDOWN },
		[STVPN_CMD_BIND_DEL] = { "kernel binding del", KW_DEV | KW_NEXTHOP },
	};
	struct args a = { argc, argv, cmds[cmd].name };
	struct bind_args b = { 0 };
	struct stvpn_genl g;
	struct nl_msg *msg;
	uint32_t flags;
	int ret;

	if (bind_parse(&a, cmds[cmd].kws, &b) < 0)
		return EXIT_USAGE;
	if (cmd == STVPN_CMD_BIND_SET && !b.have_out_sa && !b.n_in_sa &&
	    !b.have_updown) {
		parse_error("%s: nothing to change (give out-sa, in-sa, up or down)",
			    a.cmd);
		return EXIT_USAGE;
	}

	ret = kernel_open(&g);
	if (ret)
		return ret;
	flags = b.flags;
	if (b.have_updown) {
		ret = bind_flags_for_set(&g, &b, &flags);
		if (ret)
			goto out;
	}
	msg = stvpn_genl_msg(&g, cmd, 0);
	if (!msg || bind_put(msg, &b, b.have_origin || b.have_updown ?
			     &flags : NULL) < 0) {
		ret = kernel_nomem(msg);
		goto out;
	}
	ret = kernel_request(&g, msg, NULL, NULL, NULL);
out:
	stvpn_genl_close(&g);
	return ret;
}

/* --- show ---------------------------------------------------------- */

enum { COL_NEXTHOP, COL_DEV, COL_TUNNEL, COL_NAME, COL_FLAG, COL_OUT,
       COL_IN, COL_STATE, NCOLS };

static const char *const col_names[NCOLS] = {
	"Next-hop gateway", "Interface", "Tunnel id", "VPN name", "Flag",
	"Out SA", "In SAs", "State",
};

struct bind_row {
	unsigned int	ifindex;
	bool		have_nexthop, have_tunnel_id;
	uint32_t	tunnel_id, flags, out_sa;
	uint32_t	in_sa[BIND_IN_SA_MAX];
	unsigned int	n_in_sa;
	char		*cell[NCOLS];	/* the human text of each column */
};

struct bind_rows {
	struct bind_row	*v;
	size_t		n, cap;
	bool		nomem;
};

static const char *flag_text(uint32_t flags)
{
	flags &= STVPN_BIND_F_STATIC | STVPN_BIND_F_AUTO;
	return flags == STVPN_BIND_F_STATIC ? "static" :
	       flags == STVPN_BIND_F_AUTO ? "auto" :
	       flags ? "static,auto" : "-";
}

static int bind_show_one(struct nl_msg *msg, void *arg)
{
	struct nlattr *top[STVPN_A_MAX + 1], *tb[STVPN_A_BIND_MAX + 1];
	char buf[IF_NAMESIZE + BIND_IN_SA_MAX * 11 + ST_ADDRSTRLEN];
	struct bind_rows *rows = arg;
	struct bind_row *r;
	struct nlattr *a;
	size_t len;
	int rem, i;

	if (bind_msg_parse(msg, top, tb) < 0)
		return NL_SKIP;
	if (rows->n == rows->cap) {
		size_t cap = rows->cap ? 2 * rows->cap : 16;
		struct bind_row *v = realloc(rows->v, cap * sizeof(*v));

		if (!v) {
			rows->nomem = true;
			return NL_SKIP;
		}
		rows->v = v;
		rows->cap = cap;
	}
	r = &rows->v[rows->n++];
	memset(r, 0, sizeof(*r));

	r->ifindex = nla_get_u32(top[STVPN_A_IFINDEX]);
	r->cell[COL_DEV] = strdup(ifindex_str(r->ifindex, buf, sizeof(buf)));

	a = tb[STVPN_A_BIND_NEXTHOP];
	r->have_nexthop = a && (nla_len(a) == 4 || nla_len(a) == 16);
	r->cell[COL_NEXTHOP] = strdup(r->have_nexthop ?
				      addr_str(nla_data(a), nla_len(a), buf, sizeof(buf)) :
				      "-");

	r->have_tunnel_id = tb[STVPN_A_BIND_TUNNEL_ID];
	if (r->have_tunnel_id) {
		r->tunnel_id = nla_get_u32(tb[STVPN_A_BIND_TUNNEL_ID]);
		snprintf(buf, sizeof(buf), "%u", r->tunnel_id);
	}
	r->cell[COL_TUNNEL] = strdup(r->have_tunnel_id ? buf : "-");

	r->cell[COL_NAME] = strdup(tb[STVPN_A_BIND_NAME] &&
				   *nla_get_string(tb[STVPN_A_BIND_NAME]) ?
				   nla_get_string(tb[STVPN_A_BIND_NAME]) : "-");

	r->flags = tb[STVPN_A_BIND_FLAGS] ? nla_get_u32(tb[STVPN_A_BIND_FLAGS]) : 0;
	r->cell[COL_FLAG] = strdup(flag_text(r->flags));
	r->cell[COL_STATE] = strdup(r->flags & STVPN_BIND_F_DOWN ? "down" : "up");

	r->out_sa = tb[STVPN_A_BIND_OUT_SA] ? nla_get_u32(tb[STVPN_A_BIND_OUT_SA]) : 0;
	snprintf(buf, sizeof(buf), "%u", r->out_sa);
	r->cell[COL_OUT] = strdup(r->out_sa ? buf : "-");

	/* IN_SA is repeated: walk the nest rather than the parsed table. */
	len = 0;
	buf[0] = '\0';
	nla_for_each_nested(a, top[STVPN_A_BIND], rem) {
		uint32_t id;

		if (nla_type(a) != STVPN_A_BIND_IN_SA || nla_len(a) < 4)
			continue;
		id = nla_get_u32(a);
		if (!id || r->n_in_sa == BIND_IN_SA_MAX)
			continue;
		r->in_sa[r->n_in_sa++] = id;
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%u",
					len ? "," : "", id);
	}
	r->cell[COL_IN] = strdup(r->n_in_sa ? buf : "-");

	for (i = 0; i < NCOLS; i++)
		if (!r->cell[i])
			rows->nomem = true;
	return NL_OK;
}

static void bind_show_json(const struct bind_rows *rows)
{
	size_t i;

	printf("{\"bindings\":[");
	for (i = 0; i < rows->n; i++) {
		const struct bind_row *r = &rows->v[i];
		const char *sep = "";
		unsigned int j;

		printf("%s{\"interface\":", i ? "," : "");
		json_string(stdout, r->cell[COL_DEV]);
		printf(",\"ifindex\":%u,\"nexthop\":", r->ifindex);
		if (r->have_nexthop)
			json_string(stdout, r->cell[COL_NEXTHOP]);
		else
			printf("null");
		if (r->have_tunnel_id)
			printf(",\"tunnel_id\":%u", r->tunnel_id);
		else
			printf(",\"tunnel_id\":null");
		printf(",\"name\":");
		if (strcmp(r->cell[COL_NAME], "-"))
			json_string(stdout, r->cell[COL_NAME]);
		else
			printf("null");
		printf(",\"flags\":[");
		if (r->flags & STVPN_BIND_F_STATIC) {
			printf("%s\"static\"", sep);
			sep = ",";
		}
		if (r->flags & STVPN_BIND_F_AUTO) {
			printf("%s\"auto\"", sep);
			sep = ",";
		}
		if (r->flags & STVPN_BIND_F_DOWN)
			printf("%s\"down\"", sep);
		printf("]");
		if (r->out_sa)
			printf(",\"out_sa\":%u", r->out_sa);
		else
			printf(",\"out_sa\":null");
		printf(",\"in_sas\":[");
		for (j = 0; j < r->n_in_sa; j++)
			printf("%s%u", j ? "," : "", r->in_sa[j]);
		printf("],\"state\":\"%s\"}", r->cell[COL_STATE]);
	}
	printf("]}\n");
}

/* One line of the table: columns padded to WIDTH, none after the last. */
static void print_row(const char *const *cells, const size_t *width)
{
	int c;

	for (c = 0; c < NCOLS - 1; c++)
		printf("%-*s  ", (int)width[c], cells[c]);
	printf("%s\n", cells[NCOLS - 1]);
}

static void bind_show_human(const struct bind_rows *rows)
{
	size_t width[NCOLS], i, w;
	int c;

	if (!rows->n)
		return;
	for (c = 0; c < NCOLS; c++)
		width[c] = strlen(col_names[c]);
	for (i = 0; i < rows->n; i++)
		for (c = 0; c < NCOLS; c++) {
			w = strlen(rows->v[i].cell[c]);
			if (w > width[c])
				width[c] = w;
		}

	print_row(col_names, width);
	for (i = 0; i < rows->n; i++)
		print_row((const char *const *)rows->v[i].cell, width);
}

static void bind_rows_free(struct bind_rows *rows)
{
	size_t i;
	int c;

	for (i = 0; i < rows->n; i++)
		for (c = 0; c < NCOLS; c++)
			free(rows->v[i].cell[c]);
	free(rows->v);
}

static int bind_show(int argc, char **argv)
{
	struct args a = { argc, argv, "kernel binding show" };
	struct bind_rows rows = { 0 };
	struct bind_args b = { 0 };
	struct stvpn_genl g;
	struct nl_msg *msg;
	char *w;
	int ret;

	while ((w = args_next(&a))) {
		if (!strcmp(w, "dev")) {
			if (args_once(&a, w, &b.have_dev) < 0 ||
			    !(b.dev = args_value(&a, w)) || parse_ifname(b.dev) < 0)
				return EXIT_USAGE;
		} else {
			args_unknown(&a, w);
			return EXIT_USAGE;
		}
	}

	ret = kernel_open(&g);
	if (ret)
		return ret;
	msg = stvpn_genl_msg(&g, STVPN_CMD_BIND_GET, NLM_F_DUMP);
	if (!msg || (b.dev && nla_put_string(msg, STVPN_A_IFNAME, b.dev) < 0)) {
		stvpn_genl_close(&g);
		return kernel_nomem(msg);
	}
	ret = kernel_request(&g, msg, bind_show_one, &rows, b.dev);
	stvpn_genl_close(&g);
	if (rows.nomem) {
		fprintf(stderr, "%s: out of memory\n", cli.prog);
		ret = EXIT_FAIL;
	} else if (cli.json) {
		bind_show_json(&rows);
	} else {
		bind_show_human(&rows);
	}
	bind_rows_free(&rows);
	return ret;
}

int kernel_bind_main(int argc, char **argv)
{
	const char *verb = argc ? argv[0] : NULL;

	if (verb && !strcmp(verb, "add"))
		return bind_change(STVPN_CMD_BIND_NEW, argc - 1, argv + 1);
	if (verb && !strcmp(verb, "set"))
		return bind_change(STVPN_CMD_BIND_SET, argc - 1, argv + 1);
	if (verb && !strcmp(verb, "del"))
		return bind_change(STVPN_CMD_BIND_DEL, argc - 1, argv + 1);
	if (verb && !strcmp(verb, "show"))
		return bind_show(argc - 1, argv + 1);

	if (verb)
		fprintf(stderr, "%s: kernel binding: unknown command '%s'\n",
			cli.prog, verb);
	fprintf(stderr, "Usage: %s kernel binding add|set|del|show ...\n",
		cli.prog);
	kernel_bind_usage(stderr);
	return EXIT_USAGE;
}
