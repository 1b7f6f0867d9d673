/* task.c — a portfolio task's form (Reset Passwords, Export for Upload,
 * Move to Group, Change Graduation Year, Deactivate, Reactivate), its
 * confirmation stating how many portfolios will change (with the typed
 * count of the blast-radius hold), then the work with progress. */
#include "task_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <roster/account.h>
#include <roster/error.h>
#include <roster/export.h>
#include <roster/hold.h>
#include <roster/rules.h>

static const char help[] =
    "Task form\n\n"
    "Reset Passwords gives the ticked portfolios a temporary password: "
    "their next sign-in must replace it.  Either type one password for all "
    "of them (it must have 8 characters or more, an uppercase letter, a "
    "lowercase letter and a digit), or generate a readable password for "
    "each; the sign-in slips (name, group, username, password) are written "
    "to the slips file, readable only by you, to print and hand out: plain "
    "text, CSV when the name ends in .csv, or a PDF of labels to print "
    "(30 a Letter page, Avery 5160) when it ends in .pdf.  "
    "Portfolios linked to Clever/ClassLink are skipped.\n\n"
    "Export for Upload writes the ticked portfolios to a spreadsheet (XLSX "
    "or CSV) with empty passwords: edit usernames and set permanent "
    "passwords in it, then use Create and Update Portfolios.\n\n"
    "Move to Group starts with no group chosen: pick one (Space, or ← "
    "→).  A confirmation states how many portfolios will change (and the "
    "group or year they get).  A task that "
    "would change the passwords of more than half of the site (or more "
    "than 1000) asks you to type that number.\n\n"
    "Keys\n"
    "  Tab, Shift-Tab, ↑ ↓   move between fields\n"
    "  Space                  tick a box, choose an option\n"
    "  Enter                  press a button; next field\n"
    "  Esc                    back to the list, nothing done\n";

static void task_layout(ui_screen *s, int lines, int cols)
{
	task *t = (task *)s;

	(void)lines;
	t->fm.y = 2;
	t->fm.x = cols > 100 ? (cols - 84) / 2 : 2;
	t->f[T_SLIPS].width = cols - t->fm.x - t->f[T_SLIPS].col -
	    t->f[T_SLIPS].label_w - 4;
	t->f[T_PATH].width = cols - t->fm.x - t->f[T_PATH].col -
	    t->f[T_PATH].label_w - 4;
}

static void task_draw(ui_screen *s, WINDOW *w)
{
	task *t = (task *)s;
	int x = t->fm.x;

	if (t->kind == RO_TASK_RESET_PASSWORDS && !t->f[T_PASS].disabled) {
		fw_field *l = &t->f[L_RULES];
		const char *msg;
		ui_role role = form_password_feedback(t->f[T_PASS].text,
		    t->f[T_PASS2].text, &msg);

		ui_text(w, t->fm.y + l->row, x + l->col, s->app->cols - x - 6,
		    role, msg);
	}
	form_draw(&t->fm, w, s->app, true);
	if (t->error[0] != '\0')
		ui_text(w, s->app->lines - 3, x, s->app->cols - x - 1, UI_ERROR,
		    t->error);
}

/* Keeps the fields that do not apply greyed out. */
static void sync_fields(task *t)
{
	if (t->kind == RO_TASK_RESET_PASSWORDS) {
		bool gen = t->f[R_GEN].on;

		t->f[T_PASS].disabled = gen;
		t->f[T_PASS2].disabled = gen;
		t->f[T_SLIPS].disabled = !gen;
	}
	if (t->kind == RO_TASK_EXPORT) {
		fw_field *p = &t->f[T_PATH];
		size_t n = strlen(p->text);
		const char *want = t->f[R_CSV].on ? ".csv" : ".xlsx";
		const char *other = t->f[R_CSV].on ? ".xlsx" : ".csv";
		size_t on = strlen(other);

		/* A format chosen renames the file; a name typed chooses
		 * the format (typing out.csv must not give out.xlsx). */
		if (t->f[R_CSV].on != t->csv_shown) {
			if (n >= on && strcmp(p->text + n - on, other) == 0 &&
			    n - on + strlen(want) < sizeof p->text) {
				strcpy(p->text + n - on, want);
				p->pos = strlen(p->text);
			}
		} else if (n >= 4 && strcmp(p->text + n - 4, ".csv") == 0) {
			t->f[R_CSV].on = true;
			t->f[R_XLSX].on = false;
		} else if (n >= 5 && strcmp(p->text + n - 5, ".xlsx") == 0) {
			t->f[R_CSV].on = false;
			t->f[R_XLSX].on = true;
		}
		t->csv_shown = t->f[R_CSV].on;
	}
}

static int task_key(ui_screen *s, int ch)
{
	task *t = (task *)s;
	int action = 0;
	int r;

	if (ch == K(KEY_MOUSE))
		r = form_mouse(&t->fm, &s->app->mouse, &action);
	else
		r = form_key(&t->fm, ch, &action);
	switch (r) {
	case FORM_IGNORED:
		return UI_IGNORED;
	case FORM_PICK:
		pick_field_open(s->app, &t->fm);
		break;
	case FORM_CHANGED:
		t->error[0] = '\0';
		sync_fields(t);
		break;
	case FORM_PRESSED:
		if (action == ACT_CANCEL)
			return UI_POP;
		task_go(t);
		break;
	default:
		break;
	}
	return UI_HANDLED;
}

static int task_child_closed(ui_screen *s, ui_screen *child)
{
	task *t = (task *)s;

	if (pick_field_closed(&t->fm, child))
		return UI_HANDLED;
	switch (child->tag) {
	case TAG_CONFIRM:
		if (child->result == 0)
			task_start(t);
		break;
	case TAG_HOLD:
		if (child->result == 1) {
			long n;

			if (ro_confirm_parse(ask_text(child), &n) ||
			    (size_t)n != t->pv.changes) {
				snprintf(t->error, sizeof t->error, "That was not the "
				    "count (%zu): nothing was done.", t->pv.changes);
				break;
			}
			t->opts.confirm = n;
			task_start(t);
		}
		break;
	case TAG_EXISTS:
		task_exists_answer(t, child->result);
		break;
	case TAG_DONE:
		/* The result was seen: back to the list, which re-reads. */
		s->result = 1;
		return UI_POP;
	default:
		break;
	}
	return UI_HANDLED;
}

static void task_free(ui_screen *s)
{
	task *t = (task *)s;

	form_wipe(&t->f[T_PASS]);
	form_wipe(&t->f[T_PASS2]);
	ro_task_result_free(t->result);
	ro_named_list_free(t->groups);
	free(t->group_names);
	free(t->ids);
	free(t->path);
	free(t->alt_path);
	free(t);
}

static const ui_screen_ops task_ops = {
	.name = "task", .layout = task_layout, .draw = task_draw,
	.key = task_key, .child_closed = task_child_closed, .free = task_free,
};

/* The engine never writes over a file unasked: propose a name that does
 * not exist yet (~/roster-WHAT-DATE.EXT, then -2, -3, …). */
static void default_name(char *out, size_t n, const char *what,
    const char *date, const char *ext)
{
	for (int k = 1; k < 100; k++) {
		char *full;
		bool taken;

		if (k == 1)
			snprintf(out, n, "~/roster-%s-%s.%s", what, date, ext);
		else
			snprintf(out, n, "~/roster-%s-%s-%d.%s", what, date, k,
			    ext);
		full = ui_expand_home(out);
		taken = full != NULL && access(full, F_OK) == 0;
		free(full);
		if (!taken)
			return;
	}
}

static void fields(task *t)
{
	fw_field *f = t->f;
	char date[11];
	int row = 2;

	ui_today(date);
	for (int i = 0; i < F__N; i++)
		f[i] = (fw_field){ .kind = FW_LABEL, .label = "", .hidden = true };
	f[F_INTRO] = (fw_field){ .kind = FW_LABEL, .label = t->intro,
	    .role = UI_HEAD };
	switch (t->kind) {
	case RO_TASK_RESET_PASSWORDS:
		f[R_SHARED] = (fw_field){ .kind = FW_RADIO, .group = 1, .on = true,
		    .row = row, .label = "One temporary password for all" };
		f[T_PASS] = (fw_field){ .kind = FW_TEXT, .mask = true, .row = row + 1,
		    .col = 4, .label = "Temporary password", .label_w = 20,
		    .width = 30 };
		f[T_PASS2] = (fw_field){ .kind = FW_TEXT, .mask = true,
		    .row = row + 2, .col = 4, .label = "Again", .label_w = 20,
		    .width = 30 };
		f[L_RULES] = (fw_field){ .kind = FW_LABEL, .row = row + 3,
		    .col = 4, .label = "" };
		f[R_GEN] = (fw_field){ .kind = FW_RADIO, .group = 1, .row = row + 5,
		    .label = "Generate a password for each portfolio" };
		f[T_SLIPS] = (fw_field){ .kind = FW_TEXT, .row = row + 6, .col = 4,
		    .label = "Sign-in slips file", .label_w = 20, .width = 40 };
		default_name(f[T_SLIPS].text, sizeof f[T_SLIPS].text, "slips",
		    date, "txt");
		f[C_SQ] = (fw_field){ .kind = FW_CHECK, .row = row + 8,
		    .label = "Reset security questions" };
		f[C_NOTIFY] = (fw_field){ .kind = FW_CHECK, .row = row + 9,
		    .label = "Send the new temporary password to the accounts" };
		row += 11;
		break;
	case RO_TASK_EXPORT:
		f[R_XLSX] = (fw_field){ .kind = FW_RADIO, .group = 2, .on = true,
		    .row = row, .label = "XLSX (Excel, LibreOffice)" };
		f[R_CSV] = (fw_field){ .kind = FW_RADIO, .group = 2,
		    .row = row + 1, .label = "CSV" };
		f[T_PATH] = (fw_field){ .kind = FW_TEXT, .row = row + 3,
		    .label = "Save as", .label_w = 9, .width = 50 };
		default_name(f[T_PATH].text, sizeof f[T_PATH].text, "export",
		    date, "xlsx");
		row += 5;
		break;
	case RO_TASK_MOVE_GROUP:
		f[P_GROUP] = (fw_field){ .kind = FW_PICK, .row = row,
		    .label = "Move to group", .label_w = 15, .width = 30,
		    .options = t->group_names, .nopt = t->groups &&
		    t->group_names ? t->groups->n + 1 : 0 };
		row += 2;
		break;
	case RO_TASK_SET_GRAD_YEAR:
		f[T_YEAR] = (fw_field){ .kind = FW_TEXT, .row = row,
		    .label = "Graduation Year", .label_w = 17, .width = 6 };
		row += 2;
		break;
	case RO_TASK_DEACTIVATE:
		f[L_RULES] = (fw_field){ .kind = FW_LABEL, .row = row,
		    .label = "Inactive portfolios cannot sign in.  Reactivate "
		    "them from Manage Inactive Portfolios." };
		row += 2;
		break;
	default:
		row += 1;
		break;
	}
	f[B_GO] = (fw_field){ .kind = FW_BUTTON, .row = row,
	    .label = task_go_label(t->kind), .action = ACT_GO };
	f[B_CANCEL] = (fw_field){ .kind = FW_BUTTON, .row = row, .col = 16,
	    .label = "Cancel", .action = ACT_CANCEL };
	for (int i = 0; i < F__N; i++)
		if (f[i].kind != FW_LABEL || i == F_INTRO ||
		    (i == L_RULES && f[i].label[0] != '\0'))
			f[i].hidden = false;
	if (t->kind == RO_TASK_RESET_PASSWORDS)
		f[L_RULES].hidden = false;
}

ui_screen *task_new(ui_app *app, ro_task_kind kind, const ro_selection *sel,
    size_t count)
{
	task *t = calloc(1, sizeof *t);
	size_t nids = sel->only ? sel->nonly : sel->nexcept;
	const int64_t *ids = sel->only ? sel->only : sel->except;

	if (t == NULL)
		return NULL;
	t->base.ops = &task_ops;
	t->base.app = app;
	t->kind = kind;
	t->count = count;
	snprintf(t->title, sizeof t->title, "%s", ro_task_label(kind));
	t->base.title = t->title;
	t->base.keyhelp = "Tab/↑↓ move  Space tick  Enter press  F1 help  "
	    "Esc back";
	t->base.help = help;
	snprintf(t->intro, sizeof t->intro, "%s: %zu portfolio%s selected",
	    t->title, count, count == 1 ? "" : "s");
	t->sel = *sel;
	if (nids > 0) {
		t->ids = malloc(nids * sizeof *t->ids);
		if (t->ids == NULL) {
			free(t);
			return NULL;
		}
		memcpy(t->ids, ids, nids * sizeof *t->ids);
		if (sel->only)
			t->sel.only = t->ids;
		else
			t->sel.except = t->ids;
	}
	if (kind == RO_TASK_MOVE_GROUP &&
	    ro_group_list(&t->groups, app->session) == 0 && t->groups->n > 0) {
		/* No group is chosen for the user: the first entry asks. */
		t->group_names = calloc(t->groups->n + 1, sizeof *t->group_names);
		if (t->group_names != NULL)
			t->group_names[0] = "(choose a group)";
		for (size_t i = 0; t->group_names && i < t->groups->n; i++)
			t->group_names[i + 1] = t->groups->items[i].name;
		if (t->group_names == NULL)
			t->groups->n = 0;
	}
	fields(t);
	form_init(&t->fm, t->f, F__N, 0, 0);
	/* Straight to the first thing to type. */
	form_focus(&t->fm, kind == RO_TASK_RESET_PASSWORDS ? T_PASS :
	    kind == RO_TASK_SET_GRAD_YEAR ? T_YEAR : kind == RO_TASK_EXPORT ?
	    T_PATH : kind == RO_TASK_MOVE_GROUP ? P_GROUP : B_GO);
	return &t->base;
}
