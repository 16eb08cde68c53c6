// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * From the statement tree to what stvpnd applies: Linux device names for
 * Junos units, addresses and keys as bytes, Junos defaults filled in.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "junos9.h"
#include "model.h"

struct build {
	struct model	*m;
	char		*err;
	size_t		errlen;
};

static int fail(struct build *b, const struct cf_node *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct build *b, const struct cf_node *n, const char *fmt, ...)
{
	va_list ap;
	int len;

	len = snprintf(b->err, b->errlen, "%s:%d: ", n ? n->file : "?", n ? n->line : 0);
	if (len < 0 || (size_t)len >= b->errlen)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(b->err + len, b->errlen - len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static const char *leaf(const struct cf_node *n, const char *kw)
{
	const struct cf_node *c = n ? cf_child(n, kw, NULL) : NULL;

	return c ? c->value : NULL;
}

static const struct cf_node *first(const struct cf_node *n, const char *kw)
{
	return n ? cf_child(n, kw, NULL) : NULL;
}

#define for_each(c, parent, kw) \
	for (c = first(parent, kw); c; c = cf_next_same(c))

/* Grows *ARRAY of *N elements of SIZE by one zeroed element. */
static void *grow(void *array_p, size_t *n, size_t size)
{
	void **array = array_p;
	char *p = realloc(*array, (*n + 1) * size);

	if (!p)
		return NULL;
	memset(p + *n * size, 0, size);
	*array = p;
	return p + (*n)++ * size;
}

void model_devname(const char *junos, char *dev, size_t size)
{
	const char *dot = strchr(junos, '.');
	size_t len = strlen(junos);

	/* Unit 0 is the device itself: "st0.0" is "st0"; "st0.01" is "st0.1". */
	if (dot && dot[1] && strspn(dot + 1, "0123456789") == strlen(dot + 1)) {
		unsigned long n = strtoul(dot + 1, NULL, 10);

		len = dot - junos;
		if (n) {
			snprintf(dev, size, "%.*s.%lu", (int)len, junos, n);
			return;
		}
	}
	if (len >= size)
		len = size - 1;
	memcpy(dev, junos, len);
	dev[len] = '\0';
}

static bool is_st(const char *name)
{
	return name[0] == 's' && name[1] == 't' && name[2] >= '0' && name[2] <= '9';
}

static int prefix_parse(struct build *b, const struct cf_node *n, const char *text,
			struct m_prefix *p)
{
	char buf[64];
	const char *slash = strchr(text, '/');
	size_t len = slash ? (size_t)(slash - text) : strlen(text);

	if (len >= sizeof(buf))
		return fail(b, n, "invalid prefix '%s'", text);
	memcpy(buf, text, len);
	buf[len] = '\0';
	memset(p, 0, sizeof(*p));
	if (inet_pton(AF_INET, buf, p->addr.bytes) == 1) {
		p->addr.family = AF_INET;
		p->addr.len = 4;
	} else if (inet_pton(AF_INET6, buf, p->addr.bytes) == 1) {
		p->addr.family = AF_INET6;
		p->addr.len = 16;
	} else {
		return fail(b, n, "invalid prefix '%s'", text);
	}
	p->plen = slash ? (unsigned int)strtoul(slash + 1, NULL, 10) : p->addr.len * 8;
	return 0;
}

static int addr_parse(struct build *b, const struct cf_node *n, const char *text,
		      struct st_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, text, a->bytes) == 1) {
		a->family = AF_INET;
		a->len = 4;
	} else if (inet_pton(AF_INET6, text, a->bytes) == 1) {
		a->family = AF_INET6;
		a->len = 16;
	} else {
		return fail(b, n, "invalid address '%s'", text);
	}
	return 0;
}

/* --- interfaces ----------------------------------------------------------- */

static int add_family(struct build *b, struct m_iface *mi, const struct cf_node *fam)
{
	const struct cf_node *n;
	const char *mtu = leaf(fam, "mtu");

	if (mtu)
		mi->mtu = strtoul(mtu, NULL, 10);
	for_each(n, fam, "address") {
		struct m_prefix *p = grow(&mi->addrs, &mi->naddrs, sizeof(*p));

		if (!p)
			return -ENOMEM;
		if (prefix_parse(b, n, n->value, p))
			return -EINVAL;
	}
	for_each(n, fam, "next-hop-tunnel") {
		struct m_nhtb *h = grow(&mi->nhtb, &mi->nnhtb, sizeof(*h));

		if (!h)
			return -ENOMEM;
		if (addr_parse(b, n, n->value, &h->nexthop))
			return -EINVAL;
		h->vpn = strdup(leaf(n, "ipsec-vpn") ?: "");
		if (!h->vpn)
			return -ENOMEM;
	}
	return 0;
}

static int add_unit(struct build *b, const struct cf_node *i, const struct cf_node *u)
{
	struct model *m = b->m;
	struct m_iface *mi;
	const struct cf_node *fam = cf_child(u, "family", NULL);
	const char *mtu = leaf(i, "mtu");
	int err;

	unsigned long n = strtoul(u->value, NULL, 10);
	int len;

	mi = grow(&m->ifaces, &m->nifaces, sizeof(*mi));
	if (!mi)
		return -ENOMEM;
	/* By number: "unit 00" is unit 0 too, the device itself. */
	if (n)
		len = snprintf(mi->name, sizeof(mi->name), "%s.%lu", i->value, n);
	else
		len = snprintf(mi->name, sizeof(mi->name), "%s", i->value);
	snprintf(mi->logical, sizeof(mi->logical), "%s.%lu", i->value, n);
	if (len < 0 || len >= IFNAMSIZ)
		return fail(b, u, "the Linux name of %s is longer than %d characters",
			    mi->logical, IFNAMSIZ - 1);
	mi->st = is_st(i->value);
	mi->multipoint = cf_child(u, "multipoint", NULL);
	mi->file = u->file;
	mi->line = u->line;
	if (mtu)
		mi->mtu = strtoul(mtu, NULL, 10);
	if (fam && cf_child(fam, "inet", NULL) && (err = add_family(b, mi, cf_child(fam, "inet", NULL))))
		return err;
	if (fam && cf_child(fam, "inet6", NULL) && (err = add_family(b, mi, cf_child(fam, "inet6", NULL))))
		return err;
	return 0;
}

static int build_interfaces(struct build *b, const struct cf_node *root)
{
	const struct cf_node *i, *u;
	int err;

	for_each(i, cf_child(root, "interfaces", NULL), "")
		for_each(u, i, "unit")
			if ((err = add_unit(b, i, u)))
				return err;
	return 0;
}

/* --- routes --------------------------------------------------------------- */

static int build_routes(struct build *b, const struct cf_node *stat)
{
	const struct cf_node *r, *nh;
	struct model *m = b->m;

	for_each(r, stat, "route") {
		struct m_route *mr = grow(&m->routes, &m->nroutes, sizeof(*mr));
		const char *metric = leaf(r, "metric"), *pref = leaf(r, "preference");

		if (!mr)
			return -ENOMEM;
		if (prefix_parse(b, r, r->value, &mr->dst))
			return -EINVAL;
		if (metric || pref)
			mr->priority = strtoul(metric ?: pref, NULL, 10);
		for_each(nh, r, "next-hop") {
			struct m_nexthop *h = grow(&mr->nh, &mr->nnh, sizeof(*h));

			if (!h)
				return -ENOMEM;
			if (strchr(nh->value, ':') || (nh->value[0] >= '0' && nh->value[0] <= '9')) {
				if (addr_parse(b, nh, nh->value, &h->gw))
					return -EINVAL;
			} else {
				model_devname(nh->value, h->dev, sizeof(h->dev));
			}
		}
	}
	return 0;
}

/* --- VPNs ----------------------------------------------------------------- */

/* The bytes of key { ascii-text T | hexadecimal H }. */
static int key_build(struct build *b, const struct cf_node *key, struct m_key *k)
{
	const char *hex = leaf(key, "hexadecimal"), *text = leaf(key, "ascii-text");
	char plain[256];

	if (hex) {
		size_t i;

		if (hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X'))
			hex += 2;
		k->len = strlen(hex) / 2;
		k->data = malloc(k->len ?: 1);
		if (!k->data)
			return -ENOMEM;
		for (i = 0; i < k->len; i++) {
			unsigned int byte;

			if (sscanf(hex + 2 * i, "%2x", &byte) != 1)
				return fail(b, key, "invalid hexadecimal key");
			k->data[i] = byte;
		}
		return 0;
	}
	if (!text)
		return fail(b, key, "needs ascii-text or hexadecimal");
	if (junos9_is(text)) {
		int n = junos9_decode(text, plain, sizeof(plain));
		if (n < 0) {
			explicit_bzero(plain, sizeof(plain));
			return fail(b, key, "cannot decode the $9$ key");
		}
		text = plain;
	}
	k->len = strlen(text);
	k->data = malloc(k->len ?: 1);
	if (!k->data) {
		explicit_bzero(plain, sizeof(plain));
		return -ENOMEM;
	}
	memcpy(k->data, text, k->len);
	explicit_bzero(plain, sizeof(plain));
	return 0;
}

static int alg_build(struct build *b, const struct cf_node *a, bool enc,
		     uint8_t *alg, struct m_key *key)
{
	const char *name = leaf(a, "algorithm");
	int err;

	if (!a || !name)
		return 0;
	if (enc ? parse_enc(name, alg) : parse_auth(name, alg))
		return fail(b, a, "unknown algorithm '%s'", name);
	err = key_build(b, cf_child(a, "key", NULL), key);
	return err;
}

static int build_manual(struct build *b, struct m_vpn *v, const struct cf_node *man)
{
	const char *proto = leaf(man, "protocol");
	int err;

	v->manual = true;
	if (addr_parse(b, man, leaf(man, "gateway") ?: "", &v->remote))
		return -EINVAL;
	model_devname(leaf(man, "external-interface") ?: "", v->ext_if, sizeof(v->ext_if));
	v->proto = proto && !strcmp(proto, "ah") ? IPPROTO_AH : IPPROTO_ESP;
	v->spi = strtoul(leaf(man, "spi") ?: "0", NULL, 10);
	err = alg_build(b, cf_child(man, "encryption", NULL), true, &v->enc, &v->enc_key);
	if (!err)
		err = alg_build(b, cf_child(man, "authentication", NULL), false,
				&v->auth, &v->auth_key);
	if (!err && v->proto == IPPROTO_ESP && v->enc == STVPN_ENC_NONE)
		v->enc = STVPN_ENC_NULL;
	return err;
}

static int build_vpn(struct build *b, const struct cf_node *n)
{
	struct model *m = b->m;
	struct m_vpn *v = grow(&m->vpns, &m->nvpns, sizeof(*v));
	const char *df = leaf(n, "df-bit");
	const struct cf_node *ike = cf_child(n, "ike", NULL);
	const struct cf_node *man = cf_child(n, "manual", NULL);

	if (!v)
		return -ENOMEM;
	v->name = strdup(n->value);
	v->establish = strdup(leaf(n, "establish-tunnels") ?: "on-traffic");
	if (!v->name || !v->establish)
		return -ENOMEM;
	v->file = n->file;
	v->line = n->line;
	model_devname(leaf(n, "bind-interface") ?: "", v->bind, sizeof(v->bind));
	v->df = !df || !strcmp(df, "clear") ? STVPN_DF_CLEAR :
		!strcmp(df, "set") ? STVPN_DF_SET : STVPN_DF_COPY;
	v->dscp_copy = cf_child(n, "copy-outer-dscp", NULL);
	if (man)
		return build_manual(b, v, man);
	if (ike) {
		v->gateway = strdup(leaf(ike, "gateway") ?: "");
		if (!v->gateway)
			return -ENOMEM;
	}
	return 0;
}

/* --- the whole ------------------------------------------------------------ */

/* Sizes as the configuration writes them: 10k, 1m, 2g. */
static uint64_t size_value(const char *v)
{
	char *end;
	uint64_t n = strtoull(v, &end, 10);

	switch (*end) {
	case 'k': case 'K': return n << 10;
	case 'm': case 'M': return n << 20;
	case 'g': case 'G': return n << 30;
	default: return n;
	}
}

static int trace_file(struct model *m, const struct cf_node *sec, const char *kw, char **file)
{
	const struct cf_node *t = sec ? cf_child(sec, kw, NULL) : NULL;
	const struct cf_node *f = t ? cf_child(t, "traceoptions", NULL) : NULL;

	f = f ? cf_child(f, "file", NULL) : NULL;
	if (!f || !f->value)
		return 0;
	*file = strdup(f->value);
	if (!*file)
		return -ENOMEM;
	if (cf_child(f, "world-readable", NULL))
		m->trace_world_readable = true;
	if (leaf(f, "size"))
		m->trace_size = size_value(leaf(f, "size"));
	if (leaf(f, "files"))
		m->trace_files = strtoul(leaf(f, "files"), NULL, 10);
	return 0;
}

/* --- lookups ---------------------------------------------------------------- */

static const struct model *sort_model;	/* qsort has no argument */

static int vpn_order_cmp(const void *x, const void *y)
{
	return strcmp(sort_model->vpns[*(const size_t *)x].name,
		      sort_model->vpns[*(const size_t *)y].name);
}

static int nhtb_ref_cmp(const void *x, const void *y)
{
	const struct m_nhtb_ref *a = x, *b = y;

	return strcmp(a->vpn, b->vpn);
}

static int build_lookups(struct model *m)
{
	size_t i, j, n = 0;

	m->vpn_order = calloc(m->nvpns ?: 1, sizeof(*m->vpn_order));
	for (i = 0; i < m->nifaces; i++)
		n += m->ifaces[i].nnhtb;
	m->nhtb_refs = calloc(n ?: 1, sizeof(*m->nhtb_refs));
	if (!m->vpn_order || !m->nhtb_refs)
		return -ENOMEM;
	for (i = 0; i < m->nvpns; i++)
		m->vpn_order[i] = i;
	sort_model = m;
	qsort(m->vpn_order, m->nvpns, sizeof(*m->vpn_order), vpn_order_cmp);
	sort_model = NULL;
	for (i = 0; i < m->nifaces; i++)
		for (j = 0; j < m->ifaces[i].nnhtb; j++)
			m->nhtb_refs[m->nnhtb_refs++] = (struct m_nhtb_ref){
				.vpn = m->ifaces[i].nhtb[j].vpn,
				.iface = &m->ifaces[i],
				.h = &m->ifaces[i].nhtb[j],
			};
	qsort(m->nhtb_refs, m->nnhtb_refs, sizeof(*m->nhtb_refs), nhtb_ref_cmp);
	return 0;
}

int model_build(struct model *m, const struct cf_tree *t, char *err, size_t errlen)
{
	struct build b = { .m = m, .err = err, .errlen = errlen };
	const struct cf_node *root = &t->root, *sec, *ipsec, *ro, *n;
	int ret;

	memset(m, 0, sizeof(*m));
	if (errlen)
		err[0] = '\0';
	sec = cf_child(root, "security", NULL);
	ipsec = sec ? cf_child(sec, "ipsec", NULL) : NULL;
	ro = cf_child(root, "routing-options", NULL);

	ret = build_interfaces(&b, root);
	if (!ret)
		ret = build_routes(&b, ro ? cf_child(ro, "static", NULL) : NULL);
	for (n = first(ro, "rib"); !ret && n; n = cf_next_same(n))
		ret = build_routes(&b, cf_child(n, "static", NULL));
	for (n = first(ipsec, "vpn"); !ret && n; n = cf_next_same(n))
		ret = build_vpn(&b, n);
	if (!ret && sec) {
		const struct cf_node *flow = cf_child(sec, "flow", NULL);
		const struct cf_node *tm = flow ? cf_child(flow, "tcp-mss", NULL) : NULL;
		const char *mss = leaf(tm ? cf_child(tm, "ipsec-vpn", NULL) : NULL, "mss");

		if (mss)
			m->tcp_mss = strtoul(mss, NULL, 10);
		ret = trace_file(m, sec, "ike", &m->ike_trace_file);
		if (!ret)
			ret = trace_file(m, sec, "ipsec", &m->ipsec_trace_file);
	}
	if (!ret)
		ret = build_lookups(m);
	if (ret == -ENOMEM && errlen)
		snprintf(err, errlen, "out of memory");
	if (ret)
		model_free(m);
	return ret;
}

static void key_free(struct m_key *k)
{
	if (k->data)
		explicit_bzero(k->data, k->len);
	free(k->data);
	k->data = NULL;
	k->len = 0;
}

void model_free(struct model *m)
{
	size_t i, j;

	for (i = 0; i < m->nifaces; i++) {
		for (j = 0; j < m->ifaces[i].nnhtb; j++)
			free(m->ifaces[i].nhtb[j].vpn);
		free(m->ifaces[i].nhtb);
		free(m->ifaces[i].addrs);
	}
	free(m->ifaces);
	for (i = 0; i < m->nroutes; i++)
		free(m->routes[i].nh);
	free(m->routes);
	for (i = 0; i < m->nvpns; i++) {
		key_free(&m->vpns[i].enc_key);
		key_free(&m->vpns[i].auth_key);
		free(m->vpns[i].name);
		free(m->vpns[i].gateway);
		free(m->vpns[i].establish);
	}
	free(m->vpns);
	free(m->ike_trace_file);
	free(m->ipsec_trace_file);
	free(m->vpn_order);
	free(m->nhtb_refs);
	memset(m, 0, sizeof(*m));
}

const struct m_vpn *model_vpn(const struct model *m, const char *name)
{
	size_t lo = 0, hi = m->nvpns;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, m->vpns[m->vpn_order[mid]].name);

		if (!c)
			return &m->vpns[m->vpn_order[mid]];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct m_nhtb *model_vpn_nexthop(const struct model *m, const struct m_vpn *v)
{
	size_t lo = 0, hi = m->nnhtb_refs;

	/* The first reference to V, then those that follow with its name. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(m->nhtb_refs[mid].vpn, v->name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < m->nnhtb_refs && !strcmp(m->nhtb_refs[lo].vpn, v->name); lo++)
		if (!strcmp(m->nhtb_refs[lo].iface->name, v->bind))
			return m->nhtb_refs[lo].h;
	return NULL;
}

const struct m_iface *model_iface(const struct model *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nifaces; i++)
		if (!strcmp(m->ifaces[i].name, name))
			return &m->ifaces[i];
	return NULL;
}
