# diglist/ — digest lists (diglist/diglist.h): check one list file, plan and build its
# compact list, the list-name rule, reason text, --key files. The shim (init/) and the
# host generator (mkinitrd/) both link it, so that they accept the same lists and
# compute the same bytes; neither includes the other's headers.
#
# Built for host, musl and ASan (tools/c-library.mk): $(DIGLIST_HOST_LIB),
# $(DIGLIST_MUSL_LIB), $(DIGLIST_ASAN_LIB).
# Compile users with $(DIGLIST_CPPFLAGS) (host) or $(DIGLIST_MUSL_CPPFLAGS) (musl), and
# link the archive before $(RPMHDR_*_LIB) $(KEYS_*_LIB).

DIGLIST_SRCS     := $(sort $(wildcard diglist/*.c))
DIGLIST_HDRS     := diglist/diglist.h $(KEYS_HDRS) rpmhdr/rpmhdr.h
DIGLIST_CPPFLAGS := -Idiglist $(RPMHDR_CPPFLAGS) $(KEYS_CPPFLAGS)
DIGLIST_MUSL_CPPFLAGS := -Idiglist $(RPMHDR_CPPFLAGS) $(KEYS_MUSL_CPPFLAGS)
$(eval $(call c_library,DIGLIST,diglist,diglist))

ALL       += $(DIGLIST_HOST_LIB) $(DIGLIST_MUSL_LIB)
LINT_SRCS += $(DIGLIST_SRCS)
LINT_CPPFLAGS += -Idiglist
