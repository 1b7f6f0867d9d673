/* cmd_tui.c — roster with no command opens the terminal interface, which
 * main.c hands in: the command line does not import it. */
#include "cli_int.h"

#include <roster/db.h>

int cli_tui(cli_args *a, cli_interactive_fn interactive)
{
	int st = interactive(a->db ? a->db : ro_db_default_path());

	/* A database that could not be opened: its code, SPEC's status. */
	return st < 0 ? cli_exit_status(st) : st;
}
