// SPDX-License-Identifier: GPL-2.0
/*
 * stvpn: the st net_device, its rtnl_link_ops and per-namespace bookkeeping.
 */
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/rtnetlink.h>

#include "compat.h"
#include "st.h"

unsigned int st_net_id __read_mostly;

static int st_dev_init(struct net_device *dev)
{
	struct st_dev *sd = netdev_priv(dev);
	int err;

	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	if (!dev->tstats)
		return -ENOMEM;
	err = gro_cells_init(&sd->gro_cells, dev);
	if (err)
		goto err_stats;
	err = st_nhtb_init_dev(sd);
	if (err)
		goto err_gro;
	return 0;

err_gro:
	gro_cells_destroy(&sd->gro_cells);
err_stats:
	free_percpu(dev->tstats);
	dev->tstats = NULL;
	return err;
}

/*
 * The carrier rule. A point-to-point device has exactly one tunnel
 * binding, so it has carrier only while that binding exists and is not
 * marked down (STVPN_BIND_F_DOWN, which the agent sets when the VPN is
 * down and is not to be brought up by traffic). A binding still waiting
 * for its outbound SA keeps carrier, so that traffic reaches st_xmit()
 * and raises an acquire: the Junos "establish-tunnels on-traffic".
 * Routes through a device without carrier are marked linkdown, which
 * routing daemons (and net.ipv4.conf.*.ignore_routes_with_linkdown)
 * act on, as Junos takes routes through a down st0 away.
 * A multipoint device serves many next hops, each up or down on its own,
 * so the device itself has carrier whenever it is administratively up.
 */
void st_device_update_carrier(struct st_dev *sd)
{
	struct st_bind *b;

	if (sd->mode != STVPN_MODE_P2P)
		return;
	b = rcu_dereference_protected(sd->p2p, true);
	if (b && !(READ_ONCE(b->flags) & STVPN_BIND_F_DOWN))
		netif_carrier_on(sd->dev);
	else
		netif_carrier_off(sd->dev);
}

/* Called under RTNL for every way a device goes away: ip link del,
 * namespace teardown and module unload.
 */
static void st_dev_uninit(struct net_device *dev)
{
	struct st_dev *sd = netdev_priv(dev);
	struct st_net *stn = st_net(dev_net(dev));

	ASSERT_RTNL();

	/* Transmission has stopped (the device is closed); bindings go now. */
	mutex_lock(&stn->cfg_lock);
	sd->dead = true;
	st_nhtb_flush(sd);
	mutex_unlock(&stn->cfg_lock);

	/* Empty when register_netdevice() failed after st_dev_init(). */
	if (!list_empty(&sd->node)) {
		list_del_rcu(&sd->node);
		WRITE_ONCE(stn->gen, stn->gen + 1);
	}
}

static void st_dev_free(struct net_device *dev)
{
	struct st_dev *sd = netdev_priv(dev);

	gro_cells_destroy(&sd->gro_cells);
	st_nhtb_uninit_dev(sd);
	free_percpu(dev->tstats);
}

static const struct net_device_ops st_netdev_ops = {
	.ndo_init		= st_dev_init,
	.ndo_uninit		= st_dev_uninit,
	.ndo_start_xmit		= st_xmit,
	.ndo_get_stats64	= dev_get_tstats64,
};

static void st_get_drvinfo(struct net_device *dev,
			   struct ethtool_drvinfo *info)
{
	strscpy(info->driver, ST_DRV_NAME, sizeof(info->driver));
	strscpy(info->version, ST_DRV_VERSION, sizeof(info->version));
}

static const struct ethtool_ops st_ethtool_ops = {
	.get_drvinfo		= st_get_drvinfo,
	.get_link		= ethtool_op_get_link,
};

static void st_setup(struct net_device *dev)
{
	struct st_dev *sd = netdev_priv(dev);

	sd->dev = dev;
	INIT_LIST_HEAD(&sd->node);

	dev->netdev_ops = &st_netdev_ops;
	dev->ethtool_ops = &st_ethtool_ops;
	dev->needs_free_netdev = true;
	dev->priv_destructor = st_dev_free;

	dev->type = ARPHRD_NONE;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->tx_queue_len = 0;
	dev->flags = IFF_NOARP;
	/* st_xmit() needs bottom halves off, which netpoll does not give. */
	dev->priv_flags |= IFF_NO_QUEUE | IFF_DISABLE_NETPOLL;
	/* st_xmit() reads the route's gateway: the stack must not drop the dst. */
	netif_keep_dst(dev);

	dev->mtu = ST_DEFAULT_MTU;
	dev->min_mtu = ST_MIN_MTU;
	dev->max_mtu = ST_MAX_MTU;

	/* The SAs a device uses belong to the namespace it was created in. */
	st_compat_set_lltx_netns_local(dev);
}

static const struct nla_policy st_link_policy[IFLA_ST_MAX + 1] = {
	[IFLA_ST_MODE]	= { .type = NLA_U32 },
};

static int st_validate(struct nlattr *tb[], struct nlattr *data[],
		       struct netlink_ext_ack *extack)
{
	u32 mode;

	if (!data || !data[IFLA_ST_MODE])
		return 0;

	mode = nla_get_u32(data[IFLA_ST_MODE]);
	if (mode > STVPN_MODE_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_ST_MODE],
				    "invalid st mode (0 = p2p, 1 = multipoint)");
		return -EINVAL;
	}
	return 0;
}

static int st_newlink(struct net *src_net, struct net_device *dev,
		      struct nlattr *tb[], struct nlattr *data[],
		      struct netlink_ext_ack *extack)
{
	struct st_dev *sd = netdev_priv(dev);
	struct st_net *stn = st_net(dev_net(dev));
	int err;

	ASSERT_RTNL();

	sd->mode = STVPN_MODE_P2P;
	if (data && data[IFLA_ST_MODE])
		sd->mode = nla_get_u32(data[IFLA_ST_MODE]);

	/*
	 * Both modes are IFF_POINTOPOINT to the stack: IPv4 then keeps one
	 * neighbour entry for the device instead of one per next hop, which
	 * a hub with thousands of spokes would have to hold (and would see
	 * overflow the ARP table). The next hop st_xmit() needs comes from
	 * the route, not from the neighbour.
	 *
	 * The carrier rule is st_device_update_carrier(): p2p starts without.
	 */
	dev->flags |= IFF_POINTOPOINT;
	if (sd->mode == STVPN_MODE_P2P) {
		netif_carrier_off(dev);
	} else {
		dev->flags |= IFF_MULTICAST;
		netif_carrier_on(dev);
	}

	err = register_netdevice(dev);
	if (err)
		return err;

	list_add_tail_rcu(&sd->node, &stn->devs);
	WRITE_ONCE(stn->gen, stn->gen + 1);
	return 0;
}

static int st_changelink(struct net_device *dev, struct nlattr *tb[],
			 struct nlattr *data[],
			 struct netlink_ext_ack *extack)
{
	struct st_dev *sd = netdev_priv(dev);

	if (data && data[IFLA_ST_MODE] &&
	    nla_get_u32(data[IFLA_ST_MODE]) != sd->mode) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_ST_MODE],
				    "the mode of an st device cannot be changed; delete and re-create it");
		return -EOPNOTSUPP;
	}
	return 0;
}

static size_t st_get_size(const struct net_device *dev)
{
	return nla_total_size(sizeof(u32));	/* IFLA_ST_MODE */
}

static int st_fill_info(struct sk_buff *skb, const struct net_device *dev)
{
	const struct st_dev *sd = netdev_priv(dev);

	if (nla_put_u32(skb, IFLA_ST_MODE, sd->mode))
		return -EMSGSIZE;
	return 0;
}

struct rtnl_link_ops st_link_ops __read_mostly = {
	.kind		= STVPN_LINK_KIND,
	.priv_size	= sizeof(struct st_dev),
	.maxtype	= IFLA_ST_MAX,
	.policy		= st_link_policy,
	.setup		= st_setup,
	.validate	= st_validate,
	.newlink	= st_newlink,
	.changelink	= st_changelink,
	.get_size	= st_get_size,
	.fill_info	= st_fill_info,
};

static int __net_init st_net_init(struct net *net)
{
	struct st_net *stn = st_net(net);

	INIT_LIST_HEAD(&stn->devs);
	stn->gen = 1;
	return st_sa_net_init(stn);
}

/* Our devices go first when a namespace dies, while its state still exists. */
static void __net_exit st_net_exit_batch(struct list_head *net_list)
{
	struct st_dev *sd, *tmp;
	struct net *net;
	LIST_HEAD(kill);

	rtnl_lock();
	list_for_each_entry(net, net_list, exit_list)
		list_for_each_entry_safe(sd, tmp, &st_net(net)->devs, node)
			unregister_netdevice_queue(sd->dev, &kill);
	unregister_netdevice_many(&kill);
	rtnl_unlock();

	/* With the devices gone, nothing binds the SAs any more. */
	list_for_each_entry(net, net_list, exit_list)
		st_sa_net_exit(net);
}

static struct pernet_operations st_net_ops = {
	.init		= st_net_init,
	.exit_batch	= st_net_exit_batch,
	.id		= &st_net_id,
	.size		= sizeof(struct st_net),
};

int __init st_device_init(void)
{
	int err;

	err = register_pernet_device(&st_net_ops);
	if (err)
		return err;

	err = rtnl_link_register(&st_link_ops);
	if (err)
		goto err_link;
	return 0;

err_link:
	unregister_pernet_device(&st_net_ops);
	return err;
}

/* Removes every st device in every namespace, then the per-namespace state. */
void st_device_uninit(void)
{
	rtnl_link_unregister(&st_link_ops);
	unregister_pernet_device(&st_net_ops);
}
