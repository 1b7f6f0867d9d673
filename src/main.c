/* main.c — roster: the command line, or with no command the terminal
 * interface. */
#include "cli/cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
