# kernel-patch/: the digest table patch series and the QEMU test kernel (issue 5).
#
# KERNEL_IMAGE is the bzImage of Debian's linux-source-6.1 with kernel-patch/series
# applied, configured tinyconfig + kernel-patch/qemu.config. It is cached under
# $(CACHEDIR)/kernel/<key>/, the key hashing the source package version, the
# series, the patches, the fragment and the build script, so a fresh clone on the
# same machine does not rebuild it. `make kernel` builds it.

KERNEL_SERIES      := kernel-patch/series
KERNEL_PATCHES     := $(addprefix kernel-patch/,$(shell sed -e 's/\#.*//' $(KERNEL_SERIES)))
KERNEL_FRAGMENT    := kernel-patch/qemu.config
KERNEL_SRC_VERSION := $(shell dpkg-query -W -f='$${Version}' $(KERNEL_SRC_PKG) 2>/dev/null || \
                        stat -c '%s-%Y' $(KERNEL_SRC_TAR) 2>/dev/null)
KERNEL_KEY         := $(shell { echo '$(KERNEL_SRC_PKG) $(KERNEL_SRC_VERSION)'; \
                        cat $(KERNEL_SERIES) $(KERNEL_PATCHES) $(KERNEL_FRAGMENT) \
                        kernel-patch/build.sh; } | sha256sum | cut -c1-16)
KERNEL_DIR         := $(CACHEDIR)/kernel/$(KERNEL_KEY)
KERNEL_IMAGE       := $(KERNEL_DIR)/bzImage

.PHONY: kernel kernel-dir
kernel: $(KERNEL_IMAGE)

# No file prerequisites: the key in the path already covers every input.
$(KERNEL_IMAGE):
	@kernel-patch/build.sh $(KERNEL_SRC_TAR) kernel-patch $(KERNEL_FRAGMENT) \
		$(KERNEL_DIR) $(KERNEL_JOBS)

kernel-dir:
	@echo $(KERNEL_DIR)
