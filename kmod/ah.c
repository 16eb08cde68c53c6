// SPDX-License-Identifier: GPL-2.0
/*
 * stvpn: AH (RFC 4302), tunnel mode, through the kernel's keyed hashes.
 *
 * The ICV covers the outer IP header with its mutable fields zeroed, the
 * AH header with a zero ICV, and the inner packet. Outer IPv4 headers
 * with options and outer IPv6 headers with extension headers are not
 * produced and, on input, refused as bad headers.
 */
#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <linux/scatterlist.h>
#include <net/ah.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "compat.h"
#include "st.h"

#define AH_FIXED	12	/* next header .. sequence number */
#define AH_DIGEST_MAX	64

struct ah_cb {
	struct st_sa	*sa;
	void		*tmp;
	u64		seq;		/* input */
	u8		nexthdr;	/* input */
	u8		saved[7];	/* mutable outer fields */
};

static struct ah_cb *ah_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct ah_cb) > offsetof(struct st_skb_cb, tos));
	return (struct ah_cb *)skb->cb;
}

static unsigned int ah_len(const struct st_sa *sa)
{
	return ALIGN(AH_FIXED + sa->icvlen, sa->family == AF_INET ? 4 : 8);
}

/* [ahash_request + ctx][digest][icv copy][scatterlist * nsg] */
static void *tmp_alloc(struct crypto_ahash *ahash, unsigned int nsg)
{
	unsigned int len = sizeof(struct ahash_request) + crypto_ahash_reqsize(ahash);

	len = ALIGN(len, __alignof__(u64)) + 2 * AH_DIGEST_MAX;
	len = ALIGN(len, __alignof__(struct scatterlist));
	return kmalloc(len + sizeof(struct scatterlist) * nsg, GFP_ATOMIC);
}

static u8 *tmp_digest(void *tmp, struct crypto_ahash *ahash)
{
	unsigned int len = sizeof(struct ahash_request) + crypto_ahash_reqsize(ahash);

	return (u8 *)tmp + ALIGN(len, __alignof__(u64));
}

static struct scatterlist *tmp_sg(void *tmp, struct crypto_ahash *ahash)
{
	return PTR_ALIGN((struct scatterlist *)(tmp_digest(tmp, ahash) + 2 * AH_DIGEST_MAX),
			 __alignof__(struct scatterlist));
}

/* Zeroes the mutable fields of the outer header at skb->data, saving them. */
static void zero_mutable(struct sk_buff *skb, u8 *saved)
{
	if (ip_hdr(skb)->version == 4) {
		struct iphdr *iph = ip_hdr(skb);

		saved[0] = iph->tos;
		saved[1] = iph->ttl;
		memcpy(saved + 2, &iph->frag_off, 2);
		memcpy(saved + 4, &iph->check, 2);
		iph->tos = 0;
		iph->ttl = 0;
		iph->frag_off = 0;
		iph->check = 0;
	} else {
		struct ipv6hdr *ip6h = ipv6_hdr(skb);
		u8 *w = (u8 *)ip6h;

		memcpy(saved, w, 4);
		saved[4] = ip6h->hop_limit;
		w[0] &= 0xf0;		/* version stays, class and label go */
		w[1] = w[2] = w[3] = 0;
		ip6h->hop_limit = 0;
	}
}

static void restore_mutable(struct sk_buff *skb, const u8 *saved)
{
	if (ip_hdr(skb)->version == 4) {
		struct iphdr *iph = ip_hdr(skb);

		iph->tos = saved[0];
		iph->ttl = saved[1];
		memcpy(&iph->frag_off, saved + 2, 2);
		memcpy(&iph->check, saved + 4, 2);
	} else {
		memcpy(ipv6_hdr(skb), saved, 4);
		ipv6_hdr(skb)->hop_limit = saved[4];
	}
}

static void output_done(struct sk_buff *skb, int err)
{
	struct ah_cb *cb = ah_cb(skb);
	struct st_sa *sa = cb->sa;
	void *tmp = cb->tmp;
	struct ip_auth_hdr *ah;

	/* Sending reuses skb->cb and may free the packet: cb is read first. */
	if (!err) {
		ah = (struct ip_auth_hdr *)skb_transport_header(skb);
		memcpy(ah->auth_data, tmp_digest(tmp, sa->ahash), sa->icvlen);
		restore_mutable(skb, cb->saved);
		st_output_send(sa, skb);
	} else {
		kfree_skb(skb);
	}
	kfree(tmp);
	st_sa_put(sa);
}

ST_CRYPTO_CB(output_cb)
{
	struct sk_buff *skb = ST_CRYPTO_CB_DATA();

	if (err == -EINPROGRESS)
		return;
	output_done(skb, err);
}

/* Consumes the packet and the reference on SA, like st_esp_output(). */
int st_ah_output(struct st_sa *sa, struct sk_buff *skb, u8 nexthdr, u64 seq)
{
	unsigned int alen = ah_len(sa);
	struct crypto_ahash *ahash = sa->ahash;
	struct ahash_request *req;
	struct ip_auth_hdr *ah;
	struct sk_buff *trailer;
	struct scatterlist *sg;
	int nfrags, err;
	void *tmp;

	err = skb_cow_head(skb, alen + sizeof(struct ipv6hdr) +
			   LL_RESERVED_SPACE(skb_dst(skb)->dev));
	if (err)
		goto drop;

	ah = skb_push(skb, alen);
	memset(ah, 0, alen);
	ah->nexthdr = nexthdr;
	ah->hdrlen = (alen >> 2) - 2;
	ah->spi = sa->key.spi;
	ah->seq_no = htonl(lower_32_bits(seq));
	skb_reset_transport_header(skb);
	st_output_push_outer(sa, skb, IPPROTO_AH);

	nfrags = skb_cow_data(skb, 0, &trailer);
	if (nfrags < 0) {
		err = nfrags;
		goto drop;
	}
	tmp = tmp_alloc(ahash, nfrags);
	if (!tmp) {
		err = -ENOMEM;
		goto drop;
	}
	req = tmp;
	sg = tmp_sg(tmp, ahash);
	zero_mutable(skb, ah_cb(skb)->saved);

	sg_init_table(sg, nfrags);
	err = skb_to_sgvec_nomark(skb, sg, 0, skb->len);
	if (unlikely(err < 0)) {
		kfree(tmp);
		goto drop;
	}
	sg_mark_end(&sg[err - 1]);

	ah_cb(skb)->sa = sa;
	ah_cb(skb)->tmp = tmp;
	ahash_request_set_tfm(req, ahash);
	ahash_request_set_callback(req, CRYPTO_TFM_REQ_MAY_BACKLOG, output_cb, skb);
	ahash_request_set_crypt(req, sg, tmp_digest(tmp, ahash), skb->len);

	err = crypto_ahash_digest(req);
	if (err == -EINPROGRESS || err == -EBUSY)
		return 0;
	output_done(skb, err);
	return 0;

drop:
	kfree_skb(skb);
	st_sa_put(sa);
	return err;
}

static void count(struct st_sa *sa, u64 *counter)
{
	spin_lock_bh(&sa->lock);
	(*counter)++;
	spin_unlock_bh(&sa->lock);
}

static void input_done(struct sk_buff *skb, int err)
{
	struct ah_cb *cb = ah_cb(skb);
	struct st_sa *sa = cb->sa;
	void *tmp = cb->tmp;
	u8 *digest = tmp_digest(tmp, sa->ahash);
	unsigned int hlen = skb_transport_offset(skb);
	struct ip_auth_hdr *ah;

	if (err)
		goto auth_fail;
	ah = (struct ip_auth_hdr *)skb_transport_header(skb);
	if (crypto_memneq(digest, digest + AH_DIGEST_MAX, sa->icvlen))
		goto auth_fail;

	/* One lock for the window, the counters and the lifetimes. */
	__skb_pull(skb, hlen + ((ah->hdrlen + 2) << 2));
	spin_lock_bh(&sa->lock);
	err = st_replay_advance(sa->replay, cb->seq);
	if (err)
		sa->errors.replay++;
	else
		err = st_sa_account_locked(sa, skb->len);
	spin_unlock_bh(&sa->lock);
	if (err)
		goto drop;
	st_rcv_deliver(sa, skb, cb->nexthdr);
	goto out;

auth_fail:
	count(sa, &sa->errors.ah_auth_fail);
drop:
	kfree_skb(skb);
out:
	kfree(tmp);
	st_sa_put(sa);
}

ST_CRYPTO_CB(input_cb)
{
	struct sk_buff *skb = ST_CRYPTO_CB_DATA();

	if (err == -EINPROGRESS)
		return;
	input_done(skb, err);
}

/* Verifies the AH packet at skb->data; consumes it and the ref on SA. */
int st_ah_input(struct st_sa *sa, struct sk_buff *skb)
{
	struct crypto_ahash *ahash = sa->ahash;
	unsigned int alen, nhlen;
	struct ahash_request *req;
	struct sk_buff *trailer;
	struct ip_auth_hdr *ah;
	struct scatterlist *sg;
	int nfrags, err;
	u8 *digest;
	void *tmp;
	u64 seq;

	nhlen = skb_network_header_len(skb);
	if (!pskb_may_pull(skb, AH_FIXED))
		goto bad_header;
	ah = (struct ip_auth_hdr *)skb->data;
	alen = (ah->hdrlen + 2) << 2;
	if (alen != ah_len(sa) || !pskb_may_pull(skb, alen) ||
	    (ah->nexthdr != IPPROTO_IPIP && ah->nexthdr != IPPROTO_IPV6) ||
	    nhlen != (ip_hdr(skb)->version == 4 ? sizeof(struct iphdr) :
						  sizeof(struct ipv6hdr)))
		goto bad_header;
	ah = (struct ip_auth_hdr *)skb->data;

	spin_lock_bh(&sa->lock);
	err = st_replay_check(sa->replay, ntohl(ah->seq_no), &seq);
	if (err)
		sa->errors.replay++;
	spin_unlock_bh(&sa->lock);
	if (err)
		goto drop;

	/* From here on the outer header is part of what is hashed. */
	skb_reset_transport_header(skb);
	__skb_push(skb, nhlen);
	nfrags = skb_cow_data(skb, 0, &trailer);
	if (nfrags < 0)
		goto drop;
	tmp = tmp_alloc(ahash, nfrags);
	if (!tmp)
		goto drop;
	req = tmp;
	sg = tmp_sg(tmp, ahash);
	digest = tmp_digest(tmp, ahash);

	ah = (struct ip_auth_hdr *)skb_transport_header(skb);
	ah_cb(skb)->nexthdr = ah->nexthdr;
	memcpy(digest + AH_DIGEST_MAX, ah->auth_data, sa->icvlen);
	memset(ah->auth_data, 0, alen - AH_FIXED);
	zero_mutable(skb, ah_cb(skb)->saved);

	sg_init_table(sg, nfrags);
	err = skb_to_sgvec_nomark(skb, sg, 0, skb->len);
	if (unlikely(err < 0)) {
		kfree(tmp);
		goto drop;
	}
	sg_mark_end(&sg[err - 1]);

	ah_cb(skb)->sa = sa;
	ah_cb(skb)->tmp = tmp;
	ah_cb(skb)->seq = seq;
	ahash_request_set_tfm(req, ahash);
	ahash_request_set_callback(req, CRYPTO_TFM_REQ_MAY_BACKLOG, input_cb, skb);
	ahash_request_set_crypt(req, sg, digest, skb->len);

	err = crypto_ahash_digest(req);
	if (err == -EINPROGRESS || err == -EBUSY)
		return 0;
	input_done(skb, err);
	return 0;

bad_header:
	count(sa, &sa->errors.bad_header);
drop:
	kfree_skb(skb);
	st_sa_put(sa);
	return -EINVAL;
}
