/* pg.c — the PostgreSQL store: the connection, transactions and their
 * per-site locks, the change stamps, settings, and the table of its
 * operations (ro_pg_backend).  Statements, their results and the
 * translation of the server's errors are pg_query.c's.
 *
 * Concurrency.  A write for a site is a READ COMMITTED transaction that
 * first takes a transaction-scoped advisory lock keyed by the site: two
 * writers of one site serialise, writers of different sites run at the
 * same time, and what a writer reads after the lock is every earlier
 * commit (the re-plan of an upload).  The busy timeout is lock_timeout,
 * whose expiry is RO_EBUSY as SQLite's busy handler is.  A read is a
 * REPEATABLE READ transaction: one snapshot.
 *
 * Credentials come only from libpq's own places (~/.pgpass, PGPASSFILE,
 * a service file, the PG* environment): a connection string that holds
 * a password is refused, since --db shows in ps. */
#include "pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The class of roster's advisory locks ('ROST'); the object is the site. */
#define PG_LOCK_CLASS 1381930836

void ro_pg_set_busy_timeout(ro_store *base, int ms)
{
	ro_pg *st = ro_pg_of(base);
	char sql[64];

	/* 0 would wait for ever; SQLite's 0 gives up at once. */
	snprintf(sql, sizeof sql, "SET lock_timeout = %d", ms > 0 ? ms : 1);
	st->busy_ms = ms;
	ro_pg_exec(st, sql, "busy timeout");
}

/* Notices (an index that already exists, …) would reach the terminal. */
static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* The session's settings, on a new connection. */
static int session_setup(ro_pg *st)
{
	PQsetNoticeProcessor(st->conn, quiet, NULL);
	if (PQsetClientEncoding(st->conn, "UTF8") != 0)
		return ro_error_set(RO_EIO, "%s: cannot use UTF-8", st->name);
	ro_pg_set_busy_timeout(&st->base, st->busy_ms);
	return 0;
}

/* Never inside a transaction: what it did went with the connection, the
 * engine was told so (RO_EIO, "the connection … was lost") and rolls
 * back; the next action starts afresh on a new connection.  Statements
 * prepared and the staging table were the old session's; the groups
 * known are forgotten too (the database may have been restored). */
int ro_pg_revive(ro_pg *st)
{
	char buf[256];

	if (st->in_tx || PQstatus(st->conn) == CONNECTION_OK)
		return 0;
	PQreset(st->conn);
	if (PQstatus(st->conn) != CONNECTION_OK) {
		ro_pg_first_line(buf, sizeof buf, PQerrorMessage(st->conn));
		return ro_error_set(RO_EIO, "the connection to %s was lost and "
		    "cannot be made again: %s", st->name, buf);
	}
	st->nprep = 0;
	st->cursors = 0;
	st->staging = false;
	for (size_t i = 0; i < sizeof st->groups / sizeof st->groups[0]; i++) {
		free(st->groups[i].name);
		st->groups[i].name = NULL;
	}
	return session_setup(st);
}

/* A password in --db would show in ps; libpq has better places. */
static int refuse_password(const char *spec)
{
	char *err = NULL;
	PQconninfoOption *o = PQconninfoParse(spec, &err);
	bool pw = false;

	if (!o) {
		PQfreemem(err);
		return ro_error_set(RO_EINVAL, "the PostgreSQL connection "
		    "string is not valid");
	}
	for (PQconninfoOption *i = o; i->keyword; i++)
		if (strcmp(i->keyword, "password") == 0 && i->val && *i->val)
			pw = true;
	PQconninfoFree(o);
	if (pw)
		return ro_error_set(RO_EINVAL, "the PostgreSQL connection "
		    "string holds a password, which anyone on this host can "
		    "read in the list of processes: put it in ~/.pgpass (or "
		    "the file PGPASSFILE names) instead");
	return 0;
}

bool ro_pg_read_only(ro_store *base)
{
	return ro_pg_of(base)->read_only;
}

int ro_pg_open(ro_store **out, const char *spec, bool create)
{
	ro_pg *st;
	char buf[256];
	int rc;

	*out = NULL;
	if ((rc = ro_pg_lib()) || (rc = refuse_password(spec)))
		return rc;
	if (!(st = calloc(1, sizeof *st)))
		return RO_ENOMEM;
	st->base.be = &ro_pg_backend;
	st->conn = PQconnectdb(spec);
	if (!st->conn) {
		free(st);
		return RO_ENOMEM;
	}
	if (PQstatus(st->conn) != CONNECTION_OK) {
		ro_pg_first_line(buf, sizeof buf, PQerrorMessage(st->conn));
		rc = ro_error_set(RO_EIO, "cannot connect to the PostgreSQL "
		    "database: %s", buf);
		goto fail;
	}
	snprintf(buf, sizeof buf, "the PostgreSQL database %s",
	    PQdb(st->conn));
	if (!(st->name = strdup(buf))) {
		rc = RO_ENOMEM;
		goto fail;
	}
	st->busy_ms = ro_store_busy_default();
	if ((rc = session_setup(st)) || (rc = ro_pg_migrate(st, create)) ||
	    (rc = ro_pg_look_read_only(st)))
		goto fail;
	*out = &st->base;
	return 0;
fail:
	ro_pg_close(&st->base);
	return rc;
}

void ro_pg_close(ro_store *base)
{
	ro_pg *st = ro_pg_of(base);

	if (!st)
		return;
	ro_pg_bulk_drop(st);
	free(st->dbcopy.data);
	for (size_t i = 0; i < st->nlists; i++)
		free(st->lists[i].sql);
	for (size_t i = 0; i < st->nupdates; i++)
		free(st->updates[i].sql);
	for (size_t i = 0; i < sizeof st->groups / sizeof st->groups[0]; i++)
		free(st->groups[i].name);
	PQfinish(st->conn);
	free(st->name);
	free(st);
}

/* roster's tables, which a failed init leaves in an empty database. */
void ro_pg_destroy(ro_store *base)
{
	ro_pg *st = ro_pg_of(base);

	if (st->created) {
		ro_pg_rollback(base);
		ro_pg_exec(st, "DROP TABLE IF EXISTS audit, batch_items, "
		    "batches, security_answers, portfolio_counts, portfolios, "
		    "groups, sites, settings, site_changes, roster_schema "
		    "CASCADE; DROP FUNCTION IF EXISTS roster_counts_insert(), "
		    "roster_counts_delete(), roster_counts_update() CASCADE",
		    "remove the schema");
	}
	ro_pg_close(base);
}

int ro_pg_begin(ro_store *base, bool write, int64_t site_id)
{
	ro_pg *st = ro_pg_of(base);
	char sql[160];
	int rc;

	if ((rc = ro_pg_revive(st)))
		return rc;
	if (!write) {
		rc = ro_pg_exec(st, "BEGIN ISOLATION LEVEL REPEATABLE READ",
		    "begin");
	} else {
		st->site = site_id;
		snprintf(sql, sizeof sql, "BEGIN ISOLATION LEVEL READ "
		    "COMMITTED; SELECT pg_advisory_xact_lock(%d, %d)",
		    PG_LOCK_CLASS, (int)(site_id & 0x7fffffff));
		rc = ro_pg_exec(st, sql, "begin");
	}
	if (rc) {
		PQclear(PQexec(st->conn, "ROLLBACK"));
		st->site = 0;
		return rc;
	}
	st->in_tx = true;
	st->write_tx = write;
	st->dirty = st->dirty_names = false;
	return 0;
}

/* A write bumps the change stamp of its site, and that of site 0 when
 * it changed usernames (which every site's plan reads) or wrote to no
 * site; site 0's row is taken last and held only for the commit. */
int ro_pg_commit(ro_store *base)
{
	ro_pg *st = ro_pg_of(base);
	char sql[512];
	size_t n = 0;
	int rc;

	if (ro_pg_bulk_pending(st) && (rc = ro_pg_bulk_flush(st))) {
		ro_pg_rollback(base);
		return rc;
	}
	if (st->write_tx && st->dirty && st->site)
		n += (size_t)snprintf(sql + n, sizeof sql - n, "INSERT INTO "
		    "site_changes VALUES (%lld, 1) ON CONFLICT (site_id) DO "
		    "UPDATE SET n = site_changes.n + 1; ",
		    (long long)st->site);
	if (st->write_tx && st->dirty && (st->dirty_names || !st->site))
		n += (size_t)snprintf(sql + n, sizeof sql - n, "INSERT INTO "
		    "site_changes VALUES (0, 1) ON CONFLICT (site_id) DO "
		    "UPDATE SET n = site_changes.n + 1; ");
	snprintf(sql + n, sizeof sql - n, "COMMIT");
	rc = ro_pg_exec(st, sql, "commit");
	if (rc)
		ro_pg_rollback(base);
	st->in_tx = st->write_tx = false;
	st->site = 0;
	return rc;
}

void ro_pg_rollback(ro_store *base)
{
	ro_pg *st = ro_pg_of(base);

	ro_pg_bulk_drop(st);
	if (PQtransactionStatus(st->conn) != PQTRANS_IDLE)
		PQclear(PQexec(st->conn, "ROLLBACK"));
	st->in_tx = st->write_tx = false;
	st->site = 0;
}

int ro_pg_data_stamp(ro_store *base, int64_t site_id, uint64_t out[2])
{
	static const char sql[] = "SELECT coalesce(max(n) FILTER (WHERE"
	    " site_id = $1), 0), coalesce(max(n) FILTER (WHERE site_id = 0),"
	    " 0) FROM site_changes WHERE site_id IN ($1, 0)";
	ro_pg *st = ro_pg_of(base);
	char b[24];
	const char *v[] = { ro_pg_int(b, site_id, false) };
	int rc;
	PGresult *r = ro_pg_q(st, sql, 1, v, "data version", &rc);

	if (!r)
		return rc;
	out[0] = (uint64_t)ro_pg_i64(r, 0, 0);
	out[1] = (uint64_t)ro_pg_i64(r, 0, 1);
	PQclear(r);
	return 0;
}

int ro_pg_setting_get(ro_store *base, const char *key, char **out)
{
	static const char sql[] = "SELECT value FROM settings WHERE key = $1";
	ro_pg *st = ro_pg_of(base);
	const char *v[] = { key };
	int rc;
	PGresult *r = ro_pg_q(st, sql, 1, v, "setting", &rc);

	*out = NULL;
	if (!r)
		return rc;
	rc = PQntuples(r) ? 0 : RO_ENOTFOUND;
	if (!rc)
		*out = ro_pg_text(r, 0, 0);
	PQclear(r);
	return rc;
}

int ro_pg_setting_set(ro_store *base, const char *key, const char *value)
{
	static const char sql[] = "INSERT INTO settings (key, value) VALUES"
	    " ($1, $2) ON CONFLICT (key) DO UPDATE SET value = $2";
	const char *v[] = { key, value };

	return ro_pg_do(ro_pg_of(base), sql, 2, v, "setting");
}

const ro_store_backend ro_pg_backend = {
	.version = RO_STORE_BACKEND_VERSION,
	.name = "PostgreSQL",
	.open = ro_pg_open,
	.close = ro_pg_close,
	.destroy = ro_pg_destroy,
	.set_busy_timeout = ro_pg_set_busy_timeout,
	.begin = ro_pg_begin,
	.commit = ro_pg_commit,
	.rollback = ro_pg_rollback,
	.data_stamp = ro_pg_data_stamp,
	.setting_get = ro_pg_setting_get,
	.setting_set = ro_pg_setting_set,
	.site_add = ro_pg_site_add,
	.site_find = ro_pg_site_find,
	.site_name = ro_pg_site_name,
	.site_list = ro_pg_site_list,
	.site_first = ro_pg_site_first,
	.site_count = ro_pg_site_count,
	.group_add = ro_pg_group_add,
	.group_find = ro_pg_group_find,
	.group_list = ro_pg_group_list,
	.group_names = ro_pg_group_names,
	.grad_years = ro_pg_grad_years,
	.portfolio_get = ro_pg_portfolio_get,
	.portfolio_by_username = ro_pg_portfolio_by_username,
	.portfolio_insert = ro_pg_portfolio_insert,
	.portfolio_update_from = ro_pg_portfolio_update_from,
	.portfolio_signin_state = ro_pg_portfolio_signin_state,
	.portfolio_rehash = ro_pg_portfolio_rehash,
	.answers_set = ro_pg_answers_set,
	.answers_get = ro_pg_answers_get,
	.list_page = ro_pg_list_page,
	.list_count = ro_pg_list_count,
	.list_rank = ro_pg_list_rank,
	.select_each = ro_pg_select_each,
	.rows_by_ids = ro_pg_rows_by_ids,
	.rows_by_usernames = ro_pg_rows_by_usernames,
	.site_rows_view = ro_pg_site_rows_view,
	.rows_by_ids_view = ro_pg_rows_by_ids_view,
	.tune_bulk = ro_pg_tune_bulk,
	.tune_restore = ro_pg_tune_restore,
	.list_uses_index = ro_pg_list_uses_index,
	.test_sql = ro_pg_test_sql,
	.batch_add = ro_pg_batch_add,
	.batch_set_count = ro_pg_batch_set_count,
	.batch_set_undone = ro_pg_batch_set_undone,
	.batch_item_add = ro_pg_batch_item_add,
	.batch_items = ro_pg_batch_items,
	.batch_get = ro_pg_batch_get,
	.batch_list = ro_pg_batch_list,
	.portfolio_delete = ro_pg_portfolio_delete,
	.audit_add = ro_pg_audit_add,
	.audit_list = ro_pg_audit_list,
	.audit_page = ro_pg_audit_page,
	.audit_count = ro_pg_audit_count,
	.list_rank_until = ro_pg_list_rank_until,
	.bulk_begin = ro_pg_bulk_begin,
	.bulk_row = ro_pg_bulk_row,
	.bulk_end = ro_pg_bulk_end,
	.copy_read = ro_pg_copy_read,
	.copy_begin = ro_pg_copy_begin,
	.copy_write = ro_pg_copy_write,
	.copy_end = ro_pg_copy_end,
	.read_only = ro_pg_read_only,
	.batch_purge = ro_pg_batch_purge,
	.batch_creators = ro_pg_batch_creators,
	.site_brief = ro_pg_site_brief,
	.sourced_id_set = ro_pg_sourced_id_set,
	.select_exempt = ro_pg_select_exempt,
	.reset_chunk = ro_pg_reset_chunk,
};
