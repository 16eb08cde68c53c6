#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# st devices in several namespaces, and namespaces dying with devices in
# them:
#
#   +---- ns "a" ----+   +---- ns "b" ----+   +---- ns "c" ----+
#   | st0 (mp, up)   |   | st0 (p2p, up)  |   | st0..st9       |
#   | st1 (p2p)      |   |                |   | (deleted with  |
#   +----------------+   +----------------+   |  the namespace)|
#                                             +----------------+
#
# shellcheck disable=SC1091
. "$(dirname "$0")/lib.sh"
st_init
ns_add a b c

# Test that the same name can exist in two namespaces, independently.
check "ns a: st0 multipoint" ip -n a link add st0 type st mode multipoint
check "ns a: st1 p2p" ip -n a link add st1 type st
check "ns b: st0 p2p" ip -n b link add st0 type st mode p2p
check "ns a and b: st0 up" sh -c "ip -n a link set st0 up && ip -n b link set st0 up"
check_output "ns a: st0 is multipoint" 'st mode multipoint' ip -n a -d link show st0
check_output "ns b: st0 is p2p" 'st mode p2p' ip -n b -d link show st0
check "ns b: deleting st0 leaves ns a alone" ip -n b link del st0
check_output "ns a: st0 still there" 'st mode multipoint' ip -n a -d link show st0
check_fail "init namespace has no st0" ip link show st0

# Test that deleting a namespace with st devices in it, some up and
# addressed, removes them.
for i in $(seq 0 9); do
	mode=p2p; [ $((i % 2)) = 0 ] && mode=multipoint
	ip -n c link add "st$i" type st mode $mode
	ip -n c addr add "10.20.$i.1/24" dev "st$i"
	ip -n c link set "st$i" up
done
check_output "ns c: 10 st devices" '^10$' sh -c "ip -n c -o link show type st | wc -l"
check "delete ns c with its devices" ns_del c
# Namespace cleanup is asynchronous: wait for the devices to be gone.
gone=0
for _ in $(seq 1 50); do
	n=0
	for ns in a b; do
		n=$((n + $(ip -n $ns -o link show type st | wc -l)))
	done
	if [ "$n" = 2 ] && ! ip netns list | grep -qw c; then
		gone=1
		break
	fi
	sleep 0.1
done
[ $gone = 1 ] && ok "ns c gone, a's and b's devices untouched" ||
	not_ok "ns c gone, a's and b's devices untouched"
check "ns a: st0 and st1 deleted" sh -c "ip -n a link del st0 && ip -n a link del st1"

st_done
