/* cmd_tui.c — roster with no command opens the terminal interface, which
 * main.c hands in: the command line does not import it. */
#include "cli_int.h"

#include <roster/db.h>

int cli_tui(cli_args *a, cli_interactive_fn interactive)
{
	return interactive(a->db ? a->db : ro_db_default_path());
}
