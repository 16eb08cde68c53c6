#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The outer IPv4 header an SA writes: the DF bit under each df-bit policy
# (clear, set, copy) for inner packets with and without DF, the DSCP with
# and without dscp-copy, and ECN carried out (RFC 6040 normal mode), as
# tcpdump sees them on the wire.
#
#   +------------- ns "a" --------------+        +----------- ns "b" -----------+
#   | st0 p2p 10.11.11.1 -> .2, fd11::1 |        | st0 p2p 10.11.11.2, fd11::2  |
#   | ve-a 192.0.2.1/24                 |========| ve-b 192.0.2.2/24            |
#   +-----------------------------------+  veth  +------------------------------+
#
# shellcheck disable=SC1091,SC2086
. "$(dirname "$0")/lib.sh"
st_init
command -v tcpdump > /dev/null || st_skip_all "tcpdump not found"
st_two_hosts
A="ip netns exec a" B="ip netns exec b"
ip -n a addr add fd11::1/64 dev st0 nodad
ip -n b addr add fd11::2/64 dev st0 nodad

KEY=0x00112233445566778899aabbccddeeff00112233

# sas ARGS...: a fresh SA pair with ARGS on a's outbound SA (only its
# header is looked at) and the bindings.
sas() {
	$A stvpn kernel binding del dev st0 2> /dev/null
	$B stvpn kernel binding del dev st0 2> /dev/null
	$A stvpn kernel sa del id 1 2> /dev/null
	$B stvpn kernel sa del id 2 2> /dev/null
	$A stvpn kernel sa add id 1 dir out proto esp spi 0x1001 src 192.0.2.1 \
		dst 192.0.2.2 enc aes-128-gcm $KEY "$@" &&
	$B stvpn kernel sa add id 2 dir in proto esp spi 0x1001 src 192.0.2.1 \
		dst 192.0.2.2 enc aes-128-gcm $KEY &&
	$A stvpn kernel binding add dev st0 out-sa 1 &&
	$B stvpn kernel binding add dev st0 in-sa 2
}

# outer PING-ARGS...: one ping from a through the tunnel; prints the
# outer header of its ESP packet as "tos 0xNN df|nodf".
outer() {
	local cap line tos df=nodf

	cap=$(mktemp)
	$B timeout 20 tcpdump -n -v -l --immediate-mode -c 1 -i ve-b 'esp and src host 192.0.2.1' \
		> "$cap" 2> "$cap.err" &
	tcpdump_ready "$cap.err" || echo "tcpdump did not start" >&2
	$A ping -q -c 1 -W 2 "$@" > /dev/null 2>&1
	wait $!
	line=$(head -n 1 "$cap")
	rm -f "$cap" "$cap.err"
	[[ $line =~ tos\ (0x[0-9a-f]+) ]] && tos=${BASH_REMATCH[1]}
	[[ $line =~ flags\ \[DF\] ]] && df=df
	echo "tos ${tos:-none} $df"
}

# --- DF bit ------------------------------------------------------------------

# Test each df-bit policy with an inner packet that has DF (-M do) and
# one that has not (-M dont). The module's default is copy, as XFRM's
# (the agent asks for Junos' default, clear, itself).
check "SAs with the default df-bit" sas
check_output "sa show: df-bit copy by default" '"df_bit":"copy"' \
	$A stvpn -j kernel sa show id 1
check_output "default (copy): inner DF -> outer DF" ' df$' outer -M do 10.11.11.2
check "SAs with df-bit set" sas df-bit set
check_output "set: inner without DF -> outer DF" ' df$' outer -M dont 10.11.11.2
check_output "set: inner DF -> outer DF" ' df$' outer -M do 10.11.11.2
check "SAs with df-bit copy" sas df-bit copy
check_output "copy: inner DF -> outer DF" ' df$' outer -M do 10.11.11.2
check_output "copy: inner without DF -> outer without DF" 'nodf$' \
	outer -M dont 10.11.11.2
check_output "copy: inner IPv6 (never fragmented on the way) -> outer DF" ' df$' \
	outer -6 fd11::2
check "SAs with df-bit clear" sas df-bit clear
check_output "clear: inner DF -> outer without DF" 'nodf$' outer -M do 10.11.11.2

# --- DSCP and ECN ---------------------------------------------------------

# Test that the DSCP is copied only with dscp-copy, and that ECN is
# always carried to the outer header.
check "SAs without dscp-copy" sas
check_output "no dscp-copy: inner DSCP EF (tos 0xb8) -> outer tos 0x0" '^tos 0x0 ' \
	outer -Q 0xb8 10.11.11.2
check_output "no dscp-copy: inner ECT(0) -> outer ECT(0) (tos 0x2)" '^tos 0x2 ' \
	outer -Q 0x02 10.11.11.2
check "SAs with dscp-copy" sas dscp-copy
check_output "dscp-copy: inner EF -> outer tos 0xb8" '^tos 0xb8 ' \
	outer -Q 0xb8 10.11.11.2
check_output "dscp-copy: inner AF41 + ECT(0) (tos 0x8a) -> outer tos 0x8a" '^tos 0x8a ' \
	outer -Q 0x8a 10.11.11.2
check_output "dscp-copy: inner IPv6 traffic class 0xb8 -> outer tos 0xb8" '^tos 0xb8 ' \
	outer -6 -Q 0xb8 fd11::2

st_done
