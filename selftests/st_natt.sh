#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# NAT traversal (RFC 3948): host a sits behind a source NAT that maps UDP
# to ports 40000-40999 (never 4500), so the responders must send to the
# port the NAT chose, which they learn, as IKE would, from the first packet
# they see. First st <-> st (b), with the module owning the NAT-T socket at
# both ends; at b that socket belongs to st_udp, which prints what the
# module leaves on it: IKE (non-ESP marker) and NAT keepalives must arrive
# there, ESP must not. Then st <-> Linux XFRM (x), whose NAT-T socket is
# st_udp's too, with UDP_ENCAP_ESPINUDP set on it as an IKE daemon would.
#
#   +------ ns "a" ------+   +-------------- ns "n": NAT ----------------+
#   | st0 10.11.11.1->.2 |   | UDP: source NAT to ports 40000-40999,     |
#   | st1 10.12.12.1->.2 |   | masquerading to the outgoing address      |
#   | ve-a               |===| ve-na 192.168.168.1/24                    |
#   | 192.168.168.2/24   |   |                                           |
#   | default via .1     |   | ve-nb 203.0.113.1/24   ve-nx 198.51.100.1/24
#   +--------------------+   +-----------||-----------------||-----------+
#                                        ||                 ||
#   +------- ns "b": st ---------------+ ||  +------- ns "x": XFRM -----------+
#   | ve-b 203.0.113.2/24              |=++  | ve-x 198.51.100.2/24           |==++
#   | st0 10.11.11.2 -> .1             |     | ipsec0 (if_id 7) 10.12.12.2->.1|
#   | UDP 4500: st_udp -m stvpn        |     | UDP 4500: st_udp -m xfrm       |
#   +----------------------------------+     +--------------------------------+
#
# shellcheck disable=SC1091
. "$(dirname "$0")/lib.sh"
st_init
command -v nft > /dev/null || st_skip_all "nft not found (package nftables): no NAT"
command -v st_udp > /dev/null || st_skip_all "st_udp not built (make -C selftests)"
command -v tcpdump > /dev/null || st_skip_all "tcpdump not found"
command -v jq > /dev/null || st_skip_all "jq not found"
for m in esp4 xfrm_interface; do
	modprobe "$m" 2> /dev/null || st_skip_all "no $m module: cannot run XFRM"
done
ns_add a n b x
TMP=$(mktemp -d)
trap 'st_cleanup; rm -rf "$TMP"' EXIT

ip link add ve-a netns a type veth peer name ve-na netns n
ip link add ve-b netns b type veth peer name ve-nb netns n
ip link add ve-x netns x type veth peer name ve-nx netns n
ip -n a addr add 192.168.168.2/24 dev ve-a
ip -n n addr add 192.168.168.1/24 dev ve-na
ip -n n addr add 203.0.113.1/24 dev ve-nb
ip -n b addr add 203.0.113.2/24 dev ve-b
ip -n n addr add 198.51.100.1/24 dev ve-nx
ip -n x addr add 198.51.100.2/24 dev ve-x
for l in a/ve-a n/ve-na n/ve-nb b/ve-b n/ve-nx x/ve-x; do
	ip -n "${l%/*}" link set "${l#*/}" up
done
ip -n a route add default via 192.168.168.1
ip netns exec n sysctl -qw net.ipv4.ip_forward=1

check "NAT in n: UDP from 192.168.168.0/24 to ports 40000-40999 of the outgoing address" \
	ip netns exec n nft -f - <<-EOF
	table ip nat {
		chain postrouting {
			type nat hook postrouting priority srcnat; policy accept;
			ip saddr 192.168.168.0/24 meta l4proto udp masquerade to :40000-40999
			ip saddr 192.168.168.0/24 masquerade
		}
	}
	EOF

A=192.168.168.2
B=203.0.113.2 NAT_B=203.0.113.1
X=198.51.100.2 NAT_X=198.51.100.1

st_stat() {	# NS ID FIELD: a counter of our SA ID in NS
	ip netns exec "$1" stvpn -j kernel sa show id "$2" | jq -r ".sas[0].stats.$3"
}

# capture NS DEV NAME: records DEV's traffic into $TMP/NAME until stopped
# with stop_capture NAME.
declare -A CAPTURES
capture() {
	ip netns exec "$1" tcpdump -n -U --immediate-mode -i "$2" -w "$TMP/$3" 'not arp' 2> "$TMP/$3.log" &
	CAPTURES[$3]=$!
	for _ in $(seq 100); do
		grep -q listening "$TMP/$3.log" && return 0
		sleep 0.2
	done
}
stop_capture() {
	kill -INT "${CAPTURES[$1]}"
	wait "${CAPTURES[$1]}"
}
# shown NAME FILTER: what tcpdump shows of capture NAME through FILTER.
shown() { tcpdump -n -r "$TMP/$1" "$2" 2> /dev/null; }

# The port the NAT mapped a's port 4500 to, from a capture of ESP in UDP.
nat_port() {
	local re="IP ${2//./\\.}\\.([0-9]+) > [0-9.]+\\.4500: UDP-encap"
	[[ $(shown "$1" "udp dst port 4500") =~ $re ]] && echo "${BASH_REMATCH[1]}"
}

# wait_for FILE REGEX: up to 10 s for a line of FILE to match.
wait_for() {
	for _ in $(seq 50); do
		grep -Eq -- "$2" "$1" && return 0
		sleep 0.2
	done
	return 1
}

KEY1=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
KEY2=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
AUTH1=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
AUTH2=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
CBC1="enc aes-256-cbc $KEY1 auth hmac-sha-256-128 $AUTH1"
CBC2="enc aes-256-cbc $KEY2 auth hmac-sha-256-128 $AUTH2"

# --- st <-> st through the NAT ------------------------------------------

# Test that the module's NAT-T socket is set up from the CLI in a (it binds
# UDP 4500) and from st_udp in b, which keeps reading it.
check "a: stvpn kernel encap set port 4500" ip netns exec a stvpn kernel encap set port 4500
check_output "a: UDP 4500 is bound" ':4500\b' ip netns exec a ss -uan
ip netns exec b st_udp listen -m stvpn -t 200 4500 > "$TMP/b.udp" 2> "$TMP/b.err" &
if wait_for "$TMP/b.udp" '^ready$'; then
	ok "b: st_udp handed its UDP 4500 socket to the module"
else
	not_ok "b: st_udp handed its UDP 4500 socket to the module"
	diag "$(cat "$TMP/b.err")"
fi

for n in a b; do
	ip -n $n link add st0 type st
	ip -n $n link set st0 up
done
ip -n a addr add 10.11.11.1 peer 10.11.11.2 dev st0
ip -n b addr add 10.11.11.2 peer 10.11.11.1 dev st0

# shellcheck disable=SC2086
check "a: SAs to b in UDP 4500 -> 4500, and st0's binding" sh -c "
	ip netns exec a stvpn kernel sa add id 1 dir out proto esp spi 0x1001 src $A dst $B \
		$CBC1 encap udp sport 4500 dport 4500 &&
	ip netns exec a stvpn kernel sa add id 2 dir in proto esp spi 0x2002 src $B dst $A \
		$CBC2 encap udp sport 4500 dport 4500 &&
	ip netns exec a stvpn kernel binding add dev st0 out-sa 1 in-sa 2"

# Test that the responder learns the NAT's port from the first packet: it
# comes to b's port 4500 from the NAT's public address and a port of the
# NAT's range.
capture a ve-a a1
capture b ve-b b1
ip netns exec a ping -q -c 1 -W 1 10.11.11.2 > /dev/null
PORT_B=$(nat_port b1 $NAT_B)
if [ -n "$PORT_B" ] && [ "$PORT_B" -ge 40000 ] && [ "$PORT_B" -le 40999 ]; then
	ok "b sees a's ESP in UDP from the NAT, $NAT_B port $PORT_B"
else
	not_ok "b sees a's ESP in UDP from the NAT, port 40000-40999"
	diag "$(shown b1 udp | head -5)"
	PORT_B=40000
fi

# shellcheck disable=SC2086
check "b: SAs to the NAT's $NAT_B:$PORT_B, and st0's binding" sh -c "
	ip netns exec b stvpn kernel sa add id 1 dir out proto esp spi 0x2002 src $B dst $NAT_B \
		$CBC2 encap udp sport 4500 dport $PORT_B &&
	ip netns exec b stvpn kernel sa add id 2 dir in proto esp spi 0x1001 src $NAT_B dst $B \
		$CBC1 encap udp sport $PORT_B dport 4500 &&
	ip netns exec b stvpn kernel binding add dev st0 out-sa 1 in-sa 2"
check_output "b's outbound SA shows the NAT's port" "\"dport\":$PORT_B" \
	ip netns exec b stvpn -j kernel sa show id 1

# Test that traffic flows both ways through the NAT and each SA counts it.
check "ping a -> b through the NAT" ip netns exec a ping -q -c 3 -i 0.2 -W 2 10.11.11.2
check "ping b -> a through the NAT" ip netns exec b ping -q -c 3 -i 0.2 -W 2 10.11.11.1
for s in "a 1 out" "a 2 in" "b 1 out" "b 2 in"; do
	# shellcheck disable=SC2086
	set -- $s
	check_output "$1: SA $2 ($3) counted the 6 packets" '^([6-9]|[1-9][0-9]+)$' \
		st_stat "$1" "$2" packets
done

# Test that the NAT-T datagrams are ESP in UDP on both sides of the NAT
# (a's address and port 4500 inside, the NAT's address and port outside),
# with no bare ESP and no inner packet in the clear.
stop_capture a1
stop_capture b1
for spi in 0x00001001 0x00002002; do
	check_output "inside the NAT: ESP in UDP $A:4500 <-> $B:4500, SPI $spi" \
		"$A\\.4500 [<>] $B\\.4500: UDP-encap: ESP\\(spi=$spi|$B\\.4500 > $A\\.4500: UDP-encap: ESP\\(spi=$spi" \
		shown a1 "udp port 4500"
	check_output "outside the NAT: ESP in UDP $NAT_B:$PORT_B <-> $B:4500, SPI $spi" \
		"$NAT_B\\.$PORT_B > $B\\.4500: UDP-encap: ESP\\(spi=$spi|$B\\.4500 > $NAT_B\\.$PORT_B: UDP-encap: ESP\\(spi=$spi" \
		shown b1 "udp port 4500"
done
for c in a1 b1; do
	check_output "$c: no bare ESP, no inner packet in the clear" '^0$' \
		sh -c "tcpdump -n -r '$TMP/$c' 'esp or net 10.11.11.0/24' 2>/dev/null | wc -l"
done

# Test that what is not ESP stays on the socket for userspace: a datagram
# with the non-ESP marker (IKE) and a NAT keepalive (one byte 0xff) reach
# st_udp in b; the ESP of the pings above did not.
check "a sends b's port 4500 an IKE datagram (non-ESP marker)" \
	ip netns exec a st_udp send $B 4500 000000002a2a2a2a4b4b4b4b
check "a sends b's port 4500 a NAT keepalive" ip netns exec a st_udp send $B 4500 ff
if wait_for "$TMP/b.udp" " 1 ff\$"; then
	ok "b: the keepalive reached userspace"
else
	not_ok "b: the keepalive reached userspace"
fi
check_output "b: the IKE datagram reached userspace, as it was" \
	"^$NAT_B:4[0-9]{4} 12 000000002a2a2a2a4b4b4b4b\$" cat "$TMP/b.udp"
check_output "b: nothing else did: no ESP" '^3$' sh -c "wc -l < '$TMP/b.udp'"
check_output "b: ESP counted by the module all the same" '^([6-9]|[1-9][0-9]+)$' \
	st_stat b 2 packets

# Test that the module holds its socket (the port stays taken), that
# "encap del" lets it go, and that a new socket then takes over.
check_fail_output "a: a second socket for port 4500 cannot be bound" \
	'Address already in use' ip netns exec a stvpn kernel encap set port 4500
check "a: stvpn kernel encap del" ip netns exec a stvpn kernel encap del
check_fail_output "a: encap del again: none is set" 'no NAT-T socket is set' \
	ip netns exec a stvpn kernel encap del
check "a: stvpn kernel encap set port 4500 again" \
	ip netns exec a stvpn kernel encap set port 4500
check "and traffic still flows" ip netns exec a ping -q -c 2 -i 0.2 -W 2 10.11.11.2

# --- st <-> XFRM through the NAT ----------------------------------------

ip netns exec x st_udp listen -m xfrm -t 200 4500 > "$TMP/x.udp" 2> "$TMP/x.err" &
if wait_for "$TMP/x.udp" '^ready$'; then
	ok "x: st_udp opened UDP 4500 with UDP_ENCAP_ESPINUDP for XFRM"
else
	not_ok "x: st_udp opened UDP 4500 with UDP_ENCAP_ESPINUDP for XFRM"
	diag "$(cat "$TMP/x.err")"
fi
ip -n a link add st1 type st
ip -n a link set st1 up
ip -n a addr add 10.12.12.1 peer 10.12.12.2 dev st1
ip -n x link add ipsec0 type xfrm dev ve-x if_id 7
ip -n x link set ipsec0 up
ip -n x addr add 10.12.12.2 peer 10.12.12.1 dev ipsec0

GCM1=$(od -An -tx1 -N20 /dev/urandom | tr -d ' \n')
GCM2=$(od -An -tx1 -N20 /dev/urandom | tr -d ' \n')
check "a: SAs to x in UDP 4500 -> 4500 (aes-128-gcm), and st1's binding" sh -c "
	ip netns exec a stvpn kernel sa add id 3 dir out proto esp spi 0x3003 src $A dst $X \
		enc aes-128-gcm $GCM1 encap udp sport 4500 dport 4500 &&
	ip netns exec a stvpn kernel sa add id 4 dir in proto esp spi 0x4004 src $X dst $A \
		enc aes-128-gcm $GCM2 encap udp sport 4500 dport 4500 &&
	ip netns exec a stvpn kernel binding add dev st1 out-sa 3 in-sa 4"

capture a ve-a a2
capture x ve-x x2
ip netns exec a ping -q -c 1 -W 1 10.12.12.2 > /dev/null
PORT_X=$(nat_port x2 $NAT_X)
if [ -n "$PORT_X" ] && [ "$PORT_X" -ge 40000 ] && [ "$PORT_X" -le 40999 ]; then
	ok "x sees a's ESP in UDP from the NAT, $NAT_X port $PORT_X"
else
	not_ok "x sees a's ESP in UDP from the NAT, port 40000-40999"
	diag "$(shown x2 udp | head -5)"
	PORT_X=40000
fi

xfrm_x() {
	ip -n x -batch - <<-EOF
	xfrm state add src $NAT_X dst $X proto esp spi 0x3003 mode tunnel if_id 7 aead rfc4106(gcm(aes)) 0x$GCM1 128 encap espinudp $PORT_X 4500 0.0.0.0
	xfrm state add src $X dst $NAT_X proto esp spi 0x4004 mode tunnel if_id 7 aead rfc4106(gcm(aes)) 0x$GCM2 128 encap espinudp 4500 $PORT_X 0.0.0.0
	xfrm policy add src 0.0.0.0/0 dst 0.0.0.0/0 dir out tmpl src $X dst $NAT_X proto esp mode tunnel if_id 7
	xfrm policy add src 0.0.0.0/0 dst 0.0.0.0/0 dir in tmpl src $NAT_X dst $X proto esp mode tunnel if_id 7
	EOF
}
check "x: XFRM states in UDP to the NAT's $NAT_X:$PORT_X, policies for ipsec0" xfrm_x

# xfrm_stat SPI: the packets x's XFRM state with SPI counted.
xfrm_stat() {
	ip -n x -s xfrm state list spi "$1" | awk '
		/^[ \t]*[0-9]+\(bytes\), [0-9]+\(packets\)/ {
			sub(/\(packets\).*/, ""); sub(/.* /, ""); print }'
}

check "ping a (st1) -> x (XFRM) through the NAT" ip netns exec a ping -q -c 3 -i 0.2 -W 2 10.12.12.2
check "ping x (XFRM) -> a (st1) through the NAT" ip netns exec x ping -q -c 3 -i 0.2 -W 2 10.12.12.1
check_output "a: SA 3 (out) counted the 6 packets" '^([6-9]|[1-9][0-9]+)$' st_stat a 3 packets
check_output "a: SA 4 (in) counted the 6 packets" '^([6-9]|[1-9][0-9]+)$' st_stat a 4 packets
check_output "x: XFRM state 0x3003 (in) counted the 6 packets" '^([6-9]|[1-9][0-9]+)$' xfrm_stat 0x3003
check_output "x: XFRM state 0x4004 (out) counted the 6 packets" '^([6-9]|[1-9][0-9]+)$' xfrm_stat 0x4004
check "and st0 a <-> b still works beside it" ip netns exec b ping -q -c 2 -i 0.2 -W 2 10.11.11.1
check_output "x: XFRM took the ESP off its socket: none reached userspace" '^1$' \
	sh -c "wc -l < '$TMP/x.udp'"

stop_capture a2
stop_capture x2
for spi in 0x00003003 0x00004004; do
	check_output "inside the NAT: ESP in UDP $A:4500 <-> $X:4500, SPI $spi" \
		"$A\\.4500 > $X\\.4500: UDP-encap: ESP\\(spi=$spi|$X\\.4500 > $A\\.4500: UDP-encap: ESP\\(spi=$spi" \
		shown a2 "udp port 4500 and host $X"
	check_output "outside the NAT: ESP in UDP $NAT_X:$PORT_X <-> $X:4500, SPI $spi" \
		"$NAT_X\\.$PORT_X > $X\\.4500: UDP-encap: ESP\\(spi=$spi|$X\\.4500 > $NAT_X\\.$PORT_X: UDP-encap: ESP\\(spi=$spi" \
		shown x2 "udp port 4500"
done
check_output "x2: no bare ESP, no inner packet in the clear" '^0$' \
	sh -c "tcpdump -n -r '$TMP/x2' 'esp or net 10.12.12.0/24' 2>/dev/null | wc -l"

st_done
