/* cmd_status_codes.c — roster status-codes: SPEC's tables. */
#include "cli_int.h"

#include <roster/status.h>

static const cli_option options[] = {
	{ "format", CLI_REQ, "--format table|json   output format" },
	{ NULL, CLI_NONE, NULL },
};

static int run(cli_args *a)
{
	int fmt = cli_format(a, "table,json");
	size_t n;
	const ro_status_info *t = ro_status_table(&n);

	if (fmt < 0)
		return 2;
	if (fmt == FMT_JSON) {
		printf("[");
		for (size_t i = 0; i < n; i++) {
			printf("%s{\"code\": \"%s\", \"kind\": \"%s\", "
			    "\"meaning\": ", i ? ",\n " : "", t[i].code,
			    ro_status_kind_name(t[i].kind));
			out_json_string(stdout, t[i].meaning);
			printf("}");
		}
		printf("]\n");
		return 0;
	}
	printf("%-5s %-8s %s\n", "Code", "Kind", "Meaning");
	for (size_t i = 0; i < n; i++)
		printf("%-5s %-8s %s\n", t[i].code,
		    ro_status_kind_name(t[i].kind), t[i].meaning);
	return 0;
}

const cli_command cmd_status_codes = {
	"status-codes", run, "status-codes [--format table|json]",
	"print the status codes of a trial run", options, 0, 0, false,
};
