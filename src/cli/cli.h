/* cli.h — the command line front end. */
#ifndef ROSTER_CLI_H
#define ROSTER_CLI_H

/* What roster runs with no command, on the database at db_path (the
 * terminal interface, which main.c passes: the command line does not
 * know it); returns the process exit status. */
typedef int (*cli_interactive_fn)(const char *db_path);

int cli_main(int argc, char **argv, cli_interactive_fn interactive);

#endif
