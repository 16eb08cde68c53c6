// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * st_udp: the UDP end of the NAT-T tests, standing in for an IKE daemon.
 *
 *   st_udp listen [-m stvpn|xfrm] [-t SECONDS] PORT
 *	Binds a UDP socket to PORT (any IPv4 address). With "-m stvpn" hands
 *	it to the stvpn module (STVPN_CMD_ENCAP_SET), as stvpnd does; with
 *	"-m xfrm" sets UDP_ENCAP_ESPINUDP on it, as an IKE daemon does for
 *	XFRM. Prints "ready", then one line per datagram that reaches the
 *	socket, "ADDR:PORT LEN HEX" (HEX: the first 16 bytes), and exits
 *	after SECONDS (default 60). The socket lives on in the module when
 *	it was handed over.
 *
 *   st_udp send [-s SPORT] ADDR PORT HEX
 *	Sends one datagram with the bytes HEX (IPv4).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/stvpn.h>

#ifndef SOL_UDP
#define SOL_UDP 17
#endif
#ifndef UDP_ENCAP
#define UDP_ENCAP 100
#endif
#ifndef UDP_ENCAP_ESPINUDP
#define UDP_ENCAP_ESPINUDP 2
#endif

static void usage(void)
{
	fprintf(stderr, "usage: st_udp listen [-m stvpn|xfrm] [-t SECONDS] PORT\n"
			"       st_udp send [-s SPORT] ADDR PORT HEX\n");
	exit(2);
}

static int port_arg(const char *s)
{
	char *end;
	long v = strtol(s, &end, 0);

	if (*end || v < 0 || v > 65535)
		usage();
	return (int)v;
}

static int udp_socket(int port)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
	};
	int fd = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		fprintf(stderr, "st_udp: UDP port %d: %s\n", port, strerror(errno));
		exit(1);
	}
	return fd;
}

/* --- generic netlink, just enough for one request ---------------------- */

struct msg {
	struct nlmsghdr		nh;
	struct genlmsghdr	gh;
	char			buf[256];
};

static struct nlattr *put(struct msg *m, int type, const void *data, size_t len)
{
	struct nlattr *a = (struct nlattr *)((char *)m + NLMSG_ALIGN(m->nh.nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	m->nh.nlmsg_len = NLMSG_ALIGN(m->nh.nlmsg_len) + NLA_ALIGN(a->nla_len);
	return a;
}

/* Sends M and reads the reply into BUF; returns its length. */
static ssize_t transact(int nl, struct msg *m, char *buf, size_t len)
{
	ssize_t n;

	m->nh.nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	if (send(nl, m, m->nh.nlmsg_len, 0) < 0) {
		perror("st_udp: netlink send");
		exit(1);
	}
	n = recv(nl, buf, len, 0);
	if (n < (ssize_t)NLMSG_HDRLEN) {
		perror("st_udp: netlink recv");
		exit(1);
	}
	return n;
}

/* Returns on success; else prints the kernel's error (and extended ACK message) and exits. */
static void check_ack(struct nlmsghdr *nh, const char *what)
{
	struct nlmsgerr *e = NLMSG_DATA(nh);
	size_t off;

	if (nh->nlmsg_type != NLMSG_ERROR || !e->error)
		return;
	fprintf(stderr, "st_udp: %s: %s", what, strerror(-e->error));
	/* the TLVs follow the request, or only its header when capped */
	off = NLMSG_HDRLEN + sizeof(*e);
	if (!(nh->nlmsg_flags & NLM_F_CAPPED))
		off += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
	if (nh->nlmsg_flags & NLM_F_ACK_TLVS) {
		while (off + NLA_HDRLEN <= nh->nlmsg_len) {
			struct nlattr *a = (struct nlattr *)((char *)nh + off);

			if (a->nla_len < NLA_HDRLEN)
				break;
			if (a->nla_type == NLMSGERR_ATTR_MSG)
				fprintf(stderr, " (%s)", (char *)a + NLA_HDRLEN);
			off += NLA_ALIGN(a->nla_len);
		}
	}
	fprintf(stderr, "\n");
	exit(1);
}

/* STVPN_CMD_ENCAP_SET with FD, through the family's resolved id. */
static void stvpn_encap_set(int fd)
{
	char buf[8192];
	struct msg m;
	struct nlattr *a, *nest;
	struct nlmsghdr *nh = (struct nlmsghdr *)buf;
	int nl, one = 1, family = 0;
	uint32_t u32 = fd;
	size_t off;

	nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (nl < 0) {
		perror("st_udp: netlink socket");
		exit(1);
	}
	setsockopt(nl, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));

	memset(&m, 0, sizeof(m));
	m.nh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	m.nh.nlmsg_type = GENL_ID_CTRL;
	m.gh.cmd = CTRL_CMD_GETFAMILY;
	m.gh.version = 1;
	put(&m, CTRL_ATTR_FAMILY_NAME, STVPN_GENL_NAME, sizeof(STVPN_GENL_NAME));
	transact(nl, &m, buf, sizeof(buf));
	check_ack(nh, "no stvpn generic netlink family");
	for (off = NLMSG_LENGTH(GENL_HDRLEN); off + NLA_HDRLEN <= nh->nlmsg_len;
	     off += NLA_ALIGN(a->nla_len)) {
		a = (struct nlattr *)(buf + off);
		if (a->nla_len < NLA_HDRLEN)
			break;
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			family = *(uint16_t *)((char *)a + NLA_HDRLEN);
	}
	if (!family) {
		fprintf(stderr, "st_udp: the stvpn family has no id\n");
		exit(1);
	}
	/* the ACK of the request follows its answer */
	recv(nl, buf, sizeof(buf), MSG_DONTWAIT);

	memset(&m, 0, sizeof(m));
	m.nh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	m.nh.nlmsg_type = family;
	m.gh.cmd = STVPN_CMD_ENCAP_SET;
	m.gh.version = STVPN_GENL_VERSION;
	nest = put(&m, STVPN_A_ENCAP | NLA_F_NESTED, NULL, 0);
	put(&m, STVPN_A_ENCAP_FD, &u32, sizeof(u32));
	nest->nla_len = (char *)&m + m.nh.nlmsg_len - (char *)nest;
	transact(nl, &m, buf, sizeof(buf));
	if (nh->nlmsg_type != NLMSG_ERROR) {
		fprintf(stderr, "st_udp: unexpected answer to ENCAP_SET\n");
		exit(1);
	}
	check_ack(nh, "STVPN_CMD_ENCAP_SET");
	close(nl);
}

static int do_listen(int argc, char **argv)
{
	const char *mode = NULL;
	int fd, opt, secs = 60;
	struct timespec start, now;

	while ((opt = getopt(argc, argv, "m:t:")) != -1) {
		switch (opt) {
		case 'm': mode = optarg; break;
		case 't': secs = atoi(optarg); break;
		default: usage();
		}
	}
	if (optind != argc - 1)
		usage();
	fd = udp_socket(port_arg(argv[optind]));
	if (mode && !strcmp(mode, "stvpn")) {
		stvpn_encap_set(fd);
	} else if (mode && !strcmp(mode, "xfrm")) {
		int type = UDP_ENCAP_ESPINUDP;

		if (setsockopt(fd, SOL_UDP, UDP_ENCAP, &type, sizeof(type)) < 0) {
			perror("st_udp: UDP_ENCAP");
			return 1;
		}
	} else if (mode) {
		usage();
	}
	printf("ready\n");
	fflush(stdout);

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		unsigned char data[2048];
		struct sockaddr_in from;
		socklen_t flen = sizeof(from);
		char addr[INET_ADDRSTRLEN];
		long left;
		ssize_t n, i;

		clock_gettime(CLOCK_MONOTONIC, &now);
		left = secs * 1000L - ((now.tv_sec - start.tv_sec) * 1000L +
				       (now.tv_nsec - start.tv_nsec) / 1000000L);
		if (left <= 0)
			break;
		if (poll(&pfd, 1, (int)left) <= 0)
			continue;
		n = recvfrom(fd, data, sizeof(data), 0, (struct sockaddr *)&from, &flen);
		if (n < 0)
			continue;
		inet_ntop(AF_INET, &from.sin_addr, addr, sizeof(addr));
		printf("%s:%u %zd ", addr, ntohs(from.sin_port), n);
		for (i = 0; i < n && i < 16; i++)
			printf("%02x", data[i]);
		printf("\n");
		fflush(stdout);
	}
	return 0;
}

static int do_send(int argc, char **argv)
{
	struct sockaddr_in to = { .sin_family = AF_INET };
	unsigned char data[1024];
	int fd, opt, sport = 0;
	size_t len = 0;
	const char *hex;

	while ((opt = getopt(argc, argv, "s:")) != -1) {
		switch (opt) {
		case 's': sport = port_arg(optarg); break;
		default: usage();
		}
	}
	if (optind != argc - 3 || inet_pton(AF_INET, argv[optind], &to.sin_addr) != 1)
		usage();
	to.sin_port = htons(port_arg(argv[optind + 1]));
	for (hex = argv[optind + 2]; hex[0] && hex[1] && len < sizeof(data); hex += 2) {
		unsigned int b;

		if (sscanf(hex, "%2x", &b) != 1)
			usage();
		data[len++] = b;
	}
	if (*hex)
		usage();
	fd = udp_socket(sport);
	if (sendto(fd, data, len, 0, (struct sockaddr *)&to, sizeof(to)) != (ssize_t)len) {
		perror("st_udp: sendto");
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "listen"))
		return do_listen(argc - 1, argv + 1);
	if (!strcmp(argv[1], "send"))
		return do_send(argc - 1, argv + 1);
	usage();
	return 2;
}
