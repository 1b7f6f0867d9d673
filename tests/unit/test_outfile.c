/* test_outfile.c — where an export may be written: a new regular file, or
 * an existing one only when replacing was asked for; never a folder, a
 * FIFO, a device, a socket, a symbolic link, the open database, its side
 * files (existing or not yet) or a protected password file; a refused
 * export leaves what was there as it was and no temporary file. */
#include "helpers.h"

#include <roster/db.h>
#include <roster/error.h>
#include <roster/export.h>
#include <roster/outfile.h>
#include <roster/portfolio.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

typedef rt_demo fx;

static int setup(void **state)
{
	*state = rt_demo_new(30);
	return 0;
}

/* An export to path with flags: its code; the folder holds as many
 * entries after as before unless it succeeded. */
static int export_to(fx *f, const char *path, unsigned flags)
{
	ro_selection sel = { .mode = RO_MODE_ALL };
	size_t count = 9, before = rt_dir_entries(f->dir);
	int rc = ro_export_run(&count, f->s, &sel, path, RO_SHEET_CSV, flags,
	    NULL, NULL);

	if (rc) {
		assert_int_equal(count, 0);
		assert_int_equal(rt_dir_entries(f->dir), before);
	}
	return rc;
}

static off_t size_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_size;
}

static void test_new_and_existing(void **state)
{
	fx *f = *state;
	char *out = rt_path(f->dir, "out.csv");

	assert_int_equal(export_to(f, out, 0), 0);
	assert_true(size_of(out) > 100);
	rt_write_file(out, "mine", 4);
	/* Not replaced unless asked; replaced when asked. */
	assert_int_equal(export_to(f, out, 0), RO_EEXISTS);
	assert_non_null(strstr(ro_error_last(), "already exists"));
	assert_int_equal(size_of(out), 4);
	assert_int_equal(export_to(f, out, RO_WRITE_REPLACE), 0);
	assert_true(size_of(out) > 100);
	free(out);
}

static void test_database_and_side_files(void **state)
{
	fx *f = *state;
	static const char *const sides[] = { "", "-wal", "-shm", "-journal" };
	off_t dbsize = size_of(f->dbpath);

	for (size_t i = 0; i < 4; i++) {
		char p[4096];

		snprintf(p, sizeof p, "%s%s", f->dbpath, sides[i]);
		/* Whether the side file exists now or not, and even when
		 * asked to replace. */
		assert_int_equal(export_to(f, p, RO_WRITE_REPLACE), RO_EINVAL);
		assert_non_null(strstr(ro_error_last(), "database"));
	}
	assert_int_equal(size_of(f->dbpath), dbsize);
	/* Another spelling of the same name, and a hard link to it. */
	{
		char p[4096], *link_path = rt_path(f->dir, "link.csv");

		snprintf(p, sizeof p, "%s/./roster.db", f->dir);
		assert_int_equal(export_to(f, p, RO_WRITE_REPLACE), RO_EINVAL);
		assert_int_equal(link(f->dbpath, link_path), 0);
		assert_int_equal(export_to(f, link_path, RO_WRITE_REPLACE),
		    RO_EINVAL);
		unlink(link_path);
		free(link_path);
	}
}

static void test_not_regular(void **state)
{
	fx *f = *state;
	char *fifo = rt_path(f->dir, "fifo.csv");
	char *sub = rt_path(f->dir, "sub.csv");
	char *sym = rt_path(f->dir, "sym.csv");
	char *target = rt_path(f->dir, "target.csv");
	char *sock = rt_path(f->dir, "sock.csv");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(mkdir(sub, 0700), 0);
	rt_write_file(target, "x", 1);
	assert_int_equal(symlink(target, sym), 0);
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", sock);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(export_to(f, fifo, RO_WRITE_REPLACE), RO_EINVAL);
	assert_non_null(strstr(ro_error_last(), "FIFO"));
	assert_int_equal(export_to(f, sub, RO_WRITE_REPLACE), RO_EINVAL);
	assert_non_null(strstr(ro_error_last(), "folder"));
	assert_int_equal(export_to(f, sym, RO_WRITE_REPLACE), RO_EINVAL);
	assert_non_null(strstr(ro_error_last(), "symbolic link"));
	assert_int_equal(export_to(f, sock, RO_WRITE_REPLACE), RO_EINVAL);
	assert_non_null(strstr(ro_error_last(), "socket"));
	assert_int_equal(ro_outfile_check(f->db, "/dev/null", RO_WRITE_REPLACE),
	    RO_EINVAL);
	assert_non_null(strstr(ro_error_last(), "device"));
	assert_int_equal(size_of(target), 1);
	close(fd);
	free(fifo);
	free(sub);
	free(sym);
	free(target);
	free(sock);
}

static void test_protected(void **state)
{
	fx *f = *state;
	char *pw = rt_path(f->dir, "admin.pw");
	char *pw2 = rt_path(f->dir, "new.pw");

	rt_write_file(pw, "DemoAdmin1\n", 11);
	assert_int_equal(ro_db_protect_file(f->db, pw), 0);
	/* Protected even before it exists. */
	assert_int_equal(ro_db_protect_file(f->db, pw2), 0);
	assert_int_equal(export_to(f, pw, RO_WRITE_REPLACE), RO_EINVAL);
	assert_non_null(strstr(ro_error_last(), "password file"));
	assert_int_equal(export_to(f, pw2, 0), RO_EINVAL);
	assert_int_equal(size_of(pw), 11);
	assert_int_equal(access(pw2, F_OK), -1);
	free(pw);
	free(pw2);
}

static void test_free_name(void **state)
{
	fx *f = *state;
	char *a = rt_path(f->dir, "export.xlsx");
	char *a2 = rt_path(f->dir, "export-2.xlsx");
	char *a3 = rt_path(f->dir, "export-3.xlsx");
	char *hidden = rt_path(f->dir, ".export");
	char out[4096];

	assert_int_equal(ro_outfile_free_name(out, sizeof out, a), 0);
	assert_string_equal(out, a);
	rt_write_file(a, "x", 1);
	assert_int_equal(ro_outfile_free_name(out, sizeof out, a), 0);
	assert_string_equal(out, a2);
	rt_write_file(a2, "x", 1);
	assert_int_equal(ro_outfile_free_name(out, sizeof out, a), 0);
	assert_string_equal(out, a3);
	rt_write_file(hidden, "x", 1);
	assert_int_equal(ro_outfile_free_name(out, sizeof out, hidden), 0);
	assert_non_null(strstr(out, "/.export-2"));
	assert_int_equal(ro_outfile_free_name(out, 4, a), RO_EINVAL);
	free(a);
	free(a2);
	free(a3);
	free(hidden);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_and_existing, setup,
		    rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_not_regular, setup,
		    rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_protected, setup,
		    rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_free_name, setup,
		    rt_demo_teardown),
	};
	/* An SQLite database is a file (and side files) an export could
	 * land on; a PostgreSQL one (ROSTER_TEST_PG) is not. */
	const struct CMUnitTest file_tests[] = {
		cmocka_unit_test_setup_teardown(test_database_and_side_files,
		    setup, rt_demo_teardown),
	};
	int rc = cmocka_run_group_tests_name("outfile", tests, NULL, NULL);

	if (!rt_db_is_pg())
		rc |= cmocka_run_group_tests_name("outfile (SQLite file)",
		    file_tests, NULL, NULL);
	return rc;
}
