#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The ip plugin's argument handling, which happens before ip talks to the
# kernel, so it needs no module.
#
# shellcheck disable=SC1091
. "$(dirname "$0")/../lib.sh"
host_init

[ -f "$IP_LIB_DIR/link_st.so" ] || { not_ok "link_st.so is built"; host_done; }

# Test that usage is printed on request.
check_output "ip link help st prints the st usage" \
	'ip link \{ add \| set \| change \| replace \} NAME type st \[ mode \{ p2p \| multipoint \} \]' \
	ip link help st
check_fail_output "'help' after 'type st' prints usage and fails" \
	'Usage:.*type st' ip link add st0 type st help

# Test that bad arguments are refused with a message quoting the input.
check_fail_output "invalid mode is refused, quoted" \
	"st: invalid mode 'foo' \(p2p or multipoint\)" ip link add st0 type st mode foo
check_fail_output "mode without a value is refused" \
	"st: 'mode' needs a value" ip link add st0 type st mode
check_fail_output "unknown argument is refused, quoted" \
	"st: unknown argument 'xyz'" ip link add st0 type st xyz
check_fail_output "mode given twice is refused" \
	"st: 'mode' given twice" ip link add st0 type st mode p2p mode multipoint

host_done
