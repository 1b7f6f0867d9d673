/* mailer.c — running a sendmail-compatible command with a message on its
 * standard input.
 *
 * The command is split on blanks and run without a shell, so that a mail
 * setting cannot become a way to run shell code.  Its standard error is
 * kept for the error message; its standard output goes to /dev/null,
 * because nothing may reach the terminal while curses owns it.  It runs in
 * a process group of its own so that a timeout stops it and whatever it
 * started. */
#include "mailer.h"

#include <roster/error.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define ARGV_MAX 64
/* Without a pidfd the child's exit is noticed by asking this often. */
#define REAP_TICK_MS 50

typedef struct mailer_child {
	pid_t pid;
	int in;                 /* the mailer's stdin; -1 once closed */
	int err;                /* its stderr; -1 at EOF */
	int pidfd;              /* readable when it exits; -1 if unsupported */
} mailer_child;

/* Off only in tests, which run the fallback for kernels before 5.3. */
static atomic_bool use_pidfd = true;

void ro_mailer_use_pidfd(bool on)
{
	atomic_store(&use_pidfd, on);
}

/* argv points into *copy; both are the caller's to free. */
static int mailer_split(char ***argvp, char **copyp, const char *command)
{
	char *copy, *save = NULL, *tok;
	char **argv;
	size_t n = 0;

	*argvp = NULL;
	*copyp = NULL;
	if (!command)
		return ro_error_set(RO_EINVAL, "no mail command is set");
	copy = strdup(command);
	argv = calloc(ARGV_MAX + 1, sizeof *argv);
	if (!copy || !argv) {
		free(copy);
		free(argv);
		return ro_error_set(RO_ENOMEM, "out of memory");
	}
	*argvp = argv;
	*copyp = copy;
	for (tok = strtok_r(copy, " \t", &save); tok;
	    tok = strtok_r(NULL, " \t", &save)) {
		if (n == ARGV_MAX)
			return ro_error_set(RO_EINVAL, "the mail command has "
			    "more than %d words", ARGV_MAX);
		argv[n++] = tok;
	}
	if (n == 0)
		return ro_error_set(RO_EINVAL, "the mail command is empty");
	return 0;
}

/* A process started with fds 0-2 closed gets pipe ends there, which the
 * child's dup2 onto 0 and 2 would then clobber. */
static int mailer_fd_high(int fd)
{
	int hi;

	if (fd < 0 || fd > 2)
		return fd;
	hi = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	close(fd);
	return hi;
}

static int mailer_spawn(mailer_child *c, char **argv)
{
	int in[2] = { -1, -1 }, err[2] = { -1, -1 }, e = 0;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, dflt;

	/* O_CLOEXEC: a mailer started by another thread meanwhile must not
	 * inherit these, or our EOF would never reach this one. */
	if (pipe2(in, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0)
		e = errno;
	for (int i = 0; i < 2; i++) {
		in[i] = mailer_fd_high(in[i]);
		err[i] = mailer_fd_high(err[i]);
		if (!e && (in[i] < 0 || err[i] < 0))
			e = EMFILE;
	}
	if (e) {
		for (int i = 0; i < 2; i++) {
			if (in[i] >= 0)
				close(in[i]);
			if (err[i] >= 0)
				close(err[i]);
		}
		return ro_error_set(RO_EIO, "cannot make a pipe to the mailer: "
		    "%s", strerror(e));
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&at);
	/* A clean signal state: the caller's thread may block signals (a
	 * worker of the pool) and the program may ignore SIGPIPE. */
	sigemptyset(&none);
	sigemptyset(&dflt);
	sigaddset(&dflt, SIGPIPE);
	sigaddset(&dflt, SIGXFSZ);
	if ((e = posix_spawn_file_actions_adddup2(&fa, in[0], 0)) ||
	    (e = posix_spawn_file_actions_adddup2(&fa, err[1], 2)) ||
	    (e = posix_spawn_file_actions_addopen(&fa, 1, "/dev/null",
	    O_WRONLY, 0)) ||
	    (e = posix_spawnattr_setsigmask(&at, &none)) ||
	    (e = posix_spawnattr_setsigdefault(&at, &dflt)) ||
	    (e = posix_spawnattr_setpgroup(&at, 0)) ||
	    (e = posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK |
	    POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP)) == 0)
		e = posix_spawnp(&c->pid, argv[0], &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	close(in[0]);
	close(err[1]);
	if (e) {
		close(in[1]);
		close(err[0]);
		if (e == ENOENT)
			return ro_error_set(RO_EIO, "mailer \"%.200s\" not found",
			    argv[0]);
		if (e == EACCES)
			return ro_error_set(RO_EIO, "mailer \"%.200s\" cannot be "
			    "run: permission denied", argv[0]);
		return ro_error_set(RO_EIO, "mailer \"%.200s\" could not be "
		    "started: %s", argv[0], strerror(e));
	}
	c->in = in[1];
	c->err = err[0];
	fcntl(c->in, F_SETFL, fcntl(c->in, F_GETFL) | O_NONBLOCK);
	fcntl(c->err, F_SETFL, fcntl(c->err, F_GETFL) | O_NONBLOCK);
#ifdef SYS_pidfd_open
	if (atomic_load(&use_pidfd)) {
		c->pidfd = (int)syscall(SYS_pidfd_open, c->pid, 0);
		/* A pidfd is close-on-exec from birth. */
		c->pidfd = mailer_fd_high(c->pidfd);
	}
#endif
	return 0;
}

static long long mailer_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void mailer_close(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static void mailer_read_err(mailer_child *c, ro_mailer_result *r)
{
	char buf[512];

	while (c->err >= 0) {
		ssize_t n = read(c->err, buf, sizeof buf);

		if (n > 0) {
			size_t keep = RO_MAILER_ERR_KEEP - r->errlen;

			if ((size_t)n < keep)
				keep = (size_t)n;
			memcpy(r->err + r->errlen, buf, keep);
			r->errlen += keep;
			r->err[r->errlen] = '\0';
		} else if (n < 0 && errno == EINTR) {
			continue;
		} else if (n < 0 && errno == EAGAIN) {
			return;
		} else {
			mailer_close(&c->err);
		}
	}
}

static void mailer_write_in(mailer_child *c, const char *msg, size_t len,
    size_t *off, ro_mailer_result *r)
{
	while (*off < len) {
		ssize_t n = write(c->in, msg + *off, len - *off);

		if (n > 0)
			*off += (size_t)n;
		else if (n < 0 && errno == EINTR)
			continue;
		else if (n < 0 && errno == EAGAIN)
			return;
		else
			break;  /* EPIPE: its exit status will say why */
	}
	if (*off < len)
		r->short_write = true;
	mailer_close(&c->in);
}

static bool mailer_reap(mailer_child *c, ro_mailer_result *r, bool block)
{
	for (;;) {
		pid_t p = waitpid(c->pid, &r->status, block ? 0 : WNOHANG);

		if (p == c->pid)
			return true;
		if (p < 0 && errno == EINTR)
			continue;
		if (p < 0) {
			r->lost = true;
			return true;
		}
		return false;
	}
}

static void mailer_stop(mailer_child *c, ro_mailer_result *r)
{
	kill(-c->pid, SIGKILL);
	kill(c->pid, SIGKILL);
	mailer_reap(c, r, true);
}

/* Feeds the message and collects stderr at the same time: a mailer that
 * fills its stderr pipe before it reads all of its input would otherwise
 * deadlock with us. */
static void mailer_exchange(mailer_child *c, const char *msg, size_t len,
    int timeout_ms, ro_mailer_result *r)
{
	long long deadline = mailer_now_ms() + timeout_ms;
	size_t off = 0;

	if (len == 0)
		mailer_close(&c->in);
	for (;;) {
		struct pollfd pf[3];
		int in_i = -1, err_i = -1, pid_i = -1, tmo;
		nfds_t n = 0;
		long long left = deadline - mailer_now_ms();

		if (left <= 0) {
			r->timed_out = true;
			mailer_stop(c, r);
			break;
		}
		if (c->in >= 0) {
			in_i = (int)n;
			pf[n++] = (struct pollfd){ .fd = c->in, .events = POLLOUT };
		}
		if (c->err >= 0) {
			err_i = (int)n;
			pf[n++] = (struct pollfd){ .fd = c->err, .events = POLLIN };
		}
		if (c->pidfd >= 0) {
			pid_i = (int)n;
			pf[n++] = (struct pollfd){ .fd = c->pidfd, .events = POLLIN };
		}
		tmo = left > INT_MAX ? INT_MAX : (int)left;
		/* A grandchild may hold stderr open after the mailer exits,
		 * so EOF alone does not tell us it is done. */
		if (c->pidfd < 0 && tmo > REAP_TICK_MS)
			tmo = REAP_TICK_MS;
		/* EINTR falls through with no events: without a pidfd the
		 * exit is still asked for, or a steady signal would hide it
		 * until the deadline. */
		if (poll(pf, n, tmo) < 0 && errno != EINTR) {
			r->sys_errno = errno;
			mailer_stop(c, r);
			break;
		}
		if (in_i >= 0 && pf[in_i].revents)
			mailer_write_in(c, msg, len, &off, r);
		if (err_i >= 0 && pf[err_i].revents)
			mailer_read_err(c, r);
		if ((pid_i < 0 || pf[pid_i].revents) && mailer_reap(c, r, false))
			break;
	}
	/* What it wrote just before it exited. */
	mailer_read_err(c, r);
	if (c->in >= 0 && off < len)
		r->short_write = true;
}

int ro_mailer_run(ro_mailer_result *r, const char *command, const char *msg,
    size_t len, int timeout_ms)
{
	char **argv = NULL, *copy = NULL;
	mailer_child c = { .pid = -1, .in = -1, .err = -1, .pidfd = -1 };
	sigset_t pipe_set, old, pending;
	bool was_pending;
	int rc;

	memset(r, 0, sizeof *r);
	if ((rc = mailer_split(&argv, &copy, command)))
		goto out;
	snprintf(r->prog, sizeof r->prog, "%s", argv[0]);
	/* SIGPIPE is blocked in this thread only: the program may have
	 * other threads, and its signal dispositions are not ours to change.
	 * A write to a mailer that has gone then fails with EPIPE, and the
	 * signal left pending is taken back before the mask is restored. */
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	sigpending(&pending);
	was_pending = sigismember(&pending, SIGPIPE);
	rc = mailer_spawn(&c, argv);
	if (!rc)
		mailer_exchange(&c, msg, len, timeout_ms, r);
	sigpending(&pending);
	if (!was_pending && sigismember(&pending, SIGPIPE)) {
		const struct timespec zero = { 0, 0 };

		while (sigtimedwait(&pipe_set, NULL, &zero) < 0 &&
		    errno == EINTR)
			;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	mailer_close(&c.in);
	mailer_close(&c.err);
	mailer_close(&c.pidfd);
out:
	free(argv);
	free(copy);
	return rc;
}
