# diglist/ — digest lists (diglist/diglist.h): check one list file, plan and build its
# compact list, the list-name rule, reason text, --key files. The shim (init/) and the
# host generator (mkinitrd/) both link it, so that they accept the same lists and
# compute the same bytes; neither includes the other's headers.
#
# Built three times from the same sources:
#   $(DIGLIST_HOST_LIB)  gcc, $(CFLAGS)            mkinitrd, tests
#   $(DIGLIST_MUSL_LIB)  musl-gcc, $(SHIM_CFLAGS)  the static shim
#   $(DIGLIST_ASAN_LIB)  gcc, $(SANFLAGS)          the -asan suites
# Compile users with $(DIGLIST_CPPFLAGS) (host) or $(DIGLIST_MUSL_CPPFLAGS) (musl), and
# link the archive before $(RPMHDR_*_LIB) $(KEYS_*_LIB).

# diglist/ is read before keys/ and rpmhdr/ (module.mk files are included in name
# order): variables that use theirs are recursive (=), and the prerequisites that name
# them are expanded a second time ($$(VAR), .SECONDEXPANSION).
.SECONDEXPANSION:

DIGLIST_SRCS     := $(sort $(wildcard diglist/*.c))
DIGLIST_HDRS      = diglist/diglist.h $(KEYS_HDRS) rpmhdr/rpmhdr.h
DIGLIST_CPPFLAGS  = -Idiglist $(RPMHDR_CPPFLAGS) $(KEYS_CPPFLAGS)
DIGLIST_MUSL_CPPFLAGS = -Idiglist $(RPMHDR_CPPFLAGS) $(KEYS_MUSL_CPPFLAGS)
DIGLIST_HOST_LIB := $(B)/host/libdiglist.a
DIGLIST_MUSL_LIB := $(B)/musl/libdiglist.a
DIGLIST_ASAN_LIB := $(B)/asan/libdiglist.a

ALL       += $(DIGLIST_HOST_LIB) $(DIGLIST_MUSL_LIB)
LINT_SRCS += $(DIGLIST_SRCS)
LINT_CPPFLAGS += -Idiglist

$(B)/host/diglist/%.o: diglist/%.c $$(DIGLIST_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(DIGLIST_CPPFLAGS) -c -o $@ $<
$(B)/musl/diglist/%.o: diglist/%.c $$(DIGLIST_HDRS) | $$(MUSL_LIBS)
	@mkdir -p $(@D)
	$(MUSL_CC) $(SHIM_CFLAGS) $(DIGLIST_MUSL_CPPFLAGS) -c -o $@ $<
$(B)/asan/diglist/%.o: diglist/%.c $$(DIGLIST_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARNFLAGS) $(SANFLAGS) $(DIGLIST_CPPFLAGS) -c -o $@ $<

$(DIGLIST_HOST_LIB): $(patsubst diglist/%.c,$(B)/host/diglist/%.o,$(DIGLIST_SRCS))
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcD $@ $^
$(DIGLIST_MUSL_LIB): $(patsubst diglist/%.c,$(B)/musl/diglist/%.o,$(DIGLIST_SRCS))
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcD $@ $^
$(DIGLIST_ASAN_LIB): $(patsubst diglist/%.c,$(B)/asan/diglist/%.o,$(DIGLIST_SRCS))
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcD $@ $^
