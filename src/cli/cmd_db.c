/* cmd_db.c — roster db copy FROM TO: a whole database into a new one,
 * SQLite file or PostgreSQL database, verified table by table. */
#include "cli_int.h"

#include <roster/db.h>
#include <roster/error.h>

#include <inttypes.h>
#include <stdio.h>

static int copy_run(cli_args *a)
{
	const ro_db_copy_table *t;
	size_t n;
	int rc = ro_db_copy(a->pos[0], a->pos[1], &t, &n);

	if (rc)
		return cli_engine_fail(rc);
	for (size_t i = 0; i < n; i++)
		printf("  %-18s %9zu rows  checksum %016" PRIx64 "\n",
		    t[i].name, t[i].rows, t[i].checksum);
	printf("Copied %s to %s; every table read back and verified.\n",
	    a->pos[0], a->pos[1]);
	return 0;
}

const cli_command cmd_db_copy = {
	"db copy", copy_run, "db copy FROM TO",
	"copy a whole database into a new one (file or PostgreSQL)", NULL, 2,
	2, false,
};
