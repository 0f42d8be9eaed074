// SPDX-License-Identifier: MIT
/*
 * tests/init/fake-init.c — the "next init" of the PID 1 tests (boot.sh): prints
 * "FAKE-INIT <argv[0]> pid=<pid> argv: <argv[1..]> env: DIGINIT_TEST=<value> exe: <path>"
 * on stdout and exits 0 (which ends the test's PID namespace). argv[0] is diginit's
 * (it passes its own argv on); <path> is /proc/self/exe, the file that was executed,
 * as seen from the test's chroot. Static musl binary.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *e = getenv("DIGINIT_TEST");
	char exe[256];
	ssize_t n;
	int i;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n < 0)
		n = 0;
	exe[n] = '\0';
	printf("FAKE-INIT %s pid=%d argv:", argv[0], (int)getpid());
	for (i = 1; i < argc; i++)
		printf(" %s", argv[i]);
	printf(" env: DIGINIT_TEST=%s exe: %s\n", e ? e : "(unset)", n ? exe : "?");
	return 0;
}
