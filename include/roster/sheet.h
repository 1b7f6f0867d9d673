/* sheet.h — spreadsheet files: one reader and one writer interface, with a
 * CSV and an XLSX implementation of each.  Only src/sheet knows formats.
 *
 * A reader yields rows of NUL-terminated UTF-8 cells with the row number a
 * spreadsheet shows (the first row is 1).  Cells are as the file holds
 * them (no trimming), except that a cell the writer neutralised against
 * formula execution ("'=…", "'+…", "'-…", "'@…", "'\t…", "'\r…",
 * "' =…") is given back exactly as it was ("=…").  Readers stream:
 * memory does not grow with the number of rows.
 *
 * Every error message names where the problem is: the row ("row 5: …"),
 * the cell ("cell C5: …") or, in an XLSX file, the part
 * ("xl/worksheets/sheet1.xml: …"). */
#ifndef ROSTER_SHEET_H
#define ROSTER_SHEET_H

#include <stdbool.h>
#include <stddef.h>

/* Limits against damaged and hostile files.  A file past one of them is
 * refused (RO_EFORMAT) with a message naming the row or part; real upload
 * files (nine columns, names and addresses) are far below all of them. */
#define RO_SHEET_MAX_FILE_BYTES   (1ull << 30)    /* the file: 1 GiB */
#define RO_SHEET_MAX_CELL_BYTES   (1u << 20)      /* one cell: 1 MiB */
#define RO_SHEET_MAX_ROW_BYTES    (16u << 20)     /* one row: 16 MiB */
#define RO_SHEET_MAX_CELLS        1000            /* cells in one row */
#define RO_SHEET_MAX_ROWS         1048576         /* Excel's row limit */
/* XLSX only: an archive member may inflate to this much, and no more than
 * RO_SHEET_MAX_RATIO times its compressed size once past
 * RO_SHEET_RATIO_FLOOR bytes (a 1 M-row sheet is ~600 MB of XML at a
 * ratio near 20; a zip bomb is 1000 or more). */
#define RO_SHEET_MAX_PART_BYTES   (1ull << 30)    /* 1 GiB */
#define RO_SHEET_MAX_RATIO        1000
#define RO_SHEET_RATIO_FLOOR      (10ull << 20)   /* 10 MiB */
/* XLSX shared strings kept in memory. */
#define RO_SHEET_MAX_STRINGS      (1u << 24)      /* 16 M strings */
#define RO_SHEET_MAX_STRING_BYTES (256u << 20)    /* 256 MiB of text */

typedef enum ro_sheet_format {
	RO_SHEET_AUTO = 0, /* see ro_sheet_reader_open and ro_sheet_writer_open */
	RO_SHEET_CSV,
	RO_SHEET_XLSX,
	RO_SHEET_ONEROSTER  /* a OneRoster bundle (bundle.h), read by the plan */
} ro_sheet_format;

/* "csv", "xlsx" ("auto" for RO_SHEET_AUTO). */
const char *ro_sheet_format_name(ro_sheet_format f);
/* A column's letters as a spreadsheet names it: 1 "A", 26 "Z", 27
 * "AA", up to 16384 "XFD" (Excel's last); "?" outside that. */
void ro_sheet_col_name(char out[4], size_t col);
/* From an extension (.csv, .xlsx, any case) or a --format word ("csv",
 * "xlsx"); RO_SHEET_AUTO when unknown. */
ro_sheet_format ro_sheet_format_from_path(const char *path);
ro_sheet_format ro_sheet_format_from_name(const char *name);

typedef struct ro_sheet_row {
	size_t number;      /* 1-based, as a spreadsheet numbers rows */
	/* CSV: every cell of the record, trailing empty ones included, so a
	 * row with a missing or an extra comma has the wrong count (E11).
	 * XLSX: cells up to the last non-empty one, so a row whose last cells
	 * are blank has fewer cells than the header: pad it, it is not E11;
	 * a non-empty cell right of the header's last column is.
	 * 0 for an empty row (every cell empty, in either format). */
	size_t ncells;
	char **cells;       /* UTF-8; owned by the reader, valid until next() */
} ro_sheet_row;

typedef struct ro_sheet_reader ro_sheet_reader;

/* Opens path, which must be a regular file of at most
 * RO_SHEET_MAX_FILE_BYTES (a FIFO, a device such as /dev/zero, a folder
 * are refused at once, RO_EIO; a larger file RO_EFORMAT), so that a read
 * always ends.  *out is the caller's, freed with ro_sheet_reader_free.
 * format RO_SHEET_AUTO: by content where it is unmistakable (a zip archive
 * is read as XLSX; an OLE2 file, UTF-16 text, PNG, PDF… are refused with
 * a message saying what they are), else by extension, else CSV.  An empty
 * (0-byte) file is refused.  RO_EIO when it cannot be read, RO_EFORMAT
 * when it is not a CSV or XLSX file we can read (the message names what is
 * wrong: "not a zip archive", "the workbook has no worksheet", "a
 * password-protected workbook", …).  A CSV file is read through once here
 * to learn its encoding (UTF-8, else Windows-1252). */
int ro_sheet_reader_open(ro_sheet_reader **out, const char *path,
    ro_sheet_format format);
/* 1 and *row set; 0 at the end; RO_EFORMAT/RO_EIO on a damaged file (the
 * message names the row, cell or part).  Empty trailing rows are not
 * yielded; empty rows in the middle (blank lines, rows of empty cells,
 * rows an XLSX file leaves out) are yielded with ncells == 0.  After an
 * error the reader yields nothing more. */
int ro_sheet_reader_next(ro_sheet_reader *r, const ro_sheet_row **row);
/* What the file was read as (never RO_SHEET_AUTO). */
ro_sheet_format ro_sheet_reader_format(const ro_sheet_reader *r);
/* True when a CSV file was not valid UTF-8 and was read as Windows-1252
 * (SPEC W12). */
bool ro_sheet_reader_was_cp1252(const ro_sheet_reader *r);
/* NULL is a no-op. */
void ro_sheet_reader_free(ro_sheet_reader *r);

typedef struct ro_sheet_col {
	const char *header;
	/* XLSX: every cell is written as a string, except that in a column
	 * that is not text a plain whole number ("2027": digits only, no
	 * leading zero, at most 15 digits) is written as a number.  Mark IDs
	 * and usernames text so that "007" stays "007" in a spreadsheet. */
	bool text;
	unsigned width;     /* XLSX column width in characters; 0: default */
} ro_sheet_col;

typedef struct ro_sheet_writer ro_sheet_writer;

/* Creates path with mode 0600 (through a temporary file in the same folder
 * that ro_sheet_writer_close renames into place) and writes the header
 * row.  format RO_SHEET_AUTO: from the extension (RO_EINVAL when it is
 * neither .csv nor .xlsx).  cols (ncols >= 1) must outlive the writer.
 * CSV is written with a UTF-8 BOM and CRLF line ends (RFC 4180, quoting
 * only cells that need it); XLSX in constant memory with a bold, frozen
 * header row.  *out is the caller's: close it or free it. */
int ro_sheet_writer_open(ro_sheet_writer **out, const char *path,
    ro_sheet_format format, const ro_sheet_col *cols, size_t ncols);
/* One row of ncols UTF-8 cells (NULL = empty).  In CSV, cells that would
 * run as formulas in a spreadsheet (starting with TAB or CR, or with
 * = + - @ after any spaces) are written behind an apostrophe, which the
 * reader takes off again: every value reads back exactly as it was.  In
 * XLSX every such cell is a text cell, which a spreadsheet never runs,
 * and is written as it is (only a value that itself starts with an
 * apostrophe and then a formula gets one more, for the reader).
 * RO_EINVAL for a cell that is not valid UTF-8
 * (the message names the cell); RO_EIO when writing fails. */
int ro_sheet_writer_row(ro_sheet_writer *w, const char *const *cells);
/* Finishes the file, syncs it to disk and renames it into place,
 * replacing what the path names; frees w in every case (on failure the
 * temporary is removed).  Every write is checked, the XLSX archive read
 * back once closed: RO_EIO when the file could not be written whole. */
int ro_sheet_writer_close(ro_sheet_writer *w);
/* The same; without replace, the rename never replaces anything (RO_EEXISTS
 * when a file appeared at the path meanwhile). */
int ro_sheet_writer_commit(ro_sheet_writer *w, bool replace);
/* Abandons the file (removes the temporary); NULL is a no-op. */
void ro_sheet_writer_free(ro_sheet_writer *w);

#endif
