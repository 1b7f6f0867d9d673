/* test_export.c — Export for Upload: the nine columns in list order,
 * passwords blank, 0600, CSV and XLSX, formulas neutralised, and a round
 * trip through the trial run as all SAME. */
#include "helpers.h"

#include <roster/account.h>
#include <roster/db.h>
#include <roster/error.h>
#include <roster/export.h>
#include <roster/plan.h>
#include <roster/portfolio.h>
#include <roster/sheet.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct fx {
	char *dir;
	ro_db *db;
	ro_session *s;
} fx;

static int setup_n(void **state, size_t n)
{
	ro_hash_params tp = ro_hash_params_test();
	const ro_demo_signin *si;
	size_t nsi;
	fx *f = calloc(1, sizeof *f);
	char *db;

	assert_non_null(f);
	f->dir = rt_tmpdir();
	db = rt_path(f->dir, "roster.db");
	assert_int_equal(ro_init(db, "district1", "District1pw", &tp), 0);
	assert_int_equal(ro_db_open(&f->db, db), 0);
	assert_int_equal(ro_demo_create(f->db, n, &si, &nsi), 0);
	assert_int_equal(ro_session_open(&f->s, f->db, "demo.admin",
	    "DemoAdmin1", NULL), 0);
	free(db);
	*state = f;
	return 0;
}

static int setup(void **state)
{
	return setup_n(state, 60);
}

static int setup_big(void **state)
{
	return setup_n(state, 2500);
}

static int teardown(void **state)
{
	fx *f = *state;

	ro_session_free(f->s);
	ro_db_close(f->db);
	rt_tmpdir_free(f->dir);
	free(f);
	return 0;
}

/* The ids of the selection in list order. */
static size_t list_ids(fx *f, const ro_selection *sel, int64_t *ids,
    size_t cap)
{
	ro_portfolio_list *l;
	size_t n = 0;

	assert_int_equal(ro_list_page(&l, f->s, sel, NULL, false, cap), 0);
	for (size_t i = 0; i < l->n; i++)
		ids[n++] = l->items[i].id;
	ro_portfolio_list_free(l);
	return n;
}

/* Reads the file back and checks it against the list. */
static void check_file(fx *f, const char *path, ro_sheet_format want,
    const ro_selection *sel, size_t count)
{
	const char *const *h = ro_upload_headers();
	int64_t ids[512];
	size_t n = list_ids(f, sel, ids, 512), i = 0;
	ro_sheet_reader *r;
	const ro_sheet_row *row;
	struct stat sb;

	assert_int_equal(n, count);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(ro_sheet_reader_open(&r, path, RO_SHEET_AUTO), 0);
	assert_int_equal(ro_sheet_reader_format(r), want);
	assert_int_equal(ro_sheet_reader_next(r, &row), 1);
	assert_int_equal(row->ncells, RO_UPLOAD_COLUMNS);
	for (size_t k = 0; k < RO_UPLOAD_COLUMNS; k++)
		assert_string_equal(row->cells[k], h[k]);
	while (ro_sheet_reader_next(r, &row) == 1) {
		ro_portfolio p;
		char id[24], year[8];
		assert_true(i < n);
		assert_true(row->ncells >= 2);
		snprintf(id, sizeof id, "%lld", (long long)ids[i]);
		assert_string_equal(row->cells[0], id);
		assert_int_equal(ro_portfolio_get(&p, f->s, ids[i]), 0);
		assert_string_equal(row->cells[1], p.username);
		if (row->ncells > 2)
			assert_string_equal(row->cells[2], "");
		assert_string_equal(row->cells[3], p.first);
		assert_string_equal(row->cells[4], p.last);
		snprintf(year, sizeof year, "%d", p.grad_year);
		assert_string_equal(row->cells[5], p.grad_year ? year : "");
		assert_string_equal(row->cells[6], p.group_name ?
		    p.group_name : "");
		assert_string_equal(row->cells[7], p.email ? p.email : "");
		assert_string_equal(row->cells[8],
		    ro_account_type_name(p.type));
		ro_portfolio_clear(&p);
		i++;
	}
	assert_int_equal(i, n);
	ro_sheet_reader_free(r);
}

static void test_csv(void **state)
{
	fx *f = *state;
	ro_selection sel = { .mode = RO_MODE_ALL };
	char *path = rt_path(f->dir, "all.csv");
	size_t count = 0, total = 0;

	assert_int_equal(ro_export_run(&count, f->s, &sel, path,
	    RO_SHEET_AUTO, RO_WRITE_REPLACE, NULL, NULL), 0);
	assert_int_equal(ro_list_count(&total, f->s, &sel), 0);
	assert_int_equal(count, total);
	check_file(f, path, RO_SHEET_CSV, &sel, count);
	free(path);
}

static void test_xlsx(void **state)
{
	fx *f = *state;
	ro_selection sel = { .mode = RO_MODE_ALL };
	char *path = rt_path(f->dir, "all.xlsx");
	size_t count = 0;

	assert_int_equal(ro_export_run(&count, f->s, &sel, path,
	    RO_SHEET_AUTO, RO_WRITE_REPLACE, NULL, NULL), 0);
	assert_true(count > 50);
	check_file(f, path, RO_SHEET_XLSX, &sel, count);
	free(path);
}

static void test_selection(void **state)
{
	fx *f = *state;
	int64_t ids[512], only[3];
	ro_selection all = { .mode = RO_MODE_ALL };
	ro_selection grp = { .mode = RO_MODE_GROUP, .arg = "Period 2" };
	ro_selection inact = { .mode = RO_MODE_ALL, .inactive = true };
	ro_selection some = { .mode = RO_MODE_ALL };
	char *path = rt_path(f->dir, "sel.csv");
	size_t count = 0;

	assert_true(list_ids(f, &all, ids, 512) > 10);
	only[0] = ids[7];
	only[1] = ids[2];
	only[2] = ids[5];
	some.only = only;
	some.nonly = 3;
	assert_int_equal(ro_export_run(&count, f->s, &some, path,
	    RO_SHEET_CSV, RO_WRITE_REPLACE, NULL, NULL), 0);
	assert_int_equal(count, 3);
	check_file(f, path, RO_SHEET_CSV, &some, 3);
	assert_int_equal(ro_export_run(&count, f->s, &grp, path,
	    RO_SHEET_CSV, RO_WRITE_REPLACE, NULL, NULL), 0);
	assert_true(count > 0);
	check_file(f, path, RO_SHEET_CSV, &grp, count);
	assert_int_equal(ro_export_run(&count, f->s, &inact, path,
	    RO_SHEET_CSV, RO_WRITE_REPLACE, NULL, NULL), 0);
	assert_true(count > 0);
	check_file(f, path, RO_SHEET_CSV, &inact, count);
	grp.arg = "No Such Group";
	assert_int_equal(ro_export_run(&count, f->s, &grp, path,
	    RO_SHEET_CSV, RO_WRITE_REPLACE, NULL, NULL), RO_ENOTFOUND);
	free(path);
}

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf = calloc(1, 1 << 20);
	size_t n;

	assert_non_null(fp);
	assert_non_null(buf);
	n = fread(buf, 1, (1 << 20) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* Formula-like names are neutralised in the file and read back as they
 * were: the round trip is all SAME, in both formats. */
static void test_formulas_round_trip(void **state)
{
	fx *f = *state;
	char user[] = "formula.kid", first[] = "=HYPERLINK(\"http://x\",\"y\")";
	char last[] = "+Plus", zero[] = "0071234", zf[] = "Zero", zl[] = "-Lead";
	ro_portfolio p = { 0 }, z = { 0 };
	ro_selection sel = { .mode = RO_MODE_ALL };
	const char *ext[2] = { "rt.csv", "rt.xlsx" };
	size_t count;

	p.username = user;
	p.first = first;
	p.last = last;
	p.type = RO_TYPE_STUDENT;
	p.grad_year = 2029;
	assert_int_equal(ro_account_add(f->s, &p, "Formula1Kid"), 0);
	z.username = zero;
	z.first = zf;
	z.last = zl;
	z.type = RO_TYPE_STAFF;
	assert_int_equal(ro_account_add(f->s, &z, "Zero1Lead"), 0);
	for (int k = 0; k < 2; k++) {
		char *path = rt_path(f->dir, ext[k]);
		ro_plan *plan = NULL;
		assert_int_equal(ro_export_run(&count, f->s, &sel, path,
		    RO_SHEET_AUTO, RO_WRITE_REPLACE, NULL, NULL), 0);
		if (k == 0) {
			char *raw = slurp(path);
			assert_non_null(strstr(raw, "'=HYPERLINK"));
			assert_non_null(strstr(raw, "'+Plus"));
			assert_non_null(strstr(raw, ",0071234,"));
			free(raw);
		}
		check_file(f, path, k ? RO_SHEET_XLSX : RO_SHEET_CSV, &sel,
		    count);
		assert_int_equal(ro_plan_trial_run(&plan, f->s, path,
		    RO_SHEET_AUTO), 0);
		assert_int_equal(plan->file_error, RO_ST_NONE);
		assert_int_equal(plan->summary.rows, count);
		assert_int_equal(plan->summary.same, count);
		assert_int_equal(plan->summary.warning, 0);
		ro_plan_free(plan);
		free(path);
	}
}

static void test_bad_paths(void **state)
{
	fx *f = *state;
	ro_selection sel = { .mode = RO_MODE_ALL };
	char *txt = rt_path(f->dir, "out.txt");
	char *nodir = rt_path(f->dir, "no/such/dir/out.csv");
	size_t count = 7;

	assert_int_equal(ro_export_run(&count, f->s, &sel, txt, RO_SHEET_AUTO,
	    RO_WRITE_REPLACE, NULL, NULL), RO_EINVAL);
	assert_int_equal(count, 0);
	assert_int_equal(ro_export_run(&count, f->s, &sel, nodir,
	    RO_SHEET_CSV, RO_WRITE_REPLACE, NULL, NULL), RO_EIO);
	/* A .txt name with an explicit format is fine. */
	assert_int_equal(ro_export_run(&count, f->s, &sel, txt, RO_SHEET_CSV,
	    RO_WRITE_REPLACE, NULL, NULL), 0);
	free(txt);
	free(nodir);
}

struct prog {
	size_t calls, last_done, total;
	size_t cancel_at;
};

static int on_progress(void *ctx, size_t done, size_t total)
{
	struct prog *p = ctx;

	p->calls++;
	p->last_done = done;
	p->total = total;
	return p->cancel_at && done >= p->cancel_at;
}

static size_t files_in(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void test_progress_cancel(void **state)
{
	fx *f = *state;
	ro_selection sel = { .mode = RO_MODE_ALL };
	char *path = rt_path(f->dir, "big.xlsx");
	struct prog pr = { 0 };
	size_t count, before;

	assert_int_equal(ro_export_run(&count, f->s, &sel, path,
	    RO_SHEET_AUTO, RO_WRITE_REPLACE, on_progress, &pr), 0);
	assert_true(pr.calls >= 2);
	assert_int_equal(pr.last_done, count);
	assert_int_equal(pr.total, count);
	assert_int_equal(unlink(path), 0);
	/* Cancelled: no file, and no temporary left behind. */
	before = files_in(f->dir);
	pr = (struct prog){ .cancel_at = 1000 };
	assert_int_equal(ro_export_run(&count, f->s, &sel, path,
	    RO_SHEET_AUTO, RO_WRITE_REPLACE, on_progress, &pr), RO_ECANCEL);
	assert_int_equal(count, 0);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(files_in(f->dir), before);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_xlsx, setup, teardown),
		cmocka_unit_test_setup_teardown(test_selection, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_formulas_round_trip,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_paths, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_progress_cancel,
		    setup_big, teardown),
	};

	return cmocka_run_group_tests_name("export", tests, NULL, NULL);
}
