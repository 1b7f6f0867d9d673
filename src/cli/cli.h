/* cli.h — the command line front end.
 *
 * The layer: src/cli owns the commands, their options, the exit statuses
 * and the table, CSV and JSON output.  It may import the engine's API
 * (include/roster/) and base; never store.h, SQL or curses, and not the
 * terminal interface: main.c hands that in. */
#ifndef ROSTER_CLI_H
#define ROSTER_CLI_H

/* What roster runs with no command, on the database at db_path (the
 * terminal interface, which main.c passes: the command line does not
 * know it); returns the process exit status. */
typedef int (*cli_interactive_fn)(const char *db_path);

int cli_main(int argc, char **argv, cli_interactive_fn interactive);

#endif
