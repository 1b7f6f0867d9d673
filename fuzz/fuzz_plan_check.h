/* fuzz_plan_check.h — the shape plan.h promises of every plan, checked by
 * fuzz_plan.c on every input and by tests/unit/test_plan_fuzz.c on the
 * kept regressions.  NULL when the plan keeps its promises, else what it
 * broke. */
#ifndef ROSTER_FUZZ_PLAN_CHECK_H
#define ROSTER_FUZZ_PLAN_CHECK_H

#include <roster/plan.h>

#include <string.h>

static const char *fuzz_plan_check(const ro_plan *p)
{
	size_t n = 0, err = 0, last = 0;

	if (p->applied)
		return "a trial run applied";
	if (p->file_error != RO_ST_NONE)
		return p->nrows || !p->file_message ?
		    "a file error with rows or without a message" : NULL;
	if (strlen(p->fingerprint) != 16)
		return "no fingerprint";
	for (size_t i = 0; i < p->nrows; i++) {
		const ro_plan_row *r = ro_plan_row_at(p, i);

		if (!r)
			return "a row that cannot be read back";
		if (r->nmessages != r->ncodes + r->nwarnings)
			return "not one message a code";
		if (r->ncodes && r->status != r->codes[0])
			return "the status is not the first code";
		if (!r->ncodes && r->status != RO_ST_NEW &&
		    r->status != RO_ST_UPD && r->status != RO_ST_SAME)
			return "a row without codes and without an outcome";
		if (i && r->row <= last)
			return "rows out of order";
		last = r->row;
		err += r->ncodes > 0;
		for (size_t j = 0; j < r->nmessages; j++)
			n += strlen(r->messages[j]);
		for (size_t j = 0; j < r->nchanges; j++) {
			const ro_change *c = &r->changes[j];

			if (!c->field)
				return "a change without a field";
			/* SPEC: a password shows only as "changed". */
			if (!strcmp(c->field, "Password") && c->new_value &&
			    strcmp(c->new_value, "changed"))
				return "a password shown";
			n += c->old_value ? strlen(c->old_value) : 0;
			n += c->new_value ? strlen(c->new_value) : 0;
		}
		n += r->username ? strlen(r->username) : 0;
	}
	if (p->summary.rows != p->nrows || p->summary.error != err ||
	    p->summary.new_rows + p->summary.update + p->summary.same +
	    p->summary.error != p->nrows)
		return "the summary does not add up";
	(void)n;      /* every string was read through (ASan) */
	return NULL;
}

#endif
