# tests/rpmhdr/ — rpmhdr manifest, differential (against rpm) and nm tests.
# Suites: rpmhdr (host build) and rpmhdr-asan (same tests, ASan+UBSan build).
RH_TB        := $(B)/tests/rpmhdr
RH_TEST_DEPS := tests/rpmhdr/run.sh tests/rpmhdr/manifest.txt tests/rpmhdr/mkbad.py \
                tests/rpmhdr/sigtags.py

# enum rh_err value -> its name, for readable manifests (generated from rpmhdr.h)
$(RH_TB)/rherrnames.h: rpmhdr/rpmhdr.h tests/rpmhdr/module.mk
	@mkdir -p $(@D)
	@{ echo '/* Generated from rpmhdr/rpmhdr.h by tests/rpmhdr/module.mk; do not edit. */'; \
	  echo 'static const char *rh_err_name(int e)'; echo '{'; echo '	switch (e) {'; \
	  sed -n 's/^[[:space:]]*\(RH_\(OK\|E_[A-Z0-9_]*\)\)[[:space:]]*[=,].*/	case \1: return "\1";/p' \
	      rpmhdr/rpmhdr.h | grep -v 'E__COUNT'; \
	  echo '	default: return "?";'; echo '	}'; echo '}'; } > $@

$(RH_TB)/rhdump: tests/rpmhdr/rhdump.c $(RH_TB)/rherrnames.h $(RPMHDR_HOST_LIB)
	$(CC) $(CFLAGS) $(RPMHDR_CPPFLAGS) -I$(RH_TB) -o $@ $< $(RPMHDR_HOST_LIB)
$(RH_TB)/rhdump-asan: tests/rpmhdr/rhdump.c $(RH_TB)/rherrnames.h $(RPMHDR_ASAN_LIB)
	$(CC) $(CSTD) $(WARNFLAGS) $(SANFLAGS) $(RPMHDR_CPPFLAGS) -I$(RH_TB) -o $@ $< $(RPMHDR_ASAN_LIB)
$(RH_TB)/rpmcmp: tests/rpmhdr/rpmcmp.c $(RPMHDR_HOST_LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(RPMHDR_CPPFLAGS) -o $@ $< $(RPMHDR_HOST_LIB) -lrpm -lrpmio
$(RH_TB)/gen-tagtypes: tests/rpmhdr/gen-tagtypes.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $< -lrpm -lrpmio

# Regenerate rpmhdr/tagtypes.c from the installed librpm (commit the result).
.PHONY: rpmhdr-tagtypes
rpmhdr-tagtypes: $(RH_TB)/gen-tagtypes
	$(RH_TB)/gen-tagtypes > rpmhdr/tagtypes.c

# The signed fixtures are used when the lead's fixture module is present.
RH_ENV = RH_SHARED=$(SHARED) RH_TB=$(RH_TB) RH_MUSL_OBJS="$(RPMHDR_MUSL_OBJS)" \
	 RH_TESTDATA=$(TESTDATA) RH_GEN_TAGTYPES=$(RH_TB)/gen-tagtypes \
	 RH_RPMCMP=$(RH_TB)/rpmcmp

SUITES += rpmhdr rpmhdr-asan
.PHONY: suite-prereqs-rpmhdr suite-rpmhdr suite-prereqs-rpmhdr-asan suite-rpmhdr-asan
suite-prereqs-rpmhdr: $(RH_TB)/rhdump $(RH_TB)/gen-tagtypes $(RH_TB)/rpmcmp $(RPMHDR_MUSL_LIB) $(RH_TEST_DEPS) $(TESTDATA_STAMP)
suite-rpmhdr: suite-prereqs-rpmhdr
	@$(TAPRUN) rpmhdr env $(RH_ENV) tests/rpmhdr/run.sh $(RH_TB)/rhdump full
suite-prereqs-rpmhdr-asan: $(RH_TB)/rhdump-asan $(RH_TEST_DEPS) $(TESTDATA_STAMP)
suite-rpmhdr-asan: suite-prereqs-rpmhdr-asan
	@$(TAPRUN) rpmhdr-asan env $(RH_ENV) tests/rpmhdr/run.sh $(RH_TB)/rhdump-asan asan

# ---- libFuzzer targets (clang, $(FUZZFLAGS)); corpora in tests/fuzz/corpus/<target>/ ----
# rpmhdr_listfile: rh_parse_list   rpmhdr_package: rh_parse_package
# rpmhdr_dbblob:   rh_parse_dbblob (each then drives every accessor; fuzz_rpmhdr_common.h)
RHF_DIR     := $(B)/fuzz
RHF_TARGETS := rpmhdr_listfile rpmhdr_package rpmhdr_dbblob
FUZZ_TARGETS += $(RHF_TARGETS)

$(addprefix $(RHF_DIR)/,$(RHF_TARGETS)): $(RHF_DIR)/rpmhdr_%: tests/fuzz/fuzz_rpmhdr_%.c \
		tests/fuzz/fuzz_rpmhdr_common.h $(RPMHDR_SRCS) rpmhdr/rpmhdr.h rpmhdr/rh-int.h
	@mkdir -p $(@D)
	$(CLANG) $(CSTD) $(FUZZFLAGS) $(RPMHDR_CPPFLAGS) -o $@ $< $(RPMHDR_SRCS)

# rpmhdr_vs_rpm: differential against librpm (headerImport must accept what
# rh_parse_dbblob accepts, with the same region); seeded from the rpmhdr_dbblob corpus.
FUZZ_TARGETS += rpmhdr_vs_rpm
$(RHF_DIR)/rpmhdr_vs_rpm: tests/fuzz/fuzz_rpmhdr_vs_rpm.c $(RPMHDR_SRCS) rpmhdr/rpmhdr.h \
		rpmhdr/rh-int.h
	@mkdir -p $(@D)
	$(CLANG) $(CSTD) $(FUZZFLAGS) $(RPMHDR_CPPFLAGS) -o $@ $< $(RPMHDR_SRCS) -lrpm -lrpmio

# New inputs go to $(RHF_DIR)/<target>-new; the committed corpus is only read.
.PHONY: $(addprefix fuzz-smoke-,$(RHF_TARGETS) rpmhdr_vs_rpm)
$(addprefix fuzz-smoke-,$(RHF_TARGETS)): fuzz-smoke-%: $(RHF_DIR)/%
	@mkdir -p $(RHF_DIR)/$*-new
	$(RHF_DIR)/$* -max_total_time=$(FUZZ_SMOKE_SECONDS) -print_final_stats=1 \
		$(RHF_DIR)/$*-new tests/fuzz/corpus/$*
fuzz-smoke-rpmhdr_vs_rpm: $(RHF_DIR)/rpmhdr_vs_rpm
	@mkdir -p $(RHF_DIR)/rpmhdr_vs_rpm-new
	$(RHF_DIR)/rpmhdr_vs_rpm -max_total_time=$(FUZZ_SMOKE_SECONDS) -print_final_stats=1 \
		$(RHF_DIR)/rpmhdr_vs_rpm-new tests/fuzz/corpus/rpmhdr_dbblob
