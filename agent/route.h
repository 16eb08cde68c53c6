/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stvpnd's rtnetlink: st devices (created with their mode, as "ip link
 * add ... type st" would), MTU and state, addresses and static routes.
 * Routes stvpnd installs carry the protocol STVPN_RTPROT ("proto stvpn"
 * with the rt_protos.d entry stvpn installs), so a restarted daemon
 * finds the ones a previous run left behind.
 */
#ifndef STVPN_ROUTE_H
#define STVPN_ROUTE_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"

#define STVPN_RTPROT	107

struct st_rtnl {
	struct nl_sock	*sk;
	char		errmsg[256];
};

struct rt_link {
	int		ifindex;
	bool		st;		/* of kind "st" */
	bool		up;		/* IFF_UP */
	bool		running;	/* carrier */
	unsigned int	mtu;
	uint64_t	rx_bytes, tx_bytes, rx_packets, tx_packets;
	uint64_t	rx_errors, tx_errors, rx_dropped, tx_dropped;
};

/* Each returns 0 or a negative errno with a message in r->errmsg. */
int rt_open(struct st_rtnl *r);
void rt_close(struct st_rtnl *r);

/* The device NAME: -ENODEV when there is none. */
int rt_link_get(struct st_rtnl *r, const char *name, struct rt_link *l);
/*
 * A new st device NAME in MODE (enum stvpn_mode), without an IPv6
 * link-local address; its ifindex in *IFINDEX (set as soon as the device
 * exists, even if what follows fails).
 */
int rt_st_create(struct st_rtnl *r, const char *name, unsigned int mode,
		 int *ifindex);
int rt_link_del(struct st_rtnl *r, int ifindex);
/* Sets the MTU (0: leaves it) and brings the device up. */
int rt_link_up(struct st_rtnl *r, int ifindex, unsigned int mtu);

/*
 * Adds P to IFINDEX: -EEXIST if it is there already, unless REPLACE
 * (which also restores the address when it was taken away).
 */
int rt_addr_add(struct st_rtnl *r, int ifindex, const struct m_prefix *p, bool replace);
int rt_addr_del(struct st_rtnl *r, int ifindex, const struct m_prefix *p);
/*
 * Calls CB for every address of IFINDEX (of FAMILY, or all with
 * AF_UNSPEC); stops at CB's first non-zero return and returns it.
 */
int rt_addr_walk(struct st_rtnl *r, int ifindex, int family,
		 int (*cb)(const struct m_prefix *p, void *arg), void *arg);

/*
 * Adds ROUTE, with protocol STVPN_RTPROT in the main table: -EEXIST when
 * a route to the same destination with the same priority is there,
 * unless REPLACE.
 */
int rt_route_set(struct st_rtnl *r, const struct m_route *route, bool replace);
/* Deletes stvpnd's route to DST with PRIORITY. */
int rt_route_del(struct st_rtnl *r, const struct m_prefix *dst, uint32_t priority);
/* Deletes every route with protocol STVPN_RTPROT; returns how many. */
int rt_route_flush(struct st_rtnl *r);

#endif
