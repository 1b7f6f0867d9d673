/* cli.c — command table and dispatch (being built). */
#include "cli.h"

#include <stdio.h>

int cli_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("roster: not built yet\n", stderr);
	return 2;
}
