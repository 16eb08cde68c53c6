// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stpkt: hand-made ESP, AH and UDP packets for the stvpn tests, sent from
 * a raw or UDP socket (the kernel adds the outer IPv4 header).
 *
 *   stpkt esp DST SPI SEQ LEN             ESP header, LEN random bytes
 *   stpkt esp-null DST SPI SEQ KEY KIND   NULL encryption, HMAC-SHA1-96 with
 *                                         KEY (hex); an IPv4 ICMP echo inside;
 *                                         KIND: good, badpad or badnext
 *   stpkt ah DST SPI SEQ LEN              AH (hdrlen for a 12-byte ICV),
 *                                         random ICV, LEN bytes of payload
 *   stpkt udp DST PORT HEX                one UDP datagram with payload HEX
 *   stpkt random DST PROTO COUNT [SPI]    COUNT random packets; PROTO 50, 51
 *                                         or udp:PORT; with SPI, every other
 *                                         one starts with that SPI
 *
 * The HMAC comes from OpenSSL; nothing here is hand-written crypto.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

static struct sockaddr_in dst;

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void usage(void)
{
	fprintf(stderr, "usage: see the comment at the top of tools/pkt/stpkt.c\n");
	exit(2);
}

static unsigned long num(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || !*s) {
		fprintf(stderr, "stpkt: invalid number: '%s'\n", s);
		exit(2);
	}
	return v;
}

static size_t hex(const char *s, unsigned char *out, size_t max)
{
	size_t n = 0;

	if (!strncmp(s, "0x", 2))
		s += 2;
	if (strlen(s) % 2) {
		fprintf(stderr, "stpkt: odd-length hex: '%s'\n", s);
		exit(2);
	}
	for (; *s && n < max; s += 2) {
		unsigned int b;

		if (sscanf(s, "%2x", &b) != 1) {
			fprintf(stderr, "stpkt: invalid hex: '%s'\n", s);
			exit(2);
		}
		out[n++] = b;
	}
	return n;
}

static void rnd(unsigned char *buf, size_t len)
{
	if (len && RAND_bytes(buf, (int)len) != 1) {
		fprintf(stderr, "stpkt: RAND_bytes failed\n");
		exit(1);
	}
}

static void send_raw(int proto, const unsigned char *buf, size_t len)
{
	int fd = socket(AF_INET, SOCK_RAW, proto);

	if (fd < 0)
		die("socket");
	if (sendto(fd, buf, len, 0, (struct sockaddr *)&dst, sizeof(dst)) < 0)
		die("sendto");
	close(fd);
}

static void send_udp(unsigned int port, const unsigned char *buf, size_t len)
{
	struct sockaddr_in to = dst;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0)
		die("socket");
	to.sin_port = htons(port);
	if (sendto(fd, buf, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		die("sendto");
	close(fd);
}

static size_t put_esp_hdr(unsigned char *p, uint32_t spi, uint32_t seq)
{
	uint32_t w[2] = { htonl(spi), htonl(seq) };

	memcpy(p, w, 8);
	return 8;
}

/* An IPv4 ICMP echo request from 10.11.11.1 to 10.11.11.2, 28 bytes. */
static size_t inner_ping(unsigned char *p)
{
	static const unsigned char pkt[28] = {
		0x45, 0x00, 0x00, 0x1c, 0x12, 0x34, 0x00, 0x00, 0x40, 0x01,
		0x00, 0x00, 10, 11, 11, 1, 10, 11, 11, 2,
		0x08, 0x00, 0xf7, 0xfe, 0x00, 0x01, 0x00, 0x00,
	};
	unsigned int sum = 0, i;

	memcpy(p, pkt, sizeof(pkt));
	for (i = 0; i < 20; i += 2)
		sum += (p[i] << 8) | p[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	p[10] = ~sum >> 8;
	p[11] = ~sum & 0xff;
	return sizeof(pkt);
}

static int esp_null(int argc, char **argv)
{
	unsigned char pkt[256], key[64], mac[EVP_MAX_MD_SIZE];
	unsigned int maclen, i;
	size_t klen, len, inner, pad;
	const char *kind;

	if (argc != 6)
		usage();
	klen = hex(argv[4], key, sizeof(key));
	kind = argv[5];

	len = put_esp_hdr(pkt, num(argv[2]), num(argv[3]));
	inner = inner_ping(pkt + len);
	len += inner;
	/* Trailer: pad to 4 bytes with 1, 2, ...; pad length; next header. */
	pad = (4 - (inner + 2) % 4) % 4;
	if (!pad)
		pad = 4;	/* some padding, so that it can be wrong */
	for (i = 0; i < pad; i++)
		pkt[len++] = i + 1;
	if (!strcmp(kind, "badpad"))
		pkt[len - 1] ^= 0x40;
	pkt[len++] = pad;
	pkt[len++] = !strcmp(kind, "badnext") ? 17 : 4;
	if (strcmp(kind, "good") && strcmp(kind, "badpad") && strcmp(kind, "badnext"))
		usage();

	if (!HMAC(EVP_sha1(), key, (int)klen, pkt, len, mac, &maclen))
		die("HMAC");
	memcpy(pkt + len, mac, 12);
	len += 12;
	send_raw(IPPROTO_ESP, pkt, len);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned char pkt[2048];
	size_t len;

	if (argc < 3)
		usage();
	dst.sin_family = AF_INET;
	if (inet_pton(AF_INET, argv[2], &dst.sin_addr) != 1) {
		fprintf(stderr, "stpkt: invalid address: '%s'\n", argv[2]);
		return 2;
	}

	if (!strcmp(argv[1], "esp")) {
		if (argc != 6)
			usage();
		len = put_esp_hdr(pkt, num(argv[3]), num(argv[4]));
		if (num(argv[5]) > sizeof(pkt) - len)
			usage();
		rnd(pkt + len, num(argv[5]));
		len += num(argv[5]);
		/* A truncated ESP header: fewer than 8 bytes on the wire. */
		send_raw(IPPROTO_ESP, pkt, num(argv[5]) == 0 ? 4 : len);
		return 0;
	}
	if (!strcmp(argv[1], "esp-null"))
		return esp_null(argc - 1, argv + 1);
	if (!strcmp(argv[1], "ah")) {
		uint32_t w[2];

		if (argc != 6 || num(argv[5]) > sizeof(pkt) - 24)
			usage();
		pkt[0] = 4;		/* next header: IPv4 */
		pkt[1] = 4;		/* (12 + 12) / 4 - 2 */
		pkt[2] = pkt[3] = 0;
		w[0] = htonl(num(argv[3]));
		w[1] = htonl(num(argv[4]));
		memcpy(pkt + 4, w, 8);
		rnd(pkt + 12, 12 + num(argv[5]));
		len = 24 + num(argv[5]);
		send_raw(IPPROTO_AH, pkt, num(argv[5]) == 0 ? 10 : len);
		return 0;
	}
	if (!strcmp(argv[1], "udp")) {
		if (argc != 5)
			usage();
		len = hex(argv[4], pkt, sizeof(pkt));
		send_udp(num(argv[3]), pkt, len);
		return 0;
	}
	if (!strcmp(argv[1], "random")) {
		unsigned long count, i, spi = 0;
		unsigned int port = 0, proto = 0;
		unsigned char r[2];

		if (argc != 5 && argc != 6)
			usage();
		if (!strncmp(argv[3], "udp:", 4))
			port = num(argv[3] + 4);
		else
			proto = num(argv[3]);
		count = num(argv[4]);
		if (argc == 6)
			spi = num(argv[5]);
		for (i = 0; i < count; i++) {
			rnd(r, sizeof(r));
			len = ((r[0] << 8) | r[1]) % 300;
			rnd(pkt, len);
			if (spi && (i & 1) && len >= 4) {
				uint32_t s = htonl(spi);

				memcpy(pkt, &s, 4);
			}
			if (port)
				send_udp(port, pkt, len);
			else
				send_raw(proto, pkt, len);
		}
		return 0;
	}
	usage();
	return 2;
}
