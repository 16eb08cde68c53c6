// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stvpn kernel ...: talk to the stvpn module directly over generic
 * netlink, the way "ip xfrm" talks to XFRM.
 *
 *   stvpn kernel sa|binding ...	(kernel_sa.c, kernel_bind.c)
 *   stvpn kernel device show [NAME] [detail]
 *   stvpn kernel device set NAME tcp-mss N
 *   stvpn kernel stats clear [sa ID | dev NAME]
 *   stvpn kernel encap set port PORT [address ADDR]
 *   stvpn kernel encap del
 *   stvpn kernel monitor		(kernel_monitor.c)
 *
 * Every command parses its whole line before it opens the netlink
 * socket, so that a mistyped command says so whether or not the module
 * is loaded.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "cli.h"
#include "genl.h"
#include "parse.h"

int kernel_open(struct stvpn_genl *g)
{
	if (stvpn_genl_open(g) < 0) {
		fprintf(stderr, "%s: %s\n", cli.prog, g->errmsg);
		return EXIT_UNAVAIL;
	}
	return EXIT_OK;
}

int kernel_request(struct stvpn_genl *g, struct nl_msg *msg,
		   int (*cb)(struct nl_msg *, void *), void *arg,
		   const char *what)
{
	if (stvpn_genl_request(g, msg, cb, arg) < 0) {
		fprintf(stderr, "%s: %s%s%s\n", cli.prog, what ? what : "",
			what ? ": " : "", g->errmsg);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int kernel_nomem(struct nl_msg *msg)
{
	nlmsg_free(msg);
	fprintf(stderr, "%s: out of memory\n", cli.prog);
	return EXIT_FAIL;
}

static void kernel_usage(FILE *f)
{
	fprintf(f, "Usage: %s kernel OBJECT COMMAND [ARGS...]\n", cli.prog);
	kernel_sa_usage(f);
	kernel_bind_usage(f);
	fprintf(f,
		"  device show [NAME] [detail]\n"
		"  device set NAME tcp-mss N               (0 = off)\n"
		"  stats clear [sa ID | dev NAME]\n"
		"  encap set port PORT [address ADDR]\n"
		"  encap del\n"
		"  monitor\n"
		"  help\n");
}

/* --- device show --------------------------------------------------- */

static const char *mode_name(unsigned int mode)
{
	switch (mode) {
	case STVPN_MODE_P2P:		return "p2p";
	case STVPN_MODE_MULTIPOINT:	return "multipoint";
	default:			return "unknown";
	}
}

/* Drop reasons (enum stvpn_dev_stat): human and JSON names. */
static const struct {
	const char	*name;
	const char	*json;
} dev_stats[STVPN_DEV_STAT_MAX + 1] = {
	[STVPN_DEV_STAT_NO_BINDING]	= { "no-binding", "no_binding" },
	[STVPN_DEV_STAT_NO_SA]		= { "no-sa", "no_sa" },
	[STVPN_DEV_STAT_TOO_BIG]	= { "too-big", "too_big" },
	[STVPN_DEV_STAT_NO_ROUTE]	= { "no-route", "no_route" },
	[STVPN_DEV_STAT_SEQ_EXHAUSTED]	= { "seq-exhausted", "seq_exhausted" },
	[STVPN_DEV_STAT_EXPIRED]	= { "expired", "expired" },
	[STVPN_DEV_STAT_BAD_INNER]	= { "bad-inner", "bad_inner" },
};

struct dev_show {
	unsigned int	count;
	bool		detail;
};

/* The detail of one device: its TCP MSS clamp and drop counters. */
static void dev_show_detail(struct nlattr **tb, const char *name,
			    unsigned int ifindex, unsigned int mode)
{
	struct nlattr *st[STVPN_DEV_STAT_MAX + 1] = { 0 };
	bool mss = tb[STVPN_A_DEV_TCP_MSS];
	unsigned int mss_val = mss ? nla_get_u16(tb[STVPN_A_DEV_TCP_MSS]) : 0;
	bool stats = tb[STVPN_A_DEV_STATS] &&
		     nla_parse_nested(st, STVPN_DEV_STAT_MAX, tb[STVPN_A_DEV_STATS],
				      stvpn_dev_stats_policy) >= 0;
	int i;

	if (cli.json) {
		printf("{\"name\":");
		json_string(stdout, name);
		printf(",\"ifindex\":%u,\"mode\":\"%s\"", ifindex, mode_name(mode));
		if (mss)
			printf(",\"tcp_mss\":%u", mss_val);
		if (stats) {
			printf(",\"drops\":{");
			for (i = 1; i <= STVPN_DEV_STAT_BAD_INNER; i++)
				printf("%s\"%s\":%" PRIu64, i > 1 ? "," : "",
				       dev_stats[i].json,
				       st[i] ? nla_get_u64(st[i]) : 0);
			printf("}");
		}
		printf("}");
		return;
	}

	printf("%s: index %u mode %s", name, ifindex, mode_name(mode));
	if (mss && mss_val)
		printf(" tcp-mss %u", mss_val);
	else if (mss)
		printf(" tcp-mss off");
	printf("\n");
	if (stats) {
		printf("  drops:");
		for (i = 1; i <= STVPN_DEV_STAT_BAD_INNER; i++)
			printf(" %s %" PRIu64, dev_stats[i].name,
			       st[i] ? nla_get_u64(st[i]) : 0);
		printf("\n");
	}
}

static int dev_show_one(struct nl_msg *msg, void *arg)
{
	struct nlattr *top[STVPN_A_MAX + 1], *tb[STVPN_A_DEV_MAX + 1];
	struct dev_show *ds = arg;
	unsigned int ifindex, mode;
	const char *name;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, top, STVPN_A_MAX, NULL) < 0 ||
	    !top[STVPN_A_DEV] ||
	    nla_parse_nested(tb, STVPN_A_DEV_MAX, top[STVPN_A_DEV], stvpn_dev_policy) < 0 ||
	    !tb[STVPN_A_DEV_IFINDEX] || !tb[STVPN_A_DEV_IFNAME] ||
	    !tb[STVPN_A_DEV_MODE]) {
		fprintf(stderr, "%s: malformed device message from the kernel\n",
			cli.prog);
		return NL_SKIP;
	}
	ifindex = nla_get_u32(tb[STVPN_A_DEV_IFINDEX]);
	name = nla_get_string(tb[STVPN_A_DEV_IFNAME]);
	mode = nla_get_u32(tb[STVPN_A_DEV_MODE]);

	if (cli.json && ds->count)
		printf(",");
	if (ds->detail) {
		dev_show_detail(tb, name, ifindex, mode);
	} else if (cli.json) {
		printf("{\"name\":");
		json_string(stdout, name);
		printf(",\"ifindex\":%u,\"mode\":\"%s\"}", ifindex, mode_name(mode));
	} else {
		if (!ds->count)
			printf("%-16s %-7s %s\n", "Interface", "Index", "Mode");
		printf("%-16s %-7u %s\n", name, ifindex, mode_name(mode));
	}
	ds->count++;
	return NL_OK;
}

static int device_show(int argc, char **argv)
{
	struct dev_show ds = { 0 };
	const char *name = NULL;
	struct stvpn_genl g;
	struct nl_msg *msg;
	int i, ret;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "detail") && !ds.detail) {
			ds.detail = true;
		} else if (!name) {
			if (parse_ifname(argv[i]) < 0)
				return EXIT_USAGE;
			name = argv[i];
		} else {
			fprintf(stderr, "%s: kernel device show: unexpected argument '%s'\n",
				cli.prog, argv[i]);
			return EXIT_USAGE;
		}
	}

	ret = kernel_open(&g);
	if (ret)
		return ret;

	msg = stvpn_genl_msg(&g, STVPN_CMD_DEV_GET, name ? 0 : NLM_F_DUMP);
	if (!msg || (name && nla_put_string(msg, STVPN_A_IFNAME, name) < 0)) {
		stvpn_genl_close(&g);
		return kernel_nomem(msg);
	}

	if (cli.json)
		printf("{\"devices\":[");
	ret = kernel_request(&g, msg, dev_show_one, &ds, name);
	if (cli.json)
		printf("]}\n");
	stvpn_genl_close(&g);
	return ret;
}

/* --- device set ---------------------------------------------------- */

static int device_set(int argc, char **argv)
{
	struct args a = { argc, argv, "kernel device set" };
	bool have_mss = false;
	const char *name;
	struct stvpn_genl g;
	struct nlattr *nest;
	struct nl_msg *msg;
	uint16_t mss = 0;
	char *w, *v;
	int ret;

	name = args_next(&a);
	if (!name) {
		parse_error("%s: missing the device name", a.cmd);
		return EXIT_USAGE;
	}
	if (parse_ifname(name) < 0)
		return EXIT_USAGE;
	while ((w = args_next(&a))) {
		if (!strcmp(w, "tcp-mss")) {
			if (args_once(&a, w, &have_mss) < 0 ||
			    !(v = args_value(&a, w)) ||
			    parse_u16("tcp-mss", v, &mss) < 0)
				return EXIT_USAGE;
		} else {
			args_unknown(&a, w);
			return EXIT_USAGE;
		}
	}
	if (args_require(&a, "tcp-mss", have_mss) < 0)
		return EXIT_USAGE;

	ret = kernel_open(&g);
	if (ret)
		return ret;
	msg = stvpn_genl_msg(&g, STVPN_CMD_DEV_SET, 0);
	if (!msg || nla_put_string(msg, STVPN_A_IFNAME, name) < 0 ||
	    !(nest = nla_nest_start(msg, STVPN_A_DEV)) ||
	    nla_put_u16(msg, STVPN_A_DEV_TCP_MSS, mss) < 0) {
		stvpn_genl_close(&g);
		return kernel_nomem(msg);
	}
	nla_nest_end(msg, nest);
	ret = kernel_request(&g, msg, NULL, NULL, NULL);
	stvpn_genl_close(&g);
	return ret;
}

/* --- stats clear --------------------------------------------------- */

static int stats_clear(int argc, char **argv)
{
	struct args a = { argc, argv, "kernel stats clear" };
	const char *dev = NULL;
	bool have_sa = false;
	struct stvpn_genl g;
	struct nlattr *nest;
	struct nl_msg *msg;
	uint32_t id = 0;
	char *w, *v;
	int ret;

	w = args_next(&a);
	if (w && !strcmp(w, "sa")) {
		if (!(v = args_value(&a, w)) || parse_u32("sa id", v, &id) < 0)
			return EXIT_USAGE;
		have_sa = true;
	} else if (w && !strcmp(w, "dev")) {
		if (!(dev = args_value(&a, w)) || parse_ifname(dev) < 0)
			return EXIT_USAGE;
	} else if (w) {
		args_unknown(&a, w);
		return EXIT_USAGE;
	}
	w = args_next(&a);
	if (w) {
		parse_error("%s: unexpected argument '%s' (give sa ID or dev NAME, or neither)",
			    a.cmd, w);
		return EXIT_USAGE;
	}

	ret = kernel_open(&g);
	if (ret)
		return ret;
	msg = stvpn_genl_msg(&g, STVPN_CMD_STATS_CLEAR, 0);
	if (!msg)
		goto nomem;
	if (have_sa) {
		nest = nla_nest_start(msg, STVPN_A_SA);
		if (!nest || nla_put_u32(msg, STVPN_A_SA_ID, id) < 0)
			goto nomem;
		nla_nest_end(msg, nest);
	}
	if (dev && nla_put_string(msg, STVPN_A_IFNAME, dev) < 0)
		goto nomem;
	ret = kernel_request(&g, msg, NULL, NULL, NULL);
	stvpn_genl_close(&g);
	return ret;
nomem:
	stvpn_genl_close(&g);
	return kernel_nomem(msg);
}

/* --- encap set ----------------------------------------------------- */

/* A UDP socket bound to ADDR:PORT (any IPv4 address without ADDR). */
static int encap_socket(const struct st_addr *addr, uint16_t port)
{
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in sin = { .sin_family = AF_INET };
	char text[ST_ADDRSTRLEN] = "0.0.0.0";
	struct sockaddr *sa = (struct sockaddr *)&sin;
	socklen_t salen = sizeof(sin);
	int fd;

	if (addr->family == AF_INET6) {
		memcpy(&sin6.sin6_addr, addr->bytes, 16);
		sin6.sin6_port = htons(port);
		sa = (struct sockaddr *)&sin6;
		salen = sizeof(sin6);
	} else {
		if (addr->family == AF_INET)
			memcpy(&sin.sin_addr, addr->bytes, 4);
		sin.sin_port = htons(port);
	}
	if (addr->family)
		addr_str(addr->bytes, (int)addr->len, text, sizeof(text));

	fd = socket(sa->sa_family, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP);
	if (fd < 0) {
		fprintf(stderr, "%s: cannot open a UDP socket: %s\n", cli.prog,
			strerror(errno));
		return -1;
	}
	if (bind(fd, sa, salen) < 0) {
		fprintf(stderr, "%s: cannot bind UDP %s%s%s:%u: %s\n", cli.prog,
			addr->family == AF_INET6 ? "[" : "", text,
			addr->family == AF_INET6 ? "]" : "", port, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int encap_set(int argc, char **argv)
{
	struct args a = { argc, argv, "kernel encap set" };
	bool have_port = false, have_addr = false;
	struct st_addr addr = { 0 };
	struct stvpn_genl g;
	struct nlattr *nest;
	struct nl_msg *msg;
	uint16_t port = 0;
	char *w, *v;
	int fd, ret;

	while ((w = args_next(&a))) {
		if (!strcmp(w, "port")) {
			if (args_once(&a, w, &have_port) < 0 ||
			    !(v = args_value(&a, w)) ||
			    parse_u16("port", v, &port) < 0)
				return EXIT_USAGE;
			if (!port) {
				parse_error("invalid port: '%s' (expected 1 to 65535)", v);
				return EXIT_USAGE;
			}
		} else if (!strcmp(w, "address")) {
			if (args_once(&a, w, &have_addr) < 0 ||
			    !(v = args_value(&a, w)) ||
			    parse_addr("local", v, &addr) < 0)
				return EXIT_USAGE;
		} else {
			args_unknown(&a, w);
			return EXIT_USAGE;
		}
	}
	if (args_require(&a, "port", have_port) < 0)
		return EXIT_USAGE;

	ret = kernel_open(&g);
	if (ret)
		return ret;
	fd = encap_socket(&addr, port);
	if (fd < 0) {
		stvpn_genl_close(&g);
		return EXIT_FAIL;
	}
	msg = stvpn_genl_msg(&g, STVPN_CMD_ENCAP_SET, 0);
	if (!msg || !(nest = nla_nest_start(msg, STVPN_A_ENCAP)) ||
	    nla_put_u32(msg, STVPN_A_ENCAP_FD, (uint32_t)fd) < 0) {
		close(fd);
		stvpn_genl_close(&g);
		return kernel_nomem(msg);
	}
	nla_nest_end(msg, nest);
	/* The kernel takes its own reference to the socket. */
	ret = kernel_request(&g, msg, NULL, NULL, NULL);
	close(fd);
	stvpn_genl_close(&g);
	return ret;
}

static int encap_del(int argc, char **argv)
{
	struct stvpn_genl g;
	struct nl_msg *msg;
	int ret;

	if (argc) {
		fprintf(stderr, "%s: kernel encap del: unexpected argument '%s'\n",
			cli.prog, argv[0]);
		return EXIT_USAGE;
	}
	ret = kernel_open(&g);
	if (ret)
		return ret;
	msg = stvpn_genl_msg(&g, STVPN_CMD_ENCAP_DEL, 0);
	if (!msg) {
		stvpn_genl_close(&g);
		return kernel_nomem(msg);
	}
	ret = kernel_request(&g, msg, NULL, NULL, NULL);
	stvpn_genl_close(&g);
	return ret;
}

static int encap_main(int argc, char **argv)
{
	if (argc >= 1 && !strcmp(argv[0], "set"))
		return encap_set(argc - 1, argv + 1);
	if (argc >= 1 && !strcmp(argv[0], "del"))
		return encap_del(argc - 1, argv + 1);
	if (argc)
		fprintf(stderr, "%s: kernel encap: unknown command '%s'\n",
			cli.prog, argv[0]);
	fprintf(stderr, "Usage: %s kernel encap set port PORT [address ADDR]\n"
			"       %s kernel encap del\n", cli.prog, cli.prog);
	return EXIT_USAGE;
}

/* --- dispatch ------------------------------------------------------ */

static int device_main(int argc, char **argv)
{
	if (argc >= 1 && !strcmp(argv[0], "show"))
		return device_show(argc - 1, argv + 1);
	if (argc >= 1 && !strcmp(argv[0], "set"))
		return device_set(argc - 1, argv + 1);
	if (argc)
		fprintf(stderr, "%s: kernel device: unknown command '%s'\n",
			cli.prog, argv[0]);
	fprintf(stderr, "Usage: %s kernel device show [NAME] [detail]\n"
			"       %s kernel device set NAME tcp-mss N\n",
		cli.prog, cli.prog);
	return EXIT_USAGE;
}

static int one_verb(int argc, char **argv, const char *object, const char *verb,
		    int (*fn)(int, char **))
{
	if (argc >= 1 && !strcmp(argv[0], verb))
		return fn(argc - 1, argv + 1);
	if (argc)
		fprintf(stderr, "%s: kernel %s: unknown command '%s'\n",
			cli.prog, object, argv[0]);
	else
		fprintf(stderr, "%s: kernel %s: missing command (%s)\n",
			cli.prog, object, verb);
	return EXIT_USAGE;
}

int kernel_main(int argc, char **argv)
{
	const char *object = argc >= 2 ? argv[1] : NULL;

	argc -= 2;
	argv += 2;
	if (!object) {
		kernel_usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(object, "sa"))
		return kernel_sa_main(argc, argv);
	if (!strcmp(object, "binding"))
		return kernel_bind_main(argc, argv);
	if (!strcmp(object, "device"))
		return device_main(argc, argv);
	if (!strcmp(object, "stats"))
		return one_verb(argc, argv, "stats", "clear", stats_clear);
	if (!strcmp(object, "encap"))
		return encap_main(argc, argv);
	if (!strcmp(object, "monitor"))
		return kernel_monitor_main(argc, argv);
	if (!strcmp(object, "help")) {
		if (argc) {
			fprintf(stderr, "%s: kernel help: unexpected argument '%s'\n",
				cli.prog, argv[0]);
			return EXIT_USAGE;
		}
		kernel_usage(stdout);
		return EXIT_OK;
	}

	fprintf(stderr, "%s: kernel: unknown object '%s'\n", cli.prog, object);
	kernel_usage(stderr);
	return EXIT_USAGE;
}
