#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The stvpn generic netlink family: STVPN_CMD_DEV_GET as a dump and as a
# single request, per namespace, through "stvpn kernel device show".
#
#   +------------ ns "a" ------------+   +-------- ns "b" --------+
#   | st0 (mp)  st1 (p2p)  dummy0    |   | st0 (p2p)  big0..999   |
#   +--------------------------------+   +------------------------+
#
# shellcheck disable=SC1091
. "$(dirname "$0")/lib.sh"
st_init
ns_add a b empty

ip -n a link add st0 type st mode multipoint
ip -n a link add st1 type st
ip -n a link add dummy0 type dummy 2>/dev/null || ip -n a link add dummy0 type veth peer name dummy1
ip -n b link add st0 type st

# Test that a dump lists exactly the namespace's st devices.
check_output "ns a: dump lists st0 (multipoint)" '^st0 +[0-9]+ +multipoint$' \
	ip netns exec a stvpn kernel device show
check_output "ns a: dump lists st1 (p2p)" '^st1 +[0-9]+ +p2p$' \
	ip netns exec a stvpn kernel device show
check_output "ns a: exactly two devices (header + 2 lines)" '^3$' \
	sh -c "ip netns exec a stvpn kernel device show | wc -l"
check_output "ns b: exactly one device, st0 p2p" '^Interface.*
st0 +[0-9]+ +p2p$' ip netns exec b stvpn kernel device show
check_output "empty namespace: empty dump" '^$' \
	ip netns exec empty stvpn kernel device show
check_output "JSON dump in ns a" \
	'^\{"devices":\[\{"name":"st0","ifindex":[0-9]+,"mode":"multipoint"\},\{"name":"st1","ifindex":[0-9]+,"mode":"p2p"\}\]\}$' \
	ip netns exec a stvpn kernel device show '|' display json
idx=$(ip netns exec a cat /sys/class/net/st0/ifindex)
check_output "dump's ifindex for st0 is the device's ($idx)" \
	"\"name\":\"st0\",\"ifindex\":$idx," ip netns exec a stvpn -j kernel device show

# Test the single-device request.
check_output "get st1 by name" '^st1 +[0-9]+ +p2p$' \
	ip netns exec a stvpn kernel device show st1
check_fail_output "get a device that does not exist: kernel says why" \
	'nosuch: no device with this name' \
	ip netns exec a stvpn kernel device show nosuch
check_fail_output "get a device that is not st: kernel says why" \
	'dummy0: not an st device' ip netns exec a stvpn kernel device show dummy0
check_fail_output "a device of another namespace is not visible" \
	'st1: no device with this name' ip netns exec b stvpn kernel device show st1

# Test that a dump spanning many messages is resumed correctly: 1000
# devices need several netlink buffers.
for i in $(seq 0 999); do echo "link add big$i type st"; done > "/tmp/st_genl.batch.$$"
check "ns b: 1000 more st devices" ip -n b -batch "/tmp/st_genl.batch.$$"
rm -f "/tmp/st_genl.batch.$$"
ip netns exec b stvpn kernel device show | awk 'NR > 1 { print $1 }' | sort > "/tmp/st_genl.got.$$"
{ echo st0; for i in $(seq 0 999); do echo "big$i"; done; } | sort > "/tmp/st_genl.want.$$"
check "ns b: the dump lists each of the 1001 devices exactly once" \
	cmp "/tmp/st_genl.got.$$" "/tmp/st_genl.want.$$"
rm -f "/tmp/st_genl.got.$$" "/tmp/st_genl.want.$$"

# Test that the family and its events group are registered.
check_output "genl family stvpn with multicast group 'events'" \
	'name: events' genl ctrl get name stvpn

st_done
