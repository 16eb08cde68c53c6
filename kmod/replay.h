/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stvpn: the inbound anti-replay window (RFC 4303 section 3.4.3 and
 * appendix A, with the block ring of RFC 6479 for large windows).
 *
 * The window is the last @size sequence numbers up to the highest one
 * accepted so far (@top): a packet is inside it iff seq > top - size.
 * Anything newer than @top is accepted and moves the window; anything in
 * the window is accepted once; anything older is refused. A window of 0
 * refuses nothing (only the never valid sequence number 0), but @top is
 * still kept.
 *
 * With extended sequence numbers (RFC 4303 section 2.2.1) only the low 32
 * bits travel in the packet. The high 32 bits are inferred as appendix
 * A2.2 describes: the result is the one 64-bit number with those low bits
 * among the 2^32 numbers starting at the bottom of the window,
 * [top - size + 1, top - size + 2^32]. With a window of 0 the inference
 * works as if the window were 2^31 packets, which picks the candidate
 * nearest to @top. Numbers that would fall below 1 or above 2^64 - 1
 * cannot have been sent and are refused as invalid.
 *
 * This file and replay.c also build in userspace for the host test
 * (selftests/host/replay_test.c), with the small shim below.
 */
#ifndef _ST_REPLAY_H
#define _ST_REPLAY_H

#ifdef __KERNEL__
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>
#else
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef uint32_t u32;
typedef uint64_t u64;
#define BITS_PER_LONG	(__SIZEOF_LONG__ * 8)
#endif

/**
 * struct st_replay - the anti-replay state of an inbound SA
 * @top: highest sequence number accepted, the full 64 bits with ESN;
 *	0 until the first packet
 * @size: the configured window in packets, 0 for no replay protection
 * @mask: the number of words in @bitmap minus one (a power of two minus
 *	one), to index the ring of words
 * @esn: extended sequence numbers: only the low 32 bits are on the wire
 * @bitmap: one bit per sequence number, a ring of words: the bit of seq is
 *	bit (seq % BITS_PER_LONG) of word (seq / BITS_PER_LONG) & @mask.
 *	Only the bits of the window are meaningful.
 *
 * Allocate st_replay_size(window) bytes (one kzalloc), then call
 * st_replay_init(). Callers serialise st_replay_check() and
 * st_replay_advance() with their own lock.
 */
struct st_replay {
	u64		top;
	u32		size;
	u32		mask;
	bool		esn;
	unsigned long	bitmap[];
};

size_t st_replay_size(u32 window);
void st_replay_init(struct st_replay *r, u32 window, bool esn);
int st_replay_check(const struct st_replay *r, u32 wire_seq, u64 *seq);
int st_replay_advance(struct st_replay *r, u64 seq);

#endif /* _ST_REPLAY_H */
