/* job.c — engine work that takes a while (hashing thousands of passwords,
 * exporting, uploading) behind a progress bar with cancel.
 *
 * The work runs once, from the screen's idle callback after the first
 * frame shows "Working…".  The engine calls our ro_progress_fn between
 * hashes: it redraws the stack (ui_render) and polls the keyboard without
 * blocking; c or Esc cancels, which the engine honours before its commit,
 * so nothing changes. */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <roster/error.h>

struct job {
	ui_screen base;
	char *title;
	char *what;
	job_fn fn;
	ui_screen *(*done)(job *j, int rc);
	void *data;
	void (*data_free)(void *data);
	size_t done_n, total;
	bool cancelled;
	bool running;
};

static void job_draw(ui_screen *s, WINDOW *w)
{
	job *j = (job *)s;
	int cols = s->app->cols;
	int y = s->app->lines / 2 - 3;
	int barw = cols - 20;
	char line[160];

	ui_text(w, y, 4, cols - 8, UI_HEAD, j->what);
	if (j->total > 0) {
		int fill = (int)((double)j->done_n / (double)j->total * barw);

		/* Blocks where the locale can show them, # and - elsewhere: the
		 * bar must read without colour. */
		bool utf8 = MB_CUR_MAX > 1;

		ui_set_role(w, UI_OK);
		for (int i = 0; i < barw; i++)
			mvwaddstr(w, y + 2, 4 + i, i < fill ? (utf8 ? "█" : "#") :
			    (utf8 ? "░" : "-"));
		wattr_set(w, A_NORMAL, 0, NULL);
		snprintf(line, sizeof line, "%3d%%", (int)(100.0 * (double)j->done_n /
		    (double)j->total));
		ui_text(w, y + 2, 4 + barw + 2, 6, UI_NORMAL, line);
		snprintf(line, sizeof line, "%zu of %zu done", j->done_n, j->total);
		ui_text(w, y + 3, 4, cols - 8, UI_NORMAL, line);
	} else if (j->done_n > 0) {
		/* Work of unknown length (reading a file): what is done. */
		snprintf(line, sizeof line, "Working… %zu rows read", j->done_n);
		ui_text(w, y + 2, 4, cols - 8, UI_NORMAL, line);
	} else {
		ui_text(w, y + 2, 4, cols - 8, UI_NORMAL,
		    j->running ? "Working…" : "Starting…");
	}
	/* Only work that reports progress can be cancelled. */
	if (j->total > 0 || j->done_n > 0)
		ui_text(w, y + 5, 4, cols - 8, j->cancelled ? UI_WARN : UI_DIM,
		    j->cancelled ? "Cancelling: nothing will be changed…" :
		    "Press c or Esc to cancel; nothing changes until the end.");
}

static int job_key(ui_screen *s, int ch)
{
	(void)s;
	(void)ch;
	/* Keys during the work arrive through the progress callback. */
	return UI_HANDLED;
}

static int progress(void *ctx, size_t done, size_t total)
{
	job *j = ctx;
	int ch;

	j->done_n = done;
	j->total = total;
	j->base.keyhelp = "c or Esc cancel";
	while ((ch = ui_poll_key(j->base.app)) >= 0)
		if (ch == 'c' || ch == 'C' || ch == UI_ESC)
			j->cancelled = true;
	/* Ctrl-C (SIGINT) cancels too; the loop then ends the program and
	 * restores the terminal. */
	if (ui_signal_caught())
		j->cancelled = true;
	ui_render(j->base.app);
	return j->cancelled;
}

static int job_idle(ui_screen *s)
{
	job *j = (job *)s;
	int rc;

	j->running = true;
	ui_render(s->app);
	rc = j->fn(j, progress, j);
	s->app->pending = j->done(j, rc);
	if (s->app->pending == NULL)
		return UI_POP;
	return UI_REPLACE;
}

static void job_free(ui_screen *s)
{
	job *j = (job *)s;

	if (j->data_free != NULL && j->data != NULL)
		j->data_free(j->data);
	free(j->title);
	free(j->what);
	free(j);
}

static const ui_screen_ops job_ops = {
	.name = "progress", .draw = job_draw, .key = job_key,
	.idle = job_idle, .free = job_free,
};

ui_screen *job_new(ui_app *app, const char *title, const char *what,
    job_fn fn, ui_screen *(*done)(job *j, int rc), void *data,
    void (*data_free)(void *data))
{
	job *j = calloc(1, sizeof *j);

	if (j == NULL) {
		if (data_free != NULL && data != NULL)
			data_free(data);
		return NULL;
	}
	j->base.ops = &job_ops;
	j->base.app = app;
	j->title = strdup(title);
	j->what = strdup(what);
	j->base.title = j->title;
	j->base.keyhelp = "Please wait…";
	j->fn = fn;
	j->done = done;
	j->data = data;
	j->data_free = data_free;
	return &j->base;
}

job *job_of(ui_screen *s)
{
	return s != NULL && s->ops == &job_ops ? (job *)s : NULL;
}

void *job_data(job *j)
{
	return j->data;
}

ui_app *job_app(job *j)
{
	return j->base.app;
}
