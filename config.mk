# diginit build configuration: every knob lives here.
# Override on the command line (make CC=clang) or in config.local.mk (untracked);
# the Makefile is never edited to configure.

VERSION          = 0.1.0

# --- install layout (packagers: make install DESTDIR=... PREFIX=...) ---
PREFIX           = /usr
DESTDIR          =
BINDIR           = $(PREFIX)/bin
SBINDIR          = $(PREFIX)/sbin
MANDIR           = $(PREFIX)/share/man
DATADIR          = $(PREFIX)/share
DRACUTMODDIR     = $(PREFIX)/lib/dracut/modules.d
KERNELINSTALLDIR = $(PREFIX)/lib/kernel/install.d
RPMMACRODIR      = $(PREFIX)/lib/rpm/macros.d
BASHCOMPDIR      = $(DATADIR)/bash-completion/completions

# --- where things go while building ---
BUILDDIR         = build
# The shared test data (real signed RPMs, keys, an rpmdb) sits beside the clone.
SHARED           = ../shared
# Slow, reusable outputs (the kernel, third-party libraries for the shim) live
# outside the work tree so that a fresh clone on the same machine reuses them.
CACHEDIR         = $(HOME)/.cache/diginit
JOBS             = $(shell nproc 2>/dev/null || echo 2)

# --- compilers and flags ---
CC               = gcc
MUSL_CC          = musl-gcc
CLANG            = clang
AR               = ar
WARNFLAGS        = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
                   -Wpointer-arith -Wvla -Wformat=2 -Wundef -Wcast-align
# make lint adds these (-Wconversion subset: sign and narrowing of values).
LINTFLAGS        = -Werror -Wconversion -Wsign-conversion
CSTD             = -std=c11 -D_GNU_SOURCE
CFLAGS           = -O2 -g $(CSTD) $(WARNFLAGS) -fstack-protector-strong -D_FORTIFY_SOURCE=2
LDFLAGS          =
# The static PID 1 shim.
SHIM_CFLAGS      = -Os $(CSTD) $(WARNFLAGS) -ffunction-sections -fdata-sections \
                   -fno-asynchronous-unwind-tables -fno-unwind-tables
SHIM_LDFLAGS     = -static -Wl,--gc-sections -Wl,--build-id=none -s
# Unit tests run once more under these.
SANFLAGS         = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
                   -fno-omit-frame-pointer
FUZZFLAGS        = -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
# make fuzz-smoke: seconds per fuzz target (the total must stay >= 60 s).
FUZZ_SMOKE_SECONDS = 20

# --- the shim's defaults (DESIGN.md section 3) ---
NEXT_INIT        = /usr/lib/systemd/systemd
LISTS_DIR        = /etc/diglim
# Where the shim looks for the digest-list image at boot (rd.diginit.image), in order,
# colon-separated: the first that exists is read and LISTS_DIR (the raw-initrd path) is
# not. /etc/diginit.img is what GRUB's "newc:etc/diginit.img:FILE" writes; the other two
# are what systemd-stub writes for a UKI's sidecar ESP/EFI/Linux/UKI.efi.extra.d/diginit.cred
# and for ESP/loader/credentials/diginit.cred (diginit-mkinitrd(8), "Boot paths").
IMAGE_PATH       = /etc/diginit.img:/.extra/credentials/diginit.cred:/.extra/global_credentials/diginit.cred
# Largest list file the shim accepts (bytes); the kernel caps a compact list at 64 MiB - 1.
MAX_LIST_SIZE    = 268435456

# --- mkinitrd: diginit-mkinitrd's default output (compiled in; --root prefixes it) ---
MKINITRD_IMAGE   = /boot/diginit.img

# --- trusted keys compiled into the shim (keys/README.md) ---
# Default: the armoured keys shipped in keys/trusted/. For a build that trusts the
# major distributions, one line:
#   TRUSTED_KEYS = $(wildcard ../shared/testdata/distro-keys/RPM-GPG-KEY-*)
TRUSTED_KEYS     = $(sort $(wildcard keys/trusted/*.asc))

# --- reproducible output ---
SOURCE_DATE_EPOCH ?= 0

# --- kernel and QEMU (kernel-patch/, tests/qemu/) ---
KERNEL_SRC_TAR   = /usr/src/linux-source-6.1.tar.xz
QEMU             = qemu-system-x86_64
QEMU_ACCEL       = tcg
QEMU_MEM         = 512M
QEMU_TIMEOUT     = 600
# kernel-patch/: parallel jobs of the kernel build (the machines have 2 cores)
KERNEL_JOBS      = 2
# kernel-patch/: the Debian package providing KERNEL_SRC_TAR (its version is
# part of the cache key of the kernel build)
KERNEL_SRC_PKG   = linux-source-6.1

# --- Debian packages that make deps installs (components add theirs in module.mk) ---
DEPS_PKGS        = build-essential musl-tools libarchive-dev librpm-dev rpm rpm2cpio gnupg \
                   cpio qemu-system-x86 swtpm swtpm-tools dracut-core linux-source-6.1 \
                   flex bison bc libelf-dev libssl-dev dpkg-dev clang llvm lld cppcheck \
                   clang-format kmod xz-utils zstd openssl sqlite3 file python3 xxd \
                   libbearssl-dev libsodium-dev autoconf automake libtool
