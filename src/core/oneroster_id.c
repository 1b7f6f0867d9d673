/* oneroster_id.c — roster's own OneRoster sourcedIds and the school-year
 * rule (see oneroster_int.h). */
#include "oneroster_int.h"

#include <roster/random.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS_KEY "oneroster.namespace"
#define NS_MASK ((UINT64_C(1) << 60) - 1)

static int ns_read(ro_store *st, uint64_t *ns)
{
	char *v = NULL, *end;
	int rc = ro_store_setting_get(st, NS_KEY, &v);

	if (rc == 0) {
		*ns = strtoull(v, &end, 16) & NS_MASK;
		if (*end || end == v)
			rc = ro_error_set(RO_EINTERNAL, "setting %s is damaged",
			    NS_KEY);
	}
	free(v);
	return rc;
}

int ro_sid_namespace(ro_store *st, uint64_t *ns)
{
	char buf[20];
	int rc;

	if ((rc = ro_store_begin(st, false, 0)))
		return rc;
	rc = ns_read(st, ns);
	ro_store_rollback(st);
	if (rc != RO_ENOTFOUND)
		return rc;
	if ((rc = ro_store_begin(st, true, 0)))
		return rc;
	/* Another process may have made it meanwhile. */
	if ((rc = ns_read(st, ns)) == RO_ENOTFOUND) {
		if ((rc = ro_random_bytes(ns, sizeof *ns)))
			goto fail;
		*ns &= NS_MASK;
		snprintf(buf, sizeof buf, "%015" PRIx64, *ns);
		if ((rc = ro_store_setting_set(st, NS_KEY, buf)))
			goto fail;
	} else if (rc) {
		goto fail;
	}
	return ro_store_commit(st);
fail:
	ro_store_rollback(st);
	return rc;
}

void ro_sid_format(char out[RO_SID_LEN], uint64_t ns, unsigned tag,
    int64_t id)
{
	uint64_t u = (uint64_t)id & ((UINT64_C(1) << 48) - 1);

	snprintf(out, RO_SID_LEN, "%08" PRIx64 "-%04" PRIx64 "-8%03" PRIx64
	    "-8%03x-%012" PRIx64, (ns >> 28) & 0xffffffff, (ns >> 12) & 0xffff,
	    ns & 0xfff, tag & 0xfff, u);
}

static int hexval(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ?
		    c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

		if (d < 0)
			return -1;
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return 0;
}

int ro_sid_parse(uint64_t ns, const char *s, unsigned *tag, int64_t *id)
{
	uint64_t a, b, c, t, i;

	if (strlen(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' ||
	    s[23] != '-' || s[14] != '8' || s[19] != '8')
		return -1;
	if (hexval(s, 8, &a) || hexval(s + 9, 4, &b) ||
	    hexval(s + 15, 3, &c) || hexval(s + 20, 3, &t) ||
	    hexval(s + 24, 12, &i))
		return -1;
	if ((a << 28 | b << 12 | c) != ns)
		return -1;
	*tag = (unsigned)t;
	*id = (int64_t)i;
	return 0;
}

int ro_school_year(time_t now)
{
	struct tm tm;

	gmtime_r(&now, &tm);
	return tm.tm_year + 1900 + (tm.tm_mon >= 7);
}

const char *ro_grade_for_year(char out[4], int grad_year, int school_year)
{
	int g = 12 - (grad_year - school_year);

	if (!grad_year || g < -1 || g > 13)
		out[0] = '\0';
	else if (g == -1)
		strcpy(out, "PK");
	else if (g == 0)
		strcpy(out, "KG");
	else
		snprintf(out, 4, "%02d", g);
	return out;
}

int ro_year_for_grade(const char *grade, int school_year)
{
	char *end;
	long g;

	if (!strcmp(grade, "PK") || !strcmp(grade, "TK"))
		g = -1;
	else if (!strcmp(grade, "KG"))
		g = 0;
	else {
		g = strtol(grade, &end, 10);
		if (end == grade || *end || g < 1 || g > 13)
			return 0;
	}
	return school_year + 12 - (int)g;
}
