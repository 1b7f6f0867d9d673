/* plist.c — the generated list of Manage Active (or Inactive) Portfolios:
 * the paged check-box list, the task drop-down and Execute Task. */
#include "screens.h"
#include "form.h"
#include "listw.h"
#include "psrc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <roster/account.h>
#include <roster/error.h>
#include <roster/task.h>

enum { F_TASK, F_EXEC, F__N };
enum { ACT_EXEC = 1, TAG_UNLOCK = TAG_OWN };

#define KEYHELP_LIST "Spc tick a all n none / find t task x Execute " \
	"Enter info u unlock ? help q back"
#define KEYHELP_BAR "←→ or Space/Enter choose the task  Tab Execute Task  " \
	"Esc back to the list"

typedef struct plist {
	ui_screen base;
	psrc src;
	listw list;
	ro_selection sel;        /* mode, arg, inactive of the list */
	char *describe;
	char title[64];
	ro_task_kind kinds[RO_TASK__COUNT];
	const char *labels[RO_TASK__COUNT];
	size_t nkinds;
	fw_field f[F__N];
	form bar;
	bool bar_focus;
	bool loaded;
} plist;

static const char help[] =
    "The list\n\n"
    "The portfolios of the search, sorted by last name, first name.  Tick "
    "the portfolios a task is for, pick the task from the drop-down and "
    "press Execute Task.  \"a\" (or a click on the [ ] of the header) "
    "selects every portfolio of the list, on every page; Space then "
    "unticks single ones.  The task chosen stays for the next list.  The "
    "Year column shows staff and admin for those accounts.\n\n"
    "Flags: S linked to Clever/ClassLink (its username and password cannot "
    "be changed here), T temporary password (must be changed at the next "
    "sign-in), I inactive, L locked: signing in waits after failed "
    "sign-ins in a row (the details say until when; u unlocks it, for "
    "site admins and district admins).\n\n"
    "Keys\n"
    "  ↑ ↓ j k           move            PgUp PgDn   page\n"
    "  Home End g G      first, last     Space       tick and move down\n"
    "  a                 select all      n           select none\n"
    "  /                 find by last name (Enter or Esc ends)\n"
    "  Enter             the portfolio's details\n"
    "  u                 unlock the portfolio under the cursor\n"
    "  t                 choose the task x           Execute Task\n"
    "  Tab               the task bar    q Esc       back to the search\n";

static void plist_layout(ui_screen *s, int lines, int cols)
{
	plist *p = (plist *)s;

	if (!p->loaded) {
		/* The first page at once, once the page size is known; the
		 * count after the first frame (plist_idle). */
		bool exact;

		p->loaded = true;
		p->list.h = lines - 5;
		p->list.total = psrc_prime(&p->src, (size_t)lw_rows(&p->list),
		    &exact);
		p->list.counting = !exact;
	}
	lw_layout(&p->list, 2, 0, lines - 5, cols);
	p->bar.y = lines - 3;
	p->bar.x = 1;
}

static void plist_draw(ui_screen *s, WINDOW *w)
{
	plist *p = (plist *)s;
	char head[256];

	if (p->list.counting)
		snprintf(head, sizeof head, "%s · counting…", p->describe);
	else
		snprintf(head, sizeof head, "%s · %zu portfolio%s", p->describe,
		    p->list.total, p->list.total == 1 ? "" : "s");
	ui_text(w, 1, 1, s->app->cols - 2, UI_NORMAL, head);
	lw_draw(&p->list, w);
	form_draw(&p->bar, w, s->app, p->bar_focus);
}

/* The rows a type-ahead showed at a provisional position are placed:
 * the widget follows. */
static void follow(plist *p)
{
	ptrdiff_t shift;

	if (psrc_placed(&p->src, &shift))
		lw_rebase(&p->list, p->list.total, shift);
	p->list.placing = p->src.placing;
	if (p->src.placing)
		p->base.want_idle = true;
}

/* After the first frame: the count of the list.  After a type-ahead on a
 * long list: the rank of its rows, given up as soon as a key waits (the
 * key goes first; the rank starts again after it). */
static int plist_idle(ui_screen *s)
{
	plist *p = (plist *)s;
	ptrdiff_t shift;

	if (p->list.counting) {
		lw_reload(&p->list);
		return UI_HANDLED;
	}
	if (!p->src.placing)
		return UI_HANDLED;
	if (psrc_place(&p->src, ui_input_pending, NULL, &shift) == 0)
		lw_rebase(&p->list, p->list.total, shift);
	return UI_HANDLED;
}

static void show_detail(plist *p)
{
	const ro_portfolio *r = psrc_row(&p->src, p->list.cur);
	char text[2048];
	char year[16] = "none", lock[96] = "no";
	time_t until;

	if (r == NULL)
		return;
	until = (time_t)r->locked_until;
	if (r->grad_year)
		snprintf(year, sizeof year, "%d", r->grad_year);
	if (r->locked_until > (int64_t)time(NULL)) {
		struct tm tm;
		char when[32];
		localtime_r(&until, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
		snprintf(lock, sizeof lock, "until %s (%d failed in a row)",
		    when, r->failed_signins);
	} else if (r->failed_signins) {
		snprintf(lock, sizeof lock, "no (%d failed in a row)",
		    r->failed_signins);
	}
	snprintf(text, sizeof text,
	    "Name:                      %s %s\n"
	    "Username:                  %s\n"
	    "Portfolio ID:              %lld\n"
	    "Account type:              %s\n"
	    "Graduation Year:           %s\n"
	    "Group:                     %s\n"
	    "Email:                     %s\n"
	    "Linked to:                 %s%s%s\n"
	    "Active:                    %s\n"
	    "Temporary password:        %s\n"
	    "Security questions reset:  %s\n"
	    "Sign-in locked:            %s\n",
	    ui_sane(r->first), ui_sane(r->last), ui_sane(r->username),
	    (long long)r->id, ro_account_type_name(r->type), year,
	    r->group_name ? ui_sane(r->group_name) : "none",
	    r->email ? ui_sane(r->email) : "none",
	    r->sso ? ro_sso_name(r->sso) : "not linked",
	    r->sso_id ? " " : "", r->sso_id ? ui_sane(r->sso_id) : "",
	    r->active ? "yes" : "no", r->temp_password ? "yes" : "no",
	    r->sq_reset ? "yes" : "no", lock);
	ui_push(p->base.app, help_new(p->base.app, "Portfolio", text));
}

/* u: asks, then unlocks the portfolio under the cursor. */
static void ask_unlock(plist *p)
{
	ui_app *app = p->base.app;
	const ro_portfolio *r = psrc_row(&p->src, p->list.cur);
	static const char *const buttons[] = { "Unlock", "Cancel" };
	char text[512], name[256];
	ui_screen *d;

	if (r == NULL)
		return;
	ui_sanitize(name, sizeof name, r->username);
	if (ro_session_type(app->session) < RO_TYPE_ADMIN) {
		ui_push(app, msg_ok(app, "Unlock", "Only site admins and "
		    "district admins can unlock accounts."));
		return;
	}
	if (r->locked_until <= (int64_t)time(NULL) && !r->failed_signins) {
		snprintf(text, sizeof text, "%s has no failed sign-ins: there "
		    "is nothing to unlock.", name);
		ui_push(app, msg_ok(app, "Unlock", text));
		return;
	}
	snprintf(text, sizeof text, "Unlock %s?\n\nIts failed sign-ins are "
	    "forgotten and it can sign in at once.  The unlock is written "
	    "to the audit log.", name);
	if ((d = msg_new(app, "Unlock", text, buttons, 2)) != NULL)
		d->tag = TAG_UNLOCK;
	ui_push(app, d);
}

static void do_unlock(plist *p)
{
	ui_app *app = p->base.app;
	const ro_portfolio *r = psrc_row(&p->src, p->list.cur);
	char text[512], name[256];
	bool was = false;

	if (r == NULL)
		return;
	ui_sanitize(name, sizeof name, r->username);
	if (ro_account_unlock(app->session, r->username, &was) < 0) {
		ui_push(app, msg_ok(app, "Unlock", ro_error_last()));
		return;
	}
	snprintf(text, sizeof text, was ? "Unlocked %s: it can sign in "
	    "again." : "%s had nothing to unlock.", name);
	lw_reload(&p->list);
	ui_push(app, msg_ok(app, "Unlock", text));
}

static void execute(plist *p)
{
	ui_app *app = p->base.app;
	ro_selection sel = p->sel;
	bool all;
	size_t n;
	const int64_t *ids = lw_selection(&p->list, &all, &n);
	size_t count = lw_selected(&p->list);

	if (count == 0) {
		ui_push(app, msg_ok(app, "Execute Task",
		    "No portfolios are selected.\n\nSpace ticks the portfolio "
		    "under the cursor; a selects every portfolio of the list."));
		return;
	}
	if (all) {
		sel.except = n ? ids : NULL;
		sel.nexcept = n;
	} else {
		sel.only = ids;
		sel.nonly = n;
	}
	ui_push(app, task_new(app, p->kinds[p->f[F_TASK].sel], &sel, count));
}

/* The next list (Generate New List) starts with the task chosen here. */
static void remember_task(plist *p)
{
	p->base.app->last_task = (int)p->kinds[p->f[F_TASK].sel] + 1;
}

static int plist_key(ui_screen *s, int ch)
{
	plist *p = (plist *)s;
	int action = 0;
	int r;

	if (p->list.counting)
		plist_idle(s);
	if (ch == K(KEY_MOUSE)) {
		r = lw_mouse(&p->list, &s->app->mouse);
		follow(p);
		if (r > 0) {
			p->bar_focus = false;
			s->keyhelp = KEYHELP_LIST;
			if (r == 2)
				show_detail(p);
			return UI_HANDLED;
		}
		r = form_mouse(&p->bar, &s->app->mouse, &action);
		if (r != FORM_IGNORED) {
			p->bar_focus = true;
			s->keyhelp = KEYHELP_BAR;
		}
	} else if (p->bar_focus) {
		if (ch == UI_ESC || ch == K(KEY_BTAB) ||
		    (ch == '\t' && p->bar.focus == F_EXEC)) {
			p->bar_focus = false;
			s->keyhelp = KEYHELP_LIST;
			return UI_HANDLED;
		}
		r = form_key(&p->bar, ch, &action);
		if (r == FORM_IGNORED)
			return UI_IGNORED;
	} else {
		r = lw_key(&p->list, ch);
		follow(p);
		if (r != UI_IGNORED)
			return r;
		switch (ch) {
		case '\t':
			p->bar_focus = true;
			s->keyhelp = KEYHELP_BAR;
			form_focus(&p->bar, F_TASK);
			return UI_HANDLED;
		case '\n':
			show_detail(p);
			return UI_HANDLED;
		case 't':
			form_focus(&p->bar, F_TASK);
			pick_field_open(s->app, &p->bar);
			return UI_HANDLED;
		case 'x':
			execute(p);
			return UI_HANDLED;
		case 'u':
			ask_unlock(p);
			return UI_HANDLED;
		default:
			return UI_IGNORED;
		}
	}
	if (r == FORM_PICK)
		pick_field_open(s->app, &p->bar);
	else if (r == FORM_PRESSED && action == ACT_EXEC)
		execute(p);
	remember_task(p);
	return UI_HANDLED;
}

static int plist_child_closed(ui_screen *s, ui_screen *child)
{
	plist *p = (plist *)s;

	if (pick_field_closed(&p->bar, child)) {
		remember_task(p);
		return UI_HANDLED;
	}
	if (child->tag == TAG_UNLOCK) {
		if (child->result == 0)
			do_unlock(p);
		return UI_HANDLED;
	}
	if (child->result == 1) {
		/* A task ran: the rows changed (flags, or gone from the list). */
		lw_select_none(&p->list);
		p->list.top = p->list.cur = 0;
		lw_reload(&p->list);
	}
	return UI_HANDLED;
}

static void plist_free(ui_screen *s)
{
	plist *p = (plist *)s;

	lw_free(&p->list);
	psrc_free(&p->src);
	free(p->describe);
	free(p);
}

static const ui_screen_ops plist_ops = {
	.name = "list", .layout = plist_layout, .draw = plist_draw,
	.key = plist_key, .child_closed = plist_child_closed, .idle = plist_idle,
	.free = plist_free,
};

ui_screen *plist_new(ui_app *app, const ro_selection *sel,
    const char *describe)
{
	plist *p = calloc(1, sizeof *p);

	if (p == NULL)
		return NULL;
	p->base.ops = &plist_ops;
	p->base.app = app;
	snprintf(p->title, sizeof p->title, "%s",
	    sel->inactive ? "Manage Inactive Portfolios" :
	    "Manage Active Portfolios");
	p->base.title = p->title;
	p->base.keyhelp = KEYHELP_LIST;
	p->base.help = help;
	if (psrc_init(&p->src, app->session, sel) < 0) {
		free(p);
		return NULL;
	}
	p->sel = p->src.sel;
	p->describe = strdup(describe);
	lw_init(&p->list, psrc_source(&p->src), true);
	p->list.empty = "No portfolios match this search.";
	/* Active lists: every task but Reactivate.  Inactive lists:
	 * Reactivate first, then Export for Upload. */
	static const ro_task_kind active[] = {
		RO_TASK_RESET_PASSWORDS, RO_TASK_EXPORT, RO_TASK_MOVE_GROUP,
		RO_TASK_SET_GRAD_YEAR, RO_TASK_DEACTIVATE,
	};
	static const ro_task_kind inactive[] = {
		RO_TASK_REACTIVATE, RO_TASK_EXPORT,
	};
	const ro_task_kind *kinds = sel->inactive ? inactive : active;
	size_t nk = sel->inactive ? sizeof inactive / sizeof inactive[0] :
	    sizeof active / sizeof active[0];

	for (size_t k = 0; k < nk; k++) {
		p->kinds[p->nkinds] = kinds[k];
		p->labels[p->nkinds++] = ro_task_label(kinds[k]);
	}
	p->f[F_TASK] = (fw_field){ .kind = FW_PICK, .label = "Task",
	    .label_w = 5, .width = 26, .options = p->labels, .nopt = p->nkinds };
	p->f[F_EXEC] = (fw_field){ .kind = FW_BUTTON, .label = "Execute Task",
	    .col = 36, .action = ACT_EXEC };
	for (size_t k = 0; k < p->nkinds; k++)
		if ((int)p->kinds[k] + 1 == app->last_task)
			p->f[F_TASK].sel = k;
	form_init(&p->bar, p->f, F__N, 0, 0);
	return &p->base;
}
