/* slips.c — the sign-in slips of a reset with generated passwords: name,
 * group, username and temporary password of each portfolio, to print
 * and hand out (the one place a password is written down, at the admin's
 * request).
 *
 * The file is only ever created, never overwritten, with mode 0600: it is
 * written as a temporary file beside its final name and renamed into
 * place without replacing anything, so a reader never sees half a file
 * and a batch that fails leaves none.  Text, CSV, or a PDF to print (the
 * PDF itself is a file format: src/sheet/slips_pdf.c draws it). */
#include "task_int.h"

#include <roster/slips_pdf.h>
#include <roster/text.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CUT_LINE "- - - - - - - - - - - - - - - - - - - - - - - - - - - - " \
	"- - - - - - - - - - - -  cut here\n"

static bool ends_with(const char *path, const char *ext)
{
	size_t n = strlen(path);

	return n >= 4 && strcasecmp(path + n - 4, ext) == 0;
}

static ro_slips_format format_of(const char *path, ro_slips_format asked)
{
	if (asked != RO_SLIPS_AUTO)
		return asked;
	if (ends_with(path, ".pdf"))
		return RO_SLIPS_PDF;
	return ends_with(path, ".csv") ? RO_SLIPS_CSV : RO_SLIPS_TEXT;
}

/* Free text as one CSV cell: quoted when it must be, and a leading
 * character that a spreadsheet would run as a formula made harmless.
 * Usernames and passwords are not touched: their characters (letters,
 * digits, . _ - @) cannot make a formula that does anything, and the
 * slip must show them exactly. */
static void csv_cell(FILE *f, const char *s, bool neutralise)
{
	if (!s)
		s = "";
	bool formula = neutralise && *s && strchr("=+-@\t\r", *s);
	bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;

	if (quote)
		fputc('"', f);
	if (formula)
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	if (quote)
		fputc('"', f);
}

static void write_csv(FILE *f, const ro_slip *slips, size_t n,
    const char *site)
{
	fputs("Site,First Name,Last Name,Group,Username,Temporary Password\r\n",
	    f);
	for (size_t i = 0; i < n; i++) {
		const ro_slip *s = &slips[i];
		csv_cell(f, site, true);
		fputc(',', f);
		csv_cell(f, s->first, true);
		fputc(',', f);
		csv_cell(f, s->last, true);
		fputc(',', f);
		csv_cell(f, s->group, true);
		fputc(',', f);
		csv_cell(f, s->username, false);
		fputc(',', f);
		csv_cell(f, s->password, false);
		fputs("\r\n", f);
	}
}

/* One line of a text slip; names pass the sanitiser so that a control
 * character in the data cannot reach a printer or a terminal. */
static void text_field(FILE *f, const char *label, const char *a,
    const char *b)
{
	char *ca = ro_text_sanitize(a), *cb = b ? ro_text_sanitize(b) : NULL;

	fprintf(f, "  %-20s %s%s%s\n", label, ca ? ca : "", cb ? " " : "",
	    cb ? cb : "");
	free(ca);
	free(cb);
}

static void write_text(FILE *f, const ro_slip *slips, size_t n,
    const char *site)
{
	for (size_t i = 0; i < n; i++) {
		const ro_slip *s = &slips[i];
		char *cs = ro_text_sanitize(site);
		fputs(CUT_LINE, f);
		fprintf(f, "\n  %s: sign-in slip\n\n", cs && *cs ? cs :
		    "roster");
		free(cs);
		text_field(f, "Name:", s->first, s->last);
		text_field(f, "Group:", s->group ? s->group : "-", NULL);
		text_field(f, "Username:", s->username, NULL);
		text_field(f, "Temporary password:", s->password, NULL);
		fputs("\n  Sign in with these.  You will then choose a new "
		    "password of your own.\n\n", f);
	}
	fputs(CUT_LINE, f);
}

/* This thread's CPU time in ms, for the trace: on a shared host the wall
 * clock also counts other programs' turns. */
static double cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int by_group_then_name(const void *a, const void *b)
{
	const ro_slip *x = *(const ro_slip *const *)a;
	const ro_slip *y = *(const ro_slip *const *)b;
	int c;

	if ((c = strcasecmp(x->group ? x->group : "", y->group ? y->group :
	    "")) || (c = strcasecmp(x->last, y->last)) ||
	    (c = strcasecmp(x->first, y->first)))
		return c;
	return strcmp(x->username, y->username);
}

/* The PDF, sorted by group then last name: a teacher cuts one class's
 * labels from consecutive rows. */
static int write_pdf(FILE *f, const ro_slip *slips, size_t n,
    const char *site, const ro_slips_style *st)
{
	const ro_slip **order = calloc(n ? n : 1, sizeof *order);
	ro_slips_pdf_entry *e = calloc(n ? n : 1, sizeof *e);
	char **names = calloc(n ? n : 1, sizeof *names);
	int rc = 0;
	double t0 = ro_trace_now(), c0 = cpu_ms();

	if (!order || !e || !names) {
		rc = RO_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		order[i] = &slips[i];
	qsort(order, n, sizeof *order, by_group_then_name);
	for (size_t i = 0; i < n; i++) {
		const ro_slip *s = order[i];
		size_t len = strlen(s->first) + strlen(s->last) + 2;

		if (!(names[i] = malloc(len))) {
			rc = RO_ENOMEM;
			goto out;
		}
		snprintf(names[i], len, "%s%s%s", s->first, *s->first ? " " :
		    "", s->last);
		e[i] = (ro_slips_pdf_entry){ .group = s->group, .name = names[i],
		    .username = s->username, .password = s->password,
		    .temporary = true };
	}
	rc = ro_slips_pdf_write(f, site, e, n, st);
	ro_trace("slips: pdf of %zu in %.0f ms (cpu %.0f ms)", n,
	    ro_trace_now() - t0, cpu_ms() - c0);
out:
	for (size_t i = 0; names && i < n; i++)
		free(names[i]);
	free(names);
	free(e);
	free(order);
	return rc;
}

/* Writes the slips into fd (closed on return). */
static int write_fd(int fd, const char *name, const ro_slip *slips,
    size_t n, const char *site, const ro_slips_style *st)
{
	FILE *f = fdopen(fd, "w");
	int bad, rc = 0;
	double t0 = ro_trace_now(), c0 = cpu_ms();

	if (!f) {
		close(fd);
		return ro_error_set(RO_EIO, "%s: %s", name, strerror(errno));
	}
	if (st->format == RO_SLIPS_CSV)
		write_csv(f, slips, n, site);
	else if (st->format == RO_SLIPS_PDF)
		rc = write_pdf(f, slips, n, site, st);
	else
		write_text(f, slips, n, site);
	if (st->format != RO_SLIPS_PDF)
		ro_trace("slips: %s of %zu in %.0f ms (cpu %.0f ms)",
		    st->format == RO_SLIPS_CSV ? "csv" : "text", n,
		    ro_trace_now() - t0, cpu_ms() - c0);
	if (rc) {
		fclose(f);
		return rc;
	}
	bad = fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0;
	if (fclose(f) != 0 || bad)
		return ro_error_set(RO_EIO, "cannot write %s: %s", name,
		    strerror(errno));
	return 0;
}

int ro_slips_prepare(ro_slips_out *so, const char *path,
    const ro_slip *slips, size_t n, const char *site,
    const ro_slips_style *style)
{
	ro_slips_style st = style ? *style : (ro_slips_style){ 0 };

	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	struct stat sb;
	int fd, rc;

	memset(so, 0, sizeof *so);
	if (!*path)
		return ro_error_set(RO_EINVAL, "the slips file needs a name");
	if (lstat(path, &sb) == 0)
		return ro_error_set(RO_EEXISTS, "%s already exists; the slips "
		    "go to a new file (remove it or choose another name)",
		    path);
	st.format = format_of(path, st.format);
	so->csv = st.format == RO_SLIPS_CSV;
	so->pdf = st.format == RO_SLIPS_PDF;
	so->path = strdup(path);
	/* ".NAME.XXXXXX" beside it: same file system, so the rename is
	 * atomic; mkstemp creates it 0600 with O_EXCL. */
	size_t len = strlen(path) + 16;
	so->tmp = malloc(len);
	if (!so->path || !so->tmp) {
		ro_slips_discard(so);
		return RO_ENOMEM;
	}
	snprintf(so->tmp, len, "%.*s.%s.XXXXXX", (int)dirlen, path,
	    path + dirlen);
	if ((fd = mkostemp(so->tmp, O_CLOEXEC)) < 0) {
		rc = ro_error_set(RO_EIO, "cannot create the slips file %s: %s",
		    path, strerror(errno));
		free(so->tmp);
		so->tmp = NULL;
		ro_slips_discard(so);
		return rc;
	}
	if ((rc = write_fd(fd, path, slips, n, site, &st))) {
		ro_slips_discard(so);
		return rc;
	}
	return 0;
}

int ro_slips_publish(ro_slips_out *so)
{
	int rc = renameat2(AT_FDCWD, so->tmp, AT_FDCWD, so->path,
	    RENAME_NOREPLACE);

	/* File systems without RENAME_NOREPLACE: link() also refuses to
	 * replace, then the temporary name goes. */
	if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {
		rc = link(so->tmp, so->path);
		if (rc == 0)
			unlink(so->tmp);
	}
	if (rc != 0)
		return ro_error_set(errno == EEXIST ? RO_EEXISTS : RO_EIO,
		    "the slips could not be moved to %s (%s); they are in %s",
		    so->path, strerror(errno), so->tmp);
	free(so->tmp);
	so->tmp = NULL;
	return 0;
}

void ro_slips_discard(ro_slips_out *so)
{
	if (so->tmp) {
		unlink(so->tmp);
		free(so->tmp);
	}
	free(so->path);
	memset(so, 0, sizeof *so);
}

int ro_slips_write(const char *path, const ro_slip *slips, size_t n,
    const char *site)
{
	ro_slips_out so;
	int rc;

	if ((rc = ro_slips_prepare(&so, path, slips, n, site, NULL)))
		return rc;
	rc = ro_slips_publish(&so);
	if (rc == 0)
		ro_slips_discard(&so);
	else {
		/* Keep the temporary file: it is what the message names. */
		free(so.tmp);
		so.tmp = NULL;
		ro_slips_discard(&so);
	}
	return rc;
}

/* Any other new file made like the slips (the Google Workspace CSV of a
 * reset, the Google export): 0600, never over anything, a temporary
 * beside it that ro_slips_publish renames into place; fill writes it. */
int ro_newfile_prepare(ro_slips_out *so, const char *path, const char *what,
    int (*fill)(FILE *f, void *ctx), void *ctx)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	size_t len = strlen(path) + 16;
	struct stat sb;
	FILE *f;
	int fd, rc, bad;

	memset(so, 0, sizeof *so);
	if (!*path)
		return ro_error_set(RO_EINVAL, "the %s file needs a name", what);
	if (lstat(path, &sb) == 0)
		return ro_error_set(RO_EEXISTS, "%s already exists; the %s goes "
		    "to a new file (remove it or choose another name)", path,
		    what);
	so->path = strdup(path);
	so->tmp = malloc(len);
	if (!so->path || !so->tmp) {
		ro_slips_discard(so);
		return RO_ENOMEM;
	}
	snprintf(so->tmp, len, "%.*s.%s.XXXXXX", (int)dirlen, path,
	    path + dirlen);
	if ((fd = mkostemp(so->tmp, O_CLOEXEC)) < 0) {
		rc = ro_error_set(RO_EIO, "cannot create the %s file %s: %s",
		    what, path, strerror(errno));
		free(so->tmp);
		so->tmp = NULL;
		ro_slips_discard(so);
		return rc;
	}
	if (!(f = fdopen(fd, "w"))) {
		close(fd);
		ro_slips_discard(so);
		return ro_error_set(RO_EIO, "%s: %s", path, strerror(errno));
	}
	rc = fill(f, ctx);
	bad = fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0;
	if (fclose(f) != 0 || bad)
		rc = rc ? rc : ro_error_set(RO_EIO, "cannot write %s: %s", path,
		    strerror(errno));
	if (rc)
		ro_slips_discard(so);
	return rc;
}
