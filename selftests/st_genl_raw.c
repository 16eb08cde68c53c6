// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * st_genl_raw: send hand-made STVPN_CMD_SA_NEW requests, so tests can
 * feed the module what the stvpn CLI would never send (an algorithm
 * number it does not know, a missing attribute, an address of the wrong
 * length).
 *
 *   st_genl_raw CASE
 *   st_genl_raw dump     STVPN_CMD_SA_GET dump; prints every reply in hex
 *
 * Every case starts from one well-formed outbound ESP SA (ID 77, SPI
 * 0x7777, 192.0.2.1 -> 192.0.2.2, aes-128-cbc with hmac-sha1-96; the
 * keys are the ASCII texts "STVPN-ENC-KEY-16" and "STVPN-AUTH-KEY-20-BY",
 * easy to look for in a dump) and changes one thing:
 *
 *   valid          nothing (the request must succeed)
 *   unknown-enc    encryption algorithm STVPN_ENC_MAX + 1
 *   unknown-auth   authentication algorithm STVPN_AUTH_MAX + 1
 *   unknown-dir    direction 3
 *   no-id, no-dir, no-proto, no-spi, no-dst
 *                  that attribute left out
 *   short-src      a 3-byte source address
 *   no-sa          no STVPN_A_SA nest at all
 *   transport      mode transport
 *
 * Prints the kernel's extended ACK message on failure and exits 1; exits
 * 0 when the kernel accepted the request, 2 on a usage error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/stvpn.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct msg {
	struct nlmsghdr		nh;
	struct genlmsghdr	gh;
	char			buf[1024];
};

static struct nlattr *put(struct nlmsghdr *nh, int type, const void *data,
			  size_t len)
{
	struct nlattr *nla = (struct nlattr *)((char *)nh + NLMSG_ALIGN(nh->nlmsg_len));

	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)nla + NLA_HDRLEN, data, len);
	nh->nlmsg_len = NLMSG_ALIGN(nh->nlmsg_len) + NLA_ALIGN(nla->nla_len);
	return nla;
}

static void put_u8(struct nlmsghdr *nh, int type, __u8 v)
{
	put(nh, type, &v, sizeof(v));
}

static void put_u32(struct nlmsghdr *nh, int type, __u32 v)
{
	put(nh, type, &v, sizeof(v));
}

static void nest_end(struct nlmsghdr *nh, struct nlattr *nest)
{
	nest->nla_len = (char *)nh + nh->nlmsg_len - (char *)nest;
	nest->nla_type |= NLA_F_NESTED;
}

/* Walks the attributes from OFF to the end of NH; returns TYPE's or NULL. */
static struct nlattr *find(struct nlmsghdr *nh, size_t off, int type)
{
	while (off + NLA_HDRLEN <= nh->nlmsg_len) {
		struct nlattr *nla = (struct nlattr *)((char *)nh + off);

		if (nla->nla_len < NLA_HDRLEN || off + nla->nla_len > nh->nlmsg_len)
			return NULL;
		if ((nla->nla_type & NLA_TYPE_MASK) == type)
			return nla;
		off += NLA_ALIGN(nla->nla_len);
	}
	return NULL;
}

/* Sends M on FD and reads the one reply into REPLY; its length or -1. */
static ssize_t transact(int fd, struct msg *m, char *reply, size_t size)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

	if (sendto(fd, m, m->nh.nlmsg_len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0) {
		perror("st_genl_raw: send");
		return -1;
	}
	return recv(fd, reply, size, 0);
}

static int family_id(int fd)
{
	char reply[8192];
	struct nlmsghdr *nh = (struct nlmsghdr *)reply;
	struct nlattr *id;
	struct msg m;
	ssize_t n;

	memset(&m, 0, sizeof(m));
	m.nh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	m.nh.nlmsg_type = GENL_ID_CTRL;
	m.nh.nlmsg_flags = NLM_F_REQUEST;
	m.gh.cmd = CTRL_CMD_GETFAMILY;
	m.gh.version = 1;
	put(&m.nh, CTRL_ATTR_FAMILY_NAME, STVPN_GENL_NAME, sizeof(STVPN_GENL_NAME));
	n = transact(fd, &m, reply, sizeof(reply));
	if (n < (ssize_t)NLMSG_HDRLEN || !NLMSG_OK(nh, (size_t)n) ||
	    nh->nlmsg_type != GENL_ID_CTRL)
		return -1;
	id = find(nh, NLMSG_HDRLEN + GENL_HDRLEN, CTRL_ATTR_FAMILY_ID);
	if (!id || id->nla_len < NLA_HDRLEN + sizeof(__u16))
		return -1;
	return *(__u16 *)((char *)id + NLA_HDRLEN);
}

/* Prints NLMSGERR_ATTR_MSG from an error reply that carries TLVs. */
static void print_extack(struct nlmsghdr *nh)
{
	struct nlmsgerr *e = NLMSG_DATA(nh);
	size_t off = NLMSG_HDRLEN + sizeof(*e);
	struct nlattr *msg;

	if (!(nh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nh->nlmsg_flags & NLM_F_CAPPED))
		off += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
	msg = find(nh, off, NLMSGERR_ATTR_MSG);
	if (msg)
		fprintf(stderr, "kernel: %.*s\n", (int)(msg->nla_len - NLA_HDRLEN),
			(char *)msg + NLA_HDRLEN);
}

/* Dumps every SA of the namespace; each reply message as one hex line. */
/*
 * A generic netlink socket asking for extended ACKs, and in M the header
 * of a stvpn request CMD with FLAGS; the socket, or -1 after a message.
 */
static int stvpn_open(struct msg *m, __u8 cmd, __u16 flags)
{
	int fd, fam, one = 1;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0) {
		perror("st_genl_raw: socket");
		return -1;
	}
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	fam = family_id(fd);
	if (fam < 0) {
		fprintf(stderr, "st_genl_raw: no genetlink family '%s'\n",
			STVPN_GENL_NAME);
		close(fd);
		return -1;
	}
	memset(m, 0, sizeof(*m));
	m->nh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	m->nh.nlmsg_type = fam;
	m->nh.nlmsg_flags = NLM_F_REQUEST | flags;
	m->gh.cmd = cmd;
	m->gh.version = STVPN_GENL_VERSION;
	return fd;
}

static int dump_sas(void)
{
	char reply[32768];
	int fd, done = 0;
	struct msg m;
	ssize_t n;

	fd = stvpn_open(&m, STVPN_CMD_SA_GET, NLM_F_DUMP);
	if (fd < 0)
		return 1;
	n = transact(fd, &m, reply, sizeof(reply));
	while (n > 0 && !done) {
		struct nlmsghdr *nh = (struct nlmsghdr *)reply;
		size_t left = n;

		for (; NLMSG_OK(nh, left); nh = NLMSG_NEXT(nh, left)) {
			if (nh->nlmsg_type == NLMSG_DONE || nh->nlmsg_type == NLMSG_ERROR) {
				done = 1;
				break;
			}
			for (__u32 i = 0; i < nh->nlmsg_len; i++)
				printf("%02x", ((unsigned char *)nh)[i]);
			putchar('\n');
		}
		if (!done)
			n = recv(fd, reply, sizeof(reply), 0);
	}
	close(fd);
	return done ? 0 : 1;
}

static const char *const cases[] = {
	"valid", "unknown-enc", "unknown-auth", "unknown-dir", "no-id",
	"no-dir", "no-proto", "no-spi", "no-dst", "short-src", "no-sa",
	"transport",
};

int main(int argc, char **argv)
{
	static const unsigned char src[4] = { 192, 0, 2, 1 };
	static const unsigned char dst[4] = { 192, 0, 2, 2 };
	static const char enc_key[] = "STVPN-ENC-KEY-16";
	static const char auth_key[] = "STVPN-AUTH-KEY-20-BY";
	struct nlmsghdr *nh;
	struct nlmsgerr *e;
	char reply[8192];
	struct nlattr *sa;
	const char *c;
	unsigned int i;
	int fd;
	struct msg m;
	ssize_t n;

	if (argc != 2)
		goto usage;
	c = argv[1];
	if (!strcmp(c, "dump"))
		return dump_sas();
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (!strcmp(c, cases[i]))
			break;
	if (i == sizeof(cases) / sizeof(cases[0]))
		goto usage;

	fd = stvpn_open(&m, STVPN_CMD_SA_NEW, NLM_F_ACK);
	if (fd < 0)
		return 1;
	if (strcmp(c, "no-sa")) {
		sa = put(&m.nh, STVPN_A_SA, NULL, 0);
		if (strcmp(c, "no-id"))
			put_u32(&m.nh, STVPN_A_SA_ID, 77);
		if (strcmp(c, "no-dir"))
			put_u8(&m.nh, STVPN_A_SA_DIR,
			       strcmp(c, "unknown-dir") ? STVPN_DIR_OUT : 3);
		if (strcmp(c, "no-proto"))
			put_u8(&m.nh, STVPN_A_SA_PROTO, 50);
		if (strcmp(c, "no-spi"))
			put_u32(&m.nh, STVPN_A_SA_SPI, 0x7777);
		if (!strcmp(c, "transport"))
			put_u8(&m.nh, STVPN_A_SA_MODE, STVPN_SA_MODE_TRANSPORT);
		put(&m.nh, STVPN_A_SA_SRC, src, strcmp(c, "short-src") ? 4 : 3);
		if (strcmp(c, "no-dst"))
			put(&m.nh, STVPN_A_SA_DST, dst, 4);
		put_u8(&m.nh, STVPN_A_SA_ENC_ALG, strcmp(c, "unknown-enc") ?
		       STVPN_ENC_AES_128_CBC : STVPN_ENC_MAX + 1);
		put(&m.nh, STVPN_A_SA_ENC_KEY, enc_key, 16);
		put_u8(&m.nh, STVPN_A_SA_AUTH_ALG, strcmp(c, "unknown-auth") ?
		       STVPN_AUTH_HMAC_SHA1_96 : STVPN_AUTH_MAX + 1);
		put(&m.nh, STVPN_A_SA_AUTH_KEY, auth_key, 20);
		nest_end(&m.nh, sa);
	}

	n = transact(fd, &m, reply, sizeof(reply));
	close(fd);
	nh = (struct nlmsghdr *)reply;
	if (n < (ssize_t)NLMSG_LENGTH(sizeof(*e)) || nh->nlmsg_type != NLMSG_ERROR) {
		fprintf(stderr, "st_genl_raw: no acknowledgement\n");
		return 1;
	}
	e = NLMSG_DATA(nh);
	if (e->error) {
		fprintf(stderr, "st_genl_raw: %s\n", strerror(-e->error));
		print_extack(nh);
		return 1;
	}
	return 0;

usage:
	fprintf(stderr, "usage: st_genl_raw CASE\ncases:");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		fprintf(stderr, " %s", cases[i]);
	fputc('\n', stderr);
	return 2;
}
