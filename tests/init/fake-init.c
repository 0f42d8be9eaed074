// SPDX-License-Identifier: MIT
/*
 * tests/init/fake-init.c — the "next init" of the PID 1 tests (boot.sh): prints
 * "FAKE-INIT <its path> pid=<pid> argv: <argv[1..]> env: DIGINIT_TEST=<value>" on
 * stdout and exits 0 (which ends the test's PID namespace). Static musl binary.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *e = getenv("DIGINIT_TEST");
	int i;

	printf("FAKE-INIT %s pid=%d argv:", argv[0], (int)getpid());
	for (i = 1; i < argc; i++)
		printf(" %s", argv[i]);
	printf(" env: DIGINIT_TEST=%s\n", e ? e : "(unset)");
	return 0;
}
