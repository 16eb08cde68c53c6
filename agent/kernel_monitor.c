// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stvpn kernel monitor: the events of the stvpn module (the "events"
 * multicast group), one line each, until killed.
 *
 *   soft-expire sa 10 (bytes)
 *   hard-expire sa 10 (seconds)
 *   seq-near-end sa 10
 *   seq-exhausted sa 10
 *   acquire dev st0 nexthop 10.11.11.11
 *
 * With -j, one JSON object per line. Every line is flushed as it is
 * written, so that a pipe sees it at once.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <net/if.h>
#include <netlink/genl/ctrl.h>

#include "cli.h"
#include "genl.h"
#include "parse.h"

static const struct nla_policy event_policy[STVPN_A_EVENT_MAX + 1] = {
	[STVPN_A_EVENT_TYPE]	= { .type = NLA_U8 },
	[STVPN_A_EVENT_SA_ID]	= { .type = NLA_U32 },
	[STVPN_A_EVENT_LIMIT]	= { .type = NLA_U8 },
	[STVPN_A_EVENT_IFINDEX]	= { .type = NLA_U32 },
};

static const char *event_name(unsigned int type)
{
	switch (type) {
	case STVPN_EVENT_SOFT_EXPIRE:	return "soft-expire";
	case STVPN_EVENT_HARD_EXPIRE:	return "hard-expire";
	case STVPN_EVENT_SEQ_NEAR_END:	return "seq-near-end";
	case STVPN_EVENT_SEQ_EXHAUSTED:	return "seq-exhausted";
	case STVPN_EVENT_ACQUIRE:	return "acquire";
	default:			return NULL;
	}
}

/* STVPN_A_EVENT_LIMIT: 1 bytes, 2 packets, 3 seconds. */
static const char *limit_name(unsigned int limit)
{
	switch (limit) {
	case 1:		return "bytes";
	case 2:		return "packets";
	case 3:		return "seconds";
	default:	return "unknown";
	}
}

static void print_event(struct nlattr **tb, unsigned int type)
{
	char name[32], dev[IF_NAMESIZE + 16], nh[ST_ADDRSTRLEN];
	struct nlattr *a = tb[STVPN_A_EVENT_NEXTHOP];
	const char *ev = event_name(type);
	const char *nexthop = a && (nla_len(a) == 4 || nla_len(a) == 16) ?
			      addr_str(nla_data(a), nla_len(a), nh, sizeof(nh)) :
			      NULL;
	unsigned int ifindex = 0;

	if (!ev) {
		snprintf(name, sizeof(name), "event-%u", type);
		ev = name;
	}
	if (tb[STVPN_A_EVENT_IFINDEX]) {
		ifindex = nla_get_u32(tb[STVPN_A_EVENT_IFINDEX]);
		ifindex_str(ifindex, dev, sizeof(dev));
	}

	if (cli.json) {
		printf("{\"event\":");
		json_string(stdout, ev);
		if (tb[STVPN_A_EVENT_SA_ID])
			printf(",\"sa\":%u", nla_get_u32(tb[STVPN_A_EVENT_SA_ID]));
		if (tb[STVPN_A_EVENT_LIMIT])
			printf(",\"limit\":\"%s\"",
			       limit_name(nla_get_u8(tb[STVPN_A_EVENT_LIMIT])));
		if (tb[STVPN_A_EVENT_IFINDEX]) {
			printf(",\"dev\":");
			json_string(stdout, dev);
			printf(",\"ifindex\":%u", ifindex);
		}
		if (nexthop)
			printf(",\"nexthop\":\"%s\"", nexthop);
		printf("}\n");
	} else {
		printf("%s", ev);
		if (tb[STVPN_A_EVENT_IFINDEX])
			printf(" dev %s", dev);
		if (nexthop)
			printf(" nexthop %s", nexthop);
		if (tb[STVPN_A_EVENT_SA_ID])
			printf(" sa %u", nla_get_u32(tb[STVPN_A_EVENT_SA_ID]));
		if (tb[STVPN_A_EVENT_LIMIT])
			printf(" (%s)", limit_name(nla_get_u8(tb[STVPN_A_EVENT_LIMIT])));
		printf("\n");
	}
	fflush(stdout);
}

static int on_event(struct nl_msg *msg, void *arg)
{
	struct nlattr *top[STVPN_A_MAX + 1], *tb[STVPN_A_EVENT_MAX + 1];
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	const struct stvpn_genl *g = arg;
	struct genlmsghdr *gh;
	unsigned int type;

	if (nlh->nlmsg_type != g->family || !genlmsg_valid_hdr(nlh, 0))
		return NL_SKIP;
	gh = genlmsg_hdr(nlh);
	if (gh->cmd != STVPN_CMD_SA_EXPIRE && gh->cmd != STVPN_CMD_ACQUIRE)
		return NL_SKIP;
	if (genlmsg_parse(nlh, 0, top, STVPN_A_MAX, NULL) < 0 ||
	    !top[STVPN_A_EVENT] ||
	    nla_parse_nested(tb, STVPN_A_EVENT_MAX, top[STVPN_A_EVENT],
			     event_policy) < 0) {
		fprintf(stderr, "%s: malformed event from the kernel\n", cli.prog);
		return NL_SKIP;
	}
	if (tb[STVPN_A_EVENT_TYPE])
		type = nla_get_u8(tb[STVPN_A_EVENT_TYPE]);
	else
		type = gh->cmd == STVPN_CMD_ACQUIRE ? STVPN_EVENT_ACQUIRE : 0;
	print_event(tb, type);
	return NL_OK;
}

int kernel_monitor_main(int argc, char **argv)
{
	struct stvpn_genl g;
	int grp, err, ret;

	if (argc > 0) {
		fprintf(stderr, "%s: kernel monitor: unexpected argument '%s'\n",
			cli.prog, argv[0]);
		return EXIT_USAGE;
	}

	ret = kernel_open(&g);
	if (ret)
		return ret;
	grp = genl_ctrl_resolve_grp(g.sk, STVPN_GENL_NAME, STVPN_GENL_MCGRP_EVENTS);
	if (grp < 0) {
		fprintf(stderr, "%s: multicast group '%s' of '%s' not found: %s\n",
			cli.prog, STVPN_GENL_MCGRP_EVENTS, STVPN_GENL_NAME,
			nl_geterror(grp));
		stvpn_genl_close(&g);
		return EXIT_UNAVAIL;
	}
	err = nl_socket_add_membership(g.sk, grp);
	if (err < 0) {
		fprintf(stderr, "%s: cannot join the '%s' group: %s\n", cli.prog,
			STVPN_GENL_MCGRP_EVENTS, nl_geterror(err));
		stvpn_genl_close(&g);
		return EXIT_FAIL;
	}
	nl_socket_disable_seq_check(g.sk);
	/* Room for a burst of events (a rekey of many tunnels at once). */
	nl_socket_set_buffer_size(g.sk, 1 << 20, 0);
	nl_socket_modify_cb(g.sk, NL_CB_VALID, NL_CB_CUSTOM, on_event, &g);

	for (;;) {
		err = nl_recvmsgs_default(g.sk);
		if (err == -NLE_NOMEM) {
			/* ENOBUFS: the socket overflowed; go on. */
			fprintf(stderr, "%s: events were lost (receive buffer overrun)\n",
				cli.prog);
			continue;
		}
		if (err < 0 && err != -NLE_INTR && err != -NLE_AGAIN) {
			fprintf(stderr, "%s: monitor: %s\n", cli.prog,
				nl_geterror(err));
			break;
		}
	}
	stvpn_genl_close(&g);
	return EXIT_FAIL;
}
