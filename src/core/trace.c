/* trace.c — timings for benchmarks and support, off unless asked for.
 *
 * ROSTER_TRACE=1 writes "roster: trace: …" lines to standard error;
 * ROSTER_TRACE=FILE (any other value) appends them to FILE, which is what
 * to use with the terminal interface, where standard error is the
 * screen. */
#include "core_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double ro_trace_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

double ro_trace_epoch(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The process's resident and peak resident memory in KiB (0 when
 * unknown), from /proc/self/status. */
static void rss_kib(long *now, long *peak)
{
	char line[128];
	FILE *f = fopen("/proc/self/status", "r");

	*now = *peak = 0;
	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		if (!strncmp(line, "VmRSS:", 6))
			*now = strtol(line + 6, NULL, 10);
		else if (!strncmp(line, "VmHWM:", 6))
			*peak = strtol(line + 6, NULL, 10);
	}
	fclose(f);
}

void ro_trace(const char *fmt, ...)
{
	const char *to = getenv("ROSTER_TRACE");
	FILE *f;
	va_list ap;

	if (!to || !*to || !strcmp(to, "0"))
		return;
	f = strcmp(to, "1") ? fopen(to, "a") : stderr;
	if (!f)
		return;
	fputs("roster: trace: ", f);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	{
		long now, peak;
		rss_kib(&now, &peak);
		if (peak)
			fprintf(f, " [rss %ld MiB, peak %ld MiB]", now / 1024,
			    peak / 1024);
	}
	fputc('\n', f);
	if (f != stderr)
		fclose(f);
}
