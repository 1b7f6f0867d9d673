/* fuzz_plan.c — libFuzzer harness for the whole trial run of an upload
 * file (fuzz/build.sh): reader, header check, typed records, rules, the
 * diff against the store and the plan, as CSV and as XLSX.
 *
 * LLVMFuzzerInitialize makes one small database in a private folder (the
 * demo site: 60 portfolios, groups, SSO-linked and inactive ones, cheap
 * hashing), so that the ids and usernames of tests/data/upload's files
 * exist.  Each input is written as a CSV file and as an XLSX file (as is
 * when it starts with "PK", else packed as the worksheet XML, see
 * fuzz_xlsx_pack.h), each is trial-run, and the plan is checked for the
 * shape plan.h promises. */
#include "fuzz_plan_check.h"
#include "fuzz_xlsx_pack.h"

#include <roster/account.h>
#include <roster/db.h>
#include <roster/error.h>
#include <roster/hash.h>
#include <roster/plan.h>

#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];
static char csv_path[96], xlsx_path[96];
static ro_db *db;
static ro_session *session;

static int rm_one(const char *p, const struct stat *sb, int flag,
    struct FTW *ftw)
{
	(void)sb; (void)flag; (void)ftw;
	return remove(p);
}

static void cleanup(void)
{
	ro_session_free(session);
	ro_db_close(db);
	if (dir[0])
		nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	ro_hash_params tp = ro_hash_params_test();
	const ro_demo_signin *si;
	size_t nsi;
	char dbpath[128];
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";

	(void)argc; (void)argv;
	snprintf(dir, sizeof dir, "%s/roster-fuzz-plan-XXXXXX", base);
	if (!mkdtemp(dir))
		abort();
	atexit(cleanup);
	snprintf(dbpath, sizeof dbpath, "%s/roster.db", dir);
	snprintf(csv_path, sizeof csv_path, "%s/in.csv", dir);
	snprintf(xlsx_path, sizeof xlsx_path, "%s/in.xlsx", dir);
	if (ro_init(dbpath, "district1", "District1pw", &tp) != 0 ||
	    ro_db_open(&db, dbpath) != 0 ||
	    ro_demo_create(db, 60, &si, &nsi) != 0 ||
	    ro_session_open(&session, db, "demo.admin", "DemoAdmin1",
	    NULL) != 0) {
		fprintf(stderr, "fuzz_plan: setup: %s\n", ro_error_last());
		abort();
	}
	return 0;
}

static void trial(const char *path, ro_sheet_format format)
{
	ro_plan *p = NULL;
	int rc = ro_plan_trial_run(&p, session, path, format);

	if (rc == 0) {
		const char *why = p ? fuzz_plan_check(p) : "no plan";

		if (why) {
			fprintf(stderr, "fuzz_plan: %s\n", why);
			abort();
		}
	} else if (rc != RO_EFORMAT && rc != RO_EIO) {
		fprintf(stderr, "fuzz_plan: %d %s\n", rc, ro_error_last());
		abort();      /* only a damaged file may stop a trial run */
	}
	ro_plan_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fopen(csv_path, "wb");

	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	trial(csv_path, RO_SHEET_CSV);
	fuzz_xlsx_write(xlsx_path, data, size);
	trial(xlsx_path, RO_SHEET_XLSX);
	return 0;
}
