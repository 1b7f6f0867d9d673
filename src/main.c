/* main.c — roster: the command line, or with no command the terminal
 * interface.  The one place that knows both front ends: it hands the
 * interface to the command line, so that neither imports the other. */
#include "cli/cli.h"
#include "tui/tui.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv, tui_main);
}
