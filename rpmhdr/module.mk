# rpmhdr/ — strict, allocation-free RPM header parser (rpmhdr.h).
# Built three times from the same sources:
#   $(RPMHDR_HOST_LIB)  gcc, $(CFLAGS)              host tools, tests
#   $(RPMHDR_MUSL_LIB)  musl-gcc, $(SHIM_CFLAGS)    the static shim
#   $(RPMHDR_ASAN_LIB)  gcc, $(SANFLAGS)            the -asan test suites
# Users: add $(RPMHDR_CPPFLAGS) to the compile line and link the archive.
RPMHDR_SRCS      := $(sort $(wildcard rpmhdr/*.c))
RPMHDR_CPPFLAGS  := -Irpmhdr -Icommon
RPMHDR_HOST_LIB  := $(B)/host/librpmhdr.a
RPMHDR_MUSL_LIB  := $(B)/musl/librpmhdr.a
# The parser walks every byte of ~100 MB of headers at boot on a large system: its
# musl objects are built -O2 (after the shim's -Os), measured with make bench.
RPMHDR_MUSL_OPT  ?= -O2
RPMHDR_ASAN_LIB  := $(B)/asan/librpmhdr.a
RPMHDR_HOST_OBJS := $(patsubst rpmhdr/%.c,$(B)/host/rpmhdr/%.o,$(RPMHDR_SRCS))
RPMHDR_MUSL_OBJS := $(patsubst rpmhdr/%.c,$(B)/musl/rpmhdr/%.o,$(RPMHDR_SRCS))
RPMHDR_ASAN_OBJS := $(patsubst rpmhdr/%.c,$(B)/asan/rpmhdr/%.o,$(RPMHDR_SRCS))

ALL       += $(RPMHDR_HOST_LIB) $(RPMHDR_MUSL_LIB)
LINT_SRCS += $(RPMHDR_SRCS)
LINT_CPPFLAGS += $(RPMHDR_CPPFLAGS)

$(B)/host/rpmhdr/%.o: rpmhdr/%.c rpmhdr/rpmhdr.h rpmhdr/rh-int.h common/common.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(RPMHDR_CPPFLAGS) -c -o $@ $<
$(B)/musl/rpmhdr/%.o: rpmhdr/%.c rpmhdr/rpmhdr.h rpmhdr/rh-int.h common/common.h
	@mkdir -p $(@D)
	$(MUSL_CC) $(SHIM_CFLAGS) $(RPMHDR_MUSL_OPT) $(RPMHDR_CPPFLAGS) -c -o $@ $<
$(B)/asan/rpmhdr/%.o: rpmhdr/%.c rpmhdr/rpmhdr.h rpmhdr/rh-int.h common/common.h
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARNFLAGS) $(SANFLAGS) $(RPMHDR_CPPFLAGS) -c -o $@ $<

$(RPMHDR_HOST_LIB): $(RPMHDR_HOST_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcD $@ $^
$(RPMHDR_MUSL_LIB): $(RPMHDR_MUSL_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcD $@ $^
$(RPMHDR_ASAN_LIB): $(RPMHDR_ASAN_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcD $@ $^
