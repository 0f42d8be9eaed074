# keys/ — OpenPGP keys and signature verification (pgp.h), the embedded trusted
# keyring, and the host tool diginit-keys. See keys/README.md.
#
# Built for host, musl and ASan (tools/c-library.mk); link each with its libraries:
#   $(KEYS_HOST_LIB)  host tools, tests   link: $(KEYS_HOST_LDLIBS)
#   $(KEYS_MUSL_LIB)  the static shim     link: $(KEYS_MUSL_LDLIBS)
#   $(KEYS_ASAN_LIB)  the -asan suites    link: $(KEYS_HOST_LDLIBS)
# Compile users with $(KEYS_CPPFLAGS) (host) or $(KEYS_MUSL_CPPFLAGS) (musl).
#
# The trusted keyring (struct pgp_keyring pgp_trusted_keyring) is generated C:
#   $(KEYRING_C) = $(B)/gen/keyring.c from $(TRUSTED_KEYS) (config.mk).
# Another key set for a shim variant, e.g. the test fixtures' keys:
#   KEYRING_KEYS_fixtures = $(B)/testdata/keys/rsa4096.asc ...
#   $(B)/gen/keyring-fixtures.c: $(KEYRING_KEYS_fixtures)
# and the pattern rule below builds $(B)/gen/keyring-<name>.c from $(KEYRING_KEYS_<name>)
# (the variable is read when the recipe runs, so it may be set in any module.mk).
# Compile the generated file like any source of the binary, with $(KEYS_CPPFLAGS) or
# $(KEYS_MUSL_CPPFLAGS); it only needs pgp.h.

KEYS_SRCS         := $(filter-out keys/diginit-keys.c,$(sort $(wildcard keys/*.c)))
KEYS_HDRS         := keys/pgp.h keys/pgp-int.h common/common.h $(FASTCRYPTO_HDRS)
# keys/crypto-core (fastcrypto.h, read before this file) provides SHA-2 and the RSA public
# operation: its archive comes before BearSSL's on every link line.
KEYS_CPPFLAGS     := -Ikeys -Icommon $(FASTCRYPTO_CPPFLAGS)
KEYS_MUSL_CPPFLAGS := -Ikeys -Icommon -Ikeys/crypto-core $(patsubst -I%,-isystem %,$(MUSL_LIB_CPPFLAGS))
KEYS_HOST_LDLIBS  := $(FASTCRYPTO_HOST_LIB) -lbearssl -lsodium
KEYS_MUSL_LDLIBS  := $(FASTCRYPTO_MUSL_LIB) $(MUSL_LIBS)
KEYS_TOOL         := $(B)/host/diginit-keys
KEYS_MAN          := keys/diginit-keys.1
KEYRING_C         := $(B)/gen/keyring.c
# Each libpgp archive also carries the keys/crypto-core objects of its flavour (the ASan
# one the instrumented objects), so a link with libpgp gets fastcrypto whatever follows
# it; $(KEYS_*_LDLIBS) name the fastcrypto archive too for links that compile
# $(KEYS_SRCS) directly (the fuzz targets), which therefore also depend on it.
KEYS_HOST_EXTRA   := $(FASTCRYPTO_HOST_OBJS)
KEYS_MUSL_EXTRA   := $(FASTCRYPTO_MUSL_OBJS)
KEYS_ASAN_EXTRA   := $(FASTCRYPTO_ASAN_OBJS)
$(eval $(call c_library,KEYS,keys,pgp))
$(KEYS_HOST_LIB) $(KEYS_ASAN_LIB): | $(FASTCRYPTO_HOST_LIB)
$(KEYS_MUSL_LIB): | $(FASTCRYPTO_MUSL_LIB)

ALL       += $(KEYS_HOST_LIB) $(KEYS_MUSL_LIB) $(KEYS_TOOL) $(KEYRING_C)
LINT_SRCS += $(KEYS_SRCS) keys/diginit-keys.c
LINT_CPPFLAGS += $(KEYS_CPPFLAGS)
INSTALL_TARGETS += install-keys

$(B)/fuzz/keys_parse $(B)/fuzz/keys_verify $(B)/fuzz/init_list: $(FASTCRYPTO_HOST_LIB)

$(KEYS_TOOL): keys/diginit-keys.c $(KEYS_HOST_LIB) $(KEYS_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(KEYS_CPPFLAGS) -DDIGINIT_VERSION='"$(VERSION)"' -o $@ $< \
		$(LDFLAGS) $(KEYS_HOST_LIB) $(KEYS_HOST_LDLIBS)

# The generated keyring: rebuilt when the key list, a key file or the tool changes.
# $(B)/gen/keyring.keys records the list so that removing a key also rebuilds.
$(B)/gen/keyring.keys: FORCE-keys
	@mkdir -p $(@D)
	@echo '$(sort $(TRUSTED_KEYS))' | cmp -s - $@ || echo '$(sort $(TRUSTED_KEYS))' > $@
$(KEYRING_C): $(sort $(TRUSTED_KEYS)) $(B)/gen/keyring.keys $(KEYS_TOOL)
	@mkdir -p $(@D)
	$(KEYS_TOOL) -q embed -o $@.tmp $(sort $(TRUSTED_KEYS)) && mv $@.tmp $@

$(B)/gen/keyring-%.c: $(KEYS_TOOL)
	@mkdir -p $(@D)
	@test -n "$(strip $(KEYRING_KEYS_$*))" || { echo "keys: KEYRING_KEYS_$* is empty" >&2; exit 1; }
	$(KEYS_TOOL) -q embed -o $@.tmp $(sort $(KEYRING_KEYS_$*)) && mv $@.tmp $@

.PHONY: FORCE-keys install-keys
FORCE-keys:

install-keys: $(KEYS_TOOL)
	install -D -m 0755 $(KEYS_TOOL) $(DESTDIR)$(BINDIR)/diginit-keys
	install -D -m 0644 $(KEYS_MAN) $(DESTDIR)$(MANDIR)/man1/diginit-keys.1
