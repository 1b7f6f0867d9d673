/* reader_int.h — the OneRoster reader's state, shared by the reader
 * (oneroster_reader.c: the bundle, users.csv) and the side files it reads
 * first (oneroster_files.c: manifest, orgs, classes, enrollments, roles).
 * src/sheet only. */
#ifndef ROSTER_SHEET_READER_INT_H
#define ROSTER_SHEET_READER_INT_H

#include <roster/bundle.h>

#include "bundle_int.h"


enum { U_SID, U_STATUS, U_ENABLED, U_ORGS, U_ROLE, U_USER, U_GIVEN,
	U_FAMILY, U_EMAIL, U_GRADES, U_PW, U_YEAR, U_PRIMARY_ORG, U_USER_IDS,
	U__N };


struct role_set {
	char *role;
	bool primary;
	char **orgs;
	size_t norgs;
};

struct ro_or_reader {
	char *dir;               /* where the CSV files are */
	struct or_zip zip;       /* a zip's .csv members, in memory */
	int version;
	bool has_groups, cp1252;
	char *source;
	char **org_ids, **org_names;
	size_t norgs;
	char **class_titles;     /* by class index */
	size_t nclasses;
	struct smap class_by_id;
	struct smap group_of;    /* userSourcedId → class index */
	struct smap role_of;     /* 1.2: userSourcedId → roles index */
	struct role_set *roles;
	size_t nroles;
	struct smap manifest;    /* "file.users" → mode index */
	char **modes;
	size_t nmodes;
	struct or_csv users;
	size_t ucol[U__N];
	const char **orgv;
	size_t orgcap;
	char *orgbuf;
	ro_or_user u;
};

/* The file is there (a folder's regular file, a zip's member). */
bool or_exists(const ro_or_reader *r, const char *name);
/* The file is to be read: present, and not marked absent. */
bool or_wanted(const ro_or_reader *r, const char *file);
/* Opens file and finds the columns named in cols (idx[i] = SIZE_MAX when
 * absent); the first nreq are required. */
int or_open_csv(ro_or_reader *r, const char *file, struct or_csv *rd,
    const char *const *cols, size_t ncols, size_t nreq, size_t *idx);
/* Cell i of row, "" when absent. */
const char *or_cell(const ro_sheet_row *row, size_t i);

/* oneroster_files.c */
int or_read_manifest(ro_or_reader *r);
int or_read_orgs(ro_or_reader *r);
int or_read_classes(ro_or_reader *r, const char *pattern);
int or_read_roles(ro_or_reader *r);

#endif
