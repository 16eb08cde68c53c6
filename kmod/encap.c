// SPDX-License-Identifier: GPL-2.0
/*
 * stvpn: NAT traversal, ESP in UDP (RFC 3948).
 *
 * The agent owns the NAT-T socket (IKE runs on it) and hands it to the
 * module, which hooks the socket's encapsulation receive function: ESP
 * for one of our SAs is taken out of the socket and decrypted; IKE (the
 * non-ESP marker), NAT keepalives and anything too short to be ESP stay
 * on the socket for userspace, untouched.
 */
#include <linux/file.h>
#include <linux/net.h>
#include <net/esp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>

#include "st.h"

static int encap_rcv(struct sock *sk, struct sk_buff *skb)
{
	unsigned int hlen = sizeof(struct udphdr);
	struct st_sa *sa;
	__be32 spi;

	/* An ESP header (8) or a non-ESP marker (4) and more, or keepalive. */
	if (!pskb_may_pull(skb, hlen + sizeof(struct ip_esp_hdr)))
		return 1;
	spi = *(__be32 *)(skb->data + hlen);
	if (!spi)
		return 1;	/* non-ESP marker: IKE */

	rcu_read_lock();
	sa = st_sa_lookup_rcu(sock_net(sk), spi, IPPROTO_ESP);
	if (sa && (!sa->encap_dport || !st_sa_get(sa)))
		sa = NULL;
	rcu_read_unlock();
	if (!sa) {
		kfree_skb(skb);	/* ESP for no SA of ours */
		return 0;
	}

	__skb_pull(skb, hlen);
	skb_reset_transport_header(skb);
	st_esp_input(sa, skb);
	return 0;
}

/* Takes the UDP socket behind the caller's file descriptor FD. */
int st_encap_set(struct net *net, int fd, struct netlink_ext_ack *extack)
{
	struct udp_tunnel_sock_cfg cfg = {
		.encap_type	= UDP_ENCAP_ESPINUDP,
		.encap_rcv	= encap_rcv,
	};
	struct st_net *stn = st_net(net);
	struct socket *sock;
	int err;

	lockdep_assert_held(&stn->cfg_lock);

	sock = sockfd_lookup(fd, &err);
	if (!sock) {
		NL_SET_ERR_MSG_MOD(extack, "not a socket");
		return err;
	}
	if (sock->sk->sk_protocol != IPPROTO_UDP || sock->type != SOCK_DGRAM) {
		NL_SET_ERR_MSG_MOD(extack, "not a UDP socket");
		err = -EINVAL;
		goto err_put;
	}
	if (!net_eq(sock_net(sock->sk), net)) {
		NL_SET_ERR_MSG_MOD(extack, "the socket belongs to another namespace");
		err = -EINVAL;
		goto err_put;
	}
	if (!inet_sk(sock->sk)->inet_num) {
		NL_SET_ERR_MSG_MOD(extack, "the socket is not bound to a port");
		err = -EINVAL;
		goto err_put;
	}
	if (udp_sk(sock->sk)->encap_type) {
		NL_SET_ERR_MSG_MOD(extack, "the socket already has an encapsulation");
		err = -EBUSY;
		goto err_put;
	}

	st_encap_release(stn);
	setup_udp_tunnel_sock(net, sock, &cfg);
	stn->encap_sock = sock;		/* keeps the sockfd_lookup() reference */
	return 0;

err_put:
	sockfd_put(sock);
	return err;
}

/* Gives the socket back to plain UDP and drops our reference. */
void st_encap_release(struct st_net *stn)
{
	struct socket *sock = stn->encap_sock;
	struct sock *sk;

	if (!sock)
		return;
	stn->encap_sock = NULL;
	sk = sock->sk;
	lock_sock(sk);
	WRITE_ONCE(udp_sk(sk)->encap_rcv, NULL);
	WRITE_ONCE(udp_sk(sk)->encap_type, 0);
	release_sock(sk);
	/* A packet may still be inside encap_rcv(). */
	synchronize_rcu();
	sockfd_put(sock);
}

u16 st_encap_port(struct st_net *stn)
{
	return stn->encap_sock ? ntohs(inet_sk(stn->encap_sock->sk)->inet_sport) : 0;
}
