// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Host test of the anti-replay window, kmod/replay.c built in userspace.
 *
 * Every st_replay_check() and st_replay_advance() is compared with a
 * deliberately simple model: the set of every sequence number ever
 * accepted, the highest of them, and the rule "in the window iff
 * seq > top - size". The model sees full 64-bit numbers; with ESN the
 * implementation sees only their low 32 bits, and the model infers the
 * high bits by trying the three candidate subspaces around the top.
 *
 * The packets of the randomized runs come from a simulated sender: in
 * order, lost, delayed (delivered late, inside or beyond the window),
 * duplicated and replayed. A packet counts as authentic (its ICV would
 * verify) only when the inferred 64-bit number is the one it was sent
 * with; only then is it advanced, sometimes after other packets were
 * advanced in between, as concurrent receivers do.
 *
 *   replay_test [SEED]
 *
 * Output is TAP; the exit status is 1 if any test failed.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/stvpn.h>	/* STVPN_REPLAY_WINDOW_MAX */

#include "replay.h"

#define SUBSPACE	((__int128)1 << 32)
#define NO_WINDOW_INFER	(1U << 31)	/* ESN inference window when size 0 */
#define RUN_PACKETS	250000

static int tests, failed;
static uint64_t rng_state;

static void ok(bool pass, const char *fmt, ...)
{
	va_list ap;

	tests++;
	if (!pass)
		failed++;
	printf("%s %d - ", pass ? "ok" : "not ok", tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* splitmix64 */
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t rnd_below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

/* --- the model ------------------------------------------------------- */

struct model {
	uint64_t top;
	uint32_t size;
	bool esn;
	uint64_t *set;		/* open addressing; 0 is never accepted */
	size_t cap, n;
};

static size_t slot(const struct model *m, uint64_t seq)
{
	size_t i = (size_t)((seq * 0x9e3779b97f4a7c15ULL) >> 20) & (m->cap - 1);

	while (m->set[i] && m->set[i] != seq)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static bool model_has(const struct model *m, uint64_t seq)
{
	return m->set[slot(m, seq)] == seq;
}

static void model_add(struct model *m, uint64_t seq)
{
	uint64_t *old = m->set;
	size_t i, cap = m->cap;

	if (2 * (m->n + 1) > m->cap) {
		m->cap = cap ? 2 * cap : 1024;
		m->set = calloc(m->cap, sizeof(*m->set));
		if (!m->set)
			abort();
		for (i = 0; i < cap; i++)
			if (old[i])
				m->set[slot(m, old[i])] = old[i];
		free(old);
	}
	i = slot(m, seq);
	if (!m->set[i]) {
		m->set[i] = seq;
		m->n++;
	}
}

static void model_init(struct model *m, uint32_t size, bool esn)
{
	free(m->set);
	memset(m, 0, sizeof(*m));
	m->size = size;
	m->esn = esn;
}

/*
 * ESN: the candidate with the low bits wire in the subspace below, at or
 * above that of top which lies in [top - w + 1, top - w + 2^32].
 */
static int model_infer(const struct model *m, uint32_t wire, uint64_t *seq)
{
	__int128 w = m->size ? m->size : NO_WINDOW_INFER;
	__int128 bottom = (__int128)m->top - w + 1, c;
	int k;

	if (!m->esn) {
		if (!wire)
			return -EINVAL;
		*seq = wire;
		return 0;
	}
	for (k = -1; k <= 1; k++) {
		c = ((__int128)(m->top >> 32) + k) * SUBSPACE + wire;
		if (c >= bottom && c < bottom + SUBSPACE) {
			if (c < 1 || c > (__int128)UINT64_MAX)
				return -EINVAL;
			*seq = (uint64_t)c;
			return 0;
		}
	}
	abort();
}

static bool model_refuses(const struct model *m, uint64_t seq)
{
	if (seq > m->top || !m->size)
		return false;
	if (m->top >= m->size && seq <= m->top - m->size)
		return true;	/* too old */
	return model_has(m, seq);
}

static int model_check(const struct model *m, uint32_t wire, uint64_t *seq)
{
	int err = model_infer(m, wire, seq);

	if (err)
		return err;
	return model_refuses(m, *seq) ? -EEXIST : 0;
}

static int model_advance(struct model *m, uint64_t seq)
{
	if (!seq)
		return -EINVAL;
	if (model_refuses(m, seq))
		return -EEXIST;
	model_add(m, seq);
	if (seq > m->top)
		m->top = seq;
	return 0;
}

/* --- implementation and model side by side -------------------------- */

struct pair {
	struct st_replay *r;
	struct model m;
	unsigned long mismatches;
	char first[200];	/* the first mismatch */
};

static void pair_init(struct pair *p, uint32_t size, bool esn)
{
	size_t bytes = st_replay_size(size);

	free(p->r);
	/* exactly the size asked for, so that ASan sees any overrun */
	p->r = malloc(bytes);
	if (!p->r)
		abort();
	memset(p->r, 0xa5, bytes);	/* init must not rely on zeroed memory */
	st_replay_init(p->r, size, esn);
	model_init(&p->m, size, esn);
	p->mismatches = 0;
	p->first[0] = 0;
}

static void mismatch(struct pair *p, const char *fmt, ...)
{
	va_list ap;

	if (!p->mismatches++) {
		va_start(ap, fmt);
		vsnprintf(p->first, sizeof(p->first), fmt, ap);
		va_end(ap);
	}
}

static const char *err_name(int err)
{
	return err == 0 ? "0" : err == -EINVAL ? "-EINVAL" :
	       err == -EEXIST ? "-EEXIST" : "?";
}

/* Both check; returns the model's answer (and seq) after comparing. */
static int check(struct pair *p, uint32_t wire, uint64_t *seq)
{
	uint64_t s1 = 0, s2 = 0;
	int e1, e2;

	e1 = st_replay_check(p->r, wire, &s1);
	e2 = model_check(&p->m, wire, &s2);
	if (e1 != e2 || (!e1 && s1 != s2))
		mismatch(p, "check(%#" PRIx32 ") top %#" PRIx64 ": got %s %#" PRIx64
			 ", model %s %#" PRIx64, wire, p->m.top, err_name(e1), s1,
			 err_name(e2), s2);
	if (p->r->top != p->m.top)
		mismatch(p, "check changed top");
	*seq = s2;
	return e2;
}

static int advance(struct pair *p, uint64_t seq)
{
	int e1, e2;

	e1 = st_replay_advance(p->r, seq);
	e2 = model_advance(&p->m, seq);
	if (e1 != e2)
		mismatch(p, "advance(%#" PRIx64 "): got %s, model %s", seq,
			 err_name(e1), err_name(e2));
	if (p->r->top != p->m.top)
		mismatch(p, "advance(%#" PRIx64 "): top %#" PRIx64 ", model %#" PRIx64,
			 seq, p->r->top, p->m.top);
	return e2;
}

/* Receives the packet sent with seq: check, and advance if authentic. */
static int receive(struct pair *p, uint64_t seq)
{
	uint64_t s;
	int err = check(p, (uint32_t)seq, &s);

	if (err)
		return err;
	if (s != seq)
		return -EBADMSG;	/* wrong high bits: the ICV fails */
	return advance(p, seq);
}

/*
 * A fresh window that then accepted seq, reached from 1 in steps of 2^30
 * (which the ESN inference follows), so that only seq is in the window.
 */
static void fresh_at(struct pair *p, uint32_t size, bool esn, uint64_t seq)
{
	const uint64_t step = 1ULL << 30;
	uint64_t t;

	pair_init(p, size, esn);
	for (t = seq - (seq - 1) / step * step; t <= seq; t += step)
		if (receive(p, t))
			mismatch(p, "step to %#" PRIx64 " refused", t);
}

static char cfg[64];

static const char *name(const char *what)
{
	static char buf[200];

	snprintf(buf, sizeof(buf), "%s: %s", cfg, what);
	return buf;
}

/* Prints the first mismatch with the model; whether there was none. */
static bool no_mismatch(struct pair *p)
{
	if (p->mismatches)
		printf("# %lu mismatches with the model, first: %s\n",
		       p->mismatches, p->first);
	return !p->mismatches;
}

static void report(struct pair *p, bool pass, const char *what)
{
	pass &= no_mismatch(p);
	ok(pass, "%s", name(what));
}

/* --- deterministic edge cases ----------------------------------------- */

/* Checks wire against the expected answer, and against the model. */
static void expect(struct pair *p, uint32_t wire, int want, uint64_t want_seq,
		   bool *pass)
{
	uint64_t s = 0;
	int err = check(p, wire, &s);

	if (err != want || (!err && s != want_seq)) {
		printf("# check(%#" PRIx32 ") top %#" PRIx64 ": %s %#" PRIx64
		       ", expected %s %#" PRIx64 "\n", wire, p->m.top,
		       err_name(err), s, err_name(want), want_seq);
		*pass = false;
	}
}

/*
 * Accepts every number of the window below base, jumps to base + jump,
 * then checks every number from a bit below the new window to a bit
 * above it.
 */
static bool fill_and_jump(struct pair *p, uint32_t size, bool esn,
			  uint64_t base, uint64_t jump)
{
	uint64_t s, top = base + jump;
	bool pass = true;

	fresh_at(p, size, esn, base);
	for (s = base - size + 1; s < base; s++)
		receive(p, s);
	if (receive(p, top))
		pass = false;
	for (s = top - size - 3; s <= top + 2; s++) {
		if (!size || s > top)
			expect(p, (uint32_t)s, 0, s, &pass);
		else if (s + size <= top && esn)	/* below the window: */
			expect(p, (uint32_t)s, 0, s + SUBSPACE, &pass); /* next subspace */
		else if (s + size <= top)
			expect(p, (uint32_t)s, -EEXIST, s, &pass);
		else if (s <= base || s == top)
			expect(p, (uint32_t)s, -EEXIST, s, &pass);
		else
			expect(p, (uint32_t)s, 0, s, &pass);
	}
	if (!pass)
		printf("# after a full window at %#" PRIx64 ", jump by %" PRIu64 "\n",
		       base, jump);
	return no_mismatch(p) && pass;
}

static void edge_cases(struct pair *p, uint32_t size, bool esn)
{
	uint64_t base = esn ? 0x500000000ULL + 100000 : 100000, t, w;
	uint64_t ring, jumps[8];
	unsigned int i, k;
	bool pass;

	snprintf(cfg, sizeof(cfg), "window %u %s", size, esn ? "ESN" : "32-bit");

	pair_init(p, size, esn);
	pass = true;
	expect(p, 1, 0, 1, &pass);
	pass &= advance(p, 1) == 0 && p->r->top == 1;
	expect(p, 2, 0, 2, &pass);
	expect(p, 1, size ? -EEXIST : 0, 1, &pass);
	report(p, pass, "first packet accepted, top 1");

	pair_init(p, size, esn);
	pass = true;
	expect(p, 0, -EINVAL, 0, &pass);
	pass &= advance(p, 0) == -EINVAL;
	fresh_at(p, size, esn, base);
	if (!esn)
		expect(p, 0, -EINVAL, 0, &pass);
	else if (size)	/* the next subspace's first number */
		expect(p, 0, 0, (base | 0xffffffffULL) + 1, &pass);
	else		/* the nearest one */
		expect(p, 0, 0, base & ~0xffffffffULL, &pass);
	report(p, pass, esn ? "64-bit seq 0 refused, wire 0 valid later"
			    : "seq 0 refused");

	fresh_at(p, size, esn, base);
	pass = true;
	if (size >= 2) {
		expect(p, (uint32_t)(base - size + 1), 0, base - size + 1, &pass);
		pass &= advance(p, base - size + 1) == 0;
		report(p, pass, "top - size + 1 is in the window");
	} else if (size == 1) {
		expect(p, (uint32_t)base, -EEXIST, base, &pass);
		report(p, pass, "top - size + 1 is top itself, seen");
	}
	if (size) {
		/* with ESN, the number is taken for the next subspace and
		 * its ICV fails; the real one is refused when advanced
		 */
		pass = true;
		t = esn ? SUBSPACE : 0;
		expect(p, (uint32_t)(base - size), esn ? 0 : -EEXIST,
		       base - size + t, &pass);
		pass &= advance(p, base - size) == -EEXIST;
		expect(p, (uint32_t)(base - size - 1), esn ? 0 : -EEXIST,
		       base - size - 1 + t, &pass);
		pass &= advance(p, base - size - 1) == -EEXIST;
		report(p, pass, "top - size is too old");
	} else {
		pass = true;
		expect(p, (uint32_t)(base - 99999), 0, base - 99999, &pass);
		pass &= advance(p, base - 99999) == 0;
		expect(p, (uint32_t)(base - 99999), 0, base - 99999, &pass);
		report(p, pass, "no window: old numbers accepted, again and again");
	}

	fresh_at(p, size, esn, base);
	pass = true;
	expect(p, (uint32_t)base, size ? -EEXIST : 0, base, &pass);
	pass &= advance(p, base) == (size ? -EEXIST : 0);
	if (size >= 2) {
		pass &= receive(p, base - 1) == 0;
		expect(p, (uint32_t)(base - 1), -EEXIST, base - 1, &pass);
		pass &= advance(p, base - 1) == -EEXIST;
	}
	report(p, pass, size ? "duplicates refused" : "no window: duplicates accepted");

	fresh_at(p, size, esn, base);
	pass = true;
	expect(p, (uint32_t)(base + 1), 0, base + 1, &pass);
	expect(p, (uint32_t)(base + 1), 0, base + 1, &pass);
	pass &= advance(p, base + 1) == 0;
	pass &= advance(p, base + 1) == (size ? -EEXIST : 0);
	if (size >= 3) {
		/* checked while in the window, then pushed out of it */
		t = base + 2 - size;
		expect(p, (uint32_t)t, 0, t, &pass);
		pass &= advance(p, base + 5) == 0;
		pass &= advance(p, t) == -EEXIST;
	}
	report(p, pass, "advance checks again");

	report(p, fill_and_jump(p, size, esn, base, 1), "full window, jump by 1");
	if (size > 2)
		report(p, fill_and_jump(p, size, esn, base, size - 1),
		       "full window, jump by size - 1");
	if (size > 1)
		report(p, fill_and_jump(p, size, esn, base, size),
		       "full window, jump by size");
	report(p, fill_and_jump(p, size, esn, base, size + 1),
	       "full window, jump by size + 1");
	report(p, fill_and_jump(p, size, esn, base, 3 * (uint64_t)size + 12345),
	       "full window, a big jump clears it");

	/* jumps around a word and around the whole ring, from several offsets */
	pair_init(p, size, esn);
	ring = (uint64_t)(p->r->mask + 1) * BITS_PER_LONG;
	jumps[0] = BITS_PER_LONG - 1;
	jumps[1] = BITS_PER_LONG;
	jumps[2] = BITS_PER_LONG + 1;
	jumps[3] = ring - BITS_PER_LONG;
	jumps[4] = ring - 1;
	jumps[5] = ring;
	jumps[6] = ring + 1;
	jumps[7] = ring + BITS_PER_LONG;
	pass = true;
	for (i = 0; i < 8; i++)
		for (k = 0; k < 4 && jumps[i]; k++)
			pass &= fill_and_jump(p, size, esn, base + k * 21, jumps[i]);
	ok(pass, "%s", name("full window, jumps around a word and the ring"));

	if (!esn)
		return;

	/* ESN across the end of a subspace: cases A and B of RFC 4303 A2.2 */
	base = 0x2fffffff0ULL;
	fresh_at(p, size, esn, base);
	pass = true;
	expect(p, 5, 0, base + 0x15, &pass);
	pass &= advance(p, base + 0x15) == 0;
	if (size == 0 || size > 0x15 - 3) {
		/* late from the previous subspace, in the window */
		expect(p, (uint32_t)(base + 3), 0, base + 3, &pass);
		pass &= advance(p, base + 3) == 0;
		expect(p, (uint32_t)(base + 3), size ? -EEXIST : 0, base + 3, &pass);
	} else {
		/* beyond the window: taken for the next subspace */
		expect(p, (uint32_t)(base + 3), 0, base + 3 + SUBSPACE, &pass);
	}
	if (size == 0)
		expect(p, (uint32_t)base, 0, base, &pass);
	else if (size > 0x15)
		expect(p, (uint32_t)base, -EEXIST, base, &pass);
	else
		expect(p, (uint32_t)base, 0, base + SUBSPACE, &pass);
	if (size && size <= 5)
		expect(p, 0, 0, base + 0x10 + SUBSPACE, &pass);
	else
		expect(p, 0, 0, base + 0x10, &pass);
	report(p, pass, "wraparound of the low 32 bits");

	/* ESN: the longest forward jump the inference follows */
	w = size ? size : NO_WINDOW_INFER;
	base = 0x300000005ULL;
	fresh_at(p, size, esn, base);
	pass = true;
	expect(p, (uint32_t)(base + SUBSPACE - w), 0, base + SUBSPACE - w, &pass);
	/* one more is the bottom of the window (its ICV would fail) */
	check(p, (uint32_t)(base + SUBSPACE - w + 1), &t);
	if (t != base - w + 1) {
		printf("# one past the longest jump gave %#" PRIx64 "\n", t);
		pass = false;
	}
	report(p, pass, "forward jump of 2^32 - size, not one more");

	/* ESN: nothing below 1 early in the SA */
	pair_init(p, size, esn);
	pass = true;
	if (size == 1)
		expect(p, 0xffffffff, 0, 0xffffffff, &pass);
	else
		expect(p, 0xffffffff, -EINVAL, 0, &pass);
	if (size >= 3) {
		pass &= receive(p, size - 2) == 0;
		expect(p, 0xffffffff, -EINVAL, 0, &pass);
		pass &= receive(p, size - 1) == 0;
		expect(p, 0xffffffff, 0, 0xffffffff, &pass);
		expect(p, 0, -EINVAL, 0, &pass);
	}
	report(p, pass, "early in the SA, numbers below 1 are invalid");

	/* ESN: the end of the 64-bit space (top set directly) */
	pair_init(p, size, esn);
	p->r->top = p->m.top = UINT64_MAX - 3;
	pass = true;
	expect(p, (uint32_t)(UINT64_MAX - 2), 0, UINT64_MAX - 2, &pass);
	expect(p, (uint32_t)UINT64_MAX, 0, UINT64_MAX, &pass);
	expect(p, 0, -EINVAL, 0, &pass);
	expect(p, 7, -EINVAL, 0, &pass);
	pass &= advance(p, UINT64_MAX) == 0;
	expect(p, (uint32_t)UINT64_MAX, size ? -EEXIST : 0, UINT64_MAX, &pass);
	expect(p, (uint32_t)(UINT64_MAX - 1), size == 1 ? -EINVAL : 0,
	       UINT64_MAX - 1, &pass);
	expect(p, 0, -EINVAL, 0, &pass);
	report(p, pass, "end of the 64-bit sequence space");
}

/* --- randomized runs ------------------------------------------------- */

#define POOL	600	/* delayed packets in flight */
#define HISTORY	16384	/* recently sent numbers, for duplicates */
#define PENDING	6	/* checked, not yet advanced */

struct run {
	struct pair *p;
	uint64_t pool[POOL], history[HISTORY], pending[PENDING];
	unsigned int npool, nhist, npending;
	unsigned long delivered, accepted, late, late_prev, refused, invalid,
		      bad_icv, stale;
};

static void sent(struct run *run, uint64_t t)
{
	run->history[run->nhist++ % HISTORY] = t;
}

/* Advances seq, checked before; counts how it went. */
static void finish(struct run *run, uint64_t seq)
{
	struct pair *p = run->p;
	bool late = seq < p->m.top;
	bool prev = seq >> 32 < p->m.top >> 32;

	if (advance(p, seq)) {
		run->stale++;
	} else {
		run->accepted++;
		run->late += late;
		run->late_prev += prev;
	}
}

/* A packet arrives; forged ones never pass the ICV. */
static void deliver(struct run *run, uint64_t t, bool forged)
{
	unsigned int k;
	uint64_t s;
	int err;

	run->delivered++;
	err = check(run->p, (uint32_t)t, &s);
	if (err == -EEXIST)
		run->refused++;
	else if (err)
		run->invalid++;
	else if (s != t || forged)
		run->bad_icv++;
	else if (run->npending < PENDING && rnd_below(8) == 0)
		run->pending[run->npending++] = s;	/* finished later */
	else
		finish(run, s);
	/* other receivers finish, in any order */
	while (run->npending &&
	       (run->npending == PENDING || rnd_below(4) == 0)) {
		k = (unsigned int)rnd_below(run->npending);
		finish(run, run->pending[k]);
		run->pending[k] = run->pending[--run->npending];
	}
}

/*
 * The sender reaches the end of a subspace after a silence: it sends the
 * 2m numbers around the boundary, shuffled within the window.
 */
static uint64_t cross(struct run *run, uint64_t next, uint64_t w,
		      uint64_t reach)
{
	uint64_t order[128], top = run->p->m.top, boundary, m, i, j, t;

	boundary = ((top >> 32) + 1) * SUBSPACE;
	m = 1 + rnd_below(w / 2 < 64 ? w / 2 + 1 : 64);
	if (boundary - m < next || boundary + m - 1 - top > reach)
		return next;	/* the inference would lose track */
	for (i = 0; i < 2 * m; i++) {
		order[i] = boundary - m + i;
		sent(run, order[i]);
	}
	for (i = 0; i + 1 < 2 * m; i++) {
		j = i + rnd_below(2 * m - i);
		t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	for (i = 0; i < 2 * m; i++)
		deliver(run, order[i], false);
	return boundary + m;
}

static void random_run(struct pair *p, uint32_t size, bool esn, uint64_t start,
		       const char *what)
{
	static struct run run;
	/* how far back and forth the traffic reaches */
	uint64_t w = size ? size : 1000;
	/* the longest forward jump the ESN inference follows */
	uint64_t reach = SUBSPACE - (size ? size : NO_WINDOW_INFER);
	uint64_t last = esn ? UINT64_MAX : UINT32_MAX;
	uint64_t next, t, s, gaps[8];
	unsigned int k;
	bool forged;
	int a;

	snprintf(cfg, sizeof(cfg), "window %u %s", size, esn ? "ESN" : "32-bit");
	memset(&run, 0, sizeof(run));
	run.p = p;
	fresh_at(p, size, esn, start);
	sent(&run, start);
	next = start + 1;
	gaps[0] = w - 1;
	gaps[1] = w;
	gaps[2] = w + 1;
	gaps[3] = BITS_PER_LONG;
	gaps[4] = (uint64_t)(p->r->mask + 1) * BITS_PER_LONG;
	gaps[5] = 1 + rnd_below(2 * w);
	gaps[6] = 1 + rnd_below(70000);
	gaps[7] = 1 + rnd_below(16);

	while (run.delivered < RUN_PACKETS) {
		forged = false;
		a = (int)rnd_below(1000);
		if (next > last && a < 700)
			a = 700 + (int)rnd_below(300);	/* nothing new to send */
		if (a >= 520 && a < 640 && run.npool == POOL)
			a = 700;			/* deliver a late one */
		if (esn && rnd_below(1000) == 0) {
			/* silence up to near the end of the subspace, or as
			 * long as the inference can follow
			 */
			if (rnd_below(4)) {
				next = cross(&run, next, w, reach);
				continue;
			}
			t = p->m.top + reach - rnd_below(3);
			if (t < next)
				continue;
			sent(&run, t);
			next = t + 1;
		} else if (a < 520) {			/* in order */
			sent(&run, next);
			t = next++;
		} else if (a < 640) {			/* delayed */
			run.pool[run.npool++] = next;
			sent(&run, next++);
			continue;
		} else if (a < 700) {			/* some lost */
			next += gaps[rnd_below(8)];
			if (next > last)
				continue;
			sent(&run, next);
			t = next++;
		} else if (a < 850) {			/* a late one */
			if (!run.npool)
				continue;
			k = (unsigned int)rnd_below(run.npool);
			t = run.pool[k];
			run.pool[k] = run.pool[--run.npool];
		} else if (a < 960) {			/* a duplicate */
			k = run.nhist < HISTORY ? run.nhist : HISTORY;
			if (rnd() & 1 && k > 64)
				k = 64;			/* a recent one */
			t = run.history[(run.nhist - 1 - rnd_below(k)) % HISTORY];
		} else if (a < 980) {			/* an old one */
			s = rnd_below(4 * w + 100);
			if (s >= p->m.top)
				continue;
			t = p->m.top - s;
		} else {				/* a forgery */
			t = rnd() & 0xffffffff;
			forged = true;
		}
		deliver(&run, t, forged);
	}
	while (run.npending)
		finish(&run, run.pending[--run.npending]);
	printf("# %s, %s: %lu packets: %lu accepted (%lu late, %lu from the "
	       "previous subspace), %lu refused, %lu invalid, %lu bad ICV, "
	       "%lu refused at advance; top %#" PRIx64 "\n", cfg, what,
	       run.delivered, run.accepted, run.late, run.late_prev, run.refused,
	       run.invalid, run.bad_icv, run.stale, p->m.top);
	report(p, run.accepted > 100 && (!size || run.refused > 100) &&
	       (!esn || size < 2 || run.late_prev > 0), what);
}

int main(int argc, char **argv)
{
	static const uint32_t sizes[] = { 0, 1, 32, 64, 65, 1000, 1024, 4096 };
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 0x5eed;
	struct pair p = { 0 };
	size_t words, need;
	unsigned int i, e;
	bool pass;

	rng_state = seed;
	printf("TAP version 13\n# seed %#" PRIx64 ", %d-bit words\n", seed,
	       (int)BITS_PER_LONG);

	pass = st_replay_size(0) == sizeof(struct st_replay);
	for (i = 1; i <= STVPN_REPLAY_WINDOW_MAX; i++) {
		words = (st_replay_size(i) - sizeof(struct st_replay)) /
			sizeof(unsigned long);
		/* the words that i consecutive numbers can touch */
		need = 1 + (i - 1 + BITS_PER_LONG - 1) / BITS_PER_LONG;
		if (words & (words - 1) || words < need || words >= 2 * need)
			pass = false;
	}
	ok(pass, "st_replay_size: bare struct for 0, else a ring of 2^n words");

	for (e = 0; e < 2; e++)
		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
			edge_cases(&p, sizes[i], e);

	for (e = 0; e < 2; e++) {
		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			random_run(&p, sizes[i], e, 1, "random traffic from 1");
			if (e)
				random_run(&p, sizes[i], e, 0xfffffff0ULL - 3000,
					   "random traffic across 2^32");
			else
				random_run(&p, sizes[i], e, 0xfff00000ULL,
					   "random traffic up to 2^32 - 1");
		}
	}

	free(p.r);
	free(p.m.set);
	printf("1..%d\n", tests);
	return failed ? 1 : 0;
}
