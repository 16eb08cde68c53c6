# SPDX-License-Identifier: GPL-2.0-or-later
#
# stvpn: route-based IPsec secure-tunnel interfaces for Linux routers.
#
#   make                 module (for KVER), agent, CLI, ip plugin, test helpers
#   make deps            install every Debian package the build and tests need
#   make check           deps + build + lint + host tests + selftests on every
#                        installed kernel (natively or in QEMU)
#   make demo            deps + build, then a hub and two spokes passing
#                        traffic through st tunnels (tools/demo)
#   make bench           deps + build, then st against XFRM and WireGuard
#                        side by side: docs/benchmarks.md and .png
#                        (tools/bench/run; BENCH_QUICK=1 for a short run)
#   make lint            W=1 and sparse for the module, cppcheck for userspace
#   make install         module into /lib/modules/$KVER/updates, binaries,
#                        ip plugin, man pages
#   make uninstall
#
# KVER defaults to the running kernel when its build tree is installed,
# else to the newest installed kernel with a build tree; KDIR follows it.

KVER	?= $(shell k=$$(uname -r); if [ -e /lib/modules/$$k/build/Makefile ]; \
		then echo $$k; else $(CURDIR)/tools/kernels | tail -n1; fi)
KDIR	?= /lib/modules/$(KVER)/build

PREFIX	?= /usr/local
SBINDIR	?= $(PREFIX)/sbin
MANDIR	?= $(PREFIX)/share/man
IPLIBDIR ?= /usr/lib/ip
UNITDIR	?= /lib/systemd/system
IPCONFDIR ?= /etc/iproute2
MODDIR	?= /lib/modules/$(KVER)/updates

all: module agent tools

module:
	@test -e $(KDIR)/Makefile || { echo "no kernel build tree at $(KDIR) (run: make deps)"; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules
	@mkdir -p build/$(KVER) && cp kmod/stvpn.ko build/$(KVER)/.stvpn.ko.new && \
		mv -f build/$(KVER)/.stvpn.ko.new build/$(KVER)/stvpn.ko

agent:
	$(MAKE) -C agent

tools:
	$(MAKE) -C tools/iproute2
	$(MAKE) -C tools/pkt
	$(MAKE) -C selftests all

deps:
	tools/deps

lint:
	tools/lint

check: deps
	tools/check

demo: deps
	$(MAKE) all
	tools/demo

bench: deps
	$(MAKE) all
	tools/bench/run

install: all
	install -d $(DESTDIR)$(MODDIR)
	install -m 0644 kmod/stvpn.ko $(DESTDIR)$(MODDIR)/stvpn.ko
	[ -n "$(DESTDIR)" ] || depmod -a $(KVER)
	$(MAKE) -C agent install DESTDIR=$(DESTDIR) SBINDIR=$(SBINDIR)
	$(MAKE) -C tools/iproute2 install DESTDIR=$(DESTDIR) IPLIBDIR=$(IPLIBDIR)
	install -d $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(MANDIR)/man5
	install -m 0644 docs/stvpn.8 docs/stvpnd.8 $(DESTDIR)$(MANDIR)/man8/
	install -m 0644 docs/stvpn.conf.5 $(DESTDIR)$(MANDIR)/man5/
	install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(IPCONFDIR)/rt_protos.d
	sed 's|@SBINDIR@|$(SBINDIR)|g' tools/systemd/stvpnd.service.in > \
		$(DESTDIR)$(UNITDIR)/stvpnd.service
	install -m 0644 tools/systemd/rt_protos.conf $(DESTDIR)$(IPCONFDIR)/rt_protos.d/stvpn.conf

uninstall:
	rm -f $(DESTDIR)$(MODDIR)/stvpn.ko
	[ -n "$(DESTDIR)" ] || depmod -a $(KVER)
	$(MAKE) -C agent uninstall DESTDIR=$(DESTDIR) SBINDIR=$(SBINDIR)
	$(MAKE) -C tools/iproute2 uninstall DESTDIR=$(DESTDIR) IPLIBDIR=$(IPLIBDIR)
	rm -f $(DESTDIR)$(MANDIR)/man8/stvpn.8 $(DESTDIR)$(MANDIR)/man8/stvpnd.8 \
	      $(DESTDIR)$(MANDIR)/man5/stvpn.conf.5 $(DESTDIR)$(UNITDIR)/stvpnd.service \
	      $(DESTDIR)$(IPCONFDIR)/rt_protos.d/stvpn.conf

print-kver:
	@echo $(KVER)

clean:
	-[ -e $(KDIR)/Makefile ] && $(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C agent clean
	$(MAKE) -C tools/iproute2 clean
	$(MAKE) -C tools/pkt clean
	$(MAKE) -C selftests clean
	rm -rf build

.PHONY: all module agent tools deps lint check demo bench install uninstall clean print-kver
