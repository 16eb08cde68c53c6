// SPDX-License-Identifier: GPL-2.0
/*
 * stvpn: the "stvpn" generic netlink family.
 */
#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>
#include <linux/rhashtable.h>

#include "compat.h"
#include "st.h"

static const struct nla_policy lt_policy[STVPN_A_LT_MAX + 1] = {
	[STVPN_A_LT_BYTES]	= { .type = NLA_U64 },
	[STVPN_A_LT_PACKETS]	= { .type = NLA_U64 },
	[STVPN_A_LT_SECONDS]	= { .type = NLA_U64 },
};

static const struct nla_policy sa_policy[STVPN_A_SA_MAX + 1] = {
	[STVPN_A_SA_ID]			= NLA_POLICY_MIN(NLA_U32, 1),
	[STVPN_A_SA_DIR]		= NLA_POLICY_RANGE(NLA_U8, STVPN_DIR_IN, STVPN_DIR_OUT),
	[STVPN_A_SA_PROTO]		= { .type = NLA_U8 },
	[STVPN_A_SA_SPI]		= NLA_POLICY_MIN(NLA_U32, 256),
	[STVPN_A_SA_MODE]		= NLA_POLICY_MAX(NLA_U8, STVPN_SA_MODE_TRANSPORT),
	[STVPN_A_SA_SRC]		= { .type = NLA_BINARY, .len = 16 },
	[STVPN_A_SA_DST]		= { .type = NLA_BINARY, .len = 16 },
	[STVPN_A_SA_ENCAP_SPORT]	= NLA_POLICY_MIN(NLA_U16, 1),
	[STVPN_A_SA_ENCAP_DPORT]	= NLA_POLICY_MIN(NLA_U16, 1),
	[STVPN_A_SA_ENC_ALG]		= NLA_POLICY_MAX(NLA_U8, STVPN_ENC_MAX),
	[STVPN_A_SA_ENC_KEY]		= { .type = NLA_BINARY, .len = 64 },
	[STVPN_A_SA_AUTH_ALG]		= NLA_POLICY_MAX(NLA_U8, STVPN_AUTH_MAX),
	[STVPN_A_SA_AUTH_KEY]		= { .type = NLA_BINARY, .len = 64 },
	[STVPN_A_SA_REPLAY_WINDOW]	= NLA_POLICY_MAX(NLA_U32, STVPN_REPLAY_WINDOW_MAX),
	[STVPN_A_SA_FLAGS]		= NLA_POLICY_MASK(NLA_U32, __STVPN_SA_F_ALL),
	[STVPN_A_SA_DF]			= NLA_POLICY_MAX(NLA_U8, STVPN_DF_COPY),
	[STVPN_A_SA_SOFT]		= NLA_POLICY_NESTED(lt_policy),
	[STVPN_A_SA_HARD]		= NLA_POLICY_NESTED(lt_policy),
	[STVPN_A_SA_SEQ]		= { .type = NLA_U64 },
	[STVPN_A_SA_STATS]		= { .type = NLA_REJECT },
	[STVPN_A_SA_STATE]		= { .type = NLA_REJECT },
	[STVPN_A_SA_IFINDEX]		= { .type = NLA_REJECT },
};

static const struct nla_policy bind_policy[STVPN_A_BIND_MAX + 1] = {
	[STVPN_A_BIND_NEXTHOP]		= { .type = NLA_BINARY, .len = 16 },
	[STVPN_A_BIND_TUNNEL_ID]	= { .type = NLA_U32 },
	[STVPN_A_BIND_NAME]		= { .type = NLA_NUL_STRING, .len = 63 },
	[STVPN_A_BIND_FLAGS]		= NLA_POLICY_MASK(NLA_U32, __STVPN_BIND_F_ALL),
	[STVPN_A_BIND_OUT_SA]		= { .type = NLA_U32 },
	[STVPN_A_BIND_IN_SA]		= NLA_POLICY_MIN(NLA_U32, 1),
};

static const struct nla_policy dev_policy[STVPN_A_DEV_MAX + 1] = {
	[STVPN_A_DEV_TCP_MSS]		= { .type = NLA_U16 },
	[STVPN_A_DEV_IFINDEX]		= { .type = NLA_REJECT },
	[STVPN_A_DEV_IFNAME]		= { .type = NLA_REJECT },
	[STVPN_A_DEV_MODE]		= { .type = NLA_REJECT },
	[STVPN_A_DEV_STATS]		= { .type = NLA_REJECT },
};

static const struct nla_policy encap_policy[STVPN_A_ENCAP_MAX + 1] = {
	[STVPN_A_ENCAP_FD]		= { .type = NLA_U32 },
	[STVPN_A_ENCAP_PORT]		= { .type = NLA_REJECT },
};

static const struct nla_policy st_nl_policy[STVPN_A_MAX + 1] = {
	[STVPN_A_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[STVPN_A_IFNAME]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[STVPN_A_DEV]		= NLA_POLICY_NESTED(dev_policy),
	[STVPN_A_SA]		= NLA_POLICY_NESTED(sa_policy),
	[STVPN_A_BIND]		= NLA_POLICY_NESTED(bind_policy),
	[STVPN_A_ENCAP]		= NLA_POLICY_NESTED(encap_policy),
	[STVPN_A_EVENT]		= { .type = NLA_REJECT },
};

static struct genl_family st_genl_family;

/*
 * True, with the missing attribute and a message in the extended ACK,
 * when the request lacks the top-level nest ATTR.
 */
#define st_require_attr(info, attr) ({					\
	bool __missing = GENL_REQ_ATTR_CHECK(info, attr);		\
									\
	if (__missing)							\
		NL_SET_ERR_MSG_MOD((info)->extack,			\
				   "missing attribute: " #attr);	\
	__missing;							\
})

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

static int fill_dev(struct sk_buff *skb, struct st_dev *sd)
{
	struct nlattr *nest, *stats;
	int i;

	nest = nla_nest_start(skb, STVPN_A_DEV);
	if (!nest)
		return -EMSGSIZE;

	if (nla_put_u32(skb, STVPN_A_DEV_IFINDEX, sd->dev->ifindex) ||
	    nla_put_string(skb, STVPN_A_DEV_IFNAME, sd->dev->name) ||
	    nla_put_u32(skb, STVPN_A_DEV_MODE, sd->mode) ||
	    nla_put_u16(skb, STVPN_A_DEV_TCP_MSS, READ_ONCE(sd->tcp_mss)))
		goto cancel;

	stats = nla_nest_start(skb, STVPN_A_DEV_STATS);
	if (!stats)
		goto cancel;
	for (i = STVPN_DEV_STAT_NO_BINDING; i < STVPN_DEV_STAT_PAD; i++)
		if (nla_put_u64_64bit(skb, i, atomic64_read(&sd->drops[i]),
				      STVPN_DEV_STAT_PAD))
			goto cancel;
	nla_nest_end(skb, stats);
	nla_nest_end(skb, nest);
	return 0;

cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
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

/* --- device settings ------------------------------------------------ */

static int st_nl_dev_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[STVPN_A_DEV_MAX + 1];
	struct net_device *dev;
	struct st_dev *sd;
	int err;

	if (st_require_attr(info, STVPN_A_DEV))
		return -EINVAL;
	err = nla_parse_nested(tb, STVPN_A_DEV_MAX, info->attrs[STVPN_A_DEV],
			       dev_policy, info->extack);
	if (err)
		return err;

	dev = dev_from_attrs(genl_info_net(info), info);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	sd = netdev_priv(dev);

	if (tb[STVPN_A_DEV_TCP_MSS]) {
		u16 mss = nla_get_u16(tb[STVPN_A_DEV_TCP_MSS]);

		if (mss && (mss < 64 || mss > 65495)) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[STVPN_A_DEV_TCP_MSS],
					    "tcp-mss must be 0 (off) or 64 to 65495");
			err = -ERANGE;
			goto out;
		}
		WRITE_ONCE(sd->tcp_mss, mss);
	}
out:
	dev_put(dev);
	return err;
}

/* --- SAs ------------------------------------------------------------- */

static int get_addr(struct nlattr *attr, union st_addr *addr, u8 *family)
{
	switch (nla_len(attr)) {
	case 4:
		*family = AF_INET;
		addr->v4 = nla_get_in_addr(attr);
		return 0;
	case 16:
		*family = AF_INET6;
		addr->v6 = nla_get_in6_addr(attr);
		return 0;
	}
	return -EINVAL;
}

static void get_lifetime(struct nlattr *nest, struct st_lifetime *lt)
{
	struct nlattr *tb[STVPN_A_LT_MAX + 1];

	memset(lt, 0, sizeof(*lt));
	/* Already validated with lt_policy as part of the request. */
	if (nla_parse_nested(tb, STVPN_A_LT_MAX, nest, lt_policy, NULL))
		return;
	if (tb[STVPN_A_LT_BYTES])
		lt->bytes = nla_get_u64(tb[STVPN_A_LT_BYTES]);
	if (tb[STVPN_A_LT_PACKETS])
		lt->packets = nla_get_u64(tb[STVPN_A_LT_PACKETS]);
	if (tb[STVPN_A_LT_SECONDS])
		lt->seconds = nla_get_u64(tb[STVPN_A_LT_SECONDS]);
}

static int parse_sa(struct nlattr **tb, struct st_sa_config *cfg,
		    struct netlink_ext_ack *extack)
{
	u8 dfam;

	if (!tb[STVPN_A_SA_ID]) {
		NL_SET_ERR_MSG_MOD(extack, "missing SA attribute: id");
		return -EINVAL;
	}
	if (!tb[STVPN_A_SA_DIR]) {
		NL_SET_ERR_MSG_MOD(extack, "missing SA attribute: dir");
		return -EINVAL;
	}
	if (!tb[STVPN_A_SA_PROTO]) {
		NL_SET_ERR_MSG_MOD(extack, "missing SA attribute: proto");
		return -EINVAL;
	}
	if (!tb[STVPN_A_SA_SPI]) {
		NL_SET_ERR_MSG_MOD(extack, "missing SA attribute: spi");
		return -EINVAL;
	}
	if (!tb[STVPN_A_SA_SRC] || !tb[STVPN_A_SA_DST]) {
		NL_SET_ERR_MSG_MOD(extack, "missing SA attribute: src or dst");
		return -EINVAL;
	}

	memset(cfg, 0, sizeof(*cfg));
	cfg->id = nla_get_u32(tb[STVPN_A_SA_ID]);
	cfg->dir = nla_get_u8(tb[STVPN_A_SA_DIR]);
	cfg->proto = nla_get_u8(tb[STVPN_A_SA_PROTO]);
	if (cfg->proto != IPPROTO_ESP && cfg->proto != IPPROTO_AH) {
		NL_SET_ERR_MSG_ATTR(extack, tb[STVPN_A_SA_PROTO],
				    "protocol must be ESP (50) or AH (51)");
		return -EINVAL;
	}
	cfg->spi = nla_get_u32(tb[STVPN_A_SA_SPI]);
	if (tb[STVPN_A_SA_MODE])
		cfg->mode = nla_get_u8(tb[STVPN_A_SA_MODE]);
	if (cfg->mode != STVPN_SA_MODE_TUNNEL) {
		NL_SET_ERR_MSG_ATTR(extack, tb[STVPN_A_SA_MODE],
				    "only tunnel mode is supported");
		return -EOPNOTSUPP;
	}
	if (get_addr(tb[STVPN_A_SA_SRC], &cfg->src, &cfg->family)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[STVPN_A_SA_SRC],
				    "source must be 4 (IPv4) or 16 (IPv6) bytes");
		return -EINVAL;
	}
	if (get_addr(tb[STVPN_A_SA_DST], &cfg->dst, &dfam) || dfam != cfg->family) {
		NL_SET_ERR_MSG_ATTR(extack, tb[STVPN_A_SA_DST],
				    "destination must be an address of the source's family");
		return -EINVAL;
	}
	if (!!tb[STVPN_A_SA_ENCAP_SPORT] != !!tb[STVPN_A_SA_ENCAP_DPORT]) {
		NL_SET_ERR_MSG_MOD(extack, "UDP encapsulation needs both ports");
		return -EINVAL;
	}
	if (tb[STVPN_A_SA_ENCAP_SPORT]) {
		if (cfg->proto != IPPROTO_ESP) {
			NL_SET_ERR_MSG_MOD(extack, "only ESP can be UDP-encapsulated");
			return -EINVAL;
		}
		cfg->encap_sport = nla_get_u16(tb[STVPN_A_SA_ENCAP_SPORT]);
		cfg->encap_dport = nla_get_u16(tb[STVPN_A_SA_ENCAP_DPORT]);
	}
	if (tb[STVPN_A_SA_ENC_ALG])
		cfg->enc = nla_get_u8(tb[STVPN_A_SA_ENC_ALG]);
	if (tb[STVPN_A_SA_ENC_KEY]) {
		cfg->enc_key = nla_data(tb[STVPN_A_SA_ENC_KEY]);
		cfg->enc_keylen = nla_len(tb[STVPN_A_SA_ENC_KEY]);
	}
	if (tb[STVPN_A_SA_AUTH_ALG])
		cfg->auth = nla_get_u8(tb[STVPN_A_SA_AUTH_ALG]);
	if (tb[STVPN_A_SA_AUTH_KEY]) {
		cfg->auth_key = nla_data(tb[STVPN_A_SA_AUTH_KEY]);
		cfg->auth_keylen = nla_len(tb[STVPN_A_SA_AUTH_KEY]);
	}
	cfg->replay_window = 64;
	if (tb[STVPN_A_SA_REPLAY_WINDOW])
		cfg->replay_window = nla_get_u32(tb[STVPN_A_SA_REPLAY_WINDOW]);
	if (tb[STVPN_A_SA_FLAGS])
		cfg->flags = nla_get_u32(tb[STVPN_A_SA_FLAGS]);
	cfg->df = STVPN_DF_COPY;
	if (tb[STVPN_A_SA_DF])
		cfg->df = nla_get_u8(tb[STVPN_A_SA_DF]);
	if (tb[STVPN_A_SA_SOFT])
		get_lifetime(tb[STVPN_A_SA_SOFT], &cfg->soft);
	if (tb[STVPN_A_SA_HARD])
		get_lifetime(tb[STVPN_A_SA_HARD], &cfg->hard);
	if (tb[STVPN_A_SA_SEQ] && cfg->dir != STVPN_DIR_OUT) {
		NL_SET_ERR_MSG_ATTR(extack, tb[STVPN_A_SA_SEQ],
				    "only an outbound SA takes a starting sequence number");
		return -EINVAL;
	}
	return 0;
}

/* Keys must not linger in the request buffer. */
static void wipe_keys(struct nlattr **tb)
{
	if (tb[STVPN_A_SA_ENC_KEY])
		memzero_explicit(nla_data(tb[STVPN_A_SA_ENC_KEY]),
				 nla_len(tb[STVPN_A_SA_ENC_KEY]));
	if (tb[STVPN_A_SA_AUTH_KEY])
		memzero_explicit(nla_data(tb[STVPN_A_SA_AUTH_KEY]),
				 nla_len(tb[STVPN_A_SA_AUTH_KEY]));
}

static int parse_sa_nest(struct genl_info *info, struct nlattr **tb)
{
	if (st_require_attr(info, STVPN_A_SA))
		return -EINVAL;
	return nla_parse_nested(tb, STVPN_A_SA_MAX, info->attrs[STVPN_A_SA],
				sa_policy, info->extack);
}

static int st_nl_sa_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct nlattr *tb[STVPN_A_SA_MAX + 1];
	struct st_net *stn = st_net(net);
	struct st_sa_config cfg;
	struct st_sa *sa;
	int err;

	err = parse_sa_nest(info, tb);
	if (err)
		goto out;
	err = parse_sa(tb, &cfg, info->extack);
	if (err)
		goto out;

	mutex_lock(&stn->cfg_lock);
	sa = st_sa_create(net, &cfg, info->extack);
	if (IS_ERR(sa)) {
		err = PTR_ERR(sa);
	} else if (tb[STVPN_A_SA_SEQ]) {
		spin_lock_bh(&sa->lock);
		sa->seq = nla_get_u64(tb[STVPN_A_SA_SEQ]);
		spin_unlock_bh(&sa->lock);
	}
	mutex_unlock(&stn->cfg_lock);
out:
	memzero_explicit(&cfg, sizeof(cfg));
	if (info->attrs[STVPN_A_SA] && !err)
		wipe_keys(tb);
	else if (info->attrs[STVPN_A_SA])
		wipe_keys(tb);
	return err;
}

static struct st_sa *sa_by_attr(struct st_net *stn, struct nlattr **tb,
				struct netlink_ext_ack *extack)
{
	struct st_sa *sa;

	if (!tb[STVPN_A_SA_ID]) {
		NL_SET_ERR_MSG_MOD(extack, "the SA ID is required");
		return ERR_PTR(-EINVAL);
	}
	sa = st_sa_find(stn, nla_get_u32(tb[STVPN_A_SA_ID]));
	if (!sa) {
		NL_SET_ERR_MSG_ATTR(extack, tb[STVPN_A_SA_ID], "no SA with this ID");
		return ERR_PTR(-ENOENT);
	}
	return sa;
}

static int st_nl_sa_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct st_net *stn = st_net(genl_info_net(info));
	struct nlattr *tb[STVPN_A_SA_MAX + 1];
	struct st_lifetime soft, hard;
	struct st_sa *sa;
	int err;

	err = parse_sa_nest(info, tb);
	if (err)
		return err;
	if (tb[STVPN_A_SA_SOFT])
		get_lifetime(tb[STVPN_A_SA_SOFT], &soft);
	if (tb[STVPN_A_SA_HARD])
		get_lifetime(tb[STVPN_A_SA_HARD], &hard);

	mutex_lock(&stn->cfg_lock);
	sa = sa_by_attr(stn, tb, info->extack);
	if (IS_ERR(sa))
		err = PTR_ERR(sa);
	else
		st_sa_set_lifetimes(sa, tb[STVPN_A_SA_SOFT] ? &soft : NULL,
				    tb[STVPN_A_SA_HARD] ? &hard : NULL);
	mutex_unlock(&stn->cfg_lock);
	return err;
}

static int st_nl_sa_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct st_net *stn = st_net(genl_info_net(info));
	struct nlattr *tb[STVPN_A_SA_MAX + 1];
	struct st_sa *sa;
	int err;

	err = parse_sa_nest(info, tb);
	if (err)
		return err;
	mutex_lock(&stn->cfg_lock);
	sa = sa_by_attr(stn, tb, info->extack);
	if (IS_ERR(sa))
		err = PTR_ERR(sa);
	else
		st_sa_unlink(stn, sa);
	mutex_unlock(&stn->cfg_lock);
	return err;
}

static int put_lifetime(struct sk_buff *skb, int type, const struct st_lifetime *lt)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest ||
	    nla_put_u64_64bit(skb, STVPN_A_LT_BYTES, lt->bytes, STVPN_A_LT_PAD) ||
	    nla_put_u64_64bit(skb, STVPN_A_LT_PACKETS, lt->packets, STVPN_A_LT_PAD) ||
	    nla_put_u64_64bit(skb, STVPN_A_LT_SECONDS, lt->seconds, STVPN_A_LT_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* Everything about an SA but its keys. Called under cfg_lock. */
static int fill_sa(struct sk_buff *skb, struct st_sa *sa)
{
	struct st_lifetime soft, hard;
	struct st_sa_stats st;
	struct nlattr *nest, *stats;
	struct st_bind *b;
	int ifindex = 0;
	u64 seq;
	u8 state;
	u32 window = 0;

	spin_lock_bh(&sa->lock);
	st_sa_read_stats(sa, &st);
	soft = sa->soft;
	hard = sa->hard;
	state = sa->state;
	seq = sa->dir == STVPN_DIR_OUT ? sa->seq : sa->replay->top;
	if (sa->replay)
		window = sa->replay->size;
	spin_unlock_bh(&sa->lock);

	b = rcu_dereference_protected(sa->bind, true);
	if (b)
		ifindex = b->sd->dev->ifindex;

	nest = nla_nest_start(skb, STVPN_A_SA);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, STVPN_A_SA_ID, sa->id) ||
	    nla_put_u8(skb, STVPN_A_SA_DIR, sa->dir) ||
	    nla_put_u8(skb, STVPN_A_SA_PROTO, sa->proto) ||
	    nla_put_u32(skb, STVPN_A_SA_SPI, be32_to_cpu(sa->key.spi)) ||
	    nla_put_u8(skb, STVPN_A_SA_MODE, sa->mode) ||
	    (sa->family == AF_INET ?
	     nla_put_in_addr(skb, STVPN_A_SA_SRC, sa->src.v4) ||
	     nla_put_in_addr(skb, STVPN_A_SA_DST, sa->dst.v4) :
	     nla_put_in6_addr(skb, STVPN_A_SA_SRC, &sa->src.v6) ||
	     nla_put_in6_addr(skb, STVPN_A_SA_DST, &sa->dst.v6)) ||
	    (sa->encap_dport &&
	     (nla_put_u16(skb, STVPN_A_SA_ENCAP_SPORT, ntohs(sa->encap_sport)) ||
	      nla_put_u16(skb, STVPN_A_SA_ENCAP_DPORT, ntohs(sa->encap_dport)))) ||
	    nla_put_u8(skb, STVPN_A_SA_ENC_ALG, sa->enc) ||
	    nla_put_u8(skb, STVPN_A_SA_AUTH_ALG, sa->auth) ||
	    (sa->dir == STVPN_DIR_IN &&
	     nla_put_u32(skb, STVPN_A_SA_REPLAY_WINDOW, window)) ||
	    nla_put_u32(skb, STVPN_A_SA_FLAGS, sa->flags) ||
	    nla_put_u8(skb, STVPN_A_SA_DF, sa->df) ||
	    put_lifetime(skb, STVPN_A_SA_SOFT, &soft) ||
	    put_lifetime(skb, STVPN_A_SA_HARD, &hard) ||
	    nla_put_u64_64bit(skb, STVPN_A_SA_SEQ, seq, STVPN_A_SA_PAD) ||
	    nla_put_u8(skb, STVPN_A_SA_STATE, state) ||
	    nla_put_u32(skb, STVPN_A_SA_IFINDEX, ifindex))
		goto cancel;

	stats = nla_nest_start(skb, STVPN_A_SA_STATS);
	if (!stats ||
	    nla_put_u64_64bit(skb, STVPN_SA_STAT_BYTES, st.bytes, STVPN_SA_STAT_PAD) ||
	    nla_put_u64_64bit(skb, STVPN_SA_STAT_PACKETS, st.packets, STVPN_SA_STAT_PAD) ||
	    nla_put_u64_64bit(skb, STVPN_SA_STAT_AH_AUTH_FAIL, st.errors.ah_auth_fail, STVPN_SA_STAT_PAD) ||
	    nla_put_u64_64bit(skb, STVPN_SA_STAT_REPLAY, st.errors.replay, STVPN_SA_STAT_PAD) ||
	    nla_put_u64_64bit(skb, STVPN_SA_STAT_ESP_AUTH_FAIL, st.errors.esp_auth_fail, STVPN_SA_STAT_PAD) ||
	    nla_put_u64_64bit(skb, STVPN_SA_STAT_ESP_DECRYPT_FAIL, st.errors.esp_decrypt_fail, STVPN_SA_STAT_PAD) ||
	    nla_put_u64_64bit(skb, STVPN_SA_STAT_BAD_HEADER, st.errors.bad_header, STVPN_SA_STAT_PAD) ||
	    nla_put_u64_64bit(skb, STVPN_SA_STAT_BAD_TRAILER, st.errors.bad_trailer, STVPN_SA_STAT_PAD))
		goto cancel;
	nla_nest_end(skb, stats);
	nla_nest_end(skb, nest);
	return 0;

cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static int st_nl_sa_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct st_net *stn = st_net(genl_info_net(info));
	struct nlattr *tb[STVPN_A_SA_MAX + 1];
	struct sk_buff *msg;
	struct st_sa *sa;
	void *hdr;
	int err;

	err = parse_sa_nest(info, tb);
	if (err)
		return err;
	msg = nlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &st_genl_family, 0, STVPN_CMD_SA_GET);
	if (!hdr) {
		err = -EMSGSIZE;
		goto err_free;
	}

	mutex_lock(&stn->cfg_lock);
	sa = sa_by_attr(stn, tb, info->extack);
	err = IS_ERR(sa) ? PTR_ERR(sa) : fill_sa(msg, sa);
	mutex_unlock(&stn->cfg_lock);
	if (err)
		goto err_free;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return err;
}

/* Dump context: cb->args[0] bucket, cb->args[1] position in the bucket. */
static int st_nl_sa_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct st_net *stn = st_net(sock_net(skb->sk));
	unsigned long bucket = cb->args[0], pos, skip = cb->args[1];
	struct st_sa *sa;
	void *hdr;
	int err = 0;

	mutex_lock(&stn->cfg_lock);
	cb->seq = stn->sa_gen;
	for (; bucket < (1U << ST_SA_HASH_BITS); bucket++, skip = 0) {
		pos = 0;
		hlist_for_each_entry(sa, &stn->sa_by_id[bucket], id_node) {
			if (pos++ < skip)
				continue;
			hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
					  cb->nlh->nlmsg_seq, &st_genl_family,
					  NLM_F_MULTI, STVPN_CMD_SA_GET);
			if (!hdr) {
				err = -EMSGSIZE;
				goto out;
			}
			genl_dump_check_consistent(cb, hdr);
			if (fill_sa(skb, sa)) {
				genlmsg_cancel(skb, hdr);
				err = -EMSGSIZE;
				goto out;
			}
			genlmsg_end(skb, hdr);
			skip = pos;
		}
	}
out:
	mutex_unlock(&stn->cfg_lock);
	cb->args[0] = bucket;
	cb->args[1] = skip;
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

/* --- bindings ------------------------------------------------------- */

static int nexthop_key(struct st_dev *sd, struct nlattr **tb,
		       struct st_nh_key *key, struct netlink_ext_ack *extack)
{
	memset(key, 0, sizeof(*key));
	/* The mode rule for bindings, stated once. */
	if (sd->mode == STVPN_MODE_P2P) {
		if (tb[STVPN_A_BIND_NEXTHOP]) {
			NL_SET_ERR_MSG_ATTR(extack, tb[STVPN_A_BIND_NEXTHOP],
					    "a point-to-point device has one binding and takes no next hop");
			return -EINVAL;
		}
		return 0;
	}
	if (!tb[STVPN_A_BIND_NEXTHOP]) {
		NL_SET_ERR_MSG_MOD(extack, "a multipoint device needs the binding's next hop");
		return -EINVAL;
	}
	switch (nla_len(tb[STVPN_A_BIND_NEXTHOP])) {
	case 4:
		key->family = AF_INET;
		key->v4 = nla_get_in_addr(tb[STVPN_A_BIND_NEXTHOP]);
		return 0;
	case 16:
		key->family = AF_INET6;
		key->v6 = nla_get_in6_addr(tb[STVPN_A_BIND_NEXTHOP]);
		return 0;
	}
	NL_SET_ERR_MSG_ATTR(extack, tb[STVPN_A_BIND_NEXTHOP],
			    "next hop must be 4 (IPv4) or 16 (IPv6) bytes");
	return -EINVAL;
}

/* The SA with ID for a binding B: right direction, free or B's already. */
static int bind_sa(struct st_net *stn, struct st_bind *b, u32 id, u8 dir,
		   struct nlattr *attr, struct st_sa **sap,
		   struct netlink_ext_ack *extack)
{
	struct st_sa *sa = st_sa_find(stn, id);
	struct st_bind *cur;

	if (!sa) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "no SA with this ID");
		return -ENOENT;
	}
	if (sa->dir != dir) {
		if (dir == STVPN_DIR_OUT)
			NL_SET_ERR_MSG_ATTR(extack, attr, "out-sa must be an outbound SA");
		else
			NL_SET_ERR_MSG_ATTR(extack, attr, "in-sa must be an inbound SA");
		return -EINVAL;
	}
	cur = rcu_dereference_protected(sa->bind, lockdep_is_held(&stn->cfg_lock));
	if (cur && cur != b) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "the SA serves another binding");
		return -EBUSY;
	}
	*sap = sa;
	return 0;
}

static int st_nl_bind_change(struct genl_info *info, bool create)
{
	struct st_sa *out = NULL, *in[STVPN_BIND_MAX_IN_SA] = { };
	struct nlattr *tb[STVPN_A_BIND_MAX + 1], *attr;
	struct net *net = genl_info_net(info);
	struct st_net *stn = st_net(net);
	struct st_bind *b = NULL, *nb = NULL;
	struct net_device *dev;
	struct st_nh_key key;
	struct st_dev *sd;
	int err, rem, nin = 0;

	if (st_require_attr(info, STVPN_A_BIND))
		return -EINVAL;
	err = nla_parse_nested(tb, STVPN_A_BIND_MAX, info->attrs[STVPN_A_BIND],
			       bind_policy, info->extack);
	if (err)
		return err;
	dev = dev_from_attrs(net, info);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	sd = netdev_priv(dev);
	err = nexthop_key(sd, tb, &key, info->extack);
	if (err)
		goto out_put;

	if (create) {
		nb = kzalloc(sizeof(*nb), GFP_KERNEL);
		if (!nb) {
			err = -ENOMEM;
			goto out_put;
		}
		nb->key = key;
		nb->flags = STVPN_BIND_F_STATIC;
	}

	mutex_lock(&stn->cfg_lock);
	if (sd->dead) {
		err = -ENODEV;
		goto out_unlock;
	}
	b = st_nhtb_find(sd, &key);
	if (create && b) {
		if (sd->mode == STVPN_MODE_P2P)
			NL_SET_ERR_MSG_MOD(info->extack,
					   "a point-to-point device has one binding; it exists");
		else
			NL_SET_ERR_MSG_MOD(info->extack, "a binding for this next hop exists");
		err = -EEXIST;
		goto out_unlock;
	}
	if (!create && !b) {
		NL_SET_ERR_MSG_MOD(info->extack, "no such binding");
		err = -ENOENT;
		goto out_unlock;
	}
	if (create)
		b = nb;

	/* Resolve every SA before changing anything. */
	if (tb[STVPN_A_BIND_OUT_SA] && nla_get_u32(tb[STVPN_A_BIND_OUT_SA])) {
		err = bind_sa(stn, b, nla_get_u32(tb[STVPN_A_BIND_OUT_SA]),
			      STVPN_DIR_OUT, tb[STVPN_A_BIND_OUT_SA], &out,
			      info->extack);
		if (err)
			goto out_unlock;
	} else if (!create && !tb[STVPN_A_BIND_OUT_SA]) {
		out = rcu_dereference_protected(b->out, true);
	}
	nla_for_each_nested(attr, info->attrs[STVPN_A_BIND], rem) {
		if (nla_type(attr) != STVPN_A_BIND_IN_SA)
			continue;
		if (nin == STVPN_BIND_MAX_IN_SA) {
			NL_SET_ERR_MSG_ATTR(info->extack, attr,
					    "at most two inbound SAs per binding");
			err = -E2BIG;
			goto out_unlock;
		}
		err = bind_sa(stn, b, nla_get_u32(attr), STVPN_DIR_IN, attr,
			      &in[nin++], info->extack);
		if (err)
			goto out_unlock;
	}
	if (!create && !nin && !tb[STVPN_A_BIND_IN_SA]) {
		for (rem = 0; rem < STVPN_BIND_MAX_IN_SA; rem++)
			in[rem] = rcu_dereference_protected(b->in[rem], true);
	}

	if (tb[STVPN_A_BIND_TUNNEL_ID])
		b->tunnel_id = nla_get_u32(tb[STVPN_A_BIND_TUNNEL_ID]);
	if (tb[STVPN_A_BIND_NAME])
		nla_strscpy(b->name, tb[STVPN_A_BIND_NAME], sizeof(b->name));
	if (tb[STVPN_A_BIND_FLAGS])
		WRITE_ONCE(b->flags, nla_get_u32(tb[STVPN_A_BIND_FLAGS]));

	if (create) {
		err = st_nhtb_insert(sd, b, info->extack);
		if (err)
			goto out_unlock;
		nb = NULL;
	}
	st_bind_set_sas(b, out, in);
	stn->bind_gen++;

out_unlock:
	mutex_unlock(&stn->cfg_lock);
	kfree(nb);
out_put:
	dev_put(dev);
	return err;
}

static int st_nl_bind_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	return st_nl_bind_change(info, true);
}

static int st_nl_bind_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	return st_nl_bind_change(info, false);
}

static int st_nl_bind_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[STVPN_A_BIND_MAX + 1] = { };
	struct net *net = genl_info_net(info);
	struct st_net *stn = st_net(net);
	struct net_device *dev;
	struct st_nh_key key;
	struct st_bind *b;
	struct st_dev *sd;
	int err;

	if (info->attrs[STVPN_A_BIND]) {
		err = nla_parse_nested(tb, STVPN_A_BIND_MAX, info->attrs[STVPN_A_BIND],
				       bind_policy, info->extack);
		if (err)
			return err;
	}
	dev = dev_from_attrs(net, info);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	sd = netdev_priv(dev);
	err = nexthop_key(sd, tb, &key, info->extack);
	if (err)
		goto out;

	mutex_lock(&stn->cfg_lock);
	b = sd->dead ? NULL : st_nhtb_find(sd, &key);
	if (!b) {
		NL_SET_ERR_MSG_MOD(info->extack, "no such binding");
		err = -ENOENT;
	} else {
		st_nhtb_remove(sd, b);
	}
	mutex_unlock(&stn->cfg_lock);
out:
	dev_put(dev);
	return err;
}

static int fill_bind(struct sk_buff *skb, struct st_bind *b)
{
	struct nlattr *nest;
	struct st_sa *sa;
	int i;

	if (nla_put_u32(skb, STVPN_A_IFINDEX, b->sd->dev->ifindex))
		return -EMSGSIZE;
	nest = nla_nest_start(skb, STVPN_A_BIND);
	if (!nest)
		return -EMSGSIZE;
	if ((b->key.family == AF_INET &&
	     nla_put_in_addr(skb, STVPN_A_BIND_NEXTHOP, b->key.v4)) ||
	    (b->key.family == AF_INET6 &&
	     nla_put_in6_addr(skb, STVPN_A_BIND_NEXTHOP, &b->key.v6)) ||
	    nla_put_u32(skb, STVPN_A_BIND_TUNNEL_ID, b->tunnel_id) ||
	    nla_put_string(skb, STVPN_A_BIND_NAME, b->name) ||
	    nla_put_u32(skb, STVPN_A_BIND_FLAGS, READ_ONCE(b->flags)))
		goto cancel;
	sa = rcu_dereference_protected(b->out, true);
	if (nla_put_u32(skb, STVPN_A_BIND_OUT_SA, sa ? sa->id : 0))
		goto cancel;
	for (i = 0; i < STVPN_BIND_MAX_IN_SA; i++) {
		sa = rcu_dereference_protected(b->in[i], true);
		if (sa && nla_put_u32(skb, STVPN_A_BIND_IN_SA, sa->id))
			goto cancel;
	}
	nla_nest_end(skb, nest);
	return 0;
cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

struct bind_dump {
	struct sk_buff			*skb;
	struct netlink_callback		*cb;
	unsigned long			pos, skip;
};

static int dump_one_bind(struct bind_dump *d, struct st_bind *b)
{
	void *hdr;

	if (d->pos++ < d->skip)
		return 0;
	hdr = genlmsg_put(d->skb, NETLINK_CB(d->cb->skb).portid,
			  d->cb->nlh->nlmsg_seq, &st_genl_family, NLM_F_MULTI,
			  STVPN_CMD_BIND_GET);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(d->cb, hdr);
	if (fill_bind(d->skb, b)) {
		genlmsg_cancel(d->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(d->skb, hdr);
	d->skip = d->pos;
	return 0;
}

static int dump_dev_binds(struct bind_dump *d, struct st_dev *sd)
{
	struct rhashtable_iter iter;
	struct st_bind *b;
	int err = 0;

	if (sd->dead)
		return 0;
	if (sd->mode == STVPN_MODE_P2P) {
		b = rcu_dereference_protected(sd->p2p, true);
		return b ? dump_one_bind(d, b) : 0;
	}
	rhashtable_walk_enter(&sd->nhtb, &iter);
	rhashtable_walk_start(&iter);
	while ((b = rhashtable_walk_next(&iter))) {
		if (IS_ERR(b)) {
			if (PTR_ERR(b) == -EAGAIN)
				continue;
			break;
		}
		err = dump_one_bind(d, b);
		if (err)
			break;
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	return err;
}

/*
 * Dump context: cb->args[0] the ifindex asked for (0: all devices),
 * cb->args[1] the device position, cb->args[2] the binding position.
 */
static int st_nl_bind_get_start(struct netlink_callback *cb)
{
	struct nlattr **attrs = st_compat_dump_attrs(cb);
	struct net *net = sock_net(cb->skb->sk);
	struct genl_info gi = { .attrs = attrs, .extack = cb->extack };
	struct net_device *dev;

	cb->args[0] = 0;
	if (!attrs[STVPN_A_IFINDEX] && !attrs[STVPN_A_IFNAME])
		return 0;
	dev = dev_from_attrs(net, &gi);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	cb->args[0] = dev->ifindex;
	dev_put(dev);
	return 0;
}

static int st_nl_bind_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct st_net *stn = st_net(sock_net(skb->sk));
	struct bind_dump d = { .skb = skb, .cb = cb };
	unsigned long devpos = 0;
	struct st_dev *sd;
	int err = 0;

	mutex_lock(&stn->cfg_lock);
	cb->seq = stn->bind_gen;
	rcu_read_lock();
	list_for_each_entry_rcu(sd, &stn->devs, node) {
		if (cb->args[0] && sd->dev->ifindex != cb->args[0])
			continue;
		if (devpos++ < cb->args[1])
			continue;
		d.pos = 0;
		d.skip = cb->args[2];
		err = dump_dev_binds(&d, sd);
		if (err) {
			cb->args[2] = d.skip;
			break;
		}
		cb->args[1] = devpos;
		cb->args[2] = 0;
	}
	rcu_read_unlock();
	mutex_unlock(&stn->cfg_lock);
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

/* --- statistics, NAT-T ---------------------------------------------- */

static int st_nl_stats_clear_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct st_net *stn = st_net(net);
	struct nlattr *tb[STVPN_A_SA_MAX + 1];
	bool one_dev = info->attrs[STVPN_A_IFINDEX] || info->attrs[STVPN_A_IFNAME];
	struct st_dev *sd;
	struct st_sa *sa;
	unsigned int i;
	int err = 0, s;

	if (info->attrs[STVPN_A_SA]) {
		err = parse_sa_nest(info, tb);
		if (err)
			return err;
		mutex_lock(&stn->cfg_lock);
		sa = sa_by_attr(stn, tb, info->extack);
		if (IS_ERR(sa))
			err = PTR_ERR(sa);
		else
			st_sa_clear_stats(sa);
		mutex_unlock(&stn->cfg_lock);
		return err;
	}
	if (one_dev) {
		struct net_device *dev = dev_from_attrs(net, info);

		if (IS_ERR(dev))
			return PTR_ERR(dev);
		sd = netdev_priv(dev);
		for (s = 0; s < __STVPN_DEV_STAT_MAX; s++)
			atomic64_set(&sd->drops[s], 0);
		dev_put(dev);
		return 0;
	}

	mutex_lock(&stn->cfg_lock);
	for (i = 0; i < (1U << ST_SA_HASH_BITS); i++)
		hlist_for_each_entry(sa, &stn->sa_by_id[i], id_node)
			st_sa_clear_stats(sa);
	rcu_read_lock();
	list_for_each_entry_rcu(sd, &stn->devs, node)
		for (s = 0; s < __STVPN_DEV_STAT_MAX; s++)
			atomic64_set(&sd->drops[s], 0);
	rcu_read_unlock();
	mutex_unlock(&stn->cfg_lock);
	return 0;
}

static int st_nl_encap_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[STVPN_A_ENCAP_MAX + 1];
	struct net *net = genl_info_net(info);
	struct st_net *stn = st_net(net);
	int err;

	if (st_require_attr(info, STVPN_A_ENCAP))
		return -EINVAL;
	err = nla_parse_nested(tb, STVPN_A_ENCAP_MAX, info->attrs[STVPN_A_ENCAP],
			       encap_policy, info->extack);
	if (err)
		return err;
	if (!tb[STVPN_A_ENCAP_FD]) {
		NL_SET_ERR_MSG_MOD(info->extack, "the socket's file descriptor is required");
		return -EINVAL;
	}
	mutex_lock(&stn->cfg_lock);
	err = st_encap_set(net, nla_get_u32(tb[STVPN_A_ENCAP_FD]), info->extack);
	mutex_unlock(&stn->cfg_lock);
	return err;
}

static int st_nl_encap_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct st_net *stn = st_net(genl_info_net(info));
	int err = 0;

	mutex_lock(&stn->cfg_lock);
	if (stn->encap_sock)
		st_encap_release(stn);
	else
		err = -ENOENT;
	mutex_unlock(&stn->cfg_lock);
	if (err)
		NL_SET_ERR_MSG_MOD(info->extack, "no NAT-T socket is set");
	return err;
}

/* --- events ---------------------------------------------------------- */

static void send_event(struct net *net, u8 cmd, struct sk_buff *msg)
{
	genlmsg_multicast_netns(&st_genl_family, net, msg, 0, 0, GFP_ATOMIC);
}

void st_nl_sa_event(struct st_sa *sa, u8 type, u8 limit)
{
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &st_genl_family, 0, STVPN_CMD_SA_EXPIRE);
	if (!hdr)
		goto err;
	nest = nla_nest_start(msg, STVPN_A_EVENT);
	if (!nest ||
	    nla_put_u8(msg, STVPN_A_EVENT_TYPE, type) ||
	    nla_put_u32(msg, STVPN_A_EVENT_SA_ID, sa->id) ||
	    (limit && nla_put_u8(msg, STVPN_A_EVENT_LIMIT, limit)))
		goto err;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	send_event(sa->net, STVPN_CMD_SA_EXPIRE, msg);
	return;
err:
	nlmsg_free(msg);
}

void st_nl_acquire(struct st_bind *b)
{
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &st_genl_family, 0, STVPN_CMD_ACQUIRE);
	if (!hdr)
		goto err;
	nest = nla_nest_start(msg, STVPN_A_EVENT);
	if (!nest ||
	    nla_put_u8(msg, STVPN_A_EVENT_TYPE, STVPN_EVENT_ACQUIRE) ||
	    nla_put_u32(msg, STVPN_A_EVENT_IFINDEX, b->sd->dev->ifindex) ||
	    (b->key.family == AF_INET &&
	     nla_put_in_addr(msg, STVPN_A_EVENT_NEXTHOP, b->key.v4)) ||
	    (b->key.family == AF_INET6 &&
	     nla_put_in6_addr(msg, STVPN_A_EVENT_NEXTHOP, &b->key.v6)))
		goto err;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	send_event(dev_net(b->sd->dev), STVPN_CMD_ACQUIRE, msg);
	return;
err:
	nlmsg_free(msg);
}


#define ST_OP(_cmd, _doit, _flags) {				\
	.cmd		= _cmd,						\
	.doit		= _doit,					\
	.policy		= st_nl_policy,					\
	.maxattr	= STVPN_A_MAX,					\
	.flags		= _flags,					\
}

static const struct genl_ops st_genl_ops[] = {
	{
		.cmd	= STVPN_CMD_DEV_GET,
		.doit	= st_nl_dev_get_doit,
		.dumpit	= st_nl_dev_get_dumpit,
		.policy	= st_nl_policy,
		.maxattr = STVPN_A_MAX,
	},
	ST_OP(STVPN_CMD_DEV_SET, st_nl_dev_set_doit, GENL_UNS_ADMIN_PERM),
	ST_OP(STVPN_CMD_SA_NEW, st_nl_sa_new_doit, GENL_UNS_ADMIN_PERM),
	ST_OP(STVPN_CMD_SA_SET, st_nl_sa_set_doit, GENL_UNS_ADMIN_PERM),
	ST_OP(STVPN_CMD_SA_DEL, st_nl_sa_del_doit, GENL_UNS_ADMIN_PERM),
	{
		.cmd	= STVPN_CMD_SA_GET,
		.doit	= st_nl_sa_get_doit,
		.dumpit	= st_nl_sa_get_dumpit,
		.policy	= st_nl_policy,
		.maxattr = STVPN_A_MAX,
	},
	ST_OP(STVPN_CMD_BIND_NEW, st_nl_bind_new_doit, GENL_UNS_ADMIN_PERM),
	ST_OP(STVPN_CMD_BIND_SET, st_nl_bind_set_doit, GENL_UNS_ADMIN_PERM),
	ST_OP(STVPN_CMD_BIND_DEL, st_nl_bind_del_doit, GENL_UNS_ADMIN_PERM),
	{
		.cmd	= STVPN_CMD_BIND_GET,
		.start	= st_nl_bind_get_start,
		.dumpit	= st_nl_bind_get_dumpit,
		.policy	= st_nl_policy,
		.maxattr = STVPN_A_MAX,
	},
	ST_OP(STVPN_CMD_STATS_CLEAR, st_nl_stats_clear_doit, GENL_UNS_ADMIN_PERM),
	ST_OP(STVPN_CMD_ENCAP_SET, st_nl_encap_set_doit, GENL_UNS_ADMIN_PERM),
	ST_OP(STVPN_CMD_ENCAP_DEL, st_nl_encap_del_doit, GENL_UNS_ADMIN_PERM),
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
