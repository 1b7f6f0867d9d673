/* test_plan_rows.c — a plan's rows as plan_rows.c keeps them (issue 15:
 * the memory of a 970,213-row trial run): the encoding gives back every
 * field of any row, hostile bytes and long values included, and refuses
 * a damaged one; past the spill threshold the rows go to an unlinked 0600
 * temporary file and read back the same, in order or not; a temporary
 * file that cannot be made, written or read back is RO_EIO naming its
 * folder; and a trial run that spills is the plan one that does not. */
#include "helpers.h"

#include <roster/db.h>
#include <roster/error.h>
#include <roster/plan.h>
#include <roster/status.h>

#include "../../src/core/plan_int.h"
#include "../../src/core/plan_rows.h"

#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* Bytes ≥ 0x80 that are no UTF-8, a quote, a backslash, a newline. */
static const char hostile[] = "\xff\xfe\x80\xc3\xa9\"\\\n\x01 \xe2\x80\xae";

static void same_str(const char *what, const char *a, const char *b)
{
	if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
		fail_msg("%s: \"%s\" against \"%s\"", what, a ? a : "(null)",
		    b ? b : "(null)");
}

static void same_changes(const ro_change *a, size_t na, const ro_change *b,
    size_t nb)
{
	assert_int_equal(na, nb);
	for (size_t k = 0; k < na; k++) {
		same_str("field", a[k].field, b[k].field);
		same_str("old value", a[k].old_value, b[k].old_value);
		same_str("new value", a[k].new_value, b[k].new_value);
	}
}

static void same_row(const ro_plan_row *a, const ro_plan_row *b)
{
	assert_int_equal(a->row, b->row);
	assert_int_equal(a->status, b->status);
	assert_int_equal(a->ncodes, b->ncodes);
	for (size_t k = 0; k < a->ncodes; k++)
		assert_int_equal(a->codes[k], b->codes[k]);
	assert_int_equal(a->nwarnings, b->nwarnings);
	for (size_t k = 0; k < a->nwarnings; k++)
		assert_int_equal(a->warnings[k], b->warnings[k]);
	assert_int_equal(a->nmessages, b->nmessages);
	for (size_t k = 0; k < a->nmessages; k++)
		same_str("message", a->messages[k], b->messages[k]);
	assert_true(a->portfolio_id == b->portfolio_id);
	assert_true(a->created_by == b->created_by);
	same_str("username", a->username, b->username);
	same_changes(a->changes, a->nchanges, b->changes, b->nchanges);
	same_changes(a->creates, a->ncreates, b->creates, b->ncreates);
}

/* Encodes r, decodes it, compares; the encoding is returned. */
static uint8_t *round_trip(const ro_plan_row *r, size_t *n)
{
	uint8_t *enc;
	size_t size;
	char *mem;
	ro_plan_row back;

	assert_true(plan_row_encodable(r));
	*n = plan_row_encoded_size(r);
	enc = malloc(*n + 1);
	assert_non_null(enc);
	assert_int_equal(plan_row_encode(r, enc), *n);
	assert_int_equal(plan_row_decoded_size(enc, *n, &size), 0);
	mem = malloc(size);
	assert_non_null(mem);
	assert_int_equal(plan_row_decode(enc, *n, &back, mem, size), 0);
	same_row(r, &back);
	free(mem);
	return enc;
}

/* Every field, every field name a change can have, NULL apart from "",
 * long values and hostile bytes. */
static void test_every_field(void **state)
{
	static const char *const names[] = { "Portfolio ID", "Username",
	    "Password", "First Name", "Last Name", "Graduation Year", "Group",
	    "Email", "Account Type", "Active", "SSO" };
	size_t nnames = sizeof names / sizeof *names, n;
	char *longv = malloc(200001);
	ro_status codes[] = { RO_ST_E21, RO_ST_E33, RO_ST_E91 };
	ro_status warns[] = { RO_ST_W10, RO_ST_W11, RO_ST_W34 };
	char *msgs[] = { (char *)hostile, longv, "", "plain", "x", "y" };
	ro_change ch[11], cr[3];
	ro_plan_row r = { 0 };

	(void)state;
	assert_non_null(longv);
	for (size_t i = 0; i < 200000; i++)
		longv[i] = (char)(0x80 + i % 0x7f);
	longv[200000] = '\0';
	for (size_t i = 0; i < nnames; i++)
		ch[i] = (ro_change){ names[i], i % 3 == 0 ? NULL :
		    i % 3 == 1 ? "" : (char *)hostile, i == 4 ? longv :
		    (char *)names[i] };
	cr[0] = (ro_change){ "Username", NULL, (char *)hostile };
	cr[1] = (ro_change){ "Password", NULL, "set" };
	cr[2] = (ro_change){ "Email", NULL, "" };
	r.row = 1048576;
	r.status = RO_ST_E21;
	r.codes = codes;
	r.ncodes = 3;
	r.warnings = warns;
	r.nwarnings = 3;
	r.messages = msgs;
	r.nmessages = 6;
	r.portfolio_id = INT64_MAX;
	r.created_by = -1;
	r.username = longv;
	r.changes = ch;
	r.nchanges = nnames;
	r.creates = cr;
	r.ncreates = 3;
	free(round_trip(&r, &n));
	assert_true(n > 400000);
	r.portfolio_id = INT64_MIN;
	r.created_by = INT64_MAX;
	free(round_trip(&r, &n));
	free(longv);
}

/* A row with nothing: its username "" (not NULL), no arrays. */
static void test_empty_row(void **state)
{
	ro_plan_row r = { .username = "" }, back;
	uint8_t enc[64];
	size_t n = plan_row_encode(&r, enc), size;
	char mem[256];

	(void)state;
	assert_int_equal(n, plan_row_encoded_size(&r));
	assert_int_equal(plan_row_decoded_size(enc, n, &size), 0);
	assert_true(size <= sizeof mem);
	assert_int_equal(plan_row_decode(enc, n, &back, mem, sizeof mem), 0);
	same_row(&r, &back);
	assert_non_null(back.username);
	assert_null(back.codes);
	assert_null(back.messages);
	assert_null(back.changes);
	assert_null(back.creates);
}

/* Every code and warning there is, a message each, many changes. */
static void test_many(void **state)
{
	ro_status codes[RO_ST__COUNT], warns[RO_ST__COUNT];
	char *msgs[2 * RO_ST__COUNT], text[2 * RO_ST__COUNT][32];
	ro_change ch[300];
	ro_plan_row r = { .username = "many", .status = RO_ST_E10 };
	size_t n;

	(void)state;
	for (int s = 0; s < RO_ST__COUNT; s++) {
		if (ro_status_is_error((ro_status)s))
			codes[r.ncodes++] = (ro_status)s;
		else if (ro_status_is_warning((ro_status)s))
			warns[r.nwarnings++] = (ro_status)s;
	}
	for (size_t i = 0; i < 2 * RO_ST__COUNT; i++) {
		snprintf(text[i], sizeof text[i], "message %zu \xc3\xa9", i);
		msgs[i] = text[i];
	}
	for (size_t i = 0; i < 300; i++)
		ch[i] = (ro_change){ "Email", text[i % 20], text[(i + 1) % 20] };
	r.codes = codes;
	r.warnings = warns;
	r.messages = msgs;
	r.nmessages = 2 * RO_ST__COUNT;
	r.changes = ch;
	r.nchanges = 300;
	assert_true(r.ncodes > 10 && r.nwarnings > 5);
	free(round_trip(&r, &n));
}

/* Every cut of an encoding, and a byte changed to an unknown field, is
 * RO_EIO: never a read past its end. */
static void test_damaged(void **state)
{
	ro_status codes[] = { RO_ST_E30 };
	char *msgs[] = { "Username is too short" };
	ro_change ch[] = { { "Email", "a@b.org", "c@d.org" } };
	ro_plan_row r = { .row = 2, .status = RO_ST_E30, .codes = codes,
	    .ncodes = 1, .messages = msgs, .nmessages = 1, .username = "ab",
	    .changes = ch, .nchanges = 1, .portfolio_id = 77 }, back;
	size_t n, size;
	uint8_t *enc = round_trip(&r, &n);
	char mem[1024];

	(void)state;
	for (size_t cut = 0; cut < n; cut++) {
		/* A copy of just the bytes left: a sanitizer sees any read
		 * past them. */
		uint8_t *part = malloc(cut ? cut : 1);
		assert_non_null(part);
		memcpy(part, enc, cut);
		if (plan_row_decoded_size(part, cut, &size) == 0)
			assert_int_equal(plan_row_decode(part, cut, &back, mem,
			    sizeof mem), RO_EIO);
		free(part);
	}
	/* The field index is the byte before the change's old value. */
	enc[n - strlen("c@d.org") - 1 - strlen("a@b.org") - 1 - 1] = 200;
	assert_int_equal(plan_row_decoded_size(enc, n, &size), 0);
	assert_int_equal(plan_row_decode(enc, n, &back, mem, sizeof mem),
	    RO_EIO);
	assert_non_null(strstr(ro_error_last(), "damaged"));
	free(enc);
	/* A change of a field the encoding cannot name. */
	ch[0].field = "Shoe Size";
	assert_false(plan_row_encodable(&r));
}

/* ---- the store ---- */

#define NROWS 3000

/* Row i of the test: a change of email each, a message every 7th, a
 * hostile username every 5th. */
static void fill(ro_plan_row *r, size_t i, char *buf, size_t n,
    ro_change *ch)
{
	snprintf(buf, n, "user.%zu%s", i, i % 5 ? "" : hostile);
	r->row = i + 2;
	r->status = i % 7 ? RO_ST_UPD : RO_ST_E31;
	r->portfolio_id = (int64_t)i * 1000;
	r->username = buf;
	ch->field = "Email";
	ch->old_value = i % 3 ? buf : NULL;
	ch->new_value = "new@example.org";
	r->changes = ch;
	r->nchanges = 1;
	if (!(i % 7)) {
		r->codes[0] = RO_ST_E31;
		r->ncodes = 1;
		r->messages[0] = buf;
		r->nmessages = 1;
	}
}

static void expect_row(const ro_plan_row *got, size_t i)
{
	ro_status codes[1];
	char *msgs[1], buf[64];
	ro_change ch;
	ro_plan_row want = { .codes = codes, .messages = msgs };

	assert_non_null(got);
	fill(&want, i, buf, sizeof buf, &ch);
	same_row(&want, got);
}

static plan_rows *store_of(size_t n, int *rc)
{
	plan_rows *s = NULL;
	char buf[64];
	ro_change ch;

	assert_int_equal(plan_rows_open(&s, n), 0);
	*rc = 0;
	for (size_t i = 0; i < n && !*rc; i++) {
		ro_plan_row *r = plan_rows_scratch(s);
		fill(r, i, buf, sizeof buf, &ch);
		*rc = plan_rows_append(s);
		if (!*rc)
			same_row(r, plan_rows_last(s));
	}
	return s;
}

/* TMPDIR as the tests were given it (NULL: none). */
static char *tmp_given;

static void tmp_restore(void)
{
	if (tmp_given)
		setenv("TMPDIR", tmp_given, 1);
	else
		unsetenv("TMPDIR");
}

/* A fresh folder as TMPDIR. */
static char *tmpdir_set(void)
{
	char *dir;

	tmp_restore();
	dir = rt_tmpdir();

	setenv("TMPDIR", dir, 1);
	return dir;
}

/* A store of NROWS rows spilling past spill bytes (*rc: how the
 * appending ended). */
static plan_rows *spilling(size_t spill, int *rc)
{
	plan_rows *s;

	plan_rows_set_spill(spill);
	s = store_of(NROWS, rc);
	plan_rows_set_spill(0);
	return s;
}

/* Frees the store; no file is left in dir (NULL: none made), which goes
 * too; TMPDIR as it was. */
static void done(plan_rows *s, char *dir)
{
	plan_rows_free(s);
	if (dir)
		assert_int_equal(rt_dir_entries(dir), 0);
	tmp_restore();
	rt_tmpdir_free(dir);
}

/* Past the threshold the rows go to the file, which is 0600, has no name
 * in the folder, and gives every row back: in order, backwards, and the
 * last rows (still in memory) too. */
static void test_spill_round_trip(void **state)
{
	char *dir = tmpdir_set();
	const ro_plan_row *first, *again;
	struct stat st;
	plan_rows *s;
	int rc;

	(void)state;
	s = spilling(256, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(plan_rows_count(s), NROWS);
	assert_true(plan_rows_fd(s) >= 0);
	assert_int_equal(fstat(plan_rows_fd(s), &st), 0);
	assert_int_equal(st.st_nlink, 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_true(st.st_size > 50000);
	assert_int_equal(rt_dir_entries(dir), 0);
	/* In memory: 8 bytes a row, the buffer, and a constant (the ring
	 * of decoded rows, the scratch row's arena) under 256 KiB; the rest
	 * is in the file. */
	assert_true(plan_rows_encoded(s) > 50000);
	assert_true(plan_rows_memory(s) <= sizeof(uint64_t) * NROWS + 256 +
	    4096 + (256 << 10));
	for (size_t i = 0; i < NROWS; i++) {
		expect_row(plan_rows_get(s, i), i);
		assert_int_equal(plan_rows_status(s, i), i % 7 ? RO_ST_UPD :
		    RO_ST_E31);
	}
	for (size_t i = NROWS; i-- > 0;)
		expect_row(plan_rows_get(s, i), i);
	/* A row stays valid for RO_PLAN_ROWS_KEPT - 1 more reads of others;
	 * asking again for it while it is kept returns it as it was. */
	first = plan_rows_get(s, 17);
	for (size_t i = 0; i < RO_PLAN_ROWS_KEPT - 1; i++)
		expect_row(plan_rows_get(s, 100 + i), 100 + i);
	expect_row(first, 17);
	again = plan_rows_get(s, 17);
	assert_ptr_equal(first, again);
	assert_null(plan_rows_get(s, NROWS));
	assert_int_equal(ro_error_last_code(), RO_EINVAL);
	done(s, dir);
}

/* A folder where no file can be made: RO_EIO naming it once the rows
 * pass the threshold; below it nothing touches the disk. */
static void test_no_folder(void **state)
{
	plan_rows *s;
	int rc;

	(void)state;
	setenv("TMPDIR", "/nonexistent/roster-plan-test", 1);
	s = spilling(256, &rc);
	assert_int_equal(rc, RO_EIO);
	assert_non_null(strstr(ro_error_last(), "temporary file in "
	    "/nonexistent/roster-plan-test"));
	plan_rows_free(s);
	s = spilling((size_t)1 << 30, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(plan_rows_fd(s), -1);
	for (size_t i = 0; i < NROWS; i++)
		expect_row(plan_rows_get(s, i), i);
	done(s, NULL);
}

/* A write that fails (a file size limit, as a full disk would): RO_EIO
 * naming the folder and why. */
static void test_write_fails(void **state)
{
	char *dir = tmpdir_set();
	struct rlimit old, lim;
	void (*was)(int) = signal(SIGXFSZ, SIG_IGN);
	plan_rows *s;
	int rc;

	(void)state;
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 16384;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	s = spilling(256, &rc);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, was);
	assert_int_equal(rc, RO_EIO);
	assert_non_null(strstr(ro_error_last(), "cannot write the plan's "
	    "temporary file in "));
	assert_non_null(strstr(ro_error_last(), dir));
	assert_non_null(strstr(ro_error_last(), "too large"));
	done(s, dir);
}

/* The file cut behind the plan's back (as anyone with the process's
 * rights could, through /proc/PID/fd): reading a row back is NULL and
 * RO_EIO, never a blank row; the rows still in memory read on. */
static void test_read_back_fails(void **state)
{
	char *dir = tmpdir_set();
	plan_rows *s;
	int rc;

	(void)state;
	s = spilling(256, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(ftruncate(plan_rows_fd(s), 0), 0);
	assert_null(plan_rows_get(s, 0));
	assert_int_equal(ro_error_last_code(), RO_EIO);
	assert_non_null(strstr(ro_error_last(), dir));
	assert_null(plan_rows_get(s, NROWS / 2));
	assert_int_equal(ro_error_last_code(), RO_EIO);
	expect_row(plan_rows_get(s, NROWS - 1), NROWS - 1);
	done(s, dir);
}

/* ---- through the trial run ---- */

static int setup(void **state)
{
	*state = rt_demo_new(40);
	return 0;
}

static char *write_file(rt_demo *f, size_t n)
{
	size_t cap = n * 160 + 4096, len = 0;
	char *buf = malloc(cap), *path = rt_path(f->dir, "spill.csv");

	assert_non_null(buf);
	for (int i = 0; i < RO_UPLOAD_COLUMNS; i++)
		len += (size_t)snprintf(buf + len, cap - len, "%s%s",
		    ro_upload_headers()[i], i + 1 < RO_UPLOAD_COLUMNS ? "," :
		    "\n");
	/* New portfolios (creates), every 9th with a short username (E30)
	 * and a weak password (a warning or an error with its message). */
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, cap - len,
		    ",%s%zu,%s,R\xc3\xa9n%zu,User,2031,,r%zu@example.org,"
		    "student\n", i % 9 ? "spill.user" : "s", i % 9 ? i : i % 10,
		    i % 9 ? "Quiet-Lake-Path-9" : "weak", i, i);
	assert_true(len < cap);
	rt_write_file(path, buf, len);
	free(buf);
	return path;
}

/* Does the temporary file hold text? */
static void file_has(int fd, const char *text, bool want)
{
	struct stat st;
	char *all;

	assert_int_equal(fstat(fd, &st), 0);
	all = malloc((size_t)st.st_size + 1);
	assert_non_null(all);
	assert_int_equal(pread(fd, all, (size_t)st.st_size, 0), st.st_size);
	all[st.st_size] = '\0';
	/* The encoding has no NUL between strings: memmem over it all. */
	if ((memmem(all, (size_t)st.st_size, text, strlen(text)) != NULL) !=
	    want)
		fail_msg("the temporary file %s \"%s\"", want ? "lacks" :
		    "holds", text);
	free(all);
}

/* A trial run whose rows spill is the trial run whose rows do not: the
 * same rows, statuses, messages and fingerprint; its file holds the
 * usernames, no password. */
static void test_trial_run_spills(void **state)
{
	rt_demo *f = *state;
	char *dir = tmpdir_set(), *path = write_file(f, 2000);
	ro_plan *a = NULL, *b = NULL;

	plan_rows_set_spill(0);
	assert_int_equal(ro_plan_trial_run(&a, f->s, path, RO_SHEET_AUTO), 0);
	plan_rows_set_spill(512);
	assert_int_equal(ro_plan_trial_run(&b, f->s, path, RO_SHEET_AUTO), 0);
	plan_rows_set_spill(0);
	assert_true(plan_rows_fd(plan_rows_of(a)) < 0);
	assert_true(plan_rows_fd(plan_rows_of(b)) >= 0);
	assert_int_equal(a->nrows, 2000);
	assert_int_equal(b->nrows, 2000);
	assert_string_equal(a->fingerprint, b->fingerprint);
	assert_memory_equal(&a->summary, &b->summary, sizeof a->summary);
	assert_true(a->summary.error > 0);
	for (size_t i = 0; i < a->nrows; i++) {
		const ro_plan_row *x = ro_plan_row_at(a, i),
		    *y = ro_plan_row_at(b, i);
		assert_non_null(x);
		assert_non_null(y);
		same_row(x, y);
		assert_int_equal(ro_plan_row_status(b, i), y->status);
	}
	assert_null(ro_plan_row_at(b, 2000));
	assert_int_equal(ro_plan_row_status(b, 2000), RO_ST_NONE);
	/* The file holds the usernames, never the passwords. */
	file_has(plan_rows_fd(plan_rows_of(b)), "spill.user10", true);
	file_has(plan_rows_fd(plan_rows_of(b)), "Quiet-Lake-Path-9", false);
	ro_plan_free(a);
	ro_plan_free(b);
	assert_int_equal(rt_dir_entries(dir), 0);
	free(path);
	tmp_restore();
	rt_tmpdir_free(dir);
}

/* Resident memory in KiB (/proc/self/statm). */
static long rss_kib(void)
{
	long pages = 0, res = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	assert_non_null(f);
	assert_int_equal(fscanf(f, "%ld %ld", &pages, &res), 2);
	fclose(f);
	return res * (sysconf(_SC_PAGESIZE) / 1024);
}

/* The heap a pass freed goes back to the kernel (a trial run calls this
 * once its records and checks are freed, before the plan is read: the
 * CLI's malloc keeps 64 MiB of free heap otherwise). */
static void test_big_trim(void **state)
{
	enum { N = 64 << 10 };        /* 64 MiB in blocks of 1 KiB */
	char **v = malloc(N * sizeof *v);
	long full, freed, trimmed;

	(void)state;
	assert_non_null(v);
	if (mallopt(M_TRIM_THRESHOLD, 1 << 30) != 1) {
		/* Another allocator than glibc's (a sanitizer's): no heap of
		 * glibc's to trim, and the call must do no harm. */
		ro_big_trim();
		free(v);
		return;
	}
	for (size_t i = 0; i < N; i++) {
		assert_non_null(v[i] = malloc(1024));
		memset(v[i], 1, 1024);
	}
	full = rss_kib();
	for (size_t i = N; i-- > 0;)
		free(v[i]);
	freed = rss_kib();
	ro_big_trim();
	trimmed = rss_kib();
	mallopt(M_TRIM_THRESHOLD, 128 << 10);
	free(v);
	if (freed < full - (8 << 10) || trimmed > freed - (48 << 10))
		fail_msg("rss %ld KiB full, %ld freed, %ld trimmed", full,
		    freed, trimmed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_field),
		cmocka_unit_test(test_empty_row),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_damaged),
		cmocka_unit_test(test_spill_round_trip),
		cmocka_unit_test(test_no_folder),
		cmocka_unit_test(test_write_fails),
		cmocka_unit_test(test_read_back_fails),
		cmocka_unit_test_setup_teardown(test_trial_run_spills, setup,
		    rt_demo_teardown),
		cmocka_unit_test(test_big_trim),
	};

	if (getenv("TMPDIR") && !(tmp_given = strdup(getenv("TMPDIR"))))
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
