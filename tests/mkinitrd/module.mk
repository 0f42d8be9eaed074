# tests/mkinitrd/ — suites for diginit-mkinitrd and its integrations:
#   mkinitrd          the generator on the Mariner rpmdb copy and the fixtures
#                     (verification, reproducibility, no-change, locking, crash loop)
#   mkinitrd-rpm      diginit.spec's file triggers in a real rpm transaction (chroot)
#   mkinitrd-dracut   the 90diginit dracut module (dracut --no-kernel)
#   mkinitrd-kinstall the kernel-install plugin
# and `make bench-mkinitrd` (also part of `make bench`): full build and no-change rerun
# timed on the Mariner copy.
MKT_DIR  := $(B)/tests/mkinitrd
# rpm/rpmbuild, dracut, kernel-install (systemd), man, perl's DB_File (bdb_ro test)
DEPS_PKGS += rpm dracut-core systemd man-db perl cpio util-linux python3
MKT_ENV   = MK=$(MK_BIN) IMGREAD=$(MKT_DIR)/imgread SHARED=$(SHARED) TESTDATA=$(TESTDATA) DIGINIT=$(DIGINIT_HOST_BIN) \
            DIGINIT_FIX=$(DIGINIT_TEST_BIN)
MKT_COMMON := tests/tap.sh tests/mkinitrd/mkcheck.py tests/mkinitrd/mkimages.py \
              tests/mkinitrd/images.txt

# imgread: the image reader's unit test tool (crafted images, tests/mkinitrd/images.txt)
LINT_SRCS += tests/mkinitrd/imgread.c
$(MKT_DIR)/imgread: tests/mkinitrd/imgread.c $(DIGLIST_HOST_LIB) $(RPMHDR_HOST_LIB) \
		$(KEYS_HOST_LIB) $(DIGLIST_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(DIGLIST_CPPFLAGS) -o $@ $< $(DIGLIST_HOST_LIB) $(RPMHDR_HOST_LIB) \
		$(KEYS_HOST_LIB) $(LDFLAGS) $(KEYS_HOST_LDLIBS)
$(MKT_DIR)/imgread-asan: tests/mkinitrd/imgread.c $(DIGLIST_ASAN_LIB) $(RPMHDR_ASAN_LIB) \
		$(KEYS_ASAN_LIB) $(DIGLIST_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARNFLAGS) $(SANFLAGS) $(DIGLIST_CPPFLAGS) -o $@ $< $(DIGLIST_ASAN_LIB) \
		$(RPMHDR_ASAN_LIB) $(KEYS_ASAN_LIB) $(KEYS_HOST_LDLIBS)

SUITES += mkinitrd mkinitrd-asan mkinitrd-rpm mkinitrd-dracut mkinitrd-kinstall
.PHONY: suite-prereqs-mkinitrd suite-mkinitrd suite-prereqs-mkinitrd-rpm suite-mkinitrd-rpm \
	suite-prereqs-mkinitrd-dracut suite-mkinitrd-dracut \
	suite-prereqs-mkinitrd-kinstall suite-mkinitrd-kinstall bench bench-mkinitrd

suite-prereqs-mkinitrd: $(MK_BIN) $(MKT_DIR)/imgread $(DIGINIT_HOST_BIN) $(DIGINIT_TEST_BIN) $(TESTDATA_STAMP) tests/mkinitrd/run.sh $(MKT_COMMON)
suite-mkinitrd: suite-prereqs-mkinitrd
	@$(TAPRUN) mkinitrd env $(MKT_ENV) WORK=$(MKT_DIR)/core tests/mkinitrd/run.sh

# the same suite with the ASan+UBSan build (shorter crash loop)
.PHONY: suite-prereqs-mkinitrd-asan suite-mkinitrd-asan
suite-prereqs-mkinitrd-asan: $(MK_ASAN_BIN) $(MKT_DIR)/imgread-asan $(DIGINIT_HOST_BIN) $(DIGINIT_TEST_BIN) $(TESTDATA_STAMP) tests/mkinitrd/run.sh $(MKT_COMMON)
suite-mkinitrd-asan: suite-prereqs-mkinitrd-asan
	@$(TAPRUN) mkinitrd-asan env $(MKT_ENV) MK=$(MK_ASAN_BIN) \
		IMGREAD=$(MKT_DIR)/imgread-asan CRASH_ITER=8 \
		WORK=$(MKT_DIR)/asan tests/mkinitrd/run.sh

suite-prereqs-mkinitrd-rpm: $(MK_BIN) $(TESTDATA_STAMP) tests/mkinitrd/rpm-trigger.sh \
	mkinitrd/diginit.spec $(MKT_COMMON)
suite-mkinitrd-rpm: suite-prereqs-mkinitrd-rpm
	@$(TAPRUN) mkinitrd-rpm env $(MKT_ENV) WORK=$(MKT_DIR)/rpm SPEC=mkinitrd/diginit.spec \
		tests/mkinitrd/rpm-trigger.sh

suite-prereqs-mkinitrd-dracut: $(DIGINIT_BIN) tests/mkinitrd/dracut.sh \
	$(B)/mkinitrd/dracut/90diginit/module-setup.sh $(MKT_COMMON)
suite-mkinitrd-dracut: suite-prereqs-mkinitrd-dracut
	@$(TAPRUN) mkinitrd-dracut env SHIM=$(DIGINIT_BIN) WORK=$(MKT_DIR)/dracut \
		MODDIR=$(B)/mkinitrd/dracut/90diginit \
		PLUGIN=$(B)/mkinitrd/kernel-install/50-diginit.install tests/mkinitrd/dracut.sh

suite-prereqs-mkinitrd-kinstall: $(MK_BIN) tests/mkinitrd/kernel-install.sh \
	$(B)/mkinitrd/kernel-install/50-diginit.install $(MKT_COMMON)
suite-mkinitrd-kinstall: suite-prereqs-mkinitrd-kinstall
	@$(TAPRUN) mkinitrd-kinstall env $(MKT_ENV) WORK=$(MKT_DIR)/kinstall \
		PLUGIN=$(B)/mkinitrd/kernel-install/50-diginit.install tests/mkinitrd/kernel-install.sh

bench: bench-mkinitrd
bench-mkinitrd: $(MK_BIN)
	@tests/mkinitrd/bench.sh $(MK_BIN) $(SHARED)/testdata/rpmdb/cbl-mariner-2.0/rpmdb.sqlite \
		$(MKT_DIR)/bench
