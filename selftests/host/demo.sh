#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# "make demo" keeps working: tools/demo (in QEMU where this machine cannot
# load modules, natively where it can) must end with every step worked.
#
# shellcheck disable=SC1091
. "$(dirname "$0")/../lib.sh"
host_init

[ -z "${STVPN_IN_VM:-}" ] || st_skip_all "already inside a guest"
if [ "$(id -u)" != 0 ] || [ ! -e /proc/modules ]; then
	command -v qemu-system-x86_64 > /dev/null || st_skip_all "qemu-system-x86_64 not installed"
	[ -n "$("$REPO/tools/kernels")" ] || st_skip_all "no installed kernel to boot"
fi

log=$(mktemp)
trap 'rm -f "$log"; st_cleanup' EXIT
check "tools/demo runs to the end" sh -c "'$REPO/tools/demo' > '$log' 2>&1"
check_output "and says every step worked" '^demo: every step worked' cat "$log"
check_output "it showed the hub's next-hop tunnel bindings" \
	'^10\.11\.11\.11 +st0\.0 +spoke1-vpn +Static' cat "$log"
check_output "and ESP on the wire between spoke 1 and the Internet" \
	'ESP\(spi=0x000003e9' cat "$log"
[ "$TESTS_FAILED" = 0 ] || diag "$(tail -n 40 "$log" | sed 's/^/  /')"

host_done
