/* tui.c — tui_main: opens the database, sets the terminal up, runs the
 * loop from the Sign in screen and puts the terminal back. */
#include "tui.h"
#include "screens.h"
#include "ui.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <roster/error.h>
#include <roster/signin.h>

static void terminal_init(ui_app *app)
{
	/* Esc must act at once, not after ncurses' default second. */
	setenv("ESCDELAY", "25", 0);
	initscr();
	set_escdelay(25);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	ui_keys_init();
	curs_set(0);
	mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED |
	    BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	ui_colors_init(app);
}

int tui_main(const char *db_path)
{
	ui_app app;
	ro_db *db = NULL;
	int rc;

	setlocale(LC_ALL, "");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs("roster: the terminal interface needs a terminal; "
		    "see roster --help for the commands\n", stderr);
		return 2;
	}
	rc = ro_db_open(&db, db_path);
	if (rc < 0) {
		char msg[512];

		ui_sanitize(msg, sizeof msg, ro_error_last());
		/* Before the screen starts: the shell is where one is made. */
		fprintf(stderr, "roster: %s%s\n", msg, ro_error_next() ==
		    RO_NEXT_INIT ? ": run 'roster init --admin USERNAME' to "
		    "create one" : "");
		return rc;
	}
	memset(&app, 0, sizeof app);
	app.db = db;
	terminal_init(&app);
	ui_signals_init();
	/* The size before the first screen lays itself out. */
	getmaxyx(stdscr, app.lines, app.cols);
	app.too_small = app.lines < UI_MIN_LINES || app.cols < UI_MIN_COLS;
	ui_push(&app, signin_new(&app));
	ui_run(&app);
	while (app.depth > 0) {
		ui_screen *s = app.stack[--app.depth];

		s->ops->free(s);
	}
	free(app.stack);
	endwin();
	ro_session_free(app.session);
	ro_signin_free(app.signin);
	ro_db_close(db);
	/* As a shell reports a command ended by a signal. */
	return ui_signal_caught() ? 128 + ui_signal_caught() : 0;
}
