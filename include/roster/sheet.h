/* sheet.h — spreadsheet files: one reader and one writer interface, with a
 * CSV and an XLSX implementation of each.  Only src/sheet knows formats.
 *
 * A reader yields rows of NUL-terminated UTF-8 cells with the row number a
 * spreadsheet shows (the first row is 1).  Cells are as the file holds
 * them, except that a cell the writer neutralised against formula
 * execution ("'=…") is given back as it was ("=…").  Readers stream: memory
 * does not grow with the number of rows. */
#ifndef ROSTER_SHEET_H
#define ROSTER_SHEET_H

#include <stdbool.h>
#include <stddef.h>

typedef enum ro_sheet_format {
	RO_SHEET_AUTO = 0, /* by extension (.csv, .xlsx), else by content */
	RO_SHEET_CSV,
	RO_SHEET_XLSX
} ro_sheet_format;

const char *ro_sheet_format_name(ro_sheet_format f); /* "csv", "xlsx" */
/* From an extension or a --format word; RO_SHEET_AUTO when unknown. */
ro_sheet_format ro_sheet_format_from_path(const char *path);
ro_sheet_format ro_sheet_format_from_name(const char *name);

typedef struct ro_sheet_row {
	size_t number;      /* 1-based, as a spreadsheet numbers rows */
	size_t ncells;      /* cells up to the last non-empty one (CSV: all) */
	char **cells;       /* UTF-8; owned by the reader, valid until next() */
} ro_sheet_row;

typedef struct ro_sheet_reader ro_sheet_reader;

/* Opens path.  RO_EIO when it cannot be read, RO_EFORMAT when it is not a
 * CSV or XLSX file we can read (the message names what is wrong: "not a zip
 * archive", "the workbook has no worksheet", "encrypted workbook", …). */
int ro_sheet_reader_open(ro_sheet_reader **out, const char *path,
    ro_sheet_format format);
/* 1 and *row set; 0 at the end; RO_EFORMAT/RO_EIO on a damaged file (the
 * message names the row or part).  Empty trailing rows are not yielded;
 * empty rows in the middle are yielded with ncells == 0. */
int ro_sheet_reader_next(ro_sheet_reader *r, const ro_sheet_row **row);
ro_sheet_format ro_sheet_reader_format(const ro_sheet_reader *r);
/* True when a CSV file was not valid UTF-8 and was read as Windows-1252. */
bool ro_sheet_reader_was_cp1252(const ro_sheet_reader *r);
void ro_sheet_reader_free(ro_sheet_reader *r);

typedef struct ro_sheet_col {
	const char *header;
	bool text;          /* XLSX: keep as text (IDs, usernames) */
	unsigned width;     /* XLSX column width in characters */
} ro_sheet_col;

typedef struct ro_sheet_writer ro_sheet_writer;

/* Creates path with mode 0600 (through a temporary file in the same folder
 * that ro_sheet_writer_close renames into place) and writes the header
 * row.  CSV is written with a UTF-8 BOM and CRLF line ends (RFC 4180);
 * XLSX in constant memory with a bold, frozen header row. */
int ro_sheet_writer_open(ro_sheet_writer **out, const char *path,
    ro_sheet_format format, const ro_sheet_col *cols, size_t ncols);
/* One row of ncols cells (NULL = empty).  Cells that would run as formulas
 * in a spreadsheet (starting with = + - @ TAB CR) are written with a
 * leading apostrophe. */
int ro_sheet_writer_row(ro_sheet_writer *w, const char *const *cells);
/* Finishes the file and renames it into place; frees w in every case. */
int ro_sheet_writer_close(ro_sheet_writer *w);
/* Abandons the file (removes the temporary); NULL is a no-op. */
void ro_sheet_writer_free(ro_sheet_writer *w);

#endif
