# tests/init/ — suites for diginit (init/):
#   init       --check per package (expect.txt), --upload byte-compared with lists
#              computed from `rpm -qp` (expect-compact.py), every single-byte
#              corruption of one list (corrupt.py); the static musl binary
#   init-unit  unit tests of libdiginit and the pure steps (unit.c), host build
#   init-asan  the same under ASan+UBSan, and the ASan+UBSan diginit over all lists
#   init-boot  the PID 1 path in a user+mount+PID namespace (boot.sh), with the test
#              variant $(DIGINIT_TEST_BIN) (fixtures' keys compiled in)
#   init-rpmdb real data: the CBL-Mariner rpmdb's lists (written by diginit-mkinitrd)
#              checked and uploaded, compared with `rpm -qa --qf` (rpmdb.sh)
# and the fuzz target init_list (tests/fuzz/fuzz_init_list.c).
IT_DIR   := $(B)/tests/init
IT_TD    := $(SHARED)/testdata
IT_LIST  := $(IT_DIR)/hello-new-subkey.list
IT_LISTPKG := $(IT_TD)/rpm.org/RPMS/hello-2.0-1.x86_64-signed-with-new-subkey.rpm
IT_LISTKEY := $(IT_TD)/rpm.org/keys/rpm.org-rsa-2048-add-subkey.asc
IT_UNIT_SRCS := tests/init/unit.c init/cmdline.c init/table.c init/report.c init/log.c
LINT_SRCS += tests/init/unit.c tests/init/mklist.c tests/init/fake-init.c tests/fuzz/fuzz_init_list.c

$(IT_DIR)/mklist: tests/init/mklist.c $(RPMHDR_HOST_LIB) rpmhdr/rpmhdr.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(RPMHDR_CPPFLAGS) -o $@ $< $(RPMHDR_HOST_LIB) $(LDFLAGS)
$(IT_DIR)/fake-init: tests/init/fake-init.c $(MUSL_LIBS)
	@mkdir -p $(@D)
	$(MUSL_CC) $(SHIM_CFLAGS) -o $@ $< $(SHIM_LDFLAGS)
$(IT_LIST): $(IT_DIR)/mklist $(IT_LISTPKG)
	$(IT_DIR)/mklist $(IT_LISTPKG) $@
$(IT_DIR)/unit: $(IT_UNIT_SRCS) $(INIT_HDRS) $(KEYRING_C) $(DIGLIST_HOST_LIB) \
		$(RPMHDR_HOST_LIB) $(KEYS_HOST_LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(INIT_CPPFLAGS) -o $@ $(IT_UNIT_SRCS) $(KEYRING_C) \
		$(DIGLIST_HOST_LIB) $(RPMHDR_HOST_LIB) $(KEYS_HOST_LIB) $(LDFLAGS) $(KEYS_HOST_LDLIBS)
$(IT_DIR)/unit-asan: $(IT_UNIT_SRCS) $(INIT_HDRS) $(KEYRING_C) $(DIGLIST_ASAN_LIB) \
		$(RPMHDR_ASAN_LIB) $(KEYS_ASAN_LIB)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARNFLAGS) $(SANFLAGS) $(INIT_CPPFLAGS) -o $@ \
		$(IT_UNIT_SRCS) $(KEYRING_C) $(DIGLIST_ASAN_LIB) $(RPMHDR_ASAN_LIB) $(KEYS_ASAN_LIB) $(KEYS_HOST_LDLIBS)

SUITES += init init-unit init-asan init-boot init-rpmdb
.PHONY: suite-prereqs-init suite-init suite-prereqs-init-unit suite-init-unit \
	suite-prereqs-init-asan suite-init-asan suite-prereqs-init-boot suite-init-boot
suite-prereqs-init: $(DIGINIT_BIN) $(IT_DIR)/mklist $(TESTDATA_STAMP)
suite-init: suite-prereqs-init
	@$(TAPRUN) init tests/init/run.sh $(DIGINIT_BIN) $(IT_DIR)/mklist $(IT_TD) \
		$(TESTDATA)/rpms $(IT_DIR)/work
suite-prereqs-init-unit: $(IT_DIR)/unit $(IT_LIST) $(TESTDATA_STAMP)
suite-init-unit: suite-prereqs-init-unit
	@$(TAPRUN) init-unit $(IT_DIR)/unit $(IT_TD) $(IT_LIST) $(IT_LISTKEY) $(IT_TD) \
		$(TESTDATA)/rpms
suite-prereqs-init-asan: $(IT_DIR)/unit-asan $(IT_LIST) $(DIGINIT_ASAN_BIN) $(IT_DIR)/mklist
suite-init-asan: suite-prereqs-init-asan
	@$(TAPRUN) init-asan tests/init/asan.sh $(IT_DIR)/unit-asan $(DIGINIT_ASAN_BIN) \
		$(IT_DIR)/mklist $(IT_TD) $(IT_LIST) $(IT_LISTKEY) $(IT_DIR)/asan
suite-prereqs-init-boot: $(DIGINIT_TEST_BIN) $(IT_DIR)/fake-init $(IT_DIR)/mklist $(TESTDATA_STAMP) \
		$(MK_BIN) tests/mkinitrd/mkimages.py
suite-init-boot: suite-prereqs-init-boot
	@$(TAPRUN) init-boot tests/init/boot.sh $(DIGINIT_TEST_BIN) $(IT_DIR)/fake-init \
		$(IT_DIR)/mklist $(TESTDATA) $(IT_DIR)/boot $(MK_BIN)

IT_RPMDB := $(IT_TD)/rpmdb/cbl-mariner-2.0
.PHONY: suite-prereqs-init-rpmdb suite-init-rpmdb
suite-prereqs-init-rpmdb: $(DIGINIT_BIN) $(MK_BIN)
suite-init-rpmdb: suite-prereqs-init-rpmdb
	@$(TAPRUN) init-rpmdb tests/init/rpmdb.sh $(DIGINIT_BIN) $(MK_BIN) $(IT_RPMDB) \
		$(IT_TD)/distro-keys/MICROSOFT-RPM-GPG-KEY $(IT_DIR)/rpmdb

# ---- libFuzzer target init_list: dg_list_check_build against keyring-keystest ----
FUZZ_TARGETS += init_list
$(B)/fuzz/init_list: tests/fuzz/fuzz_init_list.c $(DIGLIST_SRCS) $(DIGLIST_HDRS) \
		$(RPMHDR_SRCS) $(KEYS_SRCS) $(B)/gen/keyring-keystest.c
	@mkdir -p $(@D)
	$(CLANG) $(CSTD) $(FUZZFLAGS) $(DIGLIST_CPPFLAGS) -o $@ $< $(DIGLIST_SRCS) \
		$(RPMHDR_SRCS) $(KEYS_SRCS) $(B)/gen/keyring-keystest.c $(KEYS_HOST_LDLIBS)
.PHONY: fuzz-smoke-init_list
fuzz-smoke-init_list: $(B)/fuzz/init_list
	@mkdir -p $(B)/fuzz/init_list-new
	nice -n 10 $(B)/fuzz/init_list -max_total_time=$(FUZZ_SMOKE_SECONDS) -print_final_stats=1 \
		$(B)/fuzz/init_list-new tests/fuzz/corpus/init_list

# ---- libFuzzer target image: diglist's image reader (dg_image_open, dg_image_next) ----
FUZZ_TARGETS += image
LINT_SRCS += tests/fuzz/fuzz_image.c
$(B)/fuzz/image: tests/fuzz/fuzz_image.c $(DIGLIST_SRCS) $(DIGLIST_HDRS) \
		$(RPMHDR_SRCS) $(KEYS_SRCS) $(B)/gen/keyring-keystest.c
	@mkdir -p $(@D)
	$(CLANG) $(CSTD) $(FUZZFLAGS) $(DIGLIST_CPPFLAGS) -o $@ $< $(DIGLIST_SRCS) \
		$(RPMHDR_SRCS) $(KEYS_SRCS) $(B)/gen/keyring-keystest.c $(KEYS_HOST_LDLIBS)
.PHONY: fuzz-smoke-image
fuzz-smoke-image: $(B)/fuzz/image
	@mkdir -p $(B)/fuzz/image-new
	nice -n 10 $(B)/fuzz/image -max_total_time=$(FUZZ_SMOKE_SECONDS) -print_final_stats=1 \
		$(B)/fuzz/image-new tests/fuzz/corpus/image

# Suite init-threads: `diginit --check -j N` prints the same for N = 1, 2, 3 over all
# the test data's lists (tests/init/threads.sh).
SUITES += init-threads
.PHONY: suite-prereqs-init-threads suite-init-threads
suite-prereqs-init-threads: $(DIGINIT_BIN) $(B)/tests/init/mklist $(MK_BIN) $(TESTDATA_STAMP)
suite-init-threads: suite-prereqs-init-threads
	@$(TAPRUN) init-threads tests/init/threads.sh $(DIGINIT_BIN) $(B)/tests/init/mklist \
		$(MK_BIN) $(SHARED)/testdata $(TESTDATA)/rpms $(SHARED)/testdata/rpmdb/cbl-mariner-2.0 \
		$(B)/tests/init/threads
