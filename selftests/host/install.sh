#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# make install / make uninstall into a staging directory (DESTDIR): the
# module under /lib/modules/$KVER/updates, the binaries, the ip plugin and
# the man pages, and all of them gone again after uninstall.
#
# shellcheck disable=SC1091
. "$(dirname "$0")/../lib.sh"
host_init

dest=$(mktemp -d)
kver=$(make -s --no-print-directory -C "$REPO" print-kver 2>/dev/null)
if [ -z "$kver" ] || [ ! -e "/lib/modules/$kver/build/Makefile" ]; then
	st_skip_all "no kernel build tree to install against"
fi

files=(
	"lib/modules/$kver/updates/stvpn.ko"
	usr/local/sbin/stvpnd
	usr/local/sbin/stvpn
	usr/lib/ip/link_st.so
	usr/local/share/man/man8/stvpn.8
	usr/local/share/man/man8/stvpnd.8
	usr/local/share/man/man5/stvpn.conf.5
	lib/systemd/system/stvpnd.service
	etc/iproute2/rt_protos.d/stvpn.conf
)

check "make install DESTDIR=..." make -s -C "$REPO" install DESTDIR="$dest"
for f in "${files[@]}"; do
	check "installed: /$f" test -f "$dest/$f"
done
check_output "the installed module is for $kver" "^$(sed 's/[.+]/\\&/g' <<< "$kver") " \
	modinfo -F vermagic "$dest/lib/modules/$kver/updates/stvpn.ko"
check_output "the unit starts the installed stvpnd" \
	'^ExecStart=/usr/local/sbin/stvpnd -f /etc/stvpn/stvpn.conf' \
	cat "$dest/lib/systemd/system/stvpnd.service"
if command -v systemd-analyze > /dev/null; then
	# verify resolves ExecStart= on this machine: point it at the staged binary.
	sed "s|/usr/local/sbin|$dest/usr/local/sbin|" "$dest/lib/systemd/system/stvpnd.service" \
		> "$dest/stvpnd.service"
	check "systemd-analyze verify stvpnd.service" \
		systemd-analyze verify --man=no "$dest/stvpnd.service"
	rm -f "$dest/stvpnd.service"
else
	skip "systemd-analyze verify stvpnd.service" "no systemd-analyze here"
fi
check "make uninstall DESTDIR=..." make -s -C "$REPO" uninstall DESTDIR="$dest"
left=$(find "$dest" -type f | sed "s|^$dest||")
[ -z "$left" ] && ok "nothing left after uninstall" ||
	{ not_ok "nothing left after uninstall"; diag "$left"; }
rm -rf "$dest"

host_done
