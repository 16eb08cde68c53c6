// SPDX-License-Identifier: GPL-2.0
/*
 * stvpn: the transmit path of an st device.
 *
 *   st_xmit: pick the binding (the one of a p2p device, or by the route's
 *            next hop on a multipoint device), its outbound SA, clamp the
 *            TCP MSS, segment GSO packets, check the path MTU
 *   ESP/AH:  sequence number, lifetime accounting, encryption (esp.c)
 *   st_output_finish: UDP (NAT-T) and the outer IPv4/IPv6 header, out
 */
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <net/icmp.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/route.h>
#include <net/udp.h>
#include <net/addrconf.h>

#include "st.h"

void st_dev_drop(struct st_dev *sd, enum stvpn_dev_stat why)
{
	atomic64_inc(&sd->drops[why]);
	DEV_STATS_INC(sd->dev, tx_dropped);
}

/* The next hop of the route that brought the packet here. */
static bool nexthop_of(struct sk_buff *skb, struct st_nh_key *key)
{
	struct dst_entry *dst = skb_dst(skb);

	memset(key, 0, sizeof(*key));
	if (skb->protocol == htons(ETH_P_IP)) {
		struct rtable *rt = dst ? (struct rtable *)dst : NULL;

		if (rt && rt->rt_uses_gateway && rt->rt_gw_family == AF_INET6) {
			key->family = AF_INET6;
			key->v6 = rt->rt_gw6;
		} else {
			key->family = AF_INET;
			key->v4 = rt && rt->rt_uses_gateway ? rt->rt_gw4 :
				  ip_hdr(skb)->daddr;
		}
		return true;
	}
	if (skb->protocol == htons(ETH_P_IPV6)) {
		key->family = AF_INET6;
		if (dst)
			key->v6 = *rt6_nexthop((struct rt6_info *)dst,
					       &ipv6_hdr(skb)->daddr);
		else
			key->v6 = ipv6_hdr(skb)->daddr;
		return true;
	}
	return false;
}

/* Traffic for a binding without a usable SA: tell the agent, once a second. */
static void acquire(struct st_bind *b)
{
	unsigned long last = READ_ONCE(b->last_acquire);

	if (last && time_before(jiffies, last + HZ))
		return;
	if (cmpxchg(&b->last_acquire, last, jiffies ?: 1) != last)
		return;
	st_nl_acquire(b);
}

/*
 * The SA remembers the route to its peer: one pointer, replaced when a
 * lookup finds a newer route, released as sockets release theirs. A
 * remembered route is used while dst_check() says it is still current
 * (routes changed, the path MTU learned, the device gone all make it
 * stale). Packets with a mark may be routed differently: they look up.
 */
static struct dst_entry *route_remembered(struct st_sa *sa)
{
	struct dst_entry *dst = rcu_dereference(sa->route);

	if (!dst || !dst_check(dst, READ_ONCE(sa->route_cookie)) ||
	    !dst_hold_safe(dst))
		return NULL;
	return dst;
}

static void route_remember(struct st_sa *sa, struct dst_entry *dst, u32 cookie)
{
	dst_hold(dst);
	WRITE_ONCE(sa->route_cookie, cookie);
	dst_release(unrcu_pointer(xchg(&sa->route, RCU_INITIALIZER(dst))));
}

/* The route to the SA's peer, referenced; NULL when there is none. */
static struct dst_entry *route_peer4(struct st_sa *sa, struct sk_buff *skb)
{
	struct flowi4 fl4 = {
		.daddr = sa->dst.v4,
		.saddr = sa->src.v4,
		.flowi4_proto = sa->encap_dport ? IPPROTO_UDP : sa->proto,
		.flowi4_mark = skb->mark,
	};
	struct rtable *rt;

	rt = ip_route_output_key(sa->net, &fl4);
	if (IS_ERR(rt))
		return NULL;
	if (!skb->mark)
		route_remember(sa, &rt->dst, 0);
	return &rt->dst;
}

static struct dst_entry *route_peer6(struct st_sa *sa, struct sk_buff *skb)
{
	struct flowi6 fl6 = {
		.daddr = sa->dst.v6,
		.saddr = sa->src.v6,
		.flowi6_proto = sa->encap_dport ? IPPROTO_UDP : sa->proto,
		.flowi6_mark = skb->mark,
	};
	struct dst_entry *dst;

	dst = ip6_route_output(sa->net, NULL, &fl6);
	if (dst->error) {
		dst_release(dst);
		return NULL;
	}
	if (!skb->mark)
		route_remember(sa, dst, rt6_get_cookie((struct rt6_info *)dst));
	return dst;
}

static struct dst_entry *route_peer(struct st_sa *sa, struct sk_buff *skb)
{
	struct dst_entry *dst = NULL;

	if (!skb->mark)
		dst = route_remembered(sa);
	if (dst)
		return dst;
	return sa->family == AF_INET ? route_peer4(sa, skb) : route_peer6(sa, skb);
}

/* Is the outer DF bit going to be set for this packet? */
static bool outer_df(const struct st_sa *sa, struct sk_buff *skb)
{
	switch (sa->df) {
	case STVPN_DF_SET:
		return true;
	case STVPN_DF_CLEAR:
		return false;
	default:
		if (skb->protocol == htons(ETH_P_IP))
			return ip_hdr(skb)->frag_off & htons(IP_DF);
		return true;	/* IPv6 is never fragmented on the way */
	}
}

/*
 * Path MTU: a packet that would leave too big with DF set is answered
 * with ICMP "fragmentation needed" / ICMPv6 "packet too big" carrying
 * the MTU left for inner packets, and dropped.
 */
static bool too_big(struct st_dev *sd, struct st_sa *sa, struct sk_buff *skb,
		    struct dst_entry *dst)
{
	int mtu = dst_mtu(dst) - st_sa_overhead(sa);

	if (skb->len <= mtu || skb_is_gso(skb))
		return false;
	if (skb->protocol == htons(ETH_P_IP)) {
		if (!outer_df(sa, skb))
			return false;	/* the outer packet is fragmented */
		mtu = max(mtu, 68);
		icmp_ndo_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, htonl(mtu));
	} else {
		mtu = max(mtu, IPV6_MIN_MTU);
		if (skb->len <= mtu)
			return false;
		icmpv6_ndo_send(skb, ICMPV6_PKT_TOOBIG, 0, mtu);
	}
	st_dev_drop(sd, STVPN_DEV_STAT_TOO_BIG);
	return true;
}

/*
 * The next outbound sequence number, or -ENOSPC/-EKEYEXPIRED; the packet
 * (LEN bytes) is counted against the lifetimes under the same lock.
 */
static int next_seq(struct st_sa *sa, unsigned int len, u64 *seq)
{
	u64 limit = sa->flags & STVPN_SA_F_ESN ? U64_MAX : U32_MAX;
	int err = 0;

	spin_lock_bh(&sa->lock);
	if (sa->state == STVPN_SA_STATE_HARD_EXPIRED) {
		err = -EKEYEXPIRED;
	} else if (sa->state == STVPN_SA_STATE_SEQ_EXHAUSTED || sa->seq >= limit) {
		err = -ENOSPC;
	} else {
		*seq = ++sa->seq;
		/* Tell the agent at 7/8 of the space, and at the end. */
		if (sa->seq == limit - (limit >> 3))
			st_nl_sa_event(sa, STVPN_EVENT_SEQ_NEAR_END, 0);
		if (sa->seq == limit) {
			sa->state = STVPN_SA_STATE_SEQ_EXHAUSTED;
			st_nl_sa_event(sa, STVPN_EVENT_SEQ_EXHAUSTED, 0);
		}
		err = st_sa_account_locked(sa, len);
	}
	spin_unlock_bh(&sa->lock);
	return err;
}

static void xmit_one(struct st_dev *sd, struct st_sa *sa, struct sk_buff *skb)
{
	struct dst_entry *dst;
	unsigned int len = skb->len;
	u8 nexthdr, tos;
	bool df;
	u64 seq;
	int err;

	dst = route_peer(sa, skb);
	if (!dst) {
		st_dev_drop(sd, STVPN_DEV_STAT_NO_ROUTE);
		goto drop;
	}
	if (too_big(sd, sa, skb, dst)) {
		dst_release(dst);
		goto drop;
	}

	err = next_seq(sa, len, &seq);
	if (err) {
		dst_release(dst);
		st_dev_drop(sd, err == -ENOSPC ? STVPN_DEV_STAT_SEQ_EXHAUSTED :
						 STVPN_DEV_STAT_EXPIRED);
		goto drop;
	}

	/* The outer header needs the inner one's TOS and DF. */
	if (skb->protocol == htons(ETH_P_IP)) {
		nexthdr = IPPROTO_IPIP;
		tos = ip_hdr(skb)->tos;
		df = outer_df(sa, skb);
	} else {
		nexthdr = IPPROTO_IPV6;
		tos = ipv6_get_dsfield(ipv6_hdr(skb));
		df = sa->df != STVPN_DF_CLEAR;
	}

	dev_sw_netstats_tx_add(sd->dev, 1, len);
	skb_scrub_packet(skb, false);
	skb_dst_set(skb, dst);
	skb->dev = sd->dev;
	ST_SKB_CB(skb)->tos = tos;
	ST_SKB_CB(skb)->df = df;

	if (!st_sa_get(sa))
		goto drop;
	if (sa->proto == IPPROTO_ESP)
		st_esp_output(sa, skb, nexthdr, seq);
	else
		st_ah_output(sa, skb, nexthdr, seq);
	return;

drop:
	kfree_skb(skb);
}

netdev_tx_t st_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct st_dev *sd = netdev_priv(dev);
	struct sk_buff *segs, *next;
	struct st_nh_key key;
	struct st_bind *b;
	struct st_sa *sa;
	u8 state;

	rcu_read_lock();
	if ((skb->protocol == htons(ETH_P_IP) &&
	     !pskb_network_may_pull(skb, sizeof(struct iphdr))) ||
	    (skb->protocol == htons(ETH_P_IPV6) &&
	     !pskb_network_may_pull(skb, sizeof(struct ipv6hdr))) ||
	    !nexthop_of(skb, &key)) {
		DEV_STATS_INC(dev, tx_errors);
		goto drop;
	}

	b = st_nhtb_lookup_rcu(sd, &key);
	if (!b || (b->flags & STVPN_BIND_F_DOWN)) {
		st_dev_drop(sd, STVPN_DEV_STAT_NO_BINDING);
		goto drop;
	}
	sa = rcu_dereference(b->out);
	if (!sa) {
		acquire(b);
		st_dev_drop(sd, STVPN_DEV_STAT_NO_SA);
		goto drop;
	}
	state = READ_ONCE(sa->state);
	if (state >= STVPN_SA_STATE_HARD_EXPIRED) {
		acquire(b);
		st_dev_drop(sd, state == STVPN_SA_STATE_SEQ_EXHAUSTED ?
				STVPN_DEV_STAT_SEQ_EXHAUSTED : STVPN_DEV_STAT_EXPIRED);
		goto drop;
	}

	if (READ_ONCE(sd->tcp_mss))
		st_mss_clamp(skb, READ_ONCE(sd->tcp_mss));

	if (!skb_is_gso(skb)) {
		xmit_one(sd, sa, skb);
		goto out;
	}
	segs = skb_gso_segment(skb, 0);
	if (IS_ERR_OR_NULL(segs)) {
		DEV_STATS_INC(dev, tx_errors);
		goto drop;
	}
	consume_skb(skb);
	skb_list_walk_safe(segs, skb, next) {
		skb_mark_not_on_list(skb);
		xmit_one(sd, sa, skb);
	}
out:
	rcu_read_unlock();
	return NETDEV_TX_OK;

drop:
	rcu_read_unlock();
	kfree_skb(skb);
	return NETDEV_TX_OK;
}

/*
 * Pushes the outer IPv4/IPv6 header for SA in front of skb->data, from the
 * SA's source to its peer, with PROTO as the next protocol.
 */
void st_output_push_outer(struct st_sa *sa, struct sk_buff *skb, u8 proto)
{
	struct st_skb_cb cb = *ST_SKB_CB(skb);
	struct dst_entry *dst = skb_dst(skb);
	u8 dscp = sa->flags & STVPN_SA_F_DSCP_COPY ? cb.tos & ~INET_ECN_MASK : 0;

	skb->ip_summed = CHECKSUM_NONE;
	if (sa->family == AF_INET) {
		struct iphdr *iph = skb_push(skb, sizeof(*iph));

		skb_reset_network_header(skb);
		iph->version = 4;
		iph->ihl = sizeof(*iph) >> 2;
		iph->tos = INET_ECN_encapsulate(dscp, cb.tos);
		iph->tot_len = htons(skb->len);
		iph->frag_off = cb.df ? htons(IP_DF) : 0;
		iph->ttl = ip4_dst_hoplimit(dst);
		iph->protocol = proto;
		iph->check = 0;
		iph->saddr = sa->src.v4;
		iph->daddr = sa->dst.v4;
		__ip_select_ident(sa->net, iph, 1);
		skb->protocol = htons(ETH_P_IP);
		skb->ignore_df = !cb.df;
	} else {
		struct ipv6hdr *ip6h = skb_push(skb, sizeof(*ip6h));

		skb_reset_network_header(skb);
		ip6_flow_hdr(ip6h, INET_ECN_encapsulate(dscp, cb.tos), 0);
		ip6h->payload_len = htons(skb->len - sizeof(*ip6h));
		ip6h->nexthdr = proto;
		ip6h->hop_limit = ip6_dst_hoplimit(dst);
		ip6h->saddr = sa->src.v6;
		ip6h->daddr = sa->dst.v6;
		skb->protocol = htons(ETH_P_IPV6);
		skb->ignore_df = 1;
	}
}

/* Sends the finished outer packet along the route found in xmit_one(). */
void st_output_send(struct st_sa *sa, struct sk_buff *skb)
{
	int err;

	if (sa->family == AF_INET) {
		memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
		err = ip_local_out(sa->net, NULL, skb);
	} else {
		memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
		err = ip6_local_out(sa->net, NULL, skb);
	}
	if (unlikely(net_xmit_eval(err)))
		net_dbg_ratelimited("stvpn: outer packet not sent (%d)\n", err);
}

/* The ESP packet leaves: UDP for NAT-T, the outer header, out. */
void st_output_finish(struct st_sa *sa, struct sk_buff *skb)
{
	u8 proto = IPPROTO_ESP;

	if (sa->encap_dport) {
		struct udphdr *uh = skb_push(skb, sizeof(*uh));

		uh->source = sa->encap_sport;
		uh->dest = sa->encap_dport;
		uh->len = htons(skb->len);
		uh->check = 0;
		if (sa->family == AF_INET6) {
			uh->check = csum_ipv6_magic(&sa->src.v6, &sa->dst.v6, skb->len,
						    IPPROTO_UDP,
						    skb_checksum(skb, 0, skb->len, 0));
			if (!uh->check)
				uh->check = CSUM_MANGLED_0;
		}
		proto = IPPROTO_UDP;
	}
	skb_reset_transport_header(skb);
	st_output_push_outer(sa, skb, proto);
	st_output_send(sa, skb);
}
