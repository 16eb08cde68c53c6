#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The anti-replay window (kmod/replay.c) against a simple model, on the
# host: host/replay_test, which "make" builds, prints TAP itself.
#
#   replay.sh [SEED]

cd "$(dirname "$0")" || exit 1
if [ ! -x ./replay_test ]; then
	echo "1..0 # SKIP host/replay_test not built (run make in selftests/)"
	exit 4
fi
exec ./replay_test "$@"
