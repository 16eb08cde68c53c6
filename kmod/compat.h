/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stvpn: differences between the kernels the module builds against
 * (Debian's 6.1 and 6.12), kept in one place.
 */
#ifndef _ST_COMPAT_H
#define _ST_COMPAT_H

#include <linux/netdevice.h>
#include <linux/version.h>

/* 6.12 moved the unaligned access helpers. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/* 6.12 turned the NETIF_F_LLTX and NETIF_F_NETNS_LOCAL features into flags. */
static inline void st_compat_set_lltx_netns_local(struct net_device *dev)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	dev->lltx = true;
	dev->netns_local = true;
#else
	dev->features |= NETIF_F_LLTX | NETIF_F_NETNS_LOCAL;
#endif
}

/*
 * 6.3 changed crypto completion callbacks from taking the request to
 * taking its data pointer. ST_CRYPTO_CB(name) declares one; inside it,
 * ST_CRYPTO_CB_DATA() is the data given to *_request_set_callback() and
 * err the status.
 */
#include <linux/crypto.h>
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define ST_CRYPTO_CB(name)	static void name(void *st_cb_data, int err)
#define ST_CRYPTO_CB_DATA()	(st_cb_data)
#else
#define ST_CRYPTO_CB(name)	\
	static void name(struct crypto_async_request *st_cb_req, int err)
#define ST_CRYPTO_CB_DATA()	(st_cb_req->data)
#endif

/* 6.2 moved the parsed attributes of a dump into a struct genl_info. */
#include <net/genetlink.h>
static inline struct nlattr **st_compat_dump_attrs(struct netlink_callback *cb)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	return genl_dumpit_info(cb)->info.attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

#endif /* _ST_COMPAT_H */
