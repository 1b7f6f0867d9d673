/* cellref.c — spreadsheet cell references ("C5"), for the XLSX reader and
 * for messages that name a cell the way the admin sees it. */
#include "sheet_int.h"

#include <stdio.h>

void ro_sheet_col_name(char out[4], size_t col)
{
	char tmp[4];
	size_t n = 0, i;

	if (col == 0 || col > SHEET_MAX_COLUMN) {
		out[0] = '?';
		out[1] = '\0';
		return;
	}
	while (col > 0 && n < 3) {
		col--;
		tmp[n++] = (char)('A' + col % 26);
		col /= 26;
	}
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

const char *sheet_cell_name(char out[32], size_t col, size_t row)
{
	char c[4];

	ro_sheet_col_name(c, col);
	snprintf(out, 32, "cell %s%zu", c, row);
	return out;
}

int sheet_cellref_parse(const char *s, size_t *col, size_t *row)
{
	size_t c = 0, r = 0, i = 0;

	while (s[i] >= 'A' && s[i] <= 'Z') {
		c = c * 26 + (size_t)(s[i] - 'A' + 1);
		if (++i > 3 || c > SHEET_MAX_COLUMN)
			return -1;
	}
	if (i == 0)
		return -1;
	if (s[i] == '0')
		return -1;
	while (s[i] >= '0' && s[i] <= '9') {
		r = r * 10 + (size_t)(s[i] - '0');
		if (r > RO_SHEET_MAX_ROWS)
			return -1;
		i++;
	}
	if (s[i] != '\0')
		return -1;
	*col = c;
	*row = r;
	return 0;
}
