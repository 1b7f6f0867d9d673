/* browse.c — the directory browser of Choose File: the list widget over a
 * folder's entries, folders first; Enter opens a folder or chooses a
 * file. */
#include "screens.h"
#include "listw.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

typedef struct entry {
	char *name;
	bool dir;
	bool bundle;             /* a folder holding manifest.csv: OneRoster */
	off_t size;
	time_t mtime;
} entry;

typedef struct browse {
	ui_screen base;
	char dir[4096];
	char chosen[8192];
	char title[128];
	entry *e;
	size_t n, cap;
	listw list;
} browse;

static const char help[] =
    "Choose File\n\n"
    "The folders and files of the folder in the title; upload files end in "
    ".xlsx or .csv, OneRoster bundles are a .zip or a folder holding "
    "manifest.csv (shown as \"OneRoster\").  Enter opens a folder or "
    "chooses a file or a bundle (→ opens a bundle's folder); Backspace or "
    "← goes up to the parent folder; / finds an entry by its first "
    "letters; ~ goes to your home folder.\n\n"
    "Over SSH the file must be on this server: the line above the keys "
    "shows the scp command that copies a FILE from your own computer into "
    "the folder shown.\n";

static void entries_free(browse *b)
{
	for (size_t i = 0; i < b->n; i++)
		free(b->e[i].name);
	b->n = 0;
}

static int entry_cmp(const void *a, const void *b)
{
	const entry *x = a, *y = b;

	if (strcmp(x->name, "..") == 0)
		return -1;
	if (strcmp(y->name, "..") == 0)
		return 1;
	if (x->dir != y->dir)
		return x->dir ? -1 : 1;
	return strcasecmp(x->name, y->name);
}

static void read_dir(browse *b)
{
	DIR *d = opendir(b->dir);
	struct dirent *de;

	entries_free(b);
	while (d != NULL && (de = readdir(d)) != NULL) {
		char path[8192];
		struct stat st;

		if (strcmp(de->d_name, ".") == 0 ||
		    (de->d_name[0] == '.' && strcmp(de->d_name, "..") != 0))
			continue;
		if (strcmp(de->d_name, "..") == 0 && strcmp(b->dir, "/") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", b->dir, de->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (b->n == b->cap) {
			size_t cap = b->cap ? b->cap * 2 : 64;
			entry *e = realloc(b->e, cap * sizeof *e);

			if (e == NULL)
				break;
			b->e = e;
			b->cap = cap;
		}
		b->e[b->n] = (entry){ .name = strdup(de->d_name),
		    .dir = S_ISDIR(st.st_mode), .size = st.st_size,
		    .mtime = st.st_mtime };
		if (b->e[b->n].dir && strcmp(de->d_name, "..") != 0) {
			struct stat ms;
			char man[8300];

			snprintf(man, sizeof man, "%s/manifest.csv", path);
			b->e[b->n].bundle = stat(man, &ms) == 0 &&
			    S_ISREG(ms.st_mode);
		}
		if (b->e[b->n].name != NULL)
			b->n++;
	}
	if (d != NULL)
		closedir(d);
	qsort(b->e, b->n, sizeof *b->e, entry_cmp);
	/* The title shows the end of a long path. */
	size_t dl = strlen(b->dir);
	snprintf(b->title, sizeof b->title, "Choose File: %s%.60s",
	    dl > 60 ? "…" : "", dl > 60 ? b->dir + dl - 60 : b->dir);
	b->base.title = b->title;
	b->list.top = b->list.cur = 0;
	b->list.empty = d == NULL ? "This folder cannot be read." :
	    "(empty folder)";
	lw_reload(&b->list);
}

static size_t br_count(void *ctx)
{
	return ((browse *)ctx)->n;
}

static int64_t br_key(void *ctx, size_t i)
{
	(void)ctx;
	return (int64_t)i;
}

static bool is_upload_file(const char *name)
{
	size_t n = strlen(name);

	return (n > 5 && strcasecmp(name + n - 5, ".xlsx") == 0) ||
	    (n > 4 && strcasecmp(name + n - 4, ".csv") == 0) ||
	    (n > 4 && strcasecmp(name + n - 4, ".zip") == 0);
}

static void br_render(void *ctx, size_t i, ui_line *l)
{
	browse *b = ctx;
	const entry *e = &b->e[i];
	char name[1024], size[32], when[32];
	int namew = l->width - l->cols - 30;

	snprintf(name, sizeof name, "%s%s", e->name, e->dir ? "/" : "");
	if (e->bundle)
		snprintf(size, sizeof size, "OneRoster");
	else if (e->dir)
		snprintf(size, sizeof size, "folder");
	else if (e->size < 10240)
		snprintf(size, sizeof size, "%lld B", (long long)e->size);
	else
		snprintf(size, sizeof size, "%lld KiB", (long long)e->size / 1024);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M", localtime(&e->mtime));
	ui_line_put(l, e->bundle ? UI_OK : e->dir ? UI_HEAD :
	    is_upload_file(e->name) ? UI_OK :
	    UI_DIM, name, namew, namew + 1);
	ui_line_put(l, UI_NORMAL, size, 10, 12);
	ui_line_put(l, UI_NORMAL, when, -1, 0);
}

static void br_header(void *ctx, ui_line *l)
{
	int namew = l->width - l->cols - 30;

	(void)ctx;
	ui_line_put(l, UI_HEAD, "Name", namew, namew + 1);
	ui_line_put(l, UI_HEAD, "Size", 10, 12);
	ui_line_put(l, UI_HEAD, "Modified", -1, 0);
}

static const char *br_text(void *ctx, size_t i)
{
	return ((browse *)ctx)->e[i].name;
}

static int br_seek(void *ctx, const char *prefix, size_t from, size_t *at)
{
	return lw_seek_linear(br_count(ctx), br_text, ctx, prefix, from, at);
}

static void br_layout(ui_screen *s, int lines, int cols)
{
	browse *b = (browse *)s;
	char hint[16];

	/* Over SSH a line above the key help tells how to bring a file
	 * here from the admin's own computer. */
	lw_layout(&b->list, 1, 0, lines - (ui_scp_hint(hint, sizeof hint, "/",
	    true) ? 3 : 2), cols);
}

static void br_draw(ui_screen *s, WINDOW *w)
{
	browse *b = (browse *)s;
	char hint[8192], line[8300];

	lw_draw(&b->list, w);
	if (ui_scp_hint(hint, sizeof hint, b->dir, true)) {
		snprintf(line, sizeof line, "From your computer: %s", hint);
		ui_text(w, s->app->lines - 2, 0, s->app->cols, UI_DIM, line);
	}
}

static void go_dir(browse *b, const char *name)
{
	char next[8192];
	char *real;

	if (strcmp(name, "..") == 0) {
		char *slash = strrchr(b->dir, '/');

		if (slash == b->dir)
			snprintf(next, sizeof next, "/");
		else if (slash != NULL)
			snprintf(next, sizeof next, "%.*s", (int)(slash - b->dir),
			    b->dir);
		else
			return;
	} else if (name[0] == '/') {
		snprintf(next, sizeof next, "%s", name);
	} else {
		snprintf(next, sizeof next, "%s%s%s", b->dir,
		    strcmp(b->dir, "/") == 0 ? "" : "/", name);
	}
	real = realpath(next, NULL);
	if (real == NULL)
		return;
	snprintf(b->dir, sizeof b->dir, "%s", real);
	free(real);
	read_dir(b);
}

static int br_key_fn(ui_screen *s, int ch)
{
	browse *b = (browse *)s;
	int r;

	if (ch == K(KEY_MOUSE)) {
		r = lw_mouse(&b->list, &s->app->mouse);
		if (r != 2)
			return UI_HANDLED;
		ch = '\n';
	} else if (lw_key(&b->list, ch) != UI_IGNORED) {
		return UI_HANDLED;
	}
	switch (ch) {
	case '\n':
	case K(KEY_RIGHT):
		if (b->n == 0)
			return UI_HANDLED;
		if (b->e[b->list.cur].dir && (ch == K(KEY_RIGHT) ||
		    !b->e[b->list.cur].bundle)) {
			go_dir(b, b->e[b->list.cur].name);
			return UI_HANDLED;
		}
		if (ch == K(KEY_RIGHT))
			return UI_HANDLED;
		snprintf(b->chosen, sizeof b->chosen, "%s%s%s", b->dir,
		    strcmp(b->dir, "/") == 0 ? "" : "/", b->e[b->list.cur].name);
		s->result = 1;
		return UI_POP;
	case K(KEY_BACKSPACE):
	case K(KEY_LEFT):
	case '-':
		go_dir(b, "..");
		return UI_HANDLED;
	case '~':
		if (getenv("HOME") != NULL)
			go_dir(b, getenv("HOME"));
		return UI_HANDLED;
	default:
		return UI_IGNORED;
	}
}

static void br_free(ui_screen *s)
{
	browse *b = (browse *)s;

	entries_free(b);
	free(b->e);
	lw_free(&b->list);
	free(b);
}

static const ui_screen_ops br_ops = {
	.name = "browse", .layout = br_layout, .draw = br_draw,
	.key = br_key_fn, .free = br_free,
};

ui_screen *browse_new(ui_app *app, const char *start)
{
	browse *b = calloc(1, sizeof *b);
	lw_source src = {
		.count = br_count, .key = br_key,
		.render = br_render, .header = br_header, .seek = br_seek,
	};
	char *want = ui_expand_home(start && start[0] ? start : ".");
	char *real;
	struct stat st;
	char base[256] = "";

	if (b == NULL) {
		free(want);
		return NULL;
	}
	b->base.ops = &br_ops;
	b->base.app = app;
	b->base.keyhelp = "↑↓ move  Enter open/choose  ← Backspace up  / find  "
	    "~ home  ? help  Esc cancel";
	b->base.help = help;
	src.ctx = b;
	lw_init(&b->list, src, false);
	/* Start in the folder of the typed path, or its nearest parent, on
	 * the typed file when it is there. */
	while (want != NULL && (stat(want, &st) != 0 || !S_ISDIR(st.st_mode))) {
		char *slash = strrchr(want, '/');

		if (base[0] == '\0')
			snprintf(base, sizeof base, "%s", slash ? slash + 1 : want);
		if (slash == NULL) {
			strcpy(want, ".");
			break;
		}
		if (slash == want)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
	real = want ? realpath(want, NULL) : NULL;
	snprintf(b->dir, sizeof b->dir, "%s", real ? real : "/");
	free(real);
	free(want);
	read_dir(b);
	for (size_t i = 0; base[0] && i < b->n; i++)
		if (strcmp(b->e[i].name, base) == 0)
			b->list.cur = i;
	return &b->base;
}

const char *browse_path(ui_screen *s)
{
	return ((browse *)s)->chosen;
}
