// SPDX-License-Identifier: GPL-2.0
/*
 * stvpn: route-based IPsec secure-tunnel (st) interfaces.
 *
 * Brings the subsystems up in dependency order and down in reverse.
 */
#include <linux/module.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>

#include "st.h"

static int __init st_mod_init(void)
{
	int err;

	err = st_sa_init();
	if (err)
		goto err_sa;

	err = st_device_init();
	if (err)
		goto err_device;

	err = st_netlink_init();
	if (err)
		goto err_netlink;

	err = st_rcv_init();
	if (err)
		goto err_rcv;

	pr_info("stvpn " ST_DRV_VERSION " loaded\n");
	return 0;

err_rcv:
	st_netlink_uninit();
err_netlink:
	st_device_uninit();
err_device:
	st_sa_uninit();
err_sa:
	return err;
}

/*
 * Receive handlers first, so no new packet comes in; then the netlink
 * family, the devices and with their namespaces' state every SA (each
 * namespace's exit waits until its SAs are freed, so until the packets
 * inside the crypto layer have come out); last the SA code's workqueue.
 */
static void __exit st_mod_exit(void)
{
	st_rcv_uninit();
	st_netlink_uninit();
	st_device_uninit();
	st_sa_uninit();
}

module_init(st_mod_init);
module_exit(st_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Route-based IPsec secure-tunnel (st) interfaces");
MODULE_AUTHOR("stvpn developers");
MODULE_VERSION(ST_DRV_VERSION);
MODULE_ALIAS_RTNL_LINK(STVPN_LINK_KIND);
MODULE_ALIAS_GENL_FAMILY(STVPN_GENL_NAME);
