/* yearend.c — the year-end turnover as one batch.
 *
 * The targets are read in one snapshot (active students of the site: the
 * graduating class to deactivate, the others whose group the mapping
 * names to move); the apply reads each again under the write lock and
 * refuses the whole batch when one changed meanwhile.  The blast-radius
 * hold counts every portfolio the batch changes. */
#include "core_int.h"
#include "eventlog.h"

#include <roster/hold.h>
#include <roster/rules.h>
#include <roster/sheet.h>
#include <roster/yearend.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct ye_target {
	int64_t id, version;
	int move;               /* -1: deactivate; else the moves index */
};

struct ye_map {
	int64_t from_id, to_id; /* to_id 0: no group */
};

struct ye_ctx {
	ro_session *s;
	ro_yearend *y;
	struct ye_map *map;
	int64_t *left_ids;      /* the groups of y->left */
	struct ye_target *t;
	size_t nt, capt;
};

void ro_yearend_free(ro_yearend *y)
{
	if (!y)
		return;
	for (size_t i = 0; i < y->nmoves; i++) {
		free(y->moves[i].from);
		free(y->moves[i].to);
	}
	free(y->moves);
	for (size_t i = 0; i < y->nleft; i++) {
		free(y->left[i].group);
		free(y->left[i].next);
	}
	free(y->left);
	free(y);
}

static void trim(char *s)
{
	size_t n;

	if (strncmp(s, "\xEF\xBB\xBF", 3) == 0)
		memmove(s, s + 3, strlen(s + 3) + 1);
	while (*s == ' ')
		memmove(s, s + 1, strlen(s));
	n = strlen(s);
	while (n && s[n - 1] == ' ')
		s[--n] = '\0';
}

static int find_group(ro_store *st, int64_t site, const char *name,
    int64_t *id, char **canon, const char *path, size_t row,
    const char *col)
{
	int rc = ro_store_group_find(st, id, canon, site, name);

	if (rc == RO_ENOTFOUND)
		return ro_error_set(RO_ENOTFOUND, "%s row %zu: %s \"%s\" is not "
		    "a group of this site", path, row, col, name);
	return rc;
}

static bool mapped(const struct ye_ctx *c, int64_t group_id)
{
	for (size_t i = 0; i < c->y->nmoves; i++)
		if (c->map[i].from_id == group_id)
			return true;
	return false;
}

/* A move (it takes from and to) into y->moves and c->map. */
static int add_move(struct ye_ctx *c, char *from, char *to, int64_t fid,
    int64_t tid)
{
	ro_yearend *y = c->y;
	ro_yearend_move *m = realloc(y->moves, (y->nmoves + 1) * sizeof *m);
	struct ye_map *mp;

	if (m)
		y->moves = m;
	if (!m || !(mp = realloc(c->map, (y->nmoves + 1) * sizeof *mp)))
		return RO_ENOMEM;
	c->map = mp;
	y->moves[y->nmoves] = (ro_yearend_move){ from, to, 0 };
	c->map[y->nmoves] = (struct ye_map){ fid, tid };
	y->nmoves++;
	return 0;
}

static int add_left(struct ye_ctx *c, const ro_named *g, const char *next)
{
	ro_yearend *y = c->y;
	ro_yearend_left *l = realloc(y->left, (y->nleft + 1) * sizeof *l);
	int64_t *ids;

	if (l)
		y->left = l;
	if (!l || !(ids = realloc(c->left_ids, (y->nleft + 1) * sizeof *ids)))
		return RO_ENOMEM;
	c->left_ids = ids;
	l = &y->left[y->nleft];
	*l = (ro_yearend_left){ strdup(g->name), strdup(next), 0 };
	if (!l->group || !l->next) {
		free(l->group);
		free(l->next);
		return RO_ENOMEM;
	}
	ids[y->nleft++] = g->id;
	return 0;
}

/* The rule (yearend_rule.c) over the site's groups the file did not
 * name: a move to the next name's group, or the group left. */
static int apply_rule(struct ye_ctx *c)
{
	ro_store *st = ro_db_store(c->s->db);
	ro_named_list *gl = NULL;
	int rc;

	if ((rc = ro_store_begin(st, false, c->s->site_id)))
		return rc;
	rc = ro_store_group_names(st, &gl, c->s->site_id);
	ro_store_rollback(st);
	for (size_t i = 0; !rc && i < gl->n; i++) {
		const ro_named *g = &gl->items[i], *to = NULL;
		char next[512];

		if (mapped(c, g->id) || ro_yearend_next_group_name(g->name,
		    next, sizeof next) != 0)
			continue;
		for (size_t j = 0; j < gl->n && !to; j++)
			if (strcasecmp(gl->items[j].name, next) == 0)
				to = &gl->items[j];
		if (!to) {
			rc = add_left(c, g, next);
			continue;
		}
		char *f = strdup(g->name), *t = strdup(to->name);
		if (!f || !t || (rc = add_move(c, f, t, g->id, to->id))) {
			free(f);
			free(t);
			rc = rc ? rc : RO_ENOMEM;
		}
	}
	ro_named_list_free(gl);
	return rc;
}

/* The mapping file into y->moves and c->map. */
static int read_map(struct ye_ctx *c, const char *path)
{
	ro_store *st = ro_db_store(c->s->db);
	ro_sheet_reader *rd;
	const ro_sheet_row *row;
	int rc;

	if ((rc = ro_sheet_reader_open(&rd, path, RO_SHEET_AUTO)))
		return ro_error_set(rc, "%s: %s", path, ro_error_last());
	if ((rc = ro_store_begin(st, false, c->s->site_id))) {
		ro_sheet_reader_free(rd);
		return rc;
	}
	while ((rc = ro_sheet_reader_next(rd, &row)) == 1) {
		char *from, *to;
		int64_t fid, tid = 0;
		char *fc = NULL, *tc = NULL;

		if (row->ncells == 0)
			continue;
		if (row->ncells > 2 && *row->cells[2]) {
			rc = ro_error_set(RO_EFORMAT, "%s row %zu: a mapping has "
			    "two columns, From Group and To Group", path,
			    row->number);
			break;
		}
		from = row->cells[0];
		to = row->ncells > 1 ? row->cells[1] : (char *)"";
		trim(from);
		trim(to);
		if (row->number == 1 && strcasecmp(from, "From Group") == 0 &&
		    strcasecmp(to, "To Group") == 0)
			continue;
		if (!*from) {
			rc = ro_error_set(RO_EFORMAT, "%s row %zu: From Group is "
			    "blank", path, row->number);
			break;
		}
		if ((rc = find_group(st, c->s->site_id, from, &fid, &fc, path,
		    row->number, "From Group")))
			break;
		if (*to && (rc = find_group(st, c->s->site_id, to, &tid, &tc,
		    path, row->number, "To Group"))) {
			free(fc);
			break;
		}
		if (mapped(c, fid))
			rc = ro_error_set(RO_EFORMAT, "%s row %zu: %s is "
			    "mapped twice", path, row->number, fc);
		if (rc || (rc = add_move(c, fc, tc, fid, tid))) {
			free(fc);
			free(tc);
			break;
		}
	}
	ro_store_rollback(st);
	ro_sheet_reader_free(rd);
	return rc < 0 ? rc : 0;
}

static int take(void *ctx, ro_store_row *r)
{
	struct ye_ctx *c = ctx;
	const ro_portfolio *p = &r->p;
	int move = -2;

	if (p->type != RO_TYPE_STUDENT || !p->active)
		return 0;
	if (p->grad_year == c->y->grad_year)
		move = -1;
	else
		for (size_t i = 0; i < c->y->nmoves; i++)
			if (p->group_id && c->map[i].from_id == p->group_id &&
			    c->map[i].to_id != p->group_id)
				move = (int)i;
	for (size_t i = 0; move == -2 && i < c->y->nleft; i++)
		if (p->group_id == c->left_ids[i])
			c->y->left[i].count++;
	if (move == -2)
		return 0;
	if (c->nt == c->capt) {
		size_t cap = c->capt ? c->capt * 2 : 256;
		struct ye_target *t = realloc(c->t, cap * sizeof *t);
		if (!t)
			return RO_ENOMEM;
		c->t = t;
		c->capt = cap;
	}
	c->t[c->nt++] = (struct ye_target){ p->id, p->version, move };
	if (move == -1)
		c->y->graduating++;
	else
		c->y->moves[move].count++;
	return 0;
}

static int count_targets(struct ye_ctx *c)
{
	ro_store *st = ro_db_store(c->s->db);
	ro_selection sel = { .mode = RO_MODE_ALL };
	int rc;

	if ((rc = ro_store_begin(st, false, c->s->site_id)))
		return rc;
	rc = ro_store_select_each(st, c->s->site_id, &sel, take, c);
	if (!rc)
		rc = ro_store_site_count(st, &c->y->site_total,
		    c->s->site_id);
	ro_store_rollback(st);
	c->y->moved = c->nt - c->y->graduating;
	c->y->changes = c->nt;
	c->y->hold = ro_hold_rule(c->nt, c->y->site_total) != RO_HOLD_NONE;
	return rc;
}

static int apply_one(struct ye_ctx *c, int64_t batch,
    const struct ye_target *t)
{
	ro_store *st = ro_db_store(c->s->db);
	ro_store_row before, after;
	int rc;

	memset(&before, 0, sizeof before);
	if ((rc = ro_store_portfolio_get(st, &before, t->id)))
		return rc;
	if (before.p.version != t->version ||
	    before.p.site_id != c->s->site_id) {
		rc = ro_error_set(RO_ECONFLICT, "the data changed meanwhile: "
		    "portfolio %s was changed by someone else since it was "
		    "counted; nothing was applied: try again",
		    before.p.username);
		goto out;
	}
	after = before;
	if (t->move < 0) {
		after.p.active = false;
	} else {
		after.p.group_id = c->map[t->move].to_id;
		after.p.group_name = c->y->moves[t->move].to;
	}
	if (!(rc = ro_store_batch_item_add(st, batch, before.p.id, &before,
	    NULL, before.p.version + 1)) &&
	    !(rc = ro_store_portfolio_update_from(st, &before, &after)))
		rc = ro_audit_changes(c->s, batch, &before, &after, "year-end");
out:
	ro_store_row_clear(&before);
	return rc;
}

static int apply(struct ye_ctx *c)
{
	ro_store *st = ro_db_store(c->s->db);
	char detail[120];
	int64_t batch = 0;
	int rc;

	snprintf(detail, sizeof detail, "class of %d deactivated, %zu "
	    "moved", c->y->grad_year, c->y->moved);
	if ((rc = ro_store_begin(st, true, c->s->site_id)))
		return rc;
	rc = ro_store_batch_add(st, &batch, c->s->site_id, c->s->username,
	    "year-end", detail, c->nt, 0);
	for (size_t i = 0; i < c->nt && !rc; i++)
		rc = apply_one(c, batch, &c->t[i]);
	if (rc) {
		ro_store_rollback(st);
		return rc;
	}
	if ((rc = ro_store_commit(st)))
		return rc;
	c->y->batch_id = batch;
	ro_eventlog_batch(c->s, "year-end", c->nt, batch, 0);
	return 0;
}

int ro_yearend_run(ro_yearend **out, ro_session *s, const ro_yearend_opts *o)
{
	struct ye_ctx c = { .s = s };
	int rc;

	*out = NULL;
	if (s->type < RO_TYPE_ADMIN)
		return ro_error_set(RO_EDENIED, "the year-end turnover is for "
		    "site admins and district accounts");
	if (!s->site_id)
		return ro_session_no_site();
	if (o->grad_year < RO_GRAD_YEAR_MIN || o->grad_year > 2100)
		return ro_error_set(RO_EINVAL, "%d is not a graduation year",
		    o->grad_year);
	if (!(c.y = calloc(1, sizeof *c.y)))
		return RO_ENOMEM;
	c.y->grad_year = o->grad_year;
	if ((o->map_path && (rc = read_map(&c, o->map_path))) ||
	    (o->groups_up && (rc = apply_rule(&c))) ||
	    (rc = count_targets(&c)))
		goto fail;
	*out = c.y;
	if (!o->apply || c.nt == 0)
		goto done;
	ro_hold_ask h = { c.nt, c.y->site_total, s->site_name, o->confirm };
	if ((rc = ro_hold_check(&h, "the turnover changes %zu portfolios",
	    c.nt)))
		goto done;
	rc = apply(&c);
done:
	free(c.map);
	free(c.t);
	free(c.left_ids);
	return rc;
fail:
	free(c.map);
	free(c.t);
	free(c.left_ids);
	ro_yearend_free(c.y);
	return rc;
}
