/* account.c — My account, for a portfolio signed in as itself: first the
 * forced screens (a temporary password must be replaced; security
 * questions that were reset must be answered), then change password and
 * sign out.  Leaving signs out. */
#include "screens.h"
#include "form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <roster/error.h>
#include <roster/rules.h>
#include <roster/signin.h>

typedef enum stage { ST_PASSWORD, ST_ANSWERS, ST_HOME, ST_CHANGE } stage;

enum {
	L_INTRO, T_OLD, T_NEW, T_AGAIN, L_RULES, T_A1, T_A2, T_A3, B_OK,
	B_CHANGE, B_OUT, F__N
};
enum { ACT_OK = 1, ACT_CHANGE, ACT_OUT };

typedef struct account {
	ui_screen base;
	stage st;
	char password[FW_TEXT_MAX];  /* the sign-in password, for the change */
	char intro[512];
	char error[256];
	fw_field f[F__N];
	form fm;
} account;

static const char help[] =
    "My account\n\n"
    "A temporary password (set by your school with Reset Passwords) must "
    "be replaced by one of your own before you go on: 8 characters or "
    "more, with an uppercase letter, a lowercase letter and a digit, and "
    "not the temporary one.\n\n"
    "When your school reset your security questions, answer them again: "
    "they help you get back in if you forget your password.\n\n"
    "Keys: Tab and ↑ ↓ move, Enter next field or press, Esc sign out.\n";

static void stage_set(account *a, stage st)
{
	const ro_signin *si = a->base.app->signin;
	size_t nq = 0;
	const char *const *q = ro_signin_questions(&nq);

	a->st = st;
	a->error[0] = '\0';
	for (int i = 0; i < F__N; i++) {
		a->f[i].hidden = true;
		if (a->f[i].kind == FW_TEXT)
			form_wipe(&a->f[i]);
	}
	a->f[L_INTRO].hidden = false;
	switch (st) {
	case ST_PASSWORD:
	case ST_CHANGE:
		snprintf(a->intro, sizeof a->intro, st == ST_PASSWORD ?
		    "%s, your password is temporary: choose a new one." :
		    "%s, choose a new password.", si->first ? si->first : "");
		a->f[T_OLD].hidden = st == ST_PASSWORD;
		a->f[T_NEW].hidden = a->f[T_AGAIN].hidden = false;
		a->f[L_RULES].hidden = false;
		a->f[B_OK].hidden = false;
		a->f[B_OK].label = "Change password";
		break;
	case ST_ANSWERS:
		snprintf(a->intro, sizeof a->intro, "%s, your security questions "
		    "were reset: answer them again.", si->first ? si->first : "");
		for (size_t i = 0; i < 3; i++) {
			a->f[T_A1 + i].hidden = i >= nq;
			a->f[T_A1 + i].label = i < nq ? q[i] : "";
		}
		a->f[B_OK].hidden = false;
		a->f[B_OK].label = "Save answers";
		break;
	case ST_HOME:
		snprintf(a->intro, sizeof a->intro, "Signed in as %s %s (%s).",
		    si->first ? si->first : "", si->last ? si->last : "",
		    si->username ? si->username : "");
		a->f[B_CHANGE].hidden = a->f[B_OUT].hidden = false;
		break;
	}
	form_init(&a->fm, a->f, F__N, a->fm.y, a->fm.x);
	a->base.title = st == ST_HOME ? "My account" : st == ST_ANSWERS ?
	    "Security questions" : "Change password";
}

static void next_stage(account *a)
{
	const ro_signin *si = a->base.app->signin;

	if (si->need_password)
		stage_set(a, ST_PASSWORD);
	else if (si->need_answers)
		stage_set(a, ST_ANSWERS);
	else
		stage_set(a, ST_HOME);
}

static void acc_layout(ui_screen *s, int lines, int cols)
{
	account *a = (account *)s;

	(void)lines;
	a->fm.y = 2;
	a->fm.x = cols > 100 ? (cols - 80) / 2 : 3;
	for (int i = T_A1; i <= T_A3; i++)
		a->f[i].width = cols - a->fm.x - 4;
}

static void acc_draw(ui_screen *s, WINDOW *w)
{
	account *a = (account *)s;

	if (!a->f[L_RULES].hidden) {
		const char *msg;
		ui_role role = form_password_feedback(a->f[T_NEW].text,
		    a->f[T_AGAIN].text, &msg);

		ui_text(w, a->fm.y + a->f[L_RULES].row, a->fm.x + 2,
		    s->app->cols - a->fm.x - 3, role, msg);
	}
	if (a->st == ST_ANSWERS) {
		for (int i = T_A1; i <= T_A3; i++)
			if (!a->f[i].hidden)
				ui_text(w, a->fm.y + a->f[i].row - 1, a->fm.x,
				    s->app->cols - a->fm.x - 1, UI_NORMAL, a->f[i].label);
	}
	form_draw(&a->fm, w, s->app, true);
	if (a->error[0] != '\0')
		ui_text(w, a->fm.y + 14, a->fm.x, s->app->cols - a->fm.x - 1,
		    UI_ERROR, a->error);
}

static void submit(account *a)
{
	ui_app *app = a->base.app;
	int rc;

	a->error[0] = '\0';
	if (a->st == ST_PASSWORD || a->st == ST_CHANGE) {
		const char *old = a->st == ST_PASSWORD ? a->password :
		    a->f[T_OLD].text;

		if (strcmp(a->f[T_NEW].text, a->f[T_AGAIN].text) != 0) {
			snprintf(a->error, sizeof a->error,
			    "The two passwords differ: type the same one twice.");
			form_wipe(&a->f[T_AGAIN]);
			form_focus(&a->fm, T_AGAIN);
			return;
		}
		rc = ro_signin_change_password(app->signin, app->db, old,
		    a->f[T_NEW].text);
		if (rc < 0) {
			/* Start the new password over. */
			ui_sanitize(a->error, sizeof a->error, ro_error_last());
			form_wipe(&a->f[T_NEW]);
			form_wipe(&a->f[T_AGAIN]);
			form_focus(&a->fm, T_NEW);
			return;
		}
		snprintf(a->password, sizeof a->password, "%s", a->f[T_NEW].text);
		app->signin->need_password = false;
		next_stage(a);
		ui_notice(app, UI_OK, "Your password was changed.");
	} else if (a->st == ST_ANSWERS) {
		const char *answers[3];

		for (int i = 0; i < 3; i++)
			answers[i] = a->f[T_A1 + i].text;
		rc = ro_signin_set_answers(app->signin, app->db, answers);
		if (rc < 0) {
			ui_sanitize(a->error, sizeof a->error, ro_error_last());
			return;
		}
		app->signin->need_answers = false;
		next_stage(a);
		ui_notice(app, UI_OK, "Your answers were saved.");
	}
}

static int acc_key(ui_screen *s, int ch)
{
	account *a = (account *)s;
	int action = 0, r;

	if (ch == UI_ESC)
		return a->st == ST_CHANGE ? (stage_set(a, ST_HOME), UI_HANDLED) :
		    UI_POP;
	if (ch == K(KEY_MOUSE))
		r = form_mouse(&a->fm, &s->app->mouse, &action);
	else
		r = form_key(&a->fm, ch, &action);
	/* Off a text field `?` is help (the loop's); other keys that the
	 * form ignores must not leave a forced stage (q would sign out). */
	if (r == FORM_IGNORED)
		return a->st == ST_HOME || ch == '?' ? UI_IGNORED : UI_HANDLED;
	if (r == FORM_PRESSED) {
		switch (action) {
		case ACT_OK:
			submit(a);
			break;
		case ACT_CHANGE:
			stage_set(a, ST_CHANGE);
			break;
		case ACT_OUT:
			return UI_POP;
		}
	}
	return UI_HANDLED;
}

static void acc_free(ui_screen *s)
{
	account *a = (account *)s;

	for (int i = 0; i < F__N; i++)
		if (a->f[i].kind == FW_TEXT)
			form_wipe(&a->f[i]);
	explicit_bzero(a->password, sizeof a->password);
	ro_signin_free(s->app->signin);
	s->app->signin = NULL;
	free(a);
}

static const ui_screen_ops acc_ops = {
	.name = "account", .layout = acc_layout, .draw = acc_draw,
	.key = acc_key, .free = acc_free,
};

ui_screen *account_new(ui_app *app, const char *password)
{
	account *a = calloc(1, sizeof *a);
	fw_field *f;

	if (a == NULL)
		return NULL;
	f = a->f;
	a->base.ops = &acc_ops;
	a->base.app = app;
	a->base.keyhelp = "Tab/↑↓ move  Enter next/press  F1 help  Esc sign out";
	a->base.help = help;
	snprintf(a->password, sizeof a->password, "%s", password);
	f[L_INTRO] = (fw_field){ .kind = FW_LABEL, .label = a->intro,
	    .role = UI_HEAD };
	f[T_OLD] = (fw_field){ .kind = FW_TEXT, .mask = true, .row = 2,
	    .label = "Current password", .label_w = 18, .width = 30 };
	f[T_NEW] = (fw_field){ .kind = FW_TEXT, .mask = true, .row = 4,
	    .label = "New password", .label_w = 18, .width = 30 };
	f[T_AGAIN] = (fw_field){ .kind = FW_TEXT, .mask = true, .row = 5,
	    .label = "Again", .label_w = 18, .width = 30 };
	f[L_RULES] = (fw_field){ .kind = FW_LABEL, .row = 6, .label = "" };
	for (int i = 0; i < 3; i++)
		f[T_A1 + i] = (fw_field){ .kind = FW_TEXT, .row = 2 + 3 * i,
		    .label = "", .label_w = 0, .width = 50 };
	f[B_OK] = (fw_field){ .kind = FW_BUTTON, .row = 12, .action = ACT_OK,
	    .label = "OK" };
	f[B_CHANGE] = (fw_field){ .kind = FW_BUTTON, .row = 2,
	    .action = ACT_CHANGE, .label = "Change password" };
	f[B_OUT] = (fw_field){ .kind = FW_BUTTON, .row = 4, .action = ACT_OUT,
	    .label = "Sign out" };
	next_stage(a);
	return &a->base;
}
