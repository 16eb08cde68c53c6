// SPDX-License-Identifier: GPL-2.0
/*
 * stvpn: ESP (RFC 4303) through the kernel crypto API.
 *
 * Every SA has one AEAD: authenc()/authencesn() around a CBC cipher and
 * an HMAC, or rfc4106(gcm(aes)) / rfc7539esp(chacha20,poly1305). The
 * associated data is built in a scratch buffer as SPI || [seq_hi] ||
 * seq_lo || IV, the layout all of these templates expect, and chained in
 * front of the packet's scatterlist; the payload is encrypted in place.
 * One allocation per packet holds the request, the associated data, the
 * IV and the scatterlist. Synchronous and asynchronous completion end in
 * the same function.
 */
#include <crypto/aead.h>
#include <linux/random.h>
#include <linux/scatterlist.h>
#include <linux/skbuff.h>
#include <net/esp.h>
#include <net/ip.h>

#include "compat.h"
#include "st.h"

#define ESP_HLEN	8
#define AD_MAX		(ESP_HLEN + 4 + 16)	/* SPI, seq_hi, seq_lo, IV */

/* What a packet carries through the crypto layer, in skb->cb. */
struct esp_cb {
	struct st_sa	*sa;
	void		*tmp;
	u64		seq;		/* input: the inferred sequence number */
	unsigned int	clen;		/* input: ciphertext length */
};

static struct esp_cb *esp_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct esp_cb) > offsetof(struct st_skb_cb, tos));
	return (struct esp_cb *)skb->cb;
}

/* [aead_request + ctx][AD][IV][scatterlist * nsg] */
static void *tmp_alloc(struct crypto_aead *aead, unsigned int nsg)
{
	unsigned int len;

	len = sizeof(struct aead_request) + crypto_aead_reqsize(aead);
	len = ALIGN(len, __alignof__(u64));
	len += AD_MAX + 16;
	len = ALIGN(len, __alignof__(struct scatterlist));
	len += sizeof(struct scatterlist) * nsg;
	return kmalloc(len, GFP_ATOMIC);
}

static struct aead_request *tmp_req(void *tmp, struct crypto_aead *aead)
{
	struct aead_request *req = tmp;

	aead_request_set_tfm(req, aead);
	return req;
}

static u8 *tmp_ad(void *tmp, struct crypto_aead *aead)
{
	unsigned int len = sizeof(struct aead_request) + crypto_aead_reqsize(aead);

	return (u8 *)tmp + ALIGN(len, __alignof__(u64));
}

static u8 *tmp_iv(void *tmp, struct crypto_aead *aead)
{
	return tmp_ad(tmp, aead) + AD_MAX;
}

static struct scatterlist *tmp_sg(void *tmp, struct crypto_aead *aead)
{
	return PTR_ALIGN((struct scatterlist *)(tmp_iv(tmp, aead) + 16),
			 __alignof__(struct scatterlist));
}

/* SPI || [seq_hi] || seq_lo || IV; returns its length. */
static unsigned int build_ad(const struct st_sa *sa, u8 *ad, u64 seq,
			     const u8 *iv)
{
	__be32 *w = (__be32 *)ad;
	unsigned int len;

	*w++ = sa->key.spi;
	if (sa->flags & STVPN_SA_F_ESN)
		*w++ = htonl(upper_32_bits(seq));
	*w++ = htonl(lower_32_bits(seq));
	len = (u8 *)w - ad;
	memcpy(ad + len, iv, sa->ivlen);
	return len + sa->ivlen;
}

static void output_done(struct sk_buff *skb, int err)
{
	struct esp_cb *cb = esp_cb(skb);
	struct st_sa *sa = cb->sa;

	kfree(cb->tmp);
	if (unlikely(err)) {
		net_dbg_ratelimited("stvpn: ESP encryption failed (%d)\n", err);
		kfree_skb(skb);
	} else {
		st_output_finish(sa, skb);
	}
	st_sa_put(sa);
}

ST_CRYPTO_CB(output_cb)
{
	struct sk_buff *skb = ST_CRYPTO_CB_DATA();

	if (err == -EINPROGRESS)
		return;
	output_done(skb, err);
}

/*
 * Encrypts the inner packet in SKB (IPv4 or IPv6, NEXTHDR says which)
 * with sequence number SEQ and hands it to st_output_finish(). Consumes
 * the packet and, in every case, the reference on SA it was given.
 */
int st_esp_output(struct st_sa *sa, struct sk_buff *skb, u8 nexthdr, u64 seq)
{
	unsigned int len = skb->len, clen, padlen, tailen, adlen, hroom;
	struct crypto_aead *aead = sa->aead;
	struct sk_buff *trailer;
	struct ip_esp_hdr *esph;
	struct aead_request *req;
	struct scatterlist *sg;
	u8 *tail, *iv, *ad;
	int nfrags, err, i;
	void *tmp;

	clen = ALIGN(len + 2, sa->blksize);
	padlen = clen - len - 2;
	tailen = padlen + 2 + sa->icvlen;

	hroom = ESP_HLEN + sa->ivlen + sizeof(struct ipv6hdr) + sizeof(struct udphdr) +
		LL_RESERVED_SPACE(skb_dst(skb)->dev);
	err = skb_cow_head(skb, hroom);
	if (err)
		goto drop;

	nfrags = skb_cow_data(skb, tailen, &trailer);
	if (nfrags < 0) {
		err = nfrags;
		goto drop;
	}
	tail = skb_tail_pointer(trailer);
	for (i = 0; i < padlen; i++)
		tail[i] = i + 1;	/* RFC 4303 2.4: monotonic padding */
	tail[padlen] = padlen;
	tail[padlen + 1] = nexthdr;
	pskb_put(skb, trailer, tailen);

	tmp = tmp_alloc(aead, nfrags + 1);
	if (!tmp) {
		err = -ENOMEM;
		goto drop;
	}
	req = tmp_req(tmp, aead);
	ad = tmp_ad(tmp, aead);
	iv = tmp_iv(tmp, aead);
	sg = tmp_sg(tmp, aead);

	/* CBC needs an unpredictable IV; counter modes need a unique one. */
	if (sa->enc == STVPN_ENC_AES_128_GCM || sa->enc == STVPN_ENC_AES_256_GCM ||
	    sa->enc == STVPN_ENC_CHACHA20_POLY1305)
		put_unaligned_be64(seq, iv);
	else
		get_random_bytes(iv, sa->ivlen);

	esph = skb_push(skb, ESP_HLEN + sa->ivlen);
	esph->spi = sa->key.spi;
	esph->seq_no = htonl(lower_32_bits(seq));
	memcpy(esph->enc_data, iv, sa->ivlen);
	adlen = build_ad(sa, ad, seq, iv);

	sg_init_table(sg, nfrags + 1);
	sg_set_buf(sg, ad, adlen);
	err = skb_to_sgvec(skb, sg + 1, ESP_HLEN + sa->ivlen, clen + sa->icvlen);
	if (unlikely(err < 0)) {
		kfree(tmp);
		goto drop;
	}

	esp_cb(skb)->sa = sa;
	esp_cb(skb)->tmp = tmp;
	aead_request_set_callback(req, CRYPTO_TFM_REQ_MAY_BACKLOG, output_cb, skb);
	aead_request_set_crypt(req, sg, sg, clen, iv);
	aead_request_set_ad(req, adlen);

	err = crypto_aead_encrypt(req);
	if (err == -EINPROGRESS || err == -EBUSY)
		return 0;
	output_done(skb, err);
	return 0;

drop:
	kfree_skb(skb);
	st_sa_put(sa);
	return err;
}

/* Checks and strips the ESP trailer; returns the next header or -errno. */
static int strip_trailer(struct st_sa *sa, struct sk_buff *skb,
			 unsigned int clen)
{
	u8 tail[2], pad[255];
	unsigned int padlen, i, end = ESP_HLEN + sa->ivlen + clen;

	if (skb_copy_bits(skb, end - 2, tail, 2))
		return -EINVAL;
	padlen = tail[0];
	if (padlen + 2 > clen)
		return -EINVAL;
	if (padlen && skb_copy_bits(skb, end - 2 - padlen, pad, padlen))
		return -EINVAL;
	for (i = 0; i < padlen; i++)
		if (pad[i] != i + 1)
			return -EINVAL;
	if (tail[1] != IPPROTO_IPIP && tail[1] != IPPROTO_IPV6)
		return -EPROTONOSUPPORT;
	if (pskb_trim(skb, end - 2 - padlen))
		return -ENOMEM;
	__skb_pull(skb, ESP_HLEN + sa->ivlen);
	return tail[1];
}

static void input_done(struct sk_buff *skb, int err)
{
	struct esp_cb *cb = esp_cb(skb);
	struct st_sa *sa = cb->sa;
	int nexthdr;

	kfree(cb->tmp);
	if (unlikely(err)) {
		spin_lock_bh(&sa->lock);
		if (err == -EBADMSG)
			sa->errors.esp_auth_fail++;
		else
			sa->errors.esp_decrypt_fail++;
		spin_unlock_bh(&sa->lock);
		goto drop;
	}

	/*
	 * Only now that the ICV verified may the window move, whatever the
	 * trailer holds. One lock for the window, the counters and the
	 * lifetimes.
	 */
	nexthdr = strip_trailer(sa, skb, cb->clen);
	spin_lock_bh(&sa->lock);
	err = st_replay_advance(sa->replay, cb->seq);
	if (err)
		sa->errors.replay++;
	else if (nexthdr < 0)
		sa->errors.bad_trailer++;
	else
		err = st_sa_account_locked(sa, skb->len);
	spin_unlock_bh(&sa->lock);
	if (err || nexthdr < 0)
		goto drop;
	st_rcv_deliver(sa, skb, nexthdr);
	goto out;

drop:
	kfree_skb(skb);
out:
	st_sa_put(sa);
}

ST_CRYPTO_CB(input_cb)
{
	struct sk_buff *skb = ST_CRYPTO_CB_DATA();

	if (err == -EINPROGRESS)
		return;
	input_done(skb, err);
}

static void count_bad_header(struct st_sa *sa)
{
	spin_lock_bh(&sa->lock);
	sa->errors.bad_header++;
	spin_unlock_bh(&sa->lock);
}

/*
 * Decrypts the ESP packet at skb->data for SA and delivers what it
 * carries. Consumes the packet and the reference on SA it was given.
 */
int st_esp_input(struct st_sa *sa, struct sk_buff *skb)
{
	struct crypto_aead *aead = sa->aead;
	struct aead_request *req;
	struct ip_esp_hdr *esph;
	struct sk_buff *trailer;
	struct scatterlist *sg;
	unsigned int clen, adlen;
	u8 *ad, *iv;
	int nfrags, err;
	u64 seq;
	void *tmp;

	if (!pskb_may_pull(skb, ESP_HLEN + sa->ivlen) ||
	    skb->len < ESP_HLEN + sa->ivlen + sa->icvlen + 2) {
		count_bad_header(sa);
		goto drop;
	}
	clen = skb->len - ESP_HLEN - sa->ivlen - sa->icvlen;
	if (clen % sa->blksize) {
		count_bad_header(sa);
		goto drop;
	}
	esph = (struct ip_esp_hdr *)skb->data;

	/* Before spending a decryption: is the sequence number acceptable? */
	spin_lock_bh(&sa->lock);
	err = st_replay_check(sa->replay, ntohl(esph->seq_no), &seq);
	if (err)
		sa->errors.replay++;
	spin_unlock_bh(&sa->lock);
	if (err)
		goto drop;

	nfrags = skb_cow_data(skb, 0, &trailer);
	if (nfrags < 0)
		goto drop;
	esph = (struct ip_esp_hdr *)skb->data;

	tmp = tmp_alloc(aead, nfrags + 1);
	if (!tmp)
		goto drop;
	req = tmp_req(tmp, aead);
	ad = tmp_ad(tmp, aead);
	iv = tmp_iv(tmp, aead);
	sg = tmp_sg(tmp, aead);

	memcpy(iv, esph->enc_data, sa->ivlen);
	adlen = build_ad(sa, ad, seq, iv);

	sg_init_table(sg, nfrags + 1);
	sg_set_buf(sg, ad, adlen);
	err = skb_to_sgvec(skb, sg + 1, ESP_HLEN + sa->ivlen, clen + sa->icvlen);
	if (unlikely(err < 0)) {
		kfree(tmp);
		goto drop;
	}

	esp_cb(skb)->sa = sa;
	esp_cb(skb)->tmp = tmp;
	esp_cb(skb)->seq = seq;
	esp_cb(skb)->clen = clen;
	aead_request_set_callback(req, CRYPTO_TFM_REQ_MAY_BACKLOG, input_cb, skb);
	aead_request_set_crypt(req, sg, sg, clen + sa->icvlen, iv);
	aead_request_set_ad(req, adlen);

	err = crypto_aead_decrypt(req);
	if (err == -EINPROGRESS || err == -EBUSY)
		return 0;
	input_done(skb, err);
	return 0;

drop:
	kfree_skb(skb);
	st_sa_put(sa);
	return -EINVAL;
}
