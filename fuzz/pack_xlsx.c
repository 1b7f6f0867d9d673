/* pack_xlsx.c — turns an input of the XLSX harnesses into the .xlsx file
 * they read, for keeping a crasher in tests/data/fuzz-regress/:
 *
 *   build/fuzz/pack_xlsx build/fuzz/xlsx-crash-… tests/data/fuzz-regress/x.xlsx
 */
#include "fuzz_xlsx_pack.h"

int main(int argc, char **argv)
{
	FILE *f;
	uint8_t *data;
	long n;

	if (argc != 3) {
		fprintf(stderr, "usage: pack_xlsx INPUT OUTPUT.xlsx\n");
		return 2;
	}
	if (!(f = fopen(argv[1], "rb")) || fseek(f, 0, SEEK_END) ||
	    (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) ||
	    !(data = malloc((size_t)n + 1)) ||
	    fread(data, 1, (size_t)n, f) != (size_t)n) {
		perror(argv[1]);
		return 1;
	}
	fclose(f);
	remove(argv[2]);
	fuzz_xlsx_write(argv[2], data, (size_t)n);
	free(data);
	return 0;
}
