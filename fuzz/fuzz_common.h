/* fuzz_common.h — what both harnesses share: the input goes to a file
 * (the readers take paths), then every row is read. */
#ifndef ROSTER_FUZZ_COMMON_H
#define ROSTER_FUZZ_COMMON_H

#include <roster/error.h>
#include <roster/sheet.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char fuzz_path[64];

/* A private file, in memory where the system allows. */
static void fuzz_make_path(const char *ext)
{
	const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	int fd;

	snprintf(fuzz_path, sizeof fuzz_path, "%s/roster-fuzz-XXXXXX%s", dir,
	    ext);
	fd = mkstemps(fuzz_path, (int)strlen(ext));
	if (fd < 0)
		abort();
	close(fd);
}

static void fuzz_write(const uint8_t *data, size_t size)
{
	FILE *f = fopen(fuzz_path, "wb");

	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
}

/* Reads every row, touching every byte of every cell, so that ASan sees
 * a cell that is too short or not NUL-terminated. */
static void fuzz_read_all(ro_sheet_format format)
{
	ro_sheet_reader *r;
	const ro_sheet_row *row;
	size_t last = 0;
	int rc;

	if (ro_sheet_reader_open(&r, fuzz_path, format) < 0)
		return;
	while ((rc = ro_sheet_reader_next(r, &row)) > 0) {
		volatile size_t sum = 0;

		if (row->number <= last)
			abort();      /* rows must come in order */
		last = row->number;
		for (size_t i = 0; i < row->ncells; i++)
			sum += strlen(row->cells[i]);
		(void)sum;
	}
	if (rc < 0 && rc != RO_EFORMAT && rc != RO_EIO)
		abort();      /* only damage may stop a reader */
	(void)ro_sheet_reader_was_cp1252(r);
	ro_sheet_reader_free(r);
}

#endif
