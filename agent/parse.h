/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Argument parsing for the stvpn CLI: numbers, addresses, hex keys and
 * algorithm names, each refused with a message that quotes the input.
 * Also what the "stvpn kernel" commands (kernel*.c) share.
 */
#ifndef STVPN_PARSE_H
#define STVPN_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <netinet/in.h>

#include "genl.h"

/* An IPv4 or IPv6 address as the stvpn family carries it: raw bytes. */
struct st_addr {
	int		family;		/* AF_INET or AF_INET6; 0 = none */
	unsigned int	len;		/* 4 or 16 */
	uint8_t		bytes[16];
};

/* Room for the longest address text, NUL included. */
#define ST_ADDRSTRLEN	INET6_ADDRSTRLEN

/* A key parsed from hex; wipe it with key_wipe() once sent. */
struct st_key {
	uint8_t		*data;
	size_t		len;
	bool		set;
};

/*
 * The words of a command line, consumed from the front. CMD names the
 * command ("kernel sa add") in messages.
 */
struct args {
	int		argc;
	char		**argv;
	const char	*cmd;
};

/* Prints "stvpn: FMT" on stderr. */
void parse_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The next word, consumed, or NULL at the end. */
char *args_next(struct args *a);

/*
 * The value of keyword KW, consumed; at the end of the line prints
 * "CMD: 'KW' needs a value" and returns NULL.
 */
char *args_value(struct args *a, const char *kw);

/* Prints "CMD: KW given twice" and returns -1 if *SEEN, else sets it. */
int args_once(const struct args *a, const char *kw, bool *seen);

/* Prints "CMD: missing 'KW'" and returns -1 unless SEEN. */
int args_require(const struct args *a, const char *kw, bool seen);

/* Prints "CMD: unknown argument 'WORD'"; returns -1. */
int args_unknown(const struct args *a, const char *word);

/*
 * Parsers: 0 on success; on error they print "invalid WHAT: 'S'" (and
 * what was expected) and return -1. Numbers are decimal, or hex with a
 * 0x prefix; no sign, no spaces.
 */
int parse_u64(const char *what, const char *s, uint64_t max, uint64_t *v);
int parse_u32(const char *what, const char *s, uint32_t *v);
int parse_u16(const char *what, const char *s, uint16_t *v);
int parse_addr(const char *what, const char *s, struct st_addr *addr);
int parse_ifname(const char *s);

/*
 * Hex with an optional 0x prefix, an even number of digits (none is an
 * empty key). The key's length is not checked: that is the kernel's job.
 */
int parse_key(const char *what, const char *s, struct st_key *key);
void key_wipe(struct st_key *key);

/* Is S meant as a key: hex digits, or anything after 0x? */
bool looks_like_key(const char *s);

/* One of WORDS (NULL-terminated) by name: its index, or -1 and a message. */
int parse_word(const char *what, const char *s, const char *const *words);

/* Algorithm names, by their Junos names (enum stvpn_enc, stvpn_auth). */
int parse_enc(const char *s, uint8_t *alg);
int parse_auth(const char *s, uint8_t *alg);
const char *enc_name(unsigned int alg);		/* NULL for STVPN_ENC_NONE */
const char *auth_name(unsigned int alg);	/* NULL for STVPN_AUTH_NONE */

/* The text of a raw 4- or 16-byte address; "?" for any other length. */
const char *addr_str(const void *bytes, int len, char *buf, size_t size);

/* The name of an interface, or its number when it has none here. */
const char *ifindex_str(unsigned int ifindex, char *buf, size_t size);

/*
 * What the "stvpn kernel" commands share (kernel.c). Each command parses
 * its whole line first, then opens the family with kernel_open() (which
 * prints why it cannot and returns EXIT_UNAVAIL), then sends with
 * kernel_request() (which frees MSG, prints "stvpn: [WHAT: ]MESSAGE" for
 * an error and returns EXIT_FAIL, or returns EXIT_OK). kernel_nomem()
 * frees a message that could not be built, says so, returns EXIT_FAIL.
 */
int kernel_open(struct stvpn_genl *g);
int kernel_request(struct stvpn_genl *g, struct nl_msg *msg,
		   int (*cb)(struct nl_msg *, void *), void *arg,
		   const char *what);
int kernel_nomem(struct nl_msg *msg);

int kernel_sa_main(int argc, char **argv);
int kernel_bind_main(int argc, char **argv);
int kernel_monitor_main(int argc, char **argv);
void kernel_sa_usage(FILE *f);
void kernel_bind_usage(FILE *f);

#endif
