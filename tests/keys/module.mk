# tests/keys/ — suites `keys` (host build) and `keys-asan` (ASan+UBSan), plus the
# embedded-keyring check for the host and a static musl binary, and
# `diginit-keys list` against gpg.
KT_DIR      := $(B)/tests/keys
KT_TD       := $(SHARED)/testdata
KT_SRCS     := tests/keys/test-keys.c tests/keys/util.c
KT_HDRS     := tests/keys/pkgsig.h $(KEYS_HDRS)
# Signed range and packets of a .rpm come from rpmhdr/ (rh_parse_package).
KT_PKGSIG      := tests/keys/pkgsig-rpmhdr.c
KT_PKG_HOST    := $(RPMHDR_HOST_LIB)
KT_PKG_ASAN    := $(RPMHDR_ASAN_LIB)
KT_PKG_MUSL    := $(RPMHDR_MUSL_LIB)
KT_PKG_CPPFLAGS := $(RPMHDR_CPPFLAGS)
KT_CPPFLAGS := $(KEYS_CPPFLAGS) -Itests/keys $(KT_PKG_CPPFLAGS)

# The keyring variant used by test-embedded (the pattern rule is in keys/module.mk).
KEYRING_KEYS_keystest = $(KT_TD)/rpm.org/keys/rpm.org-rsa-2048-test.pub \
	$(KT_TD)/rpm-rs/keys/rpm-testkey-v4-rsa4096.asc \
	$(KT_TD)/rpm-rs/keys/rpm-testkey-v4-ecdsa-nistp256.asc \
	$(KT_TD)/rpm-rs/keys/rpm-testkey-v4-ed25519.asc \
	$(KT_TD)/rpm-rs/keys/rpm-testkey-v6-ed25519.asc
$(B)/gen/keyring-keystest.c: $(KEYRING_KEYS_keystest)

$(KT_DIR)/test-keys: $(KT_SRCS) $(KT_PKGSIG) $(KT_HDRS) $(KEYS_HOST_LIB) $(KT_PKG_HOST)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(KT_CPPFLAGS) -o $@ $(KT_SRCS) $(KT_PKGSIG) $(KEYS_HOST_LIB) \
		$(KT_PKG_HOST) $(LDFLAGS) $(KEYS_HOST_LDLIBS)
$(KT_DIR)/test-keys-asan: $(KT_SRCS) $(KT_PKGSIG) $(KT_HDRS) $(KEYS_ASAN_LIB) $(KT_PKG_ASAN)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARNFLAGS) $(SANFLAGS) $(KT_CPPFLAGS) -o $@ $(KT_SRCS) $(KT_PKGSIG) \
		$(KEYS_ASAN_LIB) $(KT_PKG_ASAN) $(KEYS_HOST_LDLIBS)
$(KT_DIR)/test-embedded: tests/keys/test-embedded.c tests/keys/util.c $(KT_PKGSIG) \
		$(B)/gen/keyring-keystest.c $(KT_HDRS) $(KEYS_HOST_LIB) $(KT_PKG_HOST)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(KT_CPPFLAGS) -o $@ tests/keys/test-embedded.c tests/keys/util.c \
		$(KT_PKGSIG) $(B)/gen/keyring-keystest.c $(KEYS_HOST_LIB) $(KT_PKG_HOST) \
		$(LDFLAGS) $(KEYS_HOST_LDLIBS)
$(KT_DIR)/test-embedded-musl: tests/keys/test-embedded.c tests/keys/util.c $(KT_PKGSIG) \
		$(B)/gen/keyring-keystest.c $(KT_HDRS) $(KEYS_MUSL_LIB) $(KT_PKG_MUSL) $(MUSL_LIBS)
	@mkdir -p $(@D)
	$(MUSL_CC) $(SHIM_CFLAGS) $(KEYS_MUSL_CPPFLAGS) -Itests/keys $(KT_PKG_CPPFLAGS) \
		-o $@ tests/keys/test-embedded.c tests/keys/util.c $(KT_PKGSIG) \
		$(B)/gen/keyring-keystest.c $(KEYS_MUSL_LIB) $(KT_PKG_MUSL) $(SHIM_LDFLAGS) \
		$(KEYS_MUSL_LDLIBS)

$(KT_DIR)/test-rpmdb: tests/keys/test-rpmdb.c tests/keys/util.c $(KT_HDRS) $(KEYS_HOST_LIB) \
		$(KT_PKG_HOST)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(KT_CPPFLAGS) -o $@ tests/keys/test-rpmdb.c tests/keys/util.c \
		$(KEYS_HOST_LIB) $(KT_PKG_HOST) $(LDFLAGS) $(KEYS_HOST_LDLIBS)

$(KT_DIR)/test-fixtures: tests/keys/test-fixtures.c tests/keys/util.c $(KT_PKGSIG) $(KT_HDRS) \
		$(KEYS_HOST_LIB) $(KT_PKG_HOST)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(KT_CPPFLAGS) -o $@ tests/keys/test-fixtures.c tests/keys/util.c \
		$(KT_PKGSIG) $(KEYS_HOST_LIB) $(KT_PKG_HOST) $(LDFLAGS) $(KEYS_HOST_LDLIBS)

# test-craft: the key and signature rules on crafted Ed25519 keys and signatures
LINT_SRCS += tests/keys/test-craft.c
$(KT_DIR)/test-craft: tests/keys/test-craft.c $(KEYS_HDRS) $(KEYS_HOST_LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(KEYS_CPPFLAGS) -o $@ tests/keys/test-craft.c $(KEYS_HOST_LIB) $(LDFLAGS) \
		$(KEYS_HOST_LDLIBS)

SUITES += keys keys-asan
.PHONY: suite-prereqs-keys suite-keys suite-prereqs-keys-asan suite-keys-asan
suite-prereqs-keys: $(KT_DIR)/test-keys $(KT_DIR)/test-embedded \
	$(KT_DIR)/test-embedded-musl $(KT_DIR)/test-rpmdb $(KT_DIR)/test-fixtures $(KT_DIR)/test-craft \
	$(KEYS_TOOL) $(TESTDATA_STAMP)
suite-keys: suite-prereqs-keys
	@$(TAPRUN) keys tests/keys/run-suite.sh $(KT_DIR) $(KEYS_TOOL) $(KT_TD) $(TESTDATA)
suite-prereqs-keys-asan: $(KT_DIR)/test-keys-asan
suite-keys-asan: suite-prereqs-keys-asan
	@$(TAPRUN) keys-asan $(KT_DIR)/test-keys-asan $(KT_TD)

# ---- libFuzzer targets (clang, $(FUZZFLAGS)); corpora in tests/fuzz/corpus/<target>/ ----
# keys_parse:  pgp_keys_parse on armoured or binary keys
# keys_verify: pgp_blob_verify; input be16 n ‖ signed data[n] ‖ signature packets,
#              against the keyring-keystest keyring
KF_DIR     := $(B)/fuzz
KF_SRCS    := $(KEYS_SRCS)
FUZZ_TARGETS += keys_parse keys_verify

$(KF_DIR)/keys_parse: tests/fuzz/fuzz_keys_parse.c $(KF_SRCS) $(KEYS_HDRS)
	@mkdir -p $(@D)
	$(CLANG) $(CSTD) $(FUZZFLAGS) $(KEYS_CPPFLAGS) -o $@ $< $(KF_SRCS) $(KEYS_HOST_LDLIBS)
$(KF_DIR)/keys_verify: tests/fuzz/fuzz_keys_verify.c $(KF_SRCS) $(KEYS_HDRS) \
		$(B)/gen/keyring-keystest.c
	@mkdir -p $(@D)
	$(CLANG) $(CSTD) $(FUZZFLAGS) $(KEYS_CPPFLAGS) -o $@ $< $(KF_SRCS) \
		$(B)/gen/keyring-keystest.c $(KEYS_HOST_LDLIBS)

# New inputs go to $(KF_DIR)/<target>-new; the committed corpus is only read.
.PHONY: fuzz-smoke-keys_parse fuzz-smoke-keys_verify
fuzz-smoke-keys_parse fuzz-smoke-keys_verify: fuzz-smoke-%: $(KF_DIR)/%
	@mkdir -p $(KF_DIR)/$*-new
	$(KF_DIR)/$* -max_total_time=$(FUZZ_SMOKE_SECONDS) -print_final_stats=1 \
		$(KF_DIR)/$*-new tests/fuzz/corpus/$*
