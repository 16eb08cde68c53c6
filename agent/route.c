// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rtnetlink for stvpnd, through libnl-route: devices, addresses, routes.
 *
 * libnl-route knows nothing of the st kind's IFLA_INFO_DATA, so the one
 * message that carries it (creating an st device in multipoint mode) is
 * built by hand; everything else goes through libnl-route's objects.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/route.h>
#include <netlink/route/nexthop.h>

#include <linux/stvpn.h>

#include "route.h"

/* libnl's error for a request: a negative errno and r->errmsg. */
static int rt_fail(struct st_rtnl *r, int nlerr, const char *what)
{
	snprintf(r->errmsg, sizeof(r->errmsg), "%s: %s", what, nl_geterror(nlerr));
	switch (-nlerr) {
	case NLE_EXIST:		return -EEXIST;
	case NLE_OBJ_NOTFOUND:
	case NLE_NODEV:		return -ENODEV;
	case NLE_PERM:		return -EPERM;
	case NLE_NOMEM:		return -ENOMEM;
	case NLE_INVAL:		return -EINVAL;
	case NLE_RANGE:		return -ERANGE;
	case NLE_NOADDR:	return -EADDRNOTAVAIL;
	default:		return -EIO;
	}
}

int rt_open(struct st_rtnl *r)
{
	int err;

	r->errmsg[0] = '\0';
	r->sk = nl_socket_alloc();
	if (!r->sk) {
		snprintf(r->errmsg, sizeof(r->errmsg), "cannot allocate a netlink socket");
		return -ENOMEM;
	}
	err = nl_connect(r->sk, NETLINK_ROUTE);
	if (err < 0) {
		nl_socket_free(r->sk);
		r->sk = NULL;
		return rt_fail(r, err, "rtnetlink");
	}
	return 0;
}

void rt_close(struct st_rtnl *r)
{
	if (r->sk)
		nl_socket_free(r->sk);
	r->sk = NULL;
}

int rt_link_get(struct st_rtnl *r, const char *name, struct rt_link *l)
{
	struct rtnl_link *link;
	const char *kind;
	int err;

	memset(l, 0, sizeof(*l));
	err = rtnl_link_get_kernel(r->sk, 0, name, &link);
	if (err < 0) {
		if (err == -NLE_NODEV || err == -NLE_OBJ_NOTFOUND) {
			snprintf(r->errmsg, sizeof(r->errmsg), "no device %s", name);
			return -ENODEV;
		}
		return rt_fail(r, err, name);
	}
	kind = rtnl_link_get_type(link);
	l->ifindex = rtnl_link_get_ifindex(link);
	l->st = kind && !strcmp(kind, "st");
	l->up = rtnl_link_get_flags(link) & IFF_UP;
	l->running = rtnl_link_get_flags(link) & IFF_RUNNING;
	l->mtu = rtnl_link_get_mtu(link);
	l->rx_bytes = rtnl_link_get_stat(link, RTNL_LINK_RX_BYTES);
	l->tx_bytes = rtnl_link_get_stat(link, RTNL_LINK_TX_BYTES);
	l->rx_packets = rtnl_link_get_stat(link, RTNL_LINK_RX_PACKETS);
	l->tx_packets = rtnl_link_get_stat(link, RTNL_LINK_TX_PACKETS);
	l->rx_errors = rtnl_link_get_stat(link, RTNL_LINK_RX_ERRORS);
	l->tx_errors = rtnl_link_get_stat(link, RTNL_LINK_TX_ERRORS);
	l->rx_dropped = rtnl_link_get_stat(link, RTNL_LINK_RX_DROPPED);
	l->tx_dropped = rtnl_link_get_stat(link, RTNL_LINK_TX_DROPPED);
	rtnl_link_put(link);
	return 0;
}

/*
 * No IPv6 link-local address: an st interface carries what is routed into
 * it, like a Junos st0, and nothing of its own ("ip link set st0
 * addrgenmode none"). The kernel takes this only once the device exists.
 */
static int no_link_local(struct st_rtnl *r, int ifindex)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
	struct nlattr *af, *inet6;
	struct nl_msg *msg;
	int err;

	msg = nlmsg_alloc_simple(RTM_NEWLINK, 0);
	if (!msg)
		return rt_fail(r, -NLE_NOMEM, "addrgenmode");
	if (nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 ||
	    !(af = nla_nest_start(msg, IFLA_AF_SPEC)) ||
	    !(inet6 = nla_nest_start(msg, AF_INET6)) ||
	    nla_put_u8(msg, IFLA_INET6_ADDR_GEN_MODE, IN6_ADDR_GEN_MODE_NONE) < 0) {
		nlmsg_free(msg);
		return rt_fail(r, -NLE_NOMEM, "addrgenmode");
	}
	nla_nest_end(msg, inet6);
	nla_nest_end(msg, af);
	err = nl_send_sync(r->sk, msg);
	/* A kernel without IPv6 has no link-local address to avoid. */
	return err < 0 && err != -NLE_AF_NOSUPPORT ? rt_fail(r, err, "addrgenmode") : 0;
}

/* RTM_NEWLINK NAME type st { mode MODE }, by hand: see the top. */
int rt_st_create(struct st_rtnl *r, const char *name, unsigned int mode, int *ifindex)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct nlattr *info, *data;
	struct rt_link l;
	struct nl_msg *msg;
	int err;

	msg = nlmsg_alloc_simple(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	if (!msg)
		return rt_fail(r, -NLE_NOMEM, name);
	if (nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 ||
	    nla_put_string(msg, IFLA_IFNAME, name) < 0 ||
	    !(info = nla_nest_start(msg, IFLA_LINKINFO)) ||
	    nla_put_string(msg, IFLA_INFO_KIND, "st") < 0 ||
	    !(data = nla_nest_start(msg, IFLA_INFO_DATA)) ||
	    nla_put_u32(msg, IFLA_ST_MODE, mode) < 0) {
		nlmsg_free(msg);
		return rt_fail(r, -NLE_NOMEM, name);
	}
	nla_nest_end(msg, data);
	nla_nest_end(msg, info);
	*ifindex = 0;
	err = nl_send_sync(r->sk, msg);		/* frees MSG */
	if (err == -NLE_OPNOTSUPP || err == -NLE_NOATTR) {
		snprintf(r->errmsg, sizeof(r->errmsg),
			 "cannot create %s: is the stvpn module loaded?", name);
		return -EOPNOTSUPP;
	}
	if (err < 0)
		return rt_fail(r, err, name);
	err = rt_link_get(r, name, &l);
	if (err)
		return err;
	*ifindex = l.ifindex;
	return no_link_local(r, l.ifindex);
}

int rt_link_del(struct st_rtnl *r, int ifindex)
{
	struct rtnl_link *link = rtnl_link_alloc();
	int err;

	if (!link)
		return rt_fail(r, -NLE_NOMEM, "delete link");
	rtnl_link_set_ifindex(link, ifindex);
	err = rtnl_link_delete(r->sk, link);
	rtnl_link_put(link);
	return err < 0 ? rt_fail(r, err, "delete link") : 0;
}

int rt_link_up(struct st_rtnl *r, int ifindex, unsigned int mtu)
{
	struct rtnl_link *orig = rtnl_link_alloc(), *change = rtnl_link_alloc();
	int err = -NLE_NOMEM;

	if (orig && change) {
		rtnl_link_set_ifindex(orig, ifindex);
		rtnl_link_set_flags(change, IFF_UP);
		if (mtu)
			rtnl_link_set_mtu(change, mtu);
		err = rtnl_link_change(r->sk, orig, change, 0);
	}
	if (orig)
		rtnl_link_put(orig);
	if (change)
		rtnl_link_put(change);
	return err < 0 ? rt_fail(r, err, "set link") : 0;
}

/* --- addresses -------------------------------------------------------------- */

static struct nl_addr *prefix_nl(const struct m_prefix *p)
{
	struct nl_addr *a = nl_addr_build(p->addr.family, p->addr.bytes, p->addr.len);

	if (a)
		nl_addr_set_prefixlen(a, p->plen);
	return a;
}

static int addr_change(struct st_rtnl *r, int ifindex, const struct m_prefix *p, bool add,
		       int flags)
{
	struct rtnl_addr *ra = rtnl_addr_alloc();
	struct nl_addr *local = prefix_nl(p);
	int err = -NLE_NOMEM;

	if (ra && local) {
		rtnl_addr_set_ifindex(ra, ifindex);
		rtnl_addr_set_family(ra, p->addr.family);
		err = rtnl_addr_set_local(ra, local);
		rtnl_addr_set_prefixlen(ra, p->plen);
		if (!err)
			err = add ? rtnl_addr_add(r->sk, ra, flags)
				  : rtnl_addr_delete(r->sk, ra, 0);
	}
	if (local)
		nl_addr_put(local);
	if (ra)
		rtnl_addr_put(ra);
	return err < 0 ? rt_fail(r, err, add ? "add address" : "delete address") : 0;
}

int rt_addr_add(struct st_rtnl *r, int ifindex, const struct m_prefix *p, bool replace)
{
	return addr_change(r, ifindex, p, true, replace ? NLM_F_REPLACE : NLM_F_EXCL);
}

int rt_addr_del(struct st_rtnl *r, int ifindex, const struct m_prefix *p)
{
	return addr_change(r, ifindex, p, false, 0);
}

int rt_addr_walk(struct st_rtnl *r, int ifindex, int family,
		 int (*cb)(const struct m_prefix *p, void *arg), void *arg)
{
	struct nl_cache *cache;
	struct nl_object *o;
	int err, ret = 0;

	err = rtnl_addr_alloc_cache(r->sk, &cache);
	if (err < 0)
		return rt_fail(r, err, "addresses");
	for (o = nl_cache_get_first(cache); o && !ret; o = nl_cache_get_next(o)) {
		struct rtnl_addr *ra = (struct rtnl_addr *)o;
		struct nl_addr *local = rtnl_addr_get_local(ra);
		struct m_prefix p = { 0 };

		if (rtnl_addr_get_ifindex(ra) != ifindex || !local)
			continue;
		if (family != AF_UNSPEC && rtnl_addr_get_family(ra) != family)
			continue;
		if (nl_addr_get_len(local) != 4 && nl_addr_get_len(local) != 16)
			continue;
		p.addr.family = rtnl_addr_get_family(ra);
		p.addr.len = nl_addr_get_len(local);
		memcpy(p.addr.bytes, nl_addr_get_binary_addr(local), p.addr.len);
		p.plen = rtnl_addr_get_prefixlen(ra);
		ret = cb(&p, arg);
	}
	nl_cache_free(cache);
	return ret;
}

/* --- routes ----------------------------------------------------------------- */

static struct rtnl_route *route_new(const struct m_prefix *dst)
{
	struct rtnl_route *rt = rtnl_route_alloc();
	struct nl_addr *a = prefix_nl(dst);

	if (!rt || !a || rtnl_route_set_dst(rt, a) < 0) {
		if (rt)
			rtnl_route_put(rt);
		rt = NULL;
	} else {
		rtnl_route_set_family(rt, dst->addr.family);
		rtnl_route_set_table(rt, RT_TABLE_MAIN);
		rtnl_route_set_protocol(rt, STVPN_RTPROT);
	}
	if (a)
		nl_addr_put(a);
	return rt;
}

int rt_route_set(struct st_rtnl *r, const struct m_route *route, bool replace)
{
	struct rtnl_route *rt = route_new(&route->dst);
	bool link_only = true;
	size_t i;
	int err;

	if (!rt)
		return rt_fail(r, -NLE_NOMEM, "route");
	rtnl_route_set_type(rt, RTN_UNICAST);
	rtnl_route_set_priority(rt, route->priority);
	for (i = 0; i < route->nnh; i++) {
		const struct m_nexthop *h = &route->nh[i];
		struct rtnl_nexthop *nh = rtnl_route_nh_alloc();

		if (!nh) {
			rtnl_route_put(rt);
			return rt_fail(r, -NLE_NOMEM, "route");
		}
		if (h->dev[0]) {
			unsigned int ifindex = if_nametoindex(h->dev);

			if (!ifindex) {
				rtnl_route_nh_free(nh);
				rtnl_route_put(rt);
				snprintf(r->errmsg, sizeof(r->errmsg), "route next-hop: no device %s",
					 h->dev);
				return -ENODEV;
			}
			rtnl_route_nh_set_ifindex(nh, ifindex);
		}
		if (h->gw.family) {
			struct nl_addr *gw = nl_addr_build(h->gw.family, h->gw.bytes, h->gw.len);

			if (!gw) {
				rtnl_route_nh_free(nh);
				rtnl_route_put(rt);
				return rt_fail(r, -NLE_NOMEM, "route");
			}
			rtnl_route_nh_set_gateway(nh, gw);
			nl_addr_put(gw);
			link_only = false;
		}
		rtnl_route_add_nexthop(rt, nh);
	}
	rtnl_route_set_scope(rt, link_only ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE);
	err = rtnl_route_add(r->sk, rt, NLM_F_CREATE | (replace ? NLM_F_REPLACE : NLM_F_EXCL));
	rtnl_route_put(rt);
	return err < 0 ? rt_fail(r, err, "add route") : 0;
}

int rt_route_del(struct st_rtnl *r, const struct m_prefix *dst, uint32_t priority)
{
	struct rtnl_route *rt = route_new(dst);
	int err;

	if (!rt)
		return rt_fail(r, -NLE_NOMEM, "route");
	rtnl_route_set_scope(rt, RT_SCOPE_NOWHERE);
	rtnl_route_set_priority(rt, priority);
	err = rtnl_route_delete(r->sk, rt, 0);
	rtnl_route_put(rt);
	return err < 0 ? rt_fail(r, err, "delete route") : 0;
}

int rt_route_flush(struct st_rtnl *r)
{
	static const int families[] = { AF_INET, AF_INET6 };
	struct nl_cache *cache;
	struct nl_object *o;
	int n = 0;
	size_t f;

	for (f = 0; f < sizeof(families) / sizeof(families[0]); f++) {
		int err = rtnl_route_alloc_cache(r->sk, families[f], 0, &cache);
		if (err < 0)
			return rt_fail(r, err, "routes");
		for (o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
			struct rtnl_route *rt = (struct rtnl_route *)o;

			if (rtnl_route_get_protocol(rt) != STVPN_RTPROT)
				continue;
			if (rtnl_route_delete(r->sk, rt, 0) >= 0)
				n++;
		}
		nl_cache_free(cache);
	}
	return n;
}
