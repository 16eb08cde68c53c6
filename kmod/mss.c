// SPDX-License-Identifier: GPL-2.0
/*
 * stvpn: TCP MSS clamping on st devices (Junos "tcp-mss ipsec-vpn mss N"),
 * applied to SYNs in both directions.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <net/checksum.h>
#include <net/ipv6.h>
#include <net/tcp.h>

#include "compat.h"
#include "st.h"

/* Lowers the MSS option of a TCP SYN in SKB (network header set) to MSS. */
void st_mss_clamp(struct sk_buff *skb, u16 mss)
{
	unsigned int nhoff = skb_network_offset(skb), thoff, optlen, i;
	struct tcphdr *th;
	u8 *opt;

	if (skb->protocol == htons(ETH_P_IP)) {
		const struct iphdr *iph;

		if (!pskb_may_pull(skb, nhoff + sizeof(*iph)))
			return;
		iph = (const struct iphdr *)(skb->data + nhoff);
		if (iph->protocol != IPPROTO_TCP || iph->ihl < 5 ||
		    (iph->frag_off & htons(IP_OFFSET | IP_MF)))
			return;
		thoff = nhoff + iph->ihl * 4;
	} else if (skb->protocol == htons(ETH_P_IPV6)) {
		const struct ipv6hdr *ip6h;

		if (!pskb_may_pull(skb, nhoff + sizeof(*ip6h)))
			return;
		ip6h = (const struct ipv6hdr *)(skb->data + nhoff);
		/* Extension headers before TCP are rare on a SYN: not clamped. */
		if (ip6h->nexthdr != IPPROTO_TCP)
			return;
		thoff = nhoff + sizeof(*ip6h);
	} else {
		return;
	}

	if (!pskb_may_pull(skb, thoff + sizeof(*th)))
		return;
	th = (struct tcphdr *)(skb->data + thoff);
	if (!th->syn || th->doff * 4 < sizeof(*th))
		return;
	optlen = th->doff * 4 - sizeof(*th);
	if (!optlen || skb_ensure_writable(skb, thoff + th->doff * 4))
		return;
	th = (struct tcphdr *)(skb->data + thoff);
	opt = (u8 *)(th + 1);

	for (i = 0; i < optlen; ) {
		if (opt[i] == TCPOPT_EOL)
			return;
		if (opt[i] == TCPOPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= optlen || opt[i + 1] < 2 || i + opt[i + 1] > optlen)
			return;
		if (opt[i] == TCPOPT_MSS && opt[i + 1] == TCPOLEN_MSS) {
			u16 old = get_unaligned_be16(opt + i + 2);

			if (old > mss) {
				put_unaligned_be16(mss, opt + i + 2);
				inet_proto_csum_replace2(&th->check, skb, htons(old),
							 htons(mss), false);
			}
			return;
		}
		i += opt[i + 1];
	}
}
