/* store_open.c — opening an SQLite store: the header check that refuses
 * a file that is not ours before SQLite may write to it, creating the
 * file, the connection's settings, closing and destroying. */
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* 'ROST' in PRAGMA application_id: how we know a file is ours. */
#define RO_APPLICATION_ID 0x524F5354

/* Is it a roster file?  Read the SQLite header ourselves first, so that a
 * spreadsheet or a text file passed as --db is refused without SQLite
 * ever opening it for writing. */
static int check_header(const char *path)
{
	unsigned char hdr[100];
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return ro_error_set(RO_EIO, "%s: %s", path, strerror(errno));
	ssize_t n = read(fd, hdr, sizeof hdr);
	close(fd);
	if (n == 0)
		return ro_error_set(RO_ENOTDB, "%s is an empty file, not a "
		    "roster database", path);
	if (n < (ssize_t)sizeof hdr || memcmp(hdr, "SQLite format 3", 16) != 0)
		return ro_error_set(RO_ENOTDB, "%s is not a roster database "
		    "(not an SQLite file); it was left untouched", path);
	uint32_t appid = (uint32_t)hdr[68] << 24 | (uint32_t)hdr[69] << 16 |
	    (uint32_t)hdr[70] << 8 | hdr[71];
	if (appid != RO_APPLICATION_ID)
		return ro_error_set(RO_ENOTDB, "%s is an SQLite database but "
		    "not a roster database; it was left untouched", path);
	return 0;
}

static int make_parent_dirs(const char *path)
{
	char *dup = strdup(path);

	if (!dup)
		return RO_ENOMEM;
	for (char *p = dup + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dup, 0700) != 0 && errno != EEXIST) {
			int e = errno;
			free(dup);
			return ro_error_set(RO_EIO, "cannot create %s: %s",
			    path, strerror(e));
		}
		*p = '/';
	}
	free(dup);
	return 0;
}

static int create_file(const char *path)
{
	int rc = make_parent_dirs(path);
	if (rc)
		return rc;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return ro_error_set(RO_EEXISTS, "%s already exists; "
			    "a new database never overwrites it", path);
		return ro_error_set(RO_EIO, "cannot create %s: %s", path,
		    strerror(errno));
	}
	close(fd);
	return 0;
}

static int configure(ro_sq *st)
{
	int rc;

	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_busy_timeout(st->db, ro_store_busy_default());
	if ((rc = ro_sq_exec(st, "PRAGMA foreign_keys = ON;")))
		return rc;
	if ((rc = ro_sq_exec(st, "PRAGMA journal_mode = WAL;")))
		return rc;
	/* NORMAL is durable across application crashes in WAL mode; a power
	 * loss may lose the last commit but never corrupts. */
	if ((rc = ro_sq_exec(st, "PRAGMA synchronous = NORMAL;")))
		return rc;
	return ro_sq_exec(st, "PRAGMA cache_size = -16384;");
}

int ro_sq_open(ro_store **out, const char *path, bool create)
{
	ro_sq *st;
	int rc;

	*out = NULL;
	if (create) {
		if ((rc = create_file(path)))
			return rc;
	} else {
		if (access(path, F_OK) != 0)
			return ro_error_next_set(ro_error_set(RO_ENODB, "no "
			    "database at %s", path), RO_NEXT_INIT);
		if ((rc = check_header(path)))
			return rc;
	}
	/* No count of SQLite's memory (nothing reads it): its lock around
	 * every allocation is spared.  Only before SQLite starts; later
	 * calls are refused harmlessly. */
	static bool configured;
	if (!configured) {
		configured = true;
		(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	}
	st = calloc(1, sizeof *st);
	if (!st)
		return RO_ENOMEM;
	st->base.be = &ro_sqlite_backend;
	st->path = strdup(path);
	/* NOMUTEX: a store is used by one thread at a time (the worker
	 * pool hashes, it never touches the database), so the connection's
	 * own lock around every call (a tenth of a large batch's time) is
	 * not needed. */
	rc = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOMUTEX,
	    NULL);
	if (rc != SQLITE_OK) {
		rc = ro_sq_sqlerr(st, rc, "open");
		goto fail;
	}
	/* SQLite opens a file this user may not write read-only, silently. */
	st->read_only = sqlite3_db_readonly(st->db, "main") == 1;
	if (create) {
		/* Before WAL is on, so that the id lands in the file's header
		 * at once and not only in the write-ahead log. */
		char buf[64];
		snprintf(buf, sizeof buf, "PRAGMA application_id = %d;",
		    RO_APPLICATION_ID);
		if ((rc = ro_sq_exec(st, buf)))
			goto fail;
	}
	if ((rc = configure(st)))
		goto fail;
	if ((rc = ro_sq_migrate(st)))
		goto fail;
	if ((rc = ro_sq_triggers_check(st)))
		goto fail;
	*out = &st->base;
	return 0;
fail:
	if (create)
		ro_sq_destroy(&st->base);
	else
		ro_sq_close(&st->base);
	return rc;
}

/* The file and the side files SQLite made beside it in WAL mode. */
void ro_sq_destroy(ro_store *base)
{
	ro_sq *st = ro_sq_of(base);
	char *path = strdup(st->path ? st->path : "");
	static const char *const sides[] = { "", "-wal", "-shm" };

	ro_sq_close(base);
	for (size_t i = 0; path && *path && i < 3; i++) {
		size_t n = strlen(path) + 5;
		char *side = malloc(n);
		if (!side)
			break;
		snprintf(side, n, "%s%s", path, sides[i]);
		unlink(side);
		free(side);
	}
	free(path);
}

void ro_sq_close(ro_store *base)
{
	ro_sq *st = ro_sq_of(base);

	if (!st)
		return;
	for (size_t i = 0; i < st->ncache; i++)
		sqlite3_finalize(st->cache[i].stmt);
	ro_sq_lists_free(st);
	for (size_t i = 0; i < st->nupdates; i++)
		sqlite3_finalize(st->updates[i].stmt);
	sqlite3_finalize(st->bulk);
	for (size_t i = 0; i < 8; i++)
		sqlite3_finalize(st->copy[i]);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

bool ro_sq_read_only(ro_store *base)
{
	return ro_sq_of(base)->read_only;
}
