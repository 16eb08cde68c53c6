#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Anti-replay against real packets: ESP packets from a to b are captured
# on the wire and sent again, as they were or with a byte changed, and b's
# inbound SA must refuse or accept each as its window says, counting why.
#
#   +----------- ns "a" -----------+          +----------- ns "b" -----------+
#   | st0 10.11.11.1 -> .2         |          | st0 10.11.11.2 -> .1         |
#   | out SA 1, in SA 2            |          | out SA 1, in SA 2 (window W) |
#   | ve-a 192.0.2.1/24            |==========| ve-b 192.0.2.2/24            |
#   |   injector (AF_PACKET) -->   |   veth   |   <-- tcpdump -w             |
#   +------------------------------+          +------------------------------+
#
# For each window W (0, 32, 64, 1024, 4096), a's packets with sequence
# numbers 1 to 4 are captured while b has no SA for them yet; then b gets
# its inbound SA and a's outbound SA is re-created at sequence number
# W + 1, so that b's window tops at W + 2. Of the held packets, 3 is then
# just inside the window, 1 and 2 just outside, 4 inside and unseen.
#
# The injector is Python with its standard library only (a pcap reader
# and an AF_PACKET socket), started once and fed one line per injection.
#
# shellcheck disable=SC1091
. "$(dirname "$0")/lib.sh"
st_init

PY=/usr/bin/python3
[ -x $PY ] || st_skip_all "$PY not found (the packet injector needs it)"
command -v tcpdump > /dev/null || st_skip_all "tcpdump not found"

ns_add a b
ip link add ve-a netns a type veth peer name ve-b netns b
ip -n a -batch - <<EOF
addr add 192.0.2.1/24 dev ve-a
link set ve-a up
link add st0 type st
link set st0 addrgenmode none
addr add 10.11.11.1 peer 10.11.11.2 dev st0
link set st0 up
EOF
ip -n b -batch - <<EOF
addr add 192.0.2.2/24 dev ve-b
link set ve-b up
link add st0 type st
link set st0 addrgenmode none
addr add 10.11.11.2 peer 10.11.11.1 dev st0
link set st0 up
EOF

# The injector: each input line "PCAP SPI SEQ[:x]..." sends the captured
# ESP frames with that SPI and those sequence numbers out of ve-a, in that
# order, with one ciphertext byte inverted for SEQ:x, and answers
# "sent N missing SEQ,...".
# shellcheck disable=SC2016
INJECTOR='
import socket, struct, sys

s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[1], 0))
ivlen = int(sys.argv[2])

def esp_frames(path):
    data = open(path, "rb").read()
    e = "<" if data[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    frames, off = {}, 24
    while off + 16 <= len(data):
        incl = struct.unpack_from(e + "I", data, off + 8)[0]
        f = data[off + 16:off + 16 + incl]
        off += 16 + incl
        # Ethernet, IPv4, ESP
        if len(f) < 42 or f[12:14] != b"\x08\x00" or f[23] != 50:
            continue
        esp = 14 + (f[14] & 15) * 4
        frames[struct.unpack_from(">II", f, esp)] = (f, esp)
    return frames

for line in sys.stdin:
    words = line.split()
    frames, spi, sent, missing = esp_frames(words[0]), int(words[1], 0), 0, []
    for w in words[2:]:
        seq, _, mod = w.partition(":")
        if (spi, int(seq)) not in frames:
            missing.append(w)
            continue
        f, esp = frames[(spi, int(seq))]
        if mod:
            f = bytearray(f)
            f[esp + 8 + ivlen + 4] ^= 0xff      # inside the ciphertext
            f = bytes(f)
        s.send(f)
        sent += 1
    print("sent", sent, "missing", ",".join(missing) or "-", flush=True)
'
coproc INJ { ip netns exec a $PY -S -c "$INJECTOR" ve-a 16 2>&1; }

# inject DESC PCAP SPI SEQ[:x]...: one line to the injector, which must
# have sent every packet asked for.
inject() {
	local desc=$1 reply n=$(($# - 3))
	shift
	echo "$*" >&"${INJ[1]}"
	if read -r -t 120 reply <&"${INJ[0]}" && [ "$reply" = "sent $n missing -" ]; then
		return 0
	fi
	not_ok "$desc: injecting $*"
	diag "injector: ${reply:-no answer}"
	return 1
}

# sa_get NS ID: the SA's replay window, last sequence number, and
# counters, into the array SA (one dump, parsed here: no jq to start).
declare -A SA
sa_get() {
	local json k re

	SA=()
	json=$(ip netns exec "$1" stvpn -j kernel sa show id "$2") || return 1
	for k in replay_window seq; do
		re="\"$k\":([0-9]+)"
		[[ ${json%%\"soft\"*} =~ $re ]] && SA[$k]=${BASH_REMATCH[1]}
	done
	for k in packets replay_errors esp_auth_failures esp_decrypt_failures bad_trailers; do
		re="\"$k\":([0-9]+)"
		[[ ${json#*\"stats\"} =~ $re ]] && SA[$k]=${BASH_REMATCH[1]}
	done
}

# sa_expect DESC NS ID PACKETS REPLAY AUTH: b's inbound SA must reach
# these counters. Received packets may still be in the crypto layer when
# the injector returns, so wait a little for the packet counter to move
# before comparing everything.
sa_expect() {
	local desc=$1 ns=$2 id=$3 p=$4 r=$5 a=$6

	for _ in 1 2 3 4 5 6 7 8 9 10; do
		sa_get "$ns" "$id"
		[ "${SA[packets]}.${SA[replay_errors]}.${SA[esp_auth_failures]}" = "$p.$r.$a" ] && break
		sleep 0.3
	done
	check_output "$desc" "^packets $p replay $r auth $a decrypt 0 trailer 0\$" \
		echo "packets ${SA[packets]} replay ${SA[replay_errors]} auth ${SA[esp_auth_failures]} decrypt ${SA[esp_decrypt_failures]} trailer ${SA[bad_trailers]}"
}

# cap_start NS IF FILE FILTER COUNT: tcpdump writing COUNT packets to FILE,
# in the background (its pid in CAPPER), once it is listening.
cap_start() {
	ip netns exec "$1" timeout 60 tcpdump -n -U --immediate-mode -i "$2" -c "$5" -w "$3" "$4" 2> "$3.err" &
	CAPPER=$!
	for _ in {1..50}; do
		grep -q 'listening on' "$3.err" 2> /dev/null && return 0
		sleep 0.2
	done
	return 1
}

EKEY=0x000102030405060708090a0b0c0d0e0f
AKEY=0x101112131415161718191a1b1c1d1e1f20212223
ALG="enc aes-128-cbc $EKEY auth hmac-sha1-96 $AKEY"
cap=$(mktemp)

# Test that the kernel refuses a window above STVPN_REPLAY_WINDOW_MAX.
# shellcheck disable=SC2086
check_fail_output "replay-window 4097 is refused by the kernel" 'out of range' \
	ip netns exec b stvpn kernel sa add id 9 dir in proto esp spi 0x9999 \
		src 192.0.2.1 dst 192.0.2.2 $ALG replay-window 4097

for W in 0 32 64 1024 4096; do
	X=$((0x10000 + W)) Y=$((0x20000 + W))
	ip netns exec a sh -c 'stvpn kernel binding del dev st0; stvpn kernel sa del id 1
		stvpn kernel sa del id 2' 2> /dev/null
	ip netns exec b sh -c 'stvpn kernel binding del dev st0; stvpn kernel sa del id 1
		stvpn kernel sa del id 2' 2> /dev/null

	# b has no SA for a's packets yet: they are only captured.
	# shellcheck disable=SC2086
	if ! ip netns exec a sh -ec "
		stvpn kernel sa add id 1 dir out proto esp spi $X src 192.0.2.1 dst 192.0.2.2 $ALG
		stvpn kernel sa add id 2 dir in proto esp spi $Y src 192.0.2.2 dst 192.0.2.1 $ALG
		stvpn kernel binding add dev st0 out-sa 1 in-sa 2" ||
	   ! ip netns exec b sh -ec "
		stvpn kernel sa add id 1 dir out proto esp spi $Y src 192.0.2.2 dst 192.0.2.1 $ALG
		stvpn kernel binding add dev st0 out-sa 1"; then
		not_ok "window $W: SAs and bindings"
		continue
	fi
	if ! cap_start b ve-b "$cap" "esp and src host 192.0.2.1" 5; then
		not_ok "window $W: tcpdump on ve-b"
		continue
	fi
	ip netns exec a ping -q -c 4 -i 0.2 -W 1 10.11.11.2 > /dev/null 2>&1

	# Test that b's inbound SA reports the window it was given.
	ip netns exec b sh -ec "
		stvpn kernel sa add id 2 dir in proto esp spi $X src 192.0.2.1 dst 192.0.2.2 $ALG replay-window $W
		stvpn kernel binding set dev st0 in-sa 2"
	sa_get b 2
	check_output "window $W: sa show reports replay-window $W" "^$W\$" echo "${SA[replay_window]}"

	# a's outbound SA moves on to sequence number W + 1.
	ip netns exec a sh -ec "
		stvpn kernel sa del id 1
		stvpn kernel sa add id 1 dir out proto esp spi $X src 192.0.2.1 dst 192.0.2.2 $ALG seq $((W + 1))
		stvpn kernel binding set dev st0 out-sa 1"
	check "window $W: ping a -> b with seq $((W + 2))" \
		ip netns exec a ping -q -c 1 -W 5 10.11.11.2
	wait $CAPPER
	sa_get b 2
	check_output "window $W: b accepted 1 packet, highest seq $((W + 2))" \
		"^1 $((W + 2))\$" echo "${SA[packets]} ${SA[seq]}"

	# Test the edges of the window: 3 inside, 1 and 2 outside (too old),
	# all three accepted without a window.
	if inject "window $W" "$cap" $X 1 2 3; then
		if [ $W = 0 ]; then
			sa_expect "window 0: seq 1, 2, 3 injected: all accepted" b 2 4 0 0
		else
			sa_expect "window $W: seq 1, 2, 3 injected: 3 accepted, 1 and 2 replay errors" b 2 2 2 0
		fi
	fi

	# Test that the same packets again are replays, and that a changed
	# byte fails the ICV check of an unseen number (4) but not a
	# replayed one (3), which is refused before any decryption.
	if inject "window $W" "$cap" $X 1 2 3 4:x 3:x; then
		if [ $W = 0 ]; then
			sa_expect "window 0: 1, 2, 3 again accepted; 4 and 3 changed: 2 ESP auth failures" b 2 7 0 2
		else
			sa_expect "window $W: 1, 2, 3 again: 3 replays; 4 changed: auth failure; 3 changed: replay" b 2 2 6 1
		fi
	fi

	# Test that the failed packet did not use up number 4: the real one
	# is accepted, and a second copy of it is a replay.
	if inject "window $W" "$cap" $X 4 4; then
		if [ $W = 0 ]; then
			sa_expect "window 0: seq 4 twice: both accepted" b 2 9 0 2
		else
			sa_expect "window $W: seq 4 accepted once, then a replay error" b 2 3 7 1
		fi
	fi
done
rm -f "$cap" "$cap.err"

# Test that a's traffic still flows after all this.
check "ping a -> b after the injections" ip netns exec a ping -q -c 2 -i 0.2 -W 5 10.11.11.2

eval "exec ${INJ[1]}>&-"
wait "$INJ_PID" 2> /dev/null
st_done
