# Self-test of the TAP harness itself.
SUITES += harness
.PHONY: suite-prereqs-harness suite-harness
suite-prereqs-harness:
suite-harness: suite-prereqs-harness
	@$(TAPRUN) harness tests/harness/check.sh
