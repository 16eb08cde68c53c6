#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The configuration reader under libFuzzer (selftests/fuzz/conf_fuzz.c),
# with AddressSanitizer and UndefinedBehaviorSanitizer, for a bounded
# time: FUZZ_SECONDS (60 by default). Starts from the configurations in
# host/conf/ and a dictionary of every keyword of the schema. Any crash,
# leak, input that takes over 10 s (the reader once looped forever on a
# form feed), or configuration that does not read back as it printed
# fails.
#
# shellcheck disable=SC1091
. "$(dirname "$0")/../lib.sh"
host_init

FUZZER=$SELFTESTS/fuzz/conf_fuzz
SECONDS_MAX=${FUZZ_SECONDS:-60}
[ -x "$FUZZER" ] || st_skip_all "fuzz/conf_fuzz not built (needs clang with libFuzzer: make deps)"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"; st_cleanup' EXIT
mkdir "$TMP/corpus"
cp "$SELFTESTS"/host/conf/*.conf "$TMP/corpus/"
# Every quoted keyword of the schema, and the punctuation of both forms.
{
	grep -oh '"[a-z0-9][a-z0-9.-]*"' "$REPO/agent/conf_schema.c" | sort -u
	printf '%s\n' '"set "' '"edit "' '"exit"' '"{"' '"}"' '";"' '"["' '"]"' \
		'"$9$"' '"\x0a"' '"\x22"' '"/*"' '"*/"' '"#"'
} > "$TMP/conf.dict"

check "libFuzzer: ${SECONDS_MAX}s on the configuration reader, no crash, no leak, prints read back" \
	sh -c "cd '$TMP' && timeout $((SECONDS_MAX + 120)) '$FUZZER' \
		-max_total_time=$SECONDS_MAX -timeout=10 -max_len=8192 \
		-dict=conf.dict -print_final_stats=1 corpus > fuzz.log 2>&1"
if [ "$(grep -c '^==[0-9]*==ERROR\|^SUMMARY\|deadly signal' "$TMP/fuzz.log")" != 0 ]; then
	diag "$(grep -m 30 -A 20 'ERROR\|deadly signal' "$TMP/fuzz.log" | sed 's/^/  /')"
fi
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$TMP/fuzz.log")
check_output "and it ran ($runs inputs)" '^[1-9][0-9]*$' echo "$runs"

host_done
