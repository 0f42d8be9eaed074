# tests/kernel/: the diglim kselftests run in QEMU on $(KERNEL_IMAGE), and
# checkpatch on every patch of kernel-patch/series (issue 5).
#
#   kernel-selftest    boots the patched kernel with tests/kernel/test-init.c as
#                      PID 1 running tools/testing/selftests/diglim/diglim_test
#                      (built static on the host from the patched tree), prints
#                      its TAP from the serial console
#   kernel-checkpatch  scripts/checkpatch.pl, one TAP line per patch
#   kernel-trust       tests/kernel/diglim-ima-test.c as PID 1 (as the shim):
#                      lists PID 1 uploads before its first execve() count for
#                      IMA rules with "diglim", other lists never do; never for
#                      imasig or MODULE_CHECK; new and empty files as with IMA
#                      alone; measurement only skipped for a list measured in
#                      the rule's PCR; deletes and the seal measured; EPERM
#   kernel-trust-measure  PID 1, lists measured with ima-ng: files measured
#   kernel-trust-notpid1  the program under test-init: its lists never count
#   kernel-diglim-off  boots with diglim=off: no integrity/diglim/
#   kernel-list-algo   boots with ima_hash=sha512: lists are named and
#                      identified by SHA-512 digests (IMA's algorithm, v3)
# Every boot runs the debug kernel (lockdep, RCU list checks, KASAN): a splat
# in the guest log fails the suite (tests/qemu/run-qemu).
#   make kernel-bench  (not a test) times 300,000 random digests uploaded by a
#                      program in the guest; see kernel-patch/README
#   make kernel-bench-boot  (not a test; the end of make bench) the kernel
#                      figures of issue 17 from boots with the real shim and
#                      the corpus's image (tests/kernel/kbench.py)

KTEST_DIR        := $(B)/kernel
KTEST_INIT       := $(KTEST_DIR)/test-init
KSELFTEST_BIN    := $(KTEST_DIR)/diglim_test
KBENCH_BIN       := $(KTEST_DIR)/diglim-bench
KIMA_BIN         := $(KTEST_DIR)/diglim-ima-test
KSELFTEST_SRC    := $(KERNEL_DIR)/selftest
KTEST_CFLAGS     := -static -O2 -Wall -Wextra
KTEST_QEMU_ENV   := QEMU=$(QEMU) QEMU_ACCEL=$(QEMU_ACCEL) QEMU_MEM=$(QEMU_MEM) \
                    QEMU_TIMEOUT=$(QEMU_TIMEOUT)

LINT_SRCS        += tests/kernel/test-init.c tests/kernel/diglim-bench.c \
                    tests/kernel/diglim-ima-test.c tests/kernel/kbench-init.c

$(KTEST_INIT): tests/kernel/test-init.c tests/kernel/guest.h
	@mkdir -p $(@D)
	$(CC) $(KTEST_CFLAGS) -o $@ $<

KBENCH_INIT      := $(KTEST_DIR)/kbench-init
$(KBENCH_INIT): tests/kernel/kbench-init.c tests/kernel/guest.h
	@mkdir -p $(@D)
	$(CC) $(KTEST_CFLAGS) -o $@ $<

$(KBENCH_BIN): tests/kernel/diglim-bench.c tests/kernel/guest.h
	@mkdir -p $(@D)
	$(CC) $(KTEST_CFLAGS) -o $@ $<

# SHA-256 from keys/crypto-core (host archive, BearSSL fallback), as the shim's.
$(KIMA_BIN): tests/kernel/diglim-ima-test.c tests/kernel/guest.h $(FASTCRYPTO_HOST_LIB)
	@mkdir -p $(@D)
	$(CC) $(KTEST_CFLAGS) $(FASTCRYPTO_CPPFLAGS) -o $@ $< $(FASTCRYPTO_HOST_LIB) -lbearssl

# The selftest source comes from the patched tree, saved next to the bzImage.
$(KSELFTEST_BIN): $(KERNEL_IMAGE)
	@mkdir -p $(@D)
	$(CC) $(KTEST_CFLAGS) -Wno-unused-parameter -I$(KSELFTEST_SRC)/include \
		-o $@ $(KSELFTEST_SRC)/tools/testing/selftests/diglim/diglim_test.c

SUITES += kernel-selftest kernel-checkpatch
.PHONY: suite-prereqs-kernel-selftest suite-kernel-selftest
.PHONY: suite-prereqs-kernel-checkpatch suite-kernel-checkpatch kernel-bench

suite-prereqs-kernel-selftest: $(KERNEL_IMAGE) $(KTEST_INIT) $(KSELFTEST_BIN)
suite-kernel-selftest: suite-prereqs-kernel-selftest
	@$(TAPRUN) kernel-selftest env $(KTEST_QEMU_ENV) tests/kernel/run-guest-test.sh \
		$(KERNEL_IMAGE) $(KTEST_INIT) $(KSELFTEST_BIN) $(KTEST_DIR)/selftest

suite-prereqs-kernel-checkpatch: $(KERNEL_IMAGE)
suite-kernel-checkpatch: suite-prereqs-kernel-checkpatch
	@$(TAPRUN) kernel-checkpatch tests/kernel/checkpatch.sh \
		$(KERNEL_DIR)/checkpatch/checkpatch.pl $(KERNEL_SERIES)

# name, kernel command line before "--", test argument
KIMA_SUITES := kernel-trust kernel-trust-measure kernel-trust-notpid1 kernel-diglim-off \
               kernel-list-algo
KIMA_ARGS_kernel-trust          := rdinit=/test -- pid1
KIMA_ARGS_kernel-trust-measure  := rdinit=/test -- measure
KIMA_ARGS_kernel-trust-notpid1  := -- /test notpid1
KIMA_ARGS_kernel-diglim-off     := diglim=off -- /test off
KIMA_ARGS_kernel-list-algo      := ima_hash=sha512 -- /test algo
SUITES += $(KIMA_SUITES)
.PHONY: $(addprefix suite-prereqs-,$(KIMA_SUITES)) $(addprefix suite-,$(KIMA_SUITES))
$(addprefix suite-prereqs-,$(KIMA_SUITES)): $(KERNEL_IMAGE) $(KTEST_INIT) $(KIMA_BIN)
$(addprefix suite-,$(KIMA_SUITES)): suite-%: suite-prereqs-%
	@$(TAPRUN) $* env $(KTEST_QEMU_ENV) tests/kernel/run-guest-test.sh \
		$(KERNEL_IMAGE) $(KTEST_INIT) $(KIMA_BIN) $(KTEST_DIR)/$* "$(KIMA_ARGS_$*)"

# Figures for kernel-patch/README: KBENCH_ARGS = lists digests-per-list,
# KBENCH_APPEND = extra kernel command line (e.g. ima_policy=critical_data)
KBENCH_ARGS ?= 1500 200
KBENCH_APPEND ?=
kernel-bench: $(KERNEL_BENCH_IMAGE) $(KTEST_INIT) $(KBENCH_BIN)
	@env $(KTEST_QEMU_ENV) tests/kernel/run-guest-test.sh $(KERNEL_BENCH_IMAGE) $(KTEST_INIT) \
		$(KBENCH_BIN) $(KTEST_DIR)/bench "$(KBENCH_APPEND) -- /test $(KBENCH_ARGS)"
	@tr -d '\r' < $(KTEST_DIR)/bench/serial.log | grep '^bench:'

# The kernel figures of make bench (issue 17): boots of the bench kernel with the real
# shim and the corpus's image; see tests/kernel/kbench.py. Run by `make bench` after
# tests/bench/bench.py, which writes $(BENCH_DIR)/diginit.img.
.PHONY: kernel-bench-boot
kernel-bench-boot: $(KERNEL_BENCH_IMAGE) $(KBENCH_INIT) $(BENCH_DIGINIT)
	@env $(KTEST_QEMU_ENV) tests/kernel/kbench.py --kernel $(KERNEL_BENCH_IMAGE) \
		--shim $(BENCH_DIGINIT) --init $(KBENCH_INIT) --image $(BENCH_DIR)/diginit.img \
		--corpus $(BENCH_CORPUS) --run-qemu tests/qemu/run-qemu \
		--work $(KTEST_DIR)/kbench --out $(BENCH_DIR)
