# keys/crypto-core/ — the project's own SHA-2 and RSA PKCS#1 v1.5 check (fastcrypto.h): SHA-224/256
# on the x86-64 SHA extensions (BearSSL fallback), SHA-384/512, variable-time RSA
# public operation with 64-bit limbs. Built as:
#   $(FASTCRYPTO_HOST_LIB)  gcc, $(CFLAGS)            tests, host tools   link also -lbearssl
#   $(FASTCRYPTO_MUSL_LIB)  musl-gcc, $(SHIM_CFLAGS)  the static shim     link also $(MUSL_LIBS)
#   $(FASTCRYPTO_ASAN_LIB)  gcc, $(SANFLAGS)          the -asan suite
# Users compile with $(FASTCRYPTO_CPPFLAGS) (host) or $(FASTCRYPTO_MUSL_CPPFLAGS) (musl).
# The musl objects are built with $(SHIM_CFLAGS) $(FASTCRYPTO_MUSL_OPT): bignum and hash
# inner loops lose ~30% at -Os (measured with make bench); the cost is ~4 KB of text.
# The SHA-NI code is compiled with a per-function target attribute, so no -m flag is
# needed and the archives run on any x86-64 (cpuid decides at run time).
# This fragment must be read before keys/module.mk, which uses its variables with :=
# (the top Makefile reads fragments in sorted order: keys/crypto-core/ < keys/module.mk).

FASTCRYPTO_SRCS      := $(sort $(wildcard keys/crypto-core/*.c))
FASTCRYPTO_HDRS      := keys/crypto-core/fastcrypto.h keys/crypto-core/fc-int.h common/common.h
FASTCRYPTO_CPPFLAGS  := -Ikeys/crypto-core -Icommon
FASTCRYPTO_MUSL_CPPFLAGS := -Ikeys/crypto-core -Icommon $(patsubst -I%,-isystem %,$(MUSL_LIB_CPPFLAGS))
FASTCRYPTO_HOST_LIB  := $(B)/host/libfastcrypto.a
FASTCRYPTO_MUSL_LIB  := $(B)/musl/libfastcrypto.a
FASTCRYPTO_ASAN_LIB  := $(B)/asan/libfastcrypto.a
FASTCRYPTO_MUSL_OPT  ?= -O2

ALL       += $(FASTCRYPTO_HOST_LIB) $(FASTCRYPTO_MUSL_LIB)
LINT_SRCS += $(FASTCRYPTO_SRCS)
LINT_CPPFLAGS += $(FASTCRYPTO_CPPFLAGS)

$(B)/host/keys/crypto-core/%.o: keys/crypto-core/%.c $(FASTCRYPTO_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(FASTCRYPTO_CPPFLAGS) -c -o $@ $<
$(B)/asan/keys/crypto-core/%.o: keys/crypto-core/%.c $(FASTCRYPTO_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARNFLAGS) $(SANFLAGS) $(FASTCRYPTO_CPPFLAGS) -c -o $@ $<
$(B)/musl/keys/crypto-core/%.o: keys/crypto-core/%.c $(FASTCRYPTO_HDRS) | $(MUSL_LIBS)
	@mkdir -p $(@D)
	$(MUSL_CC) $(SHIM_CFLAGS) $(FASTCRYPTO_MUSL_OPT) $(FASTCRYPTO_MUSL_CPPFLAGS) -c -o $@ $<

$(FASTCRYPTO_HOST_LIB): $(patsubst keys/crypto-core/%.c,$(B)/host/keys/crypto-core/%.o,$(FASTCRYPTO_SRCS))
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcD $@ $^
$(FASTCRYPTO_ASAN_LIB): $(patsubst keys/crypto-core/%.c,$(B)/asan/keys/crypto-core/%.o,$(FASTCRYPTO_SRCS))
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcD $@ $^
$(FASTCRYPTO_MUSL_LIB): $(patsubst keys/crypto-core/%.c,$(B)/musl/keys/crypto-core/%.o,$(FASTCRYPTO_SRCS))
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcD $@ $^
