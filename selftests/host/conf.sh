#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The configuration language, through "stvpn commit check" and "stvpn
# show configuration file": the seed's hub and spoke configurations load
# as written, set and brace form turn into each other without loss, and
# every invalid configuration below is refused with its exact message,
# file and line.
#
# shellcheck disable=SC1091
. "$(dirname "$0")/../lib.sh"
host_init

CONF=$SELFTESTS/host/conf
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"; st_cleanup' EXIT

status() {	# status EXPECTED COMMAND...: the command exits with EXPECTED
	local want=$1; shift
	"$@" > /dev/null 2>&1
	[ $? = "$want" ]
}

# --- the seeds ---------------------------------------------------------------

for f in hub westford; do
	check_output "$f.conf (004, as written): configuration check succeeds" \
		'^configuration check succeeds$' stvpn commit check "$CONF/$f.conf"
	check_output "$f.conf: one warning for the zones, naming how many statements" \
		"^$CONF/$f.conf:11: warning: 'security zones' \(8 statements\) is accepted but not applied" \
		stvpn commit check "$CONF/$f.conf"
	check_output "$f.conf: one warning for the policies (edit ... exit blocks)" \
		"warning: 'security policies' \([0-9]+ statements\) is accepted but not applied: .*nftables" \
		stvpn commit check "$CONF/$f.conf"
	check_output "$f.conf: exactly those two warnings" '^2$' \
		sh -c "stvpn commit check '$CONF/$f.conf' 2>&1 >/dev/null | wc -l"
done

# Test that the hub as "show configuration" printed it (Appendix A: brace
# form, a $9$ secret, system settings, zones and policies) loads too.
A=$CONF/hub-appendix.conf
check_output "hub-appendix.conf (004 Appendix A, brace form): check succeeds" \
	'^configuration check succeeds$' stvpn commit check "$A"
check_output "hub-appendix.conf: one warning each for system, zones and policies, no more" \
	"^$A:10: warning: 'system' \\(17 statements\\)[^|]*\\|$A:116: warning: 'security zones' \\(21 statements\\)[^|]*\\|$A:151: warning: 'security policies' \\(35 statements\\)[^|]*\\|\$" \
	sh -c "stvpn commit check '$A' 2>&1 >/dev/null | tr '\\n' '|'"
check_output "hub-appendix.conf: the \$9\$ secret is kept as the SRX wrote it" \
	'^set security ike policy ike-policy1 pre-shared-key ascii-text "\$9\$LrN7w2mPQF/t24jqmfn6rev"$' \
	stvpn show configuration file "$A" '|' display set
check_output "hub-appendix.conf: traceoptions flags and the NHTB entry are read" \
	'^set security ike traceoptions flag routing-socket$' \
	stvpn show configuration file "$A" '|' display set

# Test Edge's route-based VPN of the 000 seed: as written it has one error,
# the key the text damaged ("$9$" with a "$" inside, which no SRX writes);
# with a sound key it passes; without its bind-interface (the seed's
# policy-based variant) it is refused.
E=$CONF/edge-route-based.conf
check_output "edge-route-based.conf (000): exactly one error, the damaged \$9\$ key, line 57" \
	"^$E:57: error: \\[edit security ike policy ike-policy1 pre-shared-key\\] ascii-text: invalid value .*\\|[^|]*warning: 'security zones'[^|]*\\|error: configuration check-out failed: 1 error\\|\$" \
	sh -c "stvpn commit check '$E' 2>&1 | tr '\\n' '|'"
sed 's|"\$9\$1MaeLN\$YoGjq4a"|"\$9\$LrN7w2mPQF/t24jqmfn6rev"|' "$E" > "$TMP/edge.conf"
check_output "edge-route-based.conf with a sound key: check succeeds" \
	'^configuration check succeeds$' stvpn commit check "$TMP/edge.conf"
check_output "the default route through st0.0, as the seed writes it" \
	'^set routing-options static route 0\.0\.0\.0/0 next-hop st0\.0$' \
	stvpn show configuration file "$TMP/edge.conf" '|' display set
grep -v 'bind-interface' "$TMP/edge.conf" > "$TMP/edge-policy.conf"
check_fail_output "its policy-based variant (no bind-interface) is refused" \
	'vpn TunnelA: needs a bind-interface \(stvpn makes route-based VPNs\)' \
	stvpn commit check "$TMP/edge-policy.conf"

# Test that set form -> brace form -> set form loses nothing, and that
# the brace form is stable.
stvpn show configuration file "$CONF/hub.conf" '|' display set > "$TMP/hub.set" 2> /dev/null
stvpn show configuration file "$CONF/hub.conf" > "$TMP/hub.brace" 2> /dev/null
check_output "hub: 26 statements in set form" '^26$' sh -c "grep -c '^set ' '$TMP/hub.set'"
check "hub: set form -> brace form -> set form is the same" \
	sh -c "stvpn show configuration file '$TMP/hub.brace' '|' display set | cmp -s - '$TMP/hub.set'"
check "hub: brace form of the brace form is the same" \
	sh -c "stvpn show configuration file '$TMP/hub.brace' | cmp -s - '$TMP/hub.brace'"
check_output "brace form: 'family inet {' as Junos prints it" '^            family inet \{$' \
	cat "$TMP/hub.brace"
check_output "brace form: a route with one next hop on one line" \
	'^        route 0\.0\.0\.0/0 next-hop 1\.1\.1\.1;$' cat "$TMP/hub.brace"
check_output "brace form: the NHTB entry on one line" \
	'^                next-hop-tunnel 10\.11\.11\.11 ipsec-vpn sunnyvale-vpn;$' cat "$TMP/hub.brace"
check_output "brace form: the pre-shared key as \$9\$ on one line, marked as secret" \
	'^            pre-shared-key ascii-text "\$9\$hvGrMXVb2aJDVwoGUjf5tuO1RSLxd"; ## SECRET-DATA$' \
	cat "$TMP/hub.brace"
check "and the key itself is shown in neither form" \
	sh -c "! grep -q secretkey '$TMP/hub.brace' '$TMP/hub.set'"
check_output "set form: a statement as the seed writes it" \
	'^set interfaces st0 unit 0 family inet next-hop-tunnel 10\.11\.11\.11 ipsec-vpn sunnyvale-vpn$' \
	cat "$TMP/hub.set"

# Test the rest of the language on features.conf (a little of every
# statement): it passes, and it round-trips through both forms.
F=$CONF/features.conf
check_output "features.conf: configuration check succeeds, no warning" \
	'^configuration check succeeds$' sh -c "stvpn commit check '$F' 2>&1"
stvpn show configuration file "$F" '|' display set > "$TMP/f.set" 2> /dev/null
stvpn show configuration file "$F" > "$TMP/f.brace" 2> /dev/null
check "features.conf: set -> brace -> set is the same" \
	sh -c "stvpn show configuration file '$TMP/f.brace' '|' display set | cmp -s - '$TMP/f.set'"
check "features.conf: brace form of the brace form is the same" \
	sh -c "stvpn show configuration file '$TMP/f.brace' | cmp -s - '$TMP/f.brace'"
for f in "$CONF/hub.conf" "$F" "$CONF/hub-appendix.conf"; do
	stvpn show configuration file "$f" '|' display set 2> /dev/null | tr -d '"' |
		sort > "$TMP/j.want"
	check "$(basename "$f"): display json says what display set says" \
		sh -c "stvpn show configuration file '$f' '|' display json 2> /dev/null |
		       python3 '$REPO/selftests/host/conf_json.py' | cmp -s - '$TMP/j.want'"
done
check_output "brace form: a trace file and its options on one line" \
	'^            file ike-log size 1m files 3 world-readable;$' cat "$TMP/f.brace"
check_output "brace form: two next hops as a list" \
	'^        route 10\.20\.0\.0/16 next-hop \[ 10\.11\.11\.11 10\.11\.11\.12 \];$' cat "$TMP/f.brace"
check_output "brace form: family inet6 beside family inet" \
	'^            family inet6 \{$' cat "$TMP/f.brace"
check_output "set form: a trace file's name on each of its statements" \
	'^set security ike traceoptions file ike-log files 3$' cat "$TMP/f.set"
printf 'set security ike traceoptions file a size 1m\nset security ike traceoptions file b\n' \
	> "$TMP/file.conf"
check_output "a later trace file name replaces the first, keeping its options" \
	'^set security ike traceoptions file b size 1m$' \
	stvpn show configuration file "$TMP/file.conf" '|' display set

# Test many entries of one kind (which the reader indexes): a hub with 20
# spokes, and 20 proposals that a proposal-set then replaces.
M=$CONF/many.conf
check_output "many.conf: configuration check succeeds" '^configuration check succeeds$' \
	stvpn commit check "$M"
stvpn show configuration file "$M" '|' display set > "$TMP/m.set" 2> /dev/null
check "many.conf: set -> brace -> set is the same" \
	sh -c "stvpn show configuration file '$M' | stvpn show configuration file /dev/stdin '|' display set |
	       cmp -s - '$TMP/m.set'"
check_output "many.conf: 20 NHTB entries, 20 VPNs, 20 gateways" '^20 20 20$' \
	sh -c "echo \$(grep -c next-hop-tunnel '$TMP/m.set') \$(grep -c 'vpn v[0-9]* bind-interface' '$TMP/m.set') \$(grep -c 'gateway g[0-9]* ike-policy' '$TMP/m.set')"
check_output "many.conf: the proposal-set replaced all 20 proposals" \
	'^set security ike policy p2 proposal-set compatible$' grep 'policy p2 propos' "$TMP/m.set"
check_output "many.conf: and two proposals replaced the set again" \
	'^2 0$' sh -c "echo \$(grep -c 'policy p3 proposals' '$TMP/m.set') \$(grep -c 'policy p3 proposal-set' '$TMP/m.set')"

# Test that a later statement replaces a leaf and that choices exclude
# each other (proposals or proposal-set; ascii-text or hexadecimal).
cat > "$TMP/replace.conf" <<'EOF'
set security ike proposal a dh-group group14
set security ike proposal b dh-group group19
set security ike policy p mode main
set security ike policy p mode aggressive
set security ike policy p proposal-set standard
set security ike policy p proposals [ a b ]
set security ike policy p pre-shared-key ascii-text "one two"
set security ike policy p pre-shared-key hexadecimal 0x0102
EOF
cat > "$TMP/replace.want" <<'EOF'
set security ike proposal a dh-group group14
set security ike proposal b dh-group group19
set security ike policy p mode aggressive
set security ike policy p proposals a
set security ike policy p proposals b
set security ike policy p pre-shared-key hexadecimal "0x0102"
EOF
check "replace: the last value and the last choice win, exactly" \
	sh -c "stvpn show configuration file '$TMP/replace.conf' '|' display set |
	       cmp -s - '$TMP/replace.want'"
check_output "brace form: a list as [ a b ]" '^ +proposals \[ a b \];$' \
	stvpn show configuration file "$TMP/replace.conf"

# --- invalid configurations ------------------------------------------------

# bad DESCRIPTION MESSAGE: the configuration on stdin (in bad.conf) is
# refused with exit 1, MESSAGE (exactly) is its first error, and nothing is
# printed on stdout.
bad() {
	local desc=$1 want=$2 got

	cat > "$TMP/bad.conf"
	got=$(cd "$TMP" && stvpn commit check bad.conf 2>&1 >/dev/null | grep -m1 ': error: ')
	if [ "$got" = "$want" ] &&
	   (cd "$TMP" && status 1 stvpn commit check bad.conf) &&
	   [ -z "$(cd "$TMP" && stvpn commit check bad.conf 2>/dev/null)" ]; then
		ok "refused: $desc"
	else
		not_ok "refused: $desc"
		diag "expected: $want"
		diag "got:      $got"
	fi
}

bad "a misspelled keyword" \
	"bad.conf:1: error: [edit security ike gateway g1]: unknown statement 'adress'" <<'EOF'
set security ike gateway g1 adress 192.0.2.1
EOF
bad "a DH group that does not exist" \
	"bad.conf:1: error: [edit security ike proposal p1] dh-group: invalid value 'group3' (expected group1, group2, group5, group14, group15, group16, group19, group20, group21, group31)" <<'EOF'
set security ike proposal p1 dh-group group3
EOF
bad "an IKE lifetime below 180 s" \
	"bad.conf:1: error: [edit security ike proposal p1] lifetime-seconds: invalid value '60' (expected a number from 180 to 86400)" <<'EOF'
set security ike proposal p1 lifetime-seconds 60
EOF
bad "an address that is not one" \
	"bad.conf:1: error: [edit security ike gateway g1] address: invalid value '192.0.2.300' (expected an IPv4 or IPv6 address)" <<'EOF'
set security ike gateway g1 address 192.0.2.300
EOF
bad "an interface address without its prefix length" \
	"bad.conf:1: error: [edit interfaces st0 unit 0 family inet] address: invalid value '10.0.0.1' (expected an address/prefix-length)" <<'EOF'
set interfaces st0 unit 0 family inet address 10.0.0.1
EOF
bad "a prefix length of 33" \
	"bad.conf:1: error: [edit interfaces st0 unit 0 family inet] address: invalid value '10.0.0.1/33' (expected an address/prefix-length)" <<'EOF'
set interfaces st0 unit 0 family inet address 10.0.0.1/33
EOF
bad "an interface name longer than Linux allows" \
	"bad.conf:1: error: [edit interfaces]: invalid name 'averyveryverylongname' (expected an interface name (up to 15 characters, optionally .UNIT))" <<'EOF'
set interfaces averyveryverylongname unit 0 multipoint
EOF
bad "a mode without its value" \
	"bad.conf:1: error: [edit security ike policy p1] mode: missing value (expected main, aggressive)" <<'EOF'
set security ike policy p1 mode
EOF
bad "a policy without its name" \
	"bad.conf:1: error: [edit security ike] policy: missing name" <<'EOF'
set security ike policy
EOF
bad "'set' alone" "bad.conf:2: error: 'set' without a statement" <<'EOF'
set security ike policy p1 mode main
set
EOF
bad "a line that is not a set statement" \
	"bad.conf:2: error: expected 'set' at the start of the line, not 'delete'" <<'EOF'
set security ike policy p1 mode main
delete security ike policy p1
EOF
bad "a pre-shared key without its text" \
	"bad.conf:1: error: [edit security ike policy p1 pre-shared-key] ascii-text: missing value (expected a text of up to 255 characters, quoted if it has spaces, or a \$9\$ secret)" <<'EOF'
set security ike policy p1 pre-shared-key ascii-text
EOF
bad "a \$9\$ secret that is not one (the 000 seed's, mangled), not repeated" \
	"bad.conf:1: error: [edit security ike policy p1 pre-shared-key] ascii-text: invalid value (expected a text of up to 255 characters, quoted if it has spaces, or a \$9\$ secret)" <<'EOF'
set security ike policy p1 pre-shared-key ascii-text "$9$lMaeLN$YoGjq4a"
EOF
bad "a hexadecimal key that is not hex, not repeated in the message" \
	"bad.conf:1: error: [edit security ike policy p1 pre-shared-key] hexadecimal: invalid value (expected hexadecimal digits)" <<'EOF'
set security ike policy p1 pre-shared-key hexadecimal 0xsecretZZ
EOF
bad "a df-bit policy that does not exist" \
	"bad.conf:1: error: [edit security ipsec vpn v1] df-bit: invalid value 'maybe' (expected clear, set, copy)" <<'EOF'
set security ipsec vpn v1 df-bit maybe
EOF
bad "a manual SPI below 256" \
	"bad.conf:1: error: [edit security ipsec vpn v1 manual] spi: invalid value '100' (expected a number from 256 to 16383)" <<'EOF'
set security ipsec vpn v1 manual spi 100
EOF
bad "a TCP MSS of 20" \
	"bad.conf:1: error: [edit security flow tcp-mss ipsec-vpn] mss: invalid value '20' (expected a number from 64 to 65535)" <<'EOF'
set security flow tcp-mss ipsec-vpn mss 20
EOF
bad "a next hop with three bytes" \
	"bad.conf:1: error: [edit routing-options static route 10.0.0.0/8] next-hop: invalid value '10.0.0' (expected an IPv4 or IPv6 address, or an interface such as st0.0)" <<'EOF'
set routing-options static route 10.0.0.0/8 next-hop 10.0.0
EOF
bad "a name with a space" \
	"bad.conf:1: error: [edit security ike] policy: invalid value 'p 1' (expected a name (letters, digits, - _ . / : @))" <<'EOF'
set security ike policy "p 1" mode main
EOF
bad "a string without its closing quote" \
	"bad.conf:1: error: string without its closing '\"'" <<'EOF'
set security ike policy p1 pre-shared-key ascii-text "abc
EOF
bad "a comment without its end" "bad.conf:2: error: comment '/*' without '*/'" <<'EOF'
set security ike policy p1 mode main
/* the rest
EOF
bad "a list without its ']'" "bad.conf:1: error: '[' without ']' after 'proposals'" <<'EOF'
set security ike policy p1 proposals [ a b
EOF
bad "an authentication method that does not exist" \
	"bad.conf:1: error: [edit security ike proposal p1] authentication-method: invalid value 'certificates' (expected pre-shared-keys, rsa-signatures)" <<'EOF'
set security ike proposal p1 authentication-method certificates
EOF
bad "a unit number above 16385" \
	"bad.conf:1: error: [edit interfaces st0] unit: invalid value '99999' (expected a number from 0 to 16385)" <<'EOF'
set interfaces st0 unit 99999 multipoint
EOF
bad "a bind-interface with a unit that is not a number" \
	"bad.conf:1: error: [edit security ipsec vpn v1] bind-interface: invalid value 'st0.x' (expected an interface name (up to 15 characters, optionally .UNIT))" <<'EOF'
set security ipsec vpn v1 bind-interface st0.x
EOF
bad "a word after a complete statement" \
	"bad.conf:1: error: [edit security ike gateway g1]: unknown statement 'extra'" <<'EOF'
set security ike gateway g1 address 192.0.2.1 extra
EOF
bad "an unknown top-level hierarchy" "bad.conf:1: error: [edit]: unknown statement 'protocols'" <<'EOF'
set protocols ospf area 0
EOF
bad "an IPsec algorithm with an IKE name" \
	"bad.conf:1: error: [edit security ipsec proposal p2] authentication-algorithm: invalid value 'sha1' (expected hmac-md5-96, hmac-sha1-96, hmac-sha-256-128, hmac-sha-384-192, hmac-sha-512-256)" <<'EOF'
set security ipsec proposal p2 authentication-algorithm sha1
EOF
bad "brace form: a block never closed" "bad.conf:1: error: '{' without its '}' at the end of the file" <<'EOF'
security {
    ike {
        policy p1 {
            mode main;
        }
    }
EOF
bad "brace form: a statement without its ';'" "bad.conf:4: error: statement 'mode' without its ';'" <<'EOF'
security {
    ike {
        policy p1 {
            mode main
        }
    }
}
EOF
bad "brace form: a '}' too many" "bad.conf:4: error: '}' without its '{'" <<'EOF'
security {
    flow { tcp-mss { ipsec-vpn { mss 1350; } } }
}
}
EOF
bad "brace form: an error deep inside, with its line" \
	"bad.conf:6: error: [edit security ipsec vpn v1 ike]: unknown statement 'gatway'" <<'EOF'
security {
    ipsec {
        vpn v1 {
            bind-interface st0.0;
            ike {
                gatway g1;
            }
        }
    }
}
EOF

# --- references and completeness (checked once everything is read) ---------

# A configuration that passes; each case below adds to it from line 11.
BASE='set interfaces st0 unit 0 family inet address 10.11.11.1/24
set security ike policy p1 proposal-set standard
set security ike policy p1 pre-shared-key ascii-text "k"
set security ike gateway g1 ike-policy p1
set security ike gateway g1 address 192.0.2.2
set security ike gateway g1 external-interface eth0
set security ipsec policy i1 proposal-set standard
set security ipsec vpn v1 bind-interface st0.0
set security ipsec vpn v1 ike gateway g1
set security ipsec vpn v1 ike ipsec-policy i1'
echo "$BASE" > "$TMP/base.conf"
check_output "the base of the reference cases passes" '^configuration check succeeds$' \
	stvpn commit check "$TMP/base.conf"

# bad_ref DESCRIPTION MESSAGE: BASE and then stdin, refused with MESSAGE.
# (Through a file, not a pipe: bad must run in this shell to count.)
bad_ref() {
	{ echo "$BASE"; cat; } > "$TMP/ref.conf"
	bad "$@" < "$TMP/ref.conf"
}

bad_ref "a gateway's ike-policy that does not exist" \
	"bad.conf:11: error: [edit security ike gateway g2] ike-policy nope: no IKE policy 'nope' is configured" <<'EOF'
set security ike gateway g2 ike-policy nope
set security ike gateway g2 address 192.0.2.3
set security ike gateway g2 external-interface eth0
EOF
bad_ref "an IKE policy with neither proposals nor a proposal-set" \
	"bad.conf:11: error: [edit security ike] policy p2: needs proposals or a proposal-set" <<'EOF'
set security ike policy p2 mode main
set security ike policy p2 pre-shared-key ascii-text "k"
EOF
bad_ref "an IKE policy's proposal that does not exist" \
	"bad.conf:11: error: [edit security ike policy p1] proposals nope: no IKE proposal 'nope' is configured" <<'EOF'
set security ike policy p1 proposals nope
EOF
bad_ref "an IKE policy without its pre-shared key" \
	"bad.conf:11: error: [edit security ike] policy p2: needs a pre-shared-key" <<'EOF'
set security ike policy p2 proposal-set compatible
EOF
bad_ref "rsa-signatures without a local certificate" \
	"bad.conf:11: error: [edit security ike] policy p2: needs certificate local-certificate for rsa-signatures" <<'EOF'
set security ike policy p2 proposals rsa
set security ike proposal rsa authentication-method rsa-signatures
EOF
bad_ref "a gateway without the peer's address" \
	"bad.conf:11: error: [edit security ike] gateway g2: needs the peer's address (or dynamic)" <<'EOF'
set security ike gateway g2 ike-policy p1
set security ike gateway g2 external-interface eth0
EOF
bad_ref "a gateway without an external interface" \
	"bad.conf:11: error: [edit security ike] gateway g2: needs an external-interface" <<'EOF'
set security ike gateway g2 ike-policy p1
set security ike gateway g2 address 192.0.2.3
EOF
bad_ref "a dynamic IKEv1 peer in main mode" \
	"bad.conf:13: error: [edit security ike gateway g2] dynamic: a dynamic peer needs mode aggressive in ike-policy p1 (or version v2-only)" <<'EOF'
set security ike gateway g2 ike-policy p1
set security ike gateway g2 external-interface eth0
set security ike gateway g2 dynamic hostname spoke.example.net
EOF
bad_ref "a VPN with neither ike nor manual" \
	"bad.conf:11: error: [edit security ipsec] vpn v2: needs ike or manual" <<'EOF'
set security ipsec vpn v2 bind-interface st0.0
EOF
bad_ref "a VPN's gateway that does not exist" \
	"bad.conf:11: error: [edit security ipsec vpn v1 ike] gateway nope: no IKE gateway 'nope' is configured" <<'EOF'
set security ipsec vpn v1 ike gateway nope
EOF
bad_ref "a VPN's ipsec-policy that does not exist" \
	"bad.conf:11: error: [edit security ipsec vpn v1 ike] ipsec-policy nope: no IPsec policy 'nope' is configured" <<'EOF'
set security ipsec vpn v1 ike ipsec-policy nope
EOF
bad_ref "a VPN without a bind-interface (policy-based)" \
	"bad.conf:11: error: [edit security ipsec] vpn v2: needs a bind-interface (stvpn makes route-based VPNs)" <<'EOF'
set security ipsec vpn v2 ike gateway g1
set security ipsec vpn v2 ike ipsec-policy i1
EOF
bad_ref "a bind-interface whose unit is not configured" \
	"bad.conf:11: error: [edit security ipsec vpn v1] bind-interface st0.5: the interface is not configured (no 'interfaces st0 unit 5')" <<'EOF'
set security ipsec vpn v1 bind-interface st0.5
EOF
bad_ref "two VPNs on a point-to-point unit" \
	"bad.conf:11: error: [edit security ipsec vpn v2] bind-interface st0.0: is point-to-point and vpn v1 binds it already (make the unit multipoint)" <<'EOF'
set security ipsec vpn v2 bind-interface st0.0
set security ipsec vpn v2 ike gateway g1
set security ipsec vpn v2 ike ipsec-policy i1
EOF
bad_ref "a next-hop tunnel binding to a VPN that does not exist" \
	"bad.conf:12: error: [edit interfaces st0 unit 0 family inet next-hop-tunnel 10.11.11.2] ipsec-vpn nope: no IPsec VPN 'nope' is configured" <<'EOF'
set interfaces st0 unit 0 multipoint
set interfaces st0 unit 0 family inet next-hop-tunnel 10.11.11.2 ipsec-vpn nope
EOF
bad_ref "a next-hop tunnel binding on a point-to-point unit" \
	"bad.conf:11: error: [edit interfaces st0 unit 0 family inet] next-hop-tunnel 10.11.11.2: next-hop tunnel bindings need a multipoint unit (set interfaces st0 unit 0 multipoint)" <<'EOF'
set interfaces st0 unit 0 family inet next-hop-tunnel 10.11.11.2 ipsec-vpn v1
EOF
bad_ref "a next-hop tunnel binding to a VPN bound elsewhere" \
	"bad.conf:13: error: [edit interfaces st1 unit 0 family inet next-hop-tunnel 10.12.12.2] ipsec-vpn v1: vpn v1 is bound to st0.0, not st1.0" <<'EOF'
set interfaces st1 unit 0 multipoint
set interfaces st1 unit 0 family inet address 10.12.12.1/24
set interfaces st1 unit 0 family inet next-hop-tunnel 10.12.12.2 ipsec-vpn v1
EOF
bad_ref "a manual key of the wrong length" \
	"bad.conf:18: error: [edit security ipsec vpn m1 manual encryption] key: aes-128-cbc needs a key of 16 bytes, not 8" <<'EOF'
set interfaces st1 unit 0 family inet address 10.12.12.1/24
set security ipsec vpn m1 bind-interface st1.0
set security ipsec vpn m1 manual gateway 192.0.2.3
set security ipsec vpn m1 manual external-interface eth0
set security ipsec vpn m1 manual protocol esp
set security ipsec vpn m1 manual spi 1000
set security ipsec vpn m1 manual encryption algorithm aes-128-cbc
set security ipsec vpn m1 manual encryption key hexadecimal 0x0011223344556677
set security ipsec vpn m1 manual authentication algorithm hmac-sha1-96
set security ipsec vpn m1 manual authentication key ascii-text "12345678901234567890"
EOF
bad_ref "a manual AH VPN that encrypts" \
	"bad.conf:17: error: [edit security ipsec vpn m1 manual] encryption: AH does not encrypt (protocol ah)" <<'EOF'
set interfaces st1 unit 0 family inet address 10.12.12.1/24
set security ipsec vpn m1 bind-interface st1.0
set security ipsec vpn m1 manual gateway 192.0.2.3
set security ipsec vpn m1 manual external-interface eth0
set security ipsec vpn m1 manual protocol ah
set security ipsec vpn m1 manual spi 1000
set security ipsec vpn m1 manual encryption algorithm aes-128-cbc
set security ipsec vpn m1 manual authentication algorithm hmac-sha1-96
set security ipsec vpn m1 manual authentication key ascii-text "12345678901234567890"
EOF
bad_ref "a trace file that is a path (stvpnd writes it as root)" \
	"bad.conf:11: error: [edit security ipsec traceoptions] file /etc/ld.so.preload: a trace file is a file name in /var/log, not a path" <<'EOF'
set security ipsec traceoptions file /etc/ld.so.preload
EOF
bad_ref "a trace file that climbs out of /var/log" \
	"bad.conf:11: error: [edit security ike traceoptions] file ../../etc/x: a trace file is a file name in /var/log, not a path" <<'EOF'
set security ike traceoptions file ../../etc/x
EOF
bad_ref "two manual VPNs with one SPI and protocol" \
	"bad.conf:21: error: [edit security ipsec vpn m2 manual] spi 1000: vpn m1 uses esp spi 1000 already" <<'EOF'
set interfaces st1 unit 0 family inet address 10.12.12.1/24
set interfaces st1 unit 0 multipoint
set security ipsec vpn m1 bind-interface st1.0
set security ipsec vpn m1 manual gateway 192.0.2.3
set security ipsec vpn m1 manual external-interface eth0
set security ipsec vpn m1 manual protocol esp
set security ipsec vpn m1 manual spi 1000
set security ipsec vpn m1 manual encryption algorithm aes-128-gcm key hexadecimal 000102030405060708090a0b0c0d0e0f10111213
set security ipsec vpn m2 bind-interface st1.0
set security ipsec vpn m2 manual gateway 192.0.2.4
set security ipsec vpn m2 manual spi 1000
set security ipsec vpn m2 manual external-interface eth0
set security ipsec vpn m2 manual protocol esp
set security ipsec vpn m2 manual encryption algorithm aes-128-gcm key hexadecimal 000102030405060708090a0b0c0d0e0f10111213
EOF
bad_ref "a GCM proposal with a separate HMAC" \
	"bad.conf:12: error: [edit security ipsec proposal gcm] authentication-algorithm hmac-sha1-96: aes-128-gcm authenticates by itself: no authentication-algorithm" <<'EOF'
set security ipsec proposal gcm encryption-algorithm aes-128-gcm
set security ipsec proposal gcm authentication-algorithm hmac-sha1-96
EOF
bad_ref "an IPv4 route with an IPv6 next hop" \
	"bad.conf:11: error: [edit routing-options static route 10.0.0.0/8] next-hop 2001:db8::1: is not an IPv4 address like the route" <<'EOF'
set routing-options static route 10.0.0.0/8 next-hop 2001:db8::1
EOF
bad_ref "a route through an interface that is not configured" \
	"bad.conf:11: error: [edit routing-options static route 10.0.0.0/8] next-hop st7.0: the interface is not configured (no 'interfaces st7 unit 0')" <<'EOF'
set routing-options static route 10.0.0.0/8 next-hop st7.0
EOF
bad_ref "a route without a next hop" \
	"bad.conf:11: error: [edit routing-options static] route 10.0.0.0/8: needs a next-hop" <<'EOF'
set routing-options static route 10.0.0.0/8 preference 5
EOF

# Test that a form feed or vertical tab separates words like a blank (the
# fuzzer found that the reader once looped forever on one).
printf 'set security ike policy p1\fmode\vmain\nset\fbogus\n' > "$TMP/ff.conf"
check_output "a form feed and a vertical tab are blanks: the reader goes on" \
	"ff\.conf:2: error: \[edit\]: unknown statement 'bogus'" \
	sh -c "cd '$TMP' && timeout 10 stvpn commit check ff.conf; true"

# Test that every error is reported, not only the first, with a count.
cat > "$TMP/two.conf" <<'EOF'
set security ike policy p1 mode main
set security ike policy p1 mode sideways
set security ike gateway g1 ike-policy p1
set security ike gateway g1 adress 192.0.2.1
EOF
check_output "two errors: both reported with their lines" \
	'two\.conf:2: error: .*two\.conf:4: error: ' \
	sh -c "cd '$TMP' && stvpn commit check two.conf 2>&1 | tr '\n' ' '"
check_output "two errors: counted" '^error: configuration check-out failed: 2 errors$' \
	sh -c "cd '$TMP' && stvpn commit check two.conf 2>&1 | tail -n 1"
check_fail_output "show configuration file refuses a file with errors" \
	'2 errors: nothing shown' stvpn show configuration file "$TMP/two.conf"

check_fail_output "a file that does not exist" \
	"^$TMP/none.conf: error: cannot open: No such file or directory" \
	stvpn commit check "$TMP/none.conf"
check "commit without check: usage, exit 2" status 2 stvpn commit
check "commit check without a file: usage, exit 2" status 2 stvpn commit check

host_done
