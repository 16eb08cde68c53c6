// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The checks a configuration must pass as a whole before anything of it
 * is applied: every reference leads somewhere (proposal -> policy ->
 * gateway -> vpn -> bind-interface, next-hop-tunnel -> vpn), every VPN
 * has what it needs, manual keys fit their algorithms. Each error names
 * the statement that is wrong, with its file and line.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "junos9.h"

/* The value of leaf KW of N, or NULL. */
static const char *leaf(const struct cf_node *n, const char *kw)
{
	const struct cf_node *c = n ? cf_child(n, kw, NULL) : NULL;

	return c ? c->value : NULL;
}

/* The node at PATH (keywords and names, NULL-terminated) under N. */
static const struct cf_node *at(const struct cf_node *n, const char *const *path)
{
	for (; n && *path; path++)
		n = cf_child(n, *path, NULL);
	return n;
}

/* The first child of N with keyword KW (for walking with cf_next_same). */
static const struct cf_node *first(const struct cf_node *n, const char *kw)
{
	return n ? cf_child(n, kw, NULL) : NULL;
}

#define for_each(c, parent, kw) \
	for (c = first(parent, kw); c; c = cf_next_same(c))

/*
 * REF (a leaf naming an object) must name a KW entry under CONTAINER;
 * WHAT describes it in the message.
 */
static void need_ref(struct cf_tree *t, const struct cf_node *ref,
		     const struct cf_node *container, const char *kw, const char *what)
{
	if (ref && !(container && cf_child(container, kw, ref->value)))
		cf_error(t, ref, "no %s '%s' is configured", what, ref->value);
}

/* Each value of leaf-list KW of N must name a KW2 entry under CONTAINER. */
static void need_refs(struct cf_tree *t, const struct cf_node *n, const char *kw,
		      const struct cf_node *container, const char *what)
{
	const struct cf_node *c;

	for_each(c, n, kw)
		need_ref(t, c, container, "proposal", what);
}

/* --- security ike ------------------------------------------------------ */

static void check_ike_policy(struct cf_tree *t, const struct cf_node *ike,
			     const struct cf_node *p)
{
	const struct cf_node *c;
	bool psk = true;

	if (!cf_child(p, "proposals", NULL) && !cf_child(p, "proposal-set", NULL))
		cf_error(t, p, "needs proposals or a proposal-set");
	need_refs(t, p, "proposals", ike, "IKE proposal");

	/* Pre-shared keys unless every proposal named says otherwise. */
	for_each(c, p, "proposals") {
		const struct cf_node *prop = cf_child(ike, "proposal", c->value);
		const char *m = leaf(prop, "authentication-method");

		if (prop && m && strcmp(m, "pre-shared-keys"))
			psk = false;
	}
	if (psk && !cf_child(p, "pre-shared-key", NULL))
		cf_error(t, p, "needs a pre-shared-key");
	if (!psk && !at(p, (const char *const[]){ "certificate", "local-certificate", NULL }))
		cf_error(t, p, "needs certificate local-certificate for rsa-signatures");
	c = cf_child(p, "pre-shared-key", NULL);
	if (c && !cf_child(c, "ascii-text", NULL) && !cf_child(c, "hexadecimal", NULL))
		cf_error(t, c, "needs ascii-text or hexadecimal");
}

static void check_ike_gateway(struct cf_tree *t, const struct cf_node *ike,
			      const struct cf_node *g)
{
	const struct cf_node *ref = cf_child(g, "ike-policy", NULL);
	const struct cf_node *pol;
	const char *version = leaf(g, "version");

	if (!ref)
		cf_error(t, g, "needs an ike-policy");
	need_ref(t, ref, ike, "policy", "IKE policy");
	if (!cf_child(g, "address", NULL) && !cf_child(g, "dynamic", NULL))
		cf_error(t, g, "needs the peer's address (or dynamic)");
	if (!cf_child(g, "external-interface", NULL))
		cf_error(t, g, "needs an external-interface");

	/* IKEv1 identifies a dynamic peer only in aggressive mode. */
	pol = ref ? cf_child(ike, "policy", ref->value) : NULL;
	if (pol && cf_child(g, "dynamic", NULL) && !(version && !strcmp(version, "v2-only"))) {
		const char *mode = leaf(pol, "mode");

		if (!mode || strcmp(mode, "aggressive"))
			cf_error(t, cf_child(g, "dynamic", NULL),
				 "a dynamic peer needs mode aggressive in ike-policy %s "
				 "(or version v2-only)", ref->value);
	}
}

/* --- security ipsec --------------------------------------------------- */

static bool is_aead(const char *enc)
{
	return enc && (strstr(enc, "-gcm") || !strcmp(enc, "chacha20-poly1305"));
}

static void check_ipsec_proposal(struct cf_tree *t, const struct cf_node *p)
{
	const char *proto = leaf(p, "protocol");
	const char *enc = leaf(p, "encryption-algorithm");
	const struct cf_node *auth = cf_child(p, "authentication-algorithm", NULL);

	if (proto && !strcmp(proto, "ah") && enc)
		cf_error(t, cf_child(p, "encryption-algorithm", NULL),
			 "AH does not encrypt (protocol ah)");
	if (is_aead(enc) && auth)
		cf_error(t, auth, "%s authenticates by itself: no authentication-algorithm",
			 enc);
}

static void check_ipsec_policy(struct cf_tree *t, const struct cf_node *ipsec,
			       const struct cf_node *p)
{
	if (!cf_child(p, "proposals", NULL) && !cf_child(p, "proposal-set", NULL))
		cf_error(t, p, "needs proposals or a proposal-set");
	need_refs(t, p, "proposals", ipsec, "IPsec proposal");
}

/* Key lengths in bytes, by algorithm: what a manual key must have. */
static int key_bytes(const char *alg)
{
	static const struct { const char *name; int len; } keys[] = {
		{ "des-cbc", 8 }, { "3des-cbc", 24 }, { "aes-128-cbc", 16 },
		{ "aes-192-cbc", 24 }, { "aes-256-cbc", 32 }, { "aes-128-gcm", 20 },
		{ "aes-256-gcm", 36 }, { "chacha20-poly1305", 36 },
		{ "hmac-md5-96", 16 }, { "hmac-sha1-96", 20 }, { "hmac-sha-256-128", 32 },
		{ "hmac-sha-384-192", 48 }, { "hmac-sha-512-256", 64 },
	};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(alg, keys[i].name))
			return keys[i].len;
	return -1;
}

/* The length in bytes of the key under KEY (ascii-text or hexadecimal). */
static int key_length(const struct cf_node *key)
{
	const char *v;

	if ((v = leaf(key, "hexadecimal"))) {
		if (v[0] == '0' && (v[1] == 'x' || v[1] == 'X'))
			v += 2;
		return strlen(v) % 2 ? -1 : (int)(strlen(v) / 2);
	}
	if ((v = leaf(key, "ascii-text"))) {
		char plain[256];
		int n;

		if (!junos9_is(v))
			return (int)strlen(v);
		n = junos9_decode(v, plain, sizeof(plain));
		explicit_bzero(plain, sizeof(plain));
		return n;
	}
	return 0;
}

/* encryption|authentication { algorithm A; key ...; } of a manual VPN. */
static void check_manual_alg(struct cf_tree *t, const struct cf_node *m,
			     const char *kw, bool needed)
{
	const struct cf_node *a = cf_child(m, kw, NULL);
	const struct cf_node *key = a ? cf_child(a, "key", NULL) : NULL;
	const char *alg = leaf(a, "algorithm");
	int want, got;

	if (!a) {
		if (needed)
			cf_error(t, m, "needs %s algorithm and key", kw);
		return;
	}
	if (!alg) {
		cf_error(t, a, "needs an algorithm");
		return;
	}
	want = key_bytes(alg);
	got = key_length(key);
	if (!key || !got)
		cf_error(t, a, "needs a key (ascii-text or hexadecimal)");
	else if (got != want)
		cf_error(t, key, "%s needs a key of %d bytes, not %d", alg, want,
			 got < 0 ? 0 : got);
}

static void check_manual(struct cf_tree *t, const struct cf_node *m)
{
	const char *proto = leaf(m, "protocol");
	const char *enc = leaf(cf_child(m, "encryption", NULL), "algorithm");
	bool esp = !proto || !strcmp(proto, "esp");

	if (!cf_child(m, "gateway", NULL))
		cf_error(t, m, "needs the peer's gateway address");
	if (!cf_child(m, "external-interface", NULL))
		cf_error(t, m, "needs an external-interface");
	if (!cf_child(m, "spi", NULL))
		cf_error(t, m, "needs an spi");
	if (!proto)
		cf_error(t, m, "needs a protocol (esp or ah)");
	if (!esp && cf_child(m, "encryption", NULL))
		cf_error(t, cf_child(m, "encryption", NULL), "AH does not encrypt (protocol ah)");
	if (esp)
		check_manual_alg(t, m, "encryption", true);
	if (is_aead(enc) && cf_child(m, "authentication", NULL))
		cf_error(t, cf_child(m, "authentication", NULL),
			 "%s authenticates by itself: no authentication", enc);
	else
		check_manual_alg(t, m, "authentication", !esp || !is_aead(enc));
}

/*
 * The unit of "bind-interface st0.N" (".0" when no unit is given) in the
 * interfaces hierarchy, or NULL.
 */
static const struct cf_node *bound_unit(const struct cf_node *root, const char *name)
{
	const struct cf_node *ifs = cf_child(root, "interfaces", NULL), *i;
	const char *dot = strchr(name, '.');
	char ifname[16];
	size_t len = dot ? (size_t)(dot - name) : strlen(name);

	if (!ifs || len >= sizeof(ifname))
		return NULL;
	memcpy(ifname, name, len);
	ifname[len] = '\0';
	i = cf_child(ifs, "", ifname);
	return i ? cf_child(i, "unit", dot ? dot + 1 : "0") : NULL;
}

static void check_vpn(struct cf_tree *t, const struct cf_node *root,
		      const struct cf_node *ike, const struct cf_node *ipsec,
		      const struct cf_node *v)
{
	const struct cf_node *bind = cf_child(v, "bind-interface", NULL);
	const struct cf_node *k = cf_child(v, "ike", NULL);
	const struct cf_node *m = cf_child(v, "manual", NULL), *other;

	if (!k && !m)
		cf_error(t, v, "needs ike or manual");
	if (k) {
		const struct cf_node *gw = cf_child(k, "gateway", NULL);
		const struct cf_node *pol = cf_child(k, "ipsec-policy", NULL);

		if (!gw)
			cf_error(t, k, "needs a gateway");
		need_ref(t, gw, ike, "gateway", "IKE gateway");
		if (!pol)
			cf_error(t, k, "needs an ipsec-policy");
		need_ref(t, pol, ipsec, "policy", "IPsec policy");
	}
	if (m)
		check_manual(t, m);

	if (!bind) {
		cf_error(t, v, "needs a bind-interface (stvpn makes route-based VPNs)");
		return;
	}
	if (!bound_unit(root, bind->value)) {
		cf_error(t, bind, "the interface is not configured (no 'interfaces %.*s unit %s')",
			 (int)strcspn(bind->value, "."), bind->value,
			 strchr(bind->value, '.') ? strchr(bind->value, '.') + 1 : "0");
		return;
	}
	/* A point-to-point unit carries one VPN. */
	if (cf_child(bound_unit(root, bind->value), "multipoint", NULL))
		return;
	for (other = first(ipsec, "vpn"); other && other != v; other = cf_next_same(other)) {
		const char *ob = leaf(other, "bind-interface");

		if (ob && bound_unit(root, ob) == bound_unit(root, bind->value)) {
			cf_error(t, bind, "is point-to-point and vpn %s binds it already "
				 "(make the unit multipoint)", other->value);
			return;
		}
	}
}

/*
 * Inbound manual SAs are found by SPI and protocol alone, and a manual
 * VPN uses its SPI in both directions: two manual VPNs cannot share one.
 */
static void check_manual_spi(struct cf_tree *t, const struct cf_node *ipsec,
			     const struct cf_node *v)
{
	const struct cf_node *m = cf_child(v, "manual", NULL), *other;
	const char *spi = leaf(m, "spi"), *proto = leaf(m, "protocol");

	if (!spi || !proto)
		return;
	for (other = first(ipsec, "vpn"); other && other != v; other = cf_next_same(other)) {
		const struct cf_node *om = cf_child(other, "manual", NULL);
		const char *ospi = leaf(om, "spi"), *oproto = leaf(om, "protocol");

		if (ospi && oproto && !strcmp(ospi, spi) && !strcmp(oproto, proto)) {
			cf_error(t, cf_child(m, "spi", NULL),
				 "vpn %s uses %s spi %s already", other->value, proto, spi);
			return;
		}
	}
}

/* --- interfaces and routes ----------------------------------------------- */

static void check_nhtb(struct cf_tree *t, const struct cf_node *ipsec,
		       const struct cf_node *iface, const struct cf_node *unit,
		       const struct cf_node *inet)
{
	const struct cf_node *nh, *vpn;
	char me[40];

	snprintf(me, sizeof(me), "%s.%s", iface->value, unit->value);
	for_each(nh, inet, "next-hop-tunnel") {
		const struct cf_node *ref = cf_child(nh, "ipsec-vpn", NULL);
		const char *bind;

		if (!cf_child(unit, "multipoint", NULL))
			cf_error(t, nh, "next-hop tunnel bindings need a multipoint unit "
				 "(set interfaces %s unit %s multipoint)", iface->value, unit->value);
		if (!ref) {
			cf_error(t, nh, "needs ipsec-vpn");
			continue;
		}
		vpn = ipsec ? cf_child(ipsec, "vpn", ref->value) : NULL;
		if (!vpn) {
			cf_error(t, ref, "no IPsec VPN '%s' is configured", ref->value);
			continue;
		}
		bind = leaf(vpn, "bind-interface");
		if (bind && strcmp(bind, me) && !(!strcmp(unit->value, "0") &&
						  !strcmp(bind, iface->value)))
			cf_error(t, ref, "vpn %s is bound to %s, not %s", ref->value, bind, me);
	}
}

static void check_interfaces(struct cf_tree *t, const struct cf_node *root,
			     const struct cf_node *ipsec)
{
	const struct cf_node *ifs = cf_child(root, "interfaces", NULL), *i, *u, *inet;

	for_each(i, ifs, "")
		for_each(u, i, "unit") {
			inet = at(u, (const char *const[]){ "family", "inet", NULL });
			if (inet)
				check_nhtb(t, ipsec, i, u, inet);
			inet = at(u, (const char *const[]){ "family", "inet6", NULL });
			if (inet)
				check_nhtb(t, ipsec, i, u, inet);
		}
}

static void check_routes(struct cf_tree *t, const struct cf_node *root,
			 const struct cf_node *stat)
{
	const struct cf_node *r, *nh;

	for_each(r, stat, "route") {
		bool v6 = strchr(r->value, ':');

		if (!cf_child(r, "next-hop", NULL))
			cf_error(t, r, "needs a next-hop");
		for_each(nh, r, "next-hop") {
			bool addr = strchr(nh->value, ':') || isdigit((unsigned char)*nh->value);

			/* "next-hop st0.0": through that interface. */
			if (!addr && !bound_unit(root, nh->value))
				cf_error(t, nh, "the interface is not configured (no 'interfaces %.*s unit %s')",
					 (int)strcspn(nh->value, "."), nh->value,
					 strchr(nh->value, '.') ? strchr(nh->value, '.') + 1 : "0");
			else if (addr && !!strchr(nh->value, ':') != v6)
				cf_error(t, nh, "is not an %s address like the route",
					 v6 ? "IPv6" : "IPv4");
		}
	}
}

/*
 * A trace file is a file name in /var/log, as on an SRX: stvpnd opens it
 * as root, so a path could make it write anywhere.
 */
static void check_trace_file(struct cf_tree *t, const struct cf_node *sec)
{
	const struct cf_node *f = at(sec, (const char *const[]){ "traceoptions", "file", NULL });

	if (f && f->value && (strchr(f->value, '/') || !strcmp(f->value, ".") ||
			      !strcmp(f->value, "..")))
		cf_error(t, f, "a trace file is a file name in /var/log, not a path");
}

unsigned int cf_check(struct cf_tree *t)
{
	const struct cf_node *root = &t->root, *n, *ro;
	const struct cf_node *ike = at(root, (const char *const[]){ "security", "ike", NULL });
	const struct cf_node *ipsec = at(root, (const char *const[]){ "security", "ipsec", NULL });
	unsigned int before = t->errors;

	check_trace_file(t, ike);
	check_trace_file(t, ipsec);
	for_each(n, ike, "policy")
		check_ike_policy(t, ike, n);
	for_each(n, ike, "gateway")
		check_ike_gateway(t, ike, n);
	for_each(n, ipsec, "proposal")
		check_ipsec_proposal(t, n);
	for_each(n, ipsec, "policy")
		check_ipsec_policy(t, ipsec, n);
	for_each(n, ipsec, "vpn") {
		check_vpn(t, root, ike, ipsec, n);
		check_manual_spi(t, ipsec, n);
	}
	check_interfaces(t, root, ipsec);
	ro = cf_child(root, "routing-options", NULL);
	check_routes(t, root, ro ? cf_child(ro, "static", NULL) : NULL);
	for_each(n, ro, "rib")
		check_routes(t, root, cf_child(n, "static", NULL));
	return t->errors - before;
}
