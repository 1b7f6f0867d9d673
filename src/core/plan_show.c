/* plan_show.c — the decisions about a plan that every front end renders
 * the same way: whether it may be uploaded, how a change reads, and the
 * header an upload file must start with. */
#include <roster/plan.h>

#include <stdio.h>
#include <string.h>

bool ro_plan_can_upload(const ro_plan *p)
{
	return p->file_error == RO_ST_NONE && p->summary.error == 0;
}

static const char *shown(const char *v)
{
	return v && v[0] ? v : "(blank)";
}

int ro_change_format(char *buf, size_t n, const ro_change *c)
{
	/* A password never shows a value: only that it is changed (or set,
	 * for a new portfolio). */
	if (strcmp(c->field, "Password") == 0)
		return snprintf(buf, n, "Password: %s", c->new_value &&
		    c->new_value[0] ? c->new_value : "changed");
	return snprintf(buf, n, "%s: %s \u2192 %s", c->field,
	    shown(c->old_value), shown(c->new_value));
}

int ro_upload_headers_list(char *buf, size_t n)
{
	const char *const *h = ro_upload_headers();
	size_t o = 0;
	int w;

	if (n)
		buf[0] = '\0';
	for (int i = 0; i < RO_UPLOAD_COLUMNS; i++) {
		w = snprintf(o < n ? buf + o : NULL, o < n ? n - o : 0, "%s%s",
		    i ? ", " : "", h[i]);
		o += (size_t)w;
	}
	return (int)o;
}
