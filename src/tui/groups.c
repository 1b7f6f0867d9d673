/* groups.c — the Groups screen: the site's groups and how many portfolios
 * each holds; `+` adds a group. */
#include "screens.h"
#include "listw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <roster/account.h>
#include <roster/error.h>


typedef struct groups {
	ui_screen base;
	ro_named_list *g;
	listw list;
} groups;

static const char help[] =
    "Groups\n\n"
    "The groups (classes, homerooms) of the site.  Generate a list by "
    "Group from Manage Active Portfolios; move portfolios into a group "
    "with the Move to Group task, or with the Group column of an upload "
    "file (it must name one of these groups).\n\n"
    "Keys: ↑ ↓ move, + or a add a group, / find, Enter list the group's "
    "portfolios, q or Esc back.\n";

static size_t gr_count(void *ctx)
{
	groups *g = ctx;

	return g->g ? g->g->n : 0;
}

static int64_t gr_key(void *ctx, size_t i)
{
	return ((groups *)ctx)->g->items[i].id;
}

static void gr_render(void *ctx, size_t i, ui_line *l)
{
	const ro_named *n = &((groups *)ctx)->g->items[i];
	char count[32];

	snprintf(count, sizeof count, "%zu", n->count);
	ui_line_put(l, UI_NORMAL, n->name, 40, 42);
	ui_line_put(l, UI_NORMAL, count, -1, 0);
}

static void gr_header(void *ctx, ui_line *l)
{
	(void)ctx;
	ui_line_put(l, UI_HEAD, "Group", 40, 42);
	ui_line_put(l, UI_HEAD, "Portfolios", -1, 0);
}

static const char *gr_text(void *ctx, size_t i)
{
	return ((groups *)ctx)->g->items[i].name;
}

static int gr_seek(void *ctx, const char *prefix, size_t from, size_t *at)
{
	return lw_seek_linear(gr_count(ctx), gr_text, ctx, prefix, from, at);
}

static void load(groups *g)
{
	ro_named_list_free(g->g);
	g->g = NULL;
	if (ro_group_list(&g->g, g->base.app->session) < 0) {
		g->g = NULL;
		ui_notice(g->base.app, UI_ERROR, "%s", ro_error_last());
	}
	lw_reload(&g->list);
}

static void gr_layout(ui_screen *s, int lines, int cols)
{
	lw_layout(&((groups *)s)->list, 1, 1, lines - 2, cols - 2);
}

static void gr_draw(ui_screen *s, WINDOW *w)
{
	lw_draw(&((groups *)s)->list, w);
}

/* "Add a group" answered: added, or asked again with what was typed
 * and why not. */
static int add_answered(ui_screen *s, ui_screen *d)
{
	if (d->result == 1) {
		if (ro_group_add(s->app->session, ask_text(d)) < 0) {
			char prompt[512];
			ui_screen *again;

			snprintf(prompt, sizeof prompt, "Not added: %s.\n\nThe new "
			    "group's name:", ro_error_last());
			again = ask_new(s->app, "Add a group", prompt, false);
			if (again != NULL)
				ask_set_text(again, ask_text(d));
			ui_ask(s->app, again, add_answered);
		} else {
			ui_notice(s->app, UI_OK, "Group added.");
		}
	}
	load((groups *)s);
	return UI_HANDLED;
}

static int gr_key_fn(ui_screen *s, int ch)
{
	groups *g = (groups *)s;
	int r;

	if (ch == K(KEY_MOUSE)) {
		r = lw_mouse(&g->list, &s->app->mouse);
		if (r != 2)
			return UI_HANDLED;
		ch = '\n';
	} else if (lw_key(&g->list, ch) != UI_IGNORED) {
		return UI_HANDLED;
	}
	switch (ch) {
	case '+':
	case 'a':
		ui_ask(s->app, ask_new(s->app, "Add a group",
		    "The new group's name:", false), add_answered);
		return UI_HANDLED;
	case '\n':
		if (g->g != NULL && g->list.total > 0) {
			ro_selection sel = { .mode = RO_MODE_GROUP,
			    .arg = g->g->items[g->list.cur].name };
			char describe[600];

			snprintf(describe, sizeof describe, "%s \"%s\"",
			    ro_mode_label(sel.mode), sel.arg);
			ui_push(s->app, plist_new(s->app, &sel, describe));
		}
		return UI_HANDLED;
	default:
		return UI_IGNORED;
	}
}

static int gr_child_closed(ui_screen *s, ui_screen *child)
{
	(void)child;
	load((groups *)s);
	return UI_HANDLED;
}

static void gr_free(ui_screen *s)
{
	groups *g = (groups *)s;

	ro_named_list_free(g->g);
	lw_free(&g->list);
	free(g);
}

static const ui_screen_ops gr_ops = {
	.name = "groups", .layout = gr_layout, .draw = gr_draw,
	.key = gr_key_fn, .child_closed = gr_child_closed, .free = gr_free,
};

ui_screen *groups_new(ui_app *app)
{
	groups *g = calloc(1, sizeof *g);
	lw_source src = {
		.count = gr_count, .key = gr_key,
		.render = gr_render, .header = gr_header, .seek = gr_seek,
	};

	if (g == NULL)
		return NULL;
	g->base.ops = &gr_ops;
	g->base.app = app;
	g->base.title = "Groups";
	g->base.keyhelp = "↑↓ move  + add a group  Enter list it  / find  "
	    "F1 help  q back";
	g->base.help = help;
	src.ctx = g;
	lw_init(&g->list, src, false);
	g->list.empty = "The site has no groups yet: + adds one.";
	load(g);
	return &g->base;
}
