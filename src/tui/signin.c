/* signin.c — the Sign in screen: admin, staff and district accounts get a
 * session (district accounts pick a site); a portfolio signing in as
 * itself lands on My account. */
#include "screens.h"
#include "form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <roster/account.h>
#include <roster/error.h>
#include <roster/signin.h>

enum { F_USER, F_PASS, F_GO, F__N };
enum { ACT_SIGNIN = 1, TAG_SITE = TAG_OWN, TAG_QUIT };

typedef struct signin_screen {
	ui_screen base;
	fw_field f[F__N];
	form fm;
	char error[256];
	ro_named_list *sites;
	const char **site_names;
} signin_screen;

static const char help[] =
    "Sign in\n\n"
    "Site admins, staff and district admins sign in with their username "
    "and password and go to Home.  A district admin then picks the site "
    "to work on.\n\n"
    "Students (and anyone signing in as their own portfolio) go to My "
    "account, where they change their password.  A temporary password, or "
    "security questions that were reset, must be replaced first.\n\n"
    "Keys\n"
    "  Tab, Shift-Tab, ↑ ↓   move between fields\n"
    "  Enter                 next field; on the password: sign in\n"
    "  F1 (? off a field)    this help\n"
    "  Esc                   quit roster (after asking)\n";

static void signin_layout(ui_screen *s, int lines, int cols)
{
	signin_screen *si = (signin_screen *)s;

	si->fm.y = lines / 2 - 4;
	si->fm.x = (cols - 50) / 2;
}

static void signin_draw(ui_screen *s, WINDOW *w)
{
	signin_screen *si = (signin_screen *)s;

	ui_text(w, si->fm.y - 2, si->fm.x, 50, UI_HEAD,
	    "Sign in to roster");
	form_draw(&si->fm, w, s->app, true);
	if (si->error[0] != '\0') {
		/* Wrapped, never cut: a lock message says until when and
		 * who can help, at 80 columns too. */
		int width = s->app->cols - si->fm.x - 1;
		ui_lines ls = { 0 };
		ui_lines_wrap(&ls, si->error, width);
		for (size_t i = 0; i < ls.n && i < 4; i++)
			ui_text(w, si->fm.y + 6 + (int)i, si->fm.x, width,
			    UI_ERROR, ls.line[i]);
		ui_lines_free(&ls);
	}
}

static void sites_free(signin_screen *si)
{
	ro_named_list_free(si->sites);
	si->sites = NULL;
	free(si->site_names);
	si->site_names = NULL;
}

static void set_error(signin_screen *si, const char *msg)
{
	ui_sanitize(si->error, sizeof si->error, msg);
}

/* A district account chooses its site; others go straight home. */
static void signed_in(signin_screen *si)
{
	ui_app *app = si->base.app;

	if (ro_session_type(app->session) == RO_TYPE_DISTRICT &&
	    ro_site_list(&si->sites, app->session) == 0 && si->sites->n > 1) {
		si->site_names = calloc(si->sites->n, sizeof *si->site_names);
		if (si->site_names != NULL) {
			for (size_t i = 0; i < si->sites->n; i++)
				si->site_names[i] = si->sites->items[i].name;
			ui_screen *d = pick_new(app, "Choose a site",
			    si->site_names, si->sites->n, 0);
			if (d != NULL)
				d->tag = TAG_SITE;
			ui_push(app, d);
			return;
		}
	}
	sites_free(si);
	ui_push(app, home_new(app));
}

static void sign_in(signin_screen *si)
{
	ui_app *app = si->base.app;
	const char *user = si->f[F_USER].text;
	const char *pass = si->f[F_PASS].text;
	ro_session *sess = NULL;
	ro_signin *who = NULL;
	int rc;

	si->error[0] = '\0';
	if (user[0] == '\0') {
		set_error(si, "Type your username.");
		form_focus(&si->fm, F_USER);
		return;
	}
	/* Verify first, once: a wrong password then counts one failure
	 * towards the lockout, whoever the account is. */
	rc = ro_signin_verify(&who, app->db, user, pass);
	if (rc == 0 && !who->need_password && !who->need_answers) {
		rc = ro_session_from_signin(&sess, app->db, who, NULL);
		if (rc == 0) {
			ro_signin_free(who);
			form_wipe(&si->f[F_PASS]);
			app->session = sess;
			signed_in(si);
			return;
		}
		/* A student (or an account without a site to manage): its own
		 * account. */
		rc = 0;
	}
	if (rc == 0) {
		/* My account, through the forced screens when they apply. */
		app->signin = who;
		ui_push(app, account_new(app, pass));
		form_wipe(&si->f[F_PASS]);
		return;
	}
	set_error(si, ro_error_last());
	form_wipe(&si->f[F_PASS]);
	form_focus(&si->fm, F_PASS);
}

static int signin_key(ui_screen *s, int ch)
{
	signin_screen *si = (signin_screen *)s;
	int action = 0;
	int r;

	if (ch == UI_ESC) {
		static const char *const b[] = { "Quit", "Stay" };
		ui_screen *d = msg_new(s->app, "Quit", "Quit roster?", b, 2);

		if (d != NULL)
			d->tag = TAG_QUIT;
		ui_push(s->app, d);
		return UI_HANDLED;
	}
	if (ch == '\n' && si->fm.focus == F_PASS) {
		sign_in(si);
		return UI_HANDLED;
	}
	if (ch == K(KEY_MOUSE))
		r = form_mouse(&si->fm, &s->app->mouse, &action);
	else
		r = form_key(&si->fm, ch, &action);
	if (r == FORM_PRESSED && action == ACT_SIGNIN)
		sign_in(si);
	if (r == FORM_IGNORED && ch == '?')
		return UI_IGNORED;
	return UI_HANDLED;
}

static int signin_child_closed(ui_screen *s, ui_screen *child)
{
	signin_screen *si = (signin_screen *)s;
	ui_app *app = s->app;

	if (child->tag == TAG_SITE) {
		if (child->result < 0 || si->sites == NULL) {
			/* No site chosen: sign out again. */
			ro_session_free(app->session);
			app->session = NULL;
			sites_free(si);
			return UI_HANDLED;
		}
		int rc = ro_session_set_site(app->session,
		    si->sites->items[child->result].name);
		sites_free(si);
		if (rc < 0) {
			set_error(si, ro_error_last());
			ro_session_free(app->session);
			app->session = NULL;
			return UI_HANDLED;
		}
		ui_push(app, home_new(app));
		return UI_HANDLED;
	}
	if (child->tag == TAG_QUIT)
		return child->result == 0 ? UI_QUIT : UI_HANDLED;
	/* A dialog (the help) leaves the form as it was. */
	if (child->dialog)
		return UI_HANDLED;
	/* Back from Home or My account: signed out; a clean screen for
	 * whoever comes next. */
	si->error[0] = '\0';
	form_wipe(&si->f[F_USER]);
	si->f[F_USER].text[0] = '\0';
	form_wipe(&si->f[F_PASS]);
	form_focus(&si->fm, F_USER);
	return UI_HANDLED;
}

static void signin_free(ui_screen *s)
{
	signin_screen *si = (signin_screen *)s;

	form_wipe(&si->f[F_PASS]);
	sites_free(si);
	free(si);
}

static const ui_screen_ops signin_ops = {
	.name = "signin", .layout = signin_layout, .draw = signin_draw,
	.key = signin_key, .child_closed = signin_child_closed,
	.free = signin_free,
};

ui_screen *signin_new(ui_app *app)
{
	signin_screen *si = calloc(1, sizeof *si);

	if (si == NULL)
		return NULL;
	si->base.ops = &signin_ops;
	si->base.app = app;
	si->base.title = "Sign in";
	si->base.keyhelp = "Tab next field  Enter sign in  F1 help  Esc quit";
	si->base.help = help;
	si->f[F_USER] = (fw_field){ .kind = FW_TEXT, .label = "Username",
	    .row = 0, .label_w = 10, .width = 36 };
	si->f[F_PASS] = (fw_field){ .kind = FW_TEXT, .label = "Password",
	    .row = 2, .label_w = 10, .width = 36, .mask = true };
	si->f[F_GO] = (fw_field){ .kind = FW_BUTTON, .label = "Sign in",
	    .row = 4, .col = 10, .action = ACT_SIGNIN };
	form_init(&si->fm, si->f, F__N, 0, 0);
	return &si->base;
}
