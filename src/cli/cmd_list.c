/* cmd_list.c — roster list MODE: portfolios by search mode, keyset pages. */
#include "cli_int.h"

#include <roster/error.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const cli_option options[] = {
	CLI_SELECTION_OPTIONS,
	{ "format", CLI_REQ, "--format table|csv|json  output format" },
	CLI_PAGE_OPTIONS,
	{ NULL, CLI_NONE, NULL },
};

static const char *flags_of(const ro_portfolio *p, char buf[32])
{
	buf[0] = '\0';
	if (p->sso)
		strcat(buf, "sso ");
	if (p->temp_password)
		strcat(buf, "temp ");
	if (!p->active)
		strcat(buf, "inactive ");
	/* Delayed after failed sign-ins (roster unlock clears it). */
	if (p->locked_until > (int64_t)time(NULL))
		strcat(buf, "locked ");
	size_t n = strlen(buf);
	if (n)
		buf[n - 1] = '\0';
	return buf;
}

static void row_table(const ro_portfolio *p)
{
	char year[8] = "", fl[32];

	if (p->grad_year)
		snprintf(year, sizeof year, "%d", p->grad_year);
	printf("%-7lld ", (long long)p->id);
	out_cell(stdout, p->last, 16);
	putchar(' ');
	out_cell(stdout, p->first, 12);
	putchar(' ');
	out_cell(stdout, p->username, 18);
	printf(" %-4s ", year);
	out_cell(stdout, p->group_name, 12);
	printf(" %s\n", flags_of(p, fl));
}

static void row_csv(const ro_portfolio *p)
{
	char year[8] = "", fl[32];

	if (p->grad_year)
		snprintf(year, sizeof year, "%d", p->grad_year);
	printf("%lld,", (long long)p->id);
	out_csv_cell(stdout, p->last);
	putchar(',');
	out_csv_cell(stdout, p->first);
	putchar(',');
	out_csv_cell(stdout, p->username);
	printf(",%s,", year);
	out_csv_cell(stdout, p->group_name);
	printf(",%s,%s,%s\r\n", ro_account_type_name(p->type),
	    ro_sso_name(p->sso), flags_of(p, fl));
}

static void row_json(const ro_portfolio *p, bool first_row)
{
	char until[24] = "";

	if (p->locked_until > (int64_t)time(NULL)) {
		time_t t = (time_t)p->locked_until;
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(until, sizeof until, "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	if (!first_row)
		fputs(",\n  ", stdout);
	OUT_JSON_OBJECT(stdout, JSON_INT("id", p->id),
	    JSON_STR("last", p->last), JSON_STR("first", p->first),
	    JSON_STR("username", p->username),
	    JSON_ID("grad_year", p->grad_year),
	    JSON_STR("group", p->group_name), JSON_STR("email", p->email),
	    JSON_STR("type", ro_account_type_name(p->type)),
	    JSON_STR("sso", p->sso ? ro_sso_name(p->sso) : NULL),
	    JSON_BOOL("active", p->active),
	    JSON_BOOL("temporary_password", p->temp_password),
	    JSON_STR("locked_until", *until ? until : NULL));
}

static int run(cli_args *a)
{
	int fmt = cli_format(a, "table,csv,json");
	ro_selection sel;
	int64_t *ids = NULL;
	ro_cursor cur = { 0 };
	ro_db *db = NULL;
	ro_session *s = NULL;
	size_t limit = 0, printed = 0;
	int64_t after = 0;
	bool have_cursor = false, more = false;
	int st, rc = 0;

	if (fmt < 0)
		return 2;
	if ((st = cli_selection(a, &sel, &ids)))
		return st;
	if ((st = cli_page_options(a, &limit, &after))) {
		free(ids);
		return st;
	}
	if ((st = cli_open_session(a, &db, &s)))
		goto out;
	if (after) {
		if ((rc = ro_cursor_from_id(&cur, s, after)))
			goto out;
		have_cursor = true;
	}
	if ((rc = ro_selection_check(s, &sel)))
		goto out;
	if (fmt == FMT_TABLE)
		printf("%-7s %-16s %-12s %-18s %-4s %-12s %s\n", "ID",
		    "Last Name", "First Name", "Username", "Year", "Group",
		    "Flags");
	else if (fmt == FMT_CSV)
		printf("ID,Last Name,First Name,Username,Graduation Year,Group,"
		    "Account Type,SSO,Flags\r\n");
	else {
		out_json_site_list(stdout, ro_session_site_name(s), "rows");
	}
	/* Without --limit everything is printed, a chunk at a time, so that
	 * memory stays flat however large the list. */
	for (;;) {
		size_t want = limit ? limit - printed : 1000;
		ro_portfolio_list *l;
		if (want > 1000)
			want = 1000;
		if ((rc = ro_list_page(&l, s, &sel, have_cursor ? &cur : NULL,
		    false, want)))
			break;
		for (size_t i = 0; i < l->n; i++) {
			if (fmt == FMT_TABLE)
				row_table(&l->items[i]);
			else if (fmt == FMT_CSV)
				row_csv(&l->items[i]);
			else
				row_json(&l->items[i], printed + i == 0);
		}
		printed += l->n;
		if (l->n) {
			ro_portfolio *last = &l->items[l->n - 1];
			ro_cursor_clear(&cur);
			cur.last = strdup(last->last);
			cur.first = strdup(last->first);
			cur.id = last->id;
			have_cursor = true;
		}
		more = l->more;
		ro_portfolio_list_free(l);
		if (!more || (limit && printed >= limit))
			break;
	}
	if (rc)
		goto out;
	if (fmt == FMT_JSON) {
		printf("],\n \"count\": %zu, \"next\": ", printed);
		if (more && have_cursor)
			printf("\"%lld\"}\n", (long long)cur.id);
		else
			printf("null}\n");
	} else if (more && have_cursor) {
		fprintf(stderr, "next: --after %lld\n", (long long)cur.id);
	}
out:
	if (rc)
		st = cli_engine_fail(rc);
	ro_cursor_clear(&cur);
	free(ids);
	ro_session_free(s);
	ro_db_close(db);
	return st;
}

const cli_command cmd_list = {
	"list", run,
	"list --last-name PREFIX|--group NAME|--grad-year YEAR|--all "
	"[--inactive] [--only IDS] [--format table|csv|json] [--limit N "
	"[--after CURSOR]]",
	"list portfolios by search mode", options, 0, 0, true,
};
