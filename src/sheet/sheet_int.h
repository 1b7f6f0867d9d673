/* sheet_int.h — what the pieces of src/sheet share; not part of the API.
 *
 * The layer: src/sheet owns the files — CSV, XLSX, OneRoster bundles and
 * the PDF slips (libcsv, libxlsxwriter, libzip, expat, cairo, pango,
 * qrencode).  It may import base only; its API is <roster/sheet.h>,
 * <roster/bundle.h> and <roster/slips_pdf.h>.
 *
 * sheet.c holds the generic reader and writer (format detection, gap and
 * trailing-row handling, the temporary file, formula neutralising); each
 * format plugs in through a struct of function pointers, as tmux's modes
 * share one window_mode. */
#ifndef ROSTER_SHEET_INT_H
#define ROSTER_SHEET_INT_H

#include <roster/sheet.h>
#include <roster/utf8.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A reader implementation.  next yields the rows the file holds, with
 * strictly increasing numbers that may skip (an XLSX file leaves empty
 * rows out) and that may be empty; sheet.c fills the gaps and drops the
 * trailing empty rows.  The row's cells stay valid until the next call. */
struct sheet_reader_ops {
	ro_sheet_format format;
	int (*open)(void **impl, const char *path);
	int (*next)(void *impl, ro_sheet_row *row);  /* 1; 0 at the end; <0 */
	bool (*was_cp1252)(const void *impl);
	void (*free)(void *impl);
};

/* sheet.c: opens path for reading when it is a regular file of at most
 * RO_SHEET_MAX_FILE_BYTES, without blocking on a FIFO: the descriptor, or
 * a negative RO_E code with the message set. */
int sheet_open_regular(const char *path);

/* wipe.c: for buffers that may hold a cell (a password): realloc that
 * wipes the old block (old_cap bytes of it), and free that wipes cap
 * bytes first.  NULL is a no-op for sheet_free_wiped. */
void *sheet_realloc_wiped(void *p, size_t old_cap, size_t new_cap);
void sheet_free_wiped(void *p, size_t cap);

extern const struct sheet_reader_ops sheet_csv_reader_ops;
extern const struct sheet_reader_ops sheet_xlsx_reader_ops;

/* A writer implementation.  sheet.c creates the temporary file (fd, mode
 * 0600, at tmp_path, in the folder dir) and after finish syncs and renames
 * it; cells come already neutralised and checked for UTF-8.  finish and
 * free both release impl; free leaves the file half written. */
struct sheet_writer_ops {
	ro_sheet_format format;
	int (*open)(void **impl, int fd, const char *tmp_path, const char *dir,
	    const ro_sheet_col *cols, size_t ncols);
	int (*row)(void *impl, const char *const *cells);
	int (*finish)(void *impl);
	void (*free)(void *impl);
};

extern const struct sheet_writer_ops sheet_csv_writer_ops;
extern const struct sheet_writer_ops sheet_xlsx_writer_ops;

/* utf8.c (UTF-8 validation and encoding: <roster/utf8.h>) */
/* Windows-1252 to UTF-8; dst holds at least 3 * n bytes.  Returns the
 * bytes written. */
size_t sheet_cp1252_to_utf8(char *dst, const unsigned char *src, size_t n);
/* Undoes OOXML's _xHHHH_ escapes in place (Excel writes a CR in a string
 * as _x000D_ and a literal "_x" as _x005F_x); returns the new length.
 * NUL and surrogates are left escaped. */
size_t sheet_xstring_decode(char *s, size_t n);
/* True when a cell would run as a formula in a spreadsheet that opens
 * it as CSV (it starts with TAB or CR, or with = + - @ after any spaces,
 * tabs and line breaks), or would once a reader took off the apostrophes
 * it starts with.  The readers take one apostrophe off a cell that starts
 * with one and whose rest is such a cell; the writers put one before
 * every value the reader would otherwise change: in CSV before each such
 * cell, so that a spreadsheet shows it instead of running it; in XLSX,
 * where a text cell never runs, only before one that itself starts with
 * an apostrophe.  Every value reads back exactly as it was. */
bool sheet_formula_like(const char *s, size_t len);
bool sheet_needs_apostrophe(const char *s);

/* cellref.c: "C5"-style references; columns and rows are 1-based. */
#define SHEET_MAX_COLUMN 16384  /* XFD, Excel's last column */
/* "cell C5", for messages. */
const char *sheet_cell_name(char out[32], size_t col, size_t row);
/* 0 with *col and *row set (row 0 when s has none); -1 when s is no reference
 * within Excel's bounds. */
int sheet_cellref_parse(const char *s, size_t *col, size_t *row);

/* rowbuf.c: the cells of one row, in one growing buffer, with the limits
 * of sheet.h checked as they are added. */
struct sheet_rowbuf {
	char *bytes;
	size_t len, cap;
	size_t *offs;
	char **cells;
	size_t n, ncap;
	size_t row;          /* for messages */
	bool nonempty;       /* some cell is not "" */
};

void sheet_rowbuf_init(struct sheet_rowbuf *b);
void sheet_rowbuf_reset(struct sheet_rowbuf *b, size_t row);
/* Appends one cell of len bytes (no NUL among them), dropping the
 * apostrophe of a neutralised formula.  RO_EFORMAT past a limit. */
int sheet_rowbuf_add(struct sheet_rowbuf *b, const char *s, size_t len);
/* Appends empty cells until the row has n. */
int sheet_rowbuf_pad(struct sheet_rowbuf *b, size_t n);
/* Points row at the cells (ncells 0 when all are empty). */
void sheet_rowbuf_finish(struct sheet_rowbuf *b, ro_sheet_row *row);
void sheet_rowbuf_free(struct sheet_rowbuf *b);

#endif
