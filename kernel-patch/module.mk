# kernel-patch/: the digest table patch series and the QEMU kernels (issues 5, 13).
#
# KERNEL_IMAGE is the test kernel: Debian's linux-source-6.1 with
# kernel-patch/series applied, configured tinyconfig + kernel-patch/qemu.config
# + kernel-patch/debug.config (lockdep, RCU list checks, KASAN); every test boots
# it. KERNEL_BENCH_IMAGE is the same without debug.config, for make kernel-bench.
# Each is cached under $(CACHEDIR)/kernel/<key>/, the key hashing the source
# package version, the series, the patches, the fragments and the build script,
# so a fresh clone on the same machine does not rebuild it. `make kernel`
# builds the test kernel.

KERNEL_SERIES      := kernel-patch/series
KERNEL_PATCHES     := $(addprefix kernel-patch/,$(shell sed -e 's/\#.*//' $(KERNEL_SERIES)))
KERNEL_FRAGMENTS   := kernel-patch/qemu.config kernel-patch/debug.config
KERNEL_BENCH_FRAGMENTS := kernel-patch/qemu.config kernel-patch/bench.config
KERNEL_SRC_VERSION := $(shell dpkg-query -W -f='$${Version}' $(KERNEL_SRC_PKG) 2>/dev/null || \
                        stat -c '%s-%Y' $(KERNEL_SRC_TAR) 2>/dev/null)
# kernel_key FRAGMENTS: the cache key of a kernel built with these fragments
kernel_key          = $(shell { echo '$(KERNEL_SRC_PKG) $(KERNEL_SRC_VERSION) $(1)'; \
                        cat $(KERNEL_SERIES) $(KERNEL_PATCHES) $(1) \
                        kernel-patch/build.sh; } | sha256sum | cut -c1-16)
KERNEL_DIR         := $(CACHEDIR)/kernel/$(call kernel_key,$(KERNEL_FRAGMENTS))
KERNEL_IMAGE       := $(KERNEL_DIR)/bzImage
KERNEL_BENCH_DIR   := $(CACHEDIR)/kernel/$(call kernel_key,$(KERNEL_BENCH_FRAGMENTS))
KERNEL_BENCH_IMAGE := $(KERNEL_BENCH_DIR)/bzImage

.PHONY: kernel kernel-dir
kernel: $(KERNEL_IMAGE)

# No file prerequisites: the key in the path already covers every input.
$(KERNEL_IMAGE):
	@kernel-patch/build.sh $(KERNEL_SRC_TAR) kernel-patch $(KERNEL_DIR) $(KERNEL_JOBS) \
		$(KERNEL_FRAGMENTS)

$(KERNEL_BENCH_IMAGE):
	@kernel-patch/build.sh $(KERNEL_SRC_TAR) kernel-patch $(KERNEL_BENCH_DIR) $(KERNEL_JOBS) \
		$(KERNEL_BENCH_FRAGMENTS)

kernel-dir:
	@echo $(KERNEL_DIR)
