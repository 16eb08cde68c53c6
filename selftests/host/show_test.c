// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * show_test: the operational commands' layouts (agent/opshow.c) with
 * fixed data, no kernel. Each case is one command's output: the seeds'
 * examples (004: the hub CORPORATE with sunnyvale-vpn and westford-vpn;
 * 000: Edge's st0) and the cases the seeds do not show. show.sh compares
 * the output with golden files.
 *
 *   show_test --list		one line per case: NAME<TAB>COMMAND
 *   show_test CASE text|json	that case's output
 */
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "opshow.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define UNLIM		OP_UNLIMITED

/* --- 004: the hub's two VPNs, 3des/sha1, as the seed shows them ---------- */

#define HUB_SA(idx, name, peer, in, sp, hard, soft)			\
	{ .index = idx, .vpn = name, .bind = "st0.0", .inbound = in,	\
	  .proto = IPPROTO_ESP, .spi = sp, .local = "1.1.1.2",		\
	  .remote = peer, .port = 500, .enc = STVPN_ENC_3DES_CBC,	\
	  .auth = STVPN_AUTH_HMAC_SHA1_96, .hard_seconds = hard,	\
	  .soft_seconds = soft, .kbytes_left = UNLIM, .mon = '-',	\
	  .df = STVPN_DF_CLEAR, .replay_window = 32,			\
	  .state = STVPN_SA_STATE_VALID }

/*
 * "show security ipsec security-associations": 3564 s left on sunnyvale,
 * 28756 on westford. The statistics are index 16385's of the seed (920
 * bytes encrypted in 5 packets, 6208 decrypted in 87); sunnyvale's are
 * made up.
 */
static struct op_sa hub[] = {
	HUB_SA(16384, "sunnyvale-vpn", "2.2.2.2", true, 0xb2fc36f8,
	       3564, 2971),
	HUB_SA(16384, "sunnyvale-vpn", "2.2.2.2", false, 0x5d73929e,
	       3564, 2971),
	HUB_SA(16385, "westford-vpn", "3.3.3.2", true, 0x70f789c6,
	       28756, 28163),
	HUB_SA(16385, "westford-vpn", "3.3.3.2", false, 0x80f4126d,
	       28756, 28163),
};

static void hub_stats(void)
{
	hub[0].stats[STVPN_SA_STAT_BYTES] = 11844;
	hub[0].stats[STVPN_SA_STAT_PACKETS] = 141;
	hub[1].stats[STVPN_SA_STAT_BYTES] = 19176;
	hub[1].stats[STVPN_SA_STAT_PACKETS] = 141;
	hub[2].stats[STVPN_SA_STAT_BYTES] = 6208;
	hub[2].stats[STVPN_SA_STAT_PACKETS] = 87;
	hub[3].stats[STVPN_SA_STAT_BYTES] = 920;
	hub[3].stats[STVPN_SA_STAT_PACKETS] = 5;
}

/* "... index 16385 detail", a little later: 28729 s hard, 28136 soft. */
static void hub_later(void)
{
	hub[2].hard_seconds = hub[3].hard_seconds = 28729;
	hub[2].soft_seconds = hub[3].soft_seconds = 28136;
}

static const struct op_nhtb hub_nhtb[] = {
	{ "10.11.11.11", "st0.0", "sunnyvale-vpn", STVPN_BIND_F_STATIC },
	{ "10.11.11.12", "st0.0", "westford-vpn", STVPN_BIND_F_AUTO },
};

/* --- 000: Edge's st0 --------------------------------------------------- */

static const struct op_addr edge_addrs[] = {
	{ AF_INET, "1.1.80.2/28" },
};

/*
 * One Linux device for st0 and its unit 0, so one set of counters: the
 * seed's st0.0 numbers (its physical st0 counts differently).
 */
static const struct op_iface edge_st0[] = {
	{ .name = "st0", .physical = "st0", .logical = "st0.0",
	  .ifindex = 129, .admin_up = true, .link_up = true, .mtu = 9192,
	  .rx_bytes = 5416, .tx_bytes = 7914, .rx_packets = 99,
	  .tx_packets = 63, .addrs = edge_addrs,
	  .naddrs = ARRAY_SIZE(edge_addrs), .bindings = 1,
	  .drops = { [STVPN_DEV_STAT_NO_SA] = 2 } },
};

/* --- beyond the seeds ---------------------------------------------------- */

/* A manual VPN: no port, no lifetimes, inbound without anti-replay. */
static const struct op_sa manual[] = {
	{ .index = 16386, .vpn = "manual-vpn", .bind = "st0.1", .inbound = true,
	  .manual = true, .proto = IPPROTO_ESP, .spi = 0x1001,
	  .local = "192.0.2.1", .remote = "198.51.100.7",
	  .enc = STVPN_ENC_AES_128_CBC, .auth = STVPN_AUTH_HMAC_SHA_256_128,
	  .hard_seconds = UNLIM, .soft_seconds = UNLIM, .kbytes_left = UNLIM,
	  .mon = '-', .df = STVPN_DF_COPY },
	{ .index = 16386, .vpn = "manual-vpn", .bind = "st0.1",
	  .manual = true, .proto = IPPROTO_ESP, .spi = 0x1002,
	  .local = "192.0.2.1", .remote = "198.51.100.7",
	  .enc = STVPN_ENC_AES_128_CBC, .auth = STVPN_AUTH_HMAC_SHA_256_128,
	  .hard_seconds = UNLIM, .soft_seconds = UNLIM, .kbytes_left = UNLIM,
	  .mon = '-', .df = STVPN_DF_COPY },
};

/*
 * AES-GCM: no separate authentication; a lifesize that makes the
 * Life:sec/kb pair wider than the seed's 11 characters; ESN.
 */
static const struct op_sa gcm[] = {
	{ .index = 16387, .vpn = "gcm-vpn", .bind = "st0.0", .inbound = true,
	  .proto = IPPROTO_ESP, .spi = 0xc0ffee01, .local = "1.1.1.2",
	  .remote = "4.4.4.2", .port = 500, .enc = STVPN_ENC_AES_256_GCM,
	  .hard_seconds = 3600, .soft_seconds = 3240, .kbytes_left = 1048576,
	  .mon = 'U', .df = STVPN_DF_SET, .replay_window = 64, .esn = true,
	  .stats = { [STVPN_SA_STAT_BYTES] = 1500, [STVPN_SA_STAT_PACKETS] = 10,
		     [STVPN_SA_STAT_ESP_AUTH_FAIL] = 4 } },
	{ .index = 16387, .vpn = "gcm-vpn", .bind = "st0.0",
	  .proto = IPPROTO_ESP, .spi = 0x0000abcd, .local = "1.1.1.2",
	  .remote = "4.4.4.2", .port = 500, .enc = STVPN_ENC_AES_256_GCM,
	  .hard_seconds = 3600, .soft_seconds = 3240, .kbytes_left = 1048000,
	  .mon = 'U', .df = STVPN_DF_SET, .replay_window = 64, .esn = true,
	  .stats = { [STVPN_SA_STAT_BYTES] = 2000,
		     [STVPN_SA_STAT_PACKETS] = 12 } },
};

/* AH: no encryption, errors to sum, one SA expired. */
static const struct op_sa ah[] = {
	{ .index = 16388, .vpn = "ah-vpn", .bind = "st0.0", .inbound = true,
	  .proto = IPPROTO_AH, .spi = 0x00000400, .local = "1.1.1.2",
	  .remote = "5.5.5.2", .port = 500, .auth = STVPN_AUTH_HMAC_SHA1_96,
	  .hard_seconds = 0, .soft_seconds = 0, .kbytes_left = UNLIM,
	  .mon = 'D', .df = STVPN_DF_CLEAR, .replay_window = 128,
	  .state = STVPN_SA_STATE_HARD_EXPIRED,
	  .stats = { [STVPN_SA_STAT_BYTES] = 4200, [STVPN_SA_STAT_PACKETS] = 42,
		     [STVPN_SA_STAT_AH_AUTH_FAIL] = 3,
		     [STVPN_SA_STAT_REPLAY] = 2,
		     [STVPN_SA_STAT_BAD_HEADER] = 1 } },
	{ .index = 16388, .vpn = "ah-vpn", .bind = "st0.0",
	  .proto = IPPROTO_AH, .spi = 0x00000401, .local = "1.1.1.2",
	  .remote = "5.5.5.2", .port = 500, .auth = STVPN_AUTH_HMAC_SHA1_96,
	  .hard_seconds = 0, .soft_seconds = 0, .kbytes_left = UNLIM,
	  .mon = 'D', .df = STVPN_DF_CLEAR, .replay_window = 128,
	  .state = STVPN_SA_STATE_SEQ_EXHAUSTED,
	  .stats = { [STVPN_SA_STAT_BYTES] = 3900,
		     [STVPN_SA_STAT_PACKETS] = 39 } },
};

/*
 * IPv6 gateways behind NAT (port 4500), an index of six digits, a
 * soft-expired chacha20 SA next to an aes-cbc-256/sha512 one.
 */
static const struct op_sa v6[] = {
	{ .index = 131073, .vpn = "v6-vpn", .bind = "st1.0", .inbound = true,
	  .proto = IPPROTO_ESP, .spi = 0x9a8b7c6d, .local = "2001:db8::1",
	  .remote = "2001:db8:ffff:1234::2", .port = 4500,
	  .enc = STVPN_ENC_AES_256_CBC, .auth = STVPN_AUTH_HMAC_SHA_512_256,
	  .hard_seconds = 86000, .soft_seconds = 77000, .kbytes_left = UNLIM,
	  .mon = 'U', .df = STVPN_DF_COPY, .replay_window = 1024 },
	{ .index = 131073, .vpn = "v6-vpn", .bind = "st1.0",
	  .proto = IPPROTO_ESP, .spi = 0x00012345, .local = "2001:db8::1",
	  .remote = "2001:db8:ffff:1234::2", .port = 4500,
	  .enc = STVPN_ENC_CHACHA20_POLY1305, .auth = STVPN_AUTH_NONE,
	  .hard_seconds = 120, .soft_seconds = UNLIM, .kbytes_left = 10,
	  .mon = 'U', .df = STVPN_DF_COPY, .replay_window = 1024,
	  .state = STVPN_SA_STATE_SOFT_EXPIRED },
};

/* A hub whose westford binding the VPN monitor took down; long names. */
static const struct op_nhtb down_nhtb[] = {
	{ "10.11.11.11", "st0.0", "sunnyvale-vpn", STVPN_BIND_F_STATIC },
	{ "10.11.11.12", "st0.0", "westford-vpn",
	  STVPN_BIND_F_AUTO | STVPN_BIND_F_DOWN },
	{ "2001:db8:11::13", "st0.1", "a-much-longer-vpn-name",
	  STVPN_BIND_F_STATIC | STVPN_BIND_F_DOWN },
};

/* st1 multipoint with three addresses; st1.1 down without any. */
static const struct op_addr st1_addrs[] = {
	{ AF_INET, "10.11.11.10/24" },
	{ AF_INET, "10.11.12.10/24" },
	{ AF_INET6, "2001:db8:11::10/64" },
};

static const struct op_iface multi[] = {
	{ .name = "st0", .physical = "st0", .logical = "st0.0",
	  .ifindex = 129, .admin_up = true, .link_up = true, .mtu = 9192,
	  .addrs = edge_addrs, .naddrs = ARRAY_SIZE(edge_addrs),
	  .bindings = 1, .rx_bytes = 100, .tx_bytes = 200, .rx_packets = 1,
	  .tx_packets = 2 },
	{ .name = "st1", .physical = "st1", .logical = "st1.0",
	  .ifindex = 130, .admin_up = true, .link_up = true,
	  .multipoint = true, .mtu = 1400, .addrs = st1_addrs,
	  .naddrs = ARRAY_SIZE(st1_addrs), .bindings = 3,
	  .rx_bytes = 1000, .tx_bytes = 2000, .rx_packets = 10,
	  .tx_packets = 20, .rx_errors = 1, .tx_dropped = 7,
	  .drops = { [STVPN_DEV_STAT_NO_BINDING] = 5,
		     [STVPN_DEV_STAT_TOO_BIG] = 2,
		     [STVPN_DEV_STAT_NO_ROUTE] = 1,
		     [STVPN_DEV_STAT_SEQ_EXHAUSTED] = 1,
		     [STVPN_DEV_STAT_EXPIRED] = 3,
		     [STVPN_DEV_STAT_BAD_INNER] = 4 } },
	{ .name = "st1.1", .physical = "st1", .logical = "st1.1",
	  .ifindex = 131, .admin_up = false, .link_up = false, .mtu = 1400,
	  .rx_bytes = 10, .tx_bytes = 20, .rx_packets = 1, .tx_packets = 2,
	  .rx_dropped = 1, .tx_errors = 2 },
};

/* --- the cases ----------------------------------------------------------- */

#define SA_CASE(fn, arr, from, count, detail)				\
static void fn(bool json)						\
{									\
	op_ipsec_sa(stdout, (arr) + (from), count, detail, json);	\
}

SA_CASE(sa_hub, hub, 0, 4, false)
SA_CASE(sa_hub_16384, hub, 0, 2, false)
SA_CASE(sa_hub_16385, hub, 2, 2, false)
SA_CASE(sa_hub_detail, hub, 0, 4, true)
SA_CASE(sa_manual, manual, 0, 2, false)
SA_CASE(sa_manual_detail, manual, 0, 2, true)
SA_CASE(sa_gcm, gcm, 0, 2, false)
SA_CASE(sa_gcm_detail, gcm, 0, 2, true)
SA_CASE(sa_ah, ah, 0, 2, false)
SA_CASE(sa_ah_detail, ah, 0, 2, true)
SA_CASE(sa_v6, v6, 0, 2, false)
SA_CASE(sa_v6_detail, v6, 0, 2, true)
SA_CASE(sa_none, hub, 0, 0, false)
SA_CASE(sa_none_detail, hub, 0, 0, true)

static void sa_hub_16385_detail(bool json)
{
	hub_later();
	op_ipsec_sa(stdout, hub + 2, 2, true, json);
}

static void stats_hub(bool json)
{
	op_ipsec_stats(stdout, hub, 4, json);
}

static void stats_hub_16385(bool json)
{
	op_ipsec_stats(stdout, hub + 2, 2, json);
}

/* Everything at once: ESP and AH counters and errors add up. */
static void stats_mixed(bool json)
{
	struct op_sa all[ARRAY_SIZE(gcm) + ARRAY_SIZE(ah)];

	memcpy(all, gcm, sizeof(gcm));
	memcpy(all + ARRAY_SIZE(gcm), ah, sizeof(ah));
	op_ipsec_stats(stdout, all, ARRAY_SIZE(all), json);
}

static void stats_none(bool json)
{
	op_ipsec_stats(stdout, NULL, 0, json);
}

static void nhtb_hub(bool json)
{
	op_nhtb(stdout, hub_nhtb, ARRAY_SIZE(hub_nhtb), json);
}

static void nhtb_down(bool json)
{
	op_nhtb(stdout, down_nhtb, ARRAY_SIZE(down_nhtb), json);
}

static void nhtb_none(bool json)
{
	op_nhtb(stdout, NULL, 0, json);
}

static void ike_sa(bool json)
{
	op_ike_sa(stdout, false, json);
}

static void ike_sa_detail(bool json)
{
	op_ike_sa(stdout, true, json);
}

#define IF_CASE(fn, arr, level)						\
static void fn(bool json)						\
{									\
	op_interfaces(stdout, arr, ARRAY_SIZE(arr), level, json);	\
}

IF_CASE(if_edge_terse, edge_st0, OP_IF_TERSE)
IF_CASE(if_edge_detail, edge_st0, OP_IF_DETAIL)
IF_CASE(if_edge_brief, edge_st0, OP_IF_BRIEF)
IF_CASE(if_multi_terse, multi, OP_IF_TERSE)
IF_CASE(if_multi_detail, multi, OP_IF_DETAIL)
IF_CASE(if_multi_brief, multi, OP_IF_BRIEF)

static const struct {
	const char	*name;
	void		(*run)(bool json);
	const char	*command;
} cases[] = {
	{ "sa-hub", sa_hub,
	  "show security ipsec security-associations (004 hub)" },
	{ "sa-hub-16384", sa_hub_16384,
	  "show security ipsec security-associations index 16384 (004)" },
	{ "sa-hub-16385", sa_hub_16385,
	  "show security ipsec security-associations index 16385 (004)" },
	{ "sa-hub-16385-detail", sa_hub_16385_detail,
	  "show security ipsec security-associations index 16385 detail (004)" },
	{ "sa-hub-detail", sa_hub_detail,
	  "show security ipsec security-associations detail (004 hub)" },
	{ "sa-manual", sa_manual,
	  "show security ipsec security-associations (manual SA)" },
	{ "sa-manual-detail", sa_manual_detail,
	  "show security ipsec security-associations detail (manual SA)" },
	{ "sa-gcm", sa_gcm,
	  "show security ipsec security-associations (AES-GCM, lifesize)" },
	{ "sa-gcm-detail", sa_gcm_detail,
	  "show security ipsec security-associations detail (AES-GCM, lifesize)" },
	{ "sa-ah", sa_ah,
	  "show security ipsec security-associations (AH, expired)" },
	{ "sa-ah-detail", sa_ah_detail,
	  "show security ipsec security-associations detail (AH, expired)" },
	{ "sa-v6", sa_v6,
	  "show security ipsec security-associations (IPv6 gateways)" },
	{ "sa-v6-detail", sa_v6_detail,
	  "show security ipsec security-associations detail (IPv6 gateways)" },
	{ "sa-none", sa_none,
	  "show security ipsec security-associations (no SAs)" },
	{ "sa-none-detail", sa_none_detail,
	  "show security ipsec security-associations detail (no SAs)" },
	{ "stats-hub", stats_hub,
	  "show security ipsec statistics (004 hub)" },
	{ "stats-hub-16385", stats_hub_16385,
	  "show security ipsec statistics index 16385 (004)" },
	{ "stats-mixed", stats_mixed,
	  "show security ipsec statistics (ESP and AH, errors)" },
	{ "stats-none", stats_none,
	  "show security ipsec statistics (no SAs)" },
	{ "nhtb-hub", nhtb_hub,
	  "show security ipsec next-hop-tunnels (004 hub)" },
	{ "nhtb-down", nhtb_down,
	  "show security ipsec next-hop-tunnels (a binding down, long names)" },
	{ "nhtb-none", nhtb_none,
	  "show security ipsec next-hop-tunnels (004 spoke: none)" },
	{ "ike-sa", ike_sa,
	  "show security ike security-associations (no IKE)" },
	{ "ike-sa-detail", ike_sa_detail,
	  "show security ike security-associations detail (no IKE)" },
	{ "if-edge-terse", if_edge_terse,
	  "show interfaces st0 terse (000 Edge)" },
	{ "if-edge-detail", if_edge_detail,
	  "show interfaces st0 detail (000 Edge)" },
	{ "if-edge-brief", if_edge_brief,
	  "show interfaces st0 (000 Edge)" },
	{ "if-multi-terse", if_multi_terse,
	  "show interfaces terse (p2p and multipoint, IPv6)" },
	{ "if-multi-detail", if_multi_detail,
	  "show interfaces detail (p2p and multipoint, IPv6)" },
	{ "if-multi-brief", if_multi_brief,
	  "show interfaces (p2p and multipoint, IPv6)" },
};

static int usage(void)
{
	fprintf(stderr, "usage: show_test --list | CASE text|json\n");
	return 2;
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc == 2 && !strcmp(argv[1], "--list")) {
		for (i = 0; i < ARRAY_SIZE(cases); i++)
			printf("%s\t%s\n", cases[i].name, cases[i].command);
		return 0;
	}
	if (argc != 3 || (strcmp(argv[2], "text") && strcmp(argv[2], "json")))
		return usage();
	hub_stats();
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		if (!strcmp(argv[1], cases[i].name)) {
			cases[i].run(!strcmp(argv[2], "json"));
			return 0;
		}
	}
	fprintf(stderr, "show_test: no case '%s'\n", argv[1]);
	return 2;
}
