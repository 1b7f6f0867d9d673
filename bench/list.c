/* bench/list.c — the engine's list queries timed in-process: a page of
 * the list (ro_list_page, first page or after a cursor deep in the list)
 * and the count of a selection (ro_list_count, with an except-set for
 * "select all but a few").  Signs in once, outside every timing.
 *
 *   usage: list DB USER PASSWORD BATCHES PER_BATCH LIMIT SPEC...
 *   SPEC:  NAME:page:MODE:ARG:AFTER_ID   (AFTER_ID 0: the first page)
 *          NAME:count:MODE:ARG:NEXCEPT   (NEXCEPT ids of the list left out)
 *   MODE:  last | group | year | all
 *
 * Each SPEC runs BATCHES batches of PER_BATCH calls after one warm-up
 * call; the figure is the median over batches of the batch's mean, the
 * same statistic bench/run.sh computes for the sqlite3 command.  Prints
 * "NAME ms_per_call rows" lines. */
#include <roster/db.h>
#include <roster/error.h>
#include <roster/portfolio.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int mode_of(const char *m, ro_mode *out)
{
	static const char *const names[] = { "last", "group", "year", "all" };

	for (int i = 0; i < 4; i++)
		if (!strcmp(m, names[i])) {
			*out = (ro_mode)i;
			return 0;
		}
	return -1;
}

static void die(const char *what)
{
	fprintf(stderr, "bench/list: %s: %s\n", what, ro_error_last());
	exit(1);
}

/* One call of the measure; the rows it saw in *rows. */
static void call(ro_session *s, const ro_selection *sel, const ro_cursor *c,
    int count, size_t limit, size_t *rows)
{
	if (count) {
		if (ro_list_count(rows, s, sel))
			die("count");
		return;
	}
	ro_portfolio_list *l;
	if (ro_list_page(&l, s, sel, c, false, limit))
		die("page");
	*rows = l->n;
	ro_portfolio_list_free(l);
}

int main(int argc, char **argv)
{
	ro_db *db;
	ro_session *s;

	if (argc < 8) {
		fprintf(stderr, "usage: list DB USER PASSWORD BATCHES "
		    "PER_BATCH LIMIT SPEC...\n");
		return 2;
	}
	int batches = atoi(argv[4]), per = atoi(argv[5]);
	size_t limit = (size_t)atol(argv[6]);
	double *mean = calloc((size_t)batches, sizeof *mean);

	if (!mean || batches < 1 || per < 1)
		return 2;
	if (ro_db_open(&db, argv[1]))
		die("open");
	if (ro_session_open(&s, db, argv[2], argv[3], NULL))
		die("sign in");
	for (int a = 7; a < argc; a++) {
		char *spec = strdup(argv[a]);
		char *f[5];
		char *p = spec;
		for (int i = 0; i < 5; i++)
			f[i] = strsep(&p, ":");
		if (!f[4]) {
			fprintf(stderr, "bench/list: bad spec %s\n", argv[a]);
			return 2;
		}
		ro_selection sel = { 0 };
		ro_cursor cur = { 0 }, *c = NULL;
		int64_t *except = NULL;
		int count = !strcmp(f[1], "count");
		if (mode_of(f[2], &sel.mode)) {
			fprintf(stderr, "bench/list: bad mode %s\n", f[2]);
			return 2;
		}
		sel.arg = *f[3] ? f[3] : NULL;
		long n = atol(f[4]);
		if (!count && n > 0) {
			if (ro_cursor_from_id(&cur, s, n))
				die("cursor");
			c = &cur;
		} else if (count && n > 0) {
			/* The first n ids of the list, as if unticked. */
			ro_portfolio_list *l;
			if (ro_list_page(&l, s, &sel, NULL, false, (size_t)n))
				die("except");
			except = calloc(l->n ? l->n : 1, sizeof *except);
			for (size_t i = 0; i < l->n; i++)
				except[i] = l->items[i].id;
			sel.except = except;
			sel.nexcept = l->n;
			ro_portfolio_list_free(l);
		}
		size_t rows = 0;
		call(s, &sel, c, count, limit, &rows);   /* warm-up */
		for (int b = 0; b < batches; b++) {
			double t0 = now();
			for (int i = 0; i < per; i++)
				call(s, &sel, c, count, limit, &rows);
			mean[b] = (now() - t0) / per;
		}
		qsort(mean, (size_t)batches, sizeof *mean, cmp_double);
		double med = batches % 2 ? mean[batches / 2]
		    : (mean[batches / 2 - 1] + mean[batches / 2]) / 2;
		printf("%s %.4f %zu\n", f[0], med * 1e3, rows);
		fflush(stdout);
		ro_cursor_clear(&cur);
		free(except);
		free(spec);
	}
	free(mean);
	ro_session_free(s);
	ro_db_close(db);
	return 0;
}
