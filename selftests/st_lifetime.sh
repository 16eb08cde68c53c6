#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# SA lifetimes and the events of the module: soft then hard expiry by
# packets, bytes and seconds, the end of the sequence number space, and
# acquire events for traffic without an SA, as "stvpn kernel monitor"
# (plain and JSON) sees them in a's namespace.
#
#   +------------- ns "a" --------------+        +----------- ns "b" -----------+
#   | stvpn [-j] kernel monitor > file  |        |                              |
#   | st0 p2p 10.11.11.1 -> .2          |        | st0 p2p 10.11.11.2 -> .1     |
#   |   out: SA 11, 12, 13, 14, 15 in   |        |   out SA 1                   |
#   |   turn; in: SA 2                  |        |   in: SA 21, 22, ... in turn |
#   | st1 multipoint 10.11.11.65/26     |        |                              |
#   |   nexthops .66, .67: no SA        |        |                              |
#   | ve-a 192.0.2.1/24                 |========| ve-b 192.0.2.2/24            |
#   +-----------------------------------+  veth  +------------------------------+
#
#   SA 11: soft packets 5, hard packets 10      SA 14: seq 4294967290 (end: 2^32 - 1)
#   SA 12: soft bytes 500, hard bytes 1000      SA 15: seq 3758096380 (7/8: 3758096384)
#   SA 13: soft seconds 2, hard seconds 4
#
# shellcheck disable=SC1091
. "$(dirname "$0")/lib.sh"
st_init
ns_add a b

ip link add ve-a netns a type veth peer name ve-b netns b
ip -n a -batch - <<EOF
addr add 192.0.2.1/24 dev ve-a
link set ve-a up
link add st0 type st
link set st0 addrgenmode none
addr add 10.11.11.1 peer 10.11.11.2 dev st0
link set st0 up
link add st1 type st mode multipoint
link set st1 addrgenmode none
addr add 10.11.11.65/26 dev st1
link set st1 up
EOF
ip -n b -batch - <<EOF
addr add 192.0.2.2/24 dev ve-b
link set ve-b up
link add st0 type st
link set st0 addrgenmode none
addr add 10.11.11.2 peer 10.11.11.1 dev st0
link set st0 up
EOF

# The monitors, before anything can raise an event.
mon=$(mktemp)
ip netns exec a stvpn -j kernel monitor > "$mon.json" 2>&1 &
mon_j=$!
ip netns exec a stvpn kernel monitor > "$mon.txt" 2>&1 &
mon_t=$!

ALG="enc aes-128-gcm 0x000102030405060708090a0b0c0d0e0f10111213"
# a -> b: SA 1N on a, SA 2N on b, SPI 0x10 1N.
sa_pair() {	# sa_pair N [OPTIONS...]: a's "sa add" for SA 1N
	local n=$1
	shift
	echo "stvpn kernel sa add id 1$n dir out proto esp spi 0x101$n src 192.0.2.1 dst 192.0.2.2 $ALG $*"
}
check "a: in SA 2, out SAs 11 12 14 15, bindings without an outbound SA" \
	ip netns exec a sh -ec "
	stvpn kernel sa add id 2 dir in proto esp spi 0x2002 src 192.0.2.2 dst 192.0.2.1 $ALG
	$(sa_pair 1 soft packets 5 hard packets 10)
	$(sa_pair 2 soft bytes 500 hard bytes 1000)
	$(sa_pair 4 seq 4294967290)
	$(sa_pair 5 seq 3758096380)
	stvpn kernel binding add dev st0 in-sa 2
	stvpn kernel binding add dev st1 nexthop 10.11.11.66
	stvpn kernel binding add dev st1 nexthop 10.11.11.67"
check "b: out SA 1, in SAs 21 to 25, binding" ip netns exec b sh -ec "
	stvpn kernel sa add id 1 dir out proto esp spi 0x2002 src 192.0.2.2 dst 192.0.2.1 $ALG
	for n in 1 2 3 4 5; do
		stvpn kernel sa add id 2\$n dir in proto esp spi 0x101\$n src 192.0.2.1 dst 192.0.2.2 $ALG
	done
	stvpn kernel binding add dev st0 out-sa 1 in-sa 21"

# --- helpers -------------------------------------------------------------

# ev_count FILE REGEX: how many lines of FILE match.
ev_count() {
	local n=0 line

	while IFS= read -r line; do
		[[ $line =~ $2 ]] && n=$((n + 1))
	done < "$1"
	echo $n
}

# ev_index FILE REGEX: the number of the first line that matches, or 0.
ev_index() {
	local i=0 line

	while IFS= read -r line; do
		i=$((i + 1))
		[[ $line =~ $2 ]] && { echo $i; return; }
	done < "$1"
	echo 0
}

# ev_wait FILE REGEX: wait (up to 30 s) for a line that matches.
ev_wait() {
	for _ in {1..100}; do
		[ "$(ev_count "$1" "$2")" -gt 0 ] && return 0
		sleep 0.3
	done
	return 1
}

# sa_get NS ID: the SA's state, seq, packets and bytes into the array SA
# (one dump, parsed here: no jq to start).
declare -A SA
sa_get() {
	local json k re

	SA=()
	json=$(ip netns exec "$1" stvpn -j kernel sa show id "$2") || return 1
	[[ $json =~ \"state\":\"([a-z-]+)\" ]] && SA[state]=${BASH_REMATCH[1]}
	[[ $json =~ \"seq\":([0-9]+) ]] && SA[seq]=${BASH_REMATCH[1]}
	for k in bytes packets; do
		re="\"$k\":([0-9]+)"
		[[ ${json#*\"stats\"} =~ $re ]] && SA[$k]=${BASH_REMATCH[1]}
	done
}

# drops NS DEV: the device's drop counters, into the array DROPS.
declare -A DROPS
drops() {
	local json k re

	DROPS=()
	json=$(ip netns exec "$1" stvpn -j kernel device show "$2" detail) || return 1
	for k in no_binding no_sa too_big no_route seq_exhausted expired; do
		re="\"$k\":([0-9]+)"
		[[ $json =~ $re ]] && DROPS[$k]=${BASH_REMATCH[1]}
	done
}

# use_sa N: a sends with SA 1N, b accepts it as SA 2N.
use_sa() {
	ip netns exec a stvpn kernel binding set dev st0 out-sa "1$1" &&
		ip netns exec b stvpn kernel binding set dev st0 in-sa "2$1"
}

J=$mon.json T=$mon.txt

# --- acquire ---------------------------------------------------------------

# The monitor is listening once it reports an acquire for next hop .67
# (at most one a second: one ping per attempt, a second apart).
for _ in {1..20}; do
	ip netns exec a ping -q -c 1 -W 1 10.11.11.67 > /dev/null 2>&1
	[ "$(ev_count "$J" '"nexthop":"10\.11\.11\.67"')" -gt 0 ] && break
	sleep 1
done
check_output "monitor -j: acquire for st1 next hop 10.11.11.67" \
	'^\{"event":"acquire","dev":"st1","ifindex":[0-9]+,"nexthop":"10\.11\.11\.67"\}$' cat "$J"
ev_wait "$T" 'acquire dev st1 nexthop 10\.11\.11\.67'
check_output "monitor: the same as text" '^acquire dev st1 nexthop 10\.11\.11\.67$' cat "$T"

# burst NS ADDR: 20 pings as fast as they go; prints the milliseconds
# between the first and the last.
burst() {
	ip netns exec "$1" ping -c 20 -i 0.01 -W 1 "$2" 2>&1 |
		sed -n 's/^20 packets transmitted.*time \([0-9]*\)ms.*/\1/p'
}

# Test that traffic for a binding without an outbound SA raises an acquire
# event, at most one a second: on p2p st0 (binding with an inbound SA
# only), then on multipoint st1 (next hop .66).
drops a st0
nosa0=${DROPS[no_sa]}
drops a st1
nosa=${DROPS[no_sa]}
ms0=$(burst a 10.11.11.2)
ms1=$(burst a 10.11.11.66)
ev_wait "$J" '"nexthop":"10\.11\.11\.66"'
drops a st1
check_output "st1: the 20 pings to next hop .66 dropped as no_sa" \
	'^20$' echo $((DROPS[no_sa] - nosa))
max=$((${ms1:-0} / 1000 + 1))
check_output "st1: one acquire for the 20 pings in ${ms1:-?} ms (at most $max)" \
	"^([1-$max])\$" ev_count "$J" '"event":"acquire","dev":"st1".*"nexthop":"10\.11\.11\.66"'
max=$((${ms0:-0} / 1000 + 1))
check_output "st0 (p2p, binding without out-sa): one acquire for the 20 pings in ${ms0:-?} ms (at most $max)" \
	"^([1-$max])\$" ev_count "$J" '^\{"event":"acquire","dev":"st0","ifindex":[0-9]+\}$'
check_output "monitor: p2p acquire as text: 'acquire dev st0'" \
	'^acquire dev st0$' cat "$T"
drops a st0
check_output "st0 (p2p, binding without out-sa): the 20 pings reached the device (no_sa +20)" \
	'^20$' echo $((DROPS[no_sa] - nosa0))

# --- lifetimes by packets --------------------------------------------------

# Test soft then hard expiry by packets: soft at the 5th, hard at the
# 10th packet; the 11th and 12th are not sent.
p2p_acquire='^\{"event":"acquire","dev":"st0","ifindex":[0-9]+\}$'
acq_before=$(ev_count "$J" "$p2p_acquire")
use_sa 1
ip netns exec a ping -q -c 6 -i 0.2 -W 2 10.11.11.2 > /dev/null
ev_wait "$J" '"sa":11'
check_output "packets: soft-expire for SA 11 (packets) after 6 packets" \
	'^\{"event":"soft-expire","sa":11,"limit":"packets"\}$' cat "$J"
check_output "packets: as text: 'soft-expire sa 11 (packets)'" \
	'^soft-expire sa 11 \(packets\)$' cat "$T"
sa_get a 11
check_output "packets: SA 11 soft-expired, 6 packets, no hard expiry yet" \
	'^soft-expired 6 0$' echo "${SA[state]} ${SA[packets]} $(ev_count "$J" 'hard-expire.*"sa":11')"

drops a st0
before_exp=${DROPS[expired]} before_nosa=${DROPS[no_sa]}
ip netns exec a ping -q -c 6 -i 0.2 -W 2 10.11.11.2 > /dev/null
ev_wait "$J" 'hard-expire.*"sa":11'
check_output "packets: hard-expire for SA 11 (packets)" \
	'^\{"event":"hard-expire","sa":11,"limit":"packets"\}$' cat "$J"
check_output "packets: soft before hard, each once" '^1 1 yes$' \
	echo "$(ev_count "$J" 'soft-expire.*"sa":11') $(ev_count "$J" 'hard-expire.*"sa":11')" \
	"$( [ "$(ev_index "$J" 'soft-expire.*"sa":11')" -lt "$(ev_index "$J" 'hard-expire.*"sa":11')" ] && echo yes)"
sa_get a 11
check_output "packets: SA 11 hard-expired after exactly 10 packets" \
	'^hard-expired 10$' echo "${SA[state]} ${SA[packets]}"
sa_get b 21
check_output "packets: b's SA 21 received exactly 10" '^10$' echo "${SA[packets]}"
drops a st0
check_output "packets: st0 counts the 2 packets after the hard limit as 'expired'" \
	'^2$' echo $((DROPS[expired] - before_exp))
[ $((DROPS[expired] - before_exp)) = 2 ] ||
	diag "st0 drops: expired +$((DROPS[expired] - before_exp)), no_sa +$((DROPS[no_sa] - before_nosa))"
check_output "packets: traffic to a hard-expired SA raises 'acquire dev st0'" \
	'^[1-9]' echo $(($(ev_count "$J" "$p2p_acquire") - acq_before))

# --- lifetimes by bytes ----------------------------------------------------

# Test soft then hard expiry by bytes: 128-byte inner packets (ping -s
# 100), soft at the 4th (512 >= 500), hard at the 8th (1024 >= 1000).
use_sa 2
ip netns exec a ping -q -c 10 -i 0.2 -W 2 -s 100 10.11.11.2 > /dev/null
ev_wait "$J" 'hard-expire.*"sa":12'
check_output "bytes: soft then hard expiry for SA 12 (bytes), each once" '^1 1 yes$' \
	echo "$(ev_count "$J" '^\{"event":"soft-expire","sa":12,"limit":"bytes"\}$')" \
	"$(ev_count "$J" '^\{"event":"hard-expire","sa":12,"limit":"bytes"\}$')" \
	"$( [ "$(ev_index "$J" 'soft-expire.*"sa":12')" -lt "$(ev_index "$J" 'hard-expire.*"sa":12')" ] && echo yes)"
check_output "bytes: as text: 'hard-expire sa 12 (bytes)'" \
	'^hard-expire sa 12 \(bytes\)$' cat "$T"
sa_get a 12
check_output "bytes: SA 12 hard-expired after 8 packets, 1024 bytes" \
	'^hard-expired 8 1024$' echo "${SA[state]} ${SA[packets]} ${SA[bytes]}"
sa_get b 22
check_output "bytes: b's SA 22 decrypted 8 packets, 1024 bytes" \
	'^8 1024$' echo "${SA[packets]} ${SA[bytes]}"

# --- the end of the sequence number space -----------------------------------

# Test the event at 7/8 of the 32-bit space: SA 15 starts after
# 3758096380; its 4th packet is 3758096384 = (2^32 - 1) - (2^32 - 1) / 8.
use_sa 5
check "seq: 5 packets from 3758096381 on" \
	ip netns exec a ping -q -c 5 -i 0.2 -W 2 10.11.11.2
ev_wait "$J" '"sa":15'
check_output "seq: one seq-near-end for SA 15, no seq-exhausted" '^1 0$' \
	echo "$(ev_count "$J" '^\{"event":"seq-near-end","sa":15\}$') $(ev_count "$J" 'exhausted.*"sa":15')"
check_output "seq: as text: 'seq-near-end sa 15'" '^seq-near-end sa 15$' cat "$T"

# Test exhaustion: SA 14 starts after 4294967290, so 5 packets are left
# (up to 2^32 - 1); the 6th to 10th are not sent, and 0 never is.
use_sa 4
drops a st0
before_exh=${DROPS[seq_exhausted]} before_nosa=${DROPS[no_sa]}
cap=$(mktemp)
ip netns exec b timeout 60 tcpdump -n -U --immediate-mode -i ve-b -w "$cap" 'esp and src host 192.0.2.1' 2> "$cap.err" &
capper=$!
for _ in {1..50}; do
	grep -q 'listening on' "$cap.err" 2> /dev/null && break
	sleep 0.2
done
ip netns exec a ping -q -c 10 -i 0.2 -W 2 10.11.11.2 > /dev/null
ev_wait "$J" '"sa":14'
kill $capper 2> /dev/null
wait $capper 2> /dev/null
check_output "seq: one seq-exhausted for SA 14, no seq-near-end" '^1 0$' \
	echo "$(ev_count "$J" '^\{"event":"seq-exhausted","sa":14\}$') $(ev_count "$J" 'near-end.*"sa":14')"
check_output "seq: as text: 'seq-exhausted sa 14'" '^seq-exhausted sa 14$' cat "$T"
sa_get a 14
check_output "seq: SA 14 seq-exhausted at 4294967295 after 5 packets" \
	'^seq-exhausted 4294967295 5$' echo "${SA[state]} ${SA[seq]} ${SA[packets]}"
sa_get b 24
check_output "seq: b's SA 24 received 5 packets, the last 4294967295" \
	'^5 4294967295$' echo "${SA[packets]} ${SA[seq]}"
check_output "seq: on the wire exactly seq 0xfffffffb to 0xffffffff, never 0" \
	'^0xfffffffb 0xfffffffc 0xfffffffd 0xfffffffe 0xffffffff $' \
	sh -c "tcpdump -n -r '$cap' 2>/dev/null | sed -n 's/.*ESP(spi=0x00001014,seq=\(0x[0-9a-f]*\)).*/\1/p' | tr '\n' ' '"
rm -f "$cap" "$cap.err"
drops a st0
check_output "seq: st0 counts the 5 packets after the last number as 'seq_exhausted'" \
	'^5$' echo $((DROPS[seq_exhausted] - before_exh))
[ $((DROPS[seq_exhausted] - before_exh)) = 5 ] ||
	diag "st0 drops: seq_exhausted +$((DROPS[seq_exhausted] - before_exh)), no_sa +$((DROPS[no_sa] - before_nosa))"

# --- lifetimes by seconds --------------------------------------------------

# Test soft then hard expiry by time, from the SA's timer: soft after 2 s,
# hard after 4 s; then nothing is sent with it.
check "seconds: SA 13 (soft 2 s, hard 4 s) on st0" ip netns exec a sh -ec "
	$(sa_pair 3 soft seconds 2 hard seconds 4)
	stvpn kernel binding set dev st0 out-sa 13"
ip netns exec b stvpn kernel binding set dev st0 in-sa 23
ev_wait "$J" 'hard-expire.*"sa":13'
check_output "seconds: soft then hard expiry for SA 13 (seconds), each once" '^1 1 yes$' \
	echo "$(ev_count "$J" '^\{"event":"soft-expire","sa":13,"limit":"seconds"\}$')" \
	"$(ev_count "$J" '^\{"event":"hard-expire","sa":13,"limit":"seconds"\}$')" \
	"$( [ "$(ev_index "$J" 'soft-expire.*"sa":13')" -lt "$(ev_index "$J" 'hard-expire.*"sa":13')" ] && echo yes)"
check_output "seconds: as text: 'soft-expire sa 13 (seconds)'" \
	'^soft-expire sa 13 \(seconds\)$' cat "$T"
sa_get a 13
before=${SA[packets]}
check_fail "seconds: no traffic with the hard-expired SA 13" \
	ip netns exec a ping -q -c 2 -i 0.2 -W 2 10.11.11.2
sa_get a 13
check_output "seconds: SA 13 hard-expired, its packet counter unchanged" \
	"^hard-expired $before\$" echo "${SA[state]} ${SA[packets]}"

# Test that each SA raised exactly the events above, and no other.
want='{"event":"hard-expire","sa":11,"limit":"packets"}
{"event":"hard-expire","sa":12,"limit":"bytes"}
{"event":"hard-expire","sa":13,"limit":"seconds"}
{"event":"seq-exhausted","sa":14}
{"event":"seq-near-end","sa":15}
{"event":"soft-expire","sa":11,"limit":"packets"}
{"event":"soft-expire","sa":12,"limit":"bytes"}
{"event":"soft-expire","sa":13,"limit":"seconds"}'
got=$(grep '"sa":' "$J" | LC_ALL=C sort)
if [ "$got" = "$want" ]; then
	ok "the SA events: 3 soft, 3 hard, 1 seq-near-end, 1 seq-exhausted, nothing else"
else
	not_ok "the SA events: 3 soft, 3 hard, 1 seq-near-end, 1 seq-exhausted, nothing else"
	diag "$(echo "$got" | sed 's/^/  /')"
fi

kill $mon_j $mon_t 2> /dev/null
wait $mon_j $mon_t 2> /dev/null
rm -f "$mon" "$J" "$T"
st_done
