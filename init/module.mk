# init/ — diginit, the static PID 1 pre-stage (diginit.8). Checking a list and building
# its compact list is diglist/ ($(DIGLIST_*_LIB)), which the host generator shares.
#
#   $(DIGINIT_BIN)      the static musl shim (stripped), keyring $(KEYRING_C)
#   $(DIGINIT_TEST_BIN) the same with the test fixtures' keys (keyring-fixtures.c)
#   $(DIGINIT_HOST_BIN) glibc build of the same sources (tests), $(DIGINIT_ASAN_BIN)

# init/ is read before keys/, rpmhdr/ and tests/fixtures/ (module.mk files are included
# in name order): variables that use theirs are recursive (=), and the prerequisites
# that name them are expanded a second time ($$(VAR), .SECONDEXPANSION).
.SECONDEXPANSION:

INIT_SRCS      := $(sort $(wildcard init/*.c))
INIT_HDRS       = init/diginit.h init/lists.h $(DIGLIST_HDRS)
INIT_CPPFLAGS   = -Iinit $(DIGLIST_CPPFLAGS)
INIT_MUSL_CPPFLAGS  = -Iinit $(DIGLIST_MUSL_CPPFLAGS)
INIT_DEFS      := -DDIGINIT_VERSION='"$(VERSION)"' -DDG_NEXT_INIT='"$(NEXT_INIT)"' \
                  -DDG_LISTS_DIR='"$(LISTS_DIR)"' -DDG_MAX_LIST_SIZE=$(MAX_LIST_SIZE)u
DIGINIT_BIN      := $(B)/musl/diginit
DIGINIT_UNSTRIPPED := $(B)/musl/diginit.unstripped
DIGINIT_TEST_BIN := $(B)/test/diginit-fixtures
DIGINIT_HOST_BIN := $(B)/host/diginit
DIGINIT_ASAN_BIN := $(B)/asan/diginit
INIT_MAN       := init/diginit.8

INIT_HOST_OBJS := $(patsubst init/%.c,$(B)/host/init/%.o,$(INIT_SRCS))
INIT_ASAN_OBJS := $(patsubst init/%.c,$(B)/asan/init/%.o,$(INIT_SRCS))
INIT_MUSL_OBJS := $(patsubst init/%.c,$(B)/musl/init/%.o,$(INIT_SRCS))
INIT_MUSL_DEPS  = $(DIGLIST_MUSL_LIB) $(RPMHDR_MUSL_LIB) $(KEYS_MUSL_LIB) $(KEYS_MUSL_LDLIBS)

ALL       += $(DIGINIT_BIN) $(DIGINIT_HOST_BIN)
LINT_SRCS += $(INIT_SRCS)
LINT_CPPFLAGS += -Iinit
INSTALL_TARGETS += install-init

$(B)/host/init/%.o: init/%.c $$(INIT_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(INIT_CPPFLAGS) $(INIT_DEFS) -c -o $@ $<
$(B)/asan/init/%.o: init/%.c $$(INIT_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARNFLAGS) $(SANFLAGS) $(INIT_CPPFLAGS) $(INIT_DEFS) -c -o $@ $<
$(B)/musl/init/%.o: init/%.c $$(INIT_HDRS) | $$(MUSL_LIBS)
	@mkdir -p $(@D)
	$(MUSL_CC) $(SHIM_CFLAGS) $(INIT_MUSL_CPPFLAGS) $(INIT_DEFS) -c -o $@ $<

# The keyring compiled into each binary.
$(B)/musl/init/keyring-%.o: $(B)/gen/keyring-%.c keys/pgp.h | $$(MUSL_LIBS)
	@mkdir -p $(@D)
	$(MUSL_CC) $(SHIM_CFLAGS) $(KEYS_MUSL_CPPFLAGS) -c -o $@ $<
$(B)/musl/init/keyring.o: $$(KEYRING_C) keys/pgp.h | $$(MUSL_LIBS)
	@mkdir -p $(@D)
	$(MUSL_CC) $(SHIM_CFLAGS) $(KEYS_MUSL_CPPFLAGS) -c -o $@ $<

# The shim: static, -Os, section GC, stripped (SHIM_LDFLAGS has -s). The unstripped
# twin (same objects, with a link map) is for size accounting: make init-size.
$(DIGINIT_BIN): $(INIT_MUSL_OBJS) $(B)/musl/init/keyring.o $$(INIT_MUSL_DEPS)
	@mkdir -p $(@D)
	$(MUSL_CC) $(SHIM_CFLAGS) -o $@ $(INIT_MUSL_OBJS) $(B)/musl/init/keyring.o \
		$(DIGLIST_MUSL_LIB) $(RPMHDR_MUSL_LIB) $(KEYS_MUSL_LIB) $(SHIM_LDFLAGS) $(KEYS_MUSL_LDLIBS)
$(DIGINIT_UNSTRIPPED): $(INIT_MUSL_OBJS) $(B)/musl/init/keyring.o $$(INIT_MUSL_DEPS)
	@mkdir -p $(@D)
	$(MUSL_CC) $(SHIM_CFLAGS) -o $@ $(INIT_MUSL_OBJS) $(B)/musl/init/keyring.o \
		$(DIGLIST_MUSL_LIB) $(RPMHDR_MUSL_LIB) $(KEYS_MUSL_LIB) $(filter-out -s,$(SHIM_LDFLAGS)) \
		-Wl,-Map,$@.map $(KEYS_MUSL_LDLIBS)

# Test variant: the fixtures' keys instead of the distribution keys.
KEYRING_KEYS_fixtures = $(addprefix $(TESTDATA)/keys/,rsa4096.asc rsa2048.asc p256.asc ed25519.asc)
$(B)/gen/keyring-fixtures.c: $$(TESTDATA_STAMP)
$(DIGINIT_TEST_BIN): $(INIT_MUSL_OBJS) $(B)/musl/init/keyring-fixtures.o $$(INIT_MUSL_DEPS)
	@mkdir -p $(@D)
	$(MUSL_CC) $(SHIM_CFLAGS) -o $@ $(INIT_MUSL_OBJS) $(B)/musl/init/keyring-fixtures.o \
		$(DIGLIST_MUSL_LIB) $(RPMHDR_MUSL_LIB) $(KEYS_MUSL_LIB) $(SHIM_LDFLAGS) $(KEYS_MUSL_LDLIBS)

# glibc builds of the whole program for the tests (ASan one included).
$(B)/host/init/keyring.o: $$(KEYRING_C) keys/pgp.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(KEYS_CPPFLAGS) -c -o $@ $<
$(DIGINIT_HOST_BIN): $(INIT_HOST_OBJS) $(B)/host/init/keyring.o $$(DIGLIST_HOST_LIB) \
		$$(RPMHDR_HOST_LIB) $$(KEYS_HOST_LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $(INIT_HOST_OBJS) $(B)/host/init/keyring.o $(DIGLIST_HOST_LIB) \
		$(RPMHDR_HOST_LIB) \
		$(KEYS_HOST_LIB) $(LDFLAGS) $(KEYS_HOST_LDLIBS) -pthread
$(DIGINIT_ASAN_BIN): $(INIT_ASAN_OBJS) $$(KEYRING_C) $$(DIGLIST_ASAN_LIB) $$(RPMHDR_ASAN_LIB) \
		$$(KEYS_ASAN_LIB)
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

# Suite init-threads: `diginit --check -j N` prints the same for N = 1, 2, 3 over all
# the test data's lists (tests/init/threads.sh).
SUITES += init-threads
.PHONY: suite-prereqs-init-threads suite-init-threads
suite-prereqs-init-threads: $(DIGINIT_BIN) $(B)/tests/init/mklist $$(MK_BIN) $$(TESTDATA_STAMP)
suite-init-threads: suite-prereqs-init-threads
	@$(TAPRUN) init-threads tests/init/threads.sh $(DIGINIT_BIN) $(B)/tests/init/mklist \
		$(MK_BIN) $(SHARED)/testdata $(TESTDATA)/rpms $(SHARED)/testdata/rpmdb/cbl-mariner-2.0 \
		$(B)/tests/init/threads
