/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The configuration as stvpnd applies it: the checked statement tree
 * (conf.h) turned into devices, addresses, routes and VPNs with every
 * Junos default filled in and every name resolved to a Linux device.
 *
 * The model is built only from a tree without errors (cf_check() passed),
 * so it does not repeat the checks: what it cannot know from the file
 * (whether a device exists, its addresses) is the applier's business.
 */
#ifndef STVPN_MODEL_H
#define STVPN_MODEL_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "parse.h"

/* The first tunnel index, as an SRX numbers its route-based VPNs. */
#define M_INDEX_BASE	16384

struct m_prefix {
	struct st_addr	addr;
	unsigned int	plen;
};

/* A next-hop tunnel binding configured on a multipoint unit. */
struct m_nhtb {
	struct st_addr	nexthop;
	char		*vpn;
};

/*
 * One Linux device: "interfaces NAME unit N" is NAME for unit 0 and
 * NAME.N otherwise. Only st devices are created; other devices must
 * exist and get their addresses and MTU.
 */
struct m_iface {
	char		name[IFNAMSIZ];
	char		logical[IFNAMSIZ + 8];	/* Junos name: "st0.0" */
	bool		st;			/* an st device */
	bool		multipoint;
	unsigned int	mtu;			/* 0: leave it */
	struct m_prefix	*addrs;
	size_t		naddrs;
	struct m_nhtb	*nhtb;
	size_t		nnhtb;
	const char	*file;			/* where it is configured */
	int		line;
};

struct m_nexthop {
	struct st_addr	gw;			/* family 0: none */
	char		dev[IFNAMSIZ];		/* "": none */
};

struct m_route {
	struct m_prefix	dst;
	struct m_nexthop *nh;
	size_t		nnh;
	uint32_t	priority;		/* metric, else preference */
};

/* A manual key: the bytes of ascii-text or hexadecimal. */
struct m_key {
	uint8_t		*data;
	size_t		len;
};

struct m_vpn {
	char		*name;
	char		bind[IFNAMSIZ];		/* the Linux device */
	uint8_t		df;			/* enum stvpn_df; Junos: clear */
	bool		dscp_copy;
	bool		manual;
	/* manual VPNs */
	struct st_addr	remote;
	char		ext_if[IFNAMSIZ];	/* external-interface, Linux name */
	uint8_t		proto;			/* IPPROTO_ESP or IPPROTO_AH */
	uint32_t	spi;
	uint8_t		enc, auth;		/* enum stvpn_enc, stvpn_auth */
	struct m_key	enc_key, auth_key;
	/* IKE VPNs: the gateway's name, until IKE exists */
	char		*gateway;
	char		*establish;		/* immediately | on-traffic */
	const char	*file;
	int		line;
};

/* A next-hop tunnel binding by its VPN's name (model_vpn_nexthop()). */
struct m_nhtb_ref {
	const char		*vpn;
	const struct m_iface	*iface;
	const struct m_nhtb	*h;
};

struct model {
	struct m_iface	*ifaces;
	size_t		nifaces;
	struct m_route	*routes;
	size_t		nroutes;
	struct m_vpn	*vpns;
	size_t		nvpns;
	uint16_t	tcp_mss;		/* 0: no clamping */
	char		*ike_trace_file;	/* traceoptions file, or NULL */
	char		*ipsec_trace_file;
	bool		trace_world_readable;
	uint64_t	trace_size;		/* bytes before the file turns; 0: never */
	unsigned int	trace_files;		/* files kept, the current one included */
	/* Lookups by name, for the 10,000 VPNs of a large hub. */
	size_t		*vpn_order;		/* indexes of vpns, by name */
	struct m_nhtb_ref *nhtb_refs;		/* by VPN name */
	size_t		nnhtb_refs;
};

/*
 * Builds M from T, which must have no errors. Returns 0, or -ENOMEM, or
 * -EINVAL with a message in ERR (a statement the model cannot use:
 * never for a tree that passed cf_check()).
 */
int model_build(struct model *m, const struct cf_tree *t, char *err,
		size_t errlen);
/* Frees M and wipes its keys. */
void model_free(struct model *m);

const struct m_vpn *model_vpn(const struct model *m, const char *name);
const struct m_iface *model_iface(const struct model *m, const char *name);
/*
 * The next-hop-tunnel statement that names V on V's own (multipoint)
 * interface, or NULL.
 */
const struct m_nhtb *model_vpn_nexthop(const struct model *m, const struct m_vpn *v);

/* "st0" for "st0", "st0.0" and "st0.00"; "st0.1" for "st0.1". */
void model_devname(const char *junos, char *dev, size_t size);

#endif
