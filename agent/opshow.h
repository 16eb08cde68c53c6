/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The operational commands' output: "show security ipsec ...", "show
 * security ike ...", "show interfaces stX ...", in the layouts of the
 * seeds (text) or as JSON.
 *
 * Formatting only: stvpnd gathers the facts (from the module, from
 * rtnetlink and from its configuration) into the structures below and
 * hands them over, so the layouts are tested on the host with fixed
 * data (selftests/host/show.sh).
 */
#ifndef STVPN_OPSHOW_H
#define STVPN_OPSHOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/stvpn.h>

/* Lifetimes: ~0 means "no limit" (printed "unlim" / "Unlimited"). */
#define OP_UNLIMITED	UINT64_MAX

/* One IPsec SA, one direction. */
struct op_sa {
	uint32_t	index;		/* the VPN's tunnel index (ID column) */
	const char	*vpn;		/* the VPN's name */
	const char	*bind;		/* its logical interface, "st0.0" */
	bool		inbound;	/* '<' inbound, '>' outbound */
	bool		manual;		/* Type: static (manual), else dynamic */
	uint8_t		proto;		/* IPPROTO_ESP or IPPROTO_AH */
	uint32_t	spi;
	const char	*local;		/* local gateway address, text */
	const char	*remote;	/* remote gateway address, text */
	uint16_t	port;		/* the peer's IKE port; 0 for manual SAs */
	uint8_t		enc;		/* enum stvpn_enc */
	uint8_t		auth;		/* enum stvpn_auth */
	uint64_t	hard_seconds;	/* seconds left, or OP_UNLIMITED */
	uint64_t	soft_seconds;	/* seconds left, or OP_UNLIMITED */
	uint64_t	kbytes_left;	/* kilobytes left, or OP_UNLIMITED */
	char		mon;		/* VPN monitor: 'U', 'D' or '-' */
	uint8_t		df;		/* enum stvpn_df */
	uint32_t	replay_window;	/* 0: anti-replay off */
	bool		esn;
	uint8_t		state;		/* enum stvpn_sa_state */
	uint64_t	stats[STVPN_SA_STAT_MAX + 1];	/* enum stvpn_sa_stat */
};

/* One next-hop tunnel binding. */
struct op_nhtb {
	const char	*nexthop;	/* the peer's st address, text */
	const char	*ifname;	/* logical interface, "st0.0" */
	const char	*vpn;
	uint32_t	flags;		/* STVPN_BIND_F_* */
};

/* An address of an interface. */
struct op_addr {
	int		family;		/* AF_INET or AF_INET6 */
	const char	*prefix;	/* "10.11.11.10/24" */
};

/* One st device: the physical stX and its logical stX.N. */
struct op_iface {
	const char	*name;		/* Linux name: "st0", "st0.1" */
	const char	*physical;	/* Junos physical name: "st0" */
	const char	*logical;	/* Junos logical name: "st0.0", "st0.1" */
	unsigned int	ifindex;
	bool		admin_up;
	bool		link_up;
	bool		multipoint;
	unsigned int	mtu;
	uint64_t	rx_bytes, tx_bytes, rx_packets, tx_packets;
	uint64_t	rx_errors, tx_errors, rx_dropped, tx_dropped;
	uint64_t	drops[STVPN_DEV_STAT_MAX + 1];	/* enum stvpn_dev_stat */
	const struct op_addr *addrs;
	size_t		naddrs;
	unsigned int	bindings;	/* tunnel bindings on the device */
};

/*
 * show security ipsec security-associations [index N] [detail]:
 * SAS (inbound before outbound of each VPN, VPNs by index) already
 * limited to the index asked for.
 */
void op_ipsec_sa(FILE *f, const struct op_sa *sas, size_t n, bool detail,
		 bool json);

/* show security ipsec statistics [index N]: the sums over SAS. */
void op_ipsec_stats(FILE *f, const struct op_sa *sas, size_t n, bool json);

/* show security ipsec next-hop-tunnels */
void op_nhtb(FILE *f, const struct op_nhtb *rows, size_t n, bool json);

/*
 * show security ike security-associations [index N] [detail]. IKE does
 * not exist yet: the list is always empty, and says so in JSON.
 */
void op_ike_sa(FILE *f, bool detail, bool json);

/* show interfaces stX [terse|detail]: IFS are stX's devices. */
enum op_iface_level { OP_IF_BRIEF, OP_IF_TERSE, OP_IF_DETAIL };
void op_interfaces(FILE *f, const struct op_iface *ifs, size_t n,
		   enum op_iface_level level, bool json);

/* Names for output: "3des", "sha1", "3des-cbc", "hmac-sha1-96". */
const char *op_enc_short(unsigned int enc);
const char *op_auth_short(unsigned int auth);

#endif
