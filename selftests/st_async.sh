#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Asynchronous crypto, and unloading the module with packets in flight.
# The module is loaded with crypto_async=1, so every SA's transform is
# wrapped in cryptd and every packet completes asynchronously.
#
#   +----------- ns "a" -----------+          +----------- ns "b" -----------+
#   | st0 10.11.11.1 -> .2         |          | st0 10.11.11.2 -> .1         |
#   | ve-a 192.0.2.1/24            |==========| ve-b 192.0.2.2/24            |
#   +------------------------------+   veth   +------------------------------+
#
# shellcheck disable=SC1091
. "$(dirname "$0")/lib.sh"
st_init
ns_add a b
KO=$(st_module_path) || { skip "async crypto: needs the module file to reload with a parameter"; st_done; }

check "reload the module with crypto_async=1" sh -c "rmmod stvpn && insmod '$KO' crypto_async=1"
check_output "the parameter is set" '^Y$' cat /sys/module/stvpn/parameters/crypto_async

setup() {
	ip link add ve-a netns a type veth peer name ve-b netns b &&
	ip -n a addr add 192.0.2.1/24 dev ve-a && ip -n b addr add 192.0.2.2/24 dev ve-b &&
	ip -n a link set ve-a up && ip -n b link set ve-b up &&
	ip -n a link add st0 type st && ip -n b link add st0 type st &&
	ip -n a addr add 10.11.11.1 peer 10.11.11.2 dev st0 &&
	ip -n b addr add 10.11.11.2 peer 10.11.11.1 dev st0 &&
	ip -n a link set st0 up && ip -n b link set st0 up
}

key() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

# sas PROTO ALGS...: fresh SAs and bindings in both namespaces
sas() {
	local proto=$1; shift
	for n in a b; do
		ip netns exec $n stvpn kernel binding del dev st0 2>/dev/null
		ip netns exec $n stvpn kernel sa del id 1 2>/dev/null
		ip netns exec $n stvpn kernel sa del id 2 2>/dev/null
	done
	ip netns exec a stvpn kernel sa add id 1 dir out proto "$proto" spi 0x1001 src 192.0.2.1 dst 192.0.2.2 "$@" &&
	ip netns exec a stvpn kernel sa add id 2 dir in proto "$proto" spi 0x2002 src 192.0.2.2 dst 192.0.2.1 "$@" &&
	ip netns exec b stvpn kernel sa add id 1 dir out proto "$proto" spi 0x2002 src 192.0.2.2 dst 192.0.2.1 "$@" &&
	ip netns exec b stvpn kernel sa add id 2 dir in proto "$proto" spi 0x1001 src 192.0.2.1 dst 192.0.2.2 "$@" &&
	ip netns exec a stvpn kernel binding add dev st0 out-sa 1 in-sa 2 &&
	ip netns exec b stvpn kernel binding add dev st0 out-sa 1 in-sa 2
}

pings() {	# pings DESC: 5 pings a -> b, all answered, counted by b's inbound SA
	local n
	if ip netns exec a ping -q -c 5 -i 0.2 -W 2 10.11.11.2 > /dev/null; then
		n=$(ip netns exec b stvpn -j kernel sa show id 2 | jq -r '.sas[0].stats.packets')
		[ "$n" -ge 5 ] && ok "$1" || { not_ok "$1"; diag "b's inbound SA counted $n"; }
	else
		not_ok "$1"; diag "ping failed"
	fi
}

# floods NS DESC: flood pings both ways (pids in p1, p2), and after 3 s
# NS's inbound SA has counted more than 10 packets
floods() {
	local n
	ip netns exec a ping -q -f -w 20 10.11.11.2 > /dev/null 2>&1 &
	p1=$!
	ip netns exec b ping -q -f -w 20 -s 1200 10.11.11.1 > /dev/null 2>&1 &
	p2=$!
	sleep 3
	n=$(ip netns exec "$1" stvpn -j kernel sa show id 2 | jq -r '.sas[0].stats.packets')
	[ "$n" -gt 10 ] && ok "$2 ($n packets)" || { not_ok "$2"; diag "$n packets"; }
}

# in_use_async NAME-REGEX: /proc/crypto has an implementation of NAME that
# is asynchronous and referenced (by our SAs: nothing else uses crypto here)
in_use_async() {
	awk -v re="^name *: $1\$" 'BEGIN { RS = "" }
		{ named = 0; n = split($0, l, "\n")
		  for (i = 1; i <= n; i++) if (l[i] ~ re) named = 1 }
		named && /\nrefcnt *: [1-9]/ && /\nasync *: yes/ { found = 1 }
		END { exit !found }' /proc/crypto
}

check "two hosts with st0" setup

# Test each kind of transform through cryptd. On kernels before 6.12 a
# cryptd instance around authenc() fails the kernel's own crypto
# self-tests, so the module keeps CBC+HMAC synchronous there.
kv=$(uname -r | cut -d. -f1-2)
if [ "$(printf '%s\n6.12\n' "$kv" | sort -V | head -n1)" = 6.12 ]; then
	check "ESP aes-128-cbc hmac-sha-256-128 through cryptd" \
		sas esp enc aes-128-cbc "0x$(key 16)" auth hmac-sha-256-128 "0x$(key 32)"
	check "an asynchronous authenc(hmac(sha256),cbc(aes)) is in use" \
		in_use_async 'authenc\(hmac\(sha256\),cbc\(aes\)\)'
	pings "ESP CBC+HMAC with asynchronous completion"
else
	skip "ESP CBC+HMAC through cryptd: cryptd(authenc()) fails the self-tests of $kv"
fi
check "ESP aes-256-gcm through cryptd" sas esp enc aes-256-gcm "0x$(key 36)"
check "an asynchronous rfc4106(gcm(aes)) is in use" in_use_async 'rfc4106\(gcm\(aes\)\)'
pings "ESP GCM with asynchronous completion"
check "AH hmac-sha1-96 through cryptd" sas ah auth hmac-sha1-96 "0x$(key 20)"
check "an asynchronous hmac(sha1) is in use" in_use_async 'hmac\(sha1\)'
pings "AH with asynchronous completion"

# Test that deleting a namespace while both ends flood through cryptd is
# clean. (A packet that comes out of cryptd still uses its namespace, so
# the module's exit for a namespace waits until its SAs are freed. Here
# the queue has usually drained by then: this is not a test of the wait.)
# Then a's end is built again and the tunnel works.
check "ESP aes-128-gcm through cryptd, for the namespace test" \
	sas esp enc aes-128-gcm "0x$(key 20)"
floods a "flood pings flow into a"
kill $p1 2>/dev/null
wait $p1 2>/dev/null
check "delete namespace a while b floods it" ip netns del a
ns_del a
# The namespace is taken apart in the background; ve-b goes with it.
check "a is taken apart: ve-b, the other end of its veth, goes" sh -c \
	'for i in $(seq 100); do ip -n b link show ve-b > /dev/null 2>&1 || exit 0; sleep 0.2; done; exit 1'
kill $p2 2>/dev/null
wait $p2 2>/dev/null
# (ns_add outside "check": it records the namespace for the cleanup.)
ns_add a && ok "a new namespace a" || not_ok "a new namespace a"
check "a's end set up again" sh -c '
	ip link add ve-a netns a type veth peer name ve-b netns b &&
	ip -n a addr add 192.0.2.1/24 dev ve-a && ip -n b addr add 192.0.2.2/24 dev ve-b &&
	ip -n a link set ve-a up && ip -n b link set ve-b up &&
	ip -n a link add st0 type st && ip -n a addr add 10.11.11.1 peer 10.11.11.2 dev st0 &&
	ip -n a link set st0 up'
check "ESP aes-128-gcm again" sas esp enc aes-128-gcm "0x$(key 20)"
pings "the new tunnel works"

# Test that unloading with traffic flowing and requests in flight is clean.
check "ESP aes-128-gcm through cryptd, for the unload test" \
	sas esp enc aes-128-gcm "0x$(key 20)"
floods b "flood pings flow through the tunnel"
check "rmmod stvpn while both floods run" rmmod stvpn
kill $p1 $p2 2>/dev/null
wait $p1 $p2 2>/dev/null
check_fail "the module is gone" test -d /sys/module/stvpn
check_output "no st device left" '^0$' sh -c \
	"{ ip -n a -o link show type st; ip -n b -o link show type st; } | wc -l"

st_load_module
st_done
