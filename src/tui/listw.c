/* listw.c — the paged check-box list widget (listw.h). */
#include "listw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <roster/error.h>

void lw_init(listw *l, lw_source src, bool checkboxes)
{
	memset(l, 0, sizeof *l);
	l->src = src;
	l->checkboxes = checkboxes;
	l->empty = "(no rows)";
}

void lw_free(listw *l)
{
	free(l->set);
	l->set = NULL;
	l->nset = l->capset = 0;
}

int lw_rows(const listw *l)
{
	int r = l->h - 1 - (l->src.header != NULL);

	return r > 0 ? r : 1;
}

static void fetch(listw *l)
{
	size_t rows = (size_t)lw_rows(l);
	size_t n;

	if (l->total == 0 || l->src.fetch == NULL)
		return;
	n = l->total - l->top < rows ? l->total - l->top : rows;
	l->err = l->src.fetch(l->src.ctx, l->top, n);
	if (l->err < 0)
		snprintf(l->errmsg, sizeof l->errmsg, "%s", ro_error_last());
}

/* Keeps cur in range and visible, top in range, then loads the rows. */
static void settle(listw *l)
{
	size_t rows = (size_t)lw_rows(l);
	size_t maxtop = l->total > rows ? l->total - rows : 0;

	if (l->total == 0) {
		l->top = l->cur = 0;
		return;
	}
	if (l->cur >= l->total)
		l->cur = l->total - 1;
	if (l->cur < l->top)
		l->top = l->cur;
	if (l->cur >= l->top + rows)
		l->top = l->cur - rows + 1;
	if (l->top > maxtop)
		l->top = maxtop;
	fetch(l);
}

void lw_layout(listw *l, int y, int x, int h, int w)
{
	l->y = y;
	l->x = x;
	l->h = h;
	l->w = w;
	settle(l);
}

void lw_reload(listw *l)
{
	l->total = l->src.count(l->src.ctx);
	l->counting = false;
	settle(l);
}

void lw_goto(listw *l, size_t i)
{
	l->cur = i;
	settle(l);
}

void lw_rebase(listw *l, size_t total, ptrdiff_t shift)
{
	ptrdiff_t top = (ptrdiff_t)l->top + shift;
	ptrdiff_t cur = (ptrdiff_t)l->cur + shift;

	l->top = top > 0 ? (size_t)top : 0;
	l->cur = cur > 0 ? (size_t)cur : 0;
	l->total = total;
	l->placing = l->counting = false;
	settle(l);
}

/* --- selection: a sorted set of keys ------------------------------------ */

static size_t set_find(const listw *l, int64_t key, bool *found)
{
	size_t lo = 0, hi = l->nset;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->set[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < l->nset && l->set[lo] == key;
	return lo;
}

static void set_toggle(listw *l, int64_t key)
{
	bool found;
	size_t at = set_find(l, key, &found);

	if (found) {
		memmove(l->set + at, l->set + at + 1,
		    (l->nset - at - 1) * sizeof *l->set);
		l->nset--;
		return;
	}
	if (l->nset == l->capset) {
		size_t cap = l->capset ? l->capset * 2 : 64;
		int64_t *s = realloc(l->set, cap * sizeof *s);

		if (s == NULL)
			return;
		l->set = s;
		l->capset = cap;
	}
	memmove(l->set + at + 1, l->set + at, (l->nset - at) * sizeof *l->set);
	l->set[at] = key;
	l->nset++;
}

bool lw_is_selected(const listw *l, int64_t key)
{
	bool found;

	set_find(l, key, &found);
	return l->all ? !found : found;
}

size_t lw_selected(const listw *l)
{
	if (l->all)
		return l->total > l->nset ? l->total - l->nset : 0;
	return l->nset;
}

void lw_select_none(listw *l)
{
	l->all = false;
	l->nset = 0;
}

const int64_t *lw_selection(const listw *l, bool *all, size_t *n)
{
	*all = l->all;
	*n = l->nset;
	return l->set;
}

void lw_status(const listw *l, char *buf, size_t n)
{
	size_t rows = (size_t)lw_rows(l);
	size_t pages = l->total ? (l->total + rows - 1) / rows : 1;
	size_t page = l->total ? l->cur / rows + 1 : 1;

	if (l->total && l->cur == l->total - 1)
		page = pages;
	if (l->placing && l->checkboxes)
		snprintf(buf, n, "%zu selected · page … (counting)", l->nset);
	else if (l->placing)
		snprintf(buf, n, "page … (counting)");
	else if (l->counting)
		snprintf(buf, n, "%zu selected · page %zu of … (counting)",
		    l->nset, page);
	else if (l->checkboxes)
		snprintf(buf, n, "%zu selected · page %zu of %zu", lw_selected(l),
		    page, pages);
	else
		snprintf(buf, n, "page %zu of %zu", page, pages);

}

/* --- drawing ------------------------------------------------------------- */

void lw_draw(const listw *l, WINDOW *w)
{
	int y = l->y;
	int rows = lw_rows(l);
	ui_line line;
	char status[128];

	if (l->src.header != NULL) {
		ui_line_init(&line, l->w);
		/* The header's box selects all (a click, or a). */
		if (l->checkboxes)
			ui_line_put(&line, UI_HEAD, l->all && l->nset == 0 &&
			    l->total ? "[x]" : "[ ]", -1, 4);
		l->src.header(l->src.ctx, &line);
		for (int i = 0; i < line.n; i++)
			line.role[i] = UI_HEAD;
		ui_line_draw(&line, w, y++, l->x, 0);
	}
	if (l->err < 0) {
		ui_text_pad(w, y, l->x, l->w, UI_ERROR, l->errmsg);
	} else if (l->total == 0) {
		ui_text_pad(w, y, l->x, l->w, UI_DIM, l->empty);
	} else {
		for (int r = 0; r < rows && l->top + (size_t)r < l->total; r++) {
			size_t i = l->top + (size_t)r;

			ui_line_init(&line, l->w);
			if (l->checkboxes) {
				bool on = lw_is_selected(l,
				    l->src.key(l->src.ctx, i));
				ui_line_put(&line, UI_NORMAL, on ? "[x]" : "[ ]",
				    -1, 4);
			}
			l->src.render(l->src.ctx, i, &line);
			ui_line_draw(&line, w, y + r, l->x,
			    i == l->cur ? A_REVERSE : 0);
		}
	}
	if (l->finding) {
		char find[96];

		snprintf(find, sizeof find, "Find: %s%s", l->find,
		    l->find_missed ? "  (not found)" : "");
		ui_text_pad(w, l->y + l->h - 1, l->x, l->w,
		    l->find_missed ? UI_ERROR : UI_HEAD, find);
		ui_cursor_hint(l->y + l->h - 1, l->x + 6 + ui_width(l->find));
	} else if (l->checkboxes || l->total > (size_t)rows) {
		lw_status(l, status, sizeof status);
		ui_text_pad(w, l->y + l->h - 1, l->x, l->w, UI_HEAD, status);
	}
	/* Screen readers follow the terminal's cursor: keep it on the row
	 * under the list's cursor (the find prompt while it is open). */
	if (!l->finding && l->total > 0 && l->cur >= l->top &&
	    l->cur < l->top + (size_t)rows && l->err >= 0)
		ui_cursor_hint(y + (int)(l->cur - l->top), l->x);
}

/* --- keys ---------------------------------------------------------------- */

static void find_update(listw *l)
{
	size_t at;
	int r;

	if (l->find[0] == '\0' || l->src.seek == NULL) {
		l->find_missed = false;
		return;
	}
	r = l->src.seek(l->src.ctx, l->find, 0, &at);
	l->find_missed = r != 0;
	if (r == 0) {
		/* The source has loaded the rows from `at` on: start the page
		 * there so that no other fetch is needed. */
		l->top = at;
		l->cur = at;
		settle(l);
	}
}

static int find_key(listw *l, int ch)
{
	size_t len = strlen(l->find);

	switch (ch) {
	case UI_ESC:
	case '\n':
		l->finding = false;
		return UI_HANDLED;
	case K(KEY_BACKSPACE):
		while (len > 0 && ((unsigned char)l->find[len - 1] & 0xC0) == 0x80)
			len--;
		if (len > 0)
			len--;
		l->find[len] = '\0';
		find_update(l);
		return UI_HANDLED;
	default:
		if (ch >= 0x20 && ch < K(0) && ch != 0x7F) {
			char mb[8];
			int k = wctomb(mb, (wchar_t)ch);

			if (k > 0 && len + (size_t)k < sizeof l->find) {
				memcpy(l->find + len, mb, (size_t)k);
				l->find[len + (size_t)k] = '\0';
				find_update(l);
			}
			return UI_HANDLED;
		}
		/* Any other key closes the prompt and acts as usual. */
		l->finding = false;
		return UI_IGNORED;
	}
}

static void toggle_current(listw *l)
{
	if (l->total == 0)
		return;
	set_toggle(l, l->src.key(l->src.ctx, l->cur));
}

/* The list's key table (tmux's key tables, htop's Panel keys). */
typedef enum lw_act {
	LA_UP, LA_DOWN, LA_PGDN, LA_PGUP, LA_HOME, LA_END, LA_TICK, LA_ALL,
	LA_NONE, LA_FIND
} lw_act;

static const struct {
	int key;
	lw_act act;
} lw_keys[] = {
	{ K(KEY_UP), LA_UP }, { 'k', LA_UP },
	{ K(KEY_DOWN), LA_DOWN }, { 'j', LA_DOWN },
	{ K(KEY_NPAGE), LA_PGDN }, { UI_CTRL('f'), LA_PGDN },
	{ K(KEY_PPAGE), LA_PGUP }, { UI_CTRL('b'), LA_PGUP },
	{ K(KEY_HOME), LA_HOME }, { 'g', LA_HOME },
	{ K(KEY_END), LA_END }, { 'G', LA_END },
	{ ' ', LA_TICK }, { 'a', LA_ALL }, { 'n', LA_NONE }, { '/', LA_FIND },
};

int lw_key(listw *l, int ch)
{
	size_t rows = (size_t)lw_rows(l);
	size_t maxtop = l->total > rows ? l->total - rows : 0;
	size_t i;

	if (l->finding) {
		int r = find_key(l, ch);

		if (r != UI_IGNORED)
			return r;
	}
	for (i = 0; i < sizeof lw_keys / sizeof lw_keys[0]; i++)
		if (lw_keys[i].key == ch)
			break;
	if (i == sizeof lw_keys / sizeof lw_keys[0])
		return UI_IGNORED;
	switch (lw_keys[i].act) {
	case LA_UP:
		if (l->cur > 0)
			l->cur--;
		break;
	case LA_DOWN:
		if (l->cur + 1 < l->total)
			l->cur++;
		break;
	case LA_PGDN:
		if (l->top + rows <= maxtop) {
			l->top += rows;
			l->cur += rows;
		} else {
			l->top = maxtop;
			l->cur = l->cur + rows < l->total ? l->cur + rows :
			    (l->total ? l->total - 1 : 0);
		}
		break;
	case LA_PGUP:
		l->top = l->top > rows ? l->top - rows : 0;
		l->cur = l->cur > rows ? l->cur - rows : 0;
		break;
	case LA_HOME:
		l->top = l->cur = 0;
		break;
	case LA_END:
		l->cur = l->total ? l->total - 1 : 0;
		l->top = maxtop;
		break;
	case LA_TICK:
		if (!l->checkboxes)
			return UI_IGNORED;
		toggle_current(l);
		if (l->cur + 1 < l->total)
			l->cur++;
		break;
	case LA_ALL:
		/* A rule, not a tick per row: "all except these". */
		if (!l->checkboxes)
			return UI_IGNORED;
		l->all = true;
		l->nset = 0;
		return UI_HANDLED;
	case LA_NONE:
		if (!l->checkboxes)
			return UI_IGNORED;
		lw_select_none(l);
		return UI_HANDLED;
	case LA_FIND:
		if (l->src.seek == NULL)
			return UI_IGNORED;
		l->finding = true;
		l->find[0] = '\0';
		l->find_missed = false;
		return UI_HANDLED;
	}
	settle(l);
	return UI_HANDLED;
}

bool lw_on_row(const listw *l, const MEVENT *ev)
{
	int first = l->y + (l->src.header != NULL);

	return (ev->bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED |
	    BUTTON1_DOUBLE_CLICKED)) && ev->y >= first &&
	    ev->y < first + lw_rows(l) && ev->x >= l->x &&
	    ev->x < l->x + l->w && l->top + (size_t)(ev->y - first) < l->total;
}

int lw_mouse(listw *l, const MEVENT *ev)
{
	int first = l->y + (l->src.header != NULL);
	int rows = lw_rows(l);

	if (ev->y < l->y || ev->y >= l->y + l->h || ev->x < l->x ||
	    ev->x >= l->x + l->w)
		return 0;
	if (ev->bstate & BUTTON4_PRESSED) {
		l->cur = l->cur > 3 ? l->cur - 3 : 0;
		settle(l);
		return 1;
	}
	if (ev->bstate & BUTTON5_PRESSED) {
		l->cur += 3;
		settle(l);
		return 1;
	}
	if (!(ev->bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED |
	    BUTTON1_DOUBLE_CLICKED)))
		return 0;
	if (l->checkboxes && l->src.header != NULL && ev->y == l->y &&
	    ev->x < l->x + 4) {
		if (l->all && l->nset == 0)
			lw_select_none(l);
		else {
			l->all = true;
			l->nset = 0;
		}
		return 1;
	}
	if (ev->y < first || ev->y >= first + rows)
		return 1;
	size_t i = l->top + (size_t)(ev->y - first);

	if (i >= l->total)
		return 1;
	if (l->checkboxes && ev->x < l->x + 4) {
		l->cur = i;
		toggle_current(l);
		return 1;
	}
	if (i == l->cur || (ev->bstate & BUTTON1_DOUBLE_CLICKED)) {
		l->cur = i;
		return 2;
	}
	l->cur = i;
	return 1;
}
