# init/ — diginit, the static PID 1 pre-stage (diginit.8). Checking a list and building
# its compact list is diglist/ ($(DIGLIST_*_LIB)), which the host generator shares.
#
#   $(DIGINIT_BIN)      the static musl shim (stripped), keyring $(KEYRING_C)
#   $(DIGINIT_TEST_BIN) the same with the test fixtures' keys (keyring-fixtures.c)
#   $(DIGINIT_HOST_BIN) glibc build of the same sources (tests), $(DIGINIT_ASAN_BIN)
#   $(call shim_link,OUT,KEYRING_OBJ[,LDFLAGS]) the one link rule of a shim variant
#     (tests/bench links one with the bench corpus's keys)

INIT_SRCS      := $(sort $(wildcard init/*.c))
INIT_HDRS      := init/diginit.h init/lists.h $(DIGLIST_HDRS)
INIT_DEFS      := -DDIGINIT_VERSION='"$(VERSION)"' -DDG_NEXT_INIT='"$(NEXT_INIT)"' \
                  -DDG_LISTS_DIR='"$(LISTS_DIR)"' -DDG_IMAGE_PATH='"$(IMAGE_PATH)"' \
                  -DDG_MAX_LIST_SIZE=$(MAX_LIST_SIZE)u
INIT_CPPFLAGS  := -Iinit $(DIGLIST_CPPFLAGS) $(INIT_DEFS)
INIT_MUSL_CPPFLAGS := -Iinit $(DIGLIST_MUSL_CPPFLAGS) $(INIT_DEFS)
DIGINIT_BIN      := $(B)/musl/diginit
DIGINIT_UNSTRIPPED := $(B)/musl/diginit.unstripped
DIGINIT_TEST_BIN := $(B)/test/diginit-fixtures
DIGINIT_HOST_BIN := $(B)/host/diginit
DIGINIT_ASAN_BIN := $(B)/asan/diginit
INIT_MAN       := init/diginit.8

# The objects, built like a library's (the archives themselves are not used).
$(eval $(call c_library,INIT,init,diginit-objs))
# What a shim links after its objects and keyring, in order.
INIT_MUSL_LIBS := $(DIGLIST_MUSL_LIB) $(RPMHDR_MUSL_LIB) $(KEYS_MUSL_LIB)

ALL       += $(DIGINIT_BIN) $(DIGINIT_HOST_BIN)
LINT_SRCS += $(INIT_SRCS)
LINT_CPPFLAGS += -Iinit
INSTALL_TARGETS += install-init

# The keyring compiled into each binary: keyring.c from TRUSTED_KEYS, keyring-NAME.c
# from KEYRING_KEYS_NAME (keys/module.mk).
$(B)/musl/init/keyring-%.o: $(B)/gen/keyring-%.c keys/pgp.h | $(MUSL_LIBS)
	@mkdir -p $(@D)
	$(MUSL_CC) $(SHIM_CFLAGS) $(KEYS_MUSL_CPPFLAGS) -c -o $@ $<
$(B)/musl/init/keyring.o: $(KEYRING_C) keys/pgp.h | $(MUSL_LIBS)
	@mkdir -p $(@D)
	$(MUSL_CC) $(SHIM_CFLAGS) $(KEYS_MUSL_CPPFLAGS) -c -o $@ $<

# The shim: static, -Os, section GC, stripped (SHIM_LDFLAGS has -s).
# shim_link OUT,KEYRING_OBJ[,LDFLAGS_VAR]: the rule linking one variant; LDFLAGS_VAR
# names the variable with its link flags (default SHIM_LDFLAGS).
define shim_link
$(1): $$(INIT_MUSL_OBJS) $(2) $$(INIT_MUSL_LIBS) $$(KEYS_MUSL_LDLIBS)
	@mkdir -p $$(@D)
	$$(MUSL_CC) $$(SHIM_CFLAGS) -o $$@ $$(INIT_MUSL_OBJS) $(2) $$(INIT_MUSL_LIBS) \
		$$($(or $(3),SHIM_LDFLAGS)) $$(KEYS_MUSL_LDLIBS)
endef
$(eval $(call shim_link,$(DIGINIT_BIN),$(B)/musl/init/keyring.o))
# The unstripped twin (same objects, with a link map) is for size accounting.
SHIM_MAP_LDFLAGS = $(filter-out -s,$(SHIM_LDFLAGS)) -Wl,-Map,$@.map
$(eval $(call shim_link,$(DIGINIT_UNSTRIPPED),$(B)/musl/init/keyring.o,SHIM_MAP_LDFLAGS))
# Test variant: the fixtures' keys instead of the distribution keys.
KEYRING_KEYS_fixtures = $(addprefix $(TESTDATA)/keys/,rsa4096.asc rsa2048.asc p256.asc ed25519.asc)
$(B)/gen/keyring-fixtures.c: $(TESTDATA_STAMP)
$(eval $(call shim_link,$(DIGINIT_TEST_BIN),$(B)/musl/init/keyring-fixtures.o))

# glibc builds of the whole program for the tests (ASan one included).
$(B)/host/init/keyring.o: $(KEYRING_C) keys/pgp.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(KEYS_CPPFLAGS) -c -o $@ $<
$(DIGINIT_HOST_BIN): $(INIT_HOST_OBJS) $(B)/host/init/keyring.o $(DIGLIST_HOST_LIB) \
		$(RPMHDR_HOST_LIB) $(KEYS_HOST_LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $(INIT_HOST_OBJS) $(B)/host/init/keyring.o $(DIGLIST_HOST_LIB) \
		$(RPMHDR_HOST_LIB) $(KEYS_HOST_LIB) $(LDFLAGS) $(KEYS_HOST_LDLIBS) -pthread
$(DIGINIT_ASAN_BIN): $(INIT_ASAN_OBJS) $(KEYRING_C) $(DIGLIST_ASAN_LIB) $(RPMHDR_ASAN_LIB) \
		$(KEYS_ASAN_LIB)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARNFLAGS) $(SANFLAGS) $(KEYS_CPPFLAGS) -o $@ $(INIT_ASAN_OBJS) \
		$(KEYRING_C) $(DIGLIST_ASAN_LIB) $(RPMHDR_ASAN_LIB) $(KEYS_ASAN_LIB) $(KEYS_HOST_LDLIBS) -pthread

.PHONY: install-init init-size
install-init: $(DIGINIT_BIN)
	install -D -m 0755 $(DIGINIT_BIN) $(DESTDIR)$(SBINDIR)/diginit
	install -D -m 0644 $(INIT_MAN) $(DESTDIR)$(MANDIR)/man8/diginit.8

# Size of the shim and what each archive contributes (text+data of kept symbols).
init-size: $(DIGINIT_BIN) $(DIGINIT_UNSTRIPPED)
	@init/size-report.py $(DIGINIT_BIN) $(DIGINIT_UNSTRIPPED).map
