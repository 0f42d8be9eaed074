# tests/fastcrypto/ — differential tests of keys/crypto-core (fctest.c) against BearSSL and
# OpenSSL's libcrypto:
#   fastcrypto       host build, FASTCRYPTO_RSA_COUNT RSA cases (each kind, mulx/adx and
#                    portable), FASTCRYPTO_CROSS_COUNT mulx/adx vs portable cases
#   fastcrypto-asan  the same under ASan+UBSan with fewer RSA cases
#   make fastcrypto-long  FASTCRYPTO_LONG_COUNT RSA cases (not in make check)
FC_DIR := $(B)/tests/fastcrypto
FASTCRYPTO_RSA_COUNT  ?= 2000
FASTCRYPTO_LONG_COUNT ?= 1000000
FASTCRYPTO_LONG_SIGS  ?= 20000
FASTCRYPTO_CROSS_COUNT ?= 3000
FASTCRYPTO_LONG_CROSS ?= 2000000
LINT_SRCS += tests/fastcrypto/fctest.c tests/fastcrypto/fcbench.c

$(FC_DIR)/fctest: tests/fastcrypto/fctest.c $(FASTCRYPTO_HOST_LIB) $(FASTCRYPTO_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(FASTCRYPTO_CPPFLAGS) -o $@ $< $(FASTCRYPTO_HOST_LIB) $(LDFLAGS) -lbearssl -lcrypto -pthread
$(FC_DIR)/fctest-asan: tests/fastcrypto/fctest.c $(FASTCRYPTO_ASAN_LIB) $(FASTCRYPTO_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARNFLAGS) $(SANFLAGS) $(FASTCRYPTO_CPPFLAGS) -o $@ $< $(FASTCRYPTO_ASAN_LIB) -lbearssl -lcrypto -pthread

SUITES += fastcrypto fastcrypto-asan
DEPS_PKGS += libssl-dev
.PHONY: suite-prereqs-fastcrypto suite-fastcrypto suite-prereqs-fastcrypto-asan \
	suite-fastcrypto-asan fastcrypto-long
suite-prereqs-fastcrypto: $(FC_DIR)/fctest
suite-fastcrypto: suite-prereqs-fastcrypto
	@$(TAPRUN) fastcrypto $(FC_DIR)/fctest --rsa $(FASTCRYPTO_RSA_COUNT) --cross $(FASTCRYPTO_CROSS_COUNT)
suite-prereqs-fastcrypto-asan: $(FC_DIR)/fctest-asan
suite-fastcrypto-asan: suite-prereqs-fastcrypto-asan
	@$(TAPRUN) fastcrypto-asan $(FC_DIR)/fctest-asan --rsa 200 --cross 500 --sha-max 1024

# The long differential run: FASTCRYPTO_LONG_COUNT random public operations against
# BearSSL (i31 and i62), FASTCRYPTO_LONG_SIGS OpenSSL-made signatures (each one costs an
# OpenSSL private-key operation), SHA lengths 0..16 KiB, FASTCRYPTO_LONG_CROSS mulx/adx
# vs portable cases (~0.7 ms each on average; every 32nd also vs BearSSL/OpenSSL).
fastcrypto-long: $(FC_DIR)/fctest
	nice -n 10 $(FC_DIR)/fctest --rsa $(FASTCRYPTO_LONG_COUNT) --sigs $(FASTCRYPTO_LONG_SIGS) --cross $(FASTCRYPTO_LONG_CROSS) --sha-max 16384

# Micro-benchmark for make bench (tests/bench/module.mk).
$(FC_DIR)/fcbench: tests/fastcrypto/fcbench.c $(FASTCRYPTO_HOST_LIB) $(FASTCRYPTO_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(FASTCRYPTO_CPPFLAGS) -o $@ $< $(FASTCRYPTO_HOST_LIB) $(LDFLAGS) -lbearssl -lcrypto -pthread
