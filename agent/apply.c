// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Applying a configuration by difference.
 *
 * The order matters: everything that can be refused without changing
 * anything is checked first (check_*); then what the new configuration
 * no longer has is taken away (VPNs before the devices under them), and
 * what it adds is put in (devices before addresses before SAs before
 * bindings before routes). A VPN whose configuration is the same keeps
 * its SAs, and so its counters and sequence numbers.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "kern.h"
#include "log.h"

struct errbuf {
	char	*buf;
	size_t	len, used;
	int	count;
};

static void err_add(struct errbuf *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void err_add(struct errbuf *e, const char *fmt, ...)
{
	va_list ap;
	int n;

	e->count++;
	if (e->used + 1 >= e->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(e->buf + e->used, e->len - e->used, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	e->used += (size_t)n;
	if (e->used + 1 < e->len) {
		e->buf[e->used++] = '\n';
		e->buf[e->used] = '\0';
	} else {
		e->used = e->len - 1;
	}
}

static bool addr_eq(const struct st_addr *a, const struct st_addr *b)
{
	return a->family == b->family && a->len == b->len &&
	       !memcmp(a->bytes, b->bytes, a->len);
}

static bool prefix_eq(const struct m_prefix *a, const struct m_prefix *b)
{
	return a->plen == b->plen && addr_eq(&a->addr, &b->addr);
}

static bool key_eq(const struct m_key *a, const struct m_key *b)
{
	return a->len == b->len && (!a->len || !memcmp(a->data, b->data, a->len));
}

static bool str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static const char *ntop(const struct st_addr *a, char *buf, size_t size)
{
	return addr_str(a->bytes, (int)a->len, buf, size);
}

/* --- what a VPN is bound to ------------------------------------------------- */

/*
 * The next hop of VPN V on its multipoint device, from the device's
 * next-hop-tunnel statements; NULL on a point-to-point device (and for a
 * multipoint one without such a statement, which leaves V unbound).
 */
static const struct m_nhtb *vpn_nexthop(const struct model *m, const struct m_vpn *v,
					bool *multipoint)
{
	const struct m_iface *i = model_iface(m, v->bind);
	size_t j;

	*multipoint = i && i->multipoint;
	if (!i)
		return NULL;
	for (j = 0; j < i->nnhtb; j++)
		if (!strcmp(i->nhtb[j].vpn, v->name))
			return &i->nhtb[j];
	return NULL;
}

/* Same parameters, same binding, same local address: nothing to do. */
static bool vpn_same(const struct model *om, const struct m_vpn *o, const struct st_addr *olocal,
		     const struct model *nm, const struct m_vpn *n, const struct st_addr *nlocal)
{
	const struct m_nhtb *oh, *nh;
	bool omp, nmp;

	if (strcmp(o->bind, n->bind) || o->df != n->df || o->dscp_copy != n->dscp_copy ||
	    o->manual != n->manual || !str_eq(o->gateway, n->gateway))
		return false;
	if (n->manual &&
	    (!addr_eq(&o->remote, &n->remote) || !addr_eq(olocal, nlocal) ||
	     o->proto != n->proto || o->spi != n->spi || o->enc != n->enc ||
	     o->auth != n->auth || !key_eq(&o->enc_key, &n->enc_key) ||
	     !key_eq(&o->auth_key, &n->auth_key)))
		return false;
	oh = vpn_nexthop(om, o, &omp);
	nh = vpn_nexthop(nm, n, &nmp);
	if (omp != nmp || !oh != !nh)
		return false;
	return !oh || addr_eq(&oh->nexthop, &nh->nexthop);
}

/* --- checks that change nothing ------------------------------------------------ */

struct find_local {
	int		family;
	struct st_addr	*out;
};

static int take_first(const struct m_prefix *p, void *arg)
{
	struct find_local *f = arg;

	if (p->addr.family != f->family)
		return 0;
	/* IPv6 link-local addresses are no tunnel endpoints. */
	if (f->family == AF_INET6 && p->addr.bytes[0] == 0xfe && (p->addr.bytes[1] & 0xc0) == 0x80)
		return 0;
	*f->out = p->addr;
	return 1;
}

/*
 * The local address of a manual VPN: the external interface's address of
 * the gateway's family, as configured, else as the system has it.
 */
static int resolve_local(struct applied *a, const struct model *m, const struct m_vpn *v,
			 struct st_addr *local, struct errbuf *e)
{
	const struct m_iface *i = model_iface(m, v->ext_if);
	struct find_local f = { .family = v->remote.family, .out = local };
	struct rt_link l;
	size_t j;

	memset(local, 0, sizeof(*local));
	for (j = 0; i && j < i->naddrs; j++)
		if (take_first(&i->addrs[j], &f))
			return 0;
	if (rt_link_get(&a->rt, v->ext_if, &l) == 0 &&
	    rt_addr_walk(&a->rt, l.ifindex, f.family, take_first, &f) > 0)
		return 0;
	err_add(e, "%s:%d: error: vpn %s: external-interface %s has no %s address",
		v->file, v->line, v->name, v->ext_if,
		f.family == AF_INET6 ? "IPv6" : "IPv4");
	return -EINVAL;
}

static void check_ifaces(struct applied *a, const struct model *m, struct errbuf *e)
{
	size_t i;

	for (i = 0; i < m->nifaces; i++) {
		const struct m_iface *mi = &m->ifaces[i];
		struct rt_link l;
		unsigned int mode;
		int err = rt_link_get(&a->rt, mi->name, &l);

		if (err == -ENODEV) {
			if (!mi->st)
				err_add(e, "%s:%d: error: interface %s does not exist "
					"(stvpnd creates st devices only)", mi->file, mi->line, mi->name);
			continue;
		}
		if (err) {
			err_add(e, "%s:%d: error: %s", mi->file, mi->line, a->rt.errmsg);
			continue;
		}
		if (mi->st && !l.st) {
			err_add(e, "%s:%d: error: %s exists and is not an st device",
				mi->file, mi->line, mi->name);
			continue;
		}
		if (!mi->st)
			continue;
		if (kern_dev_mode(&a->g, mi->name, &mode)) {
			err_add(e, "%s:%d: error: %s: %s", mi->file, mi->line, mi->name, a->g.errmsg);
			continue;
		}
		if ((mode == STVPN_MODE_MULTIPOINT) != mi->multipoint)
			err_add(e, "%s:%d: error: %s exists in %s mode and the configuration makes it %s "
				"(delete it, or change the configuration)", mi->file, mi->line, mi->name,
				mode == STVPN_MODE_MULTIPOINT ? "multipoint" : "point-to-point",
				mi->multipoint ? "multipoint" : "point-to-point");
	}
}

static void check_routes(const struct model *m, struct errbuf *e)
{
	size_t i, j;

	for (i = 0; i < m->nroutes; i++)
		for (j = 0; j < m->routes[i].nnh; j++) {
			const char *dev = m->routes[i].nh[j].dev;

			if (dev[0] && !model_iface(m, dev) && !if_nametoindex(dev)) {
				char p[ST_ADDRSTRLEN];

				err_add(e, "error: route %s/%u: no interface %s",
					ntop(&m->routes[i].dst.addr, p, sizeof(p)),
					m->routes[i].dst.plen, dev);
			}
		}
}

/* --- taking away ------------------------------------------------------------ */

static void vpn_remove(struct applied *a, const struct model *m, const struct m_vpn *v,
		       struct live_vpn *lv)
{
	const struct m_nhtb *h;
	bool mp;

	h = vpn_nexthop(m, v, &mp);
	if ((!mp || h) && kern_bind_del(&a->g, v->bind, h ? &h->nexthop : NULL) &&
	    a->g.errmsg[0])
		log_msg(LOG_WARNING, "vpn %s: removing its binding: %s", v->name, a->g.errmsg);
	if (lv->sas) {
		kern_sa_del(&a->g, sa_id(lv->index, SA_SLOT_IN));
		kern_sa_del(&a->g, sa_id(lv->index, SA_SLOT_OUT));
		lv->sas = false;
	}
	log_msg(LOG_INFO, "vpn %s (index %u) removed", v->name, lv->index);
}

static bool created_by_us(const struct applied *a, const char *name, size_t *pos)
{
	size_t i;

	for (i = 0; i < a->ncreated; i++)
		if (!strcmp(a->created[i], name)) {
			if (pos)
				*pos = i;
			return true;
		}
	return false;
}

static void remove_old(struct applied *a, const struct model *nm, const bool *keep)
{
	const struct model *om = &a->m;
	size_t i, j, pos;

	for (i = 0; i < om->nvpns; i++)
		if (!keep[i])
			vpn_remove(a, om, &om->vpns[i], &a->vpns[i]);

	for (i = 0; i < om->nroutes; i++) {
		bool still = false;

		for (j = 0; j < nm->nroutes && !still; j++)
			still = prefix_eq(&om->routes[i].dst, &nm->routes[j].dst);
		if (!still)
			rt_route_del(&a->rt, &om->routes[i].dst);
	}

	for (i = 0; i < om->nifaces; i++) {
		const struct m_iface *oi = &om->ifaces[i];
		const struct m_iface *ni = model_iface(nm, oi->name);
		unsigned int ifindex = if_nametoindex(oi->name);

		if (!ni && created_by_us(a, oi->name, &pos)) {
			if (ifindex)
				rt_link_del(&a->rt, (int)ifindex);
			memmove(&a->created[pos], &a->created[pos + 1],
				(a->ncreated - pos - 1) * sizeof(a->created[0]));
			a->ncreated--;
			log_msg(LOG_INFO, "%s deleted", oi->name);
			continue;
		}
		for (j = 0; ifindex && j < oi->naddrs; j++) {
			bool still = false;
			size_t k;

			for (k = 0; ni && k < ni->naddrs && !still; k++)
				still = prefix_eq(&oi->addrs[j], &ni->addrs[k]);
			if (!still)
				rt_addr_del(&a->rt, (int)ifindex, &oi->addrs[j]);
		}
	}
}

/* --- putting in --------------------------------------------------------------- */

static int add_ifaces(struct applied *a, const struct model *m)
{
	size_t i, j;

	for (i = 0; i < m->nifaces; i++) {
		const struct m_iface *mi = &m->ifaces[i];
		struct rt_link l;
		int ifindex;
		int err = rt_link_get(&a->rt, mi->name, &l);

		if (err == -ENODEV && mi->st) {
			void *p = realloc(a->created, (a->ncreated + 1) * sizeof(a->created[0]));

			if (!p)
				return -ENOMEM;
			a->created = p;
			err = rt_st_create(&a->rt, mi->name, mi->multipoint ? STVPN_MODE_MULTIPOINT
									: STVPN_MODE_P2P, &ifindex);
			if (err)
				return err;
			snprintf(a->created[a->ncreated++], IFNAMSIZ, "%s", mi->name);
			log_msg(LOG_INFO, "%s created (%s)", mi->name,
				mi->multipoint ? "multipoint" : "point-to-point");
		} else if (err) {
			return err;
		} else {
			ifindex = l.ifindex;
		}
		err = rt_link_up(&a->rt, ifindex, mi->mtu);
		for (j = 0; !err && j < mi->naddrs; j++)
			err = rt_addr_add(&a->rt, ifindex, &mi->addrs[j]);
		if (!err && mi->st)
			err = kern_dev_mss(&a->g, mi->name, m->tcp_mss) ? -EIO : 0;
		if (err) {
			if (!a->rt.errmsg[0] || err == -EIO)
				snprintf(a->rt.errmsg, sizeof(a->rt.errmsg), "%s: %.200s",
					 mi->name, a->g.errmsg);
			return err;
		}
	}
	return 0;
}

static int add_vpn(struct applied *a, const struct model *m, const struct m_vpn *v,
		   struct live_vpn *lv)
{
	const struct m_nhtb *h;
	struct kern_bind b = {
		.dev = v->bind, .tunnel_id = lv->index, .name = v->name,
		.flags = STVPN_BIND_F_STATIC,
	};
	bool mp;

	if (v->manual) {
		struct kern_sa sa = {
			.proto = v->proto, .spi = v->spi, .enc = v->enc, .auth = v->auth,
			.enc_key = v->enc_key.data, .enc_key_len = v->enc_key.len,
			.auth_key = v->auth_key.data, .auth_key_len = v->auth_key.len,
			.df = v->df, .flags = v->dscp_copy ? STVPN_SA_F_DSCP_COPY : 0,
			/* Manual SAs have no anti-replay: the peer's sequence restarts. */
			.replay_window = 0,
		};
		int err;

		sa.id = sa_id(lv->index, SA_SLOT_IN);
		sa.dir = STVPN_DIR_IN;
		sa.src = v->remote;
		sa.dst = lv->local;
		err = kern_sa_add(&a->g, &sa);
		if (!err) {
			sa.id = sa_id(lv->index, SA_SLOT_OUT);
			sa.dir = STVPN_DIR_OUT;
			sa.src = lv->local;
			sa.dst = v->remote;
			err = kern_sa_add(&a->g, &sa);
			if (err)
				kern_sa_del(&a->g, sa_id(lv->index, SA_SLOT_IN));
		}
		if (err)
			return err;
		lv->sas = true;
		b.in_sa = sa_id(lv->index, SA_SLOT_IN);
		b.out_sa = sa_id(lv->index, SA_SLOT_OUT);
	}
	h = vpn_nexthop(m, v, &mp);
	if (mp && !h) {
		log_msg(LOG_WARNING, "vpn %s: %s is multipoint and no next-hop-tunnel names the vpn: "
			"nothing is routed into it", v->name, v->bind);
	} else {
		int err;

		b.nexthop = h ? &h->nexthop : NULL;
		err = kern_bind_add(&a->g, &b);
		if (err)
			return err;
	}
	log_msg(LOG_INFO, "vpn %s (index %u) %s on %s", v->name, lv->index,
		v->manual ? "installed" : "bound, waiting for IKE", v->bind);
	return 0;
}

static uint32_t free_index(const struct live_vpn *lv, size_t n)
{
	uint32_t index = M_INDEX_BASE;
	size_t i;

again:
	for (i = 0; i < n; i++)
		if (lv[i].name && lv[i].index == index) {
			index++;
			goto again;
		}
	return index;
}

/* --- the whole ------------------------------------------------------------------ */

int apply_model(struct applied *a, struct model *nm, char *errs, size_t errlen)
{
	struct errbuf e = { .buf = errs, .len = errlen };
	struct live_vpn *nl;
	bool *keep;
	size_t i, j;
	int err = 0;

	if (errlen)
		errs[0] = '\0';
	nl = calloc(nm->nvpns ?: 1, sizeof(*nl));
	keep = calloc(a->m.nvpns ?: 1, sizeof(*keep));
	if (!nl || !keep) {
		free(nl);
		free(keep);
		model_free(nm);
		err_add(&e, "out of memory");
		return -ENOMEM;
	}

	/* Checks: nothing has changed yet. */
	check_ifaces(a, nm, &e);
	check_routes(nm, &e);
	for (i = 0; i < nm->nvpns; i++)
		if (nm->vpns[i].manual)
			resolve_local(a, nm, &nm->vpns[i], &nl[i].local, &e);
	if (e.count) {
		free(nl);
		free(keep);
		model_free(nm);
		return -EINVAL;
	}

	/* Which VPNs stay as they are, and the index each keeps or gets. */
	for (i = 0; i < nm->nvpns; i++) {
		const struct m_vpn *o = model_vpn(&a->m, nm->vpns[i].name);

		if (!o)
			continue;
		j = o - a->m.vpns;
		nl[i].index = a->vpns[j].index;
		if (vpn_same(&a->m, o, &a->vpns[j].local, nm, &nm->vpns[i], &nl[i].local)) {
			keep[j] = true;
			nl[i].sas = a->vpns[j].sas;
		}
	}
	for (i = 0; i < nm->nvpns; i++) {
		nl[i].name = nm->vpns[i].name;
		if (!nl[i].index)
			nl[i].index = free_index(nl, nm->nvpns);
	}

	remove_old(a, nm, keep);
	err = add_ifaces(a, nm);
	if (err)
		err_add(&e, "error: %s", a->rt.errmsg);
	for (i = 0; !err && i < nm->nvpns; i++) {
		const struct m_vpn *o = model_vpn(&a->m, nm->vpns[i].name);

		if (o && keep[o - a->m.vpns])
			continue;
		err = add_vpn(a, nm, &nm->vpns[i], &nl[i]);
		if (err)
			err_add(&e, "%s:%d: error: vpn %s: %s", nm->vpns[i].file,
				nm->vpns[i].line, nm->vpns[i].name, a->g.errmsg);
	}
	for (i = 0; !err && i < nm->nroutes; i++) {
		bool same = false;

		for (j = 0; j < a->m.nroutes && !same; j++) {
			const struct m_route *o = &a->m.routes[j], *n = &nm->routes[i];

			same = prefix_eq(&o->dst, &n->dst) && o->priority == n->priority &&
			       o->nnh == n->nnh &&
			       !memcmp(o->nh, n->nh, n->nnh * sizeof(*n->nh));
		}
		if (!same && (err = rt_route_set(&a->rt, &nm->routes[i])))
			err_add(&e, "error: %s", a->rt.errmsg);
	}

	/* NEW is what is applied now, even in part: the next apply starts from it. */
	model_free(&a->m);
	free(a->vpns);
	a->m = *nm;
	memset(nm, 0, sizeof(*nm));
	a->vpns = nl;
	free(keep);
	return err ? -EIO : 0;
}

int apply_vpn_reset(struct applied *a, size_t i)
{
	vpn_remove(a, &a->m, &a->m.vpns[i], &a->vpns[i]);
	return add_vpn(a, &a->m, &a->m.vpns[i], &a->vpns[i]);
}

const struct live_vpn *apply_vpn_by_index(const struct applied *a, uint32_t index)
{
	size_t i;

	for (i = 0; i < a->m.nvpns; i++)
		if (a->vpns[i].index == index)
			return &a->vpns[i];
	return NULL;
}

/* --- start and stop ---------------------------------------------------------------- */

static int flush_sa(const struct kern_sa_info *sa, void *arg)
{
	uint32_t **ids = arg;

	if (sa->id >= STVPN_AGENT_SA_BASE)
		*(*ids)++ = sa->id;
	return 0;
}

static int count_sa(const struct kern_sa_info *sa, void *arg)
{
	(void)sa;
	(*(size_t *)arg)++;
	return 0;
}

struct stale_bind {
	struct kern_bind_info	*b;
	size_t			n, size;
};

static int flush_bind(const struct kern_bind_info *b, void *arg)
{
	struct stale_bind *s = arg;

	if (b->tunnel_id < M_INDEX_BASE)
		return 0;
	if (s->n == s->size) {
		size_t size = s->size ? 2 * s->size : 16;
		void *p = realloc(s->b, size * sizeof(*s->b));

		if (!p)
			return -ENOMEM;
		s->b = p;
		s->size = size;
	}
	s->b[s->n++] = *b;
	return 0;
}

/* What an earlier stvpnd left: its routes, bindings and SAs. */
static void flush_stale(struct applied *a)
{
	struct stale_bind s = { 0 };
	uint32_t *ids, *end;
	size_t n = 0, i;
	int routes;

	routes = rt_route_flush(&a->rt);
	if (routes > 0)
		log_msg(LOG_INFO, "removed %d routes an earlier stvpnd left", routes);
	if (!kern_bind_dump(&a->g, flush_bind, &s))
		for (i = 0; i < s.n; i++) {
			char dev[IF_NAMESIZE];

			if (if_indextoname(s.b[i].ifindex, dev))
				kern_bind_del(&a->g, dev, s.b[i].nexthop.family ? &s.b[i].nexthop : NULL);
		}
	free(s.b);
	if (kern_sa_dump(&a->g, count_sa, &n) || !n)
		return;
	ids = calloc(n, sizeof(*ids));
	if (!ids)
		return;
	end = ids;
	if (!kern_sa_dump(&a->g, flush_sa, &end))
		for (i = 0; i < (size_t)(end - ids); i++)
			kern_sa_del(&a->g, ids[i]);
	free(ids);
}

int apply_init(struct applied *a, char *err, size_t errlen)
{
	int ret;

	memset(a, 0, sizeof(*a));
	ret = stvpn_genl_open(&a->g);
	if (ret) {
		snprintf(err, errlen, "%s", a->g.errmsg);
		return ret;
	}
	ret = rt_open(&a->rt);
	if (ret) {
		snprintf(err, errlen, "%s", a->rt.errmsg);
		stvpn_genl_close(&a->g);
		return ret;
	}
	flush_stale(a);
	return 0;
}

void apply_fini(struct applied *a)
{
	model_free(&a->m);
	free(a->vpns);
	free(a->created);
	rt_close(&a->rt);
	stvpn_genl_close(&a->g);
	memset(a, 0, sizeof(*a));
}
