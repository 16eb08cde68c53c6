#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# st <-> st: two hosts, each with a point-to-point st device, joined by a
# veth "Internet"; every ESP algorithm and AH with every HMAC, over IPv4
# and IPv6 outer, carrying IPv4 and IPv6 inner traffic.
#
#   +----------- ns "a" -----------+          +----------- ns "b" -----------+
#   | st0 10.11.11.1 -> .2         |          | st0 10.11.11.2 -> .1         |
#   |     fd11::1/64               |          |     fd11::2/64               |
#   | ve-a 192.0.2.1/24            |==========| ve-b 192.0.2.2/24            |
#   |      2001:db8::1/64          |   veth   |      2001:db8::2/64          |
#   +------------------------------+          +------------------------------+
#
# shellcheck disable=SC1091
. "$(dirname "$0")/lib.sh"
st_init
ns_add a b

ip link add ve-a netns a type veth peer name ve-b netns b
for n in a b; do
	ip netns exec $n sysctl -qw net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.accept_dad=0
done
ip -n a addr add 192.0.2.1/24 dev ve-a
ip -n b addr add 192.0.2.2/24 dev ve-b
ip -n a addr add 2001:db8::1/64 dev ve-a nodad
ip -n b addr add 2001:db8::2/64 dev ve-b nodad
ip -n a link set ve-a up
ip -n b link set ve-b up
for n in a b; do
	ip -n $n link add st0 type st
	ip -n $n link set st0 up
done
ip -n a addr add 10.11.11.1 peer 10.11.11.2 dev st0
ip -n b addr add 10.11.11.2 peer 10.11.11.1 dev st0
ip -n a addr add fd11::1/64 dev st0 nodad
ip -n b addr add fd11::2/64 dev st0 nodad

key() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

declare -A ENC_LEN=(
	[null]=0 [des-cbc]=8 [3des-cbc]=24 [aes-128-cbc]=16 [aes-192-cbc]=24
	[aes-256-cbc]=32 [aes-128-gcm]=20 [aes-256-gcm]=36 [chacha20-poly1305]=36
)
declare -A AUTH_LEN=(
	[hmac-md5-96]=16 [hmac-sha1-96]=20 [hmac-sha-256-128]=32
	[hmac-sha-384-192]=48 [hmac-sha-512-256]=64 [null]=0
)

# tunnel PROTO ENC AUTH FAMILY [EXTRA...]: fresh SAs and bindings on both
# sides (SA ids 1 out / 2 in on a, mirrored on b).
tunnel() {
	local proto=$1 enc=$2 auth=$3 fam=$4 ka kb ea="" eb="" aa="" ab="" A B
	shift 4
	if [ "$fam" = 4 ]; then A=192.0.2.1 B=192.0.2.2; else A=2001:db8::1 B=2001:db8::2; fi
	for n in a b; do
		ip netns exec $n stvpn kernel binding del dev st0 2>/dev/null
		ip netns exec $n stvpn kernel sa del id 1 2>/dev/null
		ip netns exec $n stvpn kernel sa del id 2 2>/dev/null
	done
	if [ "$enc" != - ]; then
		ka=$(key "${ENC_LEN[$enc]}"); kb=$(key "${ENC_LEN[$enc]}")
		[ "${ENC_LEN[$enc]}" = 0 ] && ka=0x && kb=0x
		ea="enc $enc $ka" eb="enc $enc $kb"
	fi
	if [ "$auth" != - ]; then
		ka=$(key "${AUTH_LEN[$auth]}"); kb=$(key "${AUTH_LEN[$auth]}")
		[ "${AUTH_LEN[$auth]}" = 0 ] && ka=0x && kb=0x
		aa="auth $auth $ka" ab="auth $auth $kb"
	fi
	# shellcheck disable=SC2086
	ip netns exec a stvpn kernel sa add id 1 dir out proto $proto spi 0x1001 src $A dst $B $ea $aa "$@" &&
	ip netns exec a stvpn kernel sa add id 2 dir in proto $proto spi 0x2002 src $B dst $A $eb $ab "$@" &&
	ip netns exec b stvpn kernel sa add id 1 dir out proto $proto spi 0x2002 src $B dst $A $eb $ab "$@" &&
	ip netns exec b stvpn kernel sa add id 2 dir in proto $proto spi 0x1001 src $A dst $B $ea $aa "$@" &&
	ip netns exec a stvpn kernel binding add dev st0 out-sa 1 in-sa 2 &&
	ip netns exec b stvpn kernel binding add dev st0 out-sa 1 in-sa 2
}

# The number of packets the SA with ID counted in namespace NS.
sa_packets() {
	ip netns exec "$1" stvpn -j kernel sa show id "$2" |
		jq -r '.sas[0].stats.packets'
}

traffic() {	# traffic DESC: pings both ways, v4 and v6 inner, counted
	local desc=$1 before after
	before=$(sa_packets b 2)
	if ip netns exec a ping -q -c 2 -i 0.2 -W 2 10.11.11.2 > /dev/null &&
	   ip netns exec b ping -q -c 2 -i 0.2 -W 2 10.11.11.1 > /dev/null &&
	   ip netns exec a ping -6 -q -c 2 -i 0.2 -W 2 fd11::2 > /dev/null; then
		after=$(sa_packets b 2)
		# a -> b: 2 echo requests, 2 replies to b's pings, 2 v6 requests
		if [ $((after - before)) -ge 6 ]; then
			ok "$desc"
		else
			not_ok "$desc"; diag "inbound SA on b counted $before -> $after"
		fi
	else
		not_ok "$desc"; diag "ping failed"
	fi
}

# Test that a p2p device gains carrier with its binding's outbound SA.
check "ESP aes-128-cbc/hmac-sha1-96 SAs and bindings" \
	tunnel esp aes-128-cbc hmac-sha1-96 4
check_output "p2p with an outbound SA has carrier" 'LOWER_UP' ip -n a link show st0
traffic "ESP aes-128-cbc hmac-sha1-96, outer IPv4: ping v4 and v6 both ways"

# Test that what crosses the wire is ESP, not the inner packets.
cap=$(mktemp)
# The capture ends after 8 packets, or after 30 s with fewer.
ip netns exec b timeout 30 tcpdump -n -U --immediate-mode -c 8 -i ve-b -w "$cap" \
	'not arp and not icmp6' 2> "$cap.err" &
capper=$!
tcpdump_ready "$cap.err" || diag "tcpdump did not start: $(cat "$cap.err")"
ip netns exec a ping -q -c 4 -i 0.2 -W 2 10.11.11.2 > /dev/null
wait $capper
# 4 echo requests and 4 replies, every one of them ESP.
check_output "the veth carries 8 ESP packets" '^8$' \
	sh -c "tcpdump -n -r '$cap' esp 2>/dev/null | wc -l"
check_output "and nothing else: no ICMP in the clear" '^0$' \
	sh -c "tcpdump -n -r '$cap' not esp 2>/dev/null | wc -l"
rm -f "$cap" "$cap.err"

# Test every ESP cipher (with an HMAC each) and every HMAC (with a cipher
# each), and the combined modes. Each pair is one authenc() transform, so
# this covers every cipher and every hash in it; all 30 pairs would only
# multiply the run time under emulation.
# null/null is no protection at all: what benchmarks measure the tunnel's
# own cost with.
for pair in null/hmac-md5-96 des-cbc/hmac-sha1-96 3des-cbc/hmac-sha-256-128 \
	    aes-128-cbc/hmac-sha-384-192 aes-192-cbc/hmac-sha-512-256 \
	    aes-256-cbc/hmac-md5-96 aes-128-cbc/hmac-sha-512-256 null/null; do
	enc=${pair%/*} auth=${pair#*/}
	if tunnel esp $enc $auth 4; then
		traffic "ESP $enc $auth"
	else
		not_ok "ESP $enc $auth: SAs"
	fi
done
for enc in aes-128-gcm aes-256-gcm chacha20-poly1305; do
	for fam in 4 6; do
		if tunnel esp $enc - $fam; then
			traffic "ESP $enc, outer IPv$fam"
		else
			not_ok "ESP $enc, outer IPv$fam: SAs"
		fi
	done
done

# Test outer IPv6, ESN and a short TCP transfer.
check "ESP aes-256-cbc hmac-sha-256-128, outer IPv6" tunnel esp aes-256-cbc hmac-sha-256-128 6
traffic "ESP over IPv6 outer"
check "ESP aes-128-cbc hmac-sha1-96 with ESN" tunnel esp aes-128-cbc hmac-sha1-96 4 esn
traffic "ESP with ESN (authencesn)"
check "ESP aes-128-gcm with ESN" tunnel esp aes-128-gcm - 6 esn
traffic "ESP aes-128-gcm with ESN, outer IPv6"

ip netns exec b iperf3 -s -1 -D -B 10.11.11.2 > /dev/null 2>&1
sleep 1
check "TCP transfer (iperf3, 512 KiB) through ESP" \
	ip netns exec a iperf3 -c 10.11.11.2 -n 512K
sleep 0.5

# Test AH with every HMAC, outer IPv4 and IPv6.
for auth in hmac-md5-96 hmac-sha1-96 hmac-sha-256-128 hmac-sha-384-192 hmac-sha-512-256; do
	for fam in 4 6; do
		if tunnel ah - $auth $fam; then
			traffic "AH $auth, outer IPv$fam"
		else
			not_ok "AH $auth, outer IPv$fam: SAs"
		fi
	done
done

# Test the rest of the p2p carrier rule: a binding marked down has none,
# one waiting for its outbound SA has it, and deleting the binding takes
# it away.
check "binding set down" ip netns exec a stvpn kernel binding set dev st0 down
check_output_within 5 "p2p with its binding down: NO-CARRIER" 'NO-CARRIER' \
	ip -n a link show st0
check_fail "and a ping fails" ip netns exec a ping -q -c 1 -W 1 10.11.11.2
check "binding set up, without an outbound SA" \
	ip netns exec a stvpn kernel binding set dev st0 up out-sa 0
check_output_within 5 "p2p with a binding waiting for its SA: carrier" 'LOWER_UP' \
	ip -n a link show st0
check "binding del" ip netns exec a stvpn kernel binding del dev st0
check_output_within 5 "p2p without binding: NO-CARRIER" 'NO-CARRIER' \
	ip -n a link show st0

st_done
