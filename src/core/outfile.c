/* outfile.c — where the program may write a file (outfile.h).
 *
 * The writers themselves never write into what is at the path: they
 * write a temporary file beside it and rename it into place (the sheet
 * writer, the slips).  A rename replaces a name, whatever it named, so the
 * check comes first: "roster export --all -o roster.db" would otherwise
 * put a spreadsheet where the database was, and "-o /dev/null" as root a
 * regular file where the device was.  A file that appears between the
 * check and the rename is not replaced either unless replacing was asked
 * for (the writers rename with RENAME_NOREPLACE). */
#include "core_int.h"

#include <roster/outfile.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int ro_db_protect_file(ro_db *db, const char *path)
{
	char **v;

	if (!db || !path || !*path)
		return 0;
	if (!(v = realloc(db->protect, (db->nprotect + 1) * sizeof *v)))
		return ro_error_set(RO_ENOMEM, "out of memory");
	db->protect = v;
	if (!(v[db->nprotect] = strdup(path)))
		return ro_error_set(RO_ENOMEM, "out of memory");
	db->nprotect++;
	return 0;
}

/* The absolute name of path with its folder resolved (symbolic links,
 * "..") and its last part as given: two spellings of one name compare
 * equal even when the file does not exist yet.  false when the folder
 * cannot be resolved. */
static bool canonical(char out[PATH_MAX], const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char dir[PATH_MAX], real[PATH_MAX];

	if (slash == path)
		snprintf(dir, sizeof dir, "/");
	else if (slash)
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	else
		snprintf(dir, sizeof dir, ".");
	if (!realpath(dir, real))
		return false;
	return snprintf(out, PATH_MAX, "%s/%s", strcmp(real, "/") ? real : "",
	    base) < PATH_MAX;
}

/* Is the file at target (canonical name tname, stat *tst when it exists)
 * the file p, by name or by identity (a hard link)? */
static bool same_file(const char *tname, const struct stat *tst,
    const char *p)
{
	char pname[PATH_MAX];
	struct stat pst;

	if (canonical(pname, p) && strcmp(pname, tname) == 0)
		return true;
	return tst && stat(p, &pst) == 0 && pst.st_dev == tst->st_dev &&
	    pst.st_ino == tst->st_ino;
}

/* RO_EINVAL naming what path is when it is the database, one of its side
 * files or a protected file; 0 otherwise. */
static int check_protected(ro_db *db, const char *path,
    const struct stat *tst)
{
	static const char *const sides[] = { "", "-wal", "-shm", "-journal" };
	char tname[PATH_MAX], side[PATH_MAX + 16];

	if (!db || !canonical(tname, path))
		return 0;
	for (size_t i = 0; db->path && i < sizeof sides / sizeof sides[0];
	    i++) {
		snprintf(side, sizeof side, "%s%s", db->path, sides[i]);
		if (same_file(tname, tst, side))
			return ro_error_set(RO_EINVAL, i ? "%s is the %s file "
			    "of the open database; nothing was written" : "%s is "
			    "the open database; nothing was written", path,
			    sides[i] + 1);
	}
	for (size_t i = 0; i < db->nprotect; i++)
		if (same_file(tname, tst, db->protect[i]))
			return ro_error_set(RO_EINVAL, "%s is a password file "
			    "given to this command; nothing was written", path);
	return 0;
}

static const char *kind_of(mode_t m)
{
	if (S_ISDIR(m))
		return "a folder";
	if (S_ISCHR(m) || S_ISBLK(m))
		return "a device";
	if (S_ISFIFO(m))
		return "a FIFO (named pipe)";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISLNK(m))
		return "a symbolic link";
	return "not a regular file";
}

int ro_outfile_check(ro_db *db, const char *path, unsigned flags)
{
	struct stat st;
	int rc;

	if (!path || !*path)
		return ro_error_set(RO_EINVAL, "no file name given");
	if (lstat(path, &st) != 0) {
		/* Nothing there (or a folder we cannot look into: the
		 * writer then says why it cannot create the file). */
		return check_protected(db, path, NULL);
	}
	if (!S_ISREG(st.st_mode))
		return ro_error_set(RO_EINVAL, "%s is %s; only a regular file "
		    "is written, and nothing was", path, kind_of(st.st_mode));
	if ((rc = check_protected(db, path, &st)))
		return rc;
	if (!(flags & RO_WRITE_REPLACE))
		return ro_error_set(RO_EEXISTS, "%s already exists; nothing "
		    "was written", path);
	return 0;
}

int ro_outfile_free_name(char *out, size_t n, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash + 1 : path, '.');
	size_t stem;
	struct stat st;

	/* "name.xlsx" gets "name-2.xlsx"; ".hidden" has no extension. */
	if (dot == (slash ? slash + 1 : path))
		dot = NULL;
	stem = dot ? (size_t)(dot - path) : strlen(path);
	for (int k = 1; k < 1000; k++) {
		int w = k == 1 ? snprintf(out, n, "%s", path) :
		    snprintf(out, n, "%.*s-%d%s", (int)stem, path, k,
		    dot ? dot : "");

		if (w < 0 || (size_t)w >= n)
			return ro_error_set(RO_EINVAL, "%s: the name is too long",
			    path);
		if (lstat(out, &st) != 0 && errno == ENOENT)
			return 0;
	}
	return ro_error_set(RO_EEXISTS, "%s and 998 names like it are taken",
	    path);
}
