/* bundle_int.h — what the OneRoster reader's files share (src/sheet
 * only). */
#ifndef ROSTER_SHEET_BUNDLE_INT_H
#define ROSTER_SHEET_BUNDLE_INT_H

#include <roster/sheet.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
/* The same from text already in memory (malloc'd, len + 1 bytes: the
 * reader takes it and writes a NUL at len). */
int or_csv_open_mem(struct or_csv *f, char *text, size_t len,
    const char *name);
/* 1 and *row (valid until the next call); 0 at the end; RO_EFORMAT. */
int or_csv_next(struct or_csv *f, const ro_sheet_row **row);
void or_csv_close(struct or_csv *f);

/* oneroster_map.c: a string → index map (open addressing, FNV-1a, the
 * hashes compared before the strings, the keys copied into blocks). */
struct slot {
	uint64_t h;              /* 0: empty */
	const char *key;
	size_t val;
};
struct smap {
	struct slot *v;
	size_t mask, n;
	char *pool;              /* the keys, carved from blocks */
	size_t pool_left;
	char **blocks;
	size_t nblocks;
};
/* SIZE_MAX when absent. */
size_t smap_get(const struct smap *m, const char *key);
/* Adds key (copied) unless present: 0; 1 when it was there; -1 no memory. */
int smap_put(struct smap *m, const char *key, size_t val);
void smap_free(struct smap *m);

/* oneroster_zip.c: a zip archive's .csv members (by name, folders
 * ignored), each inflated into memory when it is read (or_zip_load): a
 * file the reader does not need (demographics.csv, …) costs nothing. */
struct or_member {
	char *name;
	uint64_t index;         /* in the archive */
	char *text;             /* after or_zip_load; NULL once an or_csv
	                         * took it */
	size_t len;
	bool loaded;
};
struct or_zip {
	struct or_member *m;
	size_t n;
	void *za;               /* the open archive (zip_t) */
	char *path;             /* for messages */
};
int or_zip_read(struct or_zip *z, const char *path);
struct or_member *or_zip_find(const struct or_zip *z, const char *name);
/* Inflates m (once) into m->text, m->len. */
int or_zip_load(struct or_zip *z, struct or_member *m);
void or_zip_free(struct or_zip *z);

#endif
