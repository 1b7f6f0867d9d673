/* test_mailer.c — the mailer process (src/core/mailer.c, through
 * ro_notify_send): a command that is missing or fails, one that quotes the
 * message back, ignores its input, hangs, or leaves a child behind; each
 * with the mailer's exit watched through a pidfd and, where it matters,
 * without.  The message as it arrives over SMTP: test_notify.c. */
#include "mail_testlib.h"

#include <roster/error.h>
#include <roster/notify.h>

#include "../../src/core/mailer.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/stat.h>

typedef struct fx {
	char *dir;              /* private temp dir: scripts, pid files */
} fx;

static int group_setup(void **state)
{
	fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	f->dir = rt_tmpdir();
	*state = f;
	return 0;
}

static int group_teardown(void **state)
{
	fx *f = *state;

	if (f) {
		rt_tmpdir_free(f->dir);
		free(f);
	}
	return 0;
}

static int test_setup(void **state)
{
	(void)state;
	return mail_test_setup(true);
}

static int test_setup_no_pidfd(void **state)
{
	(void)state;
	return mail_test_setup(false);
}

static void test_command_not_found(void **state)
{
	const ro_mail m = {
		.to = "ada@example.org", .subject = "Hello",
		.body = "Temporary password: " PASSWORD "\n", .secret = PASSWORD,
	};
	const char *msg;

	(void)state;
	/* glibc reports a failed exec from posix_spawn; elsewhere (and
	 * under valgrind) it is the child's exit 127. */
	assert_int_equal(ro_notify_send("/nonexistent/dir/sendmail -t -i",
	    &m), RO_EIO);
	msg = ro_error_last();
	assert_true(!strcmp(msg, "mailer \"/nonexistent/dir/sendmail\" not "
	    "found") || !strcmp(msg, "mailer \"/nonexistent/dir/sendmail\" "
	    "exited 127: not found or not runnable"));
	expect_no_secret(msg);
	assert_int_equal(ro_notify_send("roster-no-such-mailer -t", &m),
	    RO_EIO);
	msg = ro_error_last();
	assert_true(!strncmp(msg, "mailer \"roster-no-such-mailer\" ", 31));
	assert_non_null(strstr(msg, "not found"));
	assert_int_equal(ro_notify_send("/dev/null -t", &m), RO_EIO);
	msg = ro_error_last();
	assert_true(strstr(msg, "cannot be run") || strstr(msg, "exited 127"));
	assert_int_equal(ro_notify_send("", &m), RO_EINVAL);
	assert_int_equal(ro_notify_send(" \t ", &m), RO_EINVAL);
	assert_int_equal(ro_notify_send(NULL, &m), RO_EINVAL);
}

static void test_mailer_exit_status(void **state)
{
	const ro_mail m = { .to = "ada@example.org", .subject = "Hello",
		.body = "Hi\n" };

	(void)state;
	assert_int_equal(ro_notify_send("false", &m), RO_EIO);
	assert_string_equal(ro_error_last(), "mailer exited 1");
}

static char *write_script(const fx *f, const char *name, const char *text)
{
	char *path = rt_path(f->dir, name);

	rt_write_file(path, text, strlen(text));
	assert_int_equal(chmod(path, 0700), 0);
	return path;
}

/* A mailer may quote what it was given in its complaint; the password
 * and the body must still stay out of the error message. */
static void test_mailer_quotes_message(void **state)
{
	fx *f = *state;
	char *echo_pw = write_script(f, "echo-password",
	    "#!/bin/sh\nsed -n 's/.*password: //p' >&2\nexit 75\n");
	char *echo_body = write_script(f, "echo-body",
	    "#!/bin/sh\necho >&2\nsed '1,/^$/d' | tr '\\n' ' ' >&2\nexit 75\n");
	ro_mail m = {
		.to = "ada@example.org", .subject = "Hello",
		.body = "Hello Ada,\nYour temporary password: " PASSWORD "\n",
		.secret = PASSWORD,
	};

	assert_int_equal(ro_notify_send(echo_pw, &m), RO_EIO);
	assert_int_equal(exit_status_in(ro_error_last()), 75);
	expect_no_secret(ro_error_last());
	assert_non_null(strstr(ro_error_last(), "not shown"));

	m.secret = NULL;  /* the body alone still must not show */
	assert_int_equal(ro_notify_send(echo_body, &m), RO_EIO);
	assert_int_equal(exit_status_in(ro_error_last()), 75);
	expect_no_secret(ro_error_last());
	assert_null(strstr(ro_error_last(), "Hello Ada"));
	free(echo_pw);
	free(echo_body);
}

static void test_mailer_ignores_input(void **state)
{
	size_t n = 1 << 20;
	char *body = malloc(n + 1);
	ro_mail m = { .to = "ada@example.org", .subject = "Hello" };
	struct sigaction sa;
	sigset_t mask, pending;

	(void)state;
	assert_non_null(body);
	for (size_t i = 0; i < n; i++)
		body[i] = i % 64 == 63 ? '\n' : 'x';
	body[n] = '\0';
	m.body = body;
	/* More than a pipe holds, to a mailer that never reads: the write
	 * fails with EPIPE, and SIGPIPE must not kill this process. */
	assert_int_equal(ro_notify_send("true", &m), RO_EIO);
	assert_string_equal(ro_error_last(),
	    "mailer exited 0 without reading the whole message");
	assert_int_equal(sigaction(SIGPIPE, NULL, &sa), 0);
	assert_true(sa.sa_handler == SIG_DFL);
	assert_int_equal(sigprocmask(SIG_BLOCK, NULL, &mask), 0);
	assert_false(sigismember(&mask, SIGPIPE));
	assert_int_equal(sigpending(&pending), 0);
	assert_false(sigismember(&pending, SIGPIPE));
	free(body);
}

/* Whether pid has gone, or is only a zombie waiting for its reaper. */
static bool process_dead(pid_t pid)
{
	char path[64], stat[512] = "", *paren;
	FILE *fp;

	if (kill(pid, 0) != 0)
		return errno == ESRCH;
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	/* Not slurp: /proc files have no size to seek to. */
	fp = fopen(path, "r");
	if (!fp)
		return true;
	if (!fgets(stat, sizeof stat, fp))
		stat[0] = '\0';
	fclose(fp);
	paren = strrchr(stat, ')');
	return paren && paren[1] == ' ' && paren[2] == 'Z';
}

/* SIGKILL is delivered when the target next runs: poll a while. */
static bool process_gone(pid_t pid)
{
	long long end = now_ms() + 5000;
	const struct timespec tick = { 0, 10 * 1000000 };

	while (!process_dead(pid)) {
		if (now_ms() > end)
			return false;
		nanosleep(&tick, NULL);
	}
	return true;
}

static void test_mailer_timeout(void **state)
{
	fx *f = *state;
	char *pid_file = rt_path(f->dir, "hang.pid");
	char *kid_file = rt_path(f->dir, "hang.kid");
	char script[8600], *path, *pid, *kid;
	const ro_mail m = { .to = "ada@example.org", .subject = "Hello",
		.body = "Hi\n" };
	long long t0;

	/* It hangs, and so does a child it started: the timeout stops both
	 * (the process group) and reaps the mailer. */
	snprintf(script, sizeof script, "#!/bin/sh\necho $$ > %s\n"
	    "sleep 30 &\necho $! > %s\nwait\n", pid_file, kid_file);
	path = write_script(f, "hang", script);
	t0 = now_ms();
	assert_int_equal(ro_notify_send_timeout(path, &m, 300), RO_EIO);
	assert_string_equal(ro_error_last(),
	    "mailer did not finish within 300 ms; stopped it");
	assert_true(now_ms() - t0 < 5000);
	pid = slurp(pid_file);
	kid = slurp(kid_file);
	assert_non_null(pid);
	assert_non_null(kid);
	assert_true(kill(atoi(pid), 0) != 0 && errno == ESRCH);
	assert_true(process_gone(atoi(kid)));
	free(pid);
	free(kid);
	free(path);
	free(pid_file);
	free(kid_file);
}

/* A mailer that leaves a background child holding its stderr: its own
 * exit is what counts, not the pipe's EOF. */
static void test_mailer_leaves_child(void **state)
{
	fx *f = *state;
	char *pgid_file = rt_path(f->dir, "pgid");
	char script[4200], *path, *pgid;
	const ro_mail m = { .to = "ada@example.org", .subject = "Hello",
		.body = "Hi\n" };
	long long t0;

	snprintf(script, sizeof script, "#!/bin/sh\ncat >/dev/null\n"
	    "echo $$ > %s\nsleep 30 &\nexit 0\n", pgid_file);
	path = write_script(f, "leave-child", script);
	t0 = now_ms();
	assert_int_equal(ro_notify_send(path, &m), 0);
	assert_true(now_ms() - t0 < 10000);
	/* The mailer ran in its own process group: clean up the sleeper. */
	pgid = slurp(pgid_file);
	assert_non_null(pgid);
	assert_true(atoi(pgid) > 1);
	assert_int_equal(kill(-atoi(pgid), SIGKILL), 0);
	free(pgid);
	free(path);
	free(pgid_file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_command_not_found, test_setup),
		cmocka_unit_test_setup(test_mailer_exit_status, test_setup),
		cmocka_unit_test_setup(test_mailer_quotes_message, test_setup),
		cmocka_unit_test_setup(test_mailer_ignores_input, test_setup),
		cmocka_unit_test_setup(test_mailer_timeout, test_setup),
		cmocka_unit_test_setup(test_mailer_leaves_child, test_setup),
		/* Where the child's exit is not pollable. */
		cmocka_unit_test_setup(test_mailer_ignores_input,
		    test_setup_no_pidfd),
		cmocka_unit_test_setup(test_mailer_timeout, test_setup_no_pidfd),
		cmocka_unit_test_setup(test_mailer_leaves_child,
		    test_setup_no_pidfd),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
