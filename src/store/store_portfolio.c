/* store_portfolio.c — one portfolio at a time: read, insert, update,
 * sign-in bookkeeping, security answers. */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const type_names[] = { "student", "staff", "admin",
	"district" };

static ro_account_type type_parse(const char *t)
{
	for (int i = 0; i < 4; i++)
		if (t && strcmp(t, type_names[i]) == 0)
			return (ro_account_type)i;
	return RO_TYPE_STUDENT;
}

static ro_sso sso_parse(const char *t)
{
	if (!t)
		return RO_SSO_NONE;
	if (strcmp(t, "clever") == 0)
		return RO_SSO_CLEVER;
	if (strcmp(t, "classlink") == 0)
		return RO_SSO_CLASSLINK;
	return RO_SSO_NONE;
}

static const char *sso_text(ro_sso s)
{
	return s == RO_SSO_CLEVER ? "clever" :
	    s == RO_SSO_CLASSLINK ? "classlink" : NULL;
}

void ro_sq_read_portfolio(sqlite3_stmt *s, ro_portfolio *p)
{
	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(s, 0);
	p->site_id = sqlite3_column_int64(s, 1);
	p->username = ro_sq_col_text(s, 2);
	p->first = ro_sq_col_text(s, 3);
	p->last = ro_sq_col_text(s, 4);
	p->email = ro_sq_col_text(s, 5);
	p->group_id = sqlite3_column_int64(s, 6);
	p->group_name = ro_sq_col_text(s, 7);
	p->grad_year = sqlite3_column_int(s, 8);
	p->type = type_parse((const char *)sqlite3_column_text(s, 9));
	p->sso = sso_parse((const char *)sqlite3_column_text(s, 10));
	p->sso_id = ro_sq_col_text(s, 11);
	p->active = sqlite3_column_int(s, 12) != 0;
	p->temp_password = sqlite3_column_int(s, 13) != 0;
	p->sq_reset = sqlite3_column_int(s, 14) != 0;
	p->version = sqlite3_column_int64(s, 15);
	p->failed_signins = sqlite3_column_int(s, 17);
	p->locked_until = sqlite3_column_int64(s, 19);
}

void ro_sq_read_row(sqlite3_stmt *s, ro_store_row *r)
{
	memset(r, 0, sizeof *r);
	ro_sq_read_portfolio(s, &r->p);
	r->hash = ro_sq_col_text(s, 16);
	r->failed_signins = sqlite3_column_int(s, 17);
	r->first_failed_at = sqlite3_column_int64(s, 18);
	r->locked_until = sqlite3_column_int64(s, 19);
}

void ro_store_row_clear(ro_store_row *r)
{
	if (!r)
		return;
	ro_portfolio_clear(&r->p);
	free(r->hash);
	r->hash = NULL;
}

static int one_row(ro_sq *st, sqlite3_stmt *s, ro_store_row *out,
    const char *what)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		ro_sq_read_row(s, out);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return ro_error_set(RO_ENOTFOUND, "%s: no such portfolio", what);
	return ro_sq_sqlerr(st, rc, what);
}

int ro_sq_portfolio_get(ro_store *base, ro_store_row *out, int64_t id)
{
	ro_sq *st = ro_sq_of(base);
	static const char sql[] = "SELECT " RO_ROW_COLUMNS RO_ROW_FROM
	    " WHERE p.id = ?1";
	sqlite3_stmt *s = ro_sq_stmt(st, sql);

	memset(out, 0, sizeof *out);
	if (!s)
		return ro_error_last_code();
	sqlite3_bind_int64(s, 1, id);
	return one_row(st, s, out, "portfolio");
}

int ro_sq_portfolio_by_username(ro_store *base, ro_store_row *out,
    const char *username)
{
	ro_sq *st = ro_sq_of(base);
	static const char sql[] = "SELECT " RO_ROW_COLUMNS RO_ROW_FROM
	    " WHERE p.username = ?1";
	sqlite3_stmt *s = ro_sq_stmt(st, sql);

	memset(out, 0, sizeof *out);
	if (!s)
		return ro_error_last_code();
	sqlite3_bind_text(s, 1, username, -1, SQLITE_STATIC);
	return one_row(st, s, out, "portfolio");
}

void ro_sq_bind_fields(sqlite3_stmt *s, const ro_store_row *r)
{
	const ro_portfolio *p = &r->p;

	ro_sq_bind_id(s, 2, p->site_id);
	sqlite3_bind_text(s, 3, p->username, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, p->first, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, p->last, -1, SQLITE_STATIC);
	ro_sq_bind_text(s, 6, p->email);
	ro_sq_bind_id(s, 7, p->group_id);
	if (p->grad_year)
		sqlite3_bind_int(s, 8, p->grad_year);
	else
		sqlite3_bind_null(s, 8);
	sqlite3_bind_text(s, 9, type_names[p->type], -1, SQLITE_STATIC);
	ro_sq_bind_text(s, 10, sso_text(p->sso));
	ro_sq_bind_text(s, 11, p->sso_id);
	sqlite3_bind_int(s, 12, p->active);
	ro_sq_bind_text(s, 13, r->hash);
	sqlite3_bind_int(s, 14, p->temp_password);
	sqlite3_bind_int(s, 15, p->sq_reset);
}

static int write_err(ro_sq *st, int rc, const ro_store_row *r)
{
	if ((rc & 0xff) == SQLITE_CONSTRAINT &&
	    rc == SQLITE_CONSTRAINT_UNIQUE)
		return ro_error_set(RO_EEXISTS, "username %s is already used "
		    "by another portfolio", r->p.username);
	return ro_sq_sqlerr(st, rc, "portfolio");
}

int ro_sq_portfolio_insert(ro_store *base, ro_store_row *r)
{
	ro_sq *st = ro_sq_of(base);
	static const char sql[] = RO_PORTFOLIO_INSERT;
	sqlite3_stmt *s = ro_sq_stmt(st, sql);
	int rc;

	if (!s)
		return ro_error_last_code();
	ro_sq_bind_fields(s, r);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return write_err(st, rc, r);
	r->p.id = sqlite3_last_insert_rowid(st->db);
	r->p.version = 1;
	return 0;
}

static bool text_differs(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") != 0;
}

/* The columns an update names only when they change.  SQLite rewrites
 * the entries of every index whose columns an UPDATE names, changed or
 * not, so an upload of 100,000 new email addresses rewrote four indexes
 * per row (8 s instead of 1 s at 1,000,000 portfolios); the other columns
 * cost their CHECK constraints and record work (a further third).  Bit i
 * of the mask: changed_set[i] is in the statement. */
static const char *const changed_set[] = {
	", site_id = ?2", ", username = ?3", ", first = ?4", ", last = ?5",
	", group_id = ?7", ", grad_year = ?8", ", active = ?12",
	", email = ?6", ", type = ?9", ", sso = ?10", ", sso_id = ?11",
	", password_hash = ?13", ", temp_password = ?14", ", sq_reset = ?15",
};
#define NCHANGED (sizeof changed_set / sizeof changed_set[0])
#define CHANGED_ALL ((1u << NCHANGED) - 1)

static unsigned changes_of(const ro_store_row *rb, const ro_store_row *ra)
{
	const ro_portfolio *b = &rb->p, *a = &ra->p;

	return (unsigned)(b->site_id != a->site_id) |
	    (unsigned)text_differs(b->username, a->username) << 1 |
	    (unsigned)text_differs(b->first, a->first) << 2 |
	    (unsigned)text_differs(b->last, a->last) << 3 |
	    (unsigned)(b->group_id != a->group_id) << 4 |
	    (unsigned)(b->grad_year != a->grad_year) << 5 |
	    (unsigned)(b->active != a->active) << 6 |
	    (unsigned)text_differs(b->email, a->email) << 7 |
	    (unsigned)(b->type != a->type) << 8 |
	    (unsigned)(b->sso != a->sso) << 9 |
	    (unsigned)text_differs(b->sso_id, a->sso_id) << 10 |
	    (unsigned)((rb->hash == NULL) != (ra->hash == NULL) ||
	    text_differs(rb->hash, ra->hash)) << 11 |
	    (unsigned)(b->temp_password != a->temp_password) << 12 |
	    (unsigned)(b->sq_reset != a->sq_reset) << 13;
}

/* The update statement naming the columns of mask, prepared once per
 * store and mask (a handful of masks in practice). */
static sqlite3_stmt *update_stmt(ro_sq *st, unsigned mask)
{
	char sql[640];
	size_t n;
	int rc;

	for (size_t i = 0; i < st->nupdates; i++)
		if (st->updates[i].mask == mask) {
			sqlite3_reset(st->updates[i].stmt);
			sqlite3_clear_bindings(st->updates[i].stmt);
			return st->updates[i].stmt;
		}
	if (st->nupdates == sizeof st->updates / sizeof st->updates[0]) {
		/* Full: start again (only a pathological mix of changes). */
		for (size_t i = 0; i < st->nupdates; i++)
			sqlite3_finalize(st->updates[i].stmt);
		st->nupdates = 0;
	}
	n = (size_t)snprintf(sql, sizeof sql, "UPDATE portfolios SET"
	    " version = version + 1");
	for (size_t i = 0; i < NCHANGED; i++)
		if (mask & 1u << i)
			n += (size_t)snprintf(sql + n, sizeof sql - n, "%s",
			    changed_set[i]);
	snprintf(sql + n, sizeof sql - n, " WHERE id = ?1 AND version = ?16");
	rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &st->updates[st->nupdates].stmt, NULL);
	if (rc != SQLITE_OK) {
		ro_sq_sqlerr(st, rc, "prepare update");
		return NULL;
	}
	st->updates[st->nupdates].mask = mask;
	return st->updates[st->nupdates++].stmt;
}

int ro_sq_portfolio_update_from(ro_store *base, const ro_store_row *before,
    ro_store_row *r)
{
	ro_sq *st = ro_sq_of(base);
	unsigned mask = before ? changes_of(before, r) : CHANGED_ALL;
	sqlite3_stmt *s = update_stmt(st, mask);
	int rc;

	if (!s)
		return ro_error_last_code();
	sqlite3_bind_int64(s, 1, r->p.id);
	ro_sq_bind_fields(s, r);
	sqlite3_bind_int64(s, 16, r->p.version);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return write_err(st, rc, r);
	if (sqlite3_changes(st->db) != 1)
		return ro_error_set(RO_ECONFLICT, "portfolio %lld (%s) was "
		    "changed by someone else meanwhile", (long long)r->p.id,
		    r->p.username);
	r->p.version++;
	return 0;
}

int ro_sq_portfolio_delete(ro_store *base, int64_t id)
{
	ro_sq *st = ro_sq_of(base);
	static const char sql[] = "DELETE FROM portfolios WHERE id = ?1";
	sqlite3_stmt *s = ro_sq_stmt(st, sql);

	if (!s)
		return ro_error_last_code();
	sqlite3_bind_int64(s, 1, id);
	return ro_sq_step_done(st, s, "delete portfolio");
}

int ro_sq_portfolio_signin_state(ro_store *base, int64_t id, int failed,
    int64_t first_failed_at, int64_t locked_until)
{
	ro_sq *st = ro_sq_of(base);
	static const char sql[] = "UPDATE portfolios SET failed_signins = ?2,"
	    " first_failed_at = ?3, locked_until = ?4 WHERE id = ?1";
	sqlite3_stmt *s = ro_sq_stmt(st, sql);

	if (!s)
		return ro_error_last_code();
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, failed);
	ro_sq_bind_id(s, 3, first_failed_at);
	ro_sq_bind_id(s, 4, locked_until);
	return ro_sq_step_done(st, s, "sign-in state");
}

int ro_sq_portfolio_rehash(ro_store *base, int64_t id, const char *hash)
{
	ro_sq *st = ro_sq_of(base);
	static const char sql[] = "UPDATE portfolios SET password_hash = ?2"
	    " WHERE id = ?1";
	sqlite3_stmt *s = ro_sq_stmt(st, sql);

	if (!s)
		return ro_error_last_code();
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, hash, -1, SQLITE_STATIC);
	return ro_sq_step_done(st, s, "rehash");
}

int ro_sq_answers_set(ro_store *base, int64_t id, const char *const *hashes,
    size_t n)
{
	ro_sq *st = ro_sq_of(base);
	static const char del[] = "DELETE FROM security_answers"
	    " WHERE portfolio_id = ?1";
	static const char ins[] = "INSERT INTO security_answers"
	    " (portfolio_id, question, answer_hash) VALUES (?1, ?2, ?3)";
	sqlite3_stmt *s = ro_sq_stmt(st, del);
	int rc;

	if (!s)
		return ro_error_last_code();
	sqlite3_bind_int64(s, 1, id);
	if ((rc = ro_sq_step_done(st, s, "security answers")))
		return rc;
	for (size_t i = 0; hashes && i < n; i++) {
		if (!(s = ro_sq_stmt(st, ins)))
			return ro_error_last_code();
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 2, (int)i);
		sqlite3_bind_text(s, 3, hashes[i], -1, SQLITE_STATIC);
		if ((rc = ro_sq_step_done(st, s, "security answers")))
			return rc;
	}
	return 0;
}

int ro_sq_answers_get(ro_store *base, int64_t id, char **joined)
{
	ro_sq *st = ro_sq_of(base);
	static const char sql[] = "SELECT group_concat(answer_hash, char(10))"
	    " FROM (SELECT answer_hash FROM security_answers"
	    " WHERE portfolio_id = ?1 ORDER BY question)";
	int rc = ro_sq_text_by_id(st, sql, id, joined);

	if (rc < 0)
		return ro_error_last_code();
	return rc == SQLITE_ROW ? 0 : ro_sq_sqlerr(st, rc, "answers");
}
