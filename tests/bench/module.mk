# tests/bench/ — `make bench` (NOT part of make check): diginit --check on a Fedora-sized
# corpus vs rpm (the peer) and the hardware floor (openssl speed), diginit-mkinitrd build
# times, image size, and the keys/crypto-core micro-benchmark. Prints a table; writes
# $(B)/bench/summary.json and summary.txt. Then the kernel figures (kernel-bench-boot,
# tests/kernel/kbench.py: boots of the bench kernel with the corpus's image; memory per
# digest, TPM extends, insert and lookup times, the boot path): kbench.txt, kbench.json.
#
# The corpus (tests/bench/mkcorpus.py: ~2,000 packages signed with the corpus's own gpg
# keys, ~300,000 files, ~100 MB of headers, an rpmdb) is generated once into
# $(BENCH_CORPUS) and reused while its key — the hash of the generator — is unchanged.
# Generation takes ~20 minutes on 2 busy cores; it is not part of any figure.
# diginit is measured as $(BENCH_DIGINIT): the shim's objects linked with a keyring of
# the corpus's keys (keyring-bench.c), as a distribution build would compile in its own.
BENCH_DIR     := $(B)/bench
BENCH_CORPUS  := $(BENCH_DIR)/corpus
BENCH_RUNS    ?= 9
BENCH_DIGINIT := $(BENCH_DIR)/diginit-bench
KEYRING_KEYS_bench = $(BENCH_CORPUS)/keys/rsa4096.asc $(BENCH_CORPUS)/keys/rsa2048.asc

.PHONY: bench bench-corpus
bench-corpus:
	@mkdir -p $(BENCH_DIR)
	@key=$$(sha256sum < tests/bench/mkcorpus.py | cut -c1-16); \
	if [ -f $(BENCH_CORPUS)/.stamp ] && [ "$$(cat $(BENCH_CORPUS)/.key 2>/dev/null)" = "$$key" ]; then \
		echo "  CORPUS  $(BENCH_CORPUS) (cached, key $$key)"; \
	else \
		echo "  CORPUS  $(BENCH_CORPUS) (generating, key $$key; takes a while)"; \
		nice -n 10 python3 tests/bench/mkcorpus.py $(BENCH_CORPUS) 2000 \
			> $(BENCH_DIR)/corpus.log 2>&1 || { tail -20 $(BENCH_DIR)/corpus.log; exit 1; }; \
		echo $$key > $(BENCH_CORPUS)/.key; \
	fi

$(B)/gen/keyring-bench.c: bench-corpus
$(eval $(call shim_link,$(BENCH_DIGINIT),$(B)/musl/init/keyring-bench.o))

BENCH_PROGS := $(BENCH_DIGINIT) $(DIGINIT_BIN) $(MK_BIN)
bench: bench-corpus $(FC_DIR)/fcbench $(BENCH_PROGS)
	@tests/bench/bench.py --corpus $(BENCH_CORPUS) --out $(BENCH_DIR) --runs $(BENCH_RUNS) \
		--diginit $(BENCH_DIGINIT) --shim $(DIGINIT_BIN) --mkinitrd $(MK_BIN) \
		--fcbench $(FC_DIR)/fcbench --keys $(KEYRING_KEYS_bench)
	@$(MAKE) --no-print-directory kernel-bench-boot
