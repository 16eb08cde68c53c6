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

	*multipoint = i && i->multipoint;
	return *multipoint ? model_vpn_nexthop(m, v) : NULL;
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

/* The SA ids of a VPN, whether or not they are in the module. */
static void vpn_remove_sas(struct applied *a, struct live_vpn *lv)
{
	kern_sa_del(&a->g, sa_id(lv->index, SA_SLOT_IN));
	kern_sa_del(&a->g, sa_id(lv->index, SA_SLOT_OUT));
	lv->sas = false;
}

static void vpn_remove(struct applied *a, const struct model *m, const struct m_vpn *v,
		       struct live_vpn *lv)
{
	const struct m_nhtb *h;
	bool mp;

	/* The binding comes last when a VPN is added: only a VPN in full has one. */
	h = vpn_nexthop(m, v, &mp);
	if (lv->ok && (!mp || h) && kern_bind_del(&a->g, v->bind, h ? &h->nexthop : NULL))
		log_msg(LOG_WARNING, "vpn %s: removing its binding: %s", v->name, a->g.errmsg);
	if (lv->sas)
		vpn_remove_sas(a, lv);
	lv->ok = false;
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

static bool has_prefix(const struct m_iface *i, const struct m_prefix *p)
{
	size_t k;

	for (k = 0; i && k < i->naddrs; k++)
		if (prefix_eq(&i->addrs[k], p))
			return true;
	return false;
}

static bool owns_addr(const struct applied *a, const char *dev, const struct m_prefix *p)
{
	size_t i;

	for (i = 0; i < a->naddrs; i++)
		if (!strcmp(a->addrs[i].dev, dev) && prefix_eq(&a->addrs[i].p, p))
			return true;
	return false;
}

/* Forgets the addresses of DEV (all of them with P NULL). */
static void disown_addrs(struct applied *a, const char *dev, const struct m_prefix *p)
{
	size_t i, n = 0;

	for (i = 0; i < a->naddrs; i++)
		if (strcmp(a->addrs[i].dev, dev) || (p && !prefix_eq(&a->addrs[i].p, p)))
			a->addrs[n++] = a->addrs[i];
	a->naddrs = n;
}

static bool same_route_key(const struct m_route *x, const struct m_route *y)
{
	return prefix_eq(&x->dst, &y->dst) && x->priority == y->priority;
}

static void remove_old(struct applied *a, const struct model *nm, const bool *keep)
{
	const struct model *om = &a->m;
	size_t i, j, pos;

	for (i = 0; i < om->nvpns; i++)
		if (!keep[i])
			vpn_remove(a, om, &om->vpns[i], &a->vpns[i]);

	/* A route is its destination and priority: a new metric is a new route. */
	for (i = 0; i < om->nroutes; i++) {
		bool still = false;

		if (!a->route_ok[i])
			continue;
		for (j = 0; j < nm->nroutes && !still; j++)
			still = same_route_key(&om->routes[i], &nm->routes[j]);
		if (!still)
			rt_route_del(&a->rt, &om->routes[i].dst, om->routes[i].priority);
	}

	/* Only the addresses stvpnd added go: one that was there stays. */
	for (i = 0; i < a->naddrs;) {
		const struct owned_addr *o = &a->addrs[i];
		unsigned int ifindex = if_nametoindex(o->dev);

		if (has_prefix(model_iface(nm, o->dev), &o->p)) {
			i++;
			continue;
		}
		if (ifindex)
			rt_addr_del(&a->rt, (int)ifindex, &o->p);
		a->addrs[i] = a->addrs[--a->naddrs];
	}

	for (i = 0; i < om->nifaces; i++) {
		const char *name = om->ifaces[i].name;
		unsigned int ifindex = if_nametoindex(name);

		if (model_iface(nm, name) || !created_by_us(a, name, &pos))
			continue;
		if (ifindex)
			rt_link_del(&a->rt, (int)ifindex);
		memmove(&a->created[pos], &a->created[pos + 1],
			(a->ncreated - pos - 1) * sizeof(a->created[0]));
		a->ncreated--;
		disown_addrs(a, name, NULL);
		log_msg(LOG_INFO, "%s deleted", name);
	}
}

/* --- putting in --------------------------------------------------------------- */

static int remember_created(struct applied *a, const char *name)
{
	void *p;

	if (created_by_us(a, name, NULL))
		return 0;
	p = realloc(a->created, (a->ncreated + 1) * sizeof(a->created[0]));
	if (!p)
		return -ENOMEM;
	a->created = p;
	snprintf(a->created[a->ncreated++], IFNAMSIZ, "%s", name);
	return 0;
}

static int own_addr(struct applied *a, const char *dev, const struct m_prefix *p)
{
	void *n = realloc(a->addrs, (a->naddrs + 1) * sizeof(*a->addrs));

	if (!n)
		return -ENOMEM;
	a->addrs = n;
	snprintf(a->addrs[a->naddrs].dev, IFNAMSIZ, "%s", dev);
	a->addrs[a->naddrs++].p = *p;
	return 0;
}

/* The device of MI, created if it is an st device that is missing. */
static int iface_device(struct applied *a, const struct m_iface *mi, int *ifindex)
{
	struct rt_link l;
	int err = rt_link_get(&a->rt, mi->name, &l);

	if (!err) {
		*ifindex = l.ifindex;
		return 0;
	}
	if (err != -ENODEV || !mi->st)
		return err;
	err = rt_st_create(&a->rt, mi->name, mi->multipoint ? STVPN_MODE_MULTIPOINT
							    : STVPN_MODE_P2P, ifindex);
	/* Remembered as soon as it exists, so that it goes when it should. */
	if (*ifindex && remember_created(a, mi->name))
		return -ENOMEM;
	if (!err)
		log_msg(LOG_INFO, "%s created (%s)", mi->name,
			mi->multipoint ? "multipoint" : "point-to-point");
	return err;
}

/* Devices, their state and MTU, their addresses, the MSS clamp. */
static void add_ifaces(struct applied *a, const struct model *m, struct errbuf *e)
{
	size_t i, j;

	for (i = 0; i < m->nifaces; i++) {
		const struct m_iface *mi = &m->ifaces[i];
		int ifindex = 0;
		int err = iface_device(a, mi, &ifindex);

		if (!err)
			err = rt_link_up(&a->rt, ifindex, mi->mtu);
		if (err) {
			err_add(e, "%s:%d: error: %s: %s", mi->file, mi->line, mi->name,
				a->rt.errmsg);
			continue;
		}
		for (j = 0; j < mi->naddrs; j++) {
			const struct m_prefix *p = &mi->addrs[j];
			bool mine = owns_addr(a, mi->name, p);

			err = rt_addr_add(&a->rt, ifindex, p, mine);
			if (!err && !mine)
				err = own_addr(a, mi->name, p);
			else if (err == -EEXIST)
				err = 0;	/* there already, and not stvpnd's */
			if (err)
				err_add(e, "%s:%d: error: %s: %s", mi->file, mi->line, mi->name,
					a->rt.errmsg);
		}
		if (mi->st && kern_dev_mss(&a->g, mi->name, m->tcp_mss))
			err_add(e, "%s:%d: error: %s: tcp-mss: %s", mi->file, mi->line, mi->name,
				a->g.errmsg);
	}
}

static int add_vpn(struct applied *a, const struct model *m, const struct m_vpn *v,
		   struct live_vpn *lv)
{
	lv->ok = false;
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
	lv->bind_ifindex = if_nametoindex(v->bind);
	lv->ok = true;
	log_msg(LOG_INFO, "vpn %s (index %u) %s on %s", v->name, lv->index,
		v->manual ? "installed" : "bound, waiting for IKE", v->bind);
	return 0;
}

static int u32_cmp(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return a < b ? -1 : a > b;
}

/*
 * Gives every VPN of NL without an index (a new one) the lowest index
 * no other has, from M_INDEX_BASE up.
 */
static int assign_indexes(struct live_vpn *nl, size_t n)
{
	uint32_t *used = malloc((n ?: 1) * sizeof(*used)), next = M_INDEX_BASE;
	size_t i, nused = 0, u = 0;

	if (!used)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		if (nl[i].index)
			used[nused++] = nl[i].index;
	qsort(used, nused, sizeof(*used), u32_cmp);
	for (i = 0; i < n; i++) {
		if (nl[i].index)
			continue;
		while (u < nused && used[u] < next)
			u++;
		while (u < nused && used[u] == next) {
			next++;
			u++;
		}
		nl[i].index = next++;
	}
	free(used);
	return 0;
}

/* --- the whole ------------------------------------------------------------------ */

/* The routes of NM, each added or (if stvpnd's already) replaced. */
static void add_routes(struct applied *a, const struct model *nm, bool *ok, struct errbuf *e)
{
	size_t i, j;

	for (i = 0; i < nm->nroutes; i++) {
		const struct m_route *r = &nm->routes[i];
		bool mine = false;
		char p[ST_ADDRSTRLEN];
		int err;

		for (j = 0; j < a->m.nroutes && !mine; j++)
			mine = a->route_ok[j] && same_route_key(&a->m.routes[j], r);
		/*
		 * Replacing what is stvpnd's restores it too (a device that was
		 * deleted and made again took its routes with it).
		 */
		err = rt_route_set(&a->rt, r, mine);
		ok[i] = !err;
		if (err == -EEXIST)
			log_msg(LOG_WARNING, "route %s/%u: a route that is not stvpnd's is there: "
				"left as it is", ntop(&r->dst.addr, p, sizeof(p)), r->dst.plen);
		else if (err)
			err_add(e, "error: route %s/%u: %s", ntop(&r->dst.addr, p, sizeof(p)),
				r->dst.plen, a->rt.errmsg);
	}
}

int apply_model(struct applied *a, struct model *nm, char *errs, size_t errlen)
{
	struct errbuf e = { .buf = errs, .len = errlen };
	struct live_vpn *nl;
	bool *keep, *route_ok;
	size_t i, j;

	if (errlen)
		errs[0] = '\0';
	nl = calloc(nm->nvpns ?: 1, sizeof(*nl));
	keep = calloc(a->m.nvpns ?: 1, sizeof(*keep));
	route_ok = calloc(nm->nroutes ?: 1, sizeof(*route_ok));
	if (!nl || !keep || !route_ok)
		goto nomem;

	/* Checks: nothing has changed yet. */
	check_ifaces(a, nm, &e);
	check_routes(nm, &e);
	for (i = 0; i < nm->nvpns; i++)
		if (nm->vpns[i].manual)
			resolve_local(a, nm, &nm->vpns[i], &nl[i].local, &e);
	if (e.count) {
		free(nl);
		free(keep);
		free(route_ok);
		model_free(nm);
		return -EINVAL;
	}

	/*
	 * Which VPNs stay as they are (same statements, installed in full,
	 * on the same device as before), and the index each keeps or gets.
	 */
	for (i = 0; i < nm->nvpns; i++) {
		const struct m_vpn *o = model_vpn(&a->m, nm->vpns[i].name);
		const struct live_vpn *ol;

		nl[i].name = nm->vpns[i].name;
		if (!o)
			continue;
		j = o - a->m.vpns;
		ol = &a->vpns[j];
		nl[i].index = ol->index;
		if (ol->ok && ol->bind_ifindex == if_nametoindex(nm->vpns[i].bind) &&
		    vpn_same(&a->m, o, &ol->local, nm, &nm->vpns[i], &nl[i].local)) {
			keep[j] = true;
			nl[i].sas = ol->sas;
			nl[i].ok = true;
			nl[i].bind_ifindex = ol->bind_ifindex;
		}
	}
	if (assign_indexes(nl, nm->nvpns))
		goto nomem;

	remove_old(a, nm, keep);
	add_ifaces(a, nm, &e);
	for (i = 0; i < nm->nvpns; i++) {
		const struct m_vpn *v = &nm->vpns[i];

		if (nl[i].ok)
			continue;
		if (add_vpn(a, nm, v, &nl[i]))
			err_add(&e, "%s:%d: error: vpn %s: %s", v->file, v->line, v->name,
				a->g.errmsg);
	}
	add_routes(a, nm, route_ok, &e);

	/* NEW is what is applied now, even in part: the next apply starts from it. */
	model_free(&a->m);
	free(a->vpns);
	free(a->route_ok);
	a->m = *nm;
	memset(nm, 0, sizeof(*nm));
	a->vpns = nl;
	a->route_ok = route_ok;
	free(keep);
	return e.count ? -EIO : 0;
nomem:
	free(nl);
	free(keep);
	free(route_ok);
	model_free(nm);
	err_add(&e, "out of memory");
	return -ENOMEM;
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

struct stale_sas {
	uint32_t	*ids;
	size_t		n, size;
};

static int flush_sa(const struct kern_sa_info *sa, void *arg)
{
	struct stale_sas *s = arg;

	if (sa->id < STVPN_AGENT_SA_BASE)
		return 0;
	if (s->n == s->size) {
		size_t size = s->size ? 2 * s->size : 64;
		void *p = realloc(s->ids, size * sizeof(*s->ids));

		if (!p)
			return -ENOMEM;
		s->ids = p;
		s->size = size;
	}
	s->ids[s->n++] = sa->id;
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

void apply_flush_stale(struct applied *a)
{
	struct stale_bind s = { 0 };
	struct stale_sas sas = { 0 };
	size_t i;
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
	if (!kern_sa_dump(&a->g, flush_sa, &sas))
		for (i = 0; i < sas.n; i++)
			kern_sa_del(&a->g, sas.ids[i]);
	if (s.n || sas.n)
		log_msg(LOG_INFO, "removed %zu bindings and %zu SAs an earlier stvpnd left",
			s.n, sas.n);
	free(sas.ids);
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
	return 0;
}

void apply_fini(struct applied *a)
{
	model_free(&a->m);
	free(a->vpns);
	free(a->route_ok);
	free(a->created);
	free(a->addrs);
	rt_close(&a->rt);
	stvpn_genl_close(&a->g);
	memset(a, 0, sizeof(*a));
}
