/* seam_audit.c — the audit log's pages through the backend's table (as
 * seam.c calls the rest), and what an audit search looks at, the same
 * on every backend (backend.h): a date when the text begins with four
 * digits, else a text, with its LIKE pattern and its range's upper
 * bound. */
#include "backend.h"

#include <roster/error.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

int ro_store_audit_page(ro_store *st, ro_audit_list **out, int64_t site_id,
    const ro_audit_query *q, size_t limit)
{
	return st->be->audit_page(st, out, site_id, q, limit);
}

int ro_store_audit_count(ro_store *st, size_t *out, int64_t site_id,
    const ro_audit_query *q)
{
	return st->be->audit_count(st, out, site_id, q);
}

int ro_store_audit_find(const char *find, ro_audit_find *kind, char **like,
    char **hi)
{
	size_t n = find ? strlen(find) : 0, k = 0;

	*like = *hi = NULL;
	*kind = n == 0 ? RO_AUDIT_FIND_NONE : n >= 4 && isdigit((unsigned char)
	    find[0]) && isdigit((unsigned char)find[1]) && isdigit((unsigned
	    char)find[2]) && isdigit((unsigned char)find[3]) ?
	    RO_AUDIT_FIND_DATE : RO_AUDIT_FIND_TEXT;
	if (n == 0)
		return 0;
	if (!(*like = malloc(2 * n + 2)) || !(*hi = malloc(n + 5))) {
		free(*like);
		*like = NULL;
		return RO_ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		if (find[i] == '%' || find[i] == '_' || find[i] == '\\')
			(*like)[k++] = '\\';
		(*like)[k++] = find[i];
	}
	memcpy(*like + k, "%", 2);
	memcpy(*hi, find, n);
	memcpy(*hi + n, "\xf4\x8f\xbf\xbf", 5);
	return 0;
}
