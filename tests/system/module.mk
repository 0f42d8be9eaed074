# tests/system/ — a real system boots through diginit (issue 16). Suite: system.
#
# A Debian bookworm guest (mkguest.sh: systemd, udev, dracut, rpm), cached as a tarball
# under $(CACHEDIR)/guest/<key>/ (the key hashes mkguest.sh, which holds the package
# list), gets per run the diginit package (diginit.spec over the
# `make install` tree), whose file triggers write the digest-list image, the fixture
# packages installed by its own rpm, and an initramfs from its own dracut with 90diginit;
# run.sh makes an ext4 disk of it (mke2fs -d, no loop device) and boots it: the patched
# kernel, diginit as /init, dracut's systemd, switch-root, systemd on /dev/vda, then the
# test unit (guest/dgtest.sh): the table, appraisal, the IMA log, an rpm install, erase
# and upgrade, a reboot with the image the guest's triggers rewrote; then the failure
# modes (image missing, a corrupted list, rd.diginit.enforce).

SYS_DIR     := $(B)/tests/system
SYS_STAGE   := $(SYS_DIR)/stage
# mmdebstrap builds the guest, mke2fs -d makes its disk, swtpm is the TPM (tests/qemu)
DEPS_PKGS   += mmdebstrap e2fsprogs
# The key: mkguest.sh, which holds the suite and the package list. (Not the host's apt
# sources: make deps adds a deb-src file, which would change the key on a fresh machine.)
GUEST_KEY   := $(shell sha256sum < tests/system/mkguest.sh | cut -c1-16)
GUEST_TAR   := $(CACHEDIR)/guest/$(GUEST_KEY)/root.tar

.PHONY: guest
guest: $(GUEST_TAR)
# No file prerequisites: the key in the path covers the inputs.
$(GUEST_TAR):
	@echo "  GUEST   mmdebstrap bookworm (about a minute)"
	@nice tests/system/mkguest.sh $@

# The project as a package would install it, into a staging tree copied into the guest.
.PHONY: system-stage
system-stage: $(ALL)
	@rm -rf $(SYS_STAGE)
	@$(MAKE) --no-print-directory -s install DESTDIR=$(abspath $(SYS_STAGE)) > /dev/null

SYS_ENV = KERNEL=$(abspath $(KERNEL_IMAGE)) KERNEL_VERSION_FILE=$(abspath $(KERNEL_DIR))/version \
	GUEST_TAR=$(GUEST_TAR) STAGE=$(abspath $(SYS_STAGE)) \
	DIGINIT_FIX=$(abspath $(DIGINIT_TEST_BIN)) MKINITRD=$(abspath $(MK_BIN)) \
	TESTDATA=$(abspath $(TESTDATA)) WORK=$(abspath $(SYS_DIR))/work \
	QEMU=$(QEMU) QEMU_ACCEL=$(QEMU_ACCEL) QEMU_TIMEOUT=$(QEMU_TIMEOUT) \
	SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH)

SUITES += system
.PHONY: suite-prereqs-system suite-system
suite-prereqs-system: $(GUEST_TAR) $(KERNEL_IMAGE) $(DIGINIT_TEST_BIN) $(MK_BIN) $(TESTDATA_STAMP) \
	system-stage
suite-system: suite-prereqs-system
	@$(TAPRUN) system env $(SYS_ENV) tests/system/run.sh

# make demo (README): the real system booted through diginit, twice (a package installed,
# erased and upgraded in between), shown step by step (tools/demo-system.sh).
.PHONY: demo
demo: deps
	@$(MAKE) --no-print-directory -j$(JOBS) suite-prereqs-system
	@env $(SYS_ENV) WORK=$(abspath $(SYS_DIR))/demo tools/demo-system.sh

# make bench-system (not part of make check): the suite, plus a boot of the same system
# without diginit; prints the boot times to the test unit and their ratio.
.PHONY: bench-system
bench-system: suite-prereqs-system
	@env $(SYS_ENV) SYSTEM_BASELINE=1 tests/system/run.sh | \
		grep -E '^# (guest prepared|boot to the test unit)|^not ok'
