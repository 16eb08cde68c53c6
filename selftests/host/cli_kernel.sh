#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# "stvpn kernel ...": the command lines that are refused before the CLI
# talks to the kernel. Each is a usage error (exit 2) whose message quotes
# the offending input, whether or not the module is loaded: the CLI
# parses the whole line before it opens the netlink socket.
#
# shellcheck disable=SC1091
. "$(dirname "$0")/../lib.sh"
host_init

status() {	# status EXPECTED COMMAND...: the command exits with EXPECTED
	local want=$1; shift
	"$@" > /dev/null 2>&1
	[ $? = "$want" ]
}

# usage DESCRIPTION REGEX ARGS...: "stvpn ARGS" says REGEX and exits 2.
usage() {
	local desc=$1 re=$2; shift 2
	check_fail_output "$desc" "$re" stvpn "$@"
	check "$desc: exit 2" status 2 stvpn "$@"
}

SA=(id 10 dir out proto esp spi 0x1000)
V4=(src 192.0.2.1 dst 192.0.2.2)
SA_OK=("${SA[@]}" "${V4[@]}")
KEY=0x00112233445566778899aabbccddeeff

# Test the SA parameters.
usage "sa add: bad spi" "invalid spi: '0xzz'" \
	kernel sa add id 10 dir out proto esp spi 0xzz "${V4[@]}"
usage "sa add: spi out of range" "invalid spi: '4294967296'" \
	kernel sa add id 10 dir out proto esp spi 4294967296 "${V4[@]}"
usage "sa add: negative id" "invalid id: '-1'" \
	kernel sa add id -1 dir out proto esp spi 256 "${V4[@]}"
usage "sa add: bad src address" "invalid src address: '192.0.2'" \
	kernel sa add "${SA[@]}" src 192.0.2 dst 192.0.2.2
usage "sa add: bad dst address" "invalid dst address: '2001:db8::zz'" \
	kernel sa add "${SA[@]}" src 2001:db8::1 dst 2001:db8::zz
usage "sa add: src and dst of different families" \
	"src '192.0.2.1' and dst '2001:db8::2' are not of the same address family" \
	kernel sa add "${SA[@]}" src 192.0.2.1 dst 2001:db8::2
usage "sa add: unknown enc algorithm" "unknown encryption algorithm: 'aes-512-cbc'" \
	kernel sa add "${SA_OK[@]}" enc aes-512-cbc $KEY
usage "sa add: unknown auth algorithm" "unknown authentication algorithm: 'hmac-sha1'" \
	kernel sa add "${SA_OK[@]}" auth hmac-sha1 $KEY
usage "sa add: non-hex enc key" "invalid enc key: '0x00zz'" \
	kernel sa add "${SA_OK[@]}" enc aes-128-cbc 0x00zz
usage "sa add: odd number of hex digits" "invalid auth key: '0x123'" \
	kernel sa add "${SA_OK[@]}" auth hmac-sha1-96 0x123
usage "sa add: enc without its key" "'enc aes-128-cbc' needs a key" \
	kernel sa add "${SA_OK[@]}" enc aes-128-cbc
usage "sa add: enc null with a malformed key" "invalid enc key: '0xq'" \
	kernel sa add "${SA_OK[@]}" enc null 0xq
usage "sa add without spi" "kernel sa add: missing 'spi'" \
	kernel sa add id 10 dir out proto esp "${V4[@]}"
usage "sa add without id" "kernel sa add: missing 'id'" \
	kernel sa add dir out proto esp spi 256 "${V4[@]}"
usage "sa add without dst" "kernel sa add: missing 'dst'" \
	kernel sa add "${SA[@]}" src 192.0.2.1
usage "sa add: a keyword without its value" "'replay-window' needs a value" \
	kernel sa add "${SA_OK[@]}" replay-window
usage "sa add: a keyword twice" "'spi' given twice" \
	kernel sa add "${SA_OK[@]}" spi 257
usage "sa add: unknown keyword" "unknown argument 'lifetime'" \
	kernel sa add "${SA_OK[@]}" lifetime 3600
usage "sa add: bad dir" "invalid dir: 'both'" \
	kernel sa add id 10 dir both proto esp spi 256 "${V4[@]}"
usage "sa add: bad proto" "invalid proto: 'gre'" \
	kernel sa add id 10 dir in proto gre spi 256 "${V4[@]}"
usage "sa add: bad mode" "invalid mode: 'beet'" \
	kernel sa add "${SA_OK[@]}" mode beet
usage "sa add: bad df-bit" "invalid df-bit: 'maybe'" \
	kernel sa add "${SA_OK[@]}" df-bit maybe
usage "sa add: replay-window out of range" "invalid replay-window: '99999999999'" \
	kernel sa add "${SA_OK[@]}" replay-window 99999999999
usage "sa add: encap other than udp" "invalid encap: 'tcp'" \
	kernel sa add "${SA_OK[@]}" encap tcp sport 4500 dport 4500
usage "sa add: encap without dport" "missing 'dport'" \
	kernel sa add "${SA_OK[@]}" encap udp sport 4500
usage "sa add: encap port out of range" "invalid sport: '65536'" \
	kernel sa add "${SA_OK[@]}" encap udp sport 65536 dport 4500
usage "sa add: soft without a limit" "'soft' needs bytes N, packets N or seconds N" \
	kernel sa add "${SA_OK[@]}" soft
usage "sa add: bad lifetime" "invalid hard seconds: '1h'" \
	kernel sa add "${SA_OK[@]}" hard seconds 1h
usage "sa set without lifetimes" "kernel sa set: nothing to change" \
	kernel sa set id 10
usage "sa set: bad id" "invalid id: 'ten'" kernel sa set id ten soft seconds 60
usage "sa del without id" "kernel sa del: missing 'id'" kernel sa del
usage "sa show: unknown keyword" "unknown argument 'spi'" kernel sa show spi 256
usage "sa: unknown command" "kernel sa: unknown command 'flush'" kernel sa flush

# Test bindings, devices, statistics, NAT-T and the monitor.
usage "binding add without dev" "kernel binding add: missing 'dev'" \
	kernel binding add nexthop 10.11.11.11 out-sa 10
usage "binding add: bad nexthop" "invalid nexthop address: '10.11.11.256'" \
	kernel binding add dev st0 nexthop 10.11.11.256
usage "binding add: static and auto" "give one of 'static' and 'auto'" \
	kernel binding add dev st0 static auto
usage "binding add: bad in-sa" "invalid in-sa id: '0x'" \
	kernel binding add dev st0 in-sa 0x
usage "binding add: an over-long device name" "invalid interface name: 'abcdefghijklmnopq'" \
	kernel binding add dev abcdefghijklmnopq
usage "binding set: nothing to change" "kernel binding set: nothing to change" \
	kernel binding set dev st0
usage "binding set: up and down" "give one of 'up' and 'down'" \
	kernel binding set dev st0 up down
usage "binding del: unknown keyword" "kernel binding del: unknown argument 'out-sa'" \
	kernel binding del dev st0 out-sa 10
usage "binding show: a name without dev" "unknown argument 'st0'" \
	kernel binding show st0
usage "device set: tcp-mss not a number" "invalid tcp-mss: '1350b'" \
	kernel device set st0 tcp-mss 1350b
usage "device set: tcp-mss out of range" "invalid tcp-mss: '65536'" \
	kernel device set st0 tcp-mss 65536
usage "device set without tcp-mss" "kernel device set: missing 'tcp-mss'" \
	kernel device set st0
usage "stats clear: bad sa id" "invalid sa id: 'x'" kernel stats clear sa x
usage "stats clear: sa and dev" "unexpected argument 'dev'" \
	kernel stats clear sa 1 dev st0
usage "encap set without port" "kernel encap set: missing 'port'" \
	kernel encap set address 192.0.2.1
usage "encap set: port 0" "invalid port: '0'" kernel encap set port 0
usage "encap set: bad address" "invalid local address: '::g'" \
	kernel encap set port 4500 address ::g
usage "encap del with an argument" "kernel encap del: unexpected argument 'port'" \
	kernel encap del port 4500
usage "encap: unknown command" "kernel encap: unknown command 'show'" kernel encap show
usage "monitor with an argument" "kernel monitor: unexpected argument 'all'" \
	kernel monitor all
usage "kernel: unknown object" "kernel: unknown object 'policy'" kernel policy show

for cmd in "sa add" "sa set" "sa del" "sa show" "binding add" "binding set" \
	   "binding del" "binding show" "device show" "device set" "stats clear" \
	   "encap set" "encap del" "monitor"; do
	check_output "kernel help lists '$cmd'" "^  $cmd( |\$)" stvpn kernel help
done
check "kernel help exits 0" status 0 stvpn kernel help
check "an error elsewhere on the line does not print the key" \
	sh -c "! stvpn kernel sa add id 10 dir out proto esp spi zz src 192.0.2.1 \
	       dst 192.0.2.2 enc aes-128-cbc $KEY 2>&1 | grep -q 00112233"

# Test that well-formed lines get as far as the kernel.
if genl ctrl get name stvpn > /dev/null 2>&1; then
	skip "well-formed commands reach the module (the module is loaded here)"
else
	for cmd in "sa add ${SA_OK[*]} enc aes-128-cbc $KEY auth hmac-sha1-96 $KEY soft seconds 60" \
		   "sa add ${SA_OK[*]} enc null" \
		   "sa set id 10 hard bytes 0x100000" "sa del id 10" "sa show" \
		   "binding add dev st0 nexthop 2001:db8::1 static out-sa 10 in-sa 11 in-sa 12" \
		   "binding set dev st0 down" "binding show dev st0" \
		   "device show st0 detail" "device set st0 tcp-mss 0" \
		   "stats clear dev st0" "encap set port 4500 address ::" "monitor"; do
		# shellcheck disable=SC2086
		check "no module: '$cmd' parses and exits 3" status 3 stvpn kernel $cmd
	done
fi

host_done
