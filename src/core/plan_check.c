/* plan_check.c — every status code and warning of every row, a window
 * of rows at a time.
 *
 * The site's groups and the file's repeats (plan_dups.c) are found once;
 * then, for each window, the store is asked in batches
 * (plan_lookup_ids.c: the portfolios of the window's ids in one query;
 * plan_lookup_names.c: the owners of its new usernames in another), and
 * every row costs a few probes of in-memory tables.  A row gets all of
 * its codes, each with a message naming the field and the value (never
 * the password). */
#include "plan_int.h"

#include <roster/rules.h>
#include <roster/text.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BIT(st) (UINT64_C(1) << (st))

/* What a window kept: its results' notes, the store's rows (their
 * strings are in the arena) and the owners' table.  The arrays stay for
 * the next window. */
static void window_clear(plan_ctx *c)
{
	for (size_t i = 0; c->res && i < c->win_hi - c->win_lo; i++) {
		for (size_t k = 0; k < c->res[i].nnotes; k++)
			free(c->res[i].notes[k].text);
		free(c->res[i].notes);
		c->res[i].notes = NULL;
		c->res[i].nnotes = 0;
	}
	c->win_lo = c->win_hi = 0;
	c->ncur = 0;
	c->nowners = 0;
	plan_map_free(&c->taken);
	plan_arena_free(&c->row_chunks);
}

void plan_check_clear(plan_ctx *c)
{
	window_clear(c);
	ro_big_free(c->res);
	c->res = NULL;
	c->capres = 0;
	ro_big_free(c->cur);
	c->cur = NULL;
	c->capcur = 0;
	ro_big_free(c->owners);
	c->owners = NULL;
	c->capowners = 0;
	ro_big_free(c->dup_id);
	ro_big_free(c->dup_user);
	c->dup_id = c->dup_user = NULL;
	plan_map_free(&c->group_by_name);
	plan_map_free(&c->group_by_id);
	ro_named_list_free(c->groups);
	c->groups = NULL;
}

/* ---- the codes of one row ---- */

static int check_id(plan_ctx *c, const plan_rec *r, plan_res *x,
    size_t dup_row)
{
	const char *v = CELL(r, C_ID);
	int rc = 0;

	switch (r->id_num) {
	case NUM_BLANK:
		return 0;
	case NUM_SCI:
		rc = plan_note_add(x, RO_ST_W10, plan_msg("Portfolio ID %s looks "
		    "damaged by a spreadsheet program (a number in scientific "
		    "notation): its digits may be lost", v));
		if (!rc)
			rc = plan_note_add(x, RO_ST_E20, plan_msg("Portfolio ID %s is "
			    "not a portfolio id; format the column as text "
			    "and type the ids again", v));
		return rc;
	case NUM_BAD:
		return plan_note_add(x, RO_ST_E20, plan_msg("Portfolio ID %s is not a "
		    "number", v));
	case NUM_DOT0:
		rc = plan_note_add(x, RO_ST_W10, plan_msg("Portfolio ID %s looks "
		    "damaged by a spreadsheet program (a whole number turned "
		    "into a decimal); read as %lld", v, (long long)r->id));
		break;
	default:
		break;
	}
	if (!rc && !x->cur)
		rc = plan_note_add(x, RO_ST_E20, plan_msg("Portfolio ID %lld is not a "
		    "portfolio of this site", (long long)r->id));
	if (!rc && dup_row)
		rc = plan_note_add(x, RO_ST_E21, plan_msg("Portfolio ID %lld appears "
		    "more than once in the file (also row %zu)",
		    (long long)r->id, dup_row));
	return rc;
}

/* Resolves the username the row means (repairing a damaged cell, as
 * plan_dups.c did for E33). */
static int resolve_username(const plan_rec *r, plan_res *x)
{
	const char *cell = CELL(r, C_USER);
	const char *cur = x->cur ? x->cur->p.username : NULL;
	const char *what;

	x->username = plan_damage_resolve(cell, cur, &what);
	if (!*what)
		return 0;
	if (x->username != cell) {
		return plan_note_add(x, RO_ST_W10, plan_msg("Username %s looks damaged "
		    "by a spreadsheet program (%s); kept %s", cell, what,
		    cur));
	}
	return plan_note_add(x, RO_ST_W10, plan_msg("Username %s looks damaged by a "
	    "spreadsheet program (%s)", cell, what));
}

static int check_username(plan_ctx *c, const plan_rec *r, plan_res *x,
    size_t dup_row)
{
	const char *u = x->username;
	bool changed = !x->cur || strcmp(u, x->cur->p.username) != 0;
	ro_status codes[2];
	size_t n;
	int rc = 0;

	/* A duplicate is an error of every row that holds it. */
	if (!changed)
		return dup_row ? plan_note_add(x, RO_ST_E33, plan_msg("Username %s "
		    "appears more than once in the file, ignoring case (also "
		    "row %zu)", u, dup_row)) : 0;
	n = *u ? ro_rules_username_codes(codes, u) : 0;
	if (!*u && (!x->cur && r->id_num == NUM_BLANK))
		rc = plan_note_add(x, RO_ST_E30, plan_msg("Username is blank: a new "
		    "portfolio needs one"));
	else if (!*u)
		rc = plan_note_add(x, RO_ST_E30, plan_msg("Username is blank"));
	for (size_t i = 0; i < n && !rc; i++)
		rc = plan_note_add(x, codes[i], codes[i] == RO_ST_E30 ?
		    plan_msg("Username %s is shorter than %d characters", u,
		    RO_USERNAME_MIN) : plan_msg("Username %s has characters "
		    "other than letters, digits, . _ - @", u));
	/* Without its portfolio (E20) a row cannot tell whose name it is. */
	if (!rc && *u && (x->cur || r->id_num == NUM_BLANK) &&
	    (!x->cur || !ro_rules_username_equal(u, x->cur->p.username))) {
		const ro_store_row *o = plan_owner_of(c, u);
		if (o && (!x->cur || o->p.id != x->cur->p.id) &&
		    !(x->created_by && o->p.id == x->same_id))
			rc = plan_note_add(x, RO_ST_E32, plan_msg("Username %s is "
			    "already used by another portfolio (usernames "
			    "ignore case)", u));
	}
	if (!rc && dup_row)
		rc = plan_note_add(x, RO_ST_E33, plan_msg("Username %s appears more "
		    "than once in the file, ignoring case (also row %zu)", u,
		    dup_row));
	if (!rc && x->cur && x->cur->p.sso)
		rc = plan_note_add(x, RO_ST_E90, plan_msg("Username: the portfolio is "
		    "linked to %s; its username cannot be changed here "
		    "(%s \u2192 %s)", x->cur->p.sso == RO_SSO_CLEVER ?
		    "Clever" : "ClassLink", x->cur->p.username, u));
	return rc;
}

static int check_password(const plan_rec *r, plan_res *x, bool is_new)
{
	int rc = 0;

	if (!r->pw_set)
		return is_new ? plan_note_add(x, RO_ST_E42, plan_msg("Password is "
		    "blank: a new portfolio needs a password")) : 0;
	for (size_t i = 0; i < r->npw && !rc; i++)
		rc = plan_note_add(x, r->pw[i], r->pw[i] == RO_ST_E40 ?
		    plan_msg("Password is shorter than %d characters",
		    RO_PASSWORD_MIN) : r->pw[i] == RO_ST_E43 ?
		    plan_msg("Password is longer than %d characters",
		    RO_PASSWORD_MAX) : plan_msg("Password needs an uppercase "
		    "letter, a lowercase letter and a digit"));
	if (!rc && r->pw_weak)
		rc = plan_note_add(x, RO_ST_W20, plan_msg("Password equals the "
		    "username or contains the first or last name"));
	if (!rc && x->cur && x->cur->p.sso)
		rc = plan_note_add(x, RO_ST_E90, plan_msg("Password: the portfolio is "
		    "linked to %s; its password cannot be changed here",
		    x->cur->p.sso == RO_SSO_CLEVER ? "Clever" : "ClassLink"));
	return rc;
}

/* E51: a name the row would store that is not plain text.  A name equal
 * to the portfolio's is not checked: an older database may hold one, and
 * a row that leaves it as it is changes nothing. */
static int check_name_text(const plan_rec *r, plan_res *x, enum plan_col col,
    const char *cur)
{
	const char *v = plan_value(r, x, col);
	size_t at;
	ro_text_fault f;

	if ((cur && strcmp(v, cur) == 0) ||
	    (f = ro_text_check(v, &at)) == RO_TEXT_OK)
		return 0;
	return plan_note_add(x, RO_ST_E51, plan_msg("%s %s %s (character %zu)",
	    ro_upload_headers()[col], v, f == RO_TEXT_CONTROL ? "holds a "
	    "control character: a line break, tab or escape cannot be stored" :
	    "is not valid UTF-8 text", at));
}

static int check_names(const plan_rec *r, plan_res *x)
{
	bool f = !*CELL(r, C_FIRST), l = !*CELL(r, C_LAST);
	int rc;

	if ((rc = check_name_text(r, x, C_FIRST, x->cur ? x->cur->p.first :
	    NULL)) || (rc = check_name_text(r, x, C_LAST, x->cur ?
	    x->cur->p.last : NULL)))
		return rc;
	if (!f && !l)
		return 0;
	return plan_note_add(x, RO_ST_E50, plan_msg("%s blank", f && l ?
	    "First Name and Last Name are" : f ? "First Name is" :
	    "Last Name is"));
}

/* The account type the row is about: the file's, else the portfolio's. */
static int row_type(const plan_rec *r, const plan_res *x)
{
	return r->type >= 0 ? r->type : x->cur ? (int)x->cur->p.type : -1;
}

static int check_year(const plan_rec *r, plan_res *x)
{
	const char *v = CELL(r, C_YEAR);
	int rc = 0;

	switch (r->year_num) {
	case NUM_BLANK:
		if (row_type(r, x) == RO_TYPE_STUDENT)
			rc = plan_note_add(x, RO_ST_E60, plan_msg("Graduation Year is "
			    "blank: a student needs one"));
		return rc;
	case NUM_SCI:
		rc = plan_note_add(x, RO_ST_W10, plan_msg("Graduation Year %s looks "
		    "damaged by a spreadsheet program (a number in scientific "
		    "notation)", v));
		if (!rc)
			rc = plan_note_add(x, RO_ST_E60, plan_msg("Graduation Year %s is "
			    "not a 4-digit year", v));
		return rc;
	case NUM_BAD:
		return plan_note_add(x, RO_ST_E60, plan_msg("Graduation Year %s is not "
		    "a 4-digit year between %d and %d", v, RO_GRAD_YEAR_MIN,
		    RO_GRAD_YEAR_MAX));
	case NUM_DOT0:
		return plan_note_add(x, RO_ST_W10, plan_msg("Graduation Year %s looks "
		    "damaged by a spreadsheet program (a whole number turned "
		    "into a decimal); read as %d", v, r->year));
	default:
		return 0;
	}
}

static int check_group(plan_ctx *c, const plan_rec *r, plan_res *x)
{
	const char *v = CELL(r, C_GROUP);
	const ro_named *g;
	const char *what, *near;
	bool explained;

	x->group_id = 0;
	x->group = NULL;
	if (!*v)
		return 0;
	if ((g = plan_group_named(c, v))) {
		x->group_id = g->id;
		x->group = g->name;
		return 0;
	}
	what = plan_damage(v, x->cur ? x->cur->p.group_name : NULL, &explained);
	if (explained) {
		x->group_id = x->cur->p.group_id;
		x->group = x->cur->p.group_name;
		return plan_note_add(x, RO_ST_W10, plan_msg("Group %s looks damaged by "
		    "a spreadsheet program (%s); kept %s", v, what, x->group));
	}
	if ((near = plan_closest_group(c->groups, v)))
		return plan_note_add(x, RO_ST_E70, plan_msg("Group %s is not a group of "
		    "this site; did you mean %s?", v, near));
	return plan_note_add(x, RO_ST_E70, plan_msg("Group %s is not a group of this "
	    "site, which has no groups yet", v));
}

static int check_email(const plan_rec *r, plan_res *x)
{
	const char *v = plan_value(r, x, C_EMAIL);

	if (!*v || (x->cur && x->cur->p.email && strcmp(v,
	    x->cur->p.email) == 0))
		return 0;
	if (ro_rules_email(v) == RO_ST_NONE)
		return 0;
	return plan_note_add(x, RO_ST_E80, plan_msg("Email %s is not a valid "
	    "address", v));
}

static int check_type(plan_ctx *c, const plan_rec *r, plan_res *x)
{
	const char *v = CELL(r, C_TYPE);
	int t = row_type(r, x);

	if (r->type < 0)
		return plan_note_add(x, RO_ST_E71, *v ? plan_msg("Account Type %s is "
		    "not student, staff or admin", v) : plan_msg("Account "
		    "Type is blank: it is student, staff or admin"));
	if (x->cur && (int)x->cur->p.type != r->type)
		return plan_note_add(x, RO_ST_E71, plan_msg("Account Type %s differs "
		    "from the portfolio's (%s); a change of account type is "
		    "refused", v, ro_account_type_name(x->cur->p.type)));
	/* As for single accounts: staff look after students only; a row
	 * that changes nothing is SAME whatever the caller may change. */
	if (c->s->type < RO_TYPE_ADMIN && t != RO_TYPE_STUDENT &&
	    !x->created_by && !(x->cur && !plan_row_changes(r, x)))
		return plan_note_add(x, RO_ST_E71, plan_msg("Account Type %s: staff "
		    "accounts may create and update student portfolios only",
		    v));
	return 0;
}

static int check_trimmed(const plan_rec *r, plan_res *x)
{
	char list[256] = "";
	size_t len = 0;

	if (!(r->trimmed & ~x->keep))
		return 0;
	for (size_t i = 0; i < RO_UPLOAD_COLUMNS; i++)
		if (r->trimmed & ~x->keep & (1u << i))
			len += (size_t)snprintf(list + len, sizeof list - len,
			    "%s%s", len ? ", " : "",
			    ro_upload_headers()[i]);
	return plan_note_add(x, RO_ST_W11, plan_msg("spaces around %s were trimmed",
	    list));
}

/* Is cell (trimmed) the stored value cur but for the spaces around cur? */
static bool same_but_spaces(const char *cell, const char *cur)
{
	size_t n = cur ? strlen(cur) : 0;
	char *t;
	bool same;

	/* Only a value with spaces at an end needs the copy. */
	if (!n || !(strchr(" \t", cur[0]) || strchr(" \t", cur[n - 1]) ||
	    (unsigned char)cur[0] == 0xC2 || (unsigned char)cur[n - 1] == 0xA0))
		return false;
	if (!(t = strdup(cur)))
		return false;
	same = ro_rules_trim(t) && strcmp(t, cell) == 0;
	free(t);
	return same;
}

static void keep_untrimmed(const plan_rec *r, plan_res *x)
{
	static const enum plan_col cols[] = { C_FIRST, C_LAST, C_EMAIL };

	x->keep = 0;
	if (!x->cur || !r->trimmed)
		return;
	for (size_t k = 0; k < 3; k++) {
		enum plan_col col = cols[k];
		const char *cur = col == C_FIRST ? x->cur->p.first :
		    col == C_LAST ? x->cur->p.last : x->cur->p.email;

		if ((r->trimmed & (1u << col)) && same_but_spaces(CELL(r, col),
		    cur))
			x->keep |= (uint16_t)(1u << col);
	}
}

static int check_row(plan_ctx *c, size_t i, size_t dup_id, size_t dup_user)
{
	const plan_rec *r = &c->recs[i];
	plan_res *x = plan_res_of(c, i);
	bool is_new = r->id_num == NUM_BLANK && !x->created_by;
	int rc = 0;

	keep_untrimmed(r, x);

	if (!plan_rec_whole(r))
		return plan_note_add(x, RO_ST_E11, plan_msg("the row has %zu cells; the "
		    "header has %d", (size_t)r->ncells, RO_UPLOAD_COLUMNS));
	if (!rc)
		rc = check_id(c, r, x, dup_id);
	if (!rc)
		rc = check_username(c, r, x, dup_user);
	if (!rc)
		rc = check_password(r, x, is_new);
	if (!rc)
		rc = check_names(r, x);
	if (!rc)
		rc = check_year(r, x);
	if (!rc)
		rc = check_group(c, r, x);
	if (!rc)
		rc = check_email(r, x);
	if (!rc)
		rc = check_type(c, r, x);
	if (!rc && x->cur && !x->cur->p.active && plan_row_changes(r, x))
		rc = plan_note_add(x, RO_ST_E91, plan_msg("the portfolio %s is "
		    "inactive; reactivate it first", x->cur->p.username));
	if (!rc)
		rc = check_trimmed(r, x);
	if (!rc && c->cp1252)
		rc = plan_note_add(x, RO_ST_W12, plan_msg("the file was not UTF-8 and "
		    "was read as Windows-1252"));
	if (!rc && c->orx)
		rc = plan_or_check(c, i, x);
	return rc;
}

int plan_check_open(plan_ctx *c)
{
	size_t w = plan_window_rows(c);
	double t0;
	int rc;

	plan_check_clear(c);
	memset(c->t_check, 0, sizeof c->t_check);
	t0 = ro_trace_now();
	if ((rc = plan_lookup_groups(c)) || (rc = plan_find_id_dups(c)) ||
	    (rc = plan_find_user_dups(c)))
		return rc;
	c->t_check[0] = ro_trace_now() - t0;
	ro_trace("plan: check: repeated ids and usernames %.0f ms",
	    c->t_check[0]);
	if (!(c->res = ro_big_alloc((w + 1) * sizeof *c->res)))
		return RO_ENOMEM;
	c->capres = w + 1;
	return 0;
}

int plan_check_window(plan_ctx *c, size_t lo, size_t hi)
{
	double t[3];
	int rc;

	assert(lo <= hi && hi - lo < c->capres && c->dup_id && c->dup_user);
	window_clear(c);
	memset(c->res, 0, (hi - lo) * sizeof *c->res);
	c->win_lo = lo;
	c->win_hi = hi;
	t[0] = ro_trace_now();
	if ((rc = plan_lookup_ids(c)))
		return rc;
	t[1] = ro_trace_now();
	for (size_t i = lo; i < hi && !rc; i++) {
		plan_rec *r = &c->recs[i];
		plan_res *x = plan_res_of(c, i);
		x->username = CELL(r, C_USER);
		if (plan_rec_whole(r))
			rc = resolve_username(r, x);
	}
	if (!rc)
		rc = plan_lookup_usernames(c);
	if (!rc)
		rc = plan_find_created(c);
	t[2] = ro_trace_now();
	for (size_t i = lo; i < hi && !rc; i++)
		rc = check_row(c, i, c->dup_id[i], c->dup_user[i]);
	if (hi == c->nrecs) {
		/* The last window: the tables of repeats are done with, before
		 * its rows are built (the plan is then nearly whole). */
		ro_big_free(c->dup_id);
		ro_big_free(c->dup_user);
		c->dup_id = c->dup_user = NULL;
	}
	c->t_check[1] += t[1] - t[0];
	c->t_check[2] += t[2] - t[1];
	c->t_check[3] += ro_trace_now() - t[2];
	return rc;
}
