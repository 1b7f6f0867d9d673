/* fuzz_xlsx.c — libFuzzer harness for the XLSX reader (fuzz/build.sh).
 *
 * An input that starts with "PK" is read as the file itself; any other is
 * the XML inside one (see fuzz_xlsx_pack.h). */
#include "fuzz_common.h"
#include "fuzz_xlsx_pack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!fuzz_path[0])
		fuzz_make_path(".xlsx");
	fuzz_xlsx_write(fuzz_path, data, size);
	fuzz_read_all(RO_SHEET_XLSX);
	return 0;
}
