// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * udpblast: send small UDP datagrams round-robin to K addresses spread
 * evenly over the N next hops NET + 1 ... NET + N for a fixed time, as
 * fast as one thread can, and report the rate. For the NHTB scale
 * benchmark (tools/bench/scale.sh): each datagram goes through the st
 * device's next-hop table to its own binding and SA.
 *
 * With -E, it sends ESP instead (a raw socket) to the one address -D,
 * with K SPIs spread evenly over SPI ... SPI + N - 1: the receive side's
 * SA lookup, each packet for its own SA (sequence number 1, an ICV that
 * does not verify: the receiver looks the SA up, tries and drops).
 *
 *   udpblast [-N NET] [-n N] [-k K] [-t SECONDS] [-w WARMUP] [-l LEN]
 *            [-b BATCH] [-P PORT] [-c CPU] [-E SPI -D ADDR]
 *
 *   -N NET     first address minus one (10.128.0.0)
 *   -n N       next hops there are (1)     -k K  addresses to use (min(N, 1024))
 *   -t SECONDS measured time (3)           -w WARMUP  unmeasured time first (0.5)
 *   -l LEN     UDP payload bytes (18: a 64-byte frame)
 *   -b BATCH   datagrams per sendmmsg (64) -P PORT destination port (9)
 *   -c CPU     pin the sender to this CPU
 *   -E SPI     send ESP with SPIs from SPI (LEN 56 by default)
 *   -D ADDR    the ESP packets' destination
 *
 * Address (or SPI) j (0 <= j < K) is NET + 1 + floor(j * N / K) (or
 * SPI + floor(j * N / K)). One line on
 * standard output, tab-separated:
 *
 *   SENT SECONDS PPS CPU_NS_PER_PACKET ERRORS TOTAL
 *
 * SENT, SECONDS, PPS and the CPU time are of the measured time; TOTAL
 * counts the warm-up too, to compare with the devices' counters.
 * CPU time is this process's user + system time (softirq work done on its
 * behalf included, where the kernel charges it to the sender). ERRORS
 * counts the sendmmsg calls that failed or sent less than their batch
 * (the datagram at the stop failed); the first error is printed. Drops
 * inside the st device are not errors here: read its counters.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_BATCH	1024

static void usage(void)
{
	fprintf(stderr, "usage: see the comment at the top of tools/bench/udpblast.c\n");
	exit(2);
}

static unsigned long num(const char *what, const char *s)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || !*s) {
		fprintf(stderr, "udpblast: invalid %s: '%s'\n", what, s);
		exit(2);
	}
	return v;
}

static double fnum(const char *what, const char *s)
{
	double v;
	char *end;

	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !*s || v < 0) {
		fprintf(stderr, "udpblast: invalid %s: '%s'\n", what, s);
		exit(2);
	}
	return v;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/*
 * Sends batches to the K addresses in turn until UNTIL; returns the
 * datagrams sent, adding the calls that failed to *errors.
 */
static uint64_t blast(int fd, const struct msghdr *hdrs, unsigned long k,
		      struct mmsghdr *msgs, unsigned int batch, double until,
		      uint64_t *errors, unsigned long *next)
{
	uint64_t sent = 0;
	unsigned int i;

	while (now() < until) {
		int n;

		for (i = 0; i < batch; i++) {
			msgs[i].msg_hdr = hdrs[*next];
			if (++*next == k)
				*next = 0;
		}
		n = sendmmsg(fd, msgs, batch, 0);
		if (n < 0) {
			if (!*errors)
				perror("udpblast: sendmmsg");
			*errors += 1;
			continue;
		}
		sent += (unsigned int)n;
		/* The rest of a partly sent batch failed on its first one. */
		if ((unsigned int)n < batch) {
			if (!*errors)
				fprintf(stderr, "udpblast: sendmmsg sent %d of %u\n", n, batch);
			*errors += 1;
		}
	}
	return sent;
}

int main(int argc, char **argv)
{
	static struct mmsghdr msgs[MAX_BATCH];
	unsigned long n = 1, k = 0, len = 0, batch = 64, port = 9, next = 0, j;
	unsigned long spi = 0;
	double secs = 3, warmup = 0.5, t0, t1, c0, c1;
	struct in_addr net = { htonl(0x0a800000) };	/* 10.128.0.0 */
	struct in_addr esp_dst = { 0 };
	struct sockaddr_in *dsts;
	struct msghdr *hdrs;
	uint64_t sent, total = 0, errors = 0;
	struct iovec *iovs;
	unsigned char *payload;
	int c, fd, cpu = -1;

	while ((c = getopt(argc, argv, "N:n:k:t:w:l:b:P:c:E:D:h")) != -1) {
		switch (c) {
		case 'N':
			if (inet_pton(AF_INET, optarg, &net) != 1) {
				fprintf(stderr, "udpblast: invalid net: '%s'\n", optarg);
				return 2;
			}
			break;
		case 'D':
			if (inet_pton(AF_INET, optarg, &esp_dst) != 1) {
				fprintf(stderr, "udpblast: invalid address: '%s'\n", optarg);
				return 2;
			}
			break;
		case 'E': spi = num("SPI", optarg); break;
		case 'n': n = num("count", optarg); break;
		case 'k': k = num("address count", optarg); break;
		case 't': secs = fnum("time", optarg); break;
		case 'w': warmup = fnum("warm-up time", optarg); break;
		case 'l': len = num("length", optarg); break;
		case 'b': batch = num("batch", optarg); break;
		case 'P': port = num("port", optarg); break;
		case 'c': cpu = (int)num("CPU", optarg); break;
		default: usage();
		}
	}
	if (!k)
		k = n < 1024 ? n : 1024;
	if (!len)
		len = spi ? 56 : 18;
	if (optind != argc || !n || k > n || !batch || batch > MAX_BATCH ||
	    len > 1472 || !port || port > 65535 || secs <= 0 ||
	    (spi && (len < 8 || !esp_dst.s_addr || spi + n - 1 > UINT32_MAX)))
		usage();

	if (cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set))
			perror("udpblast: sched_setaffinity");
	}

	/* One destination, payload and message header per target. */
	dsts = calloc(k, sizeof(*dsts));
	iovs = calloc(k, sizeof(*iovs));
	hdrs = calloc(k, sizeof(*hdrs));
	payload = malloc(k * len);
	if (!dsts || !iovs || !hdrs || !payload) {
		fprintf(stderr, "udpblast: out of memory\n");
		return 1;
	}
	memset(payload, 0x5a, k * len);
	for (j = 0; j < k; j++) {
		uint32_t pick = (uint32_t)((uint64_t)j * n / k);
		unsigned char *p = payload + j * len;

		dsts[j].sin_family = AF_INET;
		dsts[j].sin_port = htons((uint16_t)port);
		if (spi) {
			uint32_t be = htonl((uint32_t)(spi + pick)), seq = htonl(1);

			dsts[j].sin_port = 0;
			dsts[j].sin_addr = esp_dst;
			memcpy(p, &be, 4);
			memcpy(p + 4, &seq, 4);
		} else {
			dsts[j].sin_addr.s_addr = htonl(ntohl(net.s_addr) + 1 + pick);
		}
		iovs[j].iov_base = p;
		iovs[j].iov_len = len;
		hdrs[j].msg_name = &dsts[j];
		hdrs[j].msg_namelen = sizeof(dsts[j]);
		hdrs[j].msg_iov = &iovs[j];
		hdrs[j].msg_iovlen = 1;
	}

	fd = spi ? socket(AF_INET, SOCK_RAW, IPPROTO_ESP) : socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("udpblast: socket");
		return 1;
	}

	if (warmup > 0)
		total = blast(fd, hdrs, k, msgs, (unsigned int)batch,
			      now() + warmup, &errors, &next);
	c0 = cpu_seconds();
	t0 = now();
	sent = blast(fd, hdrs, k, msgs, (unsigned int)batch, t0 + secs,
		     &errors, &next);
	t1 = now();
	c1 = cpu_seconds();

	total += sent;

	printf("%llu\t%.3f\t%.0f\t%.0f\t%llu\t%llu\n", (unsigned long long)sent,
	       t1 - t0, (double)sent / (t1 - t0),
	       sent ? (c1 - c0) * 1e9 / (double)sent : 0.0,
	       (unsigned long long)errors, (unsigned long long)total);
	close(fd);
	free(payload);
	free(hdrs);
	free(iovs);
	free(dsts);
	return 0;
}
