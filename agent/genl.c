// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A small layer over libnl-genl for the "stvpn" family.
 *
 * libnl 3.7 does not surface netlink extended ACKs, so the socket option
 * is set here and the message is read out of the error message's TLVs.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <net/if.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "genl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct request {
	struct stvpn_genl	*g;
	int			(*cb)(struct nl_msg *, void *);
	void			*arg;
	int			err;
	int			done;
};

/* Copies NLMSGERR_ATTR_MSG, if the kernel sent one, into g->errmsg. */
static void read_extack(struct stvpn_genl *g, struct nlmsgerr *e)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	size_t off, len;
	struct nlattr *a;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*e))
		return;

	off = NLMSG_HDRLEN + sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < NLMSG_HDRLEN)
			return;
		off += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
	}
	if (off >= nlh->nlmsg_len)
		return;

	len = nlh->nlmsg_len - off;
	a = nla_find((struct nlattr *)((char *)nlh + off), (int)len,
		     NLMSGERR_ATTR_MSG);
	if (!a || nla_len(a) <= 0)
		return;
	snprintf(g->errmsg, sizeof(g->errmsg), "%.*s", nla_len(a),
		 (const char *)nla_data(a));
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct request *r = arg;

	(void)nla;
	r->err = e->error;
	r->done = 1;
	read_extack(r->g, e);
	return NL_STOP;
}

static int on_finish(struct nl_msg *msg, void *arg)
{
	struct request *r = arg;

	(void)msg;
	r->done = 1;
	return NL_STOP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct request *r = arg;

	if (r->cb)
		return r->cb(msg, r->arg);
	return NL_OK;
}

static void set_errmsg(struct stvpn_genl *g, int err)
{
	if (!g->errmsg[0])
		snprintf(g->errmsg, sizeof(g->errmsg), "%s", strerror(-err));
}

int stvpn_genl_open(struct stvpn_genl *g)
{
	int one = 1, err;

	memset(g, 0, sizeof(*g));
	g->sk = nl_socket_alloc();
	if (!g->sk) {
		set_errmsg(g, -ENOMEM);
		return -ENOMEM;
	}
	err = genl_connect(g->sk);
	if (err < 0) {
		snprintf(g->errmsg, sizeof(g->errmsg),
			 "cannot open a generic netlink socket: %s",
			 nl_geterror(err));
		goto err_free;
	}
	setsockopt(nl_socket_get_fd(g->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(g->sk), SOL_NETLINK, NETLINK_GET_STRICT_CHK,
		   &one, sizeof(one));
	/* Errors need not echo the request: it may hold SA keys. */
	setsockopt(nl_socket_get_fd(g->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));

	g->family = genl_ctrl_resolve(g->sk, STVPN_GENL_NAME);
	if (g->family < 0) {
		snprintf(g->errmsg, sizeof(g->errmsg),
			 "generic netlink family '%s' not found: is the stvpn module loaded?",
			 STVPN_GENL_NAME);
		err = -ENOENT;
		goto err_free;
	}
	return 0;

err_free:
	nl_socket_free(g->sk);
	g->sk = NULL;
	return err < 0 ? err : -EIO;
}

void stvpn_genl_close(struct stvpn_genl *g)
{
	nl_socket_free(g->sk);
	g->sk = NULL;
}

struct nl_msg *stvpn_genl_msg(struct stvpn_genl *g, int cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, g->family, 0,
			 flags | NLM_F_REQUEST | NLM_F_ACK, cmd,
			 STVPN_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

int stvpn_genl_request(struct stvpn_genl *g, struct nl_msg *msg,
		       int (*cb)(struct nl_msg *, void *), void *arg)
{
	struct request r = { .g = g, .cb = cb, .arg = arg };
	struct nl_cb *nlcb;
	int err;

	g->errmsg[0] = '\0';
	nlcb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!nlcb) {
		nlmsg_free(msg);
		set_errmsg(g, -ENOMEM);
		return -ENOMEM;
	}
	nl_cb_err(nlcb, NL_CB_CUSTOM, on_error, &r);
	nl_cb_set(nlcb, NL_CB_ACK, NL_CB_CUSTOM, on_finish, &r);
	nl_cb_set(nlcb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &r);
	nl_cb_set(nlcb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &r);

	err = nl_send_auto(g->sk, msg);
	nlmsg_free(msg);
	if (err < 0) {
		snprintf(g->errmsg, sizeof(g->errmsg), "%s", nl_geterror(err));
		nl_cb_put(nlcb);
		return -EIO;
	}

	for (;;) {
		err = nl_recvmsgs(g->sk, nlcb);
		if (r.done)	/* set by the callbacks */
			break;
		if (err < 0) {
			if (err == -NLE_DUMP_INTR)
				r.err = -EAGAIN;
			else
				r.err = -EIO;
			snprintf(g->errmsg, sizeof(g->errmsg), "%s",
				 err == -NLE_DUMP_INTR ?
				 "the dump was interrupted by a change; try again" :
				 nl_geterror(err));
			break;
		}
	}
	nl_cb_put(nlcb);
	if (r.err < 0)
		set_errmsg(g, r.err);
	return r.err;
}

/* --- the answers' attributes ---------------------------------------- */

const struct nla_policy stvpn_dev_policy[STVPN_A_DEV_MAX + 1] = {
	[STVPN_A_DEV_IFINDEX]	= { .type = NLA_U32 },
	[STVPN_A_DEV_IFNAME]	= { .type = NLA_STRING, .maxlen = IFNAMSIZ },
	[STVPN_A_DEV_MODE]	= { .type = NLA_U32 },
	[STVPN_A_DEV_TCP_MSS]	= { .type = NLA_U16 },
	[STVPN_A_DEV_STATS]	= { .type = NLA_NESTED },
};

const struct nla_policy stvpn_dev_stats_policy[STVPN_DEV_STAT_MAX + 1] = {
	[STVPN_DEV_STAT_NO_BINDING]	= { .type = NLA_U64 },
	[STVPN_DEV_STAT_NO_SA]		= { .type = NLA_U64 },
	[STVPN_DEV_STAT_TOO_BIG]	= { .type = NLA_U64 },
	[STVPN_DEV_STAT_NO_ROUTE]	= { .type = NLA_U64 },
	[STVPN_DEV_STAT_SEQ_EXHAUSTED]	= { .type = NLA_U64 },
	[STVPN_DEV_STAT_EXPIRED]	= { .type = NLA_U64 },
	[STVPN_DEV_STAT_BAD_INNER]	= { .type = NLA_U64 },
};

/* The addresses are checked by their users: 4 or 16 bytes. */
const struct nla_policy stvpn_sa_policy[STVPN_A_SA_MAX + 1] = {
	[STVPN_A_SA_ID]			= { .type = NLA_U32 },
	[STVPN_A_SA_DIR]		= { .type = NLA_U8 },
	[STVPN_A_SA_PROTO]		= { .type = NLA_U8 },
	[STVPN_A_SA_SPI]		= { .type = NLA_U32 },
	[STVPN_A_SA_MODE]		= { .type = NLA_U8 },
	[STVPN_A_SA_ENCAP_SPORT]	= { .type = NLA_U16 },
	[STVPN_A_SA_ENCAP_DPORT]	= { .type = NLA_U16 },
	[STVPN_A_SA_ENC_ALG]		= { .type = NLA_U8 },
	[STVPN_A_SA_AUTH_ALG]		= { .type = NLA_U8 },
	[STVPN_A_SA_REPLAY_WINDOW]	= { .type = NLA_U32 },
	[STVPN_A_SA_FLAGS]		= { .type = NLA_U32 },
	[STVPN_A_SA_DF]			= { .type = NLA_U8 },
	[STVPN_A_SA_SOFT]		= { .type = NLA_NESTED },
	[STVPN_A_SA_HARD]		= { .type = NLA_NESTED },
	[STVPN_A_SA_STATS]		= { .type = NLA_NESTED },
	[STVPN_A_SA_SEQ]		= { .type = NLA_U64 },
	[STVPN_A_SA_STATE]		= { .type = NLA_U8 },
	[STVPN_A_SA_IFINDEX]		= { .type = NLA_U32 },
};

const struct nla_policy stvpn_lt_policy[STVPN_A_LT_MAX + 1] = {
	[STVPN_A_LT_BYTES]	= { .type = NLA_U64 },
	[STVPN_A_LT_PACKETS]	= { .type = NLA_U64 },
	[STVPN_A_LT_SECONDS]	= { .type = NLA_U64 },
};

const struct nla_policy stvpn_sa_stats_policy[STVPN_SA_STAT_MAX + 1] = {
	[STVPN_SA_STAT_BYTES]		 = { .type = NLA_U64 },
	[STVPN_SA_STAT_PACKETS]		 = { .type = NLA_U64 },
	[STVPN_SA_STAT_AH_AUTH_FAIL]	 = { .type = NLA_U64 },
	[STVPN_SA_STAT_REPLAY]		 = { .type = NLA_U64 },
	[STVPN_SA_STAT_ESP_AUTH_FAIL]	 = { .type = NLA_U64 },
	[STVPN_SA_STAT_ESP_DECRYPT_FAIL] = { .type = NLA_U64 },
	[STVPN_SA_STAT_BAD_HEADER]	 = { .type = NLA_U64 },
	[STVPN_SA_STAT_BAD_TRAILER]	 = { .type = NLA_U64 },
};

const struct nla_policy stvpn_bind_policy[STVPN_A_BIND_MAX + 1] = {
	[STVPN_A_BIND_TUNNEL_ID]	= { .type = NLA_U32 },
	[STVPN_A_BIND_NAME]		= { .type = NLA_STRING },
	[STVPN_A_BIND_FLAGS]		= { .type = NLA_U32 },
	[STVPN_A_BIND_OUT_SA]		= { .type = NLA_U32 },
	[STVPN_A_BIND_IN_SA]		= { .type = NLA_U32 },
};
