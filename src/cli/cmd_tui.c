/* cmd_tui.c — roster with no command opens the terminal interface. */
#include "cli_int.h"
#include "../tui/tui.h"

#include <roster/db.h>

int cli_tui(cli_args *a)
{
	int st = tui_main(a->db ? a->db : ro_db_default_path());

	/* A database that could not be opened: its code, SPEC's status. */
	return st < 0 ? cli_exit_status(st) : st;
}
