/* home.c — Home: Portfolios & Groups (Manage Active Portfolios, Manage
 * Inactive Portfolios, Create and Update Portfolios, Groups), Status
 * Codes, Audit log, and Sign out.  Leaving Home signs out. */
#include "screens.h"
#include "form.h"

#include <stdlib.h>
#include <string.h>

#include <roster/account.h>
#include <roster/error.h>

enum {
	ACT_ACTIVE = 1, ACT_INACTIVE, ACT_UPLOAD, ACT_GROUPS, ACT_CODES,
	ACT_AUDIT, ACT_BATCHES, ACT_SITE, ACT_SIGNOUT, ACT_YEAREND
};
enum { TAG_SITE = TAG_OWN, TAG_SIGNOUT };

static const struct {
	int action;
	const char *label;
	const char *about;
	int row;
} items[] = {
	{ ACT_ACTIVE, "Manage Active Portfolios",
	  "Search, tick portfolios, run a task: reset passwords, export…", 2 },
	{ ACT_INACTIVE, "Manage Inactive Portfolios",
	  "The deactivated portfolios: reactivate them, export them.", 3 },
	{ ACT_UPLOAD, "Create and Update Portfolios",
	  "Trial run and upload an Export for Upload file (CSV or XLSX).", 4 },
	{ ACT_GROUPS, "Groups", "The site's groups; add a group.", 5 },
	{ ACT_CODES, "Status Codes", "What each trial-run status code means.", 7 },
	{ ACT_AUDIT, "Audit log", "Who changed what, and when.", 8 },
	{ ACT_BATCHES, "Batches",
	  "Every reset, task and upload, newest first: undo one.", 9 },
	{ ACT_SITE, "Switch site", "District admins: work on another site.", 11 },
	{ ACT_SIGNOUT, "Sign out", "Back to the Sign in screen.", 12 },
	{ ACT_YEAREND, "Year-End Turnover",
	  "Site admins: deactivate the graduating class, move the others (y).",
	  10 },
};
#define NITEMS (sizeof items / sizeof items[0])

typedef struct home {
	ui_screen base;
	fw_field f[NITEMS + 2];
	form fm;
	ro_named_list *sites;
	const char **site_names;
} home;

static const char help[] =
    "Home\n\n"
    "Portfolios & Groups\n"
    "  Manage Active Portfolios: choose a search mode (Last Name begins "
    "with, Group, Graduation Year, All Users in Site), Generate New List, "
    "tick portfolios and Execute Task.\n"
    "  Manage Inactive Portfolios: the same for deactivated portfolios.\n"
    "  Create and Update Portfolios: Choose File, Trial run, Upload "
    "Portfolios.\n"
    "  Groups: the site's groups.\n"
    "Status Codes: the meaning of every trial-run status.\n"
    "Audit log: every change, who made it and when.\n"
    "Batches: every reset, task and upload, newest first; Undo one (it "
    "shows what it would restore first).\n\n"
    "Keys\n"
    "  ↑ ↓ Tab   move          Enter   open\n"
    "  1-9, y    open item N, y the Year-End Turnover;  q/Esc  sign out\n";

static void home_layout(ui_screen *s, int lines, int cols)
{
	home *h = (home *)s;

	(void)lines;
	h->fm.y = 2;
	h->fm.x = cols > 100 ? (cols - 80) / 2 : 4;
}

static void home_draw(ui_screen *s, WINDOW *w)
{
	home *h = (home *)s;
	fw_field *f = form_focused(&h->fm);

	form_draw(&h->fm, w, s->app, true);
	for (size_t i = 0; i < NITEMS; i++) {
		/* Items past the ninth have a letter key instead. */
		char num[4] = { i < 9 ? (char)('1' + i) : 'y', '\0' };

		if (!h->f[i + 2].hidden)
			ui_text(w, h->fm.y + items[i].row, h->fm.x, 1, UI_DIM, num);
		if (f == &h->f[i + 2])
			ui_text(w, h->fm.y + 15, h->fm.x, s->app->cols - h->fm.x - 1,
			    UI_DIM, items[i].about);
	}
}

static void open_sites(home *h)
{
	ui_app *app = h->base.app;

	ro_named_list_free(h->sites);
	h->sites = NULL;
	free(h->site_names);
	h->site_names = NULL;
	if (ro_site_list(&h->sites, app->session) < 0) {
		ui_push(app, msg_ok(app, "Switch site",
		    ui_sane(ro_error_last())));
		return;
	}
	h->site_names = calloc(h->sites->n + 1, sizeof *h->site_names);
	if (h->site_names == NULL)
		return;
	for (size_t i = 0; i < h->sites->n; i++)
		h->site_names[i] = h->sites->items[i].name;
	ui_screen *d = pick_new(app, "Choose a site", h->site_names,
	    h->sites->n, 0);
	if (d != NULL)
		d->tag = TAG_SITE;
	ui_push(app, d);
}

static int home_act(home *h, int action)
{
	ui_app *app = h->base.app;

	switch (action) {
	case ACT_ACTIVE:
		ui_push(app, search_new(app, false));
		break;
	case ACT_INACTIVE:
		ui_push(app, search_new(app, true));
		break;
	case ACT_UPLOAD:
		ui_push(app, upload_new(app));
		break;
	case ACT_GROUPS:
		ui_push(app, groups_new(app));
		break;
	case ACT_CODES:
		ui_push(app, codes_new(app));
		break;
	case ACT_AUDIT:
		ui_push(app, audit_new(app));
		break;
	case ACT_BATCHES:
		ui_push(app, batches_new(app));
		break;
	case ACT_SITE:
		open_sites(h);
		break;
	case ACT_SIGNOUT:
		return UI_POP;
	case ACT_YEAREND:
		ui_push(app, yearend_new(app));
		break;
	}
	return UI_HANDLED;
}

static int home_key(ui_screen *s, int ch)
{
	home *h = (home *)s;
	int action = 0;
	int r;

	/* A few Esc presses in a row must not sign out by accident. */
	if (ch == UI_ESC || ch == 'q') {
		static const char *const b[] = { "Sign out", "Stay" };
		ui_screen *d = msg_new(s->app, "Sign out", "Sign out of roster?",
		    b, 2);

		if (d != NULL)
			d->tag = TAG_SIGNOUT;
		ui_push(s->app, d);
		return UI_HANDLED;
	}
	if ((ch >= '1' && ch <= '9') || ch == 'y') {
		size_t i = ch == 'y' ? 9 : (size_t)(ch - '1');

		if (i < NITEMS && !h->f[i + 2].hidden)
			return home_act(h, items[i].action);
		return UI_HANDLED;
	}
	if (ch == K(KEY_MOUSE))
		r = form_mouse(&h->fm, &s->app->mouse, &action);
	else
		r = form_key(&h->fm, ch, &action);
	if (r == FORM_PRESSED)
		return home_act(h, action);
	return r == FORM_IGNORED ? UI_IGNORED : UI_HANDLED;
}

static int home_child_closed(ui_screen *s, ui_screen *child)
{
	home *h = (home *)s;

	if (child->tag == TAG_SIGNOUT)
		return child->result == 0 ? UI_POP : UI_HANDLED;
	if (child->tag == TAG_SITE && child->result >= 0 && h->sites != NULL) {
		if (ro_session_set_site(s->app->session,
		    h->sites->items[child->result].name) < 0)
			ui_notice(s->app, UI_ERROR, "%s", ro_error_last());
		else
			ui_notice(s->app, UI_OK, "Now working on %s",
			    ro_session_site_name(s->app->session));
	}
	return UI_HANDLED;
}

static void home_free(ui_screen *s)
{
	home *h = (home *)s;

	/* Leaving Home is signing out (and the next user starts afresh). */
	s->app->last_task = 0;
	ro_session_free(s->app->session);
	s->app->session = NULL;
	ro_named_list_free(h->sites);
	free(h->site_names);
	free(h);
}

static const ui_screen_ops home_ops = {
	.name = "home", .layout = home_layout, .draw = home_draw,
	.key = home_key, .child_closed = home_child_closed, .free = home_free,
};

ui_screen *home_new(ui_app *app)
{
	home *h = calloc(1, sizeof *h);

	if (h == NULL)
		return NULL;
	h->base.ops = &home_ops;
	h->base.app = app;
	h->base.title = "Home";
	h->base.keyhelp = "↑↓ move  Enter open  1-9 item  ? help  q sign out";
	h->base.help = help;
	h->f[0] = (fw_field){ .kind = FW_LABEL, .label = "Portfolios & Groups",
	    .row = 0, .role = UI_HEAD };
	h->f[1] = (fw_field){ .kind = FW_LABEL, .label = "", .row = 6,
	    .hidden = true };
	for (size_t i = 0; i < NITEMS; i++) {
		h->f[i + 2] = (fw_field){ .kind = FW_BUTTON,
		    .label = items[i].label, .row = items[i].row, .col = 2,
		    .action = items[i].action };
	}
	if (ro_session_type(app->session) != RO_TYPE_DISTRICT)
		h->f[2 + 7].hidden = true;
	if (ro_session_type(app->session) < RO_TYPE_ADMIN)
		h->f[2 + 9].hidden = true;
	form_init(&h->fm, h->f, NITEMS + 2, 0, 0);
	return &h->base;
}
