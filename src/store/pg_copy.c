/* pg_copy.c — bulk writes on PostgreSQL: the rows of a big write are
 * gathered as COPY text and sent in a few statements, not one round trip
 * each (an upload of 100,000 rows would otherwise make 300,000 and
 * more).
 *
 * New portfolios are copied into the table with ids reserved from its
 * sequence beforehand (the engine needs each id at once, for the batch
 * item and the audit); updates are copied into a temporary staging table
 * and applied by one UPDATE … FROM, which checks every row's version as
 * the single-row update does and refuses the whole write when one
 * moved; batch items and audit rows are copied as they are; portfolios
 * removed (the undo of their creation) go in one DELETE, last.  What is
 * gathered goes out before anything else is read or written on the
 * connection (ro_pg_q), at the commit, and whenever it passes a few MiB,
 * so that memory stays bounded; a rollback drops it. */
#include "pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FLUSH_BYTES (8u << 20)
#define RESERVE 1000

static const char *const copy_sql[PG_NBUF] = {
	[PG_BUF_UPDATE] = "COPY roster_staged (id, version, mask, site_id,"
	    " username, first, last, email, group_id, grad_year, type, sso,"
	    " sso_id, active, password_hash, temp_password, sq_reset)"
	    " FROM STDIN",
	[PG_BUF_INSERT] = "COPY portfolios (id, site_id, username, first,"
	    " last, email, group_id, grad_year, type, sso, sso_id, active,"
	    " password_hash, temp_password, sq_reset) FROM STDIN",
	[PG_BUF_ITEM] = "COPY batch_items (batch_id, portfolio_id, created,"
	    " username, first, last, email, group_id, grad_year, type, sso,"
	    " sso_id, active, password_hash, temp_password, sq_reset,"
	    " answers, after_version) FROM STDIN",
	[PG_BUF_AUDIT] = "COPY audit (at, who, site_id, batch_id,"
	    " portfolio_id, username, action, field, old_value, new_value)"
	    " FROM STDIN",
	[PG_BUF_DELETE] = NULL,         /* ids, one a line: delete_ids */
};

#define PICK(c) "CASE WHEN s.mask & " #c " <> 0 THEN s."
static const char apply_sql[] = "UPDATE portfolios p SET"
    " version = p.version + 1,"
    " site_id = " PICK(1) "site_id ELSE p.site_id END,"
    " username = " PICK(2) "username ELSE p.username END,"
    " first = " PICK(4) "first ELSE p.first END,"
    " last = " PICK(8) "last ELSE p.last END,"
    " email = " PICK(16) "email ELSE p.email END,"
    " group_id = " PICK(32) "group_id ELSE p.group_id END,"
    " grad_year = " PICK(64) "grad_year ELSE p.grad_year END,"
    " type = " PICK(128) "type ELSE p.type END,"
    " sso = " PICK(256) "sso ELSE p.sso END,"
    " sso_id = " PICK(512) "sso_id ELSE p.sso_id END,"
    " active = " PICK(1024) "active ELSE p.active END,"
    " password_hash = " PICK(2048) "password_hash ELSE p.password_hash END,"
    " temp_password = " PICK(4096) "temp_password ELSE p.temp_password END,"
    " sq_reset = " PICK(8192) "sq_reset ELSE p.sq_reset END"
    " FROM roster_staged s WHERE p.id = s.id AND p.version = s.version";

static const char staging_sql[] = "CREATE TEMPORARY TABLE IF NOT EXISTS"
    " roster_staged (id bigint, version bigint, mask integer,"
    " site_id bigint, username text, first text, last text, email text,"
    " group_id bigint, grad_year integer, type text, sso text, sso_id text,"
    " active integer, password_hash text, temp_password integer,"
    " sq_reset integer) ON COMMIT DELETE ROWS";

static int grow(ro_pg_buf *b, size_t more)
{
	if (b->len + more + 1 <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 65536;
	while (cap < b->len + more + 1)
		cap *= 2;
	char *d = realloc(b->data, cap);
	if (!d)
		return RO_ENOMEM;
	b->data = d;
	b->cap = cap;
	return 0;
}

/* One field in COPY's text format: \N for NULL, the rest escaped. */
static int put(ro_pg_buf *b, const char *v, bool last)
{
	size_t n = v ? strlen(v) : 0;

	if (grow(b, 2 * n + 3))
		return RO_ENOMEM;
	if (!v) {
		memcpy(b->data + b->len, "\\N", 2);
		b->len += 2;
	}
	for (size_t i = 0; i < n; i++) {
		char c = v[i];
		const char *e = c == '\\' ? "\\\\" : c == '\t' ? "\\t" :
		    c == '\n' ? "\\n" : c == '\r' ? "\\r" : NULL;
		if (e) {
			b->data[b->len++] = e[0];
			b->data[b->len++] = e[1];
		} else {
			b->data[b->len++] = c;
		}
	}
	b->data[b->len++] = last ? '\n' : '\t';
	if (last)
		b->rows++;
	return 0;
}

int ro_pg_buf_row(ro_pg_buf *b, const char *const *v, int n)
{
	for (int i = 0; i < n; i++)
		if (put(b, v[i], i == n - 1))
			return RO_ENOMEM;
	return 0;
}

static int put_row(ro_pg *st, int which, const char *const *v, int n)
{
	ro_pg_buf *b = &st->buf[which];

	if (ro_pg_buf_row(b, v, n))
		return RO_ENOMEM;
	if (b->len >= FLUSH_BYTES)
		return ro_pg_bulk_flush(st);
	return 0;
}

bool ro_pg_bulk_pending(const ro_pg *st)
{
	for (int i = 0; i < PG_NBUF; i++)
		if (st->buf[i].len)
			return true;
	return false;
}

void ro_pg_bulk_drop(ro_pg *st)
{
	for (int i = 0; i < PG_NBUF; i++) {
		free(st->buf[i].data);
		memset(&st->buf[i], 0, sizeof st->buf[i]);
	}
	/* Reserved ids are simply not used (a sequence has gaps anyway). */
	st->next_id = st->last_id = 0;
}

static int copy_in(ro_pg *st, int which)
{
	return ro_pg_copy_in(st, copy_sql[which], &st->buf[which]);
}

int ro_pg_copy_in(ro_pg *st, const char *sql, ro_pg_buf *b)
{
	PGresult *r = PQexec(st->conn, sql);
	int rc = 0;

	if (PQresultStatus(r) != PGRES_COPY_IN) {
		rc = ro_pg_err(st, r, "bulk write");
		PQclear(r);
		return rc;
	}
	PQclear(r);
	if (PQputCopyData(st->conn, b->data, (int)b->len) != 1 ||
	    PQputCopyEnd(st->conn, NULL) != 1)
		return ro_pg_err(st, NULL, "bulk write");
	while ((r = PQgetResult(st->conn))) {
		if (!rc && PQresultStatus(r) != PGRES_COMMAND_OK) {
			rc = ro_pg_err(st, r, "bulk write");
			if (rc == RO_EEXISTS) {
				const char *d = PQresultErrorField(r,
				    PG_DIAG_MESSAGE_DETAIL);
				rc = ro_error_set(RO_EEXISTS, "a username is "
				    "already used by another portfolio (%s)",
				    d ? d : "?");
			}
		}
		PQclear(r);
	}
	b->len = b->rows = 0;
	return rc;
}

static int apply_updates(ro_pg *st)
{
	size_t rows = st->buf[PG_BUF_UPDATE].rows;
	int rc;
	PGresult *r;

	if (!st->staging && (rc = ro_pg_exec(st, staging_sql, "staging")))
		return rc;
	st->staging = true;
	if ((rc = copy_in(st, PG_BUF_UPDATE)))
		return rc;
	if (!(r = ro_pg_q(st, apply_sql, 0, NULL, "bulk update", &rc)))
		return rc;
	size_t done = (size_t)strtoull(PQcmdTuples(r), NULL, 10);
	PQclear(r);
	if (done != rows)
		return ro_error_set(RO_ECONFLICT, "%zu of the %zu portfolios "
		    "written were changed by someone else meanwhile",
		    rows - done, rows);
	return ro_pg_exec(st, "TRUNCATE roster_staged", "staging");
}

/* The ids gathered ("1\n2\n") as one array ("{1,2}") for one DELETE. */
static int delete_ids(ro_pg *st)
{
	static const char sql[] = "DELETE FROM portfolios WHERE id = ANY"
	    " ($1::bigint[])";
	ro_pg_buf *b = &st->buf[PG_BUF_DELETE];
	const char *v[1];

	if (grow(b, 2))
		return RO_ENOMEM;
	memmove(b->data + 1, b->data, b->len);
	b->data[0] = '{';
	for (size_t i = 1; i <= b->len; i++)
		if (b->data[i] == '\n')
			b->data[i] = ',';
	b->data[b->len] = '}';
	b->data[b->len + 1] = '\0';
	v[0] = b->data;
	return ro_pg_do(st, sql, 1, v, "delete portfolios");
}

int ro_pg_bulk_flush(ro_pg *st)
{
	int rc = 0;

	if (st->flushing)
		return 0;
	st->flushing = true;
	if (st->buf[PG_BUF_UPDATE].len)
		rc = apply_updates(st);
	for (int i = PG_BUF_INSERT; i < PG_BUF_DELETE && !rc; i++)
		if (st->buf[i].len)
			rc = copy_in(st, i);
	if (!rc && st->buf[PG_BUF_DELETE].len)
		rc = delete_ids(st);
	for (int i = 0; i < PG_NBUF; i++)
		st->buf[i].len = st->buf[i].rows = 0;
	st->flushing = false;
	if (rc)
		ro_pg_bulk_drop(st);
	st->dirty = true;
	return rc;
}

/* The next id of the portfolios' sequence, reserved RESERVE at a time. */
static int next_id(ro_pg *st, int64_t *id)
{
	static const char sql[] = "SELECT min(v), max(v), count(*) FROM"
	    " (SELECT nextval(pg_get_serial_sequence('portfolios', 'id'))"
	    " FROM generate_series(1, $1::integer)) x (v)";
	/* No more than the write announced and has not reserved yet: ids
	 * unused are a gap (and the demo's ids would differ from SQLite's). */
	size_t left = st->bulk_rows > st->bulk_reserved ?
	    st->bulk_rows - st->bulk_reserved : 1;
	size_t want = st->bulk_rows && left < RESERVE ? left : RESERVE;
	char wb[24];
	const char *v[] = { ro_pg_int(wb, (int64_t)want, false) };
	int rc;

	if (st->next_id && st->next_id <= st->last_id) {
		*id = st->next_id++;
		return 0;
	}
	bool was = st->flushing;
	st->flushing = true;    /* no need to send what is gathered */
	PGresult *r = ro_pg_q(st, sql, 1, v, "reserve ids", &rc);
	st->flushing = was;
	if (!r)
		return rc;
	int64_t lo = ro_pg_i64(r, 0, 0), hi = ro_pg_i64(r, 0, 1);
	int64_t n = ro_pg_i64(r, 0, 2);
	PQclear(r);
	st->bulk_reserved += (size_t)n;
	/* Another session's nextval between ours leaves holes: use the run
	 * only when it is whole, else one id at a time from its end. */
	if (hi - lo + 1 == n) {
		st->next_id = lo;
		st->last_id = hi;
	} else {
		st->next_id = st->last_id = hi;
	}
	*id = st->next_id++;
	return 0;
}

int ro_pg_bulk_insert(ro_pg *st, ro_store_row *r)
{
	const char *f[14], *v[15];
	char nums[14][24], idb[24];
	int64_t id = 0;
	int rc;

	if ((rc = next_id(st, &id)))
		return rc;
	ro_pg_fields(r, f, nums);
	v[0] = ro_pg_int(idb, id, false);
	memcpy(v + 1, f, sizeof f);
	if ((rc = put_row(st, PG_BUF_INSERT, v, 15)))
		return rc;
	r->p.id = id;
	r->p.version = 1;
	return 0;
}

int ro_pg_bulk_update(ro_pg *st, unsigned mask, ro_store_row *r)
{
	const char *f[14], *v[17];
	char nums[14][24], b[3][24];

	ro_pg_fields(r, f, nums);
	v[0] = ro_pg_int(b[0], r->p.id, false);
	v[1] = ro_pg_int(b[1], r->p.version, false);
	v[2] = ro_pg_int(b[2], (int64_t)mask, false);
	memcpy(v + 3, f, sizeof f);
	return put_row(st, PG_BUF_UPDATE, v, 17);
}

void ro_pg_item_values(const char *v[18], char nums[14][24], char n[3][24],
    int64_t batch_id, int64_t portfolio_id, const ro_store_row *b,
    const char *answers, int64_t after_version)
{
	const char *f[14] = { NULL };

	if (b)
		ro_pg_fields(b, f, nums);
	v[0] = ro_pg_int(n[0], batch_id, false);
	v[1] = ro_pg_int(n[1], portfolio_id, false);
	v[2] = b ? "0" : "1";
	/* The before-state without its site (fields 1 … 13). */
	for (int i = 1; i < 14; i++)
		v[2 + i] = f[i];
	v[16] = answers;
	v[17] = ro_pg_int(n[2], after_version, false);
}

int ro_pg_bulk_item(ro_pg *st, int64_t batch_id, int64_t portfolio_id,
    const ro_store_row *b, const char *answers, int64_t after_version)
{
	const char *v[18];
	char nums[14][24], n[3][24];

	ro_pg_item_values(v, nums, n, batch_id, portfolio_id, b, answers,
	    after_version);
	return put_row(st, PG_BUF_ITEM, v, 18);
}

int ro_pg_bulk_audit(ro_pg *st, const char *const v[10])
{
	return put_row(st, PG_BUF_AUDIT, v, 10);
}

int ro_pg_bulk_delete(ro_pg *st, int64_t id)
{
	char b[24];
	const char *v[] = { ro_pg_int(b, id, false) };

	return put_row(st, PG_BUF_DELETE, v, 1);
}
