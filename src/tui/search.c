/* search.c — the search-mode form of Manage Active (Inactive) Portfolios:
 * Last Name begins with, Group, Graduation Year, All Users in Site, then
 * Generate New List. */
#include "screens.h"
#include "form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <roster/account.h>
#include <roster/error.h>

enum {
	F_HEAD, R_LAST, T_LAST, R_GROUP, P_GROUP, R_YEAR, P_YEAR, R_ALL, B_GEN,
	F_ERR, F__N
};
enum { ACT_GEN = 1 };

typedef struct search {
	ui_screen base;
	bool inactive;
	char title[64];
	fw_field f[F__N];
	form fm;
	ro_named_list *groups;
	const char **group_names;
	int *years;
	size_t nyears;
	char (*year_text)[8];
	const char **year_names;
	char error[256];
} search;

static const char help[] =
    "Search mode\n\n"
    "Choose how the list is generated, then Generate New List:\n"
    "  Last Name begins with: the letters the last names start with "
    "(any case); empty lists everyone.\n"
    "  Group: the portfolios of one group (class, homeroom).\n"
    "  Graduation Year: the students graduating that year.\n"
    "  All Users in Site: every portfolio of the site.\n\n"
    "Keys\n"
    "  Tab, Shift-Tab, ↑ ↓   move between fields\n"
    "  Space                  choose a mode; open a pick list\n"
    "  ← →                    previous / next entry of a pick list\n"
    "  Enter                  Generate New List (from the name field too)\n"
    "  Esc                    back to Home\n";

static void search_layout(ui_screen *s, int lines, int cols)
{
	search *se = (search *)s;

	(void)lines;
	se->fm.y = 2;
	se->fm.x = cols > 100 ? (cols - 80) / 2 : 3;
}

static void search_draw(ui_screen *s, WINDOW *w)
{
	search *se = (search *)s;

	form_draw(&se->fm, w, s->app, true);
	if (se->error[0] != '\0')
		ui_text(w, se->fm.y + 12, se->fm.x, s->app->cols - se->fm.x - 1,
		    UI_ERROR, se->error);
}

static void generate(search *se)
{
	ui_app *app = se->base.app;
	ro_selection sel = { .inactive = se->inactive };
	char describe[700];
	int rc;

	se->error[0] = '\0';
	if (se->f[R_LAST].on) {
		sel.mode = RO_MODE_LAST_NAME;
		sel.arg = se->f[T_LAST].text;
		if (sel.arg[0] == '\0')
			snprintf(describe, sizeof describe, "%s anything",
			    ro_mode_label(sel.mode));
		else
			snprintf(describe, sizeof describe, "%s \"%s\"",
			    ro_mode_label(sel.mode), sel.arg);
	} else if (se->f[R_GROUP].on) {
		if (se->groups == NULL || se->groups->n == 0) {
			snprintf(se->error, sizeof se->error,
			    "The site has no groups yet (Home → Groups).");
			return;
		}
		sel.mode = RO_MODE_GROUP;
		sel.arg = se->group_names[se->f[P_GROUP].sel];
		snprintf(describe, sizeof describe, "%s \"%s\"",
		    ro_mode_label(sel.mode), sel.arg);
	} else if (se->f[R_YEAR].on) {
		if (se->nyears == 0) {
			snprintf(se->error, sizeof se->error,
			    "No portfolio has a graduation year yet.");
			return;
		}
		sel.mode = RO_MODE_GRAD_YEAR;
		sel.arg = se->year_names[se->f[P_YEAR].sel];
		snprintf(describe, sizeof describe, "%s %s",
		    ro_mode_label(sel.mode), sel.arg);
	} else {
		sel.mode = RO_MODE_ALL;
		snprintf(describe, sizeof describe, "%s", ro_mode_label(sel.mode));
	}
	rc = ro_selection_check(app->session, &sel);
	if (rc < 0) {
		ui_sanitize(se->error, sizeof se->error, ro_error_last());
		return;
	}
	ui_push(app, plist_new(app, &sel, describe));
}

/* Typing into a mode's field, or picking from it, chooses that mode. */
static void follow_mode(search *se)
{
	static const int pair[][2] = {
		{ T_LAST, R_LAST }, { P_GROUP, R_GROUP }, { P_YEAR, R_YEAR },
	};

	for (size_t i = 0; i < 3; i++)
		if (se->fm.focus == (size_t)pair[i][0]) {
			for (int r = R_LAST; r <= R_ALL; r++)
				if (se->f[r].kind == FW_RADIO)
					se->f[r].on = false;
			se->f[pair[i][1]].on = true;
		}
}

static int search_key(ui_screen *s, int ch)
{
	search *se = (search *)s;
	int action = 0;
	int r;

	if (ch == '\n' && se->fm.focus == T_LAST) {
		follow_mode(se);
		generate(se);
		return UI_HANDLED;
	}
	if (ch == K(KEY_MOUSE))
		r = form_mouse(&se->fm, &s->app->mouse, &action);
	else
		r = form_key(&se->fm, ch, &action);
	switch (r) {
	case FORM_IGNORED:
		return UI_IGNORED;
	case FORM_PICK:
		follow_mode(se);
		pick_field_open(s->app, &se->fm);
		break;
	case FORM_CHANGED:
		follow_mode(se);
		break;
	case FORM_PRESSED:
		if (action == ACT_GEN)
			generate(se);
		break;
	default:
		break;
	}
	return UI_HANDLED;
}

static int search_child_closed(ui_screen *s, ui_screen *child)
{
	search *se = (search *)s;

	if (pick_field_closed(&se->fm, child))
		follow_mode(se);
	return UI_HANDLED;
}

static void search_free(ui_screen *s)
{
	search *se = (search *)s;

	ro_named_list_free(se->groups);
	free(se->group_names);
	free(se->years);
	free(se->year_text);
	free(se->year_names);
	free(se);
}

static const ui_screen_ops search_ops = {
	.name = "search", .layout = search_layout, .draw = search_draw,
	.key = search_key, .child_closed = search_child_closed,
	.free = search_free,
};

static void load_choices(search *se)
{
	ui_app *app = se->base.app;

	if (ro_group_list(&se->groups, app->session) == 0 &&
	    se->groups->n > 0) {
		se->group_names = calloc(se->groups->n, sizeof *se->group_names);
		for (size_t i = 0; se->group_names && i < se->groups->n; i++)
			se->group_names[i] = se->groups->items[i].name;
	}
	if (ro_grad_year_list(&se->years, &se->nyears, app->session) == 0 &&
	    se->nyears > 0) {
		se->year_text = calloc(se->nyears, sizeof *se->year_text);
		se->year_names = calloc(se->nyears, sizeof *se->year_names);
		if (se->year_text == NULL || se->year_names == NULL) {
			se->nyears = 0;
			return;
		}
		for (size_t i = 0; i < se->nyears; i++) {
			snprintf(se->year_text[i], sizeof se->year_text[i], "%d",
			    se->years[i]);
			se->year_names[i] = se->year_text[i];
		}
	}
}

ui_screen *search_new(ui_app *app, bool inactive)
{
	search *se = calloc(1, sizeof *se);
	static const char *const none_g[] = { "(no groups)" };
	static const char *const none_y[] = { "(no years)" };

	if (se == NULL)
		return NULL;
	se->base.ops = &search_ops;
	se->base.app = app;
	se->inactive = inactive;
	snprintf(se->title, sizeof se->title, "%s",
	    inactive ? "Manage Inactive Portfolios" : "Manage Active Portfolios");
	se->base.title = se->title;
	se->base.keyhelp = "Tab/↑↓ move  Space choose  Enter Generate New List"
	    "  F1 help  Esc back";
	se->base.help = help;
	load_choices(se);
	se->f[F_HEAD] = (fw_field){ .kind = FW_LABEL, .label = "Search Mode",
	    .role = UI_HEAD };
	se->f[R_LAST] = (fw_field){ .kind = FW_RADIO, .row = 2, .on = true,
	    .label = ro_mode_label(RO_MODE_LAST_NAME), .group = 1 };
	se->f[T_LAST] = (fw_field){ .kind = FW_TEXT, .label = "", .row = 2,
	    .col = 30, .width = 24 };
	se->f[R_GROUP] = (fw_field){ .kind = FW_RADIO, .row = 4,
	    .label = ro_mode_label(RO_MODE_GROUP), .group = 1 };
	se->f[P_GROUP] = (fw_field){ .kind = FW_PICK, .label = "", .row = 4,
	    .col = 30, .width = 26,
	    .options = se->group_names ? se->group_names : none_g,
	    .nopt = se->group_names ? se->groups->n : 1 };
	se->f[R_YEAR] = (fw_field){ .kind = FW_RADIO, .row = 6,
	    .label = ro_mode_label(RO_MODE_GRAD_YEAR), .group = 1 };
	se->f[P_YEAR] = (fw_field){ .kind = FW_PICK, .label = "", .row = 6,
	    .col = 30, .width = 12,
	    .options = se->nyears ? se->year_names : none_y,
	    .nopt = se->nyears ? se->nyears : 1 };
	se->f[R_ALL] = (fw_field){ .kind = FW_RADIO, .row = 8,
	    .label = ro_mode_label(RO_MODE_ALL), .group = 1 };
	se->f[B_GEN] = (fw_field){ .kind = FW_BUTTON, .row = 10,
	    .label = "Generate New List", .action = ACT_GEN };
	se->f[F_ERR] = (fw_field){ .kind = FW_LABEL, .label = "", .hidden = true };
	form_init(&se->fm, se->f, F__N, 0, 0);
	form_focus(&se->fm, T_LAST);
	return &se->base;
}
