#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A multipoint hub and three spokes: one multipoint st device on the hub
# with a next-hop tunnel binding per spoke, a point-to-point st device on
# each spoke, a routed "Internet" in between. Then 10,000 bindings on one
# multipoint device.
#
#                  +------------ ns "hub" -------------+
#                  | st0 multipoint 10.11.11.10/24     |
#                  |   nexthop 10.11.11.1N: out SA N,  |
#                  |   in SA 1N (N = 1, 2, 3)          |
#                  |   route 10.10.N.0/24 via .1N      |
#                  | st1 multipoint (10,000 bindings)  |
#                  | e0 192.0.2.1/24                   |
#                  +-----------------+-----------------+
#                                    | veth
#                  +---------- ns "inet" (router) -----+
#                  | v-hub 192.0.2.254/24              |
#                  | br0 198.51.100.254/24             |
#                  +-----+-----------+-----------+-----+
#                        | veth      | veth      | veth
#   +------ ns "s1" -----+-+ +---- ns "s2" ----+-+ +---- ns "s3" ----+-+
#   | e0 198.51.100.1/24   | | e0 198.51.100.2/24 | | e0 198.51.100.3/24 |
#   | st0 p2p 10.11.11.11  | | st0 p2p 10.11.11.12| | st0 p2p 10.11.11.13|
#   |   out SA 1, in SA 2  | |   out SA 1, in 2   | |   out SA 1, in 2   |
#   | lan 10.10.1.1/24     | | lan 10.10.2.1/24   | | lan 10.10.3.1/24   |
#   | 10.10.0.0/16 -> st0  | | 10.10.0.0/16 -> st0| | 10.10.0.0/16 -> st0|
#   +----------------------+ +--------------------+ +--------------------+
#
# The st devices have no IPv6 link-local address (addrgenmode none): the
# only traffic through them is what the tests send, counted exactly.
#
# Every process start is slow under QEMU's TCG emulation, so the set-up
# runs as one batch per namespace and the SA counters are read with one
# dump per namespace.
#
# shellcheck disable=SC1091
. "$(dirname "$0")/lib.sh"
st_init
ns_add hub inet s1 s2 s3

ip -n inet -batch - <<EOF
link add br0 type bridge
addr add 198.51.100.254/24 dev br0
link set br0 up
link add v-hub type veth peer name e0 netns hub
addr add 192.0.2.254/24 dev v-hub
link set v-hub up
link add v-s1 master br0 type veth peer name e0 netns s1
link add v-s2 master br0 type veth peer name e0 netns s2
link add v-s3 master br0 type veth peer name e0 netns s3
link set v-s1 up
link set v-s2 up
link set v-s3 up
EOF
ip netns exec inet sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'

ip -n hub -batch - <<EOF
addr add 192.0.2.1/24 dev e0
link set e0 up
route add default via 192.0.2.254
link add st0 type st mode multipoint
link set st0 addrgenmode none
addr add 10.11.11.10/24 dev st0
link set st0 up
route add 10.10.1.0/24 via 10.11.11.11 dev st0
route add 10.10.2.0/24 via 10.11.11.12 dev st0
route add 10.10.3.0/24 via 10.11.11.13 dev st0
EOF
# The hub passes spoke-to-spoke traffic from st0 back into st0, without
# ICMP redirects: the spokes could not use them, and each would be one
# more packet on a spoke's SA.
ip netns exec hub sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward &&
	echo 0 > /proc/sys/net/ipv4/conf/all/send_redirects &&
	echo 0 > /proc/sys/net/ipv4/conf/st0/send_redirects'

for n in 1 2 3; do
	ip -n s$n -batch - <<EOF
addr add 198.51.100.$n/24 dev e0
link set e0 up
route add default via 198.51.100.254
link add lan type dummy
addr add 10.10.$n.1/24 dev lan
link set lan up
link add st0 type st
link set st0 addrgenmode none
addr add 10.11.11.1$n/24 dev st0
link set st0 up
route add 10.10.0.0/16 dev st0
EOF
done

# Keys differ per spoke and per direction, so that a packet sent with
# the wrong spoke's SA could not be decrypted. AES-128-GCM: key and salt.
key() {	# key VAR SPOKE DIR: 20 bytes in hex
	printf -v "$1" '0x%08x%032x' "$2" "$3"
}

# Hub, for spoke N: out SA N (SPI 0x100N), in SA 1N (SPI 0x200N), and the
# binding for next hop 10.11.11.1N; the spoke mirrors it with SAs 1 and 2.
hub_cmds='' ko='' ki=''
for n in 1 2 3; do
	key ko $n 1; key ki $n 2
	hub_cmds+="stvpn kernel sa add id $n dir out proto esp spi 0x100$n src 192.0.2.1 dst 198.51.100.$n enc aes-128-gcm $ko &&
		stvpn kernel sa add id 1$n dir in proto esp spi 0x200$n src 198.51.100.$n dst 192.0.2.1 enc aes-128-gcm $ki &&
		stvpn kernel binding add dev st0 nexthop 10.11.11.1$n tunnel-id $n name spoke$n out-sa $n in-sa 1$n &&
		"
	check "spoke $n: SAs and p2p binding" ip netns exec s$n sh -ec "
		stvpn kernel sa add id 1 dir out proto esp spi 0x200$n src 198.51.100.$n dst 192.0.2.1 enc aes-128-gcm $ki
		stvpn kernel sa add id 2 dir in proto esp spi 0x100$n src 192.0.2.1 dst 198.51.100.$n enc aes-128-gcm $ko
		stvpn kernel binding add dev st0 out-sa 1 in-sa 2"
done
check "hub: six SAs and three multipoint bindings" ip netns exec hub sh -ec "${hub_cmds}true"

# --- helpers -------------------------------------------------------------

# sa_snap NS ARRAY: the packet counter of every SA of NS, by SA id, from
# one dump (parsed here: one jq less per snapshot).
sa_snap() {
	local -n _snap=$2
	local json line re='^([0-9]+),.*"stats":\{"bytes":[0-9]+,"packets":([0-9]+)'

	_snap=()
	json=$(ip netns exec "$1" stvpn -j kernel sa show) || return 1
	json=${json//\{\"id\":/$'\n'}
	while read -r line; do
		[[ $line =~ $re ]] && _snap[BASH_REMATCH[1]]=${BASH_REMATCH[2]}
	done <<< "$json"
}

# check_deltas DESC ID=N...: between the snapshots BEFORE and AFTER, the
# packet counter of each SA ID went up by exactly N.
check_deltas() {
	local desc=$1 bad='' spec id want got
	shift
	for spec in "$@"; do
		id=${spec%=*} want=${spec#*=}
		got=$(( ${AFTER[$id]:-0} - ${BEFORE[$id]:-0} ))
		[ "$got" = "$want" ] || bad+=" SA $id: +$got (expected +$want);"
	done
	if [ -z "$bad" ]; then
		ok "$desc"
	else
		not_ok "$desc"
		diag "$bad"
	fi
}

# dev_drop NS DEV REASON: one of the device's drop counters.
dev_drop() {
	local json re="\"$3\":([0-9]+)"

	json=$(ip netns exec "$1" stvpn -j kernel device show "$2" detail) &&
		[[ $json =~ $re ]] && echo "${BASH_REMATCH[1]}"
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

# --- hub to spokes ---------------------------------------------------------

# Test that the hub reaches each spoke's st address: on the st subnet the
# next hop is the destination itself. Each spoke's traffic must use that
# spoke's SAs and no other's.
sa_snap hub BEFORE
check_output "hub reaches 10.11.11.11, .12 and .13 (on-link: next hop = destination)" \
	'^10\.11\.11\.11 10\.11\.11\.12 10\.11\.11\.13 $' \
	pings hub 10.11.11.11 10.11.11.12 10.11.11.13
sa_snap hub AFTER
check_deltas "hub: 2 packets on each spoke's out SA and in SA, exactly" \
	1=2 11=2 2=2 12=2 3=2 13=2
sa_snap s2 SP
if [ "${SP[1]}" = 2 ] && [ "${SP[2]}" = 2 ]; then
	ok "spoke 2: its SAs counted its 2 echo requests and 2 replies"
else
	not_ok "spoke 2: its SAs counted its 2 echo requests and 2 replies"
	diag "spoke 2 out SA 1: ${SP[1]}, in SA 2: ${SP[2]}"
fi

# Test that the hub reaches each spoke's LAN through the route's gateway:
# 10.10.N.0/24 via 10.11.11.1N selects spoke N's binding.
sa_snap hub BEFORE
answered=$(pings hub 10.10.1.1 10.10.2.1 10.10.3.1)
for n in 1 2 3; do
	check_output "hub reaches spoke $n's LAN 10.10.$n.1 (route via 10.11.11.1$n)" \
		"(^| )10\.10\.$n\.1 " echo "$answered"
done
sa_snap hub AFTER
check_deltas "hub: 2 packets on each spoke's out SA and in SA, through the gateways" \
	1=2 11=2 2=2 12=2 3=2 13=2

# Test that what goes to spoke 2 on the wire is ESP with spoke 2's SPI.
cap=$(mktemp)
ip netns exec s2 timeout 20 tcpdump -n -U --immediate-mode -i e0 -c 2 -w "$cap" \
	esp and dst host 198.51.100.2 2> /dev/null &
capper=$!
sleep 2
pings hub 10.11.11.12 > /dev/null
wait $capper
check_output "spoke 2 receives ESP with SPI 0x1002 from the hub, 2 packets" \
	'^2 spi=0x00001002$' sh -c "tcpdump -n -r '$cap' 2>/dev/null |
		grep -o 'spi=0x[0-9a-f]*' | sort | uniq -c | sed 's/^ *//'"
rm -f "$cap"

# --- spoke to spoke -------------------------------------------------------

# Test that spoke 1 reaches spoke 2 through the hub: decrypted with spoke
# 1's SA, routed back into st0, encrypted with spoke 2's SA.
sa_snap hub BEFORE
check_output "spoke 1 -> 10.11.11.12 (spoke 2) through the hub" \
	'^10\.11\.11\.12 $' pings s1 10.11.11.12
sa_snap hub AFTER
check_deltas "hub: spoke 1 and 2 SAs each carried 2 packets, spoke 3's none" \
	11=2 2=2 12=2 1=2 3=0 13=0

# Test the same between the spokes' LANs, which the hub routes by gateway.
sa_snap hub BEFORE
check_output "spoke 1 LAN 10.10.1.1 -> spoke 2 LAN 10.10.2.1 through the hub" \
	'^10\.10\.2\.1 $' pings s1 10.10.2.1,10.10.1.1
sa_snap hub AFTER
check_deltas "hub: spoke 1 and 2 SAs each carried 2 packets, spoke 3's none" \
	11=2 2=2 12=2 1=2 3=0 13=0

# --- binding show -----------------------------------------------------------

# Test that binding show lists the three bindings, as a table and in JSON.
check_output "binding show: a header and three rows on st0" \
	'^4 3$' sh -c "ip netns exec hub stvpn kernel binding show |
		awk 'NR == 1 && /Next-hop gateway/ { h++ } / st0 / { r++ } END { print NR, r }'"
table=$(ip netns exec hub stvpn kernel binding show dev st0)
for n in 1 2 3; do
	check_output "binding show: 10.11.11.1$n st0 tunnel $n spoke$n static out $n in 1$n up" \
		"^10\.11\.11\.1$n +st0 +$n +spoke$n +static +$n +1$n +up\$" echo "$table"
done
check_output "binding show in JSON: the three bindings, exactly" \
	'^10.11.11.11 st0 1 spoke1 static 1 11 up;10.11.11.12 st0 2 spoke2 static 2 12 up;10.11.11.13 st0 3 spoke3 static 3 13 up;$' \
	sh -c "ip netns exec hub stvpn -j kernel binding show |
		jq -j '.bindings | sort_by(.nexthop)[] |
			\"\(.nexthop) \(.interface) \(.tunnel_id) \(.name) \(.flags | join(\",\")) \(.out_sa) \(.in_sas | join(\",\")) \(.state);\"'"

# --- one binding deleted ----------------------------------------------------

# Test that deleting spoke 2's binding cuts spoke 2 off, counts its
# traffic as "no binding", and leaves spokes 1 and 3 alone.
check "binding del dev st0 nexthop 10.11.11.12" \
	ip netns exec hub stvpn kernel binding del dev st0 nexthop 10.11.11.12
check_output "binding show: two bindings left, not 10.11.11.12" \
	'^10.11.11.11,10.11.11.13$' sh -c "ip netns exec hub stvpn -j kernel binding show |
		jq -r '[.bindings[].nexthop] | sort | join(\",\")'"
nb_before=$(dev_drop hub st0 no_binding)
sa_snap hub BEFORE
check_output "spokes 1 and 3 still answer, spoke 2 does not" \
	'^10\.11\.11\.11 10\.11\.11\.13 $' pings hub 10.11.11.11 10.11.11.12 10.11.11.13
nb_after=$(dev_drop hub st0 no_binding)
check_output "st0 no_binding drops: +2, the 2 pings to 10.11.11.12" \
	'^2$' echo $((nb_after - nb_before))
sa_snap hub AFTER
check_deltas "hub: spoke 2's SAs unused, spokes 1 and 3 carried 2 each way" \
	2=0 12=0 1=2 11=2 3=2 13=2
check_output "spoke 2's SAs are no longer bound on the hub" \
	'^out - in -$' sh -c "ip netns exec hub stvpn -j kernel sa show |
		jq -r '.sas[] | select(.id == 2 or .id == 12) | \"\(.dir) \(.dev // \"-\")\"' | sort -r | tr '\n' ' ' | sed 's/ \$//'"

# Test that what spoke 2 still sends is not delivered on the hub.
rx_packets() {	# rx_packets NS DEV
	local re='"rx":\{"bytes":[0-9]+,"packets":([0-9]+)' json

	json=$(ip -n "$1" -j -s link show "$2") && [[ $json =~ $re ]] &&
		echo "${BASH_REMATCH[1]}"
}
rx_before=$(rx_packets hub st0)
check_fail "spoke 2 cannot reach the hub without the hub's binding" \
	ip netns exec s2 ping -q -c 1 -W 2 10.11.11.10
rx_after=$(rx_packets hub st0)
check_output "nothing from spoke 2 was received on the hub's st0" \
	'^0$' echo $((rx_after - rx_before))

# Test that re-adding the binding restores spoke 2.
check "binding add dev st0 nexthop 10.11.11.12 out-sa 2 in-sa 12 again" \
	ip netns exec hub stvpn kernel binding add dev st0 nexthop 10.11.11.12 \
		tunnel-id 2 name spoke2 out-sa 2 in-sa 12
sa_snap hub BEFORE
check_output "all three spokes answer again" \
	'^10\.11\.11\.11 10\.11\.11\.12 10\.11\.11\.13 $' pings hub 10.11.11.11 10.11.11.12 10.11.11.13
sa_snap hub AFTER
check_deltas "hub: each spoke's SAs carried 2 packets each way again" \
	1=2 11=2 2=2 12=2 3=2 13=2

# --- 10,000 bindings --------------------------------------------------------

# The next hops of the big table: 10.20.0.1 to 10.20.49.200.
NBIG=10000
nexthop_list() {	# nexthop_list FIRST COUNT
	awk -v f="$1" -v n="$2" 'BEGIN { for (i = f; i < f + n; i++)
		printf "10.20.%d.%d\n", int(i / 200), i % 200 + 1 }'
}

# The CLI takes one command per process and has no batch or stdin mode;
# the bulk of the table is written by this generic netlink client
# (standard library only), as "binding add dev DEV nexthop ADDR" would.
# shellcheck disable=SC2016
GENL_BIND_ADD='
import socket, struct, sys

dev, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)   # NETLINK_GENERIC
s.setsockopt(socket.SOL_SOCKET, 33, 1 << 20)                # SO_RCVBUFFORCE
s.bind((0, 0))

def nla(t, data):
    n = 4 + len(data)
    return struct.pack("=HH", n, t) + data + bytes(-n % 4)

def msg(family, flags, seq, cmd, attrs):
    body = struct.pack("=BBH", cmd, 1, 0) + attrs
    return struct.pack("=IHHII", 16 + len(body), family, flags, seq, 0) + body

# CTRL_CMD_GETFAMILY (3) on GENL_ID_CTRL (0x10): the id of "stvpn"
s.send(msg(0x10, 1, 1, 3, nla(2, b"stvpn\0")))
data, family, off = s.recv(65536), None, 20
while off < struct.unpack_from("=I", data)[0]:
    n, t = struct.unpack_from("=HH", data, off)
    if t == 1:
        family = struct.unpack_from("=H", data, off + 4)[0]
    off += (n + 3) & ~3
if family is None:
    sys.exit("no stvpn generic netlink family")

errors, seq, i, end = 0, 100, first, first + count
ifname = nla(2, dev.encode() + b"\0")                       # STVPN_A_IFNAME
while i < end:
    batch = range(i, min(i + 100, end))
    out = b""
    for j in batch:
        nh = socket.inet_aton("10.20.%d.%d" % (j // 200, j % 200 + 1))
        # STVPN_CMD_BIND_NEW (7), REQUEST|ACK; STVPN_A_BIND (5) nested
        out += msg(family, 5, seq, 7, ifname + nla(5 | 0x8000, nla(1, nh)))
        seq += 1
    s.send(out)
    acks = 0
    while acks < len(batch):
        data, off = s.recv(1 << 20), 0
        while off < len(data):
            n, t = struct.unpack_from("=IH", data, off)
            if t == 2:                                      # NLMSG_ERROR
                acks += 1
                if struct.unpack_from("=i", data, off + 16)[0]:
                    errors += 1
            off += (n + 3) & ~3
    i += len(batch)
print(errors)
'

ip -n hub -batch - <<EOF
link add st1 type st mode multipoint
link set st1 addrgenmode none
link set st1 up
EOF

# Test the CLI on the first 20, timed: the estimate for all of them says
# whether the CLI needs a batch mode.
ncli=10
start=$EPOCHREALTIME
# shellcheck disable=SC2016
check "binding add dev st1 nexthop ... for the first $ncli next hops (CLI)" \
	ip netns exec hub bash -c 'for nh in $(cat); do
		stvpn kernel binding add dev st1 nexthop $nh || exit 1; done' \
		<<< "$(nexthop_list 0 $ncli)"
ms=$(( (${EPOCHREALTIME/./} - ${start/./}) / 1000 ))
diag "$ncli CLI binding adds took ${ms} ms; $NBIG would take about $((ms * NBIG / ncli / 1000)) s."
diag "stvpn has no batch mode and reads no commands from stdin: the rest go through one netlink socket."

PY=/usr/bin/python3
if [ -x $PY ]; then
	check_output "binding add for the other $((NBIG - ncli)) next hops (one netlink socket)" \
		'^0$' ip netns exec hub $PY -S -c "$GENL_BIND_ADD" st1 $ncli $((NBIG - ncli))
	nbig=$NBIG
else
	# Without Python, what the CLI can do in reasonable time.
	nbig=200
	diag "no $PY: only $nbig bindings, through the CLI"
	# shellcheck disable=SC2016
	check "binding add for next hops $ncli to $nbig (CLI)" \
		ip netns exec hub bash -c 'for nh in $(cat); do
			stvpn kernel binding add dev st1 nexthop $nh || exit 1; done' \
			<<< "$(nexthop_list $ncli $((nbig - ncli)))"
fi

# Test that a few of them carry SAs: the first, one in the middle, the last.
check "SAs on three of the $nbig bindings" ip netns exec hub sh -ec "
	for i in 1 2 3; do
		stvpn kernel sa add id 9\${i}1 dir out proto esp spi 0x3\${i}01 src 192.0.2.1 dst 203.0.113.\$i enc null auth hmac-sha1-96 0x$(printf '%040d' 0)
		stvpn kernel sa add id 9\${i}2 dir in proto esp spi 0x3\${i}02 src 203.0.113.\$i dst 192.0.2.1 enc null auth hmac-sha1-96 0x$(printf '%040d' 0)
	done
	stvpn kernel binding set dev st1 nexthop 10.20.0.1 out-sa 911 in-sa 912
	stvpn kernel binding set dev st1 nexthop $(nexthop_list $((nbig / 2)) 1) out-sa 921 in-sa 922
	stvpn kernel binding set dev st1 nexthop $(nexthop_list $((nbig - 1)) 1) out-sa 931 in-sa 932"

# Test that the dump lists every next hop exactly once (a dump of this
# size spans many netlink messages, so it resumes many times).
list=$(mktemp)
ip netns exec hub stvpn -j kernel binding show dev st1 |
	jq -r '.bindings[] | "\(.nexthop) \(.out_sa) \(.in_sas | join(","))"' > "$list"
check_output "binding show dev st1: $nbig rows" "^$nbig\$" wc -l < "$list"
# (No <(...) here: the test VM has no /dev/fd.)
cut -d' ' -f1 "$list" | sort > "$list.got"
nexthop_list 0 "$nbig" | sort > "$list.want"
check "binding show dev st1: each next hop exactly once, none missing" \
	cmp "$list.got" "$list.want"
check_output "binding show dev st1: the three SAs on their bindings" \
	'^3$' grep -Ec '^10\.20\.[0-9]+\.[0-9]+ 9([123])1 9\12$' "$list"
check_output "binding show (all devices): st0's 3 and st1's $nbig" \
	"^$((nbig + 3))\$" sh -c "ip netns exec hub stvpn -j kernel binding show | jq '.bindings | length'"
rm -f "$list" "$list.got" "$list.want"

# Test that the multipoint table finds the binding of a packet among them:
# traffic to a next hop with a binding but no SA is dropped as "no SA",
# to one without a binding as "no binding"; first on-link, then through
# a route's gateway.
ip -n hub -batch - <<EOF
addr add 10.20.255.254/16 dev st1
route add 10.30.0.0/16 via $(nexthop_list $((nbig - 2)) 1) dev st1
EOF
pings hub "$(nexthop_list $((nbig - 3)) 1)" 10.20.250.1 > /dev/null
check_output "st1: 2 drops for lack of an SA (on-link next hop), 2 for lack of a binding" \
	'^2 2$' echo "$(dev_drop hub st1 no_sa) $(dev_drop hub st1 no_binding)"
pings hub 10.30.0.1 > /dev/null
check_output "st1: 2 more for lack of an SA through the gateway $(nexthop_list $((nbig - 2)) 1)" \
	'^4 2$' echo "$(dev_drop hub st1 no_sa) $(dev_drop hub st1 no_binding)"

# Test that deleting the device with every binding present is clean: the
# bindings are gone and their SAs are free again.
start=$EPOCHREALTIME
check "ip link del st1 with $nbig bindings" ip -n hub link del st1
ms=$(( (${EPOCHREALTIME/./} - ${start/./}) / 1000 ))
diag "deleting st1 with $nbig bindings took ${ms} ms"
check_output "binding show: only st0's three bindings are left" \
	'^3$' sh -c "ip netns exec hub stvpn -j kernel binding show | jq '.bindings | length'"
check_output "the SAs of st1's bindings are bound to nothing now" \
	'^911 912 921 922 931 932 $' sh -c "ip netns exec hub stvpn -j kernel sa show |
		jq -r '.sas[] | select(.id > 900 and .ifindex == 0 and .dev == null) | .id' |
		sort -n | tr '\n' ' '"
check "and they can be deleted" ip netns exec hub sh -ec "
	for id in 911 912 921 922 931 932; do stvpn kernel sa del id \$id; done"

# Test that the hub still serves its spokes after all this.
check_output "hub still reaches the three spokes" \
	'^10\.11\.11\.11 10\.11\.11\.12 10\.11\.11\.13 $' pings hub 10.11.11.11 10.11.11.12 10.11.11.13

st_done
