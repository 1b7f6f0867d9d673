/* plan_check.c — every status code and warning of every row.
 *
 * The store is asked in batches: the portfolios of the file's ids in one
 * query, the owners of its new usernames in another, the site's groups in
 * a third; every row then costs a few probes of in-memory tables.  A row
 * gets all of its codes, each with a message naming the field and the
 * value (never the password). */
#include "plan_int.h"

#include <roster/rules.h>
#include <roster/text.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BIT(st) (UINT64_C(1) << (st))

/* Adds a message for code to x; a second message of the same code (W10
 * in two cells) joins the first. */
static int note(plan_res *x, ro_status code, char *text)
{
	if (!text)
		return RO_ENOMEM;
	x->codes |= BIT(code);
	for (size_t i = 0; i < x->nnotes; i++) {
		if (x->notes[i].code != code)
			continue;
		char *j = plan_msg("%s; %s", x->notes[i].text, text);
		free(text);
		if (!j)
			return RO_ENOMEM;
		free(x->notes[i].text);
		x->notes[i].text = j;
		return 0;
	}
	plan_note *v = realloc(x->notes, (x->nnotes + 1) * sizeof *v);
	if (!v) {
		free(text);
		return RO_ENOMEM;
	}
	x->notes = v;
	x->notes[x->nnotes].code = code;
	x->notes[x->nnotes].text = text;
	x->nnotes++;
	return 0;
}

void plan_check_clear(plan_ctx *c)
{
	for (size_t i = 0; c->res && i < c->nrecs; i++) {
		for (size_t k = 0; k < c->res[i].nnotes; k++)
			free(c->res[i].notes[k].text);
		free(c->res[i].notes);
	}
	ro_big_free(c->res);
	c->res = NULL;
	/* The rows' strings are in the arena. */
	ro_big_free(c->cur);
	c->cur = NULL;
	c->ncur = c->capcur = 0;
	ro_big_free(c->owners);
	c->owners = NULL;
	c->nowners = c->capowners = 0;
	plan_map_free(&c->taken);
	plan_map_free(&c->group_by_name);
	plan_map_free(&c->group_by_id);
	plan_arena_free(&c->row_chunks);
	ro_named_list_free(c->groups);
	c->groups = NULL;
}

/* ---- the batch lookups ---- */

struct rows_sink {
	ro_store_row **v;
	size_t *n, *cap;
	plan_chunk **arena;
	bool hashes;          /* keep the password hashes (an upload's undo) */
};

/* Keeps a copy of the store's row, its strings in the arena (the store
 * clears or reuses its own). */
static int keep_row(void *ctx, ro_store_row *row)
{
	struct rows_sink *k = ctx;
	ro_store_row *d;
	bool nomem = false;

	if (*k->n == *k->cap) {
		size_t cap = *k->cap ? *k->cap * 2 : 64;
		ro_store_row *v = ro_big_realloc(*k->v, cap * sizeof *v);
		if (!v)
			return RO_ENOMEM;
		*k->v = v;
		*k->cap = cap;
	}
	d = &(*k->v)[*k->n];
	*d = *row;
	d->p.username = plan_arena_strdup(k->arena, row->p.username, &nomem);
	d->p.first = plan_arena_strdup(k->arena, row->p.first, &nomem);
	d->p.last = plan_arena_strdup(k->arena, row->p.last, &nomem);
	d->p.email = plan_arena_strdup(k->arena, row->p.email, &nomem);
	d->p.group_name = plan_arena_strdup(k->arena, row->p.group_name,
	    &nomem);
	d->p.sso_id = plan_arena_strdup(k->arena, row->p.sso_id, &nomem);
	d->hash = k->hashes ? plan_arena_strdup(k->arena, row->hash, &nomem) :
	    NULL;
	if (nomem)
		return RO_ENOMEM;
	(*k->n)++;
	return 0;
}

static bool rec_whole(const plan_rec *r)
{
	return r->ncells == RO_UPLOAD_COLUMNS;
}

static bool rec_has_id(const plan_rec *r)
{
	return rec_whole(r) && (r->id_num == NUM_OK || r->id_num == NUM_DOT0) &&
	    r->id > 0;
}

/* From this many ids on, a plan may read the whole site instead. */
#define SCAN_MIN 2000

/* A record's id and index: sorted by id, they join the store's rows
 * (also in id order) without a hash table, and show repeated ids. */
typedef struct id_pair {
	int64_t id;
	size_t rec;
} id_pair;

static int cmp_pair(const void *a, const void *b)
{
	const id_pair *x = a, *y = b;

	if (x->id != y->id)
		return (x->id > y->id) - (x->id < y->id);
	return (x->rec > y->rec) - (x->rec < y->rec);
}

static int cmp_row_id(const void *a, const void *b)
{
	const ro_store_row *x = a, *y = b;

	return (x->p.id > y->p.id) - (x->p.id < y->p.id);
}

/* Sorts by id, then record: a counting sort when the ids are dense (a
 * site's ids mostly are: a third of the time of qsort at 100,000 rows),
 * else qsort. */
static int sort_pairs(id_pair *v, size_t n)
{
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	uint32_t *count;
	id_pair *tmp;
	size_t range;

	for (size_t i = 0; i < n; i++) {
		lo = v[i].id < lo ? v[i].id : lo;
		hi = v[i].id > hi ? v[i].id : hi;
	}
	if (n < 2)
		return 0;
	range = (size_t)(hi - lo) + 1;
	if (range > 4 * n + 1024 || n > UINT32_MAX) {
		qsort(v, n, sizeof *v, cmp_pair);
		return 0;
	}
	count = calloc(range + 1, sizeof *count);
	tmp = malloc(n * sizeof *tmp);
	if (!count || !tmp) {
		free(count);
		free(tmp);
		return RO_ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		count[v[i].id - lo + 1]++;
	for (size_t i = 1; i <= range; i++)
		count[i] += count[i - 1];
	/* Stable: records keep their file order within an id. */
	for (size_t i = 0; i < n; i++)
		tmp[count[v[i].id - lo]++] = v[i];
	memcpy(v, tmp, n * sizeof *v);
	free(tmp);
	free(count);
	return 0;
}

struct id_filter {
	plan_ctx *c;
	const id_pair *pairs; /* sorted */
	size_t n, at;         /* the merge's position */
	struct rows_sink *sink;
};

/* Does the record give the portfolio every value it has (the password
 * aside)? */
static bool fields_match(const plan_rec *r, const ro_store_row *row)
{
	const ro_portfolio *p = &row->p;
	const char *email = CELL(r, C_EMAIL), *group = CELL(r, C_GROUP);

	if (r->ncells != RO_UPLOAD_COLUMNS || r->type < 0 ||
	    r->type != (int)p->type)
		return false;
	if (strcmp(CELL(r, C_USER), p->username) != 0 ||
	    strcmp(CELL(r, C_FIRST), p->first) != 0 ||
	    strcmp(CELL(r, C_LAST), p->last) != 0)
		return false;
	if (*email ? !p->email || strcmp(email, p->email) != 0 :
	    p->email && *p->email)
		return false;
	if (r->year_num == NUM_BLANK ? p->grad_year != 0 :
	    (r->year_num != NUM_OK && r->year_num != NUM_DOT0) ||
	    r->year != p->grad_year)
		return false;
	return *group ? p->group_name && strcmp(group, p->group_name) == 0 :
	    p->group_id == 0;
}

/* Does the record leave the portfolio exactly as it is?  A bundle's
 * deactivation or SSO link is a change too: the row is applied, and its
 * batch item must hold the whole before-state (hash included), or undo
 * would put back a portfolio without its password. */
static bool row_matches(const plan_rec *r, const ro_store_row *row)
{
	return !r->pw_set && !r->deactivate && !r->link &&
	    fields_match(r, row);
}

/* The store's string s, or the record's cell when it holds the same
 * bytes: the cells outlive every use of the plan's rows, so an unchanged
 * field costs no copy. */
static char *borrow(struct rows_sink *k, const char *s, const char *cell,
    bool *nomem)
{
	if (s && strcmp(s, cell) == 0)
		return (char *)cell;
	return plan_arena_strdup(k->arena, s, nomem);
}

/* Keeps the portfolio of record r, borrowing the strings the record
 * leaves as they are and copying only the ones it changes.  A row the
 * record leaves exactly as it is (row_matches) is never applied: it
 * needs neither its hash nor its SSO id. */
static int keep_borrowed(struct rows_sink *k, const ro_store_row *row,
    const plan_rec *r, bool unchanged)
{
	ro_store_row *d;
	bool nomem = false;

	if (*k->n == *k->cap)
		return keep_row(k, (ro_store_row *)row);
	d = &(*k->v)[*k->n];
	*d = *row;
	d->p.username = borrow(k, row->p.username, CELL(r, C_USER), &nomem);
	d->p.first = borrow(k, row->p.first, CELL(r, C_FIRST), &nomem);
	d->p.last = borrow(k, row->p.last, CELL(r, C_LAST), &nomem);
	d->p.email = borrow(k, row->p.email, CELL(r, C_EMAIL), &nomem);
	d->p.group_name = borrow(k, row->p.group_name, CELL(r, C_GROUP),
	    &nomem);
	d->p.sso_id = unchanged ? NULL :
	    plan_arena_strdup(k->arena, row->p.sso_id, &nomem);
	d->hash = unchanged || !k->hashes ? NULL :
	    plan_arena_strdup(k->arena, row->hash, &nomem);
	if (nomem)
		return RO_ENOMEM;
	(*k->n)++;
	return 0;
}

static char *group_name_of(const plan_ctx *c, int64_t id);

/* Keeps the rows whose ids the file names.  The rows come in id order
 * (the site in one pass, or SQLite walking the sorted id list), so the
 * merge only moves forward; a row behind it is found by a binary search
 * all the same. */
static int keep_listed(void *ctx, ro_store_row *row)
{
	struct id_filter *f = ctx;
	size_t hits = 0;

	if (f->at > 0 && f->pairs[f->at - 1].id >= row->p.id) {
		/* Behind the merge: the first pair of this id or after. */
		size_t lo = 0, hi = f->at;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (f->pairs[mid].id < row->p.id)
				lo = mid + 1;
			else
				hi = mid;
		}
		f->at = lo;
	}
	while (f->at < f->n && f->pairs[f->at].id < row->p.id)
		f->at++;
	while (f->at + hits < f->n && f->pairs[f->at + hits].id == row->p.id)
		hits++;
	if (!hits)
		return 0;
	row->p.group_name = group_name_of(f->c, row->p.group_id);
	if (hits == 1) {
		const plan_rec *r = &f->c->recs[f->pairs[f->at].rec];
		return keep_borrowed(f->sink, row, r, row_matches(r, row));
	}
	return keep_row(f->sink, row);
}

/* Reads the portfolios the file names into c->cur (in id order), points
 * each record at its own, and marks repeated ids (E21) in dup_id. */
static int lookup_ids(plan_ctx *c, size_t *dup_id)
{
	struct rows_sink k = { &c->cur, &c->ncur, &c->capcur,
		&c->row_chunks, !c->trial_run };
	struct id_filter fl;
	id_pair *pairs = malloc((c->nrecs + 1) * sizeof *pairs);
	int64_t *ids = NULL;
	size_t n = 0, u = 0, j = 0;
	int rc = 0;

	if (!pairs)
		return RO_ENOMEM;
	for (size_t i = 0; i < c->nrecs; i++)
		if (rec_has_id(&c->recs[i]))
			pairs[n++] = (id_pair){ c->recs[i].id, i };
	/* In id order the store reads its pages in order. */
	if ((rc = sort_pairs(pairs, n)))
		goto out;
	for (size_t i = 0, first = 0; i < n; i++) {
		if (i && pairs[i].id == pairs[i - 1].id) {
			/* The first of the run (pairs[first], the earliest
			 * record: the sort is stable) names the second; later
			 * ones name the first.  The run's start is carried
			 * along, not searched for: a file of one id repeated
			 * would cost a walk back per row. */
			dup_id[pairs[i].rec] = c->recs[pairs[first].rec].row;
			if (!dup_id[pairs[first].rec])
				dup_id[pairs[first].rec] =
				    c->recs[pairs[i].rec].row;
		} else {
			first = i;
			u++;
		}
	}
	/* One allocation for the rows, not a doubling copy of them. */
	if (u && !(c->cur = ro_big_alloc(u * sizeof *c->cur))) {
		rc = RO_ENOMEM;
		goto out;
	}
	c->capcur = u;
	fl = (struct id_filter){ c, pairs, n, 0, &k };
	if (u >= SCAN_MIN) {
		size_t site = 0;
		rc = ro_store_site_count(c->st, &site, c->s->site_id);
		if (!rc && u * 2 >= site) {
			/* Most of the site: one pass over it beats a seek per
			 * id (half the time at 100,000 rows), and each page
			 * is read once, so a small cache is enough. */
			ro_store_tuning t;
			bool tuned = ro_store_tune_bulk(c->st, RO_WORK_SCAN, u, &t) == 0;
			rc = ro_store_site_rows_view(c->st, c->s->site_id,
			    keep_listed, &fl);
			if (tuned)
				ro_store_tune_restore(c->st, &t);
			goto join;
		}
	}
	if (rc)
		goto out;
	if (!(ids = malloc((u + 1) * sizeof *ids))) {
		rc = RO_ENOMEM;
		goto out;
	}
	u = 0;
	for (size_t i = 0; i < n; i++)
		if (!i || pairs[i].id != pairs[i - 1].id)
			ids[u++] = pairs[i].id;
	{
		/* Each of the rows is on a page of its own, read once: a small
		 * cache (the interior pages) is enough, and 16 MiB of cache
		 * filled page by page costs more than it saves. */
		ro_store_tuning t;
		bool tuned = u >= SCAN_MIN &&
		    ro_store_tune_bulk(c->st, RO_WORK_SCAN, u, &t) == 0;
		rc = ro_store_rows_by_ids_view(c->st, ids, u, keep_listed, &fl);
		if (tuned)
			ro_store_tune_restore(c->st, &t);
	}
	/* SQLite walks the id list in order, so the rows come sorted: sort
	 * only when they do not (a merge sort of sorted rows still costs
	 * n log n comparisons of 150-byte rows). */
	for (size_t i = 1; i < c->ncur; i++)
		if (c->cur[i - 1].p.id > c->cur[i].p.id) {
			qsort(c->cur, c->ncur, sizeof *c->cur, cmp_row_id);
			break;
		}
join:
	/* Both sides in id order: one merge points the records at their
	 * portfolios (those of another site are none of theirs: E20). */
	for (size_t i = 0; !rc && i < n; i++) {
		while (j < c->ncur && c->cur[j].p.id < pairs[i].id)
			j++;
		if (j < c->ncur && c->cur[j].p.id == pairs[i].id &&
		    c->cur[j].p.site_id == c->s->site_id)
			c->res[pairs[i].rec].cur = &c->cur[j];
	}
out:
	free(ids);
	free(pairs);
	return rc;
}

static int lookup_groups(plan_ctx *c)
{
	int rc = ro_store_group_names(c->st, &c->groups, c->s->site_id);

	if (rc)
		return rc;
	if ((rc = plan_map_init(&c->group_by_name, c->groups->n)) ||
	    (rc = plan_map_init(&c->group_by_id, c->groups->n)))
		return rc;
	for (size_t i = 0; i < c->groups->n; i++) {
		plan_map_put(&c->group_by_name,
		    plan_key_nocase(c->groups->items[i].name), i);
		plan_map_put(&c->group_by_id,
		    plan_key_id(c->groups->items[i].id), i);
	}
	return 0;
}

/* The name of the site's group id (the store's plan rows come without
 * it), or NULL: a group of another site names nothing here. */
static char *group_name_of(const plan_ctx *c, int64_t id)
{
	size_t slot = 0, i;

	if (!id)
		return NULL;
	while ((i = plan_map_next(&c->group_by_id, plan_key_id(id), &slot)) !=
	    SIZE_MAX)
		if (c->groups->items[i].id == id)
			return c->groups->items[i].name;
	return NULL;
}

static const ro_named *group_named(plan_ctx *c, const char *name)
{
	size_t slot = 0, i;
	uint64_t key = plan_key_nocase(name);

	while ((i = plan_map_next(&c->group_by_name, key, &slot)) != SIZE_MAX)
		if (ro_rules_username_equal(c->groups->items[i].name, name))
			return &c->groups->items[i];
	return NULL;
}

/* Does the row give its portfolio (or a new one) a username that must be
 * free?  A change of case only keeps the portfolio's own name. */
static bool username_claimed(const plan_ctx *c, size_t i)
{
	const plan_res *x = &c->res[i];

	if (!rec_whole(&c->recs[i]) || !x->username || !*x->username)
		return false;
	return !x->cur || !ro_rules_username_equal(x->username,
	    x->cur->p.username);
}

static int lookup_usernames(plan_ctx *c)
{
	struct rows_sink k = { &c->owners, &c->nowners, &c->capowners,
		&c->row_chunks, false };
	const char **names = malloc((c->nrecs + 1) * sizeof *names);
	size_t n = 0;
	int rc;

	if (!names)
		return RO_ENOMEM;
	for (size_t i = 0; i < c->nrecs; i++)
		if (username_claimed(c, i))
			names[n++] = c->res[i].username;
	rc = ro_store_rows_by_usernames(c->st, names, n, keep_row, &k);
	free(names);
	if (rc)
		return rc;
	if ((rc = plan_map_init(&c->taken, c->nowners)))
		return rc;
	for (size_t i = 0; i < c->nowners; i++)
		plan_map_put(&c->taken, plan_key_nocase(c->owners[i].p.username),
		    i);
	return 0;
}

/* The portfolio already using name (ignoring case), or NULL. */
static const ro_store_row *owner_of(const plan_ctx *c, const char *name)
{
	size_t slot = 0, i;
	uint64_t key = plan_key_nocase(name);

	while ((i = plan_map_next(&c->taken, key, &slot)) != SIZE_MAX)
		if (ro_rules_username_equal(c->owners[i].p.username, name))
			return &c->owners[i];
	return NULL;
}

/* Rows without an ID whose username is a portfolio that matches them in
 * every field but the password, and that an earlier batch created: the
 * file uploaded again.  The password is not compared (an Argon2id check
 * costs ~35 ms, a whole trial run of 100,000 rows half a second); the
 * row is SAME and sets nothing.  One scan of the batch items for all. */
static int find_created(plan_ctx *c)
{
	int64_t *ids = malloc((c->nrecs + 1) * sizeof *ids), *by = NULL;
	size_t *at = malloc((c->nrecs + 1) * sizeof *at), n = 0;
	int rc = 0;

	if (!ids || !at) {
		rc = RO_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < c->nrecs; i++) {
		const plan_rec *r = &c->recs[i];
		const plan_res *x = &c->res[i];
		const ro_store_row *o;

		if (r->id_num != NUM_BLANK || !rec_whole(r) || !x->username ||
		    !*x->username || !(o = owner_of(c, x->username)) ||
		    o->p.site_id != c->s->site_id || !fields_match(r, o))
			continue;
		ids[n] = o->p.id;
		at[n++] = i;
	}
	if (!n)
		goto out;
	if (!(by = calloc(n, sizeof *by))) {
		rc = RO_ENOMEM;
		goto out;
	}
	if ((rc = ro_store_batch_creators(c->st, ids, n, by)))
		goto out;
	for (size_t k = 0; k < n; k++)
		if (by[k]) {
			c->res[at[k]].same_id = ids[k];
			c->res[at[k]].created_by = by[k];
		}
out:
	free(ids);
	free(at);
	free(by);
	return rc;
}

/* ---- cells a spreadsheet damaged ---- */

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static const char *skip_zeros(const char *s)
{
	while (*s == '0' && s[1])
		s++;
	return s;
}

/* Does "1.23E+05" show the number cur (digits) rounded as a spreadsheet
 * rounds it? */
static bool sci_shows(const char *cell, const char *cur)
{
	char mant[32], digits[32];
	size_t nm = 0;
	const char *p = cell;
	long exp;

	cur = skip_zeros(cur);
	for (; *p && *p != 'E' && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9' && nm < sizeof mant - 1)
			mant[nm++] = *p;
	mant[nm] = '\0';
	if (!*p)
		return false;
	exp = strtol(p + 1, NULL, 10);
	if (exp < 0 || (size_t)exp + 1 != strlen(cur) || nm > strlen(cur) ||
	    nm >= sizeof digits)
		return false;
	memcpy(digits, cur, nm);
	digits[nm] = '\0';
	if (cur[nm] >= '5') {
		size_t k = nm;
		while (k > 0 && digits[k - 1] == '9')
			digits[--k] = '0';
		if (k == 0)
			return false;   /* 9.99… rounds to a longer number */
		digits[k - 1]++;
	}
	/* The mantissa may drop trailing zeros: 1.2E+05 for 120000. */
	while (nm > 1 && mant[nm - 1] == '0' && digits[nm - 1] == '0') {
		mant[--nm] = '\0';
		digits[nm] = '\0';
	}
	while (strlen(digits) > nm && digits[strlen(digits) - 1] == '0')
		digits[strlen(digits) - 1] = '\0';
	return strcmp(mant, digits) == 0;
}

static bool is_sci(const char *s)
{
	const char *p = s;

	if (!(*p >= '0' && *p <= '9'))
		return false;
	p++;
	if (*p == '.' || *p == ',')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (*p != 'E' && *p != 'e')
		return false;
	p++;
	if (*p == '+' || *p == '-')
		p++;
	if (!(*p >= '0' && *p <= '9'))
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	return !*p;
}

/* "123.0" (any zeros): the length of the whole part, else 0. */
static size_t dot0_len(const char *s)
{
	const char *p = s, *dot;

	while (*p >= '0' && *p <= '9')
		p++;
	if (p == s || *p != '.' || p[1] != '0')
		return 0;
	dot = p++;
	while (*p == '0')
		p++;
	return *p ? 0 : (size_t)(dot - s);
}

/* A cell (Username, Group) that differs from the current value cur:
 * does it look damaged by a spreadsheet?  Returns what happened ("" when
 * nothing), and sets *explained when the damage turns cur into cell, so
 * that the current value is what the admin meant. */
static const char *damage(const char *cell, const char *cur, bool *explained)
{
	size_t d0;

	*explained = false;
	if (cur && all_digits(cell) && all_digits(cur) && cur[0] == '0' &&
	    strcmp(skip_zeros(cur), cell) == 0) {
		*explained = true;
		return "leading zeros lost";
	}
	if ((d0 = dot0_len(cell)) > 0) {
		if (cur && all_digits(cur) &&
		    strlen(skip_zeros(cur)) == d0 &&
		    strncmp(skip_zeros(cur), cell, d0) == 0)
			*explained = true;
		return "a whole number turned into a decimal";
	}
	if (is_sci(cell)) {
		if (cur && all_digits(cur) && sci_shows(cell, cur))
			*explained = true;
		return "a number in scientific notation";
	}
	return "";
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
		rc = note(x, RO_ST_W10, plan_msg("Portfolio ID %s looks "
		    "damaged by a spreadsheet program (a number in scientific "
		    "notation): its digits may be lost", v));
		if (!rc)
			rc = note(x, RO_ST_E20, plan_msg("Portfolio ID %s is "
			    "not a portfolio id; format the column as text "
			    "and type the ids again", v));
		return rc;
	case NUM_BAD:
		return note(x, RO_ST_E20, plan_msg("Portfolio ID %s is not a "
		    "number", v));
	case NUM_DOT0:
		rc = note(x, RO_ST_W10, plan_msg("Portfolio ID %s looks "
		    "damaged by a spreadsheet program (a whole number turned "
		    "into a decimal); read as %lld", v, (long long)r->id));
		break;
	default:
		break;
	}
	if (!rc && !x->cur)
		rc = note(x, RO_ST_E20, plan_msg("Portfolio ID %lld is not a "
		    "portfolio of this site", (long long)r->id));
	if (!rc && dup_row)
		rc = note(x, RO_ST_E21, plan_msg("Portfolio ID %lld appears "
		    "more than once in the file (also row %zu)",
		    (long long)r->id, dup_row));
	return rc;
}

/* Resolves the username the row means (repairing a damaged cell). */
static int resolve_username(const plan_rec *r, plan_res *x)
{
	const char *cell = CELL(r, C_USER);
	const char *cur = x->cur ? x->cur->p.username : NULL;
	const char *what;
	bool explained;

	x->username = cell;
	if (cur && strcmp(cell, cur) == 0)
		return 0;
	what = damage(cell, cur, &explained);
	if (!*what)
		return 0;
	if (explained) {
		x->username = cur;
		return note(x, RO_ST_W10, plan_msg("Username %s looks damaged "
		    "by a spreadsheet program (%s); kept %s", cell, what,
		    cur));
	}
	return note(x, RO_ST_W10, plan_msg("Username %s looks damaged by a "
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
		return dup_row ? note(x, RO_ST_E33, plan_msg("Username %s "
		    "appears more than once in the file, ignoring case (also "
		    "row %zu)", u, dup_row)) : 0;
	n = *u ? ro_rules_username_codes(codes, u) : 0;
	if (!*u && (!x->cur && r->id_num == NUM_BLANK))
		rc = note(x, RO_ST_E30, plan_msg("Username is blank: a new "
		    "portfolio needs one"));
	else if (!*u)
		rc = note(x, RO_ST_E30, plan_msg("Username is blank"));
	for (size_t i = 0; i < n && !rc; i++)
		rc = note(x, codes[i], codes[i] == RO_ST_E30 ?
		    plan_msg("Username %s is shorter than %d characters", u,
		    RO_USERNAME_MIN) : plan_msg("Username %s has characters "
		    "other than letters, digits, . _ - @", u));
	/* Without its portfolio (E20) a row cannot tell whose name it is. */
	if (!rc && *u && (x->cur || r->id_num == NUM_BLANK) &&
	    (!x->cur || !ro_rules_username_equal(u, x->cur->p.username))) {
		const ro_store_row *o = owner_of(c, u);
		if (o && (!x->cur || o->p.id != x->cur->p.id) &&
		    !(x->created_by && o->p.id == x->same_id))
			rc = note(x, RO_ST_E32, plan_msg("Username %s is "
			    "already used by another portfolio (usernames "
			    "ignore case)", u));
	}
	if (!rc && dup_row)
		rc = note(x, RO_ST_E33, plan_msg("Username %s appears more "
		    "than once in the file, ignoring case (also row %zu)", u,
		    dup_row));
	if (!rc && x->cur && x->cur->p.sso)
		rc = note(x, RO_ST_E90, plan_msg("Username: the portfolio is "
		    "linked to %s; its username cannot be changed here "
		    "(%s \u2192 %s)", x->cur->p.sso == RO_SSO_CLEVER ?
		    "Clever" : "ClassLink", x->cur->p.username, u));
	return rc;
}

static int check_password(const plan_rec *r, plan_res *x, bool is_new)
{
	int rc = 0;

	if (!r->pw_set)
		return is_new ? note(x, RO_ST_E42, plan_msg("Password is "
		    "blank: a new portfolio needs a password")) : 0;
	for (size_t i = 0; i < r->npw && !rc; i++)
		rc = note(x, r->pw[i], r->pw[i] == RO_ST_E40 ?
		    plan_msg("Password is shorter than %d characters",
		    RO_PASSWORD_MIN) : r->pw[i] == RO_ST_E43 ?
		    plan_msg("Password is longer than %d characters",
		    RO_PASSWORD_MAX) : plan_msg("Password needs an uppercase "
		    "letter, a lowercase letter and a digit"));
	if (!rc && r->pw_weak)
		rc = note(x, RO_ST_W20, plan_msg("Password equals the "
		    "username or contains the first or last name"));
	if (!rc && x->cur && x->cur->p.sso)
		rc = note(x, RO_ST_E90, plan_msg("Password: the portfolio is "
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
	return note(x, RO_ST_E51, plan_msg("%s %s %s (character %zu)",
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
	return note(x, RO_ST_E50, plan_msg("%s blank", f && l ?
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
			rc = note(x, RO_ST_E60, plan_msg("Graduation Year is "
			    "blank: a student needs one"));
		return rc;
	case NUM_SCI:
		rc = note(x, RO_ST_W10, plan_msg("Graduation Year %s looks "
		    "damaged by a spreadsheet program (a number in scientific "
		    "notation)", v));
		if (!rc)
			rc = note(x, RO_ST_E60, plan_msg("Graduation Year %s is "
			    "not a 4-digit year", v));
		return rc;
	case NUM_BAD:
		return note(x, RO_ST_E60, plan_msg("Graduation Year %s is not "
		    "a 4-digit year between %d and %d", v, RO_GRAD_YEAR_MIN,
		    RO_GRAD_YEAR_MAX));
	case NUM_DOT0:
		return note(x, RO_ST_W10, plan_msg("Graduation Year %s looks "
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
	if ((g = group_named(c, v))) {
		x->group_id = g->id;
		x->group = g->name;
		return 0;
	}
	what = damage(v, x->cur ? x->cur->p.group_name : NULL, &explained);
	if (explained) {
		x->group_id = x->cur->p.group_id;
		x->group = x->cur->p.group_name;
		return note(x, RO_ST_W10, plan_msg("Group %s looks damaged by "
		    "a spreadsheet program (%s); kept %s", v, what, x->group));
	}
	if ((near = plan_closest_group(c->groups, v)))
		return note(x, RO_ST_E70, plan_msg("Group %s is not a group of "
		    "this site; did you mean %s?", v, near));
	return note(x, RO_ST_E70, plan_msg("Group %s is not a group of this "
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
	return note(x, RO_ST_E80, plan_msg("Email %s is not a valid "
	    "address", v));
}

static int check_type(plan_ctx *c, const plan_rec *r, plan_res *x)
{
	const char *v = CELL(r, C_TYPE);
	int t = row_type(r, x);

	if (r->type < 0)
		return note(x, RO_ST_E71, *v ? plan_msg("Account Type %s is "
		    "not student, staff or admin", v) : plan_msg("Account "
		    "Type is blank: it is student, staff or admin"));
	if (x->cur && (int)x->cur->p.type != r->type)
		return note(x, RO_ST_E71, plan_msg("Account Type %s differs "
		    "from the portfolio's (%s); a change of account type is "
		    "refused", v, ro_account_type_name(x->cur->p.type)));
	/* As for single accounts: staff look after students only; a row
	 * that changes nothing is SAME whatever the caller may change. */
	if (c->s->type < RO_TYPE_ADMIN && t != RO_TYPE_STUDENT &&
	    !x->created_by && !(x->cur && !plan_row_changes(r, x)))
		return note(x, RO_ST_E71, plan_msg("Account Type %s: staff "
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
	return note(x, RO_ST_W11, plan_msg("spaces around %s were trimmed",
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
	plan_res *x = &c->res[i];
	bool is_new = r->id_num == NUM_BLANK && !x->created_by;
	int rc = 0;

	keep_untrimmed(r, x);

	if (!rec_whole(r))
		return note(x, RO_ST_E11, plan_msg("the row has %zu cells; the "
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
		rc = note(x, RO_ST_E91, plan_msg("the portfolio %s is "
		    "inactive; reactivate it first", x->cur->p.username));
	if (!rc)
		rc = check_trimmed(r, x);
	if (!rc && c->cp1252)
		rc = note(x, RO_ST_W12, plan_msg("the file was not UTF-8 and "
		    "was read as Windows-1252"));
	if (!rc && c->orx)
		rc = plan_or_check(c, i, x);
	return rc;
}

static bool user_same(const plan_ctx *c, size_t i, size_t j)
{
	return ro_rules_username_equal(c->res[i].username,
	    c->res[j].username);
}

/* E33: for each record, the row number of another record with the same
 * username, ignoring case (0 when none): the first occurrence names the
 * second, later ones name the first.  One pass in file order over a
 * table of the first occurrence of each name: a repeat is found and not
 * put, so a name repeated a million times stays one entry (putting every
 * repeat made each put probe past all the earlier ones: quadratic). */
static int find_user_dups(plan_ctx *c, size_t *dup)
{
	plan_map seen;
	size_t n = 0;
	int rc;

	for (size_t i = 0; i < c->nrecs; i++)
		n += rec_whole(&c->recs[i]) && c->res[i].username &&
		    *c->res[i].username;
	if ((rc = plan_map_init(&seen, n)))
		return rc;
	for (size_t i = 0; i < c->nrecs; i++) {
		const char *u = c->res[i].username;
		size_t slot = 0, j;
		uint64_t key;

		if (!rec_whole(&c->recs[i]) || !u || !*u)
			continue;
		key = plan_key_nocase(u);
		while ((j = plan_map_next(&seen, key, &slot)) != SIZE_MAX)
			if (user_same(c, i, j))
				break;
		if (j == SIZE_MAX) {
			plan_map_put(&seen, key, i);
			continue;
		}
		dup[i] = c->recs[j].row;
		if (!dup[j])
			dup[j] = c->recs[i].row;
	}
	plan_map_free(&seen);
	return 0;
}

int plan_check(plan_ctx *c)
{
	size_t *dup_id = NULL, *dup_user = NULL;
	double t[3];
	int rc;

	plan_check_clear(c);
	c->res = ro_big_alloc((c->nrecs + 1) * sizeof *c->res);
	dup_id = calloc(c->nrecs + 1, sizeof *dup_id);
	dup_user = calloc(c->nrecs + 1, sizeof *dup_user);
	if (!c->res || !dup_id || !dup_user) {
		rc = RO_ENOMEM;
		goto out;
	}
	t[0] = ro_trace_now();
	if ((rc = lookup_groups(c)) || (rc = lookup_ids(c, dup_id)))
		goto out;
	t[1] = ro_trace_now();
	for (size_t i = 0; i < c->nrecs && !rc; i++) {
		plan_rec *r = &c->recs[i];
		plan_res *x = &c->res[i];
		x->username = CELL(r, C_USER);
		if (rec_whole(r))
			rc = resolve_username(r, x);
	}
	if (!rc)
		rc = lookup_usernames(c);
	if (!rc)
		rc = find_user_dups(c, dup_user);
	if (!rc)
		rc = find_created(c);
	t[2] = ro_trace_now();
	for (size_t i = 0; i < c->nrecs && !rc; i++)
		rc = check_row(c, i, dup_id[i], dup_user[i]);
	ro_trace("plan: check: ids %.0f ms, usernames %.0f ms, rows %.0f ms",
	    t[1] - t[0], t[2] - t[1], ro_trace_now() - t[2]);
out:
	free(dup_id);
	free(dup_user);
	return rc;
}

/* ---- "did you mean" ---- */

static unsigned char fold(unsigned char ch)
{
	return ch >= 'A' && ch <= 'Z' ? (unsigned char)(ch + 32) : ch;
}

/* Edit distance of a and b (their first 128 bytes), ignoring ASCII case. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strnlen(a, 128), lb = strnlen(b, 128);
	size_t prev[129], cur[129];

	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (fold((unsigned char)a[i -
			    1]) != fold((unsigned char)b[j - 1]));
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			cur[j] = sub < del ? (sub < ins ? sub : ins) :
			    (del < ins ? del : ins);
		}
		memcpy(prev, cur, (lb + 1) * sizeof *prev);
	}
	return prev[lb];
}

const char *plan_closest_group(const ro_named_list *groups, const char *name)
{
	const char *best = NULL;
	size_t bestd = SIZE_MAX;

	for (size_t i = 0; groups && i < groups->n; i++) {
		size_t d = distance(name, groups->items[i].name);
		if (d < bestd) {
			bestd = d;
			best = groups->items[i].name;
		}
	}
	return best;
}

int plan_note_add(plan_res *x, ro_status code, char *text)
{
	return note(x, code, text);
}
