/* oneroster_zip.c — a OneRoster bundle packed as a zip: its .csv members
 * inflated into memory (no temporary files) when the reader opens them,
 * by name, folders inside the archive ignored (some systems pack the
 * files under a folder).  A member is read no further than
 * RO_SHEET_MAX_PART_BYTES, whatever its header claims; the same name
 * twice is refused.  The size the header states is allocated once: the
 * end is found by a read of one byte more, never by doubling an 18 MB
 * buffer to learn that nothing follows. */
#include "sheet_int.h"
#include "bundle_int.h"

#include <roster/error.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

static int read_member(struct or_member *m, zip_t *za, zip_uint64_t i,
    const char *path, const char *name)
{
	zip_stat_t st;
	zip_file_t *zf;
	size_t cap, len = 0;
	zip_int64_t k;

	zip_stat_init(&st);
	cap = zip_stat_index(za, i, 0, &st) == 0 &&
	    (st.valid & ZIP_STAT_SIZE) && st.size < RO_SHEET_MAX_PART_BYTES ?
	    (size_t)st.size + 1 : 65536;
	if (!(m->text = malloc(cap)))
		return RO_ENOMEM;
	if (!(zf = zip_fopen_index(za, i, 0)))
		return ro_error_set(RO_EFORMAT, "%s: cannot read %s", path, name);
	for (;;) {
		if (len + 1 >= cap) {
			char *t, c;

			/* The stated size, read: is there more? */
			if ((k = zip_fread(zf, &c, 1)) == 0)
				break;
			if (k < 0) {
				zip_fclose(zf);
				return ro_error_set(RO_EFORMAT, "%s: %s is "
				    "damaged", path, name);
			}
			if (cap > RO_SHEET_MAX_PART_BYTES) {
				zip_fclose(zf);
				return ro_error_set(RO_EFORMAT, "%s: %s is larger "
				    "than %llu bytes", path, name,
				    (unsigned long long)RO_SHEET_MAX_PART_BYTES);
			}
			if (!(t = realloc(m->text, cap * 2))) {
				zip_fclose(zf);
				return RO_ENOMEM;
			}
			m->text = t;
			cap *= 2;
			m->text[len++] = c;
		}
		k = zip_fread(zf, m->text + len, cap - 1 - len);
		if (k < 0) {
			zip_fclose(zf);
			return ro_error_set(RO_EFORMAT, "%s: %s is damaged", path,
			    name);
		}
		if (k == 0)
			break;
		len += (size_t)k;
	}
	zip_fclose(zf);
	m->len = len;
	return 0;
}

int or_zip_read(struct or_zip *z, const char *path)
{
	zip_int64_t n;
	zip_t *za;
	int ze, rc = 0;

	memset(z, 0, sizeof *z);
	if (!(za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &ze)))
		return ro_error_set(RO_EFORMAT, "%s: not a zip archive we can "
		    "read", path);
	n = zip_get_num_entries(za, 0);
	for (zip_int64_t i = 0; i < n && !rc; i++) {
		const char *name = zip_get_name(za, (zip_uint64_t)i, 0);
		const char *base = name ? strrchr(name, '/') : NULL;
		struct or_member *m;

		base = base ? base + 1 : name;
		if (!base || strlen(base) < 5 || *base == '.' ||
		    strcasecmp(base + strlen(base) - 4, ".csv") != 0)
			continue;
		if (or_zip_find(z, base)) {
			rc = ro_error_set(RO_EFORMAT, "%s: %s is in the archive "
			    "twice", path, base);
			break;
		}
		if (!(m = realloc(z->m, (z->n + 1) * sizeof *m))) {
			rc = RO_ENOMEM;
			break;
		}
		z->m = m;
		m = &z->m[z->n++];
		memset(m, 0, sizeof *m);
		m->index = (uint64_t)i;
		if (!(m->name = strdup(base)))
			rc = RO_ENOMEM;
	}
	z->za = za;
	if (!rc && !(z->path = strdup(path)))
		rc = RO_ENOMEM;
	if (rc)
		or_zip_free(z);
	return rc;
}

int or_zip_load(struct or_zip *z, struct or_member *m)
{
	int rc;

	if (m->loaded)
		return 0;
	if ((rc = read_member(m, z->za, m->index, z->path, m->name))) {
		free(m->text);
		m->text = NULL;
		return rc;
	}
	m->loaded = true;
	return 0;
}

struct or_member *or_zip_find(const struct or_zip *z, const char *name)
{
	for (size_t i = 0; i < z->n; i++)
		if (strcmp(z->m[i].name, name) == 0)
			return &z->m[i];
	return NULL;
}

void or_zip_free(struct or_zip *z)
{
	for (size_t i = 0; i < z->n; i++) {
		free(z->m[i].name);
		free(z->m[i].text);
	}
	free(z->m);
	if (z->za)
		zip_discard(z->za);
	free(z->path);
	memset(z, 0, sizeof *z);
}
