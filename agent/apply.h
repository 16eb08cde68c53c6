/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Making the system look like a model: st devices, addresses, routes,
 * SAs and bindings, changed by difference from what was applied before.
 */
#ifndef STVPN_APPLY_H
#define STVPN_APPLY_H

#include <stdbool.h>
#include <stdint.h>

#include "genl.h"
#include "model.h"
#include "route.h"

/*
 * SA ids: (tunnel index << 8) | slot. Everything from STVPN_AGENT_SA_BASE
 * up belongs to stvpnd, which removes it when it starts.
 */
#define SA_SLOT_IN		1
#define SA_SLOT_OUT		2
#define sa_id(index, slot)	(((uint32_t)(index) << 8) | (slot))
#define STVPN_AGENT_SA_BASE	sa_id(M_INDEX_BASE, 0)

/* A VPN as applied. */
struct live_vpn {
	char		*name;
	uint32_t	index;
	struct st_addr	local;		/* manual VPNs: resolved local address */
	bool		sas;		/* its SAs are in the module */
	bool		ok;		/* installed in full: SAs and binding */
	unsigned int	bind_ifindex;	/* the device it was bound to */
};

/* An address stvpnd added (one that was there already is not its own). */
struct owned_addr {
	char		dev[IFNAMSIZ];
	struct m_prefix	p;
};

struct applied {
	struct stvpn_genl g;
	struct st_rtnl	rt;
	struct model	m;		/* the active configuration */
	struct live_vpn	*vpns;		/* one per m.vpns[i], same order */
	bool		*route_ok;	/* one per m.routes[i]: stvpnd's route is in */
	char		(*created)[IFNAMSIZ];	/* st devices stvpnd created */
	size_t		ncreated;
	struct owned_addr *addrs;
	size_t		naddrs;
};

/* Opens the netlink sockets. */
int apply_init(struct applied *a, char *err, size_t errlen);
/* Removes the routes, bindings and SAs an earlier stvpnd left. */
void apply_flush_stale(struct applied *a);
void apply_fini(struct applied *a);

/*
 * Makes the system match NEW, which the caller gives up (it is freed, or
 * becomes a->m). Checks everything that can be checked first (devices
 * exist and have the right kind and mode, external interfaces have
 * addresses): on such an error, nothing changes, and -EINVAL returns
 * with every reason in ERR, one a line (so does -ENOMEM). A kernel
 * refusal after that is -EIO with the reasons: the rest is applied, NEW
 * is the active configuration, and what failed is tried again by the
 * next apply.
 */
int apply_model(struct applied *a, struct model *new, char *err, size_t errlen);

/*
 * "clear security ipsec security-associations": the SAs of the VPN at
 * I (in a->m.vpns) are taken out and put back, from sequence number 1
 * and with counters at zero.
 */
int apply_vpn_reset(struct applied *a, size_t i);

/* The live VPN with tunnel index INDEX, or NULL. */
const struct live_vpn *apply_vpn_by_index(const struct applied *a, uint32_t index);

#endif
