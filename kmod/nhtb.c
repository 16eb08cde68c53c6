// SPDX-License-Identifier: GPL-2.0
/*
 * stvpn: tunnel bindings and the next-hop tunnel binding (NHTB) table.
 *
 * A binding ties an st device, and on a multipoint device a next hop, to
 * the outbound SA packets are sent with and the inbound SAs accepted from
 * that peer. Multipoint devices keep their bindings in a resizable hash
 * table keyed by next hop (lookup in O(1) under RCU, no lock on the fast
 * path); a point-to-point device has one binding behind an RCU pointer.
 *
 * Every binding change happens under st_net::cfg_lock. A binding holds a
 * reference on each SA it points to, and an SA points back at the one
 * binding it serves (st_sa::bind), so deleting either side unhooks the
 * other.
 */
#include <linux/rhashtable.h>
#include <linux/rtnetlink.h>

#include "st.h"

static const struct rhashtable_params nhtb_params = {
	.key_len		= sizeof(struct st_nh_key),
	.key_offset		= offsetof(struct st_bind, key),
	.head_offset		= offsetof(struct st_bind, node),
	.automatic_shrinking	= true,
};

static struct st_net *bind_net(const struct st_bind *b)
{
	return st_net(dev_net(b->sd->dev));
}

int st_nhtb_init_dev(struct st_dev *sd)
{
	if (sd->mode != STVPN_MODE_MULTIPOINT)
		return 0;
	return rhashtable_init(&sd->nhtb, &nhtb_params);
}

struct st_bind *st_nhtb_lookup_rcu(struct st_dev *sd,
				   const struct st_nh_key *key)
{
	if (sd->mode == STVPN_MODE_P2P)
		return rcu_dereference(sd->p2p);
	return rhashtable_lookup(&sd->nhtb, key, nhtb_params);
}

struct st_bind *st_nhtb_find(struct st_dev *sd, const struct st_nh_key *key)
{
	lockdep_assert_held(&st_net(dev_net(sd->dev))->cfg_lock);

	if (sd->mode == STVPN_MODE_P2P)
		return rcu_dereference_protected(sd->p2p, true);
	return rhashtable_lookup_fast(&sd->nhtb, key, nhtb_params);
}

/* Replaces the SA in *slot by SA (which may be NULL), moving references. */
static void swap_sa(struct st_bind *b, struct st_sa __rcu **slot,
		    struct st_sa *sa)
{
	struct st_net *stn = bind_net(b);
	struct st_sa *old;

	old = rcu_dereference_protected(*slot, lockdep_is_held(&stn->cfg_lock));
	if (old == sa)
		return;
	if (sa) {
		refcount_inc(&sa->refcnt);
		rcu_assign_pointer(sa->bind, b);
		if (sa->dir == STVPN_DIR_IN)
			rcu_assign_pointer(sa->dev, b->sd->dev);
	}
	rcu_assign_pointer(*slot, sa);
	if (old) {
		RCU_INIT_POINTER(old->bind, NULL);
		RCU_INIT_POINTER(old->dev, NULL);
		st_sa_put(old);
	}
}

/*
 * Points the binding at a new set of SAs in one step, as seen by each
 * packet: the inbound SAs are replaced first, so that during a rekey both
 * generations are accepted before the outbound SA switches.
 */
void st_bind_set_sas(struct st_bind *b, struct st_sa *out,
		     struct st_sa *const in[STVPN_BIND_MAX_IN_SA])
{
	struct st_sa *keep[STVPN_BIND_MAX_IN_SA] = { };
	unsigned int i, j;

	/* An inbound SA that stays, possibly in another slot, keeps its ref. */
	for (i = 0; i < STVPN_BIND_MAX_IN_SA; i++) {
		struct st_sa *cur = rcu_dereference_protected(b->in[i], true);

		for (j = 0; j < STVPN_BIND_MAX_IN_SA; j++)
			if (cur && in[j] == cur)
				keep[i] = cur;
	}
	for (i = 0; i < STVPN_BIND_MAX_IN_SA; i++) {
		struct st_sa *cur = rcu_dereference_protected(b->in[i], true);

		if (cur && cur != keep[i])
			swap_sa(b, &b->in[i], NULL);
	}
	for (i = 0; i < STVPN_BIND_MAX_IN_SA; i++) {
		struct st_sa *cur = rcu_dereference_protected(b->in[i], true);

		if (!cur && in[i]) {
			/* Slot free, new SA not yet present anywhere? */
			for (j = 0; j < STVPN_BIND_MAX_IN_SA; j++)
				if (rcu_dereference_protected(b->in[j], true) == in[i])
					break;
			if (j == STVPN_BIND_MAX_IN_SA)
				swap_sa(b, &b->in[i], in[i]);
		}
	}
	/* A new SA whose slot is taken by a kept one: any free slot. */
	for (i = 0; i < STVPN_BIND_MAX_IN_SA; i++) {
		if (!in[i])
			continue;
		for (j = 0; j < STVPN_BIND_MAX_IN_SA; j++)
			if (rcu_dereference_protected(b->in[j], true) == in[i])
				break;
		if (j < STVPN_BIND_MAX_IN_SA)
			continue;
		for (j = 0; j < STVPN_BIND_MAX_IN_SA; j++)
			if (!rcu_dereference_protected(b->in[j], true)) {
				swap_sa(b, &b->in[j], in[i]);
				break;
			}
	}
	swap_sa(b, &b->out, out);
	st_device_update_carrier(b->sd);
}

/* The SA goes away: whichever binding uses it forgets it. */
void st_bind_release_sa(struct st_sa *sa)
{
	struct st_bind *b = rcu_dereference_protected(sa->bind, true);
	unsigned int i;

	if (!b)
		return;
	if (rcu_access_pointer(b->out) == sa)
		swap_sa(b, &b->out, NULL);
	for (i = 0; i < STVPN_BIND_MAX_IN_SA; i++)
		if (rcu_access_pointer(b->in[i]) == sa)
			swap_sa(b, &b->in[i], NULL);
	st_device_update_carrier(b->sd);
}

int st_nhtb_insert(struct st_dev *sd, struct st_bind *b,
		   struct netlink_ext_ack *extack)
{
	int err;

	lockdep_assert_held(&st_net(dev_net(sd->dev))->cfg_lock);

	b->sd = sd;
	if (sd->mode == STVPN_MODE_P2P) {
		if (rcu_access_pointer(sd->p2p)) {
			NL_SET_ERR_MSG_MOD(extack, "a point-to-point device has one binding; it exists");
			return -EEXIST;
		}
		rcu_assign_pointer(sd->p2p, b);
	} else {
		err = rhashtable_lookup_insert_fast(&sd->nhtb, &b->node, nhtb_params);
		if (err == -EEXIST) {
			NL_SET_ERR_MSG_MOD(extack, "a binding for this next hop exists");
			return err;
		}
		if (err) {
			NL_SET_ERR_MSG_MOD(extack, "cannot grow the next-hop table");
			return err;
		}
	}
	sd->nbind++;
	bind_net(b)->bind_gen++;
	return 0;
}

static void bind_free_rcu(struct rcu_head *head)
{
	kfree(container_of(head, struct st_bind, rcu));
}

void st_nhtb_remove(struct st_dev *sd, struct st_bind *b)
{
	static struct st_sa *const none[STVPN_BIND_MAX_IN_SA];

	lockdep_assert_held(&st_net(dev_net(sd->dev))->cfg_lock);

	if (sd->mode == STVPN_MODE_P2P)
		RCU_INIT_POINTER(sd->p2p, NULL);
	else
		rhashtable_remove_fast(&sd->nhtb, &b->node, nhtb_params);
	st_bind_set_sas(b, NULL, none);
	sd->nbind--;
	bind_net(b)->bind_gen++;
	/* Packets in flight may still hold the binding: free after RCU. */
	call_rcu(&b->rcu, bind_free_rcu);
}

/* The device goes away: every binding goes with it. */
void st_nhtb_flush(struct st_dev *sd)
{
	struct rhashtable_iter iter;
	struct st_bind *b;

	lockdep_assert_held(&st_net(dev_net(sd->dev))->cfg_lock);

	if (sd->mode == STVPN_MODE_P2P) {
		b = rcu_dereference_protected(sd->p2p, true);
		if (b)
			st_nhtb_remove(sd, b);
		return;
	}
	/* Removing the element just returned is allowed during a walk. */
	rhashtable_walk_enter(&sd->nhtb, &iter);
	rhashtable_walk_start(&iter);
	while ((b = rhashtable_walk_next(&iter))) {
		if (IS_ERR(b)) {
			if (PTR_ERR(b) == -EAGAIN)
				continue;
			break;
		}
		st_nhtb_remove(sd, b);
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
}

void st_nhtb_uninit_dev(struct st_dev *sd)
{
	if (sd->mode == STVPN_MODE_MULTIPOINT)
		rhashtable_destroy(&sd->nhtb);
}
