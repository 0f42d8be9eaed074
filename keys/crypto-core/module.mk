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
# keys/module.mk, read after this fragment (MODULES in the top Makefile), uses its
# variables.

FASTCRYPTO_SRCS      := $(sort $(wildcard keys/crypto-core/*.c))
FASTCRYPTO_HDRS      := keys/crypto-core/fastcrypto.h keys/crypto-core/fc-int.h common/common.h
FASTCRYPTO_CPPFLAGS  := -Ikeys/crypto-core -Icommon
FASTCRYPTO_MUSL_CPPFLAGS := -Ikeys/crypto-core -Icommon $(patsubst -I%,-isystem %,$(MUSL_LIB_CPPFLAGS))
FASTCRYPTO_MUSL_OPT  ?= -O2
FASTCRYPTO_MUSL_CFLAGS := $(FASTCRYPTO_MUSL_OPT)
$(eval $(call c_library,FASTCRYPTO,keys/crypto-core,fastcrypto))

ALL       += $(FASTCRYPTO_HOST_LIB) $(FASTCRYPTO_MUSL_LIB)
LINT_SRCS += $(FASTCRYPTO_SRCS)
LINT_CPPFLAGS += $(FASTCRYPTO_CPPFLAGS)
