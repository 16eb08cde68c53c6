// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * link_st.so: iproute2 "ip link" plugin for the stvpn "st" link kind.
 *
 * "ip" looks up an unknown link kind KIND by dlopen()ing
 * $IP_LIB_DIR/link_KIND.so (default /usr/lib/ip) and resolving the symbol
 * KIND_link_util in it. The plugin is built against the stock iproute2 6.1
 * "ip" binary, for which no development headers exist, so the few types and
 * helpers it needs from "ip" are declared here by hand and must stay
 * identical to iproute2 6.1 (ip/ip_common.h, include/libnetlink.h,
 * include/utils.h, include/json_print.h, include/color.h).
 *
 *	ip link add NAME type st [ mode { p2p | multipoint } ]
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/types.h>

#include <linux/stvpn.h>

/* ip/ip_common.h, iproute2 6.1 */
struct link_util {
	struct link_util	*next;
	const char		*id;
	int			maxattr;
	int			(*parse_opt)(struct link_util *, int, char **,
					     struct nlmsghdr *);
	void			(*print_opt)(struct link_util *, FILE *,
					     struct rtattr *[]);
	void			(*print_xstats)(struct link_util *, FILE *,
						struct rtattr *);
	void			(*print_help)(struct link_util *, int, char **,
					      FILE *);
	int			(*parse_ifla_xstats)(struct link_util *,
						     int, char **);
	int			(*print_ifla_xstats)(struct nlmsghdr *, void *);
};

/*
 * include/json_print.h and include/color.h, iproute2 6.1. Only the values
 * used here are declared; PRINT_ANY is left out on purpose, the choice
 * between plain and JSON output is made with is_json_context().
 */
enum output_type {
	PRINT_FP	= 1,
	PRINT_JSON	= 2,
};

enum color_attr {
	COLOR_NONE	= 0,
};

/* Exported by the "ip" binary itself. */
extern int addattr32(struct nlmsghdr *n, int maxlen, int type, __u32 data);
/* Returns false when prefix is a non-empty prefix of string. */
extern bool matches(const char *prefix, const char *string);
extern bool is_json_context(void);
extern int print_color_string(enum output_type t, enum color_attr color,
			      const char *key, const char *fmt,
			      const char *value);

/*
 * Room for attributes that plugins may assume: "ip link" builds its request
 * in struct iplink_req, whose attribute buffer is 1024 bytes, and the
 * in-tree plugins pass this same bound to addattr*().
 */
#define ST_REQ_MAXLEN	1024

static void st_usage(FILE *f)
{
	fprintf(f,
		"Usage: ... ip link { add | set | change | replace } NAME type st [ mode { p2p | multipoint } ]\n"
		"\n"
		"Where: mode p2p         one tunnel binding carries every packet (default)\n"
		"                        alias: point-to-point\n"
		"       mode multipoint  the tunnel is chosen by the route's next hop\n"
		"                        alias: mp\n"
		"The mode is fixed when the device is created.\n");
}

static int st_parse_mode(const char *arg, __u32 *mode)
{
	if (!strcmp(arg, "p2p") || !strcmp(arg, "point-to-point")) {
		*mode = STVPN_MODE_P2P;
		return 0;
	}
	if (!strcmp(arg, "multipoint") || !strcmp(arg, "mp")) {
		*mode = STVPN_MODE_MULTIPOINT;
		return 0;
	}
	return -1;
}

static int st_parse_opt(struct link_util *lu, int argc, char **argv,
			struct nlmsghdr *n)
{
	bool have_mode = false;
	__u32 mode = STVPN_MODE_P2P;

	(void)lu;

	while (argc > 0) {
		if (!matches(*argv, "mode")) {
			if (have_mode) {
				fprintf(stderr, "st: 'mode' given twice\n");
				return -1;
			}
			if (argc < 2) {
				fprintf(stderr,
					"st: 'mode' needs a value (p2p or multipoint)\n");
				return -1;
			}
			argc--;
			argv++;
			if (st_parse_mode(*argv, &mode)) {
				fprintf(stderr,
					"st: invalid mode '%s' (p2p or multipoint)\n",
					*argv);
				return -1;
			}
			have_mode = true;
		} else if (!matches(*argv, "help")) {
			st_usage(stderr);
			return -1;
		} else {
			fprintf(stderr, "st: unknown argument '%s'\n", *argv);
			st_usage(stderr);
			return -1;
		}
		argc--;
		argv++;
	}

	if (have_mode && addattr32(n, ST_REQ_MAXLEN, IFLA_ST_MODE, mode)) {
		fprintf(stderr, "st: netlink request too long\n");
		return -1;
	}

	return 0;
}

static void st_print_opt(struct link_util *lu, FILE *f, struct rtattr *tb[])
{
	char buf[32];
	const char *name;
	__u32 mode;

	(void)lu;
	(void)f;

	if (!tb || !tb[IFLA_ST_MODE] ||
	    RTA_PAYLOAD(tb[IFLA_ST_MODE]) < sizeof(mode))
		return;

	memcpy(&mode, RTA_DATA(tb[IFLA_ST_MODE]), sizeof(mode));
	switch (mode) {
	case STVPN_MODE_P2P:
		name = "p2p";
		break;
	case STVPN_MODE_MULTIPOINT:
		name = "multipoint";
		break;
	default:
		snprintf(buf, sizeof(buf), "unknown(%u)", mode);
		name = buf;
		break;
	}

	if (is_json_context())
		print_color_string(PRINT_JSON, COLOR_NONE, "mode", NULL, name);
	else
		print_color_string(PRINT_FP, COLOR_NONE, NULL, "mode %s ", name);
}

static void st_print_help(struct link_util *lu, int argc, char **argv,
			  FILE *f)
{
	(void)lu;
	(void)argc;
	(void)argv;

	st_usage(f);
}

struct link_util st_link_util = {
	.id		= STVPN_LINK_KIND,
	.maxattr	= IFLA_ST_MAX,
	.parse_opt	= st_parse_opt,
	.print_opt	= st_print_opt,
	.print_help	= st_print_help,
};
