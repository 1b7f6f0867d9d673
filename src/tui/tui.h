/* tui.h — the terminal interface (ncursesw), opened by `roster` with no
 * command. */
#ifndef ROSTER_TUI_H
#define ROSTER_TUI_H

/* Runs the interface on the database at db_path until the user quits;
 * returns the process exit status (0, 2 without a terminal, 128 + a
 * signal), or the engine's negative code for a database that cannot be
 * opened (its message printed): the caller maps it to SPEC's status. */
int tui_main(const char *db_path);

#endif
