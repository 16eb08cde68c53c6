#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Junos $9$ secrets (agent/junos9.c): host/junos9_test, which "make"
# builds, prints TAP itself.

cd "$(dirname "$0")" || exit 1
if [ ! -x ./junos9_test ]; then
	echo "1..0 # SKIP host/junos9_test not built (run make in selftests/)"
	exit 4
fi
exec ./junos9_test
