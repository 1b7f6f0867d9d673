/* signin.c — a portfolio signing in as itself, and the changes a
 * temporary password or a security-question reset force. */
#include "core_int.h"

#include <roster/hash.h>
#include <roster/pool.h>
#include <roster/rules.h>
#include <roster/signin.h>

#include <stdlib.h>
#include <string.h>

static const char *const questions[RO_SECURITY_QUESTIONS] = {
	"What was the name of your first pet?",
	"In what city were you born?",
	"What is your favourite book?",
};

const char *const *ro_signin_questions(size_t *n)
{
	*n = RO_SECURITY_QUESTIONS;
	return questions;
}

void ro_signin_free(ro_signin *si)
{
	if (!si)
		return;
	free(si->username);
	free(si->first);
	free(si->last);
	free(si);
}

int ro_signin_verify(ro_signin **out, ro_db *db, const char *username,
    const char *password)
{
	ro_store_row row;
	ro_signin *si;
	int rc;

	*out = NULL;
	if ((rc = ro_auth_check(db, username, password, &row)))
		return rc;
	if (!(si = calloc(1, sizeof *si))) {
		ro_store_row_clear(&row);
		return RO_ENOMEM;
	}
	si->portfolio_id = row.p.id;
	si->username = strdup(row.p.username);
	si->first = strdup(row.p.first);
	si->last = strdup(row.p.last);
	/* An SSO-linked portfolio's password is its provider's: never
	 * forced (nor allowed, below) to change here. */
	si->need_password = row.p.temp_password && row.p.sso == RO_SSO_NONE;
	si->need_answers = row.p.sq_reset;
	ro_store_row_clear(&row);
	*out = si;
	return 0;
}

/* Loads the row, applies fn to it inside one write transaction, audits. */
static int change(ro_signin *si, ro_db *db, const char *field,
    int (*fn)(ro_store *, ro_store_row *, void *), void *ctx)
{
	ro_store *st = ro_db_store(db);
	ro_store_row r;
	int rc;

	/* The write locks the portfolio's site: read which first. */
	if ((rc = ro_store_portfolio_get(st, &r, si->portfolio_id)))
		return rc;
	rc = ro_store_begin(st, true, r.p.site_id);
	ro_store_row_clear(&r);
	if (rc)
		return rc;
	if ((rc = ro_store_portfolio_get(st, &r, si->portfolio_id)))
		goto fail;
	if ((rc = fn(st, &r, ctx)) == 0 &&
	    (rc = ro_store_portfolio_update(st, &r)) == 0)
		rc = ro_store_audit_add(st, r.p.site_id, r.p.username, 0,
		    r.p.id, r.p.username, "signin-change", field, NULL, NULL);
	ro_store_row_clear(&r);
	if (rc)
		goto fail;
	return ro_store_commit(st);
fail:
	ro_store_rollback(st);
	return rc;
}

struct pw_ctx {
	const char *hash;
};

static int set_password(ro_store *st, ro_store_row *r, void *ctx)
{
	struct pw_ctx *c = ctx;

	(void)st;
	if (r->p.sso != RO_SSO_NONE)
		return ro_error_set(RO_EDENIED, "%s is linked to %s: change "
		    "the password there", r->p.username,
		    r->p.sso == RO_SSO_CLEVER ? "Clever" : "ClassLink");
	free(r->hash);
	r->hash = strdup(c->hash);
	r->p.temp_password = false;
	return r->hash ? 0 : RO_ENOMEM;
}

int ro_signin_change_password(ro_signin *si, ro_db *db,
    const char *old_password, const char *new_password)
{
	char hash[RO_HASH_ENCODED_MAX];
	ro_hash_params params = ro_db_hash_params(db);
	struct pw_ctx c = { hash };
	ro_status st;
	int rc;

	if ((st = ro_rules_password(new_password)) != RO_ST_NONE)
		return ro_error_set(RO_EINVAL, "new password: %s",
		    ro_rules_message(st));
	if (old_password && strcmp(old_password, new_password) == 0)
		return ro_error_set(RO_EINVAL, "new password: it must differ "
		    "from the temporary one");
	if (ro_rules_password_weak(new_password, si->username, si->first,
	    si->last))
		return ro_error_set(RO_EINVAL, "new password: %s",
		    ro_rules_message(RO_ST_W20));
	if ((rc = ro_hash_password(hash, new_password, &params)))
		return rc;
	rc = change(si, db, "Password", set_password, &c);
	explicit_bzero(hash, sizeof hash);
	if (!rc)
		si->need_password = false;
	return rc;
}

static int set_answers(ro_store *st, ro_store_row *r, void *ctx)
{
	int rc = ro_store_answers_set(st, r->p.id, ctx, RO_SECURITY_QUESTIONS);

	r->p.sq_reset = false;
	return rc;
}

int ro_signin_set_answers(ro_signin *si, ro_db *db,
    const char *const *answers)
{
	char hashes[RO_SECURITY_QUESTIONS][RO_HASH_ENCODED_MAX];
	const char *ptrs[RO_SECURITY_QUESTIONS];
	ro_hash_params params = ro_db_hash_params(db);
	int rc;

	for (size_t i = 0; i < RO_SECURITY_QUESTIONS; i++) {
		if (!answers[i] || !*answers[i])
			return ro_error_set(RO_EINVAL, "security question %zu "
			    "needs an answer", i + 1);
		ptrs[i] = answers[i];
	}
	if ((rc = ro_pool_hash(hashes, ptrs, RO_SECURITY_QUESTIONS, &params,
	    0, NULL, NULL)))
		return rc;
	for (size_t i = 0; i < RO_SECURITY_QUESTIONS; i++)
		ptrs[i] = hashes[i];
	rc = change(si, db, "Security questions", set_answers, ptrs);
	explicit_bzero(hashes, sizeof hashes);
	if (!rc)
		si->need_answers = false;
	return rc;
}
