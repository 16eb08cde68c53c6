#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Unloading and loading the module:
#
#   +---- ns "a" ----+   +---- ns "b" ----+   +---- ns "c" ----+
#   | st0 mp, up,    |   | st0 p2p, up    |   | st0 mp, up     |
#   | addressed,     |   | st1 mp, up     |   |                |
#   | traffic        |   |                |   |                |
#   +----------------+   +----------------+   +----------------+
#
# rmmod with all of that present must remove the devices cleanly; the
# module alias "rtnl-link-st" must let "ip link add ... type st" load it.
#
# shellcheck disable=SC1091
. "$(dirname "$0")/lib.sh"
st_init
ns_add a b c

KO=$(st_module_path)

setup() {
	ip -n a link add st0 type st mode multipoint &&
	ip -n a addr add 10.11.11.10/24 dev st0 &&
	ip -n a link set st0 up &&
	ip -n b link add st0 type st &&
	ip -n b link add st1 type st mode multipoint &&
	ip -n b link set st0 up && ip -n b link set st1 up &&
	ip -n c link add st0 type st mode multipoint &&
	ip -n c link set st0 up
}

# Test rmmod with devices up in three namespaces while packets are sent
# into one of them.
check "devices in three namespaces" setup
ip netns exec a ping -q -f -w 5 10.11.11.11 > /dev/null 2>&1 &
pinger=$!
sleep 0.5
check "rmmod stvpn with devices up and traffic" rmmod stvpn
wait $pinger 2>/dev/null
check_fail "module is gone" test -d /sys/module/stvpn
check_output "no st device left in any namespace" '^0$' sh -c \
	"for n in a b c; do ip -n \$n -o link show type st; done | wc -l"
check "the namespaces still work (lo up in a)" ip netns exec a ping -q -c 1 -W 1 127.0.0.1

# Test that the module loads again and works after an unload.
if [ -n "$KO" ]; then
	check "insmod again" insmod "$KO"
else
	check "modprobe again" modprobe stvpn
fi
check "devices again after reload" setup
check "rmmod again with devices present" rmmod stvpn

# Test that the module carries the aliases that autoload it.
if [ -n "$KO" ]; then
	check_output "module alias rtnl-link-st" '^rtnl-link-st$' modinfo -F alias "$KO"
	check_output "module alias for the genl family" \
		'^net-pf-16-proto-16-family-stvpn$' modinfo -F alias "$KO"
fi

# Test that "ip link add ... type st" loads the module by its alias. When
# the module is not installed, a module tree holding only stvpn.ko is
# bound over /lib/modules/$(uname -r) for the length of the test (a depmod
# of the whole tree over 9p takes minutes under emulation).
kver=$(uname -r)
modtree=
if [ -n "$KO" ] && ! modprobe -n stvpn 2>/dev/null; then
	modtree=$(mktemp -d)
	mkdir -p "$modtree/lib/modules/$kver/updates"
	cp "/lib/modules/$kver"/modules.{builtin,builtin.modinfo,order} \
		"$modtree/lib/modules/$kver/" 2>/dev/null
	cp "$KO" "$modtree/lib/modules/$kver/updates/stvpn.ko"
	# and what it depends on, decompressed for a depmod that may not
	# know the compression
	for dep in $(modinfo -F depends "$KO" | tr ',' ' '); do
		f=$(modinfo -n "$dep") || continue
		case $f in
		*.xz)  xz -dc "$f" > "$modtree/lib/modules/$kver/updates/$dep.ko" ;;
		*.zst) zstd -qdc "$f" > "$modtree/lib/modules/$kver/updates/$dep.ko" ;;
		*)     cp "$f" "$modtree/lib/modules/$kver/updates/$dep.ko" ;;
		esac
	done
	if depmod -b "$modtree" "$kver" &&
	   mount --bind "$modtree/lib/modules/$kver" "/lib/modules/$kver"; then
		:
	else
		rm -rf "$modtree"
		modtree=
	fi
fi
if modprobe -n stvpn 2>/dev/null; then
	check "ip link add st0 type st autoloads the module" ip -n a link add st0 type st
	check "module is loaded" test -d /sys/module/stvpn
	check "rmmod after autoload" sh -c "ip -n a link del st0 && rmmod stvpn"
else
	skip "autoload by alias: stvpn.ko is not installed and no module tree could be bound"
fi
if [ -n "$modtree" ]; then
	umount "/lib/modules/$kver"
	rm -rf "$modtree"
fi

# Leave the module loaded for whoever runs next.
st_load_module
st_done
