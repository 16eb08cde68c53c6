// SPDX-License-Identifier: GPL-2.0
/*
 * stvpn: the security association database.
 *
 * SAs live per network namespace in two hash tables: by the ID the agent
 * gave them (control plane, under st_net::cfg_lock) and, for inbound SAs,
 * by SPI and protocol (receive path, RCU). The tables hold one reference;
 * each binding that points at an SA holds one more; the data path takes
 * one for as long as a packet is inside the crypto layer. The last put
 * frees the SA after an RCU grace period, in process context, with its
 * keys wiped.
 */
#include <crypto/authenc.h>
#include <linux/jhash.h>
#include <linux/version.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/rtnetlink.h>
#include <linux/workqueue.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "st.h"

struct enc_alg {
	const char	*cipher;	/* for authenc(), or the AEAD itself */
	bool		aead;		/* combined mode: no separate auth */
	unsigned int	keylen;		/* including the salt of AEADs */
	unsigned int	ivlen;
	unsigned int	blksize;	/* padding boundary (at least 4) */
	unsigned int	icvlen;		/* AEADs only */
};

static const struct enc_alg enc_algs[__STVPN_ENC_MAX] = {
	[STVPN_ENC_NULL]	= { "ecb(cipher_null)", false, 0, 0, 4 },
	[STVPN_ENC_DES_CBC]	= { "cbc(des)", false, 8, 8, 8 },
	[STVPN_ENC_3DES_CBC]	= { "cbc(des3_ede)", false, 24, 8, 8 },
	[STVPN_ENC_AES_128_CBC]	= { "cbc(aes)", false, 16, 16, 16 },
	[STVPN_ENC_AES_192_CBC]	= { "cbc(aes)", false, 24, 16, 16 },
	[STVPN_ENC_AES_256_CBC]	= { "cbc(aes)", false, 32, 16, 16 },
	[STVPN_ENC_AES_128_GCM]	= { "rfc4106(gcm(aes))", true, 20, 8, 4, 16 },
	[STVPN_ENC_AES_256_GCM]	= { "rfc4106(gcm(aes))", true, 36, 8, 4, 16 },
	[STVPN_ENC_CHACHA20_POLY1305] = { "rfc7539esp(chacha20,poly1305)", true, 36, 8, 4, 16 },
};

struct auth_alg {
	const char	*hmac;
	unsigned int	keylen;
	unsigned int	icvlen;
};

static const struct auth_alg auth_algs[__STVPN_AUTH_MAX] = {
	[STVPN_AUTH_HMAC_MD5_96]	= { "hmac(md5)", 16, 12 },
	[STVPN_AUTH_HMAC_SHA1_96]	= { "hmac(sha1)", 20, 12 },
	[STVPN_AUTH_HMAC_SHA_256_128]	= { "hmac(sha256)", 32, 16 },
	[STVPN_AUTH_HMAC_SHA_384_192]	= { "hmac(sha384)", 48, 24 },
	[STVPN_AUTH_HMAC_SHA_512_256]	= { "hmac(sha512)", 64, 32 },
	/* Not a protection: what the tunnel costs without crypto, to measure it. */
	[STVPN_AUTH_NULL]		= { "digest_null", 0, 0 },
};

static struct workqueue_struct *sa_free_wq;

static bool crypto_async;
module_param(crypto_async, bool, 0644);
MODULE_PARM_DESC(crypto_async,
		 "Run the crypto of SAs created from now on through cryptd, "
		 "always asynchronously (spreads work over CPUs; used by tests)");

/*
 * NAME, or, when asynchronous crypto is forced, the driver name of an
 * asynchronous implementation of NAME: the one the crypto layer picks if
 * it is asynchronous already (a cryptd instance made earlier wins by
 * priority), else cryptd(DRIVER). cryptd instances are registered under
 * the driver name of what they wrap, so that has to be learnt first.
 */
static int tfm_name(char *buf, size_t len, const char *name, bool aead)
{
	struct crypto_tfm *base;
	void *tfm;
	int n;

	if (!crypto_async) {
		n = snprintf(buf, len, "%s", name);
		return n < (int)len ? 0 : -ENAMETOOLONG;
	}
	tfm = aead ? (void *)crypto_alloc_aead(name, 0, 0) :
		     (void *)crypto_alloc_ahash(name, 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	base = aead ? crypto_aead_tfm(tfm) : crypto_ahash_tfm(tfm);
	if (base->__crt_alg->cra_flags & CRYPTO_ALG_ASYNC)
		n = snprintf(buf, len, "%s", crypto_tfm_alg_driver_name(base));
	else
		n = snprintf(buf, len, "cryptd(%s)", crypto_tfm_alg_driver_name(base));
	if (aead)
		crypto_free_aead(tfm);
	else
		crypto_free_ahash(tfm);
	return n < (int)len ? 0 : -ENAMETOOLONG;
}

/* Inbound SAs by SPI and protocol: grows with the number of tunnels. */
static const struct rhashtable_params spi_params = {
	.key_len		= sizeof(struct st_spi_key),
	.key_offset		= offsetof(struct st_sa, key),
	.head_offset		= offsetof(struct st_sa, spi_node),
	.automatic_shrinking	= true,
};

static u32 id_hash(u32 id)
{
	return jhash_1word(id, 0) & ((1U << ST_SA_HASH_BITS) - 1);
}

/* ESP: one AEAD; a cipher and an HMAC are combined with authenc(). */
static int esp_init_crypto(struct st_sa *sa, const struct st_sa_config *cfg,
			   struct netlink_ext_ack *extack)
{
	const struct enc_alg *e = &enc_algs[cfg->enc];
	const struct auth_alg *a = &auth_algs[cfg->auth];
	char name[CRYPTO_MAX_ALG_NAME], tfm[CRYPTO_MAX_ALG_NAME];
	struct crypto_aead *aead;
	u8 *key = NULL;
	unsigned int keylen;
	int err;

	if (cfg->enc == STVPN_ENC_NONE) {
		NL_SET_ERR_MSG_MOD(extack, "ESP needs an encryption algorithm (null for none)");
		return -EINVAL;
	}
	if (cfg->enc_keylen != e->keylen) {
		NL_SET_ERR_MSG_MOD(extack, "wrong encryption key length for the algorithm");
		return -EINVAL;
	}
	if (e->aead) {
		if (cfg->auth != STVPN_AUTH_NONE) {
			NL_SET_ERR_MSG_MOD(extack, "a combined-mode cipher takes no separate authentication");
			return -EINVAL;
		}
		snprintf(name, sizeof(name), "%s", e->cipher);
	} else {
		if (cfg->auth == STVPN_AUTH_NONE) {
			NL_SET_ERR_MSG_MOD(extack, "this cipher needs an authentication algorithm");
			return -EINVAL;
		}
		if (cfg->auth_keylen != a->keylen) {
			NL_SET_ERR_MSG_MOD(extack, "wrong authentication key length for the algorithm");
			return -EINVAL;
		}
		if (snprintf(name, sizeof(name), "%s(%s,%s)",
			     cfg->flags & STVPN_SA_F_ESN ? "authencesn" : "authenc",
			     a->hmac, e->cipher) >= (int)sizeof(name))
			return -ENAMETOOLONG;
	}

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 12, 0)
	/*
	 * On 6.1 a cryptd instance around authenc() fails the crypto
	 * self-tests (a WARN in testmgr): forced asynchronous crypto applies
	 * to the combined-mode ciphers and AH only.
	 */
	if (!e->aead)
		snprintf(tfm, sizeof(tfm), "%s", name);
	else
#endif
	{
		err = tfm_name(tfm, sizeof(tfm), name, true);
		if (err)
			return err;
	}
	aead = crypto_alloc_aead(tfm, 0, 0);
	if (IS_ERR(aead)) {
		NL_SET_ERR_MSG_MOD(extack, "the crypto algorithm is not available in this kernel");
		return PTR_ERR(aead);
	}

	if (e->aead) {
		err = crypto_aead_setkey(aead, cfg->enc_key, cfg->enc_keylen);
		if (!err)
			err = crypto_aead_setauthsize(aead, e->icvlen);
		sa->icvlen = e->icvlen;
	} else {
		struct crypto_authenc_key_param *param;
		struct rtattr *rta;

		keylen = RTA_SPACE(sizeof(*param)) + a->keylen + e->keylen;
		key = kmalloc(keylen, GFP_KERNEL);
		if (!key) {
			err = -ENOMEM;
			goto err_free;
		}
		rta = (struct rtattr *)key;
		rta->rta_type = CRYPTO_AUTHENC_KEYA_PARAM;
		rta->rta_len = RTA_LENGTH(sizeof(*param));
		param = RTA_DATA(rta);
		param->enckeylen = cpu_to_be32(e->keylen);
		memcpy(key + RTA_SPACE(sizeof(*param)), cfg->auth_key, a->keylen);
		memcpy(key + RTA_SPACE(sizeof(*param)) + a->keylen,
		       cfg->enc_key, e->keylen);
		err = crypto_aead_setkey(aead, key, keylen);
		kfree_sensitive(key);
		if (!err)
			err = crypto_aead_setauthsize(aead, a->icvlen);
		sa->icvlen = a->icvlen;
	}
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "the crypto layer refused the key");
		goto err_free;
	}

	if (crypto_aead_ivsize(aead) != e->ivlen) {
		NL_SET_ERR_MSG_MOD(extack, "unexpected IV size from the crypto layer");
		err = -EINVAL;
		goto err_free;
	}
	sa->aead = aead;
	sa->ivlen = e->ivlen;
	sa->blksize = max_t(unsigned int, e->blksize, 4);
	return 0;

err_free:
	crypto_free_aead(aead);
	return err;
}

/* AH: one keyed hash, its output truncated to the ICV length. */
static int ah_init_crypto(struct st_sa *sa, const struct st_sa_config *cfg,
			  struct netlink_ext_ack *extack)
{
	const struct auth_alg *a = &auth_algs[cfg->auth];
	char tfm[CRYPTO_MAX_ALG_NAME];
	struct crypto_ahash *ahash;
	int err;

	if (cfg->enc != STVPN_ENC_NONE) {
		NL_SET_ERR_MSG_MOD(extack, "AH takes no encryption algorithm");
		return -EINVAL;
	}
	if (cfg->auth == STVPN_AUTH_NONE || cfg->auth == STVPN_AUTH_NULL) {
		NL_SET_ERR_MSG_MOD(extack, "AH needs an authentication algorithm");
		return -EINVAL;
	}
	if (cfg->flags & STVPN_SA_F_ESN) {
		NL_SET_ERR_MSG_MOD(extack, "ESN is supported with ESP only");
		return -EOPNOTSUPP;
	}
	if (cfg->auth_keylen != a->keylen) {
		NL_SET_ERR_MSG_MOD(extack, "wrong authentication key length for the algorithm");
		return -EINVAL;
	}
	err = tfm_name(tfm, sizeof(tfm), a->hmac, false);
	if (err)
		return err;
	ahash = crypto_alloc_ahash(tfm, 0, 0);
	if (IS_ERR(ahash)) {
		NL_SET_ERR_MSG_MOD(extack, "the crypto algorithm is not available in this kernel");
		return PTR_ERR(ahash);
	}
	err = crypto_ahash_setkey(ahash, cfg->auth_key, cfg->auth_keylen);
	if (err || crypto_ahash_digestsize(ahash) < a->icvlen) {
		NL_SET_ERR_MSG_MOD(extack, "the crypto layer refused the key");
		crypto_free_ahash(ahash);
		return err ?: -EINVAL;
	}
	sa->ahash = ahash;
	sa->icvlen = a->icvlen;
	return 0;
}

static void sa_free_work(struct work_struct *work)
{
	struct st_sa *sa = container_of(to_rcu_work(work), struct st_sa, free_work);
	struct st_net *stn = st_net(sa->net);

	/* The keys live inside the tfms: crypto_free_*() wipes them. */
	if (sa->aead)
		crypto_free_aead(sa->aead);
	if (sa->ahash)
		crypto_free_ahash(sa->ahash);
	st_sa_forget_route(sa);
	kfree(sa->replay);
	kfree_sensitive(sa);
	/* The namespace lives until its exit has seen this (st_sa_net_exit). */
	if (atomic_dec_and_test(&stn->sa_live))
		wake_up_var(&stn->sa_live);
}

/* Drops the route the transmit path remembered (xmit.c). */
void st_sa_forget_route(struct st_sa *sa)
{
	dst_release(unrcu_pointer(xchg(&sa->route, NULL)));
}

void st_sa_put(struct st_sa *sa)
{
	if (!refcount_dec_and_test(&sa->refcnt))
		return;
	/*
	 * Receive-path readers found the SA under RCU and may not have
	 * tried to take a reference yet: free after a grace period, in
	 * process context since freeing a tfm may sleep.
	 */
	INIT_RCU_WORK(&sa->free_work, sa_free_work);
	queue_rcu_work(sa_free_wq, &sa->free_work);
}

static void sa_event(struct st_sa *sa, u8 type, u8 limit)
{
	st_nl_sa_event(sa, type, limit);
}

/*
 * Lifetime bookkeeping, with sa->lock held. Returns the new state. Soft
 * and hard events are each sent once.
 */
static u8 limits_reached(struct st_sa *sa, time64_t now)
{
	const struct st_lifetime *soft = &sa->soft, *hard = &sa->hard;
	u64 age = now - sa->added;
	u8 limit = 0;

	lockdep_assert_held(&sa->lock);
	if (sa->state == STVPN_SA_STATE_HARD_EXPIRED)
		return sa->state;

	if (hard->bytes && sa->used_bytes >= hard->bytes)
		limit = 1;
	else if (hard->packets && sa->used_packets >= hard->packets)
		limit = 2;
	else if (hard->seconds && age >= hard->seconds)
		limit = 3;
	if (limit) {
		sa->state = STVPN_SA_STATE_HARD_EXPIRED;
		sa_event(sa, STVPN_EVENT_HARD_EXPIRE, limit);
		return sa->state;
	}

	if (sa->state != STVPN_SA_STATE_VALID)
		return sa->state;
	if (soft->bytes && sa->used_bytes >= soft->bytes)
		limit = 1;
	else if (soft->packets && sa->used_packets >= soft->packets)
		limit = 2;
	else if (soft->seconds && age >= soft->seconds)
		limit = 3;
	if (limit) {
		sa->state = STVPN_SA_STATE_SOFT_EXPIRED;
		sa_event(sa, STVPN_EVENT_SOFT_EXPIRE, limit);
	}
	return sa->state;
}

/* The smaller of LIMIT and a lifetime's VALUE (0: none). */
static u64 lower(u64 limit, u64 value)
{
	return value && value < limit ? value : limit;
}

/* The next time a seconds lifetime runs out, or 0. */
static time64_t next_deadline(const struct st_sa *sa)
{
	time64_t t = 0;

	if (sa->hard.seconds && sa->state != STVPN_SA_STATE_HARD_EXPIRED)
		t = sa->added + sa->hard.seconds;
	if (sa->soft.seconds && sa->state == STVPN_SA_STATE_VALID &&
	    (!t || sa->added + (time64_t)sa->soft.seconds < t))
		t = sa->added + sa->soft.seconds;
	return t;
}

/*
 * The byte and packet counts and the time at which limits_reached() has
 * something to do, so that a packet need not look at all six lifetimes.
 */
static void set_next_limits(struct st_sa *sa)
{
	u64 bytes = U64_MAX, packets = U64_MAX;
	time64_t t = next_deadline(sa);

	if (sa->state != STVPN_SA_STATE_HARD_EXPIRED) {
		bytes = lower(bytes, sa->hard.bytes);
		packets = lower(packets, sa->hard.packets);
	}
	if (sa->state == STVPN_SA_STATE_VALID) {
		bytes = lower(bytes, sa->soft.bytes);
		packets = lower(packets, sa->soft.packets);
	}
	sa->next_bytes = bytes;
	sa->next_packets = packets;
	sa->deadline = t ?: TIME64_MAX;
}

static u8 check_limits(struct st_sa *sa, time64_t now)
{
	u8 state = limits_reached(sa, now);

	set_next_limits(sa);
	return state;
}

/* After check_limits(): the timer for the next seconds lifetime. */
static void arm_timer(struct st_sa *sa)
{
	time64_t t = sa->deadline, now = ktime_get_seconds();

	lockdep_assert_held(&sa->lock);
	if (sa->dead || t == TIME64_MAX)
		return;
	mod_timer(&sa->timer, jiffies + (t > now ? (t - now) * HZ : 1));
}

static void sa_timer(struct timer_list *t)
{
	struct st_sa *sa = from_timer(sa, t, timer);

	spin_lock_bh(&sa->lock);
	check_limits(sa, ktime_get_seconds());
	arm_timer(sa);
	spin_unlock_bh(&sa->lock);
}

void st_sa_set_lifetimes(struct st_sa *sa, const struct st_lifetime *soft,
			 const struct st_lifetime *hard)
{
	spin_lock_bh(&sa->lock);
	if (soft)
		sa->soft = *soft;
	if (hard)
		sa->hard = *hard;
	check_limits(sa, ktime_get_seconds());
	arm_timer(sa);
	spin_unlock_bh(&sa->lock);
}

/*
 * Counts a packet of BYTES against the SA's lifetimes and counters.
 * Returns 0, or -EKEYEXPIRED once the hard lifetime has been reached.
 */
int st_sa_account_locked(struct st_sa *sa, unsigned int bytes)
{
	lockdep_assert_held(&sa->lock);
	if (sa->state == STVPN_SA_STATE_HARD_EXPIRED)
		return -EKEYEXPIRED;
	sa->used_bytes += bytes;
	sa->used_packets++;
	/*
	 * The timer looks at the seconds lifetimes too, but may fire late by
	 * a good part of a long lifetime: a packet past the deadline does.
	 */
	if (unlikely(sa->used_bytes >= sa->next_bytes ||
		     sa->used_packets >= sa->next_packets ||
		     ktime_get_seconds() >= sa->deadline))
		check_limits(sa, ktime_get_seconds());
	return 0;
}

void st_sa_clear_stats(struct st_sa *sa)
{
	/* The lifetimes count on in used_bytes and used_packets. */
	spin_lock_bh(&sa->lock);
	sa->cleared_bytes = sa->used_bytes;
	sa->cleared_packets = sa->used_packets;
	memset(&sa->errors, 0, sizeof(sa->errors));
	spin_unlock_bh(&sa->lock);
}

/* The SA's counters as reported; the caller holds sa->lock. */
void st_sa_read_stats(struct st_sa *sa, struct st_sa_stats *st)
{
	lockdep_assert_held(&sa->lock);
	st->bytes = sa->used_bytes - sa->cleared_bytes;
	st->packets = sa->used_packets - sa->cleared_packets;
	st->errors = sa->errors;
}

/* Bytes the SA adds to an inner packet at most, outer header included. */
unsigned int st_sa_overhead(const struct st_sa *sa)
{
	unsigned int len;

	len = sa->family == AF_INET ? sizeof(struct iphdr) : sizeof(struct ipv6hdr);
	if (sa->encap_dport)
		len += sizeof(struct udphdr);
	if (sa->proto == IPPROTO_ESP)
		len += 8 + sa->ivlen + sa->blksize - 1 + 2 + sa->icvlen;
	else
		len += ALIGN(12 + sa->icvlen, sa->family == AF_INET ? 4 : 8);
	return len;
}

struct st_sa *st_sa_find(struct st_net *stn, u32 id)
{
	struct st_sa *sa;

	lockdep_assert_held(&stn->cfg_lock);
	hlist_for_each_entry(sa, &stn->sa_by_id[id_hash(id)], id_node)
		if (sa->id == id)
			return sa;
	return NULL;
}

struct st_sa *st_sa_lookup_rcu(struct net *net, __be32 spi, u8 proto)
{
	struct st_spi_key key = { .spi = spi, .proto = proto };

	/*
	 * A dying namespace's other devices may still deliver after its
	 * table is gone; readers that saw it alive finish before then.
	 */
	if (unlikely(!check_net(net)))
		return NULL;
	return rhashtable_lookup(&st_net(net)->sa_by_spi, &key, spi_params);
}

struct st_sa *st_sa_create(struct net *net, struct st_sa_config *cfg,
			   struct netlink_ext_ack *extack)
{
	struct st_net *stn = st_net(net);
	struct st_sa *sa;
	int err;

	lockdep_assert_held(&stn->cfg_lock);

	if (st_sa_find(stn, cfg->id)) {
		NL_SET_ERR_MSG_MOD(extack, "an SA with this ID exists");
		return ERR_PTR(-EEXIST);
	}
	if (cfg->dir == STVPN_DIR_IN) {
		struct st_spi_key key = {
			.spi = cpu_to_be32(cfg->spi),
			.proto = cfg->proto,
		};

		if (rhashtable_lookup_fast(&stn->sa_by_spi, &key, spi_params)) {
			NL_SET_ERR_MSG_MOD(extack,
					   "an inbound SA with this SPI and protocol exists");
			return ERR_PTR(-EEXIST);
		}
	}

	sa = kzalloc(sizeof(*sa), GFP_KERNEL);
	if (!sa)
		return ERR_PTR(-ENOMEM);

	sa->id = cfg->id;
	sa->dir = cfg->dir;
	sa->proto = cfg->proto;
	sa->mode = cfg->mode;
	sa->family = cfg->family;
	sa->df = cfg->df;
	sa->enc = cfg->enc;
	sa->auth = cfg->auth;
	sa->flags = cfg->flags;
	sa->key.spi = cpu_to_be32(cfg->spi);
	sa->key.proto = cfg->proto;
	sa->src = cfg->src;
	sa->dst = cfg->dst;
	sa->encap_sport = htons(cfg->encap_sport);
	sa->encap_dport = htons(cfg->encap_dport);
	sa->soft = cfg->soft;
	sa->hard = cfg->hard;
	sa->added = ktime_get_seconds();
	spin_lock_init(&sa->lock);
	timer_setup(&sa->timer, sa_timer, 0);
	refcount_set(&sa->refcnt, 1);

	if (sa->proto == IPPROTO_ESP)
		err = esp_init_crypto(sa, cfg, extack);
	else
		err = ah_init_crypto(sa, cfg, extack);
	if (err)
		goto err_free;

	if (sa->dir == STVPN_DIR_IN) {
		sa->replay = kzalloc(st_replay_size(cfg->replay_window), GFP_KERNEL);
		if (!sa->replay) {
			err = -ENOMEM;
			goto err_crypto;
		}
		st_replay_init(sa->replay, cfg->replay_window,
			       cfg->flags & STVPN_SA_F_ESN);
	}

	sa->net = net;
	if (sa->dir == STVPN_DIR_IN) {
		err = rhashtable_insert_fast(&stn->sa_by_spi, &sa->spi_node,
					     spi_params);
		if (err) {
			NL_SET_ERR_MSG_MOD(extack, "no room for the SA");
			goto err_crypto;
		}
	}
	hlist_add_head_rcu(&sa->id_node, &stn->sa_by_id[id_hash(sa->id)]);
	stn->sa_gen++;
	atomic_inc(&stn->sa_live);

	spin_lock_bh(&sa->lock);
	check_limits(sa, sa->added);
	arm_timer(sa);
	spin_unlock_bh(&sa->lock);
	return sa;

err_crypto:
	kfree(sa->replay);
	if (sa->aead)
		crypto_free_aead(sa->aead);
	if (sa->ahash)
		crypto_free_ahash(sa->ahash);
err_free:
	kfree_sensitive(sa);
	return ERR_PTR(err);
}

/* Removes the SA from the tables and from its binding; drops the table's ref. */
void st_sa_unlink(struct st_net *stn, struct st_sa *sa)
{
	lockdep_assert_held(&stn->cfg_lock);

	st_bind_release_sa(sa);
	hlist_del_rcu(&sa->id_node);
	if (sa->dir == STVPN_DIR_IN)
		rhashtable_remove_fast(&stn->sa_by_spi, &sa->spi_node, spi_params);
	stn->sa_gen++;

	spin_lock_bh(&sa->lock);
	sa->dead = true;
	spin_unlock_bh(&sa->lock);
	del_timer_sync(&sa->timer);
	st_sa_put(sa);
}

int st_sa_net_init(struct st_net *stn)
{
	unsigned int i, n = 1U << ST_SA_HASH_BITS;
	int err;

	mutex_init(&stn->cfg_lock);
	atomic_set(&stn->sa_live, 0);
	stn->sa_by_id = kvmalloc_array(n, sizeof(*stn->sa_by_id), GFP_KERNEL);
	if (!stn->sa_by_id)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		INIT_HLIST_HEAD(&stn->sa_by_id[i]);
	err = rhashtable_init(&stn->sa_by_spi, &spi_params);
	if (err)
		kvfree(stn->sa_by_id);
	return err;
}

/* After the namespace's st devices are gone: drop every SA. */
void st_sa_net_exit(struct net *net)
{
	struct st_net *stn = st_net(net);
	struct hlist_node *tmp;
	struct st_sa *sa;
	unsigned int i;

	mutex_lock(&stn->cfg_lock);
	st_encap_release(stn);
	for (i = 0; i < (1U << ST_SA_HASH_BITS); i++)
		hlist_for_each_entry_safe(sa, tmp, &stn->sa_by_id[i], id_node) {
			/*
			 * The devices are gone, nothing sends any more: the
			 * routes go now, before the namespace's tables do,
			 * not when the SA is freed.
			 */
			st_sa_forget_route(sa);
			st_sa_unlink(stn, sa);
		}
	mutex_unlock(&stn->cfg_lock);

	/*
	 * Readers of the tables are gone after a grace period. Packets
	 * still inside the crypto layer hold their SAs and will use this
	 * namespace when they come out: wait until the last SA is freed,
	 * which is after its last packet's completion has returned (the
	 * free waits a grace period, and completions run with BHs off).
	 */
	synchronize_rcu();
	wait_var_event(&stn->sa_live, !atomic_read(&stn->sa_live));
	kvfree(stn->sa_by_id);
	rhashtable_destroy(&stn->sa_by_spi);
}

int __init st_sa_init(void)
{
	sa_free_wq = alloc_workqueue("stvpn_sa_free", WQ_UNBOUND, 0);
	return sa_free_wq ? 0 : -ENOMEM;
}

/*
 * After every namespace's exit, which waited for its SAs to be freed and
 * so for their packets' completions: the deferred frees of a failed load.
 */
void st_sa_uninit(void)
{
	rcu_barrier();
	destroy_workqueue(sa_free_wq);
}
