# diginit — top-level Makefile. Configure in config.mk (or config.local.mk), not here.
#
# Each component has a fragment <dir>/module.mk, included in dependency order (MODULES:
# a fragment uses only what the fragments before it define; C libraries are built for
# host, musl and ASan by tools/c-library.mk), that adds to:
#   ALL          files built by 'make' / 'make all'
#   SUITES       test suite names; each has a phony target suite-NAME that runs
#                $(TAPRUN) NAME COMMAND... and whose prerequisites build what it needs
#   LINT_SRCS    the project's own C sources that 'make lint' checks
#   INSTALL_TARGETS  phony targets that install into $(DESTDIR)
#   DEPS_PKGS    further Debian packages
#   FUZZ_TARGETS fuzz target names (fuzz-smoke runs each)

include config.mk
-include config.local.mk

B        := $(BUILDDIR)
TAPDIR   ?= $(B)/tap
TAPRUN    = tools/tap-run $(TAPDIR)
export SOURCE_DATE_EPOCH

ALL :=
SUITES :=
LINT_SRCS :=
INSTALL_TARGETS :=
FUZZ_TARGETS :=

.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
.SUFFIXES:

include tools/musl-libs.mk tools/c-library.mk
MODULES := tests/fixtures rpmhdr keys/crypto-core keys diglist init mkinitrd kernel-patch \
           tests/harness tests/rpmhdr tests/fastcrypto tests/keys tests/init tests/mkinitrd \
           tests/kernel tests/qemu tests/system tests/bench tests/mutation
include $(addsuffix /module.mk,$(MODULES))
UNLISTED := $(filter-out $(addsuffix /module.mk,$(MODULES)),$(wildcard */module.mk */*/module.mk))
$(if $(UNLISTED),$(error Makefile: add $(UNLISTED) to MODULES, in dependency order))

.PHONY: all deps check check-build check-run check-only lint fuzz-smoke install dist clean distclean testdata

all: $(ALL)

deps:
	@tools/deps.sh $(sort $(DEPS_PKGS))

# make check: everything, from a fresh machine. The summary line is the last line.
check: deps
	@$(MAKE) --no-print-directory -j$(JOBS) check-build
	@$(MAKE) --no-print-directory check-run

check-build: $(ALL) $(addprefix suite-prereqs-,$(SUITES))

check-run:
	@rm -rf $(TAPDIR) && mkdir -p $(TAPDIR)
	-@$(MAKE) --no-print-directory -k $(addprefix suite-,$(SUITES))
	@tools/tap-summary $(TAPDIR) $(SUITES)

# Run a chosen subset: make check-only S="rpmhdr keys". Its results go to a directory
# of its own, so that runs side by side do not remove each other's.
check-only: deps
	@d=$(B)/tap-only.$$$$ && rm -rf $$d && mkdir -p $$d && \
	$(MAKE) --no-print-directory -k TAPDIR=$$d $(addprefix suite-,$(S)); \
	tools/tap-summary $$d $(S); r=$$?; rm -rf $$d; exit $$r

lint: $(B)/lint.stamp
$(B)/lint.stamp: $(LINT_SRCS) config.mk
	@mkdir -p $(@D)
	@test -n "$(LINT_SRCS)" || { echo "lint: no sources registered in LINT_SRCS" >&2; exit 1; }
	@set -e; for f in $(LINT_SRCS); do \
		echo "  LINT    $$f"; \
		$(CC) $(CFLAGS) $(LINTFLAGS) $(LINT_CPPFLAGS) -fsyntax-only $$f; \
	done
	cppcheck --quiet --error-exitcode=1 --std=c11 --enable=warning,portability,performance \
		--inline-suppr --suppress=missingIncludeSystem $(LINT_CPPFLAGS) $(LINT_SRCS)
	@touch $@

fuzz-smoke: $(addprefix fuzz-smoke-,$(FUZZ_TARGETS))

install: $(ALL) $(INSTALL_TARGETS)

# The source tarball the rpm spec (mkinitrd/diginit.spec) builds from.
dist:
	@mkdir -p $(B)
	git archive --format=tar.gz --prefix=diginit-$(VERSION)/ -o $(B)/diginit-$(VERSION).tar.gz HEAD
	@echo "$(B)/diginit-$(VERSION).tar.gz"

clean:
	rm -rf $(B)

distclean: clean
	rm -rf $(CACHEDIR)
