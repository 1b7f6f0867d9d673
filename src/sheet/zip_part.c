/* zip_part.c — reading one member of an XLSX archive without trusting its
 * headers: the inflated bytes are counted as they come, and a member that
 * grows past 1 GiB, or past 1000 times its compressed size once over
 * 10 MiB, is refused as a zip bomb before it costs more. */
#include "xlsx_int.h"

#include <roster/error.h>

bool sheet_zpart_exists(zip_t *za, const char *name)
{
	return zip_name_locate(za, name, ZIP_FL_NOCASE) >= 0;
}

int sheet_zpart_open(struct sheet_zpart *zp, zip_t *za, const char *name)
{
	zip_stat_t st;
	zip_int64_t idx;

	zp->zf = NULL;
	zp->name = name;
	zp->total = 0;
	zp->comp = 0;
	/* OPC part names are case-insensitive. */
	idx = zip_name_locate(za, name, ZIP_FL_NOCASE);
	if (idx < 0)
		return ro_error_set(RO_ENOTFOUND, "%s is missing from the "
		    "archive", name);
	zip_stat_init(&st);
	if (zip_stat_index(za, (zip_uint64_t)idx, 0, &st) == 0 &&
	    (st.valid & ZIP_STAT_COMP_SIZE))
		zp->comp = st.comp_size;
	zp->zf = zip_fopen_index(za, (zip_uint64_t)idx, 0);
	if (!zp->zf) {
		zip_error_t *e = zip_get_error(za);

		if (zip_error_code_zip(e) == ZIP_ER_NOPASSWD ||
		    zip_error_code_zip(e) == ZIP_ER_WRONGPASSWD)
			return ro_error_set(RO_EFORMAT, "%s: encrypted in the "
			    "zip archive", name);
		return ro_error_set(RO_EFORMAT, "%s: cannot be read: %s", name,
		    zip_error_strerror(e));
	}
	return 0;
}

long sheet_zpart_read(struct sheet_zpart *zp, void *buf, size_t n)
{
	zip_int64_t k = zip_fread(zp->zf, buf, n);
	uint64_t comp = zp->comp ? zp->comp : 1;

	if (k < 0) {
		zip_error_t *e = zip_file_get_error(zp->zf);

		if (zip_error_code_zip(e) == ZIP_ER_CRC)
			return ro_error_set(RO_EFORMAT, "%s: damaged (CRC "
			    "error)", zp->name);
		return ro_error_set(RO_EFORMAT, "%s: damaged: %s", zp->name,
		    zip_error_strerror(e));
	}
	zp->total += (uint64_t)k;
	if (zp->total > RO_SHEET_MAX_PART_BYTES)
		return ro_error_set(RO_EFORMAT, "%s: more than 1 GiB "
		    "uncompressed", zp->name);
	if (zp->total > RO_SHEET_RATIO_FLOOR &&
	    zp->total / comp > RO_SHEET_MAX_RATIO)
		return ro_error_set(RO_EFORMAT, "%s: compressed more than "
		    "%d to 1: looks like a zip bomb", zp->name,
		    RO_SHEET_MAX_RATIO);
	return (long)k;
}

void sheet_zpart_close(struct sheet_zpart *zp)
{
	if (zp->zf)
		zip_fclose(zp->zf);
	zp->zf = NULL;
}
