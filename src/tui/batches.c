/* batches.c — the Batches screen: the site's batches (resets, tasks,
 * uploads, undos), newest first, in the list widget, with Undo.  Undo
 * first shows what it would restore (ro_batch_undo_preview), then asks;
 * the engine decides who may undo what, and its refusal is shown as it
 * comes. */
#include "screens.h"
#include "listw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <roster/batch.h>
#include <roster/error.h>


typedef struct batches {
	ui_screen base;
	ro_batch_list *list_data;
	listw list;
	int64_t asked;           /* the batch whose undo is being confirmed */
} batches;

static const char help[] =
    "Batches\n\n"
    "Every reset, task and upload is one batch, and so is every undo.  "
    "The newest is at the top: its number, when (UTC), who ran it, its "
    "kind, how many portfolios it changed, and whether it can still be "
    "undone (\"yes\", \"undone by N\", or \"-\" for an undo itself).\n\n"
    "Undo (u or Enter) first shows what it would restore, portfolio by "
    "portfolio (\"now → restored\"; a password shows only as restored), "
    "then asks.  Nothing is restored when any portfolio of the batch was "
    "changed again since (a new password chosen at sign-in, another "
    "task): those are named.  The undo is a new batch.\n\n"
    "Keys\n"
    "  ↑ ↓ PgUp PgDn Home End   move     / find by batch number\n"
    "  u Enter   Undo (after a preview)  F1 help   q Esc back\n";

static size_t ba_count(void *ctx)
{
	batches *b = ctx;

	return b->list_data ? b->list_data->n : 0;
}

static int64_t ba_key(void *ctx, size_t i)
{
	return ((batches *)ctx)->list_data->items[i].id;
}

static void undo_state(const ro_batch *b, char *buf, size_t n)
{
	if (b->undo_of)
		snprintf(buf, n, "-");
	else if (b->undone_by)
		snprintf(buf, n, "undone by %lld", (long long)b->undone_by);
	else
		snprintf(buf, n, "yes");
}

static void ba_render(void *ctx, size_t i, ui_line *l)
{
	const ro_batch *b = &((batches *)ctx)->list_data->items[i];
	char id[24], when[20], count[24], undo[40];

	snprintf(id, sizeof id, "%lld", (long long)b->id);
	/* "2026-11-28T23:40:12Z" → "2026-11-28 23:40" */
	snprintf(when, sizeof when, "%.16s", b->when ? b->when : "");
	if (when[10] == 'T')
		when[10] = ' ';
	snprintf(count, sizeof count, "%zu", b->count);
	undo_state(b, undo, sizeof undo);
	ui_line_put(l, UI_NORMAL, id, 6, 7);
	ui_line_put(l, UI_DIM, when, 16, 17);
	ui_line_put(l, UI_NORMAL, b->who, 12, 13);
	ui_line_put(l, UI_NORMAL, b->kind, 15, 16);
	ui_line_to(l, l->cols + 6 - ui_width(count));
	ui_line_put(l, UI_NORMAL, count, 6, 7);
	ui_line_put(l, b->undo_of || b->undone_by ? UI_DIM : UI_OK, undo, 15,
	    16);
	ui_line_put(l, UI_DIM, b->detail, -1, 0);
}

static void ba_header(void *ctx, ui_line *l)
{
	(void)ctx;
	ui_line_put(l, UI_HEAD, "Batch", 6, 7);
	ui_line_put(l, UI_HEAD, "When (UTC)", 16, 17);
	ui_line_put(l, UI_HEAD, "Who", 12, 13);
	ui_line_put(l, UI_HEAD, "Kind", 15, 16);
	ui_line_put(l, UI_HEAD, " Count", 6, 7);
	ui_line_put(l, UI_HEAD, "Undo", 15, 16);
	ui_line_put(l, UI_HEAD, "Detail", -1, 0);
}

static const char *ba_text(void *ctx, size_t i)
{
	static char id[24];

	snprintf(id, sizeof id, "%lld",
	    (long long)((batches *)ctx)->list_data->items[i].id);
	return id;
}

static int ba_seek(void *ctx, const char *prefix, size_t from, size_t *at)
{
	return lw_seek_linear(ba_count(ctx), ba_text, ctx, prefix, from, at);
}

static void load(batches *b)
{
	ro_batch_list_free(b->list_data);
	b->list_data = NULL;
	if (ro_batch_list_get(&b->list_data, b->base.app->session) < 0) {
		b->list_data = NULL;
		ui_notice(b->base.app, UI_ERROR, "%s", ro_error_last());
	}
	lw_reload(&b->list);
}

static void ba_layout(ui_screen *s, int lines, int cols)
{
	lw_layout(&((batches *)s)->list, 1, 0, lines - 2, cols);
}

static void ba_draw(ui_screen *s, WINDOW *w)
{
	lw_draw(&((batches *)s)->list, w);
}

/* The preview: what goes back, portfolio by portfolio (the first few;
 * the dialog is one screen), and the portfolios changed since. */
static int undo_answered(ui_screen *s, ui_screen *d);

static void ask_undo(batches *b)
{
	ui_app *app = b->base.app;
	const ro_batch *bt;
	ro_undo_preview *p = NULL;
	static const char *const buttons[] = { "Undo", "Cancel" };
	char text[4096];
	size_t o = 0, shown = 0, limit = 8;

	if (ba_count(b) == 0)
		return;
	bt = &b->list_data->items[b->list.cur];
	if (ro_batch_undo_preview(&p, app->session, bt->id) < 0) {
		ui_push(app, msg_ok(app, "Undo", ro_error_last()));
		return;
	}
#define ADD(...) do { if (o < sizeof text) o += (size_t)snprintf(text + o, \
	sizeof text - o, __VA_ARGS__); } while (0)
	if (p->is_undo || p->undone_by) {
		if (p->is_undo)
			ADD("Batch %lld is itself an undo: run the original task "
			    "again instead.", (long long)bt->id);
		else
			ADD("Batch %lld was already undone by batch %lld.",
			    (long long)bt->id, (long long)p->undone_by);
		ro_undo_preview_free(p);
		ui_push(app, msg_ok(app, "Undo", text));
		return;
	}
	ADD("Undo batch %lld (%s, %zu portfolio%s, by %s)?\n\n",
	    (long long)bt->id, bt->kind, p->n, p->n == 1 ? "" : "s", bt->who);
	if (p->changed_since > 0) {
		ADD("%zu portfolio%s changed since, so nothing can be restored:",
		    p->changed_since, p->changed_since == 1 ? " was" : "s were");
		for (size_t i = 0; i < p->n && shown < limit; i++)
			if (p->items[i].changed_since) {
				ADD("%s%s", shown ? ", " : " ", p->items[i].username);
				shown++;
			}
		ADD("%s\n", p->changed_since > shown ? ", …" : ".");
	} else {
		for (size_t i = 0; i < p->n && shown < limit; i++, shown++) {
			const ro_undo_item *it = &p->items[i];

			ADD("%s: %s\n", it->username, it->removes ? "removed (the "
			    "batch created it)" : it->restores[0] ? it->restores :
			    "nothing to restore");
		}
		if (p->n > shown)
			ADD("… and %zu more.\n", p->n - shown);
	}
#undef ADD
	ui_screen *d = msg_new(app, "Undo", text, buttons, 2);

	b->asked = bt->id;
	ro_undo_preview_free(p);
	ui_ask(app, d, undo_answered);
}

static void do_undo(batches *b)
{
	ui_app *app = b->base.app;
	int64_t undo = 0;

	if (ro_batch_undo(&undo, app->session, b->asked) < 0) {
		ui_push(app, msg_ok(app, "Undo", ro_error_last()));
		return;
	}
	load(b);
	lw_goto(&b->list, 0);
	ui_notice(app, UI_OK, "Batch %lld undid batch %lld.", (long long)undo,
	    (long long)b->asked);
}

/* "Undo" answered. */
static int undo_answered(ui_screen *s, ui_screen *d)
{
	if (d->result == 0)
		do_undo((batches *)s);
	return UI_HANDLED;
}

static int ba_key_fn(ui_screen *s, int ch)
{
	batches *b = (batches *)s;

	if (ch == K(KEY_MOUSE)) {
		if (lw_mouse(&b->list, &s->app->mouse) == 2)
			ask_undo(b);
		return UI_HANDLED;
	}
	if (lw_key(&b->list, ch) != UI_IGNORED)
		return UI_HANDLED;
	if (ch == '\n' || ch == 'u') {
		ask_undo(b);
		return UI_HANDLED;
	}
	return UI_IGNORED;
}

static void ba_free(ui_screen *s)
{
	batches *b = (batches *)s;

	ro_batch_list_free(b->list_data);
	lw_free(&b->list);
	free(b);
}

static const ui_screen_ops ba_ops = {
	.name = "batches", .layout = ba_layout, .draw = ba_draw,
	.key = ba_key_fn, .free = ba_free,
};

ui_screen *batches_new(ui_app *app)
{
	batches *b = calloc(1, sizeof *b);
	lw_source src = {
		.count = ba_count, .key = ba_key,
		.render = ba_render, .header = ba_header, .seek = ba_seek,
	};

	if (b == NULL)
		return NULL;
	b->base.ops = &ba_ops;
	b->base.app = app;
	b->base.title = "Batches";
	b->base.keyhelp = "↑↓ PgUp PgDn move  u Enter Undo…  / find  F1 help  "
	    "q back";
	b->base.help = help;
	src.ctx = b;
	lw_init(&b->list, src, false);
	b->list.empty = "No batches yet: resets, tasks and uploads show here.";
	load(b);
	return &b->base;
}
