/* task_google.c — a reset's Google Workspace bulk-update CSV: the same
 * portfolios, the same new passwords, so that one temporary password
 * lands in both systems (Change Password at Next Sign-In TRUE makes it
 * temporary in Google too).  The file is made like the slips: 0600, a
 * new file only, before the commit; renamed into place after it. */
#include "task_int.h"

#include <roster/bundle.h>
#include <roster/outfile.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int ro_task_google_check(ro_db *db, const ro_task_opts *o)
{
	/* As the slips: a new file only, never the database, its side
	 * files or a password file (outfile.h). */
	int rc = ro_outfile_check(db, o->google_csv, 0);

	if (rc == RO_EEXISTS)
		return ro_error_set(RO_EEXISTS, "%s already exists; the Google "
		    "CSV goes to a new file (remove it or choose another "
		    "name)", o->google_csv);
	return rc;
}

static int google_fill(FILE *f, void *ctx)
{
	ro_task_ctx *k = ctx;
	ro_task_result *r = k->r;

	ro_google_csv_header(f);
	for (size_t i = 0; i < k->nt; i++) {
		const ro_task_target *t = &k->t[i];

		if (!t->email || !*t->email) {
			char **l = realloc(r->google_left,
			    (r->ngoogle_left + 1) * sizeof *l);

			if (!l)
				return ro_error_set(RO_ENOMEM, "out of memory");
			r->google_left = l;
			if (!(l[r->ngoogle_left] = strdup(t->username)))
				return ro_error_set(RO_ENOMEM, "out of memory");
			r->ngoogle_left++;
			continue;
		}
		ro_google_user u = { t->first, t->last, t->email,
		    k->o->generate ? r->slips[i].password : k->o->password,
		    NULL, 1 };
		ro_google_csv_row(f, &u);
		r->ngoogle++;
	}
	return 0;
}

int ro_task_google_prepare(ro_task_ctx *k, ro_slips_out *go)
{
	return ro_newfile_prepare(go, k->o->google_csv, "Google CSV",
	    google_fill, k);
}

void ro_task_google_publish(ro_task_ctx *k, ro_slips_out *go)
{
	ro_task_result *r = k->r;

	if (ro_slips_publish(go) == 0) {
		r->google_file = go->path;
		go->path = NULL;
	} else {
		r->google_error = strdup(ro_error_last());
		r->google_file = go->tmp;
		go->tmp = NULL;
	}
	ro_slips_discard(go);
}

void ro_task_google_clear(ro_task_result *r)
{
	for (size_t i = 0; i < r->ngoogle_left; i++)
		free(r->google_left[i]);
	free(r->google_left);
	free(r->google_file);
	free(r->google_error);
}
