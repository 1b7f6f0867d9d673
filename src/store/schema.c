/* schema.c — the schema and its forward migrations (PRAGMA user_version).
 *
 * Each migration takes the database from version i to i + 1 inside one
 * transaction; a file newer than this program is refused. */
#include "store_int.h"

#include <stdio.h>
#include <string.h>

/* The triggers roster makes, as sqlite_master keeps their text: triggers
 * run only once every trigger of the file is known to be one of these
 * (ro_sq_triggers_check), so that a doctored file runs no SQL of its
 * own. */
#define COUNT_OLD "UPDATE portfolio_counts SET n = n - 1" \
	" WHERE site_id = coalesce(OLD.site_id, 0) AND active = OLD.active" \
	" AND group_id = coalesce(OLD.group_id, 0)" \
	" AND grad_year = coalesce(OLD.grad_year, 0);"
#define COUNT_NEW "INSERT INTO portfolio_counts VALUES" \
	" (coalesce(NEW.site_id, 0), NEW.active, coalesce(NEW.group_id, 0)," \
	" coalesce(NEW.grad_year, 0), 1)" \
	" ON CONFLICT (site_id, active, group_id, grad_year)" \
	" DO UPDATE SET n = n + 1;"
#define TRIGGER_INSERT "CREATE TRIGGER portfolio_counts_insert" \
	" AFTER INSERT ON portfolios BEGIN " COUNT_NEW " END"
#define TRIGGER_DELETE "CREATE TRIGGER portfolio_counts_delete" \
	" AFTER DELETE ON portfolios BEGIN " COUNT_OLD " END"
#define TRIGGER_UPDATE "CREATE TRIGGER portfolio_counts_update" \
	" AFTER UPDATE OF site_id, active, group_id, grad_year ON portfolios" \
	" WHEN OLD.site_id IS NOT NEW.site_id OR OLD.active IS NOT NEW.active" \
	" OR OLD.group_id IS NOT NEW.group_id" \
	" OR OLD.grad_year IS NOT NEW.grad_year" \
	" BEGIN " COUNT_OLD " " COUNT_NEW " END"

static const char *const triggers[] = {
	TRIGGER_INSERT, TRIGGER_DELETE, TRIGGER_UPDATE,
};

static const char *const migrations[] = {
	/* 0 → 1: the first schema. */
	"CREATE TABLE settings ("
	"  key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE sites ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL COLLATE NOCASE UNIQUE);"
	"CREATE TABLE groups ("
	"  id INTEGER PRIMARY KEY,"
	"  site_id INTEGER NOT NULL REFERENCES sites(id),"
	"  name TEXT NOT NULL COLLATE NOCASE,"
	"  UNIQUE (site_id, name));"
	/* Names and usernames are NOCASE so that prefix searches, keyset
	 * paging and the uniqueness of usernames all use indexes. */
	"CREATE TABLE portfolios ("
	"  id INTEGER PRIMARY KEY,"
	"  site_id INTEGER REFERENCES sites(id),"
	"  username TEXT NOT NULL COLLATE NOCASE,"
	"  first TEXT NOT NULL COLLATE NOCASE,"
	"  last TEXT NOT NULL COLLATE NOCASE,"
	"  email TEXT,"
	"  group_id INTEGER REFERENCES groups(id),"
	"  grad_year INTEGER,"
	"  type TEXT NOT NULL CHECK (type IN"
	"    ('student', 'staff', 'admin', 'district')),"
	"  sso TEXT CHECK (sso IN ('clever', 'classlink')),"
	"  sso_id TEXT,"
	"  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),"
	"  password_hash TEXT,"
	"  temp_password INTEGER NOT NULL DEFAULT 0,"
	"  sq_reset INTEGER NOT NULL DEFAULT 0,"
	"  failed_signins INTEGER NOT NULL DEFAULT 0,"
	"  first_failed_at INTEGER,"
	"  locked_until INTEGER,"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  CHECK (type = 'district' OR site_id IS NOT NULL));"
	RO_SQ_INDEX_USERNAME ";"
	RO_SQ_INDEX_LISTS
	"CREATE TABLE security_answers ("
	"  portfolio_id INTEGER NOT NULL REFERENCES portfolios(id)"
	"    ON DELETE CASCADE,"
	"  question INTEGER NOT NULL,"
	"  answer_hash TEXT NOT NULL,"
	"  PRIMARY KEY (portfolio_id, question));"
	"CREATE TABLE batches ("
	"  id INTEGER PRIMARY KEY,"
	"  site_id INTEGER NOT NULL REFERENCES sites(id),"
	"  created_at TEXT NOT NULL,"
	"  who TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  detail TEXT,"
	"  count INTEGER NOT NULL DEFAULT 0,"
	"  undone_by INTEGER REFERENCES batches(id),"
	"  undo_of INTEGER REFERENCES batches(id));"
	"CREATE INDEX batches_by_site ON batches(site_id, id);"
	/* The state of each portfolio before the batch, for undo. */
	"CREATE TABLE batch_items ("
	"  batch_id INTEGER NOT NULL REFERENCES batches(id),"
	"  portfolio_id INTEGER NOT NULL,"
	"  created INTEGER NOT NULL DEFAULT 0,"
	"  username TEXT, first TEXT, last TEXT, email TEXT,"
	"  group_id INTEGER, grad_year INTEGER, type TEXT, sso TEXT,"
	"  sso_id TEXT, active INTEGER, password_hash TEXT,"
	"  temp_password INTEGER, sq_reset INTEGER, answers TEXT,"
	"  after_version INTEGER NOT NULL,"
	"  PRIMARY KEY (batch_id, portfolio_id)) WITHOUT ROWID;"
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  who TEXT NOT NULL,"
	"  site_id INTEGER,"
	"  batch_id INTEGER,"
	"  portfolio_id INTEGER,"
	"  username TEXT,"
	"  action TEXT NOT NULL,"
	"  field TEXT,"
	"  old_value TEXT,"
	"  new_value TEXT);"
	"CREATE INDEX audit_by_site ON audit(site_id, at);",
	/* 1 → 2: how many portfolios each (site, active, group, year) has,
	 * kept by triggers, so that counting a site, a group or a year (a
	 * list's count, "select all", the blast radius, the group list) sums
	 * a few rows instead of stepping through an index range of up to a
	 * million entries (100 ms and more at 1,000,000 portfolios).  0 stands
	 * for none: NULLs would never conflict in the key. */
	"CREATE TABLE portfolio_counts ("
	"  site_id INTEGER NOT NULL, active INTEGER NOT NULL,"
	"  group_id INTEGER NOT NULL, grad_year INTEGER NOT NULL,"
	"  n INTEGER NOT NULL,"
	"  PRIMARY KEY (site_id, active, group_id, grad_year)) WITHOUT ROWID;"
	"INSERT INTO portfolio_counts SELECT coalesce(site_id, 0), active,"
	"  coalesce(group_id, 0), coalesce(grad_year, 0), count(*)"
	"  FROM portfolios GROUP BY 1, 2, 3, 4;"
	TRIGGER_INSERT ";" TRIGGER_DELETE ";" TRIGGER_UPDATE ";",
	/* 2 → 3: the key of the upload plan's fingerprint (SipHash, see
	 * src/core/plan.c), made with the database, so that a trial run
	 * writes nothing, not even on the first upload.  randomblob() is
	 * SQLite's ChaCha20 generator, seeded from the system's. */
	"INSERT OR IGNORE INTO settings (key, value)"
	"  VALUES ('plan.key', lower(hex(randomblob(16))));",
	/* 3 → 4 (oneroster): the OneRoster sourcedId a portfolio came with
	 * from a student information system, so that a later bundle finds
	 * the portfolio by it first (a username changed in the SIS is an
	 * update, not a new account).  Unique where set. */
	"ALTER TABLE portfolios ADD COLUMN sourced_id TEXT;"
	"CREATE UNIQUE INDEX portfolios_by_sourced_id ON portfolios(sourced_id)"
	"  WHERE sourced_id IS NOT NULL;",
	/* 4 → 5 (audit): the audit log in keyset pages on (at, id), searched
	 * by username and who in the index itself (store_audit.c): a search
	 * of a million entries reads no table row it does not show. */
	"DROP INDEX audit_by_site;"
	"CREATE INDEX audit_by_site ON audit"
	"  (site_id, at, id, username, who, portfolio_id);",
	/* 5 → 6 (hold): the few portfolios a task may skip whatever it is
	 * (linked to Clever/ClassLink, or not a student), with what tells
	 * them apart, so that the count the blast-radius hold asks for is
	 * the selection's count (portfolio_counts) less this index's range,
	 * not a read of every row (store_list.c, ro_store_select_exempt). */
	RO_SQ_INDEX_EXEMPT,
};

#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

static int user_version(ro_sq *st, int *out)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL);

	if (rc != SQLITE_OK)
		return ro_sq_sqlerr(st, rc, "read schema version");
	rc = sqlite3_step(s);
	*out = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return ro_sq_sqlerr(st, rc, "read schema version");
	return 0;
}

/* The version indexes the migration list: anything but 0..NMIGRATIONS
 * (a file from a newer roster, or a doctored one with a negative
 * version) is refused before it can be used as an index. */
static int version_known(ro_sq *st, int v)
{
	if (v > NMIGRATIONS)
		return ro_error_set(RO_ENOTDB, "%s was made by a newer roster "
		    "(schema %d; this one knows %d)", st->path, v, NMIGRATIONS);
	if (v < 0)
		return ro_error_set(RO_ENOTDB, "%s is not a roster database as "
		    "roster made it: its schema version is %d (this roster "
		    "knows 0 to %d); it was left untouched", st->path, v,
		    NMIGRATIONS);
	return 0;
}

int ro_sq_migrate(ro_sq *st)
{
	int v, rc;

	if ((rc = user_version(st, &v)))
		return rc;
	if ((rc = version_known(st, v)))
		return rc;
	if (v == NMIGRATIONS)
		return 0;
	if ((rc = ro_sq_begin(&st->base, true, 0)))
		return rc;
	/* Another process may have migrated while we waited for the lock. */
	if ((rc = user_version(st, &v)) || (rc = version_known(st, v)))
		goto fail;
	for (; v < NMIGRATIONS; v++) {
		char pragma[48];
		if ((rc = ro_sq_exec(st, migrations[v])))
			goto fail;
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d;",
		    v + 1);
		if ((rc = ro_sq_exec(st, pragma)))
			goto fail;
	}
	return ro_sq_commit(&st->base);
fail:
	ro_sq_rollback(&st->base);
	return rc;
}

/* A name safe to print as it is (the file's names are data). */
static bool plain(const char *name)
{
	if (!name || !*name || strlen(name) > 64)
		return false;
	for (const char *c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || *c == '_'))
			return false;
	return true;
}

int ro_sq_triggers_check(ro_sq *st)
{
	static const char sql[] = "SELECT name, sql FROM sqlite_master"
	    " WHERE type = 'trigger'";
	sqlite3_stmt *s = NULL;
	size_t n = 0, ours = sizeof triggers / sizeof triggers[0];
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);

	if (rc != SQLITE_OK)
		return ro_sq_sqlerr(st, rc, "read the schema");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);
		const char *text = (const char *)sqlite3_column_text(s, 1);
		size_t i = 0;
		while (i < ours && (!text || strcmp(text, triggers[i]) != 0))
			i++;
		if (i == ours) {
			rc = ro_error_set(RO_ENOTDB, "%s is not a roster "
			    "database as roster made it: it has a trigger "
			    "roster did not make (%s)", st->path,
			    plain(name) ? name : "?");
			sqlite3_finalize(s);
			return rc;
		}
		n++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return ro_sq_sqlerr(st, rc, "read the schema");
	if (n != ours)
		return ro_error_set(RO_ENOTDB, "%s is not a roster database as "
		    "roster made it: %zu of its %zu triggers are missing",
		    st->path, ours - n, ours);
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 1, NULL);
	return 0;
}
