/* fuzz_oneroster.c — libFuzzer harness for the OneRoster bundle's CSV
 * splitter (src/sheet/oneroster_csv.c), which reads users.csv,
 * enrollments.csv and the rest of a bundle (fuzz/build.sh). */
#include <roster/sheet.h>

#include "bundle_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct or_csv f;
	const ro_sheet_row *row;
	char *text = malloc(size + 1);
	size_t total = 0;

	if (!text)
		return 0;
	memcpy(text, data, size);
	if (or_csv_open_mem(&f, text, size, "fuzz.csv") != 0)
		return 0;
	while (or_csv_next(&f, &row) == 1)
		for (size_t i = 0; i < row->ncells; i++)
			total += strlen(row->cells[i]);
	or_csv_close(&f);
	/* The cells are the file's bytes, unescaped: never more of them
	 * than the text holds (three bytes a character for Windows-1252). */
	if (total > 3 * size)
		abort();
	return 0;
}
