#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A rekey under traffic, done the way IKE does it: new inbound SAs first
# (old and new accepted together), then the outbound SA switched in one
# request, then the old SAs removed; not one packet of a fast ping may be
# lost. Then the statistics: per SA, per device and everything cleared.
#
#   +---------------- ns "a" ----------------+     +---------------- ns "b" ----------------+
#   | st0 p2p 10.11.11.1 -> .2               |     | st0 p2p 10.11.11.2 -> .1               |
#   |   old: out SA 1 (0x1001) in SA 2 (0x2002)    |   old: out SA 1 (0x2002) in SA 2 (0x1001)
#   |   new: out SA 3 (0x3003) in SA 4 (0x4004)    |   new: out SA 3 (0x4004) in SA 4 (0x3003)
#   | st1 multipoint 10.11.12.1/24, no binding |   |                                        |
#   | ve-a 192.0.2.1/24                      |=====| ve-b 192.0.2.2/24                      |
#   +----------------------------------------+     +----------------------------------------+
#
# shellcheck disable=SC1091,SC2086
. "$(dirname "$0")/lib.sh"
st_init
st_two_hosts
A="ip netns exec a" B="ip netns exec b"
ip -n a link add st1 type st mode multipoint
ip -n a link set st1 addrgenmode none
ip -n a addr add 10.11.12.1/24 dev st1
ip -n a link set st1 up

key() { echo "0x$(od -An -tx1 -N20 /dev/urandom | tr -d ' \n')"; }
K1=$(key) K2=$(key) K3=$(key) K4=$(key)

# sa NS ID DIR SPI SRC DST KEY: an aes-128-gcm SA.
sa() {
	ip netns exec "$1" stvpn kernel sa add id "$2" dir "$3" proto esp spi "$4" \
		src "$5" dst "$6" enc aes-128-gcm "$7" replay-window 64
}

# sa_stat NS ID KEY: one counter of an SA, from the JSON of "sa show".
sa_stat() {
	ip netns exec "$1" stvpn -j kernel sa show id "$2" | jq -r ".sas[0].stats.$3"
}

# dev_drop NS DEV REASON: one drop counter of a device.
dev_drop() {
	ip netns exec "$1" stvpn -j kernel device show "$2" detail |
		jq -r "[.. | objects | select(has(\"$3\")) | .$3][0]"
}

check "old SAs and bindings" sh -ec "
	$(declare -f sa)
	sa a 1 out 0x1001 192.0.2.1 192.0.2.2 $K1
	sa a 2 in 0x2002 192.0.2.2 192.0.2.1 $K2
	sa b 1 out 0x2002 192.0.2.2 192.0.2.1 $K2
	sa b 2 in 0x1001 192.0.2.1 192.0.2.2 $K1
	$A stvpn kernel binding add dev st0 out-sa 1 in-sa 2
	$B stvpn kernel binding add dev st0 out-sa 1 in-sa 2"
check "the tunnel carries traffic" $A ping -q -c 2 -W 2 10.11.11.2

# --- rekey under a fast ping --------------------------------------------------

# 2000 pings, 10 ms apart: 20 s, well beyond the rekey (about 5 s under
# emulation). A ping that ends first proves nothing, and says so.
N=2000
out=$(mktemp)
$A ping -q -c $N -i 0.01 -W 3 10.11.11.2 > "$out" 2>&1 &
pinger=$!
sleep 1.5
# 1: the new inbound SAs, accepted next to the old ones.
check "rekey 1: new inbound SAs; the bindings accept old and new" sh -ec "
	$(declare -f sa)
	sa a 4 in 0x4004 192.0.2.2 192.0.2.1 $K4
	sa b 4 in 0x3003 192.0.2.1 192.0.2.2 $K3
	$A stvpn kernel binding set dev st0 in-sa 2 in-sa 4
	$B stvpn kernel binding set dev st0 in-sa 2 in-sa 4"
check_output "the binding lists both inbound SAs" '"in_sas":\[2,4\]' \
	$B stvpn -j kernel binding show dev st0
sleep 1.5
# 2: the outbound SAs, switched by one request each.
check "rekey 2: new outbound SAs, switched in one request" sh -ec "
	$(declare -f sa)
	sa a 3 out 0x3003 192.0.2.1 192.0.2.2 $K3
	sa b 3 out 0x4004 192.0.2.2 192.0.2.1 $K4
	$A stvpn kernel binding set dev st0 out-sa 3
	$B stvpn kernel binding set dev st0 out-sa 3"
sleep 1.5
# 3: the old SAs go.
check "rekey 3: old SAs removed" sh -ec "
	$A stvpn kernel binding set dev st0 in-sa 4
	$B stvpn kernel binding set dev st0 in-sa 4
	$A stvpn kernel sa del id 1; $A stvpn kernel sa del id 2
	$B stvpn kernel sa del id 1; $B stvpn kernel sa del id 2"
if kill -0 $pinger 2> /dev/null; then
	ok "the ping outlasted the rekey"
else
	not_ok "the ping outlasted the rekey"
	diag "the machine is too slow for this test: $(cat "$out")"
fi
wait $pinger
check_output "no packet lost: $N sent, $N received" \
	"^$N packets transmitted, $N received, 0% packet loss" \
	grep 'packets transmitted' "$out"
rm -f "$out"

# b's new inbound SA (0x3003) took the requests a sent after the switch;
# a's new inbound SA (0x4004) took b's replies after b switched.
old_gone=$($B stvpn -j kernel sa show | jq -c '[.sas[].id] | sort')
check_output "only the new SAs are left" '^\[3,4\]$' echo "$old_gone"
b_new=$(sa_stat b 4 packets) a_new=$(sa_stat a 4 packets)
check_output "the new SAs carried traffic (b in: $b_new, a in: $a_new)" '^yes$' \
	sh -c "[ $b_new -gt 0 ] && [ $a_new -gt 0 ] && echo yes"
check "the tunnel works on the new SAs alone" $A ping -q -c 3 -i 0.2 -W 2 10.11.11.2
check_output "b's SA 4 counted those 3 requests too" "^$((b_new + 3))\$" sa_stat b 4 packets

# --- statistics -----------------------------------------------------------

# Test that clearing one SA's counters leaves the others.
a3=$(sa_stat a 3 packets)
check_output "a's SA 3 counted packets ($a3)" '^[1-9][0-9]*$' echo "$a3"
check "stats clear sa 3" $A stvpn kernel stats clear sa 3
check_output "SA 3: packets and bytes are 0" '^0 0$' \
	echo "$(sa_stat a 3 packets) $(sa_stat a 3 bytes)"
check_output "SA 4 is untouched" '^[1-9][0-9]*$' sa_stat a 4 packets

# Test that a device's drop counters clear: traffic to a next hop with no
# binding is dropped as no_binding.
$A ping -q -c 3 -i 0.2 -W 1 10.11.12.2 > /dev/null 2>&1
check_output "st1: 3 packets without a binding counted" '^3$' dev_drop a st1 no_binding
check "stats clear dev st1" $A stvpn kernel stats clear dev st1
check_output "st1: no_binding is 0" '^0$' dev_drop a st1 no_binding

# Test that an unprivileged caller may not clear anything.
$A ping -q -c 2 -i 0.2 -W 1 10.11.12.2 > /dev/null 2>&1
check_fail_output "an unprivileged stats clear is refused" 'not permitted' \
	$A setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$REPO/agent/stvpn" kernel stats clear
check_output "and changed nothing" '^2$' dev_drop a st1 no_binding

# Test that a bare "stats clear" clears every SA and every device.
check "stats clear" $A stvpn kernel stats clear
check_output "every SA's packets and st1's no_binding are 0" '^0 0 0$' \
	echo "$(sa_stat a 3 packets) $(sa_stat a 4 packets) $(dev_drop a st1 no_binding)"
# Test that cleared SAs count again from 0: two pings are 2 requests of
# 84 bytes out on SA 3 and 2 replies in on SA 4.
check "two pings after the clear" $A ping -q -c 2 -i 0.2 -W 2 10.11.11.2
check_output "SA 3 and SA 4: 2 packets, 168 bytes each" '^2 168 2 168$' \
	echo "$(sa_stat a 3 packets) $(sa_stat a 3 bytes) $(sa_stat a 4 packets) $(sa_stat a 4 bytes)"
check_fail_output "stats clear sa 99: no such SA" 'no SA with this ID' \
	$A stvpn kernel stats clear sa 99

# Test that clearing counters does not reset a lifetime: SA 5 (hard
# expiry at 6 packets) sends 4, is cleared, and then sends 2 more only.
K5=$(key)
check "SA 5 a -> b, hard packets 6" sh -ec "
	$A stvpn kernel sa add id 5 dir out proto esp spi 0x5005 src 192.0.2.1 \
		dst 192.0.2.2 enc aes-128-gcm $K5 hard packets 6
	$B stvpn kernel sa add id 5 dir in proto esp spi 0x5005 src 192.0.2.1 \
		dst 192.0.2.2 enc aes-128-gcm $K5
	$B stvpn kernel binding set dev st0 in-sa 4 in-sa 5
	$A stvpn kernel binding set dev st0 out-sa 5"
check "4 pings with SA 5" $A ping -q -c 4 -i 0.2 -W 2 10.11.11.2
check "stats clear sa 5" $A stvpn kernel stats clear sa 5
check_output "SA 5 counters read 0" '^0$' sa_stat a 5 packets
check_output "then only 2 of 4 pings pass: the hard limit still counts from 6" \
	'^4 packets transmitted, 2 received' \
	sh -c "$A ping -q -c 4 -i 0.2 -W 1 10.11.11.2 | grep transmitted"
check_output "SA 5 counted those 2 and is hard-expired" '^2 hard-expired$' \
	echo "$(sa_stat a 5 packets) $($A stvpn -j kernel sa show id 5 | jq -r '.sas[0].state')"

st_done
