/* ui.h — the terminal interface's core: the app and its screen stack, the
 * one event loop, colour roles, the rich line buffer and the sanitiser.
 *
 * A screen is a struct of callbacks (tmux's window_mode, ncdu's x_draw /
 * x_key): layout() after a resize, draw() paints from the model and never
 * changes it, key() changes the model and never paints.  Handlers return
 * flags as htop's do.  Dialogs stack over their parent: the loop draws the
 * stack bottom up, so a dialog's parent stays visible around it. */
#ifndef ROSTER_TUI_UI_H
#define ROSTER_TUI_UI_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include <roster/db.h>
#include <roster/signin.h>

#define UI_MIN_COLS 80
#define UI_MIN_LINES 24

/* Key handler results. */
enum {
	UI_IGNORED = 0,   /* not mine: the loop tries its global keys */
	UI_HANDLED = 1,
	UI_REDRAW = 2,    /* the model changed (every frame redraws anyway) */
	UI_POP = 4,       /* close this screen */
	UI_QUIT = 8,      /* leave the program */
	UI_REPLACE = 16   /* replace this screen with app->pending */
};

/* Keys as screens see them: characters are their code points; function
 * keys are K(KEY_…), moved above Unicode so that no character (say Ł,
 * U+0141, which collides with ncurses' KEY_ range) is mistaken for one.
 * Enter is '\n' and backspace K(KEY_BACKSPACE) whatever the terminal
 * sends. */
#define K(x) ((x) + 0x200000)
#define UI_ESC 27
#define UI_CTRL(c) ((c) & 0x1f)

/* Colour roles; without colour (NO_COLOR, monochrome) each maps to
 * bold / reverse / underline. */
typedef enum ui_role {
	UI_NORMAL = 0,
	UI_TITLE,      /* title bar and key help line */
	UI_CURSOR,     /* the row or field under the cursor */
	UI_ERROR,      /* bold red: error codes, failures */
	UI_WARN,       /* yellow: warnings */
	UI_OK,         /* green: NEW/UPD, success */
	UI_DIM,        /* secondary text, disabled fields */
	UI_HEAD,       /* column headers, section titles */
	UI_FIELD,      /* an input field's area */
	UI_ROLE__COUNT
} ui_role;

typedef struct ui_app ui_app;
typedef struct ui_screen ui_screen;

typedef struct ui_screen_ops {
	const char *name;
	/* Sets geometry (and loads what the new size shows): on push and
	 * after every resize.  May be NULL. */
	void (*layout)(ui_screen *s, int lines, int cols);
	void (*draw)(ui_screen *s, WINDOW *w);
	int (*key)(ui_screen *s, int ch);
	/* A dialog pushed by this screen closed (its result is in child). */
	int (*child_closed)(ui_screen *s, ui_screen *child);
	/* Called once after the frame that first shows the screen; for
	 * screens that run engine work (progress) or re-read data. */
	int (*idle)(ui_screen *s);
	void (*free)(ui_screen *s);
} ui_screen_ops;

struct ui_screen {
	const ui_screen_ops *ops;
	ui_app *app;
	const char *title;    /* shown in the title bar */
	const char *keyhelp;  /* the one-line key help */
	const char *help;     /* the full help (`?`), lines split on \n */
	bool dialog;          /* drawn over its parent */
	bool want_idle;       /* call ops->idle after the next frame */
	int result;           /* a dialog's answer, read by child_closed */
	int tag;              /* what the parent asked this dialog for */
	/* What the parent does with this dialog's answer, carried by the
	 * dialog (as tmux's cmd-confirm-before carries its callback): called
	 * instead of the parent's child_closed when set (ui_ask). */
	int (*answered)(ui_screen *parent, ui_screen *dialog);
};

struct ui_app {
	ro_db *db;
	ro_session *session;      /* admin, staff, district */
	ro_signin *signin;        /* a portfolio at "My account" */
	ui_screen **stack;
	size_t depth, cap;
	int lines, cols;
	bool too_small;
	bool quit;
	bool color;
	ui_screen *pending;       /* for UI_REPLACE */
	MEVENT mouse;             /* the event behind the last KEY_MOUSE */
	int cursor_y, cursor_x;   /* where draw wants the terminal cursor,
	                             -1: hidden (reset every frame) */
	int last_task;            /* the task last chosen in a list, + 1 */
	char message[256];        /* one-line notice shown above key help */
	ui_role message_role;
};

/* loop.c */
/* SIGINT, SIGTERM and SIGHUP end the loop so that curses is left cleanly. */
void ui_signals_init(void);
/* The signal that ended the loop, 0 when none. */
int ui_signal_caught(void);
void ui_push(ui_app *app, ui_screen *s);
/* Pushes dialog d (NULL: out of memory, nothing happens) carrying the
 * parent's answer handler. */
void ui_ask(ui_app *app, ui_screen *d,
    int (*answered)(ui_screen *parent, ui_screen *dialog));
/* Replaces the top screen (freed) with s. */
void ui_replace(ui_app *app, ui_screen *s);
/* Pops the top screen, frees it after telling the parent. */
void ui_pop(ui_app *app);
ui_screen *ui_top(ui_app *app);
/* Draws the whole stack and updates the terminal once (wnoutrefresh +
 * doupdate).  Used by the loop and by the progress callback. */
void ui_render(ui_app *app);
/* The one event loop: until the stack is empty or quit. */
void ui_run(ui_app *app);
/* A key if one is waiting, else -1, without blocking (for progress
 * callbacks, which run inside engine calls).  Handles resizes. */
int ui_poll_key(ui_app *app);
/* Non-zero when a key waits to be read (ctx unused): the stop test of
 * work done between keys (ro_list_rank_until). */
int ui_input_pending(void *ctx);
/* The rows between the title bar and the key help line. */
int ui_body_top(const ui_app *app);
int ui_body_lines(const ui_app *app);
/* Shows a one-line notice until the next key. */
void ui_notice(ui_app *app, ui_role role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Where the terminal cursor goes when no field wants it (a list's
 * current row, for screen readers); the last call of a frame wins. */
void ui_cursor_hint(int y, int x);
/* Pops every screen above the first one (sign in). */
void ui_pop_to_root(ui_app *app);

/* draw.c */
void ui_colors_init(ui_app *app);
attr_t ui_attr(ui_role r);
short ui_pair(ui_role r);
void ui_set_role(WINDOW *w, ui_role r);
/* Fills a row with spaces in a role. */
void ui_fill(WINDOW *w, int y, int x, int width, ui_role r);
/* Draws data or UI text at (y, x), sanitised, clipped to width display
 * columns; returns the columns used. */
int ui_text(WINDOW *w, int y, int x, int width, ui_role r, const char *s);
/* Same, right-padded with spaces to exactly width columns. */
void ui_text_pad(WINDOW *w, int y, int x, int width, ui_role r,
    const char *s);
/* A box (dialog frame) with a title, cleared inside. */
void ui_box(WINDOW *w, int y, int x, int h, int wd, const char *title);
/* Centres a dialog of h x wd in the screen; returns its top-left. */
void ui_center(const ui_app *app, int h, int wd, int *y, int *x);
/* Display width of data text after sanitising. */
int ui_width(const char *s);

/* A rich line (htop's RichString): a row formatted into a buffer of wide
 * characters with a role each, then drawn in one go. */
#define UI_LINE_MAX 512
typedef struct ui_line {
	wchar_t ch[UI_LINE_MAX];
	unsigned char role[UI_LINE_MAX];
	int n;          /* characters */
	int cols;       /* display columns used */
	int width;      /* columns available */
} ui_line;
void ui_line_init(ui_line *l, int width);
/* Appends s (sanitised) clipped to maxcols columns (-1: to the end),
 * padded with spaces to pad columns (0: no padding). */
void ui_line_put(ui_line *l, ui_role r, const char *s, int maxcols, int pad);
/* Pads with spaces to column col. */
void ui_line_to(ui_line *l, int col);
/* Draws the line at (y, x), padded to its width; extra attributes (the
 * cursor's reverse) are or'ed into every cell. */
void ui_line_draw(const ui_line *l, WINDOW *w, int y, int x, attr_t extra);

/* sanitize.c — data text through the engine's one sanitiser
 * (ro_text_sanitize), decoded into at most max wide characters that are
 * safe to draw.  Returns how many. */
int ui_sane_decode(const char *s, wchar_t *out, int max);
/* The sanitised string as UTF-8 into out (cut at a character). */
void ui_sanitize(char *out, size_t outlen, const char *in);
/* s sanitised, for a value put into a text that is later split into lines
 * (a detail dialog, a message): a newline in a name shows as ^J instead of
 * starting a line of its own that could pass for a field ("Account type:
 * admin").  One of 16 rotating buffers of UI_SANE_MAX bytes: several may
 * be used in one snprintf.  NULL gives "". */
#define UI_SANE_MAX 2048
const char *ui_sane(const char *s);

/* keys.c — the common escape sequences of PgUp/PgDn/Home/End/F1-F4 and
 * the arrows taught to ncurses whatever terminfo says (call after
 * keypad()); ui_key_after_esc() is called when ncurses returned a bare
 * Esc: the Esc, or -2 when it began an escape sequence it did not know
 * (read and dropped). */
void ui_keys_init(void);
int ui_key_after_esc(bool polling);

/* wrap.c — text as lines no wider than a width: split on \n, wrapped at
 * spaces (a word wider than the line is cut). */
typedef struct ui_lines {
	char **line;
	size_t n, cap;
} ui_lines;
void ui_lines_wrap(ui_lines *t, const char *text, int width);
void ui_lines_free(ui_lines *t);

/* scp.c: over SSH (SSH_CONNECTION set), the command that copies path
 * between the admin's own computer and this server into out — to it
 * ("scp user@host:/abs/path ."), or with to_server, into the folder path
 * ("scp FILE user@host:/abs/folder/"); false when not over SSH. */
bool ui_scp_hint(char *out, size_t n, const char *path, bool to_server);

/* Today's date "YYYY-MM-DD" (for default file names). */
void ui_today(char out[11]);
/* Expands a leading ~/ to $HOME; returns a malloc'd path. */
char *ui_expand_home(const char *path);

#endif
