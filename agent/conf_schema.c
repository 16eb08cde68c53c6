// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The statements stvpn understands: the Junos hierarchy of the seeds
 * (interfaces, routing-options, security ike|ipsec|flow), with their
 * value types. Firewall statements (security zones, policies, nat) and
 * host settings (system) are accepted and not applied, with a warning.
 *
 * Children are listed in the order "show configuration" prints them.
 */
#include <stddef.h>

#include "conf.h"

#define END		{ .kw = NULL }
#define CONTAINER(k, c)	{ .kw = k, .kind = CF_CONTAINER, .children = c }
#define OPTARG(k, c)	{ .kw = k, .kind = CF_CONTAINER, .flags = CF_OPTARG, .children = c }
#define NAMED(k, t, c)	{ .kw = k, .kind = CF_NAMED, .type = t, .children = c }
#define NAMED_UINT(k, lo, hi, c) \
	{ .kw = k, .kind = CF_NAMED, .type = CF_T_UINT, .min = lo, .max = hi, .children = c }
#define LEAF(k, t)	{ .kw = k, .kind = CF_LEAF, .type = t }
#define LEAF_CHOICE(k, t, ch) { .kw = k, .kind = CF_LEAF, .type = t, .choice = ch }
#define UINT(k, lo, hi)	{ .kw = k, .kind = CF_LEAF, .type = CF_T_UINT, .min = lo, .max = hi }
#define ENUM(k, e)	{ .kw = k, .kind = CF_LEAF, .type = CF_T_ENUM, .enums = e }
#define ENUM_CHOICE(k, e, ch) \
	{ .kw = k, .kind = CF_LEAF, .type = CF_T_ENUM, .enums = e, .choice = ch }
#define LIST(k, t)	{ .kw = k, .kind = CF_LEAFLIST, .type = t }
#define LIST_CHOICE(k, t, ch) \
	{ .kw = k, .kind = CF_LEAFLIST, .type = t, .flags = CF_BRACKET, .choice = ch }
#define ENUM_LIST(k, e)	{ .kw = k, .kind = CF_LEAFLIST, .type = CF_T_ENUM, .enums = e }
#define FLAG(k)		{ .kw = k, .kind = CF_FLAG }
#define FLAG_CHOICE(k, ch) { .kw = k, .kind = CF_FLAG, .choice = ch }
#define FOREIGN(k, w)	{ .kw = k, .kind = CF_FOREIGN, .why = w }

/* --- value sets ------------------------------------------------------- */

static const char *const ike_auth_methods[] = {
	"pre-shared-keys", "rsa-signatures", NULL,
};
static const char *const dh_groups[] = {
	"group1", "group2", "group5", "group14", "group15", "group16",
	"group19", "group20", "group21", "group31", NULL,
};
static const char *const ike_auth_algs[] = {
	"md5", "sha1", "sha-256", "sha-384", "sha-512", NULL,
};
static const char *const ike_enc_algs[] = {
	"des-cbc", "3des-cbc", "aes-128-cbc", "aes-192-cbc", "aes-256-cbc",
	"aes-128-gcm", "aes-256-gcm", "chacha20-poly1305", NULL,
};
static const char *const ipsec_auth_algs[] = {
	"hmac-md5-96", "hmac-sha1-96", "hmac-sha-256-128", "hmac-sha-384-192",
	"hmac-sha-512-256", NULL,
};
static const char *const ipsec_enc_algs[] = {
	"des-cbc", "3des-cbc", "aes-128-cbc", "aes-192-cbc", "aes-256-cbc",
	"aes-128-gcm", "aes-256-gcm", "chacha20-poly1305", NULL,
};
static const char *const proposal_sets[] = {
	"basic", "compatible", "standard", NULL,
};
static const char *const ike_modes[] = { "main", "aggressive", NULL };
static const char *const ike_versions[] = { "v1-only", "v2-only", NULL };
static const char *const ipsec_protocols[] = { "esp", "ah", NULL };
static const char *const df_bits[] = { "clear", "set", "copy", NULL };
static const char *const establish[] = { "immediately", "on-traffic", NULL };
static const char *const ike_trace_flags[] = {
	"all", "certificates", "database", "general", "ike", "parse",
	"policy-manager", "routing-socket", "timer", "next-hop-tunnel-binding",
	NULL,
};
static const char *const ipsec_trace_flags[] = {
	"all", "next-hop-tunnel-binding", "packet-drops", "packet-processing",
	"security-associations", NULL,
};

/* --- interfaces --------------------------------------------------------- */

static const struct cf_schema nhtb[] = {
	LEAF("ipsec-vpn", CF_T_WORD),
	END,
};

static const struct cf_schema family_inet[] = {
	UINT("mtu", 68, 65411),
	{ .kw = "next-hop-tunnel", .kind = CF_NAMED, .type = CF_T_IP, .children = nhtb,
	  .flags = CF_ONELINE },
	NAMED("address", CF_T_PREFIX, NULL),
	END,
};

static const struct cf_schema family[] = {
	CONTAINER("inet", family_inet),
	CONTAINER("inet6", family_inet),
	END,
};

static const struct cf_schema unit[] = {
	LEAF("description", CF_T_STRING),
	FLAG("multipoint"),
	{ .kw = "family", .kind = CF_CONTAINER, .children = family, .flags = CF_JOIN },
	END,
};

static const struct cf_schema interface[] = {
	LEAF("description", CF_T_STRING),
	UINT("mtu", 68, 65535),
	NAMED_UINT("unit", 0, 16385, unit),
	END,
};

/* --- routing-options -------------------------------------------------- */

static const struct cf_schema route[] = {
	LIST("next-hop", CF_T_NEXTHOP),
	UINT("preference", 0, 255),
	UINT("metric", 0, 4294967295UL),
	END,
};

static const struct cf_schema static_routes[] = {
	{ .kw = "route", .kind = CF_NAMED, .type = CF_T_PREFIX, .children = route,
	  .flags = CF_ONELINE },
	END,
};

static const struct cf_schema rib[] = {
	CONTAINER("static", static_routes),
	END,
};

static const struct cf_schema routing_options[] = {
	NAMED("rib", CF_T_WORD, rib),
	CONTAINER("static", static_routes),
	END,
};

/* --- security ike ----------------------------------------------------- */

static const struct cf_schema trace_file[] = {
	LEAF("size", CF_T_SIZE),
	UINT("files", 2, 1000),
	FLAG("world-readable"),
	END,
};

#define TRACE_FILE \
	{ .kw = "file", .kind = CF_CONTAINER, .flags = CF_OPTARG | CF_ONELINE, \
	  .children = trace_file }

static const struct cf_schema ike_traceoptions[] = {
	TRACE_FILE,
	ENUM_LIST("flag", ike_trace_flags),
	END,
};

static const struct cf_schema ike_proposal[] = {
	LEAF("description", CF_T_STRING),
	ENUM("authentication-method", ike_auth_methods),
	ENUM("dh-group", dh_groups),
	ENUM("authentication-algorithm", ike_auth_algs),
	ENUM("encryption-algorithm", ike_enc_algs),
	UINT("lifetime-seconds", 180, 86400),
	END,
};

#define SECRET_TEXT(k, ch) \
	{ .kw = k, .kind = CF_LEAF, .type = CF_T_SECRET, .choice = ch, .flags = CF_HIDE }
#define SECRET_HEX(k, ch) \
	{ .kw = k, .kind = CF_LEAF, .type = CF_T_HEX, .choice = ch, .flags = CF_HIDE }

static const struct cf_schema psk[] = {
	SECRET_TEXT("ascii-text", 1),
	SECRET_HEX("hexadecimal", 1),
	END,
};

static const struct cf_schema certificate[] = {
	LEAF("local-certificate", CF_T_WORD),
	LEAF("trusted-ca", CF_T_WORD),
	END,
};

static const struct cf_schema ike_policy[] = {
	LEAF("description", CF_T_STRING),
	ENUM("mode", ike_modes),
	LIST_CHOICE("proposals", CF_T_WORD, 1),
	ENUM_CHOICE("proposal-set", proposal_sets, 1),
	{ .kw = "pre-shared-key", .kind = CF_CONTAINER, .children = psk,
	  .flags = CF_ONELINE },
	CONTAINER("certificate", certificate),
	END,
};

static const struct cf_schema dpd[] = {
	FLAG_CHOICE("always-send", 1),
	FLAG_CHOICE("optimized", 1),
	FLAG_CHOICE("probe-idle-tunnel", 1),
	UINT("interval", 2, 60),
	UINT("threshold", 1, 5),
	END,
};

static const struct cf_schema identity[] = {
	LEAF_CHOICE("inet", CF_T_IPV4, 1),
	LEAF_CHOICE("inet6", CF_T_IP, 1),
	LEAF_CHOICE("hostname", CF_T_STRING, 1),
	LEAF_CHOICE("user-at-hostname", CF_T_STRING, 1),
	LEAF_CHOICE("distinguished-name", CF_T_STRING, 1),
	END,
};

static const struct cf_schema dynamic_peer[] = {
	LEAF_CHOICE("inet", CF_T_IPV4, 1),
	LEAF_CHOICE("inet6", CF_T_IP, 1),
	LEAF_CHOICE("hostname", CF_T_STRING, 1),
	LEAF_CHOICE("user-at-hostname", CF_T_STRING, 1),
	END,
};

static const struct cf_schema ike_gateway[] = {
	LEAF("description", CF_T_STRING),
	LEAF("ike-policy", CF_T_WORD),
	{ .kw = "address", .kind = CF_LEAFLIST, .type = CF_T_IP, .choice = 1 },
	{ .kw = "dynamic", .kind = CF_CONTAINER, .children = dynamic_peer, .choice = 1 },
	CONTAINER("local-identity", identity),
	CONTAINER("remote-identity", identity),
	LEAF("external-interface", CF_T_IFNAME),
	LEAF("local-address", CF_T_IP),
	CONTAINER("dead-peer-detection", dpd),
	UINT("nat-keepalive", 1, 300),
	FLAG("no-nat-traversal"),
	ENUM("version", ike_versions),
	END,
};

static const struct cf_schema ike[] = {
	CONTAINER("traceoptions", ike_traceoptions),
	NAMED("proposal", CF_T_WORD, ike_proposal),
	NAMED("policy", CF_T_WORD, ike_policy),
	NAMED("gateway", CF_T_WORD, ike_gateway),
	END,
};

/* --- security ipsec ----------------------------------------------------- */

static const struct cf_schema ipsec_traceoptions[] = {
	TRACE_FILE,
	ENUM_LIST("flag", ipsec_trace_flags),
	END,
};

static const struct cf_schema vpn_monitor_options[] = {
	UINT("interval", 2, 3600),
	UINT("threshold", 1, 65535),
	END,
};

static const struct cf_schema ipsec_proposal[] = {
	LEAF("description", CF_T_STRING),
	ENUM("protocol", ipsec_protocols),
	ENUM("authentication-algorithm", ipsec_auth_algs),
	ENUM("encryption-algorithm", ipsec_enc_algs),
	UINT("lifetime-seconds", 180, 86400),
	UINT("lifetime-kilobytes", 64, 4294967295UL),
	END,
};

static const struct cf_schema pfs[] = {
	ENUM("keys", dh_groups),
	END,
};

static const struct cf_schema ipsec_policy[] = {
	LEAF("description", CF_T_STRING),
	CONTAINER("perfect-forward-secrecy", pfs),
	LIST_CHOICE("proposals", CF_T_WORD, 1),
	ENUM_CHOICE("proposal-set", proposal_sets, 1),
	END,
};

static const struct cf_schema proxy_identity[] = {
	LEAF("local", CF_T_PREFIX),
	LEAF("remote", CF_T_PREFIX),
	LEAF("service", CF_T_WORD),
	END,
};

static const struct cf_schema vpn_ike[] = {
	LEAF("gateway", CF_T_WORD),
	LEAF("ipsec-policy", CF_T_WORD),
	CONTAINER("proxy-identity", proxy_identity),
	FLAG("no-anti-replay"),
	UINT("idle-time", 60, 999999),
	END,
};

static const struct cf_schema manual_alg_key[] = {
	SECRET_TEXT("ascii-text", 1),
	SECRET_HEX("hexadecimal", 1),
	END,
};

static const struct cf_schema manual_enc[] = {
	ENUM("algorithm", ipsec_enc_algs),
	{ .kw = "key", .kind = CF_CONTAINER, .children = manual_alg_key, .flags = CF_ONELINE },
	END,
};

static const struct cf_schema manual_auth[] = {
	ENUM("algorithm", ipsec_auth_algs),
	{ .kw = "key", .kind = CF_CONTAINER, .children = manual_alg_key, .flags = CF_ONELINE },
	END,
};

static const struct cf_schema vpn_manual[] = {
	LEAF("gateway", CF_T_IP),
	LEAF("external-interface", CF_T_IFNAME),
	ENUM("protocol", ipsec_protocols),
	UINT("spi", 256, 16383),
	CONTAINER("encryption", manual_enc),
	CONTAINER("authentication", manual_auth),
	END,
};

static const struct cf_schema vpn_monitor[] = {
	FLAG("optimized"),
	LEAF("source-interface", CF_T_IFNAME),
	LEAF("destination-ip", CF_T_IP),
	END,
};

static const struct cf_schema vpn[] = {
	LEAF("description", CF_T_STRING),
	LEAF("bind-interface", CF_T_IFNAME),
	ENUM("df-bit", df_bits),
	FLAG("copy-outer-dscp"),
	CONTAINER("vpn-monitor", vpn_monitor),
	{ .kw = "ike", .kind = CF_CONTAINER, .children = vpn_ike, .choice = 1 },
	{ .kw = "manual", .kind = CF_CONTAINER, .children = vpn_manual, .choice = 1 },
	ENUM("establish-tunnels", establish),
	END,
};

static const struct cf_schema ipsec[] = {
	CONTAINER("traceoptions", ipsec_traceoptions),
	CONTAINER("vpn-monitor-options", vpn_monitor_options),
	NAMED("proposal", CF_T_WORD, ipsec_proposal),
	NAMED("policy", CF_T_WORD, ipsec_policy),
	NAMED("vpn", CF_T_WORD, vpn),
	END,
};

/* --- security flow ------------------------------------------------------ */

static const struct cf_schema tcp_mss_ipsec[] = {
	UINT("mss", 64, 65535),
	END,
};

static const struct cf_schema tcp_mss[] = {
	CONTAINER("ipsec-vpn", tcp_mss_ipsec),
	END,
};

static const struct cf_schema flow[] = {
	CONTAINER("tcp-mss", tcp_mss),
	END,
};

/* --- the top -------------------------------------------------------------- */

#define NOT_FIREWALL \
	"stvpn keys tunnels and routes; filtering is nftables' job " \
	"(stvpn.conf(5) shows the nftables equivalent)"

static const struct cf_schema security[] = {
	CONTAINER("ike", ike),
	CONTAINER("ipsec", ipsec),
	CONTAINER("flow", flow),
	FOREIGN("zones", NOT_FIREWALL),
	FOREIGN("policies", NOT_FIREWALL),
	FOREIGN("nat", "address translation is nftables' job "
		       "(stvpn.conf(5) shows the nftables equivalent)"),
	FOREIGN("screen", NOT_FIREWALL),
	FOREIGN("address-book", NOT_FIREWALL),
	END,
};

/* Each interface is a named entry without a keyword: its Linux name. */
static const struct cf_schema interfaces[] = {
	NAMED("", CF_T_IFNAME, interface),
	END,
};

const struct cf_schema cf_schema_root[] = {
	FOREIGN("version", "the Junos version is not ours to keep"),
	FOREIGN("system", "host settings are the Linux system's own"),
	CONTAINER("interfaces", interfaces),
	CONTAINER("routing-options", routing_options),
	CONTAINER("security", security),
	END,
};
