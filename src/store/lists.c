/* lists.c — freeing the rows and lists the store hands out (portfolios,
 * named lists, batches, audit rows).  They live with the store that fills
 * them, so that the store needs nothing from the engine above it; the
 * declarations stay in the public headers that define the types. */
#include "store.h"

#include <stdlib.h>
#include <string.h>

void ro_portfolio_clear(ro_portfolio *p)
{
	if (!p)
		return;
	free(p->username);
	free(p->first);
	free(p->last);
	free(p->email);
	free(p->group_name);
	free(p->sso_id);
	memset(p, 0, sizeof *p);
}

void ro_portfolio_list_free(ro_portfolio_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		ro_portfolio_clear(&l->items[i]);
	free(l->items);
	free(l);
}

void ro_named_list_free(ro_named_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i].name);
	free(l->items);
	free(l);
}

void ro_batch_clear(ro_batch *b)
{
	if (!b)
		return;
	free(b->when);
	free(b->who);
	free(b->kind);
	free(b->detail);
	memset(b, 0, sizeof *b);
}

void ro_batch_list_free(ro_batch_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		ro_batch_clear(&l->items[i]);
	free(l->items);
	free(l);
}

void ro_audit_entry_clear(ro_audit_entry *e)
{
	free(e->when);
	free(e->who);
	free(e->username);
	free(e->action);
	free(e->field);
	free(e->old_value);
	free(e->new_value);
}

void ro_audit_list_free(ro_audit_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		ro_audit_entry_clear(&l->items[i]);
	free(l->items);
	free(l);
}
