// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stvpnd's operational commands: gathering what "show ..." prints from
 * the module, rtnetlink and the active configuration (opshow.c lays it
 * out), and the "clear ..." commands.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "daemon.h"
#include "kern.h"
#include "log.h"
#include "opshow.h"

struct req {
	struct daemon	*d;
	bool		json, set;
	bool		privileged;	/* root: may see keys */
	FILE		*out, *err;
};

static int usage_err(struct req *r, const char *what, const char *word)
{
	if (word)
		fprintf(r->err, "stvpn: %s: unknown argument '%s'\n", what, word);
	else
		fprintf(r->err, "stvpn: %s: incomplete command\n", what);
	return EXIT_USAGE;
}

/* "index N", optionally, then the words in WORDS, any of them once. */
struct tail {
	bool		has_index;
	uint32_t	index;
	bool		word[2];
};

static int parse_tail(struct req *r, const char *what, int argc, char **argv,
		      const char *const words[2], struct tail *t)
{
	int i, j;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "index") && !t->has_index) {
			char *end;
			unsigned long v;

			if (i + 1 == argc)
				return usage_err(r, what, NULL);
			v = strtoul(argv[++i], &end, 10);
			if (*end || !argv[i][0] || v > UINT32_MAX) {
				fprintf(r->err, "stvpn: invalid index: '%s'\n", argv[i]);
				return EXIT_USAGE;
			}
			t->index = (uint32_t)v;
			t->has_index = true;
			continue;
		}
		for (j = 0; j < 2; j++)
			if (words[j] && !strcmp(argv[i], words[j]) && !t->word[j]) {
				t->word[j] = true;
				break;
			}
		if (j == 2)
			return usage_err(r, what, argv[i]);
	}
	return EXIT_OK;
}

/* --- IPsec SAs ------------------------------------------------------------------ */

struct sa_list {
	struct req	*r;
	struct op_sa	*sas;
	size_t		n, size;
	char		(*text)[2][ST_ADDRSTRLEN];	/* local, remote */
	uint32_t	only;		/* an index, or 0 */
};

static int sa_collect(const struct kern_sa_info *k, void *arg)
{
	struct sa_list *l = arg;
	const struct applied *a = &l->r->d->a;
	uint32_t index = k->id >> 8;
	const struct live_vpn *lv;
	const struct m_vpn *v;
	struct op_sa *s;

	if (k->id < STVPN_AGENT_SA_BASE || (l->only && index != l->only))
		return 0;
	lv = apply_vpn_by_index(a, index);
	if (!lv)
		return 0;
	v = &a->m.vpns[lv - a->vpns];
	if (l->n == l->size) {
		size_t size = l->size ? 2 * l->size : 16;
		void *p = realloc(l->sas, size * sizeof(*l->sas));
		void *q = realloc(l->text, size * sizeof(*l->text));

		if (p)
			l->sas = p;
		if (q)
			l->text = q;
		if (!p || !q)
			return -ENOMEM;
		l->size = size;
	}
	s = &l->sas[l->n];
	memset(s, 0, sizeof(*s));
	s->index = index;
	s->vpn = v->name;
	s->bind = v->bind;
	s->inbound = k->dir == STVPN_DIR_IN;
	s->manual = v->manual;
	s->proto = k->proto;
	s->spi = k->spi;
	addr_str(s->inbound ? k->dst.bytes : k->src.bytes, (int)k->src.len,
		 l->text[l->n][0], sizeof(l->text[0][0]));
	addr_str(s->inbound ? k->src.bytes : k->dst.bytes, (int)k->src.len,
		 l->text[l->n][1], sizeof(l->text[0][1]));
	s->port = v->manual ? 0 : (k->dport ?: 500);
	s->enc = k->enc;
	s->auth = k->auth;
	s->hard_seconds = k->hard[STVPN_A_LT_SECONDS] ?: OP_UNLIMITED;
	s->soft_seconds = k->soft[STVPN_A_LT_SECONDS] ?: OP_UNLIMITED;
	if (k->hard[STVPN_A_LT_BYTES]) {
		uint64_t used = k->stats[STVPN_SA_STAT_BYTES];

		s->kbytes_left = used < k->hard[STVPN_A_LT_BYTES] ?
				 (k->hard[STVPN_A_LT_BYTES] - used) / 1024 : 0;
	} else {
		s->kbytes_left = OP_UNLIMITED;
	}
	s->mon = '-';
	s->df = k->df;
	s->replay_window = k->replay_window;
	s->esn = k->flags & STVPN_SA_F_ESN;
	s->state = k->state;
	memcpy(s->stats, k->stats, sizeof(s->stats));
	l->n++;
	return 0;
}

static int sa_cmp(const void *x, const void *y)
{
	const struct op_sa *a = x, *b = y;

	if (a->index != b->index)
		return a->index < b->index ? -1 : 1;
	return (int)b->inbound - (int)a->inbound;
}

static int sa_gather(struct req *r, struct sa_list *l, uint32_t only)
{
	size_t i;
	int err;

	memset(l, 0, sizeof(*l));
	l->r = r;
	l->only = only;
	err = kern_sa_dump(&r->d->a.g, sa_collect, l);
	if (err) {
		fprintf(r->err, "stvpn: %s\n", err == -ENOMEM ? "out of memory" : r->d->a.g.errmsg);
		return EXIT_FAIL;
	}
	/* The texts move with realloc: point at them once all are in. */
	for (i = 0; i < l->n; i++) {
		l->sas[i].local = l->text[i][0];
		l->sas[i].remote = l->text[i][1];
	}
	qsort(l->sas, l->n, sizeof(*l->sas), sa_cmp);
	return EXIT_OK;
}

static void sa_list_free(struct sa_list *l)
{
	free(l->sas);
	free(l->text);
}

static int show_ipsec_sa(struct req *r, int argc, char **argv)
{
	static const char *const words[2] = { "detail", NULL };
	struct sa_list l;
	struct tail t;
	int ret = parse_tail(r, "show security ipsec security-associations", argc, argv, words, &t);

	if (ret)
		return ret;
	ret = sa_gather(r, &l, t.has_index ? t.index : 0);
	if (!ret)
		op_ipsec_sa(r->out, l.sas, l.n, t.word[0], r->json);
	sa_list_free(&l);
	return ret;
}

static int show_ipsec_stats(struct req *r, int argc, char **argv)
{
	static const char *const words[2] = { NULL, NULL };
	struct sa_list l;
	struct tail t;
	int ret = parse_tail(r, "show security ipsec statistics", argc, argv, words, &t);

	if (ret)
		return ret;
	if (t.has_index && !apply_vpn_by_index(&r->d->a, t.index)) {
		fprintf(r->err, "stvpn: no VPN with index %u\n", t.index);
		return EXIT_FAIL;
	}
	ret = sa_gather(r, &l, t.has_index ? t.index : 0);
	if (!ret)
		op_ipsec_stats(r->out, l.sas, l.n, r->json);
	sa_list_free(&l);
	return ret;
}

/* --- next-hop tunnels ----------------------------------------------------------- */

struct nhtb_list {
	struct daemon	*d;
	struct op_nhtb	*rows;
	char		(*text)[ST_ADDRSTRLEN + IFNAMSIZ + 8];
	char		**names;
	size_t		n, size;
};

/* The Junos name of DEV ("st0.0" for st0), written into BUF. */
static const char *logical_name(const struct daemon *d, const char *dev, char *buf, size_t size)
{
	const struct m_iface *i = model_iface(&d->a.m, dev);

	if (i)
		snprintf(buf, size, "%s", i->logical);
	else
		snprintf(buf, size, "%s%s", dev, strchr(dev, '.') ? "" : ".0");
	return buf;
}

static int nhtb_collect(const struct kern_bind_info *b, void *arg)
{
	struct nhtb_list *l = arg;
	char dev[IF_NAMESIZE] = "?", *t;

	if (!b->nexthop.family)
		return 0;
	if (l->n == l->size) {
		size_t size = l->size ? 2 * l->size : 16;
		void *p = realloc(l->rows, size * sizeof(*l->rows));
		void *q = realloc(l->text, size * sizeof(*l->text));
		void *s = realloc(l->names, size * sizeof(*l->names));

		if (p)
			l->rows = p;
		if (q)
			l->text = q;
		if (s)
			l->names = s;
		if (!p || !q || !s)
			return -ENOMEM;
		l->size = size;
	}
	t = l->text[l->n];
	addr_str(b->nexthop.bytes, (int)b->nexthop.len, t, ST_ADDRSTRLEN);
	if_indextoname(b->ifindex, dev);
	logical_name(l->d, dev, t + ST_ADDRSTRLEN, IFNAMSIZ + 8);
	l->names[l->n] = strdup(b->name);
	if (!l->names[l->n])
		return -ENOMEM;
	l->rows[l->n].flags = b->flags;
	l->n++;
	return 0;
}

/* Rows by interface, then by next hop (addresses compare as bytes). */
static int nhtb_cmp(const void *x, const void *y)
{
	const struct op_nhtb *a = x, *b = y;
	unsigned char pa[16] = { 0 }, pb[16] = { 0 };
	int c = strcmp(a->ifname, b->ifname);
	int fa = strchr(a->nexthop, ':') ? AF_INET6 : AF_INET;
	int fb = strchr(b->nexthop, ':') ? AF_INET6 : AF_INET;

	if (c)
		return c;
	if (fa != fb)
		return fa == AF_INET ? -1 : 1;
	inet_pton(fa, a->nexthop, pa);
	inet_pton(fb, b->nexthop, pb);
	return memcmp(pa, pb, sizeof(pa));
}

static int show_nhtb(struct req *r, int argc, char **argv)
{
	struct nhtb_list l = { .d = r->d };
	size_t i;
	int err;

	if (argc)
		return usage_err(r, "show security ipsec next-hop-tunnels", argv[0]);
	err = kern_bind_dump(&r->d->a.g, nhtb_collect, &l);
	if (!err) {
		/* The texts move with realloc: point at them once all are in. */
		for (i = 0; i < l.n; i++) {
			l.rows[i].nexthop = l.text[i];
			l.rows[i].ifname = l.text[i] + ST_ADDRSTRLEN;
			l.rows[i].vpn = l.names[i];
		}
		qsort(l.rows, l.n, sizeof(*l.rows), nhtb_cmp);
		op_nhtb(r->out, l.rows, l.n, r->json);
	} else {
		fprintf(r->err, "stvpn: %s\n", err == -ENOMEM ? "out of memory" : r->d->a.g.errmsg);
	}
	for (i = 0; i < l.n; i++)
		free(l.names[i]);
	free(l.names);
	free(l.rows);
	free(l.text);
	return err ? EXIT_FAIL : EXIT_OK;
}

/* --- interfaces ------------------------------------------------------------------- */

/* Enough for any st interface a person reads: more are cut, and said so. */
#define SHOW_MAX_ADDRS	64
#define SHOW_MAX_UNITS	64

struct addr_text {
	struct op_addr	addrs[SHOW_MAX_ADDRS];
	char		text[SHOW_MAX_ADDRS][ST_ADDRSTRLEN + 4];
	size_t		n;
	bool		cut;
};

static int addr_collect(const struct m_prefix *p, void *arg)
{
	struct addr_text *t = arg;
	char a[ST_ADDRSTRLEN];

	if (t->n == SHOW_MAX_ADDRS) {
		t->cut = true;
		return 1;
	}
	addr_str(p->addr.bytes, (int)p->addr.len, a, sizeof(a));
	snprintf(t->text[t->n], sizeof(t->text[0]), "%s/%u", a, p->plen);
	t->addrs[t->n].family = p->addr.family;
	t->addrs[t->n].prefix = t->text[t->n];
	t->n++;
	return 0;
}

struct bind_count {
	int		ifindex;
	unsigned int	n;
};

static int bind_count(const struct kern_bind_info *b, void *arg)
{
	struct bind_count *c = arg;

	c->n += (int)b->ifindex == c->ifindex;
	return 0;
}

struct iface_show {
	struct op_iface	ifs[SHOW_MAX_UNITS];
	struct addr_text addrs[SHOW_MAX_UNITS];
	char		names[SHOW_MAX_UNITS][3][IFNAMSIZ + 8];
	size_t		n;
	bool		cut;
};

static int iface_add(struct req *r, struct iface_show *s, const char *dev)
{
	struct applied *a = &r->d->a;
	struct op_iface *i = &s->ifs[s->n];
	struct bind_count c = { 0 };
	struct rt_link l;
	unsigned int mode;
	const char *dot;

	if (s->n == SHOW_MAX_UNITS) {
		s->cut = true;
		return EXIT_OK;
	}
	if (rt_link_get(&a->rt, dev, &l) || !l.st || kern_dev_mode(&a->g, dev, &mode)) {
		fprintf(r->err, "stvpn: device %s not found\n", dev);
		return EXIT_FAIL;
	}
	memset(i, 0, sizeof(*i));
	snprintf(s->names[s->n][0], sizeof(s->names[0][0]), "%s", dev);
	dot = strchr(dev, '.');
	snprintf(s->names[s->n][1], sizeof(s->names[0][1]), "%.*s",
		 dot ? (int)(dot - dev) : (int)strlen(dev), dev);
	logical_name(r->d, dev, s->names[s->n][2], sizeof(s->names[0][2]));
	i->name = s->names[s->n][0];
	i->physical = s->names[s->n][1];
	i->logical = s->names[s->n][2];
	i->ifindex = (unsigned int)l.ifindex;
	i->admin_up = l.up;
	i->link_up = l.running;
	i->multipoint = mode == STVPN_MODE_MULTIPOINT;
	i->mtu = l.mtu;
	i->rx_bytes = l.rx_bytes;
	i->tx_bytes = l.tx_bytes;
	i->rx_packets = l.rx_packets;
	i->tx_packets = l.tx_packets;
	i->rx_errors = l.rx_errors;
	i->tx_errors = l.tx_errors;
	i->rx_dropped = l.rx_dropped;
	i->tx_dropped = l.tx_dropped;
	kern_dev_drops(&a->g, dev, i->drops);
	s->addrs[s->n].n = 0;
	rt_addr_walk(&a->rt, l.ifindex, AF_UNSPEC, addr_collect, &s->addrs[s->n]);
	s->cut |= s->addrs[s->n].cut;
	i->addrs = s->addrs[s->n].addrs;
	i->naddrs = s->addrs[s->n].n;
	c.ifindex = l.ifindex;
	kern_bind_dump(&a->g, bind_count, &c);
	i->bindings = c.n;
	s->n++;
	return EXIT_OK;
}

static int show_interfaces(struct req *r, int argc, char **argv)
{
	static const char *const words[2] = { "terse", "detail" };
	struct iface_show *s;
	char dev[IFNAMSIZ];
	struct tail t;
	size_t i, plen;
	int ret;

	if (!argc || !strncmp(argv[0], "index", 6)) {
		fprintf(r->err, "stvpn: show interfaces: which st interface? (show interfaces st0)\n");
		return EXIT_USAGE;
	}
	ret = parse_tail(r, "show interfaces", argc - 1, argv + 1, words, &t);
	if (ret)
		return ret;
	if (t.has_index || (t.word[0] && t.word[1]))
		return usage_err(r, "show interfaces", t.has_index ? "index" : "detail");
	s = calloc(1, sizeof(*s));
	if (!s)
		return EXIT_FAIL;
	model_devname(argv[0], dev, sizeof(dev));
	/*
	 * "st0" is the physical interface: its units st0.N come with it, and
	 * it may have units only (unit 0, the device st0, not configured).
	 */
	plen = strlen(dev);
	if (!strchr(argv[0], '.') && !if_nametoindex(dev)) {
		for (i = 0; i < r->d->a.m.nifaces; i++) {
			const char *name = r->d->a.m.ifaces[i].name;

			if (!strncmp(name, dev, plen) && name[plen] == '.')
				break;
		}
		ret = i < r->d->a.m.nifaces ? EXIT_OK : iface_add(r, s, dev);
	} else {
		ret = iface_add(r, s, dev);
	}
	for (i = 0; !ret && !strchr(argv[0], '.') && i < r->d->a.m.nifaces; i++) {
		const char *name = r->d->a.m.ifaces[i].name;

		if (!strncmp(name, dev, plen) && name[plen] == '.')
			ret = iface_add(r, s, name);
	}
	if (!ret)
		op_interfaces(r->out, s->ifs, s->n,
			      t.word[0] ? OP_IF_TERSE : t.word[1] ? OP_IF_DETAIL : OP_IF_BRIEF,
			      r->json);
	if (!ret && s->cut)
		fprintf(r->err, "stvpn: only the first %d units and %d addresses of each are shown\n",
			SHOW_MAX_UNITS, SHOW_MAX_ADDRS);
	free(s);
	return ret;
}

/* --- clear ---------------------------------------------------------------------- */

static int clear_ipsec_stats(struct req *r, int argc, char **argv)
{
	static const char *const words[2] = { NULL, NULL };
	struct applied *a = &r->d->a;
	struct tail t;
	int ret = parse_tail(r, "clear security ipsec statistics", argc, argv, words, &t);

	if (ret)
		return ret;
	if (t.has_index) {
		if (!apply_vpn_by_index(a, t.index)) {
			fprintf(r->err, "stvpn: no VPN with index %u\n", t.index);
			return EXIT_FAIL;
		}
		ret = kern_stats_clear(&a->g, sa_id(t.index, SA_SLOT_IN)) ||
		      kern_stats_clear(&a->g, sa_id(t.index, SA_SLOT_OUT));
	} else {
		ret = kern_stats_clear(&a->g, 0);
	}
	if (ret) {
		fprintf(r->err, "stvpn: %s\n", a->g.errmsg);
		return EXIT_FAIL;
	}
	log_msg(LOG_INFO, "IPsec statistics cleared");
	return EXIT_OK;
}

static int clear_ipsec_sa(struct req *r, int argc, char **argv)
{
	static const char *const words[2] = { NULL, NULL };
	struct applied *a = &r->d->a;
	struct tail t;
	size_t i;
	int ret = parse_tail(r, "clear security ipsec security-associations", argc, argv,
			     words, &t);

	if (ret)
		return ret;
	if (t.has_index && !apply_vpn_by_index(a, t.index)) {
		fprintf(r->err, "stvpn: no VPN with index %u\n", t.index);
		return EXIT_FAIL;
	}
	for (i = 0; i < a->m.nvpns; i++) {
		if (t.has_index && a->vpns[i].index != t.index)
			continue;
		if (apply_vpn_reset(a, i)) {
			fprintf(r->err, "stvpn: vpn %s: %s\n", a->m.vpns[i].name, a->g.errmsg);
			ret = EXIT_FAIL;
		}
	}
	return ret;
}

/* --- dispatch ------------------------------------------------------------------- */

static bool command_is(int *argc, char ***argv, const char *const *w)
{
	int n = 0;

	for (; w[n]; n++)
		if (n >= *argc || strcmp((*argv)[n], w[n]))
			return false;
	*argc -= n;
	*argv += n;
	return true;
}

#define W(...) ((const char *const[]){ __VA_ARGS__, NULL })

static int show_configuration(struct req *r, int argc, char **argv)
{
	if (argc)
		return usage_err(r, "show configuration", argv[0]);
	if (!r->d->active)
		return EXIT_OK;
	r->d->active->hide_secrets = !r->privileged;
	if (r->json)
		cf_print_json(r->d->active, r->out);
	else if (r->set)
		cf_print_set(r->d->active, r->out);
	else
		cf_print_brace(r->d->active, r->out);
	r->d->active->hide_secrets = false;
	return EXIT_OK;
}

static int load(struct req *r, int argc, char **argv)
{
	if (argc != 2)
		return usage_err(r, "load", argc > 2 ? argv[2] : NULL);
	return daemon_load(r->d, argv[0], argv[1], strlen(argv[1]), r->err);
}

int ops_run(struct daemon *d, const char *format, int argc, char **argv,
	    bool privileged, FILE *out, FILE *err)
{
	struct req r = {
		.d = d, .out = out, .err = err, .privileged = privileged,
		.json = !strcmp(format, "json"), .set = !strcmp(format, "set"),
	};

	if (command_is(&argc, &argv, W("show", "security", "ipsec", "security-associations")))
		return show_ipsec_sa(&r, argc, argv);
	if (command_is(&argc, &argv, W("show", "security", "ipsec", "statistics")))
		return show_ipsec_stats(&r, argc, argv);
	if (command_is(&argc, &argv, W("show", "security", "ipsec", "next-hop-tunnels")))
		return show_nhtb(&r, argc, argv);
	if (command_is(&argc, &argv, W("show", "security", "ike", "security-associations"))) {
		static const char *const w[2] = { "detail", NULL };
		struct tail t;
		int ret = parse_tail(&r, "show security ike security-associations", argc, argv,
				     w, &t);

		if (!ret)
			op_ike_sa(out, t.word[0], r.json);
		return ret;
	}
	if (command_is(&argc, &argv, W("show", "interfaces")))
		return show_interfaces(&r, argc, argv);
	if (command_is(&argc, &argv, W("show", "configuration")))
		return show_configuration(&r, argc, argv);
	if (command_is(&argc, &argv, W("clear", "security", "ipsec", "statistics")))
		return clear_ipsec_stats(&r, argc, argv);
	if (command_is(&argc, &argv, W("clear", "security", "ipsec", "security-associations")))
		return clear_ipsec_sa(&r, argc, argv);
	if (command_is(&argc, &argv, W("clear", "security", "ike", "security-associations")))
		return EXIT_OK;		/* there are none before IKE exists */
	if (command_is(&argc, &argv, W("load")))
		return load(&r, argc, argv);
	fprintf(err, "stvpn: unknown command '%s'\n", argc ? argv[0] : "");
	return EXIT_USAGE;
}
