/* session.c — an admin, staff or district account acting on one site. */
#include "core_int.h"

#include <roster/signin.h>

#include <stdlib.h>
#include <string.h>

static int set_site_id(ro_session *s, int64_t id)
{
	char *name = NULL;
	int rc = ro_store_site_name(ro_db_store(s->db), &name, id);

	if (rc)
		return rc;
	free(s->site_name);
	s->site_name = name;
	s->site_id = id;
	return 0;
}

int ro_session_set_site(ro_session *s, const char *site)
{
	ro_store *st = ro_db_store(s->db);
	int64_t id;
	int rc;

	if (!site)
		return 0;
	if ((rc = ro_store_site_find(st, &id, NULL, site)))
		return s->type == RO_TYPE_DISTRICT ? rc :
		    ro_error_set(RO_EDENIED, "%s may act only on its own site",
		    s->username);
	if (s->type != RO_TYPE_DISTRICT && id != s->home_site)
		return ro_error_set(RO_EDENIED, "%s may act only on its own "
		    "site", s->username);
	return set_site_id(s, id);
}

/* A session for a portfolio whose password was just verified. */
static int session_from_row(ro_session **out, ro_db *db, ro_store_row *row,
    const char *site)
{
	ro_session *s;
	int rc = 0;

	if (row->p.type == RO_TYPE_STUDENT)
		return ro_error_next_set(ro_error_set(RO_EDENIED, "student "
		    "accounts cannot manage portfolios"), RO_NEXT_SIGNIN);
	if (row->p.sso == RO_SSO_NONE && row->p.temp_password)
		return ro_error_next_set(ro_error_set(RO_ENEEDNEW, "your "
		    "password is temporary"), RO_NEXT_NEW_PASSWORD);
	if (!(s = calloc(1, sizeof *s)))
		return RO_ENOMEM;
	s->db = db;
	s->user_id = row->p.id;
	s->username = strdup(row->p.username);
	s->type = row->p.type;
	s->home_site = row->p.site_id;
	if (site)
		rc = ro_session_set_site(s, site);
	else if (s->type == RO_TYPE_DISTRICT) {
		int64_t first = 0;
		/* A district account with no site yet may still add one. */
		if (ro_store_site_first(ro_db_store(db), &first) == 0)
			rc = set_site_id(s, first);
	} else
		rc = set_site_id(s, s->home_site);
	if (rc) {
		ro_session_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

int ro_session_open(ro_session **out, ro_db *db, const char *username,
    const char *password, const char *site)
{
	ro_store_row row;
	int rc;

	*out = NULL;
	if ((rc = ro_auth_check(db, username, password, &row)))
		return rc;
	rc = session_from_row(out, db, &row, site);
	ro_store_row_clear(&row);
	return rc;
}

int ro_session_from_signin(ro_session **out, ro_db *db, const ro_signin *si,
    const char *site)
{
	ro_store_row row;
	int rc;

	*out = NULL;
	if ((rc = ro_store_portfolio_get(ro_db_store(db), &row,
	    si->portfolio_id)))
		return rc;
	rc = session_from_row(out, db, &row, site);
	ro_store_row_clear(&row);
	return rc;
}

void ro_session_free(ro_session *s)
{
	if (!s)
		return;
	free(s->username);
	free(s->site_name);
	free(s);
}

ro_db *ro_session_db(const ro_session *s) { return s->db; }
const char *ro_session_username(const ro_session *s) { return s->username; }
int64_t ro_session_user_id(const ro_session *s) { return s->user_id; }
ro_account_type ro_session_type(const ro_session *s) { return s->type; }
int64_t ro_session_site_id(const ro_session *s) { return s->site_id; }
const char *ro_session_site_name(const ro_session *s)
{
	return s->site_name ? s->site_name : "";
}

int ro_session_no_site(void)
{
	return ro_error_next_set(ro_error_set(RO_ENOTFOUND, "there is no site "
	    "yet"), RO_NEXT_ADD_SITE);
}
