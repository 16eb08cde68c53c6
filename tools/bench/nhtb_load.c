// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nhtb_load: install or remove many tunnels on one multipoint st device,
 * fast, through the "stvpn" generic netlink family. For the NHTB scale and
 * kernel-memory benchmarks (tools/bench/scale.sh).
 *
 *   nhtb_load [OPTIONS] STEP...
 *
 * Tunnel I (FIRST <= I < FIRST + COUNT) is
 *
 *   outbound SA  id ID + 2I + 1, SPI 0x10000000 + SPI + I, SRC -> PEER
 *   inbound SA   id ID + 2I + 2, SPI 0x20000000 + SPI + I, PEER -> SRC
 *   binding      on DEV, next hop NET + I + 1, tunnel id I + 1,
 *                out-sa the outbound SA, in-sa the inbound one (--with-in)
 *
 * so that with NET the network address of the st device's own subnet the
 * next hops are on-link and need no routes. Every outbound SA goes to the
 * same PEER: what differs per tunnel is the state the module keeps.
 *
 * STEPs run in the order given, each timed on its own:
 *
 *   add-out  add-in  add-bind  del-bind  del-out  del-in
 *
 * Options:
 *   -d DEV     the multipoint st device (add-bind, del-bind)
 *   -n COUNT   tunnels (default 1000)       -f FIRST  first index (0)
 *   -N NET     next-hop base (10.128.0.0)   -i ID     SA id base (0)
 *   -S SPI     SPI offset (0)
 *   -s SRC     outer source (192.0.2.1)     -p PEER   outer peer (192.0.2.2)
 *   -e ALG     aes-128-gcm (default), null (ESP NULL + HMAC-SHA1-96),
 *              null-null (NULL + "null" integrity: no crypto at all)
 *   -I         add-bind: give each binding its inbound SA too
 *   -b BATCH   requests per write (default 256)
 *
 * Requests are written BATCH at a time and the acknowledgements read after
 * each write: the kernel handles a write's requests before the write
 * returns. One line per step on standard output, tab-separated:
 *
 *   STEP COUNT SECONDS ERRORS
 *
 * Exit status: 0 when every request succeeded, 1 otherwise, 2 on usage.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <linux/stvpn.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define OUT_SPI_BASE	0x10000000u
#define IN_SPI_BASE	0x20000000u
#define ERRORS_SHOWN	5

enum step { ADD_OUT, ADD_IN, ADD_BIND, DEL_BIND, DEL_OUT, DEL_IN };

static const char *const step_names[] = {
	[ADD_OUT] = "add-out", [ADD_IN] = "add-in", [ADD_BIND] = "add-bind",
	[DEL_BIND] = "del-bind", [DEL_OUT] = "del-out", [DEL_IN] = "del-in",
};

struct opts {
	unsigned int	ifindex;
	uint32_t	count, first, id_base, spi_base, batch;
	struct in_addr	net, src, peer;
	uint8_t		enc, auth;
	unsigned int	enc_keylen, auth_keylen;
	int		with_in;
};

/* The socket and the batch being filled. */
struct load {
	struct nl_sock	*sk;
	int		family;
	char		*buf;
	size_t		len, cap;
	unsigned int	pending;	/* requests in buf */
	unsigned int	errors;
};

static void usage(void)
{
	fprintf(stderr, "usage: see the comment at the top of tools/bench/nhtb_load.c\n");
	exit(2);
}

static uint32_t num(const char *what, const char *s)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || !*s || v > UINT32_MAX) {
		fprintf(stderr, "nhtb_load: invalid %s: '%s'\n", what, s);
		exit(2);
	}
	return (uint32_t)v;
}

static void addr(const char *what, const char *s, struct in_addr *a)
{
	if (inet_pton(AF_INET, s, a) != 1) {
		fprintf(stderr, "nhtb_load: invalid %s: '%s'\n", what, s);
		exit(2);
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The kernel's message in an error acknowledgement, if it sent one. */
static const char *extack_msg(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	size_t off = NLMSG_HDRLEN + sizeof(*e);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return "";
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
	while (off + NLA_HDRLEN <= nlh->nlmsg_len) {
		const struct nlattr *a = (const void *)((const char *)nlh + off);

		if (a->nla_len < NLA_HDRLEN || off + a->nla_len > nlh->nlmsg_len)
			break;
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG)
			return (const char *)a + NLA_HDRLEN;
		off += NLA_ALIGN(a->nla_len);
	}
	return "";
}

/* Writes the batch and reads one acknowledgement per request in it. */
static void flush(struct load *l, enum step step)
{
	static char rbuf[1 << 16];
	unsigned int acks = 0;
	ssize_t n;

	if (!l->pending)
		return;
	n = send(nl_socket_get_fd(l->sk), l->buf, l->len, 0);
	if (n < 0 || (size_t)n != l->len) {
		perror("nhtb_load: send");
		exit(1);
	}
	while (acks < l->pending) {
		const struct nlmsghdr *nlh;
		int len;

		n = recv(nl_socket_get_fd(l->sk), rbuf, sizeof(rbuf), 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			/* ENOBUFS: acknowledgements were lost; count them as errors. */
			perror("nhtb_load: recv");
			l->errors += l->pending - acks;
			break;
		}
		len = (int)n;
		for (nlh = (const struct nlmsghdr *)rbuf; NLMSG_OK(nlh, len);
		     nlh = NLMSG_NEXT(nlh, len)) {
			const struct nlmsgerr *e;

			if (nlh->nlmsg_type != NLMSG_ERROR)
				continue;
			acks++;
			e = NLMSG_DATA(nlh);
			if (!e->error)
				continue;
			if (l->errors++ < ERRORS_SHOWN)
				fprintf(stderr, "nhtb_load: %s, tunnel %u: %s%s%s\n",
					step_names[step], nlh->nlmsg_seq - 1,
					strerror(-e->error),
					*extack_msg(nlh) ? ": " : "", extack_msg(nlh));
		}
	}
	l->len = 0;
	l->pending = 0;
}

/* Appends the finished MSG to the batch. */
static void queue(struct load *l, struct nl_msg *msg, const struct opts *o,
		  enum step step)
{
	const struct nlmsghdr *nlh = nlmsg_hdr(msg);
	size_t len = NLMSG_ALIGN(nlh->nlmsg_len);

	if (l->len + len > l->cap)
		flush(l, step);
	memcpy(l->buf + l->len, nlh, len);
	l->len += len;
	nlmsg_free(msg);
	if (++l->pending >= o->batch)
		flush(l, step);
}

static struct nl_msg *request(struct load *l, uint8_t cmd, uint32_t i)
{
	struct nl_msg *msg = nlmsg_alloc_size(512);

	/* The sequence number says which tunnel an error is about. */
	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, i + 1, l->family, 0,
				 NLM_F_REQUEST | NLM_F_ACK, cmd,
				 STVPN_GENL_VERSION)) {
		fprintf(stderr, "nhtb_load: out of memory\n");
		exit(1);
	}
	return msg;
}

static void nomsg(void)
{
	fprintf(stderr, "nhtb_load: a request does not fit its message\n");
	exit(1);
}

static void put_sa(struct load *l, const struct opts *o, uint32_t i, int in)
{
	struct nl_msg *msg = request(l, STVPN_CMD_SA_NEW, i);
	uint8_t key[64];
	struct nlattr *nest;
	unsigned int k;

	/* Keys differ per SA; what they are does not matter here. */
	for (k = 0; k < sizeof(key); k++)
		key[k] = (uint8_t)(i * 131 + k * 7 + (unsigned int)in);
	nest = nla_nest_start(msg, STVPN_A_SA);
	if (!nest ||
	    nla_put_u32(msg, STVPN_A_SA_ID, o->id_base + 2 * i + (in ? 2 : 1)) < 0 ||
	    nla_put_u8(msg, STVPN_A_SA_DIR, in ? STVPN_DIR_IN : STVPN_DIR_OUT) < 0 ||
	    nla_put_u8(msg, STVPN_A_SA_PROTO, IPPROTO_ESP) < 0 ||
	    nla_put_u32(msg, STVPN_A_SA_SPI, (in ? IN_SPI_BASE : OUT_SPI_BASE) + o->spi_base + i) < 0 ||
	    nla_put(msg, STVPN_A_SA_SRC, 4, in ? &o->peer : &o->src) < 0 ||
	    nla_put(msg, STVPN_A_SA_DST, 4, in ? &o->src : &o->peer) < 0 ||
	    nla_put_u8(msg, STVPN_A_SA_ENC_ALG, o->enc) < 0 ||
	    (o->enc_keylen &&
	     nla_put(msg, STVPN_A_SA_ENC_KEY, (int)o->enc_keylen, key) < 0) ||
	    (o->auth != STVPN_AUTH_NONE &&
	     nla_put_u8(msg, STVPN_A_SA_AUTH_ALG, o->auth) < 0) ||
	    (o->auth_keylen &&
	     nla_put(msg, STVPN_A_SA_AUTH_KEY, (int)o->auth_keylen, key + 32) < 0))
		nomsg();
	nla_nest_end(msg, nest);
	queue(l, msg, o, in ? ADD_IN : ADD_OUT);
}

static void put_sa_del(struct load *l, const struct opts *o, uint32_t i, int in)
{
	struct nl_msg *msg = request(l, STVPN_CMD_SA_DEL, i);
	struct nlattr *nest;

	nest = nla_nest_start(msg, STVPN_A_SA);
	if (!nest ||
	    nla_put_u32(msg, STVPN_A_SA_ID, o->id_base + 2 * i + (in ? 2 : 1)) < 0)
		nomsg();
	nla_nest_end(msg, nest);
	queue(l, msg, o, in ? DEL_IN : DEL_OUT);
}

static void put_bind(struct load *l, const struct opts *o, uint32_t i, int add)
{
	struct nl_msg *msg = request(l, add ? STVPN_CMD_BIND_NEW : STVPN_CMD_BIND_DEL, i);
	struct in_addr nh = { htonl(ntohl(o->net.s_addr) + i + 1) };
	struct nlattr *nest;

	if (nla_put_u32(msg, STVPN_A_IFINDEX, o->ifindex) < 0)
		nomsg();
	nest = nla_nest_start(msg, STVPN_A_BIND);
	if (!nest || nla_put(msg, STVPN_A_BIND_NEXTHOP, 4, &nh) < 0)
		nomsg();
	if (add &&
	    (nla_put_u32(msg, STVPN_A_BIND_TUNNEL_ID, i + 1) < 0 ||
	     nla_put_u32(msg, STVPN_A_BIND_OUT_SA, o->id_base + 2 * i + 1) < 0 ||
	     (o->with_in &&
	      nla_put_u32(msg, STVPN_A_BIND_IN_SA, o->id_base + 2 * i + 2) < 0)))
		nomsg();
	nla_nest_end(msg, nest);
	queue(l, msg, o, add ? ADD_BIND : DEL_BIND);
}

static void run_step(struct load *l, const struct opts *o, enum step step)
{
	unsigned int errors = l->errors;
	double t0 = now();
	uint32_t i;

	for (i = o->first; i < o->first + o->count; i++) {
		switch (step) {
		case ADD_OUT:	put_sa(l, o, i, 0); break;
		case ADD_IN:	put_sa(l, o, i, 1); break;
		case ADD_BIND:	put_bind(l, o, i, 1); break;
		case DEL_BIND:	put_bind(l, o, i, 0); break;
		case DEL_OUT:	put_sa_del(l, o, i, 0); break;
		case DEL_IN:	put_sa_del(l, o, i, 1); break;
		}
	}
	flush(l, step);
	printf("%s\t%u\t%.3f\t%u\n", step_names[step], o->count, now() - t0,
	       l->errors - errors);
	fflush(stdout);
}

static void set_alg(struct opts *o, const char *s)
{
	o->enc_keylen = 0;
	o->auth_keylen = 0;
	if (!strcmp(s, "aes-128-gcm")) {
		o->enc = STVPN_ENC_AES_128_GCM;
		o->enc_keylen = 20;
		o->auth = STVPN_AUTH_NONE;
	} else if (!strcmp(s, "null")) {
		o->enc = STVPN_ENC_NULL;
		o->auth = STVPN_AUTH_HMAC_SHA1_96;
		o->auth_keylen = 20;
	} else if (!strcmp(s, "null-null")) {
		o->enc = STVPN_ENC_NULL;
		o->auth = STVPN_AUTH_NULL;
	} else {
		fprintf(stderr, "nhtb_load: invalid algorithm: '%s' (aes-128-gcm, null, null-null)\n", s);
		exit(2);
	}
}

static void open_socket(struct load *l)
{
	int one = 1, size = 8 << 20;

	l->sk = nl_socket_alloc();
	if (!l->sk || genl_connect(l->sk) < 0) {
		fprintf(stderr, "nhtb_load: cannot open a generic netlink socket\n");
		exit(1);
	}
	setsockopt(nl_socket_get_fd(l->sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	/* Acknowledgements without the request: keys stay out of them. */
	setsockopt(nl_socket_get_fd(l->sk), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	/* Room for a whole batch of acknowledgements, and for the batch. */
	if (setsockopt(nl_socket_get_fd(l->sk), SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		setsockopt(nl_socket_get_fd(l->sk), SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (setsockopt(nl_socket_get_fd(l->sk), SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof(size)))
		setsockopt(nl_socket_get_fd(l->sk), SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
	l->family = genl_ctrl_resolve(l->sk, STVPN_GENL_NAME);
	if (l->family < 0) {
		fprintf(stderr, "nhtb_load: no '%s' generic netlink family: is the module loaded?\n",
			STVPN_GENL_NAME);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	struct opts o = { .count = 1000, .batch = 256 };
	struct load l = { 0 };
	const char *dev = NULL;
	int c, s, nsteps = 0;
	enum step steps[16];

	addr("net", "10.128.0.0", &o.net);
	addr("source", "192.0.2.1", &o.src);
	addr("peer", "192.0.2.2", &o.peer);
	set_alg(&o, "aes-128-gcm");
	while ((c = getopt(argc, argv, "d:n:f:N:i:S:s:p:e:Ib:h")) != -1) {
		switch (c) {
		case 'd': dev = optarg; break;
		case 'n': o.count = num("count", optarg); break;
		case 'f': o.first = num("first index", optarg); break;
		case 'N': addr("net", optarg, &o.net); break;
		case 'i': o.id_base = num("SA id base", optarg); break;
		case 'S': o.spi_base = num("SPI offset", optarg); break;
		case 's': addr("source", optarg, &o.src); break;
		case 'p': addr("peer", optarg, &o.peer); break;
		case 'e': set_alg(&o, optarg); break;
		case 'I': o.with_in = 1; break;
		case 'b': o.batch = num("batch", optarg); break;
		default: usage();
		}
	}
	if (optind == argc || !o.batch || o.batch > 4096 ||
	    (uint64_t)o.first + o.count + o.spi_base > 0x0fffffffu ||
	    (uint64_t)o.id_base + 2 * ((uint64_t)o.first + o.count) > UINT32_MAX)
		usage();
	for (; optind < argc; optind++) {
		for (s = 0; s <= DEL_IN; s++)
			if (!strcmp(argv[optind], step_names[s]))
				break;
		if (s > DEL_IN || nsteps == (int)(sizeof(steps) / sizeof(steps[0]))) {
			fprintf(stderr, "nhtb_load: invalid step: '%s'\n", argv[optind]);
			usage();
		}
		if ((s == ADD_BIND || s == DEL_BIND) && !dev) {
			fprintf(stderr, "nhtb_load: %s needs -d DEV\n", argv[optind]);
			usage();
		}
		steps[nsteps++] = (enum step)s;
	}
	if (dev) {
		o.ifindex = if_nametoindex(dev);
		if (!o.ifindex) {
			fprintf(stderr, "nhtb_load: no device '%s'\n", dev);
			return 2;
		}
	}

	open_socket(&l);
	l.cap = 256 * 1024;
	l.buf = malloc(l.cap);
	if (!l.buf) {
		fprintf(stderr, "nhtb_load: out of memory\n");
		return 1;
	}
	for (s = 0; s < nsteps; s++)
		run_step(&l, &o, steps[s]);
	free(l.buf);
	nl_socket_free(l.sk);
	return l.errors ? 1 : 0;
}
