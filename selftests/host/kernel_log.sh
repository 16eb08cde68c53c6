#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tools/vm/kernel-log-check: the filter that fails a test run when the
# kernel complained. Fed real-looking kernel log lines.
#
# shellcheck disable=SC1091
. "$(dirname "$0")/../lib.sh"
host_init
CHECK=$REPO/tools/vm/kernel-log-check

finds() { printf '%s\n' "$1" | "$CHECK" > /dev/null; }

clean_log='[    2.1] stvpn: loading out-of-tree module taints kernel.
[    2.1] stvpn: module verification failed: signature and/or required key missing - tainting kernel
[    2.2] stvpn 0.1 loaded
[    3.0] IPv6: ADDRCONF(NETDEV_CHANGE): st0: link becomes ready'
check_fail "a clean log (with taint notices) passes" finds "$clean_log"

for line in \
	'[   12.3] WARNING: CPU: 1 PID: 311 at net/core/dev.c:10834 unregister_netdevice_many+0x1a/0x30' \
	'[   12.3] BUG: kernel NULL pointer dereference, address: 0000000000000008' \
	'[   12.3] Oops: 0000 [#1] PREEMPT SMP NOPTI' \
	'[   12.3] general protection fault, probably for non-canonical address 0xdead000000000100' \
	'[   12.3] kernel BUG at net/core/skbuff.c:123!' \
	'[   12.3] UBSAN: array-index-out-of-bounds in kmod/nhtb.c:42:5' \
	'[   12.3] refcount_t: underflow; use-after-free.' \
	'[   12.3] list_del corruption. next->prev should be ffff, but was dead' \
	'[   12.3] unregister_netdevice: waiting for st0 to become free. Usage count = 2' \
	'[   12.3] INFO: task ip:123 blocked for more than 120 seconds.' \
	'[   12.3] WARNING: possible circular locking dependency detected'; do
	check "found: ${line:10:48}" finds "$line"
done

host_done
