#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Bad input: malformed ESP and AH, wrong ICVs, bad trailers, unknown SPIs
# and floods of random packets are dropped and counted, never crash; bad
# netlink requests are refused with a message and change nothing.
#
#   +---------- ns "a" ----------+          +---------- ns "b" ----------+
#   | stpkt (packet tool)        |          | st0 p2p 10.11.11.2         |
#   | ve-a 192.0.2.1/24          |==========| ve-b 192.0.2.2/24          |
#   +----------------------------+   veth   | SA 1 out, SA 2 in ESP 0x2002|
#                                           | SA 3 in AH 0x3003          |
#                                           +----------------------------+
#
# shellcheck disable=SC1091
. "$(dirname "$0")/lib.sh"
st_init
ns_add a b
command -v stpkt > /dev/null || { not_ok "stpkt is built (make -C tools/pkt)"; st_done; }

ip link add ve-a netns a type veth peer name ve-b netns b
ip -n a addr add 192.0.2.1/24 dev ve-a
ip -n b addr add 192.0.2.2/24 dev ve-b
ip -n a link set ve-a up
ip -n b link set ve-b up
ip -n b link add st0 type st
ip -n b addr add 10.11.11.2 peer 10.11.11.1 dev st0
ip -n b link set st0 up

KEY=00112233445566778899aabbccddeeff00112233
B="ip netns exec b"
$B stvpn kernel sa add id 1 dir out proto esp spi 0x1001 src 192.0.2.2 dst 192.0.2.1 \
	enc null auth hmac-sha1-96 0x$KEY
$B stvpn kernel sa add id 2 dir in proto esp spi 0x2002 src 192.0.2.1 dst 192.0.2.2 \
	enc null auth hmac-sha1-96 0x$KEY
$B stvpn kernel sa add id 3 dir in proto ah spi 0x3003 src 192.0.2.1 dst 192.0.2.2 \
	auth hmac-sha1-96 0x$KEY
$B stvpn kernel binding add dev st0 out-sa 1 in-sa 2 in-sa 3

stat() {	# stat SA FIELD: one counter of an SA in b
	$B stvpn -j kernel sa show id "$1" | jq -r ".sas[0].stats.$2"
}

# expect DESC SA FIELD DELTA COMMAND...: COMMAND moves the counter by DELTA
expect() {
	local desc=$1 sa=$2 field=$3 delta=$4 before after
	shift 4
	before=$(stat "$sa" "$field")
	"$@" > /dev/null 2>&1
	sleep 0.2
	after=$(stat "$sa" "$field")
	if [ -n "$before" ] && [ "$((after - before))" = "$delta" ]; then
		ok "$desc"
	else
		not_ok "$desc"
		diag "SA $sa $field: $before -> $after, expected +$delta"
	fi
}

A="ip netns exec a"

# Test that the packet tool makes packets the module accepts.
expect "a well-formed ESP (NULL, HMAC-SHA1-96) packet is decrypted" 2 packets 1 \
	$A stpkt esp-null 192.0.2.2 0x2002 1 $KEY good
check_output "and delivered on st0" '^1$' $B cat /sys/class/net/st0/statistics/rx_packets

# Test that malformed ESP is dropped and counted.
expect "bad padding: bad trailer" 2 bad_trailers 1 \
	$A stpkt esp-null 192.0.2.2 0x2002 2 $KEY badpad
expect "bad next header: bad trailer" 2 bad_trailers 1 \
	$A stpkt esp-null 192.0.2.2 0x2002 3 $KEY badnext
expect "truncated ESP (4 bytes): bad header" 2 bad_headers 1 \
	$A stpkt esp 192.0.2.2 0x2002 4 0
expect "ESP shorter than its ICV: bad header" 2 bad_headers 1 \
	$A stpkt esp 192.0.2.2 0x2002 5 6
expect "wrong ICV: ESP authentication failure" 2 esp_auth_failures 1 \
	$A stpkt esp 192.0.2.2 0x2002 6 64
expect "a replayed good packet: replay error" 2 replay_errors 1 \
	$A stpkt esp-null 192.0.2.2 0x2002 1 $KEY good
check_output "nothing else was delivered" '^1$' $B cat /sys/class/net/st0/statistics/rx_packets

# Test that malformed AH is dropped and counted.
expect "truncated AH: bad header" 3 bad_headers 1 \
	$A stpkt ah 192.0.2.2 0x3003 1 0
expect "AH with a wrong ICV: AH authentication failure" 3 ah_auth_failures 1 \
	$A stpkt ah 192.0.2.2 0x3003 2 28

# Test that an unknown SPI is not ours: nothing of ours counts it.
expect "unknown SPI: the SA's counters do not move" 2 esp_auth_failures 0 \
	$A stpkt esp 192.0.2.2 0x9999 1 64

# Test floods of random packets, half of them with our SPIs.
check "NAT-T socket for the UDP flood" $B stvpn kernel encap set port 4500
check "10,000 random ESP packets" $A stpkt random 192.0.2.2 50 10000 0x2002
check "10,000 random AH packets" $A stpkt random 192.0.2.2 51 10000 0x3003
check "10,000 random UDP packets to 4500" $A stpkt random 192.0.2.2 udp:4500 10000 0x2002
check_output "the module still works: one more good packet decrypted" '^2$' \
	sh -c "$A stpkt esp-null 192.0.2.2 0x2002 100000 $KEY good; sleep 0.2; $B cat /sys/class/net/st0/statistics/rx_packets"

# Test that bad netlink requests are refused with a reason and change nothing.
count_sas() { $B stvpn -j kernel sa show | jq '.sas | length'; }
before=$(count_sas)
check_fail_output "wrong key length is refused" 'wrong encryption key length' \
	$B stvpn kernel sa add id 9 dir in proto esp spi 0x9009 src 192.0.2.1 dst 192.0.2.2 \
	enc aes-128-cbc 0x0011 auth hmac-sha1-96 0x$KEY
check_fail_output "wrong HMAC key length is refused" 'wrong authentication key length' \
	$B stvpn kernel sa add id 9 dir in proto esp spi 0x9009 src 192.0.2.1 dst 192.0.2.2 \
	enc aes-128-cbc 0x00112233445566778899aabbccddeeff auth hmac-sha1-96 0x0011
check_fail_output "duplicate inbound SPI is refused" 'inbound SA with this SPI' \
	$B stvpn kernel sa add id 9 dir in proto esp spi 0x2002 src 192.0.2.1 dst 192.0.2.2 \
	enc null auth hmac-sha1-96 0x$KEY
check_fail_output "duplicate SA id is refused" 'an SA with this ID exists' \
	$B stvpn kernel sa add id 2 dir in proto esp spi 0x9009 src 192.0.2.1 dst 192.0.2.2 \
	enc null auth hmac-sha1-96 0x$KEY
check_fail_output "SPI below 256 is refused" 'out of range|spi' \
	$B stvpn kernel sa add id 9 dir in proto esp spi 255 src 192.0.2.1 dst 192.0.2.2 \
	enc null auth hmac-sha1-96 0x$KEY
check_fail_output "AH with an encryption algorithm is refused" 'AH takes no encryption' \
	$B stvpn kernel sa add id 9 dir in proto ah spi 0x9009 src 192.0.2.1 dst 192.0.2.2 \
	enc aes-128-cbc 0x00112233445566778899aabbccddeeff auth hmac-sha1-96 0x$KEY
check_fail_output "AH without integrity (auth null) is refused" 'AH needs an authentication' \
	$B stvpn kernel sa add id 9 dir in proto ah spi 0x9009 src 192.0.2.1 dst 192.0.2.2 \
	auth null
check_fail_output "a key for auth null is refused" 'wrong authentication key length' \
	$B stvpn kernel sa add id 9 dir in proto esp spi 0x9009 src 192.0.2.1 dst 192.0.2.2 \
	enc null auth null 0x$KEY
check_fail_output "GCM with a separate HMAC is refused" 'combined-mode' \
	$B stvpn kernel sa add id 9 dir in proto esp spi 0x9009 src 192.0.2.1 dst 192.0.2.2 \
	enc aes-128-gcm 0x00112233445566778899aabbccddeeff00112233 auth hmac-sha1-96 0x$KEY
check_fail_output "CBC without an HMAC is refused" 'needs an authentication' \
	$B stvpn kernel sa add id 9 dir in proto esp spi 0x9009 src 192.0.2.1 dst 192.0.2.2 \
	enc aes-128-cbc 0x00112233445566778899aabbccddeeff
check_fail_output "mixed address families are refused" 'same family|family' \
	$B stvpn kernel sa add id 9 dir in proto esp spi 0x9009 src 192.0.2.1 dst 2001:db8::2 \
	enc null auth hmac-sha1-96 0x$KEY
check_fail_output "a second p2p binding is refused" 'one binding' \
	$B stvpn kernel binding add dev st0 out-sa 1
check_fail_output "an inbound SA as out-sa is refused" 'out-sa must be an outbound SA' \
	$B stvpn kernel binding set dev st0 out-sa 2
check_fail_output "a next hop on a p2p device is refused" 'takes no next hop' \
	$B stvpn kernel binding set dev st0 nexthop 10.11.11.1 out-sa 1
check_fail_output "an unprivileged caller is refused" 'not permitted' \
	$B setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$REPO/agent/stvpn" kernel sa del id 1
# Requests the CLI would never send, made by hand (st_genl_raw.c).
while IFS='|' read -r case why; do
	check_fail_output "raw SA_NEW, $case: refused, '$why'" "kernel: .*$why" \
		$B st_genl_raw "$case"
done <<-EOF
	unknown-enc|out of range
	unknown-auth|out of range
	unknown-dir|out of range
	no-id|missing SA attribute: id
	no-dir|missing SA attribute: dir
	no-proto|missing SA attribute: proto
	no-spi|missing SA attribute: spi
	no-dst|missing SA attribute: src or dst
	short-src|source must be 4 .IPv4. or 16 .IPv6. bytes
	no-sa|missing attribute: STVPN_A_SA
	transport|only tunnel mode is supported
EOF
check_output "the refused requests changed nothing ($before SAs)" "^$before\$" count_sas
check "raw SA_NEW, the unchanged request is accepted" $B st_genl_raw valid
check_output "and it made one SA (ID 77)" '^1$' \
	sh -c "$B stvpn -j kernel sa show | jq '[.sas[] | select(.id == 77)] | length'"

# Test that a dump never carries key material: SA 77's keys are ASCII
# "STVPN-ENC-KEY-16" and "STVPN-AUTH-KEY-20-BY" (st_genl_raw.c).
dump=$($B st_genl_raw dump)
check_output "the raw dump has SA 77 (SPI attribute 0x7777)" '080004007777' echo "$dump"
check_output "and neither of its keys" '^0 0$' \
	echo "$(grep -c 535456504e2d454e43 <<< "$dump") $(grep -c 535456504e2d415554 <<< "$dump")"
check "SA 77 deleted" $B stvpn kernel sa del id 77
check_output "the binding still has its SAs" '"out_sa":1' $B stvpn -j kernel binding show

st_done
