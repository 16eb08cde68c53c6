// SPDX-License-Identifier: GPL-2.0
/*
 * stvpn: the inbound anti-replay window.
 *
 * The bitmap is a ring of words as in RFC 6479: the bit of a sequence
 * number is fixed by the number itself, so moving the window never shifts
 * bits; it only clears the words that the new top enters. The ring has
 * at least as many words as the window can touch (its size in words,
 * rounded up, plus one since it need not start at a word boundary), so
 * no two words of the window share a slot. Bits outside the window may
 * be stale: they are never read, since the size of the window is
 * enforced exactly against the top.
 */
#include "replay.h"

/* The window assumed for inferring ESN high bits when there is none. */
#define ST_REPLAY_ESN_NO_WINDOW	(1U << 31)

/* Words of the ring: a power of two, at least the number of words that
 * @window consecutive sequence numbers can touch.
 */
static u32 st_replay_words(u32 window)
{
	u32 touched, words = 1;

	if (!window)
		return 0;
	/* the word of the first number, then those of the window - 1 after it */
	touched = 1 + (window - 1) / BITS_PER_LONG +
		  !!((window - 1) % BITS_PER_LONG);
	while (words < touched)
		words <<= 1;
	return words;
}

/**
 * st_replay_size - bytes to allocate for a replay state
 * @window: the window in packets, 0 for none
 *
 * Return: the size of struct st_replay with its bitmap.
 */
size_t st_replay_size(u32 window)
{
	return sizeof(struct st_replay) +
	       (size_t)st_replay_words(window) * sizeof(unsigned long);
}

/**
 * st_replay_init - set up an empty window
 * @r: st_replay_size(@window) bytes
 * @window: the window in packets, 0 for none
 * @esn: whether the SA uses extended sequence numbers
 */
void st_replay_init(struct st_replay *r, u32 window, bool esn)
{
	u32 words = st_replay_words(window);

	r->top = 0;
	r->size = window;
	r->mask = words ? words - 1 : 0;
	r->esn = esn;
	memset(r->bitmap, 0, (size_t)words * sizeof(unsigned long));
}

/* The word of the ring that holds the bit of @seq, and that bit. */
static u32 st_replay_word(const struct st_replay *r, u64 seq)
{
	return (u32)(seq / BITS_PER_LONG) & r->mask;
}

static unsigned long st_replay_bit(u64 seq)
{
	return 1UL << (seq % BITS_PER_LONG);
}

/* Whether @seq, not newer than @top, is outside the window or seen. */
static bool st_replay_refused(const struct st_replay *r, u64 seq)
{
	if (!r->size)
		return false;
	if (r->top - seq >= r->size)
		return true;
	return r->bitmap[st_replay_word(r, seq)] & st_replay_bit(seq);
}

/*
 * RFC 4303 appendix A2.2: of the numbers with the low 32 bits @wire_seq,
 * the one in [top - w + 1, top - w + 2^32]. Cases A and B of the RFC (the
 * window in one subspace or spanning two) are the same modular sum here;
 * the bottom of the window may lie below 0 early in the SA, and the
 * result must lie in [1, 2^64 - 1].
 */
static int st_replay_infer(const struct st_replay *r, u32 wire_seq, u64 *seq)
{
	u32 w1 = (r->size ? r->size : ST_REPLAY_ESN_NO_WINDOW) - 1;
	u64 top = r->top;
	/* how far @wire_seq lies above the bottom, modulo 2^32 */
	u32 off = wire_seq - (u32)(top - w1);
	u64 s;

	if (top >= w1) {
		s = top - w1 + off;
		if (s < top - w1)	/* beyond 2^64 - 1 */
			return -EINVAL;
	} else {
		/* the bottom is 1 - (w1 - top): below 1 unless far enough */
		if (top + off <= w1)
			return -EINVAL;
		s = top + off - w1;
	}
	if (!s)
		return -EINVAL;
	*seq = s;
	return 0;
}

/**
 * st_replay_check - whether a received sequence number is acceptable
 * @r: the replay state
 * @wire_seq: the sequence number in the packet, host order
 * @seq: set to the full sequence number (its high 32 bits inferred with
 *	ESN) on success and on -EEXIST
 *
 * Does not change @r: call st_replay_advance() once the packet is
 * authenticated.
 *
 * Return: 0 if acceptable, -EINVAL for a number that is never valid
 * (0 without ESN, one before the start or past the end of the sequence
 * space with ESN), -EEXIST if replayed or too old.
 */
int st_replay_check(const struct st_replay *r, u32 wire_seq, u64 *seq)
{
	u64 s;

	if (r->esn) {
		if (st_replay_infer(r, wire_seq, &s))
			return -EINVAL;
	} else {
		if (!wire_seq)
			return -EINVAL;
		s = wire_seq;
	}
	*seq = s;
	if (s > r->top)
		return 0;
	return st_replay_refused(r, s) ? -EEXIST : 0;
}

/**
 * st_replay_advance - record an authenticated sequence number
 * @r: the replay state
 * @seq: the full sequence number that st_replay_check() gave
 *
 * Checks again, since another packet may have been recorded since the
 * check, then marks @seq seen and, if it is the newest, moves the window
 * up to it.
 *
 * Return: 0 if recorded, -EEXIST if it is now a replay or too old,
 * -EINVAL for 0.
 */
int st_replay_advance(struct st_replay *r, u64 seq)
{
	u64 from, to;

	if (!seq)
		return -EINVAL;
	if (seq <= r->top) {
		if (st_replay_refused(r, seq))
			return -EEXIST;
	} else {
		if (r->size) {
			/* clear the words that the window enters */
			from = r->top / BITS_PER_LONG;
			to = seq / BITS_PER_LONG;
			if (to - from > r->mask)
				memset(r->bitmap, 0,
				       ((size_t)r->mask + 1) * sizeof(unsigned long));
			else
				while (from < to)
					r->bitmap[++from & r->mask] = 0;
		}
		r->top = seq;
	}
	if (r->size)
		r->bitmap[st_replay_word(r, seq)] |= st_replay_bit(seq);
	return 0;
}
