#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# stvpnd, the daemon, driven by its configuration files (selftests/agent/):
# the st devices, addresses, static routes (protocol 107), manual-key VPNs
# and next-hop tunnel bindings it programs; the CLI's show, clear and load
# commands over its control socket; reloads (SIGHUP, "stvpn load") that
# change only what changed; configurations with errors that change
# nothing; SIGTERM; a pre-existing st device of the wrong mode. Its peers
# are stvpnd itself, then the kernel's own IPsec (XFRM).
#
# Blocks 1 and 2: two hosts.
#
#   +------------ ns "a" ---------------+      +------------ ns "b" ---------------+
#   | stvpnd, a.conf                    |      | 1: stvpnd, b.conf                 |
#   | lan  10.10.1.1/24 (dummy)         |      | lan  10.10.2.1/24 (dummy)         |
#   | st0  10.11.11.1/24 point-to-point |      | st0  10.11.11.2/24 point-to-point |
#   |   10.10.2.0/24 -> st0.0           |      |   10.10.1.0/24 -> st0.0           |
#   |   vpn to-b: manual, ESP spi 4097  |      |   vpn to-a: manual, ESP spi 4097  |
#   |   (index 16384)                   |      | 2: no stvpnd; XFRM with a's keys: |
#   |                                   |      |   ipsec0 (xfrm if_id 7)           |
#   |                                   |      |   10.11.11.2/24, 10.10.1.0/24     |
#   | ve-a 192.0.2.1/24                 |======| ve-b 192.0.2.2/24                 |
#   +-----------------------------------+ veth +-----------------------------------+
#
# Blocks 3 to 5: the hub and spokes of the 004 seed.
#
#              +------------ ns "hub": stvpnd, hub.conf -----------+
#              | eth0 10.10.10.1/24 (dummy: the corporate LAN)     |
#              | st0  10.11.11.10/24 multipoint                    |
#              |   nhtb 10.11.11.11 sunnyvale-vpn (index 16384,    |
#              |        ESP spi 4353), static                      |
#              |   nhtb 10.11.11.12 westford-vpn (index 16385,     |
#              |        ESP spi 4354), static                      |
#              |   192.168.168.0/24 via 10.11.11.11                |
#              |   192.168.178.0/24 via 10.11.11.12                |
#              | eth1 192.0.2.1/24, default via 192.0.2.254        |
#              +-------------------------+-------------------------+
#                                        | veth
#              +------------ ns "inet" (a router) -----------------+
#              | v-hub 192.0.2.254/24                              |
#              | v-sv 198.51.100.254/24      v-wf 203.0.113.254/24 |
#              +-------+-------------------------------+-----------+
#                      | veth                          | veth
#   +--- ns "sunnyvale": stvpnd ----+  +--- ns "westford": stvpnd ----+
#   | sunnyvale.conf (set form)     |  | westford.conf (brace form)   |
#   | eth0 198.51.100.2/24          |  | eth0 203.0.113.2/24          |
#   | st0  10.11.11.11/24 p2p       |  | st0  10.11.11.12/24 p2p      |
#   |   vpn corp-vpn, spi 4353      |  |   vpn corp-vpn, spi 4354     |
#   | eth1 192.168.168.1/24 (dummy) |  | eth1 192.168.178.1/24 (dummy)|
#   | 10.10.10.0/24 and             |  | 10.10.10.0/24 and            |
#   |   192.168.178.0/24 -> st0.0   |  |   192.168.168.0/24 via       |
#   | default via 198.51.100.254    |  |   10.11.11.10                |
#   +-------------------------------+  | default via 203.0.113.254    |
#                                      +------------------------------+
#
# Block 7 adds ns "z": an st0 made point-to-point with ip before stvpnd
# starts on a configuration that wants it multipoint.
#
# No namespace has IPv6, so that nothing but what the tests send crosses a
# tunnel (no solicitations, no MLD reports from the devices stvpnd makes)
# and the SA counters count exactly.
#
# Every process start is slow under QEMU's TCG emulation: waits are for a
# condition, never a fixed time, and the CLI reaches the daemons through
# their sockets without entering their namespaces.
#
# shellcheck disable=SC1091
. "$(dirname "$0")/lib.sh"
st_init
command -v stvpnd > /dev/null || st_skip_all "stvpnd not built (run: make -C agent)"
command -v jq > /dev/null || st_skip_all "jq not found"

CONF=$SELFTESTS/agent
TMP=$(mktemp -d)
declare -A DPID=()
trap 'daemons_kill; st_cleanup; rm -rf "$TMP"' EXIT

# --- helpers -------------------------------------------------------------------

# wait_until SECONDS COMMAND...: COMMAND every 0.2 s until it succeeds;
# false if it still fails after SECONDS.
wait_until() {
	local secs=$1 i
	shift
	for ((i = 0; i < secs * 5; i++)); do
		"$@" && return 0
		sleep 0.2
	done
	"$@"
}

# ns_new NAME...: namespaces (removed on exit) without IPv6.
ns_new() {
	local ns
	ns_add "$@" || return 1
	for ns; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1 || return 1
	done
}

# indent: standard input, two spaces in (for diag).
indent() { sed 's/^/  /'; }

# pid_alive PID: the process exists and is not a zombie.
pid_alive() {
	local stat
	{ read -r stat < "/proc/$1/stat"; } 2> /dev/null || return 1
	stat=${stat##*) }
	[ "${stat%% *}" != Z ]
}

pid_gone() { ! pid_alive "$1"; }

# daemon_start NS: stvpnd in NS on $TMP/NS.conf (a copy, which a test may
# rewrite before a SIGHUP), control socket $TMP/NS.sock, everything it
# writes in $TMP/NS.log. True once the socket is there (stvpnd opens it
# when its configuration is applied); false if stvpnd exits first or is
# not ready in 60 s.
daemon_start() {
	local ns=$1

	rm -f "$TMP/$ns.sock"
	[ "${V:-0}" = 1 ] && diag "+ ip netns exec $ns stvpnd -f $TMP/$ns.conf -s $TMP/$ns.sock &"
	ip netns exec "$ns" stvpnd -f "$TMP/$ns.conf" -s "$TMP/$ns.sock" \
		> "$TMP/$ns.log" 2>&1 &
	DPID[$ns]=$!
	wait_until 60 daemon_settled "$ns"
	[ -S "$TMP/$ns.sock" ] && pid_alive "${DPID[$ns]}"
}

daemon_settled() { [ -S "$TMP/$1.sock" ] || pid_gone "${DPID[$1]}"; }

# start NS FILE: daemon_start on a copy of selftests/agent/FILE, as a test.
start() {
	local ns=$1 file=$2

	cp "$CONF/$file" "$TMP/$ns.conf"
	if daemon_start "$ns"; then
		ok "$ns: stvpnd applies $file and opens its control socket"
	else
		not_ok "$ns: stvpnd applies $file and opens its control socket"
		diag "$(indent < "$TMP/$ns.log")"
	fi
}

# daemon_stop NS: SIGTERM to NS's stvpnd; true if it exits with status 0
# within 30 s (it is killed otherwise).
daemon_stop() {
	local ns=$1 pid=${DPID[$1]:-}

	[ -n "$pid" ] || return 1
	unset 'DPID[$ns]'
	kill -TERM "$pid" 2> /dev/null
	if ! wait_until 30 pid_gone "$pid"; then
		kill -KILL "$pid" 2> /dev/null
		wait "$pid" 2> /dev/null
		return 1
	fi
	wait "$pid"
}

# stop_ok NS: daemon_stop as a test (not through check: its subshell
# cannot wait for the daemon).
stop_ok() {
	if daemon_stop "$1"; then
		ok "$1: stvpnd exits with status 0 on SIGTERM"
	else
		not_ok "$1: stvpnd exits with status 0 on SIGTERM"
		diag "$(tail -n 20 "$TMP/$1.log" | indent)"
	fi
}

# On exit, whatever still runs: SIGTERM, and SIGKILL 10 s later.
daemons_kill() {
	local ns

	for ns in "${!DPID[@]}"; do
		kill -TERM "${DPID[$ns]}" 2> /dev/null
	done
	for ns in "${!DPID[@]}"; do
		wait_until 10 pid_gone "${DPID[$ns]}" ||
			kill -KILL "${DPID[$ns]}" 2> /dev/null
	done
	DPID=()
}

# daemon_hup NS REGEX: SIGHUP to NS's stvpnd; true once its log has more
# lines matching REGEX than before (30 s at most).
daemon_hup() {
	local ns=$1 re=$2 n

	n=$(grep -Ec -- "$re" "$TMP/$ns.log")
	[ "${V:-0}" = 1 ] && diag "+ kill -HUP ${DPID[$ns]} (stvpnd in $ns)"
	kill -HUP "${DPID[$ns]}" || return 1
	wait_until 30 log_grows "$ns" "$re" "$n"
}

log_grows() { [ "$(grep -Ec -- "$2" "$TMP/$1.log")" -gt "$3" ]; }

# cli NS ARGS...: the CLI talking to NS's stvpnd. The socket is a path:
# no need to enter the namespace.
cli() {
	local ns=$1
	shift
	stvpn -s "$TMP/$ns.sock" "$@"
}

# kern_sas NS: every SA in NS's module, "SPI DIR ID PACKETS BYTES", sorted.
kern_sas() {
	ip netns exec "$1" stvpn -j kernel sa show |
		jq -r '.sas[] | "\(.spi) \(.dir) \(.id) \(.stats.packets) \(.stats.bytes)"' |
		sort
}

# routes107 NS: the routes with protocol 107 (stvpnd's) in NS's main
# table, without scope and metric, each followed by ";".
routes107() {
	ip -n "$1" route show proto 107 |
		sed -E 's/ (scope|metric|proto) [^ ]+//g; s/ +$//' | tr '\n' ';'
}

# leftovers NS: what an stvpnd leaves behind in NS: st devices, SAs,
# routes of protocol 107.
leftovers() {
	local st sas routes

	st=$(ip -n "$1" -o link show type st | wc -l)
	sas=$(ip netns exec "$1" stvpn -j kernel sa show | jq '.sas | length')
	routes=$(ip -n "$1" route show proto 107 | wc -l)
	echo "st devices $st, SAs $sas, routes $routes"
}

# sa_rows NS [ARGS...]: "show security ipsec security-associations ARGS"
# as "total=N" and one "<INDEX GATEWAY SPI;" or ">INDEX GATEWAY SPI;" per
# row (the SPI in hex, as the ID column's SA has it).
sa_rows() {
	local ns=$1 out line total='' rows=''
	local re='^([<>][0-9]+) +([^ ]+) .* ([0-9a-f]{8})( |$)'
	local re_total='^total configured sa: ([0-9]+)'
	shift

	out=$(cli "$ns" show security ipsec security-associations "$@") || return 1
	while IFS= read -r line; do
		if [[ $line =~ $re_total ]]; then
			total=${BASH_REMATCH[1]}
		elif [[ $line =~ $re ]]; then
			rows+="${BASH_REMATCH[1]} ${BASH_REMATCH[2]} ${BASH_REMATCH[3]};"
		fi
	done <<< "$out"
	echo "total=$total $rows"
}

# stat_pkts NS [index N]: "ENCRYPTED DECRYPTED", the ESP packet counters
# of "show security ipsec statistics".
stat_pkts() {
	local ns=$1 out
	local re_e='Encrypted packets: +([0-9]+)' re_d='Decrypted packets: +([0-9]+)'
	shift

	out=$(cli "$ns" show security ipsec statistics "$@") || return 1
	[[ $out =~ $re_e ]] || return 1
	printf '%s ' "${BASH_REMATCH[1]}"
	[[ $out =~ $re_d ]] || return 1
	echo "${BASH_REMATCH[1]}"
}

# pings NS ARGS...: every ping of one "TARGET[,SOURCE]" list, two
# requests each, in one process in NS; prints the targets that answered,
# each followed by a space.
pings() {
	local ns=$1
	shift
	# shellcheck disable=SC2016
	ip netns exec "$ns" bash -c 'for t; do
		src=${t#*,}; [ "$src" = "$t" ] && src=
		ping -q -c 2 -i 0.2 -W 2 ${src:+-I $src} ${t%%,*} > /dev/null 2>&1 &&
			printf "%s " "${t%%,*}"
	done' - "$@"
}

# count_lines REGEX TEXT: how many lines of TEXT match REGEX.
count_lines() { grep -Ec -- "$1" <<< "$2"; }

# empty COMMAND...: COMMAND succeeds and prints nothing.
empty() {
	local out
	out=$("$@" 2>&1) || return 1
	[ -z "$out" ] || { echo "$out"; return 1; }
}

# check_exit DESCRIPTION STATUS REGEX COMMAND...: COMMAND exits with
# STATUS and says something (stdout or stderr) matching REGEX.
check_exit() {
	local desc=$1 want=$2 re=$3 rc
	shift 3
	run "$@"
	rc=$?
	if [ "$rc" = "$want" ] && grep -Eq -- "$re" <<< "$OUT"; then
		ok "$desc"
	else
		not_ok "$desc"
		diag "expected exit $want and /$re/ from: $*"
		diag "exit $rc:"
		diag "$(indent <<< "$OUT")"
	fi
}

# check_same DESCRIPTION FILE1 FILE2: the files are the same, byte for byte.
check_same() {
	if cmp -s "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1"
		diag "$(diff -u "$2" "$3" | indent)"
	fi
}

# snap NS FILE: what stvpnd is in charge of in NS, as the kernel shows it
# (links, addresses, routes, the module's SAs with their counters and its
# bindings) and, if it runs, its active configuration.
snap() {
	{
		ip -n "$1" -d link show
		ip -n "$1" addr show
		ip -n "$1" route show table all
		ip netns exec "$1" stvpn kernel sa show
		ip netns exec "$1" stvpn kernel binding show
		if [ -S "$TMP/$1.sock" ]; then
			cli "$1" show configuration
		fi
	} > "$2" 2>&1
}

# check_json FILE...: one test per FILE (described in JSON_DESC[FILE]):
# Python's json module reads it. One python3 for all: under emulation
# each start costs seconds.
declare -A JSON_DESC=()
check_json() {
	local f res py

	if ! py=$(command -v python3); then
		for f; do
			skip "${JSON_DESC[$f]}: no python3"
		done
		return
	fi
	res=$("$py" -c '
import json, sys
for f in sys.argv[1:]:
    try:
        with open(f) as fh:
            json.load(fh)
        print(f, "ok")
    except (OSError, ValueError) as e:
        print(f, "bad:", e)
' "$@" 2>&1)
	for f; do
		if [[ $'\n'$res$'\n' == *$'\n'"$f ok"$'\n'* ]]; then
			ok "${JSON_DESC[$f]}"
		else
			not_ok "${JSON_DESC[$f]}"
			diag "$(grep -F "$f" <<< "$res")"
			diag "  $(head -c 300 "$f")"
		fi
	done
}

# --- 1. two hosts, stvpnd on both ------------------------------------------------

ns_new a b
ip link add ve-a netns a type veth peer name ve-b netns b
ip -n a link add lan type dummy
ip -n b link add lan type dummy

declare -A ST=([a]=10.11.11.1 [b]=10.11.11.2) LAN=([a]=10.10.1.1 [b]=10.10.2.1)
declare -A NET=([a]=10.10.1.0 [b]=10.10.2.0) VE=([a]=192.0.2.1 [b]=192.0.2.2)
declare -A PEER=([a]=b [b]=a)

# Test that stvpnd makes a working manual-key VPN out of a configuration
# file and nothing else: it creates st0, addresses st0 and the existing
# veth and dummy and brings them up, routes the other LAN into st0.0 with
# protocol 107, and programs one inbound and one outbound SA with the
# same SPI and no anti-replay, bound to st0.
start a a.conf
start b b.conf
for n in a b; do
	p=${PEER[$n]}
	check_output "$n: st0 is an st device in point-to-point mode" \
		'st mode p2p' ip -n $n -d link show st0
	check_output_within 10 "$n: st0 up with ${ST[$n]}/24" \
		"^st0 +(UP|UNKNOWN) +${ST[$n]//./\\.}/24 *\$" ip -n $n -br addr show dev st0
	check_output_within 10 "$n: lan (dummy) up with ${LAN[$n]}/24" \
		"^lan +(UP|UNKNOWN) +${LAN[$n]//./\\.}/24 *\$" ip -n $n -br addr show dev lan
	check_output_within 10 "$n: ve-$n (veth) up with ${VE[$n]}/24" \
		"^ve-$n(@[^ ]+)? +UP +${VE[$n]//./\\.}/24 *\$" ip -n $n -br addr show dev ve-$n
	check_output "$n: one route of protocol 107: ${NET[$p]}/24 dev st0" \
		"^${NET[$p]//./\\.}/24 dev st0;\$" routes107 $n
	check_output "$n: the module has an inbound and an outbound SA, ESP spi 4097 both, no anti-replay, on st0" \
		"^in esp 4097 ${VE[$p]} ${VE[$n]} aes-128-cbc hmac-sha-256-128 st0 0;out esp 4097 ${VE[$n]} ${VE[$p]} aes-128-cbc hmac-sha-256-128 st0 0\$" \
		sh -c "ip netns exec $n stvpn -j kernel sa show | jq -j '[.sas[] |
			\"\(.dir) \(.proto) \(.spi) \(.src) \(.dst) \(.enc) \(.auth) \(.dev) \(.replay_window // 0)\"] |
			sort | join(\";\")'"
	check_output "$n: and one binding on st0: tunnel 16384, vpn to-$p, static, up" \
		"^st0 null 16384 to-$p static up;\$" \
		sh -c "ip netns exec $n stvpn -j kernel binding show | jq -j '.bindings[] |
			\"\(.interface) \(.nexthop) \(.tunnel_id) \(.name) \(.flags | join(\",\")) \(.state);\"'"
done

# Test that traffic between the LANs, and between the st addresses,
# crosses the tunnel both ways.
check_output "a reaches b's LAN from its own, and b's st0" \
	'^10\.10\.2\.1 10\.11\.11\.2 $' pings a 10.10.2.1,10.10.1.1 10.11.11.2
check_output "b reaches a's LAN from its own, and a's st0" \
	'^10\.10\.1\.1 10\.11\.11\.1 $' pings b 10.10.1.1,10.10.2.1 10.11.11.1

# Test that what crosses the wire is ESP with the configured SPI, 4097
# (0x1001), in both directions, and nothing in the clear.
if command -v tcpdump > /dev/null; then
	cap=$TMP/ab.pcap
	# 4 echo requests and 4 replies; the capture ends there, or after 30 s.
	ip netns exec b timeout 30 tcpdump -n -U --immediate-mode -c 8 -i ve-b \
		-w "$cap" 'not arp' 2> "$cap.err" &
	capper=$!
	tcpdump_ready "$cap.err" || diag "tcpdump did not start: $(cat "$cap.err")"
	ip netns exec a ping -q -c 4 -i 0.2 -W 2 -I 10.10.1.1 10.10.2.1 > /dev/null
	wait $capper
	check_output "the veth carries 8 ESP packets, all with SPI 0x00001001" \
		'^8 spi=0x00001001$' sh -c "tcpdump -n -r '$cap' 2> /dev/null |
			grep -o 'spi=0x[0-9a-f]*' | sort | uniq -c | sed 's/^ *//'"
	check_output "and nothing else: no ICMP in the clear" '^0$' \
		sh -c "tcpdump -n -r '$cap' not esp 2> /dev/null | wc -l"
else
	skip "the veth carries ESP with SPI 0x00001001: no tcpdump"
	skip "and nothing else: no tcpdump"
fi

# Test the daemon's view of it: show security ipsec security-associations
# (brief and detail), statistics after clear, next-hop-tunnels (none on a
# point-to-point unit), interfaces, the active configuration.
check_output "a: show security ipsec security-associations: 2 SAs, <16384 and >16384, gateway 192.0.2.2, SPI 00001001" \
	'^total=2 <16384 192\.0\.2\.2 00001001;>16384 192\.0\.2\.2 00001001;$' sa_rows a
check_output "a: ... index 16384 detail: SPI 4097 inbound and outbound, anti-replay disabled" \
	'^4$' sh -c "stvpn -s '$TMP/a.sock' show security ipsec security-associations index 16384 detail |
		grep -cE '^ *Direction: (in|out)bound, SPI: 4097,|^ *Anti-replay service: disabled'"
for n in a b; do
	check "$n: clear security ipsec statistics" cli $n clear security ipsec statistics
done
check_output "a reaches b's LAN again" '^10\.10\.2\.1 $' pings a 10.10.2.1,10.10.1.1
check_output "a: show security ipsec statistics: 2 packets encrypted, 2 decrypted" \
	'^2 2$' stat_pkts a
check_output "b: show security ipsec statistics index 16384: 2 encrypted, 2 decrypted" \
	'^2 2$' stat_pkts b index 16384
check "a: show security ipsec next-hop-tunnels prints nothing (point-to-point)" \
	empty cli a show security ipsec next-hop-tunnels
check_output "a: show interfaces st0 terse: st0.0 up up inet 10.11.11.1/24" \
	'^st0\.0 +up +up +inet +10\.11\.11\.1/24$' cli a show interfaces st0 terse
cli a show configuration '|' display set | grep '^set ' > "$TMP/a.active"
stvpn show configuration file "$TMP/a.conf" '|' display set 2> /dev/null |
	grep '^set ' > "$TMP/a.file"
check_output "a: show configuration | display set: the statements of a.conf" \
	'^set security ipsec vpn to-b manual spi 4097$' cat "$TMP/a.active"
check_same "a: ... exactly as stvpn show configuration file a.conf | display set prints them" \
	"$TMP/a.file" "$TMP/a.active"

# Test that every show gives JSON on request, with -j or "| display json",
# the same either way, and that the numbers are those of the text.
J=$TMP/json
mkdir -p "$J"
cli a -j show security ipsec security-associations > "$J/sa" 2>&1
cli a show security ipsec security-associations '|' display json > "$J/sa-pipe" 2>&1
cli a show security ipsec security-associations index 16384 detail '|' display json \
	> "$J/sa-detail" 2>&1
cli a show security ipsec statistics '|' display json > "$J/stats" 2>&1
cli a -j show security ipsec next-hop-tunnels > "$J/nhtb" 2>&1
cli a -j show interfaces st0 > "$J/if" 2>&1
cli a -j show security ike security-associations > "$J/ike" 2>&1
JSON_DESC=(
	[$J/sa]="a: show security ipsec security-associations -j: valid JSON (python3)"
	[$J/sa-detail]="a: ... index 16384 detail | display json: valid JSON"
	[$J/stats]="a: show security ipsec statistics | display json: valid JSON"
	[$J/nhtb]="a: show security ipsec next-hop-tunnels -j: valid JSON"
	[$J/if]="a: show interfaces st0 -j: valid JSON"
	[$J/ike]="a: show security ike security-associations -j: valid JSON"
)
check_json "$J/sa" "$J/sa-detail" "$J/stats" "$J/nhtb" "$J/if" "$J/ike"
check_same "a: -j and | display json give the same JSON" "$J/sa" "$J/sa-pipe"
check_output "a: the SAs in JSON: index 16384, inbound and outbound, spi 4097" \
	'^16384 inbound 4097;16384 outbound 4097;$' \
	jq -j '.security_associations[] | "\(.index) \(.direction) \(.spi);"' "$J/sa"
check_output "a: the statistics in JSON: 2 packets encrypted, 2 decrypted" \
	'^2 2$' jq -j '.esp | "\(.encrypted_packets) \(.decrypted_packets)"' "$J/stats"

# --- 2. stvpnd against Linux XFRM -------------------------------------------------

# Test that traceoptions ask for a log file and get one: after a reload
# with "security ipsec traceoptions file", the file has what stvpnd did.
# The file is a name in /var/log, as on an SRX; small, to see it turn.
TRACE=stvpn-selftest-$$.trace
rm -f "/var/log/$TRACE" "/var/log/$TRACE".*
echo "set security ipsec traceoptions file $TRACE size 1k files 2" >> "$TMP/a.conf"
check "a: SIGHUP with an ipsec traceoptions file: applied" \
	daemon_hup a ': configuration applied'
check_output "a: the trace file has the reload, with a timestamp" \
	'^[A-Z][a-z]{2} [ 0-9]{2} [0-9:]{8} stvpnd: .*a\.conf: configuration applied' \
	cat "/var/log/$TRACE"
check_output "a: it is root's alone (0600)" '^600$' stat -c %a "/var/log/$TRACE"
check_output "a: show configuration has the traceoptions" \
	"^set security ipsec traceoptions file $TRACE size 1k$" \
	cli a show configuration '|' display set
for _ in 1 2 3 4 5 6 7 8; do daemon_hup a ': configuration applied'; done
check_output "a: past 1k the file turns: $TRACE and $TRACE.0, no more" \
	"^$TRACE $TRACE\.0 \$" sh -c "cd /var/log && ls $TRACE* | tr '\n' ' '"
rm -f "/var/log/$TRACE" "/var/log/$TRACE".*

# Test that the SAs stvpnd programs for a manual VPN work with another
# implementation keyed the same way: b's stvpnd stops (and takes what it
# made with it), and b becomes a plain XFRM peer with a's SPI and keys,
# one SPI and one pair of keys for both directions, as Junos manual SAs
# have them, behind an xfrm interface. a's stvpnd is left alone. XFRM's
# sequence numbers start again at 1: a's inbound SA must not check
# for replays.
if daemon_stop b; then
	ok "b: stvpnd exits with status 0 on SIGTERM"
else
	not_ok "b: stvpnd exits with status 0 on SIGTERM"
	diag "$(tail -n 20 "$TMP/b.log" | indent)"
fi
check_output "b: and takes with it what it made: st0, the SAs, the routes" \
	'^st devices 0, SAs 0, routes 0$' leftovers b

if modprobe esp4 && modprobe xfrm_interface; then
	EK=$(sed -n 's/.* encryption algorithm aes-128-cbc key hexadecimal \([0-9a-f]*\)$/\1/p' "$CONF/a.conf")
	AK=$(sed -n 's/.* authentication algorithm hmac-sha-256-128 key hexadecimal \([0-9a-f]*\)$/\1/p' "$CONF/a.conf")
	# Whatever b's stvpnd left (should it have left anything) goes first.
	ip -n b link del st0 2> /dev/null
	for id in $(ip netns exec b stvpn -j kernel sa show | jq '.sas[].id'); do
		ip netns exec b stvpn kernel sa del id "$id"
	done
	ip -n b route flush proto 107 2> /dev/null
	check "b: XFRM states (ESP spi 4097 both ways, a's keys) and if_id 7 policies behind ipsec0" \
		ip -n b -batch - <<EOF
addr replace 192.0.2.2/24 dev ve-b
link set ve-b up
addr replace 10.10.2.1/24 dev lan
link set lan up
link add ipsec0 type xfrm dev ve-b if_id 7
link set ipsec0 up
addr add 10.11.11.2/24 dev ipsec0
route add 10.10.1.0/24 dev ipsec0
xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 4097 mode tunnel if_id 7 enc cbc(aes) 0x$EK auth-trunc hmac(sha256) 0x$AK 128
xfrm state add src 192.0.2.2 dst 192.0.2.1 proto esp spi 4097 mode tunnel if_id 7 enc cbc(aes) 0x$EK auth-trunc hmac(sha256) 0x$AK 128
xfrm policy add src 0.0.0.0/0 dst 0.0.0.0/0 dir out tmpl src 192.0.2.2 dst 192.0.2.1 proto esp mode tunnel if_id 7
xfrm policy add src 0.0.0.0/0 dst 0.0.0.0/0 dir in tmpl src 192.0.2.1 dst 192.0.2.2 proto esp mode tunnel if_id 7
EOF
	check "a: clear security ipsec statistics" cli a clear security ipsec statistics
	check_output "a (stvpnd) reaches b's LAN (XFRM)" '^10\.10\.2\.1 $' \
		pings a 10.10.2.1,10.10.1.1
	check_output "b (XFRM) reaches a's LAN (stvpnd)" '^10\.10\.1\.1 $' \
		pings b 10.10.1.1,10.10.2.1
	check_output "a: statistics: 4 packets encrypted and 4 decrypted, both pings' requests and replies" \
		'^4 4$' stat_pkts a
	check_output "b: XFRM's inbound state decrypted what a sent (4 packets)" \
		'^4$' sh -c "ip -n b -s xfrm state list src 192.0.2.1 dst 192.0.2.2 |
			sed -n 's/.*(bytes), *\([0-9]*\)(packets).*/\1/p' | head -n 1"
else
	for t in "XFRM states and policies in b" "a reaches b's LAN (XFRM)" \
		 "b (XFRM) reaches a's LAN" "a: statistics" "b: XFRM's counters"; do
		skip "$t: no esp4 or xfrm_interface module"
	done
fi

# --- 3. the hub and its spokes -------------------------------------------------------

ns_new inet hub sunnyvale westford
ip -n inet -batch - <<EOF
link add v-hub type veth peer name eth1 netns hub
link add v-sv type veth peer name eth0 netns sunnyvale
link add v-wf type veth peer name eth0 netns westford
addr add 192.0.2.254/24 dev v-hub
addr add 198.51.100.254/24 dev v-sv
addr add 203.0.113.254/24 dev v-wf
link set v-hub up
link set v-sv up
link set v-wf up
EOF
ip netns exec inet sysctl -qw net.ipv4.ip_forward=1
ip -n hub link add eth0 type dummy
ip -n sunnyvale link add eth1 type dummy
ip -n westford link add eth1 type dummy
# The hub routes spoke-to-spoke traffic from st0 back into st0 (stvpnd
# leaves forwarding to the system, as it is on an SRX), without ICMP
# redirects: each would be one more packet on a spoke's SA.
ip netns exec hub sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.send_redirects=0 \
	net.ipv4.conf.default.send_redirects=0

# Test that the hub's multipoint st0 and its static next-hop tunnel
# bindings, the spokes' point-to-point st0, and everyone's routes come
# from configuration alone.
start hub hub.conf
start sunnyvale sunnyvale.conf
start westford westford.conf
check_output "hub: st0 is multipoint" 'st mode multipoint' ip -n hub -d link show st0
for n in sunnyvale westford; do
	check_output "$n: st0 is point-to-point" 'st mode p2p' ip -n $n -d link show st0
done
check_output "hub: routes of protocol 107: the default and one per spoke LAN via the spoke's st address" \
	'^default via 192\.0\.2\.254 dev eth1;192\.168\.168\.0/24 via 10\.11\.11\.11 dev st0;192\.168\.178\.0/24 via 10\.11\.11\.12 dev st0;$' \
	routes107 hub
check_output "sunnyvale: the default, and the hub's and westford's LANs into st0.0" \
	'^default via 198\.51\.100\.254 dev eth0;10\.10\.10\.0/24 dev st0;192\.168\.178\.0/24 dev st0;$' \
	routes107 sunnyvale
check_output "westford: the default, and the hub's and sunnyvale's LANs via 10.11.11.10" \
	'^default via 203\.0\.113\.254 dev eth0;10\.10\.10\.0/24 via 10\.11\.11\.10 dev st0;192\.168\.168\.0/24 via 10\.11\.11\.10 dev st0;$' \
	routes107 westford
nhtb=$(cli hub show security ipsec next-hop-tunnels 2>&1)
check_output "hub: show security ipsec next-hop-tunnels: 10.11.11.11 st0.0 sunnyvale-vpn Static" \
	'^10\.11\.11\.11 +st0\.0 +sunnyvale-vpn +Static$' echo "$nhtb"
check_output "hub: show security ipsec next-hop-tunnels: 10.11.11.12 st0.0 westford-vpn Static" \
	'^10\.11\.11\.12 +st0\.0 +westford-vpn +Static$' echo "$nhtb"
check_output "hub: and no other" '^2$' count_lines '^[0-9]' "$nhtb"
for n in sunnyvale westford; do
	check "$n: show security ipsec next-hop-tunnels prints nothing (point-to-point)" \
		empty cli $n show security ipsec next-hop-tunnels
done
check_output "hub: the module's bindings: one per spoke on st0, tunnel ids 16384 and 16385, static, up" \
	'^10\.11\.11\.11 st0 16384 sunnyvale-vpn static up;10\.11\.11\.12 st0 16385 westford-vpn static up;$' \
	sh -c "ip netns exec hub stvpn -j kernel binding show | jq -j '.bindings | sort_by(.nexthop)[] |
		\"\(.nexthop) \(.interface) \(.tunnel_id) \(.name) \(.flags | join(\",\")) \(.state);\"'"
check_output "hub: show security ipsec security-associations: 16384 with SPI 00001101, 16385 with 00001102" \
	'^total=4 <16384 198\.51\.100\.2 00001101;>16384 198\.51\.100\.2 00001101;<16385 203\.0\.113\.2 00001102;>16385 203\.0\.113\.2 00001102;$' \
	sa_rows hub
check_output "hub: security flow tcp-mss ipsec-vpn mss 1350 clamps on st0" \
	'^st0: index [0-9]+ mode multipoint tcp-mss 1350$' \
	ip netns exec hub stvpn kernel device show st0 detail
check_output "westford (brace form): the same clamp" \
	'^st0: index [0-9]+ mode p2p tcp-mss 1350$' \
	ip netns exec westford stvpn kernel device show st0 detail
check_output "hub: show interfaces st0 terse: st0.0 up up inet 10.11.11.10/24" \
	'^st0\.0 +up +up +inet +10\.11\.11\.10/24$' cli hub show interfaces st0 terse
check_output "hub: show security ipsec next-hop-tunnels | display json: both, static" \
	'^10\.11\.11\.11 sunnyvale-vpn static;10\.11\.11\.12 westford-vpn static;$' \
	sh -c "stvpn -s '$TMP/hub.sock' show security ipsec next-hop-tunnels '|' display json |
		jq -j '.next_hop_tunnels | sort_by(.next_hop)[] | \"\(.next_hop) \(.vpn) \(.flag);\"'"

# Test that both spokes reach the hub's LAN and each other's LAN through
# the hub, and the hub both spokes' LANs, each spoke with its own VPN: two
# pings each way on each path are 8 packets each way on each hub VPN.
check "hub: clear security ipsec statistics" cli hub clear security ipsec statistics
check_output "sunnyvale's LAN reaches the hub's LAN and westford's LAN" \
	'^10\.10\.10\.1 192\.168\.178\.1 $' \
	pings sunnyvale 10.10.10.1,192.168.168.1 192.168.178.1,192.168.168.1
check_output "westford's LAN reaches the hub's LAN and sunnyvale's LAN" \
	'^10\.10\.10\.1 192\.168\.168\.1 $' \
	pings westford 10.10.10.1,192.168.178.1 192.168.168.1,192.168.178.1
check_output "the hub's LAN reaches both spokes' LANs" \
	'^192\.168\.168\.1 192\.168\.178\.1 $' \
	pings hub 192.168.168.1,10.10.10.1 192.168.178.1,10.10.10.1
check_output "hub: statistics index 16384 (sunnyvale-vpn): 8 encrypted, 8 decrypted" \
	'^8 8$' stat_pkts hub index 16384
check_output "hub: statistics index 16385 (westford-vpn): 8 encrypted, 8 decrypted" \
	'^8 8$' stat_pkts hub index 16385

# --- 4. reloads that change one VPN --------------------------------------------------

# Test that a SIGHUP with the file unchanged changes nothing at all: the
# same SAs with the same counters, bindings, routes, addresses.
snap hub "$TMP/hub.before"
if daemon_hup hub ': configuration applied'; then
	ok "hub: SIGHUP with hub.conf unchanged: applied again"
else
	not_ok "hub: SIGHUP with hub.conf unchanged: applied again"
	diag "$(tail -n 20 "$TMP/hub.log" | indent)"
fi
snap hub "$TMP/hub.after"
check_same "hub: and nothing changed, SA counters included" "$TMP/hub.before" "$TMP/hub.after"

# Test that a reload applies by difference: new keys and SPI for
# westford-vpn (SIGHUP on the hub, "stvpn load" on westford) replace its
# SAs, while sunnyvale-vpn keeps its SAs, their ids and their counters;
# then westford's traffic passes again.
WF_EK=b4ec20a42de1e2973e6cf0682d96cc0e
WF_AK=b705cb8a9a3fd40273dbe50b9546969ea656d07f6034467732a9f9d2caee75bd
old_ek=$(sed -n 's/.*westford-vpn manual encryption .* hexadecimal \([0-9a-f]*\)$/\1/p' "$CONF/hub.conf")
old_ak=$(sed -n 's/.*westford-vpn manual authentication .* hexadecimal \([0-9a-f]*\)$/\1/p' "$CONF/hub.conf")
rekey() {	# rekey FILE: westford-vpn's SPI 4354 -> 4355 and its new keys
	sed -e 's/\bspi 4354\b/spi 4355/' -e "s/$old_ek/$WF_EK/" -e "s/$old_ak/$WF_AK/" "$1"
}
rekey "$CONF/hub.conf" > "$TMP/hub.conf"
rekey "$CONF/westford.conf" > "$TMP/westford-rekeyed.conf"
check_output "hub.conf and westford.conf rekeyed: 3 lines changed in each (spi and 2 keys)" \
	'^3 3$' sh -c "echo \$(diff '$CONF/hub.conf' '$TMP/hub.conf' | grep -c '^>') \
		\$(diff '$CONF/westford.conf' '$TMP/westford-rekeyed.conf' | grep -c '^>')"

kern_sas hub | awk '$1 == 4353' > "$TMP/sv.before"
cli hub show security ipsec statistics index 16384 > "$TMP/sv-stats.before"
check_output "hub: sunnyvale-vpn has an inbound and an outbound SA (spi 4353), both used" \
	'^4353 in [0-9]+ [1-9][0-9]* [0-9]+;4353 out [0-9]+ [1-9][0-9]* [0-9]+;$' \
	tr '\n' ';' < "$TMP/sv.before"
if daemon_hup hub ': configuration applied'; then
	ok "hub: SIGHUP with westford-vpn rekeyed: applied"
else
	not_ok "hub: SIGHUP with westford-vpn rekeyed: applied"
	diag "$(tail -n 20 "$TMP/hub.log" | indent)"
fi
kern_sas hub | awk '$1 == 4353' > "$TMP/sv.after"
cli hub show security ipsec statistics index 16384 > "$TMP/sv-stats.after"
check_same "hub: sunnyvale-vpn kept its SAs: same ids, SPIs and counters (kernel sa show)" \
	"$TMP/sv.before" "$TMP/sv.after"
check_same "hub: show security ipsec statistics index 16384 is unchanged" \
	"$TMP/sv-stats.before" "$TMP/sv-stats.after"
check_output "hub: westford-vpn's SAs were replaced: spi 4355 in and out, from 0 packets, none with 4354" \
	'^4355 in 0;4355 out 0;$' \
	sh -c "ip netns exec hub stvpn -j kernel sa show | jq -r '.sas[] |
		select(.spi == 4354 or .spi == 4355) | \"\(.spi) \(.dir) \(.stats.packets)\"' |
		sort | tr '\n' ';'"
check_output "hub: show security ipsec security-associations: 16384 as before, 16385 with SPI 00001103" \
	'^total=4 <16384 198\.51\.100\.2 00001101;>16384 198\.51\.100\.2 00001101;<16385 203\.0\.113\.2 00001103;>16385 203\.0\.113\.2 00001103;$' \
	sa_rows hub
check_output "hub: both next-hop tunnels are still there, static" '^2$' \
	sh -c "stvpn -s '$TMP/hub.sock' show security ipsec next-hop-tunnels |
		grep -cE '^10\.11\.11\.1[12] +st0\.0 +(sunnyvale|westford)-vpn +Static$'"
check "westford: stvpn load westford-rekeyed.conf" \
	cli westford load "$TMP/westford-rekeyed.conf"
check_output "westford: its SAs are spi 4355 now" '^4355 in;4355 out;$' \
	sh -c "ip netns exec westford stvpn -j kernel sa show |
		jq -r '.sas[] | \"\(.spi) \(.dir)\"' | sort | tr '\n' ';'"
check_output "westford: show configuration | display set has the new SPI" \
	'^set security ipsec vpn corp-vpn manual spi 4355$' \
	cli westford show configuration '|' display set
check_output "westford's LAN reaches the hub's LAN and sunnyvale's LAN again" \
	'^10\.10\.10\.1 192\.168\.168\.1 $' \
	pings westford 10.10.10.1,192.168.178.1 192.168.168.1,192.168.178.1
check_output "the hub's LAN reaches westford's LAN again" '^192\.168\.178\.1 $' \
	pings hub 192.168.178.1,10.10.10.1
check_output "hub: statistics index 16385 (westford-vpn, new SAs): 6 encrypted, 6 decrypted" \
	'^6 6$' stat_pkts hub index 16385

# --- 5. configurations with errors -----------------------------------------------------

# A configuration with an error is refused whole: to see that nothing of
# it is applied, each erroneous file is the active configuration plus
# valid changes of every kind (a new route, a new address, sunnyvale-vpn
# with another SPI), plus the error on its last line.
cp "$TMP/hub.conf" "$TMP/hub-good.conf"
bad_conf() {	# bad_conf FILE ERROR-STATEMENT
	{
		sed 's/\bspi 4353$/spi 4360/' "$TMP/hub-good.conf"
		echo 'set routing-options static route 203.0.113.128/25 next-hop 10.11.11.11'
		echo 'set interfaces eth0 unit 0 family inet address 10.10.11.1/24'
		if [ -n "$2" ]; then
			echo "$2"
		fi
	} > "$1"
}
bad_conf "$TMP/valid.conf" ''
bad_conf "$TMP/bad-vpn.conf" \
	'set interfaces st0 unit 0 family inet next-hop-tunnel 10.11.11.13 ipsec-vpn chicago-vpn'
bad_conf "$TMP/bad-address.conf" 'set interfaces st0 unit 0 family inet address 10.11.11.300/24'
bad_conf "$TMP/bad-interface.conf" 'set interfaces eth9 unit 0 family inet address 10.10.12.1/24'
declare -A BAD_RE=(
	[vpn]="chicago-vpn"
	[address]="10\\.11\\.11\\.300"
	[interface]="eth9"
)
declare -A BAD_WHAT=(
	[vpn]="next-hop-tunnel to an unknown VPN"
	[address]="address 10.11.11.300/24"
	[interface]="an interface that does not exist"
)
check_output "the changes without the error are a valid configuration (commit check)" \
	'^configuration check succeeds$' stvpn commit check "$TMP/valid.conf"

# Test that "stvpn load" refuses each, exit status 1, with FILE:LINE:
# error, and leaves everything as it was.
snap hub "$TMP/hub.before"
for bad in vpn address interface; do
	f=$TMP/bad-$bad.conf
	n=$(wc -l < "$f")
	check_exit "hub: stvpn load bad-$bad.conf (${BAD_WHAT[$bad]}): exit 1, bad-$bad.conf:$n: error" \
		1 "bad-$bad\\.conf:$n: error: .*${BAD_RE[$bad]}" cli hub load "$f"
	snap hub "$TMP/hub.after"
	check_same "hub: and nothing changed (links, addresses, routes, SAs, bindings, configuration)" \
		"$TMP/hub.before" "$TMP/hub.after"
done

# Test that a SIGHUP finding an error in the file logs it, with file and
# line, keeps stvpnd running and leaves everything as it was.
for bad in vpn address; do
	f=$TMP/bad-$bad.conf
	n=$(wc -l < "$f")
	cp "$f" "$TMP/hub.conf"
	if daemon_hup hub "hub\\.conf:$n: error: .*${BAD_RE[$bad]}"; then
		ok "hub: SIGHUP with hub.conf like bad-$bad.conf: logged hub.conf:$n: error"
	else
		not_ok "hub: SIGHUP with hub.conf like bad-$bad.conf: logged hub.conf:$n: error"
		diag "$(tail -n 20 "$TMP/hub.log" | indent)"
	fi
	snap hub "$TMP/hub.after"
	check_same "hub: and nothing changed" "$TMP/hub.before" "$TMP/hub.after"
done
cp "$TMP/hub-good.conf" "$TMP/hub.conf"
if pid_alive "${DPID[hub]}"; then
	ok "hub: stvpnd still runs after the errors"
else
	not_ok "hub: stvpnd still runs after the errors"
	diag "$(tail -n 20 "$TMP/hub.log" | indent)"
fi
check_output "the hub's LAN still reaches both spokes' LANs" \
	'^192\.168\.168\.1 192\.168\.178\.1 $' \
	pings hub 192.168.168.1,10.10.10.1 192.168.178.1,10.10.10.1

# --- 6. the CLI without a daemon ----------------------------------------------------------

# Test that the CLI says clearly that no daemon answers, with exit status
# 3, whether the socket comes from -s or from STVPN_SOCKET, and that
# "commit check" needs no daemon.
check_exit "stvpn -s /nonexistent show security ipsec security-associations: exit 3, stvpnd is not running on /nonexistent" \
	3 'not running.*/nonexistent' \
	stvpn -s /nonexistent show security ipsec security-associations
check_exit "STVPN_SOCKET=/nonexistent stvpn show security ipsec next-hop-tunnels: exit 3" \
	3 'not running.*/nonexistent' \
	env STVPN_SOCKET=/nonexistent stvpn show security ipsec next-hop-tunnels
check_exit "stvpn -s /nonexistent load hub.conf: exit 3" \
	3 'not running.*/nonexistent' stvpn -s /nonexistent load "$CONF/hub.conf"
check_exit "stvpn -s /nonexistent commit check hub.conf: no daemon needed, exit 0" \
	0 '^configuration check succeeds$' stvpn -s /nonexistent commit check "$CONF/hub.conf"

# --- 7. SIGTERM; an st device of the wrong mode ------------------------------------------------

# Test that every stvpnd still running exits on SIGTERM with status 0,
# that its socket goes with it, and that the hub takes with it what it
# made (st0, the SAs and bindings, the routes).
for n in a hub sunnyvale westford; do
	if daemon_stop $n; then
		ok "$n: stvpnd exits with status 0 on SIGTERM"
	else
		not_ok "$n: stvpnd exits with status 0 on SIGTERM"
		diag "$(tail -n 20 "$TMP/$n.log" | indent)"
	fi
done
check_exit "hub: the CLI on its socket now exits 3: stvpnd is not running" \
	3 'not running' cli hub show security ipsec next-hop-tunnels
check_output "hub: no st device, SA or route of stvpnd's is left" \
	'^st devices 0, SAs 0, routes 0$' leftovers hub

# Test that stvpnd refuses to start when an st device the configuration
# makes multipoint exists in point-to-point mode: status not 0, a message
# naming st0 and the mode, and nothing changed: neither the device nor
# the addresses, routes, SAs or bindings of the namespace, including an
# SA and a binding made by hand.
ns_new z
ip -n z -batch - <<EOF
link add wan type dummy
link set wan up
addr add 192.0.2.1/24 dev wan
link add lan type dummy
link add st0 type st mode p2p
EOF
ip netns exec z stvpn kernel sa add id 1 dir out proto esp spi 0x2001 \
	src 192.0.2.1 dst 198.51.100.2 enc aes-128-cbc "$(printf '%032d' 0)" \
	auth hmac-sha-256-128 "$(printf '%064d' 0)"
ip netns exec z stvpn kernel binding add dev st0 out-sa 1
snap z "$TMP/z.before"
run timeout 60 ip netns exec z stvpnd -f "$CONF/mode-mismatch.conf" -s "$TMP/z.sock"
rc=$?
if [ "$rc" != 0 ] && [ "$rc" != 124 ] &&
   grep -Eq 'mode-mismatch\.conf:[0-9]+: error: .*st0.*multipoint' <<< "$OUT"; then
	ok "z: stvpnd refuses a multipoint st0 that exists point-to-point (exit $rc, names st0 and the mode)"
else
	not_ok "z: stvpnd refuses a multipoint st0 that exists point-to-point"
	diag "exit $rc:"
	diag "$(indent <<< "$OUT")"
fi
check "z: and leaves no control socket" test ! -e "$TMP/z.sock"
snap z "$TMP/z.after"
check_same "z: and nothing changed (st0 still p2p, no address, no route, the SA and binding made by hand)" \
	"$TMP/z.before" "$TMP/z.after"


# --- 8. the 004 hub as written; units; the socket's permissions ---------------------------

# Test that the hub configuration of the 004 seed loads into stvpnd as
# written (host/conf/hub.conf: IKE-keyed VPNs, zones and policies): the
# st0 made by hand in multipoint mode is used, the static next-hop tunnel
# binding and the routes are there, the VPNs wait for IKE without SAs, and
# the firewall statements draw one warning each.
ns_new y
ip -n y -batch - <<EOF
link add eth0 type dummy
link add eth1 type dummy
link add st0 type st mode multipoint
EOF
cp "$SELFTESTS/host/conf/hub.conf" "$TMP/y.conf"
if daemon_start y; then
	ok "y: stvpnd applies the 004 hub configuration as written"
else
	not_ok "y: stvpnd applies the 004 hub configuration as written"
	diag "$(indent < "$TMP/y.log")"
fi
check_output "y: show security ipsec next-hop-tunnels: the static binding of 10.11.11.11" \
	'^10\.11\.11\.11 +st0\.0 +sunnyvale-vpn +Static$' cli y show security ipsec next-hop-tunnels
check_output "y: no IPsec SA: the VPNs wait for IKE" \
	'^total configured sa: 0$' cli y show security ipsec security-associations
check_output "y: the default route and the spoke's LAN, protocol 107" \
	'^default via 1\.1\.1\.1 dev eth1 .*192\.168\.168\.0/24 via 10\.11\.11\.11 dev st0 ' \
	sh -c "ip -n y route show proto 107 | tr '\n' ' '"
check_output "y: one warning for the zones and one for the policies" '^1 1$' \
	sh -c "echo \$(grep -c \"warning: 'security zones'\" '$TMP/y.log') \
		\$(grep -c \"warning: 'security policies'\" '$TMP/y.log')"
stvpn show configuration file "$TMP/y.conf" > "$TMP/y.brace" 2> /dev/null
cli y show configuration > "$TMP/y.shown" 2>&1
check_same "y: show configuration (brace form) is the file's, as stvpn prints it" \
	"$TMP/y.brace" "$TMP/y.shown"

# Test that the control socket is root's alone (mode 0600): another user
# is turned away; with -g GROUP it is mode 0660 and the group's members
# are served.
chmod 711 "$TMP"
check_output "y: the socket is mode 600, root's" '^600 root root$' \
	stat -c '%a %U %G' "$TMP/y.sock"
check_exit "y: nobody is turned away: permission denied, exit 1" \
	1 'permission denied' setpriv --reuid=65534 --regid=65534 --clear-groups \
	stvpn -s "$TMP/y.sock" show security ipsec next-hop-tunnels
stop_ok y
ip netns exec y stvpnd -f "$TMP/y.conf" -s "$TMP/y.sock" -g nogroup > "$TMP/y.log" 2>&1 &
DPID[y]=$!
wait_until 60 daemon_settled y
check_output "y: with -g nogroup the socket is mode 660, group nogroup" '^660 root nogroup$' \
	stat -c '%a %U %G' "$TMP/y.sock"
check_output "y: and a member of nogroup is served" '^10\.11\.11\.11 +st0\.0 ' \
	setpriv --reuid=65534 --regid=65534 --clear-groups \
	stvpn -s "$TMP/y.sock" show security ipsec next-hop-tunnels
check_output "y: who is not root sees no key in show configuration" \
	'pre-shared-key ascii-text "<hidden>"; ## SECRET-DATA' \
	setpriv --reuid=65534 --regid=65534 --clear-groups \
	stvpn -s "$TMP/y.sock" show configuration
check_output "y: root sees them as an SRX shows them (\$9\$)" \
	'pre-shared-key ascii-text "[$]9[$][^"]+"; ## SECRET-DATA' cli y show configuration
stop_ok y
check_output "y: the st0 made by hand stays, without stvpnd's bindings" \
	'^st0 1 bindings 0$' sh -c "echo st0 \$(ip -n y -o link show st0 | wc -l) bindings \
		\$(ip netns exec y stvpn -j kernel binding show | jq '.bindings | length')"

# Test that "interfaces st1 unit 2" is the device st1.2, that
# "bind-interface st3" is unit 0 of st3, the device st3, with its family
# inet mtu, and that show interfaces knows both.
ns_new u
ip -n u link add wan type dummy
# There before stvpnd: an address it is configured with too, and a route
# to a destination it is configured with.
ip -n u addr add 192.0.2.1/24 dev wan
ip -n u link set wan up
ip -n u route add 10.31.0.0/16 via 192.0.2.9
start u units.conf
check_output "u: st1.2 and st3, point-to-point, no st1" '^st1\.2 st3 $' \
	sh -c "ip -n u -o link show type st | awk -F': ' '{ printf \"%s \", \$2 }'"
check_output "u: st3 has MTU 1400" ' mtu 1400 ' ip -n u link show st3
check_output "u: bindings: v2 on st1.2, v3 on st3" '^st1\.2 v2 st3 v3 $' \
	sh -c "ip netns exec u stvpn -j kernel binding show |
	       jq -r '.bindings[] | \"\(.interface) \(.name)\"' | sort | tr '\n' ' '"
check_output "u: show interfaces st1 terse: the unit st1.2" \
	'^st1\.2 +up +up +inet +10\.20\.0\.1/30$' cli u show interfaces st1 terse
check_output "u: show interfaces st3.0 terse: st3's unit 0" \
	'^st3\.0 +up +up +inet +10\.30\.0\.1/30$' cli u show interfaces st3.0 terse
check_output "u: the GCM SA of v2 and the AH SA of v3 (ascii-text key)" \
	'^ESP:aes-gcm-128/None 0000012c AH:sha1 0000012d $' \
	sh -c "stvpn -s '$TMP/u.sock' show security ipsec security-associations |
	       awk '/^>/ { printf \"%s %s \", \$4, \$5 }'"
check_output "u: the route that was there is left as it is, and the log says so" \
	'^10\.31\.0\.0/16 via 192\.0\.2\.9 dev wan *$' \
	sh -c "ip -n u route show 10.31.0.0/16 | tr '\n' ' '; grep -q 'route 10.31.0.0/16: a route that is not stvpnd.s is there' '$TMP/u.log' || echo no-log"

# Test that a new VPN gets an index no other has: v1, now first in the
# file, gets 16386, while v2 and v3 keep 16384 and 16385 and their SAs.
kern_ids() {
	ip netns exec u stvpn -j kernel sa show |
		jq -c '[.sas[] | select(.spi != 302) | [.id, .spi, .dir]] | sort'
}
kern_ids > "$TMP/u.sas-before"
{
	echo "set interfaces st5 unit 0 family inet address 10.50.0.1/30"
	sed -n 's/vpn v2 /vpn v1 /p' "$TMP/u.conf" |
		sed 's/spi 300/spi 302/; s/gateway 192.0.2.2/gateway 192.0.2.4/;
		     s/bind-interface st1.2/bind-interface st5.0/'
	cat "$TMP/u.conf"
} > "$TMP/u-v1.conf"
check "u: stvpn load with v1 first: applied" cli u load "$TMP/u-v1.conf"
check_output "u: v1 16386, v2 16384, v3 16385" '^16384:0000012c 16385:0000012d 16386:0000012e $' \
	sh -c "stvpn -s '$TMP/u.sock' show security ipsec security-associations |
	       awk '/^>/ { printf \"%s:%s \", substr(\$1, 2), \$5 }'"
kern_ids > "$TMP/u.sas-after"
check_same "u: v2's and v3's SAs are the ones they had (ids, SPIs)" \
	"$TMP/u.sas-before" "$TMP/u.sas-after"

# Test that a device deleted under stvpnd comes back with the next load,
# with its binding and its routes: st3 deleted by hand, then SIGHUP.
cp "$TMP/u-v1.conf" "$TMP/u.conf"
ip -n u link del st3
check "u: SIGHUP after st3 was deleted by hand: applied" daemon_hup u ': configuration applied'
check_output "u: st3 is back, with v3's binding and the route into it" \
	'^st3 v3 10\.30\.0\.0/30 $' \
	sh -c "ip netns exec u stvpn -j kernel binding show |
	       jq -r '.bindings[] | select(.interface == \"st3\") | \"st3 \(.name)\"' | tr '\n' ' ';
	       ip -n u route show dev st3 | cut -d' ' -f1 | tr '\n' ' '"

# Test that a new metric is a new route and the old one goes.
sed 's|route 10.21.0.0/16 next-hop st1.2|route 10.21.0.0/16 next-hop st1.2 metric 7|' \
	"$TMP/u.conf" > "$TMP/u-metric.conf"
check "u: stvpn load with a metric on 10.21.0.0/16: applied" cli u load "$TMP/u-metric.conf"
check_output "u: one route to 10.21.0.0/16, metric 7" '^10\.21\.0\.0/16 dev st1\.2 proto 107 scope link metric 7 *$' \
	sh -c "ip -n u route show 10.21.0.0/16 | tr '\n' ' '"

# Test that a second stvpnd on the same socket stops before it touches
# anything.
snap u "$TMP/u.before"
check_exit "u: a second stvpnd on the same socket is refused" 1 'another stvpnd runs on' \
	timeout 60 ip netns exec u stvpnd -f "$TMP/u-metric.conf" -s "$TMP/u.sock"
snap u "$TMP/u.after"
check_same "u: and nothing changed" "$TMP/u.before" "$TMP/u.after"

stop_ok u
check_output "u: and takes st1.2 and st3 with it" '^st devices 0, SAs 0, routes 0$' leftovers u
check_output "u: the address that was there stays" 'inet 192\.0\.2\.1/24 ' ip -n u addr show wan
check_output "u: so does the route" '^10\.31\.0\.0/16 via 192\.0\.2\.9 dev wan' \
	ip -n u route show 10.31.0.0/16

st_done
