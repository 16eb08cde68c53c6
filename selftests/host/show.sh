#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The operational commands' output (agent/opshow.c) against golden files:
# host/show_test, which "make" builds, prints each case (the seeds'
# examples and the cases they do not show) as text and as JSON; each must
# equal host/show/CASE.txt and CASE.json byte for byte, and the JSON must
# parse. The seed cases' golden text reproduces the seeds' lines (see the
# comments in agent/opshow.c for where a seed's columns are not straight).
#
#   show.sh			run the comparisons
#   SHOW_UPDATE=1 show.sh	rewrite the golden files from the output
#				(then read the diff before committing it)
#
# shellcheck disable=SC1091

cd "$(dirname "$0")" || exit 1
if [ ! -x ./show_test ]; then
	echo "1..0 # SKIP host/show_test not built (run make in selftests/)"
	exit 4
fi
. ../lib.sh
host_init

GOLD=$SELFTESTS/host/show
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"; st_cleanup' EXIT

have_python=
command -v python3 > /dev/null && have_python=1

# compare CASE FORMAT COMMAND: the case's output is its golden file.
compare() {
	local name=$1 fmt=$2 cmd=$3 ext gold out
	ext=$([ "$fmt" = text ] && echo txt || echo json)
	gold=$GOLD/$name.$ext
	out=$TMP/$name.$ext

	if ! ./show_test "$name" "$fmt" > "$out" 2>&1; then
		not_ok "$cmd $fmt"
		diag "show_test $name $fmt failed: $(cat "$out")"
		return
	fi
	[ -n "${SHOW_UPDATE:-}" ] && cp "$out" "$gold"
	if cmp -s "$gold" "$out"; then
		ok "$cmd $fmt"
	else
		not_ok "$cmd $fmt"
		diff -u "$gold" "$out" 2>&1 | sed 's/^/#   /'
	fi
}

# Test that every case prints its golden text and JSON, and that the
# JSON is JSON.
cases=$TMP/cases
./show_test --list > "$cases"
while IFS=$'\t' read -r name cmd; do
	compare "$name" text "$cmd"
	compare "$name" json "$cmd"
	if [ -z "$have_python" ]; then
		skip "$cmd json parses (no python3)"
	elif python3 -m json.tool < "$TMP/$name.json" > /dev/null 2>&1; then
		ok "$cmd json parses"
	else
		not_ok "$cmd json parses"
		python3 -m json.tool < "$TMP/$name.json" 2>&1 | sed 's/^/#   /'
	fi
done < "$cases"

# Test that no golden file is left over from a case that is gone.
stale=
for f in "$GOLD"/*; do
	name=$(basename "$f"); name=${name%.*}
	cut -f1 "$cases" | grep -qxF -- "$name" ||
		stale="$stale $(basename "$f")"
done
if [ -z "$stale" ]; then
	ok "every golden file belongs to a case"
else
	not_ok "every golden file belongs to a case"
	diag "stale:$stale"
fi

host_done
