// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The operational commands' output (opshow.h): the text layouts of the
 * seeds, which are what Junos users know and what their scripts parse,
 * and one JSON object per command.
 *
 * The seeds were printed on paper and typed back in, so their columns
 * are not always straight. Where a seed line and a straight column
 * disagree, the seed wins for the lines it shows, and the rule that
 * reproduces it is written down next to the code that applies it.
 *
 * JSON is one object on one line, like the rest of the CLI's JSON: keys
 * in snake_case, counters as numbers, "no limit" as null. The JSON of a
 * command carries every field whatever the text level (brief, detail),
 * so a script never needs "detail" to find a value.
 */
#include <inttypes.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "cli.h"
#include "opshow.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* --- names --------------------------------------------------------------- */

/* The Algorithm column of the brief SA list: "ESP:3des/sha1". */
static const char *const enc_short[] = {
	[STVPN_ENC_NONE]		= "None",
	[STVPN_ENC_NULL]		= "null",
	[STVPN_ENC_DES_CBC]		= "des",
	[STVPN_ENC_3DES_CBC]		= "3des",
	[STVPN_ENC_AES_128_CBC]		= "aes-cbc-128",
	[STVPN_ENC_AES_192_CBC]		= "aes-cbc-192",
	[STVPN_ENC_AES_256_CBC]		= "aes-cbc-256",
	[STVPN_ENC_AES_128_GCM]		= "aes-gcm-128",
	[STVPN_ENC_AES_256_GCM]		= "aes-gcm-256",
	[STVPN_ENC_CHACHA20_POLY1305]	= "chacha20-poly1305",
};

static const char *const auth_short[] = {
	[STVPN_AUTH_NONE]		= "None",
	[STVPN_AUTH_HMAC_MD5_96]	= "md5",
	[STVPN_AUTH_HMAC_SHA1_96]	= "sha1",
	[STVPN_AUTH_HMAC_SHA_256_128]	= "sha256",
	[STVPN_AUTH_HMAC_SHA_384_192]	= "sha384",
	[STVPN_AUTH_HMAC_SHA_512_256]	= "sha512",
	[STVPN_AUTH_NULL]		= "null",
};

/* The detail view's names, as in the Junos configuration. */
static const char *const enc_long[] = {
	[STVPN_ENC_NONE]		= "None",
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

static const char *const auth_long[] = {
	[STVPN_AUTH_NONE]		= "None",
	[STVPN_AUTH_HMAC_MD5_96]	= "hmac-md5-96",
	[STVPN_AUTH_HMAC_SHA1_96]	= "hmac-sha1-96",
	[STVPN_AUTH_HMAC_SHA_256_128]	= "hmac-sha-256-128",
	[STVPN_AUTH_HMAC_SHA_384_192]	= "hmac-sha-384-192",
	[STVPN_AUTH_HMAC_SHA_512_256]	= "hmac-sha-512-256",
	[STVPN_AUTH_NULL]		= "null",
};

/*
 * SA states. Junos only ever shows "installed"; the others are states
 * the module keeps an SA in until the agent replaces or deletes it.
 */
static const char *const state_names[] = {
	[STVPN_SA_STATE_VALID]		= "installed",
	[STVPN_SA_STATE_SOFT_EXPIRED]	= "soft-expired",
	[STVPN_SA_STATE_HARD_EXPIRED]	= "expired",
	[STVPN_SA_STATE_SEQ_EXHAUSTED]	= "sequence-exhausted",
};

static const char *const df_names[] = {
	[STVPN_DF_CLEAR]	= "clear",
	[STVPN_DF_SET]		= "set",
	[STVPN_DF_COPY]		= "copy",
};

/* Drops by reason (enum stvpn_dev_stat): detail text and JSON names. */
static const struct {
	const char	*text;
	const char	*json;
} drop_names[] = {
	[STVPN_DEV_STAT_NO_BINDING]	= { "No tunnel binding:", "no_binding" },
	[STVPN_DEV_STAT_NO_SA]		= { "No usable SA:", "no_sa" },
	[STVPN_DEV_STAT_TOO_BIG]	= { "Packet too big:", "too_big" },
	[STVPN_DEV_STAT_NO_ROUTE]	= { "No route to peer:", "no_route" },
	[STVPN_DEV_STAT_SEQ_EXHAUSTED]	= { "Sequence exhausted:",
					    "seq_exhausted" },
	[STVPN_DEV_STAT_EXPIRED]	= { "SA expired:", "expired" },
	[STVPN_DEV_STAT_BAD_INNER]	= { "Bad inner packet:", "bad_inner" },
};

/* SA error counters (enum stvpn_sa_stat) by their JSON names. */
static const char *const sa_error_json[] = {
	[STVPN_SA_STAT_AH_AUTH_FAIL]	 = "ah_authentication_failures",
	[STVPN_SA_STAT_REPLAY]		 = "replay_errors",
	[STVPN_SA_STAT_ESP_AUTH_FAIL]	 = "esp_authentication_failures",
	[STVPN_SA_STAT_ESP_DECRYPT_FAIL] = "esp_decryption_failures",
	[STVPN_SA_STAT_BAD_HEADER]	 = "bad_headers",
	[STVPN_SA_STAT_BAD_TRAILER]	 = "bad_trailers",
};

/* A table entry, or "unknown" for a value from a newer module. */
static const char *name_of(const char *const *tab, size_t n, unsigned int v)
{
	return v < n && tab[v] ? tab[v] : "unknown";
}

#define NAME_OF(tab, v)	name_of(tab, ARRAY_SIZE(tab), v)

const char *op_enc_short(unsigned int enc)
{
	return NAME_OF(enc_short, enc);
}

const char *op_auth_short(unsigned int auth)
{
	return NAME_OF(auth_short, auth);
}

static const char *dash(const char *s)
{
	return s && *s ? s : "-";
}

static const char *up_down(bool up)
{
	return up ? "up" : "down";
}

static const char *proto_name(unsigned int proto)
{
	return proto == IPPROTO_AH ? "AH" :
	       proto == IPPROTO_ESP ? "ESP" : "unknown";
}

static const char *family_name(int family)
{
	return family == AF_INET6 ? "inet6" : "inet";
}

/* --- JSON ---------------------------------------------------------------- */

/* ,"KEY":"VAL" (or null). Keys are constants and need no escaping. */
static void j_str(FILE *f, const char *key, const char *val)
{
	fprintf(f, ",\"%s\":", key);
	if (val)
		json_string(f, val);
	else
		fputs("null", f);
}

static void j_u64(FILE *f, const char *key, uint64_t v)
{
	fprintf(f, ",\"%s\":%" PRIu64, key, v);
}

/* A lifetime: null when unlimited, so numbers stay numbers. */
static void j_life(FILE *f, const char *key, uint64_t v)
{
	if (v == OP_UNLIMITED)
		fprintf(f, ",\"%s\":null", key);
	else
		j_u64(f, key, v);
}

static void j_bool(FILE *f, const char *key, bool v)
{
	fprintf(f, ",\"%s\":%s", key, v ? "true" : "false");
}

/* --- show security ipsec security-associations -------------------------- */

/* The Algorithm column: "ESP:3des/sha1", "ESP:aes-gcm-128/None", "AH:sha1". */
static void sa_algorithm(const struct op_sa *sa, char *buf, size_t size)
{
	if (sa->proto == IPPROTO_AH)
		snprintf(buf, size, "AH:%s", op_auth_short(sa->auth));
	else
		snprintf(buf, size, "%s:%s/%s", proto_name(sa->proto),
			 op_enc_short(sa->enc), op_auth_short(sa->auth));
}

/*
 * The Life:sec/kb column: the seed's "3564/ unlim" and "28756/unlim"
 * make a pair WIDTH wide with the kilobytes right-aligned after the
 * slash. A pair that does not fit is printed whole (WIDTH 0 measures).
 * Two spaces follow the pair on every row: the seed's 28756 rows have
 * one, its 3564 rows two, and the Mon column should stay straight.
 */
static int sa_life(const struct op_sa *sa, int width, char *buf, size_t size)
{
	char sec[24], kb[24];
	int kbw;

	if (sa->hard_seconds == OP_UNLIMITED)
		snprintf(sec, sizeof(sec), "unlim");
	else
		snprintf(sec, sizeof(sec), "%" PRIu64, sa->hard_seconds);
	if (sa->kbytes_left == OP_UNLIMITED)
		snprintf(kb, sizeof(kb), "unlim");
	else
		snprintf(kb, sizeof(kb), "%" PRIu64, sa->kbytes_left);
	kbw = width - (int)strlen(sec) - 1;
	return snprintf(buf, size, "%s/%*s", sec, kbw > 0 ? kbw : 0, kb);
}

static char sa_mon(const struct op_sa *sa)
{
	return sa->mon ? sa->mon : '-';
}

/* Column widths: the seed's, widened for what does not fit. */
struct sa_cols {
	int	id;	/* the index, after '<' or '>' */
	int	gw;
	int	alg;
	int	life;
};

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

static struct sa_cols sa_measure(const struct op_sa *sas, size_t n)
{
	struct sa_cols c = { .id = 5, .gw = 12, .alg = 14, .life = 11 };
	char buf[64];
	size_t i;

	for (i = 0; i < n; i++) {
		c.id = max_int(c.id, snprintf(buf, sizeof(buf), "%u",
					      sas[i].index));
		c.gw = max_int(c.gw, (int)strlen(dash(sas[i].remote)));
		sa_algorithm(&sas[i], buf, sizeof(buf));
		c.alg = max_int(c.alg, (int)strlen(buf));
		c.life = max_int(c.life, sa_life(&sas[i], 0, buf, sizeof(buf)));
	}
	return c;
}

/*
 * total configured sa: 2
 * ID      Gateway      Port  Algorithm      SPI      Life:sec/kb  Mon vsys
 * <16384 2.2.2.2      500   ESP:3des/sha1  b2fc36f8 3564/ unlim  -  0
 *
 * The header is one column right of the rows ("ID" takes one more than
 * '<' and the index): that is how the seed prints it.
 */
static void sa_brief(FILE *f, const struct op_sa *sas, size_t n)
{
	struct sa_cols c = sa_measure(sas, n);
	char alg[64], life[64];
	size_t i;

	fprintf(f, "total configured sa: %zu\n", n);
	if (!n)
		return;
	fprintf(f, "%-*s%-*s%-6s%-*s%-9s%-*s  Mon vsys\n", c.id + 3, "ID",
		c.gw + 1, "Gateway", "Port", c.alg + 1, "Algorithm", "SPI",
		c.life, "Life:sec/kb");
	for (i = 0; i < n; i++) {
		const struct op_sa *sa = &sas[i];

		sa_algorithm(sa, alg, sizeof(alg));
		sa_life(sa, c.life, life, sizeof(life));
		fprintf(f, "%c%-*u %-*s %-5u %-*s %08x %-*s  %c  0\n",
			sa->inbound ? '<' : '>', c.id, sa->index,
			c.gw, dash(sa->remote), sa->port, c.alg, alg, sa->spi,
			c.life, life, sa_mon(sa));
	}
}

static void sa_lifetime(FILE *f, const char *name, uint64_t seconds)
{
	if (seconds == OP_UNLIMITED)
		fprintf(f, "  %s lifetime: Unlimited\n", name);
	else
		fprintf(f, "  %s lifetime: Expires in %" PRIu64 " seconds\n",
			name, seconds);
}

/* One direction of the detail view, the 004 seed's lines. */
static void sa_detail_dir(FILE *f, const struct op_sa *sa)
{
	fprintf(f, "  Direction: %s, SPI: %u, AUX-SPI: 0\n",
		sa->inbound ? "inbound" : "outbound", sa->spi);
	sa_lifetime(f, "Hard", sa->hard_seconds);
	if (sa->kbytes_left == OP_UNLIMITED)
		fprintf(f, "  Lifesize Remaining: Unlimited\n");
	else
		fprintf(f, "  Lifesize Remaining: %" PRIu64 " kilobytes\n",
			sa->kbytes_left);
	sa_lifetime(f, "Soft", sa->soft_seconds);
	fprintf(f, "  Mode: tunnel, Type: %s, State: %s, VPN Monitoring: %c\n",
		sa->manual ? "static" : "dynamic",
		NAME_OF(state_names, sa->state), sa_mon(sa));
	fprintf(f, "  Protocol: %s, Authentication: %s, Encryption: %s\n",
		proto_name(sa->proto), NAME_OF(auth_long, sa->auth),
		NAME_OF(enc_long, sa->enc));
	fprintf(f, "  Anti-replay service: %s, Replay window size: %u\n",
		sa->replay_window ? "enabled" : "disabled", sa->replay_window);
}

/*
 * The proxy identities: a route-based VPN negotiates "everything", so
 * they are the any-to-any subnet of the gateways' family.
 */
static const char *sa_identity(const struct op_sa *sa)
{
	if (sa->remote && strchr(sa->remote, ':'))
		return "ipv6_subnet(any:0,[0..15]=::/0)";
	return "ipv4_subnet(any:0,[0..7]=0.0.0.0/0)";
}

/* One VPN (N SAs with the same index): its header, then each direction. */
static void sa_detail_vpn(FILE *f, const struct op_sa *sas, size_t n)
{
	size_t i;

	fprintf(f, "Virtual-system: Root\n");
	fprintf(f, "Local Gateway: %s, Remote Gateway: %s\n",
		dash(sas->local), dash(sas->remote));
	fprintf(f, "Local Identity: %s\n", sa_identity(sas));
	fprintf(f, "Remote Identity: %s\n", sa_identity(sas));
	fprintf(f, "  DF-bit: %s\n", NAME_OF(df_names, sas->df));
	for (i = 0; i < n; i++) {
		if (i)
			fputc('\n', f);
		sa_detail_dir(f, &sas[i]);
	}
}

/* SAs come grouped by VPN: the length of the group starting at SAS. */
static size_t sa_group(const struct op_sa *sas, size_t n)
{
	size_t i = 1;

	while (i < n && sas[i].index == sas[0].index)
		i++;
	return i;
}

static void sa_detail(FILE *f, const struct op_sa *sas, size_t n)
{
	size_t i, len;

	if (!n) {
		fprintf(f, "total configured sa: 0\n");
		return;
	}
	for (i = 0; i < n; i += len) {
		len = sa_group(sas + i, n - i);
		if (i)
			fputc('\n', f);
		sa_detail_vpn(f, sas + i, len);
	}
}

static void sa_json_stats(FILE *f, const struct op_sa *sa)
{
	unsigned int i;

	fprintf(f, ",\"statistics\":{\"bytes\":%" PRIu64,
		sa->stats[STVPN_SA_STAT_BYTES]);
	j_u64(f, "packets", sa->stats[STVPN_SA_STAT_PACKETS]);
	for (i = STVPN_SA_STAT_AH_AUTH_FAIL; i < ARRAY_SIZE(sa_error_json); i++)
		j_u64(f, sa_error_json[i], sa->stats[i]);
	fputc('}', f);
}

static void sa_json_one(FILE *f, const struct op_sa *sa)
{
	char hex[9];

	snprintf(hex, sizeof(hex), "%08x", sa->spi);
	fprintf(f, "{\"index\":%u", sa->index);
	j_str(f, "vpn", sa->vpn);
	j_str(f, "interface", sa->bind);
	j_str(f, "direction", sa->inbound ? "inbound" : "outbound");
	j_str(f, "type", sa->manual ? "static" : "dynamic");
	j_str(f, "protocol", sa->proto == IPPROTO_AH ? "ah" :
	      sa->proto == IPPROTO_ESP ? "esp" : "unknown");
	j_u64(f, "spi", sa->spi);
	j_str(f, "spi_hex", hex);
	j_str(f, "local_gateway", sa->local);
	j_str(f, "remote_gateway", sa->remote);
	j_u64(f, "port", sa->port);
	j_str(f, "encryption", sa->enc ? NAME_OF(enc_long, sa->enc) : NULL);
	j_str(f, "authentication",
	      sa->auth ? NAME_OF(auth_long, sa->auth) : NULL);
	j_life(f, "hard_lifetime_seconds", sa->hard_seconds);
	j_life(f, "soft_lifetime_seconds", sa->soft_seconds);
	j_life(f, "lifesize_remaining_kilobytes", sa->kbytes_left);
	j_str(f, "vpn_monitoring", sa_mon(sa) == 'U' ? "up" :
	      sa_mon(sa) == 'D' ? "down" : NULL);
	j_str(f, "mode", "tunnel");
	j_str(f, "state", NAME_OF(state_names, sa->state));
	j_str(f, "df_bit", NAME_OF(df_names, sa->df));
	j_bool(f, "anti_replay", sa->replay_window);
	j_u64(f, "replay_window", sa->replay_window);
	j_bool(f, "esn", sa->esn);
	j_u64(f, "vsys", 0);
	sa_json_stats(f, sa);
	fputc('}', f);
}

void op_ipsec_sa(FILE *f, const struct op_sa *sas, size_t n, bool detail,
		 bool json)
{
	size_t i;

	if (!json) {
		if (detail)
			sa_detail(f, sas, n);
		else
			sa_brief(f, sas, n);
		return;
	}
	fprintf(f, "{\"total_configured_sa\":%zu,\"security_associations\":[",
		n);
	for (i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		sa_json_one(f, &sas[i]);
	}
	fprintf(f, "]}\n");
}

/* --- show security ipsec statistics -------------------------------------- */

struct sa_sums {
	uint64_t	esp_bytes[2], esp_packets[2];	/* [inbound] */
	uint64_t	ah_bytes[2], ah_packets[2];
	uint64_t	err[STVPN_SA_STAT_MAX + 1];
};

static void sa_sum(struct sa_sums *s, const struct op_sa *sas, size_t n)
{
	size_t i;
	unsigned int k;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < n; i++) {
		const struct op_sa *sa = &sas[i];
		int in = sa->inbound;

		if (sa->proto == IPPROTO_AH) {
			s->ah_bytes[in] += sa->stats[STVPN_SA_STAT_BYTES];
			s->ah_packets[in] += sa->stats[STVPN_SA_STAT_PACKETS];
		} else {
			s->esp_bytes[in] += sa->stats[STVPN_SA_STAT_BYTES];
			s->esp_packets[in] += sa->stats[STVPN_SA_STAT_PACKETS];
		}
		for (k = STVPN_SA_STAT_AH_AUTH_FAIL;
		     k < ARRAY_SIZE(sa_error_json); k++)
			s->err[k] += sa->stats[k];
	}
}

/*
 * One counter line, its number right-aligned to end in column END. The
 * 004 seed ends its numbers in columns 28 to 31, a line here and a line
 * there (text taken out of a PDF); the numbers here end in one column,
 * the seed's first, so that they can be read down.
 */
#define STAT_END	31

static void stat_line(FILE *f, const char *label, int end, uint64_t v)
{
	int width = end - 2 - (int)strlen(label);

	fprintf(f, "  %s%*" PRIu64 "\n", label, width > 0 ? width : 0, v);
}

static void stats_text(FILE *f, const struct sa_sums *s)
{
	const uint64_t *e = s->err;

	fprintf(f, "ESP Statistics:\n");
	stat_line(f, "Encrypted bytes:", STAT_END, s->esp_bytes[0]);
	stat_line(f, "Decrypted bytes:", STAT_END, s->esp_bytes[1]);
	stat_line(f, "Encrypted packets:", STAT_END, s->esp_packets[0]);
	stat_line(f, "Decrypted packets:", STAT_END, s->esp_packets[1]);
	fprintf(f, "AH Statistics:\n");
	stat_line(f, "Input bytes:", STAT_END, s->ah_bytes[1]);
	stat_line(f, "Output bytes:", STAT_END, s->ah_bytes[0]);
	stat_line(f, "Input packets:", STAT_END, s->ah_packets[1]);
	stat_line(f, "Output packets:", STAT_END, s->ah_packets[0]);
	fprintf(f, "Errors:\n");
	fprintf(f, "  AH authentication failures: %" PRIu64
		", Replay errors: %" PRIu64 "\n",
		e[STVPN_SA_STAT_AH_AUTH_FAIL], e[STVPN_SA_STAT_REPLAY]);
	fprintf(f, "  ESP authentication failures: %" PRIu64
		", ESP decryption failures: %" PRIu64 "\n",
		e[STVPN_SA_STAT_ESP_AUTH_FAIL],
		e[STVPN_SA_STAT_ESP_DECRYPT_FAIL]);
	fprintf(f, "  Bad headers: %" PRIu64 ", Bad trailers: %" PRIu64 "\n",
		e[STVPN_SA_STAT_BAD_HEADER], e[STVPN_SA_STAT_BAD_TRAILER]);
}

static void stats_json(FILE *f, const struct sa_sums *s)
{
	unsigned int k;

	fprintf(f, "{\"esp\":{\"encrypted_bytes\":%" PRIu64, s->esp_bytes[0]);
	j_u64(f, "decrypted_bytes", s->esp_bytes[1]);
	j_u64(f, "encrypted_packets", s->esp_packets[0]);
	j_u64(f, "decrypted_packets", s->esp_packets[1]);
	fprintf(f, "},\"ah\":{\"input_bytes\":%" PRIu64, s->ah_bytes[1]);
	j_u64(f, "output_bytes", s->ah_bytes[0]);
	j_u64(f, "input_packets", s->ah_packets[1]);
	j_u64(f, "output_packets", s->ah_packets[0]);
	fprintf(f, "},\"errors\":{\"%s\":%" PRIu64,
		sa_error_json[STVPN_SA_STAT_AH_AUTH_FAIL],
		s->err[STVPN_SA_STAT_AH_AUTH_FAIL]);
	for (k = STVPN_SA_STAT_REPLAY; k < ARRAY_SIZE(sa_error_json); k++)
		j_u64(f, sa_error_json[k], s->err[k]);
	fprintf(f, "}}\n");
}

void op_ipsec_stats(FILE *f, const struct op_sa *sas, size_t n, bool json)
{
	struct sa_sums s;

	sa_sum(&s, sas, n);
	if (json)
		stats_json(f, &s);
	else
		stats_text(f, &s);
}

/* --- show security ipsec next-hop-tunnels -------------------------------- */

/*
 * The Flag column: "Static" (configured) or "Auto" (learned in IKE), as
 * in the seed; a binding the VPN monitor marked down gets ",Down"
 * ("Static,Down"), without a space so the column stays one word for
 * scripts that split on blanks. "-" when neither flag is set.
 */
static const char *nhtb_flag(uint32_t flags)
{
	bool down = flags & STVPN_BIND_F_DOWN;

	if (flags & STVPN_BIND_F_STATIC)
		return down ? "Static,Down" : "Static";
	if (flags & STVPN_BIND_F_AUTO)
		return down ? "Auto,Down" : "Auto";
	return down ? "-,Down" : "-";
}

/*
 * Next-hop gateway  interface  IPsec VPN name  Flag
 * 10.11.11.11      st0.0     sunnyvale-vpn   Static
 *
 * The seed's widths (16, 9, 15), widened for longer values; as in the
 * seed the header's columns start a little right of the rows'. No
 * bindings, no output: the seed's spokes print nothing.
 */
static void nhtb_text(FILE *f, const struct op_nhtb *rows, size_t n)
{
	int wnh = 16, wif = 9, wvpn = 15;
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n; i++) {
		wnh = max_int(wnh, (int)strlen(dash(rows[i].nexthop)));
		wif = max_int(wif, (int)strlen(dash(rows[i].ifname)));
		wvpn = max_int(wvpn, (int)strlen(dash(rows[i].vpn)));
	}
	fprintf(f, "%-*s%-*s%-*sFlag\n", wnh + 2, "Next-hop gateway",
		wif + 2, "interface", wvpn + 1, "IPsec VPN name");
	for (i = 0; i < n; i++)
		fprintf(f, "%-*s %-*s %-*s %s\n", wnh, dash(rows[i].nexthop),
			wif, dash(rows[i].ifname), wvpn, dash(rows[i].vpn),
			nhtb_flag(rows[i].flags));
}

static void nhtb_json(FILE *f, const struct op_nhtb *rows, size_t n)
{
	size_t i;

	fprintf(f, "{\"next_hop_tunnels\":[");
	for (i = 0; i < n; i++) {
		const struct op_nhtb *r = &rows[i];

		fprintf(f, "%s{\"next_hop\":", i ? "," : "");
		if (r->nexthop)
			json_string(f, r->nexthop);
		else
			fputs("null", f);
		j_str(f, "interface", r->ifname);
		j_str(f, "vpn", r->vpn);
		j_str(f, "flag", r->flags & STVPN_BIND_F_STATIC ? "static" :
		      r->flags & STVPN_BIND_F_AUTO ? "auto" : NULL);
		j_bool(f, "down", r->flags & STVPN_BIND_F_DOWN);
		fputc('}', f);
	}
	fprintf(f, "]}\n");
}

void op_nhtb(FILE *f, const struct op_nhtb *rows, size_t n, bool json)
{
	if (json)
		nhtb_json(f, rows, n);
	else
		nhtb_text(f, rows, n);
}

/* --- show security ike security-associations ----------------------------- */

/* No IKE yet: an SRX without IKE SAs prints nothing, JSON an empty list. */
void op_ike_sa(FILE *f, bool detail, bool json)
{
	(void)detail;
	if (json)
		fprintf(f, "{\"ike_security_associations\":[]}\n");
}

/* --- show interfaces stX ------------------------------------------------- */

/* Devices come grouped by physical name: the length of the group at IFS. */
static size_t if_group(const struct op_iface *ifs, size_t n)
{
	size_t i = 1;

	while (i < n && !strcmp(dash(ifs[i].physical), dash(ifs[0].physical)))
		i++;
	return i;
}

/*
 * The physical stX as Junos shows it, from its Linux devices (one per
 * unit): up when any unit is, its counters the sum of the units', and
 * its index, MTU and mode those of the device named like it (stX, which
 * is unit 0) or else of the first.
 */
struct if_phys {
	const char		*name;
	const struct op_iface	*main;
	bool			admin_up, link_up;
	uint64_t		rx_bytes, tx_bytes, rx_packets, tx_packets;
	uint64_t		rx_errors, tx_errors, rx_dropped, tx_dropped;
};

static void if_phys_sum(struct if_phys *p, const struct op_iface *ifs,
			size_t n)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	p->name = dash(ifs[0].physical);
	p->main = &ifs[0];
	for (i = 0; i < n; i++) {
		const struct op_iface *d = &ifs[i];

		if (d->name && !strcmp(d->name, p->name))
			p->main = d;
		p->admin_up |= d->admin_up;
		p->link_up |= d->link_up;
		p->rx_bytes += d->rx_bytes;
		p->tx_bytes += d->tx_bytes;
		p->rx_packets += d->rx_packets;
		p->tx_packets += d->tx_packets;
		p->rx_errors += d->rx_errors;
		p->tx_errors += d->tx_errors;
		p->rx_dropped += d->rx_dropped;
		p->tx_dropped += d->tx_dropped;
	}
}

/*
 * Interface      Admin Link Proto  Local      Remote
 * st0            up    up
 * st0.0         up    up   inet    1.1.80.2/28
 *                                  10.0.0.1/24
 *                          inet6   2001:db8::1/64
 *
 * The 000 seed's columns: the physical name is 15 wide, the logical 14
 * (its Admin column is one left of the physical's). Further addresses
 * go on lines of their own under Local, with Proto only when it
 * changes, as Junos does. st interfaces have no Remote.
 */
static void if_terse_unit(FILE *f, const struct op_iface *d)
{
	const char *name = dash(d->logical);
	int w = max_int(14, (int)strlen(name) + 1);
	int prev = -1;
	size_t i;

	fprintf(f, "%-*s%-6s", w, name, up_down(d->admin_up));
	if (!d->naddrs) {
		fprintf(f, "%s\n", up_down(d->link_up));
		return;
	}
	fprintf(f, "%-5s", up_down(d->link_up));
	for (i = 0; i < d->naddrs; i++) {
		const struct op_addr *a = &d->addrs[i];

		if (i)
			fprintf(f, "%*s", w + 6 + 5, "");
		fprintf(f, "%-8s%s\n", a->family == prev ? "" :
			family_name(a->family), dash(a->prefix));
		prev = a->family;
	}
}

static void if_terse(FILE *f, const struct op_iface *ifs, size_t n)
{
	struct if_phys p;
	size_t i, j, len;

	if (!n)
		return;
	fprintf(f, "Interface      Admin Link Proto  Local      Remote\n");
	for (i = 0; i < n; i += len) {
		len = if_group(ifs + i, n - i);
		if_phys_sum(&p, ifs + i, len);
		fprintf(f, "%-*s%-6s%s\n", max_int(15, (int)strlen(p.name) + 1),
			p.name, up_down(p.admin_up), up_down(p.link_up));
		for (j = i; j < i + len; j++)
			if_terse_unit(f, &ifs[j]);
	}
}

static const char *if_mode(const struct op_iface *d)
{
	return d->multipoint ? "Multipoint" : "Point-To-Point";
}

/* The counters block of the seed's detail view. */
static void if_traffic(FILE *f, uint64_t rxb, uint64_t txb, uint64_t rxp,
		       uint64_t txp)
{
	fprintf(f, "Traffic statistics:\n");
	fprintf(f, "Input bytes   :%12" PRIu64 "\n", rxb);
	fprintf(f, "Output bytes  :%12" PRIu64 "\n", txb);
	fprintf(f, "Input packets :%12" PRIu64 "\n", rxp);
	fprintf(f, "Output packets:%12" PRIu64 "\n", txp);
}

static void if_phys_text(FILE *f, const struct if_phys *p, bool detail)
{
	const struct op_iface *m = p->main;

	fprintf(f, "Physical interface: %s, %s, Physical link is %s\n",
		p->name, p->admin_up ? "Enabled" : "Administratively down",
		p->link_up ? "Up" : "Down");
	fprintf(f, "Interface index: %u\n", m->ifindex);
	fprintf(f, "Type: Secure-Tunnel, Link-level type: Secure-Tunnel, MTU: %u,\n",
		m->mtu);
	fprintf(f, "Speed: Unspecified\n");
	fprintf(f, "Device flags    : Present%s\n",
		p->link_up ? " Running" : "");
	fprintf(f, "Interface flags : %s%s\n", p->admin_up ? "" : "Down ",
		if_mode(m));
	if (!detail)
		return;
	if_traffic(f, p->rx_bytes, p->tx_bytes, p->rx_packets, p->tx_packets);
	fprintf(f, "Input errors:\n");
	fprintf(f, "  Errors: %" PRIu64 ", Drops: %" PRIu64 "\n",
		p->rx_errors, p->rx_dropped);
	fprintf(f, "Output errors:\n");
	fprintf(f, "  Errors: %" PRIu64 ", Drops: %" PRIu64 "\n",
		p->tx_errors, p->tx_dropped);
}

/*
 * The unit's drops by reason, in the style of the seed's "Flow error
 * statistics (Packets dropped due to):" (the number in column 27).
 */
static void if_drops(FILE *f, const struct op_iface *d)
{
	unsigned int i;

	fprintf(f, "Tunnel error statistics (Packets dropped due to):\n");
	for (i = STVPN_DEV_STAT_NO_BINDING; i < ARRAY_SIZE(drop_names); i++)
		fprintf(f, "  %-25s%" PRIu64 "\n", drop_names[i].text,
			d->drops[i]);
}

/* Protocol inet, MTU: N / Addresses, Flags: Is-Primary / Local: A/P */
static void if_addrs(FILE *f, const struct op_iface *d, int family)
{
	bool first = true;
	size_t i;

	for (i = 0; i < d->naddrs; i++) {
		if (d->addrs[i].family != family)
			continue;
		if (first) {
			fprintf(f, "Protocol %s, MTU: %u\n",
				family_name(family), d->mtu);
			fprintf(f, "Addresses, Flags: Is-Primary\n");
		} else {
			fprintf(f, "Addresses\n");
		}
		fprintf(f, "  Local: %s\n", dash(d->addrs[i].prefix));
		first = false;
	}
}

static void if_unit_text(FILE *f, const struct op_iface *d, bool detail)
{
	bool up = d->admin_up && d->link_up;

	fprintf(f, "Logical interface %s (Index %u)\n", dash(d->logical),
		d->ifindex);
	fprintf(f, "Flags: %s%s Encapsulation: Secure-Tunnel\n",
		up ? "" : "Down ", if_mode(d));
	if (detail) {
		fprintf(f, "Tunnel bindings: %u\n", d->bindings);
		if_traffic(f, d->rx_bytes, d->tx_bytes, d->rx_packets,
			   d->tx_packets);
		if_drops(f, d);
	} else {
		fprintf(f, "Input packets : %" PRIu64 "\n", d->rx_packets);
		fprintf(f, "Output packets: %" PRIu64 "\n", d->tx_packets);
	}
	if_addrs(f, d, AF_INET);
	if_addrs(f, d, AF_INET6);
}

/*
 * The brief and detail views, flush left as the 000 seed prints them;
 * a blank line before each block. Without SNMP indexes, generations,
 * hold times or rates: stvpn has none, and inventing them would mislead.
 */
static void if_blocks(FILE *f, const struct op_iface *ifs, size_t n,
		      bool detail)
{
	struct if_phys p;
	size_t i, j, len;

	for (i = 0; i < n; i += len) {
		len = if_group(ifs + i, n - i);
		if_phys_sum(&p, ifs + i, len);
		if (i)
			fputc('\n', f);
		if_phys_text(f, &p, detail);
		for (j = i; j < i + len; j++) {
			fputc('\n', f);
			if_unit_text(f, &ifs[j], detail);
		}
	}
}

static void if_json_one(FILE *f, const struct op_iface *d)
{
	unsigned int i;
	size_t k;

	fprintf(f, "{\"name\":");
	json_string(f, dash(d->name));
	j_str(f, "physical", d->physical);
	j_str(f, "logical", d->logical);
	j_u64(f, "ifindex", d->ifindex);
	j_bool(f, "admin_up", d->admin_up);
	j_bool(f, "link_up", d->link_up);
	j_str(f, "mode", d->multipoint ? "multipoint" : "point-to-point");
	j_u64(f, "mtu", d->mtu);
	j_u64(f, "bindings", d->bindings);
	fprintf(f, ",\"traffic\":{\"input_bytes\":%" PRIu64, d->rx_bytes);
	j_u64(f, "output_bytes", d->tx_bytes);
	j_u64(f, "input_packets", d->rx_packets);
	j_u64(f, "output_packets", d->tx_packets);
	j_u64(f, "input_errors", d->rx_errors);
	j_u64(f, "output_errors", d->tx_errors);
	j_u64(f, "input_drops", d->rx_dropped);
	j_u64(f, "output_drops", d->tx_dropped);
	fprintf(f, "},\"drops\":{");
	for (i = STVPN_DEV_STAT_NO_BINDING; i < ARRAY_SIZE(drop_names); i++)
		fprintf(f, "%s\"%s\":%" PRIu64, i > STVPN_DEV_STAT_NO_BINDING ?
			"," : "", drop_names[i].json, d->drops[i]);
	fprintf(f, "},\"addresses\":[");
	for (k = 0; k < d->naddrs; k++) {
		fprintf(f, "%s{\"family\":\"%s\",\"prefix\":", k ? "," : "",
			family_name(d->addrs[k].family));
		json_string(f, dash(d->addrs[k].prefix));
		fputc('}', f);
	}
	fprintf(f, "]}");
}

/* JSON: one object per Linux device, with everything, at every level. */
static void if_json(FILE *f, const struct op_iface *ifs, size_t n)
{
	size_t i;

	fprintf(f, "{\"interfaces\":[");
	for (i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		if_json_one(f, &ifs[i]);
	}
	fprintf(f, "]}\n");
}

void op_interfaces(FILE *f, const struct op_iface *ifs, size_t n,
		   enum op_iface_level level, bool json)
{
	if (json)
		if_json(f, ifs, n);
	else if (level == OP_IF_TERSE)
		if_terse(f, ifs, n);
	else
		if_blocks(f, ifs, n, level == OP_IF_DETAIL);
}
