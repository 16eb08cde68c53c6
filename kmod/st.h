/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stvpn: shared definitions of the kernel module.
 */
#ifndef _ST_H
#define _ST_H

#include <linux/list.h>
#include <linux/netdevice.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/ip.h>
#include <net/rtnetlink.h>

#include <linux/rhashtable.h>
#include <linux/timer.h>
#include <linux/workqueue.h>
#include <crypto/aead.h>
#include <crypto/hash.h>
#include <net/gro_cells.h>

#include <linux/stvpn.h>

#include "replay.h"

#define ST_DRV_NAME	"stvpn"
#define ST_DRV_VERSION	"0.1"

/*
 * Worst-case bytes a packet grows by on its way into the underlay: outer
 * IPv6 header (40), UDP for NAT-T (8), ESP header (8), the largest IV (16),
 * padding to a 16-byte block (15), the ESP trailer (2) and the largest ICV
 * (32), rounded up to 4 bytes.
 */
#define ST_MAX_OVERHEAD	124
#define ST_DEFAULT_MTU	(ETH_DATA_LEN - ST_MAX_OVERHEAD)
#define ST_MIN_MTU	ETH_MIN_MTU
#define ST_MAX_MTU	(IP_MAX_MTU - ST_MAX_OVERHEAD)

struct st_sa;
struct st_bind;

/* The key of a binding in the NHTB: a next hop, zero-padded. */
struct st_nh_key {
	union {
		__be32		v4;
		struct in6_addr	v6;
	};
	u8			family;		/* AF_INET or AF_INET6 */
	u8			pad[3];
};

/**
 * struct st_bind - a tunnel binding: next hop (multipoint) -> SAs
 * @node: entry in st_dev::nhtb (multipoint)
 * @key: the next hop; family 0 for the single binding of a p2p device
 * @sd: the device, for as long as the binding is linked
 * @out: the SA packets to this next hop are sent with, or NULL
 * @in: the SAs accepted from this peer (current and previous)
 * @last_acquire: jiffies of the last acquire event, to rate-limit them
 * @tunnel_id, @name, @flags: what the agent calls it, for show commands
 */
struct st_bind {
	struct rhash_head	node;
	struct st_nh_key	key;
	struct st_dev		*sd;
	struct st_sa __rcu	*out;
	struct st_sa __rcu	*in[STVPN_BIND_MAX_IN_SA];
	unsigned long		last_acquire;
	u32			tunnel_id;
	u32			flags;
	char			name[64];
	struct rcu_head		rcu;
};

/**
 * struct st_dev - private part of an st net_device
 * @dev: the net_device this is the private area of
 * @node: entry in st_net::devs, written under RTNL, read under RCU
 * @mode: STVPN_MODE_P2P or STVPN_MODE_MULTIPOINT, fixed at creation
 */
struct st_dev {
	struct net_device	*dev;
	struct list_head	node;
	enum stvpn_mode		mode;
	bool			dead;		/* unregistering; cfg_lock */
	u16			tcp_mss;
	struct rhashtable	nhtb;		/* multipoint bindings */
	struct st_bind __rcu	*p2p;		/* the p2p binding */
	unsigned int		nbind;		/* cfg_lock */
	struct gro_cells	gro_cells;
	atomic64_t		drops[__STVPN_DEV_STAT_MAX];
};

/**
 * struct st_net - per network namespace state
 * @devs: the st devices of this namespace, in creation order
 * @gen: bumped under RTNL whenever @devs changes; lets dumps detect change
 */
struct st_net {
	struct list_head	devs;
	unsigned int		gen;
	struct mutex		cfg_lock;	/* SAs and bindings */
	struct hlist_head	*sa_by_id;	/* cfg_lock; RCU readers */
	struct rhashtable	sa_by_spi;	/* inbound SAs; RCU readers */
	unsigned int		sa_gen;		/* cfg_lock */
	unsigned int		bind_gen;	/* cfg_lock */
	struct socket		*encap_sock;	/* NAT-T socket; cfg_lock */
	/*
	 * SAs not yet freed. A packet inside the crypto layer holds its SA,
	 * and its completion still uses the namespace (the outer route, the
	 * device it is delivered to): the namespace's exit waits for this
	 * to reach zero.
	 */
	atomic_t		sa_live;
};

#define ST_SA_HASH_BITS	10

/* --- SAs (sa.c) ---------------------------------------------------- */

union st_addr {
	__be32			v4;
	struct in6_addr		v6;
};

struct st_lifetime {
	u64	bytes;
	u64	packets;
	u64	seconds;
};

/* The errors an SA counts, under its lock; cleared on request. */
struct st_sa_errors {
	u64	ah_auth_fail;
	u64	replay;
	u64	esp_auth_fail;
	u64	esp_decrypt_fail;
	u64	bad_header;
	u64	bad_trailer;
};

/* What st_nl reports of an SA: traffic since the last clear, and errors. */
struct st_sa_stats {
	u64			bytes;
	u64			packets;
	struct st_sa_errors	errors;
};

/* What a new SA is made from: filled from netlink, keys wiped after use. */
struct st_sa_config {
	u32		id;
	u8		dir, proto, mode, family, enc, auth, df;
	u32		spi;
	union st_addr	src, dst;
	u16		encap_sport, encap_dport;
	u32		replay_window;
	u32		flags;
	const u8	*enc_key;
	unsigned int	enc_keylen;
	const u8	*auth_key;
	unsigned int	auth_keylen;
	struct st_lifetime soft, hard;
};

/* What finds an inbound SA: SPI and protocol (st_net::sa_by_spi). */
struct st_spi_key {
	__be32			spi;
	u8			proto;
	u8			pad[3];
};

/**
 * struct st_sa - a security association
 *
 * Found by ID (control plane) and, when inbound, by SPI (receive path,
 * RCU). Freed after an RCU grace period once the last reference is gone;
 * the receive path takes a reference for as long as a packet is in the
 * crypto layer.
 *
 * Laid out for the data path: what every packet reads comes first, what
 * every packet writes has a cache line of its own, the control plane's
 * part comes last. A busy hub touches a few lines per tunnel, not all.
 */
struct st_sa {
	/* Read by every packet, written only at creation: */
	u8			dir, proto, mode, family, df;
	u8			enc, auth;
	u8			ivlen, icvlen, blksize;
	u32			flags;
	struct st_spi_key	key;		/* spi, proto */
	__be16			encap_sport, encap_dport;
	struct net		*net;		/* not counted: see st_sa_net_exit */
	struct crypto_aead	*aead;		/* ESP */
	struct crypto_ahash	*ahash;		/* AH */
	struct rhash_head	spi_node;	/* inbound */
	struct dst_entry __rcu	*route;		/* outbound: to the peer (xmit.c) */
	u32			route_cookie;
	union st_addr		src, dst;
	struct net_device __rcu	*dev;		/* inbound delivery */
	struct st_replay	*replay;	/* inbound; written under lock */

	/*
	 * Written by every packet, one cache line: sequence number, replay
	 * and lifetime accounting. What is shown as the SA's traffic is
	 * used_* less what they were at the last clear.
	 */
	refcount_t		refcnt ____cacheline_aligned_in_smp;
	spinlock_t		lock;		/* from here to the control plane's */
	u8			state;		/* enum stvpn_sa_state */
	bool			dead;
	u64			seq;		/* last sent (out) */
	u64			used_bytes;	/* against the lifetimes: */
	u64			used_packets;	/* never cleared */
	u64			next_bytes;	/* look at the lifetimes again */
	u64			next_packets;	/* when used_* reach these */
	time64_t		deadline;	/* of the next seconds lifetime */

	/* Written on errors, by the timer and by the control plane: */
	struct st_sa_errors	errors;		/* cleared on request */
	u64			cleared_bytes;	/* used_* at the last clear */
	u64			cleared_packets;
	struct st_lifetime	soft, hard;
	time64_t		added;
	struct timer_list	timer;		/* fires at the deadline */

	/* The control plane's: */
	u32			id;
	struct st_bind __rcu	*bind;		/* cfg_lock to change */
	struct hlist_node	id_node;
	struct rcu_work		free_work;
};

int st_sa_init(void);
void st_sa_uninit(void);
int st_sa_net_init(struct st_net *stn);
void st_sa_net_exit(struct net *net);
struct st_sa *st_sa_create(struct net *net, struct st_sa_config *cfg,
			   struct netlink_ext_ack *extack);
struct st_sa *st_sa_find(struct st_net *stn, u32 id);
void st_sa_unlink(struct st_net *stn, struct st_sa *sa);
struct st_sa *st_sa_lookup_rcu(struct net *net, __be32 spi, u8 proto);
void st_sa_put(struct st_sa *sa);
void st_sa_forget_route(struct st_sa *sa);
static inline bool st_sa_get(struct st_sa *sa)
{
	return refcount_inc_not_zero(&sa->refcnt);
}
int st_sa_account_locked(struct st_sa *sa, unsigned int bytes);
void st_sa_set_lifetimes(struct st_sa *sa, const struct st_lifetime *soft,
			 const struct st_lifetime *hard);
void st_sa_clear_stats(struct st_sa *sa);
void st_sa_read_stats(struct st_sa *sa, struct st_sa_stats *st);
unsigned int st_sa_overhead(const struct st_sa *sa);

/* --- bindings (nhtb.c) --------------------------------------------- */

int st_nhtb_init_dev(struct st_dev *sd);
void st_nhtb_uninit_dev(struct st_dev *sd);
struct st_bind *st_nhtb_lookup_rcu(struct st_dev *sd,
				   const struct st_nh_key *key);
struct st_bind *st_nhtb_find(struct st_dev *sd, const struct st_nh_key *key);
int st_nhtb_insert(struct st_dev *sd, struct st_bind *b,
		   struct netlink_ext_ack *extack);
void st_nhtb_remove(struct st_dev *sd, struct st_bind *b);
void st_nhtb_flush(struct st_dev *sd);
void st_bind_set_sas(struct st_bind *b, struct st_sa *out,
		     struct st_sa *const in[STVPN_BIND_MAX_IN_SA]);
void st_bind_release_sa(struct st_sa *sa);

/* --- data path ----------------------------------------------------- */

/*
 * What the transmit path remembers of the inner header while the packet
 * is encrypted: it lives in skb->cb after the crypto code's own part.
 */
struct st_skb_cb {
	u8	pad[40];	/* the crypto code's context (esp.c, ah.c) */
	u8	tos;
	bool	df;
};
#define ST_SKB_CB(skb)	((struct st_skb_cb *)(skb)->cb)

netdev_tx_t st_xmit(struct sk_buff *skb, struct net_device *dev);
int st_rcv_init(void);
void st_rcv_uninit(void);
void st_rcv_deliver(struct st_sa *sa, struct sk_buff *skb, u8 nexthdr);
int st_esp_output(struct st_sa *sa, struct sk_buff *skb, u8 nexthdr, u64 seq);
int st_esp_input(struct st_sa *sa, struct sk_buff *skb);
int st_ah_output(struct st_sa *sa, struct sk_buff *skb, u8 nexthdr, u64 seq);
int st_ah_input(struct st_sa *sa, struct sk_buff *skb);
void st_output_finish(struct st_sa *sa, struct sk_buff *skb);
void st_output_push_outer(struct st_sa *sa, struct sk_buff *skb, u8 proto);
void st_output_send(struct st_sa *sa, struct sk_buff *skb);
void st_mss_clamp(struct sk_buff *skb, u16 mss);
void st_dev_drop(struct st_dev *sd, enum stvpn_dev_stat why);

/* --- NAT-T (encap.c) ------------------------------------------------ */

int st_encap_set(struct net *net, int fd, struct netlink_ext_ack *extack);
void st_encap_release(struct st_net *stn);
u16 st_encap_port(struct st_net *stn);

/* --- events (netlink.c) --------------------------------------------- */

void st_nl_sa_event(struct st_sa *sa, u8 type, u8 limit);
void st_nl_acquire(struct st_bind *b);

extern unsigned int st_net_id;
extern struct rtnl_link_ops st_link_ops;

static inline struct st_net *st_net(const struct net *net)
{
	return net_generic(net, st_net_id);
}

static inline bool st_device_is_st(const struct net_device *dev)
{
	return dev->rtnl_link_ops == &st_link_ops;
}

void st_device_update_carrier(struct st_dev *sd);
int st_device_init(void);
void st_device_uninit(void);

int st_netlink_init(void);
void st_netlink_uninit(void);

#endif /* _ST_H */
