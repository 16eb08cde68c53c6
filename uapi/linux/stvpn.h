/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * stvpn: route-based IPsec secure-tunnel (st) interfaces.
 *
 * This header is the whole contract between the stvpn kernel module and
 * userspace. It describes two netlink interfaces:
 *
 *  1. rtnetlink link attributes for the "st" link kind, used by
 *     "ip link add NAME type st [mode p2p|multipoint]";
 *  2. the "stvpn" generic netlink family, used by stvpnd and the stvpn CLI.
 *
 * ----------------------------------------------------------------------------
 * rtnetlink: the "st" link kind
 * ----------------------------------------------------------------------------
 *
 * IFLA_INFO_DATA of an st device carries:
 *
 *    IFLA_ST_MODE: NLA_U32, one of enum stvpn_mode. Optional on
 *                  RTM_NEWLINK (default STVPN_MODE_P2P); it cannot be changed
 *                  on an existing device. Always reported.
 *
 * Carrier: a point-to-point device has carrier only while it has its single
 * tunnel binding and the binding is not marked STVPN_BIND_F_DOWN (one still
 * waiting for its outbound SA has carrier, so traffic raises an acquire);
 * a multipoint device has carrier whenever it is administratively up, since
 * each next hop is judged on its own.
 *
 * ----------------------------------------------------------------------------
 * generic netlink: the "stvpn" family
 * ----------------------------------------------------------------------------
 *
 * Family name STVPN_GENL_NAME, version STVPN_GENL_VERSION, one multicast
 * group STVPN_GENL_MCGRP_EVENTS. Every request acts on the network namespace
 * of the requesting socket. Requests that change state need CAP_NET_ADMIN in
 * that namespace. Malformed requests are refused with an extended ACK
 * message naming the offending attribute.
 *
 * STVPN_CMD_DEV_GET
 *    Without NLM_F_DUMP: the request must carry STVPN_A_IFINDEX or
 *    STVPN_A_IFNAME naming an st device; the reply is one message with
 *    STVPN_A_DEV. With NLM_F_DUMP: one message per st device of the
 *    namespace, each with STVPN_A_DEV. Dumps are resumable; a dump that
 *    spans a device being added or removed is flagged NLM_F_DUMP_INTR.
 *
 *    STVPN_A_DEV: NLA_NESTED
 *       STVPN_A_DEV_IFINDEX: NLA_U32
 *       STVPN_A_DEV_IFNAME:  NLA_NUL_STRING, at most IFNAMSIZ - 1 bytes
 *       STVPN_A_DEV_MODE:    NLA_U32, enum stvpn_mode
 *
 *    The device's TCP MSS clamp (STVPN_A_DEV_TCP_MSS) and its drops by
 *    reason (STVPN_A_DEV_STATS, nested enum stvpn_dev_stat, NLA_U64 each)
 *    are reported too.
 *
 * STVPN_CMD_DEV_SET (CAP_NET_ADMIN)
 *    STVPN_A_IFINDEX or STVPN_A_IFNAME, and STVPN_A_DEV with
 *    STVPN_A_DEV_TCP_MSS (the Junos "tcp-mss ipsec-vpn mss N"; 0 turns
 *    clamping off; otherwise 64 to 65495).
 *
 * STVPN_CMD_SA_NEW (CAP_NET_ADMIN)
 *    STVPN_A_SA with: ID, DIR, PROTO, SPI, SRC, DST (required); MODE
 *    (default tunnel); ENC_ALG and ENC_KEY (ESP); AUTH_ALG and AUTH_KEY
 *    (AH, and ESP with a non-AEAD cipher); REPLAY_WINDOW (inbound, default
 *    64); FLAGS; DF (default copy); ENCAP_SPORT and ENCAP_DPORT for ESP in
 *    UDP (RFC 3948, needs STVPN_CMD_ENCAP_SET first); SOFT and HARD
 *    lifetimes. Key lengths must be exact for the algorithm. The ID must be
 *    new in the namespace, and so must the SPI among inbound SAs of the
 *    same protocol. Keys are never reported back and are wiped when the SA
 *    is freed and from the request buffer.
 *
 * STVPN_CMD_SA_SET (CAP_NET_ADMIN)
 *    STVPN_A_SA with ID and new SOFT and/or HARD lifetimes.
 *
 * STVPN_CMD_SA_DEL (CAP_NET_ADMIN)
 *    STVPN_A_SA with ID. Bindings that use it lose it.
 *
 * STVPN_CMD_SA_GET
 *    Do (STVPN_A_SA with ID) or dump: STVPN_A_SA without keys, with
 *    STATS, SEQ, STATE and IFINDEX (0 when not bound).
 *
 * STVPN_CMD_BIND_NEW, STVPN_CMD_BIND_SET (CAP_NET_ADMIN)
 *    STVPN_A_IFINDEX or STVPN_A_IFNAME, and STVPN_A_BIND with NEXTHOP
 *    (multipoint: required; p2p: refused), TUNNEL_ID, NAME, FLAGS, OUT_SA
 *    and up to two IN_SA. An SA serves one binding at a time. SET replaces
 *    the SAs and flags of an existing binding atomically: this is how a
 *    rekey switches the outbound SA while both inbound SAs are accepted.
 *
 * STVPN_CMD_BIND_DEL (CAP_NET_ADMIN)
 *    STVPN_A_IFINDEX or STVPN_A_IFNAME, and STVPN_A_BIND with NEXTHOP
 *    (multipoint).
 *
 * STVPN_CMD_BIND_GET
 *    Dump, optionally limited to one device by STVPN_A_IFINDEX or
 *    STVPN_A_IFNAME: STVPN_A_IFINDEX and STVPN_A_BIND per binding.
 *
 * STVPN_CMD_STATS_CLEAR (CAP_NET_ADMIN)
 *    Zeroes SA counters and device drop counters: of one SA (STVPN_A_SA
 *    with ID), of one device (STVPN_A_IFINDEX or STVPN_A_IFNAME), or all
 *    of the namespace. The bytes and packets counted against an SA's
 *    lifetimes are not reset.
 *
 * STVPN_CMD_ENCAP_SET (CAP_NET_ADMIN)
 *    STVPN_A_ENCAP with FD, a UDP socket of the caller bound to the NAT-T
 *    port. The module receives ESP in UDP on it and sends from it; IKE
 *    (non-ESP marker) and keepalives stay on the socket for userspace.
 *    One per namespace; a new one replaces the old. The socket stays
 *    bound while the module holds it, so a new one for the same port
 *    needs STVPN_CMD_ENCAP_DEL first.
 *
 * STVPN_CMD_ENCAP_DEL (CAP_NET_ADMIN)
 *    Gives the socket back to plain UDP and drops the module's reference
 *    (closing it, unless the agent still has it open). ESP in UDP is not
 *    received until the next STVPN_CMD_ENCAP_SET. No attributes.
 *
 * Events (multicast group "events"):
 *
 * STVPN_CMD_SA_EXPIRE
 *    STVPN_A_EVENT: TYPE (soft/hard expiry, seq near end, seq exhausted),
 *    SA_ID, LIMIT (what ran out).
 *
 * STVPN_CMD_ACQUIRE
 *    STVPN_A_EVENT: TYPE, IFINDEX, NEXTHOP: traffic reached a binding
 *    without a usable outbound SA (at most once a second per binding).
 *
 * Top-level attributes used to select a device:
 *
 *    STVPN_A_IFINDEX: NLA_U32
 *    STVPN_A_IFNAME:  NLA_NUL_STRING
 */

#ifndef _UAPI_LINUX_STVPN_H
#define _UAPI_LINUX_STVPN_H

#define STVPN_GENL_NAME		"stvpn"
#define STVPN_GENL_VERSION	1
#define STVPN_GENL_MCGRP_EVENTS	"events"

/* rtnetlink link kind and its IFLA_INFO_DATA attributes */
#define STVPN_LINK_KIND		"st"

enum {
	IFLA_ST_UNSPEC,
	IFLA_ST_MODE,
	__IFLA_ST_MAX
};
#define IFLA_ST_MAX (__IFLA_ST_MAX - 1)

/**
 * enum stvpn_mode - how an st device chooses the tunnel for a packet
 * @STVPN_MODE_P2P: one tunnel binding; every packet uses it.
 * @STVPN_MODE_MULTIPOINT: many bindings, chosen by the next hop of the
 *	route that sent the packet to the device (the gateway, or the
 *	destination itself when it is on the device's subnet).
 */
enum stvpn_mode {
	STVPN_MODE_P2P,
	STVPN_MODE_MULTIPOINT,
	__STVPN_MODE_MAX
};
#define STVPN_MODE_MAX (__STVPN_MODE_MAX - 1)

enum stvpn_cmd {
	STVPN_CMD_UNSPEC,
	STVPN_CMD_DEV_GET,
	STVPN_CMD_DEV_SET,
	STVPN_CMD_SA_NEW,
	STVPN_CMD_SA_SET,
	STVPN_CMD_SA_DEL,
	STVPN_CMD_SA_GET,
	STVPN_CMD_BIND_NEW,
	STVPN_CMD_BIND_SET,
	STVPN_CMD_BIND_DEL,
	STVPN_CMD_BIND_GET,
	STVPN_CMD_STATS_CLEAR,
	STVPN_CMD_ENCAP_SET,
	STVPN_CMD_SA_EXPIRE,		/* event only */
	STVPN_CMD_ACQUIRE,		/* event only */
	STVPN_CMD_ENCAP_DEL,
	__STVPN_CMD_MAX
};
#define STVPN_CMD_MAX (__STVPN_CMD_MAX - 1)

enum stvpn_attr {
	STVPN_A_UNSPEC,
	STVPN_A_IFINDEX,
	STVPN_A_IFNAME,
	STVPN_A_DEV,
	STVPN_A_SA,
	STVPN_A_BIND,
	STVPN_A_ENCAP,
	STVPN_A_EVENT,
	__STVPN_A_MAX
};
#define STVPN_A_MAX (__STVPN_A_MAX - 1)

enum stvpn_dev_attr {
	STVPN_A_DEV_UNSPEC,
	STVPN_A_DEV_IFINDEX,
	STVPN_A_DEV_IFNAME,
	STVPN_A_DEV_MODE,
	STVPN_A_DEV_TCP_MSS,		/* u16, 0 = no clamping */
	STVPN_A_DEV_STATS,		/* nested enum stvpn_dev_stat, u64 each */
	__STVPN_A_DEV_MAX
};

/* Per-device drops by reason, in STVPN_A_DEV_STATS. */
enum stvpn_dev_stat {
	STVPN_DEV_STAT_UNSPEC,
	STVPN_DEV_STAT_NO_BINDING,	/* multipoint: no binding for next hop */
	STVPN_DEV_STAT_NO_SA,		/* binding without a usable outbound SA */
	STVPN_DEV_STAT_TOO_BIG,		/* sent ICMP "too big" / frag needed */
	STVPN_DEV_STAT_NO_ROUTE,	/* no route to the tunnel's peer */
	STVPN_DEV_STAT_SEQ_EXHAUSTED,	/* outbound SA reached its last seq */
	STVPN_DEV_STAT_EXPIRED,		/* outbound SA hit a hard lifetime */
	STVPN_DEV_STAT_BAD_INNER,	/* decrypted inner packet unusable */
	STVPN_DEV_STAT_PAD,
	__STVPN_DEV_STAT_MAX
};
#define STVPN_DEV_STAT_MAX (__STVPN_DEV_STAT_MAX - 1)

enum stvpn_dir {
	STVPN_DIR_IN = 1,
	STVPN_DIR_OUT = 2,
};

enum stvpn_sa_mode {
	STVPN_SA_MODE_TUNNEL,
	STVPN_SA_MODE_TRANSPORT,
};

/* Encryption algorithms, by their Junos names. */
enum stvpn_enc {
	STVPN_ENC_NONE,			/* AH only */
	STVPN_ENC_NULL,			/* ESP NULL, for tests */
	STVPN_ENC_DES_CBC,
	STVPN_ENC_3DES_CBC,
	STVPN_ENC_AES_128_CBC,
	STVPN_ENC_AES_192_CBC,
	STVPN_ENC_AES_256_CBC,
	STVPN_ENC_AES_128_GCM,		/* 16-byte ICV, key + 4-byte salt */
	STVPN_ENC_AES_256_GCM,		/* 16-byte ICV, key + 4-byte salt */
	STVPN_ENC_CHACHA20_POLY1305,	/* key + 4-byte salt */
	__STVPN_ENC_MAX
};
#define STVPN_ENC_MAX (__STVPN_ENC_MAX - 1)

/* Integrity algorithms, by their Junos names. */
enum stvpn_auth {
	STVPN_AUTH_NONE,		/* only with AEAD encryption */
	STVPN_AUTH_HMAC_MD5_96,
	STVPN_AUTH_HMAC_SHA1_96,
	STVPN_AUTH_HMAC_SHA_256_128,
	STVPN_AUTH_HMAC_SHA_384_192,
	STVPN_AUTH_HMAC_SHA_512_256,
	STVPN_AUTH_NULL,		/* no integrity at all ("null", digest_null):
					 * ESP only, for tests and benchmarks */
	__STVPN_AUTH_MAX
};
#define STVPN_AUTH_MAX (__STVPN_AUTH_MAX - 1)

enum stvpn_df {
	STVPN_DF_CLEAR,
	STVPN_DF_SET,
	STVPN_DF_COPY,
};

#define STVPN_SA_F_ESN		(1U << 0)	/* extended sequence numbers */
#define STVPN_SA_F_DSCP_COPY	(1U << 1)	/* copy inner DSCP to outer */
#define __STVPN_SA_F_ALL	(STVPN_SA_F_ESN | STVPN_SA_F_DSCP_COPY)

#define STVPN_REPLAY_WINDOW_MAX	4096

enum stvpn_sa_attr {
	STVPN_A_SA_UNSPEC,
	STVPN_A_SA_ID,			/* u32, non-zero, chosen by the agent */
	STVPN_A_SA_DIR,			/* u8, enum stvpn_dir */
	STVPN_A_SA_PROTO,		/* u8, IPPROTO_ESP or IPPROTO_AH */
	STVPN_A_SA_SPI,			/* u32, host order, >= 256 */
	STVPN_A_SA_MODE,		/* u8, enum stvpn_sa_mode */
	STVPN_A_SA_SRC,			/* binary, 4 or 16 bytes: outer source */
	STVPN_A_SA_DST,			/* binary, same family: outer destination */
	STVPN_A_SA_ENCAP_SPORT,		/* u16 (host order): ESP in UDP */
	STVPN_A_SA_ENCAP_DPORT,		/* u16 (host order) */
	STVPN_A_SA_ENC_ALG,		/* u8, enum stvpn_enc */
	STVPN_A_SA_ENC_KEY,		/* binary, write only */
	STVPN_A_SA_AUTH_ALG,		/* u8, enum stvpn_auth */
	STVPN_A_SA_AUTH_KEY,		/* binary, write only */
	STVPN_A_SA_REPLAY_WINDOW,	/* u32, 0 (off) to STVPN_REPLAY_WINDOW_MAX */
	STVPN_A_SA_FLAGS,		/* u32, STVPN_SA_F_* */
	STVPN_A_SA_DF,			/* u8, enum stvpn_df */
	STVPN_A_SA_SOFT,		/* nested enum stvpn_lifetime_attr */
	STVPN_A_SA_HARD,		/* nested enum stvpn_lifetime_attr */
	STVPN_A_SA_STATS,		/* nested enum stvpn_sa_stat, read only */
	STVPN_A_SA_SEQ,			/* u64: last seq sent (out; may be set at
					 * creation, as when an SA migrates) or
					 * highest accepted (in, read only) */
	STVPN_A_SA_STATE,		/* u8, enum stvpn_sa_state, read only */
	STVPN_A_SA_IFINDEX,		/* u32, read only: device bound to */
	STVPN_A_SA_PAD,
	__STVPN_A_SA_MAX
};
#define STVPN_A_SA_MAX (__STVPN_A_SA_MAX - 1)

enum stvpn_sa_state {
	STVPN_SA_STATE_VALID,
	STVPN_SA_STATE_SOFT_EXPIRED,
	STVPN_SA_STATE_HARD_EXPIRED,	/* kept until deleted, passes nothing */
	STVPN_SA_STATE_SEQ_EXHAUSTED,	/* outbound: no sequence number left */
};

enum stvpn_lifetime_attr {
	STVPN_A_LT_UNSPEC,
	STVPN_A_LT_BYTES,		/* u64, 0 = no limit */
	STVPN_A_LT_PACKETS,		/* u64, 0 = no limit */
	STVPN_A_LT_SECONDS,		/* u64, 0 = no limit */
	STVPN_A_LT_PAD,
	__STVPN_A_LT_MAX
};
#define STVPN_A_LT_MAX (__STVPN_A_LT_MAX - 1)

/* SA counters, in STVPN_A_SA_STATS, u64 each: the names users know. */
enum stvpn_sa_stat {
	STVPN_SA_STAT_UNSPEC,
	STVPN_SA_STAT_BYTES,		/* encrypted (out) or decrypted (in) */
	STVPN_SA_STAT_PACKETS,
	STVPN_SA_STAT_AH_AUTH_FAIL,	/* AH authentication failures */
	STVPN_SA_STAT_REPLAY,		/* replay errors */
	STVPN_SA_STAT_ESP_AUTH_FAIL,	/* ESP authentication failures */
	STVPN_SA_STAT_ESP_DECRYPT_FAIL,	/* ESP decryption failures */
	STVPN_SA_STAT_BAD_HEADER,	/* bad headers */
	STVPN_SA_STAT_BAD_TRAILER,	/* bad trailers */
	STVPN_SA_STAT_PAD,
	__STVPN_SA_STAT_MAX
};
#define STVPN_SA_STAT_MAX (__STVPN_SA_STAT_MAX - 1)

enum stvpn_bind_flags {
	STVPN_BIND_F_STATIC	= 1U << 0,	/* configured, not learned */
	STVPN_BIND_F_AUTO	= 1U << 1,	/* learned in IKE (NHTB inform) */
	STVPN_BIND_F_DOWN	= 1U << 2,	/* marked down (VPN monitor) */
};
#define __STVPN_BIND_F_ALL (STVPN_BIND_F_STATIC | STVPN_BIND_F_AUTO | STVPN_BIND_F_DOWN)

#define STVPN_BIND_MAX_IN_SA	2	/* current and previous, during rekey */

enum stvpn_bind_attr {
	STVPN_A_BIND_UNSPEC,
	STVPN_A_BIND_NEXTHOP,		/* binary, 4 or 16 bytes; multipoint only */
	STVPN_A_BIND_TUNNEL_ID,		/* u32, the VPN's id (index in show) */
	STVPN_A_BIND_NAME,		/* string, the VPN's name */
	STVPN_A_BIND_FLAGS,		/* u32, STVPN_BIND_F_* */
	STVPN_A_BIND_OUT_SA,		/* u32 SA id; 0 = none */
	STVPN_A_BIND_IN_SA,		/* u32 SA id; repeated, up to 2 */
	__STVPN_A_BIND_MAX
};
#define STVPN_A_BIND_MAX (__STVPN_A_BIND_MAX - 1)

enum stvpn_encap_attr {
	STVPN_A_ENCAP_UNSPEC,
	STVPN_A_ENCAP_FD,		/* u32: a bound UDP socket of the caller */
	STVPN_A_ENCAP_PORT,		/* u16, read only: its local port */
	__STVPN_A_ENCAP_MAX
};
#define STVPN_A_ENCAP_MAX (__STVPN_A_ENCAP_MAX - 1)

enum stvpn_event_type {
	STVPN_EVENT_SOFT_EXPIRE = 1,	/* a soft lifetime was reached */
	STVPN_EVENT_HARD_EXPIRE,	/* a hard lifetime was reached */
	STVPN_EVENT_SEQ_NEAR_END,	/* outbound seq crossed 7/8 of its space */
	STVPN_EVENT_SEQ_EXHAUSTED,	/* outbound seq reached its last value */
	STVPN_EVENT_ACQUIRE,		/* traffic for a binding without an SA */
};

enum stvpn_event_attr {
	STVPN_A_EVENT_UNSPEC,
	STVPN_A_EVENT_TYPE,		/* u8, enum stvpn_event_type */
	STVPN_A_EVENT_SA_ID,		/* u32 (expiry and seq events) */
	STVPN_A_EVENT_LIMIT,		/* u8: 1 bytes, 2 packets, 3 seconds */
	STVPN_A_EVENT_IFINDEX,		/* u32 (acquire) */
	STVPN_A_EVENT_NEXTHOP,		/* binary 4 or 16 (acquire, multipoint) */
	__STVPN_A_EVENT_MAX
};
#define STVPN_A_EVENT_MAX (__STVPN_A_EVENT_MAX - 1)
#define STVPN_A_DEV_MAX (__STVPN_A_DEV_MAX - 1)

#endif /* _UAPI_LINUX_STVPN_H */
