# rpmhdr/ — strict, allocation-free RPM header parser (rpmhdr.h).
# Built for host, musl and ASan (tools/c-library.mk): $(RPMHDR_HOST_LIB),
# $(RPMHDR_MUSL_LIB), $(RPMHDR_ASAN_LIB). Users: add $(RPMHDR_CPPFLAGS) to the
# compile line and link the archive.
RPMHDR_SRCS      := $(sort $(wildcard rpmhdr/*.c))
RPMHDR_HDRS      := rpmhdr/rpmhdr.h rpmhdr/rh-int.h common/common.h
RPMHDR_CPPFLAGS  := -Irpmhdr -Icommon
# The parser walks every byte of ~100 MB of headers at boot on a large system: its
# musl objects are built -O2 (after the shim's -Os), measured with make bench.
RPMHDR_MUSL_OPT  ?= -O2
RPMHDR_MUSL_CFLAGS := $(RPMHDR_MUSL_OPT)
$(eval $(call c_library,RPMHDR,rpmhdr,rpmhdr))

ALL       += $(RPMHDR_HOST_LIB) $(RPMHDR_MUSL_LIB)
LINT_SRCS += $(RPMHDR_SRCS)
LINT_CPPFLAGS += $(RPMHDR_CPPFLAGS)
