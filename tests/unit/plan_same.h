/* plan_same.h — two plans of the same file, compared row by row: the
 * same rows, statuses, codes, messages and changes, summary and
 * fingerprint (header only, for the tests that build one plan two
 * ways). */
#ifndef ROSTER_PLAN_SAME_H
#define ROSTER_PLAN_SAME_H

#include "helpers.h"

#include <roster/plan.h>

#include <string.h>

static inline void same_str(size_t row, const char *what, const char *a,
    const char *b)
{
	if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
		fail_msg("row %zu, %s: \"%s\" against \"%s\"", row, what,
		    a ? a : "(null)", b ? b : "(null)");
}

static inline void same_changes(size_t row, const ro_change *a, size_t na,
    const ro_change *b, size_t nb)
{
	assert_int_equal(na, nb);
	for (size_t k = 0; k < na; k++) {
		same_str(row, "field", a[k].field, b[k].field);
		same_str(row, "old value", a[k].old_value, b[k].old_value);
		same_str(row, "new value", a[k].new_value, b[k].new_value);
	}
}

static inline void same_plan(const ro_plan *t, const ro_plan *p)
{
	assert_int_equal(p->nrows, t->nrows);
	assert_string_equal(t->fingerprint, p->fingerprint);
	assert_memory_equal(&t->summary, &p->summary, sizeof t->summary);
	assert_int_equal(t->credential_changes, p->credential_changes);
	for (size_t i = 0; i < t->nrows; i++) {
		const ro_plan_row *a = ro_plan_row_at(t, i),
		    *b = ro_plan_row_at(p, i);

		assert_non_null(a);
		assert_non_null(b);
		assert_int_equal(a->row, b->row);
		assert_int_equal(a->status, b->status);
		assert_int_equal(a->portfolio_id, b->portfolio_id);
		assert_int_equal(a->created_by, b->created_by);
		same_str(a->row, "username", a->username, b->username);
		assert_int_equal(a->ncodes, b->ncodes);
		assert_int_equal(a->nwarnings, b->nwarnings);
		if (a->ncodes)
			assert_memory_equal(a->codes, b->codes,
			    a->ncodes * sizeof *a->codes);
		if (a->nwarnings)
			assert_memory_equal(a->warnings, b->warnings,
			    a->nwarnings * sizeof *a->warnings);
		assert_int_equal(a->nmessages, b->nmessages);
		for (size_t k = 0; k < a->nmessages; k++)
			same_str(a->row, "message", a->messages[k],
			    b->messages[k]);
		same_changes(a->row, a->changes, a->nchanges, b->changes,
		    b->nchanges);
		same_changes(a->row, a->creates, a->ncreates, b->creates,
		    b->ncreates);
	}
}

#endif
