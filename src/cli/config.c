/* config.c — $XDG_CONFIG_HOME/roster/config: the database, user and site
 * a host's admin would otherwise give on every command.  `key = value`
 * lines, # comments.  The command line wins over the environment, which
 * wins over the file, which wins over the defaults.  A file that another
 * user can write could point roster at their database: refused. */
#include "cli_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const keys[] = { "db", "user", "site" };
#define NKEYS (sizeof keys / sizeof keys[0])

/* The values live as long as the process: the arguments point at them. */
static char *values[NKEYS];

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		*--e = '\0';
	return s;
}

static int parse_line(const char *path, size_t n, char *line)
{
	char *eq = strchr(line, '='), *key, *val;
	size_t k;

	line = trim(line);
	if (!*line || *line == '#')
		return 0;
	if (!eq)
		return cli_fail(2, "%s:%zu: expected key = value", path, n);
	*eq = '\0';
	key = trim(line);
	val = trim(eq + 1);
	for (k = 0; k < NKEYS && strcmp(keys[k], key) != 0; k++)
		;
	if (k == NKEYS)
		return cli_fail(2, "%s:%zu: unknown key '%s' (the keys are "
		    "db, user and site)", path, n, key);
	if (!*val)
		return cli_fail(2, "%s:%zu: %s has no value", path, n, key);
	if (values[k])
		return cli_fail(2, "%s:%zu: %s is given twice", path, n, key);
	if (!(values[k] = strdup(val)))
		return cli_fail(3, "out of memory");
	return 0;
}

static int read_config(const char *path)
{
	FILE *f = fopen(path, "re");
	struct stat sb;
	char line[4096];
	size_t n = 0;
	int st = 0;

	/* One this user cannot reach (a HOME that is another user's, as
	 * under sudo -u) cannot steer it either: as if there were none. */
	if (!f)
		return errno == ENOENT || errno == ENOTDIR || errno == EACCES ?
		    0 : cli_fail(2, "cannot read %s: %s", path,
		    strerror(errno));
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode))
		st = cli_fail(2, "%s is not a regular file", path);
	else if (sb.st_uid != geteuid() || (sb.st_mode & 022))
		st = cli_fail(2, "%s can be changed by %s: refused (chmod "
		    "go-w it, or remove it)", path, sb.st_uid != geteuid() ?
		    "another user (it is not yours)" : "other users");
	while (!st && fgets(line, sizeof line, f)) {
		n++;
		if (!strchr(line, '\n') && !feof(f))
			st = cli_fail(2, "%s:%zu: line too long", path, n);
		else
			st = parse_line(path, n, line);
	}
	fclose(f);
	return st;
}

int cli_config_apply(cli_args *a)
{
	const char *home = getenv("XDG_CONFIG_HOME");
	char *path = NULL;
	int st;

	if (home && *home == '/')
		st = asprintf(&path, "%s/roster/config", home);
	else if ((home = getenv("HOME")) && *home)
		st = asprintf(&path, "%s/.config/roster/config", home);
	else
		st = 0;
	if (st < 0)
		return cli_fail(3, "out of memory");
	st = path ? read_config(path) : 0;
	free(path);
	if (st)
		return st;
	/* The environment (ROSTER_DB is read where the default is made). */
	if (!a->user)
		a->user = getenv("ROSTER_USER");
	if (!a->site && getenv("ROSTER_SITE") && *getenv("ROSTER_SITE"))
		a->site = getenv("ROSTER_SITE");
	/* Then the file. */
	if (!a->db && !(getenv("ROSTER_DB") && *getenv("ROSTER_DB")))
		a->db = values[0];
	if (!a->user)
		a->user = values[1];
	if (!a->site)
		a->site = values[2];
	return 0;
}
