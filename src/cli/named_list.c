/* named_list.c — what site list and group list share: the named things
 * of a list with their portfolio counts, as a table or JSON. */
#include "cli_int.h"

#include <roster/account.h>

struct named_list {
	int (*get)(ro_named_list **out, ro_session *s);
	const char *what;
};

static void print_named(const ro_named_list *l, int fmt, const char *what)
{
	if (fmt == FMT_JSON) {
		printf("[");
		for (size_t i = 0; i < l->n; i++) {
			const ro_named *n = &l->items[i];
			fputs(i ? ", " : "", stdout);
			OUT_JSON_OBJECT(stdout, JSON_INT("id", n->id),
			    JSON_STR("name", n->name),
			    JSON_INT("portfolios", (long long)n->count));
		}
		printf("]\n");
		return;
	}
	printf("%-6s  %-32s  %s\n", "ID", what, "Portfolios");
	for (size_t i = 0; i < l->n; i++) {
		printf("%-6lld  ", (long long)l->items[i].id);
		out_cell(stdout, l->items[i].name, 32);
		printf("  %zu\n", l->items[i].count);
	}
}

static int list(cli_args *a, ro_session *s, int fmt, const void *ctx)
{
	const struct named_list *nl = ctx;
	ro_named_list *l = NULL;
	int rc = nl->get(&l, s);

	if (!rc)
		print_named(l, fmt, nl->what);
	ro_named_list_free(l);
	return rc;
}

int cli_named_list_run(cli_args *a,
    int (*get)(ro_named_list **out, ro_session *s), const char *what)
{
	struct named_list nl = { get, what };

	return cli_session_run(a, "table,json", list, &nl);
}
