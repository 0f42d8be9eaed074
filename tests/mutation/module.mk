# tests/mutation/ — the project's own mutation testing (tests/mutation/run.py, the list
# in tests/mutation/mutants.txt). Each mutant is built and tested in a scratch copy of
# the tree under $(B)/mutation (the build directory copied, so only the mutated file
# recompiles), against the fast non-QEMU suites that cover it.
#   make mutation        every mutant; prints the table per component and the score, and
#                        fails below 95 % of the non-equivalent mutants killed
#   make mutation-smoke  the CI subset (mutants marked "smoke: yes"): all must be killed
# The suite mutation-list (part of make check) only checks that every mutant still
# applies: an original text not found exactly once fails it, so the list cannot rot.
MUT_RUN  = nice -n 10 python3 tests/mutation/run.py --work $(abspath $(B))/mutation \
	   --shared $(SHARED) --jobs $(MUTATION_JOBS)
MUTATION_JOBS ?= 2

.PHONY: mutation mutation-smoke
mutation:
	@$(MUT_RUN)
mutation-smoke:
	@$(MUT_RUN) --smoke --no-baseline

SUITES += mutation-list
.PHONY: suite-prereqs-mutation-list suite-mutation-list
suite-prereqs-mutation-list:
suite-mutation-list: suite-prereqs-mutation-list
	@$(TAPRUN) mutation-list tests/mutation/check-list.sh
