# keys/fast/ — fast verification primitives for the shim (fastcrypto.h): SHA-224/256
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

FASTCRYPTO_SRCS      := $(sort $(wildcard keys/fast/*.c))
FASTCRYPTO_HDRS      := keys/fast/fastcrypto.h keys/fast/fc-int.h
FASTCRYPTO_CPPFLAGS  := -Ikeys/fast
FASTCRYPTO_MUSL_CPPFLAGS := -Ikeys/fast $(patsubst -I%,-isystem %,$(MUSL_LIB_CPPFLAGS))
FASTCRYPTO_HOST_LIB  := $(B)/host/libfastcrypto.a
FASTCRYPTO_MUSL_LIB  := $(B)/musl/libfastcrypto.a
FASTCRYPTO_ASAN_LIB  := $(B)/asan/libfastcrypto.a
FASTCRYPTO_MUSL_OPT  ?= -O2

ALL       += $(FASTCRYPTO_HOST_LIB) $(FASTCRYPTO_MUSL_LIB)
LINT_SRCS += $(FASTCRYPTO_SRCS)
LINT_CPPFLAGS += $(FASTCRYPTO_CPPFLAGS)

$(B)/host/keys/fast/%.o: keys/fast/%.c $(FASTCRYPTO_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(FASTCRYPTO_CPPFLAGS) -c -o $@ $<
$(B)/asan/keys/fast/%.o: keys/fast/%.c $(FASTCRYPTO_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARNFLAGS) $(SANFLAGS) $(FASTCRYPTO_CPPFLAGS) -c -o $@ $<
$(B)/musl/keys/fast/%.o: keys/fast/%.c $(FASTCRYPTO_HDRS) | $(MUSL_LIBS)
	@mkdir -p $(@D)
	$(MUSL_CC) $(SHIM_CFLAGS) $(FASTCRYPTO_MUSL_OPT) $(FASTCRYPTO_MUSL_CPPFLAGS) -c -o $@ $<

$(FASTCRYPTO_HOST_LIB): $(patsubst keys/fast/%.c,$(B)/host/keys/fast/%.o,$(FASTCRYPTO_SRCS))
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcD $@ $^
$(FASTCRYPTO_ASAN_LIB): $(patsubst keys/fast/%.c,$(B)/asan/keys/fast/%.o,$(FASTCRYPTO_SRCS))
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcD $@ $^
$(FASTCRYPTO_MUSL_LIB): $(patsubst keys/fast/%.c,$(B)/musl/keys/fast/%.o,$(FASTCRYPTO_SRCS))
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcD $@ $^
