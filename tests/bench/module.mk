# tests/bench/ — `make bench` (NOT part of make check): diginit --check on a Fedora-sized
# corpus vs rpm (the peer) and the hardware floor (openssl speed), diginit-mkinitrd build
# times, image size, and the keys/fast micro-benchmark. Prints a table; writes
# $(B)/bench/summary.json and summary.txt.
#
# The corpus (tests/bench/mkcorpus.py: ~2,000 signed packages, ~300,000 files, ~100 MB of
# headers, an rpmdb) is generated once into $(BENCH_CORPUS) and reused while its key —
# the hash of the generator and of the fixtures' public keys that sign it — is unchanged.
# Generation takes tens of minutes on 2 cores; it is not part of any figure.
BENCH_DIR    := $(B)/bench
BENCH_CORPUS := $(BENCH_DIR)/corpus
BENCH_RUNS   ?= 5
BENCH_KEYS    = $(TESTDATA)/keys/rsa4096.asc $(TESTDATA)/keys/rsa2048.asc

.PHONY: bench bench-corpus
bench-corpus: $$(TESTDATA_STAMP)
	@mkdir -p $(BENCH_DIR)
	@key=$$(cat tests/bench/mkcorpus.py $(BENCH_KEYS) | sha256sum | cut -c1-16); \
	if [ -f $(BENCH_CORPUS)/.stamp ] && [ "$$(cat $(BENCH_CORPUS)/.key 2>/dev/null)" = "$$key" ]; then \
		echo "  CORPUS  $(BENCH_CORPUS) (cached, key $$key)"; \
	else \
		echo "  CORPUS  $(BENCH_CORPUS) (generating, key $$key; takes a while)"; \
		nice -n 10 python3 tests/bench/mkcorpus.py $(BENCH_CORPUS) $(TESTDATA) 2000 \
			> $(BENCH_DIR)/corpus.log 2>&1 || { tail -20 $(BENCH_DIR)/corpus.log; exit 1; }; \
		echo $$key > $(BENCH_CORPUS)/.key; \
	fi

# diginit and diginit-mkinitrd are built if their components are there; the bench
# prints "n/a (not built)" for what is missing.
BENCH_PROGS = $(if $(DIGINIT_TEST_BIN),$(DIGINIT_TEST_BIN)) $(if $(MK_BIN),$(MK_BIN))
bench: bench-corpus $$(FC_DIR)/fcbench $$(BENCH_PROGS)
	@tests/bench/bench.py --corpus $(BENCH_CORPUS) --out $(BENCH_DIR) --runs $(BENCH_RUNS) \
		--diginit $(or $(DIGINIT_TEST_BIN),/nonexistent) \
		--mkinitrd $(or $(MK_BIN),/nonexistent) \
		--fcbench $(FC_DIR)/fcbench --keys $(BENCH_KEYS)
