/* portfolio.h — portfolios, selections and paged lists by search mode. */
#ifndef ROSTER_PORTFOLIO_H
#define ROSTER_PORTFOLIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <roster/db.h>

typedef enum ro_sso { RO_SSO_NONE = 0, RO_SSO_CLEVER, RO_SSO_CLASSLINK } ro_sso;
const char *ro_sso_name(ro_sso s); /* "", "clever", "classlink" */

typedef struct ro_portfolio {
	int64_t id;
	int64_t site_id;
	char *username;
	char *first;
	char *last;
	char *email;         /* NULL when none */
	int64_t group_id;    /* 0 when none */
	char *group_name;    /* NULL when none */
	int grad_year;       /* 0 when none */
	ro_account_type type;
	ro_sso sso;
	char *sso_id;        /* NULL when none */
	bool active;
	bool temp_password;  /* the next sign-in must change it */
	bool sq_reset;       /* the next sign-in must set security answers */
	int64_t version;     /* bumped by every change */
	int failed_signins;  /* failed sign-ins in a row */
	int64_t locked_until; /* sign-in delayed until (unix seconds); 0 or
	                       * a past time when not */
} ro_portfolio;

void ro_portfolio_clear(ro_portfolio *p); /* frees the strings */

typedef enum ro_mode {
	RO_MODE_LAST_NAME = 0, /* Last Name begins with */
	RO_MODE_GROUP,         /* Group */
	RO_MODE_GRAD_YEAR,     /* Graduation Year */
	RO_MODE_ALL            /* All Users in Site */
} ro_mode;
const char *ro_mode_label(ro_mode m); /* the seed's words */

/* A selection is a search mode plus, optionally, a set of ids: with
 * only != NULL just those ids of the list; with except != NULL every row
 * of the list but those ("select all" is a rule, not a million ticks). */
typedef struct ro_selection {
	ro_mode mode;
	const char *arg;        /* prefix, group name or year (as text) */
	bool inactive;          /* inactive portfolios instead of active ones */
	const int64_t *only;
	size_t nonly;
	const int64_t *except;
	size_t nexcept;
} ro_selection;

/* Where a page ends: the sort key of its last row (last, first, id). */
typedef struct ro_cursor {
	char *last;
	char *first;
	int64_t id;
} ro_cursor;

/* "id" alone is enough on the command line: the engine looks the rest up.
 * Encodes as the decimal id. */
char *ro_cursor_encode(const ro_cursor *c);
void ro_cursor_clear(ro_cursor *c);

typedef struct ro_portfolio_list {
	ro_portfolio *items;
	size_t n;
	bool more;          /* rows follow this page */
} ro_portfolio_list;
void ro_portfolio_list_free(ro_portfolio_list *l);

/* Validates the selection against the session's site: RO_ENOTFOUND for a
 * group that is not one of the site's, RO_EINVAL for a bad year. */
int ro_selection_check(ro_session *s, const ro_selection *sel);

/* One page of the list, sorted by last name, first name, id; after NULL
 * for the first page, else the cursor of the previous page's last row
 * (before = true pages backwards and returns rows in ascending order).
 * Never reads more than limit + 1 rows. */
int ro_list_page(ro_portfolio_list **out, ro_session *s,
    const ro_selection *sel, const ro_cursor *after, bool before, size_t limit);
/* The last page (End key): up to limit rows ending at the last row. */
int ro_list_last_page(ro_portfolio_list **out, ro_session *s,
    const ro_selection *sel, size_t limit);
/* Rows in the selection (only/except applied). */
int ro_list_count(size_t *out, ro_session *s, const ro_selection *sel);
/* Number of rows of the list sorting before the cursor (for "page X"). */
int ro_list_rank(size_t *out, ro_session *s, const ro_selection *sel,
    const ro_cursor *at);
/* The same, given up (RO_ECANCEL) as soon as stop(ctx) returns non-zero:
 * for a rank computed while a person may press a key. */
int ro_list_rank_until(size_t *out, ro_session *s, const ro_selection *sel,
    const ro_cursor *at, int (*stop)(void *ctx), void *ctx);
/* Cursor for an id seen on the command line (--after ID). */
int ro_cursor_from_id(ro_cursor *out, ro_session *s, int64_t id);

/* One portfolio of the session's site. RO_ENOTFOUND otherwise. */
int ro_portfolio_get(ro_portfolio *out, ro_session *s, int64_t id);

#endif
