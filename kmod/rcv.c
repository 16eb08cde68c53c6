// SPDX-License-Identifier: GPL-2.0
/*
 * stvpn: the receive path.
 *
 * ESP and AH over IPv4 and IPv6 arrive through the xfrm{4,6}_protocol
 * handler chains, ahead of XFRM's own handlers: a packet whose SPI
 * belongs to one of our inbound SAs is ours; anything else is handed on
 * (return -EINVAL), so native XFRM keeps working beside us. ESP in UDP
 * arrives through the NAT-T socket (encap.c). Decrypted packets are
 * delivered on the st device their SA is bound to.
 */
#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/esp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/ip6_route.h>
#include <net/xfrm.h>

#include "st.h"

/* Ahead of esp4/ah4 (priority 0) and of the VTI and xfrm interfaces. */
#define ST_HANDLER_PRIORITY	20

/* The inbound SA for SPI at the packet's outer destination, referenced. */
static struct st_sa *sa_for(struct sk_buff *skb, __be32 spi, u8 proto)
{
	struct st_sa *sa;

	rcu_read_lock();
	sa = st_sa_lookup_rcu(dev_net(skb->dev), spi, proto);
	if (sa) {
		bool match;

		if (ip_hdr(skb)->version == 4)
			match = sa->family == AF_INET &&
				sa->dst.v4 == ip_hdr(skb)->daddr;
		else
			match = sa->family == AF_INET6 &&
				ipv6_addr_equal(&sa->dst.v6, &ipv6_hdr(skb)->daddr);
		if (!match || !st_sa_get(sa))
			sa = NULL;
	}
	rcu_read_unlock();
	return sa;
}

static int esp_rcv(struct sk_buff *skb)
{
	struct st_sa *sa;
	__be32 spi;

	if (!pskb_may_pull(skb, sizeof(spi)))
		return -EINVAL;
	spi = ((struct ip_esp_hdr *)skb->data)->spi;
	sa = sa_for(skb, spi, IPPROTO_ESP);
	if (!sa)
		return -EINVAL;		/* not ours: XFRM's, or nobody's */
	/* Ours, however short: st_esp_input() counts it as a bad header. */
	st_esp_input(sa, skb);
	return 0;
}

static int ah_rcv(struct sk_buff *skb)
{
	struct st_sa *sa;
	__be32 spi;

	if (!pskb_may_pull(skb, 8))
		return -EINVAL;
	spi = *(__be32 *)(skb->data + 4);
	sa = sa_for(skb, spi, IPPROTO_AH);
	if (!sa)
		return -EINVAL;
	st_ah_input(sa, skb);
	return 0;
}

/* XFRM asks every handler about its own packets: never ours. */
static int not_ours_input(struct sk_buff *skb, int nexthdr, __be32 spi,
			  int encap_type)
{
	return -EINVAL;
}

static int not_ours_cb(struct sk_buff *skb, int err)
{
	return 1;
}

/*
 * ICMP errors about outer ESP packets: learn the path MTU. The SPI in the
 * error is the peer's, and XFRM may own it too, so the error is passed on
 * to XFRM's handler as well (return 1).
 */
static int esp4_err(struct sk_buff *skb, u32 info)
{
	struct net *net = dev_net(skb->dev);

	if (icmp_hdr(skb)->type == ICMP_DEST_UNREACH &&
	    icmp_hdr(skb)->code == ICMP_FRAG_NEEDED)
		ipv4_update_pmtu(skb, net, info, 0, IPPROTO_ESP);
	return 1;
}

static int ah4_err(struct sk_buff *skb, u32 info)
{
	return 1;
}

static int esp6_err(struct sk_buff *skb, struct inet6_skb_parm *opt,
		    u8 type, u8 code, int offset, __be32 info)
{
	struct net *net = dev_net(skb->dev);

	if (type == ICMPV6_PKT_TOOBIG)
		ip6_update_pmtu(skb, net, info, 0, 0, sock_net_uid(net, NULL));
	return 1;
}

static int ah6_err(struct sk_buff *skb, struct inet6_skb_parm *opt,
		   u8 type, u8 code, int offset, __be32 info)
{
	return 1;
}

static struct xfrm4_protocol esp4_handler __read_mostly = {
	.handler	= esp_rcv,
	.input_handler	= not_ours_input,
	.cb_handler	= not_ours_cb,
	.err_handler	= esp4_err,
	.priority	= ST_HANDLER_PRIORITY,
};

static struct xfrm4_protocol ah4_handler __read_mostly = {
	.handler	= ah_rcv,
	.input_handler	= not_ours_input,
	.cb_handler	= not_ours_cb,
	.err_handler	= ah4_err,
	.priority	= ST_HANDLER_PRIORITY,
};

static struct xfrm6_protocol esp6_handler __read_mostly = {
	.handler	= esp_rcv,
	.input_handler	= not_ours_input,
	.cb_handler	= not_ours_cb,
	.err_handler	= esp6_err,
	.priority	= ST_HANDLER_PRIORITY,
};

static struct xfrm6_protocol ah6_handler __read_mostly = {
	.handler	= ah_rcv,
	.input_handler	= not_ours_input,
	.cb_handler	= not_ours_cb,
	.err_handler	= ah6_err,
	.priority	= ST_HANDLER_PRIORITY,
};

static void rx_drop(struct net_device *dev, struct sk_buff *skb)
{
	DEV_STATS_INC(dev, rx_dropped);
	kfree_skb(skb);
}

/*
 * Delivers the inner packet that SA protected (skb->data at the inner
 * header, NEXTHDR its protocol) on the st device SA is bound to.
 */
void st_rcv_deliver(struct st_sa *sa, struct sk_buff *skb, u8 nexthdr)
{
	struct net_device *dev;
	struct st_dev *sd;
	u16 mss;

	rcu_read_lock();
	dev = rcu_dereference(sa->dev);
	if (!dev) {
		kfree_skb(skb);
		goto out;
	}
	sd = netdev_priv(dev);

	skb_reset_network_header(skb);
	if (nexthdr == IPPROTO_IPIP) {
		if (!pskb_may_pull(skb, sizeof(struct iphdr)) ||
		    ip_hdr(skb)->version != 4)
			goto bad;
		skb->protocol = htons(ETH_P_IP);
	} else {
		if (!pskb_may_pull(skb, sizeof(struct ipv6hdr)) ||
		    ipv6_hdr(skb)->version != 6)
			goto bad;
		skb->protocol = htons(ETH_P_IPV6);
	}

	skb_scrub_packet(skb, !net_eq(sa->net, dev_net(dev)));
	skb->dev = dev;
	skb->pkt_type = PACKET_HOST;
	skb->ip_summed = CHECKSUM_NONE;
	skb_reset_mac_header(skb);
	skb_reset_transport_header(skb);

	mss = READ_ONCE(sd->tcp_mss);
	if (mss)
		st_mss_clamp(skb, mss);

	dev_sw_netstats_rx_add(dev, skb->len);
	gro_cells_receive(&sd->gro_cells, skb);
	goto out;

bad:
	atomic64_inc(&sd->drops[STVPN_DEV_STAT_BAD_INNER]);
	rx_drop(dev, skb);
out:
	rcu_read_unlock();
}

int __init st_rcv_init(void)
{
	int err;

	err = xfrm4_protocol_register(&esp4_handler, IPPROTO_ESP);
	if (err)
		goto err_esp4;
	err = xfrm4_protocol_register(&ah4_handler, IPPROTO_AH);
	if (err)
		goto err_ah4;
	err = xfrm6_protocol_register(&esp6_handler, IPPROTO_ESP);
	if (err)
		goto err_esp6;
	err = xfrm6_protocol_register(&ah6_handler, IPPROTO_AH);
	if (err)
		goto err_ah6;
	return 0;

err_ah6:
	xfrm6_protocol_deregister(&esp6_handler, IPPROTO_ESP);
err_esp6:
	xfrm4_protocol_deregister(&ah4_handler, IPPROTO_AH);
err_ah4:
	xfrm4_protocol_deregister(&esp4_handler, IPPROTO_ESP);
err_esp4:
	return err;
}

/* The handlers are unhooked under RCU: no new packet reaches us after. */
void st_rcv_uninit(void)
{
	xfrm6_protocol_deregister(&ah6_handler, IPPROTO_AH);
	xfrm6_protocol_deregister(&esp6_handler, IPPROTO_ESP);
	xfrm4_protocol_deregister(&ah4_handler, IPPROTO_AH);
	xfrm4_protocol_deregister(&esp4_handler, IPPROTO_ESP);
}
