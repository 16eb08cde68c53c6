#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tools/bench/report, the part of "make bench" that judges the targets,
# on results made up here with known answers: the st/xfrm ratios, met or
# not met, what did not run, the profile notes and the scale fragment.
# The measuring itself (tools/bench/run, scale.sh) needs a kernel and
# minutes; "make bench" runs it.
#
# shellcheck disable=SC1091,SC2016
. "$(dirname "$0")/../lib.sh"
host_init

REPORT=$REPO/tools/bench/report
D=$(mktemp -d)
R=$D/res
mkdir -p "$R"

printf 'command\tmake bench\nwhere\tqemu\nrounds\t2\nseconds\t5\ngit\tabc1234\n' > "$R/host.tsv"
printf 'kernel\t6.12.0-test\naccel\ttcg\ncpus\t2\n' > "$R/guest.tsv"
printf 'name\tdriver\tmodule\tpriority\tinternal\nrfc4106(gcm(aes))\trfc4106-gcm-aesni\taesni_intel\t400\tno\n' \
	> "$R/crypto.tsv"
{
	printf 'round\tkind\talg\tmetric\tvalue\tunit\tnote\n'
	for v in st:aes-128-gcm xfrm:aes-128-gcm st:null+null xfrm:null+null \
		 xfrm:aes-256-gcm st:aes-128-gcm+natt xfrm:aes-128-gcm+natt; do
		printf '0\t%s\t%s\tstatus\tok\t\t\n' "${v%%:*}" "${v#*:}"
	done
	printf '0\tst\taes-256-gcm\tstatus\trefused\t\tmodule said no\n'
	# aes-128-gcm: 1 stream 98/100 (met), 4 streams 94/100 (not met),
	# pps 90/100 (met, just).
	for r in 1 2; do
		printf '%s\tst\taes-128-gcm\ttcp1_mbps\t%s\tMbit/s\t\n' $r $((r == 1 ? 96 : 100))
		printf '%s\txfrm\taes-128-gcm\ttcp1_mbps\t100\tMbit/s\t\n' $r
		printf '%s\tst\taes-128-gcm\ttcp4_mbps\t94\tMbit/s\t\n' $r
		printf '%s\txfrm\taes-128-gcm\ttcp4_mbps\t100\tMbit/s\t\n' $r
		printf '%s\tst\taes-128-gcm\tudp64_rx_pps\t900\tpps\t\n' $r
		printf '%s\txfrm\taes-128-gcm\tudp64_rx_pps\t1000\tpps\t\n' $r
		# null: st twice as fast on 1 stream; 4 streams missing in round 2
		printf '%s\tst\tnull+null\ttcp1_mbps\t400\tMbit/s\t\n' $r
		printf '%s\txfrm\tnull+null\ttcp1_mbps\t200\tMbit/s\t\n' $r
		printf '%s\txfrm\tnull+null\ttcp4_mbps\t300\tMbit/s\t\n' $r
		printf '%s\tst\tnull+null\tudp64_rx_pps\t1000\tpps\t\n' $r
		printf '%s\txfrm\tnull+null\tudp64_rx_pps\t1000\tpps\t\n' $r
		printf '%s\txfrm\taes-256-gcm\ttcp1_mbps\t80\tMbit/s\t\n' $r
	done
	printf '1\tst\tnull+null\ttcp4_mbps\t330\tMbit/s\t\n'
	printf '2\tst\tnull+null\ttcp4_mbps\tNA\tMbit/s\tthe server is busy\n'
} > "$R/results.tsv"
echo 97 > "$R/noprofile-st-null+null.txt"
printf '### NHTB scale and kernel memory per tunnel\n\nTarget: made-up fragment XYZZY.\n' > "$R/scale.md"
echo 0 > "$R/scale.status"

check "the report is written" "$REPORT" "$R" "$D/b.md" "$D/b.png"
md=$D/b.md
check_output "aes-128-gcm, 1 stream: 0.98x (0.96-1.00), met" \
	'\| aes-128-gcm \| 0\.98x \(0\.96–1\.00\) — met \| ' cat "$md"
check_output "aes-128-gcm, 4 streams: 0.94x, not met" \
	'\| 0\.94x \(0\.94–0\.94\) — \*\*not met\*\* \| 0\.90x \(0\.90–0\.90\) — met \|' cat "$md"
check_output "null: 2.00x on 1 stream, 4 streams from the one round with both" \
	'\| null \+ null \(no crypto\) \| 2\.00x \(2\.00–2\.00\) — met \| 1\.10x \(1\.10–1\.10\) — met \| 1\.00x' \
	cat "$md"
check_output "a refused st variant: its targets are not met, with the reason" \
	'not measured \(st refused\) — \*\*not met\*\*' cat "$md"
check_output "NAT-T set up but never measured: not met, and listed" \
	'aes-128-gcm in UDP 4500 \(NAT-T\): set up, but the run ended before it was measured' cat "$md"
check_output "the count of targets met: 5 of 12" '\*\*5 of 12 targets met\*\*' cat "$md"
check_output "what did not run names the refusal and the module's words" \
	'st aes-256-gcm: \*\*refused\*\*: `module said no`' cat "$md"
check_output "a missing figure is listed with iperf3's words" \
	'st null \+ null \(no crypto\), round 2, tcp4_mbps: no result \(the server is busy\)' cat "$md"
check_output "an idle-loop profile is reported as no profile" \
	'st null \+ null \(no crypto\): not profiled.*97 % of its samples in the idle loop' cat "$md"
check_output "the scale fragment is taken in" 'made-up fragment XYZZY' cat "$md"
check_output "the run under emulation is said to be so" 'Ran under QEMU.s software emulation' cat "$md"
check_output "the command that produced it" 'Produced by `make bench`' cat "$md"
if command -v gnuplot > /dev/null; then
	check "a PNG plot" sh -c "head -c 4 '$D/b.png' | grep -q PNG"
else
	skip "a PNG plot (gnuplot is not installed: run make deps)"
fi

rm "$R/scale.md"
echo skipped > "$R/scale.status"
check "the report is written without a scale run" "$REPORT" "$R" "$D/c.md" "$D/c.png"
check_output "a scale run left out is said to be" 'tools/bench/scale.sh was left out' cat "$D/c.md"

: > "$R/results.tsv"
check_fail_output "no results: refused, nothing written" 'no results' \
	"$REPORT" "$R" "$D/d.md" "$D/d.png"
check_fail "no results: no report file" test -e "$D/d.md"

rm -rf "$D"
host_done
