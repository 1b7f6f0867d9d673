/* tui.h — the terminal interface (ncursesw), opened by `roster` with no
 * command.
 *
 * The layer: src/tui owns the screens, the widgets and the one event loop
 * (ui.h), the only code that includes curses.  It may import the engine's
 * API (include/roster/) and base; never store.h or SQL, and not the
 * command line (main.c joins the two).  Widgets (form, list) push no
 * screen: they report, and the screens decide. */
#ifndef ROSTER_TUI_H
#define ROSTER_TUI_H

/* Runs the interface on the database at db_path until the user quits;
 * returns the process exit status (0, 2 without a terminal, 128 + a
 * signal), or the engine's negative code for a database that cannot be
 * opened (its message printed): the caller maps it to SPEC's status. */
int tui_main(const char *db_path);

#endif
