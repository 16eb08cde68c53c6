// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * st_rtnl: send hand-made rtnetlink requests for st devices, so tests can
 * feed the kernel values that the ip plugin would refuse to send.
 *
 *   st_rtnl newlink NAME MODE      RTM_NEWLINK kind st, IFLA_ST_MODE = MODE
 *   st_rtnl changelink NAME MODE   RTM_NEWLINK on an existing device
 *
 * Prints the kernel's extended ACK message on failure and exits 1.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/stvpn.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct req {
	struct nlmsghdr		nh;
	struct ifinfomsg	ifi;
	char			buf[512];
};

static struct rtattr *put(struct nlmsghdr *nh, int type, const void *data,
			  size_t len)
{
	struct rtattr *rta = (struct rtattr *)((char *)nh + NLMSG_ALIGN(nh->nlmsg_len));

	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(rta), data, len);
	nh->nlmsg_len = NLMSG_ALIGN(nh->nlmsg_len) + RTA_ALIGN(rta->rta_len);
	return rta;
}

static void nest_end(struct nlmsghdr *nh, struct rtattr *nest)
{
	nest->rta_len = (char *)nh + nh->nlmsg_len - (char *)nest;
}

/* Prints NLMSGERR_ATTR_MSG from an error reply that carries TLVs. */
static void print_extack(struct nlmsghdr *nh)
{
	struct nlmsgerr *e = NLMSG_DATA(nh);
	size_t off = NLMSG_HDRLEN + sizeof(*e);
	struct rtattr *rta;
	int len;

	if (!(nh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nh->nlmsg_flags & NLM_F_CAPPED))
		off += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
	if (off >= nh->nlmsg_len)
		return;
	len = nh->nlmsg_len - off;
	for (rta = (struct rtattr *)((char *)nh + off); RTA_OK(rta, len);
	     rta = RTA_NEXT(rta, len))
		if (rta->rta_type == NLMSGERR_ATTR_MSG)
			fprintf(stderr, "kernel: %.*s\n",
				(int)RTA_PAYLOAD(rta), (char *)RTA_DATA(rta));
}

int main(int argc, char **argv)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct rtattr *linkinfo, *data;
	char reply[8192];
	struct req req;
	int fd, one = 1;
	ssize_t n;
	__u32 mode;
	char *end;

	if (argc != 4 || (strcmp(argv[1], "newlink") && strcmp(argv[1], "changelink"))) {
		fprintf(stderr, "usage: st_rtnl newlink|changelink NAME MODE\n");
		return 2;
	}
	mode = strtoul(argv[3], &end, 0);
	if (*end || strlen(argv[2]) >= IFNAMSIZ) {
		fprintf(stderr, "st_rtnl: invalid argument\n");
		return 2;
	}

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(req.ifi));
	req.nh.nlmsg_type = RTM_NEWLINK;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	if (!strcmp(argv[1], "newlink"))
		req.nh.nlmsg_flags |= NLM_F_CREATE | NLM_F_EXCL;
	req.ifi.ifi_family = AF_UNSPEC;

	put(&req.nh, IFLA_IFNAME, argv[2], strlen(argv[2]) + 1);
	linkinfo = put(&req.nh, IFLA_LINKINFO, NULL, 0);
	put(&req.nh, IFLA_INFO_KIND, STVPN_LINK_KIND, sizeof(STVPN_LINK_KIND));
	data = put(&req.nh, IFLA_INFO_DATA, NULL, 0);
	put(&req.nh, IFLA_ST_MODE, &mode, sizeof(mode));
	nest_end(&req.nh, data);
	nest_end(&req.nh, linkinfo);

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0) {
		perror("st_rtnl: socket");
		return 1;
	}
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	if (sendto(fd, &req, req.nh.nlmsg_len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0) {
		perror("st_rtnl: send");
		return 1;
	}
	n = recv(fd, reply, sizeof(reply), 0);
	if (n < (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr))) {
		fprintf(stderr, "st_rtnl: short reply\n");
		return 1;
	}
	close(fd);

	{
		struct nlmsghdr *nh = (struct nlmsghdr *)reply;
		struct nlmsgerr *e = NLMSG_DATA(nh);

		if (nh->nlmsg_type != NLMSG_ERROR) {
			fprintf(stderr, "st_rtnl: unexpected reply type %u\n",
				nh->nlmsg_type);
			return 1;
		}
		if (e->error) {
			fprintf(stderr, "st_rtnl: %s\n", strerror(-e->error));
			print_extack(nh);
			return 1;
		}
	}
	return 0;
}
