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
check_fail_output "stvpnd refuses to start and says why" 'keying is not implemented' \
	stvpnd -f /dev/null

host_done
