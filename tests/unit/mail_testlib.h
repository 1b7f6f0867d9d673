/* mail_testlib.h — what the mail tests share (test_notify.c: the message
 * through msmtp to an SMTP sink; test_mailer.c: the mailer process).
 * Header only: each test binary is built from one .c file and helpers.o. */
#ifndef ROSTER_MAIL_TESTLIB_H
#define ROSTER_MAIL_TESTLIB_H

#include "helpers.h"

#include <roster/error.h>

#include "../../src/core/mailer.h"

#include <stdbool.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PASSWORD "Tmp-Pass42x"

/* Milliseconds on the monotonic clock. */
static inline long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A whole file, malloc'd and NUL-ended; NULL when it cannot be opened. */
static inline char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *s;
	long n;

	if (!fp)
		return NULL;
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	assert_true(n >= 0);
	rewind(fp);
	s = malloc((size_t)n + 1);
	assert_non_null(s);
	assert_int_equal(fread(s, 1, (size_t)n, fp), (size_t)n);
	s[n] = '\0';
	fclose(fp);
	return s;
}

/* An error message must never show the password. */
static inline void expect_no_secret(const char *msg)
{
	assert_null(strstr(msg, PASSWORD));
	assert_null(strstr(msg, "Tmp-"));
}

/* N of "mailer exited N[: …]", which must be 0 < N < 256. */
static inline int exit_status_in(const char *msg)
{
	int n = -1;

	if (sscanf(msg, "mailer exited %d", &n) != 1)
		fail_msg("not an exit status message: %s", msg);
	assert_true(n > 0 && n < 256);
	return n;
}

/* Before each test: no error left over, and the mailer's exit watched
 * through a pidfd, or (pidfd false) as on kernels without one. */
static inline int mail_test_setup(bool pidfd)
{
	ro_error_clear();
	ro_mailer_use_pidfd(pidfd);
	return 0;
}

#endif
