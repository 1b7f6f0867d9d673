/* cmd_tui.c — roster with no command opens the terminal interface. */
#include "cli_int.h"

#include <unistd.h>

int cli_tui(cli_args *a)
{
	(void)a;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return cli_fail(2, "the terminal interface needs a terminal; "
		    "see roster --help for the commands");
	return cli_fail(2, "the terminal interface is not built yet; see "
	    "roster --help for the commands");
}
