/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stvpnd's genetlink: the module behind one small interface (SAs,
 * bindings, device settings, counters), so the rest of the daemon never
 * builds a netlink message.
 *
 * Each call returns 0 or a negative errno with the kernel's message in
 * g->errmsg.
 */
#ifndef STVPN_KERN_H
#define STVPN_KERN_H

#include <stdint.h>

#include "genl.h"
#include "parse.h"

struct kern_sa {
	uint32_t		id;
	uint8_t			dir;		/* enum stvpn_dir */
	uint8_t			proto;
	uint32_t		spi;
	struct st_addr		src, dst;
	uint8_t			enc, auth;
	const uint8_t		*enc_key, *auth_key;
	size_t			enc_key_len, auth_key_len;
	uint32_t		replay_window;
	uint32_t		flags;		/* STVPN_SA_F_* */
	uint8_t			df;
};

struct kern_bind {
	const char		*dev;
	const struct st_addr	*nexthop;	/* NULL on point-to-point */
	uint32_t		tunnel_id;
	const char		*name;
	uint32_t		flags;
	uint32_t		out_sa, in_sa;	/* 0: none */
};

/* What a dump reports of an SA (never its keys). */
struct kern_sa_info {
	uint32_t		id;
	uint8_t			dir, proto, enc, auth, df, state;
	uint32_t		spi, replay_window, flags, ifindex;
	struct st_addr		src, dst;
	uint16_t		sport, dport;
	uint64_t		soft[STVPN_A_LT_MAX + 1], hard[STVPN_A_LT_MAX + 1];
	uint64_t		stats[STVPN_SA_STAT_MAX + 1];
};

struct kern_bind_info {
	uint32_t		ifindex;
	struct st_addr		nexthop;	/* family 0 on point-to-point */
	uint32_t		tunnel_id;
	char			name[128];
	uint32_t		flags;
	uint32_t		out_sa;
};

int kern_sa_add(struct stvpn_genl *g, const struct kern_sa *sa);
int kern_sa_del(struct stvpn_genl *g, uint32_t id);
int kern_bind_add(struct stvpn_genl *g, const struct kern_bind *b);
int kern_bind_del(struct stvpn_genl *g, const char *dev,
		  const struct st_addr *nexthop);
/* The device's mode (enum stvpn_mode); -ENODEV if DEV is no st device. */
int kern_dev_mode(struct stvpn_genl *g, const char *dev, unsigned int *mode);
/* Its drop counters by reason, enum stvpn_dev_stat. */
int kern_dev_drops(struct stvpn_genl *g, const char *dev,
		   uint64_t drops[STVPN_DEV_STAT_MAX + 1]);
int kern_dev_mss(struct stvpn_genl *g, const char *dev, uint16_t mss);
/* Zeroes the counters of SA ID, or of everything with ID 0. */
int kern_stats_clear(struct stvpn_genl *g, uint32_t id);

int kern_sa_dump(struct stvpn_genl *g,
		 int (*cb)(const struct kern_sa_info *sa, void *arg), void *arg);
int kern_bind_dump(struct stvpn_genl *g,
		   int (*cb)(const struct kern_bind_info *b, void *arg), void *arg);

#endif
