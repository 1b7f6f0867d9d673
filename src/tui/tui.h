/* tui.h — the terminal interface (ncursesw), opened by `roster` with no
 * command. */
#ifndef ROSTER_TUI_H
#define ROSTER_TUI_H

/* Runs the interface on the database at db_path until the user quits;
 * returns the process exit status (0, or SPEC's status for a database
 * that cannot be opened). */
int tui_main(const char *db_path);

#endif
