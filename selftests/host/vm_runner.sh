#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tools/vm/run itself: exit status carried out of the guest, the work tree
# writable at its own path, the host root read-only, a kernel complaint
# failing an otherwise successful command, and a hung guest killed at the
# timeout. Boots the newest installed kernel four times.
#
# shellcheck disable=SC1091
. "$(dirname "$0")/../lib.sh"
host_init

if [ -n "${STVPN_IN_VM:-}" ]; then
	st_skip_all "already inside a guest"
fi
command -v qemu-system-x86_64 > /dev/null || st_skip_all "qemu-system-x86_64 not installed"
[ -n "$("$REPO/tools/kernels")" ] || st_skip_all "no installed kernel to boot"

RUN=$REPO/tools/vm/run
mark=$REPO/build/vm/mark.$$
mkdir -p "$REPO/build/vm"
rm -f "$mark"

# Test that the command's status, output and file writes come back.
run "$RUN" --timeout 300 -- sh -c "echo guest-says-hello; uname -r > '$mark'; touch /usr/stvpn-ro-test 2>/dev/null && exit 9; exit 7"
rc=$?
[ $rc = 7 ] && ok "exit status 7 comes back" || { not_ok "exit status 7 comes back"; diag "got $rc"; diag "$OUT"; }
grep -q '^guest-says-hello' <<< "$OUT" && ok "output streams out" || not_ok "output streams out"
[ "$(cat "$mark" 2>/dev/null)" = "$("$REPO/tools/kernels" | tail -n1)" ] &&
	ok "work tree is writable at its own path; the newest kernel booted" ||
	not_ok "work tree is writable at its own path; the newest kernel booted"
rm -f "$mark"

# Test that a kernel complaint fails a command that succeeded.
run "$RUN" --timeout 300 -- sh -c 'echo "WARNING: CPU: 0 PID: 1 at selftest/vm_runner.sh:1 injected+0x0/0x0" > /dev/kmsg; exit 0'
rc=$?
if [ $rc != 0 ] && grep -q 'logged problems' <<< "$OUT"; then
	ok "a WARN in the guest kernel log fails the run"
else
	not_ok "a WARN in the guest kernel log fails the run"; diag "rc=$rc"; diag "$OUT"
fi

# Test that a guest that hangs is killed at the timeout, with a message.
run "$RUN" --timeout 40 -- sleep 1000
rc=$?
if [ $rc = 124 ] && grep -q 'did not finish within 40s' <<< "$OUT"; then
	ok "a hung guest is killed at the timeout"
else
	not_ok "a hung guest is killed at the timeout"; diag "rc=$rc"; diag "$OUT"
fi

# Test that a bad option is refused.
run "$RUN" --timeout abc -- true
rc=$?
[ $rc = 125 ] && grep -q "invalid timeout: 'abc'" <<< "$OUT" &&
	ok "a bad option is refused with a message" || not_ok "a bad option is refused with a message"

host_done
