/* cmd_tui.c — roster with no command opens the terminal interface. */
#include "cli_int.h"
#include "../tui/tui.h"

#include <roster/db.h>

int cli_tui(cli_args *a)
{
	return tui_main(a->db ? a->db : ro_db_default_path());
}
