/* cli.c — the command table, argument parsing and dispatch.
 *
 * Global options may stand before or after the command.  Each command
 * declares its options in its own file (cmd_*.c); an unknown command or
 * option is a one-line message and exit 2. */
#include "cli.h"
#include "cli_int.h"

#include <roster/error.h>
#include <roster/hold.h>
#include <roster/text.h>

#include <locale.h>
#include <malloc.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#define ROSTER_VERSION "0.1.0"

extern const cli_command cmd_init, cmd_site_add, cmd_site_list,
	cmd_group_add, cmd_group_list, cmd_account_add, cmd_list, cmd_signin,
	cmd_reset_passwords, cmd_move_group, cmd_set_grad_year,
	cmd_deactivate, cmd_reactivate, cmd_batches, cmd_undo, cmd_audit,
	cmd_export, cmd_import, cmd_status_codes, cmd_settings,
	cmd_unlock, cmd_db_copy,
	cmd_year_end;

/* The commands, in the order --help lists them. */
static const cli_command *const commands[] = {
	&cmd_init, &cmd_site_add, &cmd_site_list, &cmd_group_add,
	&cmd_group_list, &cmd_account_add, &cmd_list, &cmd_signin,
	&cmd_reset_passwords, &cmd_move_group, &cmd_set_grad_year,
	&cmd_deactivate, &cmd_reactivate, &cmd_batches, &cmd_undo, &cmd_audit,
	&cmd_export, &cmd_import, &cmd_status_codes, &cmd_settings,
	&cmd_unlock,
	&cmd_db_copy,
	&cmd_year_end,
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const cli_option global_options[] = {
	{ "db", CLI_REQ, "--db PATH             the database: a file, or a postgresql:// URI or libpq string (default $ROSTER_DB, else the config file, else $XDG_DATA_HOME/roster/roster.db)" },
	{ "user", CLI_REQ, "--user NAME           who is acting (default $ROSTER_USER, else the config file)" },
	{ "password-file", CLI_REQ, "--password-file FILE  that account's password (else asked on the terminal)" },
	{ "site", CLI_REQ, "--site NAME           the site to act on (district accounts; default $ROSTER_SITE, else the config file)" },
	{ "help", CLI_NONE, "--help                this help" },
	{ "version", CLI_NONE, "--version             the version" },
	{ NULL, CLI_NONE, NULL },
};

/* Under --format json an error is also one JSON object on stdout (0 off,
 * 1 on, 2 the command's own document is out: no second one). */
static int json_errors;

void cli_json_printed(void)
{
	if (json_errors)
		json_errors = 2;
}

/* "roster: message" on stderr; with --format json, {"error": CODE,
 * "message": TEXT, "status": N} on stdout as well. */
static int report(int status, const char *code, const char *msg)
{
	/* Messages carry data (file names, cells, names): sanitised like
	 * every other string from data that reaches a terminal. */
	char *clean = ro_text_sanitize(msg);

	fprintf(stderr, "roster: %s\n", clean ? clean : msg);
	free(clean);
	if (json_errors == 1 && status) {
		OUT_JSON_OBJECT(stdout, JSON_STR("error", code),
		    JSON_STR("message", msg), JSON_INT("status", status));
		putchar('\n');
		json_errors = 2;
	}
	return status;
}

int cli_fail(int status, const char *fmt, ...)
{
	/* The code of an error the front end finds, by its exit status. */
	static const char *const codes[] = { "", "rows", "usage", "io",
		"conflict", "denied", "neednew" };
	va_list ap;
	char *msg = NULL;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	report(status, status >= 0 && status <= 6 ? codes[status] : "io",
	    n < 0 ? fmt : msg);
	if (n >= 0)
		free(msg);
	return status;
}

int cli_engine_fail(int code)
{
	/* "RO_EBUSY" -> "busy" */
	const char *name = ro_error_name(code);
	char lower[32];
	size_t i = 0;

	if (strncmp(name, "RO_E", 4) == 0)
		name += 4;
	for (; name[i] && i < sizeof lower - 1; i++)
		lower[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ?
		    name[i] - 'A' + 'a' : name[i]);
	lower[i] = '\0';
	/* The engine states the hold's facts; the next step is ours. */
	ro_hold_why why = RO_HOLD_NONE;
	size_t need = code == RO_EHOLD ? ro_hold_needed(&why) : 0;
	char *text = NULL;

	if (why != RO_HOLD_NONE) {
		if (asprintf(&text, "%s: confirm with --confirm %zu",
		    ro_error_last(), need) < 0)
			text = NULL;
	} else {
		text = cli_error_text();
	}
	int st = report(cli_exit_status(code), lower, text ? text :
	    ro_error_last());

	free(text);
	return st;
}

static int option_index(const cli_option *opts, const char *name, size_t len)
{
	for (int i = 0; opts && opts[i].name; i++)
		if (strlen(opts[i].name) == len &&
		    strncmp(opts[i].name, name, len) == 0)
			return i;
	return -1;
}

const char *cli_opt(const cli_args *a, const char *name)
{
	int i = option_index(a->cmd->options, name, strlen(name));

	return i >= 0 && a->set[i] ? a->values[i] : NULL;
}

bool cli_flag(const cli_args *a, const char *name)
{
	int i = option_index(a->cmd->options, name, strlen(name));

	return i >= 0 && a->set[i];
}

static void print_options(FILE *f, const cli_option *o)
{
	for (; o && o->name; o++)
		fprintf(f, "  %s\n", o->help);
}

static void usage_all(FILE *f)
{
	fputs("usage: roster [global options] [command] [options]\n\n"
	    "With no command, roster opens the terminal interface.\n\n"
	    "Commands:\n", f);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-16s %s\n", commands[i]->name,
		    commands[i]->summary);
	fputs("\nGlobal options (before or after the command):\n", f);
	print_options(f, global_options);
	fputs("\nExit status: 0 done; 1 the file has rows with errors; 2 usage "
	    "error;\n3 a file could not be read; 4 conflict or database busy; "
	    "5 not allowed;\n6 a new password or security answers are "
	    "required.\nSee roster(1).\n", f);
}

static void usage_command(FILE *f, const cli_command *c)
{
	fprintf(f, "usage: roster %s\n\n%s\n", c->usage, c->summary);
	if (c->options && c->options[0].name) {
		fputs("\nOptions:\n", f);
		print_options(f, c->options);
	}
	fputs("\nGlobal options: --db PATH, --user NAME, --password-file FILE, "
	    "--site NAME.\n", f);
}

/* Which command argv names (one or two words); *used receives how many
 * words it took. */
static const cli_command *find_command(char **words, size_t n, size_t *used)
{
	char two[64];

	if (n >= 2) {
		snprintf(two, sizeof two, "%s %s", words[0], words[1]);
		for (size_t i = 0; i < NCOMMANDS; i++)
			if (strcmp(commands[i]->name, two) == 0) {
				*used = 2;
				return commands[i];
			}
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (n >= 1 && strcmp(commands[i]->name, words[0]) == 0) {
			*used = 1;
			return commands[i];
		}
	return NULL;
}

/* Short options: few, so a table of aliases for long ones. */
static const struct {
	const char *command;
	char letter;
	const char *option;
} short_options[] = {
	{ "export", 'o', "output" },
};

/* The option of command c spelled -X, or -1. */
static int short_index(const cli_command *c, char x)
{
	for (size_t i = 0; c && i < sizeof short_options /
	    sizeof short_options[0]; i++)
		if (short_options[i].letter == x &&
		    strcmp(short_options[i].command, c->name) == 0)
			return option_index(c->options, short_options[i].option,
			    strlen(short_options[i].option));
	return -1;
}

/* Is s an option (--name, or -X of command c) rather than a value? */
static bool is_option_word(const cli_command *c, const char *s)
{
	if (strncmp(s, "--", 2) == 0)
		return true;
	return s[0] == '-' && s[1] && !s[2] && c &&
	    short_index(c, s[1]) >= 0;
}

/* The command named by the words so far (NULL while unknown). */
static const cli_command *command_so_far(char **w, size_t nw)
{
	size_t used;

	return nw ? find_command(w, nw, &used) : NULL;
}

/* Where each global option goes, by name (not by its place in
 * global_options): a value into cli_args, or a flag. */
static void set_global(cli_args *a, const char *name, const char *val,
    bool *help, bool *version)
{
	const struct {
		const char *name;
		const char **value;
		bool *flag;
	} to[] = {
		{ "db", &a->db, NULL },
		{ "user", &a->user, NULL },
		{ "password-file", &a->password_file, NULL },
		{ "site", &a->site, NULL },
		{ "help", NULL, help },
		{ "version", NULL, version },
	};

	for (size_t i = 0; i < sizeof to / sizeof to[0]; i++)
		if (strcmp(to[i].name, name) == 0) {
			if (to[i].value)
				*to[i].value = val;
			else
				*to[i].flag = true;
			return;
		}
}

/* Splits argv into words (command and positional) and options. */
static int parse(cli_args *a, int argc, char **argv, char ***words,
    size_t *nwords, bool *help, bool *version)
{
	char **w = calloc((size_t)argc + 1, sizeof *w);
	size_t nw = 0;
	/* Options are checked against the command once it is known; keep
	 * them in order meanwhile. */
	char **opts = calloc((size_t)argc + 1, sizeof *opts);
	size_t no = 0;

	if (!w || !opts) {
		free(w);
		free(opts);
		return cli_fail(3, "out of memory");
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (++i < argc)
				w[nw++] = argv[i];
			break;
		}
		if (strncmp(argv[i], "--", 2) == 0) {
			opts[no++] = argv[i];
			const char *name = argv[i] + 2;
			const char *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			int gi = option_index(global_options, name, len);
			/* A required argument may follow as the next word. */
			if (!eq && i + 1 < argc) {
				bool req = gi >= 0 &&
				    global_options[gi].arg == CLI_REQ;
				if (!req && nw > 0) {
					size_t used;
					const cli_command *c = find_command(w,
					    nw, &used);
					int ci = c ? option_index(c->options,
					    name, len) : -1;
					req = ci >= 0 &&
					    c->options[ci].arg == CLI_REQ;
				}
				if (req)
					opts[no++] = argv[++i];
			}
			continue;
		}
		/* A short option (-o FILE) of the command named before it. */
		if (argv[i][0] == '-' && argv[i][1] && !argv[i][2]) {
			const cli_command *c = command_so_far(w, nw);
			int ci = c ? short_index(c, argv[i][1]) : -1;
			if (ci >= 0) {
				opts[no++] = argv[i];
				if (c->options[ci].arg == CLI_REQ && i + 1 < argc)
					opts[no++] = argv[++i];
				continue;
			}
		}
		if (argv[i][0] == '-' && argv[i][1]) {
			free(w);
			free(opts);
			return cli_fail(2, "unknown option %s (options are "
			    "spelled --name; see roster --help)", argv[i]);
		}
		w[nw++] = argv[i];
	}

	size_t used = 0;
	const cli_command *c = nw ? find_command(w, nw, &used) : NULL;
	if (nw && !c) {
		int st = cli_fail(2, "unknown command '%s' (see roster --help)",
		    w[0]);
		free(w);
		free(opts);
		return st;
	}
	a->cmd = c;
	for (size_t i = 0; i < no; i++) {
		bool is_short = opts[i][1] != '-';
		int si = is_short && c ? short_index(c, opts[i][1]) :
		    -1;
		if (is_short && si < 0) {
			int st = cli_fail(2, "unknown option %s (see roster "
			    "--help)", opts[i]);
			free(w);
			free(opts);
			return st;
		}
		const char *name = is_short ? c->options[si].name : opts[i] + 2;
		const char *eq = is_short ? NULL : strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		int gi = is_short ? -1 : option_index(global_options, name, len);
		int ci = c ? option_index(c->options, name, len) : -1;
		const cli_option *o = ci >= 0 ? &c->options[ci] :
		    gi >= 0 ? &global_options[gi] : NULL;
		const char *val = eq ? eq + 1 : NULL;

		if (!o) {
			int st = cli_fail(2, "unknown option --%.*s%s%s%s",
			    (int)len, name, c ? " for '" : "",
			    c ? c->name : "", c ? "' (see its --help)" :
			    " (see roster --help)");
			free(w);
			free(opts);
			return st;
		}
		if (o->arg == CLI_REQ && !val) {
			if (i + 1 < no && !is_option_word(c, opts[i + 1]))
				val = opts[++i];
			else {
				free(w);
				free(opts);
				return cli_fail(2, "--%s needs a value",
				    o->name);
			}
		}
		if (o->arg == CLI_NONE && val) {
			free(w);
			free(opts);
			return cli_fail(2, "--%s takes no value", o->name);
		}
		if (ci >= 0) {
			a->set[ci] = true;
			a->values[ci] = val;
		} else {
			set_global(a, o->name, val, help, version);
		}
	}
	free(opts);
	*words = w;
	*nwords = nw;
	for (size_t i = used; i < nw; i++) {
		if (a->npos == CLI_MAX_POS)
			break;
		a->pos[a->npos++] = w[i];
	}
	return 0;
}

static void harden(void)
{
	/* Secrets pass through this process: no core file may hold them. */
	struct rlimit rl = { 0, 0 };

	setrlimit(RLIMIT_CORE, &rl);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	/* A file size limit (ulimit -f) makes a write fail with EFBIG, which
	 * is reported and cleaned up, instead of killing us half-way through
	 * a file (the mailer gets the default action back). */
	signal(SIGXFSZ, SIG_IGN);
}

int cli_main(int argc, char **argv, cli_interactive_fn interactive)
{
	cli_args a;
	char **words = NULL;
	size_t nwords = 0;
	bool help = false, version = false;
	int st;

	setlocale(LC_ALL, "");
	harden();
	/* The sign-in's Argon2 takes 19 MiB.  Kept in the heap once freed,
	 * it is reused by the work that follows instead of being unmapped
	 * and faulted in afresh (5,000 page faults fewer in a 100,000-row
	 * trial run; bench/RESULTS.md). */
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	memset(&a, 0, sizeof a);
	/* Known before the options are checked, so that a usage error is
	 * JSON too. */
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--format=json") == 0 ||
		    (strcmp(argv[i], "--format") == 0 && i + 1 < argc &&
		    strcmp(argv[i + 1], "json") == 0))
			json_errors = 1;
	if ((st = parse(&a, argc, argv, &words, &nwords, &help, &version)))
		return st;
	if (version) {
		free(words);
		printf("roster %s\n", ROSTER_VERSION);
		return 0;
	}
	if (help) {
		if (a.cmd)
			usage_command(stdout, a.cmd);
		else
			usage_all(stdout);
		free(words);
		return 0;
	}
	if ((st = cli_config_apply(&a))) {
		free(words);
		return st;
	}
	cli_error_user(a.user);
	if (!a.cmd) {
		free(words);
		return cli_tui(&a, interactive);
	}
	if (a.npos < a.cmd->min_pos || a.npos > a.cmd->max_pos) {
		free(words);
		return cli_fail(2, "usage: roster %s", a.cmd->usage);
	}
	st = a.cmd->run(&a);
	cli_json_printed();
	free(words);
	fflush(stdout);
	if (ferror(stdout))
		return cli_fail(3, "could not write the output");
	return st;
}
