// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stvpn kernel ...: talk to the stvpn module directly over generic
 * netlink, the way "ip xfrm" talks to XFRM.
 *
 *   stvpn kernel device show [NAME]
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <net/if.h>

#include "cli.h"
#include "genl.h"

static const char *mode_name(unsigned int mode)
{
	switch (mode) {
	case STVPN_MODE_P2P:		return "p2p";
	case STVPN_MODE_MULTIPOINT:	return "multipoint";
	default:			return "unknown";
	}
}

struct dev_show {
	unsigned int	count;
};

static const struct nla_policy dev_policy[STVPN_A_DEV_MAX + 1] = {
	[STVPN_A_DEV_IFINDEX]	= { .type = NLA_U32 },
	[STVPN_A_DEV_IFNAME]	= { .type = NLA_STRING, .maxlen = IFNAMSIZ },
	[STVPN_A_DEV_MODE]	= { .type = NLA_U32 },
};

static int dev_show_one(struct nl_msg *msg, void *arg)
{
	struct nlattr *top[STVPN_A_MAX + 1], *tb[STVPN_A_DEV_MAX + 1];
	struct dev_show *ds = arg;
	unsigned int ifindex, mode;
	const char *name;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, top, STVPN_A_MAX, NULL) < 0 ||
	    !top[STVPN_A_DEV] ||
	    nla_parse_nested(tb, STVPN_A_DEV_MAX, top[STVPN_A_DEV], dev_policy) < 0 ||
	    !tb[STVPN_A_DEV_IFINDEX] || !tb[STVPN_A_DEV_IFNAME] ||
	    !tb[STVPN_A_DEV_MODE]) {
		fprintf(stderr, "%s: malformed device message from the kernel\n",
			cli.prog);
		return NL_SKIP;
	}
	ifindex = nla_get_u32(tb[STVPN_A_DEV_IFINDEX]);
	name = nla_get_string(tb[STVPN_A_DEV_IFNAME]);
	mode = nla_get_u32(tb[STVPN_A_DEV_MODE]);

	if (cli.json) {
		printf("%s{\"name\":", ds->count ? "," : "");
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
	struct stvpn_genl g;
	struct nl_msg *msg;
	int err;

	if (argc > 1) {
		fprintf(stderr, "%s: kernel device show: unexpected argument '%s'\n",
			cli.prog, argv[1]);
		return EXIT_USAGE;
	}
	if (argc == 1 && strlen(argv[0]) >= IFNAMSIZ) {
		fprintf(stderr, "%s: invalid interface name: '%s'\n", cli.prog,
			argv[0]);
		return EXIT_USAGE;
	}

	if (stvpn_genl_open(&g) < 0) {
		fprintf(stderr, "%s: %s\n", cli.prog, g.errmsg);
		return EXIT_UNAVAIL;
	}

	msg = stvpn_genl_msg(&g, STVPN_CMD_DEV_GET, argc ? 0 : NLM_F_DUMP);
	if (!msg || (argc && nla_put_string(msg, STVPN_A_IFNAME, argv[0]) < 0)) {
		fprintf(stderr, "%s: out of memory\n", cli.prog);
		nlmsg_free(msg);
		stvpn_genl_close(&g);
		return EXIT_FAIL;
	}

	if (cli.json)
		printf("{\"devices\":[");
	err = stvpn_genl_request(&g, msg, dev_show_one, &ds);
	if (cli.json)
		printf("]}\n");
	if (err < 0) {
		fprintf(stderr, "%s: %s%s%s\n", cli.prog,
			argc ? argv[0] : "", argc ? ": " : "", g.errmsg);
		stvpn_genl_close(&g);
		return EXIT_FAIL;
	}
	stvpn_genl_close(&g);
	return EXIT_OK;
}

int kernel_main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "device") && !strcmp(argv[2], "show"))
		return device_show(argc - 3, argv + 3);

	fprintf(stderr, "Usage: %s kernel device show [NAME]\n", cli.prog);
	return EXIT_USAGE;
}
