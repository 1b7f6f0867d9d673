/* batch_preview.c — what undoing a batch would restore, read in one
 * read transaction and changing nothing: the Batches screen shows it
 * before the undo is confirmed. */
#include "core_int.h"

#include <roster/batch.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ro_undo_preview_free(ro_undo_preview *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++) {
		free(p->items[i].username);
		free(p->items[i].restores);
	}
	free(p->items);
	free(p);
}

struct text {
	char *s;
	size_t len, cap;
};

static void text_add(struct text *t, const char *field, const char *now,
    const char *back)
{
	size_t need = strlen(field) + (now ? strlen(now) : 7) +
	    (back ? strlen(back) : 7) + 16;
	char *ns;

	if (t->len + need >= t->cap) {
		size_t cap = (t->len + need) * 2;

		if (!(ns = realloc(t->s, cap)))
			return;
		t->s = ns;
		t->cap = cap;
	}
	t->len += (size_t)snprintf(t->s + t->len, t->cap - t->len,
	    "%s%s: %s → %s", t->len ? "; " : "", field,
	    now && *now ? now : "(blank)", back && *back ? back : "(blank)");
}

static bool differs(const char *a, const char *b)
{
	return (a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0);
}

static void field(struct text *t, const char *name, const char *now,
    const char *back)
{
	if (differs(now, back))
		text_add(t, name, now, back);
}

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

/* The fields ro_audit_changes records, as "now → restored". */
static char *restores(const ro_store_row *cur, const ro_store_row *b,
    bool answers)
{
	struct text t = { 0 };
	char oy[8] = "", ny[8] = "";

	if (cur->p.grad_year)
		snprintf(oy, sizeof oy, "%d", cur->p.grad_year);
	if (b->p.grad_year)
		snprintf(ny, sizeof ny, "%d", b->p.grad_year);
	field(&t, "Username", cur->p.username, b->p.username);
	field(&t, "First Name", cur->p.first, b->p.first);
	field(&t, "Last Name", cur->p.last, b->p.last);
	field(&t, "Email", cur->p.email, b->p.email);
	if (cur->p.group_id != b->p.group_id)
		text_add(&t, "Group", cur->p.group_name, b->p.group_name);
	field(&t, "Graduation Year", *oy ? oy : NULL, *ny ? ny : NULL);
	field(&t, "Active", yes_no(cur->p.active), yes_no(b->p.active));
	if (differs(cur->hash, b->hash))
		text_add(&t, "Password", "changed", "restored");
	field(&t, "Temporary Password", yes_no(cur->p.temp_password),
	    yes_no(b->p.temp_password));
	field(&t, "Security Questions Reset", yes_no(cur->p.sq_reset),
	    yes_no(b->p.sq_reset));
	if (answers)
		text_add(&t, "Security answers", "now", "restored");
	return t.s ? t.s : strdup("");
}

struct prev_ctx {
	ro_undo_preview *p;
	ro_store *st;
	size_t cap;
};

static int add_item(void *ctx, ro_store_item *it)
{
	struct prev_ctx *c = ctx;
	ro_undo_preview *p = c->p;
	ro_undo_item *u;
	ro_store_row cur;
	int rc;

	if (p->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		ro_undo_item *nv = realloc(p->items, cap * sizeof *nv);

		if (!nv)
			return RO_ENOMEM;
		p->items = nv;
		c->cap = cap;
	}
	u = &p->items[p->n];
	memset(u, 0, sizeof *u);
	u->portfolio_id = it->portfolio_id;
	rc = ro_store_portfolio_get(c->st, &cur, it->portfolio_id);
	if (rc && rc != RO_ENOTFOUND)
		return rc;
	u->changed_since = rc != 0 || cur.p.version != it->after_version;
	u->removes = it->created;
	u->username = strdup(rc == 0 ? cur.p.username : it->before.p.username ?
	    it->before.p.username : "(deleted)");
	if (rc == 0 && it->created)
		u->restores = strdup("");
	else if (rc == 0)
		u->restores = restores(&cur, &it->before, it->answers != NULL);
	else
		u->restores = strdup("");
	if (rc == 0)
		ro_store_row_clear(&cur);
	p->n++;
	if (u->changed_since)
		p->changed_since++;
	return u->username && u->restores ? 0 : RO_ENOMEM;
}

int ro_batch_undo_preview(ro_undo_preview **out, ro_session *s,
    int64_t batch_id)
{
	ro_store *st = ro_db_store(s->db);
	struct prev_ctx c = { 0 };
	ro_batch b;
	int64_t site = 0;
	int rc;

	*out = NULL;
	if (s->type < RO_TYPE_STAFF)
		return ro_error_set(RO_EDENIED, "students cannot undo batches");
	if (!(c.p = calloc(1, sizeof *c.p)))
		return RO_ENOMEM;
	c.st = st;
	c.p->batch_id = batch_id;
	if ((rc = ro_store_begin(st, false))) {
		free(c.p);
		return rc;
	}
	memset(&b, 0, sizeof b);
	rc = ro_store_batch_get(st, &b, batch_id, &site);
	if (!rc && site != s->site_id)
		rc = ro_error_set(RO_ENOTFOUND, "no batch %lld in this site",
		    (long long)batch_id);
	if (!rc) {
		c.p->undone_by = b.undone_by;
		c.p->is_undo = b.undo_of != 0;
		rc = ro_store_batch_items(st, batch_id, add_item, &c);
	}
	ro_store_rollback(st);
	ro_batch_clear(&b);
	if (rc) {
		ro_undo_preview_free(c.p);
		return rc;
	}
	*out = c.p;
	return 0;
}
