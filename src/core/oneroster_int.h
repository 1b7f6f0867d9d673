/* oneroster_int.h — what the OneRoster export and import share: the
 * sourcedIds roster gives its own objects, and the school-year rule that
 * turns graduation years into grades and back. */
#ifndef ROSTER_ONEROSTER_INT_H
#define ROSTER_ONEROSTER_INT_H

#include "core_int.h"

#include <stdint.h>
#include <time.h>

/* What a sourcedId of ours names (the tag inside it). */
enum ro_sid_tag {
	RO_SID_USER = 1, RO_SID_ORG, RO_SID_CLASS, RO_SID_ENROLLMENT,
	RO_SID_COURSE, RO_SID_SESSION
};

#define RO_SID_LEN 37   /* 36 characters and the NUL */

/* The namespace of this database (60 random bits, kept in the settings
 * as "oneroster.namespace"), made on first use in a write transaction of
 * its own.  Call outside any transaction. */
int ro_sid_namespace(ro_store *st, uint64_t *ns);
/* A GUID-like sourcedId (an RFC 9562 version-8 UUID): the namespace, the
 * tag and the id, so that the same object always gets the same one and
 * an import can tell its own back:
 * NNNNNNNN-NNNN-8NNN-8TTT-IIIIIIIIIIII. */
void ro_sid_format(char out[RO_SID_LEN], uint64_t ns, unsigned tag,
    int64_t id);
/* 0 and *tag, *id when s is one of ours (this namespace); -1 otherwise. */
int ro_sid_parse(uint64_t ns, const char *s, unsigned *tag, int64_t *id);

/* The school year runs from 1 August to 31 July and is named by the year
 * it ends in: on 6 December 2026 it is 2027.  A student graduating at the
 * end of that year is in grade 12; one year later, 11; and so on: grade
 * = 12 - (graduation year - school year).  Grades as OneRoster writes
 * them (CEDS): "PK" (-1), "KG" (0), "01".."12", "13". */
int ro_school_year(time_t now);
/* The grade for a graduation year ("" when it is outside PK..13). */
const char *ro_grade_for_year(char out[4], int grad_year, int school_year);
/* The graduation year for a grade (0 when the grade is not one of those
 * above: "PS", "UG", "Other", "IT", "PR", …). */
int ro_year_for_grade(const char *grade, int school_year);

#endif
