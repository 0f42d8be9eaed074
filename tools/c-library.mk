# tools/c-library.mk — one C library built three times from the same sources:
#   $(P_HOST_LIB)  gcc, $(CFLAGS)                         host tools, tests
#   $(P_MUSL_LIB)  musl-gcc, $(SHIM_CFLAGS) $(P_MUSL_CFLAGS)  the static shim
#   $(P_ASAN_LIB)  gcc, $(SANFLAGS)                       the -asan suites
# Use, after setting P_SRCS, P_HDRS (what the objects depend on), P_CPPFLAGS,
# P_MUSL_CPPFLAGS (default: P_CPPFLAGS), optionally P_MUSL_CFLAGS and
# P_{HOST,MUSL,ASAN}_EXTRA (more objects for the archive), where P is the prefix:
#   $(eval $(call c_library,P,DIR,NAME))
# It defines P_{HOST,MUSL,ASAN}_OBJS and the archives $(B)/{host,musl,asan}/libNAME.a
# with the rules for the objects of DIR/*.c. Every variable it reads must be set
# before the call (module.mk files are included in dependency order).

define c_library
$(1)_MUSL_CPPFLAGS ?= $$($(1)_CPPFLAGS)
$(1)_HOST_LIB := $$(B)/host/lib$(3).a
$(1)_MUSL_LIB := $$(B)/musl/lib$(3).a
$(1)_ASAN_LIB := $$(B)/asan/lib$(3).a
$(1)_HOST_OBJS := $$(patsubst $(2)/%.c,$$(B)/host/$(2)/%.o,$$($(1)_SRCS))
$(1)_MUSL_OBJS := $$(patsubst $(2)/%.c,$$(B)/musl/$(2)/%.o,$$($(1)_SRCS))
$(1)_ASAN_OBJS := $$(patsubst $(2)/%.c,$$(B)/asan/$(2)/%.o,$$($(1)_SRCS))

$$(B)/host/$(2)/%.o: $(2)/%.c $$($(1)_HDRS)
	@mkdir -p $$(@D)
	$$(CC) $$(CFLAGS) $$($(1)_CPPFLAGS) -c -o $$@ $$<
$$(B)/musl/$(2)/%.o: $(2)/%.c $$($(1)_HDRS) | $$(MUSL_LIBS)
	@mkdir -p $$(@D)
	$$(MUSL_CC) $$(SHIM_CFLAGS) $$($(1)_MUSL_CFLAGS) $$($(1)_MUSL_CPPFLAGS) -c -o $$@ $$<
$$(B)/asan/$(2)/%.o: $(2)/%.c $$($(1)_HDRS)
	@mkdir -p $$(@D)
	$$(CC) $$(CSTD) $$(WARNFLAGS) $$(SANFLAGS) $$($(1)_CPPFLAGS) -c -o $$@ $$<

$$($(1)_HOST_LIB): $$($(1)_HOST_OBJS) $$($(1)_HOST_EXTRA)
	@mkdir -p $$(@D)
	rm -f $$@ && $$(AR) rcD $$@ $$^
$$($(1)_MUSL_LIB): $$($(1)_MUSL_OBJS) $$($(1)_MUSL_EXTRA)
	@mkdir -p $$(@D)
	rm -f $$@ && $$(AR) rcD $$@ $$^
$$($(1)_ASAN_LIB): $$($(1)_ASAN_OBJS) $$($(1)_ASAN_EXTRA)
	@mkdir -p $$(@D)
	rm -f $$@ && $$(AR) rcD $$@ $$^
endef
