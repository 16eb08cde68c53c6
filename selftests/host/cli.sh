#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The stvpn CLI and stvpnd command lines: usage, errors and exit codes
# (0 ok, 1 failed, 2 usage, 3 module or daemon unavailable).
#
# shellcheck disable=SC1091
. "$(dirname "$0")/../lib.sh"
host_init

status() {	# status EXPECTED COMMAND...: the command exits with EXPECTED
	local want=$1; shift
	"$@" > /dev/null 2>&1
	[ $? = "$want" ]
}

check_output "stvpn help lists the kernel commands" 'kernel device show' stvpn help
check "stvpn help exits 0" status 0 stvpn help
check_output "stvpn --version" '^stvpn [0-9]' stvpn --version
check_fail_output "unknown command: quoted, usage" "unknown command 'frobnicate'" stvpn frobnicate
check "unknown command exits 2" status 2 stvpn frobnicate
check "unknown option exits 2" status 2 stvpn --frob
check "no command exits 2" status 2 stvpn
check_fail_output "unsupported pipe is refused" "the only ones are '\| display json' and '\| display set'" \
	stvpn kernel device show '|' count
check "unsupported pipe exits 2" status 2 stvpn kernel device show '|' count
check "kernel without a subcommand exits 2" status 2 stvpn kernel
check "kernel device show with two names exits 2" status 2 stvpn kernel device show a b
check_fail_output "an over-long interface name is refused, quoted" \
	"invalid interface name: 'abcdefghijklmnopq'" stvpn kernel device show abcdefghijklmnopq

if genl ctrl get name stvpn > /dev/null 2>&1; then
	skip "no module: exit 3 with a hint (the module is loaded here)"
else
	check_fail_output "no module: the CLI says so" 'is the stvpn module loaded\?' \
		stvpn kernel device show
	check "no module: exit 3" status 3 stvpn kernel device show
fi

check_output "stvpnd -V" '^stvpnd [0-9]' stvpnd -V
check "stvpnd with an unknown option exits 2" status 2 stvpnd -x
if genl ctrl get name stvpn > /dev/null 2>&1; then
	skip "stvpnd without the module: exit 1 with a hint (the module is loaded here)"
else
	sockdir=$(mktemp -d)
	check_fail_output "stvpnd without the module says so" 'is the stvpn module loaded\?' \
		stvpnd -f /dev/null -s "$sockdir/run/stvpnd.sock"
	check "stvpnd without the module exits 1" status 1 stvpnd -f /dev/null -s "$sockdir/run/s"
	check "and makes nothing, not even the socket's directory" test ! -e "$sockdir/run"
	rm -rf "$sockdir"
fi

# The operational commands are stvpnd's; without it the CLI says so.
check_fail_output "no daemon: the CLI says so, naming the socket" \
	"stvpnd is not running \(nothing answers on /nonexistent/stvpnd\.sock\)" \
	stvpn -s /nonexistent/stvpnd.sock show security ipsec security-associations
check "no daemon: exit 3" status 3 stvpn -s /nonexistent/stvpnd.sock show security ipsec statistics
check "no daemon, by STVPN_SOCKET: exit 3" status 3 \
	env STVPN_SOCKET=/nonexistent/stvpnd.sock stvpn clear security ipsec statistics
check "-s without a path exits 2" status 2 stvpn -s

# Help at every level: "?" as the last word, or "help" first.
check_output "stvpn show ? lists the show commands" \
	'^  show security ipsec next-hop-tunnels$' stvpn show '?'
check_output "stvpn show security ipsec ? lists what follows" \
	'^  show security ipsec statistics \[index N\]$' stvpn show security ipsec '?'
check_output "stvpn help clear lists the clear commands" \
	'^  clear security ipsec statistics \[index N\]$' stvpn help clear
check_output "stvpn show interfaces ? names the argument" \
	'^  show interfaces stX \[terse\|detail\]$' stvpn show interfaces '?'
check "stvpn show ? exits 0" status 0 stvpn show '?'
check_fail_output "a line no command begins: said, quoted" "no command begins 'show frob'" \
	stvpn show frob '?'
check "and exits 2" status 2 stvpn show frob '?'

host_done
