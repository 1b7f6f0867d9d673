/* sheet.c — the generic reader: which format a file is, and the rows
 * promised by sheet.h (gaps filled, trailing empty rows dropped) whatever
 * the format's reader yields. */
#include "sheet_int.h"

#include <roster/error.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

struct ro_sheet_reader {
	const struct sheet_reader_ops *ops;
	void *impl;
	ro_sheet_row held;   /* a non-empty row waiting behind empty ones */
	ro_sheet_row out;
	bool has_held;
	int failed;          /* the error that stopped the reader, or 0 */
	size_t last;         /* number of the last row yielded */
};

static const struct {
	ro_sheet_format format;
	const char *name;
} format_names[] = {
	{ RO_SHEET_CSV, "csv" },
	{ RO_SHEET_XLSX, "xlsx" },
	{ RO_SHEET_ONEROSTER, "oneroster" },
};

const char *ro_sheet_format_name(ro_sheet_format f)
{
	for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
		if (format_names[i].format == f)
			return format_names[i].name;
	return "auto";
}

ro_sheet_format ro_sheet_format_from_name(const char *name)
{
	if (!name)
		return RO_SHEET_AUTO;
	for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
		if (strcasecmp(format_names[i].name, name) == 0)
			return format_names[i].format;
	return RO_SHEET_AUTO;
}

ro_sheet_format ro_sheet_format_from_path(const char *path)
{
	const char *slash, *dot;

	if (!path)
		return RO_SHEET_AUTO;
	slash = strrchr(path, '/');
	dot = strrchr(slash ? slash : path, '.');
	return dot ? ro_sheet_format_from_name(dot + 1) : RO_SHEET_AUTO;
}

/* Files that are unmistakably something else, by their first bytes. */
static const struct {
	const char *magic;
	size_t len;
	const char *what;
} foreign_magic[] = {
	{ "\xff\xfe\0\0", 4, "UTF-32 text: save it as \"CSV UTF-8\"" },
	{ "\xff\xfe", 2, "UTF-16 text: save it as \"CSV UTF-8\"" },
	{ "\xfe\xff", 2, "UTF-16 text: save it as \"CSV UTF-8\"" },
	{ "\x89PNG", 4, "a PNG image, not a CSV or XLSX file" },
	{ "%PDF-", 5, "a PDF document, not a CSV or XLSX file" },
	{ "GIF8", 4, "a GIF image, not a CSV or XLSX file" },
	{ "\xff\xd8\xff", 3, "a JPEG image, not a CSV or XLSX file" },
	{ "\x1f\x8b", 2, "a gzip archive, not a CSV or XLSX file" },
	{ "{\\rtf", 5, "an RTF document, not a CSV or XLSX file" },
};

static const unsigned char ole2_magic[8] = {
	0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1
};

static bool has_utf16le(const unsigned char *buf, size_t n, const char *s)
{
	size_t len = strlen(s);

	for (size_t i = 0; i + 2 * len <= n; i++) {
		size_t k;

		for (k = 0; k < len; k++)
			if (buf[i + 2 * k] != (unsigned char)s[k] ||
			    buf[i + 2 * k + 1] != 0)
				break;
		if (k == len)
			return true;
	}
	return false;
}

/* An OLE2 compound file is an encrypted OOXML workbook or an old XLS:
 * its directory names the streams (in UTF-16), which tells them apart
 * well enough for a message. */
static int sheet_refuse_ole2(int fd)
{
	enum { SCAN = 1 << 20 };
	unsigned char *buf = malloc(SCAN);
	ssize_t n = buf ? pread(fd, buf, SCAN, 0) : -1;
	const char *what = "an XLS or encrypted XLSX file: save it as .xlsx or .csv";

	if (n > 0) {
		if (has_utf16le(buf, (size_t)n, "EncryptedPackage"))
			what = "a password-protected (encrypted) XLSX workbook: "
			    "remove the password and save it again, or save it "
			    "as .csv";
		else if (has_utf16le(buf, (size_t)n, "Workbook") ||
		    has_utf16le(buf, (size_t)n, "Book"))
			what = "an Excel 97-2003 workbook (XLS): save it as "
			    ".xlsx or .csv";
	}
	free(buf);
	return ro_error_set(RO_EFORMAT, "%s", what);
}

int sheet_open_regular(const char *path)
{
	/* O_NONBLOCK: opening a FIFO would wait for a writer for ever. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	struct stat st;

	if (fd < 0)
		return ro_error_set(RO_EIO, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) != 0) {
		int e = errno;

		close(fd);
		return ro_error_set(RO_EIO, "cannot read: %s", strerror(e));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return ro_error_set(RO_EIO, "not a regular file (%s): only a "
		    "file saved by a spreadsheet program is read",
		    S_ISDIR(st.st_mode) ? "a folder" : S_ISFIFO(st.st_mode) ?
		    "a FIFO" : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ?
		    "a device" : S_ISSOCK(st.st_mode) ? "a socket" :
		    "something else");
	}
	if ((unsigned long long)st.st_size > RO_SHEET_MAX_FILE_BYTES) {
		close(fd);
		return ro_error_set(RO_EFORMAT, "larger than 1 GiB (%lld "
		    "bytes): an upload file is far smaller",
		    (long long)st.st_size);
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

/* Decides the format; *format in: what the caller asked for. */
static int sheet_detect(const char *path, ro_sheet_format *format)
{
	unsigned char b[8];
	ssize_t n;
	int fd = sheet_open_regular(path);
	int rc = 0;

	if (fd < 0)
		return fd;
	n = pread(fd, b, sizeof b, 0);
	if (n < 0) {
		rc = ro_error_set(RO_EIO, "cannot read: %s", strerror(errno));
		goto out;
	}
	if (n == 0) {
		rc = ro_error_set(RO_EFORMAT, "the file is empty");
		goto out;
	}
	if ((size_t)n >= sizeof ole2_magic && !memcmp(b, ole2_magic, 8)) {
		rc = sheet_refuse_ole2(fd);
		goto out;
	}
	for (size_t i = 0; i < sizeof foreign_magic / sizeof foreign_magic[0]; i++)
		if ((size_t)n >= foreign_magic[i].len &&
		    !memcmp(b, foreign_magic[i].magic, foreign_magic[i].len)) {
			rc = ro_error_set(RO_EFORMAT, "%s", foreign_magic[i].what);
			goto out;
		}
	/* UTF-16 without a BOM: ASCII with a NUL beside every character. */
	if (n >= 4 && ((b[0] && !b[1] && b[2] && !b[3]) ||
	    (!b[0] && b[1] && !b[2] && b[3]))) {
		rc = ro_error_set(RO_EFORMAT,
		    "UTF-16 text: save it as \"CSV UTF-8\"");
		goto out;
	}
	bool zip = n >= 4 && b[0] == 'P' && b[1] == 'K' &&
	    ((b[2] == 3 && b[3] == 4) || (b[2] == 5 && b[3] == 6));
	if (*format == RO_SHEET_CSV && zip)
		rc = ro_error_set(RO_EFORMAT, "a zip archive (an XLSX "
		    "workbook?), not CSV text: read it as XLSX");
	else if (*format == RO_SHEET_AUTO)
		*format = zip ? RO_SHEET_XLSX : ro_sheet_format_from_path(path);
	if (*format == RO_SHEET_AUTO)
		*format = RO_SHEET_CSV;
out:
	close(fd);
	return rc;
}

int ro_sheet_reader_open(ro_sheet_reader **out, const char *path,
    ro_sheet_format format)
{
	ro_sheet_reader *r;
	int rc;

	*out = NULL;
	if (!path)
		return ro_error_set(RO_EINVAL, "no file given");
	if ((rc = sheet_detect(path, &format)) < 0)
		return rc;
	if (!(r = calloc(1, sizeof *r)))
		return ro_error_set(RO_ENOMEM, "out of memory");
	r->ops = format == RO_SHEET_XLSX ? &sheet_xlsx_reader_ops
	    : &sheet_csv_reader_ops;
	if ((rc = r->ops->open(&r->impl, path)) < 0) {
		free(r);
		return rc;
	}
	*out = r;
	return 0;
}

int ro_sheet_reader_next(ro_sheet_reader *r, const ro_sheet_row **row)
{
	int rc;

	*row = NULL;
	if (r->failed)
		return r->failed;
	for (;;) {
		if (r->has_held) {
			if (r->last + 1 < r->held.number) {
				r->out.number = ++r->last;
				r->out.ncells = 0;
				r->out.cells = NULL;
				*row = &r->out;
				return 1;
			}
			r->has_held = false;
			r->last = r->held.number;
			*row = &r->held;
			return 1;
		}
		rc = r->ops->next(r->impl, &r->held);
		if (rc < 0)
			r->failed = rc;
		if (rc <= 0)
			return rc;   /* empty rows still pending are trailing */
		if (r->held.ncells > 0)
			r->has_held = true;
	}
}

ro_sheet_format ro_sheet_reader_format(const ro_sheet_reader *r)
{
	return r->ops->format;
}

bool ro_sheet_reader_was_cp1252(const ro_sheet_reader *r)
{
	return r->ops->was_cp1252 && r->ops->was_cp1252(r->impl);
}

void ro_sheet_reader_free(ro_sheet_reader *r)
{
	if (!r)
		return;
	r->ops->free(r->impl);
	free(r);
}
