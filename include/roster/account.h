/* account.h — creating the database, sites, groups and single accounts. */
#ifndef ROSTER_ACCOUNT_H
#define ROSTER_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <roster/db.h>
#include <roster/portfolio.h>

/* Creates a new database at path (0600, folders made as needed) with its
 * first district admin.  RO_EEXISTS when path exists. */
int ro_init(const char *path, const char *admin_username,
    const char *admin_password, const ro_hash_params *params);

typedef struct ro_demo_signin {
	const char *username;
	const char *password;
	const char *role;      /* "site admin", "staff", "student", … */
} ro_demo_signin;
/* Adds the demo site "Demo High School" with n portfolios, groups, years,
 * about 5 % SSO-linked and 3 % inactive, seeded and repeatable.  *signins
 * (static storage) lists the demo sign-ins. */
int ro_demo_create(ro_db *db, size_t n, const ro_demo_signin **signins,
    size_t *nsignins);

typedef struct ro_named {
	int64_t id;
	char *name;
	size_t count;          /* portfolios (sites, groups) */
} ro_named;
typedef struct ro_named_list {
	ro_named *items;
	size_t n;
} ro_named_list;
void ro_named_list_free(ro_named_list *l);

int ro_site_add(ro_session *s, const char *name);        /* district */
int ro_site_list(ro_named_list **out, ro_session *s);    /* district: all */
int ro_group_add(ro_session *s, const char *name);
int ro_group_list(ro_named_list **out, ro_session *s);
/* Graduation years in use at the site, ascending (for the pick list). */
int ro_grad_year_list(int **out, size_t *n, ro_session *s);

/* Adds one portfolio to the session's site; p->site_id, id, version are
 * ignored; p->group_name names the group.  password follows the rules.
 * On success p->id is set. */
int ro_account_add(ro_session *s, ro_portfolio *p, const char *password);

/* Clears the sign-in delay and the count of failed sign-ins of the
 * portfolio named username (ignoring case), and audits it: site admins in
 * their own site, district accounts any portfolio (district ones
 * included).  RO_EDENIED for staff and students; RO_ENOTFOUND when the
 * caller may not see it.  *was_locked: whether there was anything to
 * clear. */
int ro_account_unlock(ro_session *s, const char *username, bool *was_locked);
/* The same for every portfolio of the selection (the session's site) that
 * has failed sign-ins; *unlocked: how many. */
int ro_account_unlock_selection(ro_session *s, const ro_selection *sel,
    size_t *unlocked);

/* Changes a setting (district accounts only; see ro_db_setting_set). */
int ro_setting_change(ro_session *s, const char *key, const char *value);

#endif
