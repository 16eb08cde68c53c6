/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small layer over libnl-genl for the "stvpn" family: one socket with
 * extended ACKs on, requests that report the kernel's own error message.
 */
#ifndef STVPN_GENL_H
#define STVPN_GENL_H

#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include <linux/stvpn.h>

struct stvpn_genl {
	struct nl_sock	*sk;
	int		family;
	char		errmsg[256];	/* the kernel's extack message, if any */
};

/* Returns 0, or a negative errno with a message in g->errmsg. */
int stvpn_genl_open(struct stvpn_genl *g);
void stvpn_genl_close(struct stvpn_genl *g);

/* A new request message for CMD with FLAGS (NLM_F_DUMP for dumps). */
struct nl_msg *stvpn_genl_msg(struct stvpn_genl *g, int cmd, int flags);

/*
 * Sends MSG (and frees it), calls CB for every reply message and waits
 * for the final ACK or DONE. Returns 0 or a negative errno; on error
 * g->errmsg holds the kernel's message or strerror().
 */
int stvpn_genl_request(struct stvpn_genl *g, struct nl_msg *msg,
		       int (*cb)(struct nl_msg *, void *), void *arg);

/*
 * What the kernel's answers are parsed with, in stvpnd and in the CLI:
 * every attribute of a device, SA and binding message, and their nests.
 */
extern const struct nla_policy stvpn_dev_policy[STVPN_A_DEV_MAX + 1];
extern const struct nla_policy stvpn_dev_stats_policy[STVPN_DEV_STAT_MAX + 1];
extern const struct nla_policy stvpn_sa_policy[STVPN_A_SA_MAX + 1];
extern const struct nla_policy stvpn_lt_policy[STVPN_A_LT_MAX + 1];
extern const struct nla_policy stvpn_sa_stats_policy[STVPN_SA_STAT_MAX + 1];
extern const struct nla_policy stvpn_bind_policy[STVPN_A_BIND_MAX + 1];

#endif
