/* progress.c — the progress bar of long work, on stderr when it is a
 * terminal and nowhere otherwise (a log or a pipe gets no \r litter).
 *
 *   [#########-----------] 5000/10000  280/s  0:18 left
 *
 * Ctrl-C while it runs asks the work to stop before anything is written:
 * the handler only sets a flag that the next report returns. */
#include "cli_int.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BAR 20

static volatile sig_atomic_t interrupted;
static struct sigaction old_int;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_start(cli_progress *p)
{
	struct sigaction sa;

	memset(p, 0, sizeof *p);
	p->tty = isatty(STDERR_FILENO);
	p->start = now();
	interrupted = 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	/* The second Ctrl-C gets the default action: a way out of a hung
	 * mailer, say. */
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
}

int cli_progress_report(void *ctx, size_t done, size_t total)
{
	cli_progress *p = ctx;
	char bar[BAR + 1];
	double el;

	if (interrupted)
		return 1;
	if (!p->tty || total == 0)
		return 0;
	/* A new phase (mail after the hashing) starts its own clock. */
	if (total != p->total) {
		p->total = total;
		p->start = now();
	}
	el = now() - p->start;
	size_t fill = done >= total ? BAR : done * BAR / total;
	memset(bar, '#', fill);
	memset(bar + fill, '-', BAR - fill);
	bar[BAR] = '\0';
	fprintf(stderr, "\r[%s] %zu/%zu", bar, done, total);
	if (el > 0.2 && done > 0) {
		double rate = (double)done / el;
		long left = (long)((double)(total - done) / rate + 0.5);
		fprintf(stderr, "  %.0f/s  %ld:%02ld left", rate, left / 60,
		    left % 60);
	}
	fputs("\033[K", stderr);
	fflush(stderr);
	p->drawn = true;
	return 0;
}

bool cli_progress_end(cli_progress *p)
{
	if (p->tty && p->drawn) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	sigaction(SIGINT, &old_int, NULL);
	return interrupted != 0;
}
