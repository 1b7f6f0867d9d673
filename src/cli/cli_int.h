/* cli_int.h — what the command files share: parsed arguments, opening the
 * database and the acting session, reading secrets, and output. */
#ifndef ROSTER_CLI_INT_H
#define ROSTER_CLI_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <roster/db.h>
#include <roster/portfolio.h>
#include "cli.h"

enum cli_arg { CLI_NONE, CLI_REQ, CLI_OPT };

typedef struct cli_option {
	const char *name;       /* long name without "--" */
	enum cli_arg arg;
	const char *help;       /* "--name VALUE  what it does" line */
} cli_option;

#define CLI_MAX_OPTS 24
#define CLI_MAX_POS 8

typedef struct cli_args {
	const struct cli_command *cmd;
	const char *values[CLI_MAX_OPTS];
	bool set[CLI_MAX_OPTS];
	const char *pos[CLI_MAX_POS];
	size_t npos;
	/* global options */
	const char *db;
	const char *user;
	const char *password_file;
	const char *site;
} cli_args;

typedef struct cli_command {
	const char *name;       /* "list", "site add" */
	int (*run)(cli_args *a);
	const char *usage;      /* after "roster " */
	const char *summary;    /* one line */
	const cli_option *options; /* NULL-terminated by name */
	size_t min_pos, max_pos;
	bool needs_session;     /* acts as --user */
} cli_command;

/* roster with no command: interactive (the terminal interface) on the
 * database the options name. */
int cli_tui(cli_args *a, cli_interactive_fn interactive);

/* Option lookup by long name. */
const char *cli_opt(const cli_args *a, const char *name);
bool cli_flag(const cli_args *a, const char *name);

/* Prints "roster: message" to stderr; returns status. */
int cli_fail(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Reports the engine's last error and returns its exit status. */
int cli_engine_fail(int code);
/* engine_error.c: SPEC's exit status for an engine code (0 for RO_OK);
 * the engine's last message with its next step phrased for the command
 * line (malloc'd; NULL when out of memory); the user that phrase names. */
int cli_exit_status(int code);
char *cli_error_text(void);
void cli_error_user(const char *user);
/* Under --format json, the two above also print {"error": CODE,
 * "message": TEXT, "status": N} on stdout, unless the command has
 * already printed its JSON document and says so with this: */
void cli_json_printed(void);

/* Fills --db, --user and --site where the command line left them out:
 * from ROSTER_USER, ROSTER_SITE (ROSTER_DB: see ro_db_default_path), then
 * $XDG_CONFIG_HOME/roster/config (config.c).  Exit status 2 with the
 * line named on a bad file, or 0. */
int cli_config_apply(cli_args *a);

/* Opens --db (or the default) and signs in --user. */
int cli_open_db(cli_args *a, ro_db **db);
int cli_open_session(cli_args *a, ro_db **db, ro_session **s);
/* The frame of a command that does one thing as --user: reads --format
 * (one of formats; NULL when the command has none), opens the session,
 * runs fn, reports fn's engine error, closes.  fn returns 0 or a negative
 * RO_E code; ctx is passed through.  Returns the exit status. */
typedef int (*cli_session_fn)(cli_args *a, ro_session *s, int fmt,
    const void *ctx);
int cli_session_run(cli_args *a, const char *formats, cli_session_fn fn,
    const void *ctx);

/* A secret from FILE (first line) or, when file is NULL, from the
 * terminal without echo.  A file others can read draws a warning.
 * Returns malloc'd text (wipe and free) or NULL with the message
 * printed. */
char *cli_read_secret(const char *file, const char *prompt);
/* Asks twice on the terminal, for new passwords. */
char *cli_read_new_secret(const char *file, const char *prompt);
void cli_secret_free(char *s);

/* The search mode and --only/--inactive of a SELECTION; ids are kept in
 * *ids (free them).  Exit status 2 with a message on misuse. */
int cli_selection(cli_args *a, ro_selection *sel, int64_t **ids);
/* The SELECTION options, for a command's option table. */
#define CLI_SELECTION_OPTIONS \
	{ "last-name", CLI_REQ, "--last-name PREFIX   Last Name begins with" }, \
	{ "group", CLI_REQ, "--group NAME         Group" }, \
	{ "grad-year", CLI_REQ, "--grad-year YEAR     Graduation Year" }, \
	{ "all", CLI_NONE, "--all                All Users in Site" }, \
	{ "inactive", CLI_NONE, "--inactive           inactive portfolios instead of active ones" }, \
	{ "only", CLI_REQ, "--only ID,ID,...     just these portfolios of the list" }

/* --format of the commands that print sentences; json prints an object
 * instead (roster(1) has each command's). */
#define CLI_TEXT_FORMAT_OPTION \
	{ "format", CLI_REQ, "--format text|json   output format" }
/* --limit N (1 … 100000; 0 when absent) and --after CURSOR (a positive
 * id; 0 when absent) of the paged commands (list, audit); exit status 2
 * with a message on a bad one. */
int cli_page_options(const cli_args *a, size_t *limit, int64_t *after);
#define CLI_PAGE_OPTIONS \
	{ "limit", CLI_REQ, "--limit N            at most N rows (a page)" }, \
	{ "after", CLI_REQ, "--after CURSOR       the page after CURSOR (printed as next)" }

/* Output format from --format (table when absent); -1 and a message on a
 * bad one.  allowed: e.g. "table,csv,json". */
enum cli_format { FMT_TABLE, FMT_CSV, FMT_JSON };
int cli_format(const cli_args *a, const char *allowed);

/* Output helpers: JSON strings, CSV cells, sanitised table cells. */
void out_json_string(FILE *f, const char *s);
/* A non-negative JSON number, without printf (a hot path). */
void out_json_uint(FILE *f, unsigned long long v);
/* One JSON object, {"key": value, "key": value}, in the layout every
 * --format json shares (other programs parse it: the bytes must not
 * drift between commands).  The fields are a list of JSON_STR, JSON_INT,
 * JSON_ID and JSON_BOOL, checked by the compiler for their type:
 *     OUT_JSON_OBJECT(stdout, JSON_INT("id", p->id),
 *         JSON_STR("name", p->name));                                  */
typedef struct out_json_field {
	const char *key;        /* NULL ends the list */
	enum { OUT_JSON_STR, OUT_JSON_INT, OUT_JSON_ID, OUT_JSON_BOOL } type;
	const char *s;          /* JSON_STR: NULL is null */
	long long i;            /* JSON_INT; JSON_ID, where 0 (none) is null */
	bool b;                 /* JSON_BOOL */
} out_json_field;
#define JSON_STR(k, v) { .key = (k), .type = OUT_JSON_STR, .s = (v) }
#define JSON_INT(k, v) { .key = (k), .type = OUT_JSON_INT, .i = (v) }
#define JSON_ID(k, v) { .key = (k), .type = OUT_JSON_ID, .i = (v) }
#define JSON_BOOL(k, v) { .key = (k), .type = OUT_JSON_BOOL, .b = (v) }
#define OUT_JSON_OBJECT(f, ...) \
	out_json_object((f), (const out_json_field[]){ __VA_ARGS__, \
	    { .key = NULL } })
void out_json_object(FILE *f, const out_json_field *fields);
/* The same fields without the braces, for an object that goes on with
 * lists of its own:  {FIELDS, "skipped": [...]} */
#define OUT_JSON_FIELDS(f, ...) \
	out_json_fields((f), (const out_json_field[]){ __VA_ARGS__, \
	    { .key = NULL } })
void out_json_fields(FILE *f, const out_json_field *fields);
/* {"site": SITE, "NAME": [ : the head of a command's list of NAME. */
void out_json_site_list(FILE *f, const char *site, const char *name);
/* The head, then the n items of size bytes each, an object a line
 * written by object(f, item), and the "]": the caller ends the object. */
void out_json_site_items(FILE *f, const char *site, const char *name,
    const void *items, size_t n, size_t size,
    void (*object)(FILE *f, const void *item));
void out_csv_cell(FILE *f, const char *s);
/* Prints s sanitised, cut/padded to width columns (0: as is). */
void out_cell(FILE *f, const char *s, size_t width);
/* True when stdout is a terminal that takes colour (not NO_COLOR). */
bool out_color(FILE *f);

/* Files through pipes (stdio_file.c).  cli_stdin_file reads standard
 * input, at most limit bytes, into an unlinked private temporary file
 * and puts a name that opens it into path (valid while *fd is open:
 * close it after).  cli_stdout_dir makes a private temporary folder to
 * write a file into; cli_stdout_copy copies that file (NULL: none) to
 * standard output and removes it and the folder.  Exit status or 0. */
int cli_stdin_file(char *path, size_t size, int *fd, long long limit);
int cli_stdout_dir(char *dir, size_t size);
int cli_stdout_copy(const char *dir, const char *path);

/* The progress bar of long work (progress.c): drawn on stderr only when
 * stderr is a terminal ("[#####-----] 5000/10000  280/s  0:18 left"),
 * nothing otherwise.  While it runs, Ctrl-C asks the work to stop
 * (cli_progress_report then returns non-zero); a second Ctrl-C kills. */
typedef struct cli_progress {
	bool tty;
	bool drawn;
	size_t total;           /* of the phase being drawn */
	double start;           /* seconds, monotonic, when it began */
} cli_progress;
void cli_progress_start(cli_progress *p);
/* A ro_progress_fn: ctx is the cli_progress. */
int cli_progress_report(void *ctx, size_t done, size_t total);
/* Clears the bar and restores Ctrl-C; true when Ctrl-C was pressed. */
bool cli_progress_end(cli_progress *p);

/* Prints the skipped portfolios of a task, one a line. */
struct ro_task_result;
void cli_print_skips(const struct ro_task_result *r);
/* {"site": S, "task": T, "batch": N|null, "selected": N, "changed": N,
 * "unchanged": N, "skipped": [{"id", "username", "code", "reason"}]: the
 * caller adds its own fields and the closing brace. */
void cli_json_task(const struct ro_task_result *r, const char *site,
    const char *task);
/* Reads a --confirm N; -1 when absent; -2 (message printed) when bad. */
long cli_confirm(const cli_args *a);

/* site list and group list (named_list.c): the named things get returns,
 * with their portfolio counts, as a table (what heads the name column)
 * or JSON. */
struct ro_named_list;
int cli_named_list_run(cli_args *a,
    int (*get)(struct ro_named_list **out, ro_session *s), const char *what);

/* export_interop.c: roster export --format oneroster|google. */
int cli_export_interop(cli_args *a, const char *fmt, const char *path,
    bool json);

/* import_oneroster.c: what a OneRoster bundle's plan adds (the users left
 * out, the portfolios not mentioned), as a table and as JSON fields. */
struct ro_plan;
void cli_oneroster_table(const struct ro_plan *p, const char *warn,
    const char *off);
void cli_oneroster_json(const struct ro_plan *p);

#endif
