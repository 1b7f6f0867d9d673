/* account.c — the database's creation, sites, groups and single accounts.
 *
 * Who may do what (SPEC "Accounts and roles"): district accounts manage
 * sites and act on any site; site admins add groups and accounts of their
 * site; staff add student accounts.  Students manage only themselves. */
#include "core_int.h"

#include <roster/account.h>
#include <roster/hash.h>
#include <roster/rules.h>
#include <roster/text.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Checks a username and password for a new account against the rules;
 * the message names the field. */
static int check_credentials(const char *username, const char *password)
{
	ro_status st = ro_rules_username(username);

	if (st != RO_ST_NONE)
		return ro_error_set(RO_EINVAL, "username %s: %s", username,
		    ro_rules_message(st));
	if (password && (st = ro_rules_password(password)) != RO_ST_NONE)
		return ro_error_set(RO_EINVAL, "password: %s",
		    ro_rules_message(st));
	return 0;
}

int ro_init(const char *path, const char *admin_username,
    const char *admin_password, const ro_hash_params *params)
{
	char hash[RO_HASH_ENCODED_MAX], dummy[RO_HASH_ENCODED_MAX];
	ro_store *st = NULL;
	ro_store_row r;
	int rc;

	if ((rc = check_credentials(admin_username, admin_password)))
		return rc;
	/* Hash before the file exists: a slow hash never holds a lock. */
	if ((rc = ro_hash_password(hash, admin_password, params)) ||
	    (rc = ro_hash_make_dummy(dummy, params)))
		return rc;
	if ((rc = ro_store_open(&st, path, true)))
		return rc;
	memset(&r, 0, sizeof r);
	r.p.username = (char *)admin_username;
	r.p.first = (char *)"District";
	r.p.last = (char *)"Admin";
	r.p.type = RO_TYPE_DISTRICT;
	r.p.active = true;
	r.hash = hash;
	if ((rc = ro_store_begin(st, true, 0)))
		goto out;
	char num[16];
	snprintf(num, sizeof num, "%u", params->m_kib);
	if (!(rc = ro_store_setting_set(st, "hash.m_kib", num))) {
		snprintf(num, sizeof num, "%u", params->t);
		rc = ro_store_setting_set(st, "hash.t", num);
	}
	if (!rc) {
		snprintf(num, sizeof num, "%u", params->p);
		rc = ro_store_setting_set(st, "hash.p", num);
	}
	if (!rc)
		rc = ro_store_setting_set(st, RO_DUMMY_KEY, dummy);
	if (!rc)
		rc = ro_store_portfolio_insert(st, &r);
	if (!rc)
		rc = ro_store_audit_add(st, 0, admin_username, 0, r.p.id,
		    admin_username, "init", NULL, NULL, NULL);
	if (rc)
		ro_store_rollback(st);
	else
		rc = ro_store_commit(st);
out:
	explicit_bzero(hash, sizeof hash);
	/* Nothing half made: the database goes with the failed init. */
	if (rc)
		ro_store_destroy(st);
	else
		ro_store_close(st);
	return rc;
}

static int require(ro_session *s, ro_account_type min, const char *what)
{
	if (s->type < min)
		return ro_error_set(RO_EDENIED, "%s accounts may not %s",
		    ro_account_type_name(s->type), what);
	return 0;
}

/* Runs one small write in site (0: none): begin, fn, commit. */
static int write_one(ro_session *s, int64_t site,
    int (*fn)(ro_session *, void *), void *ctx)
{
	ro_store *st = ro_db_store(s->db);
	int rc = ro_store_begin(st, true, site);

	if (rc)
		return rc;
	if ((rc = fn(s, ctx))) {
		ro_store_rollback(st);
		return rc;
	}
	return ro_store_commit(st);
}

static int trimmed_name(char **out, const char *name, const char *what)
{
	char *n = strdup(name ? name : "");
	size_t chars = 0;
	int rc;

	if (!n)
		return RO_ENOMEM;
	ro_rules_trim(n);
	/* Characters, not bytes: "Ç" is two bytes and one character. */
	for (const unsigned char *c = (const unsigned char *)n; *c; c++)
		chars += (*c & 0xC0) != 0x80;
	if (!*n || chars > 100) {
		free(n);
		return ro_error_set(RO_EINVAL, "a %s name needs 1 to 100 "
		    "characters", what);
	}
	if ((rc = ro_text_field_check(!strcmp(what, "site") ? "The site name" :
	    "The group name", n))) {
		free(n);
		return rc;
	}
	*out = n;
	return 0;
}

static int site_add_tx(ro_session *s, void *ctx)
{
	int64_t id;
	int rc = ro_store_site_add(ro_db_store(s->db), &id, ctx);

	if (!rc)
		rc = ro_store_audit_add(ro_db_store(s->db), id, s->username, 0,
		    0, NULL, "site-add", "Site", NULL, ctx);
	if (!rc && !s->site_id) {
		s->site_id = id;
		s->site_name = strdup(ctx);
	}
	return rc;
}

int ro_site_add(ro_session *s, const char *name)
{
	char *n;
	int rc;

	if ((rc = require(s, RO_TYPE_DISTRICT, "add sites")))
		return rc;
	if ((rc = trimmed_name(&n, name, "site")))
		return rc;
	rc = write_one(s, 0, site_add_tx, n);
	free(n);
	return rc;
}

int ro_site_list(ro_named_list **out, ro_session *s)
{
	int rc;

	*out = NULL;
	if ((rc = require(s, RO_TYPE_DISTRICT, "list sites")))
		return rc;
	return ro_store_site_list(ro_db_store(s->db), out);
}

static int group_add_tx(ro_session *s, void *ctx)
{
	int64_t id;
	int rc = ro_store_group_add(ro_db_store(s->db), &id, s->site_id, ctx);

	if (!rc)
		rc = ro_store_audit_add(ro_db_store(s->db), s->site_id,
		    s->username, 0, 0, NULL, "group-add", "Group", NULL, ctx);
	return rc;
}

int ro_group_add(ro_session *s, const char *name)
{
	char *n;
	int rc;

	if ((rc = require(s, RO_TYPE_ADMIN, "add groups")))
		return rc;
	if (!s->site_id)
		return ro_session_no_site();
	if ((rc = trimmed_name(&n, name, "group")))
		return rc;
	rc = write_one(s, s->site_id, group_add_tx, n);
	free(n);
	return rc;
}

int ro_group_list(ro_named_list **out, ro_session *s)
{
	*out = NULL;
	if (!s->site_id)
		return ro_session_no_site();
	return ro_store_group_list(ro_db_store(s->db), out, s->site_id);
}

int ro_grad_year_list(int **out, size_t *n, ro_session *s)
{
	*out = NULL;
	*n = 0;
	if (!s->site_id)
		return ro_session_no_site();
	return ro_store_grad_years(ro_db_store(s->db), out, n, s->site_id);
}

struct add_ctx {
	ro_store_row *row;
};

static int account_add_tx(ro_session *s, void *ctx)
{
	struct add_ctx *a = ctx;
	ro_store *st = ro_db_store(s->db);
	int rc;

	if (a->row->p.group_name) {
		int64_t gid;
		if ((rc = ro_store_group_find(st, &gid, NULL, s->site_id,
		    a->row->p.group_name)))
			return rc;
		a->row->p.group_id = gid;
	}
	if ((rc = ro_store_portfolio_insert(st, a->row)))
		return rc;
	return ro_store_audit_add(st, s->site_id, s->username, 0,
	    a->row->p.id, a->row->p.username, "create", NULL, NULL,
	    ro_account_type_name(a->row->p.type));
}

int ro_account_add(ro_session *s, ro_portfolio *p, const char *password)
{
	char hash[RO_HASH_ENCODED_MAX];
	ro_hash_params params = ro_db_hash_params(s->db);
	ro_store_row r;
	struct add_ctx a = { &r };
	ro_status st;
	int rc;

	if (p->type == RO_TYPE_DISTRICT)
		return ro_error_set(RO_EINVAL, "district accounts are made with "
		    "the database");
	if ((rc = require(s, p->type == RO_TYPE_STUDENT ? RO_TYPE_STAFF :
	    RO_TYPE_ADMIN, "add this type of account")))
		return rc;
	if (!s->site_id)
		return ro_session_no_site();
	ro_rules_trim(p->username);
	if ((rc = check_credentials(p->username, password)))
		return rc;
	if (!p->first || !*p->first || !p->last || !*p->last)
		return ro_error_set(RO_EINVAL, "%s",
		    ro_rules_message(RO_ST_E50));
	if ((rc = ro_text_field_check("First Name", p->first)) ||
	    (rc = ro_text_field_check("Last Name", p->last)) ||
	    (rc = ro_text_field_check("Group", p->group_name)) ||
	    (rc = ro_text_field_check("Email", p->email)))
		return rc;
	if (p->type == RO_TYPE_STUDENT && !p->grad_year)
		return ro_error_set(RO_EINVAL, "a student needs a graduation year");
	if (p->grad_year && (p->grad_year < RO_GRAD_YEAR_MIN ||
	    p->grad_year > RO_GRAD_YEAR_MAX))
		return ro_error_set(RO_EINVAL, "%s",
		    ro_rules_message(RO_ST_E60));
	if ((st = ro_rules_email(p->email)) != RO_ST_NONE)
		return ro_error_set(RO_EINVAL, "email %s: %s", p->email,
		    ro_rules_message(st));
	if ((rc = ro_hash_password(hash, password, &params)))
		return rc;
	memset(&r, 0, sizeof r);
	r.p = *p;
	r.p.site_id = s->site_id;
	r.p.active = true;
	r.hash = hash;
	rc = write_one(s, s->site_id, account_add_tx, &a);
	explicit_bzero(hash, sizeof hash);
	p->id = r.p.id;
	p->group_id = r.p.group_id;
	if (rc == RO_EEXISTS)
		return ro_error_set(RO_EEXISTS, "username %s is already used "
		    "(usernames are not case sensitive)", p->username);
	return rc;
}

int ro_setting_change(ro_session *s, const char *key, const char *value)
{
	int rc;

	if ((rc = require(s, RO_TYPE_DISTRICT, "change settings")))
		return rc;
	return ro_db_setting_set(s->db, key, value);
}
