/* oneroster_csv.h — what the OneRoster reader's files share (src/sheet
 * only). */
#ifndef ROSTER_SHEET_ONEROSTER_CSV_H
#define ROSTER_SHEET_ONEROSTER_CSV_H

#include <roster/sheet.h>

#include <stdbool.h>
#include <stddef.h>

/* oneroster_csv.c: one CSV file of a bundle, read whole. */
struct or_csv {
	const char *name;       /* for messages: "users.csv" */
	char *buf;
	size_t len, pos;
	bool cp1252;            /* not UTF-8: read as Windows-1252 */
	char **cells;
	size_t ncells, cap;
	ro_sheet_row row;
};
int or_csv_open(struct or_csv *f, const char *path, const char *name);
/* 1 and *row (valid until the next call); 0 at the end; RO_EFORMAT. */
int or_csv_next(struct or_csv *f, const ro_sheet_row **row);
void or_csv_close(struct or_csv *f);

#endif
