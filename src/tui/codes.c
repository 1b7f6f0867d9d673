/* codes.c — the Status Codes screen (also the diff screen's `?` legend):
 * the engine's status table in the list widget, meanings wrapped. */
#include "screens.h"
#include "listw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <roster/status.h>

typedef struct codeline {
	const ro_status_info *info;
	char *text;              /* this line of the meaning */
	bool first;
} codeline;

typedef struct codes {
	ui_screen base;
	const ro_status_info *table;
	size_t ntable;
	codeline *lines;
	size_t n;
	listw list;
	int width;
} codes;

static const char help[] =
    "Status Codes\n\n"
    "The status a trial run gives each row of an upload file.  Outcomes: "
    "NEW, UPD, SAME.  Errors (bold red) stop the upload: E10 concerns the "
    "whole file, the others one row.  Warnings (yellow) are shown beside "
    "the outcome and do not stop the upload.\n\n"
    "Keys: ↑ ↓ PgUp PgDn scroll, / find a code, q or Esc back.\n";

static ui_role role_of(const ro_status_info *in)
{
	switch (in->kind) {
	case RO_STK_OUTCOME:
		return UI_OK;
	case RO_STK_WARNING:
		return UI_WARN;
	default:
		return UI_ERROR;
	}
}

static void lines_free(codes *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->lines[i].text);
	free(c->lines);
	c->lines = NULL;
	c->n = 0;
}

/* One list row per wrapped line of each meaning. */
static void build(codes *c, int width)
{
	size_t cap = 0;

	lines_free(c);
	for (size_t i = 0; i < c->ntable; i++) {
		ui_lines ls = { 0 };

		ui_lines_wrap(&ls, c->table[i].meaning, width);
		for (size_t k = 0; k < ls.n; k++) {
			if (c->n == cap) {
				size_t nc = cap ? cap * 2 : 64;
				codeline *l = realloc(c->lines, nc * sizeof *l);

				if (l == NULL)
					break;
				c->lines = l;
				cap = nc;
			}
			c->lines[c->n++] = (codeline){ .info = &c->table[i],
			    .text = ls.line[k], .first = k == 0 };
			ls.line[k] = NULL;
		}
		ui_lines_free(&ls);
	}
}

static size_t co_count(void *ctx)
{
	return ((codes *)ctx)->n;
}

static int64_t co_key(void *ctx, size_t i)
{
	(void)ctx;
	return (int64_t)i;
}

static void co_render(void *ctx, size_t i, ui_line *l)
{
	const codeline *cl = &((codes *)ctx)->lines[i];

	ui_line_put(l, role_of(cl->info), cl->first ? cl->info->code : "", 4, 6);
	ui_line_put(l, UI_DIM, cl->first ?
	    ro_status_kind_name(cl->info->kind) : "", 8, 9);
	ui_line_put(l, UI_NORMAL, cl->text, -1, 0);
}

static void co_header(void *ctx, ui_line *l)
{
	(void)ctx;
	ui_line_put(l, UI_HEAD, "Code", 4, 6);
	ui_line_put(l, UI_HEAD, "Kind", 8, 9);
	ui_line_put(l, UI_HEAD, "Meaning", -1, 0);
}

static const char *co_text(void *ctx, size_t i)
{
	const codeline *cl = &((codes *)ctx)->lines[i];

	return cl->first ? cl->info->code : "";
}

static int co_seek(void *ctx, const char *prefix, size_t from, size_t *at)
{
	return lw_seek_linear(co_count(ctx), co_text, ctx, prefix, from, at);
}

static void co_layout(ui_screen *s, int lines, int cols)
{
	codes *c = (codes *)s;

	if (c->width != cols) {
		c->width = cols;
		build(c, cols - 2 - 15 - 1);
		lw_reload(&c->list);
	}
	lw_layout(&c->list, 1, 1, lines - 2, cols - 2);
}

static void co_draw(ui_screen *s, WINDOW *w)
{
	lw_draw(&((codes *)s)->list, w);
}

static int co_key_fn(ui_screen *s, int ch)
{
	codes *c = (codes *)s;

	if (ch == K(KEY_MOUSE)) {
		lw_mouse(&c->list, &s->app->mouse);
		return UI_HANDLED;
	}
	return lw_key(&c->list, ch);
}

static void co_free(ui_screen *s)
{
	codes *c = (codes *)s;

	lines_free(c);
	lw_free(&c->list);
	free(c);
}

static const ui_screen_ops co_ops = {
	.name = "codes", .layout = co_layout, .draw = co_draw,
	.key = co_key_fn, .free = co_free,
};

ui_screen *codes_new(ui_app *app)
{
	codes *c = calloc(1, sizeof *c);
	lw_source src = {
		.count = co_count, .key = co_key,
		.render = co_render, .header = co_header, .seek = co_seek,
	};

	if (c == NULL)
		return NULL;
	c->base.ops = &co_ops;
	c->base.app = app;
	c->base.title = "Status Codes";
	c->base.keyhelp = "↑↓ PgUp PgDn scroll  / find  F1 help  q back";
	c->base.help = help;
	c->table = ro_status_table(&c->ntable);
	src.ctx = c;
	lw_init(&c->list, src, false);
	return &c->base;
}
