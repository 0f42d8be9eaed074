# tests/qemu: real boots of the patched kernel with diginit, the digest-list image,
# swtpm and IMA (TEST-NN-name/test.sh, helpers in lib/). Suite: qemu.

# UEFI boots (TEST-15, TEST-16): the firmware, systemd-stub and systemd-boot, GRUB
DEPS_PKGS += ovmf systemd-boot-efi grub-efi-amd64-bin

QEMU_NEXTINIT := $(B)/qemu/nextinit
QEMU_WORK     := $(B)/qemu/work

$(QEMU_NEXTINIT): tests/qemu/guest/nextinit.c
	@mkdir -p $(@D)
	$(MUSL_CC) -static -Os $(CSTD) $(WARNFLAGS) -o $@ $<

LINT_SRCS += tests/qemu/guest/nextinit.c

# The environment of lib/boot.sh and lib/qemu.sh.
QEMU_TEST_ENV = KERNEL=$(abspath $(KERNEL_IMAGE)) DIGINIT=$(abspath $(DIGINIT_TEST_BIN)) \
	MKINITRD=$(abspath $(MK_BIN)) NEXTINIT=$(abspath $(QEMU_NEXTINIT)) \
	TESTDATA=$(abspath $(TESTDATA)) SHARED=$(abspath $(SHARED)) WORK=$(abspath $(QEMU_WORK)) \
	QEMU=$(QEMU) QEMU_ACCEL=$(QEMU_ACCEL) QEMU_MEM=$(QEMU_MEM) QEMU_TIMEOUT=$(QEMU_TIMEOUT) \
	SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH)

SUITES += qemu
.PHONY: suite-prereqs-qemu suite-qemu qemu-test
suite-prereqs-qemu: $(QEMU_NEXTINIT) $(KERNEL_IMAGE) $(DIGINIT_TEST_BIN) $(MK_BIN) \
	$(TESTDATA_STAMP)
suite-qemu: suite-prereqs-qemu
	@rm -rf $(QEMU_WORK) && mkdir -p $(QEMU_WORK)
	@$(TAPRUN) qemu env $(QEMU_TEST_ENV) tests/qemu/run-tests

# One boot test by hand: make qemu-test T=TEST-13
qemu-test: suite-prereqs-qemu
	@mkdir -p $(QEMU_WORK)
	env $(QEMU_TEST_ENV) tests/qemu/run-tests $(T)

# make demo-quick (README): everything built, then one short boot (the shim, a stand-in
# next init) shown step by step. make demo (tests/system) boots a real system.
.PHONY: demo-quick demo-run
demo-quick: deps
	@$(MAKE) --no-print-directory -j$(JOBS) suite-prereqs-qemu
	@$(MAKE) --no-print-directory demo-run
demo-run:
	@mkdir -p $(QEMU_WORK)
	@env $(QEMU_TEST_ENV) tools/demo.sh
