/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stvpn: differences between the kernels the module builds against
 * (Debian's 6.1 and 6.12), kept in one place.
 */
#ifndef _ST_COMPAT_H
#define _ST_COMPAT_H

#include <linux/netdevice.h>
#include <linux/version.h>

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

#endif /* _ST_COMPAT_H */
