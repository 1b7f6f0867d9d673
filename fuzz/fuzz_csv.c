/* fuzz_csv.c — libFuzzer harness for the CSV reader (fuzz/build.sh). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!fuzz_path[0])
		fuzz_make_path(".csv");
	fuzz_write(data, size);
	fuzz_read_all(RO_SHEET_CSV);
	fuzz_read_all(RO_SHEET_AUTO);
	return 0;
}
