/* plan_row.c — how one row of a plan reads on the trial-run screen: its
 * list line (first code, "+N", the changes in a few words), its whole
 * text (every code, warning and change, for the pane and the detail) and
 * the pane that shows that text under the list.  The wording of a change
 * is the engine's (ro_change_format). */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void changes_text(const ro_plan_row *r, char *buf, size_t n)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < r->nchanges && o + 3 < n; i++) {
		if (i) {
			memcpy(buf + o, "; ", 3);
			o += 2;
		}
		o += (size_t)ro_change_format(buf + o, n - o, &r->changes[i]);
	}
}

/* Everything the trial run says about a row: each code and warning with
 * its message, then each change, one a line (the pane and the detail). */
void plan_row_text(const ro_plan_row *r, char *text, size_t n)
{
	size_t o = 0;
	char c[1024];

#define ADD(...) do { if (o < n) o += (size_t)snprintf(text + o, \
	n - o, __VA_ARGS__); } while (0)
	text[0] = '\0';
	/* Messages quote cells, changes hold names: sanitised here, so that
	 * a line break in them cannot start a line of its own. */
	for (size_t i = 0; i < r->ncodes; i++)
		ADD("%s  %s\n", ro_status_code(r->codes[i]),
		    i < r->nmessages ? ui_sane(r->messages[i]) :
		    ro_status_get(r->codes[i])->meaning);
	for (size_t i = 0; i < r->nwarnings; i++) {
		size_t m = r->ncodes + i;

		ADD("%s  %s\n", ro_status_code(r->warnings[i]),
		    m < r->nmessages ? ui_sane(r->messages[m]) :
		    ro_status_get(r->warnings[i])->meaning);
	}
	/* The changes on as few lines as they wrap to (the pane is short). */
	for (size_t i = 0; i < r->nchanges; i++) {
		ro_change_format(c, sizeof c, &r->changes[i]);
		ADD("%s%s%s", i == 0 ? "Changes: " : " · ", ui_sane(c),
		    i + 1 == r->nchanges ? "\n" : "");
	}
	for (size_t i = 0; i < r->ncreates; i++)
		ADD("%s%s: %s%s", i == 0 ? (r->ncodes ? "Would create: " :
		    "Creates: ") : " · ", r->creates[i].field,
		    ui_sane(r->creates[i].new_value),
		    i + 1 == r->ncreates ? "\n" : "");
	if (r->created_by)
		ADD("Created by batch %lld: every field matches (a password is "
		    "not compared), so the upload leaves it alone.\n",
		    (long long)r->created_by);
	else if (r->ncodes == 0 && r->nchanges == 0 && r->ncreates == 0)
		ADD("%s\n", r->status == RO_ST_NEW ? "A portfolio will be created." :
		    "Nothing to change.");
#undef ADD
}

/* A new portfolio in a few words: "Newt Qtest · Period 1 · 2029 ·
 * student" (the pane lists every field). */
static void new_text(const ro_plan_row *r, char *buf, size_t n)
{
	static const char *const fields[] = { "First Name", "Last Name",
		"Group", "Graduation Year", "Account Type" };
	size_t o = 0;

	buf[0] = '\0';
	for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++)
		for (size_t i = 0; i < r->ncreates && o < n; i++)
			if (strcmp(r->creates[i].field, fields[f]) == 0)
				o += (size_t)snprintf(buf + o, n - o, "%s%s",
				    o == 0 ? "" : f == 1 ? " " : " · ",
				    r->creates[i].new_value);
}

/* Row numbers run to 1,048,576 in a workbook (and a bundle's lines past
 * its rows, by the users left out, or by cells over several lines): the
 * column is as wide as the largest the plan can hold, 5 at least, so
 * that no number is cut. */
int plan_row_num_width(const ro_plan *p)
{
	size_t most = p->nrows + p->nleft + 1;
	const ro_plan_row *last = p->nrows ? ro_plan_row_at(p, p->nrows - 1) :
	    NULL;
	int w = 1;

	if (last && last->row > most)   /* a cell over several lines */
		most = last->row;

	while (most >= 10) {
		most /= 10;
		w++;
	}
	return w < 5 ? 5 : w;
}

void plan_row_line(const ro_plan_row *r, int numw, ui_line *l)
{
	char num[24], id[24], more[24] = "", detail[1024];
	bool err = ro_status_is_error(r->status);
	size_t extra = (r->ncodes ? r->ncodes - 1 : 0) + r->nwarnings;

	snprintf(num, sizeof num, "%zu", r->row);
	if (r->portfolio_id)
		snprintf(id, sizeof id, "%lld", (long long)r->portfolio_id);
	else
		snprintf(id, sizeof id, "new");
	/* The first code; "+N" says how many more codes and warnings the
	 * pane below lists (red when another error, else yellow). */
	if (extra > 0)
		snprintf(more, sizeof more, "+%zu", extra);
	ui_line_put(l, UI_NORMAL, num, numw, numw + 1);
	ui_line_put(l, err ? UI_ERROR : r->status == RO_ST_SAME ? UI_DIM :
	    UI_OK, ro_status_code(r->status), 4, 4);
	ui_line_put(l, r->ncodes > 1 ? UI_ERROR : UI_WARN, more, 3, 4);
	ui_line_put(l, UI_NORMAL, r->username, 16, 17);
	ui_line_put(l, UI_NORMAL, id, 7, 8);
	if (err && r->nmessages > 0)
		ui_line_put(l, UI_NORMAL, r->messages[0], -1, 0);
	else if (r->nchanges > 0) {
		changes_text(r, detail, sizeof detail);
		ui_line_put(l, UI_NORMAL, detail, -1, 0);
	} else if (r->created_by) {
		snprintf(detail, sizeof detail, "created by batch %lld",
		    (long long)r->created_by);
		ui_line_put(l, UI_DIM, detail, -1, 0);
	} else if (r->ncreates > 0) {
		new_text(r, detail, sizeof detail);
		ui_line_put(l, UI_NORMAL, detail, -1, 0);
	} else {
		ui_line_put(l, UI_DIM, r->status == RO_ST_NEW ? "new portfolio" :
		    "no change", -1, 0);
	}
}

/* A line that begins with a code ("E30  …", "W11  …") in its colour. */
static ui_role code_role(const char *s)
{
	if ((s[0] != 'E' && s[0] != 'W') || s[1] < '0' || s[1] > '9')
		return UI_NORMAL;
	return s[0] == 'E' ? UI_ERROR : UI_WARN;
}

void plan_row_pane(const ro_plan_row *r, bool oneroster, WINDOW *w, int y,
    int h, int cols)
{
	char text[8192], head[160];
	ui_lines ls = { 0 };
	int shown;

	if (h <= 0)
		return;
	snprintf(head, sizeof head, "%s%zu · %s", oneroster ?
	    "users.csv:" : "Row ", r->row, ro_status_code(r->status));
	ui_fill(w, y, 0, cols, UI_HEAD);
	ui_text(w, y, 1, cols - 2, UI_HEAD, head);
	plan_row_text(r, text, sizeof text);
	ui_lines_wrap(&ls, text, cols - 4);
	while (ls.n > 0 && ls.line[ls.n - 1][0] == '\0')
		free(ls.line[--ls.n]);
	shown = (int)ls.n <= h - 1 ? (int)ls.n : h - 2;
	for (int i = 0; i < shown; i++)
		ui_text(w, y + 1 + i, 2, cols - 4, code_role(ls.line[i]),
		    ls.line[i]);
	if (shown < (int)ls.n)
		ui_text(w, y + 1 + shown, 2, cols - 4, UI_DIM,
		    "… more: Enter shows the whole row.");
	ui_lines_free(&ls);
}
