// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stvpnd's side of the "stvpn" generic netlink family (see kern.h).
 */
#include <errno.h>
#include <string.h>

#include <netlink/attr.h>

#include "kern.h"

/* Frees a message that held keys, wiping what was written into it. */
static void wipe_free(struct nl_msg *msg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	explicit_bzero(nlh, nlh->nlmsg_len);
	nlmsg_free(msg);
}

static int nomem(struct stvpn_genl *g, struct nl_msg *msg)
{
	if (msg)
		nlmsg_free(msg);
	snprintf(g->errmsg, sizeof(g->errmsg), "out of memory");
	return -ENOMEM;
}

int kern_sa_add(struct stvpn_genl *g, const struct kern_sa *sa)
{
	struct nl_msg *msg = stvpn_genl_msg(g, STVPN_CMD_SA_NEW, 0);
	struct nlattr *nest;
	int err;

	if (!msg)
		return nomem(g, NULL);
	nest = nla_nest_start(msg, STVPN_A_SA);
	if (!nest ||
	    nla_put_u32(msg, STVPN_A_SA_ID, sa->id) < 0 ||
	    nla_put_u8(msg, STVPN_A_SA_DIR, sa->dir) < 0 ||
	    nla_put_u8(msg, STVPN_A_SA_PROTO, sa->proto) < 0 ||
	    nla_put_u32(msg, STVPN_A_SA_SPI, sa->spi) < 0 ||
	    nla_put_u8(msg, STVPN_A_SA_MODE, STVPN_SA_MODE_TUNNEL) < 0 ||
	    nla_put(msg, STVPN_A_SA_SRC, (int)sa->src.len, sa->src.bytes) < 0 ||
	    nla_put(msg, STVPN_A_SA_DST, (int)sa->dst.len, sa->dst.bytes) < 0 ||
	    nla_put_u8(msg, STVPN_A_SA_ENC_ALG, sa->enc) < 0 ||
	    nla_put_u8(msg, STVPN_A_SA_AUTH_ALG, sa->auth) < 0 ||
	    nla_put_u32(msg, STVPN_A_SA_REPLAY_WINDOW, sa->replay_window) < 0 ||
	    nla_put_u32(msg, STVPN_A_SA_FLAGS, sa->flags) < 0 ||
	    nla_put_u8(msg, STVPN_A_SA_DF, sa->df) < 0)
		goto nomem;
	if (sa->enc_key_len &&
	    nla_put(msg, STVPN_A_SA_ENC_KEY, (int)sa->enc_key_len, sa->enc_key) < 0)
		goto nomem;
	if (sa->auth_key_len &&
	    nla_put(msg, STVPN_A_SA_AUTH_KEY, (int)sa->auth_key_len, sa->auth_key) < 0)
		goto nomem;
	nla_nest_end(msg, nest);

	/*
	 * stvpn_genl_request() frees MSG after sending; wipe the keys in it
	 * first by holding a reference of our own.
	 */
	nlmsg_get(msg);
	err = stvpn_genl_request(g, msg, NULL, NULL);
	wipe_free(msg);
	return err;
nomem:
	wipe_free(msg);
	return nomem(g, NULL);
}

static int sa_id_request(struct stvpn_genl *g, int cmd, uint32_t id)
{
	struct nl_msg *msg = stvpn_genl_msg(g, cmd, 0);

	if (!msg)
		return nomem(g, NULL);
	if (id) {
		struct nlattr *nest = nla_nest_start(msg, STVPN_A_SA);
		if (!nest || nla_put_u32(msg, STVPN_A_SA_ID, id) < 0)
			return nomem(g, msg);
		nla_nest_end(msg, nest);
	}
	return stvpn_genl_request(g, msg, NULL, NULL);
}

int kern_sa_del(struct stvpn_genl *g, uint32_t id)
{
	return sa_id_request(g, STVPN_CMD_SA_DEL, id);
}

int kern_stats_clear(struct stvpn_genl *g, uint32_t id)
{
	return sa_id_request(g, STVPN_CMD_STATS_CLEAR, id);
}

int kern_bind_add(struct stvpn_genl *g, const struct kern_bind *b)
{
	struct nl_msg *msg = stvpn_genl_msg(g, STVPN_CMD_BIND_NEW, 0);
	struct nlattr *nest;

	if (!msg)
		return nomem(g, NULL);
	if (nla_put_string(msg, STVPN_A_IFNAME, b->dev) < 0 ||
	    !(nest = nla_nest_start(msg, STVPN_A_BIND)) ||
	    (b->nexthop && nla_put(msg, STVPN_A_BIND_NEXTHOP, (int)b->nexthop->len,
				   b->nexthop->bytes) < 0) ||
	    nla_put_u32(msg, STVPN_A_BIND_TUNNEL_ID, b->tunnel_id) < 0 ||
	    nla_put_string(msg, STVPN_A_BIND_NAME, b->name) < 0 ||
	    nla_put_u32(msg, STVPN_A_BIND_FLAGS, b->flags) < 0 ||
	    (b->out_sa && nla_put_u32(msg, STVPN_A_BIND_OUT_SA, b->out_sa) < 0) ||
	    (b->in_sa && nla_put_u32(msg, STVPN_A_BIND_IN_SA, b->in_sa) < 0))
		return nomem(g, msg);
	nla_nest_end(msg, nest);
	return stvpn_genl_request(g, msg, NULL, NULL);
}

int kern_bind_del(struct stvpn_genl *g, const char *dev, const struct st_addr *nexthop)
{
	struct nl_msg *msg = stvpn_genl_msg(g, STVPN_CMD_BIND_DEL, 0);
	struct nlattr *nest;

	if (!msg)
		return nomem(g, NULL);
	if (nla_put_string(msg, STVPN_A_IFNAME, dev) < 0 ||
	    !(nest = nla_nest_start(msg, STVPN_A_BIND)) ||
	    (nexthop && nla_put(msg, STVPN_A_BIND_NEXTHOP, (int)nexthop->len,
				nexthop->bytes) < 0))
		return nomem(g, msg);
	nla_nest_end(msg, nest);
	return stvpn_genl_request(g, msg, NULL, NULL);
}

/* --- devices ---------------------------------------------------------------- */

/* The u64s of a nest indexed by type, up to MAX. */
static void get_u64s(struct nlattr *nest, uint64_t *v, int max)
{
	struct nlattr *a;
	int rem;

	if (!nest)
		return;
	nla_for_each_nested(a, nest, rem)
		if (nla_type(a) <= max && nla_len(a) == 8)
			v[nla_type(a)] = nla_get_u64(a);
}

struct dev_reply {
	unsigned int	mode;
	uint64_t	*drops;
	bool		seen;
};

static int dev_one(struct nl_msg *msg, void *arg)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	struct nlattr *top[STVPN_A_MAX + 1], *tb[STVPN_A_DEV_MAX + 1];
	struct dev_reply *r = arg;

	if (nla_parse(top, STVPN_A_MAX, genlmsg_attrdata(gh, 0),
		      genlmsg_attrlen(gh, 0), NULL) < 0 || !top[STVPN_A_DEV] ||
	    nla_parse_nested(tb, STVPN_A_DEV_MAX, top[STVPN_A_DEV], stvpn_dev_policy) < 0)
		return NL_SKIP;
	r->seen = true;
	if (tb[STVPN_A_DEV_MODE])
		r->mode = nla_get_u32(tb[STVPN_A_DEV_MODE]);
	if (r->drops)
		get_u64s(tb[STVPN_A_DEV_STATS], r->drops, STVPN_DEV_STAT_MAX);
	return NL_OK;
}

static int dev_get(struct stvpn_genl *g, const char *dev, struct dev_reply *r)
{
	struct nl_msg *msg = stvpn_genl_msg(g, STVPN_CMD_DEV_GET, 0);
	int err;

	if (!msg)
		return nomem(g, NULL);
	if (nla_put_string(msg, STVPN_A_IFNAME, dev) < 0)
		return nomem(g, msg);
	err = stvpn_genl_request(g, msg, dev_one, r);
	if (!err && !r->seen) {
		snprintf(g->errmsg, sizeof(g->errmsg), "%s is not an st device", dev);
		return -ENODEV;
	}
	return err;
}

int kern_dev_mode(struct stvpn_genl *g, const char *dev, unsigned int *mode)
{
	struct dev_reply r = { 0 };
	int err = dev_get(g, dev, &r);

	*mode = r.mode;
	return err;
}

int kern_dev_drops(struct stvpn_genl *g, const char *dev,
		   uint64_t drops[STVPN_DEV_STAT_MAX + 1])
{
	struct dev_reply r = { .drops = drops };

	memset(drops, 0, sizeof(uint64_t) * (STVPN_DEV_STAT_MAX + 1));
	return dev_get(g, dev, &r);
}

int kern_dev_mss(struct stvpn_genl *g, const char *dev, uint16_t mss)
{
	struct nl_msg *msg = stvpn_genl_msg(g, STVPN_CMD_DEV_SET, 0);
	struct nlattr *nest;

	if (!msg)
		return nomem(g, NULL);
	if (nla_put_string(msg, STVPN_A_IFNAME, dev) < 0 ||
	    !(nest = nla_nest_start(msg, STVPN_A_DEV)) ||
	    nla_put_u16(msg, STVPN_A_DEV_TCP_MSS, mss) < 0)
		return nomem(g, msg);
	nla_nest_end(msg, nest);
	return stvpn_genl_request(g, msg, NULL, NULL);
}

/* --- dumps ------------------------------------------------------------------ */

static void get_addr(struct nlattr *a, struct st_addr *addr)
{
	memset(addr, 0, sizeof(*addr));
	if (!a || (nla_len(a) != 4 && nla_len(a) != 16))
		return;
	addr->len = nla_len(a);
	addr->family = addr->len == 4 ? AF_INET : AF_INET6;
	memcpy(addr->bytes, nla_data(a), addr->len);
}

struct dump {
	int	(*sa_cb)(const struct kern_sa_info *, void *);
	int	(*bind_cb)(const struct kern_bind_info *, void *);
	void	*arg;
	int	err;
};

#define U8(tb, i)	((tb)[i] ? nla_get_u8((tb)[i]) : 0)
#define U16(tb, i)	((tb)[i] ? nla_get_u16((tb)[i]) : 0)
#define U32(tb, i)	((tb)[i] ? nla_get_u32((tb)[i]) : 0)

static int sa_one(struct nl_msg *msg, void *arg)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	struct nlattr *top[STVPN_A_MAX + 1], *tb[STVPN_A_SA_MAX + 1];
	struct kern_sa_info sa = { 0 };
	struct dump *d = arg;

	if (nla_parse(top, STVPN_A_MAX, genlmsg_attrdata(gh, 0),
		      genlmsg_attrlen(gh, 0), NULL) < 0 || !top[STVPN_A_SA] ||
	    nla_parse_nested(tb, STVPN_A_SA_MAX, top[STVPN_A_SA], stvpn_sa_policy) < 0)
		return NL_SKIP;
	sa.id = U32(tb, STVPN_A_SA_ID);
	sa.dir = U8(tb, STVPN_A_SA_DIR);
	sa.proto = U8(tb, STVPN_A_SA_PROTO);
	sa.spi = U32(tb, STVPN_A_SA_SPI);
	sa.enc = U8(tb, STVPN_A_SA_ENC_ALG);
	sa.auth = U8(tb, STVPN_A_SA_AUTH_ALG);
	sa.df = U8(tb, STVPN_A_SA_DF);
	sa.state = U8(tb, STVPN_A_SA_STATE);
	sa.replay_window = U32(tb, STVPN_A_SA_REPLAY_WINDOW);
	sa.flags = U32(tb, STVPN_A_SA_FLAGS);
	sa.ifindex = U32(tb, STVPN_A_SA_IFINDEX);
	sa.sport = U16(tb, STVPN_A_SA_ENCAP_SPORT);
	sa.dport = U16(tb, STVPN_A_SA_ENCAP_DPORT);
	get_addr(tb[STVPN_A_SA_SRC], &sa.src);
	get_addr(tb[STVPN_A_SA_DST], &sa.dst);
	get_u64s(tb[STVPN_A_SA_SOFT], sa.soft, STVPN_A_LT_MAX);
	get_u64s(tb[STVPN_A_SA_HARD], sa.hard, STVPN_A_LT_MAX);
	get_u64s(tb[STVPN_A_SA_STATS], sa.stats, STVPN_SA_STAT_MAX);
	d->err = d->sa_cb(&sa, d->arg);
	return d->err ? NL_STOP : NL_OK;
}

int kern_sa_dump(struct stvpn_genl *g,
		 int (*cb)(const struct kern_sa_info *sa, void *arg), void *arg)
{
	struct nl_msg *msg = stvpn_genl_msg(g, STVPN_CMD_SA_GET, NLM_F_DUMP);
	struct dump d = { .sa_cb = cb, .arg = arg };
	int err;

	if (!msg)
		return nomem(g, NULL);
	err = stvpn_genl_request(g, msg, sa_one, &d);
	return err ?: d.err;
}

static int bind_one(struct nl_msg *msg, void *arg)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	struct nlattr *top[STVPN_A_MAX + 1], *tb[STVPN_A_BIND_MAX + 1];
	struct kern_bind_info b = { 0 };
	struct dump *d = arg;

	if (nla_parse(top, STVPN_A_MAX, genlmsg_attrdata(gh, 0),
		      genlmsg_attrlen(gh, 0), NULL) < 0 || !top[STVPN_A_BIND] ||
	    nla_parse_nested(tb, STVPN_A_BIND_MAX, top[STVPN_A_BIND], stvpn_bind_policy) < 0)
		return NL_SKIP;
	b.ifindex = top[STVPN_A_IFINDEX] ? nla_get_u32(top[STVPN_A_IFINDEX]) : 0;
	get_addr(tb[STVPN_A_BIND_NEXTHOP], &b.nexthop);
	b.tunnel_id = U32(tb, STVPN_A_BIND_TUNNEL_ID);
	b.flags = U32(tb, STVPN_A_BIND_FLAGS);
	b.out_sa = U32(tb, STVPN_A_BIND_OUT_SA);
	if (tb[STVPN_A_BIND_NAME])
		nla_strlcpy(b.name, tb[STVPN_A_BIND_NAME], sizeof(b.name));
	d->err = d->bind_cb(&b, d->arg);
	return d->err ? NL_STOP : NL_OK;
}

int kern_bind_dump(struct stvpn_genl *g,
		   int (*cb)(const struct kern_bind_info *b, void *arg), void *arg)
{
	struct nl_msg *msg = stvpn_genl_msg(g, STVPN_CMD_BIND_GET, NLM_F_DUMP);
	struct dump d = { .bind_cb = cb, .arg = arg };
	int err;

	if (!msg)
		return nomem(g, NULL);
	err = stvpn_genl_request(g, msg, bind_one, &d);
	return err ?: d.err;
}
