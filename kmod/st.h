/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stvpn: shared definitions of the kernel module.
 */
#ifndef _ST_H
#define _ST_H

#include <linux/list.h>
#include <linux/netdevice.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/ip.h>
#include <net/rtnetlink.h>

#include <linux/stvpn.h>

#define ST_DRV_NAME	"stvpn"
#define ST_DRV_VERSION	"0.1"

/*
 * Worst-case bytes a packet grows by on its way into the underlay: outer
 * IPv6 header (40), UDP for NAT-T (8), ESP header (8), the largest IV (16),
 * padding to a 16-byte block (15), the ESP trailer (2) and the largest ICV
 * (32), rounded up to 4 bytes.
 */
#define ST_MAX_OVERHEAD	124
#define ST_DEFAULT_MTU	(ETH_DATA_LEN - ST_MAX_OVERHEAD)
#define ST_MIN_MTU	ETH_MIN_MTU
#define ST_MAX_MTU	(IP_MAX_MTU - ST_MAX_OVERHEAD)

/**
 * struct st_dev - private part of an st net_device
 * @dev: the net_device this is the private area of
 * @node: entry in st_net::devs, written under RTNL, read under RCU
 * @mode: STVPN_MODE_P2P or STVPN_MODE_MULTIPOINT, fixed at creation
 */
struct st_dev {
	struct net_device	*dev;
	struct list_head	node;
	enum stvpn_mode		mode;
};

/**
 * struct st_net - per network namespace state
 * @devs: the st devices of this namespace, in creation order
 * @gen: bumped under RTNL whenever @devs changes; lets dumps detect change
 */
struct st_net {
	struct list_head	devs;
	unsigned int		gen;
};

extern unsigned int st_net_id;
extern struct rtnl_link_ops st_link_ops;

static inline struct st_net *st_net(const struct net *net)
{
	return net_generic(net, st_net_id);
}

static inline bool st_device_is_st(const struct net_device *dev)
{
	return dev->rtnl_link_ops == &st_link_ops;
}

int st_device_init(void);
void st_device_uninit(void);

int st_netlink_init(void);
void st_netlink_uninit(void);

#endif /* _ST_H */
