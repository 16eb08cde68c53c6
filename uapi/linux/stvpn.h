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
 * Carrier: a point-to-point device has carrier only while its single tunnel
 * binding has a usable outbound SA; a multipoint device has carrier whenever
 * it is administratively up, since each next hop is judged on its own.
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
	__STVPN_CMD_MAX
};
#define STVPN_CMD_MAX (__STVPN_CMD_MAX - 1)

enum stvpn_attr {
	STVPN_A_UNSPEC,
	STVPN_A_IFINDEX,
	STVPN_A_IFNAME,
	STVPN_A_DEV,
	__STVPN_A_MAX
};
#define STVPN_A_MAX (__STVPN_A_MAX - 1)

enum stvpn_dev_attr {
	STVPN_A_DEV_UNSPEC,
	STVPN_A_DEV_IFINDEX,
	STVPN_A_DEV_IFNAME,
	STVPN_A_DEV_MODE,
	__STVPN_A_DEV_MAX
};
#define STVPN_A_DEV_MAX (__STVPN_A_DEV_MAX - 1)

#endif /* _UAPI_LINUX_STVPN_H */
