// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Argument parsing for the stvpn CLI. Every parser refuses malformed
 * input with a message that quotes it; none of them knows what the
 * kernel will accept beyond the size of the attribute (key lengths, SPI
 * ranges and the like are the kernel's to check).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <net/if.h>
#include <sys/socket.h>

#include "cli.h"
#include "parse.h"

void parse_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", cli.prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

char *args_next(struct args *a)
{
	if (a->argc <= 0)
		return NULL;
	a->argc--;
	return *a->argv++;
}

char *args_value(struct args *a, const char *kw)
{
	char *v = args_next(a);

	if (!v)
		parse_error("%s: '%s' needs a value", a->cmd, kw);
	return v;
}

int args_once(const struct args *a, const char *kw, bool *seen)
{
	if (*seen) {
		parse_error("%s: '%s' given twice", a->cmd, kw);
		return -1;
	}
	*seen = true;
	return 0;
}

int args_require(const struct args *a, const char *kw, bool seen)
{
	if (seen)
		return 0;
	parse_error("%s: missing '%s'", a->cmd, kw);
	return -1;
}

int args_unknown(const struct args *a, const char *word)
{
	parse_error("%s: unknown argument '%s'", a->cmd, word);
	return -1;
}

int parse_u64(const char *what, const char *s, uint64_t max, uint64_t *v)
{
	unsigned long long n;
	const char *digits = s;
	int base = 10;
	char *end;

	if (!strncmp(s, "0x", 2) || !strncmp(s, "0X", 2)) {
		digits = s + 2;
		base = 16;
	}
	/* strtoull() would take spaces, a sign and an empty string. */
	if (!*digits || !(base == 16 ? isxdigit((unsigned char)*digits) :
				       isdigit((unsigned char)*digits)))
		goto err;
	errno = 0;
	n = strtoull(digits, &end, base);
	if (*end || errno == ERANGE || n > max)
		goto err;
	*v = n;
	return 0;
err:
	parse_error("invalid %s: '%s' (expected 0 to %llu, decimal or 0x hex)",
		    what, s, (unsigned long long)max);
	return -1;
}

int parse_u32(const char *what, const char *s, uint32_t *v)
{
	uint64_t n;

	if (parse_u64(what, s, UINT32_MAX, &n) < 0)
		return -1;
	*v = (uint32_t)n;
	return 0;
}

int parse_u16(const char *what, const char *s, uint16_t *v)
{
	uint64_t n;

	if (parse_u64(what, s, UINT16_MAX, &n) < 0)
		return -1;
	*v = (uint16_t)n;
	return 0;
}

int parse_addr(const char *what, const char *s, struct st_addr *addr)
{
	memset(addr, 0, sizeof(*addr));
	if (inet_pton(AF_INET, s, addr->bytes) == 1) {
		addr->family = AF_INET;
		addr->len = 4;
		return 0;
	}
	if (inet_pton(AF_INET6, s, addr->bytes) == 1) {
		addr->family = AF_INET6;
		addr->len = 16;
		return 0;
	}
	parse_error("invalid %s address: '%s'", what, s);
	return -1;
}

int parse_ifname(const char *s)
{
	if (!*s || strlen(s) >= IFNAMSIZ) {
		parse_error("invalid interface name: '%s'", s);
		return -1;
	}
	return 0;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static const char *skip_0x(const char *s)
{
	return (!strncmp(s, "0x", 2) || !strncmp(s, "0X", 2)) ? s + 2 : s;
}

bool looks_like_key(const char *s)
{
	if (skip_0x(s) != s)
		return true;
	if (!*s)
		return false;
	for (; *s; s++)
		if (hex_value(*s) < 0)
			return false;
	return true;
}

int parse_key(const char *what, const char *s, struct st_key *key)
{
	const char *p = skip_0x(s);
	size_t digits = strlen(p), i;

	memset(key, 0, sizeof(*key));
	for (i = 0; i < digits; i++)
		if (hex_value(p[i]) < 0)
			goto err;
	if (digits % 2)
		goto err;

	key->len = digits / 2;
	/* One byte more, so that an empty key is not a NULL pointer. */
	key->data = malloc(key->len + 1);
	if (!key->data) {
		parse_error("out of memory");
		return -1;
	}
	for (i = 0; i < key->len; i++)
		key->data[i] = (uint8_t)(hex_value(p[2 * i]) << 4 |
					 hex_value(p[2 * i + 1]));
	key->set = true;
	return 0;
err:
	parse_error("invalid %s key: '%s' (expected hex digits, two per byte, optionally after 0x)",
		    what, s);
	return -1;
}

void key_wipe(struct st_key *key)
{
	if (key->data) {
		explicit_bzero(key->data, key->len);
		free(key->data);
	}
	memset(key, 0, sizeof(*key));
}

int parse_word(const char *what, const char *s, const char *const *words)
{
	int i;

	for (i = 0; words[i]; i++)
		if (!strcmp(s, words[i]))
			return i;

	fprintf(stderr, "%s: invalid %s: '%s' (expected", cli.prog, what, s);
	for (i = 0; words[i]; i++)
		fprintf(stderr, "%s %s", i ? (words[i + 1] ? "," : " or") : "",
			words[i]);
	fprintf(stderr, ")\n");
	return -1;
}

/* Indexed by enum stvpn_enc and enum stvpn_auth; NULL where no name. */
static const char *const enc_names[] = {
	[STVPN_ENC_NONE]		= NULL,
	[STVPN_ENC_NULL]		= "null",
	[STVPN_ENC_DES_CBC]		= "des-cbc",
	[STVPN_ENC_3DES_CBC]		= "3des-cbc",
	[STVPN_ENC_AES_128_CBC]		= "aes-128-cbc",
	[STVPN_ENC_AES_192_CBC]		= "aes-192-cbc",
	[STVPN_ENC_AES_256_CBC]		= "aes-256-cbc",
	[STVPN_ENC_AES_128_GCM]		= "aes-128-gcm",
	[STVPN_ENC_AES_256_GCM]		= "aes-256-gcm",
	[STVPN_ENC_CHACHA20_POLY1305]	= "chacha20-poly1305",
};

static const char *const auth_names[] = {
	[STVPN_AUTH_NONE]		= NULL,
	[STVPN_AUTH_HMAC_MD5_96]	= "hmac-md5-96",
	[STVPN_AUTH_HMAC_SHA1_96]	= "hmac-sha1-96",
	[STVPN_AUTH_HMAC_SHA_256_128]	= "hmac-sha-256-128",
	[STVPN_AUTH_HMAC_SHA_384_192]	= "hmac-sha-384-192",
	[STVPN_AUTH_HMAC_SHA_512_256]	= "hmac-sha-512-256",
	[STVPN_AUTH_NULL]		= "null",
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int parse_alg(const char *what, const char *s,
		     const char *const *names, size_t n, uint8_t *alg)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (names[i] && !strcmp(s, names[i])) {
			*alg = (uint8_t)i;
			return 0;
		}
	}
	fprintf(stderr, "%s: unknown %s algorithm: '%s' (one of:", cli.prog,
		what, s);
	for (i = 0; i < n; i++)
		if (names[i])
			fprintf(stderr, " %s", names[i]);
	fprintf(stderr, ")\n");
	return -1;
}

int parse_enc(const char *s, uint8_t *alg)
{
	return parse_alg("encryption", s, enc_names, ARRAY_SIZE(enc_names), alg);
}

int parse_auth(const char *s, uint8_t *alg)
{
	return parse_alg("authentication", s, auth_names,
			 ARRAY_SIZE(auth_names), alg);
}

const char *enc_name(unsigned int alg)
{
	if (alg == STVPN_ENC_NONE)
		return NULL;
	return alg < ARRAY_SIZE(enc_names) ? enc_names[alg] : "unknown";
}

const char *auth_name(unsigned int alg)
{
	if (alg == STVPN_AUTH_NONE)
		return NULL;
	return alg < ARRAY_SIZE(auth_names) ? auth_names[alg] : "unknown";
}

const char *addr_str(const void *bytes, int len, char *buf, size_t size)
{
	int family = len == 4 ? AF_INET : len == 16 ? AF_INET6 : AF_UNSPEC;

	if (family == AF_UNSPEC ||
	    !inet_ntop(family, bytes, buf, (socklen_t)size))
		snprintf(buf, size, "?");
	return buf;
}

const char *ifindex_str(unsigned int ifindex, char *buf, size_t size)
{
	char name[IF_NAMESIZE];

	if (if_indextoname(ifindex, name))
		snprintf(buf, size, "%s", name);
	else
		snprintf(buf, size, "%u", ifindex);
	return buf;
}
