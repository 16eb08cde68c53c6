#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# st <-> Linux XFRM: our ESP and AH against the kernel's own IPsec. Host a
# has a point-to-point st device with our SAs; host b is a plain Linux
# IPsec peer: XFRM states and if_id 7 policies behind an xfrm interface,
# the route-based analogue of st. Every algorithm both support, outer
# IPv4 and IPv6, ESN across the 2^32 boundary, and tshark decrypting and
# authenticating the captured ESP with the keys. Host c then talks XFRM
# to host a while st0 in a talks to b: ESP that is not for one of our SAs
# (even with one of our SPIs, for another address) must reach XFRM.
#
#                                 +------------ ns "b": XFRM ---------------+
#   +---------- ns "a" ---------+ | ipsec0 (xfrm if_id 7 dev ve-b)         |
#   | st0 10.11.11.1 -> .2      | |        10.11.11.2 -> .1, fd11::2/64    |
#   |     fd11::1/64            | |                                        |
#   | ve-a 192.0.2.1/24         |=| ve-b 192.0.2.2/24, 2001:db8::2/64      |
#   |      2001:db8::1/64       | +----------------------------------------+
#   |                           |
#   | ipsec1 (xfrm if_id 9      | +------------ ns "c": XFRM ---------------+
#   |   dev ve-ac)              | | ipsec0 (xfrm if_id 9 dev ve-c)         |
#   |   10.12.12.1 -> .2        | |        10.12.12.2 -> .1                |
#   | ve-ac 198.51.100.1/24     |=| ve-c 198.51.100.2/24                   |
#   +---------------------------+ +----------------------------------------+
#
# shellcheck disable=SC1091
. "$(dirname "$0")/lib.sh"
st_init
for m in esp4 ah4 esp6 ah6 xfrm_interface; do
	modprobe "$m" 2> /dev/null || st_skip_all "no $m module: cannot run XFRM"
done
command -v jq > /dev/null || st_skip_all "jq not found"
ns_add a b c

ip link add ve-a netns a type veth peer name ve-b netns b
ip link add ve-ac netns a type veth peer name ve-c netns c
for n in a b c; do
	ip netns exec $n sysctl -qw net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.accept_dad=0
done
ip -n a addr add 192.0.2.1/24 dev ve-a
ip -n b addr add 192.0.2.2/24 dev ve-b
ip -n a addr add 2001:db8::1/64 dev ve-a nodad
ip -n b addr add 2001:db8::2/64 dev ve-b nodad
ip -n a addr add 198.51.100.1/24 dev ve-ac
ip -n c addr add 198.51.100.2/24 dev ve-c
ip -n a link set ve-a up
ip -n a link set ve-ac up
ip -n b link set ve-b up
ip -n c link set ve-c up

ip -n a link add st0 type st
ip -n a link set st0 up
ip -n a addr add 10.11.11.1 peer 10.11.11.2 dev st0
ip -n a addr add fd11::1/64 dev st0 nodad

ip -n b link add ipsec0 type xfrm dev ve-b if_id 7
ip -n b link set ipsec0 up
ip -n b addr add 10.11.11.2 peer 10.11.11.1 dev ipsec0
ip -n b addr add fd11::2/64 dev ipsec0 nodad

# key VAR BYTES: VAR gets BYTES random bytes in hex (no process spawned:
# under emulation every process costs a good part of a second).
key() {
	local -n k=$1
	local i h
	k=
	for ((i = 0; i < $2; i += 4)); do
		printf -v h '%08x' "$SRANDOM"
		k+=$h
	done
	k=${k:0:$(($2 * 2))}
}

declare -A ENC_LEN=(
	[null]=0 [des-cbc]=8 [3des-cbc]=24 [aes-128-cbc]=16 [aes-192-cbc]=24
	[aes-256-cbc]=32 [aes-128-gcm]=20 [aes-256-gcm]=36 [chacha20-poly1305]=36
)
declare -A AUTH_LEN=(
	[hmac-md5-96]=16 [hmac-sha1-96]=20 [hmac-sha-256-128]=32
	[hmac-sha-384-192]=48 [hmac-sha-512-256]=64
)
# Our algorithms as ip-xfrm names them...
declare -A XFRM_ENC=(
	[null]='ecb(cipher_null)' [des-cbc]='cbc(des)' [3des-cbc]='cbc(des3_ede)'
	[aes-128-cbc]='cbc(aes)' [aes-192-cbc]='cbc(aes)' [aes-256-cbc]='cbc(aes)'
	[aes-128-gcm]='rfc4106(gcm(aes))' [aes-256-gcm]='rfc4106(gcm(aes))'
	[chacha20-poly1305]='rfc7539esp(chacha20,poly1305)'
)
declare -A XFRM_AUTH=(
	[hmac-md5-96]='hmac(md5) 96' [hmac-sha1-96]='hmac(sha1) 96'
	[hmac-sha-256-128]='hmac(sha256) 128' [hmac-sha-384-192]='hmac(sha384) 192'
	[hmac-sha-512-256]='hmac(sha512) 256'
)
# ... and as Wireshark's ESP preferences name them.
declare -A WS_ENC=(
	[null]='NULL' [des-cbc]='DES-CBC [RFC2405]' [3des-cbc]='TripleDES-CBC [RFC2451]'
	[aes-128-cbc]='AES-CBC [RFC3602]' [aes-192-cbc]='AES-CBC [RFC3602]'
	[aes-256-cbc]='AES-CBC [RFC3602]'
	[aes-128-gcm]='AES-GCM with 16 octet ICV [RFC4106]'
	[aes-256-gcm]='AES-GCM with 16 octet ICV [RFC4106]'
)
declare -A WS_AUTH=(
	[-]='NULL' [hmac-md5-96]='HMAC-MD5-96 [RFC2403]'
	[hmac-sha1-96]='HMAC-SHA-1-96 [RFC2404]'
	[hmac-sha-256-128]='HMAC-SHA-256-128 [RFC4868]'
	[hmac-sha-384-192]='HMAC-SHA-384-192 [RFC4868]'
	[hmac-sha-512-256]='HMAC-SHA-512-256 [RFC4868]'
)

# xfrm_algs VAR ENC AUTH EKEY AKEY: VAR gets the ip-xfrm algorithm
# arguments for ENC and AUTH with keys EKEY and AKEY.
xfrm_algs() {
	local -n x=$1
	local enc=$2 auth=$3 ekey=$4 akey=$5 a
	case $enc in
	-)	x= ;;
	null)	x=" enc ${XFRM_ENC[$enc]} \"\"" ;;
	*-gcm|chacha20-poly1305)
		x=" aead ${XFRM_ENC[$enc]} 0x$ekey 128" ;;
	*)	x=" enc ${XFRM_ENC[$enc]} 0x$ekey" ;;
	esac
	if [ "$auth" != - ]; then
		read -r -a a <<< "${XFRM_AUTH[$auth]}"
		x+=" auth-trunc ${a[0]} 0x$akey ${a[1]}"
	fi
}

# With "esn", a's outbound SA starts after ESN_SEQ, so that its low 32 bits
# wrap after the first packet, and b's inbound XFRM state starts its window
# at ESN_WIN (the RFC 4303 inference of the high bits needs a window that
# has seen the numbers before the wrap).
ESN_SEQ=0xfffffffe
ESN_WIN=0xfffffff0

# tunnel PROTO ENC AUTH FAMILY [esn] [align4]: a new pair of SAs on both
# sides, with new SPIs (SPI_AB for a -> b, SPI_BA back). In a our SAs
# OUT_ID and IN_ID replace those of st0's binding; in b the mirror XFRM
# states with if_id 7, and policies for inner addresses of either family
# that now use them. The SAs of earlier tunnels are kept, for their
# counters to be read once at the end. Keys are left in EK_AB AK_AB EK_BA
# AK_BA, the outer addresses in A and B.
N=0 BIND=add
tunnel() {
	local proto=$1 enc=$2 auth=$3 fam=$4 ea="" eb="" aa="" ab="" o
	local st_opts="" st_out="" xflags="af-unspec" x_opts="" x_in="" sel
	local alg_ab alg_ba pb po err=""
	shift 4
	for o in "$@"; do
		case $o in
		esn)	st_opts+=" esn"; st_out+=" seq $ESN_SEQ"
			xflags+=" esn"; x_opts+=" replay-window 128"
			x_in+=" replay-seq $ESN_WIN" ;;
		align4)	xflags+=" align4" ;;
		esac
	done
	N=$((N + 1))
	OUT_ID=$((2 * N + 1)) IN_ID=$((2 * N + 2))
	printf -v SPI_AB '0x%08x' $((0x1000 + N))
	printf -v SPI_BA '0x%08x' $((0x2000 + N))
	if [ "$fam" = 4 ]; then A=192.0.2.1 B=192.0.2.2; else A=2001:db8::1 B=2001:db8::2; fi
	EK_AB=; EK_BA=; AK_AB=; AK_BA=
	if [ "$enc" != - ]; then
		key EK_AB "${ENC_LEN[$enc]}"; key EK_BA "${ENC_LEN[$enc]}"
		ea="enc $enc 0x$EK_AB" eb="enc $enc 0x$EK_BA"
	fi
	if [ "$auth" != - ]; then
		key AK_AB "${AUTH_LEN[$auth]}"; key AK_BA "${AUTH_LEN[$auth]}"
		aa="auth $auth $AK_AB" ab="auth $auth $AK_BA"
	fi
	xfrm_algs alg_ab "$enc" "$auth" "$EK_AB" "$AK_AB"
	xfrm_algs alg_ba "$enc" "$auth" "$EK_BA" "$AK_BA"
	{
		echo "xfrm state add src $A dst $B proto $proto spi $SPI_AB mode tunnel" \
		     "if_id 7$alg_ab flag $xflags$x_opts$x_in"
		echo "xfrm state add src $B dst $A proto $proto spi $SPI_BA mode tunnel" \
		     "if_id 7$alg_ba flag $xflags$x_opts"
		for sel in 0.0.0.0/0 ::/0; do
			echo "xfrm policy update src $sel dst $sel dir out" \
			     "tmpl src $B dst $A proto $proto spi $SPI_BA mode tunnel if_id 7"
			echo "xfrm policy update src $sel dst $sel dir in" \
			     "tmpl src $A dst $B proto $proto mode tunnel if_id 7"
		done
	} > "$TMP/batch"
	# b's states and a's two SAs at once (under emulation a process costs
	# much more than the work it does), then a's binding.
	ip -n b -batch "$TMP/batch" &
	pb=$!
	# shellcheck disable=SC2086
	ip netns exec a stvpn kernel sa add id $OUT_ID dir out proto $proto spi $SPI_AB \
		src $A dst $B $ea $aa $st_opts $st_out &
	po=$!
	# shellcheck disable=SC2086
	ip netns exec a stvpn kernel sa add id $IN_ID dir in proto $proto spi $SPI_BA \
		src $B dst $A $eb $ab $st_opts || err=1
	wait $po || err=1
	wait $pb || err=1
	[ -z "$err" ] || return 1
	ip netns exec a stvpn kernel binding $BIND dev st0 out-sa $OUT_ID in-sa $IN_ID || return 1
	BIND="set"
}

# Each tunnel's results, judged at the end from one reading of all the
# counters: its description, the least packets each of its four SAs must
# have counted, and what went wrong while it was made and used.
declare -a C_DESC C_NEED C_FAIL C_OUT C_IN C_AB C_BA C_ESN

# try DESC [v6] [esn] -- TUNNEL-ARGS: makes the tunnel, then pings a -> b
# and b -> a (and a -> b over IPv6 inner with v6), all at once. Each of our two
# SAs in a and XFRM's two states in b must count each of these packets.
try() {
	local desc=$1 v6="" esn="" fail="" p p6
	shift
	while [ "$1" != -- ]; do
		case $1 in v6) v6=1 ;; esn) esn=1 ;; esac
		shift
	done
	shift
	if ! tunnel "$@"; then
		fail="could not make the SAs and states"
	else
		ip netns exec a ping -q -c 1 -W 3 10.11.11.2 > /dev/null &
		p=$!
		if [ -n "$v6" ]; then
			ip netns exec a ping -6 -q -c 1 -W 3 fd11::2 > /dev/null &
			p6=$!
		fi
		ip netns exec b ping -q -c 1 -W 3 10.11.11.1 > /dev/null || fail+=" ping b -> a failed;"
		wait $p || fail+=" ping a -> b failed;"
		if [ -n "$v6" ]; then
			wait $p6 || fail+=" ping -6 a -> b failed;"
		fi
	fi
	C_DESC[N]=$desc C_FAIL[N]=$fail C_NEED[N]=$((v6 ? 3 : 2)) C_ESN[N]=$esn
	C_OUT[N]=$OUT_ID C_IN[N]=$IN_ID C_AB[N]=$SPI_AB C_BA[N]=$SPI_BA
}

# Wireshark ESP SAs of the tunnel just made, for one decode at the end.
UAT=()
SPIS_DECODED=()
decode_later() {
	local enc=$1 auth=$2 p=IPv$3
	UAT+=(-o "uat:esp_sa:\"$p\",\"$A\",\"$B\",\"$SPI_AB\",\"${WS_ENC[$enc]}\",\"0x$EK_AB\",\"${WS_AUTH[$auth]}\",\"0x$AK_AB\""
	      -o "uat:esp_sa:\"$p\",\"$B\",\"$A\",\"$SPI_BA\",\"${WS_ENC[$enc]}\",\"0x$EK_BA\",\"${WS_AUTH[$auth]}\",\"0x$AK_BA\"")
	SPIS_DECODED+=("$SPI_AB" "$SPI_BA")
}

TMP=$(mktemp -d)
trap 'st_cleanup; rm -rf "$TMP"' EXIT
# Everything the underlay carries between a and b, from the start.
capper=
if command -v tcpdump > /dev/null; then
	ip netns exec b tcpdump -n -U --immediate-mode -i ve-b -w "$TMP/cap" 'not arp' 2> "$TMP/cap.log" &
	capper=$!
	for _ in $(seq 100); do
		grep -q listening "$TMP/cap.log" && break
		sleep 0.2
	done
fi

# Test that our ESP and XFRM's interoperate, first with a common suite.
try "ESP aes-128-cbc hmac-sha1-96, outer IPv4, inner v4 and v6" v6 -- \
	esp aes-128-cbc hmac-sha1-96 4
decode_later aes-128-cbc hmac-sha1-96 4

# Test every ESP cipher and every HMAC: by default each cipher with one or
# two HMACs, so that every algorithm is used and the process count stays
# sensible under emulation; STVPN_XFRM_FULL=1 tries every cipher with
# every HMAC.
AUTHS=(hmac-md5-96 hmac-sha1-96 hmac-sha-256-128 hmac-sha-384-192 hmac-sha-512-256)
SUITES=("null hmac-md5-96" "des-cbc hmac-sha1-96" "3des-cbc hmac-md5-96"
	"3des-cbc hmac-sha-256-128" "aes-128-cbc hmac-sha-384-192"
	"aes-192-cbc hmac-sha-512-256" "aes-256-cbc hmac-sha-256-128")
if [ "${STVPN_XFRM_FULL:-0}" = 1 ]; then
	SUITES=()
	for enc in null des-cbc 3des-cbc aes-128-cbc aes-192-cbc aes-256-cbc; do
		for auth in "${AUTHS[@]}"; do
			SUITES+=("$enc $auth")
		done
	done
fi
for suite in "${SUITES[@]}"; do
	read -r enc auth <<< "$suite"
	try "ESP $enc $auth" -- esp "$enc" "$auth" 4
	case $suite in
	"aes-256-cbc hmac-sha-256-128"|"3des-cbc hmac-md5-96")
		decode_later "$enc" "$auth" 4 ;;
	esac
done

# Test the combined modes, over IPv4 and IPv6 outer.
for enc in aes-128-gcm aes-256-gcm chacha20-poly1305; do
	for fam in 4 6; do
		try "ESP $enc, outer IPv$fam, inner v4 and v6" v6 -- esp $enc - $fam
		[ $enc/$fam = aes-128-gcm/4 ] && decode_later $enc - 4
	done
done

# Test outer IPv6 with a CBC suite.
try "ESP aes-256-cbc hmac-sha-256-128, outer IPv6, inner v4 and v6" v6 -- \
	esp aes-256-cbc hmac-sha-256-128 6
decode_later aes-256-cbc hmac-sha-256-128 6

# Test ESN: a's outbound SA starts just below 2^32, b's XFRM state expects
# that, and both must agree on the high 32 bits once the low ones wrap.
try "ESP aes-128-cbc hmac-sha1-96 with ESN" esn -- esp aes-128-cbc hmac-sha1-96 4 esn
try "ESP aes-128-gcm with ESN" esn -- esp aes-128-gcm - 4 esn

# Test AH with every HMAC over IPv4 and IPv6 outer. Over IPv4 XFRM's
# states need "flag align4": by default Linux pads the AH header to 8 bytes
# over IPv4 too, which RFC 4302 (3.3.3.2.1) forbids and we do not accept
# (nor does XFRM accept the 4-byte alignment we send); the two differ for
# HMACs whose ICV is not a multiple of 8 bytes (SHA-2 ones).
for auth in "${AUTHS[@]}"; do
	try "AH $auth, outer IPv4 (XFRM flag align4)" -- ah - "$auth" 4 align4
	try "AH $auth, outer IPv6" -- ah - "$auth" 6
done

# Now the counters of every SA in a and every XFRM state in b, at once.
declare -A ST_PKTS ST_SEQ ST_ERR X_PKTS X_FAILED X_SEQHI
# (Read through files: the guest may have no /dev/fd for "< <(...)".)
ip netns exec a stvpn -j kernel sa show | jq -r '.sas[] |
	"\(.id) \(.stats.packets) \(.seq // 0) auth-fail:\(.stats.esp_auth_failures + .stats.ah_auth_failures),bad-header:\(.stats.bad_headers),bad-trailer:\(.stats.bad_trailers),replay:\(.stats.replay_errors)"' > "$TMP/st"
while read -r id pkts seq err; do
	ST_PKTS[$id]=$pkts ST_SEQ[$id]=$seq ST_ERR[$id]=$err
done < "$TMP/st"
ip -n b -s xfrm state | awk '
	function out() { if (spi != "") print spi, p, f, hi; spi = ""; p = f = hi = 0 }
	/^src / { out() }
	$1 == "proto" { spi = $4; sub(/\(.*/, "", spi) }
	/^[ \t]*[0-9]+\(bytes\), [0-9]+\(packets\)/ {
		x = $0; sub(/\(packets\).*/, "", x); sub(/.* /, "", x); p = x }
	$1 == "replay-window" && $3 == "replay" { f = $NF }
	$1 == "seq-hi" { hi = $2; sub(/,/, "", hi) }
	END { out() }' > "$TMP/xfrm"
while read -r spi pkts failed seqhi; do
	X_PKTS[$spi]=$pkts X_FAILED[$spi]=$failed X_SEQHI[$spi]=$seqhi
done < "$TMP/xfrm"

for ((n = 1; n <= N; n++)); do
	o=${C_OUT[n]} i=${C_IN[n]} ab=${C_AB[n]} ba=${C_BA[n]} need=${C_NEED[n]}
	if [ -z "${C_FAIL[n]}" ] &&
	   [ "${ST_PKTS[$o]:-0}" -ge "$need" ] && [ "${ST_PKTS[$i]:-0}" -ge "$need" ] &&
	   [ "${X_PKTS[$ab]:-0}" -ge "$need" ] && [ "${X_PKTS[$ba]:-0}" -ge "$need" ]; then
		ok "${C_DESC[n]}"
	else
		not_ok "${C_DESC[n]}"
		[ -n "${C_FAIL[n]}" ] && diag "${C_FAIL[n]}"
		diag "packets (each should be >= $need): st out SA $o ${ST_PKTS[$o]:-?}," \
		     "st in SA $i ${ST_PKTS[$i]:-?} (${ST_ERR[$i]:-?});" \
		     "xfrm in $ab ${X_PKTS[$ab]:-?} (failed ${X_FAILED[$ab]:-?})," \
		     "xfrm out $ba ${X_PKTS[$ba]:-?}"
	fi
	[ -n "${C_ESN[n]}" ] || continue
	if [ "${ST_SEQ[$o]:-0}" -ge 4294967296 ]; then
		ok "${C_DESC[n]}: a's sequence numbers reached 2^32"
	else
		not_ok "${C_DESC[n]}: a's sequence numbers reached 2^32"
		diag "a's outbound SA $o: last seq ${ST_SEQ[$o]:-?}"
	fi
	if [ "${X_SEQHI[$ab]:-}" = 0x1 ]; then
		ok "${C_DESC[n]}: XFRM in b accepted them with seq-hi 1"
	else
		not_ok "${C_DESC[n]}: XFRM in b accepted them with seq-hi 1"
		diag "b's inbound state $ab: seq-hi ${X_SEQHI[$ab]:-?}"
	fi
done
check_output "b's xfrm interface received packets" '^[1-9][0-9]*$' \
	ip netns exec b cat /sys/class/net/ipsec0/statistics/rx_packets

# Test that the underlay carried only ESP and AH: no inner packet in the
# clear, and that Wireshark, given the keys, decrypts what both sides sent
# and finds every ICV good.
if [ -n "$capper" ]; then
	kill -INT "$capper"
	wait "$capper"
	check_output "no inner packet crossed the underlay in the clear" '^0$' \
		sh -c "tcpdump -n -r '$TMP/cap' 'net 10.11.11.0/24 or net fd11::/64' 2>/dev/null | wc -l"
	if command -v tshark > /dev/null; then
		dec=$(tshark -n -r "$TMP/cap" -o esp.enable_encryption_decode:TRUE \
			-o esp.enable_authentication_check:TRUE "${UAT[@]}" \
			-Y esp -T fields -E separator=, \
			-e esp.spi -e esp.icv_good -e icmp.type -e icmpv6.type 2>/dev/null)
		for spi in "${SPIS_DECODED[@]}"; do
			good=$(grep -Ec "^$spi,(1|True),([08]|,12[89])" <<< "$dec")
			bad=$(grep -Ec "^$spi,(0|False|)," <<< "$dec")
			if [ "$good" -ge 1 ] && [ "$bad" -eq 0 ]; then
				ok "tshark: SPI $spi decrypts to ICMP, ICV good ($good packets)"
			else
				not_ok "tshark: SPI $spi decrypts to ICMP, ICV good"
				diag "ICMP with good ICV $good, not good $bad:"
				diag "$(grep "^$spi," <<< "$dec" | head -5)"
			fi
		done
	else
		skip "tshark not found: captured ESP not decoded"
	fi
else
	skip "tcpdump not found: no capture"
fi

# Test XFRM beside st in one namespace: c talks to a through a's xfrm
# interface ipsec1 while st0 talks to b. c -> a uses the SPI of our inbound
# SA (for another destination address): that ESP must go on to XFRM.
try "ESP aes-128-gcm between st0 in a and XFRM in b, again" -- esp aes-128-gcm - 4
SPI_CA=$SPI_BA SPI_AC=0x00003003
key KEY_CA 20; key KEY_AC 20
ip -n a link add ipsec1 type xfrm dev ve-ac if_id 9
ip -n a link set ipsec1 up
ip -n a addr add 10.12.12.1 peer 10.12.12.2 dev ipsec1
ip -n c link add ipsec0 type xfrm dev ve-c if_id 9
ip -n c link set ipsec0 up
ip -n c addr add 10.12.12.2 peer 10.12.12.1 dev ipsec0
xfrm_c() {	# NS LOCAL PEER OUT-SPI OUT-KEY IN-SPI IN-KEY
	ip -n "$1" -batch - <<-EOF
	xfrm state add src $2 dst $3 proto esp spi $4 mode tunnel if_id 9 aead rfc4106(gcm(aes)) 0x$5 128
	xfrm state add src $3 dst $2 proto esp spi $6 mode tunnel if_id 9 aead rfc4106(gcm(aes)) 0x$7 128
	xfrm policy add src 0.0.0.0/0 dst 0.0.0.0/0 dir out tmpl src $2 dst $3 proto esp mode tunnel if_id 9
	xfrm policy add src 0.0.0.0/0 dst 0.0.0.0/0 dir in tmpl src $3 dst $2 proto esp mode tunnel if_id 9
	EOF
}
xfrm_ac() {
	xfrm_c a 198.51.100.1 198.51.100.2 "$SPI_AC" "$KEY_AC" "$SPI_CA" "$KEY_CA" &&
	xfrm_c c 198.51.100.2 198.51.100.1 "$SPI_CA" "$KEY_CA" "$SPI_AC" "$KEY_AC"
}
check "XFRM states and policies (if_id 9) between a and c, c -> a with SPI $SPI_CA" xfrm_ac

# xfrm_stat NS SPI: the packets the XFRM state with SPI counted.
xfrm_stat() {
	ip -n "$1" -s xfrm state list spi "$2" | awk '
		/^[ \t]*[0-9]+\(bytes\), [0-9]+\(packets\)/ {
			sub(/\(packets\).*/, ""); sub(/.* /, ""); print }'
}
# st_stat ID: the packets our SA ID in a counted.
st_stat() {
	ip netns exec a stvpn -j kernel sa show id "$1" | jq -r '.sas[0].stats.packets'
}

ip netns exec c ping -q -c 3 -i 0.2 -W 3 10.12.12.1 > /dev/null &
pc=$!
ip netns exec a ping -q -c 3 -i 0.2 -W 3 10.12.12.2 > /dev/null &
pa=$!
check "meanwhile st0 a -> XFRM b" ip netns exec a ping -q -c 3 -i 0.2 -W 3 10.11.11.2
check "meanwhile XFRM b -> st0 a" ip netns exec b ping -q -c 3 -i 0.2 -W 3 10.11.11.1
wait $pc; rc=$?
wait $pa; ra=$?
if [ $rc -eq 0 ] && [ $ra -eq 0 ]; then
	ok "XFRM a <-> c: pings both ways"
else
	not_ok "XFRM a <-> c: pings both ways"
fi
check_output "a's XFRM state for SPI $SPI_CA (ours too, for 192.0.2.1) decrypted c's 6 packets" \
	'^([6-9]|[1-9][0-9]+)$' xfrm_stat a "$SPI_CA"
check_output "a's XFRM state for SPI $SPI_AC encrypted a's 6 packets" \
	'^([6-9]|[1-9][0-9]+)$' xfrm_stat a "$SPI_AC"
check_output "c's XFRM state for SPI $SPI_AC decrypted them" \
	'^([6-9]|[1-9][0-9]+)$' xfrm_stat c "$SPI_AC"
check_output "our inbound SA $IN_ID (SPI $SPI_BA) decrypted b's 6 packets" \
	'^([6-9]|[1-9][0-9]+)$' st_stat "$IN_ID"
check_output "our outbound SA $OUT_ID encrypted a's 6 packets" \
	'^([6-9]|[1-9][0-9]+)$' st_stat "$OUT_ID"

st_done
