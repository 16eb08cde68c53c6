#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tools/bench/scale.sh: the NHTB scale and kernel-memory-per-tunnel
# measurements of the benchmark (issue 5). Runs where the module can be
# loaded, as root: inside tools/vm/run, or natively on a router.
#
#   tools/bench/scale.sh
#
# Writes ${BENCH_OUT:-build/bench}/scale.tsv (every measurement, one per
# line), scale.md (a markdown fragment: the tables and the targets' ratios)
# and scale-slab.tsv (slab caches that grew with the tunnels).
#
#   +-------------------- ns "snd" --------------------+   +--- ns "sink" ---+
#   | st0 multipoint 10.255.255.254/9: N tunnels,       |   |                 |
#   |     next hop 10.128.0.0 + i + 1, out SA and in SA |   |                 |
#   | st1 multipoint 10.127.255.254/9: 1 binding,       |   |                 |
#   |     next hop 10.0.0.1 (the baseline, interleaved) |   |                 |
#   | dummy0 198.18.0.1/15 (control, no tunnel)         |   |                 |
#   | udpblast: UDP to K of st0's next hops, or st1's   |   | tc ingress:     |
#   | ve-a 192.0.2.1/24 ------------------------------- veth --- ve-b       |
#   +---------------------------------------------------+   | 192.0.2.2/24,   |
#                                                           | counts ESP and  |
#   +-------- ns "ref" ---------+                           | drops all       |
#   | st0: 1 tunnel (in SA)     |                           | udpblast -E:    |
#   | ve-r 198.51.100.1/24 -------------------------- veth --- ve-c         |
#   +---------------------------+                           | 198.51.100.2/24 |
#                                                           +-----------------+
#
# Sending: every SA goes to 192.0.2.2; the sink need not decrypt: what is
# measured is the sender's per-packet cost through the st device. Each run
# checks that every datagram left st0 (or st1) and the veth as ESP, with
# no drop. Receiving (for comparison): the sink sends ESP for K of st0's
# N inbound SAs, or for the one inbound SA in "ref".
#
# Per-packet cost is 1 / packets per second of one pinned sender. Each N is
# measured BENCH_SCALE_REPS times, interleaved (ABBA) with the 1-binding
# baseline on st1 in the same boot; the ratio is cost(N) / cost(baseline)
# per pair, reported as median and range. For the largest N, traffic to a
# single one of its bindings (K = 1) separates the size of the table from
# the number of tunnels in use. What K busy tunnels cost against one is
# then measured for st0 and, alongside, for an xfrm interface (xf0) with K
# tunnel-mode SAs and a /32 policy per destination, the same algorithm.
#
# Memory: for BENCH_SCALE_MEM tunnels, /proc/meminfo and /proc/slabinfo
# after settling (caches dropped, slabs shrunk, RCU frees done) before and
# after adding the outbound SAs, the inbound SAs and the bindings, and
# after deleting them all again.
#
# Environment (defaults in brackets):
#   BENCH_OUT             result directory [build/bench]
#   BENCH_SCALE_N         binding counts [1 100 1000 10000 100000]
#   BENCH_SCALE_K         largest sample of next hops to send to [1000]
#   BENCH_SCALE_REPS      pairs per N [5]
#   BENCH_SCALE_SECS      seconds per run [2]
#   BENCH_SCALE_ALG       SA algorithm: aes-128-gcm, null (NULL +
#                         HMAC-SHA1-96), null-null [aes-128-gcm]
#   BENCH_SCALE_MEM       tunnel counts for the memory figure [1000 10000]
#   BENCH_SCALE_MEM_REPS  repeats of each [2]
#   BENCH_SCALE_PERF      1: a perf profile of the largest N and of the
#                         baseline, in scale-perf-*.txt [0]
#   BENCH_SCALE_NEIGH     default: leave the ARP table's limits alone [raise]
#   BENCH_SCALE_ACCEL     0: do not load aesni_intel [1]
#   BENCH_SCALE_RX        0: no receive-side runs [1]
#   BENCH_QUICK           1: smaller defaults for development (N up to
#                         10,000, 2 pairs of 1 s, memory at 1,000 once)
#
# Exit status: 0 when it ran and every run was clean (the targets may still
# be missed: see scale.md), 1 on errors, 4 when it cannot run here.

set -o pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd -P)
BENCH=$REPO/tools/bench
RESULTS=${BENCH_OUT:-build/bench}
case $RESULTS in /*) ;; *) RESULTS=$REPO/$RESULTS ;; esac

if [ "${BENCH_QUICK:-0}" = 1 ]; then
	SIZES=${BENCH_SCALE_N:-1 100 1000 10000}
	REPS=${BENCH_SCALE_REPS:-2}
	SECS=${BENCH_SCALE_SECS:-1}
	MEM_SIZES=${BENCH_SCALE_MEM:-1000}
	MEM_REPS=${BENCH_SCALE_MEM_REPS:-1}
else
	SIZES=${BENCH_SCALE_N:-1 100 1000 10000 100000}
	REPS=${BENCH_SCALE_REPS:-5}
	SECS=${BENCH_SCALE_SECS:-2}
	MEM_SIZES=${BENCH_SCALE_MEM:-1000 10000}
	MEM_REPS=${BENCH_SCALE_MEM_REPS:-2}
fi
KMAX=${BENCH_SCALE_K:-1000}
ALG=${BENCH_SCALE_ALG:-aes-128-gcm}
PERF=${BENCH_SCALE_PERF:-0}

TARGET_RATIO=1.1
TARGET_KMEM=8192

# lib.sh: the module loader and namespaces removed on exit.
# shellcheck disable=SC1091
. "$REPO/selftests/lib.sh"

say() { echo "scale: $*" >&2; }
die() { say "$*"; exit 1; }

[ "$(id -u)" = 0 ] || { say "needs root"; exit 4; }
[ -e /proc/modules ] || { say "this kernel cannot load modules (use tools/vm/run)"; exit 4; }
command -v tc > /dev/null || { say "tc (iproute2) not found"; exit 4; }
st_load_module || { say "no stvpn.ko for $(uname -r) (run: make module)"; exit 4; }
make -s -C "$BENCH" > /dev/null || die "cannot build tools/bench"

mkdir -p "$RESULTS"
TSV=$RESULTS/scale.tsv MD=$RESULTS/scale.md SLAB=$RESULTS/scale-slab.tsv
TMP=$(mktemp -d)
KVER=$(uname -r)
FAILS=0

# An st device is IFF_POINTOPOINT: one neighbour entry, however many next
# hops (st0_entries in the results shows it). The dummy device of the
# control has one per destination, and the ARP table is shared by every
# namespace: with the defaults (gc_thresh2 512, gc_thresh3 1024) its 1,000
# destinations would overflow it. The run raises the limits
# (BENCH_SCALE_NEIGH=default keeps them) and restores them on exit.
NEIGH=/proc/sys/net/ipv4/neigh/default
NEIGH_SAVED=()
if [ "${BENCH_SCALE_NEIGH:-raise}" != default ] && [ -w $NEIGH/gc_thresh3 ]; then
	NEIGH_SAVED=("$(cat $NEIGH/gc_thresh1)" "$(cat $NEIGH/gc_thresh2)" "$(cat $NEIGH/gc_thresh3)")
	echo 65536 > "$NEIGH"/gc_thresh3
	echo 32768 > "$NEIGH"/gc_thresh2
	echo 16384 > "$NEIGH"/gc_thresh1
fi

# shellcheck disable=SC2317
cleanup() {
	st_cleanup
	if [ ${#NEIGH_SAVED[@]} = 3 ]; then
		echo "${NEIGH_SAVED[0]}" > "$NEIGH"/gc_thresh1
		echo "${NEIGH_SAVED[1]}" > "$NEIGH"/gc_thresh2
		echo "${NEIGH_SAVED[2]}" > "$NEIGH"/gc_thresh3
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT

# row SECTION N K REP METRIC VALUE UNIT: one measurement into scale.tsv.
printf 'section\tkernel\talg\tn\tk\trep\tmetric\tvalue\tunit\n' > "$TSV"
row() {
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$KVER" "$ALG" "$2" "$3" "$4" "$5" "$6" "$7" >> "$TSV"
}

snd() { ip netns exec snd "$@"; }

# --- topology ---------------------------------------------------------------

ns_add snd sink ref || die "cannot create the namespaces"
for ns in snd sink ref; do
	ip netns exec $ns sh -c 'echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6
		echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6'
done
ip -n snd link add ve-a type veth peer name ve-b netns sink || die "no veth"
ip -n ref link add ve-r type veth peer name ve-c netns sink || die "no veth"
ip -n sink -batch - <<EOF || die "cannot set up the sink"
addr add 192.0.2.2/24 dev ve-b
link set ve-b up
addr add 198.51.100.2/24 dev ve-c
link set ve-c up
neigh add 192.0.2.1 lladdr $(ip netns exec snd cat /sys/class/net/ve-a/address) dev ve-b nud permanent
neigh add 198.51.100.1 lladdr $(ip netns exec ref cat /sys/class/net/ve-r/address) dev ve-c nud permanent
EOF
ip -n ref -batch - <<EOF || die "cannot set up the receive baseline"
addr add 198.51.100.1/24 dev ve-r
link set ve-r up
link add st0 type st mode multipoint
link set st0 addrgenmode none
addr add 10.255.255.254/9 dev st0
link set st0 up
EOF
# The sink counts ESP apart from the rest and drops everything.
SINK_TC=1
tc -n sink -batch - <<EOF || SINK_TC=0
qdisc add dev ve-b clsact
filter add dev ve-b ingress protocol ip pref 1 u32 match ip protocol 50 0xff action drop
filter add dev ve-b ingress protocol all pref 2 matchall action drop
EOF
[ $SINK_TC = 1 ] || say "no tc filters on the sink: ESP not told apart (its rx counter instead)"
mac=$(ip netns exec sink cat /sys/class/net/ve-b/address)
ip -n snd -batch - <<EOF || die "cannot set up the sender"
addr add 192.0.2.1/24 dev ve-a
link set ve-a up
neigh add 192.0.2.2 lladdr $mac dev ve-a nud permanent
link add st0 type st mode multipoint
link set st0 addrgenmode none
addr add 10.255.255.254/9 dev st0
link set st0 up
link add st1 type st mode multipoint
link set st1 addrgenmode none
addr add 10.127.255.254/9 dev st1
link set st1 up
route add 172.16.0.0/12 via 10.0.0.1 dev st1
EOF
# The control without a tunnel: a dummy device (no ARP, drops all).
DUMMY=1
ip -n snd -batch - <<EOF 2> /dev/null || DUMMY=0
link add dummy0 type dummy
addr add 198.18.0.1/15 dev dummy0
link set dummy0 up
EOF

# load ARGS...: nhtb_load in the sender's namespace, its step lines
# (STEP COUNT SECONDS ERRORS) on standard output.
load() {
	snd "$BENCH/nhtb_load" -e "$ALG" "$@"
}

# The accelerated AES where the CPU has it, as on a router: a guest
# without udev loads only what a crypto lookup asks for by name, and
# "aes" is built in, so aesni_intel would stay out (BENCH_SCALE_ACCEL=0
# keeps it out).
if [ "${BENCH_SCALE_ACCEL:-1}" = 1 ] && grep -qw aes /proc/cpuinfo; then
	modprobe aesni_intel 2> /dev/null || say "aesni_intel did not load: generic AES"
fi

# The 1-binding baseline, SA ids and SPIs far from st0's.
load -d st1 -N 10.0.0.0 -i 400000000 -S 0x01000000 -n 1 add-out add-bind > /dev/null ||
	die "cannot install the baseline tunnel on st1 (algorithm $ALG)"

# The receive baseline: one tunnel (with its inbound SA) in its own
# namespace, so its SPI table holds one SA whatever st0's holds.
ip netns exec ref "$BENCH/nhtb_load" -e "$ALG" -d st0 -s 198.51.100.1 -p 198.51.100.2 \
	-I -n 1 add-out add-in add-bind > /dev/null ||
	die "cannot install the receive baseline's tunnel"

# The crypto driver the SAs got, and the CPU: what the figures depend on.
case $ALG in
aes-128-gcm) algname='rfc4106(gcm(aes))' ;;
null) algname='authenc(hmac(sha1),ecb(cipher_null))' ;;
*) algname='authenc(digest_null,ecb(cipher_null))' ;;
esac
DRIVER=$(awk -v n="$algname" '$1 == "name" { m = ($3 == n) } m && $1 == "driver" { print $3; exit }' /proc/crypto)
CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
NCPU=$(nproc)
PIN=$((NCPU > 1 ? 1 : 0))
WHERE=native
[ -n "${STVPN_IN_VM:-}" ] && WHERE="QEMU guest"
say "kernel $KVER, $NCPU CPUs ($CPU), $ALG via ${DRIVER:-?}"

# --- counters ----------------------------------------------------------------

# counters DEV: "st_tx st_dropped veth_tx" of the sender.
counters() {
	snd sh -c "cat /sys/class/net/$1/statistics/tx_packets \
		/sys/class/net/$1/statistics/tx_dropped \
		/sys/class/net/ve-a/statistics/tx_packets" | tr '\n' ' '
}

# sink_counts: "ESP other" the sink has counted (without tc: "rx 0").
sink_counts() {
	local pref n
	if [ $SINK_TC = 0 ]; then
		echo "$(ip netns exec sink cat /sys/class/net/ve-b/statistics/rx_packets) 0"
		return
	fi
	for pref in 1 2; do
		n=$(ip netns exec sink tc -s filter show dev ve-b ingress pref $pref |
			awk '/Sent [0-9]+ bytes [0-9]+ pkt/ { print $4; exit }')
		printf '%s ' "${n:-0}"
	done
}

# blast SECTION N K REP DEV NET NHOPS [EXPECT]: one timed run; rows pps,
# cpu_ns, ns_per_pkt and clean (1 when every datagram left DEV and, with
# EXPECT esp (the default), the veth as ESP, nothing dropped; with EXPECT
# none, DEV kept them all: the dummy device of the control).
LAST_PPS=
blast() {
	local section=$1 n=$2 k=$3 rep=$4 dev=$5 net=$6 nhops=$7 expect=${8:-esp}
	local b a res sent secs pps cpu errors total st_tx st_drop ve_tx esp other clean=1
	local want

	read -r -a b <<< "$(counters "$dev") $(sink_counts)"
	res=$(snd "$BENCH/udpblast" -N "$net" -n "$nhops" -k "$k" -t "$SECS" -w 0.5 -c $PIN) ||
		{ say "udpblast failed ($section n=$n k=$k)"; FAILS=$((FAILS + 1)); LAST_PPS=0; return 1; }
	read -r -a a <<< "$(counters "$dev") $(sink_counts)"
	read -r sent secs pps cpu errors total <<< "$res"
	st_tx=$((a[0] - b[0])) st_drop=$((a[1] - b[1])) ve_tx=$((a[2] - b[2]))
	esp=$((a[3] - b[3])) other=$((a[4] - b[4]))
	want=$total
	[ "$expect" = esp ] || want=0
	if [ "$st_tx" != "$total" ] || [ "$st_drop" != 0 ] || [ "$ve_tx" != "$want" ] ||
	   [ "$esp" != "$want" ] || [ "$errors" != 0 ]; then
		clean=0
		FAILS=$((FAILS + 1))
		say "$section n=$n k=$k rep $rep: sent $total, $dev tx $st_tx dropped $st_drop, ve-a tx $ve_tx, sink ESP $esp other $other, send errors $errors"
	fi
	row "$section" "$n" "$k" "$rep" pps "$pps" pkt/s
	row "$section" "$n" "$k" "$rep" ns_per_pkt "$(awk -v p="$pps" 'BEGIN { printf "%.1f", (p > 0 ? 1e9 / p : 0) }')" ns
	row "$section" "$n" "$k" "$rep" cpu_ns_per_pkt "$cpu" ns
	row "$section" "$n" "$k" "$rep" sent "$sent" pkt
	row "$section" "$n" "$k" "$rep" clean "$clean" bool
	LAST_PPS=$pps
	say "$section n=$n k=$k rep $rep: $pps pkt/s, cpu $cpu ns/pkt$( ((clean)) || echo ', NOT CLEAN')"
}

# sample_sizes: the smaller samples the largest table is also measured
# with: 100, 10 and 1 (those below KMAX and the largest N).
sample_sizes() {
	local kk
	((have > 1)) || return 0
	for kk in 100 10 1; do
		((kk < KMAX && kk < have)) && echo "$kk"
	done
}

# pairs N K NET: REPS runs of st0 interleaved with the baseline (ABBA);
# rows "ratio" (cost(st0) / cost(baseline)) per pair.
pairs() {
	local n=$1 k=$2 r pb pn
	for ((r = 1; r <= REPS; r++)); do
		if ((r % 2)); then
			blast base 1 1 "$r.$n.$k" st1 10.0.0.0 1; pb=$LAST_PPS
			blast scale "$n" "$k" "$r" st0 10.128.0.0 "$n"; pn=$LAST_PPS
		else
			blast scale "$n" "$k" "$r" st0 10.128.0.0 "$n"; pn=$LAST_PPS
			blast base 1 1 "$r.$n.$k" st1 10.0.0.0 1; pb=$LAST_PPS
		fi
		row ratio "$n" "$k" "$r" cost_ratio \
			"$(awk -v b="$pb" -v x="$pn" 'BEGIN { printf "%.4f", (x > 0 ? b / x : 0) }')" x
	done
}

# control NAME DEV NET NHOPS K EXPECT BASE_DEV BASE_NET: REPS pairs (ABBA)
# of K destinations through DEV against 1 through BASE_DEV; rows "ratio"
# with N = NAME.
control() {
	local name=$1 r pb pn
	for ((r = 1; r <= REPS; r++)); do
		if ((r % 2)); then
			blast "$name-base" 1 1 "$r" "$7" "$8" 1 "$6"; pb=$LAST_PPS
			blast "$name" "$4" "$5" "$r" "$2" "$3" "$4" "$6"; pn=$LAST_PPS
		else
			blast "$name" "$4" "$5" "$r" "$2" "$3" "$4" "$6"; pn=$LAST_PPS
			blast "$name-base" 1 1 "$r" "$7" "$8" 1 "$6"; pb=$LAST_PPS
		fi
		row ratio "$name" "$5" "$r" cost_ratio \
			"$(awk -v b="$pb" -v x="$pn" 'BEGIN { printf "%.4f", (x > 0 ? b / x : 0) }')" x
	done
}

# rx_counters NS DEV: "rx tx nostate" of DEV in NS; nostate is XFRM's
# count of ESP it found no state for (0 without XFRM statistics).
rx_counters() {
	ip netns exec "$1" sh -c "cat /sys/class/net/$2/statistics/rx_packets \
		/sys/class/net/$2/statistics/tx_packets
		awk '\$1 == \"XfrmInNoStates\" { print \$2; n = 1 } END { if (!n) print 0 }' \
			/proc/net/xfrm_stat 2> /dev/null || echo 0" | tr '\n' ' '
}

# rxblast SECTION N K REP NS DEV ADDR: ESP from the sink to ADDR in NS
# through DEV, with K of the N inbound SPIs 0x20000000...; rows pps,
# ns_per_pkt, cpu_ns_per_pkt and clean (every packet arrived and the st
# module claimed it: an ESP packet nobody claims is answered with ICMP,
# or counted by XFRM as without state when esp4 is loaded).
rxblast() {
	local section=$1 n=$2 k=$3 rep=$4 ns=$5 dev=$6 addr=$7
	local b a res sent secs pps cpu errors total rx tx nostate clean=1

	read -r -a b <<< "$(rx_counters "$ns" "$dev")"
	res=$(ip netns exec sink "$BENCH/udpblast" -E 0x20000000 -D "$addr" -n "$n" -k "$k" \
		-t "$SECS" -w 0.5 -c $PIN) ||
		{ say "udpblast -E failed ($section n=$n k=$k)"; FAILS=$((FAILS + 1)); LAST_PPS=0; return 1; }
	read -r -a a <<< "$(rx_counters "$ns" "$dev")"
	read -r sent secs pps cpu errors total <<< "$res"
	rx=$((a[0] - b[0])) tx=$((a[1] - b[1])) nostate=$((a[2] - b[2]))
	if [ "$rx" != "$total" ] || [ "$tx" != 0 ] || [ "$nostate" != 0 ] || [ "$errors" != 0 ]; then
		clean=0
		FAILS=$((FAILS + 1))
		say "$section n=$n k=$k rep $rep: sent $total, $dev rx $rx, answered $tx, XFRM without state $nostate, send errors $errors"
	fi
	row "$section" "$n" "$k" "$rep" pps "$pps" pkt/s
	row "$section" "$n" "$k" "$rep" ns_per_pkt "$(awk -v p="$pps" 'BEGIN { printf "%.1f", (p > 0 ? 1e9 / p : 0) }')" ns
	row "$section" "$n" "$k" "$rep" cpu_ns_per_pkt "$cpu" ns
	row "$section" "$n" "$k" "$rep" clean "$clean" bool
	LAST_PPS=$pps
	say "$section n=$n k=$k rep $rep: $pps pkt/s, cpu $cpu ns/pkt$( ((clean)) || echo ', NOT CLEAN')"
}

# rxpairs N K: REPS receive runs at st0's namespace interleaved with the
# one-SA baseline; rows "rxratio".
rxpairs() {
	local n=$1 k=$2 r pb pn
	for ((r = 1; r <= REPS; r++)); do
		if ((r % 2)); then
			rxblast rxbase 1 1 "$r.$n.$k" ref ve-r 198.51.100.1; pb=$LAST_PPS
			rxblast rx "$n" "$k" "$r" snd ve-a 192.0.2.1; pn=$LAST_PPS
		else
			rxblast rx "$n" "$k" "$r" snd ve-a 192.0.2.1; pn=$LAST_PPS
			rxblast rxbase 1 1 "$r.$n.$k" ref ve-r 198.51.100.1; pb=$LAST_PPS
		fi
		row rxratio "$n" "$k" "$r" cost_ratio \
			"$(awk -v b="$pb" -v x="$pn" 'BEGIN { printf "%.4f", (x > 0 ? b / x : 0) }')" x
	done
}

# --- memory --------------------------------------------------------------------

# settle: what is freed is freed and what is cached is dropped, so that
# the counters show what is in use.
settle() {
	local c
	sync
	sleep 1		# SAs are freed after an RCU grace period, from a workqueue
	echo 3 > /proc/sys/vm/drop_caches
	for c in /sys/kernel/slab/*/shrink; do
		echo 1 > "$c" 2> /dev/null
	done
	sleep 1
}

# snap FILE: meminfo (KiB) and slab caches (bytes in slabs) after settling.
snap() {
	settle
	# (printf: mawk prints large numbers in %g, 6 digits, otherwise)
	awk '{ sub(":", "", $1); printf "mem %s %.0f\n", $1, $2 * 1024 }' /proc/meminfo > "$1"
	# name active_objs num_objs objsize objperslab pagesperslab : ... : slabdata active num shared
	awk 'NR > 2 { printf "slab %s %.0f %.0f\n", $1, $15 * $6 * 4096, $2 }' /proc/slabinfo >> "$1" 2> /dev/null
}

# delta A B KEY: bytes KEY grew by from snapshot A to B (kmem: Slab +
# VmallocUsed + Percpu; avail and free: what MemAvailable and MemFree lost).
delta() {
	awk -v key="$3" '
		FNR == NR && $1 == "mem" { a[$2] = $3; next }
		$1 == "mem" { b[$2] = $3 }
		END {
			if (key == "kmem")
				d = b["Slab"] + b["VmallocUsed"] + b["Percpu"] - a["Slab"] - a["VmallocUsed"] - a["Percpu"]
			else if (key == "avail")
				d = a["MemAvailable"] - b["MemAvailable"]
			else if (key == "free")
				d = a["MemFree"] - b["MemFree"]
			else
				d = b[key] - a[key]
			printf "%.0f\n", d
		}' "$1" "$2" 2> /dev/null || echo 0
}

per() { awk -v d="$1" -v n="$2" 'BEGIN { printf "%.0f", d / n }'; }

mem_round() {
	local m=$1 rep=$2 s n secs errors key metric
	snap "$TMP/m0"
	load -n "$m" -f 0 add-out > "$TMP/steps" || { FAILS=$((FAILS + 1)); say "memory: add-out failed"; }
	snap "$TMP/m1"
	load -n "$m" -f 0 add-in >> "$TMP/steps" || { FAILS=$((FAILS + 1)); say "memory: add-in failed"; }
	snap "$TMP/m2"
	load -d st0 -I -n "$m" -f 0 add-bind >> "$TMP/steps" || { FAILS=$((FAILS + 1)); say "memory: add-bind failed"; }
	snap "$TMP/m3"
	load -d st0 -n "$m" -f 0 del-bind del-out del-in >> "$TMP/steps" ||
		{ FAILS=$((FAILS + 1)); say "memory: delete failed"; }
	snap "$TMP/m4"
	for key in kmem avail free Slab SUnreclaim VmallocUsed Percpu; do
		metric=${key,,}
		row mem "$m" - "$rep" "out_sa_$metric" "$(per "$(delta "$TMP/m0" "$TMP/m1" "$key")" "$m")" B
		row mem "$m" - "$rep" "in_sa_$metric" "$(per "$(delta "$TMP/m1" "$TMP/m2" "$key")" "$m")" B
		row mem "$m" - "$rep" "bind_$metric" "$(per "$(delta "$TMP/m2" "$TMP/m3" "$key")" "$m")" B
		row mem "$m" - "$rep" "tunnel_$metric" "$(per "$(delta "$TMP/m0" "$TMP/m3" "$key")" "$m")" B
		row mem "$m" - "$rep" "left_$metric" "$(per "$(delta "$TMP/m0" "$TMP/m4" "$key")" "$m")" B
	done
	while read -r s n secs errors; do
		row mem-install "$m" - "$rep" "${s}_s" "$secs" s
		[ "$errors" = 0 ] || { FAILS=$((FAILS + 1)); say "memory: $s: $errors errors"; }
	done < "$TMP/steps"
	# Slab caches by growth per tunnel: out SA, in SA, binding, all.
	awk -v m="$m" -v rep="$rep" -v OFS='\t' -v OFMT=%.1f '
		$1 != "slab" { next }
		{ v[FILENAME, $2] = $3; o[FILENAME, $2] = $4; names[$2] = 1 }
		END {
			for (c in names) {
				d1 = v[f1, c] - v[f0, c]; d2 = v[f2, c] - v[f1, c]
				d3 = v[f3, c] - v[f2, c]; d = v[f3, c] - v[f0, c]
				if (d / m >= 8 || d / m <= -8)
					print m, rep, c, d1 / m, d2 / m, d3 / m, d / m, (o[f3, c] - o[f0, c]) / m
			}
		}' f0="$TMP/m0" f1="$TMP/m1" f2="$TMP/m2" f3="$TMP/m3" \
		"$TMP/m0" "$TMP/m1" "$TMP/m2" "$TMP/m3" >> "$SLAB"
	say "memory: $m tunnels, rep $rep: $(per "$(delta "$TMP/m0" "$TMP/m3" kmem)" "$m") B/tunnel (slab+vmalloc+percpu), MemAvailable -$(per "$(delta "$TMP/m0" "$TMP/m3" avail)" "$m") B/tunnel"
}

printf 'tunnels\trep\tcache\tout_sa_B\tin_sa_B\tbinding_B\ttunnel_B\tobjs_per_tunnel\n' > "$SLAB"
for m in $MEM_SIZES; do
	for ((r = 1; r <= MEM_REPS; r++)); do
		mem_round "$m" "$r"
	done
done

# --- NHTB scale -------------------------------------------------------------------

perf_profile() {	# perf_profile NAME DEV NET NHOPS K
	local perf
	command -v perf > /dev/null || return 0
	# perf first (it takes seconds to start under emulation), then the
	# traffic, then perf is told to stop.
	perf record -q -a -g -o "$TMP/perf.data" > /dev/null 2>&1 &
	perf=$!
	sleep 3
	snd "$BENCH/udpblast" -N "$3" -n "$4" -k "$5" -t "$SECS" -w 0 -c $PIN > /dev/null
	kill -INT $perf
	wait $perf
	{
		perf report -q -i "$TMP/perf.data" --stdio --no-children -g none \
			--sort dso --percent-limit 1 2> /dev/null
		echo
		perf report -q -i "$TMP/perf.data" --stdio --no-children -g none \
			--sort dso,sym --percent-limit 0.3 2> /dev/null | head -70
	} | grep -v '^$' > "$RESULTS/scale-perf-$1.txt"
	rm -f "$TMP/perf.data"
}

# neigh_stats: "forced_gc_runs table_fulls" of the ARP table, all CPUs.
neigh_stats() {
	local f g=0 t=0
	while read -r -a f; do
		[[ ${f[0]} =~ ^[0-9a-f]+$ ]] || continue
		g=$((g + 16#${f[10]})) t=$((t + 16#${f[12]}))
	done < /proc/net/stat/arp_cache
	echo "$g $t"
}
read -r gc0 full0 <<< "$(neigh_stats)"

have=0 cum_out=0 cum_in=0 cum_bind=0
for n in $SIZES; do
	if ((n > have)); then
		load -d st0 -I -f "$have" -n $((n - have)) add-out add-in add-bind > "$TMP/steps" ||
			{ FAILS=$((FAILS + 1)); say "installing $n tunnels failed"; }
		while read -r s cnt secs errors; do
			case $s in
			add-out) cum_out=$(awk -v OFMT=%.10g -v a="$cum_out" -v b="$secs" 'BEGIN { print a + b }') ;;
			add-in) cum_in=$(awk -v OFMT=%.10g -v a="$cum_in" -v b="$secs" 'BEGIN { print a + b }') ;;
			add-bind) cum_bind=$(awk -v OFMT=%.10g -v a="$cum_bind" -v b="$secs" 'BEGIN { print a + b }') ;;
			esac
			row install "$n" - 1 "${s}_step_s" "$secs" s
			row install "$n" - 1 "${s}_step_count" "$cnt" tunnels
			[ "$errors" = 0 ] || { FAILS=$((FAILS + 1)); say "$s: $errors errors"; }
		done < "$TMP/steps"
		have=$n
	fi
	row install "$n" - 1 add-out_s "$cum_out" s
	row install "$n" - 1 add-in_s "$cum_in" s
	row install "$n" - 1 add-bind_s "$cum_bind" s
	say "$n tunnels installed: out SAs ${cum_out} s, in SAs ${cum_in} s, bindings ${cum_bind} s in all"
	k=$((n < KMAX ? n : KMAX))
	pairs "$n" "$k"
	[ "${BENCH_SCALE_RX:-1}" = 1 ] && rxpairs "$n" "$k"
done
# The largest table with fewer bindings in use, down to one: the table's
# size alone, and how the cost grows with the number of busy tunnels.
for kk in $(sample_sizes); do
	pairs "$have" "$kk"
done
# Controls: what many destinations cost without many tunnels. Through st1
# to 1,024 addresses behind its one next hop (one binding, one SA, one
# neighbour entry); and through a dummy device to 1,024 on-link addresses
# (a neighbour entry each, no tunnel) against 1.
control ctrl-gw st1 172.16.0.0 "$KMAX" "$KMAX" esp st1 10.0.0.0
((DUMMY)) && control ctrl-dummy dummy0 198.18.0.1 "$KMAX" "$KMAX" none dummy0 198.18.0.1

# What K busy tunnels cost against one, st and XFRM side by side. st: K of
# st0's bindings against one of them. XFRM: an xfrm interface in the same
# namespace with K tunnel-mode SAs to the sink, a policy per destination
# (100.64.0.0 + i + 1, /32, its own reqid), the same algorithm; K of the
# destinations against one of them. Both send the same ESP to the same
# peer over the same veth.
if ((have > 1)); then
	control spread-st st0 10.128.0.0 "$have" "$KMAX" esp st0 10.128.0.0
fi
case $ALG in
aes-128-gcm) XSPEC="aead rfc4106(gcm(aes)) 0x$(printf '%040x' 7) 128" ;;
null) XSPEC="enc ecb(cipher_null) \"\" auth-trunc hmac(sha1) 0x$(printf '%040x' 7) 96" ;;
*) XSPEC='enc ecb(cipher_null) "" auth digest_null ""' ;;
esac
{
	echo "link add xf0 type xfrm dev ve-a if_id 9"
	echo "link set xf0 up"
	echo "route add 100.64.0.0/10 dev xf0"
	for ((i = 0; i < KMAX; i++)); do
		a=$((0x64400000 + i + 1))
		echo "xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi $((0x30000000 + i)) reqid $((i + 1)) mode tunnel if_id 9 $XSPEC"
		echo "xfrm policy add src 0.0.0.0/0 dst $((a >> 24)).$((a >> 16 & 255)).$((a >> 8 & 255)).$((a & 255))/32 dir out if_id 9 tmpl src 192.0.2.1 dst 192.0.2.2 proto esp reqid $((i + 1)) mode tunnel"
	done
} > "$TMP/xfrm.batch"
if ip -n snd -batch "$TMP/xfrm.batch" > "$TMP/xfrm.out" 2>&1; then
	control spread-xfrm xf0 100.64.0.0 "$KMAX" "$KMAX" esp xf0 100.64.0.0
	snd ip xfrm policy flush
	snd ip xfrm state flush
	ip -n snd link del xf0
else
	FAILS=$((FAILS + 1))
	say "cannot set up the XFRM comparison: $(head -3 "$TMP/xfrm.out")"
fi
if [ "$PERF" = 1 ] && ((have > 1)); then
	perf_profile "n$have" st0 10.128.0.0 "$have" $((have < KMAX ? have : KMAX))
	perf_profile base st1 10.0.0.0 1 1
fi

read -r gc1 full1 <<< "$(neigh_stats)"
row neigh "$have" - 1 forced_gc_runs $((gc1 - gc0)) count
row neigh "$have" - 1 table_fulls $((full1 - full0)) count
row neigh "$have" - 1 st0_entries "$(ip -n snd neigh show nud all dev st0 | wc -l)" count

# Drops by reason on st0 and st1 over the whole run, from the module.
for dev in st0 st1; do
	snd "$REPO/agent/stvpn" kernel device show "$dev" detail > "$RESULTS/scale-$dev-detail.txt" 2>&1
done

# Deleting them all, timed: bindings, then SAs.
if ((have > 0)); then
	load -d st0 -f 0 -n "$have" del-bind del-out del-in > "$TMP/steps" ||
		{ FAILS=$((FAILS + 1)); say "deleting $have tunnels failed"; }
	while read -r s cnt secs errors; do
		row install "$have" - 1 "${s}_s" "$secs" s
	done < "$TMP/steps"
fi

# --- summary --------------------------------------------------------------------

# stat SECTION N K METRIC: "median min max count" of the rows that match.
stat() {
	awk -F'\t' -v s="$1" -v n="$2" -v k="$3" -v m="$4" \
		'$1 == s && $4 == n && $5 == k && $7 == m { print $8 }' "$TSV" | sort -g |
	awk -v OFMT=%.10g '{ v[NR] = $1 } END {
		if (!NR) { print "- - - 0"; exit }
		med = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		print med, v[1], v[NR], NR }'
}
stat_any() {	# stat_any SECTION METRIC: over every N and K
	awk -F'\t' -v s="$1" -v m="$2" '$1 == s && $7 == m { print $8 }' "$TSV" | sort -g |
	awk -v OFMT=%.10g '{ v[NR] = $1 } END {
		if (!NR) { print "- - - 0"; exit }
		med = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		print med, v[1], v[NR], NR }'
}
get() {	# get SECTION N METRIC: the value of the last such row
	awk -F'\t' -v s="$1" -v n="$2" -v m="$3" '$1 == s && $4 == n && $7 == m { v = $8 } END { print v }' "$TSV"
}
fmt() { awk -v x="$1" -v f="$2" 'BEGIN { if (x == "-" || x == "") print "-"; else printf f, x }'; }
nspp() { awk -v p="$1" 'BEGIN { if (p == "-" || p <= 0) print "-"; else printf "%.0f", 1e9 / p }'; }

clean_runs=$(awk -F'\t' '$7 == "clean" && $8 == 1' "$TSV" | wc -l)
all_runs=$(awk -F'\t' '$7 == "clean"' "$TSV" | wc -l)
read -r base_med base_min base_max _ <<< "$(stat_any base pps)"

{
	echo "### NHTB scale and kernel memory per tunnel"
	echo
	echo "Measured by \`tools/bench/scale.sh\` ($WHERE, kernel $KVER, $NCPU CPUs: $CPU;"
	echo "SAs $ALG, crypto driver \`${DRIVER:-unknown}\`). One sender pinned to CPU $PIN"
	echo "sends 18-byte UDP datagrams (64-byte frames inside the tunnel) round-robin"
	echo "to K of the N next hops for ${SECS} s per run; each N is run $REPS times interleaved"
	echo "with the 1-binding baseline (a second multipoint device) in the same boot."
	echo "Per-packet cost = 1 / packets per second; ratio = cost(N) / cost(baseline),"
	echo "per pair, median (min-max). $clean_runs of $all_runs runs clean (sending: every datagram"
	echo "left the st device and the veth as ESP, nothing dropped; receiving, below: every"
	echo "packet arrived and the module claimed it)."
	if [ ${#NEIGH_SAVED[@]} = 3 ]; then
		echo "The ARP table's gc_thresh1/2/3 were raised to 16384/32768/65536 for the run, for"
		echo "the dummy device of the control (a neighbour entry per destination); an st device"
		echo "is IFF_POINTOPOINT and keeps one, however many next hops it sends to."
	else
		echo "The ARP table's limits were left as they were (gc_thresh3 $(cat $NEIGH/gc_thresh3 2> /dev/null))."
	fi
	echo "ARP table during the scale runs: $((gc1 - gc0)) forced garbage collections, $((full1 - full0))"
	echo "\"table full\" failures; st0 had $(get neigh "$have" st0_entries) neighbour entries at the end."
	echo
	echo "| bindings N | next hops used K | install out SAs (s) | in SAs (s) | bindings (s) | per tunnel (us) | pkt/s median (min-max) | ns/pkt | CPU ns/pkt | cost ratio vs 1 binding |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	for n in $SIZES; do
		k=$((n < KMAX ? n : KMAX))
		for kk in $k $([ "$n" = "$have" ] && sample_sizes); do
			read -r med min max _ <<< "$(stat scale "$n" "$kk" pps)"
			read -r rmed rmin rmax _ <<< "$(stat ratio "$n" "$kk" cost_ratio)"
			read -r cmed _ <<< "$(stat scale "$n" "$kk" cpu_ns_per_pkt)"
			so='' si='' sb='' pt=''
			if [ "$kk" = "$k" ]; then
				so=$(get install "$n" add-out_s) si=$(get install "$n" add-in_s)
				sb=$(get install "$n" add-bind_s)
				pt=$(awk -v a="$so" -v b="$sb" -v c="$si" -v n="$n" 'BEGIN { printf "%.0f", (a + b + c) * 1e6 / n }')
				so=$(fmt "$so" %.2f) si=$(fmt "$si" %.2f) sb=$(fmt "$sb" %.2f)
			fi
			printf '| %s | %s | %s | %s | %s | %s | %s (%s-%s) | %s | %s | %s (%s-%s) |\n' \
				"$n" "$kk" "$so" "$si" "$sb" "$pt" \
				"$(fmt "$med" %.0f)" "$(fmt "$min" %.0f)" "$(fmt "$max" %.0f)" "$(nspp "$med")" \
				"$(fmt "$cmed" %.0f)" \
				"$(fmt "$rmed" %.3f)" "$(fmt "$rmin" %.3f)" "$(fmt "$rmax" %.3f)"
		done
	done
	printf '| baseline: 1 | 1 | | | | | %s (%s-%s) | %s | %s | 1 |\n' "$(fmt "$base_med" %.0f)" \
		"$(fmt "$base_min" %.0f)" "$(fmt "$base_max" %.0f)" "$(nspp "$base_med")" \
		"$(fmt "$(stat_any base cpu_ns_per_pkt | cut -d' ' -f1)" %.0f)"
	for c in ctrl-gw ctrl-dummy; do
		read -r med min max cn <<< "$(stat "$c" "$KMAX" "$KMAX" pps)"
		[ "$cn" != 0 ] || continue
		read -r rmed rmin rmax _ <<< "$(stat ratio "$c" "$KMAX" cost_ratio)"
		read -r cmed _ <<< "$(stat "$c" "$KMAX" "$KMAX" cpu_ns_per_pkt)"
		case $c in
		ctrl-gw) what="control: st1, 1 binding, $KMAX destinations behind its next hop" ;;
		*) what="control: dummy device, no tunnel, $KMAX on-link destinations (vs 1)" ;;
		esac
		printf '| %s | %s | | | | | %s (%s-%s) | %s | %s | %s (%s-%s) |\n' "$what" "$KMAX" \
			"$(fmt "$med" %.0f)" "$(fmt "$min" %.0f)" "$(fmt "$max" %.0f)" "$(nspp "$med")" \
			"$(fmt "$cmed" %.0f)" "$(fmt "$rmed" %.3f)" "$(fmt "$rmin" %.3f)" "$(fmt "$rmax" %.3f)"
	done
	read -r _ _ _ sxn <<< "$(stat spread-xfrm "$KMAX" "$KMAX" pps)"
	read -r _ _ _ ssn <<< "$(stat spread-st "$have" "$KMAX" pps)"
	if [ "$sxn" != 0 ] || [ "$ssn" != 0 ]; then
		echo
		echo "What $KMAX busy tunnels cost against one busy tunnel, st and XFRM in the same"
		echo "boot: the same sender, $KMAX destinations (one per tunnel) against one of them,"
		echo "pairs interleaved as above. XFRM: an xfrm interface with $KMAX tunnel-mode SAs"
		echo "(the same algorithm and peer) and a /32 policy per destination. st: st0 with"
		echo "its $have bindings."
		echo
		echo "| | tunnels | pkt/s, 1 busy | pkt/s, $KMAX busy | extra ns/pkt | cost ratio, $KMAX busy vs 1 |"
		echo "|---|---:|---:|---:|---:|---:|"
		for c in spread-st spread-xfrm; do
			case $c in
			spread-st) cn=$have what="st0, NHTB" ;;
			*) cn=$KMAX what="xfrm interface, a policy per destination" ;;
			esac
			read -r med _ _ nn <<< "$(stat "$c" "$cn" "$KMAX" pps)"
			[ "$nn" != 0 ] || continue
			read -r bmed _ <<< "$(stat "$c-base" 1 1 pps)"
			read -r rmed rmin rmax _ <<< "$(stat ratio "$c" "$KMAX" cost_ratio)"
			printf '| %s | %s | %s | %s | %s | %s (%s-%s) |\n' "$what" "$cn" \
				"$(fmt "$bmed" %.0f)" "$(fmt "$med" %.0f)" \
				"$(awk -v x="$med" -v y="$bmed" 'BEGIN { if (x <= 0 || y <= 0) print "-"; else printf "%+.0f", 1e9 / x - 1e9 / y }')" \
				"$(fmt "$rmed" %.3f)" "$(fmt "$rmin" %.3f)" "$(fmt "$rmax" %.3f)"
		done
	fi
	# The extra time per packet, against each one's own baseline.
	extra() {	# extra SECTION N K BASE_SECTION: ns/pkt(SECTION) - ns/pkt(BASE)
		local x y
		x=$(stat "$1" "$2" "$3" pps | cut -d' ' -f1)
		if [ "$4" = base ]; then
			y=$(stat_any base pps | cut -d' ' -f1)
		else
			y=$(stat "$4" 1 1 pps | cut -d' ' -f1)
		fi
		awk -v x="$x" -v y="$y" 'BEGIN { if (x == "-" || y == "-" || x <= 0 || y <= 0) print "-"; else printf "%+.0f", 1e9 / x - 1e9 / y }'
	}
	echo
	k=$((have < KMAX ? have : KMAX))
	echo "Extra time per packet against the baseline: $have bindings, K = $k: $(extra scale "$have" "$k" base) ns;"
	echo "$have bindings, K = 1: $(extra scale "$have" 1 base) ns; one binding, $KMAX destinations behind it:"
	echo "$(extra ctrl-gw "$KMAX" "$KMAX" ctrl-gw-base) ns; no tunnel (dummy), $KMAX destinations: $(extra ctrl-dummy "$KMAX" "$KMAX" ctrl-dummy-base) ns."
	del_b=$(get install "$have" del-bind_s) del_o=$(get install "$have" del-out_s)
	echo
	del_i=$(get install "$have" del-in_s)
	echo "Deleting the $have tunnels: bindings $(fmt "$del_b" %.2f) s, outbound SAs $(fmt "$del_o" %.2f) s,"
	echo "inbound SAs $(fmt "$del_i" %.2f) s."
	echo
	read -r rmed rmin rmax rn <<< "$(stat ratio "$have" "$((have < KMAX ? have : KMAX))" cost_ratio)"
	if [ "$rn" != 0 ]; then
		verdict=$(awk -v r="$rmed" -v t="$TARGET_RATIO" 'BEGIN { print r <= t ? "**met**" : "**not met**" }')
		echo "Target: per-packet cost with $have bindings <= ${TARGET_RATIO}x the 1-binding case,"
		echo "traffic spread over $k of them: $(fmt "$rmed" %.3f)x (range $(fmt "$rmin" %.3f)-$(fmt "$rmax" %.3f), $rn pairs): $verdict."
		[ "$have" = 100000 ] || echo "(The target is stated for 100,000 bindings; this run's largest N was $have.)"
		# The same split without the cost of k busy tunnels: the table alone.
		read -r r1 r1min r1max r1n <<< "$(stat ratio "$have" 1 cost_ratio)"
		if [ "$r1n" != 0 ]; then
			echo "With the traffic to one of the $have bindings (the table's size alone):"
			echo "$(fmt "$r1" %.3f)x (range $(fmt "$r1min" %.3f)-$(fmt "$r1max" %.3f))."
		fi
		# The same spread through XFRM, measured alongside (above).
		read -r rx rxmin rxmax rxn <<< "$(stat ratio spread-xfrm "$KMAX" cost_ratio)"
		if [ "$rxn" != 0 ]; then
			echo "$KMAX busy XFRM tunnels against one of them, in the same boot: $(fmt "$rx" %.3f)x"
			echo "(range $(fmt "$rxmin" %.3f)-$(fmt "$rxmax" %.3f)); the table above has st's beside it."
		fi
		# K busy tunnels in a table of K against the same K in the largest.
		read -r pk _ _ pkn <<< "$(stat scale "$k" "$k" pps)"
		read -r ph _ _ phn <<< "$(stat scale "$have" "$k" pps)"
		if [ "$k" != "$have" ] && [ "$pkn" != 0 ] && [ "$phn" != 0 ]; then
			echo "The same $k busy tunnels in a table of $k and in one of $have: cost ratio"
			echo "$(awk -v a="$pk" -v b="$ph" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')x (medians of runs at different times, not interleaved)."
		fi
	fi
	read -r _ _ _ rxn <<< "$(stat_any rx pps)"
	if [ "$rxn" != 0 ]; then
		echo
		echo "Receive side, for comparison (no target of its own): the sink sends ESP to the"
		echo "namespace of st0, each packet for one of K of its N inbound SAs (a raw socket;"
		echo "the ICV does not verify, so each packet costs the SA lookup by SPI, the replay"
		echo "check and one decryption, then is dropped), interleaved with the same to a"
		echo "namespace with one inbound SA. Cost measured at the sending sink: the receive"
		echo "processing runs on its CPU (veth)."
		echo
		echo "| inbound SAs N | SPIs used K | pkt/s median (min-max) | ns/pkt | CPU ns/pkt | cost ratio vs 1 SA |"
		echo "|---:|---:|---:|---:|---:|---:|"
		for n in $SIZES; do
			k=$((n < KMAX ? n : KMAX))
			read -r med min max _ <<< "$(stat rx "$n" "$k" pps)"
			read -r rmed rmin rmax _ <<< "$(stat rxratio "$n" "$k" cost_ratio)"
			read -r cmed _ <<< "$(stat rx "$n" "$k" cpu_ns_per_pkt)"
			printf '| %s | %s | %s (%s-%s) | %s | %s | %s (%s-%s) |\n' "$n" "$k" \
				"$(fmt "$med" %.0f)" "$(fmt "$min" %.0f)" "$(fmt "$max" %.0f)" "$(nspp "$med")" \
				"$(fmt "$cmed" %.0f)" "$(fmt "$rmed" %.3f)" "$(fmt "$rmin" %.3f)" "$(fmt "$rmax" %.3f)"
		done
		read -r med min max _ <<< "$(stat_any rxbase pps)"
		printf '| baseline: 1 | 1 | %s (%s-%s) | %s | %s | 1 |\n' "$(fmt "$med" %.0f)" \
			"$(fmt "$min" %.0f)" "$(fmt "$max" %.0f)" "$(nspp "$med")" \
			"$(fmt "$(stat_any rxbase cpu_ns_per_pkt | cut -d' ' -f1)" %.0f)"
	fi
	echo
	echo "Kernel memory per tunnel (one binding with its outbound and inbound SA), bytes,"
	echo "median of $MEM_REPS: kmem = growth of Slab + VmallocUsed + Percpu in /proc/meminfo after"
	echo "settling; MemAvailable = what MemAvailable lost; left = kmem still held after"
	echo "deleting them all again."
	echo
	echo "| tunnels | out SA | in SA | binding | tunnel (kmem) | tunnel (MemAvailable) | left after delete |"
	echo "|---:|---:|---:|---:|---:|---:|---:|"
	for m in $MEM_SIZES; do
		printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$m" \
			"$(fmt "$(stat mem "$m" - out_sa_kmem | cut -d' ' -f1)" %.0f)" \
			"$(fmt "$(stat mem "$m" - in_sa_kmem | cut -d' ' -f1)" %.0f)" \
			"$(fmt "$(stat mem "$m" - bind_kmem | cut -d' ' -f1)" %.0f)" \
			"$(fmt "$(stat mem "$m" - tunnel_kmem | cut -d' ' -f1)" %.0f)" \
			"$(fmt "$(stat mem "$m" - tunnel_avail | cut -d' ' -f1)" %.0f)" \
			"$(fmt "$(stat mem "$m" - left_kmem | cut -d' ' -f1)" %.0f)"
	done
	mlast=${MEM_SIZES##* }
	read -r kmed _ _ kn <<< "$(stat mem "$mlast" - tunnel_kmem)"
	read -r amed _ <<< "$(stat mem "$mlast" - tunnel_avail)"
	if [ "$kn" != 0 ]; then
		worst=$(awk -v OFMT=%.10g -v a="$kmed" -v b="$amed" 'BEGIN { print (a > b ? a : b) }')
		verdict=$(awk -v w="$worst" -v t="$TARGET_KMEM" 'BEGIN { print w <= t ? "**met**" : "**not met**" }')
		echo
		echo "Target: kernel memory <= 8 KiB per tunnel: $(awk -v w="$worst" 'BEGIN { printf "%.2f", w / 1024 }') KiB"
		echo "(the larger of kmem and MemAvailable at $mlast tunnels; ratio $(awk -v w="$worst" -v t="$TARGET_KMEM" 'BEGIN { printf "%.2f", w / t }')x the target): $verdict."
	fi
	echo
	echo "Slab caches that grew, bytes per tunnel at $mlast tunnels (rep 1; objects"
	echo "per tunnel in the last column):"
	echo
	echo "| cache | out SA | in SA | binding | tunnel | objects |"
	echo "|---|---:|---:|---:|---:|---:|"
	awk -F'\t' -v m="$mlast" 'NR > 1 && $1 == m && $2 == 1' "$SLAB" | sort -t"$(printf '\t')" -k7,7gr | head -12 |
		awk -F'\t' '{ printf "| %s | %.0f | %.0f | %.0f | %.0f | %.2f |\n", $3, $4, $5, $6, $7, $8 }'
} > "$MD"

say "wrote $TSV, $SLAB and $MD"
[ "$FAILS" = 0 ] || { say "$FAILS runs or steps were not clean"; exit 1; }
exit 0
