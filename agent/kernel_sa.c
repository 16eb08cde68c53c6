// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stvpn kernel sa ...: security associations of the stvpn module.
 *
 *   stvpn kernel sa add id ID dir in|out proto esp|ah spi SPI
 *		src ADDR dst ADDR [mode tunnel|transport] [enc ALG KEY]
 *		[auth ALG KEY] [replay-window N] [esn] [dscp-copy]
 *		[df-bit clear|set|copy] [encap udp sport PORT dport PORT]
 *		[seq N] [soft LIMITS] [hard LIMITS]
 *   stvpn kernel sa set id ID [soft LIMITS] [hard LIMITS]
 *   stvpn kernel sa del id ID
 *   stvpn kernel sa show [id ID]
 *
 *   LIMITS := [bytes N] [packets N] [seconds N]
 *
 * Keys go to the kernel and nowhere else: they are wiped from the
 * command line once parsed, and from our buffers once sent; the kernel
 * never reports them back.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <net/if.h>
#include <netinet/in.h>

#include "cli.h"
#include "genl.h"
#include "parse.h"

void kernel_sa_usage(FILE *f)
{
	fprintf(f,
		"  sa add id ID dir in|out proto esp|ah spi SPI src ADDR dst ADDR\n"
		"         [mode tunnel|transport] [enc ALG KEY] [auth ALG KEY]\n"
		"         [replay-window N] [esn] [dscp-copy] [df-bit clear|set|copy]\n"
		"         [encap udp sport PORT dport PORT] [seq N]\n"
		"         [soft LIMITS] [hard LIMITS]\n"
		"  sa set id ID [soft LIMITS] [hard LIMITS]\n"
		"  sa del id ID\n"
		"  sa show [id ID]\n"
		"    LIMITS := [bytes N] [packets N] [seconds N]\n"
		"    enc ALG: null des-cbc 3des-cbc aes-128-cbc aes-192-cbc aes-256-cbc\n"
		"             aes-128-gcm aes-256-gcm chacha20-poly1305\n"
		"    auth ALG: hmac-md5-96 hmac-sha1-96 hmac-sha-256-128\n"
		"              hmac-sha-384-192 hmac-sha-512-256\n"
		"              null (with enc null: no protection, for benchmarks)\n"
		"    KEY: hex, optionally after 0x\n");
}

static const char *const dir_words[] = { "in", "out", NULL };
static const char *const proto_words[] = { "esp", "ah", NULL };
static const char *const mode_words[] = { "tunnel", "transport", NULL };
static const char *const df_words[] = { "clear", "set", "copy", NULL };
static const char *const state_words[] = {
	[STVPN_SA_STATE_VALID]		= "valid",
	[STVPN_SA_STATE_SOFT_EXPIRED]	= "soft-expired",
	[STVPN_SA_STATE_HARD_EXPIRED]	= "hard-expired",
	[STVPN_SA_STATE_SEQ_EXHAUSTED]	= "seq-exhausted",
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Lifetime limits, indexed by enum stvpn_lifetime_attr. */
static const char *const lt_words[] = {
	[STVPN_A_LT_BYTES]	= "bytes",
	[STVPN_A_LT_PACKETS]	= "packets",
	[STVPN_A_LT_SECONDS]	= "seconds",
};

struct lifetime {
	bool		given;
	bool		set[STVPN_A_LT_SECONDS + 1];
	uint64_t	val[STVPN_A_LT_SECONDS + 1];
};

/*
 * Parses the limits after "soft" or "hard" (KW): at least one of bytes,
 * packets and seconds, each at most once.
 */
static int parse_lifetime(struct args *a, const char *kw, struct lifetime *lt)
{
	char what[32];
	int i, n = 0;

	if (args_once(a, kw, &lt->given) < 0)
		return -1;
	while (a->argc > 0) {
		char *v;

		for (i = STVPN_A_LT_BYTES; i <= STVPN_A_LT_SECONDS; i++)
			if (!strcmp(a->argv[0], lt_words[i]))
				break;
		if (i > STVPN_A_LT_SECONDS)
			break;
		snprintf(what, sizeof(what), "%s %s", kw, lt_words[i]);
		args_next(a);
		if (args_once(a, what, &lt->set[i]) < 0 ||
		    !(v = args_value(a, what)) ||
		    parse_u64(what, v, UINT64_MAX, &lt->val[i]) < 0)
			return -1;
		n++;
	}
	if (!n) {
		parse_error("%s: '%s' needs bytes N, packets N or seconds N",
			    a->cmd, kw);
		return -1;
	}
	return 0;
}

static int put_lifetime(struct nl_msg *msg, int type, const struct lifetime *lt)
{
	struct nlattr *nest;
	int i;

	if (!lt->given)
		return 0;
	nest = nla_nest_start(msg, type);
	if (!nest)
		return -1;
	for (i = STVPN_A_LT_BYTES; i <= STVPN_A_LT_SECONDS; i++)
		if (lt->set[i] && nla_put_u64(msg, i, lt->val[i]) < 0)
			return -1;
	nla_nest_end(msg, nest);
	return 0;
}

/* --- sa add -------------------------------------------------------- */

struct sa_add {
	uint32_t	id, spi, replay_window, flags;
	uint8_t		dir, proto, mode, enc, auth, df;
	uint16_t	sport, dport;
	uint64_t	seq;
	struct st_addr	src, dst;
	struct st_key	enc_key, auth_key;
	struct lifetime	soft, hard;
	bool		have_id, have_dir, have_proto, have_spi, have_src,
			have_dst, have_mode, have_enc, have_auth, have_replay,
			have_df, have_encap, have_esn, have_dscp_copy, have_seq;
};

static int parse_word_arg(struct args *a, const char *kw, bool *seen,
			  const char *const *words, uint8_t *out)
{
	char *v;
	int i;

	if (args_once(a, kw, seen) < 0 || !(v = args_value(a, kw)))
		return -1;
	i = parse_word(kw, v, words);
	if (i < 0)
		return -1;
	*out = (uint8_t)i;
	return 0;
}

/* "enc ALG KEY" and "auth ALG KEY"; "enc null" and "auth null" need no key. */
static int parse_alg_key(struct args *a, const char *kw, bool *seen,
			 uint8_t *alg, struct st_key *key)
{
	bool is_enc = !strcmp(kw, "enc");
	const char *name;
	char *v;

	if (args_once(a, kw, seen) < 0 || !(name = args_value(a, kw)))
		return -1;
	if ((is_enc ? parse_enc(name, alg) : parse_auth(name, alg)) < 0)
		return -1;
	if (((is_enc && *alg == STVPN_ENC_NULL) || (!is_enc && *alg == STVPN_AUTH_NULL)) &&
	    (a->argc == 0 || !looks_like_key(a->argv[0])))
		return 0;
	v = args_next(a);
	if (!v) {
		parse_error("%s: '%s %s' needs a key", a->cmd, kw, name);
		return -1;
	}
	if (parse_key(kw, v, key) < 0)
		return -1;
	/* Not in ps(1) for longer than it takes to get here. */
	explicit_bzero(v, strlen(v));
	return 0;
}

static int parse_encap(struct args *a, struct sa_add *sa)
{
	bool have_sport = false, have_dport = false;
	char *v;

	if (args_once(a, "encap", &sa->have_encap) < 0 ||
	    !(v = args_value(a, "encap")))
		return -1;
	if (strcmp(v, "udp")) {
		parse_error("invalid encap: '%s' (expected udp)", v);
		return -1;
	}
	while (a->argc > 0 && (!strcmp(a->argv[0], "sport") ||
			       !strcmp(a->argv[0], "dport"))) {
		char *w = args_next(a);
		bool is_sport;

		is_sport = !strcmp(w, "sport");
		if (args_once(a, w, is_sport ? &have_sport : &have_dport) < 0 ||
		    !(v = args_value(a, w)) ||
		    parse_u16(w, v, is_sport ? &sa->sport : &sa->dport) < 0)
			return -1;
	}
	if (args_require(a, "sport", have_sport) < 0 ||
	    args_require(a, "dport", have_dport) < 0)
		return -1;
	return 0;
}

static int sa_add_parse(struct args *a, struct sa_add *sa)
{
	char *w, *v;
	uint8_t u8;

	while ((w = args_next(a))) {
		if (!strcmp(w, "id")) {
			if (args_once(a, w, &sa->have_id) < 0 ||
			    !(v = args_value(a, w)) || parse_u32("id", v, &sa->id) < 0)
				return -1;
		} else if (!strcmp(w, "dir")) {
			if (parse_word_arg(a, w, &sa->have_dir, dir_words, &u8) < 0)
				return -1;
			sa->dir = u8 ? STVPN_DIR_OUT : STVPN_DIR_IN;
		} else if (!strcmp(w, "proto")) {
			if (parse_word_arg(a, w, &sa->have_proto, proto_words, &u8) < 0)
				return -1;
			sa->proto = u8 ? IPPROTO_AH : IPPROTO_ESP;
		} else if (!strcmp(w, "spi")) {
			if (args_once(a, w, &sa->have_spi) < 0 ||
			    !(v = args_value(a, w)) || parse_u32("spi", v, &sa->spi) < 0)
				return -1;
		} else if (!strcmp(w, "src")) {
			if (args_once(a, w, &sa->have_src) < 0 ||
			    !(v = args_value(a, w)) || parse_addr("src", v, &sa->src) < 0)
				return -1;
		} else if (!strcmp(w, "dst")) {
			if (args_once(a, w, &sa->have_dst) < 0 ||
			    !(v = args_value(a, w)) || parse_addr("dst", v, &sa->dst) < 0)
				return -1;
		} else if (!strcmp(w, "mode")) {
			if (parse_word_arg(a, w, &sa->have_mode, mode_words, &u8) < 0)
				return -1;
			sa->mode = u8 ? STVPN_SA_MODE_TRANSPORT : STVPN_SA_MODE_TUNNEL;
		} else if (!strcmp(w, "enc")) {
			if (parse_alg_key(a, w, &sa->have_enc, &sa->enc, &sa->enc_key) < 0)
				return -1;
		} else if (!strcmp(w, "auth")) {
			if (parse_alg_key(a, w, &sa->have_auth, &sa->auth, &sa->auth_key) < 0)
				return -1;
		} else if (!strcmp(w, "replay-window")) {
			if (args_once(a, w, &sa->have_replay) < 0 ||
			    !(v = args_value(a, w)) ||
			    parse_u32(w, v, &sa->replay_window) < 0)
				return -1;
		} else if (!strcmp(w, "esn")) {
			if (args_once(a, w, &sa->have_esn) < 0)
				return -1;
			sa->flags |= STVPN_SA_F_ESN;
		} else if (!strcmp(w, "dscp-copy")) {
			if (args_once(a, w, &sa->have_dscp_copy) < 0)
				return -1;
			sa->flags |= STVPN_SA_F_DSCP_COPY;
		} else if (!strcmp(w, "df-bit")) {
			if (parse_word_arg(a, w, &sa->have_df, df_words, &u8) < 0)
				return -1;
			sa->df = u8 == 0 ? STVPN_DF_CLEAR :
				 u8 == 1 ? STVPN_DF_SET : STVPN_DF_COPY;
		} else if (!strcmp(w, "encap")) {
			if (parse_encap(a, sa) < 0)
				return -1;
		} else if (!strcmp(w, "seq")) {
			if (args_once(a, w, &sa->have_seq) < 0 ||
			    !(v = args_value(a, w)) ||
			    parse_u64(w, v, UINT64_MAX, &sa->seq) < 0)
				return -1;
		} else if (!strcmp(w, "soft")) {
			if (parse_lifetime(a, w, &sa->soft) < 0)
				return -1;
		} else if (!strcmp(w, "hard")) {
			if (parse_lifetime(a, w, &sa->hard) < 0)
				return -1;
		} else {
			return args_unknown(a, w);
		}
	}
	if (args_require(a, "id", sa->have_id) < 0 ||
	    args_require(a, "dir", sa->have_dir) < 0 ||
	    args_require(a, "proto", sa->have_proto) < 0 ||
	    args_require(a, "spi", sa->have_spi) < 0 ||
	    args_require(a, "src", sa->have_src) < 0 ||
	    args_require(a, "dst", sa->have_dst) < 0)
		return -1;
	if (sa->src.family != sa->dst.family) {
		char s[ST_ADDRSTRLEN], d[ST_ADDRSTRLEN];

		parse_error("%s: src '%s' and dst '%s' are not of the same address family",
			    a->cmd, addr_str(sa->src.bytes, (int)sa->src.len, s, sizeof(s)),
			    addr_str(sa->dst.bytes, (int)sa->dst.len, d, sizeof(d)));
		return -1;
	}
	return 0;
}

static int sa_add_put(struct nl_msg *msg, const struct sa_add *sa)
{
	struct nlattr *nest = nla_nest_start(msg, STVPN_A_SA);

	if (!nest ||
	    nla_put_u32(msg, STVPN_A_SA_ID, sa->id) < 0 ||
	    nla_put_u8(msg, STVPN_A_SA_DIR, sa->dir) < 0 ||
	    nla_put_u8(msg, STVPN_A_SA_PROTO, sa->proto) < 0 ||
	    nla_put_u32(msg, STVPN_A_SA_SPI, sa->spi) < 0 ||
	    nla_put(msg, STVPN_A_SA_SRC, (int)sa->src.len, sa->src.bytes) < 0 ||
	    nla_put(msg, STVPN_A_SA_DST, (int)sa->dst.len, sa->dst.bytes) < 0)
		return -1;
	if (sa->have_mode && nla_put_u8(msg, STVPN_A_SA_MODE, sa->mode) < 0)
		return -1;
	if (sa->have_enc && nla_put_u8(msg, STVPN_A_SA_ENC_ALG, sa->enc) < 0)
		return -1;
	if (sa->enc_key.set &&
	    nla_put(msg, STVPN_A_SA_ENC_KEY, (int)sa->enc_key.len,
		    sa->enc_key.data) < 0)
		return -1;
	if (sa->have_auth && nla_put_u8(msg, STVPN_A_SA_AUTH_ALG, sa->auth) < 0)
		return -1;
	if (sa->auth_key.set &&
	    nla_put(msg, STVPN_A_SA_AUTH_KEY, (int)sa->auth_key.len,
		    sa->auth_key.data) < 0)
		return -1;
	if (sa->have_replay &&
	    nla_put_u32(msg, STVPN_A_SA_REPLAY_WINDOW, sa->replay_window) < 0)
		return -1;
	if (sa->flags && nla_put_u32(msg, STVPN_A_SA_FLAGS, sa->flags) < 0)
		return -1;
	if (sa->have_df && nla_put_u8(msg, STVPN_A_SA_DF, sa->df) < 0)
		return -1;
	if (sa->have_encap &&
	    (nla_put_u16(msg, STVPN_A_SA_ENCAP_SPORT, sa->sport) < 0 ||
	     nla_put_u16(msg, STVPN_A_SA_ENCAP_DPORT, sa->dport) < 0))
		return -1;
	if (sa->have_seq && nla_put_u64(msg, STVPN_A_SA_SEQ, sa->seq) < 0)
		return -1;
	if (put_lifetime(msg, STVPN_A_SA_SOFT, &sa->soft) < 0 ||
	    put_lifetime(msg, STVPN_A_SA_HARD, &sa->hard) < 0)
		return -1;
	nla_nest_end(msg, nest);
	return 0;
}

/* Frees a message that held keys, wiping what was written into it. */
static void msg_wipe_free(struct nl_msg *msg)
{
	struct nlmsghdr *nlh;

	if (!msg)
		return;
	nlh = nlmsg_hdr(msg);
	explicit_bzero(nlh, nlh->nlmsg_len);
	nlmsg_free(msg);
}

static int sa_add(int argc, char **argv)
{
	struct args a = { argc, argv, "kernel sa add" };
	struct sa_add sa = { 0 };
	struct stvpn_genl g;
	struct nl_msg *msg;
	int ret;

	if (sa_add_parse(&a, &sa) < 0) {
		ret = EXIT_USAGE;
		goto out;
	}
	ret = kernel_open(&g);
	if (ret)
		goto out;

	msg = stvpn_genl_msg(&g, STVPN_CMD_SA_NEW, 0);
	if (!msg || sa_add_put(msg, &sa) < 0) {
		msg_wipe_free(msg);
		ret = kernel_nomem(NULL);
	} else {
		/* Hold the message past the send, to wipe it after. */
		nlmsg_get(msg);
		ret = kernel_request(&g, msg, NULL, NULL, NULL);
		msg_wipe_free(msg);
	}
	stvpn_genl_close(&g);
out:
	key_wipe(&sa.enc_key);
	key_wipe(&sa.auth_key);
	return ret;
}

/* --- sa set, del --------------------------------------------------- */

/* "id ID" and, with LIFETIMES, "soft ..." and "hard ...". */
static int sa_id_parse(struct args *a, uint32_t *id, bool lifetimes,
		       struct lifetime *soft, struct lifetime *hard)
{
	bool have_id = false;
	char *w, *v;

	while ((w = args_next(a))) {
		if (!strcmp(w, "id")) {
			if (args_once(a, w, &have_id) < 0 ||
			    !(v = args_value(a, w)) || parse_u32("id", v, id) < 0)
				return -1;
		} else if (lifetimes && !strcmp(w, "soft")) {
			if (parse_lifetime(a, w, soft) < 0)
				return -1;
		} else if (lifetimes && !strcmp(w, "hard")) {
			if (parse_lifetime(a, w, hard) < 0)
				return -1;
		} else {
			return args_unknown(a, w);
		}
	}
	return args_require(a, "id", have_id);
}

static int sa_change(int cmd, int argc, char **argv)
{
	bool set = cmd == STVPN_CMD_SA_SET;
	struct args a = { argc, argv, set ? "kernel sa set" : "kernel sa del" };
	struct lifetime soft = { 0 }, hard = { 0 };
	struct stvpn_genl g;
	struct nlattr *nest;
	struct nl_msg *msg;
	uint32_t id = 0;
	int ret;

	if (sa_id_parse(&a, &id, set, &soft, &hard) < 0)
		return EXIT_USAGE;
	if (set && !soft.given && !hard.given) {
		parse_error("%s: nothing to change (give soft or hard limits)",
			    a.cmd);
		return EXIT_USAGE;
	}

	ret = kernel_open(&g);
	if (ret)
		return ret;
	msg = stvpn_genl_msg(&g, cmd, 0);
	if (!msg || !(nest = nla_nest_start(msg, STVPN_A_SA)) ||
	    nla_put_u32(msg, STVPN_A_SA_ID, id) < 0 ||
	    put_lifetime(msg, STVPN_A_SA_SOFT, &soft) < 0 ||
	    put_lifetime(msg, STVPN_A_SA_HARD, &hard) < 0) {
		stvpn_genl_close(&g);
		return kernel_nomem(msg);
	}
	nla_nest_end(msg, nest);
	ret = kernel_request(&g, msg, NULL, NULL, NULL);
	stvpn_genl_close(&g);
	return ret;
}

/* --- sa show ------------------------------------------------------- */

/* SA counters (enum stvpn_sa_stat): human and JSON names. */
static const struct {
	const char	*name;
	const char	*json;
} sa_stats[STVPN_SA_STAT_BAD_TRAILER + 1] = {
	[STVPN_SA_STAT_BYTES]		 = { "bytes", "bytes" },
	[STVPN_SA_STAT_PACKETS]		 = { "packets", "packets" },
	[STVPN_SA_STAT_AH_AUTH_FAIL]	 = { "ah-auth", "ah_auth_failures" },
	[STVPN_SA_STAT_REPLAY]		 = { "replay", "replay_errors" },
	[STVPN_SA_STAT_ESP_AUTH_FAIL]	 = { "esp-auth", "esp_auth_failures" },
	[STVPN_SA_STAT_ESP_DECRYPT_FAIL] = { "esp-decrypt", "esp_decrypt_failures" },
	[STVPN_SA_STAT_BAD_HEADER]	 = { "bad-header", "bad_headers" },
	[STVPN_SA_STAT_BAD_TRAILER]	 = { "bad-trailer", "bad_trailers" },
};

struct sa_show {
	unsigned int	count;
};

static const char *proto_str(unsigned int proto, char *buf, size_t size)
{
	if (proto == IPPROTO_ESP)
		return "esp";
	if (proto == IPPROTO_AH)
		return "ah";
	snprintf(buf, size, "proto-%u", proto);
	return buf;
}

static const char *dir_str(unsigned int dir)
{
	return dir == STVPN_DIR_IN ? "in" : dir == STVPN_DIR_OUT ? "out" : "unknown";
}

static const char *sa_mode_str(unsigned int mode)
{
	return mode == STVPN_SA_MODE_TUNNEL ? "tunnel" :
	       mode == STVPN_SA_MODE_TRANSPORT ? "transport" : "unknown";
}

static const char *df_str(unsigned int df)
{
	return df < 3 ? df_words[df] : "unknown";
}

static const char *state_str(unsigned int state)
{
	return state < ARRAY_SIZE(state_words) ? state_words[state] : "unknown";
}

/* An address attribute as text, or NULL when absent or malformed. */
static const char *sa_addr(struct nlattr *a, char *buf, size_t size)
{
	if (!a || (nla_len(a) != 4 && nla_len(a) != 16))
		return NULL;
	return addr_str(nla_data(a), nla_len(a), buf, size);
}

static void json_key_str(const char *key, const char *val)
{
	printf(",\"%s\":", key);
	if (val)
		json_string(stdout, val);
	else
		printf("null");
}

static void lifetime_json(const char *key, struct nlattr *a)
{
	struct nlattr *lt[STVPN_A_LT_MAX + 1];
	int i;

	if (!a || nla_parse_nested(lt, STVPN_A_LT_MAX, a, stvpn_lt_policy) < 0)
		return;
	printf(",\"%s\":{", key);
	for (i = STVPN_A_LT_BYTES; i <= STVPN_A_LT_SECONDS; i++)
		printf("%s\"%s\":%" PRIu64, i > STVPN_A_LT_BYTES ? "," : "",
		       lt_words[i], lt[i] ? nla_get_u64(lt[i]) : 0);
	printf("}");
}

static void lifetime_human(const char *name, struct nlattr *a)
{
	struct nlattr *lt[STVPN_A_LT_MAX + 1] = { 0 };
	int i;

	if (a && nla_parse_nested(lt, STVPN_A_LT_MAX, a, stvpn_lt_policy) < 0)
		return;
	printf("%s:", name);
	for (i = STVPN_A_LT_BYTES; i <= STVPN_A_LT_SECONDS; i++)
		printf(" %s %" PRIu64, lt_words[i],
		       lt[i] ? nla_get_u64(lt[i]) : 0);
}

static uint64_t stat_u64(struct nlattr **st, int i)
{
	return st[i] ? nla_get_u64(st[i]) : 0;
}

static void sa_json(struct nlattr **tb, struct nlattr **st, bool stats)
{
	char buf[ST_ADDRSTRLEN];

	printf("{\"id\":%u", nla_get_u32(tb[STVPN_A_SA_ID]));
	if (tb[STVPN_A_SA_DIR])
		printf(",\"dir\":\"%s\"", dir_str(nla_get_u8(tb[STVPN_A_SA_DIR])));
	if (tb[STVPN_A_SA_PROTO])
		json_key_str("proto", proto_str(nla_get_u8(tb[STVPN_A_SA_PROTO]),
						buf, sizeof(buf)));
	if (tb[STVPN_A_SA_SPI])
		printf(",\"spi\":%u", nla_get_u32(tb[STVPN_A_SA_SPI]));
	if (tb[STVPN_A_SA_MODE])
		printf(",\"mode\":\"%s\"",
		       sa_mode_str(nla_get_u8(tb[STVPN_A_SA_MODE])));
	if (tb[STVPN_A_SA_SRC])
		json_key_str("src", sa_addr(tb[STVPN_A_SA_SRC], buf, sizeof(buf)));
	if (tb[STVPN_A_SA_DST])
		json_key_str("dst", sa_addr(tb[STVPN_A_SA_DST], buf, sizeof(buf)));
	if (tb[STVPN_A_SA_STATE])
		printf(",\"state\":\"%s\"",
		       state_str(nla_get_u8(tb[STVPN_A_SA_STATE])));
	if (tb[STVPN_A_SA_IFINDEX]) {
		unsigned int ifindex = nla_get_u32(tb[STVPN_A_SA_IFINDEX]);
		char dev[IF_NAMESIZE + 16];

		json_key_str("dev", ifindex ?
			     ifindex_str(ifindex, dev, sizeof(dev)) : NULL);
		printf(",\"ifindex\":%u", ifindex);
	}
	if (tb[STVPN_A_SA_ENC_ALG])
		json_key_str("enc", enc_name(nla_get_u8(tb[STVPN_A_SA_ENC_ALG])));
	if (tb[STVPN_A_SA_AUTH_ALG])
		json_key_str("auth", auth_name(nla_get_u8(tb[STVPN_A_SA_AUTH_ALG])));
	if (tb[STVPN_A_SA_ENCAP_SPORT] && tb[STVPN_A_SA_ENCAP_DPORT])
		printf(",\"encap\":{\"type\":\"udp\",\"sport\":%u,\"dport\":%u}",
		       nla_get_u16(tb[STVPN_A_SA_ENCAP_SPORT]),
		       nla_get_u16(tb[STVPN_A_SA_ENCAP_DPORT]));
	if (tb[STVPN_A_SA_REPLAY_WINDOW])
		printf(",\"replay_window\":%u",
		       nla_get_u32(tb[STVPN_A_SA_REPLAY_WINDOW]));
	if (tb[STVPN_A_SA_DF])
		printf(",\"df_bit\":\"%s\"", df_str(nla_get_u8(tb[STVPN_A_SA_DF])));
	if (tb[STVPN_A_SA_FLAGS]) {
		uint32_t flags = nla_get_u32(tb[STVPN_A_SA_FLAGS]);

		printf(",\"esn\":%s,\"dscp_copy\":%s",
		       flags & STVPN_SA_F_ESN ? "true" : "false",
		       flags & STVPN_SA_F_DSCP_COPY ? "true" : "false");
	}
	if (tb[STVPN_A_SA_SEQ])
		printf(",\"seq\":%" PRIu64, nla_get_u64(tb[STVPN_A_SA_SEQ]));
	lifetime_json("soft", tb[STVPN_A_SA_SOFT]);
	lifetime_json("hard", tb[STVPN_A_SA_HARD]);
	if (stats) {
		int i;

		printf(",\"stats\":{");
		for (i = STVPN_SA_STAT_BYTES; i <= STVPN_SA_STAT_BAD_TRAILER; i++)
			printf("%s\"%s\":%" PRIu64, i > STVPN_SA_STAT_BYTES ? "," : "",
			       sa_stats[i].json, stat_u64(st, i));
		printf("}");
	}
	printf("}");
}

static void sa_human(struct nlattr **tb, struct nlattr **st, bool stats)
{
	unsigned int dir = tb[STVPN_A_SA_DIR] ? nla_get_u8(tb[STVPN_A_SA_DIR]) : 0;
	const char *s;

	/* SA 10: out esp spi 0x00001000 tunnel A -> B state valid dev st0 */
	printf("SA %u:", nla_get_u32(tb[STVPN_A_SA_ID]));
	if (tb[STVPN_A_SA_DIR])
		printf(" %s", dir_str(dir));
	if (tb[STVPN_A_SA_PROTO]) {
		char buf[32];

		printf(" %s", proto_str(nla_get_u8(tb[STVPN_A_SA_PROTO]),
					buf, sizeof(buf)));
	}
	if (tb[STVPN_A_SA_SPI])
		printf(" spi 0x%08x", nla_get_u32(tb[STVPN_A_SA_SPI]));
	if (tb[STVPN_A_SA_MODE])
		printf(" %s", sa_mode_str(nla_get_u8(tb[STVPN_A_SA_MODE])));
	if (tb[STVPN_A_SA_SRC] || tb[STVPN_A_SA_DST]) {
		char src[ST_ADDRSTRLEN], dst[ST_ADDRSTRLEN];
		const char *d = sa_addr(tb[STVPN_A_SA_DST], dst, sizeof(dst));

		s = sa_addr(tb[STVPN_A_SA_SRC], src, sizeof(src));
		printf(" %s -> %s", s ? s : "?", d ? d : "?");
	}
	if (tb[STVPN_A_SA_STATE])
		printf(" state %s", state_str(nla_get_u8(tb[STVPN_A_SA_STATE])));
	if (tb[STVPN_A_SA_IFINDEX]) {
		unsigned int ifindex = nla_get_u32(tb[STVPN_A_SA_IFINDEX]);
		char dev[IF_NAMESIZE + 16];

		printf(" dev %s", ifindex ? ifindex_str(ifindex, dev, sizeof(dev)) : "-");
	}
	printf("\n ");

	/* enc ALG auth ALG [encap ...] replay-window N df-bit X [flags] seq N */
	if (tb[STVPN_A_SA_ENC_ALG] &&
	    (s = enc_name(nla_get_u8(tb[STVPN_A_SA_ENC_ALG]))))
		printf(" enc %s", s);
	if (tb[STVPN_A_SA_AUTH_ALG] &&
	    (s = auth_name(nla_get_u8(tb[STVPN_A_SA_AUTH_ALG]))))
		printf(" auth %s", s);
	if (tb[STVPN_A_SA_ENCAP_SPORT] && tb[STVPN_A_SA_ENCAP_DPORT])
		printf(" encap udp sport %u dport %u",
		       nla_get_u16(tb[STVPN_A_SA_ENCAP_SPORT]),
		       nla_get_u16(tb[STVPN_A_SA_ENCAP_DPORT]));
	if (tb[STVPN_A_SA_REPLAY_WINDOW])
		printf(" replay-window %u", nla_get_u32(tb[STVPN_A_SA_REPLAY_WINDOW]));
	if (tb[STVPN_A_SA_DF])
		printf(" df-bit %s", df_str(nla_get_u8(tb[STVPN_A_SA_DF])));
	if (tb[STVPN_A_SA_FLAGS]) {
		uint32_t flags = nla_get_u32(tb[STVPN_A_SA_FLAGS]);

		if (flags & STVPN_SA_F_ESN)
			printf(" esn");
		if (flags & STVPN_SA_F_DSCP_COPY)
			printf(" dscp-copy");
	}
	if (tb[STVPN_A_SA_SEQ])
		printf(" seq %" PRIu64, nla_get_u64(tb[STVPN_A_SA_SEQ]));
	printf("\n");

	if (stats)
		printf("  %s %" PRIu64 " bytes, %" PRIu64 " packets\n",
		       dir == STVPN_DIR_IN ? "decrypted" : "encrypted",
		       stat_u64(st, STVPN_SA_STAT_BYTES),
		       stat_u64(st, STVPN_SA_STAT_PACKETS));
	if (tb[STVPN_A_SA_SOFT] || tb[STVPN_A_SA_HARD]) {
		printf("  ");
		lifetime_human("soft", tb[STVPN_A_SA_SOFT]);
		printf("  ");
		lifetime_human("hard", tb[STVPN_A_SA_HARD]);
		printf("\n");
	}
	if (stats) {
		int i;

		printf("  errors:");
		for (i = STVPN_SA_STAT_AH_AUTH_FAIL; i <= STVPN_SA_STAT_BAD_TRAILER; i++)
			printf(" %s %" PRIu64, sa_stats[i].name, stat_u64(st, i));
		printf("\n");
	}
}

static int sa_show_one(struct nl_msg *msg, void *arg)
{
	struct nlattr *top[STVPN_A_MAX + 1], *tb[STVPN_A_SA_MAX + 1];
	struct nlattr *st[STVPN_SA_STAT_MAX + 1] = { 0 };
	struct sa_show *ss = arg;
	bool stats;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, top, STVPN_A_MAX, NULL) < 0 ||
	    !top[STVPN_A_SA] ||
	    nla_parse_nested(tb, STVPN_A_SA_MAX, top[STVPN_A_SA], stvpn_sa_policy) < 0 ||
	    !tb[STVPN_A_SA_ID]) {
		fprintf(stderr, "%s: malformed SA message from the kernel\n",
			cli.prog);
		return NL_SKIP;
	}
	stats = tb[STVPN_A_SA_STATS] &&
		nla_parse_nested(st, STVPN_SA_STAT_MAX, tb[STVPN_A_SA_STATS],
				 stvpn_sa_stats_policy) >= 0;

	if (cli.json) {
		if (ss->count)
			printf(",");
		sa_json(tb, st, stats);
	} else {
		if (ss->count)
			printf("\n");
		sa_human(tb, st, stats);
	}
	ss->count++;
	return NL_OK;
}

static int sa_show(int argc, char **argv)
{
	struct args a = { argc, argv, "kernel sa show" };
	struct sa_show ss = { 0 };
	bool have_id = false;
	struct stvpn_genl g;
	struct nlattr *nest;
	struct nl_msg *msg;
	uint32_t id = 0;
	char *w, *v;
	int ret;

	while ((w = args_next(&a))) {
		if (!strcmp(w, "id")) {
			if (args_once(&a, w, &have_id) < 0 ||
			    !(v = args_value(&a, w)) || parse_u32("id", v, &id) < 0)
				return EXIT_USAGE;
		} else {
			args_unknown(&a, w);
			return EXIT_USAGE;
		}
	}

	ret = kernel_open(&g);
	if (ret)
		return ret;
	msg = stvpn_genl_msg(&g, STVPN_CMD_SA_GET, have_id ? 0 : NLM_F_DUMP);
	if (!msg)
		goto nomem;
	if (have_id) {
		nest = nla_nest_start(msg, STVPN_A_SA);
		if (!nest || nla_put_u32(msg, STVPN_A_SA_ID, id) < 0)
			goto nomem;
		nla_nest_end(msg, nest);
	}
	if (cli.json)
		printf("{\"sas\":[");
	ret = kernel_request(&g, msg, sa_show_one, &ss, NULL);
	if (cli.json)
		printf("]}\n");
	stvpn_genl_close(&g);
	return ret;
nomem:
	stvpn_genl_close(&g);
	return kernel_nomem(msg);
}

int kernel_sa_main(int argc, char **argv)
{
	const char *verb = argc ? argv[0] : NULL;

	if (verb && !strcmp(verb, "add"))
		return sa_add(argc - 1, argv + 1);
	if (verb && !strcmp(verb, "set"))
		return sa_change(STVPN_CMD_SA_SET, argc - 1, argv + 1);
	if (verb && !strcmp(verb, "del"))
		return sa_change(STVPN_CMD_SA_DEL, argc - 1, argv + 1);
	if (verb && !strcmp(verb, "show"))
		return sa_show(argc - 1, argv + 1);

	if (verb)
		fprintf(stderr, "%s: kernel sa: unknown command '%s'\n",
			cli.prog, verb);
	fprintf(stderr, "Usage: %s kernel sa add|set|del|show ...\n", cli.prog);
	kernel_sa_usage(stderr);
	return EXIT_USAGE;
}
