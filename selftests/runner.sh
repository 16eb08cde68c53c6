#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Runs test programs the way the kselftest runner does: TAP version 13,
# one top-level result per program, the program's own output indented
# with "# ", exit 4 meaning skip, and the per-program timeout of the
# "settings" file next to the tests.
#
#   runner.sh [--summary FILE] TEST...
#
# With --summary, writes "PASSED FAILED SKIPPED" counted over the
# programs' own test cases (a program that fails or times out without
# reporting a failing case counts as one failure).

cd "$(dirname "$0")" || exit 1
summary=
if [ "${1:-}" = --summary ]; then
	summary=$2
	shift 2
fi

timeout=$(sed -n 's/^timeout=//p' settings 2>/dev/null)
timeout=${timeout:-300}

echo "TAP version 13"
echo "1..$#"
n=0 failed=0 cases_pass=0 cases_fail=0 cases_skip=0
for t in "$@"; do
	n=$((n + 1))
	echo "# selftests: stvpn: $t"
	out=$(mktemp)
	start=$SECONDS
	timeout --kill-after=10 "$timeout" "./$t" > "$out" 2>&1 < /dev/null
	rc=$?
	sed 's/^/# /' "$out"
	echo "# $t took $((SECONDS - start))s"
	p=$(grep -Ec '^ok [0-9]+' "$out" | tr -d ' ')
	s=$(grep -Ec '^ok [0-9]+.*# SKIP' "$out" | tr -d ' ')
	f=$(grep -Ec '^not ok [0-9]+' "$out" | tr -d ' ')
	rm -f "$out"
	p=$((p - s))
	case $rc in
	0)	echo "ok $n selftests: stvpn: $t" ;;
	4)	echo "ok $n selftests: stvpn: $t # SKIP"
		[ $((p + s + f)) -eq 0 ] && s=1 ;;
	124|137)
		echo "not ok $n selftests: stvpn: $t # TIMEOUT ${timeout} seconds"
		failed=$((failed + 1)); f=$((f + 1)) ;;
	*)	echo "not ok $n selftests: stvpn: $t # exit=$rc"
		failed=$((failed + 1))
		[ "$f" -eq 0 ] && f=1 ;;
	esac
	cases_pass=$((cases_pass + p))
	cases_fail=$((cases_fail + f))
	cases_skip=$((cases_skip + s))
done
echo "# Totals: pass:$cases_pass fail:$cases_fail skip:$cases_skip"
[ -n "$summary" ] && echo "$cases_pass $cases_fail $cases_skip" > "$summary"
[ $failed -eq 0 ]
