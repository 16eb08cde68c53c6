// SPDX-License-Identifier: GPL-2.0
/*
 * stvpn: the "stvpn" generic netlink family.
 */
#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "st.h"

static const struct nla_policy st_nl_policy[STVPN_A_MAX + 1] = {
	[STVPN_A_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[STVPN_A_IFNAME]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
};

static struct genl_family st_genl_family;

/* Returns a held st device named by STVPN_A_IFINDEX or STVPN_A_IFNAME. */
static struct net_device *dev_from_attrs(struct net *net,
					 struct genl_info *info)
{
	struct nlattr *const *attrs = info->attrs;
	struct net_device *dev;

	if (attrs[STVPN_A_IFINDEX]) {
		dev = dev_get_by_index(net, nla_get_u32(attrs[STVPN_A_IFINDEX]));
		if (!dev) {
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[STVPN_A_IFINDEX],
					    "no device with this ifindex");
			return ERR_PTR(-ENODEV);
		}
	} else if (attrs[STVPN_A_IFNAME]) {
		dev = dev_get_by_name(net, nla_data(attrs[STVPN_A_IFNAME]));
		if (!dev) {
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[STVPN_A_IFNAME],
					    "no device with this name");
			return ERR_PTR(-ENODEV);
		}
	} else {
		NL_SET_ERR_MSG(info->extack,
			       "STVPN_A_IFINDEX or STVPN_A_IFNAME is required");
		return ERR_PTR(-EINVAL);
	}

	if (!st_device_is_st(dev)) {
		NL_SET_ERR_MSG(info->extack, "not an st device");
		dev_put(dev);
		return ERR_PTR(-EOPNOTSUPP);
	}
	return dev;
}

static int fill_dev(struct sk_buff *skb, const struct st_dev *sd)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, STVPN_A_DEV);
	if (!nest)
		return -EMSGSIZE;

	if (nla_put_u32(skb, STVPN_A_DEV_IFINDEX, sd->dev->ifindex) ||
	    nla_put_string(skb, STVPN_A_DEV_IFNAME, sd->dev->name) ||
	    nla_put_u32(skb, STVPN_A_DEV_MODE, sd->mode)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int st_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	struct sk_buff *msg;
	void *hdr;
	int err;

	dev = dev_from_attrs(genl_info_net(info), info);
	if (IS_ERR(dev))
		return PTR_ERR(dev);

	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out_put;
	}

	hdr = genlmsg_put_reply(msg, info, &st_genl_family, 0,
				STVPN_CMD_DEV_GET);
	if (!hdr) {
		err = -EMSGSIZE;
		goto out_free;
	}

	rcu_read_lock();	/* dev->name may be renamed concurrently */
	err = fill_dev(msg, netdev_priv(dev));
	rcu_read_unlock();
	if (err)
		goto out_free;

	genlmsg_end(msg, hdr);
	dev_put(dev);
	return genlmsg_reply(msg, info);

out_free:
	nlmsg_free(msg);
out_put:
	dev_put(dev);
	return err;
}

/*
 * Dump context: cb->args[0] is the number of devices already sent. The
 * namespace's generation number goes into cb->seq so that a dump which
 * spans a device being added or removed is flagged NLM_F_DUMP_INTR.
 */
static int st_nl_dev_get_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	struct st_net *stn = st_net(sock_net(skb->sk));
	unsigned long skip = cb->args[0], idx = 0;
	struct st_dev *sd;
	void *hdr;
	int err = 0;

	rcu_read_lock();
	cb->seq = READ_ONCE(stn->gen);
	list_for_each_entry_rcu(sd, &stn->devs, node) {
		if (idx < skip) {
			idx++;
			continue;
		}
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &st_genl_family,
				  NLM_F_MULTI, STVPN_CMD_DEV_GET);
		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		genl_dump_check_consistent(cb, hdr);
		err = fill_dev(skb, sd);
		if (err) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		idx++;
	}
	rcu_read_unlock();

	cb->args[0] = idx;
	/* A full buffer is not an error: the core calls us again. */
	if (err == -EMSGSIZE && idx > skip)
		return skb->len;
	return err ?: skb->len;
}

static const struct genl_ops st_genl_ops[] = {
	{
		.cmd	= STVPN_CMD_DEV_GET,
		.doit	= st_nl_dev_get_doit,
		.dumpit	= st_nl_dev_get_dumpit,
		.policy	= st_nl_policy,
		.maxattr = STVPN_A_MAX,
	},
};

static const struct genl_multicast_group st_genl_mcgrps[] = {
	{ .name = STVPN_GENL_MCGRP_EVENTS },
};

static struct genl_family st_genl_family __ro_after_init = {
	.name		= STVPN_GENL_NAME,
	.version	= STVPN_GENL_VERSION,
	.maxattr	= STVPN_A_MAX,
	.policy		= st_nl_policy,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= st_genl_ops,
	.n_ops		= ARRAY_SIZE(st_genl_ops),
	.resv_start_op	= __STVPN_CMD_MAX,
	.mcgrps		= st_genl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(st_genl_mcgrps),
};

int __init st_netlink_init(void)
{
	return genl_register_family(&st_genl_family);
}

void st_netlink_uninit(void)
{
	genl_unregister_family(&st_genl_family);
}
