/* bench/csv2xlsx.c — the same rows as XLSX: reads an upload CSV with the
 * engine's sheet reader and writes it with the engine's XLSX writer (ID and
 * Username as text, as Export for Upload writes them), so that the XLSX
 * trial run reads exactly the rows of the CSV one.
 *
 *   usage: csv2xlsx IN.csv OUT.xlsx */
#include <roster/error.h>
#include <roster/plan.h>
#include <roster/sheet.h>

#include <stdio.h>

int main(int argc, char **argv)
{
	ro_sheet_reader *r;
	ro_sheet_writer *w;
	ro_sheet_col cols[RO_UPLOAD_COLUMNS];
	const char *const *headers = ro_upload_headers();
	const ro_sheet_row *row;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: csv2xlsx IN.csv OUT.xlsx\n");
		return 2;
	}
	for (int i = 0; i < RO_UPLOAD_COLUMNS; i++) {
		cols[i].header = headers[i];
		cols[i].text = i != 5;   /* Graduation Year is a number */
		cols[i].width = 0;
	}
	if (ro_sheet_reader_open(&r, argv[1], RO_SHEET_CSV) ||
	    ro_sheet_writer_open(&w, argv[2], RO_SHEET_XLSX, cols,
	    RO_UPLOAD_COLUMNS)) {
		fprintf(stderr, "csv2xlsx: %s\n", ro_error_last());
		return 1;
	}
	/* The header was written by the writer: skip the file's. */
	if ((rc = ro_sheet_reader_next(r, &row)) == 1)
		while ((rc = ro_sheet_reader_next(r, &row)) == 1) {
			const char *cells[RO_UPLOAD_COLUMNS] = { 0 };
			for (size_t i = 0; i < row->ncells &&
			    i < RO_UPLOAD_COLUMNS; i++)
				cells[i] = row->cells[i];
			if ((rc = ro_sheet_writer_row(w, cells)) < 0)
				break;
		}
	if (rc < 0) {
		fprintf(stderr, "csv2xlsx: %s\n", ro_error_last());
		ro_sheet_writer_free(w);
		ro_sheet_reader_free(r);
		return 1;
	}
	ro_sheet_reader_free(r);
	if (ro_sheet_writer_close(w)) {
		fprintf(stderr, "csv2xlsx: %s\n", ro_error_last());
		return 1;
	}
	return 0;
}
