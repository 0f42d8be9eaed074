# Third-party libraries for the static shim, built with musl-gcc from Debian's
# source packages (tools/build-musl-lib.sh) and cached outside the work tree.
MUSL_BEARSSL  := $(CACHEDIR)/musl/bearssl
MUSL_SODIUM   := $(CACHEDIR)/musl/libsodium
MUSL_LIB_CPPFLAGS := -isystem $(MUSL_BEARSSL)/include -isystem $(MUSL_SODIUM)/include
MUSL_LIBS     := $(MUSL_BEARSSL)/lib/libbearssl.a $(MUSL_SODIUM)/lib/libsodium.a

$(MUSL_BEARSSL)/lib/libbearssl.a:
	tools/build-musl-lib.sh bearssl $(MUSL_BEARSSL) $(MUSL_CC)

$(MUSL_SODIUM)/lib/libsodium.a:
	tools/build-musl-lib.sh libsodium $(MUSL_SODIUM) $(MUSL_CC)

.PHONY: musl-libs
musl-libs: $(MUSL_LIBS)
