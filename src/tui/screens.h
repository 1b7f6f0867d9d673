/* screens.h — the constructors of every screen and dialog.  Each returns
 * a screen to ui_push (NULL when out of memory; ui_push reports it). */
#ifndef ROSTER_TUI_SCREENS_H
#define ROSTER_TUI_SCREENS_H

#include "ui.h"

#include <roster/plan.h>
#include <roster/portfolio.h>
#include <roster/task.h>

/* A dialog's tag says what its parent asked it for: pick_field_open uses
 * TAG_PICK + the field's index; a screen's own dialogs use TAG_OWN and up;
 * 0 (a screen pushed without a tag) is neither. */
#define TAG_PICK 500
#define TAG_OWN 1000

/* dialog.c — result: the button index, -1 for Esc.  text may hold \n. */
ui_screen *msg_new(ui_app *app, const char *title, const char *text,
    const char *const *buttons, size_t nbuttons);
/* An error or notice with one [ OK ]. */
ui_screen *msg_ok(ui_app *app, const char *title, const char *text);
/* A scrollable text (the full help `?`, a row's detail). */
ui_screen *help_new(ui_app *app, const char *title, const char *text);
/* A pick list: result is the index chosen, -1 for Esc. */
ui_screen *pick_new(ui_app *app, const char *title,
    const char *const *options, size_t n, size_t sel);
/* The pick list of fm's focused pick field, pushed for a screen whose form
 * said FORM_PICK (tag: TAG_PICK + the field's index); the screen's
 * child_closed applies the answer with pick_field_closed (true when child
 * was one of them). */
struct form;
void pick_field_open(ui_app *app, struct form *fm);
bool pick_field_closed(struct form *fm, ui_screen *child);
/* A one-field question: result 1 for OK (ask_text), -1 for Esc. */
ui_screen *ask_new(ui_app *app, const char *title, const char *prompt,
    bool mask);
const char *ask_text(ui_screen *s);
/* Puts text in the question's field (to ask again after an error). */
void ask_set_text(ui_screen *s, const char *text);

/* signin.c */
ui_screen *signin_new(ui_app *app);
/* home.c */
ui_screen *home_new(ui_app *app);
/* account.c — a portfolio signed in as itself (app->signin). */
ui_screen *account_new(ui_app *app, const char *password);
/* search.c — the search-mode form of Manage Active/Inactive Portfolios. */
ui_screen *search_new(ui_app *app, bool inactive);
/* plist.c — the generated list: takes its own copy of sel's mode/arg. */
ui_screen *plist_new(ui_app *app, const ro_selection *sel,
    const char *describe);
/* task.c — the task's form for the selection (copied). */
ui_screen *task_new(ui_app *app, ro_task_kind kind, const ro_selection *sel,
    size_t count);
/* job.c — runs engine work with a progress bar, then shows its result. */
typedef struct job job;
typedef int (*job_fn)(job *j, ro_progress_fn progress, void *ctx);
/* fn runs after the first frame; its return and the job's data go to
 * done(), which replaces the progress screen with the next one. */
ui_screen *job_new(ui_app *app, const char *title, const char *what,
    job_fn fn, ui_screen *(*done)(job *j, int rc), void *data,
    void (*data_free)(void *data));
void *job_data(job *j);
ui_app *job_app(job *j);
/* The job behind a closed screen (child_closed), else NULL; a job whose
 * done() returned NULL pops and reaches its parent this way. */
job *job_of(ui_screen *s);
/* result.c — a task's result: counts, skipped portfolios and why. */
ui_screen *result_new(ui_app *app, const char *title, const char *summary,
    ro_task_result *r);
/* upload.c — Create and Update Portfolios, and the trial-run / upload
 * work that it and the diff screen start. */
ui_screen *upload_new(ui_app *app);
typedef struct upload_run {
	char *path;
	bool trial;
	char expect[17];         /* the trial run's fingerprint, "" for none */
	long confirm;            /* the typed count of the hold, -1 none */
	bool in_place;           /* the pusher shows the plan itself */
	ro_plan *plan;           /* out, the caller's to take */
	int rc;
} upload_run;
/* Pushes the job.  A trial run that reads the file replaces itself with
 * the diff screen (unless in_place: the diff screen re-running); an upload that lands, with its result (tag
 * TAG_UPLOADED).  Otherwise the job pops and the pusher's child_closed
 * finds it with upload_run_of() (rc, and the plan when there is one). */
void upload_start(ui_app *app, const char *path, bool trial,
    bool in_place, const char *expect, long confirm);
upload_run *upload_run_of(ui_screen *child);
/* Explains a failed trial run / upload (unreadable file, not CSV/XLSX,
 * busy) in a dialog. */
void upload_explain(ui_app *app, int rc, const char *path);
/* One wording for both screens after an upload that did not land: the
 * notice over the new plan (RO_EROWS, RO_ECONFLICT; "" otherwise), and
 * the blast-radius hold's prompt from the plan's counts (again: a count
 * was typed and was not the count): push it with ui_ask and the
 * screen's own answer. */
const char *upload_notice(int rc);
ui_screen *upload_hold_ask(ui_app *app, const ro_plan *p, bool again);
#define TAG_UPLOADED 900
/* browse.c — the directory browser: result 1 and browse_path() chosen. */
ui_screen *browse_new(ui_app *app, const char *start);
const char *browse_path(ui_screen *s);
/* plan.c — the trial-run diff screen; takes ownership of plan. */
ui_screen *plan_new(ui_app *app, ro_plan *plan, const char *notice);
/* plan_row.c — one plan row on that screen: its list line, its whole
 * text (codes, warnings, changes; sanitised), and the pane under the list
 * that shows the text wrapped into h lines at y. */
int plan_row_num_width(const ro_plan *p);
void plan_row_line(const ro_plan_row *r, int numw, ui_line *l);
void plan_row_text(const ro_plan_row *r, char *text, size_t n);
void plan_row_pane(const ro_plan_row *r, bool oneroster, WINDOW *w, int y,
    int h, int cols);
/* codes.c, audit.c, groups.c */
ui_screen *codes_new(ui_app *app);
ui_screen *audit_new(ui_app *app);
ui_screen *groups_new(ui_app *app);
/* batches.c — the site's batches, newest first, with Undo. */
ui_screen *batches_new(ui_app *app);
ui_screen *yearend_new(ui_app *app);

#endif
