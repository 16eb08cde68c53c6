#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Helpers shared by the stvpn selftests: TAP output, loading the module,
# namespaces that are removed on exit, and the kernel-log check.
#
# A test script sources this file, calls st_init, runs its checks with
# `check`, `check_fail` and friends, and ends with st_done.

SELFTESTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO=$(cd "$SELFTESTS/.." && pwd -P)
export IP_LIB_DIR=${IP_LIB_DIR:-$REPO/tools/iproute2}
export PATH=$REPO/agent:$REPO/tools/pkt:$SELFTESTS:$PATH

KSFT_SKIP=4
TESTS_RUN=0
TESTS_FAILED=0
NAMESPACES=()

# --- TAP ---------------------------------------------------------------

ok() {
	TESTS_RUN=$((TESTS_RUN + 1))
	echo "ok $TESTS_RUN - $*"
}

not_ok() {
	TESTS_RUN=$((TESTS_RUN + 1))
	TESTS_FAILED=$((TESTS_FAILED + 1))
	echo "not ok $TESTS_RUN - $*"
}

skip() {
	TESTS_RUN=$((TESTS_RUN + 1))
	echo "ok $TESTS_RUN - $* # SKIP"
}

diag() { echo "# $*"; }

# Prints a command before running it when V=1; its output is kept for
# the caller in $OUT, its status returned.
OUT=
run() {
	[ "${V:-0}" = 1 ] && diag "+ $*"
	OUT=$("$@" 2>&1)
}

# check DESCRIPTION COMMAND...: the command must succeed.
check() {
	local desc=$1; shift
	if run "$@"; then
		ok "$desc"
	else
		not_ok "$desc"
		diag "command failed: $*"
		[ -n "$OUT" ] && diag "$(echo "$OUT" | sed 's/^/  /')"
	fi
}

# check_fail DESCRIPTION COMMAND...: the command must fail.
check_fail() {
	local desc=$1; shift
	if run "$@"; then
		not_ok "$desc"
		diag "command succeeded but should have failed: $*"
	else
		ok "$desc"
	fi
}

# check_output DESCRIPTION REGEX COMMAND...: the command must succeed and
# its output (stdout and stderr) match the extended regular expression.
check_output() {
	local desc=$1 re=$2; shift 2
	if run "$@" && grep -Eq -- "$re" <<< "$OUT"; then
		ok "$desc"
	else
		not_ok "$desc"
		diag "expected /$re/ from: $*"
		diag "$(echo "$OUT" | sed 's/^/  /')"
	fi
}

# check_output_within SECONDS DESCRIPTION REGEX COMMAND...: as check_output,
# but tried every 0.2 s until it matches or SECONDS have passed. For state
# the kernel updates asynchronously (operstate follows carrier through
# linkwatch, up to a second later).
check_output_within() {
	local secs=$1 desc=$2 re=$3 i
	shift 3
	for ((i = 0; i < secs * 5; i++)); do
		run "$@" && grep -Eq -- "$re" <<< "$OUT" && break
		sleep 0.2
	done
	check_output "$desc" "$re" "$@"
}

# check_fail_output DESCRIPTION REGEX COMMAND...: the command must fail and
# say something matching REGEX.
check_fail_output() {
	local desc=$1 re=$2; shift 2
	if ! run "$@" && grep -Eq -- "$re" <<< "$OUT"; then
		ok "$desc"
	else
		not_ok "$desc"
		diag "expected failure saying /$re/ from: $*"
		diag "$(echo "$OUT" | sed 's/^/  /')"
	fi
}

# --- environment -------------------------------------------------------

st_skip_all() {
	echo "1..0 # SKIP $*"
	exit $KSFT_SKIP
}

# The module under test: STVPN_KO if set, else the one built for the
# running kernel (build/$(uname -r)/stvpn.ko, then kmod/stvpn.ko when its
# vermagic matches), else an installed one (modprobe).
st_module_path() {
	local kver ko
	kver=$(uname -r)
	for ko in "${STVPN_KO:-}" "$REPO/build/$kver/stvpn.ko" "$REPO/kmod/stvpn.ko"; do
		[ -n "$ko" ] && [ -f "$ko" ] || continue
		if [ "$(modinfo -F vermagic "$ko" 2>/dev/null | cut -d' ' -f1)" = "$kver" ]; then
			echo "$ko"
			return 0
		fi
	done
	return 1
}

st_load_module() {
	local ko
	[ -d /sys/module/stvpn ] && return 0
	if ko=$(st_module_path); then
		# insmod does not load what the module depends on.
		for dep in $(modinfo -F depends "$ko" | tr ',' ' '); do
			modprobe "$dep" || return 1
		done
		insmod "$ko"
	else
		modprobe stvpn 2>/dev/null
	fi
}

st_unload_module() {
	[ -d /sys/module/stvpn ] || return 0
	rmmod stvpn
}

# st_init: root, module support and the module itself, or skip.
st_init() {
	[ "$(id -u)" = 0 ] || st_skip_all "needs root"
	[ -e /proc/modules ] || st_skip_all "this kernel cannot load modules (use tools/vm/run)"
	command -v ip > /dev/null || st_skip_all "ip (iproute2) not found"
	st_load_module || st_skip_all "no stvpn.ko for $(uname -r) (run: make)"
	echo "stvpn-selftest: start $(basename "$0")" > /dev/kmsg
	echo "TAP version 13"
	diag "kernel $(uname -r), module $(st_module_path || echo installed)"
	trap st_cleanup EXIT
}

# ns_add NAME...: new network namespaces with lo up, removed on exit.
ns_add() {
	local ns
	for ns in "$@"; do
		ip netns add "$ns" || return 1
		NAMESPACES+=("$ns")
		ip -n "$ns" link set lo up
	done
}

ns_del() {
	local ns keep=() n
	for ns in "$@"; do
		ip netns del "$ns" 2>/dev/null
		for n in "${NAMESPACES[@]}"; do
			[ "$n" = "$ns" ] || keep+=("$n")
		done
		NAMESPACES=("${keep[@]}")
	done
}

# st_two_hosts: namespaces a and b joined by a veth, ve-a 192.0.2.1/24 and
# ve-b 192.0.2.2/24, each with a point-to-point st0 that is up, has no
# link-local address (only what a test sends crosses it) and carries
# 10.11.11.1 <-> 10.11.11.2. No SA, no binding.
st_two_hosts() {
	local n
	ns_add a b
	ip link add ve-a netns a type veth peer name ve-b netns b
	for n in a b; do
		ip -n $n link add st0 type st
		ip -n $n link set st0 addrgenmode none
		ip -n $n link set st0 up
	done
	ip -n a addr add 192.0.2.1/24 dev ve-a
	ip -n b addr add 192.0.2.2/24 dev ve-b
	ip -n a link set ve-a up
	ip -n b link set ve-b up
	ip -n a addr add 10.11.11.1 peer 10.11.11.2 dev st0
	ip -n b addr add 10.11.11.2 peer 10.11.11.1 dev st0
}

st_cleanup() {
	local ns
	for ns in "${NAMESPACES[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	NAMESPACES=()
}

# tcpdump_ready ERRFILE...: wait (10 s at most each) until every tcpdump
# whose stderr goes to ERRFILE says it is listening; false if one does not.
# Without this a capture started under emulation misses the first packets.
tcpdump_ready() {
	local f i

	for f; do
		for ((i = 0; i < 50; i++)); do
			grep -q 'listening on' "$f" 2> /dev/null && break
			sleep 0.2
		done
		[ "$i" -lt 50 ] || return 1
	done
}

# The kernel log since st_init must show no WARN, BUG, oops and the like.
st_check_kernel_log() {
	local log
	log=$(dmesg | sed -n "/stvpn-selftest: start $(basename "$0")\$/,\$p")
	if complaints=$("$REPO/tools/vm/kernel-log-check" <<< "$log"); then
		not_ok "kernel log has no WARN/BUG/oops"
		diag "$(echo "$complaints" | sed 's/^/  /')"
	else
		ok "kernel log has no WARN/BUG/oops"
	fi
}

st_done() {
	st_cleanup
	st_check_kernel_log
	echo "1..$TESTS_RUN"
	[ "$TESTS_FAILED" -eq 0 ] || exit 1
	exit 0
}

# host_init: for tests that need no module (selftests/host/).
host_init() {
	echo "TAP version 13"
	trap st_cleanup EXIT
}

host_done() {
	st_cleanup
	echo "1..$TESTS_RUN"
	[ "$TESTS_FAILED" -eq 0 ] || exit 1
	exit 0
}
