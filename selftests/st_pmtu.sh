#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Path MTU and TCP MSS clamping through an st tunnel: a host behind
# gateway a sends through a's tunnel to b across a router r whose links
# have small MTUs.
#
#   +-- ns "h" --+      +------------ ns "a" -------------+      +------ ns "r" ------+      +------------ ns "b" ------------+
#   | lan        | veth | lan 10.10.1.1/24, fd10::1/64    |      |                    |      |                                |
#   | 10.10.1.2  |------| st0 10.11.11.1 -> .2, fd11::1   |      |                    |      | st0 10.11.11.2 -> .1, fd11::2  |
#   | fd10::2    |      |   SA aes-128-cbc/hmac-sha1-96   |      |                    |      |   10.10.1.0/24, fd10::/64      |
#   +------------+      | wan 192.0.2.1/24 ---------------|------| 192.0.2.254        |      |                                |
#                       |   MTU 1400 (then 1500)          | veth | 198.51.100.254 ----|------| wan 198.51.100.2/24            |
#                       +---------------------------------+      |   MTU 1500 (then 1300)  veth | MTU 1500 (then 1300)      |
#                                                                +--------------------+      +--------------------------------+
#
# The SA's largest overhead over IPv4 (st_sa_overhead()): outer header 20,
# ESP header 8, IV 16, padding up to 15, pad length and next header 2,
# ICV 12: 73 bytes. So the inner path MTU is 1400 - 73 = 1327 with a
# 1400-byte first hop, and 1300 - 73 = 1227 when the router reports 1300.
#
# shellcheck disable=SC1091,SC1010
. "$(dirname "$0")/lib.sh"
st_init
command -v tcpdump > /dev/null || st_skip_all "tcpdump not found"
ns_add h a r b

ip link add lan netns h type veth peer name lan netns a
ip link add wan netns a type veth peer name ra netns r
ip link add rb netns r type veth peer name wan netns b
ip -n h -batch - <<EOF
addr add 10.10.1.2/24 dev lan
addr add fd10::2/64 dev lan nodad
link set lan up
route add default via 10.10.1.1
route add default via fd10::1
EOF
ip -n r -batch - <<EOF
addr add 192.0.2.254/24 dev ra
addr add 198.51.100.254/24 dev rb
link set ra mtu 1400
link set ra up
link set rb up
EOF
ip -n a -batch - <<EOF
addr add 10.10.1.1/24 dev lan
addr add fd10::1/64 dev lan nodad
link set lan up
addr add 192.0.2.1/24 dev wan
link set wan mtu 1400
link set wan up
route add default via 192.0.2.254
link add st0 type st
link set st0 addrgenmode none
addr add 10.11.11.1 peer 10.11.11.2 dev st0
addr add fd11::1/64 dev st0 nodad
link set st0 up
EOF
ip -n b -batch - <<EOF
addr add 198.51.100.2/24 dev wan
link set wan up
route add default via 198.51.100.254
link add st0 type st
link set st0 addrgenmode none
addr add 10.11.11.2 peer 10.11.11.1 dev st0
addr add fd11::2/64 dev st0 nodad
link set st0 up
route add 10.10.1.0/24 dev st0
route add fd10::/64 dev st0
EOF
ip netns exec a sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward &&
	echo 1 > /proc/sys/net/ipv6/conf/all/forwarding'
ip netns exec r sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'

EKEY=0x000102030405060708090a0b0c0d0e0f
AKEY=0x101112131415161718191a1b1c1d1e1f20212223
ALG="enc aes-128-cbc $EKEY auth hmac-sha1-96 $AKEY"
check "a and b: ESP SAs and bindings" sh -ec "
	ip netns exec a sh -ec '
		stvpn kernel sa add id 1 dir out proto esp spi 0x1001 src 192.0.2.1 dst 198.51.100.2 $ALG
		stvpn kernel sa add id 2 dir in proto esp spi 0x2002 src 198.51.100.2 dst 192.0.2.1 $ALG
		stvpn kernel binding add dev st0 out-sa 1 in-sa 2'
	ip netns exec b sh -ec '
		stvpn kernel sa add id 1 dir out proto esp spi 0x2002 src 198.51.100.2 dst 192.0.2.1 $ALG
		stvpn kernel sa add id 2 dir in proto esp spi 0x1001 src 192.0.2.1 dst 198.51.100.2 $ALG
		stvpn kernel binding add dev st0 out-sa 1 in-sa 2'"

# --- helpers -------------------------------------------------------------

# too_big NS: the too_big drop counter of st0 in NS.
too_big() {
	local json re='"too_big":([0-9]+)'

	json=$(ip netns exec "$1" stvpn -j kernel device show st0 detail) &&
		[[ $json =~ $re ]] && echo "${BASH_REMATCH[1]}"
}

# cap_start NS IF FILE ARGS...: tcpdump with ARGS in the background,
# writing to FILE; its pid in CAPPER. cap_wait FILE...: until each is
# listening.
cap_start() {
	local ns=$1 ifname=$2 file=$3
	shift 3
	ip netns exec "$ns" timeout 20 tcpdump -n -l --immediate-mode -i "$ifname" "$@" > "$file" 2> "$file.err" &
	CAPPER=$!
}

cap_wait() {
	local f

	for f; do
		for _ in {1..50}; do
			grep -q 'listening on' "$f.err" 2> /dev/null && break
			sleep 0.2
		done
	done
}

# --- TCP MSS clamping ---------------------------------------------------------
#
# First, while no path MTU has been learned (a learned one lowers the
# MSS that TCP offers).

# handshake CLIENT SERVER ADDR: a TCP connection from CLIENT
# to ADDR port 5001 on SERVER while the SYN and SYN-ACK are captured on
# st0 of a and of b; prints "a: S mss N S. mss N b: S mss N S. mss N" as
# captured, with "bad" after a TCP checksum that is not correct.
handshake() {
	local client=$1 server=$2 addr=$3 ca cb pa pb listener f out=""

	ca=$(mktemp) cb=$(mktemp)
	# The first two packets of the connection: SYN and SYN-ACK.
	cap_start a st0 "$ca" -vv -c 2 'tcp port 5001'
	pa=$CAPPER
	cap_start b st0 "$cb" -vv -c 2 'tcp port 5001'
	pb=$CAPPER
	ip netns exec "$server" timeout 20 /bin/busybox nc -l -p 5001 > /dev/null 2>&1 &
	listener=$!
	cap_wait "$ca" "$cb"
	# shellcheck disable=SC2016
	ip netns exec "$client" timeout 10 bash -c 'exec 3<> "/dev/tcp/$1/5001"' - "$addr"
	wait "$pa" "$pb" 2> /dev/null
	kill "$listener" 2> /dev/null
	wait "$listener" 2> /dev/null
	for f in "$ca" "$cb"; do
		[ "$f" = "$ca" ] && out+="a:" || out+=" b:"
		out+=$(awk '/Flags \[S\.?\]/ {
			f = $0; sub(/.*Flags \[/, "", f); sub(/\].*/, "", f)
			m = $0; sub(/.*mss /, "", m); sub(/[^0-9].*/, "", m)
			printf " %s mss %s%s", f, m, ($0 ~ /incorrect/ ? " bad" : "")
		}' "$f")
	done
	rm -f "$ca" "$ca.err" "$cb" "$cb.err"
	echo "$out"
}

# Test that the clamp is set on a and reported.
check "a: device set st0 tcp-mss 1350" ip netns exec a stvpn kernel device set st0 tcp-mss 1350
check_output "a: device show st0 detail reports tcp_mss 1350" '"tcp_mss":1350' \
	ip netns exec a stvpn -j kernel device show st0 detail
# Test that a clamp above the MSS offered (st0's MTU 1376 - 40) changes
# nothing.
check_output "clamp 1350 above MSS 1336: nothing changes" \
	'^a: S mss 1336 S\. mss 1336 b: S mss 1336 S\. mss 1336$' \
	handshake a b 10.11.11.2

# With MTU 1500 on both st0 the MSS offered is 1460, above the clamp.
ip -n a link set st0 mtu 1500
ip -n b link set st0 mtu 1500

# Test that a's clamp lowers the MSS of the SYN a sends (seen at b) and
# of the SYN-ACK a receives (seen at a, after decryption), with correct
# TCP checksums; what each side sent is seen before the clamp.
check_output "a -> b: SYN clamped to 1350 leaving a, SYN-ACK clamped to 1350 arriving at a" \
	'^a: S mss 1460 S\. mss 1350 b: S mss 1350 S\. mss 1460$' \
	handshake a b 10.11.11.2
check_output "b -> a: SYN clamped to 1350 arriving at a, SYN-ACK clamped leaving a" \
	'^a: S mss 1350 S\. mss 1460 b: S mss 1460 S\. mss 1350$' \
	handshake b a 10.11.11.1
check_output "a -> b over IPv6: SYN clamped to 1350, SYN-ACK too (1440 before)" \
	'^a: S mss 1440 S\. mss 1350 b: S mss 1350 S\. mss 1440$' \
	handshake a b fd11::2
check "a: device set st0 tcp-mss 0 (off)" ip netns exec a stvpn kernel device set st0 tcp-mss 0
# Test that without the clamp the MSS stays 1460 both ways.
check_output "clamp off: MSS 1460 both ways" \
	'^a: S mss 1460 S\. mss 1460 b: S mss 1460 S\. mss 1460$' \
	handshake a b 10.11.11.2

# Back to the default MTU for the path MTU tests.
ip -n a link set st0 mtu 1376
ip -n b link set st0 mtu 1376

# --- IPv4 without DF: fragments outside -------------------------------------

# Test that an inner packet without DF that fits st0 (1368 bytes, MTU
# 1376) but not the path after ESP goes through as outer fragments.
cap=$(mktemp)
cap_start b wan "$cap" -c 2 'src host 192.0.2.1 and (ip[6:2] & 0x3fff != 0)'
cap_wait "$cap"
tb=$(too_big a)
check "h -> b, 1368 bytes without DF (ping -M dont -s 1340): answered" \
	ip netns exec h ping -q -c 1 -W 3 -M dont -s 1340 10.11.11.2
wait $CAPPER
check_output "the ESP packet crossed the 1400-byte link as 2 fragments" \
	'^2 ESP$' echo "$(grep -c . "$cap") $(grep -o 'ESP' "$cap" | head -n1)"
check_output "no too_big drop for it" "^$tb\$" too_big a

# --- IPv4 with DF: ICMP frag needed from st0 ------------------------------

# (A ping answered by an ICMP error fails: hence check_fail_output.)

# Test that the same with DF is refused with ICMP "fragmentation needed"
# carrying the inner path MTU, 1400 - 73 = 1327.
tb=$(too_big a)
check_fail_output "h -> b, 1368 bytes with DF: 'Frag needed and DF set (mtu = 1327)'" \
	'Frag needed and DF set \(mtu = 1327\)' \
	ip netns exec h ping -c 1 -W 3 -M do -s 1340 10.11.11.2
check_output "a's st0 counted one too_big drop" "^$((tb + 1))\$" too_big a
check "h -> b, 1327 bytes with DF (ping -M do -s 1299): fits exactly" \
	ip netns exec h ping -q -c 1 -W 3 -M do -s 1299 10.11.11.2
tb=$(too_big a)
check_fail_output "a -> b, 1328 bytes with DF (ping -M do -s 1300): mtu = 1327" \
	'mtu = 1327|mtu=1327' ip netns exec a ping -c 1 -W 3 -M do -s 1300 10.11.11.2
check_output "a's st0 counted one more too_big drop" "^$((tb + 1))\$" too_big a

# --- IPv6 inside: ICMPv6 packet too big -------------------------------------

# Test that an inner IPv6 packet too big for the path (but not for st0's
# MTU 1376) gets ICMPv6 "packet too big" with the same MTU, and that one
# of exactly that size passes.
tb=$(too_big a)
check_fail_output "h -> b, IPv6 1348 bytes: 'Packet too big: mtu=1327'" \
	'Packet too big: mtu=1327' \
	ip netns exec h ping -6 -c 1 -W 3 -M do -s 1300 fd11::2
check_output "a's st0 counted one too_big drop" "^$((tb + 1))\$" too_big a
check "h -> b, IPv6 1327 bytes (ping -6 -s 1279): fits exactly" \
	ip netns exec h ping -6 -q -c 1 -W 3 -M do -s 1279 fd11::2

# --- the router reports a smaller MTU -----------------------------------

# Test path MTU discovery for the outer packets: with the first hop back
# at 1500 and the router's link to b at 1300, the first big packet is
# lost at the router, whose ICMP teaches a the outer path MTU; the next
# gets ICMP with the inner MTU 1300 - 73 = 1227, or for IPv6 the minimum
# IPv6 MTU, 1280, since 1227 is below it.
ip -n a link set wan mtu 1500
ip -n r -batch - <<EOF
link set ra mtu 1500
link set rb mtu 1300
EOF
ip -n b link set wan mtu 1300
ip netns exec h ping -q -c 1 -W 2 -M do -s 1250 10.11.11.2 > /dev/null 2>&1
check_output "a learned the outer path MTU 1300 to 198.51.100.2 from the router" \
	'mtu 1300' ip -n a route get 198.51.100.2
tb=$(too_big a)
check_fail_output "h -> b, 1278 bytes with DF: 'Frag needed and DF set (mtu = 1227)'" \
	'Frag needed and DF set \(mtu = 1227\)' \
	ip netns exec h ping -c 1 -W 3 -M do -s 1250 10.11.11.2
check_fail_output "h -> b, IPv6 1298 bytes: 'Packet too big: mtu=1280' (the IPv6 minimum)" \
	'Packet too big: mtu=1280' \
	ip netns exec h ping -6 -c 1 -W 3 -M do -s 1250 fd11::2
check_output "a's st0 counted two too_big drops" "^$((tb + 2))\$" too_big a
check "h -> b, 1227 bytes with DF (ping -M do -s 1199): fits exactly" \
	ip netns exec h ping -q -c 1 -W 3 -M do -s 1199 10.11.11.2

rm -f "$cap" "$cap.err"

st_done
