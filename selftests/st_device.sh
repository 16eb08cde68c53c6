#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The st netdevice and the ip plugin, in one namespace:
#
#   +--------------------------- ns "dev" ---------------------------+
#   |  st0 (p2p)   st1 (multipoint)   stX (created/deleted in loops)  |
#   +-----------------------------------------------------------------+
#
# shellcheck disable=SC1091
. "$(dirname "$0")/lib.sh"
st_init
ns_add dev
N="ip -n dev"
# Only the traffic a test sends: no IPv6 router solicitations and the like.
ip netns exec dev sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
	net.ipv6.conf.default.disable_ipv6=1

# Test that a device created without a mode is point-to-point.
check "ip link add st0 type st (default mode)" $N link add st0 type st
check_output "ip -d link show: st0 is kind st, mode p2p" \
	'st mode p2p' $N -d link show st0
check_output "ip -j -d link show: mode p2p in JSON" \
	'"info_kind":"st","info_data":\{"mode":"p2p"\}' $N -j -d link show st0
check_output "p2p device is POINTOPOINT,NOARP" \
	'<POINTOPOINT,NOARP>' $N link show st0

# Test that an explicit mode is honoured.
check "ip link add st1 type st mode multipoint" $N link add st1 type st mode multipoint
check_output "ip -d link show: st1 mode multipoint" \
	'st mode multipoint' $N -d link show st1
check_output "ip -j -d link show: mode multipoint in JSON" \
	'"mode":"multipoint"' $N -j -d link show st1
check "ip link add st2 type st mode p2p" $N link add st2 type st mode p2p
check_output "st2 mode p2p" 'st mode p2p' $N -d link show st2
check "ip link del st2" $N link del st2

# Test the carrier rule: p2p has no carrier without a tunnel binding,
# multipoint has carrier when administratively up.
check "set st0 and st1 up" sh -c "$N link set st0 up && $N link set st1 up"
check_output "p2p without a binding: NO-CARRIER" 'NO-CARRIER.*UP' $N link show st0
check_output "multipoint up: LOWER_UP" \
	'POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP' $N link show st1

# Test that a multipoint device keeps one neighbour entry however many
# next hops it sends to: 1,100 of them, more than the ARP table holds by
# default (gc_thresh3 1024). Without a binding the packets are dropped
# by st_xmit(), after the stack has resolved the neighbour.
check "address 10.200.0.1/16 on st1" $N addr add 10.200.0.1/16 dev st1
ip netns exec dev bash -c 'for ((i = 2; i < 1102; i++)); do
	echo x 2> /dev/null > /dev/udp/10.200.$((i / 256)).$((i % 256))/9; done'
check_output "1,100 next hops were sent to (no binding drops)" \
	'"no_binding":1100[,}]' ip netns exec dev stvpn -j kernel device show st1 detail
check_output "one neighbour entry on st1 for all of them" \
	'^1$' sh -c "$N neigh show dev st1 nud all | wc -l"
check "address removed" $N addr del 10.200.0.1/16 dev st1
check "set st0 and st1 down" sh -c "$N link set st0 down && $N link set st1 down"

# Test that the MTU has a default and is kept within limits.
check_output "default MTU 1376" 'mtu 1376 ' $N link show st0
check_output "min_mtu 68 and max_mtu 65411 reported" \
	'minmtu 68 maxmtu 65411' $N -d link show st0
check "MTU 68 accepted" $N link set st0 mtu 68
check_fail "MTU 67 refused" $N link set st0 mtu 67
check "MTU 65411 accepted" $N link set st0 mtu 65411
check_fail "MTU 65412 refused" $N link set st0 mtu 65412
check "MTU 1400 accepted" $N link set st0 mtu 1400
check_output "MTU is 1400" 'mtu 1400 ' $N link show st0
check_fail "MTU 65412 at creation refused" $N link add st9 mtu 65412 type st
check_fail "st9 does not exist after the refused creation" $N link show st9

# Test that bad modes are refused, with a message, and create nothing.
check_fail_output "plugin refuses 'mode foo' with a message" \
	"invalid mode 'foo'" $N link add st9 type st mode foo
check_fail "st9 does not exist after 'mode foo'" $N link show st9
check_fail_output "kernel refuses IFLA_ST_MODE=7 with an extack message" \
	'kernel: invalid st mode' ip netns exec dev st_rtnl newlink st9 7
check_fail "st9 does not exist after IFLA_ST_MODE=7" $N link show st9
check "kernel accepts IFLA_ST_MODE=1" ip netns exec dev st_rtnl newlink st9 1
check_output "st9 is multipoint" 'st mode multipoint' $N -d link show st9
check_fail_output "mode cannot be changed on an existing device" \
	'kernel: the mode of an st device cannot be changed' \
	ip netns exec dev st_rtnl changelink st9 0
check_output "st9 is still multipoint" 'st mode multipoint' $N -d link show st9
check "same mode on an existing device is accepted" \
	ip netns exec dev st_rtnl changelink st9 1
check "ip link del st9" $N link del st9

# Test rename and the 64-bit counters: with no binding, traffic routed
# into a multipoint device is dropped and counted.
check "rename st1 to tun-hub" $N link set st1 name tun-hub
check_output "tun-hub exists" 'tun-hub:' $N link show tun-hub
check_fail "st1 no longer exists" $N link show st1
check "address and up on tun-hub" sh -c \
	"$N addr add 10.11.11.10/24 dev tun-hub && $N link set tun-hub up"
before=$(ip netns exec dev cat /sys/class/net/tun-hub/statistics/tx_dropped)
check_fail "ping 10.11.11.11 through tun-hub fails: no binding" \
	ip netns exec dev ping -q -c 3 -i 0.2 -W 1 10.11.11.11
after=$(ip netns exec dev cat /sys/class/net/tun-hub/statistics/tx_dropped)
[ $((after - before)) = 3 ] && ok "the 3 packets are counted as TX dropped" ||
	{ not_ok "the 3 packets are counted as TX dropped"; diag "tx_dropped $before -> $after"; }
check_output "64-bit stats: nothing counted as sent" \
	'"tx":\{"bytes":0,"packets":0,' $N -j -s link show tun-hub

# Test that an st device cannot leave its namespace.
ns_add other
check_fail "moving st0 to another namespace is refused" \
	$N link set st0 netns other
check_output "st0 is still in its namespace" 'st0:' $N link show st0

# Test that deletion works for both modes.
check "ip link del st0" $N link del st0
check "ip link del tun-hub" $N link del tun-hub
check_fail "st0 is gone" $N link show st0

# Test 200 create/delete cycles, alternating modes, up in between (one ip
# process for all of them: under emulation, 600 ip processes take minutes).
batch=$(mktemp)
for i in $(seq 1 200); do
	mode=p2p; [ $((i % 2)) = 0 ] && mode=multipoint
	printf 'link add stc type st mode %s\nlink set stc up\nlink del stc\n' $mode
done > "$batch"
check "200 create/up/delete cycles" $N -batch "$batch"
rm -f "$batch"
check_output "no st device left after the cycles" '^$' \
	sh -c "$N -o link show type st"

st_done
